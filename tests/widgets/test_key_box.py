"""The key box: it recognises what is pasted, keeps the text, offers keys back."""

from __future__ import annotations

import time

import pytest
from label_text import plain
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from jwtinspector.app import create_window
from jwtinspector.core.keygen import generate_rsa
from jwtinspector.core.keys import load_secret, to_public_pem
from jwtinspector.core.sign import sign_token
from jwtinspector.main_window import MainWindow
from jwtinspector.widgets.signature_panel import (
    AUTO_MODE,
    FETCH_MODE,
    KEY_MODES,
    KEY_TEXT_MODE,
)

SECRET = "a-secret-of-the-users-32-bytes!!"


def mode_index(mode: str) -> int:
    return next(i for i, (_, m) in enumerate(KEY_MODES) if m == mode)


@pytest.fixture(scope="module")
def rsa_key():
    return generate_rsa(2048)


@pytest.fixture
def window(qtbot) -> MainWindow:
    """The window as it starts: the sample token and its secret."""
    win = create_window()
    qtbot.addWidget(win)
    win.resize(1240, 860)
    win.show()
    QApplication.processEvents()
    return win


def claims() -> dict[str, int | str]:
    now = int(time.time())
    return {"sub": "bob", "iat": now, "exp": now + 3600}


def hs256(secret: str = SECRET) -> str:
    return sign_token({"alg": "HS256"}, claims(), load_secret(secret))


def choose_mode(window: MainWindow, index: int) -> None:
    """As a user picks a kind in the combo."""
    combo = window.signature_panel.key_mode
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_the_box_starts_in_auto_mode_and_says_what_it_holds(window, qtbot):
    panel = window.signature_panel
    window.token_edit.set_token_text(hs256())
    assert panel.key_mode.currentIndex() == AUTO_MODE
    assert "shared secret for HS256" in panel.key_edit.placeholderText()

    qtbot.keyClicks(panel.key_edit, SECRET)

    assert panel.key_info.text().startswith("Recognised: secret (text, 32 bytes)")
    assert plain(panel.banner).startswith("Signature verified")


def test_a_pem_pasted_where_a_secret_is_expected_is_taken_as_a_key(window, rsa_key):
    panel = window.signature_panel
    window.token_edit.set_token_text(sign_token({"alg": "RS256"}, claims(), rsa_key))
    choose_mode(window, mode_index("utf-8"))
    assert panel.secret_edit.isVisible()
    pem = to_public_pem(rsa_key)
    QApplication.clipboard().setText(pem)

    panel.secret_edit.setFocus()
    panel.secret_edit.paste()

    assert panel.key_mode.currentIndex() == KEY_TEXT_MODE
    assert panel.key_edit.isVisible()
    assert not panel.secret_edit.isVisible()
    assert panel.key_edit.toPlainText() == pem
    assert panel.key_info.text().startswith("Recognised: RSA public key")
    assert plain(panel.banner).startswith("Signature verified")


def test_a_pem_for_an_hs256_token_is_recognised_and_warned_about(window, rsa_key):
    panel = window.signature_panel
    window.token_edit.set_token_text(hs256())
    choose_mode(window, mode_index("utf-8"))

    panel.secret_edit.setText(to_public_pem(rsa_key))

    assert panel.key_mode.currentIndex() == KEY_TEXT_MODE
    assert panel.key_info.text().startswith("Recognised: RSA public key")
    banner = plain(panel.banner)
    assert not banner.startswith("Signature verified")
    assert "algorithm-confusion attack" in banner
    assert "the token says HS256" in banner


def test_changing_the_mode_keeps_the_text(window, qtbot):
    panel = window.signature_panel
    window.token_edit.set_token_text(hs256())
    qtbot.keyClicks(panel.key_edit, "c2VjcmV0")
    assert panel.key_info.text().startswith("Recognised: secret (text, 8 bytes)")

    choose_mode(window, mode_index("base64"))

    assert panel.secret_edit.isVisible()
    assert panel.secret_edit.text() == "c2VjcmV0"
    assert panel.key_info.text().startswith("Recognised: secret (base64, 6 bytes)")

    choose_mode(window, FETCH_MODE)
    assert window.session.key is None
    choose_mode(window, AUTO_MODE)

    assert panel.key_edit.isVisible()
    assert panel.key_edit.toPlainText() == "c2VjcmV0"
    assert panel.key_info.text().startswith("Recognised: secret (text, 8 bytes)")


