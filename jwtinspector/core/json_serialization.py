"""Read a JWS or JWE pasted in JSON serialization (RFC 7515 §7.2, RFC 7516 §7.2).

A JWS in general form has ``payload`` and ``signatures``; in flattened form
``payload`` and ``signature`` (with ``protected`` and ``header`` beside them).
A JWE has ``ciphertext`` (with ``recipients`` in general form). Nothing is
trusted: every member is decoded as far as it goes and every problem is
named with where it is (member, signature index, line and column).

Each JWS signature becomes a :class:`~jwtinspector.core.token.DecodedToken`
whose header is the joint header (protected and unprotected members) and
whose signing input is ``protected.payload``, so the one verifier checks it
unchanged. An unencoded payload (RFC 7797, ``b64: false``) is signed as it is.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from jwtinspector.core.errors import (
    Problem,
    TokenFormatError,
    quote,
)
from jwtinspector.core.json_read import read_json
from jwtinspector.core.limits import DEFAULT_MAX_SIZE
from jwtinspector.core.text import json_kind
from jwtinspector.core.token import (
    DecodedToken,
    check_size,
    decode_parts,
    with_payload,
)

_B64_KINDS = frozenset(
    {
        Problem.BAD_CHARACTER,
        Problem.CUT_SHORT,
        Problem.PADDING,
        Problem.CHANGED_CHARACTER,
    }
)
"""The problems of base64url itself (not of the JSON inside)."""


@dataclasses.dataclass(frozen=True)
class JsonSignature:
    """One signature of a JWS in JSON serialization.

    Attributes:
        index: Its place in ``signatures`` (0 for the flattened form).
        protected: The decoded protected header, or None (absent or broken).
        protected_b64: The ``protected`` member exactly as given ("" if absent).
        header: The unprotected ``header`` member, or None when absent.
        joint_header: Protected and unprotected members together (RFC 7515
            §7.2.1): what the signature is judged by.
        signature: The signature bytes, or None when they did not decode.
        token: The signature as a decoded token: header is the joint header,
            signing input ``protected.payload``; verify it as any token.
        errors: Problems that stop this signature from being checked.
        warnings: Problems worth showing that do not.
    """

    index: int
    protected: dict[str, Any] | None
    protected_b64: str
    header: dict[str, Any] | None
    joint_header: dict[str, Any]
    signature: bytes | None
    token: DecodedToken
    errors: tuple[TokenFormatError, ...]
    warnings: tuple[TokenFormatError, ...]

    @property
    def alg(self) -> str | None:
        """The joint header's ``alg`` when it is a string."""
        alg = self.joint_header.get("alg")
        return alg if isinstance(alg, str) else None

    @property
    def unprotected_alg(self) -> bool:
        """True when ``alg`` is only in the unprotected header (not signed)."""
        return "alg" not in (self.protected or {}) and "alg" in (self.header or {})


@dataclasses.dataclass(frozen=True)
class JsonJws:
    """A JWS in general or flattened JSON serialization.

    Attributes:
        flattened: True for the flattened form (one signature, no array).
        payload_text: The ``payload`` member as given ("" when detached).
        payload_bytes: The payload's bytes (base64url-decoded, or the text
            itself when unencoded), None when it did not decode or is detached.
        payload: The payload as JSON when it is JSON, else None.
        unencoded: True when the protected headers say ``b64: false``.
        detached: True when there is no ``payload`` member (RFC 7515 App. F).
        signatures: Every signature, in order.
        errors: Problems of the whole (missing members, a payload that does
            not decode), then each signature's.
        warnings: Notes that do not stop reading.
    """

    flattened: bool
    payload_text: str
    payload_bytes: bytes | None
    payload: Any
    unencoded: bool
    detached: bool
    signatures: tuple[JsonSignature, ...]
    errors: tuple[TokenFormatError, ...]
    warnings: tuple[TokenFormatError, ...]

    form = "JWS JSON"

    @property
    def ok(self) -> bool:
        """True when everything decoded without an error."""
        return not self.errors

    def with_detached_payload(self, payload: bytes) -> JsonJws:
        """This JWS with its detached payload given (RFC 7515 Appendix F)."""
        signatures = tuple(
            dataclasses.replace(s, token=_joint(with_payload(s.token, payload), s))
            for s in self.signatures
        )
        token = signatures[0].token if signatures else None
        return dataclasses.replace(
            self,
            payload_bytes=payload,
            payload=token.payload if token else None,
            detached=False,
            signatures=signatures,
        )


