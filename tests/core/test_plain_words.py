"""Each decode problem leads with what is wrong in plain words, then the detail."""

import base64
import json

import jwt
import pytest

from jwtinspector.core.errors import HEADLINES, TokenFormatError
from jwtinspector.core.token import inspect_token

TOKEN = jwt.encode({"sub": "1234567890", "name": "Ada"}, "k" * 32, algorithm="HS256")
HEADER, PAYLOAD, SIGNATURE = TOKEN.split(".")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def changed_last(segment: str) -> str:
    """The segment with unused bits set in its last character."""
    assert len(segment) % 4 in (2, 3)
    return segment[:-1] + {"A": "B", "Q": "R", "g": "h", "w": "x"}.get(segment[-1], "B")


def first_problem(text: str) -> TokenFormatError:
    decoded = inspect_token(text)
    return (decoded.errors or decoded.warnings)[0]


def test_a_changed_character_is_said_in_plain_words_before_the_bits():
    payload = b64(json.dumps({"sub": "a"}).encode())
    if len(payload) % 4 not in (2, 3):
        payload = b64(json.dumps({"sub": "ab"}).encode())
    text = f"{HEADER}.{changed_last(payload)}.{SIGNATURE}"
    position = len(HEADER) + 1 + len(payload)

    error = first_problem(text)

    assert error.headline == (
        f"A character is missing or changed in the payload near position {position}"
    )
    assert error.message.startswith(error.headline + ".")
    assert "non-zero unused bits" in error.detail
    assert error.message.index("non-zero") > error.message.index(error.headline)
    assert error.detail.startswith(f"payload, character {position}: ")


@pytest.mark.parametrize(
    ("text", "kind", "headline"),
    [
        ("", None, None),
        (HEADER, "missing_parts", "Part of the token is missing near position"),
        (TOKEN + ".x", "extra_parts", "The token has more parts than"),
        (
            f"{HEADER}.{PAYLOAD[:5]}*{PAYLOAD[6:]}.{SIGNATURE}",
            "bad_character",
            "The payload holds a character a token cannot contain near position",
        ),
        (
            f"{HEADER}.{PAYLOAD}.{SIGNATURE}AB",
            "cut_short",
            "The signature is cut short or has a stray character",
        ),
        (
            f"{HEADER}.{b64(b'{nope')}.{SIGNATURE}",
            "bad_json",
            "The payload is not valid JSON near position",
        ),
        (
            f"{b64(b'[1]')}.{PAYLOAD}.{SIGNATURE}",
            "not_object",
            "The header is not a JSON object",
        ),
        (
            f"{b64(bytes([123, 34, 255, 34, 58, 49, 125]))}.{PAYLOAD}.{SIGNATURE}",
            "not_text",
            "The header decodes to bytes that are not text",
        ),
        (
            f"{HEADER}.{b64(b'hello')}.{SIGNATURE}",
            "not_json",
            "The payload is not JSON",
        ),
    ],
)
def test_every_kind_of_problem_has_its_headline(text, kind, headline):
    if kind is None:
        with pytest.raises(TokenFormatError) as info:
            inspect_token(text)
        assert info.value.headline == "There is no token here"
        assert info.value.message.startswith("There is no token here. Paste a token")
        return
    error = first_problem(text)
    assert error.kind == kind
    assert error.headline.startswith(headline)
    assert error.message.startswith(error.headline)
    assert error.message.endswith(error.detail)


def test_a_jwe_segment_has_a_readable_name():
    error = TokenFormatError("x", kind="bad_character", segment="encrypted_key")

    assert error.headline.startswith("The encrypted key holds")


def test_an_unknown_kind_still_gets_a_headline():
    error = TokenFormatError("something", kind="no-such-kind", offset=4)

    assert error.headline == "The token cannot be read"
    assert error.message == "The token cannot be read — token, character 5: something"


def test_headlines_are_plain_words():
    for headline, advice in HEADLINES.values():
        assert headline[0].isupper() or headline.startswith("{count}")
        assert "RFC" not in headline
        assert "base64" not in headline
        assert not advice or advice.endswith(".")
