"""The Audit and "How it is signed" tabs in the real window.

Findings are read as the user reads them (the audit view's text); the
weak-secret scan runs for real on a wordlist written to a temporary folder,
in the worker processes the app uses, and every test closes its window so the
scan is cancelled and waited for.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from label_text import plain
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QPushButton, QSpinBox

from jwtinspector.core.keygen import generate_rsa
from jwtinspector.core.keys import KeyMaterial, key_material, load_secret
from jwtinspector.core.sign import sign_token
from jwtinspector.main_window import MainWindow
from jwtinspector.models.session import TokenSession

FOUND = "pane-test-secret-near-the-end-7f3a"
"""The scan's secret: not in the built-in weak-secret list."""
LIST_LINES = 100_000


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:
    win = MainWindow(TokenSession())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()  # cancels a running scan
    assert win.scanner.wait(20_000)


def now() -> int:
    return int(time.time())


def hs256(
    secret: str | bytes, claims: dict[str, Any] | None = None, **header: Any
) -> str:
    key = (
        load_secret(secret)
        if isinstance(secret, str)
        else key_material(secret, source="test")
    )
    body = claims if claims is not None else {"sub": "alice", "exp": now() + 600}
    return sign_token({"typ": "JWT", **header}, body, key, alg="HS256")


def banner(window: MainWindow) -> str:
    return plain(window.signature_panel.banner)


def load(window: MainWindow, token: str) -> None:
    window.token_edit.setPlainText(token)
    assert window.session.token is not None


def show_audit(window: MainWindow) -> str:
    """Select the Audit tab; the findings as the user reads them."""
    window.signature_panel.details.setCurrentWidget(window.audit_panel)
    return window.audit_panel.view.toPlainText()


def show_explain(window: MainWindow) -> str:
    panel = window.signature_panel
    panel.details.setCurrentWidget(panel.explain_view)
    return panel.explain_view.toPlainText()


def button(window: MainWindow, name: str) -> QPushButton:
    found = window.findChild(QPushButton, name)
    assert found is not None, name
    return found


def click(qtbot, window: MainWindow, name: str) -> None:
    target = button(window, name)
    assert target.isVisible(), name
    assert target.isEnabled(), name
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)


def result_text(window: MainWindow) -> str:
    label = window.audit_panel.result
    return label.text() if label.isVisible() else ""


def pick_file(monkeypatch, path: Path | None) -> list[str]:
    """Answer the open-file dialog with ``path``; returns the captions asked."""
    asked: list[str] = []

    def dialog(_parent: Any, caption: str, *args: Any) -> tuple[str, str]:
        asked.append(caption)
        return (str(path) if path else "", "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog)
    return asked


@pytest.fixture(scope="module")
def rsa_key() -> KeyMaterial:
    return generate_rsa(2048)


# --- findings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "severity", "title", "reference"),
    [
        pytest.param(
            lambda: sign_token(
                {"typ": "JWT"},
                {"sub": "alice", "exp": now() + 600},
                None,
                alg="none",
                allow_none=True,
            ),
            "CRITICAL",
            'Unsigned token: alg is "none"',
            "RFC 8725 §2.1",
            id="alg-none",
        ),
        pytest.param(
            lambda: hs256("secret"),
            "CRITICAL",
            'The HMAC secret was guessed: "secret"',
            "RFC 7518 §3.2",
            id="weak-secret",
        ),
        pytest.param(
            lambda: hs256(secrets.token_bytes(32), kid="../../../../dev/null"),
            "HIGH",
            'kid contains a path traversal: "../../../../dev/null"',
            "RFC 7515 §4.1.4",
            id="kid-traversal",
        ),
        pytest.param(
            lambda: hs256(secrets.token_bytes(32), jku="https://evil.example/k.json"),
            "HIGH",
            "jku points to a remote key set (JWKS) on evil.example",
            "RFC 7515 §4.1.2",
            id="jku",
        ),
    ],
)
def test_audit_tab_lists_the_finding_with_severity_and_reference(
    window, token, severity, title, reference
):
    load(window, token())

    text = show_audit(window)

    line = next((ln for ln in text.splitlines() if title in ln), None)
    assert line is not None, text
    assert line.strip().startswith(severity)
    block = text[text.index(line) :]
    assert "Instead:" in block
    assert reference in block


