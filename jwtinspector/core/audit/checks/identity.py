"""Who the token is from, about and for: iss, sub, aud and jti, access-token
claims and tokens that could pass for another kind."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from jwtinspector.core.audit.context import (
    Context,
    is_refresh_token,
    join_words,
    quoted,
    typing_claim,
)
from jwtinspector.core.audit.findings import CATALOGUE, Finding
from jwtinspector.core.audit.registry import check
from jwtinspector.core.text import json_kind

_NO_ISS_TYPES = frozenset({"dpop+jwt", "kb+jwt"})
"""typ values whose profile has no iss: a DPoP proof (RFC 9449 §4.2) and an
SD-JWT key-binding JWT are made by the client, not by an issuer."""
_NO_AUD_TYPES = frozenset({"dpop+jwt"})
"""typ values whose profile has no aud: a DPoP proof names its target with
htm and htu instead (RFC 9449 §4.2)."""
_ACCESS_TOKEN_CLAIMS = ("iss", "exp", "aud", "sub", "client_id", "iat", "jti")
"""The claims RFC 9068 §2.2 requires in every JWT access token (typ at+jwt)."""
_ACCESS_ONLY_CLAIMS = {
    "sub": "the resource owner it was issued for, or the client itself when no "
    "user is involved",
    "client_id": "the client it was issued to",
    "iat": "when it was issued",
}
"""The required access-token claims that AT-CLAIMS-MISSING lists, with what each
says. The other four have findings of their own whatever the typ (ISS-MISSING,
EXP-MISSING, AUD-MISSING, JTI-MISSING), which for at+jwt say that RFC 9068
requires them and are more severe; listing them here as well would report one
missing claim twice."""


def _access_requires(name: str, access: bool) -> str:
    return (
        f" An OAuth access token (typ at+jwt) must have {name} (RFC 9068 §2.2)."
        if access
        else ""
    )


_PYJWT_STRING_CLAIMS = {
    "sub": ("InvalidSubjectError", "the subject", "RFC 7519 §4.1.2"),
    "jti": ("InvalidJTIError", "the token id", "RFC 7519 §4.1.7"),
}
_ID_TOKEN_CLAIMS = ("nonce", "at_hash", "c_hash", "s_hash", "azp")
"""Claims OpenID Connect defines for ID tokens. auth_time is not here: RFC
9068 §2.2.1 lets access tokens carry it too. azp is, but alone it does not mark
an access token as a relabelled ID token: many issuers put it in both."""
_LOGIN_CLAIMS = (*_ID_TOKEN_CLAIMS, "auth_time", "scope", "client_id")


@check("identity", order=220)
def _check_identity(ctx: Context) -> Iterator[Finding]:
    claims = ctx.claims
    if claims is None or not ctx.is_jws:
        return
    yield from _iss_findings(ctx, claims)
    yield from _aud_findings(ctx, claims)
    yield from _sub_findings(ctx, claims)
    for name in ("sub", "jti"):
        if name in claims and not isinstance(claims[name], str):
            yield _not_a_string(name, claims[name])


def _iss_findings(ctx: Context, claims: dict[str, Any]) -> Iterator[Finding]:
    if "iss" not in claims or claims["iss"] == "":
        if ctx.typ in _NO_ISS_TYPES:
            return
        empty = "iss" in claims
        access = ctx.typ == "at+jwt"
        yield CATALOGUE["ISS-MISSING"].finding(
            "iss is empty: the token does not say who issued it"
            if empty
            else "No iss: the token does not say who issued it",
            "iss names the issuer, the party that made and signed the token. "
            "Without it a verifier that trusts several issuers, or one key for "
            "several services, cannot check that this token comes from the one "
            "it expects, so a token issued elsewhere can be substituted. A "
            "verifier that does check the issuer (PyJWT's decode(..., "
            "issuer=...)) rejects the token." + _access_requires("iss", access),
            severity="medium" if access else "low",
            reference="RFC 8725 §3.8; RFC 7519 §4.1.1"
            + ("; RFC 9068 §2.2" if access else ""),
            segment="payload",
            claim="iss",
        )
        return
    iss = claims["iss"]
    if not isinstance(iss, str):
        yield CATALOGUE["ISS-TYPE"].finding(
            f"iss is {json_kind(iss)}, not a string",
            f"iss is {quoted(iss)}. RFC 7519 makes it a string (a StringOrURI), "
            "compared exactly. A verifier that checks the issuer refuses the "
            'token (PyJWT: InvalidIssuerError "Payload Issuer (iss) must be a '
            'string"); one that converts it to text first may match an issuer it '
            "should not.",
            segment="payload",
            claim="iss",
        )
        return
    if _plain_http(iss):
        yield CATALOGUE["ISS-NOT-HTTPS"].finding(
            f"iss uses http, not https: {quoted(iss)}",
            f"The issuer is {quoted(iss)}. Verifiers often find an issuer's keys "
            "from its URL (OpenID Connect discovery, /.well-known/jwks.json): "
            "over plain http anyone on the network path can swap those keys for "
            "their own and have their tokens accepted. OpenID Connect and OAuth "
            "metadata require an https issuer; http is acceptable only for a "
            "local test server (localhost).",
            segment="payload",
            claim="iss",
        )


def _sub_findings(ctx: Context, claims: dict[str, Any]) -> Iterator[Finding]:
    """SUB-MISSING for an ID token only. RFC 7519 leaves sub optional, and many
    kinds of JWT rightly have none (DPoP and key proofs, SETs, logout tokens
    with sid, request objects), so a plain token without sub gets no finding,
    not even info: it would tell a learner nothing they could act on. Access
    tokens (at+jwt) get sub in AT-CLAIMS-MISSING."""
    if claims.get("sub", "") != "":
        return
    evidence = _id_token_evidence(ctx, claims)
    if evidence is None:
        return
    empty = "sub" in claims
    yield CATALOGUE["SUB-MISSING"].finding(
        "sub is empty in an ID token: it does not say who logged in"
        if empty
        else "No sub in an ID token: it does not say who logged in",
        f"This looks like an OpenID Connect ID token: {evidence}. OpenID Connect "
        "requires sub in every ID token (Core §2): iss and sub together are the "
        "one stable, unique identifier of the user, the one a client must key "
        "its accounts on (Core §5.7). Without it a client either refuses the "
        "token or falls back to claims such as email or preferred_username, "
        "which can change, be reused or be set by the user at a lax provider, "
        "letting one person sign in as another. RFC 7519 leaves sub optional in "
        "JWTs in general; the ID token profile requires it.",
        segment="payload",
        claim="sub",
    )


def _id_token_evidence(ctx: Context, claims: dict[str, Any]) -> str | None:
    """Why the token is taken for an ID token, or None.

    ID tokens have typ JWT or none. A typing claim decides when there is one:
    "id" marks an ID token (Cognito's token_use, Keycloak's typ "ID"), anything
    else another kind (Keycloak puts nonce in its typ "Bearer" access tokens).
    Otherwise nonce and the hashes mark one (not azp, which access tokens carry
    too, nor auth_time: RFC 9068 §2.2.1). Security event and logout tokens
    (events) are not ID tokens."""
    if ctx.typ not in (None, "jwt") or "events" in claims:
        return None
    typing = typing_claim(claims)
    if typing is not None:
        if typing[1].strip().lower() == "id":
            return f"its {typing[0]} claim is {quoted(typing[1])}"
        return None
    found = [name for name in _ID_TOKEN_CLAIMS if name in claims and name != "azp"]
    if found:
        return f"it carries {join_words(found)}, which only ID tokens have"
    return None


def _plain_http(url: str) -> bool:
    """True for an http:// URL whose host is not a loopback name or address."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme.lower() != "http":
        return False
    if not host:
        return True
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(name).is_loopback
    except ValueError:
        return True


