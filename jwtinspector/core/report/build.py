"""The report on one token: what it holds, what it means, the verdict and the
findings, redacted for sharing when asked (see :mod:`.redact` for the rules).

The verdict comes from the one pipeline (core/pipeline.py) and the findings
from the one audit (core/audit), so a report says what ``verify`` and
``lint`` say. Secrets never appear in a report, redacted or not: a finding
that quotes the HMAC secret (a guessed weak one, or the key given) has it
replaced.

Pure Python, no Qt; the clock is passed in as ``now``.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from jwtinspector.core.claims import LONG_VALUE, MAX_ROWS, explainer, shown_meaning
from jwtinspector.core.numericdate import (
    NUMERIC_DATE_CLAIMS,
    is_numeric,
    iso_utc,
    relative_text,
)
from jwtinspector.core.report.redact import (
    KEPT_CLAIMS,
    MASK_CLOSE,
    MASK_OPEN,
    MAX_PATHS,
    RedactedPart,
    length_class,
    needles,
    redact_members,
    scrub,
)
from jwtinspector.core.text import escape_json_controls, printable

if TYPE_CHECKING:
    from jwtinspector.core.audit import Finding
    from jwtinspector.core.keys import KeyMaterial, KeySet
    from jwtinspector.core.pipeline import Verdict
    from jwtinspector.core.token import DecodedToken

SECRET_WITHHELD = f"{MASK_OPEN}secret withheld{MASK_CLOSE}"
SIGNATURE_REMOVED = f"{MASK_OPEN}signature removed{MASK_CLOSE}"
_BARE_SECRET = 8  # a secret this long is scrubbed even where it is not quoted
WITHHELD_DETAILS = (
    "Its details quote the redacted value, so they are left out of this report."
)


@dataclasses.dataclass(frozen=True)
class Member:
    """One header parameter or claim, as the report lists it.

    Attributes:
        name: The member name.
        value: Compact JSON of the value, or of its mask when redacted.
        kind: registered, vendor, public or private (core.claims.KINDS).
        meaning: The meaning with its kind visible (as the claims table shows).
        source: Where the meaning is defined, e.g. "RFC 7519 §4.1.4".
        url: A link to that source.
        redacted: True when the value was masked.
    """

    name: str
    value: str
    kind: str
    meaning: str
    source: str
    url: str
    redacted: bool = False


@dataclasses.dataclass(frozen=True)
class DateLine:
    """A time claim: its name, value, ISO 8601 UTC reading and distance."""

    name: str
    value: str
    iso: str
    relative: str


@dataclasses.dataclass(frozen=True)
class VerdictText:
    """The verdict in ``verify``'s words.

    Attributes:
        headline: "Token valid.", "Token invalid." or why there is none.
        valid: Whether the token is valid.
        signature: The signature's sentence.
        trace: How the key was chosen.
        warnings: Warnings raised while checking.
        checks: (passed, claim, message) for every claim check.
    """

    headline: str
    valid: bool
    signature: str = ""
    trace: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    checks: tuple[tuple[bool, str, str], ...] = ()


@dataclasses.dataclass(frozen=True)
class ReportFinding:
    """One audit finding, as ``lint`` gives it (texts scrubbed if need be)."""

    id: str
    severity: str
    title: str
    explanation: str
    advice: str
    reference: str
    claim: str = ""


@dataclasses.dataclass(frozen=True)
class Report:
    """Everything a report shows, ready for the Markdown and HTML writers.

    Attributes:
        generated: When it was made (ISO 8601, UTC).
        evaluated: The instant the verdict and dates are judged at (ISO 8601).
        redacted: True for a report redacted for sharing.
        segments: (role, text) for the token's parts: header, payload and
            signature, or placeholders in a redacted report.
        header_json, payload_json: The parts as indented JSON (masked).
        header, claims: One :class:`Member` per member, in the token's order.
        dates: The time claims read as dates.
        verdict: The verdict, or None when none was asked for.
        findings: The audit findings, most severe first.
        redactions: The paths masked, e.g. "payload: address.locality".
        more_redactions: How many more paths were masked than listed.
        notes: Anything else worth saying (what is kept, what was withheld).
    """

    generated: str
    evaluated: str
    redacted: bool
    segments: tuple[tuple[str, str], ...]
    header_json: str
    payload_json: str
    header: tuple[Member, ...]
    claims: tuple[Member, ...]
    dates: tuple[DateLine, ...]
    verdict: VerdictText | None
    findings: tuple[ReportFinding, ...]
    redactions: tuple[str, ...] = ()
    more_redactions: int = 0
    notes: tuple[str, ...] = ()


KEPT_NOTE = (
    "Redacted for sharing: the signature is removed, and every value that could "
    "identify someone (sub, e-mail, names, phone, address, identifiers, custom "
    "claims, free text) is masked, keeping its type and length class; arrays keep "
    "their item count and objects their member names. Kept as they are: the "
    "header's registered parameters (alg, kid, typ…), iss, aud, the time claims, "
    "the technical claims (scope, client_id, azp, hashes, cnf…), true, false "
    "and null."
)


def build_report(
    token: DecodedToken,
    *,
    now: float,
    verdict: Verdict | None,
    findings: Sequence[Finding] = (),
    redact: bool = False,
    key: KeyMaterial | KeySet | None = None,
    secrets: Iterable[str | bytes] = (),
    generated: float | None = None,
) -> Report:
    """The report on ``token`` (a compact JWS whose parts decoded).

    Args:
        now: The instant the dates and the verdict are judged at.
        verdict: The pipeline's verdict (core.pipeline.verdict), or None.
        findings: The audit's findings (core.audit.forms.audit_input).
        redact: Mask the identifying values and remove the signature.
        key: The key used, whose secret must never appear.
        secrets: Other texts that must never appear (the key as typed).
        generated: When the report is made (default: ``now``).
    """
    header = token.header if isinstance(token.header, dict) else {}
    claims = token.payload if isinstance(token.payload, dict) else None
    hidden_secrets = _secret_needles(key, findings, secrets)
    if redact:
        header_part = redact_members(header, _registered_header(header))
        claims_part = (
            redact_members(claims, KEPT_CLAIMS) if claims is not None else None
        )
    else:
        header_part = RedactedPart(dict(header), frozenset(), (), ())
        claims_part = (
            RedactedPart(dict(claims), frozenset(), (), ())
            if claims is not None
            else None
        )
    payload_json, payload_leaves, payload_paths = _payload_shown(
        token, claims_part, redact
    )
    leaves = (*header_part.leaves, *payload_leaves)
    if redact:
        leaves += _token_texts(token)
    hidden = needles(leaves) if redact else ()
    paths = [f"header: {p}" for p in header_part.paths] + payload_paths
    if redact and token.signature:
        paths.append("signature")

    def clean(text: str) -> str:
        text = scrub(scrub(text, hidden_secrets, SECRET_WITHHELD), hidden)
        return escape_json_controls(text)  # no direction override, no C1

    return Report(
        generated=iso_utc(int(now if generated is None else generated)),
        evaluated=iso_utc(int(now)),
        redacted=redact,
        segments=_segments(token, redact),
        header_json=_pretty(header_part.members),
        payload_json=payload_json,
        header=_members(header_part, "header", None, header),
        claims=(
            _members(claims_part, "claims", claims, header)
            if claims_part is not None and claims is not None
            else ()
        ),
        dates=_dates(claims, now),
        verdict=_verdict_text(verdict, clean),
        findings=tuple(_finding(f, clean, redact) for f in findings),
        redactions=tuple(paths[:MAX_PATHS]),
        more_redactions=max(0, len(paths) - MAX_PATHS),
        notes=(KEPT_NOTE,) if redact else (),
    )


def _registered_header(header: Mapping[str, Any]) -> frozenset[str]:
    """The header parameters a redacted report keeps: the registered ones (a
    URI-named one is someone's own, as private as an unknown one)."""
    meaning_of = explainer("header")
    return frozenset(name for name in header if meaning_of(name).kind == "registered")


def _secret_needles(
    key: Any, findings: Sequence[Finding], secrets: Iterable[str | bytes]
) -> tuple[str, ...]:
    """Every form of a secret a text could quote: quoted as the findings quote
    it, and bare when it is long enough not to be an everyday word ("secret"
    is both a weak secret and a word the findings use)."""
    from jwtinspector.core.audit.context import quoted, show_secret

    texts: list[str] = []
    keys = getattr(key, "keys", None)
    for material in keys if keys is not None else (key,):
        if getattr(material, "kty", None) == "oct" and isinstance(material.key, bytes):
            texts.append(show_secret(material.key))
    texts.extend(f.secret for f in findings if f.secret)
    for secret in secrets:
        text = secret if isinstance(secret, str) else show_secret(secret)
        texts.append(text)
        texts.extend(line.strip() for line in text.splitlines() if line.strip())
    found = {quoted(text, 10**6) for text in texts if text}
    found.update(text for text in texts if len(text) >= _BARE_SECRET)
    return tuple(sorted(found, key=len, reverse=True))


def _token_texts(token: DecodedToken) -> tuple[str, ...]:
    """The token's own text and its payload and signature segments: a redacted
    report must not carry them (base64url hides nothing)."""
    parts = token.token.split(".")
    return (token.token, *parts[1:])


def _payload_shown(
    token: DecodedToken, part: RedactedPart | None, redact: bool
) -> tuple[str, tuple[Any, ...], list[str]]:
    """(the payload as shown, the masked leaves, their paths)."""
    if part is not None:
        paths = [f"payload: {p}" for p in part.paths]
        return _pretty(part.members), part.leaves, paths
    if token.payload is not None:  # JSON, but not an object
        if not redact:
            return _pretty(token.payload), (), []
        from jwtinspector.core.report.redact import mask_value

        masked = mask_value(token.payload, "(payload)")
        paths = [f"payload: {p}" for p in masked.paths]
        return _pretty(masked.value), masked.leaves, paths
    data = token.payload_bytes or b""
    text = data.decode("utf-8", errors="replace")
    if not redact:
        return printable(text), (), []
    shown = f"{MASK_OPEN}redacted payload, not JSON, {length_class(len(data))}"
    return shown + MASK_CLOSE, (text,), ["payload: (the whole payload)"]


def _pretty(value: Any) -> str:
    return escape_json_controls(json.dumps(value, indent=2, ensure_ascii=False))


def _segments(token: DecodedToken, redact: bool) -> tuple[tuple[str, str], ...]:
    parts = token.token.split(".")
    if len(parts) != 3:
        return ()
    if not redact:
        return tuple(zip(("header", "payload", "signature"), parts, strict=True))
    return (
        ("header", f"{MASK_OPEN}header, {len(parts[0]):,} chars{MASK_CLOSE}"),
        ("payload", f"{MASK_OPEN}payload, {len(parts[1]):,} chars{MASK_CLOSE}"),
        ("signature", SIGNATURE_REMOVED),
    )


def _members(
    part: RedactedPart,
    kind: str,
    claims: Mapping[str, Any] | None,
    header: Mapping[str, Any],
) -> tuple[Member, ...]:
    meaning_of = explainer(kind, claims=claims, header=header)
    rows = []
    for name, value in itertools.islice(part.members.items(), MAX_ROWS):
        meaning = meaning_of(name)
        text = escape_json_controls(json.dumps(value, ensure_ascii=False))
        if len(text) > LONG_VALUE:
            text = f"{text[:LONG_VALUE]}… ({len(text) - LONG_VALUE} more characters)"
        rows.append(
            Member(
                printable(name),
                text,
                meaning.kind,
                shown_meaning(meaning.kind, meaning.meaning, meaning.vendor, kind),
                meaning.source,
                meaning.url,
                name in part.redacted,
            )
        )
    return tuple(rows)


def _dates(claims: Mapping[str, Any] | None, now: float) -> tuple[DateLine, ...]:
    if claims is None:
        return ()
    lines = []
    for name in NUMERIC_DATE_CLAIMS:
        value = claims.get(name)
        if isinstance(value, int | float) and is_numeric(value):
            lines.append(
                DateLine(
                    name, json.dumps(value), iso_utc(value), relative_text(value - now)
                )
            )
    return tuple(lines)


def _verdict_text(verdict: Verdict | None, clean: Any) -> VerdictText | None:
    if verdict is None:
        return None
    from jwtinspector.core.verify import CheckStatus

    signature = verdict.signature
    return VerdictText(
        headline="Token valid." if verdict.valid else "Token invalid.",
        valid=verdict.valid,
        signature=clean(signature.message),
        trace=tuple(clean(line) for line in signature.trace),
        warnings=tuple(clean(line) for line in signature.warnings),
        checks=tuple(
            (c.status is CheckStatus.PASSED, c.claim, clean(c.message))
            for c in verdict.claims
        ),
    )


def _finding(finding: Finding, clean: Any, redact: bool) -> ReportFinding:
    claim = finding.claim or ""
    explanation = finding.explanation
    if redact and finding.segment == "payload" and claim and not _kept(claim):
        # It may quote the value, or a part of it (an SD-JWT's disclosed
        # claims are audited too): only its title and advice are kept.
        explanation = WITHHELD_DETAILS
    return ReportFinding(
        id=finding.id,
        severity=str(finding.severity),
        title=clean(finding.title),
        explanation=clean(explanation),
        advice=clean(finding.advice),
        reference=finding.reference,
        claim=clean(claim),
    )


def _kept(path: str) -> bool:
    """True when the claim at ``path`` ("address.locality") is one a redacted
    report keeps."""
    return any(
        path == name or path.startswith((f"{name}.", f"{name}["))
        for name in KEPT_CLAIMS
    )
