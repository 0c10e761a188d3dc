"""A way in from nothing: New token, typing a payload into an empty window,
actions that apply only to a token, and the sample that says it is one.

Tokens are checked with plain PyJWT and the key the user can see in the
signature pane.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt
import pytest
from label_text import plain
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from jwtinspector.app import create_window
from jwtinspector.core.keygen import generate_rsa
from jwtinspector.core.keys import load_secret, to_public_pem
from jwtinspector.core.sign import sign_token
from jwtinspector.main_window import MainWindow
from jwtinspector.startup import sample
from jwtinspector.widgets.signature_panel import KEY_MODES

USER_SECRET = "my-own-service-secret-of-32-bytes"


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def panel_secret(window: MainWindow) -> bytes:
    """The secret in the key box, as bytes (whatever its encoding)."""
    panel = window.signature_panel
    encoding = KEY_MODES[panel.key_mode.currentIndex()][1]
    text = panel.secret_edit.text()
    if encoding == "base64url":
        return b64url_decode(text)
    if encoding == "base64":
        return base64.b64decode(text)
    return text.encode()


def verify(window: MainWindow) -> dict[str, Any]:
    """The token in the editor, checked by PyJWT with the key box's secret."""
    return jwt.decode(
        window.token_edit.toPlainText(),
        panel_secret(window),
        algorithms=["HS256"],
        options={"verify_aud": False},
    )


def banner(window: MainWindow) -> str:
    return plain(window.signature_panel.banner)


@pytest.fixture
def window(qtbot) -> MainWindow:
    """The window as a user first sees it: the sample and its secret."""
    win = create_window()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def empty(window) -> MainWindow:
    """The window after File ▸ Clear."""
    window.clear_action.trigger()
    assert window.session.token is None
    return window


