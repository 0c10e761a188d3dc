"""A word-wrapped label that asks for the height its real width needs."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel


class WrappedLabel(QLabel):
    """QLabel's own size hint assumes a narrow width, so a one-line text in a
    form row gets the height of three lines; this one uses its actual width.

    Its minimum height is also what its text needs at that width: splitters
    and scroll-less panes do not ask for height-for-width, and would otherwise
    squeeze a long message until its first and last lines are cut off.
    """

    reserve_lines = 0
    """Lines of height kept whatever the text (a banner that must not move
    what is below it when a shorter message replaces a longer one)."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.width() > hint.width():
            return QSize(hint.width(), self._needed_height(hint.height()))
        return hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().minimumSizeHint()
        if not self.text() or self.width() <= 0:
            return hint
        return QSize(hint.width(), self._needed_height(hint.height()))

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        needed = super().heightForWidth(width)
        return max(needed, self._reserved_height()) if needed > 0 else needed

    def _needed_height(self, fallback: int) -> int:
        needed = self.heightForWidth(self.width())
        return max(needed if needed > 0 else fallback, self._reserved_height())

    def _reserved_height(self) -> int:
        if not self.reserve_lines:
            return 0
        # The text's own margins and padding, plus the lines (bold: titles).
        bold = self.font()
        bold.setBold(True)
        from PySide6.QtGui import QFontMetrics

        line = QFontMetrics(bold).lineSpacing()
        frame = self.height() - self.contentsRect().height()
        return frame + line * self.reserve_lines + 2 * self.margin()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        super().setText(text)
        self.updateGeometry()  # the needed height changed with the text

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the height depends on the width
