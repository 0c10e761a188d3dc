"""How the walkthrough writes values: hex in rows, long values cut, sources linked."""

from __future__ import annotations

import dataclasses

SHOWN = 600
"""Characters of a long text value shown (the token keeps all of them)."""

HEX_ROWS = 40
"""Rows of 16 bytes shown of one hex block: 640 bytes, a 5120-bit RSA block."""


@dataclasses.dataclass(frozen=True)
class Step:
    """One step of the explanation.

    Attributes:
        title: What the step does, numbered ("5. The digest").
        body: Its text, values included (hex blocks in rows of 16 bytes).
        source: The section it follows ("RFC 8017 §8.2.2"), or "".
        url: That section's address, or "".
    """

    title: str
    body: str
    source: str = ""
    url: str = ""


def rfc(number: int, section: str) -> tuple[str, str]:
    """("RFC 8017 §8.2.2", its rfc-editor.org address); "B.1" is an appendix."""
    anchor = "appendix" if section[:1].isalpha() else "section"
    return (
        f"RFC {number} §{section}",
        f"https://www.rfc-editor.org/rfc/rfc{number}#{anchor}-{section}",
    )


def cut(text: str) -> str:
    """``text``, or its first SHOWN characters and how long it is."""
    return text if len(text) <= SHOWN else f"{text[:SHOWN]}… ({len(text)} in all)"


def hex_rows(data: bytes, indent: str = "  ") -> str:
    """``data`` as hex, 16 bytes a row in groups of 4, at most HEX_ROWS rows."""
    rows = []
    for start in range(0, min(len(data), 16 * HEX_ROWS), 16):
        row = data[start : start + 16].hex(" ")
        groups = row.split(" ")
        rows.append(
            indent + "  ".join(" ".join(groups[i : i + 4]) for i in (0, 4, 8, 12))
        )
    if len(data) > 16 * HEX_ROWS:
        rows.append(f"{indent}… ({len(data)} bytes in all)")
    return "\n".join(row.rstrip() for row in rows)


def number_text(value: int) -> str:
    """An integer in decimal and in hex, each on its own line (cut when huge)."""
    return f"  decimal {cut(str(value))}\n  hex     {cut(format(value, 'x'))}"