def _aud_findings(ctx: Context, claims: dict[str, Any]) -> Iterator[Finding]:
    if "aud" not in claims:
        if ctx.typ in _NO_AUD_TYPES:
            return
        client = claims.get("client_id")
        access = ctx.typ == "at+jwt"
        # client_id in place of aud is Cognito's format for tokens without typ;
        # a token that says at+jwt has no such excuse: RFC 9068 requires aud.
        named = isinstance(client, str) and bool(client.strip()) and not access
        yield CATALOGUE["AUD-MISSING"].finding(
            "No aud: the token does not say who it is for",
            "aud names the recipients the token is meant for. Without it a token "
            "issued for one service is accepted by every other service that "
            "trusts the same issuer: whoever receives it (or steals it from a "
            "less careful service) can replay it elsewhere, the substitution "
            "attack of RFC 8725 §2.7. A verifier that requires an audience, such "
            "as PyJWT's decode(..., audience=...), refuses it."
            + _access_requires("aud", access)
            + (
                f" This token names the client it was issued to in client_id "
                f"({quoted(client)}) instead, as Amazon Cognito access tokens do: "
                "that is the issuer's format, not a mistake in your setup, but "
                "it only protects a service that checks client_id (and scope) "
                "itself."
                if named
                else ""
            ),
            severity="info" if named else "medium" if access else "low",
            advice='Set aud to the service the token is for (for example "https://api.'
            'example.com") and have each service check that it is listed'
            + (
                "; where the issuer gives no aud, check client_id and scope "
                "against the values your service expects."
                if named
                else "."
            ),
            reference=(
                CATALOGUE["AUD-MISSING"].reference + "; RFC 9068 §2.2"
                if access
                else None
            ),
            segment="payload",
            claim="aud",
        )
        return
    aud = claims["aud"]
    values = aud if isinstance(aud, list) else [aud]
    if not all(isinstance(value, str) for value in values):
        yield CATALOGUE["AUD-TYPE"].finding(
            f"aud is {json_kind(aud)}"
            + (" with a non-string member" if isinstance(aud, list) else "")
            + ", not a string or list of strings",
            f"aud is {quoted(aud)}. RFC 7519 allows one string or an array of "
            "strings. A verifier that checks the audience refuses the token "
            '(PyJWT: InvalidAudienceError "Invalid claim format in token"), and '
            "one that converts values to text may match where it should not.",
            segment="payload",
            claim="aud",
        )
        return
    if not values or all(not value.strip() for value in values):
        if not isinstance(aud, list):
            title = "aud is empty"
        else:
            title = "aud lists only empty names" if aud else "aud is an empty list"
        yield _aud_wildcard(
            title,
            f"aud is {quoted(aud)}, which names no recipient. Many verifiers treat an "
            "empty aud like a missing one: PyJWT without an audience accepts it, "
            "so the token is good for every service of the issuer.",
        )
        return
    wild = [value for value in values if "*" in value]
    if wild:
        yield _aud_wildcard(
            f"aud is wildcard-like: {quoted(wild[0])}",
            f"aud contains {quoted(wild[0])}. The audience is compared as an exact "
            "string (RFC 7519 §4.1.3): no standard gives '*' a meaning, yet "
            "home-made verifiers that treat it as a pattern accept the token at "
            "every service, which is what aud exists to prevent.",
        )


