"""What a first-time user reads in states beyond the happy sample."""

from __future__ import annotations

import base64
import json
import time

import pytest
from label_text import plain
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel

from jwtinspector.app import create_window
from jwtinspector.core.keygen import generate_rsa
from jwtinspector.core.keys import load_secret, to_public_pem
from jwtinspector.core.sign import sign_token
from jwtinspector.main_window import MainWindow
from jwtinspector.widgets.signature_panel import AUTO_MODE

SECRET = "first-look-test-secret-32-bytes!"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def settle(rounds: int = 5) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def shown(qtbot, width: int = 1240, height: int = 860) -> MainWindow:
    """The window as it starts: the sample token and its secret."""
    window = create_window()
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    settle()
    return window


def fully_shown(label: QLabel) -> bool:
    """True when the label is tall enough for every line of its text."""
    return label.height() >= label.heightForWidth(label.width())


@pytest.fixture(scope="module")
def rs256_token():
    key = generate_rsa(2048)
    now = int(time.time())
    claims = {"sub": "bob", "iat": now, "exp": now + 3600}
    return sign_token({"alg": "RS256", "typ": "JWT"}, claims, key), key


def test_pasted_rs256_token_asks_for_a_key_not_the_samples_secret(qtbot, rs256_token):
    window = shown(qtbot)
    panel = window.signature_panel

    window.token_edit.set_token_text(rs256_token[0])

    # The sample's secret went with the sample: an empty box that takes anything.
    assert panel.key_mode.currentIndex() == AUTO_MODE
    assert panel.key_edit.isVisible()
    assert panel.key_edit.toPlainText() == ""
    assert not panel.secret_edit.isVisible()
    assert plain(panel.banner).startswith("Signature not checked: no key")
    assert "you entered before" not in plain(panel.banner)
    assert "HMAC secret" not in plain(panel.banner)

    panel.set_key_text(to_public_pem(rs256_token[1]))
    assert plain(panel.banner).startswith("Signature verified")


def test_a_secret_the_user_typed_is_set_aside_and_offered_back(qtbot, rs256_token):
    window = shown(qtbot)
    panel = window.signature_panel
    panel.secret_edit.clear()
    qtbot.keyClicks(panel.secret_edit, SECRET)

    window.token_edit.set_token_text(rs256_token[0])

    assert panel.key_box_text() == ""
    banner = plain(panel.banner)
    assert banner.startswith("Signature not checked: no key")
    assert "Use the secret (text, 32 bytes) you entered before" in banner

    panel.banner.linkActivated.emit("use-aside-key")

    assert panel.secret_edit.isVisible()
    assert panel.secret_edit.text() == SECRET
    assert "the token says RS256" in plain(panel.banner)
    assert "you entered before" not in plain(panel.banner)


def test_undecodable_header_is_not_called_alg_none(qtbot):
    window = shown(qtbot)
    panel = window.signature_panel
    broken = b64(b'{"alg":"HS256",') + "." + b64(b'{"sub":"x"}') + ".abc"

    window.token_edit.set_token_text(broken)

    assert "alg is none" not in panel.signature_view.toPlainText()
    assert "header did not decode" in panel.signature_view.toPlainText()
    assert panel.algorithm.text() == "unknown: the header did not decode"
    assert "could not be decoded" in panel.expectation.text()
    # Not the sample's HS256, left over from the previous token.
    assert panel.algorithm_combo.currentText() == ""


def test_token_without_dots_says_why_the_payload_is_missing(qtbot):
    window = shown(qtbot)

    window.token_edit.set_token_text(b64(b'{"alg":"HS256"}') + b64(b'{"sub":"1"}'))

    note = window.payload_view.toPlainText()
    assert note.startswith("The payload could not be decoded:")
    assert "found 0 dots" in note
    assert "?" not in note


def test_encrypted_token_is_not_offered_a_re_sign(qtbot):
    window = shown(qtbot)
    panel = window.signature_panel
    header = b64(json.dumps({"alg": "RSA-OAEP", "enc": "A256GCM"}).encode())

    window.token_edit.set_token_text(header + ".AAAA.BBBB.CCCC.DDDD")

    assert "re-sign" not in panel.expectation.text()
    assert "encrypted token (JWE)" in panel.expectation.text()
    assert "not a signature" in panel.algorithm.text()


def test_banner_detail_has_no_full_stop_after_an_ellipsis(qtbot):
    window = shown(qtbot)

    banner = plain(window.signature_panel.banner)
    assert banner.startswith("Signature verified")
    assert "…" in banner
    assert "…." not in banner


def test_countdown_stays_on_one_line_and_a_long_note_wraps(qtbot):
    window = shown(qtbot)
    panel = window.signature_panel
    bold = panel.countdown.font()
    bold.setBold(True)
    text = panel.countdown.text()

    assert text.startswith("expires in")
    # Wide enough for "expires in 15:00" on one line: no wrap after "in".
    width = panel.countdown.contentsRect().width()
    assert width >= QFontMetrics(bold).horizontalAdvance(text)

    now = int(time.time()) * 1000
    token = sign_token(
        {"alg": "HS256"}, {"iat": now, "exp": now + 3_600_000}, load_secret(SECRET)
    )
    panel.set_secret(SECRET)
    window.token_edit.set_token_text(token)
    settle()

    assert "milliseconds" in panel.countdown.text()
    assert fully_shown(panel.countdown)
    # The verdict keeps most of the row instead of a narrow column.
    assert panel.verdict.width() > 2 * panel.countdown.width()


def test_small_screen_at_200_percent_clips_no_message(qtbot):
    window = shown(qtbot, 960, 540)
    settle(10)
    panel = window.signature_panel

    for label in (panel.banner, panel.expectation, panel.key_info):
        assert fully_shown(label), label.objectName()
    expectation_bottom = panel.expectation.mapTo(
        panel, panel.expectation.rect().bottomLeft()
    ).y()
    secret_top = panel.secret_edit.mapTo(panel, panel.secret_edit.rect().topLeft()).y()
    assert expectation_bottom < secret_top
