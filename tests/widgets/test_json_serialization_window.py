"""A JWS or JWE in JSON serialization, an unencoded (b64: false) payload and a
detached payload, as a user sees them in the window (RFC 7520 §4.7, §4.8,
§5.10, §5.13; RFC 7797)."""

from __future__ import annotations

import json
import pathlib
import time
from typing import Any

import pytest
from label_text import plain
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from jwtinspector.app import create_window
from jwtinspector.core.keys import load_secret
from jwtinspector.core.sign import sign_token
from jwtinspector.models.json_form import MAX_SHOWN, READ_ONLY

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
COOKBOOK = DATA / "rfc7520"
RFC = json.loads((DATA / "rfc_json_serialization.json").read_text(encoding="utf-8"))


def example(name: str) -> dict[str, Any]:
    path = next(COOKBOOK.glob(f"{name}.*.json"))
    return json.loads(path.read_text(encoding="utf-8"))


MULTI = example("4_8")
CONTENT_ONLY = example("4_7")
JWKS = json.dumps({"keys": MULTI["input"]["key"][:2]})  # the RSA and EC keys
MIXED = json.dumps({"keys": MULTI["input"]["key"]})  # and the HMAC secret
HMAC_JWK = json.dumps(MULTI["input"]["key"][2])


def settle(rounds: int = 5) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


@pytest.fixture
def window(qtbot):
    window = create_window()
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    settle()
    return window


def paste(window: Any, value: Any) -> None:
    text = value if isinstance(value, str) else json.dumps(value, indent=2)
    window.token_edit.set_token_text(text)
    settle()
    deadline = time.monotonic() + 10  # a big text is read off the GUI thread
    while window.session.text != text and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    settle()


def key(window: Any, text: str) -> None:
    window.signature_panel.set_key_text(text)
    settle()


def banner(window: Any) -> str:
    return plain(window.signature_panel.banner)


def choices(window: Any) -> list[str]:
    selector = window.json_bar.selector
    return [selector.itemText(i) for i in range(selector.count())]


# --- JWS in JSON serialization ------------------------------------------------------


def test_three_signatures_are_listed_and_the_summary_says_which_verified(window):
    paste(window, MULTI["output"]["json"])

    assert window.json_bar.isVisible()
    assert choices(window) == [
        "Signature 1 of 3 · RS256 · kid bilbo.baggins@hobbiton.example",
        "Signature 2 of 3 · ES512 · kid bilbo.baggins@hobbiton.example",
        "Signature 3 of 3 · HS256 · kid 018c0ae5-4d9b-471b-bfd6-eef314bc7037",
    ]
    assert window.json_bar.selector.isEnabled()
    assert plain(window.token_summary).startswith(
        "JWS JSON serialization · general · 3 signatures"
    )
    # The payload (text, not JSON) and the first signature's joint header.
    assert "dangerous business, Frodo" in window.payload_view.toPlainText()
    assert json.loads(window.header_view.toPlainText()) == {
        "alg": "RS256",
        "kid": "bilbo.baggins@hobbiton.example",
    }
    assert banner(window).startswith("0 of 3 signatures verified")

    key(window, JWKS)

    text = banner(window)
    assert text.startswith("2 of 3 signatures verified (#1, #2).")
    assert "✓ #1 RS256: verified with RSA 2048-bit private key" in text
    assert "✓ #2 ES512: verified with EC P-521 private key" in text
    assert "– #3 HS256: not checked" in text
    assert window.signature_panel.banner.property("state") == "good"
    assert choices(window)[0].endswith(" · ✓")

    # The HMAC secret in the same set makes it ambiguous: it verifies none.
    key(window, MIXED)

    text = banner(window)
    assert text.startswith("0 of 3 signatures verified")
    assert "– #1 RS256: not checked: the key set is ambiguous" in text


def test_with_only_the_hmac_key_the_summary_names_the_one_that_verified(window):
    paste(window, MULTI["output"]["json"])

    key(window, HMAC_JWK)

    text = banner(window)
    assert text.startswith("1 of 3 signatures verified (#3).")
    assert "– #1 RS256: not checked" in text
    assert "✓ #3 HS256: verified with HMAC secret" in text
    assert choices(window)[2].endswith(" · ✓")
    assert not choices(window)[0].endswith("✓")


