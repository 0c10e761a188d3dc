"""The Fetch key mode in the real window, against a real HTTP server on loopback.

The server is a standard-library ``ThreadingHTTPServer`` on 127.0.0.1 started
by each test; it logs every path asked for, so the tests can say exactly what
was fetched, and when nothing was. No other network is used.
"""

from __future__ import annotations

import base64
import datetime
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from certificates import certificate
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID
from fake_clock import FakeClock
from label_text import plain
from loopback import LoopbackServer, serving
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget
from strict_decoding import parse_token

from jwtinspector.core.certs import x5c_certificates
from jwtinspector.core.fetch import JwksCache
from jwtinspector.core.keygen import generate_ec, generate_rsa
from jwtinspector.core.keys import KeyMaterial, to_jwk
from jwtinspector.core.sign import sign_token
from jwtinspector.main_window import MainWindow
from jwtinspector.models.session import TokenSession
from jwtinspector.widgets.signature_panel import FETCH_MODE, SignaturePanel

DISCOVERY = "/.well-known/openid-configuration"


# --- the loopback server ------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with serving() as running:
        yield running


# --- keys, tokens and the window ------------------------------------------------------


@pytest.fixture(scope="module")
def rsa_a() -> KeyMaterial:
    return generate_rsa(2048)


@pytest.fixture(scope="module")
def rsa_b() -> KeyMaterial:
    return generate_rsa(2048)


def jwk(key: KeyMaterial, kid: str) -> dict[str, Any]:
    return {**to_jwk(key), "kid": kid, "use": "sig", "alg": "RS256"}


def rs256(key: KeyMaterial, iss: str, **header: Any) -> str:
    now = int(time.time())
    claims = {"iss": iss, "sub": "alice", "iat": now, "exp": now + 3600}
    return sign_token({"typ": "JWT", **header}, claims, key, alg="RS256")


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:
    win = MainWindow(TokenSession())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.fetcher.cancel()
    win.fetcher.pool.waitForDone(10_000)


def fetch_until_verified(qtbot: Any, window: MainWindow) -> None:
    """Press Fetch and wait (off the GUI thread) until the token verifies."""
    click(qtbot, window, "fetchKeysButton")
    qtbot.waitUntil(
        lambda: banner(window).startswith("Signature verified"), timeout=10_000
    )


def banner(window: MainWindow) -> str:
    return plain(window.signature_panel.banner)


def choose_fetch_mode(panel: SignaturePanel) -> None:
    """Pick "Fetch" in the key-kind combo, as a user's selection does."""
    panel.key_mode.setCurrentIndex(FETCH_MODE)
    panel.key_mode.activated.emit(FETCH_MODE)


def find(window: MainWindow, cls: type[QWidget], name: str) -> Any:
    widget: QWidget | None = window.findChild(cls, name)
    assert widget is not None, name
    return widget


def click(qtbot, window: MainWindow, name: str) -> None:
    from PySide6.QtWidgets import QPushButton

    button = find(window, QPushButton, name)
    assert button.isVisible(), name
    assert button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def trace_lines(window: MainWindow) -> list[str]:
    return window.signature_panel.trace_view.toPlainText().splitlines()


def load(window: MainWindow, token: str) -> None:
    window.token_edit.setPlainText(token)
    assert window.session.token is not None
    assert not window.session.token.errors


# --- discovery → jwks_uri → kid → verified --------------------------------------------


