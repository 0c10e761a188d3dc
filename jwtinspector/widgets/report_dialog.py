"""File ▸ Share redacted… and Save report…: choose the format and whether to
redact, see the report as it will be saved, then save it.

The dialog only shows and asks; the ReportShare controller builds the report
and writes the file the user chooses."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from jwtinspector.widgets.theme import monospace
from jwtinspector.widgets.wrapped_label import WrappedLabel

PREVIEW_LIMIT = 200_000
"""Characters of a report the preview shows (the file gets it all)."""

_FORMATS = (("html", "HTML: one file, opens in a browser"), ("md", "Markdown"))


class ReportDialog(QDialog):
    """The report's options, its preview and Save….

    Signals:
        options_changed: The format or the redaction changed.
        save_requested: The user pressed Save….
    """

    options_changed = Signal()
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, redact: bool) -> None:
        super().__init__(parent)
        self.setObjectName("reportDialog")
        self.setWindowTitle("Share a redacted report" if redact else "Save a report")
        layout = QVBoxLayout(self)
        intro = WrappedLabel(
            "A report on the token shown: its header, its claims with their "
            "meanings, the dates, the verdict and the audit's findings. No secret "
            "or key is ever written into it."
        )
        layout.addWidget(intro)
        row = QHBoxLayout()
        label = QLabel("&Format:")
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("reportFormat")
        self.format_combo.setAccessibleName("Report format")
        for form, text in _FORMATS:
            self.format_combo.addItem(text, form)
        label.setBuddy(self.format_combo)
        row.addWidget(label)
        row.addWidget(self.format_combo)
        row.addSpacing(16)
        self.redact_box = QCheckBox("&Redact for sharing")
        self.redact_box.setObjectName("reportRedact")
        self.redact_box.setToolTip(
            "Remove the signature and mask every value that could identify "
            "someone (sub, e-mail, names, phone, address, custom claims), keeping "
            "its type and length class. alg, kid, typ, iss, aud and the dates stay."
        )
        self.redact_box.setChecked(redact)
        row.addWidget(self.redact_box)
        row.addStretch(1)
        layout.addLayout(row)
        self.summary = WrappedLabel("")
        self.summary.setObjectName("reportSummary")
        layout.addWidget(self.summary)
        self.preview = QTextBrowser()
        # Tab goes on to Save, not through the preview's many links one by one.
        self.preview.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.preview.setObjectName("reportPreview")
        self.preview.setAccessibleName("Report preview")
        self.preview.setOpenLinks(False)  # a preview: nothing is followed
        layout.addWidget(self.preview, 1)
        self.error = WrappedLabel("")
        self.error.setObjectName("reportError")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton("&Save…")
        self.save_button.setObjectName("reportSave")
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.format_combo.currentIndexChanged.connect(self._changed)
        self.redact_box.toggled.connect(self._changed)
        self.save_button.clicked.connect(self.save_requested)
        self._fit_to_screen(820, 600)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.format_combo.setFocus()  # not Cancel, the only button enabled yet

    def _fit_to_screen(self, width: int, height: int) -> None:
        """Its size, but never past the screen's free area (a small screen, a
        large scale factor)."""
        screen = (self.parentWidget() or self).screen()
        if screen is not None:
            free = screen.availableGeometry()
            width = min(width, int(free.width() * 0.9))
            height = min(height, int(free.height() * 0.85))
        self.resize(width, height)

    @property
    def form(self) -> str:
        """ "html" or "md"."""
        return str(self.format_combo.currentData())

    @property
    def redact(self) -> bool:
        return self.redact_box.isChecked()

    def _changed(self, *_: object) -> None:
        self.error.hide()
        self.options_changed.emit()

    def show_busy(self, text: str) -> None:
        """While the findings are counted: nothing to save yet."""
        self.summary.setText(text)
        self.preview.setPlainText("")
        self.save_button.setEnabled(False)

    def show_report(self, text: str, form: str, summary: str) -> None:
        """The report as it will be saved (HTML rendered, Markdown as text)."""
        self.summary.setText(summary)
        shown = text[:PREVIEW_LIMIT]
        if form == "html" and len(text) <= PREVIEW_LIMIT:
            self.preview.setHtml(shown)
        else:
            if len(text) > PREVIEW_LIMIT:
                shown += f"\n… ({len(text) - PREVIEW_LIMIT:,} more characters saved)"
            self.preview.setFont(monospace())
            self.preview.setPlainText(shown)
        self.save_button.setEnabled(True)
        self.save_button.setDefault(True)  # Enter saves

    def show_error(self, text: str) -> None:
        """Saving failed: say why; the dialog stays open to try again."""
        self.error.setText(text)
        self.error.show()
