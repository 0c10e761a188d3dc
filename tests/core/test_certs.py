"""x5c certificates, thumbprints, the leaf key, and OIDC at_hash / c_hash."""

from __future__ import annotations

import base64
import dataclasses
import datetime
import hashlib
import json
import re
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from strict_decoding import parse_token

from jwtinspector.core import certs
from jwtinspector.core.errors import KeyMaterialError
from jwtinspector.core.keygen import generate_ec, generate_okp, generate_rsa
from jwtinspector.core.keys import KeyMaterial, key_material, to_jwk
from jwtinspector.core.sign import sign_token
from jwtinspector.core.token import DecodedToken
from jwtinspector.core.verify import CheckStatus, SignatureStatus, verify

START = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
END = datetime.datetime(2034, 1, 1, tzinfo=datetime.UTC)
NOW = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC).timestamp()


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(
    subject: str,
    public_key: Any,
    issuer: str,
    signer: Any,
    start: datetime.datetime = START,
    end: datetime.datetime = END,
) -> x509.Certificate:
    return (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(public_key)
        .serial_number(0x1234)
        .not_valid_before(start)
        .not_valid_after(end)
        .sign(signer, hashes.SHA256())
    )


@dataclasses.dataclass(frozen=True)
class Chain:
    leaf_private: rsa.RSAPrivateKey
    leaf: x509.Certificate
    root: x509.Certificate

    @property
    def x5c(self) -> list[str]:
        return [_b64(self.leaf), _b64(self.root)]


def _b64(cert: x509.Certificate) -> str:
    return base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


def _thumb(cert: x509.Certificate, algorithm: str) -> str:
    der = cert.public_bytes(serialization.Encoding.DER)
    digest = hashlib.new(algorithm, der).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def chain() -> Chain:
    root_key = ec.generate_private_key(ec.SECP256R1())
    leaf_private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = _certificate(
        "Example Root CA", root_key.public_key(), "Example Root CA", root_key
    )
    leaf = _certificate(
        "id.example.com", leaf_private.public_key(), "Example Root CA", root_key
    )
    return Chain(leaf_private, leaf, root)


def _token(
    header: dict[str, Any], key: KeyMaterial, alg: str, **claims: Any
) -> DecodedToken:
    return parse_token(sign_token(header, {"sub": "alice", **claims}, key, alg=alg))


# --- certificates ------------------------------------------------------------


def test_each_certificate_is_described(chain: Chain) -> None:
    leaf, root = certs.x5c_certificates({"x5c": chain.x5c}, now=NOW)

    assert (leaf.position, root.position) == (0, 1)
    assert leaf.subject == "CN=id.example.com"
    assert leaf.issuer == root.subject == root.issuer == "CN=Example Root CA"
    assert leaf.serial == "1234"
    assert leaf.not_before == START.timestamp()
    assert leaf.not_after == END.timestamp()
    assert (leaf.expired, leaf.not_yet_valid) == (False, False)
    assert (leaf.self_signed, root.self_signed) == (False, True)
    assert (leaf.signed_by_next, root.signed_by_next) == (True, None)
    assert (leaf.key, root.key) == ("RSA 2048", "EC P-256")
    assert leaf.thumbprint_sha256 == _thumb(chain.leaf, "sha256")
    assert leaf.thumbprint_sha1 == _thumb(chain.leaf, "sha1")
    lines = leaf.describe()
    assert lines[0] == "leaf: CN=id.example.com (RSA 2048)"
    assert lines[2] == (
        "valid 2024-01-01 00:00:00 UTC to 2034-01-01 00:00:00 UTC: valid now"
    )


def test_expired_and_not_yet_valid(chain: Chain) -> None:
    x5c = {"x5c": chain.x5c}
    after = END.timestamp() + 1
    before = START.timestamp() - 1

    (expired, _root) = certs.x5c_certificates(x5c, now=after)
    (early, _root) = certs.x5c_certificates(x5c, now=before)

    assert (expired.expired, expired.not_yet_valid) == (True, False)
    assert expired.describe()[2].endswith(": expired")
    assert (early.not_yet_valid, early.expired) == (True, False)


