"""Token ▸ Encrypt…: wrap the signed token shown (a nested JWT) or its
payload in a JWE, for a generated key or the one in the decryption key box.

The JWE replaces the token as one undo step, and its key goes to the
decryption key box (memory only), so the window decrypts it at once."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from jwtinspector.models.session import TokenSession
    from jwtinspector.widgets.encrypt_dialog import EncryptChoice
    from jwtinspector.widgets.jwe_box import DecryptBox
    from jwtinspector.widgets.token_editor import TokenEditor


class Encrypting(QObject):
    """Makes a JWE of the token shown."""

    def __init__(
        self,
        session: TokenSession,
        editor: TokenEditor,
        box: Callable[[], DecryptBox],
        show_status: Callable[[str, int], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.editor = editor
        self._box = box  # the decryption key box, built on first use
        self._status = show_status

    @Slot()
    def ask(self) -> None:
        """Token ▸ Encrypt…: the dialog, then the JWE."""
        from jwtinspector.widgets.encrypt_dialog import EncryptDialog

        token = self.session.token
        if token is None or token.is_encrypted or token.header is None:
            self._status(
                "Encrypt… wraps a signed token: paste or make one first.", 6000
            )
            return
        parent: QWidget = self.editor.window()
        dialog = EncryptDialog(parent)
        dialog.set_has_key(self._box_key() is not None)
        if dialog.exec():
            self.encrypt_with(dialog.choice())

    def _box_key(self) -> Any:
        """The key in the decryption key box, or None."""
        from jwtinspector.core.errors import InspectorError
        from jwtinspector.core.keys import load_key_input

        text = self.session.jwe.key_text
        if not text.strip():
            return None
        try:
            return load_key_input(text, "auto").key
        except InspectorError:
            return None

    def encrypt_with(self, choice: EncryptChoice) -> bool:
        """Make the JWE the choice asks for; False (and a status message
        saying why) when it cannot be made."""
        from jwtinspector.core import keys
        from jwtinspector.core.errors import InspectorError
        from jwtinspector.core.jwe import encrypt, encrypt_token
        from jwtinspector.core.keygen import generate_jwe_key

        token = self.session.token
        if token is None or token.is_encrypted or token.header is None:
            self._status(
                "Encrypt… wraps a signed token: paste or make one first.", 6000
            )
            return False
        try:
            if choice.password:
                key: Any = choice.password
                key_text = choice.password
            elif choice.alg.upper().startswith("PBES2"):
                self._status("PBES2 encrypts with a password: type one.", 6000)
                return False
            elif choice.generate:
                key = generate_jwe_key(choice.alg, choice.enc)
                key_text = json.dumps(keys.to_jwk(key, private=True), indent=2)
            else:
                key, key_text = self._box_key(), self.session.jwe.key_text
                if key is None:
                    self._status("The Decryption key box holds no key.", 6000)
                    return False
            if choice.nested:
                made = encrypt_token(token.token, choice.alg, choice.enc, key)
            else:
                payload = token.payload_bytes or b""
                cty = (
                    token.header.get("cty") if isinstance(token.header, dict) else None
                )
                made = encrypt(
                    payload, choice.alg, choice.enc, key,
                    cty=cty if isinstance(cty, str) else None,
                )  # fmt: skip
        except InspectorError as exc:
            self._status(f"Cannot encrypt: {exc}", 8000)
            return False
        self._box().set_text(key_text)  # the recipient's key: it decrypts at once
        self.editor.set_token_text(made)
        what = "nested JWT" if choice.nested else "payload"
        self._status(
            f"Encrypted the {what} with {choice.alg} + {choice.enc}; the "
            "recipient's key is in the Decryption key box (Ctrl+Z brings the "
            "signed token back)",
            8000,
        )
        return True

    def copy_public_key(self) -> None:
        """The decryption key's public JWK, for whoever encrypts to it."""
        from PySide6.QtGui import QGuiApplication

        from jwtinspector.core.export import jwk_for

        key = self._box_key()
        if key is None:
            self._status("The Decryption key box holds no key to export.", 6000)
        elif key.kty == "oct":
            self._status(
                "A shared secret has no public key: give it to the sender "
                "only, by a safe way.",
                6000,
            )
        else:
            text = json.dumps(jwk_for(key, kid=key.kid), indent=2)
            QGuiApplication.clipboard().setText(text)
            self._status("The recipient's public key is copied as a JWK.", 4000)

    def private_key_text(self) -> str | None:
        """The decryption key as a private JWK (a password as it is), or
        None with a status message saying why."""
        from jwtinspector.core import keys

        key = self._box_key()
        if key is None:
            self._status("The Decryption key box holds no key to export.", 6000)
            return None
        if not key.is_private:
            self._status("This key is public: it cannot decrypt.", 6000)
            return None
        return json.dumps(keys.to_jwk(key, private=True), indent=2) + "\n"
