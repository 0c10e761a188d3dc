"""The one table of JOSE algorithms: families, hashes, key types, curves, sizes.

Every other module takes its algorithm facts from here (deriving a mapping of
its own shape when it needs one), so a fact is written down once. Pure data and
the standard library only: the window reads it before cryptography is loaded.
"""

from __future__ import annotations

import dataclasses

HMAC = "HMAC"
RSA = "RSA"
RSA_PSS = "RSA-PSS"
EC = "EC"
EDDSA = "EdDSA"
ML_DSA = "ML-DSA"
NONE = "none"

ML_DSA_CRYPTOGRAPHY = "48"
"""The first cryptography release with ML-DSA (FIPS 204), for the messages."""


@dataclasses.dataclass(frozen=True)
class Curve:
    """An elliptic curve a JWS key can be on.

    Attributes:
        name: The JOSE name (RFC 7518 §6.2.1.1, RFC 8812 §3.1, RFC 8037).
        kty: "EC" or "OKP".
        openssl_name: The name cryptography and OpenSSL use ("secp256r1").
        size: Bytes per coordinate (half an ECDSA signature), else None.
        order: The group order n (FIPS 186-4 D.1.2, SEC 2 §2.4.1), for ECDSA.
    """

    name: str
    kty: str
    openssl_name: str
    size: int | None = None
    order: int | None = None


@dataclasses.dataclass(frozen=True)
class Algorithm:
    """One JWS algorithm (RFC 7518 §3, RFC 8037, RFC 8812).

    Attributes:
        name: The ``alg`` value.
        family: HMAC, RSA, RSA-PSS, EC, EdDSA, ML-DSA or none (the constants
            above).
        hash: hashlib's name of the hash ("sha256"), None for EdDSA, ML-DSA
            and none.
        kty: The JWK key type that signs it ("oct", "RSA", "EC", "OKP", "AKP").
        curve: The one curve the algorithm needs (ES256 P-256; RFC 9864's
            fully specified Ed25519 and Ed448 their own curve), for ML-DSA
            its parameter set (the algorithm's own name, which an AKP key
            names in its ``alg``), else None (EdDSA takes either curve).
        min_key_bytes: For HMAC, the smallest key (RFC 7518 §3.2: at least the
            hash output), else None.
        recommended: Whether RFC 7518 §3.1 recommends it (or it is a modern
            choice such as EdDSA); False for weak or unsigned ones.
        description: The scheme in words, e.g. "HMAC with SHA-256".
    """

    name: str
    family: str
    hash: str | None
    kty: str | None
    curve: str | None
    min_key_bytes: int | None
    recommended: bool
    description: str

    @property
    def bits(self) -> int | None:
        """The hash size in bits (256 for HS256), else None."""
        return int(self.hash[3:]) if self.hash else None