def type_into(qtbot, widget: Any, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


# --- New token ----------------------------------------------------------------


def test_new_token_is_in_the_file_and_token_menus_on_ctrl_n(window):
    action = window.crafting.new_action

    assert action in window._menus["file"].actions()
    assert action in window._menus["token"].actions()
    assert QKeySequence("Ctrl+N") in action.shortcuts()
    assert window.findChild(QAction, "newTokenAction") is action


def test_new_token_is_signed_with_a_fresh_key_not_the_samples(qtbot, window):
    before = time.time()

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    claims = verify(window)
    assert list(claims) == ["iss", "sub", "iat", "exp"]
    assert before - 1 <= claims["iat"] <= time.time()
    assert claims["exp"] == claims["iat"] + 3600
    assert panel_secret(window) != sample()["secret"].encode()
    assert len(panel_secret(window)) >= 32
    assert banner(window).startswith("Signature verified")


def test_new_token_header_and_payload_are_editable(window):
    window.crafting.new_action.trigger()

    assert not window.header_view.isReadOnly()
    assert not window.payload_view.isReadOnly()
    assert json.loads(window.header_view.toPlainText()) == {
        "alg": "HS256",
        "typ": "JWT",
    }
    assert window.payload_view.hasFocus() or QApplication.focusWidget() in (
        window.payload_view,
        None,  # the offscreen platform may give no window the focus
    )


def test_new_token_from_an_empty_window_and_undo_empties_it_again(empty):
    empty.crafting.new_action.trigger()
    assert verify(empty)["sub"]

    empty.crafting.undo_action.trigger()

    assert empty.token_edit.toPlainText() == ""
    assert empty.session.token is None


# --- an empty window ----------------------------------------------------------


def test_an_empty_window_disables_the_editing_actions(empty):
    tools = empty.claims_tools
    crafting = empty.crafting

    for widget in (
        tools.add_button,
        tools.remove_button,
        tools.date_edit,
        tools.set_date_button,
        tools.quick_button,
    ):
        assert not widget.isEnabled(), widget.objectName()
    for action in (
        crafting.copy_bearer_action,
        crafting.copy_curl_action,
        crafting.save_action,
        crafting.set_kid_action,
        crafting.delete_claim_action,
    ):
        assert not action.isEnabled(), action.text()
    assert not empty.signature_panel.algorithm_combo.isEnabled()
    assert not empty.signature_panel.generate_button.isEnabled()
    assert crafting.templates_menu.isEnabled()  # a way in, as New token
    assert not empty.audit_panel.scan_button.isEnabled()
    assert not empty.audit_panel.hashcat_button.isEnabled()
    assert crafting.new_action.isEnabled()
    assert not empty.payload_errors.isVisible()


def test_the_actions_come_back_with_a_token(empty):
    empty.crafting.new_action.trigger()

    assert empty.claims_tools.add_button.isEnabled()
    assert empty.claims_tools.set_date_button.isEnabled()
    assert empty.crafting.copy_bearer_action.isEnabled()
    assert empty.crafting.save_action.isEnabled()


def test_an_encrypted_token_can_only_be_copied_or_saved(window):
    jwe = ".".join(
        base64.urlsafe_b64encode(part).rstrip(b"=").decode()
        for part in (
            b'{"alg":"RSA-OAEP","enc":"A256GCM"}',
            b"k" * 256,
            b"i" * 12,
            b"c" * 40,
            b"t" * 16,
        )
    )
    window.token_edit.setPlainText(jwe)
    assert window.session.token is not None
    assert window.session.token.is_encrypted

    assert window.crafting.copy_bearer_action.isEnabled()
    assert window.crafting.copy_curl_action.isEnabled()
    assert window.crafting.save_action.isEnabled()
    assert not window.claims_tools.add_button.isEnabled()
    assert not window.claims_tools.set_date_button.isEnabled()
    assert not window.crafting.set_kid_action.isEnabled()
    assert not window.signature_panel.algorithm_combo.isEnabled()
    assert not window.signature_panel.generate_button.isEnabled()
    assert not window.crafting.templates_menu.isEnabled()


def test_an_empty_window_invites_a_payload(empty):
    assert not empty.payload_view.isReadOnly()
    assert "to make a token" in empty.payload_view.placeholderText()
    assert "Ctrl+N" in plain(empty.token_summary)


def test_a_payload_typed_into_an_empty_window_makes_a_token(qtbot, empty):
    type_into(qtbot, empty.payload_view, '{"sub": "alice", "admin": true}')

    assert verify(empty) == {"sub": "alice", "admin": True}
    assert panel_secret(empty) != sample()["secret"].encode()
    assert banner(empty).startswith("Signature verified")
    assert json.loads(empty.header_view.toPlainText())["alg"] == "HS256"
    # The user's text stays as typed, and no error is left behind.
    assert empty.payload_view.toPlainText() == '{"sub": "alice", "admin": true}'
    assert not empty.payload_errors.isVisible()
    assert empty.payload_view.placeholderText() == ""  # a token is shown now


def test_a_payload_typed_into_an_empty_window_uses_the_users_own_secret(qtbot, empty):
    empty.signature_panel.secret_edit.setText(USER_SECRET)

    type_into(qtbot, empty.payload_view, '{"sub": "bob"}')

    assert panel_secret(empty) == USER_SECRET.encode()
    assert verify(empty) == {"sub": "bob"}


def test_a_public_key_of_the_users_is_kept_and_the_token_left_unsigned(qtbot, empty):
    pem = to_public_pem(generate_rsa(2048))
    empty.signature_panel.set_key_text(pem)

    type_into(qtbot, empty.payload_view, '{"sub": "carol"}')

    token = empty.session.token
    assert token is not None
    assert token.alg == "RS256"
    assert token.claims == {"sub": "carol"}
    assert empty.signature_panel.key_edit.toPlainText() == pem
    assert "private key" in banner(empty)


def test_a_header_typed_into_an_empty_window_makes_a_token(qtbot, empty):
    type_into(qtbot, empty.header_view, '{"alg": "HS384"}')

    token = empty.session.token
    assert token is not None
    assert token.alg == "HS384"
    assert token.claims == {}
    assert banner(empty).startswith("Signature verified")


def test_undo_after_a_typed_payload_empties_the_window(qtbot, empty):
    type_into(qtbot, empty.payload_view, '{"sub": "alice"}')
    assert empty.session.token is not None

    empty.crafting.undo_action.trigger()

    assert empty.token_edit.toPlainText() == ""


def test_broken_token_text_is_not_replaced_by_typing_a_payload(qtbot, window):
    window.token_edit.setPlainText("not a token at all")

    assert window.payload_view.isReadOnly()


def test_a_template_from_the_sample_gets_a_key_of_its_own(window):
    window.findChild(QAction, "template:access").trigger()

    assert panel_secret(window) != sample()["secret"].encode()
    assert verify(window)["type"] == "access"


def test_a_template_makes_a_token_in_an_empty_window(empty):
    empty.findChild(QAction, "template:service").trigger()

    assert verify(empty)["client_id"] == "service-a"
    assert banner(empty).startswith("Signature verified")


# --- the sample says it is one -------------------------------------------------


def test_the_sample_says_it_is_a_sample(window):
    assert plain(window.token_summary).startswith("Sample token · paste yours")


def test_a_token_of_ones_own_is_not_called_a_sample(window):
    token = sign_token(
        {"alg": "HS256", "typ": "JWT"}, {"sub": "me"}, load_secret(USER_SECRET)
    )
    window.token_edit.setPlainText(token)

    assert "Sample" not in plain(window.token_summary)
    assert plain(window.token_summary).startswith("JWS") or "characters" in plain(
        window.token_summary
    )


def test_an_edited_sample_is_no_longer_called_the_sample(qtbot, window):
    window.session.set_claim("role", "viewer")

    assert "Sample" not in plain(window.token_summary)
