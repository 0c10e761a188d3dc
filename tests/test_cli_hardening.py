"""The command line on hostile or awkward input, run as a separate process:
one line on stderr and exit status 2 for what cannot be used, no traceback,
nothing that drives the terminal, and JSON any parser reads."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from cli_process import run_cli

SECRET = "hardening-secret-of-32-bytes!!!!"
NOW = int(time.time())
RFC_A1 = (
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
)
RFC_A1_KEY = (
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9"
    "CAow"
)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _raw(header: bytes, payload: bytes, signature: bytes = b"sig") -> str:
    return f"{_b64(header)}.{_b64(payload)}.{_b64(signature)}"


def _run(
    *args: str, stdin: str = "", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, stdin=stdin, cwd=cwd)


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("jwtinspector: "), lines
    return lines[0]


def _strict_json(text: str) -> Any:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


# --- --leeway -------------------------------------------------------------------


@pytest.mark.parametrize("leeway", ["nan", "inf", "-inf", "-5", "1e999", "soon"])
def test_unusable_leeway_exits_2_with_one_line(leeway: str) -> None:
    expired = jwt.encode({"sub": "a", "exp": NOW - 3600}, SECRET, algorithm="HS256")

    result = _run("verify", expired, "--secret", SECRET, "--leeway", leeway)

    line = _one_line_error(result)
    assert "--leeway" in line
    assert result.stdout == ""


def test_finite_leeway_still_works() -> None:
    expired = jwt.encode({"sub": "a", "exp": NOW - 60}, SECRET, algorithm="HS256")

    within = _run("verify", expired, "--secret", SECRET, "--leeway", "3600")
    beyond = _run("verify", expired, "--secret", SECRET, "--leeway", "1")

    assert within.returncode == 0, within.stdout + within.stderr
    assert beyond.returncode == 1
    assert "Expired" in beyond.stdout


# --- base64url that is not canonical --------------------------------------------


def test_changed_unused_bits_of_the_signature_are_not_verified() -> None:
    assert RFC_A1.endswith("k")
    common = ("--secret-base64url", RFC_A1_KEY, "--ignore-time")

    original = _run("verify", RFC_A1, *common)
    changed = _run("verify", RFC_A1[:-1] + "l", *common)

    assert original.returncode == 0, original.stdout + original.stderr
    line = _one_line_error(changed)
    assert f"signature, character {len(RFC_A1)}:" in line
    assert "the last character 'l' has non-zero unused bits" in line
    assert "ends in 'k'" in line
    assert "verified" not in changed.stdout


# --- numbers --------------------------------------------------------------------


def test_integer_of_5000_digits_is_a_json_error() -> None:
    token = _raw(b'{"alg":"HS256"}', b'{"exp":' + b"9" * 5000 + b"}")

    result = _run("decode", token)

    line = _one_line_error(result)
    assert "payload: not valid JSON: a number of 5,000 digits" in line


def test_number_beyond_float_range_gives_valid_json() -> None:
    token = _raw(b'{"alg":"HS256"}', b'{"exp":-1e999,"iat":1e300,"n":1.5}')

    result = _run("decode", token, "--json")

    assert result.returncode == 0, result.stderr
    out = _strict_json(result.stdout)
    assert out["payload"] == {"exp": "-Infinity", "iat": 1e300, "n": 1.5}
    assert out["dates"]["iat"]["relative"] == "in over 10000 y"
    assert "beyond the range of a 64-bit float" in out["warnings"][0]["message"]


def test_date_far_in_the_future_is_not_a_300_digit_number() -> None:
    token = _raw(b'{"alg":"HS256"}', b'{"exp":1e300}')

    result = _run("decode", token)

    assert result.returncode == 0, result.stderr
    (line,) = [x for x in result.stdout.splitlines() if x.strip().startswith("exp ")]
    assert "beyond the year 9999" in line
    assert "in over 10000 y" in line
    assert len(line) < 160


# --- terminal control sequences -------------------------------------------------

_EVIL = '"X\\u001b]0;PWNED\\u0007\\u009b[2J"'


def _assert_no_controls(text: str) -> None:
    bad = [c for c in text if c not in "\n" and (ord(c) < 32 or 0x7F <= ord(c) < 0xA0)]
    assert not bad, repr(text)


def test_decode_escapes_control_characters_from_the_token() -> None:
    header = f'{{"alg":{_EVIL},"k\\u001b":1,"k\\u001b":2}}'.encode()
    token = _raw(header, b'{"sub":"a\\u009bb"}')

    result = _run("decode", token, "--color", "never")

    assert result.returncode == 0, result.stderr
    _assert_no_controls(result.stdout)
    assert "Header (X\\x1b]0;PWNED\\x07\\x9b[2J)" in result.stdout
    assert 'the member "k\\u001b" appears more than once' in result.stdout


def test_decode_text_payload_is_escaped_and_binary_payload_is_hex() -> None:
    payload = "hi\x1b[31m\x9b\nthere".encode()
    text = _run("decode", _raw(b'{"alg":"HS256"}', payload))
    binary = _run("decode", _raw(b'{"alg":"HS256"}', b"\xff\xfe\x00bin"))

    _assert_no_controls(text.stdout)
    assert "hi\\x1b[31m\\x9b\nthere\n" in text.stdout
    assert "(6 bytes, not UTF-8 text; in hex)\nff fe 00 62 69 6e\n" in binary.stdout
    assert "\ufffd" not in binary.stdout


def test_verify_message_escapes_the_algorithm() -> None:
    token = _raw(f'{{"alg":{_EVIL}}}'.encode(), b'{"sub":"a"}')

    result = _run("verify", token, "--secret", SECRET)
    as_json = _run("verify", token, "--secret", SECRET, "--json")

    assert result.returncode == 1
    _assert_no_controls(result.stdout)
    assert 'the algorithm "X\\u001b]0;PWNED\\u0007\\u009b[2J" is not supported' in (
        result.stdout
    )
    _assert_no_controls(as_json.stdout)
    assert _strict_json(as_json.stdout)["header"]["alg"] == "X\x1b]0;PWNED\x07\x9b[2J"


def test_error_line_escapes_control_characters() -> None:
    result = _run("decode", "abc.de\x1b]0;PWNED\x07f.ghi")

    line = _one_line_error(result)
    _assert_no_controls(result.stderr)
    assert "U+001B" in line


# --- argument errors ------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("decode", "--bogus"),
        ("decode", "--color", "sometimes"),
        ("verify", "x", "--leeway"),
        ("keygen",),
        ("keygen", "--type", "dsa"),
        ("encode", "--alg", "HS256"),
    ],
)
def test_argument_errors_are_one_line(args: tuple[str, ...]) -> None:
    result = _run(*args)

    line = _one_line_error(result)
    assert "usage:" not in result.stderr
    assert line.endswith("--help)")


def test_help_still_prints_the_usage() -> None:
    result = _run("verify", "--help")

    assert result.returncode == 0
    assert result.stdout.startswith("usage: jwtinspector verify")
    assert "--leeway SECONDS" in result.stdout


# --- negative relative times ----------------------------------------------------


def test_encode_takes_negative_relative_times_as_separate_arguments() -> None:
    before = int(time.time())

    result = _run(
        "encode", "--payload", "{}", "--alg", "HS256", "--secret", SECRET,
        "--exp", "-1h", "--nbf", "-2h", "--iat", "-90s",
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    claims = jwt.decode(
        result.stdout.strip(), SECRET, algorithms=["HS256"], options={"verify_exp": 0}
    )
    assert before - 3600 - 5 <= claims["exp"] <= int(time.time()) - 3600
    assert claims["nbf"] == claims["exp"] - 3600
    assert abs(claims["iat"] - (claims["exp"] + 3600 - 90)) <= 1


def test_encode_time_option_without_value_is_still_an_error() -> None:
    result = _run(
        "encode", "--payload", "{}", "--alg", "HS256", "--secret", SECRET, "--exp",
        "--nbf", "now",
    )  # fmt: skip

    assert "argument --exp: expected one argument" in _one_line_error(result)


# --- size -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["." * 1_000_000, "eyJ." * 250_000], ids=["dots", "eyJ-dots"]
)
def test_a_megabyte_of_dots_is_reported_in_well_under_a_second(text: str) -> None:
    started = time.perf_counter()
    result = _run("decode", "-", stdin=text)
    elapsed = time.perf_counter() - started

    line = _one_line_error(result)
    assert f"found {text.count('.'):,} dots" in line
    assert elapsed < 3  # includes starting Python; the decode itself is ~10 ms


# --- --secret-file --------------------------------------------------------------


def test_secret_file_is_read_as_bytes(tmp_path: Path) -> None:
    secret = bytes(range(256))[::-1][:64]  # not UTF-8
    token = jwt.encode({"sub": "a"}, secret, algorithm="HS256")
    (tmp_path / "binary").write_bytes(secret + b"\n")
    (tmp_path / "two_newlines").write_bytes(SECRET.encode() + b"\n\n")

    binary = _run("verify", token, "--secret-file", "binary", cwd=tmp_path)
    kept = _run(
        "verify",
        jwt.encode({"sub": "a"}, SECRET + "\n", algorithm="HS256"),
        "--secret-file",
        "two_newlines",
        cwd=tmp_path,
    )

    assert binary.returncode == 0, binary.stdout + binary.stderr
    assert "HMAC secret, 64 bytes" in binary.stdout
    assert kept.returncode == 0, kept.stdout + kept.stderr  # only one is dropped


def test_binary_secret_file_with_a_text_encoding_exits_2(tmp_path: Path) -> None:
    (tmp_path / "binary").write_bytes(b"\xff\xfe")
    token = jwt.encode({"sub": "a"}, SECRET, algorithm="HS256")

    result = _run(
        "verify", token, "--secret-file", "binary", "--secret-encoding", "base64",
        cwd=tmp_path,
    )  # fmt: skip

    assert "not base64 text" in _one_line_error(result)


@pytest.mark.parametrize(
    "args",
    [("decode",), ("decode", "--json"), ("verify", "--json", "--secret", SECRET)],
)
def test_lone_surrogate_in_the_token_is_printed_escaped(args: tuple[str, ...]) -> None:
    header = b'{"alg":"HS256","kid":"\\ud800"}'
    payload = b'{"sub":"\\udfff"}'
    signing_input = f"{_b64(header)}.{_b64(payload)}"
    mac = hmac.new(SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()

    result = run_cli(*args, stdin=f"{signing_input}.{_b64(mac)}")

    assert result.returncode == 0, result.stderr
    assert "\\ud800" in result.stdout
    assert "\\udfff" in result.stdout
    if "--json" in args:
        document = json.loads(result.stdout)
        assert document["header"]["kid"] == "\ud800"


def test_decode_and_verify_escape_direction_overrides() -> None:
    token = _raw(b'{"alg":"HS256","kid":"a\\u202eb"}', b'{"sub":"x\\u2066y"}')

    decoded = _run("decode", token, "--color", "never")
    verified = _run("verify", token, "--secret", SECRET, "--color", "never")

    for text in (decoded.stdout, verified.stdout, verified.stderr):
        assert "\u202e" not in text
        assert "\u2066" not in text
    assert '"kid": "a\\u202eb"' in decoded.stdout
    assert '"sub": "x\\u2066y"' in decoded.stdout
