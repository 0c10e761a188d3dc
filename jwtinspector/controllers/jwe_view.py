"""A JWE in the window: the decryption box and the layer bar follow the
session's JweLayer, and the header and payload panes show the decrypted
content (the plaintext, or the nested token with its own header)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu, QWidget

    from jwtinspector.controllers.crafting import Crafting
    from jwtinspector.controllers.encrypting import Encrypting
    from jwtinspector.controllers.token_view import TokenView
    from jwtinspector.models.session import TokenSession
    from jwtinspector.widgets.json_view import JsonView
    from jwtinspector.widgets.jwe_box import DecryptBox, LayerBar
    from jwtinspector.widgets.signature_panel import SignaturePanel


NO_SIGNATURE = (
    "No signature inside: the content is only encrypted (its integrity comes "
    "from the JWE's authentication tag)."
)
"""The signature part of a decrypted JWE that holds no nested token."""


def outer_header(decrypted: Any) -> dict[str, Any]:
    """The JWE's headers as the header pane shows them: the protected header
    alone for a compact JWE; for the JSON forms, each header by name."""
    if decrypted.serialization == "compact":
        return dict(decrypted.protected)
    shown: dict[str, Any] = {"protected": decrypted.protected}
    if decrypted.unprotected is not None:
        shown["unprotected"] = decrypted.unprotected
    shown["recipient used"] = f"{decrypted.recipient + 1} of {decrypted.recipients}"
    if decrypted.recipient_header is not None:
        shown["recipient header"] = decrypted.recipient_header
    return shown


def attach_jwe(
    session: TokenSession,
    panel: SignaturePanel,
    header_errors: QWidget,
    tokens: TokenView,
    editor: Any,
    show_status: Callable[[str, int], None],
    window: QWidget,
) -> JweView:
    """The JWE's controls in the window: the decryption key under the
    verdict, the layer bar above the header (beside ``header_errors``), and
    Encrypt…. The key box and the layer bar are built when a JWE is first
    shown (or Encrypt… first used). ``tokens`` shows the panes and the line
    under the token."""
    from jwtinspector.controllers.encrypting import Encrypting

    views = (tokens.header_view, tokens.payload_view)
    view = JweView(session, views, panel, tokens.on_problems_changed, window)
    view.header_box = header_errors.parentWidget()
    view.encrypting = Encrypting(session, editor, lambda: view.box, show_status, view)
    session.jwe.changed.connect(view.show_outcome)
    session.jwe.changed.connect(view.show_recipient_used)
    view.window = window
    return view


class JweView(QObject):
    """Shows what the session's JweLayer found."""

    encrypting: Encrypting
    window: QWidget

    header_box: QWidget | None = None

    def __init__(
        self,
        session: TokenSession,
        views: tuple[JsonView, JsonView],
        panel: SignaturePanel,
        show_problems: Callable[[tuple[Any, ...]], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._show_problems = show_problems
        self.session = session
        self._box: DecryptBox | None = None
        self._bar: LayerBar | None = None
        self._crafting: Crafting | None = None
        self.header_view, self.payload_view = views
        self.panel = panel
        self.layer = "inner"  # a nested token's header is shown first

    @property
    def built(self) -> bool:
        """True once the key box and the layer bar exist."""
        return self._box is not None

    @property
    def box(self) -> DecryptBox:
        """The decryption key box (built now if it was not yet)."""
        self._build()
        assert self._box is not None
        return self._box

    @property
    def bar(self) -> LayerBar:
        """The layer bar above the header (built now if it was not yet)."""
        self._build()
        assert self._bar is not None
        return self._bar

    def _build(self) -> None:
        """The key box under the verdict, the layer bar above the header."""
        if self._box is not None:
            return
        from PySide6.QtWidgets import QVBoxLayout

        from jwtinspector.widgets.jwe_box import DecryptBox, LayerBar

        box, bar = DecryptBox(), LayerBar()
        self._box, self._bar = box, bar
        assert self.header_box is not None
        for column, widget in (
            (self.panel.layout(), box),
            (self.header_box.layout(), bar),
        ):
            assert isinstance(column, QVBoxLayout)
            column.insertWidget(1 if widget is box else 0, widget)
        box.key_input_edited.connect(self.session.jwe.set_key_input)
        bar.layer_chosen.connect(self.choose_layer)
        if self._crafting is not None:
            self._connect_export(self._crafting)
        box.show_outcome(self.session.jwe.outcome)

    def _connect_export(self, crafting: Crafting) -> None:
        self.box.export_requested.connect(lambda form: self.export_key(form, crafting))

    def follow(self, crafting: Crafting) -> None:
        """Follow the token: connected after the panes' own display (which
        says only that a JWE is encrypted) and the signature pane's.
        ``crafting`` saves the exported key (as it saves the others)."""
        self._crafting = crafting
        if self._box is not None:
            self._connect_export(crafting)
        session = self.session
        session.token_changed.connect(self.show_outcome)
        session.problems_changed.connect(self.show_problems)
        session.report_changed.connect(self.show_banner)

    def export_key(self, form: str, crafting: Crafting) -> None:
        """The box's Export key menu: copy the public key, or save the
        private key (owner-only file)."""
        if form == "public":
            self.encrypting.copy_public_key()
            return
        text = self.encrypting.private_key_text()
        if text is not None:
            crafting.save_private_text("Save the recipient's private key", text)

    def add_action(self, menu: QMenu, before: Any) -> None:
        """Token ▸ Encrypt… (Ctrl+Shift+E, window-wide)."""
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction("&Encrypt… (JWE)", self.window)
        action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        action.triggered.connect(self.encrypting.ask)
        self.window.addAction(action)
        menu.insertAction(before, action)
        self.encrypt_action = action

    @Slot(object)
    def show_outcome(self, outcome: Any = None) -> None:
        """The layer changed, or the token was shown afresh (whose panes
        would otherwise say only that it is encrypted)."""
        if outcome is None or not hasattr(outcome, "state"):
            outcome = self.session.jwe.outcome
        if outcome.state == "none" and not self.built:
            return  # no JWE shown yet: nothing of it to build
        self.box.show_outcome(outcome)
        self.show_problems()
        self.show_banner()
        decrypted = outcome.decrypted
        if outcome.state == "none":
            self.bar.show_layers("", "", "outer")
            return
        outer = f"Encrypted · {outcome.alg} + {outcome.enc}"
        nested = outcome.nested
        inner = ""
        if nested is not None:
            alg = str(nested.alg or "")
            if not alg:
                inner = "Nested token"
            elif alg.strip().lower() == "none":
                inner = f"Unsigned · alg {alg}"
            else:
                inner = f"Signed · {alg}"
        layer = self.layer if nested is not None else "outer"
        self.bar.show_layers(outer, inner, layer)
        if decrypted is None:
            token = self.session.token
            if token is not None and token.is_encrypted:  # no longer decrypted
                self.panel.show_token(token)
            self.payload_view.show_note(
                f"Encrypted token (JWE): {outcome.message}"
                if outcome.state == "failed"
                else "Encrypted token (JWE): enter the recipient's key (or "
                "password) to decrypt it, in the signature pane."
            )
            return
        self._show_header(outcome)
        if nested is not None:
            if nested.payload is not None:
                self.payload_view.show_value(nested.payload)
            else:
                self.payload_view.show_note(
                    "The nested token's payload did not decode."
                )
            self.panel.show_token(nested)
            return
        # Nothing is signed: the signature part says so, not a key's verdict.
        self.panel.expectation.setText(NO_SIGNATURE)
        self.panel.signature_view.setPlainText(NO_SIGNATURE)
        if decrypted.is_json:
            self.payload_view.show_value(decrypted.payload)
        else:
            from jwtinspector.controllers.token_view import describe_bytes

            self.payload_view.show_note(
                describe_bytes(decrypted.plaintext)
                .replace("a JWS may carry any bytes", "a JWE may carry any bytes")
                .replace("The payload", "The plaintext")
            )

    @Slot(object)
    def show_recipient_used(self, outcome: Any) -> None:
        """A JSON JWE's selector shows the recipient that decrypted it."""
        decrypted = outcome.decrypted
        form = self.session.json_form
        if decrypted is not None and form.jwe is not None:
            self.session.select_signature(decrypted.recipient)  # shown: no-op

    @Slot(object)
    def show_banner(self, _report: Any = None) -> None:
        """The verdict block for a JWE with no nested token: what decrypting
        said (a nested token's own signature verdict is shown as it is)."""
        from jwtinspector.widgets.theme import escape

        outcome = self.session.jwe.outcome
        if outcome.state == "none" or outcome.nested is not None:
            return
        unsigned = "A JWE carries no signature: encryption does not say who made it."
        if outcome.state == "waiting":
            title, role = "Encrypted token (JWE)", "warn"
            detail = f"{outcome.message.split('. ', 1)[-1]} {unsigned}"
        elif outcome.state == "working":
            title, role, detail = "Decrypting…", "neutral", ""
        elif outcome.state == "decrypted":
            title, role = "Decrypted", "good"
            detail = f"{outcome.message}. {unsigned}"
        elif outcome.kind == "tampered":
            title, role = "Tampered: the integrity check failed", "bad"
            detail = outcome.message.split(": ", 1)[-1]
        elif outcome.kind == "wrong_key":
            title, role, detail = "The key does not decrypt it", "bad", outcome.message
        else:
            title, role, detail = "Cannot decrypt", "bad", outcome.message
        body = f"<br>{escape(detail)}" if detail else ""
        self.panel.verdict.set_banner(f"<b>{escape(title)}</b>{body}", role)

    @Slot()
    def show_problems(self, _problems: Any = None) -> None:
        """Once decrypted, the line under the token no longer asks for the
        key (its other problems stay)."""
        from jwtinspector.core.errors import Problem

        problems = self.session.problems
        if self.session.jwe.outcome.decrypted is not None:
            kept = tuple(p for p in problems if p.kind != Problem.ENCRYPTED)
            if kept != problems:
                self._show_problems(kept)

    def _show_header(self, outcome: Any) -> None:
        """The layer chosen in the bar, in the header's JSON view and its
        Parameters table alike."""
        from jwtinspector.core.claims import describe_members

        nested = outcome.nested
        if nested is not None and self.layer == "inner" and nested.header is not None:
            header = dict(nested.header)
        else:
            header = outer_header(outcome.decrypted)
        self.header_view.show_value(header)
        self.session.header_model.set_rows(
            describe_members(header, part="header", now=self.session.now())
        )

    @Slot(str)
    def choose_layer(self, layer: str) -> None:
        """The layer bar: show the JWE's header or the nested token's."""
        self.layer = layer
        outcome = self.session.jwe.outcome
        if outcome.decrypted is not None:
            self._show_header(outcome)
