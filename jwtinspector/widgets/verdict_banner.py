"""The verdict block: the banner, the claim-check lines under it, and the
expiry countdown the window shows beside the pane's title.

The block keeps one height whatever the verdict, so nothing below it moves
when the verdict changes: text beyond its lines scrolls inside it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics, QTextDocumentFragment
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from jwtinspector.core.craft import stale_banner
from jwtinspector.core.numericdate import Countdown
from jwtinspector.widgets.theme import escape, hex_color
from jwtinspector.widgets.wrapped_label import WrappedLabel

BANNER_LINES = 4
"""Lines the verdict block keeps room for: its title and three of detail
(the longest usual verdict, "Invalid signature", in a narrow pane)."""
ASIDE_LINK = "use-aside-key"
_PADDING = 6  # the banner's, around its text

_CLAIM_STATES = {
    "exp": "has expired",
    "nbf": "is not valid yet",
    "iat": "is issued in the future",
    "iss": "is from another issuer",
    "aud": "is for another audience",
}
_TIME_CLAIMS = ("exp", "nbf", "iat")
_TITLES = {
    "valid": "Signature verified",
    "invalid": "Invalid signature",
    "not_checked": "Signature not checked: no key",
}
_COUNTDOWN_ROLES = {
    "valid": "good",
    "last_minute": "warn",
    "expired": "bad",
    "not_yet": "warn",
    "suspect": "warn",
}


def _leeway_line(claim: str, message: str) -> str:
    """A time check the leeway let pass, without its frozen '(3 s ago)'."""
    head, sep, rest = message.partition(" (")
    if sep and ")" in rest:
        message = head + rest[rest.index(")") + 1 :]
    return f"✓ {claim}: {message}"


def _problem_line(claim: str, message: str) -> str:
    """A claim problem; a time claim drops its '(3 s ago)': that part would
    freeze while the countdown next to the banner keeps ticking."""
    if claim in _TIME_CLAIMS and message.endswith(")."):
        head, sep, _relative = message.rpartition(" (")
        if sep:
            message = head + "."
    return f"✗ {claim}: {message}"


class VerdictBanner(QScrollArea):
    """A fixed-height block: the banner, then the claim-check lines.

    Signals:
        use_aside_requested: The banner's link to a key set aside was clicked.
    """

    use_aside_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictArea")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        # Not a Tab stop itself: the banner joins the chain while it offers a
        # link, and the tooltip and accessible text hold a long verdict whole.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.banner = WrappedLabel("Paste a token to verify it.")
        self.banner.setObjectName("verificationBanner")
        self.banner.setAccessibleName("Verification result")
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.banner.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.banner.linkActivated.connect(self._on_link)
        self.problems = QLabel("")
        self.problems.setObjectName("claimProblems")
        self.problems.setAccessibleName("Claim problems")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)  # quotes claim values
        # One coloured box holds the verdict and its claim-check lines: they
        # share its reserved lines.
        self._content = QWidget()
        self._content.setObjectName("verdictContent")
        self._content.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        column = QVBoxLayout(self._content)
        column.setContentsMargins(_PADDING, _PADDING, _PADDING, _PADDING)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.problems)
        # An SD-JWT's disclosures and key binding, under the issuer's verdict.
        self.sd_lines = QLabel("")
        self.sd_lines.setObjectName("sdJwtVerdict")
        self.sd_lines.setAccessibleName("SD-JWT verdict")
        self.sd_lines.setWordWrap(True)
        self.sd_lines.setTextFormat(Qt.TextFormat.PlainText)
        self.sd_lines.hide()
        column.addWidget(self.sd_lines)
        column.addStretch(1)
        self.setWidget(self._content)
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
        self._aside = ""
        self._sd_signatures: Any = None  # an SD-JWT's issuer signatures
        self._keep_height()

    def _keep_height(self, more: int = 0) -> None:
        """The block's one height: the banner's title and three more lines
        (and ``more`` for the lines an SD-JWT's signatures add)."""
        bold = self.banner.font()
        bold.setBold(True)
        line = QFontMetrics(bold).lineSpacing()
        self.setFixedHeight(line * (BANNER_LINES + more) + 2 * _PADDING + 2)

    # --- the verdict ------------------------------------------------------

    def show_verdict(
        self,
        report: Any,
        *,
        stale: str = "",
        input_problem: str = "",
        aside: str = "",
        signatures: Any = None,
    ) -> None:
        """The banner and the claim problems for a report (None: no token).

        ``signatures`` (a models.json_form.SignaturesText): a JWS in JSON
        serialization's summary and one line per signature, in place of the
        one signature's verdict; ``report`` is the shown signature's. An
        SD-JWT's issuer signatures (``show_sd_lines``) stand in for it."""
        self._aside = aside
        if signatures is None:
            signatures = self._sd_signatures
        if report is not None and signatures is not None:
            lines = "".join(f"<br>{escape(line)}" for line in signatures.lines)
            title, role = escape(signatures.title), signatures.role
            if stale:  # an edit left some signatures unsigned: say why first
                title = f"{escape(stale_banner(stale)[0])}</b><br>{escape(stale)}<b>"
                role = "bad"
            self.set_banner(f"<b>{title}</b>{lines}", role)
            self._show_problems(report)
            return
        if report is not None and stale:
            title, body = stale_banner(stale)
            self.set_banner(f"<b>{title}</b><br>{escape(body)}", "bad")
            self._show_problems(report)
            return
        if report is None:
            if input_problem:
                self.set_banner(
                    "<b>Signature cannot be checked</b><br>Cannot check until "
                    f"the token is fixed: {escape(input_problem)}",
                    "warn",
                )
            else:
                self.set_banner("Paste a token to verify it.", "neutral")
            self.problems.setText("")
            self.problems.hide()
            self._show_whole_text()
            return
        status = report.signature.status.value
        role = {"valid": "good", "invalid": "bad"}.get(status, "warn")
        title = _TITLES.get(status, "Signature cannot be checked")
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
        self.set_banner(f"<b>{title}</b><br>{escape(detail)}", role)
        self._show_problems(report)

    def show_refetching(self, kid: str) -> None:
        """The banner while the issuer's keys are fetched again for a new kid."""
        quoted = escape(f'"{kid}"')
        self.set_banner(
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
        # A time check the leeway let pass names the leeway.
        hashes += [
            _leeway_line(c.claim, c.message) for c in report.claims if c.within_leeway
        ]
        lines = [_problem_line(c.claim, c.message) for c in report.problems]
        lines += [f"⚠ {w}" for w in report.signature.warnings]
        self.problems.setText("\n".join([*hashes, *lines]))
        self.problems.setVisible(bool(hashes or lines))
        role = "bad" if lines else "good"
        self.problems.setStyleSheet(f"color: {hex_color(self, role)};")
        self._show_whole_text()

    def set_banner(self, html: str, role: str) -> None:
        """Put a verdict in the banner (with the link to a key set aside)."""
        if self._aside:
            html += (
                f'<br><a href="{ASIDE_LINK}">Use the '
                f"{escape(self._aside)} you entered before</a>"
            )
        self._offer_links(bool(self._aside))
        self.banner.setText(html)
        self.banner.setProperty("state", role)
        self.banner.setStyleSheet(f"color: {hex_color(self, role)};")
        self._content.setStyleSheet(
            f"QWidget#verdictContent {{ background: {hex_color(self, role + '_bg')};"
            " border-radius: 4px; }"
        )
        self._show_whole_text()

    def show_sd_lines(
        self, lines: tuple[tuple[str, bool], ...], *, signatures: Any = None
    ) -> None:
        """An SD-JWT's verdict lines, (text, ok) each; () hides them.

        ``signatures`` (a models.json_form.SignaturesText): every issuer
        signature of an SD-JWT in general JSON serialization, for the banner
        of the report shown next. The block then keeps a line more for each
        signature (two at most; one of them for a line that wraps in a
        narrow pane): with the SD-JWT's lines the whole verdict shows without
        scrolling. It keeps that height for the token, whatever the verdict.
        """
        if (signatures is None) != (self._sd_signatures is None):
            self._keep_height(min(len(signatures.lines), 2) if signatures else 0)
        self._sd_signatures = signatures
        self.sd_lines.setText("\n".join(text for text, _ in lines))
        self.sd_lines.setVisible(bool(lines))
        role = "good" if all(ok for _, ok in lines) else "bad"
        self.sd_lines.setStyleSheet(f"color: {hex_color(self, role)};")
        self._show_whole_text()

    def _show_whole_text(self) -> None:
        """The whole verdict in the tooltip: a long one scrolls in the block."""
        banner = QTextDocumentFragment.fromHtml(self.banner.text()).toPlainText()
        problems = self.problems.text() if self.problems.isVisibleTo(self) else ""
        sd = self.sd_lines.text() if self.sd_lines.isVisibleTo(self) else ""
        self.setToolTip("\n".join(t for t in (banner, problems, sd) if t))
        self.verticalScrollBar().setValue(0)  # a new verdict shows its title

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

    def _on_link(self, link: str) -> None:
        if link == ASIDE_LINK:
            self.use_aside_requested.emit()

    # --- the countdown ----------------------------------------------------

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
        role = _COUNTDOWN_ROLES.get(state.state, "neutral")
        self.countdown.setProperty("state", state.state)
        self.countdown.setStyleSheet(
            f"color: {hex_color(self, role)}; font-weight: bold; padding: 4px;"
            if parts
            else ""
        )

    def _countdown_width(self, text: str) -> int:
        """The width of the bold countdown text on one line, with padding."""
        return self._countdown_metrics.horizontalAdvance(text) + 16 if text else 0