def test_fetch_mode_offers_the_iss_and_fetches_only_on_request(
    qtbot, window, server, rsa_a
):
    server.discovery()
    server.json("/keys", {"keys": [jwk(rsa_a, "k1")]})
    load(window, rs256(rsa_a, server.url, kid="k1"))
    panel = window.signature_panel

    choose_fetch_mode(panel)

    source = find(window, QWidget, "keySourceEdit")
    assert source.isVisible()
    assert source.text() == server.url
    assert find(window, QWidget, "fetchKeysButton").isVisible()
    assert not find(window, QWidget, "fetchProgress").isVisible()
    assert not find(window, QWidget, "cancelFetchButton").isVisible()
    assert banner(window).startswith("Signature not checked: no key")
    qtbot.wait(50)
    assert server.count() == 0  # nothing is fetched until the user asks

    fetch_until_verified(qtbot, window)
    assert server.log == [DISCOVERY, "/keys"]
    assert panel.banner.property("state") == "good"
    assert not find(window, QWidget, "fetchProgress").isVisible()
    assert "RSA" in panel.key_info.text()
    lines = trace_lines(window)
    assert lines[0] == f"→ iss {server.url}"
    assert lines[1] == (
        f"→ OpenID Connect discovery document {server.url}{DISCOVERY} "
        "(fetched now, issuer matches)"
    )
    assert lines[2] == f"→ jwks_uri {server.url}/keys"
    assert lines[3].startswith("→ 1 key, fetched now")
    # The same words as the CLI's trace for the same fetch.
    assert lines[4:] == [
        '→ kid "k1" matches (RSA 2048, use sig, alg RS256)',
        "→ signature verified",
    ]
    assert "✓" not in panel.problems.text()
    assert not find(window, QLabel, "fetchedForNote").isVisible()


def fetch_k1_until_verified(qtbot, window, server, rsa_a) -> None:
    """A token with kid k1, verified by the keys fetched from its issuer."""
    server.discovery()
    server.json("/keys", {"keys": [jwk(rsa_a, "k1")]})
    load(window, rs256(rsa_a, server.url, kid="k1"))
    choose_fetch_mode(window.signature_panel)
    fetch_until_verified(qtbot, window)


def verified_with_fetched_k1(qtbot, window, server, rsa_a) -> FakeClock:
    """The same, with the key cache on the returned clock."""
    clock = FakeClock()
    window.fetcher._cache = JwksCache(clock=clock)
    fetch_k1_until_verified(qtbot, window, server, rsa_a)
    return clock


def test_unknown_kid_refetches_the_key_set_once(qtbot, window, server, rsa_a, rsa_b):
    clock = verified_with_fetched_k1(qtbot, window, server, rsa_a)
    assert server.log == [DISCOVERY, "/keys"]
    statuses: list[str] = []
    window.session.report_changed.connect(
        lambda report: statuses.append(report.signature.status.value)
    )

    # The issuer rotates its keys a minute later: a token signed with the new
    # key makes the window fetch the key set again, once, by itself.
    server.json("/keys", {"keys": [jwk(rsa_a, "k1"), jwk(rsa_b, "k2")]})
    clock.now += 60
    load(window, rs256(rsa_b, server.url, kid="k2"))
    # Until the set comes back, the banner says what is going on.
    assert banner(window).startswith("Fetching the issuer's keys again…")
    assert 'No key in the fetched set has kid "k2"' in banner(window)

    qtbot.waitUntil(
        lambda: banner(window).startswith("Signature verified"), timeout=10_000
    )
    assert server.log == [DISCOVERY, "/keys", "/keys"]  # discovery stays cached
    assert "invalid" not in statuses  # never "invalid with key k1" meanwhile
    lines = trace_lines(window)
    assert '→ kid "k2" is not in the cached set: fetched again once' in lines
    assert '→ kid "k2" matches (RSA 2048, use sig, alg RS256)' in lines
    assert lines[-1] == "→ signature verified"

    # A kid the issuer does not publish: no key stands in for it, and the
    # cooldown keeps the window from asking the server again.
    clock.now += 5
    load(window, rs256(rsa_b, server.url, kid="k3"))
    qtbot.waitUntil(
        lambda: any("not fetched again" in line for line in trace_lines(window)),
        timeout=10_000,
    )
    assert banner(window).startswith("Signature cannot be checked")
    assert 'No key in the set has kid "k3"' in banner(window)
    assert "invalid" not in statuses
    assert window.signature_panel.banner.property("state") == "warn"
    # The same token again (an edit, a re-paste): no further fetch at all.
    window.fetcher.pool.waitForDone(5_000)
    load(window, rs256(rsa_b, server.url, kid="k3", typ2="x"))
    qtbot.wait(100)
    assert not find(window, QWidget, "fetchProgress").isVisible()
    assert server.count("/keys") == 2


