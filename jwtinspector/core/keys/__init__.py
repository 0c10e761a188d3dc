"""Load, describe and export the keys that verify or sign tokens.

Keys arrive as PEM, DER, X.509 certificates, JWK/JWKS or plain HMAC secrets.
Every problem is raised as KeyMaterialError in words a user can act on;
exceptions from cryptography, PyJWT, json or base64 never escape.

The parts: ``material`` (one key and its export), ``sets`` (a JWK set and key
selection), ``load`` (parsing key input), ``recognise`` (the key box) and
``fit`` (which algorithms a key is for).
"""

from jwtinspector.core.keys.fit import fits_family, is_signature_alg
from jwtinspector.core.keys.load import load_key, load_key_file, load_secret
from jwtinspector.core.keys.material import (
    KeyMaterial,
    SecretEncoding,
    key_material,
    public_of,
    to_jwk,
    to_private_pem,
    to_public_pem,
)
from jwtinspector.core.keys.recognise import (
    KeyInput,
    load_key_input,
    looks_like_key,
)
from jwtinspector.core.keys.sets import KeySet

__all__ = [
    "KeyInput",
    "KeyMaterial",
    "KeySet",
    "SecretEncoding",
    "fits_family",
    "is_signature_alg",
    "key_material",
    "load_key",
    "load_key_file",
    "load_key_input",
    "load_secret",
    "looks_like_key",
    "public_of",
    "to_jwk",
    "to_private_pem",
    "to_public_pem",
]
