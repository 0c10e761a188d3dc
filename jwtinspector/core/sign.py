"""Make and re-sign compact JWS tokens.

Segments are built here (not with ``jwt.encode``) so claim order and custom
header members are kept exactly; the signature itself is PyJWT's algorithm
code. Unsigned tokens are made only when the caller asks for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jwtinspector.core import algorithms, mldsa
from jwtinspector.core.errors import SigningError
from jwtinspector.core.hmac_jws import compact_json as compact_json
from jwtinspector.core.hmac_jws import with_alg as with_alg
from jwtinspector.core.keys import KeyMaterial
from jwtinspector.core.text import b64url_encode as b64url
from jwtinspector.core.token import DecodedToken
from jwtinspector.core.verify import SUPPORTED_ALGORITHMS, algorithm_objects


def sign_token(
    header: Mapping[str, Any],
    payload: Mapping[str, Any] | bytes,
    key: KeyMaterial | None,
    *,
    alg: str | None = None,
    allow_none: bool = False,
) -> str:
    """Build and sign a token from a header and a payload.

    Args:
        header: The JOSE header; its order and custom members are kept.
        payload: A claims set (written as compact JSON) or raw payload bytes.
        key: A secret or private key that fits the algorithm.
        alg: The algorithm; defaults to the header's ``alg``.
        allow_none: Make an unsigned ``alg: none`` token; only on request.

    Raises:
        SigningError: If the algorithm or key cannot sign.
    """
    chosen = alg or header.get("alg")
    if not isinstance(chosen, str) or not chosen:
        raise SigningError("choose an algorithm (the header has no alg)")
    full_header = with_alg(header, chosen)
    body = payload if isinstance(payload, bytes) else compact_json(payload)
    return sign_segments(compact_json(full_header), body, key, chosen, allow_none)


def sign_segments(
    header_json: bytes,
    payload: bytes,
    key: KeyMaterial | None,
    alg: str,
    allow_none: bool = False,
) -> str:
    """Sign exact header and payload bytes (keeps the user's own whitespace)."""
    signing_input = f"{b64url(header_json)}.{b64url(payload)}"
    return (
        f"{signing_input}.{b64url(signature_for(signing_input, key, alg, allow_none))}"
    )


def signature_for(
    signing_input: str, key: KeyMaterial | None, alg: str, allow_none: bool = False
) -> bytes:
    """The signature bytes for ``header.payload`` text.

    Raises:
        SigningError: If the algorithm or key cannot sign.
    """
    if alg.strip().lower() == "none":
        if not allow_none:
            raise SigningError(
                "an unsigned (alg none) token is made only on explicit request"
            )
        return b""
    check_signing_key(key, alg)
    assert key is not None  # checked above
    algorithm = algorithm_objects()[alg]
    try:
        prepared = algorithm.prepare_key(key.signing_key())
        return algorithm.sign(signing_input.encode("ascii"), prepared)
    except Exception as exc:  # PyJWT and cryptography raise varied types
        raise SigningError(f"cannot sign with {alg}: {exc}") from exc


def check_signing_key(key: KeyMaterial | None, alg: str) -> None:
    """Refuse an algorithm or key that cannot sign, saying what is needed.

    Raises:
        SigningError: "RS256 needs an RSA private key; the key is …" for a key
            of the wrong type, "the key is …: it can verify but not sign" for a
            public key, and so on.
    """
    if alg not in SUPPORTED_ALGORITHMS:
        raise SigningError(
            f'"{alg}" is not a supported algorithm; choose one of '
            + ", ".join(SUPPORTED_ALGORITHMS)
        )
    if alg in algorithms.ML_DSA_ALGORITHMS and not mldsa.available():
        raise SigningError(mldsa.UNAVAILABLE)
    if key is None:
        raise SigningError(f"no key: {alg} needs {needed_key(alg)} to sign")
    if alg not in key.algorithms:
        raise SigningError(
            f"{alg} needs {needed_key(alg)}; the key is {key.describe()}"
        )
    if not key.can_sign:
        raise SigningError(
            f"the key is {key.describe()}: it can verify, but signing needs "
            "its private key"
        )


def resign(
    token: DecodedToken,
    key: KeyMaterial | None,
    *,
    header: Mapping[str, Any] | None = None,
    payload: Mapping[str, Any] | bytes | None = None,
    alg: str | None = None,
    allow_none: bool = False,
) -> str:
    """Sign ``token`` again after its header, payload or algorithm changed.

    Parts not given are taken from the token. An unchanged part keeps its exact
    original segment, so untouched bytes stay as they were.

    Raises:
        SigningError: If the token has no decodable header or the key cannot sign.
    """
    if header is None and token.header is None:
        raise SigningError("the token's header could not be decoded")
    new_header = dict(header if header is not None else token.header or {})
    chosen = alg or new_header.get("alg")
    if not isinstance(chosen, str):
        raise SigningError("choose an algorithm (the header has no alg)")
    new_header = with_alg(new_header, chosen)
    header_json = compact_json(new_header)
    # Same members, order and JSON types as decoded: the original segment stays.
    keep_header = token.header is not None and header_json == compact_json(token.header)
    head = token.segments[0].text if keep_header else b64url(header_json)
    if payload is None and len(token.segments) > 1:
        body = token.segments[1].text
    elif isinstance(payload, bytes):
        body = b64url(payload)
    else:
        body = b64url(compact_json(payload or {}))
    signing_input = f"{head}.{body}"
    signature = signature_for(signing_input, key, chosen, allow_none)
    return f"{signing_input}.{b64url(signature)}"


def needed_key(alg: str) -> str:
    """What kind of key an algorithm needs, in words."""
    found = algorithms.lookup(alg)
    if found is None or found.kty is None:
        return "a key"
    if found.min_key_bytes is not None:
        return f"a shared secret (at least {found.min_key_bytes} bytes)"
    if found.kty == "RSA":
        return "an RSA private key"
    if found.kty == "EC":
        return f"an EC {found.curve} private key"
    if found.curve is not None:  # Ed25519, Ed448, ML-DSA-44 ...
        return f"an {found.curve} private key"
    return f"an {' or '.join(algorithms.curve_names(found.kty))} private key"
