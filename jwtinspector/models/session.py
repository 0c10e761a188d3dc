"""The one model object: input text → decoded token → key → report → countdown."""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from jwtinspector.core.claims import describe_members
from jwtinspector.core.errors import InspectorError, TokenFormatError
from jwtinspector.core.numericdate import Countdown, countdown
from jwtinspector.core.token import DEFAULT_MAX_SIZE, DecodedToken
from jwtinspector.models.claims_model import ClaimsTableModel
from jwtinspector.models.editing import TokenEditing
from jwtinspector.models.evaluation_clock import EvaluationClock
from jwtinspector.models.history import History
from jwtinspector.models.json_form import READ_ONLY, JsonForm
from jwtinspector.models.jwe_layer import JweLayer
from jwtinspector.models.key_state import (
    AsideKey,
    KeyInputState,
    as_aside,
    fit_to_token,
    offer_kind,
    offered,
    set_aside,
    token_alg,
)
from jwtinspector.models.sd_jwt import SdJwtState, claim_rows

if TYPE_CHECKING:
    from jwtinspector.core.keys import KeyMaterial, KeySet
    from jwtinspector.core.verify import VerificationReport, VerifyOptions

# keys and verify pull in PyJWT and cryptography (~40% of a bare window's start-up);
# they are imported on first use so the window can paint before they load.


