"""The compare table's model: one row per member that differs, capped."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from jwtinspector.core.claims import MAX_ROWS
from jwtinspector.core.diff import diff_rows, diff_tokens, row_count
from jwtinspector.models.compare_model import Column, CompareModel

HEADER = {"alg": "HS256"}


def _diff(first: dict, second: dict):
    return diff_tokens((HEADER, first, b"a"), ({"alg": "RS256"}, second, b"b"))


@pytest.fixture
def model(qapp) -> CompareModel:
    return CompareModel()


def test_the_model_passes_the_model_tester_empty_and_filled(qtmodeltester, model):
    qtmodeltester.check(model)
    result = _diff({"a": 1, "exp": 100}, {"b": 2, "exp": 3700})
    model.set_rows(diff_rows(result))
    qtmodeltester.check(model)

    cells = [[model.index(r, c).data() for c in Column] for r in range(4)]
    assert cells == [
        ["header", "alg", "changed", '"HS256"', '"RS256"'],
        ["payload", "a", "removed", "1", "(not in it)"],
        ["payload", "b", "added", "(not in it)", "2"],
        [
            "payload",
            "exp",
            "changed (+1 h)",
            "100 (1970-01-01 00:01:40 UTC)",
            "3700 (1970-01-01 01:01:40 UTC)",
        ],
    ]
    tooltip = model.index(0, Column.LEFT).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip == '"HS256"'
    assert model.headerData(Column.LEFT, Qt.Orientation.Horizontal) == "Shown token"
    assert model.hidden == 0


def test_rows_are_capped_and_the_rest_counted(model):
    many = {f"claim{n}": n for n in range(MAX_ROWS + 200)}
    result = _diff({}, many)

    model.set_rows(diff_rows(result, MAX_ROWS), row_count(result))

    assert model.rowCount() == MAX_ROWS
    assert model.hidden == 201  # the alg row is one of those listed
    assert model.row(MAX_ROWS - 1).name == f"claim{MAX_ROWS - 2}"
