"""Qt's own command-line options reach Qt instead of being refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jwtinspector.cli import main
from jwtinspector.qt_startup import QtOptionError, split_qt_options

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("args", "qt", "ours"),
    [
        (["-style", "Fusion"], ["-style", "Fusion"], []),
        (["-style=Fusion", "token"], ["-style=Fusion"], ["token"]),
        (["--style", "Fusion"], ["--style", "Fusion"], []),
        (
            ["-platform", "offscreen", "eyJ.a.b", "-reverse"],
            ["-platform", "offscreen", "-reverse"],
            ["eyJ.a.b"],
        ),
        (["-qwindowgeometry", "800x600+0+0"], ["-qwindowgeometry", "800x600+0+0"], []),
        (["-widgetcount", "-nograb"], ["-widgetcount", "-nograb"], []),
        (["--", "-style"], [], ["--", "-style"]),
        (["-"], [], ["-"]),
        (["-bogus"], [], ["-bogus"]),
        (["---style", "Fusion"], [], ["---style", "Fusion"]),
        ([], [], []),
    ],
)
def test_qt_options_are_told_apart_from_ours(args, qt, ours):
    assert split_qt_options(args) == (qt, ours)


def test_an_option_without_its_value_is_named():
    with pytest.raises(QtOptionError, match="-style needs a value"):
        split_qt_options(["token", "-style"])


def test_the_window_gets_qt_options_and_the_token(monkeypatch):
    import jwtinspector.app

    calls = []

    def fake_run(argument=None, *, qt_options=()):
        calls.append((argument, list(qt_options)))
        return 0

    monkeypatch.setattr(jwtinspector.app, "run", fake_run)

    assert main(["-style", "Fusion", "-reverse", "eyJhbGciOiJub25lIn0.e30."]) == 0
    assert calls == [("eyJhbGciOiJub25lIn0.e30.", ["-style", "Fusion", "-reverse"])]


def test_an_unknown_option_is_still_refused(capsys):
    assert main(["-bogus"]) == 2
    assert "at most one TOKEN or FILE" in capsys.readouterr().err


def test_a_missing_value_is_a_usage_error(capsys):
    assert main(["-platform"]) == 2
    assert capsys.readouterr().err == (
        "jwtinspector: the Qt option -platform needs a value\n"
    )


def _child(code: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_qt_applies_the_options_it_is_given():
    # No display and no QT_QPA_PLATFORM: only -platform offscreen lets Qt start.
    result = _child(
        "from jwtinspector.app import application\n"
        "app = application(['-platform', 'offscreen', '-style', 'Fusion', "
        "'-reverse'])\n"
        "print(app.platformName(), app.style().name(), app.isRightToLeft())\n"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["offscreen", "fusion", "True"]
