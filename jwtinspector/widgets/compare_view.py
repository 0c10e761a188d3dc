"""Compare with…: a second token beside the shown one.

A non-modal dialog, so the window stays usable beside it (edit the shown
token, change the key, and the comparison follows) and the window's panes
keep their room at 1000x650; on a large screen it sits next to the window.
It only displays and forwards: the Compare controller reads the second
token, compares and verifies.

Top to bottom: the second token's box (type or paste, Ctrl+V; Open file…;
a token from the same paste), what is wrong with it, the call-outs (alg and
kid changes, the signature, what was left out), each token's algorithm,
lifetime, state and key verdict side by side, and the members that differ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QPalette, QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jwtinspector.models.compare_model import ROW_ROLE, Column, CompareModel
from jwtinspector.widgets.theme import color, escape, hex_color, monospace
from jwtinspector.widgets.token_editor import REFLOW_WIDTH, needs_reflow, reflow

if TYPE_CHECKING:
    from jwtinspector.core.compare import Facts

KIND_ROLES = {"added": "good", "removed": "bad", "changed": "warn"}
"""The colour role of a row by its kind (theme.py's colours)."""
FACT_TITLES = ("Algorithm", "Lifetime (exp − iat)", "State", "Current key")
"""The rows of the side-by-side summary, in order."""


class ChangeDelegate(QStyledItemDelegate):
    """Colours the Change cell by kind; an alg or kid row is bold on the
    warning background, so it cannot be missed."""

    def initStyleOption(  # noqa: N802 (Qt override)
        self,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().initStyleOption(option, index)
        row = index.data(ROW_ROLE)
        if row is None:
            return
        widget = self.parent()
        assert isinstance(widget, QWidget)
        if index.column() == Column.CHANGE:
            palette = option.palette  # type: ignore[attr-defined]
            palette.setColor(
                QPalette.ColorRole.Text, color(widget, KIND_ROLES[row.kind])
            )
        if row.called_out:
            option.font.setBold(True)  # type: ignore[attr-defined]
            option.backgroundBrush = QBrush(color(widget, "warn_bg"))  # type: ignore[attr-defined]


class SecondTokenBox(QPlainTextEdit):
    """The second token's box: its own undo (Ctrl+Z), a paste over the
    decoder's limit refused whole, and a very long single line shown broken
    into lines (read back without them), as in the token pane.

    Signals:
        paste_refused: A paste over ``max_size``. arg: its length.
    """

    paste_refused = Signal(int)

    def __init__(self, max_size: int) -> None:
        super().__init__()
        self.max_size = max_size
        self.reflowed = False
        self.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)

    def token_text(self) -> str:
        """The text as given: without the line breaks a reflow added."""
        text = self.toPlainText()
        if self.reflowed and len(text) <= REFLOW_WIDTH:
            self.reflowed = False  # no longer one of our long lines
        return text.replace("\n", "") if self.reflowed else text

    def set_text(self, text: str) -> None:
        """Replace the whole text as one undo step."""
        cursor = self.textCursor()
        cursor.select(cursor.SelectionType.Document)
        self.reflowed = needs_reflow(text)
        cursor.insertText(reflow(text))
        self.setTextCursor(cursor)

    def insertFromMimeData(self, source: QMimeData) -> None:
        text = source.text() if source.hasText() else ""
        if len(text) > self.max_size:
            self.paste_refused.emit(len(text))
        elif needs_reflow(text):
            if self.toPlainText().strip():
                self.insertPlainText(reflow(text))
            else:
                self.set_text(text)
        else:
            super().insertFromMimeData(source)


def _label(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CompareDialog(QDialog):
    """The Compare with… window (non-modal; Esc closes it).

    Signals:
        text_edited: The second token's box changed. arg: its text.
        open_requested: Open file… was pressed.
    """

    text_edited = Signal(str)
    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, max_size: int) -> None:
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.setWindowTitle("Compare with…")
        self.setModal(False)

        self.second = SecondTokenBox(max_size)
        self.second.setObjectName("compareSecondToken")
        self.second.setAccessibleName("Second token")
        self.second.setPlaceholderText(
            "Paste the token to compare with the shown one (Ctrl+V), or open a file"
        )
        self.second.setTabChangesFocus(True)
        self.second.setFont(monospace())
        lines = self.second.fontMetrics().lineSpacing()
        self.second.setFixedHeight(3 * lines + 12)
        self.second.textChanged.connect(
            lambda: self.text_edited.emit(self.second.token_text())
        )
        self.second.paste_refused.connect(self._refuse_paste)
        title = QLabel("&Second token:")
        title.setBuddy(self.second)

        self.open_button = QPushButton("&Open file…")
        self.open_button.setObjectName("compareOpenFile")
        self.open_button.clicked.connect(self.open_requested)
        self.paste_button = QPushButton("From this &paste")
        self.paste_button.setObjectName("comparePasteTokens")
        self.paste_button.setToolTip("Another token of the text in the token pane")
        self.paste_menu = QMenu(self.paste_button)
        self.paste_button.setMenu(self.paste_menu)
        self.paste_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.paste_button)
        buttons.addStretch(1)

        self.problem = _label("compareProblem")
        self.problem.setAccessibleName("What is wrong with the second token")
        self.problem.setTextFormat(Qt.TextFormat.RichText)
        self.problem.hide()
        self.callouts = _label("compareCallouts")
        self.callouts.setAccessibleName("What changed most")
        self.callouts.setTextFormat(Qt.TextFormat.RichText)

        self.facts = QWidget()
        grid = QGridLayout(self.facts)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        for column, text in ((1, "Shown token"), (2, "Second token")):
            heading = QLabel(f"<b>{text}</b>")
            grid.addWidget(heading, 0, column)
        self.fact_labels: list[tuple[QLabel, QLabel]] = []
        for number, text in enumerate(FACT_TITLES, 1):
            grid.addWidget(QLabel(text), number, 0, Qt.AlignmentFlag.AlignTop)
            pair = (
                _label(f"compareLeft{number}"),
                _label(f"compareRight{number}"),
            )
            for column, label in enumerate(pair, 1):
                label.setAccessibleName(
                    f"{text}, {'shown' if column == 1 else 'second'} token"
                )
                grid.addWidget(label, number, column, Qt.AlignmentFlag.AlignTop)
            self.fact_labels.append(pair)

        self.model = CompareModel(self)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves; arrows move
        self.table.setObjectName("compareTable")
        self.table.setAccessibleName("Members that differ")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ChangeDelegate(self.table))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        line = self.table.fontMetrics().lineSpacing()
        self.table.verticalHeader().setDefaultSectionSize(line + 8)  # one line
        header = self.table.horizontalHeader()
        for column in (Column.PART, Column.NAME, Column.CHANGE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (Column.LEFT, Column.RIGHT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.more = _label("compareMore")
        self.more.hide()

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.close_button = close.button(QDialogButtonBox.StandardButton.Close)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.second)
        layout.addLayout(buttons)
        layout.addWidget(self.problem)
        layout.addWidget(self.callouts)
        layout.addWidget(self.facts)
        # Takes the room left, also while the table is hidden (nothing to
        # compare yet): the box and the buttons stay at the top.
        rows = QWidget()
        rows_layout = QVBoxLayout(rows)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        rows_layout.addWidget(self.table, 1)
        rows_layout.addWidget(self.more)
        rows_layout.addStretch(0)
        layout.addWidget(rows, 1)
        layout.addWidget(close)
        QWidget.setTabOrder(self.second, self.open_button)
        QWidget.setTabOrder(self.open_button, self.paste_button)
        QWidget.setTabOrder(self.paste_button, self.table)
        QWidget.setTabOrder(self.table, self.close_button)
        self.show_nothing()

    # --- what the controller shows ----------------------------------------

    def set_second_text(self, text: str) -> None:
        """Put ``text`` in the second token's box as one undo step (Ctrl+Z
        brings back what was typed there)."""
        self.second.set_text(text)

    def _refuse_paste(self, size: int) -> None:
        self.show_problem(
            f"✗ Paste refused: the text is {size:,} characters and the decoder "
            f"takes at most {self.second.max_size:,}. The box was not changed."
        )

    def offer_tokens(self, tokens: list[tuple[str, str]]) -> None:
        """The other tokens of the token pane's text: (menu text, token);
        the button is hidden when there are none."""
        self.paste_menu.clear()
        for text, token in tokens:
            action = self.paste_menu.addAction(text)
            action.triggered.connect(
                lambda _checked=False, token=token: self.set_second_text(token)
            )
        self.paste_button.setVisible(bool(tokens))

    def show_problem(self, html: str) -> None:
        """Why the second input cannot be compared ("" hides it); what was
        compared before is cleared, the box keeps its text."""
        self.problem.setText(html)
        self.problem.setStyleSheet(f"color: {hex_color(self, 'bad')};")
        self.problem.setVisible(bool(html))
        if html:
            self.show_nothing()

    def show_nothing(self) -> None:
        """No comparison (no second token yet, or one that cannot be read)."""
        self.callouts.hide()
        self.facts.hide()
        self.model.set_rows(())
        self.table.hide()
        self.more.hide()

    def show_comparison(
        self,
        callouts: list[tuple[str, str]],
        facts: tuple[list[str], list[str]],
        roles: tuple[list[str], list[str]],
    ) -> None:
        """The call-outs (text, colour role), then each side's facts (one
        text per FACT_TITLES row, with its colour role)."""
        self.problem.hide()
        self.callouts.setText(
            "<br>".join(
                f'<span style="color: {hex_color(self, role)}">{escape(text)}</span>'
                for text, role in callouts
            )
        )
        self.callouts.setVisible(bool(callouts))
        for number, pair in enumerate(self.fact_labels):
            for side, label in enumerate(pair):
                label.setText(facts[side][number])
                role = roles[side][number]
                style = f"color: {hex_color(self, role)};" if role else ""
                label.setStyleSheet(style)
        self.facts.show()
        self.table.setVisible(self.model.rowCount() > 0)
        hidden = self.model.hidden
        self.more.setText(f"… and {hidden:,} more members that differ, not listed")
        self.more.setVisible(hidden > 0)


def fact_texts(alg: str, lifetime: str, facts: Facts) -> tuple[list[str], list[str]]:
    """One side's summary texts and colour roles, in FACT_TITLES order."""
    state, state_role = facts.state
    key, key_role = facts.key
    return [alg, lifetime, state, key], ["", "", state_role, key_role]
