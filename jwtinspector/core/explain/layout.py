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
    """``data`` as hex, 16 bytes a row in groups of 4, at most HEX_ROWS rows.

    A run of three or more identical rows (an RSA block's ff padding, PSS's
    zeros) is shown once, then how many times it repeats, as ``hexdump`` does.
    """
    chunks = [data[i : i + 16] for i in range(0, len(data), 16)]
    runs: list[tuple[bytes, int]] = []
    for chunk in chunks:
        if runs and runs[-1][0] == chunk:
            runs[-1] = (chunk, runs[-1][1] + 1)
        else:
            runs.append((chunk, 1))
    rows: list[str] = []
    for chunk, count in runs:
        if len(rows) >= HEX_ROWS:
            rows.append(f"{indent}… ({len(data)} bytes in all)")
            break
        groups = chunk.hex(" ").split(" ")
        row = indent + "  ".join(
            " ".join(groups[i : i + 4]) for i in range(0, len(groups), 4)
        )
        if count >= 3:
            rows += [row, f"{indent}… the same 16 bytes {count - 1} more times"]
        else:
            rows += [row] * count
    return "\n".join(rows)


def number_text(value: int) -> str:
    """An integer in decimal and in hex, each on its own line (cut when huge)."""
    return f"  decimal {cut(str(value))}\n  hex     {cut(format(value, 'x'))}"
