"""Two tokens compared: header and payload members added, removed and changed.

Pure Python, no Qt: the command line (``jwtinspector diff``) prints a
:class:`TokenDiff`, and the window can show the same one. Members are compared
as JSON values: ``true`` is not ``1``, and the order of an object's members
does not matter.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping
from typing import Any

from jwtinspector.core.numericdate import (
    NUMERIC_DATE_CLAIMS,
    duration_text,
    format_utc,
    is_numeric,
)

CALLED_OUT = {"alg": "algorithm", "kid": "key id"}
"""Header members whose change is named on a line of its own: what they are."""


@dataclasses.dataclass(frozen=True)
class Change:
    """One member whose value differs.

    Attributes:
        name: The member name.
        old: Its value in the first token.
        new: Its value in the second token.
    """

    name: str
    old: Any
    new: Any

    @property
    def seconds(self) -> float | None:
        """For a NumericDate claim that is a number in both: new minus old."""
        if self.name not in NUMERIC_DATE_CLAIMS:
            return None
        if not (is_numeric(self.old) and is_numeric(self.new)):
            return None
        return float(self.new - self.old)


@dataclasses.dataclass(frozen=True)
class PartDiff:
    """How one part (the header or the payload) differs.

    Attributes:
        added: (name, value) only in the second token, in its order.
        removed: (name, value) only in the first token, in its order.
        changed: Members in both with different values, in the first's order.
    """

    added: tuple[tuple[str, Any], ...] = ()
    removed: tuple[tuple[str, Any], ...] = ()
    changed: tuple[Change, ...] = ()

    @property
    def same(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def change(self, name: str) -> Change | None:
        """The change of member ``name``, or None when it did not change."""
        return next((c for c in self.changed if c.name == name), None)


@dataclasses.dataclass(frozen=True)
class TokenDiff:
    """Two tokens compared, the signature aside.

    Attributes:
        header: How the headers differ.
        payload: How the payloads (claims) differ.
        same_signature: True when the signature bytes are equal.
        lifetimes: ``exp - iat`` of each token, None where either is missing
            or not a number.
    """

    header: PartDiff
    payload: PartDiff
    same_signature: bool
    lifetimes: tuple[float | None, float | None]

    @property
    def same(self) -> bool:
        """True when the headers and the payloads are the same."""
        return self.header.same and self.payload.same


def diff_tokens(
    first: tuple[Mapping[str, Any], Mapping[str, Any], bytes | None],
    second: tuple[Mapping[str, Any], Mapping[str, Any], bytes | None],
) -> TokenDiff:
    """Compare two tokens given as (header, payload, signature bytes)."""
    header_a, payload_a, signature_a = first
    header_b, payload_b, signature_b = second
    return TokenDiff(
        header=diff_members(header_a, header_b),
        payload=diff_members(payload_a, payload_b),
        same_signature=(signature_a or b"") == (signature_b or b""),
        lifetimes=(lifetime(payload_a), lifetime(payload_b)),
    )


def diff_members(first: Mapping[str, Any], second: Mapping[str, Any]) -> PartDiff:
    """The members of ``second`` added, removed and changed from ``first``."""
    return PartDiff(
        added=tuple((k, v) for k, v in second.items() if k not in first),
        removed=tuple((k, v) for k, v in first.items() if k not in second),
        changed=tuple(
            Change(k, v, second[k])
            for k, v in first.items()
            if k in second and not same_json(v, second[k])
        ),
    )


def lifetime(claims: Mapping[str, Any]) -> float | None:
    """``exp - iat`` in seconds, or None when either is missing or no number."""
    exp: Any = claims.get("exp")
    iat: Any = claims.get("iat")
    if is_numeric(exp) and is_numeric(iat):
        return float(exp - iat)
    return None


def same_json(first: Any, second: Any) -> bool:
    """True when two decoded JSON values are the same JSON value.

    ``True == 1`` in Python but not in JSON; object member order does not
    count. Iterative, so a deeply nested value cannot exhaust the stack.
    """
    stack = [(first, second)]
    while stack:
        a, b = stack.pop()
        if isinstance(a, bool) or isinstance(b, bool):
            if a is not b:
                return False
        elif isinstance(a, dict) and isinstance(b, dict):
            if a.keys() != b.keys():
                return False
            stack.extend((a[k], b[k]) for k in a)
        elif isinstance(a, list) and isinstance(b, list):
            if len(a) != len(b):
                return False
            stack.extend(zip(a, b, strict=True))
        elif a != b:  # a scalar, or a list against an object
            return False
    return True


class NotComparableError(ValueError):
    """Why a decoded token cannot be compared; the message says it in plain
    words, without naming the token (the caller does)."""


def signed_parts(decoded: Any) -> tuple[dict[str, Any], dict[str, Any], bytes | None]:
    """The header, payload and signature of a signed token to compare: a
    compact JWS, an SD-JWT's issuer JWT, or a JWS in JSON serialization's
    first signature.

    Raises:
        NotComparableError: When it is encrypted, cannot be read, its payload is
            detached or either part is not a JSON object.
    """
    if decoded.form in ("JWE", "JWE JSON"):
        raise NotComparableError(
            "it is an encrypted token (JWE): its claims are hidden"
        )
    if decoded.form == "JWS JSON":
        if not decoded.signatures:
            raise NotComparableError("the JSON serialization has no signature")
        first = decoded.signatures[0]
        header, signature = first.joint_header, first.signature
    else:
        header, signature = decoded.header, decoded.signature
    payload = decoded.payload
    if decoded.errors:
        raise NotComparableError(
            f"the token cannot be read: {decoded.errors[0].message}"
        )
    if decoded.detached:
        raise NotComparableError("the payload is detached (not in the token)")
    if not isinstance(header, dict):
        raise NotComparableError("the header is not a JSON object")
    if not isinstance(payload, dict):
        raise NotComparableError(
            "the payload is not a JSON object, so it has no claims to compare"
        )
    return header, payload, signature


# --- how a difference reads (the command line and the window) --------------


def json_text(value: Any) -> str:
    """The value as compact JSON, shortened past the claims' long-value mark."""
    from jwtinspector.core.claims import LONG_VALUE

    text = json.dumps(value, ensure_ascii=False)
    if len(text) > LONG_VALUE:
        text = f"{text[:LONG_VALUE]}… ({len(text) - LONG_VALUE} more characters)"
    return text


