"""Checks of the key set the user gave: an ambiguous set is never used to verify
(``core.keys.sets.ambiguity``), and the audit says why."""

from __future__ import annotations

from collections.abc import Iterator

from jwtinspector.core.audit.context import Context
from jwtinspector.core.audit.findings import CATALOGUE, Finding
from jwtinspector.core.audit.registry import check
from jwtinspector.core.keys.sets import ambiguity


@check("keys", order=52)
def _check_ambiguous_key_set(ctx: Context) -> Iterator[Finding]:
    if len(ctx.keys) < 2:
        return
    for reason in ambiguity(ctx.keys):
        if reason.startswith("it mixes"):
            yield CATALOGUE["JWKS-MIXED"].finding(
                "Your key set mixes HMAC secrets (oct) with asymmetric keys",
                f"The key set given {reason.removeprefix('it ')}. A verifier "
                "handed such a set lets the token's header pick the algorithm "
                "family: an HS256 token would be checked with a secret, an RS256 "
                "one with a public key, which is the setting of the "
                "algorithm-confusion attack. The set is not used to verify.",
                segment="signature",
            )
        else:
            yield CATALOGUE["JWKS-DUPLICATE-KID"].finding(
                "Two or more keys of your key set share a kid",
                f"In the key set given, {reason}. A token's kid then names no "
                "single key: a verifier that tries each accepts a signature "
                "made by any of them. The set is not used to verify.",
                segment="header",
                claim="kid",
            )
