"""``present``: an SD-JWT with only the chosen disclosures and a fresh Key
Binding JWT, and ``verify`` of an SD-JWT's further issuer signatures and of a
holder key named by thumbprint. Two run as a shell runs them; the others call
the command's entry point (quicker)."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from cli_in_process import run_main as cli
from cli_process import run_cli

from jwtinspector.core import keygen
from jwtinspector.core.keys import public_of, to_jwk
from jwtinspector.core.keys.material import to_private_pem
from jwtinspector.core.sdjwt import read_sd_jwt
from jwtinspector.core.sdjwt.craft import make_sd_jwt
from jwtinspector.core.sdjwt.keybinding import KeyBindingOptions, check_key_binding

RFC = json.loads(
    (Path(__file__).parent / "data" / "rfc9901_examples.json").read_text("utf-8")
)
PRESENTATION = RFC["section_5_2_presentation"]
VERIFIER = "https://verifier.example.org"


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def holder_bound(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An SD-JWT bound to a holder key (cnf.jwk), its nested claims
    disclosable, and the holder's and the issuer's key files."""
    folder = tmp_path_factory.mktemp("present")
    issuer, holder = keygen.generate_ec("P-256"), keygen.generate_ec("P-256")
    claims = {
        "iss": "https://issuer.example",
        "email": "a@example.com",
        "address": {"region": "Sachsen", "country": "DE"},
        "cnf": {"jwk": to_jwk(public_of(holder))},
    }
    issued = make_sd_jwt(
        {"alg": "ES256"},
        claims,
        issuer,
        disclosable=["email", "address", "address.region"],
    )
    holder_file = folder / "holder.pem"
    holder_file.write_text(to_private_pem(holder), "utf-8")
    other_file = folder / "other.pem"
    other_file.write_text(to_private_pem(keygen.generate_ec("P-256")), "utf-8")
    return {"text": issued.text, "holder": str(holder_file), "other": str(other_file)}


def test_present_keeps_only_the_chosen_disclosures() -> None:
    result = run_cli("present", PRESENTATION, "--disclose", "given_name")

    assert result.returncode == 0, result.stderr
    parts = PRESENTATION.split("~")
    assert result.stdout.strip() == f"{parts[0]}~{parts[3]}~"
    # The KB-JWT covered the four disclosures: it is left out, and said so.
    assert "Key Binding JWT was left out" in result.stderr
    sd = read_sd_jwt(result.stdout)
    assert sd is not None
    assert sd.payload is not None
    assert sd.payload["given_name"] == "John"
    assert "family_name" not in sd.payload


def test_present_all_keeps_the_key_binding_jwt_that_covers_them(
    capsys, monkeypatch
) -> None:
    every = cli(capsys, monkeypatch, "present", "-", "--all", stdin=PRESENTATION)
    none = cli(capsys, monkeypatch, "present", PRESENTATION, "--none")

    assert every.returncode == 0
    assert every.stdout.strip() == PRESENTATION
    assert every.stderr == ""
    assert none.stdout.strip() == PRESENTATION.split("~")[0] + "~"


