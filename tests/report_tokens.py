"""The tokens the report tests share: identifying claims to redact, claims to
keep, and one HS256 token holding both."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

NOW = 1767225600  # 2026-01-01T00:00:00Z
SECRET = "report-secret-Zq81-that-is-long-enough-for-hs256-signing!"
WEAK = "your-256-bit-secret"  # jwt.io's placeholder, in the weak-secret list

IDENTIFYING = {
    "sub": "user-8812-alice",
    "email": "alice.smith@example.org",
    "name": "Alice Quinton Smith",
    "given_name": "Alicia",
    "family_name": "Quintonsmith",
    "preferred_username": "aqs-handle",
    "nickname": "Ally-Q",
    "phone_number": "+44 20 7946 0958",
    "address": {"street_address": "221B Baker Street", "locality": "Marylebone"},
    "tenant_roles": ["payroll-admin", "hr-viewer", "ops-oncall"],
    "employee_number": 4711992,
    "bio": "Likes long walks in Marylebone park",
    "jti": "f1e2d3c4-b5a6-4789-9abc-def012345678",
}
KEPT = {
    "iss": "https://login.example.com/tenant-42",
    "aud": ["api://orders", "api://billing"],
    "iat": NOW - 7200,
    "nbf": NOW - 7200,
    "exp": NOW - 3600,  # expired an hour ago: the report must still say so
    "scope": "orders.read",
    "admin": True,
}


def b64(value: object) -> str:
    raw = json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def hs256(payload: dict, secret: str = SECRET, **headers: object) -> str:
    """An HS256 token (signed by hand: PyJWT warns about a short secret)."""
    header = {"alg": "HS256", "typ": "JWT", "kid": "key-2026-01", **headers}
    signing_input = f"{b64(header)}.{b64(payload)}"
    mac = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


def leaves(value: object) -> list[str]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in leaves(item)]
    return [str(value)]


TOKEN = hs256({**KEPT, **IDENTIFYING}, **{"x-trace-owner": "team-falcon-77"})
