"""Read-only, syntax-highlighted JSON view for the header and payload."""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Callable, Iterator
from json.encoder import encode_basestring as quote_string
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QKeyEvent, QSyntaxHighlighter
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


SHOW_LIMIT = 100_000
"""The JSON view shows this many characters of a larger document at first
(laying out megabytes of text blocks the window); *Show all* shows the rest."""

NOTE_LIMIT = 20_000
"""A note (a payload that is not JSON, say) is cut after this many characters."""


@dataclasses.dataclass(frozen=True)
class Rendered:
    """A value as the JSON view shows it.

    Attributes:
        text: Indented JSON, perhaps cut at the limit.
        shortened: Some long string was shortened (the text is not the value).
        cut: The text stops at the limit; more follows.
    """

    text: str
    shortened: bool
    cut: bool


def render_json(value: Any, limit: int | None = None) -> Rendered:
    """Indented JSON in the token's member order, very long strings shortened,
    the text cut after about ``limit`` characters. Written without recursion,
    so any depth the decoder accepts renders (``json.dumps`` with an indent
    raised RecursionError a few hundred levels down)."""
    chunks: list[str] = []
    size = 0
    shortened = False
    # Iterators over (prefix, value, suffix, depth) to write; a value of
    # _CLOSE writes its prefix alone (a container's closing line).
    stack: list[Iterator[tuple[str, Any, str, int]]] = [iter([("", value, "", 0)])]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        prefix, current, suffix, depth = item
        if current is _CLOSE:
            piece = prefix
        elif isinstance(current, (dict, list)) and current:
            opening, closing = ("{", "}") if isinstance(current, dict) else ("[", "]")
            piece = prefix + opening
            closer = f"\n{INDENT * depth}{closing}{suffix}"
            stack.append(iter([(closer, _CLOSE, "", depth)]))
            stack.append(_members(current, depth + 1))
        else:
            if isinstance(current, str) and len(current) > LONG_STRING:
                shortened = True
                more = len(current) - LONG_STRING
                current = f"{current[:LONG_STRING]}… ({more} more characters)"
            piece = prefix + _scalar(current) + suffix
        chunks.append(piece)
        size += len(piece)
        if limit is not None and size > limit and stack:
            text = "".join(chunks)[:limit]
            return Rendered(_escape_for_editor(text), shortened, True)
    return Rendered(_escape_for_editor("".join(chunks)), shortened, False)


_CLOSE = object()


def _members(
    container: dict[str, Any] | list[Any], depth: int
) -> Iterator[tuple[str, Any, str, int]]:
    """The (prefix, value, suffix, depth) items of a container's members."""
    inner = INDENT * depth
    items: Any = container.items() if isinstance(container, dict) else container
    count = len(container)
    for number, item in enumerate(items, 1):
        if isinstance(container, dict):
            name, member = item
            prefix = f"\n{inner}{_scalar(name)}: "
        else:
            member, prefix = item, f"\n{inner}"
        yield prefix, member, ("" if number == count else ","), depth


def _scalar(value: Any) -> str:
    if isinstance(value, str):  # most members: json's own C quoting, directly
        return quote_string(value)
    if isinstance(value, (dict, list)):
        return "{}" if isinstance(value, dict) else "[]"
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return str(value)
        except ValueError:  # longer than Python's int-to-text limit
            return f'"(a number of about {value.bit_length() * 0.30103:,.0f} digits)"'
    return json.dumps(value, ensure_ascii=False)


def _escape_for_editor(text: str) -> str:
    return _not_kept_by_editor().sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def pretty_json(value: Any) -> str:
    """Indented JSON in the token's member order, very long strings shortened."""
    return render_json(value).text


SHOW_ALL_SHORTCUT = "Ctrl+Shift+M"
"""Shows the whole of a JSON document the view cut."""

CUT_NOTE = (
    f"\n\n… Only the first {SHOW_LIMIT:,} characters are shown. Show all: "
    f"{SHOW_ALL_SHORTCUT}, or right-click ▸ Show all (the token keeps everything)."
)
"""The line after a cut document: how to see the rest."""

NOTE_LINE_LIMIT = 2_000
"""A line of a note longer than this is cut."""


def cut_note(text: str) -> str:
    """A note short enough to lay out at once: long lines and a long text are
    cut, each saying how much was left out."""
    if len(text) <= NOTE_LINE_LIMIT:
        return text
    lines = []
    for line in text[:NOTE_LIMIT].split("\n"):
        if len(line) > NOTE_LINE_LIMIT:
            more = len(line) - NOTE_LINE_LIMIT
            line = f"{line[:NOTE_LINE_LIMIT]}… ({more:,} more characters on this line)"
        lines.append(line)
    if len(text) > NOTE_LIMIT:
        lines.append(f"… ({len(text) - NOTE_LIMIT:,} more characters not shown)")
    return "\n".join(lines)


FORMAT_SHORTCUT = "Ctrl+Shift+F"
"""Formats the JSON in the editor that has the focus."""

INDENT = "  "
"""One level of indentation, as ``pretty_json`` writes it."""


