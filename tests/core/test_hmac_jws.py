"""The standard library's HS256/384/512 agrees with PyJWT's on every verdict."""

from __future__ import annotations

import hmac
import json

import jwt
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jwt.algorithms import HMACAlgorithm

from jwtinspector.core.errors import SigningError
from jwtinspector.core.hmac_jws import (
    HMAC_DIGESTS,
    hs_sign_token,
    hs_signature,
)
from jwtinspector.core.text import b64url_encode as b64url
from jwtinspector.startup import sample, sample_token

ALGS = sorted(HMAC_DIGESTS)
HASHES = {
    "HS256": HMACAlgorithm.SHA256,
    "HS384": HMACAlgorithm.SHA384,
    "HS512": HMACAlgorithm.SHA512,
}
# At least 64 bytes: PyJWT warns about shorter HMAC keys (warnings are errors here).
secrets = st.binary(min_size=64, max_size=96)
claims = st.dictionaries(
    st.text(max_size=8),
    st.one_of(st.integers(-(2**40), 2**40), st.text(max_size=16), st.booleans()),
    max_size=4,
)


def hs_verified(
    alg: str, secret: bytes, signing_input: bytes, signature: bytes
) -> bool:
    """A standard-library check built on hs_signature, as a verifier would."""
    if alg not in HMAC_DIGESTS:
        return False
    return hmac.compare_digest(hs_signature(alg, secret, signing_input), signature)


def pyjwt_accepts(token: str, secret: bytes, alg: str) -> bool:
    """PyJWT's signature verdict (its JWS layer: the claims are not checked)."""
    try:
        jwt.api_jws.decode(token, secret, algorithms=[alg])
    except jwt.InvalidSignatureError:
        return False
    return True


def parts(token: str) -> tuple[bytes, bytes]:
    head, payload, signature = token.split(".")
    return f"{head}.{payload}".encode(), jwt.utils.base64url_decode(signature)


@given(alg=st.sampled_from(ALGS), secret=secrets, payload=claims)
def test_a_token_signed_here_is_the_one_pyjwt_signs_and_both_accept_it(
    alg, secret, payload
):
    token = hs_sign_token({"typ": "JWT"}, payload, secret, alg)
    signing_input, signature = parts(token)

    assert signature == HMACAlgorithm(HASHES[alg]).sign(signing_input, secret)
    assert hs_verified(alg, secret, signing_input, signature) is True
    assert pyjwt_accepts(token, secret, alg) is True
    assert json.loads(jwt.utils.base64url_decode(token.split(".")[0])) == {
        "alg": alg,
        "typ": "JWT",
    }


@given(
    alg=st.sampled_from(ALGS),
    secret=secrets,
    other=secrets,
    payload=claims,
    tampered=claims,
    flip=st.integers(min_value=0),
)
def test_wrong_secrets_tampered_payloads_and_signatures_fail_for_both(
    alg, secret, other, payload, tampered, flip
):
    token = hs_sign_token({"typ": "JWT"}, payload, secret, alg)
    head, body, sig = token.split(".")
    signing_input, signature = parts(token)
    changed = bytearray(signature)
    changed[flip % len(changed)] ^= 1 << (flip % 8)
    forged_body = b64url(json.dumps(tampered, separators=(",", ":")).encode())
    cases = [
        (other, signing_input, signature, f"{head}.{body}.{sig}"),
        (secret, signing_input, bytes(changed), f"{head}.{body}.{b64url(changed)}"),
        (
            secret,
            f"{head}.{forged_body}".encode(),
            signature,
            f"{head}.{forged_body}.{sig}",
        ),
    ]
    for key, message, mac, whole in cases:
        ours = hs_verified(alg, key, message, mac)
        assert ours == pyjwt_accepts(whole, key, alg)
        assert ours == HMACAlgorithm(HASHES[alg]).verify(message, key, mac)
        assert ours is (key == secret and message == signing_input and mac == signature)


def test_only_hmac_algorithms_are_signed_or_verified_here():
    with pytest.raises(SigningError, match="not an HMAC algorithm"):
        hs_signature("RS256", b"k" * 64, b"a.b")
    mac = hs_signature("HS256", b"k" * 64, b"a.b")
    assert hs_verified("none", b"k" * 64, b"a.b", mac) is False
    assert hs_verified("HS384", b"k" * 64, b"a.b", mac) is False
    assert hs_verified("HS256", b"k" * 64, b"a.b", b"") is False


def test_the_sample_is_a_token_pyjwt_verifies_with_the_sample_secret():
    token, secret = sample_token(1_700_000_000)
    decoded = jwt.decode(
        token,
        secret,
        algorithms=["HS256"],
        audience="https://api.example.com",
        options={"verify_exp": False, "verify_iat": False},
    )

    assert secret == sample()["secret"]
    assert decoded["iat"] == 1_700_000_000
    assert decoded["exp"] == 1_700_000_900
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}
