"""The Tamper lab tab: change one character and see what breaks; base64url
byte by byte.

It only shows what the engine found (core.tamper, core.b64view) and forwards
the user's choices; the controller (controllers/tamper_lab.py) does the rest.
Long values are cut around the change: no token makes it lay out unbounded
text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from jwtinspector.core.token import JWS_PARTS
from jwtinspector.widgets.flow_layout import FlowLayout
from jwtinspector.widgets.theme import escape, hex_color

if TYPE_CHECKING:
    from jwtinspector.core.b64view import SegmentBytes
    from jwtinspector.core.tamper import TamperResult

CONTEXT = 24
"""Characters (or bytes) shown on each side of the change."""

_MARKS = {"passed": "✓", "failed": "✗", "not checked": "–"}
_KEEP = " style='white-space:nowrap'"
_BREAK = "\u200b"  # lets a long run of base64url wrap in a narrow column


def _chunks(text: str, size: int = 8) -> str:
    """``text`` escaped, with a zero-width break every ``size`` characters."""
    return _BREAK.join(escape(text[i : i + size]) for i in range(0, len(text), size))


class TamperLabPage(QWidget):
    """Two pages: the one-character change, and the byte view.

    Signals:
        change_requested: args: part, position (0-based), character.
        random_requested: Change a random character.
        use_requested: Put the changed copy in the token pane (one undo step).
        bytes_part_chosen: arg: the part the byte view shows.
    """

    change_requested = Signal(str, int, str)
    random_requested = Signal()
    use_requested = Signal()
    bytes_part_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lengths: dict[str, int] = {}
        self._texts: dict[str, str] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.pages = QTabWidget()
        self.pages.setObjectName("tamperPages")
        self.pages.setAccessibleName("Tamper lab pages")
        self.pages.setDocumentMode(True)  # no second frame inside the tab
        self.pages.addTab(self._build_change(), "Change a character")
        self.pages.addTab(self._build_bytes(), "base64url bytes")
        # Each page's buttons sit beside the page tabs, on a line of their
        # own: the tab then adds no height to the pane's minimum.
        corner = QWidget()
        buttons = QHBoxLayout(corner)
        buttons.setContentsMargins(0, 0, 0, 0)
        for widget in (self.random_button, self.use_button, self.bytes_combo):
            buttons.addWidget(widget)
        self.pages.setCornerWidget(corner)
        self.pages.currentChanged.connect(self._show_corner)
        self._show_corner(0)
        layout.addWidget(self.pages)

    @Slot(int)
    def _show_corner(self, index: int) -> None:
        self.random_button.setVisible(index == 0)
        self.use_button.setVisible(index == 0)
        self.bytes_combo.setVisible(index == 1)

    def _build_change(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 2, 0, 0)
        controls = QWidget()
        row = FlowLayout(controls)
        self.part_combo = QComboBox()
        self.part_combo.setObjectName("tamperPartCombo")
        self.part_combo.setAccessibleName("Part to change")
        self.part_combo.setToolTip("The part in which one character is changed")
        self.part_combo.addItems(JWS_PARTS)
        self.position_spin = QSpinBox()
        self.position_spin.setObjectName("tamperPositionSpin")
        self.position_spin.setAccessibleName("Character to change")
        self.position_spin.setPrefix("character ")
        self.position_spin.setRange(1, 1)
        self.old_label = QLabel("")
        self.old_label.setObjectName("tamperOldChar")
        self.char_edit = QLineEdit()
        self.char_edit.setObjectName("tamperCharEdit")
        self.char_edit.setAccessibleName("New character")
        self.char_edit.setMaxLength(1)
        self.char_edit.setFixedWidth(
            self.char_edit.fontMetrics().horizontalAdvance("MM") + 16
        )
        self.random_button = QPushButton("Random")
        self.random_button.setObjectName("tamperRandomButton")
        self.random_button.setToolTip("Change a random character of a random part")
        self.use_button = QPushButton("Use this token")
        self.use_button.setObjectName("tamperUseButton")
        self.use_button.setToolTip(
            "Put the changed copy in the token pane (Edit ▸ Undo brings yours back)"
        )
        for widget in (
            self.part_combo,
            self.position_spin,
            self.old_label,
            self.char_edit,
        ):
            row.addWidget(widget)
        self.view = QTextBrowser()
        self.view.setObjectName("tamperView")
        self.view.setAccessibleName("Original and changed copy, side by side")
        self.view.setTabChangesFocus(True)
        _low(self.view)
        column.addWidget(controls)
        column.addWidget(self.view, 1)
        self.part_combo.currentTextChanged.connect(self._on_part)
        self.position_spin.valueChanged.connect(self._on_position)
        self.char_edit.textEdited.connect(lambda _text: self._emit_change())
        self.random_button.clicked.connect(self.random_requested)
        self.use_button.clicked.connect(self.use_requested)
        return page

    def _build_bytes(self) -> QWidget:
        self.bytes_combo = QComboBox()
        self.bytes_combo.setObjectName("bytesPartCombo")
        self.bytes_combo.setAccessibleName("Part shown byte by byte")
        self.bytes_combo.setToolTip("The part shown byte by byte")
        self.bytes_combo.addItems(JWS_PARTS)
        self.bytes_view = QTextBrowser()
        self.bytes_view.setObjectName("bytesView")
        self.bytes_view.setAccessibleName("base64url byte by byte")
        self.bytes_view.setTabChangesFocus(True)
        # A row's bits and bytes stay on one line: the view scrolls instead.
        self.bytes_view.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        _low(self.bytes_view)
        self.bytes_combo.currentTextChanged.connect(self.bytes_part_chosen)
        return self.bytes_view

    # --- the user's choice --------------------------------------------------

    def choice(self) -> tuple[str, int, str]:
        """The part, position (0-based) and character chosen."""
        return (
            self.part_combo.currentText(),
            self.position_spin.value() - 1,
            self.char_edit.text(),
        )

    def show_choice(self, part: str, position: int, char: str) -> None:
        """Show a change chosen elsewhere (Random, a new token) without
        asking for it again."""
        for widget in (self.part_combo, self.position_spin, self.char_edit):
            widget.blockSignals(True)
        try:
            self.part_combo.setCurrentText(part)
            self.position_spin.setRange(1, max(1, self._lengths.get(part, 1)))
            self.position_spin.setValue(position + 1)
            self.char_edit.setText(char)
        finally:
            for widget in (self.part_combo, self.position_spin, self.char_edit):
                widget.blockSignals(False)
        self._show_old()

    def set_parts(self, texts: dict[str, str]) -> None:
        """The token's parts (their base64url text), for the ranges."""
        self._texts = texts
        self._lengths = {part: len(text) for part, text in texts.items()}

    @Slot(str)
    def _on_part(self, part: str) -> None:
        self.position_spin.blockSignals(True)
        self.position_spin.setRange(1, max(1, self._lengths.get(part, 1)))
        self.position_spin.blockSignals(False)
        self._suggest()

    @Slot(int)
    def _on_position(self, _value: int) -> None:
        self._suggest()

    def _suggest(self) -> None:
        from jwtinspector.core.tamper import suggested_char

        part, position, _char = self.choice()
        text = self._texts.get(part, "")
        if 0 <= position < len(text):
            self.char_edit.setText(suggested_char(text[position]))
        self._show_old()
        self._emit_change()

    def _show_old(self) -> None:
        part, position, _char = self.choice()
        text = self._texts.get(part, "")
        old = text[position] if 0 <= position < len(text) else ""
        self.old_label.setText(f"of {len(text)}: '{old}' to" if old else "")

    def _emit_change(self) -> None:
        self.change_requested.emit(*self.choice())

    # --- display ------------------------------------------------------------

    def show_unavailable(self, message: str) -> None:
        """Why the lab cannot work on this token (the controls are disabled)."""
        for widget in (
            self.part_combo,
            self.position_spin,
            self.char_edit,
            self.random_button,
        ):
            widget.setEnabled(False)
        self.use_button.setEnabled(False)
        self.view.setHtml(f"<p>{escape(message)}</p>")
        self.bytes_view.setHtml(f"<p>{escape(message)}</p>")

    def show_problem(self, message: str) -> None:
        """Why the change asked for cannot be made (the token stays as it is)."""
        self._enable()
        self.use_button.setEnabled(False)
        bad = hex_color(self, "bad")
        self.view.setHtml(f'<p style="color:{bad}">{escape(message)}</p>')

    def _enable(self) -> None:
        for widget in (
            self.part_combo,
            self.position_spin,
            self.char_edit,
            self.random_button,
        ):
            widget.setEnabled(True)

    def show_result(self, result: TamperResult) -> None:
        """The original and the changed copy side by side."""
        self._enable()
        self.use_button.setEnabled(True)
        self.view.setHtml(tamper_html(result, self))

    def show_bytes(self, view: SegmentBytes | None, message: str = "") -> None:
        """A part byte by byte (None: ``message`` says why not)."""
        if view is None:
            self.bytes_view.setHtml(f"<p>{escape(message)}</p>")
        else:
            self.bytes_view.setHtml(bytes_html(view, self))