def format_json(text: str) -> str:
    """The JSON text indented in the house style, members in their order.

    Raises ValueError (json.JSONDecodeError) when the text is not JSON.
    """
    value = json.loads(text, object_pairs_hook=_unique_members)
    formatted = json.dumps(value, indent=len(INDENT), ensure_ascii=False)
    return _not_kept_by_editor().sub(lambda m: f"\\u{ord(m.group()):04x}", formatted)


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object, refused when a name repeats: formatting keeps every member."""
    names = [name for name, _ in pairs]
    for name in names:
        if names.count(name) > 1:
            raise ValueError(f"the member {json.dumps(name)} appears twice")
    return dict(pairs)


def line_break(line_before_cursor: str) -> str:
    """What Enter inserts: a line break, the line's indentation, and one
    level more after an opening brace or bracket."""
    indent = line_before_cursor[
        : len(line_before_cursor) - len(line_before_cursor.lstrip(" \t"))
    ]
    if line_before_cursor.rstrip().endswith(("{", "[")):
        indent += INDENT
    return "\n" + indent


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

    Tab moves the focus on (it never types a tab); Enter keeps the line's
    indentation; *Format JSON* (Ctrl+Shift+F, or the context menu) indents
    the whole text.

    Signals:
        edited: The user changed the text. arg: the text.
        format_failed: Format JSON found no JSON to format. arg: why.
    """

    edited = Signal(str)
    format_failed = Signal(str)

    def __init__(
        self, name: str, accessible: str, empty_hint: str = EMPTY_HINT
    ) -> None:
        super().__init__()
        self._empty_hint = empty_hint
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setFont(monospace())
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(True)
        self.highlighter = JsonHighlighter(self.document(), self)
        self.format_action = QAction("&Format JSON", self)
        self.format_action.setObjectName("formatJsonAction")
        self.format_action.setShortcut(FORMAT_SHORTCUT)
        self.format_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.format_action.triggered.connect(self.format_text)
        self.addAction(self.format_action)
        self.show_all_action = QAction("Show &all", self)
        self.show_all_action.setObjectName("showAllJsonAction")
        self.show_all_action.setShortcut(SHOW_ALL_SHORTCUT)
        self.show_all_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.show_all_action.setEnabled(False)
        self.show_all_action.triggered.connect(self.show_all)
        self.addAction(self.show_all_action)
        self._value: Any = None  # the value of a document shown cut
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

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and plain == Qt.KeyboardModifier.NoModifier
            and not self.isReadOnly()
        ):
            cursor = self.textCursor()
            before = cursor.block().text()[: cursor.positionInBlock()]
            cursor.insertText(line_break(before))
            self.setTextCursor(cursor)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self.createStandardContextMenu(event.pos())
        menu.addSeparator()
        menu.addAction(self.format_action)
        self.format_action.setEnabled(not self.isReadOnly())
        if self.show_all_action.isEnabled():
            menu.addAction(self.show_all_action)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def format_text(self) -> None:
        """Indent the JSON text (one edit); say why when it is not JSON."""
        if self.isReadOnly():
            return
        try:
            formatted = format_json(self.toPlainText())
        except ValueError as exc:
            self.format_failed.emit(f"Cannot format: the text is not JSON ({exc}).")
            return
        if formatted != self.toPlainText():
            cursor = self.textCursor()
            cursor.select(cursor.SelectionType.Document)
            cursor.insertText(formatted)

    def show_value(self, value: Any) -> None:
        """Display ``value`` pretty-printed (editable unless it had to be
        shortened); a large document is cut, and *Show all* shows the rest."""
        rendered = render_json(value, SHOW_LIMIT)
        self._value = value if rendered.cut else None
        self.show_all_action.setEnabled(rendered.cut)
        text = rendered.text
        if rendered.cut:
            text += CUT_NOTE
        self._show_rendered(text, editable=not (rendered.shortened or rendered.cut))

    def show_all(self) -> None:
        """The whole of a document that was cut (read-only, without colours)."""
        if self._value is None:
            return
        value, self._value = self._value, None
        self.show_all_action.setEnabled(False)
        self._show_rendered(render_json(value).text, editable=False)

    def _show_rendered(self, text: str, *, editable: bool) -> None:
        # Qt highlights a whole document at once: skip it for very large JSON.
        self.highlighter.setDocument(
            self.document() if len(text) < HIGHLIGHT_LIMIT else None
        )
        # Shortened strings must never be written back into the token.
        self._set_text(text, editable=editable)

    def show_empty(self) -> None:
        """No token: an empty editor where JSON typed from scratch makes one."""
        self._value = None
        self.show_all_action.setEnabled(False)
        self.highlighter.setDocument(self.document())
        self._set_text("", editable=True)
        self.setPlaceholderText(self._empty_hint)

    def show_note(self, text: str) -> None:
        """Display a plain note instead of JSON (not editable); a very long
        note is cut, and so is a very long line in it (both block the window
        while Qt lays them out)."""
        self._value = None
        self.show_all_action.setEnabled(False)
        self.highlighter.setDocument(None)
        self._set_text(cut_note(text), editable=False)

    def _set_text(self, text: str, *, editable: bool) -> None:
        self.setPlaceholderText("")
        self._text = text
        self.setReadOnly(not editable)
        self.setPlainText(text)