@dataclasses.dataclass(frozen=True)
class JsonRecipient:
    """One recipient of a JWE in JSON serialization.

    Attributes:
        index: Its place in ``recipients`` (0 for the flattened form).
        header: Its unprotected per-recipient ``header``, or None.
        encrypted_key: Its encrypted key bytes, None when absent or broken.
        encrypted_key_b64: The ``encrypted_key`` member as given ("" if absent).
    """

    index: int
    header: dict[str, Any] | None
    encrypted_key: bytes | None
    encrypted_key_b64: str


@dataclasses.dataclass(frozen=True)
class JsonJwe:
    """The structure of a JWE in JSON serialization, before any decryption.

    Attributes:
        flattened: True for the flattened form.
        protected: The decoded protected header, or None.
        protected_b64: The ``protected`` member as given ("" if absent).
        unprotected: The shared ``unprotected`` header, or None.
        recipients: Each recipient's header and encrypted key.
        iv, ciphertext, tag: The decoded parts (None when absent or broken).
        aad: The decoded ``aad`` (additional authenticated data), or None.
        aad_text: The ``aad`` member as given ("" if absent).
        errors, warnings: As for :class:`JsonJws`.
    """

    flattened: bool
    protected: dict[str, Any] | None
    protected_b64: str
    unprotected: dict[str, Any] | None
    recipients: tuple[JsonRecipient, ...]
    iv: bytes | None
    ciphertext: bytes | None
    tag: bytes | None
    aad: bytes | None
    aad_text: str
    errors: tuple[TokenFormatError, ...]
    warnings: tuple[TokenFormatError, ...]

    form = "JWE JSON"

    @property
    def ok(self) -> bool:
        """True when everything decoded without an error."""
        return not self.errors

    def members(self) -> dict[str, Any]:
        """The JWE as JSON members again (what core.jwe.decrypt reads): the
        protected header and AAD exactly as given, the other parts encoded
        from their bytes (base64url has one encoding of each)."""
        from jwtinspector.core.text import b64url_encode

        value: dict[str, Any] = {}
        if self.protected_b64:
            value["protected"] = self.protected_b64
        if self.unprotected is not None:
            value["unprotected"] = self.unprotected
        recipients = [
            {
                **({"header": r.header} if r.header is not None else {}),
                **(
                    {"encrypted_key": r.encrypted_key_b64}
                    if r.encrypted_key_b64
                    else {}
                ),
            }
            for r in self.recipients
        ]
        if self.flattened:
            value.update(recipients[0] if recipients else {})
        else:
            value["recipients"] = recipients
        for name in ("iv", "ciphertext", "tag"):
            part = getattr(self, name)
            if part is not None:
                value[name] = b64url_encode(part)
        if self.aad_text:
            value["aad"] = self.aad_text
        return value

    def joint_header(self, recipient: JsonRecipient) -> dict[str, Any]:
        """Protected, shared and per-recipient members together (RFC 7516 §7.2.1)."""
        return {
            **(self.protected or {}),
            **(self.unprotected or {}),
            **(recipient.header or {}),
        }


JsonSerialization = JsonJws | JsonJwe


def looks_like_json_serialization(text: str) -> bool:
    """True when ``text`` (whitespace around it aside) is a JSON object: the
    only form a JSON serialization takes. Cheap: nothing is parsed."""
    stripped = text.strip()
    return stripped.startswith("{") and stripped.endswith("}")