def _low(view: QTextBrowser) -> None:
    """Two lines high at least: the tab must not raise the pane's minimum
    height (the window fits 960x540 with the details shown)."""
    view.setMinimumHeight(2 * view.fontMetrics().lineSpacing() + 2 * view.frameWidth())


def _nowrap(text: str) -> str:
    """``text`` escaped, its spaces kept from wrapping (and from collapsing)."""
    return escape(text).replace(" ", "&nbsp;")


def _mark(text: str, index: int, background: str) -> str:
    """``text`` with the character at ``index`` highlighted, cut around it."""
    start = max(0, index - CONTEXT)
    end = min(len(text), index + CONTEXT + 1)
    before = ("…" if start else "") + text[start:index]
    after = text[index + 1 : end] + ("…" if end < len(text) else "")
    return (
        f"{_chunks(before)}<span style='background:{background}'><b><u>"
        f"{escape(text[index])}</u></b></span>{_chunks(after)}"
    )


def _hex_marked(mine: bytes, other: bytes, background: str) -> str:
    """``mine`` in hex, groups of 8 digits, the digits that differ marked."""
    a, b = mine.hex(), other.hex()
    out = []
    for i, digit in enumerate(a):
        if i and i % 8 == 0:
            out.append(" ")
        if i >= len(b) or b[i] != digit:
            out.append(f"<span style='background:{background}'>{digit}</span>")
        else:
            out.append(digit)
    return "".join(out)


