"""Keys and certificates that prove nothing: ROCA moduli are refused and
flagged critical; certificates out of their dates and x5t thumbprints that
name another certificate are warned about and flagged."""

from __future__ import annotations

import base64
import datetime
import hashlib

import jwt
from certificates import certificate
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from roca_keys import ROCA_MODULUS, ROCA_PEM

from jwtinspector.core.audit import AuditOptions, audit
from jwtinspector.core.certs import certificate_date_warnings, certificates_in
from jwtinspector.core.keys import key_material, load_key
from jwtinspector.core.keys.roca import has_roca_fingerprint, roca_key
from jwtinspector.core.pipeline import KeysInUse, verdict
from jwtinspector.core.token import inspect_token
from jwtinspector.core.verify import SignatureStatus

NOW = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)
_PRIVATE = rsa.generate_private_key(public_exponent=65537, key_size=2048)
# Any RS256 token: no one holds the ROCA key's private half here.
RS_TOKEN = jwt.encode({"sub": "1"}, _PRIVATE, algorithm="RS256")


def test_the_published_fingerprints_are_recognised() -> None:
    assert has_roca_fingerprint(ROCA_MODULUS)
    assert roca_key(serialization.load_pem_public_key(ROCA_PEM))


def test_an_ordinary_key_has_no_fingerprint() -> None:
    assert not roca_key(_PRIVATE)
    assert not roca_key(_PRIVATE.public_key())
    assert not has_roca_fingerprint(_PRIVATE.public_key().public_numbers().n + 2)


def test_a_roca_key_is_refused_for_verification() -> None:
    report = verdict(
        inspect_token(RS_TOKEN), KeysInUse(load_key(ROCA_PEM)), now=NOW.timestamp()
    )

    assert report.signature.status is SignatureStatus.CANNOT_CHECK
    assert "ROCA fingerprint (CVE-2017-15361)" in report.signature.message
    assert "Replace the key" in report.signature.message


def test_an_ordinary_key_still_verifies() -> None:
    key = key_material(_PRIVATE.public_key(), source="pem")
    report = verdict(inspect_token(RS_TOKEN), KeysInUse(key), now=NOW.timestamp())

    assert report.signature.status is SignatureStatus.VALID


def test_lint_flags_a_roca_key_critical() -> None:
    findings = audit(
        inspect_token(RS_TOKEN), now=NOW.timestamp(), key=load_key(ROCA_PEM)
    )

    roca = [f for f in findings if f.id == "ROCA-KEY"]
    assert [str(f.severity) for f in roca] == ["critical"]
    assert roca[0].title.endswith("has the ROCA weakness (CVE-2017-15361)")


def test_lint_does_not_flag_an_ordinary_key() -> None:
    key = key_material(_PRIVATE.public_key(), source="pem")
    findings = audit(inspect_token(RS_TOKEN), now=NOW.timestamp(), key=key)

    assert "ROCA-KEY" not in {f.id for f in findings}


# --- certificates -------------------------------------------------------------


def _cert_der(start: datetime.datetime, days: int) -> bytes:
    cert = certificate(_PRIVATE, "signer.example", start=start, days=days)
    return cert.public_bytes(serialization.Encoding.DER)


EXPIRED = _cert_der(datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC), 365)
FUTURE = _cert_der(datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC), 365)
CURRENT = _cert_der(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), 365)


def test_the_dates_of_a_certificate_given_as_the_key_are_warned_about() -> None:
    key = load_key(EXPIRED)
    report = verdict(
        inspect_token(RS_TOKEN),
        KeysInUse(key, certificates=(EXPIRED,)),
        now=NOW.timestamp(),
    )

    assert report.valid  # the key still verifies; the warning says what is wrong
    assert report.signature.warnings == (
        "The certificate you gave as the key (CN=signer.example) expired on "
        "2020-12-31 00:00:00 UTC (5 y 153 d ago): a verifier that checks the "
        "certificate's dates refuses it.",
    )


def test_not_yet_valid_and_valid_certificates() -> None:
    future = certificate_date_warnings((FUTURE,), now=NOW.timestamp())
    current = certificate_date_warnings((CURRENT,), now=NOW.timestamp())

    assert len(future) == 1
    assert (
        "(CN=signer.example) is not valid until 2030-01-01 00:00:00 UTC" in (future[0])
    )
    assert current == ()


def _x5c_token(der: bytes, **header: str) -> str:
    x5c = [base64.b64encode(der).decode()]
    return jwt.encode(
        {"sub": "1"}, _PRIVATE, algorithm="RS256", headers={"x5c": x5c, **header}
    )


def test_lint_flags_an_expired_certificate_in_x5c() -> None:
    findings = audit(inspect_token(_x5c_token(EXPIRED)), now=NOW.timestamp())

    dates = [f for f in findings if f.id == "CERT-DATES"]
    assert [f.title for f in dates] == [
        "Certificate CN=signer.example in the token's x5c expired on "
        "2020-12-31 00:00:00 UTC"
    ]
    assert str(dates[0].severity) == "medium"


def test_lint_flags_a_certificate_given_as_the_key() -> None:
    options = AuditOptions(certificates=certificates_in(FUTURE))
    findings = audit(
        inspect_token(RS_TOKEN),
        now=NOW.timestamp(),
        key=load_key(FUTURE),
        options=options,
    )

    assert [f.title for f in findings if f.id == "CERT-DATES"] == [
        "Certificate CN=signer.example in your key is not valid until "
        "2030-01-01 00:00:00 UTC"
    ]


def test_lint_flags_an_x5t_that_names_another_certificate() -> None:
    other = base64.urlsafe_b64encode(hashlib.sha1(EXPIRED).digest()).decode()
    token = _x5c_token(CURRENT, x5t=other.rstrip("="))

    findings = audit(inspect_token(token), now=NOW.timestamp())

    mismatch = [f for f in findings if f.id == "X5T-MISMATCH"]
    assert [(f.claim, str(f.severity)) for f in mismatch] == [("x5t", "high")]


def test_a_matching_x5t_is_not_flagged() -> None:
    own = base64.urlsafe_b64encode(hashlib.sha256(CURRENT).digest()).decode()
    token = _x5c_token(CURRENT, **{"x5t#S256": own.rstrip("=")})

    findings = audit(inspect_token(token), now=NOW.timestamp())

    assert not {"X5T-MISMATCH", "CERT-DATES"} & {f.id for f in findings}
