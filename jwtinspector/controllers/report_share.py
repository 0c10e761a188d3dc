"""File ▸ Share redacted… and File ▸ Save report…: a report on the token shown,
redacted for sharing or whole, saved where the user chooses.

The report is built by core/report from what the window already judged (the
session's verdict) and the audit, run off the GUI thread as the Audit tab runs
it. The file the user picks in the save dialog is the only one written; the
key box's secret or key never goes into it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from jwtinspector.models.audit_runner import AuditRunner

_FILTERS = {"html": "HTML report (*.html)", "md": "Markdown report (*.md)"}


@dataclasses.dataclass(frozen=True)
class _Snapshot:
    """What the report is about, taken when the dialog opens."""

    token: Any
    verdict: Any
    key: Any = dataclasses.field(repr=False)
    secrets: tuple[str, ...] = dataclasses.field(repr=False)
    now: float = 0.0


def report_problem(token: Any) -> str | None:
    """Why the token shown cannot be reported on; None when it can."""
    if token is None:
        return "Paste a token first: the report is about the token shown."
    if token.is_encrypted:
        return (
            "This is an encrypted token (JWE): decrypt it with its key first; the "
            "report then covers the token it holds."
        )
    if token.errors or token.header is None:
        return "The token does not decode: the report needs a token that does."
    if token.detached:
        return "The payload is detached: give it first, then save the report."
    return None


class ReportShare(QObject):
    """The two File menu actions and the dialog they open.

    Args:
        session: The window's TokenSession.
        status: Shows a message in the status bar.
        window: The window the dialogs belong to.
    """

    def __init__(
        self, session: Any, status: Callable[[str], None], window: QWidget
    ) -> None:
        super().__init__(window)
        self.session = session
        self._status = status
        self._window = window
        self.share_action = QAction("Share re&dacted…", window)
        self.share_action.setStatusTip(
            "Save a report on this token with identifying values masked"
        )
        self.share_action.triggered.connect(lambda: self.open_dialog(redact=True))
        self.save_action = QAction("Save &report…", window)
        self.save_action.setStatusTip("Save a report on this token, unredacted")
        self.save_action.triggered.connect(lambda: self.open_dialog(redact=False))
        self.runner = AuditRunner(self)
        self.runner.finished.connect(self._on_findings)
        self.dialog: Any = None
        self._snapshot: _Snapshot | None = None
        self._reports: tuple[Any, ...] | None = None

    def add_to(self, menu: QMenu, before: QAction) -> None:
        """Both actions in ``menu``, above ``before`` (Quit)."""
        menu.insertAction(before, self.share_action)
        menu.insertAction(before, self.save_action)
        menu.insertSeparator(before)

    def open_dialog(self, *, redact: bool) -> None:
        """Open the dialog on the token shown (or say why there is none)."""
        from jwtinspector.widgets.report_dialog import ReportDialog

        session = self.session
        token = session.inner or session.token
        problem = report_problem(token)
        if problem is not None:
            self._status(problem)
            return
        session.reverify()  # the verdict's "in 1 h" is said as of this moment
        self._snapshot = _Snapshot(
            token,
            session.report,
            session.key,
            (session.key_input.text,) if session.key_input.text else (),
            session.now(),
        )
        self._reports = None
        dialog = ReportDialog(self._window, redact=redact)
        self.dialog = dialog
        dialog.options_changed.connect(self._refresh)
        dialog.save_requested.connect(self._save)
        dialog.finished.connect(self._closed)
        dialog.show_busy("Preparing the report: checking the token's findings…")
        # The audit and both reports (a hostile token's 20,000 claims take a
        # second to mask) are made off the GUI thread; toggling only renders.
        self.runner.run(_reports_job(self._snapshot, session.audit_job()))
        dialog.open()

    def _closed(self, *_: object) -> None:
        self.runner.cancel()
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
        self._snapshot = None
        self._reports = None

    def _on_findings(self, result: Any) -> None:
        if self.dialog is None or self._snapshot is None:
            return
        if isinstance(result, Exception):
            # An audit that failed leaves the report without findings, not unmade.
            result = _reports_job(self._snapshot, tuple)()
        self._reports = result
        self._refresh()

    def _report_text(self) -> tuple[str, Any]:
        from jwtinspector.core.report import render

        dialog, reports = self.dialog, self._reports
        assert dialog is not None
        assert reports is not None
        report = reports[dialog.redact]
        return render(report, dialog.form), report

    def _refresh(self) -> None:
        if self.dialog is None or self._reports is None:
            return
        text, report = self._report_text()
        self.dialog.show_report(text, self.dialog.form, _summary(report))

    def _save(self) -> None:
        dialog = self.dialog
        if dialog is None or self._reports is None:
            return
        form, redact = dialog.form, dialog.redact
        name = f"jwt-report{'-redacted' if redact else ''}.{form}"
        path, _chosen = QFileDialog.getSaveFileName(
            dialog, "Save the report", name, f"{_FILTERS[form]};;All files (*)"
        )
        if not path:
            return  # cancelled: the dialog stays open
        text, _report = self._report_text()
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as exc:
            dialog.show_error(f"Could not save to {path}: {exc.strerror or exc}")
            return
        what = "Redacted report" if redact else "Report"
        dialog.accept()
        self._status(f"{what} saved to {path}")


def _reports_job(
    snap: _Snapshot, audit: Callable[[], tuple[Any, ...]]
) -> Callable[[], tuple[Any, ...]]:
    """A call that reads no session state: the audit, then the report
    unredacted and redacted (indexed by ``redact``)."""

    def job() -> tuple[Any, ...]:
        from jwtinspector.core.report import build_report

        findings = audit()
        return tuple(
            build_report(
                snap.token,
                now=snap.now,
                verdict=snap.verdict,
                findings=findings,
                redact=redact,
                key=snap.key,
                secrets=snap.secrets,
            )
            for redact in (False, True)
        )

    return job


def _summary(report: Any) -> str:
    """One line above the preview: what the report holds back, or that it does
    not."""
    if not report.redacted:
        return (
            "Not redacted: the report holds the token, its signature and every "
            "value. Tick Redact for sharing before giving it to someone."
        )
    count = len(report.redactions) + report.more_redactions
    values = sum(1 for path in report.redactions if path != "signature")
    values += report.more_redactions
    removed = " and the signature removed" if "signature" in report.redactions else ""
    noun = "value" if values == 1 else "values"
    if not count:
        return "Redacted: nothing in this token identifies anyone; nothing masked."
    return (
        f"Redacted: {values} {noun} masked{removed}. Kept: alg, kid, typ, iss, "
        "aud, the dates and the technical claims. The report lists what was masked."
    )
