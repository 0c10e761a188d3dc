"""``jwtinspector flow``: the tokens of one login checked against each other
(core.flow), a DPoP proof verified as RFC 9449 §4.3 says (core.dpop)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from jwtinspector.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    add_output_options,
    leeway_seconds,
    print_json,
    seconds_from_0,
    terminal_safe,
    token_text,
    use_color,
)
from jwtinspector.cli.evaluation_time import (
    add_at_json,
    add_at_option,
    evaluation_time,
    print_at_note,
)

_ROLE_FLAGS = (
    ("id_token", "--id-token", "the ID token"),
    ("access_token", "--access-token", "the access token (a JWT or opaque)"),
    ("refresh_token", "--refresh-token", "the refresh token (a JWT or opaque)"),
    ("dpop", "--dpop", "the DPoP proof sent with the request"),
    ("code", "--code", "the authorization code (for c_hash)"),
)
_MARKS = {"pass": "PASS  ", "fail": "FAIL  ", "cannot": "CANNOT"}
_PAINT = {"pass": "good", "fail": "bad", "cannot": "note"}


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "flow",
        help="check an ID token, access token, refresh token and DPoP proof "
        "as one login",
        description="Checks the tokens of one login against each other: the ID "
        "token's at_hash and c_hash, the DPoP proof (RFC 9449: signature with "
        "its own public jwk, typ, htm/htu, iat window, jti, ath, and the access "
        "token's cnf.jkt), iss, sub, sid and client consistency, the nonce, and "
        "the lifetimes' order. Give tokens by role, or paste them (positional "
        "TOKENS or standard input): their roles are guessed from the names in "
        "front of them (id_token=, Authorization:, DPoP:) or from their typ and "
        "claims. Each check passes, fails or cannot be made. Exit status 0: "
        "no check failed and at least one passed; 1: a check failed; 2: unusable "
        "input, or no check could be made.",
    )
    parser.add_argument(
        "tokens",
        nargs="*",
        metavar="TOKENS",
        help="tokens, files holding them (a log, a token response), or - for "
        "standard input (the default when no token is given)",
    )
    for _role, flag, what in _ROLE_FLAGS:
        metavar = "CODE" if flag == "--code" else "TOKEN"
        parser.add_argument(flag, metavar=metavar, help=f"{what}; or a file")
    parser.add_argument("--nonce", metavar="N", help="the nonce the login sent")
    parser.add_argument(
        "--require-nonce",
        action="store_true",
        help="the ID token must carry a nonce (its value aside)",
    )
    parser.add_argument("--htm", metavar="METHOD", help="the DPoP request's method")
    parser.add_argument("--htu", metavar="URL", help="the DPoP request's URL")
    parser.add_argument(
        "--dpop-nonce", metavar="N", help="the server's DPoP-Nonce, to compare"
    )
    parser.add_argument(
        "--window",
        type=seconds_from_0,
        default=60.0,
        metavar="SECONDS",
        help="how far a DPoP proof's iat may lie from now (default 60)",
    )
    parser.add_argument(
        "--leeway",
        type=leeway_seconds,
        default=0.0,
        metavar="SECONDS",
        help="clock skew tolerated when comparing the tokens' dates (default 0)",
    )
    add_at_option(parser, "judge the DPoP proof's iat")
    add_output_options(parser)
    parser.set_defaults(run=run)


def run(options: argparse.Namespace) -> int:
    from jwtinspector.core.flow import FlowOptions, check_flow

    tokens = _tokens(options)
    report = check_flow(
        tokens,
        now=evaluation_time(options),
        options=FlowOptions(
            nonce=options.nonce,
            require_nonce=options.require_nonce,
            method=options.htm,
            url=options.htu,
            window=options.window,
            leeway=options.leeway,
            dpop_nonce=options.dpop_nonce,
        ),
    )
    verdict = report.verdict.value
    if options.json:
        print_json(flow_json(report, options))
    else:
        print_flow(report, options, color=use_color(options.color, sys.stdout))
    return {"pass": EXIT_OK, "fail": EXIT_INVALID}.get(verdict, EXIT_USAGE)


def _tokens(options: argparse.Namespace) -> list[Any]:
    """The tokens given by role, then those found in the pasted texts."""
    from jwtinspector.core.flow import ROLE_NAMES, given, guess_roles

    tokens = []
    for role, flag, _what in _ROLE_FLAGS:
        value = getattr(options, role)
        if value is None:
            continue
        text = token_text(value).strip()
        if not text:
            raise CliError(f"{flag}: empty")
        token = given(role, text)
        if role in ("id_token", "dpop") and (token.token is None or not token.token.ok):
            problem = token.token.errors[0].message if token.token else "not a JWT"
            raise CliError(f"{flag}: the {ROLE_NAMES[role]} cannot be read: {problem}")
        tokens.append(token)
    pasted = options.tokens or ([] if tokens else ["-"])
    if pasted.count("-") > 1:
        raise CliError("- (standard input) can be given once")
    for arg in pasted:
        found = guess_roles(token_text(arg))
        if not found:
            raise CliError(
                f"{'standard input' if arg == '-' else arg}: no ID token, access "
                "token, refresh token or DPoP proof found; give them with "
                "--id-token, --access-token, --refresh-token or --dpop"
            )
        tokens.extend(found)
    return tokens


def flow_json(report: Any, options: argparse.Namespace) -> dict[str, Any]:
    """The ``flow --json`` object."""
    from jwtinspector.core.dpop import Outcome

    result: dict[str, Any] = {
        "result": report.verdict.value,
        "counts": {o.value: report.count(o) for o in Outcome},
        "tokens": [_token_json(t) for t in report.tokens],
        "checks": [
            {"name": c.name, "result": c.outcome.value, "reason": c.reason}
            for c in report.checks
        ],
    }
    add_at_json(result, options)
    return result


def _token_json(token: Any) -> dict[str, Any]:
    decoded = token.token
    return {
        "role": token.role,
        "found_by": token.how,
        "jwt": decoded is not None,
        "alg": decoded.alg if decoded is not None else None,
    }


def print_flow(report: Any, options: argparse.Namespace, *, color: bool) -> None:
    from jwtinspector.cli.output import paint
    from jwtinspector.core.dpop import Outcome
    from jwtinspector.core.flow import ROLE_NAMES

    print_at_note(options, color)
    print("Tokens")
    width = max(len(n) for n in ROLE_NAMES.values())
    for token in report.tokens:
        kind = f"JWT {token.token.alg}" if token.token is not None else "opaque"
        line = f"  {ROLE_NAMES[token.role]:<{width}}  {kind} · {token.how}"
        print(terminal_safe(line))
    print("Checks")
    name_width = max((len(c.name) for c in report.checks), default=0)
    for check in report.checks:
        result = check.outcome.value
        line = f"  {_MARKS[result]}  {check.name:<{name_width}}  {check.reason}"
        print(paint(line, _PAINT[result], color))
    if not report.checks:
        print("  (none: give more tokens of the login)")
    counts = ", ".join(
        f"{report.count(o)} {word}"
        for o, word in (
            (Outcome.PASS, "passed"),
            (Outcome.FAIL, "failed"),
            (Outcome.CANNOT, "could not be made"),
        )
        if report.count(o)
    )
    role = {Outcome.PASS: "good", Outcome.FAIL: "bad"}.get(report.verdict, "note")
    headline = report.headline
    if counts:
        headline = f"{headline[:-1]} ({counts})."
    print(paint(headline, role, color))
