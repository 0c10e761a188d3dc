"""The tamper lab: change one character of a token and see what breaks.

For learners: the original and a copy with one character changed, side by
side: the signing input, its digest, how many bits changed (the avalanche),
and the first check the copy fails (base64url, JSON, the HMAC recomputed, or
the signature with the key). The signature is checked by the one pipeline
(:mod:`core.pipeline`) with the keys the user gave, so the key, never the
token, decides the algorithm, and ``alg: none`` is never verified.

Pure Python, no Qt; results are immutable; the clock is passed in as ``now``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
from typing import TYPE_CHECKING

from jwtinspector.core.errors import Problem, UsageError
from jwtinspector.core.explain.digest import hash_of
from jwtinspector.core.text import B64URL_ALPHABET
from jwtinspector.core.token import JWS_PARTS, inspect_token
from jwtinspector.core.verify import (
    SignatureResult,
    SignatureStatus,
    VerificationReport,
    VerifyOptions,
)

if TYPE_CHECKING:
    from jwtinspector.core.pipeline import KeysInUse
    from jwtinspector.core.token import DecodedToken, Segment

PASSED = "passed"
FAILED = "failed"
UNKNOWN = "not checked"

BASE64URL = "base64url"
JSON = "JSON"
HMAC = "HMAC recomputed"
SIGNATURE = "signature with the key"

_B64_PROBLEMS = frozenset(
    {
        Problem.BAD_CHARACTER,
        Problem.CUT_SHORT,
        Problem.PADDING,
        Problem.CHANGED_CHARACTER,
    }
)
_BYTES_STILL_CHECKED = frozenset(
    {Problem.CHANGED_CHARACTER, Problem.BAD_JSON, Problem.NOT_TEXT}
)
_UNUSED_BITS = {2: 4, 3: 2}
"""Low bits of a short last group's last character that no byte uses."""


@dataclasses.dataclass(frozen=True)
class Change:
    """One character to change: in ``part``, at ``position`` (0-based), to ``char``."""

    part: str
    position: int
    char: str


@dataclasses.dataclass(frozen=True)
class Check:
    """One check the changed copy meets: its name, status and why."""

    name: str
    status: str
    message: str


@dataclasses.dataclass(frozen=True)
class TamperResult:
    """The original and the changed copy, side by side.

    Attributes:
        change: What was changed.
        old_char: The character that was there.
        offset: The changed character's offset in the token text.
        original: The token text.
        tampered: The copy with one character changed (the lab's own).
        input_offset: The changed character's offset in the signing input
            (None: the signature changed, the signing input did not).
        original_input: The bytes the original's signature covers.
        tampered_input: The bytes the copy's signature would cover.
        hash: hashlib's name of the digest shown ("sha256").
        hash_note: Why that digest (the algorithm's hash, or an illustration).
        original_digest: The digest of the original signing input.
        tampered_digest: The digest of the copy's signing input.
        text_bits: Bits changed in the token's bytes (the ASCII characters).
        decoded_bits: Bits changed in the part's decoded bytes (None: one
            side does not decode).
        original_part: The part's decoded bytes in the original (None: not
            decoded).
        tampered_part: The part's decoded bytes in the copy (None: not decoded).
        checks: The checks in order: base64url, JSON (header and payload),
            the signature.
        notes: What is worth knowing about this change (unused bits, a wrong
            key, no key).
    """

    change: Change
    old_char: str
    offset: int
    original: str
    tampered: str
    input_offset: int | None
    original_input: bytes
    tampered_input: bytes
    hash: str
    hash_note: str
    original_digest: bytes
    tampered_digest: bytes
    text_bits: int
    decoded_bits: int | None
    original_part: bytes | None
    tampered_part: bytes | None
    checks: tuple[Check, ...]
    notes: tuple[str, ...]

    @property
    def digest_bits(self) -> int:
        """Bits that differ between the two digests (the avalanche)."""
        return _bit_difference(self.original_digest, self.tampered_digest)

    @property
    def digest_size(self) -> int:
        """Bits in a digest."""
        return len(self.original_digest) * 8

    @property
    def failed(self) -> Check | None:
        """The first check the copy fails, if any."""
        return next((c for c in self.checks if c.status == FAILED), None)

    @property
    def same_bytes(self) -> bool:
        """True when the changed part decodes to the same bytes as before."""
        return self.original_part is not None and self.original_part == (
            self.tampered_part
        )


