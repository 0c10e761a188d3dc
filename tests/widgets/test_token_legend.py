"""The token's legend and colouring give each JWE segment its own colour."""

from __future__ import annotations

import base64
import json
import re

import pytest
from label_text import plain
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from jwtinspector.app import create_window
from jwtinspector.widgets.theme import JWE_ROLES, color


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


JWE = ".".join(
    [
        b64(json.dumps({"alg": "RSA-OAEP", "enc": "A256GCM"}).encode()),
        b64(b"\x01" * 256),
        b64(b"\x02" * 12),
        b64(b"\x04" * 64),
        b64(b"\x03" * 16),
    ]
)


def settle(rounds: int = 5) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


@pytest.mark.parametrize("base", ["#ffffff", "#1e1e1e"])
def test_the_five_jwe_roles_have_five_colours(qtbot, base):
    widget = QWidget()
    qtbot.addWidget(widget)
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    widget.setPalette(palette)

    colours = {color(widget, role).name() for role in JWE_ROLES}

    assert len(colours) == 5


def test_the_legend_names_each_jwe_segment_in_its_own_colour(qtbot):
    window = create_window()
    qtbot.addWidget(window)

    window.token_edit.set_token_text(JWE)
    settle()

    summary = window.token_summary
    assert plain(summary).startswith("encrypted JWE")
    for name in ("header", "encrypted key", "IV", "ciphertext", "tag"):
        assert name in plain(summary)
    legend = re.findall(r"color:(#[0-9a-f]{6})'>([^<]+)</span>", summary.text())
    named = [(colour, name) for colour, name in legend if name != "."]
    assert [name for _, name in named] == [
        "header",
        "encrypted key",
        "IV",
        "ciphertext",
        "tag",
    ]
    assert len({colour for colour, _ in named}) == 5


def test_the_editor_colours_each_jwe_segment_differently(qtbot):
    window = create_window()
    qtbot.addWidget(window)
    editor = window.token_edit

    editor.set_token_text(JWE)
    settle()

    formats = editor.document().firstBlock().layout().formats()
    starts = [0]
    for part in JWE.split(".")[:-1]:
        starts.append(starts[-1] + len(part) + 1)
    colours = []
    for start in starts:
        covering = [f for f in formats if f.start <= start < f.start + f.length]
        assert covering, start
        colours.append(covering[0].format.foreground().color().name())
    assert len(set(colours)) == 5
    summary = window.token_summary.text()
    for colour in colours:  # the legend and the text agree
        assert colour in summary
