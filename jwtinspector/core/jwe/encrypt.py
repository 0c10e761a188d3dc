"""Make a compact JWE: encrypt claims, bytes or a signed token (nested JWT)."""

from __future__ import annotations

import json
import secrets
import warnings
from collections.abc import Mapping
from typing import Any

from jwtinspector.core import algorithms
from jwtinspector.core.errors import DecryptionError, SigningError
from jwtinspector.core.jwe import engine
from jwtinspector.core.text import b64url_encode

CRAFT_P2C = 10_000
"""The PBES2 ``p2c`` of a JWE made here: ten times RFC 7518's minimum, and
the most the audit accepts before it warns of a denial of service."""


def encrypt(
    plaintext: bytes | str | Mapping[str, Any],
    alg: str,
    enc: str,
    key: Any,
    *,
    cty: str | None = None,
    zip: bool = False,
    kid: str | None = None,
    header: Mapping[str, Any] | None = None,
) -> str:
    """A compact JWE of ``plaintext`` for ``key`` (a KeyMaterial) or a
    password (str), with ``alg`` and ``enc``.

    Claims (a mapping) are encrypted as JSON. A signed compact token is a
    nested JWT: give ``cty="JWT"`` (``encrypt_token`` does).

    Raises:
        SigningError: For an unknown alg or enc, or a key that does not fit.
    """
    fact = algorithms.jwe_algorithm(alg)
    enc_fact = algorithms.jwe_encryption(enc)
    if fact is None or enc_fact is None:
        bad = f"alg {alg!r}" if fact is None else f"enc {enc!r}"
        names = (
            algorithms.JWE_KEY_ALGORITHMS
            if fact is None
            else algorithms.JWE_CONTENT_ENCRYPTIONS
        )
        raise SigningError(f"Unknown {bad}: choose one of {', '.join(names)}.")
    data = _plaintext_bytes(plaintext)
    secret = _recipient_key(fact, enc_fact, key)
    protected: dict[str, Any] = {"alg": alg, "enc": enc}
    if fact.mode == algorithms.PASSWORD:
        protected["p2s"] = b64url_encode(secrets.token_bytes(16))
        protected["p2c"] = CRAFT_P2C
    if zip:
        protected["zip"] = algorithms.JWE_ZIP
    if cty is not None:
        protected["cty"] = cty
    if kid is not None:
        protected["kid"] = kid
    protected.update(header or {})
    from joserfc.jwe import encrypt_compact

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # joserfc's RSA1_5 SecurityWarning
            return str(
                encrypt_compact(protected, data, secret, registry=engine.registry())
            )
    except DecryptionError as exc:
        raise SigningError(str(exc)) from None
    except engine.library_errors() as exc:
        raise SigningError(f"Cannot encrypt with {alg} and {enc}: {exc}") from None


def encrypt_token(token: str, alg: str, enc: str, key: Any, **options: Any) -> str:
    """Wrap a signed compact token in a JWE: a nested JWT (``cty: "JWT"``,
    RFC 7519 §5.2)."""
    return encrypt(token.strip().encode("ascii"), alg, enc, key, cty="JWT", **options)


def _plaintext_bytes(plaintext: bytes | str | Mapping[str, Any]) -> bytes:
    if isinstance(plaintext, bytes):
        return plaintext
    if isinstance(plaintext, str):
        return plaintext.encode("utf-8")
    return json.dumps(dict(plaintext), separators=(",", ":")).encode("utf-8")


def _recipient_key(
    fact: algorithms.JweAlgorithm, enc: algorithms.JweEncryption, key: Any
) -> Any:
    if fact.mode == algorithms.PASSWORD:
        if isinstance(key, str):
            return engine.joserfc_key("oct", key.encode("utf-8"))
        if getattr(key, "kty", None) == "oct":
            return engine.joserfc_key("oct", key.key)
        raise SigningError(f"{fact.name} encrypts with a password.")
    if isinstance(key, str) or key is None:
        raise SigningError(f"{fact.name} needs a key, not a password.")
    if key.kty not in fact.kty:
        raise SigningError(f"A {key.kty} key does not fit {fact.name}.")
    size = fact.key_bytes or (enc.key_bytes if fact.mode == algorithms.DIRECT else None)
    if key.kty == "oct" and size and key.size // 8 != size:
        raise SigningError(
            f"{fact.name} with {enc.name} needs a {size}-byte key; this one is "
            f"{key.size // 8} bytes."
        )
    if key.kty in ("EC", "OKP") and key.curve not in dict(algorithms.ECDH_CURVES):
        raise SigningError(f"{key.curve} keys cannot agree keys (ECDH-ES).")
    if key.kty == "RSA" and key.size < 2048:
        raise SigningError("RSA keys for JWE must be at least 2048 bits.")
    value = key.key if key.kty == "oct" or not key.is_private else key.key.public_key()
    return engine.joserfc_key(key.kty, value)
