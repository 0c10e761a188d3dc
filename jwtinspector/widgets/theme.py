"""Colours that keep their contrast on light and dark palettes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QFont, QFontDatabase

from jwtinspector.core.segment_colours import SEGMENT_COLOURS

if TYPE_CHECKING:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QWidget

JWE_ROLES = ("header", "encrypted_key", "iv", "ciphertext", "tag")
"""Colour roles of a JWE's five segments, in order: each has its own colour."""
SEGMENT_ROLES = (
    "header",
    "payload",
    "signature",
    "dot",
    *JWE_ROLES[1:],
    "disclosure",
    "key_binding",
)
"""Every role a token's segments (and the dots between them) are coloured in."""

# Segment colours in the spirit of jwt.io: each has at least 4.5:1 contrast
# against the base colour of its palette (WCAG AA for text).
_LIGHT = {
    **SEGMENT_COLOURS,
    "encrypted_key": "#8e24aa",
    "iv": "#00796b",
    "ciphertext": "#0277bd",
    "tag": "#a6400b",
    "disclosure": "#00796b",
    "key_binding": "#a6400b",
    "key": "#0b5394",
    "string": "#2e7d32",
    "number": "#a6400b",
    "literal": "#8e24aa",
    "good": "#1b5e20",
    "good_bg": "#e6f4ea",
    "bad": "#b71c1c",
    "bad_bg": "#fdecea",
    "warn": "#7a4f01",
    "warn_bg": "#fff4d6",
    "neutral": "#37474f",
    "neutral_bg": "#eceff1",
    "error_bg": "#ffd7d7",
    "time": "#283593",
    "time_bg": "#e8eaf6",
}
_DARK = {
    "header": "#ff7096",
    "payload": "#e29bff",
    "signature": "#58c4f5",
    "encrypted_key": "#e29bff",
    "iv": "#4fd1c5",
    "ciphertext": "#58c4f5",
    "tag": "#fcad70",
    "dot": "#b0b6bb",
    "disclosure": "#4fd1c5",
    "key_binding": "#fcad70",
    "key": "#8ab4f8",
    "string": "#81c995",
    "number": "#fcad70",
    "literal": "#e29bff",
    "good": "#a8e6b0",
    "good_bg": "#1e3b25",
    "bad": "#ffb4ab",
    "bad_bg": "#4a1c1c",
    "warn": "#ffd88a",
    "warn_bg": "#3d3117",
    "neutral": "#cfd8dc",
    "neutral_bg": "#2f3437",
    "error_bg": "#6b2020",
    "time": "#aab4f5",
    "time_bg": "#262a45",
}


def is_dark(palette: QPalette) -> bool:
    """True when the palette's base colour is dark."""
    from PySide6.QtGui import QPalette  # not needed before the first paint

    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def color(widget: QWidget, role: str) -> QColor:
    """The colour for ``role`` on the widget's current palette."""
    table = _DARK if is_dark(widget.palette()) else _LIGHT
    return QColor(table[role])


def hex_color(widget: QWidget, role: str) -> str:
    """The colour for ``role`` as '#rrggbb', for style sheets."""
    return color(widget, role).name()


def monospace() -> QFont:
    """The system's fixed-width font."""
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


_HTML_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
)


def escape(text: str) -> str:
    """Exactly ``html.escape(text)`` (quotes included), without importing
    ``html``: that loads its 2,000-entry entity table for unescaping, which
    the window never does (~0.2 MiB held for good)."""
    return text.translate(_HTML_ESCAPES)
