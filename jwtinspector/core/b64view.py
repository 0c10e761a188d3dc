"""A base64url segment byte by byte: each 4 characters lined up with their 3 bytes.

For learners (RFC 4648 §4, §5): every character stands for 6 bits, so 4
characters (24 bits) are 3 bytes. base64url is standard base64 with two
characters swapped ("+" is written "-", "/" is written "_") and, in a JWS, the
"=" padding of the last group left out (RFC 7515 §2). A last group of 2 or 3
characters carries 4 or 2 low bits no byte uses; they must be zero (RFC 4648
§3.5), or the same bytes get a second spelling.

Pure Python, no Qt; the result is immutable and capped (``GROUPS_SHOWN``).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from jwtinspector.core.text import B64URL_ALPHABET

if TYPE_CHECKING:
    from jwtinspector.core.token import DecodedToken

GROUPS_SHOWN = 64
"""Groups of 4 characters listed; the rest are counted ("… N more groups")."""

_STANDARD = {"-": "+", "_": "/"}
"""base64url's two characters and the standard base64 ones they replace."""

_VALUES = {char: value for value, char in enumerate(B64URL_ALPHABET)}


@dataclasses.dataclass(frozen=True)
class Group:
    """Up to 4 characters of a segment and the bytes they stand for.

    Attributes:
        start: Offset of the first character in the segment (0-based).
        chars: The characters as in the token.
        values: Each character's 6-bit value (None: not a base64url character).
        data: The bytes they decode to (empty when a character is not
            base64url, or for a lone last character, which is not a byte).
        padding: The "=" or "==" standard base64 would add and base64url
            leaves out (only in a short last group).
        unused_bits: Low bits of the last character no byte uses (4 or 2 in a
            short last group, else 0).
        unused_value: Their value; not 0 means another spelling of the same
            bytes (RFC 4648 §3.5).
    """

    start: int
    chars: str
    values: tuple[int | None, ...]
    data: bytes
    padding: str = ""
    unused_bits: int = 0
    unused_value: int = 0

    @property
    def swapped(self) -> tuple[int, ...]:
        """Indices (in ``chars``) of "-" and "_", base64url's own characters."""
        return tuple(i for i, c in enumerate(self.chars) if c in _STANDARD)

    @property
    def standard(self) -> str:
        """The same group in standard base64, its padding put back."""
        return "".join(_STANDARD.get(c, c) for c in self.chars) + self.padding

    @property
    def bits(self) -> str:
        """The 6-bit values in binary, one word per character ("?" if invalid)."""
        return " ".join(
            "??????" if value is None else format(value, "06b") for value in self.values
        )

    @property
    def ascii(self) -> str:
        """The bytes as ASCII where printable, "·" for the others."""
        return "".join(chr(b) if 0x20 <= b < 0x7F else "·" for b in self.data)


@dataclasses.dataclass(frozen=True)
class SegmentBytes:
    """A segment read group by group.

    Attributes:
        part: "header", "payload" or "signature".
        length: Characters in the segment (any "=" left out).
        byte_count: Bytes the whole segment decodes to (a lone last
            character counts for none).
        groups: The first groups (at most the limit asked for).
        more: How many groups are not listed.
        padding: The "=" or "==" base64url left out at the end ("" if none).
        padding_given: "=" characters the token itself had at the end (a
            warning: base64url in a JWS has none).
        problem: Why the segment is not valid base64url ("" when it is).
    """

    part: str
    length: int
    byte_count: int
    groups: tuple[Group, ...]
    more: int
    padding: str
    padding_given: int = 0
    problem: str = ""

    @property
    def swaps(self) -> int:
        """How many "-" and "_" the listed groups hold."""
        return sum(len(g.swapped) for g in self.groups)


