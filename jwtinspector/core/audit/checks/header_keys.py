"""Header parameters that carry or point to keys: jku and x5u, an embedded jwk
(and proof-of-possession tokens such as DPoP, where it is the design), x5c."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from jwtinspector.core.algorithms import HMAC_MIN_KEY_BYTES
from jwtinspector.core.audit.context import (
    PRIVATE_JWK_MEMBERS,
    Context,
    bare,
    join_words,
    leaf_certificate,
    quoted,
)
from jwtinspector.core.audit.findings import CATALOGUE, Finding
from jwtinspector.core.audit.registry import check
from jwtinspector.core.errors import InspectorError
from jwtinspector.core.keys import (
    KeyMaterial,
    load_key,
)
from jwtinspector.core.numericdate import (
    format_utc,
)
from jwtinspector.core.verify import (
    SignatureStatus,
    check_signature,
)


@check("header keys", order=110)
def _check_remote_keys(ctx: Context) -> Iterator[Finding]:
    for name in ("jku", "x5u"):
        if name in ctx.header:
            yield _remote_key_finding(name, ctx.header[name], ctx.claims or {})


def _remote_key_finding(name: str, value: Any, claims: dict[str, Any]) -> Finding:
    what = "key set (JWKS)" if name == "jku" else "certificate chain"
    reasons, escalate = _url_concerns(value, claims.get("iss"))
    host = _host_of(value)
    title = f"{name} points to a remote {what}" + (f" on {bare(host)}" if host else "")
    section = "§4.1.2" if name == "jku" else "§4.1.5"
    return CATALOGUE["JKU-X5U"].finding(
        title,
        f"The {name} header tells the verifier where to download the {what} "
        "that checks this token. A verifier that follows it lets whoever writes "
        "the token choose the key: sign with your own key, host it, point "
        f"{name} at it. It can also make the server fetch any address "
        "(server-side request forgery). This app never fetches it. "
        + " ".join(reasons),
        severity="critical" if escalate else "high",
        advice=f"Verify only with keys from URLs configured on the server (an "
        f"allow-list, matched exactly); ignore {name} from the token otherwise.",
        reference=f"RFC 8725 §2.9, §3.10; RFC 7515 {section}",
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
        return [f"Its value {quoted(value)} is not even a URL string."], True
    try:
        parts = urlsplit(value.strip())
        host = parts.hostname
        userinfo = parts.username is not None or "@" in parts.netloc
    except ValueError:
        return [f"{quoted(value)} is not a valid URL."], True
    reasons: list[str] = []
    if parts.scheme.lower() != "https":
        scheme = bare(parts.scheme) or "no scheme"
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
            f"Its host {bare(host)} is not the issuer's host {bare(iss_host)}: the key "
            "would come from somebody other than the issuer."
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
    shown = bare(host)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        lowered = host.lower().rstrip(".")
        if lowered == "localhost" or lowered.endswith(
            (".localhost", ".local", ".internal")
        ):
            return [f"It points to {shown}, a local or internal name (SSRF)."]
        return []
    if address.is_loopback or address.is_private or address.is_link_local:
        return [
            f"It points to {shown}, a loopback, private or link-local address "
            "(SSRF: cloud metadata services live at 169.254.169.254)."
        ]
    if address.is_unspecified or address.is_reserved or address.is_multicast:
        return [f"It points to {shown}, a reserved address (SSRF)."]
    return [f"It points to the IP address {shown} instead of a host name."]


@check("header keys", order=120)
def _check_embedded_jwk(ctx: Context) -> Iterator[Finding]:
    if "jwk" not in ctx.header:
        return
    jwk = ctx.header["jwk"]
    if not isinstance(jwk, dict):
        yield CATALOGUE["JWK-EMBEDDED"].finding(
            "The jwk header is not a JSON object",
            f"jwk should hold a public key as a JWK object; it is {quoted(jwk)}. A "
            "malformed embedded key is a probe for parsers that trust it.",
            severity="high",
            segment="header",
            claim="jwk",
        )
        return
    private = [m for m in PRIVATE_JWK_MEMBERS if m in jwk]
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
    yield CATALOGUE["JWK-EMBEDDED"].finding(
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
        severity="critical" if self_signed else "high",
        segment="header",
        claim="jwk",
    )


def _private_jwk_header(ctx: Context, private: list[str], symmetric: bool) -> Finding:
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
    return CATALOGUE["JWK-PRIVATE"].finding(
        title,
        explanation,
        advice="Never publish private members: put only the public key in a jwk, "
        "and replace the exposed key"
        + (" along with every token bound to it." if proof is not None else "."),
        reference=reference,
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


def _proof_jwk(ctx: Context, verifies: bool) -> Finding:
    kind, reference = _PROOF_TYPES[ctx.typ or ""]
    purpose = (
        f"A {kind} carries the client's public key in jwk and is signed with the "
        "matching private key: that is how the client proves it holds the key "
        "its tokens are bound to, so here an embedded key is the design, not an "
        "attack. "
    )
    if verifies:
        return CATALOGUE["JWK-EMBEDDED"].finding(
            f"{kind} signed with the key it carries (jwk), as its profile requires",
            purpose + "The signature verifies with the embedded key. That proves "
            "possession of the key, not who the client is: anyone can make a "
            "proof for a key pair of their own.",
            severity="info",
            advice="Accept the proof only if the key's RFC 7638 thumbprint matches the "
            "one the token is bound to (cnf.jkt in a DPoP-bound access token), "
            "htm and htu match the request, iat is recent and jti was not seen "
            "before.",
            reference=reference,
            segment="header",
            claim="jwk",
        )
    return CATALOGUE["JWK-EMBEDDED"].finding(
        f"{kind} does not verify with the key it carries (jwk)",
        purpose + "This one's signature does not verify with its embedded key, "
        "so it was altered or signed with another key, and a server must reject "
        "it; one that accepts it is not checking proofs at all.",
        severity="high",
        advice="Reject proofs whose signature does not verify with their own jwk, "
        "before any other check.",
        reference=reference,
        segment="header",
        claim="jwk",
    )


def _verifies_with(ctx: Context, jwk: dict[str, Any]) -> bool:
    if not ctx.is_jws or ctx.unsigned:
        return False
    try:
        key = load_key(json.dumps(jwk))
    except (InspectorError, TypeError, ValueError):
        return False
    if not isinstance(key, KeyMaterial):
        return False
    return check_signature(ctx.token, key).status is SignatureStatus.VALID


_DPOP_CLAIMS = {
    "jti": "a unique id, so that the server can refuse a proof it has seen before",
    "htm": "the HTTP method of the request the proof is for",
    "htu": "the URL of the request the proof is for",
    "iat": "when the proof was made: servers accept a proof only briefly after it",
}
"""The claims every DPoP proof must have (RFC 9449 §4.2), with what each is for."""


@check("header keys", order=130)
def _check_dpop(ctx: Context) -> Iterator[Finding]:
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
    if alg in HMAC_MIN_KEY_BYTES:
        yield CATALOGUE["DPOP-ALG"].finding(
            f"DPoP proof signed with {alg}, a symmetric (HMAC) algorithm",
            f"RFC 9449 §4.2 requires a DPoP proof to be signed with an asymmetric "
            f"algorithm, and a server must reject none and MAC algorithms such as "
            f"{alg} (§4.3). An HMAC needs a secret both sides share, yet the only "
            "key a proof offers is its public jwk: a server that runs HMAC with "
            "the jwk's bytes as the secret is open to algorithm confusion, since "
            "anyone can compute that MAC, and one that uses a shared client "
            "secret proves nothing about the key the token is bound to.",
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
    yield CATALOGUE["DPOP-CLAIMS-MISSING"].finding(
        f"DPoP proof without required claims: {listed}",
        "typ says this is a DPoP proof, which must carry jti, htm, htu and iat "
        f"(RFC 9449 §4.2). This one has no {join_words(missing, 'or')} ({uses}). A "
        "server that follows §4.3 rejects it; one that accepts it lets whoever "
        f"captures the proof use it again {join_words(risks)}, which is what DPoP is "
        "meant to prevent.",
        segment="payload",
        claim=missing[0],
    )


def _dpop_jwk(title: str, detail: str) -> Finding:
    return CATALOGUE["DPOP-JWK"].finding(
        title,
        "A DPoP proof (typ dpop+jwt) must carry the client's public key in its jwk "
        "header and be signed with the matching private key (RFC 9449 §4.2): that "
        "key is what the access token is bound to (cnf.jkt) and the only key the "
        f"server checks the proof with. {detail}",
        segment="header",
        claim="jwk",
    )


@check("header keys", order=140)
def _check_x5c(ctx: Context) -> Iterator[Finding]:
    if "x5c" not in ctx.header:
        return
    certificate = leaf_certificate(ctx.header["x5c"])
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
    subject = bare(certificate.subject.rfc4514_string()) or "(empty subject)"
    issuer = bare(certificate.issuer.rfc4514_string()) or "(empty issuer)"
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
        f"Certificate chain in the header (x5c): {quoted(subject, 60)}",
        base + " ".join(details),
    )


def _x5c_finding(severity: str, title: str, explanation: str) -> Finding:
    return CATALOGUE["X5C-UNVALIDATED"].finding(
        title,
        explanation,
        severity=severity,
        segment="header",
        claim="x5c",
    )


def _verifies_with_certificate(ctx: Context, certificate: x509.Certificate) -> bool:
    if not ctx.is_jws or ctx.unsigned:
        return False
    try:
        key = load_key(certificate.public_bytes(serialization.Encoding.DER))
    except InspectorError:
        return False
    if not isinstance(key, KeyMaterial):
        return False
    return check_signature(ctx.token, key).status is SignatureStatus.VALID
