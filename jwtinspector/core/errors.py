"""The engine's one exception family. Callers catch InspectorError, never PyJWT's."""

from __future__ import annotations

# Quoting lives in text.py; these names stay importable from here.
from jwtinspector.core.text import escape_json_controls as escape_json_controls
from jwtinspector.core.text import json_text as json_text
from jwtinspector.core.text import quote as quote


class InspectorError(Exception):
    """Base class for every error the engine raises on bad input."""


# What is wrong, in plain words, for each kind of decode problem: the first
# thing a user reads. {segment} is the part's name ("payload", "IV"), {near}
# " near position N" when the problem has a place. The technical reason
# follows it (TokenFormatError.detail). The advice says what to do, if
# anything can be said in general.
HEADLINES: dict[str, tuple[str, str]] = {
    "empty": ("There is no token here", "Paste a token, drop a file or open one."),
    "too_large": ("This text is too large to be a token", ""),
    "missing_parts": (
        "Part of the token is missing{near}",
        "Copy the whole token again: it has parts separated by dots.",
    ),
    "extra_parts": (
        "The token has more parts than a token can have{near}",
        "Check that only one token was copied.",
    ),
    "glued": (
        "{count} tokens are glued together here: the second starts at "
        "position {position}",
        "Keep one: delete the other, or paste the one you want on its own.",
    ),
    "bad_character": (
        "The {segment} holds a character a token cannot contain{near}",
        "",
    ),
    "cut_short": (
        "The {segment} is cut short or has a stray character{near}",
        "Copy the whole token again.",
    ),
    "padding": ("The {segment} ends in '=' padding, which tokens do not use", ""),
    "changed_character": (
        "A character is missing or changed in the {segment}{near}",
        "Copy the whole token again; a changed token fails its signature.",
    ),
    "not_text": ("The {segment} decodes to bytes that are not text", ""),
    "bad_json": ("The {segment} is not valid JSON{near}", ""),
    "not_object": ("The {segment} is not a JSON object", ""),
    "encrypted": ("This token is encrypted (JWE)", ""),
    "not_json": ("The payload is not JSON", ""),
    "not_claims": ("The payload is not a set of claims", ""),
    "number_range": ("A number in the {segment} is too large for most libraries", ""),
    "duplicate": ("The {segment} names a member twice", ""),
    "format": ("The token cannot be read", ""),
}
_COUNTS = {2: "Two", 3: "Three", 4: "Four", 5: "Five"}
_SEGMENT_NAMES = {"iv": "IV", "encrypted_key": "encrypted key", "token": "token"}


class TokenFormatError(InspectorError):
    """Raised when text is not a well-formed compact token.

    ``message`` leads with the plain-words headline, then the advice, then
    the technical detail with its place: "A character is missing or changed
    in the payload near position 118. … — payload, character 118: …".

    Attributes:
        segment: "header", "payload", "signature", "token" (whole input) or
            "encrypted_key"/"iv"/"ciphertext"/"tag" for a JWE.
        offset: Character offset in the user's original input where the
            problem starts, or None when it concerns the whole input.
        length: How many characters the problem spans (at least 1 when an
            offset is given), so an editor can mark them.
        reason: The technical reason, without the location.
        kind: Which problem it is: a key of HEADLINES.
        count: How many tokens are glued together (kind "glued").
    """

    def __init__(
        self,
        reason: str,
        *,
        kind: str = "format",
        segment: str = "token",
        offset: int | None = None,
        length: int = 1,
        count: int = 2,
    ) -> None:
        self.segment = segment
        self.offset = offset
        self.length = length
        self.reason = reason
        self.kind = kind if kind in HEADLINES else "format"
        self.count = count
        super().__init__(self.message)

    @property
    def headline(self) -> str:
        """What is wrong in plain words, e.g. 'A character is missing or
        changed in the payload near position 118'."""
        template = HEADLINES[self.kind][0]
        position = self.offset + 1 if self.offset is not None else 0
        return template.format(
            segment=_SEGMENT_NAMES.get(self.segment, self.segment.replace("_", " ")),
            near=f" near position {position}" if self.offset is not None else "",
            position=position,
            count=_COUNTS.get(self.count, str(self.count)),
        )

    @property
    def advice(self) -> str:
        """What the user can do about it ("" when nothing general helps)."""
        return HEADLINES[self.kind][1]

    @property
    def detail(self) -> str:
        """The technical reason with its place, e.g. 'payload, character 41: …'."""
        where = self.segment
        if self.offset is not None:
            where = f"{where}, character {self.offset + 1}"
        return f"{where}: {self.reason}"

    @property
    def message(self) -> str:
        """Headline, advice, then the technical detail, on one line."""
        advice = f". {self.advice}" if self.advice else ""
        return f"{self.headline}{advice} — {self.detail}"


class InputTooLargeError(TokenFormatError):
    """Raised when the input exceeds the size limit; checked before any decoding."""


class KeyMaterialError(InspectorError):
    """Raised when key text cannot be loaded or does not fit its declared use."""


class SigningError(InspectorError):
    """Raised when a token cannot be signed with the given key and algorithm."""


class UsageError(InspectorError):
    """Raised for an unusable request, such as an unknown algorithm name."""
