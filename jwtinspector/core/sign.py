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
    unencoded: bool = False,
    detached: bool = False,
) -> str:
    """Build and sign a token from a header and a payload.

    Args:
        header: The JOSE header; its order and custom members are kept.
        payload: A claims set (written as compact JSON) or raw payload bytes.
        key: A secret or private key that fits the algorithm.
        alg: The algorithm; defaults to the header's ``alg``.
        allow_none: Make an unsigned ``alg: none`` token; only on request.
        unencoded: Put the payload in as it is, with ``b64: false`` and
            ``crit: ["b64"]`` in the header (RFC 7797).
        detached: Leave the payload out of the token (``header..signature``,
            RFC 7515 Appendix F); the signature still covers it.

    Raises:
        SigningError: If the algorithm or key cannot sign, or an unencoded
            payload cannot stand in a compact token.
    """
    chosen = alg or header.get("alg")
    if not isinstance(chosen, str) or not chosen:
        raise SigningError("choose an algorithm (the header has no alg)")
    full_header = with_alg(header, chosen)
    body = payload if isinstance(payload, bytes) else compact_json(payload)
    if unencoded:
        return _sign_unencoded(full_header, body, key, chosen, detached, allow_none)
    token = sign_segments(compact_json(full_header), body, key, chosen, allow_none)
    if detached:
        head, _, rest = token.partition(".")
        return f"{head}..{rest.partition('.')[2]}"
    return token


def _sign_unencoded(
    header: Mapping[str, Any],
    payload: bytes,
    key: KeyMaterial | None,
    alg: str,
    detached: bool,
    allow_none: bool,
) -> str:
    crit = header.get("crit", [])
    if not isinstance(crit, list):
        raise SigningError("crit must be a list of header member names")
    full = {
        **header,
        "b64": False,
        "crit": [*crit, *(["b64"] if "b64" not in crit else [])],
    }
    if not detached:
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError:
            raise SigningError(
                "an unencoded payload that is not UTF-8 text cannot stand in a "
                "compact token: make it detached"
            ) from None
        if "." in text:
            raise SigningError(
                "an unencoded payload with a '.' cannot stand in a compact token "
                "(RFC 7797 §5.2): make it detached"
            )
    head = b64url(compact_json(full))
    signature = signature_for(
        head.encode("ascii") + b"." + payload, key, alg, allow_none
    )
    body = "" if detached else payload.decode("utf-8")
    return f"{head}.{body}.{b64url(signature)}"


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
    signing_input: str | bytes,
    key: KeyMaterial | None,
    alg: str,
    allow_none: bool = False,
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
        data = (
            signing_input.encode("ascii")
            if isinstance(signing_input, str)
            else signing_input
        )
        return algorithm.sign(data, prepared)
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
        raw = token.payload_bytes
        body = token.segments[1].text
        if raw is not None and token.unencoded != (new_header.get("b64") is False):
            payload = raw  # the header's b64 changed: encode the payload anew
    if payload is not None:
        raw = payload if isinstance(payload, bytes) else compact_json(payload)
        unencoded = new_header.get("b64") is False
        body = unencoded_body(raw) if unencoded else b64url(raw)
    elif len(token.segments) < 2:
        body = b64url(compact_json({}))
    signing_input = f"{head}.{body}"
    signature = signature_for(signing_input.encode("utf-8"), key, chosen, allow_none)
    return f"{signing_input}.{b64url(signature)}"


def unencoded_body(payload: bytes) -> str:
    """The payload of a ``b64: false`` compact token (RFC 7797): the text
    itself, not its base64url.

    Raises:
        SigningError: If the payload is not UTF-8 text or holds a '.', which
            a compact token cannot carry unencoded (RFC 7797 §5.2).
    """
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        raise SigningError(
            "the header says b64: false, but the payload is not UTF-8 text: "
            "a compact token cannot carry it unencoded"
        ) from None
    if "." in text:
        raise SigningError(
            "the header says b64: false, and an unencoded payload with a '.' "
            "cannot stand in a compact token (RFC 7797 §5.2): remove the '.' "
            "or set b64 to true"
        )
    return text


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
