"""Check an SD-JWT's Key Binding JWT (RFC 9901 §4.3, §7.3).

The KB-JWT's signature is checked with the holder key the issuer put in
``cnf.jwk`` (the algorithm comes from that key, never from the KB-JWT), its
``typ`` must be ``kb+jwt``, its ``sd_hash`` must cover the SD-JWT exactly as
presented, and ``nonce``, ``aud`` and ``iat`` are held to what the verifier
expects. The issuer's own signature is the pipeline's
(:func:`jwtinspector.core.pipeline.verdict`). Pure Python; the clock is passed in.
"""

from __future__ import annotations

import dataclasses
import hmac
import json
import math
from typing import Any

from jwtinspector.core.errors import InspectorError
from jwtinspector.core.keys import KeyMaterial, load_key, public_of
from jwtinspector.core.sdjwt.parse import SdJwt, SdProblem, digest_of
from jwtinspector.core.text import json_snippet
from jwtinspector.core.verify import (
    CheckStatus,
    ClaimCheck,
    SignatureResult,
    SignatureStatus,
    VerificationReport,
    check_signature,
)

KB_TYP = "kb+jwt"
_PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "k", "oth")


@dataclasses.dataclass(frozen=True)
class KeyBindingOptions:
    """What the verifier expects of the Key Binding JWT.

    Attributes:
        nonce: The nonce the verifier sent; None not to compare it.
        audience: Accepted ``aud`` values; empty not to compare it.
        max_age: Seconds an ``iat`` may lie in the past.
        leeway: Seconds of clock skew tolerated either way.
        required: Whether a missing KB-JWT fails (a verifier that asked for
            key binding, or gave a nonce or audience, requires one).
        holder_keys: Keys the verifier holds that may be the holder's: used
            only when ``cnf`` names the holder key by its RFC 7638 thumbprint
            (``jkt``) and one of them has that thumbprint.
    """

    nonce: str | None = None
    audience: tuple[str, ...] = ()
    max_age: float = 300.0
    leeway: float = 60.0
    required: bool = False
    holder_keys: tuple[KeyMaterial, ...] = ()

    def __post_init__(self) -> None:
        for name in ("max_age", "leeway"):
            value = getattr(self, name)
            if isinstance(value, bool) or not math.isfinite(value) or value < 0:
                raise ValueError(
                    f"{name} must be a finite number of seconds, 0 or more"
                )


@dataclasses.dataclass(frozen=True)
class KeyBindingReport:
    """The Key Binding JWT's verdict.

    Attributes:
        present: Whether the SD-JWT carries a KB-JWT.
        signature: The KB-JWT's signature check (None when absent).
        checks: typ, sd_hash, nonce, aud, iat (or why a KB-JWT was needed).
    """

    present: bool
    signature: SignatureResult | None
    checks: tuple[ClaimCheck, ...]

    @property
    def problems(self) -> tuple[ClaimCheck, ...]:
        """The failed checks."""
        return tuple(c for c in self.checks if c.failed)

    @property
    def valid(self) -> bool:
        """True for a verified KB-JWT with every check passed, or for no KB-JWT
        where none was required."""
        if not self.present:
            return not self.problems
        assert self.signature is not None
        return self.signature.status is SignatureStatus.VALID and not self.problems

    @property
    def message(self) -> str:
        """One sentence: the verdict."""
        if not self.present:
            if self.problems:
                return self.problems[0].message
            return "No Key Binding JWT was presented."
        if self.valid:
            return "Key Binding JWT verified with the holder key (cnf)."
        assert self.signature is not None
        if self.signature.status is not SignatureStatus.VALID:
            return self.signature.message
        return self.problems[0].message


@dataclasses.dataclass(frozen=True)
class SdJwtVerdict:
    """The verdict on an SD-JWT: the issuer JWT's report (from the pipeline),
    the structure's problems and the Key Binding JWT's report.

    Attributes:
        issuer: The issuer-signed JWT's signature and claim checks.
        key_binding: The KB-JWT's verdict.
        signatures: For an SD-JWT in general JSON serialization with more than
            one signature, every signature's verdict (core.pipeline
            SignaturesVerdict), else None.
        problems: The SD-JWT's structural problems (unmatched or repeated
            disclosures and digests, …), each of which invalidates it.
    """

    issuer: VerificationReport
    key_binding: KeyBindingReport
    problems: tuple[SdProblem, ...]
    signatures: Any = None

    @property
    def valid(self) -> bool:
        """True only when the issuer JWT verified (for a general JSON
        serialization: its signatures, as a JWS's are judged), no disclosure is
        in doubt and the key binding holds (or was neither presented nor
        required)."""
        issuer = self.issuer.valid if self.signatures is None else self.signatures.valid
        return issuer and not self.problems and self.key_binding.valid