def parse_json_serialization(
    text: str, *, max_size: int = DEFAULT_MAX_SIZE
) -> JsonSerialization | None:
    """The JWS or JWE in ``text``, or None when ``text`` is not a JSON object
    with the members of one (then it may be a compact token).

    Raises:
        InputTooLargeError: If the input exceeds ``max_size`` characters.
        TokenFormatError: If the text is an object-like text that is not JSON
            (line and column named), or a JSON object holding both or neither
            form's members while looking like one.
    """
    check_size(text, max_size)
    if not looks_like_json_serialization(text):
        return None
    try:
        read = read_json(text.strip(), "JSON")
    except TokenFormatError as exc:
        if not any(name in text for name in ('"payload"', '"ciphertext"')):
            return None  # some other JSON: let the compact extractor search it
        if exc.offset is None:
            raise  # too deep, or a number that cannot be read
        offset = len(text) - len(text.lstrip()) + exc.offset
        raise TokenFormatError(
            exc.reason, kind=exc.kind, segment="JSON", offset=offset
        ) from None
    value = read.value
    if not isinstance(value, dict):
        return None
    warnings = list(read.warnings)
    if "ciphertext" in value:
        return _Jwe(value, warnings).run()
    if "signatures" in value or "signature" in value:
        return _Jws(value, warnings).run()
    return None


def _error(where: str, reason: str, kind: Problem = Problem.FORMAT) -> TokenFormatError:
    return TokenFormatError(reason, kind=kind, segment=where)


class _Reader:
    """Shared member reading: strings, base64url, header objects."""

    def __init__(self, value: dict[str, Any], warnings: list[TokenFormatError]) -> None:
        self.value = value
        self.errors: list[TokenFormatError] = []
        self.warnings = warnings

    def string(self, holder: dict[str, Any], name: str, where: str) -> str | None:
        if name not in holder:
            return None
        member = holder[name]
        if not isinstance(member, str):
            self.errors.append(
                _error(where, f"must be a base64url string, not {json_kind(member)}")
            )
            return None
        return member

    def b64(
        self, holder: dict[str, Any], name: str, where: str
    ) -> tuple[str, bytes | None]:
        text = self.string(holder, name, where)
        if text is None:
            return "", None
        probe = decode_parts("e30", text, "")
        problems = [
            e for e in probe.errors if e.segment == "payload" and e.kind in _B64_KINDS
        ]
        if problems:
            self.errors.append(_relabel(problems[0], where))
            return text, None
        return text, probe.segments[1].data

    def header(
        self, holder: dict[str, Any], name: str, where: str
    ) -> dict[str, Any] | None:
        if name not in holder:
            return None
        member = holder[name]
        if not isinstance(member, dict):
            self.errors.append(
                _error(
                    where,
                    f"must be a JSON object, not {json_kind(member)}",
                    Problem.NOT_OBJECT,
                )
            )
            return None
        return member

    def protected(
        self, holder: dict[str, Any], where: str
    ) -> tuple[str, dict[str, Any] | None]:
        text = self.string(holder, "protected", where)
        if not text:
            return "", None
        decoded = decode_parts(text, "", "")
        for problem in decoded.errors:
            if problem.segment == "header":
                self.errors.append(_relabel(problem, where))
        for note in decoded.warnings:
            if note.segment == "header":
                self.warnings.append(_relabel(note, where))
        return text, decoded.header


def _relabel(problem: TokenFormatError, where: str) -> TokenFormatError:
    """A part's problem named by its JSON member; offsets in a part are dropped
    (they count in the part, not in the pasted text)."""
    return TokenFormatError(
        problem.reason, kind=problem.kind, segment=where, length=problem.length
    )


def _joint(token: DecodedToken, signature: JsonSignature) -> DecodedToken:
    return dataclasses.replace(token, header=signature.joint_header)


