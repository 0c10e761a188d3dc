"""Read-only, syntax-highlighted JSON view for the header and payload."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QSyntaxHighlighter
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from jwtinspector.widgets.editing import WindowUndoEdit
from jwtinspector.widgets.theme import color, monospace

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument

LONG_STRING = 1000
"""Strings longer than this are shortened in the view (the token keeps them)."""

EMPTY_HINT = 'Type a payload such as {"sub": "alice"} to make a token'
"""What an empty view says by default: typing an object there makes a token."""

HIGHLIGHT_LIMIT = 64 * 1024
"""JSON text longer than this is shown without colours, to stay responsive."""


# Both patterns are compiled on first use: nothing is shown before the window
# has painted, and compiling them at import delayed that paint.
@functools.cache
def _tokens() -> re.Pattern[str]:
    return re.compile(
        r'(?P<key>"(?:[^"\\]|\\.)*"(?=\s*:))'
        r'|(?P<string>"(?:[^"\\]|\\.)*")'
        r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
        r"|(?P<literal>\btrue\b|\bfalse\b|\bnull\b)"
    )


@functools.cache
def _date_member() -> re.Pattern[str]:
    from jwtinspector.core.numericdate import NUMERIC_DATE_CLAIMS

    names = "|".join(NUMERIC_DATE_CLAIMS)
    return re.compile(rf'^\s*"(?:{names})"\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)')


def date_tooltip(line: str, column: int, now: float) -> str:
    """The date a NumericDate member on ``line`` stands for (UTC, local,
    relative to ``now``) when ``column`` is on that member, else ""."""
    from jwtinspector.core.numericdate import describe_date

    match = _date_member().match(line)
    if match is None or not match.start() <= column <= match.end():
        return ""
    number = float(match.group(1))
    info = describe_date(int(number) if number.is_integer() else number, now)
    return info.tooltip if info is not None else ""


@functools.cache
def _not_kept_by_editor() -> re.Pattern[str]:
    # The editor turns these into spaces or line breaks (and cannot hold a lone
    # surrogate): written as \u escapes, the text it gives back is the same JSON.
    return re.compile("[\u00a0\u2028\u2029\ufdd0\ufdd1\ud800-\udfff]")


def pretty_json(value: Any) -> str:
    """Indented JSON in the token's member order, very long strings shortened."""
    text = json.dumps(_shorten(value), indent=2, ensure_ascii=False)
    return _not_kept_by_editor().sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
        from PySide6.QtGui import QTextCharFormat  # its type loads on first use

        formats = {}
        for role in ("key", "string", "number", "literal"):
            fmt = QTextCharFormat()
            fmt.setForeground(color(self._view, role))
            formats[role] = fmt
        for match in _tokens().finditer(text):
            role = match.lastgroup or "string"
            self.setFormat(match.start(), match.end() - match.start(), formats[role])


class JsonView(WindowUndoEdit):
    """Shows one JSON value and lets the user edit it.

    Signals:
        edited: The user changed the text. arg: the text.
    """

    edited = Signal(str)

    def __init__(
        self, name: str, accessible: str, empty_hint: str = EMPTY_HINT
    ) -> None:
        super().__init__()
        self._empty_hint = empty_hint
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setFont(monospace())
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.highlighter = JsonHighlighter(self.document(), self)
        self._text = ""
        self.textChanged.connect(self._on_text_changed)
        self.clock: Callable[[], float] | None = None
        """With a clock, hovering a NumericDate claim shows its date."""

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.ToolTip and self.clock is not None:
            from PySide6.QtGui import QHelpEvent
            from PySide6.QtWidgets import QToolTip

            assert isinstance(event, QHelpEvent)
            cursor = self.cursorForPosition(event.pos())
            text = date_tooltip(
                cursor.block().text(), cursor.positionInBlock(), self.clock()
            )
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def _on_text_changed(self) -> None:
        # Re-colouring emits textChanged too: only a changed text is an edit.
        text = self.toPlainText()
        if text and self.placeholderText():
            self.setPlaceholderText("")  # the hint was for the empty window
        if text != self._text and not self.isReadOnly():
            self._text = text
            self.edited.emit(text)

    def show_value(self, value: Any) -> None:
        """Display ``value`` pretty-printed (editable unless it had to be shortened)."""
        text = pretty_json(value)
        # Qt highlights a whole document at once: skip it for very large JSON.
        self.highlighter.setDocument(
            self.document() if len(text) < HIGHLIGHT_LIMIT else None
        )
        # Shortened strings must never be written back into the token.
        self._set_text(text, editable=not _has_long_string(value))

    def show_empty(self) -> None:
        """No token: an empty editor where JSON typed from scratch makes one."""
        self.highlighter.setDocument(self.document())
        self._set_text("", editable=True)
        self.setPlaceholderText(self._empty_hint)

    def show_note(self, text: str) -> None:
        """Display a plain note instead of JSON (not editable)."""
        self.highlighter.setDocument(None)
        self._set_text(text, editable=False)

    def _set_text(self, text: str, *, editable: bool) -> None:
        self.setPlaceholderText("")
        self._text = text
        self.setReadOnly(not editable)
        self.setPlainText(text)


def _has_long_string(value: Any) -> bool:
    if isinstance(value, str):
        return len(value) > LONG_STRING
    if isinstance(value, dict):
        return any(_has_long_string(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_long_string(v) for v in value)
    return False
