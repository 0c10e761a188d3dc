"""Keys and certificates that prove nothing or no longer prove anything: an
RSA modulus with the ROCA fingerprint, a certificate out of its dates, and an
x5t thumbprint that names another certificate than the token's x5c."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cryptography import x509

from jwtinspector.core import certs
from jwtinspector.core.audit.context import Context, bare, describe_key
from jwtinspector.core.audit.findings import CATALOGUE, Finding
from jwtinspector.core.audit.registry import check
from jwtinspector.core.errors import KeyMaterialError
from jwtinspector.core.keys.roca import roca_key


@check("keys", order=75)
def _check_roca(ctx: Context) -> Iterator[Finding]:
    for where, key in _rsa_keys(ctx):
        if roca_key(key):
            yield CATALOGUE["ROCA-KEY"].finding(
                f"{where} has the ROCA weakness (CVE-2017-15361)",
                f"The modulus of {where} has the fingerprint of the flawed RSA "
                "key generator of Infineon's RSALib (smart cards, TPMs and "
                "security tokens made 2012-2017). Its primes have a structure "
                "that lets anyone compute the private key from the public key, "
                "so whoever wants to can sign tokens that verify with it. This "
                "app refuses to verify with such a key.",
                segment="signature",
            )
            return


def _rsa_keys(ctx: Context) -> Iterator[tuple[str, Any]]:
    """(what it is, the cryptography key) of each RSA key the audit sees."""
    for key in ctx.keys:
        if key.kty == "RSA":
            yield f"your {describe_key(key)}", key.key
    leaf = _x5c_chain(ctx.header.get("x5c"))[:1]
    for certificate in leaf:
        yield "the key of the certificate in the token's x5c", certificate.public_key()


def _x5c_chain(x5c: Any) -> tuple[x509.Certificate, ...]:
    if x5c is None:
        return ()
    try:
        return certs.load_x5c(x5c)
    except KeyMaterialError:
        return ()  # X5C-UNVALIDATED says it cannot be read


@check("header keys", order=145)
def _check_certificate_dates(ctx: Context) -> Iterator[Finding]:
    given = []
    for der in ctx.options.certificates:
        try:
            given.append(x509.load_der_x509_certificate(der))
        except ValueError:
            continue
    places = [
        *(("the token's x5c", cert) for cert in _x5c_chain(ctx.header.get("x5c"))),
        *(("your key", cert) for cert in given),
    ]
    for where, certificate in places:
        problem = certs.date_problem(certificate, now=ctx.now)
        if not problem:
            continue
        subject = bare(certificate.subject.rfc4514_string()) or "(empty subject)"
        yield CATALOGUE["CERT-DATES"].finding(
            f"Certificate {subject} in {where} {problem.split(' (')[0]}",
            f"The certificate {subject} in {where} {problem}. A verifier that "
            "checks certificates refuses its key outside those dates; one that "
            "does not may accept a key its owner has retired, or one issued "
            "for later.",
            segment="header" if where.startswith("the token") else "signature",
            claim="x5c" if where.startswith("the token") else None,
        )


@check("header keys", order=146)
def _check_x5t(ctx: Context) -> Iterator[Finding]:
    if "x5c" not in ctx.header:
        return
    try:
        checks = certs.check_thumbprints(ctx.header)
    except KeyMaterialError:
        return  # the x5c cannot be read: X5C-UNVALIDATED says so
    for result in checks:
        if result.name in ("x5t", "x5t#S256") and result.matches is False:
            yield CATALOGUE["X5T-MISMATCH"].finding(
                f"{result.name} does not match the certificate in x5c",
                f"{result.message} A verifier that selects the key by "
                f"{result.name} would check the token with another certificate "
                "than the one it carries: the header was changed, or put "
                "together from two certificates.",
                segment="header",
                claim=result.name,
            )
