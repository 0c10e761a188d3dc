"""Split and decode compact JWS/JWE tokens without trusting them.

The decoder is our own rather than PyJWT's unverified decode: an inspector must
show headers PyJWT rejects, keep the exact segments and their character spans,
report every problem with its segment and offset, and decode as much as it can.
"""

from __future__ import annotations

import binascii
import dataclasses
import json
import re
from typing import Any

from jwtinspector.core.errors import (
    InputTooLargeError,
    Problem,
    TokenFormatError,
)
from jwtinspector.core.extract import Extraction, find_token, glued_starts
from jwtinspector.core.json_read import JsonNumberError, parse_json
from jwtinspector.core.json_scan import (
    duplicate_warning,
    infinite_warning,
)
from jwtinspector.core.limits import DEFAULT_MAX_SIZE as DEFAULT_MAX_SIZE
from jwtinspector.core.text import (
    B64URL_ALPHABET,
    b64url_encode,
    json_error_text,
    json_type,
)

JWS_PARTS = ("header", "payload", "signature")
JWE_PARTS = ("header", "encrypted_key", "iv", "ciphertext", "tag")
_NOT_B64URL = re.compile(r"[^A-Za-z0-9_\-]")
_MAX_SEGMENTS = 6
"""Segments kept for a malformed token: enough to show, bounded for hostile input."""


@dataclasses.dataclass(frozen=True)
class Segment:
    """One dot-separated part of the token.

    Attributes:
        name: "header", "payload", "signature" (or a JWE part name).
        text: The base64url text exactly as in the token.
        start: Offset of its first character in the user's input.
        end: Offset just past its last character in the user's input.
        data: The decoded bytes, or None when the text is not valid base64url.
    """

    name: str
    text: str
    start: int
    end: int
    data: bytes | None


@dataclasses.dataclass(frozen=True)
class DecodedToken:
    """Everything that could be decoded from the input; nothing here is trusted.

    Attributes:
        token: The compact token found in the input (noise removed).
        start: Offset of the token in the input.
        end: Offset just past the token in the input.
        form: "JWS", "JWE" or "malformed" (wrong number of segments).
        segments: The parts, with spans in the input.
        header: The JOSE header (key order kept) or None if it did not decode.
        payload: The payload as JSON (any JSON value) or None.
        payload_bytes: The decoded payload bytes (JWS only), JSON or not.
        signature: The signature bytes, or None if absent or not decodable.
        errors: Problems that stop a part from being read, in input order.
        warnings: Problems worth showing that do not stop decoding
            (duplicate member names, '=' padding, a payload that is not JSON).
        duplicates: (segment, member name) for every repeated JSON member.
        signed_input: The bytes the signature covers when they are not the
            token's own ``header.payload`` text: an unencoded payload
            (RFC 7797), a payload given apart from a detached token, or one
            signature of a JSON serialization. None: taken from ``token``.
        detached: True when the payload is not in the token (an empty payload
            segment, RFC 7515 Appendix F) and was not given either.
        repairs: What the extractor changed in the token itself (see
            ``Extraction.repairs``); a server would refuse it as given.
    """

    token: str
    start: int
    end: int
    form: str
    segments: tuple[Segment, ...]
    header: dict[str, Any] | None
    payload: Any
    payload_bytes: bytes | None
    signature: bytes | None
    errors: tuple[TokenFormatError, ...]
    warnings: tuple[TokenFormatError, ...]
    duplicates: tuple[tuple[str, str], ...]
    signed_input: bytes | None = None
    detached: bool = False
    repairs: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every part decoded without an error."""
        return not self.errors

    @property
    def alg(self) -> str | None:
        """The header's ``alg`` when it is a string."""
        alg = (self.header or {}).get("alg")
        return alg if isinstance(alg, str) else None

    @property
    def is_encrypted(self) -> bool:
        """True for a five-part JWE, whose content cannot be shown."""
        return self.form == "JWE"

    @property
    def unencoded(self) -> bool:
        """True when the header says ``b64: false`` (RFC 7797): the payload is
        in the token as it is, not in base64url."""
        return (self.header or {}).get("b64") is False

    @property
    def claims(self) -> dict[str, Any] | None:
        """The payload when it is a JSON object (a JWT claims set)."""
        return self.payload if isinstance(self.payload, dict) else None

    @property
    def signing_input(self) -> bytes:
        """``header.payload`` exactly as received: the bytes the signature covers."""
        if self.signed_input is not None:
            return self.signed_input
        head, _, rest = self.token.partition(".")
        payload, _, _ = rest.partition(".")
        return f"{head}.{payload}".encode("ascii", "replace")

    def segment(self, name: str) -> Segment | None:
        """The segment called ``name``, if the token has one."""
        return next((s for s in self.segments if s.name == name), None)


