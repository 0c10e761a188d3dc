"""The catalogue entries of the key-trust checks (``checks/key_trust.py``), as
plain rows: keys that prove nothing (ROCA), certificates out of their dates,
and x5t thumbprints that name another certificate than x5c.

``findings`` makes them CatalogueEntry objects beside its own, so the one
catalogue still declares every id once. Each row: id, severities (most severe
first), title, advice, reference.
"""

from __future__ import annotations

KEY_ENTRIES: tuple[tuple[str, tuple[str, ...], str, str, str], ...] = (
    (
        "ROCA-KEY",
        ("critical",),
        "RSA key with the ROCA weakness: its private key can be computed",
        "Replace the key now with one made by a fixed generator (any current "
        "OpenSSL or cloud KMS), stop trusting tokens signed with it, and update "
        "the firmware of the device that made it (Infineon RSALib before 2017).",
        "CVE-2017-15361; Nemec et al., ACM CCS 2017",
    ),
    (
        "CERT-DATES",
        ("medium",),
        "Certificate expired or not valid yet",
        "Use a certificate that is valid now, and have verifiers check the "
        "certificate's dates (and its chain) before trusting its key.",
        "RFC 5280 §4.1.2.5; RFC 7515 §4.1.6",
    ),
    (
        "X5T-MISMATCH",
        ("high",),
        "x5t or x5t#S256 does not match the certificate in x5c",
        "Refuse a token whose certificate thumbprint names another certificate "
        "than the one it carries: a verifier that picks the key by x5t and one "
        "that takes it from x5c would check it with different keys.",
        "RFC 7515 §4.1.7, §4.1.8",
    ),
)
