"""The flow check: the tokens of one login (ID token, access token, refresh
token, DPoP proof, authorization code) checked against each other.

Roles are given by the user, or guessed from a paste: the name in front of a
token (``id_token=``, ``"access_token":``, ``DPoP:``), else what the token
says of itself (typ ``at+jwt`` or ``dpop+jwt``, ``nonce``/``at_hash`` for an
ID token; core.claims.token_use). Each check passes, fails or cannot be
made, with the reason (core.dpop.Check). Nothing here reads a clock.

The lifetime order chosen: every token's ``iat`` ≤ ``exp``; the access token
and the ID token expire no later than the refresh token; the user authenticated
(``auth_time``) before the ID and access tokens were issued; a DPoP proof
sent with the access token was made while that token was valid.
"""

from __future__ import annotations

import dataclasses
import hmac
import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from jwtinspector.core.dpop import (
    DEFAULT_WINDOW,
    Check,
    DpopOptions,
    Outcome,
    cannot,
    failed,
    passed,
    verify_dpop,
)
from jwtinspector.core.text import json_snippet
from jwtinspector.core.token import DecodedToken, inspect_token

ID, ACCESS, REFRESH, DPOP, CODE = (
    "id_token",
    "access_token",
    "refresh_token",
    "dpop",
    "code",
)
ROLES = (ID, ACCESS, REFRESH, DPOP, CODE)
ROLE_NAMES = {
    ID: "ID token",
    ACCESS: "access token",
    REFRESH: "refresh token",
    DPOP: "DPoP proof",
    CODE: "authorization code",
}
MAX_TOKENS = 20
"""Tokens a paste is searched for; the first of each role is checked."""
_NAMED_ROLES = {
    "id_token": ID,
    "idtoken": ID,
    "access_token": ACCESS,
    "accesstoken": ACCESS,
    "authorization": ACCESS,
    "refresh_token": REFRESH,
    "refreshtoken": REFRESH,
    "dpop": DPOP,
    "code": CODE,
}
_SCHEME = re.compile(r"^(?:authorization:[ \t]*)?(?:bearer|dpop)[ \t]+", re.IGNORECASE)
_OTHER_TYPES = ("kb+jwt", "logout+jwt", "secevent+jwt", "dc+sd-jwt", "vc+sd-jwt")
"""JWT types that are none of the login's tokens (RFC 9901, OIDC Back-Channel
Logout, RFC 8417)."""
_USE_ROLES = {"id": ID, "access": ACCESS, "dpop": DPOP}
# An opaque value named in a paste: refresh_token=…, "code": "…".
_OPAQUE = re.compile(
    r"""(?<![A-Za-z0-9_])["']?(access_token|refresh_token|code|authorization)"""
    r"""["']?[ \t]*[=:][ \t]*["']?(?:(?i:bearer|dpop)[ \t]+)?"""
    r"""([A-Za-z0-9\-._~+/]{8,4096}=*)""",
    re.IGNORECASE,
)


@dataclasses.dataclass(frozen=True)
class FlowToken:
    """One token of the flow.

    Attributes:
        role: One of ROLES.
        text: The token as given (an opaque value for a code or an opaque
            access or refresh token).
        token: The decoded JWT, or None for an opaque value.
        how: How the role was found ("given", "named access_token",
            "typ at+jwt"…).
    """

    role: str
    text: str
    token: DecodedToken | None
    how: str

    @property
    def claims(self) -> dict[str, Any]:
        claims = self.token.claims if self.token is not None else None
        return claims if isinstance(claims, dict) else {}


@dataclasses.dataclass(frozen=True)
class FlowOptions:
    """What the user expects.

    Attributes:
        nonce: The nonce sent in the authentication request, or None.
        require_nonce: Whether the ID token must carry a nonce at all.
        method, url: The request the DPoP proof was sent with.
        window: Seconds a DPoP proof's iat may lie from now.
        leeway: Seconds tolerated when comparing the tokens' dates.
    """

    nonce: str | None = None
    require_nonce: bool = False
    method: str | None = None
    url: str | None = None
    window: float = DEFAULT_WINDOW
    leeway: float = 0.0
    dpop_nonce: str | None = None


