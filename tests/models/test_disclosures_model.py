"""The Disclosures tab's rows, and the SD-JWT state the session keeps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from jwtinspector.core.keys import load_secret
from jwtinspector.core.sdjwt import read_sd_jwt
from jwtinspector.core.sdjwt.craft import make_sd_jwt
from jwtinspector.models.disclosures_model import (
    ARRAY_ELEMENT,
    MAX_ROWS,
    Column,
    DisclosuresModel,
)
from jwtinspector.models.sd_jwt import (
    DISCLOSED_NOTE,
    disclosable_paths,
    summary,
    verdict_lines,
)
from jwtinspector.models.session import TokenSession

EXAMPLES = json.loads(
    (Path(__file__).parent.parent / "data" / "rfc9901_examples.json").read_text()
)
PRESENTATION = EXAMPLES["section_5_2_presentation"]
KB_IAT = EXAMPLES["section_5_2_kb_payload"]["iat"]
DISPLAY = Qt.ItemDataRole.DisplayRole
CHECK = Qt.ItemDataRole.CheckStateRole


def cell(model: DisclosuresModel, row: int, column: Column, role=DISPLAY):
    return model.data(model.index(row, column), role)


@pytest.fixture
def model(qapp) -> DisclosuresModel:
    return DisclosuresModel()


def test_model_passes_model_tester_empty_and_with_the_rfc_example(qtmodeltester, model):
    qtmodeltester.check(model)
    model.set_sd_jwt(read_sd_jwt(PRESENTATION))
    qtmodeltester.check(model)
    model.set_sd_jwt(None)
    assert model.rowCount() == 0


def test_rows_list_each_disclosure_with_its_name_value_salt_digest_and_path(model):
    model.set_sd_jwt(read_sd_jwt(PRESENTATION))

    assert model.rowCount() == 4
    names = [cell(model, r, Column.NAME) for r in range(4)]
    assert names == ["family_name", "address", "given_name", ARRAY_ELEMENT]
    assert cell(model, 0, Column.VALUE) == '"Doe"'
    assert cell(model, 0, Column.SALT) == "eluV5Og3gSNII8EYnsxA_A"
    digests = EXAMPLES["section_5_1_digests"]
    assert cell(model, 0, Column.DIGEST) == digests["family_name"]
    assert cell(model, 0, Column.WHERE) == "$._sd"
    assert cell(model, 3, Column.WHERE) == "$.nationalities[0]"
    assert cell(model, 0, Column.INDEX) == "1"
    assert cell(model, 0, Column.PRESENT, CHECK) == Qt.CheckState.Checked


def test_a_disclosure_matching_nothing_says_so_in_its_row(model):
    other = make_sd_jwt({"alg": "HS256"}, {"a": 1, "b": 2}, _hs256(), disclosable=["a"])
    stray = other.disclosures[0][1]
    model.set_sd_jwt(read_sd_jwt(PRESENTATION.replace("~", f"~{stray}~", 1)))

    assert cell(model, 0, Column.NAME) == "a"
    assert cell(model, 0, Column.WHERE).startswith("✗ Disclosure 1")
    assert "matches no digest" in cell(model, 0, Column.WHERE)


def test_clearing_a_presented_box_asks_for_that_disclosure_to_go(model, qtbot):
    model.set_sd_jwt(read_sd_jwt(PRESENTATION))

    with qtbot.waitSignal(model.presented_toggled) as signal:
        model.setData(model.index(2, Column.PRESENT), Qt.CheckState.Unchecked, CHECK)

    assert signal.args == [2, False]
    assert model.flags(model.index(2, Column.PRESENT)) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.setData(model.index(2, Column.NAME), "x", CHECK)


def test_rows_are_capped_for_a_hostile_number_of_disclosures(model):
    issued = make_sd_jwt(
        {"alg": "HS256"},
        {f"c{i}": i for i in range(MAX_ROWS + 30)},
        _hs256(),
        disclosable=[f"c{i}" for i in range(MAX_ROWS + 30)],
    )
    model.set_sd_jwt(read_sd_jwt(issued.text))

    assert model.rowCount() == MAX_ROWS
    assert model.hidden_rows == 30


def test_the_session_shows_the_disclosed_claims_marked_and_counts_them(qapp):
    session = TokenSession(clock=lambda: KB_IAT)
    session.set_text(PRESENTATION)

    rows = {row.name: row for row in session.claims_model.rows()}
    assert "_sd" not in rows
    assert rows["given_name"].meaning.startswith(DISCLOSED_NOTE)
    assert not rows["iss"].meaning.startswith(DISCLOSED_NOTE)
    assert session.sd_state.disclosures_model.rowCount() == 4
    assert summary(session.sd_state.sd) == (
        "SD-JWT · 4 disclosures · 6 undisclosed · key binding"
    )


def test_the_verdict_checks_key_binding_against_the_expected_nonce(qapp):
    session = TokenSession(clock=lambda: KB_IAT)
    session.set_text(PRESENTATION)
    session.set_key_text(json.dumps(EXAMPLES["issuer_public_jwk"]))

    verdict = session.sd_state.verdict
    assert verdict.valid
    lines = [text for text, _ in verdict_lines(verdict)]
    assert "✓ SD-JWT: every disclosure matches a digest" in lines
    assert any(line.startswith("✓ Key binding") for line in lines)

    session.sd_state.set_expectations("another-nonce", "")
    lines = verdict_lines(session.sd_state.verdict)
    assert not session.sd_state.verdict.valid
    assert any("not the expected" in text and not ok for text, ok in lines)


def test_the_audit_job_reads_the_sd_jwt(qapp):
    session = TokenSession(clock=lambda: KB_IAT)
    session.set_text(PRESENTATION.rsplit("~", 1)[0] + "~")  # no KB-JWT

    ids = {finding.id for finding in session.audit_job()()}
    assert "SD-KB-MISSING" in ids


def test_disclosable_paths_carry_over_presented_claims_and_array_elements():
    sd = read_sd_jwt(EXAMPLES["appendix_a_1_presentation"])
    paths, dropped = disclosable_paths(sd)
    assert set(paths) == {"address.region", "address.country"}
    assert dropped == sd.undisclosed_count

    sd = read_sd_jwt(PRESENTATION)
    paths, dropped = disclosable_paths(sd)
    assert set(paths) == {"family_name", "address", "given_name"}
    # nationalities has an undisclosed element: its index cannot be kept
    assert dropped == sd.undisclosed_count + 1


def _hs256():
    return load_secret("model-test-secret-of-32-bytes-ok")


def test_a_disclosure_left_out_stays_as_an_unchecked_row(qtmodeltester, qapp):
    session = TokenSession(clock=lambda: KB_IAT)
    session.set_text(PRESENTATION)
    state = session.sd_state
    model = state.disclosures_model

    text, note = state.with_presented(
        session.text, model.disclosure(1).text, False, None
    )
    session.load_crafted(text, "disclosures")

    qtmodeltester.check(model)
    assert model.rowCount() == 4
    assert model.left_out == 1
    assert cell(model, 1, Column.NAME) == "address"
    assert cell(model, 1, Column.PRESENT, CHECK) == Qt.CheckState.Unchecked
    assert cell(model, 1, Column.INDEX) == "—"
    assert cell(model, 2, Column.INDEX) == "2"  # its place in the token
    assert "Key Binding JWT was dropped" in note
    assert "address" not in state.sd.payload


def test_member_paths_go_depth_first_and_stop_at_the_cap():
    from jwtinspector.models.sd_jwt import MAX_MEMBER_PATHS, member_paths

    value = {"a": 1, "b": {"c": [1, {"d": 2}]}, "x.y": 3, "e": 4}
    assert member_paths("address", value) == [
        "address.a",
        "address.b",
        "address.b.c",
        "address.b.c[0]",
        "address.b.c[1]",
        "address.b.c[1].d",
        "address.e",
    ]
    huge = member_paths("n", list(range(100_000)))
    assert len(huge) == MAX_MEMBER_PATHS
    assert huge[-1] == f"n[{MAX_MEMBER_PATHS - 1}]"
    assert member_paths("sub", "alice") == []
