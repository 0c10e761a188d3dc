"""The token history's entries and file format: what is kept, how it is
searched, and a file that is not one is refused with its reason."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jwtinspector.core.keys import load_secret
from jwtinspector.core.saved_tokens import (
    FORMAT,
    HistoryFileError,
    SavedToken,
    dumps,
    loads,
    make_entry,
    suggested_label,
    verdict_words,
)
from jwtinspector.core.sign import sign_token
from jwtinspector.core.token import inspect_token as decode
from jwtinspector.core.verify import verify

NOW = 1_700_000_000.0
SECRET = load_secret("saved-tokens-test-secret-32-bytes")


def token_and_report(claims: dict, *, key=SECRET):
    text = sign_token({"alg": "HS256", "kid": "k7"}, claims, SECRET)
    token = decode(text)
    return text, token, verify(token, key, now=NOW)


def test_an_entry_holds_the_token_its_verdict_expiry_and_search_fields():
    claims = {"iss": "https://acme.test", "sub": "alice", "exp": int(NOW) + 60}
    text, token, report = token_and_report(claims)

    entry = make_entry("id1", text, token, report, label=" my  login ", saved=NOW)

    assert entry.token == text
    assert entry.label == "my login"
    assert (entry.verdict, entry.role) == ("verified", "good")
    assert entry.expires == NOW + 60
    assert (entry.alg, entry.kid, entry.iss, entry.sub) == (
        "HS256",
        "k7",
        "https://acme.test",
        "alice",
    )
    assert not entry.expired(NOW + 59)
    assert entry.expired(NOW + 60)


def test_the_verdict_words_follow_the_report():
    _, _, report = token_and_report({"exp": int(NOW) - 10})
    assert verdict_words(report) == ("verified; fails exp", "warn")
    other = load_secret("another-secret-32-bytes-long!!")
    _, _, report = token_and_report({}, key=other)
    assert verdict_words(report) == ("invalid signature", "bad")
    _, _, report = token_and_report({}, key=None)
    assert verdict_words(report) == ("not checked (no key)", "warn")
    assert verdict_words(None) == ("not verified", "warn")


def test_an_entry_without_exp_never_expires_and_odd_values_are_text():
    text, token, report = token_and_report({"exp": "tomorrow", "sub": {"id": 7}})
    entry = make_entry("id", text, token, report, label="", saved=NOW)
    assert entry.expires is None
    assert not entry.expired(1e12)
    assert entry.sub == '{"id": 7}'
    assert entry.label == "token"


def test_the_suggested_label_names_the_subject_and_issuer():
    _, token, _ = token_and_report({"iss": "acme", "sub": "alice"})
    assert (
        suggested_label(token, "2023-11-14 22:13") == "alice @ acme · 2023-11-14 22:13"
    )
    _, token, _ = token_and_report({})
    assert suggested_label(token, "now") == "HS256 · now"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("", True),
        ("ACME", True),
        ("acme alice", True),
        ("acme bob", False),
        ("iss:acme", True),
        ("sub:acme", False),
        ("kid:k7", True),
        ("alg:hs256", True),
        ("login", True),
        ("eyJ", False),  # the token text itself is not searched
    ],
)
def test_search_looks_in_label_iss_sub_kid_and_alg(query, found):
    entry = SavedToken(
        "id", "eyJx.eyJ.sig", "Login", "verified", "good", NOW,
        alg="HS256", kid="k7", iss="https://acme.test", sub="alice",
    )  # fmt: skip
    assert entry.matches(query) is found


def test_a_file_round_trips():
    entries = (
        SavedToken("a", "t.o.k", "one", "verified", "good", NOW, NOW + 5, "HS256"),
        SavedToken("b", "t.o.l", "two", "invalid signature", "bad", NOW, keychain=True),
    )
    text = dumps(entries)
    assert json.loads(text)["format"] == FORMAT
    assert loads(text) == entries


@given(
    st.lists(
        st.builds(
            SavedToken,
            id=st.uuids().map(lambda u: u.hex),
            token=st.text(min_size=1, max_size=30),
            label=st.text(max_size=20),
            verdict=st.text(max_size=10),
            role=st.sampled_from(["good", "bad", "warn"]),
            saved=st.floats(0, 4e9),
            expires=st.none() | st.floats(0, 4e9),
            keychain=st.booleans(),
        ),
        max_size=4,
        unique_by=lambda entry: entry.id,
    )
)
@settings(max_examples=15)
def test_any_entries_round_trip(entries):
    assert loads(dumps(entries)) == tuple(entries)


def test_any_text_is_written_as_ascii_and_read_back():
    entry = SavedToken("a", "tok\ud800én", "clé 🔑", "verified", "good", NOW)
    text = dumps([entry])
    assert text.isascii()
    assert loads(text) == (entry,)


def entry_file(**changes) -> str:
    entry = {"id": "a", "token": "t", "label": "l", "saved": NOW, **changes}
    return json.dumps({"format": FORMAT, "version": 1, "entries": [entry]})


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "it is not JSON"),
        ("{", "it is not JSON"),
        ("[]", "it is not a JWT Inspector token history"),
        ('{"format": "something else"}', "it is not a JWT Inspector token history"),
        (json.dumps({"format": FORMAT, "version": 9}), "it is version 9"),
        (json.dumps({"format": FORMAT, "version": 1, "entries": {}}), "not a list"),
        (entry_file(token=""), "entry 1 is incomplete"),
        (entry_file(saved="yesterday"), "entry 1 is incomplete"),
        (entry_file(expires=float("nan")), "entry 1 is incomplete"),
        (entry_file(label=5), "entry 1's label is not text"),
        (entry_file(secret="x"), "entry 1 is not an entry"),
        ("[" * 100_000, "it is not JSON"),
    ],
    ids=[
        "empty", "cut", "list", "other-format", "version", "entries-dict",
        "no-token", "bad-saved", "nan-expiry", "label-number", "unknown-field",
        "deep",
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_history_is_refused_with_its_reason(text, reason):
    with pytest.raises(HistoryFileError, match=reason):
        loads(text)


def test_two_entries_with_one_id_are_refused():
    entry = {"id": "a", "token": "t", "label": "l", "saved": NOW}
    text = json.dumps({"format": FORMAT, "version": 1, "entries": [entry, entry]})
    with pytest.raises(HistoryFileError, match="same id"):
        loads(text)