def test_a_kid_first_seen_inside_the_cooldown_is_fetched_once_it_is_over(
    qtbot, window, server, rsa_a, rsa_b
):
    clock = verified_with_fetched_k1(qtbot, window, server, rsa_a)
    server.json("/keys", {"keys": [jwk(rsa_a, "k1"), jwk(rsa_b, "k2")]})

    # Five seconds after the fetch, a token with the issuer's new kid: the
    # cooldown keeps the window from asking the server at once...
    clock.now += 5
    load(window, rs256(rsa_b, server.url, kid="k2"))
    qtbot.waitUntil(
        lambda: any("not fetched again" in line for line in trace_lines(window)),
        timeout=10_000,
    )
    assert banner(window).startswith("Signature cannot be checked")
    assert server.count("/keys") == 1

    # ...and once the cooldown is over, the window fetches the set by itself,
    # once, and the token verifies.
    clock.now += 26
    qtbot.waitUntil(
        lambda: banner(window).startswith("Signature verified"), timeout=10_000
    )
    assert server.count("/keys") == 2
    assert '→ kid "k2" is not in the cached set: fetched again once' in (
        trace_lines(window)
    )


def test_cancelling_the_rotation_fetch_brings_the_verdict_back(
    qtbot, window, server, rsa_a, rsa_b
):
    clock = verified_with_fetched_k1(qtbot, window, server, rsa_a)
    clock.now += 60
    server.stall("/keys")
    load(window, rs256(rsa_b, server.url, kid="k2"))
    assert banner(window).startswith("Fetching the issuer's keys again…")

    qtbot.waitUntil(lambda: find(window, QWidget, "cancelFetchButton").isVisible())
    click(qtbot, window, "cancelFetchButton")

    # Nothing is fetching any more: the banner says why the token cannot be
    # checked instead of promising a result that will not come.
    qtbot.waitUntil(lambda: not banner(window).startswith("Fetching"))
    assert banner(window).startswith("Signature cannot be checked")
    assert 'No key in the set has kid "k2"' in banner(window)


def test_a_token_from_another_issuer_is_not_vouched_for_by_fetched_keys(
    qtbot, window, server, rsa_a
):
    fetch_k1_until_verified(qtbot, window, server, rsa_a)
    panel = window.signature_panel

    # Signed with the very key fetched for the server's issuer, but claiming
    # to come from another issuer.
    load(window, rs256(rsa_a, "https://other.example/", kid="k1"))

    qtbot.wait(50)
    assert panel.banner.property("state") != "good"
    assert window.session.report is not None
    assert not window.session.report.valid
    problems = panel.problems.text()
    assert problems.startswith(
        f'✗ iss: Wrong issuer: the keys were fetched for issuer "{server.url}", but '
        'this token has iss "https://other.example/"'
    )
    note = find(window, QLabel, "fetchedForNote")
    assert note.isVisible()
    assert "the keys were fetched for issuer" in note.text()
    # The old fetch's steps do not stand as if they applied to this token.
    lines = trace_lines(window)
    assert lines[0].startswith("→ ✗ Wrong issuer: the keys were fetched for issuer")
    assert not any("jwks_uri" in line for line in lines)
    # The token's own issuer is offered in place of the old one; nothing is
    # fetched from it unasked.
    assert find(window, QWidget, "keySourceEdit").text() == "https://other.example/"
    assert server.log == [DISCOVERY, "/keys"]

    # Back to a token of the server's issuer: the keys apply again.
    load(window, rs256(rsa_a, server.url, kid="k1"))
    assert banner(window).startswith("Signature verified")
    assert panel.banner.property("state") == "good"
    assert not note.isVisible()


def test_a_failed_fetch_drops_the_verdict_of_the_earlier_keys(
    qtbot, window, server, rsa_a
):
    fetch_k1_until_verified(qtbot, window, server, rsa_a)
    qtbot.waitUntil(
        lambda: find(window, QWidget, "refreshKeysButton").isEnabled(), timeout=10_000
    )
    del server.routes["/keys"]  # the key set is gone: HTTP 404

    click(qtbot, window, "refreshKeysButton")

    info = window.signature_panel.key_info
    qtbot.waitUntil(lambda: "HTTP 404" in info.text(), timeout=10_000)
    assert banner(window).startswith("Signature not checked: no key")
    assert window.session.key is None
    assert trace_lines(window)[-1].startswith("→ ✗ cannot fetch")


