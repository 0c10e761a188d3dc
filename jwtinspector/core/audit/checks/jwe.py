"""Checks of an encrypted token's (JWE's) protected header: the key management
algorithm, PBES2's salt and iteration count, the ephemeral key of ECDH-ES, and
whether alg, enc and the header parameters fit together (RFC 7516, RFC 7518,
RFC 8725). They need no key: the header is readable without one."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from typing import Any

from jwtinspector.core import algorithms
from jwtinspector.core.audit.context import (
    PRIVATE_JWK_MEMBERS,
    Context,
    join_words,
    quoted,
)
from jwtinspector.core.audit.findings import CATALOGUE, Finding
from jwtinspector.core.audit.registry import check

P2C_MINIMUM = 1_000
"""RFC 7518 §4.8.1.2: "A minimum iteration count of 1000 is RECOMMENDED"."""

P2C_CAP = 10_000
"""Above this, p2c is treated as a denial of service: each decryption attempt
runs that many HMAC rounds, at a count the token's author chose."""

P2C_LIBRARY_CAP = 300_000
"""joserfc's default limit: above it common libraries refuse the token, so a
count this large is surely an attack (high) rather than a generous setting."""

P2S_MINIMUM = 8
"""RFC 7518 §4.8.1.1: the salt input "MUST be 8 or more octets"."""

_JWE_ALGS = frozenset(algorithms.JWE_KEY_ALGORITHMS)
_ENCS = frozenset(algorithms.JWE_CONTENT_ENCRYPTIONS)
_JWS_ALGS = frozenset(algorithms.SIGNATURE_ALGORITHMS)

# Which header parameters belong to which key management family (RFC 7518
# §4.6.1, §4.7.1, §4.8.1).
_ECDH, _PBES2, _GCMKW = "ECDH-ES", "PBES2", "AES-GCM key wrap"
_PARAMETER_OWNERS = (
    ("epk", _ECDH, "RFC 7518 §4.6.1.1"),
    ("apu", _ECDH, "RFC 7518 §4.6.1.2"),
    ("apv", _ECDH, "RFC 7518 §4.6.1.3"),
    ("p2s", _PBES2, "RFC 7518 §4.8.1.1"),
    ("p2c", _PBES2, "RFC 7518 §4.8.1.2"),
    ("iv", _GCMKW, "RFC 7518 §4.7.1.1"),
    ("tag", _GCMKW, "RFC 7518 §4.7.1.2"),
)


def _family(alg: str) -> str | None:
    """The key management family whose own header parameters alg takes."""
    if alg.startswith("ECDH-ES"):
        return _ECDH
    if alg.startswith("PBES2-"):
        return _PBES2
    if alg.endswith("GCMKW"):
        return _GCMKW
    return None


def _jwe_alg(ctx: Context) -> str | None:
    """The JWE's alg when it is a string, else None (ALG-MISSING says so)."""
    if not ctx.token.is_encrypted or ctx.token.header is None:
        return None
    alg = ctx.header.get("alg")
    return alg if isinstance(alg, str) else None


@check("jwe", order=401)
def _check_rsa1_5(ctx: Context) -> Iterator[Finding]:
    if _jwe_alg(ctx) != "RSA1_5":
        return
    yield CATALOGUE["JWE-RSA1-5"].finding(
        "RSA1_5 key encryption (RSAES-PKCS1-v1_5)",
        "The content key is encrypted with RSAES-PKCS1-v1_5. A recipient that "
        "reveals in any way (an error message, a timing difference) whether the "
        "padding of a forged token was valid is a padding oracle: Bleichenbacher's "
        "attack then recovers the content key of a captured token, and so its "
        "plaintext, one query at a time. Constant-time countermeasures (RFC 3218) "
        "are easy to get wrong, which is why RFC 8725 advises against RSA1_5.",
        segment="header",
        claim="alg",
    )


def _b64url_bytes(value: Any) -> bytes | None:
    if not isinstance(value, str):
        return None
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


@check("jwe", order=402)
def _check_pbes2(ctx: Context) -> Iterator[Finding]:
    alg = _jwe_alg(ctx)
    if alg is None or not alg.startswith("PBES2-"):
        return
    yield from _p2c_findings(ctx.header.get("p2c"), present="p2c" in ctx.header)
    salt = _b64url_bytes(ctx.header.get("p2s"))
    if "p2s" not in ctx.header or salt is None or len(salt) < P2S_MINIMUM:
        what = (
            "there is no p2s"
            if "p2s" not in ctx.header
            else f"p2s is {quoted(ctx.header['p2s'])}, "
            + (
                "not base64url text"
                if salt is None
                else f"{len(salt)} byte{'s' if len(salt) != 1 else ''}"
            )
        )
        yield CATALOGUE["JWE-P2S-SHORT"].finding(
            "PBES2 salt (p2s) missing or too short",
            f"The header says {alg}, but {what}. The salt makes each token's key "
            f"derivation unique; it must be at least {P2S_MINIMUM} bytes. Without "
            "it, one precomputed table of password guesses serves for every token "
            "made with the same password.",
            segment="header",
            claim="p2s",
        )


