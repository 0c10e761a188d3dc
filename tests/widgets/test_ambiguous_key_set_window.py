"""A key set pasted in the key box that holds one kid twice, or secrets beside
public keys, verifies nothing in the window either, and the banner says why."""

from __future__ import annotations

import json
import time

import pytest
from label_text import plain
from PySide6.QtWidgets import QApplication

from jwtinspector.app import create_window
from jwtinspector.core.keygen import generate_rsa
from jwtinspector.core.keys import KeyMaterial, to_jwk
from jwtinspector.core.sign import sign_token
from jwtinspector.main_window import MainWindow

OCT = {"kty": "oct", "k": "YS1zZWNyZXQtb2YtdGhlLXVzZXJzLTMyLWJ5dGVzISE", "kid": "h"}


@pytest.fixture(scope="module")
def rsa() -> KeyMaterial:
    return generate_rsa(2048)


@pytest.fixture(scope="module")
def other() -> KeyMaterial:
    return generate_rsa(2048)


@pytest.fixture
def window(qtbot) -> MainWindow:
    win = create_window()
    qtbot.addWidget(win)
    win.resize(1240, 860)
    win.show()
    QApplication.processEvents()
    return win


def _token(key: KeyMaterial) -> str:
    now = int(time.time())
    claims = {"sub": "bob", "iat": now, "exp": now + 3600}
    return sign_token({"kid": "k1"}, claims, key, alg="RS256")


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ("kid", 'more than one key of one algorithm has the same kid: kid "k1"'),
        ("oct", "it mixes 1 key of type oct (HMAC secrets) with 1 key"),
    ],
)
def test_an_ambiguous_key_set_is_not_used_and_the_banner_says_why(
    window, rsa, other, extra, reason
):
    panel = window.signature_panel
    window.token_edit.set_token_text(_token(rsa))
    own = {**to_jwk(rsa), "kid": "k1"}
    second = {**to_jwk(other), "kid": "k1"} if extra == "kid" else OCT

    panel.set_key_text(json.dumps({"keys": [second, own]}, indent=2))

    text = plain(panel.banner)
    assert text.startswith("Signature cannot be checked"), text
    assert "the key set is ambiguous, so none of its keys is used" in text
    assert reason in text
    assert panel.banner.property("state") == "warn"
    assert not window.session.report.valid
    # The user's text stays in the box, to be fixed.
    assert json.loads(panel.key_edit.toPlainText())["keys"][1] == own
