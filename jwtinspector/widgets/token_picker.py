"""The line under the token editor when the pasted text holds several tokens.

"3 tokens in this text; showing the 2nd (id_token)." and a Show another
button whose menu lists each token, in the order of the text, by number,
name, algorithm and start and end.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from jwtinspector.core.extract import Extraction, header_algorithm, name_before


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, … 11th, 12th, 13th, … 21st."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def describe(text: str, found: Extraction) -> str:
    """What names a token: its parameter, cookie, header or JSON key, else
    its line in the text."""
    return name_before(text, found.start) or (
        f"line {text.count(chr(10), 0, found.start) + 1}"
    )


def preview(token: str) -> str:
    """Start and end of a token: tokens from one issuer start alike."""
    return f"{token[:10]}…{token[-6:]}" if len(token) > 20 else token


class OtherTokens(QWidget):
    """Says how many tokens the text holds and offers to show another.

    Signals:
        chosen: The user chose a token. arg: the token's text.
    """

    chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("otherTokens")
        self.label = QLabel("")
        self.label.setObjectName("otherTokensLabel")
        self.label.setAccessibleName("Tokens in this text")
        self.label.setWordWrap(True)
        self.button = QToolButton()
        self.button.setObjectName("otherTokensButton")
        self.button.setAccessibleName("Show another token from this text")
        self.button.setText("Show another")
        self.button.setToolTip(
            "Replace the text with one of its other tokens (Ctrl+Z brings "
            "the whole text back)"
        )
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.menu.setObjectName("otherTokensMenu")
        self.button.setMenu(self.menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()

    def show_tokens(
        self, text: str, found: tuple[Extraction, ...], shown: str | None
    ) -> None:
        """List the tokens found in ``text``; ``shown`` is the decoded one.
        Hidden when there are fewer than two."""
        self.menu.clear()
        if len(found) < 2:
            self.hide()
            # Out of the Tab chain while hidden (Tab goes token, details, …).
            self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            return
        self.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        found = tuple(sorted(found, key=lambda f: f.start))  # numbered as read
        current = next((n for n, f in enumerate(found) if f.token == shown), None)
        count = f"{len(found)} tokens in this text"
        if current is None:
            self.label.setText(f"{count}; none of them is shown.")
            self.button.setText("Show one")
        else:
            name = describe(text, found[current])
            self.label.setText(f"{count}; showing the {ordinal(current + 1)} ({name}).")
            self.button.setText("Show another")
        for number, item in enumerate(found, 1):
            name = describe(text, item)
            parts = [
                str(number),
                name,
                header_algorithm(item.token),
                preview(item.token),
            ]
            action = self.menu.addAction(" · ".join(p for p in parts if p))
            if number - 1 == current:
                action.setText(action.text() + "  (shown)")
                action.setEnabled(False)
            else:
                action.triggered.connect(
                    lambda _checked=False, token=item.token: self.chosen.emit(token)
                )
        self.show()