def _decoded(data: bytes | None, other: bytes | None, background: str) -> str:
    """The decoded part as text, cut around the first changed byte."""
    if data is None:
        return "<i>does not decode</i>"
    first = next(
        (i for i, (x, y) in enumerate(zip(data, other or b"", strict=False)) if x != y),
        None,
    )
    if first is None:
        shown = data[: 2 * CONTEXT]
        text = escape(shown.decode("utf-8", "replace"))
        return text + ("…" if len(data) > len(shown) else "")
    start = max(0, first - CONTEXT)
    end = min(len(data), first + CONTEXT + 1)
    out = ["…" if start else ""]
    for i in range(start, end):
        char = chr(data[i]) if 0x20 <= data[i] < 0x7F else "·"
        changed = other is None or i >= len(other) or other[i] != data[i]
        out.append(
            f"<span style='background:{background}'>{escape(char)}</span>"
            if changed
            else escape(char)
        )
    out.append("…" if end < len(data) else "")
    return "".join(out)


def tamper_html(result: TamperResult, widget: QWidget) -> str:
    """The side-by-side page for ``result``."""
    mark = hex_color(widget, "error_bg")
    good, bad = hex_color(widget, "good"), hex_color(widget, "bad")
    change = result.change
    head = (
        f"<p>The {change.part}, character {change.position + 1}: "
        f"<tt>'{escape(result.old_char)}'</tt> → <tt>'{escape(change.char)}'</tt>. "
        "The lab works on a copy: your token is unchanged.</p>"
    )
    original_input = result.original_input.decode("ascii", "replace")
    tampered_input = result.tampered_input.decode("ascii", "replace")
    if result.input_offset is None:
        inputs = (
            f"<tt>{_chunks(original_input[: 2 * CONTEXT])}…</tt>",
            "<i>the same: the signature is not part of it</i>",
        )
    else:
        inputs = (
            f"<tt>{_mark(original_input, result.input_offset, mark)}</tt>",
            f"<tt>{_mark(tampered_input, result.input_offset, mark)}</tt>",
        )
    digest = result.hash.upper().replace("SHA", "SHA-")
    before, after = result.original_digest, result.tampered_digest
    rows = [
        ("Signing input", *inputs),
        (
            f"Decoded {change.part}",
            f"<tt>{_decoded(result.original_part, result.tampered_part, mark)}</tt>",
            f"<tt>{_decoded(result.tampered_part, result.original_part, mark)}</tt>",
        ),
        (
            f"{digest} digest",
            f"<tt>{_hex_marked(before, after, mark)}</tt>",
            f"<tt>{_hex_marked(after, before, mark)}</tt>",
        ),
    ]
    table = ["<table cellspacing='0' cellpadding='3' width='100%'>"]
    table.append(
        "<tr><th align='left' width='50%'>Original</th>"
        "<th align='left' width='50%'>Changed copy</th></tr>"
    )
    for title, left, right in rows:
        table.append(f"<tr><td colspan='2'><b>{escape(title)}</b></td></tr>")
        table.append(
            f"<tr><td valign='top'>{left}</td><td valign='top'>{right}</td></tr>"
        )
    table.append("</table>")
    decoded = (
        "cannot be compared (one side does not decode)"
        if result.decoded_bits is None
        else f"{result.decoded_bits}"
    )
    percent = 100 * result.digest_bits / result.digest_size
    bits = (
        f"<p><b>Bits changed:</b> in the token {result.text_bits} of 8 (one "
        f"ASCII character) · in the decoded {change.part} {decoded} · in the "
        f"{digest} digest {result.digest_bits} of {result.digest_size} "
        f"({percent:.0f}%)</p>"
        f"<p><small>{escape(result.hash_note)}. A good hash changes about half "
        "its bits for any change of its input (the avalanche).</small></p>"
    )
    failed = result.failed
    verdict = (
        f"<p style='color:{bad}'><b>Fails first: {escape(failed.name)}</b></p>"
        if failed is not None
        else "<p><b>No check failed.</b></p>"
    )
    checks = ["<ul>"]
    for check in result.checks:
        colour = {"passed": good, "failed": bad}.get(check.status, "")
        style = f" style='color:{colour}'" if colour else ""
        first, *values = check.message.split("\n")
        body = escape(first) + "".join(f"<br><tt>{_nowrap(v)}</tt>" for v in values)
        checks.append(
            f"<li><span{style}>{_MARKS.get(check.status, '')} "
            f"<b>{escape(check.name)}</b></span>: {body}</li>"
        )
    checks.append("</ul>")
    notes = "".join(f"<p>{escape(note)}</p>" for note in result.notes)
    return head + "".join(table) + bits + verdict + "".join(checks) + notes


