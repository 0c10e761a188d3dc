"""Security findings for a token: RFC 8725 and the known JWT attacks as checks.

``audit`` looks at a decoded token (and, when given, the key the user has for
it) and returns findings a learner can act on: what is wrong, why it matters,
what to do instead and where the rule comes from. Nothing is fetched, nothing
is trusted, and the clock is passed in.

Severities: **critical**, the token is forgeable or was forged; **high**, a
likely exploitable misconfiguration or an attack attempt; **medium**, a weak
practice; **low**, hygiene; **info**, worth knowing.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hmac
import ipaddress
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from jwtinspector.core import crack
from jwtinspector.core.errors import InspectorError
from jwtinspector.core.keys import (
    KeyMaterial,
    KeySet,
    key_material,
    load_key,
    public_of,
    to_jwk,
)
from jwtinspector.core.numericdate import (
    MILLISECONDS_THRESHOLD,
    NUMERIC_DATE_CLAIMS,
    duration_text,
    format_utc,
    is_numeric,
    relative_text,
)
from jwtinspector.core.token import DecodedToken
from jwtinspector.core.verify import (
    SUPPORTED_ALGORITHMS,
    UNDERSTOOD_CRIT,
    SignatureStatus,
    check_signature,
)

SEVERITIES = ("critical", "high", "medium", "low", "info")
"""Most to least severe; findings are sorted in this order."""

BLOCKING_SEVERITIES = frozenset({"critical", "high"})
"""Severities that make ``jwtinspector lint`` exit with status 1."""

MAX_TOKEN_SIZE = 8 * 1024
"""Characters above which a token may not fit common HTTP header limits."""

MAX_SCAN_SIZE = 64 * 1024
"""Largest token the built-in weak-secret scan runs on: every candidate hashes
the whole signing input, so a 1 MB token would take the better part of a second."""

MAX_KID_LENGTH = 256
LONG_LIFETIME = 365 * 86400.0
"""The lifetime limit for refresh tokens, which legitimately live longer."""

_MAX_FINDINGS_PER_ID = 20  # a payload with thousands of e-mails gives 20 findings
_MAX_NODES = 20_000  # JSON values visited when looking for sensitive data


@dataclasses.dataclass(frozen=True)
class Finding:
    """One security finding.

    Attributes:
        id: Stable identifier, e.g. "ALG-NONE" or "KID-TRAVERSAL".
        severity: "critical", "high", "medium", "low" or "info".
        title: One line naming the problem, with the token's own value.
        explanation: Why it matters, for someone learning JWT.
        advice: What to do instead.
        reference: Where the rule comes from, e.g. "RFC 8725 §2.1".
        segment: The token part it concerns: "header", "payload" or "signature".
        claim: The header parameter or claim it concerns (a path such as
            "user.password" for nested claims).
        secret: The guessed secret of a weak-secret finding, to offer it as the
            key; kept out of repr() and to_dict(), so never written anywhere.
    """

    id: str
    severity: str
    title: str
    explanation: str
    advice: str
    reference: str
    segment: str | None = None
    claim: str | None = None
    secret: str | None = dataclasses.field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        if "\n" in self.title:
            raise ValueError("a finding's title is one line")

    @property
    def blocking(self) -> bool:
        """True for critical and high findings."""
        return self.severity in BLOCKING_SEVERITIES

    def to_dict(self) -> dict[str, Any]:
        """The finding as a JSON-ready object (the ``lint --json`` shape)."""
        return {k: v for k, v in dataclasses.asdict(self).items() if k != "secret"}


@dataclasses.dataclass(frozen=True)
class AuditOptions:
    """What counts as a problem.

    Attributes:
        max_lifetime: Longest acceptable ``exp`` − ``iat`` in seconds for
            access-type tokens (refresh tokens get a year); None: no limit.
        skew: Seconds of clock difference tolerated for ``nbf`` and ``iat``.
        check_weak_secrets: Try the built-in weak-secret list against HS*
            tokens (a few hundred HMACs, about a millisecond; skipped above
            ``MAX_SCAN_SIZE``, which the TOKEN-SIZE finding then says).
        certificates: DER X.509 certificates the user's key came from (see
            ``certificates_in``): their bytes are tried as HMAC secrets too,
            since a key object no longer knows its certificate.
    """

    max_lifetime: float | None = 24 * 3600.0
    skew: float = 60.0
    check_weak_secrets: bool = True
    certificates: tuple[bytes, ...] = ()


def audit(
    token: DecodedToken,
    *,
    now: float,
    key: KeyMaterial | KeySet | None = None,
    options: AuditOptions = AuditOptions(),
) -> tuple[Finding, ...]:
    """Every finding for ``token``, most severe first.

    Args:
        token: The decoded token; whatever part decoded is checked.
        now: The current time, seconds since 1970.
        key: The key or key set the user has for this token, if any: enables
            the key checks (short HMAC secret, algorithm confusion, mismatch).
        options: Thresholds and the weak-secret switch.
    """
    context = _Context.make(token, now, key, options)
    findings: list[Finding] = []
    for check in _CHECKS:
        findings.extend(check(context))
    return sort_findings(findings)


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Most severe first; the order of checks within one severity; capped per id."""
    kept: list[Finding] = []
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.id] = counts.get(finding.id, 0) + 1
        if counts[finding.id] <= _MAX_FINDINGS_PER_ID:
            kept.append(finding)
    return tuple(sorted(kept, key=lambda f: SEVERITIES.index(f.severity)))


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


def weak_secret_finding(secret: bytes, alg: str, source: str) -> Finding:
    """The critical finding for an HMAC secret that was guessed.

    Args:
        secret: The secret that reproduces the signature.
        alg: HS256, HS384 or HS512.
        source: Where it was found, e.g. "the built-in list of weak secrets".
    """
    size = crack.DIGEST_SIZES.get(alg, 32)
    return Finding(
        "WEAK-SECRET",
        "critical",
        f"The HMAC secret was guessed: {_q(_show_secret(secret))}",
        f"The {alg} signature was reproduced with the secret "
        f"{_q(_show_secret(secret))}, taken from {source}. Such lists are public: "
        "anyone holding one token can find the secret offline in seconds and then "
        'sign any claims they like (for example "admin": true), so the signature '
        "proves nothing. Human-chosen and placeholder secrets are exactly what "
        "RFC 8725 forbids as HMAC keys.",
        f"Replace the secret with at least {size} random bytes (for example "
        f"'openssl rand -base64 {size}'), keep it out of source code, and treat "
        "every token signed with the old secret as compromised.",
        "RFC 8725 §2.2, §3.5; RFC 7518 §3.2",
        segment="signature",
        secret=secret.decode("ascii") if secret.isascii() else None,
    )


# --- context -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Context:
    token: DecodedToken
    header: dict[str, Any]
    claims: dict[str, Any] | None
    now: float
    keys: tuple[KeyMaterial, ...]
    options: AuditOptions

    @classmethod
    def make(
        cls,
        token: DecodedToken,
        now: float,
        key: KeyMaterial | KeySet | None,
        options: AuditOptions,
    ) -> _Context:
        if isinstance(key, KeySet):
            keys = key.keys
        else:
            keys = (key,) if key is not None else ()
        return cls(token, token.header or {}, token.claims, now, keys, options)

    @property
    def alg(self) -> str | None:
        return self.token.alg

    @property
    def is_jws(self) -> bool:
        return self.token.form == "JWS"

    @property
    def unsigned(self) -> bool:
        return self.alg is not None and self.alg.strip().lower() == "none"

    @property
    def typ(self) -> str | None:
        return _media_type(self.header.get("typ"))


def _media_type(value: Any) -> str | None:
    """typ/cty compared as RFC 7515 §4.1.9 says: case-insensitive, 'application/'
    optional."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    return text.removeprefix("application/")


def _q(value: Any, limit: int = 80) -> str:
    """A value quoted as JSON on one line, shortened: safe in any title."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _and(parts: Iterable[str], word: str = "and") -> str:
    """Parts joined as in a sentence: a; a and b; a, b and c (or another word)."""
    *rest, last = parts
    return f"{', '.join(rest)} {word} {last}" if rest else last


def _show_secret(secret: bytes) -> str:
    try:
        return secret.decode("utf-8")
    except UnicodeDecodeError:
        return "0x" + secret.hex()


def _describe(key: KeyMaterial) -> str:
    return key.describe().split(" · ")[0]


# --- algorithm and signature ---------------------------------------------------

_JWS_ALGORITHMS = frozenset(
    {*SUPPORTED_ALGORITHMS, "none", "Ed25519", "Ed448"}
)  # IANA JOSE registry, with RFC 9864's fully specified EdDSA names
_JWE_ALGORITHMS = frozenset(
    {
        "RSA1_5", "RSA-OAEP", "RSA-OAEP-256", "RSA-OAEP-384", "RSA-OAEP-512",
        "A128KW", "A192KW", "A256KW", "dir",
        "ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW",
        "A128GCMKW", "A192GCMKW", "A256GCMKW",
        "PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW",
    }
)  # fmt: skip
_ALG_REFERENCE = "RFC 8725 §3.1; RFC 7515 §4.1.1"


def _check_alg(ctx: _Context) -> Iterator[Finding]:
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
        yield _alg_missing("alg is not a string", f"alg is {_q(alg)}, not a string.")
    elif not alg:
        yield _alg_missing("alg is empty", 'alg is "", which names no algorithm.')
    elif alg == "ES521":
        yield _alg_missing(
            '"ES521" is not a registered algorithm',
            'PyJWT accepts "ES521" as an alias, but ECDSA with P-521 and SHA-512 '
            'is registered as "ES512"; other libraries reject the token.',
        )
    elif alg not in (_JWE_ALGORITHMS if ctx.token.is_encrypted else _JWS_ALGORITHMS):
        yield _alg_missing(
            f"Unknown algorithm {_q(alg)}",
            f"{_q(alg)} is not in the IANA JOSE algorithm registry (names are "
            'case-sensitive: "hs256" is not "HS256").',
        )


def _alg_missing(title: str, first: str) -> Finding:
    return Finding(
        "ALG-MISSING",
        "high",
        title,
        f"{first} Every JWS header must name its algorithm from the registry "
        "(RFC 7515 §4.1.1). When the name is missing or unknown, verifiers "
        "disagree on how to check the token: some fail, some fall back to a "
        "default, and a careless one skips the check.",
        "Sign with a registered algorithm and configure the verifier with the "
        "algorithm it expects, rather than reading it from the token.",
        _ALG_REFERENCE,
        segment="header",
        claim="alg",
    )


def _alg_none(ctx: _Context) -> Iterator[Finding]:
    alg = ctx.header.get("alg")
    variant = "" if alg == "none" else f" (written {_q(alg)})"
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
        yield Finding(
            "ALG-NONE",
            "high",
            f"alg is {_q(alg)} but a signature is present",
            "An unsecured token must have an empty signature (RFC 7518 §3.6). "
            "One that says none yet carries signature bytes was altered: typically "
            "someone switched alg to none and left the old signature in place, "
            "hoping the verifier skips the check because the header says so"
            f"{variant}.{dpop}",
            "Reject tokens whose alg is none in any spelling. Verify with the "
            "algorithm you configured (RFC 8725 §3.1), never the token's own.",
            f"RFC 8725 §2.1, §3.2; RFC 7518 §3.6{dpop_reference}",
            segment="header",
            claim="alg",
        )
        return
    yield Finding(
        "ALG-NONE",
        "critical",
        f"Unsigned token: alg is {_q(alg)}",
        "The header declares the token unsigned, and the signature is empty. "
        "Nothing proves who made it or that the claims are unchanged: anyone can "
        "write any claims and produce an equally 'valid' token. Libraries that "
        "let the token choose its algorithm accepted such tokens as genuine (the "
        "2015 'alg none' vulnerabilities), and spellings such as None, NONE or "
        f"'none ' slipped past case-sensitive filters{variant}.{dpop}",
        "Reject unsigned tokens. Verify with an algorithm list you choose, "
        'never with "none" in it and never taken from the header (RFC 8725 §3.1).',
        f"RFC 8725 §2.1, §3.2; RFC 7518 §3.6; RFC 7519 §6{dpop_reference}",
        segment="header",
        claim="alg",
    )


