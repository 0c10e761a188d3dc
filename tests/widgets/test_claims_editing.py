"""Claims editing in the real window: the date box names and shows the claim
it sets, Add claim opens an editor on the new value, and hovering a date in
the payload JSON shows it."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from PySide6.QtCore import QDateTime, QEvent, Qt, QTimeZone
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QInputDialog,
    QLineEdit,
    QToolTip,
)

from jwtinspector.main_window import MainWindow
from jwtinspector.models.claims_model import Column
from jwtinspector.models.session import TokenSession
from jwtinspector.widgets.json_view import date_tooltip

NOW = 1_700_000_000.0
SECRET = "claims-editing-test-secret-32-by"
CLAIMS = {"iss": "https://auth.example.com", "sub": "alice", "iat": int(NOW) - 60}
EXP = int(NOW) + 900
UTC = QTimeZone(QTimeZone.Initialization.UTC)


def make_window(qtbot, claims: dict[str, Any]) -> MainWindow:
    window = MainWindow(TokenSession(clock=lambda: NOW))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.token_edit.setPlainText(jwt.encode(claims, SECRET, algorithm="HS256"))
    window.signature_panel.secret_edit.setText(SECRET)
    return window


def claims_of(window: MainWindow) -> dict[str, Any]:
    return jwt.decode(
        window.token_edit.toPlainText(),
        SECRET,
        algorithms=["HS256"],
        options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
    )


def picker_seconds(window: MainWindow) -> int:
    return window.claims_tools.date_edit.dateTime().toSecsSinceEpoch()


def select_claim(qtbot, window: MainWindow, name: str) -> None:
    model = window.session.claims_model
    row = next(i for i, r in enumerate(model.rows()) if r.name == name)
    index = model.index(row, Column.VALUE)
    window.claims_table.scrollTo(index)
    qtbot.mouseClick(
        window.claims_table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.claims_table.visualRect(index).center(),
    )


# --- the date box --------------------------------------------------------------


def test_the_date_box_is_labelled_with_exp_and_shows_its_value(qtbot):
    window = make_window(qtbot, {**CLAIMS, "exp": EXP})
    tools = window.claims_tools

    assert tools.date_label.text() == "exp:"
    assert tools.date_label.buddy() is tools.date_edit
    assert picker_seconds(window) == EXP
    assert tools.set_date_button.text() == "Set exp"


def test_a_missing_exp_is_offered_to_add_an_hour_from_now(qtbot):
    window = make_window(qtbot, CLAIMS)
    tools = window.claims_tools

    assert tools.set_date_button.text() == "Add exp"
    assert tools.date_label.text() == "exp:"
    assert picker_seconds(window) == int(NOW) + 3600

    qtbot.mouseClick(tools.set_date_button, Qt.MouseButton.LeftButton)

    assert claims_of(window)["exp"] == int(NOW) + 3600
    assert tools.set_date_button.text() == "Set exp"


def test_the_date_box_follows_the_selected_time_claim(qtbot):
    window = make_window(qtbot, {**CLAIMS, "exp": EXP})
    tools = window.claims_tools

    select_claim(qtbot, window, "iat")

    assert tools.date_label.text() == "iat:"
    assert picker_seconds(window) == CLAIMS["iat"]
    assert tools.date_edit.accessibleName() == "Date for iat"

    select_claim(qtbot, window, "sub")  # not a date: back to exp

    assert tools.date_label.text() == "exp:"
    assert picker_seconds(window) == EXP


def test_the_date_box_follows_an_edit_of_the_claim(qtbot):
    window = make_window(qtbot, {**CLAIMS, "exp": EXP})

    window.session.set_claim("exp", EXP + 7200)

    assert picker_seconds(window) == EXP + 7200


def test_a_date_set_in_the_box_is_written_to_the_token(qtbot):
    window = make_window(qtbot, {**CLAIMS, "exp": EXP})
    tools = window.claims_tools

    tools.date_edit.setDateTime(QDateTime.fromSecsSinceEpoch(EXP + 86400, UTC))
    qtbot.mouseClick(tools.set_date_button, Qt.MouseButton.LeftButton)

    assert claims_of(window)["exp"] == EXP + 86400
    assert picker_seconds(window) == EXP + 86400


def test_an_exp_that_is_no_date_still_says_set(qtbot):
    window = make_window(qtbot, {**CLAIMS, "exp": "tomorrow"})

    assert window.claims_tools.set_date_button.text() == "Set exp"
    assert picker_seconds(window) == int(NOW)


def test_the_date_box_does_not_show_the_start_time_of_the_app(qtbot):
    window = make_window(qtbot, {**CLAIMS, "exp": EXP})

    assert abs(picker_seconds(window) - QDateTime.currentSecsSinceEpoch()) > 3600


# --- Add claim ------------------------------------------------------------------


@pytest.fixture
def many_claims(qtbot) -> MainWindow:
    claims = {**CLAIMS, **{f"claim_{n:02}": n for n in range(40)}}
    window = make_window(qtbot, claims)
    window.resize(1000, 650)
    return window


def answer(monkeypatch, name: str) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (name, True))


def test_add_claim_opens_an_editor_on_the_new_value_in_view(
    qtbot, many_claims, monkeypatch
):
    window, table = many_claims, many_claims.claims_table
    answer(monkeypatch, "tenant")

    qtbot.mouseClick(window.claims_tools.add_button, Qt.MouseButton.LeftButton)

    current = table.currentIndex()
    assert current.data() == '""'
    assert current.siblingAtColumn(Column.NAME).data() == "tenant"
    assert table.state() == QAbstractItemView.State.EditingState
    assert isinstance(QApplication.focusWidget(), QLineEdit)
    assert table.viewport().rect().intersects(table.visualRect(current))


def test_a_value_typed_into_the_new_claim_is_signed_in(qtbot, many_claims, monkeypatch):
    window = many_claims
    answer(monkeypatch, "tenant")
    qtbot.mouseClick(window.claims_tools.add_button, Qt.MouseButton.LeftButton)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)

    editor.selectAll()
    qtbot.keyClicks(editor, "42")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: "tenant" in claims_of(window) and claims_of(window)["tenant"] == 42
    )

    assert list(claims_of(window))[-1] == "tenant"


def test_add_claim_with_a_name_the_token_has_keeps_its_value(
    qtbot, many_claims, monkeypatch
):
    window = many_claims
    before = window.token_edit.toPlainText()
    answer(monkeypatch, "sub")

    qtbot.mouseClick(window.claims_tools.add_button, Qt.MouseButton.LeftButton)

    assert window.token_edit.toPlainText() == before
    assert window.claims_table.currentIndex().data() == '"alice"'
    assert window.claims_table.state() == QAbstractItemView.State.EditingState


# --- dates in the payload JSON ----------------------------------------------------


def hover(window: MainWindow, text: str) -> str:
    """Hover the first occurrence of ``text`` in the payload view: its tooltip."""
    view = window.payload_view
    QToolTip.hideText()
    start = view.toPlainText().index(text)
    cursor = QTextCursor(view.document())
    cursor.setPosition(start + 1)
    point = view.cursorRect(cursor).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_hovering_a_date_in_the_payload_shows_it(qtbot):
    window = make_window(qtbot, {**CLAIMS, "exp": EXP})

    tip = hover(window, str(EXP))

    assert "UTC: 2023-11-14 22:28:20 UTC" in tip  # EXP
    assert "Local: " in tip
    assert "in 15 min" in tip


def test_hovering_a_claim_that_is_no_date_shows_no_date(qtbot):
    window = make_window(qtbot, {**CLAIMS, "exp": EXP})

    assert hover(window, '"alice"') == ""


def test_date_tooltip_is_for_date_members_only():
    now = NOW
    assert "UTC" in date_tooltip('  "iat": 1700000000,', 10, now)
    assert date_tooltip('  "count": 1700000000,', 12, now) == ""
    assert date_tooltip('  "iat": "yesterday",', 10, now) == ""
    assert date_tooltip('  "exp": 1700000000,', 30, now) == ""  # past the value


@pytest.mark.parametrize("typed", ['"tenant"', "  'tenant' ", "“tenant”"])
def test_add_claim_takes_a_quoted_name_without_its_quotes(
    qtbot, many_claims, monkeypatch, typed
):
    window = many_claims
    answer(monkeypatch, typed)

    qtbot.mouseClick(window.claims_tools.add_button, Qt.MouseButton.LeftButton)

    current = window.claims_table.currentIndex()
    assert current.siblingAtColumn(Column.NAME).data() == "tenant"
    qtbot.waitUntil(lambda: "tenant" in claims_of(window))
    assert not any("'" in name or '"' in name for name in claims_of(window))


@pytest.mark.parametrize("typed", ["", "   ", '""', "' '"])
def test_add_claim_refuses_an_empty_name_and_says_so(
    qtbot, many_claims, monkeypatch, typed
):
    window = many_claims
    before = window.token_edit.toPlainText()
    answer(monkeypatch, typed)

    qtbot.mouseClick(window.claims_tools.add_button, Qt.MouseButton.LeftButton)

    assert window.token_edit.toPlainText() == before
    assert window.statusBar().currentMessage() == (
        "A claim needs a name: nothing was added."
    )