def _p2c_findings(p2c: Any, *, present: bool) -> Iterator[Finding]:
    if not present:
        yield CATALOGUE["JWE-P2C-LOW"].finding(
            "No PBES2 iteration count (p2c)",
            "A PBES2 header must give p2c, the PBKDF2 iteration count "
            "(RFC 7518 §4.8.1.2); a recipient cannot derive the key without it, "
            "and one that assumes a small default makes password guessing cheap.",
            segment="header",
            claim="p2c",
        )
        return
    if not isinstance(p2c, int) or isinstance(p2c, bool) or p2c < 1:
        yield CATALOGUE["JWE-P2C-HIGH"].finding(
            f"PBES2 iteration count is not a positive integer: p2c {quoted(p2c)}",
            "p2c must be a positive integer. A recipient that converts other "
            "values (a float, a string, a huge number) may loop for a very long "
            "time or fail in odd ways.",
            segment="header",
            claim="p2c",
        )
    elif p2c > P2C_CAP:
        yield CATALOGUE["JWE-P2C-HIGH"].finding(
            f"PBES2 iteration count p2c {p2c:,} (above {P2C_CAP:,})",
            f"The token's author chooses p2c, and a recipient runs {p2c:,} rounds "
            "of HMAC for every decryption attempt before it can tell whether the "
            "token is genuine: a handful of such tokens keeps a server's processors "
            "busy (denial of service). "
            + (
                f"Above {P2C_LIBRARY_CAP:,}, common JOSE libraries refuse the "
                "token outright."
                if p2c > P2C_LIBRARY_CAP
                else "Some libraries accept counts up to "
                f"{P2C_LIBRARY_CAP:,} by default."
            ),
            severity="high" if p2c > P2C_LIBRARY_CAP else "medium",
            segment="header",
            claim="p2c",
        )
    elif p2c < P2C_MINIMUM:
        yield CATALOGUE["JWE-P2C-LOW"].finding(
            f"PBES2 iteration count p2c {p2c:,} (below {P2C_MINIMUM:,})",
            f"Each password guess costs an attacker only {p2c:,} HMAC rounds; "
            f"RFC 7518 recommends at least {P2C_MINIMUM:,}. Anyone holding the token "
            "can guess the password offline, as fast as their hardware allows.",
            segment="header",
            claim="p2c",
        )


@check("jwe", order=403)
def _check_epk(ctx: Context) -> Iterator[Finding]:
    if not ctx.token.is_encrypted or "epk" not in ctx.header:
        return
    epk = ctx.header["epk"]
    if isinstance(epk, dict):
        private = [name for name in PRIVATE_JWK_MEMBERS if name in epk]
        if private:
            yield CATALOGUE["JWE-EPK-PRIVATE"].finding(
                f"The ephemeral key (epk) carries private members: "
                f"{join_words(private)}",
                "epk is the sender's ephemeral public key. With its private part "
                "in the header, anyone who reads the token can redo the key "
                "agreement with the recipient's public key and decrypt the "
                "content: the encryption protects nothing.",
                segment="header",
                claim="epk",
            )
    problem = _epk_problem(epk)
    if problem is not None:
        yield CATALOGUE["JWE-EPK-INVALID"].finding(
            "The ephemeral public key (epk) is not a valid key",
            f"{problem} A recipient that runs ECDH with a point off its curve "
            "(the invalid-curve attack) can leak its private key a few bits per "
            "token to whoever crafted them.",
            segment="header",
            claim="epk",
        )


def _epk_problem(epk: Any) -> str | None:
    """Why epk is not a usable ECDH public key, or None when it is."""
    from cryptography.hazmat.primitives.asymmetric import x448, x25519
    from jwt.algorithms import ECAlgorithm
    from jwt.exceptions import PyJWTError

    if not isinstance(epk, dict):
        return f"epk is {quoted(epk)}, not a JWK object."
    kty, crv = epk.get("kty"), epk.get("crv")
    ecdh_curves: dict[str, tuple[str, ...]] = {}
    for name, curve_kty in algorithms.ECDH_CURVES:
        ecdh_curves[curve_kty] = (*ecdh_curves.get(curve_kty, ()), name)
    if kty not in ecdh_curves or crv not in ecdh_curves[kty]:
        return (
            f"epk has kty {quoted(kty)} and crv {quoted(crv)}, which is not a "
            "curve for ECDH-ES (EC: P-256, P-384, P-521; OKP: X25519, X448)."
        )
    public = {name: value for name, value in epk.items() if name != "d"}
    okp: Any = x25519.X25519PublicKey if crv == "X25519" else x448.X448PublicKey
    try:
        if kty == "EC":  # PyJWT checks that the point is on the curve
            ECAlgorithm.from_jwk(json.dumps(public))
        else:  # every string of the right length is an X25519/X448 key
            okp.from_public_bytes(_b64url_bytes(public.get("x")) or b"")
    except (PyJWTError, ValueError, TypeError, LookupError, ArithmeticError):
        return (
            f"epk on {quoted(crv)} could not be loaded as a public key: its "
            "coordinates are missing, of the wrong size, or the point is not on "
            "the curve."
        )
    return None