def _check_empty_signature(ctx: _Context) -> Iterator[Finding]:
    if not ctx.is_jws or ctx.unsigned or ctx.token.signature != b"":
        return
    alg = ctx.alg or "its algorithm"
    yield Finding(
        "SIG-EMPTY",
        "high",
        "Empty signature: the signature was stripped",
        f"The header says {alg}, but the signature segment is empty. Nothing "
        "vouches for the claims; a verifier that treats a missing signature as "
        "'nothing to check' accepts whatever the token says.",
        "Reject tokens whose signature is empty or does not verify with the key "
        "and algorithm you configured.",
        "RFC 8725 §2.1; RFC 7515 §5.2",
        segment="signature",
    )


# ECDSA: (curve name, bytes per coordinate, group order n). The orders are the
# published curve parameters (FIPS 186-4 D.1.2, SEC 2 §2.4.1).
_ECDSA = {
    "ES256": (
        "P-256",
        32,
        int("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16),
    ),
    "ES384": (
        "P-384",
        48,
        int(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
            "C7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973",
            16,
        ),
    ),
    "ES512": (
        "P-521",
        66,
        int(
            "01FF" + "F" * 63 + "A51868783BF2F966B7FCC0148F709A5D"
            "03BB5C9B8899C47AEBB6FB71E91386409",
            16,
        ),
    ),
    "ES256K": (
        "secp256k1",
        32,
        int("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16),
    ),
}


def _check_ecdsa(ctx: _Context) -> Iterator[Finding]:
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
        yield Finding(
            "ECDSA-PSYCHIC",
            "critical",
            "ECDSA signature with r or s out of range (psychic signature)",
            f"For {alg} ({curve}) the signature's halves r and s must both lie "
            f"between 1 and the curve order minus 1; here {which}"
            f"{' (DER-encoded)' if der else ''}. No signer produces this. It is "
            "the CVE-2022-21449 'psychic signature': Java 15 to 18 accepted "
            "r = s = 0 as a valid signature of any message under any key.",
            "Treat the token as an attack. Use a library that checks "
            "0 < r, s < n before verifying (PyJWT with cryptography does).",
            "CVE-2022-21449; RFC 7518 §3.4; RFC 8725 §3.4",
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
    return Finding(
        "ECDSA-FORMAT",
        "high",
        title,
        f"A JWS stores an ECDSA signature as r and s side by side, {size} bytes "
        f"each for {alg} ({2 * size} bytes in all; RFC 7518 §3.4). {detail}",
        "Convert DER signatures to raw r‖s when signing (cryptography's "
        "decode_dss_signature gives r and s) and reject any other length when "
        "verifying.",
        "RFC 7518 §3.4; CVE-2022-21449",
        segment="signature",
    )


def _check_encoding(ctx: _Context) -> Iterator[Finding]:
    for segment in ctx.token.segments:
        if segment.data is None:
            continue
        body = segment.text.rstrip("=")
        padded = len(body) != len(segment.text)
        canonical = base64.urlsafe_b64encode(segment.data).rstrip(b"=").decode()
        if not padded and canonical == body:
            continue
        title = (
            f"'=' padding in the {segment.name} segment"
            if padded
            else f"Non-canonical base64url in the {segment.name} segment"
        )
        yield Finding(
            "SIG-ENCODING",
            "medium",
            title,
            "Compact tokens use base64url without '=' padding (RFC 7515 §2), so "
            "each value has exactly one encoding. Padding, or unused bits that are "
            "not zero, give other strings for the same bytes: the token string no "
            "longer identifies one token (caches, replay and deny lists keyed on "
            "it miss the variant), and libraries disagree on accepting it.",
            "Encode with base64url without padding and reject segments that do "
            "not re-encode to the same text.",
            "RFC 7515 §2, §7.1",
            segment=segment.name,
        )


# --- key-dependent checks ----------------------------------------------------


def _check_weak_secret(ctx: _Context) -> Iterator[Finding]:
    alg = ctx.alg
    if alg not in crack.HMAC_DIGESTS or not ctx.is_jws:
        return
    weak = set(crack.builtin_candidates())
    if ctx.options.check_weak_secrets and _scan_fits(ctx):
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
    size = crack.DIGEST_SIZES.get(alg, 32)
    shown = _q(_show_secret(secret))
    return Finding(
        "WEAK-SECRET-KEY",
        "medium",
        f"Your key {shown} is a known weak secret (it did not sign this token)",
        f"The secret you supplied, {shown}, is in the built-in list of weak and "
        f"placeholder secrets, but it does not reproduce this token's {alg} "
        "signature: the token was signed with another secret. A verifier or "
        "issuer that does use this secret accepts tokens anyone can make, since "
        "such lists are public.",
        f"Use the issuer's real secret to check this token, and never configure "
        f"a listed secret anywhere: use at least {size} random bytes (for example "
        f"'openssl rand -base64 {size}').",
        "RFC 8725 §2.2, §3.5; RFC 7518 §3.2",
        segment="signature",
    )


def _scan_fits(ctx: _Context) -> bool:
    return len(ctx.token.token) <= MAX_SCAN_SIZE


def _check_hmac_key_length(ctx: _Context) -> Iterator[Finding]:
    alg = ctx.alg
    if alg not in crack.DIGEST_SIZES:
        return
    need = crack.DIGEST_SIZES[alg]
    for key in ctx.keys:
        if key.kty == "oct" and len(key.key) < need:
            yield Finding(
                "HMAC-KEY-SHORT",
                "medium",
                f"HMAC secret is {len(key.key)} bytes; {alg} needs at least {need}",
                f"RFC 7518 §3.2 requires an {alg} key at least as long as the hash "
                f"output, {need} bytes. A shorter secret, above all a word or a "
                "phrase, can be brute-forced offline from a single token.",
                f"Generate a random secret of at least {need} bytes "
                f"('openssl rand -base64 {need}').",
                "RFC 7518 §3.2; RFC 8725 §3.5",
                segment="signature",
            )
            return


def _check_algorithm_confusion(ctx: _Context) -> Iterator[Finding]:
    alg = ctx.alg
    if alg not in crack.HMAC_DIGESTS or not ctx.is_jws:
        return
    if any(key.kty == "oct" for key in ctx.keys):
        return  # a key set that also holds secrets: HS* is expected
    asymmetric = [key for key in ctx.keys if key.kty != "oct"]
    header_certificate = _leaf_certificate(ctx.header.get("x5c"))
    if not asymmetric and header_certificate is None:
        return
    signature = ctx.token.signature or b""
    digest = crack.HMAC_DIGESTS[alg]
    for what, data in _confusion_secrets(ctx, asymmetric, header_certificate):
        mac = hmac.digest(data, ctx.token.signing_input, digest)
        if signature and hmac.compare_digest(mac, signature):
            yield Finding(
                "ALG-CONFUSION-FORGED",
                "critical",
                "Forged by algorithm confusion: public key material is the HMAC secret",
                f"The signature is the {alg} HMAC of this token computed with "
                f"{what} as the secret. Public keys and certificates are public, "
                "so whoever made this token needed no secret at all; a verifier "
                "that takes the algorithm from the header and hands it the public "
                "key accepts it as genuine (the RS256-to-HS256 key-confusion "
                "attack).",
                _CONFUSION_ADVICE,
                _CONFUSION_REFERENCE,
                segment="signature",
                claim="alg",
            )
            return
    if not asymmetric:
        return  # only the token's own x5c was tried; X5C-UNVALIDATED covers it
    yield Finding(
        "ALG-CONFUSION",
        "high",
        f"{alg} token, but your key is asymmetric (algorithm confusion)",
        f"The token asks to be checked with HMAC, a shared-secret algorithm, "
        f"while the key you have for it is an {_describe(asymmetric[0])}. If a "
        "verifier lets the token pick the algorithm, it uses the public key's "
        "bytes as the HMAC secret, and since the public key is public anyone can "
        "mint tokens that pass. None of the usual encodings of your key (PEM, "
        "PEM without its BEGIN/END lines, DER, PKCS#1, OpenSSH, JWK, or the "
        "certificate) reproduces this signature, so this token was not forged "
        "that way with this key: it is an attempt at the attack, or it was made "
        "for another key.",
        _CONFUSION_ADVICE,
        _CONFUSION_REFERENCE,
        segment="header",
        claim="alg",
    )


def _confusion_secrets(
    ctx: _Context,
    asymmetric: list[KeyMaterial],
    header_certificate: x509.Certificate | None,
) -> Iterator[tuple[str, bytes]]:
    """(description, bytes) of every public encoding a forger might have used."""
    for key in asymmetric:
        for variant, data in _public_key_variants(key):
            yield f"the {variant} of your {_describe(key)}", data
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


_CONFUSION_ADVICE = (
    "Bind each key to exactly one algorithm and give the verifier that list "
    '(for example algorithms=["RS256"]); never derive it from the header.'
)
_CONFUSION_REFERENCE = "RFC 8725 §2.1, §3.1; CVE-2015-9235"


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


def _check_key_fit(ctx: _Context) -> Iterator[Finding]:
    alg = ctx.alg
    if not ctx.keys or alg not in SUPPORTED_ALGORITHMS or not ctx.is_jws:
        return
    if alg in crack.HMAC_DIGESTS and all(key.kty != "oct" for key in ctx.keys):
        return  # reported as algorithm confusion
    if any(alg in key.algorithms for key in ctx.keys):
        return
    key = ctx.keys[0]
    fits = ", ".join(key.algorithms) or "no algorithm (its JWK alg is unusable)"
    what = "any key of your key set" if len(ctx.keys) > 1 else f"your {_describe(key)}"
    yield Finding(
        "ALG-KEY-MISMATCH",
        "high",
        f"The token says {alg}, which does not fit {what}",
        f"Your {_describe(key)} fits {fits}. Each key should be used with exactly "
        "one algorithm; a token naming another was made for a different key or "
        "tests whether the verifier lets the header choose the algorithm.",
        "Verify with the key and algorithm the issuer publishes; reject tokens "
        "whose alg is not the key's.",
        "RFC 8725 §3.1; RFC 7517 §4.4",
        segment="header",
        claim="alg",
    )


def _check_weak_key(ctx: _Context) -> Iterator[Finding]:
    # cryptography refuses RSA exponents that are even or below 3, so only the
    # size is left to check here.
    for key in ctx.keys:
        if key.kty != "RSA" or key.size >= 2048:
            continue
        yield Finding(
            "WEAK-KEY",
            "high",
            f"RSA key of only {key.size} bits",
            "RSA keys shorter than 2048 bits can be factored with enough "
            "computing power, after which anyone can sign tokens; JWA requires "
            "at least 2048 bits for RS* and PS*.",
            "Use an RSA key of 2048 bits or more (3072 for long-lived keys), "
            "or an EC or Ed25519 key.",
            "RFC 7518 §3.3, §3.5; RFC 8725 §3.5",
        )


# --- key-carrying header parameters ------------------------------------------


def _check_remote_keys(ctx: _Context) -> Iterator[Finding]:
    for name in ("jku", "x5u"):
        if name in ctx.header:
            yield _remote_key_finding(name, ctx.header[name], ctx.claims or {})


def _remote_key_finding(name: str, value: Any, claims: dict[str, Any]) -> Finding:
    what = "key set (JWKS)" if name == "jku" else "certificate chain"
    reasons, escalate = _url_concerns(value, claims.get("iss"))
    host = _host_of(value)
    title = f"{name} points to a remote {what}" + (f" on {host}" if host else "")
    section = "§4.1.2" if name == "jku" else "§4.1.5"
    return Finding(
        "JKU-X5U",
        "critical" if escalate else "high",
        title,
        f"The {name} header tells the verifier where to download the {what} "
        "that checks this token. A verifier that follows it lets whoever writes "
        "the token choose the key: sign with your own key, host it, point "
        f"{name} at it. It can also make the server fetch any address "
        "(server-side request forgery). This app never fetches it. "
        + " ".join(reasons),
        f"Verify only with keys from URLs configured on the server (an "
        f"allow-list, matched exactly); ignore {name} from the token otherwise.",
        f"RFC 8725 §2.9, §3.10; RFC 7515 {section}",
        segment="header",
        claim=name,
    )


def _host_of(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return urlsplit(value.strip()).hostname
    except ValueError:
        return None


def _url_concerns(value: Any, iss: Any) -> tuple[list[str], bool]:
    """(sentences about the URL, whether they make the finding critical)."""
    if not isinstance(value, str):
        return [f"Its value {_q(value)} is not even a URL string."], True
    try:
        parts = urlsplit(value.strip())
        host = parts.hostname
        userinfo = parts.username is not None or "@" in parts.netloc
    except ValueError:
        return [f"{_q(value)} is not a valid URL."], True
    reasons: list[str] = []
    if parts.scheme.lower() != "https":
        scheme = parts.scheme or "no scheme"
        reasons.append(
            f"It uses {scheme}, not https, so the download can be altered on the way."
        )
    if userinfo:
        reasons.append(
            "It contains user info (user@host), a classic trick to disguise the "
            "real host."
        )
    reasons.extend(_host_concerns(host))
    iss_host = _host_of(iss) if isinstance(iss, str) and "://" in iss else None
    if host and iss_host and host.lower() != iss_host.lower():
        reasons.append(
            f"Its host {host} is not the issuer's host {iss_host}: the key would "
            "come from somebody other than the issuer."
        )
    elif not iss_host:
        reasons.append(
            "There is no URL-shaped iss claim to compare its host with, so nothing "
            "ties it to the issuer."
        )
    critical = any(not reason.startswith("There is no") for reason in reasons)
    return reasons, critical


def _host_concerns(host: str | None) -> list[str]:
    if not host:
        return ["It has no host name."]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        lowered = host.lower().rstrip(".")
        if lowered == "localhost" or lowered.endswith(
            (".localhost", ".local", ".internal")
        ):
            return [f"It points to {host}, a local or internal name (SSRF)."]
        return []
    if address.is_loopback or address.is_private or address.is_link_local:
        return [
            f"It points to {host}, a loopback, private or link-local address "
            "(SSRF: cloud metadata services live at 169.254.169.254)."
        ]
    if address.is_unspecified or address.is_reserved or address.is_multicast:
        return [f"It points to {host}, a reserved address (SSRF)."]
    return [f"It points to the IP address {host} instead of a host name."]


_PRIVATE_JWK_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "k")


def _check_embedded_jwk(ctx: _Context) -> Iterator[Finding]:
    if "jwk" not in ctx.header:
        return
    jwk = ctx.header["jwk"]
    reference = "RFC 7515 §4.1.3; RFC 8725 §3.10; CVE-2018-0114"
    advice = (
        "Ignore keys carried by the token; verify with keys you already trust, or "
        "accept a jwk only when its thumbprint (RFC 7638) is on an allow-list."
    )
    if not isinstance(jwk, dict):
        yield Finding(
            "JWK-EMBEDDED",
            "high",
            "The jwk header is not a JSON object",
            f"jwk should hold a public key as a JWK object; it is {_q(jwk)}. A "
            "malformed embedded key is a probe for parsers that trust it.",
            advice,
            reference,
            segment="header",
            claim="jwk",
        )
        return
    private = [m for m in _PRIVATE_JWK_MEMBERS if m in jwk]
    symmetric = jwk.get("kty") == "oct"
    if private:
        yield _private_jwk_header(ctx, private, symmetric)
    if ctx.typ in _PROOF_TYPES:
        if symmetric and ctx.typ == "dpop+jwt":
            # "signed with the key it carries, as its profile requires" would be
            # wrong: the profile requires a public key. JWK-PRIVATE (with k) or
            # DPOP-JWK (without) says what is wrong instead.
            return
        yield _proof_jwk(ctx, _verifies_with(ctx, jwk))
        return
    self_signed = _verifies_with(ctx, jwk)
    yield Finding(
        "JWK-EMBEDDED",
        "critical" if self_signed else "high",
        "Self-signed: the token verifies with the key it carries (jwk)"
        if self_signed
        else "The header carries its own key (jwk)",
        "A jwk header embeds the key that supposedly checks the token. Trusting "
        "it is circular: an attacker signs with a fresh key pair and ships the "
        "public half in the token (CVE-2018-0114 in node-jose). "
        + (
            "This token's signature does verify with its embedded key, so it "
            "proves nothing about who issued it."
            if self_signed
            else "The signature does not verify with the embedded key."
        ),
        advice,
        reference,
        segment="header",
        claim="jwk",
    )


def _private_jwk_header(ctx: _Context, private: list[str], symmetric: bool) -> Finding:
    listed = ", ".join(private)
    proof = _PROOF_TYPES.get(ctx.typ or "")
    reference = "RFC 7515 §4.1.3; RFC 7517 §4; RFC 7518 §6"
    if symmetric and private == ["k"]:
        title = 'The embedded jwk is a secret key (kty "oct"): k is in the header'
        first = (
            'The jwk header is a symmetric key (kty "oct") and includes k, the '
            "secret itself."
        )
    else:
        title = f"The embedded jwk holds private key members ({listed})"
        first = (
            f"The jwk header includes {listed}, the private or secret part of the key."
        )
    explanation = f"{first} Everyone who sees the token can sign with that key."
    if proof is not None:
        kind, proof_reference = proof
        explanation += (
            f" A {kind} must carry only the client's public key: tokens bound to "
            "that key (cnf.jkt) are safe from theft only while the private key "
            "stays with the client. With it in the header, anyone who sees one "
            "proof (in a log, a proxy, a browser extension) can make proofs of "
            "their own and use the stolen tokens as bearer tokens again."
        )
        reference = f"{proof_reference.split('; ')[0]}; {reference}"
    return Finding(
        "JWK-PRIVATE",
        "critical",
        title,
        explanation,
        "Never publish private members: put only the public key in a jwk, "
        "and replace the exposed key"
        + (" along with every token bound to it." if proof is not None else "."),
        reference,
        segment="header",
        claim="jwk",
    )


_PROOF_TYPES = {
    "dpop+jwt": ("DPoP proof", "RFC 9449 §4.2, §4.3; RFC 7638"),
    "openid4vci-proof+jwt": (
        "OpenID4VCI key proof",
        "OpenID for Verifiable Credential Issuance 1.0 §8.2.1; RFC 7638",
    ),
}
"""typ values of proof-of-possession JWTs, which must carry the client's
public key in jwk and be signed with it: there the embedded key is the design."""


def _proof_jwk(ctx: _Context, verifies: bool) -> Finding:
    kind, reference = _PROOF_TYPES[ctx.typ or ""]
    purpose = (
        f"A {kind} carries the client's public key in jwk and is signed with the "
        "matching private key: that is how the client proves it holds the key "
        "its tokens are bound to, so here an embedded key is the design, not an "
        "attack. "
    )
    if verifies:
        return Finding(
            "JWK-EMBEDDED",
            "info",
            f"{kind} signed with the key it carries (jwk), as its profile requires",
            purpose + "The signature verifies with the embedded key. That proves "
            "possession of the key, not who the client is: anyone can make a "
            "proof for a key pair of their own.",
            "Accept the proof only if the key's RFC 7638 thumbprint matches the "
            "one the token is bound to (cnf.jkt in a DPoP-bound access token), "
            "htm and htu match the request, iat is recent and jti was not seen "
            "before.",
            reference,
            segment="header",
            claim="jwk",
        )
    return Finding(
        "JWK-EMBEDDED",
        "high",
        f"{kind} does not verify with the key it carries (jwk)",
        purpose + "This one's signature does not verify with its embedded key, "
        "so it was altered or signed with another key, and a server must reject "
        "it; one that accepts it is not checking proofs at all.",
        "Reject proofs whose signature does not verify with their own jwk, before "
        "any other check.",
        reference,
        segment="header",
        claim="jwk",
    )


def _verifies_with(ctx: _Context, jwk: dict[str, Any]) -> bool:
    if not ctx.is_jws or ctx.unsigned:
        return False
    try:
        key = load_key(json.dumps(jwk))
    except (InspectorError, TypeError, ValueError):
        return False
    if not isinstance(key, KeyMaterial):
        return False
    return check_signature(ctx.token, key).status is SignatureStatus.VALID


_DPOP_REFERENCE = "RFC 9449 §4.2, §4.3"
_DPOP_CLAIMS = {
    "jti": "a unique id, so that the server can refuse a proof it has seen before",
    "htm": "the HTTP method of the request the proof is for",
    "htu": "the URL of the request the proof is for",
    "iat": "when the proof was made: servers accept a proof only briefly after it",
}
"""The claims every DPoP proof must have (RFC 9449 §4.2), with what each is for."""


def _check_dpop(ctx: _Context) -> Iterator[Finding]:
    """What RFC 9449 requires of a DPoP proof that the general checks do not
    cover: a jwk that is a public key (JWK-PRIVATE and JWK-EMBEDDED judge the
    jwk itself), an asymmetric alg (ALG-NONE covers none) and four claims."""
    if ctx.typ != "dpop+jwt" or not ctx.is_jws or ctx.token.header is None:
        return
    jwk = ctx.header.get("jwk")
    if "jwk" not in ctx.header:
        yield _dpop_jwk(
            "DPoP proof without jwk: it names no key to check it with",
            "This one has no jwk, so it proves possession of no key and cannot be "
            "bound to any token; the server must reject it (RFC 9449 §4.3). One "
            "that accepts it, or finds a key some other way (kid, jku), is not "
            "checking proofs at all.",
        )
    elif isinstance(jwk, dict) and jwk.get("kty") == "oct" and "k" not in jwk:
        yield _dpop_jwk(
            'DPoP proof whose jwk is a symmetric key (kty "oct"), not a public key',
            'Its jwk has kty "oct", a shared secret. Published in the proof, such a '
            "key lets anyone sign; left out, as here (no k), it leaves the server "
            "nothing to check the signature with. Either way the proof cannot show "
            "that the client holds a private key.",
        )
    alg = ctx.alg
    if alg in crack.DIGEST_SIZES:
        yield Finding(
            "DPOP-ALG",
            "high",
            f"DPoP proof signed with {alg}, a symmetric (HMAC) algorithm",
            f"RFC 9449 §4.2 requires a DPoP proof to be signed with an asymmetric "
            f"algorithm, and a server must reject none and MAC algorithms such as "
            f"{alg} (§4.3). An HMAC needs a secret both sides share, yet the only "
            "key a proof offers is its public jwk: a server that runs HMAC with "
            "the jwk's bytes as the secret is open to algorithm confusion, since "
            "anyone can compute that MAC, and one that uses a shared client "
            "secret proves nothing about the key the token is bound to.",
            "Sign proofs with an asymmetric algorithm the server lists in "
            "dpop_signing_alg_values_supported (ES256 is the usual one), using the "
            "private key whose public half is in jwk.",
            _DPOP_REFERENCE,
            segment="header",
            claim="alg",
        )
    claims = ctx.claims
    if claims is None:
        return
    # iat of the wrong type gets NUMERICDATE-TYPE; only a missing one is listed.
    missing = [
        name
        for name in _DPOP_CLAIMS
        if name not in claims or (name != "iat" and claims[name] == "")
    ]
    if not missing:
        return
    listed = ", ".join(missing)
    uses = "; ".join(f"{name}, {_DPOP_CLAIMS[name]}" for name in missing)
    risks = [
        risk
        for names, risk in (
            ({"htm", "htu"}, "for other requests (another method or URL)"),
            ({"iat"}, "long after it was made"),
            ({"jti"}, "as often as they like, unnoticed"),
        )
        if names & set(missing)
    ]
    yield Finding(
        "DPOP-CLAIMS-MISSING",
        "medium",
        f"DPoP proof without required claims: {listed}",
        "typ says this is a DPoP proof, which must carry jti, htm, htu and iat "
        f"(RFC 9449 §4.2). This one has no {_and(missing, 'or')} ({uses}). A "
        "server that follows §4.3 rejects it; one that accepts it lets whoever "
        f"captures the proof use it again {_and(risks)}, which is what DPoP is "
        "meant to prevent.",
        "Give every proof a fresh random jti, the request's method in htm, its "
        "URL without query and fragment in htu, and the current time in iat; "
        "make a new proof for each request.",
        _DPOP_REFERENCE,
        segment="payload",
        claim=missing[0],
    )


def _dpop_jwk(title: str, detail: str) -> Finding:
    return Finding(
        "DPOP-JWK",
        "high",
        title,
        "A DPoP proof (typ dpop+jwt) must carry the client's public key in its jwk "
        "header and be signed with the matching private key (RFC 9449 §4.2): that "
        "key is what the access token is bound to (cnf.jkt) and the only key the "
        f"server checks the proof with. {detail}",
        "Put the public JWK of the client's key pair in the jwk header (kty, crv, "
        "x and y for EC; kty, n and e for RSA) and sign the proof with its private "
        "key.",
        f"{_DPOP_REFERENCE}; RFC 7638",
        segment="header",
        claim="jwk",
    )


def _check_x5c(ctx: _Context) -> Iterator[Finding]:
    if "x5c" not in ctx.header:
        return
    certificate = _leaf_certificate(ctx.header["x5c"])
    base = (
        "x5c carries the certificate (and chain) whose key signed the token. It "
        "may be trusted only after validating the chain up to a root you trust, "
        "with dates and revocation; PyJWT does none of that and ignores x5c, but "
        "a verifier that takes the key from it lets anyone who can make a "
        "certificate sign tokens. "
    )
    if certificate is None:
        yield _x5c_finding(
            "medium",
            "Certificate chain in the header (x5c) that cannot be read",
            base + "The first entry is not a base64 DER certificate.",
        )
        return
    subject = certificate.subject.rfc4514_string() or "(empty subject)"
    issuer = certificate.issuer.rfc4514_string() or "(empty issuer)"
    until = certificate.not_valid_after_utc.timestamp()
    details = [
        f"Leaf certificate: subject {subject}, issued by {issuer}, valid until "
        f"{format_utc(until)}."
    ]
    if until < ctx.now:
        details.append("It has expired.")
    self_issued = certificate.subject == certificate.issuer
    if self_issued:
        details.append("It is self-signed: anyone can make one.")
    verifies = _verifies_with_certificate(ctx, certificate)
    if verifies:
        details.append("The token's signature verifies with this certificate's key.")
    yield _x5c_finding(
        "high" if self_issued and verifies else "medium",
        f"Certificate chain in the header (x5c): {_q(subject, 60)}",
        base + " ".join(details),
    )


def _x5c_finding(severity: str, title: str, explanation: str) -> Finding:
    return Finding(
        "X5C-UNVALIDATED",
        severity,
        title,
        explanation,
        "Verify with keys you configured; if you must use x5c, validate the "
        "chain to a pinned root (and check dates and revocation) first.",
        "RFC 7515 §4.1.6; RFC 8725 §3.10",
        segment="header",
        claim="x5c",
    )


def _leaf_certificate(x5c: Any) -> x509.Certificate | None:
    if not isinstance(x5c, list) or not x5c or not isinstance(x5c[0], str):
        return None
    try:
        der = base64.b64decode(x5c[0], validate=True)
        return x509.load_der_x509_certificate(der)
    except (binascii.Error, ValueError):
        return None


def _verifies_with_certificate(ctx: _Context, certificate: x509.Certificate) -> bool:
    if not ctx.is_jws or ctx.unsigned:
        return False
    try:
        key = load_key(certificate.public_bytes(serialization.Encoding.DER))
    except InspectorError:
        return False
    if not isinstance(key, KeyMaterial):
        return False
    return check_signature(ctx.token, key).status is SignatureStatus.VALID


# --- kid -----------------------------------------------------------------------

_TRAVERSAL = re.compile(
    r"\.\.[/\\]|[/\\]\.\.|^\.\.$|^[/\\]|^[a-z]:[/\\]|/dev/|/proc/|/etc/|\x00"
    r"|%2e%2e|%2f|%5c|%00|%252e|^nul$",
    re.IGNORECASE,
)
# "--" starts a SQL comment only at the start or after a space or quote: inside
# a word it is ordinary (base64url thumbprints often contain it).
_SQL = (
    r"'|\"|(?:^|(?<=[\s'\"`]))--|;|/\*|\*/|\b(?:union|select)\b"
    r"|\b(?:or|and)\s+\S+\s*="
)
_INJECTION = (
    ("SQL", re.compile(_SQL, re.IGNORECASE)),
    ("LDAP", re.compile(r"[*()|&]")),
    ("shell", re.compile(r"`|\$\(|\$\{|\|\||&&|[|;<>]|\n|\r")),
)
_URL_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|//|file:|data:)", re.IGNORECASE)
_KID_REFERENCE = "RFC 8725 §2.9, §3.10; RFC 7515 §4.1.4"
_KID_ADVICE = (
    "Treat kid as an opaque label: look it up in a fixed table of known key ids "
    "and reject unknown ones; never build a file path, query or command from it."
)


def _check_kid(ctx: _Context) -> Iterator[Finding]:
    if "kid" not in ctx.header:
        return
    kid = ctx.header["kid"]
    if not isinstance(kid, str):
        yield _kid_type(
            "kid is not a string",
            f"kid is {_q(kid)}. RFC 7515 §4.1.4 makes it a string; libraries "
            "differ on other types (PyJWT rejects them, others convert them), so "
            "the key lookup becomes unpredictable.",
        )
        return
    if not kid:
        yield _kid_type(
            "kid is empty",
            'kid is "", which names no key; lookups with an empty id may match a '
            "default or a wildcard entry.",
        )
        return
    if len(kid) > MAX_KID_LENGTH:
        yield _kid_type(
            f"kid is {len(kid):,} characters long",
            f"Key ids are short labels; one over {MAX_KID_LENGTH} characters is "
            "padding for an injection or an attempt to overflow a lookup.",
        )
    if _TRAVERSAL.search(kid):
        yield Finding(
            "KID-TRAVERSAL",
            "high",
            f"kid contains a path traversal: {_q(kid)}",
            "Servers often use kid to find the key, sometimes as a file name. A "
            "kid like this walks out of the key folder; the classic attack points "
            "it at /dev/null or another file with known content and signs the "
            "token with that content (empty) as the HMAC secret.",
            _KID_ADVICE,
            _KID_REFERENCE,
            segment="header",
            claim="kid",
        )
    kinds = [kind for kind, pattern in _INJECTION if pattern.search(kid)]
    if kinds:
        yield Finding(
            "KID-INJECTION",
            "high",
            f"kid contains {'/'.join(kinds)} metacharacters: {_q(kid)}",
            f"If kid is pasted into a {' or '.join(kinds)} lookup, these characters "
            "change its meaning. The classic form makes a SQL key lookup return a "
            "value the attacker chose (' UNION SELECT 'key' --) and signs the "
            "token with it; in a shell they run commands.",
            _KID_ADVICE,
            _KID_REFERENCE,
            segment="header",
            claim="kid",
        )
    if _URL_LIKE.search(kid):
        yield _kid_type(
            f"kid is a URL: {_q(kid)}",
            "A URL in kid suggests the server downloads the key from wherever the "
            "token says, which lets the token's author choose the key and makes "
            "the server fetch arbitrary addresses (SSRF).",
        )
    elif any(ord(c) < 0x20 or ord(c) == 0x7F for c in kid) and not kinds:
        yield _kid_type(
            "kid contains control characters",
            f"kid is {_q(kid)}. Control characters have no place in a key id and "
            "break logs and lookups.",
        )


def _kid_type(title: str, explanation: str) -> Finding:
    return Finding(
        "KID-TYPE",
        "medium",
        title,
        explanation,
        _KID_ADVICE,
        _KID_REFERENCE,
        segment="header",
        claim="kid",
    )


# --- crit, b64, zip, typ, cty ------------------------------------------------

_REGISTERED_HEADER = frozenset(
    {
        "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ",
        "cty", "crit", "enc", "zip", "epk", "apu", "apv", "iv", "tag", "p2s",
        "p2c",
    }
)  # fmt: skip


def _check_crit(ctx: _Context) -> Iterator[Finding]:
    if "crit" not in ctx.header:
        return
    crit = ctx.header["crit"]
    if not isinstance(crit, list) or not all(isinstance(c, str) for c in crit):
        yield _crit_malformed("crit is not a list of names", f"crit is {_q(crit)}.")
        return
    if not crit:
        yield _crit_malformed("crit is empty", "crit is [], which RFC 7515 forbids.")
        return
    registered = [c for c in crit if c in _REGISTERED_HEADER]
    missing = [c for c in crit if c not in ctx.header]
    if registered:
        yield _crit_malformed(
            f"crit lists registered parameters: {', '.join(registered)}",
            "crit is only for extensions; names defined by JWS and JWA (alg, kid, "
            "…) must not appear in it.",
        )
    if missing:
        yield _crit_malformed(
            f"crit lists parameters absent from the header: {', '.join(missing)}",
            "Every name in crit must also be present in the header.",
        )
    unknown = [c for c in crit if c not in UNDERSTOOD_CRIT and c not in registered]
    if unknown:
        yield Finding(
            "CRIT-UNKNOWN",
            "high",
            f"crit marks unknown extensions as critical: {', '.join(unknown)}",
            "crit lists header parameters the verifier must understand and "
            "enforce; a verifier that does not know one MUST reject the token. "
            'PyJWT and this app understand only "b64". A verifier that ignores '
            f"crit silently skips whatever rule {', '.join(unknown)} was meant to "
            "impose.",
            "Use only extensions that every verifier implements, and make sure "
            "your verifier rejects tokens with unknown critical parameters.",
            "RFC 7515 §4.1.11",
            segment="header",
            claim="crit",
        )


def _crit_malformed(title: str, detail: str) -> Finding:
    return Finding(
        "CRIT-MALFORMED",
        "medium",
        title,
        f"{detail} crit must be a non-empty list of extension parameter names, "
        "each present in the header (RFC 7515 §4.1.11). A malformed crit is "
        "handled differently by different libraries.",
        "Fix the header so crit lists only the extensions it uses, or drop it.",
        "RFC 7515 §4.1.11",
        segment="header",
        claim="crit",
    )


def _check_b64(ctx: _Context) -> Iterator[Finding]:
    if "b64" not in ctx.header or ctx.header["b64"] is True:
        return
    value = ctx.header["b64"]
    crit = ctx.header.get("crit")
    listed = isinstance(crit, list) and "b64" in crit
    if value is False:
        title = "Unencoded payload: b64 is false (RFC 7797)"
        detail = ""
    else:
        title = f"b64 is {_q(value)}, not a boolean"
        detail = "b64 must be true or false. "
    if not listed:
        detail += (
            "b64 is not listed in crit, as RFC 7797 §6 requires, so a verifier "
            "that does not know b64 checks different bytes than were signed. "
        )
    yield Finding(
        "B64-FALSE",
        "medium",
        title,
        detail + "With b64 false the signature covers the raw payload, not its "
        "base64url text, and the compact form must carry it detached (an empty "
        "middle segment). Such a token is not a JWT: RFC 7797, which updates "
        "RFC 7519, says JWTs must not use it, and JWT libraries cannot read its "
        "payload as claims.",
        "Use b64 false only for detached-payload JWS between parties that both "
        "implement RFC 7797, always listed in crit; use a normal JWS for a JWT.",
        "RFC 7797 §3, §6",
        segment="header",
        claim="b64",
    )


def _check_zip(ctx: _Context) -> Iterator[Finding]:
    if "zip" not in ctx.header:
        return
    if ctx.token.is_encrypted:
        title = f"Compressed before encryption (zip: {_q(ctx.header['zip'])})"
        detail = (
            "Compressing before encrypting leaks information about the plaintext "
            "through the ciphertext length, and a small token can inflate to "
            "gigabytes when decompressed."
        )
    else:
        title = f"zip in a signed token's header ({_q(ctx.header['zip'])})"
        detail = (
            "zip is defined only for encrypted tokens (JWE, RFC 7516 §4.1.3); in a "
            "JWS it means nothing to a standard verifier, and a library that "
            "honours it would inflate data chosen by the token's author "
            "(decompression bomb)."
        )
    yield Finding(
        "ZIP",
        "medium",
        title,
        detail,
        "Do not compress token content; keep claims small instead.",
        "RFC 8725 §2.4, §3.6; RFC 7516 §4.1.3",
        segment="header",
        claim="zip",
    )


KNOWN_TYPES = frozenset(
    {
        "jwt", "jose", "jose+json", "at+jwt", "secevent+jwt", "dpop+jwt",
        "logout+jwt", "token-introspection+jwt", "oauth-authz-req+jwt",
        "oauth-client-attestation+jwt", "oauth-client-attestation-pop+jwt",
        "vc+jwt", "vp+jwt", "vc+sd-jwt", "dc+sd-jwt", "kb+jwt",
        "entity-statement+jwt", "trust-mark+jwt", "jwk-set+jwt",
        "openid4vci-proof+jwt", "txn+jwt", "rc+jwt",
    }
)  # fmt: skip
"""typ values recognised as registered or well-known, lowercase, without
"application/"."""

_TYP_ADVICE = (
    'Set an explicit typ for each kind of token (for example "at+jwt" for OAuth '
    "access tokens, RFC 9068) and check it when verifying."
)


def _check_typ(ctx: _Context) -> Iterator[Finding]:
    if ctx.token.header is None or ctx.token.is_encrypted:
        return
    if "typ" not in ctx.header:
        typing = _typing_claim(ctx.claims)
        yield Finding(
            "TYP-MISSING",
            "low" if typing is None else "info",
            "No typ in the header",
            "typ says what kind of token this is. Without it, a token made for one "
            "purpose (an ID token, a logout token) can be replayed where another "
            "kind is expected if its claims happen to fit (cross-JWT confusion)."
            + (
                ""
                if typing is None
                else f" Here the payload's own {typing[0]} claim, "
                f"{_q(typing[1])}, says the kind instead (Amazon Cognito does "
                "this with token_use). That keeps the kinds apart as long as every "
                "validator checks that claim (RFC 8725 §3.12); it is a payload "
                "claim, not the header's typ."
            ),
            _TYP_ADVICE,
            "RFC 8725 §2.8, §3.11, §3.12; RFC 7519 §5.1",
            segment="header",
            claim="typ",
        )
        return
    typ = ctx.typ
    if typ is not None and typ not in KNOWN_TYPES and typ.endswith("+jwt"):
        value = ctx.header["typ"]
        yield Finding(
            "TYP-UNUSUAL",
            "info",
            f"Issuer-specific typ {_q(value)}",
            f"typ is {_q(value)}, a media type with the +jwt suffix that is not in "
            "the IANA registry: the issuer's own name for this kind of token, such "
            'as Okta\'s "application/okta-internal-at+jwt". That is the explicit '
            "typing RFC 8725 §3.11 asks for; only verifiers that know the name can "
            "check it.",
            "Nothing to fix; when you validate these tokens, check typ for exactly "
            "this value.",
            "RFC 8725 §3.11; RFC 7515 §4.1.9",
            segment="header",
            claim="typ",
        )
    elif typ is None or typ not in KNOWN_TYPES:
        value = ctx.header["typ"]
        yield Finding(
            "TYP-UNUSUAL",
            "low",
            f"Unusual typ {_q(value)}",
            f"typ is {_q(value)}, which is not a registered JWT type. Verifiers "
            "that check typ will reject it, and those that do not cannot use it "
            "to tell token kinds apart. Usual values: JWT, at+jwt, secevent+jwt, "
            "dpop+jwt, logout+jwt (the 'application/' prefix is optional).",
            _TYP_ADVICE,
            "RFC 8725 §3.11; RFC 7515 §4.1.9",
            segment="header",
            claim="typ",
        )


_TYPING_CLAIMS = ("token_use", "token_type", "typ", "type")
"""Payload claims issuers use to say what kind of token it is: Cognito's
token_use ("access", "id"), Keycloak's typ ("Bearer", "ID", "Refresh")."""


def _typing_claim(claims: dict[str, Any] | None) -> tuple[str, str] | None:
    """(name, value) of the first payload claim naming the token's kind."""
    for name in _TYPING_CLAIMS:
        value = (claims or {}).get(name)
        if isinstance(value, str) and value.strip():
            return name, value
    return None


_COMPACT = re.compile(rb"^[\w-]+(?:\.[\w-]*){2}(?:(?:\.[\w-]*){2})?$")


def _check_nested(ctx: _Context) -> Iterator[Finding]:
    cty = _media_type(ctx.header.get("cty"))
    payload = ctx.token.payload_bytes
    looks_nested = (
        ctx.token.payload is None
        and payload is not None
        and payload.count(b".") in (2, 4)
        and _COMPACT.match(payload.strip()) is not None
    )
    if cty != "jwt" and not looks_nested:
        return
    title = (
        f"Nested token: cty is {_q(ctx.header.get('cty'))}"
        if cty == "jwt"
        else "Nested token: the payload is itself a compact token"
    )
    yield Finding(
        "NESTED",
        "medium",
        title,
        "The payload is another JWT (RFC 7519 §5.2). The outer signature only "
        "says who wrapped it; the inner token must be verified on its own, with "
        "its own key and algorithm checks. Code that decodes only the outer "
        "layer hands over unverified inner claims.",
        "Verify every layer: the outer one, then the inner token with the "
        "inner issuer's key.",
        "RFC 7519 §5.2; RFC 8725 §2.3, §3.3",
        segment="header" if cty == "jwt" else "payload",
        claim="cty" if cty == "jwt" else None,
    )


def _check_duplicates(ctx: _Context) -> Iterator[Finding]:
    for segment, name in ctx.token.duplicates:
        in_header = segment == "header"
        yield Finding(
            "JSON-DUP",
            "high" if in_header else "medium",
            f"Duplicate {_q(name)} in the {segment}",
            f"The member {_q(name)} appears more than once. JSON parsers disagree: "
            "Python and most libraries keep the last value, others the first, so a "
            "gateway and the application can read different values from the same "
            'token (alg "none" for one and "HS256" for the other, or sub "user" '
            'and "admin").',
            "Reject tokens with duplicate member names; the specifications require "
            "unique names.",
            "RFC 7515 §4" if in_header else "RFC 7519 §4; RFC 7515 §4",
            segment=segment,
            claim=name,
        )


def _check_size(ctx: _Context) -> Iterator[Finding]:
    size = len(ctx.token.token)
    if size <= MAX_TOKEN_SIZE:
        return
    skipped = ""
    if (
        ctx.options.check_weak_secrets
        and ctx.alg in crack.HMAC_DIGESTS
        and not _scan_fits(ctx)
    ):
        skipped = (
            f" The built-in weak-secret check was skipped: it runs on tokens up "
            f"to {MAX_SCAN_SIZE // 1024} KB (use 'lint --wordlist' for this one)."
        )
    yield Finding(
        "TOKEN-SIZE",
        "low",
        f"Token is {size / 1024:.1f} KB, over the usual 8 KB header limit",
        "Tokens travel in HTTP headers and cookies; many servers and proxies "
        "limit a header to 8 KB (and a cookie to 4 KB), so this token may be "
        "refused with 431 or 400 errors. Parsing very large tokens is also a "
        "denial-of-service vector." + skipped,
        "Keep claims small: refer to data by id and keep large permission lists "
        "on the server.",
        "RFC 6585 §5; RFC 8725 §3",
    )


def _check_jwe(ctx: _Context) -> Iterator[Finding]:
    if not ctx.token.is_encrypted:
        return
    yield Finding(
        "JWE",
        "info",
        "Encrypted token (JWE): only the header was checked",
        "The content is encrypted; without the decryption key this app can only "
        "audit the header (alg, enc, zip, key parameters).",
        "Decrypt it with the recipient's key to audit its claims.",
        "RFC 7516; RFC 8725 §2.3",
    )


# --- time claims -------------------------------------------------------------


def _check_time(ctx: _Context) -> Iterator[Finding]:
    claims = ctx.claims
    if claims is None or not ctx.is_jws:
        return
    usable: dict[str, float] = {}
    for name in NUMERIC_DATE_CLAIMS:
        if name not in claims:
            continue
        value = claims[name]
        if not is_numeric(value) or value < 0:
            if name in _VALIDATED_DATES:
                yield _numericdate_type(name, value)
            else:
                yield _profile_date_type(name, value)
        elif value >= MILLISECONDS_THRESHOLD:
            yield _milliseconds(name, value)
        else:
            usable[name] = float(value)
    if "exp" not in claims and not _exp_not_used(ctx, claims):
        yield _exp_missing(ctx)
    yield from _exp_findings(ctx, usable)
    yield from _future_findings(ctx, usable)


def _numericdate_title(name: str, value: Any) -> str:
    kind = {
        str: "a string", bool: "a boolean", type(None): "null", list: "an array",
        dict: "an object",
    }.get(type(value), "not a number")  # fmt: skip
    if is_numeric(value):
        kind = "negative"
    elif isinstance(value, int) and not isinstance(value, bool):
        kind = "too large to be a date"
    elif isinstance(value, float) and not math.isfinite(value):
        kind = "not a finite number"
    numeric = kind in ("negative", "too large to be a date")
    return f"{name} is {kind}" if numeric else f"{name} is {kind}, not a number"


def _numericdate_type(name: str, value: Any) -> Finding:
    return Finding(
        "NUMERICDATE-TYPE",
        "medium",
        _numericdate_title(name, value),
        f"{name} is {_q(value)}. A NumericDate is a JSON number of seconds since "
        "1970-01-01 UTC. Libraries treat other values differently: PyJWT turns "
        "numeric strings into numbers and reads true as 1, others reject the token "
        "or ignore the claim, so one verifier may enforce it while another "
        "silently does not.",
        f"Write {name} as a plain JSON number, for example 1700000000.",
        "RFC 7519 §2, §4.1.4",
        segment="payload",
        claim=name,
    )


_VALIDATED_DATES = frozenset({"exp", "nbf", "iat"})
"""The NumericDate claims JWT libraries enforce (RFC 7519 §4.1.4-4.1.6)."""


def _profile_date_type(name: str, value: Any) -> Finding:
    """auth_time or updated_at that is not a number: OpenID Connect makes both
    NumericDates, but no JWT library enforces them as it does exp."""
    if name == "updated_at":
        severity = "info"
        effect = (
            "It says when the user's profile last changed and plays no part in "
            "validating the token, so this is not a security problem. Some "
            "providers send an ISO 8601 string here (Auth0 does); code that "
            "compares it as a number, or parses it as a date, breaks on the other "
            "form."
        )
        advice = (
            "Nothing to fix in the token for security; parse updated_at as either "
            "a number or an ISO 8601 string when you display it."
        )
    else:
        severity = "low"
        effect = (
            "A client that sent max_age must compare auth_time with the current "
            "time and reject a login that is too old (OpenID Connect Core "
            "§3.1.3.7); with a value that is not a number, one implementation "
            "rejects the token and another skips the check, so the re-login rule "
            "may silently not apply."
        )
        advice = (
            f"Write {name} as a plain JSON number of seconds, for example 1700000000."
        )
    return Finding(
        "NUMERICDATE-TYPE",
        severity,
        _numericdate_title(name, value),
        f"{name} is {_q(value)}. OpenID Connect defines {name} as a JSON number of "
        f"seconds since 1970-01-01 UTC (OpenID Connect Core §2, §5.1). {effect}",
        advice,
        "OpenID Connect Core §2, §5.1; RFC 7519 §2",
        segment="payload",
        claim=name,
    )


_NO_EXP_TYPES = frozenset({"dpop+jwt", "openid4vci-proof+jwt", "secevent+jwt"})
"""typ values whose profile has no exp: a DPoP proof and an OpenID4VCI key
proof are accepted only briefly after their iat (RFC 9449 §4.3, §11.1), and a
Security Event Token leaves exp out so that no ID-token or access-token
validator accepts it (RFC 8417 §2.2, §4.1)."""
_BACKCHANNEL_LOGOUT = "http://schemas.openid.net/event/backchannel-logout"


def _exp_not_used(ctx: _Context, claims: dict[str, Any]) -> bool:
    """True for the token kinds that normally have no exp (see _NO_EXP_TYPES).

    A token with events but no typ is taken as a SET too, unless it is a
    back-channel logout token: those must have exp (OpenID Connect Back-Channel
    Logout 1.0 §2.4).
    """
    if ctx.typ in _NO_EXP_TYPES:
        return True
    events = claims.get("events")
    return (
        isinstance(events, dict)
        and ctx.typ != "logout+jwt"
        and _BACKCHANNEL_LOGOUT not in events
    )


def _milliseconds(name: str, value: float) -> Finding:
    return Finding(
        "NUMERICDATE-MS",
        "medium",
        f"{name} looks like milliseconds",
        f"{name} is {value:.0f}. Read as seconds, as RFC 7519 requires, that is "
        f"{format_utc(value)}; read as milliseconds it would be "
        f"{format_utc(value / 1000)}. A milliseconds value (JavaScript's "
        "Date.now()) makes exp thousands of years away and iat or nbf far in the "
        "future.",
        "Use seconds since 1970: Math.floor(Date.now() / 1000), int(time.time()).",
        "RFC 7519 §2, §4.1.4",
        segment="payload",
        claim=name,
    )


def _exp_missing(ctx: _Context) -> Finding:
    access = ctx.typ == "at+jwt"
    return Finding(
        "EXP-MISSING",
        "high" if access else "medium",
        "No exp: the token never expires",
        "Without an expiration time a stolen token works forever unless the "
        "server keeps a list of revoked tokens."
        + (" An OAuth access token (typ at+jwt) must have exp." if access else ""),
        "Set exp to a short lifetime (minutes for access tokens) and renew tokens "
        "with a refresh flow.",
        "RFC 7519 §4.1.4; RFC 9068 §2.2",
        segment="payload",
        claim="exp",
    )


def _is_refresh_token(claims: dict[str, Any]) -> bool:
    for name in ("token_type", "token_use", "typ", "type"):
        value = claims.get(name)
        if isinstance(value, str) and "refresh" in value.lower():
            return True
    return False


def _exp_findings(ctx: _Context, usable: dict[str, float]) -> Iterator[Finding]:
    exp = usable.get("exp")
    if exp is None:
        return
    if exp <= ctx.now:
        yield Finding(
            "EXP-EXPIRED",
            "info",
            f"Expired {relative_text(exp - ctx.now)}",
            f"exp is {format_utc(exp)}; verifiers reject the token from then on "
            "(give or take a small clock-skew allowance). This is the token's "
            "state, not a flaw.",
            "Get a fresh token; to test, change exp and sign again.",
            "RFC 7519 §4.1.4",
            segment="payload",
            claim="exp",
        )
    iat = usable.get("iat")
    if iat is not None and iat > exp:
        yield _order("iat", "exp", "it was issued after it expired")
    nbf = usable.get("nbf")
    if nbf is not None and nbf > exp:
        yield _order("nbf", "exp", "it is never valid")
    limit = ctx.options.max_lifetime
    if limit is None:
        return
    claims = ctx.claims or {}
    refresh = _is_refresh_token(claims)
    if refresh:
        limit = max(limit, LONG_LIFETIME)
    start = iat if iat is not None and iat <= exp else ctx.now
    if exp - start > limit:
        origin = "iat" if start == iat else "now"
        kind = "a refresh token" if refresh else "an access-type token"
        yield Finding(
            "LIFETIME-EXCESSIVE",
            "medium",
            f"Lifetime of {duration_text(exp - start)} exceeds {duration_text(limit)}",
            f"From {origin} to exp ({format_utc(exp)}) the token stays valid for "
            f"{duration_text(exp - start)}, more than the {duration_text(limit)} "
            f"allowed for {kind}. Bearer tokens get stolen (logs, browser storage, "
            "proxies), and a JWT cannot be recalled before exp without extra "
            "server state, so a long lifetime widens the window for misuse.",
            "Keep access tokens short-lived (minutes to hours) and renew them with "
            "refresh tokens.",
            "RFC 8725 §3; RFC 7519 §4.1.4",
            segment="payload",
            claim="exp",
        )


def _order(first: str, second: str, meaning: str) -> Finding:
    return Finding(
        "TIME-ORDER",
        "medium",
        f"{first} is after {second}: {meaning}",
        f"{first} comes later than {second}, which no correctly issued token does: "
        "the times were edited or computed with the wrong units or time zone.",
        "Compute iat, nbf and exp from one clock reading, in seconds, with "
        "iat ≤ nbf < exp.",
        "RFC 7519 §4.1.4, §4.1.5, §4.1.6",
        segment="payload",
        claim=first,
    )


def _future_findings(ctx: _Context, usable: dict[str, float]) -> Iterator[Finding]:
    for name in ("nbf", "iat"):
        value = usable.get(name)
        if value is None or value <= ctx.now + ctx.options.skew:
            continue
        ahead = value - ctx.now
        if name == "nbf":
            title = f"nbf is in the future: valid {relative_text(ahead)}"
            meaning = (
                f"nbf says the token is not valid before {format_utc(value)}. "
                "Verifiers reject it until then"
            )
        else:
            title = f"iat is in the future: issued {relative_text(ahead)}"
            meaning = (
                f"iat says the token was issued at {format_utc(value)}, which has "
                "not happened yet. PyJWT rejects such tokens"
            )
        yield Finding(
            "NBF-IAT-FUTURE",
            "low" if ahead <= 300 else "medium",
            title,
            f"{meaning}; {duration_text(ahead)} is more than the "
            f"{duration_text(ctx.options.skew)} of clock skew allowed. It usually "
            "means a wrong clock or time zone at the issuer, or edited times.",
            "Synchronise clocks (NTP) and set iat and nbf from the current UTC "
            "time in seconds.",
            "RFC 7519 §4.1.5, §4.1.6",
            segment="payload",
            claim=name,
        )


# --- identity claims, jti and token kinds -------------------------------------

_NO_ISS_TYPES = frozenset({"dpop+jwt", "kb+jwt"})
"""typ values whose profile has no iss: a DPoP proof (RFC 9449 §4.2) and an
SD-JWT key-binding JWT are made by the client, not by an issuer."""
_NO_AUD_TYPES = frozenset({"dpop+jwt"})
"""typ values whose profile has no aud: a DPoP proof names its target with
htm and htu instead (RFC 9449 §4.2)."""
_ACCESS_TOKEN_CLAIMS = ("iss", "exp", "aud", "sub", "client_id", "iat", "jti")
"""The claims RFC 9068 §2.2 requires in every JWT access token (typ at+jwt)."""
_ACCESS_ONLY_CLAIMS = {
    "sub": "the resource owner it was issued for, or the client itself when no "
    "user is involved",
    "client_id": "the client it was issued to",
    "iat": "when it was issued",
}
"""The required access-token claims that AT-CLAIMS-MISSING lists, with what each
says. The other four have findings of their own whatever the typ (ISS-MISSING,
EXP-MISSING, AUD-MISSING, JTI-MISSING), which for at+jwt say that RFC 9068
requires them and are more severe; listing them here as well would report one
missing claim twice."""


def _access_requires(name: str, access: bool) -> str:
    return (
        f" An OAuth access token (typ at+jwt) must have {name} (RFC 9068 §2.2)."
        if access
        else ""
    )


_PYJWT_STRING_CLAIMS = {
    "sub": ("InvalidSubjectError", "the subject", "RFC 7519 §4.1.2"),
    "jti": ("InvalidJTIError", "the token id", "RFC 7519 §4.1.7"),
}
_ID_TOKEN_CLAIMS = ("nonce", "at_hash", "c_hash", "s_hash", "azp")
"""Claims OpenID Connect defines for ID tokens. auth_time is not here: RFC
9068 §2.2.1 lets access tokens carry it too. azp is, but alone it does not mark
an access token as a relabelled ID token: many issuers put it in both."""
_LOGIN_CLAIMS = (*_ID_TOKEN_CLAIMS, "auth_time", "scope", "client_id")
_IDENTITY_REFERENCE = "RFC 8725 §2.7, §3.9; RFC 7519 §4.1.3"


def _json_kind(value: Any) -> str:
    """What a JSON value is, with its article: "a number", "an array"..."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return {
        str: "a string",
        type(None): "null",
        list: "an array",
        dict: "an object",
    }.get(type(value), "an unusual value")


def _check_identity(ctx: _Context) -> Iterator[Finding]:
    claims = ctx.claims
    if claims is None or not ctx.is_jws:
        return
    yield from _iss_findings(ctx, claims)
    yield from _aud_findings(ctx, claims)
    yield from _sub_findings(ctx, claims)
    for name in ("sub", "jti"):
        if name in claims and not isinstance(claims[name], str):
            yield _not_a_string(name, claims[name])


def _iss_findings(ctx: _Context, claims: dict[str, Any]) -> Iterator[Finding]:
    if "iss" not in claims or claims["iss"] == "":
        if ctx.typ in _NO_ISS_TYPES:
            return
        empty = "iss" in claims
        access = ctx.typ == "at+jwt"
        yield Finding(
            "ISS-MISSING",
            "medium" if access else "low",
            "iss is empty: the token does not say who issued it"
            if empty
            else "No iss: the token does not say who issued it",
            "iss names the issuer, the party that made and signed the token. "
            "Without it a verifier that trusts several issuers, or one key for "
            "several services, cannot check that this token comes from the one "
            "it expects, so a token issued elsewhere can be substituted. A "
            "verifier that does check the issuer (PyJWT's decode(..., "
            "issuer=...)) rejects the token." + _access_requires("iss", access),
            "Put the issuer's identifier in iss, an https URL for OpenID Connect "
            '(for example "https://auth.example.com"), and have verifiers check '
            "it with an exact match.",
            "RFC 8725 §3.8; RFC 7519 §4.1.1" + ("; RFC 9068 §2.2" if access else ""),
            segment="payload",
            claim="iss",
        )
        return
    iss = claims["iss"]
    if not isinstance(iss, str):
        yield Finding(
            "ISS-TYPE",
            "medium",
            f"iss is {_json_kind(iss)}, not a string",
            f"iss is {_q(iss)}. RFC 7519 makes it a string (a StringOrURI), "
            "compared exactly. A verifier that checks the issuer refuses the "
            'token (PyJWT: InvalidIssuerError "Payload Issuer (iss) must be a '
            'string"); one that converts it to text first may match an issuer it '
            "should not.",
            'Write iss as a JSON string, for example "https://auth.example.com".',
            "RFC 7519 §4.1.1; RFC 8725 §3.8",
            segment="payload",
            claim="iss",
        )
        return
    if _plain_http(iss):
        yield Finding(
            "ISS-NOT-HTTPS",
            "medium",
            f"iss uses http, not https: {_q(iss)}",
            f"The issuer is {_q(iss)}. Verifiers often find an issuer's keys "
            "from its URL (OpenID Connect discovery, /.well-known/jwks.json): "
            "over plain http anyone on the network path can swap those keys for "
            "their own and have their tokens accepted. OpenID Connect and OAuth "
            "metadata require an https issuer; http is acceptable only for a "
            "local test server (localhost).",
            "Use an https issuer URL, and fetch its metadata and keys over https only.",
            "OpenID Connect Core §2; RFC 8414 §2; RFC 8725 §3.8",
            segment="payload",
            claim="iss",
        )


def _sub_findings(ctx: _Context, claims: dict[str, Any]) -> Iterator[Finding]:
    """SUB-MISSING for an ID token only. RFC 7519 leaves sub optional, and many
    kinds of JWT rightly have none (DPoP and key proofs, SETs, logout tokens
    with sid, request objects), so a plain token without sub gets no finding,
    not even info: it would tell a learner nothing they could act on. Access
    tokens (at+jwt) get sub in AT-CLAIMS-MISSING."""
    if claims.get("sub", "") != "":
        return
    evidence = _id_token_evidence(ctx, claims)
    if evidence is None:
        return
    empty = "sub" in claims
    yield Finding(
        "SUB-MISSING",
        "medium",
        "sub is empty in an ID token: it does not say who logged in"
        if empty
        else "No sub in an ID token: it does not say who logged in",
        f"This looks like an OpenID Connect ID token: {evidence}. OpenID Connect "
        "requires sub in every ID token (Core §2): iss and sub together are the "
        "one stable, unique identifier of the user, the one a client must key "
        "its accounts on (Core §5.7). Without it a client either refuses the "
        "token or falls back to claims such as email or preferred_username, "
        "which can change, be reused or be set by the user at a lax provider, "
        "letting one person sign in as another. RFC 7519 leaves sub optional in "
        "JWTs in general; the ID token profile requires it.",
        "Have the provider put the user's stable id in sub (a string that is "
        "never reassigned), key accounts on iss and sub together, and require "
        'sub when verifying (PyJWT: options={"require": ["sub"]}).',
        "OpenID Connect Core §2, §5.7; RFC 7519 §4.1.2",
        segment="payload",
        claim="sub",
    )


def _id_token_evidence(ctx: _Context, claims: dict[str, Any]) -> str | None:
    """Why the token is taken for an ID token, or None.

    ID tokens have typ JWT or none. A typing claim decides when there is one:
    "id" marks an ID token (Cognito's token_use, Keycloak's typ "ID"), anything
    else another kind (Keycloak puts nonce in its typ "Bearer" access tokens).
    Otherwise nonce and the hashes mark one (not azp, which access tokens carry
    too, nor auth_time: RFC 9068 §2.2.1). Security event and logout tokens
    (events) are not ID tokens."""
    if ctx.typ not in (None, "jwt") or "events" in claims:
        return None
    typing = _typing_claim(claims)
    if typing is not None:
        if typing[1].strip().lower() == "id":
            return f"its {typing[0]} claim is {_q(typing[1])}"
        return None
    found = [name for name in _ID_TOKEN_CLAIMS if name in claims and name != "azp"]
    if found:
        return f"it carries {_and(found)}, which only ID tokens have"
    return None


def _plain_http(url: str) -> bool:
    """True for an http:// URL whose host is not a loopback name or address."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme.lower() != "http":
        return False
    if not host:
        return True
    name = host.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(name).is_loopback
    except ValueError:
        return True


def _aud_findings(ctx: _Context, claims: dict[str, Any]) -> Iterator[Finding]:
    if "aud" not in claims:
        if ctx.typ in _NO_AUD_TYPES:
            return
        client = claims.get("client_id")
        access = ctx.typ == "at+jwt"
        # client_id in place of aud is Cognito's format for tokens without typ;
        # a token that says at+jwt has no such excuse: RFC 9068 requires aud.
        named = isinstance(client, str) and bool(client.strip()) and not access
        yield Finding(
            "AUD-MISSING",
            "info" if named else "medium" if access else "low",
            "No aud: the token does not say who it is for",
            "aud names the recipients the token is meant for. Without it a token "
            "issued for one service is accepted by every other service that "
            "trusts the same issuer: whoever receives it (or steals it from a "
            "less careful service) can replay it elsewhere, the substitution "
            "attack of RFC 8725 §2.7. A verifier that requires an audience, such "
            "as PyJWT's decode(..., audience=...), refuses it."
            + _access_requires("aud", access)
            + (
                f" This token names the client it was issued to in client_id "
                f"({_q(client)}) instead, as Amazon Cognito access tokens do: "
                "that is the issuer's format, not a mistake in your setup, but "
                "it only protects a service that checks client_id (and scope) "
                "itself."
                if named
                else ""
            ),
            'Set aud to the service the token is for (for example "https://api.'
            'example.com") and have each service check that it is listed'
            + (
                "; where the issuer gives no aud, check client_id and scope "
                "against the values your service expects."
                if named
                else "."
            ),
            _IDENTITY_REFERENCE + ("; RFC 9068 §2.2" if access else ""),
            segment="payload",
            claim="aud",
        )
        return
    aud = claims["aud"]
    values = aud if isinstance(aud, list) else [aud]
    if not all(isinstance(value, str) for value in values):
        yield Finding(
            "AUD-TYPE",
            "medium",
            f"aud is {_json_kind(aud)}"
            + (" with a non-string member" if isinstance(aud, list) else "")
            + ", not a string or list of strings",
            f"aud is {_q(aud)}. RFC 7519 allows one string or an array of "
            "strings. A verifier that checks the audience refuses the token "
            '(PyJWT: InvalidAudienceError "Invalid claim format in token"), and '
            "one that converts values to text may match where it should not.",
            'Write aud as a string or an array of strings, for example ["https://'
            'api.example.com"].',
            _IDENTITY_REFERENCE,
            segment="payload",
            claim="aud",
        )
        return
    if not values or all(not value.strip() for value in values):
        if not isinstance(aud, list):
            title = "aud is empty"
        else:
            title = "aud lists only empty names" if aud else "aud is an empty list"
        yield _aud_wildcard(
            title,
            f"aud is {_q(aud)}, which names no recipient. Many verifiers treat an "
            "empty aud like a missing one: PyJWT without an audience accepts it, "
            "so the token is good for every service of the issuer.",
        )
        return
    wild = [value for value in values if "*" in value]
    if wild:
        yield _aud_wildcard(
            f"aud is wildcard-like: {_q(wild[0])}",
            f"aud contains {_q(wild[0])}. The audience is compared as an exact "
            "string (RFC 7519 §4.1.3): no standard gives '*' a meaning, yet "
            "home-made verifiers that treat it as a pattern accept the token at "
            "every service, which is what aud exists to prevent.",
        )


def _aud_wildcard(title: str, first: str) -> Finding:
    return Finding(
        "AUD-WILDCARD",
        "medium",
        title,
        f"{first} A token valid everywhere can be replayed from one service to "
        "another (the substitution attack of RFC 8725 §2.7).",
        "Issue each token for the services it is meant for, listed by name, and "
        "have each service check for its own name exactly.",
        _IDENTITY_REFERENCE,
        segment="payload",
        claim="aud",
    )


def _not_a_string(name: str, value: Any) -> Finding:
    error, meaning, section = _PYJWT_STRING_CLAIMS[name]
    example = '"user-123"' if name == "sub" else '"5f1c9b2e-7a"'
    return Finding(
        f"{name.upper()}-TYPE",
        "medium",
        f"{name} is {_json_kind(value)}, not a string",
        f"{name} is {_q(value)}. RFC 7519 makes {name}, {meaning}, a "
        "case-sensitive string, and PyJWT 2.10 and later enforce it: every "
        f"decode of this token fails with {error}, so a server using PyJWT "
        "refuses it even though the signature is right. Other libraries compare "
        f'{name} as text, so 123 and "123" may or may not be the same '
        + ("user." if name == "sub" else "token.")
        + (
            ' Writing "sub": user_id with a numeric database id, as many tutorials '
            "do, gives exactly this."
            if name == "sub" and isinstance(value, int) and not isinstance(value, bool)
            else ""
        ),
        f"Write {name} as a JSON string, for example {example} or "
        f"str(user_id) when the id is a number.",
        f"{section}; PyJWT 2.10.0",
        segment="payload",
        claim=name,
    )


def _check_jti(ctx: _Context) -> Iterator[Finding]:
    claims = ctx.claims
    if claims is None or not ctx.is_jws or "jti" in claims:
        return
    if ctx.typ == "dpop+jwt":
        return  # DPOP-CLAIMS-MISSING lists jti with the proof's other claims
    refresh = _is_refresh_token(claims) or "refresh" in (ctx.typ or "")
    access = ctx.typ == "at+jwt"
    yield Finding(
        "JTI-MISSING",
        "low" if refresh or access else "info",
        "No jti in a refresh token: it cannot be revoked on its own"
        if refresh
        else "No jti: this one token cannot be revoked or checked for replay",
        "jti is a unique id for one token. A server keeps the ids of revoked or "
        "already used tokens to refuse them before exp (a deny list), or to "
        "detect a one-time token being replayed; without it the only ways to cut "
        "a token off are to wait for exp or to revoke everything the user or key "
        "holds."
        + (
            " Refresh tokens live for days and are exactly the ones you need to "
            "revoke one by one (logout, theft, rotation)."
            if refresh
            else ""
        )
        + _access_requires("jti", access),
        "Give each token a random jti (for example secrets.token_urlsafe(16)) "
        "and keep revoked ids on the server until their exp.",
        "RFC 7519 §4.1.7; RFC 8725 §3" + ("; RFC 9068 §2.2" if access else ""),
        segment="payload",
        claim="jti",
    )


def _check_access_token(ctx: _Context) -> Iterator[Finding]:
    claims = ctx.claims
    if claims is None or not ctx.is_jws or ctx.typ != "at+jwt":
        return
    missing = _missing_access_claims(claims)
    if not missing or _id_claims_in_access_token(claims):
        # With ID-token claims the missing ones are named in CROSS-JWT instead:
        # one finding for one cause, an ID token relabelled as an access token.
        return
    listed = ", ".join(missing)
    uses = "; ".join(f"{name}, {_ACCESS_ONLY_CLAIMS[name]}" for name in missing)
    yield Finding(
        "AT-CLAIMS-MISSING",
        "medium",
        f"Access token (typ at+jwt) without required claims: {listed}",
        "typ says this is an OAuth access token in the JWT profile of RFC 9068, "
        f"which requires {_and(_ACCESS_TOKEN_CLAIMS)} in every one (§2.2). This "
        f"one has no {_and(missing, 'or')} ({uses}). A resource server that "
        "validates the profile rejects the token, and one that reads these "
        "claims anyway, to decide what the user may do or to check which client "
        "is calling, has nothing to go on and may fall back to a default.",
        "Issue access tokens with every claim RFC 9068 §2.2 requires; for the "
        "client credentials grant, where no user is involved, sub is the "
        "client's own id.",
        "RFC 9068 §2.2",
        segment="payload",
        claim=missing[0],
    )


def _missing_access_claims(claims: dict[str, Any]) -> list[str]:
    """The claims of _ACCESS_ONLY_CLAIMS that are absent (or, for the strings,
    empty: iat of the wrong type gets NUMERICDATE-TYPE instead)."""
    return [
        name
        for name in _ACCESS_ONLY_CLAIMS
        if name not in claims or (name != "iat" and claims[name] == "")
    ]


def _id_claims_in_access_token(claims: dict[str, Any]) -> list[str]:
    found = [name for name in _ID_TOKEN_CLAIMS if name in claims]
    if found == ["azp"]:
        # Keycloak, Entra ID and Auth0 name the client with azp in access
        # tokens too; only with nonce or a hash does it point to an ID token.
        return []
    return found


def _check_cross_jwt(ctx: _Context) -> Iterator[Finding]:
    claims = ctx.claims
    if claims is None or not ctx.is_jws:
        return
    typ = ctx.typ
    if typ == "at+jwt":
        found = _id_claims_in_access_token(claims)
        if found:
            listed = ", ".join(found)
            missing = _missing_access_claims(claims)
            yield _cross_jwt(
                f"Access token (typ at+jwt) with ID-token claims: {listed}",
                f"typ says this is an OAuth access token (RFC 9068), but it "
                f"carries {listed}, which only OpenID Connect ID tokens have"
                + (
                    f", and lacks {_and(missing)}, which RFC 9068 §2.2 "
                    "requires in every access token"
                    if missing
                    else ""
                )
                + ". Either an ID token was relabelled to be used as an access "
                "token, or the issuer mixes the two kinds; both let a token made "
                "for a client's login be presented to an API.",
                found[0],
            )
        return
    if "events" not in claims:
        return
    logout = typ == "logout+jwt"
    login = [name for name in _LOGIN_CLAIMS if name in claims]
    if "exp" in claims and not logout:
        login.insert(0, "exp")
    if not login:
        return
    listed = ", ".join(login)
    yield _cross_jwt(
        f"Security event token (events) with login-style claims: {listed}",
        "events marks a Security Event Token (RFC 8417) or a logout token: a "
        f"statement about something that happened. It also carries {listed}. "
        "SETs leave out exp and the ID and access token claims precisely so that "
        "no ID-token or access-token validator can accept one (RFC 8417 §4.1); "
        "with them, a SET may pass as a login or an API call.",
        "events",
    )


def _cross_jwt(title: str, first: str, claim: str) -> Finding:
    return Finding(
        "CROSS-JWT",
        "medium",
        title,
        f"{first} RFC 8725 calls this cross-JWT confusion: a token valid for one "
        "purpose accepted for another.",
        "Give each kind of token its own explicit typ (at+jwt, secevent+jwt, "
        "logout+jwt, JWT for ID tokens) and claims, and have each validator "
        "reject the other kinds.",
        "RFC 8725 §2.8, §3.12; RFC 9068 §2.1; RFC 8417 §4.1",
        segment="payload",
        claim=claim,
    )


# --- sensitive data ----------------------------------------------------------

_CREDENTIAL_PARTS = (
    "password", "passwd", "passphrase", "secret", "apikey", "privatekey",
    "accesskey", "clientsecret",
)  # fmt: skip
_CREDENTIAL_WORDS = frozenset({"pwd", "pass", "token", "credential", "credentials"})
# Long names are distinctive enough to find inside a word; short ones must be a
# whole word part ("ssn" is inside className, "tel" inside hotel_id).
_PERSONAL_PARTS = ("creditcard", "cardnumber", "socialsecurity")
_PERSONAL_WORDS = frozenset({"ssn", "cvv", "cvc", "iban"})
_PEM_PRIVATE = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")
# (what it is, pattern): the documented formats of widely leaked credentials.
_API_KEYS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "AWS access key id",
        re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])"),
    ),
    ("Google API key", re.compile(r"(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])")),
    ("Stripe live secret key", re.compile(r"(?<![\w-])sk_live_[0-9A-Za-z]{16,}")),
    ("Stripe restricted key", re.compile(r"(?<![\w-])rk_live_[0-9A-Za-z]{16,}")),
    (
        "GitHub token",
        re.compile(
            r"(?<![\w-])(?:gh[pousr]_[0-9A-Za-z]{36}|github_pat_[0-9A-Za-z_]{60,})"
            r"(?![\w-])"
        ),
    ),
    (
        "Slack token",
        re.compile(r"(?<![\w-])xox[baprs]-[0-9A-Za-z]+(?:-[0-9A-Za-z]+)+"),
    ),
    (
        "OpenAI-style API key",
        re.compile(r"(?<![\w-])sk-[0-9A-Za-z_-]{32,}(?![\w-])"),
    ),
)
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}\b"
)
_PHONE = re.compile(r"\+?[0-9][0-9 ().-]{5,22}[0-9]")
_PHONE_WORDS = frozenset({"phone", "mobile", "tel", "fax", "msisdn"})
_CARD = re.compile(r"(?<![\d.-])\d(?:[ -]?\d){12,18}(?![\d-])")
_PRIVACY_REFERENCE = "RFC 7519 §12; RFC 8725 §3"
_PRIVACY_ADVICE = (
    "Put only identifiers in the token (such as sub) and keep such data on the "
    "server; if it must travel, use an encrypted token (JWE)."
)


