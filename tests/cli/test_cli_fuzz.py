"""CLI fuzzing: hostile tokens through decode, verify and lint end with exit
status 0, 1 or 2 and no traceback, within a time bound. A few run in a child
process exactly as a user's shell runs them; more run in this process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hostile_inputs import SECRET, hostile_tokens
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jwtinspector.cli.main import main

COMMANDS = st.sampled_from(
    [
        ["decode", "-"],
        ["decode", "-", "--json"],
        ["verify", "-", "--secret-env", "FUZZ_SECRET"],
        ["verify", "-", "--secret-env", "FUZZ_SECRET", "--json"],
        ["lint", "-"],
        ["lint", "-", "--json"],
    ]
)


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(hostile_tokens(), COMMANDS)
def test_hostile_tokens_through_the_command_line(token: str, command: list[str]):
    result = subprocess.run(
        [sys.executable, "-m", "jwtinspector", *command],
        input=token.encode("utf-8", "surrogatepass"),
        capture_output=True,
        env={**os.environ, "FUZZ_SECRET": SECRET},
        timeout=30,
        check=False,
    )

    assert result.returncode in (0, 1, 2), result.stderr
    assert b"Traceback" not in result.stderr


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(token=hostile_tokens(), command=COMMANDS)
def test_hostile_tokens_through_the_commands_in_process(
    token: str,
    command: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setenv("FUZZ_SECRET", SECRET)
    args = [token if arg == "-" else arg for arg in command]

    status = main(args)

    assert status in (0, 1, 2)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("\n") <= 1 or status != 2
