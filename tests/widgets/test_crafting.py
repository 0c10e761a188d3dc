"""Crafting tokens in the real window: edit, re-sign, keys, templates, export.

Every token the window makes is checked with plain PyJWT and the key the
user can see in the signature pane, not with the app's own verifier.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shlex
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fake_clock import FakeClock
from hypothesis import given, settings
from hypothesis import strategies as st
from label_text import plain
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QLineEdit

from jwtinspector.app import create_window
from jwtinspector.core.templates import TEMPLATES
from jwtinspector.main_window import MainWindow
from jwtinspector.models.claims_model import Column
from jwtinspector.models.session import TokenSession
from jwtinspector.widgets.json_view import pretty_json
from jwtinspector.widgets.signature_panel import KEY_MODES

NOW = 1_700_000_000.0
SECRET = "window-test-secret-32-bytes-long"
HEADER = {"alg": "HS256", "typ": "JWT"}
CLAIMS = {
    "iss": "https://auth.example.com",
    "sub": "alice",
    "iat": int(NOW),
    "exp": int(NOW) + 900,
    "role": "user",
}
# PyJWT checks times against the real clock; the window's fake clock is in 2023.
NO_TIME_CHECKS = {"verify_exp": False, "verify_nbf": False, "verify_iat": False}
TEMPLATE_EXP = {
    "access": 900,
    "refresh": 7 * 86400,
    "id_token": 3600,
    "service": 900,
    "expired": -3600,
    "not_yet_valid": 7200,
}


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def token_of(window: MainWindow) -> str:
    return window.token_edit.toPlainText()


def panel_key(window: MainWindow) -> Any:
    """The key in the signature pane, as PyJWT takes it for verifying."""
    panel = window.signature_panel
    encoding = KEY_MODES[panel.key_mode.currentIndex()][1]
    if encoding == "utf-8":
        return panel.secret_edit.text()
    if encoding == "base64url":
        return b64url_decode(panel.secret_edit.text())
    if encoding == "base64":
        return base64.b64decode(panel.secret_edit.text())
    private = serialization.load_pem_private_key(
        panel.key_edit.toPlainText().encode(), password=None
    )
    return private.public_key()


def verify(window: MainWindow, alg: str, **extra: Any) -> dict[str, Any]:
    """Plain PyJWT with the key shown in the pane; raises when it does not verify."""
    return jwt.decode(
        token_of(window),
        panel_key(window),
        algorithms=[alg],
        options=NO_TIME_CHECKS,
        **extra,
    )


def claims_in_order(token: str) -> list[str]:
    return list(json.loads(b64url_decode(token.split(".")[1])))


def rfc7638_thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 by hand: required members, sorted, no spaces, SHA-256."""
    required = {"RSA": ("e", "kty", "n"), "EC": ("crv", "kty", "x", "y")}[jwk["kty"]]
    canonical = json.dumps({k: jwk[k] for k in required}, separators=(",", ":"))
    return b64url(hashlib.sha256(canonical.encode()).digest())


def find_action(window: MainWindow, name: str) -> QAction:
    action = window.findChild(QAction, name)
    assert action is not None, name
    return action


def export_action(window: MainWindow, text: str) -> QAction:
    menu = window.signature_panel.export_button.menu()
    return next(a for a in menu.actions() if a.text() == text)


def export_texts(window: MainWindow) -> list[str]:
    return [a.text() for a in window.signature_panel.export_button.menu().actions()]


def row_of(window: MainWindow, name: str) -> int:
    model = window.session.claims_model
    return next(i for i, row in enumerate(model.rows()) if row.name == name)


def select_claim(qtbot, window: MainWindow, name: str) -> None:
    """Click a claim's value cell, as a user picks a row."""
    table = window.claims_table
    index = window.session.claims_model.index(row_of(window, name), Column.VALUE)
    table.scrollTo(index)
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualRect(index).center(),
    )
    assert table.selectionModel().selectedIndexes()[0].data() == name


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def window(qtbot, clock) -> MainWindow:
    win = MainWindow(TokenSession(clock=lambda: clock.now))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def token() -> str:
    return jwt.encode(CLAIMS, SECRET, algorithm="HS256", headers=HEADER)


@pytest.fixture
def signed(window, token) -> MainWindow:
    """The window holding an HS256 token and the secret that signs it."""
    window.token_edit.setPlainText(token)
    window.signature_panel.secret_edit.setText(SECRET)
    assert plain(window.signature_panel.banner).startswith("Signature verified")
    return window


@pytest.fixture(scope="module")
def rsa_private() -> Any:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


# --- editing in the claims table ----------------------------------------------


def test_claim_value_edited_in_the_table_re_signs_the_token(qtbot, signed, token):
    model = signed.session.claims_model

    assert model.setData(model.index(row_of(signed, "role"), Column.VALUE), '"admin"')
    qtbot.waitUntil(lambda: token_of(signed) != token)

    claims = verify(signed, "HS256")
    assert claims == {**CLAIMS, "role": "admin"}
    assert claims_in_order(token_of(signed)) == list(CLAIMS)
    assert signed.payload_view.toPlainText() == pretty_json(claims)
    assert plain(signed.signature_panel.banner).startswith("Signature verified")
    assert model.index(row_of(signed, "role"), Column.VALUE).data() == '"admin"'


def test_claim_value_typed_into_the_cell_editor_is_json(qtbot, signed, token):
    table = signed.claims_table
    index = signed.session.claims_model.index(row_of(signed, "role"), Column.VALUE)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.findChild(QLineEdit)
    assert editor is not None
    assert editor.text() == '"user"'

    editor.selectAll()
    qtbot.keyClicks(editor, '["admin", 2, null]')
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: token_of(signed) != token)

    assert verify(signed, "HS256")["role"] == ["admin", 2, None]


