"""Crafting actions of the window: templates, keys, claim tools and export.

They turn a user's request into a call on the session (which rebuilds and
re-signs the token) or into clipboard/file output. Secrets and private keys
go to a file only when the user picks one.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu

from jwtinspector.core.craft import member_name
from jwtinspector.core.numericdate import MAX_SECONDS, NUMERIC_DATE_CLAIMS
from jwtinspector.models.claims_model import ROW_ROLE

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QTableView

    from jwtinspector.models.session import TokenSession
    from jwtinspector.widgets.claims_tools import ClaimsTools
    from jwtinspector.widgets.json_view import JsonView
    from jwtinspector.widgets.signature_panel import SignaturePanel

MAX_DATE = MAX_SECONDS
"""The last second of the year 9999: later dates do not fit the date picker."""


def _json_object(text: str) -> dict[str, Any] | None:
    """The text's JSON object, or None when it is not one."""
    from jwtinspector.core.errors import TokenFormatError
    from jwtinspector.core.json_read import json_value

    try:
        value = json_value(text, "JSON")  # bounded: deep nesting is refused
    except TokenFormatError:
        return None
    return value if isinstance(value, dict) else None


KID_ACTION_TEXTS = {
    "thumbprint": "Set the token's kid to the key thumbprint",
    "own": "Set the token's kid to the key's kid",
    "fingerprint": "Set the token's kid to the secret's keyed session fingerprint",
}
"""The Export key menu's kid action: a key set's key keeps its own kid; a
secret's kid is a keyed per-session fingerprint (an unsalted digest of a
secret would let anyone test guesses offline), a key's its RFC 7638
thumbprint."""


