"""What a user reads in a QLabel, rendered the way the label's text format says."""

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QLabel


def plain(label: QLabel) -> str:
    """The label's text as shown: HTML only when the label renders it as HTML,
    so an escaped entity shown literally (``&#x27;``) fails the assertion."""
    text, fmt = label.text(), label.textFormat()
    rich = fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    return QTextDocumentFragment.fromHtml(text).toPlainText() if rich else text