@dataclasses.dataclass(frozen=True)
class FlowReport:
    """The tokens found with their roles, and every check."""

    tokens: tuple[FlowToken, ...]
    checks: tuple[Check, ...]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for c in self.checks if c.outcome is outcome)

    @property
    def verdict(self) -> Outcome:
        """FAIL when a check failed; PASS when none failed and one passed;
        CANNOT when no check could be made."""
        if self.count(Outcome.FAIL):
            return Outcome.FAIL
        return Outcome.PASS if self.count(Outcome.PASS) else Outcome.CANNOT

    @property
    def headline(self) -> str:
        """The verdict in one sentence, for the window and the command line."""
        verdict = self.verdict
        if verdict is Outcome.CANNOT:
            return "No check could be made: give more tokens of the login."
        if [t.role for t in self.tokens] == [DPOP]:
            if verdict is Outcome.PASS:
                return "The DPoP proof passes its checks."
            return "The DPoP proof fails a check."
        if verdict is Outcome.PASS:
            return "The tokens belong together."
        return "The tokens do not belong together."

    def role(self, role: str) -> FlowToken | None:
        return next((t for t in self.tokens if t.role == role), None)


def given(role: str, text: str) -> FlowToken:
    """A token whose role the user gave. A code, and an access or refresh
    token that is not a JWT, are kept as opaque values."""
    text = text.strip()
    if role == CODE:
        return FlowToken(role, text, None, "given")
    token = inspect_token(text) if "." in text else None
    if token is not None and token.ok:
        text = token.token  # hashed as sent: without "Bearer ", quotes, …
    elif token is not None and role in (ACCESS, REFRESH):
        token = None  # an opaque access or refresh token may hold dots
    if token is None:
        text = _SCHEME.sub("", text)
    return FlowToken(role, text, token, "given")


def guess_roles(text: str) -> tuple[FlowToken, ...]:
    """The tokens in a paste (a token response, a log, headers), each with
    the role its name or its content suggests; unrecognised JWTs are left out."""
    found: list[FlowToken] = []
    response = _token_response(text)
    if response:
        return response
    from jwtinspector.core.extract import find_tokens, name_before

    jwts = find_tokens(text)[:MAX_TOKENS]  # the scan the token line made
    for item in sorted(jwts, key=lambda f: f.start):
        token = inspect_token(item.token)
        if not token.ok or token.is_encrypted:
            continue
        name = name_before(text, item.start)
        role, how = _role_of(name, token)
        if role:
            found.append(FlowToken(role, item.token, token, how))
    seen = {t.text for t in found}
    for m in _OPAQUE.finditer(text):
        if len(found) >= MAX_TOKENS:
            break  # a log of thousands of codes: the first ones will do
        role, value = _NAMED_ROLES[m.group(1).lower()], m.group(2)
        if value not in seen and not any(value in s for s in seen):
            seen.add(value)
            found.append(FlowToken(role, value, None, f"named {m.group(1)}"))
    return tuple(found)


def _token_response(text: str) -> tuple[FlowToken, ...]:
    """The tokens of an OAuth token response (a JSON object), by its names."""
    stripped = text.strip()
    if not stripped.startswith("{") or len(stripped) > 1 << 20:
        return ()
    try:
        value = json.loads(stripped)
    except (ValueError, RecursionError):
        return ()
    if not isinstance(value, dict):
        return ()
    tokens = []
    for name in (ID, ACCESS, REFRESH):
        member = value.get(name)
        if isinstance(member, str) and member:
            tokens.append(dataclasses.replace(given(name, member), how=f"named {name}"))
    return tuple(tokens)


