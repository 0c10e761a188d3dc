"""File ▸ Share redacted… and Save report…: the dialog previews the report,
says what it masked, and saves only to the file the user picks; the key box's
secret never goes into it."""

from __future__ import annotations

import pathlib

import pytest
from PySide6.QtWidgets import QFileDialog
from report_tokens import IDENTIFYING, SECRET, TOKEN, leaves

from jwtinspector.main_window import MainWindow
from jwtinspector.models.session import TokenSession


@pytest.fixture
def window(qtbot) -> MainWindow:
    win = MainWindow(TokenSession())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _open(qtbot, window: MainWindow, action: str) -> object:
    window.token_edit.setPlainText(TOKEN)
    window.signature_panel.secret_edit.setText(SECRET)
    texts = [a.text() for a in window._menus["file"].actions()]
    assert "Share re&dacted…" in texts
    assert "Save &report…" in texts
    getattr(window.report_share, action).trigger()
    dialog = window.report_share.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=5000)
    return dialog


def _choose(monkeypatch: pytest.MonkeyPatch, path: pathlib.Path | str) -> list[str]:
    asked: list[str] = []

    def save_name(parent, caption, name, filters):
        asked.append(name)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    return asked


def test_share_redacted_previews_and_saves_the_chosen_file(
    qtbot, window, monkeypatch, tmp_path
) -> None:
    dialog = _open(qtbot, window, "share_action")

    assert dialog.windowTitle() == "Share a redacted report"
    assert dialog.redact_box.isChecked()
    assert dialog.summary.text().startswith("Redacted: ")
    assert "signature removed" in dialog.summary.text()
    preview = dialog.preview.toPlainText()
    assert "JWT report (redacted)" in preview
    assert "redacted e-mail address" in preview
    assert "Signature verified: HS256" in preview  # the window's own verdict

    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "shared.html"
    asked = _choose(monkeypatch, target)
    dialog.save_button.click()

    assert asked == ["jwt-report-redacted.html"]
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    for value in [*leaves(IDENTIFYING), SECRET, TOKEN.split(".")[2]]:
        assert value not in text
    assert window.statusBar().currentMessage() == (f"Redacted report saved to {target}")
    assert window.report_share.dialog is None  # closed once saved
    assert list(target.parent.iterdir()) == [target]  # nothing else written


def test_save_report_is_unredacted_but_keeps_the_secret_out(
    qtbot, window, monkeypatch, tmp_path
) -> None:
    dialog = _open(qtbot, window, "save_action")

    assert not dialog.redact_box.isChecked()
    assert dialog.summary.text().startswith("Not redacted")
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("md"))
    assert dialog.preview.toPlainText().startswith("# JWT report\n")
    target = tmp_path / "whole.md"
    asked = _choose(monkeypatch, target)
    dialog.save_button.click()

    assert asked == ["jwt-report.md"]
    text = target.read_text(encoding="utf-8")
    assert "alice.smith@example.org" in text
    assert SECRET not in text


def test_ticking_redact_changes_the_preview(qtbot, window) -> None:
    dialog = _open(qtbot, window, "save_action")
    assert "alice.smith@example.org" in dialog.preview.toPlainText()

    dialog.redact_box.setChecked(True)

    assert "alice.smith@example.org" not in dialog.preview.toPlainText()
    assert "What was redacted" in dialog.preview.toPlainText()


def test_a_failed_save_says_why_and_keeps_the_dialog(
    qtbot, window, monkeypatch, tmp_path
) -> None:
    dialog = _open(qtbot, window, "share_action")
    target = tmp_path / "no-such-folder" / "r.html"
    _choose(monkeypatch, target)

    dialog.save_button.click()

    assert dialog.error.isVisible()
    assert "Could not save to" in dialog.error.text()
    assert "No such file or directory" in dialog.error.text()
    assert window.report_share.dialog is dialog


def test_cancelling_the_save_dialog_writes_nothing(
    qtbot, window, monkeypatch, tmp_path
) -> None:
    dialog = _open(qtbot, window, "share_action")
    _choose(monkeypatch, "")

    dialog.save_button.click()

    assert window.report_share.dialog is dialog
    assert list(tmp_path.iterdir()) == [tmp_path / "settings"]


def test_no_token_says_so_in_the_status_bar(window) -> None:
    window.report_share.share_action.trigger()

    assert window.report_share.dialog is None
    assert window.statusBar().currentMessage() == (
        "Paste a token first: the report is about the token shown."
    )


def test_a_private_key_in_the_key_box_never_reaches_the_report(
    qtbot, window, monkeypatch, tmp_path
) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from jwtinspector.core.keys import load_key
    from jwtinspector.core.sign import sign_token

    private = ec.generate_private_key(ec.SECP256R1())
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    claims = {"iss": "https://id.example", "sub": "someone-private-1", "exp": 2**31}
    token = sign_token({"alg": "ES256", "typ": "JWT"}, claims, load_key(pem))
    window.token_edit.setPlainText(token)
    window.signature_panel.key_edit.setPlainText(pem)
    window.report_share.save_action.trigger()
    dialog = window.report_share.dialog
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=5000)
    assert "Signature verified: ES256" in dialog.preview.toPlainText()
    target = tmp_path / "r.md"
    _choose(monkeypatch, target)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("md"))

    dialog.save_button.click()

    text = target.read_text(encoding="utf-8")
    body = [line for line in pem.splitlines() if "-----" not in line]
    assert not any(line in text for line in body)
    assert "PRIVATE KEY" not in text


def test_the_report_judges_the_times_when_it_is_made(qtbot) -> None:
    import jwt

    now = [1_800_000_000.0]
    window = MainWindow(TokenSession(clock=lambda: now[0]))
    qtbot.addWidget(window)
    claims = {"sub": "a", "iat": int(now[0]), "exp": int(now[0]) + 3600}
    window.token_edit.setPlainText(jwt.encode(claims, "k" * 32, algorithm="HS256"))
    now[0] += 180  # the dialog opens three minutes after the paste

    window.report_share.save_action.trigger()
    dialog = window.report_share.dialog
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=5000)

    preview = dialog.preview.toPlainText()
    assert "(in 57 min)" in preview
    assert "(3 min ago)" in preview
    assert "(in 1 h)" not in preview


def test_tab_leaves_the_preview_rather_than_walking_its_links(qtbot, window) -> None:
    from PySide6.QtCore import Qt

    dialog = _open(qtbot, window, "save_action")
    dialog.activateWindow()
    dialog.preview.setFocus()
    qtbot.waitUntil(dialog.preview.hasFocus)

    qtbot.keyClick(dialog.preview, Qt.Key.Key_Tab)

    assert not dialog.preview.hasFocus()
