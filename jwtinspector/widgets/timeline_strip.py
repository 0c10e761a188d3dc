"""The timeline strip: each token's iat, nbf, auth_time and exp as marks on
one time axis, with the instant they are judged at as a line across them.

Painted with QPainter from a core.timeline.Timeline; a mark's tooltip gives
its exact date and how far it lies from the evaluation time, and a click on
it asks to evaluate at that instant.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from jwtinspector.core.numericdate import format_utc
from jwtinspector.core.timeline import Mark, Timeline
from jwtinspector.widgets.theme import color

# Colours follow the window's palette: the bar around the strip has a style
# sheet of its own, which gives it (and the strip) a light palette.

MARK_ROLES = {"iat": "neutral", "nbf": "warn", "auth_time": "signature", "exp": "bad"}
"""The colour role of each time claim's mark."""
_LABEL_WIDTH = 110  # the token names' column, at most
_HIT = 6  # pixels either side of a mark that show its tooltip or take a click


class TimelineStrip(QWidget):
    """The painted timeline (``show_timeline``); nothing until a token has one.

    Signals:
        mark_clicked: A mark was clicked. arg: its seconds since 1970.
    """

    mark_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineStrip")
        self.setAccessibleName("Timeline of the time claims")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._timeline: Timeline | None = None

    @property
    def timeline(self) -> Timeline | None:
        """What the strip draws (None: nothing)."""
        return self._timeline

    def show_timeline(self, timeline: Timeline | None) -> None:
        """Draw ``timeline``; its rows set the strip's height."""
        self._timeline = timeline
        self.setAccessibleDescription(self.summary())
        self.updateGeometry()
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def summary(self) -> str:
        """The timeline in words, one line a token (for screen readers)."""
        timeline = self._timeline
        if timeline is None:
            return ""
        lines = [f"Evaluated at {format_utc(timeline.at)}"]
        for row in timeline.rows:
            marks = "; ".join(mark.describe(timeline.at) for mark in row.marks)
            lines.append(f"{row.label}: {marks or row.note}")
        if timeline.more:
            lines.append(f"… {timeline.more} more")
        return "\n".join(lines)

    # --- geometry ------------------------------------------------------------

    def _row_height(self) -> int:
        return 2 * self.fontMetrics().height() + 4

    def rows_shown(self) -> int:
        """Rows drawn: one a token, and one for "… N more"."""
        timeline = self._timeline
        if timeline is None:
            return 0
        return len(timeline.rows) + (1 if timeline.more else 0)

    def height_for(self, rows: int) -> int:
        """The height ``rows`` rows and the axis's dates take."""
        return (
            rows * self._row_height() + self.fontMetrics().height() + 6 if rows else 0
        )

    def sizeHint(self) -> QSize:
        return QSize(300, self.height_for(self.rows_shown()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(160, self.sizeHint().height())

    def _axis(self) -> tuple[float, float]:
        """The x of the axis's start and end."""
        bold = self.font()
        bold.setBold(True)  # the shown token's name is bold
        metrics = QFontMetrics(bold)
        timeline = self._timeline
        widest = (
            max(
                (metrics.horizontalAdvance(row.label) for row in timeline.rows),
                default=0,
            )
            if timeline
            else 0
        )
        label = min(widest + 8, _LABEL_WIDTH, self.width() // 3)
        return float(label + 8), float(self.width() - 10)

    def _x(self, seconds: float) -> float:
        assert self._timeline is not None
        left, right = self._axis()
        return left + self._timeline.position(seconds) * (right - left)

    # --- painting ------------------------------------------------------------

    def paintEvent(self, _event: Any) -> None:
        timeline = self._timeline
        if timeline is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        row_height = self._row_height()
        left, right = self._axis()
        text = self.palette().windowText().color()
        for number, row in enumerate(timeline.rows):
            top = number * row_height
            middle = self._middle(number)
            font = painter.font()
            font.setBold(row.shown)
            painter.setFont(font)
            painter.setPen(text)
            name = metrics.elidedText(
                row.label, Qt.TextElideMode.ElideRight, int(left) - 10
            )
            painter.drawText(
                QRectF(2, top, left - 8, row_height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            font.setBold(False)
            painter.setFont(font)
            self._paint_lifetime(painter, row.marks, middle)
            painter.setPen(QPen(color(self.window(), "dot"), 1))
            painter.drawLine(QPointF(left, middle), QPointF(right, middle))
            if not row.marks:
                painter.setPen(color(self.window(), "dot"))
                painter.drawText(
                    QRectF(left + 4, middle + 2, right - left, row_height),
                    Qt.AlignmentFlag.AlignLeft,
                    row.note,
                )
            self._paint_marks(painter, row.marks, middle)
        bottom = len(timeline.rows) * row_height
        if timeline.more:
            painter.setPen(text)
            painter.drawText(
                QRectF(left, bottom, right - left, row_height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"… {timeline.more} more",
            )
            bottom += row_height
        self._paint_axis(painter, timeline, bottom)
        painter.end()

    def _paint_lifetime(
        self, painter: QPainter, marks: tuple[Mark, ...], y: int
    ) -> None:
        """The span the token is valid in (nbf or iat to exp), shaded."""
        by_claim = {mark.claim: mark.seconds for mark in marks}
        start = by_claim.get("nbf", by_claim.get("iat"))
        end = by_claim.get("exp")
        if start is None or end is None or end <= start:
            return
        fill = color(self.window(), "good_bg")
        painter.fillRect(
            QRectF(self._x(start), y - 5, self._x(end) - self._x(start), 10), fill
        )

    def _paint_marks(self, painter: QPainter, marks: tuple[Mark, ...], y: int) -> None:
        """Ticks with the claims' names under them; names that would overlap
        share one label ("iat/nbf")."""
        metrics = self.fontMetrics()
        groups: list[tuple[float, list[str]]] = []
        for mark in marks:
            x = self._x(mark.seconds)
            painter.setPen(QPen(color(self.window(), MARK_ROLES[mark.claim]), 3))
            painter.drawLine(QPointF(x, y - 6), QPointF(x, y + 6))
            if groups:
                last_x, names = groups[-1]
                width = metrics.horizontalAdvance("/".join(names))
                if (
                    x - last_x
                    < width / 2 + metrics.horizontalAdvance(mark.claim) / 2 + 4
                ):
                    names.append(mark.claim)
                    continue
            groups.append((x, [mark.claim]))
        for x, names in groups:
            label = "/".join(names)
            width = metrics.horizontalAdvance(label)
            left = min(
                max(x - width / 2, self._axis()[0] - 4), self.width() - width - 2
            )
            painter.setPen(color(self.window(), MARK_ROLES[names[0]]))
            painter.drawText(QPointF(left, y + 8 + metrics.ascent()), label)

    def _paint_axis(self, painter: QPainter, timeline: Timeline, bottom: int) -> None:
        """The evaluation time's line across the rows, and the axis's dates."""
        metrics = self.fontMetrics()
        left, right = self._axis()
        line: QColor = color(self.window(), "time")
        x = self._x(timeline.at)
        painter.setPen(QPen(line, 2))
        painter.drawLine(QPointF(x, 0), QPointF(x, bottom + 2))
        painter.setPen(color(self.window(), "dot"))
        baseline = bottom + 4 + metrics.ascent()
        start, end = format_utc(timeline.start)[:16], format_utc(timeline.end)[:16]
        room = right - left - 12
        for cut in (0, 5):  # without the year when both do not fit
            first, last = start[cut:], end[cut:] + " UTC"
            width = metrics.horizontalAdvance(first) + metrics.horizontalAdvance(last)
            if width <= room:
                break
        if width <= room:
            painter.drawText(QPointF(left, baseline), first)
        painter.drawText(
            QPointF(right - metrics.horizontalAdvance(last), baseline), last
        )

    # --- tooltips and clicks -------------------------------------------------

    def _middle(self, number: int) -> int:
        """The y of row ``number``'s axis line."""
        return number * self._row_height() + self.fontMetrics().height() // 2 + 3

    def mark_places(self) -> list[tuple[QRectF, Mark]]:
        """Where each mark is drawn: the area its tooltip and click cover."""
        if self._timeline is None:
            return []
        below = self.fontMetrics().height()
        places = []
        for number, row in enumerate(self._timeline.rows):
            y = self._middle(number)
            for mark in row.marks:
                x = self._x(mark.seconds)
                places.append((QRectF(x - _HIT, y - 8, 2 * _HIT, 16 + below), mark))
        return places

    def mark_at(self, x: float, y: float) -> Mark | None:
        """The mark under a point (the nearest one), or None."""
        near = [
            (abs(rect.center().x() - x), mark)
            for rect, mark in self.mark_places()
            if rect.contains(QPointF(x, y))
        ]
        return min(near, key=lambda pair: pair[0])[1] if near else None

    def event(self, event: Any) -> bool:
        if isinstance(event, QHelpEvent):  # a tooltip
            mark = self.mark_at(event.pos().x(), event.pos().y())
            if mark is not None and self._timeline is not None:
                QToolTip.showText(
                    event.globalPos(), mark.describe(self._timeline.at), self
                )
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        mark = self.mark_at(event.position().x(), event.position().y())
        if mark is not None and event.button() == Qt.MouseButton.LeftButton:
            self.mark_clicked.emit(mark.seconds)
            return
        super().mousePressEvent(event)
