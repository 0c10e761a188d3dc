"""The token and its decoded parts: the editor's text goes to the session,
and the session's token comes back as the coloured segments, the summary
line, the problems, the header and payload views and the several-tokens
line."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QGuiApplication

from jwtinspector.core.errors import Problem
from jwtinspector.widgets.theme import JWE_ROLES, escape, hex_color

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QLabel

    from jwtinspector.core.errors import TokenFormatError
    from jwtinspector.core.token import DecodedToken
    from jwtinspector.models.session import TokenSession
    from jwtinspector.widgets.json_view import JsonView
    from jwtinspector.widgets.token_editor import TokenEditor
    from jwtinspector.widgets.token_picker import OtherTokens

DEFER_ABOVE = 64 * 1024
"""Inputs longer than this are decoded off the GUI thread, once Qt has
finished inserting them."""
ERROR_SPANS = 200
"""At most this many problems are underlined in the token (each costs every
block of the editor a look)."""
EMPTY_SUMMARY = "No token · paste one, or Ctrl+N makes a new one"
"""The summary line of an empty window: the ways in."""
_HEADER_PARTS = ("header", "algorithm", "header-member")


def describe_bytes(data: bytes, why: str = "") -> str:
    """A payload that is not JSON: its text when it is UTF-8, else a hex dump.
    ``why`` says why JSON-looking text was not read as JSON (too deep)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        shown = data[:4096]
        lines = [shown[i : i + 16].hex(" ") for i in range(0, len(shown), 16)]
        more = f"\n… {len(data) - len(shown):,} more bytes" if len(data) > 4096 else ""
        return (
            f"The payload is {len(data):,} bytes that are not UTF-8 text "
            "(a JWS may carry any bytes, RFC 7515). In hex:\n" + "\n".join(lines) + more
        )
    if why:
        return f"{why}. Its text:\n{text}"
    return f"The payload is text, not JSON (a JWS may carry any bytes):\n{text}"


def reasons(token: DecodedToken, segment: str) -> str:
    """Why a segment did not decode: its own errors, else the token's (a
    token without dots has no payload segment to blame)."""
    found = [e.message for e in token.errors if e.segment == segment]
    if not found:
        found = [e.message for e in token.errors if e.segment == "token"]
    return "\n".join(found) or f"The token has no {segment} segment."


def problem_html(problem: TokenFormatError) -> str:
    """A decode problem for the line under the token: what is wrong in plain
    words (and what to do), then the technical detail on its own line."""
    advice = f". {escape(problem.advice)}" if problem.advice else ""
    return (
        f"<b>{escape(problem.headline)}</b>{advice}"
        f"<br>&nbsp;&nbsp;&nbsp;&nbsp;<small>{escape(problem.detail)}</small>"
    )


