"""Token ▸ Compare with…: a second token beside the shown one.

The second token is read from its own box (typed, pasted, a file, or one of
the other tokens of the token pane's text); the members that differ are
core.diff's, each side's state and key verdict come from the one
verification pipeline with the session's key, options and clock (the
evaluate-at time when one is set). The comparison follows the shown token,
the key and the clock while the dialog is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu, QWidget

    from jwtinspector.core.compare import Side, Unusable
    from jwtinspector.widgets.compare_view import CompareDialog

COMPARE_SHORTCUT = "Ctrl+Shift+K"
"""Token ▸ Compare with… (Ctrl+Shift+D is View ▸ Signature details)."""
TYPING_PAUSE_MS = 150
"""The second token is read once typing pauses this long (a paste at once)."""


class CompareWith(QObject):
    """Adds Compare with… to the Token menu and runs its dialog.

    Args:
        session: The window's TokenSession (the shown token, key, clock).
        token_menu: The Token menu the action goes in.
        window: The main window (the dialog's parent; the shortcut's scope).
    """

    def __init__(
        self,
        session: Any,
        token_menu: QMenu,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.session = session
        self._window = window
        self.dialog: CompareDialog | None = None
        self.second: Side | Unusable | None = None
        self._compared_text: str | None = None  # the shown token's, when chosen
        self._last: tuple[tuple[Any, ...], Any, tuple[Any, ...]] | None = None
        self.action = QAction("Compare &with…", window)
        self.action.setObjectName("compareAction")
        self.action.setShortcut(QKeySequence(COMPARE_SHORTCUT))
        self.action.setToolTip("Put a second token beside the shown one")
        self.action.triggered.connect(self.open)
        window.addAction(self.action)
        token_menu.addSeparator()
        token_menu.addAction(self.action)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(TYPING_PAUSE_MS)
        self.timer.timeout.connect(self.read_second)
        for signal in (session.report_changed, session.countdown_changed):
            signal.connect(self.refresh)
        session.token_changed.connect(self._offer_tokens)

    @Slot()
    def open(self) -> CompareDialog:
        """Show the dialog (made on first use), its box focused."""
        if self.dialog is None:
            from jwtinspector.controllers.token_input import REFUSE_SIZE
            from jwtinspector.widgets.compare_view import CompareDialog

            self.dialog = CompareDialog(self._window, max_size=REFUSE_SIZE)
            self.dialog.text_edited.connect(self._on_edited)
            self.dialog.open_requested.connect(self.open_file)
            self.dialog.resize(self._fitting_size())
        self.dialog.show()
        self._offer_tokens()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.second.setFocus()
        self.dialog.second.selectAll()  # a paste replaces the last token given
        self.refresh()
        return self.dialog

    def _fitting_size(self) -> Any:
        """900x600 at first, never larger than the main window or the screen
        (at 200% scaling a 1080p screen is 960x540 logical pixels)."""
        from PySide6.QtCore import QSize

        size = self._window.size().boundedTo(QSize(900, 600))
        screen = self._window.screen()
        if screen is not None:
            size = size.boundedTo(screen.availableGeometry().size())
        return size

    @Slot()
    def _offer_tokens(self, *_token: object) -> None:
        """The other tokens of the token pane's text, while the dialog shows."""
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.offer_tokens(self._paste_tokens())

    def _paste_tokens(self) -> list[tuple[str, str]]:
        """(menu text, token) for each token of the token pane's text but the
        shown one."""
        from jwtinspector.core.extract import find_tokens, header_algorithm
        from jwtinspector.widgets.token_picker import describe, preview

        text = self.session.text
        shown = getattr(self.session.token, "token", None)
        items = []
        found = sorted(find_tokens(text), key=lambda f: f.start)
        for number, item in enumerate(found, 1):
            if item.token == shown:
                continue
            parts = [
                str(number),
                describe(text, item),
                header_algorithm(item.token),
                preview(item.token),
            ]
            items.append((" · ".join(p for p in parts if p), item.token))
        return items if len(found) > 1 else []

    @Slot(str)
    def _on_edited(self, _text: str) -> None:
        self.timer.start()

    @Slot()
    def read_second(self) -> None:
        """Read the second token's box now (the timer does it after typing)."""
        from jwtinspector.core.compare import read_side
        from jwtinspector.core.limits import DEFAULT_MAX_SIZE

        self.timer.stop()
        if self.dialog is None:
            return
        self.second = read_side(
            self.dialog.second.token_text(), max_size=DEFAULT_MAX_SIZE
        )
        self._compared_text = self.session.text
        self.refresh()

    @Slot()
    def open_file(self) -> None:
        """Open file…: the file's text goes into the box (Ctrl+Z undoes it)."""
        from PySide6.QtWidgets import QFileDialog

        from jwtinspector.controllers.token_input import read_checked
        from jwtinspector.widgets.theme import escape

        if self.dialog is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self.dialog, "Open the token to compare", "", "All files (*)"
        )
        if not path:
            return
        data = read_checked(path)
        if isinstance(data, str):
            self.dialog.show_problem(f"✗ {escape(data)}")
            return
        self.dialog.set_second_text(data.decode("utf-8", "replace"))
        self.read_second()

    @Slot()
    def refresh(self, *_changed: object) -> None:
        """Compare again: the shown token, the key or the clock changed."""
        dialog = self.dialog
        if dialog is None or not dialog.isVisible():
            return
        from jwtinspector.core.compare import Unusable, decrypted_side, side_of

        second = self.second
        if second is None:
            dialog.show_problem("")
            dialog.show_nothing()
            return
        if isinstance(second, Unusable):
            dialog.show_problem(_unusable_html("The second token", second))
            return
        session = self.session
        first = decrypted_side(session.jwe.outcome.decrypted) or side_of(
            session.inner or session.token
        )
        if isinstance(first, Unusable):
            dialog.show_problem(_unusable_html("The shown token", first))
            return
        self._show(first, second)

    def _show(self, first: Side, second: Side) -> None:
        from jwtinspector.core.compare import compare, facts
        from jwtinspector.core.diff import diff_rows, row_count, span_text
        from jwtinspector.core.pipeline import KeysInUse
        from jwtinspector.core.verify import VerifyOptions
        from jwtinspector.models.compare_model import MAX_ROWS
        from jwtinspector.widgets.compare_view import fact_texts

        assert self.dialog is not None
        session = self.session
        # Redone every second while a countdown runs: the members are
        # compared again only when either token changed.
        parts = (first.header, first.payload, second)
        last = self._last
        if last is None or any(a is not b for a, b in zip(last[0], parts, strict=True)):
            result = compare(first, second)
            last = self._last = (parts, result, diff_rows(result, MAX_ROWS))
        result, rows = last[1], last[2]
        callouts = _callouts(result, first, second)
        if self._compared_text is not None and session.text != self._compared_text:
            callouts.append((
                "The shown token changed since the second one was given: "
                "compared against it as it is now.",
                "neutral",
            ))  # fmt: skip
        keys = KeysInUse(
            session.key, session.key_trace, session.key_warning, session.key_source
        )
        options, now = session.options or VerifyOptions(), session.now()
        texts: tuple[list[str], list[str]] = ([], [])
        roles: tuple[list[str], list[str]] = ([], [])
        for number, side in enumerate((first, second)):
            said, role = fact_texts(
                _alg_text(side.header),
                span_text(result.lifetimes[number])
                if side.payload is not None
                else "encrypted: unknown",
                facts(side, keys, now=now, options=options),
            )
            texts[number].extend(said)
            roles[number].extend(role)
        self.dialog.model.set_rows(rows, row_count(result))
        self.dialog.show_comparison(callouts, texts, roles)