def test_the_fetch_note_follows_the_auto_fetch_setting(qtbot, window):
    note = find(window, QLabel, "fetchNote")
    choose_fetch_mode(window.signature_panel)
    assert plain(note) == (
        "Keys are fetched only when you press Fetch, and kept in memory only."
    )

    window.signature_panel.fetch_box.auto_check.click()

    assert window.trusted.auto
    assert "automatically when a token comes from an issuer you trust" in plain(note)
    assert "no issuer is trusted yet" in plain(note)


def test_a_jwks_at_any_path_can_be_chosen_as_a_jwks_url(qtbot, window, server, rsa_a):
    server.json("/signing/material", {"keys": [jwk(rsa_a, "k1")]})
    load(window, rs256(rsa_a, server.url, kid="k1"))
    panel = window.signature_panel
    choose_fetch_mode(panel)
    source = find(window, QWidget, "keySourceEdit")
    combo = find(window, QWidget, "sourceKindCombo")
    source.clear()
    qtbot.keyClicks(source, server.url + "/jwks.json")
    assert combo.currentText() == "JWKS URL"  # guessed from the shape
    source.clear()
    qtbot.keyClicks(source, server.url + "/signing/material")
    assert combo.currentText() == "Issuer (discovery)"

    combo.setCurrentIndex(combo.findText("JWKS URL"))
    combo.activated.emit(combo.currentIndex())
    fetch_until_verified(qtbot, window)
    assert server.log == ["/signing/material"]  # no discovery attempted
    assert trace_lines(window)[0] == f"→ JWKS URL {server.url}/signing/material"


def test_an_issuer_without_discovery_that_answers_a_jwks_is_used_as_one(
    qtbot, window, server, rsa_a
):
    issuer = server.url + "/signing/material"
    server.json("/signing/material", {"keys": [jwk(rsa_a, "k1")]})
    load(window, rs256(rsa_a, issuer, kid="k1"))
    choose_fetch_mode(window.signature_panel)
    source = find(window, QWidget, "keySourceEdit")
    source.clear()
    qtbot.keyClicks(source, issuer)

    fetch_until_verified(qtbot, window)
    assert server.log[-1] == "/signing/material"
    assert server.count("/signing/material" + DISCOVERY) == 1
    assert (
        f"→ {issuer} has no discovery document, but answers a key set itself: "
        "used as a JWKS URL (its keys still vouch only for this issuer's tokens)"
    ) in trace_lines(window)
    assert window.signature_panel.banner.property("state") == "good"


def test_keys_of_an_issuer_used_as_a_jwks_url_vouch_only_for_its_tokens(
    qtbot, window, server, rsa_a
):
    # The token claims another issuer (the server's root), but is signed by a
    # key the issuer URL serves: the fallback must not vouch for it.
    issuer = server.url + "/signing/material"
    server.json("/signing/material", {"keys": [jwk(rsa_a, "k1")]})
    load(window, rs256(rsa_a, server.url, kid="k1"))
    choose_fetch_mode(window.signature_panel)
    source = find(window, QWidget, "keySourceEdit")
    source.clear()
    qtbot.keyClicks(source, issuer)

    click(qtbot, window, "fetchKeysButton")
    qtbot.waitUntil(lambda: server.log[-1:] == ["/signing/material"], timeout=10_000)
    qtbot.waitUntil(lambda: "Not verified" in banner(window), timeout=10_000)
    # Issuer A's key made the signature, but the token claims issuer B: the
    # window never says "Signature verified"; it says whose keys they are.
    assert "Signature verified" not in banner(window)
    assert (
        f'Not verified: the keys belong to issuer "{issuer}", not to this '
        f'token\'s issuer "{server.url}", so they cannot vouch for it'
    ) in banner(window)
    assert window.signature_panel.banner.property("state") != "good"
    assert not any("verified" in line for line in trace_lines(window))
    assert window.session.report is not None
    assert not window.session.report.valid
    assert window.signature_panel.problems.text().startswith(
        f'✗ iss: Wrong issuer: the keys were fetched for issuer "{issuer}", but '
        f'this token has iss "{server.url}"'
    )


