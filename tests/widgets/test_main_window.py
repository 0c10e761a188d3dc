"""The main window, driven as a user would: type, paste, open, read the panes."""

from __future__ import annotations

import base64
import json
import sys

import pytest
from fake_clock import FakeClock
from label_text import plain
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDropEvent,
    QGuiApplication,
    QPalette,
    QTextCharFormat,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)

from jwtinspector.app import create_window
from jwtinspector.core.keygen import generate_rsa
from jwtinspector.core.keys import load_secret, to_public_pem
from jwtinspector.core.sign import sign_token
from jwtinspector.main_window import MainWindow
from jwtinspector.models.claims_model import Column
from jwtinspector.models.session import TokenSession
from jwtinspector.widgets.json_view import JsonView

NOW = 1_700_000_000.0
SECRET = "window-test-secret-32-bytes-long"
HEADER = {"alg": "HS256", "typ": "JWT"}
CLAIMS = {
    "iss": "https://auth.example.com",
    "sub": "alice",
    "role": "admin",
    "iat": int(NOW),
    "exp": int(NOW) + 900,
}
NAMED_CONTROLS = (
    "tokenEdit",
    "tokenErrors",
    "headerView",
    "headerTable",
    "payloadView",
    "claimsTable",
    "signatureView",
    "verificationBanner",
    "expiryCountdown",
    "claimProblems",
    "algorithmLabel",
    "keyMode",
    "secretEdit",
    "keyEdit",
    "keyInfo",
    "issuerEdit",
    "audienceEdit",
    "leewaySpin",
)


