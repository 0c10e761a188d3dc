"""The window's parts stand on their own: the controllers work from the
session, the widgets they use and a status callable (no window), and every
setting kept between runs is named in one module."""

from __future__ import annotations

import inspect
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMenu, QTableView, QWidget

from jwtinspector.controllers.audit_scan import AuditScan
from jwtinspector.controllers.crafting import Crafting
from jwtinspector.controllers.key_input import KeyInput
from jwtinspector.controllers.token_input import REFUSE_SIZE, TokenInput
from jwtinspector.controllers.token_view import TokenView
from jwtinspector.models.session import TokenSession
from jwtinspector.widgets.claims_tools import ClaimsTools
from jwtinspector.widgets.json_view import JsonView
from jwtinspector.widgets.signature_panel import SignaturePanel
from jwtinspector.widgets.token_editor import TokenEditor

PACKAGE = Path(__file__).resolve().parents[2] / "jwtinspector"


def test_only_the_settings_module_reads_or_writes_settings() -> None:
    users = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "QSettings" in path.read_text(encoding="utf-8")
    )
    assert users == ["window_settings.py"]


def test_no_controller_is_given_the_window() -> None:
    for controller in (AuditScan, Crafting, KeyInput, TokenInput, TokenView):
        names = set(inspect.signature(controller.__init__).parameters)
        assert "window" not in names, controller.__name__
    for path in (PACKAGE / "controllers").glob("*.py"):
        assert "main_window" not in path.read_text(encoding="utf-8"), path.name


def test_crafting_generates_a_key_into_the_key_box_without_a_window(qtbot) -> None:
    session = TokenSession()
    panel = SignaturePanel()
    qtbot.addWidget(panel)
    table = QTableView()
    table.setModel(session.claims_model)
    qtbot.addWidget(table)
    messages: list[str] = []
    crafting = Crafting(
        session,
        panel,
        table,
        ClaimsTools(),
        JsonView("payloadView", "Decoded payload"),
        lambda text, _ms: messages.append(text),
    )
    crafting.build_menus(QMenu(), QMenu())

    crafting.generate_key("HS256")

    assert panel.secret_edit.text() != ""
    assert messages[-1].startswith("Generated")
    assert messages[-1].endswith("(in memory only).")


def test_a_path_that_names_no_file_is_refused_before_any_session(qtbot) -> None:
    pane = QWidget()
    qtbot.addWidget(pane)
    editor, problems = TokenEditor(max_size=REFUSE_SIZE), QLabel(pane)
    editor.setParent(pane)
    problems.hide()
    token_input = TokenInput(editor, problems, lambda _text, _ms: None)

    token_input.load_argument("missing/token.jwt")

    assert "missing/token.jwt: no such file" in problems.text()
    assert not problems.isHidden()
    assert editor.toPlainText() == ""
