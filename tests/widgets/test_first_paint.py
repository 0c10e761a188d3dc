"""The window as ``run()`` starts it: its frame is painted first, the panes,
the engine and the sample follow just after that paint, in the same frame."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest
from label_text import plain
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from jwtinspector.app import create_window
from jwtinspector.main_window import MainWindow

PANES = ("tokenPane", "signaturePane", "headerPane", "payloadPane", "detailsPane")


def titles(window: MainWindow) -> list[str]:
    return [
        plain(pane.findChildren(QLabel)[0])
        for pane in (window.findChild(QWidget, name) for name in PANES)
        if pane is not None
    ]


def geometries(window: MainWindow) -> list[tuple[int, int, int, int]]:
    return [window.findChild(QWidget, name).geometry().getRect() for name in PANES]


def test_frame_paints_first_then_the_verified_sample_fills_it(qtbot):
    window = create_window(defer=True)
    qtbot.addWidget(window)
    window.resize(1240, 860)
    frame_menus = [a.text() for a in window.menuBar().actions()]

    window.show()
    qtbot.waitExposed(window)
    first = geometries(window)
    # What the first paint showed: every pane's title, the menus, the editor.
    assert titles(window) == [
        "Encoded token",
        "Signature · verify",
        "Header · algorithm and token type",
        "Payload · claims",
        "Signature details",
    ]
    assert frame_menus == ["&File", "&Edit", "&Token", "&View", "Hi&story", "&Help"]
    assert window.token_edit.isVisible()

    qtbot.waitUntil(lambda: window.built and window.session.report is not None)
    qtbot.wait(20)
    assert plain(window.signature_panel.banner).startswith("Signature verified")
    assert '"alg": "HS256"' in window.header_view.toPlainText()
    assert window.signature_panel.countdown.text().startswith("expires in")
    assert [a.text() for a in window.menuBar().actions()] == frame_menus
    assert window.open_action in window.actions()
    # The panes filled the places the frame held: nothing moved.
    assert geometries(window) == first
    assert window.findChildren(QWidget, "placeholder") == []


def test_text_typed_before_the_panes_exist_is_decoded_and_kept(qtbot, token):
    window = create_window(defer=True)
    qtbot.addWidget(window)
    window.token_edit.setPlainText(token)  # the session does not exist yet

    window.show()
    qtbot.waitUntil(lambda: window.built)
    qtbot.wait(20)

    assert window.token_edit.toPlainText() == token  # not replaced by the sample
    assert window.session.text == token
    assert window.session.token is not None
    assert window.session.token.claims == {"sub": "alice"}


def test_the_panes_are_built_without_a_menu_bar_in_the_window(qtbot):
    # A native menu bar (macOS, global menus) leaves the window no area of
    # its own to paint: the build must not wait for the window's own paint.
    window = create_window(defer=True)
    qtbot.addWidget(window)
    window.menuBar().hide()
    window.resize(1240, 860)

    window.show()

    qtbot.waitUntil(lambda: window.built, timeout=600)  # before the fallback timer


def test_the_panes_are_built_at_once_with_the_token_pane_collapsed(qtbot):
    first = create_window()
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.left.setSizes([0, 800])  # the user dragged the token pane shut
    qtbot.wait(10)
    first.close()

    window = create_window(defer=True)
    qtbot.addWidget(window)
    window.show()

    qtbot.waitUntil(lambda: window.built, timeout=600)  # before the fallback timer


def test_a_damaged_settings_file_does_not_stop_the_window(qtbot, settings_dir):
    path = pathlib.Path(QSettings().fileName())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(  # as a hand edit or a damaged disk might leave it
        "[window]\n"
        "headerPaneMinimum=-3000000000, 200\n"
        "payloadPaneMinimum=wide, \n"
        "detailsPaneMinimum=1" + "0" * 40 + ", 5\n"
        "signaturePaneMinimum=not a size\n",
        encoding="utf-8",
    )

    window = create_window(defer=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.built and window.session.report is not None)

    assert plain(window.signature_panel.banner).startswith("Signature verified")


def test_a_paste_refused_before_the_panes_exist_keeps_its_message(qtbot):
    window = create_window(defer=True)
    qtbot.addWidget(window)
    window.token_edit.paste_refused.emit(5_000_000)

    window.show()
    qtbot.waitUntil(lambda: window.built)
    qtbot.wait(20)

    assert plain(window.token_errors).startswith("✗ Paste refused")
    assert window.token_edit.toPlainText() == ""  # not the sample instead


def test_tab_goes_from_the_token_to_its_signature_header_payload_details(qtbot):
    window = create_window(defer=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.built)
    panes = [window.findChild(QWidget, name) for name in PANES]

    order: list[str] = []
    widget = window.token_edit
    for _ in range(1000):
        widget = widget.nextInFocusChain()
        if widget is window.token_edit:
            break
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue  # labels and containers are in the chain but take no Tab
        for pane in panes:
            if pane.isAncestorOf(widget) and pane.objectName() not in order:
                order.append(pane.objectName())

    assert order == ["signaturePane", "headerPane", "payloadPane", "detailsPane"]


_RESTART = """
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[1])
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
from jwtinspector.app import create_window
PANES = {panes!r}
def geometries(window):
    return [window.findChild(QWidget, n).geometry().getRect() for n in PANES]
def settle(window):
    while not window.windowHandle().isExposed():
        app.processEvents()
    for _ in range(10):
        app.processEvents()
first = create_window()
first.resize(1000, 640)
first.show()
settle(first)
left = geometries(first)
first.close()
window = create_window(defer=True)
window.show()
while not window.windowHandle().isExposed():
    app.processEvents()
frame = geometries(window)
while not window.built:
    app.processEvents()
settle(window)
print(window.size().toTuple() == (1000, 640), frame == geometries(window) == left)
"""


def test_a_restarted_smaller_window_keeps_its_layout_from_frame_to_panes(tmp_path):
    # A real screen (the offscreen default, 800x800, is below the minimum).
    screen = {"name": "s", "x": 0, "y": 0, "width": 1920, "height": 1080}
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    done = subprocess.run(
        [sys.executable, "-c", _RESTART.format(panes=PANES), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    # The size came back, and the panes sit where the user left them, in the
    # frame as in the built window.
    assert done.stdout.split() == ["True", "True"]


def test_closing_or_a_palette_change_before_the_panes_exist_is_harmless(
    qtbot, settings_dir
):
    window = MainWindow(defer=True)
    qtbot.addWidget(window)
    palette = QPalette(window.palette())
    palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Text))
    window.setPalette(palette)
    QApplication.sendEvent(window, QEvent(QEvent.Type.ApplicationPaletteChange))
    qtbot.wait(10)

    window.close()

    written = b"".join(p.read_bytes() for p in settings_dir.rglob("*") if p.is_file())
    assert b"mainSplitter" in written
    assert b"payloadSplitter" not in written  # not built, nothing to keep


@pytest.fixture
def token() -> str:
    from jwtinspector.core.keys import load_secret
    from jwtinspector.core.sign import sign_token

    key = load_secret("first-paint-test-secret-32-bytes")
    return sign_token({"alg": "HS256", "typ": "JWT"}, {"sub": "alice"}, key)
