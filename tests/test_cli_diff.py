"""jwtinspector diff A B: how two tokens' headers and payloads differ."""

from __future__ import annotations

import base64
import json
import pathlib

import jwt
import pytest
from cli_in_process import run_main as cli
from cli_process import run_cli

SECRET = "diff-command-secret-of-64-bytes-so-that-hs512-has-its-full-size!"
IAT = 1767225600  # 2026-01-01T00:00:00Z
FIRST = jwt.encode(
    {"sub": "alice", "email": "a@example.com", "iat": IAT, "exp": IAT + 3600},
    SECRET,
    algorithm="HS256",
    headers={"kid": "k1"},
)
SECOND = jwt.encode(
    {"sub": "alice", "iat": IAT, "exp": IAT + 90000, "role": "admin"},
    SECRET,
    algorithm="HS512",
    headers={"kid": "k2"},
)


def _b64(value: object) -> str:
    raw = json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def test_two_tokens_differ_in_plain_words(tmp_path: pathlib.Path) -> None:
    (tmp_path / "first.jwt").write_text(FIRST + "\n")

    result = run_cli("diff", "first.jwt", "-", stdin=SECOND, cwd=tmp_path)

    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "Header",
        '  changed alg: "HS256" → "HS512"',
        '  changed kid: "k1" → "k2"',
        "Payload",
        '  removed email: "a@example.com"',
        '  added   role: "admin"',
        "  changed exp: 2026-01-01 01:00:00 UTC → 2026-01-02 01:00:00 UTC (+1 d)",
        "Signature: different",
        "The algorithm changed: HS256 → HS512.",
        "The key id changed: k1 → k2.",
        "Lifetime (exp - iat): 1 h → 1 d 1 h",
        "The header or payload differs.",
    ]


def test_json_prints_exactly_the_documented_object() -> None:
    result = run_cli("diff", FIRST, SECOND, "--json")

    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout) == {
        "header": {
            "added": {},
            "removed": {},
            "changed": {"alg": ["HS256", "HS512"], "kid": ["k1", "k2"]},
        },
        "payload": {
            "added": {"role": "admin"},
            "removed": {"email": "a@example.com"},
            "changed": {"exp": [IAT + 3600, IAT + 90000]},
        },
        "signature": "different",
    }


def test_the_same_claims_with_another_signature_exit_0(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    header, payload, _signature = FIRST.split(".")
    resigned = f"{header}.{payload}.{_b64('other')}"

    text = cli(capsys, monkeypatch, "diff", FIRST, resigned)
    shown = json.loads(
        cli(capsys, monkeypatch, "diff", FIRST, resigned, "--json").stdout
    )

    assert text.returncode == 0
    assert text.stdout.splitlines() == [
        "Header: same",
        "Payload: same",
        "Signature: different",
        "Lifetime (exp - iat): 1 h → 1 h",
        "Same header and payload (signature aside).",
    ]
    assert shown["signature"] == "different"
    assert shown["payload"] == {"added": {}, "removed": {}, "changed": {}}


def test_a_kid_added_and_a_flag_changed_type_are_named(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = f"{_b64({'alg': 'none'})}.{_b64({'admin': 1, 'exp': 'soon'})}."
    second = f"{_b64({'alg': 'none', 'kid': 'x'})}.{_b64({'admin': True})}."

    result = cli(capsys, monkeypatch, "diff", first, second)

    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert "The key id changed: (none) → x." in lines
    assert "  changed admin: 1 → true" in lines
    assert '  removed exp: "soon"' in lines
    assert "Lifetime (exp - iat): none (no exp or iat) → none (no exp or iat)" in lines
    assert not any(line.startswith("The algorithm") for line in lines)


def test_control_characters_from_a_token_are_escaped(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = f"{_b64({'alg': 'none'})}.{_b64({'n': 1})}."
    hostile = {"\x1b[2Jn": 1}
    second = f"{_b64({'alg': 'none'})}.{_b64(hostile)}."

    result = cli(capsys, monkeypatch, "diff", first, second)

    assert "\x1b" not in result.stdout
    assert "added   \\x1b[2Jn: 1" in result.stdout


@pytest.mark.parametrize(
    ("a", "b", "message"),
    [
        ("-", "-", "A and B cannot both be - (standard input)"),
        (FIRST, "not-a-token", "B: the token cannot be read"),
        (
            FIRST,
            f"{_b64({'alg': 'none'})}.{_b64([1, 2])}.",
            "B: the payload is not a JSON object",
        ),
        (
            "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y3Q.dGFn",
            FIRST,
            "A is an encrypted token (JWE): decrypt it first",
        ),
    ],
    ids=["both-stdin", "unreadable", "payload-array", "jwe"],
)
def test_an_unusable_token_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    a: str,
    b: str,
    message: str,
) -> None:
    result = cli(capsys, monkeypatch, "diff", a, b, stdin=FIRST)

    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
