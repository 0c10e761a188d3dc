"""Start-up: the quicker PySide6 import check gives the original's verdicts,
and the first paint waits for nothing beyond the window's frame."""

from __future__ import annotations

import ast
import importlib.util
import linecache
import pathlib
import subprocess
import sys

import pytest

from jwtinspector.qt_startup import quicker_import_hook

feature = pytest.importorskip("shibokensupport.feature")


def load(tmp_path, name: str, source: str):
    path = tmp_path / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, str(path)


def test_verdicts_match_the_original_and_nothing_is_cached(tmp_path):
    assert quicker_import_hook()
    check = feature._mod_uses_pyside
    assert check.searches_bytes
    assert quicker_import_hook()  # a second call does not wrap it twice
    assert feature._mod_uses_pyside is check

    qt_user, qt_path = load(tmp_path, "uses_qt", "import PySide6.QtCore\n")
    plain, plain_path = load(tmp_path, "no_qt", "# é, not Qt\nVALUE = 1\n")

    assert check(qt_user) is True
    assert check(plain) is False
    assert check(sys) is False  # built in: the original's answer
    assert qt_path not in linecache.cache
    assert plain_path not in linecache.cache


# --- the one start-up boundary ------------------------------------------------

REPO_ROOT = pathlib.Path(__file__).resolve().parents[1]

NOT_BEFORE_THE_FIRST_PAINT = (
    "jwt",
    "cryptography",
    "joserfc",
    "keyring",
    # the engine
    "jwtinspector.core.algorithms",
    "jwtinspector.core.audit",
    "jwtinspector.core.certs",
    "jwtinspector.core.crack",
    "jwtinspector.core.craft",
    "jwtinspector.core.explain",
    "jwtinspector.core.export",
    "jwtinspector.core.jwe",
    "jwtinspector.core.fetch",
    "jwtinspector.core.keygen",
    "jwtinspector.core.keys",
    "jwtinspector.core.pipeline",
    "jwtinspector.core.remote",
    "jwtinspector.core.sign",
    "jwtinspector.core.token",
    "jwtinspector.core.verify",
    # the session and the panes, and the boundary that loads them
    "jwtinspector.crafting",
    "jwtinspector.models",
    "jwtinspector.startup",
    "jwtinspector.widgets.signature_panel",
)
"""Modules (and their submodules) the window's first paint must not wait for."""

_WINDOW_AS_RUN_STARTS_IT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication([])
from jwtinspector.app import create_window
window = create_window(defer=True)
window.show()
while not window.windowHandle().isExposed():
    app.processEvents()
print(" ".join(sorted(sys.modules)))
while not window.built:
    app.processEvents()
print(" ".join(sorted(sys.modules)))
"""


def denied(modules: list[str]) -> list[str]:
    return [
        name
        for name in modules
        if any(
            name == denied or name.startswith(denied + ".")
            for denied in NOT_BEFORE_THE_FIRST_PAINT
        )
    ]


def test_the_first_paint_waits_for_no_engine_module_nor_pyjwt_or_cryptography():
    done = subprocess.run(
        [sys.executable, "-c", _WINDOW_AS_RUN_STARTS_IT],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    at_first_paint, once_built = (line.split() for line in done.stdout.splitlines())

    assert "jwtinspector.main_window" in at_first_paint
    assert denied(at_first_paint) == []
    # The boundary was crossed after the paint: the rest is there now.
    assert {"jwtinspector.startup", "jwtinspector.models.session"} <= set(once_built)


def jwtinspector_imports(path: pathlib.Path) -> tuple[set[str], set[str]]:
    """The package's modules ``path`` imports: (at module level, in functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top: set[str] = set()
    inner: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {node.module}
        elif isinstance(node, ast.Import):
            names = {alias.name for alias in node.names}
        else:
            continue
        ours = {name for name in names if name.startswith("jwtinspector")}
        (top if node in tree.body else inner).update(ours)
    return top, inner


def test_the_module_painted_first_reaches_the_rest_through_one_module():
    top, inner = jwtinspector_imports(REPO_ROOT / "jwtinspector" / "app.py")

    assert top == {"jwtinspector.qt_startup", "jwtinspector.main_window"}
    assert inner == {"jwtinspector.startup"}
