"""Rebuild a token after its header, payload or algorithm was edited.

Every edit re-signs when the key can sign for the algorithm. When it cannot,
the token is rebuilt with its old signature and the result says why, so the
window never shows a token as signed when it is not.
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from jwtinspector.core.errors import InspectorError

if TYPE_CHECKING:
    from jwtinspector.core.keys import KeyMaterial, KeySet
    from jwtinspector.core.token import DecodedToken


class JsonEditError(InspectorError):
    """Raised when edited JSON cannot be used; names the line and column."""

    def __init__(self, part: str, reason: str, line: int = 0, column: int = 0) -> None:
        self.part, self.reason, self.line, self.column = part, reason, line, column
        where = f" at line {line}, column {column}" if line else ""
        super().__init__(f"{part}: {reason}{where}")


@dataclasses.dataclass(frozen=True)
class Rebuilt:
    """A rebuilt token.

    Attributes:
        text: The compact token.
        signed: True when it was signed with the current key.
        reason: Why it was not signed ("" when signed).
    """

    text: str
    signed: bool
    reason: str


def parse_object(text: str, part: str) -> dict[str, Any]:
    """Parse an edited header or payload; key order is kept.

    Raises:
        JsonEditError: With line, column and reason when it is not a JSON object.
    """
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonEditError(part, exc.msg, exc.lineno, exc.colno) from None
    except RecursionError:
        raise JsonEditError(part, "nested too deeply") from None
    if not isinstance(value, dict):
        raise JsonEditError(part, f"the {part} must be a JSON object")
    return value


def parse_value(text: str) -> Any:
    """A value typed into the claims table: JSON if it parses, else a string."""
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return text


def rebuild(
    header: dict[str, Any],
    payload: dict[str, Any],
    key: KeyMaterial | KeySet | None,
    *,
    old: DecodedToken | None = None,
    header_json: bytes | None = None,
    payload_json: bytes | None = None,
) -> Rebuilt:
    """Sign header and payload, or keep the old signature and say why.

    ``header_json``/``payload_json`` give the exact bytes to encode (to keep
    the user's own formatting); by default the JSON is written compactly.
    """
    from jwtinspector.core.errors import SigningError
    from jwtinspector.core.keys import KeyMaterial
    from jwtinspector.core.sign import b64url, compact_json, signature_for

    alg = header.get("alg")
    head = b64url(header_json if header_json is not None else compact_json(header))
    body = b64url(payload_json if payload_json is not None else compact_json(payload))
    signing_input = f"{head}.{body}"
    reason = ""
    if not isinstance(alg, str) or not alg:
        reason = "the header has no alg"
    elif alg.strip().lower() == "none":
        return Rebuilt(f"{signing_input}.", False, "alg none: the token is unsigned")
    elif not isinstance(key, KeyMaterial):
        reason = "no key" if key is None else "a key set cannot sign"
    else:
        try:
            signature = signature_for(signing_input, key, alg)
            return Rebuilt(f"{signing_input}.{b64url(signature)}", True, "")
        except SigningError as exc:
            reason = str(exc)
    old_signature = old.segment("signature") if old is not None else None
    tail = old_signature.text if old_signature is not None else ""
    return Rebuilt(f"{signing_input}.{tail}", False, reason)