def tamperable(token: DecodedToken | None) -> str:
    """Why ``token`` cannot go in the lab, or "" when it can."""
    if token is None:
        return "Paste or make a token first."
    if token.is_encrypted:
        return (
            "This is an encrypted token (JWE): the lab changes a signed token "
            "(JWS), whose signature shows what a change breaks."
        )
    if token.form != "JWS":
        return "The lab needs a token of three parts: header.payload.signature."
    if token.unencoded:
        return (
            "The payload is not base64url (b64: false, RFC 7797): the lab "
            "changes base64url text only."
        )
    if token.token.count(".") != 2:
        return "The lab needs a token of three parts: header.payload.signature."
    return ""


def suggested_char(old: str) -> str:
    """The next base64url character after ``old`` (its 6-bit value plus one,
    wrapping): a change of few bits."""
    index = B64URL_ALPHABET.find(old)
    return B64URL_ALPHABET[(index + 1) % 64] if index >= 0 else "A"


def random_change(token: DecodedToken, rng: random.Random) -> Change:
    """A change of a random character, in a random part, to another random
    base64url character.

    Raises:
        UsageError: If the token cannot go in the lab (:func:`tamperable`).
    """
    problem = tamperable(token)
    if problem:
        raise UsageError(problem)
    texts = dict(zip(JWS_PARTS, token.token.split("."), strict=True))
    part = rng.choice([name for name in JWS_PARTS if texts[name]])
    position = rng.randrange(len(texts[part]))
    old = texts[part][position]
    char = rng.choice([c for c in B64URL_ALPHABET if c != old])
    return Change(part, position, char)


def tamper(
    token: DecodedToken,
    change: Change,
    keys: KeysInUse,
    *,
    now: float,
    options: VerifyOptions | None = None,
) -> TamperResult:
    """``token`` and a copy with ``change`` made, checked with ``keys``.

    Raises:
        UsageError: If the token cannot go in the lab, or the change does not
            fit it (no such part or position, the same character, a character
            a token cannot hold).
    """
    from jwtinspector.core.pipeline import verdict

    problem = tamperable(token)
    if problem:
        raise UsageError(problem)
    texts = token.token.split(".")
    if change.part not in JWS_PARTS:
        raise UsageError(f"choose the header, payload or signature, not {change.part}")
    index = JWS_PARTS.index(change.part)
    text = texts[index]
    if not 0 <= change.position < len(text):
        raise UsageError(
            f"the {change.part} has {len(text)} characters: choose a position "
            f"from 1 to {len(text)}"
            if text
            else f"the {change.part} is empty: there is no character to change"
        )
    _check_char(change.char, text[change.position])
    offset = sum(len(t) + 1 for t in texts[:index]) + change.position
    old = token.token[offset]
    changed_text = token.token[:offset] + change.char + token.token[offset + 1 :]
    changed = inspect_token(changed_text)
    options = options or VerifyOptions()
    before = verdict(token, keys, now=now, options=options)
    algorithm = before.signature.algorithm or token.alg or ""
    digest_name, note = _digest_name(algorithm)
    original_input, tampered_input = token.signing_input, changed.signing_input
    original_part = _data(token.segment(change.part))
    tampered_part = _data(changed.segment(change.part))
    result = TamperResult(
        change=change,
        old_char=old,
        offset=offset,
        original=token.token,
        tampered=changed_text,
        input_offset=offset if change.part != "signature" else None,
        original_input=original_input,
        tampered_input=tampered_input,
        hash=digest_name,
        hash_note=note,
        original_digest=hashlib.new(digest_name, original_input).digest(),
        tampered_digest=hashlib.new(digest_name, tampered_input).digest(),
        text_bits=_bit_difference(old.encode(), change.char.encode()),
        decoded_bits=(
            _bit_difference(original_part, tampered_part)
            if original_part is not None
            and tampered_part is not None
            and len(original_part) == len(tampered_part)
            else None
        ),
        original_part=original_part,
        tampered_part=tampered_part,
        checks=(),
        notes=(),
    )
    checks = [_base64url_check(changed, result)]
    if change.part != "signature":
        checks.append(_json_check(token, changed, change.part))
    signature_check = _signature_check(changed, keys, before, result, now, options)
    checks.append(signature_check)
    notes = _notes(result, before, keys, text)
    return dataclasses.replace(result, checks=tuple(checks), notes=notes)


