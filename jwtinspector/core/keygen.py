"""Generate fresh keys for signing test tokens.

Every key comes from `secrets` or `cryptography`; sizes follow RFC 7518.
Bad choices raise KeyMaterialError listing the valid ones.
"""

from __future__ import annotations

import secrets
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

from jwtinspector.core import algorithms, mldsa
from jwtinspector.core.algorithms import jose_curve_name
from jwtinspector.core.errors import KeyMaterialError
from jwtinspector.core.key_choices import (
    EC_CURVE_FOR_ALG,
    EC_CURVES,
    EDDSA_ALGS,
    HMAC_SIZES,
    KINDS,
    ML_DSA_ALGS,
    OKP_CURVES,
    RSA_ALGS,
    RSA_SIZES,
    KeyChoice,
    key_choices,
)
from jwtinspector.core.keys import KeyMaterial, key_material

__all__ = [  # the choice tables live in key_choices, which the window imports
    "EC_CURVES",
    "HMAC_SIZES",
    "KINDS",
    "OKP_CURVES",
    "RSA_SIZES",
    "KeyChoice",
    "key_choices",
]


_EC_CLASSES: dict[str, type[ec.EllipticCurve]] = {
    str(jose_curve_name(cls.name)): cls
    for cls in (ec.SECP256R1, ec.SECP384R1, ec.SECP521R1, ec.SECP256K1)
}
_RSA_EXPONENT = 65537  # the only exponent worth using (cryptography's advice)


def _choose(what: str, value: Any, choices: tuple[Any, ...]) -> None:
    if value not in choices:
        listed = ", ".join(str(choice) for choice in choices)
        raise KeyMaterialError(f"Unknown {what} {value!r}: choose one of {listed}.")


def generate_secret(alg: str = "HS256") -> KeyMaterial:
    """A random HMAC secret exactly as long as alg's hash output."""
    _choose("HMAC algorithm", alg, tuple(HMAC_SIZES))
    return key_material(secrets.token_bytes(HMAC_SIZES[alg]), source="generated")


def generate_text_secret(alg: str = "HS256") -> KeyMaterial:
    """A random HMAC secret of printable text (base64url characters).

    It carries as many random bits as :func:`generate_secret` (so it is a
    third longer, and never shorter than alg's hash output).
    """
    _choose("HMAC algorithm", alg, tuple(HMAC_SIZES))
    text = secrets.token_urlsafe(HMAC_SIZES[alg])
    return key_material(text.encode("ascii"), source="generated")


def generate_rsa(bits: int = 2048) -> KeyMaterial:
    _choose("RSA key size", bits, RSA_SIZES)
    private = rsa.generate_private_key(public_exponent=_RSA_EXPONENT, key_size=bits)
    return key_material(private, source="generated")


def generate_ec(curve: str = "P-256") -> KeyMaterial:
    _choose("EC curve", curve, EC_CURVES)
    private = ec.generate_private_key(_EC_CLASSES[curve]())
    return key_material(private, source="generated")


def generate_okp(curve: str = "Ed25519") -> KeyMaterial:
    _choose("OKP curve", curve, OKP_CURVES)
    private: Any
    if curve == "Ed25519":
        private = ed25519.Ed25519PrivateKey.generate()
    else:
        private = ed448.Ed448PrivateKey.generate()
    return key_material(private, source="generated")


def generate_mldsa(alg: str = "ML-DSA-65") -> KeyMaterial:
    """A fresh ML-DSA key pair (its seed is what a JWK's priv holds)."""
    _choose("ML-DSA parameter set", alg, ML_DSA_ALGS)
    if not mldsa.available():
        raise KeyMaterialError(mldsa.UNAVAILABLE)
    return key_material(mldsa.generate(alg), source="generated")


def generate_key(
    kind: str,
    *,
    bits: int | None = None,
    curve: str | None = None,
    alg: str | None = None,
) -> KeyMaterial:
    """One entry point for the UI: kind picks the family, alg may pick the size.

    hmac: alg picks the length (default HS256). rsa: bits (default 2048);
    alg, if given, must be RS*/PS*. ec: curve, or derived from alg (ES256 ->
    P-256 ...). okp: curve (default Ed25519, or the one Ed448 names); alg, if
    given, must be EdDSA, Ed25519 or Ed448 and fit the curve. mldsa: curve or
    alg is the parameter set (default ML-DSA-65).
    Options that do not apply to the kind are refused rather than ignored.
    """
    _choose("key kind", kind, KINDS)
    if bits is not None and kind != "rsa":
        raise KeyMaterialError(f"A key size in bits applies to RSA keys, not {kind}.")
    if curve is not None and kind not in ("ec", "okp", "mldsa"):
        raise KeyMaterialError(f"A curve applies to EC and OKP keys, not {kind}.")
    if kind == "hmac":
        return generate_secret(alg or "HS256")
    if kind == "rsa":
        if alg is not None:
            _choose("RSA algorithm", alg, RSA_ALGS)
        return generate_rsa(2048 if bits is None else bits)
    if kind == "ec":
        return generate_ec(_ec_curve(curve, alg))
    if kind == "mldsa":
        if curve is not None and alg is not None and curve != alg:
            raise KeyMaterialError(f"{alg} needs an {alg} key, not {curve}.")
        return generate_mldsa(alg or curve or "ML-DSA-65")
    if alg is None:
        return generate_okp(curve or "Ed25519")
    _choose("OKP algorithm", alg, EDDSA_ALGS)
    wanted = algorithms.lookup(alg)
    bound = wanted.curve if wanted is not None else None
    if curve is not None and bound is not None and curve != bound:
        raise KeyMaterialError(f"{alg} needs curve {bound}, not {curve}.")
    return generate_okp(curve or bound or "Ed25519")


def _ec_curve(curve: str | None, alg: str | None) -> str:
    if alg is None:
        return curve or "P-256"
    _choose("EC algorithm", alg, tuple(EC_CURVE_FOR_ALG))
    wanted = EC_CURVE_FOR_ALG[alg]
    if curve is not None and curve != wanted:
        raise KeyMaterialError(f"{alg} needs curve {wanted}, not {curve}.")
    return wanted


def key_for_algorithm(alg: str) -> KeyMaterial:
    """A fresh key that fits alg (RSA keys are 2048-bit, EdDSA uses Ed25519)."""
    if alg in HMAC_SIZES:
        return generate_secret(alg)
    if alg in RSA_ALGS:
        return generate_rsa(2048)
    if alg in EC_CURVE_FOR_ALG:
        return generate_ec(EC_CURVE_FOR_ALG[alg])
    if alg in EDDSA_ALGS:
        return generate_key("okp", alg=alg)
    if alg in ML_DSA_ALGS:
        return generate_mldsa(alg)
    choices = (*HMAC_SIZES, *RSA_ALGS, *EC_CURVE_FOR_ALG, *EDDSA_ALGS, *ML_DSA_ALGS)
    raise KeyMaterialError(
        f"Cannot make a key for algorithm {alg!r}: choose one of {', '.join(choices)}."
    )


def generate_choice(choice: KeyChoice, alg: str) -> KeyMaterial:
    """Make the key a :class:`KeyChoice` describes, for alg.

    Raises:
        KeyMaterialError: If the choice does not fit alg.
    """
    if choice not in key_choices(alg):
        raise KeyMaterialError(f"{choice.label} does not fit {alg}.")
    if choice.kind == "hmac":
        return generate_text_secret(alg) if choice.text else generate_secret(alg)
    return generate_key(choice.kind, bits=choice.bits, curve=choice.curve, alg=alg)
