"""The audit is visible outside its tab: the tab's title counts the findings
and names the highest severity in its colour, and a guessed weak secret is
offered with *Use this secret*."""

from __future__ import annotations

import secrets
import time
from typing import Any

import pytest
from label_text import plain
from PySide6.QtCore import Qt

from jwtinspector.controllers.audit_scan import AUDIT_DELAY_MS
from jwtinspector.core.audit import Finding, weak_secret_finding
from jwtinspector.core.keys import key_material, load_secret
from jwtinspector.core.sign import sign_token
from jwtinspector.main_window import MainWindow
from jwtinspector.models.session import TokenSession
from jwtinspector.widgets.audit_panel import audit_tab_title
from jwtinspector.widgets.theme import color


@pytest.fixture
def window(qtbot) -> MainWindow:
    win = MainWindow(TokenSession())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def hs256(secret: str | bytes, claims: dict[str, Any] | None = None) -> str:
    key = (
        load_secret(secret)
        if isinstance(secret, str)
        else key_material(secret, source="test")
    )
    body = claims if claims is not None else {"sub": "alice", "exp": time.time() + 600}
    return sign_token({"typ": "JWT"}, body, key, alg="HS256")


def tab_title(window: MainWindow) -> str:
    tabs = window.signature_panel.details
    return tabs.tabText(tabs.indexOf(window.audit_panel))


def tab_colour(window: MainWindow) -> Any:
    tabs = window.signature_panel.details
    return tabs.tabBar().tabTextColor(tabs.indexOf(window.audit_panel))


def counted(window: MainWindow) -> bool:
    return not window.audit_scan.timer.isActive() and not window.audit_runner.busy


def load(qtbot, window: MainWindow, token: str) -> None:
    """Paste a token and wait for the audit to be counted."""
    window.token_edit.setPlainText(token)
    qtbot.waitUntil(lambda: counted(window), timeout=5000)


def banner(window: MainWindow) -> str:
    return plain(window.signature_panel.banner)


def finding(severity: str) -> Finding:
    return Finding("X", severity, "title", "why", "instead", "RFC 0000")


# --- the tab's title ------------------------------------------------------------


def test_a_weak_secret_puts_critical_in_the_tab_title_in_red(qtbot, window):
    load(qtbot, window, hs256("secret"))

    title = tab_title(window)
    assert title.startswith("Audit · ")
    assert title.endswith("⚠ critical")
    count = int(title.split(" · ")[1].split()[0])
    assert count == len(window.session.findings())
    assert tab_colour(window) == color(window, "bad")


def test_the_title_follows_the_next_token_while_another_tab_is_shown(qtbot, window):
    details = window.signature_panel.details
    assert details.currentWidget() is not window.audit_panel
    load(qtbot, window, hs256("secret"))
    assert "critical" in tab_title(window)

    load(qtbot, window, hs256(secrets.token_bytes(32)))

    assert "critical" not in tab_title(window)
    assert details.currentWidget() is not window.audit_panel


def test_typing_runs_the_audit_once_after_the_last_key(qtbot, window, monkeypatch):
    runs: list[int] = []
    original = window.session.audit_job

    def job() -> Any:
        runs.append(1)
        return original()

    monkeypatch.setattr(window.session, "audit_job", job)
    token = hs256("secret")
    window.token_edit.setFocus()
    for end in range(len(token) - 5, len(token) + 1):
        window.token_edit.setPlainText(token[:end])
        qtbot.wait(50)  # a typist's pace: the event loop turns between keys

    qtbot.wait(AUDIT_DELAY_MS * 2)
    qtbot.waitUntil(lambda: counted(window), timeout=5000)

    assert len(runs) == 1
    assert tab_title(window).endswith("critical")


def test_an_empty_window_counts_no_findings(qtbot, window):
    load(qtbot, window, hs256("secret"))

    window.clear_token()
    qtbot.waitUntil(lambda: counted(window), timeout=5000)

    assert tab_title(window) == "Audit · 0"


@pytest.mark.parametrize(
    ("severities", "title", "role"),
    [
        ((), "Audit · 0", "neutral"),
        (("info",), "Audit · 1 info", "neutral"),
        (("low", "medium", "info"), "Audit · 3 ⚠ medium", "warn"),
        (("medium", "high", "low"), "Audit · 3 ⚠ high", "bad"),
        (("info", "critical"), "Audit · 2 ⚠ critical", "bad"),
    ],
)
def test_audit_tab_title_names_the_count_and_highest_severity(severities, title, role):
    assert audit_tab_title([finding(s) for s in severities]) == (title, role)


def test_a_huge_token_is_counted_without_freezing_the_window(qtbot, window):
    claims = {
        "sub": "alice",
        "exp": time.time() + 600,
        "people": [{"email": f"user{n}@example.com"} for n in range(3000)],
    }
    window.token_edit.setPlainText(hs256("secret", claims))
    qtbot.waitUntil(lambda: window.audit_runner.busy, timeout=3000)

    started = time.perf_counter()
    qtbot.wait(20)  # the event loop keeps turning while the audit runs

    assert time.perf_counter() - started < 0.5
    qtbot.waitUntil(lambda: counted(window), timeout=20_000)
    assert tab_title(window) == audit_tab_title(window.session.findings())[0]
    assert tab_title(window) != "Audit · 0"


def test_an_older_count_never_overwrites_a_newer_one(qtbot, window):
    load(qtbot, window, hs256("secret"))

    def slow_old_count() -> tuple[Any, ...]:
        time.sleep(0.3)
        return ()

    window.audit_runner.run(slow_old_count)  # still running when…
    window.signature_panel.details.setCurrentWidget(window.audit_panel)  # …shown
    assert tab_title(window).endswith("⚠ critical")

    qtbot.wait(600)  # the old count has finished by now: it is dropped

    assert window.audit_runner.wait(5000)
    assert tab_title(window).endswith("⚠ critical")


# --- Use this secret ------------------------------------------------------------


def show_audit(window: MainWindow) -> None:
    window.signature_panel.details.setCurrentWidget(window.audit_panel)


def test_use_this_secret_puts_the_guessed_secret_in_the_key_box(qtbot, window):
    load(qtbot, window, hs256("secret"))
    show_audit(window)
    button = window.audit_panel.use_weak_button
    assert button.isVisible()
    assert button.text() == "Use this secret"
    assert not banner(window).startswith("Signature verified")

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    assert window.signature_panel.secret_edit.text() == "secret"
    assert banner(window).startswith("Signature verified")
    # The secret is in use now: nothing left to offer.
    qtbot.waitUntil(lambda: not button.isVisible(), timeout=3000)


def test_no_secret_is_offered_without_a_weak_secret_finding(qtbot, window):
    load(qtbot, window, hs256(secrets.token_bytes(32)))
    show_audit(window)

    assert not window.audit_panel.use_weak_button.isVisible()


def test_the_found_secret_is_never_in_repr_or_json():
    found = weak_secret_finding(b"hunter2", "HS256", "the built-in list")

    assert found.secret == "hunter2"
    assert "secret=" not in repr(found)
    assert "secret" not in found.to_dict()
    assert "hunter2" in found.title  # the user still reads which secret it is
