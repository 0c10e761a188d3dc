"""Certificates carried in ``x5c``, their thumbprints, and OIDC hash claims.

Nothing here validates a chain up to a trusted root: a certificate a token
carries proves nothing by itself (RFC 8725 §3.10), and every result says so
where it matters. ``at_hash`` / ``c_hash`` follow OpenID Connect Core §3.1.3.6
and §3.3.2.11, with the hash for EdDSA taken from the curve (SHA-512 for
Ed25519, SHAKE256 with a 114-byte output for Ed448, as the OpenID errata say).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import hmac
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

from jwtinspector.core.algorithms import (
    EDDSA,
    FULLY_SPECIFIED_EDDSA,
    hash_name,
    jose_curve_name,
)
from jwtinspector.core.errors import KeyMaterialError, TokenFormatError, UsageError
from jwtinspector.core.json_read import json_value
from jwtinspector.core.keys import KeyMaterial, key_material, load_key
from jwtinspector.core.numericdate import format_utc, relative_text
from jwtinspector.core.text import b64url_encode, json_snippet, printable
from jwtinspector.core.token import DecodedToken
from jwtinspector.core.verify import CheckStatus, ClaimCheck, VerificationReport

Source = DecodedToken | Mapping[str, Any]
"""A token (its header is used), a header, or a JWK."""

_EDDSA_NAMES = (EDDSA, *FULLY_SPECIFIED_EDDSA)  # RFC 8037 and RFC 9864
_MAX_CERTIFICATES = 20  # real chains have 1-4; bounds the work on a hostile header
_HASH_CLAIMS = {
    "at_hash": ("access token", "OpenID Connect Core §3.1.3.6"),
    "c_hash": ("authorization code", "OpenID Connect Core §3.3.2.11"),
    "s_hash": ("state", "FAPI 1.0 Advanced §5.1"),
}
_HEADER_WARNING = (
    "This key comes from the token's own x5c header: whoever made the token "
    "chose it, so a signature that verifies with it proves nothing by itself. "
    "Trust it only if the certificate chains to a CA you trust for this issuer; "
    "the inspector does not check the chain (RFC 8725 §3.10)."
)
_JWK_WARNING = (
    "This key comes from a certificate embedded in the JWK (x5c): an embedded "
    "certificate proves nothing by itself. Trust it only as far as you trust "
    "where the JWK came from; the inspector does not check the chain."
)


@dataclasses.dataclass(frozen=True)
class CertificateInfo:
    """What a person checks on one certificate of an ``x5c`` chain.

    Attributes:
        position: 0 for the leaf (the signing key), then each issuer in turn.
        subject: RFC 4514 distinguished name, e.g. 'CN=id.example.com'.
        issuer: RFC 4514 name of the issuer.
        serial: The serial number in hexadecimal.
        not_before: Start of validity, seconds since 1970.
        not_after: End of validity, seconds since 1970.
        expired: True when ``now`` is past ``not_after``.
        not_yet_valid: True when ``now`` is before ``not_before``.
        self_signed: Subject equals issuer and its own key verifies it.
        signed_by_next: Whether the next certificate's key signed this one;
            None for the last certificate.
        key: 'RSA 2048', 'EC P-256', 'Ed25519'...
        thumbprint_sha256: base64url SHA-256 of the DER, as in ``x5t#S256``.
        thumbprint_sha1: base64url SHA-1 of the DER, as in ``x5t``.
    """

    position: int
    subject: str
    issuer: str
    serial: str
    not_before: float
    not_after: float
    expired: bool
    not_yet_valid: bool
    self_signed: bool
    signed_by_next: bool | None
    key: str
    thumbprint_sha256: str
    thumbprint_sha1: str

    def describe(self) -> tuple[str, ...]:
        """One line per fact, e.g. 'valid until 2030-01-01 00:00:00 UTC'."""
        role = "leaf" if self.position == 0 else f"certificate {self.position}"
        state = (
            "expired"
            if self.expired
            else "not valid yet"
            if (self.not_yet_valid)
            else "valid now"
        )
        lines = [
            f"{role}: {self.subject} ({self.key})",
            f"issuer: {self.issuer}" + (" (self-signed)" if self.self_signed else ""),
            f"valid {format_utc(self.not_before)} to {format_utc(self.not_after)}: "
            f"{state}",
            f"x5t#S256 {self.thumbprint_sha256}",
            f"x5t {self.thumbprint_sha1}",
        ]
        if self.signed_by_next is False:
            lines.append("not signed by the next certificate of the chain")
        return tuple(lines)


@dataclasses.dataclass(frozen=True)
class ThumbprintCheck:
    """``x5t`` / ``x5t#S256`` (or a JWK's key) compared with the leaf.

    Attributes:
        name: "x5t", "x5t#S256", or "x5c" for a JWK's key against its leaf.
        matches: True or False, or None when there is nothing to compare with.
        message: One sentence for the user.
    """

    name: str
    matches: bool | None
    message: str


@dataclasses.dataclass(frozen=True)
class JwkCertificates:
    """A JWK of a key set that carries certificates (x5c, x5t), kept as given.

    Attributes:
        position: Its place in the set's ``keys`` list, from 1.
        kid: Its kid, when that is a string.
        jwk_json: The JWK's members as JSON text: nothing can change them.
    """

    position: int
    kid: str | None
    jwk_json: str

    @property
    def name(self) -> str:
        """'kid "a"', or 'key 2' for a JWK without a kid."""
        if self.kid is None:
            return f"key {self.position}"
        return f"kid {json_snippet(self.kid)}"

    def lines(self, *, now: float) -> tuple[str, ...]:
        """Its certificates and checks, as :func:`certificate_lines` gives them."""
        return certificate_lines(json.loads(self.jwk_json), now=now)


class LeafKey(NamedTuple):
    """The leaf certificate's public key, and why it proves nothing alone."""

    key: KeyMaterial
    warning: str