def test_chain_in_the_wrong_order_is_not_signed_by_next(chain: Chain) -> None:
    infos = certs.x5c_certificates({"x5c": [chain.x5c[1], chain.x5c[0]]}, now=NOW)

    assert infos[0].signed_by_next is False
    assert "not signed by the next certificate of the chain" in infos[0].describe()


def test_token_without_x5c_has_no_certificates() -> None:
    token = _token({}, generate_ec(), "ES256")

    assert certs.x5c_certificates(token, now=NOW) == ()


@pytest.mark.parametrize(
    ("x5c", "words"),
    [
        ("MIIB", "non-empty list"),
        ([], "non-empty list"),
        ([42], "x5c[0] is not a string"),
        (["ab-_cd"], "standard base64, not base64url"),
        (["aGVsbG8="], "x5c[0] is base64 but not a DER X.509 certificate"),
    ],
)
def test_malformed_x5c(x5c: Any, words: str) -> None:
    with pytest.raises(KeyMaterialError, match=re.escape(words)):
        certs.x5c_certificates({"x5c": x5c}, now=NOW)


# --- thumbprints -------------------------------------------------------------------


def test_thumbprints_match_the_leaf(chain: Chain) -> None:
    header = {
        "x5c": chain.x5c,
        "x5t": _thumb(chain.leaf, "sha1"),
        "x5t#S256": _thumb(chain.leaf, "sha256"),
    }

    checks = certs.check_thumbprints(header)

    assert [(c.name, c.matches) for c in checks] == [("x5t", True), ("x5t#S256", True)]


def test_thumbprint_of_another_certificate_is_a_mismatch(chain: Chain) -> None:
    header = {"x5c": chain.x5c, "x5t#S256": _thumb(chain.root, "sha256"), "x5t": 7}

    x5t, s256 = certs.check_thumbprints(header)

    assert x5t.matches is False
    assert "not a string" in x5t.message
    assert s256.matches is False
    assert "different certificates" in s256.message


def test_thumbprint_without_x5c_cannot_be_checked() -> None:
    (check,) = certs.check_thumbprints({"x5t#S256": "abc"})

    assert check.matches is None
    assert "no x5c" in check.message


def test_jwk_key_must_be_the_leaf_key(chain: Chain) -> None:
    own = to_jwk(key_material(chain.leaf_private, source="test"))
    other = to_jwk(generate_rsa())

    (good,) = certs.check_thumbprints({**own, "x5c": chain.x5c})
    (bad,) = certs.check_thumbprints({**other, "x5c": chain.x5c})

    assert good.matches is True
    assert bad.matches is False
    assert "RFC 7517 §4.7" in bad.message


# --- the certificates of a key set --------------------------------------------------


def _jwks_with_certificates(chain: Chain) -> str:
    """A JWKS: kid "a" (the leaf's key, its chain), kid "b" (no certificate),
    a kid-less key whose x5c is another key's, and kid "d" (the same chain)."""
    leaf = to_jwk(key_material(chain.leaf_private.public_key(), source="t"))
    stranger = {k: v for k, v in to_jwk(generate_rsa()).items() if k != "kid"}
    return json.dumps(
        {
            "keys": [
                {**leaf, "kid": "a", "x5c": chain.x5c},
                {**to_jwk(generate_ec("P-256")), "kid": "b"},
                {**stranger, "x5c": chain.x5c},
                {**leaf, "kid": "d", "x5c": chain.x5c},
            ]
        }
    )


def _titles(lines: tuple[str, ...]) -> list[str]:
    return [line for line in lines if line.startswith("In the key you gave")]


def _section(lines: tuple[str, ...], title: str) -> list[str]:
    """The lines under one title, up to the blank line before the next title."""
    start = lines.index(title) + 1
    rest = list(lines[start:])
    ends = [i for i, line in enumerate(rest) if line.startswith("In the key")]
    section = rest[: ends[0]] if ends else rest
    return section[:-1] if section and section[-1] == "" else section


