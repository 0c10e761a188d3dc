"""Token ▸ Encrypt…: choose alg and enc, what to encrypt, and the key.

The dialog only asks; the Encrypting controller makes the JWE."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from jwtinspector.core import algorithms
from jwtinspector.widgets.wrapped_label import WrappedLabel

DEFAULT_ALG = "RSA-OAEP-256"
DEFAULT_ENC = "A256GCM"


@dataclasses.dataclass(frozen=True)
class EncryptChoice:
    """What the user chose.

    Attributes:
        alg, enc: The JWE algorithms.
        nested: True: the signed token as a nested JWT; False: its payload.
        generate: True: a new key; False: the decryption key box's key.
        password: The password for PBES2 ("" otherwise). Memory only.
    """

    alg: str
    enc: str
    nested: bool
    generate: bool
    password: str = dataclasses.field(default="", repr=False)


class EncryptDialog(QDialog):
    """Asks how to encrypt the token shown (keyboard usable: Tab, arrows,
    Enter)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("encryptDialog")
        self.setWindowTitle("Encrypt the token (JWE)")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.alg_combo = QComboBox()
        self.alg_combo.setObjectName("encryptAlgCombo")
        self.alg_combo.setAccessibleName("Key management algorithm (alg)")
        self.alg_combo.addItems(algorithms.JWE_KEY_ALGORITHMS)
        self.alg_combo.setCurrentText(DEFAULT_ALG)
        self.enc_combo = QComboBox()
        self.enc_combo.setObjectName("encryptEncCombo")
        self.enc_combo.setAccessibleName("Content encryption (enc)")
        self.enc_combo.addItems(algorithms.JWE_CONTENT_ENCRYPTIONS)
        self.enc_combo.setCurrentText(DEFAULT_ENC)
        form.addRow("&alg", self.alg_combo)
        form.addRow("&enc", self.enc_combo)
        self.nested_radio = QRadioButton("The signed token, as a nested JWT (cty: JWT)")
        self.nested_radio.setObjectName("encryptNestedRadio")
        self.payload_radio = QRadioButton("Just the payload")
        self.payload_radio.setObjectName("encryptPayloadRadio")
        self.nested_radio.setChecked(True)
        what = QButtonGroup(self)
        what.addButton(self.nested_radio)
        what.addButton(self.payload_radio)
        form.addRow("Encrypt", self.nested_radio)
        form.addRow("", self.payload_radio)
        self.generate_radio = QRadioButton("Generate a new key (kept in memory)")
        self.generate_radio.setObjectName("encryptGenerateRadio")
        self.box_radio = QRadioButton("The key in the Decryption key box")
        self.box_radio.setObjectName("encryptBoxKeyRadio")
        self.generate_radio.setChecked(True)
        which = QButtonGroup(self)
        which.addButton(self.generate_radio)
        which.addButton(self.box_radio)
        form.addRow("Key", self.generate_radio)
        form.addRow("", self.box_radio)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("encryptPasswordEdit")
        self.password_edit.setAccessibleName("Password for PBES2")
        self.password_edit.setPlaceholderText("password (PBES2 only)")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        form.addRow("&Password", self.password_edit)
        layout.addLayout(form)
        self.note = WrappedLabel(
            "The result replaces the token (Ctrl+Z brings it back); the "
            "recipient's key goes to the Decryption key box, where it can be "
            "copied. Nothing is written to disk."
        )
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Encrypt")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.alg_combo.currentTextChanged.connect(self._follow_alg)
        self._follow_alg(self.alg_combo.currentText())

    def _follow_alg(self, alg: str) -> None:
        password = alg.upper().startswith("PBES2")
        self.password_edit.setEnabled(password)
        self.generate_radio.setEnabled(not password)
        self.box_radio.setEnabled(not password and self._has_key())
        if password:
            self.password_edit.setFocus()

    def _has_key(self) -> bool:
        return bool(self.property("hasKey"))

    def set_has_key(self, has_key: bool) -> None:
        """Whether the decryption key box holds a key to encrypt to."""
        self.setProperty("hasKey", has_key)
        self._follow_alg(self.alg_combo.currentText())

    def choice(self) -> EncryptChoice:
        """What the dialog says now."""
        alg = self.alg_combo.currentText()
        return EncryptChoice(
            alg,
            self.enc_combo.currentText(),
            self.nested_radio.isChecked(),
            not self.box_radio.isChecked(),
            self.password_edit.text() if alg.upper().startswith("PBES2") else "",
        )
