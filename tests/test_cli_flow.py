"""jwtinspector flow: the tokens of one login checked together, from flags
or a paste; exit 0 all fine, 1 a check failed, 2 unusable or nothing to check."""

from __future__ import annotations

import io
import json
import pathlib
import subprocess
import sys

import pytest
from cli_process import run_cli
from flow_tokens import CODE, OTHER_KEY, URL, access_token, dpop_proof, id_token

from jwtinspector.cli import main

AT = "2026-01-01T00:00:00Z"  # flow_tokens.NOW
ACCESS = access_token()


def cli(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    stdin: str = "",
) -> subprocess.CompletedProcess[str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, out.out, out.err)


def test_tokens_given_by_role_that_belong_together_exit_0(capsys, monkeypatch) -> None:
    result = cli(
        capsys, monkeypatch, "flow",
        "--id-token", id_token(ACCESS, CODE), "--access-token", ACCESS,
        "--dpop", dpop_proof(ACCESS), "--code", CODE,
        "--htm", "GET", "--htu", URL + "?page=2", "--at", AT,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS    at_hash" in result.stdout
    assert "PASS    c_hash" in result.stdout
    assert "PASS    DPoP htu" in result.stdout
    assert "The tokens belong together" in result.stdout
    assert "FAIL" not in result.stdout


def test_a_proof_by_another_key_and_the_wrong_method_exit_1(
    capsys, monkeypatch
) -> None:
    proof = dpop_proof(ACCESS, key=OTHER_KEY)

    result = cli(
        capsys, monkeypatch, "flow", "--access-token", ACCESS, "--dpop", proof,
        "--htm", "POST", "--htu", URL, "--at", AT,
    )  # fmt: skip

    assert result.returncode == 1
    assert "FAIL    DPoP cnf.jkt" in result.stdout
    assert "FAIL    DPoP htm" in result.stdout
    assert "The tokens do not belong together" in result.stdout


def test_a_paste_on_standard_input_is_split_and_reported_as_json(
    capsys, monkeypatch
) -> None:
    other = id_token(access_token(sub="x"))
    paste = (
        f'{{"access_token": "{ACCESS}", "id_token": "{other}",'
        ' "refresh_token": "opaque-refresh-token", "token_type": "Bearer"}'
    )

    result = cli(capsys, monkeypatch, "flow", "--json", "--at", AT, stdin=paste)

    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)
    assert found["result"] == "fail"
    assert found["evaluated_at"] == AT
    assert [t["role"] for t in found["tokens"]] == [
        "id_token", "access_token", "refresh_token"
    ]  # fmt: skip
    assert found["tokens"][2] == {
        "role": "refresh_token", "found_by": "named refresh_token",
        "jwt": False, "alg": None,
    }  # fmt: skip
    checks = {c["name"]: c["result"] for c in found["checks"]}
    assert checks["at_hash"] == "fail"
    assert checks["iss"] == "pass"
    assert found["counts"]["fail"] == 1


def test_nothing_to_check_exits_2(capsys, monkeypatch) -> None:
    result = cli(capsys, monkeypatch, "flow", "--access-token", ACCESS)

    assert result.returncode == 2
    assert "CANNOT  cnf.jkt" in result.stdout
    assert "No check could be made" in result.stdout


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("--id-token", "not-a-token"), "", "--id-token: the ID token cannot be read"),
        ((), "just some words", "standard input: no ID token"),
        (("--window", "-5", "--dpop", "x.y.z"), "", "not a number of seconds"),
    ],
    ids=["bad-id-token", "no-tokens", "bad-window"],
)
def test_unusable_input_is_one_line_and_exit_2(
    capsys, monkeypatch, args, stdin, message
) -> None:
    result = cli(capsys, monkeypatch, "flow", *args, stdin=stdin)

    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_the_command_runs_as_a_program(tmp_path: pathlib.Path) -> None:
    paste = f"Authorization: DPoP {ACCESS}\nDPoP: {dpop_proof(ACCESS)}\n"
    (tmp_path / "request.txt").write_text(paste)

    result = run_cli(
        "flow", "request.txt", "--htm", "GET", "--htu", URL, "--at", AT,
        cwd=tmp_path,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "access token        JWT ES256 · named Authorization" in result.stdout
    assert "PASS    DPoP signature" in result.stdout
