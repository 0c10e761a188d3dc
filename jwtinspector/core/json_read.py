"""The one bounded JSON reader for every part that is not a compact token's
header or payload: SD-JWT disclosures, a JWE's protected header and
plaintext, the JSON serialization, keys and JWKS, fetched documents, the
CLI's ``--payload``/``--header``.

Nesting deeper than core/limits.py MAX_JSON_DEPTH is refused before parsing
(so Python's C parser never recurses that far); repeated member names and
numbers beyond float range are each grouped into one warning with a count;
an error names the part and the line and column.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from jwtinspector.core.errors import Problem, TokenFormatError
from jwtinspector.core.json_scan import (
    deeper_than,
    duplicate_warning,
    infinite_warning,
    too_deep,
)
from jwtinspector.core.limits import MAX_JSON_DEPTH, MAX_JSON_INT_DIGITS
from jwtinspector.core.text import json_error_text


@dataclass(frozen=True)
class ReadJson:
    """A JSON value read with its grouped warnings."""

    value: Any
    warnings: tuple[TokenFormatError, ...] = ()
    duplicates: tuple[str, ...] = ()


class JsonNumberError(ValueError):
    """A number json would accept that is not JSON or cannot be read."""


def parse_json(text: str, part: str) -> Found:
    """``json.loads`` with the shared hooks: the value, with the repeated
    names and the numbers beyond float range it met. The one parse step of
    :func:`read_json` and of the compact token's decoder, which report its
    errors each in their own way.

    Raises:
        TokenFormatError: ``TOO_DEEP`` when nested over the limit (checked
            before parsing, so Python's C parser never recurses that far).
        json.JSONDecodeError: A syntax error.
        JsonNumberError: NaN or Infinity, or an integer too long to read.
        ValueError, RecursionError: A limit of Python's own.
    """
    depth = deeper_than(text, MAX_JSON_DEPTH)
    if depth is not None:
        raise too_deep(depth, part)
    found = Found()
    found.value = json.loads(
        text,
        object_pairs_hook=found.pairs,
        parse_constant=_reject_constant,
        parse_int=_parse_int,
        parse_float=found.number,
    )
    return found


def read_json(data: str | bytes, part: str, *, kept: str = "used") -> ReadJson:
    """Read ``data`` as JSON, bounded.

    Args:
        part: Where the JSON is, for messages ("disclosure 3", "key file").
        kept: What happens to a repeated member's last value ("used", "shown").

    Raises:
        TokenFormatError: ``NOT_TEXT`` when bytes are not UTF-8, ``TOO_DEEP``
            when nested over the limit (its depth named), ``BAD_JSON`` with
            the line and column otherwise; ``segment`` is ``part``, and
            ``offset`` of a syntax error the character in the text read.
    """
    text = _as_text(data, part)
    try:
        found = parse_json(text, part)
    except json.JSONDecodeError as exc:
        raise TokenFormatError(
            json_error_text(exc), kind=Problem.BAD_JSON, segment=part, offset=exc.pos
        ) from None
    except JsonNumberError as exc:
        raise TokenFormatError(
            f"not valid JSON: {exc}", kind=Problem.BAD_JSON, segment=part
        ) from None
    except (ValueError, RecursionError):  # a limit of Python's own
        raise TokenFormatError(
            "not valid JSON: it cannot be read", kind=Problem.BAD_JSON, segment=part
        ) from None
    warnings: list[TokenFormatError] = []
    if found.infinite:
        warnings.append(infinite_warning(found.infinite, text, part))
    if found.dups:
        warnings.append(duplicate_warning(list(found.dups), text, part, kept=kept))
    return ReadJson(found.value, tuple(warnings), tuple(found.dups))


def json_value(data: str | bytes, part: str) -> Any:
    """Just the value of :func:`read_json` (its warnings dropped).

    Raises:
        TokenFormatError: As :func:`read_json`.
    """
    return read_json(data, part).value


def _as_text(data: str | bytes, part: str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TokenFormatError(
            f"not UTF-8: byte 0x{data[exc.start]:02x} at byte "
            f"{exc.start + 1:,} cannot be read",
            kind=Problem.NOT_TEXT,
            segment=part,
        ) from None


class Found:
    """A parsed value and what the parse hooks collected on the way: repeated
    names (each once) and numbers beyond float range."""

    def __init__(self) -> None:
        self.value: Any = None
        self.dups: dict[str, None] = {}  # ordered, constant-time membership
        self.infinite: list[str] = []

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    self.dups.setdefault(key)
                seen.add(key)
        return result

    def number(self, number: str) -> float:
        value = float(number)
        if math.isinf(value):
            self.infinite.append(number)
        return value


def _reject_constant(name: str) -> Any:
    raise JsonNumberError(f"{name} is not a JSON value")


def _parse_int(number: str) -> int:
    digits = len(number.lstrip("-"))
    if digits > MAX_JSON_INT_DIGITS:
        raise JsonNumberError(
            f"a number of {digits:,} digits is too long to read "
            f"(at most {MAX_JSON_INT_DIGITS:,})"
        )
    return int(number)
