"""Qt table model over the core's claim rows (header parameters or claims)."""

from __future__ import annotations

import enum
import json
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from jwtinspector.core.claims import ClaimRow
from jwtinspector.core.craft import parse_value
from jwtinspector.core.numericdate import describe_date
from jwtinspector.models.rows_model import RowsModel

ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 1
"""data() role returning the whole core ClaimRow of a row."""
SOURCE_URL_ROLE = int(Qt.ItemDataRole.UserRole) + 2
"""data() role returning the link to where a row's meaning is defined."""


class Column(enum.IntEnum):
    """Columns of the claims table, in display order."""

    NAME = 0
    VALUE = 1
    MEANING = 2


_HEADERS = {Column.NAME: "Claim", Column.VALUE: "Value", Column.MEANING: "Meaning"}


class ClaimsTableModel(RowsModel):
    """One row per member; tooltips show dates relative to now.

    Editing a cell does not change the rows: it asks for the change, and the
    session rebuilds the token and gives the model new rows.

    Signals:
        value_edited: A value cell was edited. args: member name, new value.
        name_edited: A name cell was edited. args: old name, new name.
    """

    columns = len(Column)

    value_edited = Signal(str, object)
    name_edited = Signal(str, str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.time,
        name_title: str = "Claim",
    ) -> None:
        super().__init__(parent)
        self._rows: tuple[ClaimRow, ...] = ()
        self._clock = clock
        self._headers = {**_HEADERS, Column.NAME: name_title}

    def set_rows(self, rows: tuple[ClaimRow, ...]) -> None:
        """Replace every row (tokens are small, so a reset is cheap)."""
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> tuple[ClaimRow, ...]:
        """The rows shown."""
        return self._rows

    def _tooltip(self, row: ClaimRow, column: int) -> str:
        if row.more:
            return row.value_text
        if column == Column.VALUE and row.is_date:
            info = describe_date(row.value, self._clock())
            text = info.tooltip if info else row.note
            return text
        if column == Column.VALUE and row.note:
            return row.note
        noun = "claim" if row.part == "claims" else "parameter"
        if row.meaning:
            kind = (
                f"{row.vendor} claim" if row.kind == "vendor" else f"{row.kind} {noun}"
            )
            kind += (
                f", as {row.vendor} uses it"
                if row.kind == "registered" and row.vendor
                else ""
            )
            link = (
                f"\n{row.url} (double-click the meaning to open it)" if row.url else ""
            )
            return f"{row.name} ({kind}): {row.meaning}\nSource: {row.source}{link}"
        return f"{row.name}: a private {noun} (not registered)."

    # Qt overrides

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.NAME:
                return row.name
            if column == Column.VALUE:
                return ("⚠ " if row.note else "") + row.value_text
            return row.meaning if row.more else row.shown_meaning
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == ROW_ROLE:
            return row
        if role == SOURCE_URL_ROLE:
            return row.url
        if role == Qt.ItemDataRole.EditRole:
            if column == Column.NAME:
                return row.name
            if column == Column.VALUE:
                return json.dumps(row.value, ensure_ascii=False)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        more = index.isValid() and self._rows[index.row()].more
        if (
            not more
            and index.isValid()
            and index.column() in (Column.NAME, Column.VALUE)
        ):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = self._rows[index.row()]
        if row.more:
            return False  # it counts the members not listed: not one of them
        if index.column() == Column.NAME:
            new = str(value).strip()
            if new and new != row.name:
                self.name_edited.emit(row.name, new)
            return True
        if index.column() == Column.VALUE:
            self.value_edited.emit(row.name, parse_value(str(value)))
            return True
        return False

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
        ):
            return (
                self._headers[Column(section)] if 0 <= section < len(Column) else None
            )
        return None
