"""``jwtinspector lint``: the security findings of one token, for people and scripts.

Exit status: 0 when there is no critical or high finding, 1 when there is,
2 on unusable input (one line on stderr). Never imports Qt.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from typing import Any, TextIO

from jwtinspector.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    add_key_options,
    add_token_argument,
    decode_input,
    error_line,
    key_certificates,
    load_key,
    print_json,
    readable,
    terminal_safe,
    token_problem,
    use_color,
)

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)?\s*$", re.IGNORECASE)
_UNITS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}
_ROLES = {
    "critical": "bad",
    "high": "bad",
    "medium": "note",
    "low": "dim",
    "info": "dim",
}


def add_parser(sub: Any) -> None:
    """Register the ``lint`` sub-command on the main parser's sub-parsers."""
    parser = sub.add_parser(
        "lint",
        help="list a token's security findings (RFC 8725 and known attacks)",
        description="Audit a token offline: alg none, weak HMAC secrets, "
        "algorithm confusion, dangerous headers (jku, x5u, jwk, kid, crit), "
        "lifetimes and sensitive data. A JWS or JWE in JSON serialization is "
        "audited per signature (or recipient). The key is optional; it enables "
        "the key checks (for a JWE, the recipient's key: its nested token is "
        "checked too). Exit status 0: no critical or high finding; 1: at least one; "
        "2: unusable input or arguments.",
    )
    add_token_argument(parser)
    add_key_options(parser, required=False)
    parser.add_argument(
        "--wordlist",
        metavar="FILE",
        help="also try every line of FILE as the HMAC secret (streamed, all "
        "cores; SIGTERM stops it with its workers, exit status 143)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="processes for --wordlist (default: one per CPU)",
    )
    parser.add_argument(
        "--max-lifetime",
        type=parse_duration,
        default=24 * 3600.0,
        metavar="DURATION",
        help="longest acceptable lifetime, e.g. 15m, 24h, 7d, or 0 for no limit "
        "(default 24h)",
    )
    parser.add_argument(
        "--skew",
        type=parse_duration,
        default=60.0,
        metavar="DURATION",
        help="clock skew tolerated for nbf and iat (default 60s)",
    )
    parser.set_defaults(run=run)


def parse_duration(text: str) -> float:
    """Seconds from '90', '90s', '15m', '24h', '7d' or '2w'."""
    match = _DURATION.match(text)
    if not match:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a duration: use e.g. 90s, 15m, 24h or 7d"
        )
    unit = (match.group(2) or "s").lower()
    return float(match.group(1)) * _UNITS[unit]


def run(options: argparse.Namespace) -> int:
    """Audit the token; print the findings; 1 if any is critical or high."""
    from jwtinspector.core.audit import AuditOptions, sort_findings
    from jwtinspector.core.audit.forms import JSON_FORMS, audit_input

    decoded, sd = decode_input(options.token)
    if decoded.form in JSON_FORMS:  # audited per signature (or recipient)
        _readable_form(decoded)
    else:
        decoded = readable(decoded)
    key = load_key(options, required=False)
    audit_options = AuditOptions(
        max_lifetime=options.max_lifetime or None,
        skew=options.skew,
        certificates=key_certificates(options),
    )
    nested = _nested(decoded, key)
    findings = list(
        audit_input(
            decoded,
            now=time.time(),
            key=key,
            options=audit_options,
            sd_jwt=sd,
            nested=nested,
        )
    )
    summary = None
    if options.wordlist:
        found, summary = _scan_wordlist(_scan_target(decoded), options, findings)
        if found is not None:
            findings = list(sort_findings([*findings, found]))
    if options.json:
        print_json([finding.to_dict() for finding in findings])
    else:
        _print_findings(findings, summary, use_color(options.color, sys.stdout))
    blocking = any(finding.blocking for finding in findings)
    return EXIT_INVALID if blocking else EXIT_OK


def _readable_form(form: Any) -> None:
    """CliError when a JSON serialization cannot be read (lint)."""
    if form.errors:
        raise CliError(f"the token cannot be read: {token_problem(form.errors[0])}")


