"""Token ▸ Compare with…: a second token beside the shown one."""

from __future__ import annotations

import base64
import json

import pytest
from fake_clock import FakeClock
from label_text import plain
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QStyleOptionViewItem

from jwtinspector.core.diff import diff_rows, diff_tokens
from jwtinspector.core.keys import load_secret
from jwtinspector.core.sign import sign_token
from jwtinspector.main_window import MainWindow
from jwtinspector.models.compare_model import Column
from jwtinspector.models.session import TokenSession
from jwtinspector.widgets.compare_view import CompareDialog
from jwtinspector.widgets.theme import color

NOW = 1_777_636_800.0  # 2026-05-01 12:00:00 UTC
SECRET_TEXT = "window-test-secret-32-bytes-long"
OTHER_TEXT = "another-secret-for-the-other-tok"
FIRST = sign_token(
    {"alg": "HS256", "typ": "JWT", "kid": "k1"},
    {"sub": "alice", "scope": "read", "iat": int(NOW) - 60, "exp": int(NOW) + 3600},
    load_secret(SECRET_TEXT),
)
SECOND = sign_token(
    {"alg": "HS384", "typ": "JWT", "kid": "k1"},
    {
        "sub": "bob",
        "roles": ["admin"],
        "iat": int(NOW) - 60,
        "exp": int(NOW) + 3600 + 86400,
    },
    load_secret(OTHER_TEXT),
)


def _b64(value: object) -> str:
    raw = json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def window(qtbot, clock) -> MainWindow:
    win = MainWindow(TokenSession(clock=clock))
    qtbot.addWidget(win)
    win.token_edit.set_token_text(FIRST)
    win.token_view.decode_pending()
    return win


def _compare(window: MainWindow, text: str):
    dialog = window.compare.open()
    dialog.set_second_text(text)
    window.compare.read_second()
    return dialog


def _rows(dialog) -> dict[tuple[str, str], list[str]]:
    model = dialog.model
    rows = {}
    for row in range(model.rowCount()):
        cells = [model.index(row, c).data() for c in Column]
        rows[(cells[Column.PART], cells[Column.NAME])] = cells
    return rows


def _facts(dialog) -> list[tuple[str, str]]:
    return [(plain(left), plain(right)) for left, right in dialog.fact_labels]


def test_compare_with_is_in_the_token_menu_with_its_own_shortcut(qtbot, window):
    action = window.compare.action
    assert action in window._menus["token"].actions()
    assert action.text().replace("&", "") == "Compare with…"
    shortcut = action.shortcut()
    assert shortcut == QKeySequence("Ctrl+Shift+K")
    others = [a for a in window.findChildren(type(action)) if a is not action]
    assert all(a.shortcut() != shortcut for a in others)

    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    action.trigger()

    dialog = window.compare.dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert not dialog.isModal()
    qtbot.waitUntil(lambda: dialog.second.hasFocus())
    assert not dialog.paste_button.isVisibleTo(dialog)  # one token: no other


def test_members_added_removed_and_changed_are_listed(window):
    dialog = _compare(window, SECOND)

    rows = _rows(dialog)
    assert rows[("payload", "scope")][Column.CHANGE :] == [
        "removed",
        '"read"',
        "(not in it)",
    ]
    assert rows[("payload", "roles")][Column.CHANGE :] == [
        "added",
        "(not in it)",
        '["admin"]',
    ]
    assert rows[("payload", "sub")][Column.CHANGE :] == ["changed", '"alice"', '"bob"']
    assert ("header", "typ") not in rows  # the same in both
    assert ("payload", "iat") not in rows
    assert len(rows) == 5  # alg, scope, roles, sub, exp
    assert "5 members differ; the signatures are different." in plain(dialog.callouts)


def test_a_changed_exp_shows_both_readings_and_the_difference(window):
    dialog = _compare(window, SECOND)

    exp = _rows(dialog)[("payload", "exp")]
    assert exp[Column.CHANGE] == "changed (+1 d)"
    assert exp[Column.LEFT] == f"{int(NOW) + 3600} (2026-05-01 13:00:00 UTC)"
    assert exp[Column.RIGHT] == f"{int(NOW) + 90000} (2026-05-02 13:00:00 UTC)"
    facts = _facts(dialog)
    assert facts[1] == ("1 h 1 min", "1 d 1 h")  # lifetimes (exp - iat)


def test_an_alg_change_is_called_out_and_its_row_stands_out(window):
    dialog = _compare(window, SECOND)

    assert "The algorithm changed: HS256 → HS384." in plain(dialog.callouts)
    assert "key id" not in plain(dialog.callouts)  # kid is the same
    assert _facts(dialog)[0] == ('HS256 · kid "k1"', 'HS384 · kid "k1"')
    model, delegate = dialog.model, dialog.table.itemDelegate()
    number = next(r for r in range(model.rowCount()) if model.row(r).name == "alg")
    alg, sub = QStyleOptionViewItem(), QStyleOptionViewItem()
    delegate.initStyleOption(alg, model.index(number, Column.LEFT))
    later = next(r for r in range(model.rowCount()) if model.row(r).name == "sub")
    delegate.initStyleOption(sub, model.index(later, Column.LEFT))
    assert alg.font.bold()
    assert not sub.font.bold()
    assert alg.backgroundBrush.color() == color(dialog, "warn_bg")
    assert sub.backgroundBrush.color() != color(dialog, "warn_bg")


