"""The Flow tab: the tokens of one login found in the paste, each check of
them against each other (✓ passed, ✗ failed, — could not be made) with its
reason, and the request a DPoP proof was sent with."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from jwtinspector.widgets.theme import escape, hex_color

MAX_ROWS = 60
"""Checks listed at most; the engine makes about twenty for five tokens."""
EMPTY_NOTE = (
    "Paste the tokens of one login together (an ID token, an access token, a "
    "DPoP proof; a token response or request headers will do): they are "
    "checked against each other here. A DPoP proof alone gets its own checks."
)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_MARKS = {"pass": ("✓", "good"), "fail": ("✗", "bad"), "cannot": ("—", "neutral")}


class FlowPanel(QWidget):
    """Shows a core.flow FlowReport.

    Signals:
        inputs_changed: The user changed the DPoP request or the nonce.
            args: method, URL, nonce ("" when not given).
    """

    inputs_changed = Signal(str, str, str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("flowPanel")
        self.summary = QLabel(EMPTY_NOTE)
        self.summary.setObjectName("flowSummary")
        self.summary.setWordWrap(True)
        self.method = QComboBox()
        self.method.setObjectName("flowMethod")
        self.method.setAccessibleName("DPoP request method")
        self.method.setEditable(True)
        self.method.addItems(METHODS)
        self.url = QLineEdit()
        self.url.setObjectName("flowUrl")
        self.url.setAccessibleName("DPoP request URL")
        self.url.setPlaceholderText("URL the proof was sent to (htu)")
        self.url.setClearButtonEnabled(True)
        self.request = QWidget()
        row = QHBoxLayout(self.request)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel("DPoP request")
        label.setBuddy(self.method)
        row.addWidget(label)
        row.addWidget(self.method)
        row.addWidget(self.url, 1)
        self.request.hide()
        self.nonce = QLineEdit()
        self.nonce.setObjectName("flowNonce")
        self.nonce.setAccessibleName("Nonce the login sent")
        self.nonce.setPlaceholderText("The nonce the login sent, to compare")
        self.nonce.setClearButtonEnabled(True)
        self.nonce_row = QWidget()
        nonce_row = QHBoxLayout(self.nonce_row)
        nonce_row.setContentsMargins(0, 0, 0, 0)
        nonce_label = QLabel("ID token nonce")
        nonce_label.setBuddy(self.nonce)
        nonce_row.addWidget(nonce_label)
        nonce_row.addWidget(self.nonce, 1)
        self.nonce_row.hide()
        width = max(label.sizeHint().width(), nonce_label.sizeHint().width())
        for each in (label, nonce_label):  # the two fields line up
            each.setMinimumWidth(width)
        self.checks = QTextBrowser()
        self.checks.setObjectName("flowChecks")
        self.checks.setAccessibleName("Flow checks")
        self.checks.setTabChangesFocus(True)
        self.checks.setOpenLinks(False)
        self.checks.hide()
        # Small minimums: a built tab must not make the details pane, and so
        # the panes above it, any taller than the other tabs do.
        self.checks.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.summary)
        layout.addWidget(self.request)
        layout.addWidget(self.nonce_row)
        layout.addWidget(self.checks, 1)
        layout.addStretch(0)
        for edit in (self.url, self.nonce):
            edit.textChanged.connect(self._emit_inputs)
        self.method.currentTextChanged.connect(self._emit_inputs)

    def inputs(self) -> tuple[str, str, str]:
        """(method, URL, nonce) as typed; "" for what is not given."""
        method = self.method.currentText().strip().upper()
        return method, self.url.text().strip(), self.nonce.text()

    def _emit_inputs(self, _text: str = "") -> None:
        self.inputs_changed.emit(*self.inputs())

    def show_note(self, text: str) -> None:
        """No flow to show: say why, and how to give one."""
        self.summary.setText(text)
        self.request.hide()
        self.nonce_row.hide()
        self.checks.hide()
        self.checks.clear()

    def show_report(self, report: Any) -> None:
        """The tokens and each check of a core.flow FlowReport."""
        from jwtinspector.core.dpop import Outcome
        from jwtinspector.core.flow import DPOP, ID, ROLE_NAMES

        found = ", ".join(
            ROLE_NAMES[t.role] + (f" ({t.how})" if t.how != "given" else "")
            for t in report.tokens
        )
        counts = (
            f"{report.count(Outcome.PASS)} ✓ · {report.count(Outcome.FAIL)} ✗ · "
            f"{report.count(Outcome.CANNOT)} —"
        )
        role = {Outcome.PASS: "good", Outcome.FAIL: "bad"}.get(report.verdict)
        color = hex_color(self.summary, role or "neutral")
        self.summary.setText(
            f"<b style='color:{color}'>{escape(report.headline)}</b> {counts}<br>"
            f"<small>{escape(found)}</small>"
        )
        roles = {t.role for t in report.tokens}
        self.request.setVisible(DPOP in roles)
        self.nonce_row.setVisible(ID in roles)
        self.checks.setHtml(self._rows(report.checks))
        self.checks.show()

    def _rows(self, checks: Any) -> str:
        rows = []
        # Failures first: in a small window they are what the user looks for.
        ordered = sorted(checks, key=lambda c: c.outcome.value != "fail")
        for check in ordered[:MAX_ROWS]:
            mark, role = _MARKS[check.outcome.value]
            color = hex_color(self.checks, role)
            rows.append(
                f"<tr><td style='color:{color}'><b>{mark}</b></td>"
                f"<td width='100%'><b>{escape(check.name)}</b> · "
                f"{escape(check.reason)}</td></tr>"
            )
        more = len(checks) - MAX_ROWS
        if more > 0:
            rows.append(f"<tr><td></td><td>… {more} more checks</td></tr>")
        table = "<table width='100%' cellspacing=0 cellpadding=3>"
        return table + "".join(rows) + "</table>"
