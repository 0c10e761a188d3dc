"""The audit tab: RFC 8725 findings, the weak-secret scan and hashcat export."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from jwtinspector.widgets.theme import escape, hex_color

DEFAULT_MAX_LIFETIME_HOURS = 24
"""The audit's default lifetime limit for access-type tokens (as in lint)."""

_PROGRESS_STEPS = 1000  # tenths of a percent: smooth on huge lists

AUDIT_TITLE = "Audit"
"""The Audit tab's title; the window adds the findings' count and severity."""

_ROLES = {
    "critical": "bad",
    "high": "bad",
    "medium": "warn",
    "low": "neutral",
    "info": "neutral",
}


def audit_tab_title(findings: Any) -> tuple[str, str]:
    """The Audit tab's title and its colour role: the number of findings and
    the highest severity, e.g. ("Audit · 3 ⚠ high", "bad")."""
    from jwtinspector.core.audit import SEVERITIES

    if not findings:
        return f"{AUDIT_TITLE} · 0", "neutral"
    top = min((f.severity for f in findings), key=SEVERITIES.index)
    role = _ROLES.get(top, "neutral")
    mark = "" if role == "neutral" else "⚠ "  # low and info: no warning sign
    return f"{AUDIT_TITLE} · {len(findings)} {mark}{top}", role


