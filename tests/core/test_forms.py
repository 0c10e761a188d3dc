"""core.forms: one dispatch for what a pasted text holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jwtinspector.core.errors import InputTooLargeError, TokenFormatError
from jwtinspector.core.forms import read_pasted

DATA = Path(__file__).parent.parent / "data"
SD = json.loads((DATA / "rfc9901_examples.json").read_text("utf-8"))


def _cookbook(name: str) -> dict:
    return json.loads((DATA / "rfc7520" / name).read_text("utf-8"))["output"]


def _json_text(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, indent=2)


def test_a_compact_jws_is_a_token() -> None:
    jws = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln"
    pasted = read_pasted(f"Bearer {jws}")
    assert pasted.json is None
    assert pasted.sd is None
    assert pasted.token is not None
    assert pasted.token.form == "JWS"
    assert pasted.main is pasted.token


def test_an_sd_jwt_keeps_its_issuer_token_and_its_disclosures() -> None:
    pasted = read_pasted(SD["section_5_2_presentation"])
    assert pasted.sd is not None
    assert pasted.json is None
    assert pasted.token is pasted.sd.issuer
    assert pasted.token.form == "JWS"
    assert len(pasted.sd.disclosures) >= 1


def test_a_general_json_jws_is_a_json_serialization() -> None:
    pasted = read_pasted(_json_text(_cookbook("4_8.multiple_signatures.json")["json"]))
    assert pasted.token is None
    assert pasted.sd is None
    assert pasted.json.form == "JWS JSON"
    assert len(pasted.json.signatures) == 3
    assert pasted.main is pasted.json


@pytest.mark.parametrize("form", ["json", "json_flat"])
def test_a_json_jwe_is_a_json_serialization(form: str) -> None:
    output = _cookbook("5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json")
    pasted = read_pasted(_json_text(output[form]))
    assert pasted.json.form == "JWE JSON"


def test_a_compact_jwe_is_a_token() -> None:
    output = _cookbook("5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json")
    pasted = read_pasted(output["compact"])
    assert pasted.token.form == "JWE"
    assert pasted.json is None


def test_json_that_is_no_jose_object_falls_back_to_searching_for_a_token() -> None:
    jws = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln"
    pasted = read_pasted(json.dumps({"access_token": jws, "expires_in": 300}))
    assert pasted.json is None
    assert pasted.token.token == jws


def test_too_large_and_empty_input_raise_the_engine_errors() -> None:
    with pytest.raises(InputTooLargeError):
        read_pasted("x" * 11, max_size=10)
    with pytest.raises(TokenFormatError):
        read_pasted("   ")


# --- an SD-JWT, whitespace, then another token -------------------------------

_OTHER = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnLTI"
_ISSUANCE = SD["section_5_1_issuance"]  # ends with "~": no Key Binding JWT
_PRESENTATION = SD["section_5_2_presentation"]  # ends with a KB-JWT


@pytest.mark.parametrize("gap", [" \n ", "\n", "\r\n\r\n", "\t"])
def test_an_sd_jwt_then_whitespace_then_a_token_is_two_tokens(gap: str) -> None:
    from jwtinspector.core.extract import find_tokens

    text = f"{_ISSUANCE}{gap}{_OTHER}"

    sd = read_pasted(text).sd

    assert sd is not None
    assert sd.text == _ISSUANCE
    assert sd.key_binding is None
    assert text[sd.start : sd.end] == _ISSUANCE
    others = [t for t in find_tokens(text) if t.start >= sd.end]
    assert [t.token for t in others] == [_OTHER]


def test_a_presentation_with_its_kb_jwt_then_another_token_keeps_the_kb_jwt() -> None:
    text = f"{_PRESENTATION}\n{_OTHER}"

    sd = read_pasted(text).sd

    assert sd is not None
    assert sd.text == _PRESENTATION
    assert sd.key_binding is not None
    assert sd.key_binding.token == _PRESENTATION.rsplit("~", 1)[1]


def test_two_sd_jwts_on_two_lines_are_read_apart() -> None:
    sd = read_pasted(f"{_ISSUANCE}\n{_PRESENTATION}").sd

    assert sd is not None
    assert sd.text == _ISSUANCE


@pytest.mark.parametrize("where", ["before the KB-JWT", "inside the KB-JWT"])
def test_a_kb_jwt_wrapped_over_lines_stays_part_of_its_sd_jwt(where: str) -> None:
    cut = _PRESENTATION.rindex("~") + 1 + (0 if where == "before the KB-JWT" else 25)
    text = f"{_PRESENTATION[:cut]}\n  {_PRESENTATION[cut:]}"

    sd = read_pasted(text).sd

    assert sd is not None
    assert sd.text == _PRESENTATION
    assert sd.key_binding is not None