class Crafting(QObject):
    """Menus and handlers for making and exporting tokens and keys."""

    def __init__(
        self,
        session: TokenSession,
        signature_panel: SignaturePanel,
        claims_table: QTableView,
        claims_tools: ClaimsTools,
        payload_view: JsonView,
        show_status: Callable[[str, int], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.signature_panel = signature_panel
        self.claims_table = claims_table
        self.claims_tools = claims_tools
        self.payload_view = payload_view
        self._show_status = show_status
        self._menu_alg: str | None = None  # the alg Generate key's menu is for
        self._selected_claim = ""

    # --- menus --------------------------------------------------------------

    def build_menus(self, edit: QMenu, token: QMenu) -> None:
        """Fill the Edit and Token menus; the signature pane's Export key menu."""
        self.undo_action = self._add(edit, "&Undo", QKeySequence.StandardKey.Undo)
        self.redo_action = self._add(edit, "&Redo", QKeySequence.StandardKey.Redo)
        self.undo_action.triggered.connect(self.session.undo)
        self.redo_action.triggered.connect(self.session.redo)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        edit.addSeparator()
        self.keep_format_action = self._add(edit, "&Keep my JSON formatting", None)
        self.keep_format_action.setCheckable(True)
        self.keep_format_action.toggled.connect(self._on_keep_format)

        # The window also lists New token in its File menu.
        self.new_action = self._add(token, "&New token", QKeySequence.StandardKey.New)
        self.new_action.setObjectName("newTokenAction")
        self.new_action.triggered.connect(self.new_token)
        # Filled by add_template_actions: the templates module (and the
        # secrets and hashlib modules it loads) can wait for the first paint.
        self.templates_menu = token.addMenu("New from &template")
        self.templates_menu.aboutToShow.connect(self.add_template_actions)
        token.addSeparator()
        self.copy_bearer_action = self._add(
            token, "Copy as &Authorization header", "Ctrl+Shift+A"
        )
        self.copy_bearer_action.triggered.connect(self.copy_bearer)
        self.copy_curl_action = self._add(
            token, "Copy as c&url command", "Ctrl+Shift+U"
        )
        self.copy_curl_action.triggered.connect(self.copy_curl)
        self.save_action = self._add(
            token, "&Save token…", QKeySequence.StandardKey.Save
        )
        self.save_action.triggered.connect(self.save_token)

        menu = QMenu(self.signature_panel.export_button)
        for text, slot in (
            ("Copy public key as PEM", lambda: self.copy_key("pem")),
            ("Copy public key as JWK", lambda: self.copy_key("jwk")),
            ("Copy public key as JWKS", lambda: self.copy_key("jwks")),
            ("Save public key…", lambda: self.save_key(private=False)),
            ("Save private key or secret…", lambda: self.save_key(private=True)),
        ):
            menu.addAction(text).triggered.connect(slot)
        self.set_kid_action = menu.addAction(KID_ACTION_TEXTS["thumbprint"])
        self.set_kid_action.setObjectName("setKidAction")
        self.set_kid_action.triggered.connect(self.set_kid)
        self.signature_panel.export_button.setMenu(menu)
        self.generate_menu = QMenu(self.signature_panel.generate_button)
        self.generate_menu.setObjectName("generateKeyMenu")
        self.signature_panel.generate_button.setMenu(self.generate_menu)
        self.offer_keys()

        # Delete in the claims table removes the selected claim (not while a
        # cell is being edited: the cell editor has the focus then).
        table = self.claims_table
        self.delete_claim_action = QAction("Remove claim", table)
        self.delete_claim_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_claim_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_claim_action.triggered.connect(self.remove_claim)
        table.addAction(self.delete_claim_action)
        self.show_editable(self.session.token)

    def add_template_actions(self) -> None:
        """One action per template in Token ▸ New from template (once)."""
        menu = self.templates_menu
        if menu.actions():
            return
        from jwtinspector.core.templates import TEMPLATE_TITLES, TEMPLATES

        for name in TEMPLATES:
            action = self._add(menu, TEMPLATE_TITLES[name], None)
            action.setObjectName(f"template:{name}")
            action.triggered.connect(lambda _=False, n=name: self.apply_template(n))

    def _add(self, menu: QMenu, text: str, shortcut: Any) -> QAction:
        action = menu.addAction(text)
        if isinstance(shortcut, QKeySequence.StandardKey):
            # Every platform binding (Redo is Ctrl+Y and Ctrl+Shift+Z on Linux).
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    @Slot(bool, bool)
    def show_history(self, can_undo: bool, can_redo: bool) -> None:
        """Enable Undo/Redo as the history allows."""
        self.undo_action.setEnabled(can_undo)
        self.redo_action.setEnabled(can_redo)

    def _on_keep_format(self, keep: bool) -> None:
        self.session.keep_formatting = keep

    @Slot(object)
    def show_editable(self, token: Any) -> None:
        """Enable what applies to the token shown: nothing edits or exports
        an empty window, an encrypted token (JWE) can only be copied or saved
        (its claims are sealed), and the claim tools need a JSON payload. A
        JSON serialization is shown read-only (its text copies as typed)."""
        whole = self.session.json_form.active  # not one compact token
        signed = token is not None and not token.is_encrypted
        claims = signed and token.claims is not None  # a JSON object
        tools = self.claims_tools
        for widget in (
            tools.add_button,
            tools.remove_button,
            tools.date_label,
            tools.date_edit,
            tools.set_date_button,
            tools.quick_button,
        ):
            widget.setEnabled(claims)
        self.delete_claim_action.setEnabled(claims)
        header = signed and token.header is not None and not whole  # read-only
        self.set_kid_action.setEnabled(header)
        # Choosing an algorithm or generating a key re-signs: only a JWS.
        panel = self.signature_panel
        panel.algorithm_combo.setEnabled(header)
        panel.generate_button.setEnabled(header)
        # A template starts afresh (also from nothing), but not from a JWE.
        self.templates_menu.setEnabled(token is None or not token.is_encrypted)
        for action in (self.copy_bearer_action, self.copy_curl_action):
            action.setEnabled(token is not None and not whole)
        self.save_action.setEnabled(token is not None and not whole)
        self.show_date_target()

    # --- templates and keys -------------------------------------------------

    def new_token(self) -> None:
        """File ▸ New token: an editable header and payload, signed with a
        freshly generated HS256 secret put in the key input (one undo step).

        A fresh key every time: a token from nothing is never signed with a
        key left from another token (such as the sample's secret).
        """
        from jwtinspector.core.templates import new_token

        header, payload = new_token(self.session.now())
        with self.session.holding_resign():
            self.generate_key("HS256", resign=False)
        self.session.replace_token(header, payload)
        self.payload_view.setFocus()

    def edit_json(self, part: str, text: str) -> None:
        """The header or payload JSON was edited. Typed into an empty window,
        a JSON object makes a token: signed with the key the user gave (a
        key that cannot sign leaves it unsigned, the key kept), else with a
        freshly generated HS256 secret; never with the sample's secret."""
        session = self.session
        if session.token is None and not session.text.strip():
            value = _json_object(text)
            if value is None:
                session.edit_json(part, text)  # says what is wrong
                return
            key = self._user_key()
            alg = value.get("alg") if part == "header" else None
            if not isinstance(alg, str) or not alg:
                algs = getattr(key, "algorithms", ())
                alg = algs[0] if algs else "HS256"
            if key is None:
                with session.holding_resign():
                    self.generate_key(alg, resign=False)
            session.edit_json(part, text, alg=alg)
            return
        session.edit_json(part, text)

    def _user_key(self) -> Any:
        """The key the user gave (None for none, or the sample's secret)."""
        return None if self.session.key_input.sample else self.session.key

    def apply_template(self, name: str) -> None:
        """Fill header and payload from a template, signed with a fitting key.

        One template is one undo step: a key it has to make is installed
        without signing, and the new token is signed once. The sample's
        secret belongs to the sample: a template gets a key of its own.
        """
        from jwtinspector.core.templates import make_template

        token = self.session.token
        alg = token.alg if token is not None and token.alg else "HS256"
        header, payload = make_template(name, now=self.session.now(), alg=alg)
        self.session.drop_sample_key()  # a new token: not signed with the sample's
        if not self.session.can_sign_with(alg):
            with self.session.holding_resign():
                self.generate_key(alg, resign=False)
        self.session.replace_token(header, payload)

    def _alg(self) -> str:
        token = self.session.token
        return (token.alg if token is not None else None) or "HS256"

    @Slot()
    @Slot(object)
    def offer_keys(self, _token: Any = None) -> None:
        """Fill Generate key's menu with the keys that fit the token's alg."""
        from jwtinspector.core.key_choices import key_choices  # no cryptography

        alg = self._alg()
        if alg == self._menu_alg:
            return  # typing rarely changes alg: keep the menu as it is
        self._menu_alg = alg
        menu = self.generate_menu
        menu.clear()
        choices = key_choices(alg)
        for choice in choices:
            action = menu.addAction(choice.label)
            action.setObjectName(f"generate:{choice.label}")
            action.triggered.connect(
                lambda _=False, c=choice: self.generate_key(choice=c)
            )
        if not choices:
            what = "alg none needs no key" if alg.lower() == "none" else "no key fits"
            menu.addAction(f"{alg}: {what}").setEnabled(False)

    def generate_key(
        self, alg: str | None = None, *, choice: Any = None, resign: bool = True
    ) -> None:
        """Make a key that fits the algorithm, put it in the key input, re-sign.

        The user asked for this key, so the token is signed with it (unless
        the caller signs afterwards, as a template does).
        """
        from jwtinspector.core import keygen, keys
        from jwtinspector.core.errors import InspectorError

        alg = alg or self._alg()
        if alg.strip().lower() == "none":
            self._status("alg none needs no key: the token is unsigned.")
            return
        choices = keygen.key_choices(alg)
        if not choices:
            self._status(f"No key can be made for {alg}: choose another algorithm.")
            return
        choice = choice or choices[0]  # one click: the default key
        try:
            key = keygen.generate_choice(choice, alg)
        except InspectorError as exc:
            self._status(str(exc))
            return
        panel = self.signature_panel
        with self.session.holding_resign():
            if key.kty == "oct" and choice.text:
                panel.set_secret(key.key.decode("ascii"), "utf-8")
            elif key.kty == "oct":
                panel.set_secret(keys.to_jwk(key)["k"], "base64url")
            else:
                panel.set_key_text(keys.to_private_pem(key))
        if resign:
            self.session.resign()
        self._status(f"Generated {key.describe()} (in memory only).")

    def _picked_key(self) -> Any:
        """The key to export: the key, or a key set's one key (or the kid's)."""
        if self.session.key is None:
            return None
        from jwtinspector.core.craft import export_key

        token = self.session.token
        kid = (token.header or {}).get("kid") if token is not None else None
        return export_key(self.session.key, kid)

    def _current_key(self) -> Any:
        """The key to export, or None with a status message saying why."""
        key = self._picked_key()
        if key is None and self.session.key is not None:
            self._status(
                "The key set holds several keys: set the token's kid to the one to use."
            )
        elif key is None:
            self._status("Load or generate a key first.")
        return key

    def copy_key(self, form: str) -> None:
        """Copy the public key (PEM, JWK or one-key JWKS) to the clipboard."""
        import json

        from jwtinspector.core import keys

        key = self._current_key()
        if key is None:
            return
        if key.kty == "oct":
            self._status("A shared secret has no public key to export.")
            return
        from jwtinspector.core.export import jwk_for, jwks_for

        if form == "pem":
            text = keys.to_public_pem(key)
        else:  # kid: the one "set the token's kid" sets
            export = jwks_for if form == "jwks" else jwk_for
            text = json.dumps(export(key, kid=self._kid_for(key)[0]), indent=2)
        QGuiApplication.clipboard().setText(text)
        self._status(f"Public key copied as {form.upper()}.")

    def save_key(self, *, private: bool) -> None:
        """Write the key to a file the user picks (the only way a key is saved)."""
        from jwtinspector.core import keys

        key = self._current_key()
        if key is None:
            return
        if private and key.kty == "oct":
            text = keys.to_jwk(key)["k"] + "\n"
        elif private:
            text = keys.to_private_pem(key)
        elif key.kty == "oct":
            self._status("A shared secret has no public key to export.")
            return
        else:
            text = keys.to_public_pem(key)
        title = "Save private key or secret" if private else "Save public key"
        from PySide6.QtWidgets import QFileDialog  # dialogs load on first use

        path, _ = QFileDialog.getSaveFileName(
            self._dialog_parent(), title, "", "All files (*)"
        )
        if path:
            self._write(path, text, private=private)

    def set_kid(self) -> None:
        """Set the header's kid to the key's own kid when a key set names it,
        else to the key's RFC 7638 thumbprint; the status bar says which."""
        key = self._current_key()
        if key is None:
            return
        kid, own = self._kid_for(key)
        self.session.set_header_member("kid", kid)  # the menu text follows
        import json

        what = "the key's kid" if own else "the key thumbprint"
        if key.kty == "oct" and not own:  # a secret's digest is never published
            what = "the secret's keyed session fingerprint"
        self._status(f"Set the token's kid to {what} {json.dumps(kid)}.")

    def _kid_for(self, key: Any) -> tuple[str, bool]:
        """The kid that names ``key``, and whether it is the key's own.

        A key set's key keeps the kid the set gives it: a token with another
        kid could not be checked with that set. Any other key is named by its
        RFC 7638 thumbprint, as its exported JWK and JWKS are.
        """
        from jwtinspector.core.keys import KeySet

        if isinstance(self.session.key, KeySet) and key.kid:
            return key.kid, True
        return key.thumbprint, False

    @Slot()
    @Slot(object)
    def show_kid_choice(self, _value: Any = None) -> None:
        """Name, in the Export key menu, the kid that setting the kid would set."""
        key = self._picked_key()
        kind = "thumbprint"
        if key is not None and self._kid_for(key)[1]:
            kind = "own"
        elif key is not None and key.kty == "oct":
            kind = "fingerprint"
        self.set_kid_action.setText(KID_ACTION_TEXTS[kind])

    # --- claims tools -------------------------------------------------------

    def add_claim(self) -> None:
        """Ask for a name, add the claim with an empty string value and open
        an editor on that value, scrolled into view (a name the token has
        already opens its value: nothing is overwritten)."""
        from PySide6.QtWidgets import QInputDialog

        typed, ok = QInputDialog.getText(
            self._dialog_parent(), "Add claim", "Claim name:"
        )
        if not ok:
            return
        name = member_name(typed)
        if not name:
            self._status("A claim needs a name: nothing was added.")
            return
        token = self.session.token
        if token is None or name not in (token.claims or {}):
            self.session.set_claim(name, "")
        self.edit_claim_value(name)

    def edit_claim_value(self, name: str) -> None:
        """Select the claim's row and open an editor on its value."""
        from jwtinspector.models.claims_model import Column

        table, model = self.claims_table, self.session.claims_model
        for number, row in enumerate(model.rows()):
            if row.name == name:
                index = model.index(number, Column.VALUE)
                table.setCurrentIndex(index)
                table.scrollTo(index)
                table.setFocus()
                table.edit(index)
                return

    def remove_claim(self) -> None:
        """Remove the claim selected in the table."""
        row = self._selected_row()
        if row is not None:
            self.session.remove_claim(row.name)

    def set_date(self, seconds: int) -> None:
        """Set the selected date claim (or exp) to an absolute time."""
        self.session.set_claim(self._date_claim(), int(seconds))

    def quick_time(self, offset: int) -> None:
        """Set the selected date claim (or exp) relative to now."""
        self.session.set_claim(self._date_claim(), int(self.session.now()) + offset)

    def on_current_claim(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The date tools follow the claim the user selects."""
        row = current.data(ROW_ROLE)
        if row is None:
            return  # a reset clears the selection; reselect_claim restores it
        self._selected_claim = row.name
        self.show_date_target(row)

    def reselect_claim(self) -> None:
        """Keep the user's row selected across the rebuild an edit causes."""
        from jwtinspector.models.claims_model import Column

        model = self.session.claims_model
        for number, row in enumerate(model.rows()):
            if row.name == self._selected_claim:
                self.claims_table.setCurrentIndex(model.index(number, Column.VALUE))
                self.claims_table.selectRow(number)
                return

    def _selected_row(self) -> Any:
        indexes = self.claims_table.selectionModel().selectedIndexes()
        return indexes[0].data(ROW_ROLE) if indexes else None

    def show_date_target(self, row: Any = None) -> None:
        """The date tools name the claim they set (``row``'s, or the selected
        one's when it is a time claim, else exp) and show its value."""
        from jwtinspector.core.numericdate import is_numeric

        claim = self._date_claim(row)
        token = self.session.token
        claims: dict[str, Any] = (token.claims or {}) if token is not None else {}
        value: Any = claims.get(claim)
        now = self.session.now()
        seconds: float | None
        if claim not in claims:
            seconds = None  # the button says Add
        elif is_numeric(value) and abs(value) < MAX_DATE:
            seconds = float(value)
        else:
            seconds = now  # not a date the picker can show: offer now
        self.claims_tools.show_target(claim, seconds, now)

    def _date_claim(self, row: Any = None) -> str:
        row = row if row is not None else self._selected_row()
        return (
            row.name if row is not None and row.name in NUMERIC_DATE_CLAIMS else "exp"
        )

    # --- export the token ----------------------------------------------------

    def copy_bearer(self) -> None:
        """Copy 'Authorization: Bearer <token>'."""
        from jwtinspector.core.export import bearer_header

        self._copy_as(bearer_header, "a header", "an Authorization header")

    def copy_curl(self) -> None:
        """Copy a curl command that sends the token."""
        from jwtinspector.core.export import curl_command

        self._copy_as(curl_command, "a curl command", "a curl command")

    def _copy_as(self, make: Callable[[str], str], short: str, long: str) -> None:
        """Copy ``make(token)``; say why not when the token cannot go there."""
        from jwtinspector.core.errors import UsageError

        if self.session.token is None:
            self._status("No token to copy: paste or make a token first.")
            return
        try:
            text = make(self.session.token.token)
        except UsageError as exc:
            self._status(f"Cannot copy as {short}: {exc} Nothing was copied.")
            return
        QGuiApplication.clipboard().setText(text)
        self._status(f"Copied as {long}.")

    def save_token(self) -> None:
        """Save the token to a file the user picks."""
        if self.session.token is None:
            return
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(
            self._dialog_parent(),
            "Save token",
            "token.jwt",
            "Tokens (*.jwt *.txt);;All files (*)",
        )
        if path:
            self._write(path, self.session.token.token + "\n")

    def _write(self, path: str, text: str, *, private: bool = False) -> None:
        """Write the file; a private key or secret is readable by its owner only."""
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(path, flags, 0o600 if private else 0o666)
            with os.fdopen(fd, "wb") as handle:
                if private and hasattr(os, "fchmod"):
                    os.fchmod(handle.fileno(), 0o600)  # an existing file too
                handle.write(text.encode("utf-8"))
        except OSError as exc:
            self._status(f"Cannot write {path}: {exc.strerror}")
            return
        self._status(f"Saved {path}")

    def save_private_text(self, title: str, text: str) -> None:
        """Ask where, then write ``text`` (a key) readable by its owner only."""
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(
            self._dialog_parent(), title, "", "All files (*)"
        )
        if path:
            self._write(path, text, private=True)

    def _status(self, text: str) -> None:
        self._show_status(text, 5000)

    def _dialog_parent(self) -> Any:
        return self.claims_table.window()
