"""The alg header and the signature's form: none, missing or unknown algorithms,
stripped signatures, psychic and DER ECDSA signatures, non-canonical base64url."""

from __future__ import annotations

from collections.abc import Iterator

from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from jwtinspector.core import algorithms
from jwtinspector.core.audit.context import (
    Context,
    quoted,
)
from jwtinspector.core.audit.findings import CATALOGUE, Finding
from jwtinspector.core.audit.registry import check
from jwtinspector.core.text import b64url_encode

_JWS_ALGORITHMS = frozenset({*algorithms.SIGNATURE_ALGORITHMS, "none"})
# IANA JOSE registry, with RFC 9864's fully specified EdDSA names and ML-DSA
_JWE_ALGORITHMS = frozenset(algorithms.JWE_KEY_ALGORITHMS)


@check("algorithm", order=10)
def _check_alg(ctx: Context) -> Iterator[Finding]:
    if ctx.token.header is None:
        return
    if ctx.unsigned:
        yield from _alg_none(ctx)
        return
    if "alg" not in ctx.header:
        yield _alg_missing("No alg in the header", "The header has no alg member.")
        return
    alg = ctx.header["alg"]
    if not isinstance(alg, str):
        yield _alg_missing(
            "alg is not a string", f"alg is {quoted(alg)}, not a string."
        )
    elif not alg:
        yield _alg_missing("alg is empty", 'alg is "", which names no algorithm.')
    elif alg == "ES521":
        yield _alg_missing(
            '"ES521" is not a registered algorithm',
            'PyJWT accepts "ES521" as an alias, but ECDSA with P-521 and SHA-512 '
            'is registered as "ES512"; other libraries reject the token.',
        )
    elif alg not in (_JWE_ALGORITHMS if ctx.token.is_encrypted else _JWS_ALGORITHMS):
        if ctx.token.is_encrypted and alg in _JWS_ALGORITHMS:
            return  # JWE-ALG-ENC names a signature algorithm in a JWE
        yield _alg_missing(
            f"Unknown algorithm {quoted(alg)}",
            f"{quoted(alg)} is not in the IANA JOSE algorithm registry (names are "
            'case-sensitive: "hs256" is not "HS256").',
        )


def _alg_missing(title: str, first: str) -> Finding:
    return CATALOGUE["ALG-MISSING"].finding(
        title,
        f"{first} Every JWS header must name its algorithm from the registry "
        "(RFC 7515 §4.1.1). When the name is missing or unknown, verifiers "
        "disagree on how to check the token: some fail, some fall back to a "
        "default, and a careless one skips the check.",
        segment="header",
        claim="alg",
    )


def _alg_none(ctx: Context) -> Iterator[Finding]:
    alg = ctx.header.get("alg")
    variant = "" if alg == "none" else f" (written {quoted(alg)})"
    # A DPoP proof gets no finding of its own for none (DPOP-ALG is for HMAC):
    # ALG-NONE says it, with what it means for a proof.
    proof = ctx.typ == "dpop+jwt"
    dpop = (
        " A DPoP proof must be signed with an asymmetric algorithm and the private "
        "key of its jwk (RFC 9449 §4.2, §4.3): an unsigned proof proves possession "
        "of no key at all, so it binds nothing."
        if proof
        else ""
    )
    dpop_reference = "; RFC 9449 §4.3" if proof else ""
    if ctx.token.signature:
        yield CATALOGUE["ALG-NONE"].finding(
            f"alg is {quoted(alg)} but a signature is present",
            "An unsecured token must have an empty signature (RFC 7518 §3.6). "
            "One that says none yet carries signature bytes was altered: typically "
            "someone switched alg to none and left the old signature in place, "
            "hoping the verifier skips the check because the header says so"
            f"{variant}.{dpop}",
            severity="high",
            advice="Reject tokens whose alg is none in any spelling. Verify with the "
            "algorithm you configured (RFC 8725 §3.1), never the token's own.",
            reference=f"RFC 8725 §2.1, §3.2; RFC 7518 §3.6{dpop_reference}",
            segment="header",
            claim="alg",
        )
        return
    yield CATALOGUE["ALG-NONE"].finding(
        f"Unsigned token: alg is {quoted(alg)}",
        "The header declares the token unsigned, and the signature is empty. "
        "Nothing proves who made it or that the claims are unchanged: anyone can "
        "write any claims and produce an equally 'valid' token. Libraries that "
        "let the token choose its algorithm accepted such tokens as genuine (the "
        "2015 'alg none' vulnerabilities), and spellings such as None, NONE or "
        f"'none ' slipped past case-sensitive filters{variant}.{dpop}",
        advice="Reject unsigned tokens. Verify with an algorithm list you choose, "
        'never with "none" in it and never taken from the header (RFC 8725 §3.1).',
        reference=f"RFC 8725 §2.1, §3.2; RFC 7518 §3.6; RFC 7519 §6{dpop_reference}",
        segment="header",
        claim="alg",
    )


