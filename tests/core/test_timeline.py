"""The timeline's data: each token's time claims on one axis with the
instant they are judged at."""

from __future__ import annotations

import pytest

from jwtinspector.core.timeline import (
    MAX_TIMELINE_ROWS,
    Mark,
    TimelineRow,
    build_timeline,
    marks_of,
)

NOW = 1_700_000_000.0


def test_marks_are_the_time_claims_by_date():
    marks, note = marks_of(
        {"exp": NOW + 60, "iat": NOW, "nbf": NOW - 5, "auth_time": NOW - 90, "x": 1}
    )

    assert [(m.claim, m.seconds) for m in marks] == [
        ("auth_time", NOW - 90),
        ("nbf", NOW - 5),
        ("iat", NOW),
        ("exp", NOW + 60),
    ]
    assert note == ""


@pytest.mark.parametrize(
    ("claims", "claims_drawn", "note"),
    [
        ({"sub": "a"}, [], "no time claims"),
        (None, [], "no readable claims"),
        ({"exp": "tomorrow", "iat": NOW}, ["iat"], "exp: not a NumericDate in seconds"),
        ({"exp": NOW * 1000}, [], "exp: not a NumericDate in seconds"),
        ({"exp": True}, [], "exp: not a NumericDate in seconds"),
    ],
    ids=["none", "unreadable", "text", "milliseconds", "bool"],
)
def test_what_cannot_be_drawn_is_noted(claims, claims_drawn, note):
    marks, got = marks_of(claims)

    assert [m.claim for m in marks] == claims_drawn
    assert got == note


def test_the_axis_holds_every_mark_and_the_evaluation_time_with_a_margin():
    row = TimelineRow("a", (Mark("iat", NOW), Mark("exp", NOW + 1000)))

    timeline = build_timeline([row], NOW + 5000)

    assert timeline.start == NOW - 250
    assert timeline.end == NOW + 5250
    assert timeline.position(NOW + 5000) == pytest.approx(5250 / 5500)


def test_a_lone_instant_gets_an_hour_either_side():
    timeline = build_timeline([TimelineRow("a", ())], NOW)

    assert timeline.start < NOW - 3600 < NOW + 3600 < timeline.end
    assert timeline.position(NOW) == pytest.approx(0.5)


def test_at_most_ten_rows_and_the_rest_counted():
    rows = [TimelineRow(str(n), (Mark("exp", NOW + n),)) for n in range(13)]

    timeline = build_timeline(rows, NOW)

    assert len(timeline.rows) == MAX_TIMELINE_ROWS == 10
    assert timeline.more == 3


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (NOW + 7200, "exp: 2023-11-15 00:13:20 UTC, 2 h after the evaluation time"),
        (
            NOW - 90,
            "exp: 2023-11-14 22:11:50 UTC, 1 min 30 s before the evaluation time",
        ),
        (NOW, "exp: 2023-11-14 22:13:20 UTC, at the evaluation time"),
    ],
    ids=["after", "before", "at"],
)
def test_a_mark_says_its_date_and_where_it_lies(seconds, text):
    assert Mark("exp", seconds).describe(NOW) == text
