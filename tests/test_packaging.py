"""The wheel holds every package: pyproject lists them by hand."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_folder_of_code_is_a_listed_package() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"][
        "setuptools"
    ]
    listed = set(setuptools["packages"])
    folders = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "jwtinspector").rglob("*.py")
    }
    missing = folders - listed
    assert not missing, f"add to [tool.setuptools] packages: {sorted(missing)}"
    for name, folder in setuptools["package-dir"].items():
        assert (ROOT / folder).is_dir(), f"{name} maps to a missing folder {folder}"
