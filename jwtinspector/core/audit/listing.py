"""The catalogue for people and programs: what the audit can report.

``catalogue_rows`` is the JSON-ready list (for a ``lint`` listing) and
``catalogue_markdown`` the table in docs/findings.md, so both take their
wording from the one catalogue.
"""

from __future__ import annotations

from typing import Any

from jwtinspector.core.audit.findings import catalogue


def catalogue_rows() -> list[dict[str, Any]]:
    """Every finding the audit can report: id, severity (the most severe it can
    have), severities, title, advice and reference."""
    return [entry.to_dict() for entry in catalogue()]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def catalogue_markdown() -> str:
    """The catalogue as a Markdown document with one table row per finding."""
    lines = [
        "# Audit findings",
        "",
        "Every finding the Audit tab and `jwtinspector lint` can report. The "
        "severity is the most severe the finding can have; where a finding can "
        "also be milder, the others follow. A finding's own title and advice "
        "name the token's values. Made from the audit's catalogue by "
        "`python docs/make_findings.py`; do not edit by hand.",
        "",
        "| ID | Severity | Finding | Advice | Reference |",
        "| --- | --- | --- | --- | --- |",
    ]
    for entry in catalogue():
        severities = " / ".join(str(s) for s in entry.severities)
        cells = (entry.id, severities, entry.title, entry.advice, entry.reference)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"
