"""The Audit tab: its title counts the findings a moment after the last
change (off the GUI thread unless the tab is shown), the weak-secret
wordlist scan and the hashcat line; the Explain tab follows every change
while it is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QColor, QGuiApplication

from jwtinspector.widgets.theme import color

if TYPE_CHECKING:
    from jwtinspector.models.scanner import SecretScanner
    from jwtinspector.models.session import TokenSession
    from jwtinspector.widgets.audit_panel import AuditPanel
    from jwtinspector.widgets.signature_panel import SignaturePanel

AUDIT_DELAY_MS = 250
"""The Audit tab's title is updated this long after the last change."""


class AuditScan(QObject):
    """Runs the audit and the weak-secret scan for the Audit tab."""

    def __init__(
        self,
        session: TokenSession,
        panel: SignaturePanel,
        audit: AuditPanel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        from jwtinspector.models.audit_runner import AuditRunner

        self.session = session
        self.panel = panel
        self.audit = audit
        self._scanner: SecretScanner | None = None  # made on first use
        # The tab's title counts the findings of every token, a moment
        # after the last change (typing runs the audit once, not per key).
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUDIT_DELAY_MS)
        self.timer.timeout.connect(self._count_findings)
        self.runner = AuditRunner(self)
        self.runner.finished.connect(self.show_findings)

    @property
    def scanner(self) -> SecretScanner:
        """Runs the weak-secret scan off the GUI thread (made on first use)."""
        if self._scanner is None:
            from jwtinspector.models.scanner import SecretScanner

            scanner = self._scanner = SecretScanner(self)
            audit = self.audit
            scanner.busy_changed.connect(audit.show_busy)
            scanner.progress.connect(audit.show_progress)
            scanner.finished.connect(self._on_scan_finished)
            scanner.failed.connect(audit.show_result)
        return self._scanner

    @Slot()
    def cancel_scan(self) -> None:
        if self._scanner is not None:
            self._scanner.cancel()

    def stop(self) -> None:
        """Stop the scan and the audit and wait for them (the window closes)."""
        self.cancel_scan()
        if self._scanner is not None:
            self._scanner.wait()
        self.runner.cancel()
        self.runner.wait()

    # --- the audit and the explanation --------------------------------------

    def refresh_explanation(self, *_: object) -> None:
        panel = self.panel
        if panel.explain_tab.is_current():
            panel.show_explanation(self.session.explanation())
        elif panel.details.currentWidget() is self.audit:
            self.show_audit()

    def audit_soon(self, *_: object) -> None:
        """Count the findings a moment after the last change (typing runs
        the audit once, not at every key)."""
        self.runner.cancel()  # its findings are for an older token
        self.timer.start()

    @Slot()
    def _count_findings(self) -> None:
        if self.panel.details.currentWidget() is self.audit:
            self.show_audit()
        else:  # off the GUI thread: a huge token takes a second
            self.runner.run(self.session.audit_job())

    @Slot()
    def show_audit(self) -> None:
        """The Audit tab is shown: its findings now."""
        self.timer.stop()
        self.runner.cancel()
        self.show_findings(self.session.findings())

    @Slot(object)
    def show_findings(self, findings: tuple[Any, ...]) -> None:
        """The findings in the Audit tab, and their count and highest
        severity in its title, coloured by that severity."""
        from jwtinspector.core.keys import KeyMaterial
        from jwtinspector.widgets.audit_panel import audit_tab_title

        key = self.session.key
        in_use = (
            key.key.decode("utf-8", "replace")
            if isinstance(key, KeyMaterial) and key.kty == "oct"
            else None
        )
        self.audit.show_findings(findings, in_use)
        tabs = self.panel.details
        index = tabs.indexOf(self.audit)
        text, role = audit_tab_title(findings)
        tabs.setTabText(index, text)
        tabs.setTabToolTip(index, f"{text}: security findings for this token")
        tabs.tabBar().setTabTextColor(
            index, color(tabs, role) if role != "neutral" else QColor()
        )

    # --- the weak-secret scan -----------------------------------------------

    @Slot()
    def scan_wordlist(self) -> None:
        """Pick a wordlist and scan it against the token's HMAC signature."""
        from PySide6.QtWidgets import QFileDialog

        from jwtinspector.core.crack import hmac_target
        from jwtinspector.core.errors import InspectorError

        if self.session.token is None:
            self.audit.show_result("Paste a token first.")
            return
        try:  # say why no scan can run before asking for a file
            hmac_target(self.session.token)
        except InspectorError as exc:
            self.audit.show_result(str(exc))
            return
        path, _ = QFileDialog.getOpenFileName(
            self.audit.window(), "Wordlist", "", "All files (*)"
        )
        if path:
            self.scanner.scan(self.session.token, path)

    @Slot(object)
    def _on_scan_finished(self, result: Any) -> None:
        speed = f"{result.tried:,} candidates in {result.seconds:.1f} s"
        if result.found is not None:
            try:
                secret = result.found.decode("utf-8")
            except UnicodeDecodeError:
                secret = ""
            self.audit.show_result(
                f"Secret found: {secret or repr(result.found)} ({speed}). Anyone with "
                "this list can forge tokens: change the secret.",
                secret,
            )
        elif result.cancelled:
            self.audit.show_result(f"Scan cancelled after {speed}.")
        else:
            self.audit.show_result(f"Not found in the list ({speed}).")

    @Slot()
    def copy_hashcat_line(self) -> None:
        """Copy the token as hashcat mode 16500 takes it."""
        from jwtinspector.core.crack import hashcat_line
        from jwtinspector.core.errors import InspectorError

        if self.session.token is None:
            return
        try:
            line = hashcat_line(self.session.token)
        except InspectorError as exc:
            self.audit.show_result(str(exc))
            return
        QGuiApplication.clipboard().setText(line)
        self.audit.show_result(
            "Copied for hashcat: run  hashcat -m 16500 -a 0 token.txt wordlist.txt"
        )