def test_text_that_is_not_json_becomes_a_string_claim(qtbot, signed, token):
    model = signed.session.claims_model

    model.setData(model.index(row_of(signed, "role"), Column.VALUE), "read write")
    qtbot.waitUntil(lambda: token_of(signed) != token)

    assert verify(signed, "HS256")["role"] == "read write"


def test_claim_renamed_in_the_table_keeps_its_place(qtbot, signed, token):
    model = signed.session.claims_model

    model.setData(model.index(row_of(signed, "sub"), Column.NAME), "subject")
    qtbot.waitUntil(lambda: token_of(signed) != token)

    assert claims_in_order(token_of(signed)) == ["iss", "subject", "iat", "exp", "role"]
    assert verify(signed, "HS256")["subject"] == "alice"


def test_rename_onto_an_existing_claim_shows_why(qtbot, signed, token):
    model = signed.session.claims_model

    model.setData(model.index(row_of(signed, "sub"), Column.NAME), "role")
    qtbot.waitUntil(signed.payload_errors.isVisible)

    assert "already a claim" in plain(signed.payload_errors)
    assert token_of(signed) == token


# --- editing the JSON ---------------------------------------------------------


def test_invalid_payload_json_is_shown_inline_and_keeps_the_token(signed, token):
    signed.payload_view.setPlainText('{\n  "sub": "alice",\n  "role": \n}')

    assert signed.payload_errors.isVisible()
    assert plain(signed.payload_errors) == (
        "✗ payload: Expecting value at line 4, column 1"
    )
    assert token_of(signed) == token
    assert not signed.header_errors.isVisible()


def test_valid_payload_json_again_rebuilds_and_clears_the_error(signed):
    signed.payload_view.setPlainText('{"sub": ')

    signed.payload_view.setPlainText('{"sub": "bob", "role": "admin"}')

    assert not signed.payload_errors.isVisible()
    assert verify(signed, "HS256") == {"sub": "bob", "role": "admin"}
    # The editor the user types in keeps the user's text.
    assert signed.payload_view.toPlainText() == '{"sub": "bob", "role": "admin"}'


def test_json_error_quoting_the_users_text_is_shown_as_written(signed, token):
    signed.payload_view.setPlainText('{"sub": "alice" "role": "<b>x</b>"}')

    assert plain(signed.payload_errors) == (
        "✗ payload: Expecting ',' delimiter at line 1, column 17"
    )
    assert token_of(signed) == token


def test_invalid_header_json_is_shown_under_the_header(signed, token):
    signed.header_view.setPlainText('{"alg": "HS256",, }')

    assert signed.header_errors.isVisible()
    assert "line 1, column 17" in plain(signed.header_errors)
    assert not signed.payload_errors.isVisible()
    assert token_of(signed) == token


def test_undo_after_invalid_json_drops_the_stale_error(signed, token):
    signed.payload_view.setPlainText('{"sub": "bob"}')
    signed.payload_view.setPlainText('{"sub": ')
    assert signed.payload_errors.isVisible()

    signed.crafting.undo_action.trigger()

    assert token_of(signed) == token
    assert signed.payload_view.toPlainText() == pretty_json(CLAIMS)
    assert not signed.payload_errors.isVisible()


def test_a_new_token_drops_the_error_of_the_old_json(signed):
    signed.payload_view.setPlainText('{"sub": ')
    other = jwt.encode({"sub": "carol"}, SECRET, algorithm="HS256")

    signed.token_edit.setPlainText(other)

    assert signed.payload_view.toPlainText() == pretty_json({"sub": "carol"})
    assert not signed.payload_errors.isVisible()


def test_a_number_json_cannot_carry_is_shown_inline(qtbot, signed, token):
    model = signed.session.claims_model

    model.setData(model.index(row_of(signed, "role"), Column.VALUE), "1e999")
    qtbot.waitUntil(signed.payload_errors.isVisible)

    assert "not JSON compliant" in plain(signed.payload_errors)
    assert token_of(signed) == token


@pytest.mark.parametrize(
    "value",
    ["non\u00a0breaking", "line\u2028separator", "para\u2029graph", "lone \ud800"],
)
def test_a_pasted_token_with_characters_the_editor_changes_keeps_its_bytes(
    window, value
):
    token = jwt.encode({"sub": value}, SECRET, algorithm="HS256")
    window.signature_panel.secret_edit.setText(SECRET)

    window.token_edit.setPlainText(token)

    assert token_of(window) == token
    assert window.session.text == token
    assert not window.payload_errors.isVisible()
    assert window.crafting.undo_action.isEnabled() is False
    assert json.loads(window.payload_view.toPlainText()) == {"sub": value}


def test_create_window_with_a_long_rs256_token(qtbot, rsa_private):
    token = jwt.encode(CLAIMS, rsa_private, algorithm="RS256")
    assert len(token) > 255  # longer than a file name may be

    window = create_window(token)
    qtbot.addWidget(window)

    assert token_of(window) == token
    assert window.session.token.alg == "RS256"


def test_payload_edit_with_a_public_key_only_says_stale(window, rsa_private):
    token = jwt.encode(CLAIMS, rsa_private, algorithm="RS256")
    public_pem = (
        rsa_private.public_key()
        .public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        )
        .decode()
    )
    window.token_edit.setPlainText(token)
    window.signature_panel.key_edit.setPlainText(public_pem)
    banner = window.signature_panel.banner
    assert plain(banner).startswith("Signature verified")

    window.payload_view.setPlainText(json.dumps({**CLAIMS, "role": "admin"}))

    assert plain(banner).startswith(
        "Signature is stale: add the secret or private key to re-sign"
    )
    assert "old signature" in plain(banner)
    assert banner.property("state") == "bad"
    assert token_of(window).split(".")[2] == token.split(".")[2]
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(
            token_of(window), public_pem, algorithms=["RS256"], options=NO_TIME_CHECKS
        )


# --- algorithm and key generation ---------------------------------------------


