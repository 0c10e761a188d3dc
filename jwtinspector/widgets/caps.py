"""Long lists of warnings and findings, capped for display: a hostile token
can carry tens of thousands of one kind, and a label or a text browser
holding them all blocks the window for seconds."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")

PER_KIND = 3
"""At most this many of one kind are shown, then a line counts the rest."""
SHOWN = 20
"""At most this many in all, then a line counts the rest."""


@dataclasses.dataclass(frozen=True)
class More(Generic[T]):
    """The line that stands for the items not shown.

    Attributes:
        count: How many are not shown.
        like: One of them (their kind), or None for items of several kinds.
    """

    count: int
    like: T | None

    def text(self, noun: str = "warnings") -> str:
        """'… and 49,240 more like this' or '… and 12 more warnings'."""
        if self.like is not None:
            return f"… and {self.count:,} more like this"
        return f"… and {self.count:,} more {noun}"


def capped(
    items: Iterable[T],
    kind: Callable[[T], Hashable],
    *,
    per_kind: int = PER_KIND,
    shown: int = SHOWN,
) -> list[T | More[T]]:
    """The items to show, in their order: the first ``per_kind`` of each kind
    (a More after the last one shown counts the rest of that kind), at most
    ``shown`` in all (a final More counts what is left). Linear in the items."""
    counts: dict[Hashable, int] = {}
    order: list[tuple[Hashable, T]] = []
    total = 0
    for item in items:
        key = kind(item)
        seen = counts.get(key, 0)
        counts[key] = seen + 1
        total += 1
        if seen < per_kind:
            order.append((key, item))
    result: list[T | More[T]] = []
    given: dict[Hashable, int] = {}
    for key, item in order[:shown]:
        result.append(item)
        given[key] = given.get(key, 0) + 1
        if given[key] == min(per_kind, counts[key]) and counts[key] > per_kind:
            result.append(More(counts[key] - per_kind, item))
    left = total - sum(
        counts[key] if counts[key] > per_kind and given.get(key) == per_kind else n
        for key, n in given.items()
    )
    if left > 0:
        result.append(More(left, None))
    return result
