"""Re-sign a JWS in JSON serialization after its payload was edited.

Each signature keeps its protected and unprotected headers; each one the key
can sign (a key, or a key set's key for that signature's alg and kid) is
signed again over the new payload, and each other one keeps its old signature,
with the reason it was not re-signed. Pure Python, no Qt.
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from jwtinspector.core.errors import SigningError

if TYPE_CHECKING:
    from jwtinspector.core.json_serialization import JsonJws
    from jwtinspector.core.keys import KeyMaterial, KeySet


@dataclasses.dataclass(frozen=True)
class ResignedJson:
    """A JWS in JSON serialization with a new payload.

    Attributes:
        text: The JSON (pretty-printed, members in the RFC's order).
        unsigned: (index, reason) for each signature that kept its old one.
    """

    text: str
    unsigned: tuple[tuple[int, str], ...]

    @property
    def reason(self) -> str:
        """Why some signatures are stale, in one sentence ("" = none is)."""
        if not self.unsigned:
            return ""
        return "; ".join(f"signature #{i + 1}: {why}" for i, why in self.unsigned)


def resign_payload(
    jws: JsonJws, payload: bytes, key: KeyMaterial | KeySet | None
) -> ResignedJson:
    """``jws`` with ``payload`` in it, each signature re-signed where ``key``
    can sign it. Members other than the JWS's own are not kept.

    Raises:
        SigningError: If the payload is unencoded (b64: false) and not UTF-8
            text, or the JWS has no signature.
    """
    from jwtinspector.core.craft import signing_key, unsigned_reason
    from jwtinspector.core.sign import signature_for
    from jwtinspector.core.text import b64url_encode

    if not jws.signatures:
        raise SigningError("there is no signature to sign again")
    if jws.unencoded:
        try:
            body = payload.decode("utf-8")
        except UnicodeDecodeError:
            raise SigningError(
                "an unencoded (b64: false) payload must be UTF-8 text to stand "
                "in a JSON string"
            ) from None
        signed_body = payload
    else:
        body = b64url_encode(payload)
        signed_body = body.encode("ascii")
    entries: list[dict[str, Any]] = []
    unsigned: list[tuple[int, str]] = []
    for signature in jws.signatures:
        joint = signature.joint_header
        alg, kid = joint.get("alg"), joint.get("kid")
        old = b64url_encode(signature.signature or b"")
        reason = unsigned_reason(alg, key, kid)
        signer = signing_key(key, alg, kid) if not reason else None
        value = old
        if signer is not None and isinstance(alg, str):
            signing_input = signature.protected_b64.encode("ascii") + b"." + signed_body
            try:
                value = b64url_encode(signature_for(signing_input, signer, alg))
            except SigningError as exc:
                reason = str(exc)
        if reason:
            unsigned.append((signature.index, reason))
        entry: dict[str, Any] = {}
        if signature.protected_b64:
            entry["protected"] = signature.protected_b64
        if signature.header is not None:
            entry["header"] = signature.header
        entry["signature"] = value
        entries.append(entry)
    whole: dict[str, Any] = {"payload": body}
    if jws.flattened:
        whole.update(entries[0])
    else:
        whole["signatures"] = entries
    text = json.dumps(whole, indent=2, ensure_ascii=False)
    return ResignedJson(text, tuple(unsigned))
