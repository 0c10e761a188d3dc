"""The one fake clock the tests move by hand."""

from __future__ import annotations

import time


class FakeClock:
    """Seconds since 1970 that only the test moves (``now``, ``advance``);
    calling it reads the time, so it can stand where a clock function goes."""

    def __init__(self, now: float | None = None) -> None:
        self.now = time.time() if now is None else now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def __call__(self) -> float:
        return self.now
