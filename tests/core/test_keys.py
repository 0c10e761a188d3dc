"""Tests for key loading, description, selection and export."""

from __future__ import annotations

import base64
import contextlib
import datetime
import json
import re
from typing import Any

import jwt
import pytest
from certificates import certificate
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from hypothesis import given, settings
from hypothesis import strategies as st

from jwtinspector.core.errors import KeyMaterialError
from jwtinspector.core.export import jwks_for
from jwtinspector.core.keys import (
    KeyMaterial,
    KeySet,
    SecretEncoding,
    fits_family,
    is_signature_alg,
    key_material,
    load_key,
    load_key_file,
    load_key_input,
    load_secret,
    looks_like_key,
    public_of,
    to_jwk,
    to_private_pem,
    to_public_pem,
)

Enc = serialization.Encoding
Priv = serialization.PrivateFormat
Pub = serialization.PublicFormat
NO_PASSWORD = serialization.NoEncryption()

# RFC 7638 §3.1 example key and its published thumbprint.
RFC7638_JWK = {
    "kty": "RSA",
    "n": (
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tS"
        "oc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65Y"
        "GjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdk"
        "t-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
    ),
    "e": "AQAB",
    "alg": "RS256",
    "kid": "2011-04-29",
}
RFC7638_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
CSR_PEM = "-----BEGIN CERTIFICATE REQUEST-----\nAA==\n-----END CERTIFICATE REQUEST-----"
EC_CURVES: dict[str, type[Any]] = {
    "P-256": ec.SECP256R1,
    "P-384": ec.SECP384R1,
    "P-521": ec.SECP521R1,
    "secp256k1": ec.SECP256K1,
}


@pytest.fixture(scope="module")
def rsa_private() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def ec_private() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture(scope="module")
def rsa_key(rsa_private: rsa.RSAPrivateKey) -> KeyMaterial:
    return key_material(rsa_private, source="pem")


def _pem_private(key: Any, fmt: serialization.PrivateFormat = Priv.PKCS8) -> str:
    return key.private_bytes(Enc.PEM, fmt, NO_PASSWORD).decode()


def _pem_public(
    key: Any, fmt: serialization.PublicFormat = Pub.SubjectPublicKeyInfo
) -> str:
    return key.public_key().public_bytes(Enc.PEM, fmt).decode()


def _certificate(private: Any) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    return certificate(
        private,
        "jwtinspector test",
        start=now,
        days=1,
        serial=x509.random_serial_number(),
    )


def _loaded(data: str | bytes) -> KeyMaterial:
    result = load_key(data)
    assert isinstance(result, KeyMaterial)
    return result


# --- thumbprints and JWK ------------------------------------------------------


def test_rfc7638_thumbprint() -> None:
    key = _loaded(json.dumps(RFC7638_JWK))
    assert key.thumbprint == RFC7638_THUMBPRINT
    assert (key.kty, key.size, key.kid, key.alg, key.source) == (
        "RSA",
        2048,
        "2011-04-29",
        "RS256",
        "jwk",
    )
    assert key.algorithms == ("RS256",)
    assert not key.is_private


def _private_keys() -> list[Any]:
    return [
        *(ec.generate_private_key(curve()) for curve in EC_CURVES.values()),
        ed25519.Ed25519PrivateKey.generate(),
        ed448.Ed448PrivateKey.generate(),
    ]


@pytest.mark.parametrize(
    "private_obj", _private_keys(), ids=[*EC_CURVES, "Ed25519", "Ed448"]
)
def test_jwk_round_trip(private_obj: Any) -> None:
    key = key_material(private_obj, source="generated")
    for private in (False, True):
        again = _loaded(json.dumps(to_jwk(key, private=private)))
        assert again.thumbprint == key.thumbprint
        assert again.is_private is private
        assert again.kid == key.thumbprint
        assert again.algorithms == key.algorithms


def test_jwk_round_trip_rsa(rsa_key: KeyMaterial) -> None:
    public_jwk = to_jwk(rsa_key)
    assert "d" not in public_jwk
    assert public_jwk["use"] == "sig"
    assert "alg" not in public_jwk  # RSA fits six algorithms: no single alg
    private = _loaded(json.dumps(to_jwk(rsa_key, private=True)))
    assert private.is_private
    assert private.thumbprint == _loaded(json.dumps(public_jwk)).thumbprint
    assert private.thumbprint == rsa_key.thumbprint


