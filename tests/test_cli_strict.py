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
