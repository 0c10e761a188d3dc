"""One key: what it is, what it fits, its thumbprint, and its export as PEM or JWK."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import json
import re
import secrets
from typing import Any, Literal

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import (
    ec,
    ed448,
    ed25519,
    rsa,
    x448,
    x25519,
)
from jwt.algorithms import ECAlgorithm, HMACAlgorithm, OKPAlgorithm, RSAAlgorithm
from jwt.exceptions import PyJWTError

from jwtinspector.core import algorithms, mldsa
from jwtinspector.core.errors import KeyMaterialError
from jwtinspector.core.text import b64url_encode, quote

SecretEncoding = Literal["utf-8", "base64", "base64url"]
# What the libraries raise on malformed input; always converted to KeyMaterialError.
LIBRARY_ERRORS = (
    ValueError,  # includes binascii.Error, json.JSONDecodeError and UnicodeError
    TypeError,
    LookupError,
    AttributeError,
    ArithmeticError,
    RecursionError,
    UnsupportedAlgorithm,
    PyJWTError,
)
ALGS_BY_KTY = {
    kty: algorithms.for_key_type(kty) for kty in ("oct", "RSA", "EC", "OKP", "AKP")
}
_EC_ALGS = algorithms.EC_ALG_FOR_CURVE
_EC_CURVE_NAMES = {
    curve.openssl_name: curve.name for curve in algorithms.CURVES if curve.kty == "EC"
}
CONVERTERS: dict[str, Any] = {
    "RSA": RSAAlgorithm,
    "EC": ECAlgorithm,
    "OKP": OKPAlgorithm,
    "AKP": mldsa.MLDSAAlgorithm,
}
# RFC 7638 §3.2 and RFC 8037 §2: the members a thumbprint is computed over.
_THUMBPRINT_MEMBERS = {
    "RSA": ("e", "kty", "n"),
    "EC": ("crv", "kty", "x", "y"),
    "OKP": ("crv", "kty", "x"),
    "oct": ("k", "kty"),
    "AKP": mldsa.THUMBPRINT_MEMBERS,
}
_MEMBER_ORDER = (
    "kty", "alg", "crv", "n", "e", "x", "y", "pub", "k",
    "d", "p", "q", "dp", "dq", "qi", "priv",
)  # fmt: skip
_PRIVATE_TYPES = (
    bytes,  # an HMAC secret both signs and verifies
    rsa.RSAPrivateKey,
    ec.EllipticCurvePrivateKey,
    ed25519.Ed25519PrivateKey,
    ed448.Ed448PrivateKey,
    x25519.X25519PrivateKey,  # ECDH-ES (JWE) only, RFC 8037 §3.2
    x448.X448PrivateKey,
)
# The key agreement curves of RFC 8037 §3.2: JWE keys, which PyJWT does not read.
_X_CURVES: tuple[tuple[str, Any, Any, int], ...] = (
    ("X25519", x25519.X25519PrivateKey, x25519.X25519PublicKey, 256),
    ("X448", x448.X448PrivateKey, x448.X448PublicKey, 448),
)
X_CURVE_NAMES = tuple(name for name, *_ in _X_CURVES)


@dataclasses.dataclass(frozen=True)
class KeyMaterial:
    """One key, ready to verify and, when private or a secret, to sign."""

    kty: str
    key: Any = dataclasses.field(repr=False)  # keep secrets out of logs and tracebacks
    is_private: bool
    size: int
    curve: str | None
    kid: str | None
    alg: str | None
    use: str | None
    key_ops: tuple[str, ...] | None
    thumbprint: str  # RFC 7638; for a secret, the keyed session fingerprint
    source: str

    @property
    def can_sign(self) -> bool:
        return self.is_private

    @property
    def algorithms(self) -> tuple[str, ...]:
        """Algorithms this key fits, from the key itself (never from a token)."""
        family = fitting_algorithms(self.kty, self.curve)
        if self.alg is None:
            return family
        return (self.alg,) if self.alg in family else ()

    def describe(self) -> str:
        parts = [kind_phrase(self)]
        if self.kid is not None:
            parts.append(f"kid {quote(self.kid)}")
        if self.use == "enc":  # an encryption key: its alg is a JWE one
            parts.append('use "enc": not for signatures')
        elif self.alg is not None and self.algorithms:
            parts.append(f"alg {self.alg}")
        elif self.alg is not None:
            parts.append(f"alg {quote(self.alg)} does not fit this key: unusable")
        if self.use is not None and self.use != "enc":
            parts.append(f"use {quote(self.use)}")
        if self.kty == "oct":  # keyed: no one can test guesses of it offline
            parts.append(f"session fingerprint {self.thumbprint[:8]}… (keyed)")
        else:
            parts.append(f"thumbprint {self.thumbprint[:8]}…")
        return " · ".join(parts)

    def verification_key(self) -> Any:
        """Bytes for a secret, else the public key (PyJWT fails on RSA private keys)."""
        if self.kty == "oct" or not self.is_private:
            return self.key
        return self._public_key

    @functools.cached_property
    def _public_key(self) -> Any:
        """Derived once: deriving it for every verification costs as much as a
        tenth of an ES256 check."""
        return self.key.public_key()

    def signing_key(self) -> Any:
        if not self.is_private:
            kid = f" (kid {quote(self.kid)})" if self.kid is not None else ""
            raise KeyMaterialError(
                f"This {short_name(self)}{kid} key is a public key: it can verify but "
                "not sign. Add the private key to sign."
            )
        return self.key


def fitting_algorithms(kty: str, curve: str | None) -> tuple[str, ...]:
    """What a key of this type and curve signs: an Ed448 key EdDSA and Ed448,
    never Ed25519 (RFC 9864); an AKP key only its own ML-DSA parameter set."""
    if any(curve == name for name, *_ in _X_CURVES):
        return ()  # an X25519 or X448 key agrees keys (JWE); it never signs
    if kty == "EC":
        return (_EC_ALGS[curve],) if curve in _EC_ALGS else ()
    return algorithms.for_key(kty, curve)


def short_name(key: KeyMaterial) -> str:
    """'RSA 2048', 'EC P-256', 'Ed25519', 'HMAC 256'."""
    if key.kty == "oct":
        return f"HMAC {key.size}"
    if key.kty in ("OKP", "AKP"):
        return f"{key.curve}"
    return f"{key.kty} {key.curve or key.size}"


def kind_phrase(key: KeyMaterial) -> str:
    if key.kty == "oct":
        return f"HMAC secret, {key.size // 8} bytes ({key.size} bits)"
    half = "private" if key.is_private else "public"
    if key.kty == "RSA":
        return f"RSA {key.size}-bit {half} key"
    return f"{short_name(key)} {half} key"


def key_material(
    obj: Any,
    *,
    source: str,
    kid: str | None = None,
    alg: str | None = None,
    use: str | None = None,
    key_ops: tuple[str, ...] | None = None,
) -> KeyMaterial:
    """Wrap secret bytes or a cryptography key object (unsupported types raise)."""
    kty, curve, size = _classify(obj)
    private = isinstance(obj, _PRIVATE_TYPES) or mldsa.is_private(obj)
    return KeyMaterial(
        kty=kty, key=obj, is_private=private,
        size=size, curve=curve, kid=kid, alg=alg, use=use, key_ops=key_ops,
        thumbprint=_thumbprint(_jwk_members(kty, obj, private=False)), source=source,
    )  # fmt: skip


def curve_of(obj: Any) -> str | None:
    """The JOSE curve of a key object ("Ed448"), an AKP key's parameter set,
    else None (unsupported key types included)."""
    try:
        return _classify(obj)[1]
    except KeyMaterialError:
        return None


def _classify(obj: Any) -> tuple[str, str | None, int]:
    if isinstance(obj, bytes):
        return "oct", None, len(obj) * 8
    if isinstance(obj, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        return "RSA", None, obj.key_size
    if isinstance(obj, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        curve = _EC_CURVE_NAMES.get(obj.curve.name)
        if curve is None:
            raise KeyMaterialError(
                f"EC curve {obj.curve.name} is not used by JWS "
                "(supported: P-256, P-384, P-521, secp256k1)."
            )
        return "EC", curve, obj.curve.key_size
    if isinstance(obj, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey):
        return "OKP", "Ed25519", 256
    if isinstance(obj, ed448.Ed448PrivateKey | ed448.Ed448PublicKey):
        return "OKP", "Ed448", 456
    parameter_set = mldsa.parameter_set(obj)
    if parameter_set is not None:  # its size: the public key's, in bits
        public = obj.public_key() if mldsa.is_private(obj) else obj
        return "AKP", parameter_set, len(public.public_bytes_raw()) * 8
    for name, private, public, bits in _X_CURVES:
        if isinstance(obj, private | public):
            return "OKP", name, bits
    kind = re.sub(r"(Private|Public)Key$", "", type(obj).__name__) or "This"
    raise KeyMaterialError(
        f"{kind} keys are not supported: JWS signs with RSA, EC (P-256, P-384, "
        "P-521, secp256k1), EdDSA (Ed25519, Ed448) or ML-DSA (AKP) keys."
    )


def _jwk_members(kty: str, obj: Any, *, private: bool) -> dict[str, Any]:
    """The key's own JWK members (no kid/use/alg), in a stable order."""
    if kty == "oct":
        members = HMACAlgorithm.to_jwk(obj, as_dict=True)
    elif kty == "AKP":
        members = mldsa.to_jwk(obj, private=private)
    elif any(isinstance(obj, private | public) for _, private, public, _ in _X_CURVES):
        members = _x_curve_members(obj, private=private)
    else:
        public = isinstance(obj, _PRIVATE_TYPES) and not private
        members = CONVERTERS[kty].to_jwk(obj.public_key() if public else obj, True)
    return {name: members[name] for name in _MEMBER_ORDER if name in members}


