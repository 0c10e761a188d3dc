"""NumericDate helpers: human dates, relative times and countdowns.

A NumericDate (RFC 7519 §2) is a JSON number of seconds since 1970-01-01 UTC.
The clock is always passed in as ``now`` (seconds), so callers and tests
control it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
from typing import Any

NUMERIC_DATE_CLAIMS = ("exp", "nbf", "iat", "auth_time", "updated_at")
"""Claims whose value is a NumericDate."""

DATE_OFFSETS: tuple[tuple[str, int], ...] = (
    ("now", 0),
    ("+5 min", 5 * 60),
    ("+15 min", 15 * 60),
    ("+1 h", 3600),
    ("+24 h", 24 * 3600),
    ("+7 d", 7 * 86400),
    ("expired 1 min ago", -60),
)
"""Quick actions for NumericDate claims: (label, seconds from now), menu order.

The window's Quick time menu and the CLI (``core.export``) both read this
table; it lives here, with the dates, because the window needs it at start-up."""

MILLISECONDS_THRESHOLD = 1e11
"""Above this a value is far more likely milliseconds (year 5138 as seconds)."""

MAX_SECONDS = 253402300799
"""9999-12-31T23:59:59Z, the last date datetime (and the date picker) can show."""
_MAX_SECONDS = MAX_SECONDS
_MAX_DURATION = 10000 * 365 * 86400  # longer than any date a datetime can show


@dataclasses.dataclass(frozen=True)
class DateInfo:
    """A NumericDate made readable.

    Attributes:
        value: The number as given.
        utc: e.g. "2026-11-28 12:49:20 UTC".
        local: e.g. "2026-11-28 13:49:20 CET" (the machine's time zone).
        relative: e.g. "in 14 min 3 s" or "2 h 5 min ago".
        looks_like_ms: True when the value is probably milliseconds.
        ms_utc: The UTC date when read as milliseconds (only if looks_like_ms).
    """

    value: float
    utc: str
    local: str
    relative: str
    looks_like_ms: bool
    ms_utc: str | None

    @property
    def tooltip(self) -> str:
        """Local time, UTC and relative time on separate lines."""
        lines = [f"Local: {self.local}", f"UTC: {self.utc}", self.relative]
        if self.looks_like_ms and self.ms_utc:
            lines.append(
                "This looks like milliseconds, but NumericDate is in seconds. "
                f"Read as milliseconds it would be {self.ms_utc}."
            )
        return "\n".join(lines)


def is_numeric(value: Any) -> bool:
    """True for a JSON number (bool is not a number in JSON)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int beyond float range: no date can be computed
        return False


def describe_date(
    value: Any, now: float, tz: dt.tzinfo | None = None
) -> DateInfo | None:
    """Describe a NumericDate; None when the value is not a number."""
    if not is_numeric(value):
        return None
    looks_like_ms = abs(value) >= MILLISECONDS_THRESHOLD
    ms_utc = format_utc(value / 1000) if looks_like_ms else None
    return DateInfo(
        value=value,
        utc=format_utc(value),
        local=format_local(value, tz),
        relative=relative_text(value - now),
        looks_like_ms=looks_like_ms,
        ms_utc=ms_utc,
    )


@functools.lru_cache(maxsize=256)  # the same claims are re-checked on every key edit
def format_utc(seconds: float) -> str:
    """'2026-11-28 12:49:20 UTC', or a plain note for out-of-range values."""
    when = _datetime(seconds, dt.UTC)
    return when.strftime("%Y-%m-%d %H:%M:%S UTC") if when else _out_of_range(seconds)


def format_local(seconds: float, tz: dt.tzinfo | None = None) -> str:
    """The date in the given zone (default: this machine's), with the zone name."""
    when = _datetime(seconds, dt.UTC)
    if when is None:
        return _out_of_range(seconds)
    try:
        local = when.astimezone(tz)
    except (OverflowError, ValueError, OSError):
        return format_utc(seconds)
    return local.strftime("%Y-%m-%d %H:%M:%S %Z").strip()


def relative_text(delta: float) -> str:
    """'in 14 min 3 s' for a future delta, '2 h 5 min ago' for a past one."""
    if isinstance(delta, float) and math.isnan(delta):
        return "unknown"
    if abs(delta) < 1:
        return "now"
    span = duration_text(abs(delta))
    return f"in {span}" if delta > 0 else f"{span} ago"


def duration_text(seconds: float) -> str:
    """A duration in its two largest units: '3 d 4 h', '14 min 3 s', '12 s'."""
    if isinstance(seconds, float) and not math.isfinite(seconds):
        return "∞" if math.isinf(seconds) else "?"
    if abs(seconds) > _MAX_DURATION:  # 1e300 would print a 290-digit year count
        return "over 10000 y"
    total = int(seconds)
    units = (("y", 365 * 86400), ("d", 86400), ("h", 3600), ("min", 60), ("s", 1))
    parts: list[str] = []
    for name, size in units:
        amount, total = divmod(total, size)
        if amount or parts:
            parts.append(f"{amount} {name}")
        if len(parts) == 2:
            break
    parts = [p for p in parts if not p.startswith("0 ")] or ["0 s"]
    return " ".join(parts)


def clock_text(seconds: float) -> str:
    """A ticking clock: '14:03', '1:02:03', '1 d 04:05:06'; from two days on
    the two largest units ('22 y 71 d'), which fit a countdown's one line."""
    if isinstance(seconds, float) and not math.isfinite(seconds):
        return "∞" if math.isinf(seconds) else "--:--"
    total = int(abs(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days >= 2:
        return duration_text(total)
    if days:
        return f"{days} d {hours:02d}:{minutes:02d}:{secs:02d}"
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def expiry_text(exp: float, now: float) -> str:
    """'expires in 14:03' or 'expired 0:03 ago', as a countdown shows it."""
    left = exp - now
    if left > 0:
        return f"expires in {clock_text(math.ceil(left))}"
    return f"expired {clock_text(-left)} ago"


def not_before_text(nbf: float, now: float) -> str:
    """'valid in 2:00' before ``nbf``, 'valid since 0:03' after it."""
    left = nbf - now
    if left > 0:
        return f"valid in {clock_text(math.ceil(left))}"
    return f"valid since {clock_text(-left)}"


def parse_offset(text: str, now: float) -> float:
    """Parse 'now', '+15m', '-1h', '+7d', '+30s' or an absolute NumericDate.

    Raises:
        ValueError: With a plain message when the text is none of these.
    """
    value = text.strip().lower()
    if value == "now":
        return float(int(now))
    units = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}
    if value[:1] in "+-" and len(value) > 1:
        number = value[1:].rstrip("abcdefghijklmnopqrstuvwxyz")
        unit = value[1 + len(number) :] or "s"
        if number.isdigit() and unit in units:
            sign = 1 if value[0] == "+" else -1
            return float(int(now) + sign * int(number) * units[unit])
    try:
        return float(int(value))
    except ValueError:
        raise ValueError(
            f"{text!r} is not a time: use now, +15m, -1h, +7d or seconds since 1970"
        ) from None


def _datetime(seconds: float, tz: dt.tzinfo) -> dt.datetime | None:
    if not -62135596800 <= seconds <= _MAX_SECONDS:
        return None
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return (epoch + dt.timedelta(seconds=seconds)).astimezone(tz)


def _out_of_range(seconds: float) -> str:
    return f"{seconds:g} s since 1970 (beyond the year 9999)"


@dataclasses.dataclass(frozen=True)
class Countdown:
    """What the expiry countdown shows at one instant.

    Attributes:
        exp_text: "expires in 14:03", "expired 0:03 ago" or "" without exp.
        nbf_text: "valid in 2:00", "valid since 0:03" or "" without nbf.
        state: "none", "valid", "last_minute", "expired", "not_yet" or
            "suspect" (exp looks like milliseconds).
    """

    exp_text: str
    nbf_text: str
    state: str


def countdown(claims: dict[str, Any] | None, now: float) -> Countdown:
    """The countdown texts and state for a claims set at ``now``."""
    claims = claims or {}
    exp: Any = claims.get("exp")
    nbf: Any = claims.get("nbf")
    exp_text = expiry_text(exp, now) if is_numeric(exp) else ""
    millis = is_numeric(exp) and exp >= MILLISECONDS_THRESHOLD
    if millis:
        exp_text = "exp looks like milliseconds (NumericDate is seconds)"
    nbf_text = not_before_text(nbf, now) if is_numeric(nbf) else ""
    if is_numeric(nbf) and now < nbf:
        state = "not_yet"
    elif millis:
        state = "suspect"  # "valid" for millennia as written: not a green light
    elif is_numeric(exp) and now >= exp:
        state = "expired"
    elif is_numeric(exp) and exp - now <= 60:
        state = "last_minute"
    elif exp_text or nbf_text:
        state = "valid"
    else:
        state = "none"
    return Countdown(exp_text, nbf_text, state)


INSTANT_FORMS = (
    "ISO 8601 (2026-01-01T12:00:00Z, 2026-01-01T13:00:00+01:00, 2026-01-01; "
    "no zone means UTC) or seconds since 1970"
)
"""The forms :func:`parse_instant` reads, as an error message names them."""


def parse_instant(text: str) -> float:
    """An instant given as ISO 8601 (no zone: UTC) or as seconds since 1970.

    Raises:
        ValueError: Naming the accepted forms, when the text is neither or
            lies outside the years 1 to 9999.
    """
    value = text.strip()
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
        try:
            when = dt.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
            try:
                seconds = when.timestamp()
            except (OverflowError, ValueError, OSError):
                seconds = math.nan
    if not math.isfinite(seconds) or _datetime(seconds, dt.UTC) is None:
        raise ValueError(f"{text!r} is not a time: give {INSTANT_FORMS}")
    return seconds


def iso_utc(seconds: float) -> str:
    """'2026-01-01T00:00:00Z' (with a fraction only when there is one)."""
    when = _datetime(seconds, dt.UTC)
    if when is None:
        return _out_of_range(seconds)
    spec = "seconds" if float(seconds).is_integer() else "milliseconds"
    return when.replace(tzinfo=None).isoformat(timespec=spec) + "Z"
