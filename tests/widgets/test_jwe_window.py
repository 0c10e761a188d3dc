"""A JWE in the window: the recipient's key decrypts it, the panes show the
plaintext (or the nested token, verified with its own key), and a wrong key,
a tampered token or a password say so plainly."""

from __future__ import annotations

import json
import pathlib

import pytest
from label_text import plain
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from jwtinspector.main_window import MainWindow
from jwtinspector.models.session import TokenSession

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "rfc7520"


def example(name: str) -> dict:
    return json.loads(next(DATA.glob(f"{name}.*.json")).read_text())


RSA_OAEP = example("5_2")
PBES2 = example("5_3")
NESTED = example("6")


@pytest.fixture
def window(qtbot) -> MainWindow:
    win = MainWindow(TokenSession(clock=lambda: 1_300_000_000.0))
    qtbot.addWidget(win)
    win.resize(1240, 860)
    win.show()
    qtbot.waitExposed(win)
    return win


def decrypt_with(qtbot, window: MainWindow, text: str) -> None:
    """Type the key (or password) and wait for the decryption to report."""
    layer = window.session.jwe
    with qtbot.waitSignal(layer.changed, timeout=10_000) as blocker:
        window.jwe_view.box.set_text(text)
    while blocker.args and blocker.args[0].state == "working":
        with qtbot.waitSignal(layer.changed, timeout=10_000) as blocker:
            pass
    QApplication.processEvents()


def tampered(token: str) -> str:
    parts = token.split(".")
    ciphertext = parts[3]
    parts[3] = ("A" if ciphertext[0] != "A" else "B") + ciphertext[1:]
    return ".".join(parts)


def test_a_jwe_without_a_key_asks_for_the_recipients_key(window):
    window.token_edit.setPlainText(RSA_OAEP["output"]["compact"])
    box = window.jwe_view.box

    assert box.isVisible()
    assert box.key_edit.isVisible()
    assert "Enter the recipient's key (or password)" in plain(box.status)
    assert "enter the recipient's key" in window.payload_view.toPlainText()
    assert "only its header" not in window.token_errors.text()
    banner = plain(window.signature_panel.banner)
    assert banner.startswith("Encrypted token (JWE)")
    assert "Enter the recipient's key (or password)" in banner
    assert window.jwe_view.bar.outer.text() == "Encrypted · RSA-OAEP + A256GCM"
    assert not window.jwe_view.bar.inner.isVisible()


def test_a_jws_shows_no_decryption_box(window):
    assert not window.jwe_view.box.isVisible()
    assert not window.jwe_view.bar.isVisible()


def test_rsa_oaep_jwe_with_its_key_shows_the_plaintext(qtbot, window):
    window.token_edit.setPlainText(RSA_OAEP["output"]["compact"])
    decrypt_with(qtbot, window, json.dumps(RSA_OAEP["input"]["key"]))

    status = plain(window.jwe_view.box.status)
    assert status.startswith("✓ Decrypted with the RSA 4096-bit private key")
    assert "RSA-OAEP + A256GCM" in status
    assert RSA_OAEP["input"]["plaintext"] in window.payload_view.toPlainText()
    assert '"enc": "A256GCM"' in window.header_view.toPlainText()
    assert plain(window.signature_panel.banner).startswith("Decrypted")
    assert window.signature_panel.banner.property("state") == "good"
    # The line under the token no longer asks for the key.
    assert "encrypted" not in window.token_errors.text()
    # The key typed stays in the box; no signature key was touched.
    assert window.jwe_view.box.text() == json.dumps(RSA_OAEP["input"]["key"])
    assert window.session.key is None


def test_the_json_serialization_says_which_recipient_was_used(qtbot, window):
    window.token_edit.setPlainText(json.dumps(RSA_OAEP["output"]["json"]))
    decrypt_with(qtbot, window, json.dumps(RSA_OAEP["input"]["key"]))

    assert plain(window.jwe_view.box.status).startswith("✓ Decrypted with")
    header = window.header_view.toPlainText()
    assert '"protected"' in header
    assert '"recipient used": "1 of 1"' in header


