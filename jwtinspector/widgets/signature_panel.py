"""The signature pane: algorithm, key input, verdict, claim problems, countdown.

The verdict block lives in verdict_banner.py and the key input in key_box.py;
this pane lays them out with the algorithm row, the expectations and the
signature details, and keeps their attributes as its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextOption
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

from jwtinspector.core import algorithms
from jwtinspector.core.numericdate import Countdown
from jwtinspector.widgets.flow_layout import FlowLayout
from jwtinspector.widgets.key_box import (
    AUTO_MODE,
    FETCH_MODE,
    KEY_MODES,
    KEY_TEXT_MODE,
    SECRET_MODES,
    KeyBox,
    key_expectation,
)
from jwtinspector.widgets.lazy_tab import LazyTab
from jwtinspector.widgets.theme import monospace
from jwtinspector.widgets.verdict_banner import ASIDE_LINK, BANNER_LINES, VerdictBanner
from jwtinspector.widgets.wrapped_label import WrappedLabel

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTextBrowser

    from jwtinspector.widgets.key_fetch_box import KeyFetchBox

__all__ = [
    "ALGORITHM_CHOICES",
    "ASIDE_LINK",
    "AUTO_MODE",
    "BANNER_LINES",
    "FETCH_MODE",
    "KEY_MODES",
    "KEY_TEXT_MODE",
    "SECRET_MODES",
    "SignaturePanel",
    "algorithm_text",
    "key_expectation",
    "signature_formula",
]

# The "How it is signed" and "Key trace" tabs and the fetch box are built when
# first shown or asked for (the tabs do not set the pane's minimum size): few
# sessions need them, and the window paints sooner and takes less memory.

ALGORITHM_CHOICES = (*algorithms.SIGNATURE_ALGORITHMS, "none")

_SIGNERS = {
    algorithms.HMAC: "secret",
    algorithms.RSA: "RSA private key  → checked with the public key",
    algorithms.RSA_PSS: "RSA private key  → checked with the public key",
    algorithms.EC: "EC private key  → checked with the public key",
    algorithms.EDDSA: "Ed25519/Ed448 private key  → checked with the public key",
}
_FUNCTIONS = {
    algorithms.HMAC: "HMACSHA",
    algorithms.RSA: "RSASHA",
    algorithms.RSA_PSS: "RSAPSSSHA",
    algorithms.EC: "ECDSASHA",
}


def algorithm_text(alg: str | None) -> str:
    """'HS256 · HMAC with SHA-256' for the algorithm label."""
    if not alg:
        return "no algorithm in the header"
    if alg.strip().lower() == "none":
        return f"{alg} · unsigned: no signature at all"
    known = algorithms.lookup(alg)
    return f"{alg} · {known.description}" if known is not None else alg


def _read_only_view(name: str, accessible: str) -> QPlainTextEdit:
    view = QPlainTextEdit()
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setReadOnly(True)
    view.setTabChangesFocus(True)
    return view


def signature_formula(
    alg: str | None,
    signature_b64: str,
    size: int,
    *,
    header_decoded: bool = True,
    unencoded: bool = False,
    protected_header: bool = True,
) -> str:
    """How the signature is made, with this token's signature under it
    (``unencoded``: b64 false, RFC 7797: the payload is signed as it is;
    no ``protected_header``: a JSON serialization signature whose header is
    all unprotected signs "" + "." + payload, RFC 7515 §7.2.1)."""
    known = algorithms.lookup(alg)
    if not header_decoded:
        head = "The header did not decode: the algorithm is unknown."
    elif not alg:
        head = "The header names no algorithm (alg): how it was signed is unknown."
    elif alg.strip().lower() == "none":
        head = "No signature: alg is none (unsigned)."
    elif known is None or known.family not in _SIGNERS:
        head = alg
    else:
        function = _FUNCTIONS.get(known.family, "EdDSA")
        bits = str(known.bits) if function != "EdDSA" else ""
        payload = "payload (b64: false)" if unencoded else "base64UrlEncode(payload)"
        header = "base64UrlEncode(header)" if protected_header else '""'
        note = "" if protected_header else "  (no protected header)"
        head = (
            f'{function}{bits}(\n  {header} + "." +{note}\n'
            f"  {payload},\n  {_SIGNERS[known.family]}\n)"
        )
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
        self._aside = ""  # the kind of a key set aside, offered in the banner
        self._stale = ""
        self._report: Any = None
        self._input_problem = ""
        self._trace: tuple[str, ...] = ()
        self._signatures: Any = None  # a JSON serialization's verdicts
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The verdict block keeps one height, so nothing below it moves when
        # the verdict changes. It has the whole width: the window shows the
        # countdown beside the pane's title.
        self.verdict = VerdictBanner()
        self.banner = self.verdict.banner
        self.problems = self.verdict.problems
        self.countdown = self.verdict.countdown
        self.verdict.use_aside_requested.connect(self.use_aside_requested)
        layout.addWidget(self.verdict)

        self.algorithm_combo = QComboBox()
        self.algorithm_combo.setObjectName("algorithmCombo")
        self.algorithm_combo.setAccessibleName("Signing algorithm")
        self.algorithm_combo.addItems(ALGORITHM_CHOICES)
        # As wide as its longest name (RSA-OAEP-256 in a JWE's header too).
        self.algorithm_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToContents
        )
        self.algorithm = WrappedLabel("")
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
        controls = QWidget()
        alg_row = FlowLayout(controls)
        alg_row.addWidget(self.algorithm_combo)
        key_buttons = QWidget()  # the two key buttons wrap together
        buttons = QHBoxLayout(key_buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.export_button)
        alg_row.addWidget(key_buttons)
        # The algorithm's name in words has a line of its own: a longer one
        # (RS256's) does not wrap the buttons onto another row.
        alg_box = QWidget()
        alg_column = QVBoxLayout(alg_box)
        alg_column.setContentsMargins(0, 0, 0, 0)
        alg_column.setSpacing(2)
        alg_column.addWidget(controls)
        alg_column.addWidget(self.algorithm)
        self.expectation = WrappedLabel()
        self.expectation.setObjectName("keyExpectation")
        self.key_box = KeyBox()
        box = self.key_box
        self.key_mode, self.key_info = box.key_mode, box.key_info
        self.secret_edit, self.key_edit = box.secret_edit, box.key_edit
        self.load_button = box.load_button
        box.key_input_edited.connect(self.key_input_edited)
        box.fetch_box_created.connect(self.fetch_box_created)

        form = QFormLayout()
        form.addRow("Algorithm", alg_box)
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
        # The key comes last: what it was recognised as, and the fetch box,
        # grow downwards without moving a control the user is about to use.
        form.addRow("Key", self.key_mode)
        form.addRow("", self.expectation)
        form.addRow("", self.key_box)
        form.addRow("", self.key_info)
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
        self.show_report(None)

    # --- parts built on first use ------------------------------------------

    def add_lazy_tab(self, title: str, build: Callable[[], QWidget]) -> LazyTab:
        """A details tab whose page ``build`` makes when it is first needed."""
        return LazyTab(self.details, title, build)

    def _build_explain(self) -> QWidget:
        from jwtinspector.widgets.explain_view import explain_browser

        return explain_browser()

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
        return self.key_box.fetch_box

    @property
    def fetch_box_built(self) -> bool:
        """True once the fetch box exists (until then nothing needs updating)."""
        return self.key_box.fetch_box_built

    # --- the key input ----------------------------------------------------

    def key_box_text(self) -> str:
        """The text in the key box (kept while the fetch box is shown)."""
        return self.key_box.key_box_text()

    def key_box_mode(self) -> str:
        """The mode chosen in the combo: "auto", "utf-8", …, "key", "fetch"."""
        return self.key_box.key_box_mode()

    def _emit_expectations(self) -> None:
        self.expectations_changed.emit(
            self.issuer_edit.text(), self.audience_edit.text(), self.leeway.value()
        )

    def set_secret(
        self, text: str, encoding: str = "utf-8", *, sample: bool = False
    ) -> None:
        """Put a secret in the input (the sample's, or one the user opened).

        Text and encoding arrive as ONE key change. A ``sample`` secret
        belongs to the sample: the session drops it when a token of the
        user's arrives.
        """
        self.key_box.put(text, encoding, sample=sample)

    def set_key_text(self, text: str) -> None:
        """Put key text in the input and switch to key mode (one key change)."""
        self.key_box.put(text, "key")

    def show_key_input(self, state: Any) -> None:
        """The session's key box (a KeyInputState): its text, mode, what the
        text was recognised as, and a key set aside to offer back."""
        self.key_box.show_key_input(state)
        if state.aside != self._aside:
            self._aside = state.aside
            self.show_report(self._report)

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
                "the content key was encrypted. Enter the recipient's key (or "
                "password) above to decrypt it."
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
                alg,
                sig.text if sig else "",
                size,
                header_decoded=decoded,
                unencoded=token.unencoded,
                protected_header=not token.token.startswith("."),
            )
        )
        header = token.header or {}
        has_hashes = bool({"at_hash", "c_hash"} & (token.claims or {}).keys())
        self.oidc_row.setVisible(has_hashes)  # only ID tokens carry these
        self.oidc_label.setVisible(has_hashes)
        issuer = str((token.claims or {}).get("iss") or "")
        locations = ("jku", "x5u")
        self.key_box.offer_fetch(
            issuer,
            tuple((w, header[w]) for w in locations if isinstance(header.get(w), str)),
        )
        self.key_box.show_placeholder(alg)

    def show_key(self, key: Any) -> None:
        """The engine's description of the loaded key."""
        self.key_box.show_key(key)

    def show_key_error(self, message: str) -> None:
        """Why the key text could not be used."""
        self.key_box.show_key_error(message)

    def show_input_problems(self, problems: tuple[Any, ...]) -> None:
        """Remember why the input did not decode, for a banner with no report."""
        self._input_problem = str(problems[0].message) if problems else ""

    def show_signatures(self, text: Any) -> None:
        """Every signature's verdict of a JWS in JSON serialization (a
        models.json_form.SignaturesText; None: a single token). Shown with the
        report that follows it."""
        self._signatures = text

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
        status = report.signature.status.value if report is not None else ""
        self.key_box.show_verdict(str(status))  # the key's note follows it
        self.show_trace(report.signature.trace if report is not None else ())
        self.verdict.show_verdict(
            report,
            stale=self._stale,
            input_problem=self._input_problem,
            aside=self._aside,
            signatures=self._signatures,
        )

    def show_refetching(self, kid: str) -> None:
        """The banner while the issuer's keys are fetched again for a new kid."""
        self.verdict.show_refetching(kid)

    def show_countdown(self, state: Countdown) -> None:
        """The ticking expiry / not-before text, coloured by state."""
        self.verdict.show_countdown(state)

    def show_explanation(self, steps: Any) -> None:
        """The step-by-step explanation from the engine."""
        from jwtinspector.widgets.explain_view import explanation_html

        self.explain_view.setHtml(explanation_html(steps))
