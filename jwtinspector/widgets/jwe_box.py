"""The JWE's controls: the recipient's key (or password) in the signature
pane, and the layer bar above the header pane (the JWE's header, or the
nested token's). They show what the session's JweLayer says and forward
what the user types; they decrypt nothing themselves."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jwtinspector.widgets.theme import escape, hex_color, monospace
from jwtinspector.widgets.wrapped_label import WrappedLabel

KEY_PLACEHOLDER = (
    "The recipient's key: a secret (text or base64), a PEM private key, a JWK "
    "or a JWKS. Not the signature key: that goes in Key below."
)
PASSWORD_PLACEHOLDER = "The password this PBES2 token was encrypted with"
_ROLES = {"decrypted": "good", "failed": "bad", "waiting": "warn", "working": "warn"}


class DecryptBox(QWidget):
    """The recipient's key or password, and what decrypting said.

    Signals:
        key_input_edited: The text changed. arg: the text.
        export_requested: arg: "public" (copy, for the sender) or "private"
            (save, for the recipient).
    """

    key_input_edited = Signal(str)
    export_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decryptBox")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        # Wraps (as the button row below the verdict does) so that a long
        # algorithm pair never widens the pane.
        self.title = WrappedLabel("Decryption key")
        self.title.setObjectName("decryptTitle")
        self.key_edit = QPlainTextEdit()
        self.key_edit.setObjectName("decryptKeyEdit")
        self.key_edit.setAccessibleName("Decryption key")
        self.key_edit.setPlaceholderText(KEY_PLACEHOLDER)
        self.key_edit.setTabChangesFocus(True)
        self.key_edit.setFont(monospace())
        self.key_edit.setFixedHeight(4 * self.key_edit.fontMetrics().lineSpacing())
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("decryptPasswordEdit")
        self.password_edit.setAccessibleName("Decryption password")
        self.password_edit.setPlaceholderText(PASSWORD_PLACEHOLDER)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.inputs = QStackedWidget()
        self.inputs.addWidget(self.key_edit)
        self.inputs.addWidget(self.password_edit)
        self.key_info = WrappedLabel("")
        self.key_info.setObjectName("decryptKeyInfo")
        self.key_info.setAccessibleName("Decryption key recognised as")
        self.key_info.setTextFormat(Qt.TextFormat.PlainText)
        self.status = WrappedLabel("")
        self.status.setObjectName("decryptStatus")
        self.status.setAccessibleName("Decryption verdict")
        self.status.setProperty("textFormat", 1)  # rich text, escaped below
        self.warnings = WrappedLabel("")
        self.warnings.setObjectName("decryptWarnings")
        self.warnings.setAccessibleName("Decryption warnings")
        self.export_button = QToolButton()
        self.export_button.setObjectName("exportDecryptionKeyButton")
        self.export_button.setAccessibleName("Export the decryption key")
        self.export_button.setText("Export key")
        self.export_button.setToolTip(
            "Export the recipient's key: its public key for the sender, or "
            "the private key or secret"
        )
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for text, form in (
            ("Copy public key as JWK (for the sender)", "public"),
            ("Save the recipient's private key or secret…", "private"),
        ):
            action = menu.addAction(text)
            action.triggered.connect(
                lambda _=False, f=form: self.export_requested.emit(f)
            )
        self.export_button.setMenu(menu)
        title_row = QHBoxLayout()
        title_row.setContentsMargins(0, 0, 0, 0)
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.export_button)
        layout.addLayout(title_row)
        layout.addWidget(self.inputs)
        layout.addWidget(self.key_info)
        layout.addWidget(self.status)
        layout.addWidget(self.warnings)
        self.warnings.hide()
        self.key_info.hide()
        self.key_edit.textChanged.connect(self._edited)
        self.password_edit.textChanged.connect(self._edited)
        self.password = False
        self.hide()

    def _edited(self) -> None:
        self.key_input_edited.emit(self.text())

    def text(self) -> str:
        """What the user typed in the input shown (a key, or a password)."""
        if self.password:
            return self.password_edit.text()
        return self.key_edit.toPlainText()

    def set_text(self, text: str) -> None:
        """Put a key (or a password) in the input shown."""
        if self.password:
            self.password_edit.setText(text)
        else:
            self.key_edit.setPlainText(text)

    def show_outcome(self, outcome: Any) -> None:
        """A core-free JweOutcome: hidden for a token that is not a JWE."""
        self.setVisible(outcome.state != "none")
        if outcome.state == "none":
            return
        if outcome.password != self.password:
            # The text moves to the other input: nothing typed is lost.
            text = self.text()
            self.password = outcome.password
            self.blockSignals(True)
            self.set_text(text)
            self.blockSignals(False)
        self.inputs.setCurrentIndex(1 if self.password else 0)
        self.inputs.setFixedHeight(
            self.password_edit.sizeHint().height()
            if self.password
            else self.key_edit.height()
        )
        self.title.setText(
            f"Decryption password ({outcome.alg})"
            if self.password
            else f"Decryption key ({outcome.alg or '?'} + {outcome.enc or '?'})"
        )
        self._show_key_info(outcome)
        role = _ROLES.get(outcome.state, "warn")
        mark = {"decrypted": "✓", "failed": "✗"}.get(outcome.state, "⚠")
        self.status.setText(
            f"<b style='color:{hex_color(self.status, role)}'>{mark} "
            f"{escape(outcome.message)}</b>"
        )
        self.status.setToolTip(outcome.message)
        # Without a nested token the verdict block says the same: the line
        # is for a nested token, whose own signature the block judges.
        self.status.setVisible(outcome.nested is not None)
        warnings = outcome.warnings
        self.warnings.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warnings.setStyleSheet(f"color: {hex_color(self.warnings, 'warn')};")
        self.warnings.setVisible(bool(warnings))

    def _show_key_info(self, outcome: Any) -> None:
        """What the key box's text was recognised as, while typing and when
        it does not decrypt (as the verification key box says it); never a
        password, never the secret."""
        from jwtinspector.widgets.key_box import describe_key

        problem = outcome.key_error if not self.password else ""
        # Once decrypted, the verdict names the key: said once, not twice.
        hidden = self.password or outcome.state == "decrypted"
        text = "" if hidden else describe_key(outcome.key, outcome.key_kind)
        self.key_info.setText(problem or text)
        colour = hex_color(self.key_info, "bad") if problem else ""
        self.key_info.setStyleSheet(f"color: {colour};" if colour else "")
        self.key_info.setVisible(bool(problem or text))


class LayerBar(QWidget):
    """ "Encrypted · RSA-OAEP + A256GCM ▸ Signed · PS256": which layer the
    header pane shows. Each layer is a button (Tab reaches them, Space
    picks one).

    Signals:
        layer_chosen: arg: "outer" (the JWE) or "inner" (the nested token).
    """

    layer_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layerBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.outer = self._button(
            "outerLayerButton", "Show the encrypted layer's header"
        )
        self.arrow = QLabel("▸")
        self.inner = self._button("innerLayerButton", "Show the nested token's header")
        group = QButtonGroup(self)
        group.setExclusive(True)
        for button in (self.outer, self.inner):
            group.addButton(button)
        layout.addWidget(self.outer)
        layout.addWidget(self.arrow)
        layout.addWidget(self.inner)
        layout.addStretch(1)
        self.outer.clicked.connect(lambda: self.layer_chosen.emit("outer"))
        self.inner.clicked.connect(lambda: self.layer_chosen.emit("inner"))
        self.hide()

    def _button(self, name: str, accessible: str) -> QToolButton:
        from PySide6.QtCore import Qt

        button = QToolButton()
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return button

    def show_layers(self, outer: str, inner: str, layer: str) -> None:
        """The two layers' names ("" inner: a single layer) and the one shown."""
        self.outer.setText(outer)
        self.inner.setText(inner)
        self.inner.setVisible(bool(inner))
        self.arrow.setVisible(bool(inner))
        self.outer.setChecked(layer == "outer")
        self.inner.setChecked(layer == "inner")
        self.setVisible(bool(outer))

    def shown_layer(self) -> str:
        """ "inner" or "outer"."""
        return "inner" if self.inner.isChecked() else "outer"
