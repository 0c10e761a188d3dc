"""The window by keyboard alone: Tab and Shift+Tab reach every control in
reading order, no editor keeps the Tab key, JSON editors indent on Enter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from jwtinspector.app import create_window
from jwtinspector.main_window import MainWindow

# What a user tabbing from the token editor meets, in order, with the sample
# shown (the details folded, as on a short screen), then the token again.
TAB_ORDER = [
    "Encoded token",
    "Show signature details",
    "Signing algorithm",
    "Generate key",
    "Export key",
    "Expected issuer",
    "Expected audience",
    "Leeway in seconds",
    "Key kind",
    "Shared secret",
    "Header views",
    "Decoded header",
    "Decoded payload",
    "Add claim",
    "Remove claim",
    "Date for exp",
    "Set exp to this date",
    "Quick exp",
    "Claims",
]
DETAILS = ["Signature details", "Signature"]


def focused() -> QWidget:
    """The control that has the focus (a spin box, not its inner line edit)."""
    widget = QApplication.focusWidget()
    assert widget is not None
    parent = widget.parentWidget()
    while parent is not None and parent.focusProxy() is widget:
        widget, parent = parent, parent.parentWidget()
    return widget


def walk(qtbot, window: MainWindow, key: Qt.Key, steps: int) -> list[QWidget]:
    reached = []
    for _ in range(steps):
        qtbot.keyClick(focused(), key)
        reached.append(focused())
    return reached


@pytest.fixture
def window(qtbot) -> MainWindow:
    window = create_window()
    qtbot.addWidget(window)
    window.resize(1240, 860)
    window.show_details(False)
    window.show()
    qtbot.waitActive(window)
    return window


def test_the_focus_starts_in_the_token_editor(window):
    assert QApplication.focusWidget() is window.token_edit


def test_tab_reaches_every_control_in_reading_order_and_comes_back(qtbot, window):
    reached = walk(qtbot, window, Qt.Key.Key_Tab, len(TAB_ORDER))

    names = [w.accessibleName() for w in reached]
    assert names == [*TAB_ORDER[1:], TAB_ORDER[0]]  # it cycles to the token
    assert reached[-1] is window.token_edit
    # Nothing was typed into an editor on the way.
    assert '"alg": "HS256"' in window.header_view.toPlainText()
    assert "\t" not in window.header_view.toPlainText()
    assert "\t" not in window.payload_view.toPlainText()


def test_shift_tab_goes_the_same_way_back(qtbot, window):
    reached = walk(qtbot, window, Qt.Key.Key_Backtab, len(TAB_ORDER))

    names = [w.accessibleName() for w in reached]
    assert names == [*reversed(TAB_ORDER[1:]), TAB_ORDER[0]]


def test_every_control_tab_reaches_has_an_accessible_name(qtbot, window):
    window.show_details(True)
    window.token_edit.setFocus()
    total = len(TAB_ORDER) + len(DETAILS)

    reached = walk(qtbot, window, Qt.Key.Key_Tab, total)

    names = [w.accessibleName() for w in reached]
    assert all(names), [w.objectName() for w in reached if not w.accessibleName()]
    # The details come last, under the claims.
    start = names.index("Claims") + 1
    assert names[start : start + len(DETAILS)] == DETAILS
    assert names[-1] == "Encoded token"


def test_the_details_fold_from_the_view_menu_and_its_shortcut(qtbot, window):
    assert not window.signature_panel.details.isVisible()
    assert window.details_action.shortcut().toString() == "Ctrl+Shift+D"

    window.details_action.trigger()

    assert window.signature_panel.details.isVisible()
    assert window.findChild(QWidget, "detailsToggle").text() == "Hide details"


def test_json_editor_indents_on_enter_and_tab_leaves_it(qtbot, window):
    view = window.payload_view
    view.setFocus()
    cursor = view.textCursor()
    cursor.setPosition(view.toPlainText().index('"sub"'))
    view.setTextCursor(cursor)
    qtbot.keyClick(view, Qt.Key.Key_End)

    qtbot.keyClicks(view, ",")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.keyClicks(view, '"team": {')
    qtbot.keyClick(view, Qt.Key.Key_Return)

    lines = view.toPlainText().splitlines()
    team = next(i for i, line in enumerate(lines) if '"team"' in line)
    assert lines[team] == '  "team": {'
    assert lines[team + 1] == "    "  # one level deeper after the brace

    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert focused() is not view
    assert "\t" not in view.toPlainText()


def test_format_json_indents_the_text_and_refuses_what_is_not_json(qtbot, window):
    view = window.header_view
    view.setFocus()
    view.setPlainText('{"alg":"HS256",   "typ":"JWT"}')

    qtbot.keyClick(
        view,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )

    assert view.toPlainText() == '{\n  "alg": "HS256",\n  "typ": "JWT"\n}'

    view.setPlainText('{"alg": "HS256", "alg": "none"}')
    view.format_text()

    assert view.toPlainText() == '{"alg": "HS256", "alg": "none"}'  # kept
    assert window.header_errors.isVisible()
    assert "appears twice" in window.header_errors.text()


def test_the_key_fetch_and_audit_controls_are_reached_in_place_with_names(
    qtbot, window
):
    from jwtinspector.widgets.signature_panel import FETCH_MODE

    panel = window.signature_panel
    panel.key_mode.setCurrentIndex(FETCH_MODE)
    window.show_details(True)
    panel.details.setCurrentWidget(window.audit_panel)
    window.token_edit.setFocus()

    reached = walk(qtbot, window, Qt.Key.Key_Tab, 60)
    names = [w.accessibleName() for w in reached[: reached.index(window.token_edit)]]

    assert all(names), [w.objectName() for w in reached if not w.accessibleName()]
    kind = names.index("Key kind")
    assert names[kind + 1 : kind + 4] == [
        "Issuer or JWKS URL",
        "What the URL is",
        "Fetch keys",
    ]
    # Reading order: the expectations sit above the key, the fetch box in it.
    assert names.index("Leeway in seconds") < kind
    assert "Scan a wordlist" in names
    assert names.index("Claims") < names.index("Scan a wordlist")


def test_the_details_choice_is_remembered_for_the_next_start(qtbot, window):
    window.show_details(True)
    window.close()

    again = create_window()
    qtbot.addWidget(again)
    assert again.details_shown
    assert again.details_action.isChecked()
    again.findChild(QWidget, "detailsToggle").click()
    again.close()

    third = create_window()
    qtbot.addWidget(third)
    assert not third.details_shown
