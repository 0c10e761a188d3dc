"""The main window: the composition root that builds panes and wires signals.

The window is built in two steps so that it appears at once (``defer``): the
frame (menus, splitters, pane titles and the token editor) is all the first
paint needs, and it is built from a few light Qt classes only: this module
does not import the engine, the session or the other panes, nor touch
``Qt``, whose ~130 enums PySide6 builds on first use (~40 ms). The rest is
built by ``finish_building()`` into the same frame, so nothing moves.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSettings, QTimer, Slot
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from jwtinspector import __version__
from jwtinspector.core.limits import DEFAULT_MAX_SIZE
from jwtinspector.widgets.theme import JWE_ROLES, color, escape, hex_color
from jwtinspector.widgets.token_editor import TokenEditor

if TYPE_CHECKING:
    from PySide6.QtCore import QByteArray, QModelIndex
    from PySide6.QtGui import QAction, QCloseEvent
    from PySide6.QtWidgets import QTableView

    from jwtinspector.core.errors import TokenFormatError
    from jwtinspector.core.token import DecodedToken
    from jwtinspector.crafting import Crafting
    from jwtinspector.models.claims_model import ClaimsTableModel
    from jwtinspector.models.key_fetcher import KeyFetcher
    from jwtinspector.models.scanner import SecretScanner
    from jwtinspector.models.session import TokenSession
    from jwtinspector.models.trusted_issuers import TrustedIssuers
    from jwtinspector.widgets.audit_panel import AuditPanel
    from jwtinspector.widgets.claims_tools import ClaimsTools
    from jwtinspector.widgets.json_view import JsonView
    from jwtinspector.widgets.key_fetch_box import KeyFetchBox
    from jwtinspector.widgets.signature_panel import SignaturePanel
    from jwtinspector.widgets.token_picker import OtherTokens

# The key fetcher and the wordlist scanner are made on first use (see the
# properties below): the window paints sooner without them.

DEFER_ABOVE = 64 * 1024
"""Inputs longer than this are decoded on the next turn of the event loop."""
_HEADER_PARTS = ("header", "algorithm", "header-member")
AUDIT_DELAY_MS = 250
"""The Audit tab's title is updated this long after the last change."""
REFUSE_SIZE = DEFAULT_MAX_SIZE
"""Files and pastes over the decoder's limit are refused before they reach the
editor: inserting 10 MB into it alone blocks the window for half a second."""
_VERTICAL = 2
"""Qt::Vertical, set through the orientation property: see the module doc."""
_EMPTY_SUMMARY = "No token · paste one, or Ctrl+N makes a new one"
"""The summary line of an empty window: the ways in."""
MEANING_WRAP_WIDTH = 480
"""From this width on, the claims' Meaning column wraps and shows each
meaning whole (the longest take three lines of it)."""
DETAILS_SHORTCUT = "Ctrl+Shift+D"
"""Shows or folds the Signature details pane."""
TALL_SCREEN = 800
"""Screens at least this tall (logical pixels) show the details at first."""


def _pane(title: str, name: str, body: QWidget | None = None) -> QWidget:
    """A titled pane; without a body, an empty frame holds its place until
    ``_fill`` puts the body in. Meanwhile the pane keeps the minimum size it
    had when the window last closed, so that nothing moves when the body
    arrives (a first start at a small size is the exception)."""
    box = QWidget()
    box.setObjectName(name)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(4, 4, 4, 4)
    label = QLabel(f"<b>{title}</b>")
    layout.addWidget(label)
    if body is None:
        body = QFrame()
        body.setObjectName("placeholder")
        body.setFrameShape(QFrame.Shape.StyledPanel)
        width, height = _saved_minimum(name)
        box.setMinimumSize(width, height)
    layout.addWidget(body, 1)
    return box


def _saved_minimum(name: str) -> tuple[int, int]:
    saved = QSettings().value(f"window/{name}Minimum")
    if isinstance(saved, list) and len(saved) == 2:
        try:
            width, height = (max(0, min(int(v), 2000)) for v in saved)
        except (TypeError, ValueError, OverflowError):
            pass  # a hand-edited settings file
        else:
            return width, height
    return 0, 0


def _fill(pane: QWidget, body: QWidget) -> None:
    """Put the body into a pane in place of its placeholder frame; from now
    on the body sets the pane's minimum size."""
    layout = pane.layout()
    assert isinstance(layout, QVBoxLayout)
    item = layout.takeAt(layout.count() - 1)
    placeholder = item.widget() if item is not None else None
    if placeholder is not None:
        placeholder.hide()
        placeholder.deleteLater()
    layout.addWidget(body, 1)
    pane.setMinimumSize(0, 0)


def _details_toggle(pane: QWidget) -> tuple[QPushButton, QHBoxLayout]:
    """A button beside the pane's title that shows or folds the details,
    and the title's row (the countdown joins it)."""
    layout = pane.layout()
    assert isinstance(layout, QVBoxLayout)
    item = layout.takeAt(0)
    title = item.widget() if item is not None else None
    assert title is not None
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(title, 1)
    button = QPushButton("Show details")
    button.setObjectName("detailsToggle")
    button.setAccessibleName("Show signature details")
    button.setCheckable(True)
    button.setToolTip(f"Show or fold the Signature details pane ({DETAILS_SHORTCUT})")
    row.addWidget(button)
    layout.insertLayout(0, row)
    return button, row


def name_controls(root: QWidget) -> None:
    """Give every button and check box under ``root`` that has no accessible
    name its visible text as one (a screen reader then says what a sighted
    user reads); controls that set their own name keep it."""
    from PySide6.QtWidgets import QAbstractButton

    for button in root.findChildren(QAbstractButton):
        text = button.text().replace("&", "").strip(" …")
        if not button.accessibleName() and text:
            button.setAccessibleName(text)


