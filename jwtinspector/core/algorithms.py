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

# Key management modes of JWE (RFC 7516 §2 and RFC 7518 §4.1).
KEY_ENCRYPTION = "key encryption"
KEY_WRAPPING = "key wrapping"
DIRECT = "direct encryption"
KEY_AGREEMENT = "direct key agreement"
KEY_AGREEMENT_WRAP = "key agreement with key wrapping"
PASSWORD = "password-based key wrapping"


@dataclasses.dataclass(frozen=True)
class JweAlgorithm:
    """One JWE key management algorithm (RFC 7518 §4).

    Attributes:
        name: The ``alg`` value.
        mode: How the content key is found (KEY_ENCRYPTION ... PASSWORD above).
        kty: The JWK key types that decrypt it ("RSA", "oct", ("EC", "OKP")),
            empty for a password.
        key_bytes: The size of an oct key (A128KW: 16), else None (dir takes
            the content encryption's key size).
        recommended: False for RSA1_5, which RFC 8725 §3.2 advises against
            (a padding oracle: Bleichenbacher's attack).
        description: The scheme in words.
    """

    name: str
    mode: str
    kty: tuple[str, ...]
    key_bytes: int | None
    recommended: bool
    description: str


@dataclasses.dataclass(frozen=True)
class JweEncryption:
    """One JWE content encryption algorithm, an ``enc`` (RFC 7518 §5).

    Attributes:
        name: The ``enc`` value.
        key_bytes: The content key's size (A128CBC-HS256: 32, half MAC key).
        iv_bytes: The initialization vector's size.
        tag_bytes: The authentication tag's size.
        aead: "AES-CBC then HMAC" (RFC 7518 §5.2, an AEAD made of two parts)
            or "AES-GCM" (a single AEAD primitive, RFC 7518 §5.3).
        recommended: Whether RFC 7518 §5.1 requires or recommends it.
        description: The scheme in words.
    """

    name: str
    key_bytes: int
    iv_bytes: int
    tag_bytes: int
    aead: str
    recommended: bool
    description: str


_ECDH = ("EC", "OKP")


def _kw(
    name: str, mode: str, kty: tuple[str, ...], size: int | None, text: str
) -> JweAlgorithm:
    return JweAlgorithm(name, mode, kty, size, True, text)


JWE_ALGORITHMS = (
    JweAlgorithm(
        "RSA1_5",
        KEY_ENCRYPTION,
        ("RSA",),
        None,
        False,
        "RSAES-PKCS1-v1_5 (padding oracle: RFC 8725 §3.2)",
    ),
    _kw("RSA-OAEP", KEY_ENCRYPTION, ("RSA",), None, "RSAES OAEP with SHA-1"),
    _kw("RSA-OAEP-256", KEY_ENCRYPTION, ("RSA",), None, "RSAES OAEP with SHA-256"),
    _kw("RSA-OAEP-384", KEY_ENCRYPTION, ("RSA",), None, "RSAES OAEP with SHA-384"),
    _kw("RSA-OAEP-512", KEY_ENCRYPTION, ("RSA",), None, "RSAES OAEP with SHA-512"),
    _kw("A128KW", KEY_WRAPPING, ("oct",), 16, "AES Key Wrap with a 128-bit key"),
    _kw("A192KW", KEY_WRAPPING, ("oct",), 24, "AES Key Wrap with a 192-bit key"),
    _kw("A256KW", KEY_WRAPPING, ("oct",), 32, "AES Key Wrap with a 256-bit key"),
    _kw("dir", DIRECT, ("oct",), None, "the shared key is the content key"),
    _kw("ECDH-ES", KEY_AGREEMENT, _ECDH, None, "ECDH-ES with Concat KDF"),
    _kw("ECDH-ES+A128KW", KEY_AGREEMENT_WRAP, _ECDH, None, "ECDH-ES, then A128KW"),
    _kw("ECDH-ES+A192KW", KEY_AGREEMENT_WRAP, _ECDH, None, "ECDH-ES, then A192KW"),
    _kw("ECDH-ES+A256KW", KEY_AGREEMENT_WRAP, _ECDH, None, "ECDH-ES, then A256KW"),
    _kw("A128GCMKW", KEY_WRAPPING, ("oct",), 16, "AES-GCM key wrap, 128-bit key"),
    _kw("A192GCMKW", KEY_WRAPPING, ("oct",), 24, "AES-GCM key wrap, 192-bit key"),
    _kw("A256GCMKW", KEY_WRAPPING, ("oct",), 32, "AES-GCM key wrap, 256-bit key"),
    _kw(
        "PBES2-HS256+A128KW", PASSWORD, (), 16, "PBKDF2 with HMAC SHA-256, then A128KW"
    ),
    _kw(
        "PBES2-HS384+A192KW", PASSWORD, (), 24, "PBKDF2 with HMAC SHA-384, then A192KW"
    ),
    _kw(
        "PBES2-HS512+A256KW", PASSWORD, (), 32, "PBKDF2 with HMAC SHA-512, then A256KW"
    ),
)
"""Every JWE ``alg`` of the IANA JOSE registry that RFC 7518 §4 defines (and
RSA-OAEP-384/512, registered for WebCrypto)."""

