"""The building blocks of the window's layout: titled panes that hold their
place until their body arrives, splitters, stacks, tables and the Tab order.

Loaded before the first paint: it imports only light Qt classes (``Qt``
itself, whose enums PySide6 builds on first use, is imported where used).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from jwtinspector import window_settings

if TYPE_CHECKING:
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QTableView

    from jwtinspector.models.claims_model import ClaimsTableModel

_VERTICAL = 2
"""Qt::Vertical, set through the orientation property: see the module doc."""
DETAILS_SHORTCUT = "Ctrl+Shift+D"
"""Shows or folds the Signature details pane."""
VALUE_WIDTH = 300
"""The claims' Value column's width where the table has room for it."""


def pane(title: str, name: str, body: QWidget | None = None) -> QWidget:
    """A titled pane; without a body, an empty frame holds its place until
    ``fill`` puts the body in. Meanwhile the pane keeps the minimum size it
    had when the window last closed, so that nothing moves when the body
    arrives (a first start at a small size is the exception)."""
    box = QWidget()
    box.setObjectName(name)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(4, 4, 4, 4)
    label = QLabel(f"<b>{title}</b>")
    layout.addWidget(label)
    if body is None:
        body = QFrame()
        body.setObjectName("placeholder")
        body.setFrameShape(QFrame.Shape.StyledPanel)
        width, height = window_settings.pane_minimum(name)
        box.setMinimumSize(width, height)
    layout.addWidget(body, 1)
    return box


def fill(pane: QWidget, body: QWidget) -> None:
    """Put the body into a pane in place of its placeholder frame; from now
    on the body sets the pane's minimum size."""
    layout = pane.layout()
    assert isinstance(layout, QVBoxLayout)
    item = layout.takeAt(layout.count() - 1)
    placeholder = item.widget() if item is not None else None
    if placeholder is not None:
        placeholder.hide()
        placeholder.deleteLater()
    layout.addWidget(body, 1)
    pane.setMinimumSize(0, 0)


def details_toggle(pane: QWidget) -> tuple[QPushButton, QHBoxLayout]:
    """A button beside the pane's title that shows or folds the details,
    and the title's row (the countdown joins it)."""
    layout = pane.layout()
    assert isinstance(layout, QVBoxLayout)
    item = layout.takeAt(0)
    title = item.widget() if item is not None else None
    assert title is not None
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(title, 1)
    button = QPushButton("Show details")
    button.setObjectName("detailsToggle")
    button.setAccessibleName("Show signature details")
    button.setCheckable(True)
    button.setToolTip(f"Show or fold the Signature details pane ({DETAILS_SHORTCUT})")
    row.addWidget(button)
    layout.insertLayout(0, row)
    return button, row


def name_controls(root: QWidget) -> None:
    """Give every button and check box under ``root`` that has no accessible
    name its visible text as one (a screen reader then says what a sighted
    user reads); controls that set their own name keep it."""
    from PySide6.QtWidgets import QAbstractButton

    for button in root.findChildren(QAbstractButton):
        text = button.text().replace("&", "").strip(" …")
        if not button.accessibleName() and text:
            button.setAccessibleName(text)


def tab_after(before: QWidget, box: QWidget) -> None:
    """Move the controls inside ``box`` to just after ``before`` in the Tab
    order, keeping their own order."""
    from PySide6.QtCore import Qt

    controls: list[QWidget] = []
    widget = box.nextInFocusChain()
    while widget is not None and box.isAncestorOf(widget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            controls.append(widget)
        widget = widget.nextInFocusChain()
    for control in controls:
        QWidget.setTabOrder(before, control)
        before = control


def scrolled(body: QWidget) -> QWidget:
    """The body in a pane of its own that scrolls only when the body needs
    more height than the window can give (a key fetch with long warnings
    in a small window): the pane then never pushes the window past the
    screen, and Tab still brings each control into view."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QScrollArea

    scroll = QScrollArea()
    scroll.setObjectName(f"{body.objectName() or 'pane'}Scroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(body)
    return scroll


def splitter(name: str, *, vertical: bool) -> QSplitter:
    split = QSplitter()
    split.setObjectName(name)
    if vertical:
        split.setProperty("orientation", _VERTICAL)
    return split


def stack(*widgets: QWidget) -> QWidget:
    from PySide6.QtWidgets import QAbstractScrollArea

    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, QAbstractScrollArea) else 0)
    return box


def error_label(name: str, accessible: str) -> QLabel:
    from PySide6.QtCore import Qt

    label = QLabel("")
    label.setObjectName(name)
    label.setAccessibleName(accessible)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote the user's JSON
    label.hide()
    return label


def table(model: ClaimsTableModel, name: str, accessible: str) -> QTableView:
    from PySide6.QtWidgets import QTableView

    from jwtinspector.models.claims_model import Column

    view = QTableView()
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setModel(model)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    # One line of text per row (the style's default is about twice that).
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
    view.setColumnWidth(Column.NAME, 110)
    view.setColumnWidth(Column.VALUE, VALUE_WIDTH)
    view.activated.connect(open_source)
    return view


def open_source(index: QModelIndex) -> None:
    """Enter or a double-click on a Meaning cell opens the RFC, spec or
    provider page where that meaning is defined."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    from jwtinspector.models.claims_model import SOURCE_URL_ROLE, Column

    url = index.data(SOURCE_URL_ROLE)
    if index.column() == Column.MEANING and url:
        QDesktopServices.openUrl(QUrl(url))
