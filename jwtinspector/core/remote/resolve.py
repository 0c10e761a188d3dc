"""Verify a token with keys fetched from a source, and keep the issuer binding:
keys fetched for an issuer vouch only for tokens whose ``iss`` is that issuer."""

from __future__ import annotations

import dataclasses
import threading

from jwtinspector.core.keys import KeyMaterial, KeySet
from jwtinspector.core.remote.cache import JwksCache
from jwtinspector.core.remote.errors import FetchError, FetchKind
from jwtinspector.core.remote.urls import KeySource
from jwtinspector.core.text import json_snippet, printable, quote
from jwtinspector.core.token import DecodedToken
from jwtinspector.core.verify import (
    CheckStatus,
    ClaimCheck,
    SignatureResult,
    SignatureStatus,
    VerificationReport,
    VerifyOptions,
    check_claims,
)

_ANY_TOKEN = VerifyOptions()


@dataclasses.dataclass(frozen=True)
class ResolvedKeys:
    """Keys fetched for a token, how they were found, and whom they vouch for.

    ``source`` is the source the user named: when an issuer URL with no
    discovery document served a key set itself, it is still that issuer, so
    its keys vouch only for tokens whose ``iss`` is that issuer.
    """

    keys: KeySet
    trace: tuple[str, ...]
    source: KeySource


def resolve_keys(
    token: DecodedToken,
    source: KeySource,
    *,
    cache: JwksCache,
    now: float | None = None,
    cancel: threading.Event | None = None,
    refresh: bool = False,
) -> ResolvedKeys:
    """Fetch (or reuse) the source's keys for ``token``.

    An issuer with no discovery document whose URL answers a key set itself
    is used as a JWKS URL; the keys stay bound to the issuer. The window and
    the CLI both fetch through this.

    Raises:
        FetchError: If the keys cannot be fetched (for an issuer, the error of
            its discovery when the fallback fails too); its ``trace`` has the
            steps done, and ``cancelled`` is True when ``cancel`` was set.
    """
    try:
        keys, steps = cache.resolve(token, source, now, cancel=cancel, refresh=refresh)
        return ResolvedKeys(keys, steps, source)
    except FetchError as err:
        if source.kind != "issuer" or err.kind is not FetchKind.NO_DISCOVERY:
            raise
        first = err
    try:
        keys, steps = cache.resolve(
            token, KeySource.jwks(source.url), now, cancel=cancel, refresh=refresh
        )
    except FetchError as second:
        if second.cancelled:
            raise
        raise first from None
    note = (
        f"{source.url} has no discovery document, but answers a key set itself: "
        "used as a JWKS URL (its keys still vouch only for this issuer's tokens)"
    )
    return ResolvedKeys(keys, (*first.trace, printable(note), *steps), source)


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
    iss = _token_iss(claims)
    return (
        f"Wrong issuer: the keys were fetched for issuer {quote(source.url)}, but "
        f"this token {iss}: "
        "they are another issuer's keys and prove nothing about this token. Fetch "
        "the keys of the token's own issuer."
    )


def _token_iss(claims: dict[str, object]) -> str:
    """'has iss "…"' or 'has no iss', for the wrong-issuer sentences."""
    if "iss" in claims:
        return f"has iss {json_snippet(claims['iss'], 200)}"
    return "has no iss"


def unvouched(
    signature: SignatureResult, token: DecodedToken, source: KeySource
) -> SignatureResult:
    """The signature result when the keys are another issuer's: not verified.

    Keys fetched for issuer A prove nothing about a token of issuer B, even
    when B's token was signed by one of them (e.g. an issuer URL with no
    discovery document that serves a key set itself): the signature is never
    "verified" then, whatever the key says. A signature no key could check
    keeps its own reason.
    """
    status = signature.status
    if status not in (SignatureStatus.VALID, SignatureStatus.INVALID):
        return signature
    matched = status is SignatureStatus.VALID
    claims = token.claims or {}
    whose = (
        f"not to this token's issuer {json_snippet(claims['iss'], 200)}"
        if "iss" in claims
        else "and this token has no iss"
    )
    message = (
        f"Not verified: the keys belong to issuer {quote(source.url)}, {whose}, "
        "so they cannot vouch for it"
        + (" (its signature does match one of them)." if matched else ".")
    )
    trace = signature.trace
    if trace and trace[-1].startswith(("signature verified", "signature invalid")):
        what = "matches" if matched else "does not match"
        trace = (
            *trace[:-1],
            f"the signature {what} a key of issuer {source.url}: that says nothing "
            "about a token of another issuer",
        )
    return dataclasses.replace(
        signature,
        status=SignatureStatus.CANNOT_CHECK,
        message=printable(message),
        key=None,
        trace=tuple(printable(line) for line in trace),
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
    their own, a first line says so, the ``iss`` check says the keys came
    from another issuer, and the signature is not verified (:func:`unvouched`);
    ``keep_steps=False`` then drops the fetch steps (the
    window, where the token changed after the fetch). The CLI and the window
    both use this.
    """
    trace = report.signature.trace
    if isinstance(keys, KeySet):
        counted = keys.summary()
        if trace[: len(counted)] == counted:
            trace = trace[len(counted) :]
    claims = report.claims
    signature = report.signature
    foreign = None
    if options.issuer is None and token is not None:
        foreign = foreign_issuer(token, source)
    if foreign is not None and token is not None and source is not None:
        steps = (f"✗ {foreign}", *(steps if keep_steps else ()))
        claims = _foreign_claims(claims, foreign)
        checked = dataclasses.replace(signature, trace=trace)
        signature = unvouched(checked, token, source)
        trace = signature.trace
    signature = dataclasses.replace(signature, trace=(*steps, *trace))
    return dataclasses.replace(report, signature=signature, claims=claims)


# --- header-carried key locations -----------------------------------------------------
