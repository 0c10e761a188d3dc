"""verify --at and decode --at: time claims judged at another instant than now."""

from __future__ import annotations

import json
import pathlib
import subprocess

import jwt
import pytest
from cli_in_process import run_main

SECRET = "at-option-secret-of-32-bytes!!!!"
IAT = 1767225600  # 2026-01-01T00:00:00Z
TOKEN = jwt.encode(
    {"sub": "alice", "iat": IAT, "exp": IAT + 3600}, SECRET, algorithm="HS256"
)


def cli(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
) -> subprocess.CompletedProcess[str]:
    """The command run in this process: its exit status, stdout and stderr."""
    monkeypatch.setenv("AT_SECRET", SECRET)
    return run_main(capsys, monkeypatch, *args)


def _verify(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *extra: str
) -> subprocess.CompletedProcess[str]:
    key = ("--secret-env", "AT_SECRET")
    return cli(capsys, monkeypatch, "verify", TOKEN, *key, *extra)


def test_a_token_expired_now_is_valid_at_its_iat_plus_ten_seconds(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = _verify(capsys, monkeypatch)
    then = _verify(capsys, monkeypatch, "--at", "2026-01-01T00:00:10Z")

    assert now.returncode == 1
    assert "BAD exp: Expired" in now.stdout
    assert "not now" not in now.stdout
    assert then.returncode == 0, then.stdout
    assert then.stdout.splitlines()[0] == (
        "Evaluated at 2026-01-01T00:00:10Z, not now."
    )
    assert "ok  exp: Expires 2026-01-01 01:00:00 UTC (in 59 min 50 s)." in then.stdout
    assert "Token valid." in then.stdout


@pytest.mark.parametrize(
    "at",
    ["1767225610", "2026-01-01T00:00:10", "2026-01-01T01:00:10+01:00"],
    ids=["epoch", "no-zone-is-utc", "offset"],
)
def test_every_form_names_the_same_instant_in_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, at: str
) -> None:
    result = _verify(capsys, monkeypatch, "--at", at, "--json")

    shown = json.loads(result.stdout)
    assert result.returncode == 0
    assert shown["valid"] is True
    assert shown["evaluated_at"] == "2026-01-01T00:00:10Z"


def test_after_exp_at_the_given_time_is_still_expired(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _verify(capsys, monkeypatch, "--at", "2026-01-01T01:00:01Z", "--json")

    shown = json.loads(result.stdout)
    assert result.returncode == 1
    exp = next(c for c in shown["claims"] if c["claim"] == "exp")
    assert exp["status"] != "passed"
    assert "evaluated_at" in shown


def test_without_at_the_json_names_no_evaluation_time(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = json.loads(_verify(capsys, monkeypatch, "--json").stdout)

    assert "evaluated_at" not in shown


@pytest.mark.parametrize("at", ["yesterday", "2026-13-01", "nan", "1e999"])
def test_a_bad_time_is_one_line_naming_the_accepted_forms(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, at: str
) -> None:
    result = _verify(capsys, monkeypatch, "--at", at)

    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "--at" in lines[0]
    assert "ISO 8601" in lines[0]
    assert "seconds since 1970" in lines[0]


def test_decode_at_counts_the_dates_from_the_given_time(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = cli(capsys, monkeypatch, "decode", TOKEN, "--at", "2026-01-01T00:30:00Z")
    shown = json.loads(
        cli(capsys, monkeypatch, "decode", TOKEN, "--at", "1767227400", "--json").stdout
    )

    assert text.returncode == 0
    assert "Evaluated at 2026-01-01T00:30:00Z, not now." in text.stdout
    assert "exp        2026-01-01 01:00:00 UTC  (in 30 min)" in text.stdout
    assert shown["dates"]["iat"]["relative"] == "30 min ago"
    assert shown["evaluated_at"] == "2026-01-01T00:30:00Z"


def test_decrypt_at_counts_the_nested_tokens_dates_from_the_given_time(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: pathlib.Path,
) -> None:
    key = tmp_path / "oct.jwk"
    key.write_text(json.dumps({"kty": "oct", "k": "A" * 22}), encoding="utf-8")
    payload = json.dumps({"sub": "alice", "iat": IAT, "exp": IAT + 3600})
    made = cli(
        capsys, monkeypatch, "encode", "--payload", payload, "--alg", "HS256",
        "--secret-env", "AT_SECRET", "--encrypt", "dir,A128GCM",
        "--enc-key", str(key),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    jwe = made.stdout.strip()

    decrypt = ("decrypt", jwe, "--key", str(key))
    text = cli(capsys, monkeypatch, *decrypt, "--at", "1767225610")
    as_json = cli(
        capsys, monkeypatch, *decrypt, "--json", "--at", "2026-01-01T00:00:10"
    )
    shown = json.loads(as_json.stdout)

    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[0] == "Evaluated at 2026-01-01T00:00:10Z, not now."
    assert "(in 59 min 50 s)" in text.stdout
    assert shown["evaluated_at"] == "2026-01-01T00:00:10Z"
    assert shown["nested"]["dates"]["iat"]["relative"] == "10 s ago"
