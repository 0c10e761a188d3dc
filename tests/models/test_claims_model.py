"""ClaimsTableModel: the rows the claims and header tables show."""

from __future__ import annotations

import pytest
from fake_clock import FakeClock
from PySide6.QtCore import Qt

from jwtinspector.core.claims import describe_members, meaning_of
from jwtinspector.models.claims_model import ROW_ROLE, ClaimsTableModel, Column

NOON = 1700049600  # 2023-11-15 12:00:00 UTC: the same calendar day in every time zone
MILLIS = 1700000000000  # 2023-11-14 22:13:20 UTC when read as milliseconds
DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOON - 3600)


@pytest.fixture
def model(qapp, clock) -> ClaimsTableModel:
    return ClaimsTableModel(clock=lambda: clock.now)


def rows_for(claims: dict, now: float) -> tuple:
    return describe_members(claims, part="claims", now=now)


def cell(model: ClaimsTableModel, row: int, column: Column, role=DISPLAY):
    return model.data(model.index(row, column), role)


def test_claims_model_passes_model_tester_for_empty_small_and_dated_rows(
    qtmodeltester, model, clock
):
    qtmodeltester.check(model)
    model.set_rows(rows_for({"sub": "alice", "role": "admin"}, clock.now))
    qtmodeltester.check(model)
    model.set_rows(
        rows_for(
            {"iat": NOON - 60, "exp": NOON, "nbf": "soon", "ms": MILLIS}, clock.now
        )
    )
    qtmodeltester.check(model)
    model.set_rows(())
    qtmodeltester.check(model)


def test_claims_model_shows_name_value_and_meaning(model, clock):
    model.set_rows(rows_for({"sub": "alice", "role": ["admin", "dev"]}, clock.now))

    assert model.rowCount() == 2
    assert model.columnCount() == 3
    assert cell(model, 0, Column.NAME) == "sub"
    assert cell(model, 0, Column.VALUE) == '"alice"'
    assert cell(model, 0, Column.MEANING) == meaning_of("sub").meaning
    assert cell(model, 1, Column.NAME) == "role"
    assert cell(model, 1, Column.VALUE) == '["admin", "dev"]'
    assert cell(model, 1, Column.MEANING) == "(private claim)"


def test_claims_model_column_titles(qapp):
    claims = ClaimsTableModel()
    header = ClaimsTableModel(name_title="Parameter")
    horizontal = Qt.Orientation.Horizontal

    assert [claims.headerData(c, horizontal) for c in Column] == [
        "Claim",
        "Value",
        "Meaning",
    ]
    assert header.headerData(Column.NAME, horizontal) == "Parameter"


def test_claims_model_value_shows_human_date_for_exp_and_iat(model, clock):
    model.set_rows(rows_for({"iat": NOON - 86400, "exp": NOON}, clock.now))

    iat, exp = cell(model, 0, Column.VALUE), cell(model, 1, Column.VALUE)
    assert iat.startswith(str(NOON - 86400))
    assert "2023-11-14" in iat
    assert exp.startswith(str(NOON))
    assert "2023-11-15" in exp
    assert cell(model, 1, Column.MEANING) == meaning_of("exp").meaning


def test_claims_model_exp_tooltip_has_local_utc_and_relative_time(model, clock):
    model.set_rows(rows_for({"exp": NOON}, clock.now))

    tooltip = cell(model, 0, Column.VALUE, TOOLTIP)
    assert "Local:" in tooltip
    assert "UTC: 2023-11-15 12:00:00 UTC" in tooltip
    assert "in 1 h" in tooltip


def test_claims_model_tooltip_follows_the_injected_clock(model, clock):
    model.set_rows(rows_for({"exp": NOON}, clock.now))

    clock.now = NOON + 125
    tooltip = cell(model, 0, Column.VALUE, TOOLTIP)

    assert "2 min 5 s ago" in tooltip
    assert "in 1 h" not in tooltip


def test_claims_model_flags_a_millisecond_timestamp(model, clock):
    model.set_rows(rows_for({"exp": MILLIS}, clock.now))

    value = cell(model, 0, Column.VALUE)
    tooltip = cell(model, 0, Column.VALUE, TOOLTIP)
    assert value.startswith("⚠")
    assert str(MILLIS) in value
    # The cell itself shows the milliseconds reading, the one that was meant.
    assert "as ms: 2023-11-14 22:13:20 UTC" in value
    assert "milliseconds" in tooltip
    # Both readings: as seconds (out of range) and as milliseconds.
    assert "beyond the year 9999" in tooltip
    assert "2023-11-14 22:13:20 UTC" in tooltip


