"""Run the weak-secret scan off the GUI thread, with progress and cancel."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal


class SecretScanner(QObject):
    """Scans a wordlist against the token's HMAC signature on all cores.

    Signals:
        busy_changed: A scan started (True) or ended (False).
        progress: args: candidates tried so far, candidates per second, bytes
            of the wordlist checked, the file's size (0: unknown, e.g. a pipe).
        finished: The scan ended. arg: core ScanResult (found may be None).
        failed: The scan could not run. arg: message.
    """

    busy_changed = Signal(bool)
    progress = Signal(object, float, object, object)  # object: no 32-bit overflow
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self._cancel: threading.Event | None = None

    @property
    def busy(self) -> bool:
        """True while a scan runs."""
        return self._cancel is not None

    def scan(self, token: Any, path: str, *, block_size: int | None = None) -> None:
        """Try every line of ``path`` as the HMAC secret of ``token``.

        ``block_size``: bytes per work unit (default crack.BLOCK_SIZE); smaller
        blocks report progress more often.
        """
        from jwtinspector.core.crack import BLOCK_SIZE, scan_wordlist
        from jwtinspector.core.errors import InspectorError

        self.cancel()
        cancel = threading.Event()
        self._cancel = cancel
        self.busy_changed.emit(True)

        def run() -> None:
            try:
                result = scan_wordlist(
                    token,
                    path,
                    cancel=cancel,
                    file_progress=self.progress.emit,
                    block_size=block_size or BLOCK_SIZE,
                )
            except InspectorError as exc:
                self._end(cancel)
                self.failed.emit(str(exc))
            except Exception as exc:  # a worker must never die silently
                self._end(cancel)
                self.failed.emit(f"The scan stopped: {exc}")
            else:
                self._end(cancel)
                self.finished.emit(result)

        self.pool.start(run)

    def cancel(self) -> None:
        """Stop the running scan; it reports what it tried so far."""
        if self._cancel is not None:
            self._cancel.set()

    def wait(self, msecs: int = 5000) -> bool:
        """Wait for the scan thread (used when the window closes)."""
        return bool(self.pool.waitForDone(msecs))

    def _end(self, cancel: threading.Event) -> None:
        if self._cancel is cancel:
            self._cancel = None
        self.busy_changed.emit(False)
