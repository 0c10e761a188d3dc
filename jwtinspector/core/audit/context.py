"""What every check sees: the options, the per-run context and shared wording."""

from __future__ import annotations

import base64
import binascii
import dataclasses
from collections.abc import Iterable
from typing import Any

from cryptography import x509

from jwtinspector.core.errors import json_text
from jwtinspector.core.keys import KeyMaterial, KeySet
from jwtinspector.core.sdjwt import SdJwt
from jwtinspector.core.text import json_snippet
from jwtinspector.core.token import DecodedToken

MAX_TOKEN_SIZE = 8 * 1024
"""Characters above which a token may not fit common HTTP header limits."""

MAX_SCAN_SIZE = 64 * 1024
"""Largest token the built-in weak-secret scan runs on: every candidate hashes
the whole signing input, so a 1 MB token would take the better part of a second."""

MAX_KID_LENGTH = 256
LONG_LIFETIME = 365 * 86400.0
"""The lifetime limit for refresh tokens, which legitimately live longer."""

PRIVATE_JWK_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "k", "priv")
"""JWK members that hold the private or secret part of a key ("priv": an AKP
key's seed, draft-ietf-cose-dilithium)."""

_TYPING_CLAIMS = ("token_use", "token_type", "typ", "type")
"""Payload claims issuers use to say what kind of token it is: Cognito's
token_use ("access", "id"), Keycloak's typ ("Bearer", "ID", "Refresh")."""


@dataclasses.dataclass(frozen=True)
class AuditOptions:
    """What counts as a problem.

    Attributes:
        max_lifetime: Longest acceptable ``exp`` − ``iat`` in seconds for
            access-type tokens (refresh tokens get a year); None: no limit.
        skew: Seconds of clock difference tolerated for ``nbf`` and ``iat``.
        check_weak_secrets: Try the built-in weak-secret list against HS*
            tokens (a few hundred HMACs, about a millisecond; skipped above
            ``MAX_SCAN_SIZE``, which the TOKEN-SIZE finding then says).
        certificates: DER X.509 certificates the user's key came from (see
            ``certificates_in``): their bytes are tried as HMAC secrets too,
            since a key object no longer knows its certificate.
    """

    max_lifetime: float | None = 24 * 3600.0
    skew: float = 60.0
    check_weak_secrets: bool = True
    certificates: tuple[bytes, ...] = ()


@dataclasses.dataclass(frozen=True)
class Context:
    """One audit run: the token, its parts, the clock, the keys and the options.

    For an SD-JWT, ``claims`` is the payload after disclosure (RFC 9901 §7.1),
    so the claim checks see the disclosed claims; ``token`` is the issuer JWT.
    """

    token: DecodedToken
    header: dict[str, Any]
    claims: dict[str, Any] | None
    now: float
    keys: tuple[KeyMaterial, ...]
    options: AuditOptions
    sd_jwt: SdJwt | None = None
    nested: DecodedToken | None = None  # a decrypted JWE's nested token

    @classmethod
    def make(
        cls,
        token: DecodedToken,
        now: float,
        key: KeyMaterial | KeySet | None,
        options: AuditOptions,
        sd_jwt: SdJwt | None = None,
        nested: DecodedToken | None = None,
    ) -> Context:
        if isinstance(key, KeySet):
            keys = key.keys
        else:
            keys = (key,) if key is not None else ()
        claims = token.claims
        if sd_jwt is not None and sd_jwt.payload is not None:
            claims = sd_jwt.payload  # what a verifier sees after disclosure
        return cls(
            token, token.header or {}, claims, now, keys, options, sd_jwt, nested
        )

    @property
    def scan_fits(self) -> bool:
        """Whether the token is small enough for the built-in weak-secret scan."""
        return len(self.token.token) <= MAX_SCAN_SIZE

    @property
    def alg(self) -> str | None:
        return self.token.alg

    @property
    def is_jws(self) -> bool:
        return self.token.form == "JWS"

    @property
    def unsigned(self) -> bool:
        return self.alg is not None and self.alg.strip().lower() == "none"

    @property
    def typ(self) -> str | None:
        return media_type(self.header.get("typ"))


def media_type(value: Any) -> str | None:
    """typ/cty compared as RFC 7515 §4.1.9 says: case-insensitive, 'application/'
    optional."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    return text.removeprefix("application/")


def quoted(value: Any, limit: int = 80) -> str:
    """A value quoted as JSON on one line, shortened: safe in any title.

    Control characters, C1 included (U+0080 to U+009F, which terminals read as
    escape sequences), are escaped, so untrusted text cannot break a line or
    drive a terminal.
    """
    return json_snippet(value, limit)


def bare(text: str) -> str:
    """Untrusted text shown without quotes, its control characters (C0, DEL and
    C1) escaped as JSON escapes them, so it cannot break a line or drive a
    terminal."""
    return json_text(text)[1:-1]


def join_words(parts: Iterable[str], word: str = "and") -> str:
    """Parts joined as in a sentence: a; a and b; a, b and c (or another word)."""
    *rest, last = parts
    return f"{', '.join(rest)} {word} {last}" if rest else last


def show_secret(secret: bytes) -> str:
    """A secret as text, or as 0x-prefixed hex when it is not UTF-8."""
    try:
        return secret.decode("utf-8")
    except UnicodeDecodeError:
        return "0x" + secret.hex()


def describe_key(key: KeyMaterial) -> str:
    """A key's short description, e.g. "RSA 2048-bit public key"."""
    return key.describe().split(" · ")[0]


def typing_claim(claims: dict[str, Any] | None) -> tuple[str, str] | None:
    """(name, value) of the first payload claim naming the token's kind."""
    for name in _TYPING_CLAIMS:
        value = (claims or {}).get(name)
        if isinstance(value, str) and value.strip():
            return name, value
    return None


def is_refresh_token(claims: dict[str, Any]) -> bool:
    """Whether a payload claim says this is a refresh token."""
    for name in ("token_type", "token_use", "typ", "type"):
        value = claims.get(name)
        if isinstance(value, str) and "refresh" in value.lower():
            return True
    return False


def leaf_certificate(x5c: Any) -> x509.Certificate | None:
    """The first certificate of an x5c header value, or None if unreadable."""
    if not isinstance(x5c, list) or not x5c or not isinstance(x5c[0], str):
        return None
    try:
        der = base64.b64decode(x5c[0], validate=True)
        return x509.load_der_x509_certificate(der)
    except (binascii.Error, ValueError):
        return None
