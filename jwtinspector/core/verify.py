"""Verify a decoded token's signature and claims, following RFC 8725.

The algorithm allowed for a key comes from the key (its type, curve or JWK
``alg``) and from the user, never from the token's header (RFC 8725 §2.1,
§3.1). ``alg: none`` is never reported as verified. The cryptography itself is
PyJWT's: its algorithm objects prepare keys and check signatures.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import math
from collections.abc import Sequence
from typing import Any

from jwt.algorithms import OKPAlgorithm, get_default_algorithms
from jwt.exceptions import InvalidKeyError

from jwtinspector.core import algorithms, mldsa
from jwtinspector.core.algorithms import SIGNATURE_ALGORITHMS
from jwtinspector.core.errors import UsageError, json_text, quote
from jwtinspector.core.keys import KeyMaterial, KeySet
from jwtinspector.core.keys.material import curve_of
from jwtinspector.core.keys.roca import roca_key
from jwtinspector.core.numericdate import (
    MILLISECONDS_THRESHOLD,
    duration_text,
    format_utc,
    is_numeric,
    relative_text,
)
from jwtinspector.core.token import DecodedToken

SUPPORTED_ALGORITHMS = SIGNATURE_ALGORITHMS
"""Every JWS algorithm PyJWT supports with cryptography (``none`` excluded)."""

UNDERSTOOD_CRIT = frozenset({"b64"})


class SignatureStatus(enum.Enum):
    """Outcome of the signature check."""

    VALID = "valid"
    INVALID = "invalid"
    NOT_CHECKED = "not_checked"
    CANNOT_CHECK = "cannot_check"


class CheckStatus(enum.Enum):
    """Outcome of one claim check."""

    PASSED = "passed"
    FAILED = "failed"


@dataclasses.dataclass(frozen=True)
class VerifyOptions:
    """What the user expects of the token.

    Attributes:
        algorithms: Algorithms the user allows; empty means "what the key fits".
        issuer: Expected ``iss``, or None not to check it.
        audience: Accepted ``aud`` values; empty means not to check it.
        leeway: Seconds of clock skew tolerated in time checks.
        require: Claims that must be present.
        check_time: Whether to check ``exp``, ``nbf`` and ``iat``.
    """

    algorithms: tuple[str, ...] = ()
    issuer: str | None = None
    audience: tuple[str, ...] = ()
    leeway: float = 0.0
    require: tuple[str, ...] = ()
    check_time: bool = True

    def __post_init__(self) -> None:
        # A string would be tested by substring: "HS2567" would allow HS256.
        for name in ("algorithms", "audience", "require"):
            if isinstance(getattr(self, name), str):
                raise UsageError(f"{name} must be a tuple of strings, not one string")
        # NaN compares false and infinity outlasts any exp: either would make
        # an expired token pass, so neither is a leeway.
        leeway = self.leeway
        if (
            not isinstance(leeway, int | float)
            or isinstance(leeway, bool)
            or not math.isfinite(leeway)
            or leeway < 0
        ):
            raise UsageError(
                f"the leeway must be a finite number of seconds, 0 or more, "
                f"not {leeway!r}"
            )


@dataclasses.dataclass(frozen=True)
class ClaimCheck:
    """One claim check: which claim, whether it passed, and a sentence why."""

    claim: str
    status: CheckStatus
    message: str
    within_leeway: bool = False
    """True for a time check that passes only thanks to the leeway."""

    @property
    def failed(self) -> bool:
        """True when this check found a problem."""
        return self.status is CheckStatus.FAILED


@dataclasses.dataclass(frozen=True)
class SignatureResult:
    """The signature half of a report.

    Attributes:
        status: valid / invalid / not checked / cannot be checked.
        message: One sentence for the user.
        algorithm: The algorithm the signature was checked with.
        key: The key that verified it (from a key set: the one chosen).
        trace: How the key was chosen, one line per step.
        warnings: Weak-key and similar notes raised while checking.
    """

    status: SignatureStatus
    message: str
    algorithm: str | None = None
    key: KeyMaterial | None = None
    trace: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class VerificationReport:
    """Signature and claim results, kept apart so the user sees each."""

    signature: SignatureResult
    claims: tuple[ClaimCheck, ...]

    @property
    def problems(self) -> tuple[ClaimCheck, ...]:
        """The failed claim checks."""
        return tuple(c for c in self.claims if c.failed)

    @property
    def valid(self) -> bool:
        """True only for a verified signature with no failed claim check."""
        return self.signature.status is SignatureStatus.VALID and not self.problems


def verify(
    token: DecodedToken,
    key: KeyMaterial | KeySet | None,
    *,
    now: float,
    options: VerifyOptions = VerifyOptions(),
) -> VerificationReport:
    """Check the signature with ``key`` and the claims against ``options``."""
    signature = check_signature(token, key, options.algorithms)
    claims = check_claims(token, now=now, options=options)
    return VerificationReport(signature, claims)


def check_signature(
    token: DecodedToken,
    key: KeyMaterial | KeySet | None,
    algorithms: Sequence[str] = (),
) -> SignatureResult:
    """Check the signature; the token's ``alg`` must fit the key and the user."""
    cannot = _cannot_check_reason(token)
    if cannot:
        return SignatureResult(SignatureStatus.CANNOT_CHECK, cannot, token.alg)
    alg = token.alg or ""
    if key is None:
        return SignatureResult(
            SignatureStatus.NOT_CHECKED,
            "Signature not checked: no key. " + _key_hint(alg),
            alg,
        )
    if algorithms and alg not in algorithms:
        return SignatureResult(
            SignatureStatus.CANNOT_CHECK,
            f"The token says {alg}, but you allow only {', '.join(algorithms)}: "
            "it is not checked with another algorithm than the one you chose.",
            alg,
        )
    if isinstance(key, KeySet):
        return _check_with_set(token, key, alg)
    if alg not in key.algorithms:
        return SignatureResult(
            SignatureStatus.CANNOT_CHECK, _mismatch_message(key, alg), alg, key
        )
    not_for_signatures = _not_for_verifying(key)
    if not_for_signatures:
        return SignatureResult(
            SignatureStatus.CANNOT_CHECK,
            f"Cannot check: the key is {key.describe()}; {not_for_signatures}, so "
            "it is not a key for verifying signatures (RFC 7517 §4.2, §4.3).",
            alg,
            key,
        )
    return _check_with_key(token, key, alg)


