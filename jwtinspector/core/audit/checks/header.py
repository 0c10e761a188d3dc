"""The rest of the header and the token's shape: kid, crit, b64, zip, typ,
nested tokens, duplicate members, size and encrypted tokens."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jwtinspector.core import crack
from jwtinspector.core.audit.context import (
    MAX_KID_LENGTH,
    MAX_SCAN_SIZE,
    MAX_TOKEN_SIZE,
    Context,
    bare,
    media_type,
    quoted,
    typing_claim,
)
from jwtinspector.core.audit.findings import CATALOGUE, Finding
from jwtinspector.core.audit.registry import check
from jwtinspector.core.verify import (
    UNDERSTOOD_CRIT,
)

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


@check("header", order=150)
def _check_kid(ctx: Context) -> Iterator[Finding]:
    if "kid" not in ctx.header:
        return
    kid = ctx.header["kid"]
    if not isinstance(kid, str):
        yield _kid_type(
            "kid is not a string",
            f"kid is {quoted(kid)}. RFC 7515 §4.1.4 makes it a string; libraries "
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
        yield CATALOGUE["KID-TRAVERSAL"].finding(
            f"kid contains a path traversal: {quoted(kid)}",
            "Servers often use kid to find the key, sometimes as a file name. A "
            "kid like this walks out of the key folder; the classic attack points "
            "it at /dev/null or another file with known content and signs the "
            "token with that content (empty) as the HMAC secret.",
            segment="header",
            claim="kid",
        )
    kinds = [kind for kind, pattern in _INJECTION if pattern.search(kid)]
    if kinds:
        yield CATALOGUE["KID-INJECTION"].finding(
            f"kid contains {'/'.join(kinds)} metacharacters: {quoted(kid)}",
            f"If kid is pasted into a {' or '.join(kinds)} lookup, these characters "
            "change its meaning. The classic form makes a SQL key lookup return a "
            "value the attacker chose (' UNION SELECT 'key' --) and signs the "
            "token with it; in a shell they run commands.",
            segment="header",
            claim="kid",
        )
    if _URL_LIKE.search(kid):
        yield _kid_type(
            f"kid is a URL: {quoted(kid)}",
            "A URL in kid suggests the server downloads the key from wherever the "
            "token says, which lets the token's author choose the key and makes "
            "the server fetch arbitrary addresses (SSRF).",
        )
    elif any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in kid) and not kinds:
        yield _kid_type(
            "kid contains control characters",
            f"kid is {quoted(kid)}. Control characters have no place in a key id and "
            "break logs and lookups.",
        )


def _kid_type(title: str, explanation: str) -> Finding:
    return CATALOGUE["KID-TYPE"].finding(
        title,
        explanation,
        segment="header",
        claim="kid",
    )


_REGISTERED_HEADER = frozenset(
    {
        "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ",
        "cty", "crit", "enc", "zip", "epk", "apu", "apv", "iv", "tag", "p2s",
        "p2c",
    }
)  # fmt: skip


@check("header", order=160)
def _check_crit(ctx: Context) -> Iterator[Finding]:
    if "crit" not in ctx.header:
        return
    crit = ctx.header["crit"]
    if not isinstance(crit, list) or not all(isinstance(c, str) for c in crit):
        yield _crit_malformed("crit is not a list of names", f"crit is {quoted(crit)}.")
        return
    if not crit:
        yield _crit_malformed("crit is empty", "crit is [], which RFC 7515 forbids.")
        return
    registered = [c for c in crit if c in _REGISTERED_HEADER]
    missing = [c for c in crit if c not in ctx.header]
    if registered:
        yield _crit_malformed(
            f"crit lists registered parameters: {_names(registered)}",
            "crit is only for extensions; names defined by JWS and JWA (alg, kid, "
            "…) must not appear in it.",
        )
    if missing:
        yield _crit_malformed(
            f"crit lists parameters absent from the header: {_names(missing)}",
            "Every name in crit must also be present in the header.",
        )
    unknown = [c for c in crit if c not in UNDERSTOOD_CRIT and c not in registered]
    if unknown:
        yield CATALOGUE["CRIT-UNKNOWN"].finding(
            f"crit marks unknown extensions as critical: {_names(unknown)}",
            "crit lists header parameters the verifier must understand and "
            "enforce; a verifier that does not know one MUST reject the token. "
            'PyJWT and this app understand only "b64". A verifier that ignores '
            f"crit silently skips whatever rule {_names(unknown)} was meant to "
            "impose.",
            segment="header",
            claim="crit",
        )


def _names(names: list[str]) -> str:
    """Header parameter names from the token, comma-separated, controls escaped."""
    return ", ".join(bare(name) for name in names)


def _crit_malformed(title: str, detail: str) -> Finding:
    return CATALOGUE["CRIT-MALFORMED"].finding(
        title,
        f"{detail} crit must be a non-empty list of extension parameter names, "
        "each present in the header (RFC 7515 §4.1.11). A malformed crit is "
        "handled differently by different libraries.",
        segment="header",
        claim="crit",
    )


@check("header", order=170)
def _check_b64(ctx: Context) -> Iterator[Finding]:
    if "b64" not in ctx.header or ctx.header["b64"] is True:
        return
    value = ctx.header["b64"]
    crit = ctx.header.get("crit")
    listed = isinstance(crit, list) and "b64" in crit
    if value is False:
        title = "Unencoded payload: b64 is false (RFC 7797)"
        detail = ""
    else:
        title = f"b64 is {quoted(value)}, not a boolean"
        detail = "b64 must be true or false. "
    if not listed:
        detail += (
            "b64 is not listed in crit, as RFC 7797 §6 requires, so a verifier "
            "that does not know b64 checks different bytes than were signed. "
        )
    yield CATALOGUE["B64-FALSE"].finding(
        title,
        detail + "With b64 false the signature covers the raw payload, not its "
        "base64url text; in the compact form it must hold no '.', or travel "
        "detached (an empty middle segment, RFC 7797 §5.2). Such a token is "
        "not a JWT: RFC 7797, which updates "
        "RFC 7519, says JWTs must not use it, and JWT libraries cannot read its "
        "payload as claims.",
        segment="header",
        claim="b64",
    )


@check("header", order=180)
def _check_zip(ctx: Context) -> Iterator[Finding]:
    if "zip" not in ctx.header:
        return
    if ctx.token.is_encrypted:
        title = f"Compressed before encryption (zip: {quoted(ctx.header['zip'])})"
        detail = (
            "Compressing before encrypting leaks information about the plaintext "
            "through the ciphertext length, and a small token can inflate to "
            "gigabytes when decompressed."
        )
    else:
        title = f"zip in a signed token's header ({quoted(ctx.header['zip'])})"
        detail = (
            "zip is defined only for encrypted tokens (JWE, RFC 7516 §4.1.3); in a "
            "JWS it means nothing to a standard verifier, and a library that "
            "honours it would inflate data chosen by the token's author "
            "(decompression bomb)."
        )
    yield CATALOGUE["ZIP"].finding(
        title,
        detail,
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


@check("header", order=190)
def _check_typ(ctx: Context) -> Iterator[Finding]:
    if ctx.token.header is None or ctx.token.is_encrypted:
        return
    if "typ" not in ctx.header:
        typing = typing_claim(ctx.claims)
        yield CATALOGUE["TYP-MISSING"].finding(
            "No typ in the header",
            "typ says what kind of token this is. Without it, a token made for one "
            "purpose (an ID token, a logout token) can be replayed where another "
            "kind is expected if its claims happen to fit (cross-JWT confusion)."
            + (
                ""
                if typing is None
                else f" Here the payload's own {typing[0]} claim, "
                f"{quoted(typing[1])}, says the kind instead (Amazon Cognito does "
                "this with token_use). That keeps the kinds apart as long as every "
                "validator checks that claim (RFC 8725 §3.12); it is a payload "
                "claim, not the header's typ."
            ),
            severity="low" if typing is None else "info",
            segment="header",
            claim="typ",
        )
        return
    typ = ctx.typ
    if typ is not None and typ not in KNOWN_TYPES and typ.endswith("+jwt"):
        value = ctx.header["typ"]
        yield CATALOGUE["TYP-UNUSUAL"].finding(
            f"Issuer-specific typ {quoted(value)}",
            f"typ is {quoted(value)}, a media type with the +jwt suffix that is not in "
            "the IANA registry: the issuer's own name for this kind of token, such "
            'as Okta\'s "application/okta-internal-at+jwt". That is the explicit '
            "typing RFC 8725 §3.11 asks for; only verifiers that know the name can "
            "check it.",
            severity="info",
            segment="header",
            claim="typ",
        )
    elif typ is None or typ not in KNOWN_TYPES:
        value = ctx.header["typ"]
        yield CATALOGUE["TYP-UNUSUAL"].finding(
            f"Unusual typ {quoted(value)}",
            f"typ is {quoted(value)}, which is not a registered JWT type. Verifiers "
            "that check typ will reject it, and those that do not cannot use it "
            "to tell token kinds apart. Usual values: JWT, at+jwt, secevent+jwt, "
            "dpop+jwt, logout+jwt (the 'application/' prefix is optional).",
            advice=CATALOGUE["TYP-MISSING"].advice,
            segment="header",
            claim="typ",
        )


_COMPACT = re.compile(rb"^[\w-]+(?:\.[\w-]*){2}(?:(?:\.[\w-]*){2})?$")


@check("header", order=200)
def _check_nested(ctx: Context) -> Iterator[Finding]:
    cty = media_type(ctx.header.get("cty"))
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
        f"Nested token: cty is {quoted(ctx.header.get('cty'))}"
        if cty == "jwt"
        else "Nested token: the payload is itself a compact token"
    )
    yield CATALOGUE["NESTED"].finding(
        title,
        "The payload is another JWT (RFC 7519 §5.2). The outer signature only "
        "says who wrapped it; the inner token must be verified on its own, with "
        "its own key and algorithm checks. Code that decodes only the outer "
        "layer hands over unverified inner claims.",
        segment="header" if cty == "jwt" else "payload",
        claim="cty" if cty == "jwt" else None,
    )


_DUPLICATES_NAMED = 5
"""Repeated names per part given a finding each; more are one grouped finding."""


@check("header", order=100)
def _check_duplicates(ctx: Context) -> Iterator[Finding]:
    by_segment: dict[str, list[str]] = {}
    for segment, name in ctx.token.duplicates:
        by_segment.setdefault(segment, []).append(name)
    for segment, names in by_segment.items():
        in_header = segment == "header"
        many = len(names) > _DUPLICATES_NAMED
        title = (
            f"{len(names):,} duplicate member names in the {segment}, first "
            f"{quoted(names[0])}"
            if many
            else ""
        )
        for name in names[:1] if many else names:
            yield CATALOGUE["JSON-DUP"].finding(
                title or f"Duplicate {quoted(name)} in the {segment}",
                f"The member {quoted(name)} appears more than once"
                + (f", and {len(names) - 1:,} other names do too" if many else "")
                + ". JSON parsers disagree: Python and most libraries keep the "
                "last value, others the first, so a gateway and the application "
                "can read different values from the same token "
                '(alg "none" for one and "HS256" for the other, or sub "user" '
                'and "admin").',
                severity="high" if in_header else "medium",
                reference="RFC 7515 §4" if in_header else "RFC 7519 §4; RFC 7515 §4",
                segment=segment,
                claim=name,
            )


@check("header", order=270)
def _check_size(ctx: Context) -> Iterator[Finding]:
    size = len(ctx.token.token)
    if size <= MAX_TOKEN_SIZE:
        return
    skipped = ""
    if (
        ctx.options.check_weak_secrets
        and ctx.alg in crack.HMAC_DIGESTS
        and not ctx.scan_fits
    ):
        skipped = (
            f" The built-in weak-secret check was skipped: it runs on tokens up "
            f"to {MAX_SCAN_SIZE // 1024} KB (use 'lint --wordlist' for this one)."
        )
    yield CATALOGUE["TOKEN-SIZE"].finding(
        f"Token is {size / 1024:.1f} KB, over the usual 8 KB header limit",
        "Tokens travel in HTTP headers and cookies; many servers and proxies "
        "limit a header to 8 KB (and a cookie to 4 KB), so this token may be "
        "refused with 431 or 400 errors. Parsing very large tokens is also a "
        "denial-of-service vector." + skipped,
    )


@check("header", order=280)
def _check_jwe(ctx: Context) -> Iterator[Finding]:
    if not ctx.token.is_encrypted:
        return
    yield CATALOGUE["JWE"].finding(
        "Encrypted token (JWE): only the header was checked",
        "The content is encrypted; without the decryption key this app can only "
        "audit the header (alg, enc, zip, key parameters).",
    )
