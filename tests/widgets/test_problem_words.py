"""The window says what is wrong with a token in plain words first."""

from __future__ import annotations

from label_text import plain
from PySide6.QtWidgets import QApplication

from jwtinspector.app import create_window
from jwtinspector.core.keys import load_secret
from jwtinspector.core.sign import sign_token

SECRET = "problem-words-test-secret-32byt!"
CLAIMS = {"sub": "12345", "name": "Ada"}
TOKEN = sign_token({"alg": "HS256"}, CLAIMS, load_secret(SECRET))
HEADER, PAYLOAD, SIGNATURE = TOKEN.split(".")
CHANGED = PAYLOAD[:-1] + {"Q": "R", "g": "h", "w": "x", "A": "B"}[PAYLOAD[-1]]
POSITION = len(HEADER) + 1 + len(PAYLOAD)


def settle(rounds: int = 5) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def test_the_problem_line_leads_with_plain_words_then_the_detail(qtbot):
    window = create_window()
    qtbot.addWidget(window)

    window.token_edit.set_token_text(f"{HEADER}.{CHANGED}.{SIGNATURE}")
    settle()

    lines = plain(window.token_errors).splitlines()
    assert lines[0] == (
        "✗ A character is missing or changed in the payload near position "
        f"{POSITION}. Copy the whole token again; a changed token fails its "
        "signature."
    )
    assert lines[1].strip().startswith(f"payload, character {POSITION}: ")
    assert "non-zero unused bits" in lines[1]
    banner = plain(window.signature_panel.banner)
    assert "A character is missing or changed in the payload" in banner
    # The banner names the problem; its detail stands once, under the token.
    assert "non-zero" not in banner


def test_glued_tokens_are_named_in_the_window_never_a_jwe(qtbot):
    window = create_window()
    qtbot.addWidget(window)
    other = sign_token({"alg": "HS256"}, {"sub": "other"}, load_secret(SECRET))

    window.token_edit.set_token_text(TOKEN + other)
    settle()

    problem = plain(window.token_errors)
    assert problem.startswith(
        "✗ Two tokens are glued together here: the second starts at position "
        f"{len(TOKEN) + 1}."
    )
    assert "encrypted" not in plain(window.token_summary).lower()
    assert "JWE" not in plain(window.token_summary)
    assert "Encrypted" not in window.payload_view.toPlainText()