def _callouts(result: Any, first: Side, second: Side) -> list[tuple[str, str]]:
    """The lines above the facts, each with its colour role: the alg and kid
    changes, how much differs, and what of each token was left out."""
    from jwtinspector.core.diff import CALLED_OUT, header_change_text, row_count

    lines = [
        (named, "warn")
        for name in CALLED_OUT
        if (named := header_change_text(result.header, name))
    ]
    if result.same:
        tail = (
            "the signatures too"
            if result.same_signature
            else "only the signatures differ"
        )
        lines.append((f"The headers and payloads are the same: {tail}.", "good"))
    else:
        count = row_count(result)
        members = f"{count:,} members differ" if count != 1 else "1 member differs"
        signature = "same" if result.same_signature else "different"
        lines.append((f"{members}; the signatures are {signature}.", "neutral"))
    for title, side in (("Shown token", first), ("Second token", second)):
        if side.note:
            lines.append((f"{title}: {side.note}.", "neutral"))
    return lines


def _alg_text(header: dict[str, Any]) -> str:
    """'HS256 · kid "k1"', or what stands where the alg is missing."""
    from jwtinspector.core.diff import json_text

    alg = header.get("alg")
    text = (
        alg
        if isinstance(alg, str)
        else (f"alg {json_text(alg)}" if "alg" in header else "no alg")
    )
    if "enc" in header:
        text += f" · enc {json_text(header['enc'])}"
    if "kid" in header:
        text += f" · kid {json_text(header['kid'])}"
    return text


def _unusable_html(what: str, unusable: Unusable) -> str:
    """'✗ The second token cannot be compared:' and why, the decoder's
    problem worded as under the token."""
    from jwtinspector.controllers.token_view import problem_html
    from jwtinspector.widgets.theme import escape

    if unusable.problem is not None and unusable.problem.headline:
        why = problem_html(unusable.problem)
    else:
        why = escape(unusable.message[:1].upper() + unusable.message[1:]) + "."
    return f"✗ {escape(what)} cannot be compared. {why}"