def test_each_key_of_a_jwks_shows_its_certificates_and_checks(chain: Chain) -> None:
    lines = certs.jwk_certificate_lines(_jwks_with_certificates(chain), now=NOW)

    assert _titles(lines) == [
        'In the key you gave (JWK kid "a"):',
        "In the key you gave (JWK key 3):",  # its place in the set: no kid
        'In the key you gave (JWK kid "d"):',
    ]
    first = _section(lines, 'In the key you gave (JWK kid "a"):')
    assert first[0] == "leaf: CN=id.example.com (RSA 2048)"
    assert first[1] == "issuer: CN=Example Root CA"
    assert first[2] == (
        "valid 2024-01-01 00:00:00 UTC to 2034-01-01 00:00:00 UTC: valid now"
    )
    assert f"x5t#S256 {_thumb(chain.leaf, 'sha256')}" in first
    assert "certificate 1: CN=Example Root CA (EC P-256)" in first
    assert "The JWK's key is the leaf's key." in first
    third = _section(lines, "In the key you gave (JWK key 3):")
    assert third[-1] == (
        "The JWK's key is not the leaf certificate's key, as it must be "
        "(RFC 7517 §4.7)."
    )
    later = certs.jwk_certificate_lines(
        _jwks_with_certificates(chain), now=END.timestamp() + 1
    )
    assert _section(later, 'In the key you gave (JWK kid "a"):')[2].endswith(
        ": expired"
    )


def test_the_tokens_kid_lists_only_its_keys_certificates(chain: Chain) -> None:
    text = _jwks_with_certificates(chain)

    lines = certs.jwk_certificate_lines(text, now=NOW, kid="d")

    assert _titles(lines) == ['In the key you gave (JWK kid "d"):']
    assert "The JWK's key is the leaf's key." in lines
    assert lines[-1] == (
        "Not listed: 2 other keys of the set with certificates "
        '(kid "a", key 3), as the token\'s kid is "d".'
    )
    # A kid no key with certificates has (b has none) lists them all.
    for kid in ("b", "zzz"):
        assert len(_titles(certs.jwk_certificate_lines(text, now=NOW, kid=kid))) == 3


def test_a_jwks_without_certificates_has_no_lines(chain: Chain) -> None:
    text = json.dumps({"keys": [to_jwk(generate_rsa())]})

    assert certs.jwk_certificate_lines(text, now=NOW) == ()
    assert certs.jwk_certificate_lines('{"keys": 7}', now=NOW) == ()


# --- the leaf key ----------------------------------------------------------------


def test_leaf_key_verifies_a_token_it_signed_with_a_warning(chain: Chain) -> None:
    signer = key_material(chain.leaf_private, source="test")
    token = _token({"x5c": chain.x5c}, signer, "RS256")

    key, warning = certs.leaf_key(token)
    report = verify(token, key, now=NOW)

    assert report.signature.status is SignatureStatus.VALID
    assert (key.source, key.is_private) == ("x5c", False)
    assert key.thumbprint == signer.thumbprint
    assert "proves nothing by itself" in warning
    assert "does not check the chain" in warning


def test_leaf_key_of_a_jwk_keeps_its_kid(chain: Chain) -> None:
    jwk = {**to_jwk(key_material(chain.leaf_private, source="t")), "kid": "k1"}

    found = certs.leaf_key({**jwk, "x5c": chain.x5c})

    assert found.key.kid == "k1"
    assert "embedded" in found.warning


def test_leaf_key_needs_an_x5c() -> None:
    with pytest.raises(KeyMaterialError, match="no x5c"):
        certs.leaf_key({"alg": "RS256"})