def test_audit_tab_follows_the_token(window):
    show_audit(window)
    load(window, hs256("secret"))
    assert "The HMAC secret was guessed" in window.audit_panel.view.toPlainText()

    load(window, hs256(secrets.token_bytes(32)))

    assert "guessed" not in window.audit_panel.view.toPlainText()


def test_clean_token_has_no_high_or_critical_finding(window):
    moment = now()
    claims = {
        "iss": "https://id.example.com",
        "aud": "api://orders",
        "sub": "alice",
        "jti": secrets.token_hex(8),
        "iat": moment,
        "exp": moment + 900,
    }
    secret = secrets.token_bytes(32)
    load(window, hs256(secret, claims))

    text = show_audit(window)

    assert "CRITICAL" not in text
    assert "HIGH" not in text
    assert all(
        f.severity not in ("critical", "high") for f in window.session.findings()
    )


def lifetime_spin(window: MainWindow) -> QSpinBox:
    spin = window.audit_panel.findChild(QSpinBox, "maxLifetimeSpin")
    assert spin is not None
    assert spin.accessibleName() == "Maximum token lifetime in hours"
    return spin


def test_lifetime_limit_is_set_in_the_audit_tab(qtbot, window):
    moment = now()
    load(
        window,
        hs256(secrets.token_bytes(32), {"iat": moment, "exp": moment + 30 * 3600}),
    )
    text = show_audit(window)
    spin = lifetime_spin(window)
    assert spin.isVisible()
    assert spin.text() == "24 h"  # the default, as in lint
    assert "Lifetime of 1 d 6 h exceeds 1 d" in text

    spin.setValue(48)

    assert "Lifetime of" not in window.audit_panel.view.toPlainText()

    spin.setValue(12)

    assert "exceeds 12 h" in window.audit_panel.view.toPlainText()

    spin.setValue(0)

    assert spin.text() == "no limit"
    assert "Lifetime of" not in window.audit_panel.view.toPlainText()


def test_lifetime_limit_stays_for_the_next_token(qtbot, window):
    show_audit(window)
    lifetime_spin(window).setValue(1)
    moment = now()

    load(window, hs256(secrets.token_bytes(32), {"iat": moment, "exp": moment + 7200}))

    assert "exceeds 1 h" in window.audit_panel.view.toPlainText()


def test_verification_leeway_widens_the_audits_clock_skew(qtbot, window):
    moment = now()
    claims = {"iat": moment + 240, "exp": moment + 3600}
    load(window, hs256(secrets.token_bytes(32), claims))
    assert "iat is in the future" in show_audit(window)

    window.signature_panel.leeway.setValue(600)

    assert "iat is in the future" not in window.audit_panel.view.toPlainText()

    window.signature_panel.leeway.setValue(10)  # below the audit's own 60 s

    assert "iat is in the future" in window.audit_panel.view.toPlainText()


# --- the weak-secret scan -----------------------------------------------------------


@pytest.fixture
def wordlist(tmp_path) -> Path:
    """~100k candidates, the secret ten lines from the end."""
    words = [f"candidate-{i:06d}" for i in range(LIST_LINES)]
    words[LIST_LINES - 10] = FOUND
    path = tmp_path / "wordlist.txt"
    path.write_text("\n".join(words) + "\n", encoding="utf-8")
    return path