# --- certificates -------------------------------------------------------------


def x5c_certificates(source: Source, *, now: float) -> tuple[CertificateInfo, ...]:
    """Each certificate of the source's ``x5c``, leaf first; () when absent."""
    x5c = _members(source).get("x5c")
    if x5c is None:
        return ()
    return describe_certificates(load_x5c(x5c), now=now)


def certificate_lines(source: Source, *, now: float) -> tuple[str, ...]:
    """The source's x5c certificates and x5t checks as lines; () without any."""
    members = _members(source)
    if not {"x5c", "x5t", "x5t#S256"} & members.keys():
        return ()
    try:
        infos = x5c_certificates(source, now=now)
        checks = check_thumbprints(source)
    except KeyMaterialError as exc:
        return (f"The certificates could not be read: {exc}",)
    lines: list[str] = []
    for info in infos:
        lines += [*info.describe(), ""]
    return (*lines, *(check.message for check in checks))


def jwk_certificates(
    entries: Any, *, skip: tuple[str, ...] = ()
) -> tuple[JwkCertificates, ...]:
    """The JWKs of a JWKS ``keys`` list that carry ``x5c`` (or ``x5t``), as kept.

    Each keeps its place in the list and its members as JSON text, so a
    fetched set's certificates can be shown long after the fetch. JWKs whose
    ``kty`` is in ``skip`` are left out (a fetched set skips its oct keys).
    """
    if not isinstance(entries, list):
        return ()
    return tuple(
        JwkCertificates(
            position,
            entry["kid"] if isinstance(entry.get("kid"), str) else None,
            json.dumps(entry, ensure_ascii=False),
        )
        for position, entry in enumerate(entries, 1)
        if isinstance(entry, dict)
        and "kty" in entry
        and entry["kty"] not in skip
        and {"x5c", "x5t", "x5t#S256"} & entry.keys()
    )


