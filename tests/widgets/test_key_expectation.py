"""What the key box says a token needs, for each kind of algorithm."""

from __future__ import annotations

import pytest

from jwtinspector.widgets.key_box import key_expectation


@pytest.mark.parametrize(
    ("alg", "needed"),
    [
        ("EdDSA", "an Ed25519 or Ed448 public key"),
        ("Ed25519", "an Ed25519 public key"),
        ("Ed448", "an Ed448 public key"),
        ("ES256K", "an EC secp256k1 public key"),
        ("ML-DSA-65", "an ML-DSA-65 public key"),
        ("RS256", "an RSA public key"),
    ],
)
def test_the_key_box_names_the_key_the_algorithm_needs(alg: str, needed: str) -> None:
    assert key_expectation(alg) == (
        f"{alg} is verified with {needed}: PEM, certificate, JWK or the issuer's JWKS."
    )
