"""Several tokens in one paste: the line under the token editor lists them."""

from __future__ import annotations

import json

import pytest
from label_text import plain
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from jwtinspector.core.keys import load_secret
from jwtinspector.core.sign import sign_token
from jwtinspector.main_window import MainWindow
from jwtinspector.models.session import TokenSession

NOW = 1_700_000_000.0
SECRET = load_secret("window-test-secret-32-bytes-long")
ID_TOKEN = sign_token(
    {"alg": "HS256", "typ": "JWT", "kid": "id-key"},
    {"sub": "alice", "aud": "app", "exp": int(NOW) + 600},
    SECRET,
)
ACCESS = sign_token(
    {"alg": "HS256", "typ": "at+jwt", "kid": "access-key"},
    {"sub": "alice", "scope": "read write", "exp": int(NOW) + 600},
    SECRET,
)
PASTE = (
    "curl https://api.example.com/me \\\n"
    f"  -H 'Authorization: Bearer {ID_TOKEN}' \\\n"
    f"  -b 'access_token={ACCESS}; theme=dark'"
)


@pytest.fixture
def window(qtbot) -> MainWindow:
    win = MainWindow(TokenSession(clock=lambda: NOW))
    qtbot.addWidget(win)
    return win


def _paste(window: MainWindow, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    window.paste_action.trigger()


def _line(window: MainWindow):
    return window.findChild(type(window.other_tokens.label), "otherTokensLabel")


def _menu_texts(window: MainWindow) -> list[str]:
    return [a.text() for a in window.other_tokens.menu.actions()]


def test_two_tokens_in_a_paste_are_listed_under_the_editor(window):
    _paste(window, PASTE)

    label = _line(window)
    assert label.isVisibleTo(window)
    assert plain(label) == "2 tokens in this text; showing the 1st (Authorization)."
    button = window.findChild(type(window.other_tokens.button), "otherTokensButton")
    assert button.isVisibleTo(window)
    assert button.accessibleName()
    assert label.accessibleName()
    texts = _menu_texts(window)
    assert texts[0].startswith("1 · Authorization · HS256 · eyJ")
    assert texts[0].endswith("(shown)")
    assert texts[1] == f"2 · access_token · HS256 · {ACCESS[:10]}…{ACCESS[-6:]}"
    # The decoded token is the Authorization header's.
    assert '"id-key"' in window.header_view.toPlainText()


def test_choosing_the_second_token_shows_it_and_undo_brings_the_paste_back(window):
    _paste(window, PASTE)

    window.other_tokens.menu.actions()[1].trigger()

    assert window.token_edit.toPlainText() == ACCESS
    assert window.session.token.token == ACCESS
    assert json.loads(window.header_view.toPlainText())["kid"] == "access-key"
    assert not window.other_tokens.isVisibleTo(window)
    assert "Ctrl+Z" in window.statusBar().currentMessage()

    window.crafting.undo_action.trigger()

    assert window.token_edit.toPlainText() == PASTE
    assert json.loads(window.header_view.toPlainText())["kid"] == "id-key"
    assert window.other_tokens.isVisibleTo(window)
    assert "2 tokens" in plain(_line(window))


@pytest.mark.parametrize(
    "text", [ID_TOKEN, f"Authorization: Bearer {ID_TOKEN}", f"{ID_TOKEN} {ID_TOKEN}"]
)
def test_one_token_hides_the_line(window, text):
    _paste(window, PASTE)
    assert window.other_tokens.isVisibleTo(window)

    _paste(window, text)

    assert ID_TOKEN in window.session.token.token
    assert not window.other_tokens.isVisibleTo(window)


def test_tokens_without_names_are_named_by_their_line(window):
    text = f"first: nothing\n{ID_TOKEN}\n\n{ACCESS}\n"
    window.token_edit.setPlainText(text)

    assert plain(_line(window)) == "2 tokens in this text; showing the 1st (line 2)."
    assert _menu_texts(window)[1].startswith("2 · line 4 · HS256 · ")


def test_typed_text_updates_the_count(window):
    window.token_edit.setPlainText(f"a={ID_TOKEN}")
    assert not window.other_tokens.isVisibleTo(window)

    cursor = window.token_edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.token_edit.setTextCursor(cursor)
    window.token_edit.insertPlainText(f"&b={ACCESS}")

    assert plain(_line(window)).startswith("2 tokens in this text")


def _next_tab_stop(widget: QWidget) -> QWidget:
    widget = widget.nextInFocusChain()
    while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        widget = widget.nextInFocusChain()
    return widget


def test_tab_goes_from_the_token_to_show_another_only_when_shown(window):
    _paste(window, PASTE)
    assert _next_tab_stop(window.token_edit) is window.other_tokens.button

    _paste(window, ID_TOKEN)
    assert _next_tab_stop(window.token_edit) is not window.other_tokens.button


def test_tokens_are_numbered_in_the_order_of_the_text(window):
    # The decoder takes the cookie's token here, the last in the text: the
    # line and the menu still count in reading order.
    refresh = sign_token({"alg": "HS384"}, {"sub": "alice", "typ": "refresh"}, SECRET)
    _paste(window, PASTE.rstrip("'") + f"; refresh_token={refresh}'")
    shown = window.session.token.token

    texts = _menu_texts(window)
    assert [t.split(" · ")[1] for t in texts] == [
        "Authorization",
        "access_token",
        "refresh_token",
    ]
    assert shown == refresh
    assert plain(_line(window)) == (
        "3 tokens in this text; showing the 3rd (refresh_token)."
    )
    assert texts[2].split(" · ")[2] == "HS384"
    assert texts[2].endswith("(shown)")


def test_an_sd_jwt_and_a_token_on_the_next_line_are_listed_as_two(window):
    import pathlib

    data = pathlib.Path(__file__).resolve().parents[1] / "data"
    issuance = json.loads((data / "rfc9901_examples.json").read_text())[
        "section_5_1_issuance"
    ]
    _paste(window, f"{issuance} \n {ACCESS}")

    assert plain(_line(window)).startswith("2 tokens in this text; showing the 1st")
    texts = _menu_texts(window)
    assert texts[0].endswith("(shown)")
    assert texts[1].endswith(f"{ACCESS[:10]}…{ACCESS[-6:]}")
    assert window.session.pasted.sd.key_binding is None


def test_tokens_on_lines_of_their_own_show_the_first_without_a_problem(window):
    _paste(window, f"{ID_TOKEN}\n{ACCESS}\n")

    assert window.session.token.token == ID_TOKEN
    assert not window.session.problems  # not "glued", not "repaired"
    assert plain(_line(window)).startswith("2 tokens in this text; showing the 1st")
