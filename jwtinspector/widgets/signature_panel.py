"""The signature pane: algorithm, key input, verdict, claim problems, countdown."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFontMetrics, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jwtinspector.core.craft import stale_banner
from jwtinspector.core.key_choices import EC_CURVE_FOR_ALG
from jwtinspector.core.numericdate import Countdown
from jwtinspector.widgets.flow_layout import FlowLayout
from jwtinspector.widgets.lazy_tab import LazyTab
from jwtinspector.widgets.theme import escape, hex_color, monospace
from jwtinspector.widgets.wrapped_label import WrappedLabel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTextBrowser

    from jwtinspector.widgets.key_fetch_box import KeyFetchBox

# The "How it is signed" and "Key trace" tabs and the fetch box are built when
# first shown or asked for (the tabs do not set the pane's minimum size): few
# sessions need them, and the window paints sooner and takes less memory.

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
BANNER_LINES = 4
"""Lines the verdict banner keeps room for: its title and three of detail
(the longest usual verdict, "Invalid signature", in a narrow pane)."""
AUTO_MODE = 0
KEY_TEXT_MODE = 4
FETCH_MODE = 5
SECRET_MODES = ("utf-8", "base64", "base64url")
_MODE_INDEX = {mode: index for index, (_, mode) in enumerate(KEY_MODES)}
ASIDE_LINK = "use-aside-key"

ALGORITHM_CHOICES = (
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384",
    "PS512", "ES256", "ES384", "ES512", "ES256K", "EdDSA", "none",
)  # fmt: skip

_ALG_NAMES = {
    "HS": "HMAC with SHA-{}",
    "RS": "RSASSA-PKCS1-v1_5 with SHA-{}",
    "PS": "RSASSA-PSS with SHA-{}",
    "ES": "ECDSA with SHA-{}",
}

_FORMULAS = {
    "HS": 'HMACSHA{bits}(\n  base64UrlEncode(header) + "." +\n'
    "  base64UrlEncode(payload),\n  secret\n)",
    "RS": 'RSASHA{bits}(\n  base64UrlEncode(header) + "." +\n'
    "  base64UrlEncode(payload),\n  RSA private key  → checked with the public key\n)",
    "PS": 'RSAPSSSHA{bits}(\n  base64UrlEncode(header) + "." +\n'
    "  base64UrlEncode(payload),\n  RSA private key  → checked with the public key\n)",
    "ES": 'ECDSASHA{bits}(\n  base64UrlEncode(header) + "." +\n'
    "  base64UrlEncode(payload),\n  EC private key  → checked with the public key\n)",
    "Ed": 'EdDSA(\n  base64UrlEncode(header) + "." +\n'
    "  base64UrlEncode(payload),\n"
    "  Ed25519/Ed448 private key  → checked with the public key\n)",
}


def algorithm_text(alg: str | None) -> str:
    """'HS256 · HMAC with SHA-256' for the algorithm label."""
    if not alg:
        return "no algorithm in the header"
    if alg.strip().lower() == "none":
        return f"{alg} · unsigned: no signature at all"
    if alg == "EdDSA":
        return "EdDSA · Edwards-curve signature (Ed25519 or Ed448)"
    if alg == "ES256K":
        return "ES256K · ECDSA on secp256k1 with SHA-256"
    template = _ALG_NAMES.get(alg[:2])
    return (
        f"{alg} · {template.format(alg[2:])}" if template and alg[2:].isdigit() else alg
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
    if alg not in ALGORITHM_CHOICES:
        return (
            f"{alg} is not an algorithm this app can verify; pick one of "
            "HS*, RS*, PS*, ES*, EdDSA from the list to re-sign."
        )
    if alg.startswith("HS"):
        size = alg[2:]
        nbytes = int(size) // 8 if size.isdigit() else 32
        return (
            f"{alg} uses a shared secret (at least {nbytes} bytes): "
            "the same one signs and verifies."
        )
    if alg.startswith(("RS", "PS")):
        what = "an RSA public key"
    elif alg == "EdDSA":
        what = "an Ed25519 or Ed448 public key"
    elif alg.startswith("ES"):
        curve = EC_CURVE_FOR_ALG.get(alg, "")
        what = f"an EC {curve} public key".replace("  ", " ")
    else:
        return f"{alg} is not a supported algorithm."
    return f"{alg} is verified with {what}: PEM, certificate, JWK or the issuer's JWKS."


_CLAIM_STATES = {
    "exp": "has expired",
    "nbf": "is not valid yet",
    "iat": "is issued in the future",
    "iss": "is from another issuer",
    "aud": "is for another audience",
}
_TIME_CLAIMS = ("exp", "nbf", "iat")


def _problem_line(claim: str, message: str) -> str:
    """A claim problem; a time claim drops its '(3 s ago)': that part would
    freeze while the countdown next to the banner keeps ticking."""
    if claim in _TIME_CLAIMS and message.endswith(")."):
        head, sep, _relative = message.rpartition(" (")
        if sep:
            message = head + "."
    return f"✗ {claim}: {message}"


def _may_be_key(text: str) -> bool:
    """A cheap first look before the key parser is loaded."""
    body = text.lstrip("\ufeff").lstrip()
    return "-----BEGIN" in text or body.startswith(("{", "ssh-", "ecdsa-"))


def _read_only_view(name: str, accessible: str) -> QPlainTextEdit:
    view = QPlainTextEdit()
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setReadOnly(True)
    view.setTabChangesFocus(True)
    return view


def signature_formula(
    alg: str | None, signature_b64: str, size: int, *, header_decoded: bool = True
) -> str:
    """How the signature is made, with this token's signature under it."""
    if not header_decoded:
        head = "The header did not decode: the algorithm is unknown."
    elif not alg:
        head = "The header names no algorithm (alg): how it was signed is unknown."
    elif alg.strip().lower() == "none":
        head = "No signature: alg is none (unsigned)."
    else:
        template = _FORMULAS.get(alg[:2], "")
        head = template.format(bits=alg[2:5].rstrip("K")) if template else alg
    tail = f"= {signature_b64}\n  ({size} bytes)" if size else "= (empty signature)"
    return f"{head}\n{tail}"


