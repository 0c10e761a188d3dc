"""Token input: what puts a token into the editor (a paste, a drop, a file,
the command line's argument) and the line that says why one was refused.

Needed from the first paint on (a drop or a refused paste needs no session),
so this module imports only light Qt classes and no engine module.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QGuiApplication

from jwtinspector.core.limits import DEFAULT_MAX_SIZE
from jwtinspector.widgets.theme import escape, hex_color

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QLabel

    from jwtinspector.widgets.token_editor import TokenEditor

REFUSE_SIZE = DEFAULT_MAX_SIZE
"""Files and pastes over the decoder's limit are refused before they reach the
editor: inserting 10 MB into it alone blocks the window for half a second."""
REPLACED_MESSAGE = "Token replaced (Ctrl+Z brings it back)"


def is_file(argument: str) -> bool:
    """True when the argument names a file; a token too long for a name is not."""
    try:
        return Path(argument).is_file()
    except OSError:  # ENAMETOOLONG for any RS256 token on Linux
        return False


def looks_like_path(argument: str) -> bool:
    """A path, not a token: it has a separator or a file suffix and no
    token-shaped run of dots (a JWS has two, a JWE four)."""
    text = argument.strip()
    if not text or any(c.isspace() for c in text) or text.count(".") >= 2:
        return False
    return "/" in text or "\\" in text or Path(text).suffix != ""


def read_checked(path: str) -> bytes | str:
    """The file's bytes, or why they cannot be read (too big, unreadable)."""
    try:
        size = Path(path).stat().st_size
        if size > REFUSE_SIZE:
            return (
                f"{path} is {size:,} bytes; files over {REFUSE_SIZE:,} bytes "
                "(the decoder's limit) are refused."
            )
        with open(path, "rb") as handle:  # a device or FIFO has no size: read
            data = handle.read(REFUSE_SIZE + 1)  # no more than the limit
    except OSError as exc:
        return f"Cannot open {path}: {exc.strerror}"
    if len(data) > REFUSE_SIZE:
        return (
            f"{path} holds more than {REFUSE_SIZE:,} bytes (the decoder's limit): "
            "refused."
        )
    return data


class TokenInput(QObject):
    """Puts the user's token into the editor; says why one was refused."""

    def __init__(
        self,
        editor: TokenEditor,
        problems: QLabel,
        show_status: Callable[[str, int], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.problems = problems
        self._status = show_status

    def show_problem(self, text: str, role: str = "bad") -> None:
        """The line(s) under the token; hidden when there is nothing to say."""
        self.problems.setText(text)
        self.problems.setStyleSheet(f"color: {hex_color(self.problems, role)};")
        self.problems.setVisible(bool(text))

    @Slot(int)
    def refuse_paste(self, size: int) -> None:
        self.show_problem(
            f"✗ Paste refused: the text is {size:,} characters and the decoder "
            f"takes at most {REFUSE_SIZE:,} (1 MiB). Nothing was changed."
        )

    @Slot()
    def say_replaced(self) -> None:
        self._status(REPLACED_MESSAGE, 4000)

    @Slot()
    def paste_token(self) -> None:
        """File ▸ Paste token, or Ctrl+V outside a text editor: the clipboard
        replaces the token (one undo step brings the old one back)."""
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self._status("The clipboard holds no text to paste.", 4000)
            return
        if len(text) > REFUSE_SIZE:
            self.refuse_paste(len(text))
            return
        replaced = bool(self.editor.toPlainText().strip())
        self.editor.set_token_text(text)
        self.editor.setFocus()
        if replaced:
            self.say_replaced()

    @Slot()
    def clear_token(self) -> None:
        """Empty the token pane."""
        self.editor.clear()

    @Slot()
    def open_file(self) -> None:
        """File ▸ Open: read a token from a file the user picks."""
        from PySide6.QtWidgets import QFileDialog  # dialogs load on first use

        path, _ = QFileDialog.getOpenFileName(
            self.editor.window(), "Open token", "", "All files (*)"
        )
        if path:
            self.load_file(path)

    @Slot(str)
    def load_file(self, path: str) -> None:
        """Put a file's text in the token pane (refusing huge files)."""
        data = read_checked(path)
        if isinstance(data, str):
            self.show_problem(f"✗ {escape(data)}")
            return
        self.editor.set_token_text(data.decode("utf-8", "replace"))

    @Slot(str)
    def load_argument(self, argument: str) -> None:
        """The command line's TOKEN or FILE: a path that names no file is
        reported as such, not decoded as a broken token."""
        if is_file(argument):
            self.load_file(argument)
        elif looks_like_path(argument):
            self.show_problem(
                f"✗ {escape(argument)}: no such file. Pass a token or the "
                "path of a file that holds one."
            )
        else:
            self.editor.set_token_text(argument)