def test_rs256_without_an_rsa_key_says_what_is_needed_then_generates_one(qtbot, signed):
    panel = signed.signature_panel

    panel.algorithm_combo.textActivated.emit("RS256")

    assert panel.algorithm_combo.currentText() == "RS256"
    assert jwt.get_unverified_header(token_of(signed))["alg"] == "RS256"
    banner = plain(panel.banner)
    assert banner.startswith("Signature is stale")
    assert "RS256 needs an RSA private key" in banner
    assert "RSA" in panel.expectation.text()
    assert panel.generate_button.isEnabled()

    qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)

    assert "PRIVATE KEY" in panel.key_edit.toPlainText()
    assert "RSA 2048-bit private key" in panel.key_info.text()
    assert plain(panel.banner).startswith("Signature verified")
    assert signed.session.stale == ""
    assert verify(signed, "RS256") == CLAIMS
    assert "Generated" in signed.statusBar().currentMessage()


def test_generated_ec_key_signs_es256_that_pyjwt_verifies(qtbot, signed):
    panel = signed.signature_panel
    panel.algorithm_chosen.emit("ES256")

    qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)

    assert "EC P-256 private key" in panel.key_info.text()
    assert plain(panel.banner).startswith("Signature verified")
    assert jwt.get_unverified_header(token_of(signed)) == {"alg": "ES256", "typ": "JWT"}
    assert verify(signed, "ES256") == CLAIMS


def test_generated_hmac_secret_fits_the_algorithm(qtbot, window, token):
    window.token_edit.setPlainText(token)
    panel = window.signature_panel
    panel.algorithm_chosen.emit("HS512")

    qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)

    assert panel.key_mode.currentText() == "Secret · base64url"
    assert len(panel_key(window)) == 64
    assert verify(window, "HS512") == CLAIMS


# --- templates ----------------------------------------------------------------


@pytest.mark.parametrize("alg", ["HS256", "ES256"])
@pytest.mark.parametrize("name", TEMPLATES)
def test_each_template_action_makes_a_token_pyjwt_verifies(window, token, name, alg):
    window.token_edit.setPlainText(token)  # no key yet: the template makes one
    window.signature_panel.algorithm_chosen.emit(alg)

    find_action(window, f"template:{name}").trigger()

    claims = verify(window, alg, audience=window.session.token.claims["aud"])
    assert jwt.get_unverified_header(token_of(window)) == {"alg": alg, "typ": "JWT"}
    assert claims["exp"] == int(NOW) + TEMPLATE_EXP[name]  # the window's clock
    assert window.payload_view.toPlainText() == pretty_json(claims)
    assert window.session.stale == ""
    banner = plain(window.signature_panel.banner)
    assert banner.startswith("Signature verified")


def test_template_keeps_a_key_that_already_fits(signed):
    secret_before = signed.signature_panel.secret_edit.text()

    find_action(signed, "template:access").trigger()

    assert signed.signature_panel.secret_edit.text() == secret_before
    assert verify(signed, "HS256", audience="https://api.example.com")["sub"] == (
        "user-123"
    )


def test_template_then_undo_restores_the_token(signed, token):
    find_action(signed, "template:refresh").trigger()
    assert verify(signed, "HS256", audience="https://api.example.com")["type"] == (
        "refresh"
    )

    signed.crafting.undo_action.trigger()

    assert token_of(signed) == token


# --- undo and redo ------------------------------------------------------------


def test_edit_menu_undo_and_redo_restore_tokens_byte_for_byte(qtbot, signed, token):
    undo, redo = signed.crafting.undo_action, signed.crafting.redo_action
    assert not undo.isEnabled()
    model = signed.session.claims_model
    model.setData(model.index(row_of(signed, "role"), Column.VALUE), '"admin"')
    qtbot.waitUntil(lambda: token_of(signed) != token)
    edited = token_of(signed)
    assert undo.isEnabled()

    undo.trigger()

    assert token_of(signed) == token
    assert signed.payload_view.toPlainText() == pretty_json(CLAIMS)
    assert plain(signed.signature_panel.banner).startswith("Signature verified")
    assert (undo.isEnabled(), redo.isEnabled()) == (False, True)

    redo.trigger()

    assert token_of(signed) == edited
    assert (undo.isEnabled(), redo.isEnabled()) == (True, False)


def test_ctrl_z_in_the_payload_editor_undoes_the_window_history(qtbot, signed, token):
    view = signed.payload_view
    signed.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.setPlainText('{"sub": "bob"}')
    edited = token_of(signed)
    assert edited != token

    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert token_of(signed) == token
    assert view.toPlainText() == pretty_json(CLAIMS)

    qtbot.keyClick(
        view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )

    assert token_of(signed) == edited


def test_undo_brings_back_the_stale_banner(signed, token):
    panel = signed.signature_panel
    panel.algorithm_chosen.emit("RS256")
    assert plain(panel.banner).startswith("Signature is stale")

    signed.crafting.undo_action.trigger()

    assert token_of(signed) == token
    assert plain(panel.banner).startswith("Signature verified")

    signed.crafting.redo_action.trigger()

    assert plain(panel.banner).startswith("Signature is stale")


# --- export the token ---------------------------------------------------------


def test_copy_as_authorization_header(signed, token):
    signed.crafting.copy_bearer_action.trigger()

    assert QGuiApplication.clipboard().text() == f"Authorization: Bearer {token}"


def test_copy_as_curl_command(signed, token):
    signed.crafting.copy_curl_action.trigger()

    command = QGuiApplication.clipboard().text()
    assert shlex.split(command) == [
        "curl",
        "-H",
        f"Authorization: Bearer {token}",
        "https://api.example.com/",
    ]


def test_copy_uses_the_token_without_its_bearer_prefix(window, token):
    window.token_edit.setPlainText(f"Authorization: Bearer {token}\n")

    window.crafting.copy_bearer_action.trigger()

    assert QGuiApplication.clipboard().text() == f"Authorization: Bearer {token}"