def test_refresh_fetches_again_ignoring_the_cache(qtbot, window, server, rsa_a):
    server.discovery()
    server.json("/keys", {"keys": [jwk(rsa_a, "k1")]})
    load(window, rs256(rsa_a, server.url, kid="k1"))
    choose_fetch_mode(window.signature_panel)
    click(qtbot, window, "fetchKeysButton")
    qtbot.waitUntil(lambda: server.count("/keys") == 1, timeout=10_000)
    qtbot.waitUntil(
        lambda: find(window, QWidget, "refreshKeysButton").isEnabled(), timeout=10_000
    )

    click(qtbot, window, "refreshKeysButton")

    qtbot.waitUntil(lambda: server.count("/keys") == 2, timeout=10_000)
    qtbot.waitUntil(
        lambda: banner(window).startswith("Signature verified"), timeout=10_000
    )
    assert server.count(DISCOVERY) == 2


# --- a stalled server: responsive, cancel, timeout ----------------------------------


def test_stalled_server_keeps_the_window_responsive_and_cancel_ends_it(
    qtbot, window, server, rsa_a
):
    server.stall(DISCOVERY)
    load(window, rs256(rsa_a, server.url, kid="k1"))
    choose_fetch_mode(window.signature_panel)
    progress = find(window, QWidget, "fetchProgress")
    cancel = find(window, QWidget, "cancelFetchButton")
    fetch = find(window, QWidget, "fetchKeysButton")

    click(qtbot, window, "fetchKeysButton")

    assert progress.isVisible()
    assert cancel.isVisible()
    assert not fetch.isEnabled()
    qtbot.waitUntil(lambda: server.count(DISCOVERY) == 1, timeout=10_000)
    # The event loop keeps running while the request hangs.
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=5_000)
    timer.stop()
    window.signature_panel.secret_edit.setText("typing still works")
    assert progress.isVisible()
    assert cancel.isVisible()

    click(qtbot, window, "cancelFetchButton")

    assert not progress.isVisible()
    assert not cancel.isVisible()
    assert fetch.isEnabled()
    # The cancelled fetch ends quietly: no late error, no key.
    assert window.fetcher.pool.waitForDone(5_000)
    qtbot.wait(50)
    assert window.signature_panel.key_info.text() == ""
    assert not progress.isVisible()
    assert window.session.key is None


def test_stalled_server_times_out_with_a_message(qtbot, window, server, rsa_a):
    window.fetcher._cache = JwksCache(timeout=0.5)
    server.stall(DISCOVERY)
    load(window, rs256(rsa_a, server.url, kid="k1"))
    choose_fetch_mode(window.signature_panel)

    click(qtbot, window, "fetchKeysButton")

    info = window.signature_panel.key_info
    qtbot.waitUntil(lambda: "timed out" in info.text(), timeout=10_000)
    assert "within 0.5 s" in info.text()
    assert server.url.removeprefix("http://") in info.text()
    assert not find(window, QWidget, "fetchProgress").isVisible()
    assert find(window, QWidget, "fetchKeysButton").isEnabled()
    assert trace_lines(window)[-1].startswith("→ ✗ ")
    assert "timed out" in trace_lines(window)[-1]


# --- refusals -------------------------------------------------------------------------


def test_issuer_mismatch_is_refused_with_a_clear_error(qtbot, window, server, rsa_a):
    server.discovery(issuer="https://id.example.com/")
    server.json("/keys", {"keys": [jwk(rsa_a, "k1")]})
    load(window, rs256(rsa_a, server.url, kid="k1"))
    choose_fetch_mode(window.signature_panel)

    click(qtbot, window, "fetchKeysButton")

    info = window.signature_panel.key_info
    qtbot.waitUntil(lambda: "refused" in info.text(), timeout=10_000)
    assert '"https://id.example.com/"' in info.text()
    assert "must be identical" in info.text()
    assert "color" in info.styleSheet()  # shown as an error
    assert server.log == [DISCOVERY]  # the keys it names are not fetched
    assert window.session.key is None
    assert not banner(window).startswith("Signature verified")


