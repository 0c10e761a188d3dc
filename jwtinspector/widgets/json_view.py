"""Read-only, syntax-highlighted JSON view for the header and payload."""

from __future__ import annotations

import json
import re
from typing import Any

from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from jwtinspector.widgets.theme import color, monospace

LONG_STRING = 1000
"""Strings longer than this are shortened in the view (the token keeps them)."""

HIGHLIGHT_LIMIT = 64 * 1024
"""JSON text longer than this is shown without colours, to stay responsive."""

_TOKENS = re.compile(
    r'(?P<key>"(?:[^"\\]|\\.)*"(?=\s*:))'
    r'|(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<literal>\btrue\b|\bfalse\b|\bnull\b)"
)


def pretty_json(value: Any) -> str:
    """Indented JSON in the token's member order, very long strings shortened."""
    return json.dumps(_shorten(value), indent=2, ensure_ascii=False)


def _shorten(value: Any) -> Any:
    if isinstance(value, str) and len(value) > LONG_STRING:
        return f"{value[:LONG_STRING]}… ({len(value) - LONG_STRING} more characters)"
    if isinstance(value, dict):
        return {k: _shorten(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shorten(v) for v in value]
    return value


class JsonHighlighter(QSyntaxHighlighter):
    """Colours keys, strings, numbers and literals."""

    def __init__(self, document: QTextDocument, view: QWidget) -> None:
        super().__init__(document)
        self._view = view

    def highlightBlock(self, text: str) -> None:
        if (
            len(text) > 20000
        ):  # a huge single line: colouring it costs more than it helps
            return
        formats = {}
        for role in ("key", "string", "number", "literal"):
            fmt = QTextCharFormat()
            fmt.setForeground(color(self._view, role))
            formats[role] = fmt
        for match in _TOKENS.finditer(text):
            role = match.lastgroup or "string"
            self.setFormat(match.start(), match.end() - match.start(), formats[role])


class JsonView(QPlainTextEdit):
    """Shows one JSON value (or a note when there is none)."""

    def __init__(
        self, name: str, accessible: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setReadOnly(True)
        self.setFont(monospace())
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.highlighter = JsonHighlighter(self.document(), self)

    def show_value(self, value: Any) -> None:
        """Display ``value`` pretty-printed."""
        text = pretty_json(value)
        # Qt highlights a whole document at once: skip it for very large JSON.
        self.highlighter.setDocument(
            self.document() if len(text) < HIGHLIGHT_LIMIT else None
        )
        self.setPlainText(text)

    def show_note(self, text: str) -> None:
        """Display a plain note instead of JSON."""
        self.highlighter.setDocument(None)
        self.setPlainText(text)
