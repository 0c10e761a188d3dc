"""History ▸ Keep in history… and History ▸ Show history: the two dialogs.

They only show and ask; controllers.token_history acts on what they ask.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jwtinspector.models.saved_tokens import SavedTokensModel
from jwtinspector.widgets.wrapped_label import WrappedLabel

KEEP_EXPLANATION = (
    "The token, this label, its verdict now, its expiry and the time are kept "
    "in the app's data folder. Secrets and private keys never are."
)
CONSENT_TEXT = "Also remember the key in the system keychain"
_COLUMN_SAMPLES = {
    0: "",  # stretches
    1: "ES256K",
    2: "",  # stretches
    3: "alice@example.",
    4: "⚠ not checked (no key)",
    5: "expired 23 h ago",
    6: "2026-12-03 10:49",
    7: "keychain",
}
"""Each column's width, from a text as wide as its usual content."""


class KeepDialog(QDialog):
    """Asks for the entry's label and whether the keychain may remember the key.

    Args:
        label: The suggested label.
        facts: Lines describing the token (alg, issuer, verdict, expiry).
        key_refused: Why the key cannot be remembered ("" = it can).
    """

    def __init__(
        self,
        label: str,
        facts: list[str],
        key_refused: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("keepDialog")
        self.setWindowTitle("Keep in history")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.label_edit = QLineEdit(label)
        self.label_edit.setObjectName("keepLabelEdit")
        self.label_edit.setAccessibleName("Label")
        self.label_edit.selectAll()
        form.addRow("&Label", self.label_edit)
        layout.addLayout(form)
        self.facts = WrappedLabel("\n".join(facts))
        self.facts.setObjectName("keepFacts")
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.facts)
        explanation = WrappedLabel(KEEP_EXPLANATION)
        explanation.setObjectName("keepExplanation")
        layout.addWidget(explanation)
        self.consent = QCheckBox(CONSENT_TEXT)
        self.consent.setObjectName("keychainConsent")
        self.consent.setEnabled(not key_refused)
        layout.addWidget(self.consent)
        self.consent_reason = WrappedLabel(key_refused)
        self.consent_reason.setObjectName("keychainReason")
        self.consent_reason.setVisible(bool(key_refused))
        layout.addWidget(self.consent_reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Keep")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    @property
    def label(self) -> str:
        return self.label_edit.text()

    @property
    def remember_key(self) -> bool:
        return self.consent.isEnabled() and self.consent.isChecked()


class HistoryDialog(QDialog):
    """The kept tokens: search, reopen, rename (edit the label), delete, purge.

    Signals:
        reopen_requested: arg: the entry's id.
        delete_requested: arg: list of entry ids.
        purge_requested: Delete the expired entries.
    """

    reopen_requested = Signal(str)
    delete_requested = Signal(list)
    purge_requested = Signal()

    def __init__(self, model: SavedTokensModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle("Token history")
        self.model = model
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setObjectName("historySearch")
        self.search.setAccessibleName("Search the history")
        self.search.setPlaceholderText(
            "Search by label, issuer, subject, kid or alg (iss:acme looks in one)"
        )
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(model.set_query)
        layout.addWidget(self.search)
        self.problem = WrappedLabel("")
        self.problem.setObjectName("historyProblem")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves; arrows move
        self.table.setObjectName("historyTable")
        self.table.setAccessibleName("Kept tokens")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self._fit_columns()
        self.table.doubleClicked.connect(self._reopen)
        delete = QAction("Delete", self.table)
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # not the editor
        delete.triggered.connect(self._delete)
        self.table.addAction(delete)
        layout.addWidget(self.table, 1)
        self.count = QLabel("")
        self.count.setObjectName("historyCount")
        buttons = QHBoxLayout()
        self.reopen_button = QPushButton("&Reopen")
        self.reopen_button.setObjectName("historyReopen")
        self.reopen_button.setDefault(True)
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setObjectName("historyDelete")
        self.purge_button = QPushButton("&Purge expired")
        self.purge_button.setObjectName("historyPurge")
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        self.reopen_button.clicked.connect(self._reopen)
        self.delete_button.clicked.connect(self._delete)
        self.purge_button.clicked.connect(self.purge_requested)
        buttons.addWidget(self.count, 1)
        for button in (self.reopen_button, self.delete_button, self.purge_button):
            buttons.addWidget(button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        model.modelReset.connect(self.show_state)
        self.table.selectionModel().selectionChanged.connect(self.show_state)
        self._fit_to_screen(parent, 1000, 420)
        self.show_state()

    def _fit_to_screen(self, parent: QWidget | None, width: int, height: int) -> None:
        """The preferred size, never larger than the screen (at 200 % a 1080p
        screen is 960x540 logical pixels)."""
        screen = (parent or self).screen()
        if screen is not None:
            room = screen.availableGeometry()
            width = min(width, room.width() - 40)
            height = min(height, room.height() - 80)
        self.resize(width, height)

    def _fit_columns(self) -> None:
        """The label and the issuer share what the fixed columns leave: those
        are as wide as their longest usual text (no row is measured)."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        metrics = self.table.fontMetrics()
        for column, sample in _COLUMN_SAMPLES.items():
            width = metrics.horizontalAdvance(sample) + 20
            if sample:
                self.table.setColumnWidth(column, width)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def show_state(self, *_: object) -> None:
        """The count, the file's problem and which buttons apply."""
        history = self.model.history
        entries = history.entries()
        now = history.now()
        expired = sum(entry.expired(now) for entry in entries)
        shown = self.model.rowCount()
        text = f"{len(entries)} kept" + (f" · {expired} expired" if expired else "")
        if self.model.query.strip():
            text += f" · {shown} match"
        if not history.on:
            text += " · the history is off: nothing new is kept"
        self.count.setText(text)
        self.problem.setText(history.problem)
        self.problem.setVisible(bool(history.problem))
        chosen = bool(self.selected_ids())
        self.reopen_button.setEnabled(len(self.selected_ids()) == 1)
        self.delete_button.setEnabled(chosen)
        self.purge_button.setEnabled(expired > 0)
        if shown and not chosen:
            self.table.selectionModel().select(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def selected_ids(self) -> list[str]:
        rows = sorted(
            {index.row() for index in self.table.selectionModel().selectedRows()}
        )
        return [e.id for row in rows if (e := self.model.entry(row)) is not None]

    def _reopen(self, *_: object) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.reopen_requested.emit(ids[0])

    def _delete(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.delete_requested.emit(ids)
