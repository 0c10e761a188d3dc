"""``jwtinspector lint`` on a JWS or JWE in JSON serialization, run as a
user's shell runs it: each signature (or recipient) audited and named, the
form's own checks, and with --key a JWE's nested token."""

from __future__ import annotations

import base64
import json
import pathlib
from typing import Any

from cli_process import run_cli

DATA = pathlib.Path(__file__).resolve().parent / "data" / "rfc7520"
MULTIPLE = json.loads((DATA / "4_8.multiple_signatures.json").read_text())
RECIPIENTS = json.loads(
    (DATA / "5_13.encrypting_to_multiple_recipients.json").read_text()
)
FIELDS = {"id", "severity", "title", "explanation", "advice", "reference"}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def items(stdout: str) -> list[dict[str, Any]]:
    value = json.loads(stdout)
    assert isinstance(value, list)
    for item in value:  # the one shape of lint --json
        assert FIELDS <= set(item) <= {*FIELDS, "segment", "claim"}
    return value


def test_each_signature_of_a_general_jws_is_audited_and_named(
    tmp_path: pathlib.Path,
) -> None:
    path = tmp_path / "general.json"
    path.write_text(json.dumps(MULTIPLE["output"]["json"], indent=2))

    result = run_cli("lint", str(path), "--json")

    assert result.returncode == 0, result.stderr
    found = items(result.stdout)
    unprotected = [f for f in found if f["id"] == "JWS-UNPROTECTED"]
    assert unprotected[0]["severity"] == "medium"
    assert unprotected[0]["title"].startswith("Signature #2 (kid ")
    assert 'alg "ES512" only in the unprotected header' in unprotected[0]["title"]
    assert [f["title"] for f in found if f["id"] == "TYP-MISSING"] == [
        "No typ in the header"
    ]


def test_an_unsigned_signature_in_a_json_jws_is_blocking() -> None:
    header = b64(json.dumps({"alg": "none", "kid": "forged"}).encode())
    payload = b64(b'{"sub":"alice"}')
    text = json.dumps(
        {"payload": payload, "signatures": [{"protected": header, "signature": ""}]}
    )

    result = run_cli("lint", text, "--color", "never")

    assert result.returncode == 1
    assert "CRITICAL" in result.stdout
    assert "[ALG-NONE]" in result.stdout


def test_each_recipient_of_a_json_jwe_gets_the_jwe_checks() -> None:
    text = json.dumps(RECIPIENTS["output"]["json"])

    result = run_cli("lint", text, "--json")

    assert result.returncode == 1  # RSA1_5 is a padding oracle
    rsa = [f for f in items(result.stdout) if f["id"] == "JWE-RSA1-5"]
    assert len(rsa) == 1
    assert rsa[0]["title"].startswith('Recipient #1 (kid "frodo.baggins@')


def test_with_the_key_a_json_jwe_nested_unsigned_token_is_found(
    tmp_path: pathlib.Path,
) -> None:
    from jwtinspector.core.jwe import encrypt
    from jwtinspector.core.keys import load_secret

    secret = "0123456789abcdef0123456789abcdef"
    unsigned = ".".join([b64(b'{"alg":"none"}'), b64(b'{"sub":"alice"}'), ""])
    compact = encrypt(unsigned, "dir", "A256GCM", load_secret(secret), cty="JWT")
    protected, _key, iv, ciphertext, tag = compact.split(".")
    flattened = {"protected": protected, "iv": iv, "ciphertext": ciphertext, "tag": tag}
    path = tmp_path / "secret"
    path.write_text(secret)

    without = run_cli("lint", json.dumps(flattened), "--json")
    result = run_cli(
        "lint", json.dumps(flattened), "--secret-file", str(path), "--json"
    )

    assert "JWE-NESTED-UNSIGNED" not in {f["id"] for f in items(without.stdout)}
    assert result.returncode == 1, result.stderr
    assert "JWE-NESTED-UNSIGNED" in {f["id"] for f in items(result.stdout)}


def test_an_unreadable_json_serialization_is_one_line_and_exit_2() -> None:
    result = run_cli("lint", json.dumps({"payload": "e30", "signatures": []}))

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "cannot be read" in lines[0]
    assert "signature" in lines[0]
