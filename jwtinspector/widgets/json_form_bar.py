"""Above the header: which signature (or recipient) of a JSON serialization is
shown, and where each header member comes from; in the payload pane, the
field that takes a detached payload.

Both only display and forward what the user chose.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jwtinspector.core.limits import DEFAULT_MAX_SIZE
from jwtinspector.core.text import quote
from jwtinspector.widgets.wrapped_label import WrappedLabel

_NAMES_SHOWN = 12
PLACEHOLDER = "the detached payload, as text"
LINE_SHOWN = 4096
"""A payload longer than this is not put back in the one-line field."""


def _names(members: dict[str, Any] | None) -> str:
    names = [quote(name) if not name.isidentifier() else name for name in members or {}]
    more = len(names) - _NAMES_SHOWN
    text = ", ".join(names[:_NAMES_SHOWN])
    return f"{text} and {more} more" if more > 0 else text


def jws_note(form: Any) -> str:
    """Which members of the shown signature's header the signature covers."""
    jws = form.jws
    if not jws.signatures:
        return "There is no signature to show."
    signature = jws.signatures[form.selected]
    lines = []
    if signature.protected:
        lines.append(f"Protected (signed): {_names(signature.protected)}")
    else:
        lines.append(
            "No protected header: the signature covers the payload only, "
            "not the header."
        )
    if signature.header:
        lines.append(
            f"Unprotected, not covered by the signature: {_names(signature.header)}"
        )
    if jws.unencoded:
        lines.append("The payload is unencoded (b64: false, RFC 7797).")
    return "\n".join(lines)


def jwe_note(form: Any) -> str:
    """Where each member of the shown recipient's header comes from, and
    the additional authenticated data."""
    jwe = form.jwe
    lines = []
    if jwe.protected:
        lines.append(f"Protected (integrity-checked): {_names(jwe.protected)}")
    if jwe.unprotected:
        lines.append(f"Shared unprotected: {_names(jwe.unprotected)}")
    if jwe.recipients:
        own = jwe.recipients[form.selected].header
        lines.append(
            f"This recipient's own header: {_names(own)}"
            if own
            else "This recipient has no header of its own."
        )
    if jwe.aad is not None:
        lines.append(f"AAD ({len(jwe.aad):,} bytes): {aad_text(jwe.aad)}")
    return "\n".join(lines)


def aad_text(data: bytes, size: int = 120) -> str:
    """The additional authenticated data: quoted text, or hex when binary."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        shown = data[: size // 2].hex(" ")
        return shown + (" …" if len(data) > size // 2 else "")
    cut = text[:size] + ("…" if len(text) > size else "")
    return quote(cut)


class DetachedPayload(QWidget):
    """Takes the payload of a detached token, typed or from a file; hidden
    unless the token's payload is detached.

    Signals:
        payload_given: The payload changed. arg: its bytes.
    """

    payload_given = Signal(bytes)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detachedPayload")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.setSpacing(2)
        self.about = WrappedLabel(
            "Detached payload: the token carries none (header..signature, "
            "RFC 7515 Appendix F); the signature covers content sent apart. "
            "Give it here to show and verify it."
        )
        self.about.setObjectName("detachedPayloadNote")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setObjectName("detachedPayloadEdit")
        self.edit.setAccessibleName("Detached payload")
        self.edit.setPlaceholderText(PLACEHOLDER)
        self.file_button = QPushButton("From file…")
        self.file_button.setObjectName("detachedPayloadFile")
        self.file_button.setAccessibleName("Detached payload from a file")
        row.addWidget(self.edit, 1)
        row.addWidget(self.file_button)
        layout.addWidget(self.about)
        layout.addLayout(row)
        self.edit.textEdited.connect(
            lambda text: self.payload_given.emit(text.encode("utf-8"))
        )
        self.file_button.clicked.connect(self._choose_file)
        self.hide()

    def show_form(self, form: Any) -> None:
        """Shown while the token's payload is detached (a models JsonForm),
        with the payload given for it (an edit or Undo may change it)."""
        self.setVisible(bool(form.detached))
        payload = form.detached_payload if form.detached else None
        if payload is None:
            if self.edit.text() or not form.detached:
                self.edit.clear()  # a new token: its payload is not this one
                self.edit.setPlaceholderText(PLACEHOLDER)
            return
        if self.edit.text().encode("utf-8") == payload:
            return
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if len(text) > LINE_SHOWN or "\n" in text:
            text = ""  # a long or binary payload (from a file): its size only
        if text or self.edit.text():
            self.edit.setText(text)
        if not text:
            self.edit.setPlaceholderText(f"{len(payload):,} bytes given")

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Detached payload")
        if path:
            self.load_file(path)

    def load_file(self, path: str) -> None:
        """Use a file's bytes as the payload (up to the input size limit)."""
        try:
            with open(path, "rb") as handle:
                data = handle.read(DEFAULT_MAX_SIZE + 1)
        except OSError as exc:
            self.about.setText(f"Cannot read {Path(path).name}: {exc.strerror}")
            return
        if len(data) > DEFAULT_MAX_SIZE:
            self.about.setText(f"{Path(path).name} is over the 1 MB limit.")
            return
        self.edit.clear()
        self.edit.setPlaceholderText(f"from {Path(path).name} ({len(data):,} bytes)")
        self.payload_given.emit(data)


class JsonFormBar(QWidget):
    """The signature (or recipient) selector; hidden for a compact token.

    Attributes:
        detached: The field that takes a detached payload (a
            DetachedPayload), which the window puts in the payload pane.

    Signals:
        chosen: The user chose another signature or recipient. arg: index.
    """

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jsonFormBar")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("")
        self.title.setObjectName("jsonFormTitle")
        self.selector = QComboBox()
        self.selector.setObjectName("jsonFormSelector")
        self.selector.setAccessibleName("Signature shown")
        self.selector.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.selector.setMinimumContentsLength(24)
        self.title.setBuddy(self.selector)
        row.addWidget(self.title)
        row.addWidget(self.selector, 1)
        layout.addLayout(row)
        self.note = WrappedLabel("")
        self.note.setObjectName("jsonFormNote")
        self.note.setAccessibleName("Header members covered")
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # member names quoted
        layout.addWidget(self.note)
        self.selector.activated.connect(self.chosen)
        self.detached = DetachedPayload()
        self.hide()

    def show_form(self, form: Any) -> None:
        """A models.json_form.JsonForm: its choices, the one shown, the note."""
        if not form.active:
            self.hide()
            return
        jws = form.jws is not None
        shape = "flattened" if (form.jws or form.jwe).flattened else "general"
        kind = "JWS" if jws else "JWE"
        self.title.setText(f"{kind} JSON ({shape}):")
        self.selector.setAccessibleName("Signature shown" if jws else "Recipient shown")
        choices = form.choices()
        if [self.selector.itemText(i) for i in range(self.selector.count())] != list(
            choices
        ):
            self.selector.blockSignals(True)
            self.selector.clear()
            self.selector.addItems(list(choices))
            self.selector.blockSignals(False)
        if choices:
            self.selector.setCurrentIndex(form.selected)
        self.selector.setEnabled(len(choices) > 1)
        self.selector.setToolTip(
            "Choose the signature whose header is shown and audited"
            if jws
            else "Choose the recipient whose header is shown"
        )
        self.note.setText(jws_note(form) if jws else jwe_note(form))
        self.show()
