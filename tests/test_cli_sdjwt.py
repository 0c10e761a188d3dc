"""``decode``, ``verify`` and ``encode`` with SD-JWTs (RFC 9901), run as a shell
runs them."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from cli_process import run_cli

from jwtinspector.core import keygen
from jwtinspector.core.keys import public_of, to_jwk
from jwtinspector.core.sdjwt.craft import make_sd_jwt, present

RFC = json.loads(
    (Path(__file__).parent / "data" / "rfc9901_examples.json").read_text("utf-8")
)
PRESENTATION = RFC["section_5_2_presentation"]
ISSUANCE = RFC["section_5_1_issuance"]
NONCE = "1234567890"
VERIFIER = "https://verifier.example.org"
SECRET = "k3Y-for-tests-only-0123456789abcdefghij"
OLD_KB = ("--kb-max-age", "1e10")  # the RFC's KB-JWT was made in 2025


@pytest.fixture(scope="module")
def issuer_key(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("keys") / "issuer.jwk"
    path.write_text(json.dumps(RFC["issuer_public_jwk"]), "utf-8")
    return str(path)


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _json(result: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(result.stdout)


def test_decode_lists_disclosures_and_the_disclosed_payload() -> None:
    result = run_cli("decode", PRESENTATION)

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "SD-JWT: 4 disclosures, _sd_alg sha-256, typ example+sd-jwt" in out
    assert '3. given_name = "John"' in out
    assert "digest jsu9yVulwQQlhFlM_3JlzMaSFzglhQG0DpfayQwLUK4  matched at $._sd" in out
    assert '4. (array element) = "US"' in out
    assert "Undisclosed digests: 6 (1 in $.nationalities, 5 in $)" in out
    assert '"typ": "kb+jwt"' in out


def test_decode_json_has_the_documented_sd_jwt_shape() -> None:
    result = run_cli("decode", "--json", PRESENTATION)

    sd = _json(result)["sd_jwt"]
    assert sd["disclosed_payload"] == RFC["section_5_2_verified_payload"]
    assert sd["undisclosed"] == {"$.nationalities": 1, "$": 5}
    assert sd["undisclosed_count"] == 6
    first = sd["disclosures"][0]
    assert first["name"] == "family_name"
    assert first["salt"] == "eluV5Og3gSNII8EYnsxA_A"
    assert first["matched"] == "$._sd"
    assert first["offset"] == PRESENTATION.index(first["disclosure"])
    assert sd["key_binding_jwt"]["payload"] == RFC["section_5_2_kb_payload"]
    assert sd["problems"] == []
    for word in ("disclosed_payload", "undisclosed_count", "key_binding_jwt"):
        assert word in run_cli("decode", "--help").stdout


def test_decode_reads_an_sd_jwt_inside_json_from_standard_input() -> None:
    result = run_cli("decode", "--json", stdin=json.dumps({"vp_token": PRESENTATION}))

    assert len(_json(result)["sd_jwt"]["disclosures"]) == 4


def test_verify_the_rfc_presentation_with_key_binding(issuer_key: str) -> None:
    result = run_cli(
        "verify", PRESENTATION, "--key", issuer_key,
        "--nonce", NONCE, "--kb-audience", VERIFIER, *OLD_KB,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Key Binding JWT signature verified with cnf.jwk." in result.stdout
    assert result.stdout.rstrip().endswith("SD-JWT valid.")


def test_verify_a_wrong_nonce_exits_1(issuer_key: str) -> None:
    result = run_cli(
        "verify", "--json", PRESENTATION, "--key", issuer_key,
        "--nonce", "replayed", *OLD_KB,
    )  # fmt: skip

    assert result.returncode == 1
    out = _json(result)
    assert out["valid"] is False
    checks = {c["claim"]: c["status"] for c in out["sd_jwt"]["key_binding"]["checks"]}
    assert checks["nonce"] == "failed"
    assert checks["sd_hash"] == "passed"


def test_verify_a_changed_disclosure_exits_1(issuer_key: str) -> None:
    parts = PRESENTATION.split("~")
    parts[1] = parts[3]  # given_name twice, family_name gone: sd_hash breaks too
    result = run_cli("verify", "~".join(parts), "--key", issuer_key, *OLD_KB)

    assert result.returncode == 1
    assert "problem: Disclosure 3 repeats disclosure 1" in result.stdout
    assert "BAD sd_hash" in result.stdout
    assert result.stdout.rstrip().endswith("SD-JWT invalid.")


def test_verify_requires_key_binding_when_asked(issuer_key: str) -> None:
    result = run_cli("verify", ISSUANCE, "--key", issuer_key, "--require-kb")

    assert result.returncode == 1
    assert "BAD kb: No Key Binding JWT was presented" in result.stdout


def test_verify_without_kb_options_accepts_an_sd_jwt_without_kb(
    issuer_key: str,
) -> None:
    result = run_cli("verify", ISSUANCE, "--key", issuer_key)

    assert result.returncode == 0, result.stdout
    assert "Key Binding JWT: none" in result.stdout


def test_kb_options_on_a_plain_jwt_are_a_usage_error(issuer_key: str) -> None:
    result = run_cli(
        "verify", ISSUANCE.split("~")[0], "--key", issuer_key, "--nonce", "n"
    )

    assert "apply to an SD-JWT" in _one_line_error(result)


def test_encode_sd_makes_an_sd_jwt_that_verifies() -> None:
    payload = {"sub": "u-1", "address": {"region": "North"}, "roles": ["a", "b"]}
    made = run_cli(
        "encode", "--payload", json.dumps(payload), "--alg", "HS256",
        "--secret", SECRET, "--sd", "address.region", "--sd", "roles[1]",
        "--sd-decoys", "2", "--header", '{"typ": "dc+sd-jwt"}',
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    assert token.count("~") == 3
    assert token.endswith("~")

    result = run_cli("verify", "--json", token, "--secret", SECRET)

    out = _json(result)
    assert result.returncode == 0, out
    assert out["sd_jwt"]["disclosed_payload"] == payload
    assert out["sd_jwt"]["undisclosed_count"] == 2
    assert out["sd_jwt"]["typ"] == "dc+sd-jwt"
    assert SECRET not in result.stdout + made.stdout


def test_encode_sd_of_a_missing_claim_exits_2() -> None:
    result = run_cli(
        "encode", "--payload", '{"sub": "u"}', "--alg", "HS256",
        "--secret-env", "SD_SECRET", "--sd", "email", env={"SD_SECRET": SECRET},
    )  # fmt: skip

    assert "email names no claim" in _one_line_error(result)


def test_a_fresh_presentation_verifies_with_the_holder_key(tmp_path: Path) -> None:
    issuer, holder = keygen.generate_ec("P-256"), keygen.generate_ec("P-256")
    claims = {
        "sub": "u",
        "email": "a@example.com",
        "cnf": {"jwk": to_jwk(public_of(holder))},
    }
    issued = make_sd_jwt({"alg": "ES256"}, claims, issuer, disclosable=["email"])
    text = present(
        issued.text, holder_key=holder, nonce="n-9", audience=VERIFIER, now=time.time()
    )
    key_file = tmp_path / "issuer.jwk"
    key_file.write_text(json.dumps(to_jwk(public_of(issuer))), "utf-8")

    good = run_cli(
        "verify", text, "--key", str(key_file), "--nonce", "n-9",
        "--kb-audience", VERIFIER,
    )  # fmt: skip
    wrong_aud = run_cli(
        "verify", text, "--key", str(key_file), "--kb-audience", "https://other"
    )

    assert good.returncode == 0, good.stdout
    assert wrong_aud.returncode == 1
    assert "BAD aud" in wrong_aud.stdout


def test_lint_reports_sd_jwt_findings() -> None:
    result = run_cli("lint", "--json", ISSUANCE)

    ids = {finding["id"] for finding in _json(result)}
    assert "SD-KB-MISSING" in ids
    assert "SD-DIGEST-UNMATCHED" not in ids


def test_decode_reads_the_json_serialization() -> None:
    issuer, *rest = PRESENTATION.split("~")
    protected, payload, signature = issuer.split(".")
    text = json.dumps(
        {
            "payload": payload,
            "protected": protected,
            "header": {"disclosures": rest[:-1], "kb_jwt": rest[-1]},
            "signature": signature,
        }
    )

    result = run_cli("decode", "--json", stdin=text)

    out = _json(result)
    assert result.returncode == 0, result.stderr
    assert out["header"]["typ"] == "example+sd-jwt"
    assert out["sd_jwt"]["disclosed_payload"] == RFC["section_5_2_verified_payload"]
