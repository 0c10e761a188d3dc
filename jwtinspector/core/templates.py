"""Ready-made header and claims sets for crafting test tokens.

Each template is the (header, payload) a person would write by hand for a
common kind of token: the access/refresh pair, an OpenID Connect ID token, a
service-to-service (client credentials) token, and two tokens that fail the
time checks on purpose. NumericDates are whole seconds relative to the
``now`` the caller passes in; every call returns fresh dicts with a fresh
``jti``, so the caller may edit them freely.
"""

from __future__ import annotations

import dataclasses
import math
import types
from collections.abc import Callable, Mapping
from typing import Any

from jwtinspector.core.errors import UsageError
from jwtinspector.core.numericdate import is_numeric

TEMPLATES: tuple[str, ...] = (
    "access",
    "refresh",
    "id_token",
    "service",
    "expired",
    "not_yet_valid",
)
"""Template names, in menu order."""

TEMPLATE_TITLES: Mapping[str, str] = types.MappingProxyType(
    {
        "access": "Access token (15 min)",
        "refresh": "Refresh token (7 days)",
        "id_token": "OIDC ID token",
        "service": "Service-to-service token",
        "expired": "Expired token",
        "not_yet_valid": "Not-yet-valid token",
    }
)
"""The menu title of each template."""

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR

ACCESS_LIFETIME = 15 * MINUTE  # the primer's short-lived access token
REFRESH_LIFETIME = 7 * DAY  # the primer's long-lived refresh token
ID_TOKEN_LIFETIME = HOUR
SERVICE_LIFETIME = 15 * MINUTE

SAMPLE_SUBJECT = "user-123"
SAMPLE_USERNAME = "john_doe"
SAMPLE_ROLE = "admin"
SAMPLE_NAME = "John Doe"
SAMPLE_EMAIL = "john@example.com"
SAMPLE_SCOPE = "read write"
OIDC_CLIENT_ID = "my-client-id"
SERVICE_CLIENT_ID = "service-a"


def _random_id() -> str:
    """A fresh unguessable value for jti and nonce (16 random bytes)."""
    import secrets  # on first use: the window lists the templates at start-up

    return secrets.token_urlsafe(16)


