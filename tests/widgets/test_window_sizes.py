"""The window at the sizes users have: 1000x650, a 1080p screen at 200 %
(960x540 logical) and 1920x1080. No whole-window scroll bar, no button or
label cut off, a verdict banner that does not move what is below it."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest
from label_text import plain
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QScrollArea,
    QWidget,
)

from jwtinspector.app import create_window
from jwtinspector.core.keygen import generate_rsa
from jwtinspector.core.keys import load_secret
from jwtinspector.core.sign import sign_token
from jwtinspector.main_window import MainWindow
from jwtinspector.models.claims_model import Column
from jwtinspector.widgets.key_box import KEY_TEXT_MODE

SMALL = [(1000, 650), (960, 540)]
HERE = pathlib.Path(__file__).resolve().parent


def settle(rounds: int = 10) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def shown(qtbot, size: tuple[int, int], *, details: bool = False) -> MainWindow:
    window = create_window()
    qtbot.addWidget(window)
    window.show_details(details)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    settle()
    return window


def visible(window: QWidget, kind: type[QWidget]) -> list[QWidget]:
    return [w for w in window.findChildren(kind) if w.isVisible()]


def cut_off(widget: QWidget) -> str:
    """Why the widget's text does not fit it ("" when it does)."""
    if isinstance(widget, QLabel) and not widget.text():
        return ""
    if isinstance(widget, QAbstractButton) and not widget.text():
        return ""
    if isinstance(widget, QLabel) and widget.wordWrap():
        needed = widget.heightForWidth(widget.width())
        if widget.height() < needed:
            return f"{widget.height()} px high, needs {needed}"
    elif widget.sizeHint().width() > widget.width():
        return f"{widget.width()} px wide, needs {widget.sizeHint().width()}"
    # Not hidden under the edge of the pane (or window) that holds it.
    seen = widget.visibleRegion().boundingRect()
    if seen != QRect(0, 0, widget.width(), widget.height()):
        return f"only {seen.getRect()} of {widget.size().toTuple()} is visible"
    return ""


def text_of(widget: QWidget) -> str:
    return plain(widget) if isinstance(widget, QLabel) else widget.text()


