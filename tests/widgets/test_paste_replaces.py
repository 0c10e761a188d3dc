"""A pasted or dropped token replaces the sample or an untouched token."""

from __future__ import annotations

import pytest
from label_text import plain
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from jwtinspector.app import create_window
from jwtinspector.core.keys import load_secret
from jwtinspector.core.sign import sign_token
from jwtinspector.main_window import MainWindow

SECRET = "paste-replaces-test-secret-32by!"
HEADER = {"alg": "HS256", "typ": "JWT"}
MINE = sign_token(HEADER, {"sub": "mine", "iat": 1}, load_secret(SECRET))
OTHER = sign_token(HEADER, {"sub": "other", "iat": 2}, load_secret(SECRET))


def settle(rounds: int = 5) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


@pytest.fixture
def window(qtbot) -> MainWindow:
    """The window as it starts: the sample token, the editor focused."""
    window = create_window()
    qtbot.addWidget(window)
    window.resize(1240, 860)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.token_edit.setFocus()
    settle()
    return window


def cursor_at(editor, position: int) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(position)
    editor.setTextCursor(cursor)


def paste_keys(qtbot, editor, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle()


def subject(window: MainWindow) -> object:
    token = window.session.token
    return token.claims.get("sub") if token and token.claims else None


def test_ctrl_v_over_the_sample_replaces_it(qtbot, window):
    editor = window.token_edit
    sample = editor.toPlainText()
    assert editor.shows_sample
    cursor_at(editor, len(sample))  # the cursor at the end, nothing selected

    paste_keys(qtbot, editor, MINE)

    assert editor.toPlainText() == MINE
    assert subject(window) == "mine"
    assert window.session.token.ok
    assert "glued" not in plain(window.token_errors)
    assert window.statusBar().currentMessage() == (
        "Token replaced (Ctrl+Z brings it back)"
    )


def test_ctrl_z_brings_the_sample_back_in_one_step(qtbot, window):
    editor = window.token_edit
    sample = editor.toPlainText()
    cursor_at(editor, 10)
    paste_keys(qtbot, editor, MINE)

    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle()

    assert editor.toPlainText() == sample
    qtbot.keyClick(
        editor,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    settle()
    assert editor.toPlainText() == MINE


def test_the_context_menu_paste_replaces_an_untouched_pasted_token(qtbot, window):
    editor = window.token_edit
    paste_keys(qtbot, editor, MINE)
    cursor_at(editor, 20)

    QGuiApplication.clipboard().setText(f"Authorization: Bearer {OTHER}")
    editor.paste()  # what the context menu's Paste calls
    settle()

    assert subject(window) == "other"
    assert window.session.token.ok


def test_a_token_pasted_into_the_empty_editor_is_replaced_by_the_next(qtbot, window):
    editor = window.token_edit
    editor.clear()
    settle()
    paste_keys(qtbot, editor, MINE)
    assert editor.untouched
    assert window.statusBar().currentMessage() == ""  # nothing was replaced

    paste_keys(qtbot, editor, OTHER)

    assert editor.toPlainText() == OTHER


def test_typing_inside_a_token_still_edits_it(qtbot, window):
    editor = window.token_edit
    paste_keys(qtbot, editor, MINE)
    cursor_at(editor, 5)

    qtbot.keyClicks(editor, "Q")

    assert editor.toPlainText() == MINE[:5] + "Q" + MINE[5:]
    assert not editor.untouched


def test_a_token_pasted_into_an_edited_token_goes_where_the_cursor_is(qtbot, window):
    editor = window.token_edit
    paste_keys(qtbot, editor, MINE)
    cursor_at(editor, len(MINE))
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)  # the user edits it
    qtbot.keyClicks(editor, MINE[-1])
    assert editor.toPlainText() == MINE  # same text, still the loaded one
    cursor_at(editor, len(MINE))
    qtbot.keyClicks(editor, "A")
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)  # back to the loaded text
    cursor_at(editor, 30)
    qtbot.keyClicks(editor, "x")

    paste_keys(qtbot, editor, OTHER)

    text = editor.toPlainText()
    assert OTHER in text
    assert text != OTHER
    assert "Two tokens are glued together here" in plain(window.token_errors)
    assert "JWE" not in plain(window.token_errors)


def test_pasting_part_of_a_token_inserts_it(qtbot, window):
    editor = window.token_edit
    sample = editor.toPlainText()
    cursor_at(editor, 3)

    paste_keys(qtbot, editor, "abc")

    assert editor.toPlainText() == sample[:3] + "abc" + sample[3:]


def test_the_first_click_into_the_sample_selects_it_all(qtbot, window):
    editor = window.token_edit
    sample = editor.toPlainText()
    cursor_at(editor, 12)
    inside = editor.cursorRect().center()
    cursor_at(editor, 0)

    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, pos=inside)

    assert editor.textCursor().selectedText() == sample
    qtbot.mouseClick(
        editor.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(inside.x() + 40, 5)
    )
    assert not editor.textCursor().hasSelection()  # the second click places it


def test_a_click_into_a_pasted_token_places_the_cursor(qtbot, window):
    editor = window.token_edit
    paste_keys(qtbot, editor, MINE)

    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(30, 5))

    assert not editor.textCursor().hasSelection()


def test_a_dropped_token_replaces_the_one_shown(qtbot, window):
    editor = window.token_edit
    sample = editor.toPlainText()
    data = QMimeData()
    data.setText(OTHER)
    event = QDropEvent(
        QPointF(20, 5),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )

    editor.dropEvent(event)
    settle()

    assert editor.toPlainText() == OTHER
    assert subject(window) == "other"
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert editor.toPlainText() == sample


def test_a_token_pasted_over_the_sample_is_not_judged_by_the_samples_secret(
    qtbot, window
):
    """The first move of a new user: Ctrl+V over the sample. The sample's
    secret goes with it, so the token waits for a key (amber), never
    'Invalid signature'."""
    editor = window.token_edit
    paste_keys(qtbot, editor, MINE)

    banner = plain(window.signature_panel.banner)
    assert "Signature not checked: no key" in banner
    assert "Invalid" not in banner
    assert window.signature_panel.secret_edit.text() == ""
