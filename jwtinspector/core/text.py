"""Text for messages: untrusted text quoted safely, base64url, JSON type names.

Everything a token, a key or a server supplies is untrusted: put into a
message, it must not break the line, send an escape sequence to a terminal
(C0 and C1 controls, e.g. ESC or U+009B CSI) or turn the rest of the line
around (bidirectional overrides such as U+202E). The helpers here are the one
place that knows how to write such text down.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

# What must never reach a message raw: C0 controls, DEL and C1 controls,
# the Arabic letter mark, the directional marks, the line and paragraph
# separators, and the bidirectional embeddings, overrides and isolates.
_INVISIBLE = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
UNSAFE_CHARACTERS = f"\x00-\x1f{_INVISIBLE}"
"""The characters above, as the body of a regular expression's [class]."""
_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}]")
# json.dumps already escapes C0 controls inside strings; outside them, its
# newlines and indentation are wanted.
_JSON_UNSAFE = re.compile(f"[{_INVISIBLE}]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def escape_json_controls(text: str) -> str:
    """Escape what json.dumps(ensure_ascii=False) leaves raw but a terminal or a
    bidirectional display would act on (inside JSON strings, where the \\u
    escapes mean the same)."""
    return _JSON_UNSAFE.sub(_escape, text)


def printable(text: str) -> str:
    """``text`` as it is, but with every control or direction character shown
    as a \\u escape: for text set in a message without quotes, such as a URL."""
    return _UNSAFE.sub(_escape, text)


def json_text(value: object) -> str:
    """An untrusted JSON value on one line, with no raw control character.

    Raises:
        TypeError, ValueError: As json.dumps does for what is not JSON.
    """
    return escape_json_controls(json.dumps(value, ensure_ascii=False))


def quote(text: str) -> str:
    """Double-quote untrusted text for a message, control characters escaped.

    Text from a token must not be able to break a message's line or send
    escape sequences to a terminal.
    """
    return json_text(text)


def json_snippet(value: Any, limit: int = 1000) -> str:
    """Any value from a token or a server as JSON text on one safe line, cut to
    ``limit`` characters (what is not JSON is shown as Python writes it)."""
    try:
        text = json_text(value)
    except (TypeError, ValueError, RecursionError):
        text = printable(repr(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_error_text(error: json.JSONDecodeError) -> str:
    """Why JSON did not parse, with its place: "not valid JSON: Expecting ','
    delimiter (line 3, column 5)"."""
    return f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"


# --- base64url (RFC 7515 §2) ------------------------------------------------------

B64URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
"""The 64 characters of base64url (RFC 4648 §5), each at its 6-bit value."""


def b64url_encode(data: bytes) -> str:
    """base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str | bytes) -> bytes:
    """Bytes from base64url, with or without padding.

    Raises:
        binascii.Error: If the text is not base64url.
    """
    raw = text.encode("ascii") if isinstance(text, str) else text
    raw = raw.rstrip(b"=")
    return base64.urlsafe_b64decode(raw + b"=" * (-len(raw) % 4))


# --- JSON type names -----------------------------------------------------------------


def json_type(value: Any) -> str:
    """The JSON name of a value's type: object, array, string, number, boolean,
    null, or "value" for what JSON cannot hold."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {
        str: "string",
        type(None): "null",
        list: "array",
        tuple: "array",
        dict: "object",
    }.get(type(value), "value")


def json_kind(value: Any) -> str:
    """The JSON type with its article, for a sentence: "a string", "an array",
    "null"."""
    name = json_type(value)
    if name == "null":
        return name
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"