def inspect_token(text: str, *, max_size: int = DEFAULT_MAX_SIZE) -> DecodedToken:
    """Decode as much of a token as possible, collecting every problem.

    Only input that is too large or holds no token at all raises; any other
    problem is recorded in ``errors`` or ``warnings`` and the parts that did
    decode are still returned.

    Raises:
        InputTooLargeError: If the input exceeds ``max_size`` characters.
        TokenFormatError: If the input is empty.
    """
    check_size(text, max_size)
    found = _unencoded_compact(text) or find_token(text)
    if not found.token:
        raise TokenFormatError("the input is empty: paste a token", kind=Problem.EMPTY)
    return decode_extraction(issuer_part(found))


def check_size(text: str, max_size: int = DEFAULT_MAX_SIZE) -> None:
    """Refuse input over the limit before any decoding (core/limits.py).

    Raises:
        InputTooLargeError: If ``text`` exceeds ``max_size`` characters.
    """
    if len(text) > max_size:
        size, limit = _size(len(text)), _size(max_size)
        if size == limit:  # rounding hid the difference: give exact numbers
            size, limit = f"{len(text):,} characters", f"{max_size:,}-character"
        raise InputTooLargeError(
            f"the input is {size}, over the {limit} limit", kind=Problem.TOO_LARGE
        )


def _unencoded_compact(text: str) -> Extraction | None:
    """A compact token whose header says ``b64: false`` (RFC 7797): its payload
    is raw text, which the extractor would take for noise around a token."""
    stripped = text.strip()
    head, dot, rest = stripped.partition(".")
    if not dot or rest.count(".") != 1 or not head.startswith("eyJ"):
        return None
    data = _fast_b64url(head)
    try:
        header = json.loads(data) if data else None
    except (ValueError, RecursionError):
        return None
    if not isinstance(header, dict) or header.get("b64") is not False:
        return None
    start = text.index(stripped)
    return Extraction(stripped, start, start + len(stripped))


def decode_parts(header: str, payload: str, signature: str) -> DecodedToken:
    """Decode the three base64url parts of one JWS signature given apart (JSON
    serialization): as a compact token of them, offsets counted in it.

    An empty ``header`` (no protected header, RFC 7515 §7.2.1) decodes as an
    empty object; the signing input keeps it empty.
    """
    head = header or "e30"  # {}: nothing protected
    text = f"{head}.{payload}.{signature}"
    decoded = _Decoder(Extraction(text, 0, len(text))).run()
    if header:
        return decoded
    first = dataclasses.replace(decoded.segments[0], text="", end=0)
    return dataclasses.replace(
        decoded,
        token=f".{payload}.{signature}",
        segments=(first, *decoded.segments[1:]),
    )


def with_payload(token: DecodedToken, payload: bytes) -> DecodedToken:
    """``token`` with a payload given apart from it: detached content (RFC 7515
    Appendix F, RFC 7797) or an unencoded JSON serialization payload.

    The signing input becomes ``header.BASE64URL(payload)``, or
    ``header.payload`` as it is when the header says ``b64: false``.
    """
    head = token.token.partition(".")[0]
    body = payload if token.unencoded else b64url_encode(payload).encode("ascii")
    decoder = _Decoder(Extraction("", 0, 0))
    value = decoder._payload(Segment("payload", "", 0, 0, payload))
    kept = tuple(w for w in token.warnings if w.segment != "payload")
    return dataclasses.replace(
        token,
        payload=value,
        payload_bytes=payload,
        errors=token.errors + tuple(decoder.errors),
        warnings=kept + tuple(decoder.warnings),
        signed_input=head.encode("ascii", "replace") + b"." + body,
        detached=False,
    )


