"""The decryption layer of a JWE: its key (or password), and what it holds.

The session hands over the JWE it shows (``set_message``) and the key box
for the recipient hands over its text (``set_key_input``); the decryption
runs off the GUI thread (a PBES2 ``p2c`` near the cap takes most of a
second) and only the latest run reports, so a result always belongs to the
token shown. The decryption key is kept apart from the verification key
(the nested token's signer), and both live in memory only.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from jwtinspector.models.audit_runner import AuditRunner

NOT_JWE = "none"
WAITING = "waiting"
WORKING = "working"
DECRYPTED = "decrypted"
FAILED = "failed"

ASK_KEY = "Enter the recipient's key (or password) to decrypt it."


@dataclasses.dataclass(frozen=True)
class JweOutcome:
    """What the decryption layer shows.

    Attributes:
        state: NOT_JWE, WAITING (no key yet), WORKING, DECRYPTED or FAILED.
        message: The verdict in plain words ("" for NOT_JWE).
        alg: The key management algorithm (of the first recipient).
        enc: The content encryption algorithm.
        password: True when the JWE wants a password (PBES2-*).
        decrypted: The core Decrypted, when it decrypted.
        kind: Why it failed (a DecryptionError kind, or "format").
        key: What the key box's text loaded as (a KeyMaterial or KeySet;
            None for a password, an empty box or unreadable text).
        key_kind: What the text was recognised as ("RSA private key",
            "secret (text, 32 bytes)"); never the secret itself.
        key_error: Why the text could not be read as a key ("" = it could).
    """

    state: str = NOT_JWE
    message: str = ""
    alg: str = ""
    enc: str = ""
    password: bool = False
    decrypted: Any = None
    kind: str = ""
    key: Any = dataclasses.field(default=None, repr=False)
    key_kind: str = ""
    key_error: str = ""

    @property
    def nested(self) -> Any:
        """The nested token (a DecodedToken) when it decrypted to one."""
        return self.decrypted.nested if self.decrypted is not None else None

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.decrypted.warnings if self.decrypted is not None else ()


def jwe_source(pasted: Any) -> tuple[str, dict[str, Any]] | None:
    """The JWE's text and its first recipient's header, or None when the
    pasted input (a core.forms.Pasted) is not a JWE."""
    if pasted is None:
        return None
    token = pasted.token
    if token is not None and token.is_encrypted and token.header is not None:
        return token.token, dict(token.header)
    found = pasted.json
    if found is None or not hasattr(found, "recipients"):
        return None
    header: dict[str, Any] = {**(found.protected or {}), **(found.unprotected or {})}
    if found.recipients:
        header.update(found.recipients[0].header or {})
    return "", header


def wants_password(alg: str) -> bool:
    """True for the password-based algorithms (PBES2-*)."""
    return alg.upper().startswith("PBES2")


def describe_key(decrypted: Any) -> str:
    """ "Decrypted with …": which key (or a password) and which recipient."""
    key = decrypted.key
    what = "the password" if key is None else _key_words(key)
    recipient = (
        f" (recipient {decrypted.recipient + 1} of {decrypted.recipients})"
        if decrypted.recipients > 1
        else ""
    )
    return f"Decrypted with {what}{recipient} · {decrypted.alg} + {decrypted.enc}"


def _key_words(key: Any) -> str:
    from jwtinspector.core.keys.material import kind_phrase
    from jwtinspector.core.text import quote

    kid = getattr(key, "kid", None)
    return f"the {kind_phrase(key)}" + (f" (kid {quote(kid)})" if kid else "")


def recognise_key(key_text: str) -> dict[str, Any]:
    """What the decryption key box holds, read as the verification key box
    reads its text (core.keys.load_key_input): JweOutcome's ``key``,
    ``key_kind`` and ``key_error`` fields. Never raises."""
    from jwtinspector.core.errors import InspectorError
    from jwtinspector.core.keys import load_key_input

    if not key_text.strip():
        return {}
    try:
        loaded = load_key_input(key_text, "auto")
    except InspectorError as exc:
        return {"key_error": f"The key could not be read: {exc}"}
    except Exception as exc:  # the library's own errors: a message, never a traceback
        return {"key_error": f"The key could not be read: {type(exc).__name__}"}
    return {"key": loaded.key, "key_kind": loaded.kind}


def decrypt_job(text: str, key_text: str, alg: str, enc: str) -> JweOutcome:
    """Decrypt ``text`` with the key box's text (a password for PBES2); reads
    no session state, so it may run on another thread. Never raises."""
    from jwtinspector.core.errors import DecryptionError, InspectorError
    from jwtinspector.core.jwe import decrypt
    from jwtinspector.core.keys import load_key_input

    password = wants_password(alg)
    base = JweOutcome(FAILED, "", alg, enc, password)
    try:
        if password:
            found = decrypt(text, password=key_text)
        else:
            key = load_key_input(key_text, "auto").key
            found = decrypt(text, key)
    except DecryptionError as exc:
        return dataclasses.replace(base, message=_failure(exc), kind=exc.kind)
    except InspectorError as exc:
        return dataclasses.replace(
            base, message=f"The key could not be read: {exc}", kind="key"
        )
    except Exception as exc:  # the library's own errors: a message, never a traceback
        return dataclasses.replace(
            base, message=f"Cannot decrypt: {type(exc).__name__}: {exc}", kind="error"
        )
    return dataclasses.replace(  # the recipient decrypted names the alg
        base,
        state=DECRYPTED,
        message=describe_key(found),
        alg=found.alg,
        enc=found.enc,
        decrypted=found,
    )


def _failure(exc: Any) -> str:
    """The engine's reason, led by the verdict in plain words."""
    from jwtinspector.core.errors import DecryptionError

    reason = str(exc)
    if exc.kind == DecryptionError.TAMPERED:
        return f"Tampered: {reason}"
    if exc.kind == DecryptionError.WRONG_KEY and not reason.startswith("the key"):
        reason = f"the key does not decrypt it: {reason}"
    return reason[:1].upper() + reason[1:]


