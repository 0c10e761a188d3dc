"""``jwtinspector verify --issuer / --jwks``, run as a separate process against a
key server on loopback started by the test."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cli_process import run_cli

from jwtinspector.core.keygen import generate_rsa
from jwtinspector.core.keys import KeyMaterial, to_jwk
from jwtinspector.core.sign import sign_token

NOW = int(time.time())


class KeyServer:
    """Serves fixed JSON documents; '/stall' accepts and never answers."""

    def __init__(self) -> None:
        self.documents: dict[str, Any] = {}
        self.log: list[str] = []
        self.release = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.log.append(self.path)
                if self.path == "/stall":
                    outer.release.wait(10)
                    return
                if self.path not in outer.documents:
                    self.send_error(404)
                    return
                body = json.dumps(outer.documents[self.path]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.handle_error = lambda *args: None  # type: ignore[method-assign]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture(scope="module")
def key() -> KeyMaterial:
    return generate_rsa()


@pytest.fixture
def server(key: KeyMaterial) -> Iterator[KeyServer]:
    running = KeyServer()
    running.documents = {
        "/.well-known/openid-configuration": {
            "issuer": running.url,
            "jwks_uri": running.url + "/keys",
        },
        "/keys": {"keys": [{**to_jwk(key), "kid": "k1", "alg": "RS256"}]},
    }
    running.thread.start()
    yield running
    running.release.set()
    running.httpd.shutdown()
    running.httpd.server_close()
    running.thread.join(5)


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
    server: KeyServer, key: KeyMaterial
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


def test_issuer_trace_is_printed(server: KeyServer, key: KeyMaterial) -> None:
    result = _run(_token(key, server.url), "--issuer", server.url)

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"  · jwks_uri {server.url}/keys\n" in result.stdout
    assert "Token valid." in result.stdout


def test_discovery_document_for_another_issuer_exits_2(
    server: KeyServer, key: KeyMaterial
) -> None:
    server.documents["/.well-known/openid-configuration"]["issuer"] = "https://evil/"

    result = _run(_token(key, server.url), "--issuer", server.url)

    assert result.returncode == 2
    line = _one_line_error(result)
    assert '"https://evil/"' in line
    assert "identical" in line
    assert "/keys" not in server.log


def test_token_from_another_issuer_exits_1(server: KeyServer, key: KeyMaterial) -> None:
    result = _run(_token(key, "https://other.example/"), "--issuer", server.url)

    assert result.returncode == 1
    assert "Wrong issuer" in result.stdout


def test_jwks_url_and_jwks_file(
    server: KeyServer, key: KeyMaterial, tmp_path: Path
) -> None:
    token = _token(key, "https://id.example.com/")
    keys_file = tmp_path / "keys.json"
    keys_file.write_text(json.dumps(server.documents["/keys"]))

    by_url = _run(token, "--jwks", server.url + "/keys", "--json")
    by_file = _run(token, "--jwks", str(keys_file))

    assert by_url.returncode == 0, by_url.stdout + by_url.stderr
    assert json.loads(by_url.stdout)["signature"]["trace"][0] == (
        f"JWKS URL {server.url}/keys"
    )
    assert by_file.returncode == 0, by_file.stdout + by_file.stderr
    assert server.log == ["/keys"]


def test_stalled_server_exits_2_after_the_timeout(
    server: KeyServer, key: KeyMaterial
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


def test_two_key_sources_exit_2(server: KeyServer, key: KeyMaterial) -> None:
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


def test_access_token_checks_at_hash(server: KeyServer, key: KeyMaterial) -> None:
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
    server: KeyServer, key: KeyMaterial
) -> None:
    del server.documents["/keys"]  # discovery works, the key set is gone

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
    server: KeyServer, key: KeyMaterial
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
