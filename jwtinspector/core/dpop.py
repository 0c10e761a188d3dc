"""DPoP proof verification (RFC 9449 §4.3), and the result of one check.

A DPoP proof is a JWT the client signs with its own key and sends with a
request: the key travels in the header (``jwk``), so the signature is checked
with that key, and only with an asymmetric algorithm that fits its type
(never ``none``, never HMAC). Each check passes, fails or cannot be made,
with the reason. Nothing here reads a clock: ``now`` is passed in.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import hmac
import json
import math
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from jwtinspector.core import algorithms
from jwtinspector.core.text import b64url_encode, json_snippet
from jwtinspector.core.token import DecodedToken

DPOP_TYP = "dpop+jwt"
DEFAULT_WINDOW = 60.0
"""Seconds a proof's ``iat`` may lie before or after now (RFC 9449 §11.1
leaves the window to the server; a minute either side is common)."""
_PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth", "k", "priv")
_DEFAULT_PORTS = {"http": 80, "https": 443}


class Outcome(enum.Enum):
    """What one check found."""

    PASS = "pass"
    FAIL = "fail"
    CANNOT = "cannot"


@dataclasses.dataclass(frozen=True)
class Check:
    """One check: its name, what it found, and one sentence why."""

    name: str
    outcome: Outcome
    reason: str


def passed(name: str, reason: str) -> Check:
    return Check(name, Outcome.PASS, reason)


def failed(name: str, reason: str) -> Check:
    return Check(name, Outcome.FAIL, reason)


def cannot(name: str, reason: str) -> Check:
    return Check(name, Outcome.CANNOT, reason)


@dataclasses.dataclass(frozen=True)
class DpopOptions:
    """What the proof is checked against.

    Attributes:
        method: The request's HTTP method; None: htm is not compared.
        url: The request's URL; None: htu is not compared.
        access_token: The access token sent with the proof (its ``ath`` and,
            for a JWT, its ``cnf.jkt``); None when there is none.
        window: Seconds ``iat`` may be before or after now.
        nonce: The server's DPoP-Nonce, when it gave one.
    """

    method: str | None = None
    url: str | None = None
    access_token: str | None = None
    window: float = DEFAULT_WINDOW
    nonce: str | None = None


@dataclasses.dataclass(frozen=True)
class DpopReport:
    """The checks of one proof, and its key's RFC 7638 thumbprint (None when
    the embedded key could not be read)."""

    checks: tuple[Check, ...]
    thumbprint: str | None

    @property
    def valid(self) -> bool:
        return all(c.outcome is Outcome.PASS for c in self.checks)


def access_token_hash(access_token: str) -> str:
    """``ath``: base64url of the SHA-256 of the access token's ASCII (§4.2)."""
    digest = hashlib.sha256(access_token.encode("utf-8")).digest()
    return b64url_encode(digest)


