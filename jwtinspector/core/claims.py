"""Rows for the claims tables: name, readable value, meaning and notes.

The meanings come from ``resources/claims.json`` (shipped inside the package as
``jwtinspector.resources``), each with the RFC or spec section it comes from.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
from typing import Any

from jwtinspector.core.numericdate import NUMERIC_DATE_CLAIMS, DateInfo, describe_date
from jwtinspector.core.resources import read_resource

LONG_VALUE = 300
"""Values longer than this (as JSON) are shortened in table rows."""
MAX_ROWS = 1000
"""At most this many members get a row; one more row counts the rest (a
hostile token's 50,000 claims would take seconds to describe)."""


@dataclasses.dataclass(frozen=True)
class Meaning:
    """What a registered name means and where that is defined."""

    name: str
    meaning: str
    source: str


@dataclasses.dataclass(frozen=True)
class ClaimRow:
    """One member of a header or claims set, ready to display.

    Attributes:
        name: The member name.
        value: The JSON value as decoded.
        value_text: Compact JSON, with a human date for NumericDate claims.
        meaning: Plain-words meaning, or "" for a private claim.
        source: Where the meaning is defined, e.g. "RFC 7519 §4.1.4".
        date: The readable date for a numeric NumericDate claim.
        note: A problem worth flagging in the row (e.g. milliseconds).
        more: On the last row of a long list only: how many members have no
            row (the row stands for them and is not a member).
    """

    name: str
    value: Any
    value_text: str
    meaning: str
    source: str
    date: DateInfo | None
    note: str
    more: int = 0

    @property
    def is_date(self) -> bool:
        """True for a NumericDate claim (even one whose value is not a number)."""
        return self.name in NUMERIC_DATE_CLAIMS


@functools.cache
def dictionary() -> dict[str, dict[str, Meaning]]:
    """The teaching dictionary: {"claims": {...}, "header": {...}}."""
    raw = json.loads(read_resource("claims.json"))
    return {
        part: {
            name: Meaning(entry.get("name", name), entry["meaning"], entry["source"])
            for name, entry in raw.get(part, {}).items()
        }
        for part in ("claims", "header")
    }


def meaning_of(name: str, part: str = "claims") -> Meaning | None:
    """The registered meaning of a claim or header parameter, if any."""
    return dictionary()[part].get(name)


def describe_members(
    members: dict[str, Any] | None, *, part: str, now: float
) -> tuple[ClaimRow, ...]:
    """One row per member, in the token's order."""
    if not members:
        return ()
    listed = itertools.islice(members.items(), MAX_ROWS)
    rows = tuple(_row(name, value, part, now) for name, value in listed)
    more = len(members) - len(rows)
    if more <= 0:
        return rows
    noun = "claims" if part == "claims" else "parameters"
    text = f"{more:,} more {noun} not listed here: the JSON view shows them"
    return (*rows, ClaimRow("…", None, text, "", "", None, "", more=more))


def _row(name: str, value: Any, part: str, now: float) -> ClaimRow:
    meaning = meaning_of(name, part)
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > LONG_VALUE:  # a table cell cannot show more; the JSON view can
        text = f"{text[:LONG_VALUE]}… ({len(text) - LONG_VALUE} more characters)"
    date = (
        describe_date(value, now)
        if part == "claims" and name in NUMERIC_DATE_CLAIMS
        else None
    )
    note = ""
    if date is not None:
        if date.looks_like_ms:
            # Both readings in the cell: the milliseconds one is what was meant.
            text = f"{text}  (as ms: {date.ms_utc}; as seconds: {date.local})"
            note = (
                f"Looks like milliseconds: NumericDate is in seconds. As seconds: "
                f"{date.utc}; as milliseconds: {date.ms_utc}."
            )
        else:
            text = f"{text}  ({date.local})"
    elif part == "claims" and name in NUMERIC_DATE_CLAIMS:
        note = f"{name} should be a number of seconds since 1970 (RFC 7519 §2)."
    return ClaimRow(
        name=name,
        value=value,
        value_text=text,
        meaning=meaning.meaning if meaning else "",
        source=meaning.source if meaning else "",
        date=date,
        note=note,
    )