def test_save_token_writes_the_file_the_user_picked(
    signed, token, tmp_path, monkeypatch
):
    path = tmp_path / "out.jwt"
    asked: list[tuple[Any, ...]] = []

    def fake_dialog(*args: Any, **kwargs: Any) -> tuple[str, str]:
        asked.append(args)
        return str(path), "Tokens (*.jwt *.txt)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    signed.crafting.save_action.trigger()

    assert len(asked) == 1
    assert path.read_text(encoding="utf-8") == token + "\n"
    assert SECRET not in path.read_text(encoding="utf-8")


def test_save_token_cancelled_writes_nothing(signed, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))

    signed.crafting.save_action.trigger()

    assert list(tmp_path.glob("*.jwt")) == []


# --- export the key -----------------------------------------------------------


@pytest.fixture
def ec_signed(qtbot, signed) -> MainWindow:
    """An ES256 token signed with a key generated in the window."""
    signed.signature_panel.algorithm_chosen.emit("ES256")
    qtbot.mouseClick(signed.signature_panel.generate_button, Qt.MouseButton.LeftButton)
    assert verify(signed, "ES256") == CLAIMS
    return signed


def test_copy_public_key_as_jwk_has_no_private_members(ec_signed):
    export_action(ec_signed, "Copy public key as JWK").trigger()

    jwk = json.loads(QGuiApplication.clipboard().text())
    assert jwk["kty"] == "EC"
    assert jwk["crv"] == "P-256"
    assert "d" not in jwk
    assert jwk["kid"] == rfc7638_thumbprint(jwk)
    key = jwt.PyJWK(jwk)
    claims = jwt.decode(
        token_of(ec_signed), key, algorithms=["ES256"], options=NO_TIME_CHECKS
    )
    assert claims == CLAIMS


def test_copy_public_key_as_jwks_and_pem(ec_signed):
    export_action(ec_signed, "Copy public key as JWKS").trigger()
    jwks = json.loads(QGuiApplication.clipboard().text())
    assert [set(k) & {"d"} for k in jwks["keys"]] == [set()]

    export_action(ec_signed, "Copy public key as PEM").trigger()
    pem = QGuiApplication.clipboard().text()
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    assert "PRIVATE" not in pem
    jwt.decode(token_of(ec_signed), pem, algorithms=["ES256"], options=NO_TIME_CHECKS)


def test_rsa_public_jwk_has_no_private_members(window, rsa_private):
    pem = rsa_private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    window.token_edit.setPlainText(jwt.encode(CLAIMS, rsa_private, algorithm="RS256"))
    window.signature_panel.key_edit.setPlainText(pem)

    export_action(window, "Copy public key as JWK").trigger()

    jwk = json.loads(QGuiApplication.clipboard().text())
    assert jwk["kty"] == "RSA"
    assert not {"d", "p", "q", "dp", "dq", "qi"} & set(jwk)
    assert jwk["kid"] == rfc7638_thumbprint(jwk)


def test_a_secret_has_no_public_key_to_copy(signed):
    QGuiApplication.clipboard().setText("before")

    export_action(signed, "Copy public key as JWK").trigger()

    assert QGuiApplication.clipboard().text() == "before"
    assert "no public key" in signed.statusBar().currentMessage()


def test_set_kid_to_the_key_thumbprint(ec_signed):
    export_action(ec_signed, "Set the token's kid to the key thumbprint").trigger()

    header = jwt.get_unverified_header(token_of(ec_signed))
    assert header["kid"] == ec_signed.session.key.thumbprint
    export_action(ec_signed, "Copy public key as JWK").trigger()
    assert header["kid"] == rfc7638_thumbprint(
        json.loads(QGuiApplication.clipboard().text())
    )
    assert list(header) == ["alg", "typ", "kid"]
    assert verify(ec_signed, "ES256") == CLAIMS


def test_save_private_key_only_where_the_user_picked(ec_signed, tmp_path, monkeypatch):
    path = tmp_path / "key.pem"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), "All files (*)")
    )

    export_action(ec_signed, "Save private key or secret…").trigger()

    assert path.read_text() == ec_signed.signature_panel.key_edit.toPlainText()


# --- claim tools --------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "offset"),
    [
        ("+1 h", 3600),
        ("now", 0),
        ("+24 h", 86400),
        ("+7 d", 604800),
        ("expired 1 min ago", -60),
    ],
)
def test_quick_time_sets_the_selected_exp_relative_to_now(
    qtbot, signed, clock, label, offset
):
    clock.now = NOW + 42.7
    select_claim(qtbot, signed, "exp")

    find_action(signed, f"quick:{label}").trigger()

    claims = verify(signed, "HS256")
    assert claims["exp"] == int(NOW) + 42 + offset
    assert claims["iat"] == CLAIMS["iat"]
    assert claims_in_order(token_of(signed)) == list(CLAIMS)


def test_quick_time_sets_the_selected_date_claim(qtbot, signed):
    select_claim(qtbot, signed, "iat")

    find_action(signed, "quick:+5 min").trigger()

    claims = verify(signed, "HS256")
    assert claims["iat"] == int(NOW) + 300
    assert claims["exp"] == CLAIMS["exp"]


def test_date_tools_name_the_claim_they_will_set(qtbot, signed):
    tools = signed.claims_tools
    assert tools.set_date_button.text() == "Set exp"

    select_claim(qtbot, signed, "iat")
    assert (tools.set_date_button.text(), tools.quick_button.text()) == (
        "Set iat",
        "Quick iat",
    )

    select_claim(qtbot, signed, "role")  # not a date: the tools fall back to exp
    assert tools.set_date_button.text() == "Set exp"


def test_quick_time_on_a_row_that_is_no_date_sets_exp(qtbot, signed):
    select_claim(qtbot, signed, "role")

    find_action(signed, "quick:+15 min").trigger()

    claims = verify(signed, "HS256")
    assert claims["exp"] == int(NOW) + 900
    assert claims["role"] == "user"


