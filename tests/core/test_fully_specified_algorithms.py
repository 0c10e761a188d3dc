"""RFC 9864's fully specified Ed25519 and Ed448 beside EdDSA, and ES256K
(RFC 8812), with published vectors where they exist."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest

from jwtinspector.core import keygen
from jwtinspector.core.errors import KeyMaterialError, SigningError
from jwtinspector.core.key_choices import key_choices
from jwtinspector.core.keys import KeyMaterial, KeySet, load_key, public_of, to_jwk
from jwtinspector.core.sign import sign_token
from jwtinspector.core.token import inspect_token
from jwtinspector.core.verify import SignatureStatus, VerifyOptions, verify

VECTORS = json.loads(
    (pathlib.Path(__file__).parents[1] / "data" / "signature_vectors.json").read_text()
)
RFC8037 = VECTORS["rfc8037"]


def _check(token: str, key: Any, *algorithms: str) -> Any:
    options = VerifyOptions(algorithms=algorithms)
    return verify(inspect_token(token), key, now=0, options=options).signature


def _rfc_key() -> KeyMaterial:
    key = load_key(json.dumps(RFC8037["private_jwk"]))
    assert isinstance(key, KeyMaterial)
    return key


def test_rfc8037_key_has_the_published_thumbprint_and_fits_both_names() -> None:
    key = _rfc_key()

    assert key.thumbprint == RFC8037["thumbprint"]  # A.3
    assert key.algorithms == ("EdDSA", "Ed25519")
    assert to_jwk(public_of(key))["x"] == RFC8037["public_jwk"]["x"]


def test_rfc8037_a4_signature_is_reproduced_and_a5_verifies() -> None:
    key = _rfc_key()
    payload = RFC8037["payload"].encode()

    signed = sign_token({"alg": "EdDSA"}, payload, key)
    public = load_key(json.dumps(RFC8037["public_jwk"]))

    assert signed == RFC8037["token"]  # Ed25519 is deterministic: A.4 exactly
    assert _check(RFC8037["token"], public).status is SignatureStatus.VALID


def test_rfc8037_example_written_with_alg_ed25519_verifies() -> None:
    key = _rfc_key()
    token = sign_token({"alg": "Ed25519"}, RFC8037["payload"].encode(), key)
    public = load_key(json.dumps(RFC8037["public_jwk"]))

    result = _check(token, public)

    assert token.startswith("eyJhbGciOiJFZDI1NTE5In0.")  # {"alg":"Ed25519"}
    assert result.status is SignatureStatus.VALID
    assert result.message.startswith("Signature verified: Ed25519 with Ed25519")
    # The same signature bytes under the A.4 header: the header is signed.
    swapped = RFC8037["token"].rsplit(".", 1)[0] + "." + token.rsplit(".", 1)[1]
    assert _check(swapped, public).status is SignatureStatus.INVALID


def test_rfc8037_token_tampered_is_invalid() -> None:
    head, body, signature = RFC8037["token"].split(".")
    tampered = f"{head}.{body[:-2]}Zw.{signature}"

    assert _check(tampered, _rfc_key()).status is SignatureStatus.INVALID


@pytest.mark.parametrize(
    ("alg", "curve", "other"),
    [("Ed25519", "Ed25519", "Ed448"), ("Ed448", "Ed448", "Ed25519")],
)
def test_a_key_on_the_other_curve_never_verifies_a_fully_specified_token(
    alg: str, curve: str, other: str
) -> None:
    key = keygen.generate_okp(curve)
    token = sign_token({"alg": alg}, {"sub": "1"}, key)
    wrong = keygen.generate_okp(other)

    right = _check(token, public_of(key))
    refused = _check(token, public_of(wrong))

    assert right.status is SignatureStatus.VALID
    assert refused.status is SignatureStatus.CANNOT_CHECK
    assert f"it fits EdDSA, {other}, but the token says {alg}" in refused.message


def test_an_ed448_key_cannot_sign_an_ed25519_token() -> None:
    with pytest.raises(SigningError, match="Ed25519 needs an Ed25519 private key"):
        sign_token({"alg": "Ed25519"}, {}, keygen.generate_okp("Ed448"))


def test_a_key_set_picks_the_key_on_the_token_curve() -> None:
    ed25519_key = keygen.generate_okp("Ed25519")
    ed448_key = keygen.generate_okp("Ed448")
    jwks = json.dumps(
        {"keys": [to_jwk(public_of(ed448_key)), to_jwk(public_of(ed25519_key))]}
    )
    keys = load_key(jwks)
    assert isinstance(keys, KeySet)

    result = _check(sign_token({"alg": "Ed25519"}, {"sub": "1"}, ed25519_key), keys)

    assert result.status is SignatureStatus.VALID
    assert result.key is not None
    assert result.key.curve == "Ed25519"


def test_a_jwk_alg_binds_the_key_to_one_name() -> None:
    key = keygen.generate_okp("Ed25519")
    jwk = {**to_jwk(public_of(key)), "alg": "Ed25519"}
    bound = load_key(json.dumps(jwk))
    eddsa = sign_token({"alg": "EdDSA"}, {"sub": "1"}, key)

    assert bound.algorithms == ("Ed25519",)  # type: ignore[union-attr]
    assert _check(eddsa, bound).status is SignatureStatus.CANNOT_CHECK
    wrong_curve = {**to_jwk(public_of(key)), "alg": "Ed448"}
    assert load_key(json.dumps(wrong_curve)).algorithms == ()  # type: ignore[union-attr]


def test_the_user_allowed_algorithm_is_kept_for_fully_specified_names() -> None:
    key = keygen.generate_okp("Ed25519")
    token = sign_token({"alg": "Ed25519"}, {"sub": "1"}, key)

    result = _check(token, key, "EdDSA")

    assert result.status is SignatureStatus.CANNOT_CHECK
    assert "you allow only EdDSA" in result.message


@pytest.mark.parametrize(
    ("alg", "labels", "curve"),
    [
        ("Ed25519", ["Ed25519 key pair"], "Ed25519"),
        ("Ed448", ["Ed448 key pair"], "Ed448"),
        ("EdDSA", ["Ed25519 key pair", "Ed448 key pair"], "Ed25519"),
    ],
)
def test_key_generation_follows_the_curve_the_name_says(
    alg: str, labels: list[str], curve: str
) -> None:
    key = keygen.key_for_algorithm(alg)

    assert [choice.label for choice in key_choices(alg)] == labels
    assert key.curve == curve
    assert keygen.generate_key("okp", alg=alg).curve == curve
    token = sign_token({"alg": alg}, {"sub": "1"}, key)
    assert _check(token, key).status is SignatureStatus.VALID


def test_generating_ed448_on_curve_ed25519_is_refused() -> None:
    with pytest.raises(KeyMaterialError, match="Ed448 needs curve Ed448, not Ed25519"):
        keygen.generate_key("okp", curve="Ed25519", alg="Ed448")


def test_es256k_signature_from_another_library_verifies() -> None:
    vector = VECTORS["es256k"]
    key = load_key(json.dumps(vector["private_jwk"]))
    other = keygen.generate_ec("secp256k1")
    head, body, signature = vector["token"].split(".")

    assert _check(vector["token"], public_of(key)).status is SignatureStatus.VALID  # type: ignore[arg-type]
    assert _check(vector["token"], other).status is SignatureStatus.INVALID
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    assert _check(f"{head}.{body}.{flipped}", key).status is SignatureStatus.INVALID


def test_es256k_round_trip_and_p256_key_refused() -> None:
    key = keygen.key_for_algorithm("ES256K")
    token = sign_token({"alg": "ES256K"}, {"sub": "1"}, key)
    p256 = keygen.generate_ec("P-256")

    assert _check(token, public_of(key)).status is SignatureStatus.VALID
    refused = _check(token, p256)
    assert refused.status is SignatureStatus.CANNOT_CHECK
    assert "it fits ES256, but the token says ES256K" in refused.message


@pytest.mark.parametrize(
    "alg",
    ["EdDSA", "Ed25519", "Ed448", "ES256K", "ML-DSA-44", "ML-DSA-65", "ML-DSA-87"],
)
def test_every_generate_key_menu_entry_makes_a_key_that_signs(alg: str) -> None:
    for choice in key_choices(alg):
        key = keygen.generate_choice(choice, alg)
        token = sign_token({"alg": alg}, {"sub": "1"}, key)

        assert _check(token, public_of(key), alg).status is SignatureStatus.VALID
