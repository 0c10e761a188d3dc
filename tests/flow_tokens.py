"""A login's tokens for the flow check tests: an ID token, an access token
bound to a DPoP key, a refresh token and a DPoP proof, made with keys
generated once per test process (EC P-256: fast)."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

NOW = 1767225600  # 2026-01-01T00:00:00Z
ISSUER_KEY = ec.generate_private_key(ec.SECP256R1())
CLIENT_KEY = ec.generate_private_key(ec.SECP256R1())
OTHER_KEY = ec.generate_private_key(ec.SECP256R1())
CODE = "SplxlOBeZQQYbYS6WxSbIA"
URL = "https://api.example.com/v1/me"


def public_jwk(key: Any) -> dict[str, Any]:
    return json.loads(ECAlgorithm.to_jwk(key.public_key()))


def private_jwk(key: Any) -> dict[str, Any]:
    return json.loads(ECAlgorithm.to_jwk(key))


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def half_hash(value: str) -> str:
    """at_hash / c_hash for ES256: the left half of SHA-256."""
    return b64(hashlib.sha256(value.encode()).digest()[:16])


def thumbprint(key: Any) -> str:
    jwk = public_jwk(key)
    members = {k: jwk[k] for k in ("crv", "kty", "x", "y")}
    canonical = json.dumps(members, sort_keys=True, separators=(",", ":"))
    return b64(hashlib.sha256(canonical.encode()).digest())


def access_token(**changes: Any) -> str:
    claims = {
        "iss": "https://id.example.com",
        "sub": "alice",
        "client_id": "app-1",
        "sid": "s-1",
        "scope": "openid profile",
        "iat": NOW - 30,
        "exp": NOW + 3600,
        "cnf": {"jkt": thumbprint(CLIENT_KEY)},
    }
    claims.update(changes)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, ISSUER_KEY, "ES256", headers={"typ": "at+jwt"})


def id_token(access: str | None = None, code: str | None = None, **changes: Any) -> str:
    claims = {
        "iss": "https://id.example.com",
        "sub": "alice",
        "aud": "app-1",
        "sid": "s-1",
        "nonce": "n-0S6_WzA2Mj",
        "auth_time": NOW - 60,
        "iat": NOW - 30,
        "exp": NOW + 600,
    }
    if access is not None:
        claims["at_hash"] = half_hash(access)
    if code is not None:
        claims["c_hash"] = half_hash(code)
    claims.update(changes)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, ISSUER_KEY, "ES256", headers={"typ": "JWT"})


def refresh_token(**changes: Any) -> str:
    claims = {
        "iss": "https://id.example.com",
        "sub": "alice",
        "sid": "s-1",
        "typ": "Refresh",
        "iat": NOW - 30,
        "exp": NOW + 86400,
    }
    claims.update(changes)
    return jwt.encode(claims, ISSUER_KEY, "ES256")


def dpop_proof(
    access: str | None = None,
    *,
    key: Any = CLIENT_KEY,
    jwk: dict[str, Any] | None = None,
    alg: str = "ES256",
    header: dict[str, Any] | None = None,
    **changes: Any,
) -> str:
    claims: dict[str, Any] = {
        "jti": "e1j3V_bKic8-LAEB",
        "htm": "GET",
        "htu": URL,
        "iat": NOW - 5,
    }
    if access is not None:
        claims["ath"] = b64(hashlib.sha256(access.encode()).digest())
    claims.update(changes)
    claims = {k: v for k, v in claims.items() if v is not None}
    headers = {"typ": "dpop+jwt", "jwk": jwk if jwk is not None else public_jwk(key)}
    headers.update(header or {})
    return jwt.encode(claims, key, alg, headers=headers)
