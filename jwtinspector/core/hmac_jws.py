"""HS256, HS384 and HS512 with the standard library (RFC 7518 §3.2).

The window signs its built-in sample with this module, so the sample is ready
without PyJWT and cryptography, which take about as long to import as a bare
window takes to start. It is for HMAC with a plain secret only: the
algorithm is the caller's (the key's or the user's), never the token's, and
everything else goes through PyJWT in ``verify`` and ``sign``.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping
from typing import Any

from jwtinspector.core.algorithms import HMAC_MIN_KEY_BYTES, hash_name
from jwtinspector.core.errors import SigningError
from jwtinspector.core.text import b64url_encode

HMAC_DIGESTS = {name: hash_name(name) or "" for name in HMAC_MIN_KEY_BYTES}
"""The hash each HMAC algorithm uses, as ``hmac.digest`` names it."""


def compact_json(value: Any) -> bytes:
    """JSON as tokens carry it: no spaces, member order kept, UTF-8."""
    try:
        return json.dumps(
            value, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        ).encode()
    except (TypeError, ValueError) as exc:
        raise SigningError(f"cannot write this value as JSON: {exc}") from exc


def with_alg(header: Mapping[str, Any], alg: str) -> dict[str, Any]:
    """The header with ``alg`` set, in place if present, else first."""
    if "alg" in header:
        return {k: (alg if k == "alg" else v) for k, v in header.items()}
    return {"alg": alg, **header}


def hs_signature(alg: str, secret: bytes, signing_input: bytes) -> bytes:
    """The HMAC of ``header.payload`` (its ASCII bytes) for ``alg``.

    Raises:
        SigningError: If ``alg`` is not HS256, HS384 or HS512.
    """
    digest = HMAC_DIGESTS.get(alg)
    if digest is None:
        raise SigningError(f"{alg!r} is not an HMAC algorithm (HS256, HS384, HS512)")
    return hmac.digest(secret, signing_input, digest)


def hs_sign_token(
    header: Mapping[str, Any], payload: Mapping[str, Any], secret: bytes, alg: str
) -> str:
    """A compact JWS of ``header`` (with ``alg`` set) and ``payload``.

    Raises:
        SigningError: If ``alg`` is not HS* or a value cannot be written as JSON.
    """
    header_json = compact_json(with_alg(header, alg))
    signing_input = (
        f"{b64url_encode(header_json)}.{b64url_encode(compact_json(payload))}"
    )
    signature = hs_signature(alg, secret, signing_input.encode("ascii"))
    return f"{signing_input}.{b64url_encode(signature)}"
