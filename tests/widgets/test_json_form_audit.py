"""The Audit tab of a JWS or JWE in JSON serialization: the same findings as
``lint``, each signature (or recipient) named, whichever one is shown."""

from __future__ import annotations

import json
import pathlib

import pytest
from PySide6.QtWidgets import QApplication

from jwtinspector.core.audit.forms import audit_input
from jwtinspector.core.forms import read_pasted
from jwtinspector.main_window import MainWindow
from jwtinspector.models.session import TokenSession

NOW = 1_700_000_000.0
DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "rfc7520"


def cookbook(name: str) -> str:
    value = json.loads(next(DATA.glob(f"{name}.*.json")).read_text())
    return json.dumps(value["output"]["json"], indent=2)


@pytest.fixture
def window(qtbot) -> MainWindow:
    win = MainWindow(TokenSession(clock=lambda: NOW))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def audit_text(window: MainWindow) -> str:
    window.signature_panel.details.setCurrentWidget(window.audit_panel)
    QApplication.processEvents()
    return window.audit_panel.view.toPlainText()


def tab_title(window: MainWindow) -> str:
    tabs = window.signature_panel.details
    return tabs.tabText(tabs.indexOf(window.audit_panel))


def test_a_json_jwe_shows_each_recipients_findings(window):
    text = cookbook("5_13")
    window.token_edit.setPlainText(text)

    shown = audit_text(window)

    assert 'Recipient #1 (kid "frodo.baggins@hobbiton.example"): RSA1_5' in shown
    assert tab_title(window).endswith("high")
    same = audit_input(read_pasted(text).main, now=NOW)  # what lint says
    assert [f.title for f in window.session.findings()] == [f.title for f in same]


def test_a_json_jws_lists_every_signature_whichever_is_shown(window):
    window.token_edit.setPlainText(cookbook("4_8"))
    before = audit_text(window)

    window.json_bar.selector.setCurrentIndex(2)
    window.json_bar.selector.activated.emit(2)
    QApplication.processEvents()

    assert window.session.json_form.selected == 2
    assert 'Signature #2 (kid "bilbo.baggins@hobbiton.example"): alg "ES512"' in before
    assert audit_text(window) == before