JWE_KEY_ALGORITHMS = tuple(alg.name for alg in JWE_ALGORITHMS)
"""The JWE ``alg`` values in the IANA JOSE registry (RFC 7518 §4)."""

_CBC = "AES-CBC then HMAC"
_GCM = "AES-GCM"
JWE_ENCRYPTIONS = (
    JweEncryption(
        "A128CBC-HS256", 32, 16, 16, _CBC, True, "AES-128-CBC with HMAC SHA-256"
    ),
    JweEncryption(
        "A192CBC-HS384", 48, 16, 24, _CBC, True, "AES-192-CBC with HMAC SHA-384"
    ),
    JweEncryption(
        "A256CBC-HS512", 64, 16, 32, _CBC, True, "AES-256-CBC with HMAC SHA-512"
    ),
    JweEncryption("A128GCM", 16, 12, 16, _GCM, True, "AES-128-GCM"),
    JweEncryption("A192GCM", 24, 12, 16, _GCM, True, "AES-192-GCM"),
    JweEncryption("A256GCM", 32, 12, 16, _GCM, True, "AES-256-GCM"),
)
"""Every JWE ``enc`` RFC 7518 §5 defines."""

JWE_CONTENT_ENCRYPTIONS = tuple(enc.name for enc in JWE_ENCRYPTIONS)
"""The ``enc`` names, in the table's order."""

ECDH_CURVES = (
    ("P-256", "EC"),
    ("P-384", "EC"),
    ("P-521", "EC"),
    ("X25519", "OKP"),
    ("X448", "OKP"),
)
"""The curves ECDH-ES agrees keys on (RFC 7518 §6.2.1.1, RFC 8037 §3.2), with kty."""

JWE_ZIP = "DEF"
"""The one ``zip`` value (RFC 7516 §4.1.3): DEFLATE (RFC 1951)."""

_JWE_BY_NAME = {alg.name: alg for alg in JWE_ALGORITHMS}
_ENC_BY_NAME = {enc.name: enc for enc in JWE_ENCRYPTIONS}


def jwe_algorithm(name: object) -> JweAlgorithm | None:
    """The JWE ``alg`` called ``name``, or None if unknown."""
    return _JWE_BY_NAME.get(name) if isinstance(name, str) else None


def jwe_encryption(name: object) -> JweEncryption | None:
    """The JWE ``enc`` called ``name``, or None if unknown."""
    return _ENC_BY_NAME.get(name) if isinstance(name, str) else None


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


HASH_OIDS = {
    "sha1": "1.3.14.3.2.26",
    "sha224": "2.16.840.1.101.3.4.2.4",
    "sha256": "2.16.840.1.101.3.4.2.1",
    "sha384": "2.16.840.1.101.3.4.2.2",
    "sha512": "2.16.840.1.101.3.4.2.3",
}
"""hashlib's name → the hash's object identifier, as an RSA DigestInfo names it
(RFC 8017 Appendix B.1, §9.2 note 1)."""


EDDSA_SIGNATURE_BYTES = {"Ed25519": 64, "Ed448": 114}
"""An EdDSA signature's size on each curve: R then S, half each (RFC 8032
§5.1.6, §5.2.6)."""


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
