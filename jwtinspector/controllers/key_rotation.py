"""Key rotation in the window: a kid first seen while the rotation cooldown
runs is fetched once the cooldown is over, if its token is still shown.

The engine (``JwksCache``) keeps the rule and says how long is left
(``rotation_wait``); this only waits off the GUI thread's back, with a timer
that looks again at most once a second while a fetch is put off.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot

_POLL_MS = 1000  # while a fetch is put off, look again at most this often


class RotationRetry(QObject):
    """Fetches the keys again for a kid the cooldown put off, once it is over.

    Args:
        session: The window's TokenSession (its token and fetched keys).
        cache: Returns the app's JwksCache (the engine's cooldown and clock).
        fetch: Starts the fetch for (token, source), as key rotation does.
    """

    def __init__(
        self,
        session: Any,
        cache: Callable[[], Any],
        fetch: Callable[[Any, Any], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._cache = cache
        self._fetch = fetch
        self._pending: tuple[Any, str] | None = None  # (KeySource, kid)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._look_again)

    @Slot()
    def after_fetch(self, *_fetched: object) -> None:
        """Keys arrived: if the engine put off a fetch for the shown token's
        kid, come back when the cooldown is over."""
        found = self._waiting_kid()
        if found is None:
            self._stop()
            return
        source, kid = found
        wait = self._cache().rotation_wait(source, kid)
        if wait is None:
            self._stop()
            return
        self._pending = (source, kid)
        self.timer.start(min(_POLL_MS, max(50, int(wait * 1000))))

    def _look_again(self) -> None:
        if self._pending is None or self._waiting_kid() != self._pending:
            self._stop()  # another token, or other keys, since
            return
        source, kid = self._pending
        wait = self._cache().rotation_wait(source, kid)
        if wait is None:
            self._stop()  # another fetch covered it
        elif wait > 0:
            self.timer.start(min(_POLL_MS, max(50, int(wait * 1000))))
        else:
            self._stop()
            self._fetch(self.session.token, source)

    def _waiting_kid(self) -> tuple[Any, str] | None:
        """(source, kid) when the shown token's kid is missing from keys
        fetched for it (not another issuer's), else None."""
        from jwtinspector.core.keys import KeySet

        session = self.session
        token, source, keys = session.token, session.key_source, session.key
        kid = (token.header or {}).get("kid") if token is not None else None
        if source is None or not isinstance(kid, str) or not isinstance(keys, KeySet):
            return None
        if session.foreign_keys_note() or any(k.kid == kid for k in keys.keys):
            return None
        return source, kid

    def _stop(self) -> None:
        self._pending = None
        self.timer.stop()
