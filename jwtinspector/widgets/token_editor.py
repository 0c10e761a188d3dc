"""The encoded-token editor: segments coloured, problems marked, drops accepted."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QTimer, Signal
from PySide6.QtGui import (
    QDropEvent,
    QMouseEvent,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextOption,
)
from PySide6.QtWidgets import QWidget

from jwtinspector.widgets.editing import WindowUndoEdit
from jwtinspector.widgets.theme import SEGMENT_ROLES, color, monospace

if TYPE_CHECKING:
    # Made only once there are spans to colour: creating the QTextCharFormat
    # type costs ~5 ms, and nothing is coloured before the first paint.
    from PySide6.QtGui import QTextCharFormat, QTextDocument


_SCROLL_BAR_ALWAYS_OFF = 1
"""Qt::ScrollBarAlwaysOff."""


class SegmentHighlighter(QSyntaxHighlighter):
    """Colours character spans given in document offsets."""

    def __init__(self, document: QTextDocument, editor: QWidget) -> None:
        super().__init__(document)
        self._editor = editor
        self._spans: list[tuple[int, int, str]] = []
        self._errors: list[tuple[int, int]] = []
        self._formats: dict[str, QTextCharFormat] = {}

    def set_spans(
        self, spans: list[tuple[int, int, str]], errors: list[tuple[int, int]]
    ) -> None:
        """Replace the coloured spans (start, end, role) and error spans."""
        if spans == self._spans and errors == self._errors:
            return
        self._spans, self._errors = spans, errors
        self.refresh_colors()

    def refresh_colors(self) -> None:
        """Rebuild the formats from the palette (light or dark) and repaint."""
        from PySide6.QtGui import QTextCharFormat

        self._formats = {}
        for role in SEGMENT_ROLES:
            fmt = QTextCharFormat()
            fmt.setForeground(color(self._editor, role))
            self._formats[role] = fmt
        error = QTextCharFormat()
        error.setBackground(color(self._editor, "error_bg"))
        error.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        error.setUnderlineColor(color(self._editor, "bad"))
        self._formats["error"] = error
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        block_start = block.position()
        if getattr(self._editor, "reflowed", False):
            # Spans are offsets in the token, which has no reflow line breaks.
            block_start -= block.blockNumber()
        block_end = block_start + len(text)
        for start, end, role in self._spans:
            if start < block_end and end > block_start:
                self._apply(block_start, block_end, start, end, self._formats[role])
        for start, end in self._errors:
            if start < block_end and end > block_start:
                self._apply(block_start, block_end, start, end, self._formats["error"])

    def _apply(
        self,
        block_start: int,
        block_end: int,
        start: int,
        end: int,
        fmt: QTextCharFormat,
    ) -> None:
        first = max(start, block_start) - block_start
        last = min(end, block_end) - block_start
        from PySide6.QtGui import QTextCharFormat

        merged = QTextCharFormat(self.format(first))  # keep the segment colour
        merged.merge(fmt)
        self.setFormat(first, last - first, merged)


REFLOW_ABOVE = 64 * 1024
"""Single lines longer than this are shown broken into lines of REFLOW_WIDTH."""
REFLOW_WIDTH = 4096


def reflow(text: str) -> str:
    """Break a very long single line into lines for display only.

    Qt lays out a paragraph as one unit: a 1 MB token (or JSON serialization)
    on one line blocks the window for seconds, the same text in 4 KB lines for
    a few ms. The editor gives the text back without these line breaks
    (``TokenEditor.token_text``), so the token, its size and a JSON string
    stay exactly as given.
    """
    if not needs_reflow(text):
        return text
    return "\n".join(
        text[i : i + REFLOW_WIDTH] for i in range(0, len(text), REFLOW_WIDTH)
    )


def needs_reflow(text: str) -> bool:
    """True for a single line too long to lay out quickly."""
    return len(text) > REFLOW_ABOVE and "\n" not in text


class TokenEditor(WindowUndoEdit):
    """Plain-text editor for the encoded token.

    While it shows the sample, or a token loaded whole (pasted, dropped,
    opened) that no keystroke has changed since, a paste that holds a whole
    token replaces it: pasted at the cursor, the two tokens would be glued.
    The first click into the untouched sample selects it all.

    Signals:
        file_dropped: A file was dropped or pasted as a URL. arg: its path.
        paste_refused: Pasted text was over the size limit. arg: its length.
        paste_replaced: A pasted token replaced the one shown.
    """

    file_dropped = Signal(str)
    paste_refused = Signal(int)
    paste_replaced = Signal()

    def __init__(self, *, max_size: int) -> None:
        super().__init__()
        self.max_size = max_size
        self.setObjectName("tokenEdit")
        self.setAccessibleName("Encoded token")
        self.setPlaceholderText(
            "Paste a token here (Ctrl+V), drop a file, or open one (Ctrl+O).\n"
            "A Bearer prefix, an Authorization header line or a URL with "
            "id_token= also work."
        )
        self.setFont(monospace())
        self.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        # Wrapped anywhere, it never needs to scroll sideways (a short editor
        # otherwise showed a horizontal scroll bar over its last line).
        # (Qt::ScrollBarAlwaysOff through the property: importing Qt before
        # the first paint costs ~40 ms, see main_window).
        self.setProperty("horizontalScrollBarPolicy", _SCROLL_BAR_ALWAYS_OFF)
        self.setTabChangesFocus(True)
        self.highlighter = SegmentHighlighter(self.document(), self)
        self.replaced_whole = False
        self.reflowed = False
        """The shown text is one long line broken for display (see reflow)."""
        self._reflowing = False
        self._loaded = ""  # the text as last loaded whole
        self._sample = False
        self._select_on_click = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # After the scroll bars are placed for the new size.
        QTimer.singleShot(0, self, self._end_at_a_whole_line)

    def _end_at_a_whole_line(self) -> None:
        """Shorten the text area to whole lines: the spare pixels become a
        blank bottom margin, so the editor never shows half a line."""
        from PySide6.QtGui import QFontMetricsF

        # The height the layout gives a line (a little more than the font's).
        layout = self.document().firstBlock().layout()
        if layout is not None and layout.lineCount():
            line = layout.lineAt(0).height()
        else:
            line = QFontMetricsF(self.font()).height()
        inner = self.height() - 2 * self.frameWidth()
        top = self.document().documentMargin()
        whole = max(1, int((inner - top) // line))
        spare = max(0, int(inner - top - whole * line))
        if self.viewportMargins().bottom() != spare:
            self.setViewportMargins(0, 0, 0, spare)
            # The margin in the text's colour, not a grey band under it.
            self.setBackgroundRole(self.viewport().backgroundRole())
            self.setAutoFillBackground(True)

    def setPlainText(self, text: str) -> None:  # noqa: N802 (Qt override)
        self.reflowed = self._reflowing  # before textChanged reads token_text
        super().setPlainText(text)

    def token_text(self) -> str:
        """The text as given: without the line breaks a reflow added."""
        text = self.toPlainText()
        if self.reflowed:
            if len(text) <= REFLOW_WIDTH:
                self.reflowed = False  # no longer one of our long lines
            return text.replace("\n", "")
        return text

    @property
    def untouched(self) -> bool:
        """True while the text is exactly as it was last loaded whole."""
        return self.toPlainText() == self._loaded

    @property
    def shows_sample(self) -> bool:
        """True while the built-in sample is shown, unchanged."""
        return self._sample and self.untouched

    def _replaces(self, text: str) -> bool:
        """Whether pasting ``text`` replaces the editor's content."""
        # Loaded on the first paste, not before the window's first paint.
        from jwtinspector.core.extract import holds_whole_token

        shown = self.token_text()  # without the breaks a reflow added
        if not shown.strip():
            return holds_whole_token(text)  # marks it as loaded whole
        return (
            self.untouched
            and holds_whole_token(text)
            and (self._sample or holds_whole_token(shown))
        )

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasUrls() or super().canInsertFromMimeData(source)

    def dropEvent(self, event: QDropEvent) -> None:
        # A dropped token replaces the one shown: inserted at the drop point it
        # would land inside the old token and make nonsense of both.
        source = event.mimeData()
        if source.hasText() and not source.hasUrls():
            event.acceptProposedAction()
            text = source.text()
            if len(text) > self.max_size:
                self.paste_refused.emit(len(text))
            else:
                self.set_token_text(text)
            return
        super().dropEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        local = [u.toLocalFile() for u in source.urls() if u.isLocalFile()]
        if local and Path(local[0]).is_file():
            self.file_dropped.emit(local[0])
            return
        if source.hasText() and len(source.text()) > self.max_size:
            self.paste_refused.emit(len(source.text()))
            return
        if source.hasText() and self._replaces(source.text()):
            replaced = bool(self.toPlainText().strip())
            self.set_token_text(source.text())  # one undo step in the window
            if replaced:
                self.paste_replaced.emit()
            return
        if source.hasText() and needs_reflow(source.text()):
            if not self.toPlainText().strip():
                self.set_token_text(source.text())  # given back without breaks
            else:
                self.insertPlainText(reflow(source.text()))
            return
        super().insertFromMimeData(source)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt)
        super().mouseReleaseEvent(event)
        select, self._select_on_click = self._select_on_click, False
        if select and self.shows_sample and not self.textCursor().hasSelection():
            self.selectAll()  # the first click into the sample takes it all

    def set_token_text(self, text: str, *, sample: bool = False) -> None:
        """Replace the whole text (long single lines are reflowed first).

        ``sample``: the text is the built-in sample, which the first click
        selects and any paste of a token replaces.
        """
        self.replaced_whole = True  # a new token: its own undo step, not typing
        shown = reflow(text)
        self._loaded, self._sample = shown, sample
        self._select_on_click = sample
        self._reflowing = shown != text
        try:
            self.setPlainText(shown)
        finally:
            self._reflowing = False
        self._end_at_a_whole_line()
