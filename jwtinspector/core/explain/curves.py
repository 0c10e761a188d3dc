"""Inside an elliptic-curve signature (ECDSA's r and s, EdDSA's R and S), and
``alg: none``, which has nothing inside.

Display only: the verdict comes from the verification pipeline.
"""

from __future__ import annotations

import dataclasses

from jwtinspector.core.algorithms import (
    EC_CURVE_FOR_ALG,
    EDDSA_SIGNATURE_BYTES,
    FULLY_SPECIFIED_EDDSA,
    curve,
)
from jwtinspector.core.explain.layout import Step, cut, hex_rows, number_text, rfc


@dataclasses.dataclass(frozen=True)
class EcdsaParts:
    """r and s read from a JOSE signature, or from a DER one by mistake.

    Attributes:
        r, s: The two numbers (None when the bytes give neither form).
        der: Whether the bytes are a DER SEQUENCE rather than raw r ‖ s.
    """

    r: int | None
    s: int | None
    der: bool


def ecdsa_parts(signature: bytes, size: int) -> EcdsaParts:
    """r and s: the two halves of a 2×size signature, else a DER encoding's."""
    if len(signature) == 2 * size:
        half = (
            int.from_bytes(signature[:size], "big"),
            int.from_bytes(signature[size:], "big"),
        )
        return EcdsaParts(*half, der=False)
    if signature[:1] == b"\x30":
        from cryptography.hazmat.primitives.asymmetric.utils import (
            decode_dss_signature,
        )

        try:
            r, s = decode_dss_signature(signature)
        except ValueError:
            return EcdsaParts(None, None, der=False)
        return EcdsaParts(r, s, der=True)
    return EcdsaParts(None, None, der=False)


def ecdsa_step(signature: bytes, alg: str) -> Step | None:
    """r and s as numbers, the 0 < r, s < n check, the curve named."""
    name = EC_CURVE_FOR_ALG.get("ES512" if alg == "ES521" else alg)
    found = curve(name) if name else None
    if found is None or found.size is None or found.order is None:
        return None
    size, n = found.size, found.order
    source, url = rfc(7518, "3.4")
    parts = ecdsa_parts(signature, size)
    lines = [f"The curve is {name} (from {alg}); its order n is:", number_text(n)]
    if parts.r is None or parts.s is None:
        lines.append(
            f"The signature has {len(signature)} bytes; {alg} needs exactly "
            f"{2 * size}: r ({size} bytes) then s ({size} bytes). It is neither "
            "that nor a DER encoding: it cannot be an ECDSA signature for this curve."
        )
        return Step("r and s", "\n".join(lines), source, url)
    if parts.der:
        lines.append(
            f"Error: these {len(signature)} bytes start with 30 and are a DER "
            "SEQUENCE of two INTEGERs (what OpenSSL and Java write), not JOSE's "
            f"fixed-length r ‖ s of {2 * size} bytes. RFC 7518 §3.4 requires the "
            "raw form: a conforming verifier rejects this signature. The signer "
            "must convert DER to r ‖ s, each left-padded to "
            f"{size} bytes. The numbers inside:"
        )
    else:
        lines.append(
            f"The {len(signature)} bytes are r ({size} bytes) then s ({size} bytes), "
            "each a big-endian number:"
        )
    for label, value, raw in (
        ("r", parts.r, signature[:size]),
        ("s", parts.s, signature[size:]),
    ):
        inside = "yes" if 0 < value < n else "NO: no valid signature has this"
        shown = format(value, "x") if parts.der else raw.hex()
        lines += [
            f"{label} = {shown}",
            f"  decimal {cut(str(value))}",
            f"  0 < {label} < n: {inside}",
        ]
    lines.append(
        "ECDSA is randomised: each signature uses a fresh secret number, so "
        "signing the same input twice gives another r and s; both verify."
    )
    return Step("r and s", "\n".join(lines), source, url)


def eddsa_step(signature: bytes, alg: str, key_curve: str | None) -> Step:
    """R and S split, with the curve named (RFC 8037 §3.1, RFC 8032 §5.1.6)."""
    source, url = rfc(8037, "3.1")
    sizes = EDDSA_SIGNATURE_BYTES
    if alg in FULLY_SPECIFIED_EDDSA:
        name, how = alg, f"the curve {alg} names"
    elif key_curve in sizes:
        name, how = key_curve, "from the key: EdDSA leaves the curve to the key"
    else:
        by_size = {size: n for n, size in sizes.items()}.get(len(signature))
        name = by_size or " or ".join(sizes)
        how = "from the signature's length (EdDSA leaves the curve to the key)"
    half = sizes.get(name, len(signature)) // 2
    lines = [f"The curve: {name} ({how})."]
    if len(signature) != 2 * half:
        lines.append(
            f"The signature has {len(signature)} bytes; {name} signatures have "
            f"{2 * half}: R ({half}) then S ({half}). It cannot verify."
        )
    lines += [
        f"R ({len(signature[:half])} bytes, an encoded curve point):",
        hex_rows(signature[:half]),
        f"S ({len(signature[half:])} bytes, a number, little-endian):",
        hex_rows(signature[half:]),
        "EdDSA is deterministic: signing the same input with the same key "
        "always gives the same R and S (RFC 8032 §5.1.6).",
    ]
    return Step("R and S", "\n".join(lines), source, url)


def none_step(signature: bytes) -> Step:
    """alg none: no signature, no key, and the token must be rejected."""
    source, url = rfc(8725, "3.1")
    there = (
        "The third part is empty, as it must be."
        if not signature
        else f"Yet the third part holds {len(signature)} bytes, which nothing checks."
    )
    return Step(
        "Nothing to verify",
        "alg none means the token has no signature: there is nothing to check "
        f"and no key is needed. {there} A verifier must reject it unless it was "
        "set up, for this one use, to accept unsigned tokens (RFC 8725 §3.1); "
        "this app never calls it verified.",
        source,
        url,
    )
