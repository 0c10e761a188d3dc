"""``jwtinspector diff A B``: how two tokens' headers and payloads differ."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from jwtinspector.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    add_output_options,
    decode_input,
    print_json,
    token_problem,
    use_color,
)


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "diff",
        help="compare two tokens' headers and payloads",
        description="Exit status 0: the tokens decode to the same header and "
        "payload (the signature aside); 1: they differ; 2: either is unusable. "
        "Members are compared as JSON values, at the top level; an SD-JWT is "
        "compared by its issuer JWT and a JWS in JSON serialization by its first "
        'signature. --json prints {"header": {"added": {...}, "removed": '
        '{...}, "changed": {name: [old, new]}}, "payload": {same shape}, '
        '"signature": "same" or "different"}.',
    )
    for name in ("A", "B"):
        parser.add_argument(
            name.lower(),
            metavar=name,
            help="a token, a file holding it, or - for standard input (for one "
            "of the two)",
        )
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(options: argparse.Namespace) -> int:
    from jwtinspector.core.diff import diff_tokens

    if options.a == "-" and options.b == "-":
        raise CliError("A and B cannot both be - (standard input): give one of them")
    result = diff_tokens(_parts(options.a, "A"), _parts(options.b, "B"))
    if options.json:
        print_json(diff_json(result))
    else:
        print_diff(result, color=use_color(options.color, sys.stdout))
    return EXIT_OK if result.same else EXIT_INVALID


def _parts(arg: str, name: str) -> tuple[dict[str, Any], dict[str, Any], bytes | None]:
    """The header, payload and signature of token ``name``; CliError (exit 2)
    when it cannot be compared."""
    try:
        decoded, _sd = decode_input(arg)
    except CliError as exc:
        raise CliError(f"{name}: {exc}") from None
    if decoded.form in ("JWE", "JWE JSON"):
        raise CliError(
            f"{name} is an encrypted token (JWE): decrypt it first (jwtinspector "
            "decrypt) and compare what it holds"
        )
    if decoded.form == "JWS JSON":
        if not decoded.signatures:
            raise CliError(f"{name}: the JSON serialization has no signature")
        first = decoded.signatures[0]
        header, signature = first.joint_header, first.signature
    else:
        header, signature = decoded.header, decoded.signature
    payload = decoded.payload
    if decoded.errors:
        problem = token_problem(decoded.errors[0])
        raise CliError(f"{name}: the token cannot be read: {problem}")
    if decoded.detached:
        raise CliError(f"{name}: the payload is detached (not in the token)")
    if not isinstance(header, dict):
        raise CliError(f"{name}: the header is not a JSON object")
    if not isinstance(payload, dict):
        raise CliError(
            f"{name}: the payload is not a JSON object, so it has no claims to compare"
        )
    return header, payload, signature


def diff_json(result: Any) -> dict[str, Any]:
    """The ``diff --json`` object."""
    return {
        "header": _part_json(result.header),
        "payload": _part_json(result.payload),
        "signature": "same" if result.same_signature else "different",
    }


def _part_json(part: Any) -> dict[str, Any]:
    return {
        "added": dict(part.added),
        "removed": dict(part.removed),
        "changed": {c.name: [c.old, c.new] for c in part.changed},
    }


def print_diff(result: Any, *, color: bool) -> None:
    """Each part's members added, removed and changed, the alg and kid
    changes named, the lifetimes and the verdict."""
    from jwtinspector.cli.output import paint

    for title, part, role in (
        ("Header", result.header, "header"),
        ("Payload", result.payload, "payload"),
    ):
        if part.same:
            print(paint(f"{title}: same", role, color))
            continue
        print(paint(title, role, color))
        dates = role == "payload"
        for name, value in part.removed:
            line = f"  removed {name}: {_value(name, value, dates)}"
            print(paint(line, "bad", color))
        for name, value in part.added:
            line = f"  added   {name}: {_value(name, value, dates)}"
            print(paint(line, "good", color))
        for change in part.changed:
            print(paint(f"  changed {_change(change, dates)}", "note", color))
    signature = "same" if result.same_signature else "different"
    print(paint(f"Signature: {signature}", "signature", color))
    for name, what in (("alg", "algorithm"), ("kid", "key id")):
        named = _header_change(result.header, name, what)
        if named:
            print(paint(named, "note", color))
    first, second = result.lifetimes
    print(f"Lifetime (exp - iat): {_span(first)} → {_span(second)}")
    if result.same:
        print(paint("Same header and payload (signature aside).", "good", color))
    else:
        print(paint("The header or payload differs.", "bad", color))


def _header_change(header: Any, name: str, what: str) -> str | None:
    """'The algorithm changed: HS256 → RS256.' when ``name`` was added,
    removed or changed."""
    change = header.change(name)
    added = dict(header.added)
    removed = dict(header.removed)
    if change is not None:
        old, new = _plain(change.old), _plain(change.new)
    elif name in added:
        old, new = "(none)", _plain(added[name])
    elif name in removed:
        old, new = _plain(removed[name]), "(none)"
    else:
        return None
    return f"The {what} changed: {old} → {new}."


def _plain(value: Any) -> str:
    return value if isinstance(value, str) else _json(value)


def _change(change: Any, dates: bool) -> str:
    """'exp: 2026-01-01 00:00:00 UTC → 2026-01-02 00:00:00 UTC (+1 d)'."""
    from jwtinspector.core.numericdate import format_utc

    seconds = change.seconds if dates else None
    if seconds is not None:
        old, new = format_utc(change.old), format_utc(change.new)
        sign = "+" if seconds >= 0 else "-"
        return f"{change.name}: {old} → {new} ({sign}{_span(abs(seconds))})"
    old = _value(change.name, change.old, dates)
    new = _value(change.name, change.new, dates)
    return f"{change.name}: {old} → {new}"


def _value(name: str, value: Any, dates: bool) -> str:
    """The value as compact JSON (shortened), with its reading for a date."""
    from jwtinspector.core.numericdate import (
        NUMERIC_DATE_CLAIMS,
        format_utc,
        is_numeric,
    )

    text = _json(value)
    if dates and name in NUMERIC_DATE_CLAIMS and is_numeric(value):
        text += f" ({format_utc(value)})"
    return text


def _json(value: Any) -> str:
    from jwtinspector.core.claims import LONG_VALUE

    text = json.dumps(value, ensure_ascii=False)
    if len(text) > LONG_VALUE:
        text = f"{text[:LONG_VALUE]}… ({len(text) - LONG_VALUE} more characters)"
    return text


def _span(seconds: float | None) -> str:
    """'1 h', '-5 min' or 'none (no exp or iat)'."""
    from jwtinspector.core.numericdate import duration_text

    if seconds is None:
        return "none (no exp or iat)"
    return ("-" if seconds < 0 else "") + duration_text(abs(seconds))
