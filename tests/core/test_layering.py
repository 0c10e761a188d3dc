"""The core engine must stay free of Qt so it can run headless and in the CLI."""

import pathlib
import re
import subprocess
import sys

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
CORE_DIR = REPO_ROOT / "jwtinspector" / "core"
_QT_IMPORT = re.compile(r"^\s*(?:from|import)\s+(?:PySide6|shiboken6)\b", re.MULTILINE)


def last_line_printed(code: str) -> str:
    """Run ``python -c code`` in a fresh interpreter; its last line of output."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_core_modules_import_without_qt():
    code = (
        "import jwtinspector.core.token, jwtinspector.core.verify, "
        "jwtinspector.core.sign, jwtinspector.core.keys, "
        "jwtinspector.core.extract, jwtinspector.core.numericdate; import sys; "
        "print(any(m.startswith(('PySide6','shiboken6')) for m in sys.modules))"
    )

    assert last_line_printed(code) == "False"


def test_core_sources_have_no_qt_import():
    sources = sorted(CORE_DIR.glob("**/*.py"))
    offenders = [
        f"{path.relative_to(REPO_ROOT)}: {match.group().strip()}"
        for path in sources
        for match in _QT_IMPORT.finditer(path.read_text(encoding="utf-8"))
    ]

    assert sources
    assert offenders == []


_DEFERRED_WINDOW = (
    "import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
    "from PySide6.QtWidgets import QApplication\n"
    "app = QApplication([])\n"
    "from jwtinspector.app import create_window\n"
    "window = create_window(defer=True)\n"
)
"""A fresh interpreter's window as run() builds it (before its first paint)."""


def test_window_paints_before_pyjwt_and_cryptography_load():
    """The first paint must not wait for PyJWT and cryptography (about 40% of a
    bare window's start-up): building the window imports neither."""
    code = _DEFERRED_WINDOW + (
        "names = {m.split('.')[0] for m in sys.modules}\n"
        "heavy = sorted(names & {'jwt', 'cryptography'})\n"
        "print(','.join(heavy) or 'none')\n"
    )

    assert last_line_printed(code) == "none"


def test_window_frame_paints_before_the_engine_and_the_panes_load():
    """run()'s first paint is the frame only: the decoder, the session and
    the other panes' modules load after it (see jwtinspector.main_window)."""
    code = _DEFERRED_WINDOW + (
        "window.show()\n"
        "while not window.windowHandle().isExposed():\n"
        "    app.processEvents()\n"
        "ours = sorted(m for m in sys.modules if m.startswith('jwtinspector.'))\n"
        "print(','.join(ours))\n"
    )

    assert last_line_printed(code).split(",") == [
        "jwtinspector.app",
        "jwtinspector.controllers",
        "jwtinspector.controllers.token_input",
        "jwtinspector.core",
        "jwtinspector.core.limits",
        "jwtinspector.main_window",
        "jwtinspector.qt_startup",
        "jwtinspector.widgets",
        "jwtinspector.widgets.editing",
        "jwtinspector.widgets.panes",
        "jwtinspector.widgets.theme",
        "jwtinspector.widgets.token_editor",
        "jwtinspector.window_settings",
    ]
