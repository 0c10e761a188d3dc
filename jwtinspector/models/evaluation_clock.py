"""The instant the session judges time claims at: now, or a time the user chose.

The session's clock is one of these: every time verdict (exp, nbf, iat in
the verdict, the audit and an SD-JWT's key binding), the countdown and the
dates' relative texts read it. While a time is chosen it stands still, so
the countdown is frozen at that instant. The chosen time lives in memory
only: a restart evaluates at now.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from jwtinspector.core.numericdate import duration_text, format_utc, parse_instant


class EvaluationClock(QObject):
    """Now (the injected clock) or a chosen instant; call it to read it.

    Signals:
        changed: The instant moved to another chosen time or back to now.
    """

    changed = Signal()

    def __init__(self, clock: Callable[[], float], parent: QObject | None = None):
        super().__init__(parent)
        self._clock = clock
        self._chosen: float | None = None

    def __call__(self) -> float:
        return self._clock() if self._chosen is None else self._chosen

    def real_now(self) -> float:
        """The time now, whatever is chosen."""
        return self._clock()

    @property
    def chosen(self) -> float | None:
        """The chosen instant (seconds since 1970), or None at now."""
        return self._chosen

    @property
    def live(self) -> bool:
        """True at now: the countdown ticks."""
        return self._chosen is None

    def choose(self, seconds: float | None) -> None:
        """Evaluate at ``seconds`` (None: at now again)."""
        if seconds is not None:
            seconds = float(seconds)
        if seconds != self._chosen:
            self._chosen = seconds
            self.changed.emit()

    def choose_text(self, text: str) -> None:
        """Evaluate at a typed instant: ISO 8601 (no zone: UTC) or seconds
        since 1970, read as the command line's ``--at`` reads it; empty text
        or "now" is now.

        Raises:
            ValueError: Naming the accepted forms; the instant is unchanged.
        """
        value = text.strip()
        self.choose(None if value.lower() in ("", "now") else parse_instant(value))

    def note(self) -> str:
        """'Evaluated at 2026-05-01 12:00:00 UTC (not now) · 214 d 3 h back'
        ("" at now)."""
        if self._chosen is None:
            return ""
        away = self._chosen - self._clock()
        ahead = "ahead" if away > 0 else "back"
        when = f"{duration_text(abs(away))} {ahead}" if abs(away) >= 1 else "just now"
        return f"Evaluated at {format_utc(self._chosen)} (not now) · {when}"