def test_a_nested_claim_brings_its_parent_and_a_fresh_kb_jwt(
    capsys,
    monkeypatch,
    holder_bound: dict[str, Any],
) -> None:
    result = cli(capsys, monkeypatch,
        "present", holder_bound["text"], "--disclose", "address.region",
        "--kb-key", holder_bound["holder"], "--aud", VERIFIER, "--nonce", "n-1",
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    sd = read_sd_jwt(result.stdout)
    assert sd is not None
    assert sd.payload is not None
    assert sd.payload["address"] == {"region": "Sachsen", "country": "DE"}
    assert "email" not in sd.payload
    assert [d.name for d in sd.disclosures] == ["address", "region"]
    report = check_key_binding(
        sd,
        now=time.time(),
        options=KeyBindingOptions(nonce="n-1", audience=(VERIFIER,)),
    )
    assert report.valid, report.message


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--disclose", "phone"), "--disclose phone: no disclosure of that claim"),
        (("--all", "--aud", VERIFIER), "--aud and --nonce go with --kb-key"),
        (("--all", "--kb-key", "k.pem"), "--kb-key needs --aud"),
        ((), "one of the arguments --disclose --all --none is required"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    capsys, monkeypatch, args: tuple[str, ...], says: str
) -> None:
    line = _one_line_error(cli(capsys, monkeypatch, "present", PRESENTATION, *args))
    assert says in line


def test_a_key_that_is_not_the_holder_key_is_refused(
    capsys,
    monkeypatch,
    holder_bound: dict[str, Any],
) -> None:
    result = cli(capsys, monkeypatch,
        "present", holder_bound["text"], "--all", "--kb-key",
        holder_bound["other"], "--aud", VERIFIER, "--nonce", "n",
    )  # fmt: skip

    assert "is not the holder key the SD-JWT's cnf names" in _one_line_error(result)


def test_a_plain_jwt_is_not_presented(capsys, monkeypatch) -> None:
    plain = PRESENTATION.split("~")[0]
    assert "this is not an SD-JWT" in _one_line_error(
        cli(capsys, monkeypatch, "present", plain, "--all")
    )


def test_the_json_serialization_is_presented_as_json(capsys, monkeypatch) -> None:
    text = json.dumps(RFC["section_8_2_flattened_presentation"], indent=2)
    disclosures = RFC["section_8_2_flattened_presentation"]["header"]["disclosures"]
    name = read_sd_jwt(text).disclosures[0].name  # type: ignore[union-attr]

    result = cli(capsys, monkeypatch, "present", "-", "--disclose", name, stdin=text)

    assert result.returncode == 0, result.stderr
    value = json.loads(result.stdout)
    assert value["header"]["disclosures"] == disclosures[:1]
    assert "kb_jwt" not in value["header"]
    assert value["signature"] == RFC["section_8_2_flattened_presentation"]["signature"]


def test_verify_checks_every_issuer_signature_of_the_general_form(
    capsys,
    monkeypatch,
    tmp_path: Path,
) -> None:
    key = tmp_path / "issuer.jwk"
    key.write_text(json.dumps(RFC["issuer_public_jwk"]), "utf-8")
    text = json.dumps(RFC["section_8_3_general_presentation"])

    result = cli(
        capsys, monkeypatch, "verify", "-", "--key", str(key), "--json", stdin=text
    )

    out = json.loads(result.stdout)
    signatures = out["sd_jwt"]["signatures"]
    assert [s["status"] for s in signatures["signatures"]] == ["valid", "invalid"]
    assert signatures["summary"] == "1 of 2 signatures verified (#1); invalid: #2."
    assert result.returncode == 1
    assert out["valid"] is False


def test_verify_uses_a_holder_key_named_by_its_thumbprint(tmp_path: Path) -> None:
    from jwtinspector.core.sdjwt.craft import present

    issuer, holder = keygen.generate_ec("P-256"), keygen.generate_ec("P-256")
    claims = {"a": 1, "cnf": {"jkt": holder.thumbprint}}
    issued = make_sd_jwt({"alg": "ES256"}, claims, issuer, disclosable=["a"])
    text = present(
        issued.text, holder_key=holder, nonce="n", audience=VERIFIER, now=time.time()
    )
    issuer_file = tmp_path / "issuer.jwk"
    issuer_file.write_text(json.dumps(to_jwk(public_of(issuer))), "utf-8")
    holder_file = tmp_path / "holder.jwk"
    holder_file.write_text(json.dumps(to_jwk(public_of(holder))), "utf-8")

    without = run_cli("verify", text, "--key", str(issuer_file))
    with_key = run_cli(
        "verify", text, "--key", str(issuer_file), "--holder-key", str(holder_file)
    )

    assert without.returncode == 1
    assert "without the holder key: cnf names jkt" in without.stdout
    assert with_key.returncode == 0, with_key.stdout