def test_nested_token_shows_both_layers_and_verifies_with_its_own_key(qtbot, window):
    window.token_edit.setPlainText(NESTED["encrypt"]["output"]["compact"])
    decrypt_with(qtbot, window, json.dumps(NESTED["encrypt"]["input"]["key"]))
    bar, panel = window.jwe_view.bar, window.signature_panel

    assert bar.outer.text() == "Encrypted · RSA-OAEP + A128GCM"
    assert bar.inner.text() == "Signed · PS256"
    assert bar.inner.isChecked()
    assert '"alg": "PS256"' in window.header_view.toPlainText()
    assert '"iss": "hobbiton.example"' in window.payload_view.toPlainText()
    assert plain(panel.banner).startswith("Signature not checked: no key")
    assert panel.algorithm.text().startswith("PS256")

    # The signing key goes in the verification key box, apart.
    public = {
        k: v
        for k, v in NESTED["sign"]["input"]["key"].items()
        if k in ("kty", "n", "e", "kid")
    }
    panel.key_edit.setPlainText(json.dumps(public))
    QApplication.processEvents()
    assert plain(panel.banner).startswith("Signature verified")
    assert plain(window.jwe_view.box.status).startswith("✓ Decrypted with")

    # The layer bar switches the header pane to the JWE's header.
    bar.outer.click()
    assert '"enc": "A128GCM"' in window.header_view.toPlainText()
    bar.inner.click()
    assert '"alg": "PS256"' in window.header_view.toPlainText()


def test_a_wrong_key_says_it_does_not_decrypt(qtbot, window):
    window.token_edit.setPlainText(RSA_OAEP["output"]["compact"])
    decrypt_with(qtbot, window, json.dumps(NESTED["sign"]["input"]["key"]))

    status = plain(window.jwe_view.box.status)
    assert status.startswith("✗ The key does not decrypt it")
    assert plain(window.signature_panel.banner).startswith(
        "The key does not decrypt it"
    )
    assert window.signature_panel.banner.property("state") == "bad"
    assert "does not decrypt" in window.payload_view.toPlainText()


def test_a_tampered_token_says_the_integrity_check_failed(qtbot, window):
    window.token_edit.setPlainText(tampered(RSA_OAEP["output"]["compact"]))
    decrypt_with(qtbot, window, json.dumps(RSA_OAEP["input"]["key"]))

    assert plain(window.jwe_view.box.status).startswith(
        "✗ Tampered: the integrity check failed"
    )
    assert plain(window.signature_panel.banner).startswith(
        "Tampered: the integrity check failed"
    )


def test_an_unreadable_key_is_named_not_a_traceback(qtbot, window):
    window.token_edit.setPlainText(RSA_OAEP["output"]["compact"])
    decrypt_with(qtbot, window, "-----BEGIN PRIVATE KEY-----\nnope")

    assert plain(window.jwe_view.box.status).startswith("✗")


def test_pbes2_asks_for_a_password_and_decrypts_with_it(qtbot, window):
    window.token_edit.setPlainText(PBES2["output"]["compact"])
    box = window.jwe_view.box

    assert box.password_edit.isVisible()
    assert not box.key_edit.isVisible()
    assert box.title.text().startswith("Decryption password (PBES2-HS512+A256KW)")
    decrypt_with(qtbot, window, PBES2["input"]["pwd"])

    assert plain(box.status).startswith("✓ Decrypted with the password")
    assert '"keys"' in window.payload_view.toPlainText()  # the plaintext is a JWK set


def test_the_decryption_controls_are_reachable_by_keyboard(qtbot, window):
    window.token_edit.setPlainText(NESTED["encrypt"]["output"]["compact"])
    decrypt_with(qtbot, window, json.dumps(NESTED["encrypt"]["input"]["key"]))
    window.activateWindow()
    window.token_edit.setFocus()
    seen = []
    widget = window.token_edit
    for _ in range(80):
        widget = widget.nextInFocusChain()
        while not (widget.isVisible() and widget.isEnabled() and widget.focusPolicy()):
            widget = widget.nextInFocusChain()
        seen.append(widget.objectName())
        if widget is window.token_edit:
            break
    assert "decryptKeyEdit" in seen
    assert "outerLayerButton" in seen
    assert "innerLayerButton" in seen


def test_the_samples_secret_gives_way_to_the_nested_tokens_key(qtbot):
    from jwtinspector.app import create_window

    window = create_window()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.token_edit.setPlainText(NESTED["encrypt"]["output"]["compact"])
    decrypt_with(qtbot, window, json.dumps(NESTED["encrypt"]["input"]["key"]))
    panel = window.signature_panel

    assert window.session.key is None  # the sample's HMAC secret is not used
    assert panel.key_edit.isVisible()
    panel.key_edit.setPlainText(json.dumps(NESTED["sign"]["input"]["key"]))
    QApplication.processEvents()
    assert plain(panel.banner).startswith("Signature verified")


