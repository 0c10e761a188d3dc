"""Read an SD-JWT (RFC 9901): the issuer-signed JWT, its disclosures and the
Key Binding JWT, and the payload a verifier sees after disclosure.

Nothing here is trusted: every part is decoded as far as it goes, and each
problem (a disclosure that matches no digest, a digest given twice, a claim
name that may not be disclosed) is kept with the disclosure and the input
offset it concerns. The issuer's signature and the Key Binding JWT are
checked elsewhere (:mod:`jwtinspector.core.sdjwt.keybinding`,
:func:`jwtinspector.core.pipeline.verdict`).
"""

from __future__ import annotations

import binascii
import dataclasses
import hashlib
from typing import Any

from jwtinspector.core.algorithms import SD_DEFAULT_HASH, SdHash, sd_hash
from jwtinspector.core.errors import Problem, TokenFormatError
from jwtinspector.core.extract import Extraction, find_token, sd_jwt_parts
from jwtinspector.core.json_read import json_value
from jwtinspector.core.limits import DEFAULT_MAX_SIZE
from jwtinspector.core.sdjwt.glued import own_part
from jwtinspector.core.text import (
    b64url_decode,
    b64url_encode,
    json_snippet,
    json_text,
)
from jwtinspector.core.token import DecodedToken, check_size, decode_extraction

SD = "_sd"
SD_ALG = "_sd_alg"
ARRAY_DIGEST = "..."
RESERVED_NAMES = (SD, ARRAY_DIGEST)
"""Claim names a disclosure may not carry (RFC 9901 §4.2.1)."""
MIN_SALT_BITS = 128
"""RFC 9901 §9.3: salts of at least 128 bits, from a secure random source."""
MAX_DISCLOSURES = 1000
"""Disclosures read at most: real SD-JWTs have tens; hostile input stays cheap."""
_MAX_DEPTH = 64
"""Nesting followed while processing: deeper structures are reported."""


class ProblemKind:
    """What a :class:`SdProblem` is about (plain strings, stable for --json)."""

    MALFORMED = "malformed_disclosure"
    UNMATCHED = "unmatched_disclosure"
    DUPLICATE_DIGEST = "duplicate_digest"
    DUPLICATE_DISCLOSURE = "duplicate_disclosure"
    NAME_EXISTS = "claim_exists"
    RESERVED_NAME = "reserved_name"
    WRONG_KIND = "wrong_disclosure_kind"
    BAD_SD = "malformed_sd"
    HASH_UNKNOWN = "unknown_sd_alg"
    SD_ALG_NESTED = "sd_alg_not_top_level"
    TOO_DEEP = "too_deep"
    KB_MALFORMED = "malformed_kb_jwt"
    TOO_MANY = "too_many_disclosures"


@dataclasses.dataclass(frozen=True)
class SdProblem:
    """One problem of the SD-JWT's structure.

    Attributes:
        kind: A :class:`ProblemKind` value.
        message: One sentence for the user.
        disclosure: Index of the disclosure it concerns (0-based), or None.
        start: Offset in the input it points at, or None.
    """

    kind: str
    message: str
    disclosure: int | None = None
    start: int | None = None


@dataclasses.dataclass(frozen=True)
class Disclosure:
    """One disclosure as presented, decoded, with its digest recomputed.

    Attributes:
        index: Its place among the disclosures (0-based).
        text: The base64url text exactly as presented.
        start: Offset of its first character in the input.
        end: Offset just past its last character in the input.
        salt: The salt, or None when the disclosure did not decode.
        name: The claim name; None for an array element (or undecoded).
        value: The disclosed value (any JSON value; None when undecoded).
        is_array_element: True for a two-element ``[salt, value]`` disclosure.
        digest: Its digest with the SD-JWT's ``_sd_alg``, base64url ("" when
            the hash is unknown).
        matched: Where its digest is in the payload: ``$._sd`` or
            ``$.address._sd`` for a claim, ``$.nationalities[0]`` for an
            array element; None when it matches nothing.
        error: Why it did not decode ("" when it did).
    """

    index: int
    text: str
    start: int
    end: int
    salt: str | None
    name: str | None
    value: Any
    is_array_element: bool
    digest: str
    matched: str | None
    error: str = ""

    @property
    def ok(self) -> bool:
        """True when it decoded to a well-formed disclosure."""
        return not self.error

    @property
    def salt_bits(self) -> int | None:
        """Bits of entropy the salt can hold at most (its decoded length, or its
        text length when it is not base64url); None when there is no salt."""
        if self.salt is None:
            return None
        try:
            return len(b64url_decode(self.salt)) * 8
        except (ValueError, binascii.Error):
            return len(self.salt.encode("utf-8")) * 8


