"""The SD-JWT findings (RFC 9901) of the audit catalogue, as plain data:
(id, severities, title, advice, reference). ``findings.CATALOGUE`` makes them
catalogue entries; the checks are in ``checks/sd_jwt.py``."""

SD_JWT_ENTRIES: tuple[tuple[str, tuple[str, ...], str, str, str], ...] = (
    (
        "SD-DIGEST-UNMATCHED",
        ("high",),
        "A disclosure that matches no digest (SD-JWT)",
        "Reject the SD-JWT: every disclosure must hash to a digest in the "
        "issuer-signed payload, or it was not issued with it (RFC 9901 §7.1).",
        "RFC 9901 §7.1",
    ),
    (
        "SD-DUPLICATE",
        ("high",),
        "A digest or disclosure given twice (SD-JWT)",
        "Reject an SD-JWT in which a digest appears more than once, and present "
        "each disclosure once.",
        "RFC 9901 §7.1",
    ),
    (
        "SD-CLAIM-CONFLICT",
        ("high",),
        "A disclosure that overrides a claim or uses a reserved name (SD-JWT)",
        "Reject the SD-JWT: a disclosed claim may not already exist in its "
        "object, may not be named _sd or ..., and must be of the kind its digest "
        "stands for.",
        "RFC 9901 §4.2.1, §7.1",
    ),
    (
        "SD-DISCLOSURE-MALFORMED",
        ("medium",),
        "A disclosure that cannot be read (SD-JWT)",
        "Encode each disclosure as base64url of a JSON array [salt, name, value] "
        "or [salt, value]; a verifier rejects the SD-JWT otherwise.",
        "RFC 9901 §4.2",
    ),
    (
        "SD-ALG-UNKNOWN",
        ("high",),
        "Unknown _sd_alg (SD-JWT)",
        "Use a hash from the IANA Named Information registry, such as sha-256; "
        "a verifier cannot check digests of a hash it does not know.",
        "RFC 9901 §4.1.1",
    ),
    (
        "SD-ALG-WEAK",
        ("medium",),
        "Weak or truncated _sd_alg (SD-JWT)",
        "Use sha-256 or stronger: a short or broken digest lets a holder find a "
        "second disclosure with the same digest.",
        "RFC 9901 §4.1.1, §9.5",
    ),
    (
        "SD-SALT-SHORT",
        ("medium",),
        "A disclosure salt shorter than 128 bits (SD-JWT)",
        "Give every disclosure a fresh salt of at least 128 bits from a secure "
        "random source, so undisclosed values cannot be guessed from their digests.",
        "RFC 9901 §9.3",
    ),
    (
        "SD-VALIDITY-DISCLOSABLE",
        ("high",),
        "A validity claim made selectively disclosable (SD-JWT)",
        "Keep iss, exp, nbf and cnf in the issuer-signed payload: a holder must "
        "not be able to withhold what decides whether the SD-JWT is valid.",
        "RFC 9901 §9.7",
    ),
    (
        "SD-KB-MISSING",
        ("medium",),
        "No Key Binding JWT where the issuer bound a holder key (SD-JWT)",
        "A verifier that relies on the holder key in cnf must require a Key "
        "Binding JWT, or anyone who copies the SD-JWT can present it.",
        "RFC 9901 §4.3, §9.5",
    ),
)