def _aud_wildcard(title: str, first: str) -> Finding:
    return CATALOGUE["AUD-WILDCARD"].finding(
        title,
        f"{first} A token valid everywhere can be replayed from one service to "
        "another (the substitution attack of RFC 8725 §2.7).",
        segment="payload",
        claim="aud",
    )


def _not_a_string(name: str, value: Any) -> Finding:
    error, meaning, section = _PYJWT_STRING_CLAIMS[name]
    example = '"user-123"' if name == "sub" else '"5f1c9b2e-7a"'
    return CATALOGUE["SUB-TYPE" if name == "sub" else "JTI-TYPE"].finding(
        f"{name} is {json_kind(value)}, not a string",
        f"{name} is {quoted(value)}. RFC 7519 makes {name}, {meaning}, a "
        "case-sensitive string, and PyJWT 2.10 and later enforce it: every "
        f"decode of this token fails with {error}, so a server using PyJWT "
        "refuses it even though the signature is right. Other libraries compare "
        f'{name} as text, so 123 and "123" may or may not be the same '
        + ("user." if name == "sub" else "token.")
        + (
            ' Writing "sub": user_id with a numeric database id, as many tutorials '
            "do, gives exactly this."
            if name == "sub" and isinstance(value, int) and not isinstance(value, bool)
            else ""
        ),
        advice=f"Write {name} as a JSON string, for example {example} or "
        f"str(user_id) when the id is a number.",
        reference=f"{section}; PyJWT 2.10.0",
        segment="payload",
        claim=name,
    )


@check("identity", order=230)
def _check_jti(ctx: Context) -> Iterator[Finding]:
    claims = ctx.claims
    if claims is None or not ctx.is_jws or "jti" in claims:
        return
    if ctx.typ == "dpop+jwt":
        return  # DPOP-CLAIMS-MISSING lists jti with the proof's other claims
    refresh = is_refresh_token(claims) or "refresh" in (ctx.typ or "")
    access = ctx.typ == "at+jwt"
    yield CATALOGUE["JTI-MISSING"].finding(
        "No jti in a refresh token: it cannot be revoked on its own"
        if refresh
        else "No jti: this one token cannot be revoked or checked for replay",
        "jti is a unique id for one token. A server keeps the ids of revoked or "
        "already used tokens to refuse them before exp (a deny list), or to "
        "detect a one-time token being replayed; without it the only ways to cut "
        "a token off are to wait for exp or to revoke everything the user or key "
        "holds."
        + (
            " Refresh tokens live for days and are exactly the ones you need to "
            "revoke one by one (logout, theft, rotation)."
            if refresh
            else ""
        )
        + _access_requires("jti", access),
        severity="low" if refresh or access else "info",
        reference="RFC 7519 §4.1.7; RFC 8725 §3"
        + ("; RFC 9068 §2.2" if access else ""),
        segment="payload",
        claim="jti",
    )