def signed_token(window: MainWindow) -> str:
    from jwtinspector.core.keys import load_secret
    from jwtinspector.core.sign import sign_token

    secret = "encrypt-round-trip-secret-32-byt"
    window.signature_panel.set_secret(secret)
    token = sign_token({"alg": "HS256"}, {"sub": "alice"}, load_secret(secret))
    window.token_edit.set_token_text(token)
    QApplication.processEvents()
    return token


@pytest.mark.parametrize(
    ("alg", "enc", "nested"),
    [
        ("RSA-OAEP-256", "A256GCM", True),
        ("ECDH-ES+A128KW", "A128CBC-HS256", False),
        ("dir", "A256GCM", True),
    ],
)
def test_encrypt_wraps_the_token_and_decrypts_at_once(qtbot, window, alg, enc, nested):
    from jwtinspector.widgets.encrypt_dialog import EncryptChoice

    token = signed_token(window)
    with qtbot.waitSignal(
        window.session.jwe.changed,
        timeout=10_000,
        check_params_cb=lambda o: o.state == "decrypted",
    ):
        assert window.jwe_view.encrypting.encrypt_with(
            EncryptChoice(alg, enc, nested, True)
        )

    assert window.session.token.is_encrypted
    assert window.token_summary.text().count("encrypted JWE") == 1
    assert plain(window.jwe_view.box.status).startswith("✓ Decrypted with")
    assert f"{alg} + {enc}" in plain(window.jwe_view.box.status)
    assert '"sub": "alice"' in window.payload_view.toPlainText()
    if nested:
        assert window.jwe_view.bar.inner.text() == "Signed · HS256"
        assert plain(window.signature_panel.banner).startswith("Signature verified")
    else:
        assert window.jwe_view.bar.inner.isHidden()
    # One undo step brings the signed token back.
    window.session.undo()
    QApplication.processEvents()
    assert window.session.token.token == token


def test_encrypt_with_a_password(qtbot, window):
    from jwtinspector.widgets.encrypt_dialog import EncryptChoice

    signed_token(window)
    choice = EncryptChoice("PBES2-HS256+A128KW", "A128GCM", True, True, "correct horse")
    with qtbot.waitSignal(
        window.session.jwe.changed,
        timeout=10_000,
        check_params_cb=lambda o: o.state == "decrypted",
    ):
        assert window.jwe_view.encrypting.encrypt_with(choice)

    assert window.jwe_view.box.password_edit.isVisible()
    assert plain(window.jwe_view.box.status).startswith("✓ Decrypted with the password")


def test_encrypt_of_nothing_says_why(window):
    from jwtinspector.widgets.encrypt_dialog import EncryptChoice

    window.token_edit.setPlainText("")
    assert not window.jwe_view.encrypting.encrypt_with(
        EncryptChoice("RSA-OAEP-256", "A256GCM", True, True)
    )
    assert "paste or make one first" in window.statusBar().currentMessage()


def test_the_encrypt_dialog_is_keyboard_usable(qtbot, window):
    from PySide6.QtCore import Qt

    from jwtinspector.widgets.encrypt_dialog import EncryptDialog

    dialog = EncryptDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.alg_combo.setFocus()
    qtbot.keyClick(dialog.alg_combo, Qt.Key.Key_Down)
    seen = set()
    widget = dialog.alg_combo
    for _ in range(12):
        widget = widget.nextInFocusChain()
        seen.add(widget.objectName())
    assert {"encryptEncCombo", "encryptNestedRadio", "encryptGenerateRadio"} <= seen
    choice = dialog.choice()
    assert choice.alg != "RSA-OAEP-256"  # the arrow key moved the choice
    assert choice.nested
    assert choice.generate
    # PBES2 takes a password: the key choices give way to it.
    dialog.alg_combo.setCurrentText("PBES2-HS256+A128KW")
    assert dialog.password_edit.isEnabled()
    assert not dialog.generate_radio.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_an_unsigned_nested_token_is_an_audit_finding_never_verified(qtbot, window):
    from jwtinspector.core import keys
    from jwtinspector.core.jwe import encrypt_token
    from jwtinspector.core.keygen import generate_jwe_key

    key = generate_jwe_key("dir", "A256GCM")
    unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9."
    window.token_edit.setPlainText(encrypt_token(unsigned, "dir", "A256GCM", key))
    decrypt_with(qtbot, window, json.dumps(keys.to_jwk(key, private=True)))

    assert window.jwe_view.bar.inner.text() == "Unsigned · alg none"
    assert not plain(window.signature_panel.banner).startswith("Signature verified")
    found = {finding.id for finding in window.session.findings()}
    assert "JWE-NESTED-UNSIGNED" in found