def _not_for_verifying(key: KeyMaterial) -> str | None:
    """Why the JWK's use or key_ops rule out verifying with it (as in a key set)."""
    if key.use == "enc":
        return 'its use is "enc" (encryption)'
    if key.key_ops is not None and "verify" not in key.key_ops:
        return f'its key_ops {json_text(list(key.key_ops))} lack "verify"'
    return None


def _cannot_check_reason(token: DecodedToken) -> str | None:
    if token.is_encrypted:
        return (
            "Cannot check: this is an encrypted token (JWE), which carries no "
            "signature; decrypt it with the recipient's key to check a nested "
            "token's signature."
        )
    if token.header is None:
        return "Cannot check: the header could not be decoded."
    if token.errors:
        # A typo is not a forgery: say what to fix instead of "invalid".
        # Its headline only: the whole message stands under the token.
        error = token.errors[0]
        return f"Cannot check until the token is fixed: {error.headline}."
    alg = token.header.get("alg")
    if not isinstance(alg, str) or not alg:
        return "Cannot check: the header has no alg (RFC 7515 §4.1.1)."
    if alg.strip().lower() == "none":
        return (
            f"Cannot check: alg is {quote(alg)}, an unsigned token. Nothing proves "
            "who made it; a server must never accept it (RFC 8725 §2.1)."
        )
    if alg not in SUPPORTED_ALGORITHMS:
        return f"Cannot check: the algorithm {quote(alg)} is not supported."
    if alg in algorithms.ML_DSA_ALGORITHMS and not mldsa.available():
        return f"Cannot check: {mldsa.UNAVAILABLE}"
    b64_problem = unencoded_problem(token.header)
    if b64_problem:
        return f"Cannot check: {b64_problem}"
    if token.detached:
        return (
            "Cannot check: the payload is detached (not in the token); give it "
            "to verify the signature (RFC 7515 Appendix F)."
        )
    if token.form != "JWS" or token.signature is None:
        return "Cannot check: the signature segment could not be decoded."
    if not token.signature:
        return "Cannot check: the signature is empty (signature stripped)."
    return None


def unencoded_problem(header: dict[str, Any]) -> str | None:
    """Why a ``b64`` header member cannot be honoured (RFC 7797), or None."""
    if "b64" not in header:
        return None
    b64 = header["b64"]
    if not isinstance(b64, bool):
        return f"b64 is {json_text(b64)}, but it must be true or false (RFC 7797 §3)."
    crit = header.get("crit")
    if not b64 and (not isinstance(crit, list) or "b64" not in crit):
        return (
            "the header has b64: false but crit does not list it; RFC 7797 §6 requires "
            'crit to include "b64", so a verifier must reject the token.'
        )
    return None


