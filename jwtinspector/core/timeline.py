"""A timeline of the time claims of the tokens in a paste, against one instant.

Each token is a row of marks (``iat``, ``nbf``, ``auth_time``, ``exp``) on
one shared time axis; the instant the tokens are judged at is a line
across them. Pure data: the window paints it (widgets/timeline_strip.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from jwtinspector.core.numericdate import (
    MILLISECONDS_THRESHOLD,
    format_utc,
    is_numeric,
    relative_text,
)

TIMELINE_CLAIMS = ("iat", "nbf", "auth_time", "exp")
"""The time claims drawn, in the order of a token's life."""
MAX_TIMELINE_ROWS = 10
"""Tokens drawn at most; the rest are counted ("… 3 more")."""
_MIN_SPAN = 3600.0  # a lone instant gets an hour either side


@dataclasses.dataclass(frozen=True)
class Mark:
    """One time claim of one token.

    Attributes:
        claim: "iat", "nbf", "auth_time" or "exp".
        seconds: Its NumericDate.
    """

    claim: str
    seconds: float

    def describe(self, at: float) -> str:
        """'exp: 2026-05-01 12:00:00 UTC, 2 h after the evaluation time'."""
        when = relative_text(self.seconds - at)
        if when == "now":
            where = "at the evaluation time"
        elif when.startswith("in "):
            where = f"{when[3:]} after the evaluation time"
        else:
            where = f"{when.removesuffix(' ago')} before the evaluation time"
        return f"{self.claim}: {format_utc(self.seconds)}, {where}"


@dataclasses.dataclass(frozen=True)
class TimelineRow:
    """One token's marks.

    Attributes:
        label: What names the token ("Authorization", "line 3", "token").
        marks: Its time claims, by date.
        shown: True for the token the window shows.
        note: Why a mark is missing ("no time claims", "encrypted: …").
    """

    label: str
    marks: tuple[Mark, ...]
    shown: bool = False
    note: str = ""


@dataclasses.dataclass(frozen=True)
class Timeline:
    """The rows, how many more tokens were left out, and the axis.

    Attributes:
        rows: At most MAX_TIMELINE_ROWS rows.
        more: Tokens beyond them.
        at: The instant the tokens are judged at (the line).
        start: The axis's first instant.
        end: Its last (always after ``start``).
    """

    rows: tuple[TimelineRow, ...]
    more: int
    at: float
    start: float
    end: float

    def position(self, seconds: float) -> float:
        """Where ``seconds`` lies on the axis, 0 at its start and 1 at its end."""
        return (seconds - self.start) / (self.end - self.start)


def marks_of(claims: dict[str, Any] | None) -> tuple[tuple[Mark, ...], str]:
    """A claims set's marks by date, and a note on what cannot be drawn."""
    marks: list[Mark] = []
    skipped: list[str] = []
    for name in TIMELINE_CLAIMS:
        value = (claims or {}).get(name)
        if value is None:
            continue
        if not is_numeric(value) or abs(value) >= MILLISECONDS_THRESHOLD:
            skipped.append(name)  # not a date, or surely milliseconds
            continue
        marks.append(Mark(name, float(value)))
    marks.sort(key=lambda mark: mark.seconds)
    if skipped:
        note = f"{', '.join(skipped)}: not a NumericDate in seconds"
    elif claims is None:
        note = "no readable claims"
    else:
        note = "" if marks else "no time claims"
    return tuple(marks), note


def build_timeline(rows: Iterable[TimelineRow], at: float) -> Timeline:
    """The rows (the first MAX_TIMELINE_ROWS) on an axis that holds every
    mark and ``at``, with a twentieth of the span as a margin either side."""
    every = list(rows)
    kept = tuple(every[:MAX_TIMELINE_ROWS])
    instants = [at, *(mark.seconds for row in kept for mark in row.marks)]
    low, high = min(instants), max(instants)
    span = high - low
    if span < _MIN_SPAN:
        middle = (low + high) / 2
        low, high, span = middle - _MIN_SPAN, middle + _MIN_SPAN, 2 * _MIN_SPAN
    margin = span / 20
    return Timeline(kept, len(every) - len(kept), at, low - margin, high + margin)
