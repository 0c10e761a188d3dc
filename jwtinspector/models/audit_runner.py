"""Run the security audit off the GUI thread, so counting the findings of a
huge token never freezes the window; only the latest run reports."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot


class AuditRunner(QObject):
    """Runs audit jobs (see ``TokenSession.audit_job``) one after another.

    Signals:
        finished: The latest job's findings. arg: tuple of core Findings.
    """

    finished = Signal(object)
    _done = Signal(int, object)  # from the worker thread, queued to this one

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # a newer job waits; an older one is dropped
        self._generation = 0
        self._pending = False
        self._done.connect(self._on_done)

    @property
    def busy(self) -> bool:
        """True until the latest job has reported."""
        return self._pending

    def run(self, job: Callable[[], tuple[Any, ...]]) -> None:
        """Run ``job`` (which must read no session state) on the pool."""
        self.pool.clear()  # jobs not started yet are out of date
        self._generation += 1
        generation, self._pending = self._generation, True
        self.pool.start(lambda: self._work(generation, job))

    def cancel(self) -> None:
        """Drop the result of every job started so far."""
        self.pool.clear()
        self._generation += 1
        self._pending = False

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the running job (the window does before it closes)."""
        return self.pool.waitForDone(msecs)

    def _work(self, generation: int, job: Callable[[], tuple[Any, ...]]) -> None:
        try:
            result: object = job()
        except Exception as exc:  # reported on the GUI thread, as a slot's error
            result = exc
        # RuntimeError: the window closed meanwhile, there is no one to tell.
        with contextlib.suppress(RuntimeError):
            self._done.emit(generation, result)

    @Slot(int, object)
    def _on_done(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return
        self._pending = False
        if isinstance(result, Exception):
            raise result
        self.finished.emit(result)