class _Jws(_Reader):
    def run(self) -> JsonJws:
        value = self.value
        flattened = "signatures" not in value
        if flattened:
            entries: list[Any] = [value]
        else:
            raw = value["signatures"]
            if "signature" in value:
                self.errors.append(
                    _error(
                        "signature",
                        'both "signatures" and "signature" are present: '
                        "a JWS is general or flattened, not both (RFC 7515 §7.2)",
                    )
                )
            if not isinstance(raw, list) or not raw:
                self.errors.append(
                    _error(
                        "signatures",
                        "must be a non-empty array of signature objects, "
                        f"not {json_kind(raw)}"
                        if not isinstance(raw, list)
                        else "is empty: there is no signature to check",
                    )
                )
                raw = []
            entries = raw
        detached = "payload" not in value
        payload_text = self.string(value, "payload", "payload") or ""
        if detached:
            self.warnings.append(
                _error(
                    "payload",
                    "there is no payload member: the content is detached "
                    "(RFC 7515 Appendix F); give it to verify the signatures",
                    Problem.DETACHED,
                )
            )
        signatures = []
        for index, entry in enumerate(entries):
            where = "" if flattened else f"signatures[{index}]"
            if not isinstance(entry, dict):
                self.errors.append(
                    _error(
                        where,
                        f"must be a JSON object, not {json_kind(entry)}",
                        Problem.NOT_OBJECT,
                    )
                )
                continue
            signatures.append(self._signature(index, entry, where, payload_text))
        unencoded = self._b64_mode(signatures)
        if unencoded is None:
            unencoded = False
        payload_bytes, payload = self._payload(
            signatures, payload_text, unencoded, detached
        )
        if unencoded or detached:
            signatures = [
                self._with_payload(s, payload_text, unencoded, detached)
                for s in signatures
            ]
        # Problems of the whole (payload, structure) stop every signature.
        own = {id(e) for sig in signatures for e in sig.errors}
        shared = tuple(e for e in self.errors if id(e) not in own)
        signatures = [
            dataclasses.replace(
                sig, token=dataclasses.replace(sig.token, errors=shared + sig.errors)
            )
            for sig in signatures
        ]
        return JsonJws(
            flattened=flattened,
            payload_text=payload_text,
            payload_bytes=payload_bytes,
            payload=payload,
            unencoded=unencoded,
            detached=detached,
            signatures=tuple(signatures),
            errors=tuple(self.errors),
            warnings=tuple(self.warnings),
        )

    def _signature(
        self, index: int, entry: dict[str, Any], where: str, payload: str
    ) -> JsonSignature:
        before = len(self.errors)

        def member(name: str) -> str:  # "signatures[1].header", or "header"
            return f"{where}.{name}" if where else name

        protected_b64, protected = self.protected(entry, member("protected"))
        header = self.header(entry, "header", member("header"))
        signature_b64 = self.string(entry, "signature", member("signature"))
        if signature_b64 is None and "signature" not in entry:
            self.errors.append(
                _error(member("signature"), "the signature member is missing")
            )
        joint = {**(protected or {}), **(header or {})}
        notes: list[TokenFormatError] = []
        clash = sorted(set(protected or {}) & set(header or {}))
        if clash:
            self.errors.append(
                _error(
                    where or "header",
                    f"{', '.join(map(quote, clash))} in both the protected and "
                    "the unprotected header: they must be disjoint (RFC 7515 §7.2.1)",
                )
            )
        if header and "b64" in header:
            self.errors.append(
                _error(
                    member("header"),
                    "b64 must be in the protected header "
                    "(RFC 7797 §3), not the unprotected one",
                )
            )
        if header and "crit" in header:
            self.errors.append(
                _error(
                    member("header"),
                    "crit must be in the protected header "
                    "(RFC 7515 §4.1.11), not the unprotected one",
                )
            )
        if "alg" not in (protected or {}) and "alg" in (header or {}):
            notes.append(
                _error(
                    member("header"),
                    "alg is only in the unprotected header, so the signature "
                    "does not cover it; it is checked with the algorithm your key "
                    "allows, as for any token",
                    Problem.UNPROTECTED,
                )
            )
        body = "" if (protected or {}).get("b64") is False else payload
        token = decode_parts(protected_b64, body, signature_b64 or "")
        for problem in token.errors:
            if problem.segment == "signature":
                self.errors.append(_relabel(problem, member("signature")))
        own = tuple(self.errors[before:])
        self.warnings.extend(notes)
        token = dataclasses.replace(
            token, header=joint, errors=own, warnings=token.warnings + tuple(notes)
        )
        return JsonSignature(
            index=index,
            protected=protected,
            protected_b64=protected_b64,
            header=header,
            joint_header=joint,
            signature=token.signature,
            token=token,
            errors=own,
            warnings=tuple(notes),
        )

    def _b64_mode(self, signatures: list[JsonSignature]) -> bool | None:
        modes = {(s.protected or {}).get("b64", True) is False for s in signatures}
        if len(modes) > 1:
            self.errors.append(
                _error(
                    "signatures",
                    "the signatures disagree on b64: every protected "
                    "header must give the same value (RFC 7797 §3)",
                )
            )
            return None
        return modes.pop() if modes else None

    def _payload(
        self,
        signatures: list[JsonSignature],
        text: str,
        unencoded: bool,
        detached: bool,
    ) -> tuple[bytes | None, Any]:
        if detached:
            return None, None
        if unencoded:
            data = text.encode("utf-8")
            probe = with_payload(decode_parts("e30", "", ""), data)
            return data, probe.payload
        probe = decode_parts("e30", text, "")
        for problem in probe.errors:
            if problem.segment == "payload":
                self.errors.append(_relabel(problem, "payload"))
        for note in probe.warnings:
            if note.segment == "payload":
                self.warnings.append(_relabel(note, "payload"))
        return probe.payload_bytes, probe.payload

    def _with_payload(
        self, signature: JsonSignature, text: str, unencoded: bool, detached: bool
    ) -> JsonSignature:
        if detached:
            token = dataclasses.replace(signature.token, detached=True)
        else:
            token = _joint(
                with_payload(signature.token, text.encode("utf-8")), signature
            )
        return dataclasses.replace(signature, token=token)


