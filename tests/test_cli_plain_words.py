"""The CLI's decode errors lead with plain words, then the technical detail."""

import json

import jwt
import pytest

from jwtinspector.cli import main

TOKEN = jwt.encode({"sub": "12345", "name": "Ada"}, "k" * 32, algorithm="HS256")
OTHER = jwt.encode({"sub": "other"}, "o" * 32, algorithm="HS256")
HEADER, PAYLOAD, SIGNATURE = TOKEN.split(".")
# The payload's last character with unused bits set: a changed character.
CHANGED = PAYLOAD[:-1] + {"0": "1", "9": "8", "Q": "R", "g": "h", "w": "x"}.get(
    PAYLOAD[-1], "B"
)
BROKEN = f"{HEADER}.{CHANGED}.{SIGNATURE}"
POSITION = len(HEADER) + 1 + len(PAYLOAD)


def stderr_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_decode_error_leads_with_plain_words(capsys):
    assert len(PAYLOAD) % 4 in (2, 3)

    code = main(["decode", BROKEN])

    assert code == 2
    line = stderr_line(capsys)
    plain = (
        "jwtinspector: A character is missing or changed in the payload "
        f"near position {POSITION}."
    )
    assert line.startswith(plain)
    assert line.index("non-zero unused bits") > len(plain)
    assert f"payload, character {POSITION}: " in line


def test_glued_tokens_are_named_not_called_encrypted(capsys):
    code = main(["decode", TOKEN + OTHER])

    out_err = capsys.readouterr()
    assert code == 2
    line = out_err.err.splitlines()[0]
    assert line.startswith(
        "jwtinspector: Two tokens are glued together here: the second starts "
        f"at position {len(TOKEN) + 1}."
    )
    assert "JWE" not in out_err.out + out_err.err
    assert "Encrypted" not in out_err.out


def test_decode_json_lists_the_plain_words_message(capsys):
    code = main(["decode", BROKEN, "--json"])

    assert code == 2
    result = json.loads(capsys.readouterr().out)
    [error] = result["errors"]
    assert error["segment"] == "payload"
    assert error["offset"] == POSITION - 1
    assert error["message"].startswith("A character is missing or changed")


def test_verify_of_an_unreadable_token_says_what_is_wrong_first(capsys):
    code = main(["verify", BROKEN, "--secret", "k" * 32])

    assert code == 2
    line = stderr_line(capsys)
    assert "A character is missing or changed in the payload" in line
    assert line.index("A character is missing") < line.index("non-zero unused bits")


def test_an_empty_token_says_there_is_none(capsys):
    code = main(["decode", "   "])

    assert code == 2
    assert stderr_line(capsys).startswith("jwtinspector: There is no token here.")
