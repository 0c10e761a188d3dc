"""An SD-JWT in the window: each part coloured in the token editor, the legend
line, the payload as disclosed or as signed, the verdict lines, and the
crafting actions (leave a disclosure out, make a claim selectively
disclosable)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot

from jwtinspector.models.sd_jwt import (
    make_disclosable,
    member_paths,
    signatures_text,
    summary,
    verdict_lines,
)
from jwtinspector.widgets.theme import escape, hex_color

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QLabel, QTableView

    from jwtinspector.models.session import TokenSession
    from jwtinspector.widgets.json_view import JsonView
    from jwtinspector.widgets.sd_jwt_view import DisclosuresPanel, SdPayloadBar
    from jwtinspector.widgets.token_editor import TokenEditor
    from jwtinspector.widgets.verdict_banner import VerdictBanner

_ISSUER_ROLES = ("header", "payload", "signature")
_JSON_MEMBERS = (
    ("protected", "header"),
    ("payload", "payload"),
    ("signature", "signature"),
    ("disclosures", "disclosure"),
    ("kb_jwt", "key_binding"),
)
"""An SD-JWT's JSON members (RFC 9901 §8) and their colours, in the legend
(the Key Binding JWT's last)."""


def _json_shape(sd: Any) -> str:
    """ "JSON, general, 2 signatures" or "JSON, flattened"."""
    jws = sd.jws
    if jws is None or jws.flattened:
        return "JSON, flattened"
    count = len(jws.signatures)
    return f"JSON, general, {count:,} signature{'s' if count != 1 else ''}"


def _describe(d: Any) -> str:
    """ "The disclosure of given_name" / "The disclosure of an array element"."""
    from jwtinspector.core.text import json_snippet

    if d.is_array_element:
        return f"The disclosure of an array element ({json_snippet(d.value, 30)})"
    return f"The disclosure of {json_snippet(d.name, 40)}" if d.ok else "A disclosure"


class SdJwtView(QObject):
    """Shows the session's SD-JWT and carries out the SD-JWT actions."""

    def __init__(
        self,
        session: TokenSession,
        editor: TokenEditor,
        summary_label: QLabel,
        payload: tuple[JsonView, SdPayloadBar],
        panel: DisclosuresPanel,
        banner: VerdictBanner,
        claims_table: QTableView,
        show_status: Callable[[str, int], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.state = session.sd_state
        self.editor = editor
        self.summary = summary_label
        self.payload_view, self.payload_bar = payload
        self.panel = panel
        self.banner = banner
        self.claims_table = claims_table
        self._status = show_status
        self.make_action: Any = None  # the claims table's menu entry
        self.make_menu: Any = None  # its members, for an object or array claim
        self.details: Any = None  # the details' tabs, the Disclosures tab's
        self._was_sd = False

    # --- session → views ----------------------------------------------------

    @Slot(object)
    def on_token_changed(self, _token: object = None) -> None:
        """After the token view: the SD-JWT's parts, legend and payload."""
        sd = self.state.sd
        if self.details is not None:
            # Only an SD-JWT has disclosures: other tokens keep the details'
            # tabs few enough to fit a small window (the claims table's
            # context menu still makes a claim selectively disclosable).
            self.details.setTabVisible(self.details.indexOf(self.panel), sd is not None)
            if sd is not None and not self._was_sd:
                self.details.setCurrentWidget(self.panel)  # an SD-JWT arrived
        self._was_sd = sd is not None
        self.payload_bar.show_sd_jwt(sd)
        self.panel.show_sd_jwt(sd)
        self.show_can_make()
        if sd is None:
            return
        self.show_payload()
        if sd.form == "compact":
            self._colour(sd)
        else:
            self._colour_json(sd)
        if not self.editor.shows_sample:
            self.summary.setText(self._legend(sd))

    @Slot(bool)
    def show_payload(self, _as_disclosed: bool = True) -> None:
        """The payload as disclosed (read-only: it is not what was signed) or
        as signed (editable: an edit keeps the disclosures)."""
        sd = self.state.sd
        if sd is None or self.session.edit_source == "payload":
            return
        value = self.state.shown_payload()
        if value is None:
            return
        self.payload_view.show_value(value)
        if self.state.as_disclosed:
            self.payload_view.setReadOnly(True)

    def _colour(self, sd: Any) -> None:
        spans: list[tuple[int, int, str]] = []
        for number, seg in enumerate(sd.issuer.segments):
            if number:
                spans.append((seg.start - 1, seg.start, "dot"))
            role = seg.name if seg.name in _ISSUER_ROLES else "payload"
            spans.append((seg.start, seg.end, role))
        for d in sd.disclosures:
            spans.append((d.start - 1, d.start, "dot"))  # the ~ before it
            spans.append((d.start, d.end, "disclosure"))
        kb = sd.key_binding
        tilde = sd.end - (len(kb.token) if kb is not None else 0) - 1
        spans.append((tilde, tilde + 1, "dot"))
        if kb is not None:
            spans.append((kb.start, kb.end, "key_binding"))
        errors = [
            (p.offset, p.offset + max(p.length, 1))
            for p in sd.issuer.errors
            if p.offset is not None
        ]
        self.editor.highlighter.set_spans(spans, errors)

    def _colour_json(self, sd: Any) -> None:
        """The JSON serialization's members in the compact form's colours: the
        disclosures and the KB-JWT as in ``…~disclosure~kb-jwt``."""
        from jwtinspector.controllers.json_form import member_spans

        text = self.session.text
        spans = member_spans(text)
        spans += [(d.start, d.end, "disclosure") for d in sd.disclosures if d.text]
        kb = sd.key_binding
        at = text.find(f'"{kb.token}"') + 1 if kb is not None and kb.token else 0
        if at > 0:
            spans.append((at, at + len(kb.token), "key_binding"))
        self.editor.highlighter.set_spans(spans, [])

    def _legend(self, sd: Any) -> str:
        label = self.summary

        def part(name: str, role: str) -> str:
            return f"<span style='color:{hex_color(label, role)}'>{name}</span>"

        if sd.form != "compact":
            # The JSON members, each in the colour its value has in the text.
            members = [part(name, role) for name, role in _JSON_MEMBERS]
            if sd.key_binding is None:
                members.pop()
            return f"{escape(summary(sd))} · {_json_shape(sd)}: " + ", ".join(members)
        dot = part(".", "dot")
        tilde = part("~", "dot")
        issuer = f" {dot} ".join(part(n, n) for n in _ISSUER_ROLES)
        pieces = [issuer, part("disclosures", "disclosure")]
        if sd.key_binding is not None:
            pieces.append(part("key binding JWT", "key_binding"))
        return f"{escape(summary(sd))} · " + f" {tilde} ".join(pieces)

    @Slot(object)
    def show_verdict(self, verdict: Any) -> None:
        """The SD-JWT's lines in the verdict block (none for other tokens),
        and every issuer signature's verdict for the banner (shown with the
        report that follows: the session's report_changed comes next)."""
        sd = self.state.sd
        count = len(sd.disclosures) if sd is not None else 0
        self.banner.show_sd_lines(
            verdict_lines(verdict, count) if verdict else (),
            signatures=signatures_text(verdict, sd),
        )

    # --- actions --------------------------------------------------------------

    @Slot(int, bool)
    def set_presented(self, row: int, presented: bool) -> None:
        """A Presented box was checked or cleared: the disclosure is put back
        into the text or leaves it (one undo step)."""
        sd, model = self.state.sd, self.panel.model
        if sd is None or not 0 <= row < model.rowCount():
            return
        from jwtinspector.core.errors import InspectorError

        disclosure = model.disclosure(row)
        holder = self.state.holder_key_in(self.session.key)
        try:
            text, note = self.state.with_presented(
                self.session.text, disclosure.text, presented, holder
            )
        except InspectorError as exc:
            self._status(f"Cannot change the disclosures presented: {exc}", 8000)
            return  # the box shows the token's state, unchanged
        self.session.load_crafted(text, "disclosures")
        what = _describe(disclosure)
        done = "put back" if presented else "left out"
        self._status(f"{what} {done} (Ctrl+Z undoes it).{note}", 10000)

    def current_row(self) -> Any:
        """The claims table's selected row (a core ClaimRow), or None."""
        from jwtinspector.models.claims_model import ROW_ROLE

        index = self.claims_table.currentIndex()
        if not index.isValid():
            return None
        return index.siblingAtColumn(0).data(ROW_ROLE)

    def current_claim(self) -> str | None:
        """The top-level claim selected in the claims table."""
        row = self.current_row()
        return row.name if row is not None else None

    @Slot()
    def show_can_make(self, *_: object) -> None:
        """Make selectively disclosable needs a selected claim; for an object
        or an array, a menu offers the claim or any member or element."""
        token = self.session.token
        row = self.current_row()
        ok = token is not None and token.form == "JWS" and bool(row and row.name)
        self.panel.set_can_make(ok)
        if self.make_action is None:
            return
        self.make_action.setEnabled(ok)
        paths = member_paths(row.name, row.value) if ok else []
        if not paths:
            self.make_action.setMenu(None)
            return
        menu = self.make_menu
        menu.clear()
        whole = menu.addAction(f"{row.name} (the whole claim)")
        whole.triggered.connect(self.make_disclosable)
        for path in paths:
            action = menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.make_path(p))
        self.make_action.setMenu(menu)

    @Slot()
    def make_disclosable(self) -> None:
        """Issue the token again with the selected claim selectively disclosable,
        signed with the key box's key."""
        name = self.current_claim()
        if not name:
            self._status("Select a claim in the claims table first.", 6000)
            return
        self.make_path(name)

    def make_path(self, name: str) -> None:
        """Issue the token again with the claim or member at path ``name``
        (``address.region``, ``nationalities[1]``) selectively disclosable."""
        from jwtinspector.core.craft import signing_key
        from jwtinspector.core.errors import InspectorError

        token = self.session.token
        if token is None or token.header is None:
            self._status("Select a claim in the claims table first.", 6000)
            return
        key = signing_key(self.session.key, token.alg, (token.header or {}).get("kid"))
        if key is None or not key.can_sign or token.alg not in key.algorithms:
            self._status(
                f"Making {name} selectively disclosable signs the token again: "
                f"put a key that signs {token.alg} in the key box (or Generate "
                "key) first.",
                10000,
            )
            return
        try:
            text, note = make_disclosable(self.state.sd, token, key, name)
        except InspectorError as exc:
            self._status(f"Cannot make {name} selectively disclosable: {exc}", 10000)
            return
        self.session.load_crafted(text, "disclosures")
        self._status(f"{note} (Ctrl+Z brings the token back)", 10000)

    # --- construction -----------------------------------------------------------

    @classmethod
    def build(
        cls,
        session: TokenSession,
        editor: TokenEditor,
        summary_label: QLabel,
        payload_view: JsonView,
        signature_panel: Any,
        claims_table: QTableView,
        show_status: Callable[[str, int], None],
        parent: QObject | None = None,
    ) -> SdJwtView:
        """Put the SD-JWT's widgets in the window: the payload bar above the
        payload, the Disclosures tab beside the Audit tab, and Make
        selectively disclosable in the claims table's context menu."""
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QAction
        from PySide6.QtWidgets import QMenu

        from jwtinspector.widgets.sd_jwt_view import (
            DISCLOSURES_TITLE,
            DisclosuresPanel,
            SdPayloadBar,
        )

        bar = SdPayloadBar()
        holder = payload_view.parentWidget()
        layout = holder.layout() if holder is not None else None
        if layout is not None:
            layout.insertWidget(0, bar)  # type: ignore[attr-defined]
        panel = DisclosuresPanel(session.sd_state.disclosures_model)
        index = signature_panel.details.addTab(panel, DISCLOSURES_TITLE)
        signature_panel.details.setTabVisible(index, session.sd_state.sd is not None)
        view = cls(
            session, editor, summary_label, (payload_view, bar), panel,
            signature_panel.verdict, claims_table, show_status, parent,
        )  # fmt: skip
        view.details = signature_panel.details
        view.make_action = QAction("Make selectively disclosable", claims_table)
        view.make_action.setObjectName("makeDisclosableAction")
        view.make_menu = QMenu(claims_table)
        view.make_menu.setObjectName("makeDisclosableMenu")
        claims_table.addAction(view.make_action)
        claims_table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        return view

    def connect_signals(self) -> None:
        """Wired after the token view, so an SD-JWT's parts are shown last."""
        state, panel = self.state, self.panel
        self.session.token_changed.connect(self.on_token_changed)
        state.verdict_changed.connect(self.show_verdict)
        state.view_changed.connect(self.show_payload)
        self.payload_bar.as_disclosed_chosen.connect(state.set_as_disclosed)
        panel.expectations_changed.connect(state.set_expectations)
        panel.model.presented_toggled.connect(self.set_presented)
        panel.make_disclosable_requested.connect(self.make_disclosable)
        if self.make_action is not None:
            self.make_action.triggered.connect(self.make_disclosable)
        self.claims_table.selectionModel().currentRowChanged.connect(self.show_can_make)
        self.session.claims_model.modelReset.connect(self.show_can_make)
