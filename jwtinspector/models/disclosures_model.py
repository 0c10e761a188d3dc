"""The Disclosures tab's table: one row per disclosure of an SD-JWT.

Each row shows whether the disclosure is presented (a check box the user may
clear to leave it out, or check to put a disclosure left out back), its
number in the token, the claim name (or "array element"), the
value, the salt, the digest recomputed with ``_sd_alg``, and where the digest
matched in the issuer-signed payload or what is wrong with it. Rows are capped:
a hostile paste with a thousand disclosures shows the first ``MAX_ROWS``.
"""

from __future__ import annotations

import enum
import json
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from jwtinspector.models.rows_model import RowsModel

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
PRESENTED_ROLE = Qt.ItemDataRole.UserRole + 1
"""True for a row whose disclosure the token presents, False for one left out."""


def left_out_text(disclosure: Any) -> str:
    """The Where cell of a disclosure left out of the token."""
    return f"left out · its digest is at {disclosure.matched}"


def _rows(sd: Any, full: Any, order: tuple[str, ...]) -> list[tuple[Any, bool]]:
    """(disclosure, presented) in ``order``: each presented disclosure (repeats
    included), and each of ``full`` that ``sd`` leaves out."""
    waiting: dict[str, list[Any]] = {}
    for d in sd.disclosures:
        waiting.setdefault(d.text, []).append(d)
    left_out = {d.text: d for d in (full.disclosures if full is not None else ())}
    rows: list[tuple[Any, bool]] = []
    for text in order:
        if text in waiting:
            rows += [(d, True) for d in waiting.pop(text)]
        elif text in left_out:
            rows.append((left_out[text], False))
    rows += [(d, True) for d in sd.disclosures if d.text in waiting]
    return rows


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


class DisclosuresModel(RowsModel):
    """The disclosures of the SD-JWT shown (none when the token is not one).

    Signals:
        presented_toggled: The user checked or cleared a Presented box.
            args: the row, whether it is to be presented.
    """

    columns = len(Column)

    presented_toggled = Signal(int, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sd: Any = None
        self._rows: tuple[tuple[Any, bool], ...] = ()
        self._total = 0

    def set_sd_jwt(
        self, sd: Any, full: Any = None, order: tuple[str, ...] = ()
    ) -> None:
        """Show the disclosures of ``sd`` (a core SdJwt, or None) and those of
        ``full`` (``sd`` with the disclosures left out added) that ``sd`` does
        not present, unchecked, rows in ``order`` (disclosure texts)."""
        self.beginResetModel()
        self._sd = sd
        rows = _rows(sd, full, order) if sd is not None else []
        self._total = len(rows)
        self._rows = tuple(rows[:MAX_ROWS])
        self.endResetModel()

    @property
    def hidden_rows(self) -> int:
        """Disclosures not listed because of the row cap."""
        return self._total - len(self._rows)

    @property
    def left_out(self) -> int:
        """Rows whose disclosure the token leaves out."""
        return sum(1 for _, presented in self._rows if not presented)

    def disclosure(self, row: int) -> Any:
        """The core Disclosure of a row."""
        return self._rows[row][0]

    def is_presented(self, row: int) -> bool:
        """Whether the row's disclosure is in the token (not left out)."""
        return bool(self._rows[row][1])

    # Qt overrides

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        d, presented = row
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == Column.PRESENT:
            return Qt.CheckState.Checked if presented else Qt.CheckState.Unchecked
        if role == PRESENTED_ROLE:
            return presented
        if role == Qt.ItemDataRole.DisplayRole:
            if not presented and column in (Column.INDEX, Column.WHERE):
                return "—" if column == Column.INDEX else left_out_text(d)
            return self._display(d, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.PRESENT and not presented:
                return "Check to present this disclosure again"
            if column == Column.PRESENT:
                return "Clear to leave this disclosure out of the presentation"
            if not presented and column in (Column.INDEX, Column.WHERE):
                return left_out_text(d)
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
        if checked != self._rows[index.row()][1]:
            self.presented_toggled.emit(index.row(), checked)
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
