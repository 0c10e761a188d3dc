"""Text a token, a key or a server chose, fed through every fetch and certificate
message that shows it: a control or direction character comes out escaped."""

from __future__ import annotations

import base64
import datetime
import json
import re
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from certificates import certificate
from cryptography.hazmat.primitives import serialization
from loopback import LoopbackServer, serving
from strict_decoding import parse_token

from jwtinspector.core import certs
from jwtinspector.core.keygen import generate_ec, generate_rsa
from jwtinspector.core.keys import to_jwk
from jwtinspector.core.remote.cache import JwksCache
from jwtinspector.core.remote.discovery import discover
from jwtinspector.core.remote.errors import FetchError, FetchKind
from jwtinspector.core.remote.header_urls import fetch_header_url
from jwtinspector.core.remote.http import fetch_json
from jwtinspector.core.remote.jwks import key_set_of
from jwtinspector.core.remote.resolve import foreign_issuer
from jwtinspector.core.remote.urls import KeySource, check_url
from jwtinspector.core.text import b64url_encode
from jwtinspector.core.token import DecodedToken

NOW = 2_000_000_000.0
CONTROLS = ["\x1b", "\x9b", "\x00", "\u202e"]
# Anything a terminal or a bidirectional display would act on.
_RAW = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def _escape(char: str) -> str:
    return f"\\u{ord(char):04x}"


def _shown_escaped(text: str, char: str) -> None:
    """No raw control in text, and ``char`` is shown as its escape."""
    assert _RAW.search(text) is None, repr(text)
    assert _escape(char) in text, repr(text)


def _error(call: Callable[[], Any]) -> FetchError:
    with pytest.raises(FetchError) as caught:
        call()
    return caught.value


def _unsigned(header: dict[str, Any], claims: dict[str, Any]) -> DecodedToken:
    def part(value: dict[str, Any]) -> str:
        return b64url_encode(json.dumps(value).encode())

    return parse_token(f"{part(header)}.{part(claims)}.")


# --- a loopback server that answers with the bytes it is given ----------------------


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with serving() as running:
        yield running


# --- URL policy -----------------------------------------------------------------------


@pytest.mark.parametrize("char", CONTROLS)
@pytest.mark.parametrize(
    ("template", "kind"),
    [
        ("ftp://id.example.com/{c}", "url"),
        ("https://id.example.com:44{c}/", "url"),
        ("https:///{c}", "url"),
        ("https://user{c}@id.example.com/", "url"),
        ("http://id.example.com/{c}", "insecure"),
    ],
)
def test_refused_url_messages_escape_controls(
    template: str, kind: str, char: str
) -> None:
    err = _error(lambda: check_url(template.format(c=char)))

    assert err.kind == kind
    _shown_escaped(str(err), char)


