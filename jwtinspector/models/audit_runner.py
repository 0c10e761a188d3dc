"""Run the security audit off the GUI thread, so counting the findings of a
huge token never freezes the window; only the latest run reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot


class _Relay(QObject):
    """Carries results from the worker threads to the runners. It lives as
    long as the process, so a worker never emits on a runner that is being
    destroyed with its window (a crash, not an exception); Qt drops a result
    queued for a runner that is gone."""

    done = Signal(object, int, object)  # runner, generation, result


_relay: list[_Relay] = []  # made on first use, on the GUI thread


def _the_relay() -> _Relay:
    if not _relay:
        _relay.append(_Relay())
    return _relay[0]


class AuditRunner(QObject):
    """Runs audit jobs (see ``TokenSession.audit_job``) one after another.

    Signals:
        finished: The latest job's findings. arg: tuple of core Findings.
    """

    finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # a newer job waits; an older one is dropped
        self._generation = 0
        self._pending = False
        _the_relay().done.connect(self._on_done)  # queued from the workers

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
        _the_relay().done.emit(self, generation, result)

    @Slot(object, int, object)
    def _on_done(self, runner: object, generation: int, result: object) -> None:
        if runner is not self or generation != self._generation:
            return
        self._pending = False
        if isinstance(result, Exception):
            raise result
        self.finished.emit(result)