def test_source_that_is_not_a_url_is_refused_without_a_request(
    qtbot, window, server, rsa_a
):
    load(window, rs256(rsa_a, server.url, kid="k1"))
    choose_fetch_mode(window.signature_panel)
    source = find(window, QWidget, "keySourceEdit")
    source.clear()
    qtbot.keyClicks(source, "id.example.com")

    click(qtbot, window, "fetchKeysButton")

    assert "https://" in window.signature_panel.key_info.text()
    assert not find(window, QWidget, "fetchProgress").isVisible()
    assert server.count() == 0


# --- jku: shown, warned, fetched only on an explicit confirmed click ------------------


@pytest.fixture
def jku_window(qtbot, window, server, rsa_a) -> MainWindow:
    """A token from the server's issuer whose header also names a jku."""
    server.discovery()
    server.json("/keys", {"keys": [jwk(rsa_a, "k1")]})
    server.json("/jwks.json", {"keys": [jwk(rsa_a, "k1")]})
    jku = server.url.replace("127.0.0.1", "localhost") + "/jwks.json"
    load(window, rs256(rsa_a, server.url, kid="k1", jku=jku))
    choose_fetch_mode(window.signature_panel)
    return window


def jku_of(window: MainWindow) -> str:
    token = window.session.token
    assert token is not None
    assert token.header is not None
    return str(token.header["jku"])


def test_jku_is_shown_with_a_warning_and_not_fetched(qtbot, jku_window, server):
    warning = find(jku_window, QLabel, "headerKeyWarning")
    button = find(jku_window, QWidget, "fetchHeaderJkuButton")

    assert warning.isVisible()
    assert button.isVisible()
    assert jku_of(jku_window) in warning.text()
    assert "not used" in warning.text()
    assert "RFC 8725" in warning.text()
    assert button.text() == "Fetch the jku anyway…"
    assert not find(jku_window, QWidget, "fetchHeaderX5uButton").isVisible()
    # The whole warning has the height it needs: nothing is cut off.
    qtbot.waitUntil(
        lambda: warning.height() >= warning.heightForWidth(warning.width()),
        timeout=2_000,
    )
    qtbot.wait(50)
    assert server.count() == 0


def test_jku_and_x5u_are_both_offered_and_the_warning_is_never_clipped(
    qtbot, window, rsa_a
):
    header = {
        "jku": "https://attacker.example.net/.well-known/jwks.json",
        "x5u": "https://attacker.example.net/certs/chain.pem",
    }
    load(window, rs256(rsa_a, "https://id.example.com/", kid="k1", **header))
    choose_fetch_mode(window.signature_panel)
    window.resize(1300, 900)
    qtbot.wait(50)

    warning = find(window, QLabel, "headerKeyWarning")
    assert header["jku"] in warning.text()
    assert header["x5u"] in warning.text()
    assert "Neither is used" in warning.text()
    assert warning.height() >= warning.heightForWidth(warning.width())
    for which in ("Jku", "X5u"):
        assert find(window, QWidget, f"fetchHeader{which}Button").isVisible()


def test_fetching_the_issuer_keys_never_uses_the_jku(qtbot, jku_window, server):
    click(qtbot, jku_window, "fetchKeysButton")

    qtbot.waitUntil(
        lambda: banner(jku_window).startswith("Signature verified"), timeout=10_000
    )
    assert server.log == [DISCOVERY, "/keys"]
    assert any(
        line.startswith(f'→ header jku "{jku_of(jku_window)}" not fetched')
        for line in trace_lines(jku_window)
    )