def make_template(
    name: str,
    *,
    now: float,
    alg: str = "HS256",
    issuer: str = "https://auth.example.com",
    audience: str = "https://api.example.com",
    jti: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The header and payload of the template ``name``.

    Args:
        name: One of :data:`TEMPLATES`.
        now: The current time in seconds since 1970; dates are whole seconds
            relative to it.
        alg: The header's ``alg``.
        issuer: The ``iss`` claim.
        audience: The ``aud`` claim. The ID token's audience is always its
            client id (OIDC Core §2), so it ignores this.
        jti: The token id; a fresh random one when not given. The ID token has
            no ``jti`` (its random ``nonce`` plays that part), so it ignores this.

    Raises:
        UsageError: If the name is unknown or ``now`` is not a finite number.
    """
    build = _BUILDERS.get(name)
    if build is None:
        raise UsageError(
            f"Unknown template {name!r}: choose one of {', '.join(TEMPLATES)}."
        )
    if not is_numeric(now):
        raise UsageError(f"The current time must be a finite number, not {now!r}.")
    context = _Context(
        now=math.floor(now),
        issuer=issuer,
        audience=audience,
        jti=jti if jti is not None else _random_id(),
    )
    return token_header(alg), build(context)


NEW_TOKEN_LIFETIME = HOUR
"""A new token from nothing is valid for an hour."""


def token_header(alg: str = "HS256") -> dict[str, Any]:
    """A made token's header: ``alg`` and ``typ`` "JWT".

    "JWT" as in the primer. RFC 9068 §2.1 has OAuth access tokens use
    "at+jwt" instead, so a resource server can tell them from ID tokens.
    """
    return {"alg": alg, "typ": "JWT"}


def new_token(
    now: float,
    *,
    alg: str = "HS256",
    issuer: str = "https://auth.example.com",
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The header and payload of File ▸ New token: a plain starting point.

    The payload holds iss, sub, iat (``now``, whole seconds) and exp (an
    hour later); the caller may edit the fresh dicts freely.

    Raises:
        UsageError: If ``now`` is not a finite number.
    """
    if not is_numeric(now):
        raise UsageError(f"The current time must be a finite number, not {now!r}.")
    iat = math.floor(now)
    payload = {
        "iss": issuer,
        "sub": SAMPLE_SUBJECT,
        "iat": iat,
        "exp": iat + NEW_TOKEN_LIFETIME,
    }
    return token_header(alg), payload


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Context:
    """The values every template draws from, computed once per call."""

    now: int
    issuer: str
    audience: str
    jti: str


def _access(ctx: _Context, *, iat: int, nbf: int, exp: int) -> dict[str, Any]:
    """The primer's access token, with the registered claims of a real one."""
    return {
        "iss": ctx.issuer,
        "sub": SAMPLE_SUBJECT,
        "aud": ctx.audience,
        "iat": iat,
        "nbf": nbf,
        "exp": exp,
        "jti": ctx.jti,
        "scope": SAMPLE_SCOPE,
        "type": "access",
        "username": SAMPLE_USERNAME,
        "role": SAMPLE_ROLE,
    }


def _access_template(ctx: _Context) -> dict[str, Any]:
    return _access(ctx, iat=ctx.now, nbf=ctx.now, exp=ctx.now + ACCESS_LIFETIME)


def _refresh_template(ctx: _Context) -> dict[str, Any]:
    # Used only to get new access tokens, so no profile claims.
    return {
        "iss": ctx.issuer,
        "sub": SAMPLE_SUBJECT,
        "aud": ctx.audience,
        "iat": ctx.now,
        "exp": ctx.now + REFRESH_LIFETIME,
        "jti": ctx.jti,
        "type": "refresh",
    }


def _id_token_template(ctx: _Context) -> dict[str, Any]:
    # OIDC Core §2 (order as listed there) and §5.1 standard claims.
    return {
        "iss": ctx.issuer,
        "sub": SAMPLE_SUBJECT,
        "aud": OIDC_CLIENT_ID,
        "exp": ctx.now + ID_TOKEN_LIFETIME,
        "iat": ctx.now,
        "auth_time": ctx.now - MINUTE,
        "nonce": _random_id(),
        "azp": OIDC_CLIENT_ID,
        "name": SAMPLE_NAME,
        "email": SAMPLE_EMAIL,
        "email_verified": True,
        "preferred_username": SAMPLE_USERNAME,
    }


def _service_template(ctx: _Context) -> dict[str, Any]:
    # Client credentials grant: the client acts for itself, so sub = client_id.
    return {
        "iss": ctx.issuer,
        "sub": SERVICE_CLIENT_ID,
        "aud": ctx.audience,
        "exp": ctx.now + SERVICE_LIFETIME,
        "iat": ctx.now,
        "jti": ctx.jti,
        "scope": SAMPLE_SCOPE,
        "client_id": SERVICE_CLIENT_ID,
    }


def _expired_template(ctx: _Context) -> dict[str, Any]:
    # Issued two hours ago, expired an hour ago.
    issued = ctx.now - 2 * HOUR
    return _access(ctx, iat=issued, nbf=issued, exp=ctx.now - HOUR)


def _not_yet_valid_template(ctx: _Context) -> dict[str, Any]:
    # Issued now, valid from an hour from now for one hour.
    return _access(ctx, iat=ctx.now, nbf=ctx.now + HOUR, exp=ctx.now + 2 * HOUR)


_BUILDERS: Mapping[str, Callable[[_Context], dict[str, Any]]] = types.MappingProxyType(
    {
        "access": _access_template,
        "refresh": _refresh_template,
        "id_token": _id_token_template,
        "service": _service_template,
        "expired": _expired_template,
        "not_yet_valid": _not_yet_valid_template,
    }
)
