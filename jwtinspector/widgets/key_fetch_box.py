"""Fetching an issuer's keys: the source, Fetch/Refresh/Cancel, and progress."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jwtinspector.widgets.flow_layout import FlowLayout
from jwtinspector.widgets.theme import hex_color
from jwtinspector.widgets.wrapped_label import WrappedLabel

# (label, kind the fetcher takes)
SOURCE_KINDS = (("Issuer (discovery)", "issuer"), ("JWKS URL", "jwks"))
HEADER_LOCATIONS = ("jku", "x5u")


def looks_like_jwks(url: str) -> bool:
    """A guess from the URL's shape, only to preselect the source kind."""
    path = url.strip().lower().split("?", 1)[0].rstrip("/")
    return "jwks" in path or path.endswith((".json", "/keys", "/certs"))


class KeyFetchBox(QWidget):
    """Asks for keys from an issuer or JWKS URL; fetching happens elsewhere.

    Signals:
        fetch_requested: args: the URL, whether to bypass the cache, and its
            kind ("issuer" or "jwks").
        cancel_requested: Stop the running fetch.
        header_fetch_requested: The user confirmed fetching the token's own
            jku or x5u. arg: "jku" or "x5u".
        trust_requested: Add the URL to the trusted issuers. arg: the URL.
        untrust_requested: Remove an issuer from them. arg: the issuer.
        auto_fetch_toggled: Fetch trusted issuers' keys unasked. arg: on/off.
    """

    fetch_requested = Signal(str, bool, str)
    cancel_requested = Signal()
    header_fetch_requested = Signal(str)
    trust_requested = Signal(str)
    untrust_requested = Signal(str)
    auto_fetch_toggled = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.source_edit = QLineEdit()
        self.source_edit.setObjectName("keySourceEdit")
        self.source_edit.setAccessibleName("Issuer or JWKS URL")
        self.source_edit.setPlaceholderText(
            "issuer (https://id.example.com/) or JWKS URL (…/jwks.json)"
        )
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("sourceKindCombo")
        self.kind_combo.setAccessibleName("What the URL is")
        self.kind_combo.setToolTip(
            "Issuer: find its keys through OpenID discovery (or RFC 8414).\n"
            "JWKS URL: the URL serves the key set itself."
        )
        for label, kind in SOURCE_KINDS:
            self.kind_combo.addItem(label, kind)
        self.fetch_button = QPushButton("Fetch keys")
        self.fetch_button.setObjectName("fetchKeysButton")
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setObjectName("refreshKeysButton")
        self.refresh_button.setToolTip("Fetch again, ignoring the cached key set")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelFetchButton")
        self.progress = QProgressBar()
        self.progress.setObjectName("fetchProgress")
        self.progress.setAccessibleName("Fetching keys")
        self.progress.setRange(0, 0)  # busy: the length of a fetch is unknown
        self.progress.setMaximumWidth(120)
        # The URL has the pane's width; the controls after it wrap in a
        # narrow pane instead of widening it past the window (cut off).
        layout.addWidget(self.source_edit)
        controls = QWidget()
        row = FlowLayout(controls)
        row.addWidget(self.kind_combo)
        for widget in (self.fetch_button, self.refresh_button, self.cancel_button):
            row.addWidget(widget)
        row.addWidget(self.progress)
        layout.addWidget(controls)
        self.fetched_note = WrappedLabel("")
        self.fetched_note.setObjectName("fetchedForNote")
        self.fetched_note.setAccessibleName("Which issuer the keys came from")
        self.fetched_note.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.fetched_note)
        self.note = WrappedLabel("")
        self.note.setObjectName("fetchNote")
        layout.addWidget(self.note)
        trust_row = QWidget()
        trust = FlowLayout(trust_row)
        self.auto_check = QCheckBox("Fetch automatically for issuers I trust")
        self.auto_check.setObjectName("autoFetchCheck")
        self.trust_button = QPushButton("Trust this issuer")
        self.trust_button.setObjectName("trustIssuerButton")
        self.trust_button.setToolTip("Add the issuer above to the allow-list")
        self.trusted_button = QToolButton()
        self.trusted_button.setObjectName("trustedIssuersButton")
        self.trusted_button.setAccessibleName("Trusted issuers")
        self.trusted_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.trusted_menu = QMenu(self.trusted_button)
        self.trusted_menu.setObjectName("trustedIssuersMenu")
        self.trusted_button.setMenu(self.trusted_menu)
        trust.addWidget(self.auto_check)
        trust.addWidget(self.trust_button)
        trust.addWidget(self.trusted_button)
        layout.addWidget(trust_row)
        self.header_warning = WrappedLabel("")
        self.header_warning.setObjectName("headerKeyWarning")
        self.header_warning.setTextFormat(Qt.TextFormat.PlainText)  # token's URLs
        layout.addWidget(self.header_warning)
        self.header_buttons: dict[str, QPushButton] = {}
        self._header_row = QWidget()  # shown with a button in it
        buttons = FlowLayout(self._header_row)
        for which in HEADER_LOCATIONS:
            button = QPushButton(f"Fetch the {which} anyway…")
            button.setObjectName(f"fetchHeader{which.capitalize()}Button")
            button.setAccessibleName(f"Fetch the {which} URL named by the token")
            button.clicked.connect(
                lambda _checked=False, w=which: self._confirm_header_fetch(w)
            )
            self.header_buttons[which] = button
            buttons.addWidget(button)
        layout.addWidget(self._header_row)
        self._issuers: tuple[str, ...] = ()
        self._offered = ""
        self._kind_chosen = False
        self.fetch_button.clicked.connect(lambda: self._request(False))
        self.refresh_button.clicked.connect(lambda: self._request(True))
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.trust_button.clicked.connect(
            lambda: self.trust_requested.emit(self.source_edit.text().strip())
        )
        self.auto_check.toggled.connect(self.auto_fetch_toggled)
        self.auto_check.toggled.connect(lambda _on: self._show_note())
        self.source_edit.textChanged.connect(self._guess_kind)
        self.kind_combo.activated.connect(self._on_kind_chosen)
        self.show_busy(False)
        self.show_fetched("")
        self.show_trusted((), False)
        self.offer_header_urls(())

    # --- user actions -----------------------------------------------------

    def _request(self, refresh: bool) -> None:
        self.fetch_requested.emit(self.source_edit.text().strip(), refresh, self.kind)

    @property
    def kind(self) -> str:
        """What the URL is taken for: "issuer" or "jwks"."""
        return str(self.kind_combo.currentData())

    def _on_kind_chosen(self, _index: int) -> None:
        self._kind_chosen = True

    def _guess_kind(self, text: str) -> None:
        if not self._kind_chosen:
            self.kind_combo.setCurrentIndex(1 if looks_like_jwks(text) else 0)

    def _confirm_header_fetch(self, which: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.warning(
            self,
            f"Fetch the token's {which}?",
            f"The {which} URL comes from the token itself. A key "
            "fetched from it proves nothing about who made the token, and the "
            "request tells that server you are looking at it. Fetch it anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.header_fetch_requested.emit(which)

    # --- display ------------------------------------------------------------

    def offer_issuer(self, issuer: str) -> None:
        """Suggest the token's iss as the source (nothing is fetched).

        A URL the user typed stays; one this box suggested follows the token.
        """
        current = self.source_edit.text().strip()
        if issuer and (not current or current == self._offered):
            self.source_edit.setText(issuer)
        self._offered = issuer if issuer else self._offered

    def show_fetched(self, note: str) -> None:
        """Which issuer the shown keys came from, when not the token's ("" = hide)."""
        self.fetched_note.setText(f"⚠ {note}" if note else "")
        self.fetched_note.setStyleSheet(f"color: {hex_color(self, 'warn')};")
        self.fetched_note.setVisible(bool(note))

    def show_trusted(self, issuers: tuple[str, ...], auto: bool) -> None:
        """The allow-list as it stands, each issuer with a Remove entry."""
        self._issuers = tuple(issuers)
        self.auto_check.blockSignals(True)
        self.auto_check.setChecked(auto)
        self.auto_check.blockSignals(False)
        self.auto_check.setToolTip(
            "Trusted: " + ", ".join(issuers) if issuers else "No issuer is trusted yet"
        )
        self.trusted_button.setText(f"Trusted issuers ({len(issuers)})")
        self.trusted_button.setEnabled(bool(issuers))
        self.trusted_menu.clear()
        for issuer in issuers:
            action = self.trusted_menu.addAction(f"Remove {issuer}")
            action.setToolTip(f"Stop trusting {issuer}")
            action.triggered.connect(
                lambda _checked=False, i=issuer: self.untrust_requested.emit(i)
            )
        self._show_note()

    def _show_note(self) -> None:
        if self.auto_check.isChecked():
            count = len(self._issuers)
            which = (
                "no issuer is trusted yet"
                if not count
                else f"{count} trusted issuer{'' if count == 1 else 's'}"
            )
            text = (
                "Keys are fetched when you press Fetch, and automatically when a "
                f"token comes from an issuer you trust ({which}). They are kept "
                "in memory only."
            )
        else:
            text = (
                "Keys are fetched only when you press Fetch, and kept in memory only."
            )
        self.note.setText(text)

    def offer_header_urls(self, locations: tuple[tuple[str, str], ...]) -> None:
        """Show the header's jku and x5u, and why they are not used."""
        named = dict(locations)
        for which, button in self.header_buttons.items():
            button.setVisible(which in named)
        self._header_row.setVisible(bool(named))
        self.header_warning.setVisible(bool(named))
        if not named:
            self.header_warning.setText("")
            return
        parts = [f"{w} to {u}" for w, u in named.items()]
        points = "The header's " + " and its ".join(parts).replace(
            " to ", " points to ", 1
        )
        subject = "Neither is" if len(named) > 1 else "It is not"
        self.header_warning.setText(
            f"⚠ {points}. {subject} used: a key location chosen by the token "
            "lets anyone who writes a token choose the key that verifies it "
            "(RFC 8725 §3.10)."
        )

    def show_busy(self, busy: bool) -> None:
        """Spinner and Cancel while a fetch runs."""
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.fetch_button.setEnabled(not busy)
        self.refresh_button.setEnabled(not busy)
