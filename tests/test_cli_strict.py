"""verify refuses what a server would refuse: a repaired token (unless
--lenient); secrets stay out of error messages; --secret warns."""

from __future__ import annotations

import datetime
import json
from typing import Any

import jwt
import pytest
from certificates import certificate
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from roca_keys import ROCA_PEM

from jwtinspector.cli import main

SECRET = "strict-cli-secret-of-32-bytes!!!"
TOKEN = jwt.encode({"sub": "1"}, SECRET, algorithm="HS256")


def test_a_repaired_token_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["verify", "--secret-env", "STRICT_SECRET", TOKEN + "?"])

    out = capsys.readouterr().out
    assert code == 1
    assert f"dropped '?' right after the token (character {len(TOKEN) + 1})" in out
    assert "A server would refuse the token as given." in out
    assert "Token invalid." in out
    assert "--lenient checks the repaired token." in out


def test_lenient_accepts_the_repaired_token(capsys: pytest.CaptureFixture[str]) -> None:
    wrapped = TOKEN[:40] + "\n" + TOKEN[40:]

    code = main(["verify", "--lenient", "--secret-env", "STRICT_SECRET", wrapped])

    out = capsys.readouterr().out
    assert code == 0
    assert "removed 1 run of whitespace from inside the token" in out
    assert "Token valid." in out


def test_a_bearer_header_is_not_a_repair(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["verify", "--secret-env", "STRICT_SECRET", f"Bearer {TOKEN}"])

    out = capsys.readouterr().out
    assert code == 0
    assert "repaired" not in out


def test_json_says_why_a_repaired_token_is_invalid(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["verify", "--json", "--secret-env", "STRICT_SECRET", TOKEN + "?"])

    result = json.loads(capsys.readouterr().out)
    assert code == 1
    assert result["valid"] is False
    assert [c["claim"] for c in result["claims"] if c["status"] == "failed"] == [
        "token"
    ]


@pytest.fixture(autouse=True)
def _secret_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRICT_SECRET", SECRET)


def test_secret_on_the_command_line_warns_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["verify", "--secret", SECRET, TOKEN])

    captured = capsys.readouterr()
    assert code == 0
    assert captured.err == (
        "jwtinspector: warning: --secret puts the secret in your shell history and "
        "in the process list other users can see; use --secret-env VAR or "
        "--secret-file FILE instead\n"
    )
    assert SECRET not in captured.err + captured.out


def test_secret_from_the_environment_does_not_warn(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["verify", "--secret-env", "STRICT_SECRET", TOKEN]) == 0
    assert capsys.readouterr().err == ""


def test_a_bad_base64_secret_names_the_position_not_the_character(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRICT_SECRET", "c2VjcmV0c2VjcmV0§2VjcmV0")

    args = ["--secret-env", "STRICT_SECRET", "--secret-encoding", "base64"]
    code = main(["verify", *args, TOKEN])

    err = capsys.readouterr().err
    assert code == 2
    assert "outside the base64 alphabet at position 17" in err
    assert "§" not in err


def test_no_unsalted_digest_of_the_secret_is_shown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import base64
    import hashlib

    main(["verify", "--json", "--secret-env", "STRICT_SECRET", TOKEN])

    out = capsys.readouterr().out
    key = json.loads(out)["signature"]["key"]
    assert "session fingerprint" in key
    assert "(keyed)" in key
    jwk = json.dumps(
        {
            "k": base64.urlsafe_b64encode(SECRET.encode()).decode().rstrip("="),
            "kty": "oct",
        },
        separators=(",", ":"),
    )
    digest = base64.urlsafe_b64encode(hashlib.sha256(jwk.encode()).digest())
    assert digest.decode()[:8] not in out


# --- keys and certificates that prove nothing ------------------------------------


_PRIVATE = rsa.generate_private_key(public_exponent=65537, key_size=2048)
RS_TOKEN = jwt.encode({"sub": "1"}, _PRIVATE, algorithm="RS256")


def _rsa_token_and_expired_cert(tmp_path: Any) -> tuple[str, Any]:
    private = _PRIVATE
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    cert = certificate(private, "old.example", start=start, days=30)
    path = tmp_path / "old.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return jwt.encode({"sub": "1"}, private, algorithm="RS256"), path


def test_verify_warns_about_an_expired_certificate_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    token, path = _rsa_token_and_expired_cert(tmp_path)

    code = main(["verify", "--key", str(path), token])

    out = capsys.readouterr().out
    assert code == 0  # the key still verifies the signature
    assert (
        "warning: The certificate you gave as the key (CN=old.example) expired on "
        "2020-01-31 00:00:00 UTC"
    ) in out


def test_lint_flags_an_expired_certificate_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    token, path = _rsa_token_and_expired_cert(tmp_path)

    main(["lint", "--json", "--key", str(path), token])

    ids = [f["id"] for f in json.loads(capsys.readouterr().out)]
    assert "CERT-DATES" in ids


def test_verify_refuses_a_roca_key_and_lint_flags_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    path = tmp_path / "roca.pem"
    path.write_bytes(ROCA_PEM)
    token = RS_TOKEN

    verify_code = main(["verify", "--key", str(path), token])
    verified = capsys.readouterr().out
    lint_code = main(["lint", "--key", str(path), token])
    linted = capsys.readouterr().out

    assert verify_code == 1
    assert "its modulus has the ROCA fingerprint (CVE-2017-15361)" in verified
    assert lint_code == 1
    assert "ROCA-KEY" in linted


def test_decode_says_what_was_repaired(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode", TOKEN + "?"]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith(
        f"note: repaired to be read (dropped '?' right after the token (character "
        f"{len(TOKEN) + 1})); a server would refuse it as given"
    )

    assert main(["decode", "--json", TOKEN + "?"]) == 0
    assert json.loads(capsys.readouterr().out)["repairs"] == [
        f"dropped '?' right after the token (character {len(TOKEN) + 1})"
    ]
