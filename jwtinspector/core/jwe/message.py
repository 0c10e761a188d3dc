"""A JWE as it was pasted: compact, flattened or general JSON serialization.

Pure Python: parsing only, no cryptography. Every problem is a
TokenFormatError naming the part ("protected header", "recipient 2's
encrypted key"); nothing here decrypts.
"""

from __future__ import annotations

import binascii
import dataclasses
from typing import Any

from jwtinspector.core.errors import InputTooLargeError, Problem, TokenFormatError
from jwtinspector.core.json_read import json_value
from jwtinspector.core.limits import DEFAULT_MAX_SIZE
from jwtinspector.core.text import b64url_decode

COMPACT = "compact"
FLATTENED = "flattened JSON"
GENERAL = "general JSON"


@dataclasses.dataclass(frozen=True)
class JweRecipient:
    """One recipient: its own unprotected header and its encrypted key.

    Attributes:
        header: The per-recipient unprotected header (JSON forms), or None.
        encrypted_key: The JWE Encrypted Key (empty for ``dir``/``ECDH-ES``).
    """

    header: dict[str, Any] | None
    encrypted_key: bytes = dataclasses.field(repr=False)


@dataclasses.dataclass(frozen=True)
class JweMessage:
    """The parts of one JWE, decoded but not decrypted.

    Attributes:
        serialization: COMPACT, FLATTENED or GENERAL.
        protected: The protected header ({} when there is none).
        protected_b64: The protected header exactly as it was encoded (the
            AAD is computed over these characters, not over re-encoded JSON).
        unprotected: The shared unprotected header (JSON forms), or None.
        recipients: One or more recipients.
        iv: The initialization vector.
        ciphertext: The ciphertext.
        tag: The authentication tag.
        aad: The JWE AAD (JSON forms), or None.
        aad_b64: The AAD as it was encoded, or None.
    """

    serialization: str
    protected: dict[str, Any]
    protected_b64: str
    unprotected: dict[str, Any] | None
    recipients: tuple[JweRecipient, ...]
    iv: bytes = dataclasses.field(repr=False)
    ciphertext: bytes = dataclasses.field(repr=False)
    tag: bytes = dataclasses.field(repr=False)
    aad: bytes | None = None
    aad_b64: str | None = None

    def header(self, index: int = 0) -> dict[str, Any]:
        """The JOSE header recipient ``index`` sees: the union of the three."""
        merged: dict[str, Any] = {}
        merged.update(self.unprotected or {})
        merged.update(self.recipients[index].header or {})
        merged.update(self.protected)
        return merged

    @property
    def authenticated_data(self) -> bytes:
        """What the content encryption authenticates (RFC 7516 §5.1 step 14)."""
        data = self.protected_b64.encode("ascii")
        if self.aad_b64 is not None:
            data += b"." + self.aad_b64.encode("ascii")
        return data


def parse_jwe(text: str, *, max_size: int = DEFAULT_MAX_SIZE) -> JweMessage:
    """The JWE in ``text``: a JSON object (flattened or general) or compact.

    Raises:
        InputTooLargeError: Over ``max_size`` characters.
        TokenFormatError: When it is not a well-formed JWE; the message names
            the part.
    """
    if len(text) > max_size:
        raise InputTooLargeError(
            f"the input is {len(text):,} characters, over the {max_size:,} limit",
            kind=Problem.TOO_LARGE,
        )
    stripped = text.strip()
    if not stripped:
        raise TokenFormatError("the input is empty: paste a JWE", kind=Problem.EMPTY)
    if stripped.startswith("{"):
        return _parse_json(stripped)
    return _parse_compact(text)


def _parse_compact(text: str) -> JweMessage:
    from jwtinspector.core.token import inspect_token

    decoded = inspect_token(text)
    if decoded.form == "JWS":
        raise TokenFormatError(
            "this is a signed token (JWS), not an encrypted one (JWE): "
            "decode or verify it instead",
            kind=Problem.FORMAT,
        )
    if decoded.errors:
        raise decoded.errors[0]
    if decoded.form != "JWE":
        parts = decoded.token.count(".") + 1
        raise TokenFormatError(
            f"this is not an encrypted token: it has {parts} parts, a JWE has five",
            kind=Problem.FORMAT,
        )
    data = {segment.name: segment.data or b"" for segment in decoded.segments}
    header = decoded.header if isinstance(decoded.header, dict) else {}
    return JweMessage(
        serialization=COMPACT,
        protected=header,
        protected_b64=decoded.segments[0].text,
        unprotected=None,
        recipients=(JweRecipient(None, data["encrypted_key"]),),
        iv=data["iv"],
        ciphertext=data["ciphertext"],
        tag=data["tag"],
    )


