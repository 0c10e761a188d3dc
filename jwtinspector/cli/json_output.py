"""What ``decode`` and ``verify`` print for a JWS or JWE in JSON serialization."""

from __future__ import annotations

from typing import Any

from jwtinspector.cli.output import (
    paint,
    payload_text,
    pretty_json,
    print_checks,
    print_payload,
    problem_json,
    signature_json,
)
from jwtinspector.core.json_serialization import JsonJwe, JsonJws
from jwtinspector.core.pipeline import SignaturesVerdict
from jwtinspector.core.text import b64url_encode
from jwtinspector.core.verify import SignatureStatus


def _b64(data: bytes | None) -> str | None:
    return b64url_encode(data) if data is not None else None


def _payload_json(jws: JsonJws) -> dict[str, Any]:
    """The payload as JSON when it is JSON; else as text, or base64url."""
    if jws.payload is not None or jws.payload_bytes is None:
        return {"payload": jws.payload}
    try:
        return {"payload": None, "payload_text": jws.payload_bytes.decode("utf-8")}
    except UnicodeDecodeError:
        return {"payload": None, "payload_base64url": b64url_encode(jws.payload_bytes)}


def jws_json(jws: JsonJws) -> dict[str, Any]:
    """The ``decode --json`` object of a JWS in JSON serialization."""
    result: dict[str, Any] = {
        "form": jws.form,
        "flattened": jws.flattened,
        **_payload_json(jws),
        "unencoded": jws.unencoded,
        "detached": jws.detached,
    }
    result["signatures"] = [
        {
            "protected": s.protected,
            "protected_base64url": s.protected_b64,
            "header": s.header,
            "signature": _b64(s.signature),
        }
        for s in jws.signatures
    ]
    result["errors"] = [problem_json(e) for e in jws.errors]
    result["warnings"] = [problem_json(w) for w in jws.warnings]
    return result


def jwe_json(jwe: JsonJwe) -> dict[str, Any]:
    """The ``decode --json`` object of a JWE in JSON serialization."""
    return {
        "form": jwe.form,
        "flattened": jwe.flattened,
        "protected": jwe.protected,
        "unprotected": jwe.unprotected,
        "recipients": [
            {"header": r.header, "encrypted_key": _b64(r.encrypted_key)}
            for r in jwe.recipients
        ],
        "iv": _b64(jwe.iv),
        "ciphertext": _b64(jwe.ciphertext),
        "tag": _b64(jwe.tag),
        "aad": jwe.aad_text or None,
        "errors": [problem_json(e) for e in jwe.errors],
        "warnings": [problem_json(w) for w in jwe.warnings],
    }


def print_jws(jws: JsonJws, *, color: bool) -> None:
    """The payload once, then each signature's headers and bytes."""
    count = len(jws.signatures)
    shape = "flattened" if jws.flattened else "general"
    print(
        paint(
            f"JWS JSON serialization ({shape}, {count} signature"
            f"{'s' if count != 1 else ''})",
            "header",
            color,
        )
    )
    print_payload(jws, color=color)
    for s in jws.signatures:
        alg = f" ({s.alg})" if s.alg else ""
        print(paint(f"Signature #{s.index + 1}{alg}", "signature", color))
        if s.protected_b64:
            print("Protected header")
            print(
                pretty_json(s.protected) if s.protected is not None else "(not decoded)"
            )
        else:
            print("Protected header: none")
        if s.header is not None:
            print("Unprotected header (not covered by the signature)")
            print(pretty_json(s.header))
        if s.signature is not None:
            print(f"Signature ({len(s.signature)} bytes)")
            print(b64url_encode(s.signature) if s.signature else "(empty)")
    for warning in jws.warnings:
        print(paint(f"note: {warning.message}", "note", color))


def print_jwe(jwe: JsonJwe, *, color: bool) -> None:
    """The headers and each recipient; the content stays encrypted."""
    count = len(jwe.recipients)
    shape = "flattened" if jwe.flattened else "general"
    print(
        paint(
            f"JWE JSON serialization ({shape}, {count} recipient"
            f"{'s' if count != 1 else ''})",
            "header",
            color,
        )
    )
    if jwe.protected is not None:
        print(paint("Protected header", "header", color))
        print(pretty_json(jwe.protected))
    if jwe.unprotected is not None:
        print(paint("Shared unprotected header", "header", color))
        print(pretty_json(jwe.unprotected))
    for r in jwe.recipients:
        size = (
            f", encrypted key {len(r.encrypted_key)} bytes" if r.encrypted_key else ""
        )
        print(paint(f"Recipient #{r.index + 1}{size}", "signature", color))
        if r.header is not None:
            print(pretty_json(r.header))
    for name, data in (
        ("IV", jwe.iv),
        ("Ciphertext", jwe.ciphertext),
        ("Tag", jwe.tag),
    ):
        if data is not None:
            print(f"{name}: {len(data)} bytes")
    if jwe.aad is not None:
        print(f"AAD ({len(jwe.aad)} bytes): {payload_text(jwe.aad)}")
    for warning in jwe.warnings:
        print(paint(f"note: {warning.message}", "note", color))


def verdicts_json(jws: JsonJws, result: SignaturesVerdict) -> dict[str, Any]:
    """The ``verify --json`` object of a JWS in JSON serialization."""
    signatures = []
    for s, report in zip(jws.signatures, result.verdicts, strict=True):
        signatures.append(
            {"protected": s.protected, "header": s.header}
            | signature_json(report.signature)
        )
    return {
        "valid": result.valid,
        "summary": result.summary,
        "verified": list(result.verified),
        **_payload_json(jws),
        "signatures": signatures,
        "claims": [
            {"claim": c.claim, "status": c.status.value, "message": c.message}
            for c in _claims(result)
        ],
    }


def _claims(result: SignaturesVerdict) -> tuple[Any, ...]:
    """The claim checks: the same payload under every signature, shown once."""
    chosen = result.verified[0] if result.verified else 0
    return result.verdicts[chosen].claims if result.verdicts else ()


def print_verdicts(jws: JsonJws, result: SignaturesVerdict, *, color: bool) -> None:
    """Each signature's verdict, the claim checks once, then the answer."""
    for s, report in zip(jws.signatures, result.verdicts, strict=True):
        sig = report.signature
        good = sig.status is SignatureStatus.VALID
        alg = f" ({s.alg})" if s.alg else ""
        print(
            paint(
                f"Signature #{s.index + 1}{alg}: {sig.message}",
                "good" if good else "bad",
                color,
            )
        )
        for line in sig.trace:
            print(paint(f"  · {line}", "dim", color))
        for warning in sig.warnings:
            print(paint(f"  warning: {warning}", "note", color))
    print_checks(_claims(result), color)
    print(paint(result.summary, "good" if result.verified else "bad", color))
    verdict = "Token valid." if result.valid else "Token invalid."
    print(paint(verdict, "good" if result.valid else "bad", color))