def test_claims_model_does_not_flag_a_seconds_timestamp(model, clock):
    model.set_rows(rows_for({"exp": NOON}, clock.now))

    assert not cell(model, 0, Column.VALUE).startswith("⚠")
    assert "milliseconds" not in cell(model, 0, Column.VALUE, TOOLTIP)


def test_claims_model_tooltip_for_registered_and_private_claims(model, clock):
    model.set_rows(rows_for({"iss": "https://issuer", "team": "blue"}, clock.now))

    registered = cell(model, 0, Column.NAME, TOOLTIP)
    private = cell(model, 1, Column.MEANING, TOOLTIP)
    assert registered.startswith("iss (registered claim): ")
    assert "RFC 7519" in registered
    assert "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.1" in registered
    assert "private claim" in private


def test_claims_table_shows_the_kind_of_each_name(model, clock):
    """Registered, vendor (naming the provider), public and private names each
    read differently in the Meaning column and its tooltip."""
    claims = {
        "iss": "https://login.microsoftonline.com/72f988bf/v2.0",
        "tid": "72f988bf",
        "https://example.com/roles": ["admin"],
        "team": "blue",
    }
    model.set_rows(rows_for(claims, clock.now))

    assert cell(model, 0, Column.MEANING) == meaning_of("iss").meaning
    tid = cell(model, 1, Column.MEANING)
    assert tid.startswith("Microsoft Entra ID: ")
    assert "signs in to" in tid
    assert "(Microsoft Entra ID claim)" in cell(model, 1, Column.NAME, TOOLTIP)
    assert cell(model, 2, Column.MEANING).startswith("(public claim) ")
    assert "RFC 7519 §4.2" in cell(model, 2, Column.MEANING, TOOLTIP)
    assert cell(model, 3, Column.MEANING) == "(private claim)"


def test_without_the_provider_s_issuer_its_claim_is_private_with_a_hint(model, clock):
    model.set_rows(rows_for({"iss": "https://issuer.example", "tid": "x"}, clock.now))

    tid = cell(model, 1, Column.MEANING)
    assert tid.startswith("(private claim) Not registered. If this token comes from")
    assert "Microsoft Entra ID" in tid


def test_header_table_names_an_unknown_parameter_a_parameter(qapp):
    header = ClaimsTableModel(name_title="Parameter")
    header.set_rows(
        describe_members(
            {"alg": "ES256", "ppt": "shaken", "x": 1}, part="header", now=0
        )
    )

    assert cell(header, 1, Column.MEANING) == meaning_of("ppt", "header").meaning
    assert cell(header, 2, Column.MEANING) == "(private parameter)"


def test_claims_model_row_role_returns_the_core_row(model, clock):
    rows = rows_for({"sub": "alice"}, clock.now)
    model.set_rows(rows)

    assert model.data(model.index(0, Column.VALUE), ROW_ROLE) is rows[0]
    assert model.rows() == rows


def test_claims_model_set_rows_resets_the_model(qtbot, model, clock):
    with qtbot.waitSignals(
        [model.modelAboutToBeReset, model.modelReset], order="strict", timeout=0
    ):
        model.set_rows(rows_for({"sub": "alice"}, clock.now))

    assert model.rowCount() == 1


def test_double_clicking_a_meaning_opens_its_source(qtbot, model, clock, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from jwtinspector.widgets import panes

    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toString())
    )
    model.set_rows(rows_for({"exp": NOON, "team": "blue"}, clock.now))
    view = panes.table(model, "claimsTable", "Claims")
    qtbot.addWidget(view)
    view.resize(900, 200)
    view.show()

    for row in (0, 1):  # a registered claim's meaning, then a private one's
        rect = view.visualRect(model.index(row, Column.MEANING))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    view.setCurrentIndex(model.index(0, Column.NAME))
    view.activated.emit(model.index(0, Column.NAME))  # the name cell edits instead

    assert opened == ["https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4"]
    tip = cell(model, 0, Column.MEANING, TOOLTIP)
    assert "double-click the meaning to open it" in tip
