"""Fetching keys from a real HTTP server on loopback: discovery, JWKS, cache, limits."""

from __future__ import annotations

import base64
import dataclasses
import datetime
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from certificates import certificate
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from loopback import LoopbackServer, answer, serving
from strict_decoding import parse_token

from jwtinspector.core import certs, fetch
from jwtinspector.core.errors import UsageError
from jwtinspector.core.fetch import FetchError, JwksCache, KeySource
from jwtinspector.core.keygen import generate_ec, generate_rsa
from jwtinspector.core.keys import KeyMaterial, KeySet, load_key, to_jwk
from jwtinspector.core.sign import sign_token
from jwtinspector.core.token import DecodedToken
from jwtinspector.core.verify import SignatureStatus, VerifyOptions, verify

NOW = 2_000_000_000.0


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with serving() as running:
        yield running


@dataclasses.dataclass(frozen=True)
class Keys:
    a: KeyMaterial
    b: KeyMaterial
    ec: KeyMaterial


@pytest.fixture(scope="module")
def keys() -> Keys:
    return Keys(a=generate_rsa(), b=generate_rsa(), ec=generate_ec("P-256"))


def _jwk(key: KeyMaterial, kid: str, **members: Any) -> dict[str, Any]:
    return {**to_jwk(key), "kid": kid, **members}


def _token(
    key: KeyMaterial, iss: str, alg: str = "RS256", **header: Any
) -> DecodedToken:
    claims = {"iss": iss, "sub": "alice", "iat": NOW - 10, "exp": NOW + 3600}
    return parse_token(sign_token({"typ": "JWT", **header}, claims, key, alg=alg))


def _fetch_error(call: Callable[[], Any]) -> FetchError:
    with pytest.raises(FetchError) as caught:
        call()
    return caught.value


# --- discovery → jwks_uri → kid → verified -------------------------------------------


def test_issuer_discovery_selects_kid_and_verifies(
    server: LoopbackServer, keys: Keys
) -> None:
    server.discovery()
    server.json("/keys", {"keys": [_jwk(keys.b, "b"), _jwk(keys.a, "a", alg="RS256")]})
    token = _token(keys.a, server.url, kid="a")

    report = fetch.verify_with_source(
        token, KeySource.issuer(server.url), cache=JwksCache(), now=NOW
    )

    assert report.valid, report
    trace = report.signature.trace
    assert trace[0] == f"iss {server.url}"
    assert trace[1].startswith(
        f"OpenID Connect discovery document {server.url}/.well-known/"
        "openid-configuration (fetched now, issuer matches)"
    )
    assert trace[2] == f"jwks_uri {server.url}/keys"
    assert trace[3].startswith("2 keys, fetched now")
    assert trace[4] == 'kid "a" matches (RSA 2048, use sig, alg RS256)'
    assert trace[5] == "signature verified"
    assert [c.claim for c in report.claims if c.claim == "iss"] == ["iss"]


def test_jwks_url_source_verifies(server: LoopbackServer, keys: Keys) -> None:
    server.json("/keys", {"keys": [_jwk(keys.a, "a")]})
    token = _token(keys.a, "https://id.example.com/", kid="a")

    report = fetch.verify_with_source(
        token, KeySource.jwks(server.url + "/keys"), cache=JwksCache(), now=NOW
    )

    assert report.valid
    assert report.signature.trace[0] == f"JWKS URL {server.url}/keys"
    assert server.log == ["/keys"]


def test_token_iss_other_than_the_issuer_fails_the_iss_check(
    server: LoopbackServer, keys: Keys
) -> None:
    server.discovery()
    server.json("/keys", {"keys": [_jwk(keys.a, "a")]})
    token = _token(keys.a, "https://someone-else.example/", kid="a")

    report = fetch.verify_with_source(
        token, KeySource.issuer(server.url), cache=JwksCache(), now=NOW
    )

    # Another issuer's keys never make its signature "verified", even though
    # it was made with one of them.
    assert report.signature.status is SignatureStatus.CANNOT_CHECK
    assert report.signature.key is None
    assert report.signature.message == (
        f'Not verified: the keys belong to issuer "{server.url}", not to this '
        'token\'s issuer "https://someone-else.example/", so they cannot vouch '
        "for it (its signature does match one of them)."
    )
    assert not any("verified" in line.lower() for line in report.signature.trace[1:]), (
        report.signature.trace
    )
    assert not report.valid
    assert [c.claim for c in report.problems] == ["iss"]
    message = report.problems[0].message
    assert message.startswith(
        f'Wrong issuer: the keys were fetched for issuer "{server.url}", but this '
        'token has iss "https://someone-else.example/"'
    )
    assert "another issuer's keys" in message
    assert report.signature.trace[0] == f"✗ {message}"
    assert f"iss {server.url}" in report.signature.trace  # what was fetched