def test_jwk_round_trip_oct() -> None:
    secret = load_secret("a-string-secret-at-least-256-bits-long")
    jwk = to_jwk(secret)
    assert jwk["k"]  # a secret has no public half: k is always exported
    assert "use" not in jwk
    again = _loaded(json.dumps(jwk))
    assert (again.thumbprint, again.key, again.source) == (
        secret.thumbprint,
        secret.key,
        "jwk",
    )


def test_ec_jwk_has_alg_and_curve(ec_private: Any) -> None:
    jwk = to_jwk(key_material(ec_private, source="pem"))
    assert (jwk["kty"], jwk["crv"], jwk["alg"], jwk["use"]) == (
        "EC",
        "P-256",
        "ES256",
        "sig",
    )


def test_to_jwk_private_of_public_key_refused(rsa_key: KeyMaterial) -> None:
    with pytest.raises(KeyMaterialError, match="public"):
        to_jwk(public_of(rsa_key), private=True)


def test_jwks_for_holds_public_jwk(rsa_key: KeyMaterial) -> None:
    jwks = jwks_for(rsa_key)
    assert [set(jwks["keys"][0]) & {"d", "p"}] == [set()]
    loaded = load_key(json.dumps(jwks))
    assert isinstance(loaded, KeySet)
    assert loaded.keys[0].thumbprint == rsa_key.thumbprint