@check("jwe", order=404)
def _check_alg_enc(ctx: Context) -> Iterator[Finding]:
    if ctx.token.header is None:
        return
    if not ctx.token.is_encrypted:
        if "enc" in ctx.header:
            yield _mismatch(
                f"enc {quoted(ctx.header['enc'])} in a signed token's header",
                "enc names a JWE's content encryption (RFC 7516 §4.1.2); in a "
                "signed token (JWS) it means nothing. A token that claims to be "
                "encrypted but is only signed suggests confused software, or an "
                "attempt to make a recipient treat it as the other kind.",
                "medium",
                "enc",
            )
        return
    yield from _enc_findings(ctx)
    alg = _jwe_alg(ctx)
    if alg is None:
        return
    if alg in _JWS_ALGS:
        yield _mismatch(
            f"A signature algorithm ({quoted(alg)}) in an encrypted token",
            f"{quoted(alg)} is a JWS signature algorithm, but this token has the "
            "five parts of a JWE, whose alg names how the content key is managed "
            "(RSA-OAEP-256, ECDH-ES, A256KW, dir...). A recipient that looks alg "
            "up in one table for both kinds may treat the token as the wrong kind.",
            "high",
            "alg",
        )
        return
    if alg not in _JWE_ALGS:
        return  # ALG-MISSING names an unknown alg
    for member, owner, where in _PARAMETER_OWNERS:
        if member in ctx.header and _family(alg) != owner:
            yield _mismatch(
                f"{member} in a {alg} header",
                f"{member} belongs to {owner} ({where}), not to {alg}. A recipient "
                "ignores "
                "it at best; a parameter that does not fit the algorithm suggests "
                "a token edited to try another key management mode.",
                "medium",
                member,
            )
    yield from _encrypted_key_findings(ctx, alg)


def _enc_findings(ctx: Context) -> Iterator[Finding]:
    enc = ctx.header.get("enc")
    if "enc" not in ctx.header:
        yield _mismatch(
            "No enc in an encrypted token's header",
            "A JWE must name its content encryption in enc (RFC 7516 §4.1.2); "
            "without it no recipient can decrypt the token.",
            "high",
            "enc",
        )
    elif enc not in _ENCS:
        yield _mismatch(
            f"Unknown content encryption enc {quoted(enc)}",
            f"enc is {quoted(enc)}, not one of the registered "
            f"{join_words(sorted(_ENCS), 'or')} (names are case-sensitive). "
            "A recipient cannot decrypt it, or falls back to something it was not "
            "configured for.",
            "high",
            "enc",
        )


def _encrypted_key_findings(ctx: Context, alg: str) -> Iterator[Finding]:
    """dir and ECDH-ES derive the content key: the encrypted key must be empty."""
    derived = alg == "dir" or alg == _ECDH  # not ECDH-ES+A*KW, which wraps a key
    if not derived or len(ctx.token.segments) != 5:
        return
    if ctx.token.segments[1].text:
        yield _mismatch(
            f"An encrypted key in a {alg} token",
            f"With {alg} the content key is "
            + ("the shared key itself" if alg == "dir" else "the agreed key")
            + ", so the JWE Encrypted Key must be empty (RFC 7516 §5.1 step 5); "
            "this token's second part is not. A recipient may use that key "
            "instead of the one it should derive.",
            "medium",
            "alg",
        )


def _mismatch(title: str, explanation: str, severity: str, claim: str) -> Finding:
    return CATALOGUE["JWE-ALG-ENC"].finding(
        title, explanation, severity=severity, segment="header", claim=claim
    )


@check("jwe", order=405)
def _check_nested_unsigned(ctx: Context) -> Iterator[Finding]:
    nested = ctx.nested
    if not ctx.token.is_encrypted or nested is None or nested.header is None:
        return
    alg = nested.header.get("alg")
    if isinstance(alg, str) and alg.strip().lower() != "none" and nested.signature:
        return
    yield CATALOGUE["JWE-NESTED-UNSIGNED"].finding(
        "The nested token is unsigned",
        "The token decrypts to a nested token with alg none (or no signature). "
        "Encryption keeps the content secret but does not say who made it: "
        "anyone who has the recipient's public key (or, with a shared key, "
        "anyone who has that key) can encrypt a token of their own. A "
        "recipient that accepts the nested claims without a signature accepts "
        "a forgery.",
        segment="ciphertext",
        claim="alg",
    )