def test_a_tampered_signature_is_named_invalid(window):
    tampered = json.loads(json.dumps(MULTI["output"]["json"]))
    signature = tampered["signatures"][1]["signature"]
    tampered["signatures"][1]["signature"] = ("A" if signature[0] != "A" else "B") + (
        signature[1:]
    )
    paste(window, tampered)

    key(window, JWKS)

    text = banner(window)
    assert text.startswith("1 of 3 signatures verified (#1); invalid: #2.")
    assert "✗ #2 ES512: invalid signature" in text
    assert window.signature_panel.banner.property("state") == "bad"


def test_choosing_a_signature_shows_its_header_and_marks_unprotected_members(
    window, qtbot
):
    paste(window, MULTI["output"]["json"])
    key(window, JWKS)
    note = window.json_bar.note

    assert "Protected (signed): alg" in plain(note)
    assert "Unprotected, not covered by the signature: kid" in plain(note)

    # Keyboard: the selector takes focus and the arrow key picks the next one.
    window.json_bar.selector.setFocus()
    qtbot.keyClick(window.json_bar.selector, Qt.Key.Key_Down)
    settle()

    assert window.json_bar.selector.currentIndex() == 1
    assert window.session.token.alg == "ES512"
    assert json.loads(window.header_view.toPlainText())["alg"] == "ES512"
    assert "No protected header" in plain(note)
    assert "Unprotected, not covered by the signature: alg, kid" in plain(note)
    # The audit and the verdict's details follow the chosen signature.
    assert "alg is only in the unprotected header" in plain(
        window.signature_panel.problems
    )
    assert banner(window).startswith("2 of 3 signatures verified")


def test_the_selector_is_in_the_tab_chain_with_a_name(window):
    selector = window.json_bar.selector
    paste(window, MULTI["output"]["json"])

    assert selector.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert selector.accessibleName() == "Signature shown"
    seen, widget = set(), window.token_edit
    for _ in range(200):
        widget = widget.nextInFocusChain()
        if widget is selector or id(widget) in seen:
            break
        seen.add(id(widget))
    assert widget is selector


def test_no_protected_header_section_4_7_verifies_and_says_so(window):
    paste(window, CONTENT_ONLY["output"]["json"])

    assert choices(window) == [
        "Signature 1 of 1 · HS256 · kid 018c0ae5-4d9b-471b-bfd6-eef314bc7037"
    ]
    assert not window.json_bar.selector.isEnabled()  # nothing to choose
    assert "No protected header" in plain(window.json_bar.note)

    formula = window.signature_panel.signature_view.toPlainText()
    assert '""' + ' + "." +  (no protected header)' in formula
    assert "base64UrlEncode(header)" not in formula

    key(window, HMAC_JWK)

    assert banner(window).startswith("1 of 1 signature verified (#1).")


def test_a_signature_with_a_protected_header_signs_it(window):
    paste(window, MULTI["output"]["json"])

    assert "base64UrlEncode(header)" in (
        window.signature_panel.signature_view.toPlainText()
    )


def test_the_flattened_form_verifies(window):
    paste(window, CONTENT_ONLY["output"]["json_flat"])

    assert plain(window.token_summary).startswith(
        "JWS JSON serialization · flattened · 1 signature"
    )
    key(window, HMAC_JWK)

    assert banner(window).startswith("1 of 1 signature verified")
    assert "dangerous business" in window.payload_view.toPlainText()


def test_editing_a_json_serializations_header_is_refused_with_a_clear_message(
    window,
):
    text = json.dumps(MULTI["output"]["json"], indent=2)
    paste(window, text)
    key(window, JWKS)

    window.session.set_header_member("kid", "mallory")
    settle()

    assert window.header_errors.isVisible()
    assert READ_ONLY in window.header_errors.text()
    assert window.token_edit.toPlainText() == text  # nothing the user typed lost
    assert window.header_view.isReadOnly()
    assert not window.signature_panel.algorithm_combo.isEnabled()
    assert not window.crafting.copy_bearer_action.isEnabled()


