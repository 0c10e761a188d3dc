"""The time machine's bar under the verdict: the instant the token is judged
at, a Now button, jumps to the token's own dates, the note that says the
window is not at now, and the timeline strip.

It only shows and forwards: controllers/time_machine.py sets the time.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jwtinspector.core.numericdate import INSTANT_FORMS
from jwtinspector.core.timeline import Timeline
from jwtinspector.widgets.flow_layout import FlowLayout
from jwtinspector.widgets.theme import escape, hex_color
from jwtinspector.widgets.timeline_strip import TimelineStrip

VISIBLE_ROWS = 3
"""Tokens the timeline shows without scrolling."""
TIME_MACHINE_SHORTCUT = "Ctrl+Shift+T"
"""Shows or closes the time machine (View ▸ Time machine)."""


class TimeMachineBar(QFrame):
    """The "Evaluate at" row, its note and the timeline.

    Signals:
        time_entered: The user pressed Enter in the time field. arg: its text.
        now_requested: The Now button.
        jump_requested: A jump from the menu. arg: seconds since 1970.
        close_requested: The close button.
    """

    time_entered = Signal(str)
    now_requested = Signal()
    jump_requested = Signal(object)
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeMachine")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.label = QLabel("Evaluate at")
        self.label.setObjectName("evaluateAtLabel")
        self.edit = QLineEdit()
        self.edit.setObjectName("evaluateAtEdit")
        self.edit.setAccessibleName("Evaluate at")
        self.edit.setPlaceholderText("now · 2026-05-01T12:00:00Z or seconds")
        self.edit.setToolTip(
            f"Judge the time claims at another instant: {INSTANT_FORMS}. "
            "Press Enter to apply; empty or now is now. The leeway is the "
            "Expect row's."
        )
        self.edit.setClearButtonEnabled(True)
        # Room for a whole ISO 8601 instant and the clear button.
        self.edit.setMinimumWidth(
            self.edit.fontMetrics().horizontalAdvance("2026-05-01T12:00:00Z") + 36
        )
        self.label.setBuddy(self.edit)
        # Tool buttons: as narrow as their text, so the time keeps its room;
        # the jump's arrow is in its text (the style's would overlap it).
        self.jump_button = QToolButton()
        self.jump_button.setText("Jump ▾")
        self.jump_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.jump_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.jump_button.setObjectName("evaluateJumpButton")
        self.jump_button.setAccessibleName("Jump to one of the token's dates")
        self.jump_button.setToolTip(
            "Evaluate at one of the token's dates, or an hour or a day away"
        )
        self.jump_menu = QMenu(self.jump_button)
        self.jump_menu.setObjectName("evaluateJumpMenu")
        self.jump_button.setMenu(self.jump_menu)
        self.now_button = QToolButton()
        self.now_button.setText("Now")
        self.now_button.setObjectName("evaluateNowButton")
        self.now_button.setAccessibleName("Evaluate at now")
        self.now_button.setToolTip(
            "Judge the token at the time now again (the countdown ticks)"
        )
        self.close_button = QToolButton()
        self.close_button.setObjectName("timeMachineClose")
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setAccessibleName("Close the time machine")
        self.close_button.setToolTip(
            f"Close the time machine and evaluate at now ({TIME_MACHINE_SHORTCUT})"
        )
        # In a narrow pane the buttons wrap under the time instead of
        # widening the pane.
        controls = QWidget()
        row = FlowLayout(controls, spacing=4)
        row.setContentsMargins(0, 0, 0, 0)
        time_box = QWidget()  # the label and its time wrap together
        time_row = QHBoxLayout(time_box)
        time_row.setContentsMargins(0, 0, 0, 0)
        time_row.setSpacing(4)
        time_row.addWidget(self.label)
        time_row.addWidget(self.edit, 1)
        buttons = QWidget()  # the buttons too
        button_row = QHBoxLayout(buttons)
        button_row.setContentsMargins(0, 0, 0, 0)
        button_row.setSpacing(4)
        for button in (self.jump_button, self.now_button, self.close_button):
            button_row.addWidget(button)
        row.addWidget(time_box, 1)
        row.addWidget(buttons)
        self.notice = QLabel("")
        self.notice.setObjectName("evaluationNotice")
        self.notice.setAccessibleName("Evaluation time")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.hide()
        self.strip = TimelineStrip()
        # Many tokens scroll inside the bar: it never takes the whole pane.
        self.strip_area = QScrollArea()
        self.strip_area.setObjectName("timelineArea")
        self.strip_area.setFrameShape(QFrame.Shape.NoFrame)
        self.strip_area.setWidgetResizable(True)
        self.strip_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.strip_area.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.strip_area.setWidget(self.strip)
        self.strip_area.viewport().setAutoFillBackground(False)  # the bar's colour
        self.strip_area.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 4, 6, 4)
        column.setSpacing(2)
        column.addWidget(controls)
        column.addWidget(self.notice)
        column.addWidget(self.strip_area)
        self.edit.returnPressed.connect(
            lambda: self.time_entered.emit(self.edit.text())
        )
        self.now_button.clicked.connect(self.now_requested)
        self.close_button.clicked.connect(self.close_requested)
        self._lines: list[tuple[str, str]] = []
        self.show_notice([])

    def show_timeline(self, timeline: Timeline | None) -> None:
        """The timeline strip (None hides it); past VISIBLE_ROWS tokens it scrolls."""
        self.strip.show_timeline(timeline)
        self.strip_area.setVisible(timeline is not None)
        if timeline is not None:
            rows = min(self.strip.rows_shown(), VISIBLE_ROWS)
            self.strip_area.setFixedHeight(self.strip.height_for(rows))

    def set_jumps(self, jumps: list[tuple[str, float]]) -> None:
        """The jump menu: (label, seconds since 1970) each, in order."""
        self.jump_menu.clear()
        for label, seconds in jumps:
            action = self.jump_menu.addAction(label)
            action.triggered.connect(
                lambda _checked=False, s=seconds: self.jump_requested.emit(s)
            )
        self.jump_button.setEnabled(bool(jumps))

    def show_notice(self, lines: list[tuple[str, str]]) -> None:
        """Lines of (text, colour role) under the time row; none hides it.
        The bar takes the time colour while the first line is "time"."""
        self._lines = lines
        scheme = self.window()  # this bar's own palette is its style sheet's
        html = "<br>".join(
            f"<span style='color:{hex_color(scheme, role)}'>"
            f"{'<b>' if role == 'time' else ''}{escape(text)}"
            f"{'</b>' if role == 'time' else ''}</span>"
            for text, role in lines
        )
        self.notice.setText(html)
        self.notice.setVisible(bool(lines))
        self.notice.setToolTip("\n".join(text for text, _ in lines))
        away = bool(lines) and lines[0][1] == "time"
        self.setProperty("away", away)
        background = hex_color(scheme, "time_bg" if away else "neutral_bg")
        border = hex_color(scheme, "time") if away else background
        self.setStyleSheet(
            f"QFrame#timeMachine {{ background: {background}; "
            f"border: 1px solid {border}; border-radius: 4px; }}"
        )

    def recolour(self) -> None:
        """The light or dark scheme changed: the note and the bar follow it."""
        self.show_notice(self._lines)
        self.strip.update()