def _check_with_set(token: DecodedToken, keys: KeySet, alg: str) -> SignatureResult:
    kid = token.header.get("kid") if token.header else None
    kid = kid if isinstance(kid, str) else None
    candidates = keys.select(kid, alg)
    if not candidates:
        last = SignatureResult(
            SignatureStatus.CANNOT_CHECK, keys.no_match(kid, alg), alg
        )
    for candidate in candidates:
        last = _check_with_key(token, candidate, alg)
        if last.status is not SignatureStatus.INVALID:
            break
    trace = keys.trace(
        kid, alg, chosen=last.key, status=last.status.value, message=last.message
    )
    return dataclasses.replace(last, trace=trace)


class CurveBoundEdDSA(OKPAlgorithm):
    """RFC 9864's fully specified Ed25519 or Ed448: PyJWT's EdDSA, which takes
    a key on either curve, refusing a key on the other curve."""

    def __init__(self, curve: str) -> None:
        self.curve = curve

    def prepare_key(self, key: Any) -> Any:
        prepared = super().prepare_key(key)
        found = curve_of(prepared)
        if found != self.curve:
            raise InvalidKeyError(
                f"{self.curve} needs an {self.curve} key, not {found or 'this key'}"
            )
        return prepared


@functools.cache
def algorithm_objects() -> dict[str, Any]:
    """PyJWT's algorithm objects with the fully specified EdDSA names and
    ML-DSA added, built once: they hold no state."""
    objects: dict[str, Any] = dict(get_default_algorithms())
    for name in algorithms.FULLY_SPECIFIED_EDDSA:
        objects[name] = CurveBoundEdDSA(name)
    for name in algorithms.ML_DSA_ALGORITHMS:
        objects[name] = mldsa.MLDSAAlgorithm(name)
    return objects


def _check_with_key(token: DecodedToken, key: KeyMaterial, alg: str) -> SignatureResult:
    if key.kty == "RSA" and roca_key(key.key):
        return SignatureResult(
            SignatureStatus.CANNOT_CHECK,
            f"Cannot check with this key ({key.describe()}): its modulus has the "
            "ROCA fingerprint (CVE-2017-15361), so its private key can be computed "
            "from the public key and a signature made with it proves nothing. "
            "Replace the key.",
            alg,
            key,
        )
    algorithm = algorithm_objects()[alg]
    try:
        prepared = algorithm.prepare_key(key.verification_key())
        # PyJWT reports short keys through check_key_length, not as a warning;
        # asking directly also avoids touching the global warnings state.
        weak = getattr(algorithm, "check_key_length", lambda _key: None)(prepared)
        ok = algorithm.verify(token.signing_input, prepared, token.signature or b"")
    except Exception as exc:  # PyJWT raises non-PyJWTError types on odd keys
        return SignatureResult(
            SignatureStatus.CANNOT_CHECK,
            f"Cannot check with this key: {exc}",
            alg,
            key,
        )
    notes = (weak,) if weak else ()
    if not ok:
        return SignatureResult(
            SignatureStatus.INVALID,
            f"Invalid signature: the {alg} signature does not match "
            f"the header and payload with this key ({key.describe()}).",
            alg,
            key,
            warnings=notes,
        )
    return SignatureResult(
        SignatureStatus.VALID,
        f"Signature verified: {alg} with {key.describe()}.",
        alg,
        key,
        warnings=notes,
    )


def _mismatch_message(key: KeyMaterial, alg: str) -> str:
    fits = ", ".join(key.algorithms) or "no algorithm (its JWK alg is unusable)"
    text = (
        f"Cannot check: the key is {key.describe()}; it fits {fits}, "
        f"but the token says {alg}."
    )
    if alg.startswith("HS") and key.kty != "oct":
        text += (
            " Verifying an HS token with a public key is the algorithm-confusion "
            "attack (RFC 8725 §2.1): the token is not accepted this way."
        )
    return text


def _key_hint(alg: str) -> str:
    if alg.startswith("HS"):
        return "Enter the shared secret to verify it."
    return "Add the issuer's public key (PEM, certificate, JWK or JWKS) to verify it."


def check_claims(
    token: DecodedToken, *, now: float, options: VerifyOptions = VerifyOptions()
) -> tuple[ClaimCheck, ...]:
    """Check the time claims, iss, aud, required claims and ``crit``."""
    checks: list[ClaimCheck] = list(_check_crit(token.header or {}))
    claims = token.claims
    if claims is None:
        if options.require or options.issuer or options.audience:
            checks.append(
                _fail("payload", "The payload is not a JSON claims set to check.")
            )
        return tuple(checks)
    for name in options.require:
        if name not in claims:
            checks.append(_fail(name, f"The required claim {quote(name)} is missing."))
    if options.check_time:
        checks.extend(_time_checks(claims, now, options.leeway))
    if options.issuer is not None:
        checks.append(_check_issuer(claims, options.issuer))
    if options.audience:
        checks.append(_check_audience(claims, options.audience))
    return tuple(checks)