def _check_sensitive(ctx: _Context) -> Iterator[Finding]:
    if not ctx.is_jws or ctx.token.payload is None:
        return
    for path, name, value in _walk(ctx.token.payload):
        if isinstance(value, dict):
            yield from _private_jwk(path, value)
        if name is not None:
            yield from _sensitive_name(path, name, value)
        if isinstance(value, str):
            yield from _sensitive_text(path, name, value)
        elif isinstance(value, int) and not isinstance(value, bool):
            yield from _card_numbers(path, str(value))


def _walk(root: Any) -> Iterator[tuple[str, str | None, Any]]:
    """(path, member name or None, value) for every value under the payload."""
    stack: list[tuple[str, str | None, Any]] = [("", None, root)]
    visited = 0
    while stack and visited < _MAX_NODES:
        path, name, value = stack.pop()
        visited += 1
        if path:
            yield path, name, value
        children: list[tuple[str, str | None, Any]] = []
        if isinstance(value, dict):
            children = [
                (f"{path}.{key}" if path else str(key), str(key), item)
                for key, item in value.items()
            ]
        elif isinstance(value, list):
            children = [(f"{path}[{i}]", None, item) for i, item in enumerate(value)]
        stack.extend(reversed(children))


def _words(name: str) -> list[str]:
    """Word parts of a camelCase, snake_case or kebab-case name, lowercase."""
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)  # SSNLast4: SSN, Last4
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", spaced)
    return re.findall(r"[a-z0-9]+", spaced.lower())


