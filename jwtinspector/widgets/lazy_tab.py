"""A tab whose page is built the first time it is shown or asked for."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QTabWidget, QWidget


class LazyTab:
    """Holds a tab's place with an empty page until the real one is needed.

    Tabs that are not shown first (and their Qt classes) then cost nothing at
    start-up, in time or memory. The real page replaces the placeholder at
    the same index, so ``setCurrentWidget(page)`` and ``currentWidget()``
    behave as for a tab added directly.
    """

    def __init__(
        self, tabs: QTabWidget, title: str, build: Callable[[], QWidget]
    ) -> None:
        self._tabs = tabs
        self._title = title
        self._build: Callable[[], QWidget] | None = build
        placeholder = QWidget()
        self._placeholder: QWidget | None = placeholder
        self._page = placeholder
        tabs.addTab(placeholder, title)
        # Connected before anyone else's currentChanged slot: those then see
        # the real page as the current widget.
        tabs.currentChanged.connect(self._on_current_changed)

    @property
    def built(self) -> bool:
        """True once the real page exists."""
        return self._build is None

    def page(self) -> QWidget:
        """The real page, built now if it was not yet."""
        if self._build is not None:
            build, self._build = self._build, None
            page = build()
            tabs, placeholder = self._tabs, self._page
            index = tabs.indexOf(placeholder)
            current = tabs.currentIndex()
            with QSignalBlocker(tabs):  # the same tab stays current: no change
                tabs.removeTab(index)
                tabs.insertTab(index, page, self._title)
                tabs.setCurrentIndex(current)
            tabs.currentChanged.disconnect(self._on_current_changed)
            placeholder.deleteLater()
            self._placeholder = None
            self._page = page
        return self._page

    def is_current(self) -> bool:
        """True when this tab is the one shown (built or not)."""
        return self._tabs.currentWidget() is self._page

    def _on_current_changed(self, _index: int) -> None:
        if self._tabs.currentWidget() is self._placeholder:
            self.page()
