"""``jwtinspector decode``: a token's header, payload and signature."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from jwtinspector.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    add_token_argument,
    decode_input,
    error_line,
    print_json,
    token_problem,
    use_color,
)


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("decode", help="show a token's header, payload, signature")
    add_token_argument(parser)
    parser.set_defaults(run=run)


def run(options: argparse.Namespace) -> int:
    from jwtinspector.cli.output import decoded_json, print_decoded

    decoded = decode_input(options.token)
    if decoded.form in ("JWS JSON", "JWE JSON"):
        return _run_json_serialization(decoded, options)
    if options.json:
        print_json(decoded_json(decoded, now=time.time()))
    else:
        print_decoded(
            decoded, now=time.time(), color=use_color(options.color, sys.stdout)
        )
    if decoded.errors:  # exit status 2 means one line on stderr
        more = len(decoded.errors) - 1
        extra = f" (and {more} more; --json lists all)" if more else ""
        error_line(f"{token_problem(decoded.errors[0])}{extra}")
    return EXIT_USAGE if decoded.errors else EXIT_OK


def _run_json_serialization(parsed: Any, options: argparse.Namespace) -> int:
    from jwtinspector.cli.json_output import jwe_json, jws_json, print_jwe, print_jws

    color = use_color(options.color, sys.stdout)
    if options.json:
        print_json(jws_json(parsed) if parsed.form == "JWS JSON" else jwe_json(parsed))
    elif parsed.form == "JWS JSON":
        print_jws(parsed, color=color)
    else:
        print_jwe(parsed, color=color)
    if parsed.errors:
        more = len(parsed.errors) - 1
        extra = f" (and {more} more; --json lists all)" if more else ""
        error_line(f"{token_problem(parsed.errors[0])}{extra}")
    return EXIT_USAGE if parsed.errors else EXIT_OK
