"""The engine's one exception family. Callers catch InspectorError, never PyJWT's."""

from __future__ import annotations

from enum import StrEnum

# Quoting lives in text.py; these names stay importable from here.
from jwtinspector.core.text import escape_json_controls as escape_json_controls
from jwtinspector.core.text import json_text as json_text
from jwtinspector.core.text import quote as quote


class Problem(StrEnum):
    """Which decode problem a TokenFormatError is (its headline's key)."""

    EMPTY = "empty"
    TOO_LARGE = "too_large"
    MISSING_PARTS = "missing_parts"
    EXTRA_PARTS = "extra_parts"
    GLUED = "glued"
    BAD_CHARACTER = "bad_character"
    CUT_SHORT = "cut_short"
    PADDING = "padding"
    CHANGED_CHARACTER = "changed_character"
    NOT_TEXT = "not_text"
    BAD_JSON = "bad_json"
    NOT_OBJECT = "not_object"
    ENCRYPTED = "encrypted"
    NOT_JSON = "not_json"
    NOT_CLAIMS = "not_claims"
    NUMBER_RANGE = "number_range"
    DUPLICATE = "duplicate"
    TOO_DEEP = "too_deep"
    UNPROTECTED = "unprotected"
    DETACHED = "detached"
    FORMAT = "format"


class InspectorError(Exception):
    """Base class for every error the engine raises on bad input."""


# What is wrong, in plain words, for each kind of decode problem: the first
# thing a user reads. {segment} is the part's name ("payload", "IV"), {near}
# " near position N" when the problem has a place. The technical reason
# follows it (TokenFormatError.detail). The advice says what to do, if
# anything can be said in general.
HEADLINES: dict[Problem, tuple[str, str]] = {
    Problem.EMPTY: (
        "There is no token here",
        "Paste a token, drop a file or open one.",
    ),
    Problem.TOO_LARGE: ("This text is too large to be a token", ""),
    Problem.MISSING_PARTS: (
        "Part of the token is missing{near}",
        "Copy the whole token again: it has parts separated by dots.",
    ),
    Problem.EXTRA_PARTS: (
        "The token has more parts than a token can have{near}",
        "Check that only one token was copied.",
    ),
    Problem.GLUED: (
        "{count} tokens are glued together here: the second starts at "
        "position {position}",
        "Keep one: delete the other, or paste the one you want on its own.",
    ),
    Problem.BAD_CHARACTER: (
        "The {segment} holds a character a token cannot contain{near}",
        "",
    ),
    Problem.CUT_SHORT: (
        "The {segment} is cut short or has a stray character{near}",
        "Copy the whole token again.",
    ),
    Problem.PADDING: ("The {segment} ends in '=' padding, which tokens do not use", ""),
    Problem.CHANGED_CHARACTER: (
        "A character is missing or changed in the {segment}{near}",
        "Copy the whole token again; a changed token fails its signature.",
    ),
    Problem.NOT_TEXT: ("The {segment} decodes to bytes that are not text", ""),
    Problem.BAD_JSON: ("The {segment} is not valid JSON{near}", ""),
    Problem.NOT_OBJECT: ("The {segment} is not a JSON object", ""),
    Problem.ENCRYPTED: ("This token is encrypted (JWE)", ""),
    Problem.NOT_JSON: ("The payload is not JSON", ""),
    Problem.NOT_CLAIMS: ("The payload is not a set of claims", ""),
    Problem.NUMBER_RANGE: (
        "A number in the {segment} is too large for most libraries",
        "",
    ),
    Problem.DUPLICATE: ("The {segment} names a member twice", ""),
    Problem.TOO_DEEP: ("The {segment} is nested too deeply to read", ""),
    Problem.UNPROTECTED: (
        "The {segment} holds what the signature does not cover",
        "",
    ),
    Problem.DETACHED: (
        "The payload is not in the token (detached content)",
        "Give the payload to verify the signature.",
    ),
    Problem.FORMAT: ("The token cannot be read", ""),
}
# The headline when a warning groups more than one of its kind ({number}:
# "49,245").
PLURAL_HEADLINES: dict[Problem, str] = {
    Problem.DUPLICATE: "The {segment} repeats {number} member names",
    Problem.NUMBER_RANGE: "{number} numbers in the {segment} are too large for "
    "most libraries",
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
        kind: Which problem it is (a Problem, a key of HEADLINES).
        count: How many of it there are: tokens glued together (kind
            "glued"), member names repeated, numbers out of range (a warning
            groups them all).
    """

    def __init__(
        self,
        reason: str,
        *,
        kind: Problem = Problem.FORMAT,
        segment: str = "token",
        offset: int | None = None,
        length: int = 1,
        count: int = 1,
    ) -> None:
        self.segment = segment
        self.offset = offset
        self.length = length
        self.reason = reason
        self.kind = Problem(kind) if kind in HEADLINES else Problem.FORMAT
        self.count = count
        super().__init__(self.message)

    @property
    def headline(self) -> str:
        """What is wrong in plain words, e.g. 'A character is missing or
        changed in the payload near position 118'."""
        template = HEADLINES[self.kind][0]
        if self.count > 1:
            template = PLURAL_HEADLINES.get(self.kind, template)
        position = self.offset + 1 if self.offset is not None else 0
        return template.format(
            segment=_SEGMENT_NAMES.get(self.segment, self.segment.replace("_", " ")),
            near=f" near position {position}" if self.offset is not None else "",
            position=position,
            count=_COUNTS.get(self.count, str(self.count)),
            number=f"{self.count:,}",
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


class DecryptionError(InspectorError):
    """Raised when a well-formed JWE cannot be decrypted.

    ``kind`` says why, so callers can tell "this key does not open it" (or
    "it was changed") from "this cannot be tried at all":

    - ``wrong_key``: the key given does not decrypt it (or does not fit it);
    - ``tampered``: the integrity check failed (ciphertext, tag, AAD or
      protected header changed; with ``dir`` or ``ECDH-ES`` a wrong key looks
      the same, and the message says so);
    - ``unsupported``: an ``alg``, ``enc``, ``zip`` or ``crit`` this tool does
      not implement;
    - ``limit``: refused on purpose (PBES2 ``p2c``, decompressed size);
    - ``no_key``: no key or password was given that this kind of JWE needs.
    """

    WRONG_KEY = "wrong_key"
    TAMPERED = "tampered"
    UNSUPPORTED = "unsupported"
    LIMIT = "limit"
    NO_KEY = "no_key"

    def __init__(self, message: str, *, kind: str) -> None:
        super().__init__(message)
        self.kind = kind

    @property
    def message(self) -> str:
        return str(self)

    @property
    def not_decryptable(self) -> bool:
        """True when the key does not open it or it was changed (exit 1)."""
        return self.kind in (self.WRONG_KEY, self.TAMPERED)
