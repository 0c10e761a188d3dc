"""The window's SD-JWT state: the disclosures, the payload view chosen, the
Key Binding JWT's expectations and the SD-JWT's verdict.

The session (models/session.py) owns one :class:`SdJwtState`; it follows the
session's pasted form and report. Crafting (presenting fewer disclosures,
making a claim selectively disclosable) computes the new text here and asks
the session to load it as one undo step. Holder keys stay in memory.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from jwtinspector.models.disclosures_model import DisclosuresModel

DISCLOSED_NOTE = "Disclosed (selectively disclosable)"
"""How the claims table marks a claim an SD-JWT disclosure supplied."""


def claim_rows(token: Any, pasted: Any, now: float) -> tuple[Any, ...]:
    """The claims table's rows: for an SD-JWT, the payload a verifier sees
    after disclosure, its disclosed claims marked; else the token's claims."""
    from jwtinspector.core.claims import describe_members

    sd = getattr(pasted, "sd", None)
    header = token.header if token else None
    if sd is None or sd.payload is None:
        claims = token.claims if token else None
        return describe_members(claims, part="claims", now=now, header=header)
    rows = describe_members(sd.payload, part="claims", now=now, header=header)
    disclosed = {
        d.name for d in sd.disclosures if d.matched == "$._sd" and d.name is not None
    }
    return tuple(
        dataclasses.replace(  # the table adds the kind ("(private claim)")
            row, meaning=" · ".join(filter(None, (DISCLOSED_NOTE, row.meaning)))
        )
        if row.name in disclosed
        else row
        for row in rows
    )


def summary(sd: Any) -> str:
    """One line: "SD-JWT · 3 disclosures · key binding"."""
    count = len(sd.disclosures)
    parts = ["SD-JWT", f"{count} disclosure{'s' if count != 1 else ''}"]
    if sd.undisclosed_count:
        parts.append(f"{sd.undisclosed_count} undisclosed")
    parts.append("key binding" if sd.key_binding is not None else "no key binding")
    return " · ".join(parts)


def verdict_lines(verdict: Any, disclosures: int = 1) -> tuple[tuple[str, bool], ...]:
    """The SD-JWT's verdict in plain words: (line, ok) pairs, issuer
    signatures aside (the banner says those: see :func:`signatures_text`);
    ``disclosures``: how many were presented."""
    lines: list[tuple[str, bool]] = []
    for problem in verdict.problems[:3]:
        lines.append((f"✗ SD-JWT: {problem.message}", False))
    if len(verdict.problems) > 3:
        lines.append((f"✗ SD-JWT: {len(verdict.problems) - 3} more problems", False))
    if not verdict.problems and not disclosures:
        lines.append(("SD-JWT: no disclosure presented", True))
    elif not verdict.problems:
        lines.append(("✓ SD-JWT: every disclosure matches a digest", True))
    kb = verdict.key_binding
    if kb.present:
        mark = "✓" if kb.valid else "✗"
        lines.append((f"{mark} Key binding: {kb.message}", kb.valid))
        signed = kb.signature is not None and kb.signature.status.value == "valid"
        # The message names the first problem once the signature verified.
        more = kb.problems[1:] if signed else kb.problems
        lines += [(f"✗ Key binding: {c.message}", False) for c in more]
    elif kb.problems:
        lines.append((f"✗ Key binding: {kb.message}", False))
    else:
        lines.append(("Key binding: none presented", True))
    return tuple(lines)


def signatures_text(verdict: Any, sd: Any) -> Any:
    """What the banner says of every issuer signature of an SD-JWT in general
    JSON serialization, as of a JWS's (a models.json_form.SignaturesText);
    None when there is one signature (the banner gives its verdict)."""
    if verdict is None or verdict.signatures is None or sd is None or sd.jws is None:
        return None
    from jwtinspector.models.json_form import signatures_text as words

    return words(verdict.signatures, sd.jws.signatures)


