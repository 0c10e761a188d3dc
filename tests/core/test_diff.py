"""core.diff: two tokens' headers and payloads compared, the signature aside."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jwtinspector.core.diff import (
    Change,
    diff_members,
    diff_tokens,
    lifetime,
    same_json,
)

HEADER = {"alg": "HS256", "typ": "JWT", "kid": "k1"}
PAYLOAD = {"sub": "alice", "iat": 1767225600, "exp": 1767229200, "email": "a@x"}


def test_identical_tokens_are_the_same() -> None:
    result = diff_tokens(
        (HEADER, PAYLOAD, b"sig"), (dict(HEADER), dict(PAYLOAD), b"sig")
    )

    assert result.same
    assert result.same_signature
    assert result.lifetimes == (3600.0, 3600.0)


def test_members_added_removed_and_changed_keep_the_tokens_order() -> None:
    second = {"sub": "alice", "role": "admin", "iat": 1767225600, "exp": 1767315600}

    result = diff_tokens((HEADER, PAYLOAD, b"a"), ({"alg": "RS256"}, second, b"b"))

    assert not result.same
    assert not result.same_signature
    assert result.payload.added == (("role", "admin"),)
    assert result.payload.removed == (("email", "a@x"),)
    assert result.payload.changed == (Change("exp", 1767229200, 1767315600),)
    assert result.payload.changed[0].seconds == 86400
    assert result.header.removed == (("typ", "JWT"), ("kid", "k1"))
    assert result.header.change("alg") == Change("alg", "HS256", "RS256")
    assert result.header.change("typ") is None
    assert result.lifetimes == (3600.0, 90000.0)


def test_only_a_different_signature_still_counts_as_the_same() -> None:
    result = diff_tokens((HEADER, PAYLOAD, b"one"), (HEADER, PAYLOAD, None))

    assert result.same
    assert not result.same_signature


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (True, 1, False),
        (False, 0, False),
        (1, 1.0, True),
        ({"a": 1, "b": [1, 2]}, {"b": [1, 2], "a": 1}, True),
        ([1, 2], [2, 1], False),
        ({"a": [True]}, {"a": [1]}, False),
        (None, 0, False),
        ("1", 1, False),
        ([], {}, False),
        ([1], [1, 1], False),
    ],
)
def test_values_are_compared_as_json(first: object, second: object, same: bool) -> None:
    assert same_json(first, second) is same
    assert diff_members({"v": first}, {"v": second}).same is same


def test_a_deeply_nested_value_does_not_exhaust_the_stack() -> None:
    deep: object = 1
    other: object = 2
    for _ in range(50_000):
        deep, other = [deep], [other]

    assert not same_json(deep, other)


def test_a_date_that_is_not_a_number_has_no_difference_in_seconds() -> None:
    assert Change("exp", "soon", 5).seconds is None
    assert Change("sub", 1, 5).seconds is None
    assert Change("nbf", 10, 5).seconds == -5


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"iat": 10, "exp": 70}, 60.0),
        ({"iat": 10}, None),
        ({"iat": True, "exp": 70}, None),
        ({"iat": "10", "exp": 70}, None),
    ],
)
def test_lifetime_is_exp_minus_iat_when_both_are_numbers(
    claims: dict[str, object], expected: float | None
) -> None:
    assert lifetime(claims) == expected


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=2), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=30)
@given(st.dictionaries(st.text(max_size=3), json_values, max_size=4), st.data())
def test_applying_the_diff_to_the_first_gives_the_second(
    first: dict[str, object], data: st.DataObject
) -> None:
    second = data.draw(st.dictionaries(st.text(max_size=3), json_values, max_size=4))

    part = diff_members(first, second)

    rebuilt = {k: v for k, v in first.items() if k not in dict(part.removed)}
    rebuilt.update({c.name: c.new for c in part.changed})
    rebuilt.update(dict(part.added))
    assert same_json(rebuilt, second)
    assert part.same is same_json(first, second)