def issuer_part(found: Extraction) -> Extraction:
    """The issuer-signed JWT of an SD-JWT (``jwt~disclosure~…``), else ``found``:
    what comes before the first ``~`` when that is a three-part JWS."""
    cut = found.token.find("~")
    if cut > 0 and found.token.count(".", 0, cut) == 2:
        return found.part(0, cut)
    return found


def decode_extraction(found: Extraction) -> DecodedToken:
    """Decode one located compact token (an SD-JWT's issuer or KB-JWT part)."""
    return _Decoder(found).run()


class _Decoder:
    """Collects results and problems while decoding one extraction."""

    def __init__(self, found: Extraction) -> None:
        self.found = found
        self.errors: list[TokenFormatError] = []
        self.warnings: list[TokenFormatError] = []
        self.duplicates: list[tuple[str, str]] = []

    def run(self) -> DecodedToken:
        token = self.found.token
        # Count first: a megabyte of dots must not become a million segments.
        dots = token.count(".")
        texts = token.split(".", _MAX_SEGMENTS)[:_MAX_SEGMENTS]
        form = {2: "JWS", 4: "JWE"}.get(dots, "malformed")
        # Two signed tokens pasted together have four dots, as a JWE has:
        # the second one's header tells them apart.
        glued = glued_starts(self.found) if dots > 2 else ()
        if glued:
            form = "malformed"
            self._glued(dots, glued)
        elif form == "malformed":
            self._wrong_dot_count(dots)
        names = JWE_PARTS if form == "JWE" else JWS_PARTS
        segments = self._segments(texts, names)
        header = payload = payload_bytes = signature = None
        if segments:
            header = self._json(segments[0], required_object=True)
        if form == "JWE":
            self.warnings.append(
                TokenFormatError(
                    "this is an encrypted token (JWE): enter the recipient's key "
                    "(or password) to decrypt it",
                    kind=Problem.ENCRYPTED,
                    segment="ciphertext",
                )
            )
        elif len(segments) > 1:
            if (header or {}).get("b64") is False:
                segments[1] = self._unencoded(segments[1])
            payload_bytes = segments[1].data
            if not (form == "JWS" and _is_detached(segments)):
                payload = self._payload(segments[1])
        signed_input = None
        detached = False
        if form == "JWS":
            signature = segments[2].data
            detached = _is_detached(segments)
            if (header or {}).get("b64") is False:
                signed_input = f"{segments[0].text}.{segments[1].text}".encode()
        if glued:  # the parts' own errors follow from the glue: name it alone
            self.errors = self.errors[:1]
        return DecodedToken(
            token=token,
            start=self.found.start,
            end=self.found.end,
            form=form,
            segments=tuple(segments),
            header=header,
            payload=payload,
            payload_bytes=payload_bytes,
            signature=signature,
            errors=tuple(self.errors),
            warnings=tuple(self.warnings),
            duplicates=tuple(self.duplicates),
            signed_input=signed_input,
            detached=detached,
            repairs=self.found.repairs,
        )

    def _unencoded(self, segment: Segment) -> Segment:
        """An RFC 7797 payload is the text itself: forget its base64url errors."""
        self.errors = [e for e in self.errors if e.segment != segment.name]
        self.warnings = [w for w in self.warnings if w.segment != segment.name]
        data = segment.text.encode("utf-8")
        return dataclasses.replace(segment, data=data)

    def _glued(self, dots: int, starts: tuple[int, ...]) -> None:
        count = len(starts) + 1
        self.errors.append(
            TokenFormatError(
                f"found {dots:,} dots; a signed JWT has 2 "
                "(header.payload.signature), and a token header starts at "
                + ", ".join(f"character {start + 1:,}" for start in starts),
                kind=Problem.GLUED,
                offset=starts[0],
                count=count,
            )
        )

    def _wrong_dot_count(self, dots: int) -> None:
        count = dots + 1
        token = self.found.token
        if dots > 2:
            # Point at the first dot that does not belong in a signed token.
            index = _nth_dot(token, 3)
            offset: int | None = self.found.to_input(index)
        else:
            offset = self.found.to_input(len(token) - 1) if token else None
        self.errors.append(
            TokenFormatError(
                f"found {dots:,} dot{'s' if dots != 1 else ''} ({count:,} "
                f"segment{'s' if count != 1 else ''}); a signed JWT has 2 dots "
                "(header.payload.signature) and an encrypted one 4",
                kind=Problem.EXTRA_PARTS if dots > 2 else Problem.MISSING_PARTS,
                offset=offset,
            )
        )

    def _segments(self, texts: list[str], names: tuple[str, ...]) -> list[Segment]:
        segments = []
        index = 0
        for position, seg_text in enumerate(texts):
            name = names[position] if position < len(names) else f"part {position + 1}"
            start = self.found.to_input(index)
            end = (
                self.found.to_input(index + len(seg_text) - 1) + 1
                if seg_text
                else start
            )
            data = self._b64(seg_text, name, index)
            segments.append(Segment(name, seg_text, start, end, data))
            index += len(seg_text) + 1
        return segments

    def _b64(self, text: str, name: str, index: int) -> bytes | None:
        """Decode base64url, recording a precise error; tolerate correct padding."""
        body = text.rstrip("=")
        pad = len(text) - len(body)
        data = _fast_b64url(body)
        if data is None:
            bad = _NOT_B64URL.search(body)
            if bad:
                self.errors.append(
                    TokenFormatError(
                        _bad_char_reason(bad.group()),
                        kind=Problem.BAD_CHARACTER,
                        segment=name,
                        offset=self.found.to_input(index + bad.start()),
                    )
                )
                return None
            self.errors.append(
                TokenFormatError(
                    f"a segment of {len(body)} characters cannot be base64url "
                    "(one character too many or several missing): it is "
                    "truncated or has a stray character",
                    kind=Problem.CUT_SHORT,
                    segment=name,
                    offset=self.found.to_input(index + len(body) - 1),
                )
            )
            return None
        if pad:
            expected = -len(body) % 4
            problem = TokenFormatError(
                f"'=' padding is not used in base64url (RFC 7515 §2); "
                f"{pad} '=' found"
                + ("" if pad == expected else f", and {expected} would be correct"),
                kind=Problem.PADDING,
                segment=name,
                offset=self.found.to_input(index + len(body)),
                length=pad,
            )
            if pad != expected:
                self.errors.append(problem)
                return None
            self.warnings.append(problem)
        if not _canonical_end(body):
            # Another token text for the same bytes: PyJWT refuses it, and so
            # must we, or a changed token would still show as verified.
            last = body[-1]
            canonical = _canonical_char(body)
            self.errors.append(
                TokenFormatError(
                    f"the last character '{last}' has non-zero unused bits; "
                    f"the canonical form ends in '{canonical}' (RFC 4648 §3.5)",
                    kind=Problem.CHANGED_CHARACTER,
                    segment=name,
                    offset=self.found.to_input(index + len(body) - 1),
                )
            )
        return data

    def _payload(self, segment: Segment) -> Any:
        data = segment.data
        if data is None:
            return None
        stripped = data.lstrip()
        if not stripped.startswith((b"{", b"[")):
            self.warnings.append(
                TokenFormatError(
                    f"the payload is not JSON; showing its {len(data)} bytes "
                    "as they are (allowed for a JWS, but not a JWT)",
                    kind=Problem.NOT_JSON,
                    segment="payload",
                )
            )
            return None
        value = self._json(segment, required_object=False)
        if value is not None and not isinstance(value, dict):
            self.warnings.append(
                TokenFormatError(
                    f"the payload is a JSON {json_type(value)}, not an object, "
                    "so it is not a JWT claims set",
                    kind=Problem.NOT_CLAIMS,
                    segment="payload",
                )
            )
        return value

    def _json(self, segment: Segment, *, required_object: bool) -> Any:
        data = segment.data
        if data is None:
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.errors.append(
                TokenFormatError(
                    f"not UTF-8: byte 0x{data[exc.start]:02x} at byte {exc.start + 1} "
                    "of the decoded JSON cannot be read (RFC 8725 §3.7 requires UTF-8)",
                    kind=Problem.NOT_TEXT,
                    segment=segment.name,
                    offset=_byte_to_char(segment, exc.start),
                    length=2,
                )
            )
            return None
        try:
            found = parse_json(text, segment.name)
        except TokenFormatError as exc:  # nested too deeply
            self.errors.append(exc)
            return None
        except json.JSONDecodeError as exc:
            self.errors.append(
                TokenFormatError(
                    json_error_text(exc),
                    kind=Problem.BAD_JSON,
                    segment=segment.name,
                    offset=_byte_to_char(segment, len(text[: exc.pos].encode())),
                    length=2,
                )
            )
            return None
        except (ValueError, RecursionError) as exc:
            # ValueError besides ours: a limit of Python's on numbers.
            if isinstance(exc, JsonNumberError):
                reason = str(exc)
            elif isinstance(exc, RecursionError):
                reason = "nested too deeply"
            else:
                reason = "a number in it cannot be read"
            self.errors.append(
                TokenFormatError(
                    f"not valid JSON: {reason}",
                    kind=Problem.BAD_JSON,
                    segment=segment.name,
                )
            )
            return None
        value, dups, infinite = found.value, found.dups, found.infinite
        if infinite:
            self.warnings.append(infinite_warning(infinite, text, segment.name))
        if dups:
            self.duplicates.extend((segment.name, name) for name in dups)
            self.warnings.append(duplicate_warning(list(dups), text, segment.name))
        if required_object and not isinstance(value, dict):
            self.errors.append(
                TokenFormatError(
                    f"the {segment.name} must be a JSON object, "
                    f"not a JSON {json_type(value)}",
                    kind=Problem.NOT_OBJECT,
                    segment=segment.name,
                    offset=segment.start,
                )
            )
            return value if isinstance(value, dict) else None
        return value


