"""Fetching an issuer's keys: the source, Fetch/Refresh/Cancel, and progress."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class KeyFetchBox(QWidget):
    """Asks for keys from an issuer or JWKS URL; fetching happens elsewhere.

    Signals:
        fetch_requested: args: the issuer or JWKS URL, whether to bypass the cache.
        cancel_requested: Stop the running fetch.
        header_fetch_requested: The user confirmed fetching the token's own
            jku or x5u. arg: "jku" or "x5u".
    """

    fetch_requested = Signal(str, bool)
    cancel_requested = Signal()
    header_fetch_requested = Signal(str)
    trust_requested = Signal(str)
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
        row = QHBoxLayout()
        row.addWidget(self.source_edit, 1)
        for widget in (self.fetch_button, self.refresh_button, self.cancel_button):
            row.addWidget(widget)
        row.addWidget(self.progress)
        layout.addLayout(row)
        self.note = QLabel(
            "Keys are fetched only when you press Fetch, and kept in memory only."
        )
        self.note.setObjectName("fetchNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        trust = QHBoxLayout()
        self.auto_check = QCheckBox("Fetch automatically for issuers I trust")
        self.auto_check.setObjectName("autoFetchCheck")
        self.trust_button = QPushButton("Trust this issuer")
        self.trust_button.setObjectName("trustIssuerButton")
        self.trust_button.setToolTip("Add the issuer above to the allow-list")
        trust.addWidget(self.auto_check)
        trust.addWidget(self.trust_button)
        trust.addStretch(1)
        layout.addLayout(trust)
        self.header_warning = QLabel("")
        self.header_warning.setObjectName("headerKeyWarning")
        self.header_warning.setWordWrap(True)
        self.header_button = QPushButton("")
        self.header_button.setObjectName("fetchHeaderKeyButton")
        self.header_button.setAccessibleName(
            "Fetch the key location named by the token"
        )
        layout.addWidget(self.header_warning)
        layout.addWidget(self.header_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._header_which = ""
        self.fetch_button.clicked.connect(
            lambda: self.fetch_requested.emit(self.source_edit.text().strip(), False)
        )
        self.refresh_button.clicked.connect(
            lambda: self.fetch_requested.emit(self.source_edit.text().strip(), True)
        )
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.trust_button.clicked.connect(
            lambda: self.trust_requested.emit(self.source_edit.text().strip())
        )
        self.auto_check.toggled.connect(self.auto_fetch_toggled)
        self.header_button.clicked.connect(self._confirm_header_fetch)
        self.show_busy(False)
        self.offer_header_url("", "")

    def offer_issuer(self, issuer: str) -> None:
        """Suggest the token's iss as the source (nothing is fetched)."""
        if issuer and not self.source_edit.text().strip():
            self.source_edit.setText(issuer)

    def show_trusted(self, issuers: tuple[str, ...], auto: bool) -> None:
        """The allow-list as it stands."""
        self.auto_check.setChecked(auto)
        self.auto_check.setToolTip(
            "Trusted: " + ", ".join(issuers) if issuers else "No issuer is trusted yet"
        )

    def offer_header_url(self, which: str, url: str) -> None:
        """Show a jku/x5u from the header, and why it is not used."""
        self._header_which = which
        visible = bool(which)
        self.header_warning.setVisible(visible)
        self.header_button.setVisible(visible)
        if visible:
            self.header_warning.setText(
                f"The header's {which} points to {url}. It is not used: a key "
                "location chosen by the token lets anyone who writes a token "
                "choose the key that verifies it (RFC 8725 §3.10)."
            )
            self.header_button.setText(f"Fetch the {which} anyway…")

    def _confirm_header_fetch(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.warning(
            self,
            f"Fetch the token's {self._header_which}?",
            f"The {self._header_which} URL comes from the token itself. A key "
            "fetched from it proves nothing about who made the token, and the "
            "request tells that server you are looking at it. Fetch it anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.header_fetch_requested.emit(self._header_which)

    def show_busy(self, busy: bool) -> None:
        """Spinner and Cancel while a fetch runs."""
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.fetch_button.setEnabled(not busy)
        self.refresh_button.setEnabled(not busy)
