"""Fetch issuer keys off the GUI thread, with cancel; results come back as signals."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal


class KeyFetcher(QObject):
    """Runs one fetch at a time in the thread pool; a newer request wins.

    The engine's fetcher checks the cancel event between steps and has its own
    deadline, so neither a stalled server nor Cancel can freeze the window.

    Signals:
        busy_changed: A fetch started (True) or ended (False).
        fetched: Keys arrived. args: KeySet, trace lines, warning ("" if none),
            the KeySource they came from (None for the token's own jku/x5u).
        failed: The fetch failed. args: message, trace lines so far.
    """

    busy_changed = Signal(bool)
    fetched = Signal(object, object, str, object)
    failed = Signal(str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache: Any = None
        self._cancel: threading.Event | None = None
        self._job = 0
        self.pool = QThreadPool(self)

    @property
    def cache(self) -> Any:
        """The app's in-memory JwksCache (created on first use)."""
        if self._cache is None:
            from jwtinspector.core.fetch import JwksCache

            self._cache = JwksCache()
        return self._cache

    def fetch(
        self, token: Any, source: str, *, kind: str = "issuer", refresh: bool = False
    ) -> None:
        """Resolve keys for ``token`` from an issuer or a JWKS URL.

        ``kind`` is "issuer" (OpenID discovery, then RFC 8414) or "jwks". An
        issuer with no discovery document whose URL answers a key set is used
        as a JWKS URL, its keys still bound to that issuer (the pipeline's
        rule, as in the CLI). A kid missing from the cached set re-fetches it once
        (the engine's rotation rule, with its cooldown).
        """
        from jwtinspector.core.fetch import KeySource
        from jwtinspector.core.pipeline import fetch_keys

        cache = self.cache
        url = source.strip()
        if "://" not in url:
            self.failed.emit("Give an issuer or JWKS URL (https://…).", ())
            return
        key_source = KeySource.jwks(url) if kind == "jwks" else KeySource.issuer(url)

        def work(cancel: threading.Event) -> tuple[Any, Any, str, Any]:
            found = fetch_keys(
                token, key_source, cache=cache, cancel=cancel, refresh=refresh
            )
            return found.key, found.trace, found.warning, found.source

        self._start(work)

    def fetch_header(self, token: Any, which: str) -> None:
        """Fetch the token's own jku or x5u (only after the user confirmed)."""
        from jwtinspector.core.fetch import fetch_header_url

        def work(cancel: threading.Event) -> tuple[Any, Any, str, Any]:
            found = fetch_header_url(
                token,
                "x5u" if which == "x5u" else "jku",
                now=time.time(),
                cancel=cancel,
            )
            return found.keys, tuple(found.trace), found.warning, None

        self._start(work)

    def cancel(self) -> None:
        """Stop the running fetch (its result, if any, is dropped)."""
        if self._cancel is not None:
            self._cancel.set()
        self._job += 1
        self.busy_changed.emit(False)

    def _start(
        self, work: Callable[[threading.Event], tuple[Any, Any, str, Any]]
    ) -> None:
        if self._cancel is not None:
            self._cancel.set()
        self._job += 1
        job, cancel = self._job, threading.Event()
        self._cancel = cancel
        self.busy_changed.emit(True)

        def run() -> None:
            from jwtinspector.core.errors import InspectorError

            try:
                keys, trace, warning, source = work(cancel)
            except InspectorError as exc:
                trace = tuple(getattr(exc, "trace", ()))
                self._finish(job, None, trace, str(exc), None)
            except Exception as exc:  # never let a worker die silently
                self._finish(job, None, (), f"Unexpected error: {exc}", None)
            else:
                self._finish(job, keys, trace, warning, source, ok=True)

        self.pool.start(run)

    def _finish(
        self,
        job: int,
        keys: Any,
        trace: Any,
        text: str,
        source: Any,
        *,
        ok: bool = False,
    ) -> None:
        # Emitted from the worker thread: Qt queues it to the window's thread.
        if job != self._job:
            return  # cancelled or superseded
        self.busy_changed.emit(False)
        if ok:
            self.fetched.emit(keys, trace, text, source)
        else:
            self.failed.emit(text, trace)
