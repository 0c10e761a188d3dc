"""``jwtinspector verify --issuer / --jwks``, run as a separate process against a
key server on loopback started by the test."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_process import run_cli
from loopback import LoopbackServer, serving

from jwtinspector.core.keygen import generate_rsa
from jwtinspector.core.keys import KeyMaterial, to_jwk
from jwtinspector.core.sign import sign_token

NOW = int(time.time())


@pytest.fixture(scope="module")
def key() -> KeyMaterial:
    return generate_rsa()


def _jwks(key: KeyMaterial) -> dict[str, Any]:
    return {"keys": [{**to_jwk(key), "kid": "k1", "alg": "RS256"}]}


@pytest.fixture
def server(key: KeyMaterial) -> Iterator[LoopbackServer]:
    with serving() as running:
        running.discovery()
        running.json("/keys", _jwks(key))
        running.stall("/stall")
        yield running


def _token(key: KeyMaterial, iss: str, **claims: Any) -> str:
    payload = {"iss": iss, "sub": "alice", "iat": NOW - 10, "exp": NOW + 3600}
    return sign_token(
        {"kid": "k1", "typ": "JWT"}, {**payload, **claims}, key, alg="RS256"
    )


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli("verify", *args, cwd=cwd)


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("jwtinspector: "), lines
    return lines[0]


def test_issuer_verifies_and_json_has_the_trace(
    server: LoopbackServer, key: KeyMaterial
) -> None:
    result = _run(_token(key, server.url), "--issuer", server.url, "--json")

    assert result.returncode == 0, result.stdout + result.stderr
    out = json.loads(result.stdout)
    assert out["valid"] is True
    assert out["signature"]["trace"] == [
        f"iss {server.url}",
        f"OpenID Connect discovery document {server.url}/.well-known/"
        "openid-configuration (fetched now, issuer matches)",
        f"jwks_uri {server.url}/keys",
        "1 key, fetched now, fresh for 5 min more",
        'kid "k1" matches (RSA 2048, use sig, alg RS256)',
        "signature verified",
    ]
    assert {
        "claim": "iss",
        "status": "passed",
        "message": f"Issuer is {server.url!r}.",
    } in (out["claims"])


def test_issuer_trace_is_printed(server: LoopbackServer, key: KeyMaterial) -> None:
    result = _run(_token(key, server.url), "--issuer", server.url)

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"  · jwks_uri {server.url}/keys\n" in result.stdout
    assert "Token valid." in result.stdout


def test_discovery_document_for_another_issuer_exits_2(
    server: LoopbackServer, key: KeyMaterial
) -> None:
    server.discovery(issuer="https://evil/")

    result = _run(_token(key, server.url), "--issuer", server.url)

    assert result.returncode == 2
    line = _one_line_error(result)
    assert '"https://evil/"' in line
    assert "identical" in line
    assert "/keys" not in server.log


def test_token_from_another_issuer_exits_1(
    server: LoopbackServer, key: KeyMaterial
) -> None:
    result = _run(_token(key, "https://other.example/"), "--issuer", server.url)

    assert result.returncode == 1
    assert "Wrong issuer" in result.stdout


def test_jwks_url_and_jwks_file(
    server: LoopbackServer, key: KeyMaterial, tmp_path: Path
) -> None:
    token = _token(key, "https://id.example.com/")
    keys_file = tmp_path / "keys.json"
    keys_file.write_text(json.dumps(_jwks(key)))

    by_url = _run(token, "--jwks", server.url + "/keys", "--json")
    by_file = _run(token, "--jwks", str(keys_file))

    assert by_url.returncode == 0, by_url.stdout + by_url.stderr
    assert json.loads(by_url.stdout)["signature"]["trace"][0] == (
        f"JWKS URL {server.url}/keys"
    )
    assert by_file.returncode == 0, by_file.stdout + by_file.stderr
    assert server.log == ["/keys"]


def test_stalled_server_exits_2_after_the_timeout(
    server: LoopbackServer, key: KeyMaterial
) -> None:
    start = time.monotonic()

    result = _run(
        _token(key, "x"), "--jwks", server.url + "/stall", "--fetch-timeout", "0.5"
    )

    assert result.returncode == 2
    assert "timed out" in _one_line_error(result)
    assert time.monotonic() - start < 10


def test_plain_http_elsewhere_exits_2(key: KeyMaterial) -> None:
    result = _run(_token(key, "x"), "--issuer", "http://id.example.com")

    assert result.returncode == 2
    assert "https is required" in _one_line_error(result)


def test_two_key_sources_exit_2(server: LoopbackServer, key: KeyMaterial) -> None:
    result = _run(_token(key, "x"), "--issuer", server.url, "--secret", "s" * 32)

    assert result.returncode == 2
    assert "give one key source" in _one_line_error(result)
    assert server.log == []


def test_no_key_source_names_the_remote_options(key: KeyMaterial) -> None:
    result = _run(_token(key, "x"))

    assert result.returncode == 2
    assert "--jwks, --issuer" in _one_line_error(result)


def _at_hash(access_token: str) -> str:
    digest = hashlib.sha256(access_token.encode()).digest()[:16]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def test_access_token_checks_at_hash(server: LoopbackServer, key: KeyMaterial) -> None:
    token = _token(key, server.url, at_hash=_at_hash("the-access-token"))

    right = _run(token, "--issuer", server.url, "--access-token", "the-access-token")
    wrong = _run(token, "--issuer", server.url, "--access-token", "another", "--json")

    assert right.returncode == 0, right.stdout + right.stderr
    assert "ok  at_hash: at_hash matches the access token" in right.stdout
    assert wrong.returncode == 1
    (check,) = [
        c for c in json.loads(wrong.stdout)["claims"] if c["claim"] == "at_hash"
    ]
    assert check["status"] == "failed"
    assert server.log.count("/keys") == 2  # one fetch per process: no disk cache


def test_failed_fetch_with_json_prints_the_error_and_its_trace(
    server: LoopbackServer, key: KeyMaterial
) -> None:
    del server.routes["/keys"]  # discovery works, the key set is gone

    result = _run(_token(key, server.url), "--issuer", server.url, "--json")

    assert result.returncode == 2
    line = _one_line_error(result)
    out = json.loads(result.stdout)
    assert out["valid"] is False
    assert out["error"] == line.removeprefix("jwtinspector: ")
    assert "404" in out["error"]
    assert out["trace"][:3] == [
        f"iss {server.url}",
        f"OpenID Connect discovery document {server.url}/.well-known/"
        "openid-configuration (fetched now, issuer matches)",
        f"jwks_uri {server.url}/keys",
    ]


def test_stalled_jwks_url_with_json_still_prints_json(
    server: LoopbackServer, key: KeyMaterial
) -> None:
    result = _run(
        _token(key, "x"),
        "--jwks",
        server.url + "/stall",
        "--fetch-timeout",
        "0.5",
        "--json",
    )

    assert result.returncode == 2
    out = json.loads(result.stdout)
    assert out["valid"] is False
    assert "timed out" in out["error"]
    assert isinstance(out["trace"], list)