def _role_of(name: str, token: DecodedToken) -> tuple[str, str]:
    """(role, how it was found) of a JWT; ("", "") when unknown."""
    from jwtinspector.core.claims import token_use

    named = _NAMED_ROLES.get(name.lower().replace("-", "_"))
    if named and named != CODE:
        return named, f"named {name}"
    header = token.header if isinstance(token.header, dict) else {}
    claims = token.claims if isinstance(token.claims, dict) else {}
    if str(header.get("typ", "")).lower() in _OTHER_TYPES:
        return "", ""  # a nonce does not make a Key Binding JWT an ID token
    use = _USE_ROLES.get(token_use(claims, header), "")
    if use:
        typ = header.get("typ")
        telling = ("at+jwt", "application/at+jwt", "dpop+jwt")
        if isinstance(typ, str) and typ.lower() in telling:
            return use, f"typ {typ}"
        return use, "its claims"
    if str(claims.get("typ", "")).lower() in ("refresh", "offline"):
        return REFRESH, f"typ {claims['typ']} in its claims"
    return "", ""


def first_of_each(tokens: Iterable[FlowToken]) -> tuple[FlowToken, ...]:
    """The first token of each role, in the order of ROLES."""
    chosen: dict[str, FlowToken] = {}
    for token in tokens:
        chosen.setdefault(token.role, token)
    return tuple(chosen[r] for r in ROLES if r in chosen)


def check_flow(
    tokens: Iterable[FlowToken], *, now: float, options: FlowOptions = FlowOptions()
) -> FlowReport:
    """Check the first token of each role against the others."""
    chosen = first_of_each(tokens)
    by_role = {t.role: t for t in chosen}
    id_token, access = by_role.get(ID), by_role.get(ACCESS)
    checks: list[Check] = []
    checks.extend(_hash_checks(id_token, access, by_role.get(CODE)))
    checks.extend(_dpop_checks(by_role.get(DPOP), access, now, options))
    checks.extend(_consistency(chosen))
    if id_token is not None and id_token.token is not None:
        checks.append(_nonce(id_token.claims, options))
    checks.extend(_lifetimes(by_role, options.leeway))
    return FlowReport(chosen, tuple(checks))


def _hash_checks(
    id_token: FlowToken | None, access: FlowToken | None, code: FlowToken | None
) -> list[Check]:
    """at_hash against the access token, c_hash against the code."""
    from jwtinspector.core.certs import check_oidc_hash

    checks = []
    for claim, other, what in (
        ("at_hash", access, "access token"),
        ("c_hash", code, "code"),
    ):
        if id_token is None or id_token.token is None:
            if other is not None and claim == "at_hash":
                checks.append(cannot(claim, "No ID token to take at_hash from."))
            continue
        has = claim in id_token.claims
        if other is None:
            if has:
                checks.append(
                    cannot(
                        claim, f"The ID token has {claim}; give the {what} to check it."
                    )
                )
            continue
        if not has:
            checks.append(
                cannot(
                    claim,
                    f"The ID token has no {claim} (optional "
                    "when it comes from the token endpoint).",
                )
            )
            continue
        result = check_oidc_hash(id_token.token, claim, other.text)
        outcome = Outcome.FAIL if result.failed else Outcome.PASS
        checks.append(Check(claim, outcome, result.message))
    return checks


def _dpop_checks(
    proof: FlowToken | None, access: FlowToken | None, now: float, options: FlowOptions
) -> list[Check]:
    if proof is None:
        cnf = access.claims.get("cnf") if access is not None else None
        if isinstance(cnf, dict) and "jkt" in cnf:
            return [
                cannot(
                    "cnf.jkt",
                    "The access token is bound to a DPoP key "
                    "(cnf.jkt): give the proof to check it.",
                )
            ]
        return []
    if proof.token is None:
        return [failed("DPoP", "The DPoP proof is not a JWT.")]
    dpop = DpopOptions(
        method=options.method,
        url=options.url,
        access_token=access.text if access is not None else None,
        window=options.window,
        nonce=options.dpop_nonce,
    )
    report = verify_dpop(proof.token, now=now, options=dpop)
    token_request = access is not None and "ath" not in proof.claims
    return [
        _TOKEN_REQUEST_ATH
        if token_request and c.name == "ath"
        else dataclasses.replace(c, name=f"DPoP {c.name}")
        for c in report.checks
    ]