def _sensitive_name(path: str, name: str, value: Any) -> Iterator[Finding]:
    if isinstance(value, bool) or value is None or value in ("", [], {}):
        return
    words = _words(name)
    joined = "".join(words)
    credential = (
        any(part in joined for part in _CREDENTIAL_PARTS) and "secretary" not in joined
    ) or bool(words and (words[-1] in _CREDENTIAL_WORDS or "pwd" in words))
    if credential and isinstance(value, str | dict | list):
        yield Finding(
            "SENSITIVE-NAME",
            "high",
            f"Credential in the payload: {_q(path)}",
            f"The claim {_q(path)} looks like a credential. A signed JWT is not "
            "encrypted: anyone who holds it (the browser, logs, proxies, "
            "analytics) can base64-decode the payload and read it.",
            "Remove it. Credentials must never travel inside a token; "
            + _PRIVACY_ADVICE[0].lower()
            + _PRIVACY_ADVICE[1:],
            _PRIVACY_REFERENCE,
            segment="payload",
            claim=path,
        )
    elif any(part in joined for part in _PERSONAL_PARTS) or _PERSONAL_WORDS & set(
        words
    ):
        yield Finding(
            "SENSITIVE-NAME",
            "medium",
            f"Personal or payment data in the payload: {_q(path)}",
            f"The claim {_q(path)} is named like payment or national-id data. The "
            "payload of a signed JWT is readable by anyone who holds the token.",
            _PRIVACY_ADVICE,
            _PRIVACY_REFERENCE,
            segment="payload",
            claim=path,
        )