def _text_certificates(text: str) -> tuple[JwkCertificates, ...]:
    body = text.lstrip("\ufeff").strip()
    if not body.startswith("{") or len(body) > 1_000_000:
        return ()
    try:
        obj = json_value(body, "key JSON")
    except TokenFormatError:
        return ()
    if isinstance(obj, dict) and "keys" in obj:
        return jwk_certificates(obj["keys"])
    return jwk_certificates([obj])


def jwk_certificate_lines(
    text: str, *, now: float, kid: str | None = None
) -> tuple[str, ...]:
    """For each JWK of the key text with an x5c: a title, its chain and checks.

    ``kid`` is the token's: see :func:`key_set_certificate_lines`.
    """
    return key_set_certificate_lines(
        _text_certificates(text), now=now, kid=kid, where="In the key you gave"
    )


def key_set_certificate_lines(
    jwks: Sequence[JwkCertificates],
    *,
    now: float,
    kid: str | None = None,
    where: str,
) -> tuple[str, ...]:
    """For each JWK: '<where> (JWK kid "a"):', then its chain and checks.

    When the token's ``kid`` names one of them, only that JWK's certificates
    are listed, then one line counting the others: in a set of many keys,
    the one that can verify the token is the one to read.
    """
    chosen = [jwk for jwk in jwks if kid is not None and jwk.kid == kid]
    lines: list[str] = []
    for jwk in chosen or jwks:
        lines += [f"{where} (JWK {jwk.name}):", *jwk.lines(now=now), ""]
    others = [jwk for jwk in jwks if jwk not in chosen] if chosen else []
    if others:
        names = [jwk.name for jwk in others[:8]] + (["…"] if len(others) > 8 else [])
        count = "1 other key" if len(others) == 1 else f"{len(others)} other keys"
        lines += [
            f"Not listed: {count} of the set with certificates "
            f"({', '.join(names)}), as the token's kid is {json_snippet(kid)}.",
            "",
        ]
    return tuple(lines[:-1])


def load_x5c(x5c: Any) -> tuple[x509.Certificate, ...]:
    """The certificates of an ``x5c`` value: base64 (not base64url) DER."""
    if not isinstance(x5c, list) or not x5c:
        raise KeyMaterialError(
            "x5c must be a non-empty list of base64 DER certificates (RFC 7515 §4.1.6)."
        )
    if len(x5c) > _MAX_CERTIFICATES:
        raise KeyMaterialError(
            f"x5c holds {len(x5c)} certificates; more than {_MAX_CERTIFICATES} "
            "is not a real chain."
        )
    return tuple(_load_one(index, entry) for index, entry in enumerate(x5c))


def _load_one(index: int, entry: Any) -> x509.Certificate:
    if not isinstance(entry, str):
        raise KeyMaterialError(f"x5c[{index}] is not a string.")
    text = "".join(entry.split())
    try:
        der = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        hint = ""
        if "-" in text or "_" in text:
            hint = " (x5c uses standard base64, not base64url: RFC 7515 §4.1.6)"
        raise KeyMaterialError(f"x5c[{index}] is not base64{hint}.") from None
    try:
        return x509.load_der_x509_certificate(der)
    except ValueError:
        raise KeyMaterialError(
            f"x5c[{index}] is base64 but not a DER X.509 certificate."
        ) from None


def describe_certificates(
    chain: Sequence[x509.Certificate], *, now: float
) -> tuple[CertificateInfo, ...]:
    """A CertificateInfo for each certificate, checking each against the next."""
    infos = []
    for position, cert in enumerate(chain):
        issuer = chain[position + 1] if position + 1 < len(chain) else None
        infos.append(_describe(position, cert, issuer, now))
    return tuple(infos)


