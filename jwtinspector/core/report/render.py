"""A :class:`~jwtinspector.core.report.build.Report` as Markdown or as one
self-contained HTML file (inline CSS, no script, nothing fetched).

Every text from the token is escaped: in HTML by ``html.escape``; in Markdown
outside code blocks as HTML entities (so a renderer shows ``<script>`` as
text) with the Markdown marks that could change the layout escaped, and inside
code blocks behind a fence longer than any run of backticks in the text.

Pure Python, no Qt.
"""

from __future__ import annotations

import html
import re

from jwtinspector.core.report.build import Member, Report, ReportFinding
from jwtinspector.core.segment_colours import SEGMENT_COLOURS

FORMATS = ("md", "html")
"""The formats a report is written in."""

TITLE = "JWT report"
REDACTED_TITLE = "JWT report (redacted)"


def render(report: Report, form: str) -> str:
    """The report in ``form`` ("md" or "html")."""
    if form == "html":
        return to_html(report)
    if form == "md":
        return to_markdown(report)
    raise ValueError(f"unknown report format {form!r}: choose from {FORMATS}")


def title_of(report: Report) -> str:
    return REDACTED_TITLE if report.redacted else TITLE


def _generated(report: Report) -> str:
    if report.generated == report.evaluated:
        return (
            f"Generated {report.generated}; the dates and the verdict are as of then."
        )
    return (
        f"Generated {report.generated}; the dates and the verdict are judged at "
        f"{report.evaluated}, not then."
    )


# ---------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_text(text: str) -> str:
    """Untrusted text for a Markdown line or table cell: HTML entities for
    ``<>&``, Markdown marks escaped, line breaks as spaces."""
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())