@pytest.mark.parametrize(
    ("jwk", "message"),
    [
        ({"kty": "foo"}, 'unsupported kty "foo"'),
        ({"kty": "RSA", "e": "AQAB"}, "RSA key members are invalid"),
        ({"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}, "EC key members"),
        ({"kty": "OKP", "crv": "X25519", "x": "AA"}, "X25519"),
        ({"kty": "oct"}, "missing member 'k'"),
        ({"kty": "oct", "k": "c2VjcmV0", "kid": 5}, '"kid" must be a string'),
        (
            {"kty": "oct", "k": "c2VjcmV0", "key_ops": "sign"},
            '"key_ops" must be a list',
        ),
        ({"kty": 1}, '"kty" must be a string'),
    ],
)
def test_bad_jwk(jwk: dict[str, Any], message: str) -> None:
    with pytest.raises(KeyMaterialError, match="JWK could not be loaded") as info:
        load_key(json.dumps(jwk))
    assert message in str(info.value)


# --- PEM, DER and certificates -------------------------------------------------


def _pem_variants(
    rsa_private: Any, ec_private: Any
) -> list[tuple[str, str, str, bool]]:
    ed = ed25519.Ed25519PrivateKey.generate()
    return [
        ("PRIVATE KEY", _pem_private(rsa_private), "RSA", True),
        ("PRIVATE KEY", _pem_private(ec_private), "EC", True),
        ("PRIVATE KEY", _pem_private(ed), "OKP", True),
        (
            "RSA PRIVATE KEY",
            _pem_private(rsa_private, Priv.TraditionalOpenSSL),
            "RSA",
            True,
        ),
        (
            "EC PRIVATE KEY",
            _pem_private(ec_private, Priv.TraditionalOpenSSL),
            "EC",
            True,
        ),
        ("PUBLIC KEY", _pem_public(rsa_private), "RSA", False),
        ("PUBLIC KEY", _pem_public(ec_private), "EC", False),
        ("PUBLIC KEY", _pem_public(ed), "OKP", False),
        ("RSA PUBLIC KEY", _pem_public(rsa_private, Pub.PKCS1), "RSA", False),
        ("OPENSSH PRIVATE KEY", _pem_private(ed, Priv.OpenSSH), "OKP", True),
    ]


def _mangle(pem: str, style: str) -> str:
    if style == "crlf":
        return pem.replace("\n", "\r\n")
    if style == "indented":
        return "\n".join("    " + line for line in pem.splitlines()) + "\n   \n"
    if style == "surrounded":
        return f"Here is my key:\n\n{pem}\nThanks!\n"
    return pem


@pytest.mark.parametrize("style", ["plain", "crlf", "indented", "surrounded"])
def test_every_pem_flavour_loads(rsa_private: Any, ec_private: Any, style: str) -> None:
    for label, pem, kty, private in _pem_variants(rsa_private, ec_private):
        assert f"-----BEGIN {label}-----" in pem
        key = _loaded(_mangle(pem, style))
        assert (key.kty, key.is_private, key.source) == (kty, private, "pem"), label
        assert key.thumbprint == public_of(key).thumbprint


def test_pem_thumbprint_matches_key(rsa_private: Any, rsa_key: KeyMaterial) -> None:
    assert _loaded(_pem_public(rsa_private, Pub.PKCS1)).thumbprint == rsa_key.thumbprint
    assert _loaded(_pem_private(rsa_private).encode()).thumbprint == rsa_key.thumbprint


def test_ec_parameters_block_is_skipped(ec_private: Any) -> None:
    params = (
        "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
    )
    key = _loaded(params + _pem_private(ec_private, Priv.TraditionalOpenSSL))
    assert (key.kty, key.curve, key.is_private) == ("EC", "P-256", True)


@pytest.mark.parametrize("encoding", [Enc.PEM, Enc.DER])
def test_certificate_loads_as_public_key(ec_private: Any, encoding: Enc) -> None:
    certificate = _certificate(ec_private).public_bytes(encoding)
    key = _loaded(certificate.decode() if encoding == Enc.PEM else certificate)
    assert (key.source, key.is_private, key.kty, key.curve) == (
        "certificate",
        False,
        "EC",
        "P-256",
    )
    assert key.thumbprint == key_material(ec_private, source="pem").thumbprint


def test_der_keys_load(rsa_private: Any) -> None:
    private = _loaded(rsa_private.private_bytes(Enc.DER, Priv.PKCS8, NO_PASSWORD))
    public = _loaded(
        rsa_private.public_key().public_bytes(Enc.DER, Pub.SubjectPublicKeyInfo)
    )
    assert (private.source, private.is_private) == ("der", True)
    assert (public.source, public.is_private) == ("der", False)
    assert private.thumbprint == public.thumbprint


def test_encrypted_keys_are_refused(ec_private: Any) -> None:
    password = serialization.BestAvailableEncryption(b"pw")
    pkcs8 = ec_private.private_bytes(Enc.PEM, Priv.PKCS8, password)
    sec1 = ec_private.private_bytes(Enc.PEM, Priv.TraditionalOpenSSL, password)
    der = ec_private.private_bytes(Enc.DER, Priv.PKCS8, password)
    assert b"ENCRYPTED PRIVATE KEY" in pkcs8
    assert b"Proc-Type: 4,ENCRYPTED" in sec1
    for data in (pkcs8, sec1, der):
        with pytest.raises(KeyMaterialError, match="encrypted with a passphrase"):
            load_key(data)


def test_unreadable_pem_names_the_block(ec_private: Any) -> None:
    pem = _pem_private(ec_private, Priv.TraditionalOpenSSL).replace("M", "A", 3)
    with pytest.raises(
        KeyMaterialError, match="PEM block 'EC PRIVATE KEY' could not be read"
    ):
        load_key(pem)


def test_unclosed_and_unknown_pem_blocks() -> None:
    with pytest.raises(KeyMaterialError, match="no '-----END PUBLIC KEY-----' line"):
        load_key("-----BEGIN PUBLIC KEY-----\nMIIB\n")
    with pytest.raises(KeyMaterialError, match="'CERTIFICATE REQUEST' is not a key"):
        load_key(CSR_PEM)


def test_unsupported_key_types_are_named() -> None:
    dsa_pem = _pem_private(dsa.generate_private_key(key_size=1024))
    with pytest.raises(KeyMaterialError, match="DSA keys are not supported"):
        load_key(dsa_pem)
    brainpool = _pem_public(ec.generate_private_key(ec.SECP224R1()))
    with pytest.raises(KeyMaterialError, match="EC curve secp224r1 is not used by JWS"):
        load_key(brainpool)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("", "empty"),
        ("hello world", "expected a PEM key or certificate"),
        ("{not json", "looks like JSON but is invalid"),
        ('{"alg": "RS256"}', 'neither a "kty" member'),
        ("ssh-rsa AAAAB3NzaC1yc2E user@host", "OpenSSH public key"),
        (b"\xff\xfe\x00garbage", "neither text nor a DER"),
        (b"\x30\x03\x02\x01\x01", "expected a PEM key"),
        ('{"keys": {}}', "must be a list"),
        ('{"keys": []}', "list is empty"),
    ],
)
def test_garbage_is_refused(data: str | bytes, message: str) -> None:
    with pytest.raises(KeyMaterialError, match=message):
        load_key(data)