def test_the_users_own_expected_issuer_wins_over_the_source(
    server: LoopbackServer, keys: Keys
) -> None:
    server.discovery()
    server.json("/keys", {"keys": [_jwk(keys.a, "a")]})
    token = _token(keys.a, "https://someone-else.example/", kid="a")

    report = fetch.verify_with_source(
        token,
        KeySource.issuer(server.url),
        cache=JwksCache(),
        now=NOW,
        options=VerifyOptions(issuer="https://someone-else.example/"),
    )

    assert report.valid


def test_a_kid_the_set_lacks_is_never_verified_with_another_key(
    server: LoopbackServer, keys: Keys
) -> None:
    # Signed with the very key the set holds, but under another kid.
    server.json("/keys", {"keys": [_jwk(keys.a, "abc")]})
    token = _token(keys.a, "https://id.example.com/", kid="zzz")

    report = fetch.verify_with_source(
        token, KeySource.jwks(server.url + "/keys"), cache=JwksCache(), now=NOW
    )

    assert report.signature.status is SignatureStatus.CANNOT_CHECK
    assert report.signature.key is None
    assert report.signature.message.startswith(
        'No key in the set has kid "zzz" (the set has kid "abc")'
    )
    assert 'kid "abc": other kid' in report.signature.trace
    assert not any("verified" in line for line in report.signature.trace)


def test_a_key_file_and_a_url_give_the_same_selection_wording(
    server: LoopbackServer, keys: Keys
) -> None:
    jwks = {"keys": [_jwk(keys.b, "b"), _jwk(keys.a, "abc", alg="RS256")]}
    server.json("/keys", jwks)
    token = _token(keys.a, "https://id.example.com/", kid="abc")
    from_file = load_key(json.dumps(jwks))

    local = verify(token, from_file, now=NOW).signature.trace
    remote = fetch.verify_with_source(
        token, KeySource.jwks(server.url + "/keys"), cache=JwksCache(), now=NOW
    ).signature.trace

    assert local == (
        "2 keys",
        'kid "abc" matches (RSA 2048, use sig, alg RS256)',
        "signature verified",
    )
    assert remote[-2:] == local[-2:]
    assert remote[1].startswith("2 keys, fetched now")
    assert "2 keys" not in remote  # counted once


def test_rfc8414_metadata_when_there_is_no_openid_configuration(
    server: LoopbackServer, keys: Keys
) -> None:
    issuer = server.url + "/tenant"
    server.json(
        "/.well-known/oauth-authorization-server/tenant",
        {"issuer": issuer, "jwks_uri": server.url + "/keys"},
    )
    server.json("/keys", {"keys": [_jwk(keys.a, "a")]})

    report = fetch.verify_with_source(
        _token(keys.a, issuer, kid="a"),
        KeySource.issuer(issuer),
        cache=JwksCache(),
        now=NOW,
    )

    assert report.valid
    assert server.log[0] == "/tenant/.well-known/openid-configuration"
    assert any("HTTP 404" in line for line in report.signature.trace)
    assert any(line.startswith("RFC 8414 metadata") for line in report.signature.trace)


def test_no_key_fits_lists_every_key_and_why(
    server: LoopbackServer, keys: Keys
) -> None:
    server.json(
        "/keys",
        {"keys": [_jwk(keys.a, "a", use="enc"), _jwk(keys.ec, "e"), _jwk(keys.b, "b")]},
    )
    token = _token(keys.a, "https://id.example.com/", kid="a")

    report = fetch.verify_with_source(
        token, KeySource.jwks(server.url + "/keys"), cache=JwksCache(), now=NOW
    )

    assert report.signature.status is SignatureStatus.CANNOT_CHECK
    trace = report.signature.trace
    assert 'kid "a": use "enc"' in trace
    assert 'kid "e": other kid' in trace
    assert 'kid "b": other kid' in trace
    assert trace[-1].startswith("No key in the set fits")


