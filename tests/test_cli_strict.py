"""verify refuses what a server would refuse: a repaired token (unless
--lenient); secrets stay out of error messages; --secret warns."""

from __future__ import annotations

import json

import jwt
import pytest

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
