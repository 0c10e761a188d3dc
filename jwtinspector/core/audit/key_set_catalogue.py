"""The key-set findings of the audit catalogue, as plain data:
(id, severities, title, advice, reference). ``findings.CATALOGUE`` makes them
catalogue entries; the checks are in ``checks/key_sets.py``, the rule in
``core.keys.sets.ambiguity``."""

KEY_SET_ENTRIES: tuple[tuple[str, tuple[str, ...], str, str, str], ...] = (
    (
        "JWKS-MIXED",
        ("high",),
        "The key set mixes secrets (oct) and asymmetric keys",
        "Keep HMAC secrets and public keys in separate key sets, and bind each "
        "key to one algorithm: a verifier given one mixed set lets the token's "
        "alg choose between a secret and a public key.",
        "RFC 8725 §2.1, §3.1; RFC 7517 §5",
    ),
    (
        "JWKS-DUPLICATE-KID",
        ("medium",),
        "Two keys of the key set share a kid",
        "Give every key of a set its own kid, and rotate to a new kid with a new "
        "key: a kid held twice names no single key, so a verifier either tries "
        "each or picks one at random.",
        "RFC 7517 §4.5; RFC 8725 §3.10",
    ),
)
