"""A JWE in JSON serialization (flattened or general, one or several
recipients) whose content is a signed token: the window shows the nested
token and verifies it with its own key, as it does for a compact JWE."""

from __future__ import annotations

import json
import pathlib

import pytest
from label_text import plain
from PySide6.QtWidgets import QApplication

from jwtinspector.main_window import MainWindow
from jwtinspector.models.session import TokenSession

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "rfc7520"
NESTED = json.loads(next(DATA.glob("6.*.json")).read_text())
SECRET = "nested-signing-secret-32-bytes!!"


@pytest.fixture
def window(qtbot) -> MainWindow:
    win = MainWindow(TokenSession(clock=lambda: 1_300_000_000.0))
    qtbot.addWidget(win)
    win.resize(1240, 860)
    win.show()
    qtbot.waitExposed(win)
    return win


def decrypt_with(qtbot, window: MainWindow, text: str) -> None:
    """Type the key and wait for the decryption to report."""
    layer = window.session.jwe
    with qtbot.waitSignal(layer.changed, timeout=10_000) as blocker:
        window.jwe_view.box.set_text(text)
    while blocker.args and blocker.args[0].state == "working":
        with qtbot.waitSignal(layer.changed, timeout=10_000) as blocker:
            pass
    QApplication.processEvents()


def two_recipients() -> tuple[str, str]:
    """A general JSON JWE of a signed HS256 token for two recipients (A128KW,
    then ECDH-ES+A128KW), and the second recipient's private JWK."""
    from joserfc.jwe import GeneralJSONEncryption, encrypt_json
    from joserfc.jwk import ECKey, OctKey

    from jwtinspector.core.keys import load_secret
    from jwtinspector.core.sign import sign_token

    inner = sign_token(
        {"alg": "HS256"},
        {"sub": "alice", "iss": "https://issuer.example"},
        load_secret(SECRET),
    )
    first = OctKey.generate_key(128, parameters={"kid": "first"})
    second = ECKey.generate_key("P-256", parameters={"kid": "second"})
    message = GeneralJSONEncryption({"enc": "A128GCM", "cty": "JWT"}, inner.encode())
    message.add_recipient({"alg": "A128KW", "kid": "first"}, first)
    message.add_recipient({"alg": "ECDH-ES+A128KW", "kid": "second"}, second)
    value = encrypt_json(
        message, None, algorithms=["A128KW", "ECDH-ES+A128KW", "A128GCM"]
    )
    return json.dumps(value), json.dumps(second.as_dict(private=True))


def test_the_second_recipients_key_opens_the_nested_token(qtbot, window):
    text, key = two_recipients()
    window.token_edit.setPlainText(text)
    decrypt_with(qtbot, window, key)
    bar, panel = window.jwe_view.bar, window.signature_panel

    assert plain(window.jwe_view.box.status).startswith("✓ Decrypted with")
    assert "(recipient 2 of 2) · ECDH-ES+A128KW + A128GCM" in plain(
        window.jwe_view.box.status
    )
    # The selector shows the recipient that decrypted it.
    assert window.json_bar.selector.currentText().startswith("Recipient 2 of 2")
    assert bar.outer.text() == "Encrypted · ECDH-ES+A128KW + A128GCM"
    assert bar.inner.text() == "Signed · HS256"
    assert json.loads(window.header_view.toPlainText()) == {"alg": "HS256"}
    assert '"sub": "alice"' in window.payload_view.toPlainText()
    assert plain(panel.banner).startswith("Signature not checked: no key")
    assert "sub" in [row.name for row in window.session.claims_model.rows()]

    # The nested token's own key, in the verification key box.
    panel.set_secret(SECRET)
    QApplication.processEvents()
    assert plain(panel.banner).startswith("Signature verified")

    bar.outer.click()
    outer = json.loads(window.header_view.toPlainText())
    assert outer["recipient used"] == "2 of 2"
    assert outer["recipient header"]["kid"] == "second"

    # Showing the other recipient keeps the content open and its verdict.
    bar.inner.click()
    window.json_bar.selector.setCurrentIndex(0)
    window.json_bar.selector.activated.emit(0)
    QApplication.processEvents()
    assert window.session.json_form.selected == 0
    assert plain(panel.banner).startswith("Signature verified")
    assert json.loads(window.header_view.toPlainText()) == {"alg": "HS256"}
    assert '"sub": "alice"' in window.payload_view.toPlainText()
    assert "sub" in [row.name for row in window.session.claims_model.rows()]


def test_rfc_7520_nested_jwe_flattened_verifies_with_the_signers_key(qtbot, window):
    # The general form is the two-recipient test's.
    flattened = NESTED["encrypt"]["output"]["json_flat"]
    window.token_edit.setPlainText(json.dumps(flattened))
    decrypt_with(qtbot, window, json.dumps(NESTED["encrypt"]["input"]["key"]))
    bar, panel = window.jwe_view.bar, window.signature_panel

    assert bar.inner.text() == "Signed · PS256"
    assert bar.inner.isChecked()
    assert '"iss": "hobbiton.example"' in window.payload_view.toPlainText()
    public = {
        k: v
        for k, v in NESTED["sign"]["input"]["key"].items()
        if k in ("kty", "n", "e", "kid")
    }
    panel.key_edit.setPlainText(json.dumps(public))
    QApplication.processEvents()
    assert plain(panel.banner).startswith("Signature verified")
    assert panel.algorithm.text().startswith("PS256")


def test_the_jwe_and_json_controls_are_built_when_first_needed(qtbot, window):
    from PySide6.QtWidgets import QWidget

    def found(name: str) -> QWidget | None:
        return window.findChild(QWidget, name)

    window.token_edit.setPlainText("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln")
    QApplication.processEvents()
    assert found("decryptBox") is None
    assert found("layerBar") is None
    assert found("jsonFormBar") is None

    window.token_edit.setPlainText(json.dumps(NESTED["encrypt"]["output"]["json"]))
    QApplication.processEvents()
    assert found("decryptBox").isVisible()
    assert found("layerBar").isVisible()
    assert found("jsonFormBar").isVisible()
    # In place: the layer bar, then the selector, above the header's tabs.
    header = window.header_errors.parentWidget().layout()
    assert header.indexOf(found("layerBar")) == 0
    assert header.indexOf(found("jsonFormBar")) == 1
