"""Tests for export helpers: bearer header, curl, date actions, kid and JWKS."""

from __future__ import annotations

import json
import shlex

import jwt
import pytest

from jwtinspector.core.errors import KeyMaterialError, UsageError
from jwtinspector.core.export import (
    DATE_OFFSETS,
    apply_offset,
    bearer_header,
    curl_command,
    date_offsets,
    jwk_for,
    jwks_for,
    kid_from_thumbprint,
)
from jwtinspector.core.keygen import key_for_algorithm
from jwtinspector.core.keys import KeyMaterial, KeySet, load_key, public_of
from jwtinspector.core.sign import sign_token

TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
    ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4iLCJpYXQiOjE1MTYyMzkwMjJ9"
    ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)
NOW = 1_700_000_000.5
BASE = 1_700_000_000
PRIVATE_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}
ASYMMETRIC = ("RS256", "ES256", "EdDSA")


@pytest.fixture(scope="module")
def keys() -> dict[str, KeyMaterial]:
    return {alg: key_for_algorithm(alg) for alg in ("HS256", *ASYMMETRIC)}


# --- bearer header and curl ---------------------------------------------------


def test_bearer_header() -> None:
    assert bearer_header(TOKEN) == f"Authorization: Bearer {TOKEN}"
    assert bearer_header(f"  {TOKEN}\n") == f"Authorization: Bearer {TOKEN}"


def test_curl_command_default_url() -> None:
    command = curl_command(TOKEN)

    assert command == (
        f"curl -H 'Authorization: Bearer {TOKEN}' https://api.example.com/"
    )
    assert shlex.split(command) == [
        "curl", "-H", f"Authorization: Bearer {TOKEN}", "https://api.example.com/",
    ]  # fmt: skip


def test_curl_command_quotes_the_url() -> None:
    url = "https://api.example.com/items?a=1&b=$HOME;rm"

    command = curl_command(TOKEN, url)

    assert shlex.split(command)[-1] == url
    assert f"'{url}'" in command


@pytest.mark.parametrize("token", ["", "   ", "a b", "abc\ndef", "abc\x00"])
def test_unusable_tokens_are_refused(token: str) -> None:
    with pytest.raises(UsageError):
        bearer_header(token)
    with pytest.raises(UsageError):
        curl_command(token)


@pytest.mark.parametrize("url", ["", " ", "https://a b", "https://a\nb", "-o/tmp/x"])
def test_unusable_urls_are_refused(url: str) -> None:
    with pytest.raises(UsageError):
        curl_command(TOKEN, url)


def test_surrounding_whitespace_is_trimmed_from_the_url() -> None:
    assert curl_command(TOKEN, " https://a/\n").endswith(" https://a/")


# --- NumericDate quick actions ------------------------------------------------


def test_date_offsets() -> None:
    assert date_offsets() == (
        ("now", 0),
        ("+5 min", 300),
        ("+15 min", 900),
        ("+1 h", 3600),
        ("+24 h", 86400),
        ("+7 d", 604800),
        ("expired 1 min ago", -60),
    )
    assert date_offsets() is date_offsets()  # one immutable tuple


@pytest.mark.parametrize(("label", "seconds"), date_offsets())
def test_apply_offset_by_label(label: str, seconds: int) -> None:
    result = apply_offset(label, NOW)

    assert result == BASE + seconds
    assert type(result) is int


def test_apply_offset_label_ignores_case_and_spaces() -> None:
    assert apply_offset("  EXPIRED 1 min AGO ", NOW) == BASE - 60


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(0, BASE), (300, BASE + 300), (-60, BASE - 60), (0.5, BASE + 1), (1.25, BASE + 1)],
)
def test_apply_offset_by_seconds(seconds: float, expected: int) -> None:
    result = apply_offset(seconds, NOW)

    assert result == expected
    assert type(result) is int


def test_apply_offset_unknown_label_lists_the_labels() -> None:
    with pytest.raises(UsageError) as caught:
        apply_offset("+2 weeks", NOW)

    for label, _ in date_offsets():
        assert repr(label) in str(caught.value)


@pytest.mark.parametrize(
    ("value", "now"),
    [(float("nan"), NOW), (float("inf"), NOW), (True, NOW), (0, float("nan"))],
)
def test_apply_offset_refuses_non_numbers(value: float, now: float) -> None:
    with pytest.raises(UsageError):
        apply_offset(value, now)


