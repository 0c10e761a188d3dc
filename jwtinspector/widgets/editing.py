"""Shared behaviour of the text editors that change the token."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit


def _is_history_key(event: QKeyEvent) -> bool:
    # QKeySequence is made on the first key press, not before the first paint.
    from PySide6.QtGui import QKeySequence

    keys = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
    return any(event.matches(key) for key in keys)


class WindowUndoEdit(QPlainTextEdit):
    """A plain-text editor whose Undo/Redo keys go to the window's history.

    Every edit of the token (typing, JSON, table, algorithm, template) is one
    history; the editor's own undo would only know its own text.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setUndoRedoEnabled(False)

    def event(self, event: QEvent) -> bool:
        is_override = event.type() == QEvent.Type.ShortcutOverride
        if is_override and isinstance(event, QKeyEvent) and _is_history_key(event):
            event.ignore()  # not ours: the window's Undo/Redo action takes it
            return False
        return super().event(event)