def test_unsigned_token_is_reported_without_fetching(server: LoopbackServer) -> None:
    token = parse_token("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.")

    report = fetch.verify_with_source(
        token, KeySource.issuer(server.url), cache=JwksCache(), now=NOW
    )

    assert report.signature.status is SignatureStatus.CANNOT_CHECK
    assert server.log == []


# --- rotation and caching -------------------------------------------------------


def test_unknown_kid_refetches_exactly_once(server: LoopbackServer, keys: Keys) -> None:
    server.discovery()
    server.json("/keys", {"keys": [_jwk(keys.a, "a")]})
    cache = JwksCache()
    source = KeySource.issuer(server.url)
    first = fetch.verify_with_source(
        _token(keys.a, server.url, kid="a"), source, cache=cache, now=NOW
    )
    server.json("/keys", {"keys": [_jwk(keys.a, "a"), _jwk(keys.b, "b")]})  # rotated

    rotated = fetch.verify_with_source(
        _token(keys.b, server.url, kid="b"), source, cache=cache, now=NOW + 60
    )
    bogus = fetch.verify_with_source(
        _token(keys.b, server.url, kid="nope"), source, cache=cache, now=NOW + 70
    )

    assert first.valid
    assert rotated.valid
    assert 'kid "b" is not in the cached set: fetched again once' in (
        rotated.signature.trace
    )
    assert server.count("/keys") == 2  # the bogus kid came too soon after
    assert server.count("/.well-known/openid-configuration") == 1
    assert any("not fetched again" in line for line in bogus.signature.trace)


def test_kid_still_missing_after_the_refetch_is_not_fetched_again(
    server: LoopbackServer, keys: Keys
) -> None:
    server.json("/keys", {"keys": [_jwk(keys.a, "a")]})
    cache = JwksCache()
    url = server.url + "/keys"
    cache.get(url, NOW)

    key_set, trace = cache.resolve(
        _token(keys.a, "x", kid="gone"), KeySource.jwks(url), NOW + 120
    )

    assert server.count("/keys") == 2
    assert len(key_set.keys) == 1
    assert sum("fetched again" in line for line in trace) == 1


def test_cache_honours_max_age(server: LoopbackServer, keys: Keys) -> None:
    server.json(
        "/keys", {"keys": [_jwk(keys.a, "a")]}, Cache_Control="public, max-age=60"
    )
    cache = JwksCache()
    url = server.url + "/keys"

    first = cache.get(url, NOW)
    again = cache.get(url, NOW + 59)
    assert server.count("/keys") == 1
    later = cache.get(url, NOW + 61)
    assert server.count("/keys") == 2
    cache.refresh(url, NOW + 62)

    assert server.count("/keys") == 3
    assert (first.max_age, first.fetched_at) == (60.0, NOW)
    assert again is first
    assert later.fetched_at == NOW + 61
    assert cache.lookup(url) is not None
    assert cache.lookup(url).fetched_at == NOW + 62  # type: ignore[union-attr]
    assert "fetched 30 s ago, fresh for 30 s more" in first.describe(NOW + 30)


def test_no_store_is_never_reused(server: LoopbackServer, keys: Keys) -> None:
    server.json("/keys", {"keys": [_jwk(keys.a, "a")]}, Cache_Control="no-store")
    cache = JwksCache()

    cache.get(server.url + "/keys", NOW)
    cache.get(server.url + "/keys", NOW)

    assert server.count("/keys") == 2


def test_cache_uses_its_clock_without_now(server: LoopbackServer, keys: Keys) -> None:
    server.json("/keys", {"keys": [_jwk(keys.a, "a")]})
    cache = JwksCache(default_max_age=10, clock=lambda: NOW)

    entry = cache.get(server.url + "/keys")

    assert entry.fetched_at == NOW
    assert entry.expires_at == NOW + 10