def test_the_current_key_verifies_one_of_the_two(window):
    window.signature_panel.set_secret(SECRET_TEXT)
    dialog = _compare(window, SECOND)

    left, right = _facts(dialog)[3]
    assert left.startswith("✓ Signature verified: HS256")
    assert right.startswith("✗ Invalid signature")

    window.signature_panel.set_secret(OTHER_TEXT)  # the comparison follows the key

    left, right = _facts(dialog)[3]
    assert left.startswith("✗ Invalid signature")
    assert right.startswith("✓ Signature verified: HS384")


def test_an_unsigned_second_token_is_never_verified(window):
    window.signature_panel.set_secret(SECRET_TEXT)
    unsigned = f"{_b64({'alg': 'none'})}.{_b64({'sub': 'alice'})}."
    dialog = _compare(window, unsigned)

    left, right = _facts(dialog)[3]
    assert left.startswith("✓")
    assert right.startswith('✗ Cannot check: alg is "none", an unsigned token.')
    assert dialog.fact_labels[3][1].styleSheet() == (
        f"color: {color(dialog, 'bad').name()};"
    )
    assert "The algorithm changed: HS256 → none." in plain(dialog.callouts)


def test_each_token_has_its_state_at_the_session_clock(window, clock):
    dialog = _compare(window, SECOND)

    left, right = _facts(dialog)[2]
    assert left.startswith("Valid: Expires 2026-05-01 13:00:00 UTC")
    assert right.startswith("Valid: Expires 2026-05-02 13:00:00 UTC")

    dialog.table.selectRow(2)
    clock.advance(7200)  # the first has expired, the second not yet
    window.session.tick()

    left, right = _facts(dialog)[2]
    assert left.startswith("Expired 2026-05-01 13:00:00 UTC (1 h ago)")
    assert right.startswith("Valid:")
    assert dialog.table.currentIndex().row() == 2  # the same rows: kept
    assert (
        dialog.fact_labels[2][0].styleSheet() != dialog.fact_labels[2][1].styleSheet()
    )


def test_a_bad_second_token_says_what_is_wrong_and_keeps_the_text(window):
    dialog = _compare(window, SECOND)
    dialog.set_second_text("eyJhbGciOiJIUzI1NiJ9.not a token")
    window.compare.read_second()

    assert dialog.problem.isVisibleTo(dialog)
    message = plain(dialog.problem)
    assert message.startswith("✗ The second token cannot be compared.")
    assert "Part of the token is missing" in message
    assert dialog.second.toPlainText() == "eyJhbGciOiJIUzI1NiJ9.not a token"
    assert not dialog.table.isVisibleTo(dialog)
    assert not dialog.facts.isVisibleTo(dialog)

    dialog.set_second_text(f"{_b64({'alg': 'none'})}.{_b64([1, 2])}.")
    window.compare.read_second()
    assert plain(dialog.problem) == (
        "✗ The second token cannot be compared. The payload is not a JSON object, "
        "so it has no claims to compare."
    )


def test_an_encrypted_second_token_is_compared_by_its_header(window):
    dialog = _compare(window, "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y3Q.dGFn")

    assert not dialog.problem.isVisibleTo(dialog)
    callouts = plain(dialog.callouts)
    assert "The algorithm changed: HS256 → dir." in callouts
    assert "Second token: encrypted (JWE): only its header can be compared" in callouts
    rows = _rows(dialog)
    assert ("header", "enc") in rows
    assert not any(part == "payload" for part, _ in rows)
    assert _facts(dialog)[3][1] == "✗ Not checked: an encrypted token has no signature"


def test_the_comparison_follows_the_shown_token(window):
    dialog = _compare(window, SECOND)
    assert ("payload", "sub") in _rows(dialog)

    window.token_edit.set_token_text(SECOND)
    window.token_view.decode_pending()

    assert _rows(dialog) == {}
    assert "The headers and payloads are the same: the signatures too." in plain(
        dialog.callouts
    )
    assert "The shown token changed since the second one was given" in plain(
        dialog.callouts
    )


