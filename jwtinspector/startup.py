"""The one start-up boundary: everything the window loads after its first paint.

``run()`` paints the window's frame first (``app`` and ``main_window``: menus,
splitters, pane titles and the token editor, built from a few light Qt
classes). The panes, the session, the engine, PyJWT and cryptography are
loaded only through ``build_after_first_paint()``, which ``app`` calls on the
next turn of the event loop; ``tests/test_qt_startup.py`` keeps them out of
the first paint.

The built-in sample is signed with the standard library
(``core.hmac_jws``), so making it does not wait for PyJWT.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from jwtinspector.core.hmac_jws import hs_sign_token
from jwtinspector.core.resources import read_resource

if TYPE_CHECKING:
    from jwtinspector.main_window import MainWindow


def build_after_first_paint(window: MainWindow, argument: str | None = None) -> None:
    """Build the panes into the painted frame, then show the sample, the
    given token or file, unless the user typed, dropped or was refused
    something meanwhile (their input, or the message about it, is kept)."""
    window.finish_building()
    if not (window.token_edit.toPlainText() or window.token_errors.text()):
        load_content(window, argument)


def sample() -> dict[str, Any]:
    """The built-in sample: header, payload template, lifetime and its secret."""
    return dict(json.loads(read_resource("sample.json")))


def sample_token(now: float) -> tuple[str, str]:
    """A freshly signed sample token (iat = now) and the secret that verifies it."""
    data = sample()
    payload = dict(data["payload"])
    payload["iat"] = int(now)
    payload["exp"] = int(now) + int(data["lifetime_seconds"])
    secret = str(data["secret"])
    header = dict(data["header"])
    return hs_sign_token(header, payload, secret.encode("utf-8"), header["alg"]), secret


def load_content(window: MainWindow, argument: str | None) -> None:
    """Show the sample token with its secret, or the given token or file."""
    if argument is None:
        token, secret = sample_token(time.time())
        window.token_edit.set_token_text(token, sample=True)
        # After the token: the secret belongs to the sample, and the next
        # token that arrives drops it.
        window.signature_panel.set_secret(secret, sample=True)
    else:
        window.load_argument(argument)