def value_text(name: str, value: Any, dates: bool) -> str:
    """The value as compact JSON, with its reading for a date when ``dates``."""
    text = json_text(value)
    if dates and name in NUMERIC_DATE_CLAIMS and is_numeric(value):
        text += f" ({format_utc(value)})"
    return text


def span_text(seconds: float | None) -> str:
    """'1 h', '-5 min' or 'none (no exp or iat)'."""
    if seconds is None:
        return "none (no exp or iat)"
    return ("-" if seconds < 0 else "") + duration_text(abs(seconds))


def difference_text(change: Change, dates: bool) -> str:
    """'+1 d' for a changed date when ``dates``, else ''."""
    seconds = change.seconds if dates else None
    if seconds is None:
        return ""
    return ("+" if seconds >= 0 else "-") + span_text(abs(seconds))


def change_text(change: Change, dates: bool) -> str:
    """'exp: 2026-01-01 00:00:00 UTC → 2026-01-02 00:00:00 UTC (+1 d)'."""
    difference = difference_text(change, dates)
    if difference:
        old, new = format_utc(change.old), format_utc(change.new)
        return f"{change.name}: {old} → {new} ({difference})"
    old = value_text(change.name, change.old, dates)
    new = value_text(change.name, change.new, dates)
    return f"{change.name}: {old} → {new}"


def header_change_text(header: PartDiff, name: str) -> str | None:
    """'The algorithm changed: HS256 → RS256.' when header member ``name``
    (one of CALLED_OUT) was added, removed or changed, else None."""
    change = header.change(name)
    added, removed = dict(header.added), dict(header.removed)
    if change is not None:
        old, new = _plain(change.old), _plain(change.new)
    elif name in added:
        old, new = "(none)", _plain(added[name])
    elif name in removed:
        old, new = _plain(removed[name]), "(none)"
    else:
        return None
    return f"The {CALLED_OUT[name]} changed: {old} → {new}."


def _plain(value: Any) -> str:
    return value if isinstance(value, str) else json_text(value)


@dataclasses.dataclass(frozen=True)
class DiffRow:
    """One member that differs, as a table shows it.

    Attributes:
        part: "header" or "payload".
        name: The member name.
        kind: "added", "removed" or "changed".
        left: Its value in the first token ("" when only in the second).
        right: Its value in the second ("" when only in the first).
        difference: For a changed date, new minus old ('+1 d'); else "".
        called_out: True for a header member named in CALLED_OUT (alg, kid).
    """

    part: str
    name: str
    kind: str
    left: str
    right: str
    difference: str = ""
    called_out: bool = False


def diff_rows(result: TokenDiff, limit: int | None = None) -> tuple[DiffRow, ...]:
    """The members that differ (at most ``limit``), the header's first; in
    each part the removed, the added, then the changed (the command line's
    order). Values read as :func:`value_text` (dates with their reading in
    the payload)."""
    import itertools

    return tuple(itertools.islice(_rows(result), limit))


def row_count(result: TokenDiff) -> int:
    """How many rows :func:`diff_rows` has without a limit."""
    return sum(
        len(part.added) + len(part.removed) + len(part.changed)
        for part in (result.header, result.payload)
    )


def _rows(result: TokenDiff) -> Iterator[DiffRow]:
    for part_name, part in (("header", result.header), ("payload", result.payload)):
        dates = part_name == "payload"
        for name, value in part.removed:
            text = value_text(name, value, dates)
            yield DiffRow(
                part_name,
                name,
                "removed",
                text,
                "",
                "",
                not dates and name in CALLED_OUT,
            )
        for name, value in part.added:
            text = value_text(name, value, dates)
            yield DiffRow(
                part_name, name, "added", "", text, "", not dates and name in CALLED_OUT
            )
        for change in part.changed:
            yield DiffRow(
                part_name,
                change.name,
                "changed",
                value_text(change.name, change.old, dates),
                value_text(change.name, change.new, dates),
                difference_text(change, dates),
                not dates and change.name in CALLED_OUT,
            )
