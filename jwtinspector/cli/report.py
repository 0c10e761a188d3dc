"""``jwtinspector report TOKEN``: a report on one token, as Markdown or one
self-contained HTML file, redacted for sharing with ``--redact``."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from jwtinspector.cli.common import (
    EXIT_OK,
    CliError,
    add_key_options,
    decode_input,
    key_certificates,
    load_key,
    readable,
)
from jwtinspector.cli.evaluation_time import add_at_option, evaluation_time


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "report",
        help="write a report on a token (Markdown or HTML), redacted to share it",
        description="The header, the claims with their kinds and meanings, the "
        "dates, the verdict (as verify gives it) and the security findings (as "
        "lint gives them). With --redact the signature is removed and every "
        "value that could identify someone (sub, e-mail, names, phone, address, "
        "identifiers, custom claims) is masked, keeping its type and length "
        "class; alg, kid, typ, iss, aud and the time claims are kept, and the "
        "report lists what was redacted. No secret is ever written. Exit status "
        "0: report written; 2: unusable input or arguments.",
    )
    parser.add_argument(
        "token",
        nargs="?",
        default="-",
        help="the token, a file holding it, or - for standard input (default)",
    )
    parser.add_argument(
        "--redact",
        action="store_true",
        help="mask identifying values and remove the signature, to share it",
    )
    parser.add_argument(
        "--format",
        choices=("md", "html"),
        default=None,
        help="md (Markdown, the default) or html (one file, opens in a browser); "
        "default from -o's extension",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the report to FILE instead of standard output",
    )
    add_key_options(parser, required=False)
    add_at_option(parser, "judge the verdict and the dates")
    parser.set_defaults(run=run)


def run(options: argparse.Namespace) -> int:
    from jwtinspector.core.pipeline import KeysInUse
    from jwtinspector.core.report import make_report, render

    parsed, sd = decode_input(options.token)
    if parsed.form in ("JWE", "JWE JSON"):
        raise CliError(
            "this is an encrypted token (JWE): decrypt it first (jwtinspector "
            "decrypt) and report on the token it holds"
        )
    token = readable(parsed)
    if token.detached:
        raise CliError("the payload is detached (not in the token): nothing to report")
    keys = KeysInUse(
        load_key(options, required=False), certificates=key_certificates(options)
    )
    report = make_report(
        token,
        now=evaluation_time(options),
        keys=keys,
        redact=options.redact,
        sd_jwt=sd,
        generated=time.time(),
    )
    form = options.format or _format_of(options.output)
    text = render(report, form)
    if options.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        with open(options.output, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise CliError(f"-o {options.output}: {exc.strerror or exc}") from None
    what = "redacted report" if options.redact else "report"
    print(f"Wrote the {what} ({form}) to {options.output}.")
    return EXIT_OK


def _format_of(path: str | None) -> str:
    """html for a FILE ending .html or .htm, else md."""
    if path and path.lower().endswith((".html", ".htm")):
        return "html"
    return "md"
