"""Write docs/findings.md, the list of audit findings, from the catalogue.

Usage (from the repository root)::

    python docs/make_findings.py

A test fails when the file and the catalogue differ, so run this after
changing a finding's severity, title, advice or reference.
"""

from __future__ import annotations

from pathlib import Path

from jwtinspector.core.audit.listing import catalogue_markdown

OUT = Path(__file__).resolve().parent / "findings.md"


def main() -> None:
    OUT.write_text(catalogue_markdown(), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