def test_the_other_tokens_of_the_paste_are_offered(window):
    QGuiApplication.clipboard().setText(f"id_token={FIRST}&access_token={SECOND}")
    window.paste_action.trigger()
    window.token_view.decode_pending()

    dialog = window.compare.open()

    assert dialog.paste_button.isVisibleTo(dialog)
    actions = dialog.paste_menu.actions()
    assert [a.text().split(" · ")[:3] for a in actions] == [
        ["2", "access_token", "HS384"]
    ]
    actions[0].trigger()
    window.compare.read_second()
    assert dialog.second.toPlainText() == SECOND
    assert ("payload", "roles") in _rows(dialog)

    window.token_edit.set_token_text(FIRST)  # one token left: nothing to offer
    window.token_view.decode_pending()
    assert not dialog.paste_button.isVisibleTo(dialog)


def test_typing_is_read_after_a_pause_and_escape_closes(qtbot, window):
    window.show()
    dialog = window.compare.open()
    qtbot.waitExposed(dialog)
    QGuiApplication.clipboard().setText(SECOND)
    dialog.second.setFocus()
    qtbot.keyClick(dialog.second, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: ("payload", "sub") in _rows(dialog))
    qtbot.keyClick(dialog.second, Qt.Key.Key_Tab)  # the box keeps no Tab
    assert dialog.open_button.hasFocus()
    qtbot.keyClick(dialog.open_button, Qt.Key.Key_Escape)

    assert not dialog.isVisible()
    assert dialog.second.toPlainText() == SECOND  # kept for the next time


def test_rows_not_listed_are_counted_under_the_table(qtbot):
    result = diff_tokens(({"alg": "HS256"}, {}, b""), ({"alg": "RS256"}, {}, b""))
    dialog = CompareDialog(max_size=1024)
    qtbot.addWidget(dialog)

    dialog.model.set_rows(diff_rows(result), total=1_201)
    texts = ["", "", "", ""]
    dialog.show_comparison([], (texts, texts), (texts, texts))

    assert dialog.model.rowCount() == 1
    assert dialog.more.isVisibleTo(dialog)
    assert plain(dialog.more) == "… and 1,200 more members that differ, not listed"


def test_a_decrypted_shown_jwe_is_compared_by_its_header_and_claims(qtbot, window):
    from jwtinspector.core.jwe.encrypt import encrypt

    claims = {"sub": "alice", "iat": int(NOW) - 60, "exp": int(NOW) - 60}
    jwe = encrypt(claims, "dir", "A256GCM", load_secret(SECRET_TEXT))
    window.token_edit.set_token_text(jwe)
    window.token_view.decode_pending()
    layer = window.session.jwe
    with qtbot.waitSignal(layer.changed, timeout=10_000):
        window.jwe_view.box.set_text(SECRET_TEXT)
    qtbot.waitUntil(lambda: layer.outcome.decrypted is not None, timeout=10_000)

    dialog = _compare(window, FIRST)

    callouts = plain(dialog.callouts)
    assert "The algorithm changed: dir → HS256." in callouts
    assert (
        "Shown token: decrypted (JWE): its header and claims are compared" in callouts
    )
    rows = _rows(dialog)
    assert rows[("header", "enc")][Column.CHANGE] == "removed"
    assert rows[("payload", "scope")][Column.CHANGE] == "added"
    assert rows[("payload", "exp")][Column.CHANGE] == "changed (+1 h 1 min)"
    state, key = _facts(dialog)[2:]
    assert state[0].startswith("Expired 2026-05-01 11:59:00 UTC (1 min ago)")
    assert key[0] == "✗ Not checked: an encrypted token has no signature"


def test_a_huge_paste_is_refused_and_a_long_line_read_as_given(window):
    dialog = window.compare.open()
    dialog.set_second_text("kept")
    huge = QMimeData()
    huge.setText("x" * (window.compare.dialog.second.max_size + 1))

    dialog.second.insertFromMimeData(huge)

    assert dialog.second.toPlainText() == "kept"
    assert plain(dialog.problem).startswith("✗ Paste refused: the text is 1,048,577")

    long_token = sign_token(
        {"alg": "HS256"}, {"sub": "bob", "note": "n" * 70_000}, load_secret(SECRET_TEXT)
    )
    mime = QMimeData()
    mime.setText(long_token)
    dialog.set_second_text("")
    dialog.second.insertFromMimeData(mime)
    window.compare.read_second()

    assert dialog.second.toPlainText().count("\n") > 10  # shown in lines
    assert dialog.second.token_text() == long_token
    assert window.compare.second.token.repairs == ()
    assert ("payload", "note") in _rows(dialog)


def test_reopened_a_paste_replaces_and_tab_leaves_the_table(qtbot, window):
    window.show()
    dialog = _compare(window, SECOND)
    qtbot.waitExposed(dialog)
    dialog.close()

    dialog = window.compare.open()
    QGuiApplication.clipboard().setText(SECOND)
    qtbot.keyClick(dialog.second, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.second.toPlainText() == SECOND  # not glued to the last one

    qtbot.waitUntil(lambda: ("payload", "sub") in _rows(dialog))
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Tab)
    assert not dialog.table.hasFocus()  # Tab moves on, row by row is the arrows'
