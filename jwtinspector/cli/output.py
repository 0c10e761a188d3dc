"""What the command line prints: readable text and the --json objects."""

from __future__ import annotations

import json
from typing import Any

from jwtinspector.cli.common import readable_json, terminal_safe
from jwtinspector.core.numericdate import NUMERIC_DATE_CLAIMS, describe_date
from jwtinspector.core.text import b64url_encode
from jwtinspector.core.token import DecodedToken
from jwtinspector.core.verify import (
    CheckStatus,
    SignatureResult,
    SignatureStatus,
    VerificationReport,
)

# ANSI colours close to the window's segment colours.
_COLORS = {
    "header": "\033[31m",
    "payload": "\033[35m",
    "signature": "\033[36m",
    "good": "\033[32m",
    "bad": "\033[31m",
    "note": "\033[33m",
    "dim": "\033[2m",
}
_RESET = "\033[0m"


def paint(text: str, role: str, color: bool) -> str:
    """Colour one line; its control characters are escaped first, since the
    text may come from the token."""
    text = terminal_safe(text)
    return f"{_COLORS[role]}{text}{_RESET}" if color else text


def decoded_json(decoded: DecodedToken, *, now: float) -> dict[str, Any]:
    """The ``decode --json`` object: header, payload and signature first."""
    result: dict[str, Any] = {
        "header": decoded.header,
        "payload": decoded.payload,
        "signature": b64url_encode(decoded.signature)
        if decoded.signature is not None
        else None,
        "form": decoded.form,
    }
    if decoded.payload is None and decoded.payload_bytes is not None:
        result["payload_base64url"] = b64url_encode(decoded.payload_bytes)
    dates: dict[str, dict[str, str | None]] = {}
    for name in NUMERIC_DATE_CLAIMS:
        info = describe_date((decoded.claims or {}).get(name), now)
        if info:
            dates[name] = {"utc": info.utc, "relative": info.relative}
            if info.looks_like_ms:
                dates[name]["milliseconds_reading"] = info.ms_utc
    result["dates"] = dates
    result["errors"] = [problem_json(e) for e in decoded.errors]
    result["warnings"] = [problem_json(w) for w in decoded.warnings]
    result["repairs"] = list(decoded.repairs)  # what verify refuses as given
    return result


def problem_json(error: Any) -> dict[str, Any]:
    """One error or warning of ``--json``; ``count`` says how many of it one
    entry groups (repeated member names, numbers out of range, glued tokens)."""
    return {
        "segment": error.segment,
        "offset": error.offset,
        "message": error.message,
        "count": error.count,
    }


def print_decoded(decoded: DecodedToken, *, now: float, color: bool) -> None:
    """Header, payload (with dates) and signature, as a person reads them."""
    alg = f" ({decoded.alg})" if decoded.alg else ""
    print(paint(f"Header{alg}", "header", color))
    print(
        pretty_json(decoded.header) if decoded.header is not None else "(not decoded)"
    )
    if decoded.is_encrypted:
        print(
            paint(
                "Encrypted content (JWE): decrypt it with jwtinspector decrypt",
                "note",
                color,
            )
        )
        return
    print_payload(decoded, color=color)
    for name in NUMERIC_DATE_CLAIMS:
        info = describe_date((decoded.claims or {}).get(name), now)
        if info:
            line = f"  {name:<10} {info.utc}  ({info.relative})"
            if info.looks_like_ms:
                line += f"  looks like milliseconds: {info.ms_utc}?"
            print(paint(line, "dim", color))
    if decoded.signature is not None:
        size = len(decoded.signature)
        print(paint(f"Signature ({size} bytes)", "signature", color))
        print(b64url_encode(decoded.signature) if size else "(empty)")
    for warning in decoded.warnings:
        print(paint(f"note: {warning.message}", "note", color))
    if decoded.repairs:  # verify refuses it unless --lenient
        what = "; ".join(decoded.repairs)
        text = f"note: repaired to be read ({what}); a server would refuse it as given"
        print(paint(text, "note", color))


def pretty_json(value: Any) -> str:
    # json.dumps escapes C0 controls in strings but not C1 ones.
    return terminal_safe(readable_json(value), keep="\n")


_HEX_LIMIT = 256  # bytes; longer binary payloads are shown as base64url


def print_payload(part: Any, *, color: bool) -> None:
    """The payload of a compact token or a JSON serialization, as decoded:
    JSON, text, or why it is not shown (detached, not decodable)."""
    unencoded = " (unencoded, b64: false)" if part.unencoded else ""
    print(paint(f"Payload{unencoded}", "payload", color))
    if part.detached:
        print("(detached: not in the token; verify takes it with --payload-file)")
    elif part.payload is not None:
        print(pretty_json(part.payload))
    elif part.payload_bytes is not None:
        print(payload_text(part.payload_bytes))
    else:
        print("(not decoded)")


def payload_text(data: bytes) -> str:
    """A non-JSON payload: its text when it is UTF-8, else its bytes."""
    try:
        return terminal_safe(data.decode("utf-8"), keep="\n\t")
    except UnicodeDecodeError:
        pass
    if len(data) <= _HEX_LIMIT:
        return f"({len(data)} bytes, not UTF-8 text; in hex)\n{data.hex(' ')}"
    return f"({len(data)} bytes, not UTF-8 text; in base64url)\n{b64url_encode(data)}"


def signature_json(sig: SignatureResult) -> dict[str, Any]:
    """One signature's verdict in ``verify --json`` output."""
    return {
        "status": sig.status.value,
        "message": sig.message,
        "algorithm": sig.algorithm,
        "key": sig.key.describe() if sig.key else None,
        "trace": list(sig.trace),
        "warnings": list(sig.warnings),
    }