def _is_detached(segments: list[Segment]) -> bool:
    """An empty payload with a signature: detached content (RFC 7515 App. F)."""
    return not segments[1].text and bool(segments[2].text)


_TO_STANDARD = bytes.maketrans(b"-_", b"+/")


def _fast_b64url(body: str) -> bytes | None:
    """Decode unpadded base64url at C speed; None if it is not valid."""
    if not body.isascii() or "+" in body or "/" in body or "=" in body:
        return None
    if len(body) % 4 == 1:
        return None
    raw = body.encode("ascii").translate(_TO_STANDARD) + b"=" * (-len(body) % 4)
    try:
        return binascii.a2b_base64(raw, strict_mode=True)
    except binascii.Error:
        return None


def _canonical_end(body: str) -> bool:
    """True when the unused low bits of the last character are zero (RFC 4648 §3.5).

    A 2- or 3-character final group carries 4 or 2 bits that no byte uses;
    any other value there decodes to the same bytes from a different text.
    """
    unused = {2: 0x0F, 3: 0x03}.get(len(body) % 4, 0)
    return not unused or not B64URL_ALPHABET.index(body[-1]) & unused


def _canonical_char(body: str) -> str:
    unused = {2: 0x0F, 3: 0x03}[len(body) % 4]
    return B64URL_ALPHABET[B64URL_ALPHABET.index(body[-1]) & ~unused]


def _byte_to_char(segment: Segment, byte_index: int) -> int:
    """Approximate input offset of a decoded byte: 3 bytes are 4 characters."""
    return min(segment.start + byte_index * 4 // 3, max(segment.end - 1, segment.start))


def _bad_char_reason(char: str) -> str:
    if char in "+/":
        return (
            f"'{char}' is standard base64, not base64url (which uses "
            f"'{'-' if char == '+' else '_'}' instead)"
        )
    if char == "=":
        return "'=' padding inside the segment: base64url has no padding"
    if char.isspace():
        return "whitespace inside the segment"
    if not char.isprintable():  # never echo a control character to a terminal
        return f"U+{ord(char):04X}, an invisible character, is not base64url"
    return f"'{char}' (U+{ord(char):04X}) is not a base64url character"


def _nth_dot(text: str, n: int) -> int:
    index = -1
    for _ in range(n):
        index = text.index(".", index + 1)
    return index


def _size(chars: int) -> str:
    if chars >= 1024 * 1024:
        return f"{chars / (1024 * 1024):.1f} MiB"
    if chars >= 1024:
        return f"{chars / 1024:.1f} KiB"
    return f"{chars} characters"
