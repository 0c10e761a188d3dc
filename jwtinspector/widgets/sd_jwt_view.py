"""What the window shows of an SD-JWT: the Disclosures tab and the payload
pane's choice between the payload as disclosed and as signed.

Display only: the user's choices are forwarded as signals.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jwtinspector.models.disclosures_model import (
    PRESENTED_ROLE,
    Column,
    DisclosuresModel,
)

DISCLOSURES_TITLE = "Disclosures"
NOT_SD_JWT = (
    "This token is not an SD-JWT. Select a claim and choose Make selectively "
    "disclosable to issue it as one (signed with the key box's key)."
)


def undisclosed_text(sd: Any) -> str:
    """ "2 digests not disclosed" (decoys included), or "every digest disclosed"."""
    count = sd.undisclosed_count
    if not count:
        return "every digest is disclosed"
    return f"{count} digest{'s' if count != 1 else ''} not disclosed (decoys included)"


class LeftOutDelegate(QStyledItemDelegate):
    """Draws the row of a disclosure left out of the token dimmed and in
    italics, so the presented ones stand out."""

    def initStyleOption(  # noqa: N802 (Qt override)
        self,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().initStyleOption(option, index)
        if index.data(PRESENTED_ROLE) is False:
            palette = option.palette  # type: ignore[attr-defined]
            dim = palette.color(QPalette.ColorRole.PlaceholderText)
            palette.setColor(QPalette.ColorRole.Text, dim)
            option.font.setItalic(True)  # type: ignore[attr-defined]


class SdPayloadBar(QWidget):
    """Above the payload: "As disclosed" or "As signed (digests)", and the
    count of undisclosed digests. Hidden unless the token is an SD-JWT.

    Signals:
        as_disclosed_chosen: arg: True for the payload after disclosure.
    """

    as_disclosed_chosen = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("sdPayloadBar")
        self.disclosed = QRadioButton("As disclosed")
        self.disclosed.setObjectName("sdAsDisclosed")
        self.disclosed.setToolTip(
            "The payload a verifier sees: disclosed claims in, digests out"
        )
        self.signed = QRadioButton("As signed (digests)")
        self.signed.setObjectName("sdAsSigned")
        self.signed.setToolTip("The payload the issuer signed, with _sd digests")
        self.disclosed.setChecked(True)
        self.count = QLabel("")
        self.count.setObjectName("sdUndisclosed")
        self.count.setAccessibleName("Undisclosed digests")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.disclosed)
        layout.addWidget(self.signed)
        layout.addWidget(self.count, 1)
        self.disclosed.toggled.connect(self.as_disclosed_chosen)
        self.hide()

    def show_sd_jwt(self, sd: Any) -> None:
        """Shown for an SD-JWT, with its undisclosed digests counted."""
        self.setVisible(sd is not None)
        self.count.setText(f"· {undisclosed_text(sd)}" if sd is not None else "")


class DisclosuresPanel(QWidget):
    """The Disclosures tab: a line about the SD-JWT, the KB-JWT's expected
    nonce and audience, Make selectively disclosable, and the table.

    Signals:
        expectations_changed: args: expected nonce, audience ("" = any).
        make_disclosable_requested: The button was pressed.
    """

    expectations_changed = Signal(str, str)
    make_disclosable_requested = Signal()

    def __init__(self, model: DisclosuresModel) -> None:
        super().__init__()
        self.setObjectName("disclosuresPanel")
        self.model = model
        self.caption = QLabel(NOT_SD_JWT)
        self.caption.setObjectName("disclosuresCaption")
        self.caption.setAccessibleName("About the disclosures")
        self.caption.setWordWrap(True)
        self.caption.setToolTip(
            "The digests are recomputed with the SD-JWT's _sd_alg. Clear a "
            "Presented box to leave that disclosure out, check it to put the "
            "disclosure back."
        )
        self.nonce = QLineEdit()
        self.nonce.setObjectName("kbNonce")
        self.nonce.setAccessibleName("Expected Key Binding nonce")
        self.nonce.setPlaceholderText("nonce (any)")
        self.nonce.setToolTip("The nonce the Key Binding JWT must carry")
        self.audience = QLineEdit()
        self.audience.setObjectName("kbAudience")
        self.audience.setAccessibleName("Expected Key Binding audience")
        self.audience.setPlaceholderText("aud (any)")
        self.audience.setToolTip(
            "The verifiers the Key Binding JWT's aud may name, comma-separated"
        )
        self.make_button = QPushButton("Make selectively disclosable")
        self.make_button.setObjectName("makeDisclosable")
        self.make_button.setToolTip(
            "Issue the token again as an SD-JWT in which the claim selected in "
            "the claims table is selectively disclosable (signed with the key "
            "box's key). For a member of an object or an array element, "
            "right-click the claim in the claims table"
        )
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Key binding expects:"))
        row.addWidget(self.nonce, 1)
        row.addWidget(self.audience, 1)
        row.addWidget(self.make_button)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves; arrows move
        self.table.setObjectName("disclosuresTable")
        self.table.setAccessibleName("Disclosures")
        self.table.setModel(model)
        self.table.setItemDelegate(LeftOutDelegate(self.table))
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 8
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, chars in (
            (Column.PRESENT, 10),
            (Column.INDEX, 3),
            (Column.NAME, 14),
            (Column.VALUE, 22),
            (Column.SALT, 12),
            (Column.DIGEST, 14),
        ):
            self.table.setColumnWidth(
                column, self.table.fontMetrics().averageCharWidth() * chars + 16
            )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.caption)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        for edit in (self.nonce, self.audience):
            edit.editingFinished.connect(self._emit_expectations)
        self.make_button.clicked.connect(self.make_disclosable_requested)
        self.show_sd_jwt(None)

    def _emit_expectations(self) -> None:
        self.expectations_changed.emit(self.nonce.text(), self.audience.text())

    def show_sd_jwt(self, sd: Any) -> None:
        """The caption and which controls apply (None: not an SD-JWT)."""
        self.table.setVisible(sd is not None)
        for edit in (self.nonce, self.audience):
            edit.setEnabled(sd is not None)
        if sd is None:
            self.caption.setText(NOT_SD_JWT)
            return
        count, left_out = len(sd.disclosures), self.model.left_out
        if left_out:
            count_text = f"{count} of {count + left_out} disclosures presented"
        else:
            count_text = f"{count} disclosure{'s' if count != 1 else ''}"
        text = f"{count_text} · {sd.hash_name} · {undisclosed_text(sd)}"
        if self.model.hidden_rows:
            text += f" · the first {self.model.rowCount()} are listed"
        self.caption.setText(text)

    def set_can_make(self, enabled: bool) -> None:
        """Whether a claim is selected to make selectively disclosable."""
        self.make_button.setEnabled(enabled)