def test_the_selected_claim_stays_selected_after_an_edit(qtbot, signed):
    select_claim(qtbot, signed, "iat")
    find_action(signed, "quick:+5 min").trigger()

    find_action(signed, "quick:+5 min").trigger()

    claims = verify(signed, "HS256")
    assert claims["iat"] == int(NOW) + 300
    assert claims["exp"] == CLAIMS["exp"]


def test_date_picker_shows_the_selected_date_and_sets_it(qtbot, signed):
    tools = signed.claims_tools
    select_claim(qtbot, signed, "exp")
    assert tools.date_edit.dateTime().toSecsSinceEpoch() == CLAIMS["exp"]

    tools.date_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(NOW) + 86400))
    qtbot.mouseClick(tools.set_date_button, Qt.MouseButton.LeftButton)

    claims = verify(signed, "HS256")
    assert claims["exp"] == int(NOW) + 86400
    assert claims_in_order(token_of(signed)) == list(CLAIMS)


def test_add_claim_asks_for_a_name(qtbot, signed, monkeypatch):
    asked: list[tuple[Any, ...]] = []

    def fake_dialog(*args: Any, **kwargs: Any) -> tuple[str, bool]:
        asked.append(args)
        return "  tenant ", True

    monkeypatch.setattr(QInputDialog, "getText", fake_dialog)
    qtbot.mouseClick(signed.claims_tools.add_button, Qt.MouseButton.LeftButton)

    assert len(asked) == 1
    claims = verify(signed, "HS256")
    assert list(claims) == [*CLAIMS, "tenant"]
    assert claims["tenant"] == ""
    assert signed.session.claims_model.rows()[-1].name == "tenant"


def test_add_claim_cancelled_changes_nothing(qtbot, signed, token, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("tenant", False))

    qtbot.mouseClick(signed.claims_tools.add_button, Qt.MouseButton.LeftButton)

    assert token_of(signed) == token


def test_remove_the_selected_claim(qtbot, signed):
    select_claim(qtbot, signed, "sub")

    qtbot.mouseClick(signed.claims_tools.remove_button, Qt.MouseButton.LeftButton)

    claims = verify(signed, "HS256")
    assert list(claims) == ["iss", "iat", "exp", "role"]
    assert "sub" not in signed.payload_view.toPlainText()


def test_remove_without_a_selection_changes_nothing(qtbot, signed, token):
    qtbot.mouseClick(signed.claims_tools.remove_button, Qt.MouseButton.LeftButton)

    assert token_of(signed) == token


# --- random edits through the table -------------------------------------------

VALUE_TEXTS = st.one_of(
    st.sampled_from(
        [
            '"admin"',
            "42",
            "true",
            "null",
            '["a", 1]',
            '{"k": {}}',
            "x y",
            "NaN",
            "1e999",
        ]
    ),
    st.text(max_size=8),
)
NAME_TEXTS = st.one_of(st.sampled_from(["sub", "role", "tenant"]), st.text(max_size=4))
TABLE_EDITS = st.lists(
    st.tuples(
        st.sampled_from([Column.VALUE, Column.NAME]),
        st.integers(min_value=0, max_value=len(CLAIMS) - 1),
        st.one_of(VALUE_TEXTS, NAME_TEXTS),
    ),
    min_size=1,
    max_size=5,
)


def expected_after(
    claims: dict[str, Any], column: Column, row: int, text: str
) -> dict[str, Any]:
    """A typed cell, as the issue describes it, applied to plain Python claims."""
    name = list(claims)[row]
    if column == Column.NAME:
        new = text.strip()
        if not new or new in claims:
            return claims
        return {(new if k == name else k): v for k, v in claims.items()}
    try:
        value = json.loads(text)
    except ValueError:
        return {**claims, name: text}  # not JSON: a string
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        return claims  # NaN or 1e999: refused, the token stays as it was
    return {**claims, name: value}


@settings(max_examples=20, deadline=None)
@given(edits=TABLE_EDITS)
def test_random_table_edits_keep_token_json_and_table_in_agreement(qapp, edits):
    window = MainWindow(TokenSession(clock=lambda: NOW))
    try:
        window.token_edit.setPlainText(
            jwt.encode(CLAIMS, SECRET, algorithm="HS256", headers=HEADER)
        )
        window.signature_panel.secret_edit.setText(SECRET)
        model = window.session.claims_model
        expected = dict(CLAIMS)
        for column, row, text in edits:
            model.setData(model.index(row, column), text)
            QApplication.processEvents()  # the queued edit reaches the session
            expected = expected_after(expected, column, row, text)

            # Signature only: PyJWT's claim checks would refuse e.g. a numeric sub.
            payload = jwt.api_jws.decode(token_of(window), SECRET, algorithms=["HS256"])
            claims = json.loads(payload)
            assert json.dumps(claims) == json.dumps(expected)  # order included
            assert window.payload_view.toPlainText() == pretty_json(claims)
            rows = model.rows()
            assert [(row.name, row.value) for row in rows] == list(claims.items())
            assert window.session.text == token_of(window)
            assert plain(window.signature_panel.banner).startswith("Signature verified")
    finally:
        window.deleteLater()


# --- generating a key re-signs ------------------------------------------------


def pem_of(private: Any) -> str:
    return private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def public_pem_of(private: Any) -> str:
    return (
        private.public_key()
        .public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        )
        .decode()
    )


def click_generate(qtbot, window: MainWindow) -> None:
    button = window.signature_panel.generate_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_generate_key_on_the_sample_re_signs_it(qtbot):
    window = create_window()  # the sample token with its secret
    qtbot.addWidget(window)
    panel = window.signature_panel
    before = token_of(window)
    assert plain(panel.banner).startswith("Signature verified")

    click_generate(qtbot, window)

    assert panel.key_mode.currentText() == "Secret · base64url"
    assert token_of(window) != before
    assert plain(panel.banner).startswith("Signature verified")
    assert window.session.stale == ""
    sample = jwt.decode(before, options={"verify_signature": False})
    assert verify(window, "HS256", audience=sample.get("aud")) == sample