class _Jwe(_Reader):
    def run(self) -> JsonJwe:
        value = self.value
        flattened = "recipients" not in value
        protected_b64, protected = self.protected(value, "protected")
        unprotected = self.header(value, "unprotected", "unprotected")
        recipients: list[JsonRecipient] = []
        if flattened:
            entries: list[Any] = [value]
        else:
            raw = value["recipients"]
            if not isinstance(raw, list) or not raw:
                self.errors.append(
                    _error(
                        "recipients", "must be a non-empty array of recipient objects"
                    )
                )
                raw = []
            entries = raw
        for index, entry in enumerate(entries):
            where = "" if flattened else f"recipients[{index}]."
            if not isinstance(entry, dict):
                self.errors.append(
                    _error(
                        where.rstrip("."),
                        f"must be a JSON object, not {json_kind(entry)}",
                        Problem.NOT_OBJECT,
                    )
                )
                continue
            header = self.header(entry, "header", f"{where}header")
            key_b64, key = self.b64(entry, "encrypted_key", f"{where}encrypted_key")
            recipients.append(JsonRecipient(index, header, key, key_b64))
        _, iv = self.b64(value, "iv", "iv")
        _, ciphertext = self.b64(value, "ciphertext", "ciphertext")
        _, tag = self.b64(value, "tag", "tag")
        aad_text, aad = self.b64(value, "aad", "aad")
        for recipient in recipients:
            joint = {
                **(protected or {}),
                **(unprotected or {}),
                **(recipient.header or {}),
            }
            if "alg" not in joint or "enc" not in joint:
                missing = [n for n in ("alg", "enc") if n not in joint]
                where = "recipient" if flattened else f"recipients[{recipient.index}]"
                self.warnings.append(
                    _error(
                        where,
                        f"no {' or '.join(missing)} in any of its headers "
                        "(RFC 7516 §7.2.1): it cannot be decrypted as it stands",
                    )
                )
        self.warnings.append(
            TokenFormatError(
                "this is an encrypted token (JWE) in JSON serialization: its "
                "structure is shown; its content needs the key to decrypt it",
                kind=Problem.ENCRYPTED,
                segment="ciphertext",
            )
        )
        return JsonJwe(
            flattened=flattened,
            protected=protected,
            protected_b64=protected_b64,
            unprotected=unprotected,
            recipients=tuple(recipients),
            iv=iv,
            ciphertext=ciphertext,
            tag=tag,
            aad=aad,
            aad_text=aad_text,
            errors=tuple(self.errors),
            warnings=tuple(self.warnings),
        )