def test_editing_a_claim_re_signs_every_signature_the_keys_can_sign(window):
    example = RFC["rfc7515_a6"]
    paste(window, example["json"])
    both = {"keys": [dict(jwk, kid=kid) for kid, jwk in example["keys"].items()]}
    key(window, json.dumps(both))
    assert banner(window).startswith("2 of 2 signatures verified")

    window.session.set_claim("iss", "mallory")
    settle()

    edited = json.loads(window.token_edit.toPlainText())
    assert len(edited["signatures"]) == 2
    assert window.session.token.claims["iss"] == "mallory"
    assert banner(window).startswith("2 of 2 signatures verified (#1, #2).")

    window.session.undo()
    settle()
    assert window.session.token.claims["iss"] == "joe"


def test_typing_in_the_payload_view_re_signs_the_json(window, qtbot):
    example = CONTENT_ONLY  # HS256, no protected header
    paste(window, dict(example["output"]["json"], payload="eyJhIjoxfQ"))  # {"a":1}
    key(window, HMAC_JWK)
    view = window.payload_view
    assert not view.isReadOnly()

    view.setPlainText('{"a": 2}')
    view.edited.emit('{"a": 2}')
    settle()

    assert window.session.token.claims == {"a": 2}
    assert banner(window).startswith("1 of 1 signature verified")


def test_a_signature_the_key_cannot_sign_is_named_stale(window):
    example = RFC["rfc7515_a6"]
    paste(window, example["json"])
    rsa = dict(example["keys"]["2010-12-29"], kid="2010-12-29")
    key(window, json.dumps(rsa))
    assert window.claims_tools.add_button.isEnabled()

    window.session.set_claim("iss", "mallory")
    settle()

    text = banner(window)
    assert text.startswith("Signature is stale")
    assert "signature #2:" in text
    assert "✓ #1 RS256: verified" in text
    assert window.signature_panel.banner.property("state") == "bad"


def test_a_problem_names_the_member_and_signature(window):
    broken = json.loads(json.dumps(MULTI["output"]["json"]))
    broken["signatures"][1]["signature"] = "not base64url!"
    paste(window, broken)

    problems = plain(window.token_errors)
    assert "signatures[1].signature" in problems
    assert "✗" in problems
    # The other signatures are still listed and checked.
    key(window, JWKS)
    assert "✓ #1 RS256" in banner(window)


def test_a_json_syntax_error_names_its_line_and_column(window):
    text = json.dumps(MULTI["output"]["json"], indent=2).replace('"signatures":', "")
    paste(window, text)

    problems = plain(window.token_errors)
    assert "line 3" in problems
    assert "column" in problems
    assert window.token_edit.toPlainText() == text


def test_thousands_of_signatures_are_listed_and_checked_up_to_the_cap(window):
    one = CONTENT_ONLY["output"]["json"]["signatures"][0]
    many = {"payload": CONTENT_ONLY["output"]["json"]["payload"]}
    many["signatures"] = [one] * (MAX_SHOWN + 50)
    paste(window, many)
    key(window, HMAC_JWK)

    assert len(choices(window)) == MAX_SHOWN
    assert choices(window)[0].startswith(f"Signature 1 of {MAX_SHOWN + 50}")
    assert f"Only the first {MAX_SHOWN} of {MAX_SHOWN + 50}" in banner(window)


def test_a_compact_token_hides_the_selector_again(window):
    paste(window, MULTI["output"]["json"])
    assert window.json_bar.isVisible()

    paste(window, RFC["rfc7797_4_1"]["compact"])

    assert not window.json_bar.isVisible()
    assert not plain(window.token_summary).startswith("JWS JSON")
    assert not window.header_view.isReadOnly()
    assert window.signature_panel.algorithm_combo.isEnabled()


def test_a_new_paste_shows_its_first_signature(window):
    paste(window, MULTI["output"]["json"])
    window.session.select_signature(2)
    settle()
    assert window.json_bar.selector.currentIndex() == 2

    paste(window, json.dumps(MULTI["output"]["json"]))  # another text, 3 again

    assert window.json_bar.selector.currentIndex() == 0
    assert window.session.token.alg == "RS256"


# --- JWE in JSON serialization ------------------------------------------------------