class SdJwtState(QObject):
    """The SD-JWT the session shows, and its verdict.

    Attributes:
        sd: The core SdJwt shown, or None.
        verdict: The core SdJwtVerdict, or None (no SD-JWT or no report).
        disclosures_model: The Disclosures tab's rows.
        as_disclosed: Whether the payload pane shows the payload after
            disclosure (True) or as the issuer signed it, with digests.

    Signals:
        sd_changed: A new SD-JWT (or none). arg: SdJwt or None.
        verdict_changed: arg: SdJwtVerdict or None.
        view_changed: The payload view chosen changed. arg: as_disclosed.
        message: Something to tell the user (status bar). arg: text.
    """

    sd_changed = Signal(object)
    verdict_changed = Signal(object)
    view_changed = Signal(bool)
    message = Signal(str)

    def __init__(self, parent: QObject | None, clock: Callable[[], float]) -> None:
        super().__init__(parent)
        self._clock = clock
        self.sd: Any = None
        self.verdict: Any = None
        self.report: Any = None
        self.as_disclosed = True
        self.nonce = ""
        self.audience = ""
        self.known: tuple[str, ...] = ()
        self.sources: Any = None  # the session's (keys in use, verify options)
        self.disclosures_model = DisclosuresModel(self)

    @Slot(object)
    def set_pasted(self, pasted: Any) -> None:
        """The session read a new input (core.forms.Pasted or None)."""
        sd = getattr(pasted, "sd", None)
        if sd is self.sd:
            return
        self.sd = sd
        if sd is not None:
            from jwtinspector.core.sdjwt.craft import with_known

            full = with_known(sd, self.known)
            texts = [d.text for d in full.disclosures if d.text]
            kept = set(texts)
            old = (t for t in self.known if t in kept)  # rows keep their places
            self.known = tuple(dict.fromkeys([*old, *texts]))
            self.disclosures_model.set_sd_jwt(sd, full, self.known)
        else:
            self.disclosures_model.set_sd_jwt(None)
        self.sd_changed.emit(sd)

    @Slot(object)
    def set_report(self, report: Any) -> None:
        """The issuer JWT's verdict from the pipeline (None: none)."""
        self.report = report
        self._update_verdict()

    @Slot(str, str)
    def set_expectations(self, nonce: str, audience: str) -> None:
        """What the verifier expects of the KB-JWT ("" = not compared)."""
        self.nonce, self.audience = nonce.strip(), audience.strip()
        self._update_verdict()

    @Slot(bool)
    def set_as_disclosed(self, as_disclosed: bool) -> None:
        """Show the payload after disclosure (True) or as signed (False)."""
        if as_disclosed != self.as_disclosed:
            self.as_disclosed = as_disclosed
            self.view_changed.emit(as_disclosed)

    def options(self) -> Any:
        """The KB-JWT expectations as core KeyBindingOptions (the key box's
        keys may be the holder key that ``cnf.jkt`` names)."""
        from jwtinspector.core.sdjwt.keybinding import KeyBindingOptions

        audience = tuple(a.strip() for a in self.audience.split(",") if a.strip())
        return KeyBindingOptions(
            nonce=self.nonce or None, audience=audience, holder_keys=self._keys()
        )

    def _keys(self) -> tuple[Any, ...]:
        from jwtinspector.core.keys import KeyMaterial, KeySet

        if self.sources is None:
            return ()
        key = self.sources[0]().key
        if isinstance(key, KeySet):
            return key.keys
        return (key,) if isinstance(key, KeyMaterial) else ()

    def _update_verdict(self) -> None:
        verdict = None
        if self.sd is not None and self.report is not None:
            from jwtinspector.core.sdjwt.keybinding import (
                issuer_signatures,
                sd_jwt_verdict,
            )

            now, signatures = self._clock(), None
            if self.sources is not None:
                keys, options = self.sources
                signatures = issuer_signatures(
                    self.sd, keys(), now=now, options=options()
                )
            verdict = sd_jwt_verdict(
                self.sd, self.report, now=now, options=self.options(),
                signatures=signatures,
            )  # fmt: skip
        self.verdict = verdict
        self.verdict_changed.emit(verdict)

    def shown_payload(self) -> Any:
        """The payload the payload pane shows for the SD-JWT."""
        if self.sd is None:
            return None
        if self.as_disclosed and self.sd.payload is not None:
            return self.sd.payload
        return self.sd.issuer.payload

    # --- crafting ---------------------------------------------------------

    def with_presented(
        self, text: str, disclosure: str, presented: bool, holder_key: Any
    ) -> tuple[str, str]:
        """``text`` with the disclosure whose text is ``disclosure`` put back
        (``presented``) or left out, and what happened to the KB-JWT, in words.

        Raises:
            InspectorError: If the SD-JWT cannot be presented again.
        """
        from jwtinspector.core.sdjwt.craft import choose_disclosures, present
        from jwtinspector.core.sdjwt.json_form import json_with_disclosures

        sd = self.sd
        assert sd is not None
        chosen = choose_disclosures(sd, self.known, disclosure, presented)
        new = sd.issuer.token + "~" + "".join(f"{d}~" for d in chosen)
        note = ""
        if sd.key_binding is not None and holder_key is not None:
            claims = sd.key_binding.claims or {}
            nonce, aud = claims.get("nonce"), claims.get("aud")
            new = present(
                new, holder_key=holder_key, holder_alg=sd.key_binding.alg,
                nonce=nonce if isinstance(nonce, str) else "",
                audience=aud if isinstance(aud, str) else "",
                now=self._clock(),
            )  # fmt: skip
            note = " The Key Binding JWT was signed again with the holder key."
        elif sd.key_binding is not None:
            note = (
                " The Key Binding JWT was dropped: it covered the old set of "
                "disclosures, and no holder key (the private key of cnf.jwk) is "
                "in the key box to sign a new one."
            )
        if sd.form != "compact":
            kb = new.rsplit("~", 1)[1]
            return json_with_disclosures(text, chosen, kb or None), note
        return splice(text, sd, new), note

    def holder_key_in(self, key: Any) -> Any:
        """``key`` when it is the private key of the SD-JWT's ``cnf.jwk``."""
        from jwtinspector.core.keys import KeyMaterial
        from jwtinspector.core.sdjwt.keybinding import holder_key

        if self.sd is None or not isinstance(key, KeyMaterial) or not key.can_sign:
            return None
        holder = holder_key(self.sd)
        if isinstance(holder, str) or holder.thumbprint != key.thumbprint:
            return None
        return key


