"""Render screenshots of the token-editing states without a display.

Usage (from the repository root)::

    python docs/make_crafting_screenshots.py

Writes three PNGs to ``docs/screenshots/``:

- ``edit-invalid-json.png``: the sample token with a comma missing in the
  payload JSON, so the inline error shows and the token stays as it was;
- ``edit-stale.png``: an RS256 token checked with its public key only, after
  the payload was edited: the banner says the signature is stale;
- ``edit-date-picker.png``: the ``exp`` row selected, the date picker showing
  its date and the quick-time menu open.

The window is 1240x860 in the Fusion style with its light palette, like the
README screenshots. Saved window settings are ignored; the RSA key is made
for the picture and never written anywhere.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyleFactory

from jwtinspector.app import create_window
from jwtinspector.main_window import MainWindow
from jwtinspector.models.claims_model import Column
from jwtinspector.startup import sample

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1240, 860)


def settle(app: QApplication, rounds: int = 5) -> None:
    """Let queued edits, highlighting and layout finish."""
    for _ in range(rounds):
        app.processEvents()


def show(app: QApplication, window: MainWindow) -> None:
    window.resize(*SIZE)
    window.show()
    settle(app)


def save(pixmap: QPixmap, name: str) -> Path:
    path = OUT / name
    if not pixmap.save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def invalid_json(app: QApplication) -> Path:
    """The payload JSON with a comma missing: inline error, token unchanged."""
    window = create_window()
    show(app, window)
    view = window.payload_view
    text = view.toPlainText()
    comma = text.rindex(",", 0, text.index('"name"'))  # the one after exp
    broken = text[:comma] + text[comma + 1 :]
    view.setFocus()
    view.setPlainText(broken)
    cursor = view.textCursor()
    cursor.setPosition(comma)
    view.setTextCursor(cursor)
    settle(app)
    path = save(window.grab(), "edit-invalid-json.png")
    window.close()
    return path


def stale(app: QApplication) -> Path:
    """An RS256 token, the public key only, then a payload edit."""
    from jwtinspector.core.keygen import generate_rsa
    from jwtinspector.core.keys import to_public_pem
    from jwtinspector.core.sign import sign_token

    data = sample()
    now = int(time.time())
    payload = {**data["payload"], "iat": now, "exp": now + data["lifetime_seconds"]}
    key = generate_rsa(2048)
    window = create_window(sign_token({"alg": "RS256", "typ": "JWT"}, payload, key))
    window.signature_panel.set_key_text(to_public_pem(key))
    show(app, window)
    view = window.payload_view
    view.setFocus()
    view.setPlainText(view.toPlainText().replace('"admin"', '"viewer"'))
    cursor = view.textCursor()
    cursor.setPosition(view.toPlainText().index('"viewer"') + len('"viewer"'))
    view.setTextCursor(cursor)
    settle(app)
    path = save(window.grab(), "edit-stale.png")
    window.close()
    return path


def date_picker(app: QApplication) -> Path:
    """The exp row selected, its date in the picker, the quick-time menu open."""
    window = create_window()
    show(app, window)
    table = window.claims_table
    model = window.session.claims_model
    row = next(i for i, r in enumerate(model.rows()) if r.name == "exp")
    index = model.index(row, Column.VALUE)
    table.scrollTo(index)
    QTest.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        table.visualRect(index).center(),
    )
    settle(app)
    shot = window.grab()
    # A popup menu is a window of its own: paint it where it opens.
    button = window.claims_tools.quick_button
    menu = button.menu()
    menu.popup(button.mapToGlobal(QPoint(0, button.height())))
    settle(app)
    # Under the button, kept inside the window as Qt keeps it on the screen
    # (the offscreen screen is smaller than the window, so menu.pos() is not).
    below = button.mapTo(window, QPoint(0, button.height()))
    at = QPoint(min(below.x(), window.width() - menu.width()), below.y())
    painter = QPainter(shot)
    painter.drawPixmap(at, menu.grab())
    painter.end()
    menu.hide()
    path = save(shot, "edit-date-picker.png")
    window.close()
    return path


def main() -> int:
    """Write the three screenshots; print their paths."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(app.style().standardPalette())
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as settings_dir:
        # A clean settings folder: no saved geometry or splitter positions.
        QSettings.setPath(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir
        )
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        shots = [invalid_json(app), stale(app), date_picker(app)]
    for path in shots:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