def _tab_after(before: QWidget, box: QWidget) -> None:
    """Move the controls inside ``box`` to just after ``before`` in the Tab
    order, keeping their own order."""
    from PySide6.QtCore import Qt

    controls: list[QWidget] = []
    widget = box.nextInFocusChain()
    while widget is not None and box.isAncestorOf(widget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            controls.append(widget)
        widget = widget.nextInFocusChain()
    for control in controls:
        QWidget.setTabOrder(before, control)
        before = control


def _details_shown(screen: Any) -> bool:
    """The saved choice; at first, shown on screens tall enough for it."""
    saved = QSettings().value("window/detailsShown")
    if saved is not None:
        return str(saved).lower() in ("true", "1")
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen is None or screen.availableGeometry().height() >= TALL_SCREEN


def _scrolled(body: QWidget) -> QWidget:
    """The body in a pane of its own that scrolls only when the body needs
    more height than the window can give (a key fetch with long warnings
    in a small window): the pane then never pushes the window past the
    screen, and Tab still brings each control into view."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QScrollArea

    scroll = QScrollArea()
    scroll.setObjectName(f"{body.objectName() or 'pane'}Scroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(body)
    return scroll


def _splitter(name: str, *, vertical: bool) -> QSplitter:
    splitter = QSplitter()
    splitter.setObjectName(name)
    if vertical:
        splitter.setProperty("orientation", _VERTICAL)
    return splitter


def _stack(*widgets: QWidget) -> QWidget:
    from PySide6.QtWidgets import QAbstractScrollArea

    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, QAbstractScrollArea) else 0)
    return box


def _error_label(name: str, accessible: str) -> QLabel:
    from PySide6.QtCore import Qt

    label = QLabel("")
    label.setObjectName(name)
    label.setAccessibleName(accessible)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote the user's JSON
    label.hide()
    return label


def _saved(key: str) -> QByteArray | None:
    """A saved geometry or splitter state (None on a first start)."""
    value = QSettings().value(key)
    if value is None:
        return None
    from PySide6.QtCore import QByteArray

    return value if isinstance(value, QByteArray) else None


def _is_file(argument: str) -> bool:
    """True when the argument names a file; a token too long for a name is not."""
    try:
        return Path(argument).is_file()
    except OSError:  # ENAMETOOLONG for any RS256 token on Linux
        return False


def _looks_like_path(argument: str) -> bool:
    """A path, not a token: it has a separator or a file suffix and no
    token-shaped run of dots (a JWS has two, a JWE four)."""
    text = argument.strip()
    if not text or any(c.isspace() for c in text) or text.count(".") >= 2:
        return False
    return "/" in text or "\\" in text or Path(text).suffix != ""


def _describe_bytes(data: bytes) -> str:
    """A payload that is not JSON: its text when it is UTF-8, else a hex dump."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        shown = data[:4096]
        lines = [shown[i : i + 16].hex(" ") for i in range(0, len(shown), 16)]
        more = f"\n… {len(data) - len(shown):,} more bytes" if len(data) > 4096 else ""
        return (
            f"The payload is {len(data):,} bytes that are not UTF-8 text "
            "(a JWS may carry any bytes, RFC 7515). In hex:\n" + "\n".join(lines) + more
        )
    return f"The payload is text, not JSON (a JWS may carry any bytes):\n{text}"


def _reasons(token: DecodedToken, segment: str) -> str:
    """Why a segment did not decode: its own errors, else the token's (a
    token without dots has no payload segment to blame)."""
    reasons = [e.message for e in token.errors if e.segment == segment]
    if not reasons:
        reasons = [e.message for e in token.errors if e.segment == "token"]
    return "\n".join(reasons) or f"The token has no {segment} segment."


def _problem_html(problem: TokenFormatError) -> str:
    """A decode problem for the line under the token: what is wrong in plain
    words (and what to do), then the technical detail on its own line."""
    advice = f". {escape(problem.advice)}" if problem.advice else ""
    return (
        f"<b>{escape(problem.headline)}</b>{advice}"
        f"<br>&nbsp;&nbsp;&nbsp;&nbsp;<small>{escape(problem.detail)}</small>"
    )


def _table(model: ClaimsTableModel, name: str, accessible: str) -> QTableView:
    from PySide6.QtWidgets import QTableView

    from jwtinspector.models.claims_model import Column

    view = QTableView()
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setModel(model)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    # One line of text per row (the style's default is about twice that).
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
    view.setColumnWidth(Column.NAME, 110)
    view.setColumnWidth(Column.VALUE, 300)
    return view


class MainWindow(QMainWindow):
    """Token pane on the left; header, payload and signature panes on the right.

    With ``defer`` only the frame is built (see the module doc) and the
    caller runs ``finish_building()`` after the first paint; until then the
    window has no session (``session`` None makes one then).
    """

    session: TokenSession
    crafting: Crafting
    trusted: TrustedIssuers
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
        self._replacing = False
        self._tokens_text: str | None = None  # the text other_tokens lists
        self._selected_claim = ""
        self._decode_timer = QTimer(self)
        self._decode_timer.setSingleShot(True)
        self._decode_timer.setInterval(0)
        self._fetcher: KeyFetcher | None = None
        self._scanner: SecretScanner | None = None
        self._rotation_kid: str | None = None  # keys fetched again for it
        self._build_frame()
        self._restore_settings()
        if not defer:
            self.finish_building()

    def finish_building(self) -> None:
        """Build the panes, menus and wiring the first paint did without
        (safe to call again)."""
        if self.built:
            return
        from jwtinspector.crafting import Crafting
        from jwtinspector.models.trusted_issuers import TrustedIssuers

        if not hasattr(self, "session"):
            from jwtinspector.models.session import TokenSession

            self.session = TokenSession()
        self._build_panes()
        self.crafting = Crafting(self)
        self.trusted = TrustedIssuers(self)
        self._build_menus()
        self._connect_signals()
        # Listed now, not when the menu opens: a native menu bar (macOS) may
        # not show a submenu that is empty until then.
        self.crafting.add_template_actions()
        # The hidden fetch box counts in the signature pane's minimum size.
        self.signature_panel.fetch_box  # noqa: B018 (built on first access)
        name_controls(self)
        self.built = True
        # Again now that the panes set their minimum sizes (the same state
        # changes nothing unless the saved one no longer fits them).
        for splitter in self._splitters():
            self._restore_splitter(splitter)
        if self.token_edit.toPlainText():  # typed or dropped before this
            self._on_token_edited()

    # --- parts made on first use -------------------------------------------

    def _build_audit_panel(self) -> AuditPanel:
        # Built with the panes, unlike the scanner: its controls set the
        # minimum size of the details pane, and so the window's layout.
        from jwtinspector.widgets.audit_panel import AuditPanel

        audit, session = AuditPanel(), self.session
        # The tab's title counts the findings of every token, a moment
        # after the last change (typing runs the audit once, not per key).
        self._audit_timer = QTimer(self)
        self._audit_timer.setSingleShot(True)
        self._audit_timer.setInterval(AUDIT_DELAY_MS)
        self._audit_timer.timeout.connect(self._count_findings)
        from jwtinspector.models.audit_runner import AuditRunner

        self.audit_runner = AuditRunner(self)
        self.audit_runner.finished.connect(self._show_findings)
        audit.scan_requested.connect(self.scan_wordlist)
        audit.cancel_requested.connect(self._cancel_scan)
        audit.hashcat_requested.connect(self.copy_hashcat_line)
        audit.use_secret_requested.connect(self.signature_panel.set_secret)
        audit.max_lifetime_changed.connect(session.set_audit_max_lifetime)
        session.token_changed.connect(audit.show_token)
        audit.show_token(session.token)
        audit.max_lifetime_changed.connect(self._refresh_explanation)
        return audit

    @property
    def scanner(self) -> SecretScanner:
        """Runs the weak-secret scan off the GUI thread (made on first use)."""
        if self._scanner is None:
            from jwtinspector.models.scanner import SecretScanner

            scanner = self._scanner = SecretScanner(self)
            audit = self.audit_panel
            scanner.busy_changed.connect(audit.show_busy)
            scanner.progress.connect(audit.show_progress)
            scanner.finished.connect(self._on_scan_finished)
            scanner.failed.connect(audit.show_result)
        return self._scanner

    def _cancel_scan(self) -> None:
        if self._scanner is not None:
            self._scanner.cancel()

    @property
    def fetcher(self) -> KeyFetcher:
        """Fetches issuer keys off the GUI thread (made on first use)."""
        if self._fetcher is None:
            from jwtinspector.models.key_fetcher import KeyFetcher

            fetcher = self._fetcher = KeyFetcher(self)
            fetcher.fetched.connect(self.session.set_fetched_keys)
            fetcher.failed.connect(self.session.fetch_failed)
            box = self.signature_panel.fetch_box
            fetcher.busy_changed.connect(box.show_busy)
            fetcher.busy_changed.connect(self._on_fetch_busy)
            box.cancel_requested.connect(fetcher.cancel)
        return self._fetcher

    @Slot(object)
    def _wire_fetch_box(self, box: KeyFetchBox) -> None:
        session = self.session
        name_controls(box)
        # Built on first use, it would come last in the Tab order: put it
        # where it is read, after the key inputs it sits with.
        _tab_after(self.signature_panel.load_button, box)
        box.fetch_requested.connect(self._fetch_keys)
        box.trust_requested.connect(self._trust_issuer)
        box.untrust_requested.connect(self._untrust_issuer)
        box.auto_fetch_toggled.connect(self.trusted.set_auto)
        box.show_trusted(self.trusted.issuers(), self.trusted.auto)
        box.show_fetched(session.foreign_keys_note())
        box.header_fetch_requested.connect(
            lambda which: self.fetcher.fetch_header(session.token, which)
        )

    def _show_fetched_note(self, _report: object) -> None:
        if self.signature_panel.fetch_box_built:
            self.signature_panel.fetch_box.show_fetched(
                self.session.foreign_keys_note()
            )

    # --- construction -------------------------------------------------------

    def _build_frame(self) -> None:
        """What the first paint shows: menus, splitters, pane titles, token."""
        self.token_edit = TokenEditor(max_size=REFUSE_SIZE)
        self.token_errors = QLabel("")
        self.token_errors.setObjectName("tokenErrors")
        self.token_errors.setAccessibleName("Token problems")
        self.token_errors.setWordWrap(True)
        self.token_errors.hide()
        self.token_summary = QLabel("")
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
        self.token_edit.file_dropped.connect(self.load_file)
        self.token_edit.paste_refused.connect(self._on_paste_refused)
        self.token_edit.paste_replaced.connect(self._on_paste_replaced)

        # Left: the token and how it is verified; right: the header and the
        # payload with its claims, which get the room, and under them the
        # signature details, which fold away (their tabs need the width).
        self.right = _splitter("rightSplitter", vertical=True)
        self._header_pane = _pane("Header · algorithm and token type", "headerPane")
        self._payload_pane = _pane("Payload · claims", "payloadPane")
        self._details_pane = _pane("Signature details", "detailsPane")
        for pane in (self._header_pane, self._payload_pane, self._details_pane):
            self.right.addWidget(pane)
        self.right.setStretchFactor(1, 1)
        self.right.setStretchFactor(2, 1)
        self.right.setSizes([150, 600, 300])

        self.main_split = _splitter("mainSplitter", vertical=False)
        self.left = _splitter("leftSplitter", vertical=True)
        token_pane = _pane("Encoded token", "tokenPane", token_box)
        self._signature_pane = _pane("Signature · verify", "signaturePane")
        self.left.addWidget(token_pane)
        self.left.addWidget(self._signature_pane)
        # The verdict and key controls keep their height; the token takes
        # what the window gains or loses.
        self.left.setSizes([140, 400])
        self.left.setStretchFactor(0, 1)
        self._details_toggle, self._signature_title = _details_toggle(
            self._signature_pane
        )
        self._details_toggle.toggled.connect(self.show_details)
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
                ("help", "&Help"),
            )
        }
        self._fit_to_screen(1240, 860)
        # Left: 40 % of the window, at most 500 px (wider windows widen the
        # header, payload and claims).
        left = max(380, min(500, self.width() * 2 // 5))
        self.main_split.setSizes([left, self.width() - left])
        self.show_details(_details_shown(self.screen()))

    def _build_panes(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QTableView, QTabWidget

        from jwtinspector.widgets.claims_tools import ClaimsTools
        from jwtinspector.widgets.json_view import JsonView
        from jwtinspector.widgets.signature_panel import SignaturePanel

        self.token_errors.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        # Filled in the Tab order: token, signature, header, payload, details.
        self.signature_panel = SignaturePanel()
        _fill(self._signature_pane, _scrolled(self.signature_panel))
        # The countdown beside the title: the verdict keeps the pane's width.
        self._signature_title.insertWidget(1, self.signature_panel.countdown)

        self.header_view = JsonView(
            "headerView",
            "Decoded header",
            'Type a header such as {"alg": "HS256"} to make a token',
        )
        self.header_table = _table(
            self.session.header_model, "headerTable", "Header parameters"
        )
        header_tabs = QTabWidget()
        header_tabs.setObjectName("headerTabs")
        header_tabs.setAccessibleName("Header views")
        header_tabs.tabBar().setAccessibleName("Header view: JSON or parameters")
        header_tabs.addTab(self.header_view, "JSON")
        header_tabs.addTab(self.header_table, "Parameters")
        self.header_errors = _error_label("headerErrors", "Header JSON problems")
        _fill(self._header_pane, _stack(header_tabs, self.header_errors))

        self.payload_view = JsonView("payloadView", "Decoded payload")
        self.payload_view.clock = self.session.now  # dates on hover
        self.payload_errors = _error_label("payloadErrors", "Payload JSON problems")
        self.claims_table = _table(self.session.claims_model, "claimsTable", "Claims")
        self.claims_table.setEditTriggers(
            QTableView.EditTrigger.DoubleClicked
            | QTableView.EditTrigger.EditKeyPressed
            | QTableView.EditTrigger.AnyKeyPressed
        )
        self.claims_tools = ClaimsTools()
        # Its last column stretches without a sectionResized signal: watch
        # the table's own size as well.
        self.claims_table.horizontalHeader().sectionResized.connect(
            self._fit_claim_rows
        )
        self.claims_table.installEventFilter(self)
        self.payload_split = payload_split = _splitter("payloadSplitter", vertical=True)
        payload_split.addWidget(_stack(self.payload_view, self.payload_errors))
        payload_split.addWidget(_stack(self.claims_tools, self.claims_table))
        _fill(self._payload_pane, payload_split)

        self.audit_panel = self._build_audit_panel()
        from jwtinspector.widgets.audit_panel import AUDIT_TITLE

        self.signature_panel.details.addTab(self.audit_panel, AUDIT_TITLE)
        _fill(self._details_pane, self.signature_panel.details)

        from jwtinspector.widgets.token_picker import OtherTokens

        # Under the editor: several tokens in one paste (hidden until then).
        self.other_tokens = OtherTokens()
        self._token_layout.insertWidget(
            self._token_layout.indexOf(self.token_edit) + 1, self.other_tokens
        )
        # Tab: token, Show another (while shown), details, header, …
        QWidget.setTabOrder(self.token_edit, self.other_tokens.button)
        self.other_tokens.show_tokens("", (), None)

    def _fit_claim_rows(self, *_: object) -> None:
        """Rows of one line while the Meaning column is narrow (more rows in
        view); once it is wide, rows as tall as their whole meaning."""
        from PySide6.QtWidgets import QHeaderView

        from jwtinspector.models.claims_model import Column

        table = self.claims_table
        wide = table.columnWidth(Column.MEANING) >= MEANING_WRAP_WIDTH
        if table.wordWrap() != wide:
            table.setWordWrap(wide)
            mode = QHeaderView.ResizeMode
            table.verticalHeader().setSectionResizeMode(
                mode.ResizeToContents if wide else mode.Fixed
            )

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

    def _build_menus(self) -> None:
        from PySide6.QtGui import QKeySequence

        file_menu = self._menus["file"]
        self.open_action = self._action(
            "&Open…", QKeySequence.StandardKey.Open, self.open_file
        )
        self.paste_action = self._action(
            "&Paste token", QKeySequence.StandardKey.Paste, self.paste_token
        )
        self.copy_action = self._action("&Copy token", "Ctrl+Shift+C", self.copy_token)
        self.clear_action = self._action("C&lear", "Ctrl+Shift+L", self.clear_token)
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
        self.crafting.build_menus(self._menus["edit"], self._menus["token"])
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
        session, panel = self.session, self.signature_panel
        # token input → session
        self.token_edit.textChanged.connect(self._on_token_edited)
        self._decode_timer.timeout.connect(self._decode_pending)
        self.other_tokens.chosen.connect(self._show_chosen_token)
        self.session.token_changed.connect(self._show_other_tokens)
        # key input → session
        panel.key_input_edited.connect(session.set_key_input)
        panel.use_aside_requested.connect(session.use_aside_key)
        session.key_input_changed.connect(panel.show_key_input)
        panel.expectations_changed.connect(session.set_expectations)
        panel.oidc_inputs_changed.connect(session.set_oidc_inputs)
        panel.load_key_requested.connect(self.open_key_file)
        # session → panes
        session.token_changed.connect(self._on_token_changed)
        session.problems_changed.connect(self._on_problems_changed)
        session.problems_changed.connect(panel.show_input_problems)
        session.token_changed.connect(panel.show_token)
        session.key_changed.connect(panel.show_key)
        session.key_failed.connect(panel.show_key_error)
        session.report_changed.connect(panel.show_report)
        session.countdown_changed.connect(panel.show_countdown)
        # crafting: edits go to the session, which rebuilds and re-signs
        crafting = self.crafting
        self.header_view.edited.connect(lambda text: crafting.edit_json("header", text))
        self.payload_view.edited.connect(
            lambda text: crafting.edit_json("payload", text)
        )
        views = (("header", self.header_view), ("payload", self.payload_view))
        for part, view in views:
            view.format_failed.connect(
                lambda message, part=part: self._on_edit_failed(part, message)
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
            self._on_current_claim
        )
        session.claims_model.modelReset.connect(self._reselect_claim)
        panel.algorithm_chosen.connect(session.set_algorithm)
        panel.generate_key_requested.connect(crafting.generate_key)
        session.token_changed.connect(crafting.offer_keys)  # Generate key's menu
        session.text_replaced.connect(self._on_text_replaced)
        session.edit_failed.connect(self._on_edit_failed)
        session.stale_changed.connect(panel.show_stale)
        session.history_changed.connect(crafting.show_history)
        # issuer keys: fetched off the GUI thread, only on request (the fetch
        # box and the fetcher are wired when they are made)
        panel.fetch_box_created.connect(self._wire_fetch_box)
        session.token_changed.connect(self._maybe_fetch_trusted)
        session.token_changed.connect(self._maybe_refetch_rotated)
        session.report_changed.connect(self._show_fetched_note)
        session.report_changed.connect(self._show_rotation_pending)  # after the panel
        panel.use_certificate_requested.connect(session.use_certificate_key)
        for changed in (session.token_changed, session.key_changed):
            changed.connect(
                lambda _value: panel.show_certificates(
                    session.certificate_lines(), session.has_header_certificate()
                )
            )
        # the audit tab and the weak-secret scan are wired when they are made
        # (_build_audit_panel, scanner); the explanation and the audit follow
        # every change while their tab is shown
        session.report_changed.connect(self._audit_soon)
        session.report_changed.connect(self._refresh_explanation)
        panel.details.currentChanged.connect(self._refresh_explanation)

    # --- slots ----------------------------------------------------------------

    @Slot()
    def _on_token_edited(self) -> None:
        # Re-colouring also emits textChanged; only real edits reach the session.
        text = self.token_edit.toPlainText()
        if self._replacing or text == self.session.text:
            return
        if len(text) > DEFER_ABOVE:
            # Let Qt finish inserting a big paste before decoding it, so neither
            # step holds the event loop for long.
            self._decode_timer.start()
        else:
            self.session.set_text(text, merge=self._typing(text))

    @Slot(str)
    def _on_text_replaced(self, text: str) -> None:
        if text != self.token_edit.toPlainText():
            # setPlainText passes through an empty text: that is not an edit.
            self._replacing = True
            try:
                self.token_edit.set_token_text(text)
            finally:
                self._replacing = False
                self.token_edit.replaced_whole = False  # the session's own step

    @Slot(object)
    def _show_other_tokens(self, _token: object = None) -> None:
        """The line under the editor when the text holds several tokens;
        computed once per decoded text (after the deferred decode of a big
        one; a clean single token costs one regex match)."""
        text = self.session.text
        if text == self._tokens_text:
            return
        self._tokens_text = text
        from jwtinspector.core.extract import find_tokens

        token = self.session.token
        self.other_tokens.show_tokens(
            text, find_tokens(text), token.token if token else None
        )

    @Slot(str)
    def _show_chosen_token(self, token: str) -> None:
        """One token of several replaces the text (one undo step)."""
        self.token_edit.set_token_text(token)
        self.token_edit.setFocus()
        self.statusBar().showMessage(
            "Showing the chosen token (Ctrl+Z brings the whole text back)", 6000
        )

    @Slot(str, str)
    def _on_edit_failed(self, part: str, message: str) -> None:
        label = self.header_errors if part in _HEADER_PARTS else self.payload_errors
        label.setText(f"✗ {message}" if message else "")
        label.setStyleSheet(f"color: {hex_color(self, 'bad')};")
        label.setVisible(bool(message))

    @Slot(str, bool, str)
    def _fetch_keys(self, source: str, refresh: bool, kind: str = "issuer") -> None:
        if self.session.token is None:
            self.signature_panel.show_key_error("Paste a token first.")
            return
        self.fetcher.fetch(self.session.token, source, kind=kind, refresh=refresh)

    @Slot(str)
    def _trust_issuer(self, issuer: str) -> None:
        problem = self.trusted.add(issuer)
        if problem:
            self.signature_panel.show_key_error(problem)
            return
        self.signature_panel.fetch_box.show_trusted(
            self.trusted.issuers(), self.trusted.auto
        )
        self.statusBar().showMessage(f"Trusted issuer: {issuer}", 4000)

    @Slot(str)
    def _untrust_issuer(self, issuer: str) -> None:
        self.trusted.remove(issuer)
        self.signature_panel.fetch_box.show_trusted(
            self.trusted.issuers(), self.trusted.auto
        )
        self.statusBar().showMessage(f"No longer trusted: {issuer}", 4000)

    @Slot(object)
    def _maybe_refetch_rotated(self, token: DecodedToken | None) -> None:
        """Key rotation: a kid missing from fetched keys fetches them again once."""
        source = self.session.rotation_source()
        if token is not None and source is not None:
            self.fetcher.fetch(token, source.url, kind=source.kind)
            self._rotation_kid = str((token.header or {}).get("kid"))

    @Slot(object)
    def _show_rotation_pending(self, report: Any) -> None:
        """While keys are fetched again for a new kid, the banner says so
        rather than "cannot be checked" for the moment the fetch takes."""
        token = self.session.token
        kid = (token.header or {}).get("kid") if token is not None else None
        if (
            self._rotation_kid is not None
            and kid == self._rotation_kid
            and self.session.key_source is not None  # still the fetched keys
            and report is not None
            and report.signature.status.value not in ("valid", "invalid")
        ):
            self.signature_panel.show_refetching(self._rotation_kid)

    @Slot(bool)
    def _on_fetch_busy(self, busy: bool) -> None:
        if not busy and self._rotation_kid is not None:
            self._rotation_kid = None
            # A cancelled fetch brings no new report: show the last one again.
            self.signature_panel.show_report(self.session.report)

    @Slot(object)
    def _maybe_fetch_trusted(self, token: DecodedToken | None) -> None:
        """The allow-list setting: fetch a trusted issuer's keys unasked."""
        iss = (token.claims or {}).get("iss") if token is not None else None
        if not isinstance(iss, str) or not self.trusted.should_fetch(iss):
            return
        fetched_elsewhere = bool(self.session.foreign_keys_note())
        if (
            self.session.key is not None and not fetched_elsewhere
        ) or self.session.edit_source:
            return  # the user's own key wins; edits do not refetch
        from jwtinspector.widgets.signature_panel import FETCH_MODE

        panel = self.signature_panel
        panel.key_mode.setCurrentIndex(FETCH_MODE)
        panel.fetch_box.source_edit.setText(iss)
        self.fetcher.fetch(token, iss)

    def _refresh_explanation(self, *_: object) -> None:
        panel = self.signature_panel
        if panel.explain_tab.is_current():
            panel.show_explanation(self.session.explanation())
        elif panel.details.currentWidget() is self.audit_panel:
            self._show_audit()

    def _audit_soon(self, *_: object) -> None:
        """Count the findings a moment after the last change (typing runs
        the audit once, not at every key)."""
        self.audit_runner.cancel()  # its findings are for an older token
        self._audit_timer.start()

    @Slot()
    def _count_findings(self) -> None:
        if self.signature_panel.details.currentWidget() is self.audit_panel:
            self._show_audit()
        else:  # off the GUI thread: a huge token takes a second
            self.audit_runner.run(self.session.audit_job())

    @Slot()
    def _show_audit(self) -> None:
        """The Audit tab is shown: its findings now."""
        self._audit_timer.stop()
        self.audit_runner.cancel()
        self._show_findings(self.session.findings())

    @Slot(object)
    def _show_findings(self, findings: tuple[Any, ...]) -> None:
        """The findings in the Audit tab, and their count and highest
        severity in its title, coloured by that severity."""
        from jwtinspector.core.keys import KeyMaterial
        from jwtinspector.widgets.audit_panel import audit_tab_title

        key = self.session.key
        in_use = (
            key.key.decode("utf-8", "replace")
            if isinstance(key, KeyMaterial) and key.kty == "oct"
            else None
        )
        self.audit_panel.show_findings(findings, in_use)
        tabs = self.signature_panel.details
        index = tabs.indexOf(self.audit_panel)
        text, role = audit_tab_title(findings)
        tabs.setTabText(index, text)
        tabs.setTabToolTip(index, f"{text}: security findings for this token")
        tabs.tabBar().setTabTextColor(
            index, color(self, role) if role != "neutral" else QColor()
        )

    @Slot()
    def scan_wordlist(self) -> None:
        """Pick a wordlist and scan it against the token's HMAC signature."""
        from PySide6.QtWidgets import QFileDialog

        from jwtinspector.core.crack import hmac_target
        from jwtinspector.core.errors import InspectorError

        if self.session.token is None:
            self.audit_panel.show_result("Paste a token first.")
            return
        try:  # say why no scan can run before asking for a file
            hmac_target(self.session.token)
        except InspectorError as exc:
            self.audit_panel.show_result(str(exc))
            return
        path, _ = QFileDialog.getOpenFileName(self, "Wordlist", "", "All files (*)")
        if path:
            self.scanner.scan(self.session.token, path)

    @Slot(object)
    def _on_scan_finished(self, result: Any) -> None:
        speed = f"{result.tried:,} candidates in {result.seconds:.1f} s"
        if result.found is not None:
            try:
                secret = result.found.decode("utf-8")
            except UnicodeDecodeError:
                secret = ""
            self.audit_panel.show_result(
                f"Secret found: {secret or repr(result.found)} ({speed}). Anyone with "
                "this list can forge tokens: change the secret.",
                secret,
            )
        elif result.cancelled:
            self.audit_panel.show_result(f"Scan cancelled after {speed}.")
        else:
            self.audit_panel.show_result(f"Not found in the list ({speed}).")

    @Slot()
    def copy_hashcat_line(self) -> None:
        """Copy the token as hashcat mode 16500 takes it."""
        from jwtinspector.core.crack import hashcat_line
        from jwtinspector.core.errors import InspectorError

        if self.session.token is None:
            return
        try:
            line = hashcat_line(self.session.token)
        except InspectorError as exc:
            self.audit_panel.show_result(str(exc))
            return
        QGuiApplication.clipboard().setText(line)
        self.audit_panel.show_result(
            "Copied for hashcat: run  hashcat -m 16500 -a 0 token.txt wordlist.txt"
        )

    def _on_current_claim(self, current: QModelIndex, _previous: QModelIndex) -> None:
        from jwtinspector.models.claims_model import ROW_ROLE

        row = current.data(ROW_ROLE)
        if row is None:
            return  # a reset clears the selection; _reselect_claim restores it
        self._selected_claim = row.name
        self.crafting.show_date_target(row)

    def _reselect_claim(self) -> None:
        """Keep the user's row selected across the rebuild an edit causes."""
        from jwtinspector.models.claims_model import Column

        model = self.session.claims_model
        for number, row in enumerate(model.rows()):
            if row.name == self._selected_claim:
                self.claims_table.setCurrentIndex(model.index(number, Column.VALUE))
                self.claims_table.selectRow(number)
                return

    @Slot()
    def _decode_pending(self) -> None:
        text = self.token_edit.toPlainText()
        if text != self.session.text:
            self.session.set_text(text, merge=self._typing(text))

    def _typing(self, text: str) -> bool:
        """False once for a whole new token (paste, drop, file): typing merges
        into one undo step, a new token must not merge with it."""
        if text and self.token_edit.replaced_whole:
            self.token_edit.replaced_whole = False
            return False
        return True

    @Slot(object)
    def _on_token_changed(self, token: DecodedToken | None) -> None:
        # A JSON view shown afresh from the token drops its old error message.
        source = self.session.edit_source
        for part, label in (
            ("header", self.header_errors),
            ("payload", self.payload_errors),
        ):
            if source != part:
                label.hide()
        if token is None:
            # An empty window takes a payload typed from scratch.
            empty = not self.session.text.strip()
            for view in (self.header_view, self.payload_view):
                if empty:
                    view.show_empty()
                else:
                    view.show_note("")
            self.token_summary.setText(_EMPTY_SUMMARY if empty else "")
            self.token_edit.highlighter.set_spans([], self._error_spans())
            return
        # The editor the user is typing in keeps its text (and cursor).
        if source == "header":
            pass
        elif token.header is not None:
            self.header_view.show_value(token.header)
        else:
            self.header_view.show_note(
                "The header could not be decoded:\n" + _reasons(token, "header")
            )
        if source == "payload":
            pass
        elif token.is_encrypted:
            self.payload_view.show_note(
                "Encrypted token (JWE): the content cannot be shown without "
                "decrypting it, which this app does not do."
            )
        elif token.payload is not None:
            self.payload_view.show_value(token.payload)
        elif token.payload_bytes is not None:
            self.payload_view.show_note(_describe_bytes(token.payload_bytes))
        else:
            self.payload_view.show_note(
                "The payload could not be decoded:\n" + _reasons(token, "payload")
            )
        self.token_summary.setText(self._summary(token))
        self._colour_segments(token)

    def _colour_segments(self, token: DecodedToken) -> None:
        spans = []
        for number, seg in enumerate(token.segments):
            if token.is_encrypted:
                role = JWE_ROLES[number % len(JWE_ROLES)]
            elif seg.name in ("header", "payload", "signature"):
                role = seg.name
            else:
                role = "payload"
            if number:  # the dot before this segment
                spans.append((seg.start - 1, seg.start, "dot"))
            spans.append((seg.start, seg.end, role))
        errors = self._error_spans()
        if len(token.token) > DEFER_ABOVE:
            # Re-colouring a 1 MB document takes tens of ms: let the panes
            # show first, then colour on the next turn of the event loop.
            QTimer.singleShot(0, lambda: self._colour_if_current(token, spans, errors))
        else:
            self.token_edit.highlighter.set_spans(spans, errors)

    def _colour_if_current(
        self, token: DecodedToken, spans: list[Any], errors: list[Any]
    ) -> None:
        if self.session.token is token:
            self.token_edit.highlighter.set_spans(spans, errors)

    def _summary(self, token: DecodedToken) -> str:
        if token.is_encrypted:
            from jwtinspector.core.token import JWE_PARTS

            names = [n.replace("_", " ").replace("iv", "IV") for n in JWE_PARTS]
            roles = list(JWE_ROLES)
        else:
            names = roles = ["header", "payload", "signature"]
        dot = f"<span style='color:{hex_color(self, 'dot')}'>.</span>"
        parts = [
            f"<span style='color:{hex_color(self, role)}'>{name}</span>"
            for name, role in zip(names, roles, strict=True)
        ]
        kind = "encrypted JWE" if token.is_encrypted else token.form
        about = f"{kind} · {len(token.token)} characters"
        if self.token_edit.shows_sample:
            about = "<b>Sample token</b> · paste yours"  # as wide: nothing moves
        return f"{about} · " + f" {dot} ".join(parts)

    def _error_spans(self) -> list[tuple[int, int]]:
        session = self.session
        errors = session.token.errors if session.token else session.problems
        return [
            (p.offset, p.offset + max(p.length, 1))
            for p in errors
            if p.offset is not None
        ]

    @Slot(object)
    def _on_problems_changed(self, problems: tuple[Any, ...]) -> None:
        errors = self.session.token.errors if self.session.token else problems
        lines = []
        for problem in problems:
            mark = "✗" if problem in errors else "⚠"
            lines.append(f"{mark} {_problem_html(problem)}")
        self._show_token_problem("<br>".join(lines), "bad" if errors else "warn")
        if self.session.token is None:
            self.token_edit.highlighter.set_spans([], self._error_spans())

    @Slot(int)
    def _on_paste_refused(self, size: int) -> None:
        self._show_token_problem(
            f"✗ Paste refused: the text is {size:,} characters and the decoder "
            f"takes at most {REFUSE_SIZE:,} (1 MiB). Nothing was changed."
        )

    @Slot()
    def _on_paste_replaced(self) -> None:
        self.statusBar().showMessage("Token replaced (Ctrl+Z brings it back)", 4000)

    def _show_token_problem(self, text: str, role: str = "bad") -> None:
        """The line(s) above the token; hidden when there is nothing to say."""
        self.token_errors.setText(text)
        self.token_errors.setStyleSheet(f"color: {hex_color(self, role)};")
        self.token_errors.setVisible(bool(text))

    @Slot()
    def paste_token(self) -> None:
        """File ▸ Paste token, or Ctrl+V outside a text editor: the clipboard
        replaces the token (one undo step brings the old one back)."""
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.statusBar().showMessage("The clipboard holds no text to paste.", 4000)
            return
        if len(text) > REFUSE_SIZE:
            self._on_paste_refused(len(text))
            return
        replaced = bool(self.token_edit.toPlainText().strip())
        self.token_edit.set_token_text(text)
        self.token_edit.setFocus()
        if replaced:
            self.statusBar().showMessage("Token replaced (Ctrl+Z brings it back)", 4000)

    @Slot()
    def copy_token(self) -> None:
        """Copy the token (as found in the input) to the clipboard."""
        token = self.session.token
        QGuiApplication.clipboard().setText(
            token.token if token else self.token_edit.toPlainText()
        )
        self.statusBar().showMessage("Token copied", 2000)

    @Slot()
    def clear_token(self) -> None:
        """Empty the token pane."""
        self.token_edit.clear()

    @Slot()
    def open_file(self) -> None:
        """File ▸ Open: read a token from a file the user picks."""
        from PySide6.QtWidgets import QFileDialog  # dialogs load on first use

        path, _ = QFileDialog.getOpenFileName(self, "Open token", "", "All files (*)")
        if path:
            self.load_file(path)

    @Slot(str)
    def load_file(self, path: str) -> None:
        """Put a file's text in the token pane (refusing huge files)."""
        error = self._read_check(path)
        if isinstance(error, str):
            self._show_token_problem(f"✗ {escape(error)}")
            return
        self.token_edit.set_token_text(error.decode("utf-8", "replace"))

    @Slot(str)
    def load_argument(self, argument: str) -> None:
        """The command line's TOKEN or FILE: a path that names no file is
        reported as such, not decoded as a broken token."""
        if _is_file(argument):
            self.load_file(argument)
        elif _looks_like_path(argument):
            self._show_token_problem(
                f"✗ {escape(argument)}: no such file. Pass a token or the "
                "path of a file that holds one."
            )
        else:
            self.token_edit.set_token_text(argument)

    def _read_check(self, path: str) -> bytes | str:
        try:
            size = Path(path).stat().st_size
            if size > REFUSE_SIZE:
                return (
                    f"{path} is {size:,} bytes; files over {REFUSE_SIZE:,} bytes "
                    "(the decoder's limit) are refused."
                )
            return Path(path).read_bytes()
        except OSError as exc:
            return f"Cannot open {path}: {exc.strerror}"

    @Slot()
    def open_key_file(self) -> None:
        """Load a key file into the key input (kept in memory only)."""
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open key",
            "",
            "Keys (*.pem *.crt *.cer *.key *.json *.jwk *.jwks);;All files (*)",
        )
        if not path:
            return
        data = self._read_check(path)
        if isinstance(data, str):
            self.signature_panel.show_key_error(data)
            return
        self.signature_panel.set_key_text(data.decode("utf-8", "replace"))

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

    # --- settings ---------------------------------------------------------------

    def _splitters(self) -> tuple[QSplitter, ...]:
        frame = (self.main_split, self.right, self.left)
        return (*frame, self.payload_split) if self.built else frame

    def _restore_settings(self) -> None:
        """The frame's size and splitters, before the first paint: restored
        later they would move under the user's eyes."""
        geometry = _saved("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        for splitter in self._splitters():
            self._restore_splitter(splitter)

    def _restore_splitter(self, splitter: QSplitter) -> None:
        state = _saved(f"window/{splitter.objectName()}")
        if state is not None:
            splitter.restoreState(state)

    def save_settings(self) -> None:
        """Window size, splitter positions and the panes' minimum sizes (for
        the next start's frame) only; never a token, secret or key."""
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/detailsShown", self.details_shown)
        for splitter in self._splitters():
            settings.setValue(f"window/{splitter.objectName()}", splitter.saveState())
        if self.built:
            for pane in (
                self._header_pane,
                self._payload_pane,
                self._signature_pane,
                self._details_pane,
            ):
                hint = pane.minimumSizeHint()
                settings.setValue(
                    f"window/{pane.objectName()}Minimum", [hint.width(), hint.height()]
                )

    def refresh_colors(self) -> None:
        """Re-apply palette-dependent colours (light/dark scheme changed)."""
        self.token_edit.highlighter.refresh_colors()
        self.header_view.highlighter.rehighlight()
        self.payload_view.highlighter.rehighlight()
        self.signature_panel.show_report(self.session.report)
        self.signature_panel.show_countdown(self.session.countdown)
        self._on_problems_changed(self.session.problems)
        self._audit_soon()  # the title's colour
        if self.session.token is not None:
            self.token_summary.setText(self._summary(self.session.token))

    def eventFilter(self, watched: Any, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.claims_table:
            QTimer.singleShot(0, self, self._fit_claim_rows)  # after its columns
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if self.built and event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
        ):
            # Children receive the new palette after the window: recolour after them.
            QTimer.singleShot(0, self.refresh_colors)
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._scanner is not None:
            self._scanner.cancel()
        if self._fetcher is not None:
            self._fetcher.cancel()
        if self._scanner is not None:
            self._scanner.wait()
        if self.built:
            self.audit_runner.cancel()
            self.audit_runner.wait()
        self.save_settings()
        super().closeEvent(event)
