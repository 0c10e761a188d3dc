"""Read the data files under the top-level ``resources/`` folder.

Installed, that folder ships as the ``jwtinspector.resources`` package; in a
plain source checkout it is read from beside the package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def read_resource(name: str) -> str:
    """The text of ``resources/<name>``."""
    try:
        return (
            resources.files("jwtinspector.resources").joinpath(name).read_text("utf-8")
        )
    except ModuleNotFoundError:
        return (Path(__file__).parents[2] / "resources" / name).read_text("utf-8")
