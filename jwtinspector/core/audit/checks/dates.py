"""Time claims: NumericDate types, milliseconds, missing exp, expiry, lifetime,
order and dates in the future."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from jwtinspector.core.audit.context import (
    LONG_LIFETIME,
    Context,
    is_refresh_token,
    quoted,
)
from jwtinspector.core.audit.findings import CATALOGUE, Finding
from jwtinspector.core.audit.registry import check
from jwtinspector.core.numericdate import (
    MILLISECONDS_THRESHOLD,
    NUMERIC_DATE_CLAIMS,
    duration_text,
    format_utc,
    is_numeric,
    relative_text,
)


@check("time", order=210)
def _check_time(ctx: Context) -> Iterator[Finding]:
    claims = ctx.claims
    if claims is None or not ctx.is_jws:
        return
    usable: dict[str, float] = {}
    for name in NUMERIC_DATE_CLAIMS:
        if name not in claims:
            continue
        value = claims[name]
        if not is_numeric(value) or value < 0:
            if name in _VALIDATED_DATES:
                yield _numericdate_type(name, value)
            else:
                yield _profile_date_type(name, value)
        elif value >= MILLISECONDS_THRESHOLD:
            yield _milliseconds(name, value)
        else:
            usable[name] = float(value)
    if "exp" not in claims and not _exp_not_used(ctx, claims):
        yield _exp_missing(ctx)
    yield from _exp_findings(ctx, usable)
    yield from _future_findings(ctx, usable)


def _numericdate_title(name: str, value: Any) -> str:
    kind = {
        str: "a string", bool: "a boolean", type(None): "null", list: "an array",
        dict: "an object",
    }.get(type(value), "not a number")  # fmt: skip
    if is_numeric(value):
        kind = "negative"
    elif isinstance(value, int) and not isinstance(value, bool):
        kind = "too large to be a date"
    elif isinstance(value, float) and not math.isfinite(value):
        kind = "not a finite number"
    numeric = kind in ("negative", "too large to be a date")
    return f"{name} is {kind}" if numeric else f"{name} is {kind}, not a number"


def _numericdate_type(name: str, value: Any) -> Finding:
    return CATALOGUE["NUMERICDATE-TYPE"].finding(
        _numericdate_title(name, value),
        f"{name} is {quoted(value)}. A NumericDate is a JSON number of seconds since "
        "1970-01-01 UTC. Libraries treat other values differently: PyJWT turns "
        "numeric strings into numbers and reads true as 1, others reject the token "
        "or ignore the claim, so one verifier may enforce it while another "
        "silently does not.",
        advice=f"Write {name} as a plain JSON number, for example 1700000000.",
        segment="payload",
        claim=name,
    )


_VALIDATED_DATES = frozenset({"exp", "nbf", "iat"})
"""The NumericDate claims JWT libraries enforce (RFC 7519 §4.1.4-4.1.6)."""


def _profile_date_type(name: str, value: Any) -> Finding:
    """auth_time or updated_at that is not a number: OpenID Connect makes both
    NumericDates, but no JWT library enforces them as it does exp."""
    if name == "updated_at":
        severity = "info"
        effect = (
            "It says when the user's profile last changed and plays no part in "
            "validating the token, so this is not a security problem. Some "
            "providers send an ISO 8601 string here (Auth0 does); code that "
            "compares it as a number, or parses it as a date, breaks on the other "
            "form."
        )
        advice = (
            "Nothing to fix in the token for security; parse updated_at as either "
            "a number or an ISO 8601 string when you display it."
        )
    else:
        severity = "low"
        effect = (
            "A client that sent max_age must compare auth_time with the current "
            "time and reject a login that is too old (OpenID Connect Core "
            "§3.1.3.7); with a value that is not a number, one implementation "
            "rejects the token and another skips the check, so the re-login rule "
            "may silently not apply."
        )
        advice = (
            f"Write {name} as a plain JSON number of seconds, for example 1700000000."
        )
    return CATALOGUE["NUMERICDATE-TYPE"].finding(
        _numericdate_title(name, value),
        f"{name} is {quoted(value)}. OpenID Connect defines {name} as a JSON number of "
        f"seconds since 1970-01-01 UTC (OpenID Connect Core §2, §5.1). {effect}",
        severity=severity,
        advice=advice,
        reference="OpenID Connect Core §2, §5.1; RFC 7519 §2",
        segment="payload",
        claim=name,
    )


_NO_EXP_TYPES = frozenset({"dpop+jwt", "openid4vci-proof+jwt", "secevent+jwt"})
"""typ values whose profile has no exp: a DPoP proof and an OpenID4VCI key
proof are accepted only briefly after their iat (RFC 9449 §4.3, §11.1), and a
Security Event Token leaves exp out so that no ID-token or access-token
validator accepts it (RFC 8417 §2.2, §4.1)."""
_BACKCHANNEL_LOGOUT = "http://schemas.openid.net/event/backchannel-logout"


def _exp_not_used(ctx: Context, claims: dict[str, Any]) -> bool:
    """True for the token kinds that normally have no exp (see _NO_EXP_TYPES).

    A token with events but no typ is taken as a SET too, unless it is a
    back-channel logout token: those must have exp (OpenID Connect Back-Channel
    Logout 1.0 §2.4).
    """
    if ctx.typ in _NO_EXP_TYPES:
        return True
    events = claims.get("events")
    return (
        isinstance(events, dict)
        and ctx.typ != "logout+jwt"
        and _BACKCHANNEL_LOGOUT not in events
    )


def _milliseconds(name: str, value: float) -> Finding:
    return CATALOGUE["NUMERICDATE-MS"].finding(
        f"{name} looks like milliseconds",
        f"{name} is {value:.0f}. Read as seconds, as RFC 7519 requires, that is "
        f"{format_utc(value)}; read as milliseconds it would be "
        f"{format_utc(value / 1000)}. A milliseconds value (JavaScript's "
        "Date.now()) makes exp thousands of years away and iat or nbf far in the "
        "future.",
        segment="payload",
        claim=name,
    )


def _exp_missing(ctx: Context) -> Finding:
    access = ctx.typ == "at+jwt"
    return CATALOGUE["EXP-MISSING"].finding(
        "No exp: the token never expires",
        "Without an expiration time a stolen token works forever unless the "
        "server keeps a list of revoked tokens."
        + (" An OAuth access token (typ at+jwt) must have exp." if access else ""),
        severity="high" if access else "medium",
        segment="payload",
        claim="exp",
    )


def _exp_findings(ctx: Context, usable: dict[str, float]) -> Iterator[Finding]:
    exp = usable.get("exp")
    if exp is None:
        return
    if exp <= ctx.now:
        yield CATALOGUE["EXP-EXPIRED"].finding(
            f"Expired {relative_text(exp - ctx.now)}",
            f"exp is {format_utc(exp)}; verifiers reject the token from then on "
            "(give or take a small clock-skew allowance). This is the token's "
            "state, not a flaw.",
            segment="payload",
            claim="exp",
        )
    iat = usable.get("iat")
    if iat is not None and iat > exp:
        yield _order("iat", "exp", "it was issued after it expired")
    nbf = usable.get("nbf")
    if nbf is not None and nbf > exp:
        yield _order("nbf", "exp", "it is never valid")
    limit = ctx.options.max_lifetime
    if limit is None:
        return
    claims = ctx.claims or {}
    refresh = is_refresh_token(claims)
    if refresh:
        limit = max(limit, LONG_LIFETIME)
    start = iat if iat is not None and iat <= exp else ctx.now
    if exp - start > limit:
        origin = "iat" if start == iat else "now"
        kind = "a refresh token" if refresh else "an access-type token"
        yield CATALOGUE["LIFETIME-EXCESSIVE"].finding(
            f"Lifetime of {duration_text(exp - start)} exceeds {duration_text(limit)}",
            f"From {origin} to exp ({format_utc(exp)}) the token stays valid for "
            f"{duration_text(exp - start)}, more than the {duration_text(limit)} "
            f"allowed for {kind}. Bearer tokens get stolen (logs, browser storage, "
            "proxies), and a JWT cannot be recalled before exp without extra "
            "server state, so a long lifetime widens the window for misuse.",
            segment="payload",
            claim="exp",
        )


def _order(first: str, second: str, meaning: str) -> Finding:
    return CATALOGUE["TIME-ORDER"].finding(
        f"{first} is after {second}: {meaning}",
        f"{first} comes later than {second}, which no correctly issued token does: "
        "the times were edited or computed with the wrong units or time zone.",
        segment="payload",
        claim=first,
    )


def _future_findings(ctx: Context, usable: dict[str, float]) -> Iterator[Finding]:
    for name in ("nbf", "iat"):
        value = usable.get(name)
        if value is None or value <= ctx.now + ctx.options.skew:
            continue
        ahead = value - ctx.now
        if name == "nbf":
            title = f"nbf is in the future: valid {relative_text(ahead)}"
            meaning = (
                f"nbf says the token is not valid before {format_utc(value)}. "
                "Verifiers reject it until then"
            )
        else:
            title = f"iat is in the future: issued {relative_text(ahead)}"
            meaning = (
                f"iat says the token was issued at {format_utc(value)}, which has "
                "not happened yet. PyJWT rejects such tokens"
            )
        yield CATALOGUE["NBF-IAT-FUTURE"].finding(
            title,
            f"{meaning}; {duration_text(ahead)} is more than the "
            f"{duration_text(ctx.options.skew)} of clock skew allowed. It usually "
            "means a wrong clock or time zone at the issuer, or edited times.",
            severity="low" if ahead <= 300 else "medium",
            segment="payload",
            claim=name,
        )