def test_the_banner_link_puts_back_the_key_set_aside(window, rsa_key):
    panel = window.signature_panel
    window.token_edit.set_token_text(sign_token({"alg": "RS256"}, claims(), rsa_key))
    panel.set_key_text(to_public_pem(rsa_key))
    assert plain(panel.banner).startswith("Signature verified")

    window.token_edit.set_token_text(hs256())

    banner = plain(panel.banner)
    assert banner.startswith("Signature not checked: no key")
    assert banner.endswith("Use the RSA public key you entered before")
    assert panel.key_box_text() == ""
    assert panel.banner.focusPolicy() & Qt.FocusPolicy.TabFocus  # by keyboard too

    panel.banner.linkActivated.emit("use-aside-key")

    assert panel.key_edit.toPlainText() == to_public_pem(rsa_key)
    assert panel.key_info.text().startswith("Recognised: RSA public key")
    assert "you entered before" not in plain(panel.banner)
    assert not panel.banner.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_after_clear_a_new_token_is_not_signed_with_the_samples_secret(window):
    panel = window.signature_panel
    assert plain(panel.banner).startswith("Signature verified")  # the sample

    window.clear_token()

    assert window.session.key is None
    assert panel.key_box_text() == ""
    window.token_edit.setPlainText(hs256("the-samples-secret-is-not-this!!"))
    assert plain(panel.banner).startswith("Signature not checked: no key")


def test_a_template_over_the_sample_is_signed_with_a_key_of_its_own(window):
    from PySide6.QtGui import QAction

    panel = window.signature_panel
    sample_secret = panel.key_box_text()
    assert sample_secret

    action = window.findChild(QAction, "template:access")
    assert action is not None
    action.trigger()

    assert panel.key_box_text() not in ("", sample_secret)
    assert not window.session.key_input.sample
    assert plain(panel.banner).startswith("Signature verified")


def test_a_text_secret_that_fails_and_looks_encoded_suggests_base64(window, qtbot):
    import base64

    panel = window.signature_panel
    raw = b"\x8f" * 32
    window.token_edit.set_token_text(
        sign_token({"alg": "HS256"}, claims(), load_secret(raw.hex()))
    )
    encoded = base64.b64encode(raw).decode()
    qtbot.keyClicks(panel.key_edit, encoded)

    assert plain(panel.banner).startswith("Invalid signature")
    assert "It also reads as base64 (32 bytes)" in panel.key_info.text()

    panel.key_edit.setPlainText(raw.hex())  # the right secret, as text

    assert plain(panel.banner).startswith("Signature verified")
    assert "also reads as" not in panel.key_info.text()


def test_auto_mode_says_how_to_enter_an_encoded_secret(window):
    panel = window.signature_panel
    window.token_edit.set_token_text(hs256())
    choose_mode(window, AUTO_MODE)

    hint = panel.key_edit.placeholderText()
    assert hint.startswith("the shared secret for HS256, as text")
    # Auto takes text as it is: the hint names the list's choice for base64,
    # in the list's own words.
    base64_choice = KEY_MODES[mode_index("base64")][0]
    assert f'"{base64_choice}" in the list above' in hint
    assert "choose base64 above" not in hint


def test_the_key_box_shows_a_highlight_frame_while_focused(window, qtbot):
    panel = window.signature_panel
    choose_mode(window, KEY_TEXT_MODE)
    window.activateWindow()
    box = panel.key_edit
    highlight = box.palette().highlight().color()

    def edge() -> QColor:
        QApplication.processEvents()
        return box.grab().toImage().pixelColor(box.width() // 2, 0)

    assert edge() != highlight
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    assert edge() == highlight
