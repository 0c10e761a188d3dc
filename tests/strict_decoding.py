"""Strict decoding for tests: the token, or its first problem raised."""

from __future__ import annotations

from jwtinspector.core.limits import DEFAULT_MAX_SIZE
from jwtinspector.core.token import DecodedToken, inspect_token


def parse_token(text: str, *, max_size: int = DEFAULT_MAX_SIZE) -> DecodedToken:
    """Decode a token strictly: raise the first problem found.

    Raises:
        TokenFormatError: If any part of the token cannot be decoded.
    """
    decoded = inspect_token(text, max_size=max_size)
    if decoded.errors:
        raise decoded.errors[0]
    return decoded
