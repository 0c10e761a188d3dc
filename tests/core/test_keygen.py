"""Tests for key generation: sizes, choices, and signing through PyJWT."""

from __future__ import annotations

import json

import jwt
import pytest

from jwtinspector.core.errors import KeyMaterialError
from jwtinspector.core.keygen import (
    EC_CURVES,
    HMAC_SIZES,
    OKP_CURVES,
    RSA_SIZES,
    KeyChoice,
    generate_choice,
    generate_ec,
    generate_key,
    generate_okp,
    generate_rsa,
    generate_secret,
    generate_text_secret,
    key_choices,
    key_for_algorithm,
)
from jwtinspector.core.keys import KeyMaterial, load_key, public_of, to_jwk

CLAIMS = {"sub": "1234567890", "name": "Test", "iat": 1516239022}


@pytest.fixture(scope="module")
def rsa_key() -> KeyMaterial:
    return generate_rsa(2048)


def _round_trip(key: KeyMaterial, alg: str) -> None:
    token = jwt.encode(CLAIMS, key.signing_key(), algorithm=alg)
    assert jwt.decode(token, key.verification_key(), algorithms=[alg]) == CLAIMS
    public = public_of(key)
    assert jwt.decode(token, public.verification_key(), algorithms=[alg]) == CLAIMS
    # The exported public JWK must verify too, bound to this one algorithm.
    pyjwk = jwt.PyJWK(to_jwk(public), algorithm=alg)
    assert jwt.decode(token, pyjwk, algorithms=[alg]) == CLAIMS


@pytest.mark.parametrize("alg", list(HMAC_SIZES))
def test_hmac_secret_signs_and_verifies(alg: str) -> None:
    key = key_for_algorithm(alg)
    assert (key.kty, len(key.key), key.source) == ("oct", HMAC_SIZES[alg], "generated")
    _round_trip(key, alg)


@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"])
def test_rsa_signs_and_verifies(rsa_key: KeyMaterial, alg: str) -> None:
    assert alg in rsa_key.algorithms
    _round_trip(rsa_key, alg)


@pytest.mark.parametrize(
    ("alg", "curve"),
    [
        ("ES256", "P-256"),
        ("ES384", "P-384"),
        ("ES512", "P-521"),
        ("ES256K", "secp256k1"),
    ],
)
def test_ec_signs_and_verifies(alg: str, curve: str) -> None:
    key = key_for_algorithm(alg)
    assert (key.kty, key.curve, key.algorithms) == ("EC", curve, (alg,))
    _round_trip(key, alg)


@pytest.mark.parametrize("curve", OKP_CURVES)
def test_eddsa_signs_and_verifies(curve: str) -> None:
    key = generate_okp(curve)
    assert (key.kty, key.curve, key.algorithms) == ("OKP", curve, ("EdDSA", curve))
    _round_trip(key, "EdDSA")


def test_key_for_algorithm_choices() -> None:
    assert key_for_algorithm("EdDSA").curve == "Ed25519"
    rsa_key = key_for_algorithm("PS256")
    assert (rsa_key.kty, rsa_key.size, rsa_key.is_private) == ("RSA", 2048, True)
    with pytest.raises(KeyMaterialError, match="choose one of HS256"):
        key_for_algorithm("none")


def test_generated_keys_describe_themselves() -> None:
    assert (
        generate_secret("HS512")
        .describe()
        .startswith("HMAC secret, 64 bytes (512 bits)")
    )
    assert (
        generate_ec("P-521").describe().startswith("EC P-521 private key · thumbprint ")
    )
    assert generate_ec("P-521").size == 521
    assert generate_okp("Ed448").size == 456


@pytest.mark.parametrize("curve", EC_CURVES)
def test_generated_ec_keys_round_trip_as_jwk(curve: str) -> None:
    key = generate_ec(curve)
    again = load_key(json.dumps(to_jwk(key, private=True)))
    assert isinstance(again, KeyMaterial)
    assert (again.thumbprint, again.is_private) == (key.thumbprint, True)


def test_secrets_are_fresh() -> None:
    assert generate_secret().key != generate_secret().key
    assert len(generate_secret().key) == 32