@check("algorithm", order=20)
def _check_empty_signature(ctx: Context) -> Iterator[Finding]:
    if not ctx.is_jws or ctx.unsigned or ctx.token.signature != b"":
        return
    alg = ctx.alg or "its algorithm"
    yield CATALOGUE["SIG-EMPTY"].finding(
        "Empty signature: the signature was stripped",
        f"The header says {alg}, but the signature segment is empty. Nothing "
        "vouches for the claims; a verifier that treats a missing signature as "
        "'nothing to check' accepts whatever the token says.",
        segment="signature",
    )


# ECDSA: (curve name, bytes per coordinate, group order n).
_ECDSA = {
    name: (curve.name, curve.size, curve.order)
    for name, curve_name in algorithms.EC_CURVE_FOR_ALG.items()
    if (curve := algorithms.curve(curve_name)) is not None
    and curve.size is not None
    and curve.order is not None
}


@check("algorithm", order=80)
def _check_ecdsa(ctx: Context) -> Iterator[Finding]:
    alg = "ES512" if ctx.alg == "ES521" else ctx.alg
    signature = ctx.token.signature
    if not ctx.is_jws or alg not in _ECDSA or not signature:
        return
    curve, size, order = _ECDSA[alg]
    der = False
    if len(signature) == 2 * size:
        r = int.from_bytes(signature[:size], "big")
        s = int.from_bytes(signature[size:], "big")
    else:
        try:
            r, s = decode_dss_signature(signature)
            der = True
        except ValueError:
            yield _ecdsa_format(
                alg,
                f"ECDSA signature is {len(signature)} bytes; {alg} needs {2 * size}",
                f"This one is {len(signature)} bytes: truncated, padded, or made "
                "for another curve.",
                size,
            )
            return
    bad = [name for name, value in (("r", r), ("s", s)) if not 0 < value < order]
    if bad:
        which = " and ".join(
            f"{name} is {'zero' if value == 0 else 'not below the curve order'}"
            for name, value in (("r", r), ("s", s))
            if name in bad
        )
        yield CATALOGUE["ECDSA-PSYCHIC"].finding(
            "ECDSA signature with r or s out of range (psychic signature)",
            f"For {alg} ({curve}) the signature's halves r and s must both lie "
            f"between 1 and the curve order minus 1; here {which}"
            f"{' (DER-encoded)' if der else ''}. No signer produces this. It is "
            "the CVE-2022-21449 'psychic signature': Java 15 to 18 accepted "
            "r = s = 0 as a valid signature of any message under any key.",
            segment="signature",
        )
    elif der:
        yield _ecdsa_format(
            alg,
            "ECDSA signature is DER-encoded, not raw r‖s",
            "This one is an ASN.1 DER structure, the default output of OpenSSL "
            "and Java: strict verifiers reject it, and lenient ones that accept "
            "both formats are easier to trick with crafted encodings.",
            size,
        )


def _ecdsa_format(alg: str, title: str, detail: str, size: int) -> Finding:
    return CATALOGUE["ECDSA-FORMAT"].finding(
        title,
        f"A JWS stores an ECDSA signature as r and s side by side, {size} bytes "
        f"each for {alg} ({2 * size} bytes in all; RFC 7518 §3.4). {detail}",
        segment="signature",
    )


@check("algorithm", order=90)
def _check_encoding(ctx: Context) -> Iterator[Finding]:
    for segment in ctx.token.segments:
        if segment.data is None:
            continue
        body = segment.text.rstrip("=")
        padded = len(body) != len(segment.text)
        canonical = b64url_encode(segment.data)
        if not padded and canonical == body:
            continue
        title = (
            f"'=' padding in the {segment.name} segment"
            if padded
            else f"Non-canonical base64url in the {segment.name} segment"
        )
        yield CATALOGUE["SIG-ENCODING"].finding(
            title,
            "Compact tokens use base64url without '=' padding (RFC 7515 §2), so "
            "each value has exactly one encoding. Padding, or unused bits that are "
            "not zero, give other strings for the same bytes: the token string no "
            "longer identifies one token (caches, replay and deny lists keyed on "
            "it miss the variant), and libraries disagree on accepting it.",
            segment=segment.name,
        )
