"""The token history: the tokens the user chose to keep, in a file in the
app's data folder, read on first use (never at start-up).

Off by default (window_settings.history_on). The file holds what
core.saved_tokens.SavedToken holds, never a secret or key: a key the user
lets the app remember goes to the system keychain (models.keychain), and
deleting the entry deletes it there too. The file is written whole to a
temporary file then renamed, readable by its owner only. A file that cannot
be read is never overwritten silently: it is moved aside first, and the
message says where.

Not to be confused with models.history, the undo history of token edits.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import pathlib
import tempfile
import time
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QObject,
    QStandardPaths,
    Qt,
    Signal,
)

from jwtinspector import window_settings
from jwtinspector.core import saved_tokens
from jwtinspector.core.saved_tokens import HistoryFileError, SavedToken
from jwtinspector.models import keychain
from jwtinspector.models.rows_model import Index, RowsModel

FILE_NAME = "token-history.json"


class HistoryError(Exception):
    """An action on the history failed: the message says why, in plain words."""


class TokenHistory(QObject):
    """The kept tokens, read from their file on first use.

    Args:
        folder: Where the file is (default: the app's data folder).
        clock: The time entries are kept at and expire by.

    Signals:
        changed: The entries changed (kept, renamed, deleted, read).
    """

    changed = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        folder: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(parent)
        self._folder = folder
        self._clock = clock
        self._entries: list[SavedToken] | None = None  # None: not read yet
        self.problem = ""  # why the file could not be read ("" = it could)
        self._unreadable = False

    # --- the setting ------------------------------------------------------

    @property
    def on(self) -> bool:
        """True while the user has the history turned on."""
        return window_settings.history_on()

    def set_on(self, on: bool) -> None:
        window_settings.set_history_on(on)

    # --- the file -----------------------------------------------------------

    @property
    def path(self) -> pathlib.Path:
        """The history file (it may not exist)."""
        folder = self._folder or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.AppDataLocation
        )
        return pathlib.Path(folder) / FILE_NAME

    @property
    def loaded(self) -> bool:
        """True once the file was read (the start-up never reads it)."""
        return self._entries is not None

    def entries(self) -> tuple[SavedToken, ...]:
        """The entries, newest first (the file is read on the first call)."""
        if self._entries is None:
            self._entries = self._read()
            self.changed.emit()
        return tuple(self._entries)

    def _read(self) -> list[SavedToken]:
        path = self.path
        self.problem, self._unreadable = "", False
        try:
            if not path.exists():
                return []
            if path.stat().st_size > saved_tokens.MAX_FILE_BYTES:
                raise HistoryFileError("it is too large to be a token history")
            entries = saved_tokens.loads(path.read_text(encoding="utf-8"))
        except (HistoryFileError, OSError, UnicodeDecodeError) as exc:
            reason = exc if isinstance(exc, HistoryFileError) else _line(exc)
            self._unreadable = True
            self.problem = (
                f"The token history file {path} could not be read: {reason}. "
                "It is left as it is; keeping a token first moves it aside to "
                f"{self._backup_path().name}."
            )
            return []
        return sorted(entries, key=lambda entry: entry.saved, reverse=True)

    def _backup_path(self) -> pathlib.Path:
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(self._clock()))
        return self.path.with_name(f"{FILE_NAME}.unreadable-{stamp}")

    def _write(self, entries: list[SavedToken]) -> str:
        """Write the file whole; a note when an unreadable one was moved aside."""
        path, note = self.path, ""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if self._unreadable and path.exists():
                backup = self._backup_path()
                os.replace(path, backup)
                note = f"The unreadable history file was moved aside to {backup}."
            handle, temporary = tempfile.mkstemp(prefix=".history-", dir=path.parent)
            try:
                os.chmod(temporary, 0o600)
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    file.write(saved_tokens.dumps(entries))
                os.replace(temporary, path)
            except BaseException:
                pathlib.Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise HistoryError(
                f"The token history could not be written to {path}: {_line(exc)}"
            ) from None
        self._entries, self._unreadable, self.problem = entries, False, ""
        self.changed.emit()
        return note

    # --- actions ------------------------------------------------------------

    def keep(
        self,
        text: str,
        token: Any,
        report: Any,
        *,
        label: str,
        key: tuple[str, str] | None = None,
        secrets: tuple[str, ...] = (),
    ) -> tuple[SavedToken, str]:
        """Keep ``text`` (its decoded token and report); with ``key`` (the key
        box's text and mode) the keychain remembers the key. ``text`` holding
        a private key or one of ``secrets`` is refused. The new entry and a
        note (an unreadable file moved aside, or "")."""
        if not self.on:
            raise HistoryError("The token history is off: nothing was kept.")
        if not text.strip():
            raise HistoryError("There is no token to keep.")
        inside = saved_tokens.secret_inside(text, secrets)
        if inside:
            raise HistoryError(f"{inside}: it is not kept. Remove it, then keep it.")
        if len(text) > saved_tokens.MAX_TOKEN_CHARS:
            raise HistoryError(
                f"This token is too long to keep ({len(text):,} characters; "
                f"at most {saved_tokens.MAX_TOKEN_CHARS:,})."
            )
        entries = list(self.entries())
        if len(entries) >= saved_tokens.MAX_ENTRIES:
            raise HistoryError(
                f"The history holds {len(entries):,} tokens, as many as it keeps: "
                "delete some (or purge the expired ones) first."
            )
        entry_id = uuid.uuid4().hex
        if key is not None:
            reason = keychain.unavailable()
            if reason:
                raise HistoryError(f"Nothing was kept. {reason}")
            try:
                keychain.store(entry_id, *key)
            except keychain.KeychainError as exc:
                raise HistoryError(f"Nothing was kept. {exc}") from None
        entry = saved_tokens.make_entry(
            entry_id, text, token, report, label=label, saved=self._clock(),
            keychain=key is not None,
        )  # fmt: skip
        try:
            note = self._write([entry, *entries])
        except HistoryError:
            if key is not None:
                self._forget_key(entry)
            raise
        return entry, note

    def find(self, entry_id: str) -> SavedToken | None:
        return next((e for e in self.entries() if e.id == entry_id), None)

    def key_for(self, entry: SavedToken) -> tuple[str, str] | None:
        """The key remembered for ``entry`` (None: none was); HistoryError
        when the keychain has lost it or cannot be reached."""
        if not entry.keychain:
            return None
        try:
            key = keychain.load(entry.id)
        except keychain.KeychainError as exc:
            raise HistoryError(str(exc)) from None
        if key is None:
            raise HistoryError("The system keychain no longer holds its key.")
        return key

    def rename(self, entry_id: str, label: str) -> None:
        label = " ".join(label.split())
        entries = list(self.entries())
        for number, entry in enumerate(entries):
            if entry.id == entry_id and label and label != entry.label:
                entries[number] = dataclasses.replace(entry, label=label)
                self._write(entries)
                return

    def delete(self, entry_ids: list[str] | tuple[str, ...]) -> str:
        """Delete entries and their keychain items; a note if one stayed."""
        gone = set(entry_ids)
        doomed = [entry for entry in self.entries() if entry.id in gone]
        if not doomed:
            return ""
        self._write([entry for entry in self.entries() if entry.id not in gone])
        failed = [entry for entry in doomed if not self._forget_key(entry)]
        if failed:
            return (
                f"{len(failed)} key(s) could not be deleted from the system "
                f"keychain (service “{keychain.SERVICE}”): delete them there."
            )
        return ""

    def purge_expired(self) -> tuple[int, str]:
        """Delete the expired entries: how many, and a note if a key stayed."""
        now = self._clock()
        expired = [entry.id for entry in self.entries() if entry.expired(now)]
        return len(expired), self.delete(expired)

    def _forget_key(self, entry: SavedToken) -> bool:
        if not entry.keychain:
            return True
        try:
            keychain.delete(entry.id)
        except keychain.KeychainError:
            return False
        return True

    def now(self) -> float:
        return self._clock()


_COLUMNS = ("Label", "Alg", "Issuer", "Subject", "Verdict", "Expires", "Kept", "Key")
_MARKS = {"good": "✓", "bad": "✗", "warn": "⚠"}  # the verdict's mark, as the banner's
MAX_ROWS = 1000
"""Rows listed at most (the history keeps no more anyway)."""


class SavedTokensModel(RowsModel):
    """The history's entries that match a search, as table rows; the label
    is edited in place."""

    columns = len(_COLUMNS)

    def __init__(self, history: TokenHistory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.query = ""
        self._rows: tuple[SavedToken, ...] = ()
        history.changed.connect(self.refresh)

    def set_query(self, query: str) -> None:
        self.query = query
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        query = self.query.strip()
        found = (e for e in self.history.entries() if not query or e.matches(query))
        self._rows = tuple(itertools.islice(found, MAX_ROWS))
        self.endResetModel()

    def entry(self, row: int) -> SavedToken | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = 0
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and (
            orientation == Qt.Orientation.Horizontal and 0 <= section < len(_COLUMNS)
        ):
            return _COLUMNS[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        entry = self.entry(index.row())
        if entry is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if role == Qt.ItemDataRole.UserRole:
            return entry.id
        return None

    def _text(self, entry: SavedToken, column: int) -> str:
        from jwtinspector.core.numericdate import format_local, relative_text

        now = self.history.now()
        if column == 5:
            if entry.expires is None:
                return "never"
            when = relative_text(entry.expires - now)
            return f"expired {when}" if entry.expired(now) else when
        if column == 6:
            return format_local(entry.saved)[:16]
        if column == 7:
            return "keychain" if entry.keychain else ""
        verdict = f"{_MARKS.get(entry.role, '⚠')} {entry.verdict}"
        values = (entry.label, entry.alg, entry.iss, entry.sub, verdict)
        return values[column] if column < len(values) else ""

    def _tooltip(self, entry: SavedToken, column: int) -> str:
        from jwtinspector.core.numericdate import format_local

        if column == 5 and entry.expires is not None:
            return format_local(entry.expires)
        if column == 0:
            return f"{entry.label}\nkid: {entry.kid or '(none)'}"
        if column == 7 and entry.keychain:
            return "Its key is in the system keychain: reopening puts it back"
        return self._text(entry, column)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == 0 else flags

    def setData(self, index: Index, value: Any, role: int = 0) -> bool:
        entry = self.entry(index.row())
        if entry is None or index.column() != 0 or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            self.history.rename(entry.id, str(value))
        except HistoryError:
            return False
        return True


def _line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]
