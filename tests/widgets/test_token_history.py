"""The opt-in token history, used as a user would: turn it on, keep tokens
(with their keys in the keychain, by consent), search, reopen, delete; and
what ends up on disk: never a secret or a private key."""

from __future__ import annotations

import base64
import json
import os
import pathlib

import keyring
import keyring.backends.fail
import pytest
from fake_clock import FakeClock
from label_text import plain
from memory_keyring import MemoryKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from jwtinspector.controllers import token_history
from jwtinspector.core.keys import load_secret
from jwtinspector.core.saved_tokens import FORMAT
from jwtinspector.core.sign import sign_token
from jwtinspector.main_window import MainWindow
from jwtinspector.models import keychain
from jwtinspector.models.saved_tokens import FILE_NAME
from jwtinspector.models.session import TokenSession

NOW = 1_700_000_000.0
SECRET = "history-test-secret-that-is-32-bytes!"
HS_CLAIMS = {"iss": "https://login.acme.test", "sub": "alice", "exp": int(NOW) + 600}
ES_CLAIMS = {"iss": "https://id.other.test", "sub": "bob", "exp": int(NOW) + 7200}


@pytest.fixture(scope="module")
def ec_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> pathlib.Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


@pytest.fixture
def memory_keychain():
    """A keychain in memory; after the test, none (the developer's own
    keychain is never reached, not even to ask which one it is)."""
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(keyring.backends.fail.Keyring())


@pytest.fixture
def no_keychain():
    keyring.set_keyring(keyring.backends.fail.Keyring())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def window(qtbot, clock, data_dir) -> MainWindow:
    win = MainWindow(TokenSession(clock=clock))
    qtbot.addWidget(win)
    return win


def hs_token() -> str:
    return sign_token({"alg": "HS256", "typ": "JWT"}, HS_CLAIMS, load_secret(SECRET))


def es_token(pem: str) -> str:
    from jwtinspector.core.keys import load_key_input

    key = load_key_input(pem, "key").key
    return sign_token({"alg": "ES256", "kid": "k-1"}, ES_CLAIMS, key)


def every_file_bytes(*folders: pathlib.Path) -> list[tuple[pathlib.Path, bytes]]:
    return [
        (path, path.read_bytes())
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file()
    ]


def key_forms(pem: str) -> list[bytes]:
    """The PEM text, its DER bytes, and the DER in base64 and base64url."""
    body = "".join(line for line in pem.splitlines() if not line.startswith("-----"))
    der = base64.b64decode(body)
    return [
        pem.encode(),
        der,
        body.encode(),
        base64.urlsafe_b64encode(der).rstrip(b"="),
        body[16:48].encode(),  # any stretch of it
    ]


def keep_with_dialog(window, label: str, *, consent: bool) -> str:
    control = window.token_history
    dialog = control.keep_dialog()
    assert dialog is not None
    dialog.label_edit.setText(label)
    if consent:
        assert dialog.consent.isEnabled(), dialog.consent_reason.text()
        dialog.consent.setChecked(True)
    problem = control.keep_shown(dialog.label, remember_key=dialog.remember_key)
    dialog.deleteLater()
    return problem


def test_history_is_off_by_default_and_writes_nothing(
    window, data_dir, settings_dir, memory_keychain
):
    control = window.token_history
    window.token_edit.set_token_text(hs_token())
    window.signature_panel.secret_edit.setText(SECRET)

    assert not control.actions["on"].isChecked()
    assert not control.actions["keep"].isEnabled()
    assert control.keep_dialog() is None
    assert "history is off" in window.statusBar().currentMessage()
    control.keep_shown("mine", remember_key=True)
    window.save_settings()  # what closing the window writes

    assert not data_dir.exists()
    assert memory_keychain.items == {}
    for path, data in every_file_bytes(settings_dir):
        assert b"history" not in data, path
        assert SECRET.encode() not in data, path


