"""The time machine: the window judges a token at a chosen instant."""

from __future__ import annotations

from fake_clock import FakeClock
from label_text import plain
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from jwtinspector.core.keys import load_secret
from jwtinspector.core.numericdate import iso_utc
from jwtinspector.core.sign import sign_token
from jwtinspector.main_window import MainWindow
from jwtinspector.models.session import TokenSession

NOW = 1_700_000_000.0
SECRET_TEXT = "time-machine-test-secret-32-bytes!"
SECRET = load_secret(SECRET_TEXT)
HEADER = {"alg": "HS256", "typ": "JWT"}


def _token(**claims: int) -> str:
    return sign_token(HEADER, {"sub": "alice", **claims}, SECRET)


def _window(qtbot, token: str, clock: FakeClock | None = None) -> MainWindow:
    window = MainWindow(TokenSession(clock=clock or FakeClock(NOW)))
    qtbot.addWidget(window)
    window.signature_panel.set_secret(SECRET_TEXT)
    window.load_argument(token)
    return window


def _open(window: MainWindow) -> None:
    window.time_machine.action.trigger()  # View ▸ Time machine


def _enter(qtbot, window: MainWindow, text: str) -> None:
    edit = window.time_machine.bar.edit
    edit.clear()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def _banner(window: MainWindow) -> str:
    return plain(window.signature_panel.banner)


def _notice(window: MainWindow) -> str:
    notice = window.time_machine.bar.notice
    return plain(notice) if notice.isVisibleTo(window) else ""


def test_a_time_after_exp_expires_the_token_says_not_now_and_now_returns(qtbot):
    clock = FakeClock(NOW)
    window = _window(qtbot, _token(iat=int(NOW) - 60, exp=int(NOW) + 600), clock)
    session = window.session
    assert _banner(window).startswith("Signature verified")
    assert window.signature_panel.countdown.text() == "expires in 10:00"
    assert session.timer.isActive()

    _open(window)
    assert window.time_machine.bar.isVisibleTo(window)
    assert window.time_machine.action.shortcut().toString() == "Ctrl+Shift+T"
    _enter(qtbot, window, "2023-11-14T23:13:20Z")  # NOW + 3600

    assert "the token has expired" in _banner(window)
    assert _notice(window).startswith(
        "Evaluated at 2023-11-14 23:13:20 UTC (not now) · 1 h ahead"
    )
    assert window.time_machine.bar.property("away") is True
    # The countdown counts from the chosen time and stands still.
    assert window.signature_panel.countdown.text() == "expired 50:00 ago"
    assert "chosen time" in window.signature_panel.countdown.toolTip()
    assert not session.timer.isActive()
    clock.advance(30)
    session.tick()
    assert window.signature_panel.countdown.text() == "expired 50:00 ago"
    # The audit judges at the chosen time too.
    assert "EXP-EXPIRED" in {finding.id for finding in session.findings()}

    window.time_machine.bar.now_button.click()

    assert _banner(window).startswith("Signature verified")
    assert "has expired" not in _banner(window)
    assert _notice(window) == ""
    assert window.time_machine.bar.edit.text() == ""
    assert window.signature_panel.countdown.text() == "expires in 9:30"
    assert session.timer.isActive()
    assert "EXP-EXPIRED" not in {finding.id for finding in session.findings()}


def test_epoch_seconds_and_a_time_before_nbf_are_read_as_the_command_line_does(qtbot):
    window = _window(qtbot, _token(nbf=int(NOW), exp=int(NOW) + 600))
    _open(window)

    _enter(qtbot, window, str(int(NOW) - 120))

    assert "the token is not valid yet" in _banner(window)
    assert "(not now) · 2 min back" in _notice(window)
    assert window.signature_panel.countdown.text().startswith("valid in 2:00")


def test_leeway_lets_a_just_expired_token_pass_and_is_named(qtbot):
    window = _window(qtbot, _token(exp=int(NOW) - 5))
    assert "the token has expired" in _banner(window)

    window.signature_panel.leeway.setValue(30)

    assert _banner(window).startswith("Signature verified")
    assert "has expired" not in _banner(window)
    problems = plain(window.signature_panel.problems)
    assert "✓ exp: Expired 2023-11-14 22:13:15 UTC, accepted within the 30 s " in (
        problems
    )
    _open(window)
    assert "allow 30 s of clock skew (the leeway in the Expect row)" in _notice(window)
    # At a chosen time past the leeway the token has expired again.
    _enter(qtbot, window, iso_utc(NOW + 60))
    assert "the token has expired" in _banner(window)


