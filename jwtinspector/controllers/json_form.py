"""A JWS or JWE in JSON serialization, and a detached payload, in the window:
the selector above the header, the summary line, read-only header and
payload views, a JWE's headers before decryption, and the field that takes
a detached payload. What is shown comes from the session's JsonForm."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QBoxLayout, QWidget

from jwtinspector.models.json_form import MAX_SHOWN

if TYPE_CHECKING:
    from jwtinspector.controllers.token_view import TokenView
    from jwtinspector.models.session import TokenSession
    from jwtinspector.widgets.json_form_bar import DetachedPayload, JsonFormBar
    from jwtinspector.widgets.signature_panel import SignaturePanel

DETACHED_NOTE = (
    "The payload is detached: the token does not carry it. Type it or load "
    "its file above to show and verify it."
)


_MEMBER_ROLES = {
    "protected": "header",
    "payload": "payload",
    "signature": "signature",
    "encrypted_key": "encrypted_key",
    "iv": "iv",
    "ciphertext": "ciphertext",
    "tag": "tag",
}
"""The colour of each base64url member's value, as in a compact token."""
_MEMBER = re.compile(r'"(' + "|".join(_MEMBER_ROLES) + r')"\s*:\s*"([^"\\]*)"')
MAX_SPANS = 3 * MAX_SHOWN + 8
"""Members coloured at most (each signature or recipient has two or three)."""


def _tab_before(widget: QWidget, above: QWidget) -> None:
    """Tab reaches ``widget``'s controls just before ``above``'s, as if it
    had been built with the pane (a widget added later comes last)."""
    focus = Qt.FocusPolicy.TabFocus
    before = above.previousInFocusChain()
    for _ in range(500):  # the window's chain is a ring: bounded walk
        if before is None or (
            before.focusPolicy() & focus and not before.isAncestorOf(above)
        ):
            break
        before = before.previousInFocusChain()
    if before is None or before.window() is not widget.window():
        return  # not in the window yet: built with it, in place
    for child in widget.findChildren(QWidget):  # a popup is a window apart
        if child.focusPolicy() & focus and child.window() is before.window():
            QWidget.setTabOrder(before, child)
            before = child


def member_spans(text: str) -> list[tuple[int, int, str]]:
    """The base64url values of a JSON serialization in the colours of the
    compact token's segments: (start, end, role)."""
    spans = []
    for match in _MEMBER.finditer(text):
        spans.append((match.start(2), match.end(2), _MEMBER_ROLES[match.group(1)]))
        if len(spans) >= MAX_SPANS:
            break
    return spans


def form_summary(form: Any, characters: int) -> str:
    """The line above the token: "JWS JSON serialization · general · 3
    signatures · 2,345 characters"."""
    shape = "flattened" if (form.jws or form.jwe).flattened else "general"
    noun = "signature" if form.jws is not None else "recipient"
    kind = "JWS" if form.jws is not None else "JWE (encrypted)"
    count = form.count
    parts = [f"{kind} JSON serialization", shape, f"{count:,} {noun}"]
    parts[-1] += "s" if count != 1 else ""
    if form.jws is not None and form.jws.unencoded:
        parts.append("unencoded payload")
    return " · ".join([*parts, f"{characters:,} characters"])


class JsonFormView(QObject):
    """Shows the session's JSON serialization and detached payload."""

    def __init__(
        self,
        session: TokenSession,
        header_tabs: QWidget,
        tokens: TokenView,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._header_tabs = header_tabs  # the selector goes above them
        self._bar: JsonFormBar | None = None
        # The token view's parts, written after it (connect_signals).
        self.header_view, self.payload_view = tokens.header_view, tokens.payload_view
        self.summary = tokens.summary
        self.editor = tokens.editor

    @property
    def bar(self) -> JsonFormBar:
        """The selector above the header, and its detached payload field
        above the payload: built the first time they are needed."""
        if self._bar is None:
            from jwtinspector.widgets.json_form_bar import JsonFormBar

            self._bar = bar = JsonFormBar()
            for widget, above in (
                (bar, self._header_tabs),
                (bar.detached, self.payload_view),
            ):
                holder = above.parentWidget()
                layout = holder.layout() if holder is not None else None
                assert isinstance(layout, QBoxLayout)
                layout.insertWidget(layout.indexOf(above), widget)
                _tab_before(widget, above)
            bar.chosen.connect(self.session.select_signature)
            bar.detached.payload_given.connect(self.session.set_detached_payload)
        return self._bar

    @property
    def detached(self) -> DetachedPayload:
        """The detached payload field (in the payload pane)."""
        return self.bar.detached

    def connect_signals(self, panel: SignaturePanel) -> None:
        """Wired just after the token view's own slot for token_changed, so
        that what is shown here comes after what it shows."""
        session, form = self.session, self.session.json_form
        session.token_changed.connect(self.after_token)
        form.changed.connect(self.show_form)
        form.verdicts_changed.connect(self.show_verdicts)
        form.verdicts_changed.connect(panel.show_signatures)

    @Slot(object)
    def show_form(self, form: Any) -> None:
        """The selector and the detached payload field follow the input."""
        if self._bar is None and not (form.active or form.detached):
            return  # hidden: not built until a JSON form or detached token
        self.bar.show_form(form)
        self.detached.show_form(form)

    @Slot(object)
    def show_verdicts(self, _text: Any = None) -> None:
        """Each signature's verdict mark in the selector."""
        if self._bar is not None:
            self.bar.show_form(self.session.json_form)

    @Slot(object)
    def after_token(self, token: Any) -> None:
        """After the token view: a JSON serialization's own summary, its
        views read-only, a JWE's headers, a detached payload's note."""
        session, form = self.session, self.session.json_form
        if form.active:
            self.summary.setText(form_summary(form, len(session.text)))
            self.editor.highlighter.set_spans(member_spans(session.text), [])
            if form.jwe is not None and token is None:
                self._show_jwe(form)
            self.header_view.setReadOnly(True)  # each signature covers its own
            if form.jws is None:
                self.payload_view.setReadOnly(True)
        if form.detached and token is not None and token.detached:
            self.payload_view.show_note(DETACHED_NOTE)

    def _show_jwe(self, form: Any) -> None:
        jwe = form.jwe
        if jwe.recipients:
            header = jwe.joint_header(jwe.recipients[form.selected])
        else:
            header = {**(jwe.protected or {}), **(jwe.unprotected or {})}
        self.header_view.show_value(header)
        size = len(jwe.ciphertext) if jwe.ciphertext is not None else 0
        self.payload_view.show_note(
            f"Encrypted token (JWE in JSON serialization): {size:,} bytes of "
            "ciphertext. Its content needs the recipient's key to decrypt it."
        )
