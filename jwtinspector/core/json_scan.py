"""Fast scans of JSON text that the json module does not give: how deep it
nests, and where the first repeated member name or a given number is.

Each scan skips strings with one regular expression and walks only the
tokens it needs, so a megabyte of hostile JSON takes milliseconds, never
Python's recursion. The text is assumed to be valid JSON (it was parsed, or
is about to be): on anything else the answers are only approximate.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from operator import neg

from jwtinspector.core.errors import Problem, TokenFormatError, quote
from jwtinspector.core.limits import MAX_JSON_DEPTH

# A JSON string, its escapes included (the "unrolled loop" form: no backtracking).
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_STRINGS = re.compile(_STRING, re.DOTALL)
# A member name is a string followed by a colon; braces open and close objects.
_MEMBER_OR_BRACE = re.compile(rf"({_STRING})\s*:|[{{}}]", re.DOTALL)
_SQUARE = bytes.maketrans(b"{}", b"[]")
_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))
_BRACKET_RUNS = re.compile(rb"\[+|\]+")
_PEEL_PASSES = 8
_SCAN_CAP = 50_000
"""Tokens a location scan walks before it gives up (the place is then unknown)."""
_CANDIDATES = 8
"""Occurrences of a number's text that are tried before giving up."""


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest in ``text`` (0 for a scalar)."""
    # Only the brackets outside strings matter, all made square, as bytes:
    # C-speed passes over a megabyte.
    outside = _STRINGS.sub("", text).encode("utf-8", "replace")
    brackets = outside.translate(_SQUARE, _NOT_BRACKETS)
    # Peel the innermost pairs a level at a time: wide documents vanish in a
    # few passes; what is left is counted run by run.
    peeled = 0
    while brackets and peeled < _PEEL_PASSES:
        inner = brackets.replace(b"[]", b"")
        if len(inner) == len(brackets):
            break
        brackets, peeled = inner, peeled + 1
    runs = _BRACKET_RUNS.findall(brackets)
    if not runs:
        return peeled
    # Runs of opening and closing brackets alternate: negate every closing one.
    steps = list(map(len, runs))
    first_close = 0 if runs[0][:1] == b"]" else 1
    steps[first_close::2] = map(neg, steps[first_close::2])
    return peeled + max(accumulate(steps, initial=0))


def deeper_than(text: str, limit: int) -> int | None:
    """The nesting depth of ``text`` when it is over ``limit``, else None.

    Text with no more opening brackets than ``limit`` is not scanned.
    """
    if text.count("[") + text.count("{") <= limit:
        return None
    depth = nesting_depth(text)
    return depth if depth > limit else None


def first_repeated_member(text: str) -> tuple[str, int] | None:
    """The first member name, in reading order, that its object already has:
    (the name, the offset of its second occurrence in ``text``), or None."""
    objects: list[set[str]] = []
    for count, match in enumerate(_MEMBER_OR_BRACE.finditer(text)):
        if count > _SCAN_CAP:
            return None
        quoted = match.group(1)
        if quoted is None:
            if match.group() == "{":
                objects.append(set())
            elif objects:
                objects.pop()
            continue
        name = json.loads(quoted) if "\\" in quoted else quoted[1:-1]
        if not objects:
            continue
        if name in objects[-1]:
            return name, match.start()
        objects[-1].add(name)
    return None


def first_number(text: str, literal: str) -> int | None:
    """The offset of the number written ``literal`` in ``text`` (outside
    strings), or None (also when the first few places are all in strings)."""
    number = re.compile(rf"(?<![0-9.eE+-]){re.escape(literal)}(?![0-9.eE+-])")
    for index, match in enumerate(number.finditer(text)):
        if index >= _CANDIDATES:
            return None
        if not _in_string(text, match.start()):
            return match.start()
    return None


def _in_string(text: str, offset: int) -> bool:
    """True when ``offset`` is inside a string: an odd number of unescaped
    quotes comes before it (backslashes occur only in strings, in pairs or
    before the character they escape)."""
    before = text[:offset].replace("\\\\", "").replace('\\"', "")
    return before.count('"') % 2 == 1


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def place(text: str, offset: int | None) -> str:
    """ "line 3, column 5" for ``offset`` in ``text``; "" when unknown."""
    if offset is None:
        return ""
    line, column = line_column(text, offset)
    return f"line {line:,}, column {column:,}"


# --- the grouped warnings the decoders share ----------------------------------


def infinite_warning(numbers: list[str], text: str, segment: str) -> TokenFormatError:
    """One warning for every number beyond float range in ``text``: the count,
    the first one and where it is."""
    first = _shorten(numbers[0])
    where = place(text, first_number(text, numbers[0]))
    if len(numbers) == 1:
        what, at = f"the number {first} is", f"; it is at {where}" if where else ""
    else:
        what = f"{len(numbers):,} numbers are"
        at = (
            f"; the first, {first}, is at {where}" if where else f"; the first: {first}"
        )
    return TokenFormatError(
        f"{what} beyond the range of a 64-bit float, which most JWT libraries "
        f"use (RFC 8259 §6){at}",
        kind=Problem.NUMBER_RANGE,
        segment=segment,
        count=len(numbers),
    )


def duplicate_warning(
    names: list[str], text: str, segment: str, *, kept: str = "shown"
) -> TokenFormatError:
    """One warning for every member name ``text`` repeats (``names``, as
    the JSON reader found them): the count, the first and where it repeats.

    Args:
        kept: What happens to the last value ("shown", "used").
    """
    found = first_repeated_member(text)
    first, offset = found if found and found[0] in names else (names[0], None)
    where = place(text, offset)
    again = f" (again at {where})" if where else ""
    if len(names) == 1:
        reason = (
            f"the member {quote(first)} appears more than once{again}; "
            f"the last value is {kept}"
        )
    else:
        at = f", again at {where}" if where else ""
        reason = (
            f"{len(names):,} member names appear more than once (first: "
            f"{quote(first)}{at}); the last value of each is {kept}"
        )
    return TokenFormatError(
        f"{reason}, but other parsers may read the first (RFC 7515 §4, RFC 7519 §4)",
        kind=Problem.DUPLICATE,
        segment=segment,
        count=len(names),
    )


def too_deep(depth: int, segment: str) -> TokenFormatError:
    """The error for JSON nested deeper than core/limits.py allows."""
    return TokenFormatError(
        f"the JSON is nested {depth:,} levels deep; at most {MAX_JSON_DEPTH:,} "
        "are read",
        kind=Problem.TOO_DEEP,
        segment=segment,
    )


def _shorten(text: str, limit: int = 40) -> str:
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(text):,} characters)"