def _check_char(char: str, old: str) -> None:
    if len(char) != 1:
        raise UsageError("type exactly one character to put in its place")
    if char == old:
        raise UsageError(f"'{char}' is the character already there: choose another")
    if not char.isascii() or not char.isprintable() or char.isspace():
        raise UsageError(
            "a token holds printable ASCII only: choose a letter, digit, '-' or '_'"
        )
    if char == ".":
        raise UsageError("a dot would split the part in two: choose another character")


def _data(segment: Segment | None) -> bytes | None:
    return segment.data if segment is not None else None


def _digest_name(alg: str) -> tuple[str, str]:
    name = hash_of(alg)
    if name:
        return name, (
            f"{name.upper().replace('SHA', 'SHA-')}, the hash {alg} signs: "
            "the digest of the signing input"
        )
    return "sha256", (
        "SHA-256 of the signing input, to measure the change: "
        + (
            f"{alg} signs the signing input itself, with no separate digest step"
            if alg and alg.lower() != "none"
            else "the token names no algorithm that hashes it"
        )
    )


def _bit_difference(a: bytes, b: bytes) -> int:
    size = max(len(a), len(b))
    left, right = a.ljust(size, b"\0"), b.ljust(size, b"\0")
    return (int.from_bytes(left, "big") ^ int.from_bytes(right, "big")).bit_count()


def _errors(token: DecodedToken, part: str, kinds: frozenset[Problem]) -> list[str]:
    return [
        str(e.reason) for e in token.errors if e.segment == part and e.kind in kinds
    ]


def _base64url_check(changed: DecodedToken, result: TamperResult) -> Check:
    part = result.change.part
    problems = _errors(changed, part, _B64_PROBLEMS)
    if problems:
        return Check(
            BASE64URL, FAILED, f"The {part} is not valid base64url: {problems[0]}."
        )
    if result.same_bytes:
        same = f"Still base64url; the {part} decodes to the same bytes."
        return Check(BASE64URL, PASSED, same)
    return Check(
        BASE64URL, PASSED, f"Still base64url, but the {part} decodes to other bytes."
    )


def _json_check(token: DecodedToken, changed: DecodedToken, part: str) -> Check:
    kinds = frozenset({Problem.BAD_JSON, Problem.NOT_TEXT, Problem.NOT_OBJECT})
    problems = _errors(changed, part, kinds)
    if problems:
        why = f"The {part} no longer decodes as JSON: {problems[0]}."
        return Check(JSON, FAILED, why)
    if changed.segment(part) is not None and _data(changed.segment(part)) is None:
        return Check(JSON, UNKNOWN, f"Not read: the {part} did not decode.")
    was_json = token.header if part == "header" else token.payload
    now_json = changed.header if part == "header" else changed.payload
    if was_json is not None and now_json is None:
        return Check(JSON, FAILED, f"The {part} is no longer JSON.")
    if was_json == now_json:
        return Check(JSON, PASSED, f"Still JSON, with the same {part} as before.")
    return Check(JSON, PASSED, f"Still JSON, but the {part} says something else now.")