def _describe(
    position: int, cert: x509.Certificate, issuer: x509.Certificate | None, now: float
) -> CertificateInfo:
    der = cert.public_bytes(serialization.Encoding.DER)
    not_before = cert.not_valid_before_utc.timestamp()
    not_after = cert.not_valid_after_utc.timestamp()
    return CertificateInfo(
        position=position,
        subject=printable(cert.subject.rfc4514_string()) or "(empty name)",
        issuer=printable(cert.issuer.rfc4514_string()) or "(empty name)",
        serial=format(cert.serial_number, "x"),
        not_before=not_before,
        not_after=not_after,
        expired=now > not_after,
        not_yet_valid=now < not_before,
        self_signed=cert.subject == cert.issuer and _signed_by(cert, cert),
        signed_by_next=None if issuer is None else _signed_by(cert, issuer),
        key=_key_text(cert),
        thumbprint_sha256=b64url_encode(hashlib.sha256(der).digest()),
        thumbprint_sha1=b64url_encode(
            hashlib.sha1(der).digest()
        ),  # x5t is SHA-1 by definition
    )


def _signed_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def _key_text(cert: x509.Certificate) -> str:
    try:
        key = cert.public_key()
    except (ValueError, UnsupportedAlgorithm):
        return "unsupported key"
    if isinstance(key, rsa.RSAPublicKey):
        return f"RSA {key.key_size}"
    if isinstance(key, ec.EllipticCurvePublicKey):
        return f"EC {jose_curve_name(key.curve.name) or key.curve.name}"
    if isinstance(key, ed25519.Ed25519PublicKey):
        return "Ed25519"
    if isinstance(key, ed448.Ed448PublicKey):
        return "Ed448"
    return type(key).__name__.removesuffix("PublicKey") or "unknown key"


def load_pem_chain(
    data: bytes, *, now: float, source: str = "x5u"
) -> tuple[tuple[CertificateInfo, ...], KeyMaterial]:
    """A PEM chain (as an ``x5u`` URL serves it): its certificates and leaf key."""
    try:
        chain = x509.load_pem_x509_certificates(data)
    except ValueError as err:
        raise KeyMaterialError(f"no PEM certificate could be read ({err})") from None
    if len(chain) > _MAX_CERTIFICATES:
        raise KeyMaterialError(f"more than {_MAX_CERTIFICATES} certificates")
    infos = describe_certificates(chain, now=now)
    return infos, key_material(chain[0].public_key(), source=source)


# --- certificates given as a key -------------------------------------------------

_PEM_CERTIFICATE = re.compile(
    rb"-----BEGIN (?:X509 )?CERTIFICATE-----[A-Za-z0-9+/=\s]+?"
    rb"-----END (?:X509 )?CERTIFICATE-----"
)


def certificates_in(data: str | bytes) -> tuple[bytes, ...]:
    """The DER of each X.509 certificate in key data (PEM blocks or one DER).

    For ``AuditOptions.certificates``: a loaded key keeps only the public key,
    but a forger may have used the certificate's own bytes as the HMAC secret.
    """
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
    found: list[bytes] = []
    for block in _PEM_CERTIFICATE.findall(raw):
        try:
            certificate = x509.load_pem_x509_certificate(block)
        except ValueError:
            continue
        found.append(certificate.public_bytes(serialization.Encoding.DER))
    if not found and raw[:1] == b"\x30":
        try:
            x509.load_der_x509_certificate(raw)
        except ValueError:
            return ()
        found.append(raw)
    return tuple(found)


def certificate_date_warnings(
    certificates: Sequence[bytes], *, now: float
) -> tuple[str, ...]:
    """A sentence for each certificate (DER, as :func:`certificates_in` gives
    them) that has expired or is not valid yet at ``now``; () when all are
    valid now. The key still verifies; a verifier that checks dates refuses it.
    """
    warnings = []
    for position, der in enumerate(certificates[:_MAX_CERTIFICATES]):
        try:
            certificate = x509.load_der_x509_certificate(der)
        except ValueError:
            continue
        problem = date_problem(certificate, now=now)
        if problem:
            which = (
                "The certificate you gave as the key"
                if position == 0
                else f"Certificate {position + 1} of the chain you gave as the key"
            )
            subject = printable(certificate.subject.rfc4514_string()) or "(empty name)"
            warnings.append(
                f"{which} ({subject}) {problem}: a verifier that checks the "
                "certificate's dates refuses it."
            )
    return tuple(warnings)