def test_generate_key_dispatch(rsa_key: KeyMaterial) -> None:
    assert generate_key("hmac", alg="HS384").size == 384
    assert generate_key("hmac").size == 256
    assert generate_key("ec").curve == "P-256"
    assert generate_key("ec", alg="ES384").curve == "P-384"
    assert generate_key("ec", curve="secp256k1", alg="ES256K").curve == "secp256k1"
    assert generate_key("okp", curve="Ed448").curve == "Ed448"
    assert generate_key("okp", alg="EdDSA").curve == "Ed25519"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "dsa"}, "Unknown key kind 'dsa': choose one of hmac, rsa, ec, okp"),
        ({"kind": "rsa", "bits": 1024}, "choose one of 2048, 3072, 4096"),
        ({"kind": "rsa", "alg": "ES256"}, "Unknown RSA algorithm 'ES256'"),
        (
            {"kind": "ec", "curve": "P-192"},
            "choose one of P-256, P-384, P-521, secp256k1",
        ),
        ({"kind": "ec", "curve": "P-256", "alg": "ES384"}, "ES384 needs curve P-384"),
        ({"kind": "okp", "curve": "X25519"}, "choose one of Ed25519, Ed448"),
        ({"kind": "okp", "alg": "ES256"}, "Unknown OKP algorithm"),
        ({"kind": "hmac", "alg": "HS1024"}, "choose one of HS256, HS384, HS512"),
        ({"kind": "hmac", "bits": 256}, "applies to RSA keys"),
        ({"kind": "rsa", "curve": "P-256"}, "applies to EC and OKP keys"),
    ],
)
def test_generate_key_refuses_bad_choices(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(KeyMaterialError, match=message):
        generate_key(**kwargs)  # type: ignore[arg-type]


def test_size_constants() -> None:
    assert RSA_SIZES == (2048, 3072, 4096)
    assert HMAC_SIZES == {"HS256": 32, "HS384": 48, "HS512": 64}


@pytest.mark.parametrize(
    ("alg", "labels"),
    [
        (
            "HS384",
            [
                "HMAC secret, 48 random bytes (base64url)",
                "HMAC secret, 64 characters of text",
            ],
        ),
        (
            "RS256",
            ["RSA 2048-bit key pair", "RSA 3072-bit key pair", "RSA 4096-bit key pair"],
        ),
        (
            "PS512",
            ["RSA 2048-bit key pair", "RSA 3072-bit key pair", "RSA 4096-bit key pair"],
        ),
        ("ES256K", ["EC secp256k1 key pair"]),
        ("ES512", ["EC P-521 key pair"]),
        ("EdDSA", ["Ed25519 key pair", "Ed448 key pair"]),
        ("none", []),
        ("HS1", []),
    ],
)
def test_key_choices_fit_the_algorithm(alg: str, labels: list[str]) -> None:
    assert [choice.label for choice in key_choices(alg)] == labels


@pytest.mark.parametrize("alg", ["HS256", "HS512", "RS384", "ES384", "EdDSA"])
def test_every_choice_makes_a_key_that_signs(alg: str) -> None:
    for choice in key_choices(alg):
        key = generate_choice(choice, alg)
        assert alg in key.algorithms
        _round_trip(key, alg)


def test_rsa_choice_makes_the_size_chosen() -> None:
    choice = key_choices("RS256")[1]

    assert generate_choice(choice, "RS256").size == 3072


def test_ed448_choice() -> None:
    key = generate_choice(key_choices("EdDSA")[1], "EdDSA")

    assert key.curve == "Ed448"


def test_choice_that_does_not_fit_the_algorithm_is_refused() -> None:
    with pytest.raises(KeyMaterialError, match="does not fit ES256"):
        generate_choice(KeyChoice("RSA 4096-bit key pair", "rsa", bits=4096), "ES256")


@pytest.mark.parametrize(
    ("alg", "chars"), [("HS256", 43), ("HS384", 64), ("HS512", 86)]
)
def test_text_secret_is_printable_and_as_random_as_the_bytes(
    alg: str, chars: int
) -> None:
    key = generate_text_secret(alg)
    text = key.key.decode("ascii")

    assert len(text) == chars
    assert len(key.key) >= HMAC_SIZES[alg]
    assert text.isprintable()
    assert " " not in text
    assert generate_text_secret(alg).key != key.key
    _round_trip(key, alg)