def _private_jwk(path: str, value: dict[str, Any]) -> Iterator[Finding]:
    if "kty" not in value:
        return
    members = [m for m in _PRIVATE_JWK_MEMBERS if m in value]
    if members:
        yield _key_leak(
            path,
            f"Private JWK members in the payload: {_q(path)}",
            f"{_q(path)} is a JWK with private members ({', '.join(members)}).",
        )


def _sensitive_text(path: str, name: str | None, text: str) -> Iterator[Finding]:
    if _PEM_PRIVATE.search(text):
        yield _key_leak(
            path,
            f"Private key in the payload: {_q(path)}",
            f"{_q(path)} holds a PEM private key.",
        )
    yield from _api_keys(path, text)
    yield from _card_numbers(path, text)
    if match := _EMAIL.search(text):
        yield _personal(
            "PII-EMAIL",
            path,
            f"E-mail address in the payload: {_q(path)}",
            f"{_q(path)} holds an e-mail address ({_mask_email(match.group())}).",
        )
    if _looks_like_phone(text, _phone_named(name)):
        yield _personal(
            "PII-PHONE",
            path,
            f"Phone number in the payload: {_q(path)}",
            f"{_q(path)} holds a phone number (ending {_digits(text)[-3:]}).",
        )


def _api_keys(path: str, text: str) -> Iterator[Finding]:
    for what, pattern in _API_KEYS:
        match = next(filter(_key_shaped, pattern.finditer(text)), None)
        if match is not None:
            yield _key_leak(
                path,
                f"{what} in the payload: {_q(path)}",
                f"{_q(path)} holds {_article(what)} {what} ({match.group()[:8]}…).",
            )