def _x_curve_members(obj: Any, *, private: bool) -> dict[str, Any]:
    """An X25519 or X448 key's JWK members (RFC 8037 §2)."""
    raw = serialization.Encoding.Raw
    crv = next(name for name, pri, pub, _ in _X_CURVES if isinstance(obj, pri | pub))
    is_private = isinstance(obj, _PRIVATE_TYPES)
    public = obj.public_key() if is_private else obj
    members = {
        "kty": "OKP",
        "crv": crv,
        "x": b64url_encode(public.public_bytes(raw, serialization.PublicFormat.Raw)),
    }
    if private and is_private:
        secret = obj.private_bytes(
            raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        members["d"] = b64url_encode(secret)
    return members


def x_curve_key(crv: str, x: bytes, d: bytes | None) -> Any:
    """The X25519 or X448 key of these raw bytes (RFC 8037 §2).

    Raises:
        ValueError: If the bytes are not a key of that curve.
    """
    for name, private, public, _ in _X_CURVES:
        if name == crv:
            key = private.from_private_bytes(d) if d is not None else None
            if key is None:
                return public.from_public_bytes(x)
            if key.public_key().public_bytes_raw() != x:
                raise ValueError(f"x is not the public half of d on {crv}")
            return key
    raise ValueError(f"unknown curve {crv}")


_SESSION_KEY = secrets.token_bytes(32)
"""Keys the fingerprint of an HMAC secret. Made afresh in each process and
never stored: a fingerprint tells two secrets apart within a session, but
unlike an unsalted digest it cannot be used to test guesses of the secret."""


def _thumbprint(members: dict[str, Any]) -> str:
    """RFC 7638: SHA-256 over the required members, sorted, without whitespace.

    For an HMAC secret, an HMAC-SHA-256 with the per-session key instead (a
    session fingerprint): the RFC 7638 digest of a secret would let anyone
    who sees it check guesses offline.
    """
    required = {name: members[name] for name in _THUMBPRINT_MEMBERS[members["kty"]]}
    canonical = json.dumps(required, sort_keys=True, separators=(",", ":"))
    if members["kty"] == "oct":
        keyed = hmac.digest(_SESSION_KEY, canonical.encode("utf-8"), "sha256")
        return b64url_encode(keyed)
    digest = hashlib.sha256(canonical.encode("utf-8")).digest()
    return b64url_encode(digest)


def key_kind(key: KeyMaterial) -> str:
    """'RSA public key', 'EC P-256 private key', 'Ed25519 public key', 'secret'."""
    if key.kty == "oct":
        return "secret"
    half = "private" if key.is_private else "public"
    name = "RSA" if key.kty == "RSA" else short_name(key)
    return f"{name} {half} key"


def public_of(key: KeyMaterial) -> KeyMaterial:
    """The public half, same kid and thumbprint; a secret has none, so itself."""
    if key.kty == "oct" or not key.is_private:
        return key
    return dataclasses.replace(key, key=key.key.public_key(), is_private=False)


def to_public_pem(key: KeyMaterial) -> str:
    if key.kty == "oct":
        raise KeyMaterialError("An HMAC secret has no public key to export as PEM.")
    pem = key.verification_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return str(pem.decode("ascii"))


def to_private_pem(key: KeyMaterial) -> str:
    """Unencrypted PKCS#8: the caller decides where it may be written."""
    if key.kty == "oct":
        raise KeyMaterialError("An HMAC secret cannot be exported as PEM; use a JWK.")
    if not key.is_private:
        raise KeyMaterialError(
            f"This {short_name(key)} key is public: no private key to export."
        )
    pem = key.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return str(pem.decode("ascii"))


def to_jwk(key: KeyMaterial, *, private: bool = False) -> dict[str, Any]:
    """The key as a JWK dict with kid (the thumbprint if none), use and alg.

    A secret has no public half, so an oct key always exports "k", even with
    private=False: treat every oct JWK as secret. key_ops is not exported,
    because RFC 7517 §4.3 advises against combining it with "use".
    """
    if private and not key.is_private:
        raise KeyMaterialError(
            f"This {short_name(key)} key is public: no private key to export."
        )
    jwk = _jwk_members(key.kty, key.key, private=private)
    jwk["kid"] = key.kid or key.thumbprint
    if key.use is not None or key.kty != "oct":
        signs = bool(fitting_algorithms(key.kty, key.curve))
        jwk["use"] = key.use or ("sig" if signs else "enc")
    if len(key.algorithms) == 1:
        jwk["alg"] = key.algorithms[0]
    elif key.use == "enc" and key.alg is not None:
        jwk["alg"] = key.alg  # an encryption key's JWE algorithm
    return jwk
