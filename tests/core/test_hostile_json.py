"""Hostile JSON inside a token: warnings of one kind are grouped into one, with
a count and the first place, and nesting past the limit is refused by depth."""

from __future__ import annotations

import time

import pytest

from jwtinspector.core.errors import Problem
from jwtinspector.core.forms import read_pasted
from jwtinspector.core.json_scan import (
    first_number,
    first_repeated_member,
    nesting_depth,
)
from jwtinspector.core.limits import MAX_JSON_DEPTH
from jwtinspector.core.text import b64url_encode
from jwtinspector.core.token import inspect_token

HEADER = b'{"alg":"HS256","typ":"JWT"}'


def token(payload: bytes, header: bytes = HEADER) -> str:
    return f"{b64url_encode(header)}.{b64url_encode(payload)}.c2ln"


def test_many_repeated_member_names_make_one_warning_with_count_and_place():
    members = ",".join(f'"m{i}":0,"m{i}":1' for i in range(500))
    decoded = inspect_token(token(("{\n" + members + "}").encode()))

    (warning,) = decoded.warnings
    assert warning.kind is Problem.DUPLICATE
    assert warning.segment == "payload"
    assert warning.count == 500
    assert warning.reason.startswith(
        '500 member names appear more than once (first: "m0", again at line 2, '
        "column 8); the last value of each is shown"
    )
    # The data behind the audit keeps every name.
    assert len(decoded.duplicates) == 500
    assert decoded.payload["m499"] == 1


def test_one_repeated_name_says_where_it_repeats():
    decoded = inspect_token(token(b'{"a":1,"b":{"a":2},"a":3}'))

    (warning,) = decoded.warnings
    assert warning.reason.startswith(
        'the member "a" appears more than once (again at line 1, column 20); '
        "the last value is shown"
    )


def test_a_name_repeated_in_many_objects_is_one_name():
    decoded = inspect_token(token(b"[" + b",".join([b'{"a":0,"a":1}'] * 300) + b"]"))

    duplicates = [w for w in decoded.warnings if w.kind is Problem.DUPLICATE]
    assert len(duplicates) == 1
    assert duplicates[0].reason.startswith('the member "a" appears more than once')


def test_many_infinite_numbers_make_one_warning_with_count_and_place():
    decoded = inspect_token(token(b'{"n":[' + b",".join([b"9e999"] * 400) + b"]}"))

    (warning,) = decoded.warnings
    assert warning.kind is Problem.NUMBER_RANGE
    assert warning.count == 400
    assert warning.reason == (
        "400 numbers are beyond the range of a 64-bit float, which most JWT "
        "libraries use (RFC 8259 §6); the first, 9e999, is at line 1, column 7"
    )


def test_an_infinite_number_written_in_a_string_first_is_not_its_place():
    decoded = inspect_token(token(b'{"s":"9e999","n":9e999}'))

    (warning,) = decoded.warnings
    assert warning.reason.endswith("; it is at line 1, column 18")


def test_header_and_payload_each_get_their_own_group():
    header = b'{"alg":"HS256","alg":"HS256","typ":"JWT","typ":"JWT"}'
    decoded = inspect_token(token(b'{"x":1,"x":2}', header))

    assert [(w.segment, w.count) for w in decoded.warnings] == [
        ("header", 2),
        ("payload", 1),
    ]


@pytest.mark.parametrize(
    ("payload", "depth"),
    [
        (b"[" * 20_000, 20_000),
        (b'{"a":' * 5_000, 5_000),
        (b"[" * 200 + b"]" * 200, 200),
        (b'["[[[[",' + b"[" * 129 + b"]" * 130, 130),
    ],
    ids=["unclosed", "objects", "balanced", "brackets-in-strings"],
)
def test_nesting_past_the_limit_is_refused_naming_depth_and_segment(payload, depth):
    decoded = inspect_token(token(payload))

    (error,) = decoded.errors
    assert error.kind is Problem.TOO_DEEP
    assert error.segment == "payload"
    assert error.reason == (
        f"the JSON is nested {depth:,} levels deep; at most {MAX_JSON_DEPTH} are read"
    )
    assert error.message.startswith("The payload is nested too deeply to read")


def test_nesting_at_the_limit_is_read():
    deepest = b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH

    decoded = inspect_token(token(deepest))

    assert decoded.ok


def test_a_deep_header_is_refused_too():
    decoded = inspect_token(token(b"{}", b'{"a":' + b"[" * 300 + b"]" * 300 + b"}"))

    assert decoded.errors[0].segment == "header"
    assert "nested 301 levels deep" in decoded.errors[0].reason


def test_json_serialization_groups_repeated_names_too():
    members = ",".join(['"x":1'] * 3 + ['"y":1', '"y":2'])
    text = (
        '{"payload":"e30","protected":"eyJhbGciOiJIUzI1NiJ9",'
        f'"signature":"c2ln",{members}}}'
    )

    pasted = read_pasted(text)

    warnings = [w for w in pasted.json.warnings if w.kind is Problem.DUPLICATE]
    assert len(warnings) == 1
    again = text.index('"x"', text.index('"x"') + 1) + 1
    assert warnings[0].reason.startswith(
        '2 member names appear more than once (first: "x", again at line 1, '
        f"column {again}); the last value of each is used"
    )


def test_scans_agree_with_the_json_they_read():
    text = '{"a":"\\"a\\":","b":{"a":1},"c":[9e999,"9e999"],"a":2}'

    assert nesting_depth(text) == 2
    assert first_repeated_member(text) == ("a", text.rindex('"a"'))
    assert first_number(text, "9e999") == text.index("9e999")
    assert first_number('["9e999"]', "9e999") is None


def test_grouping_keeps_a_megabyte_of_repeats_fast():
    members = ",".join(f'"m{i}":0,"m{i}":1' for i in range(33_000))
    text = token(("{" + members + "}").encode())

    started = time.process_time()  # CPU time: other work on the machine is not ours
    decoded = inspect_token(text)
    elapsed = time.process_time() - started

    assert decoded.warnings[0].count == 33_000
    assert elapsed < 2.0  # a list membership test per name took 28-42 s


def test_lint_groups_many_repeated_names_in_one_finding():
    from jwtinspector.core.audit import audit

    members = ",".join(f'"m{i}":0,"m{i}":1' for i in range(200))
    decoded = inspect_token(token(("{" + members + "}").encode()))

    findings = [f for f in audit(decoded, now=0.0) if f.id == "JSON-DUP"]

    (finding,) = findings
    assert finding.title == '200 duplicate member names in the payload, first "m0"'
    assert "and 199 other names do too" in finding.explanation
    assert finding.claim == "m0"


@pytest.mark.parametrize(
    "payload",
    [
        b'{"s":"' + b"x" * 200_000 + b'"}',
        b'{"s":"' + b"\\u202e\\u0000\\ud800" * 5_000 + b'"}',
        b"{" + b",".join(b'"c%d":%d' % (i, i) for i in range(20_000)) + b"}",
    ],
    ids=["long-string", "odd-unicode", "many-claims"],
)
def test_long_strings_and_many_claims_decode_whole_without_warnings(payload):
    decoded = inspect_token(token(payload))

    assert decoded.ok
    assert decoded.warnings == ()
    assert decoded.payload is not None
    assert len(decoded.payload_bytes) == len(payload)