def pretty(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Base, "#181818"),
        (QPalette.ColorRole.AlternateBase, "#262626"),
        (QPalette.ColorRole.Text, "#e8eaed"),
        (QPalette.ColorRole.Button, "#303134"),
        (QPalette.ColorRole.ButtonText, "#e8eaed"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def light_palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#000000"))
    palette.setColor(QPalette.ColorRole.Window, QColor("#efefef"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#000000"))
    return palette


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two colours."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF())
            + 0.7152 * channel(c.greenF())
            + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def char_format(window: MainWindow, offset: int) -> QTextCharFormat:
    """The highlighter's format at one character of the token editor."""
    block = window.token_edit.document().findBlock(offset)
    column = offset - block.position()
    ranges = block.layout().formats()  # keep the list alive while copying
    for fmt in ranges:
        if fmt.start <= column < fmt.start + fmt.length:
            return QTextCharFormat(fmt.format)
    return QTextCharFormat()


def with_bad_char(token: str, segment: int, index: int, char: str) -> tuple[str, int]:
    parts = token.split(".")
    parts[segment] = parts[segment][:index] + char + parts[segment][index + 1 :]
    return ".".join(parts), sum(len(p) + 1 for p in parts[:segment]) + index


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def window(qtbot, clock) -> MainWindow:
    win = MainWindow(TokenSession(clock=lambda: clock.now))
    qtbot.addWidget(win)
    return win


@pytest.fixture
def token() -> str:
    return sign_token(HEADER, CLAIMS, load_secret(SECRET))


@pytest.fixture(scope="module")
def rsa_key():
    return generate_rsa(2048)


def test_window_verifies_with_the_right_secret(window, token):
    window.token_edit.setPlainText(token)
    window.signature_panel.secret_edit.setText(SECRET)

    banner = plain(window.signature_panel.banner)
    assert banner.startswith("Signature verified")
    assert "HS256" in banner
    assert window.signature_panel.banner.property("state") == "good"


def test_window_wrong_secret_says_invalid(window, token):
    window.token_edit.setPlainText(token)
    window.signature_panel.secret_edit.setText("not-the-secret-not-the-secret-!!")

    assert plain(window.signature_panel.banner).startswith("Invalid signature")
    assert window.signature_panel.banner.property("state") == "bad"


def test_window_without_key_says_not_checked(window, token):
    window.token_edit.setPlainText(token)

    banner = plain(window.signature_panel.banner)
    assert banner.startswith("Signature not checked: no key")
    assert "shared secret" in banner


def test_window_empty_editor_invites_a_paste(window, token):
    window.token_edit.setPlainText(token)
    window.token_edit.clear()

    assert plain(window.signature_panel.banner) == "Paste a token to verify it."
    assert window.header_view.toPlainText() == ""
    assert window.claims_table.model().rowCount() == 0


def test_window_panes_show_pretty_json(window, token):
    window.token_edit.setPlainText(token)

    assert window.header_view.toPlainText() == pretty(HEADER)
    assert window.payload_view.toPlainText() == pretty(CLAIMS)
    assert window.signature_panel.algorithm.text() == "HS256 · HMAC with SHA-256"
    signature = token.rsplit(".", 1)[1]
    assert signature in window.signature_panel.signature_view.toPlainText()


def test_window_claims_table_rows_follow_the_token_order(window, token):
    window.token_edit.setPlainText(token)

    model = window.claims_table.model()
    names = [model.index(row, Column.NAME).data() for row in range(model.rowCount())]
    values = [model.index(row, Column.VALUE).data() for row in range(model.rowCount())]
    assert names == list(CLAIMS)
    assert values[1] == '"alice"'
    header = window.header_table.model()
    assert [header.index(r, 0).data() for r in range(header.rowCount())] == [
        "alg",
        "typ",
    ]


def test_window_malformed_payload_shows_inline_error(window, token):
    bad, offset = with_bad_char(token, 1, 10, "!")
    window.token_edit.setPlainText(bad)

    errors = plain(window.token_errors)
    assert "payload" in errors
    assert f"character {offset + 1}" in errors
    assert "'!'" in errors
    assert window.token_edit.toPlainText() == bad
    assert window.header_view.toPlainText() == pretty(HEADER)
    assert "could not be decoded" in window.payload_view.toPlainText()
    marked = char_format(window, offset)
    assert marked.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline


def test_window_segments_are_coloured_differently(window, token):
    window.token_edit.setPlainText(token)
    header_end = token.index(".")
    payload_end = token.index(".", header_end + 1)

    colours = {
        char_format(window, offset).foreground().color().name()
        for offset in (0, header_end + 1, payload_end + 1)
    }
    assert len(colours) == 3


def test_window_fixing_the_token_clears_the_error(window, token):
    bad, _ = with_bad_char(token, 1, 10, "!")
    window.token_edit.setPlainText(bad)
    window.token_edit.setPlainText(token)

    assert plain(window.token_errors) == ""
    assert window.payload_view.toPlainText() == pretty(CLAIMS)


@pytest.mark.parametrize(
    "wrapped",
    [
        "Bearer {token}",
        "Authorization: Bearer {token}",
        "GET /\nAuthorization: Bearer {token}\n",
    ],
)
def test_window_bearer_and_authorization_line_decode_the_same(window, token, wrapped):
    window.signature_panel.secret_edit.setText(SECRET)
    text = wrapped.format(token=token)
    window.token_edit.setPlainText(text)

    assert window.token_edit.toPlainText() == text
    assert window.header_view.toPlainText() == pretty(HEADER)
    assert window.payload_view.toPlainText() == pretty(CLAIMS)
    assert plain(window.signature_panel.banner).startswith("Signature verified")
    assert plain(window.token_errors) == ""


def test_window_countdown_reaches_expiry(window, clock):
    short = sign_token(
        HEADER, {"sub": "alice", "exp": int(NOW) + 2}, load_secret(SECRET)
    )
    window.token_edit.setPlainText(short)
    window.signature_panel.secret_edit.setText(SECRET)
    countdown = window.signature_panel.countdown
    assert countdown.text() == "expires in 0:02"
    assert plain(window.signature_panel.problems) == ""

    clock.now += 3
    window.session.tick()

    assert countdown.text().startswith("expired")
    assert countdown.property("state") == "expired"
    assert "exp: Expired" in window.signature_panel.problems.text()
    assert plain(window.signature_panel.banner).startswith("Signature verified")
    assert window.signature_panel.banner.property("state") == "warn"


def test_window_rs256_token_offers_the_key_box_and_verifies(window, rsa_key):
    panel = window.signature_panel
    token = sign_token({"alg": "RS256", "typ": "JWT"}, CLAIMS, rsa_key)
    window.token_edit.setPlainText(token)

    assert panel.key_mode.currentText().startswith("Auto")
    assert "BEGIN PUBLIC KEY" in panel.key_edit.placeholderText()
    assert not panel.key_edit.isHidden()
    assert panel.secret_edit.isHidden()
    assert plain(panel.banner).startswith("Signature not checked: no key")

    panel.key_edit.setPlainText(to_public_pem(rsa_key))

    assert plain(panel.banner).startswith("Signature verified")
    assert "RS256" in plain(panel.banner)
    assert "RSA" in panel.key_info.text()
    assert panel.key_info.text().startswith("Recognised: RSA public key")


def test_window_file_open_loads_a_token_file(window, token, tmp_path, monkeypatch):
    path = tmp_path / "token.txt"
    path.write_text(token + "\n", encoding="utf-8")
    asked: list[tuple] = []

    def fake_dialog(*args, **kwargs):
        asked.append(args)
        return str(path), "All files (*)"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake_dialog)
    window.open_action.trigger()

    assert len(asked) == 1
    assert window.token_edit.toPlainText() == token + "\n"
    assert window.payload_view.toPlainText() == pretty(CLAIMS)


def test_window_file_open_cancelled_changes_nothing(window, token, monkeypatch):
    window.token_edit.setPlainText(token)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))

    window.open_action.trigger()

    assert window.token_edit.toPlainText() == token


