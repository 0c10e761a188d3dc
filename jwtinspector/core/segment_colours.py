"""The colours of a token's parts, shared by the window's light theme and the
HTML report: the header, payload and signature as jwt.io colours them, each
with at least 4.5:1 contrast on white (WCAG AA for text)."""

from __future__ import annotations

SEGMENT_COLOURS = {
    "header": "#c8003c",
    "payload": "#8e24aa",
    "signature": "#0277bd",
    "dot": "#5f6368",
}
"""Hex colours on a light background, by part."""