def test_rsa1_5_decrypts_with_a_visible_warning(qtbot, window):
    rsa1_5 = example("5_1")
    window.token_edit.setPlainText(rsa1_5["output"]["compact"])
    decrypt_with(qtbot, window, json.dumps(rsa1_5["input"]["key"]))

    assert plain(window.jwe_view.box.status).startswith("✓ Decrypted with")
    assert window.jwe_view.box.warnings.isVisible()
    assert "padding oracle" in window.jwe_view.box.warnings.text()


def test_several_recipients_each_key_of_a_set_is_tried(qtbot, window):
    several = example("5_13")
    window.token_edit.setPlainText(json.dumps(several["output"]["json"]))
    # The second recipient's key alone (an EC key for ECDH-ES+A256KW).
    decrypt_with(qtbot, window, json.dumps(several["input"]["key"][1]))

    status = plain(window.jwe_view.box.status)
    assert status.startswith("✓ Decrypted with")
    assert "(recipient 2 of 3)" in status
    assert several["input"]["plaintext"] in window.payload_view.toPlainText()
    assert '"recipient used": "2 of 3"' in window.header_view.toPlainText()
    # The layer bar names the recipient's algorithm that decrypted it.
    assert window.jwe_view.bar.outer.text().startswith("Encrypted · ECDH-ES+A256KW")


def test_the_token_menu_offers_encrypt_with_a_shortcut(window):
    action = window.jwe_view.encrypt_action
    assert action.text() == "&Encrypt… (JWE)"
    assert action.shortcut().toString() == "Ctrl+Shift+E"
    assert action in window.menuBar().actions()[2].menu().actions()


def test_export_the_recipients_key_after_encrypt(qtbot, window, tmp_path, monkeypatch):
    import os

    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QFileDialog

    from jwtinspector.widgets.encrypt_dialog import EncryptChoice

    signed_token(window)
    with qtbot.waitSignal(
        window.session.jwe.changed,
        timeout=10_000,
        check_params_cb=lambda o: o.state == "decrypted",
    ):
        window.jwe_view.encrypting.encrypt_with(
            EncryptChoice("ECDH-ES", "A128GCM", True, True)
        )
    box = window.jwe_view.box
    assert box.export_button.isVisible()

    box.export_requested.emit("public")
    public = json.loads(QGuiApplication.clipboard().text())
    assert public["kty"] == "EC"
    assert "d" not in public

    path = tmp_path / "recipient.jwk"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    box.export_requested.emit("private")
    private = json.loads(path.read_text())
    assert private["d"]
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600


def test_a_hostile_p2c_is_refused_with_a_message_not_a_hang(qtbot, window):
    import time

    from jwe_audit_inputs import JWE_PRODUCERS

    window.token_edit.setPlainText(JWE_PRODUCERS["JWE-P2C-HIGH"])
    started = time.monotonic()
    decrypt_with(qtbot, window, "any password")

    assert time.monotonic() - started < 5
    status = plain(window.jwe_view.box.status)
    assert status.startswith("✗")
    assert "p2c" in status
    assert plain(window.signature_panel.banner).startswith("Cannot decrypt")


def test_a_decrypted_jwe_is_sealed_an_edit_never_replaces_it(qtbot, window):
    jwe = NESTED["encrypt"]["output"]["compact"]
    window.token_edit.setPlainText(jwe)
    decrypt_with(qtbot, window, json.dumps(NESTED["encrypt"]["input"]["key"]))

    with qtbot.waitSignal(window.session.edit_failed) as failed:
        window.session.set_claim("iss", "someone.else")
    assert "sealed" in failed.args[1]
    window.payload_view.edited.emit('{"iss": "someone.else"}')
    QApplication.processEvents()

    assert window.session.token.token == jwe
    assert window.payload_errors.isVisible()
    assert "sealed" in window.payload_errors.text()


def parameters(window: MainWindow) -> dict[str, str]:
    """The header pane's Parameters table as the user reads it."""
    model = window.header_table.model()
    return {
        model.index(row, 0).data(): model.index(row, 1).data()
        for row in range(model.rowCount())
    }


def test_the_parameters_table_follows_the_layer_bar(qtbot, window):
    window.token_edit.setPlainText(NESTED["encrypt"]["output"]["compact"])
    assert parameters(window)["enc"] == '"A128GCM"'  # the JWE's, until decrypted
    decrypt_with(qtbot, window, json.dumps(NESTED["encrypt"]["input"]["key"]))
    bar = window.jwe_view.bar

    shown = parameters(window)  # the nested token's header, as the JSON view
    assert shown["alg"].startswith('"PS256"')
    assert "enc" not in shown
    qtbot.mouseClick(bar.outer, Qt.MouseButton.LeftButton)
    shown = parameters(window)
    assert shown["alg"].startswith('"RSA-OAEP"')
    assert shown["enc"] == '"A128GCM"'
    assert '"enc": "A128GCM"' in window.header_view.toPlainText()
    qtbot.mouseClick(bar.inner, Qt.MouseButton.LeftButton)
    assert parameters(window)["alg"].startswith('"PS256"')


