"""The one bounded JSON reader behind every part that is not a compact
token's header or payload: deep nesting is refused with its depth before
parsing, repeated names and huge numbers are grouped into one warning each,
and every error names the part and its place."""

from __future__ import annotations

import base64
import json

import pytest

from jwtinspector.core.errors import KeyMaterialError, Problem, TokenFormatError
from jwtinspector.core.extract import header_algorithm
from jwtinspector.core.json_read import read_json
from jwtinspector.core.json_serialization import parse_json_serialization
from jwtinspector.core.jwe.nested import plaintext_json
from jwtinspector.core.keys import load_key
from jwtinspector.core.limits import MAX_JSON_DEPTH
from jwtinspector.core.sdjwt import ProblemKind, parse_sd_jwt

DEEP = "[" * 200 + "]" * 200  # over the 128 levels read


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_nesting_over_the_limit_is_refused_with_its_depth_and_part() -> None:
    with pytest.raises(TokenFormatError) as caught:
        read_json(DEEP, "disclosure 2")

    assert caught.value.kind is Problem.TOO_DEEP
    assert caught.value.segment == "disclosure 2"
    assert caught.value.reason == (
        f"the JSON is nested 200 levels deep; at most {MAX_JSON_DEPTH} are read"
    )


def test_nesting_at_the_limit_is_read() -> None:
    text = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH

    assert read_json(text, "payload").value == json.loads(text)


def test_a_syntax_error_names_line_and_column() -> None:
    with pytest.raises(TokenFormatError) as caught:
        read_json('{\n  "a": 1,\n  "b" 2}', "key file")

    assert caught.value.kind is Problem.BAD_JSON
    assert caught.value.reason == (
        "not valid JSON: Expecting ':' delimiter (line 3, column 7)"
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[NaN]", "not valid JSON: NaN is not a JSON value"),
        ("[" + "9" * 5000 + "]", "not valid JSON: a number of 5,000 digits is too"),
        (b"\xff[]", "not UTF-8: byte 0xff at byte 1 cannot be read"),
    ],
    ids=["nan", "long-number", "not-utf8"],
)
def test_what_json_cannot_hold_is_a_clear_error(text: str | bytes, reason: str) -> None:
    with pytest.raises(TokenFormatError) as caught:
        read_json(text, "plaintext")

    assert caught.value.reason.startswith(reason)
    assert caught.value.segment == "plaintext"


def test_many_repeated_names_are_one_grouped_warning_with_a_count() -> None:
    members = ", ".join(f'"m{i}": 1, "m{i}": 2' for i in range(500))

    read = read_json("{" + members + "}", "plaintext")

    assert read.value["m0"] == 2  # the last value is used
    assert len(read.warnings) == 1
    warning = read.warnings[0]
    assert warning.kind is Problem.DUPLICATE
    assert warning.count == 500
    assert warning.reason.startswith(
        '500 member names appear more than once (first: "m0", again at line 1, '
    )


def test_numbers_beyond_float_range_are_one_grouped_warning() -> None:
    read = read_json("[" + ", ".join(["9e999"] * 300) + "]", "answer")

    assert [w.kind for w in read.warnings] == [Problem.NUMBER_RANGE]
    assert read.warnings[0].count == 300


def test_a_deep_disclosure_is_refused_by_number_with_its_depth() -> None:
    header = b64(b'{"alg":"HS256"}')
    payload = b64(b'{"_sd":[]}')
    disclosure = b64(b"[" * 100_000)

    sd = parse_sd_jwt(f"{header}.{payload}.AAAA~e30~{disclosure}~")

    problems = {p.disclosure: p for p in sd.problems if p.disclosure is not None}
    assert problems[1].kind == ProblemKind.TOO_DEEP
    assert problems[1].message == (
        "Disclosure 2 cannot be read: the JSON is nested 100,000 levels deep; "
        "at most 128 are read."
    )
    assert problems[0].kind == ProblemKind.MALFORMED  # {} is no disclosure


def test_a_deep_jwks_is_a_key_error_naming_the_depth() -> None:
    with pytest.raises(KeyMaterialError) as caught:
        load_key('{"keys": ' + DEEP + "}")

    assert str(caught.value) == (
        "The key looks like JSON but is invalid: the JSON is nested 201 levels "
        "deep; at most 128 are read."
    )


def test_a_deep_jws_json_serialization_is_refused_with_its_depth() -> None:
    with pytest.raises(TokenFormatError) as caught:
        parse_json_serialization('{"payload": "e30", "signatures": ' + DEEP + "}")

    assert caught.value.kind is Problem.TOO_DEEP
    assert "nested 201 levels deep" in caught.value.reason


def test_a_deep_plaintext_is_shown_as_text_with_a_note() -> None:
    is_json, value, notes = plaintext_json(DEEP.encode())

    assert (is_json, value) == (False, None)
    assert notes == [
        "the plaintext is shown as text: the JSON is nested 200 levels deep; "
        "at most 128 are read"
    ]


def test_a_deep_header_in_a_list_of_tokens_has_no_algorithm() -> None:
    # 1,500 levels made C json raise RecursionError here.
    assert header_algorithm(b64(b"[" * 1500) + ".e30.AAAA") == ""


def test_a_grouped_warning_has_a_plural_headline() -> None:
    members = ", ".join(f'"m{i}": 1, "m{i}": 2' for i in range(1200))
    numbers = "[9e999, 1e400, 2e500]"

    [dups] = read_json("{" + members + "}", "payload").warnings
    [big] = read_json(numbers, "payload").warnings
    [one] = read_json('{"a": 1, "a": 2}', "payload").warnings

    assert dups.headline == "The payload repeats 1,200 member names"
    assert big.headline == "3 numbers in the payload are too large for most libraries"
    assert one.headline == "The payload names a member twice"


def test_an_edited_part_nested_too_deeply_is_refused_with_its_depth() -> None:
    from jwtinspector.core.craft import JsonEditError, parse_object, parse_value

    with pytest.raises(JsonEditError) as caught:
        parse_object('{"a": ' + DEEP + "}", "payload")

    assert str(caught.value) == (
        "payload: the JSON is nested 201 levels deep; at most 128 are read"
    )
    # A claim value typed in the table that JSON cannot hold stays the text.
    assert parse_value("[" * 2000) == "[" * 2000


def test_lint_flags_a_disclosure_nested_too_deeply_as_malformed() -> None:
    from jwtinspector.core.audit import audit
    from jwtinspector.core.forms import read_pasted

    header, payload = b64(b'{"alg":"HS256"}'), b64(b'{"_sd":[]}')
    pasted = read_pasted(f"{header}.{payload}.AAAA~{b64(DEEP.encode())}~")

    findings = audit(pasted.main, now=1_700_000_000.0, sd_jwt=pasted.sd)

    [malformed] = [f for f in findings if f.id == "SD-DISCLOSURE-MALFORMED"]
    assert malformed.title == (
        "Disclosure 1 cannot be read: the JSON is nested 200 levels deep; "
        "at most 128 are read"
    )