def bytes_html(view: SegmentBytes, widget: QWidget) -> str:
    """The byte view: each group of 4 characters with its 3 bytes."""
    mark = hex_color(widget, "warn_bg")
    intro = (
        f"<p>The {escape(view.part)}: {view.length:,} base64url characters → "
        f"{view.byte_count:,} bytes. Each character is 6 bits, so 4 characters "
        "(24 bits) are 3 bytes (RFC 4648 §4). base64url writes <b>-</b> for "
        "standard base64's <b>+</b> and <b>_</b> for <b>/</b> (marked), and "
        "leaves out the <b>=</b> padding (RFC 4648 §5, RFC 7515 §2).</p>"
    )
    rows = [
        "<table cellspacing='0' cellpadding='4'><tr>"
        "<th align='left'>#</th><th align='left'>chars</th>"
        "<th align='left'>6-bit values</th><th align='left'>bytes</th>"
        "<th align='left'>ASCII</th><th align='left'>note</th></tr>"
    ]
    for group in view.groups:
        chars = "".join(
            f"<span style='background:{mark}'><b>{escape(c)}</b></span>"
            if i in group.swapped
            else escape(c)
            for i, c in enumerate(group.chars)
        )
        notes = []
        if group.swapped or group.padding:
            notes.append(f"base64: <tt>{escape(group.standard)}</tt>")
        if group.padding:
            notes.append(f"<tt>{group.padding}</tt> left out")
        if group.unused_value:
            notes.append(f"{group.unused_bits} unused bits set")
        elif group.unused_bits:
            notes.append(f"last {group.unused_bits} bits unused (0)")
        rows.append(
            f"<tr><td>{group.start // 4 + 1}</td><td{_KEEP}><tt>{chars}</tt></td>"
            f"<td{_KEEP}><tt>{_nowrap(group.bits)}</tt></td>"
            f"<td{_KEEP}><tt>{_nowrap(group.data.hex(' '))}</tt></td>"
            f"<td{_KEEP}><tt>{_nowrap(group.ascii)}</tt></td>"
            f"<td>{'; '.join(notes)}</td></tr>"
        )
    rows.append("</table>")
    tail = []
    if view.more:
        tail.append(f"<p>… {view.more:,} more groups</p>")
    if view.padding:
        tail.append(
            f"<p>Padding: standard base64 ends this part with "
            f"<tt>{view.padding}</tt>; base64url leaves it out.</p>"
        )
    else:
        tail.append("<p>Padding: none (the length is a multiple of 4).</p>")
    if view.padding_given:
        tail.append(
            f"<p>The token has {view.padding_given} <tt>=</tt> at the end: "
            "base64url in a JWS has none.</p>"
        )
    if view.problem:
        bad = hex_color(widget, "bad")
        tail.append(
            f"<p style='color:{bad}'>Not valid base64url: {escape(view.problem)}.</p>"
        )
    return intro + "".join(rows) + "".join(tail)
