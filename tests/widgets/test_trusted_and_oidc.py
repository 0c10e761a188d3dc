import base64
import hashlib
import time

import jwt
import pytest
from PySide6.QtCore import QSettings

from jwtinspector.main_window import MainWindow
from jwtinspector.models.session import TokenSession
from jwtinspector.models.trusted_issuers import TrustedIssuers
from jwtinspector.widgets.signature_panel import FETCH_MODE

SECRET = "s" * 32
ISSUER = "https://id.example.com"


@pytest.fixture
def window(qtbot):
    win = MainWindow(TokenSession())
    qtbot.addWidget(win)
    return win


def _half_hash(value: str) -> str:
    digest = hashlib.sha256(value.encode()).digest()
    return base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode()


def _id_token(at_hash: str) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "sub": "1", "aud": "app", "iat": now, "exp": now + 600}
    return jwt.encode({**claims, "at_hash": at_hash}, SECRET, algorithm="HS256")


def test_at_hash_is_checked_against_the_access_token_given(window) -> None:
    access = "opaque-access-token-123"
    window.token_edit.setPlainText(_id_token(_half_hash(access)))
    panel = window.signature_panel
    assert not panel.oidc_row.isHidden()
    panel.secret_edit.setText(SECRET)
    panel.access_token_edit.setText(access)
    checks = {c.claim: c for c in window.session.report.claims}
    assert not checks["at_hash"].failed
    assert "at_hash" in panel.problems.text()
    panel.access_token_edit.setText("another-token")
    assert window.session.report.problems[0].claim == "at_hash"
    assert "✗ at_hash" in panel.problems.text()


def test_oidc_inputs_are_hidden_for_tokens_without_hashes(window) -> None:
    window.token_edit.setPlainText(jwt.encode({"sub": "1"}, SECRET, algorithm="HS256"))
    assert window.signature_panel.oidc_row.isHidden()


def test_trusted_issuers_are_remembered_without_secrets(settings_dir) -> None:
    trusted = TrustedIssuers()
    assert trusted.add(ISSUER) == ""
    trusted.set_auto(True)
    again = TrustedIssuers()
    assert again.issuers() == (ISSUER,)
    assert again.should_fetch(ISSUER)
    assert not again.should_fetch("https://other.example.com")


def test_a_trusted_issuer_is_fetched_when_its_token_arrives(qtbot, monkeypatch) -> None:
    trusted = TrustedIssuers()
    trusted.add(ISSUER)
    trusted.set_auto(True)
    win = MainWindow(TokenSession())
    qtbot.addWidget(win)
    asked: list[str] = []
    monkeypatch.setattr(
        win.fetcher, "fetch", lambda token, source, **_: asked.append(source)
    )
    win.token_edit.setPlainText(_id_token("x"))
    assert asked == [ISSUER]
    assert win.signature_panel.key_mode.currentIndex() == FETCH_MODE


def test_an_untrusted_or_manual_issuer_is_not_fetched(window, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(
        window.fetcher, "fetch", lambda token, source, **_: asked.append(source)
    )
    window.token_edit.setPlainText(_id_token("x"))
    assert asked == []
    assert window.signature_panel.fetch_box.source_edit.text() == ISSUER  # offered only


def test_trust_button_adds_the_shown_issuer(window) -> None:
    box = window.signature_panel.fetch_box
    box.source_edit.setText(ISSUER)
    box.trust_button.click()
    assert window.trusted.trusts(ISSUER)
    assert ISSUER in box.auto_check.toolTip()


def _settings_text(folder) -> str:
    QSettings().sync()
    return "\n".join(
        path.read_text(errors="replace") for path in folder.rglob("*") if path.is_file()
    )


def test_only_issuer_urls_can_be_trusted(window, settings_dir) -> None:
    box = window.signature_panel.fetch_box
    secret = "hunter2-my-hmac-secret"
    for typed in (secret, f"ftp://{secret}", f"http://{secret}.example.com/"):
        box.source_edit.setText(typed)
        box.trust_button.click()

        assert not window.trusted.trusts(typed)
        assert "Not trusted" in window.signature_panel.key_info.text()
    assert window.trusted.issuers() == ()
    # http is refused except to loopback; the message says why.
    assert "https is required" in window.signature_panel.key_info.text()

    box.source_edit.setText(ISSUER)
    box.trust_button.click()

    assert window.trusted.issuers() == (ISSUER,)
    text = _settings_text(settings_dir)
    assert ISSUER in text
    assert "hunter2" not in text


def test_a_non_url_stored_by_an_older_version_is_dropped(settings_dir) -> None:
    QSettings().setValue("fetch/trustedIssuers", [ISSUER, "hunter2-secret"])
    QSettings().sync()

    trusted = TrustedIssuers()

    assert trusted.issuers() == (ISSUER,)
    assert "hunter2" not in _settings_text(settings_dir)


def test_trusted_issuers_are_listed_and_can_be_removed(window, settings_dir) -> None:
    box = window.signature_panel.fetch_box
    other = "http://127.0.0.1:8080/realms/test"
    for issuer in (ISSUER, other):
        box.source_edit.setText(issuer)
        box.trust_button.click()
    assert box.trusted_button.text() == "Trusted issuers (2)"
    actions = {action.text(): action for action in box.trusted_menu.actions()}
    assert set(actions) == {f"Remove {ISSUER}", f"Remove {other}"}

    actions[f"Remove {ISSUER}"].trigger()

    assert window.trusted.issuers() == (other,)
    assert box.trusted_button.text() == "Trusted issuers (1)"
    assert [a.text() for a in box.trusted_menu.actions()] == [f"Remove {other}"]
    assert ISSUER not in _settings_text(settings_dir)
    assert TrustedIssuers().issuers() == (other,)