def test_load_key_file(tmp_path: Any, rsa_private: Any, rsa_key: KeyMaterial) -> None:
    path = tmp_path / "key.pem"
    path.write_text(_pem_public(rsa_private))
    key = load_key_file(path)
    assert isinstance(key, KeyMaterial)
    assert key.thumbprint == rsa_key.thumbprint
    with pytest.raises(KeyMaterialError, match=r"cannot read key file .*missing\.pem"):
        load_key_file(tmp_path / "missing.pem")


# --- KeyMaterial behaviour -------------------------------------------------------


def test_rsa_private_key_verifies_with_public_half(rsa_key: KeyMaterial) -> None:
    assert isinstance(rsa_key.verification_key(), rsa.RSAPublicKey)
    assert rsa_key.signing_key() is rsa_key.key
    token = jwt.encode({"sub": "x"}, rsa_key.signing_key(), algorithm="PS256")
    claims = jwt.decode(token, rsa_key.verification_key(), algorithms=["PS256"])
    assert claims == {"sub": "x"}


def test_public_key_cannot_sign(rsa_key: KeyMaterial) -> None:
    public = public_of(rsa_key)
    assert (public.is_private, public.can_sign, public.thumbprint) == (
        False,
        False,
        rsa_key.thumbprint,
    )
    with pytest.raises(KeyMaterialError, match="can verify but not sign"):
        public.signing_key()


def test_secret_is_its_own_public_half() -> None:
    secret = load_secret("s3cr3t")
    assert public_of(secret) is secret
    assert secret.verification_key() == secret.signing_key() == b"s3cr3t"
    assert secret.can_sign


def test_describe(rsa_key: KeyMaterial, ec_private: Any) -> None:
    described = public_of(rsa_key).describe()
    assert described.startswith("RSA 2048-bit public key · thumbprint ")
    ec_key = key_material(ec_private, source="pem", kid="abc")
    assert ec_key.describe().startswith(
        'EC P-256 private key · kid "abc" · thumbprint '
    )
    secret = load_secret("x" * 32)
    assert secret.describe().startswith(
        "HMAC secret, 32 bytes (256 bits) · session fingerprint "
    )
    ed = key_material(ed25519.Ed25519PrivateKey.generate().public_key(), source="pem")
    assert ed.describe().startswith("Ed25519 public key")
    assert "·" in ed.describe()
    assert "\n" not in key_material(ec_private, source="pem", kid="a\nb").describe()


def test_algorithms(rsa_key: KeyMaterial, ec_private: Any) -> None:
    assert rsa_key.algorithms == ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")
    assert load_secret("k").algorithms == ("HS256", "HS384", "HS512")
    assert key_material(ec_private, source="pem").algorithms == ("ES256",)
    ed448_key = key_material(ed448.Ed448PrivateKey.generate(), source="pem")
    assert (ed448_key.algorithms, ed448_key.size) == (("EdDSA", "Ed448"), 456)
    bound = key_material(rsa_key.key, source="jwk", alg="PS384")
    assert bound.algorithms == ("PS384",)
    wrong = key_material(rsa_key.key, source="jwk", alg="ES256")
    assert wrong.algorithms == ()
    assert 'alg "ES256" does not fit this key: unusable' in wrong.describe()


def test_an_encryption_key_is_described_as_not_for_signatures(
    rsa_key: KeyMaterial,
) -> None:
    enc = key_material(rsa_key.key, source="jwk", alg="RSA-OAEP", use="enc", kid="e")

    described = enc.describe()

    assert 'kid "e" · use "enc": not for signatures · thumbprint' in described
    assert "unusable" not in described
    assert "RSA-OAEP" not in described


def test_pem_export(rsa_key: KeyMaterial) -> None:
    assert _loaded(to_public_pem(rsa_key)).thumbprint == rsa_key.thumbprint
    assert to_public_pem(rsa_key).startswith("-----BEGIN PUBLIC KEY-----")
    private = _loaded(to_private_pem(rsa_key))
    assert private.is_private
    with pytest.raises(KeyMaterialError, match="public"):
        to_private_pem(public_of(rsa_key))
    with pytest.raises(KeyMaterialError, match="HMAC secret"):
        to_public_pem(load_secret("k"))
    with pytest.raises(KeyMaterialError, match="HMAC secret"):
        to_private_pem(load_secret("k"))


def test_repr_hides_key_bytes() -> None:
    assert "hunter2" not in repr(load_secret("hunter2"))


# --- JWKS selection ---------------------------------------------------------------