def report_json(decoded: DecodedToken, report: VerificationReport) -> dict[str, Any]:
    """The ``verify --json`` object."""
    return {
        "valid": report.valid,
        "signature": signature_json(report.signature),
        "claims": [
            {"claim": c.claim, "status": c.status.value, "message": c.message}
            for c in report.claims
        ],
        "header": decoded.header,
        "payload": decoded.payload,
        "warnings": [problem_json(w) for w in decoded.warnings],  # as decode's
    }


def print_report(
    report: VerificationReport, *, color: bool, verdict: bool = True
) -> None:
    """The verdict first, then each claim check and any warning (and the
    closing verdict line unless ``verdict`` is False)."""
    sig = report.signature
    good = sig.status is SignatureStatus.VALID
    print(paint(sig.message, "good" if good else "bad", color))
    for line in sig.trace:
        print(paint(f"  · {line}", "dim", color))
    for warning in sig.warnings:
        print(paint(f"warning: {warning}", "note", color))
    print_checks(report.claims, color)
    if verdict:
        line = "Token valid." if report.valid else "Token invalid."
        print(paint(line, "good" if report.valid else "bad", color))


def print_checks(checks: Any, color: bool) -> None:
    """One line per claim check: ok or BAD, the claim and its message."""
    for check in checks:
        passed = check.status is CheckStatus.PASSED
        mark = "ok " if passed else "BAD"
        print(
            paint(
                f"{mark} {check.claim}: {check.message}",
                "good" if passed else "bad",
                color,
            )
        )


def unreadable_disclosure(sd: Any) -> str | None:
    """The message for the first disclosure nested deeper than any JSON read
    (core/limits.py), or None: such an SD-JWT is refused as a payload is."""
    from jwtinspector.core.sdjwt import ProblemKind

    for problem in sd.problems if sd is not None else ():
        if problem.kind == ProblemKind.TOO_DEEP and problem.disclosure is not None:
            return str(problem.message)
    return None


def sd_jwt_json(sd: Any, key_binding: Any = None) -> dict[str, Any]:
    """The ``sd_jwt`` member of ``decode --json`` and ``verify --json``."""
    kb = sd.key_binding
    result: dict[str, Any] = {
        "typ": sd.typ,
        "sd_alg": sd.hash_name,
        "disclosures": [
            {
                "index": d.index,
                "offset": d.start,
                "disclosure": d.text,
                "salt": d.salt,
                "name": d.name,
                "value": d.value,
                "array_element": d.is_array_element,
                "digest": d.digest,
                "matched": d.matched,
                "error": d.error or None,
            }
            for d in sd.disclosures
        ],
        "disclosed_payload": sd.payload,
        "undisclosed": dict(sd.undisclosed),
        "undisclosed_count": sd.undisclosed_count,
        "key_binding_jwt": None
        if kb is None
        else {"header": kb.header, "payload": kb.payload, "offset": kb.start},
        "problems": [
            {
                "kind": p.kind,
                "message": p.message,
                "disclosure": p.disclosure,
                "offset": p.start,
            }
            for p in sd.problems
        ],
        "form": sd.form,
    }
    if key_binding is not None:
        sig = key_binding.signature
        result["key_binding"] = {
            "valid": key_binding.valid,
            "present": key_binding.present,
            "message": key_binding.message,
            "signature": None
            if sig is None
            else {"status": sig.status.value, "message": sig.message},
            "checks": [
                {"claim": c.claim, "status": c.status.value, "message": c.message}
                for c in key_binding.checks
            ],
        }
    return result


def print_sd_jwt(sd: Any, *, color: bool, key_binding: Any = None) -> None:
    """The disclosures, the disclosed payload and the Key Binding JWT."""
    count = len(sd.disclosures)
    typ = f", typ {sd.typ}" if sd.typ else ""
    print(
        paint(
            f"SD-JWT: {count} disclosure{'s' if count != 1 else ''}, "
            f"_sd_alg {sd.hash_name}{typ}",
            "payload",
            color,
        )
    )
    for d in sd.disclosures:
        if d.error:
            print(paint(f"  {d.index + 1}. unreadable: {d.error}", "bad", color))
            continue
        name = "(array element)" if d.is_array_element else d.name
        value = json.dumps(d.value, ensure_ascii=False)
        print(terminal_safe(f"  {d.index + 1}. {name} = {value}"))
        where = f"matched at {d.matched}" if d.matched else "matches no digest"
        print(paint(f"     salt {d.salt}  digest {d.digest}  {where}", "dim", color))
    print(paint("Disclosed payload", "payload", color))
    print(pretty_json(sd.payload) if sd.payload is not None else "(not available)")
    if sd.undisclosed_count:
        parts = ", ".join(f"{n} in {path}" for path, n in sd.undisclosed)
        print(
            paint(
                f"Undisclosed digests: {sd.undisclosed_count} ({parts})", "dim", color
            )
        )
    else:
        print(paint("Undisclosed digests: none", "dim", color))
    for problem in sd.problems:
        print(paint(f"problem: {problem.message}", "bad", color))
    kb = sd.key_binding
    if kb is None:
        print(paint("Key Binding JWT: none (the SD-JWT ends with ~)", "note", color))
    else:
        print(paint("Key Binding JWT header", "header", color))
        print(pretty_json(kb.header) if kb.header is not None else "(not decoded)")
        print(paint("Key Binding JWT payload", "payload", color))
        print(pretty_json(kb.payload) if kb.payload is not None else "(not decoded)")
    if key_binding is not None:
        sig = key_binding.signature
        if sig is not None:
            good = sig.status is SignatureStatus.VALID
            print(paint(sig.message, "good" if good else "bad", color))
        print_checks(key_binding.checks, color)
