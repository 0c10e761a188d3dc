"""Qt table model over the members two tokens differ in (core.diff's rows)."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from jwtinspector.core.claims import MAX_ROWS
from jwtinspector.core.diff import DiffRow
from jwtinspector.models.rows_model import RowsModel

ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 1
"""data() role returning the whole core DiffRow of a row (the view colours
it by its kind and marks an alg or kid change)."""
ABSENT = "(not in it)"
"""What the cell of a token that lacks the member reads."""


class Column(enum.IntEnum):
    """Columns of the compare table, in display order."""

    PART = 0
    NAME = 1
    CHANGE = 2
    LEFT = 3
    RIGHT = 4


_HEADERS = {
    Column.PART: "Part",
    Column.NAME: "Member",
    Column.CHANGE: "Change",
    Column.LEFT: "Shown token",
    Column.RIGHT: "Second token",
}


class CompareModel(RowsModel):
    """One read-only row per member added, removed or changed; at most
    ``MAX_ROWS`` (``hidden`` counts the rest)."""

    columns = len(Column)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[DiffRow, ...] = ()
        self.hidden = 0

    def set_rows(self, rows: tuple[DiffRow, ...], total: int | None = None) -> None:
        """Show ``rows`` (cut to MAX_ROWS); ``total``: how many there are in
        all, when more than given. The same rows again change nothing (the
        comparison is redone every second while a countdown runs: the
        selection stays)."""
        shown = tuple(rows[:MAX_ROWS])
        hidden = max(len(rows) if total is None else total, 0) - len(shown)
        if shown == self._rows and hidden == self.hidden:
            return
        self.beginResetModel()
        self._rows, self.hidden = shown, hidden
        self.endResetModel()

    def row(self, number: int) -> DiffRow:
        return self._rows[number]

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(row, Column(index.column()))
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(Column)
        ):
            return _HEADERS[Column(section)]
        return None


def cell_text(row: DiffRow, column: Column) -> str:
    """What a cell reads: 'changed (+1 d)' for a date moved by a day."""
    if column is Column.PART:
        return row.part
    if column is Column.NAME:
        return row.name
    if column is Column.CHANGE:
        return f"{row.kind} ({row.difference})" if row.difference else row.kind
    if column is Column.LEFT:
        return row.left if row.kind != "added" else ABSENT
    return row.right if row.kind != "removed" else ABSENT
