"""Verify a token with keys fetched from a source, and keep the issuer binding:
keys fetched for an issuer vouch only for tokens whose ``iss`` is that issuer."""

from __future__ import annotations

import dataclasses
import threading

from jwtinspector.core.keys import KeyMaterial, KeySet
from jwtinspector.core.remote.cache import JwksCache
from jwtinspector.core.remote.urls import KeySource
from jwtinspector.core.text import json_snippet, quote
from jwtinspector.core.token import DecodedToken
from jwtinspector.core.verify import (
    CheckStatus,
    ClaimCheck,
    SignatureStatus,
    VerificationReport,
    VerifyOptions,
    check_claims,
    verify,
)

_ANY_TOKEN = VerifyOptions()


def verify_with_source(
    token: DecodedToken,
    source: KeySource,
    *,
    cache: JwksCache,
    now: float,
    options: VerifyOptions = _ANY_TOKEN,
    cancel: threading.Event | None = None,
    refresh: bool = False,
) -> VerificationReport:
    """Fetch (or reuse) the source's keys and verify token with them.

    The report's ``signature.trace`` lists the fetch steps, then the key
    selection. With an issuer source, ``iss`` must equal it unless
    ``options.issuer`` says otherwise. A token that no key could check (alg
    none, JWE, malformed) is reported without fetching anything.

    Raises:
        FetchError: If the keys cannot be fetched; its ``trace`` has the steps
            done, and ``cancelled`` is True when ``cancel`` was set.
    """
    derived = source_options(options, source)
    unchecked = verify(token, None, now=now, options=derived)
    if unchecked.signature.status is SignatureStatus.CANNOT_CHECK:
        return unchecked
    if options.algorithms and token.alg not in options.algorithms:
        return verify(token, KeySet((), ()), now=now, options=derived)
    keys, steps = cache.resolve(token, source, now, cancel=cancel, refresh=refresh)
    report = verify(token, keys, now=now, options=derived)
    return with_key_steps(
        report, keys, steps, token=token, source=source, options=options
    )


def source_options(options: VerifyOptions, source: KeySource | None) -> VerifyOptions:
    """Keys from an issuer vouch only for its tokens: ``iss`` must be that issuer.

    The user's own expected issuer, when given, is kept.
    """
    if source is not None and source.kind == "issuer" and options.issuer is None:
        return dataclasses.replace(options, issuer=source.url)
    return options


def foreign_issuer(token: DecodedToken, source: KeySource | None) -> str | None:
    """Why keys fetched for an issuer do not apply to a token from another one."""
    if source is None or source.kind != "issuer":
        return None
    claims = token.claims or {}
    if claims.get("iss") == source.url:
        return None
    iss = (
        f"has iss {json_snippet(claims['iss'], 200)}"
        if "iss" in claims
        else "has no iss"
    )
    return (
        f"Wrong issuer: the keys were fetched for issuer {quote(source.url)}, but "
        f"this token {iss}: "
        "they are another issuer's keys and prove nothing about this token. Fetch "
        "the keys of the token's own issuer."
    )


def check_claims_for_source(
    token: DecodedToken,
    source: KeySource | None,
    *,
    now: float,
    options: VerifyOptions = _ANY_TOKEN,
) -> tuple[ClaimCheck, ...]:
    """The claim checks, with ``iss`` held to the issuer the keys came from."""
    claims = check_claims(token, now=now, options=source_options(options, source))
    foreign = foreign_issuer(token, source) if options.issuer is None else None
    return claims if foreign is None else _foreign_claims(claims, foreign)


def _foreign_claims(
    claims: tuple[ClaimCheck, ...], foreign: str
) -> tuple[ClaimCheck, ...]:
    return tuple(
        ClaimCheck("iss", CheckStatus.FAILED, foreign)
        if check.claim == "iss" and check.failed
        else check
        for check in claims
    )


def with_key_steps(
    report: VerificationReport,
    keys: KeySet | KeyMaterial | None,
    steps: tuple[str, ...],
    *,
    token: DecodedToken | None = None,
    source: KeySource | None = None,
    options: VerifyOptions = _ANY_TOKEN,
    keep_steps: bool = True,
) -> VerificationReport:
    """The report with how the keys were found put before how one was chosen.

    The fetch steps already count the keys, so the selection's own count
    (``KeySet.summary``) is not repeated. When the keys came from an issuer
    (``source``) the token does not name, and the user expects no issuer of
    their own, a first line says so and the ``iss`` check says the keys came
    from another issuer; ``keep_steps=False`` then drops the fetch steps (the
    window, where the token changed after the fetch). The CLI and the window
    both use this.
    """
    trace = report.signature.trace
    if isinstance(keys, KeySet):
        counted = keys.summary()
        if trace[: len(counted)] == counted:
            trace = trace[len(counted) :]
    claims = report.claims
    foreign = None
    if options.issuer is None and token is not None:
        foreign = foreign_issuer(token, source)
    if foreign is not None:
        steps = (f"✗ {foreign}", *(steps if keep_steps else ()))
        claims = _foreign_claims(claims, foreign)
    signature = dataclasses.replace(report.signature, trace=(*steps, *trace))
    return dataclasses.replace(report, signature=signature, claims=claims)


# --- header-carried key locations -----------------------------------------------------