def test_a_whole_session_keeps_no_secret_or_key_on_disk(
    qtbot, window, clock, data_dir, settings_dir, memory_keychain, ec_pem
):
    control = window.token_history
    control.set_on(True)
    assert control.actions["on"].isChecked()
    # an HS256 token with its secret, kept with the keychain's consent
    first = hs_token()
    window.token_edit.set_token_text(first)
    window.signature_panel.secret_edit.setText(SECRET)
    assert control.actions["keep"].isEnabled()
    assert keep_with_dialog(window, "acme login", consent=True) == ""
    assert "with its key in the system keychain" in window.statusBar().currentMessage()
    # an ES256 token with a PEM private key
    clock.advance(5)
    second = es_token(ec_pem)
    window.token_edit.set_token_text(second)
    window.signature_panel.set_key_text(ec_pem)
    assert plain(window.signature_panel.banner).startswith("Signature verified")
    assert keep_with_dialog(window, "other idp", consent=True) == ""
    assert len(memory_keychain.items) == 2

    # the history view lists both, newest first, and searches them
    dialog = control.show_history()
    qtbot.waitExposed(dialog)
    model = dialog.model
    assert [model.entry(r).label for r in range(model.rowCount())] == [
        "other idp",
        "acme login",
    ]
    assert model.index(0, 7).data() == "keychain"
    assert model.index(1, 4).data() == "✓ verified"
    dialog.search.setText("iss:acme")
    assert model.rowCount() == 1
    assert model.entry(0).label == "acme login"
    dialog.search.setText("k-1")  # the kid
    assert model.rowCount() == 1
    assert model.entry(0).alg == "ES256"
    dialog.search.setText("")

    # reopen the first: its token and its secret come back, as one undo step
    window.token_edit.set_token_text("")
    window.signature_panel.secret_edit.setText("")
    dialog.table.selectRow(1)
    qtbot.mouseClick(dialog.reopen_button, Qt.MouseButton.LeftButton)
    assert window.token_edit.token_text() == first
    assert window.signature_panel.key_box_text() == SECRET
    assert plain(window.signature_panel.banner).startswith("Signature verified")
    assert "Reopened “acme login” and its key" in window.statusBar().currentMessage()
    window.crafting.undo_action.trigger()
    assert window.token_edit.token_text() == ""

    # nothing on disk holds the secret or the private key, in any form
    window.save_settings()
    files = every_file_bytes(settings_dir, data_dir)
    assert [p.name for p, _ in files if data_dir in p.parents] == [FILE_NAME]
    stored = json.loads((window.token_history.history.path).read_text())
    assert stored["format"] == FORMAT
    assert {e["token"] for e in stored["entries"]} == {first, second}
    for path, data in files:
        for secret in (SECRET.encode(), *key_forms(ec_pem)):
            assert secret not in data, (path, secret[:20])

    # delete both: their keychain items go with them
    dialog.table.selectAll()
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 0
    assert memory_keychain.items == {}
    assert json.loads((window.token_history.history.path).read_text())["entries"] == []


def test_without_a_keychain_the_consent_is_disabled_and_no_key_is_stored(
    window, data_dir, settings_dir, no_keychain
):
    control = window.token_history
    control.set_on(True)
    window.token_edit.set_token_text(hs_token())
    window.signature_panel.secret_edit.setText(SECRET)

    dialog = control.keep_dialog()
    assert not dialog.consent.isEnabled()
    assert dialog.consent_reason.text() == keychain.unavailable()
    assert "No system keychain is available" in dialog.consent_reason.text()
    assert not dialog.consent_reason.isHidden()
    # even asked directly, the key is not stored anywhere
    assert control.keep_shown("no key", remember_key=True) == ""
    entry = control.history.entries()[0]
    assert not entry.keychain
    for path, data in every_file_bytes(settings_dir, data_dir):
        assert SECRET.encode() not in data, path


def test_a_keychain_that_refuses_keeps_nothing(window, data_dir, memory_keychain):
    control = window.token_history
    control.set_on(True)
    window.token_edit.set_token_text(hs_token())
    window.signature_panel.secret_edit.setText(SECRET)

    def refuse(*_args):
        raise keyring.errors.PasswordSetError("locked")

    memory_keychain.set_password = refuse  # type: ignore[method-assign]
    problem = control.keep_shown("refused", remember_key=True)

    assert problem.startswith("Nothing was kept.")
    assert "locked" in problem
    assert not data_dir.exists()


