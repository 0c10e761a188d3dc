"""The one verification pipeline: the window and the CLI both ask it for a verdict.

Given a decoded token, the keys to check it with (a secret, a key, a key set,
or keys fetched from an issuer or a JWKS URL, with where they came from) and
the user's expectations (:class:`~jwtinspector.core.verify.VerifyOptions`), it
returns the verdict: a :class:`~jwtinspector.core.verify.VerificationReport`
(immutable: the signature's state and the key that verified it, the claim
checks, and the trace of how the keys were found and one was chosen).

The rules it keeps, whoever asks:

- the algorithm allowed comes from the key or the user, never the token, and
  ``alg: none`` is never verified (both are :func:`core.verify.verify`'s);
- a token the extractor had to repair (whitespace inside it, a character
  glued to it) is checked as repaired, with a warning that a server would
  refuse it as given; a strict verdict (the CLI without ``--lenient``) fails
  it;
- keys fetched for an issuer vouch only for tokens whose ``iss`` is that
  issuer, also when the issuer's URL had no discovery document and served a
  key set itself (:func:`core.remote.resolve.resolve_keys`); an expected
  issuer the user gave applies instead.

Pure Python, no Qt; the clock is passed in as ``now``.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import TYPE_CHECKING

from jwtinspector.core.certs import certificate_date_warnings, with_oidc_hash_checks
from jwtinspector.core.keys import KeyMaterial, KeySet
from jwtinspector.core.remote.cache import JwksCache
from jwtinspector.core.remote.resolve import (
    check_claims_for_source,
    resolve_keys,
    source_options,
    with_key_steps,
)
from jwtinspector.core.remote.urls import KeySource
from jwtinspector.core.token import DecodedToken

if TYPE_CHECKING:
    from jwtinspector.core.json_serialization import JsonJws
from jwtinspector.core.verify import (
    CheckStatus,
    ClaimCheck,
    SignatureStatus,
    VerificationReport,
    VerifyOptions,
    verify,
)

Verdict = VerificationReport
"""The pipeline's answer (an alias: the report type the views already show)."""

_NO_EXPECTATIONS = VerifyOptions()


@dataclasses.dataclass(frozen=True)
class KeysInUse:
    """The keys a verdict is asked for, and where they came from.

    Attributes:
        key: A key or secret the user gave, a key set, or fetched keys
            (None: no key, the signature cannot be checked).
        trace: How fetched keys were found (empty for keys the user gave).
        warning: Why the keys prove little, e.g. the token brought them
            along itself (jku, x5u, x5c); "" when nothing to say.
        source: The issuer or JWKS URL the keys were fetched from, as the user
            named it; an issuer binds them to its tokens. None for keys the
            user gave or the token brought.
        certificates: The certificates (DER) the user gave the key as; the
            verdict warns when one has expired or is not valid yet.
    """

    key: KeyMaterial | KeySet | None = dataclasses.field(default=None, repr=False)
    trace: tuple[str, ...] = ()
    warning: str = ""
    source: KeySource | None = None
    certificates: tuple[bytes, ...] = dataclasses.field(default=(), repr=False)

    @property
    def fetched(self) -> bool:
        """True for keys found by a fetch (or taken from the token itself)."""
        return bool(self.trace or self.warning or self.source is not None)


