"""The command line, run as a separate process the way a user or a script runs it."""

from __future__ import annotations

import base64
import dataclasses
import datetime
import json
import os
import pathlib
import subprocess
import sys
import time
from typing import Any

import jwt
import pytest
from certificates import certificate
from cli_process import run_cli
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

SECRET = "cli-test-secret-of-thirty-two-bytes!"
NOW = int(time.time())


@dataclasses.dataclass(frozen=True)
class Setup:
    """Files and tokens shared by the module's runs."""

    cwd: pathlib.Path
    rsa_private: rsa.RSAPrivateKey
    rsa_other: rsa.RSAPrivateKey
    hs_token: str
    rs_token: str
    files: dict[str, pathlib.Path]


def _pem_public(key: Any) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _certificate(key: rsa.RSAPrivateKey) -> bytes:
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    cert = certificate(key, "issuer.example", start=start, serial=1)
    return cert.public_bytes(serialization.Encoding.PEM)


def _jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return {**jwk, "kid": kid, "use": "sig"}


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    cwd = tmp_path_factory.mktemp("cli")
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    claims = {"sub": "alice", "aud": "api", "iat": NOW - 10, "exp": NOW + 3600}
    files = {
        "public_pem": _pem_public(private),
        "certificate": _certificate(private),
        "jwk": json.dumps(_jwk(private, "a")).encode(),
        "jwks": json.dumps({"keys": [_jwk(other, "b"), _jwk(private, "a")]}).encode(),
        "bad_key": b"-----BEGIN PUBLIC KEY-----\nnot!\n-----END PUBLIC KEY-----\n",
        "secret": (SECRET + "\n").encode(),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = cwd / name
        paths[name].write_bytes(data)
    return Setup(
        cwd=cwd,
        rsa_private=private,
        rsa_other=other,
        hs_token=jwt.encode(claims, SECRET, algorithm="HS256"),
        rs_token=jwt.encode(claims, private, algorithm="RS256", headers={"kid": "a"}),
        files=paths,
    )


def _run(
    setup: Setup, *args: str, stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, stdin=stdin or "", cwd=setup.cwd, env=env)


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("jwtinspector: "), lines
    return lines[0]


# --- decode -----------------------------------------------------------------------


def test_decode_json(setup: Setup) -> None:
    result = _run(setup, "decode", setup.rs_token, "--json")

    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert list(out)[:3] == ["header", "payload", "signature"]
    assert out["header"] == jwt.get_unverified_header(setup.rs_token)
    assert out["payload"] == jwt.decode(
        setup.rs_token, options={"verify_signature": False}
    )
    assert out["signature"] == setup.rs_token.split(".")[2]
    assert set(out["signature"]) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )


def test_decode_reads_standard_input(setup: Setup) -> None:
    result = _run(setup, "decode", "-", "--json", stdin=f"Bearer {setup.hs_token}\n")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["payload"]["sub"] == "alice"


def test_decode_garbage_exits_2_with_one_line(setup: Setup) -> None:
    result = _run(setup, "decode", "garbage")

    assert result.returncode == 2
    _one_line_error(result)


# --- verify: exit status ------------------------------------------------------------