def _parse_json(text: str) -> JweMessage:
    obj = json_value(text, "JSON")
    if not isinstance(obj, dict):
        raise TokenFormatError("it is not a JSON object", kind=Problem.NOT_OBJECT)
    if "ciphertext" not in obj:
        what = "a signed token (JWS)" if "payload" in obj else "not a JWE"
        raise TokenFormatError(
            f"this JSON has no ciphertext member: it is {what}", kind=Problem.FORMAT
        )
    protected_b64 = _string(obj, "protected", "protected header", required=False)
    protected = _header_from_b64(protected_b64) if protected_b64 else {}
    unprotected = _object(obj, "unprotected", "shared unprotected header")
    if "recipients" in obj:
        serialization = GENERAL
        entries = obj["recipients"]
        if not isinstance(entries, list) or not entries:
            raise _bad("recipients", "must be a non-empty list of objects")
        recipients = tuple(
            _recipient(entry, f"recipient {number}")
            for number, entry in enumerate(entries, 1)
        )
    else:
        serialization = FLATTENED
        recipients = (_recipient(obj, "recipient"),)
    aad_b64 = _string(obj, "aad", "AAD", required=False)
    message = JweMessage(
        serialization=serialization,
        protected=protected,
        protected_b64=protected_b64 or "",
        unprotected=unprotected,
        recipients=recipients,
        iv=_bytes(obj, "iv", "IV"),
        ciphertext=_bytes(obj, "ciphertext", "ciphertext", required=True),
        tag=_bytes(obj, "tag", "tag"),
        aad=_decode(aad_b64, "AAD") if aad_b64 is not None else None,
        aad_b64=aad_b64,
    )
    for index in range(len(recipients)):
        _check_disjoint(message, index)
    return message


def _recipient(entry: Any, name: str) -> JweRecipient:
    if not isinstance(entry, dict):
        raise _bad(name, "must be a JSON object")
    header = _object(entry, "header", f"{name}'s header")
    return JweRecipient(header, _bytes(entry, "encrypted_key", f"{name}'s key"))


def _check_disjoint(message: JweMessage, index: int) -> None:
    """RFC 7516 §7.2.1: the three headers must not share a member name."""
    parts = (
        ("protected header", message.protected),
        ("shared unprotected header", message.unprotected or {}),
        ("recipient header", message.recipients[index].header or {}),
    )
    for first in range(3):
        for second in range(first + 1, 3):
            common = set(parts[first][1]) & set(parts[second][1])
            if common:
                raise TokenFormatError(
                    f"{sorted(common)[0]!r} is in both the {parts[first][0]} and "
                    f"the {parts[second][0]}; RFC 7516 §7.2.1 requires them to "
                    "be disjoint",
                    kind=Problem.DUPLICATE,
                    segment="header",
                )


def _header_from_b64(text: str) -> dict[str, Any]:
    raw = _decode(text, "protected header")
    value = json_value(raw, "header")
    if not isinstance(value, dict):
        raise TokenFormatError(
            "not a JSON object", kind=Problem.NOT_OBJECT, segment="header"
        )
    return value


def _string(obj: dict[str, Any], member: str, name: str, *, required: bool) -> Any:
    value = obj.get(member)
    if value is None:
        if required:
            raise _bad(name, f'the member "{member}" is missing')
        return None
    if not isinstance(value, str):
        raise _bad(name, f'"{member}" must be a base64url string')
    return value


def _object(obj: dict[str, Any], member: str, name: str) -> dict[str, Any] | None:
    value = obj.get(member)
    if value is not None and not isinstance(value, dict):
        raise _bad(name, "must be a JSON object")
    return value


def _bytes(
    obj: dict[str, Any], member: str, name: str, required: bool = False
) -> bytes:
    text = _string(obj, member, name, required=required)
    return _decode(text, name) if text else b""


def _decode(text: str, name: str) -> bytes:
    try:
        if any(c in text for c in "+/= \n"):
            raise ValueError("only base64url characters (A-Z a-z 0-9 - _) may appear")
        return b64url_decode(text)
    except (ValueError, binascii.Error) as exc:
        raise TokenFormatError(
            f"not base64url: {exc}", kind=Problem.CUT_SHORT, segment=name
        ) from None


def _bad(name: str, reason: str) -> TokenFormatError:
    return TokenFormatError(reason, kind=Problem.FORMAT, segment=name)