_TOKEN_REQUEST_ATH = cannot(
    "DPoP ath",
    "The proof has no ath: a proof for the token request, made before the access "
    "token existed, has none; a proof sent with the access token must carry its "
    "hash (RFC 9449 §4.2).",
)


def _consistency(tokens: tuple[FlowToken, ...]) -> list[Check]:
    """iss, sub and sid agree among the JWTs that carry them (the DPoP proof
    aside), and the access token's client is the ID token's."""
    jwts = [t for t in tokens if t.token is not None and t.role != DPOP]
    if len(jwts) < 2:
        return []
    checks = [_same(jwts, name) for name in ("iss", "sub", "sid")]
    checks.append(_client(jwts))
    return [c for c in checks if c is not None]


def _same(jwts: list[FlowToken], name: str) -> Check | None:
    having = [(t, t.claims[name]) for t in jwts if name in t.claims]
    if len(having) < 2:
        if not having:
            return None if name == "sid" else cannot(name, f"No token has {name}.")
        only = ROLE_NAMES[having[0][0].role]
        return cannot(name, f"Only the {only} has {name}: nothing to compare.")
    first_token, first = having[0]
    for token, value in having[1:]:
        if value != first:
            return failed(
                name,
                f"The {ROLE_NAMES[first_token.role]} says {json_snippet(first, 60)}, "
                f"the {ROLE_NAMES[token.role]} {json_snippet(value, 60)}: "
                f"{_WHY_DIFFERENT[name]}",
            )
    roles = " and ".join(ROLE_NAMES[t.role] for t, _ in having)
    return passed(name, f"The {roles} agree: {json_snippet(first, 60)}.")


_WHY_DIFFERENT = {
    "iss": "they come from different issuers.",
    "sub": "they are about different users (some providers give each API its "
    "own pairwise sub; check that yours does not).",
    "sid": "they belong to different sessions.",
}


def _client(jwts: list[FlowToken]) -> Check | None:
    """The access token's client (client_id, azp, cid, appid) is the one the
    ID token was issued to (its azp, else its aud)."""
    by_role = {t.role: t for t in jwts}
    id_token, access = by_role.get(ID), by_role.get(ACCESS)
    if id_token is None or access is None:
        return None
    client = next(
        (
            (name, access.claims[name])
            for name in ("client_id", "azp", "cid", "appid")
            if isinstance(access.claims.get(name), str)
        ),
        None,
    )
    audience = _audience(id_token.claims)
    if client is None:
        return cannot(
            "client",
            "The access token names no client (client_id, azp): nothing to compare.",
        )
    name, value = client
    if not audience:
        return cannot(
            "client",
            "The ID token has no azp or aud to compare "
            f"the access token's {name} with.",
        )
    if value in audience:
        return passed(
            "client",
            f"The access token's {name} {json_snippet(value, 60)} "
            "is the client the ID token was issued to.",
        )
    return failed(
        "client",
        f"The access token's {name} is {json_snippet(value, 60)}, but the ID token "
        f"was issued to {', '.join(json_snippet(a, 60) for a in audience)}: the "
        "tokens were issued to different clients.",
    )


def _audience(claims: Mapping[str, Any]) -> tuple[str, ...]:
    azp = claims.get("azp")
    if isinstance(azp, str):
        return (azp,)
    aud = claims.get("aud")
    if isinstance(aud, str):
        return (aud,)
    if isinstance(aud, list):
        return tuple(a for a in aud if isinstance(a, str))
    return ()