@pytest.fixture(scope="module")
def key_set(rsa_key: KeyMaterial, ec_private: Any) -> KeySet:
    public = to_jwk(public_of(rsa_key))
    ec_jwk = to_jwk(key_material(ec_private, source="pem"))
    entries = [
        {**public, "kid": "a"},
        {**public, "kid": "b"},
        {**ec_jwk, "kid": "c"},
        {**public, "kid": "d", "use": "enc"},
        {**public, "kid": "e", "alg": "PS256"},
        {**public, "kid": "f", "key_ops": ["sign"], "use": None},
        {"kty": "foo", "kid": "x"},
    ]
    loaded = load_key(json.dumps({"keys": entries}))
    assert isinstance(loaded, KeySet)
    return loaded


def _kids(keys: tuple[KeyMaterial, ...]) -> list[str | None]:
    return [key.kid for key in keys]


def test_jwks_skips_unusable_entries(key_set: KeySet) -> None:
    assert _kids(key_set.keys) == ["a", "b", "c", "d", "e", "f"]
    assert key_set.skipped == (
        'key 7 (kid "x"): unsupported kty "foo" (expected RSA, EC, OKP, AKP or oct)',
    )


def test_jwks_select_by_kid(key_set: KeySet) -> None:
    assert _kids(key_set.select("b", "RS256")) == ["b"]
    assert _kids(key_set.select("c", "RS256")) == []
    assert _kids(key_set.select("c", "ES256")) == ["c"]


def test_jwks_select_without_kid_takes_every_fitting_key(key_set: KeySet) -> None:
    assert _kids(key_set.select(None, "RS256")) == ["a", "b"]
    assert _kids(key_set.select("unknown", "RS256")) == []  # the kid decides
    assert _kids(key_set.select(None, "PS256")) == ["a", "b", "e"]
    assert _kids(key_set.select(None, "ES384")) == []


def test_jwks_explain(key_set: KeySet) -> None:
    assert key_set.explain("a", "RS256") == (
        'kid "a" (RSA 2048): chosen',
        'kid "b": other kid',
        'kid "c": other kid',
        'kid "d": other kid',
        'kid "e": other kid',
        'kid "f": other kid',
    )
    assert key_set.explain(None, "RS256") == (
        'kid "a" (RSA 2048): chosen',
        'kid "b" (RSA 2048): chosen',
        'kid "c": kty EC does not fit RS256',
        'kid "d": use "enc"',
        'kid "e": alg PS256 ≠ RS256',
        'kid "f": key_ops [\'sign\'] lack "verify"',
    )
    lines = key_set.explain(None, "ES384")
    assert lines[2] == 'kid "c": EC P-256 does not fit ES384'


def test_a_kid_no_key_has_selects_no_other_key(key_set: KeySet) -> None:
    # RFC 8725: a kid the set lacks means the set lacks the key; another
    # key's kid must never stand in for it.
    assert key_set.select("zzz", "ES256") == ()
    assert set(key_set.explain("zzz", "ES256")) == {'kid "a": other kid'} | {
        f'kid "{kid}": other kid' for kid in "bcdef"
    }
    message = key_set.no_match("zzz", "ES256")
    assert message.startswith('No key in the set has kid "zzz" (the set has kid "a"')
    assert "not checked with another key" in message


def test_a_kid_in_a_set_without_kids_tries_every_fitting_key(
    rsa_key: KeyMaterial,
) -> None:
    bare = load_key(json.dumps({"keys": [to_jwk(public_of(rsa_key)) | {"kid": None}]}))
    assert isinstance(bare, KeySet)

    assert len(bare.select("zzz", "RS256")) == 1
    assert bare.explain("zzz", "RS256") == (
        'key 1 (RSA 2048): chosen (no key has kid "zzz")',
    )


def test_a_kidless_key_is_not_chosen_when_the_kid_decides(
    rsa_key: KeyMaterial,
) -> None:
    public = to_jwk(public_of(rsa_key))
    mixed = load_key(json.dumps({"keys": [public | {"kid": None}, public]}))
    assert isinstance(mixed, KeySet)

    assert mixed.select("other", "RS256") == ()
    assert mixed.explain("other", "RS256")[0] == (
        'key 1: no kid (the token asks for kid "other")'
    )


