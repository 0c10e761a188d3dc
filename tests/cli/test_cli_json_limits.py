"""JSON nested beyond what is read, in each command family's inputs (an
SD-JWT disclosure, a JWE's plaintext, a JWKS file, --payload), ends in a
clear line naming the part and the depth: never a traceback."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from jwtinspector.cli.main import main
from jwtinspector.core.jwe import encrypt
from jwtinspector.core.keys import load_secret

TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhIjoxfQ."
    "b__FFDFXgJo9tREbqBfG7haBQUMloqZszYEP3zBXHcc"
)
SECRET = "hostile-corpus-secret-of-32-byte"
DEEP = 100_000


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out, err


def test_decode_of_an_sd_jwt_with_a_deep_disclosure_exits_2_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header, payload = b64(b'{"alg":"HS256","typ":"sd+jwt"}'), b64(b'{"_sd":[]}')
    token = tmp_path / "sd-jwt.txt"
    token.write_text(f"{header}.{payload}.AAAA~{b64(b'[' * DEEP)}~")

    status, _, err = run(capsys, "decode", str(token))

    assert status == 2
    assert err == (
        "jwtinspector: Disclosure 1 cannot be read: the JSON is nested 100,000 "
        "levels deep; at most 128 are read.\n"
    )


def test_decrypt_of_a_deeply_nested_plaintext_shows_it_as_text_saying_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    plaintext = b"[" * DEEP + b"]" * DEEP
    token = tmp_path / "jwe.txt"
    token.write_text(encrypt(plaintext, "dir", "A256GCM", load_secret(SECRET)))
    monkeypatch.setenv("JWE_SECRET", SECRET)

    status, out, _ = run(capsys, "decrypt", str(token), "--secret-env", "JWE_SECRET")

    assert status == 0
    assert plaintext.decode() in out
    assert out.rstrip().endswith(
        "warning: the plaintext is shown as text: the JSON is nested 100,000 "
        "levels deep; at most 128 are read"
    )


def test_verify_with_a_deeply_nested_jwks_file_exits_2_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jwks = tmp_path / "jwks.json"
    jwks.write_text('{"keys": ' + "[" * DEEP + "]")

    status, _, err = run(capsys, "verify", TOKEN, "--key", str(jwks))

    assert status == 2
    assert err == (
        "jwtinspector: The key looks like JSON but is invalid: the JSON is nested "
        "100,001 levels deep; at most 128 are read.\n"
    )


def test_encode_names_the_place_of_a_syntax_error_and_notes_repeated_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(
        capsys, "encode", "--payload", '{"a": 1,\n "b" 2}', "--secret", SECRET
    )
    assert status == 2
    assert err == (
        "jwtinspector: --payload: not valid JSON: Expecting ':' delimiter "
        "(line 2, column 6)\n"
    )

    status, out, err = run(
        capsys,
        "encode",
        "--payload",
        '{"a": 1, "a": 2}',
        "--alg",
        "HS256",
        "--secret",
        SECRET,
    )
    assert status == 0
    assert out.startswith("eyJ")
    assert 'the member "a" appears more than once' in err


def test_decode_json_warnings_say_how_many_they_group(
    capsys: pytest.CaptureFixture[str],
) -> None:
    members = ", ".join(f'"m{i}": {i}, "m{i}": 0' for i in range(40))
    header, payload = b64(b'{"alg":"none"}'), b64(("{" + members + "}").encode())
    token = f"{header}.{payload}."

    status, out, _ = run(capsys, "decode", token, "--json")

    assert status == 0
    [warning] = [
        w
        for w in json.loads(out)["warnings"]
        if "appear more than once" in w["message"]
    ]
    assert warning["count"] == 40
    assert warning["segment"] == "payload"
    assert warning["message"].startswith("The payload repeats 40 member names")


def test_verify_json_warnings_say_how_many_they_group(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from jwtinspector.core.keys import load_secret
    from jwtinspector.core.sign import sign_token

    payload = b'{"n": 9e999, "x": 1e400, "y": -2e308, "ok": 1}'
    token = sign_token({"alg": "HS256"}, payload, load_secret(SECRET))

    status, out, _ = run(capsys, "verify", token, "--secret", SECRET, "--json")

    assert status == 0
    [warning] = json.loads(out)["warnings"]
    assert warning["count"] == 3
    assert warning["message"].startswith(
        "3 numbers in the payload are too large for most libraries"
    )
