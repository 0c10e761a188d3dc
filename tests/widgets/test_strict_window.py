"""The window checks a repaired token as repaired and says a server would
refuse it as given; it warns about a certificate key out of its dates."""

from __future__ import annotations

import datetime
import json

import jwt
import pytest
from certificates import certificate
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fake_clock import FakeClock
from label_text import plain

from jwtinspector.main_window import MainWindow
from jwtinspector.models.session import TokenSession

NOW = 1_700_000_000.0
SECRET = "repaired-window-secret-32-bytes!"
TOKEN = jwt.encode({"sub": "1"}, SECRET, algorithm="HS256")


@pytest.fixture
def window(qtbot) -> MainWindow:
    clock = FakeClock(NOW)
    win = MainWindow(TokenSession(clock=lambda: clock.now))
    qtbot.addWidget(win)
    return win


def test_a_repaired_token_verifies_with_a_visible_warning(window, qtbot) -> None:
    window.show()
    window.token_edit.setPlainText(TOKEN + "?")
    window.signature_panel.secret_edit.setText(SECRET)

    verdict = window.signature_panel.verdict
    assert plain(verdict.banner).startswith("Signature verified")
    assert verdict.problems.isVisible()
    assert plain(verdict.problems) == (
        "⚠ The token was repaired before it was checked: dropped '?' right after "
        f"the token (character {len(TOKEN) + 1}). A server would refuse the token "
        "as given."
    )


def test_a_bearer_prefix_gets_no_warning(window) -> None:
    window.show()
    window.token_edit.setPlainText(f"Bearer {TOKEN}")
    window.signature_panel.secret_edit.setText(SECRET)

    verdict = window.signature_panel.verdict
    assert plain(verdict.banner).startswith("Signature verified")
    assert not verdict.problems.isVisible()


def test_an_expired_certificate_in_the_key_box_is_warned_about(window) -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    cert = certificate(private, "old.example", start=start, days=30)
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    window.show()
    window.token_edit.setPlainText(jwt.encode({"sub": "1"}, private, algorithm="RS256"))
    window.signature_panel.secret_edit.setText(pem)

    verdict = window.signature_panel.verdict
    assert plain(verdict.banner).startswith("Signature verified")
    assert verdict.problems.isVisible()
    assert plain(verdict.problems).startswith(
        "⚠ The certificate you gave as the key (CN=old.example) expired on "
        "2020-01-31 00:00:00 UTC"
    )


def test_a_secret_is_named_by_its_keyed_fingerprint_not_its_digest(window) -> None:
    import base64
    import hashlib

    window.show()
    window.token_edit.setPlainText(TOKEN)
    window.signature_panel.secret_edit.setText(SECRET)
    menu = window.signature_panel.export_button.menu()
    action = next(a for a in menu.actions() if a.text().startswith("Set the token"))
    action.trigger()

    kid = jwt.get_unverified_header(window.token_edit.toPlainText())["kid"]
    k = base64.urlsafe_b64encode(SECRET.encode()).decode().rstrip("=")
    jwk = json.dumps({"k": k, "kty": "oct"}, separators=(",", ":"))
    digest = base64.urlsafe_b64encode(hashlib.sha256(jwk.encode()).digest())
    assert kid != digest.decode().rstrip("=")
    assert window.statusBar().currentMessage() == (
        f"Set the token's kid to the secret's keyed session fingerprint \"{kid}\"."
    )
    shown = window.signature_panel.key_box.key_info.text()
    assert f"session fingerprint {kid[:8]}… (keyed)" in shown
