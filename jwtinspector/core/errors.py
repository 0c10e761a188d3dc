"""The engine's one exception family. Callers catch InspectorError, never PyJWT's."""

from __future__ import annotations

# Quoting lives in text.py; these names stay importable from here.
from jwtinspector.core.text import escape_json_controls as escape_json_controls
from jwtinspector.core.text import json_text as json_text
from jwtinspector.core.text import quote as quote


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
