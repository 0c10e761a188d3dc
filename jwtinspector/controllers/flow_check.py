"""The Flow tab in the window: when the text holds several tokens of one
login, or a DPoP proof, they are checked against each other (core.flow) and
the checks are listed; the tab's title says whether they belong together.

The checks follow the text, the session's clock and the DPoP request the
user types in the tab. The page itself is built the first time it is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Slot

if TYPE_CHECKING:
    from jwtinspector.widgets.flow_panel import FlowPanel

TITLE = "Flow"
MAX_TEXT = 64 * 1024
"""Longer texts are not searched for a flow (a token response is a few KB;
searching costs about 10 ms per 64 KB, on every edit)."""
_TITLES = {"pass": f"{TITLE} ✓", "fail": f"{TITLE} ✗"}


class FlowCheck(QObject):
    """Keeps the Flow tab in step with the session.

    Args:
        session: The window's TokenSession (its text and clock).
        panel: The SignaturePanel whose details tabs get the Flow tab.
    """

    def __init__(self, session: Any, panel: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.details = panel.details
        self.tab = panel.add_lazy_tab(TITLE, self._build)
        self.page: FlowPanel | None = None
        self.report: Any = None
        self.note = ""
        self._inputs = ("GET", "", "")  # the DPoP request, the nonce sent
        self._checked: tuple[str, float, tuple[str, str, str]] | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)  # once per turn of the event loop
        self.timer.timeout.connect(self.refresh)
        session.token_changed.connect(self.timer.start)

    def _build(self) -> FlowPanel:
        from jwtinspector.widgets.flow_panel import FlowPanel

        page = FlowPanel()
        self.page = page
        method, url, nonce = self._inputs
        page.method.setCurrentText(method)
        page.url.setText(url)
        page.nonce.setText(nonce)
        page.inputs_changed.connect(self.set_inputs)
        self._show()
        # The tab is put in place with its plain title after this returns.
        QTimer.singleShot(0, self._show)
        return page

    @Slot(str, str, str)
    def set_inputs(self, method: str, url: str, nonce: str) -> None:
        """The DPoP request the proof is compared with, and the nonce the
        login sent ("": not compared)."""
        self._inputs = (method, url, nonce)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Look for a flow in the text and check it."""
        from jwtinspector.core.flow import DPOP, FlowOptions, check_flow, guess_roles

        text = self.session.text
        now = self.session.now()
        if self._checked == (text, now, self._inputs):
            return
        self._checked = (text, now, self._inputs)
        self.report = None
        self.note = ""
        if len(text) > MAX_TEXT:
            self.note = (
                f"The text is over {MAX_TEXT // 1024} KB: it is not searched for "
                "the tokens of a login. Paste just the tokens, or run "
                "jwtinspector flow."
            )
        else:
            tokens = guess_roles(text) if "." in text or "{" in text else ()
            if len(tokens) >= 2 or any(t.role == DPOP for t in tokens):
                method, url, nonce = self._inputs
                options = FlowOptions(
                    nonce=nonce or None, method=method or None, url=url or None
                )
                self.report = check_flow(tokens, now=now, options=options)
        self._show()

    def _show(self) -> None:
        verdict = self.report.verdict.value if self.report is not None else ""
        index = self._index()
        if index >= 0:
            self.details.setTabText(index, _TITLES.get(verdict, TITLE))
        page = self.page
        if page is None:
            return
        if self.report is not None:
            page.show_report(self.report)
        else:
            from jwtinspector.widgets.flow_panel import EMPTY_NOTE

            page.show_note(self.note or EMPTY_NOTE)

    def _index(self) -> int:
        """The tab's index (its page is a placeholder until built)."""
        tabs = self.details
        for index in range(tabs.count()):
            if tabs.tabText(index).split(" ")[0] == TITLE:
                return index
        return -1
