"""Hostile input in the window: nothing raises, long lists are capped, big
documents are cut, and a hostile paste leaves the window responsive."""

from __future__ import annotations

import base64
import json
import time

import jwt
from label_text import plain
from PySide6.QtCore import QDateTime, QMimeData, Qt, QTimeZone
from PySide6.QtGui import QGuiApplication

from jwtinspector.main_window import MainWindow
from jwtinspector.models.claims_model import Column
from jwtinspector.models.session import TokenSession
from jwtinspector.widgets.caps import More, capped
from jwtinspector.widgets.json_view import SHOW_LIMIT, cut_note, render_json
from jwtinspector.widgets.token_editor import REFLOW_WIDTH

NOW = 1_700_000_000.0
SECRET = "hostile-window-test-secret-32-by"
UTC = QTimeZone(QTimeZone.Initialization.UTC)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


HEADER = b64(b'{"alg":"HS256","typ":"JWT"}')


def raw_token(payload: bytes) -> str:
    return f"{HEADER}.{b64(payload)}.{b64(b'x' * 32)}"


def make_window(qtbot) -> MainWindow:
    window = MainWindow(TokenSession(clock=lambda: NOW))
    qtbot.addWidget(window)
    return window


def paste(qtbot, window: MainWindow, text: str) -> None:
    """Put a large text in the editor and wait for its deferred decode."""
    window.token_edit.setPlainText(text)
    qtbot.waitUntil(lambda: window.session.text == text, timeout=10_000)


def select_claim(window: MainWindow, name: str) -> None:
    model = window.session.claims_model
    row = next(i for i, r in enumerate(model.rows()) if r.name == name)
    window.claims_table.setCurrentIndex(model.index(row, Column.VALUE))


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


# --- caps -----------------------------------------------------------------------


def test_capped_shows_the_first_of_each_kind_then_counts_the_rest():
    shown = capped(["dup"] * 10 + ["inf"] * 2, lambda item: item)

    assert shown[:3] == ["dup"] * 3
    assert isinstance(shown[3], More)
    assert shown[3].text() == "… and 7 more like this"
    assert shown[4:] == ["inf", "inf"]


def test_capped_counts_what_is_left_past_the_total():
    shown = capped([str(n) for n in range(30)], lambda item: item, shown=5)

    assert shown[:5] == ["0", "1", "2", "3", "4"]
    assert shown[5].text("warnings") == "… and 25 more warnings"


def test_many_number_warnings_show_a_few_and_a_count(qtbot):
    window = make_window(qtbot)
    window.token_edit.setPlainText(
        raw_token(b'{"a":[' + b",".join([b"9e999"] * 500) + b"]}")
    )

    text = plain(window.token_errors)
    assert text.count("9e999") == 1
    # Capped here, or grouped by the decoder into one warning with a count.
    assert "… and 499 more like this" in text or "500" in text


# --- the JSON views -------------------------------------------------------------


def test_a_deep_payload_shows_without_recursion_error(qtbot):
    window = make_window(qtbot)
    window.token_edit.setPlainText(raw_token(json.dumps({"a": nested(800)}).encode()))

    # The audit of it runs aside; an error there would reach this test.
    qtbot.waitUntil(lambda: not window.audit_scan.runner.busy, timeout=10_000)
    shown = window.payload_view.toPlainText()
    # Deeper than the decoder reads: said so, and the text is still shown.
    assert shown.startswith(
        "The payload is nested too deeply to read — payload: the JSON is nested "
        '801 levels deep; at most 128 are read. Its text:\n{"a": [[[['
    )
    assert render_json({"a": nested(800)}).text.endswith("]\n}")


def test_render_json_matches_json_dumps_and_cuts_at_the_limit():
    value = {"a": [1, {"b": None, "c": []}, {}], "é": "x", "n": 1.5}
    assert render_json(value).text == json.dumps(value, indent=2, ensure_ascii=False)

    cut = render_json({f"c{n}": n for n in range(20_000)}, SHOW_LIMIT)
    assert cut.cut
    assert len(cut.text) <= SHOW_LIMIT


