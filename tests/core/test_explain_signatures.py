"""The walkthrough opens each signature: its claims checked against cryptography."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from hypothesis import given, settings
from hypothesis import strategies as st

from jwtinspector.core import keygen
from jwtinspector.core.explain import Step, explain, steps_json
from jwtinspector.core.explain.curves import ecdsa_parts
from jwtinspector.core.explain.layout import hex_rows
from jwtinspector.core.explain.rsa import decode_pss, recover_pkcs1
from jwtinspector.core.keys import KeyMaterial, KeySet, load_key, load_secret
from jwtinspector.core.sign import sign_token
from jwtinspector.core.token import DecodedToken, inspect_token, with_payload

HASHES = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}
OIDS = {
    "256": "2.16.840.1.101.3.4.2.1",
    "384": "2.16.840.1.101.3.4.2.2",
    "512": "2.16.840.1.101.3.4.2.3",
}


@pytest.fixture(scope="module")
def rsa_key() -> KeyMaterial:
    return keygen.generate_rsa(2048)


@pytest.fixture(scope="module")
def other_rsa_key() -> KeyMaterial:
    return keygen.generate_rsa(2048)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _segment(value: object) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode())


def _token(alg: str, sign: object, payload: object = None) -> str:
    """A token signed by ``sign(signing_input) -> bytes``."""
    head = f"{_segment({'alg': alg})}.{_segment(payload or {'sub': '1'})}"
    return f"{head}.{_b64(sign(head.encode()))}"  # type: ignore[operator]


def _step(steps: tuple[Step, ...], title: str) -> Step:
    return next(s for s in steps if s.title.split(". ", 1)[-1] == title)


def _edited(token: str) -> str:
    head, _payload, sig = token.split(".")
    return f"{head}.{_segment({'sub': '2'})}.{sig}"


@pytest.mark.parametrize("bits", ["256", "384", "512"])
def test_recovered_rsa_block_is_the_pkcs1_encoding_cryptography_recovers(
    rsa_key: KeyMaterial, bits: str
) -> None:
    token = sign_token({"alg": f"RS{bits}"}, {"sub": "1"}, rsa_key)
    decoded = inspect_token(token)
    public = rsa_key.key.public_key()
    sig = decoded.signature or b""
    numbers = public.public_numbers()

    found = recover_pkcs1(sig, numbers.n, numbers.e)
    expected = public.recover_data_from_signature(sig, padding.PKCS1v15(), None)
    body = _step(explain(decoded, rsa_key), "The recovered RSA block").body

    assert found.padded
    assert found.digest_info == expected
    assert found.oid == OIDS[bits]
    assert found.digest == hashlib.new(f"sha{bits}", decoded.signing_input).digest()
    assert f"OID {OIDS[bits]}" in body
    assert f"DigestInfo   {found.prefix.hex(' ')}" in body
    assert hex_rows(found.block) in body
    assert "this key signed exactly this header and payload" in body


def test_a_wrong_rsa_key_recovers_garbage(
    rsa_key: KeyMaterial, other_rsa_key: KeyMaterial
) -> None:
    token = sign_token({"alg": "RS256"}, {"sub": "1"}, rsa_key)

    steps = explain(inspect_token(token), other_rsa_key)

    body = _step(steps, "The recovered RSA block").body
    assert "garbage" in body
    assert "Wrong key" in body
    assert "names the hash" not in body
    assert steps[-1].body.startswith("Invalid signature")


def test_an_edited_payload_keeps_good_padding_with_another_hash(
    rsa_key: KeyMaterial,
) -> None:
    token = _edited(sign_token({"alg": "RS256"}, {"sub": "1"}, rsa_key))

    body = _step(explain(inspect_token(token), rsa_key), "The recovered RSA block").body

    assert "Good padding, so this is the key that signed" in body
    assert "changed after signing" in body
    assert "garbage" not in body


def test_rsa_block_names_another_hash_algorithm(rsa_key: KeyMaterial) -> None:
    private = rsa_key.key
    token = _token(
        "RS256", lambda data: private.sign(data, padding.PKCS1v15(), hashes.SHA384())
    )

    body = _step(explain(inspect_token(token), rsa_key), "The recovered RSA block").body

    assert "SHA-384, OID 2.16.840.1.101.3.4.2.2" in body
    assert "not SHA-256 as RS256 needs" in body


def test_without_a_key_the_rsa_step_says_what_a_key_would_show() -> None:
    token = _token("RS256", lambda data: b"\x01" * 256)

    steps = explain(inspect_token(token), None)

    body = _step(steps, "Inside the RSA signature").body
    assert "00 01 ff…ff 00" in body
    assert "Give the RSA public key" in body


def test_the_rsa_block_comes_from_the_key_set_s_key(rsa_key: KeyMaterial) -> None:
    from jwtinspector.core.export import jwks_for

    keys = load_key(json.dumps(jwks_for(rsa_key, kid="a")))
    assert isinstance(keys, KeySet)
    token = sign_token({"alg": "RS256", "kid": "a"}, {"sub": "1"}, rsa_key)

    body = _step(explain(inspect_token(token), keys), "The recovered RSA block").body

    assert "names the hash: SHA-256" in body


@pytest.mark.parametrize(
    ("bits", "salt"),
    [("256", 32), ("384", 32), ("384", "digest"), ("512", 0)],
    ids=["PS256-32", "PS384-32", "PS384-digest", "PS512-0"],
)
def test_pss_salt_found_is_the_salt_length_used(
    rsa_key: KeyMaterial, bits: str, salt: int | str
) -> None:
    hash_class = HASHES[bits]
    length = padding.PSS.DIGEST_LENGTH if salt == "digest" else salt
    pss = padding.PSS(mgf=padding.MGF1(hash_class()), salt_length=length)
    token = _token(f"PS{bits}", lambda data: rsa_key.key.sign(data, pss, hash_class()))
    decoded = inspect_token(token)
    numbers = rsa_key.key.public_key().public_numbers()
    digest = hashlib.new(f"sha{bits}", decoded.signing_input).digest()

    found = decode_pss(
        decoded.signature or b"", numbers.n, numbers.e, f"sha{bits}", digest
    )
    body = _step(explain(decoded, rsa_key), "The recovered PSS encoding").body

    used = hash_class.digest_size if salt == "digest" else salt
    assert found.trailer
    assert found.salt is not None
    assert len(found.salt) == used
    assert found.matches
    assert f"Salt found: {used} bytes" in body
    fits = used == hash_class.digest_size
    assert ("as RFC 7518 §3.5 requires" in body) is fits
    assert (f"requires {hash_class.digest_size}" in body) is not fits


def test_pss_with_a_wrong_key_or_edited_content(
    rsa_key: KeyMaterial, other_rsa_key: KeyMaterial
) -> None:
    token = sign_token({"alg": "PS256"}, {"sub": "1"}, rsa_key)

    wrong = _step(
        explain(inspect_token(token), other_rsa_key), "The recovered PSS encoding"
    )
    edited = _step(
        explain(inspect_token(_edited(token)), rsa_key), "The recovered PSS encoding"
    )

    assert "garbage" in wrong.body
    assert "differs from H" in edited.body
    assert "changed after signing" in edited.body
    assert edited.url == "https://www.rfc-editor.org/rfc/rfc7518#section-3.5"


@pytest.mark.parametrize(
    ("alg", "curve", "size"),
    [
        ("ES256", ec.SECP256R1, 32),
        ("ES384", ec.SECP384R1, 48),
        ("ES512", ec.SECP521R1, 66),
    ],
    ids=["ES256", "ES384", "ES512"],
)
def test_ecdsa_r_and_s_are_the_numbers_of_the_der_signature(
    alg: str, curve: type[ec.EllipticCurve], size: int
) -> None:
    private = ec.generate_private_key(curve())
    der: list[bytes] = []

    def sign(data: bytes) -> bytes:
        der.append(private.sign(data, ec.ECDSA(HASHES[alg[2:]]())))
        r, s = decode_dss_signature(der[0])
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")

    token = _token(alg, sign)
    r, s = decode_dss_signature(der[0])

    parts = ecdsa_parts(inspect_token(token).signature or b"", size)
    body = _step(explain(inspect_token(token), None), "r and s").body

    assert (parts.r, parts.s, parts.der) == (r, s, False)
    assert f"decimal {r}" in body
    assert f"decimal {s}" in body
    assert body.count("< n: yes") == 2
    assert "randomised" in body
    curve_name = {"ES256": "P-256", "ES384": "P-384", "ES512": "P-521"}[alg]
    assert f"The curve is {curve_name}" in body


def test_a_der_encoded_ecdsa_signature_is_called_an_error() -> None:
    private = ec.generate_private_key(ec.SECP256R1())
    der: list[bytes] = []

    def sign(data: bytes) -> bytes:
        der.append(private.sign(data, ec.ECDSA(hashes.SHA256())))
        return der[0]

    token = _token("ES256", sign)
    r, s = decode_dss_signature(der[0])

    body = _step(explain(inspect_token(token), None), "r and s").body

    assert "DER" in body
    assert "RFC 7518 §3.4 requires the raw form" in body
    assert f"decimal {r}" in body
    assert f"decimal {s}" in body


def test_ecdsa_numbers_out_of_range_and_odd_lengths_are_named() -> None:
    order_bytes = bytes.fromhex(
        "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"
    )
    zero = _token("ES256", lambda data: bytes(32) + order_bytes)
    odd = _token("ES256", lambda data: b"\x01" * 10)

    zero_body = _step(explain(inspect_token(zero), None), "r and s").body
    odd_body = _step(explain(inspect_token(odd), None), "r and s").body

    assert "0 < r < n: NO" in zero_body
    assert "0 < s < n: NO" in zero_body
    assert "needs exactly 64" in odd_body


@pytest.mark.parametrize(("curve", "half"), [("Ed25519", 32), ("Ed448", 57)])
def test_eddsa_is_split_into_r_and_s_with_the_curve_named(
    curve: str, half: int
) -> None:
    key = keygen.generate_okp(curve)
    token = sign_token({"alg": "EdDSA"}, {"sub": "1"}, key)
    sig = inspect_token(token).signature or b""

    with_key = _step(explain(inspect_token(token), key), "R and S")
    without = _step(explain(inspect_token(token), None), "R and S")

    assert len(sig) == 2 * half
    assert f"R ({half} bytes" in with_key.body
    assert f"S ({half} bytes" in with_key.body
    assert hex_rows(sig[:half]) in with_key.body
    assert hex_rows(sig[half:]) in with_key.body
    assert f"The curve: {curve} (from the key" in with_key.body
    assert f"The curve: {curve} (from the signature's length" in without.body
    assert with_key.source == "RFC 8037 §3.1"


def test_alg_none_asks_for_no_key_and_is_rejected() -> None:
    token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."

    without = explain(inspect_token(token), None)
    with_key = explain(inspect_token(token), load_secret("k" * 32))

    for steps in (without, with_key):
        text = "\n".join(s.body for s in steps)
        assert "add the secret" not in text
        assert "no key is asked for" in steps[-1].body
        assert _step(steps, "Nothing to verify").source == "RFC 8725 §3.1"
        assert all("digest" not in s.title for s in steps)


RFC7797_KEY = (  # RFC 7515 Appendix A.1's HMAC key
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcg"
    "UuTwjAzZr1Z9CAow"
)
RFC7797_HEADER = "eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19"
RFC7797_SIG = "A5dxf2s96_n5FLueVuW1Z_vh161FwXZC4YLPff6dmDY"


def test_b64_false_signing_input_is_rfc_7797_section_4_2_s() -> None:
    detached = inspect_token(f"{RFC7797_HEADER}..{RFC7797_SIG}")
    token: DecodedToken = with_payload(detached, b"$.02")

    steps = explain(token, load_secret(RFC7797_KEY, "base64url"))

    signing_input = _step(steps, "The signing input")
    assert token.signing_input == f"{RFC7797_HEADER}.$.02".encode()
    assert signing_input.body.endswith(f"\n{RFC7797_HEADER}.$.02")
    assert signing_input.source == "RFC 7797 §3"
    assert "They are the same" in steps[-1].body


def test_the_digest_step_is_the_hash_of_the_signing_input(rsa_key: KeyMaterial) -> None:
    token = sign_token({"alg": "RS384"}, {"sub": "1"}, rsa_key)
    decoded = inspect_token(token)

    step = _step(explain(decoded, None), "The digest of the signing input")

    digest = hashlib.sha384(decoded.signing_input).digest()
    assert hex_rows(digest) in step.body
    assert step.body.startswith("SHA-384 of the signing input")


def test_at_hash_is_explained_with_the_access_token() -> None:
    from jwtinspector.core.certs import oidc_hash

    secret = load_secret("k" * 32)
    right = oidc_hash("access-1", "HS256")
    token = sign_token({"alg": "HS256"}, {"at_hash": right}, secret)

    given_token = _step(
        explain(inspect_token(token), secret, access_token="access-1"),
        "at_hash: the access token's hash",
    )
    other = explain(inspect_token(token), secret, access_token="access-2")
    described = explain(inspect_token(token), secret)

    assert f"base64url: {right}" in given_token.body
    assert "this access token goes with this ID token" in given_token.body
    assert "was not issued with it" in _step(other, given_token.title[3:]).body
    assert "Give the access token" in _step(described, given_token.title[3:]).body
    assert given_token.url.startswith("https://openid.net/specs/openid-connect-core")


def test_every_step_has_a_source_and_the_json_form_keeps_it(
    rsa_key: KeyMaterial,
) -> None:
    token = sign_token({"alg": "PS256"}, {"sub": "1"}, rsa_key)

    steps = explain(inspect_token(token), rsa_key)
    listed = steps_json(steps)

    assert all(s.url.startswith("https://") for s in steps)
    assert [d["title"] for d in listed] == [s.title for s in steps]
    assert set(listed[0]) == {"title", "body", "source", "url"}


@settings(max_examples=12)
@given(signature=st.binary(max_size=300))
def test_any_rsa_signature_bytes_are_explained_without_an_error(
    rsa_key: KeyMaterial, signature: bytes
) -> None:
    for alg, key in (
        ("RS256", rsa_key),
        ("PS512", rsa_key),
        ("ES256", None),
        ("ES512", None),
        ("EdDSA", None),
    ):
        token = _token(alg, lambda data, sig=signature: sig)
        steps = explain(inspect_token(token), key)
        assert steps[-1].title.endswith("Verification")


def test_hex_rows_show_a_run_of_equal_rows_once() -> None:
    block = b"\x00\x01" + b"\xff" * 202 + b"\x00" + bytes(range(51))

    rows = hex_rows(block).splitlines()

    assert rows[0] == "  00 01 ff ff  ff ff ff ff  ff ff ff ff  ff ff ff ff"
    assert rows[2] == "  … the same 16 bytes 10 more times"
    assert rows[3] == "  ff ff ff ff  ff ff ff ff  ff ff ff ff  00 00 01 02"
    assert len(rows) == 7
    assert hex_rows(bytes(32)).count("00 00 00 00") == 8  # two rows stay two
