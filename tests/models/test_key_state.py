"""The key box's rules on their own: which key set aside is offered back, and
what a new token does to the box."""

from __future__ import annotations

import pytest

from jwtinspector.core.keygen import generate_ec
from jwtinspector.core.keys import load_key_input, to_public_pem
from jwtinspector.core.sign import sign_token
from jwtinspector.core.token import inspect_token
from jwtinspector.models.key_state import (
    ASIDE_LIMIT,
    AsideKey,
    KeyInputState,
    as_aside,
    fit_to_token,
    offer_kind,
    offered,
    set_aside,
    token_alg,
)

SECRET = "a-secret-the-user-typed-32-bytes"


@pytest.fixture(scope="module")
def ec_pem() -> str:
    return to_public_pem(generate_ec("P-256"))


def box(
    text: str, mode: str = "auto", sample: bool = False
) -> tuple[KeyInputState, object]:
    loaded = load_key_input(text, mode)
    return KeyInputState(text, mode, loaded.kind, sample), loaded.key


def aside_of(text: str, mode: str = "auto") -> AsideKey:
    state, key = box(text, mode)
    return AsideKey(text, mode, state.kind, key)


def test_the_algorithm_is_only_a_signature_algorithm():
    hs = inspect_token(
        sign_token({"alg": "HS256"}, {"sub": "a"}, load_key_input(SECRET).key)
    )
    unsigned = inspect_token("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.")

    assert token_alg(hs) == "HS256"
    assert token_alg(unsigned) == ""
    assert token_alg(None) == ""


def test_nothing_is_offered_while_the_box_holds_a_key_that_fits(ec_pem):
    secret = aside_of(SECRET)
    _, ec = box(ec_pem)

    assert offered((secret,), secret.key, "HS256") is None
    assert offered((secret,), ec, "ES256") is None
    assert offer_kind((secret,), ec, "ES256") == ""


def test_the_most_recent_key_that_fits_is_offered_else_the_most_recent(ec_pem):
    secret, ec = aside_of(SECRET), aside_of(ec_pem)

    assert offered((ec, secret), None, "HS256") is secret
    assert offered((ec, secret), None, "RS256") is ec  # none fits: the latest
    assert offered((secret, ec), None, "") is secret  # no signed token
    assert offer_kind((ec, secret), None, "HS256") == secret.kind
    assert offered((), None, "HS256") is None


def test_what_the_user_typed_is_set_aside_even_when_it_is_no_key():
    typed = KeyInputState("-----BEGIN PUB", "key", "")

    assert as_aside(typed, None, fetched=False) == (
        AsideKey("-----BEGIN PUB", "key", "text", None),
    )
    assert as_aside(KeyInputState("   "), None, fetched=False) == ()


def test_the_samples_secret_and_fetched_keys_are_never_set_aside():
    sample, key = box(SECRET, sample=True)
    mine, mine_key = box(SECRET)

    assert as_aside(sample, key, fetched=False) == ()
    assert as_aside(mine, mine_key, fetched=True) == ()
    assert as_aside(mine, mine_key, fetched=False)[0].kind == mine.kind


def test_setting_aside_keeps_the_latest_first_and_at_most_the_limit():
    keys = tuple(aside_of(f"{SECRET}-{n}") for n in range(ASIDE_LIMIT))
    new = aside_of("another-secret-of-thirty-two-b!!")

    after = set_aside(keys, (new,), keys[1])

    assert after == (new, keys[0], *keys[2:])
    assert len(set_aside(keys, (new,), None)) == ASIDE_LIMIT


def test_a_key_that_does_not_fit_a_new_token_is_set_aside_for_one_that_does(ec_pem):
    state, ec = box(ec_pem)
    secret = aside_of(SECRET)

    fit = fit_to_token(state, ec, (secret,), "HS256")

    assert fit is not None
    assert fit.box == KeyInputState(SECRET, "auto", secret.kind)
    assert [k.kind for k in fit.aside] == [state.kind]


def test_a_key_that_does_not_fit_leaves_an_empty_box_when_none_fits(ec_pem):
    state, ec = box(ec_pem)

    fit = fit_to_token(state, ec, (), "HS256")

    assert fit is not None
    assert fit.box == KeyInputState(mode="auto")
    assert fit.aside[0].text == ec_pem


def test_the_box_stays_when_its_key_fits_is_typed_or_is_for_this_token(ec_pem):
    state, ec = box(ec_pem)
    typing = KeyInputState("-----BEGIN", "key", "")

    assert fit_to_token(state, ec, (), "ES256") is None
    assert fit_to_token(typing, None, (aside_of(SECRET),), "HS256") is None
    assert fit_to_token(state, ec, (), "HS256", for_next_token=True) is None
    assert fit_to_token(state, ec, (), "") is None
    assert fit_to_token(KeyInputState(mode="fetch"), None, (), "RS256") is None


def test_the_samples_secret_goes_for_good():
    sample, key = box(SECRET, sample=True)

    fit = fit_to_token(sample, key, (), "HS256")

    assert fit is not None
    assert fit.box == KeyInputState(mode="auto")
    assert fit.aside == ()