def test_trace_wording_is_shared(key_set: KeySet) -> None:
    chosen = key_set.select("b", "RS256")[0]

    assert key_set.trace(
        "b", "RS256", chosen=chosen, status="valid", message="ignored"
    ) == (
        "6 keys",
        'skipped key 7 (kid "x"): unsupported kty "foo" '
        "(expected RSA, EC, OKP, AKP or oct)",
        'kid "b" matches (RSA 2048, use sig)',
        "signature verified",
    )
    without_kid = key_set.trace(
        None, "RS256", chosen=chosen, status="valid", message="ignored"
    )
    assert without_kid[-1] == 'signature verified with kid "b"'
    assert 'kid "a" (RSA 2048): chosen' in without_kid
    invalid = key_set.trace(None, "RS256", chosen=chosen, status="invalid", message="")
    assert invalid[-1] == "signature invalid: it matches none of the 2 keys tried"


def test_jwks_without_usable_keys_is_refused() -> None:
    with pytest.raises(
        KeyMaterialError, match='no usable key: key 1 \\(kid "q"\\): unsupported'
    ):
        load_key('{"keys": [{"kty": "nope", "kid": "q"}, 5]}')


# --- secrets ----------------------------------------------------------------------


def test_utf8_secret() -> None:
    secret = load_secret("  spaces count  ")
    assert (secret.key, secret.size, secret.source, secret.kty) == (
        b"  spaces count  ",
        128,
        "utf-8",
        "oct",
    )


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("  c2VjcmV0IQ==\n", "base64", b"secret!"),
        ("c2VjcmV0IQ", "base64", b"secret!"),
        ("-_8", "base64url", b"\xfb\xff"),
        ("+/8=", "base64", b"\xfb\xff"),
    ],
)
def test_base64_secrets(text: str, encoding: Any, expected: bytes) -> None:
    secret = load_secret(text, encoding)
    assert (secret.key, secret.source) == (expected, encoding)


@pytest.mark.parametrize(
    ("text", "encoding", "message"),
    [
        (
            "abcdef!h",
            "base64",
            "base64 secret has a character outside the base64 alphabet at position 7",
        ),
        ("  ab cd", "base64", "outside the base64 alphabet at position 5"),
        ("ab-d", "base64", "choose base64url for one"),
        ("ab+d", "base64url", "choose base64 for one"),
        ("ab=d", "base64url", "outside the base64url alphabet at position 3"),
        ("abcde", "base64", "impossible length"),
        ("abc===", "base64", "3 '=' padding characters where 1 belong"),
        ("   ", "base64", "empty"),
        ("", "utf-8", "empty"),
    ],
)
def test_bad_secrets(text: str, encoding: Any, message: str) -> None:
    with pytest.raises(KeyMaterialError, match=re.escape(message)) as raised:
        load_secret(text, encoding)
    # The position is named, never a character of the secret ('=' is padding).
    assert not any(f"'{char}'" in str(raised.value) for char in set(text) - {"="})


def test_secret_refuses_public_keys(rsa_private: Any, rsa_key: KeyMaterial) -> None:
    pem = _pem_public(rsa_private)
    der = rsa_private.public_key().public_bytes(Enc.DER, Pub.SubjectPublicKeyInfo)
    refused: list[tuple[str, SecretEncoding]] = [
        (pem, "utf-8"),
        (json.dumps(to_jwk(rsa_key)), "utf-8"),
        (json.dumps(jwks_for(rsa_key)), "utf-8"),
        ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 me", "utf-8"),
        (base64.b64encode(pem.encode()).decode(), "base64"),
        (base64.b64encode(der).decode(), "base64"),
        (pem, "base64"),
    ]
    for text, encoding in refused:
        with pytest.raises(
            KeyMaterialError, match="algorithm-confusion attack"
        ) as info:
            load_secret(text, encoding)
        assert "RFC 8725" in str(info.value)


def test_unknown_secret_encoding() -> None:
    with pytest.raises(KeyMaterialError, match="utf-8, base64 or base64url"):
        load_secret("x", "hex")  # type: ignore[arg-type]


# --- robustness ------------------------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
_b64_text = st.text(alphabet="ABCDEFGHIJKLMNOPabcdef0123456789-_=+/", max_size=90)
_member = _b64_text | _json_values
_jwk_like = st.fixed_dictionaries(
    {"kty": st.sampled_from(["RSA", "EC", "OKP", "oct", "foo"]) | _json_values},
    optional={
        "crv": st.sampled_from(
            ["P-256", "P-384", "P-521", "secp256k1", "Ed25519", "Ed448", "X25519"]
        ),
        "n": _member,
        "e": st.sampled_from(["AQAB", "Aw", "AQ"]) | _member,
        "d": _member,
        "x": _member,
        "y": _member,
        "k": _member,
        "kid": _member,
        "alg": _member,
        "use": _member,
        "key_ops": _member,
    },
)


