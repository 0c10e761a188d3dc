"""ML-DSA-44/65/87 with AKP keys (draft-ietf-cose-dilithium), on cryptography's
ML-DSA; and a clear message where the installed cryptography has none."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization

from jwtinspector.core import keygen, mldsa
from jwtinspector.core.algorithms import ML_DSA_ALGORITHMS
from jwtinspector.core.errors import KeyMaterialError, SigningError
from jwtinspector.core.key_choices import key_choices
from jwtinspector.core.keys import (
    KeyMaterial,
    load_key,
    load_key_input,
    public_of,
    to_jwk,
    to_private_pem,
    to_public_pem,
)
from jwtinspector.core.sign import sign_token
from jwtinspector.core.token import inspect_token
from jwtinspector.core.verify import SignatureStatus, verify

VECTOR = json.loads(
    (pathlib.Path(__file__).parents[1] / "data" / "signature_vectors.json").read_text()
)["ml_dsa_44"]


def _check(token: str, key: Any) -> Any:
    return verify(inspect_token(token), key, now=0).signature


def _draft_key() -> KeyMaterial:
    key = load_key(json.dumps(VECTOR["private_jwk"]))
    assert isinstance(key, KeyMaterial)
    return key


def test_draft_jwk_loads_with_its_thumbprint_as_kid() -> None:
    key = _draft_key()

    assert (key.kty, key.curve, key.is_private) == ("AKP", "ML-DSA-44", True)
    assert key.thumbprint == VECTOR["private_jwk"]["kid"]
    assert key.algorithms == ("ML-DSA-44",)
    assert load_key_input(json.dumps(VECTOR["private_jwk"])).kind == (
        "ML-DSA-44 private key (JWK)"
    )


def test_draft_jws_verifies_with_the_public_jwk() -> None:
    public = {k: v for k, v in VECTOR["private_jwk"].items() if k != "priv"}

    result = _check(VECTOR["token"], load_key(json.dumps(public)))

    assert result.status is SignatureStatus.VALID
    assert result.message.startswith("Signature verified: ML-DSA-44 with ML-DSA-44")
    assert inspect_token(VECTOR["token"]).payload_bytes.startswith(
        "It\u2019s a dangerous business".encode()
    )


def test_draft_jws_tampered_is_invalid() -> None:
    head, body, signature = VECTOR["token"].split(".")
    flipped = signature[:40] + ("A" if signature[40] != "A" else "B") + signature[41:]

    assert _check(f"{head}.{body}.{flipped}", _draft_key()).status is (
        SignatureStatus.INVALID
    )


def test_draft_jwk_exports_as_published() -> None:
    key = _draft_key()
    private = to_jwk(key, private=True)
    public = to_jwk(key)

    assert {name: private[name] for name in ("kty", "alg", "pub", "priv")} == {
        name: VECTOR["private_jwk"][name] for name in ("kty", "alg", "pub", "priv")
    }
    assert "priv" not in public
    assert public["kid"] == VECTOR["private_jwk"]["kid"]


@pytest.mark.parametrize("alg", ML_DSA_ALGORITHMS)
def test_each_parameter_set_round_trips_through_jwk_and_pem(alg: str) -> None:
    key = keygen.key_for_algorithm(alg)
    token = sign_token({"alg": alg}, {"sub": "1"}, key)

    from_jwk = load_key(json.dumps(to_jwk(key)))
    from_pem = load_key(to_public_pem(key))
    from_private_pem = load_key(to_private_pem(key))

    assert [choice.label for choice in key_choices(alg)] == [f"{alg} key pair"]
    for loaded in (from_jwk, from_pem, from_private_pem):
        assert _check(token, loaded).status is SignatureStatus.VALID
    assert from_private_pem.is_private  # type: ignore[union-attr]
    assert from_jwk.thumbprint == key.thumbprint  # type: ignore[union-attr]


def test_a_key_of_another_parameter_set_or_another_key_is_refused() -> None:
    key = keygen.generate_mldsa("ML-DSA-44")
    token = sign_token({"alg": "ML-DSA-44"}, {"sub": "1"}, key)

    other_set = _check(token, keygen.generate_mldsa("ML-DSA-65"))
    other_key = _check(token, public_of(keygen.generate_mldsa("ML-DSA-44")))

    assert other_set.status is SignatureStatus.CANNOT_CHECK
    assert "it fits ML-DSA-65, but the token says ML-DSA-44" in other_set.message
    assert other_key.status is SignatureStatus.INVALID


def test_an_rsa_key_cannot_sign_ml_dsa_and_a_public_key_cannot_sign() -> None:
    key = keygen.generate_mldsa("ML-DSA-87")

    with pytest.raises(SigningError, match="ML-DSA-87 needs an ML-DSA-87 private key"):
        sign_token({"alg": "ML-DSA-87"}, {}, keygen.generate_rsa(2048))
    with pytest.raises(SigningError, match="it can verify, but signing needs"):
        sign_token({"alg": "ML-DSA-87"}, {}, public_of(key))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"alg": "ML-DSA-99"}, "an AKP key needs an alg of ML-DSA-44, ML-DSA-65"),
        ({"pub": None}, 'needs its public key "pub"'),
        ({"priv": "AAAA"}, '"priv" must be the 32-byte seed, not 3 bytes'),
        ({"priv": "AQ" + "A" * 41}, '"pub" is not the public key of "priv"'),
    ],
)
def test_bad_akp_jwks_say_what_is_wrong(change: dict[str, Any], message: str) -> None:
    jwk = {**VECTOR["private_jwk"], **change}
    jwk = {name: value for name, value in jwk.items() if value is not None}

    with pytest.raises(KeyMaterialError, match=message):
        load_key(json.dumps(jwk))


def test_without_ml_dsa_in_cryptography_every_path_says_which_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = _draft_key()
    monkeypatch.setattr(mldsa, "available", lambda: False)

    with pytest.raises(KeyMaterialError, match="ML-DSA needs cryptography 48 or newer"):
        load_key(json.dumps(VECTOR["private_jwk"]))
    with pytest.raises(KeyMaterialError, match="ML-DSA needs cryptography 48"):
        keygen.generate_mldsa("ML-DSA-44")
    with pytest.raises(SigningError, match="ML-DSA needs cryptography 48"):
        sign_token({"alg": "ML-DSA-44"}, {}, key)
    result = _check(VECTOR["token"], key)
    assert result.status is SignatureStatus.CANNOT_CHECK
    assert "ML-DSA needs cryptography 48 or newer" in result.message


def test_an_ml_dsa_token_is_explained_as_ml_dsa() -> None:
    from jwtinspector.core.explain import explain

    steps = explain(inspect_token(VECTOR["token"]), _draft_key())

    assert steps[3].body.startswith("ML-DSA-44: a post-quantum signature")
    assert steps[-1].body.startswith("Signature verified: ML-DSA-44")


def test_an_hs256_token_forged_with_the_ml_dsa_public_key_is_caught() -> None:
    from jwtinspector.core.audit import audit
    from jwtinspector.core.keys import key_material

    public = public_of(_draft_key())
    raw = public.key.public_bytes_raw()
    forged = sign_token(
        {"alg": "HS256"}, {"sub": "admin"}, key_material(raw, source="test")
    )

    found = {f.id for f in audit(inspect_token(forged), now=0, key=public)}

    assert "ALG-CONFUSION-FORGED" in found


def test_an_ml_dsa_pem_on_an_older_cryptography_says_which_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pem = to_public_pem(_draft_key())
    rsa_pem = to_public_pem(keygen.generate_rsa(2048))

    def refuse(data: bytes) -> None:  # what cryptography before 48 does
        raise UnsupportedAlgorithm("unknown public key type")

    monkeypatch.setattr(mldsa, "available", lambda: False)
    monkeypatch.setattr(serialization, "load_pem_public_key", refuse)

    with pytest.raises(KeyMaterialError, match="ML-DSA needs cryptography 48"):
        load_key(pem)
    with pytest.raises(KeyMaterialError, match="could not be read: unknown public"):
        load_key(rsa_pem)


def test_an_akp_jwk_with_its_seed_in_the_header_is_a_published_private_key() -> None:
    from jwtinspector.core.audit import audit

    key = _draft_key()
    token = sign_token({"alg": "ML-DSA-44", "jwk": to_jwk(key, private=True)}, {}, key)

    found = [f for f in audit(inspect_token(token), now=0) if f.id == "JWK-PRIVATE"]

    assert len(found) == 1
    assert "priv" in found[0].title + found[0].explanation
