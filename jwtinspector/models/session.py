"""The one model object: input text → decoded token → key → report → countdown."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from jwtinspector.core.claims import describe_members
from jwtinspector.core.errors import InspectorError, TokenFormatError
from jwtinspector.core.numericdate import Countdown, countdown
from jwtinspector.core.token import DEFAULT_MAX_SIZE, DecodedToken, inspect_token
from jwtinspector.models.claims_model import ClaimsTableModel

if TYPE_CHECKING:
    from jwtinspector.core.keys import KeyMaterial, KeySet
    from jwtinspector.core.verify import VerificationReport, VerifyOptions

# keys and verify pull in PyJWT and cryptography (~40% of a bare window's start-up);
# they are imported on first use so the window can paint before they load.

SECRET_ENCODINGS = ("utf-8", "base64", "base64url")


class TokenSession(QObject):
    """The single source of truth the window binds to.

    Secrets and keys live only in this object's memory; nothing here writes
    them anywhere.

    Attributes:
        header_model: Rows for the JOSE header parameters.
        claims_model: Rows for the payload claims.

    Signals:
        token_changed: The decoded token changed. arg: DecodedToken or None.
        problems_changed: Input problems to show inline. arg: tuple of
            TokenFormatError (errors first, then warnings); empty when clean.
        key_changed: The key changed. arg: KeyMaterial, KeySet or None.
        key_failed: The key text could not be loaded. arg: message ("" = fine).
        report_changed: Verification result. arg: VerificationReport or None.
        countdown_changed: A tick or a new token. arg: core Countdown.
    """

    token_changed = Signal(object)
    problems_changed = Signal(object)
    key_changed = Signal(object)
    key_failed = Signal(str)
    report_changed = Signal(object)
    countdown_changed = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.time,
        max_size: int = DEFAULT_MAX_SIZE,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.max_size = max_size
        self.header_model = ClaimsTableModel(self, clock=clock, name_title="Parameter")
        self.claims_model = ClaimsTableModel(self, clock=clock)
        self.text = ""
        self.token: DecodedToken | None = None
        self.problems: tuple[TokenFormatError, ...] = ()
        self.key: KeyMaterial | KeySet | None = None
        self.options: VerifyOptions | None = None
        self.report: VerificationReport | None = None
        self.countdown = Countdown("", "", "none")
        # One timer for the window: ticks only update the countdown.
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)

    def now(self) -> float:
        """The session's clock (injected, so tests control it)."""
        return self._clock()

    @Slot(str)
    def set_text(self, text: str) -> None:
        """Decode the input; never raises, never changes the text itself."""
        self.text = text
        try:
            token: DecodedToken | None = (
                inspect_token(text, max_size=self.max_size) if text.strip() else None
            )
            problems = (*token.errors, *token.warnings) if token else ()
        except TokenFormatError as exc:
            token, problems = None, (exc,)
        self.token = token
        self.problems = problems
        now = self.now()
        self.header_model.set_rows(
            describe_members(token.header if token else None, part="header", now=now)
        )
        self.claims_model.set_rows(
            describe_members(token.claims if token else None, part="claims", now=now)
        )
        self.token_changed.emit(token)
        self.problems_changed.emit(problems)
        self._reverify()

    def set_secret(self, text: str, encoding: str = "utf-8") -> None:
        """Use a shared secret in the given encoding ("" clears the key)."""
        from jwtinspector.core.keys import load_secret

        self._set_key(lambda: load_secret(text, encoding) if text else None)  # type: ignore[arg-type]

    def set_key_text(self, text: str) -> None:
        """Use a PEM, certificate, JWK or JWKS ("" clears the key)."""
        from jwtinspector.core.keys import load_key

        self._set_key(lambda: load_key(text) if text.strip() else None)

    def _set_key(self, load: Callable[[], KeyMaterial | KeySet | None]) -> None:
        try:
            key, message = load(), ""
        except InspectorError as exc:
            key, message = None, str(exc)
        self.key = key
        self.key_changed.emit(key)
        self.key_failed.emit(message)
        self._reverify()

    def set_expectations(
        self, issuer: str = "", audience: str = "", leeway: float = 0.0
    ) -> None:
        """Expected iss and aud ("" = not checked) and the clock-skew leeway."""
        self.options = dataclasses.replace(
            self._options(),
            issuer=issuer.strip() or None,
            audience=tuple(a.strip() for a in audience.split(",") if a.strip()),
            leeway=leeway,
        )
        self._reverify()

    def _options(self) -> VerifyOptions:
        if self.options is None:
            from jwtinspector.core.verify import VerifyOptions

            self.options = VerifyOptions()
        return self.options

    @Slot()
    def tick(self) -> None:
        """Update the countdown; on expiry re-check the claims, not the signature."""
        claims = self.token.claims if self.token else None
        state = countdown(claims, self.now())
        if state == self.countdown:
            return
        flipped = state.state != self.countdown.state
        self.countdown = state
        self.countdown_changed.emit(state)
        if flipped and self.token is not None and self.report is not None:
            from jwtinspector.core.verify import check_claims

            self.report = dataclasses.replace(
                self.report,
                claims=check_claims(
                    self.token, now=self.now(), options=self._options()
                ),
            )
            self.report_changed.emit(self.report)

    def _reverify(self) -> None:
        token = self.token
        now = self.now()
        if token is None or token.header is None:
            self.report = None
        else:
            from jwtinspector.core.verify import verify

            self.report = verify(token, self.key, now=now, options=self._options())
        self.report_changed.emit(self.report)
        self.countdown = countdown(token.claims if token else None, now)
        self.countdown_changed.emit(self.countdown)
        if self.countdown.state == "none":
            self.timer.stop()
        elif not self.timer.isActive():
            self.timer.start()