CURVES = (
    Curve(
        "P-256",
        "EC",
        "secp256r1",
        32,
        int("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16),
    ),
    Curve(
        "P-384",
        "EC",
        "secp384r1",
        48,
        int(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
            "C7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973",
            16,
        ),
    ),
    Curve(
        "P-521",
        "EC",
        "secp521r1",
        66,
        int(
            "01FF" + "F" * 63 + "A51868783BF2F966B7FCC0148F709A5D"
            "03BB5C9B8899C47AEBB6FB71E91386409",
            16,
        ),
    ),
    Curve(
        "secp256k1",
        "EC",
        "secp256k1",
        32,
        int("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16),
    ),
    Curve("Ed25519", "OKP", "ed25519"),
    Curve("Ed448", "OKP", "ed448"),
)


def _hmac(bits: int) -> Algorithm:
    return Algorithm(
        f"HS{bits}", HMAC, f"sha{bits}", "oct", None, bits // 8, True,
        f"HMAC with SHA-{bits}",
    )  # fmt: skip


def _rsa(prefix: str, family: str, scheme: str, bits: int) -> Algorithm:
    return Algorithm(
        f"{prefix}{bits}", family, f"sha{bits}", "RSA", None, None, True,
        f"{scheme} with SHA-{bits}",
    )  # fmt: skip


def _ecdsa(name: str, curve: str, bits: int, description: str) -> Algorithm:
    return Algorithm(name, EC, f"sha{bits}", "EC", curve, None, True, description)


ALGORITHMS = (
    _hmac(256),
    _hmac(384),
    _hmac(512),
    _rsa("RS", RSA, "RSASSA-PKCS1-v1_5", 256),
    _rsa("RS", RSA, "RSASSA-PKCS1-v1_5", 384),
    _rsa("RS", RSA, "RSASSA-PKCS1-v1_5", 512),
    _rsa("PS", RSA_PSS, "RSASSA-PSS", 256),
    _rsa("PS", RSA_PSS, "RSASSA-PSS", 384),
    _rsa("PS", RSA_PSS, "RSASSA-PSS", 512),
    _ecdsa("ES256", "P-256", 256, "ECDSA with SHA-256"),
    _ecdsa("ES384", "P-384", 384, "ECDSA with SHA-384"),
    _ecdsa("ES512", "P-521", 512, "ECDSA with SHA-512"),
    _ecdsa("ES256K", "secp256k1", 256, "ECDSA on secp256k1 with SHA-256"),
    Algorithm(
        "EdDSA", EDDSA, None, "OKP", None, None, True,
        "Edwards-curve signature (Ed25519 or Ed448)",
    ),
    Algorithm(
        "Ed25519", EDDSA, None, "OKP", "Ed25519", None, True,
        "EdDSA on Ed25519 only (RFC 9864)",
    ),
    Algorithm(
        "Ed448", EDDSA, None, "OKP", "Ed448", None, True,
        "EdDSA on Ed448 only (RFC 9864)",
    ),
    *(
        Algorithm(
            f"ML-DSA-{level}", ML_DSA, None, "AKP", f"ML-DSA-{level}", None, True,
            f"ML-DSA-{level}: post-quantum lattice signature (FIPS 204)",
        )
        for level in (44, 65, 87)
    ),
    Algorithm("none", NONE, None, None, None, None, False, "unsigned: no signature"),
)  # fmt: skip
"""Every JWS algorithm PyJWT supports with cryptography, and ``none``."""

FULLY_SPECIFIED_EDDSA = tuple(
    alg.name for alg in ALGORITHMS if alg.family == EDDSA and alg.curve is not None
)
"""RFC 9864's EdDSA names that say the curve: Ed25519 and Ed448."""

ML_DSA_ALGORITHMS = tuple(alg.name for alg in ALGORITHMS if alg.family == ML_DSA)
"""ML-DSA-44, -65 and -87 (draft-ietf-cose-dilithium): AKP keys."""

JWE_KEY_ALGORITHMS = (
    "RSA1_5", "RSA-OAEP", "RSA-OAEP-256", "RSA-OAEP-384", "RSA-OAEP-512",
    "A128KW", "A192KW", "A256KW", "dir",
    "ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW",
    "A128GCMKW", "A192GCMKW", "A256GCMKW",
    "PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW",
)  # fmt: skip
"""The JWE ``alg`` values in the IANA JOSE registry (RFC 7518 §4)."""

JWE_CONTENT_ENCRYPTIONS = (
    "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512",
    "A128GCM", "A192GCM", "A256GCM",
)  # fmt: skip
"""The JWE ``enc`` values in the IANA JOSE registry (RFC 7518 §5.1)."""

_BY_NAME = {alg.name: alg for alg in ALGORITHMS}
_CURVE_BY_NAME = {curve.name: curve for curve in CURVES}
_CURVE_BY_OPENSSL = {curve.openssl_name: curve for curve in CURVES}

SIGNATURE_ALGORITHMS = tuple(alg.name for alg in ALGORITHMS if alg.family != NONE)
"""The algorithms that sign (``none`` excluded), in the table's order."""

HMAC_MIN_KEY_BYTES = {
    alg.name: alg.min_key_bytes
    for alg in ALGORITHMS
    if alg.family == HMAC and alg.min_key_bytes is not None
}
"""HS256 → 32: an HMAC key's minimum size, which is also its signature's size."""

EC_CURVE_FOR_ALG = {
    alg.name: alg.curve for alg in ALGORITHMS if alg.family == EC and alg.curve
}
"""ES256 → P-256: the one curve each ECDSA algorithm needs."""

EC_ALG_FOR_CURVE = {curve: name for name, curve in EC_CURVE_FOR_ALG.items()}
"""P-256 → ES256."""


def lookup(name: object) -> Algorithm | None:
    """The algorithm called ``name`` (case matters), or None if unknown."""
    return _BY_NAME.get(name) if isinstance(name, str) else None


def names(*families: str) -> tuple[str, ...]:
    """The algorithms of these families, in the table's order."""
    return tuple(alg.name for alg in ALGORITHMS if alg.family in families)


def for_key_type(kty: str) -> tuple[str, ...]:
    """The algorithms a key of this JWK type signs ("oct", "RSA", "EC", "OKP")."""
    return tuple(alg.name for alg in ALGORITHMS if alg.kty == kty)


def for_key(kty: str, curve: str | None) -> tuple[str, ...]:
    """The algorithms a key of this type on this curve signs: an Ed448 key
    EdDSA and Ed448 (never Ed25519), a P-256 key ES256, an ML-DSA-65 key
    ML-DSA-65. For an AKP key ``curve`` is its parameter set."""
    return tuple(
        alg.name
        for alg in ALGORITHMS
        if alg.kty == kty and (alg.curve is None or alg.curve == curve)
    )


def hash_name(alg: str) -> str | None:
    """hashlib's name of alg's hash ("sha256"), None for EdDSA, none or unknown."""
    found = _BY_NAME.get(alg)
    return found.hash if found else None


def curve(name: str) -> Curve | None:
    """The curve with this JOSE name ("P-256", "Ed25519"), else None."""
    return _CURVE_BY_NAME.get(name)


def jose_curve_name(openssl_name: str) -> str | None:
    """ "secp256r1" → "P-256": the JOSE name of a curve cryptography names."""
    found = _CURVE_BY_OPENSSL.get(openssl_name)
    return found.name if found else None


def curve_names(kty: str) -> tuple[str, ...]:
    """The curves of this key type, in the table's order."""
    return tuple(c.name for c in CURVES if c.kty == kty)


def is_signature_algorithm(alg: object) -> bool:
    """Whether alg names a JWS algorithm that signs (not ``none``, not a JWE one)."""
    return isinstance(alg, str) and alg in SIGNATURE_ALGORITHMS


@dataclasses.dataclass(frozen=True)
class SdHash:
    """A hash an SD-JWT's ``_sd_alg`` may name (RFC 9901 §4.1.1; IANA "Named
    Information Hash Algorithm" names).

    Attributes:
        name: The IANA name, e.g. "sha-256".
        hashlib_name: hashlib's name of the underlying hash.
        bits: Bits of the digest kept (truncated hashes keep fewer).
    """

    name: str
    hashlib_name: str
    bits: int

    @property
    def weak(self) -> bool:
        """Below 256 bits, or a broken hash: second preimages get within reach."""
        return self.bits < 256 or self.hashlib_name in ("md5", "sha1")


SD_HASHES: tuple[SdHash, ...] = (
    SdHash("sha-256", "sha256", 256),
    SdHash("sha-384", "sha384", 384),
    SdHash("sha-512", "sha512", 512),
    SdHash("sha3-224", "sha3_224", 224),
    SdHash("sha3-256", "sha3_256", 256),
    SdHash("sha3-384", "sha3_384", 384),
    SdHash("sha3-512", "sha3_512", 512),
    SdHash("sha-256-128", "sha256", 128),
    SdHash("sha-256-120", "sha256", 120),
    SdHash("sha-256-96", "sha256", 96),
    SdHash("sha-256-64", "sha256", 64),
    SdHash("sha-256-32", "sha256", 32),
    # Not in the registry, but seen: recognised so the audit can name them.
    SdHash("sha-1", "sha1", 160),
    SdHash("md5", "md5", 128),
)
SD_DEFAULT_HASH = "sha-256"
"""What ``_sd_alg`` means when it is absent (RFC 9901 §4.1.1)."""

_SD_HASH_BY_NAME = {h.name: h for h in SD_HASHES}


def sd_hash(name: object) -> SdHash | None:
    """The SD-JWT hash called ``name`` (IANA names are lower case), else None."""
    return _SD_HASH_BY_NAME.get(name) if isinstance(name, str) else None
