"""Whether a key or an algorithm is of the kind a signature needs."""

from __future__ import annotations

from jwtinspector.core import algorithms
from jwtinspector.core.keys.material import KeyMaterial, fitting_algorithms
from jwtinspector.core.keys.sets import KeySet


def is_signature_alg(alg: object) -> bool:
    """True for a JWS algorithm a key can be matched to (not none, not JWE)."""
    return algorithms.is_signature_algorithm(alg)


def fits_family(key: KeyMaterial | KeySet, alg: str) -> bool:
    """True when the key is of the kind the algorithm needs: HS* a secret,
    RS*/PS* RSA, ES* EC on the algorithm's curve, EdDSA an OKP key. A key
    set fits when one of its keys does. The key's own alg member is not
    asked: this is about keeping a key for the next token, not verifying."""
    if isinstance(key, KeySet):
        return any(fits_family(member, alg) for member in key.keys)
    return alg in fitting_algorithms(key.kty, key.curve)
