"""What a JWE's plaintext is: JSON, a nested token, or bytes."""

from __future__ import annotations

from typing import Any

from jwtinspector.core.errors import TokenFormatError
from jwtinspector.core.json_read import read_json


def plaintext_json(plaintext: bytes) -> tuple[bool, Any, list[str]]:
    """(True, value, warnings) when the plaintext is UTF-8 JSON, else
    (False, None, notes): a note says why JSON-looking plaintext is shown as
    bytes (nested too deeply, not valid JSON with its line and column)."""
    try:
        read = read_json(plaintext, "plaintext")
    except TokenFormatError as exc:
        looks = plaintext.lstrip()[:1] in (b"{", b"[")
        return (
            False,
            None,
            [f"the plaintext is shown as text: {exc.reason}"] if looks else [],
        )
    return True, read.value, [w.reason for w in read.warnings]


def says_jwt(cty: Any) -> bool:
    """Whether ``cty`` names a JWT: "JWT", any case, "application/" optional
    (RFC 7516 §4.1.12, RFC 7515 §4.1.10, RFC 7519 §5.2)."""
    if not isinstance(cty, str):
        return False
    value = cty.strip().lower()
    return value.removeprefix("application/") == "jwt"


def nested_token(cty: Any, plaintext: bytes) -> tuple[Any, str]:
    """The nested token (a DecodedToken) and a note, or (None, "").

    A token is looked for when ``cty`` says JWT, or when the plaintext is
    itself a compact token (some issuers leave ``cty`` out).
    """
    from jwtinspector.core.token import inspect_token

    try:
        text = plaintext.decode("ascii").strip()
    except UnicodeDecodeError:
        text = ""
    compact = bool(text) and text.count(".") in (2, 4) and " " not in text
    if not says_jwt(cty) and not compact:
        return None, ""
    try:
        decoded = inspect_token(text) if text else None
    except TokenFormatError as exc:
        decoded, reason = None, exc.message
    else:
        reason = decoded.errors[0].message if decoded and decoded.errors else ""
    if decoded is None or decoded.errors:
        if says_jwt(cty):
            return None, f'cty says "JWT" but the content is not a token: {reason}'
        return None, ""
    return decoded, ""