def test_bad_time_gives_a_message_and_keeps_the_text_and_the_time(qtbot):
    window = _window(qtbot, _token(exp=int(NOW) + 600))
    _open(window)
    _enter(qtbot, window, iso_utc(NOW + 3600))
    assert "the token has expired" in _banner(window)

    _enter(qtbot, window, "next tuesday")

    notice = _notice(window)
    assert "'next tuesday' is not a time: give ISO 8601" in notice
    assert "seconds since 1970" in notice
    assert window.time_machine.bar.edit.text() == "next tuesday"
    # The time chosen before stands, and says so.
    assert notice.startswith("Evaluated at 2023-11-14 23:13:20 UTC (not now)")
    assert "the token has expired" in _banner(window)


def test_closing_the_time_machine_returns_to_now(qtbot):
    window = _window(qtbot, _token(exp=int(NOW) + 600))
    _open(window)
    _enter(qtbot, window, iso_utc(NOW + 3600))

    window.time_machine.bar.close_button.click()

    assert not window.time_machine.bar.isVisibleTo(window)
    assert not window.time_machine.action.isChecked()
    assert window.session.evaluation.live
    assert window.statusBar().currentMessage() == (
        "Evaluating at now again: the countdown ticks"
    )
    assert _banner(window).startswith("Signature verified")
    assert "has expired" not in _banner(window)


def test_the_timeline_marks_each_time_claim_and_the_evaluation_time(qtbot):
    claims = {
        "iat": int(NOW) - 300,
        "nbf": int(NOW) - 200,
        "auth_time": int(NOW) - 400,
        "exp": int(NOW) + 600,
    }
    window = _window(qtbot, _token(**claims))
    window.resize(1000, 650)
    window.show()
    _open(window)
    strip = window.time_machine.bar.strip

    timeline = strip.timeline
    assert timeline is not None
    assert [row.label for row in timeline.rows] == ["this token"]
    marks = timeline.rows[0].marks
    assert [mark.claim for mark in marks] == ["auth_time", "iat", "nbf", "exp"]
    assert [mark.seconds for mark in marks] == sorted(claims.values())
    assert timeline.at == NOW
    assert timeline.start < min(claims.values())
    assert timeline.end > max(claims.values())
    assert "exp: 2023-11-14 22:23:20 UTC, 10 min after the evaluation time" in (
        strip.accessibleDescription()
    )
    image = strip.grab().toImage()
    assert not image.isNull()
    assert image.height() > 0
    colours = {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    }
    assert len(colours) > 3  # marks, the line and the labels are drawn


def test_clicking_a_mark_evaluates_at_it(qtbot):
    exp = int(NOW) + 600
    window = _window(qtbot, _token(iat=int(NOW) - 3600, exp=exp))
    window.resize(1000, 650)
    window.show()
    _open(window)
    strip = window.time_machine.bar.strip
    places = [rect for rect, mark in strip.mark_places() if mark.claim == "exp"]
    assert len(places) == 1
    point = places[0].center().toPoint()
    assert strip.mark_at(point.x(), point.y()).claim == "exp"

    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=point)

    assert window.session.evaluation.chosen == exp
    assert window.time_machine.bar.edit.text() == iso_utc(exp)
    assert "the token has expired" in _banner(window)


def test_two_tokens_in_one_paste_are_two_rows(qtbot):
    first = _token(exp=int(NOW) + 600)
    second = sign_token(
        {"alg": "HS256", "typ": "at+jwt"},
        {"sub": "alice", "iat": int(NOW) - 60, "exp": int(NOW) + 3600},
        SECRET,
    )
    window = _window(qtbot, first)
    _open(window)
    QGuiApplication.clipboard().setText(
        f"Authorization: Bearer {first}\nCookie: access_token={second}"
    )
    window.paste_action.trigger()

    timeline = window.time_machine.bar.strip.timeline
    assert timeline is not None
    assert [row.label for row in timeline.rows] == ["Authorization", "access_token"]
    assert [row.shown for row in timeline.rows] == [True, False]
    assert [[m.claim for m in row.marks] for row in timeline.rows] == [
        ["exp"],
        ["iat", "exp"],
    ]
    assert timeline.more == 0