def _key_shaped(match: re.Match[str]) -> bool:
    """Random key material mixes letters and digits; "sk-my-long-slug" does not."""
    body = match.group()
    if not body.startswith("sk-"):
        return True
    return any(c.isdigit() for c in body) and any(c.isupper() for c in body)


def _phone_named(name: str | None) -> bool:
    """True when a word part of the name says phone (telephone, tel_no, faxNumber)."""
    words = _words(name or "")
    return any(word in _PHONE_WORDS or word.endswith("phone") for word in words)


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _looks_like_phone(text: str, named: bool) -> bool:
    candidate = text.strip()
    if not _PHONE.fullmatch(candidate):
        return False
    digits = sum(c.isdigit() for c in candidate)
    return 7 <= digits <= 15 and (candidate.startswith("+") or named)


def _key_leak(path: str, title: str, first: str) -> Finding:
    return Finding(
        "SENSITIVE-KEY",
        "high",
        title,
        f"{first} The payload of a signed JWT is only base64url-encoded: anyone "
        "who holds the token can read the key and use it.",
        "Remove it, and revoke or rotate the exposed key now: it must be "
        "considered public.",
        _PRIVACY_REFERENCE,
        segment="payload",
        claim=path,
    )


def _personal(id_: str, path: str, title: str, first: str) -> Finding:
    return Finding(
        id_,
        "info",
        title,
        f"{first} Often intended (OpenID Connect has email and phone_number "
        "claims), but anyone holding the token can read it, and tokens end up in "
        "logs and browser storage.",
        "Include personal data only when the recipient needs it; otherwise use "
        "an opaque identifier.",
        _PRIVACY_REFERENCE,
        segment="payload",
        claim=path,
    )