def md_code_block(text: str, lang: str = "") -> str:
    """A fenced code block no backtick run inside ``text`` can close."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{text}\n{fence}"


def to_markdown(report: Report) -> str:
    out = [f"# {title_of(report)}", ""]
    out.append(md_text(_generated(report)))
    out.append("")
    for note in report.notes:
        out += [f"> {md_text(note)}", ""]
    if report.segments:
        out += ["## Token", ""]
        shown = ".".join(text for _role, text in report.segments)
        out += [md_code_block(shown), ""]
    out += _md_verdict(report)
    out += ["## Header", "", md_code_block(report.header_json, "json"), ""]
    out += _md_members(report.header, "Parameter")
    out += ["## Payload", "", md_code_block(report.payload_json, "json"), ""]
    out += _md_members(report.claims, "Claim")
    if report.dates:
        out += [
            "## Dates",
            "",
            "| Claim | Value | UTC | Relative |",
            "|---|---|---|---|",
        ]
        for d in report.dates:
            cells = (d.name, d.value, d.iso, d.relative)
            out.append("| " + " | ".join(md_text(c) for c in cells) + " |")
        out.append("")
    out += _md_findings(report.findings)
    if report.redacted:
        out += ["## What was redacted", ""]
        out += [f"- {md_text(path)}" for path in report.redactions] or ["- nothing"]
        if report.more_redactions:
            out.append(f"- and {report.more_redactions:,} more")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _md_verdict(report: Report) -> list[str]:
    verdict = report.verdict
    out = ["## Verdict", ""]
    if verdict is None:
        return [*out, "No verdict: the token was not checked.", ""]
    out += [f"**{md_text(verdict.headline)}**", "", f"- {md_text(verdict.signature)}"]
    out += [f"  - {md_text(line)}" for line in verdict.trace]
    out += [f"- warning: {md_text(line)}" for line in verdict.warnings]
    for passed, claim, message in verdict.checks:
        mark = "ok" if passed else "BAD"
        out.append(f"- {mark} {md_text(claim)}: {md_text(message)}")
    return [*out, ""]


def _md_members(members: tuple[Member, ...], noun: str) -> list[str]:
    if not members:
        return []
    out = [f"| {noun} | Value | Kind | Meaning | Source |", "|---|---|---|---|---|"]
    for m in members:
        value = md_text(m.value) + (" (redacted)" if m.redacted else "")
        cells = (md_text(m.name), value, m.kind, md_text(m.meaning), md_text(m.source))
        out.append("| " + " | ".join(cells) + " |")
    return [*out, ""]


def _md_findings(findings: tuple[ReportFinding, ...]) -> list[str]:
    out = ["## Findings", ""]
    if not findings:
        return [*out, "No findings.", ""]
    for f in findings:
        out.append(f"### {f.severity.upper()} {md_text(f.title)} \\[{f.id}\\]")
        out += ["", md_text(f.explanation), "", f"Instead: {md_text(f.advice)}"]
        out += ["", f"Reference: {md_text(f.reference)}", ""]
    return out


# -------------------------------------------------------------------- HTML

_CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: #1f2328; background: #fff; max-width: 60rem; margin: 2rem auto;
  padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem;
  border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
h3 { font-size: 1rem; margin-bottom: .3rem; }
code, pre, .token { font-family: ui-monospace, "Cascadia Mono", Menlo, monospace;
  font-size: 13px; }
pre { background: #f6f8fa; padding: .7rem; overflow-x: auto;
  white-space: pre-wrap; word-break: break-all; border-left: 4px solid #d0d7de; }
.token { word-break: break-all; background: #f6f8fa; padding: .7rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left;
  vertical-align: top; } th { background: #f6f8fa; }
td.value { font-family: ui-monospace, Menlo, monospace; font-size: 13px;
  word-break: break-all; }
.note { background: #fff4d6; color: #7a4f01; padding: .6rem .8rem; }
.valid { color: #1b5e20; background: #e6f4ea; padding: .4rem .8rem; }
.invalid { color: #b71c1c; background: #fdecea; padding: .4rem .8rem; }
.ok { color: #1b5e20; } .bad { color: #b71c1c; }
.sev { display: inline-block; min-width: 5rem; font-weight: bold; }
.critical, .high { color: #b71c1c; } .medium { color: #7a4f01; }
.low, .info { color: #37474f; }
.redacted { color: #5f6368; font-style: italic; }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _segment_css() -> str:
    rules = [
        f".{role} {{ color: {colour}; }}" for role, colour in SEGMENT_COLOURS.items()
    ]
    borders = [
        f"pre.{role} {{ border-left-color: {SEGMENT_COLOURS[role]}; }}"
        for role in ("header", "payload")
    ]
    return "\n".join(rules + borders)


def to_html(report: Report) -> str:
    title = title_of(report)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}{_segment_css()}</style>",
        "</head><body>",
        f"<h1>{_e(title)}</h1>",
        f"<p>{_e(_generated(report))}</p>",
    ]
    out += [f'<p class="note">{_e(note)}</p>' for note in report.notes]
    if report.segments:
        dot = '<span class="dot">.</span>'
        coloured = dot.join(
            f'<span class="{role}">{_e(text)}</span>' for role, text in report.segments
        )
        out += ["<h2>Token</h2>", f'<div class="token">{coloured}</div>']
    out += _html_verdict(report)
    out += ["<h2>Header</h2>", f'<pre class="header">{_e(report.header_json)}</pre>']
    out += _html_members(report.header, "Parameter")
    out += ["<h2>Payload</h2>", f'<pre class="payload">{_e(report.payload_json)}</pre>']
    out += _html_members(report.claims, "Claim")
    if report.dates:
        out += ["<h2>Dates</h2>", "<table><tr><th>Claim</th><th>Value</th>"
                "<th>UTC</th><th>Relative</th></tr>"]  # fmt: skip
        for d in report.dates:
            cells = "".join(
                f"<td>{_e(c)}</td>" for c in (d.name, d.value, d.iso, d.relative)
            )
            out.append(f"<tr>{cells}</tr>")
        out.append("</table>")
    out += _html_findings(report.findings)
    if report.redacted:
        out.append("<h2>What was redacted</h2><ul>")
        out += [f"<li><code>{_e(p)}</code></li>" for p in report.redactions]
        if not report.redactions:
            out.append("<li>nothing</li>")
        if report.more_redactions:
            out.append(f"<li>and {report.more_redactions:,} more</li>")
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _html_verdict(report: Report) -> list[str]:
    verdict = report.verdict
    out = ["<h2>Verdict</h2>"]
    if verdict is None:
        return [*out, "<p>No verdict: the token was not checked.</p>"]
    state = "valid" if verdict.valid else "invalid"
    out.append(f'<p class="{state}"><strong>{_e(verdict.headline)}</strong></p>')
    out.append(f"<ul><li>{_e(verdict.signature)}")
    if verdict.trace:
        out.append(
            "<ul>" + "".join(f"<li>{_e(t)}</li>" for t in verdict.trace) + "</ul>"
        )
    out.append("</li>")
    out += [f"<li>warning: {_e(w)}</li>" for w in verdict.warnings]
    for passed, claim, message in verdict.checks:
        mark, role = ("ok", "ok") if passed else ("BAD", "bad")
        out.append(
            f'<li class="{role}">{mark} <code>{_e(claim)}</code>: {_e(message)}</li>'
        )
    out.append("</ul>")
    return out


def _html_members(members: tuple[Member, ...], noun: str) -> list[str]:
    if not members:
        return []
    out = [
        f'<table><tr><th width="16%">{noun}</th><th width="26%">Value</th>'
        '<th width="11%">Kind</th><th width="33%">Meaning</th>'
        '<th width="14%">Source</th></tr>'
    ]
    for m in members:
        value_class = "value redacted" if m.redacted else "value"
        source = _e(m.source)
        if m.url.startswith("https://"):
            source = f'<a href="{_e(m.url)}">{source}</a>'
        out.append(
            f"<tr><td><code>{_e(m.name)}</code></td>"
            f'<td class="{value_class}">{_e(m.value)}</td><td>{_e(m.kind)}</td>'
            f"<td>{_e(m.meaning)}</td><td>{source}</td></tr>"
        )
    out.append("</table>")
    return out


def _html_findings(findings: tuple[ReportFinding, ...]) -> list[str]:
    out = ["<h2>Findings</h2>"]
    if not findings:
        return [*out, "<p>No findings.</p>"]
    for f in findings:
        sev = _e(f.severity)
        out.append(
            f'<h3><span class="sev {sev}">{sev.upper()}</span> {_e(f.title)} '
            f"<code>[{_e(f.id)}]</code></h3>"
        )
        out.append(f"<p>{_e(f.explanation)}</p>")
        out.append(f"<p>Instead: {_e(f.advice)}</p>")
        out.append(f"<p>Reference: {_e(f.reference)}</p>")
    return out