def test_generate_key_re_signs_an_rs256_token_with_a_fitting_key(
    qtbot, window, rsa_private
):
    token = jwt.encode(CLAIMS, rsa_private, algorithm="RS256")
    window.token_edit.setPlainText(token)
    window.signature_panel.key_edit.setPlainText(pem_of(rsa_private))
    assert plain(window.signature_panel.banner).startswith("Signature verified")

    click_generate(qtbot, window)

    assert pem_of(rsa_private) != window.signature_panel.key_edit.toPlainText()
    assert token_of(window) != token
    assert plain(window.signature_panel.banner).startswith("Signature verified")
    assert verify(window, "RS256") == CLAIMS
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(
            token_of(window),
            public_pem_of(rsa_private),
            algorithms=["RS256"],
            options=NO_TIME_CHECKS,
        )


def test_generate_key_re_signs_an_hs512_token(qtbot, window):
    old_secret = "s" * 64
    token = jwt.encode(CLAIMS, old_secret, algorithm="HS512")
    window.signature_panel.secret_edit.setText(old_secret)
    window.token_edit.setPlainText(token)
    assert plain(window.signature_panel.banner).startswith("Signature verified")

    click_generate(qtbot, window)

    assert len(panel_key(window)) == 64
    assert plain(window.signature_panel.banner).startswith("Signature verified")
    assert verify(window, "HS512") == CLAIMS


def test_generate_is_one_undo_step(qtbot, signed, token):
    click_generate(qtbot, signed)
    assert token_of(signed) != token

    signed.crafting.undo_action.trigger()

    assert token_of(signed) == token
    assert not signed.crafting.undo_action.isEnabled()


def test_a_key_typed_onto_an_untouched_token_only_verifies_it(window, token):
    window.token_edit.setPlainText(token)

    window.signature_panel.secret_edit.setText("another-secret-of-32-bytes-long!")

    assert token_of(window) == token  # the evidence is kept, not re-signed
    assert plain(window.signature_panel.banner).startswith("Invalid signature")
    assert not window.crafting.undo_action.isEnabled()


def test_a_secret_put_in_another_encoding_is_one_key_change(signed):
    seen: list[tuple[str, str, bool]] = []
    signed.signature_panel.key_input_edited.connect(
        lambda text, mode, sample: seen.append((text, mode, sample))
    )

    signed.signature_panel.set_secret(b64url(b"k" * 32), "base64url")

    assert seen == [(b64url(b"k" * 32), "base64url", False)]


def test_undo_after_generate_says_why_against_the_loaded_key(qtbot, signed, token):
    panel = signed.signature_panel
    panel.algorithm_chosen.emit("RS256")
    assert "HMAC secret" in plain(panel.banner)  # the key loaded now
    stale_token = token_of(signed)
    click_generate(qtbot, signed)
    assert plain(panel.banner).startswith("Signature verified")

    signed.crafting.undo_action.trigger()

    assert token_of(signed) == stale_token
    banner = plain(panel.banner)
    assert banner.startswith("Signature is stale")
    assert "HMAC secret" not in banner
    assert "add the secret or private key" not in banner  # there is one
    assert "RSA 2048-bit private key" in panel.key_info.text()


def test_template_that_makes_a_key_is_one_undo_step(qtbot, signed):
    signed.signature_panel.algorithm_chosen.emit("ES256")  # stale: no EC key
    before = token_of(signed)
    assert signed.session.stale

    find_action(signed, "template:access").trigger()
    assert verify(signed, "ES256", audience="https://api.example.com")["sub"] == (
        "user-123"
    )
    view = signed.payload_view
    signed.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)

    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert token_of(signed) == before


# --- key generation choices ---------------------------------------------------


def generate_menu_texts(window: MainWindow) -> list[str]:
    menu = window.signature_panel.generate_button.menu()
    return [action.text() for action in menu.actions()]


def generate_action(window: MainWindow, text: str) -> QAction:
    menu = window.signature_panel.generate_button.menu()
    return next(a for a in menu.actions() if a.text() == text)


def test_generate_menu_offers_rsa_sizes_and_makes_the_one_chosen(signed):
    signed.signature_panel.algorithm_chosen.emit("PS256")
    assert generate_menu_texts(signed) == [
        "RSA 2048-bit key pair",
        "RSA 3072-bit key pair",
        "RSA 4096-bit key pair",
    ]

    generate_action(signed, "RSA 3072-bit key pair").trigger()

    assert "RSA 3072-bit private key" in signed.signature_panel.key_info.text()
    assert plain(signed.signature_panel.banner).startswith("Signature verified")
    assert verify(signed, "PS256") == CLAIMS


def test_generate_menu_offers_ed25519_and_ed448(signed):
    signed.signature_panel.algorithm_chosen.emit("EdDSA")
    assert generate_menu_texts(signed) == ["Ed25519 key pair", "Ed448 key pair"]

    generate_action(signed, "Ed448 key pair").trigger()

    assert "Ed448" in signed.signature_panel.key_info.text()
    assert verify(signed, "EdDSA") == CLAIMS


def test_generate_menu_offers_the_curve_of_the_ec_algorithm(signed):
    signed.signature_panel.algorithm_chosen.emit("ES384")

    assert generate_menu_texts(signed) == ["EC P-384 key pair"]


def test_generate_menu_makes_an_hmac_secret_as_text(signed):
    assert generate_menu_texts(signed) == [
        "HMAC secret, 32 random bytes (base64url)",
        "HMAC secret, 43 characters of text",
    ]

    generate_action(signed, "HMAC secret, 43 characters of text").trigger()

    panel = signed.signature_panel
    assert panel.key_mode.currentText() == "Secret · UTF-8 text"
    secret = panel.secret_edit.text()
    assert len(secret) == 43
    assert secret != SECRET
    assert secret.isprintable()
    assert (
        jwt.decode(
            token_of(signed), secret, algorithms=["HS256"], options=NO_TIME_CHECKS
        )
        == CLAIMS
    )


