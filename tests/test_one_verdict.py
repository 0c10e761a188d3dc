"""The window and ``verify --issuer`` give the same verdict for the same URL.

The case where they once drifted: an issuer URL with no discovery document
that serves a key set itself. Both use it as a key set, and both keep the
issuer binding: its keys vouch only for tokens whose ``iss`` is that issuer.
The CLI runs as a child process, the window's side is the session and its key
fetcher (the fetch off the GUI thread), against one server on loopback.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from cli_process import run_cli
from loopback import LoopbackServer, serving

from jwtinspector.core.keygen import generate_rsa
from jwtinspector.core.keys import KeyMaterial, to_jwk
from jwtinspector.core.sign import sign_token
from jwtinspector.models.key_fetcher import KeyFetcher
from jwtinspector.models.session import TokenSession

PATH = "/tenant-a"


@pytest.fixture(scope="module")
def rsa() -> KeyMaterial:
    return generate_rsa()


@pytest.fixture
def server(rsa: KeyMaterial) -> Iterator[LoopbackServer]:
    with serving() as running:
        running.json(PATH, {"keys": [{**to_jwk(rsa), "kid": "k1", "alg": "RS256"}]})
        yield running


def _token(key: KeyMaterial, iss: str) -> str:
    now = int(time.time())
    claims = {"iss": iss, "sub": "alice", "iat": now, "exp": now + 3600}
    return sign_token({"kid": "k1"}, claims, key, alg="RS256")


def _cli_verdict(token: str, issuer: str) -> dict[str, Any]:
    result = run_cli("verify", token, "--issuer", issuer, "--json")
    answer: dict[str, Any] = json.loads(result.stdout)
    assert result.returncode == (0 if answer["valid"] else 1), result.stderr
    return {
        "valid": answer["valid"],
        "signature": answer["signature"]["status"],
        "key": answer["signature"]["key"],
        "problems": [
            (c["claim"], c["message"])
            for c in answer["claims"]
            if c["status"] == "failed"
        ],
    }


def _window_verdict(qtbot: Any, token: str, issuer: str) -> dict[str, Any]:
    session = TokenSession()
    fetcher = KeyFetcher()
    fetcher.fetched.connect(session.set_fetched_keys)
    fetcher.failed.connect(session.fetch_failed)
    session.set_text(token)
    try:
        with qtbot.waitSignal(session.report_changed, timeout=10_000):
            fetcher.fetch(session.token, issuer, kind="issuer")
    finally:
        fetcher.pool.waitForDone(10_000)
    report = session.report
    assert report is not None
    return {
        "valid": report.valid,
        "signature": report.signature.status.value,
        "key": report.signature.key.describe() if report.signature.key else None,
        "problems": [(c.claim, c.message) for c in report.problems],
    }


def test_a_token_of_the_issuer_is_verified_by_both(
    qtbot: Any, server: LoopbackServer, rsa: KeyMaterial
) -> None:
    issuer = server.url + PATH
    token = _token(rsa, issuer)

    window = _window_verdict(qtbot, token, issuer)
    cli = _cli_verdict(token, issuer)

    assert window == cli
    assert window["valid"] is True
    assert window["signature"] == "valid"
    assert window["problems"] == []


def test_another_issuers_token_signed_by_that_key_is_refused_by_both(
    qtbot: Any, server: LoopbackServer, rsa: KeyMaterial
) -> None:
    issuer = server.url + PATH
    token = _token(rsa, server.url)  # another issuer, the same key

    window = _window_verdict(qtbot, token, issuer)
    cli = _cli_verdict(token, issuer)

    assert window == cli
    assert window["valid"] is False
    # The key of issuer A made the signature, but the token claims another
    # issuer: neither side calls the signature verified, nor names a key.
    assert window["signature"] == "cannot_check"
    assert window["key"] is None
    [(claim, message)] = window["problems"]
    assert claim == "iss"
    assert message.startswith(
        f'Wrong issuer: the keys were fetched for issuer "{issuer}", but this '
        f'token has iss "{server.url}"'
    )
    # Both asked the issuer for its discovery document first, then used the
    # URL as a key set.
    assert server.count(PATH + "/.well-known/openid-configuration") == 2
    assert server.count(PATH) == 2


def test_the_cli_says_whose_keys_they_are_not_signature_verified(
    server: LoopbackServer, rsa: KeyMaterial
) -> None:
    issuer = server.url + PATH
    token = _token(rsa, server.url)  # issuer B, signed by issuer A's key

    result = run_cli("verify", token, "--issuer", issuer)

    assert result.returncode == 1, result.stderr
    first = result.stdout.splitlines()[0]
    assert first == (
        f'Not verified: the keys belong to issuer "{issuer}", not to this '
        f'token\'s issuer "{server.url}", so they cannot vouch for it (its '
        "signature does match one of them)."
    )
    assert "signature verified" not in result.stdout.lower()
    assert result.stdout.splitlines()[-1] == "Token invalid."