def verdict(
    token: DecodedToken,
    keys: KeysInUse,
    *,
    now: float,
    options: VerifyOptions = _NO_EXPECTATIONS,
    access_token: str | None = None,
    code: str | None = None,
    fetch_steps: bool = True,
    strict: bool = False,
) -> Verdict:
    """The verdict on ``token`` with ``keys``, held to ``options``.

    ``access_token`` and ``code`` check the ID token's at_hash and c_hash.
    ``strict`` fails a token the extractor had to repair (:func:`repaired`);
    without it the repaired token is checked and the verdict warns.
    ``fetch_steps=False`` leaves the fetch steps out of the trace when the
    keys were fetched for another issuer's token (the window, where the token
    changed after the fetch).
    """
    if keys.fetched:
        # How the keys were found, then which was chosen (the engine's
        # wording); keys from an issuer vouch only for its tokens; a key the
        # token brought along is flagged.
        report = verify(
            token, keys.key, now=now, options=source_options(options, keys.source)
        )
        report = with_key_steps(
            report, keys.key, keys.trace, token=token, source=keys.source,
            options=options, keep_steps=fetch_steps,
        )  # fmt: skip
        if keys.warning:
            signature = dataclasses.replace(
                report.signature,
                warnings=(*report.signature.warnings, keys.warning),
            )
            report = dataclasses.replace(report, signature=signature)
    else:
        report = verify(token, keys.key, now=now, options=options)
    if access_token or code:
        report = with_oidc_hash_checks(
            report, token, access_token=access_token or None, code=code or None
        )
    if keys.certificates and report.signature.key is not None:
        dates = certificate_date_warnings(keys.certificates, now=now)
        signature = dataclasses.replace(
            report.signature, warnings=(*report.signature.warnings, *dates)
        )
        report = dataclasses.replace(report, signature=signature)
    return repaired(report, token, strict=strict)


def repaired(report: Verdict, token: DecodedToken, *, strict: bool) -> Verdict:
    """``report`` on a token the extractor repaired: a warning that a server
    would refuse it as given and, when ``strict``, a failed check that makes
    the verdict invalid. ``report`` itself for a token taken as it was."""
    if not token.repairs:
        return report
    what = "; ".join(token.repairs)
    warning = (
        f"The token was repaired before it was checked: {what}. A server would "
        "refuse the token as given."
    )
    signature = dataclasses.replace(
        report.signature, warnings=(*report.signature.warnings, warning)
    )
    report = dataclasses.replace(report, signature=signature)
    if not strict:
        return report
    refused = ClaimCheck(
        "token",
        CheckStatus.FAILED,
        "Refused as given: the token had to be repaired (see the warning), and a "
        "server checks a token exactly as it receives it.",
    )
    return dataclasses.replace(report, claims=(*report.claims, refused))


UNPROTECTED_ALG_WARNING = (
    "alg is only in the unprotected header, which the signature does not cover "
    "(RFC 7515 §7.2.1): it was checked with the algorithm the key allows."
)


@dataclasses.dataclass(frozen=True)
class SignaturesVerdict:
    """The verdicts on every signature of a JWS in JSON serialization.

    Attributes:
        verdicts: One verdict per signature, in the JWS's order.
    """

    verdicts: tuple[Verdict, ...]

    @property
    def verified(self) -> tuple[int, ...]:
        """Indices of the signatures that verified."""
        return self._with(SignatureStatus.VALID)

    @property
    def rejected(self) -> tuple[int, ...]:
        """Indices of the signatures a fitting key found invalid."""
        return self._with(SignatureStatus.INVALID)

    @property
    def valid(self) -> bool:
        """At least one signature verified, none that a key fits failed, and
        the claims pass. Signatures no key given fits are not counted against."""
        return (
            bool(self.verified)
            and not self.rejected
            and all(self.verdicts[i].valid for i in self.verified)
        )

    @property
    def summary(self) -> str:
        """One sentence: how many verified, which failed."""
        total = len(self.verdicts)
        if not total:
            return "No signature to check."
        text = f"{len(self.verified)} of {total} signature{'s' if total != 1 else ''} "
        text += "verified"
        if self.verified:
            text += f" ({_numbers(self.verified)})"
        if self.rejected:
            text += f"; invalid: {_numbers(self.rejected)}"
        return text + "."

    def _with(self, status: SignatureStatus) -> tuple[int, ...]:
        return tuple(
            i for i, v in enumerate(self.verdicts) if v.signature.status is status
        )


def _numbers(indices: tuple[int, ...], shown: int = 10) -> str:
    """ "#1, #3" for indices 0 and 2; a long list is cut ("and 990 more")."""
    text = ", ".join(f"#{i + 1}" for i in indices[:shown])
    more = len(indices) - shown
    return f"{text} and {more:,} more" if more > 0 else text


