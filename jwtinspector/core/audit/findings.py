"""Findings: severities, the Finding record, sorting and the catalogue.

The catalogue declares every finding id once, with its severity, a generic
title, the advice and the reference. Checks build findings from their entry
(``CATALOGUE["ALG-NONE"].finding(...)``) with the token's specifics, so
nothing outside this module invents an id, and ``lint --json`` and the README
can list what the audit can say.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from jwtinspector.core.audit.json_catalogue import JSON_ENTRIES
from jwtinspector.core.audit.jwe_catalogue import JWE_ENTRIES
from jwtinspector.core.audit.key_catalogue import KEY_ENTRIES
from jwtinspector.core.audit.key_set_catalogue import KEY_SET_ENTRIES
from jwtinspector.core.audit.sd_jwt_catalogue import SD_JWT_ENTRIES


class Severity(StrEnum):
    """How bad a finding is, most to least severe.

    **critical**, the token is forgeable or was forged; **high**, a likely
    exploitable misconfiguration or an attack attempt; **medium**, a weak
    practice; **low**, hygiene; **info**, worth knowing.
    """

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"


SEVERITIES: tuple[Severity, ...] = tuple(Severity)
"""Most to least severe; findings are sorted in this order."""

BLOCKING_SEVERITIES = frozenset({Severity.CRITICAL, Severity.HIGH})
"""Severities that make ``jwtinspector lint`` exit with status 1."""

_MAX_FINDINGS_PER_ID = 20  # a payload with thousands of e-mails gives 20 findings


@dataclasses.dataclass(frozen=True)
class Finding:
    """One security finding.

    Attributes:
        id: Stable identifier, e.g. "ALG-NONE" or "KID-TRAVERSAL".
        severity: A ``Severity`` (plain strings such as "high" are accepted).
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
    severity: Severity
    title: str
    explanation: str
    advice: str
    reference: str
    segment: str | None = None
    claim: str | None = None
    secret: str | None = dataclasses.field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            severity = Severity(self.severity)
        except ValueError:
            raise ValueError(f"unknown severity {self.severity!r}") from None
        object.__setattr__(self, "severity", severity)
        if "\n" in self.title:
            raise ValueError("a finding's title is one line")

    @property
    def blocking(self) -> bool:
        """True for critical and high findings."""
        return self.severity in BLOCKING_SEVERITIES

    def to_dict(self) -> dict[str, Any]:
        """The finding as a JSON-ready object (the ``lint --json`` shape)."""
        fields = dataclasses.asdict(self)
        del fields["secret"]
        fields["severity"] = str(self.severity)
        return fields


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Most severe first; the order of checks within one severity; capped per id."""
    kept: list[Finding] = []
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.id] = counts.get(finding.id, 0) + 1
        if counts[finding.id] <= _MAX_FINDINGS_PER_ID:
            kept.append(finding)
    return tuple(sorted(kept, key=lambda f: SEVERITIES.index(f.severity)))


@dataclasses.dataclass(frozen=True)
class CatalogueEntry:
    """What one finding id means, declared once.

    Attributes:
        id: The finding id, e.g. "ALG-NONE".
        severities: Every severity the finding can have, most severe first;
            the first is ``severity``, the one a finding gets by default.
        title: A generic title, for lists of what the audit checks (a finding's
            own title names the token's value instead).
        advice: What to do; a finding may give more specific advice.
        reference: Where the rule comes from; a finding may cite more.
    """

    id: str
    severities: tuple[Severity, ...]
    title: str
    advice: str
    reference: str

    @property
    def severity(self) -> Severity:
        """The most severe form of this finding."""
        return self.severities[0]

    def finding(
        self,
        title: str,
        explanation: str,
        *,
        severity: Severity | str | None = None,
        advice: str | None = None,
        reference: str | None = None,
        segment: str | None = None,
        claim: str | None = None,
        secret: str | None = None,
    ) -> Finding:
        """A finding of this kind with the token's specifics.

        Raises:
            ValueError: ``severity`` is not one this entry declares.
        """
        chosen = self.severity if severity is None else Severity(severity)
        if chosen not in self.severities:
            raise ValueError(f"{self.id} is never {chosen}")
        return Finding(
            self.id,
            chosen,
            title,
            explanation,
            self.advice if advice is None else advice,
            self.reference if reference is None else reference,
            segment=segment,
            claim=claim,
            secret=secret,
        )

    def to_dict(self) -> dict[str, Any]:
        """The entry as a JSON-ready object (for ``lint --json`` and the README)."""
        return {
            "id": self.id,
            "severity": str(self.severity),
            "severities": [str(s) for s in self.severities],
            "title": self.title,
            "advice": self.advice,
            "reference": self.reference,
        }


_ENTRIES: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        "ALG-NONE",
        (Severity.CRITICAL, Severity.HIGH),
        "Unsigned token (alg none)",
        (
            "Reject unsigned tokens in any spelling of none. Verify with an "
            'algorithm list you choose, never with "none" in it and never taken '
            "from the header (RFC 8725 §3.1)."
        ),
        "RFC 8725 §2.1, §3.2; RFC 7518 §3.6",
    ),
    CatalogueEntry(
        "ALG-MISSING",
        (Severity.HIGH,),
        "Missing, empty or unregistered alg",
        "Sign with a registered algorithm and configure the verifier with the "
        "algorithm it expects, rather than reading it from the token.",
        "RFC 8725 §3.1; RFC 7515 §4.1.1",
    ),
    CatalogueEntry(
        "SIG-EMPTY",
        (Severity.HIGH,),
        "Empty signature",
        "Reject tokens whose signature is empty or does not verify with the "
        "key and algorithm you configured.",
        "RFC 8725 §2.1; RFC 7515 §5.2",
    ),
    CatalogueEntry(
        "WEAK-SECRET",
        (Severity.CRITICAL,),
        "The HMAC secret was guessed",
        "Replace the secret with random bytes at least as long as the hash "
        "output (for example 'openssl rand -base64 32' for HS256), keep it out "
        "of source code, and treat every token signed with the old secret as "
        "compromised.",
        "RFC 8725 §2.2, §3.5; RFC 7518 §3.2",
    ),
    CatalogueEntry(
        "WEAK-SECRET-KEY",
        (Severity.MEDIUM,),
        "Your key is a known weak secret",
        "Never configure a listed secret anywhere: use random bytes at least "
        "as long as the hash output (for example 'openssl rand -base64 32' for "
        "HS256).",
        "RFC 8725 §2.2, §3.5; RFC 7518 §3.2",
    ),
    CatalogueEntry(
        "ALG-CONFUSION-FORGED",
        (Severity.CRITICAL,),
        "Forged by algorithm confusion",
        (
            "Bind each key to exactly one algorithm and give the verifier that "
            'list (for example algorithms=["RS256"]); never derive it from the '
            "header."
        ),
        "RFC 8725 §2.1, §3.1; CVE-2015-9235",
    ),
    CatalogueEntry(
        "ALG-CONFUSION",
        (Severity.HIGH,),
        "HMAC token for an asymmetric key (algorithm confusion)",
        (
            "Bind each key to exactly one algorithm and give the verifier that "
            'list (for example algorithms=["RS256"]); never derive it from the '
            "header."
        ),
        "RFC 8725 §2.1, §3.1; CVE-2015-9235",
    ),
    CatalogueEntry(
        "ALG-KEY-MISMATCH",
        (Severity.HIGH,),
        "The algorithm does not fit your key",
        "Verify with the key and algorithm the issuer publishes; reject tokens "
        "whose alg is not the key's.",
        "RFC 8725 §3.1; RFC 7517 §4.4",
    ),
    CatalogueEntry(
        "HMAC-KEY-SHORT",
        (Severity.MEDIUM,),
        "HMAC secret shorter than the hash output",
        "Generate a random secret at least as long as the hash output "
        "('openssl rand -base64 32' for HS256).",
        "RFC 7518 §3.2; RFC 8725 §3.5",
    ),
    CatalogueEntry(
        "WEAK-KEY",
        (Severity.HIGH,),
        "Weak key",
        "Use an RSA key of 2048 bits or more (3072 for long-lived keys), or an "
        "EC or Ed25519 key.",
        "RFC 7518 §3.3, §3.5; RFC 8725 §3.5",
    ),
    CatalogueEntry(
        "ECDSA-PSYCHIC",
        (Severity.CRITICAL,),
        "ECDSA signature with r or s out of range (psychic signature)",
        "Treat the token as an attack. Use a library that checks 0 < r, s < n "
        "before verifying (PyJWT with cryptography does).",
        "CVE-2022-21449; RFC 7518 §3.4; RFC 8725 §3.4",
    ),
    CatalogueEntry(
        "ECDSA-FORMAT",
        (Severity.HIGH,),
        "ECDSA signature not in raw r‖s form",
        "Convert DER signatures to raw r‖s when signing (cryptography's "
        "decode_dss_signature gives r and s) and reject any other length when "
        "verifying.",
        "RFC 7518 §3.4; CVE-2022-21449",
    ),
    CatalogueEntry(
        "SIG-ENCODING",
        (Severity.MEDIUM,),
        "Padded or non-canonical base64url",
        "Encode with base64url without padding and reject segments that do not "
        "re-encode to the same text.",
        "RFC 7515 §2, §7.1",
    ),
    CatalogueEntry(
        "JSON-DUP",
        (Severity.HIGH, Severity.MEDIUM),
        "Duplicate member names in the header or payload",
        "Reject tokens with duplicate member names; the specifications require "
        "unique names.",
        "RFC 7515 §4; RFC 7519 §4",
    ),
    CatalogueEntry(
        "JKU-X5U",
        (Severity.CRITICAL, Severity.HIGH),
        "The header points to a key URL (jku or x5u)",
        "Verify only with keys from URLs configured on the server (or an "
        "allow-list of exact URLs); never fetch a key from a URL the token "
        "names.",
        "RFC 8725 §2.9, §3.10; RFC 7515 §4.1.2, §4.1.5",
    ),
    CatalogueEntry(
        "JWK-EMBEDDED",
        (Severity.CRITICAL, Severity.HIGH, Severity.INFO),
        "The header carries its own key (jwk)",
        "Ignore keys carried by the token; verify with keys you already trust, "
        "or accept a jwk only when its thumbprint (RFC 7638) is on an "
        "allow-list.",
        "RFC 7515 §4.1.3; RFC 8725 §3.10; CVE-2018-0114",
    ),
    CatalogueEntry(
        "JWK-PRIVATE",
        (Severity.CRITICAL,),
        "The embedded jwk holds private key members",
        "Never publish private members: put only the public key in a jwk, and "
        "replace the exposed key.",
        "RFC 7515 §4.1.3; RFC 7517 §4; RFC 7518 §6",
    ),
    CatalogueEntry(
        "DPOP-JWK",
        (Severity.HIGH,),
        "DPoP proof without a public jwk",
        "Put the public JWK of the client's key pair in the jwk header (kty, "
        "crv, x and y for EC; kty, n and e for RSA) and sign the proof with "
        "its private key.",
        "RFC 9449 §4.2, §4.3; RFC 7638",
    ),
    CatalogueEntry(
        "DPOP-ALG",
        (Severity.HIGH,),
        "DPoP proof signed with a symmetric algorithm",
        "Sign proofs with an asymmetric algorithm the server lists in "
        "dpop_signing_alg_values_supported (ES256 is the usual one), using the "
        "private key whose public half is in jwk.",
        "RFC 9449 §4.2, §4.3",
    ),
    CatalogueEntry(
        "DPOP-CLAIMS-MISSING",
        (Severity.MEDIUM,),
        "DPoP proof without required claims",
        "Give every proof a fresh random jti, the request's method in htm, its "
        "URL without query and fragment in htu, and the current time in iat; "
        "make a new proof for each request.",
        "RFC 9449 §4.2, §4.3",
    ),
    CatalogueEntry(
        "X5C-UNVALIDATED",
        (Severity.HIGH, Severity.MEDIUM),
        "Certificate chain in the header (x5c)",
        "Verify with keys you configured; if you must use x5c, validate the "
        "chain to a pinned root (and check dates and revocation) first.",
        "RFC 7515 §4.1.6; RFC 8725 §3.10",
    ),
    CatalogueEntry(
        "KID-TRAVERSAL",
        (Severity.HIGH,),
        "kid contains a path traversal",
        "Treat kid as an opaque label: look it up in a fixed table of known "
        "key ids and reject unknown ones; never build a file path, query or "
        "command from it.",
        "RFC 8725 §2.9, §3.10; RFC 7515 §4.1.4",
    ),
    CatalogueEntry(
        "KID-INJECTION",
        (Severity.HIGH,),
        "kid contains injection metacharacters",
        "Treat kid as an opaque label: look it up in a fixed table of known "
        "key ids and reject unknown ones; never build a file path, query or "
        "command from it.",
        "RFC 8725 §2.9, §3.10; RFC 7515 §4.1.4",
    ),
    CatalogueEntry(
        "KID-TYPE",
        (Severity.MEDIUM,),
        "kid is not a plain key label",
        "Treat kid as an opaque label: look it up in a fixed table of known "
        "key ids and reject unknown ones; never build a file path, query or "
        "command from it.",
        "RFC 8725 §2.9, §3.10; RFC 7515 §4.1.4",
    ),
    CatalogueEntry(
        "CRIT-UNKNOWN",
        (Severity.HIGH,),
        "crit lists an extension the verifier does not understand",
        "Use only extensions that every verifier implements, and make sure "
        "your verifier rejects tokens with unknown critical parameters.",
        "RFC 7515 §4.1.11",
    ),
    CatalogueEntry(
        "CRIT-MALFORMED",
        (Severity.MEDIUM,),
        "Malformed crit",
        "Fix the header so crit lists only the extensions it uses, or drop it.",
        "RFC 7515 §4.1.11",
    ),
    CatalogueEntry(
        "B64-FALSE",
        (Severity.MEDIUM,),
        "Unencoded payload (b64 false)",
        "Use b64 false only for detached-payload JWS between parties that both "
        "implement RFC 7797, always listed in crit; use a normal JWS for a JWT.",
        "RFC 7797 §3, §6",
    ),
    CatalogueEntry(
        "ZIP",
        (Severity.MEDIUM,),
        "Compressed content (zip)",
        "Do not compress token content; keep claims small instead.",
        "RFC 8725 §2.4, §3.6; RFC 7516 §4.1.3",
    ),
    CatalogueEntry(
        "TYP-MISSING",
        (Severity.LOW, Severity.INFO),
        "No typ in the header",
        (
            'Set an explicit typ for each kind of token (for example "at+jwt" for '
            "OAuth access tokens, RFC 9068) and check it when verifying."
        ),
        "RFC 8725 §2.8, §3.11, §3.12; RFC 7519 §5.1",
    ),
    CatalogueEntry(
        "TYP-UNUSUAL",
        (Severity.LOW, Severity.INFO),
        "Unusual typ",
        "Nothing to fix; when you validate these tokens, check typ for exactly "
        "this value.",
        "RFC 8725 §3.11; RFC 7515 §4.1.9",
    ),
    CatalogueEntry(
        "NESTED",
        (Severity.MEDIUM,),
        "Nested token",
        "Verify every layer: the outer one, then the inner token with the "
        "inner issuer's key.",
        "RFC 7519 §5.2; RFC 8725 §2.3, §3.3",
    ),
    CatalogueEntry(
        "TOKEN-SIZE",
        (Severity.LOW,),
        "Token too large",
        "Keep claims small: refer to data by id and keep large permission "
        "lists on the server.",
        "RFC 6585 §5; RFC 8725 §3",
    ),
    CatalogueEntry(
        "JWE",
        (Severity.INFO,),
        "Encrypted token (JWE): the claims cannot be audited",
        "Decrypt it with the recipient's key to audit its claims.",
        "RFC 7516; RFC 8725 §2.3",
    ),
    CatalogueEntry(
        "NUMERICDATE-TYPE",
        (Severity.MEDIUM, Severity.LOW, Severity.INFO),
        "A date claim is not a number",
        "Write the claim as a plain JSON number of seconds since 1970, for "
        "example 1700000000.",
        "RFC 7519 §2, §4.1.4",
    ),
    CatalogueEntry(
        "NUMERICDATE-MS",
        (Severity.MEDIUM,),
        "A date claim in milliseconds",
        ("Use seconds since 1970: Math.floor(Date.now() / 1000), int(time.time())."),
        "RFC 7519 §2, §4.1.4",
    ),
    CatalogueEntry(
        "EXP-MISSING",
        (Severity.HIGH, Severity.MEDIUM),
        "No expiry (exp)",
        "Set exp to a short lifetime (minutes for access tokens) and renew "
        "tokens with a refresh flow.",
        "RFC 7519 §4.1.4; RFC 9068 §2.2",
    ),
    CatalogueEntry(
        "EXP-EXPIRED",
        (Severity.INFO,),
        "Expired",
        "Get a fresh token; to test, change exp and sign again.",
        "RFC 7519 §4.1.4",
    ),
    CatalogueEntry(
        "LIFETIME-EXCESSIVE",
        (Severity.MEDIUM,),
        "Lifetime too long",
        "Keep access tokens short-lived (minutes to hours) and renew them with "
        "refresh tokens.",
        "RFC 8725 §3; RFC 7519 §4.1.4",
    ),
    CatalogueEntry(
        "TIME-ORDER",
        (Severity.MEDIUM,),
        "Dates in the wrong order",
        "Compute iat, nbf and exp from one clock reading, in seconds, with iat "
        "≤ nbf < exp.",
        "RFC 7519 §4.1.4, §4.1.5, §4.1.6",
    ),
    CatalogueEntry(
        "NBF-IAT-FUTURE",
        (Severity.MEDIUM, Severity.LOW),
        "iat or nbf in the future",
        "Synchronise clocks (NTP) and set iat and nbf from the current UTC "
        "time in seconds.",
        "RFC 7519 §4.1.5, §4.1.6",
    ),
    CatalogueEntry(
        "ISS-MISSING",
        (Severity.MEDIUM, Severity.LOW),
        "No issuer (iss)",
        (
            "Put the issuer's identifier in iss, an https URL for OpenID Connect "
            '(for example "https://auth.example.com"), and have verifiers check it '
            "with an exact match."
        ),
        "RFC 8725 §3.8; RFC 7519 §4.1.1",
    ),
    CatalogueEntry(
        "ISS-TYPE",
        (Severity.MEDIUM,),
        "iss is not a string",
        'Write iss as a JSON string, for example "https://auth.example.com".',
        "RFC 7519 §4.1.1; RFC 8725 §3.8",
    ),
    CatalogueEntry(
        "ISS-NOT-HTTPS",
        (Severity.MEDIUM,),
        "Issuer URL without https",
        ("Use an https issuer URL, and fetch its metadata and keys over https only."),
        "OpenID Connect Core §2; RFC 8414 §2; RFC 8725 §3.8",
    ),
    CatalogueEntry(
        "SUB-MISSING",
        (Severity.MEDIUM,),
        "No subject (sub)",
        (
            "Have the provider put the user's stable id in sub (a string that is "
            "never reassigned), key accounts on iss and sub together, and require "
            'sub when verifying (PyJWT: options={"require": ["sub"]}).'
        ),
        "OpenID Connect Core §2, §5.7; RFC 7519 §4.1.2",
    ),
    CatalogueEntry(
        "SUB-TYPE",
        (Severity.MEDIUM,),
        "sub is not a string",
        (
            'Write sub as a JSON string, for example "user-123" or str(user_id) '
            "when the id is a number."
        ),
        "RFC 7519 §4.1.2; PyJWT 2.10.0",
    ),
    CatalogueEntry(
        "AUD-MISSING",
        (Severity.MEDIUM, Severity.LOW, Severity.INFO),
        "No audience (aud)",
        (
            "Set aud to the service the token is for (for example "
            '"https://api.example.com") and have each service check that it is '
            "listed."
        ),
        "RFC 8725 §2.7, §3.9; RFC 7519 §4.1.3",
    ),
    CatalogueEntry(
        "AUD-TYPE",
        (Severity.MEDIUM,),
        "aud is not a string or an array of strings",
        (
            "Write aud as a string or an array of strings, for example "
            '["https://api.example.com"].'
        ),
        "RFC 8725 §2.7, §3.9; RFC 7519 §4.1.3",
    ),
    CatalogueEntry(
        "AUD-WILDCARD",
        (Severity.MEDIUM,),
        "Wildcard audience",
        "Issue each token for the services it is meant for, listed by name, "
        "and have each service check for its own name exactly.",
        "RFC 8725 §2.7, §3.9; RFC 7519 §4.1.3",
    ),
    CatalogueEntry(
        "JTI-MISSING",
        (Severity.LOW, Severity.INFO),
        "No token id (jti)",
        "Give each token a random jti (for example secrets.token_urlsafe(16)) "
        "and keep revoked ids on the server until their exp.",
        "RFC 7519 §4.1.7; RFC 8725 §3",
    ),
    CatalogueEntry(
        "JTI-TYPE",
        (Severity.MEDIUM,),
        "jti is not a string",
        (
            'Write jti as a JSON string, for example "5f1c9b2e-7a" or str(user_id) '
            "when the id is a number."
        ),
        "RFC 7519 §4.1.7; PyJWT 2.10.0",
    ),
    CatalogueEntry(
        "AT-CLAIMS-MISSING",
        (Severity.MEDIUM,),
        "Access token without required claims",
        "Issue access tokens with every claim RFC 9068 §2.2 requires; for the "
        "client credentials grant, where no user is involved, sub is the "
        "client's own id.",
        "RFC 9068 §2.2",
    ),
    CatalogueEntry(
        "CROSS-JWT",
        (Severity.MEDIUM,),
        "The token could pass for another kind of token",
        "Give each kind of token its own explicit typ (at+jwt, secevent+jwt, "
        "logout+jwt, JWT for ID tokens) and claims, and have each validator "
        "reject the other kinds.",
        "RFC 8725 §2.8, §3.12; RFC 9068 §2.1; RFC 8417 §4.1",
    ),
    CatalogueEntry(
        "SENSITIVE-NAME",
        (Severity.HIGH, Severity.MEDIUM),
        "A claim's name suggests sensitive data",
        "Put only identifiers in the token (such as sub) and keep such data on "
        "the server; if it must travel, use an encrypted token (JWE).",
        "RFC 7519 §12; RFC 8725 §3",
    ),
    CatalogueEntry(
        "SENSITIVE-KEY",
        (Severity.HIGH,),
        "A key or API key in the payload",
        "Remove it, and revoke or rotate the exposed key now: it must be "
        "considered public.",
        "RFC 7519 §12; RFC 8725 §3",
    ),
    CatalogueEntry(
        "SENSITIVE-CARD",
        (Severity.MEDIUM,),
        "A payment card number in the payload",
        "Put only identifiers in the token (such as sub) and keep such data on "
        "the server; if it must travel, use an encrypted token (JWE).",
        "RFC 7519 §12; RFC 8725 §3",
    ),
    CatalogueEntry(
        "PII-EMAIL",
        (Severity.INFO,),
        "An e-mail address in the payload",
        "Include personal data only when the recipient needs it; otherwise use "
        "an opaque identifier.",
        "RFC 7519 §12; RFC 8725 §3",
    ),
    CatalogueEntry(
        "PII-PHONE",
        (Severity.INFO,),
        "A phone number in the payload",
        "Include personal data only when the recipient needs it; otherwise use "
        "an opaque identifier.",
        "RFC 7519 §12; RFC 8725 §3",
    ),
)

_ENTRIES += tuple(
    CatalogueEntry(name, tuple(map(Severity, severities)), title, advice, reference)
    for name, severities, title, advice, reference in (
        *KEY_SET_ENTRIES,
        *JWE_ENTRIES,
        *SD_JWT_ENTRIES,
        *JSON_ENTRIES,
        *KEY_ENTRIES,
    )
)

CATALOGUE: dict[str, CatalogueEntry] = {entry.id: entry for entry in _ENTRIES}
"""Every finding id the audit can report, in about the order the checks run."""


def catalogue() -> tuple[CatalogueEntry, ...]:
    """Every catalogue entry (for ``lint`` and docs/findings.md)."""
    return tuple(CATALOGUE.values())
