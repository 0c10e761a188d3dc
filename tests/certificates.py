"""X.509 certificates made in the tests with cryptography (no files, no CA)."""

from __future__ import annotations

import datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import NameOID


def certificate(
    key: Any,
    subject: str = "issuer",
    *,
    start: datetime.datetime,
    days: int = 3650,
    issuer: str | None = None,
    signer: Any = None,
    serial: int = 7,
) -> x509.Certificate:
    """A certificate for ``key``'s public key, self-signed unless ``signer``
    (and ``issuer``, its name) are given."""

    def name(common: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])

    return (
        x509.CertificateBuilder()
        .subject_name(name(subject))
        .issuer_name(name(issuer or subject))
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=days))
        .sign(signer or key, hashes.SHA256())
    )
