"""The one place that writes untrusted text, base64url and JSON type names."""

from __future__ import annotations

import binascii
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jwtinspector.core import errors, text


@pytest.mark.parametrize("char", ["\x1b", "\x9b", "\x00", "\x7f", "\u202e", "\u2028"])
def test_quote_escapes_controls_and_direction_overrides(char: str) -> None:
    quoted = text.quote(f"a{char}[31mb")

    assert char not in quoted
    assert quoted == f'"a\\u{ord(char):04x}[31mb"'
    assert json.loads(quoted) == f"a{char}[31mb"  # still the same JSON string


def test_errors_quote_is_the_same_function() -> None:
    assert errors.quote is text.quote
    assert errors.json_text is text.json_text


def test_escaping_json_keeps_its_layout() -> None:
    dumped = json.dumps({"a": "x\u202ey"}, indent=2, ensure_ascii=False)

    escaped = text.escape_json_controls(dumped)

    assert escaped == '{\n  "a": "x\\u202ey"\n}'


def test_printable_leaves_text_unquoted() -> None:
    assert text.printable("https://id.example.com/a\x1bb") == (
        "https://id.example.com/a\\u001bb"
    )
    assert text.printable("plain, ünïcode ✓") == "plain, ünïcode ✓"


def test_json_snippet_cuts_and_falls_back_to_repr() -> None:
    assert text.json_snippet("x" * 10, limit=5) == '"xxx…'
    assert text.json_snippet(b"\x1b") == "b'\\x1b'"
    assert text.json_snippet({"k": "\x9b"}) == '{"k": "\\u009b"}'


@given(st.binary(max_size=64))
def test_b64url_round_trip_without_padding(data: bytes) -> None:
    encoded = text.b64url_encode(data)

    assert "=" not in encoded
    assert "+" not in encoded
    assert "/" not in encoded
    assert text.b64url_decode(encoded) == data
    assert text.b64url_decode(encoded + "=" * (-len(encoded) % 4)) == data


def test_b64url_decode_refuses_an_impossible_length() -> None:
    with pytest.raises(binascii.Error):
        text.b64url_decode("abcde")


@pytest.mark.parametrize(
    ("value", "name", "kind"),
    [
        ({}, "object", "an object"),
        ([], "array", "an array"),
        ("s", "string", "a string"),
        (1, "number", "a number"),
        (1.5, "number", "a number"),
        (True, "boolean", "a boolean"),
        (None, "null", "null"),
    ],
)
def test_json_type_names(value: object, name: str, kind: str) -> None:
    assert text.json_type(value) == name
    assert text.json_kind(value) == kind
