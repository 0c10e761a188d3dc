"""NumericDate helpers, always with a fixed ``now``."""

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jwtinspector.core.numericdate import (
    MILLISECONDS_THRESHOLD,
    clock_text,
    countdown,
    describe_date,
    duration_text,
    expiry_text,
    format_local,
    format_utc,
    is_numeric,
    iso_utc,
    not_before_text,
    parse_instant,
    parse_offset,
    relative_text,
)

NOW = 1_700_000_000  # 2023-11-14 22:13:20 UTC
PLUS_TWO = dt.timezone(dt.timedelta(hours=2))


# --- describe_date --------------------------------------------------------------


def test_describe_date_reads_seconds_in_utc_local_and_relative():
    info = describe_date(1516239022, NOW, tz=PLUS_TWO)

    assert info.value == 1516239022
    assert info.utc == "2018-01-18 01:30:22 UTC"
    assert info.local == "2018-01-18 03:30:22 UTC+02:00"
    assert info.relative == "5 y 301 d ago"
    assert not info.looks_like_ms
    assert info.ms_utc is None
    assert info.tooltip == (
        "Local: 2018-01-18 03:30:22 UTC+02:00\n"
        "UTC: 2018-01-18 01:30:22 UTC\n"
        "5 y 301 d ago"
    )


def test_describe_date_future_value_is_relative_to_now():
    info = describe_date(NOW + 843, NOW, tz=dt.UTC)

    assert info.utc == "2023-11-14 22:27:23 UTC"
    assert info.local == "2023-11-14 22:27:23 UTC"
    assert info.relative == "in 14 min 3 s"


def test_describe_date_flags_milliseconds_and_shows_seconds_reading():
    info = describe_date(1516239022000, NOW, tz=dt.UTC)

    assert info.looks_like_ms
    assert info.ms_utc == "2018-01-18 01:30:22 UTC"
    assert info.utc == "1.51624e+12 s since 1970 (beyond the year 9999)"
    assert info.tooltip.endswith(
        "This looks like milliseconds, but NumericDate is in seconds. "
        "Read as milliseconds it would be 2018-01-18 01:30:22 UTC."
    )


def test_describe_date_milliseconds_threshold():
    assert not describe_date(MILLISECONDS_THRESHOLD - 1, NOW, tz=dt.UTC).looks_like_ms
    assert describe_date(MILLISECONDS_THRESHOLD, NOW, tz=dt.UTC).looks_like_ms


def test_describe_date_fractional_seconds_are_truncated():
    info = describe_date(1516239022.75, NOW, tz=dt.UTC)

    assert info.utc == "2018-01-18 01:30:22 UTC"
    assert info.value == 1516239022.75


def test_describe_date_before_1970():
    info = describe_date(-1, NOW, tz=PLUS_TWO)

    assert info.utc == "1969-12-31 23:59:59 UTC"
    assert info.local == "1970-01-01 01:59:59 UTC+02:00"


@pytest.mark.parametrize(
    "value",
    ["1516239022", None, True, False, [1], {"exp": 1}, math.nan, math.inf, -math.inf],
)
def test_describe_date_returns_none_for_non_numbers(value):
    assert describe_date(value, NOW) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, True),
        (-5, True),
        (1.5, True),
        (True, False),
        ("1", False),
        (None, False),
        (math.nan, False),
        (math.inf, False),
        (10**400, False),  # beyond float range: no date can be computed
    ],
)
def test_is_numeric(value, expected):
    assert is_numeric(value) is expected


# --- formatting -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "1970-01-01 00:00:00 UTC"),
        (1516239022, "2018-01-18 01:30:22 UTC"),
        (253402300799, "9999-12-31 23:59:59 UTC"),
        (253402300800, "2.53402e+11 s since 1970 (beyond the year 9999)"),
        (1e20, "1e+20 s since 1970 (beyond the year 9999)"),
    ],
)
def test_format_utc(seconds, text):
    assert format_utc(seconds) == text


def test_format_local_uses_given_zone():
    assert format_local(1516239022, PLUS_TWO) == "2018-01-18 03:30:22 UTC+02:00"
    assert format_local(1516239022, dt.UTC) == "2018-01-18 01:30:22 UTC"


def test_format_local_falls_back_to_utc_past_year_9999():
    # 9999-12-31 23:59:59 UTC is already year 10000 at UTC+2.
    assert format_local(253402300799, PLUS_TWO) == "9999-12-31 23:59:59 UTC"


# --- relative and countdown texts ----------------------------------------------


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (843, "in 14 min 3 s"),
        (-7500, "2 h 5 min ago"),
        (0, "now"),
        (0.4, "now"),
        (-0.9, "now"),
        (59.9, "in 59 s"),
        (3600, "in 1 h"),
        (3 * 86400 + 4 * 3600 + 59, "in 3 d 4 h"),
        (400 * 86400, "in 1 y 35 d"),
        (-86400, "1 d ago"),
    ],
)
def test_relative_text(delta, text):
    assert relative_text(delta) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (12, "12 s"), (61, "1 min 1 s"), (3660, "1 h 1 min"), (86400, "1 d")],
)
def test_duration_text_two_largest_units(seconds, text):
    assert duration_text(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (3, "0:03"),
        (843, "14:03"),
        (3723, "1:02:03"),
        (90061, "1 d 01:01:01"),
        (3 * 86400 + 3600, "3 d 1 h"),
        (8101 * 86400 + 70100, "22 y 71 d"),  # an old token: one short line
        (-843, "14:03"),
        (843.9, "14:03"),
    ],
)
def test_clock_text(seconds, text):
    assert clock_text(seconds) == text


