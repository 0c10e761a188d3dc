"""Key Fetch mode in a small window: the verify pane keeps the pane's width.

With an issuer-bound refusal (long URLs in the banner and in the wrong-issuer
note) nothing is cut off on the right: long texts wrap, the key-kind combo,
the URL field and the fetch controls shrink or wrap, and the pane needs no
horizontal scrolling.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from label_text import plain
from loopback import LoopbackServer, serving
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from jwtinspector.core.keygen import generate_ec
from jwtinspector.core.keys import to_jwk
from jwtinspector.core.sign import sign_token
from jwtinspector.main_window import MainWindow
from jwtinspector.models.session import TokenSession
from jwtinspector.widgets.signature_panel import FETCH_MODE

SIZES = [(1000, 650), (960, 540), (1920, 1080)]


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with serving() as running:
        yield running


def settle(rounds: int = 10) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def right_edge_overflow(panel: QWidget, viewport: QWidget) -> dict[str, int]:
    """The visible controls of the pane that reach past the viewport's right
    edge, with how many pixels are cut off."""
    cut = {}
    kinds = (QLabel, QAbstractButton, QComboBox, QLineEdit)
    for widget in panel.findChildren(QWidget):
        if not isinstance(widget, kinds) or not widget.isVisibleTo(panel):
            continue
        right = widget.mapTo(viewport, QPoint(widget.width(), 0)).x()
        if right > viewport.width():
            name = widget.objectName() or widget.metaObject().className()
            cut[f"{name} {getattr(widget, 'text', lambda: '')()[:30]!r}"] = (
                right - viewport.width()
            )
    return cut


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_an_issuer_bound_refusal_in_fetch_mode_is_cut_off_nowhere(qtbot, server, size):
    key = generate_ec("P-256")
    issuer = server.url + "/signing/material/of/another/issuer"
    server.json(
        "/signing/material/of/another/issuer",
        {"keys": [{**to_jwk(key), "kid": "k1", "use": "sig", "alg": "ES256"}]},
    )
    now = int(time.time())
    claims = {"iss": server.url, "sub": "alice", "iat": now, "exp": now + 3600}
    token = sign_token({"typ": "JWT", "kid": "k1"}, claims, key, alg="ES256")
    window = MainWindow(TokenSession())
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.token_edit.set_token_text(token)
    panel = window.signature_panel
    panel.key_mode.setCurrentIndex(FETCH_MODE)
    panel.key_mode.activated.emit(FETCH_MODE)
    box = panel.fetch_box
    box.source_edit.setText(issuer)
    qtbot.mouseClick(box.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Not verified" in plain(panel.banner), timeout=10_000)
    settle()

    try:
        # What the user came for is on screen: the refusal, whose keys these
        # are, and the note under the URL field.
        assert "cannot vouch for it" in plain(panel.banner)
        assert box.fetched_note.isVisible()
        assert "Wrong issuer" in plain(box.fetched_note)
        viewport = panel.parentWidget()
        assert viewport is not None
        assert panel.width() <= viewport.width()
        assert right_edge_overflow(panel, viewport) == {}
        # Long texts wrap at the pane's width instead of running past it.
        for label in (panel.banner, box.fetched_note, panel.expectation):
            assert label.height() >= label.heightForWidth(label.width()), (
                label.objectName()
            )
        # The key-kind combo and the URL field fit in the pane.
        assert panel.key_mode.width() <= viewport.width()
        assert box.source_edit.width() >= 200
        assert window.size().toTuple() == size
    finally:
        window.fetcher.cancel()
        window.fetcher.pool.waitForDone(10_000)