@dataclasses.dataclass(frozen=True)
class SdJwt:
    """An SD-JWT (or SD-JWT+KB) as presented; nothing here is verified.

    Attributes:
        text: The SD-JWT found in the input (noise removed).
        start: Offset of the SD-JWT in the input.
        end: Offset just past it in the input.
        issuer: The issuer-signed JWT, decoded.
        disclosures: Every disclosure, in the order presented.
        key_binding: The Key Binding JWT, decoded; None when the SD-JWT ends
            with ``~`` (no key binding).
        hash_name: The ``_sd_alg`` in force ("sha-256" when absent), as given.
        hash: The hash it names; None when unknown (digests not recomputed).
        payload: The payload as a verifier sees it after disclosure (RFC 9901
            §7.1): disclosed claims in, digests, ``_sd`` and ``_sd_alg`` out.
            None when the issuer's payload is not a JSON object.
        undisclosed: (path, count) of the digests no disclosure matched, per
            object (``$.address``) or array (``$.nationalities``); decoys count.
        problems: Every structural problem, in the order found.
        form: "compact", or "json" for the JWS JSON Serialization (RFC 9901
            §8): then ``text`` is the compact equivalent the ``sd_hash`` covers,
            the disclosures' offsets point into the input, and the issuer's
            and KB-JWT's spans are those of the compact equivalent.
        jws: For the JSON form, the JWS in JSON serialization it was read
            from (core.json_serialization.JsonJws): a general serialization
            may carry further issuer signatures, each of which is checked
            (:func:`jwtinspector.core.sdjwt.keybinding.issuer_signatures`).
    """

    text: str
    start: int
    end: int
    issuer: DecodedToken
    disclosures: tuple[Disclosure, ...]
    key_binding: DecodedToken | None
    hash_name: str
    hash: SdHash | None
    payload: dict[str, Any] | None
    undisclosed: tuple[tuple[str, int], ...]
    problems: tuple[SdProblem, ...]
    form: str = "compact"
    jws: Any = None

    @property
    def undisclosed_count(self) -> int:
        """Digests no presented disclosure matched (decoys included)."""
        return sum(count for _, count in self.undisclosed)

    @property
    def presented(self) -> str:
        """The issuer JWT and disclosures, each followed by ``~``: what a KB-JWT's
        ``sd_hash`` covers (RFC 9901 §4.3.1)."""
        return "".join(f"{part}~" for part in self._parts)

    @property
    def _parts(self) -> tuple[str, ...]:
        return (self.issuer.token, *(d.text for d in self.disclosures))

    @property
    def typ(self) -> str | None:
        """The issuer JWT's ``typ`` (``dc+sd-jwt``, ``vc+sd-jwt``, …)."""
        typ = (self.issuer.header or {}).get("typ")
        return typ if isinstance(typ, str) else None

    @property
    def holder_jwk(self) -> dict[str, Any] | None:
        """The holder's public key, ``cnf.jwk`` of the issuer's payload."""
        cnf = (self.issuer.claims or {}).get("cnf")
        jwk = cnf.get("jwk") if isinstance(cnf, dict) else None
        return jwk if isinstance(jwk, dict) else None

    @property
    def has_cnf(self) -> bool:
        """Whether the issuer bound this SD-JWT to a holder key (``cnf``)."""
        return "cnf" in (self.issuer.claims or {})

    @property
    def ok(self) -> bool:
        """True when every part decoded and no structural problem was found."""
        kb_ok = self.key_binding is None or self.key_binding.ok
        return self.issuer.ok and kb_ok and not self.problems


