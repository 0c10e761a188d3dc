"""The "How it is signed" page's HTML: each step's title, its source as a
link, and its text in monospace with line breaks kept (hex rows stay aligned)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtWidgets import QTextBrowser

from jwtinspector.widgets.theme import escape

MAX_STEP_CHARS = 20_000
"""Characters of one step shown: the engine caps its values; this is a backstop."""


def explanation_html(steps: Iterable[Any]) -> str:
    """The steps as rich text for a QTextBrowser."""
    parts = []
    for step in steps:
        body = step.body
        if len(body) > MAX_STEP_CHARS:
            body = f"{body[:MAX_STEP_CHARS]}… ({len(body)} characters in all)"
        source = getattr(step, "source", "")
        url = getattr(step, "url", "")
        link = (
            f' <small>· <a href="{escape(url)}">{escape(source or url)}</a></small>'
            if url
            else (f" <small>· {escape(source)}</small>" if source else "")
        )
        parts.append(
            f"<h4>{escape(step.title)}{link}</h4>"
            f'<pre style="white-space: pre-wrap; margin-left: 8px">'
            f"{escape(body)}</pre>"
        )
    return "".join(parts)


def explain_browser() -> QTextBrowser:
    """The page: read-only rich text whose source links open in the browser."""
    view = QTextBrowser()
    view.setObjectName("explainView")
    view.setAccessibleName("How the signature is made")
    view.setTabChangesFocus(True)
    view.setOpenExternalLinks(True)
    return view