class TokenView(QObject):
    """Keeps the token editor and the session in step, and shows the token."""

    def __init__(
        self,
        session: TokenSession,
        editor: TokenEditor,
        summary: QLabel,
        show_problem: Callable[[str, str], None],
        views: tuple[JsonView, JsonView],
        errors: tuple[QLabel, QLabel],
        other_tokens: OtherTokens,
        show_status: Callable[[str, int], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.editor = editor
        self.summary = summary
        self._show_problem = show_problem
        self.header_view, self.payload_view = views
        self.header_errors, self.payload_errors = errors
        self.other_tokens = other_tokens
        self._status = show_status
        self._replacing = False
        self._tokens_text: str | None = None  # the text other_tokens lists
        self.decode_timer = QTimer(self)
        self.decode_timer.setSingleShot(True)
        self.decode_timer.setInterval(0)
        from jwtinspector.models.audit_runner import AuditRunner

        # Reading a hostile 1 MiB text takes a few hundred ms of Python: on
        # the GUI thread that would freeze the window for as long.
        self.decoder = AuditRunner(self)

    # --- editor → session ---------------------------------------------------

    @Slot()
    def on_edited(self) -> None:
        # Re-colouring also emits textChanged; only real edits reach the session.
        text = self.editor.token_text()
        if self._replacing or text == self.session.text:
            return
        if len(text) > DEFER_ABOVE:
            # Let Qt finish inserting a big paste before decoding it, so neither
            # step holds the event loop for long.
            self.decode_timer.start()
        else:
            self.session.set_text(text, merge=self._typing(text))

    @Slot()
    def decode_pending(self) -> None:
        text = self.editor.token_text()
        if text == self.session.text:
            return
        merge, max_size = self._typing(text), self.session.max_size
        self.summary.setText(f"Reading {len(text):,} characters…")

        def read() -> tuple[str, bool, Any]:
            from jwtinspector.core.errors import TokenFormatError
            from jwtinspector.core.forms import read_pasted

            try:
                return text, merge, read_pasted(text, max_size=max_size)
            except TokenFormatError:  # the session says why, in its own words
                return text, merge, None

        self.decoder.run(read)

    def stop_reading(self) -> None:
        """Drop a big text's reading and wait for it (the window closes)."""
        self.decoder.cancel()
        self.decoder.wait()

    @Slot(object)
    def decoded(self, result: tuple[str, bool, Any]) -> None:
        """A big text read off the GUI thread: shown if it is still the
        editor's (a newer edit has started its own reading)."""
        text, merge, pasted = result
        if text != self.editor.token_text():
            return
        if text != self.session.text:
            self.session.set_text(text, merge=merge, pasted=pasted)
        elif self.session.token is not None:  # typed back to what is shown
            self._show_encoded(self.session.token)

    def _typing(self, text: str) -> bool:
        """False once for a whole new token (paste, drop, file): typing merges
        into one undo step, a new token must not merge with it."""
        if text and self.editor.replaced_whole:
            self.editor.replaced_whole = False
            return False
        return True

    @Slot(str)
    def on_text_replaced(self, text: str) -> None:
        if text != self.editor.token_text():
            # setPlainText passes through an empty text: that is not an edit.
            self._replacing = True
            try:
                self.editor.set_token_text(text)
            finally:
                self._replacing = False
                self.editor.replaced_whole = False  # the session's own step

    @Slot()
    def copy_token(self) -> None:
        """Copy the token (as found in the input) to the clipboard."""
        token = self.session.token
        whole = token is None or self.session.json_form.active  # JSON as typed
        QGuiApplication.clipboard().setText(
            self.editor.token_text() if whole else token.token  # type: ignore[union-attr]
        )
        self._status("Token copied", 2000)

    # --- several tokens in one text -----------------------------------------

    @Slot(object)
    def show_other_tokens(self, _token: object = None) -> None:
        """The line under the editor when the text holds several tokens;
        computed once per decoded text (after the deferred decode of a big
        one; a clean single token costs one regex match)."""
        text = self.session.text
        if text == self._tokens_text:
            return
        self._tokens_text = text
        from jwtinspector.core.extract import find_tokens

        token = self.session.token
        found, shown = find_tokens(text), token.token if token else None
        sd = getattr(self.session.pasted, "sd", None)
        if sd is not None and sd.form == "compact":  # one SD-JWT, not its JWTs
            from jwtinspector.core.extract import Extraction

            inside = [f for f in found if sd.start <= f.start < sd.end]
            if inside:
                shown = sd.text
                whole = Extraction(sd.text, sd.start, sd.end)
                found = (whole, *(f for f in found if f not in inside))
        self.other_tokens.show_tokens(text, found, shown)

    @Slot(str)
    def show_chosen_token(self, token: str) -> None:
        """One token of several replaces the text (one undo step)."""
        self.editor.set_token_text(token)
        self.editor.setFocus()
        self._status(
            "Showing the chosen token (Ctrl+Z brings the whole text back)", 6000
        )

    # --- session → panes ----------------------------------------------------

    @Slot(object)
    def on_token_changed(self, token: DecodedToken | None) -> None:
        # A JSON view shown afresh from the token drops its old error message.
        source = self.session.edit_source
        for part, label in (
            ("header", self.header_errors),
            ("payload", self.payload_errors),
        ):
            if source != part:
                label.hide()
        if token is None:
            # An empty window takes a payload typed from scratch.
            empty = not self.session.text.strip()
            for view in (self.header_view, self.payload_view):
                if empty:
                    view.show_empty()
                else:
                    view.show_note("")
            self.summary.setText(EMPTY_SUMMARY if empty else "")
            self.editor.highlighter.set_spans([], self._error_spans())
            return
        # The editor the user is typing in keeps its text (and cursor).
        if source == "header":
            pass
        elif token.header is not None:
            self.header_view.show_value(token.header)
        else:
            self.header_view.show_note(
                "The header could not be decoded:\n" + reasons(token, "header")
            )
        if source == "payload":
            pass
        elif token.is_encrypted:
            self.payload_view.show_note(
                "Encrypted token (JWE): enter the recipient's key (or "
                "password) to decrypt it, in the signature pane."
            )
        elif token.payload is not None:
            self.payload_view.show_value(token.payload)
        elif token.payload_bytes is not None:
            why = [
                e.message
                for e in token.errors
                if e.segment == "payload" and e.kind is Problem.TOO_DEEP
            ]
            self.payload_view.show_note(describe_bytes(token.payload_bytes, *why[:1]))
        else:
            self.payload_view.show_note(
                "The payload could not be decoded:\n" + reasons(token, "payload")
            )
        self._show_encoded(token)

    def _show_encoded(self, token: DecodedToken) -> None:
        """The summary line and the coloured segments of a compact token (a
        JSON serialization's are controllers/json_form.py's)."""
        if self.session.json_form.active:
            return
        self.summary.setText(self._summary(token))
        self._colour_segments(token)

    def _colour_segments(self, token: DecodedToken) -> None:
        spans = []
        for number, seg in enumerate(token.segments):
            if token.is_encrypted:
                role = JWE_ROLES[number % len(JWE_ROLES)]
            elif seg.name in ("header", "payload", "signature"):
                role = seg.name
            else:
                role = "payload"
            if number:  # the dot before this segment
                spans.append((seg.start - 1, seg.start, "dot"))
            spans.append((seg.start, seg.end, role))
        errors = self._error_spans()
        if len(token.token) > DEFER_ABOVE:
            # Re-colouring a 1 MB document takes tens of ms: let the panes
            # show first, then colour on the next turn of the event loop.
            QTimer.singleShot(0, lambda: self._colour_if_current(token, spans, errors))
        else:
            self.editor.highlighter.set_spans(spans, errors)

    def _colour_if_current(
        self, token: DecodedToken, spans: list[Any], errors: list[Any]
    ) -> None:
        if self.session.token is token:
            self.editor.highlighter.set_spans(spans, errors)

    def _summary(self, token: DecodedToken) -> str:
        if token.is_encrypted:
            from jwtinspector.core.token import JWE_PARTS

            names = [n.replace("_", " ").replace("iv", "IV") for n in JWE_PARTS]
            roles = list(JWE_ROLES)
        else:
            names = roles = ["header", "payload", "signature"]
        label = self.summary
        dot = f"<span style='color:{hex_color(label, 'dot')}'>.</span>"
        parts = [
            f"<span style='color:{hex_color(label, role)}'>{name}</span>"
            for name, role in zip(names, roles, strict=True)
        ]
        kind = "encrypted JWE" if token.is_encrypted else token.form
        about = f"{kind} · {len(token.token)} characters"
        if self.editor.shows_sample:
            about = "<b>Sample token</b> · paste yours"  # as wide: nothing moves
        return f"{about} · " + f" {dot} ".join(parts)

    def _errors(self, problems: tuple[Any, ...]) -> tuple[Any, ...]:
        """The problems that are errors: the token's, or a JSON
        serialization's (all its signatures'), or all when nothing decoded."""
        form = self.session.json_form
        if form.active:
            return (form.jws or form.jwe).errors  # type: ignore[union-attr]
        return self.session.token.errors if self.session.token else problems

    def _error_spans(self) -> list[tuple[int, int]]:
        errors = self._errors(self.session.problems)
        spans = (
            (p.offset, p.offset + max(p.length, 1))
            for p in errors
            if p.offset is not None
        )
        return list(itertools.islice(spans, ERROR_SPANS))

    @Slot(object)
    def on_problems_changed(self, problems: tuple[Any, ...]) -> None:
        from jwtinspector.widgets.caps import More, capped

        errors = self._errors(problems)
        error_ids = {id(e) for e in errors}
        lines = []
        # Tens of thousands of one kind (a hostile token) would block the
        # window: the first of each kind, then a count of the rest.
        kind = lambda p: (p.kind, id(p) in error_ids)  # noqa: E731
        for problem in capped(problems, kind, per_kind=1):
            if isinstance(problem, More):
                lines.append(escape(problem.text("problems")))
                continue
            mark = "✗" if id(problem) in error_ids else "⚠"
            lines.append(f"{mark} {problem_html(problem)}")
        self._show_problem("<br>".join(lines), "bad" if errors else "warn")
        if self.session.token is None:
            self.editor.highlighter.set_spans([], self._error_spans())

    @Slot(str, str)
    def on_edit_failed(self, part: str, message: str) -> None:
        label = self.header_errors if part in _HEADER_PARTS else self.payload_errors
        label.setText(f"✗ {message}" if message else "")
        label.setStyleSheet(f"color: {hex_color(label, 'bad')};")
        label.setVisible(bool(message))

    def refresh_colors(self) -> None:
        """Re-apply palette-dependent colours (light/dark scheme changed)."""
        self.editor.highlighter.refresh_colors()
        self.header_view.highlighter.rehighlight()
        self.payload_view.highlighter.rehighlight()
        self.on_problems_changed(self.session.problems)
        if self.session.token is not None and not self.session.json_form.active:
            self.summary.setText(self._summary(self.session.token))