def test_generate_menu_for_alg_none_offers_nothing(signed):
    signed.signature_panel.algorithm_chosen.emit("none")

    menu = signed.signature_panel.generate_button.menu()
    assert [(a.text(), a.isEnabled()) for a in menu.actions()] == [
        ("none: alg none needs no key", False)
    ]


# --- banner wording -----------------------------------------------------------


def test_alg_none_banner_says_unsigned_not_add_a_key(signed):
    signed.signature_panel.algorithm_chosen.emit("none")

    banner = plain(signed.signature_panel.banner)
    assert banner.startswith("Unsigned token (alg none)")
    assert "add the secret" not in banner
    assert token_of(signed).endswith(".")


def test_wrong_key_type_banner_names_the_type_needed(signed):
    signed.signature_panel.algorithm_chosen.emit("ES256")

    banner = plain(signed.signature_panel.banner)
    assert banner.startswith("Signature is stale: ES256 needs an EC P-256 private key")
    assert "add the secret or private key" not in banner
    assert "HMAC secret" in banner


def test_public_key_banner_says_add_the_private_key_once(window, rsa_private):
    window.token_edit.setPlainText(jwt.encode(CLAIMS, rsa_private, algorithm="RS256"))
    window.signature_panel.key_edit.setPlainText(public_pem_of(rsa_private))

    window.payload_view.setPlainText(json.dumps({"sub": "bob"}))

    banner = plain(window.signature_panel.banner)
    assert banner.count("secret or private key") == 1
    assert "can verify" in banner


# --- export key: kid and key sets ---------------------------------------------


def ec_private_jwk(kid: str) -> dict[str, Any]:
    from cryptography.hazmat.primitives.asymmetric import ec

    key = jwt.PyJWK.from_json(
        jwt.algorithms.ECAlgorithm.to_jwk(ec.generate_private_key(ec.SECP256R1()))
    )
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.key))
    return {**jwk, "kid": kid}


def test_exported_kid_is_the_thumbprint_even_for_an_imported_kid(ec_signed):
    jwk = ec_private_jwk("my-key-1")
    ec_signed.signature_panel.key_edit.setPlainText(json.dumps(jwk))

    export_action(ec_signed, "Copy public key as JWKS").trigger()
    exported = json.loads(QGuiApplication.clipboard().text())["keys"][0]
    export_action(ec_signed, "Copy public key as JWK").trigger()
    single = json.loads(QGuiApplication.clipboard().text())
    export_action(ec_signed, "Set the token's kid to the key thumbprint").trigger()

    assert exported["kid"] == rfc7638_thumbprint(exported) != "my-key-1"
    assert single["kid"] == exported["kid"]
    assert jwt.get_unverified_header(token_of(ec_signed))["kid"] == exported["kid"]
    assert "d" not in exported


def test_a_key_set_with_one_private_key_signs_and_exports(qtbot, window):
    jwk = ec_private_jwk("only")
    window.signature_panel.key_edit.setPlainText(json.dumps({"keys": [jwk]}))
    window.token_edit.setPlainText(
        jwt.encode(CLAIMS, SECRET, algorithm="HS256", headers=HEADER)
    )
    window.signature_panel.algorithm_chosen.emit("ES256")

    assert plain(window.signature_panel.banner).startswith("Signature verified")
    public = jwt.PyJWK({k: v for k, v in jwk.items() if k != "d"})
    assert (
        jwt.decode(
            token_of(window), public, algorithms=["ES256"], options=NO_TIME_CHECKS
        )
        == CLAIMS
    )

    export_action(window, "Copy public key as JWK").trigger()
    exported = json.loads(QGuiApplication.clipboard().text())
    assert exported["x"] == jwk["x"]
    assert "d" not in exported

    export_action(window, "Set the token's kid to the key's kid").trigger()
    assert jwt.get_unverified_header(token_of(window))["kid"] == exported["kid"]
    assert exported["kid"] == "only"
    assert (
        jwt.decode(
            token_of(window), public, algorithms=["ES256"], options=NO_TIME_CHECKS
        )
        == CLAIMS
    )


def test_kid_of_a_key_set_key_is_its_own_kid_and_still_verifies(window):
    jwk = ec_private_jwk("k1")
    panel = window.signature_panel
    assert "Set the token's kid to the key thumbprint" in export_texts(window)
    panel.key_edit.setPlainText(json.dumps({"keys": [jwk]}))
    window.token_edit.setPlainText(
        jwt.encode(CLAIMS, SECRET, algorithm="HS256", headers=HEADER)
    )
    panel.algorithm_chosen.emit("ES256")
    assert "kid" not in jwt.get_unverified_header(token_of(window))
    assert "Set the token's kid to the key's kid" in export_texts(window)
    assert "Set the token's kid to the key thumbprint" not in export_texts(window)

    find_action(window, "setKidAction").trigger()

    assert jwt.get_unverified_header(token_of(window))["kid"] == "k1"
    assert plain(panel.banner).startswith("Signature verified")
    assert window.statusBar().currentMessage() == (
        "Set the token's kid to the key's kid \"k1\"."
    )
    public = jwt.PyJWK({k: v for k, v in jwk.items() if k != "d"})
    assert (
        jwt.decode(
            token_of(window), public, algorithms=["ES256"], options=NO_TIME_CHECKS
        )
        == CLAIMS
    )
    export_action(window, "Copy public key as JWKS").trigger()
    (published,) = json.loads(QGuiApplication.clipboard().text())["keys"]
    assert published["kid"] == "k1"
    assert "d" not in published


def test_kid_of_a_single_key_is_the_thumbprint_and_says_so(ec_signed):
    export_action(ec_signed, "Set the token's kid to the key thumbprint").trigger()

    kid = jwt.get_unverified_header(token_of(ec_signed))["kid"]
    assert kid == ec_signed.session.key.thumbprint
    assert ec_signed.statusBar().currentMessage() == (
        f'Set the token\'s kid to the key thumbprint "{kid}".'
    )