class AuditPanel(QWidget):
    """Shows findings and the scan; the window runs the audit and the scan.

    Signals:
        scan_requested: The user wants to scan a wordlist file.
        cancel_requested: Stop the running scan.
        hashcat_requested: Copy the token in hashcat's format.
        use_secret_requested: Use the secret the scan found. arg: the secret.
        max_lifetime_changed: The lifetime limit changed. arg: hours (0 means
            no limit).
    """

    scan_requested = Signal()
    max_lifetime_changed = Signal(float)
    cancel_requested = Signal()
    hashcat_requested = Signal()
    use_secret_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        limits = QHBoxLayout()
        self.max_lifetime = QSpinBox()
        self.max_lifetime.setObjectName("maxLifetimeSpin")
        self.max_lifetime.setAccessibleName("Maximum token lifetime in hours")
        self.max_lifetime.setRange(0, 24 * 366)
        self.max_lifetime.setValue(DEFAULT_MAX_LIFETIME_HOURS)
        self.max_lifetime.setSuffix(" h")
        self.max_lifetime.setSpecialValueText("no limit")
        self.max_lifetime.setToolTip(
            "Longest acceptable exp − iat for access-type tokens; longer gives a "
            "LIFETIME-EXCESSIVE finding (refresh tokens may live a year). 0: no limit"
        )
        lifetime_label = QLabel("&Max lifetime:")
        lifetime_label.setBuddy(self.max_lifetime)
        limits.addWidget(lifetime_label)
        limits.addWidget(self.max_lifetime)
        limits.addStretch(1)
        layout.addLayout(limits)
        self.view = QTextBrowser()
        self.view.setObjectName("auditView")
        self.view.setAccessibleName("Security findings")
        self.view.setTabChangesFocus(True)
        self.view.setMinimumHeight(40)  # the details pane fits short windows
        layout.addWidget(self.view, 1)
        # Under the findings: a guessed weak secret can be tried at once.
        self.use_weak_button = QPushButton("Use this secret")
        self.use_weak_button.setObjectName("useWeakSecretButton")
        self.use_weak_button.setToolTip(
            "Put the guessed secret in the key box and verify the token with it"
        )
        self.use_weak_button.hide()
        self._weak = ""
        weak_row = QHBoxLayout()
        weak_row.addWidget(self.use_weak_button)
        weak_row.addStretch(1)
        layout.addLayout(weak_row)
        row = QHBoxLayout()
        self.scan_button = QPushButton("Scan a wordlist…")
        self.scan_button.setObjectName("scanWordlistButton")
        self.scan_button.setToolTip(
            "Try every line of a file as the HMAC secret, on all cores, offline"
        )
        self.cancel_button = QPushButton("Cancel scan")
        self.cancel_button.setObjectName("cancelScanButton")
        self.hashcat_button = QPushButton("Copy for hashcat")
        self.hashcat_button.setObjectName("hashcatButton")
        self.hashcat_button.setToolTip(
            "Copy the token as hashcat takes it (mode 16500), to scan huge lists "
            "on a GPU machine"
        )
        self.progress = QProgressBar()
        self.progress.setObjectName("scanProgress")
        self.progress.setAccessibleName("Scan progress")
        self.progress.setRange(0, 0)
        self.rate = QLabel("")
        self.rate.setObjectName("scanRate")
        for widget in (self.scan_button, self.cancel_button, self.hashcat_button):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        # Progress on a line of its own: beside the buttons it widened the pane.
        status = QHBoxLayout()
        status.addWidget(self.progress, 1)
        status.addWidget(self.rate)
        layout.addLayout(status)
        self.result = QLabel("")
        self.result.setObjectName("scanResult")
        self.result.setWordWrap(True)
        self.use_button = QPushButton("Use this secret")
        self.use_button.setObjectName("useFoundSecretButton")
        layout.addWidget(self.result)
        layout.addWidget(self.use_button)
        self._found = ""
        self._has_token = False
        self._busy = False
        self.max_lifetime.valueChanged.connect(
            lambda hours: self.max_lifetime_changed.emit(float(hours))
        )
        self.scan_button.clicked.connect(self.scan_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.hashcat_button.clicked.connect(self.hashcat_requested)
        self.use_button.clicked.connect(
            lambda: self.use_secret_requested.emit(self._found)
        )
        self.use_weak_button.clicked.connect(
            lambda: self.use_secret_requested.emit(self._weak)
        )
        self.show_busy(False)
        self.show_result("")

    def show_findings(self, findings: Any, key_secret: str | None = None) -> None:
        """Each finding: severity, title, explanation, advice and reference.

        A guessed weak secret is offered with *Use this secret*, unless it
        is ``key_secret``, the secret already in the key box.
        """
        self._weak = next(
            (f.secret for f in findings or () if getattr(f, "secret", None)), ""
        )
        self.use_weak_button.setVisible(bool(self._weak) and self._weak != key_secret)
        if not findings:
            self.view.setHtml("<p>No findings for this token.</p>")
            return
        from jwtinspector.widgets.caps import More, capped

        parts = []
        # A hostile token can bring thousands of one finding: the first few of
        # each, then a count of the rest.
        for finding in capped(findings, lambda f: f.id, shown=50):
            if isinstance(finding, More):
                parts.append(f"<p><i>{escape(finding.text('findings'))}</i></p>")
                continue
            role = _ROLES.get(finding.severity, "neutral")
            colour, background = hex_color(self, role), hex_color(self, role + "_bg")
            parts.append(
                f"<p><span style='color:{colour}; background:{background};'>"
                f"&nbsp;{finding.severity.upper()}&nbsp;</span> "
                f"<b>{escape(finding.title)}</b><br>"
                f"{escape(finding.explanation)}<br>"
                f"<i>Instead:</i> {escape(finding.advice)}<br>"
                f"<small>{escape(finding.reference)}</small></p>"
            )
        self.view.setHtml("".join(parts))

    def show_token(self, token: Any) -> None:
        """The scan and the hashcat copy need a signed token (JWS)."""
        self._has_token = token is not None and not token.is_encrypted
        self.scan_button.setEnabled(self._has_token and not self._busy)
        self.hashcat_button.setEnabled(self._has_token)

    def show_busy(self, busy: bool) -> None:
        """Progress and Cancel while a scan runs."""
        self._busy = busy
        # The progress line is hidden while idle: its empty room went below
        # the buttons, taken from the findings.
        self.progress.setVisible(busy)
        self.rate.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.scan_button.setEnabled(self._has_token and not busy)
        if busy:
            self.progress.setRange(0, 0)  # busy until the first block is done
            self.rate.setText("starting…")
            self.show_result("")

    def show_progress(
        self, tried: int, rate: float, done: int = 0, total: int = 0
    ) -> None:
        """Candidates tried and per second; the share of the file when its size
        is known (``done`` of ``total`` bytes), else the bar stays a busy one."""
        self.rate.setText(f"{tried:,} tried · {rate:,.0f}/s")
        if total > 0:
            self.progress.setRange(0, _PROGRESS_STEPS)
            self.progress.setValue(
                min(_PROGRESS_STEPS, done * _PROGRESS_STEPS // total)
            )

    def show_result(self, text: str, found: str = "") -> None:
        """The scan's outcome; offers the secret when one was found."""
        self._found = found
        self.result.setText(text)
        self.result.setVisible(bool(text))
        self.use_button.setVisible(bool(found))
