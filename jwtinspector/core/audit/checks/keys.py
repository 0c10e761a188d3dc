"""Checks that need the key or a guessed secret: weak HMAC secrets, short
secrets, algorithm confusion, keys that do not fit the algorithm, weak keys."""

from __future__ import annotations

import base64
import hmac
import json
from collections.abc import Iterator

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

from jwtinspector.core import crack, mldsa
from jwtinspector.core.algorithms import HMAC_MIN_KEY_BYTES
from jwtinspector.core.audit.context import (
    Context,
    describe_key,
    leaf_certificate,
    quoted,
    show_secret,
)
from jwtinspector.core.audit.findings import CATALOGUE, Finding
from jwtinspector.core.audit.registry import check
from jwtinspector.core.certs import certificates_in as certificates_in
from jwtinspector.core.errors import InspectorError
from jwtinspector.core.keys import (
    KeyMaterial,
    key_material,
    public_of,
    to_jwk,
)
from jwtinspector.core.verify import (
    SUPPORTED_ALGORITHMS,
)


def weak_secret_finding(secret: bytes, alg: str, source: str) -> Finding:
    """The critical finding for an HMAC secret that was guessed.

    Args:
        secret: The secret that reproduces the signature.
        alg: HS256, HS384 or HS512.
        source: Where it was found, e.g. "the built-in list of weak secrets".
    """
    size = HMAC_MIN_KEY_BYTES.get(alg, 32)
    return CATALOGUE["WEAK-SECRET"].finding(
        f"The HMAC secret was guessed: {quoted(show_secret(secret))}",
        f"The {alg} signature was reproduced with the secret "
        f"{quoted(show_secret(secret))}, taken from {source}. Such lists are public: "
        "anyone holding one token can find the secret offline in seconds and then "
        'sign any claims they like (for example "admin": true), so the signature '
        "proves nothing. Human-chosen and placeholder secrets are exactly what "
        "RFC 8725 forbids as HMAC keys.",
        advice=f"Replace the secret with at least {size} random bytes (for example "
        f"'openssl rand -base64 {size}'), keep it out of source code, and treat "
        "every token signed with the old secret as compromised.",
        segment="signature",
        secret=secret.decode("ascii") if secret.isascii() else None,
    )


@check("keys", order=30)
def _check_weak_secret(ctx: Context) -> Iterator[Finding]:
    alg = ctx.alg
    if alg not in crack.HMAC_DIGESTS or not ctx.is_jws:
        return
    weak = set(crack.builtin_candidates())
    if ctx.options.check_weak_secrets and ctx.scan_fits:
        try:
            result = crack.scan_builtin(ctx.token)
        except InspectorError:
            result = None
        if result is not None and result.found is not None:
            yield weak_secret_finding(
                result.found, alg, "the built-in list of known weak secrets"
            )
            return
    signature = ctx.token.signature or b""
    digest = crack.HMAC_DIGESTS[alg]
    for key in ctx.keys:
        if key.kty != "oct" or key.key not in weak:
            continue
        # Say "reproduced" only when this secret really made this signature.
        mac = hmac.digest(key.key, ctx.token.signing_input, digest)
        if signature and hmac.compare_digest(mac, signature):
            yield weak_secret_finding(
                key.key, alg, "your key, which is in the built-in list of weak secrets"
            )
        else:
            yield _weak_key_supplied(key.key, alg)
        return


def _weak_key_supplied(secret: bytes, alg: str) -> Finding:
    """A weak secret the user gave that did not make this token's signature."""
    size = HMAC_MIN_KEY_BYTES.get(alg, 32)
    shown = quoted(show_secret(secret))
    return CATALOGUE["WEAK-SECRET-KEY"].finding(
        f"Your key {shown} is a known weak secret (it did not sign this token)",
        f"The secret you supplied, {shown}, is in the built-in list of weak and "
        f"placeholder secrets, but it does not reproduce this token's {alg} "
        "signature: the token was signed with another secret. A verifier or "
        "issuer that does use this secret accepts tokens anyone can make, since "
        "such lists are public.",
        advice=f"Use the issuer's real secret to check this token, and never configure "
        f"a listed secret anywhere: use at least {size} random bytes (for example "
        f"'openssl rand -base64 {size}').",
        segment="signature",
    )


