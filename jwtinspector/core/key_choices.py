"""Which keys can be generated for an algorithm: sizes, curves, menu labels.

Pure data and stdlib only, so the window can fill its Generate key menu
without importing cryptography before its first paint; ``keygen`` makes them.
"""

from __future__ import annotations

import dataclasses
import math

from jwtinspector.core import algorithms

HMAC_SIZES = algorithms.HMAC_MIN_KEY_BYTES  # RFC 7518 §3.2: ≥ hash output
RSA_SIZES = (2048, 3072, 4096)
EC_CURVES = algorithms.curve_names("EC")
OKP_CURVES = algorithms.curve_names("OKP")
KINDS = ("hmac", "rsa", "ec", "okp", "mldsa")

EC_CURVE_FOR_ALG = algorithms.EC_CURVE_FOR_ALG
RSA_ALGS = algorithms.names(algorithms.RSA, algorithms.RSA_PSS)
EDDSA_ALGS = algorithms.names(algorithms.EDDSA)
ML_DSA_ALGS = algorithms.ML_DSA_ALGORITHMS


@dataclasses.dataclass(frozen=True)
class KeyChoice:
    """One kind of key the window offers to generate for an algorithm.

    Attributes:
        label: The menu text, e.g. "RSA 3072-bit key pair".
        kind: One of :data:`KINDS`.
        bits: The RSA size, else None.
        curve: The EC or OKP curve, the ML-DSA parameter set, else None.
        text: For an HMAC secret: printable text instead of random bytes
            (shown as UTF-8 text rather than base64url).
    """

    label: str
    kind: str
    bits: int | None = None
    curve: str | None = None
    text: bool = False


def key_choices(alg: str) -> tuple[KeyChoice, ...]:
    """The keys that fit alg, the one-click default first (() for none/unknown)."""
    if alg in HMAC_SIZES:
        size = HMAC_SIZES[alg]
        chars = math.ceil(size * 4 / 3)
        return (
            KeyChoice(f"HMAC secret, {size} random bytes (base64url)", "hmac"),
            KeyChoice(f"HMAC secret, {chars} characters of text", "hmac", text=True),
        )
    if alg in RSA_ALGS:
        return tuple(
            KeyChoice(f"RSA {bits}-bit key pair", "rsa", bits=bits)
            for bits in RSA_SIZES
        )
    if alg in EC_CURVE_FOR_ALG:
        curve = EC_CURVE_FOR_ALG[alg]
        return (KeyChoice(f"EC {curve} key pair", "ec", curve=curve),)
    if alg in EDDSA_ALGS:  # EdDSA takes either curve, Ed448 only its own
        return tuple(
            KeyChoice(f"{curve} key pair", "okp", curve=curve)
            for curve in OKP_CURVES
            if alg in algorithms.for_key("OKP", curve)
        )
    if alg in ML_DSA_ALGS:
        return (KeyChoice(f"{alg} key pair", "mldsa", curve=alg),)
    return ()