def test_a_jwe_json_shows_its_recipients_headers_before_decryption(window):
    paste(window, example("5_13")["output"]["json"])

    assert plain(window.token_summary).startswith(
        "JWE (encrypted) JSON serialization · general · 3 recipients"
    )
    assert choices(window) == [
        "Recipient 1 of 3 · RSA1_5 · kid frodo.baggins@hobbiton.example",
        "Recipient 2 of 3 · ECDH-ES+A256KW · kid peregrin.took@tuckborough.example",
        "Recipient 3 of 3 · A256GCMKW · kid 18ec08e1-bfa9-4d95-b205-2b4dd1d4321d",
    ]
    assert window.json_bar.selector.accessibleName() == "Recipient shown"
    header = json.loads(window.header_view.toPlainText())
    assert header == {
        "enc": "A128CBC-HS256",
        "cty": "text/plain",
        "alg": "RSA1_5",
        "kid": "frodo.baggins@hobbiton.example",
    }
    note = plain(window.json_bar.note)
    assert "Protected (integrity-checked): enc" in note
    assert "Shared unprotected: cty" in note
    assert "This recipient's own header: alg, kid" in note

    window.json_bar.selector.setCurrentIndex(2)
    window.json_bar.selector.activated.emit(2)
    settle()

    assert json.loads(window.header_view.toPlainText())["alg"] == "A256GCMKW"
    assert "own header: alg, kid, tag, iv" in plain(window.json_bar.note)


def test_a_jwe_json_shows_its_additional_authenticated_data(window):
    paste(window, example("5_10")["output"]["json"])

    note = plain(window.json_bar.note)
    assert "AAD (" in note
    assert '[\\"vcard\\"' in note or '["vcard"' in note


# --- b64: false and detached payloads ----------------------------------------------

SECRET = "an unencoded-payload secret of 32+ bytes!"


def test_editing_a_b64_false_payload_re_signs_it_unencoded_and_it_verifies(window):
    secret = load_secret(SECRET)
    text = sign_token(
        {"alg": "HS256"}, b'{"sub": "alice", "n": 1}', secret, unencoded=True
    )
    paste(window, text)
    window.signature_panel.set_secret(SECRET)
    settle()
    assert window.session.token.payload_bytes == b'{"sub": "alice", "n": 1}'
    assert banner(window).startswith("Signature verified")

    window.session.set_claim("sub", "bob")
    settle()

    new = window.token_edit.toPlainText()
    assert new.split(".")[1] == '{"sub":"bob","n":1}'  # unencoded, not base64url
    assert json.loads(window.payload_view.toPlainText())["sub"] == "bob"
    assert banner(window).startswith("Signature verified")


def test_a_b64_false_payload_with_a_dot_is_refused_with_the_reason(window):
    secret = load_secret(SECRET)
    paste(window, sign_token({"alg": "HS256"}, b'{"n": 1}', secret, unencoded=True))
    window.signature_panel.set_secret(SECRET)
    settle()
    before = window.token_edit.toPlainText()

    window.session.set_claim("n", 1.5)
    settle()

    assert "RFC 7797 §5.2" in window.payload_errors.text()
    assert window.token_edit.toPlainText() == before


def test_a_detached_payload_given_in_the_field_verifies(window, qtbot):
    example = RFC["rfc7797_4_2"]  # b64: false, detached in compact form
    paste(window, example["compact"])
    key(window, json.dumps(example["key"]))
    box = window.json_bar.detached

    assert box.isVisible()
    assert "detached" in window.payload_view.toPlainText()
    assert not banner(window).startswith("Signature verified")

    qtbot.keyClicks(box.edit, example["payload"])
    settle()

    assert banner(window).startswith("Signature verified")
    assert window.payload_view.toPlainText().endswith("$.02")
    assert box.isVisible()  # the payload can still be changed


def test_a_detached_payload_from_a_file_verifies(window, tmp_path):
    example = RFC["rfc7797_4_1"]  # b64 true; detach its payload
    head, _, signature = example["compact"].split(".")
    paste(window, f"{head}..{signature}")
    key(window, json.dumps(example["key"]))
    payload = tmp_path / "payload.txt"
    payload.write_bytes(example["payload"].encode())

    window.json_bar.detached.load_file(str(payload))
    settle()

    assert banner(window).startswith("Signature verified")
    assert "payload.txt" in window.json_bar.detached.edit.placeholderText()


def test_a_new_token_forgets_the_detached_payload(window):
    example = RFC["rfc7797_4_2"]
    paste(window, example["compact"])
    window.session.set_detached_payload(b"$.02")
    settle()

    paste(window, RFC["rfc7797_4_1"]["compact"])

    assert not window.json_bar.detached.isVisible()
    assert window.session.json_form.detached_payload is None


