"""Run the installed CLI in a child process, as a user's shell does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(
    *args: str,
    stdin: str = "",
    cwd: Path | str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m jwtinspector ARGS`` with no display; never a traceback.

    The display variables are dropped so a sub-command that wrongly loads Qt
    cannot pass by finding a screen.
    """
    environ = {
        k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")
    }
    environ.update(env or {})
    result = subprocess.run(
        [sys.executable, "-m", "jwtinspector", *args],
        cwd=cwd,
        env=environ,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
    return result