def test_jku_declined_in_the_dialog_fetches_nothing(
    qtbot, jku_window, server, monkeypatch
):
    asked: list[str] = []

    def decline(*args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(args[1])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "warning", decline)

    click(qtbot, jku_window, "fetchHeaderJkuButton")

    assert asked == ["Fetch the token's jku?"]
    assert not find(jku_window, QWidget, "fetchProgress").isVisible()
    qtbot.wait(50)
    assert server.count() == 0
    assert jku_window.session.key is None


def test_jku_confirmed_in_the_dialog_is_fetched_once_with_a_warning(
    qtbot, jku_window, server, monkeypatch
):
    monkeypatch.setattr(
        QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes
    )

    click(qtbot, jku_window, "fetchHeaderJkuButton")

    qtbot.waitUntil(
        lambda: banner(jku_window).startswith("Signature verified"), timeout=10_000
    )
    assert server.log == ["/jwks.json"]
    lines = trace_lines(jku_window)
    assert lines[0] == f'→ header jku "{jku_of(jku_window)}" (fetched on request)'
    warning = next(line for line in lines if line.startswith("→ ⚠"))
    assert "proves nothing" in warning
    assert "host localhost is not the issuer's host 127.0.0.1" in " ".join(lines)


# --- x5c: certificates listed, leaf key used only with a warning ----------------------


@pytest.fixture(scope="module")
def x5c_token() -> tuple[str, x509.Certificate]:
    key = generate_ec("P-256")
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "signer.example.com"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Signers"),
        ]
    )
    start = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=30))
        .sign(key.key, hashes.SHA256())
    )
    der = certificate.public_bytes(serialization.Encoding.DER)
    now = int(time.time())
    token = sign_token(
        {"typ": "JWT", "x5c": [base64.b64encode(der).decode()]},
        {"iss": "https://signer.example.com", "iat": now, "exp": now + 600},
        key,
        alg="ES256",
    )
    return token, certificate


def test_x5c_certificates_are_listed_with_subject_and_thumbprint(window, x5c_token):
    token, _certificate = x5c_token
    load(window, token)
    panel = window.signature_panel
    panel.details.setCurrentWidget(panel.certificates_view.parentWidget())

    text = panel.certificates_view.toPlainText()
    info = x5c_certificates(parse_token(token), now=time.time())[0]
    assert "CN=signer.example.com" in text
    assert "O=Example Signers" in text
    assert info.thumbprint_sha256 in text
    assert "x5t#S256" in text
    assert "self-signed" in text
    assert "valid now" in text
    button = find(window, QWidget, "useCertificateKeyButton")
    assert button.isVisible()
    assert button.isEnabled()


def test_x5c_leaf_key_verifies_only_with_a_warning_in_the_trace(
    qtbot, window, x5c_token
):
    token, _certificate = x5c_token
    load(window, token)
    panel = window.signature_panel
    panel.details.setCurrentWidget(panel.certificates_view.parentWidget())
    assert window.session.key is None  # the embedded key is never used on its own

    click(qtbot, window, "useCertificateKeyButton")

    assert banner(window).startswith("Signature verified")
    lines = trace_lines(window)
    assert lines[0] == "→ key of the header's x5c leaf certificate"
    warning = next(line for line in lines if line.startswith("→ ⚠"))
    assert "proves nothing by itself" in warning
    assert "does not check the chain" in warning


def test_token_without_x5c_offers_no_certificate_key(window, server, rsa_a):
    load(window, rs256(rsa_a, server.url, kid="k1"))

    panel = window.signature_panel
    assert "carries a certificate" in panel.certificates_view.toPlainText()
    assert not panel.use_certificate_button.isEnabled()


def test_x5c_in_a_jwk_the_user_gives_is_listed(window, x5c_token):
    _token, certificate = x5c_token
    load(window, rs256(generate_rsa(2048), "https://id.example.com/", kid="k1"))
    panel = window.signature_panel
    public = certificate.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    from jwtinspector.core.keys import load_key

    loaded = load_key(public.decode())
    assert isinstance(loaded, KeyMaterial)
    der = certificate.public_bytes(serialization.Encoding.DER)
    entry = {**to_jwk(loaded), "kid": "cert-1", "x5c": [base64.b64encode(der).decode()]}

    panel.set_key_text(json.dumps({"keys": [entry]}))

    text = panel.certificates_view.toPlainText()
    assert 'In the key you gave (JWK kid "cert-1"):' in text
    assert "CN=signer.example.com" in text
    assert "The JWK's key is the leaf's key." in text
    # The header has no x5c: there is no header leaf key to offer.
    assert not panel.use_certificate_button.isEnabled()