@pytest.mark.parametrize(
    ("header", "lifetime"),
    [
        (None, None),
        ("max-age=300", 300.0),
        ('public, max-age="120", must-revalidate', 120.0),
        ("no-cache", 0.0),
        ("private, no-store, max-age=60", 0.0),
        ("max-age=soon", None),
    ],
)
def test_cache_lifetime(header: str | None, lifetime: float | None) -> None:
    assert fetch.cache_lifetime(header) == lifetime


# --- refusals --------------------------------------------------------------------


def test_issuer_mismatch_is_refused(server: LoopbackServer, keys: Keys) -> None:
    server.discovery(issuer="https://impostor.example/")
    server.json("/keys", {"keys": [_jwk(keys.a, "a")]})
    token = _token(keys.a, server.url, kid="a")

    err = _fetch_error(
        lambda: fetch.verify_with_source(
            token, KeySource.issuer(server.url), cache=JwksCache(), now=NOW
        )
    )

    assert err.kind == "issuer_mismatch"
    assert '"https://impostor.example/"' in str(err)
    assert "identical" in str(err)
    assert err.trace == (f"iss {server.url}",)
    assert server.count("/keys") == 0


def test_trailing_slash_makes_another_issuer(server: LoopbackServer) -> None:
    server.json(
        "/.well-known/openid-configuration",
        {"issuer": server.url, "jwks_uri": server.url + "/keys"},
    )

    err = _fetch_error(lambda: fetch.discover(server.url + "/"))

    assert err.kind == "issuer_mismatch"


def test_discovery_without_jwks_uri(server: LoopbackServer) -> None:
    server.json("/.well-known/openid-configuration", {"issuer": server.url})

    err = _fetch_error(lambda: fetch.discover(server.url))

    assert err.kind == "no_jwks_uri"
    assert "no jwks_uri" in str(err)


def test_no_discovery_document_at_all(server: LoopbackServer) -> None:
    err = _fetch_error(lambda: fetch.discover(server.url))

    assert err.kind == "no_discovery"
    assert str(err).count("HTTP 404") == 2


@pytest.mark.parametrize(
    ("document", "kind", "words"),
    [
        ({"keys": []}, "no_keys", "has no keys"),
        ({"kty": "RSA"}, "not_jwks", 'no "keys" member'),
        ({"keys": [{"kty": "RSA", "n": "AQAB"}]}, "no_keys", "no usable key"),
    ],
)
def test_unusable_key_sets(
    server: LoopbackServer, document: dict[str, Any], kind: str, words: str
) -> None:
    server.json("/keys", document)

    err = _fetch_error(lambda: JwksCache().get(server.url + "/keys", NOW))

    assert err.kind == kind
    assert words in str(err)


def test_stalled_server_times_out(server: LoopbackServer) -> None:
    server.routes["/keys"] = lambda handler: server.release.wait(10) and None
    start = time.monotonic()

    err = _fetch_error(lambda: fetch.fetch_json(server.url + "/keys", timeout=0.5))

    assert time.monotonic() - start < 1.5
    assert err.kind == "timeout"
    assert "timed out" in str(err)
    assert "within 0.5 s" in str(err)


def test_cancel_stops_a_stalled_fetch(server: LoopbackServer) -> None:
    server.routes["/keys"] = lambda handler: server.release.wait(10) and None
    cancel = threading.Event()
    timer = threading.Timer(0.2, cancel.set)
    timer.start()
    start = time.monotonic()
    try:
        err = _fetch_error(
            lambda: fetch.fetch_json(server.url + "/keys", timeout=10, cancel=cancel)
        )
    finally:
        timer.cancel()
        timer.join()

    assert time.monotonic() - start < 1.5
    assert err.kind == "cancelled"
    assert err.cancelled


def test_cancelled_before_start_sends_nothing(server: LoopbackServer) -> None:
    cancel = threading.Event()
    cancel.set()

    err = _fetch_error(lambda: fetch.fetch_json(server.url + "/keys", cancel=cancel))

    assert err.kind == "cancelled"
    assert server.log == []


def test_oversized_answer_is_refused_unread(server: LoopbackServer) -> None:
    server.routes["/big"] = answer(200, b"[" + b"1," * 5000 + b"1]", {})

    err = _fetch_error(lambda: fetch.fetch_json(server.url + "/big", max_bytes=1000))

    assert err.kind == "too_large"
    assert "10,003 bytes, more than the 1,000 bytes allowed" in str(err)