def test_a_large_payload_is_cut_and_show_all_shows_the_rest(qtbot):
    window = make_window(qtbot)
    claims = {f"c{n}": n for n in range(12_000)}
    paste(qtbot, window, jwt.encode(claims, SECRET, algorithm="HS256"))
    view = window.payload_view

    assert "Only the first 100,000 characters are shown" in view.toPlainText()
    assert '"c11999"' not in view.toPlainText()
    assert view.isReadOnly()  # a cut text is never written back into the token
    assert view.show_all_action.isEnabled()

    view.show_all_action.trigger()

    assert '"c11999": 11999' in view.toPlainText()
    assert "Only the first" not in view.toPlainText()


def test_a_long_note_is_cut_line_by_line():
    note = cut_note("The payload is text:\n" + "[" * 300_000)

    assert len(note) < 3_000
    assert "(17,979 more characters on this line)" in note
    assert "(280,021 more characters not shown)" in note


def test_a_payload_of_unclosed_brackets_is_cut_in_the_view(qtbot):
    window = make_window(qtbot)
    paste(qtbot, window, raw_token(b"[" * 100_000))

    assert len(window.payload_view.toPlainText()) < 25_000
    assert "more characters" in window.payload_view.toPlainText()


# --- uncaught errors --------------------------------------------------------------


def test_the_date_picker_sets_a_date_after_2038(qtbot):
    window = make_window(qtbot)
    window.token_edit.setPlainText(
        jwt.encode({"sub": "a", "exp": int(NOW)}, SECRET, algorithm="HS256")
    )
    tools = window.claims_tools
    later = int(
        QDateTime.fromString(
            "9999-12-31T23:59:59Z", Qt.DateFormat.ISODate
        ).toSecsSinceEpoch()
    )

    for seconds in (2**31, later):
        tools.date_edit.setDateTime(QDateTime.fromSecsSinceEpoch(seconds, UTC))
        qtbot.mouseClick(tools.set_date_button, Qt.MouseButton.LeftButton)
        assert window.session.token.claims["exp"] == seconds


def test_the_date_picker_goes_no_further_than_year_9999(qtbot):
    window = make_window(qtbot)
    assert window.claims_tools.date_edit.maximumDateTime().date().year() == 9999
    assert "9999" in window.claims_tools.date_edit.toolTip()


def test_an_exp_beyond_any_date_selected_says_out_of_range(qtbot):
    window = make_window(qtbot)
    for exp in (2**63, 1e300):
        window.token_edit.setPlainText(
            raw_token(json.dumps({"sub": "a", "exp": exp}).encode())
        )
        select_claim(window, "exp")
        model = window.session.claims_model
        row = next(r for r in model.rows() if r.name == "exp")
        assert "beyond the year 9999" in row.value_text
        index = model.index(0, Column.VALUE)
        model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_copy_as_header_with_an_invisible_character_says_why(qtbot):
    window = make_window(qtbot)
    token = jwt.encode({"sub": "a"}, SECRET, algorithm="HS256")
    for odd in ("\u200b", "\x00"):
        window.token_edit.setPlainText(token[:20] + odd + token[20:])
        QGuiApplication.clipboard().setText("before")
        window.crafting.copy_bearer_action.trigger()
        window.crafting.copy_curl_action.trigger()
        message = window.statusBar().currentMessage()
        assert "Cannot copy" in message
        assert QGuiApplication.clipboard().text() == "before"


def test_a_5000_digit_value_typed_into_a_claim_is_kept_as_text(qtbot):
    window = make_window(qtbot)
    window.token_edit.setPlainText(jwt.encode({"sub": "a"}, SECRET, algorithm="HS256"))
    model = window.session.claims_model

    model.setData(model.index(0, Column.VALUE), "9" * 5000)

    qtbot.waitUntil(lambda: window.session.token.claims["sub"] != "a")
    assert window.session.token.claims["sub"] == "9" * 5000


def test_a_5000_digit_number_typed_into_the_payload_says_why(qtbot):
    window = make_window(qtbot)
    window.token_edit.setPlainText(jwt.encode({"sub": "a"}, SECRET, algorithm="HS256"))

    window.payload_view.setPlainText('{"n": ' + "9" * 5000 + "}")
    qtbot.waitUntil(lambda: bool(window.payload_errors.text()))

    assert "more digits than can be read" in window.payload_errors.text()
    assert window.payload_view.toPlainText().startswith('{"n": 999')