def _nonce(claims: dict[str, Any], options: FlowOptions) -> Check:
    nonce = claims.get("nonce")
    expected = options.nonce
    if expected is not None:
        if not isinstance(nonce, str):
            return failed(
                "nonce",
                "The ID token has no nonce, but the request sent "
                "one: it may answer another request.",
            )
        if hmac.compare_digest(nonce.encode("utf-8"), expected.encode("utf-8")):
            return passed("nonce", "The ID token's nonce is the one sent.")
        return failed(
            "nonce",
            f"The ID token's nonce is {json_snippet(nonce, 40)}, not the "
            f"{json_snippet(expected, 40)} sent: a replayed or injected ID token.",
        )
    if isinstance(nonce, str):
        return passed(
            "nonce",
            f"The ID token carries a nonce "
            f"({json_snippet(nonce, 40)}; give the one sent to "
            "compare it).",
        )
    if options.require_nonce:
        return failed("nonce", "The ID token has no nonce, and one is required.")
    return cannot(
        "nonce",
        "The ID token has no nonce (required only when the "
        "authentication request sent one).",
    )


def _date(token: FlowToken | None, name: str) -> float | None:
    if token is None:
        return None
    value = token.claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _lifetimes(by_role: dict[str, FlowToken], leeway: float) -> list[Check]:
    from jwtinspector.core.numericdate import duration_text, format_utc

    checks = []
    for role in (ID, ACCESS, REFRESH):
        iat, exp = _date(by_role.get(role), "iat"), _date(by_role.get(role), "exp")
        if iat is not None and exp is not None and exp < iat - leeway:
            checks.append(
                failed(
                    f"{ROLE_NAMES[role]} lifetime",
                    f"exp {format_utc(exp)} is before iat {format_utc(iat)}.",
                )
            )
    access, refresh = by_role.get(ACCESS), by_role.get(REFRESH)
    refresh_exp = _date(refresh, "exp")
    for role in (ACCESS, ID):
        exp = _date(by_role.get(role), "exp")
        if exp is None or refresh_exp is None:
            continue
        name = f"lifetime ({ROLE_NAMES[role]})"
        if exp <= refresh_exp + leeway:
            checks.append(
                passed(
                    name,
                    f"The {ROLE_NAMES[role]} expires no later than the refresh token.",
                )
            )
        else:
            gap = duration_text(exp - refresh_exp)
            checks.append(
                failed(
                    name,
                    f"The {ROLE_NAMES[role]} outlives the "
                    f"refresh token by {gap}: the session ends "
                    "before it does.",
                )
            )
    auth_time = _date(by_role.get(ID), "auth_time")
    if auth_time is not None:
        for role in (ID, ACCESS):
            iat = _date(by_role.get(role), "iat")
            if iat is None:
                continue
            if iat + leeway >= auth_time:
                checks.append(
                    passed(
                        f"auth_time ({ROLE_NAMES[role]})",
                        f"The {ROLE_NAMES[role]} was "
                        "issued after the user authenticated.",
                    )
                )
            else:
                checks.append(
                    failed(
                        f"auth_time ({ROLE_NAMES[role]})",
                        f"The {ROLE_NAMES[role]} was "
                        f"issued {duration_text(auth_time - iat)} before the "
                        "user authenticated (auth_time).",
                    )
                )
    proof = by_role.get(DPOP)
    proof_iat = _date(proof, "iat")
    if proof_iat is not None and access is not None and "ath" in proof.claims:  # type: ignore[union-attr]
        checks.extend(_proof_in_lifetime(proof_iat, access, leeway))
    return checks


def _proof_in_lifetime(
    proof_iat: float, access: FlowToken, leeway: float
) -> list[Check]:
    from jwtinspector.core.numericdate import duration_text

    iat, exp = _date(access, "iat"), _date(access, "exp")
    if iat is not None and proof_iat + leeway < iat:
        return [
            failed(
                "DPoP timing",
                f"The proof was made {duration_text(iat - proof_iat)} "
                "before the access token was issued.",
            )
        ]
    if exp is not None and proof_iat > exp + leeway:
        return [
            failed(
                "DPoP timing",
                f"The proof was made {duration_text(proof_iat - exp)} "
                "after the access token expired.",
            )
        ]
    if iat is None and exp is None:
        return []
    return [
        passed("DPoP timing", "The proof was made while the access token was valid.")
    ]
