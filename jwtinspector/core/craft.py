"""Rebuild a token after its header, payload or algorithm was edited.

Every edit re-signs when the key can sign for the algorithm. When it cannot,
the token is rebuilt with its old signature and the result says why, so the
window never shows a token as signed when it is not.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import TYPE_CHECKING, Any

from jwtinspector.core.errors import InspectorError
from jwtinspector.core.json_scan import deeper_than, too_deep
from jwtinspector.core.limits import MAX_JSON_DEPTH

if TYPE_CHECKING:
    from jwtinspector.core.keys import KeyMaterial, KeySet
    from jwtinspector.core.token import DecodedToken


class JsonEditError(InspectorError):
    """Raised when edited JSON cannot be used; names the line and column."""

    def __init__(self, part: str, reason: str, line: int = 0, column: int = 0) -> None:
        self.part, self.reason, self.line, self.column = part, reason, line, column
        # Some of Python's reasons end in "at" already ("... starting at").
        joiner = " " if reason.endswith(" at") else " at "
        where = f"{joiner}line {line}, column {column}" if line else ""
        super().__init__(f"{part}: {reason}{where}")


@dataclasses.dataclass(frozen=True)
class Rebuilt:
    """A rebuilt token.

    Attributes:
        text: The compact token.
        signed: True when it was signed with the current key.
        reason: Why it was not signed ("" when signed).
        detached_payload: The payload a detached token's signature covers
            (not in ``text``); None when the payload is in the token.
    """

    text: str
    signed: bool
    reason: str
    detached_payload: bytes | None = None


def parse_object(text: str, part: str) -> dict[str, Any]:
    """Parse an edited header or payload; key order is kept.

    Raises:
        JsonEditError: With line, column and reason when it is not a JSON object.
    """
    depth = deeper_than(text, MAX_JSON_DEPTH)
    if depth is not None:  # as the decoder refuses it, before any parse
        raise JsonEditError(part, too_deep(depth, part).reason)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonEditError(part, exc.msg, exc.lineno, exc.colno) from None
    except RecursionError:
        raise JsonEditError(part, "nested too deeply") from None
    except ValueError:  # Python's limit on the digits of an integer
        raise JsonEditError(part, TOO_MANY_DIGITS) from None
    if not isinstance(value, dict):
        raise JsonEditError(part, f"the {part} must be a JSON object")
    return value


def parse_value(text: str) -> Any:
    """A value typed into the claims table: JSON if it parses, else a string
    (so is a number too long for Python to read: the digits are kept)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text


TOO_MANY_DIGITS = (
    "a number in it has more digits than can be read (at most 4,300; "
    "write it as a string to keep it)"
)


_QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "`": "`"}
"""Quotes a typed name may come wrapped in (opening: closing)."""


def member_name(text: str) -> str:
    """A claim or header name as typed into a prompt: without surrounding
    whitespace or quotes (``"admin"`` is the name admin); "" when nothing is
    left."""
    name = text.strip()
    while len(name) >= 2 and _QUOTES.get(name[0]) == name[-1]:
        name = name[1:-1].strip()
    return name


def rebuild(
    header: dict[str, Any],
    payload: dict[str, Any],
    key: KeyMaterial | KeySet | None,
    *,
    old: DecodedToken | None = None,
    header_json: bytes | None = None,
    payload_json: bytes | None = None,
    detached: bool = False,
) -> Rebuilt:
    """Sign header and payload, or keep the old signature and say why.

    ``header_json``/``payload_json`` give the exact bytes to encode (to keep
    the user's own formatting); by default the JSON is written compactly.
    ``detached``: the token leaves the payload out (``header..signature``,
    RFC 7515 Appendix F); the signature still covers it, unencoded when the
    header says ``b64: false`` (then any bytes, '.' included, RFC 7797 §5.2).
    """
    from jwtinspector.core.errors import SigningError
    from jwtinspector.core.sign import (
        b64url,
        compact_json,
        signature_for,
        unencoded_body,
    )

    alg = header.get("alg")
    head = b64url(header_json if header_json is not None else compact_json(header))
    raw = payload_json if payload_json is not None else compact_json(payload)
    unencoded = header.get("b64") is False
    if detached:
        body, signed = "", raw if unencoded else b64url(raw).encode("ascii")
    else:
        body = unencoded_body(raw) if unencoded else b64url(raw)
        signed = body.encode("utf-8")
    signing_input = head.encode("ascii") + b"." + signed
    prefix = f"{head}.{body}"
    apart = raw if detached else None
    reason = unsigned_reason(alg, key, header.get("kid"))
    if reason == ALG_NONE_REASON:
        return Rebuilt(f"{prefix}.", False, reason, apart)
    signer = signing_key(key, alg, header.get("kid")) if not reason else None
    if signer is not None:
        try:
            signature = signature_for(signing_input, signer, alg)  # type: ignore[arg-type]
            return Rebuilt(f"{prefix}.{b64url(signature)}", True, "", apart)
        except SigningError as exc:
            reason = str(exc)
    old_signature = old.segment("signature") if old is not None else None
    tail = old_signature.text if old_signature is not None else ""
    return Rebuilt(f"{prefix}.{tail}", False, reason, apart)