def test_the_sample_secret_and_an_empty_key_box_are_not_offered(
    window, memory_keychain
):
    control = window.token_history
    control.set_on(True)
    window.token_edit.set_token_text(hs_token())
    window.signature_panel.set_secret("sample-secret", sample=True)
    assert control.key_refused() == "The sample's secret is not remembered."
    window.signature_panel.secret_edit.setText("")
    assert control.key_refused() == "The key box holds no key to remember."


def test_expired_entries_are_purged_with_their_keys(
    window, clock, data_dir, memory_keychain
):
    control = window.token_history
    control.set_on(True)
    window.token_edit.set_token_text(hs_token())
    window.signature_panel.secret_edit.setText(SECRET)
    assert control.keep_shown("short-lived", remember_key=True) == ""
    dialog = control.show_history()
    assert not dialog.purge_button.isEnabled()

    clock.advance(601)  # past the token's exp
    dialog.show_state()
    assert dialog.model.index(0, 5).data().startswith("expired")
    assert "1 expired" in dialog.count.text()
    assert dialog.purge_button.isEnabled()
    dialog.purge_button.click()

    assert control.history.entries() == ()
    assert memory_keychain.items == {}
    assert window.statusBar().currentMessage() == "Purged 1 expired entry"


def test_the_purge_at_start_runs_after_the_window_is_up(
    qtbot, clock, data_dir, memory_keychain, monkeypatch
):
    monkeypatch.setattr(token_history, "PURGE_DELAY_MS", 50)
    first = MainWindow(TokenSession(clock=clock))
    qtbot.addWidget(first)
    first.token_history.set_on(True)
    first.token_history.set_purge_at_start(True)
    first.token_edit.set_token_text(hs_token())
    assert first.token_history.keep_shown("old") == ""
    clock.advance(3600)

    again = MainWindow(TokenSession(clock=clock))
    qtbot.addWidget(again)
    assert not again.token_history.history.loaded  # not read while starting
    qtbot.waitUntil(lambda: again.token_history.history.entries() == (), timeout=5000)
    assert again.statusBar().currentMessage() == "Purged 1 expired history entry"


def test_a_corrupt_history_file_is_reported_and_moved_aside_not_overwritten(
    qtbot, window, data_dir, clock
):
    path = window.token_history.history.path
    path.parent.mkdir(parents=True)
    path.write_text('{"format": "jwtinspector token history", "entries": [', "utf-8")
    control = window.token_history
    control.set_on(True)

    dialog = control.show_history()
    assert dialog.model.rowCount() == 0
    assert not dialog.problem.isHidden()
    assert "could not be read: it is not JSON" in dialog.problem.text()
    assert str(path) in dialog.problem.text()
    assert path.read_text("utf-8").endswith("[")  # untouched

    window.token_edit.set_token_text(hs_token())
    assert control.keep_shown("new") == ""
    backups = list(path.parent.glob(f"{FILE_NAME}.unreadable-*"))
    assert len(backups) == 1
    assert backups[0].read_text("utf-8").endswith("[")
    assert "moved aside to" in window.statusBar().currentMessage()
    assert [e.label for e in control.history.entries()] == ["new"]
    assert dialog.problem.isHidden()


def test_the_history_file_is_readable_by_its_owner_only(window, data_dir):
    control = window.token_history
    control.set_on(True)
    window.token_edit.set_token_text(hs_token())
    assert control.keep_shown("mine") == ""
    mode = os.stat(window.token_history.history.path).st_mode & 0o777
    assert mode == 0o600


def test_turning_the_history_on_says_what_it_keeps(window, monkeypatch):
    asked: list[str] = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    window.token_history.actions["on"].trigger()

    assert "never written" in asked[0]
    assert not window.token_history.actions["on"].isChecked()
    assert not window.token_history.history.on


def test_a_label_is_renamed_in_place_and_kept(qtbot, window, data_dir):
    control = window.token_history
    control.set_on(True)
    window.token_edit.set_token_text(hs_token())
    assert control.keep_shown("first name") == ""
    model = control.show_history().model

    edit = Qt.ItemDataRole.EditRole
    assert model.setData(model.index(0, 0), "  better   name ", edit)
    assert model.index(0, 0).data() == "better name"
    assert "better name" in control.history.path.read_text("utf-8")
    assert not model.setData(model.index(0, 1), "HS512", edit)

    dialog = control.dialog
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.table.setFocus()
    qtbot.waitUntil(dialog.table.hasFocus)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert model.rowCount() == 0
    assert control.history.entries() == ()


