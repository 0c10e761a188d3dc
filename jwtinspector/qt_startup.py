"""Start-up work around PySide6's import hook.

PySide6 watches every import made after it is loaded and asks whether the new
module mentions "PySide6" (to know where its opt-in ``__feature__`` switches
apply). It answers with ``inspect.getsource``, which tokenizes the whole file
and keeps its lines in ``linecache`` for good: ~0.4 ms per module, and a few
MiB for the ~200 modules of this package, PyJWT, cryptography and the
standard library that the window imports after PySide6. The same question is
answered here by searching the file's bytes, which keeps nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any


def _search_bytes(original: Callable[[ModuleType], Any]) -> Callable[[ModuleType], Any]:
    def uses_pyside(module: ModuleType) -> Any:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)  # built-in, compiled or zipped: as before
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    uses_pyside.searches_bytes = True  # type: ignore[attr-defined]
    return uses_pyside


def quicker_import_hook() -> bool:
    """Make PySide6's per-import check read bytes instead of source lines.

    Returns False, changing nothing, where PySide6 has no such check (other
    versions than the ones this was written against, 6.8 to 6.11).
    """
    import PySide6.QtCore  # noqa: F401 (loads the hook's module)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if not getattr(original, "searches_bytes", False):
        feature._mod_uses_pyside = _search_bytes(original)  # type: ignore[attr-defined]
    return True


# Qt's own command-line options (QApplication and QGuiApplication, and the
# X11 ones): they go to QApplication, never to our parser.
QT_VALUE_OPTIONS = frozenset(
    {
        "style",
        "stylesheet",
        "platform",
        "platformpluginpath",
        "platformtheme",
        "plugin",
        "qwindowgeometry",
        "qwindowtitle",
        "qwindowicon",
        "session",
        "display",
        "geometry",
        "name",
        "title",
        "visual",
        "ncols",
        "cmap",
        "im",
        "inputstyle",
        "qmljsdebugger",
    }
)
"""Options that take a value, as ``-style Fusion`` or ``-style=Fusion``."""
QT_FLAG_OPTIONS = frozenset(
    {"reverse", "widgetcount", "nograb", "dograb", "sync", "testability"}
)
"""Options that stand alone, as ``-reverse``."""


class QtOptionError(ValueError):
    """A Qt option that needs a value was given none."""


def split_qt_options(args: list[str]) -> tuple[list[str], list[str]]:
    """Separate Qt's options from ours: (Qt's, the rest), in their order.

    Qt takes ``-name`` and ``--name``; an option with a value may have it
    attached (``-style=Fusion``) or as the next argument. Everything after
    ``--`` is ours.

    Raises:
        QtOptionError: If a Qt option that needs a value ends the arguments.
    """
    qt: list[str] = []
    ours: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            ours.extend(args[index:])
            break
        name, equals, _ = arg.lstrip("-").partition("=")
        dashes = len(arg) - len(arg.lstrip("-"))
        if dashes in (1, 2) and name in QT_FLAG_OPTIONS and not equals:
            qt.append(arg)
        elif dashes in (1, 2) and name in QT_VALUE_OPTIONS:
            if equals:
                qt.append(arg)
            elif index + 1 < len(args):
                qt.extend(args[index : index + 2])
                index += 1
            else:
                raise QtOptionError(f"the Qt option {arg} needs a value")
        else:
            ours.append(arg)
        index += 1
    return qt, ours