def _signature_check(
    changed: DecodedToken,
    keys: KeysInUse,
    before: VerificationReport,
    result: TamperResult,
    now: float,
    options: VerifyOptions,
) -> Check:
    from jwtinspector.core.pipeline import verdict

    if keys.key is None:
        if result.change.part == "signature":
            why = "the signature bytes changed" if not result.same_bytes else ""
        else:
            why = "the signing input changed (see its digest)"
        reject = f"Since {why}, a verifier with the key would reject the copy."
        return Check(
            SIGNATURE,
            UNKNOWN,
            "No key: whether the signature still fits cannot be checked. "
            + (reject if why else ""),
        )
    # A token refused for its spelling (a non-canonical last character, RFC
    # 4648 §3.5) or a payload that is not JSON is not checked by a verifier;
    # the lab still checks the bytes, to show what the signature says.
    readable = (
        changed.header is not None
        and changed.signature is not None
        and all(e.kind in _BYTES_STILL_CHECKED for e in changed.errors)
    )
    checked = dataclasses.replace(changed, errors=()) if readable else changed
    report = verdict(checked, keys, now=now, options=options)
    signature = report.signature
    hmac = _hmac_line(checked, signature)
    if signature.status is SignatureStatus.VALID:
        return Check(
            HMAC if hmac else SIGNATURE,
            PASSED,
            "The signature still verifies with the key: the bytes it covers and "
            "its own bytes are what they were." + (f"\n{hmac}" if hmac else ""),
        )
    if signature.status is SignatureStatus.INVALID:
        if hmac:
            return Check(
                HMAC,
                FAILED,
                f"The HMAC recomputed with the secret differs from the token's "
                f"signature.\n{hmac}",
            )
        return Check(
            SIGNATURE,
            FAILED,
            f"The signature does not verify with the key: {signature.message}",
        )
    if before.signature.status in (SignatureStatus.VALID, SignatureStatus.INVALID):
        # The original could be checked with this key; the copy cannot.
        return Check(
            SIGNATURE,
            FAILED,
            f"A verifier rejects the copy before any signature check: "
            f"{signature.message}",
        )
    return Check(SIGNATURE, UNKNOWN, signature.message)


def _hmac_line(token: DecodedToken, signature: SignatureResult) -> str:
    """The HMAC recomputed over ``token``'s signing input next to its own
    signature, for a secret the pipeline checked it with ("" otherwise)."""
    from jwtinspector.core.text import b64url_encode
    from jwtinspector.core.verify import algorithm_objects

    key, alg = signature.key, signature.algorithm or ""
    if key is None or key.kty != "oct" or alg not in key.algorithms:
        return ""
    try:
        computed = algorithm_objects()[alg].sign(token.signing_input, key.key)
    except Exception:  # PyJWT refuses some secrets; the verdict says why
        return ""
    return (
        f"Recomputed:  {b64url_encode(computed)}\n"
        f"In the copy: {b64url_encode(token.signature or b'')}"
    )


def _notes(
    result: TamperResult, before: VerificationReport, keys: KeysInUse, text: str
) -> tuple[str, ...]:
    notes = []
    part = result.change.part
    last = result.change.position == len(text) - 1
    unused = _UNUSED_BITS.get(len(text) % 4, 0)
    if result.same_bytes and last and unused:
        notes.append(
            f"The {part} decodes to the same bytes: its last character (of "
            f"{len(text)}, a group of {len(text) % 4}) carries {unused} low bits "
            "that no byte uses, and only they changed (RFC 4648 §3.5). The two "
            "spellings stand for the same bytes, so a lenient decoder takes both; "
            "this app refuses the one whose unused bits are not zero, as a server "
            "should (RFC 4648 §3.5, RFC 7515 §2)."
        )
        if part == "signature":
            notes.append(
                "The signing input did not change and neither did the signature's "
                "bytes, so the signature itself still verifies: only the strict "
                "base64url check catches this change."
            )
        else:
            notes.append(
                "The signature covers the base64url text, not the decoded bytes, so "
                "changing the text changes the signing input all the same."
            )
    elif part == "signature":
        notes.append(
            "Only the signature changed: the signing input and its digest are the "
            "same, but the signature no longer fits them."
        )
    if keys.key is not None and before.signature.status is not SignatureStatus.VALID:
        notes.append(
            "The original token does not verify with this key either, so the "
            "signature check says nothing about the change: "
            + before.signature.message.rstrip(".")
            + "."
        )
    return tuple(notes)
