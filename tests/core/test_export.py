"""Tests for export helpers: bearer header, curl, date actions, kid and JWKS."""

from __future__ import annotations

import json
import shlex

import jwt
import pytest

from jwtinspector.core.errors import KeyMaterialError, UsageError
from jwtinspector.core.export import (
    bearer_header,
    curl_command,
    jwk_for,
    jwks_for,
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


@pytest.mark.parametrize("alg", ASYMMETRIC)
def test_kid_matches_the_published_jwks(keys: dict[str, KeyMaterial], alg: str) -> None:
    key = keys[alg]
    header = {"alg": alg, "typ": "JWT", "kid": key.thumbprint}
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
    # An RSA key fits RS* and PS*, an Ed25519 key EdDSA and Ed25519
    # (RFC 9864), so neither is bound to one algorithm.
    assert jwk.get("alg") == (None if alg in ("RS256", "EdDSA") else alg)
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
