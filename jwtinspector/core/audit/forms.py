"""The audit of whatever was pasted: a compact token, or a JWS or JWE in JSON
serialization. The window's Audit tab and ``lint`` both ask it.

A JWS in JSON serialization is audited signature by signature: each
signature's token (its joint header, the shared payload) goes through the one
audit, whose checks also see what only its unprotected header gives
(checks/json_form.py, RFC 7515 §7.2.1). A JWE in JSON serialization is audited
recipient by recipient: each recipient's joint header gets the JWE checks, as
a compact JWE's header does. A finding every signature (or recipient) shares
(the payload's, the nested token's) is listed once; the others are labelled
with the signature or recipient they concern.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from jwtinspector.core.audit.context import AuditOptions, quoted
from jwtinspector.core.audit.findings import Finding, sort_findings
from jwtinspector.core.audit.registry import audit
from jwtinspector.core.keys import KeyMaterial, KeySet
from jwtinspector.core.token import DecodedToken, Segment

JSON_FORMS = ("JWS JSON", "JWE JSON")
"""The ``form`` of core.json_serialization's JsonJws and JsonJwe."""

MAX_AUDITED = 100
"""Signatures (or recipients) audited at most: a pasted JSON may hold
thousands, and each costs a full audit (a weak-secret scan among them)."""

_DEFAULT_OPTIONS = AuditOptions()


def audit_input(
    main: Any,
    *,
    now: float,
    key: KeyMaterial | KeySet | None = None,
    options: AuditOptions = _DEFAULT_OPTIONS,
    sd_jwt: Any = None,
    nested: DecodedToken | None = None,
) -> tuple[Finding, ...]:
    """Every finding for ``main``, most severe first: a DecodedToken (see
    ``audit``), or a JsonJws / JsonJwe (core.json_serialization).

    ``nested`` is the token a JWE (compact or JSON) decrypted to.
    """
    form = getattr(main, "form", "")
    if form == "JWS JSON":
        tokens = [
            (_signature_token(s), _label("Signature", s.index, s.joint_header, main))
            for s in main.signatures[:MAX_AUDITED]
        ]
    elif form == "JWE JSON":
        tokens = recipient_tokens(main)
    else:
        return audit(
            main, now=now, key=key, options=options, sd_jwt=sd_jwt, nested=nested
        )
    each = [
        (audit(token, now=now, key=key, options=options, nested=nested), label)
        for token, label in tokens
    ]
    return sort_findings(_labelled(each))


def _labelled(each: list[tuple[tuple[Finding, ...], str]]) -> list[Finding]:
    """The findings every token shares once, the others with their label."""
    shared = (
        set(each[0][0]).intersection(*(set(f) for f, _ in each[1:])) if each else set()
    )
    found: list[Finding] = []
    listed: set[Finding] = set()
    for findings, label in each:
        for finding in findings:
            if finding not in shared:
                found.append(_with_label(finding, label))
            elif finding not in listed:
                listed.add(finding)
                found.append(finding)
    return found


def _with_label(finding: Finding, label: str) -> Finding:
    if not label:
        return finding
    return dataclasses.replace(finding, title=f"{label}: {finding.title}")


def _label(kind: str, index: int, header: dict[str, Any], form: Any) -> str:
    """ "Signature #2 (kid "a")": which signature (or recipient) of several;
    "" for the only one."""
    many = getattr(form, "signatures", None) or getattr(form, "recipients", None)
    count = len(many or ())
    if count <= 1:
        return ""
    kid = header.get("kid")
    alg = header.get("alg")
    name = f"kid {quoted(kid, 40)}" if isinstance(kid, str) else quoted(alg, 40)
    return f"{kind} #{index + 1} ({name})"


def _signature_token(signature: Any) -> DecodedToken:
    """A JWS JSON signature's token; with no protected header, its header
    segment is empty (not the ``{}`` it decodes as, which is no encoding)."""
    token = signature.token
    first = token.segments[0] if token.segments else None
    if signature.protected_b64 or first is None or first.text:
        return token
    empty = dataclasses.replace(first, data=b"")
    return dataclasses.replace(token, segments=(empty, *token.segments[1:]))


def recipient_tokens(jwe: Any) -> list[tuple[DecodedToken, str]]:
    """Each recipient of a JWE in JSON serialization as a compact JWE's
    decoded token (its joint header, its encrypted key), with its label.

    The parts every recipient shares are decoded once; the token text is the
    first recipient's (the audit reads the header and the encrypted key).
    """
    from jwtinspector.core.text import b64url_encode
    from jwtinspector.core.token import inspect_token

    recipients = jwe.recipients[:MAX_AUDITED]
    if not recipients:
        return []
    tail = ".".join(b64url_encode(p or b"") for p in (jwe.iv, jwe.ciphertext, jwe.tag))
    head = jwe.protected_b64 or "e30"  # no protected header: {}
    base = inspect_token(f"{head}.{recipients[0].encrypted_key_b64}.{tail}")
    # Encoded here, the shared parts are canonical: their bytes are left
    # out, so no check goes over a megabyte of ciphertext per recipient.
    shared = tuple(dataclasses.replace(s, data=None) for s in base.segments[2:])
    found = []
    for recipient in recipients:
        header = jwe.joint_header(recipient)
        key = Segment("encrypted_key", recipient.encrypted_key_b64, 0, 0,
                      recipient.encrypted_key)  # fmt: skip
        segments = (base.segments[0], key, *shared)
        token = dataclasses.replace(
            base, header=header, segments=segments, errors=(), form="JWE"
        )
        found.append((token, _label("Recipient", recipient.index, header, jwe)))
    return found
