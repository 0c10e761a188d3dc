"""The Tamper lab tab: a copy of the token with one character changed,
checked with the session's keys, and the token's parts byte by byte.

The lab never changes the user's token, unless they press *Use this token*,
which is one undo step through the session's edit path. The tab is built when
first shown and follows the token, the key and the expectations only while it
is shown.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

if TYPE_CHECKING:
    from jwtinspector.core.tamper import Change, TamperResult
    from jwtinspector.core.token import DecodedToken
    from jwtinspector.models.session import TokenSession
    from jwtinspector.widgets.signature_panel import SignaturePanel
    from jwtinspector.widgets.tamper_lab import TamperLabPage

TAB_TITLE = "Tamper lab"


class TamperLab(QObject):
    """Owns the lab's change and asks the engine for its result."""

    def __init__(
        self,
        session: TokenSession,
        panel: SignaturePanel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.panel = panel
        self.change: Change | None = None
        self.result: TamperResult | None = None
        self.bytes_part = "header"
        self.rng = random.Random()
        self.tab = panel.add_lazy_tab(TAB_TITLE, self._build)
        session.report_changed.connect(self.refresh)  # token, key, expectations
        panel.details.currentChanged.connect(self.refresh)

    @property
    def page(self) -> TamperLabPage:
        """The tab's page (built on first use)."""
        return self.tab.page()  # type: ignore[return-value]

    def _build(self) -> TamperLabPage:
        from jwtinspector.widgets.tamper_lab import TamperLabPage

        page = TamperLabPage()
        page.change_requested.connect(self.choose)
        page.random_requested.connect(self.choose_random)
        page.use_requested.connect(self.use_token)
        page.bytes_part_chosen.connect(self.show_bytes_of)
        return page

    # --- the session's token ---------------------------------------------------

    def _token(self) -> DecodedToken | None:
        session = self.session
        if session.json_form.active:
            return None
        return session.token

    def _problem(self) -> str:
        from jwtinspector.core.tamper import tamperable

        if self.session.json_form.active:
            return (
                "The lab works on a compact token (header.payload.signature), "
                "not a JSON serialization."
            )
        return tamperable(self.session.token)

    @Slot()
    def refresh(self, *_: object) -> None:
        """Follow the token and the key while the tab is shown."""
        if not self.tab.is_current():
            return
        page, token = self.page, self._token()
        problem = self._problem()
        if problem or token is None:
            self.result = None
            page.show_unavailable(problem)
            return
        from jwtinspector.core.tamper import Change, suggested_char
        from jwtinspector.core.token import JWS_PARTS

        texts = dict(zip(JWS_PARTS, token.token.split("."), strict=True))
        page.set_parts(texts)
        change = self.change
        if change is None or not texts.get(change.part):
            part = next(p for p in ("payload", *JWS_PARTS) if texts[p])
            change = Change(part, 0, suggested_char(texts[part][0]))
        position = min(change.position, len(texts[change.part]) - 1)
        char = change.char
        if texts[change.part][position] == char:
            char = suggested_char(char)
        self.change = Change(change.part, position, char)
        page.show_choice(change.part, position, char)
        self._run()
        self.show_bytes_of(self.bytes_part)

    # --- the user's choices ------------------------------------------------------

    @Slot(str, int, str)
    def choose(self, part: str, position: int, char: str) -> None:
        """Change ``part``'s character at ``position`` to ``char``."""
        from jwtinspector.core.tamper import Change

        self.change = Change(part, position, char)
        self._run()

    @Slot()
    def choose_random(self) -> None:
        """A random character of a random part."""
        from jwtinspector.core.tamper import random_change

        token = self._token()
        if token is None or self._problem():
            return
        self.change = change = random_change(token, self.rng)
        self.page.show_choice(change.part, change.position, change.char)
        self._run()

    @Slot()
    def use_token(self) -> None:
        """Put the changed copy in the token pane: one undo step (an SD-JWT
        keeps its disclosures after the changed issuer JWT)."""
        if self.result is None:
            return
        text = self.result.tampered
        sd = getattr(self.session.pasted, "sd", None)
        if (
            sd is not None
            and sd.form == "compact"
            and sd.issuer.token == (self.result.original)
        ):
            text += sd.text[len(sd.issuer.token) :]
        self.session.load_crafted(text, "tamper")

    def _run(self) -> None:
        from jwtinspector.core.errors import InspectorError
        from jwtinspector.core.pipeline import KeysInUse
        from jwtinspector.core.tamper import tamper

        token, session, change = self._token(), self.session, self.change
        if token is None or change is None:
            return
        keys = KeysInUse(
            session.key, session.key_trace, session.key_warning, session.key_source
        )
        try:
            self.result = tamper(
                token, change, keys, now=session.now(), options=session.options
            )
        except InspectorError as exc:
            self.result = None
            message = str(exc)
            self.page.show_problem(message[:1].upper() + message[1:] + ".")
            return
        self.page.show_result(self.result)

    @Slot(str)
    def show_bytes_of(self, part: str) -> None:
        """The byte view of ``part``."""
        from jwtinspector.core.b64view import token_bytes
        from jwtinspector.core.errors import InspectorError

        self.bytes_part = part
        token = self._token()
        if token is None or self._problem():
            return
        try:
            view = token_bytes(token, part)
        except InspectorError as exc:
            message = str(exc)
            self.page.show_bytes(None, message[:1].upper() + message[1:] + ".")
            return
        self.page.show_bytes(view)
