"""The Disclosures tab's table: one row per disclosure of an SD-JWT.

Each row shows whether the disclosure is presented (a check box the user may
clear to leave it out), its number, the claim name (or "array element"), the
value, the salt, the digest recomputed with ``_sd_alg``, and where the digest
matched in the issuer-signed payload or what is wrong with it. Rows are capped:
a hostile paste with a thousand disclosures shows the first ``MAX_ROWS``.
"""

from __future__ import annotations

import enum
import json
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

MAX_ROWS = 200
"""Rows shown at most (the engine reads up to 1,000 disclosures)."""
_VALUE_CHARS = 200
"""A value longer than this is shortened in its cell (the tooltip has more)."""


class Column(enum.IntEnum):
    """Columns of the disclosures table, in display order."""

    PRESENT = 0
    INDEX = 1
    NAME = 2
    VALUE = 3
    SALT = 4
    DIGEST = 5
    WHERE = 6


_HEADERS = {
    Column.PRESENT: "Presented",
    Column.INDEX: "#",
    Column.NAME: "Claim",
    Column.VALUE: "Value",
    Column.SALT: "Salt",
    Column.DIGEST: "Digest",
    Column.WHERE: "Matched at / problem",
}
ARRAY_ELEMENT = "array element"


def _compact(value: Any, limit: int = _VALUE_CHARS) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def where_text(disclosure: Any, problems: tuple[Any, ...]) -> str:
    """Where the disclosure matched, or its first problem in plain words."""
    own = [p.message for p in problems if p.disclosure == disclosure.index]
    if not disclosure.ok:
        return f"✗ cannot be read: {disclosure.error}"
    if own:
        return f"✗ {own[0]}"
    if disclosure.matched is None:
        return "✗ matches no digest"
    return disclosure.matched


class DisclosuresModel(QAbstractTableModel):
    """The disclosures of the SD-JWT shown (none when the token is not one).

    Signals:
        presented_toggled: The user checked or cleared a Presented box.
            args: the disclosure's index (0-based), whether it is presented.
    """

    presented_toggled = Signal(int, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sd: Any = None
        self._rows: tuple[Any, ...] = ()

    def set_sd_jwt(self, sd: Any) -> None:
        """Show the disclosures of ``sd`` (a core SdJwt, or None)."""
        self.beginResetModel()
        self._sd = sd
        self._rows = tuple(sd.disclosures[:MAX_ROWS]) if sd is not None else ()
        self.endResetModel()

    @property
    def hidden_rows(self) -> int:
        """Disclosures not listed because of the row cap."""
        return len(self._sd.disclosures) - len(self._rows) if self._sd else 0

    def disclosure(self, row: int) -> Any:
        """The core Disclosure of a row."""
        return self._rows[row]

    # Qt overrides

    def rowCount(
        self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()
    ) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(
        self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()
    ) -> int:
        return 0 if parent.isValid() else len(Column)

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        d = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == Column.PRESENT:
            return Qt.CheckState.Checked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(d, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.PRESENT:
                return (
                    "Clear to leave this disclosure out of the presentation "
                    "(Ctrl+Z brings it back)"
                )
            if column == Column.VALUE:
                return _compact(d.value, 2000)
            if column == Column.DIGEST:
                return f"{d.digest}\nof the disclosure {d.text[:120]}"
            return self._display(d, column)
        return None

    def _display(self, d: Any, column: int) -> str:
        if column == Column.INDEX:
            return str(d.index + 1)
        if column == Column.NAME:
            if not d.ok:
                return "—"
            return ARRAY_ELEMENT if d.is_array_element else str(d.name)
        if column == Column.VALUE:
            return _compact(d.value) if d.ok else ""
        if column == Column.SALT:
            return d.salt or ""
        if column == Column.DIGEST:
            return d.digest
        if column == Column.WHERE:
            return where_text(d, self._sd.problems if self._sd else ())
        return ""

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == Column.PRESENT:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if (
            role != Qt.ItemDataRole.CheckStateRole
            or not index.isValid()
            or index.column() != Column.PRESENT
        ):
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        # The session rebuilds the text; the rows come back from it.
        self.presented_toggled.emit(self._rows[index.row()].index, checked)
        return True

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
