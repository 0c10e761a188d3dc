"""Compare with…: a second token beside the shown one, as the window shows it.

The members that differ are :mod:`core.diff`'s (the command line's ``diff``
reads the same); this adds what a side-by-side view needs besides: reading
the second input (a compact token, an SD-JWT, a JSON serialization, or an
encrypted token whose header alone can be compared), and each side's
lifetime, time state and whether the current key verifies it, from the one
verification pipeline's verdict.

Pure Python, no Qt; the clock is passed in as ``now``.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from jwtinspector.core.diff import (
    NotComparableError,
    PartDiff,
    TokenDiff,
    diff_members,
    lifetime,
    signed_parts,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jwtinspector.core.errors import TokenFormatError
    from jwtinspector.core.pipeline import KeysInUse
    from jwtinspector.core.token import DecodedToken
    from jwtinspector.core.verify import (
        ClaimCheck,
        VerificationReport,
        VerifyOptions,
    )

ENCRYPTED_NOTE = (
    "encrypted (JWE): only its header can be compared; decrypt it to compare its claims"
)

DECRYPTED_NOTE = (
    "decrypted (JWE): its header and claims are compared; it is encrypted, not signed"
)


@dataclasses.dataclass(frozen=True)
class Side:
    """One of the two tokens, as far as it can be compared.

    Attributes:
        header: Its (joint) header.
        payload: Its claims; None for an encrypted token (see ``note``).
        signature: The signature bytes (None when absent).
        token: What the key is checked on (None for an encrypted token).
        note: Why only part of it is compared; "" when all of it is.
    """

    header: dict[str, Any]
    payload: dict[str, Any] | None = None
    signature: bytes | None = dataclasses.field(default=None, repr=False)
    token: DecodedToken | None = dataclasses.field(default=None, repr=False)
    note: str = ""


def decrypted_side(decrypted: Any) -> Side | None:
    """A decrypted JWE (core.jwe's Decrypted) whose plaintext is claims, not
    a nested token: its header and claims. None otherwise."""
    if decrypted is None or decrypted.nested is not None:
        return None
    if not isinstance(decrypted.payload, dict):
        return None
    return Side(decrypted.header, decrypted.payload, note=DECRYPTED_NOTE)


@dataclasses.dataclass(frozen=True)
class Unusable:
    """Why an input cannot be compared.

    Attributes:
        message: In plain words, without naming the input.
        problem: The decoder's own problem when that is why (its headline,
            advice and detail read as under the token), else None.
    """

    message: str
    problem: TokenFormatError | None = None


def side_of(decoded: Any) -> Side | Unusable:
    """What of a decoded token (a DecodedToken, or a JWS or JWE in JSON
    serialization) can be compared."""
    if decoded is None:
        return Unusable("there is none: paste one in the token pane")
    if decoded.form in ("JWE", "JWE JSON"):
        header = _encrypted_header(decoded)
        if header is None:
            problem = decoded.errors[0] if decoded.errors else None
            why = problem.message if problem is not None else "its header"
            return Unusable(f"the encrypted token cannot be read: {why}", problem)
        return Side(header, note=ENCRYPTED_NOTE)
    try:
        header, payload, signature = signed_parts(decoded)
    except NotComparableError as exc:
        problem = decoded.errors[0] if decoded.errors else None
        return Unusable(str(exc), problem)
    if decoded.form == "JWS JSON":
        token = decoded.signatures[0].token
        note = ""
        if len(decoded.signatures) > 1:
            note = (
                f"JSON serialization: its first of {len(decoded.signatures)} signatures"
            )
        return Side(header, payload, signature, token, note)
    return Side(header, payload, signature, decoded)


def _encrypted_header(decoded: Any) -> dict[str, Any] | None:
    if decoded.form == "JWE":
        header = decoded.header
        return header if isinstance(header, dict) else None
    if decoded.protected is None and decoded.unprotected is None:
        return None
    first = decoded.recipients[0] if decoded.recipients else None
    if first is None:
        return {**(decoded.protected or {}), **(decoded.unprotected or {})}
    joint: dict[str, Any] = decoded.joint_header(first)
    return joint


def read_side(text: str, *, max_size: int) -> Side | Unusable:
    """The second token from what the user pasted or a file held."""
    from jwtinspector.core.errors import TokenFormatError
    from jwtinspector.core.forms import read_pasted

    if not text.strip():
        return Unusable("there is no token here yet: paste one, or open a file")
    try:
        pasted = read_pasted(text, max_size=max_size)
    except TokenFormatError as exc:
        return Unusable(exc.message, exc)
    return side_of(pasted.main)


def compare(first: Side, second: Side) -> TokenDiff:
    """How ``second`` differs from ``first``; the payloads only when both
    can be read (an encrypted token's are not compared)."""
    both = first.payload is not None and second.payload is not None
    return TokenDiff(
        header=diff_members(first.header, second.header),
        payload=(
            diff_members(first.payload or {}, second.payload or {})
            if both
            else PartDiff()
        ),
        same_signature=(first.signature or b"") == (second.signature or b""),
        lifetimes=(
            lifetime(first.payload) if first.payload is not None else None,
            lifetime(second.payload) if second.payload is not None else None,
        ),
    )


@dataclasses.dataclass(frozen=True)
class Facts:
    """What one side's column says besides its members.

    Each text comes with its colour role ("good", "bad", "warn", "neutral").

    Attributes:
        state: Valid, expired or not valid yet at the chosen time (leeway
            counted), from the verdict's time checks.
        key: Whether the current key verifies it: '✓ …' or '✗ …', with why.
    """

    state: tuple[str, str]
    key: tuple[str, str]


_TIME_CLAIMS = ("exp", "nbf", "iat")


def facts(
    side: Side,
    keys: KeysInUse,
    *,
    now: float,
    options: VerifyOptions,
) -> Facts:
    """The side's time state and key verdict at ``now``, from the one
    verification pipeline (the algorithm from the key, never the token;
    ``alg: none`` is never verified)."""
    if side.token is None:
        not_signed = ("✗ Not checked: an encrypted token has no signature", "neutral")
        if side.payload is None:
            hidden = ("Claims encrypted: their dates cannot be read", "neutral")
            return Facts(hidden, not_signed)
        from jwtinspector.core.verify import time_checks

        checks = time_checks(side.payload, now=now, leeway=options.leeway)
        return Facts(time_state(checks), not_signed)
    from jwtinspector.core.pipeline import verdict

    report = verdict(side.token, keys, now=now, options=options)
    return Facts(time_state(report.claims), key_state(report))


def time_state(claim_checks: Iterable[ClaimCheck]) -> tuple[str, str]:
    """'Expired 2026-… (2 h ago).', 'Not valid yet: …', 'Valid: Expires …
    (in 1 h).': from a verdict's time checks (the leeway counted)."""
    checks = [c for c in claim_checks if c.claim in _TIME_CLAIMS]
    failed = next((c for c in checks if c.failed), None)
    if failed is not None:
        return failed.message, "bad"
    expiry = next((c for c in checks if c.claim == "exp"), None)
    if expiry is not None:
        return f"Valid: {expiry.message}", "good"
    return "Valid, but it has no exp: it never expires", "warn"


def key_state(report: VerificationReport) -> tuple[str, str]:
    """'✓ …' when the current key verifies the signature, else '✗ …' and why."""
    from jwtinspector.core.verify import SignatureStatus

    signature = report.signature
    if signature.status is SignatureStatus.VALID:
        return f"✓ {signature.message}", "good"
    if signature.status is SignatureStatus.NOT_CHECKED:
        return f"✗ {signature.message}", "neutral"
    return f"✗ {signature.message}", "bad"