def segment_bytes(part: str, text: str, limit: int = GROUPS_SHOWN) -> SegmentBytes:
    """``text`` (one segment's base64url) read 4 characters at a time.

    Only the first ``limit`` groups are built; the problem, if any, is found
    in the whole text.
    """
    body = text.rstrip("=")
    given = len(text) - len(body)
    total = -(-len(body) // 4)
    groups = tuple(
        _group(body, start) for start in range(0, min(len(body), 4 * limit), 4)
    )
    tail = len(body) % 4
    return SegmentBytes(
        part=part,
        length=len(body),
        byte_count=len(body) // 4 * 3 + {0: 0, 1: 0, 2: 1, 3: 2}[tail],
        groups=groups,
        more=total - len(groups),
        padding={2: "==", 3: "="}.get(tail, ""),
        padding_given=given,
        problem=_problem(body),
    )


def token_bytes(
    token: DecodedToken, part: str, limit: int = GROUPS_SHOWN
) -> SegmentBytes:
    """The byte view of ``token``'s ``part``.

    Raises:
        UsageError: If the token has no such part, or the part is not
            base64url (a payload with b64: false, RFC 7797).
    """
    from jwtinspector.core.errors import UsageError

    segment = token.segment(part)
    if segment is None:
        raise UsageError(f"this token has no {part}")
    if part == "payload" and token.unencoded:
        raise UsageError(
            "the payload is not base64url: the header says b64: false "
            "(RFC 7797), so it is in the token as it is"
        )
    return segment_bytes(part, segment.text, limit)


def _group(body: str, start: int) -> Group:
    chars = body[start : start + 4]
    values = tuple(_VALUES.get(c) for c in chars)
    if None in values or len(chars) < 2:
        return Group(start, chars, values, b"")
    number = 0
    for value in values:
        number = number << 6 | value  # type: ignore[operator]
    size = len(chars) * 6 // 8
    unused = len(chars) * 6 - size * 8
    return Group(
        start,
        chars,
        values,
        (number >> unused).to_bytes(size, "big"),
        padding="=" * (4 - len(chars)) if len(chars) < 4 else "",
        unused_bits=unused,
        unused_value=number & ((1 << unused) - 1),
    )


def _problem(body: str) -> str:
    """Why ``body`` is not canonical base64url, or ""."""
    for index, char in enumerate(body):
        if char not in _VALUES:
            if char in "+/":
                return (
                    f"character {index + 1}, '{char}', is standard base64: "
                    f"base64url writes '{'-' if char == '+' else '_'}' (RFC 4648 §5)"
                )
            shown = char if char.isprintable() and not char.isspace() else ""
            name = f"'{shown}' " if shown else ""
            return (
                f"character {index + 1}, {name}(U+{ord(char):04X}), is not a "
                "base64url character"
            )
    if len(body) % 4 == 1:
        return (
            f"{len(body)} characters leave one over: 6 bits, less than a byte "
            "(a character is missing or one too many)"
        )
    last = _group(body, len(body) - len(body) % 4) if len(body) % 4 else None
    if last is not None and last.unused_value:
        canonical = B64URL_ALPHABET[last.values[-1] & ~((1 << last.unused_bits) - 1)]  # type: ignore[operator]
        return (
            f"the last character '{body[-1]}' sets {last.unused_bits} low bits no "
            f"byte uses; the canonical spelling ends in '{canonical}' (RFC 4648 §3.5)"
        )
    return ""


def text_table(view: SegmentBytes) -> str:
    """The byte view as plain text (the CLI's ``decode --bytes``)."""
    lines = [
        f"{view.part}: {view.length} base64url characters → {view.byte_count} bytes "
        f"(4 characters = 24 bits = 3 bytes; RFC 4648 §5)",
        f"{'chars':<6}{'6-bit values':<28}{'bytes (hex)':<13}ASCII  note",
    ]
    for group in view.groups:
        notes = []
        if group.swapped:
            notes.append(f"base64: {group.standard}")
        if group.padding:
            notes.append(f"'{group.padding}' left out")
        if group.unused_value:
            notes.append(f"{group.unused_bits} unused bits set")
        lines.append(
            f"{group.chars:<6}{group.bits:<28}{group.data.hex(' '):<13}"
            f"{group.ascii:<7}{'; '.join(notes)}".rstrip()
        )
    if view.more:
        lines.append(f"… {view.more:,} more groups")
    if view.padding:
        lines.append(
            f"Padding: standard base64 ends this part with '{view.padding}'; "
            "base64url leaves it out (RFC 7515 §2)."
        )
    else:
        lines.append("Padding: none needed (the length is a multiple of 4).")
    if view.padding_given:
        lines.append(
            f"The token has {view.padding_given} '=' at the end: base64url in a "
            "JWS has none."
        )
    if view.problem:
        lines.append(f"Not valid base64url: {view.problem}.")
    return "\n".join(lines)
