"""Key sources a tester can trust: no loopback from afar, and key rotation
with a cooldown that also follows a failed fetch and comes back for a kid
first seen inside it. The clock is passed in; the server is on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fake_clock import FakeClock
from loopback import LoopbackServer, serving
from strict_decoding import parse_token

from jwtinspector.core.keygen import generate_rsa
from jwtinspector.core.keys import KeyMaterial, to_jwk
from jwtinspector.core.remote import discovery
from jwtinspector.core.remote.cache import JwksCache
from jwtinspector.core.remote.discovery import discover
from jwtinspector.core.remote.errors import FetchError, FetchKind
from jwtinspector.core.remote.http import JsonDocument, fetch_json
from jwtinspector.core.remote.urls import KeySource, check_url, may_reach
from jwtinspector.core.sign import sign_token
from jwtinspector.core.token import DecodedToken

NOW = 2_000_000_000.0
REMOTE = "https://id.example.com"
RULE = (
    "plain http and loopback addresses are allowed only when the issuer (or the "
    "URL naming them) is itself a loopback URL"
)


@pytest.fixture(scope="module")
def rsa() -> KeyMaterial:
    return generate_rsa()


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with serving() as running:
        yield running


def _token(key: KeyMaterial, kid: str) -> DecodedToken:
    claims = {"sub": "alice", "iat": NOW - 10, "exp": NOW + 3600}
    return parse_token(sign_token({"kid": kid}, claims, key, alg="RS256"))


def _serving_discovery(
    monkeypatch: pytest.MonkeyPatch, issuer: str, jwks_uri: str
) -> None:
    """The issuer's discovery document, as its server would answer it."""

    def answer(url: str, **_options: Any) -> JsonDocument:
        data = {"issuer": issuer, "jwks_uri": jwks_uri}
        return JsonDocument(url, url, data, None, 100)

    monkeypatch.setattr(discovery, "fetch_json", answer)


# --- no loopback from afar -----------------------------------------------------------


@pytest.mark.parametrize(
    "jwks_uri",
    [
        "http://127.0.0.1:8080/keys",
        "http://localhost/keys",
        "http://[::1]:9000/keys",
        "https://127.0.0.1/keys",
        "https://localhost./keys",
    ],
)
def test_a_remote_issuer_cannot_point_its_jwks_uri_at_loopback(
    monkeypatch: pytest.MonkeyPatch, jwks_uri: str
) -> None:
    _serving_discovery(monkeypatch, REMOTE, jwks_uri)

    with pytest.raises(FetchError) as caught:
        discover(REMOTE)

    assert caught.value.kind is FetchKind.INSECURE
    message = str(caught.value)
    assert message.startswith(f"refused {jwks_uri}: it was named by {REMOTE}, ")
    assert RULE in message


def test_a_remote_issuers_plain_http_jwks_uri_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _serving_discovery(monkeypatch, REMOTE, "http://keys.example.com/jwks")

    with pytest.raises(FetchError) as caught:
        discover(REMOTE)

    assert caught.value.kind is FetchKind.INSECURE
    assert "https is required" in str(caught.value)


@pytest.mark.parametrize(
    "issuer", ["http://127.0.0.1:8080", "https://localhost:8443/realm", "http://[::1]"]
)
def test_a_loopback_issuer_may_name_a_plain_http_loopback_jwks_uri(
    monkeypatch: pytest.MonkeyPatch, issuer: str
) -> None:
    _serving_discovery(monkeypatch, issuer, "http://127.0.0.1:9/keys")

    assert discover(issuer).jwks_uri == "http://127.0.0.1:9/keys"


def test_a_url_named_from_afar_is_not_requested_at_all(server: LoopbackServer) -> None:
    server.json("/keys", {"keys": []})

    with pytest.raises(FetchError) as caught:
        fetch_json(server.url + "/keys", named_by=REMOTE)

    assert caught.value.kind is FetchKind.INSECURE
    assert server.log == []  # refused before connecting
    assert fetch_json(server.url + "/keys", named_by=server.url).data == {"keys": []}


def test_one_rule_decides_urls_and_resolved_addresses() -> None:
    # The user's own URL may reach loopback; one a remote server named may not,
    # even over https or through a name that resolves to loopback.
    check_url("http://127.0.0.1/keys")
    check_url("https://localhost/keys", named_by="http://127.0.0.1:1")
    assert may_reach("127.0.0.1", secure=True, named_by=None)
    assert may_reach("::1", secure=False, named_by="http://localhost:8080")
    assert not may_reach("127.0.0.1", secure=True, named_by=REMOTE)
    assert not may_reach("10.0.0.1", secure=False, named_by=None)
    assert may_reach("93.184.216.34", secure=True, named_by=REMOTE)


# --- key rotation and its cooldown --------------------------------------------------


def test_a_kid_first_seen_inside_the_cooldown_is_fetched_once_it_is_over(
    server: LoopbackServer, rsa: KeyMaterial
) -> None:
    other = generate_rsa()
    server.json("/keys", {"keys": [{**to_jwk(rsa), "kid": "a"}]})
    clock = FakeClock(NOW)
    cache = JwksCache(clock=clock)
    source = KeySource.jwks(server.url + "/keys")
    cache.resolve(_token(rsa, "a"), source)
    server.json("/keys", {"keys": [{**to_jwk(other), "kid": "b"}]})  # rotated

    clock.advance(5)
    _keys, early = cache.resolve(_token(other, "b"), source)

    assert server.count("/keys") == 1  # inside the cooldown: not fetched
    assert any("not fetched again" in line for line in early)
    assert cache.rotation_wait(source, "b") == 25.0
    assert cache.rotation_wait(source, "a") is None  # no fetch was put off for it

    clock.advance(25)
    assert cache.rotation_wait(source, "b") == 0.0
    keys, later = cache.resolve(_token(other, "b"), source)

    assert server.count("/keys") == 2  # once the cooldown is over
    assert [key.kid for key in keys.keys] == ["b"]
    assert 'kid "b" is not in the cached set: fetched again once' in later
    assert cache.rotation_wait(source, "b") is None  # done


def test_the_cooldown_also_follows_a_failed_fetch(
    server: LoopbackServer, rsa: KeyMaterial
) -> None:
    server.json("/keys", {"keys": [{**to_jwk(rsa), "kid": "a"}]})
    clock = FakeClock(NOW)
    cache = JwksCache(clock=clock)
    source = KeySource.jwks(server.url + "/keys")
    cache.resolve(_token(rsa, "a"), source)
    del server.routes["/keys"]  # the set is gone for a while: HTTP 404

    clock.advance(60)
    _keys, failed = cache.resolve(_token(rsa, "x"), source)
    assert server.count("/keys") == 2
    assert failed[-1].endswith("HTTP 404 Not Found: kept the cached set")

    # Other new kids right after the failure: no request, each time.
    for kid in ("y", "z", "y"):
        clock.advance(5)
        _keys, trace = cache.resolve(_token(rsa, kid), source)
        assert any("last tried (it failed)" in line for line in trace), trace
    assert server.count("/keys") == 2

    clock.advance(16)  # 31 s after the failed try
    cache.resolve(_token(rsa, "y"), source)
    assert server.count("/keys") == 3
