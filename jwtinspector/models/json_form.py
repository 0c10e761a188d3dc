"""A JWS or JWE in JSON serialization, and a detached payload, in the window.

Part of the session (models/session.py), kept apart: which signature (or
recipient) the panes show, every signature's verdict, and a payload the user
gave for a detached token. For a JWS in JSON serialization the session's
``token`` is the chosen signature's token (its header the joint header), so
the panes, the countdown and the audit work on it unchanged.

QtCore only; the engine does the reading and the verifying. A payload given
stays in memory only.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from collections.abc import Callable

    from jwtinspector.core.json_serialization import JsonJwe, JsonJws
    from jwtinspector.core.pipeline import KeysInUse, SignaturesVerdict, Verdict
    from jwtinspector.core.token import DecodedToken
    from jwtinspector.core.verify import VerifyOptions

PAYLOADS_KEPT = 50
"""Detached payloads remembered per token text (for Undo), in memory only."""
MAX_SHOWN = 100
"""Signatures (or recipients) listed and verified in the window: a pasted
JSON may hold thousands, and each costs a signature check."""

READ_ONLY = (
    "This token is in JSON serialization: its headers are read-only here (each "
    "signature covers its own protected header). Edit the JSON text itself; "
    "an edit of the payload re-signs every signature the key can sign."
)
"""Why the header of a JSON serialization (or a JWE's) is not edited."""

_MARKS = {"valid": "✓", "invalid": "✗"}


@dataclasses.dataclass(frozen=True)
class SignaturesText:
    """What the verdict block says for a JWS in JSON serialization.

    Attributes:
        title: The summary ("2 of 3 signatures verified (#1, #3).").
        role: "good" (valid), "bad" (one a fitting key rejected) or "warn".
        lines: One short line per signature (capped at MAX_SHOWN).
    """

    title: str
    role: str
    lines: tuple[str, ...]


class JsonForm(QObject):
    """The JSON serialization shown and the signature chosen in it.

    Signals:
        changed: What is shown changed (a new text, signature or payload).
            arg: this object.
        verdicts_changed: Every signature's verdict (emitted before the
            session's report_changed). arg: SignaturesText or None.
    """

    changed = Signal(object)
    verdicts_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jws: JsonJws | None = None
        self.jwe: JsonJwe | None = None
        self.selected = 0
        self.detached = False  # the pasted form's payload is not in it
        # The payload given for each text (an edit or Undo brings its own).
        self._payloads: dict[str, bytes] = {}  # memory only
        self._text = ""
        self.verdicts: SignaturesVerdict | None = None

    @property
    def detached_payload(self) -> bytes | None:
        """The payload given for the detached token shown, or None."""
        return self._payloads.get(self._text)

    def give_payload(self, text: str, payload: bytes) -> None:
        """The payload of the detached token in ``text`` (given, or made by
        an edit that re-signed it); kept for Undo, in memory only."""
        self._payloads.pop(text, None)
        self._payloads[text] = payload
        while len(self._payloads) > PAYLOADS_KEPT:
            del self._payloads[next(iter(self._payloads))]

    @property
    def active(self) -> bool:
        """True while the input is a JWS or JWE in JSON serialization."""
        return self.jws is not None or self.jwe is not None

    @property
    def shown(self) -> JsonJws | JsonJwe | None:
        """The JWS (with a detached payload given) or JWE shown, or None."""
        return self.jws if self.jws is not None else self.jwe

    @property
    def count(self) -> int:
        """Signatures (or recipients) in the form, all of them."""
        if self.jws is not None:
            return len(self.jws.signatures)
        return len(self.jwe.recipients) if self.jwe is not None else 0

    @property
    def shown_count(self) -> int:
        """Signatures (or recipients) the window lists: at most MAX_SHOWN."""
        return min(self.count, MAX_SHOWN)

    def read(
        self, pasted: Any, *, text: str = "", new_token: bool = False
    ) -> DecodedToken | None:
        """The token the panes show for ``pasted`` (a core.forms.Pasted) read
        from ``text``: the chosen signature's of a JWS in JSON serialization;
        a detached payload given is put in (typing in the token keeps it).
        ``new_token``: a whole new input forgets the payloads given before."""
        if new_token:
            self._payloads.clear()
            self.selected = 0
        elif text not in self._payloads and self._text in self._payloads:
            self.give_payload(text, self._payloads[self._text])  # typed
        self._text = text
        form = getattr(pasted, "json", None)
        kind = getattr(form, "form", "")
        self.jws = form if kind == "JWS JSON" else None
        self.jwe = form if kind == "JWE JSON" else None
        token = pasted.token if pasted is not None else None
        if self.jws is not None:
            self.detached = self.jws.detached
        else:
            plain = token is not None and pasted.sd is None and form is None
            self.detached = plain and token.detached  # type: ignore[union-attr]
        if self.detached and self.detached_payload is not None:
            from jwtinspector.core.token import with_payload

            if self.jws is not None:
                self.jws = self.jws.with_detached_payload(self.detached_payload)
            elif token is not None:
                token = with_payload(token, self.detached_payload)
        if self.selected >= self.shown_count:
            self.selected = 0
        if self.jws is not None:
            signatures = self.jws.signatures
            token = signatures[self.selected].token if signatures else None
        self.changed.emit(self)
        return token

    def problems(self) -> tuple[Any, ...] | None:
        """The problems of the whole JSON serialization (errors, then
        warnings); None when the input is not one."""
        form = self.jws if self.jws is not None else self.jwe
        if form is None:
            return None
        return (*form.errors, *form.warnings)

    def select(self, index: int) -> bool:
        """Show signature (or recipient) ``index``; False when it is the one
        shown already or not there."""
        if index == self.selected or not 0 <= index < self.shown_count:
            return False
        self.selected = index
        return True

    def verify(
        self,
        keys: Callable[[], KeysInUse],
        *,
        now: float,
        options: Callable[[], VerifyOptions],
    ) -> Verdict | None:
        """Verify every signature (up to MAX_SHOWN) with the keys and options
        (asked for only then); the chosen signature's verdict, or None when
        the input is not a JWS in JSON serialization."""
        jws = self.jws
        if jws is None or not jws.signatures:
            if self.verdicts is not None:
                self.verdicts = None
                self.verdicts_changed.emit(None)
            return None
        from jwtinspector.core.pipeline import signatures_verdict

        listed = dataclasses.replace(jws, signatures=jws.signatures[:MAX_SHOWN])
        self.verdicts = signatures_verdict(listed, keys(), now=now, options=options())
        self.verdicts_changed.emit(self.text())
        return self.verdicts.verdicts[self.selected]

    def text(self) -> SignaturesText | None:
        """The verdict block's summary and lines for every signature."""
        result, jws = self.verdicts, self.jws
        if result is None or jws is None:
            return None
        return signatures_text(result, jws.signatures)

    def choices(self) -> tuple[str, ...]:
        """The selector's items: "Signature 2 of 3 · RS256 · kid …" (or
        "Recipient 1 of 2 · RSA1_5 · kid …"), a verdict mark after each."""
        total = self.count
        if self.jws is not None:
            verdicts = self.verdicts.verdicts if self.verdicts is not None else ()
            items = []
            for index, signature in enumerate(self.jws.signatures[:MAX_SHOWN]):
                status = (
                    verdicts[index].signature.status.value
                    if index < len(verdicts)
                    else ""
                )
                mark = f" · {_MARKS[status]}" if status in _MARKS else ""
                items.append(
                    _choice("Signature", index, total, signature.joint_header) + mark
                )
            return tuple(items)
        if self.jwe is not None:
            return tuple(
                _choice("Recipient", r.index, total, self.jwe.joint_header(r))
                for r in self.jwe.recipients[:MAX_SHOWN]
            )
        return ()


def signatures_text(result: SignaturesVerdict, signatures: Any) -> SignaturesText:
    """The verdict block's summary and one line per signature checked, for
    the verdicts ``result`` on the first of ``signatures`` (a JWS's, or an
    SD-JWT's issuer signatures in general JSON serialization)."""
    title = result.summary
    checked = len(result.verdicts)
    if len(signatures) > checked:
        title += f" Only the first {checked} of {len(signatures):,} are checked here."
    role = "good" if result.valid else "bad" if result.rejected else "warn"
    lines = tuple(
        verdict_line(index, signature.alg, report)
        for index, (signature, report) in enumerate(
            zip(signatures, result.verdicts, strict=False)
        )
    )
    return SignaturesText(title, role, lines)


def _choice(kind: str, index: int, total: int, header: dict[str, Any]) -> str:
    parts = [f"{kind} {index + 1} of {total:,}"]
    alg = header.get("alg")
    if isinstance(alg, str):
        parts.append(_short(alg))
    kid = header.get("kid")
    if isinstance(kid, str):
        parts.append(f"kid {_short(kid)}")
    return " · ".join(parts)


def _short(text: str, size: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= size else text[: size - 1] + "…"


def verdict_line(index: int, alg: str | None, report: Verdict) -> str:
    """One signature's result in a few words: "✓ #1 RS256: verified with
    RSA 2048-bit private key"."""
    signature = report.signature
    status = signature.status.value
    key = signature.key.describe().split(" · ")[0] if signature.key else ""
    name = f"#{index + 1} {_short(alg, 20)}" if alg else f"#{index + 1}"
    if status == "valid":
        said = f"verified with {key}" if key else "verified"
    elif status == "invalid":
        said = f"invalid signature ({key})" if key else "invalid signature"
    elif status == "not_checked":
        said = "no key"
    elif _ambiguous(signature.message):
        said = "not checked: the key set is ambiguous (see the key trace)"
    else:
        said = "not checked: " + (
            "the key does not fit it" if key else "no key given fits it"
        )
    return f"{_MARKS.get(status, '–')} {name}: {said}"


def _ambiguous(message: str) -> bool:
    from jwtinspector.core.keys.sets import AMBIGUOUS_SET

    return AMBIGUOUS_SET in message
