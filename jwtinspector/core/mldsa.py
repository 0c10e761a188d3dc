"""ML-DSA (FIPS 204) for JWS, as draft-ietf-cose-dilithium defines it for JOSE.

The signatures are cryptography's (``cryptography.hazmat.primitives.asymmetric.
mldsa``, from cryptography 48); this module only adapts them to PyJWT's
Algorithm interface and to the AKP JWK: ``{"kty": "AKP", "alg": "ML-DSA-44",
"pub": <public key>, "priv": <32-byte seed>}``. Where the installed
cryptography has no ML-DSA, every entry point raises with a message that says
which version is needed, instead of failing on an import.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from jwt.algorithms import Algorithm
from jwt.exceptions import InvalidKeyError

from jwtinspector.core import algorithms
from jwtinspector.core.text import b64url_decode, b64url_encode

SEED_BYTES = 32
"""An AKP JWK's ``priv`` is the 32-byte seed ξ (FIPS 204 §6.1)."""

THUMBPRINT_MEMBERS = ("alg", "kty", "pub")
"""The AKP members an RFC 7638 thumbprint covers (draft-ietf-cose-dilithium)."""

UNAVAILABLE = (
    f"ML-DSA needs cryptography {algorithms.ML_DSA_CRYPTOGRAPHY} or newer; "
    "the installed one has no ML-DSA. Upgrade it (pip install -U cryptography)."
)


def _module() -> Any:
    """cryptography's ML-DSA module, or None on an older cryptography."""
    try:
        return importlib.import_module(
            "cryptography.hazmat.primitives.asymmetric.mldsa"
        )
    except ImportError:
        return None


_OID_ARC = bytes.fromhex("06096086480165030403")
"""DER of an OID under 2.16.840.1.101.3.4.3 (NIST signature algorithms),
without its last byte."""
_OID_LAST = (0x11, 0x12, 0x13)  # id-ml-dsa-44, -65, -87 (RFC 9881)


def names_ml_dsa(der: bytes) -> bool:
    """Whether DER key or certificate bytes name an ML-DSA algorithm: lets an
    older cryptography's refusal of such a key say what is needed."""
    return any(_OID_ARC + bytes([last]) in der for last in _OID_LAST)


def available() -> bool:
    """Whether the installed cryptography signs and verifies ML-DSA."""
    return _module() is not None


def _classes(alg: str) -> tuple[Any, Any]:
    """(private class, public class) of one parameter set."""
    module = _module()
    if module is None:
        raise InvalidKeyError(UNAVAILABLE)
    level = alg.rsplit("-", 1)[-1]
    return (
        getattr(module, f"MLDSA{level}PrivateKey"),
        getattr(module, f"MLDSA{level}PublicKey"),
    )


def parameter_set(obj: Any) -> str | None:
    """ "ML-DSA-65" for an ML-DSA-65 key object (private or public), else None."""
    module = _module()
    if module is None:
        return None
    for alg in algorithms.ML_DSA_ALGORITHMS:
        private, public = _classes(alg)
        if isinstance(obj, private | public):
            return alg
    return None


def is_private(obj: Any) -> bool:
    """True for an ML-DSA private key object."""
    alg = parameter_set(obj)
    return alg is not None and isinstance(obj, _classes(alg)[0])


def generate(alg: str) -> Any:
    """A fresh private key of this parameter set."""
    return _classes(alg)[0].generate()


def to_jwk(obj: Any, *, private: bool) -> dict[str, Any]:
    """The AKP members of a key: kty, alg, pub and, if asked, priv (the seed)."""
    alg = parameter_set(obj)
    if alg is None:
        raise InvalidKeyError("not an ML-DSA key")
    holds_private = is_private(obj)
    public = obj.public_key() if holds_private else obj
    members = {
        "kty": "AKP",
        "alg": alg,
        "pub": b64url_encode(public.public_bytes_raw()),
    }
    if private and holds_private:
        members["priv"] = b64url_encode(obj.private_bytes_raw())
    return members


def from_jwk(jwk: dict[str, Any]) -> Any:
    """The key object of an AKP JWK; a ``priv`` must give the same ``pub``."""
    alg = jwk.get("alg")
    if alg not in algorithms.ML_DSA_ALGORITHMS:
        raise InvalidKeyError(
            f"an AKP key needs an alg of {', '.join(algorithms.ML_DSA_ALGORITHMS)}"
        )
    private_class, public_class = _classes(alg)
    pub = jwk.get("pub")
    if not isinstance(pub, str):
        raise InvalidKeyError('an AKP key needs its public key "pub" (base64url)')
    public_bytes = b64url_decode(pub)
    priv = jwk.get("priv")
    if priv is None:
        return public_class.from_public_bytes(public_bytes)
    if not isinstance(priv, str):
        raise InvalidKeyError('"priv" must be a base64url string')
    seed = b64url_decode(priv)
    if len(seed) != SEED_BYTES:
        raise InvalidKeyError(
            f'"priv" must be the {SEED_BYTES}-byte seed, not {len(seed)} bytes '
            "(an expanded private key is not accepted)"
        )
    key = private_class.from_seed_bytes(seed)
    if key.public_key().public_bytes_raw() != public_bytes:
        raise InvalidKeyError('"pub" is not the public key of "priv"')
    return key


class MLDSAAlgorithm(Algorithm):
    """One ML-DSA parameter set in PyJWT's Algorithm shape.

    The signature is pure ML-DSA over the JWS signing input, with an empty
    context string, as draft-ietf-cose-dilithium specifies for JOSE.
    """

    def __init__(self, alg: str) -> None:
        self.alg = alg

    def prepare_key(self, key: Any) -> Any:
        if parameter_set(key) == self.alg:
            return key
        if parameter_set(key) is not None:
            raise InvalidKeyError(
                f"{self.alg} needs an {self.alg} key, not {parameter_set(key)}"
            )
        _classes(self.alg)  # an old cryptography says so here
        raise InvalidKeyError(f"{self.alg} needs an {self.alg} key object")

    def sign(self, msg: bytes, key: Any) -> bytes:
        if not is_private(key):
            raise InvalidKeyError(f"{self.alg} signs with a private key")
        return bytes(key.sign(msg))

    def verify(self, msg: bytes, key: Any, sig: bytes) -> bool:
        public = key.public_key() if is_private(key) else key
        try:
            public.verify(sig, msg)
        except InvalidSignature:
            return False
        return True

    @staticmethod
    def to_jwk(key_obj: Any, as_dict: bool = False) -> Any:
        members = to_jwk(key_obj, private=True)
        return members if as_dict else json.dumps(members)

    @staticmethod
    def from_jwk(jwk: str | dict[str, Any]) -> Any:
        return from_jwk(json.loads(jwk) if isinstance(jwk, str) else jwk)
