"""The time machine: judge the token at another instant than now.

View ▸ Time machine opens a bar under the verdict (widgets/time_machine_bar.py)
whose time the session's clock (models/evaluation_clock.py) then reads:
every time verdict, the audit, the banner and the countdown follow it, and
the countdown stands still until Now. The bar's timeline shows the time
claims of every token in the paste against that instant. Closing the bar
returns to now; the chosen time is never saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QVBoxLayout

from jwtinspector.core.numericdate import duration_text, format_utc, iso_utc
from jwtinspector.core.timeline import (
    MAX_TIMELINE_ROWS,
    Timeline,
    TimelineRow,
    build_timeline,
    marks_of,
)
from jwtinspector.widgets import panes
from jwtinspector.widgets.time_machine_bar import TIME_MACHINE_SHORTCUT, TimeMachineBar

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QMenu, QWidget

    from jwtinspector.core.extract import Extraction
    from jwtinspector.models.session import TokenSession
    from jwtinspector.widgets.signature_panel import SignaturePanel

_JUMPS = (("1 h earlier", -3600), ("1 h later", 3600), ("1 d later", 86400))


class TimeMachine(QObject):
    """Between the time machine's bar, the session's evaluation clock and
    the View menu's toggle (``action``)."""

    def __init__(
        self,
        session: TokenSession,
        panel: SignaturePanel,
        view_menu: QMenu,
        show_status: Callable[[str, int], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = session.evaluation
        self.panel = panel
        self._status = show_status
        self._error = ""
        self._rows_for: tuple[str, int] | None = None
        self._rows: tuple[TimelineRow, ...] = ()
        self.bar = bar = TimeMachineBar()
        bar.hide()
        layout = panel.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, bar)  # right under the verdict
        # Tab: the verdict's link (if any), then the time machine, then the
        # algorithm and the key.
        before = panel.algorithm_combo.previousInFocusChain()
        while before is not None and not before.focusPolicy() & Qt.FocusPolicy.TabFocus:
            before = before.previousInFocusChain()
        panes.tab_after(before or panel, bar)
        self.action = QAction("&Time machine (evaluate at…)", parent)
        self.action.setObjectName("timeMachineAction")
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(TIME_MACHINE_SHORTCUT))
        self.action.setToolTip("Judge the token's time claims at another instant")
        parent.addAction(self.action)
        view_menu.addAction(self.action)
        self.action.toggled.connect(self.set_open)
        bar.time_entered.connect(self.apply_text)
        bar.now_requested.connect(self.back_to_now)
        bar.close_requested.connect(lambda: self.action.setChecked(False))
        bar.jump_requested.connect(self.jump_to)
        bar.strip.mark_clicked.connect(self.jump_to)
        session.report_changed.connect(self.refresh)
        parent.installEventFilter(self)  # a light or dark scheme
        session.countdown_changed.connect(self._follow_now)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
        ):
            # Children receive the new palette after the window: after them.
            QTimer.singleShot(0, self.bar, self.bar.recolour)
        return super().eventFilter(watched, event)

    # --- user actions ---------------------------------------------------------

    @Slot(bool)
    def set_open(self, shown: bool) -> None:
        """Open the bar (focus in its time field), or close it: back to now."""
        if self.action.isChecked() != shown:
            self.action.setChecked(shown)  # comes back here through toggled
            return
        self.bar.setVisible(shown)
        if shown:
            self.refresh()
            self.bar.edit.setFocus()
            self.bar.edit.selectAll()
        else:
            self.back_to_now()

    @Slot(str)
    def apply_text(self, text: str) -> None:
        """Evaluate at the typed instant; bad text keeps the time and says why."""
        try:
            self.clock.choose_text(text)
        except ValueError as exc:
            self._error = str(exc)
        else:
            self._error = ""
        self.refresh()

    @Slot()
    def back_to_now(self) -> None:
        """Evaluate at now again: the countdown ticks."""
        self._error = ""
        self.bar.edit.clear()
        if not self.clock.live:
            self._status("Evaluating at now again: the countdown ticks", 4000)
        self.clock.choose(None)
        self.panel.countdown.setToolTip("")
        self.refresh()

    @Slot(object)
    def jump_to(self, seconds: float) -> None:
        """Evaluate at ``seconds`` (a jump, or a mark clicked on the timeline)."""
        self._error = ""
        self.bar.edit.setText(iso_utc(seconds))
        self.clock.choose(seconds)
        self.refresh()

    # --- display --------------------------------------------------------------

    @Slot(object)
    def refresh(self, _report: Any = None) -> None:
        """The note, the jumps, the timeline and the countdown's tooltip."""
        if not self.action.isChecked():
            return  # closed: at now, and the countdown's tooltip is empty
        live = self.clock.live
        self.panel.countdown.setToolTip(
            ""
            if live
            else f"Counted from {format_utc(self.clock())}, the chosen time: it "
            "stands still until you press Now in the time machine"
        )
        lines: list[tuple[str, str]] = []
        if not live:
            lines.append((self.clock.note(), "time"))
        if self._error:
            lines.append((self._error, "bad"))
        options = self.session.options
        if options is not None and options.leeway:
            lines.append(
                (
                    f"Time checks allow {duration_text(options.leeway)} of clock "
                    "skew (the leeway in the Expect row).",
                    "neutral",
                )
            )
        self.bar.show_notice(lines)
        timeline = self.timeline()
        self.bar.show_timeline(timeline if timeline.rows else None)
        self.bar.set_jumps(self._jumps(timeline))

    @Slot(object)
    def _follow_now(self, _countdown: Any = None) -> None:
        """At now the timeline's line moves with the clock."""
        if self.clock.live and self.bar.isVisible():
            timeline = self.timeline()
            self.bar.show_timeline(timeline if timeline.rows else None)

    def timeline(self) -> Timeline:
        """The tokens of the paste against the evaluation time."""
        return build_timeline(self._token_rows(), self.clock())

    def _token_rows(self) -> tuple[TimelineRow, ...]:
        """One row per token in the paste (decoded once per text), the
        shown one with the claims the window shows (a JWE's nested token's)."""
        session = self.session
        shown = session.inner or session.token
        key = (session.text, id(shown))
        if key == self._rows_for:
            return self._rows
        from jwtinspector.core.extract import find_tokens
        from jwtinspector.core.token import decode_extraction
        from jwtinspector.widgets.token_picker import describe

        pasted = session.pasted
        several: tuple[Extraction, ...] = ()
        if (
            getattr(pasted, "sd", None) is None
            and getattr(pasted, "json", None) is None
        ):
            several = find_tokens(session.text) if session.text.strip() else ()
        rows: list[TimelineRow] = []
        if len(several) < 2:
            if shown is not None:
                marks, note = marks_of(getattr(shown, "claims", None))
                rows.append(TimelineRow("this token", marks, True, note))
        else:
            current = session.token.token if session.token is not None else None
            for number, found in enumerate(sorted(several, key=lambda f: f.start)):
                label = describe(session.text, found)
                if number >= MAX_TIMELINE_ROWS:  # counted, not decoded
                    rows.append(TimelineRow(label, ()))
                    continue
                is_shown = found.token == current
                token = shown if is_shown else decode_extraction(found)
                claims = getattr(token, "claims", None)
                marks, note = marks_of(claims)
                if claims is None and getattr(token, "is_encrypted", False):
                    note = "encrypted: its dates are inside"
                rows.append(TimelineRow(label, marks, is_shown, note))
        self._rows_for, self._rows = key, tuple(rows)
        return self._rows

    def _jumps(self, timeline: Timeline) -> list[tuple[str, float]]:
        """The shown token's dates (and just before its exp), then an hour
        or a day from the evaluation time."""
        jumps: list[tuple[str, float]] = []
        for row in timeline.rows:
            if not row.shown:
                continue
            for mark in row.marks:
                if mark.claim == "exp":
                    jumps.append(("1 s before exp", mark.seconds - 1))
                jumps.append(
                    (f"At {mark.claim} · {format_utc(mark.seconds)}", mark.seconds)
                )
        at = self.clock()
        jumps += [(label, at + seconds) for label, seconds in _JUMPS]
        return jumps
