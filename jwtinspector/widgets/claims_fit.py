"""The claims table's columns and rows follow its width.

A narrow table elides its values and meanings instead of scrolling sideways;
a wide one wraps each meaning whole.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView

from jwtinspector.models.claims_model import Column
from jwtinspector.widgets import panes

MEANING_WRAP_WIDTH = 480
"""From this width on, the claims' Meaning column wraps and shows each
meaning whole (the longest take three lines of it)."""
VALUE_WIDTH_MIN = 80
"""The claims' Value column gives up width down to this for the Meaning."""
FIT_ROWS_MAX = 500
"""Above this many rows, rows stay one line high even in a wide table:
fitting each row's height to its text measures every row on every layout
(seconds for a hostile token's 20,000 claims)."""


class ClaimsTableFit(QObject):
    """Watches one claims table and fits it after every resize."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        # Its last column stretches without a sectionResized signal: watch
        # the table's own size too.
        table.horizontalHeader().sectionResized.connect(self.fit_rows)
        table.installEventFilter(self)
        table.model().modelReset.connect(self.fit_rows)  # a new token's rows

    def eventFilter(self, watched: Any, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.table:
            QTimer.singleShot(0, self, self.fit)  # after its viewport
        return super().eventFilter(watched, event)

    def fit(self) -> None:
        self.fit_columns()
        self.fit_rows()

    def fit_rows(self, *_: object) -> None:
        """Rows of one line while the Meaning column is narrow (more rows in
        view); once it is wide, rows as tall as their whole meaning."""
        table = self.table
        wide = (
            table.columnWidth(Column.MEANING) >= MEANING_WRAP_WIDTH
            and table.model().rowCount() <= FIT_ROWS_MAX
        )
        if table.wordWrap() != wide:
            table.setWordWrap(wide)
            mode = QHeaderView.ResizeMode
            table.verticalHeader().setSectionResizeMode(
                mode.ResizeToContents if wide else mode.Fixed
            )

    def fit_columns(self) -> None:
        """The Value column gives up width (down to a few characters) until
        the Meaning column shows at least its title."""
        table = self.table
        header = table.horizontalHeader()
        room = table.viewport().width() - table.columnWidth(Column.NAME)
        meaning = max(
            header.sectionSizeHint(Column.MEANING), header.defaultSectionSize()
        )
        value = max(VALUE_WIDTH_MIN, min(panes.VALUE_WIDTH, room - meaning))
        if table.columnWidth(Column.VALUE) != value:
            table.setColumnWidth(Column.VALUE, value)