@pytest.mark.parametrize(
    ("exp", "text"),
    [
        (NOW + 843, "expires in 14:03"),
        (NOW + 0.2, "expires in 0:01"),
        (NOW + 3723, "expires in 1:02:03"),
        (NOW, "expired 0:00 ago"),
        (NOW - 3, "expired 0:03 ago"),
        (NOW - 90061, "expired 1 d 01:01:01 ago"),
    ],
)
def test_expiry_text(exp, text):
    assert expiry_text(exp, NOW) == text


@pytest.mark.parametrize(
    ("nbf", "text"),
    [(NOW + 120, "valid in 2:00"), (NOW - 3, "valid since 0:03")],
)
def test_not_before_text(nbf, text):
    assert not_before_text(nbf, NOW) == text


# --- parse_offset ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("now", NOW),
        (" NOW ", NOW),
        ("+15m", NOW + 900),
        ("+15min", NOW + 900),
        ("+15M", NOW + 900),
        ("-1h", NOW - 3600),
        ("+7d", NOW + 7 * 86400),
        ("+2w", NOW + 2 * 604800),
        ("+30s", NOW + 30),
        ("+30", NOW + 30),
        ("1516239022", 1516239022),
        ("-5", NOW - 5),
    ],
)
def test_parse_offset(text, seconds):
    result = parse_offset(text, NOW + 0.6)

    assert result == seconds
    assert isinstance(result, float)


@pytest.mark.parametrize("text", ["", "+", "tomorrow", "+15x", "+1.5h", "1.5", "+-5m"])
def test_parse_offset_rejects_other_text(text):
    with pytest.raises(ValueError, match="is not a time: use now, "):
        parse_offset(text, NOW)


# --- properties -----------------------------------------------------------------

_ANY_NUMBER = (
    st.floats()
    | st.integers()
    | st.integers(min_value=10**300, max_value=10**400)
    | st.integers(min_value=-(10**400), max_value=-(10**300))
    | st.sampled_from([math.nan, math.inf, -math.inf, -62135596801, 253402300800])
)


@settings(max_examples=300)
@given(_ANY_NUMBER)
def test_relative_and_clock_text_never_raise(value):
    assert isinstance(relative_text(value), str)
    assert isinstance(clock_text(value), str)


@settings(max_examples=300)
@given(_ANY_NUMBER, st.sampled_from([None, dt.UTC, PLUS_TWO]))
def test_describe_date_never_raises(value, tz):
    info = describe_date(value, NOW, tz=tz)

    if isinstance(value, float) and math.isnan(value):
        assert info is None
    if info is not None:
        assert info.utc
        assert info.local
        assert info.relative
        assert info.looks_like_ms == (abs(value) >= MILLISECONDS_THRESHOLD)


@settings(max_examples=200)
@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_expiry_text_countdown_matches_clock(left):
    text = expiry_text(NOW + left, NOW)

    if left > 0:
        assert text == f"expires in {clock_text(left)}"
    else:
        assert text == f"expired {clock_text(-left)} ago"


@pytest.mark.parametrize("delta", [1e300, -1e300, 10**40])
def test_relative_text_of_an_absurd_delta_stays_short(delta):
    text = relative_text(delta)

    assert "over 10000 y" in text
    assert len(text) < 30


# --- countdown ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claims", "state", "text"),
    [
        ({"exp": NOW + 900}, "valid", "expires in 15:00"),
        ({"exp": NOW + 59}, "last_minute", "expires in 0:59"),
        ({"exp": NOW - 3}, "expired", "expired 0:03 ago"),
        ({"nbf": NOW + 120, "exp": NOW + 900}, "not_yet", "valid in 2:00"),
        ({"exp": NOW * 1000}, "suspect", "milliseconds"),
        ({"sub": "no dates"}, "none", ""),
    ],
)
def test_countdown_state_and_text(claims, state, text):
    shown = countdown(claims, NOW)
    assert shown.state == state
    assert text in f"{shown.nbf_text} {shown.exp_text}"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2026-01-01T00:00:00Z", 1767225600),
        ("2026-01-01T00:00:00", 1767225600),
        ("2026-01-01", 1767225600),
        ("2026-01-01T02:00:00+02:00", 1767225600),
        (" 1767225600 ", 1767225600),
        ("1767225600.5", 1767225600.5),
        ("-86400", -86400),
    ],
)
def test_parse_instant_reads_iso_8601_and_epoch_seconds(
    text: str, seconds: float
) -> None:
    assert parse_instant(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "2026-02-30", "inf", "1e20", "NaN"])
def test_parse_instant_refuses_what_is_no_instant(text: str) -> None:
    with pytest.raises(ValueError, match=r"ISO 8601 .* or seconds since 1970"):
        parse_instant(text)


def test_iso_utc_writes_z_and_a_fraction_only_when_there_is_one() -> None:
    assert iso_utc(1767225600) == "2026-01-01T00:00:00Z"
    assert iso_utc(1767225600.25) == "2026-01-01T00:00:00.250Z"
