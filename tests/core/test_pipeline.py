"""The one verification pipeline: issuer binding (also through the JWKS
fallback), the user's expected issuer, the algorithm from the key, alg none."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
from collections.abc import Iterator
from typing import Any

import pytest
from loopback import LoopbackServer, serving
from strict_decoding import parse_token

from jwtinspector.core.fetch import JwksCache, KeySource
from jwtinspector.core.keygen import generate_rsa
from jwtinspector.core.keys import KeyMaterial, KeySet, load_key, to_jwk
from jwtinspector.core.pipeline import (
    KeysInUse,
    claim_checks,
    fetch_keys,
    verdict,
    verify_with_source,
)
from jwtinspector.core.sign import sign_token
from jwtinspector.core.token import DecodedToken
from jwtinspector.core.verify import SignatureStatus, VerifyOptions

NOW = 2_000_000_000.0
ISSUER = "https://id.example.com/"
OTHER = "https://other.example/"


@pytest.fixture(scope="module")
def rsa() -> KeyMaterial:
    return generate_rsa()


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with serving() as running:
        yield running


def _token(key: KeyMaterial | None, iss: str, alg: str = "RS256") -> DecodedToken:
    claims = {"iss": iss, "sub": "alice", "iat": NOW - 10, "exp": NOW + 3600}
    return parse_token(
        sign_token({"kid": "k1"}, claims, key, alg=alg, allow_none=key is None)
    )


def _key_set(key: KeyMaterial) -> KeySet:
    loaded = load_key(json.dumps({"keys": [{**to_jwk(key), "kid": "k1"}]}))
    assert isinstance(loaded, KeySet)
    return loaded


def _fetched(key: KeyMaterial, source: KeySource) -> KeysInUse:
    return KeysInUse(_key_set(key), (f"fetched from {source.url}",), source=source)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# --- issuer binding ---------------------------------------------------------------


def test_keys_fetched_for_an_issuer_verify_its_tokens(rsa: KeyMaterial) -> None:
    report = verdict(
        _token(rsa, ISSUER), _fetched(rsa, KeySource.issuer(ISSUER)), now=NOW
    )

    assert report.valid
    assert report.signature.status is SignatureStatus.VALID
    assert report.signature.key is not None
    assert report.signature.key.kid == "k1"  # which key verified
    assert report.signature.trace[0] == f"fetched from {ISSUER}"


def test_keys_fetched_for_an_issuer_do_not_vouch_for_another_issuers_token(
    rsa: KeyMaterial,
) -> None:
    keys = _fetched(rsa, KeySource.issuer(ISSUER))

    report = verdict(_token(rsa, OTHER), keys, now=NOW)

    assert not report.valid
    [problem] = report.problems
    assert problem.claim == "iss"
    assert problem.message.startswith(
        f'Wrong issuer: the keys were fetched for issuer "{ISSUER}", but this token '
        f'has iss "{OTHER}"'
    )
    assert report.signature.trace[0] == f"✗ {problem.message}"
    # The countdown's claim re-check keeps the same rule.
    assert [c.claim for c in claim_checks(_token(rsa, OTHER), keys, now=NOW)
            if c.failed] == ["iss"]  # fmt: skip


def test_keys_from_a_jwks_url_bind_to_no_issuer(rsa: KeyMaterial) -> None:
    keys = _fetched(rsa, KeySource.jwks("https://keys.example/jwks.json"))

    assert verdict(_token(rsa, OTHER), keys, now=NOW).valid


def test_the_users_expected_issuer_applies_instead_of_the_source(
    rsa: KeyMaterial,
) -> None:
    keys = _fetched(rsa, KeySource.issuer(ISSUER))
    expect_other = VerifyOptions(issuer=OTHER)

    assert verdict(_token(rsa, OTHER), keys, now=NOW, options=expect_other).valid
    wrong = verdict(_token(rsa, ISSUER), keys, now=NOW, options=expect_other)
    assert not wrong.valid
    assert [c.claim for c in wrong.problems] == ["iss"]
    assert OTHER in wrong.problems[0].message
    assert "Wrong issuer: the keys were fetched" not in wrong.problems[0].message


def test_an_issuer_without_discovery_serving_a_jwks_keeps_the_binding(
    server: LoopbackServer, rsa: KeyMaterial
) -> None:
    issuer = server.url + "/tenant"
    server.json("/tenant", {"keys": [{**to_jwk(rsa), "kid": "k1"}]})
    cache = JwksCache()

    keys = fetch_keys(_token(rsa, issuer), KeySource.issuer(issuer), cache=cache)

    assert keys.source == KeySource.issuer(issuer)  # not a bare JWKS URL
    assert (
        f"{issuer} has no discovery document, but answers a key set itself: used "
        "as a JWKS URL (its keys still vouch only for this issuer's tokens)"
    ) in keys.trace
    right = verify_with_source(
        _token(rsa, issuer), KeySource.issuer(issuer), cache=cache, now=NOW
    )
    assert right.valid
    foreign = verify_with_source(
        _token(rsa, OTHER), KeySource.issuer(issuer), cache=cache, now=NOW
    )
    assert not foreign.valid
    assert foreign.problems[0].message.startswith(
        f'Wrong issuer: the keys were fetched for issuer "{issuer}"'
    )


def test_an_issuer_that_serves_neither_reports_the_discovery_failure(
    server: LoopbackServer, rsa: KeyMaterial
) -> None:
    from jwtinspector.core.fetch import FetchError

    issuer = server.url + "/nothing"
    with pytest.raises(FetchError) as caught:
        fetch_keys(_token(rsa, issuer), KeySource.issuer(issuer), cache=JwksCache())

    assert caught.value.kind == "no_discovery"


# --- the algorithm comes from the key or the user ---------------------------------


def test_an_hmac_token_signed_with_the_public_key_is_not_verified(
    rsa: KeyMaterial,
) -> None:
    from jwtinspector.core.keys import to_public_pem

    public = load_key(to_public_pem(rsa))
    assert isinstance(public, KeyMaterial)
    header = _b64(json.dumps({"alg": "HS256", "kid": "k1"}).encode())
    payload = _b64(json.dumps({"iss": ISSUER, "exp": NOW + 60}).encode())
    signing_input = f"{header}.{payload}".encode()
    forged = hmac.new(to_public_pem(rsa).encode(), signing_input, hashlib.sha256)
    token = parse_token(f"{header}.{payload}.{_b64(forged.digest())}")

    for keys in (KeysInUse(public), _fetched(rsa, KeySource.issuer(ISSUER))):
        report = verdict(token, keys, now=NOW)
        assert report.signature.status is not SignatureStatus.VALID
        assert not report.valid


def test_an_algorithm_the_user_did_not_allow_is_not_verified(
    rsa: KeyMaterial,
) -> None:
    token = _token(rsa, ISSUER, alg="RS512")

    allowed = verdict(token, KeysInUse(rsa), now=NOW)
    refused = verdict(
        token, KeysInUse(rsa), now=NOW, options=VerifyOptions(algorithms=("RS256",))
    )

    assert allowed.valid
    assert refused.signature.status is not SignatureStatus.VALID
    assert not refused.valid


def test_an_algorithm_not_allowed_fetches_nothing(
    server: LoopbackServer, rsa: KeyMaterial
) -> None:
    report = verify_with_source(
        _token(rsa, server.url, alg="RS512"),
        KeySource.jwks(server.url + "/keys"),
        cache=JwksCache(),
        now=NOW,
        options=VerifyOptions(algorithms=("RS256",)),
    )

    assert not report.valid
    assert server.log == []


# --- alg none ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "keys",
    [
        KeysInUse(),
        KeysInUse(load_key(json.dumps({"kty": "oct", "k": _b64(b"s" * 32)}))),
        KeysInUse(KeySet((), ()), ("fetched",), source=KeySource.issuer(ISSUER)),
    ],
    ids=["no key", "secret", "fetched"],
)
def test_alg_none_is_never_verified(keys: KeysInUse) -> None:
    report = verdict(_token(None, ISSUER, alg="none"), keys, now=NOW)

    assert report.signature.status is not SignatureStatus.VALID
    assert not report.valid


def test_alg_none_fetches_nothing(server: LoopbackServer) -> None:
    report = verify_with_source(
        _token(None, server.url, alg="none"),
        KeySource.issuer(server.url),
        cache=JwksCache(),
        now=NOW,
    )

    assert report.signature.status is SignatureStatus.CANNOT_CHECK
    assert not report.valid
    assert server.log == []


# --- the verdict ------------------------------------------------------------------


def test_the_verdict_is_immutable_and_carries_the_keys_warning(
    rsa: KeyMaterial,
) -> None:
    keys = KeysInUse(rsa, ("key of the header's x5c leaf",), "the token chose it")

    report = verdict(_token(rsa, ISSUER), keys, now=NOW)

    assert report.signature.warnings[-1] == "the token chose it"
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.signature = report.signature  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        keys.key = None  # type: ignore[misc]


def test_oidc_hashes_are_checked_when_given(rsa: KeyMaterial) -> None:
    claims: dict[str, Any] = {"iss": ISSUER, "exp": NOW + 60, "at_hash": "wrong"}
    token = parse_token(sign_token({}, claims, rsa, alg="RS256"))

    plain = verdict(token, KeysInUse(rsa), now=NOW)
    checked = verdict(token, KeysInUse(rsa), now=NOW, access_token="abc")

    assert plain.valid
    assert not checked.valid
    assert [c.claim for c in checked.problems] == ["at_hash"]
