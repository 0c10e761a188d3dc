"""decode and verify with JWS/JWE in JSON serialization, detached payloads and
b64: false, as a user's shell runs them (RFC 7520 and RFC 7797 examples)."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest
from cli_process import run_cli

DATA = pathlib.Path(__file__).resolve().parent / "data"
MULTIPLE = json.loads((DATA / "rfc7520" / "4_8.multiple_signatures.json").read_text())
DETACHED = json.loads(
    (DATA / "rfc7520" / "4_5.signature_with_detached_content.json").read_text()
)
RECIPIENTS = json.loads(
    (DATA / "rfc7520" / "5_13.encrypting_to_multiple_recipients.json").read_text()
)
RFC7797 = json.loads((DATA / "rfc_json_serialization.json").read_text())["rfc7797_4_2"]
HMAC_SECRET = MULTIPLE["input"]["key"][2]["k"]  # RFC 7520 §3.5, base64url


@pytest.fixture
def files(tmp_path: pathlib.Path) -> dict[str, str]:
    paths = {
        "general": json.dumps(MULTIPLE["output"]["json"], indent=2),
        "jwks": json.dumps({"keys": MULTIPLE["input"]["key"][:2]}),  # RSA, EC
        "mixed": json.dumps({"keys": MULTIPLE["input"]["key"]}),  # and the secret
        "hmac": json.dumps(MULTIPLE["input"]["key"][2]),
        "detached": json.dumps(DETACHED["output"]["json_flat"]),
        "payload": DETACHED["input"]["payload"],
    }
    result = {}
    for name, text in paths.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result[name] = str(path)
    return result


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def test_decode_shows_each_signature_with_its_headers(files: dict[str, str]) -> None:
    result = run_cli("decode", files["general"], "--color", "never")

    assert result.returncode == 0
    out = result.stdout
    assert "JWS JSON serialization (general, 3 signatures)" in out
    assert "Signature #2 (ES512)" in out
    assert "Protected header: none" in out
    assert "Unprotected header (not covered by the signature)" in out
    assert "It’s a dangerous business, Frodo" in out


def test_decode_json_shape(files: dict[str, str]) -> None:
    result = run_cli(
        "decode", "--json", stdin=pathlib.Path(files["general"]).read_text()
    )

    assert result.returncode == 0
    value = json.loads(result.stdout)
    assert value["form"] == "JWS JSON"
    assert value["payload_text"].startswith("It’s a dangerous business")
    assert next(s["header"] for s in value["signatures"]) == {
        "kid": "bilbo.baggins@hobbiton.example"
    }
    assert value["signatures"][2]["protected"]["alg"] == "HS256"


def test_verify_with_a_key_set_checks_every_signature(files: dict[str, str]) -> None:
    result = run_cli(
        "verify", files["general"], "--jwks", files["jwks"], "--color", "never"
    )

    assert result.returncode == 0, result.stderr
    assert "2 of 3 signatures verified (#1, #2)." in result.stdout
    assert "Token valid." in result.stdout  # no key given fits the HS256 one
    assert "RFC 7515 §7.2.1" in result.stdout  # ES512's alg is unprotected


def test_verify_with_a_set_mixing_secret_and_public_keys_verifies_none(
    files: dict[str, str],
) -> None:
    result = run_cli(
        "verify", files["general"], "--jwks", files["mixed"], "--color", "never"
    )

    assert result.returncode == 1, result.stderr
    assert "0 of 3 signatures verified." in result.stdout
    assert "the key set is ambiguous" in result.stdout


def test_verify_json_output_with_one_key(files: dict[str, str]) -> None:
    result = run_cli("verify", files["general"], "--key", files["hmac"], "--json")

    assert result.returncode == 0, result.stderr
    value = json.loads(result.stdout)
    assert value["valid"] is True
    assert value["verified"] == [2]
    assert [s["status"] for s in value["signatures"]] == [
        "cannot_check",
        "cannot_check",
        "valid",
    ]
    assert value["signatures"][1]["protected"] is None
    assert value["signatures"][1]["header"]["alg"] == "ES512"
    assert HMAC_SECRET not in result.stdout  # the secret is never printed


def test_verify_a_tampered_signature_exits_1(
    tmp_path: pathlib.Path, files: dict[str, str]
) -> None:
    value: dict[str, Any] = json.loads(json.dumps(MULTIPLE["output"]["json"]))
    sig = value["signatures"][2]["signature"]
    value["signatures"][2]["signature"] = ("A" if sig[0] != "A" else "B") + sig[1:]

    result = run_cli(
        "verify", "--key", files["hmac"], "--color", "never", stdin=json.dumps(value)
    )

    assert result.returncode == 1
    assert "Invalid signature" in result.stdout
    assert "Token invalid." in result.stdout


def test_verify_detached_payload_from_a_file(files: dict[str, str]) -> None:
    without = run_cli("verify", files["detached"], "--secret-base64url", HMAC_SECRET)
    given = run_cli(
        "verify",
        files["detached"],
        "--secret-base64url",
        HMAC_SECRET,
        "--payload-file",
        files["payload"],
    )
    compact = run_cli(
        "verify",
        DETACHED["output"]["compact"],
        "--secret-base64url",
        HMAC_SECRET,
        "--payload-file",
        files["payload"],
    )

    assert without.returncode == 1
    assert "payload is detached" in without.stdout
    assert given.returncode == 0, given.stdout
    assert compact.returncode == 0, compact.stdout


def test_payload_file_for_a_token_that_has_its_payload_exits_2(
    files: dict[str, str],
) -> None:
    result = run_cli(
        "verify",
        files["general"],
        "--key",
        files["hmac"],
        "--payload-file",
        files["payload"],
    )

    assert result.returncode == 2
    assert "detached payload" in one_line(result.stderr)


def test_rfc7797_compact_detached_and_flattened(tmp_path: pathlib.Path) -> None:
    key = RFC7797["key"]["k"]
    payload = tmp_path / "payload"
    payload.write_bytes(b"$.02")

    compact = run_cli(
        "verify",
        RFC7797["compact"],
        "--secret-base64url",
        key,
        "--payload-file",
        str(payload),
    )
    flattened = run_cli(
        "verify", "--secret-base64url", key, stdin=json.dumps(RFC7797["flattened_json"])
    )
    decoded = run_cli("decode", "--json", stdin=json.dumps(RFC7797["flattened_json"]))

    assert compact.returncode == 0, compact.stdout
    assert flattened.returncode == 0, flattened.stdout
    assert json.loads(decoded.stdout)["payload_text"] == "$.02"
    assert json.loads(decoded.stdout)["unencoded"] is True


def test_encode_b64_false_round_trips_through_verify() -> None:
    key = RFC7797["key"]["k"]
    made = run_cli(
        *("encode", "--payload", '{"sub":"me"}', "--alg", "HS256"),
        *("--secret-base64url", key, "--b64-false", "--no-typ"),
    )
    token = made.stdout.strip()

    assert made.returncode == 0, made.stderr
    assert token.split(".")[1] == '{"sub":"me"}'
    checked = run_cli("verify", token, "--secret-base64url", key)
    assert checked.returncode == 0, checked.stdout


def test_encode_detached_b64_false_verifies_with_its_payload(
    tmp_path: pathlib.Path,
) -> None:
    key = RFC7797["key"]["k"]
    made = run_cli(
        *("encode", "--payload", '{"n":1}', "--alg", "HS256"),
        *("--secret-base64url", key, "--b64-false", "--detached", "--no-typ"),
    )
    _, body, _ = made.stdout.strip().split(".")
    payload = tmp_path / "payload"
    payload.write_bytes(b'{"n":1}')
    wrong = tmp_path / "wrong"
    wrong.write_bytes(b'{"n":2}')

    assert body == ""
    good = run_cli(
        "verify", made.stdout.strip(), "--secret-base64url", key,
        "--payload-file", str(payload),
    )  # fmt: skip
    bad = run_cli(
        "verify", made.stdout.strip(), "--secret-base64url", key,
        "--payload-file", str(wrong),
    )  # fmt: skip
    assert good.returncode == 0, good.stdout
    assert bad.returncode == 1


def test_decode_jwe_json_lists_its_recipients() -> None:
    result = run_cli(
        "decode", "--color", "never", stdin=json.dumps(RECIPIENTS["output"]["json"])
    )

    assert result.returncode == 0
    assert "JWE JSON serialization (general, 3 recipients)" in result.stdout
    assert '"kid": "peregrin.took@tuckborough.example"' in result.stdout
    assert "Recipient #3, encrypted key 32 bytes" in result.stdout


def test_verify_refuses_a_jwe_json_with_one_line() -> None:
    result = run_cli(
        "verify", "--secret", "x" * 32, stdin=json.dumps(RECIPIENTS["output"]["json"])
    )

    assert result.returncode == 2
    assert "encrypted token (JWE)" in one_line(result.stderr)


def test_broken_json_serialization_exits_2_naming_line_and_column() -> None:
    result = run_cli(
        "verify",
        "--secret",
        "x" * 32,
        stdin='{\n "payload": "e30",\n "signatures": [,]\n}',
    )

    assert result.returncode == 2
    assert "line 3, column 17" in one_line(result.stderr)


def test_help_documents_the_rule_for_several_signatures() -> None:
    result = run_cli("verify", "--help")

    assert "at least one signature verifies" in " ".join(result.stdout.split())


def test_verify_with_a_key_set_fetched_from_a_url(files: dict[str, str]) -> None:
    from loopback import serving

    with serving() as server:
        server.json("/keys", {"keys": MULTIPLE["input"]["key"][:2]})
        server.json("/mixed", {"keys": MULTIPLE["input"]["key"]})
        result = run_cli(
            "verify", files["general"], "--jwks", f"{server.url}/keys", "--json"
        )
        mixed = run_cli("verify", files["general"], "--jwks", f"{server.url}/mixed")

    assert result.returncode == 0, result.stderr
    value = json.loads(result.stdout)
    assert value["verified"] == [0, 1]
    assert value["signatures"][2]["status"] == "cannot_check"
    # A served set with a published HMAC key beside its public keys is
    # ambiguous: refused whole, with the reason.
    assert mixed.returncode == 2
    assert "is ambiguous, so none of its keys is used: it mixes" in one_line(
        mixed.stderr
    )
    assert any("/keys" in line for line in value["signatures"][0]["trace"])


def test_decode_says_a_compact_payload_is_detached_and_unencoded() -> None:
    result = run_cli("decode", RFC7797["compact"], "--color", "never")

    assert result.returncode == 0
    assert "Payload (unencoded, b64: false)" in result.stdout
    assert "(detached: not in the token" in result.stdout
