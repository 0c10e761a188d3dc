"""Every setting the app keeps between runs, in one place, with typed
getters and setters.

Only the window's shape and the user's choices are kept: its size, splitter
positions, the panes' minimum sizes (for the next start's frame), whether
the details are shown, the trusted issuers, and whether the token history
is kept. Never a token, secret or key: nothing here takes one (the history's
entries are in their own file, models.saved_tokens).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

GEOMETRY = "window/geometry"
DETAILS_SHOWN = "window/detailsShown"
TRUSTED_ISSUERS = "fetch/trustedIssuers"
AUTO_FETCH = "fetch/autoFetch"
HISTORY_ON = "history/enabled"
HISTORY_PURGE = "history/purgeExpiredAtStart"
_MAX_MINIMUM = 2000
"""A pane's saved minimum size is capped: a hand-edited file cannot make
the frame huge."""


def _state(key: str) -> QByteArray | None:
    value = QSettings().value(key)
    return value if isinstance(value, QByteArray) else None


def geometry() -> QByteArray | None:
    """The window's saved geometry (None on a first start)."""
    return _state(GEOMETRY)


def set_geometry(state: QByteArray) -> None:
    QSettings().setValue(GEOMETRY, state)


def splitter_state(name: str) -> QByteArray | None:
    """A splitter's saved state, by its object name (None on a first start)."""
    return _state(f"window/{name}")


def set_splitter_state(name: str, state: QByteArray) -> None:
    QSettings().setValue(f"window/{name}", state)


def pane_minimum(name: str) -> tuple[int, int]:
    """The minimum size a pane had when the window last closed ((0, 0) if none)."""
    saved = QSettings().value(f"window/{name}Minimum")
    if isinstance(saved, list) and len(saved) == 2:
        try:
            width, height = (max(0, min(int(v), _MAX_MINIMUM)) for v in saved)
        except (TypeError, ValueError, OverflowError):
            pass  # a hand-edited settings file
        else:
            return width, height
    return 0, 0


def set_pane_minimum(name: str, width: int, height: int) -> None:
    QSettings().setValue(f"window/{name}Minimum", [width, height])


def details_shown() -> bool | None:
    """Whether the Signature details were shown (None: never chosen)."""
    saved = QSettings().value(DETAILS_SHOWN)
    if saved is None:
        return None
    return str(saved).lower() in ("true", "1")


def set_details_shown(shown: bool) -> None:
    QSettings().setValue(DETAILS_SHOWN, shown)


def trusted_issuers() -> list[str]:
    """The trusted issuers as stored (checked by their owner)."""
    value = QSettings().value(TRUSTED_ISSUERS, [])
    # QSettings gives back a lone string for a one-item list.
    items = [value] if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
    return [str(i) for i in items if str(i)]


def set_trusted_issuers(issuers: list[str]) -> None:
    settings = QSettings()
    if issuers:
        settings.setValue(TRUSTED_ISSUERS, issuers)
    else:
        settings.remove(TRUSTED_ISSUERS)
    settings.sync()


def auto_fetch() -> bool:
    """Whether trusted issuers' keys are fetched unasked."""
    return str(QSettings().value(AUTO_FETCH, "false")).lower() == "true"


def set_auto_fetch(auto: bool) -> None:
    QSettings().setValue(AUTO_FETCH, "true" if auto else "false")


def _flag(key: str) -> bool:
    return str(QSettings().value(key, "false")).lower() == "true"


def history_on() -> bool:
    """Whether the user turned the token history on (off by default)."""
    return _flag(HISTORY_ON)


def set_history_on(on: bool) -> None:
    QSettings().setValue(HISTORY_ON, "true" if on else "false")


def history_purge_at_start() -> bool:
    """Whether expired history entries are deleted when the app starts."""
    return _flag(HISTORY_PURGE)


def set_history_purge_at_start(purge: bool) -> None:
    QSettings().setValue(HISTORY_PURGE, "true" if purge else "false")
