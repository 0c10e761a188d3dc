"""The catalogue entries of the JWE checks (``checks/jwe.py``), as plain rows.

``findings`` makes them CatalogueEntry objects beside its own, so the one
catalogue still declares every id once; they live here only to keep
``findings`` short. Each row: id, severities (most severe first), title,
advice, reference.
"""

from __future__ import annotations

JWE_ENTRIES: tuple[tuple[str, tuple[str, ...], str, str, str], ...] = (
    (
        "JWE-RSA1-5",
        ("high",),
        "RSA1_5 key encryption (padding oracle)",
        "Encrypt the content key with RSA-OAEP-256 (or ECDH-ES) instead, and have "
        "recipients refuse RSA1_5 outright.",
        "RFC 8725 §3.2; RFC 7518 §4.2; RFC 3218",
    ),
    (
        "JWE-P2C-HIGH",
        ("high", "medium"),
        "PBES2 iteration count (p2c) large enough to stall the recipient",
        "Cap p2c where you decrypt (for example at 10,000) and refuse tokens "
        "above it before deriving any key; when you choose p2c yourself, pick "
        "the smallest count your password policy allows.",
        "RFC 7518 §4.8.1.2; RFC 8725 §3.2",
    ),
    (
        "JWE-P2C-LOW",
        ("medium",),
        "PBES2 iteration count (p2c) below 1,000",
        "Use at least 1,000 iterations, and rather a strong random key with "
        "A256KW than a password.",
        "RFC 7518 §4.8.1.2; RFC 8018 §4.2",
    ),
    (
        "JWE-P2S-SHORT",
        ("medium",),
        "PBES2 salt (p2s) missing or shorter than 8 bytes",
        "Give every PBES2 token a fresh random p2s of at least 8 bytes (16 is usual).",
        "RFC 7518 §4.8.1.1; RFC 8018 §4.1",
    ),
    (
        "JWE-EPK-INVALID",
        ("high",),
        "Ephemeral public key (epk) not a valid point on its curve",
        "Have the recipient check that epk is on the expected curve before "
        "the key agreement (every current library does; check yours), and "
        "refuse the token.",
        "RFC 8725 §3.4; RFC 7518 §4.6.1.1",
    ),
    (
        "JWE-EPK-PRIVATE",
        ("high",),
        "Ephemeral key (epk) with its private part",
        "Put only the public members in epk; the sender discards the "
        "ephemeral private key after the key agreement.",
        "RFC 7518 §4.6.1.1; RFC 7517 §4",
    ),
    (
        "JWE-ALG-ENC",
        ("high", "medium"),
        "alg, enc and the header parameters do not fit together",
        "Give a JWE a registered key management alg and content encryption "
        "enc, only the header parameters that alg defines, and configure the "
        "recipient with the pair it expects; a signed token has no enc.",
        "RFC 7516 §4.1.1, §4.1.2; RFC 7518 §4.1, §5.1; RFC 8725 §3.1",
    ),
    (
        "JWE-NESTED-UNSIGNED",
        ("high",),
        "Encrypted token whose nested token is unsigned (alg none)",
        "Sign the inner token before encrypting it, and have recipients verify "
        "the nested signature: encryption alone does not say who made a token, "
        "since anyone holding the recipient's public key can encrypt one.",
        "RFC 7519 §11.2; RFC 8725 §3.2; RFC 7516 §11.5",
    ),
)