def sd_jwt_verdict(
    sd: SdJwt,
    issuer: VerificationReport,
    *,
    now: float,
    options: KeyBindingOptions = KeyBindingOptions(),
    signatures: Any = None,
) -> SdJwtVerdict:
    """The SD-JWT's verdict, given the pipeline's report on its issuer JWT
    (:func:`jwtinspector.core.pipeline.verdict` with the user's keys) and, for
    a general JSON serialization, on each of its signatures
    (:func:`issuer_signatures`)."""
    key_binding = check_key_binding(sd, now=now, options=options)
    return SdJwtVerdict(issuer, key_binding, sd.problems, signatures)


MAX_SIGNATURES = 20
"""Issuer signatures of a general JSON serialization checked at most."""


def issuer_signatures(sd: SdJwt, keys: Any, *, now: float, options: Any = None) -> Any:
    """Every issuer signature of an SD-JWT in general JSON serialization with
    more than one (the first ``MAX_SIGNATURES``), each held to the rules of a
    JWS's (core.pipeline.signatures_verdict with ``keys``, a KeysInUse, and
    ``options``, VerifyOptions); None for any other SD-JWT."""
    jws = sd.jws
    if jws is None or len(jws.signatures) < 2:
        return None
    from jwtinspector.core.pipeline import signatures_verdict
    from jwtinspector.core.verify import VerifyOptions

    listed = dataclasses.replace(jws, signatures=jws.signatures[:MAX_SIGNATURES])
    return signatures_verdict(listed, keys, now=now, options=options or VerifyOptions())


def holder_key(
    sd: SdJwt, candidates: tuple[KeyMaterial, ...] = ()
) -> KeyMaterial | str:
    """The holder's public key from ``cnf.jwk``, or the one of ``candidates``
    whose thumbprint is ``cnf.jkt``; else why there is none."""
    jwk = sd.holder_jwk
    if jwk is None:
        return _referenced_key(sd, candidates)
    if jwk.get("kty") == "oct":
        return "cnf.jwk is a symmetric key: a holder key must be a public key"
    public = {k: v for k, v in jwk.items() if k not in _PRIVATE_MEMBERS}
    try:
        key = load_key(json.dumps(public))
    except (InspectorError, ValueError, TypeError) as exc:
        return f"cnf.jwk is not a usable public key: {exc}"
    if not isinstance(key, KeyMaterial):
        return "cnf.jwk is a key set, not one key"
    return key


def _referenced_key(
    sd: SdJwt, candidates: tuple[KeyMaterial, ...]
) -> KeyMaterial | str:
    """The holder key ``cnf`` names by ``jkt`` among ``candidates``, or why the
    KB-JWT's signature cannot be checked."""
    if not sd.has_cnf:
        return "the issuer JWT has no cnf claim naming the holder key"
    cnf = (sd.issuer.claims or {}).get("cnf")
    cnf = cnf if isinstance(cnf, dict) else {}
    jkt, kid = cnf.get("jkt"), cnf.get("kid")
    if isinstance(jkt, str):
        for key in candidates:
            if key.kty != "oct" and hmac.compare_digest(key.thumbprint, jkt):
                return public_of(key)
        held = " (no key given has that thumbprint)" if candidates else ""
        return (
            "cannot check the key binding signature without the holder key: "
            f"cnf names jkt {json_snippet(jkt, 60)}{held}"
        )
    if kid is not None:
        return (
            "cannot check the key binding signature without the holder key: "
            f"cnf names kid {json_snippet(kid, 60)}"
        )
    return (
        "the issuer JWT's cnf holds no jwk, jkt or kid naming the holder key, so "
        "the Key Binding JWT cannot be checked"
    )


def check_key_binding(
    sd: SdJwt, *, now: float, options: KeyBindingOptions = KeyBindingOptions()
) -> KeyBindingReport:
    """Verify the KB-JWT of ``sd`` against ``options`` at time ``now``."""
    kb = sd.key_binding
    if kb is None:
        needed = options.required or options.nonce is not None or options.audience
        if needed:
            return KeyBindingReport(
                False,
                None,
                (_fail("kb", "No Key Binding JWT was presented, but one is needed."),),
            )
        return KeyBindingReport(False, None, ())
    key = holder_key(sd, options.holder_keys)
    if isinstance(key, str):
        text = f"Cannot check the Key Binding JWT: {key}."
        if key.startswith("cannot check"):
            text = f"C{key[1:]}."
        signature = SignatureResult(SignatureStatus.CANNOT_CHECK, text)
    else:
        signature = check_signature(kb, key)
        if signature.status is SignatureStatus.VALID:
            how = "cnf.jwk" if sd.holder_jwk is not None else "the key cnf.jkt names"
            signature = dataclasses.replace(
                signature, message=f"Key Binding JWT signature verified with {how}."
            )
    header = kb.header or {}
    claims = kb.claims or {}
    checks = [
        _check_typ(header.get("typ")),
        _check_sd_hash(sd, claims.get("sd_hash")),
        _check_nonce(claims, options.nonce),
        _check_aud(claims, options.audience),
        _check_iat(claims.get("iat"), now, options),
    ]
    return KeyBindingReport(True, signature, tuple(checks))


