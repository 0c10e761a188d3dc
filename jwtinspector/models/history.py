"""Undo/redo of token edits: every state is the token text itself.

Storing whole texts keeps undo exact to the byte (a signature depends on the
bytes) and makes every kind of edit — typing, JSON, table, algorithm, template —
one mechanism. Consecutive typing in the same place merges into one step.
"""

from __future__ import annotations

import dataclasses

MERGE_SECONDS = 1.0
"""Typing in the same place within this many seconds is one undo step."""


@dataclasses.dataclass
class _Step:
    text: str
    source: str
    when: float
    note: str = ""


class History:
    """A linear undo history of token texts."""

    def __init__(self, limit: int = 200) -> None:
        self._steps: list[_Step] = []
        self._index = -1
        self._limit = limit

    def record(
        self, text: str, source: str, when: float, *, merge: bool, note: str = ""
    ) -> None:
        """Record ``text`` (and a note, e.g. why it is unsigned) after an action."""
        if self._index >= 0 and self._steps[self._index].text == text:
            return
        del self._steps[self._index + 1 :]
        last = self._steps[-1] if self._steps else None
        if (
            merge
            and last is not None
            and len(self._steps) > 1
            and last.source == source
            and when - last.when <= MERGE_SECONDS
        ):
            last.text, last.when, last.note = text, when, note
        else:
            self._steps.append(_Step(text, source, when, note))
            if len(self._steps) > self._limit:
                del self._steps[0]
        self._index = len(self._steps) - 1

    def undo(self) -> tuple[str, str] | None:
        """The previous (text, note), or None at the start."""
        if self._index <= 0:
            return None
        self._index -= 1
        step = self._steps[self._index]
        step.when = 0.0  # never merge new typing into a state reached by undo
        return step.text, step.note

    def redo(self) -> tuple[str, str] | None:
        """The next (text, note), or None at the end."""
        if self._index >= len(self._steps) - 1:
            return None
        self._index += 1
        step = self._steps[self._index]
        return step.text, step.note

    @property
    def can_undo(self) -> bool:
        """True when undo has a state to go back to."""
        return self._index > 0

    @property
    def can_redo(self) -> bool:
        """True when redo has a state to go forward to."""
        return self._index < len(self._steps) - 1
