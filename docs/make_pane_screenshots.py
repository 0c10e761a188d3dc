"""Render screenshots of the audit, key-trace and explanation tabs without a display.

Usage (from the repository root)::

    python docs/make_pane_screenshots.py

Writes three PNGs to ``docs/screenshots/``:

- ``audit.png``: an HS256 token with several findings (a kid with a path
  traversal, a jku, an e-mail address, a long lifetime) on the Audit tab,
  after a wordlist scan found its secret;
- ``key-trace.png``: an RS256 token verified with keys fetched from its
  issuer (OpenID discovery, then the JWKS) on the Key trace tab;
- ``explain.png``: the sample token and its secret on the "How it is
  signed" tab.

The window is 1240x860 in the Fusion style with its light palette, like the
README screenshots. The issuer is a small HTTP server on 127.0.0.1 started by
this script; the wordlist and the RSA key are made for the pictures in a
temporary folder and never kept. Saved window settings are ignored.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

if TYPE_CHECKING:
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QApplication

    from jwtinspector.main_window import MainWindow

# The scan's worker processes import this file again: Qt is imported in main().

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = (1240, 860)
FOUND_SECRET = "acme-staging-2019"


def settle(app: QApplication, rounds: int = 5) -> None:
    """Let queued signals, highlighting and layout finish."""
    for _ in range(rounds):
        app.processEvents()


def wait_for(
    app: QApplication, done: Callable[[], bool], what: str, seconds: float = 60
) -> None:
    """Run the event loop until ``done()`` (a fetch or a scan has finished)."""
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        app.processEvents()
        time.sleep(0.01)
    settle(app)


def show(app: QApplication, window: MainWindow) -> None:
    window.resize(*SIZE)
    window.show()
    settle(app)


def save(pixmap: QPixmap, name: str) -> Path:
    path = OUT / name
    if not pixmap.save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def new_window(token: str | None = None) -> MainWindow:
    from jwtinspector.app import create_window

    return create_window(token)


# --- audit ------------------------------------------------------------------------


def audit(app: QApplication, folder: Path) -> Path:
    """A token with several findings; the Audit tab after a scan found its secret."""
    from PySide6.QtWidgets import QFileDialog

    from jwtinspector.core.keys import load_secret
    from jwtinspector.core.sign import sign_token

    now = int(time.time())
    token = sign_token(
        {"alg": "HS256", "typ": "JWT", "kid": "../../keys/hmac.key",
         "jku": "https://keys.attacker.example/jwks.json"},
        {"iss": "https://api.acme.example", "sub": "1042",
         "email": "jane.doe@acme.example", "role": "admin",
         "iat": now, "exp": now + 30 * 86400},
        load_secret(FOUND_SECRET),
    )  # fmt: skip
    wordlist = folder / "wordlist.txt"
    words = [f"guess-{i:06d}" for i in range(200_000)]
    words[190_000] = FOUND_SECRET
    wordlist.write_text("\n".join(words) + "\n", encoding="utf-8")

    window = new_window(token)
    show(app, window)
    window.signature_panel.details.setCurrentWidget(window.audit_panel)
    settle(app)
    original = QFileDialog.getOpenFileName
    QFileDialog.getOpenFileName = staticmethod(  # type: ignore[method-assign]
        lambda *args, **kwargs: (str(wordlist), "")
    )
    try:
        window.audit_panel.scan_button.click()
    finally:
        QFileDialog.getOpenFileName = original  # type: ignore[method-assign]
    result = window.audit_panel.result
    wait_for(app, lambda: "Secret found" in result.text(), "the wordlist scan")
    path = save(window.grab(), "audit.png")
    window.close()
    return path


# --- key trace ---------------------------------------------------------------------


@contextmanager
def issuer_server(documents: dict[str, Any]) -> Iterator[str]:
    """An issuer on 127.0.0.1 serving JSON documents by path; yields its URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            value = documents.get(self.path)
            if value is None:
                self.send_error(404)
                return
            body = json.dumps(value).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=3600")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def key_trace(app: QApplication) -> Path:
    """An RS256 token verified with its issuer's keys; the Key trace tab."""
    from jwtinspector.core.keygen import generate_rsa
    from jwtinspector.core.keys import to_jwk
    from jwtinspector.core.sign import sign_token
    from jwtinspector.startup import sample
    from jwtinspector.widgets.signature_panel import FETCH_MODE

    current, previous = generate_rsa(2048), generate_rsa(2048)
    documents: dict[str, Any] = {}
    with issuer_server(documents) as issuer:
        documents["/.well-known/openid-configuration"] = {
            "issuer": issuer,
            "jwks_uri": issuer + "/jwks.json",
        }
        documents["/jwks.json"] = {
            "keys": [
                {**to_jwk(previous), "kid": "2024-11", "use": "sig", "alg": "RS256"},
                {**to_jwk(current), "kid": "2025-02", "use": "sig", "alg": "RS256"},
            ]
        }
        now = int(time.time())
        data = sample()
        payload = {**data["payload"], "iss": issuer, "iat": now, "exp": now + 900}
        token = sign_token(
            {"alg": "RS256", "typ": "JWT", "kid": "2025-02"}, payload, current
        )
        window = new_window(token)
        show(app, window)
        panel = window.signature_panel
        panel.key_mode.setCurrentIndex(FETCH_MODE)
        panel.details.setCurrentWidget(panel.trace_view)
        settle(app)
        panel.fetch_box.fetch_button.click()
        wait_for(
            app,
            lambda: panel.banner.property("state") == "good",
            "the key fetch",
        )
    path = save(window.grab(), "key-trace.png")
    window.close()
    return path


# --- explanation ----------------------------------------------------------------------


def explain(app: QApplication) -> Path:
    """The sample token and its secret; the "How it is signed" tab."""
    window = new_window()
    show(app, window)
    panel = window.signature_panel
    panel.details.setCurrentWidget(panel.explain_view)
    settle(app)
    path = save(window.grab(), "explain.png")
    window.close()
    return path


def main() -> int:
    """Write the three screenshots; print their paths."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QStyleFactory

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(app.style().standardPalette())
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        # A clean settings folder: no saved geometry or splitter positions.
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        shots = [audit(app, Path(folder)), key_trace(app), explain(app)]
    for path in shots:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