def _loads_or_refuses(data: str | bytes) -> None:
    try:
        result = load_key(data)
    except KeyMaterialError:
        return
    assert isinstance(result, KeyMaterial | KeySet)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_loads_or_raises_key_material_error(text: str) -> None:
    _loads_or_refuses(text)


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_any_bytes_loads_or_raises_key_material_error(data: bytes) -> None:
    _loads_or_refuses(data)
    _loads_or_refuses(b"\x30" + data)


@settings(max_examples=300, deadline=None)
@given(_jwk_like, st.booleans())
def test_any_jwk_like_json_loads_or_raises(jwk: dict[str, Any], as_set: bool) -> None:
    _loads_or_refuses(json.dumps({"keys": [jwk]} if as_set else jwk))


@settings(max_examples=200, deadline=None)
@given(st.text(), st.sampled_from(["utf-8", "base64", "base64url"]))
def test_any_secret_loads_or_raises(text: str, encoding: Any) -> None:
    with contextlib.suppress(KeyMaterialError):
        load_secret(text, encoding)


# --- a PEM body without its armour is a public key, not a secret ------------------


def _pem_body(pem: str) -> str:
    return "".join(line for line in pem.splitlines() if not line.startswith("-----"))


@pytest.mark.parametrize(
    ("variant", "encoding"),
    [
        ("body", "utf-8"),
        ("wrapped", "utf-8"),
        ("body-base64", "base64"),
        ("body-base64url", "base64url"),
    ],
)
def test_armourless_pem_body_is_refused_as_a_secret(
    rsa_private: rsa.RSAPrivateKey, variant: str, encoding: SecretEncoding
) -> None:
    pem = _pem_public(rsa_private)
    body = _pem_body(pem)
    text = {
        "body": body,
        "wrapped": "\n".join(pem.splitlines()[1:-1]),
        "body-base64": base64.b64encode(body.encode()).decode(),
        "body-base64url": base64.urlsafe_b64encode(body.encode()).decode(),
    }[variant]

    with pytest.raises(KeyMaterialError, match="base64 body of a PEM"):
        load_secret(text, encoding)


def test_base64_words_that_are_no_key_are_still_secrets() -> None:
    text = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB"
    assert load_secret(text).size == len(text) * 8


def test_jwks_oct_key_holding_a_pem_body_is_skipped(
    rsa_private: rsa.RSAPrivateKey,
) -> None:
    body = _pem_body(_pem_public(rsa_private)).encode()
    oct_jwk = {"kty": "oct", "k": base64.urlsafe_b64encode(body).decode().rstrip("=")}
    jwks = {"keys": [to_jwk(key_material(rsa_private, source="pem")), oct_jwk]}

    loaded = load_key(json.dumps(jwks))

    assert isinstance(loaded, KeySet)
    assert [k.kty for k in loaded.keys] == ["RSA"]
    assert "base64 body of a PEM" in loaded.skipped[0]


# --- the key box: recognising what was pasted ------------------------------------


def test_the_key_box_names_each_kind(rsa_private: Any, ec_private: Any) -> None:
    rsa_jwk = to_jwk(key_material(rsa_private, source="pem"))
    ed = key_material(ed25519.Ed25519PrivateKey.generate(), source="pem")
    cert = _certificate(ec_private).public_bytes(Enc.PEM).decode()
    three = {"keys": [rsa_jwk, to_jwk(ed), {**rsa_jwk, "kid": "other"}]}
    cases = {
        "secret": "secret (text, 6 bytes)",
        " x ": "secret (text, 3 bytes)",
        _pem_public(rsa_private): "RSA public key",
        _pem_private(rsa_private, Priv.TraditionalOpenSSL): "RSA private key",
        _pem_private(ec_private): "EC P-256 private key",
        _pem_public(ec_private): "EC P-256 public key",
        to_public_pem(ed): "Ed25519 public key",
        cert: "certificate (EC P-256 public key)",
        json.dumps(rsa_jwk): "RSA public key (JWK)",
        json.dumps(three): "JWK set (3 keys)",
        json.dumps({"kty": "oct", "k": "c2VjcmV0LWtleS0xNi1ieXQ"}): (
            "secret (JWK, 17 bytes)"
        ),
    }
    for text, kind in cases.items():
        assert load_key_input(text).kind == kind, text[:40]
    assert load_key_input("secret").is_secret
    assert not load_key_input(cert).is_secret


