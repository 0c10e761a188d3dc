"""An SD-JWT in the window: its parts coloured, the Disclosures tab, the payload
as disclosed or as signed, the verdict with key binding, presenting fewer
disclosures and making a claim selectively disclosable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from label_text import plain
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication

from jwtinspector.core.keys import load_secret
from jwtinspector.core.sign import sign_token
from jwtinspector.main_window import MainWindow
from jwtinspector.models.claims_model import ROW_ROLE
from jwtinspector.models.disclosures_model import Column
from jwtinspector.models.sd_jwt import DISCLOSED_NOTE
from jwtinspector.models.session import TokenSession
from jwtinspector.widgets.sd_jwt_view import DISCLOSURES_TITLE

EXAMPLES = json.loads(
    (Path(__file__).parent.parent / "data" / "rfc9901_examples.json").read_text()
)
PRESENTATION = EXAMPLES["section_5_2_presentation"]
ISSUER_KEY = json.dumps(EXAMPLES["issuer_public_jwk"])
NOW = float(EXAMPLES["section_5_2_kb_payload"]["iat"])
SECRET_TEXT = "window-test-secret-32-bytes-long"
CHECK = Qt.ItemDataRole.CheckStateRole


@pytest.fixture
def window(qtbot) -> MainWindow:
    win = MainWindow(TokenSession(clock=lambda: NOW))
    qtbot.addWidget(win)
    return win


def paste(window: MainWindow, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    window.paste_action.trigger()


def tab(window: MainWindow):
    details = window.signature_panel.details
    titles = [details.tabText(i) for i in range(details.count())]
    return details.widget(titles.index(DISCLOSURES_TITLE))


def claim_names(window: MainWindow) -> list[str]:
    return [row.name for row in window.session.claims_model.rows()]


def test_the_disclosures_tab_lists_each_disclosure_with_where_it_matched(window):
    paste(window, PRESENTATION)

    panel = tab(window)
    table = panel.table
    model = table.model()
    assert table.isVisibleTo(panel)
    assert model.rowCount() == 4
    names = [model.index(r, Column.NAME).data() for r in range(4)]
    assert names == ["family_name", "address", "given_name", "array element"]
    paths = [model.index(r, Column.WHERE).data() for r in range(4)]
    assert paths == ["$._sd", "$._sd", "$._sd", "$.nationalities[0]"]
    assert plain(panel.caption).startswith("4 disclosures · sha-256 · ")
    assert "6 digests not disclosed" in plain(panel.caption)


def test_the_legend_names_the_sd_jwt_and_each_part_has_its_colour(window):
    paste(window, PRESENTATION)

    legend = plain(window.token_summary)
    assert legend.startswith("SD-JWT · 4 disclosures · 6 undisclosed · key binding")
    assert "~ disclosures ~ key binding JWT" in legend
    roles = {role for _, _, role in window.token_edit.highlighter._spans}
    assert {"header", "payload", "signature", "disclosure", "key_binding"} <= roles
    # Every part of the paste is kept in the editor.
    assert window.token_edit.toPlainText() == PRESENTATION


def test_the_payload_pane_shows_the_disclosed_payload_or_the_signed_one(window):
    paste(window, PRESENTATION)

    shown = json.loads(window.payload_view.toPlainText())
    assert shown == EXAMPLES["section_5_2_verified_payload"]
    assert window.payload_view.isReadOnly()
    bar = window.sd_jwt.payload_bar
    assert bar.isVisibleTo(window)
    assert plain(bar.count) == "· 6 digests not disclosed (decoys included)"

    bar.signed.click()

    signed = json.loads(window.payload_view.toPlainText())
    assert "_sd" in signed
    assert "given_name" not in signed
    assert not window.payload_view.isReadOnly()

    bar.disclosed.click()
    assert "given_name" in json.loads(window.payload_view.toPlainText())


def test_the_claims_table_shows_the_disclosed_claims_marked(window):
    paste(window, PRESENTATION)

    names = claim_names(window)
    assert "given_name" in names
    assert "_sd" not in names
    rows = {row.name: row for row in window.session.claims_model.rows()}
    assert rows["family_name"].meaning.startswith(DISCLOSED_NOTE)
    assert not rows["sub"].meaning.startswith(DISCLOSED_NOTE)


def test_the_issuer_signature_and_the_key_binding_are_verified(window):
    paste(window, PRESENTATION)
    window.signature_panel.set_key_text(ISSUER_KEY)

    banner = plain(window.signature_panel.banner)
    assert banner.startswith("Signature verified")
    lines = window.signature_panel.verdict.sd_lines
    assert lines.isVisibleTo(window)
    assert lines.text().splitlines() == [
        "✓ SD-JWT: every disclosure matches a digest",
        "✓ Key binding: Key Binding JWT verified with the holder key (cnf).",
    ]


def test_an_expected_nonce_that_differs_fails_the_key_binding(window):
    paste(window, PRESENTATION)
    window.signature_panel.set_key_text(ISSUER_KEY)
    panel = tab(window)

    panel.nonce.setText("fresh-nonce")
    panel.nonce.editingFinished.emit()

    text = window.signature_panel.verdict.sd_lines.text()
    assert '✗ Key binding: nonce is "1234567890", not the expected' in text


def test_the_sd_jwt_lines_do_not_move_the_key_row(window):
    window.resize(1000, 650)
    window.show()
    panel = window.signature_panel
    paste(window, PRESENTATION.rsplit("~", 1)[0] + "~")
    QGuiApplication.processEvents()
    before = panel.key_mode.mapTo(window, panel.key_mode.rect().topLeft())

    panel.set_key_text(ISSUER_KEY)
    QGuiApplication.processEvents()
    assert panel.verdict.sd_lines.isVisibleTo(window)
    after = panel.key_mode.mapTo(window, panel.key_mode.rect().topLeft())
    assert after == before


def test_clearing_a_disclosure_removes_it_and_its_claim_as_one_undo_step(window):
    paste(window, PRESENTATION)
    window.signature_panel.set_key_text(ISSUER_KEY)
    model = tab(window).table.model()
    given = EXAMPLES["section_5_2_presentation"].split("~")[3]

    model.setData(model.index(2, Column.PRESENT), Qt.CheckState.Unchecked, CHECK)

    text = window.token_edit.toPlainText()
    assert given not in text
    assert text.count("~") == 4
    assert text.endswith("~")
    assert "given_name" not in claim_names(window)
    # The row stays, unchecked, so the disclosure can be put back.
    assert model.rowCount() == 4
    assert model.index(2, Column.NAME).data() == "given_name"
    assert model.index(2, Column.PRESENT).data(CHECK) == Qt.CheckState.Unchecked
    assert model.index(2, Column.WHERE).data() == "left out · its digest is at $._sd"
    assert plain(tab(window).caption).startswith("3 of 4 disclosures presented")
    status = window.statusBar().currentMessage()
    assert 'The disclosure of "given_name" left out' in status
    assert "Key Binding JWT was dropped" in status
    assert plain(window.signature_panel.banner).startswith("Signature verified")
    assert window.signature_panel.verdict.sd_lines.text().splitlines() == [
        "✓ SD-JWT: every disclosure matches a digest",
        "Key binding: none presented",
    ]

    window.crafting.undo_action.trigger()

    assert window.token_edit.toPlainText() == PRESENTATION
    assert "given_name" in claim_names(window)
    assert model.index(2, Column.PRESENT).data(CHECK) == Qt.CheckState.Checked


def test_any_subset_can_be_presented_and_each_disclosure_put_back(window):
    paste(window, PRESENTATION)
    window.signature_panel.set_key_text(ISSUER_KEY)
    model = tab(window).table.model()
    parts = PRESENTATION.split("~")
    issuer, disclosures = parts[0], parts[1:-1]

    for row in (0, 3, 1):  # family_name, the nationality, address
        model.setData(model.index(row, Column.PRESENT), Qt.CheckState.Unchecked, CHECK)

    assert window.token_edit.toPlainText() == f"{issuer}~{disclosures[2]}~"
    names = claim_names(window)
    assert "given_name" in names
    assert not {"family_name", "address"} & set(names)
    assert window.session.sd_state.sd.payload["nationalities"] == []
    states = [model.index(r, Column.PRESENT).data(CHECK) for r in range(4)]
    assert states.count(Qt.CheckState.Checked) == 1

    model.setData(model.index(3, Column.PRESENT), Qt.CheckState.Checked, CHECK)

    text = window.token_edit.toPlainText()
    assert text == f"{issuer}~{disclosures[2]}~{disclosures[3]}~"
    assert window.session.sd_state.sd.payload["nationalities"] == ["US"]
    assert "put back" in window.statusBar().currentMessage()
    assert window.signature_panel.verdict.sd_lines.text().startswith(
        "✓ SD-JWT: every disclosure matches a digest"
    )
    # Each change is one undo step.
    window.crafting.undo_action.trigger()
    assert window.token_edit.toPlainText() == f"{issuer}~{disclosures[2]}~"

    for row in (0, 1, 3):
        model.setData(model.index(row, Column.PRESENT), Qt.CheckState.Checked, CHECK)
    assert window.token_edit.toPlainText() == issuer + "~" + "".join(
        f"{d}~" for d in disclosures
    )
    assert plain(tab(window).caption).startswith("4 disclosures · sha-256")


def test_a_pasted_sd_jwt_of_another_issuer_forgets_the_left_out_ones(window):
    paste(window, PRESENTATION)
    model = tab(window).table.model()
    model.setData(model.index(0, Column.PRESENT), Qt.CheckState.Unchecked, CHECK)
    assert model.rowCount() == 4

    paste(window, EXAMPLES["appendix_a_1_presentation"])

    rows = model.rowCount()
    assert rows == len(window.session.sd_state.sd.disclosures)
    presented = [model.index(r, Column.PRESENT).data(CHECK) for r in range(rows)]
    assert set(presented) == {Qt.CheckState.Checked}


def _select_claim(window: MainWindow, name: str) -> None:
    table = window.claims_table
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)
    table.selectionModel().setCurrentIndex(
        model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )


def test_make_selectively_disclosable_turns_a_plain_jwt_into_an_sd_jwt(window):
    token = sign_token(
        {"alg": "HS256", "typ": "JWT"},
        {"sub": "alice", "email": "alice@example.com", "exp": int(NOW) + 600},
        load_secret(SECRET_TEXT),
    )
    paste(window, token)
    window.signature_panel.set_secret(SECRET_TEXT)
    panel = tab(window)
    assert not panel.make_button.isEnabled()  # no claim selected yet

    _select_claim(window, "email")
    assert panel.make_button.isEnabled()
    panel.make_button.click()

    text = window.token_edit.toPlainText()
    assert text.endswith("~")
    assert text.count("~") == 2
    assert window.session.sd_state.sd is not None
    model = panel.table.model()
    assert model.rowCount() == 1
    assert model.index(0, Column.NAME).data() == "email"
    assert model.index(0, Column.WHERE).data() == "$._sd"
    rows = {r.name: r for r in window.session.claims_model.rows()}
    assert rows["email"].meaning.startswith(DISCLOSED_NOTE)
    assert plain(window.signature_panel.banner).startswith("Signature verified")
    signed = window.session.token.claims
    assert "email" not in signed
    assert len(signed["_sd"]) == 1

    # again on the SD-JWT: both claims are then disclosable
    _select_claim(window, "sub")
    window.sd_jwt.make_action.trigger()
    model = panel.table.model()
    assert {model.index(r, Column.NAME).data() for r in range(2)} == {"sub", "email"}
    assert plain(window.signature_panel.banner).startswith("Signature verified")


def test_make_selectively_disclosable_without_a_signing_key_says_why(window):
    paste(window, PRESENTATION)
    window.signature_panel.set_key_text(ISSUER_KEY)  # public: cannot sign
    _select_claim(window, "sub")

    tab(window).make_button.click()

    assert window.token_edit.toPlainText() == PRESENTATION
    assert "put a key that signs ES256" in window.statusBar().currentMessage()


def test_the_picker_lists_an_sd_jwt_as_one_token(window):
    other = sign_token({"alg": "HS256"}, {"sub": "bob"}, load_secret(SECRET_TEXT))
    paste(window, f"vp_token={PRESENTATION}&access_token={other}")

    label = window.other_tokens.label
    assert plain(label).startswith("2 tokens in this text")
    texts = [a.text() for a in window.other_tokens.menu.actions()]
    assert len(texts) == 2
    assert texts[0].endswith("(shown)")
    assert window.session.sd_state.sd is not None


def test_an_sd_jwt_alone_shows_no_picker(window):
    paste(window, PRESENTATION)
    assert not window.other_tokens.isVisibleTo(window)


def test_a_plain_token_hides_the_sd_jwt_parts(window):
    paste(window, PRESENTATION)
    token = sign_token({"alg": "HS256"}, {"sub": "bob"}, load_secret(SECRET_TEXT))
    paste(window, token)

    assert not window.sd_jwt.payload_bar.isVisibleTo(window)
    assert not window.signature_panel.verdict.sd_lines.isVisibleTo(window)
    assert not tab(window).table.isVisibleTo(tab(window))
    assert plain(tab(window).caption).startswith("This token is not an SD-JWT")
    assert plain(window.token_summary).startswith("JWS")


def test_the_audit_tab_shows_the_sd_jwt_findings(window, qtbot):
    paste(window, PRESENTATION.rsplit("~", 1)[0] + "~")
    ids = {finding.id for finding in window.session.findings()}
    assert "SD-KB-MISSING" in ids
    assert ROW_ROLE  # the claims model's row role stays importable


def test_editing_the_signed_payload_keeps_the_disclosures(window):
    paste(window, PRESENTATION)
    window.sd_jwt.payload_bar.signed.click()
    signed = json.loads(window.payload_view.toPlainText())
    signed["sub"] = "user_43"

    window.session.edit_json("payload", json.dumps(signed))

    text = window.token_edit.toPlainText()
    assert text.endswith(PRESENTATION[PRESENTATION.index("~") :])
    assert window.session.sd_state.disclosures_model.rowCount() == 4
    assert window.session.sd_state.sd.issuer.claims["sub"] == "user_43"
    lines = window.signature_panel.verdict.sd_lines.text()
    assert "✗ Key binding" in lines  # it signed the old issuer JWT


def test_a_disclosed_claim_is_not_edited_as_a_plain_claim(window):
    paste(window, PRESENTATION)

    window.session.set_claim("given_name", "Jane")

    assert window.token_edit.toPlainText() == PRESENTATION
    assert window.payload_errors.isVisibleTo(window)
    assert "given_name comes from a disclosure" in window.payload_errors.text()


def test_with_the_holder_key_the_key_binding_jwt_is_signed_again(window):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from jwt.algorithms import ECAlgorithm

    from jwtinspector.core.keys import load_key
    from jwtinspector.core.sdjwt.craft import make_sd_jwt, present

    private = ec.generate_private_key(ec.SECP256R1())
    holder_jwk = json.loads(ECAlgorithm.to_jwk(private.public_key()))
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    issued = make_sd_jwt(
        {"alg": "HS256", "typ": "dc+sd-jwt"},
        {"iss": "https://issuer.example", "a": 1, "b": 2, "cnf": {"jwk": holder_jwk}},
        load_secret(SECRET_TEXT),
        disclosable=["a", "b"],
    )
    text = present(
        issued.text,
        holder_key=load_key(pem),
        nonce="n-1",
        audience="https://verifier.example",
        now=NOW,
    )
    paste(window, text)
    window.signature_panel.set_key_text(pem)
    model = tab(window).table.model()

    model.setData(model.index(0, Column.PRESENT), Qt.CheckState.Unchecked, CHECK)

    assert "signed again with the holder key" in window.statusBar().currentMessage()
    sd = window.session.sd_state.sd
    assert len(sd.disclosures) == 1
    assert sd.key_binding is not None
    assert sd.key_binding.claims["nonce"] == "n-1"
    assert window.session.sd_state.verdict.key_binding.valid


def test_a_pasted_sd_jwt_brings_its_disclosures_tab_forward(window):
    window.signature_panel.details.setCurrentIndex(0)

    paste(window, PRESENTATION)

    assert window.signature_panel.details.currentWidget() is tab(window)


def test_an_sd_jwt_without_disclosures_says_none_was_presented(window):
    paste(window, PRESENTATION.split("~")[0] + "~")
    window.signature_panel.set_key_text(ISSUER_KEY)

    lines = window.signature_panel.verdict.sd_lines.text().splitlines()
    assert lines == ["SD-JWT: no disclosure presented", "Key binding: none presented"]
    assert plain(tab(window).caption).startswith("0 disclosures")


def test_a_broken_disclosure_is_named_in_its_row_and_in_the_verdict(window):
    parts = PRESENTATION.split("~")
    paste(window, PRESENTATION.replace(parts[1], "not-base64!", 1))

    model = tab(window).table.model()
    assert model.index(0, Column.WHERE).data() == (
        "✗ cannot be read: it is not base64url-encoded JSON"
    )
    lines = window.signature_panel.verdict.sd_lines.text()
    assert "✗ SD-JWT: Disclosure 1 cannot be read" in lines
    assert "✗ Key binding: sd_hash is" in lines


def test_a_click_on_a_presented_box_leaves_that_disclosure_out(window, qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    window.resize(1400, 1000)
    window.show()
    window.show_details(True)
    paste(window, PRESENTATION)
    table = tab(window).table
    qtbot.waitExposed(table)
    rect = table.visualRect(table.model().index(0, Column.PRESENT))
    # The check box sits at the cell's left, vertically centred.
    point = QPoint(rect.left() + 10, rect.center().y())

    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)

    assert "family_name" not in claim_names(window)
    assert 'The disclosure of "family_name" left out' in (
        window.statusBar().currentMessage()
    )
    # A second click puts it back.
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert "family_name" in claim_names(window)
    assert window.token_edit.toPlainText().startswith(PRESENTATION.rsplit("~", 1)[0])


def test_the_disclosures_tab_is_shown_only_for_an_sd_jwt(window):
    details = window.signature_panel.details
    index = details.indexOf(tab(window))
    assert not details.isTabVisible(index)  # the sample is a plain JWT

    paste(window, PRESENTATION)
    assert details.isTabVisible(index)
    assert details.currentIndex() == index

    paste(window, window.session.sd_state.sd.issuer.token)
    assert not details.isTabVisible(index)


def test_a_nested_member_and_an_array_element_can_be_made_disclosable(window):
    claims = {
        "sub": "alice",
        "address": {"street": "Main St 1", "locality": "Anytown"},
        "nationalities": ["US", "DE"],
    }
    token = sign_token({"alg": "HS256"}, claims, load_secret(SECRET_TEXT))
    paste(window, token)
    window.signature_panel.set_secret(SECRET_TEXT)

    _select_claim(window, "address")
    menu = window.sd_jwt.make_action.menu()
    assert menu is not None
    entries = [a.text() for a in menu.actions()]
    assert entries == [
        "address (the whole claim)",
        "address.street",
        "address.locality",
    ]
    menu.actions()[2].trigger()

    sd = window.session.sd_state.sd
    assert sd is not None
    model = tab(window).table.model()
    assert model.rowCount() == 1
    assert model.index(0, Column.NAME).data() == "locality"
    assert model.index(0, Column.WHERE).data() == "$.address._sd"
    assert "locality" not in sd.issuer.claims["address"]
    assert sd.payload == claims
    assert plain(window.signature_panel.banner).startswith("Signature verified")

    _select_claim(window, "nationalities")
    entries = [a.text() for a in window.sd_jwt.make_action.menu().actions()]
    assert entries[1:] == ["nationalities[0]", "nationalities[1]"]
    window.sd_jwt.make_action.menu().actions()[2].trigger()

    sd = window.session.sd_state.sd
    assert {d.matched for d in sd.disclosures} == {
        "$.address._sd",
        "$.nationalities[1]",
    }
    assert sd.issuer.claims["nationalities"][0] == "US"
    assert list(sd.issuer.claims["nationalities"][1]) == ["..."]
    assert sd.payload == claims
    assert "nationalities[1] is now selectively disclosable" in (
        window.statusBar().currentMessage()
    )
    assert plain(window.signature_panel.banner).startswith("Signature verified")
    # Leaving the element out shows the array without it.
    model.setData(model.index(1, Column.PRESENT), Qt.CheckState.Unchecked, CHECK)
    assert window.session.sd_state.sd.payload["nationalities"] == ["US"]

    _select_claim(window, "sub")  # a plain value: no menu
    assert window.sd_jwt.make_action.menu() is None


def test_a_json_serialized_sd_jwt_presents_any_subset_too(window):
    text = json.dumps(EXAMPLES["section_8_2_flattened_presentation"], indent=2)
    paste(window, text)
    window.signature_panel.set_key_text(ISSUER_KEY)
    disclosures = EXAMPLES["section_8_2_flattened_presentation"]["header"][
        "disclosures"
    ]
    # Each part has the colour it has in the compact form.
    spans = window.token_edit.highlighter._spans
    shown = window.token_edit.toPlainText()
    coloured = {shown[start:end]: role for start, end, role in spans}
    assert {coloured[d] for d in disclosures} == {"disclosure"}
    kb = EXAMPLES["section_8_2_flattened_presentation"]["header"]["kb_jwt"]
    assert coloured[kb] == "key_binding"
    assert "signature" in coloured.values()
    model = tab(window).table.model()
    assert model.rowCount() == len(disclosures)
    first = model.index(0, Column.NAME).data()

    model.setData(model.index(0, Column.PRESENT), Qt.CheckState.Unchecked, CHECK)

    value = json.loads(window.token_edit.toPlainText())
    assert value["header"]["disclosures"] == disclosures[1:]
    assert "kb_jwt" not in value["header"]  # it covered the old disclosures
    assert value["payload"] == EXAMPLES["section_8_2_flattened_presentation"]["payload"]
    assert first not in claim_names(window)
    assert model.index(0, Column.PRESENT).data(CHECK) == Qt.CheckState.Unchecked
    assert plain(window.signature_panel.banner).startswith("Signature verified")
    roles = {role for _, _, role in window.token_edit.highlighter._spans}
    assert "disclosure" in roles

    model.setData(model.index(0, Column.PRESENT), Qt.CheckState.Checked, CHECK)

    value = json.loads(window.token_edit.toPlainText())
    assert value["header"]["disclosures"] == disclosures
    assert first in claim_names(window)
    window.crafting.undo_action.trigger()
    assert (
        json.loads(window.token_edit.toPlainText())["header"]["disclosures"]
        == (disclosures[1:])
    )


def test_every_issuer_signature_of_a_general_json_sd_jwt_is_checked(window):
    paste(window, json.dumps(EXAMPLES["section_8_3_general_presentation"], indent=2))
    window.signature_panel.set_key_text(ISSUER_KEY)

    # The banner judges every signature, as a JWS's in JSON serialization.
    panel = window.signature_panel
    assert plain(panel.banner).splitlines() == [
        "1 of 2 signatures verified (#1); invalid: #2.",
        "✓ #1 ES256: verified with EC P-256 public key",
        "✗ #2 ES256: invalid signature (EC P-256 public key)",
    ]
    assert panel.banner.property("state") == "bad"
    assert "Issuer signatures" not in panel.verdict.sd_lines.text()  # said once
    assert not window.session.sd_state.verdict.valid

    keyset = {"keys": [{**EXAMPLES["issuer_public_jwk"], "kid": "issuer-key-1"}]}
    panel.set_key_text(json.dumps(keyset))

    assert plain(panel.banner).splitlines() == [
        "1 of 2 signatures verified (#1).",
        "✓ #1 ES256: verified with EC P-256 public key",
        "– #2 ES256: not checked: no key given fits it",
    ]
    assert panel.banner.property("state") == "good"


@pytest.mark.parametrize("size", [(1000, 650), (1920, 1080)], ids=["small", "large"])
def test_the_whole_verdict_of_a_general_json_sd_jwt_shows_without_scrolling(
    window, size
):
    window.resize(*size)
    window.show()
    panel = window.signature_panel
    paste(window, PRESENTATION)
    panel.set_key_text(ISSUER_KEY)
    QGuiApplication.processEvents()
    compact_height = panel.verdict.height()
    key_row = panel.key_mode.mapTo(panel, panel.key_mode.rect().topLeft())

    paste(window, json.dumps(EXAMPLES["section_8_3_general_presentation"], indent=2))
    panel.set_key_text(ISSUER_KEY)
    QGuiApplication.processEvents()

    # The summary of every signature, each signature's line, the disclosures'
    # and the key binding's: all in view, nothing to scroll to.
    assert plain(panel.banner).startswith("1 of 2 signatures verified (#1)")
    assert panel.verdict.sd_lines.isVisibleTo(window)
    assert panel.verdict.verticalScrollBar().maximum() == 0
    sd_bottom = panel.verdict.sd_lines.geometry().bottom()
    assert sd_bottom <= panel.verdict.viewport().height()

    # A compact SD-JWT (one signature) gives the block its usual height back.
    paste(window, PRESENTATION)
    panel.set_key_text(ISSUER_KEY)
    QGuiApplication.processEvents()
    assert plain(panel.banner).startswith("Signature verified")
    assert panel.verdict.height() == compact_height
    assert panel.key_mode.mapTo(panel, panel.key_mode.rect().topLeft()) == key_row


def test_the_legend_of_a_json_sd_jwt_names_its_json_members(window):
    from jwtinspector.widgets.theme import hex_color

    paste(window, json.dumps(EXAMPLES["section_8_3_general_presentation"], indent=2))

    label = window.token_summary
    legend = plain(label)
    assert legend == (
        "SD-JWT · 2 disclosures · 2 undisclosed · key binding · JSON, general, "
        "2 signatures: protected, payload, signature, disclosures, kb_jwt"
    )
    assert "~" not in legend  # the compact form's separators are not in it
    for member, role in (("protected", "header"), ("kb_jwt", "key_binding")):
        assert f"color:{hex_color(label, role)}'>{member}<" in label.text()

    flattened = dict(EXAMPLES["section_8_2_flattened_presentation"])
    flattened["header"] = {
        k: v for k, v in flattened["header"].items() if k != "kb_jwt"
    }
    paste(window, json.dumps(flattened, indent=2))

    assert plain(label).endswith(
        "no key binding · JSON, flattened: protected, payload, signature, disclosures"
    )


def test_a_cnf_jkt_is_checked_with_the_key_box_key_of_that_thumbprint(window):
    from jwtinspector.core import keygen
    from jwtinspector.core.keys import public_of, to_jwk
    from jwtinspector.core.sdjwt.craft import make_sd_jwt, present

    issuer, holder = keygen.generate_ec("P-256"), keygen.generate_ec("P-256")
    claims = {
        "iss": "https://issuer.example",
        "a": 1,
        "cnf": {"jkt": holder.thumbprint},
    }
    issued = make_sd_jwt({"alg": "ES256"}, claims, issuer, disclosable=["a"])
    text = present(
        issued.text, holder_key=holder, nonce="n", audience="https://v.example", now=NOW
    )
    paste(window, text)
    window.signature_panel.set_key_text(json.dumps(to_jwk(public_of(issuer))))

    lines = window.signature_panel.verdict.sd_lines.text()
    assert "✗ Key binding: Cannot check the key binding signature without the " in (
        lines
    )
    assert "cnf names jkt" in lines

    keys = {"keys": [to_jwk(public_of(issuer)), to_jwk(public_of(holder))]}
    window.signature_panel.set_key_text(json.dumps(keys))

    lines = window.signature_panel.verdict.sd_lines.text().splitlines()
    assert (
        lines[-1]
        == "✓ Key binding: Key Binding JWT verified with the holder key (cnf)."
    )
    assert window.session.sd_state.verdict.valid