def digest_of(text: str, hash_: SdHash) -> str:
    """The base64url digest of a disclosure's (or presentation's) ASCII text."""
    data = hashlib.new(hash_.hashlib_name, text.encode("ascii", "replace")).digest()
    return b64url_encode(data[: hash_.bits // 8])


def is_sd_jwt(text: str) -> bool:
    """True when the text holds an SD-JWT: a JWS followed by ``~``."""
    parts = sd_jwt_parts(find_token(text))
    return len(parts) >= 2 and parts[0].token.count(".") == 2


def parse_sd_jwt(text: str, *, max_size: int = DEFAULT_MAX_SIZE) -> SdJwt | None:
    """Read the SD-JWT in pasted text; None when the text holds none (no ``~``
    after a JWS).

    Raises:
        InputTooLargeError: If the input exceeds ``max_size`` characters.
        TokenFormatError: If the input is empty.
    """
    check_size(text, max_size)
    found = own_part(find_token(text))  # another token may follow whitespace
    if not found.token:
        raise TokenFormatError("the input is empty: paste a token", kind=Problem.EMPTY)
    parts = sd_jwt_parts(found, limit=MAX_DISCLOSURES + 1)
    if len(parts) < 2 or parts[0].token.count(".") != 2:
        return None
    reader = _Reader(found, parts)
    skipped = found.token.count("~") + 1 - len(parts)
    if skipped > 0:
        reader.problems.append(
            SdProblem(
                ProblemKind.TOO_MANY,
                f"The SD-JWT has {MAX_DISCLOSURES + skipped:,} disclosures: only "
                f"the first {MAX_DISCLOSURES:,} are read, and it is not verified.",
            )
        )
    return reader.run()


class _Reader:
    """Decodes the parts, then processes the payload (RFC 9901 §7.1)."""

    def __init__(self, found: Extraction, parts: tuple[Extraction, ...]) -> None:
        self.found = found
        self.parts = parts
        self.problems: list[SdProblem] = []
        self.undisclosed: dict[str, int] = {}
        self.seen_digests: set[str] = set()

    def run(self) -> SdJwt:
        issuer = decode_extraction(self.parts[0])
        last = self.parts[-1]
        key_binding = None
        if last.token:
            key_binding = decode_extraction(last)
            if key_binding.form != "JWS":
                self._problem(
                    ProblemKind.KB_MALFORMED,
                    "The part after the last ~ is not a Key Binding JWT (a signed "
                    "JWT with three parts); an SD-JWT without key binding ends "
                    "with ~.",
                    start=last.start,
                )
        claims = issuer.claims or {}
        hash_name = claims.get(SD_ALG, SD_DEFAULT_HASH)
        hash_ = sd_hash(hash_name)
        if hash_ is None:
            self._problem(
                ProblemKind.HASH_UNKNOWN,
                f"_sd_alg {json_snippet(hash_name, 60)} is not a hash this "
                "inspector knows: the digests cannot be recomputed.",
            )
        disclosures = [
            self._disclosure(i, part, hash_) for i, part in enumerate(self.parts[1:-1])
        ]
        repeated = self._duplicates(disclosures)
        self.by_digest: dict[str, Disclosure] = {}
        for d in disclosures:  # a repeated disclosure: the first one counts
            if d.ok and d.digest:
                self.by_digest.setdefault(d.digest, d)
        self.matched: dict[int, str] = {}
        payload = None
        if issuer.claims is not None and hash_ is not None:
            payload = self._object(issuer.claims, "$", 0)
        elif issuer.claims is not None:
            payload = {k: v for k, v in issuer.claims.items() if k != SD_ALG}
        final = tuple(
            dataclasses.replace(d, matched=self.matched.get(d.index))
            for d in disclosures
        )
        if hash_ is not None and issuer.claims is not None:
            for d in final:
                if d.ok and d.matched is None and d.index not in repeated:
                    self._problem(
                        ProblemKind.UNMATCHED,
                        f"Disclosure {d.index + 1} ({_label(d)}) matches no digest "
                        "in the issuer-signed payload: it was not issued with this "
                        "SD-JWT, or was changed.",
                        disclosure=d.index,
                        start=d.start,
                    )
        return SdJwt(
            text=self.found.token,
            start=self.found.start,
            end=self.found.end,
            issuer=issuer,
            disclosures=final,
            key_binding=key_binding,
            hash_name=hash_name if isinstance(hash_name, str) else str(hash_name),
            hash=hash_,
            payload=payload,
            undisclosed=tuple(self.undisclosed.items()),
            problems=tuple(self.problems),
        )

    def _problem(
        self,
        kind: str,
        message: str,
        *,
        disclosure: int | None = None,
        start: int | None = None,
    ) -> None:
        self.problems.append(SdProblem(kind, message, disclosure, start))

    def _disclosure(
        self, index: int, part: Extraction, hash_: SdHash | None
    ) -> Disclosure:
        text = part.token
        digest = digest_of(text, hash_) if hash_ is not None and text else ""
        base = Disclosure(
            index, text, part.start, part.end, None, None, None, False, digest, None
        )
        error, kind = "", ProblemKind.MALFORMED
        try:
            value = json_value(b64url_decode(text), f"disclosure {index + 1}")
        except (ValueError, binascii.Error):
            value, error = None, "it is not base64url-encoded JSON"
        except TokenFormatError as exc:  # too deep to read: refused with its depth
            value, error = None, exc.reason
            if exc.kind is Problem.TOO_DEEP:
                kind = ProblemKind.TOO_DEEP
        if not error:
            error = _shape_error(value)
        if error:
            where = "empty" if not text else error
            self._problem(
                kind,
                f"Disclosure {index + 1} cannot be read: {where}.",
                disclosure=index,
                start=part.start,
            )
            return dataclasses.replace(base, error=where)
        if len(value) == 3:
            return dataclasses.replace(
                base, salt=value[0], name=value[1], value=value[2]
            )
        return dataclasses.replace(
            base, salt=value[0], value=value[1], is_array_element=True
        )

    def _duplicates(self, disclosures: list[Disclosure]) -> set[int]:
        """Report each repeated disclosure; the indexes of the repeats."""
        first: dict[str, int] = {}
        repeats: set[int] = set()
        for d in disclosures:
            if not d.text:
                continue
            if d.text in first:
                self._problem(
                    ProblemKind.DUPLICATE_DISCLOSURE,
                    f"Disclosure {d.index + 1} repeats disclosure "
                    f"{first[d.text] + 1}: a disclosure is presented once.",
                    disclosure=d.index,
                    start=d.start,
                )
                repeats.add(d.index)
            else:
                first[d.text] = d.index
        return repeats

    def _digest_seen(self, digest: str, path: str) -> bool:
        if digest in self.seen_digests:
            self._problem(
                ProblemKind.DUPLICATE_DIGEST,
                f"The digest {json_snippet(digest, 60)} appears more than once "
                f"(again at {path}): RFC 9901 §7.1 rejects such an SD-JWT.",
            )
            return True
        self.seen_digests.add(digest)
        return False

    def _deep(self, path: str, depth: int) -> bool:
        if depth <= _MAX_DEPTH:
            return False
        self._problem(
            ProblemKind.TOO_DEEP, f"{path} is nested too deeply to be processed."
        )
        return True

    def _object(self, obj: dict[str, Any], path: str, depth: int) -> dict[str, Any]:
        if self._deep(path, depth):
            return obj
        # Nothing is changed in place: the result is built anew.
        digests = obj.get(SD, [])
        if SD_ALG in obj and depth > 0:
            self._problem(
                ProblemKind.SD_ALG_NESTED,
                f"_sd_alg at {path} is not at the top level, where it alone counts.",
            )
        skip = (SD, SD_ALG) if depth == 0 else (SD,)
        result = {
            name: self._value(value, _member(path, name), depth + 1)
            for name, value in obj.items()
            if name not in skip
        }
        if not isinstance(digests, list):
            self._problem(ProblemKind.BAD_SD, f"{path}._sd is not an array of digests.")
            return result
        for digest in digests:
            if not isinstance(digest, str):
                self._problem(
                    ProblemKind.BAD_SD,
                    f"{path}._sd holds {json_snippet(digest, 40)}, not a digest.",
                )
                continue
            if self._digest_seen(digest, f"{path}._sd"):
                continue
            found = self.by_digest.get(digest)
            if found is None:
                self.undisclosed[path] = self.undisclosed.get(path, 0) + 1
                continue
            self._disclose_claim(found, result, path, depth)
        return result

    def _disclose_claim(
        self, found: Disclosure, result: dict[str, Any], path: str, depth: int
    ) -> None:
        self.matched[found.index] = f"{path}._sd"
        if found.is_array_element:
            self._problem(
                ProblemKind.WRONG_KIND,
                f"Disclosure {found.index + 1} is an array element, but its digest "
                f"is in {path}._sd, where only claims are disclosed.",
                disclosure=found.index,
                start=found.start,
            )
            return
        name = found.name or ""
        if name in RESERVED_NAMES:
            self._problem(
                ProblemKind.RESERVED_NAME,
                f"Disclosure {found.index + 1} names the claim {json_snippet(name)}, "
                "which no disclosure may carry (RFC 9901 §4.2.1).",
                disclosure=found.index,
                start=found.start,
            )
            return
        if name in result:
            self._problem(
                ProblemKind.NAME_EXISTS,
                f"Disclosure {found.index + 1} discloses {_member(path, name)}, "
                "which the payload already has: RFC 9901 §7.1 rejects such an "
                "SD-JWT.",
                disclosure=found.index,
                start=found.start,
            )
            return
        result[name] = self._value(found.value, _member(path, name), depth + 1)

    def _array(self, items: list[Any], path: str, depth: int) -> list[Any]:
        if self._deep(path, depth):
            return items
        result: list[Any] = []
        for position, item in enumerate(items):
            where = f"{path}[{position}]"
            if not (isinstance(item, dict) and list(item) == [ARRAY_DIGEST]):
                result.append(self._value(item, where, depth + 1))
                continue
            digest = item[ARRAY_DIGEST]
            if not isinstance(digest, str):
                self._problem(
                    ProblemKind.BAD_SD, f"{where} holds a '...' that is not a digest."
                )
                continue
            if self._digest_seen(digest, where):
                continue
            found = self.by_digest.get(digest)
            if found is None:
                self.undisclosed[path] = self.undisclosed.get(path, 0) + 1
                continue
            self.matched[found.index] = where
            if not found.is_array_element:
                self._problem(
                    ProblemKind.WRONG_KIND,
                    f"Disclosure {found.index + 1} discloses a claim, but its "
                    f"digest stands for the array element {where}.",
                    disclosure=found.index,
                    start=found.start,
                )
                continue
            result.append(self._value(found.value, where, depth + 1))
        return result

    def _value(self, value: Any, path: str, depth: int) -> Any:
        if isinstance(value, dict):
            return self._object(value, path, depth)
        if isinstance(value, list):
            return self._array(value, path, depth)
        return value


def _member(path: str, name: str) -> str:
    """``path.name``, the name's control characters escaped (paths reach
    titles and terminals)."""
    return f"{path}.{json_text(name)[1:-1]}"


def _shape_error(value: Any) -> str:
    """Why a decoded disclosure is not [salt, name, value] or [salt, value]."""
    if not isinstance(value, list) or len(value) not in (2, 3):
        return "it is not a JSON array of two or three elements"
    if not isinstance(value[0], str):
        return "its salt is not a string"
    if len(value) == 3 and not isinstance(value[1], str):
        return "its claim name is not a string"
    return ""


def _label(d: Disclosure) -> str:
    if d.is_array_element:
        return f"array element {json_snippet(d.value, 40)}"
    return json_snippet(d.name, 40)