def check_nothing_is_cut_off(window: MainWindow) -> None:
    widgets = visible(window, QAbstractButton) + visible(window, QLabel)
    problems = {
        f"{w.objectName() or w.metaObject().className()} {text_of(w)!r}": cut_off(w)
        for w in widgets
        if not isinstance(w, QLabel) or w.objectName() != "placeholder"
    }
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.parametrize("size", SMALL, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("details", [False, True], ids=["folded", "details"])
def test_small_windows_fit_without_a_whole_window_scroll_bar(qtbot, size, details):
    window = shown(qtbot, size, details=details)

    assert window.size().toTuple() == size  # the panes never force it larger
    central = window.centralWidget()
    assert not isinstance(central, QAbstractScrollArea)
    # The verify pane holds its controls without scrolling (with the details
    # unfolded in the smallest window it may scroll, the window still not).
    scrolling = [
        area.objectName()
        for area in window.findChildren(QScrollArea)
        if area.verticalScrollBar().isVisible()
        or area.horizontalScrollBar().isVisible()
    ]
    if not details or size == SMALL[0]:
        assert scrolling == []


@pytest.mark.parametrize("size", SMALL, ids=lambda s: f"{s[0]}x{s[1]}")
def test_small_windows_cut_off_no_button_or_label(qtbot, size):
    window = shown(qtbot, size)

    check_nothing_is_cut_off(window)
    panel = window.signature_panel
    for control in (panel.export_button, window.claims_tools.quick_button):
        assert control.isVisible()
    assert window.signature_panel.countdown.text().startswith("expires in")
    # The sample's secret is shown from its start, not scrolled to its end.
    assert panel.secret_edit.cursorPosition() == 0


SECRET = "a-secret-of-the-users-32-bytes!!"


def _token(claims: dict, secret: str = SECRET, alg: str = "HS256") -> str:
    return sign_token({"alg": alg, "typ": "JWT"}, claims, load_secret(secret))


@pytest.mark.parametrize("size", SMALL, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_banner_keeps_its_height_whatever_the_verdict(qtbot, size):
    """Nothing below the verdict moves when it changes: the key row and the
    expectations stay under the pointer, whatever the banner, the claim
    checks or the "Recognised: …" lines say."""
    window = shown(qtbot, size)
    panel = window.signature_panel
    places, in_windows = {}, {}

    def place(state: str, banner_start: str) -> None:
        settle()
        assert plain(panel.banner).startswith(banner_start), state
        top = panel.key_mode.mapTo(panel, panel.key_mode.rect().topLeft())
        in_window = panel.key_mode.mapTo(window, panel.key_mode.rect().topLeft())
        expect = panel.issuer_edit.mapTo(panel, panel.issuer_edit.rect().topLeft())
        places[state] = (panel.verdict.height(), top.y(), expect.y())
        in_windows[state] = in_window.y()
        # The banner's text is never cut: what does not fit scrolls.
        assert panel.banner.height() >= panel.banner.heightForWidth(
            panel.banner.width()
        ), state

    place("sample verified", "Signature verified")
    panel.set_secret("not-the-sample-secret-but-32-bytes!")
    place("invalid", "Invalid signature")
    panel.set_secret("")
    place("no key", "Signature not checked: no key")
    window.token_edit.set_token_text(_token({"sub": "a", "exp": 1096300000}))
    panel.set_secret(SECRET)
    place("expired", "Signature verified, but the token has expired")
    assert "✗ exp: Expired 2004-09-27" in panel.problems.text()
    assert panel.problems.isVisible()
    window.token_edit.set_token_text(_token({"sub": "a"}, secret="short"))
    panel.set_secret("short")
    place("short secret", "Signature verified")
    assert "⚠" in panel.problems.text()
    window.token_edit.set_token_text("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOi%%%.AAAA")
    place("decode error", "Signature cannot be checked")
    rs256 = generate_rsa(2048)
    window.token_edit.set_token_text(_token({"sub": "a"}))
    panel.set_secret(SECRET)
    window.token_edit.set_token_text(sign_token({"alg": "RS256"}, {"a": 1}, rs256))
    place("key set aside", "Signature not checked: no key")
    assert "you entered before" in plain(panel.banner)

    assert len(set(places.values())) == 1, places
    if size == (1000, 650):
        # There the token pane keeps its height too: the key row stays put
        # in the window. (In 960x540 a decode error's lines under the token
        # take room from the whole signature pane.)
        assert len(set(in_windows.values())) == 1, in_windows
    # A verdict longer than the block is whole in its tooltip.
    window.token_edit.set_token_text(_token({"sub": "a", "exp": 1096300000}))
    panel.set_secret(SECRET)
    settle()
    assert "✗ exp: Expired 2004-09-27" in panel.verdict.toolTip()
    assert panel.verdict.toolTip().startswith("Signature verified, but")


def test_at_1920x1080_the_claims_show_every_meaning_whole(qtbot):
    window = shown(qtbot, (1920, 1080), details=True)
    table = window.claims_table
    model = table.model()
    width = table.columnWidth(Column.MEANING)
    metrics = QFontMetrics(table.font())
    flags = int(Qt.TextFlag.TextWordWrap)

    rows = model.rowCount()
    assert rows >= 8
    for row in range(rows):
        text = model.index(row, Column.MEANING).data()
        needed = metrics.boundingRect(QRect(0, 0, width - 8, 10_000), flags, text)
        assert needed.height() <= table.rowHeight(row), text
    check_nothing_is_cut_off(window)


def test_the_algorithm_list_is_as_wide_as_its_longest_name(qtbot):
    window = shown(qtbot, (1000, 650))
    combo = window.signature_panel.algorithm_combo
    longest = max(
        (combo.itemText(i) for i in range(combo.count())),
        key=combo.fontMetrics().horizontalAdvance,
    )
    window.token_edit.set_token_text(
        "eyJhbGciOiJSU0EtT0FFUC0yNTYiLCJlbmMiOiJBMjU2R0NNIn0.AAAA.BBBB.CCCC.DDDD"
    )
    settle()

    assert combo.currentText() == "RSA-OAEP-256"
    needed = combo.fontMetrics().horizontalAdvance("RSA-OAEP-256")
    assert combo.width() >= needed + 20  # the text and the arrow
    assert combo.fontMetrics().horizontalAdvance(longest) <= combo.width()


_REAL_SCREEN = """
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QScrollArea
app = QApplication([])
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[1])
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
from jwtinspector.app import create_window
from jwtinspector.core.keygen import generate_rsa
from jwtinspector.core.keys import load_secret
from jwtinspector.core.sign import sign_token
window = create_window()
window.show()
while not window.windowHandle().isExposed():
    app.processEvents()
for _ in range(10):
    app.processEvents()
areas = window.findChildren(QScrollArea)
bars = [a for a in areas if a.verticalScrollBar().isVisible()
        or a.horizontalScrollBar().isVisible()]
sys.path.insert(0, sys.argv[2])
from test_window_sizes import check_nothing_is_cut_off
check_nothing_is_cut_off(window)
print(window.size().toTuple(), window.details_shown, len(bars))
"""


@pytest.mark.parametrize(
    ("screen", "scale", "expected"),
    [
        ((1920, 1080), "2", "(960, 540) False"),
        ((1000, 650), "1", "(1000, 650) False"),
        ((1920, 1080), "1", "(1240, 860) True"),
    ],
    ids=["1080p-at-200", "1000x650", "1080p"],
)
def test_a_first_start_fits_the_screen_and_folds_the_details_on_short_ones(
    tmp_path, screen, scale, expected
):
    width, height = screen
    config = tmp_path / "screen.json"
    screens = [{"name": "s", "x": 0, "y": 0, "width": width, "height": height}]
    config.write_text(json.dumps({"screens": screens}), encoding="utf-8")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        QT_SCALE_FACTOR=scale,
    )
    done = subprocess.run(
        [sys.executable, "-c", _REAL_SCREEN, str(tmp_path), str(HERE)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    size_text, shown_text, bar_count = done.stdout.strip().rsplit(" ", 2)
    assert f"{size_text} {shown_text}" == expected
    assert bar_count == "0"  # neither the window nor a pane scrolls


@pytest.mark.parametrize("size", SMALL, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_public_key_box_fits_small_windows_too(qtbot, size):
    window = shown(qtbot, size)
    window.token_edit.set_token_text(
        "eyJhbGciOiJFUzI1NksifQ.eyJzdWIiOiIxIn0.AAAA"  # ES256K: a public key
    )
    settle()

    panel = window.signature_panel
    assert panel.key_edit.isVisible()
    assert panel.load_button.isVisible()
    check_nothing_is_cut_off(window)


def _two_problems(window: MainWindow) -> str:
    """The sample with a bad header character and a payload that is not text."""
    header, _, signature = window.token_edit.toPlainText().split(".")
    return f"{header}!._-4AYWJj.{signature}"


def _glued(window: MainWindow) -> str:
    return window.token_edit.toPlainText() * 2


@pytest.mark.parametrize("size", SMALL, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("details", [False, True], ids=["folded", "details"])
@pytest.mark.parametrize("broken", [_two_problems, _glued], ids=["two", "glued"])
def test_the_token_problems_show_whole_lines(qtbot, size, details, broken):
    window = shown(qtbot, size, details=details)
    window.token_edit.set_token_text(broken(window))
    qtbot.waitUntil(lambda: window.token_errors.isVisible())
    settle()

    problems = window.token_errors
    assert plain(problems).count("✗") + plain(problems).count("⚠") >= 1
    assert cut_off(problems) == ""
    # The editor gives up room for them, but keeps three lines in view.
    editor = window.token_edit
    assert whole_lines_in_view(editor) >= 3
    assert window.size().toTuple() == size


def whole_lines_in_view(editor) -> int:
    """How many lines the token editor shows; fails on a line cut in half."""
    layout = editor.document().firstBlock().layout()
    line = layout.lineAt(0).height()
    room = editor.viewport().height() - editor.document().documentMargin()
    assert room % line < 1, f"{room} px shows {room / line:.2f} lines"
    assert not editor.horizontalScrollBar().isVisible()
    return int(room // line)


@pytest.mark.parametrize("size", [*SMALL, (1366, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_token_editor_shows_whole_lines_of_the_sample(qtbot, size):
    window = shown(qtbot, size)

    assert whole_lines_in_view(window.token_edit) >= 3
    window.resize(size[0], size[1] - 7)
    settle()
    assert whole_lines_in_view(window.token_edit) >= 3


_SMALL_WINDOW_ON_A_LARGE_SCREEN = """
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[1])
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
from jwtinspector import window_settings
earlier = QMainWindow()  # a window left at 1000x650, details never chosen
earlier.resize(1000, 650)
window_settings.set_geometry(earlier.saveGeometry())
from jwtinspector.app import create_window
window = create_window()
window.show()
print(window.screen().availableGeometry().height(), window.height(),
      window.details_shown)
"""


def test_a_small_window_on_a_large_screen_starts_with_the_details_folded(tmp_path):
    config = tmp_path / "screen.json"
    screens = [{"name": "s", "x": 0, "y": 0, "width": 1920, "height": 1080}]
    config.write_text(json.dumps({"screens": screens}), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    done = subprocess.run(
        [sys.executable, "-c", _SMALL_WINDOW_ON_A_LARGE_SCREEN, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1080", "650", "False"]


@pytest.mark.parametrize("size", SMALL, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_audit_findings_take_the_audit_tabs_spare_height(qtbot, size):
    window = shown(qtbot, size, details=True)
    audit = window.audit_panel
    window.signature_panel.details.setCurrentWidget(audit)
    settle()

    below = [
        child
        for child in audit.findChildren(QWidget)
        if child.parentWidget() is audit and child.isVisible()
    ]
    lowest = max(child.geometry().bottom() for child in below)
    # Nothing empty under the buttons: the findings have that room.
    assert lowest >= audit.height() - 2
    assert window.audit_panel.scan_button.geometry().bottom() == lowest
    assert audit.view.height() >= 2 * audit.view.fontMetrics().lineSpacing()


@pytest.mark.parametrize("left", [380, 520])
def test_a_narrow_claims_table_shows_its_meaning_title_without_scrolling(qtbot, left):
    window = shown(qtbot, (960, 540))
    window.main_split.setSizes([left, 960 - left])  # a wide token pane
    settle()
    table = window.claims_table
    header = table.horizontalHeader()

    assert not table.horizontalScrollBar().isVisible()
    assert table.columnWidth(Column.MEANING) >= header.sectionSizeHint(Column.MEANING)
    widths = sum(table.columnWidth(c) for c in Column)
    assert widths <= table.viewport().width()
    title = header.model().headerData(Column.MEANING, Qt.Orientation.Horizontal)
    assert title == "Meaning"


def _placeholder_fits(box) -> bool:
    """The placeholder, wrapped as the box wraps it, within its visible lines."""
    margin = int(box.document().documentMargin())
    width = box.viewport().width() - 2 * margin
    needed = box.fontMetrics().boundingRect(
        QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), box.placeholderText()
    )
    return needed.height() <= box.viewport().height() - 2 * margin


@pytest.mark.parametrize("size", SMALL, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_key_box_placeholders_fit_its_lines(qtbot, size):
    window = shown(qtbot, size)
    panel = window.signature_panel
    heights = set()
    for token in (
        _token({"sub": "a"}),  # Auto, for a secret
        sign_token({"alg": "RS256"}, {"sub": "a"}, generate_rsa(2048)),  # a key
    ):
        window.token_edit.set_token_text(token)
        settle()
        assert panel.key_edit.isVisible()
        assert _placeholder_fits(panel.key_edit), panel.key_edit.placeholderText()
        heights.add(panel.key_edit.height())
    panel.key_mode.setCurrentIndex(KEY_TEXT_MODE)
    settle()
    assert _placeholder_fits(panel.key_edit), panel.key_edit.placeholderText()
    assert len(heights) == 1  # the box keeps its lines whatever it expects