def test_endless_answer_stops_at_the_cap(server: LoopbackServer) -> None:
    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.end_headers()
        handler.close_connection = True
        try:
            while not server.release.is_set():
                handler.wfile.write(b" " * 65536)
        except OSError:
            return

    server.routes["/endless"] = endless

    err = _fetch_error(lambda: fetch.fetch_json(server.url + "/endless"))

    assert err.kind == "too_large"
    assert "larger than the 1 MiB allowed: stopped reading" in str(err)


def test_html_answer_is_not_json(server: LoopbackServer) -> None:
    def html(handler: BaseHTTPRequestHandler) -> None:
        body = b"<html><body>Sign in</body></html>"
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    server.routes["/login"] = html

    err = _fetch_error(lambda: fetch.fetch_json(server.url + "/login"))

    assert err.kind == "not_json"
    assert "not JSON (Content-Type text/html)" in str(err)


def test_json_list_is_not_an_object(server: LoopbackServer) -> None:
    server.json("/list", [1, 2])

    err = _fetch_error(lambda: fetch.fetch_json(server.url + "/list"))

    assert err.kind == "not_object"
    assert "(it is a list)" in str(err)


def test_http_error_status(server: LoopbackServer) -> None:
    err = _fetch_error(lambda: fetch.fetch_json(server.url + "/missing"))

    assert err.kind == "status"
    assert "HTTP 404" in str(err)


def test_redirect_within_loopback_is_followed(server: LoopbackServer) -> None:
    server.json("/new", {"ok": True})
    server.routes["/old"] = answer(301, b"", {"Location": "/new"})

    document = fetch.fetch_json(server.url + "/old")

    assert document.data == {"ok": True}
    assert document.final_url == server.url + "/new"


def test_redirect_to_plain_http_elsewhere_is_refused(server: LoopbackServer) -> None:
    server.routes["/old"] = answer(302, b"", {"Location": "http://example.com/keys"})

    err = _fetch_error(lambda: fetch.fetch_json(server.url + "/old"))

    assert err.kind == "insecure"


def test_plain_http_elsewhere_is_refused_without_connecting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket, "socket", no_network)

    err = _fetch_error(lambda: fetch.fetch_json("http://id.example.com/keys"))
    issuer_err = _fetch_error(lambda: fetch.discover("http://id.example.com"))

    assert err.kind == issuer_err.kind == "insecure"
    assert "https is required" in str(err)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("ftp://127.0.0.1/keys", "url"),
        ("", "url"),
        ("https://", "url"),
        ("https://user@127.0.0.1/keys", "url"),
        ("http://10.0.0.1/keys", "insecure"),
        ("http://127.0.0.1.example.com/keys", "insecure"),
    ],
)
def test_refused_urls(url: str, kind: str) -> None:
    assert _fetch_error(lambda: fetch.check_url(url)).kind == kind


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/k",
        "http://127.1.2.3/",
        "http://[::1]/",
        "http://LOCALHOST/",
    ],
)
def test_loopback_http_is_allowed(url: str) -> None:
    fetch.check_url(url)


def test_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    err = _fetch_error(lambda: fetch.fetch_json(f"http://127.0.0.1:{port}/keys"))

    assert err.kind == "refused"
    assert "connection refused" in str(err)


def test_tls_failure(server: LoopbackServer) -> None:
    https = server.url.replace("http://", "https://")

    err = _fetch_error(lambda: fetch.fetch_json(https + "/keys", timeout=2))

    assert err.kind == "tls"
    assert "TLS" in str(err)


def test_dns_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def unknown(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)

    err = _fetch_error(lambda: fetch.fetch_json("https://id.invalid/keys"))

    assert err.kind == "dns"
    assert "id.invalid could not be resolved" in str(err)


def test_discovery_urls() -> None:
    assert fetch.discovery_urls("https://id.example.com/tenant/") == (
        (
            "OpenID Connect discovery document",
            "https://id.example.com/tenant/.well-known/openid-configuration",
        ),
        (
            "RFC 8414 metadata",
            "https://id.example.com/.well-known/oauth-authorization-server/tenant",
        ),
    )


