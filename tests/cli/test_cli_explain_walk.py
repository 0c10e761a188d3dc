"""``jwtinspector explain``: the signature walkthrough on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_process import run_cli
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding

from jwtinspector.cli.main import main
from jwtinspector.core import keygen
from jwtinspector.core.export import jwks_for
from jwtinspector.core.keys import KeyMaterial
from jwtinspector.core.sign import sign_token
from jwtinspector.core.text import b64url_decode


@pytest.fixture(scope="module")
def rsa_key() -> KeyMaterial:
    return keygen.generate_rsa(2048)


@pytest.fixture
def public_pem(tmp_path: Path, rsa_key: KeyMaterial) -> str:
    path = tmp_path / "public.pem"
    path.write_bytes(
        rsa_key.key.public_key().public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        )
    )
    return str(path)


def run_here(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_rs256_prints_the_recovered_block_in_hex(
    rsa_key: KeyMaterial, public_pem: str
) -> None:
    token = sign_token({"alg": "RS256"}, {"sub": "1"}, rsa_key)
    signature = b64url_decode(token.rsplit(".", 1)[1])
    recovered = rsa_key.key.public_key().recover_data_from_signature(
        signature, padding.PKCS1v15(), None
    )

    result = run_cli("explain", token, "--key", public_pem, "--color", "never")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "The recovered RSA block" in out
    assert "00 01 ff ff" in out
    assert f"DigestInfo   {recovered[:19].hex(' ')}" in out
    assert "OID 2.16.840.1.101.3.4.2.1" in out
    assert "https://www.rfc-editor.org/rfc/rfc8017#section-8.2.2" in out
    assert "Signature verified" in out


def test_json_lists_the_steps_with_their_sources(
    capsys: pytest.CaptureFixture[str], rsa_key: KeyMaterial, public_pem: str
) -> None:
    token = sign_token({"alg": "PS256"}, {"sub": "1"}, rsa_key)

    status, out, _err = run_here(
        capsys, "explain", token, "--key", public_pem, "--json"
    )

    steps = json.loads(out)["steps"]
    assert status == 0
    assert all(set(step) == {"title", "body", "source", "url"} for step in steps)
    titles = [step["title"] for step in steps]
    assert "7. The recovered PSS encoding" in titles
    assert steps[6]["source"] == "RFC 7518 §3.5"
    assert "Salt found: 32 bytes" in steps[6]["body"]


def test_a_key_set_file_gives_the_key(
    capsys: pytest.CaptureFixture[str], rsa_key: KeyMaterial, tmp_path: Path
) -> None:
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(jwks_for(rsa_key, kid="a")))
    token = sign_token({"alg": "RS384", "kid": "a"}, {"sub": "1"}, rsa_key)

    status, out, _err = run_here(capsys, "explain", token, "--jwks", str(path))

    assert status == 0
    assert "SHA-384, OID 2.16.840.1.101.3.4.2.2" in out


def test_without_a_key_it_still_explains_and_says_what_a_key_shows(
    capsys: pytest.CaptureFixture[str], rsa_key: KeyMaterial
) -> None:
    token = sign_token({"alg": "RS256"}, {"sub": "1"}, rsa_key)

    status, out, _err = run_here(capsys, "explain", token)

    assert status == 0
    assert "Give the RSA public key" in out
    assert "No key: add the secret or public key" in out


def test_alg_none_is_explained_without_a_key(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _err = run_here(
        capsys, "explain", "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."
    )

    assert status == 0
    assert "Nothing to verify" in out
    assert "RFC 8725 §3.1" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["not-a-token"], "cannot be read"),
        (["eyJhbGciOiJIUzI1NiJ9.e30.c2ln", "--key", "/nonexistent/key.pem"], "--key"),
        (
            ["eyJhbGciOiJIUzI1NiJ9.e30.c2ln", "--secret-env", "X", "--jwks", "k.json"],
            "give one key source",
        ),
        (["eyJhbGciOiJIUzI1NiJ9.e30.c2ln", "--payload-file", "p"], "detached"),
    ],
    ids=["unreadable", "missing-key-file", "two-key-sources", "payload-not-detached"],
)
def test_unusable_input_is_one_line_and_status_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, out, err = run_here(capsys, "explain", *args)

    assert status == 2
    assert out == ""
    assert err.startswith("jwtinspector: ")
    assert err.count("\n") == 1
    assert message in err


def test_control_characters_in_the_payload_do_not_reach_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    payload = tmp_path / "payload"
    payload.write_bytes(b"\x1b[2J")  # an unencoded payload's own bytes (RFC 7797)
    header = "eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19"

    status, out, _err = run_here(
        capsys, "explain", f"{header}..AAAA", "--payload-file", str(payload)
    )

    assert status == 0
    assert "\x1b" not in out
    assert f"{header}.\\x1b[2J" in out