@check("keys", order=60)
def _check_hmac_key_length(ctx: Context) -> Iterator[Finding]:
    alg = ctx.alg
    if alg not in HMAC_MIN_KEY_BYTES:
        return
    need = HMAC_MIN_KEY_BYTES[alg]
    for key in ctx.keys:
        if key.kty == "oct" and len(key.key) < need:
            yield CATALOGUE["HMAC-KEY-SHORT"].finding(
                f"HMAC secret is {len(key.key)} bytes; {alg} needs at least {need}",
                f"RFC 7518 §3.2 requires an {alg} key at least as long as the hash "
                f"output, {need} bytes. A shorter secret, above all a word or a "
                "phrase, can be brute-forced offline from a single token.",
                advice=f"Generate a random secret of at least {need} bytes "
                f"('openssl rand -base64 {need}').",
                segment="signature",
            )
            return


@check("keys", order=40)
def _check_algorithm_confusion(ctx: Context) -> Iterator[Finding]:
    alg = ctx.alg
    if alg not in crack.HMAC_DIGESTS or not ctx.is_jws:
        return
    if any(key.kty == "oct" for key in ctx.keys):
        return  # a key set that also holds secrets: HS* is expected
    asymmetric = [key for key in ctx.keys if key.kty != "oct"]
    header_certificate = leaf_certificate(ctx.header.get("x5c"))
    if not asymmetric and header_certificate is None:
        return
    signature = ctx.token.signature or b""
    digest = crack.HMAC_DIGESTS[alg]
    for what, data in _confusion_secrets(ctx, asymmetric, header_certificate):
        mac = hmac.digest(data, ctx.token.signing_input, digest)
        if signature and hmac.compare_digest(mac, signature):
            yield CATALOGUE["ALG-CONFUSION-FORGED"].finding(
                "Forged by algorithm confusion: public key material is the HMAC secret",
                f"The signature is the {alg} HMAC of this token computed with "
                f"{what} as the secret. Public keys and certificates are public, "
                "so whoever made this token needed no secret at all; a verifier "
                "that takes the algorithm from the header and hands it the public "
                "key accepts it as genuine (the RS256-to-HS256 key-confusion "
                "attack).",
                segment="signature",
                claim="alg",
            )
            return
    if not asymmetric:
        return  # only the token's own x5c was tried; X5C-UNVALIDATED covers it
    yield CATALOGUE["ALG-CONFUSION"].finding(
        f"{alg} token, but your key is asymmetric (algorithm confusion)",
        f"The token asks to be checked with HMAC, a shared-secret algorithm, "
        f"while the key you have for it is an {describe_key(asymmetric[0])}. If a "
        "verifier lets the token pick the algorithm, it uses the public key's "
        "bytes as the HMAC secret, and since the public key is public anyone can "
        "mint tokens that pass. None of the usual encodings of your key (PEM, "
        "PEM without its BEGIN/END lines, DER, PKCS#1, OpenSSH, JWK, or the "
        "certificate) reproduces this signature, so this token was not forged "
        "that way with this key: it is an attempt at the attack, or it was made "
        "for another key.",
        segment="header",
        claim="alg",
    )


def _confusion_secrets(
    ctx: Context,
    asymmetric: list[KeyMaterial],
    header_certificate: x509.Certificate | None,
) -> Iterator[tuple[str, bytes]]:
    """(description, bytes) of every public encoding a forger might have used."""
    for key in asymmetric:
        for variant, data in _public_key_variants(key):
            yield f"the {variant} of your {describe_key(key)}", data
    for der in ctx.options.certificates:
        try:
            certificate = x509.load_der_x509_certificate(der)
        except ValueError:
            continue
        for variant, data in _certificate_variants(certificate):
            yield f"the {variant} of your certificate", data
    if header_certificate is not None:
        where = "the certificate in the token's x5c header"
        for variant, data in _certificate_variants(header_certificate):
            yield f"the {variant} of {where}", data
        try:
            leaf_key = key_material(header_certificate.public_key(), source="x5c")
        except (InspectorError, TypeError, ValueError):
            return  # a key type this app does not handle (DSA, X25519, …)
        for variant, data in _public_key_variants(leaf_key):
            yield f"the {variant} of the key in {where}", data


def _certificate_variants(certificate: x509.Certificate) -> Iterator[tuple[str, bytes]]:
    """A certificate's DER (what x5c holds, base64), PEM and armourless PEM."""
    der = certificate.public_bytes(serialization.Encoding.DER)
    yield "DER", der
    yield "base64 DER (the x5c form)", base64.b64encode(der)
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    yield "PEM", pem
    yield "PEM without its final newline", pem.rstrip(b"\n")
    yield from _armourless("PEM", pem)


