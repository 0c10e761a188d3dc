"""The engine's one exception family. Callers catch InspectorError, never PyJWT's."""

from __future__ import annotations

import json
import re

# C1 controls and DEL, which json.dumps(ensure_ascii=False) leaves as they are.
_UNESCAPED_CONTROLS = re.compile("[\x7f-\x9f]")


def quote(text: str) -> str:
    """Double-quote untrusted text for a message, control characters escaped.

    Text from a token must not be able to break a message's line or send
    escape sequences to a terminal.
    """
    return json_text(text)


def json_text(value: object) -> str:
    """An untrusted JSON value on one line, with no raw control character.

    Raises:
        TypeError, ValueError: As json.dumps does for what is not JSON.
    """
    return escape_json_controls(json.dumps(value, ensure_ascii=False))


def escape_json_controls(text: str) -> str:
    """Escape the C1 controls json.dumps(ensure_ascii=False) leaves raw (they
    can only be inside strings, where \\u escapes mean the same)."""
    return _UNESCAPED_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class InspectorError(Exception):
    """Base class for every error the engine raises on bad input."""


class TokenFormatError(InspectorError):
    """Raised when text is not a well-formed compact token.

    Attributes:
        segment: "header", "payload", "signature", "token" (whole input) or
            "encrypted_key"/"iv"/"ciphertext"/"tag" for a JWE.
        offset: Character offset in the user's original input where the
            problem starts, or None when it concerns the whole input.
        length: How many characters the problem spans (at least 1 when an
            offset is given), so an editor can mark them.
        reason: The problem in plain words, without the location.
    """

    def __init__(
        self,
        reason: str,
        *,
        segment: str = "token",
        offset: int | None = None,
        length: int = 1,
    ) -> None:
        self.segment = segment
        self.offset = offset
        self.length = length
        self.reason = reason
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The reason with where it happened, e.g. 'payload, character 41: ...'."""
        where = self.segment if self.segment != "token" else "token"
        if self.offset is not None:
            where = f"{where}, character {self.offset + 1}"
        return f"{where}: {self.reason}"


class InputTooLargeError(TokenFormatError):
    """Raised when the input exceeds the size limit; checked before any decoding."""


class KeyMaterialError(InspectorError):
    """Raised when key text cannot be loaded or does not fit its declared use."""


class SigningError(InspectorError):
    """Raised when a token cannot be signed with the given key and algorithm."""


class UsageError(InspectorError):
    """Raised for an unusable request, such as an unknown algorithm name."""
