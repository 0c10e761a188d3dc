"""Run the command line in the test's own process (quicker than a child
process): its exit status, stdout and stderr as a CompletedProcess."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from jwtinspector.cli import main


def run_main(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    stdin: str = "",
) -> subprocess.CompletedProcess[str]:
    """``jwtinspector ARGS`` with ``stdin`` as its standard input."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        code = main(list(args))
    except SystemExit as exc:  # an argument error
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, out.out, out.err)