def time_checks(
    claims: dict[str, Any], *, now: float, leeway: float = 0.0
) -> tuple[ClaimCheck, ...]:
    """The exp, nbf and iat checks of claims with no signed token around them
    (a JWE's decrypted claims)."""
    return tuple(_time_checks(claims, now, leeway))


def _time_checks(claims: dict[str, Any], now: float, leeway: float) -> list[ClaimCheck]:
    checks = []
    for name in ("exp", "nbf", "iat"):
        if name not in claims:
            continue
        value = claims[name]
        if not is_numeric(value):
            checks.append(
                _fail(
                    name,
                    f"{name} is {_json_repr(value)}, not a number: a NumericDate is "
                    "seconds since 1970 as a JSON number (RFC 7519 §2).",
                )
            )
            continue
        if abs(value) >= MILLISECONDS_THRESHOLD:
            # Read as seconds it is millennia away; say what was surely meant.
            when = (
                f"{value:g}, which looks like milliseconds (NumericDate is "
                f"seconds; as milliseconds it is {format_utc(value / 1000)})"
            )
        else:
            when = f"{format_utc(value)} ({relative_text(value - now)})"
        if name == "exp":
            bad, late = now >= value + leeway, now >= value
            message = f"Expired {when}." if late else f"Expires {when}."
        elif name == "nbf":
            bad, late = now + leeway < value, now < value
            message = (
                f"Not valid yet: valid from {when}." if late else f"Valid since {when}."
            )
        else:
            bad, late = now + leeway < value, now < value
            message = f"Issued in the future: {when}." if late else f"Issued {when}."
        if late and not bad:  # only the leeway lets it pass: say so
            leeway_text = duration_text(leeway)
            message = f"{message[:-1]}, accepted within the {leeway_text} leeway."
        status = CheckStatus.FAILED if bad else CheckStatus.PASSED
        checks.append(ClaimCheck(name, status, message, late and not bad))
    return checks


def _check_issuer(claims: dict[str, Any], issuer: str) -> ClaimCheck:
    actual = claims.get("iss")
    if actual == issuer:
        return ClaimCheck("iss", CheckStatus.PASSED, f"Issuer is {issuer!r}.")
    if "iss" not in claims:
        return _fail("iss", f"No iss claim; expected {issuer!r}.")
    return _fail(
        "iss", f"Wrong issuer: iss is {_json_repr(actual)}, expected {issuer!r}."
    )


def _check_audience(claims: dict[str, Any], audience: tuple[str, ...]) -> ClaimCheck:
    actual = claims.get("aud")
    values = actual if isinstance(actual, list) else [actual]
    if any(isinstance(v, str) and v in audience for v in values):
        return ClaimCheck(
            "aud", CheckStatus.PASSED, f"Audience {_json_repr(actual)} accepted."
        )
    expected = " or ".join(repr(a) for a in audience)
    if "aud" not in claims:
        return _fail("aud", f"No aud claim; expected {expected}.")
    return _fail(
        "aud", f"Wrong audience: aud is {_json_repr(actual)}, expected {expected}."
    )


def _check_crit(header: dict[str, Any]) -> list[ClaimCheck]:
    crit = header.get("crit")
    if crit is None:
        return []
    if (
        not isinstance(crit, list)
        or not crit
        or not all(isinstance(c, str) for c in crit)
    ):
        return [
            _fail("crit", "crit must be a non-empty list of names (RFC 7515 §4.1.11).")
        ]
    unknown = [c for c in crit if c not in UNDERSTOOD_CRIT]
    missing = [c for c in crit if c not in header]
    if unknown:
        return [
            _fail(
                "crit",
                f"The header marks {', '.join(map(quote, unknown))} as critical, "
                "which is not "
                "understood: a verifier must reject the token (RFC 7515 §4.1.11).",
            )
        ]
    if missing:
        return [
            _fail(
                "crit",
                f"crit lists {', '.join(map(quote, missing))}, absent from the header.",
            )
        ]
    return []


def _fail(claim: str, message: str) -> ClaimCheck:
    return ClaimCheck(claim, CheckStatus.FAILED, message)


def _json_repr(value: Any) -> str:
    """Untrusted claim values as JSON, with no control character left raw."""
    try:
        return json_text(value)
    except (TypeError, ValueError):
        return repr(value)
