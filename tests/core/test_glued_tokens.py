"""Two tokens pasted together are named as such, never decoded as a JWE."""

import base64
import json
import pathlib

import jwt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jwtinspector.core.extract import find_token, glued_starts, holds_whole_token
from jwtinspector.core.token import inspect_token


def glued_tokens(text: str) -> tuple[int, ...]:
    """Where in ``text`` a token starts that is glued to the one before it."""
    return glued_starts(find_token(text))


FIRST = jwt.encode({"sub": "first", "iat": 1}, "k" * 32, algorithm="HS256")
SECOND = jwt.encode({"sub": "second", "n": 2}, "s" * 48, algorithm="HS384")
VECTORS = json.loads(
    (pathlib.Path(__file__).parent.parent / "data" / "rfc_vectors.json").read_text()
)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


JWE = ".".join(
    [
        b64(json.dumps({"alg": "RSA-OAEP", "enc": "A256GCM"}).encode()),
        b64(b"\x01" * 256),
        b64(b"\x02" * 12),
        b64(b"eyJhbGciOiJub25lIn0 not a header" * 3),
        b64(b"\x03" * 16),
    ]
)


def test_two_signed_tokens_glued_are_named_with_where_the_second_starts():
    decoded = inspect_token(FIRST + SECOND)

    assert decoded.form == "malformed"
    assert not decoded.is_encrypted
    [error] = decoded.errors
    assert error.kind == "glued"
    assert error.offset == len(FIRST)
    assert error.headline == (
        "Two tokens are glued together here: the second starts at position "
        f"{len(FIRST) + 1}"
    )
    assert error.message.startswith(error.headline)
    assert error.advice.startswith("Keep one")
    assert "JWE" not in error.message
    assert "encrypted" not in error.message


def test_glued_tokens_gives_input_offsets():
    assert glued_tokens(FIRST + SECOND) == (len(FIRST),)


def test_tokens_on_lines_of_their_own_are_not_glued():
    # An ID token and its access token, one per line: the first is decoded.
    text = f'"{FIRST}\n{SECOND}"'
    assert glued_tokens(text) == ()
    assert find_token(text).token == FIRST
    assert not inspect_token(f"{FIRST}\n  {SECOND}\n").errors


def test_a_token_pasted_inside_another_is_found():
    text = FIRST[:50] + SECOND + FIRST[50:]

    assert glued_tokens(text) == (50,)
    assert inspect_token(text).errors[0].kind == "glued"


def test_three_tokens_glued_are_counted():
    text = FIRST + SECOND + FIRST.replace("first", "third")

    starts = glued_tokens(text)
    assert starts == (len(FIRST), len(FIRST) + len(SECOND))
    assert inspect_token(text).errors[0].headline.startswith("Three tokens")


def test_a_signed_token_glued_to_an_encrypted_one():
    text = FIRST + JWE

    assert glued_tokens(text) == (len(FIRST),)
    assert inspect_token(text).form == "malformed"


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_single_tokens_are_not_glued(name):
    token = VECTORS[name]["token"]
    assert glued_tokens(token) == ()


def test_a_real_jwe_stays_a_jwe_even_with_a_header_like_run_inside():
    decoded = inspect_token(JWE)

    assert glued_tokens(JWE) == ()
    assert decoded.form == "JWE"
    assert decoded.ok


def test_one_token_with_extra_parts_is_not_called_glued():
    decoded = inspect_token(FIRST + ".extra")

    assert glued_tokens(FIRST + ".extra") == ()
    assert decoded.errors[0].kind == "extra_parts"


@given(
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=4),
    st.dictionaries(st.text(max_size=8), st.text(max_size=20), max_size=4),
)
def test_any_two_signed_tokens_glued_are_found(one, two):
    first = jwt.encode(one, "a" * 32, algorithm="HS256")
    second = jwt.encode(two, "b" * 48, algorithm="HS384")

    assert glued_tokens(first) == ()
    assert glued_tokens(first + second) == (len(first),)


def test_a_whole_token_is_held_by_what_users_paste():
    assert holds_whole_token(FIRST)
    assert holds_whole_token(f"Authorization: Bearer {FIRST}")
    assert holds_whole_token(f"https://app.example/cb#id_token={FIRST}&state=1")
    assert holds_whole_token(JWE)
    assert not holds_whole_token(FIRST[:30])
    assert not holds_whole_token(FIRST.rsplit(".", 1)[0][:-2])
    assert not holds_whole_token("hello")
    assert not holds_whole_token("")


def test_hostile_input_stays_cheap():
    text = "eyJ" + ("eyJ" * 100_000) + "." * 5

    assert glued_tokens(text) == ()