def test_window_refuses_an_11_mb_paste(window, token):
    window.token_edit.setPlainText(token)
    mime = QMimeData()
    mime.setText("e" * (11 * 1024 * 1024))

    window.token_edit.insertFromMimeData(mime)

    assert window.token_edit.toPlainText() == token
    message = plain(window.token_errors)
    assert "refused" in message
    assert "Nothing was changed" in message
    assert window.payload_view.toPlainText() == pretty(CLAIMS)


def test_window_large_paste_is_decoded_after_the_event_loop_turns(qtbot, window, token):
    padded = sign_token(HEADER, {**CLAIMS, "blob": "x" * 120_000}, load_secret(SECRET))
    mime = QMimeData()
    mime.setText(padded)

    with qtbot.waitSignal(window.session.token_changed, timeout=5000) as changed:
        window.token_edit.insertFromMimeData(mime)

    assert changed.args[0].token == padded
    # The long value is shortened in the view (the token keeps it).
    assert "more characters" in window.payload_view.toPlainText()
    assert window.header_view.toPlainText() == pretty(HEADER)


def test_window_named_controls_have_accessible_names(window):
    for name in NAMED_CONTROLS:
        widget = window.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName().strip(), name
    for button in window.findChildren(QPushButton):
        assert button.accessibleName() or button.text().strip(), button.objectName()


def test_window_settings_keep_layout_but_never_the_secret(
    qtbot, clock, token, settings_dir
):
    window = MainWindow(TokenSession(clock=lambda: clock.now))
    qtbot.addWidget(window)
    window.token_edit.setPlainText(token)
    window.signature_panel.secret_edit.setText(SECRET)
    window.resize(790, 700)
    window.show()
    qtbot.waitExposed(window)
    window.main_split.setSizes([420, 370])  # as the user drags it
    qtbot.wait(10)
    saved_sizes = window.main_split.sizes()
    window.close()

    files = [p for p in settings_dir.rglob("*") if p.is_file()]
    assert files
    written = b"".join(p.read_bytes() for p in files)
    assert b"geometry" in written
    assert b"mainSplitter" in written
    assert b"rightSplitter" in written
    assert SECRET.encode() not in written
    assert token.split(".")[1].encode() not in written

    again = MainWindow(TokenSession(clock=lambda: clock.now))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.size().toTuple() == (790, 700)
    assert again.main_split.sizes() == saved_sizes
    assert again.signature_panel.secret_edit.text() == ""
    assert again.token_edit.toPlainText() == ""


def test_create_window_shows_the_verified_sample(qtbot):
    window = create_window()
    qtbot.addWidget(window)

    assert window.token_edit.toPlainText().startswith("eyJ")
    assert plain(window.signature_panel.banner).startswith("Signature verified")
    assert window.signature_panel.banner.property("state") == "good"
    assert window.signature_panel.countdown.text().startswith("expires in")
    assert '"alg": "HS256"' in window.header_view.toPlainText()


def test_create_window_with_a_token_argument(qtbot, token):
    window = create_window(token)
    qtbot.addWidget(window)

    assert window.payload_view.toPlainText() == pretty(CLAIMS)
    assert plain(window.signature_panel.banner).startswith("Signature not checked")


def header_colour(window: MainWindow) -> QColor:
    return char_format(window, 0).foreground().color()


