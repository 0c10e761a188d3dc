"""The window checks a repaired token as repaired, and says a server would
refuse it as given."""

from __future__ import annotations

import jwt
import pytest
from fake_clock import FakeClock
from label_text import plain

from jwtinspector.main_window import MainWindow
from jwtinspector.models.session import TokenSession

NOW = 1_700_000_000.0
SECRET = "repaired-window-secret-32-bytes!"
TOKEN = jwt.encode({"sub": "1"}, SECRET, algorithm="HS256")


@pytest.fixture
def window(qtbot) -> MainWindow:
    clock = FakeClock(NOW)
    win = MainWindow(TokenSession(clock=lambda: clock.now))
    qtbot.addWidget(win)
    return win


def test_a_repaired_token_verifies_with_a_visible_warning(window, qtbot) -> None:
    window.show()
    window.token_edit.setPlainText(TOKEN + "?")
    window.signature_panel.secret_edit.setText(SECRET)

    verdict = window.signature_panel.verdict
    assert plain(verdict.banner).startswith("Signature verified")
    assert verdict.problems.isVisible()
    assert plain(verdict.problems) == (
        "⚠ The token was repaired before it was checked: dropped '?' right after "
        f"the token (character {len(TOKEN) + 1}). A server would refuse the token "
        "as given."
    )


def test_a_bearer_prefix_gets_no_warning(window) -> None:
    window.show()
    window.token_edit.setPlainText(f"Bearer {TOKEN}")
    window.signature_panel.secret_edit.setText(SECRET)

    verdict = window.signature_panel.verdict
    assert plain(verdict.banner).startswith("Signature verified")
    assert not verdict.problems.isVisible()
