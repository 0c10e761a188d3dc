"""base64url byte by byte: 4 characters line up with 3 bytes (RFC 4648 §4, §5)."""

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jwtinspector.core.b64view import segment_bytes, text_table, token_bytes
from jwtinspector.core.errors import UsageError
from jwtinspector.core.text import b64url_encode
from jwtinspector.core.token import inspect_token

RFC7515_HEADER = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"


def test_the_rfc_7515_header_lines_up_4_characters_with_3_bytes() -> None:
    view = segment_bytes("header", RFC7515_HEADER)
    assert view.length == 40
    assert view.byte_count == 30
    assert [g.chars for g in view.groups][:2] == ["eyJ0", "eXAi"]
    assert view.groups[0].data == b'{"t'
    assert view.groups[0].values == (30, 50, 9, 52)
    assert view.groups[0].bits == "011110 110010 001001 110100"
    assert view.groups[4].data == b",\r\n"  # the RFC's header has a line break
    assert view.groups[4].ascii == ",··"
    assert b"".join(g.data for g in view.groups) == (
        b'{"typ":"JWT",\r\n "alg":"HS256"}'
    )
    assert (view.padding, view.problem, view.more) == ("", "", 0)


def test_the_dash_and_underscore_show_the_standard_base64_characters() -> None:
    view = segment_bytes("signature", "-_8B")
    group = view.groups[0]
    assert group.swapped == (0, 1)
    assert group.standard == "+/8B"
    assert group.data == bytes.fromhex("fbff01")
    assert base64.b64decode(group.standard) == group.data
    assert view.swaps == 2
    assert "base64: +/8B" in text_table(view)


@pytest.mark.parametrize(
    ("data", "padding"),
    [(b"abc", ""), (b"ab", "="), (b"a", "==")],
    ids=["no-padding", "one-equals", "two-equals"],
)
def test_the_padding_left_out_is_shown(data: bytes, padding: str) -> None:
    text = b64url_encode(data)
    view = segment_bytes("payload", text)
    assert view.padding == padding
    assert view.groups[-1].padding == padding
    assert view.groups[-1].standard == base64.b64encode(data).decode()
    assert view.groups[-1].data == data
    assert view.groups[-1].unused_bits == {"": 0, "=": 2, "==": 4}[padding]
    table = text_table(view)
    if padding:
        assert f"'{padding}' left out" in table
    else:
        assert "none needed" in table


def test_unused_bits_that_are_set_are_named_with_the_canonical_spelling() -> None:
    view = segment_bytes("payload", "YR")  # "YQ" is b"a"
    assert view.groups[0].data == b"a"
    assert view.groups[0].unused_value == 1
    assert "ends in 'Q'" in view.problem
    assert "RFC 4648 §3.5" in view.problem


def test_a_standard_base64_character_is_named_with_its_base64url_twin() -> None:
    view = segment_bytes("payload", "ab+c")
    assert view.groups[0].values[2] is None
    assert view.groups[0].data == b""
    assert "'+'" in view.problem
    assert "writes '-'" in view.problem


def test_a_lone_last_character_is_not_a_byte() -> None:
    view = segment_bytes("payload", "abcde")
    assert "6 bits" in view.problem
    assert view.byte_count == 3


def test_a_long_segment_lists_only_the_first_groups() -> None:
    view = segment_bytes("payload", "A" * 300, limit=64)
    assert len(view.groups) == 64
    assert view.more == 11
    assert "… 11 more groups" in text_table(view)


def test_a_token_part_and_an_unencoded_payload() -> None:
    token = inspect_token(f"{RFC7515_HEADER}.e30.c2ln")
    assert token_bytes(token, "signature").groups[0].data == b"sig"
    unencoded = inspect_token(
        "eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19.$.02.abcd"
    )
    assert unencoded.unencoded
    with pytest.raises(UsageError, match="b64: false"):
        token_bytes(unencoded, "payload")
    with pytest.raises(UsageError, match="no encrypted_key"):
        token_bytes(token, "encrypted_key")


@settings(max_examples=30)
@given(st.binary(max_size=60))
def test_the_groups_decode_to_the_segment_bytes(data: bytes) -> None:
    view = segment_bytes("payload", b64url_encode(data))
    assert b"".join(g.data for g in view.groups) == data
    assert view.byte_count == len(data)
    assert view.problem == ""
