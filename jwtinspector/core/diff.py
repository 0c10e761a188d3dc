"""Two tokens compared: header and payload members added, removed and changed.

Pure Python, no Qt: the command line (``jwtinspector diff``) prints a
:class:`TokenDiff`, and the window can show the same one. Members are compared
as JSON values: ``true`` is not ``1``, and the order of an object's members
does not matter.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from jwtinspector.core.numericdate import NUMERIC_DATE_CLAIMS, is_numeric


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
