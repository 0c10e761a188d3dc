"""Start the window: ``run()`` is what ``jwtinspector`` without a sub-command calls."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from jwtinspector.qt_startup import quicker_import_hook

quicker_import_hook()  # before the window's modules are imported

from jwtinspector.main_window import MainWindow  # noqa: E402


def create_window(argument: str | None = None, *, defer: bool = False) -> MainWindow:
    """Build the window on the sample, a token, or a file holding a token.

    With ``defer`` the window's frame is painted first; its panes, PyJWT and
    cryptography, and the content, are loaded just after that paint, through
    the one start-up boundary, ``jwtinspector.startup``.
    """
    window = MainWindow(defer=defer)
    if defer:
        build = functools.partial(_build_rest, window, argument)
        _AfterFirstPaint(window, window.pane_titles, build)
    else:
        _build_rest(window, argument)
    return window


def _build_rest(window: MainWindow, argument: str | None) -> None:
    """Cross the start-up boundary: the only place this module reaches the
    panes, the session and the engine."""
    from jwtinspector.startup import build_after_first_paint

    build_after_first_paint(window, argument)


class _AfterFirstPaint(QObject):
    """Runs a callback once, after the window's first paint.

    It watches the frame's pane titles (a splitter always shows one): the
    window itself may never get a paint event of its own (its opaque
    children cover it when the menu bar is native, as on macOS), and a
    C++-made child such as the editor's viewport would cost ~25 ms to wrap
    (shiboken creates every QtWidgets class to find its type). The callback
    waits for the next turn of the event loop, so the whole frame is on
    screen by then; a timer runs it anyway should no paint come (a window
    started minimised).
    """

    FALLBACK_MS = 1000

    def __init__(
        self,
        window: QWidget,
        watched: Sequence[QWidget],
        callback: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self._callback: Callable[[], None] | None = callback
        self._watched = list(watched)
        for widget in watched:
            widget.installEventFilter(self)
        QTimer.singleShot(self.FALLBACK_MS, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._watched:
            for widget in self._watched:
                widget.removeEventFilter(self)
            self._watched = []
            QTimer.singleShot(0, self._run)
        return False

    def _run(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()


def application(qt_options: Sequence[str] = ()) -> QApplication:
    """The application object, given Qt's own command-line options
    (``-style Fusion``, ``-platform offscreen``, ``-reverse``)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([*sys.argv[:1], *qt_options])
    app.setApplicationName("JWT Inspector")
    app.setOrganizationName("jwtinspector")
    return app


def run(argument: str | None = None, *, qt_options: Sequence[str] = ()) -> int:
    """Open the window and run the event loop until it closes."""
    app = application(qt_options)
    window = create_window(argument, defer=True)
    sys.excepthook = _ErrorReporter(window)
    window.show()
    return int(app.exec())


class _ErrorReporter:
    """sys.excepthook for the window: a bug in a slot must not pass silently
    (PySide only prints it) nor cost the user their token.

    The user sees the error in one line in the status bar and a dialog; the
    traceback goes to stderr only, never to a file, and carries no locals.
    """

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._showing = False

    def __call__(
        self, kind: type[BaseException], error: BaseException, tb: Any
    ) -> None:
        import traceback

        traceback.print_exception(kind, error, tb, file=sys.stderr)
        line = f"{kind.__name__}: {error}".splitlines()[0][:300]
        self.window.statusBar().showMessage(f"Unexpected error: {line}", 10000)
        if self._showing:  # one dialog at a time, even if errors repeat
            return
        from PySide6.QtWidgets import QMessageBox

        self._showing = True
        try:
            QMessageBox.warning(
                self.window,
                "Unexpected error",
                f"Something went wrong inside JWT Inspector:\n\n{line}\n\n"
                "Your token and key are still in the window. Please report "
                "this with the steps that led to it (without the secret).",
            )
        finally:
            self._showing = False
