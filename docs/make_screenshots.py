"""Render the README screenshots without a display.

Usage (from the repository root)::

    python docs/make_screenshots.py

Writes ``docs/screenshots/window-light.png`` and ``window-dark.png`` (the
built-in sample token, verified, in a light and a dark palette) and
``malformed.png`` (the sample with one bad character in its payload, showing
the inline error). The window is 1240x860 and uses the Fusion style so the
pictures look the same on every machine. Saved window settings are ignored.

It then renders the sample as it first starts on four screens, each in a
process of its own (the screen and its scaling are fixed per process):
``size-1000x650.png``, ``size-1366x768.png``, ``size-1920x1080.png`` and
``size-1920x1080-200.png`` (a 1080p screen at 200 %, a 960x540 window in
logical pixels, saved at 1920x1080). ``--size WxH[@2]`` renders only one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from jwtinspector.app import create_window
from jwtinspector.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SIZE = (1240, 860)
SCREENS = ("1000x650", "1366x768", "1920x1080", "1920x1080@2")
"""The screens of the size-*.png pictures (@2: at 200 % scaling)."""


def dark_palette() -> QPalette:
    """A neutral dark palette for the Fusion style."""
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#17181a",
        QPalette.ColorRole.AlternateBase: "#26272a",
        QPalette.ColorRole.ToolTipBase: "#303134",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#303134",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.BrightText: "#ff8a80",
        QPalette.ColorRole.Light: "#3c4043",
        QPalette.ColorRole.Midlight: "#35363a",
        QPalette.ColorRole.Mid: "#2a2b2e",
        QPalette.ColorRole.Dark: "#111214",
        QPalette.ColorRole.Shadow: "#000000",
        QPalette.ColorRole.Highlight: "#8ab4f8",
        QPalette.ColorRole.HighlightedText: "#202124",
        QPalette.ColorRole.Link: "#8ab4f8",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(disabled, role, QColor("#6f7378"))
    return palette


def settle(app: QApplication, rounds: int = 5) -> None:
    """Let deferred decoding, highlighting and layout finish."""
    for _ in range(rounds):
        app.processEvents()


def shoot(app: QApplication, window: MainWindow, name: str) -> Path:
    """Show the window at the fixed size, grab it and save it as a PNG."""
    window.resize(*SIZE)
    window.show()
    settle(app)
    path = OUT / name
    if not window.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    window.hide()
    return path


def break_payload(window: MainWindow) -> None:
    """Put one character that is not base64url into the payload segment."""
    text = window.token_edit.toPlainText()
    first_dot = text.index(".")
    at = first_dot + 12
    window.token_edit.setPlainText(text[:at] + "!" + text[at + 1 :])


def shoot_screen(screen: str) -> Path:
    """The window as it first starts on this screen (in this process, which
    runs with that screen and scaling): it takes the whole screen."""
    name = "size-" + screen.replace("@2", "-200") + ".png"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(app.style().standardPalette())
    with tempfile.TemporaryDirectory() as settings_dir:
        QSettings.setPath(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir
        )
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        window = create_window()
        area = window.screen().availableGeometry()
        window.resize(area.size())
        window.show()
        settle(app, 10)
        path = OUT / name
        if not window.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        window.close()
    return path


def shoot_screens() -> list[Path]:
    """Each of SCREENS in a process of its own, with that screen."""
    paths = []
    with tempfile.TemporaryDirectory() as folder:
        for screen in SCREENS:
            size, _, scale = screen.partition("@")
            width, height = (int(n) for n in size.split("x"))
            config = Path(folder) / "screen.json"
            screens = [{"name": "s", "x": 0, "y": 0, "width": width, "height": height}]
            config.write_text(json.dumps({"screens": screens}), encoding="utf-8")
            env = dict(
                os.environ,
                QT_QPA_PLATFORM=f"offscreen:configfile={config}",
                QT_SCALE_FACTOR=scale or "1",
                # This checkout's package, whatever else is installed.
                PYTHONPATH=os.pathsep.join(
                    filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))
                ),
            )
            done = subprocess.run(
                [sys.executable, __file__, "--size", screen],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise OSError(f"{screen}: {done.stderr.strip()}")
            paths.append(Path(done.stdout.strip()))
    return paths


def main() -> int:
    """Write the screenshots; print their paths."""
    if sys.argv[1:2] == ["--size"]:
        print(shoot_screen(sys.argv[2]))
        return 0
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyle(QStyleFactory.create("Fusion"))
    light = app.style().standardPalette()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as settings_dir:
        # A clean settings folder: no saved geometry or splitter positions.
        QSettings.setPath(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir
        )
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        shots = []
        for name, palette, broken in (
            ("window-light.png", light, False),
            ("window-dark.png", dark_palette(), False),
            ("malformed.png", light, True),
        ):
            app.setPalette(palette)
            window = create_window()
            if broken:
                break_payload(window)
            shots.append(shoot(app, window, name))
            window.deleteLater()
            settle(app)
    shots += shoot_screens()
    for path in shots:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