# --- responsiveness ---------------------------------------------------------------


def test_a_hostile_paste_leaves_the_window_responsive(qtbot):
    window = make_window(qtbot)
    window.token_edit.setPlainText(jwt.encode({"sub": "a"}, SECRET, algorithm="HS256"))
    duplicates = ",".join(f'"m{n}":1,"m{n}":2' for n in range(3000))
    token = raw_token(("{" + duplicates + "}").encode())

    start = time.perf_counter()
    paste(qtbot, window, token)
    elapsed = time.perf_counter() - start

    assert elapsed < 5.0
    assert plain(window.token_errors).count("appears more than once") <= 1


def test_a_token_of_thousands_of_claims_lists_a_thousand_and_counts_the_rest(
    qtbot,
):
    window = make_window(qtbot)
    claims = {f"c{n}": n for n in range(1500)}
    window.token_edit.setPlainText(jwt.encode(claims, SECRET, algorithm="HS256"))
    model = window.session.claims_model

    assert model.rowCount() == 1001
    last = model.index(1000, Column.VALUE)
    assert last.data() == "500 more claims not listed here: the JSON view shows them"
    assert not model.flags(last) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(last, "1")


def test_a_one_mib_token_is_shown_in_lines_and_coloured_past_the_breaks(qtbot):
    window = make_window(qtbot)
    claims = {"sub": "a", "blob": "x" * 700_000}
    token = jwt.encode(claims, SECRET, algorithm="HS256")
    mime = QMimeData()
    mime.setText(token)

    window.token_edit.insertFromMimeData(mime)
    qtbot.waitUntil(lambda: window.session.text == token, timeout=10_000)

    editor = window.token_edit
    assert editor.toPlainText().count("\n") == len(token) // REFLOW_WIDTH
    assert editor.token_text() == token
    assert window.session.token.claims == claims  # under the limit, whole
    # The signature, at the end, is coloured as one (spans are token offsets).
    block = editor.document().lastBlock()
    qtbot.waitUntil(lambda: bool(block.layout().formats()), timeout=5_000)
    formats = block.layout().formats()
    assert formats[-1].start + formats[-1].length == block.length() - 1

    other = jwt.encode({"sub": "b"}, SECRET, algorithm="HS256")
    mime.setText(other)
    editor.insertFromMimeData(mime)  # a pasted token replaces it whole
    assert editor.token_text() == other


def test_a_big_paste_is_read_off_the_gui_thread(qtbot, monkeypatch) -> None:
    import threading

    from jwtinspector.core import forms

    threads: list[str] = []
    read = forms.read_pasted

    def recording(text: str, **options):
        threads.append(threading.current_thread().name)
        return read(text, **options)

    monkeypatch.setattr(forms, "read_pasted", recording)
    window = make_window(qtbot)
    text = raw_token(json.dumps({"sub": "big", "blob": "x" * 100_000}).encode())
    window.token_edit.setPlainText(text)
    window.token_view.decode_pending()  # what the editor's timer does next
    assert window.token_summary.text() == f"Reading {len(text):,} characters…"
    qtbot.waitUntil(lambda: window.session.text == text, timeout=10_000)
    assert threads
    assert threading.main_thread().name not in threads
    assert '"sub": "big"' in window.payload_view.toPlainText()
    assert "Reading" not in window.token_summary.text()


def test_a_reading_overtaken_by_an_edit_is_dropped(qtbot) -> None:
    window = make_window(qtbot)
    first = raw_token(json.dumps({"sub": "first", "blob": "x" * 70_000}).encode())
    second = raw_token(json.dumps({"sub": "second", "blob": "y" * 70_000}).encode())
    paste(qtbot, window, second)
    # The reading of ``first`` ends after the editor moved on to ``second``.
    window.token_view.decoded((first, False, None))
    assert window.session.text == second
    assert '"sub": "second"' in window.payload_view.toPlainText()