def splice(text: str, sd: Any, new: str) -> str:
    """``text`` with the SD-JWT replaced by ``new`` (any text around it kept)."""
    if sd.form != "compact":
        return new
    return text[: sd.start] + new + text[sd.end :]


def disclosable_paths(sd: Any) -> tuple[list[str], int]:
    """The claim paths the SD-JWT's presented disclosures make disclosable
    (for issuing it again), and how many digests cannot be carried over
    (undisclosed claims, decoys, array elements after an undisclosed one)."""
    from jwtinspector.core.sdjwt.craft import disclosure_path

    paths: list[str] = []
    dropped = sd.undisclosed_count
    shifted = {path for path, _ in sd.undisclosed}
    for d in sd.disclosures:
        path = disclosure_path(d)
        if path is None:
            continue
        if d.is_array_element and d.matched[: d.matched.rindex("[")] in shifted:
            dropped += 1  # its index moves once undisclosed elements are gone
        else:
            paths.append(path)
    return paths, dropped


MAX_MEMBER_PATHS = 40
"""Members of a claim offered at most to make selectively disclosable."""
_PATH_CHARS = frozenset(".[]")


def member_paths(name: str, value: Any, limit: int = MAX_MEMBER_PATHS) -> list[str]:
    """The paths inside claim ``name`` that can be made selectively
    disclosable: object members (``address.region``) and array elements
    (``nationalities[1]``) at any depth, in document order, ``limit`` at most
    (a member whose name holds ``.``, ``[`` or ``]`` cannot be named)."""
    from itertools import islice

    paths: list[str] = []
    stack = list(reversed(list(islice(_members(name, value), limit))))
    while stack and len(paths) < limit:
        path, node = stack.pop()
        paths.append(path)
        stack += reversed(list(islice(_members(path, node), limit)))
    return paths


def _members(path: str, node: Any) -> Any:
    if isinstance(node, dict):
        for key, item in node.items():
            if key and not _PATH_CHARS & set(key):
                yield f"{path}.{key}", item
    elif isinstance(node, list):
        for position, item in enumerate(node):
            yield f"{path}[{position}]", item


def make_disclosable(sd: Any, token: Any, key: Any, name: str) -> tuple[str, str]:
    """Issue the token again as an SD-JWT whose claim ``name`` (a top-level
    claim of the payload shown, or a path into it: ``address.region``,
    ``nationalities[1]``) is selectively disclosable, signed with
    ``key``; the new text and a sentence for the user.

    Raises:
        InspectorError: If the claim cannot be made disclosable or the key
            cannot sign.
    """
    from jwtinspector.core.sdjwt.craft import make_sd_jwt

    header = dict(token.header or {})
    if sd is not None and sd.payload is not None:
        claims = dict(sd.payload)
        paths, dropped = disclosable_paths(sd)
        hash_name = sd.hash.name if sd.hash is not None else "sha-256"
    else:
        claims, paths, dropped, hash_name = dict(token.claims or {}), [], 0, "sha-256"
    if name not in paths:
        paths.append(name)
    if sd is None and "typ" not in header:
        header["typ"] = "dc+sd-jwt"
    issued = make_sd_jwt(
        header, claims, key, disclosable=paths, alg=token.alg, hash_name=hash_name
    )
    note = f"{name} is now selectively disclosable; the SD-JWT was signed again."
    if dropped:
        note += (
            f" {dropped} digest{'s' if dropped != 1 else ''} with no disclosure "
            "here could not be carried over."
        )
    if sd is not None and sd.key_binding is not None:
        note += " The Key Binding JWT was dropped: it signed the old SD-JWT."
    return issued.text, note