def test_remote_source() -> None:
    assert fetch.remote_source(issuer="https://a/") == KeySource.issuer("https://a/")
    assert fetch.remote_source(jwks="https://a/k") == KeySource.jwks("https://a/k")
    assert fetch.remote_source(jwks="keys.json") is None


# --- header key locations ------------------------------------------------------


def test_jku_and_x5u_are_never_fetched_automatically(
    server: LoopbackServer, keys: Keys
) -> None:
    server.discovery()
    server.json("/keys", {"keys": [_jwk(keys.a, "a")]})
    server.json("/attacker", {"keys": [_jwk(keys.b, "a")]})
    token = _token(
        keys.b,
        server.url,
        kid="a",
        jku=server.url + "/attacker",
        x5u=server.url + "/attacker.pem",
    )
    cache = JwksCache()

    report = fetch.verify_with_source(
        token, KeySource.issuer(server.url), cache=cache, now=NOW
    )
    cache.resolve(token, KeySource.jwks(server.url + "/keys"), NOW)

    assert report.signature.status is SignatureStatus.INVALID
    assert "/attacker" not in server.log
    assert "/attacker.pem" not in server.log
    assert any(
        line.startswith(f'header jku "{server.url}/attacker" not fetched')
        for line in report.signature.trace
    )


def test_jku_is_fetched_only_on_request_with_a_warning(
    server: LoopbackServer, keys: Keys
) -> None:
    server.json("/attacker", {"keys": [_jwk(keys.b, "a")]})
    token = _token(
        keys.b, "https://id.example.com/", kid="a", jku=server.url + "/attacker"
    )

    found = fetch.fetch_header_url(token, "jku", now=NOW)

    assert server.log == ["/attacker"]
    assert isinstance(found.keys, KeySet)
    assert "comes from the token itself" in found.warning
    assert "host 127.0.0.1 is not the issuer's host id.example.com" in found.trace


def test_x5u_serves_a_pem_chain(server: LoopbackServer) -> None:
    private = ec.generate_private_key(ec.SECP256R1())
    start = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    cert = certificate(private, "signer.example", start=start, days=365)
    pem = cert.public_bytes(serialization.Encoding.PEM)
    server.routes["/chain.pem"] = answer(200, pem, {})
    token = parse_token(
        sign_token(
            {"x5u": server.url + "/chain.pem"}, {"sub": "a"}, generate_ec(), alg="ES256"
        )
    )

    found = fetch.fetch_header_url(token, "x5u", now=NOW)

    assert isinstance(found.keys, KeyMaterial)
    assert found.keys.curve == "P-256"
    assert found.certificates[0].subject == "CN=signer.example"
    assert found.certificates[0].self_signed


def test_header_without_the_url() -> None:
    token = parse_token("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.")

    assert _fetch_error(lambda: fetch.fetch_header_url(token, now=NOW)).kind == "url"


def test_failed_rotation_refetch_keeps_the_cached_set(
    server: LoopbackServer, keys: Keys
) -> None:
    server.json("/keys", {"keys": [_jwk(keys.a, "a")]})
    cache = JwksCache()
    url = server.url + "/keys"
    cache.get(url, NOW)
    del server.routes["/keys"]

    key_set, trace = cache.resolve(
        _token(keys.a, "x", kid="new"), KeySource.jwks(url), NOW + 60
    )

    assert len(key_set.keys) == 1
    assert trace[-1].endswith("HTTP 404 Not Found: kept the cached set")


def test_algorithm_the_user_does_not_allow_fetches_nothing(
    server: LoopbackServer, keys: Keys
) -> None:
    token = _token(keys.a, server.url, kid="a")
    options = VerifyOptions(algorithms=("ES256",))

    report = fetch.verify_with_source(
        token, KeySource.issuer(server.url), cache=JwksCache(), now=NOW, options=options
    )

    assert report.signature.status is SignatureStatus.CANNOT_CHECK
    assert "you allow only ES256" in report.signature.message
    assert server.log == []


def test_the_token_iss_is_offered_as_a_source(keys: Keys) -> None:
    token = _token(keys.a, "https://id.example.com/")

    assert fetch.issuer_source(token) == KeySource.issuer("https://id.example.com/")
    assert fetch.issuer_source(_token(keys.a, "not a url")) is None


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), float("inf")])
def test_unusable_timeouts_are_refused(timeout: float) -> None:
    with pytest.raises(UsageError):
        JwksCache(timeout=timeout)


