"""Editing the session's token: JSON, claims, header members, algorithm,
templates, and undo/redo. Untouched parts keep their bytes.

A part of TokenSession (models/session.py), kept apart for its size; it holds
no state of its own and imports no Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jwtinspector.core.errors import InspectorError

if TYPE_CHECKING:
    from jwtinspector.core.keys import KeyMaterial, KeySet
    from jwtinspector.core.token import DecodedToken
    from jwtinspector.models.history import History
    from jwtinspector.models.json_form import JsonForm


SEALED = (
    "An encrypted token (JWE) is sealed: its content cannot be edited here. "
    "Edit the signed token, then Token ▸ Encrypt… again."
)


class TokenEditing:
    """The session's editing methods; TokenSession provides the state."""

    if TYPE_CHECKING:  # provided by TokenSession
        text: str
        token: DecodedToken | None
        key: KeyMaterial | KeySet | None
        stale: str
        edit_source: str
        keep_formatting: bool
        history: History
        json_form: JsonForm
        text_replaced: Any
        edit_failed: Any
        stale_changed: Any
        history_changed: Any

        def now(self) -> float: ...
        def _load(self, text: str, *, new_token: bool = False) -> None: ...

    def edit_json(self, part: str, text: str, *, alg: str = "HS256") -> None:
        """The header or payload JSON was edited; rebuild when it is valid.

        Typed into an empty window, it makes a new token (a payload gets a
        header with ``alg``)."""
        from jwtinspector.core.craft import JsonEditError, parse_object

        try:
            value = parse_object(text, part)
        except JsonEditError as exc:
            self.edit_failed.emit(part, str(exc))
            return
        raw = text.encode() if self.keep_formatting else None
        if self.token is None and not self.text.strip():
            # Typed into an empty window: the JSON makes a new token.
            from jwtinspector.core.templates import token_header

            if part == "header":
                self._edit(header=value, header_json=raw, payload={}, source=part)
            else:
                self._edit(
                    header=token_header(alg),
                    payload=value,
                    payload_json=raw,
                    source=part,
                )
        elif part == "header":
            self._edit(header=value, header_json=raw, source=part)
        else:
            self._edit(payload=value, payload_json=raw, source=part)

    def set_claim(self, name: str, value: Any) -> None:
        """Add a claim or change its value, keeping the claim order."""
        if self._disclosed(name):
            return
        claims = dict(self._claims())
        claims[name] = value
        self._edit(payload=claims, source="claims")

    def rename_claim(self, old: str, new: str) -> None:
        """Rename a claim in place."""
        claims = self._claims()
        if self._disclosed(old):
            return
        if not new or new == old or old not in claims:
            return
        if new in claims:
            self.edit_failed.emit("claims", f'There is already a claim "{new}".')
            return
        renamed = {(new if k == old else k): v for k, v in claims.items()}
        self._edit(payload=renamed, source="claims")

    def rename_header_member(self, old: str, new: str) -> None:
        """Rename a header parameter in place (the order is kept)."""
        header = self.token.header if self.token and self.token.header else {}
        if not new or new == old or old not in header:
            return
        if new in header:
            self.edit_failed.emit(
                "header-member", f'There is already a header parameter "{new}".'
            )
            return
        renamed = {(new if k == old else k): v for k, v in header.items()}
        self._edit(header=renamed, source="header-member")

    def remove_claim(self, name: str) -> None:
        """Remove a claim."""
        if self._disclosed(name):
            return
        claims = {k: v for k, v in self._claims().items() if k != name}
        self._edit(payload=claims, source="claims")

    def set_header_member(self, name: str, value: Any) -> None:
        """Set one header parameter (e.g. kid), keeping the header order."""
        header = dict(self.token.header or {}) if self.token else {}
        header[name] = value
        self._edit(header=header, source="header-member")

    def set_algorithm(self, alg: str) -> None:
        """Switch the algorithm; re-signs when the key fits."""
        from jwtinspector.core.sign import with_alg

        header = self.token.header if self.token and self.token.header else {}
        if header.get("alg") != alg:
            self._edit(header=with_alg(header, alg), source="algorithm")

    def replace_token(self, header: dict[str, Any], payload: dict[str, Any]) -> None:
        """Start from a new header and payload (a template)."""
        self._edit(header=header, payload=payload, source="template", fresh=True)

    def undo(self) -> None:
        """Go back one user action."""
        self._restore(self.history.undo())

    def redo(self) -> None:
        """Go forward one user action."""
        self._restore(self.history.redo())

    def _restore(self, step: tuple[str, str] | None) -> None:
        if step is None:
            return
        text, note = step
        self.text_replaced.emit(text)  # the editor first, so views agree with it
        self._load(text)
        self._set_stale(self._stale_now() if note else "")
        self.history_changed.emit(self.history.can_undo, self.history.can_redo)

    def _disclosed(self, name: str) -> bool:
        """True (and says why) when ``name`` is a claim an SD-JWT disclosure
        supplies: the issuer did not sign it as a plain claim."""
        sd = getattr(getattr(self, "pasted", None), "sd", None)
        if sd is None or name in (self._claims() or {}):
            return False
        if not any(d.name == name and d.matched == "$._sd" for d in sd.disclosures):
            return False
        self.edit_failed.emit(
            "claims",
            f"{name} comes from a disclosure, not from the signed payload: leave "
            "it out in the Disclosures tab, or edit the payload As signed.",
        )
        return True

    def _claims(self) -> dict[str, Any]:
        return self.token.claims or {} if self.token else {}

    def _edit(
        self,
        *,
        source: str,
        header: dict[str, Any] | None = None,
        payload: dict[str, Any] | None = None,
        header_json: bytes | None = None,
        payload_json: bytes | None = None,
        fresh: bool = False,
    ) -> None:
        """Rebuild the token from edited parts; untouched parts keep their bytes."""
        from jwtinspector.core.craft import rebuild

        old = None if fresh else self.token
        if old is not None and old.is_encrypted:  # also once it is decrypted
            self.edit_failed.emit(source, SEALED)
            return
        if header is None:
            if old is None or old.header is None:
                self.edit_failed.emit(source, "Paste or make a token first.")
                return
            header, header_json = old.header, old.segment("header").data  # type: ignore[union-attr]
        if payload is None:
            if old is None or old.payload_bytes is None:
                self.edit_failed.emit(source, "The payload could not be decoded.")
                return
            payload, payload_json = old.claims or {}, old.payload_bytes
        # A detached token whose payload was given stays detached.
        given = self.json_form.detached_payload is not None
        detached = old is not None and self.json_form.detached and given
        try:
            result = rebuild(
                header, payload, self.key, old=old, detached=detached,
                header_json=header_json, payload_json=payload_json,
            )  # fmt: skip
        except InspectorError as exc:  # e.g. NaN or 1e999: not valid JSON numbers
            self.edit_failed.emit(source, str(exc))
            return
        if result.detached_payload is not None:
            self.json_form.give_payload(result.text, result.detached_payload)
        text = result.text
        sd = getattr(getattr(self, "pasted", None), "sd", None)
        if sd is not None and not fresh and sd.form == "compact":
            # An SD-JWT's issuer JWT was edited: its disclosures (and any
            # Key Binding JWT, which then no longer matches) stay.
            text += sd.text[len(sd.issuer.token) :]
        self._show_edit(text, source, stale=result.reason)
        self.edit_failed.emit(source, "")
        # A token made from nothing is a step of its own; typing then merges.
        merge = old is not None and source in ("header", "payload")
        self._record(source, merge=merge)

    def _show_edit(self, text: str, source: str, *, stale: str) -> None:
        """Show the text an edit of ``source`` made: the editor first, so the
        views agree with it, then the model, told where the edit came from."""
        self.text_replaced.emit(text)
        self.edit_source = source
        try:
            self._load(text)
        finally:
            self.edit_source = ""
        self._set_stale(stale)

    def _stale_now(self) -> str:
        """Why a restored unsigned state is unsigned, said against today's key."""
        from jwtinspector.core.craft import UNDO_REASON, unsigned_reason

        header = self.token.header if self.token else None
        if header is None:
            return UNDO_REASON
        reason = unsigned_reason(header.get("alg"), self.key, header.get("kid"))
        return reason or UNDO_REASON

    def _set_stale(self, reason: str) -> None:
        if reason != self.stale:
            self.stale = reason
            self.stale_changed.emit(reason)

    def _record(self, source: str, *, merge: bool) -> None:
        self.history.record(self.text, source, self.now(), merge=merge, note=self.stale)
        self.history_changed.emit(self.history.can_undo, self.history.can_redo)