def date_problem(certificate: x509.Certificate, *, now: float) -> str:
    """'expired on …' or 'is not valid until …' at ``now``; "" when valid."""
    not_before = certificate.not_valid_before_utc.timestamp()
    not_after = certificate.not_valid_after_utc.timestamp()
    if now > not_after:
        return f"expired on {format_utc(not_after)} ({relative_text(not_after - now)})"
    if now < not_before:
        return (
            f"is not valid until {format_utc(not_before)} "
            f"({relative_text(not_before - now)})"
        )
    return ""


# --- thumbprints and the leaf key ------------------------------------------------


def check_thumbprints(source: Source) -> tuple[ThumbprintCheck, ...]:
    """Compare ``x5t`` and ``x5t#S256`` (and a JWK's own key) with the leaf."""
    members = _members(source)
    names = [name for name in ("x5t", "x5t#S256") if name in members]
    if "x5c" not in members:
        return tuple(
            ThumbprintCheck(name, None, f"{name} is set, but there is no x5c to "
                            "compare it with: the certificate is not in the token.")
            for name in names
        )  # fmt: skip
    leaf = load_x5c(members["x5c"])[0]
    der = leaf.public_bytes(serialization.Encoding.DER)
    actual = {
        "x5t": b64url_encode(hashlib.sha1(der).digest()),  # x5t is SHA-1 by definition
        "x5t#S256": b64url_encode(hashlib.sha256(der).digest()),
    }
    checks = [_thumbprint_check(name, members[name], actual[name]) for name in names]
    if "kty" in members:
        checks.append(_jwk_matches_leaf(members, leaf))
    return tuple(checks)


def _thumbprint_check(name: str, claimed: Any, actual: str) -> ThumbprintCheck:
    if not isinstance(claimed, str):
        return ThumbprintCheck(
            name, False, f"{name} is {json_snippet(claimed)}, not a string."
        )
    if claimed.rstrip("=") == actual:
        return ThumbprintCheck(name, True, f"{name} matches the leaf certificate.")
    return ThumbprintCheck(
        name,
        False,
        f"{name} is {json_snippet(claimed)}, but the leaf certificate's is "
        f"{json_snippet(actual)}: "
        "they name different certificates.",
    )


def _jwk_matches_leaf(
    jwk: Mapping[str, Any], leaf: x509.Certificate
) -> ThumbprintCheck:
    try:
        loaded = load_key(json.dumps({k: v for k, v in jwk.items() if k != "x5c"}))
        leaf_key_material = key_material(leaf.public_key(), source="x5c")
    except (KeyMaterialError, TypeError, ValueError) as err:
        return ThumbprintCheck("x5c", None, f"Cannot compare the JWK's key: {err}")
    if isinstance(loaded, KeyMaterial) and (
        loaded.thumbprint == leaf_key_material.thumbprint
    ):
        return ThumbprintCheck("x5c", True, "The JWK's key is the leaf's key.")
    return ThumbprintCheck(
        "x5c",
        False,
        "The JWK's key is not the leaf certificate's key, as it must be "
        "(RFC 7517 §4.7).",
    )


def leaf_key(source: Source) -> LeafKey:
    """The leaf certificate's public key, with a warning: it proves nothing alone."""
    members = _members(source)
    if "x5c" not in members:
        raise KeyMaterialError("There is no x5c certificate chain to take a key from.")
    leaf = load_x5c(members["x5c"])[0]
    is_jwk = "kty" in members
    meta: dict[str, Any] = {}
    if is_jwk:
        meta = {
            name: members[name]
            for name in ("kid", "alg", "use")
            if isinstance(members.get(name), str)
        }
    try:
        key = key_material(leaf.public_key(), source="x5c", **meta)
    except (ValueError, UnsupportedAlgorithm) as err:
        raise KeyMaterialError(
            f"The leaf certificate's key is unusable: {err}"
        ) from None
    return LeafKey(key, _JWK_WARNING if is_jwk else _HEADER_WARNING)