def plain_claims_jwe() -> str:
    """A JWE whose plaintext is JSON claims (no nested token)."""
    from jwtinspector.core.jwe import encrypt
    from jwtinspector.core.keys import load_key_input

    key = load_key_input(json.dumps(RSA_OAEP["input"]["key"])).key
    return encrypt({"sub": "alice", "iss": "me"}, "RSA-OAEP", "A256GCM", key)


def test_a_jwe_without_a_nested_token_says_there_is_no_signature(qtbot):
    from jwtinspector.app import create_window

    window = create_window()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    panel = window.signature_panel
    assert panel.key_box_text()  # the sample's secret, for the sample
    window.token_edit.setPlainText(plain_claims_jwe())  # typed over the sample
    decrypt_with(qtbot, window, json.dumps(RSA_OAEP["input"]["key"]))

    assert '"sub": "alice"' in window.payload_view.toPlainText()
    assert plain(panel.banner).startswith("Decrypted")
    # The sample's secret is not presented as the key in use.
    assert window.session.key is None
    assert panel.key_box_text() == ""
    assert "HMAC" not in panel.key_info.text()
    assert panel.expectation.text().startswith("No signature inside")
    assert "authentication tag" in panel.expectation.text()
    assert "Enter the recipient's key" not in panel.expectation.text()
    assert panel.signature_view.toPlainText().startswith("No signature inside")

    # A wrong key: no longer decrypted, the pane asks for the key again.
    decrypt_with(qtbot, window, "not the recipient's key")
    assert window.session.jwe.outcome.state == "failed"
    assert "Enter the recipient's key" in panel.expectation.text()


def test_the_decryption_key_box_says_what_it_recognised(qtbot, window):
    window.token_edit.setPlainText(RSA_OAEP["output"]["compact"])
    box = window.jwe_view.box
    assert not box.key_info.isVisible()  # nothing typed yet

    private = RSA_OAEP["input"]["key"]
    public = {k: private[k] for k in ("kty", "kid", "n", "e")}
    decrypt_with(qtbot, window, json.dumps(public))  # not the recipient's key
    assert box.key_info.isVisible()
    assert box.key_info.text().startswith("Recognised: RSA public key")
    assert "4096-bit" in box.key_info.text()
    # Decrypted: the verdict names the key, once.
    decrypt_with(qtbot, window, json.dumps(private))
    assert plain(box.status).startswith("✓ Decrypted with the RSA 4096-bit private")
    assert not box.key_info.isVisible()

    secret = "a-shared-secret-nobody-should-read"
    decrypt_with(qtbot, window, secret)
    assert box.key_info.text().startswith("Recognised: secret (text, 34 bytes)")
    assert secret not in box.key_info.text()

    decrypt_with(qtbot, window, '{"kty": "RSA"')
    assert box.key_info.text().startswith("The key could not be read")

    # A password is never read back.
    window.token_edit.setPlainText(PBES2["output"]["compact"])
    decrypt_with(qtbot, window, PBES2["input"]["pwd"])
    assert not box.key_info.isVisible()
    assert PBES2["input"]["pwd"] not in box.key_info.text()


def test_a_decrypted_jwe_keeps_the_left_column_and_every_details_tab(qtbot, window):
    window.resize(1000, 650)
    window.show_details(True)
    window.token_edit.setPlainText(NESTED["sign"]["output"]["compact"])  # a JWS
    qtbot.wait(50)
    left = window.main_split.widget(0)
    minimum, width = left.minimumSizeHint().width(), window.main_split.sizes()[0]

    window.token_edit.setPlainText(NESTED["encrypt"]["output"]["compact"])
    decrypt_with(qtbot, window, json.dumps(NESTED["encrypt"]["input"]["key"]))
    qtbot.wait(50)

    assert window.jwe_view.box.export_button.text() == "Export key"
    assert window.jwe_view.box.title.text() == "Decryption key (RSA-OAEP + A128GCM)"
    assert left.minimumSizeHint().width() <= minimum
    # The details tabs keep the width they had for the JWS.
    assert window.main_split.sizes()[0] == width