def test_window_dark_palette_keeps_segment_colours_readable(qtbot, clock, token):
    light = MainWindow(TokenSession(clock=lambda: clock.now))
    dark = MainWindow(TokenSession(clock=lambda: clock.now))
    qtbot.addWidget(light)
    qtbot.addWidget(dark)
    light.setPalette(light_palette())
    dark.setPalette(dark_palette())
    light.token_edit.setPlainText(token)
    dark.token_edit.setPlainText(token)

    light_header, dark_header = header_colour(light), header_colour(dark)
    assert light_header != dark_header
    for window, colour in ((light, light_header), (dark, dark_header)):
        base = window.token_edit.palette().color(QPalette.ColorRole.Base)
        assert contrast(colour, base) >= 4.5, (colour.name(), base.name())


def test_window_switching_to_dark_recolours_the_shown_token(qtbot, window, token):
    window.setPalette(light_palette())
    window.token_edit.setPlainText(token)
    before = header_colour(window)

    window.setPalette(dark_palette())

    qtbot.waitUntil(lambda: header_colour(window) != before, timeout=1000)
    base = window.token_edit.palette().color(QPalette.ColorRole.Base)
    assert contrast(header_colour(window), base) >= 4.5


def test_json_view_highlighting_does_not_leak_none_references(qtbot):
    view = JsonView("leakView", "Leak check")
    qtbot.addWidget(view)
    value = [None if i % 2 else i for i in range(5000)]  # 5002 highlighted lines
    view.show_value([])
    QApplication.processEvents()

    before = sys.getrefcount(None)
    view.show_value(value)
    view.highlighter.rehighlight()
    QApplication.processEvents()
    after = sys.getrefcount(None)

    assert view.document().blockCount() == 5002
    last = view.document().findBlockByNumber(5000)
    assert last.layout().formats(), "the view was not highlighted"
    assert abs(after - before) < 50


# --- desktop conventions: drop, paste, copy, clear, quit, files ---------------