@pytest.mark.parametrize("char", CONTROLS)
def test_unreachable_url_message_escapes_controls(
    char: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unknown(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)

    err = _error(lambda: fetch_json(f"https://id.invalid/keys{char}"))

    assert err.kind is FetchKind.DNS
    _shown_escaped(str(err), char)


# --- what a server says ---------------------------------------------------------------


@pytest.mark.parametrize("char", ["\x1b", "\x9b", "\x00"])
def test_a_status_reason_from_the_server_is_escaped(
    server: LoopbackServer, char: str
) -> None:
    server.serve("/keys", b"", status=b"404 Not" + char.encode("latin-1") + b"Found")

    err = _error(lambda: fetch_json(server.url + "/keys"))

    assert err.kind == "status"
    _shown_escaped(str(err), char)


def test_a_reason_in_utf8_with_an_override_shows_no_raw_control(
    server: LoopbackServer,
) -> None:
    server.serve("/keys", b"", status="404 Not\u202eFound".encode())

    err = _error(lambda: fetch_json(server.url + "/keys"))

    assert _RAW.search(str(err)) is None, repr(str(err))


@pytest.mark.parametrize("char", CONTROLS)
def test_a_url_path_with_a_control_is_escaped_in_the_message(
    server: LoopbackServer, char: str
) -> None:
    err = _error(lambda: fetch_json(f"{server.url}/keys{char}"))

    _shown_escaped(str(err), char)


@pytest.mark.parametrize("char", CONTROLS)
def test_discovery_names_a_foreign_issuer_escaped(
    server: LoopbackServer, char: str
) -> None:
    server.json(
        "/.well-known/openid-configuration",
        {"issuer": f"https://evil{char}.example", "jwks_uri": server.url + "/keys"},
    )

    err = _error(lambda: discover(server.url))

    assert err.kind == "issuer_mismatch"
    _shown_escaped(str(err), char)


@pytest.mark.parametrize("char", CONTROLS)
def test_an_issuer_without_discovery_is_named_escaped(
    server: LoopbackServer, char: str
) -> None:
    err = _error(lambda: discover(f"{server.url}/tenant{char}"))

    assert err.kind == "no_discovery"
    _shown_escaped(str(err), char)


@pytest.mark.parametrize("char", CONTROLS)
def test_a_kid_held_twice_is_named_escaped(char: str) -> None:
    key = {**to_jwk(generate_ec("P-256")), "kid": f"h{char}"}
    jwks = {"keys": [key, key]}

    err = _error(lambda: key_set_of(jwks, "https://id.example.com/keys"))

    assert err.kind == "ambiguous"
    _shown_escaped(str(err), char)


@pytest.mark.parametrize("char", CONTROLS)
def test_an_empty_set_names_its_url_escaped(char: str) -> None:
    err = _error(lambda: key_set_of({"keys": []}, f"https://id.example.com/{char}"))

    assert err.kind == "no_keys"
    _shown_escaped(str(err), char)


# --- the trace and the issuer binding ------------------------------------------------


@pytest.mark.parametrize("char", CONTROLS)
def test_the_key_trace_escapes_the_url_kid_and_header_urls(
    server: LoopbackServer, char: str
) -> None:
    ec_key = generate_ec("P-256")
    server.json("/keys", {"keys": [{**to_jwk(ec_key), "kid": "a"}]})
    cache = JwksCache(rotation_cooldown=0.0)
    source = KeySource.jwks(f"{server.url}/keys#{char}")
    token = _unsigned(
        {"alg": "ES256", "kid": f"k{char}", "jku": f"https://evil.example/{char}"},
        {"sub": "a"},
    )
    cache.get(source.url, NOW - 100)

    _keys, trace = cache.resolve(token, source, NOW)

    text = " | ".join(trace)
    assert "JWKS URL" in text
    assert "fetched again once" in text
    assert "not fetched" in text
    for line in trace:
        assert _RAW.search(line) is None, repr(line)
    assert text.count(_escape(char)) >= 3


@pytest.mark.parametrize("char", CONTROLS)
def test_a_fetch_failure_trace_escapes_the_source(
    server: LoopbackServer, char: str
) -> None:
    token = _unsigned({"alg": "ES256"}, {"sub": "a"})

    err = _error(
        lambda: JwksCache().resolve(
            token, KeySource.jwks(f"{server.url}/none{char}"), NOW
        )
    )

    _shown_escaped(str(err), char)
    _shown_escaped(" | ".join(err.trace), char)


@pytest.mark.parametrize("char", CONTROLS)
def test_wrong_issuer_message_escapes_both_issuers(char: str) -> None:
    token = _unsigned({"alg": "ES256"}, {"iss": f"https://other{char}.example"})

    message = foreign_issuer(token, KeySource.issuer(f"https://id{char}.example"))

    assert message is not None
    _shown_escaped(message, char)
    assert message.count(_escape(char)) == 2


# --- the token's own key locations ---------------------------------------------------


@pytest.mark.parametrize("char", CONTROLS)
def test_a_refused_jku_is_named_escaped(char: str) -> None:
    token = _unsigned({"alg": "RS256", "jku": f"http://evil.example/{char}"}, {})

    err = _error(lambda: fetch_header_url(token, "jku", now=NOW))

    assert err.kind == "insecure"
    _shown_escaped(str(err), char)


@pytest.mark.parametrize("char", CONTROLS)
def test_an_x5u_chain_trace_escapes_the_url_and_subject(
    server: LoopbackServer, char: str
) -> None:
    key = generate_rsa().key
    start = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    pem = certificate(key, f"evil{char}", start=start).public_bytes(
        serialization.Encoding.PEM
    )
    server.serve("/chain.pem", pem)
    token = _unsigned({"alg": "RS256", "x5u": f"{server.url}/chain.pem"}, {})

    found = fetch_header_url(token, "x5u", now=NOW)

    trace = " | ".join(found.trace)
    assert _RAW.search(trace) is None, repr(trace)
    assert "leaf CN=evil\\" in trace  # the certificate's own escape for NUL: \00
    assert _RAW.search(found.warning) is None


# --- certificates --------------------------------------------------------------------


@pytest.mark.parametrize("char", CONTROLS)
def test_certificate_messages_escape_the_kid(char: str) -> None:
    jwk = certs.JwkCertificates(1, f"a{char}", "{}")
    other = certs.JwkCertificates(2, "b", "{}")

    lines = certs.key_set_certificate_lines(
        [jwk, other], now=NOW, kid="b", where="In the set"
    )

    _shown_escaped(jwk.name, char)
    _shown_escaped(lines[-1], char)


@pytest.mark.parametrize("char", CONTROLS)
def test_certificate_subject_is_escaped(char: str) -> None:
    key = generate_ec("P-256").key
    start = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    der = certificate(key, f"evil{char}", start=start).public_bytes(
        serialization.Encoding.DER
    )

    lines = certs.certificate_lines({"x5c": [base64.b64encode(der).decode()]}, now=NOW)

    text = " | ".join(lines)
    assert "evil" in text
    assert _RAW.search(text) is None, repr(text)


@pytest.mark.parametrize("char", CONTROLS)
def test_thumbprint_mismatch_escapes_the_claimed_value(char: str) -> None:
    key = generate_ec("P-256").key
    start = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    der = certificate(key, start=start).public_bytes(serialization.Encoding.DER)
    members = {"x5c": [base64.b64encode(der).decode()], "x5t": f"x{char}"}

    (check,) = certs.check_thumbprints(members)

    assert check.matches is False
    _shown_escaped(check.message, char)


@pytest.mark.parametrize("char", CONTROLS)
def test_oidc_hash_messages_escape_the_claim_and_the_alg(char: str) -> None:
    mismatch = _unsigned({"alg": "RS256"}, {"at_hash": f"x{char}"})
    unknown_alg = _unsigned({"alg": f"X{char}"}, {"at_hash": "x"})

    wrong = certs.check_oidc_hash(mismatch, "at_hash", "access")
    no_hash = certs.check_oidc_hash(unknown_alg, "at_hash", "access")

    _shown_escaped(wrong.message, char)
    _shown_escaped(no_hash.message, char)