class TokenSession(QObject, TokenEditing):
    """The single source of truth the window binds to.

    Secrets and keys live only in this object's memory; nothing here writes
    them anywhere.

    Attributes:
        header_model: Rows for the JOSE header parameters.
        claims_model: Rows for the payload claims.

    Signals:
        token_changed: The decoded token changed. arg: DecodedToken or None.
        pasted_changed: What the input holds changed (emitted just before
            token_changed). arg: core.forms.Pasted (its ``sd`` an SD-JWT, its
            ``json`` a JSON serialization; ``token`` None for the latter) or
            None for an empty or unreadable input.
        problems_changed: Input problems to show inline. arg: tuple of
            TokenFormatError (errors first, then warnings); empty when clean.
        key_changed: The key changed. arg: KeyMaterial, KeySet or None.
        key_failed: The key text could not be loaded. arg: message ("" = fine).
        key_input_changed: The key box's text, mode or recognised kind, or
            the key set aside, changed. arg: KeyInputState.
        report_changed: Verification result. arg: VerificationReport or None.
        countdown_changed: A tick or a new token. arg: core Countdown.
        text_replaced: The session rebuilt the token (an edit, undo or redo);
            the token editor shows it. arg: the new text.
        edit_failed: An edit could not be applied. args: part ("header",
            "payload", "claims", "algorithm"), message ("" clears it).
        stale_changed: Why the shown signature is stale ("" = it is not).
        history_changed: args: can undo, can redo.
    """

    token_changed = Signal(object)
    pasted_changed = Signal(object)
    problems_changed = Signal(object)
    key_changed = Signal(object)
    key_failed = Signal(str)
    key_input_changed = Signal(object)
    report_changed = Signal(object)
    countdown_changed = Signal(object)
    text_replaced = Signal(str)
    edit_failed = Signal(str, str)
    stale_changed = Signal(str)
    history_changed = Signal(bool, bool)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.time,
        max_size: int = DEFAULT_MAX_SIZE,
    ) -> None:
        super().__init__(parent)
        self._clock = clock = self.evaluation = EvaluationClock(clock, self)
        self.max_size = max_size
        self.header_model = ClaimsTableModel(self, clock=clock, name_title="Parameter")
        self.claims_model = ClaimsTableModel(self, clock=clock)
        self.text = ""
        self.token: DecodedToken | None = None
        self.pasted: Any = None  # core.forms.Pasted: the form the input holds
        # A JSON serialization's chosen signature, a detached payload given.
        self.json_form = JsonForm(self)
        self.problems: tuple[TokenFormatError, ...] = ()
        self.key: KeyMaterial | KeySet | None = None
        self.options: VerifyOptions | None = None
        self.report: VerificationReport | None = None
        self.countdown = Countdown("", "", "none")
        self.stale = ""
        self.key_trace: tuple[str, ...] = ()
        self.key_warning = ""
        # Where fetched keys came from (a core KeySource; None for keys the user
        # gave or the token brought), and the kids already re-fetched for.
        self.key_source: Any = None
        self.key_text = ""  # the key input as typed, for its x5c (memory only)
        self.key_input = KeyInputState()
        self._aside: tuple[AsideKey, ...] = ()  # keys that did not fit a token
        # A key entered while no signed token was shown is for the next token,
        # whatever its algorithm (the audit may then show it is forged with it).
        self._key_for_next_token = False
        self._certificates: tuple[str, tuple[bytes, ...]] = ("", ())
        self._rotation_asked: set[tuple[str, str]] = set()
        self.oidc_inputs = ("", "")  # access token, authorization code
        self.edit_source = ""
        self.keep_formatting = False
        self.history = History()
        self._hold_resign = False  # a key installed for an action that signs itself
        # One timer for the window: ticks only update the countdown.
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        # An SD-JWT's disclosures and verdict follow the input and the report.
        self.sd_state = SdJwtState(self, clock)
        self.sd_state.sources = (self._keys_in_use, self._options)
        self.pasted_changed.connect(self.sd_state.set_pasted)
        self.report_changed.connect(self.sd_state.set_report)
        # A JWE's decryption (its own key, apart from the verification key);
        # a nested token inside is what the verdict and the claims are about.
        self.jwe = JweLayer(self)
        self.inner: DecodedToken | None = None
        self.jwe.changed.connect(self._on_decrypted)
        self.evaluation.changed.connect(self.reverify)  # "evaluate at" moved

    def now(self) -> float:
        """The session's clock (injected, so tests control it)."""
        return self._clock()

    @Slot(str)
    def set_text(self, text: str, *, merge: bool = True, pasted: Any = None) -> None:
        """The user typed or pasted: decode it and record an undo step
        (``merge``: typing joins the step before it, a new token does not;
        ``pasted``: ``read_pasted(text)`` already made off the GUI thread)."""
        # A whole token: pasted, dropped or opened, or typed into an empty input.
        new_token = not merge or not text.strip() or not self.text.strip()
        self._load(text, new_token=new_token, pasted=pasted)
        self._set_stale("")
        self._record("token", merge=merge)

    def _load(
        self, text: str, *, new_token: bool = False, again: bool = False,
        pasted: Any = None,
    ) -> None:  # fmt: skip
        """Decode the input; never raises, never changes the text itself.

        ``new_token``: a whole token arrived (or the input was emptied): the
        key box is fitted to it (see _fit_key_to_token). ``again``: the same
        text, shown another way (another signature, a detached payload): what
        was read from it is reused."""
        if again and text == self.text:
            pasted = self.pasted
        self.text = text
        try:
            if text.strip() and pasted is None:
                from jwtinspector.core.forms import read_pasted

                pasted = read_pasted(text, max_size=self.max_size)
            token = self.json_form.read(pasted, text=text, new_token=new_token)
            problems = self.json_form.problems()
            if problems is None:
                problems = (*token.errors, *token.warnings) if token else ()
        except TokenFormatError as exc:
            token, problems = self.json_form.read(None), (exc,)
        self.pasted = pasted
        self.token = token
        self.problems = problems
        self.jwe.set_message(pasted, text)
        self.inner = self.jwe.outcome.nested  # the same JWE shown again stays open
        if new_token:
            self._fit_key_to_token()
            offer = self._aside_offer()
            if offer != self.key_input.aside:  # the offer follows the token
                self.key_input = dataclasses.replace(self.key_input, aside=offer)
                self.key_input_changed.emit(self.key_input)
        now = self.now()
        self.header_model.set_rows(
            describe_members(token.header if token else None, part="header", now=now)
        )
        self.claims_model.set_rows(claim_rows(self.inner or token, pasted, now))
        self.pasted_changed.emit(pasted)
        self.token_changed.emit(token)
        self.problems_changed.emit(problems)
        self.reverify()

    @Slot(object)
    def _on_decrypted(self, outcome: Any) -> None:
        """The JWE decrypted (or not): a nested token is verified with the
        key box's key, and its claims (or the plaintext's) are listed."""
        arrived = outcome.nested is not None and outcome.nested is not self.inner
        self.inner = outcome.nested
        # The sample's secret is never shown as the key of a JWE's content.
        sample = outcome.state != "none" and self.key_input.sample
        if arrived or sample:  # the nested token is the one the key box is for
            self._fit_key_to_token()
            offer = self._aside_offer()
            if offer != self.key_input.aside:
                self.key_input = dataclasses.replace(self.key_input, aside=offer)
                self.key_input_changed.emit(self.key_input)
        decrypted = outcome.decrypted
        claims = self.inner.claims if self.inner is not None else None
        if claims is None and decrypted is not None and decrypted.is_json:
            claims = decrypted.payload
        if decrypted is not None:
            self.claims_model.set_rows(
                describe_members(claims, part="claims", now=self.now())
            )
        self.reverify()

    def select_signature(self, index: int) -> None:
        """Show another signature (or recipient) of a JSON serialization."""
        if self.json_form.select(index):
            self._load(self.text, again=True)

    def set_detached_payload(self, payload: bytes) -> None:
        """The payload of a detached token (``header..signature`` or a JSON
        serialization without one): shown and verified with it (memory only)."""
        self.json_form.give_payload(self.text, payload)
        self._load(self.text, again=True)

    def _edit(self, *, source: str, **parts: Any) -> None:
        """A JSON serialization is shown read-only (READ_ONLY): its edits are
        refused with that message; a template still replaces it."""
        form = self.json_form
        if form.active and not parts.get("fresh"):
            if form.jws is not None and parts.get("header") is None:
                self._resign_json(source, parts)  # the payload or a new key
            elif source == "key":
                self.reverify()
            else:
                self.edit_failed.emit(source, READ_ONLY)
            return
        super()._edit(source=source, **parts)

    def _resign_json(self, source: str, parts: dict[str, Any]) -> None:
        """A JWS in JSON serialization with a new payload (or key): each
        signature the key can sign is signed again (core.json_resign)."""
        from jwtinspector.core.json_resign import resign_payload
        from jwtinspector.core.sign import compact_json

        jws, raw = self.json_form.jws, parts.get("payload_json")
        if parts.get("payload") is not None and raw is None:
            raw = compact_json(parts["payload"])
        raw = raw if raw is not None else jws.payload_bytes  # type: ignore[union-attr]
        if raw is None:
            self.edit_failed.emit(source, "The payload could not be decoded.")
            return
        try:
            result = resign_payload(jws, raw, self.key)  # type: ignore[arg-type]
        except InspectorError as exc:
            self.edit_failed.emit(source, str(exc))
            return
        self._show_edit(result.text, source, stale=result.reason)
        self.edit_failed.emit(source, "")
        self._record(source, merge=source == "payload")

    def load_crafted(self, text: str, source: str) -> None:
        """A crafting action rebuilt the whole text (an SD-JWT presented with
        fewer disclosures, issued again): show it as one undo step."""
        self._show_edit(text, source, stale="")
        self._record(source, merge=False)

    def set_secret(self, text: str, encoding: str = "utf-8") -> None:
        """Use a shared secret in the given encoding ("" clears the key)."""
        self.set_key_input(text, encoding)

    def set_key_text(self, text: str) -> None:
        """Use a PEM, certificate, JWK or JWKS ("" clears the key)."""
        self.set_key_input(text, "key")

    @Slot(str, str, bool)
    def set_key_input(
        self, text: str, mode: str = "auto", sample: bool = False
    ) -> None:
        """The key box changed: recognise and use what it holds ("" clears).

        ``mode`` "auto" recognises a secret, PEM key or certificate, JWK or
        JWKS; "utf-8", "base64", "base64url" and "key" insist on one kind;
        "fetch" holds no key until the issuer's keys are fetched. ``sample``
        marks the built-in sample's secret: it goes when a token of the
        user's arrives, so that token is never judged by a key the user
        never gave.
        """
        from jwtinspector.core.keys import KeyInput, load_key_input, looks_like_key

        loaded: KeyInput | None = None
        failure: InspectorError | None = None
        if mode != "fetch" and text.strip():
            try:
                loaded = load_key_input(text, mode)
            except InspectorError as exc:
                failure = exc

        def load() -> KeyMaterial | KeySet | None:
            if failure is not None:
                raise failure
            return loaded.key if loaded is not None else None

        # The key text is kept for the certificates (x5c) a JWK carries;
        # a secret's text is not.
        if loaded is not None:
            is_key = not loaded.is_secret
        else:
            is_key = mode == "key" or (mode == "auto" and looks_like_key(text))
        self._set_key(load, text=text if is_key else "")
        self._key_for_next_token = not token_alg(self.inner or self.token)
        self.key_input = KeyInputState(
            text,
            mode,
            loaded.kind if loaded is not None else "",
            sample and self.key is not None,
            self._aside_offer(),
            loaded.note if loaded is not None else "",
        )
        self.key_input_changed.emit(self.key_input)

    def drop_sample_key(self) -> None:
        """Forget the sample's secret (a new token is being made): it signs
        only the sample."""
        if self.key_input.sample:
            self._replace_key_input(KeyInputState(mode="auto"))
            self.reverify()

    def use_aside_key(self) -> None:
        """Put back the key set aside most recently (the banner's one click);
        the key in the box, if any, is set aside in its place."""
        back = offered(self._aside, self.key, token_alg(self.inner or self.token))
        if back is None:
            return
        current = as_aside(self.key_input, self.key, fetched=bool(self.key_trace))
        self._aside = set_aside(self._aside, current, back)
        self.set_key_input(back.text, back.mode)

    def _aside_offer(self) -> str:
        return offer_kind(self._aside, self.key, token_alg(self.inner or self.token))

    def _fit_key_to_token(self) -> None:
        """A new token arrived: fit the key box to it (key_state.fit_to_token).
        Fetched keys follow their issuer's rules instead (foreign_keys_note)."""
        if self.key_trace or self.key_source is not None:
            return
        alg = token_alg(self.inner or self.token)
        fit = fit_to_token(
            self.key_input, self.key, self._aside, alg,
            for_next_token=self._key_for_next_token,
        )  # fmt: skip
        if alg and self.key_input.mode != "fetch":
            self._key_for_next_token = False  # a key entered for it was used
        if fit is not None:
            self._aside = fit.aside
            self._replace_key_input(fit.box)

    def _replace_key_input(self, state: KeyInputState) -> None:
        """Put ``state`` in the key box while a token loads: the verdict is
        computed once the token is shown, so no re-verification here."""
        from jwtinspector.core.keys import load_key_input

        try:
            key = load_key_input(state.text, state.mode) if state.text else None
        except InspectorError:
            key = None
        self.key = key.key if key is not None else None
        self.key_text = state.text if key is not None and not key.is_secret else ""
        self.key_trace, self.key_warning, self.key_source = (), "", None
        self._key_for_next_token = False
        self.key_input = dataclasses.replace(state, aside=self._aside_offer())
        self.key_changed.emit(self.key)
        self.key_failed.emit("")
        self.key_input_changed.emit(self.key_input)

    def set_fetched_keys(
        self,
        keys: Any,
        trace: tuple[str, ...],
        warning: str,
        source: Any = None,
    ) -> None:
        """Use keys fetched from an issuer, a JWKS URL or the token's jku/x5u.

        ``source`` is the KeySource they came from: keys from an issuer verify
        only that issuer's tokens (iss is checked against it).
        """
        noted = (*trace, f"⚠ {warning}") if warning else trace
        self._set_key(lambda: keys, trace=noted, warning=warning, source=source)
        if self.key_input.kind:  # the box's text no longer names the key in use
            self.key_input = dataclasses.replace(self.key_input, kind="")
            self.key_input_changed.emit(self.key_input)

    def fetch_failed(self, message: str, trace: tuple[str, ...]) -> None:
        """A fetch failed: fetched keys from before no longer stand for a verdict."""
        if self.key is None or self.key_trace or self.key_source is not None:
            self._set_key(lambda: None, trace=(*trace, f"✗ {message}"))
        self.key_failed.emit(message)

    def rotation_source(self) -> Any:
        """The source to fetch again once: the token's kid is not in its keys.

        None when the keys were not fetched, belong to another issuer, hold
        the kid, or were already re-fetched for this kid (key rotation is
        followed once, not more; the engine's cooldown also applies).
        """
        from jwtinspector.core.keys import KeySet

        token, source = self.token, self.key_source
        kid = (token.header or {}).get("kid") if token is not None else None
        if source is None or not isinstance(kid, str) or self.foreign_keys_note():
            return None
        if not isinstance(self.key, KeySet) or any(
            key.kid == kid for key in self.key.keys
        ):
            return None
        if (source.url, kid) in self._rotation_asked:
            return None
        self._rotation_asked.add((source.url, kid))
        return source

    def foreign_keys_note(self) -> str:
        """Says so when the keys were fetched for an issuer this token is not from."""
        if self.key_source is None or self.token is None:
            return ""
        from jwtinspector.core.fetch import foreign_issuer

        return foreign_issuer(self.token, self.key_source) or ""

    def _set_key(
        self,
        load: Callable[[], KeyMaterial | KeySet | None],
        *,
        trace: tuple[str, ...] = (),
        warning: str = "",
        source: Any = None,
        text: str = "",
    ) -> None:
        try:
            key, message = load(), ""
        except InspectorError as exc:
            key, message = None, str(exc)
        self.key_trace, self.key_warning = trace, warning
        self.key_source, self.key_text = source, text
        self.key = key
        self.key_changed.emit(key)
        self.key_failed.emit(message)
        # A key typed onto an untouched token only verifies it: re-signing would
        # destroy the evidence that it verifies. A stale token is signed now.
        if self.stale and self._can_sign() and not self._hold_resign:
            self._edit(source="key")  # the missing key arrived: sign now
        else:
            self.reverify()

    @contextlib.contextmanager
    def holding_resign(self) -> Iterator[None]:
        """Install a key without re-signing: the caller's action signs after."""
        self._hold_resign = True
        try:
            yield
        finally:
            self._hold_resign = False

    def resign(self) -> None:
        """Sign the token again with the current key (after Generate key)."""
        if self.token is None or self.token.header is None:
            return
        if self._can_sign():
            self._edit(source="key")
        else:
            self.reverify()

    def _can_sign(self) -> bool:
        return self.token is not None and self.can_sign_with(self.token.alg)

    def certificate_lines(self) -> tuple[str, ...]:
        """The x5c certificates and x5t checks of the header, of a JWK or JWKS
        the user gave, and of a fetched key set's keys, as lines (none: ()).

        With the token's kid in a set, only that key's certificates are listed
        (and a line counting the others)."""
        header = self.token.header if self.token else None
        has_header = bool(header and {"x5c", "x5t", "x5t#S256"} & header.keys())
        fetched = self._fetched_key_set()
        if not has_header and "x5" not in self.key_text and fetched is None:
            return ()
        from jwtinspector.core import certs

        now = self.now()
        kid = (header or {}).get("kid")
        kid = kid if isinstance(kid, str) else None
        lines: list[str] = []
        if has_header:
            lines += ["In the token's header:"]
            lines += certs.certificate_lines(header or {}, now=now)
        if fetched is not None:
            in_key = certs.key_set_certificate_lines(
                fetched.certificates, now=now, kid=kid,
                where=f"In the keys fetched from {fetched.url}",
            )  # fmt: skip
        else:
            in_key = certs.jwk_certificate_lines(self.key_text, now=now, kid=kid)
        if lines and in_key:
            lines.append("")
        return (*lines, *in_key)

    def _fetched_key_set(self) -> Any:
        """The fetched key set (a core FetchedKeySet) when its keys carry
        certificates, else None."""
        if self.key is None or not self.key_trace:
            return None  # keys that were fetched always come with a trace
        from jwtinspector.core.fetch import FetchedKeySet

        key = self.key
        return key if isinstance(key, FetchedKeySet) and key.certificates else None

    def has_header_certificate(self) -> bool:
        """True when the token's header carries an x5c to take a key from."""
        return bool(self.token and "x5c" in (self.token.header or {}))

    def use_certificate_key(self) -> None:
        """Verify with the x5c leaf's key; the trace says why that proves nothing."""
        from jwtinspector.core import certs

        if self.token is None:
            return
        try:
            leaf = certs.leaf_key(self.token)
        except InspectorError as exc:
            self.key_failed.emit(str(exc))
            return
        self.set_fetched_keys(
            leaf.key, ("key of the header's x5c leaf certificate",), leaf.warning
        )

    audit_max_lifetime: float | None = 24 * 3600.0
    """The audit's lifetime limit for access-type tokens, seconds (None: none)."""

    def set_audit_max_lifetime(self, hours: float) -> None:
        """The audit's lifetime limit, from the Audit tab (0 hours: no limit)."""
        self.audit_max_lifetime = hours * 3600.0 if hours > 0 else None

    def findings(self) -> tuple[Any, ...]:
        """The security audit of the current token (RFC 8725 and known attacks)."""
        return self.audit_job()()

    def audit_job(self) -> Callable[[], tuple[Any, ...]]:
        """The audit of the current token as a call that reads no session
        state, so it may run on another thread."""
        import functools

        from jwtinspector.core.audit import AuditOptions
        from jwtinspector.core.audit.forms import audit_input

        if self.token is None and not self.json_form.active:
            return tuple
        leeway = self.options.leeway if self.options is not None else 0.0
        options = AuditOptions(
            # A forger may have used a pasted certificate's own bytes (not just
            # its public key) as the HMAC secret, as the CLI's lint also tries.
            certificates=self._key_certificates(),
            max_lifetime=self.audit_max_lifetime,
            # A wider verification leeway widens the audit's clock-skew allowance;
            # the audit's own default stays the floor, as in lint.
            skew=max(AuditOptions.skew, leeway),
        )
        return functools.partial(
            audit_input, self.json_form.shown or self.token, now=self.now(),
            key=self.key, options=options,
            sd_jwt=getattr(self.pasted, "sd", None),
            nested=self.inner,  # a decrypted JWE's nested token
        )  # fmt: skip

    def _key_certificates(self) -> tuple[bytes, ...]:
        """The certificates in the key input (DER), parsed once per key text:
        the audit asks again at every edit while its tab is shown."""
        if self._certificates[0] != self.key_text:
            from jwtinspector.core.certs import certificates_in

            found = certificates_in(self.key_text) if self.key_text else ()
            self._certificates = (self.key_text, found)
        return self._certificates[1]

    def explanation(self) -> tuple[Any, ...]:
        """Step-by-step explanation of the current token's signature."""
        from jwtinspector.core.explain import explain

        if self.token is None:
            return ()
        return explain(self.token, self.key, access_token=self.oidc_inputs[0] or None)

    def can_sign_with(self, alg: str | None) -> bool:
        """True when the current key (or a key set's one fitting key) signs ``alg``."""
        from jwtinspector.core.craft import signing_key

        if alg is None:
            return False
        kid = (self.token.header or {}).get("kid") if self.token else None
        key = signing_key(self.key, alg, kid)
        return key is not None and key.can_sign and alg in key.algorithms

    def set_oidc_inputs(self, access_token: str, code: str) -> None:
        """The access token and code to check at_hash / c_hash against."""
        self.oidc_inputs = (access_token.strip(), code.strip())
        self.reverify()

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
        self.reverify()

    def _keys_in_use(self) -> Any:
        """The key, and for fetched keys how and where they were found."""
        from jwtinspector.core.pipeline import KeysInUse

        keys = (self.key, self.key_trace, self.key_warning, self.key_source)
        return KeysInUse(*keys, self._key_certificates())  # certificate dates

    def _options(self) -> VerifyOptions:
        if self.options is None:
            from jwtinspector.core.verify import VerifyOptions

            self.options = VerifyOptions()
        return self.options

    @Slot()
    def tick(self) -> None:
        """Update the countdown; on expiry re-check the claims, not the signature."""
        shown = self.inner or self.token
        claims = shown.claims if shown else None
        state = countdown(claims, self.now())
        if state == self.countdown:
            return
        flipped = state.state != self.countdown.state
        self.countdown = state
        self.countdown_changed.emit(state)
        if flipped and shown is not None and self.report is not None:
            from jwtinspector.core.pipeline import rechecked

            access_token, code = self.oidc_inputs
            self.report = rechecked(
                self.report, shown, self._keys_in_use(), now=self.now(),
                options=self._options(), access_token=access_token, code=code,
            )  # fmt: skip
            self.report_changed.emit(self.report)

    def reverify(self) -> None:
        """Verify again at the session's clock (its time texts are made now)."""
        token = self.inner or self.token  # a JWE's nested token is verified
        now = self.now()
        form = self.json_form
        chosen = form.verify(self._keys_in_use, now=now, options=self._options)
        if chosen is not None:
            self.report = chosen  # the chosen signature of a JSON serialization
        elif token is None or token.header is None:
            self.report = None
        else:
            from jwtinspector.core.pipeline import verdict

            access_token, code = self.oidc_inputs
            # The window's token may have changed since the fetch: the fetch
            # steps are left out when the keys are another issuer's.
            self.report = verdict(
                token, self._keys_in_use(), now=now, options=self._options(),
                access_token=access_token, code=code, fetch_steps=False,
            )  # fmt: skip
        self.report_changed.emit(self.report)
        self.countdown = countdown(token.claims if token else None, now)
        self.countdown_changed.emit(self.countdown)
        if self.countdown.state == "none" or not self.evaluation.live:  # frozen
            self.timer.stop()
        elif not self.timer.isActive():
            self.timer.start()
