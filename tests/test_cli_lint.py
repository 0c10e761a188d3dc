"""``jwtinspector lint``, run as a separate process as a user or a script runs it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
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
from cryptography.hazmat.primitives.asymmetric import ec, rsa

NOW = int(time.time())
STRONG = "lint-test-secret-that-is-long-enough-0123"
CLAIMS = {
    "iss": "https://issuer.example",
    "sub": "alice",
    "aud": "https://api.example",
    "iat": NOW - 10,
    "exp": NOW + 3000,  # still valid when a slow run reaches it
    "jti": "lint-test-1",
}
FIELDS = {"id", "severity", "title", "explanation", "advice", "reference"}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def seg(value: Any) -> str:
    return b64(json.dumps(value, separators=(",", ":")).encode())


def hs(secret: str | bytes, claims: Any = None, header: Any = None) -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    signing_input = (
        f"{seg(header or {'alg': 'HS256', 'typ': 'JWT'})}.{seg(claims or CLAIMS)}"
    )
    mac = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(mac)}"


def lint(
    cwd: pathlib.Path, *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return run_cli("lint", *args, stdin=stdin, cwd=cwd)


def findings(result: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    value = json.loads(result.stdout)
    assert isinstance(value, list)
    return value


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("jwtinspector: "), lines
    return lines[0]


def test_clean_token_exits_0(tmp_path: pathlib.Path) -> None:
    result = lint(tmp_path, hs(STRONG), "--json")

    assert result.returncode == 0, result.stdout + result.stderr
    assert findings(result) == []


def test_clean_token_text_output(tmp_path: pathlib.Path) -> None:
    result = lint(tmp_path, hs(STRONG))

    assert result.returncode == 0
    assert "No findings." in result.stdout


def test_medium_findings_only_exit_0(tmp_path: pathlib.Path) -> None:
    claims = {k: v for k, v in CLAIMS.items() if k != "exp"}

    result = lint(tmp_path, hs(STRONG, claims), "--json")

    assert result.returncode == 0
    assert [f["id"] for f in findings(result)] == ["EXP-MISSING"]


def test_identity_claim_findings_do_not_fail_lint(tmp_path: pathlib.Path) -> None:
    claims = {
        "iss": "http://issuer.example",
        "sub": 123,
        "iat": NOW - 10,
        "exp": NOW + 3000,  # still valid when a slow run reaches it
    }

    result = lint(tmp_path, hs(STRONG, claims), "--json")

    assert result.returncode == 0, result.stdout
    assert [(f["id"], f["severity"]) for f in findings(result)] == [
        ("ISS-NOT-HTTPS", "medium"),
        ("SUB-TYPE", "medium"),
        ("AUD-MISSING", "low"),
        ("JTI-MISSING", "info"),
    ]


def test_cross_jwt_finding_does_not_fail_lint(tmp_path: pathlib.Path) -> None:
    header = {"alg": "HS256", "typ": "at+jwt"}

    result = lint(tmp_path, hs(STRONG, {**CLAIMS, "nonce": "n"}, header), "--json")

    assert result.returncode == 0, result.stdout
    assert [f["id"] for f in findings(result)] == ["CROSS-JWT"]


def _dpop_proof(sign_with: ec.EllipticCurvePrivateKey | None = None) -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    claims = {"jti": "-BwC3ESc6acc2lTc", "htm": "POST", "iat": NOW - 5}
    claims["htu"] = "https://server.example.com/token"
    header = {"typ": "dpop+jwt", "jwk": jwk}
    return jwt.encode(claims, sign_with or key, algorithm="ES256", headers=header)


def test_dpop_proof_is_not_blocking(tmp_path: pathlib.Path) -> None:
    result = lint(tmp_path, _dpop_proof(), "--json")

    assert result.returncode == 0, result.stdout
    assert [(f["id"], f["severity"]) for f in findings(result)] == [
        ("JWK-EMBEDDED", "info")
    ]


def test_dpop_proof_that_does_not_verify_with_its_key_is_blocking(
    tmp_path: pathlib.Path,
) -> None:
    forged = _dpop_proof(sign_with=ec.generate_private_key(ec.SECP256R1()))

    result = lint(tmp_path, forged, "--json")

    assert result.returncode == 1, result.stdout
    assert [(f["id"], f["severity"]) for f in findings(result)] == [
        ("JWK-EMBEDDED", "high")
    ]


def test_json_shape(tmp_path: pathlib.Path) -> None:
    token = hs(STRONG, {**CLAIMS, "password": "hunter2", "email": "a@example.com"})

    result = lint(tmp_path, token, "--json")

    items = findings(result)
    assert result.returncode == 1
    assert items
    for item in items:
        assert set(item) >= FIELDS
        assert set(item) <= {*FIELDS, "segment", "claim"}
        assert all(isinstance(item[name], str) for name in FIELDS)
    assert [i["severity"] for i in items] == ["high", "info"]
    assert items[0]["claim"] == "password"


def test_alg_none_token_is_blocking(tmp_path: pathlib.Path) -> None:
    token = f"{seg({'alg': 'none', 'typ': 'JWT'})}.{seg(CLAIMS)}."

    result = lint(tmp_path, token, "--json")

    assert result.returncode == 1
    alg_none = [f for f in findings(result) if f["id"] == "ALG-NONE"]
    assert alg_none
    assert alg_none[0]["severity"] == "critical"  # unsigned: anyone can forge it


def test_secret_found_by_the_builtin_list(tmp_path: pathlib.Path) -> None:
    result = lint(tmp_path, hs("secret"), "--json")

    assert result.returncode == 1
    weak = [f for f in findings(result) if f["id"] == "WEAK-SECRET"]
    assert weak
    assert '"secret"' in weak[0]["title"]


def test_text_output_shows_every_part(tmp_path: pathlib.Path) -> None:
    result = lint(tmp_path, hs("secret"), "--color", "never")

    assert result.returncode == 1
    out = result.stdout
    assert "CRITICAL" in out
    assert "[WEAK-SECRET]" in out
    assert "Instead:" in out
    assert "Reference: RFC 8725" in out
    assert "\033[" not in out
    coloured = lint(tmp_path, hs("secret"), "--color", "always").stdout
    assert "\033[31m" in coloured


def test_wordlist_finds_the_secret(tmp_path: pathlib.Path) -> None:
    secret = "not-in-the-builtin-list-but-in-mine"
    words = tmp_path / "words.txt"
    words.write_text("\n".join([f"word{i}" for i in range(5000)] + [secret]) + "\n")

    result = lint(tmp_path, hs(secret), "--wordlist", str(words), "--json")

    assert result.returncode == 1
    weak = [f for f in findings(result) if f["id"] == "WEAK-SECRET"]
    assert weak
    assert "words.txt" in weak[0]["explanation"]


def test_wordlist_without_the_secret(tmp_path: pathlib.Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("alpha\nbeta\r\ngamma\n")

    result = lint(tmp_path, hs(STRONG), "--wordlist", str(words))

    assert result.returncode == 0
    assert "secret not found (3 candidates" in result.stdout


def test_wordlist_for_a_non_hmac_token_is_unusable(tmp_path: pathlib.Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("a\n")
    token = f"{seg({'alg': 'RS256', 'typ': 'JWT'})}.{seg(CLAIMS)}.{b64(b'x' * 256)}"

    result = lint(tmp_path, token, "--wordlist", str(words))

    assert result.returncode == 2
    assert "HMAC" in one_line_error(result)


def test_missing_wordlist_is_unusable(tmp_path: pathlib.Path) -> None:
    result = lint(tmp_path, hs(STRONG), "--wordlist", "missing.txt")

    assert result.returncode == 2
    assert "missing.txt" in one_line_error(result)


def test_key_option_enables_algorithm_confusion(tmp_path: pathlib.Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    (tmp_path / "public.pem").write_bytes(pem)

    result = lint(tmp_path, hs(pem), "--key", "public.pem", "--json")

    assert result.returncode == 1
    assert findings(result)[0]["id"] == "ALG-CONFUSION-FORGED"


def test_certificate_key_file_enables_the_certificate_variants(
    tmp_path: pathlib.Path,
) -> None:
    import datetime

    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    cert = certificate(key, start=start, serial=1)
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    token = hs(cert.public_bytes(serialization.Encoding.DER))

    result = lint(tmp_path, token, "--key", "cert.pem", "--json")

    assert result.returncode == 1
    forged = findings(result)[0]
    assert forged["id"] == "ALG-CONFUSION-FORGED"
    assert "of your certificate" in forged["explanation"]


@pytest.mark.parametrize("kid", ["NzbLsXh8uDCcd--MNwXF4W_7noWXFZAfHkxZsRGC9Xs", "a--b"])
def test_kid_with_a_double_dash_inside_is_not_blocking(
    tmp_path: pathlib.Path, kid: str
) -> None:
    token = hs(STRONG, header={"alg": "HS256", "typ": "JWT", "kid": kid})

    result = lint(tmp_path, token, "--json")

    assert result.returncode == 0, result.stdout
    assert findings(result) == []
    assert (
        lint(tmp_path, hs(STRONG, header={"alg": "HS256", "kid": "k' --"})).returncode
        == 1
    )


def test_weak_secret_option_that_did_not_sign_is_not_reproduced(
    tmp_path: pathlib.Path,
) -> None:
    result = lint(tmp_path, hs(STRONG), "--secret", "your-256-bit-secret", "--json")

    items = {f["id"]: f for f in findings(result)}
    assert "WEAK-SECRET" not in items
    assert "reproduced" not in items["WEAK-SECRET-KEY"]["explanation"]
    assert result.returncode == 0  # medium and the short-key finding only


def test_short_secret_option(tmp_path: pathlib.Path) -> None:
    result = lint(tmp_path, hs("short-one"), "--secret", "short-one", "--json")

    assert "HMAC-KEY-SHORT" in {f["id"] for f in findings(result)}


def test_max_lifetime_option(tmp_path: pathlib.Path) -> None:
    token = hs(STRONG, {**CLAIMS, "exp": NOW + 2 * 3600})

    assert lint(tmp_path, token, "--json").returncode == 0
    result = lint(tmp_path, token, "--max-lifetime", "1h", "--json")
    assert [f["id"] for f in findings(result)] == ["LIFETIME-EXCESSIVE"]
    assert findings(lint(tmp_path, token, "--max-lifetime", "0", "--json")) == []


def test_bad_max_lifetime_is_unusable(tmp_path: pathlib.Path) -> None:
    result = lint(tmp_path, hs(STRONG), "--max-lifetime", "soon")

    assert result.returncode == 2
    assert "not a duration" in result.stderr


def test_reads_standard_input(tmp_path: pathlib.Path) -> None:
    result = lint(tmp_path, "-", "--json", stdin=f"Bearer {hs('secret')}\n")

    assert result.returncode == 1
    assert findings(result)[0]["id"] == "WEAK-SECRET"


@pytest.mark.parametrize(
    "token",
    ["garbage", "a.b", f"{seg({'alg': 'HS256'})}.%%%.{b64(b'x')}"],
)
def test_unusable_token_exits_2_with_one_line(
    tmp_path: pathlib.Path, token: str
) -> None:
    result = lint(tmp_path, token)

    assert result.returncode == 2
    one_line_error(result)
    assert result.stdout == ""


def test_lint_is_listed_in_the_help(tmp_path: pathlib.Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "jwtinspector", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0
    assert "lint" in result.stdout


def test_lint_with_the_key_audits_a_jwes_nested_token(tmp_path: pathlib.Path) -> None:
    from jwtinspector.core import keys
    from jwtinspector.core.jwe import encrypt_token
    from jwtinspector.core.keygen import generate_jwe_key

    key = generate_jwe_key("dir", "A256GCM")
    unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9."
    token = encrypt_token(unsigned, "dir", "A256GCM", key)
    key_file = tmp_path / "key.jwk"
    key_file.write_text(json.dumps(keys.to_jwk(key, private=True)))

    with_key = run_cli("lint", token, "--key", str(key_file), "--json")
    without = run_cli("lint", token, "--json")

    assert with_key.returncode == 1, with_key.stderr
    assert "JWE-NESTED-UNSIGNED" in {f["id"] for f in findings(with_key)}
    assert "JWE-NESTED-UNSIGNED" not in {f["id"] for f in findings(without)}


def test_lint_says_a_repaired_token_would_be_refused_by_a_server(capsys) -> None:
    from jwtinspector.cli.main import main

    token = jwt.encode({"sub": "1"}, "x" * 32, algorithm="HS256")

    status = main(["lint", f"{token}?", "--json"])

    findings = json.loads(capsys.readouterr().out)
    [repaired] = [f for f in findings if f["id"] == "TOKEN-REPAIRED"]
    assert status == 0  # medium: worth fixing, not blocking
    assert repaired["severity"] == "medium"
    assert "a server would refuse the token as given" in repaired["explanation"]
