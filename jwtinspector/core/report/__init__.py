"""Reports on one token, to keep or to share redacted: the header, the claims
with their kinds and meanings, the dates, the verdict and the findings, as
Markdown or as one self-contained HTML file.

``build`` makes the :class:`Report` (``redact`` has the rules), ``render``
writes it. :func:`make_report` asks the one pipeline for the verdict and the
one audit for the findings, as ``verify`` and ``lint`` do.

Pure Python, no Qt; the clock is passed in.
"""

from __future__ import annotations

from typing import Any

from jwtinspector.core.report.build import Report, build_report
from jwtinspector.core.report.redact import KEPT_CLAIMS
from jwtinspector.core.report.render import FORMATS, render, to_html, to_markdown

__all__ = [
    "FORMATS",
    "KEPT_CLAIMS",
    "Report",
    "build_report",
    "make_report",
    "render",
    "to_html",
    "to_markdown",
]


def make_report(
    token: Any,
    *,
    now: float,
    keys: Any = None,
    options: Any = None,
    redact: bool = False,
    sd_jwt: Any = None,
    generated: float | None = None,
) -> Report:
    """The report on ``token`` (a readable compact JWS) with the pipeline's
    verdict for ``keys`` (a core.pipeline.KeysInUse; None: no key) held to
    ``options`` (core.verify.VerifyOptions), and the audit's findings."""
    from jwtinspector.core.audit import AuditOptions
    from jwtinspector.core.audit.forms import audit_input
    from jwtinspector.core.pipeline import KeysInUse, verdict
    from jwtinspector.core.verify import VerifyOptions

    keys = keys if keys is not None else KeysInUse()
    options = options if options is not None else VerifyOptions()
    result = verdict(token, keys, now=now, options=options, strict=True)
    audit_options = AuditOptions(
        certificates=keys.certificates, skew=max(AuditOptions.skew, options.leeway)
    )
    findings = audit_input(
        token, now=now, key=keys.key, options=audit_options, sd_jwt=sd_jwt
    )
    return build_report(
        token,
        now=now,
        verdict=result,
        findings=findings,
        redact=redact,
        key=keys.key,
        generated=generated,
    )
