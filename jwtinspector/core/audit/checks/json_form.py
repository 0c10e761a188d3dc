"""Checks of the token's form: a token the extractor had to repair before it
could be read, and, for one signature of a JWS in JSON serialization, header
parameters that only its unprotected header gives, which the signature does
not cover (RFC 7515 §7.2.1; a compact token's header is all protected)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jwtinspector.core.audit.context import Context, quoted
from jwtinspector.core.audit.findings import CATALOGUE, Finding
from jwtinspector.core.audit.registry import check
from jwtinspector.core.errors import TokenFormatError
from jwtinspector.core.json_read import json_value

KEY_CHOOSERS = ("kid", "jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256")
"""Header parameters that choose the key a signature is checked with."""


def unprotected_members(ctx: Context) -> dict[str, Any]:
    """The header members the protected header does not give (a JWS JSON
    signature's joint header holds its unprotected header too)."""
    first = ctx.token.segments[0] if ctx.token.segments else None
    if not ctx.is_jws or first is None or first.data is None:
        return {}
    try:
        protected = json_value(first.data, "header") if first.data else {}
    except TokenFormatError:
        return {}
    if not isinstance(protected, dict):
        return {}
    return {k: v for k, v in ctx.header.items() if k not in protected}


@check("json_form", order=610)
def _check_unprotected(ctx: Context) -> Iterator[Finding]:
    unprotected = unprotected_members(ctx)
    if "alg" in unprotected:
        yield CATALOGUE["JWS-UNPROTECTED"].finding(
            f"alg {quoted(unprotected['alg'])} only in the unprotected header",
            "The signature covers the protected header and the payload, not "
            "the unprotected header: anyone can change this alg without "
            "breaking the signature. A verifier that reads the algorithm from "
            "the token can then be made to check the signature another way "
            "(alg none, or HMAC with a public key as the secret).",
            segment="header",
            claim="alg",
        )
    choosers = [name for name in KEY_CHOOSERS if name in unprotected]
    if choosers:
        names = ", ".join(choosers)
        yield CATALOGUE["JWS-UNPROTECTED"].finding(
            f"{names} only in the unprotected header",
            f"{names} choose{'s' if len(choosers) == 1 else ''} the key the "
            "signature is checked with, and the signature does not cover the "
            "unprotected header: anyone can change it. Harmless when the "
            "verifier only tries keys it already trusts; a verifier that "
            "fetches or builds the key from it can be pointed elsewhere.",
            severity="info",
            segment="header",
            claim=choosers[0],
        )


@check("json_form", order=600)
def _check_repaired(ctx: Context) -> Iterator[Finding]:
    repairs = ctx.token.repairs
    if repairs:
        yield CATALOGUE["TOKEN-REPAIRED"].finding(
            f"The token had to be repaired: {'; '.join(repairs)}",
            "What was pasted is not the token as issued: whitespace or other "
            "characters were removed from inside it or next to it. The "
            "inspector reads the repaired token, but a server would refuse the "
            "token as given, and verify does too unless --lenient is given.",
        )