def test_the_controls_are_in_the_tab_order_after_the_verdict(qtbot):
    window = _window(qtbot, _token(exp=int(NOW) + 600))
    with qtbot.waitActive(window):
        window.show()
    _open(window)
    bar = window.time_machine.bar
    assert QApplication.focusWidget() is bar.edit

    chain = []
    widget = bar.edit
    while len(chain) < 5:
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible():
            chain.append(widget)
    assert chain[:4] == [
        bar.jump_button,
        bar.now_button,
        bar.close_button,
        window.signature_panel.algorithm_combo,
    ]
    assert all(w.accessibleName() for w in chain[:3])


def test_the_chosen_time_is_never_saved(qtbot, settings_dir):
    window = _window(qtbot, _token(exp=int(NOW) + 600))
    _open(window)
    _enter(qtbot, window, iso_utc(NOW + 3600))
    window.close()  # saves the window's settings
    QSettings().sync()

    saved = "".join(
        path.read_text(errors="replace")
        for path in settings_dir.rglob("*")
        if path.is_file()
    )
    assert "2023-11-14" not in saved
    assert str(int(NOW) + 3600) not in saved
    again = _window(qtbot, _token(exp=int(NOW) + 600))
    assert again.session.evaluation.live
    assert not again.time_machine.bar.isVisibleTo(again)
    assert _banner(again).startswith("Signature verified")


def test_the_header_certificate_is_judged_at_the_chosen_time(qtbot):
    import base64
    import datetime

    from certificates import certificate
    from cryptography.hazmat.primitives import serialization

    from jwtinspector.core.keygen import generate_ec

    key = generate_ec("P-256")
    start = datetime.datetime.fromtimestamp(NOW - 86400, tz=datetime.UTC)
    cert = certificate(key.key, "signer.example.com", start=start, days=2)
    der = cert.public_bytes(serialization.Encoding.DER)
    token = sign_token(
        {"typ": "JWT", "x5c": [base64.b64encode(der).decode()]},
        {"iat": int(NOW), "exp": int(NOW) + 600},
        key,
        alg="ES256",
    )
    window = MainWindow(TokenSession(clock=FakeClock(NOW)))
    qtbot.addWidget(window)
    window.load_argument(token)
    view = window.signature_panel.certificates_view
    assert "valid now" in view.toPlainText()
    _open(window)

    _enter(qtbot, window, iso_utc(NOW + 3 * 86400))

    assert "expired" in view.toPlainText()
    assert "valid now" not in view.toPlainText()


def test_a_dark_scheme_recolours_the_bar(qtbot):
    from PySide6.QtGui import QColor, QPalette

    window = _window(qtbot, _token(exp=int(NOW) + 600))
    _open(window)
    _enter(qtbot, window, iso_utc(NOW + 60))
    bar = window.time_machine.bar
    assert "#e8eaf6" in bar.styleSheet()

    dark = QPalette(window.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#17181a"))
    window.setPalette(dark)

    qtbot.waitUntil(lambda: "#262a45" in bar.styleSheet(), timeout=1000)
    assert "#aab4f5" in bar.notice.text()  # the note in the dark scheme's colour


def test_at_most_ten_tokens_are_drawn_and_the_rest_counted(qtbot):
    tokens = [_token(exp=int(NOW) + 60 * n) for n in range(1, 13)]
    window = _window(qtbot, tokens[0])
    _open(window)
    QGuiApplication.clipboard().setText(
        "\n".join(f"token_{n}={token}" for n, token in enumerate(tokens, 1))
    )
    window.paste_action.trigger()

    strip = window.time_machine.bar.strip
    assert strip.timeline is not None
    assert len(strip.timeline.rows) == 10
    assert strip.timeline.more == 2
    assert strip.accessibleDescription().endswith("… 2 more")
    # Three rows show; the rest scroll inside the bar.
    area = window.time_machine.bar.strip_area
    assert area.height() < strip.height()
