"""The row of tools above the claims table: add, remove and set dates."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QTimeZone, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QWidget,
)

from jwtinspector.core.numericdate import DATE_OFFSETS, MAX_SECONDS
from jwtinspector.widgets.flow_layout import FlowLayout

HOUR = 3600
MAX_PICKER_DATE = MAX_SECONDS
"""9999-12-31 23:59:59 UTC, the last second the date picker shows."""

QUICK_TIMES = DATE_OFFSETS
"""Quick actions for NumericDate claims: label and seconds from now (the core's)."""


class DateEdit(QDateTimeEdit):
    """A date box that Tab leaves at once (arrow keys move between its
    fields), as every other control does."""

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802
        return QWidget.focusNextPrevChild(self, next)


class ClaimsTools(QWidget):
    """Buttons that ask for claim edits; the session makes them.

    Signals:
        add_requested: Add a new claim.
        remove_requested: Remove the selected claim.
        date_requested: Set the selected (or exp) date claim. arg: seconds
            since 1970 as chosen in the picker.
        quick_time_requested: arg: seconds from now (0 = now).
    """

    add_requested = Signal()
    remove_requested = Signal()
    # object, not int: a Qt int is 32 bits, and dates after 2038-01-19
    # 03:14:07 UTC are beyond it.
    date_requested = Signal(object)
    quick_time_requested = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        # Wraps onto a second row in a narrow payload pane: no button cut off.
        layout = FlowLayout(self, spacing=4)
        self.add_button = QPushButton("Add claim")
        self.add_button.setObjectName("addClaimButton")
        self.add_button.setAccessibleName("Add claim")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeClaimButton")
        self.remove_button.setAccessibleName("Remove claim")
        self.date_edit = DateEdit()
        self.date_edit.setObjectName("dateTimeEdit")
        self.date_edit.setAccessibleName("Date for exp")
        # Names the claim the date is for; the date is that claim's value.
        self.date_label = QLabel("exp:")
        self.date_label.setObjectName("dateClaimLabel")
        self.date_label.setBuddy(self.date_edit)
        self.date_edit.setCalendarPopup(True)
        utc = QTimeZone(QTimeZone.Initialization.UTC)
        self.date_edit.setTimeZone(utc)
        self.date_edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss 'UTC'")  # as the table
        # A NumericDate the picker can show: 1970 to the end of year 9999 (a
        # later one is kept in the token, and the picker offers now instead).
        self.date_edit.setMinimumDateTime(QDateTime.fromSecsSinceEpoch(0, utc))
        self.date_edit.setMaximumDateTime(
            QDateTime.fromSecsSinceEpoch(MAX_PICKER_DATE, utc)
        )
        self.date_edit.setToolTip(
            "A date from 1970 to 9999-12-31 (UTC); type a later NumericDate "
            "into the claims table"
        )
        self.set_date_button = QPushButton("Set exp")
        self.set_date_button.setObjectName("setDateButton")
        self.set_date_button.setAccessibleName("Set exp to this date")
        self.set_date_button.setToolTip(
            "Set the selected time claim (or exp) to this date"
        )
        # A push button makes room for its menu arrow (a tool button's overlaps).
        self.quick_button = QPushButton("Quick exp")
        self.quick_button.setObjectName("quickTimeButton")
        self.quick_button.setAccessibleName("Quick exp")
        self.quick_button.setToolTip(
            "Set the selected time claim (or exp) relative to now"
        )
        menu = QMenu(self.quick_button)
        for label, seconds in QUICK_TIMES:
            action = menu.addAction(label)
            action.setObjectName(f"quick:{label}")
            action.triggered.connect(
                lambda _=False, s=seconds: self.quick_time_requested.emit(s)
            )
        self.quick_button.setMenu(menu)
        layout.addWidget(self.add_button)
        layout.addWidget(self.remove_button)
        date_box = QWidget()  # the label and its date wrap together
        date_row = QHBoxLayout(date_box)
        date_row.setContentsMargins(0, 0, 0, 0)
        date_row.setSpacing(2)
        date_row.addWidget(self.date_label)
        date_row.addWidget(self.date_edit)
        layout.addWidget(date_box)
        layout.addWidget(self.set_date_button)
        layout.addWidget(self.quick_button)
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button.clicked.connect(self.remove_requested)
        self.set_date_button.clicked.connect(
            lambda: self.date_requested.emit(
                self.date_edit.dateTime().toSecsSinceEpoch()
            )
        )

    def show_target(self, claim: str, seconds: float | None, now: float) -> None:
        """Name the time claim the date tools set (the selected one, or exp)
        and show its date; a missing claim is offered at ``now`` (exp: an
        hour later) and the button says it adds the claim."""
        verb = "Set" if seconds is not None else "Add"
        self.set_date_button.setText(f"{verb} {claim}")
        self.set_date_button.setToolTip(
            f"{verb} the {claim} claim: the date beside it"
            " (select a time claim in the table to set that one)"
        )
        self.quick_button.setText(f"Quick {claim}")
        self.date_label.setText(f"{claim}:")
        self.date_edit.setAccessibleName(f"Date for {claim}")
        self.set_date_button.setAccessibleName(f"{verb} {claim} to this date")
        self.quick_button.setAccessibleName(f"Quick {claim}")
        if seconds is None:
            seconds = now + (HOUR if claim == "exp" else 0)
        utc = QTimeZone(QTimeZone.Initialization.UTC)
        seconds = min(max(int(seconds), 0), MAX_PICKER_DATE)
        self.date_edit.setDateTime(QDateTime.fromSecsSinceEpoch(seconds, utc))