def test_scan_finds_the_secret_and_use_verifies(qtbot, window, wordlist, monkeypatch):
    asked = pick_file(monkeypatch, wordlist)
    load(window, hs256(FOUND))
    show_audit(window)
    assert banner(window).startswith("Signature not checked")

    click(qtbot, window, "scanWordlistButton")

    assert asked == ["Wordlist"]
    qtbot.waitUntil(lambda: "Secret found" in result_text(window), timeout=60_000)
    result = result_text(window)
    assert result.startswith("Secret found: ")
    assert FOUND in result
    tried = int(re.search(r"\(([\d,]+) candidates", result)[1].replace(",", ""))
    assert LIST_LINES - 10 <= tried <= LIST_LINES
    assert "tried" in window.audit_panel.rate.text()
    assert not window.audit_panel.progress.isVisible()
    assert not button(window, "cancelScanButton").isVisible()
    assert button(window, "scanWordlistButton").isEnabled()

    click(qtbot, window, "useFoundSecretButton")

    assert window.signature_panel.secret_edit.text() == FOUND
    assert banner(window).startswith("Signature verified")


def test_scan_not_found_says_so(qtbot, window, wordlist, monkeypatch):
    pick_file(monkeypatch, wordlist)
    load(window, hs256(secrets.token_bytes(32)))
    show_audit(window)

    click(qtbot, window, "scanWordlistButton")

    qtbot.waitUntil(lambda: "Not found" in result_text(window), timeout=60_000)
    assert f"{LIST_LINES:,} candidates" in result_text(window)
    assert not button(window, "useFoundSecretButton").isVisible()


def test_scan_shows_the_share_of_the_file_checked(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "words.txt"
    path.write_bytes(b"".join(b"candidate-%07d\n" % i for i in range(80_000)))
    assert path.stat().st_size > 4 * 256 * 1024  # several blocks
    pick_file(monkeypatch, path)
    load(window, hs256(secrets.token_bytes(32)))
    show_audit(window)
    panel = window.audit_panel
    seen: list[tuple[bool, str, str]] = []
    # Connected after the pane's own slot: records what the user saw each time.
    window.scanner.progress.connect(
        lambda *_: seen.append(
            (panel.progress.isVisible(), panel.progress.text(), panel.rate.text())
        )
    )

    with qtbot.waitSignal(window.scanner.finished, timeout=60_000):
        click(qtbot, window, "scanWordlistButton")

    assert seen
    assert all(visible for visible, _, _ in seen)
    percents = [int(text.rstrip("%")) for _, text, _ in seen]
    assert percents == sorted(percents)
    assert any(0 < p < 100 for p in percents), percents
    assert percents[-1] == 100
    assert re.fullmatch(r"80,000 tried · [\d,]+/s", seen[-1][2])
    assert "Not found" in result_text(window)


def test_progress_stays_busy_when_the_size_is_unknown(window):
    panel = window.audit_panel
    panel.show_busy(True)

    panel.show_progress(5_000, 1_000.0)

    assert panel.progress.maximum() == 0  # Qt's busy indicator, no percentage
    assert panel.rate.text() == "5,000 tried · 1,000/s"
    panel.show_progress(6_000, 1_000.0, 300, 1_200)
    assert panel.progress.text() == "25%"
    panel.show_busy(True)  # the next scan starts busy again
    assert panel.progress.maximum() == 0


def test_dialog_closed_without_a_file_starts_nothing(qtbot, window, monkeypatch):
    pick_file(monkeypatch, None)
    load(window, hs256(FOUND))
    show_audit(window)

    click(qtbot, window, "scanWordlistButton")

    assert not window.scanner.busy
    assert not window.audit_panel.progress.isVisible()


def test_cancel_stops_a_large_scan_and_the_window_stays_responsive(
    qtbot, window, tmp_path, monkeypatch
):
    path = tmp_path / "large.txt"
    lines = 3_000_000
    path.write_bytes(b"not-the-secret-000\n" * lines)
    pick_file(monkeypatch, path)
    # A longer signing input makes each HMAC slower, so the scan lasts seconds.
    claims = {"sub": "alice", "exp": now() + 600, "note": "x" * 3000}
    load(window, hs256(secrets.token_bytes(32), claims))
    show_audit(window)
    sizes = window.main_split.sizes()

    click(qtbot, window, "scanWordlistButton")

    panel = window.audit_panel
    assert panel.progress.isVisible()
    assert not button(window, "scanWordlistButton").isEnabled()
    qtbot.waitUntil(lambda: "tried" in panel.rate.text(), timeout=30_000)
    assert window.main_split.sizes() == sizes  # the progress row fits the pane
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=5_000)
    timer.stop()
    assert window.scanner.busy  # still scanning while the loop turned

    click(qtbot, window, "cancelScanButton")

    qtbot.waitUntil(lambda: "cancelled" in result_text(window), timeout=30_000)
    tried = int(
        re.search(r"after ([\d,]+) candidates", result_text(window))[1].replace(",", "")
    )
    assert 0 < tried < lines
    assert not panel.progress.isVisible()
    assert not button(window, "cancelScanButton").isVisible()
    assert button(window, "scanWordlistButton").isEnabled()
    assert not button(window, "useFoundSecretButton").isVisible()


