"""SD-JWT (RFC 9901): disclosures, digests, salts, the hash and key binding.

These run only when the audit is given the SD-JWT the token came from."""

from __future__ import annotations

from collections.abc import Iterator

from jwtinspector.core.audit.context import Context, quoted
from jwtinspector.core.audit.findings import CATALOGUE, Finding
from jwtinspector.core.audit.registry import check
from jwtinspector.core.sdjwt.parse import MIN_SALT_BITS, ProblemKind

VALIDITY_CLAIMS = ("iss", "exp", "nbf", "cnf")
"""Claims RFC 9901 §9.7 keeps out of disclosures: they decide validity."""

_STRUCTURE = {
    ProblemKind.UNMATCHED: "SD-DIGEST-UNMATCHED",
    ProblemKind.DUPLICATE_DIGEST: "SD-DUPLICATE",
    ProblemKind.DUPLICATE_DISCLOSURE: "SD-DUPLICATE",
    ProblemKind.NAME_EXISTS: "SD-CLAIM-CONFLICT",
    ProblemKind.RESERVED_NAME: "SD-CLAIM-CONFLICT",
    ProblemKind.WRONG_KIND: "SD-CLAIM-CONFLICT",
    ProblemKind.MALFORMED: "SD-DISCLOSURE-MALFORMED",
}
_WHY = {
    "SD-DIGEST-UNMATCHED": "A verifier must reject it: the disclosure was not "
    "issued with this SD-JWT, or was changed after issuance.",
    "SD-DUPLICATE": "RFC 9901 §7.1 makes a verifier reject the SD-JWT; a "
    "verifier that does not may count one claim twice.",
    "SD-CLAIM-CONFLICT": "A verifier that accepted it would let the holder "
    "replace a claim the issuer signed in the clear.",
    "SD-DISCLOSURE-MALFORMED": "A verifier rejects the SD-JWT: the disclosure "
    "is not a JSON array of salt, name and value.",
}


@check("sd_jwt", order=910)
def _check_sd_structure(ctx: Context) -> Iterator[Finding]:
    if ctx.sd_jwt is None:
        return
    for problem in ctx.sd_jwt.problems:
        finding_id = _STRUCTURE.get(problem.kind)
        if problem.kind == ProblemKind.TOO_DEEP and problem.disclosure is not None:
            finding_id = "SD-DISCLOSURE-MALFORMED"  # nested too deeply to read
        if finding_id is None:
            continue
        yield CATALOGUE[finding_id].finding(
            problem.message.rstrip("."),
            _WHY[finding_id],
            segment="disclosures",
        )


@check("sd_jwt", order=920)
def _check_sd_alg(ctx: Context) -> Iterator[Finding]:
    sd = ctx.sd_jwt
    if sd is None:
        return
    if sd.hash is None:
        yield CATALOGUE["SD-ALG-UNKNOWN"].finding(
            f"_sd_alg {quoted(sd.hash_name)} is not a known hash",
            "The digests cannot be recomputed, so no disclosure can be checked "
            "against the issuer's signature.",
            segment="payload",
            claim="_sd_alg",
        )
    elif sd.hash.weak:
        yield CATALOGUE["SD-ALG-WEAK"].finding(
            f"_sd_alg {quoted(sd.hash.name)} keeps {sd.hash.bits} bits",
            f"Digests of {sd.hash.bits} bits (or of a broken hash) make a second "
            "disclosure with the same digest reachable: a holder could disclose "
            "values the issuer never signed.",
            segment="payload",
            claim="_sd_alg",
        )


@check("sd_jwt", order=930)
def _check_sd_salts(ctx: Context) -> Iterator[Finding]:
    if ctx.sd_jwt is None:
        return
    for d in ctx.sd_jwt.disclosures:
        bits = d.salt_bits
        if bits is not None and bits < MIN_SALT_BITS:
            yield CATALOGUE["SD-SALT-SHORT"].finding(
                f"Disclosure {d.index + 1} has a {bits}-bit salt",
                f"The salt {quoted(d.salt, 40)} holds at most {bits} bits: with "
                "few possible salts, anyone holding the SD-JWT can guess an "
                "undisclosed value by hashing candidates.",
                segment="disclosures",
            )


@check("sd_jwt", order=940)
def _check_sd_validity_claims(ctx: Context) -> Iterator[Finding]:
    if ctx.sd_jwt is None:
        return
    for d in ctx.sd_jwt.disclosures:
        if d.matched == "$._sd" and d.name in VALIDITY_CLAIMS:
            yield CATALOGUE["SD-VALIDITY-DISCLOSABLE"].finding(
                f"{d.name} is selectively disclosable",
                f"Disclosure {d.index + 1} carries {d.name}: a holder who leaves "
                "it out hides what decides whether the SD-JWT is valid (issuer, "
                "expiry, holder key).",
                segment="disclosures",
                claim=d.name,
            )


@check("sd_jwt", order=950)
def _check_sd_key_binding(ctx: Context) -> Iterator[Finding]:
    sd = ctx.sd_jwt
    if sd is None or sd.key_binding is not None or not sd.has_cnf:
        return
    yield CATALOGUE["SD-KB-MISSING"].finding(
        "No Key Binding JWT, though cnf names a holder key",
        "The issuer bound this SD-JWT to a holder key, but it is presented "
        "without a Key Binding JWT: whoever copied it can present it, unless the "
        "verifier requires key binding.",
        segment="payload",
        claim="cnf",
    )
