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
