"""Render the Tamper lab's two pages without a display.

Usage (from the repository root)::

    python docs/make_tamper_screenshots.py

Writes two PNGs of the Signature details pane to ``docs/screenshots/``:

- ``tamper-lab.png``: an HS256 token and its secret, one payload character
  changed so the payload is still JSON: the HMAC recomputed is what fails;
- ``base64url-bytes.png``: the same token's payload byte by byte (a "-"
  where standard base64 writes "+").

The window is 1920x1080 in the Fusion style with its light palette, the
details pane given most of the height. Saved window settings are ignored.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(__file__).resolve().parent / "screenshots"
SECRET = "k" * 32
CLAIMS = {"sub": "alice", "name": "Alice Liddell", "admin": False, "q": ">>>?"}


def still_json_change(token_text: str) -> tuple[int, str]:
    """A payload character whose change keeps the payload JSON."""
    from jwtinspector.core.pipeline import KeysInUse
    from jwtinspector.core.tamper import PASSED, Change, tamper
    from jwtinspector.core.token import inspect_token

    token = inspect_token(token_text)
    payload = token_text.split(".")[1]
    for position in range(30, len(payload) - 4):
        for char in "ABCDEFGHIJKLMN":
            if char == payload[position]:
                continue
            result = tamper(
                token, Change("payload", position, char), KeysInUse(), now=0
            )
            if result.checks[1].status == PASSED and not result.same_bytes:
                return position, char
    raise SystemExit("no change keeps the payload JSON")


def main() -> int:
    """Write the two screenshots; print their paths."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QStyleFactory

    from jwtinspector.core.hmac_jws import hs_sign_token

    app = QApplication.instance() or QApplication(sys.argv)
    app.setStyle(QStyleFactory.create("Fusion"))  # type: ignore[attr-defined]
    app.setPalette(app.style().standardPalette())  # type: ignore[attr-defined]
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        from jwtinspector.main_window import MainWindow
        from jwtinspector.models.session import TokenSession

        window = MainWindow(TokenSession())
        window.resize(1920, 1080)
        window.show()
        token = hs_sign_token({"typ": "JWT"}, CLAIMS, SECRET.encode(), "HS256")
        window.token_edit.setPlainText(token)
        settle(app)
        window.session.set_secret(SECRET)
        window.show_details(True)
        window.right.setSizes([90, 150, 2000])
        lab = window.tamper_lab
        details = window.signature_panel.details
        details.setCurrentIndex(details.indexOf(lab.tab.page()))
        position, char = still_json_change(token)
        page = lab.page
        page.part_combo.setCurrentText("payload")
        page.position_spin.setValue(position + 1)
        page.char_edit.setText(char)
        page.char_edit.textEdited.emit(char)
        settle(app)
        pane = details.parentWidget()
        while pane is not None and pane.objectName() != "detailsPane":
            pane = pane.parentWidget()
        target = pane or details
        shots = [OUT / "tamper-lab.png", OUT / "base64url-bytes.png"]
        target.grab().save(str(shots[0]))
        page.pages.setCurrentIndex(1)
        page.bytes_combo.setCurrentText("payload")
        settle(app)
        target.grab().save(str(shots[1]))
        window.close()
    for path in shots:
        print(path)
    return 0


def settle(app: object, rounds: int = 30) -> None:
    """Let queued signals, highlighting and layout finish."""
    for _ in range(rounds):
        app.processEvents()  # type: ignore[attr-defined]


if __name__ == "__main__":
    raise SystemExit(main())