class JweLayer(QObject):
    """The JWE shown and its decryption key; decrypts off the GUI thread.

    Signals:
        changed: What the layer shows. arg: JweOutcome.
    """

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = AuditRunner(self)
        self.runner.finished.connect(self._done)
        self.key_text = ""  # memory only
        self.outcome = JweOutcome()
        self._source: tuple[str, dict[str, Any]] | None = None
        self._text = ""
        self._recognised: dict[str, Any] = {}  # the key box's text, as read

    @property
    def busy(self) -> bool:
        """True while a decryption runs."""
        return self.runner.busy

    def set_message(self, pasted: Any, text: str) -> None:
        """The session shows a new input (a core.forms.Pasted and its text)."""
        source = jwe_source(pasted)
        if source is not None and not source[0]:
            source = (text, source[1])
        if source == self._source:
            return
        self._source = source
        self._start()

    @Slot(str)
    def set_key_input(self, text: str) -> None:
        """The decryption key box's text ("" clears it)."""
        if text == self.key_text:
            return
        self.key_text = text
        self._start()

    def _start(self) -> None:
        self.runner.cancel()
        if self._source is None:
            self._show(JweOutcome())
            return
        text, header = self._source
        alg, enc = str(header.get("alg", "")), str(header.get("enc", ""))
        password = wants_password(alg)
        # What the box holds shows while typing; a password is never read.
        self._recognised = {} if password else recognise_key(self.key_text)
        if not self.key_text.strip():
            ask = "Enter the password to decrypt it." if password else ASK_KEY
            self._show(
                JweOutcome(WAITING, f"Encrypted token (JWE). {ask}", alg, enc, password)
            )
            return
        self._show(
            JweOutcome(WORKING, "Decrypting…", alg, enc, password, **self._recognised)
        )
        key_text = self.key_text
        self.runner.run(lambda: decrypt_job(text, key_text, alg, enc))  # type: ignore[arg-type,return-value]

    @Slot(object)
    def _done(self, outcome: object) -> None:
        self._show(dataclasses.replace(outcome, **self._recognised))  # type: ignore[type-var]

    def _show(self, outcome: Any) -> None:
        self.outcome = outcome
        self.changed.emit(outcome)
