"""``--at TIME``: judge a token's time claims at another instant than now."""

from __future__ import annotations

import argparse
import time
from typing import Any

from jwtinspector.core.numericdate import INSTANT_FORMS, iso_utc, parse_instant


def add_at_option(parser: argparse.ArgumentParser, what: str) -> None:
    """``--at TIME`` on ``parser``; ``what`` says what follows the time."""
    parser.add_argument(
        "--at",
        type=_instant,
        default=None,
        metavar="TIME",
        help=f"{what} at TIME instead of now: {INSTANT_FORMS}",
    )


def _instant(text: str) -> float:
    try:
        return parse_instant(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def evaluation_time(options: argparse.Namespace) -> float:
    """The instant the time claims are judged at: --at, or now."""
    at = getattr(options, "at", None)
    return time.time() if at is None else float(at)


def at_note(options: argparse.Namespace) -> str | None:
    """'evaluated at 2026-01-01T00:00:00Z, not now', or None without --at."""
    at = getattr(options, "at", None)
    return None if at is None else f"evaluated at {iso_utc(at)}, not now"


def add_at_json(result: dict[str, Any], options: argparse.Namespace) -> None:
    """With --at, ``"evaluated_at"`` (ISO 8601, UTC) in a --json object."""
    at = getattr(options, "at", None)
    if at is not None:
        result["evaluated_at"] = iso_utc(at)


def print_at_note(options: argparse.Namespace, color: bool) -> None:
    """Above a verdict or the dates: the instant they were judged at, when
    --at moved it ("Evaluated at 2026-01-01T00:00:00Z, not now.")."""
    from jwtinspector.cli.output import paint

    note = at_note(options)
    if note is not None:
        print(paint(note[0].upper() + note[1:] + ".", "note", color))