def normalised_htu(url: str) -> str | None:
    """The URL as ``htu`` is compared (§4.3 step 9): without query and
    fragment, scheme and host in lower case, the default port and an empty
    path made explicit ("/"). None when it is not an absolute http(s) URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", "", ""))


def verify_dpop(
    proof: DecodedToken, *, now: float, options: DpopOptions = DpopOptions()
) -> DpopReport:
    """Every check of RFC 9449 §4.3 that can be made offline (not the jti
    replay cache), plus ``cnf.jkt`` when the access token is a JWT."""
    if not proof.ok or not isinstance(proof.header, dict):
        problem = proof.errors[0].message if proof.errors else "not a JWS"
        return DpopReport(
            (failed("well-formed", f"The proof cannot be read: {problem}."),), None
        )
    header = proof.header
    claims = proof.claims if isinstance(proof.claims, dict) else {}
    checks = [_typ(header.get("typ")), _alg(header.get("alg"))]
    key_checks, key = _key(header.get("jwk"))
    checks.extend(key_checks)
    checks.append(_signature(proof, key))
    checks.extend(_claims(claims, now, options))
    thumbprint = key.thumbprint if key is not None else None
    checks.extend(_binding(claims, thumbprint, options.access_token))
    return DpopReport(tuple(checks), thumbprint)


def _typ(typ: Any) -> Check:
    if isinstance(typ, str) and typ.lower() == DPOP_TYP:
        return passed("typ", "typ is dpop+jwt.")
    return failed(
        "typ",
        f"typ is {json_snippet(typ, 40)}, not dpop+jwt: RFC 9449 §4.2 requires "
        "it, so that no other JWT passes as a proof.",
    )


def _alg(alg: Any) -> Check:
    found = algorithms.lookup(alg)
    if found is None:
        return failed("alg", f"alg {json_snippet(alg, 40)} is not a JWS algorithm.")
    if found.family == algorithms.NONE:
        return failed("alg", "alg is none: an unsigned proof proves nothing.")
    if found.family == algorithms.HMAC:
        return failed(
            "alg",
            f"alg is {found.name}, a shared-secret (HMAC) algorithm: a DPoP proof "
            "must use an asymmetric one (RFC 9449 §4.2).",
        )
    return passed("alg", f"alg is {found.name}, an asymmetric algorithm.")


def _key(jwk: Any) -> tuple[list[Check], Any]:
    """The jwk check and the key (KeyMaterial, or None when unusable)."""
    from jwtinspector.core.errors import KeyMaterialError
    from jwtinspector.core.keys import KeyMaterial, load_key

    if not isinstance(jwk, Mapping):
        what = "missing" if jwk is None else f"{json_snippet(jwk, 40)}, not a JWK"
        return [
            failed(
                "jwk",
                f"The header's jwk is {what}: the proof carries "
                "no key to check it with.",
            )
        ], None
    private = [name for name in _PRIVATE_MEMBERS if name in jwk]
    if jwk.get("kty") == "oct":
        return [
            failed(
                "jwk",
                "The jwk is a symmetric (oct) key: a DPoP proof "
                "must carry a public key.",
            )
        ], None
    try:
        key = load_key(json.dumps(dict(jwk)))
    except (KeyMaterialError, TypeError, ValueError) as exc:
        return [failed("jwk", f"The jwk cannot be read: {exc}")], None
    if not isinstance(key, KeyMaterial):
        return [failed("jwk", "The jwk is a key set, not one key.")], None
    if private:
        names = ", ".join(private)
        return [
            failed(
                "jwk",
                f"The jwk holds private members ({names}): the client's private "
                "key was sent in the request. It must be replaced.",
            )
        ], key
    return [passed("jwk", f"The jwk is a public key ({key.describe()}).")], key


def _signature(proof: DecodedToken, key: Any) -> Check:
    from jwtinspector.core.verify import SignatureStatus, check_signature

    if key is None:
        return cannot("signature", "No usable jwk to check the signature with.")
    allowed = tuple(
        name
        for name in key.algorithms
        if (found := algorithms.lookup(name)) is not None
        and found.family not in (algorithms.HMAC, algorithms.NONE)
    )
    if proof.alg not in allowed:
        fits = ", ".join(allowed) or "no asymmetric algorithm"
        return failed(
            "signature",
            f"The jwk fits {fits}, but the proof says {json_snippet(proof.alg, 40)}: "
            "it is not checked with another algorithm.",
        )
    result = check_signature(proof, key, allowed)
    if result.status is SignatureStatus.VALID:
        return passed("signature", f"Signed by the embedded jwk ({proof.alg}).")
    if result.status is SignatureStatus.INVALID:
        return failed("signature", "The signature does not match the embedded jwk.")
    return cannot("signature", result.message)


def _claims(claims: dict[str, Any], now: float, options: DpopOptions) -> list[Check]:
    checks = [_jti(claims.get("jti")), _htm(claims.get("htm"), options.method)]
    checks.append(_htu(claims.get("htu"), options.url))
    checks.append(_iat(claims.get("iat"), now, options.window))
    if options.nonce is not None or "nonce" in claims:
        checks.append(_nonce(claims.get("nonce"), options.nonce))
    return checks


def _jti(jti: Any) -> Check:
    if isinstance(jti, str) and jti:
        return passed(
            "jti",
            f"jti is {json_snippet(jti, 40)} (the server must "
            "refuse it if seen before).",
        )
    return failed("jti", "jti is missing: the server cannot detect a replayed proof.")


def _htm(htm: Any, method: str | None) -> Check:
    if not isinstance(htm, str) or not htm:
        return failed("htm", "htm (the HTTP method) is missing.")
    if method is None:
        return cannot(
            "htm",
            f"htm is {json_snippet(htm, 20)}: give the request's method to compare it.",
        )
    if htm == method.strip().upper():
        return passed("htm", f"htm is {htm}, the request's method.")
    return failed(
        "htm",
        f"htm is {json_snippet(htm, 20)}, but the request is {method.strip().upper()}.",
    )


def _htu(htu: Any, url: str | None) -> Check:
    if not isinstance(htu, str) or not htu:
        return failed("htu", "htu (the request URL) is missing.")
    proof_url = normalised_htu(htu)
    if proof_url is None:
        return failed(
            "htu", f"htu {json_snippet(htu, 80)} is not an absolute http(s) URL."
        )
    if url is None:
        return cannot(
            "htu",
            f"htu is {json_snippet(htu, 80)}: give the request's URL to compare it.",
        )
    request_url = normalised_htu(url)
    if request_url is None:
        return cannot(
            "htu",
            f"The URL given, {json_snippet(url, 80)}, is not an absolute http(s) URL.",
        )
    if proof_url == request_url:
        return passed("htu", f"htu is {request_url} (query and fragment aside).")
    return failed(
        "htu",
        f"htu is {proof_url}, but the request is to {request_url} (compared "
        "without query and fragment): the proof was made for another URL.",
    )


def _iat(iat: Any, now: float, window: float) -> Check:
    if isinstance(iat, bool) or not isinstance(iat, int | float):
        return failed("iat", "iat is missing or not a number.")
    if not math.isfinite(iat):
        return failed("iat", "iat is not a finite number.")
    age = now - iat
    if age > window:
        return failed(
            "iat",
            f"iat is {int(age)} s before now, outside the ±{int(window)} s window: "
            "a stale or replayed proof.",
        )
    if -age > window:
        return failed(
            "iat",
            f"iat is {int(-age)} s in the future, outside the ±{int(window)} s window.",
        )
    when = f"{int(age)} s ago" if age >= 0 else f"{int(-age)} s ahead"
    return passed("iat", f"iat is {when}, within ±{int(window)} s.")


def _nonce(given: Any, expected: str | None) -> Check:
    if expected is None:
        return cannot(
            "nonce",
            f"nonce is {json_snippet(given, 40)}: give the "
            "server's DPoP-Nonce to compare it.",
        )
    if isinstance(given, str) and hmac.compare_digest(
        given.encode("utf-8"), expected.encode("utf-8")
    ):
        return passed("nonce", "nonce is the server's DPoP-Nonce.")
    return failed(
        "nonce",
        f"nonce is {json_snippet(given, 40)}, not the server's "
        f"{json_snippet(expected, 40)}.",
    )


def _binding(
    claims: dict[str, Any], thumbprint: str | None, access_token: str | None
) -> list[Check]:
    """``ath`` against the access token, and its ``cnf.jkt`` against the key."""
    ath = claims.get("ath")
    if access_token is None:
        if ath is None:
            return []
        return [
            cannot(
                "ath", "ath is set, but no access token was given to compare it with."
            )
        ]
    return [ath_check(ath, access_token), jkt_check(access_token, thumbprint)]


def ath_check(ath: Any, access_token: str) -> Check:
    expected = access_token_hash(access_token)
    if not isinstance(ath, str):
        return failed(
            "ath",
            "ath is missing: a proof sent with an access token "
            "must carry its hash (RFC 9449 §4.2).",
        )
    if hmac.compare_digest(ath.encode("utf-8"), expected.encode("ascii")):
        return passed("ath", "ath is the access token's SHA-256 hash.")
    return failed(
        "ath",
        f"ath is {json_snippet(ath, 60)}, but the access token hashes to "
        f"{expected}: the proof was made for another access token.",
    )


def jkt_check(access_token: str, thumbprint: str | None) -> Check:
    """The access token's ``cnf.jkt`` against the proof key's thumbprint."""
    from jwtinspector.core.token import inspect_token

    claims = inspect_token(access_token).claims if "." in access_token else None
    if not isinstance(claims, dict):
        return cannot(
            "cnf.jkt",
            "The access token is opaque (not a JWT): ask the "
            "server (introspection) which key it is bound to.",
        )
    cnf = claims.get("cnf")
    jkt = cnf.get("jkt") if isinstance(cnf, dict) else None
    if not isinstance(jkt, str):
        return failed(
            "cnf.jkt",
            "The access token has no cnf.jkt: it is not "
            "bound to a DPoP key, so a proof adds nothing.",
        )
    if thumbprint is None:
        return cannot(
            "cnf.jkt", "The proof's jwk cannot be read to compare its thumbprint."
        )
    if hmac.compare_digest(jkt.encode("utf-8"), thumbprint.encode("ascii")):
        return passed(
            "cnf.jkt",
            "The access token's cnf.jkt is the proof key's thumbprint (RFC 7638).",
        )
    return failed(
        "cnf.jkt",
        f"The access token is bound to key {json_snippet(jkt, 60)}, but the "
        f"proof is signed by {thumbprint}: another client's key.",
    )