def test_non_ascii_path_is_escaped(server: LoopbackServer) -> None:
    server.json("/cl%C3%A9s%20sign", {"ok": True})

    assert fetch.fetch_json(server.url + "/clés sign").data == {"ok": True}


def test_invalid_host_name_is_refused() -> None:
    assert _fetch_error(lambda: fetch.check_url("https://a..b/keys")).kind == "url"


# --- a published key set holds no secret ---------------------------------------------


def test_fetched_oct_key_beside_public_keys_makes_the_set_ambiguous(
    keys: Keys,
) -> None:
    oct_jwk = {"kty": "oct", "k": "cHVibGlzaGVkLXNlY3JldC1vZi0zMi1ieXRlcyEhISE"}

    error = _fetch_error(
        lambda: fetch.key_set_of(
            {"keys": [_jwk(keys.a, "a"), oct_jwk]}, "https://issuer.test/jwks"
        )
    )

    assert error.kind == "ambiguous"
    assert "it mixes 1 key of type oct" in str(error)


def test_fetched_set_of_only_oct_keys_is_unusable() -> None:
    oct_jwk = {"kty": "oct", "k": "cHVibGlzaGVkLXNlY3JldC1vZi0zMi1ieXRlcyEhISE"}
    error = _fetch_error(
        lambda: fetch.key_set_of({"keys": [oct_jwk]}, "https://issuer.test/jwks")
    )
    assert error.kind == "no_keys"


# --- the certificates of a fetched key set -------------------------------------------


def _x5c(key: KeyMaterial, subject: str) -> list[str]:
    start = datetime.datetime(2033, 1, 1, tzinfo=datetime.UTC)  # NOW is in 2033
    der = certificate(key.key, subject, start=start, days=365).public_bytes(
        serialization.Encoding.DER
    )
    return [base64.b64encode(der).decode()]


def test_a_fetched_set_keeps_its_keys_certificates(
    server: LoopbackServer, keys: Keys
) -> None:
    served = [
        _jwk(keys.a, "a", x5c=_x5c(keys.a, "a.example")),
        _jwk(keys.ec, "d"),  # no certificate
        {k: v for k, v in to_jwk(keys.b).items() if k != "kid"}
        | {"x5c": _x5c(keys.ec, "b.example")},  # another key's certificate
        _jwk(keys.ec, "c"),  # no certificate
    ]
    server.json("/keys", {"keys": served})
    token = _token(keys.a, server.url, kid="a")

    key_set, _trace = JwksCache().resolve(
        token, KeySource.jwks(server.url + "/keys"), NOW
    )
    served[0]["x5c"] = ["changed after the fetch"]

    assert isinstance(key_set, fetch.FetchedKeySet)
    assert key_set.url == server.url + "/keys"
    assert [(c.position, c.kid) for c in key_set.certificates] == [(1, "a"), (3, None)]
    assert verify(token, key_set, now=NOW).valid
    lines = certs.key_set_certificate_lines(
        key_set.certificates, now=NOW, where="Fetched"
    )
    assert [line for line in lines if line.startswith("Fetched")] == [
        'Fetched (JWK kid "a"):',
        "Fetched (JWK key 3):",
    ]
    assert lines[1] == "leaf: CN=a.example (RSA 2048)"
    assert lines[2] == "issuer: CN=a.example (self-signed)"
    assert lines[3] == (
        "valid 2033-01-01 00:00:00 UTC to 2034-01-01 00:00:00 UTC: valid now"
    )
    assert "The JWK's key is the leaf's key." in lines
    assert "leaf: CN=b.example (EC P-256)" in lines
    assert lines[-1] == (
        "The JWK's key is not the leaf certificate's key, as it must be "
        "(RFC 7517 §4.7)."
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        key_set.certificates[0].jwk_json = "{}"  # type: ignore[misc]


def test_a_fetched_set_without_certificates_keeps_none(keys: Keys) -> None:
    loaded = fetch.key_set_of({"keys": [_jwk(keys.a, "a")]}, "https://issuer.test/k")

    assert isinstance(loaded, fetch.FetchedKeySet)
    assert loaded.certificates == ()
    assert loaded.url == "https://issuer.test/k"