def test_verify_valid_with_secret_env(setup: Setup) -> None:
    result = _run(
        setup, "verify", setup.hs_token, "--secret-env", "JWT_SECRET", JWT_SECRET=SECRET
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Token valid." in result.stdout


def test_verify_wrong_secret_exits_1(setup: Setup) -> None:
    result = _run(setup, "verify", setup.hs_token, "--secret", SECRET + "x")

    assert result.returncode == 1
    assert "Invalid signature" in result.stdout


def test_verify_expired_exits_1(setup: Setup) -> None:
    expired = jwt.encode({"sub": "a", "exp": NOW - 60}, SECRET, algorithm="HS256")

    result = _run(setup, "verify", expired, "--secret", SECRET)

    assert result.returncode == 1
    assert "Expired" in result.stdout


def test_verify_wrong_audience_exits_1(setup: Setup) -> None:
    result = _run(setup, "verify", setup.hs_token, "--secret", SECRET, "--aud", "web")

    assert result.returncode == 1
    assert "audience" in result.stdout


def test_verify_alg_none_exits_1(setup: Setup) -> None:
    head = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    unsigned = f"{head}.{setup.hs_token.split('.')[1]}."

    result = _run(setup, "verify", unsigned, "--secret", SECRET)

    assert result.returncode == 1
    assert "unsigned" in result.stdout


def test_verify_bad_key_file_exits_2(setup: Setup) -> None:
    result = _run(setup, "verify", setup.rs_token, "--key", str(setup.files["bad_key"]))

    assert result.returncode == 2
    _one_line_error(result)


def test_verify_without_key_option_exits_2(setup: Setup) -> None:
    result = _run(setup, "verify", setup.rs_token)

    assert result.returncode == 2
    assert "--key" in result.stderr


def test_verify_unreadable_token_exits_2(setup: Setup) -> None:
    result = _run(setup, "verify", "abc.d!f.ghi", "--secret", SECRET)

    assert result.returncode == 2
    assert "cannot be read" in _one_line_error(result)


# --- verify: key sources -------------------------------------------------------------


def test_verify_secret_file_drops_trailing_newline(setup: Setup) -> None:
    result = _run(
        setup, "verify", setup.hs_token, "--secret-file", str(setup.files["secret"])
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_verify_secret_base64(setup: Setup) -> None:
    encoded = base64.b64encode(SECRET.encode()).decode()

    result = _run(setup, "verify", setup.hs_token, "--secret-base64", encoded)

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("key_file", ["public_pem", "certificate", "jwk"])
def test_verify_with_key_file(setup: Setup, key_file: str) -> None:
    result = _run(setup, "verify", setup.rs_token, "--key", str(setup.files[key_file]))

    assert result.returncode == 0, result.stdout + result.stderr


def test_verify_json_with_jwks_selects_by_kid(setup: Setup) -> None:
    result = _run(
        setup, "verify", setup.rs_token, "--key", str(setup.files["jwks"]), "--json"
    )

    assert result.returncode == 0, result.stdout + result.stderr
    out = json.loads(result.stdout)
    assert out["valid"] is True
    assert out["signature"]["status"] == "valid"
    assert isinstance(out["claims"], list)
    assert {c["claim"] for c in out["claims"]} == {"exp", "iat"}
    assert all(c["status"] == "passed" for c in out["claims"])
    trace = "\n".join(out["signature"]["trace"])
    assert 'kid "a" matches (RSA 2048' in trace
    assert trace.endswith("signature verified")


# --- encode and keygen ----------------------------------------------------------------


def test_encode_hs256_with_relative_times(setup: Setup) -> None:
    result = _run(
        setup,
        "encode",
        "--payload",
        '{"sub": "bob", "role": "admin"}',
        "--alg",
        "HS256",
        "--secret-env",
        "JWT_SECRET",
        "--exp",
        "+15m",
        "--iat",
        "now",
        JWT_SECRET=SECRET,
    )

    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["sub"] == "bob"
    assert claims["role"] == "admin"
    assert claims["exp"] - claims["iat"] == 900
    assert abs(claims["iat"] - time.time()) < 60
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}


def test_encode_alg_none_needs_unsigned_flag(setup: Setup) -> None:
    result = _run(setup, "encode", "--payload", "{}", "--alg", "none")

    assert result.returncode == 2
    assert result.stdout == ""
    assert "--unsigned" in _one_line_error(result)


def test_keygen_rsa_pem(setup: Setup) -> None:
    result = _run(setup, "keygen", "--type", "rsa", "--format", "pem")

    assert result.returncode == 0, result.stderr
    private_text, sep, public_text = result.stdout.partition(
        "-----END PRIVATE KEY-----\n"
    )
    assert sep
    private = serialization.load_pem_private_key((private_text + sep).encode(), None)
    public = serialization.load_pem_public_key(public_text.encode())
    assert isinstance(private, rsa.RSAPrivateKey)
    assert isinstance(public, rsa.RSAPublicKey)
    assert private.key_size == 2048
    assert private.public_key().public_numbers() == public.public_numbers()


def test_keygen_okp_jwk(setup: Setup) -> None:
    result = _run(setup, "keygen", "--type", "okp", "--format", "jwk")

    assert result.returncode == 0, result.stderr
    jwk = json.loads(result.stdout)
    assert jwk["kty"] == "OKP"
    assert jwk["crv"] == "Ed25519"
    assert {"x", "d"} <= set(jwk)


def test_keygen_unknown_curve_exits_2(setup: Setup) -> None:
    result = _run(setup, "keygen", "--type", "ec", "--curve", "P-999")

    assert result.returncode == 2
    assert "P-999" in _one_line_error(result)


def test_sub_commands_do_not_import_qt(setup: Setup) -> None:
    code = (
        "import sys; from jwtinspector import cli; "
        f"cli.main(['decode', {setup.hs_token!r}]); "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    environ = {k: v for k, v in os.environ.items() if k != "DISPLAY"}

    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=setup.cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False"