def test_unreadable_wordlist_gives_a_message(qtbot, window, tmp_path, monkeypatch):
    pick_file(monkeypatch, tmp_path / "missing.txt")
    load(window, hs256(FOUND))
    show_audit(window)

    click(qtbot, window, "scanWordlistButton")

    qtbot.waitUntil(
        lambda: "cannot read the wordlist" in result_text(window), timeout=30_000
    )
    assert not window.audit_panel.progress.isVisible()


# --- hashcat and non-HMAC tokens ------------------------------------------------------


def test_copy_for_hashcat_puts_the_token_on_the_clipboard(qtbot, window):
    token = hs256(FOUND)
    load(window, token)
    show_audit(window)
    QGuiApplication.clipboard().setText("")

    click(qtbot, window, "hashcatButton")

    assert QGuiApplication.clipboard().text() == token
    assert "hashcat -m 16500" in result_text(window)


def test_non_hmac_token_scan_gives_a_clear_message(
    qtbot, window, rsa_key, wordlist, monkeypatch
):
    asked = pick_file(monkeypatch, wordlist)
    load(window, sign_token({"typ": "JWT"}, {"sub": "alice"}, rsa_key, alg="RS256"))
    show_audit(window)

    click(qtbot, window, "scanWordlistButton")

    qtbot.waitUntil(
        lambda: "only applies to HMAC" in result_text(window), timeout=30_000
    )
    assert '"RS256"' in result_text(window)
    assert asked == []  # no file is asked for when no scan can run
    assert not window.scanner.busy


def test_non_hmac_token_hashcat_gives_a_clear_message(qtbot, window, rsa_key):
    load(window, sign_token({"typ": "JWT"}, {"sub": "alice"}, rsa_key, alg="RS256"))
    show_audit(window)
    QGuiApplication.clipboard().setText("untouched")

    click(qtbot, window, "hashcatButton")

    assert "only applies to HMAC" in result_text(window)
    assert QGuiApplication.clipboard().text() == "untouched"


# --- the explanation ----------------------------------------------------------------


def test_explain_tab_shows_the_signing_input_and_follows_the_key(window):
    token = hs256(FOUND)
    load(window, token)
    signing_input = token.rsplit(".", 1)[0]

    text = show_explain(window)

    assert signing_input in text
    assert token.rsplit(".", 1)[1] in text  # the signature, base64url
    assert "HMAC-SHA-256" in text
    assert "No key" in text

    window.signature_panel.secret_edit.setText("a-wrong-secret-of-thirty-two-b!")

    text = window.signature_panel.explain_view.toPlainText()
    assert "differs from the token's" in text
    assert signing_input in text

    window.signature_panel.secret_edit.setText(FOUND)

    text = window.signature_panel.explain_view.toPlainText()
    assert "They are the same" in text
    assert "differs" not in text