class SignaturePanel(QWidget):
    """Shows the verdict and takes the key; never verifies anything itself.

    Signals:
        key_input_edited: The key box's text or mode changed. args: text,
            mode (a KEY_MODES mode), sample (the built-in sample's secret).
        use_aside_requested: Put back the key set aside (the banner's link).
        expectations_changed: args: issuer, audience (comma-separated), leeway.
        load_key_requested: The user wants to load a key from a file.
        use_certificate_requested: Verify with the header's leaf certificate.
        fetch_box_created: The fetch box was just built. arg: the KeyFetchBox.
    """

    key_input_edited = Signal(str, str, bool)
    use_aside_requested = Signal()
    expectations_changed = Signal(str, str, float)
    load_key_requested = Signal()
    algorithm_chosen = Signal(str)
    oidc_inputs_changed = Signal(str, str)
    generate_key_requested = Signal()
    use_certificate_requested = Signal()
    fetch_box_created = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key_kind = ""  # what the session recognised in the key box
        self._key_note = ""  # and what else it may be
        self._key: Any = None  # the loaded key, for its description
        self._aside = ""  # the kind of a key set aside, offered in the banner
        self._stale = ""
        self._report: Any = None
        self._input_problem = ""
        # What the lazily built parts show once they exist.
        self._fetch_box: KeyFetchBox | None = None
        self._issuer_offered = ""
        self._header_urls: tuple[tuple[str, str], ...] = ()
        self._trace: tuple[str, ...] = ()
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # Its minimum height follows its width: a squeezed signature pane
        # would otherwise overlap the algorithm row with a long verdict.
        self.banner = WrappedLabel("Paste a token to verify it.")
        self.banner.setObjectName("verificationBanner")
        self.banner.setAccessibleName("Verification result")
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.banner.linkActivated.connect(self._on_banner_link)
        self.countdown = QLabel("")
        self.countdown.setObjectName("expiryCountdown")
        self.countdown.setAccessibleName("Expiry countdown")
        # A long note ("exp looks like milliseconds …") wraps instead of
        # squeezing the banner into a narrow column.
        self.countdown.setWordWrap(True)
        bold = self.countdown.font()
        bold.setBold(True)
        self._countdown_metrics = QFontMetrics(bold)
        self.countdown.setMaximumWidth(
            self._countdown_width("expired 10 d 00:00:00 ago")
        )
        self.problems = QLabel("")
        self.problems.setObjectName("claimProblems")
        self.problems.setAccessibleName("Claim problems")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)  # quotes claim values
        # The banner keeps the height of its longest usual verdict, so nothing
        # below it moves when the verdict changes. It has the whole width:
        # the window shows the countdown beside the pane's title.
        self.banner.reserve_lines = BANNER_LINES
        layout.addWidget(self.banner)
        layout.addWidget(self.problems)

        self.algorithm_combo = QComboBox()
        self.algorithm_combo.setObjectName("algorithmCombo")
        self.algorithm_combo.setAccessibleName("Signing algorithm")
        self.algorithm_combo.addItems(ALGORITHM_CHOICES)
        # As wide as its longest name (RSA-OAEP-256 in a JWE's header too).
        self.algorithm_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToContents
        )
        self.algorithm = QLabel("")
        self.algorithm.setObjectName("algorithmLabel")
        self.algorithm.setAccessibleName("Algorithm")
        # One click makes the default key; the arrow's menu offers the others.
        self.generate_button = QToolButton()
        self.generate_button.setText("Generate key")
        self.generate_button.setObjectName("generateKeyButton")
        self.generate_button.setAccessibleName("Generate key")
        self.generate_button.setPopupMode(
            QToolButton.ToolButtonPopupMode.MenuButtonPopup
        )
        self.generate_button.setToolTip(
            "Make a new secret or key pair that fits the algorithm and re-sign "
            "the token with it (kept in memory only); the arrow offers sizes "
            "and kinds"
        )
        self.export_button = QPushButton("Export key")
        self.export_button.setObjectName("exportKeyButton")
        self.export_button.setAccessibleName("Export key")
        # Wraps in a narrow pane instead of cutting the buttons off.
        alg_box = QWidget()
        alg_row = FlowLayout(alg_box)
        alg_row.addWidget(self.algorithm_combo)
        alg_row.addWidget(self.algorithm, 1)
        key_buttons = QWidget()  # the two key buttons wrap together
        buttons = QHBoxLayout(key_buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.export_button)
        alg_row.addWidget(key_buttons)
        self.expectation = WrappedLabel()
        self.expectation.setObjectName("keyExpectation")
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
        self.key_edit.setPlaceholderText(
            "-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----\n"
            'or a certificate, a JWK {"kty": …} or a JWKS {"keys": […]}'
        )
        self.key_edit.setMaximumHeight(70)  # four lines: room for the rest
        self.load_button = QPushButton("Load key file…")
        self.load_button.setObjectName("loadKeyButton")
        self.load_button.setAccessibleName("Load key file")
        # Only the input that fits the chosen kind is visible.
        self.key_box = QWidget()
        key_layout = QVBoxLayout(self.key_box)
        key_layout.setContentsMargins(0, 0, 0, 0)
        key_layout.addWidget(self.secret_edit)
        key_layout.addWidget(self.key_edit)
        key_layout.addWidget(self.load_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._key_layout = key_layout  # the fetch box joins it when built
        self.key_info = WrappedLabel()
        self.key_info.setObjectName("keyInfo")
        self.key_info.setAccessibleName("Key description")
        self.key_info.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )

        form = QFormLayout()
        form.addRow("Algorithm", alg_box)
        form.addRow("Key", self.key_mode)
        form.addRow("", self.expectation)
        form.addRow("", self.key_box)
        form.addRow("", self.key_info)
        self.issuer_edit = QLineEdit()
        self.issuer_edit.setObjectName("issuerEdit")
        self.issuer_edit.setAccessibleName("Expected issuer")
        self.issuer_edit.setPlaceholderText("issuer")
        self.issuer_edit.setToolTip("Optional: the issuer (iss) the token must name")
        self.audience_edit = QLineEdit()
        self.audience_edit.setObjectName("audienceEdit")
        self.audience_edit.setAccessibleName("Expected audience")
        self.audience_edit.setPlaceholderText("audience")
        self.audience_edit.setToolTip(
            "Optional: the audience (aud) the token must name; several, comma-separated"
        )
        self.leeway = QDoubleSpinBox()
        self.leeway.setObjectName("leewaySpin")
        self.leeway.setAccessibleName("Leeway in seconds")
        self.leeway.setRange(0, 86400)
        self.leeway.setDecimals(0)
        self.leeway.setSuffix(" s leeway")
        expect = QHBoxLayout()
        expect.addWidget(self.issuer_edit, 1)
        expect.addWidget(self.audience_edit, 1)
        expect.addWidget(self.leeway)
        form.addRow("Expect", expect)
        self.access_token_edit = QLineEdit()
        self.access_token_edit.setObjectName("accessTokenEdit")
        self.access_token_edit.setAccessibleName("Access token for the at_hash check")
        self.access_token_edit.setPlaceholderText("access token, to check at_hash")
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("codeEdit")
        self.code_edit.setAccessibleName("Authorization code for the c_hash check")
        self.code_edit.setPlaceholderText("authorization code, to check c_hash")
        self.oidc_row = QWidget()
        oidc = QHBoxLayout(self.oidc_row)
        oidc.setContentsMargins(0, 0, 0, 0)
        oidc.addWidget(self.access_token_edit)
        oidc.addWidget(self.code_edit)
        self.oidc_label = QLabel("OIDC hashes")
        form.addRow(self.oidc_label, self.oidc_row)
        layout.addLayout(form)

        self.signature_view = _read_only_view("signatureView", "Signature")
        self.signature_view.setFont(monospace())
        # base64url has no spaces: break anywhere, not at each "-".
        self.signature_view.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        self.signature_view.setMinimumHeight(48)
        self.details = QTabWidget()
        self.details.setObjectName("signatureDetails")
        self.details.setAccessibleName("Signature details")
        self.details.tabBar().setAccessibleName("Signature details tabs")
        self.details.addTab(self.signature_view, "Signature")
        self.explain_tab = self.add_lazy_tab("How it is signed", self._build_explain)
        self._trace_tab = self.add_lazy_tab("Key trace", self._build_trace)
        # Built now: its button sets the minimum width of the details pane.
        self.details.addTab(self._build_certificates(), "Certificates")
        layout.addStretch(1)  # the window shows self.details in its own pane

        self._last_input: QLineEdit | QPlainTextEdit = self.key_edit
        self.key_mode.currentIndexChanged.connect(self._on_mode_changed)
        self.secret_edit.textChanged.connect(self._on_secret_typed)
        self.key_edit.textChanged.connect(self._emit_key_input)
        self.load_button.clicked.connect(self.load_key_requested)
        self.algorithm_combo.textActivated.connect(self.algorithm_chosen)
        self.generate_button.clicked.connect(self.generate_key_requested)
        for edit in (self.access_token_edit, self.code_edit):
            edit.textChanged.connect(
                lambda _text: self.oidc_inputs_changed.emit(
                    self.access_token_edit.text(), self.code_edit.text()
                )
            )
        self.issuer_edit.textChanged.connect(self._emit_expectations)
        self.audience_edit.textChanged.connect(self._emit_expectations)
        self.leeway.valueChanged.connect(self._emit_expectations)
        self._show_inputs(AUTO_MODE)
        self._show_placeholder(None)
        self.show_report(None)

    # --- parts built on first use ------------------------------------------

    def add_lazy_tab(self, title: str, build: Callable[[], QWidget]) -> LazyTab:
        """A details tab whose page ``build`` makes when it is first needed."""
        return LazyTab(self.details, title, build)

    def _build_explain(self) -> QWidget:
        from PySide6.QtWidgets import QTextBrowser

        view = QTextBrowser()
        view.setObjectName("explainView")
        view.setAccessibleName("How the signature is made")
        view.setTabChangesFocus(True)
        return view

    def _build_trace(self) -> QWidget:
        view = _read_only_view("keyTraceView", "How the key was chosen")
        self._show_trace_text(view)
        return view

    def _build_certificates(self) -> QWidget:
        view = _read_only_view("certificatesView", "Certificates in the header")
        button = QPushButton(
            "Verify with the leaf certificate's key (proves nothing by itself)"
        )
        button.setObjectName("useCertificateKeyButton")
        button.setAccessibleName("Verify with the leaf certificate's key")
        button.clicked.connect(self.use_certificate_requested)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(view, 1)
        page_layout.addWidget(button)
        self.certificates_view, self.use_certificate_button = view, button
        return page

    @property
    def explain_view(self) -> QTextBrowser:
        """The "How it is signed" page."""
        return self.explain_tab.page()  # type: ignore[return-value]

    @property
    def trace_view(self) -> QPlainTextEdit:
        """The "Key trace" page."""
        return self._trace_tab.page()  # type: ignore[return-value]

    @property
    def fetch_box(self) -> KeyFetchBox:
        """The issuer-keys fetch box (built on first use)."""
        if self._fetch_box is None:
            from jwtinspector.widgets.key_fetch_box import KeyFetchBox

            box = self._fetch_box = KeyFetchBox()
            box.setVisible(self.key_mode.currentIndex() == FETCH_MODE)
            self._key_layout.addWidget(box)
            if self._issuer_offered:  # what it would show, built at the start
                box.offer_issuer(self._issuer_offered)
            box.offer_header_urls(self._header_urls)
            self.fetch_box_created.emit(box)
        return self._fetch_box

    @property
    def fetch_box_built(self) -> bool:
        """True once the fetch box exists (until then nothing needs updating)."""
        return self._fetch_box is not None

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
            with QSignalBlocker(self.key_mode):
                self.key_mode.setCurrentIndex(_MODE_INDEX["utf-8"])
            self._show_inputs(_MODE_INDEX["utf-8"])
            with QSignalBlocker(self.key_edit):
                self.key_edit.clear()
            self._last_input = self.secret_edit
        if _may_be_key(text):
            from jwtinspector.core.keys import looks_like_key

            if looks_like_key(text):
                with QSignalBlocker(self.key_mode):
                    self.key_mode.setCurrentIndex(KEY_TEXT_MODE)
                self._show_inputs(KEY_TEXT_MODE)
                self._set_box_text(text)
        self._emit_key_input()

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

    def _emit_expectations(self) -> None:
        self.expectations_changed.emit(
            self.issuer_edit.text(), self.audience_edit.text(), self.leeway.value()
        )

    def set_secret(
        self, text: str, encoding: str = "utf-8", *, sample: bool = False
    ) -> None:
        """Put a secret in the input (the sample's, or one the user opened).

        Text and encoding arrive as ONE key change: switching the mode first
        would hand the old text, read in the new encoding, to the session.
        A ``sample`` secret belongs to the sample: the session drops it when
        a token of the user's arrives.
        """
        self._put(text, encoding, sample=sample)

    def set_key_text(self, text: str) -> None:
        """Put key text in the input and switch to key mode (one key change)."""
        self._put(text, "key")

    def _put(self, text: str, mode: str, *, sample: bool = False) -> None:
        index = _MODE_INDEX[mode]
        with QSignalBlocker(self.key_mode):
            self.key_mode.setCurrentIndex(index)
        self._show_inputs(index)
        self._set_box_text(text)
        self._emit_key_input(sample=sample)

    def show_key_input(self, state: Any) -> None:
        """The session's key box (a KeyInputState): its text, mode, what the
        text was recognised as, and a key set aside to offer back."""
        index = _MODE_INDEX.get(state.mode, AUTO_MODE)
        if index != self.key_mode.currentIndex():
            with QSignalBlocker(self.key_mode):
                self.key_mode.setCurrentIndex(index)
            self._show_inputs(index)
        if state.mode != "fetch":
            self._set_box_text(state.text)
        if (state.kind, state.note) != (self._key_kind, self._key_note):
            self._key_kind, self._key_note = state.kind, state.note
            if state.kind:
                self.show_key(self._key)
        if state.aside != self._aside:
            self._aside = state.aside
            self.show_report(self._report)

    def _offer_links(self, offered: bool) -> None:
        """The banner joins the Tab chain only while it offers a link."""
        flags = Qt.TextInteractionFlag.TextSelectableByMouse
        if offered:
            flags |= (
                Qt.TextInteractionFlag.LinksAccessibleByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            )
        if self.banner.textInteractionFlags() != flags:
            self.banner.setTextInteractionFlags(flags)

    def _on_banner_link(self, link: str) -> None:
        if link == ASIDE_LINK:
            self.use_aside_requested.emit()

    # --- display ------------------------------------------------------------

    def show_token(self, token: Any) -> None:
        """Algorithm, expectation and signature formula for a decoded token."""
        alg = token.alg if token is not None else None
        decoded = token is not None and token.header is not None
        if token is None:
            label, expected = "—", ""
        elif not decoded:
            label = "unknown: the header did not decode"
            expected = (
                "The header could not be decoded, so neither the algorithm nor "
                "the key it needs is known. Fix the header first."
            )
        elif token.is_encrypted:
            label = f"{alg} · key encryption of a JWE, not a signature"
            expected = (
                "An encrypted token (JWE) carries no signature: its alg says how "
                "the content key was encrypted. This app does not decrypt."
            )
        else:
            label, expected = algorithm_text(alg), key_expectation(alg)
        self.algorithm.setText(label)
        self.expectation.setText(expected)
        if alg and self.algorithm_combo.findText(alg) < 0:
            self.algorithm_combo.addItem(alg)  # show unusual values as they are
        # No alg: an empty choice, not the previous token's algorithm.
        self.algorithm_combo.setCurrentIndex(
            self.algorithm_combo.findText(alg) if alg else -1
        )
        if token is None or token.is_encrypted:
            self.signature_view.setPlainText(
                "Encrypted token (JWE): no signature to show." if token else ""
            )
            return
        sig = token.segment("signature")
        size = len(token.signature or b"")
        self.signature_view.setPlainText(
            signature_formula(
                alg, sig.text if sig else "", size, header_decoded=decoded
            )
        )
        header = token.header or {}
        has_hashes = bool({"at_hash", "c_hash"} & (token.claims or {}).keys())
        self.oidc_row.setVisible(has_hashes)  # only ID tokens carry these
        self.oidc_label.setVisible(has_hashes)
        issuer = str((token.claims or {}).get("iss") or "")
        self._issuer_offered = issuer or self._issuer_offered
        locations = ("jku", "x5u")
        self._header_urls = tuple(
            (w, header[w]) for w in locations if isinstance(header.get(w), str)
        )
        if self._fetch_box is not None:
            self._fetch_box.offer_issuer(issuer)
            self._fetch_box.offer_header_urls(self._header_urls)
        self._show_placeholder(alg)

    def _show_placeholder(self, alg: str | None) -> None:
        """Auto mode takes anything: its hint names what this token needs."""
        if alg and alg.startswith("HS"):
            hint = (
                f"the shared secret for {alg}, as text (choose base64 above "
                "for an encoded one)"
            )
        else:
            hint = (
                "-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----\n"
                'or a certificate, a JWK {"kty": …}, a JWKS {"keys": […]}\n'
                "or a shared secret"
            )
        self.key_edit.setPlaceholderText(hint)

    def show_key(self, key: Any) -> None:
        """The engine's description of the loaded key, after what the box
        recognised ("Recognised: RSA public key")."""
        self._key = key
        if key is None:
            text = ""
        elif hasattr(key, "keys"):
            lines = [k.describe() for k in key.keys]
            text = f"Key set with {len(lines)} key(s):\n" + "\n".join(lines[:6])
        else:
            text = key.describe()
        if key is not None and self._key_kind:
            text = f"Recognised: {self._key_kind}\n{text}"
            if self._key_note and self._verdict() == "invalid":
                text += f"\n{self._key_note}"  # only when it may be why
        self.key_info.setText(text)
        self.key_info.setStyleSheet("")

    def _verdict(self) -> str:
        report = self._report
        return str(report.signature.status.value) if report is not None else ""

    def show_key_error(self, message: str) -> None:
        """Why the key text could not be used."""
        if message:
            self.key_info.setText(message)
            self.key_info.setStyleSheet(f"color: {hex_color(self, 'bad')};")

    def show_input_problems(self, problems: tuple[Any, ...]) -> None:
        """Remember why the input did not decode, for a banner with no report."""
        self._input_problem = str(problems[0].message) if problems else ""

    def show_stale(self, reason: str) -> None:
        """Say that the shown signature is stale, and why ("" = it is not)."""
        self._stale = reason
        self.show_report(self._report)

    def show_certificates(
        self, lines: tuple[str, ...], usable: bool | None = None
    ) -> None:
        """The x5c chains and thumbprint checks of the header and of a JWK given.

        ``usable``: whether the header has a leaf key to offer (default: lines).
        """
        self.certificates_view.setPlainText(
            "\n".join(lines)
            if lines
            else "Neither the header nor the key carries a certificate (x5c)."
        )
        self.use_certificate_button.setEnabled(
            bool(lines) if usable is None else usable
        )

    def show_trace(self, lines: Any) -> None:
        """How the key was found and chosen (fetch steps, then selection)."""
        self._trace = tuple(lines or ())
        if self._trace_tab.built:
            self._show_trace_text(self.trace_view)

    def _show_trace_text(self, view: QPlainTextEdit) -> None:
        view.setPlainText(
            "\n".join(f"→ {line}" for line in self._trace)
            if self._trace
            else "No key trace: the key was entered directly, or there is no key."
        )

    def show_report(self, report: Any) -> None:
        """The banner and the claim problems."""
        self._report = report
        if self._key_note:
            self.show_key(self._key)  # its note follows the verdict
        self.show_trace(report.signature.trace if report is not None else ())
        if report is not None and self._stale:
            title, body = stale_banner(self._stale)
            self._set_banner(f"<b>{title}</b><br>{escape(body)}", "bad")
            self._show_problems(report)
            return
        if report is None:
            if self._input_problem:
                self._set_banner(
                    "<b>Signature cannot be checked</b><br>Cannot check until "
                    f"the token is fixed: {escape(self._input_problem)}",
                    "warn",
                )
            else:
                self._set_banner("Paste a token to verify it.", "neutral")
            self.problems.setText("")
            self.problems.hide()
            return
        status = report.signature.status.value
        role = {"valid": "good", "invalid": "bad"}.get(status, "warn")
        title = {
            "valid": "Signature verified",
            "invalid": "Invalid signature",
            "not_checked": "Signature not checked: no key",
        }.get(status, "Signature cannot be checked")
        # A shortened thumbprint ends in "…": no full stop after it.
        detail = report.signature.message.replace("….", "…")
        if detail.startswith(title):
            detail = detail[len(title) :].lstrip(" .:")
            detail = detail[:1].upper() + detail[1:]
        if status == "valid" and report.problems:
            role = "warn"
            states = [_CLAIM_STATES.get(c.claim) for c in report.problems]
            named = [state for state in states if state]
            title += ", but the token " + (
                " and ".join(dict.fromkeys(named)) if named else "fails a claim check"
            )
        self._set_banner(f"<b>{title}</b><br>{escape(detail)}", role)
        self._show_problems(report)

    def show_refetching(self, kid: str) -> None:
        """The banner while the issuer's keys are fetched again for a new kid."""
        quoted = escape(f'"{kid}"')
        self._set_banner(
            "<b>Fetching the issuer's keys again…</b><br>No key in the fetched "
            f"set has kid {quoted}: the issuer may have rotated its keys.",
            "neutral",
        )

    def _show_problems(self, report: Any) -> None:
        hashes = [
            f"✓ {c.claim}: {c.message}"
            for c in report.claims
            if c.claim in ("at_hash", "c_hash") and not c.failed
        ]
        lines = [_problem_line(c.claim, c.message) for c in report.problems]
        lines += [f"⚠ {w}" for w in report.signature.warnings]
        self.problems.setText("\n".join([*hashes, *lines]))
        self.problems.setVisible(bool(hashes or lines))
        role = "bad" if lines else "good"
        self.problems.setStyleSheet(f"color: {hex_color(self, role)};")

    def show_countdown(self, state: Countdown) -> None:
        """The ticking expiry / not-before text, coloured by state."""
        parts = [t for t in (state.nbf_text, state.exp_text) if t]
        text = "  ·  ".join(parts)
        self.countdown.setText(text)
        # On one line when it fits; a word-wrapped label would otherwise
        # take the narrow width of its longest word.
        self.countdown.setMinimumWidth(
            min(self._countdown_width(text), self.countdown.maximumWidth())
        )
        role = {
            "valid": "good",
            "last_minute": "warn",
            "expired": "bad",
            "not_yet": "warn",
            "suspect": "warn",
        }.get(state.state, "neutral")
        self.countdown.setProperty("state", state.state)
        self.countdown.setStyleSheet(
            f"color: {hex_color(self, role)}; font-weight: bold; padding: 4px;"
            if parts
            else ""
        )

    def _countdown_width(self, text: str) -> int:
        """The width of the bold countdown text on one line, with padding."""
        return self._countdown_metrics.horizontalAdvance(text) + 16 if text else 0

    def show_explanation(self, steps: Any) -> None:
        """The step-by-step explanation from the engine."""
        parts = []
        for step in steps:
            body = escape(step.body).replace("\n", "<br>")
            parts.append(f"<h4>{escape(step.title)}</h4><p><tt>{body}</tt></p>")
        self.explain_view.setHtml("".join(parts))

    def _set_banner(self, html: str, role: str) -> None:
        if self._aside:
            html += (
                f'<br><a href="{ASIDE_LINK}">Use the '
                f"{escape(self._aside)} you entered before</a>"
            )
        self._offer_links(bool(self._aside))
        self.banner.setText(html)
        self.banner.setProperty("state", role)
        self.banner.setStyleSheet(
            f"color: {hex_color(self, role)};"
            f"background: {hex_color(self, role + '_bg')};"
            "border-radius: 4px; padding: 6px;"
        )