def _card_numbers(path: str, text: str) -> Iterator[Finding]:
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        brand = card_brand(digits)
        if brand is None or not luhn_valid(digits):
            continue
        masked = digits[:6] + "*" * (len(digits) - 10) + digits[-4:]
        yield Finding(
            "SENSITIVE-CARD",
            "medium",
            f"Payment card number in the payload: {_q(path)}",
            f"{_q(path)} contains {masked}, {_article(brand)} {brand} number that "
            "passes the Luhn "
            "check. Card numbers in a readable token are exposed to everyone who "
            "holds it, and storing them this way breaks PCI DSS rules.",
            _PRIVACY_ADVICE,
            _PRIVACY_REFERENCE,
            segment="payload",
            claim=path,
        )
        return


def _article(word: str) -> str:
    return "an" if word[:1].upper() in "AEIOU" else "a"


def luhn_valid(digits: str) -> bool:
    """True when a string of digits passes the Luhn (mod 10) check."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def card_brand(digits: str) -> str | None:
    """The card network for a number's prefix and length, or None."""
    length = len(digits)
    two, four = int(digits[:2]), int(digits[:4])
    rules: tuple[tuple[bool, str], ...] = (
        (digits[0] == "4" and length in (13, 16, 19), "Visa"),
        ((51 <= two <= 55 or 2221 <= four <= 2720) and length == 16, "Mastercard"),
        (two in (34, 37) and length == 15, "American Express"),
        (
            (four == 6011 or two == 65 or 644 <= int(digits[:3]) <= 649)
            and 16 <= length <= 19,
            "Discover",
        ),
        (3528 <= four <= 3589 and 16 <= length <= 19, "JCB"),
        ((two in (36, 38, 39) or 300 <= int(digits[:3]) <= 305) and length == 14,
         "Diners Club"),
    )  # fmt: skip
    return next((brand for ok, brand in rules if ok), None)


def _mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


_CHECKS: tuple[Callable[[_Context], Iterator[Finding]], ...] = (
    _check_alg,
    _check_empty_signature,
    _check_weak_secret,
    _check_algorithm_confusion,
    _check_key_fit,
    _check_hmac_key_length,
    _check_weak_key,
    _check_ecdsa,
    _check_encoding,
    _check_duplicates,
    _check_remote_keys,
    _check_embedded_jwk,
    _check_dpop,
    _check_x5c,
    _check_kid,
    _check_crit,
    _check_b64,
    _check_zip,
    _check_typ,
    _check_nested,
    _check_time,
    _check_identity,
    _check_jti,
    _check_access_token,
    _check_cross_jwt,
    _check_sensitive,
    _check_size,
    _check_jwe,
)