def test_kid_of_a_secret_is_named_a_keyed_session_fingerprint(signed):
    # A secret's kid is no thumbprint: an unsalted digest of a secret would
    # let anyone test guesses offline; the menu says what is set.
    texts = export_texts(signed)
    fingerprint = "Set the token's kid to the secret's keyed session fingerprint"
    assert fingerprint in texts
    assert not any("thumbprint" in text for text in texts)

    export_action(signed, fingerprint).trigger()

    kid = jwt.get_unverified_header(token_of(signed))["kid"]
    assert kid == signed.session.key.thumbprint
    assert signed.statusBar().currentMessage() == (f'{fingerprint} "{kid}".')


# --- header parameters table --------------------------------------------------


def test_header_parameter_renamed_in_the_table_keeps_its_place(qtbot, signed, token):
    model = signed.session.header_model
    row = next(i for i, r in enumerate(model.rows()) if r.name == "typ")

    assert model.setData(model.index(row, Column.NAME), "cty")
    qtbot.waitUntil(lambda: token_of(signed) != token)

    assert list(jwt.get_unverified_header(token_of(signed))) == ["alg", "cty"]
    assert [r.name for r in model.rows()] == ["alg", "cty"]
    assert verify(signed, "HS256") == CLAIMS


def test_header_rename_onto_an_existing_parameter_shows_why(qtbot, signed, token):
    model = signed.session.header_model

    model.setData(model.index(1, Column.NAME), "alg")
    qtbot.waitUntil(signed.header_errors.isVisible)

    assert "already a header parameter" in plain(signed.header_errors)
    assert token_of(signed) == token


# --- JSON editing -------------------------------------------------------------


def test_unterminated_string_error_says_at_once(signed, token):
    signed.payload_view.setPlainText('{"sub": "alice')

    assert plain(signed.payload_errors) == (
        "✗ payload: Unterminated string starting at line 1, column 9"
    )
    assert token_of(signed) == token


def test_cursor_stays_where_the_user_types_in_the_payload(qtbot, signed, token):
    view = signed.payload_view
    signed.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    text = view.toPlainText()
    position = text.index('"user"') + len('"use')  # inside the role value
    cursor = view.textCursor()
    cursor.setPosition(position)
    view.setTextCursor(cursor)

    qtbot.keyClicks(view, "xyz")

    assert view.textCursor().position() == position + 3
    assert view.toPlainText() == text[:position] + "xyz" + text[position:]
    assert verify(signed, "HS256")["role"] == "usexyzr"


ODD_HEADER = b'{ "alg" :\t"HS256",\r\n  "typ":"JWT" }'
ODD_PAYLOAD = b'{\n  "sub" : "alice" ,"role":  "user"\n}'


def test_a_pasted_token_with_odd_whitespace_keeps_its_bytes(window):
    import hmac

    signing_input = f"{b64url(ODD_HEADER)}.{b64url(ODD_PAYLOAD)}"
    mac = hmac.new(SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
    token = f"{signing_input}.{b64url(mac)}"
    window.signature_panel.secret_edit.setText(SECRET)

    window.token_edit.setPlainText(token)

    assert token_of(window) == token
    assert window.session.text == token
    assert plain(window.signature_panel.banner).startswith("Signature verified")
    assert json.loads(window.header_view.toPlainText()) == HEADER


def test_keep_formatting_keeps_the_users_whitespace(signed):
    signed.crafting.keep_format_action.trigger()
    assert signed.crafting.keep_format_action.isChecked()
    typed = '{\n    "sub":   "bob",\n\t"role" : "admin"\n}'

    signed.payload_view.setPlainText(typed)

    assert b64url_decode(token_of(signed).split(".")[1]) == typed.encode()
    assert verify(signed, "HS256") == {"sub": "bob", "role": "admin"}

    signed.crafting.keep_format_action.trigger()
    signed.payload_view.setPlainText(typed)  # same text: not an edit
    signed.payload_view.setPlainText(typed.replace("bob", "carol"))

    assert b64url_decode(token_of(signed).split(".")[1]) == (
        b'{"sub":"carol","role":"admin"}'
    )


# --- small things -------------------------------------------------------------


def test_delete_key_removes_the_selected_claim_in_one_undo_step(qtbot, signed, token):
    select_claim(qtbot, signed, "role")

    qtbot.keyClick(signed.claims_table, Qt.Key.Key_Delete)

    assert list(verify(signed, "HS256")) == ["iss", "sub", "iat", "exp"]
    signed.crafting.undo_action.trigger()
    assert token_of(signed) == token


@pytest.mark.parametrize("action", ["copy_bearer_action", "copy_curl_action"])
def test_copy_without_a_token_is_disabled(window, action):
    QGuiApplication.clipboard().setText("before")

    assert not getattr(window.crafting, action).isEnabled()
    getattr(window.crafting, action).trigger()

    assert QGuiApplication.clipboard().text() == "before"


def test_saved_private_key_is_readable_by_its_owner_only(
    ec_signed, tmp_path, monkeypatch
):
    import os
    import stat

    path = tmp_path / "key.pem"
    path.write_text("old")
    path.chmod(0o644)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), "All files (*)")
    )

    export_action(ec_signed, "Save private key or secret…").trigger()

    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert path.read_text() == ec_signed.signature_panel.key_edit.toPlainText()


def test_quick_time_menu_is_the_cores_date_table(signed):
    from jwtinspector.core.numericdate import DATE_OFFSETS
    from jwtinspector.widgets.claims_tools import QUICK_TIMES

    menu = signed.claims_tools.quick_button.menu()

    assert QUICK_TIMES is DATE_OFFSETS
    assert [a.text() for a in menu.actions()] == [label for label, _ in QUICK_TIMES]