def _scan_target(decoded: Any) -> Any:
    """The token a wordlist is tried on: of a JWS in JSON serialization, its
    first HMAC signature (else its first); a JWE's first recipient."""
    from jwtinspector.core.audit.forms import recipient_tokens

    if decoded.form == "JWE JSON":
        return recipient_tokens(decoded)[0][0]
    if decoded.form != "JWS JSON":
        return decoded
    tokens = [signature.token for signature in decoded.signatures]
    return next((t for t in tokens if (t.alg or "").startswith("HS")), tokens[0])


def _nested(decoded: Any, key: Any) -> Any:
    """The nested token of a JWE (compact or JSON) the key decrypts (None
    otherwise): the audit then checks it too (an unsigned one is a finding)."""
    if key is None:
        return None
    if decoded.form == "JWE JSON":
        source = decoded.members()
    elif decoded.form == "JWE":
        source = decoded.token
    else:
        return None
    from jwtinspector.core.errors import InspectorError
    from jwtinspector.core.jwe import decrypt

    try:
        return decrypt(source, key).nested
    except InspectorError:
        return None  # the other findings stand; decrypt says why it failed


def _scan_wordlist(
    decoded: Any, options: argparse.Namespace, findings: list[Any]
) -> tuple[Any, str]:
    """(a WEAK-SECRET finding or None, one summary line) for --wordlist."""
    from jwtinspector.core import crack
    from jwtinspector.core.audit import weak_secret_finding
    from jwtinspector.core.errors import InspectorError

    if options.workers is not None and options.workers < 1:
        raise CliError("--workers must be at least 1")
    if any(f.id == "WEAK-SECRET" for f in findings):
        return None, "Wordlist not needed: the secret is already known."
    progress = _progress_printer(sys.stderr) if sys.stderr.isatty() else None
    stop = threading.Event()
    try:
        with _stopped_by_sigterm(stop):
            result = crack.scan_wordlist(
                decoded,
                options.wordlist,
                workers=options.workers,
                file_progress=progress,
                cancel=stop,
            )
    except InspectorError as exc:
        raise CliError(f"--wordlist: {exc}") from None
    finally:
        if progress is not None:
            print(file=sys.stderr)
    name = os.path.basename(options.wordlist)
    spent = (
        f"{result.tried:,} candidates in {result.seconds:.1f} s ({result.rate:,.0f}/s)"
    )
    if stop.is_set():
        error_line(
            f"stopped by SIGTERM: the wordlist scan ended with its workers after "
            f"{spent}, secret not found"
        )
        sys.exit(128 + signal.SIGTERM)
    if result.found is None:
        return None, f"Wordlist {name}: secret not found ({spent})."
    finding = weak_secret_finding(result.found, decoded.alg, f"the wordlist {name}")
    return finding, f"Wordlist {name}: secret found ({spent})."


@contextlib.contextmanager
def _stopped_by_sigterm(stop: threading.Event) -> Iterator[None]:
    """While the scan runs, SIGTERM sets ``stop``: the scan ends its worker
    processes (within the block each is on) and the command exits with 143,
    leaving no process behind. A second SIGTERM ends it at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_sigterm(_signum: int, _frame: Any) -> None:
        stop.set()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _progress_printer(stream: TextIO) -> Any:
    def show(tried: int, rate: float, done: int, total: int) -> None:
        share = f", {done * 100 // total}% of the file" if total else ""
        stream.write(f"\rtried {tried:,} candidates ({rate:,.0f}/s{share})")
        stream.flush()

    return show


def _print_findings(findings: list[Any], summary: str | None, color: bool) -> None:
    from jwtinspector.cli.output import paint

    width = 88
    for finding in findings:
        role = _ROLES[finding.severity]
        head = f"{finding.severity.upper():<8} {finding.title}  [{finding.id}]"
        print(paint(head, role, color))
        for label, text in (
            ("", finding.explanation),
            ("Instead: ", finding.advice),
            ("Reference: ", finding.reference),
        ):
            print(
                textwrap.fill(
                    terminal_safe(label + text),  # findings quote the token
                    width=width,
                    initial_indent="    ",
                    subsequent_indent="    ",
                )
            )
        print()
    if summary:
        print(terminal_safe(summary))
    if not findings:
        print(paint("No findings.", "good", color))
        return
    counts = {s: sum(f.severity == s for f in findings) for s in _ROLES}
    text = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    blocking = counts["critical"] or counts["high"]
    plural = "s" if len(findings) != 1 else ""
    line = f"{len(findings)} finding{plural}: {text}."
    print(paint(line, "bad" if blocking else "good", color))