ALG_NONE_REASON = "alg none: the token is unsigned"
NO_ALG_REASON = "the header has no alg"
UNDO_REASON = "it was not re-signed after this edit (restored by Undo)"


def signing_key(
    key: KeyMaterial | KeySet | None, alg: Any, kid: Any = None
) -> KeyMaterial | None:
    """The key that signs ``alg``: the key itself, or a key set's one signing key.

    In a set, the signing key whose ``kid`` matches the token's wins; otherwise
    a set that holds exactly one key able to sign ``alg`` uses it. A single key
    is returned as it is (signing then says why it does not fit).
    """
    from jwtinspector.core.keys import KeyMaterial

    if key is None or isinstance(key, KeyMaterial):
        return key
    pool = [k for k in key.keys if k.can_sign and alg in k.algorithms]
    return _one_of(pool, kid)


def export_key(key: KeyMaterial | KeySet | None, kid: Any = None) -> KeyMaterial | None:
    """The key to export: the key itself, a set's key with ``kid``, or its only key."""
    from jwtinspector.core.keys import KeyMaterial

    if key is None or isinstance(key, KeyMaterial):
        return key
    return _one_of(list(key.keys), kid)


def _one_of(pool: list[KeyMaterial], kid: Any) -> KeyMaterial | None:
    if kid is not None:
        matching = [k for k in pool if k.kid == kid]
        if len(matching) == 1:
            return matching[0]
    return pool[0] if len(pool) == 1 else None


def unsigned_reason(alg: Any, key: KeyMaterial | KeySet | None, kid: Any = None) -> str:
    """Why a token with ``alg`` cannot be signed with ``key`` ("" = it can)."""
    from jwtinspector.core.errors import SigningError
    from jwtinspector.core.sign import check_signing_key

    if not isinstance(alg, str) or not alg:
        return NO_ALG_REASON
    if alg.strip().lower() == "none":
        return ALG_NONE_REASON
    if key is None:
        return "no key"
    signer = signing_key(key, alg, kid)
    if signer is None:
        able = [k for k in key.keys if k.can_sign and alg in k.algorithms]  # type: ignore[union-attr]
        if not able:
            return f"the key set holds no secret or private key for {alg}"
        return (
            f"the key set holds {len(able)} keys that can sign {alg}: "
            "set the token's kid to the one to use"
        )
    try:
        check_signing_key(signer, alg)
    except SigningError as exc:
        return str(exc)
    return ""


def stale_banner(reason: str) -> tuple[str, str]:
    """Title and body of the banner for a token that was not signed, and why.

    The title says once what would sign it; for a key of the wrong type it
    names the type needed, and an alg none token is called unsigned.
    """
    carried = "The token still carries its old signature."
    if reason == ALG_NONE_REASON:
        return (
            "Unsigned token (alg none)",
            "No key can sign alg none: the token carries no signature. "
            "Choose a signing algorithm to sign it.",
        )
    if reason == NO_ALG_REASON:
        return (
            "Signature is stale: choose an algorithm to re-sign",
            f"Not signed: {reason}. {carried}",
        )
    if reason == UNDO_REASON:
        return (
            "Signature is stale: not re-signed yet",
            f"Not signed: {reason}. {carried} The next edit, or Generate key, "
            "signs it with the loaded key.",
        )
    needs = _NEEDS.match(reason)
    if needs:
        return (
            f"Signature is stale: {needs['alg']} needs {needs['what']}",
            f"Not signed: the loaded key is {needs['have']}. {carried} "
            "Load a fitting key, or press Generate key.",
        )
    if "keys that can sign" in reason:
        return (
            "Signature is stale: choose the key that signs",
            f"Not signed: {reason}. {carried}",
        )
    if "not a supported algorithm" in reason:
        return (
            "Signature is stale: choose a supported algorithm",
            f"Not signed: {reason}. {carried}",
        )
    return (
        "Signature is stale: add the secret or private key to re-sign",
        f"Not signed: {reason}. {carried} Load the key, or press Generate key.",
    )


_NEEDS = re.compile(r"(?P<alg>\S+) needs (?P<what>[^;]+); the key is (?P<have>.+)")
