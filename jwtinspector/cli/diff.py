"""``jwtinspector diff A B``: how two tokens' headers and payloads differ."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from jwtinspector.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    add_output_options,
    decode_input,
    print_json,
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
    from jwtinspector.core.diff import NotComparableError, signed_parts

    try:
        decoded, _sd = decode_input(arg)
    except CliError as exc:
        raise CliError(f"{name}: {exc}") from None
    if decoded.form in ("JWE", "JWE JSON"):
        raise CliError(
            f"{name} is an encrypted token (JWE): decrypt it first (jwtinspector "
            "decrypt) and compare what it holds"
        )
    try:
        return signed_parts(decoded)
    except NotComparableError as exc:
        raise CliError(f"{name}: {exc}") from None


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
    from jwtinspector.core.diff import (
        CALLED_OUT,
        change_text,
        header_change_text,
        span_text,
        value_text,
    )

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
            line = f"  removed {name}: {value_text(name, value, dates)}"
            print(paint(line, "bad", color))
        for name, value in part.added:
            line = f"  added   {name}: {value_text(name, value, dates)}"
            print(paint(line, "good", color))
        for change in part.changed:
            print(paint(f"  changed {change_text(change, dates)}", "note", color))
    signature = "same" if result.same_signature else "different"
    print(paint(f"Signature: {signature}", "signature", color))
    for name in CALLED_OUT:
        named = header_change_text(result.header, name)
        if named:
            print(paint(named, "note", color))
    first, second = result.lifetimes
    print(f"Lifetime (exp - iat): {span_text(first)} → {span_text(second)}")
    if result.same:
        print(paint("Same header and payload (signature aside).", "good", color))
    else:
        print(paint("The header or payload differs.", "bad", color))