def test_turning_the_history_off_offers_to_delete_the_kept_tokens(
    window, data_dir, memory_keychain, monkeypatch
):
    control = window.token_history
    control.set_on(True)
    window.token_edit.set_token_text(hs_token())
    window.signature_panel.secret_edit.setText(SECRET)
    assert control.keep_shown("to forget", remember_key=True) == ""
    asked: list[str] = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    control.actions["on"].trigger()

    assert "Delete the 1 kept token(s) too" in asked[0]
    assert not control.history.on
    assert not control.actions["keep"].isEnabled()
    assert control.history.entries() == ()
    assert memory_keychain.items == {}


def test_the_history_menu_and_its_shortcuts(qtbot, window, data_dir):
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus[-2:] == ["Hi&story", "&Help"]
    control = window.token_history
    assert control.actions["keep"].shortcut().toString() == "Ctrl+Shift+B"
    assert control.actions["show"].shortcut().toString() == "Ctrl+Shift+H"
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    qtbot.keyClick(
        window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.ShiftModifier,
    )  # fmt: skip

    assert control.dialog is not None
    assert control.dialog.isVisible()
    assert "the history is off" in control.dialog.count.text()
    assert not data_dir.exists()  # looking writes nothing


@pytest.mark.parametrize(
    "extra",
    ["secret", "pem", "jwk"],
)
def test_a_token_box_holding_a_secret_or_private_key_is_not_kept(
    window, data_dir, ec_pem, extra
):
    control = window.token_history
    control.set_on(True)
    window.signature_panel.secret_edit.setText(SECRET)
    pasted = {
        "secret": f"{hs_token()}\n{SECRET}",
        "pem": f"{hs_token()}\n{ec_pem}",
        "jwk": hs_token() + '\n{"kty": "EC", "crv": "P-256", "d": "c2VjcmV0"}',
    }[extra]
    window.token_edit.set_token_text(pasted)

    problem = control.keep_shown("leaky")

    assert "it is not kept" in problem
    assert not data_dir.exists()


@pytest.mark.parametrize("answer", ["Yes", "No"])
def test_reopening_asks_before_replacing_a_key_the_user_typed(
    window, data_dir, memory_keychain, monkeypatch, answer
):
    control = window.token_history
    control.set_on(True)
    window.token_edit.set_token_text(hs_token())
    window.signature_panel.secret_edit.setText(SECRET)
    assert control.keep_shown("kept", remember_key=True) == ""
    typed = "another-secret-the-user-typed-32b"
    window.signature_panel.secret_edit.setText(typed)
    asked: list[str] = []

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return getattr(QMessageBox.StandardButton, answer)

    monkeypatch.setattr(QMessageBox, "question", question)
    control.reopen(control.history.entries()[0].id)

    assert "The key box holds another key" in asked[0]
    expected = SECRET if answer == "Yes" else typed
    assert window.signature_panel.key_box_text() == expected
    if answer == "No":
        assert "keeps the key you had" in window.statusBar().currentMessage()


def test_the_app_starts_on_a_corrupt_history_and_says_so(
    qtbot, clock, data_dir, monkeypatch
):
    monkeypatch.setattr(token_history, "PURGE_DELAY_MS", 50)
    first = MainWindow(TokenSession(clock=clock))
    qtbot.addWidget(first)
    first.token_history.set_on(True)
    first.token_history.set_purge_at_start(True)
    path = first.token_history.history.path
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe not a history")

    again = MainWindow(TokenSession(clock=clock))
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: "could not be read" in again.statusBar().currentMessage())

    assert again.built
    assert path.read_bytes() == b"\xff\xfe not a history"


def test_tab_leaves_the_history_table_for_its_buttons(qtbot, window, data_dir):
    control = window.token_history
    control.set_on(True)
    window.token_edit.set_token_text(hs_token())
    assert control.keep_shown("one") == ""
    dialog = control.show_history()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.table.setFocus()
    qtbot.waitUntil(dialog.table.hasFocus)

    qtbot.keyClick(dialog.table, Qt.Key.Key_Tab)

    assert not dialog.table.hasFocus()
