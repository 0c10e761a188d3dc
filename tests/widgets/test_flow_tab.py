"""The Flow tab: the tokens of one login pasted together are checked against
each other, and a DPoP proof alone is checked against the request typed."""

from __future__ import annotations

import pytest
from flow_tokens import NOW, OTHER_KEY, URL, access_token, dpop_proof, id_token
from PySide6.QtGui import QGuiApplication

from jwtinspector.main_window import MainWindow
from jwtinspector.models.session import TokenSession

ACCESS = access_token()


@pytest.fixture
def window(qtbot) -> MainWindow:
    win = MainWindow(TokenSession(clock=lambda: float(NOW)))
    qtbot.addWidget(win)
    return win


def _paste(window: MainWindow, qtbot, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    window.paste_action.trigger()
    qtbot.waitUntil(lambda: window.flow_check._checked is not None)


def _flow_title(window: MainWindow) -> str:
    tabs = window.signature_panel.details
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    return next(t for t in titles if t.startswith("Flow"))


def _open(window: MainWindow, qtbot):
    tabs = window.signature_panel.details
    index = next(i for i in range(tabs.count()) if tabs.tabText(i).startswith("Flow"))
    tabs.setCurrentIndex(index)
    page = window.flow_check.page
    assert page is not None
    return page


def test_a_login_pasted_together_is_checked_in_the_flow_tab(window, qtbot) -> None:
    paste = (
        f"id_token={id_token(ACCESS)}\nAuthorization: DPoP {ACCESS}\n"
        f"DPoP: {dpop_proof(ACCESS)}\n"
    )
    _paste(window, qtbot, paste)

    assert _flow_title(window) == "Flow ✓"  # before the tab was ever opened
    page = _open(window, qtbot)
    page.url.setText(URL)

    assert "The tokens belong together." in page.summary.text()
    assert "DPoP proof (named DPoP)" in page.summary.text()
    assert page.request.isVisibleTo(page)
    text = page.checks.toPlainText()
    assert "at_hash · at_hash matches the access token" in text
    assert "DPoP htu · htu is https://api.example.com/v1/me" in text
    assert "✗" not in text
    qtbot.waitUntil(lambda: _flow_title(window) == "Flow ✓")


def test_a_proof_by_another_key_shows_the_failure_first(window, qtbot) -> None:
    _paste(window, qtbot, f"{ACCESS}\n{dpop_proof(ACCESS, key=OTHER_KEY)}\n")

    page = _open(window, qtbot)

    qtbot.waitUntil(lambda: _flow_title(window) == "Flow ✗")
    assert "The tokens do not belong together." in page.summary.text()
    lines = [line for line in page.checks.toPlainText().splitlines() if line]
    assert lines[0] == "✗"
    assert lines[1].startswith("DPoP cnf.jkt · The access token is bound to key")


def test_a_proof_alone_is_checked_against_the_request_typed(window, qtbot) -> None:
    _paste(window, qtbot, dpop_proof())
    page = _open(window, qtbot)
    assert "The DPoP proof passes its checks." in page.summary.text()
    assert "htu · htu is" in page.checks.toPlainText()
    assert "give the request's URL" in page.checks.toPlainText()

    page.url.setText("https://api.example.com/v1/other")
    assert "the proof was made for another URL" in page.checks.toPlainText()
    qtbot.waitUntil(lambda: _flow_title(window) == "Flow ✗")

    page.url.setText(URL + "?q=1")
    page.method.setCurrentText("get")
    assert "htu is https://api.example.com/v1/me (query" in page.checks.toPlainText()
    assert "htm is GET, the request's method." in page.checks.toPlainText()
    qtbot.waitUntil(lambda: _flow_title(window) == "Flow ✓")


def test_one_token_says_how_to_give_a_flow(window, qtbot) -> None:
    _paste(window, qtbot, ACCESS)

    page = _open(window, qtbot)

    assert _flow_title(window) == "Flow"
    assert page.summary.text().startswith("Paste the tokens of one login together")
    assert not page.checks.isVisibleTo(page)
    assert not page.request.isVisibleTo(page)


def test_a_proof_alone_is_judged_as_a_proof(window, qtbot) -> None:
    _paste(window, qtbot, dpop_proof(iat=NOW - 3600))

    page = _open(window, qtbot)

    assert page.summary.text().count("The DPoP proof fails a check.") == 1
    assert "outside the ±60 s window" in page.checks.toPlainText()


def test_the_nonce_typed_is_compared_with_the_id_tokens(window, qtbot) -> None:
    _paste(window, qtbot, f"id_token={id_token(ACCESS)}\naccess_token={ACCESS}\n")
    page = _open(window, qtbot)
    assert page.nonce_row.isVisibleTo(page)
    assert not page.request.isVisibleTo(page)

    page.nonce.setText("another-nonce")

    assert 'not the "another-nonce" sent' in page.checks.toPlainText()
    qtbot.waitUntil(lambda: _flow_title(window) == "Flow ✗")
    page.nonce.setText("n-0S6_WzA2Mj")
    assert "The ID token's nonce is the one sent." in page.checks.toPlainText()


def test_a_very_long_text_is_not_searched_and_says_so(window, qtbot) -> None:
    from jwtinspector.controllers.flow_check import MAX_TEXT

    padding = "x" * MAX_TEXT
    _paste(window, qtbot, f"{ACCESS}\n{dpop_proof(ACCESS)}\n{padding}")

    page = _open(window, qtbot)

    assert _flow_title(window) == "Flow"
    assert "it is not searched for the tokens of a login" in page.summary.text()