def x5c_of(key: KeyMaterial, subject: str) -> list[str]:
    """A self-signed certificate of the key, valid from yesterday, as an x5c."""
    start = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    der = certificate(key.key, subject, start=start, days=30).public_bytes(
        serialization.Encoding.DER
    )
    return [base64.b64encode(der).decode()]


def certificates_tab(window: MainWindow) -> list[str]:
    panel = window.signature_panel
    panel.details.setCurrentWidget(panel.certificates_view.parentWidget())
    return panel.certificates_view.toPlainText().splitlines()


def test_each_key_of_a_pasted_jwks_lists_its_certificates(window, rsa_a, rsa_b):
    keys = [
        jwk(rsa_a, "k1") | {"x5c": x5c_of(rsa_a, "one.example")},
        {k: v for k, v in jwk(rsa_b, "-").items() if k != "kid"}
        | {"x5c": x5c_of(rsa_b, "two.example")},
    ]
    load(window, rs256(rsa_a, "https://id.example.com/"))  # no kid
    window.signature_panel.set_key_text(json.dumps({"keys": keys}))

    lines = certificates_tab(window)

    assert [line for line in lines if line.startswith("In the key")] == [
        'In the key you gave (JWK kid "k1"):',
        "In the key you gave (JWK key 2):",
    ]
    assert "leaf: CN=one.example (RSA 2048)" in lines
    assert "leaf: CN=two.example (RSA 2048)" in lines
    assert lines.count("The JWK's key is the leaf's key.") == 2
    assert sum(line.endswith(": valid now") for line in lines) == 2

    # The token names k1: only k1's certificates, and a line for the other.
    load(window, rs256(rsa_a, "https://id.example.com/", kid="k1"))
    lines = certificates_tab(window)
    assert [line for line in lines if line.startswith("In the key")] == [
        'In the key you gave (JWK kid "k1"):'
    ]
    assert "leaf: CN=two.example (RSA 2048)" not in lines
    assert lines[-1] == (
        "Not listed: 1 other key of the set with certificates (key 2), "
        'as the token\'s kid is "k1".'
    )


def test_a_fetched_key_set_lists_its_keys_certificates(
    qtbot, window, server, rsa_a, rsa_b
):
    server.discovery()
    server.json(
        "/keys",
        {
            "keys": [
                jwk(rsa_b, "k2") | {"x5c": x5c_of(rsa_b, "two.example")},
                jwk(rsa_a, "k1") | {"x5c": x5c_of(rsa_b, "not-k1.example")},
                jwk(rsa_b, "k3"),  # no certificate
            ]
        },
    )
    load(window, rs256(rsa_a, server.url, kid="k1"))
    assert certificates_tab(window) == [
        "Neither the header nor the key carries a certificate (x5c)."
    ]
    choose_fetch_mode(window.signature_panel)

    fetch_until_verified(qtbot, window)

    lines = certificates_tab(window)
    assert lines[0] == f'In the keys fetched from {server.url}/keys (JWK kid "k1"):'
    assert lines[1] == "leaf: CN=not-k1.example (RSA 2048)"
    assert lines[2] == "issuer: CN=not-k1.example (self-signed)"
    assert lines[3].endswith(": valid now")
    assert (
        "The JWK's key is not the leaf certificate's key, as it must be "
        "(RFC 7517 §4.7)."
    ) in lines
    assert lines[-1] == (
        'Not listed: 1 other key of the set with certificates (kid "k2"), '
        'as the token\'s kid is "k1".'
    )
    # The key without a certificate is not listed. Lines also hold random
    # base64url thumbprints, which may contain k3 by chance: look for the key's
    # label, not the letters.
    assert not any('"k3"' in line for line in lines)
    assert len([line for line in lines if line.startswith("leaf: ")]) == 1