@check("identity", order=240)
def _check_access_token(ctx: Context) -> Iterator[Finding]:
    claims = ctx.claims
    if claims is None or not ctx.is_jws or ctx.typ != "at+jwt":
        return
    missing = _missing_access_claims(claims)
    if not missing or _id_claims_in_access_token(claims):
        # With ID-token claims the missing ones are named in CROSS-JWT instead:
        # one finding for one cause, an ID token relabelled as an access token.
        return
    listed = ", ".join(missing)
    uses = "; ".join(f"{name}, {_ACCESS_ONLY_CLAIMS[name]}" for name in missing)
    yield CATALOGUE["AT-CLAIMS-MISSING"].finding(
        f"Access token (typ at+jwt) without required claims: {listed}",
        "typ says this is an OAuth access token in the JWT profile of RFC 9068, "
        f"which requires {join_words(_ACCESS_TOKEN_CLAIMS)} in every one (§2.2). This "
        f"one has no {join_words(missing, 'or')} ({uses}). A resource server that "
        "validates the profile rejects the token, and one that reads these "
        "claims anyway, to decide what the user may do or to check which client "
        "is calling, has nothing to go on and may fall back to a default.",
        segment="payload",
        claim=missing[0],
    )


def _missing_access_claims(claims: dict[str, Any]) -> list[str]:
    """The claims of _ACCESS_ONLY_CLAIMS that are absent (or, for the strings,
    empty: iat of the wrong type gets NUMERICDATE-TYPE instead)."""
    return [
        name
        for name in _ACCESS_ONLY_CLAIMS
        if name not in claims or (name != "iat" and claims[name] == "")
    ]


def _id_claims_in_access_token(claims: dict[str, Any]) -> list[str]:
    found = [name for name in _ID_TOKEN_CLAIMS if name in claims]
    if found == ["azp"]:
        # Keycloak, Entra ID and Auth0 name the client with azp in access
        # tokens too; only with nonce or a hash does it point to an ID token.
        return []
    return found


@check("identity", order=250)
def _check_cross_jwt(ctx: Context) -> Iterator[Finding]:
    claims = ctx.claims
    if claims is None or not ctx.is_jws:
        return
    typ = ctx.typ
    if typ == "at+jwt":
        found = _id_claims_in_access_token(claims)
        if found:
            listed = ", ".join(found)
            missing = _missing_access_claims(claims)
            yield _cross_jwt(
                f"Access token (typ at+jwt) with ID-token claims: {listed}",
                f"typ says this is an OAuth access token (RFC 9068), but it "
                f"carries {listed}, which only OpenID Connect ID tokens have"
                + (
                    f", and lacks {join_words(missing)}, which RFC 9068 §2.2 "
                    "requires in every access token"
                    if missing
                    else ""
                )
                + ". Either an ID token was relabelled to be used as an access "
                "token, or the issuer mixes the two kinds; both let a token made "
                "for a client's login be presented to an API.",
                found[0],
            )
        return
    if "events" not in claims:
        return
    logout = typ == "logout+jwt"
    login = [name for name in _LOGIN_CLAIMS if name in claims]
    if "exp" in claims and not logout:
        login.insert(0, "exp")
    if not login:
        return
    listed = ", ".join(login)
    yield _cross_jwt(
        f"Security event token (events) with login-style claims: {listed}",
        "events marks a Security Event Token (RFC 8417) or a logout token: a "
        f"statement about something that happened. It also carries {listed}. "
        "SETs leave out exp and the ID and access token claims precisely so that "
        "no ID-token or access-token validator can accept one (RFC 8417 §4.1); "
        "with them, a SET may pass as a login or an API call.",
        "events",
    )


def _cross_jwt(title: str, first: str, claim: str) -> Finding:
    return CATALOGUE["CROSS-JWT"].finding(
        title,
        f"{first} RFC 8725 calls this cross-JWT confusion: a token valid for one "
        "purpose accepted for another.",
        segment="payload",
        claim=claim,
    )
