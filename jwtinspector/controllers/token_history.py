"""The History menu: an opt-in history of the tokens the user keeps.

Off by default. Turned on (History ▸ Keep a history of tokens I keep), the
user keeps the shown token with a label (History ▸ Keep in history…); the
history lists, searches, reopens and deletes entries. With the user's
consent per entry, the key box's text goes to the system keychain
(models.keychain), and comes back with the token. The history file is read
only when the history is first shown or used, or for the purge at start
(after the window is up), never during start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Slot

from jwtinspector import window_settings

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu, QWidget

    from jwtinspector.models.saved_tokens import SavedTokensModel, TokenHistory
    from jwtinspector.widgets.history_view import HistoryDialog

KEEP_SHORTCUT = "Ctrl+Shift+B"
SHOW_SHORTCUT = "Ctrl+Shift+H"  # Ctrl+H is Cmd+H on macOS: hide the app
PURGE_DELAY_MS = 1500
"""The purge at start waits this long after the window is built."""

TURN_ON_TEXT = (
    "The history keeps the tokens you choose (History ▸ Keep in history…) "
    "with a label, their verdict, expiry and the time, in a file in this "
    "app's data folder, so you can search and reopen them.\n\n"
    "Secrets and private keys are never written to that file or the settings. "
    "For each token you may let the system keychain remember its key."
)


class TokenHistoryControl(QObject):
    """Keeps, lists, reopens and deletes history entries.

    Args:
        session: The TokenSession (its text, token, report and key box).
        panel: The SignaturePanel: a reopened entry's key goes in its key
            box (``set_secret(text, mode)``, one key change).
        editor: The TokenEditor: a reopened token replaces its text
            (``set_token_text``, one undo step, as File ▸ Open does).
        status: Shows a status-bar message (text, milliseconds).
        menu: The History menu, filled here (None: no menu).
        parent: The widget the dialogs and the shortcuts belong to.
    """

    def __init__(
        self,
        session: Any,
        panel: Any,
        editor: Any,
        status: Callable[[str, int], None],
        menu: QMenu | None,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._put_key: Callable[[str, str], None] = panel.set_secret
        self._put_token: Callable[[str], None] = editor.set_token_text
        self._dialog_parent = parent
        self._status = status
        self._history: TokenHistory | None = None
        self._model: SavedTokensModel | None = None
        self.dialog: HistoryDialog | None = None
        self.actions: dict[str, QAction] = {}
        self._on = window_settings.history_on()  # read once: asked at every edit
        if self._on and window_settings.history_purge_at_start():
            QTimer.singleShot(PURGE_DELAY_MS, self.purge_at_start)
        if menu is not None:
            self.fill_menu(menu)

    @property
    def history(self) -> TokenHistory:
        """The history (its file is read on first use of its entries)."""
        if self._history is None:
            from jwtinspector.models.saved_tokens import TokenHistory

            self._history = TokenHistory(self, clock=self.session.now)
        return self._history

    # --- the menu -----------------------------------------------------------

    def fill_menu(self, menu: QMenu) -> None:
        """The History menu's actions (their shortcuts work window-wide)."""
        from PySide6.QtGui import QAction, QKeySequence

        window = self._dialog_parent

        def add(name: str, text: str, slot: Any, shortcut: str = "") -> QAction:
            action = QAction(text, window)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            window.addAction(action)  # window-wide shortcut
            menu.addAction(action)
            self.actions[name] = action
            return action

        add("keep", "&Keep in history…", self.keep, KEEP_SHORTCUT)
        add("show", "&Show history", self.show_history, SHOW_SHORTCUT)
        add("purge", "&Purge expired entries", self.purge_expired)
        menu.addSeparator()
        on = add("on", "Keep a &history of tokens I keep", self.turn_on)
        on.setCheckable(True)
        on.setChecked(self._on)
        auto = add("auto", "Purge expired entries at &start", self.set_purge_at_start)
        auto.setCheckable(True)
        auto.setChecked(window_settings.history_purge_at_start())
        self.session.token_changed.connect(self.show_enabled)
        self.show_enabled()

    @Slot()
    def show_enabled(self, *_: object) -> None:
        if "keep" in self.actions:
            has_text = bool(self.session.text.strip())
            self.actions["keep"].setEnabled(self._on and has_text)
            self.actions["auto"].setEnabled(self._on)

    # --- the setting ----------------------------------------------------------

    @Slot(bool)
    def turn_on(self, on: bool) -> None:
        """Turn the history on (after saying what it keeps) or off."""
        from PySide6.QtWidgets import QMessageBox

        if on:
            answer = QMessageBox.question(
                self._dialog_parent, "Keep a history of tokens", TURN_ON_TEXT,
                QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
            )  # fmt: skip
            on = answer == QMessageBox.StandardButton.Ok
        self.set_on(on)
        if not on and self.history.path.exists():
            count = len(self.history.entries())
            if count:
                answer = QMessageBox.question(
                    self._dialog_parent, "Token history turned off",
                    f"Delete the {count} kept token(s) too, with their keys in "
                    "the system keychain? (No keeps them until you delete them.)",
                )  # fmt: skip
                if answer == QMessageBox.StandardButton.Yes:
                    self._show_note(
                        self.history.delete([e.id for e in self.history.entries()])
                    )

    def set_on(self, on: bool) -> None:
        """History ▸ Keep a history…, without asking (tests, preferences)."""
        if on != window_settings.history_on():
            window_settings.set_history_on(on)
        self._on = on
        if "on" in self.actions:
            self.actions["on"].setChecked(on)
        self.show_enabled()
        if self.dialog is not None:
            self.dialog.show_state()

    @Slot(bool)
    def set_purge_at_start(self, purge: bool) -> None:
        window_settings.set_history_purge_at_start(purge)

    # --- keeping ------------------------------------------------------------

    def key_refused(self) -> str:
        """Why the key box's key cannot go to the keychain ("" = it can)."""
        state = self.session.key_input
        if state.mode == "fetch" or not state.text.strip():
            return "The key box holds no key to remember."
        if state.sample:
            return "The sample's secret is not remembered."
        from jwtinspector.models import keychain

        return keychain.unavailable()

    @Slot()
    def keep(self) -> None:
        """History ▸ Keep in history…: ask for the label and the consent."""
        from PySide6.QtWidgets import QDialog, QMessageBox

        dialog = self.keep_dialog()
        if dialog is None or dialog.exec() != QDialog.DialogCode.Accepted:
            return
        problem = self.keep_shown(dialog.label, remember_key=dialog.remember_key)
        if problem:
            QMessageBox.warning(self._dialog_parent, "Keep in history", problem)

    def keep_dialog(self) -> Any:
        """The Keep dialog for the shown token (None, with a message, when
        the history is off or there is no token)."""
        from jwtinspector.core.numericdate import format_local
        from jwtinspector.core.saved_tokens import suggested_label, verdict_words
        from jwtinspector.widgets.history_view import KeepDialog

        if not window_settings.history_on():
            self._status("The token history is off (History ▸ Keep a history…)", 6000)
            return None
        session = self.session
        if not session.text.strip():
            self._status("There is no token to keep", 4000)
            return None
        token = session.inner or session.token
        now = session.now()
        header = getattr(token, "header", None) or {}
        claims = getattr(token, "claims", None) or {}
        facts = [
            f"alg: {header.get('alg', '(none)')}   kid: {header.get('kid', '(none)')}",
            f"iss: {claims.get('iss', '(none)')}   sub: {claims.get('sub', '(none)')}",
            f"Verdict now: {verdict_words(session.report)[0]}",
        ]
        dialog = KeepDialog(
            suggested_label(token, format_local(now)[:16]),
            [fact[:300] for fact in facts],
            self.key_refused(),
            self._dialog_parent,
        )
        return dialog

    def keep_shown(self, label: str, *, remember_key: bool = False) -> str:
        """Keep the shown token; the key box's key too with ``remember_key``.
        Why nothing was kept ("" when it was)."""
        from jwtinspector.models.saved_tokens import HistoryError

        session = self.session
        key = None
        if remember_key and not self.key_refused():
            key = (session.key_input.text, session.key_input.mode)
        try:
            entry, note = self.history.keep(
                session.text, session.inner or session.token, session.report,
                label=label, key=key, secrets=(session.key_input.text,),
            )  # fmt: skip
        except HistoryError as exc:
            self._status(str(exc), 15000)
            return str(exc)
        where = " with its key in the system keychain" if entry.keychain else ""
        kept = f"Kept “{entry.label}” in the history{where}."
        self._status(f"{kept} {note}".strip(), 8000)
        return ""

    # --- the history view ------------------------------------------------------

    @Slot()
    def show_history(self) -> HistoryDialog:
        """History ▸ Show history (the file is read now, not before)."""
        if self.dialog is None:
            from jwtinspector.models.saved_tokens import SavedTokensModel
            from jwtinspector.widgets.history_view import HistoryDialog

            self._model = SavedTokensModel(self.history, self)
            self.dialog = HistoryDialog(self._model, self._dialog_parent)
            self.dialog.reopen_requested.connect(self.reopen)
            self.dialog.delete_requested.connect(self.delete)
            self.dialog.purge_requested.connect(self.purge_expired)
            self._model.refresh()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.search.setFocus()
        return self.dialog

    @Slot(str)
    def reopen(self, entry_id: str) -> None:
        """Show a kept token (one undo step) and put its remembered key back."""
        from jwtinspector.models.saved_tokens import HistoryError

        entry = self.history.find(entry_id)
        if entry is None:
            return
        try:
            key = self.history.key_for(entry)
            note = ""
        except HistoryError as exc:
            key, note = None, f" Its key was not restored: {exc}"
        self._put_token(entry.token)
        if key is not None and not self._may_replace_key(key):
            key, note = None, " The key box keeps the key you had in it."
        if key is not None:
            self._put_key(*key)
        restored = " and its key" if key is not None else ""
        self._status(
            f"Reopened “{entry.label}”{restored} (Ctrl+Z goes back).{note}", 8000
        )

    def _may_replace_key(self, key: tuple[str, str]) -> bool:
        """A key the user typed is never replaced unasked: the remembered key
        goes in an empty box, over the sample's secret, or when they agree."""
        from PySide6.QtWidgets import QMessageBox

        box = self.session.key_input
        if not box.text.strip() or box.sample or (box.text, box.mode) == key:
            return True
        answer = QMessageBox.question(
            self._dialog_parent, "Reopen with its key",
            "The key box holds another key. Replace it with the key the "
            "system keychain remembers for this token?",
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    @Slot(list)
    def delete(self, entry_ids: list[str]) -> None:
        count = len(entry_ids)
        self._show_note(self.history.delete(entry_ids))
        self._status(f"Deleted {_entries(count)}", 4000)

    @Slot()
    def purge_expired(self) -> int:
        count, note = self.history.purge_expired()
        self._show_note(note)
        self._status(f"Purged {_entries(count, 'expired')}", 5000)
        return count

    @Slot()
    def purge_at_start(self) -> None:
        if not (
            window_settings.history_on() and window_settings.history_purge_at_start()
        ):
            return
        self.history.entries()  # read now: a file that cannot be is said at once
        if self.history.problem:
            self._status(self.history.problem, 15000)
            return
        count, note = self.history.purge_expired()
        if count:
            self._status(f"Purged {_entries(count, 'expired history')}", 8000)
        self._show_note(note)

    def _show_note(self, note: str) -> None:
        if not note:
            return
        self._status(note, 15000)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.problem.setText(note)
            self.dialog.problem.show()


def _entries(count: int, kind: str = "") -> str:
    """ "1 expired entry", "2 entries"."""
    noun = "entry" if count == 1 else "entries"
    return " ".join(part for part in (str(count), kind, noun) if part)