def _members(source: Source) -> Mapping[str, Any]:
    if isinstance(source, DecodedToken):
        return source.header or {}
    return source


# --- OIDC hash claims ----------------------------------------------------------------


def oidc_hash(value: str, alg: str, curve: str | None = None) -> str:
    """The ``at_hash`` / ``c_hash`` value for ``value`` under the ID token's alg.

    The left half of the alg's hash of the ASCII value, base64url (OpenID
    Connect Core §3.1.3.6). ``curve`` picks the hash for EdDSA (default Ed25519).
    """
    digest, _name = _digest(value.encode("utf-8"), alg, curve)
    return b64url_encode(digest[: len(digest) // 2])


def _digest(data: bytes, alg: str, curve: str | None) -> tuple[bytes, str]:
    if alg in _EDDSA_NAMES:
        if alg == "Ed448" or (alg == "EdDSA" and curve == "Ed448"):
            return hashlib.shake_256(data).digest(114), "SHAKE256 (114 bytes)"
        return hashlib.sha512(data).digest(), "SHA-512"
    name = hash_name(alg)
    if name is None:
        raise UsageError(f"alg {json_snippet(alg)} has no hash for OIDC hash claims")
    return hashlib.new(name, data).digest(), name.upper().replace("SHA", "SHA-")


def check_oidc_hash(
    id_token: DecodedToken,
    claim: str,
    value: str,
    *,
    curve: str | None = None,
) -> ClaimCheck:
    """Whether the ID token's claim binds ``value`` (an access token, a code).

    ``claim`` is "at_hash", "c_hash" or "s_hash"; ``curve`` is the verifying
    key's, which decides the hash for EdDSA.
    """
    if claim not in _HASH_CLAIMS:
        raise UsageError(f"{claim!r} is not a hash claim: use at_hash or c_hash")
    what, ref = _HASH_CLAIMS[claim]
    claims = id_token.claims
    if claims is None:
        return _fail(claim, f"The payload is not a claims set: no {claim} to check.")
    actual = claims.get(claim)
    if actual is None:
        return _fail(claim, f"The token has no {claim} claim to check the {what} with.")
    if not isinstance(actual, str):
        return _fail(claim, f"{claim} is {json_snippet(actual)}, not a string ({ref}).")
    alg = id_token.alg or ""
    try:
        digest, name = _digest(value.encode("utf-8"), alg, curve)
    except UsageError:
        return _fail(
            claim, f"Cannot check {claim}: alg {json_snippet(alg)} has no hash ({ref})."
        )
    expected = b64url_encode(digest[: len(digest) // 2])
    if alg == "EdDSA" and curve is None:
        name += ", taking EdDSA as Ed25519"
    how = f"left half of {name}, from {alg}; {ref}"
    if hmac.compare_digest(expected.encode(), actual.encode("utf-8")):
        return ClaimCheck(
            claim, CheckStatus.PASSED, f"{claim} matches the {what} ({how})."
        )
    return _fail(
        claim,
        f"{claim} does not match the {what}: the token says {json_snippet(actual)}, "
        f"the {what} gives {json_snippet(expected)} ({how}).",
    )


def with_oidc_hash_checks(
    report: VerificationReport,
    id_token: DecodedToken,
    *,
    access_token: str | None = None,
    code: str | None = None,
) -> VerificationReport:
    """The report with ``at_hash`` / ``c_hash`` checks added for what was given."""
    key = report.signature.key
    curve = key.curve if key is not None else None
    checks = [
        check_oidc_hash(id_token, claim, value, curve=curve)
        for claim, value in (("at_hash", access_token), ("c_hash", code))
        if value is not None
    ]
    if not checks:
        return report
    return dataclasses.replace(report, claims=(*report.claims, *checks))


def _fail(claim: str, message: str) -> ClaimCheck:
    return ClaimCheck(claim, CheckStatus.FAILED, message)
