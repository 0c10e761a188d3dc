"""The key input: its kind (mode) list, the secret field or key box, the
load-file button, the issuer-keys fetch box, and what the key was
recognised as."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jwtinspector.core import algorithms
from jwtinspector.widgets.theme import hex_color, monospace
from jwtinspector.widgets.wrapped_label import WrappedLabel

if TYPE_CHECKING:
    from jwtinspector.widgets.key_fetch_box import KeyFetchBox

# (label, the session's key input mode). Auto recognises what is pasted; the
# others are overrides.
KEY_MODES = (
    ("Auto · secret, PEM, certificate, JWK or JWKS", "auto"),
    ("Secret · UTF-8 text", "utf-8"),
    ("Secret · base64", "base64"),
    ("Secret · base64url", "base64url"),
    ("Key · PEM, certificate, JWK or JWKS", "key"),
    ("Fetch · the issuer's keys (OpenID discovery or JWKS URL)", "fetch"),
)
AUTO_MODE = 0
KEY_TEXT_MODE = 4
FETCH_MODE = 5
SECRET_MODES = ("utf-8", "base64", "base64url")
MODE_INDEX = {mode: index for index, (_, mode) in enumerate(KEY_MODES)}
KEY_BOX_LINES = 3
"""The lines the multi-line key box shows; its placeholders fit in them."""

_KEY_PLACEHOLDER = (
    "a PEM key (-----BEGIN PUBLIC KEY-----),\n"
    'a certificate, a JWK {"kty": …}\n'
    'or a JWKS {"keys": […]}'
)
_AUTO_KEY_PLACEHOLDER = (
    "a PEM key (-----BEGIN PUBLIC KEY-----),\n"
    'a certificate, a JWK {"kty": …},\n'
    'a JWKS {"keys": […]} or a shared secret'
)


def key_expectation(alg: str | None) -> str:
    """What the key input expects for this algorithm, in plain words."""
    if not alg:
        return (
            "The header names no algorithm (alg), so nothing says how the token "
            "was signed: it cannot be verified."
        )
    if alg.strip().lower() == "none":
        return "An unsigned token has no signature to verify."
    known = algorithms.lookup(alg)
    if known is None:
        return (
            f"{alg} is not an algorithm this app can verify; pick one of "
            "HS*, RS*, PS*, ES*, EdDSA from the list to re-sign."
        )
    if known.min_key_bytes:
        return (
            f"{alg} uses a shared secret (at least {known.min_key_bytes} bytes): "
            "the same one signs and verifies."
        )
    if known.kty == "RSA":
        what = "an RSA public key"
    elif known.kty == "OKP" and known.curve is None:
        what = "an Ed25519 or Ed448 public key"
    elif known.kty == "EC":
        what = f"an EC {known.curve} public key"
    else:  # Ed25519, Ed448 (RFC 9864) and ML-DSA-44 … (an AKP key)
        what = f"an {known.curve} public key"
    return f"{alg} is verified with {what}: PEM, certificate, JWK or the issuer's JWKS."


def key_placeholder(alg: str | None) -> str:
    """Auto mode takes anything: its hint names what this token needs."""
    known = algorithms.lookup(alg)
    if known is not None and known.min_key_bytes:
        return (
            f"the shared secret for {alg}, as text;\nfor a base64 one, choose\n"
            '"Secret · base64" in the list above'
        )
    return _AUTO_KEY_PLACEHOLDER


def _may_be_key(text: str) -> bool:
    """A cheap first look before the key parser is loaded."""
    body = text.lstrip("\ufeff").lstrip()
    return "-----BEGIN" in text or body.startswith(("{", "ssh-", "ecdsa-"))


def describe_key(key: Any, kind: str = "") -> str:
    """The engine's description of a loaded key (a KeyMaterial or KeySet),
    after what the text was recognised as ("Recognised: RSA public key");
    "" for no key. Names the key, never shows a secret."""
    if key is None:
        return ""
    if hasattr(key, "keys"):
        lines = [k.describe() for k in key.keys]
        text = f"Key set with {len(lines)} key(s):\n" + "\n".join(lines[:6])
    else:
        text = key.describe()
    return f"Recognised: {kind}\n{text}" if kind else text


class KeyBox(QWidget):
    """The input that fits the chosen kind; the kind list (``key_mode``) and
    the recognised-kind line (``key_info``) are laid out by the pane.

    Signals:
        key_input_edited: The text or mode changed. args: text, mode (a
            KEY_MODES mode), sample (the built-in sample's secret).
        fetch_box_created: The fetch box was just built. arg: the KeyFetchBox.
    """

    key_input_edited = Signal(str, str, bool)
    fetch_box_created = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key_kind = ""  # what the session recognised in the key box
        self._key_note = ""  # and what else it may be
        self._key: Any = None  # the loaded key, for its description
        self.verdict = ""  # the signature's status, set by the pane
        self._fetch_box: KeyFetchBox | None = None
        self._issuer_offered = ""
        self._header_urls: tuple[tuple[str, str], ...] = ()
        self.key_mode = QComboBox()
        self.key_mode.setObjectName("keyMode")
        self.key_mode.setAccessibleName("Key kind")
        for label, _ in KEY_MODES:
            self.key_mode.addItem(label)
        # Narrower than its longest choice: the pane fits small windows.
        self.key_mode.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.key_mode.setMinimumContentsLength(24)
        self.secret_edit = QLineEdit()
        self.secret_edit.setObjectName("secretEdit")
        self.secret_edit.setAccessibleName("Shared secret")
        self.secret_edit.setPlaceholderText("the shared secret")
        self.secret_edit.setFont(monospace())
        self.key_edit = QPlainTextEdit()
        self.key_edit.setObjectName("keyEdit")
        self.key_edit.setAccessibleName("Key")
        self.key_edit.setTabChangesFocus(True)
        self.key_edit.setFont(monospace())
        self.key_edit.setPlaceholderText(_KEY_PLACEHOLDER)
        # Its lines, a frame and the document's margins: the placeholders
        # fit whole, and there is room for the rest of the pane.
        self._show_focus_frame()
        line = self.key_edit.fontMetrics().lineSpacing()
        margin = self.key_edit.document().documentMargin()
        frame = 2  # the frame's border and padding, focused or not
        self.key_edit.setFixedHeight(int(line * KEY_BOX_LINES + 2 * (frame + margin)))
        self.load_button = QPushButton("Load key file…")
        self.load_button.setObjectName("loadKeyButton")
        self.load_button.setAccessibleName("Load key file")
        self.key_info = WrappedLabel()
        self.key_info.setObjectName("keyInfo")
        self.key_info.setAccessibleName("Key description")
        self.key_info.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        # Only the input that fits the chosen kind is visible.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.secret_edit)
        layout.addWidget(self.key_edit)
        layout.addWidget(self.load_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._layout = layout  # the fetch box joins it when built
        self._last_input: QLineEdit | QPlainTextEdit = self.key_edit
        self.key_mode.currentIndexChanged.connect(self._on_mode_changed)
        self.secret_edit.textChanged.connect(self._on_secret_typed)
        self.key_edit.textChanged.connect(self._emit_key_input)
        self._show_inputs(AUTO_MODE)
        self.show_placeholder(None)

    def _show_focus_frame(self) -> None:
        """A frame in the highlight colour while focused, as the one-line
        fields show (a plain text box shows none under Fusion and others);
        the padding keeps the text still when the frame thickens."""
        self.key_edit.setStyleSheet(
            "QPlainTextEdit#keyEdit { border: 1px solid palette(mid);"
            " border-radius: 3px; padding: 1px; }"
            "QPlainTextEdit#keyEdit:focus { border: 2px solid palette(highlight);"
            " padding: 0px; }"
        )

    # --- parts built on first use ------------------------------------------

    @property
    def fetch_box(self) -> KeyFetchBox:
        """The issuer-keys fetch box (built on first use)."""
        if self._fetch_box is None:
            from jwtinspector.widgets.key_fetch_box import KeyFetchBox

            box = self._fetch_box = KeyFetchBox()
            box.setVisible(self.key_mode.currentIndex() == FETCH_MODE)
            self._layout.addWidget(box)
            if self._issuer_offered:  # what it would show, built at the start
                box.offer_issuer(self._issuer_offered)
            box.offer_header_urls(self._header_urls)
            self.fetch_box_created.emit(box)
        return self._fetch_box

    @property
    def fetch_box_built(self) -> bool:
        """True once the fetch box exists (until then nothing needs updating)."""
        return self._fetch_box is not None

    def offer_fetch(
        self, issuer: str, header_urls: tuple[tuple[str, str], ...]
    ) -> None:
        """What the fetch box offers for this token (issuer, jku/x5u URLs)."""
        self._issuer_offered = issuer or self._issuer_offered
        self._header_urls = header_urls
        if self._fetch_box is not None:
            self._fetch_box.offer_issuer(issuer)
            self._fetch_box.offer_header_urls(header_urls)

    # --- user actions -----------------------------------------------------

    def _on_mode_changed(self, index: int) -> None:
        """The mode is an override: the text moves to the input it shows."""
        text = self.key_box_text()
        self._show_inputs(index)
        self._set_box_text(text)
        self._emit_key_input()

    def _on_secret_typed(self, text: str) -> None:
        """A PEM key, certificate, JWK or JWKS pasted where a secret was
        expected is taken as the key it is (the box says what it found)."""
        if self.key_box_mode() == "fetch":
            return  # the fetched keys stand until the user picks another kind
        if self._last_input is not self.secret_edit:
            # Text put in the secret field is a secret: the field becomes the box.
            self._set_mode(MODE_INDEX["utf-8"])
            with QSignalBlocker(self.key_edit):
                self.key_edit.clear()
            self._last_input = self.secret_edit
        if _may_be_key(text):
            from jwtinspector.core.keys import looks_like_key

            if looks_like_key(text):
                self._set_mode(KEY_TEXT_MODE)
                self._set_box_text(text)
        self._emit_key_input()

    def _set_mode(self, index: int) -> None:
        with QSignalBlocker(self.key_mode):
            self.key_mode.setCurrentIndex(index)
        self._show_inputs(index)

    def _input_for(self, index: int) -> QLineEdit | QPlainTextEdit | None:
        mode = KEY_MODES[index][1]
        if mode in SECRET_MODES:
            return self.secret_edit
        return None if mode == "fetch" else self.key_edit

    def key_box_text(self) -> str:
        """The text in the key box (kept while the fetch box is shown)."""
        box = self._last_input
        return box.text() if isinstance(box, QLineEdit) else box.toPlainText()

    def key_box_mode(self) -> str:
        """The mode chosen in the combo: "auto", "utf-8", …, "key", "fetch"."""
        return str(KEY_MODES[self.key_mode.currentIndex()][1])

    def _set_box_text(self, text: str) -> None:
        """Show ``text`` in the current input without a change signal."""
        box = self._input_for(self.key_mode.currentIndex())
        if box is None:
            return
        if box is not self._last_input:
            with QSignalBlocker(self._last_input):
                self._last_input.clear()  # one box: its text is in one input
            self._last_input = box
        if self.key_box_text() == text:
            return
        with QSignalBlocker(box):
            if isinstance(box, QLineEdit):
                box.setText(text)
                box.setCursorPosition(0)  # a narrow field shows its start
            else:
                box.setPlainText(text)

    def _emit_key_input(self, *, sample: bool = False) -> None:
        mode = self.key_box_mode()
        text = self.key_box_text()
        self.key_input_edited.emit("" if mode == "fetch" else text, mode, sample)

    def _show_inputs(self, index: int) -> None:
        box = self._input_for(index)
        self.secret_edit.setVisible(box is self.secret_edit)
        self.key_edit.setVisible(box is self.key_edit)
        self.load_button.setVisible(box is self.key_edit)
        if index == FETCH_MODE or self._fetch_box is not None:
            self.fetch_box.setVisible(index == FETCH_MODE)

    def put(self, text: str, mode: str, *, sample: bool = False) -> None:
        """Text and mode as ONE key change: switching the mode first would
        hand the old text, read in the new encoding, to the session."""
        self._set_mode(MODE_INDEX[mode])
        self._set_box_text(text)
        self._emit_key_input(sample=sample)

    def show_key_input(self, state: Any) -> None:
        """The session's key box (a KeyInputState): its text, mode and what
        the text was recognised as."""
        index = MODE_INDEX.get(state.mode, AUTO_MODE)
        if index != self.key_mode.currentIndex():
            self._set_mode(index)
        if state.mode != "fetch":
            self._set_box_text(state.text)
        if (state.kind, state.note) != (self._key_kind, self._key_note):
            self._key_kind, self._key_note = state.kind, state.note
            if state.kind:
                self.show_key(self._key)

    # --- display ------------------------------------------------------------

    def show_placeholder(self, alg: str | None) -> None:
        """The key box's hint for this token's algorithm."""
        self.key_edit.setPlaceholderText(key_placeholder(alg))

    def show_verdict(self, verdict: str) -> None:
        """The signature's status: the key's note shows when it may be why."""
        self.verdict = verdict
        if self._key_note:
            self.show_key(self._key)

    def show_key(self, key: Any) -> None:
        """The engine's description of the loaded key, after what the box
        recognised ("Recognised: RSA public key")."""
        self._key = key
        text = describe_key(key, self._key_kind)
        # The note only when it may be why the signature is invalid.
        if (
            key is not None
            and self._key_kind
            and self._key_note
            and self.verdict == "invalid"
        ):
            text += f"\n{self._key_note}"
        self.key_info.setText(text)
        self.key_info.setStyleSheet("")

    def show_key_error(self, message: str) -> None:
        """Why the key text could not be used."""
        if message:
            self.key_info.setText(message)
            self.key_info.setStyleSheet(f"color: {hex_color(self, 'bad')};")