def test_the_extractor_keeps_a_b64_false_payload_with_spaces(window):
    secret = load_secret(SECRET)
    text = sign_token(
        {"alg": "HS256"}, b'{"msg": "hello there, world"}', secret, unencoded=True
    )
    paste(window, text)
    window.signature_panel.set_secret(SECRET)
    settle()

    assert json.loads(window.payload_view.toPlainText()) == {
        "msg": "hello there, world"
    }
    assert banner(window).startswith("Signature verified")


def test_how_it_is_signed_shows_the_unencoded_signing_input(window):
    secret = load_secret(SECRET)
    payload = '{"sub":"café"}'.encode()
    text = sign_token({"alg": "HS256"}, payload, secret, unencoded=True)
    paste(window, text)
    window.signature_panel.set_secret(SECRET)
    settle()
    panel = window.signature_panel

    panel.details.setCurrentWidget(panel.explain_view)
    settle()

    shown = panel.explain_view.toPlainText()
    assert text.rsplit(".", 1)[0] in shown  # header.{"sub":"café"} as it is
    assert "not encoded" in shown
    formula = panel.signature_view.toPlainText()
    assert "payload (b64: false)" in formula
    assert "base64UrlEncode(payload)" not in formula


def test_the_audit_covers_every_signature_whichever_is_chosen(window):
    paste(window, MULTI["output"]["json"])

    window.session.select_signature(2)
    settle()

    token = window.session.json_form.jws.signatures[2].token
    assert window.session.token is token
    assert window.session.audit_job().args == (window.session.json_form.jws,)


def test_the_base64url_members_are_coloured_as_a_compact_tokens_segments(window):
    paste(window, MULTI["output"]["json"])

    text = window.token_edit.toPlainText()
    spans = window.token_edit.highlighter._spans
    coloured = {role: text[start:end] for start, end, role in spans}
    assert coloured["payload"] == MULTI["output"]["json"]["payload"]
    assert [role for _, _, role in spans].count("signature") == 3
    last = MULTI["output"]["json"]["signatures"][2]
    assert coloured["header"] == last["protected"]  # the last one of the role


def test_editing_a_detached_token_keeps_it_detached_and_undo_brings_back_both(window):
    secret = load_secret(SECRET)
    text = sign_token({"alg": "HS256"}, b'{"a":1}', secret, detached=True)
    paste(window, text)
    window.signature_panel.set_secret(SECRET)
    window.session.set_detached_payload(b'{"a":1}')
    settle()
    assert banner(window).startswith("Signature verified")

    window.session.set_claim("b", 2)
    settle()

    new = window.token_edit.toPlainText()
    assert new.split(".")[1] == ""  # still header..signature
    assert new != text
    assert window.json_bar.detached.edit.text() == '{"a":1,"b":2}'
    assert banner(window).startswith("Signature verified")

    window.session.undo()
    settle()

    assert window.token_edit.toPlainText() == text
    assert window.json_bar.detached.edit.text() == '{"a":1}'
    assert banner(window).startswith("Signature verified")


def test_editing_the_header_of_rfc7797_detached_example_re_signs_it(window):
    example = RFC["rfc7797_4_2"]  # b64: false, payload "$.02" (has a '.')
    paste(window, example["compact"])
    key(window, json.dumps(example["key"]))
    window.session.set_detached_payload(example["payload"].encode())
    settle()

    window.session.set_header_member("kid", "k1")
    settle()

    _head, body, _ = window.token_edit.toPlainText().split(".")
    assert body == ""
    assert window.session.token.header["kid"] == "k1"
    assert window.session.token.header["b64"] is False
    assert banner(window).startswith("Signature verified")
    assert not window.payload_errors.isVisible()


def test_a_long_one_line_json_is_shown_in_lines_but_read_whole(window):
    from jwtinspector.core.text import b64url_encode

    payload = b64url_encode(b"x" * 80_000)
    flat = dict(CONTENT_ONLY["output"]["json_flat"], payload=payload)
    text = json.dumps(flat)  # one line, over the editor's reflow size
    paste(window, text)

    # Broken into lines for display only: the JSON is read as given.
    assert window.token_edit.toPlainText().count("\n") > 10
    assert window.token_edit.token_text() == text
    assert window.session.text == text
    assert window.session.json_form.jws is not None
    assert window.session.json_form.jws.payload_bytes == b"x" * 80_000
