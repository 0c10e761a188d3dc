"""The main window: the composition root that builds panes and wires signals.

The window is built in two steps so that it appears at once (``defer``): the
frame (menus, splitters, pane titles and the token editor) is all the first
paint needs, and it is built from a few light Qt classes only: this module
does not import the engine, the session or the other panes, nor touch
``Qt``, whose ~130 enums PySide6 builds on first use (~40 ms). The rest is
built by ``finish_building()`` into the same frame, so nothing moves.

The window only builds and wires: what its parts do is in the controllers
(``jwtinspector.controllers``), each given only the objects it uses, and
what it keeps between runs is in ``jwtinspector.window_settings``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QTimer, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QVBoxLayout, QWidget

from jwtinspector import __version__, window_settings
from jwtinspector.controllers.token_input import REFUSE_SIZE, TokenInput
from jwtinspector.widgets import panes
from jwtinspector.widgets.panes import DETAILS_SHORTCUT
from jwtinspector.widgets.token_editor import TokenEditor
from jwtinspector.widgets.wrapped_label import WrappedLabel

if TYPE_CHECKING:
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QAction, QCloseEvent
    from PySide6.QtWidgets import QSplitter, QTableView

    from jwtinspector.controllers.audit_scan import AuditScan
    from jwtinspector.controllers.crafting import Crafting
    from jwtinspector.controllers.key_input import KeyInput
    from jwtinspector.controllers.token_view import TokenView
    from jwtinspector.models.audit_runner import AuditRunner
    from jwtinspector.models.key_fetcher import KeyFetcher
    from jwtinspector.models.scanner import SecretScanner
    from jwtinspector.models.session import TokenSession
    from jwtinspector.models.trusted_issuers import TrustedIssuers
    from jwtinspector.widgets.audit_panel import AuditPanel
    from jwtinspector.widgets.claims_tools import ClaimsTools
    from jwtinspector.widgets.json_form_bar import JsonFormBar
    from jwtinspector.widgets.json_view import JsonView
    from jwtinspector.widgets.key_fetch_box import KeyFetchBox
    from jwtinspector.widgets.signature_panel import SignaturePanel
    from jwtinspector.widgets.token_picker import OtherTokens

TALL_WINDOW = 800
"""Windows at least this tall (logical pixels) show the details at first."""


def _details_shown(window_height: int) -> bool:
    """The saved choice; at first, shown in a window tall enough for it (a
    small window on a large screen folds them too)."""
    saved = window_settings.details_shown()
    if saved is not None:
        return saved
    return window_height >= TALL_WINDOW


class MainWindow(QMainWindow):
    """Token pane on the left; header, payload and signature panes on the right.

    With ``defer`` only the frame is built (see the module doc) and the
    caller runs ``finish_building()`` after the first paint; until then the
    window has no session (``session`` None makes one then).
    """

    session: TokenSession
    crafting: Crafting
    trusted: TrustedIssuers
    token_view: TokenView
    key_input: KeyInput
    audit_scan: AuditScan
    header_view: JsonView
    header_table: QTableView
    header_errors: QLabel
    payload_view: JsonView
    payload_errors: QLabel
    claims_table: QTableView
    claims_tools: ClaimsTools
    payload_split: QSplitter
    signature_panel: SignaturePanel
    audit_panel: AuditPanel
    other_tokens: OtherTokens

    def __init__(
        self,
        session: TokenSession | None = None,
        parent: QWidget | None = None,
        *,
        defer: bool = False,
    ) -> None:
        super().__init__(parent)
        self.built = False
        if session is not None:
            self.session = session
        self.setWindowTitle("JWT Inspector")
        self.setObjectName("mainWindow")
        self._init_frame()
        self._connect_signals()
        self._restore_settings()
        if not defer:
            self.finish_building()

    def show_status(self, text: str, timeout: int = 4000) -> None:
        """A message in the status bar for ``timeout`` ms."""
        self.statusBar().showMessage(text, timeout)

    def finish_building(self) -> None:
        """Build the panes, menus and wiring the first paint did without
        (safe to call again)."""
        if self.built:
            return
        if not hasattr(self, "session"):
            from jwtinspector.models.session import TokenSession

            self.session = TokenSession()
        self._init_panes()
        self._init_controllers()
        self._init_menus()
        self.built = True
        self._connect_signals()
        # Listed now, not when the menu opens: a native menu bar (macOS) may
        # not show a submenu that is empty until then.
        self.crafting.add_template_actions()
        # The hidden fetch box counts in the signature pane's minimum size.
        self.signature_panel.fetch_box  # noqa: B018 (built on first access)
        panes.name_controls(self)
        # Again now that the panes set their minimum sizes (the same state
        # changes nothing unless the saved one no longer fits them).
        for splitter in self._splitters():
            self._restore_splitter(splitter)
        if self.token_edit.toPlainText():  # typed or dropped before this
            self.token_view.on_edited()

    # --- what the tests and the app reach through the window ---------------

    @property
    def fetcher(self) -> KeyFetcher:
        """Fetches issuer keys off the GUI thread (made on first use)."""
        return self.key_input.fetcher

    @property
    def scanner(self) -> SecretScanner:
        """Runs the weak-secret scan off the GUI thread (made on first use)."""
        return self.audit_scan.scanner

    @property
    def json_bar(self) -> JsonFormBar:
        """A JSON serialization's selector (made on first use)."""
        return self.json_view.bar

    @property
    def audit_runner(self) -> AuditRunner:
        """Counts the findings off the GUI thread."""
        return self.audit_scan.runner

    def clear_token(self) -> None:
        """File ▸ Clear: empty the token pane."""
        self.token_input.clear_token()

    def load_argument(self, argument: str) -> None:
        """The command line's TOKEN or FILE (see TokenInput.load_argument)."""
        self.token_input.load_argument(argument)

    # --- construction -------------------------------------------------------

    def _init_frame(self) -> None:
        """What the first paint shows: menus, splitters, pane titles, token."""
        self.token_edit = TokenEditor(max_size=REFUSE_SIZE)
        # Asks for the height its lines need at its width: the editor gives
        # it up (down to three lines of its own), never half a line of it.
        self.token_errors = WrappedLabel("")
        self.token_errors.setObjectName("tokenErrors")
        self.token_errors.setAccessibleName("Token problems")
        self.token_edit.setMinimumHeight(
            3 * self.token_edit.fontMetrics().lineSpacing()
            + 2 * self.token_edit.frameWidth()
            + 2 * int(self.token_edit.document().documentMargin())
        )
        self.token_errors.hide()
        # Wraps: a JWE's five-part legend must not widen the left column.
        self.token_summary = WrappedLabel("")
        self.token_summary.setObjectName("tokenSummary")
        token_box = QWidget()
        token_layout = QVBoxLayout(token_box)
        token_layout.setContentsMargins(0, 0, 0, 0)
        token_layout.addWidget(self.token_summary)
        token_layout.addWidget(self.token_edit, 1)
        # Problems sit right under the token, next to the marked characters.
        token_layout.addWidget(self.token_errors)
        self._token_layout = token_layout  # the other-tokens line goes in later
        # Drops and refused pastes are handled from the first paint on: they
        # need no session (Qt::RichText: the messages are html-escaped).
        self.token_errors.setProperty("textFormat", 1)
        self.token_edit.setFocus()  # where a user starts: paste a token
        self.token_input = TokenInput(
            self.token_edit, self.token_errors, self.show_status, self
        )

        # Left: the token and how it is verified; right: the header and the
        # payload with its claims, which get the room, and under them the
        # signature details, which fold away (their tabs need the width).
        self.right = panes.splitter("rightSplitter", vertical=True)
        self._header_pane = panes.pane(
            "Header · algorithm and token type", "headerPane"
        )
        self._payload_pane = panes.pane("Payload · claims", "payloadPane")
        self._details_pane = panes.pane("Signature details", "detailsPane")
        for pane in (self._header_pane, self._payload_pane, self._details_pane):
            self.right.addWidget(pane)
        self.right.setStretchFactor(1, 1)
        self.right.setStretchFactor(2, 1)
        self.right.setSizes([150, 600, 300])

        self.main_split = panes.splitter("mainSplitter", vertical=False)
        self.left = panes.splitter("leftSplitter", vertical=True)
        token_pane = panes.pane("Encoded token", "tokenPane", token_box)
        self._signature_pane = panes.pane("Signature · verify", "signaturePane")
        self.left.addWidget(token_pane)
        self.left.addWidget(self._signature_pane)
        # The verdict and key controls keep their height; the token takes
        # what the window gains or loses.
        self.left.setSizes([140, 400])
        self.left.setStretchFactor(0, 1)
        self._details_toggle, self._signature_title = panes.details_toggle(
            self._signature_pane
        )
        self.main_split.addWidget(self.left)
        self.main_split.addWidget(self.right)
        self.main_split.setSizes([480, 720])
        self.main_split.setStretchFactor(1, 1)  # a wider window widens the claims
        # No scroll area around the panes: every pane fits down to 960x540
        # (a 1080p screen at 200 %), and its own editors scroll.
        self.setCentralWidget(self.main_split)
        # What the first paint draws for sure (app.py waits for it): the
        # panes' titles (a splitter cannot collapse all its panes).
        self.pane_titles = [
            pane.findChildren(QLabel)[0]
            for pane in (
                token_pane,
                self._signature_pane,
                self._header_pane,
                self._payload_pane,
                self._details_pane,
            )
        ]
        # The menus' titles now, their actions with the panes.
        bar = self.menuBar()
        self._menus: dict[str, QMenu] = {
            name: bar.addMenu(title)
            for name, title in (
                ("file", "&File"),
                ("edit", "&Edit"),
                ("token", "&Token"),
                ("view", "&View"),
                ("history", "Hi&story"),
                ("help", "&Help"),
            )
        }
        self._fit_to_screen(1240, 860)
        # Left: 40 % of the window, at most 500 px (wider windows widen the
        # header, payload and claims).
        left = max(380, min(500, self.width() * 2 // 5))
        self.main_split.setSizes([left, self.width() - left])

    def _init_panes(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QTableView, QTabWidget

        from jwtinspector.widgets.audit_panel import AUDIT_TITLE, AuditPanel
        from jwtinspector.widgets.claims_tools import ClaimsTools
        from jwtinspector.widgets.json_view import JsonView
        from jwtinspector.widgets.signature_panel import SignaturePanel
        from jwtinspector.widgets.token_picker import OtherTokens

        self.token_errors.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        # Filled in the Tab order: token, signature, header, payload, details.
        self.signature_panel = SignaturePanel()
        panes.fill(self._signature_pane, panes.scrolled(self.signature_panel))
        # The countdown beside the title: the verdict keeps the pane's width.
        self._signature_title.insertWidget(1, self.signature_panel.countdown)

        self.header_view = JsonView(
            "headerView",
            "Decoded header",
            'Type a header such as {"alg": "HS256"} to make a token',
        )
        self.header_table = panes.table(
            self.session.header_model, "headerTable", "Header parameters"
        )
        header_tabs = QTabWidget()
        header_tabs.setObjectName("headerTabs")
        header_tabs.setAccessibleName("Header views")
        header_tabs.tabBar().setAccessibleName("Header view: JSON or parameters")
        header_tabs.addTab(self.header_view, "JSON")
        header_tabs.addTab(self.header_table, "Parameters")
        self.header_errors = panes.error_label("headerErrors", "Header JSON problems")
        self._header_tabs = header_tabs  # a JSON form's selector: above them
        header = panes.stack(header_tabs, self.header_errors)
        panes.fill(self._header_pane, header)

        self.payload_view = JsonView("payloadView", "Decoded payload")
        self.payload_view.clock = self.session.now  # dates on hover
        self.payload_errors = panes.error_label(
            "payloadErrors", "Payload JSON problems"
        )
        self.claims_table = panes.table(
            self.session.claims_model, "claimsTable", "Claims"
        )
        self.claims_table.setEditTriggers(
            QTableView.EditTrigger.DoubleClicked
            | QTableView.EditTrigger.EditKeyPressed
            | QTableView.EditTrigger.AnyKeyPressed
        )
        self.claims_tools = ClaimsTools()
        self.payload_split = payload_split = panes.splitter(
            "payloadSplitter", vertical=True
        )
        payload = (self.payload_view, self.payload_errors)
        payload_split.addWidget(panes.stack(*payload))
        payload_split.addWidget(panes.stack(self.claims_tools, self.claims_table))
        panes.fill(self._payload_pane, payload_split)

        # Built with the panes, unlike the scanner: its controls set the
        # minimum size of the details pane, and so the window's layout.
        self.audit_panel = AuditPanel()
        self.audit_panel.show_token(self.session.token)
        self.signature_panel.details.addTab(self.audit_panel, AUDIT_TITLE)
        panes.fill(self._details_pane, self.signature_panel.details)

        # Under the editor: several tokens in one paste (hidden until then).
        self.other_tokens = OtherTokens()
        self._token_layout.insertWidget(
            self._token_layout.indexOf(self.token_edit) + 1, self.other_tokens
        )
        # Tab: token, Show another (while shown), details, header, …
        QWidget.setTabOrder(self.token_edit, self.other_tokens.button)
        self.other_tokens.show_tokens("", (), None)

    def _init_controllers(self) -> None:
        """The controllers, each given only the objects it uses."""
        from jwtinspector.controllers.audit_scan import AuditScan
        from jwtinspector.controllers.crafting import Crafting
        from jwtinspector.controllers.json_form import JsonFormView
        from jwtinspector.controllers.jwe_view import attach_jwe
        from jwtinspector.controllers.key_input import KeyInput
        from jwtinspector.controllers.sd_jwt import SdJwtView
        from jwtinspector.controllers.time_machine import TimeMachine
        from jwtinspector.controllers.token_history import TokenHistoryControl
        from jwtinspector.controllers.token_view import TokenView
        from jwtinspector.models.trusted_issuers import TrustedIssuers

        session, status = self.session, self.show_status
        self.token_view = TokenView(
            session,
            self.token_edit,
            self.token_summary,
            self.token_input.show_problem,
            (self.header_view, self.payload_view),
            (self.header_errors, self.payload_errors),
            self.other_tokens,
            status,
            self,
        )
        self.json_view = JsonFormView(session, self._header_tabs, self.token_view, self)
        self.trusted = TrustedIssuers(self)
        self.jwe_view = attach_jwe(session, self.signature_panel, self.header_errors,
            self.token_view, self.token_edit, status, self)  # fmt: skip
        self.key_input = KeyInput(
            session, self.signature_panel, self.trusted, status, self
        )
        self.audit_scan = AuditScan(
            session, self.signature_panel, self.audit_panel, self
        )
        self.crafting = Crafting(
            session,
            self.signature_panel,
            self.claims_table,
            self.claims_tools,
            self.payload_view,
            status,
            self,
        )
        from jwtinspector.controllers.flow_check import FlowCheck

        self.flow_check = FlowCheck(session, self.signature_panel, self)
        self.sd_jwt = SdJwtView.build(
            session, self.token_edit, self.token_summary, self.payload_view,
            self.signature_panel, self.claims_table, status, self,
        )  # fmt: skip
        self.time_machine = TimeMachine(session, self.signature_panel,
            self._menus["view"], status, self)  # fmt: skip
        self.token_history = TokenHistoryControl(session, self.signature_panel,
            self.token_edit, status, self._menus["history"], self)  # fmt: skip
        from jwtinspector.controllers.tamper_lab import TamperLab  # after the Audit tab

        self.tamper_lab = TamperLab(session, self.signature_panel, self)

    def _init_menus(self) -> None:
        from PySide6.QtGui import QKeySequence

        from jwtinspector.controllers.compare import CompareWith
        from jwtinspector.controllers.report_share import ReportShare

        file_menu = self._menus["file"]
        token_input = self.token_input
        self.open_action = self._action(
            "&Open…", QKeySequence.StandardKey.Open, token_input.open_file
        )
        self.paste_action = self._action(
            "&Paste token", QKeySequence.StandardKey.Paste, token_input.paste_token
        )
        self.copy_action = self._action(
            "&Copy token", "Ctrl+Shift+C", self.token_view.copy_token
        )
        self.clear_action = self._action(
            "C&lear", "Ctrl+Shift+L", token_input.clear_token
        )
        # Not every platform binds StandardKey.Quit (Windows, most X11 styles).
        quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
        self.quit_action = self._action(
            "&Quit", quit_keys[0] if quit_keys else "Ctrl+Q", self.close
        )
        for action in (
            self.open_action,
            self.paste_action,
            self.copy_action,
            self.clear_action,
        ):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.report_share = ReportShare(self.session, self.show_status, self)
        self.report_share.add_to(file_menu, self.quit_action)
        self.crafting.build_menus(self._menus["edit"], self._menus["token"])
        self.jwe_view.add_action(self._menus["token"], self.crafting.copy_bearer_action)
        self.compare = CompareWith(self.session, self._menus["token"], self)
        file_menu.insertAction(self.open_action, self.crafting.new_action)
        self.details_action = self._action(
            "Signature &details", DETAILS_SHORTCUT, self.show_details
        )
        self.details_action.setCheckable(True)
        self.details_action.setChecked(self.details_shown)
        self._menus["view"].addAction(self.details_action)
        self.about_action = self._action("&About JWT Inspector", None, self.show_about)
        self._menus["help"].addAction(self.about_action)

    def _action(self, text: str, shortcut: Any, slot: Any) -> QAction:
        # Added to the window, so window-wide (QAction's default context);
        # text editors still take their own Ctrl+V first.
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _connect_signals(self) -> None:
        """The one place signals are wired: the frame's when it is built (a
        drop or a refused paste needs no session), the rest with the panes."""
        token_input = self.token_input
        if not self.built:
            self.token_edit.file_dropped.connect(token_input.load_file)
            self.token_edit.paste_refused.connect(token_input.refuse_paste)
            self.token_edit.paste_replaced.connect(token_input.say_replaced)
            self._details_toggle.toggled.connect(self.show_details)
            return
        session, panel = self.session, self.signature_panel
        tokens, keys, audit = self.token_view, self.key_input, self.audit_scan
        crafting = self.crafting
        # what can be edited and exported follows the token; the Export key
        # menu's text says which kid it sets (a token's kid picks a set's key)
        session.key_changed.connect(crafting.show_kid_choice)
        session.token_changed.connect(crafting.show_kid_choice)
        session.token_changed.connect(crafting.show_editable)
        # token input → session
        self.token_edit.textChanged.connect(tokens.on_edited)
        tokens.decode_timer.timeout.connect(tokens.decode_pending)
        tokens.decoder.finished.connect(tokens.decoded)
        self.other_tokens.chosen.connect(tokens.show_chosen_token)
        session.token_changed.connect(tokens.show_other_tokens)
        session.text_replaced.connect(tokens.on_text_replaced)
        # session → token, header and payload panes
        session.token_changed.connect(tokens.on_token_changed)
        self.json_view.connect_signals(panel)  # JSON serialization, detached payload
        session.problems_changed.connect(tokens.on_problems_changed)
        session.edit_failed.connect(tokens.on_edit_failed)
        # key input → session, session → signature pane
        panel.key_input_edited.connect(session.set_key_input)
        panel.use_aside_requested.connect(session.use_aside_key)
        session.key_input_changed.connect(panel.show_key_input)
        panel.expectations_changed.connect(session.set_expectations)
        panel.oidc_inputs_changed.connect(session.set_oidc_inputs)
        panel.load_key_requested.connect(keys.open_key_file)
        panel.algorithm_chosen.connect(session.set_algorithm)
        panel.use_certificate_requested.connect(session.use_certificate_key)
        session.problems_changed.connect(panel.show_input_problems)
        session.token_changed.connect(panel.show_token)
        session.key_changed.connect(panel.show_key)
        session.key_failed.connect(panel.show_key_error)
        session.report_changed.connect(panel.show_report)
        session.countdown_changed.connect(panel.show_countdown)
        session.stale_changed.connect(panel.show_stale)
        session.token_changed.connect(keys.show_certificates)
        session.key_changed.connect(keys.show_certificates)
        session.evaluation.changed.connect(keys.show_certificates)  # their dates
        # issuer keys: fetched off the GUI thread, only on request (the fetch
        # box and the fetcher are wired when they are made)
        panel.fetch_box_created.connect(self._place_fetch_box)
        panel.fetch_box_created.connect(keys.wire_fetch_box)
        session.token_changed.connect(keys.maybe_fetch_trusted)
        session.token_changed.connect(keys.maybe_refetch_rotated)
        session.report_changed.connect(keys.show_fetched_note)
        session.report_changed.connect(keys.show_rotation_pending)  # after the panel
        # crafting: edits go to the session, which rebuilds and re-signs
        self.header_view.edited.connect(lambda text: crafting.edit_json("header", text))
        self.payload_view.edited.connect(
            lambda text: crafting.edit_json("payload", text)
        )
        for part, view in (
            ("header", self.header_view),
            ("payload", self.payload_view),
        ):
            view.format_failed.connect(
                lambda message, part=part: tokens.on_edit_failed(part, message)
            )
        from PySide6.QtCore import Qt

        queued = Qt.ConnectionType.QueuedConnection  # after the table's edit ends
        session.claims_model.value_edited.connect(session.set_claim, queued)
        session.claims_model.name_edited.connect(session.rename_claim, queued)
        session.header_model.value_edited.connect(session.set_header_member, queued)
        session.header_model.name_edited.connect(session.rename_header_member, queued)
        self.claims_tools.add_requested.connect(crafting.add_claim)
        self.claims_tools.remove_requested.connect(crafting.remove_claim)
        self.claims_tools.date_requested.connect(crafting.set_date)
        self.claims_tools.quick_time_requested.connect(crafting.quick_time)
        self.claims_table.selectionModel().currentRowChanged.connect(
            crafting.on_current_claim
        )
        session.claims_model.modelReset.connect(crafting.reselect_claim)
        panel.generate_key_requested.connect(crafting.generate_key)
        session.token_changed.connect(crafting.offer_keys)  # Generate key's menu
        session.history_changed.connect(crafting.show_history)
        # the claims' columns and rows fit the table's width
        from jwtinspector.widgets.claims_fit import ClaimsTableFit

        self._claims_fit = ClaimsTableFit(self.claims_table)
        # the Audit tab (the weak-secret scan is wired when it is made); the
        # explanation and the audit follow every change while their tab is shown
        self.audit_panel.scan_requested.connect(audit.scan_wordlist)
        self.audit_panel.cancel_requested.connect(audit.cancel_scan)
        self.audit_panel.hashcat_requested.connect(audit.copy_hashcat_line)
        self.audit_panel.use_secret_requested.connect(panel.set_secret)
        self.audit_panel.max_lifetime_changed.connect(session.set_audit_max_lifetime)
        self.audit_panel.max_lifetime_changed.connect(audit.refresh_explanation)
        session.token_changed.connect(self.audit_panel.show_token)
        session.report_changed.connect(audit.audit_soon)
        session.report_changed.connect(audit.refresh_explanation)
        panel.details.currentChanged.connect(audit.refresh_explanation)
        self.sd_jwt.connect_signals()  # after the token view's
        self.jwe_view.follow(crafting)  # a JWE's panes: after the token's own display

    # --- layout -------------------------------------------------------------

    @Slot(object)
    def _place_fetch_box(self, box: KeyFetchBox) -> None:
        panes.name_controls(box)
        # Built on first use, it would come last in the Tab order: put it
        # where it is read, after the key inputs it sits with.
        panes.tab_after(self.signature_panel.load_button, box)

    def _fit_to_screen(self, width: int, height: int) -> None:
        """Start at the preferred size, but never larger than the screen (at
        200% scaling a 1080p screen is 960x540 logical pixels)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            width = min(width, room.width())
            height = min(height, room.height())
        self.resize(width, height)

    @Slot(bool)
    def show_details(self, shown: bool) -> None:
        """Show or fold the Signature details pane (View ▸ Signature details)."""
        self._details_pane.setVisible(shown)
        for control in (self._details_toggle, getattr(self, "details_action", None)):
            if control is not None and control.isChecked() != shown:
                control.blockSignals(True)
                control.setChecked(shown)
                control.blockSignals(False)
        self._details_toggle.setText("Hide details" if shown else "Show details")

    @property
    def details_shown(self) -> bool:
        """True while the Signature details pane is unfolded."""
        return self._details_toggle.isChecked()

    @Slot()
    def show_about(self) -> None:
        """Help ▸ About."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            "About JWT Inspector",
            f"<b>JWT Inspector {__version__}</b><p>Decode, verify, edit and audit "
            "JSON Web Tokens on your own machine. Tokens and keys never leave it, and "
            "secrets are never saved.</p>",
        )

    # --- settings -----------------------------------------------------------

    def _splitters(self) -> tuple[QSplitter, ...]:
        frame = (self.main_split, self.right, self.left)
        return (*frame, self.payload_split) if self.built else frame

    def _restore_settings(self) -> None:
        """The frame's size and splitters, before the first paint: restored
        later they would move under the user's eyes."""
        geometry = window_settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        # By the window's height, once it has its first size (fitted to the
        # screen, or as it last closed).
        self.show_details(_details_shown(self.height()))
        for splitter in self._splitters():
            self._restore_splitter(splitter)

    def _restore_splitter(self, splitter: QSplitter) -> None:
        state: QByteArray | None = window_settings.splitter_state(splitter.objectName())
        if state is not None:
            splitter.restoreState(state)

    def save_settings(self) -> None:
        """Window size, splitter positions and the panes' minimum sizes (for
        the next start's frame) only; never a token, secret or key."""
        window_settings.set_geometry(self.saveGeometry())
        window_settings.set_details_shown(self.details_shown)
        for splitter in self._splitters():
            window_settings.set_splitter_state(
                splitter.objectName(), splitter.saveState()
            )
        if self.built:
            for pane in (
                self._header_pane,
                self._payload_pane,
                self._signature_pane,
                self._details_pane,
            ):
                hint = pane.minimumSizeHint()
                window_settings.set_pane_minimum(
                    pane.objectName(), hint.width(), hint.height()
                )

    # --- events -------------------------------------------------------------

    def refresh_colors(self) -> None:
        """Re-apply palette-dependent colours (light/dark scheme changed)."""
        self.token_view.refresh_colors()
        self.signature_panel.show_report(self.session.report)
        self.signature_panel.show_countdown(self.session.countdown)
        self.audit_scan.audit_soon()  # the title's colour

    def changeEvent(self, event: QEvent) -> None:
        if self.built and event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
        ):
            # Children receive the new palette after the window: recolour after them.
            QTimer.singleShot(0, self.refresh_colors)
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.built:
            self.key_input.cancel()
            self.audit_scan.stop()
            self.token_view.stop_reading()
        self.save_settings()
        super().closeEvent(event)
