"""What the command line prints: readable text and the --json objects."""

from __future__ import annotations

import json
from typing import Any

from jwtinspector.cli.common import terminal_safe
from jwtinspector.core.numericdate import NUMERIC_DATE_CLAIMS, describe_date
from jwtinspector.core.text import b64url_encode
from jwtinspector.core.token import DecodedToken
from jwtinspector.core.verify import CheckStatus, SignatureStatus, VerificationReport

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
    result["errors"] = [_problem(e) for e in decoded.errors]
    result["warnings"] = [_problem(w) for w in decoded.warnings]
    return result


def _problem(error: Any) -> dict[str, Any]:
    return {"segment": error.segment, "offset": error.offset, "message": error.message}


def print_decoded(decoded: DecodedToken, *, now: float, color: bool) -> None:
    """Header, payload (with dates) and signature, as a person reads them."""
    alg = f" ({decoded.alg})" if decoded.alg else ""
    print(paint(f"Header{alg}", "header", color))
    print(_pretty(decoded.header) if decoded.header is not None else "(not decoded)")
    if decoded.is_encrypted:
        print(paint("Encrypted content (JWE): cannot be shown", "note", color))
        return
    print(paint("Payload", "payload", color))
    if decoded.payload is not None:
        print(_pretty(decoded.payload))
    elif decoded.payload_bytes is not None:
        print(_payload_text(decoded.payload_bytes))
    else:
        print("(not decoded)")
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


def _pretty(value: Any) -> str:
    # json.dumps escapes C0 controls in strings but not C1 ones.
    return terminal_safe(json.dumps(value, indent=2, ensure_ascii=False), keep="\n")


_HEX_LIMIT = 256  # bytes; longer binary payloads are shown as base64url


def _payload_text(data: bytes) -> str:
    """A non-JSON payload: its text when it is UTF-8, else its bytes."""
    try:
        return terminal_safe(data.decode("utf-8"), keep="\n\t")
    except UnicodeDecodeError:
        pass
    if len(data) <= _HEX_LIMIT:
        return f"({len(data)} bytes, not UTF-8 text; in hex)\n{data.hex(' ')}"
    return f"({len(data)} bytes, not UTF-8 text; in base64url)\n{b64url_encode(data)}"


def report_json(decoded: DecodedToken, report: VerificationReport) -> dict[str, Any]:
    """The ``verify --json`` object."""
    sig = report.signature
    return {
        "valid": report.valid,
        "signature": {
            "status": sig.status.value,
            "message": sig.message,
            "algorithm": sig.algorithm,
            "key": sig.key.describe() if sig.key else None,
            "trace": list(sig.trace),
            "warnings": list(sig.warnings),
        },
        "claims": [
            {"claim": c.claim, "status": c.status.value, "message": c.message}
            for c in report.claims
        ],
        "header": decoded.header,
        "payload": decoded.payload,
    }


def print_report(report: VerificationReport, *, color: bool) -> None:
    """The verdict first, then each claim check and any warning."""
    sig = report.signature
    good = sig.status is SignatureStatus.VALID
    print(paint(sig.message, "good" if good else "bad", color))
    for line in sig.trace:
        print(paint(f"  · {line}", "dim", color))
    for warning in sig.warnings:
        print(paint(f"warning: {warning}", "note", color))
    for check in report.claims:
        passed = check.status is CheckStatus.PASSED
        mark = "ok " if passed else "BAD"
        print(
            paint(
                f"{mark} {check.claim}: {check.message}",
                "good" if passed else "bad",
                color,
            )
        )
    verdict = "Token valid." if report.valid else "Token invalid."
    print(paint(verdict, "good" if report.valid else "bad", color))


# For the other sub-commands' output (decrypt shows a plaintext the same way).
pretty_json = _pretty
plaintext_text = _payload_text
