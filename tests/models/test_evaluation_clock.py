"""The session's clock: now, or an instant the user chose."""

from __future__ import annotations

import pytest
from fake_clock import FakeClock

from jwtinspector.models.evaluation_clock import EvaluationClock

NOW = 1_700_000_000.0


@pytest.fixture
def clock(qapp) -> EvaluationClock:
    return EvaluationClock(FakeClock(NOW))


@pytest.mark.parametrize(
    "text",
    [
        "2023-11-15T00:13:20Z",
        "2023-11-15T01:13:20+01:00",
        "2023-11-15T00:13:20",
        "1700007200",
    ],
    ids=["zulu", "offset", "no-zone", "epoch"],
)
def test_typed_instants_are_read_as_the_command_line_reads_them(clock, text):
    clock.choose_text(text)

    assert clock() == NOW + 7200
    assert not clock.live
    assert clock.note() == "Evaluated at 2023-11-15 00:13:20 UTC (not now) · 2 h ahead"


@pytest.mark.parametrize("text", ["", "now", " NOW "], ids=["empty", "now", "spaced"])
def test_empty_or_now_is_now(clock, text):
    clock.choose(NOW - 60)

    clock.choose_text(text)

    assert clock.live
    assert clock() == NOW
    assert clock.note() == ""


def test_a_chosen_time_stands_still_while_now_moves():
    real = FakeClock(NOW)
    clock = EvaluationClock(real)
    clock.choose(NOW - 3600)

    real.advance(90)

    assert clock() == NOW - 3600
    assert clock.real_now() == NOW + 90
    assert clock.note().endswith("(not now) · 1 h 1 min back")


def test_bad_text_raises_and_keeps_the_time(clock, qtbot):
    clock.choose(NOW + 5)

    with (
        qtbot.assertNotEmitted(clock.changed),
        pytest.raises(ValueError, match="'tuesday' is not a time: give ISO 8601"),
    ):
        clock.choose_text("tuesday")

    assert clock() == NOW + 5


def test_changed_is_emitted_only_when_the_instant_moves(clock, qtbot):
    with qtbot.waitSignal(clock.changed, timeout=100):
        clock.choose(NOW + 1)
    with qtbot.assertNotEmitted(clock.changed):
        clock.choose(NOW + 1)