@pytest.mark.parametrize(
    ("mode", "kind"),
    [
        ("utf-8", "secret (text, 8 bytes)"),
        ("base64", "secret (base64, 6 bytes)"),
        ("base64url", "secret (base64url, 6 bytes)"),
    ],
)
def test_an_override_reads_a_secret_in_its_encoding(mode: str, kind: str) -> None:
    assert load_key_input("c2VjcmV0", mode).kind == kind


def test_the_key_override_refuses_a_secret_and_a_secret_mode_a_key(
    rsa_private: Any,
) -> None:
    with pytest.raises(KeyMaterialError, match="Not a key"):
        load_key_input("secret", "key")
    with pytest.raises(KeyMaterialError, match="algorithm-confusion"):
        load_key_input(_pem_public(rsa_private), "utf-8")
    with pytest.raises(KeyMaterialError, match="Unknown key kind"):
        load_key_input("secret", "hex")


def test_looks_like_key(rsa_private: Any) -> None:
    jwk = to_jwk(key_material(rsa_private, source="pem"))
    assert looks_like_key(_pem_public(rsa_private))
    assert looks_like_key(json.dumps(jwk))
    assert looks_like_key(json.dumps({"keys": []}))
    assert looks_like_key("ssh-ed25519 AAAAC3Nza")
    for text in ("secret", "", "{not json", '{"a": 1}', "c2VjcmV0"):
        assert not looks_like_key(text), text


def test_a_pem_on_one_line_loads(rsa_private: Any) -> None:
    """A PEM pasted into a one-line field has spaces for its line breaks."""
    flat = " ".join(_pem_public(rsa_private).split("\n"))

    assert load_key_input(flat).kind == "RSA public key"


def test_fits_family_table(rsa_private: Any, ec_private: Any) -> None:
    secret = load_secret("secret")
    rsa_pub = key_material(rsa_private.public_key(), source="pem")
    p256 = key_material(ec_private, source="pem")
    p384 = key_material(ec.generate_private_key(ec.SECP384R1()), source="pem")
    ed = key_material(ed448.Ed448PrivateKey.generate(), source="pem")
    table = {
        "HS256": (secret,),
        "HS512": (secret,),
        "RS256": (rsa_pub,),
        "PS512": (rsa_pub,),
        "ES256": (p256,),
        "ES384": (p384,),
        "EdDSA": (ed,),
    }
    keys = (secret, rsa_pub, p256, p384, ed)
    for alg, fitting in table.items():
        for key in keys:
            assert fits_family(key, alg) is (key in fitting), (alg, key.kty)
    assert fits_family(KeySet((secret, p384), ()), "ES384")
    assert not fits_family(KeySet((secret, p384), ()), "RS256")


def test_a_jwk_alg_does_not_stop_a_key_fitting_its_family(rsa_private: Any) -> None:
    jwk = {**to_jwk(key_material(rsa_private, source="pem")), "alg": "RS256"}
    key = load_key(json.dumps(jwk))
    assert isinstance(key, KeyMaterial)

    assert fits_family(key, "PS256")


def test_is_signature_alg() -> None:
    for alg in ("HS256", "RS512", "PS384", "ES256K", "EdDSA"):
        assert is_signature_alg(alg)
    for alg in ("none", None, "RSA-OAEP", "dir", "hs256", 5):
        assert not is_signature_alg(alg)


@pytest.mark.parametrize(
    ("text", "note"),
    [
        (base64.b64encode(b"k" * 32).decode(), "base64 (32 bytes)"),
        (base64.urlsafe_b64encode(b"\xfb" * 33).decode(), "base64url (33 bytes)"),
        ("correcthorsebatterystaple", ""),  # a passphrase: letters only
        ("short1", ""),
        ("a secret with spaces 12345", ""),
    ],
)
def test_a_text_secret_that_looks_encoded_says_so(text: str, note: str) -> None:
    loaded = load_key_input(text)

    assert loaded.kind.startswith("secret (text,")
    if note:
        assert f"It also reads as {note}" in loaded.note
    else:
        assert loaded.note == ""
    assert load_key_input(text, "utf-8").note == ""  # an override is not second-guessed