# --- kid from thumbprint --------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "order"),
    [
        ({"alg": "ES256", "typ": "JWT"}, ["alg", "typ", "kid"]),
        ({"alg": "ES256", "typ": "JWT", "cty": "x"}, ["alg", "typ", "kid", "cty"]),
        ({"typ": "JWT", "alg": "ES256", "x": 1}, ["typ", "alg", "kid", "x"]),
        ({"alg": "ES256", "x": 1}, ["alg", "kid", "x"]),
        ({"x": 1}, ["kid", "x"]),
        ({}, ["kid"]),
        ({"alg": "ES256", "kid": "old", "typ": "JWT"}, ["alg", "kid", "typ"]),
    ],
)
def test_kid_from_thumbprint_order(
    keys: dict[str, KeyMaterial], header: dict[str, object], order: list[str]
) -> None:
    original = dict(header)

    result = kid_from_thumbprint(header, keys["ES256"])

    assert list(result) == order
    assert result["kid"] == keys["ES256"].thumbprint
    assert header == original  # a copy: the input is untouched
    assert {k: v for k, v in result.items() if k != "kid"} == {
        k: v for k, v in header.items() if k != "kid"
    }


@pytest.mark.parametrize("alg", ASYMMETRIC)
def test_kid_matches_the_published_jwks(keys: dict[str, KeyMaterial], alg: str) -> None:
    key = keys[alg]
    header = kid_from_thumbprint({"alg": alg, "typ": "JWT"}, key)
    token = sign_token(header, {"sub": "user-123"}, key)

    jwk_set = jwt.PyJWKSet.from_dict(jwks_for(key))
    signing_key = next(k for k in jwk_set.keys if k.key_id == header["kid"])

    assert jwt.decode(token, signing_key, algorithms=[alg]) == {"sub": "user-123"}


# --- JWKS ---------------------------------------------------------------------


@pytest.mark.parametrize("alg", ASYMMETRIC)
def test_jwks_is_public_with_thumbprint_kid(
    keys: dict[str, KeyMaterial], alg: str
) -> None:
    key = keys[alg]
    assert key.is_private

    jwks = jwks_for(key)

    assert list(jwks) == ["keys"]
    assert len(jwks["keys"]) == 1
    jwk = jwks["keys"][0]
    assert jwk["kid"] == key.thumbprint
    assert jwk["use"] == "sig"
    # An RSA key fits RS* and PS*, so it is not bound to one algorithm.
    assert jwk.get("alg") == (None if alg == "RS256" else alg)
    assert not PRIVATE_MEMBERS & set(jwk)
    assert jwks == jwks_for(public_of(key))
    loaded = load_key(json.dumps(jwks))
    assert isinstance(loaded, KeySet)
    assert [k.thumbprint for k in loaded.keys] == [key.thumbprint]
    assert not loaded.keys[0].is_private


def test_jwks_kid_is_the_thumbprint_even_when_the_key_has_a_kid(
    keys: dict[str, KeyMaterial],
) -> None:
    own = load_key(
        json.dumps({**jwks_for(keys["ES256"])["keys"][0], "kid": "my-own-kid"})
    )
    assert isinstance(own, KeyMaterial)
    assert own.kid == "my-own-kid"

    assert jwks_for(own)["keys"][0]["kid"] == keys["ES256"].thumbprint


def test_jwks_refuses_an_hmac_secret(keys: dict[str, KeyMaterial]) -> None:
    with pytest.raises(KeyMaterialError, match="secret"):
        jwks_for(keys["HS256"])


def test_jwk_kid_is_the_thumbprint_even_when_the_key_has_a_kid(
    keys: dict[str, KeyMaterial],
) -> None:
    own = load_key(json.dumps({**jwk_for(keys["RS256"]), "kid": "my-key-1"}))
    assert isinstance(own, KeyMaterial)

    jwk = jwk_for(own)

    assert jwk["kid"] == keys["RS256"].thumbprint
    assert jwk == jwks_for(own)["keys"][0]
    assert not PRIVATE_MEMBERS & set(jwk_for(keys["ES256"]))


def test_jwk_for_refuses_an_hmac_secret(keys: dict[str, KeyMaterial]) -> None:
    with pytest.raises(KeyMaterialError, match="secret"):
        jwk_for(keys["HS256"])


def test_plus_24_h_is_a_day_from_now() -> None:
    assert ("+24 h", 86400) in DATE_OFFSETS
    assert DATE_OFFSETS is date_offsets()
    assert apply_offset("+24 h", NOW) == BASE + 86400