def drop_text(window: MainWindow, text: str) -> None:
    """Drop plain text onto the middle of the token editor, as a drag does."""
    mime = QMimeData()
    mime.setText(text)
    editor = window.token_edit
    event = QDropEvent(
        QPointF(editor.viewport().rect().center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    editor.dropEvent(event)


def test_dropped_text_replaces_the_shown_token(window, token):
    window.token_edit.setPlainText("eyJhbGciOiJub25lIn0.e30.")
    drop_text(window, f"Authorization: Bearer {token}")

    assert window.session.token is not None
    assert window.session.token.token == token
    assert window.payload_view.toPlainText() == pretty(CLAIMS)


def test_dropped_file_loads_its_token(window, token, tmp_path):
    path = tmp_path / "token.txt"
    path.write_text(f"Bearer {token}\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])

    window.token_edit.insertFromMimeData(mime)

    assert window.session.token.token == token


def test_paste_token_fills_an_empty_pane_and_replaces_a_full_one(window, token):
    QGuiApplication.clipboard().setText(token)
    window.paste_action.trigger()
    assert window.session.token.token == token

    other = sign_token(HEADER, {"sub": "bob"}, load_secret(SECRET))
    QGuiApplication.clipboard().setText(other)
    window.paste_action.trigger()
    assert window.session.token.token == other
    assert "Ctrl+Z" in window.statusBar().currentMessage()

    window.session.undo()
    assert window.token_edit.toPlainText() == token


def test_copy_and_clear_token(window, token):
    window.token_edit.setPlainText(f"  Bearer {token}  ")
    window.copy_action.trigger()
    assert QGuiApplication.clipboard().text() == token

    window.clear_action.trigger()
    assert window.token_edit.toPlainText() == ""
    assert plain(window.signature_panel.banner) == "Paste a token to verify it."


def test_quit_has_a_shortcut_and_closes_the_window(qtbot, window):
    window.show()
    assert not window.quit_action.shortcut().isEmpty()
    window.quit_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_about_names_the_app(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda *args: shown.append(args))
    window.about_action.trigger()
    assert "JWT Inspector" in shown[0][2]


def test_create_window_with_a_file_argument(qtbot, token, tmp_path):
    path = tmp_path / "captured.txt"
    path.write_text(f"Authorization: Bearer {token}\n")
    window = create_window(str(path))
    qtbot.addWidget(window)

    assert window.payload_view.toPlainText() == pretty(CLAIMS)


def test_create_window_with_a_missing_file_says_so(qtbot, tmp_path):
    missing = tmp_path / "nothing-here.txt"
    window = create_window(str(missing))
    qtbot.addWidget(window)

    message = plain(window.token_errors)
    assert "no such file" in message
    assert str(missing) in message


def test_window_payload_splitter_is_remembered(qtbot, clock):
    window = MainWindow(TokenSession(clock=lambda: clock.now))
    qtbot.addWidget(window)
    window.resize(1200, 900)
    window.show()
    window.payload_split.setSizes([80, 320])
    saved = window.payload_split.sizes()
    window.close()

    again = MainWindow(TokenSession(clock=lambda: clock.now))
    qtbot.addWidget(again)
    again.resize(1200, 900)
    again.show()
    assert again.payload_split.sizes() == saved


def test_undecodable_header_is_not_an_empty_pane(window, token):
    bad, _ = with_bad_char(token, 0, 3, "!")
    window.token_edit.setPlainText(bad)

    banner = plain(window.signature_panel.banner)
    assert banner.startswith("Signature cannot be checked")
    assert "header" in banner
    assert "Paste a token" not in banner


def test_expired_banner_says_so_and_problem_line_has_no_stale_time(window, clock):
    short = sign_token(
        HEADER, {"sub": "alice", "exp": int(NOW) + 2}, load_secret(SECRET)
    )
    window.token_edit.setPlainText(short)
    window.signature_panel.secret_edit.setText(SECRET)

    clock.now += 5
    window.session.tick()

    banner = plain(window.signature_panel.banner)
    assert banner.startswith("Signature verified, but the token has expired")
    problems = plain(window.signature_panel.problems)
    assert "exp: Expired" in problems
    assert "ago" not in problems  # the ticking countdown says how long ago
    assert window.signature_panel.countdown.text() == "expired 0:03 ago"


def test_countdown_turns_amber_in_its_last_minute(window, clock):
    short = sign_token(HEADER, {"sub": "a", "exp": int(NOW) + 90}, load_secret(SECRET))
    window.token_edit.setPlainText(short)
    countdown = window.signature_panel.countdown
    assert countdown.property("state") == "valid"
    green = countdown.styleSheet()

    clock.now += 35
    window.session.tick()

    assert countdown.text() == "expires in 0:55"
    assert countdown.property("state") == "last_minute"
    assert countdown.styleSheet() != green


def test_paste_over_the_decoder_limit_is_refused_whole(window, token):
    window.token_edit.setPlainText(token)
    mime = QMimeData()
    mime.setText("e" * (window.session.max_size + 1))

    window.token_edit.insertFromMimeData(mime)

    assert window.token_edit.toPlainText() == token
    assert "Paste refused" in plain(window.token_errors)


def test_dots_between_segments_have_their_own_colour(window, token):
    window.token_edit.setPlainText(token)
    dot = token.index(".")
    assert char_format(window, dot).foreground().color() != header_colour(window)
    assert "." in plain(window.token_summary)


def test_binary_payload_is_shown_as_bytes(window):
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    window.token_edit.setPlainText(
        f"{b64(json.dumps(HEADER).encode())}.{b64(bytes([0xFF, 0x00, 0x9C]))}.c2ln"
    )

    shown = window.payload_view.toPlainText()
    assert "not UTF-8" in shown
    assert "ff 00 9c" in shown


def test_each_pasted_token_is_its_own_undo_step(window, token):
    """Typing merges into one step; a new token pasted right after must not."""
    second = sign_token(HEADER, {"sub": "bob"}, load_secret(SECRET))
    third = sign_token(HEADER, {"sub": "carol"}, load_secret(SECRET))
    for text in (token, second, third):  # the test clock stands still
        QGuiApplication.clipboard().setText(text)
        window.paste_action.trigger()

    window.session.undo()
    assert window.token_edit.toPlainText() == second
    window.session.undo()
    assert window.token_edit.toPlainText() == token


def test_unexpected_error_is_shown_and_keeps_the_token(
    qtbot, window, token, monkeypatch
):
    from jwtinspector.app import _ErrorReporter

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args))
    window.token_edit.setPlainText(token)
    report = _ErrorReporter(window)

    try:
        raise ValueError("boom\nsecond line")
    except ValueError as exc:
        report(type(exc), exc, exc.__traceback__)

    assert "ValueError: boom" in window.statusBar().currentMessage()
    assert "second line" not in window.statusBar().currentMessage()
    assert "ValueError: boom" in shown[0][2]
    assert window.token_edit.toPlainText() == token
