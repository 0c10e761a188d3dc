"""The "How it is signed" tab opens the signature of each algorithm family."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives import serialization

from jwtinspector.core import keygen
from jwtinspector.core.keys import KeyMaterial
from jwtinspector.core.sign import sign_token
from jwtinspector.main_window import MainWindow
from jwtinspector.models.session import TokenSession


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:
    win = MainWindow(TokenSession())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _public_pem(key: KeyMaterial) -> str:
    return (
        key.key.public_key()
        .public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        )
        .decode()
    )


def _walkthrough(window: MainWindow, token: str, key_text: str | None) -> str:
    window.token_edit.setPlainText(token)
    if key_text is not None:
        window.signature_panel.set_key_text(key_text)
    panel = window.signature_panel
    panel.details.setCurrentWidget(panel.explain_view)
    return panel.explain_view.toPlainText()


def test_rs256_shows_the_recovered_block_and_its_digest_info(window) -> None:
    key = keygen.generate_rsa(2048)
    token = sign_token({"alg": "RS256"}, {"sub": "1"}, key)

    text = _walkthrough(window, token, _public_pem(key))

    assert "The recovered RSA block" in text
    assert (
        "DigestInfo   30 31 30 0d 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20" in text
    )
    assert "SHA-256, OID 2.16.840.1.101.3.4.2.1" in text
    assert "the same 16 bytes" in text  # the ff padding, shown once
    assert "this key signed exactly this header and payload" in text
    view = window.signature_panel.explain_view
    assert view.openExternalLinks()
    assert (
        'href="https://www.rfc-editor.org/rfc/rfc8017#section-8.2.2"' in view.toHtml()
    )


def test_es256_shows_r_and_s_and_the_curve(window) -> None:
    key = keygen.generate_ec("P-256")
    token = sign_token({"alg": "ES256"}, {"sub": "1"}, key)

    text = _walkthrough(window, token, None)

    assert "r = " in text
    assert "s = " in text
    assert "The curve is P-256" in text
    assert "0 < r < n: yes" in text
    assert "DigestInfo" not in text


def test_an_unsigned_token_asks_for_no_key(window) -> None:
    text = _walkthrough(window, "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", None)

    assert "Nothing to verify" in text
    assert "no key is asked for" in text
    assert "add the secret" not in text
