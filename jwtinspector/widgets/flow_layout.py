"""A layout that puts its items in a row and wraps them onto more rows when
the row is too narrow (after Qt's Flow Layout example), so a row of buttons
never forces the window wider nor cuts a button off."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Items left to right, wrapped onto as many rows as the width needs.

    Items with ``stretch`` share the room left on their row (a label that
    takes the rest of a line). An item wider than the whole row gets the
    row's width.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: dict[int, int] = {}
        self._spacing = spacing
        self._width = 0  # the width last laid out in
        self.setContentsMargins(0, 0, 0, 0)

    def addWidget(self, widget: QWidget, stretch: int = 0) -> None:  # noqa: N802
        """Add ``widget``; a non-zero ``stretch`` lets it fill its row."""
        self._stretch[id(widget)] = stretch
        super().addWidget(widget)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt override)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        if 0 <= index < len(self._items):
            return self._items.pop(index)
        return None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, move=True)
        if rect.width() != self._width:
            # The rows it needs changed: splitters and forms ask the minimum
            # size, not the height for a width, so tell them again.
            self._width = rect.width()
            self.invalidate()

    def sizeHint(self) -> QSize:
        """All items on one row."""
        width = height = 0
        for item in self._visible():
            hint = item.sizeHint()
            width += hint.width() + (self._spacing if width else 0)
            height = max(height, hint.height())
        margins = self.contentsMargins()
        return QSize(width, height) + QSize(
            margins.left() + margins.right(), margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:  # noqa: N802
        """As narrow as the widest single item (every item on its own row)."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
            size.setWidth(max(size.width(), min(item.sizeHint().width(), 200)))
        margins = self.contentsMargins()
        size += QSize(
            margins.left() + margins.right(), margins.top() + margins.bottom()
        )
        if self._width > 0:  # as many rows as the width it has needs
            size.setHeight(max(size.height(), self.heightForWidth(self._width)))
        return size

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _stretch_of(self, item: QLayoutItem) -> int:
        widget = item.widget()
        return self._stretch.get(id(widget), 0) if widget is not None else 0

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Lay the items out in ``rect`` (or only measure); the height used."""
        margins: QMargins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        rows: list[list[tuple[QLayoutItem, int]]] = [[]]
        used = 0
        for item in self._visible():
            width = min(item.sizeHint().width(), area.width())
            width = max(width, min(item.minimumSize().width(), area.width()))
            if rows[-1] and used + self._spacing + width > area.width():
                rows.append([])
                used = 0
            used += (self._spacing if rows[-1] else 0) + width
            rows[-1].append((item, width))
        y = area.y()
        for row in rows:
            if not row:
                continue
            spare = (
                area.width() - sum(w for _, w in row) - self._spacing * (len(row) - 1)
            )
            stretches = sum(self._stretch_of(item) for item, _ in row)
            widths = [
                w + (spare * self._stretch_of(item) // stretches if stretches else 0)
                for item, w in row
            ]
            heights = [
                item.heightForWidth(w) if item.hasHeightForWidth() else -1
                for (item, _), w in zip(row, widths, strict=True)
            ]
            heights = [
                h if h >= 0 else item.sizeHint().height()
                for (item, _), h in zip(row, heights, strict=True)
            ]
            line = max(heights)
            x = area.x()
            for (item, _), width, height in zip(row, widths, heights, strict=True):
                if move:
                    top = y + (line - height) // 2
                    item.setGeometry(QRect(QPoint(x, top), QSize(width, height)))
                x += width + self._spacing
            y += line + self._spacing
        return y - self._spacing - area.y() + margins.top() + margins.bottom()