def _armourless(name: str, pem: bytes) -> Iterator[tuple[str, bytes]]:
    """The base64 body of a PEM block without BEGIN/END lines: PyJWT's PEM guard
    does not recognise it, so it is accepted as an HMAC secret."""
    lines = [line for line in pem.splitlines() if not line.startswith(b"-----")]
    body = b"\n".join(lines)
    yield f"{name} body without its BEGIN/END lines", body
    yield f"{name} body without its BEGIN/END lines, with a final newline", body + b"\n"
    yield f"{name} body on one line", b"".join(lines)


def _public_key_variants(key: KeyMaterial) -> Iterator[tuple[str, bytes]]:
    """The byte strings an attacker might have used as the HMAC secret."""
    public = public_of(key).key
    encodings = serialization.Encoding
    formats = serialization.PublicFormat
    pem = public.public_bytes(encodings.PEM, formats.SubjectPublicKeyInfo)
    yield "PEM (SubjectPublicKeyInfo)", pem
    yield "PEM without its final newline", pem.rstrip(b"\n")
    yield "PEM with CRLF line ends", pem.replace(b"\n", b"\r\n")
    yield from _armourless("PEM", pem)
    yield (
        "DER (SubjectPublicKeyInfo)",
        public.public_bytes(encodings.DER, formats.SubjectPublicKeyInfo),
    )
    if isinstance(public, rsa.RSAPublicKey):
        pkcs1 = public.public_bytes(encodings.PEM, formats.PKCS1)
        yield "PKCS#1 PEM", pkcs1
        yield "PKCS#1 PEM without its final newline", pkcs1.rstrip(b"\n")
        yield from _armourless("PKCS#1 PEM", pkcs1)
        yield "PKCS#1 DER", public.public_bytes(encodings.DER, formats.PKCS1)
        modulus = public.public_numbers().n
        yield "modulus bytes", modulus.to_bytes((modulus.bit_length() + 7) // 8, "big")
    elif isinstance(public, ec.EllipticCurvePublicKey):
        yield (
            "uncompressed point",
            public.public_bytes(encodings.X962, formats.UncompressedPoint),
        )
    elif isinstance(public, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
        yield "raw public key", public.public_bytes(encodings.Raw, formats.Raw)
    elif mldsa.parameter_set(public) is not None:
        yield "raw public key", public.public_bytes_raw()
    try:
        ssh = public.public_bytes(encodings.OpenSSH, formats.OpenSSH)
    except ValueError:  # curves OpenSSH has no name for, such as secp256k1
        pass
    else:
        yield "OpenSSH public key line", ssh
        yield "OpenSSH public key line with a newline", ssh + b"\n"
    jwk = to_jwk(public_of(key))
    yield "JWK JSON", json.dumps(jwk).encode()
    yield "compact JWK JSON", json.dumps(jwk, separators=(",", ":")).encode()


@check("keys", order=50)
def _check_key_fit(ctx: Context) -> Iterator[Finding]:
    alg = ctx.alg
    if not ctx.keys or alg not in SUPPORTED_ALGORITHMS or not ctx.is_jws:
        return
    if alg in crack.HMAC_DIGESTS and all(key.kty != "oct" for key in ctx.keys):
        return  # reported as algorithm confusion
    if any(alg in key.algorithms for key in ctx.keys):
        return
    key = ctx.keys[0]
    fits = ", ".join(key.algorithms) or "no algorithm (its JWK alg is unusable)"
    what = (
        "any key of your key set" if len(ctx.keys) > 1 else f"your {describe_key(key)}"
    )
    yield CATALOGUE["ALG-KEY-MISMATCH"].finding(
        f"The token says {alg}, which does not fit {what}",
        f"Your {describe_key(key)} fits {fits}. Each key should be used with exactly "
        "one algorithm; a token naming another was made for a different key or "
        "tests whether the verifier lets the header choose the algorithm.",
        segment="header",
        claim="alg",
    )


@check("keys", order=70)
def _check_weak_key(ctx: Context) -> Iterator[Finding]:
    # cryptography refuses RSA exponents that are even or below 3, so only the
    # size is left to check here.
    for key in ctx.keys:
        if key.kty != "RSA" or key.size >= 2048:
            continue
        yield CATALOGUE["WEAK-KEY"].finding(
            f"RSA key of only {key.size} bits",
            "RSA keys shorter than 2048 bits can be factored with enough "
            "computing power, after which anyone can sign tokens; JWA requires "
            "at least 2048 bits for RS* and PS*.",
        )