def test_pem_chain(chain: Chain) -> None:
    pem = b"".join(
        c.public_bytes(serialization.Encoding.PEM) for c in (chain.leaf, chain.root)
    )

    infos, key = certs.load_pem_chain(pem, now=NOW)

    assert [i.subject for i in infos] == ["CN=id.example.com", "CN=Example Root CA"]
    assert (key.kty, key.source) == ("RSA", "x5u")
    with pytest.raises(KeyMaterialError):
        certs.load_pem_chain(b"not a certificate", now=NOW)


# --- OIDC hash claims ----------------------------------------------------------------

# OpenID Connect Core 1.0, Appendix A.4 (RS256).
SPEC_ACCESS_TOKEN = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"
SPEC_AT_HASH = "77QmUPtjPfzWtF2AnpK9RQ"
SPEC_CODE = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk"
SPEC_C_HASH = "LDktKdoQak3Pk0cnXxCltA"


def test_oidc_hash_matches_the_specification_examples() -> None:
    assert certs.oidc_hash(SPEC_ACCESS_TOKEN, "RS256") == SPEC_AT_HASH
    assert certs.oidc_hash(SPEC_CODE, "RS256") == SPEC_C_HASH


def _left_half(algorithm: str, value: str) -> str:
    digest = hashlib.new(algorithm, value.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode()


@pytest.mark.parametrize(
    ("alg", "make_key", "hash_name"),
    [
        ("RS256", generate_rsa, "sha256"),
        ("ES384", lambda: generate_ec("P-384"), "sha384"),
        ("EdDSA", lambda: generate_okp("Ed25519"), "sha512"),
    ],
)
def test_at_hash_and_c_hash_right_and_wrong(
    alg: str, make_key: Any, hash_name: str
) -> None:
    key = make_key()
    access, code = "access-token-value", "authorization-code-value"
    token = _token(
        {"kid": "k"},
        key,
        alg,
        at_hash=_left_half(hash_name, access),
        c_hash=_left_half(hash_name, code),
    )
    report = verify(token, key, now=NOW)

    right = certs.with_oidc_hash_checks(report, token, access_token=access, code=code)
    wrong = certs.with_oidc_hash_checks(
        report, token, access_token=access + "x", code=code + "x"
    )

    assert right.valid, right.claims
    assert [(c.claim, c.status) for c in right.claims] == [
        ("at_hash", CheckStatus.PASSED),
        ("c_hash", CheckStatus.PASSED),
    ]
    assert not wrong.valid
    assert [c.claim for c in wrong.problems] == ["at_hash", "c_hash"]
    assert "does not match the access token" in wrong.problems[0].message


def test_eddsa_ed448_uses_shake256() -> None:
    key = generate_okp("Ed448")
    expected = base64.urlsafe_b64encode(
        hashlib.shake_256(b"tok").digest(114)[:57]
    ).rstrip(b"=")
    token = _token({}, key, "EdDSA", at_hash=expected.decode())

    check = certs.check_oidc_hash(token, "at_hash", "tok", curve="Ed448")
    assumed = certs.check_oidc_hash(token, "at_hash", "tok")

    assert check.status is CheckStatus.PASSED
    assert "SHAKE256" in check.message
    assert assumed.status is CheckStatus.FAILED
    assert "taking EdDSA as Ed25519" in assumed.message


def test_missing_claim_and_unusable_alg_fail_plainly() -> None:
    token = _token({}, generate_ec(), "ES256")
    unsigned = parse_token("eyJhbGciOiJub25lIn0.eyJhdF9oYXNoIjoieCJ9.")

    missing = certs.check_oidc_hash(token, "c_hash", "code")
    no_hash = certs.check_oidc_hash(unsigned, "at_hash", "tok")

    assert missing.status is CheckStatus.FAILED
    assert missing.message == (
        "The token has no c_hash claim to check the authorization code with."
    )
    assert no_hash.status is CheckStatus.FAILED
    assert 'alg "none" has no hash' in no_hash.message


def test_no_hash_inputs_leave_the_report_alone() -> None:
    token = _token({}, generate_ec(), "ES256")
    report = verify(token, None, now=NOW)

    assert certs.with_oidc_hash_checks(report, token) is report