def expected_sd_hash(sd: SdJwt) -> str | None:
    """The ``sd_hash`` a KB-JWT for this presentation must carry (None when the
    ``_sd_alg`` is unknown)."""
    return digest_of(sd.presented, sd.hash) if sd.hash is not None else None


def _check_typ(typ: Any) -> ClaimCheck:
    if typ == KB_TYP:
        return _pass("typ", "typ is kb+jwt.")
    return _fail(
        "typ",
        f"typ is {json_snippet(typ, 40)}, not kb+jwt: RFC 9901 §4.3 requires it, "
        "so that no other JWT of the holder passes as key binding.",
    )


def _check_sd_hash(sd: SdJwt, given: Any) -> ClaimCheck:
    expected = expected_sd_hash(sd)
    if expected is None:
        return _fail("sd_hash", "sd_hash cannot be checked: the _sd_alg is unknown.")
    if not isinstance(given, str):
        return _fail("sd_hash", "sd_hash is missing: the KB-JWT is not bound to "
                     "this presentation.")  # fmt: skip
    if hmac.compare_digest(given.encode(), expected.encode()):
        return _pass("sd_hash", "sd_hash covers the issuer JWT and the disclosures "
                     "exactly as presented.")  # fmt: skip
    return _fail(
        "sd_hash",
        f"sd_hash is {json_snippet(given, 60)}, but the presentation hashes to "
        f"{expected}: disclosures were added, removed or changed after the holder "
        "signed.",
    )


def _check_nonce(claims: dict[str, Any], nonce: str | None) -> ClaimCheck:
    given = claims.get("nonce")
    if not isinstance(given, str):
        return _fail("nonce", "nonce is missing: RFC 9901 §4.3 requires it.")
    if nonce is None:
        return _pass("nonce", f"nonce is {json_snippet(given, 40)} (not compared).")
    if hmac.compare_digest(given.encode(), nonce.encode()):
        return _pass("nonce", "nonce is the one expected.")
    return _fail(
        "nonce",
        f"nonce is {json_snippet(given, 40)}, not the expected "
        f"{json_snippet(nonce, 40)}: a replayed presentation.",
    )


def _check_aud(claims: dict[str, Any], audience: tuple[str, ...]) -> ClaimCheck:
    given = claims.get("aud")
    if not isinstance(given, str):
        return _fail("aud", "aud is missing or not a string: RFC 9901 §4.3 requires "
                     "the verifier as a string.")  # fmt: skip
    if not audience:
        return _pass("aud", f"aud is {json_snippet(given, 60)} (not compared).")
    if given in audience:
        return _pass("aud", "aud is an expected verifier.")
    return _fail(
        "aud",
        f"aud is {json_snippet(given, 60)}, not "
        f"{' or '.join(json_snippet(a, 60) for a in audience)}: this presentation "
        "was made for another verifier.",
    )


def _check_iat(iat: Any, now: float, options: KeyBindingOptions) -> ClaimCheck:
    if isinstance(iat, bool) or not isinstance(iat, int | float):
        return _fail("iat", "iat is missing or not a number: RFC 9901 §4.3 "
                     "requires it.")  # fmt: skip
    if not math.isfinite(iat):
        return _fail("iat", "iat is not a finite number.")
    if iat > now + options.leeway:
        return _fail("iat", f"iat is {int(iat - now)} s in the future.")
    age = now - iat
    if age > options.max_age + options.leeway:
        return _fail(
            "iat",
            f"iat is {int(age)} s old, over the {int(options.max_age)} s a "
            "presentation is accepted for: it may be replayed.",
        )
    return _pass("iat", f"iat is {max(0, int(age))} s ago.")


def _pass(claim: str, message: str) -> ClaimCheck:
    return ClaimCheck(claim, CheckStatus.PASSED, message)


def _fail(claim: str, message: str) -> ClaimCheck:
    return ClaimCheck(claim, CheckStatus.FAILED, message)
