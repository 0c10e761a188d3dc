"""The Tamper lab tab: the original and a changed copy side by side, the bits
that changed, the first check that fails, and the token's parts byte by byte;
the user's token changes only with *Use this token*, as one undo step."""

from __future__ import annotations

import jwt
import pytest
from PySide6.QtCore import Qt

from jwtinspector.main_window import MainWindow
from jwtinspector.models.session import TokenSession

SECRET = "k" * 32
TOKEN = jwt.encode(
    {"sub": "alice", "name": "Alice", "admin": False}, SECRET, algorithm="HS256"
)


@pytest.fixture
def window(qtbot) -> MainWindow:
    win = MainWindow(TokenSession())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.token_edit.setPlainText(TOKEN)
    qtbot.waitUntil(lambda: win.session.token is not None, timeout=3000)
    win.session.set_secret(SECRET)
    return win


def open_lab(window: MainWindow):
    details = window.signature_panel.details
    titles = [details.tabText(i) for i in range(details.count())]
    details.setCurrentIndex(titles.index("Tamper lab"))
    return window.tamper_lab.page


def shown(page) -> str:
    return page.view.toPlainText()


def test_the_lab_is_built_when_its_tab_is_first_shown(window):
    assert not window.tamper_lab.tab.built
    page = open_lab(window)
    assert window.tamper_lab.tab.built
    text = shown(page)
    assert "Original" in text
    assert "Changed copy" in text
    assert "Bits changed: in the token" in text
    assert "SHA-256 digest" in text
    assert "Fails first:" in text
    assert "your token is unchanged" in text
    assert window.token_edit.toPlainText() == TOKEN


def test_a_header_change_names_json_as_the_failing_check(qtbot, window):
    page = open_lab(window)
    page.part_combo.setCurrentText("header")
    page.position_spin.setValue(1)
    page.char_edit.setText("f")
    page.char_edit.textEdited.emit("f")
    assert "Fails first: JSON" in shown(page)
    assert "no longer decodes as JSON" in shown(page)
    assert window.token_edit.toPlainText() == TOKEN  # a lab copy only
    assert window.session.token.token == TOKEN


def test_a_signature_change_names_the_hmac_recomputed(window):
    page = open_lab(window)
    page.part_combo.setCurrentText("signature")
    page.position_spin.setValue(3)
    text = shown(page)
    assert "Fails first: HMAC recomputed" in text
    assert "Recomputed:" in text
    assert "Only the signature changed" in text
    window.session.set_secret("")  # the lab follows the key
    assert "No key" in shown(page)


def test_random_changes_a_character_of_the_copy_only(qtbot, window):
    page = open_lab(window)
    before = window.tamper_lab.result
    qtbot.mouseClick(page.random_button, Qt.MouseButton.LeftButton)
    after = window.tamper_lab.result
    assert after is not None
    assert after.change != before.change
    part, position, char = page.choice()
    assert (part, position, char) == (
        after.change.part,
        after.change.position,
        after.change.char,
    )
    assert "Bits changed" in shown(page)
    assert window.token_edit.toPlainText() == TOKEN


def test_use_this_token_is_one_undo_step(qtbot, window):
    page = open_lab(window)
    tampered = window.tamper_lab.result.tampered
    assert page.use_button.isEnabled()
    qtbot.mouseClick(page.use_button, Qt.MouseButton.LeftButton)
    assert window.token_edit.toPlainText() == tampered
    assert window.session.token.token == tampered
    assert window.crafting.undo_action.isEnabled()
    window.crafting.undo_action.trigger()
    assert window.token_edit.toPlainText() == TOKEN
    assert window.session.token.token == TOKEN


def test_a_change_that_does_not_fit_says_why_and_offers_nothing_to_use(window):
    page = open_lab(window)
    page.char_edit.setText(".")
    page.char_edit.textEdited.emit(".")
    assert "would split the part in two" in shown(page)
    assert not page.use_button.isEnabled()
    assert window.token_edit.toPlainText() == TOKEN


def test_the_byte_view_lines_up_characters_and_bytes(window):
    page = open_lab(window)
    page.pages.setCurrentIndex(1)
    page.bytes_combo.setCurrentText("header")
    text = page.bytes_view.toPlainText()
    assert "eyJh" in text
    assert "7b 22 61" in text  # {"a
    assert "011110 110010 001001 100001" in text
    page.bytes_combo.setCurrentText("signature")
    text = page.bytes_view.toPlainText()
    signature = TOKEN.split(".")[2]
    assert signature[:4] in text
    assert "left out" in text  # 43 characters: one '=' left out


def test_an_encrypted_token_is_not_for_the_lab(qtbot, window):
    page = open_lab(window)
    window.token_edit.setPlainText(
        "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d"
    )
    qtbot.waitUntil(lambda: window.session.token.is_encrypted, timeout=3000)
    qtbot.waitUntil(lambda: "encrypted token (JWE)" in shown(page), timeout=3000)
    assert not page.random_button.isEnabled()
    assert not page.use_button.isEnabled()


def test_an_sd_jwt_keeps_its_disclosures_when_the_copy_is_used(qtbot, window):
    import json
    from pathlib import Path

    examples = json.loads(
        (Path(__file__).parent.parent / "data" / "rfc9901_examples.json").read_text()
    )
    presentation = examples["section_5_2_presentation"]
    window.token_edit.setPlainText(presentation)
    qtbot.waitUntil(lambda: window.session.pasted.sd is not None, timeout=3000)
    page = open_lab(window)
    issuer = window.session.pasted.sd.issuer.token
    assert window.tamper_lab.result.original == issuer
    tampered = window.tamper_lab.result.tampered
    qtbot.mouseClick(page.use_button, Qt.MouseButton.LeftButton)
    text = window.token_edit.toPlainText()
    assert text.startswith(tampered + "~")
    assert text.endswith(presentation[len(issuer) :])


def test_the_lab_does_not_raise_the_window_s_minimum_size(qtbot, window):
    from PySide6.QtWidgets import QApplication, QWidget

    pane = window.findChild(QWidget, "detailsPane")
    before = (pane.minimumSizeHint(), window.minimumSizeHint())
    page = open_lab(window)
    for index in range(page.pages.count()):
        page.pages.setCurrentIndex(index)
        QApplication.processEvents()
        after = (pane.minimumSizeHint(), window.minimumSizeHint())
        for old, new in zip(before, after, strict=True):
            assert new.height() <= old.height()
            assert new.width() <= old.width()
