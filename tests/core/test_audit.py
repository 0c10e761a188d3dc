"""Security findings: a positive and a negative case for every check.

Tokens PyJWT refuses to make (alg none with a signature, duplicate members,
psychic signatures, padding) are built by hand from base64url segments.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import hashlib
import hmac
import json
from typing import Any

import jwt
import pytest
from certificates import certificate
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from hypothesis import given
from hypothesis import strategies as st
from jwt.exceptions import InvalidJTIError, InvalidSubjectError

from jwtinspector.core import keygen
from jwtinspector.core.audit import (
    SEVERITIES,
    AuditOptions,
    Finding,
    audit,
    card_brand,
    certificates_in,
    luhn_valid,
    weak_secret_finding,
)
from jwtinspector.core.keys import KeyMaterial, KeySet, key_material, public_of, to_jwk
from jwtinspector.core.sign import sign_token
from jwtinspector.core.token import DecodedToken, inspect_token

NOW = 1_700_000_000
STRONG = b"k3Y-for-tests-only-0123456789abcdefghij"  # 39 bytes, not in any list
ISS = "https://issuer.example"
AUD = "https://api.example"
CLAIMS = {
    "iss": ISS,
    "sub": "user-1",
    "aud": AUD,
    "iat": NOW - 60,
    "exp": NOW + 600,
    "jti": "token-1",
}
HEADER = {"alg": "HS256", "typ": "JWT"}
_HASHES = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


# --- building tokens by hand ------------------------------------------------------


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def seg(value: Any) -> str:
    if isinstance(value, bytes):
        return b64(value)
    return b64(json.dumps(value, separators=(",", ":")).encode())


def raw(header: Any, payload: Any, signature: bytes = b"\x01" * 32) -> str:
    return f"{seg(header)}.{seg(payload)}.{b64(signature)}"


def hs(header: Any, payload: Any, secret: bytes = STRONG) -> str:
    signing_input = f"{seg(header)}.{seg(payload)}"
    alg = header.get("alg", "HS256") if isinstance(header, dict) else "HS256"
    mac = hmac.new(secret, signing_input.encode(), _HASHES[alg]).digest()
    return f"{signing_input}.{b64(mac)}"


def run(
    token: str | DecodedToken,
    key: KeyMaterial | KeySet | None = None,
    now: float = NOW,
    **options: Any,
) -> tuple[Finding, ...]:
    decoded = inspect_token(token) if isinstance(token, str) else token
    return audit(decoded, now=now, key=key, options=AuditOptions(**options))


def ids(findings: tuple[Finding, ...]) -> set[str]:
    return {f.id for f in findings}


def only(findings: tuple[Finding, ...], finding_id: str) -> Finding:
    matches = [f for f in findings if f.id == finding_id]
    assert len(matches) == 1, [(f.id, f.title) for f in findings]
    return matches[0]


def with_claims(**changes: Any) -> dict[str, Any]:
    claims = {**CLAIMS, **changes}
    return {k: v for k, v in claims.items() if v is not _DROP}


def with_header(**changes: Any) -> dict[str, Any]:
    header = {**HEADER, **changes}
    return {k: v for k, v in header.items() if v is not _DROP}


_DROP = object()


@pytest.fixture(scope="module")
def rsa_key() -> KeyMaterial:
    return keygen.generate_rsa(2048)


@pytest.fixture(scope="module")
def ec_key() -> KeyMaterial:
    return keygen.generate_ec("P-256")


@pytest.fixture(scope="module")
def clean() -> str:
    return hs(HEADER, CLAIMS)


# --- the clean token: the negative case of every check ----------------------------


def test_clean_token_has_no_findings(clean: str) -> None:
    assert run(clean) == ()


def test_clean_token_with_its_key_has_no_findings(clean: str) -> None:
    assert run(clean, key=key_material(STRONG, source="test")) == ()


def test_clean_rs256_token_with_its_key_has_no_findings(rsa_key: KeyMaterial) -> None:
    token = sign_token(HEADER, CLAIMS, rsa_key, alg="RS256")

    assert run(token, key=public_of(rsa_key)) == ()


# --- Finding and ordering ---------------------------------------------------------


def test_findings_are_sorted_by_severity() -> None:
    token = raw(
        {"alg": "none", "kid": "../x"},
        {"sub": "a", "email": "a@example.com", "exp": NOW - 10},
        b"",
    )

    severities = [f.severity for f in run(token)]

    assert severities == sorted(severities, key=SEVERITIES.index)
    assert severities[0] == "critical"
    assert severities[-1] == "info"


def test_finding_is_frozen_and_validated() -> None:
    finding = weak_secret_finding(b"secret", "HS256", "a list")

    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.severity = "low"  # type: ignore[misc]
    with pytest.raises(ValueError, match="severity"):
        dataclasses.replace(finding, severity="urgent")
    with pytest.raises(ValueError, match="one line"):
        dataclasses.replace(finding, title="two\nlines")
    assert finding.blocking
    assert set(finding.to_dict()) == {
        "id", "severity", "title", "explanation", "advice", "reference",
        "segment", "claim",
    }  # fmt: skip


def test_every_finding_has_all_texts() -> None:
    token = raw(
        {"alg": "HS256", "jku": "http://10.0.0.1/k", "kid": "' OR 1=1 --"},
        {"password": "x", "exp": NOW * 1000},
    )

    for finding in run(token):
        assert finding.severity in SEVERITIES
        assert finding.title
        assert "\n" not in finding.title
        assert len(finding.explanation) > 40
        assert finding.advice
        assert finding.reference


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)  # fmt: skip
header_names = st.sampled_from(
    ["alg", "kid", "typ", "cty", "crit", "b64", "zip", "jku", "x5u", "jwk", "x5c"]
)


@given(
    header=st.dictionaries(header_names, json_values, max_size=6),
    payload=st.dictionaries(
        st.sampled_from(["exp", "nbf", "iat", "password", "email", "x", "phone"]),
        json_values,
        max_size=6,
    ),
)
def test_audit_never_fails_and_titles_stay_one_line(
    header: dict[str, Any], payload: dict[str, Any]
) -> None:
    for finding in run(raw(header, payload)):
        assert finding.severity in SEVERITIES
        assert "\n" not in finding.title


# --- ALG-NONE / SIG-EMPTY / ALG-MISSING -------------------------------------------


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE", "none "])
def test_alg_none_with_empty_signature_is_critical(alg: str) -> None:
    finding = only(run(raw({"alg": alg, "typ": "JWT"}, CLAIMS, b"")), "ALG-NONE")

    assert finding.severity == "critical"
    assert finding.claim == "alg"
    assert "RFC 8725 §2.1" in finding.reference


def test_alg_none_with_a_signature_is_high() -> None:
    finding = only(run(raw({"alg": "none", "typ": "JWT"}, CLAIMS)), "ALG-NONE")

    assert finding.severity == "high"


def test_signed_token_has_no_alg_none_finding(clean: str) -> None:
    assert "ALG-NONE" not in ids(run(clean))


def test_empty_signature_is_stripped() -> None:
    finding = only(run(raw(HEADER, CLAIMS, b"")), "SIG-EMPTY")

    assert finding.severity == "high"
    assert finding.segment == "signature"
    assert "ALG-NONE" not in ids(run(raw(HEADER, CLAIMS, b"")))


def test_empty_signature_not_reported_for_alg_none_or_signed_tokens(clean: str) -> None:
    assert "SIG-EMPTY" not in ids(run(raw({"alg": "none"}, CLAIMS, b"")))
    assert "SIG-EMPTY" not in ids(run(clean))


@pytest.mark.parametrize(
    ("alg", "title"),
    [
        (_DROP, "No alg"),
        (5, "not a string"),
        ("", "empty"),
        ("hs256", "Unknown algorithm"),
        ("HS256 ", "Unknown algorithm"),
        ("ES521", "ES521"),
    ],
)
def test_missing_or_unknown_alg_is_high(alg: Any, title: str) -> None:
    finding = only(run(raw(with_header(alg=alg), CLAIMS)), "ALG-MISSING")

    assert finding.severity == "high"
    assert title in finding.title


@pytest.mark.parametrize(
    "alg", ["HS256", "RS512", "PS384", "ES256K", "EdDSA", "Ed25519", "Ed448"]
)
def test_registered_algorithms_are_accepted(alg: str) -> None:
    assert "ALG-MISSING" not in ids(run(raw(with_header(alg=alg), CLAIMS)))


def test_jwe_algorithms_are_checked_against_the_jwe_registry() -> None:
    def jwe(alg: str) -> str:
        return f"{seg({'alg': alg, 'enc': 'A256GCM'})}.AAAA.AAAA.AAAA.AAAA"

    assert "ALG-MISSING" not in ids(run(jwe("RSA-OAEP-256")))
    assert "ALG-MISSING" in ids(run(jwe("RSA-OAEP-999")))
    # A signature algorithm in a JWE is named as such, once.
    assert "ALG-MISSING" not in ids(run(jwe("RS256")))
    assert "JWE-ALG-ENC" in ids(run(jwe("RS256")))


# --- WEAK-SECRET / HMAC-KEY-SHORT -------------------------------------------------


@pytest.mark.parametrize(
    ("alg", "secret"),
    [("HS256", b"secret"), ("HS384", b"changeme"), ("HS512", b"your-256-bit-secret")],
)
def test_weak_secret_from_the_builtin_list_is_critical(alg: str, secret: bytes) -> None:
    finding = only(run(hs(with_header(alg=alg), CLAIMS, secret)), "WEAK-SECRET")

    assert finding.severity == "critical"
    assert secret.decode() in finding.title
    assert finding.reference.startswith("RFC 8725 §2.2, §3.5")


def test_strong_secret_is_not_found(clean: str) -> None:
    assert "WEAK-SECRET" not in ids(run(clean))


def test_weak_secret_scan_can_be_switched_off() -> None:
    token = hs(HEADER, CLAIMS, b"secret")

    assert "WEAK-SECRET" not in ids(run(token, check_weak_secrets=False))


def test_given_key_in_the_weak_list_is_reported_without_the_scan() -> None:
    token = hs(HEADER, CLAIMS, b"changeme")
    key = key_material(b"changeme", source="test")

    findings = run(token, key=key, check_weak_secrets=False)

    assert "your key" in only(findings, "WEAK-SECRET").explanation


def test_weak_key_that_signed_the_token_says_reproduced() -> None:
    token = hs(HEADER, CLAIMS, b"your-256-bit-secret")
    key = key_material(b"your-256-bit-secret", source="test")

    finding = only(run(token, key=key, check_weak_secrets=False), "WEAK-SECRET")

    assert finding.severity == "critical"
    assert "signature was reproduced" in finding.explanation
    assert "WEAK-SECRET-KEY" not in ids(run(token, key=key))


@pytest.mark.parametrize("scan", [True, False])
def test_weak_key_that_did_not_sign_the_token_is_not_called_reproduced(
    scan: bool,
) -> None:
    token = hs(HEADER, CLAIMS)  # signed with the strong secret
    key = key_material(b"your-256-bit-secret", source="test")

    findings = run(token, key=key, check_weak_secrets=scan)

    assert "WEAK-SECRET" not in ids(findings)
    finding = only(findings, "WEAK-SECRET-KEY")
    assert finding.severity == "medium"
    assert "did not sign this token" in finding.title
    assert "your-256-bit-secret" in finding.title
    assert "reproduced" not in finding.explanation
    assert "does not reproduce" in finding.explanation


def test_strong_key_is_not_a_weak_key(clean: str) -> None:
    key = key_material(STRONG, source="test")

    assert not ids(run(clean, key=key)) & {"WEAK-SECRET", "WEAK-SECRET-KEY"}


def test_short_hmac_key_is_medium() -> None:
    key = key_material(b"0123456789", source="test")

    finding = only(run(hs(HEADER, CLAIMS, b"0123456789"), key=key), "HMAC-KEY-SHORT")

    assert finding.severity == "medium"
    assert "10 bytes" in finding.title
    assert "RFC 7518 §3.2" in finding.reference


def test_hmac_key_length_depends_on_the_hash() -> None:
    secret = b"x" * 48
    key = key_material(secret, source="test")

    assert "HMAC-KEY-SHORT" not in ids(run(hs(HEADER, CLAIMS, secret), key=key))
    hs512 = hs(with_header(alg="HS512"), CLAIMS, secret)
    assert "needs at least 64" in only(run(hs512, key=key), "HMAC-KEY-SHORT").title


# --- ALG-CONFUSION / ALG-KEY-MISMATCH / WEAK-KEY ----------------------------------


def _variants(key: KeyMaterial) -> dict[str, bytes]:
    public = public_of(key).key
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    result = {
        "pem": pem,
        "pem-no-newline": pem.rstrip(b"\n"),
        "der": public.public_bytes(
            serialization.Encoding.DER,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        ),
    }
    if isinstance(public, rsa.RSAPublicKey):
        result["pkcs1"] = public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.PKCS1
        )
    return result


@pytest.mark.parametrize("variant", ["pem", "pem-no-newline", "der", "pkcs1"])
def test_hs256_signed_with_the_rsa_public_key_is_forged(
    rsa_key: KeyMaterial, variant: str
) -> None:
    token = hs(HEADER, CLAIMS, _variants(rsa_key)[variant])

    findings = run(token, key=public_of(rsa_key))

    finding = only(findings, "ALG-CONFUSION-FORGED")
    assert finding.severity == "critical"
    assert "forged" in finding.title.lower()
    assert "ALG-CONFUSION" not in ids(findings)


def _armourless(pem: bytes) -> bytes:
    return b"\n".join(line for line in pem.splitlines() if b"-----" not in line)


@pytest.mark.parametrize("final_newline", [b"", b"\n"])
def test_hs256_signed_with_the_armourless_pem_body_is_forged(
    rsa_key: KeyMaterial, final_newline: bytes
) -> None:
    body = _armourless(_variants(rsa_key)["pem"]) + final_newline
    jwt = pytest.importorskip("jwt")
    # PyJWT takes this body as an HMAC secret: the attack works on it.
    token = jwt.encode(CLAIMS, body, algorithm="HS256", headers={"typ": "JWT"})

    findings = run(token, key=public_of(rsa_key))

    finding = only(findings, "ALG-CONFUSION-FORGED")
    assert finding.severity == "critical"
    assert "forged" in finding.title.lower()
    assert "without its BEGIN/END lines" in finding.explanation
    assert "ALG-CONFUSION" not in ids(findings)


def test_hs256_signed_with_the_pem_body_on_one_line_is_forged(
    ec_key: KeyMaterial,
) -> None:
    body = _armourless(_variants(ec_key)["pem"]).replace(b"\n", b"")

    finding = only(run(hs(HEADER, CLAIMS, body), key=ec_key), "ALG-CONFUSION-FORGED")

    assert "on one line" in finding.explanation


def test_hs256_signed_with_the_certificate_der_is_forged(ec_key: KeyMaterial) -> None:
    der = base64.b64decode(_certificate(ec_key.key, ec_key.key, "leaf", "leaf"))
    token = hs(HEADER, CLAIMS, der)
    pem = x509.load_der_x509_certificate(der).public_bytes(serialization.Encoding.PEM)

    findings = run(token, key=public_of(ec_key), certificates=certificates_in(pem))

    assert "of your certificate" in only(findings, "ALG-CONFUSION-FORGED").explanation
    # Without the certificate only the key's encodings can be tried.
    assert "ALG-CONFUSION" in ids(run(token, key=public_of(ec_key)))


def test_hs256_signed_with_the_headers_x5c_is_forged(ec_key: KeyMaterial) -> None:
    x5c = _certificate(ec_key.key, ec_key.key, "leaf", "leaf")
    der = base64.b64decode(x5c)
    header = with_header(x5c=[x5c])

    findings = run(hs(header, CLAIMS, der))  # no key of the user's at all

    finding = only(findings, "ALG-CONFUSION-FORGED")
    assert "x5c header" in finding.explanation
    assert "ALG-CONFUSION" not in ids(findings)


def test_x5c_token_signed_with_a_real_secret_is_not_forged(ec_key: KeyMaterial) -> None:
    x5c = _certificate(ec_key.key, ec_key.key, "leaf", "leaf")
    header = with_header(x5c=[x5c])

    found = ids(run(hs(header, CLAIMS)))

    assert not found & {"ALG-CONFUSION", "ALG-CONFUSION-FORGED"}
    assert "X5C-UNVALIDATED" in found


def test_certificates_in_reads_pem_blocks_and_der(ec_key: KeyMaterial) -> None:
    der = base64.b64decode(_certificate(ec_key.key, ec_key.key, "leaf", "leaf"))
    pem = x509.load_der_x509_certificate(der).public_bytes(serialization.Encoding.PEM)

    assert certificates_in(pem.decode() * 2) == (der, der)
    assert certificates_in(der) == (der,)
    assert certificates_in(_variants(ec_key)["pem"]) == ()
    assert certificates_in(b"\x30garbage") == ()


def test_hs256_signed_with_the_ec_public_key_is_forged(ec_key: KeyMaterial) -> None:
    token = hs(HEADER, CLAIMS, _variants(ec_key)["pem"])

    assert "ALG-CONFUSION-FORGED" in ids(run(token, key=ec_key))  # private key given


def test_hs256_token_with_an_rsa_key_is_confusion(rsa_key: KeyMaterial) -> None:
    findings = run(hs(HEADER, CLAIMS), key=public_of(rsa_key))

    finding = only(findings, "ALG-CONFUSION")
    assert finding.severity == "high"
    assert "RFC 8725 §2.1" in finding.reference
    assert "ALG-CONFUSION-FORGED" not in ids(findings)
    assert "ALG-KEY-MISMATCH" not in ids(findings)


def test_no_confusion_when_the_algorithm_fits_the_key(
    clean: str, rsa_key: KeyMaterial
) -> None:
    rs256 = sign_token(HEADER, CLAIMS, rsa_key, alg="RS256")

    assert not ids(run(rs256, key=rsa_key)) & {"ALG-CONFUSION", "ALG-CONFUSION-FORGED"}
    assert not ids(run(clean, key=key_material(STRONG, source="t"))) & {
        "ALG-CONFUSION",
        "ALG-CONFUSION-FORGED",
    }


def test_token_alg_that_does_not_fit_the_key(
    rsa_key: KeyMaterial, ec_key: KeyMaterial
) -> None:
    es256 = sign_token(HEADER, CLAIMS, ec_key, alg="ES256")

    finding = only(run(es256, key=public_of(rsa_key)), "ALG-KEY-MISMATCH")

    assert finding.severity == "high"
    assert "ALG-KEY-MISMATCH" not in ids(run(es256, key=public_of(ec_key)))
    both = KeySet((public_of(rsa_key), public_of(ec_key)), ())
    assert "ALG-KEY-MISMATCH" not in ids(run(es256, key=both))


def test_small_rsa_key_is_weak() -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    key = key_material(small.public_key(), source="test")
    token = raw(with_header(alg="RS256"), CLAIMS, b"\x01" * 128)

    finding = only(run(token, key=key), "WEAK-KEY")

    assert finding.severity == "high"
    assert "1024" in finding.title


def test_2048_bit_rsa_key_is_not_weak(rsa_key: KeyMaterial) -> None:
    token = sign_token(HEADER, CLAIMS, rsa_key, alg="RS256")

    assert "WEAK-KEY" not in ids(run(token, key=rsa_key))


# --- ECDSA-PSYCHIC / ECDSA-FORMAT -------------------------------------------------

ORDERS = {
    "ES256": (ec.SECP256R1(), 32),
    "ES384": (ec.SECP384R1(), 48),
    "ES512": (ec.SECP521R1(), 66),
}


def _order(alg: str) -> int:
    from jwtinspector.core.audit.checks.algorithm import _ECDSA

    return _ECDSA[alg][2]


@pytest.mark.parametrize("alg", ["ES256", "ES384", "ES512", "ES256K"])
def test_curve_orders_are_right(alg: str) -> None:
    curve = {
        "ES256": ec.SECP256R1(),
        "ES384": ec.SECP384R1(),
        "ES512": ec.SECP521R1(),
        "ES256K": ec.SECP256K1(),
    }[alg]

    ec.derive_private_key(_order(alg) - 1, curve)  # the largest private value
    with pytest.raises(ValueError, match="Invalid EC key"):
        ec.derive_private_key(_order(alg), curve)


def test_all_zero_signature_is_psychic() -> None:
    token = raw(with_header(alg="ES256"), CLAIMS, b"\x00" * 64)

    finding = only(run(token), "ECDSA-PSYCHIC")

    assert finding.severity == "critical"
    assert "CVE-2022-21449" in finding.reference


def test_the_der_proof_of_concept_is_psychic() -> None:
    token = f"{seg(with_header(alg='ES256'))}.{seg(CLAIMS)}.MAYCAQACAQA"

    assert only(run(token), "ECDSA-PSYCHIC").severity == "critical"


@pytest.mark.parametrize("alg", ["ES256", "ES384", "ES512"])
def test_s_equal_to_the_order_is_psychic(alg: str) -> None:
    size = ORDERS[alg][1]
    signature = (1).to_bytes(size, "big") + _order(alg).to_bytes(size, "big")

    finding = only(run(raw(with_header(alg=alg), CLAIMS, signature)), "ECDSA-PSYCHIC")

    assert "s is not below the curve order" in finding.explanation


def test_wrong_length_signature_is_malformed() -> None:
    token = raw(with_header(alg="ES256"), CLAIMS, b"\x05" * 40)

    finding = only(run(token), "ECDSA-FORMAT")

    assert finding.severity == "high"
    assert "40 bytes" in finding.title


def test_der_signature_with_valid_values_is_malformed(ec_key: KeyMaterial) -> None:
    token = sign_token(HEADER, CLAIMS, ec_key, alg="ES256")
    head, body, sig = token.split(".")
    signature = base64.urlsafe_b64decode(sig + "==")
    r = int.from_bytes(signature[:32], "big")
    s = int.from_bytes(signature[32:], "big")
    der = encode_dss_signature(r, s)
    assert decode_dss_signature(der) == (r, s)

    findings = run(f"{head}.{body}.{b64(der)}")

    assert "DER" in only(findings, "ECDSA-FORMAT").title
    assert "ECDSA-PSYCHIC" not in ids(findings)


@pytest.mark.parametrize("curve", ["P-256", "P-384", "P-521"])
def test_genuine_ecdsa_signature_has_no_finding(curve: str) -> None:
    key = keygen.generate_ec(curve)
    alg = {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}[curve]

    findings = run(sign_token(HEADER, CLAIMS, key, alg=alg), key=key)

    assert not ids(findings) & {"ECDSA-PSYCHIC", "ECDSA-FORMAT"}


# --- SIG-ENCODING -----------------------------------------------------------------


def test_padding_in_a_segment_is_reported() -> None:
    token = next(
        t
        for t in (hs(HEADER, with_claims(sub="u" * n)) for n in range(1, 5))
        if len(t.split(".")[1]) % 4
    )
    head, body, sig = token.split(".")
    pad = "=" * (-len(body) % 4)

    finding = only(run(f"{head}.{body}{pad}.{sig}"), "SIG-ENCODING")

    assert finding.severity == "medium"
    assert finding.segment == "payload"
    assert "padding" in finding.title


def test_non_zero_trailing_bits_are_reported(clean: str) -> None:
    head, body, sig = clean.split(".")
    # 32 bytes are 43 characters; the last carries 2 unused bits.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet[alphabet.index(sig[-1]) | 1]
    assert last != sig[-1]

    finding = only(run(f"{head}.{body}.{sig[:-1]}{last}"), "SIG-ENCODING")

    assert finding.segment == "signature"
    assert "Non-canonical" in finding.title


def test_canonical_segments_are_not_reported(clean: str) -> None:
    assert "SIG-ENCODING" not in ids(run(clean))


# --- JSON-DUP ---------------------------------------------------------------------


def test_duplicate_header_member_is_high() -> None:
    header = b64(b'{"alg":"none","alg":"HS256","typ":"JWT"}')
    token = f"{header}.{seg(CLAIMS)}.{b64(b'x' * 32)}"

    finding = only(run(token), "JSON-DUP")

    assert finding.severity == "high"
    assert (finding.segment, finding.claim) == ("header", "alg")


def test_duplicate_claim_is_medium() -> None:
    payload = b64(b'{"sub":"user","sub":"admin","exp":%d}' % (NOW + 60))
    token = f"{seg(HEADER)}.{payload}.{b64(b'x' * 32)}"

    finding = only(run(token), "JSON-DUP")

    assert finding.severity == "medium"
    assert (finding.segment, finding.claim) == ("payload", "sub")


def test_unique_members_have_no_duplicate_finding(clean: str) -> None:
    assert "JSON-DUP" not in ids(run(clean))


# --- JKU-X5U ----------------------------------------------------------------------


def test_jku_on_the_issuer_host_is_high() -> None:
    token = hs(with_header(jku=f"{ISS}/jwks.json"), CLAIMS)

    finding = only(run(token), "JKU-X5U")

    assert finding.severity == "high"
    assert "issuer.example" in finding.title
    assert "never fetches" in finding.explanation


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://issuer.example/jwks.json", "not https"),
        ("https://127.0.0.1/jwks.json", "loopback"),
        ("https://169.254.169.254/latest", "link-local"),
        ("https://10.1.2.3/jwks.json", "private"),
        ("https://localhost/jwks.json", "local"),
        ("https://issuer.example@evil.example/jwks", "user info"),
        ("https://evil.example/jwks.json", "not the issuer's host"),
        ("https://8.8.8.8/jwks.json", "IP address"),
        (["https://issuer.example"], "not even a URL"),
    ],
)
def test_suspicious_jku_is_critical(url: Any, reason: str) -> None:
    finding = only(run(hs(with_header(jku=url), CLAIMS)), "JKU-X5U")

    assert finding.severity == "critical"
    assert reason in finding.explanation


def test_x5u_is_reported_like_jku() -> None:
    finding = only(
        run(hs(with_header(x5u="http://x.example/c.pem"), CLAIMS)), "JKU-X5U"
    )

    assert finding.claim == "x5u"
    assert "RFC 7515 §4.1.5" in finding.reference


def test_jku_without_an_issuer_to_compare_is_high() -> None:
    token = hs(with_header(jku="https://keys.example/j"), with_claims(iss=_DROP))

    finding = only(run(token), "JKU-X5U")

    assert finding.severity == "high"
    assert "no URL-shaped iss" in finding.explanation


def test_no_key_url_no_finding(clean: str) -> None:
    assert "JKU-X5U" not in ids(run(clean))


# --- JWK-EMBEDDED / JWK-PRIVATE ---------------------------------------------------


def test_embedded_jwk_that_verifies_is_critical(ec_key: KeyMaterial) -> None:
    header = with_header(alg="ES256", jwk=to_jwk(ec_key))
    token = sign_token(header, CLAIMS, ec_key)

    finding = only(run(token), "JWK-EMBEDDED")

    assert finding.severity == "critical"
    assert "Self-signed" in finding.title
    assert "JWK-PRIVATE" not in ids(run(token))


def test_embedded_jwk_that_does_not_verify_is_high(ec_key: KeyMaterial) -> None:
    other = keygen.generate_ec("P-256")
    token = sign_token(with_header(alg="ES256", jwk=to_jwk(other)), CLAIMS, ec_key)

    assert only(run(token), "JWK-EMBEDDED").severity == "high"


def test_embedded_jwk_with_private_members_is_critical(ec_key: KeyMaterial) -> None:
    header = with_header(alg="ES256", jwk=to_jwk(ec_key, private=True))

    finding = only(run(sign_token(header, CLAIMS, ec_key)), "JWK-PRIVATE")

    assert finding.severity == "critical"
    assert "d" in finding.title


def test_embedded_jwk_that_is_not_an_object_is_high() -> None:
    finding = only(run(hs(with_header(jwk="key"), CLAIMS)), "JWK-EMBEDDED")

    assert finding.severity == "high"


def test_no_embedded_jwk_no_finding(clean: str) -> None:
    assert not ids(run(clean)) & {"JWK-EMBEDDED", "JWK-PRIVATE"}


# --- X5C-UNVALIDATED --------------------------------------------------------------


def _certificate(
    subject_key: Any, issuer_key: Any, subject: str, issuer: str, days: int = 3650
) -> str:
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    cert = certificate(
        subject_key, subject, start=start, days=days, issuer=issuer, signer=issuer_key
    )
    return base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


def test_self_signed_x5c_that_verifies_is_high(ec_key: KeyMaterial) -> None:
    x5c = [_certificate(ec_key.key, ec_key.key, "me", "me")]
    token = sign_token(with_header(alg="ES256", x5c=x5c), CLAIMS, ec_key)

    finding = only(run(token), "X5C-UNVALIDATED")

    assert finding.severity == "high"
    assert "self-signed" in finding.explanation
    assert "verifies with this certificate" in finding.explanation


def test_ca_issued_x5c_is_medium_and_shows_the_certificate(
    ec_key: KeyMaterial,
) -> None:
    ca = ec.generate_private_key(ec.SECP256R1())
    x5c = [_certificate(ec_key.key, ca, "api.example", "Example CA", days=30)]
    token = sign_token(with_header(alg="ES256", x5c=x5c), CLAIMS, ec_key)

    finding = only(run(token), "X5C-UNVALIDATED")

    assert finding.severity == "medium"
    assert "CN=api.example" in finding.title
    assert "CN=Example CA" in finding.explanation
    assert "expired" in finding.explanation  # 2020 + 30 days < NOW


def test_unreadable_x5c_is_medium() -> None:
    finding = only(run(hs(with_header(x5c=["not base64!"]), CLAIMS)), "X5C-UNVALIDATED")

    assert finding.severity == "medium"
    assert "cannot be read" in finding.title


def test_no_x5c_no_finding(clean: str) -> None:
    assert "X5C-UNVALIDATED" not in ids(run(clean))


# --- KID-* ------------------------------------------------------------------------

SAFE_KIDS = [
    "2024-05-key",
    "0f8e2b9c-6a8b-4d5e-9f10-1a2b3c4d5e6f",
    "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
    "did:example:123#key-1",
    "keys/v2",
    "ab+cd/ef==",
    "NzbLsXh8uDCcd--MNwXF4W_7noWXFZAfHkxZsRGC9Xs",
    "abc--def",
    "key--",
]


@pytest.mark.parametrize(
    "kid",
    [
        "../../../../dev/null",
        "..\\..\\keys\\k",
        "/etc/passwd",
        "C:\\keys\\private.pem",
        "%2e%2e%2fsecret",
        "key\x00.pem",
        "keys/../other",
    ],
)
def test_kid_path_traversal_is_high(kid: str) -> None:
    finding = only(run(hs(with_header(kid=kid), CLAIMS)), "KID-TRAVERSAL")

    assert finding.severity == "high"
    assert finding.claim == "kid"


@pytest.mark.parametrize(
    ("kid", "kind"),
    [
        ("' OR 1=1 --", "SQL"),
        ("x' UNION SELECT 'secret", "SQL"),
        ("key1; DROP TABLE keys", "SQL"),
        ("--", "SQL"),
        ("key1 -- comment", "SQL"),
        ("x'--", "SQL"),
        ("*)(uid=*", "LDAP"),
        ("$(curl evil.example)", "shell"),
        ("`id`", "shell"),
        ("a && b", "shell"),
        ("key\nwhoami", "shell"),
    ],
)
def test_kid_injection_is_high(kid: str, kind: str) -> None:
    finding = only(run(hs(with_header(kid=kid), CLAIMS)), "KID-INJECTION")

    assert finding.severity == "high"
    assert kind in finding.title


@pytest.mark.parametrize(
    ("kid", "title"),
    [
        (123, "not a string"),
        ("", "empty"),
        ("k" * 300, "300 characters"),
        ("https://evil.example/key.pem", "URL"),
        ("key\x01", "control characters"),
    ],
)
def test_kid_type_problems_are_medium(kid: Any, title: str) -> None:
    finding = only(run(hs(with_header(kid=kid), CLAIMS)), "KID-TYPE")

    assert finding.severity == "medium"
    assert title in finding.title


@pytest.mark.parametrize("kid", SAFE_KIDS)
def test_ordinary_kids_have_no_finding(kid: str) -> None:
    found = ids(run(hs(with_header(kid=kid), CLAIMS)))

    assert not found & {"KID-TRAVERSAL", "KID-INJECTION", "KID-TYPE"}


# --- CRIT-* / B64-FALSE / ZIP -----------------------------------------------------


def test_unknown_critical_extension_is_high() -> None:
    token = hs(with_header(crit=["exp2"], exp2=5), CLAIMS)

    finding = only(run(token), "CRIT-UNKNOWN")

    assert finding.severity == "high"
    assert "exp2" in finding.title
    assert "CRIT-MALFORMED" not in ids(run(token))


@pytest.mark.parametrize(
    ("crit", "title"),
    [
        ("b64", "not a list"),
        ([1], "not a list"),
        ([], "empty"),
        (["alg"], "registered"),
        (["missing"], "absent from the header"),
    ],
)
def test_malformed_crit_is_medium(crit: Any, title: str) -> None:
    findings = run(hs(with_header(crit=crit), CLAIMS))

    matching = [f for f in findings if f.id == "CRIT-MALFORMED" and title in f.title]
    assert matching
    assert matching[0].severity == "medium"


def test_understood_crit_has_no_crit_finding() -> None:
    token = raw(with_header(crit=["b64"], b64=False), "")

    assert not ids(run(token)) & {"CRIT-UNKNOWN", "CRIT-MALFORMED"}


def test_b64_false_listed_in_crit_is_medium() -> None:
    finding = only(run(raw(with_header(crit=["b64"], b64=False), "")), "B64-FALSE")

    assert finding.severity == "medium"
    assert "not listed in crit" not in finding.explanation


def test_b64_false_without_crit_says_so() -> None:
    finding = only(run(raw(with_header(b64=False), "")), "B64-FALSE")

    assert "not listed in crit" in finding.explanation


def test_b64_that_is_not_a_boolean_is_reported() -> None:
    finding = only(run(hs(with_header(b64="no"), CLAIMS)), "B64-FALSE")

    assert "not a boolean" in finding.title


def test_b64_true_or_absent_has_no_finding(clean: str) -> None:
    assert "B64-FALSE" not in ids(run(hs(with_header(b64=True), CLAIMS)))
    assert "B64-FALSE" not in ids(run(clean))


def test_zip_in_a_jws_is_medium() -> None:
    finding = only(run(hs(with_header(zip="DEF"), CLAIMS)), "ZIP")

    assert finding.severity == "medium"
    assert "signed token" in finding.title


def test_zip_in_a_jwe_is_medium() -> None:
    token = f"{seg({'alg': 'dir', 'enc': 'A256GCM', 'zip': 'DEF'})}.AAAA.AAAA.AAAA.AAAA"

    assert "before encryption" in only(run(token), "ZIP").title


def test_no_zip_no_finding(clean: str) -> None:
    assert "ZIP" not in ids(run(clean))


# --- TYP-* / NESTED ---------------------------------------------------------------


def test_missing_typ_is_low() -> None:
    finding = only(run(hs(with_header(typ=_DROP), CLAIMS)), "TYP-MISSING")

    assert finding.severity == "low"
    assert finding.reference.startswith("RFC 8725 §2.8, §3.11")


@pytest.mark.parametrize("typ", ["foo", "text/plain", 5, "JWS"])
def test_unusual_typ_is_low(typ: Any) -> None:
    finding = only(run(hs(with_header(typ=typ), CLAIMS)), "TYP-UNUSUAL")

    assert finding.severity == "low"


@pytest.mark.parametrize(
    "typ",
    [
        "JWT",
        "jwt",
        "at+jwt",
        "application/at+jwt",
        "secevent+jwt",
        "dpop+jwt",
        "logout+jwt",
        "application/jwt",
        "vc+sd-jwt",
    ],
)
def test_known_typ_has_no_finding(typ: str) -> None:
    assert not ids(run(hs(with_header(typ=typ), CLAIMS))) & {
        "TYP-MISSING",
        "TYP-UNUSUAL",
    }


@pytest.mark.parametrize("cty", ["JWT", "jwt", "application/JWT"])
def test_cty_jwt_is_a_nested_token(cty: str) -> None:
    finding = only(run(hs(with_header(cty=cty), CLAIMS)), "NESTED")

    assert finding.severity == "medium"
    assert finding.claim == "cty"


def test_payload_that_is_a_compact_token_is_nested(clean: str) -> None:
    token = f"{seg(HEADER)}.{b64(clean.encode())}.{b64(b'x' * 32)}"

    finding = only(run(token), "NESTED")

    assert finding.segment == "payload"


def test_ordinary_payload_is_not_nested(clean: str) -> None:
    assert "NESTED" not in ids(run(hs(with_header(cty="application/json"), CLAIMS)))
    assert "NESTED" not in ids(run(clean))


# --- time claims ------------------------------------------------------------------


def test_missing_exp_is_medium() -> None:
    finding = only(run(hs(HEADER, with_claims(exp=_DROP))), "EXP-MISSING")

    assert finding.severity == "medium"


def test_missing_exp_in_an_access_token_is_high() -> None:
    token = hs(with_header(typ="at+jwt"), with_claims(exp=_DROP))

    assert only(run(token), "EXP-MISSING").severity == "high"


def test_present_exp_is_not_missing(clean: str) -> None:
    assert "EXP-MISSING" not in ids(run(clean))


def test_lifetime_over_24_hours_is_medium() -> None:
    token = hs(HEADER, with_claims(iat=NOW, exp=NOW + 25 * 3600))

    finding = only(run(token), "LIFETIME-EXCESSIVE")

    assert finding.severity == "medium"
    assert "1 d 1 h" in finding.title


def test_lifetime_under_the_limit_is_fine() -> None:
    token = hs(HEADER, with_claims(iat=NOW, exp=NOW + 23 * 3600))

    assert "LIFETIME-EXCESSIVE" not in ids(run(token))


def test_lifetime_limit_is_configurable() -> None:
    token = hs(HEADER, with_claims(iat=NOW, exp=NOW + 2 * 3600))

    assert "LIFETIME-EXCESSIVE" in ids(run(token, max_lifetime=3600))
    long = hs(HEADER, with_claims(iat=NOW, exp=NOW + 400 * 86400))
    assert "LIFETIME-EXCESSIVE" not in ids(run(long, max_lifetime=None))


def test_lifetime_without_iat_counts_from_now() -> None:
    token = hs(HEADER, with_claims(iat=_DROP, exp=NOW + 48 * 3600))

    assert "From now" in only(run(token), "LIFETIME-EXCESSIVE").explanation


def test_refresh_tokens_may_live_up_to_a_year() -> None:
    month = hs(HEADER, with_claims(token_type="refresh", exp=NOW + 30 * 86400))
    years = hs(HEADER, with_claims(token_type="refresh", exp=NOW + 800 * 86400))

    assert "LIFETIME-EXCESSIVE" not in ids(run(month))
    assert "a refresh token" in only(run(years), "LIFETIME-EXCESSIVE").explanation


def test_expired_token_is_info() -> None:
    finding = only(run(hs(HEADER, with_claims(exp=NOW - 7200))), "EXP-EXPIRED")

    assert finding.severity == "info"
    assert "2 h ago" in finding.title


def test_the_clock_is_passed_in(clean: str) -> None:
    assert "EXP-EXPIRED" not in ids(run(clean, now=NOW))
    assert "EXP-EXPIRED" in ids(run(clean, now=NOW + 601))


def test_nbf_far_in_the_future_is_medium() -> None:
    finding = only(run(hs(HEADER, with_claims(nbf=NOW + 3600))), "NBF-IAT-FUTURE")

    assert finding.severity == "medium"
    assert finding.claim == "nbf"


def test_iat_slightly_in_the_future_is_low() -> None:
    finding = only(run(hs(HEADER, with_claims(iat=NOW + 120))), "NBF-IAT-FUTURE")

    assert finding.severity == "low"
    assert finding.claim == "iat"


def test_future_times_within_the_skew_are_fine() -> None:
    token = hs(HEADER, with_claims(iat=NOW + 30, nbf=NOW + 30))

    assert "NBF-IAT-FUTURE" not in ids(run(token))
    assert "NBF-IAT-FUTURE" in ids(run(token, skew=10))


def test_nbf_after_exp_is_never_valid() -> None:
    token = hs(HEADER, with_claims(nbf=NOW + 900, exp=NOW + 600))

    finding = only(run(token, skew=3600), "TIME-ORDER")

    assert finding.severity == "medium"
    assert "never valid" in finding.title


def test_iat_after_exp_is_reported() -> None:
    token = hs(HEADER, with_claims(iat=NOW - 10, exp=NOW - 100))

    assert only(run(token), "TIME-ORDER").claim == "iat"


def test_ordered_times_are_fine(clean: str) -> None:
    assert "TIME-ORDER" not in ids(run(clean))


@pytest.mark.parametrize("name", ["exp", "iat", "nbf"])
def test_milliseconds_are_reported(name: str) -> None:
    token = hs(HEADER, with_claims(**{name: NOW * 1000}))

    finding = only(run(token), "NUMERICDATE-MS")

    assert finding.claim == name
    assert "2023-11-14" in finding.explanation  # NOW read as milliseconds


def test_seconds_are_not_milliseconds(clean: str) -> None:
    assert "NUMERICDATE-MS" not in ids(run(clean))


@pytest.mark.parametrize(
    ("value", "title"),
    [
        ("1700000600", "a string"),
        (True, "a boolean"),
        (None, "null"),
        ({"t": 1}, "an object"),
        (-5, "negative"),
        (10**400, "too large"),
    ],
)
def test_non_numeric_dates_are_medium(value: Any, title: str) -> None:
    finding = only(run(hs(HEADER, with_claims(exp=value))), "NUMERICDATE-TYPE")

    assert finding.severity == "medium"
    assert title in finding.title


def test_numeric_dates_are_fine() -> None:
    token = hs(HEADER, with_claims(exp=NOW + 600.5, auth_time=NOW - 100))

    assert "NUMERICDATE-TYPE" not in ids(run(token))


# --- ISS-* / AUD-* / SUB-TYPE / JTI-* / CROSS-JWT ---------------------------------


def test_missing_iss_is_low() -> None:
    finding = only(run(hs(HEADER, with_claims(iss=_DROP))), "ISS-MISSING")

    assert finding.severity == "low"
    assert finding.claim == "iss"
    assert "RFC 8725 §3.8" in finding.reference


def test_empty_iss_counts_as_missing() -> None:
    finding = only(run(hs(HEADER, with_claims(iss=""))), "ISS-MISSING")

    assert finding.title.startswith("iss is empty")


def test_dpop_proof_needs_no_iss_or_aud() -> None:
    token = hs(with_header(typ="dpop+jwt"), with_claims(iss=_DROP, aud=_DROP))

    assert not ids(run(token)) & {"ISS-MISSING", "AUD-MISSING"}


def test_key_binding_jwt_needs_no_iss_but_needs_aud() -> None:
    token = hs(with_header(typ="kb+jwt"), with_claims(iss=_DROP, aud=_DROP))

    found = ids(run(token))

    assert "ISS-MISSING" not in found
    assert "AUD-MISSING" in found


@pytest.mark.parametrize(
    ("iss", "kind"),
    [(123, "a number"), (["a", "b"], "an array"), (None, "null"), (True, "a boolean")],
)
def test_non_string_iss_is_medium(iss: Any, kind: str) -> None:
    finding = only(run(hs(HEADER, with_claims(iss=iss))), "ISS-TYPE")

    assert finding.severity == "medium"
    assert finding.title == f"iss is {kind}, not a string"
    assert "InvalidIssuerError" in finding.explanation
    assert "ISS-MISSING" not in ids(run(hs(HEADER, with_claims(iss=iss))))


@pytest.mark.parametrize(
    "iss", ["http://auth.example.com", "HTTP://auth.example.com/realms/x", "http://"]
)
def test_http_issuer_is_medium(iss: str) -> None:
    finding = only(run(hs(HEADER, with_claims(iss=iss))), "ISS-NOT-HTTPS")

    assert finding.severity == "medium"
    assert "OpenID Connect" in finding.reference


@pytest.mark.parametrize(
    "iss",
    [
        ISS,
        "http://localhost:8080/realms/dev",
        "http://127.0.0.1:9000",
        "http://[::1]/",
        "http://auth.localhost",
        "your-app",  # a plain string is a valid StringOrURI
        "urn:example:issuer",
        "http://[::1",  # not a URL at all: not judged as one
    ],
)
def test_https_loopback_or_plain_issuer_has_no_finding(iss: str) -> None:
    found = ids(run(hs(HEADER, with_claims(iss=iss))))

    assert not found & {"ISS-MISSING", "ISS-TYPE", "ISS-NOT-HTTPS"}


def test_missing_aud_is_low() -> None:
    finding = only(run(hs(HEADER, with_claims(aud=_DROP))), "AUD-MISSING")

    assert finding.severity == "low"
    assert finding.claim == "aud"
    assert "RFC 8725 §2.7, §3.9" in finding.reference


@pytest.mark.parametrize(
    ("aud", "title"),
    [
        ([], "aud is an empty list"),
        ("", "aud is empty"),
        ([""], "aud lists only empty names"),
        (["", " "], "aud lists only empty names"),
        ("*", 'aud is wildcard-like: "*"'),
        ([AUD, "*"], 'aud is wildcard-like: "*"'),
        ("https://*.example.com", 'aud is wildcard-like: "https://*.example.com"'),
    ],
)
def test_empty_or_wildcard_aud_is_medium(aud: Any, title: str) -> None:
    finding = only(run(hs(HEADER, with_claims(aud=aud))), "AUD-WILDCARD")

    assert finding.severity == "medium"
    assert finding.title == title
    assert "AUD-MISSING" not in ids(run(hs(HEADER, with_claims(aud=aud))))


@pytest.mark.parametrize("aud", [5, {"a": 1}, [AUD, 7], None])
def test_non_string_aud_is_medium(aud: Any) -> None:
    finding = only(run(hs(HEADER, with_claims(aud=aud))), "AUD-TYPE")

    assert finding.severity == "medium"
    assert "InvalidAudienceError" in finding.explanation


@pytest.mark.parametrize("aud", [AUD, [AUD], [AUD, "https://other.example"], "x"])
def test_named_aud_has_no_finding(aud: Any) -> None:
    found = ids(run(hs(HEADER, with_claims(aud=aud))))

    assert not found & {"AUD-MISSING", "AUD-WILDCARD", "AUD-TYPE"}


def test_integer_sub_is_medium_because_pyjwt_refuses_it() -> None:
    token = hs(HEADER, with_claims(sub=123))

    finding = only(run(token), "SUB-TYPE")

    assert finding.severity == "medium"
    assert finding.title == "sub is a number, not a string"
    assert "InvalidSubjectError" in finding.explanation
    assert '"sub": user_id' in finding.explanation
    with pytest.raises(InvalidSubjectError):
        jwt.decode(
            token, STRONG, ["HS256"], audience=AUD, options={"verify_exp": False}
        )


@pytest.mark.parametrize("sub", [None, ["a"], {"id": 1}, 1.5, False])
def test_other_non_string_sub_is_medium(sub: Any) -> None:
    finding = only(run(hs(HEADER, with_claims(sub=sub))), "SUB-TYPE")

    assert finding.severity == "medium"
    assert '"sub": user_id' not in finding.explanation


def test_non_string_jti_is_medium_because_pyjwt_refuses_it() -> None:
    token = hs(HEADER, with_claims(jti=42))

    finding = only(run(token), "JTI-TYPE")

    assert finding.severity == "medium"
    assert "InvalidJTIError" in finding.explanation
    assert "JTI-MISSING" not in ids(run(token))
    with pytest.raises(InvalidJTIError):
        jwt.decode(
            token, STRONG, ["HS256"], audience=AUD, options={"verify_exp": False}
        )


def test_string_sub_and_jti_have_no_type_finding(clean: str) -> None:
    assert not ids(run(clean)) & {"SUB-TYPE", "JTI-TYPE"}
    no_sub = hs(HEADER, with_claims(sub=_DROP))
    assert "SUB-TYPE" not in ids(run(no_sub))


def test_missing_jti_is_info() -> None:
    finding = only(run(hs(HEADER, with_claims(jti=_DROP))), "JTI-MISSING")

    assert finding.severity == "info"
    assert finding.reference.startswith("RFC 7519 §4.1.7")
    assert "revoke" in finding.title


@pytest.mark.parametrize(
    ("header", "claims"),
    [
        (HEADER, {"type": "refresh"}),
        (HEADER, {"token_type": "refresh_token"}),
        (HEADER, {"token_use": "Refresh"}),
        (with_header(typ="refresh+jwt"), {}),
    ],
)
def test_missing_jti_in_a_refresh_token_is_low(
    header: dict[str, Any], claims: dict[str, Any]
) -> None:
    token = hs(header, with_claims(jti=_DROP, **claims))

    finding = only(run(token), "JTI-MISSING")

    assert finding.severity == "low"
    assert "refresh token" in finding.title


def test_present_jti_is_not_missing(clean: str) -> None:
    assert "JTI-MISSING" not in ids(run(clean))
    refresh = hs(HEADER, with_claims(type="refresh"))
    assert "JTI-MISSING" not in ids(run(refresh))


def test_identity_checks_skip_encrypted_tokens() -> None:
    token = f"{seg({'alg': 'dir', 'enc': 'A256GCM'})}.AAAA.AAAA.AAAA.AAAA"

    assert not ids(run(token)) & {"ISS-MISSING", "AUD-MISSING", "JTI-MISSING"}


@pytest.mark.parametrize("typ", ["at+jwt", "application/at+jwt", "AT+JWT"])
@pytest.mark.parametrize("claim", ["nonce", "at_hash", "c_hash", "s_hash"])
def test_id_token_claims_in_an_access_token_are_cross_jwt(typ: str, claim: str) -> None:
    token = hs(with_header(typ=typ), with_claims(**{claim: "x"}))

    finding = only(run(token), "CROSS-JWT")

    assert finding.severity == "medium"
    assert claim in finding.title
    assert finding.claim == claim
    assert "RFC 8725 §2.8, §3.12" in finding.reference


def test_id_token_and_access_token_claims_apart_are_not_cross_jwt() -> None:
    id_token = with_claims(nonce="n", at_hash="h", azp="client", auth_time=NOW - 60)
    access = with_claims(scope="read", client_id="client", auth_time=NOW - 60)

    assert "CROSS-JWT" not in ids(run(hs(HEADER, id_token)))
    # RFC 9068 §2.2.1 allows auth_time (and acr, amr) in access tokens
    assert "CROSS-JWT" not in ids(run(hs(with_header(typ="at+jwt"), access)))


def test_azp_alone_in_an_access_token_is_not_cross_jwt() -> None:
    # Keycloak, Entra ID and Auth0 name the client with azp in access tokens
    access = with_claims(client_id="client", azp="client", scope="read")

    assert "CROSS-JWT" not in ids(run(hs(with_header(typ="at+jwt"), access)))


def test_azp_is_listed_with_other_id_token_claims_in_an_access_token() -> None:
    token = hs(with_header(typ="at+jwt"), with_claims(azp="client", nonce="n"))

    finding = only(run(token), "CROSS-JWT")

    assert finding.title.endswith("ID-token claims: nonce, azp")


_EVENTS = {"https://schemas.openid.net/secevent/risc/event-type/account-disabled": {}}


@pytest.mark.parametrize(
    ("typ", "extra", "listed"),
    [
        ("secevent+jwt", {}, "exp"),  # CLAIMS has exp
        ("JWT", {"nonce": "n"}, "exp, nonce"),
        ("logout+jwt", {"nonce": "n"}, "nonce"),  # logout tokens have exp
        ("secevent+jwt", {"scope": "read", "exp": _DROP}, "scope"),
    ],
)
def test_security_event_with_login_claims_is_cross_jwt(
    typ: str, extra: dict[str, Any], listed: str
) -> None:
    claims = with_claims(events=_EVENTS, **extra)

    finding = only(run(hs(with_header(typ=typ), claims)), "CROSS-JWT")

    assert finding.severity == "medium"
    assert finding.title.endswith(f"login-style claims: {listed}")
    assert finding.claim == "events"


def test_plain_security_event_and_logout_token_are_not_cross_jwt() -> None:
    event = {k: v for k, v in CLAIMS.items() if k != "exp"}
    logout = {
        **CLAIMS,
        "events": {"http://schemas.openid.net/event/backchannel-logout": {}},
    }

    assert "CROSS-JWT" not in ids(
        run(hs(with_header(typ="secevent+jwt"), {**event, "events": _EVENTS}))
    )
    assert "CROSS-JWT" not in ids(run(hs(with_header(typ="logout+jwt"), logout)))


def test_sample_and_templates_get_nothing_new_above_info() -> None:
    from jwtinspector.core.keys import load_secret
    from jwtinspector.core.resources import read_resource
    from jwtinspector.core.templates import TEMPLATES, make_template

    new = {
        "ISS-MISSING", "ISS-TYPE", "ISS-NOT-HTTPS", "AUD-MISSING", "AUD-WILDCARD",
        "AUD-TYPE", "SUB-TYPE", "JTI-TYPE", "JTI-MISSING", "CROSS-JWT",
        "SUB-MISSING", "AT-CLAIMS-MISSING", "DPOP-JWK", "DPOP-ALG",
        "DPOP-CLAIMS-MISSING",
    }  # fmt: skip
    key = load_secret(STRONG.decode())
    sample = json.loads(read_resource("sample.json"))
    payloads = [{**sample["payload"], "iat": NOW, "exp": NOW + 900}]
    payloads += [make_template(name, now=NOW)[1] for name in TEMPLATES]

    for payload in payloads:
        findings = run(sign_token(HEADER, payload, key), now=NOW)
        assert all(f.severity == "info" for f in findings if f.id in new), findings


# --- sensitive data ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("claims", "path"),
    [
        ({"password": "hunter2"}, "password"),
        ({"passwd": "hunter2"}, "passwd"),
        ({"pwd": "hunter2"}, "pwd"),
        ({"user": {"name": "a", "password": "x"}}, "user.password"),
        ({"apiKey": "k-123"}, "apiKey"),
        ({"api_key": "k-123"}, "api_key"),
        ({"private_key": "abc"}, "private_key"),
        ({"client_secret": "abc"}, "client_secret"),
        ({"refresh_token": "abc"}, "refresh_token"),
        ({"creds": [{"secret": "s"}]}, "creds[0].secret"),
    ],
)
def test_credential_claims_are_high(claims: dict[str, Any], path: str) -> None:
    finding = only(run(hs(HEADER, {**CLAIMS, **claims})), "SENSITIVE-NAME")

    assert finding.severity == "high"
    assert finding.claim == path
    assert "RFC 7519 §12" in finding.reference


@pytest.mark.parametrize(
    "name",
    ["credit_card", "cardNumber", "ssn", "SSN", "user_ssn", "userSSN", "iban", "cvv"],
)
def test_payment_and_national_id_claims_are_medium(name: str) -> None:
    finding = only(run(hs(HEADER, {**CLAIMS, name: "n/a"})), "SENSITIVE-NAME")

    assert finding.severity == "medium"


@pytest.mark.parametrize(
    "claims",
    [
        {"token_type": "Bearer", "token_use": "access"},
        {"password_changed": True, "secret_rotated": None},
        {"name": "Ada", "role": "admin", "scope": "read write"},
        {"secretary": "Bob"},
        {"className": "Admin", "business_name": "ACME", "process_number": "A7"},
        {"accessNotes": "n/a", "lessons": "3", "classification": "internal"},
        {"caribbean": "islands", "ribbon": "blue"},
    ],
)
def test_ordinary_claim_names_are_not_sensitive(claims: dict[str, Any]) -> None:
    assert "SENSITIVE-NAME" not in ids(run(hs(HEADER, {**CLAIMS, **claims})))


@pytest.mark.parametrize(
    "value",
    [
        "4111 1111 1111 1111",
        "5500-0000-0000-0004",
        "378282246310005",
        4111111111111111,
        "paid with 6011111111111117 today",
    ],
)
def test_card_numbers_passing_luhn_are_reported(value: Any) -> None:
    finding = only(run(hs(HEADER, {**CLAIMS, "note": value})), "SENSITIVE-CARD")

    assert finding.severity == "medium"
    assert "*****" in finding.explanation
    assert str(value).replace(" ", "").replace("-", "") not in finding.explanation


@pytest.mark.parametrize(
    "value",
    ["4111111111111112", "1234567890123456", 1234567890123456789, "user-1"],
)
def test_other_numbers_are_not_cards(value: Any) -> None:
    assert "SENSITIVE-CARD" not in ids(run(hs(HEADER, {**CLAIMS, "id": value})))


def test_luhn_and_brands() -> None:
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")
    assert card_brand("4111111111111111") == "Visa"
    assert card_brand("2221000000000009") == "Mastercard"
    assert card_brand("1111111111111111") is None


PEM_PRIVATE = "-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----"


@pytest.mark.parametrize(
    ("claims", "title"),
    [
        ({"blob": PEM_PRIVATE}, "Private key"),
        ({"k": "-----BEGIN RSA PRIVATE KEY-----\nx"}, "Private key"),
        ({"cnf": {"jwk": {"kty": "EC", "crv": "P-256", "d": "x"}}}, "Private JWK"),
        ({"aws": "AKIAIOSFODNN7EXAMPLE"}, "AWS"),
        ({"maps": "AIzaSyA1234567890abcdefghijklmnopqrstuv"}, "Google"),
        ({"pay": "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"}, "Stripe live secret"),
        ({"pay": "rk_live_" + "51H8aBcDeFgHiJkLmNoPqRsT"}, "Stripe restricted"),
        ({"gh": "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"}, "GitHub"),
        ({"gh": "gho_" + "16C7e42F292c6912E7710c838347Ae178B4a"}, "GitHub"),
        ({"gh": "ghs_" + "16C7e42F292c6912E7710c838347Ae178B4a"}, "GitHub"),
        ({"gh": "github_pat_" + "11ABCDEFG0" * 3 + "_" + "aZ9" * 20}, "GitHub"),
        ({"slack": "xoxb-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQr"}, "Slack"),
        ({"ai": "sk-" + "T3BlbkFJa1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"}, "OpenAI"),
        ({"ai": "sk-proj-" + "Ab3dEf6hIj9lMn2pQr5tUv8x_Yz-1Bc4" * 2}, "OpenAI"),
    ],
)
def test_keys_in_the_payload_are_high(claims: dict[str, Any], title: str) -> None:
    finding = only(run(hs(HEADER, {**CLAIMS, **claims})), "SENSITIVE-KEY")

    assert finding.severity == "high"
    assert title in finding.title


@pytest.mark.parametrize(
    "claims",
    [
        {"cert": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"},
        {"cnf": {"jwk": {"kty": "EC", "crv": "P-256", "x": "a", "y": "b"}}},
        {"ref": "AKIA-not-a-key"},
        {"pay": "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "plan": "sk_live_"},
        {"gh": "ghp_short", "repo": "github_pat_", "x": "xghp_" + "a1" * 18},
        {"slack": "xoxb-", "channel": "xoxz-123456-abcdef"},
        {"slug": "sk-learn-is-a-python-library-for-machine-learning"},
        {"desk": "desk-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6"},
        {"d": "a member named d outside a JWK"},
    ],
)
def test_public_material_is_not_a_key_leak(claims: dict[str, Any]) -> None:
    assert "SENSITIVE-KEY" not in ids(run(hs(HEADER, {**CLAIMS, **claims})))


def test_email_is_info_and_masked() -> None:
    finding = only(
        run(hs(HEADER, {**CLAIMS, "email": "john@example.com"})), "PII-EMAIL"
    )

    assert finding.severity == "info"
    assert "j***@example.com" in finding.explanation


@pytest.mark.parametrize(
    ("name", "value"),
    [("contact", "+1 425 555 1212"), ("phone_number", "425-555-1212")],
)
def test_phone_numbers_are_info(name: str, value: str) -> None:
    finding = only(run(hs(HEADER, {**CLAIMS, name: value})), "PII-PHONE")

    assert finding.severity == "info"


@pytest.mark.parametrize(
    "name", ["tel", "telephone", "faxNumber", "mobile_no", "homePhone", "cell-phone"]
)
def test_phone_named_claims_need_no_plus(name: str) -> None:
    finding = only(run(hs(HEADER, {**CLAIMS, name: "4255551212"})), "PII-PHONE")

    assert "ending 212" in finding.explanation


@pytest.mark.parametrize("name", ["hotel_id", "hotelId", "motel", "intel", "hostel"])
def test_names_that_contain_tel_are_not_phones(name: str) -> None:
    assert "PII-PHONE" not in ids(run(hs(HEADER, {**CLAIMS, name: "4255551212"})))


@pytest.mark.parametrize(
    "claims",
    [
        {"version": "1.2.3", "build": "1234567", "host": "user@localhost"},
        {"name": "John Doe"},
    ],
)
def test_no_personal_data_no_finding(claims: dict[str, Any]) -> None:
    assert not ids(run(hs(HEADER, {**CLAIMS, **claims}))) & {"PII-EMAIL", "PII-PHONE"}


def test_findings_per_id_are_capped() -> None:
    many = {f"e{i}": f"user{i}@example.com" for i in range(50)}

    found = [f for f in run(hs(HEADER, {**CLAIMS, **many})) if f.id == "PII-EMAIL"]

    assert len(found) == 20


# --- TOKEN-SIZE / JWE -------------------------------------------------------------


def test_token_over_8_kb_is_low() -> None:
    token = hs(HEADER, {**CLAIMS, "pad": "x" * 6200})
    assert len(token) > 8192

    finding = only(run(token), "TOKEN-SIZE")

    assert finding.severity == "low"


def test_weak_secret_scan_skips_huge_tokens_and_says_so() -> None:
    token = hs(HEADER, {**CLAIMS, "pad": "x" * 70_000}, b"secret")

    findings = run(token)

    assert "WEAK-SECRET" not in ids(findings)
    assert "weak-secret check was skipped" in only(findings, "TOKEN-SIZE").explanation
    assert (
        "skipped"
        not in only(run(token, check_weak_secrets=False), "TOKEN-SIZE").explanation
    )


def test_token_under_8_kb_is_fine() -> None:
    token = hs(HEADER, {**CLAIMS, "pad": "x" * 5800})
    assert len(token) < 8192

    assert "TOKEN-SIZE" not in ids(run(token))


def test_jwe_is_info_and_its_content_is_not_judged() -> None:
    token = f"{seg({'alg': 'dir', 'enc': 'A256GCM'})}.AAAA.AAAA.AAAA.AAAA"

    findings = run(token)

    assert only(findings, "JWE").severity == "info"
    assert not ids(findings) & {"EXP-MISSING", "TYP-MISSING", "SIG-EMPTY"}


def test_jws_has_no_jwe_finding(clean: str) -> None:
    assert "JWE" not in ids(run(clean))


# --- token kinds whose normal shape must not be reported above info ---------------


def test_updated_at_as_a_string_is_info_not_a_time_check() -> None:
    # Auth0 ID tokens carry updated_at as an ISO 8601 string
    token = hs(HEADER, with_claims(updated_at="2023-11-14T21:12:40.104Z"))

    finding = only(run(token), "NUMERICDATE-TYPE")

    assert finding.severity == "info"
    assert finding.title == "updated_at is a string, not a number"
    assert "not a security problem" in finding.explanation
    assert "PyJWT" not in finding.explanation


def test_auth_time_that_is_not_a_number_is_low() -> None:
    finding = only(run(hs(HEADER, with_claims(auth_time="x"))), "NUMERICDATE-TYPE")

    assert finding.severity == "low"
    assert "max_age" in finding.explanation


def test_negative_updated_at_is_titled_negative() -> None:
    finding = only(run(hs(HEADER, with_claims(updated_at=-5))), "NUMERICDATE-TYPE")

    assert finding.title == "updated_at is negative"


@pytest.mark.parametrize(
    ("claims", "claim"),
    [({"token_use": "access"}, "token_use"), ({"typ": "Bearer"}, "typ")],
)
def test_missing_typ_with_a_typing_claim_is_info(
    claims: dict[str, Any], claim: str
) -> None:
    token = hs(with_header(typ=_DROP), with_claims(**claims))

    finding = only(run(token), "TYP-MISSING")

    assert finding.severity == "info"
    assert f"payload's own {claim} claim" in finding.explanation
    assert "not the header's typ" in finding.explanation


def test_payload_typ_claim_is_not_the_header_typ() -> None:
    # Keycloak's typ "Bearer" claim (or any payload typ) says nothing about JOSE
    keycloak = hs(HEADER, with_claims(typ="Bearer", exp=NOW + 300))
    no_exp = hs(HEADER, with_claims(typ="at+jwt", exp=_DROP))

    assert not ids(run(keycloak)) & {"TYP-MISSING", "TYP-UNUSUAL", "CROSS-JWT"}
    assert only(run(no_exp), "EXP-MISSING").severity == "medium"
    assert "LIFETIME-EXCESSIVE" in ids(
        run(hs(HEADER, with_claims(typ="Bearer", exp=NOW + 3 * 86400)))
    )


@pytest.mark.parametrize(
    "typ", ["application/okta-internal-at+jwt", "example+jwt", "APPLICATION/X+JWT"]
)
def test_issuer_specific_jwt_media_type_is_info(typ: str) -> None:
    finding = only(run(hs(with_header(typ=typ), CLAIMS)), "TYP-UNUSUAL")

    assert finding.severity == "info"
    assert finding.title.startswith("Issuer-specific typ")


def test_missing_aud_with_a_client_id_is_info() -> None:
    # Amazon Cognito access tokens have client_id and no aud
    token = hs(HEADER, with_claims(aud=_DROP, client_id="1example23456789"))

    finding = only(run(token), "AUD-MISSING")

    assert finding.severity == "info"
    assert '"1example23456789"' in finding.explanation
    assert "check client_id and scope" in finding.advice


@pytest.mark.parametrize("typ", ["dpop+jwt", "application/dpop+jwt"])
def test_dpop_proof_signed_with_its_embedded_key_is_info(
    ec_key: KeyMaterial, typ: str
) -> None:
    header = {"alg": "ES256", "typ": typ, "jwk": to_jwk(ec_key)}
    proof = {"jti": "-BwC3ESc6acc2lTc", "htm": "POST", "iat": NOW - 5}
    token = sign_token(header, {**proof, "htu": "https://as.example/token"}, ec_key)

    findings = run(token)

    finding = only(findings, "JWK-EMBEDDED")
    assert finding.severity == "info"
    assert "not an attack" in finding.explanation
    assert "cnf.jkt" in finding.advice
    assert "RFC 9449" in finding.reference
    assert not ids(findings) & {"EXP-MISSING", "ISS-MISSING", "AUD-MISSING"}


def test_dpop_proof_that_does_not_verify_with_its_key_is_high(
    ec_key: KeyMaterial,
) -> None:
    other = keygen.generate_ec("P-256")
    header = {"alg": "ES256", "typ": "dpop+jwt", "jwk": to_jwk(other)}
    token = sign_token(header, {"jti": "j", "htm": "GET", "iat": NOW}, ec_key)

    finding = only(run(token), "JWK-EMBEDDED")

    assert finding.severity == "high"
    assert finding.title.startswith("DPoP proof does not verify")


def test_dpop_proof_with_private_members_is_still_critical(ec_key: KeyMaterial) -> None:
    header = {"alg": "ES256", "typ": "dpop+jwt", "jwk": to_jwk(ec_key, private=True)}
    token = sign_token(header, {"jti": "j", "htm": "GET", "iat": NOW}, ec_key)

    assert only(run(token), "JWK-PRIVATE").severity == "critical"


def test_openid4vci_key_proof_with_its_key_is_info(ec_key: KeyMaterial) -> None:
    header = {"alg": "ES256", "typ": "openid4vci-proof+jwt", "jwk": to_jwk(ec_key)}
    claims = {"aud": "https://issuer.example", "iat": NOW, "nonce": "n"}
    findings = run(sign_token(header, claims, ec_key))

    assert only(findings, "JWK-EMBEDDED").severity == "info"
    assert "EXP-MISSING" not in ids(findings)


@pytest.mark.parametrize(
    ("typ", "events"),
    [
        ("secevent+jwt", _EVENTS),
        ("JWT", _EVENTS),  # events without typ: still a SET
        ("dpop+jwt", None),
    ],
)
def test_kinds_without_exp_have_no_exp_missing(typ: str, events: Any) -> None:
    claims = with_claims(exp=_DROP, events=events or _DROP)

    assert "EXP-MISSING" not in ids(run(hs(with_header(typ=typ), claims)))


@pytest.mark.parametrize("typ", ["logout+jwt", "JWT"])
def test_logout_token_without_exp_is_still_reported(typ: str) -> None:
    events = {"http://schemas.openid.net/event/backchannel-logout": {}}
    claims = with_claims(exp=_DROP, events=events, sid="s")

    assert "EXP-MISSING" in ids(run(hs(with_header(typ=typ), claims)))


def test_x5t_alone_is_not_a_certificate_chain() -> None:
    # Entra ID and GitHub Actions send x5t (a thumbprint) next to kid
    token = hs(with_header(x5t="L1KfKFI_jnXbwWc22xZxw1sUHH0", kid="k1"), CLAIMS)

    assert "X5C-UNVALIDATED" not in ids(run(token))


# --- DPoP proofs: DPOP-JWK / DPOP-ALG / DPOP-CLAIMS-MISSING -------------------------

_PROOF = {
    "jti": "-BwC3ESc6acc2lTc",
    "htm": "POST",
    "htu": "https://as.example/token",
    "iat": NOW - 5,
}
_DPOP_IDS = {"DPOP-JWK", "DPOP-ALG", "DPOP-CLAIMS-MISSING"}
_NEW_IDS = {*_DPOP_IDS, "AT-CLAIMS-MISSING", "SUB-MISSING"}
_EC_FOR_PROPERTIES = keygen.generate_ec("P-256")  # hypothesis tests take no fixtures


def _proof(
    key: KeyMaterial, claims: dict[str, Any] | None = None, **header: Any
) -> str:
    members = {"alg": "ES256", "typ": "dpop+jwt", "jwk": to_jwk(key), **header}
    members = {k: v for k, v in members.items() if v is not _DROP}
    return sign_token(members, _PROOF if claims is None else claims, key)


@pytest.mark.parametrize("typ", ["dpop+jwt", "application/dpop+jwt", "DPoP+JWT"])
def test_well_formed_dpop_proof_gets_none_of_the_new_findings(
    ec_key: KeyMaterial, typ: str
) -> None:
    findings = run(_proof(ec_key, typ=typ))

    assert {f.id: f.severity for f in findings} == {"JWK-EMBEDDED": "info"}


def test_well_formed_rsa_dpop_proof_is_clean_too(rsa_key: KeyMaterial) -> None:
    findings = run(_proof(rsa_key, alg="PS256"))

    assert {f.id: f.severity for f in findings} == {"JWK-EMBEDDED": "info"}


def test_dpop_proof_without_jwk_is_high(ec_key: KeyMaterial) -> None:
    findings = run(_proof(ec_key, jwk=_DROP))

    finding = only(findings, "DPOP-JWK")
    assert finding.severity == "high"
    assert finding.title == "DPoP proof without jwk: it names no key to check it with"
    assert "public key" in finding.explanation
    assert finding.claim == "jwk"
    assert "RFC 9449 §4.2" in finding.reference
    assert ids(findings) == {"DPOP-JWK"}


def test_token_of_another_kind_without_jwk_has_no_dpop_finding(
    ec_key: KeyMaterial,
) -> None:
    token = sign_token({"alg": "ES256", "typ": "JWT"}, CLAIMS, ec_key)

    assert run(token) == ()


@pytest.mark.parametrize(
    ("make", "leaked"),
    [
        (lambda: keygen.generate_ec("P-256"), "d"),
        (lambda: keygen.generate_rsa(2048), "d, p, q, dp, dq, qi"),
    ],
)
def test_dpop_proof_whose_jwk_leaks_the_private_key_is_critical(
    make: Any, leaked: str
) -> None:
    key = make()
    alg = "ES256" if key.kty == "EC" else "RS256"
    token = _proof(key, alg=alg, jwk=to_jwk(key, private=True))

    findings = run(token)

    finding = only(findings, "JWK-PRIVATE")
    assert finding.severity == "critical"
    assert finding.title == f"The embedded jwk holds private key members ({leaked})"
    assert f"includes {leaked}" in finding.explanation
    assert "A DPoP proof must carry only the client's public key" in (
        finding.explanation
    )
    assert "bearer tokens" in finding.explanation
    assert finding.reference.startswith("RFC 9449 §4.2, §4.3")
    assert not ids(findings) & _DPOP_IDS


def test_private_jwk_outside_a_proof_says_nothing_about_dpop(
    ec_key: KeyMaterial,
) -> None:
    header = {"alg": "ES256", "typ": "JWT", "jwk": to_jwk(ec_key, private=True)}

    finding = only(run(sign_token(header, CLAIMS, ec_key)), "JWK-PRIVATE")

    assert "DPoP" not in finding.explanation
    assert "RFC 9449" not in finding.reference


def test_dpop_proof_with_a_secret_jwk_leaks_it_and_uses_hmac() -> None:
    secret = key_material(STRONG, source="test")
    header = {"alg": "HS256", "typ": "dpop+jwt", "jwk": to_jwk(secret)}

    findings = run(sign_token(header, _PROOF, secret))

    assert {f.id: f.severity for f in findings} == {
        "JWK-PRIVATE": "critical",
        "DPOP-ALG": "high",
    }
    leak = only(findings, "JWK-PRIVATE")
    assert leak.title == (
        'The embedded jwk is a secret key (kty "oct"): k is in the header'
    )
    assert "k, the secret itself" in leak.explanation
    # not JWK-EMBEDDED "signed with the key it carries, as its profile requires"
    assert "JWK-EMBEDDED" not in ids(findings)


def test_dpop_proof_with_a_symmetric_jwk_without_k_is_high(ec_key: KeyMaterial) -> None:
    findings = run(_proof(ec_key, jwk={"kty": "oct", "kid": "shared"}))

    finding = only(findings, "DPOP-JWK")
    assert finding.severity == "high"
    assert 'symmetric key (kty "oct")' in finding.title
    assert "no k" in finding.explanation
    assert not ids(findings) & {"JWK-PRIVATE", "JWK-EMBEDDED"}


@pytest.mark.parametrize("alg", ["HS256", "HS384", "HS512"])
def test_dpop_proof_signed_with_hmac_is_high(ec_key: KeyMaterial, alg: str) -> None:
    header = {"alg": alg, "typ": "dpop+jwt", "jwk": to_jwk(ec_key)}

    findings = run(hs(header, _PROOF))

    finding = only(findings, "DPOP-ALG")
    assert finding.severity == "high"
    assert finding.title == (
        f"DPoP proof signed with {alg}, a symmetric (HMAC) algorithm"
    )
    assert "asymmetric" in finding.explanation
    assert finding.segment == "header"
    assert finding.claim == "alg"
    assert "RFC 9449" in finding.reference


def test_hmac_outside_a_dpop_proof_is_not_dpop_alg(clean: str) -> None:
    assert not ids(run(clean)) & _DPOP_IDS


def test_unsigned_dpop_proof_is_alg_none_with_the_dpop_rule(
    ec_key: KeyMaterial,
) -> None:
    header = {"alg": "none", "typ": "dpop+jwt", "jwk": to_jwk(ec_key)}

    findings = run(raw(header, _PROOF, b""))

    finding = only(findings, "ALG-NONE")
    assert finding.severity == "critical"
    assert "A DPoP proof must be signed with an asymmetric algorithm" in (
        finding.explanation
    )
    assert finding.reference.endswith("RFC 9449 §4.3")
    assert "DPOP-ALG" not in ids(findings)  # one finding for none, not two


def test_unsigned_token_of_another_kind_has_no_dpop_sentence() -> None:
    finding = only(run(raw(with_header(alg="none"), CLAIMS, b"")), "ALG-NONE")

    assert "DPoP" not in finding.explanation
    assert "RFC 9449" not in finding.reference


@given(
    dropped=st.sets(st.sampled_from(list(_PROOF)), min_size=1),
    empty=st.booleans(),
)
def test_dpop_proof_names_exactly_the_claims_it_lacks(
    dropped: set[str], empty: bool
) -> None:
    key = _EC_FOR_PROPERTIES
    # an empty jti, htm or htu counts as missing; an iat of the wrong type has
    # NUMERICDATE-TYPE instead, so iat is only ever left out
    claims = {
        name: value
        for name, value in _PROOF.items()
        if name not in dropped or (empty and name != "iat")
    }
    claims.update({name: "" for name in dropped if name in claims})
    expected = [name for name in _PROOF if name in dropped]

    findings = run(_proof(key, claims))

    finding = only(findings, "DPOP-CLAIMS-MISSING")
    assert finding.severity == "medium"
    assert finding.title == (
        f"DPoP proof without required claims: {', '.join(expected)}"
    )
    for name in expected:
        assert f"{name}, " in finding.explanation  # what each is for
    assert finding.claim == expected[0]
    # jti is listed here, not also as JTI-MISSING
    assert "JTI-MISSING" not in ids(findings)
    assert not ids(findings) & {"EXP-MISSING", "ISS-MISSING", "AUD-MISSING"}


def test_dpop_claims_explanation_says_what_a_missing_claim_allows(
    ec_key: KeyMaterial,
) -> None:
    no_htu = {k: v for k, v in _PROOF.items() if k != "htu"}
    no_iat = {k: v for k, v in _PROOF.items() if k != "iat"}

    htu = only(run(_proof(ec_key, no_htu)), "DPOP-CLAIMS-MISSING")
    iat = only(run(_proof(ec_key, no_iat)), "DPOP-CLAIMS-MISSING")

    assert "for other requests (another method or URL)" in htu.explanation
    assert "long after it was made" not in htu.explanation
    assert "long after it was made" in iat.explanation


# --- RFC 9068 access tokens: AT-CLAIMS-MISSING ---------------------------------------

_ACCESS = {**CLAIMS, "client_id": "s6BhdRkqt3", "scope": "read"}
_ACCESS_REQUIRED = ("iss", "exp", "aud", "sub", "client_id", "iat", "jti")
_OWN_FINDING = {
    "iss": ("ISS-MISSING", "medium"),
    "exp": ("EXP-MISSING", "high"),
    "aud": ("AUD-MISSING", "medium"),
    "jti": ("JTI-MISSING", "low"),
}


@pytest.mark.parametrize("typ", ["at+jwt", "application/at+jwt", "AT+JWT"])
def test_well_formed_access_token_has_no_findings(typ: str) -> None:
    assert run(hs(with_header(typ=typ), _ACCESS)) == ()


@pytest.mark.parametrize("typ", ["at+jwt", "application/at+jwt", "Application/AT+JWT"])
def test_access_token_without_sub_client_id_and_iat_is_medium(typ: str) -> None:
    claims = {k: v for k, v in _ACCESS.items() if k not in ("sub", "client_id", "iat")}

    findings = run(hs(with_header(typ=typ), claims))

    assert ids(findings) == {"AT-CLAIMS-MISSING"}
    finding = only(findings, "AT-CLAIMS-MISSING")
    assert finding.severity == "medium"
    assert finding.title == (
        "Access token (typ at+jwt) without required claims: sub, client_id, iat"
    )
    assert "no sub, client_id or iat" in finding.explanation
    assert "iss, exp, aud, sub, client_id, iat and jti" in finding.explanation
    assert finding.claim == "sub"
    assert finding.reference == "RFC 9068 §2.2"


def test_empty_client_id_counts_as_missing() -> None:
    token = hs(with_header(typ="at+jwt"), {**_ACCESS, "client_id": ""})

    finding = only(run(token), "AT-CLAIMS-MISSING")

    assert finding.title.endswith("required claims: client_id")


def test_plain_jwt_needs_no_client_id(clean: str) -> None:
    assert "AT-CLAIMS-MISSING" not in ids(run(clean))


@given(dropped=st.sets(st.sampled_from(_ACCESS_REQUIRED), min_size=1))
def test_each_missing_access_token_claim_is_reported_once(dropped: set[str]) -> None:
    claims = {k: v for k, v in _ACCESS.items() if k not in dropped}

    findings = run(hs(with_header(typ="at+jwt"), claims))

    reported: list[str] = []
    for finding in findings:
        if finding.id == "AT-CLAIMS-MISSING":
            reported += finding.title.split(": ", 1)[1].split(", ")
        elif finding.id in {own for own, _ in _OWN_FINDING.values()}:
            assert finding.claim is not None
            reported.append(finding.claim)
            assert (finding.id, finding.severity) == _OWN_FINDING[finding.claim]
            assert "RFC 9068 §2.2" in finding.explanation + finding.reference
    assert sorted(reported) == sorted(dropped)


def test_access_token_with_client_id_but_no_aud_is_not_excused() -> None:
    # client_id in place of aud is Cognito's format for tokens without typ only
    token = hs(
        with_header(typ="at+jwt"), {k: v for k, v in _ACCESS.items() if k != "aud"}
    )

    finding = only(run(token), "AUD-MISSING")

    assert finding.severity == "medium"
    assert "must have aud (RFC 9068 §2.2)" in finding.explanation
    assert "Amazon Cognito" not in finding.explanation


def test_missing_iss_aud_and_jti_stay_as_they_were_outside_access_tokens() -> None:
    token = hs(HEADER, with_claims(iss=_DROP, aud=_DROP, jti=_DROP))

    found = {f.id: f for f in run(token)}

    assert {i: f.severity for i, f in found.items()} == {
        "ISS-MISSING": "low",
        "AUD-MISSING": "low",
        "JTI-MISSING": "info",
    }
    assert all("RFC 9068" not in f.explanation for f in found.values())


def test_relabelled_id_token_names_the_missing_claims_in_cross_jwt() -> None:
    token = hs(with_header(typ="at+jwt"), with_claims(nonce="n"))  # no client_id

    findings = run(token)

    assert ids(findings) == {"CROSS-JWT"}
    assert "lacks client_id, which RFC 9068 §2.2 requires" in (
        only(findings, "CROSS-JWT").explanation
    )


def test_cross_jwt_says_nothing_missing_when_nothing_is() -> None:
    token = hs(with_header(typ="at+jwt"), {**_ACCESS, "nonce": "n"})

    assert "lacks" not in only(run(token), "CROSS-JWT").explanation


# --- ID tokens without sub: SUB-MISSING --------------------------------------------


@pytest.mark.parametrize(
    ("marker", "evidence"),
    [
        ({"nonce": "n-0S6_WzA2Mj"}, "it carries nonce, which only ID tokens have"),
        ({"at_hash": "77QmUPtjPfzWtF2AnpK9RQ"}, "it carries at_hash"),
        ({"c_hash": "LDktKdoQak3Pk0cnXxCltA"}, "it carries c_hash"),
        ({"s_hash": "x", "nonce": "n"}, "it carries nonce and s_hash"),
        ({"token_use": "id"}, 'its token_use claim is "id"'),
        ({"typ": "ID", "azp": "my-spa"}, 'its typ claim is "ID"'),
    ],
)
def test_id_token_without_sub_is_medium(marker: dict[str, Any], evidence: str) -> None:
    findings = run(hs(HEADER, with_claims(sub=_DROP, **marker)))

    finding = only(findings, "SUB-MISSING")
    assert finding.severity == "medium"
    assert finding.title == "No sub in an ID token: it does not say who logged in"
    assert evidence in finding.explanation
    assert finding.claim == "sub"
    assert "OpenID Connect Core §2" in finding.reference


def test_id_token_with_an_empty_sub_says_empty() -> None:
    finding = only(run(hs(HEADER, with_claims(sub="", nonce="n"))), "SUB-MISSING")

    assert finding.title.startswith("sub is empty in an ID token")


def test_id_token_without_typ_is_still_an_id_token() -> None:
    header = {"alg": "HS256"}

    assert "SUB-MISSING" in ids(run(hs(header, with_claims(sub=_DROP, nonce="n"))))


@pytest.mark.parametrize(
    ("header", "claims"),
    [
        (HEADER, {}),  # RFC 7519: sub is optional
        (HEADER, {"azp": "client"}),  # access tokens carry azp too
        (HEADER, {"auth_time": NOW - 60}),  # and auth_time (RFC 9068 §2.2.1)
        (HEADER, {"nonce": "n", "typ": "Bearer"}),  # Keycloak's access tokens
        (HEADER, {"at_hash": "h", "token_use": "access"}),
        (with_header(typ="kb+jwt"), {"nonce": "n"}),  # SD-JWT key binding
        (with_header(typ="openid4vci-proof+jwt"), {"nonce": "n"}),
        (with_header(typ="oauth-authz-req+jwt"), {"nonce": "n"}),  # request object
        (
            with_header(typ="logout+jwt"),
            {
                "sid": "s",
                "events": {"http://schemas.openid.net/event/backchannel-logout": {}},
            },
        ),
        (HEADER, {"nonce": "n", "events": _EVENTS}),
    ],
)
def test_tokens_that_may_lack_sub_get_no_sub_finding(
    header: dict[str, Any], claims: dict[str, Any]
) -> None:
    findings = run(hs(header, with_claims(sub=_DROP, **claims)))

    assert "SUB-MISSING" not in ids(findings)
    assert not [f for f in findings if f.claim == "sub"]


def test_plain_token_without_sub_has_no_finding_at_all() -> None:
    assert run(hs(HEADER, with_claims(sub=_DROP))) == ()


def test_access_token_without_sub_is_reported_once_not_as_sub_missing() -> None:
    token = hs(
        with_header(typ="at+jwt"), {k: v for k, v in _ACCESS.items() if k != "sub"}
    )

    findings = run(token)

    assert ids(findings) == {"AT-CLAIMS-MISSING"}
    assert only(findings, "AT-CLAIMS-MISSING").title.endswith(": sub")


# --- replicas of tokens developers paste every day --------------------------------
# Claim sets and headers copied in shape from each issuer's documented or observed
# tokens, signed with PyJWT and fresh keys. Each maps to the exact findings (id:
# severity) a user sees; nothing normal for its kind may show above info.

_T = NOW - 60  # issued a minute ago
_KID = "NjVBRjY5MDlCMUIwNzU4RTA2QzZFMDQ4QzQ2MDAyQjVDNjk1RTM2Qg"
_AUTH0 = "https://dev-abc123.us.auth0.com/"
_KEYCLOAK = "https://keycloak.example.com/realms/myrealm"
_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
_COGNITO = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example"
_GOOGLE_CLIENT = "1234987819200-q7ad3sb6l7fh.apps.googleusercontent.com"
_WORKFLOW = "octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main"
_DISABLED = "https://schemas.openid.net/secevent/risc/event-type/account-disabled"
_TUTORIAL_SECRET = b"3f6b0e1d9c8a7f6e5d4c3b2a190817263544536271809a8b7c6d5e4f3021"


@dataclasses.dataclass(frozen=True)
class _Replica:
    header: dict[str, Any]
    claims: dict[str, Any]
    expected: dict[str, str]
    alg: str = "RS256"


_REPLICAS: dict[str, _Replica] = {
    "auth0-access": _Replica(
        {"typ": "JWT", "kid": _KID},
        {
            "iss": _AUTH0,
            "sub": "auth0|5f7c8ec7c33c6c004bbafe82",
            "aud": ["https://api.example.com", f"{_AUTH0}userinfo"],
            "iat": _T,
            "exp": _T + 86400,  # Auth0's default: exactly 24 hours
            "azp": "kbyuFDidLLm280LIwVFiazOqjO3ty8KH",
            "scope": "openid profile email read:messages",
            "permissions": ["read:messages"],
            "gty": "password",
        },
        {"JTI-MISSING": "info"},
    ),
    "auth0-id": _Replica(
        {"typ": "JWT", "kid": _KID},
        {
            "nickname": "john.doe",
            "name": "John Doe",
            "picture": "https://s.gravatar.com/avatar/5a5b3c9f2e1d0c8b?s=480&r=pg",
            "updated_at": "2023-11-14T21:12:40.104Z",
            "email": "john.doe@example.com",
            "email_verified": True,
            "iss": _AUTH0,
            "aud": "kbyuFDidLLm280LIwVFiazOqjO3ty8KH",
            "iat": _T,
            "exp": _T + 36000,
            "sub": "auth0|5f7c8ec7c33c6c004bbafe82",
            "sid": "Hb3JmVf8bQ2bWkqE_X1y0lZ6dYtN9r4a",
            "at_hash": "fPlsvVszI29LU2UhDyJ9vg",
            "nonce": "c2FtcGxlLW5vbmNlLTEyMw",
        },
        {"NUMERICDATE-TYPE": "info", "JTI-MISSING": "info", "PII-EMAIL": "info"},
    ),
    "keycloak-access": _Replica(
        {"typ": "JWT", "kid": "hJd3bB2vQOW0mX9mKq7y8p1rT2sLZ0c4u5v6w7x8y9z"},
        {
            "exp": _T + 300,
            "iat": _T,
            "auth_time": _T - 5,
            "jti": "0c2c5a8e-6c1e-4a36-9c6c-2f0a3c4b5d6e",
            "iss": _KEYCLOAK,
            "aud": "account",
            "sub": "f3a1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b",
            "typ": "Bearer",  # Keycloak's claim, not the JOSE typ
            "azp": "my-spa",
            "nonce": "5f6d1b0c-7c2e-4c6b-9d3e-1f2a3b4c5d6e",
            "session_state": "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
            "acr": "1",
            "allowed-origins": ["https://app.example.com"],
            "realm_access": {"roles": ["offline_access", "uma_authorization"]},
            "resource_access": {"account": {"roles": ["manage-account"]}},
            "scope": "openid profile email",
            "sid": "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
            "email_verified": False,
            "name": "John Doe",
            "preferred_username": "jdoe",
            "given_name": "John",
            "family_name": "Doe",
            "email": "john.doe@example.com",
        },
        {"PII-EMAIL": "info"},
    ),
    "keycloak-refresh": _Replica(
        {"typ": "JWT", "kid": "b2f0e5f4-3c1a-4d2b-9e8f-7a6b5c4d3e2f"},
        {
            "exp": _T + 1800,
            "iat": _T,
            "jti": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
            "iss": _KEYCLOAK,
            "aud": _KEYCLOAK,
            "sub": "f3a1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b",
            "typ": "Refresh",
            "azp": "my-spa",
            "session_state": "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
            "scope": "openid profile email",
            "sid": "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
        },
        {},
        alg="HS512",
    ),
    "entra-v2-access": _Replica(
        {
            "typ": "JWT",
            "kid": "L1KfKFI_jnXbwWc22xZxw1sUHH0",
            "x5t": "L1KfKFI_jnXbwWc22xZxw1sUHH0",
        },
        {
            "aud": "6e74172b-be56-4843-9ff4-e66a39bb12e3",
            "iss": f"https://login.microsoftonline.com/{_TENANT}/v2.0",
            "iat": _T,
            "nbf": _T,
            "exp": _T + 4485,
            "aio": "AXQAi/8TAAAA1yK1Yf6l8c3r0v4e5QeLz4Pz9vX6d8kU5bYh6wH9sN0=",
            "azp": "6e74172b-be56-4843-9ff4-e66a39bb12e3",
            "azpacr": "0",
            "name": "Abe Lincoln",
            "oid": "690222be-ff1a-4d56-abd1-7e4f7d38e474",
            "preferred_username": "abeli@microsoft.com",
            "rh": "0.AQEAv4j5cvGGr0GRqy180BHbR0A1mDL2tUrA2eZ6xE5Q0hcBAFo.",
            "scp": "access_as_user",
            "sub": "HKZpfaHyWadeOouYlitjrI-KffTm222X5rrV3xDqfKQ",
            "tid": _TENANT,
            "uti": "fqiBqXLPj0eQa82S-IYFAA",
            "ver": "2.0",
            "xms_cc": ["CP1"],
            "xms_ftd": "L2aC1nYwsbEpZvdSx3PJ0QwN0lC5iKVW3YD7q8g9J3MBdXNub3J0aC1kc21z",
            "xms_idrel": "1 24",
        },
        {"JTI-MISSING": "info", "PII-EMAIL": "info"},
    ),
    "cognito-access": _Replica(
        {"kid": "abcd1234efgh5678ijkl9012mnop3456qrst7890uvw=", "typ": None},
        {
            "sub": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            "cognito:groups": ["admin"],
            "iss": _COGNITO,
            "version": 2,
            "client_id": "1example23456789",
            "origin_jti": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            "event_id": "bbbbbbbb-cccc-dddd-eeee-ffffffffffff",
            "token_use": "access",
            "scope": "aws.cognito.signin.user.admin openid profile email",
            "auth_time": _T,
            "exp": _T + 3600,
            "iat": _T,
            "jti": "cccccccc-dddd-eeee-ffff-aaaaaaaaaaaa",
            "username": "my-test-user",
        },
        {"TYP-MISSING": "info", "AUD-MISSING": "info"},
    ),
    "google-id": _Replica(
        {"typ": "JWT", "kid": "f5f4bf46e52b31d9b6249f7309ad0338400680cd"},
        {
            "iss": "https://accounts.google.com",
            "azp": _GOOGLE_CLIENT,
            "aud": _GOOGLE_CLIENT,
            "sub": "110169484474386276334",
            "hd": "example.com",
            "email": "jane@example.com",
            "email_verified": True,
            "at_hash": "HK6E_P6Dh8Y93mRNtsDB1Q",
            "nonce": "0394852-3190485-2490358",
            "name": "Jane Doe",
            "picture": "https://lh3.googleusercontent.com/a/ACg8ocK=s96-c",
            "iat": _T,
            "exp": _T + 3600,
        },
        {"JTI-MISSING": "info", "PII-EMAIL": "info"},
    ),
    "firebase-id": _Replica(
        {"typ": "JWT", "kid": "a5a0053fcbbd8f94d4b0b6b0b1c6f4c1c1e1d2e3"},
        {
            "name": "Jane Doe",
            "iss": "https://securetoken.google.com/my-project-id",
            "aud": "my-project-id",
            "auth_time": _T,
            "user_id": "kF9t2aBcDeFgHiJkLmNoPqRsTuV2",
            "sub": "kF9t2aBcDeFgHiJkLmNoPqRsTuV2",
            "iat": _T,
            "exp": _T + 3600,
            "email": "jane@example.com",
            "email_verified": True,
            "firebase": {
                "identities": {
                    "google.com": ["110169484474386276334"],
                    "email": ["jane@example.com"],
                },
                "sign_in_provider": "google.com",
            },
        },
        {"JTI-MISSING": "info", "PII-EMAIL": "info"},
    ),
    "okta-custom-access": _Replica(
        {"kid": "ZkvelLN_seik7w4pc_prCcfUf-h2hFfiwkDeCrs0iUc", "typ": None},
        {
            "ver": 1,
            "jti": "AT.MNAoEQ_jbKqoinrQo1D0XKjMX28U5d7ZszBceot7-Ts",
            "iss": "https://dev-123456.okta.com/oauth2/default",
            "aud": "api://default",
            "iat": _T,
            "exp": _T + 3600,
            "cid": "0oa1b2c3d4e5f6g7h8i9",
            "uid": "00u1a2b3c4d5e6f7g8h9",
            "scp": ["openid", "profile", "email"],
            "auth_time": _T - 600,
            "sub": "jane@example.com",
        },
        {"TYP-MISSING": "low", "PII-EMAIL": "info"},
    ),
    "okta-org-access": _Replica(
        {
            "kid": "ZkvelLN_seik7w4pc_prCcfUf-h2hFfiwkDeCrs0iUc",
            "typ": "application/okta-internal-at+jwt",
        },
        {
            "ver": 1,
            "jti": "AT.MNAoEQ_jbKqoinrQo1D0XKjMX28U5d7ZszBceot7-Ts",
            "iss": "https://dev-123456.okta.com",
            "aud": "https://dev-123456.okta.com",
            "iat": _T,
            "exp": _T + 3600,
            "cid": "0oa1b2c3d4e5f6g7h8i9",
            "uid": "00u1a2b3c4d5e6f7g8h9",
            "scp": ["okta.users.read"],
            "sub": "00u1a2b3c4d5e6f7g8h9",
        },
        {"TYP-UNUSUAL": "info"},
    ),
    "github-actions-oidc": _Replica(
        {
            "typ": "JWT",
            "kid": "38826b17-6a30-5f9b-b169-8beb8202f723",
            "x5t": "ykNaY4qM_ta4k2TgZOCEYLkcYlA",
        },
        {
            "jti": "example-id",
            "sub": "repo:octo-org/octo-repo:environment:prod",
            "environment": "prod",
            "aud": "https://github.com/octo-org",
            "ref": "refs/heads/main",
            "sha": "7c4d1f3e2b5a6978c0d1e2f3a4b5c6d7e8f90a1b",
            "repository": "octo-org/octo-repo",
            "repository_owner": "octo-org",
            "actor_id": "12",
            "repository_visibility": "private",
            "repository_id": "74",
            "repository_owner_id": "65",
            "run_id": "9876543210",
            "run_number": "10",
            "run_attempt": "2",
            "runner_environment": "github-hosted",
            "actor": "octocat",
            "workflow": "example-workflow",
            "head_ref": "",
            "base_ref": "",
            "event_name": "workflow_dispatch",
            "ref_type": "branch",
            "ref_protected": "true",
            "workflow_ref": _WORKFLOW,
            "job_workflow_ref": _WORKFLOW,
            "enterprise": "avocado-corp",
            "iss": "https://token.actions.githubusercontent.com",
            "nbf": _T - 5,
            "exp": _T + 300,
            "iat": _T,
        },
        {},
    ),
    "tutorial-hs256": _Replica(
        {"typ": "JWT"},
        {"sub": 42, "type": "access", "iat": _T, "exp": _T + 86400},
        {
            "SUB-TYPE": "medium",
            "ISS-MISSING": "low",
            "AUD-MISSING": "low",
            "JTI-MISSING": "info",
        },
        alg="HS256",
    ),
    "tutorial-refresh": _Replica(
        {"typ": "JWT"},
        {"sub": "42", "type": "refresh", "iat": _T, "exp": _T + 7 * 86400},
        {"ISS-MISSING": "low", "AUD-MISSING": "low", "JTI-MISSING": "low"},
        alg="HS256",
    ),
    "rfc9068-access": _Replica(
        {"typ": "at+jwt", "kid": "rsa-2024-01"},
        {
            "iss": "https://authorization-server.example.com/",
            "sub": "5ba552d67",
            "aud": "https://rs.example.com/",
            "exp": _T + 3600,
            "iat": _T,
            "jti": "dbe39bf3a3ba4238a513f51d6e1691c4",
            "client_id": "s6BhdRkqt3",
            "scope": "openid profile reademail",
            "auth_time": _T - 120,
        },
        {},
    ),
    "dpop-proof": _Replica(
        {"typ": "dpop+jwt"},  # the jwk header is added when signing
        {
            "jti": "e1j3V_bKic8-LAEB",
            "htm": "GET",
            "htu": "https://resource.example.org/protectedresource",
            "iat": _T,
            "ath": "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo",
        },
        {"JWK-EMBEDDED": "info"},
        alg="ES256",
    ),
    "security-event": _Replica(
        {"typ": "secevent+jwt", "kid": "k1"},
        {
            "iss": "https://idp.example.com/",
            "iat": _T,
            "jti": "756E69717565206964656E746966696572",
            "aud": "https://sp.example.com/feedback",
            "events": {
                _DISABLED: {
                    "subject": {
                        "format": "iss_sub",
                        "iss": "https://idp.example.com/",
                        "sub": "7375626A656374",
                    },
                    "reason": "hijacking",
                }
            },
        },
        {},
    ),
    "oidc-logout": _Replica(
        {"typ": "logout+jwt", "kid": "k1"},
        {
            "iss": "https://server.example.com",
            "sub": "248289761001",
            "aud": "s6BhdRkqt3",
            "iat": _T,
            "exp": _T + 120,
            "jti": "bWJq",
            "sid": "08a5019c-17e1-4977-8f42-65a12843ea02",
            "events": {"http://schemas.openid.net/event/backchannel-logout": {}},
        },
        {},
    ),
}


@pytest.fixture(scope="module")
def issuer_keys() -> dict[str, Any]:
    return {
        "RS256": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "ES256": ec.generate_private_key(ec.SECP256R1()),
        "HS256": _TUTORIAL_SECRET,
        "HS512": hashlib.sha512(b"keycloak realm secret").digest(),
    }


def _sign_replica(replica: _Replica, keys: dict[str, Any]) -> str:
    key = keys[replica.alg]
    header = dict(replica.header)
    if header.get("typ") == "dpop+jwt":
        header["jwk"] = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    return jwt.encode(replica.claims, key, algorithm=replica.alg, headers=header)


@pytest.mark.parametrize("name", sorted(_REPLICAS))
def test_realistic_tokens_get_exactly_the_expected_findings(
    name: str, issuer_keys: dict[str, Any]
) -> None:
    replica = _REPLICAS[name]
    token = _sign_replica(replica, issuer_keys)
    assert (inspect_token(token).header or {}).get("typ") == replica.header["typ"]

    findings = run(token)

    assert {f.id: f.severity for f in findings} == replica.expected, [
        (f.severity, f.id, f.title) for f in findings
    ]


@pytest.mark.parametrize("name", sorted(_REPLICAS))
def test_realistic_tokens_with_their_key_get_nothing_more(
    name: str, issuer_keys: dict[str, Any]
) -> None:
    replica = _REPLICAS[name]
    token = _sign_replica(replica, issuer_keys)
    key = issuer_keys[replica.alg]
    if isinstance(key, bytes):
        material = key_material(key, source="test")
    else:
        material = public_of(key_material(key, source="test"))

    findings = run(token, key=material)

    assert {f.id: f.severity for f in findings} == replica.expected


@pytest.mark.parametrize("name", sorted(_REPLICAS))
def test_realistic_tokens_get_none_of_the_new_findings(
    name: str, issuer_keys: dict[str, Any]
) -> None:
    findings = run(_sign_replica(_REPLICAS[name], issuer_keys))

    assert not ids(findings) & _NEW_IDS


@pytest.mark.parametrize("name", ["auth0-id", "google-id"])
def test_realistic_id_tokens_without_sub_get_sub_missing(
    name: str, issuer_keys: dict[str, Any]
) -> None:
    replica = _REPLICAS[name]
    claims = {k: v for k, v in replica.claims.items() if k != "sub"}
    token = _sign_replica(dataclasses.replace(replica, claims=claims), issuer_keys)

    findings = run(token)

    assert {f.id: f.severity for f in findings} == {
        **replica.expected,
        "SUB-MISSING": "medium",
    }


def test_realistic_access_token_without_client_id_gets_at_claims_missing(
    issuer_keys: dict[str, Any],
) -> None:
    replica = _REPLICAS["rfc9068-access"]
    claims = {k: v for k, v in replica.claims.items() if k != "client_id"}
    token = _sign_replica(dataclasses.replace(replica, claims=claims), issuer_keys)

    finding = only(run(token), "AT-CLAIMS-MISSING")

    assert finding.title.endswith("required claims: client_id")


@pytest.mark.parametrize("drop", ["htm", "htu", "jti", "iat"])
def test_realistic_dpop_proof_without_a_claim_gets_dpop_claims_missing(
    drop: str, issuer_keys: dict[str, Any]
) -> None:
    replica = _REPLICAS["dpop-proof"]
    claims = {k: v for k, v in replica.claims.items() if k != drop}
    token = _sign_replica(dataclasses.replace(replica, claims=claims), issuer_keys)

    findings = run(token)

    assert {f.id: f.severity for f in findings} == {
        "JWK-EMBEDDED": "info",
        "DPOP-CLAIMS-MISSING": "medium",
    }
    assert only(findings, "DPOP-CLAIMS-MISSING").title.endswith(f": {drop}")