def signatures_verdict(
    jws: JsonJws,
    keys: KeysInUse,
    *,
    now: float,
    options: VerifyOptions = _NO_EXPECTATIONS,
) -> SignaturesVerdict:
    """The verdict on each signature of ``jws``, each held to the same rules as
    a compact token's: a key set picks by each signature's kid and alg, a
    single key checks each signature whose alg it fits (the others cannot be
    checked with it), ``alg: none`` is never verified."""
    verdicts = []
    for signature in jws.signatures:
        report = verdict(signature.token, keys, now=now, options=options)
        if signature.unprotected_alg:
            sig = dataclasses.replace(
                report.signature,
                warnings=(*report.signature.warnings, UNPROTECTED_ALG_WARNING),
            )
            report = dataclasses.replace(report, signature=sig)
        verdicts.append(report)
    return SignaturesVerdict(tuple(verdicts))


def claim_checks(
    token: DecodedToken,
    keys: KeysInUse,
    *,
    now: float,
    options: VerifyOptions = _NO_EXPECTATIONS,
) -> tuple[ClaimCheck, ...]:
    """The claim checks alone, with the same issuer rule."""
    return check_claims_for_source(token, keys.source, now=now, options=options)


def rechecked(
    report: Verdict,
    token: DecodedToken,
    keys: KeysInUse,
    *,
    now: float,
    options: VerifyOptions = _NO_EXPECTATIONS,
    access_token: str | None = None,
    code: str | None = None,
) -> Verdict:
    """``report`` with its claims checked again at ``now`` (the countdown's tick).

    The signature is not checked again; the at_hash / c_hash checks are kept.
    """
    fresh = dataclasses.replace(
        report, claims=claim_checks(token, keys, now=now, options=options)
    )
    if access_token or code:
        fresh = with_oidc_hash_checks(
            fresh, token, access_token=access_token or None, code=code or None
        )
    return fresh


def fetch_keys(
    token: DecodedToken,
    source: KeySource,
    *,
    cache: JwksCache,
    now: float | None = None,
    cancel: threading.Event | None = None,
    refresh: bool = False,
) -> KeysInUse:
    """Fetch (or reuse) the keys of an issuer or a JWKS URL for ``token``.

    An issuer URL with no discovery document that serves a key set is used as
    one, and its keys stay bound to that issuer.

    Raises:
        FetchError: If the keys cannot be fetched; its ``trace`` has the steps
            done, and ``cancelled`` is True when ``cancel`` was set.
    """
    found = resolve_keys(
        token, source, cache=cache, now=now, cancel=cancel, refresh=refresh
    )
    return KeysInUse(found.keys, found.trace, source=found.source)


def verify_with_source(
    token: DecodedToken,
    source: KeySource,
    *,
    cache: JwksCache,
    now: float,
    options: VerifyOptions = _NO_EXPECTATIONS,
    cancel: threading.Event | None = None,
    refresh: bool = False,
    access_token: str | None = None,
    code: str | None = None,
    strict: bool = False,
) -> Verdict:
    """Fetch (or reuse) the source's keys and give the verdict with them.

    The trace lists the fetch steps, then the key selection. With an issuer
    source, ``iss`` must equal it unless ``options.issuer`` says otherwise. A
    token that no key could check (alg none, JWE, malformed), or whose alg
    the user did not allow, is reported without fetching anything.

    Raises:
        FetchError: If the keys cannot be fetched (see :func:`fetch_keys`).
    """
    derived = source_options(options, source)
    unchecked = verify(token, None, now=now, options=derived)
    if unchecked.signature.status is SignatureStatus.CANNOT_CHECK:
        keys, options = KeysInUse(), derived
    elif options.algorithms and token.alg not in options.algorithms:
        keys, options = KeysInUse(KeySet((), ())), derived
    else:
        keys = fetch_keys(
            token, source, cache=cache, now=now, cancel=cancel, refresh=refresh
        )
    return verdict(
        token, keys, now=now, options=options, access_token=access_token, code=code,
        strict=strict,
    )  # fmt: skip
