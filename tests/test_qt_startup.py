"""The quicker PySide6 import check gives the original's verdicts."""

from __future__ import annotations

import importlib.util
import linecache
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
