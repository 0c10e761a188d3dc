"""Command line: ``jwtinspector [TOKEN|FILE]`` opens the window; sub-commands
``decode``, ``verify``, ``encode``, ``keygen`` and ``lint`` are a scriptable
front over the engine. Sub-commands never import Qt, so they start fast and
run headless.

Exit status: 0 success (token valid), 1 token invalid, 2 unusable input or
arguments (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from jwtinspector import __version__

SUBCOMMANDS = ("decode", "verify", "encode", "keygen", "lint")
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """Unusable input or arguments: printed as one line, exit status 2.

    Attributes:
        trace: Steps done before the failure (a key fetch's), for --json.
    """

    def __init__(self, message: str, trace: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.trace = tuple(trace)


# C0 and C1 controls and DEL: a token's text must not drive the terminal.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def terminal_safe(text: str, keep: str = "") -> str:
    """``text`` with control characters shown as ``\\x1b``, except those in ``keep``."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(
        lambda m: m.group() if m.group() in keep else f"\\x{ord(m.group()):02x}", text
    )


def error_line(message: str) -> None:
    """Print one ``jwtinspector: …`` line on stderr, whatever ``message`` holds."""
    print(f"jwtinspector: {terminal_safe(message)}", file=sys.stderr)


class _Parser(argparse.ArgumentParser):
    """argparse, but an argument error is one line, not the whole usage text."""

    def error(self, message: str) -> NoReturn:
        error_line(f"{message} (see {self.prog} --help)")
        sys.exit(EXIT_USAGE)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for the ``jwtinspector`` command."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (args[0] not in SUBCOMMANDS and args[0] not in _TOP_FLAGS):
        return _open_window(args)
    # A token's JSON may hold a lone surrogate ("\ud800"), which no encoding
    # writes: show it escaped (as JSON spells it) rather than crash.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    parser = _build_parser()
    options = parser.parse_args(_attach_negative_times(args))
    try:
        return int(options.run(options))
    except CliError as exc:
        error_line(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stays open until exit
        return EXIT_OK


_TOP_FLAGS = ("-h", "--help", "--version")
_TIME_OPTIONS = ("--exp", "--nbf", "--iat")
_NEGATIVE_TIME = re.compile(r"-\d")


def _attach_negative_times(args: list[str]) -> list[str]:
    """``encode --exp -1h`` as ``--exp=-1h``: argparse takes -1h for an option."""
    if not args or args[0] != "encode":
        return args
    result: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            return result + args[index:]
        following = args[index + 1] if index + 1 < len(args) else ""
        if arg in _TIME_OPTIONS and _NEGATIVE_TIME.match(following):
            result.append(f"{arg}={following}")
            index += 2
            continue
        result.append(arg)
        index += 1
    return result


def _open_window(args: list[str]) -> int:
    from jwtinspector.qt_startup import QtOptionError, split_qt_options

    try:  # Qt's own options (-style Fusion, -platform, -reverse) go to Qt
        qt_options, args = split_qt_options(args)
    except QtOptionError as exc:
        error_line(str(exc))
        return EXIT_USAGE
    if len(args) > 1 or (args and args[0].startswith("-") and args[0] != "-"):
        error_line(
            "to open the window give at most one TOKEN or FILE; "
            f"sub-commands are {', '.join(SUBCOMMANDS)} (see --help)"
        )
        return EXIT_USAGE
    from jwtinspector.app import run  # Qt is imported only here

    return run(args[0] if args else None, qt_options=qt_options)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="jwtinspector",
        description="Inspect, verify, craft and audit JSON Web Tokens, offline. "
        "Without a sub-command, opens the window (optionally on a TOKEN or FILE).",
    )
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True)
    _add_decode(sub)
    _add_verify(sub)
    _add_encode(sub)
    _add_keygen(sub)
    from jwtinspector.cli_lint import add_lint_parser  # no Qt; imports this module

    add_lint_parser(sub)
    return parser


def _add_token_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "token",
        nargs="?",
        default="-",
        help="the token, a file holding it, or - for standard input (default); "
        "Bearer prefixes, Authorization lines and URLs are accepted",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the output (default: when printing to a terminal)",
    )


def _add_key_options(parser: argparse.ArgumentParser, required: bool) -> None:
    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument("--secret", metavar="TEXT", help="HMAC secret as UTF-8 text")
    group.add_argument("--secret-base64", metavar="TEXT", help="HMAC secret, base64")
    group.add_argument(
        "--secret-base64url", metavar="TEXT", help="HMAC secret, base64url"
    )
    group.add_argument(
        "--secret-env",
        metavar="VAR",
        help="read the secret from this environment variable (kept out of history)",
    )
    group.add_argument(
        "--secret-file",
        metavar="FILE",
        help="read the secret from a file (one trailing newline is dropped)",
    )
    group.add_argument(
        "--key",
        metavar="FILE",
        help="key file: PEM (PKCS#1, PKCS#8, SEC1, SubjectPublicKeyInfo), "
        "X.509 certificate, JWK or JWKS; detected from its content",
    )
    parser.add_argument(
        "--secret-encoding",
        choices=("utf-8", "base64", "base64url"),
        default="utf-8",
        help="how --secret-env and --secret-file are encoded (default utf-8)",
    )


def _add_decode(sub: Any) -> None:
    parser = sub.add_parser("decode", help="show a token's header, payload, signature")
    _add_token_argument(parser)
    parser.set_defaults(run=_run_decode)


def _add_verify(sub: Any) -> None:
    parser = sub.add_parser(
        "verify",
        help="check the signature and the claims",
        description="Exit status 0: signature and claims valid; 1: token invalid; "
        "2: unusable input or arguments.",
    )
    _add_token_argument(parser)
    _add_key_options(parser, required=False)  # or --jwks / --issuer, checked later
    remote = parser.add_mutually_exclusive_group()
    remote.add_argument(
        "--jwks",
        metavar="FILE|URL",
        help="key set: a JWKS file, or a URL to fetch it from (https; plain http "
        "only on loopback)",
    )
    remote.add_argument(
        "--issuer",
        metavar="URL",
        help="fetch the keys through this issuer's OpenID Connect discovery (or "
        "RFC 8414) document; iss must then equal it unless --iss says otherwise",
    )
    parser.add_argument(
        "--fetch-timeout",
        type=_positive_seconds,
        default=5.0,
        metavar="SECONDS",
        help="time allowed for each fetch (default 5)",
    )
    parser.add_argument(
        "--access-token", metavar="TOKEN", help="check at_hash against this"
    )
    parser.add_argument(
        "--code", metavar="CODE", help="check c_hash against this authorization code"
    )
    parser.add_argument(
        "--alg",
        action="append",
        default=[],
        help="allowed algorithm (repeatable); default: what the key fits",
    )
    parser.add_argument("--iss", help="expected issuer")
    parser.add_argument(
        "--aud", action="append", default=[], help="accepted audience (repeatable)"
    )
    parser.add_argument(
        "--leeway",
        type=_leeway,
        default=0.0,
        metavar="SECONDS",
        help="seconds of clock skew allowed (0 or more)",
    )
    parser.add_argument(
        "--require", action="append", default=[], help="claim that must be present"
    )
    parser.add_argument(
        "--ignore-time", action="store_true", help="do not check exp, nbf and iat"
    )
    parser.set_defaults(run=_run_verify)


def _add_encode(sub: Any) -> None:
    parser = sub.add_parser("encode", help="make and sign a token")
    parser.add_argument(
        "--payload", required=True, metavar="JSON|@FILE", help="claims as JSON"
    )
    parser.add_argument("--header", metavar="JSON|@FILE", help="extra header members")
    parser.add_argument("--alg", required=True, help="signing algorithm")
    _add_key_options(parser, required=False)
    parser.add_argument(
        "--unsigned",
        action="store_true",
        help="with --alg none: make an unsigned token (for testing rejection)",
    )
    for claim in ("exp", "nbf", "iat"):
        parser.add_argument(
            f"--{claim}",
            metavar="TIME",
            help="now, +15m, -1h, +7d, +30s or seconds since 1970",
        )
    parser.add_argument("--kid", help="set the header's kid")
    parser.add_argument("--no-typ", action="store_true", help='omit typ: "JWT"')
    parser.set_defaults(run=_run_encode)


def _add_keygen(sub: Any) -> None:
    parser = sub.add_parser("keygen", help="generate a secret or key pair")
    parser.add_argument("--type", required=True, choices=("hmac", "rsa", "ec", "okp"))
    parser.add_argument("--bits", type=int, help="RSA size: 2048, 3072 or 4096")
    parser.add_argument(
        "--curve", help="EC: P-256, P-384, P-521, secp256k1; OKP: Ed25519, Ed448"
    )
    parser.add_argument(
        "--alg", help="HMAC: HS256, HS384 or HS512 (sets the secret's length)"
    )
    parser.add_argument("--format", choices=("pem", "jwk"), default="pem")
    parser.add_argument(
        "--public", action="store_true", help="print the public key only"
    )
    parser.set_defaults(run=_run_keygen)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds"
        ) from None
    if not math.isfinite(value):
        # NaN and infinity would switch the time checks off without saying so.
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number of seconds")
    return value


def _leeway(text: str) -> float:
    value = _seconds(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: the leeway cannot be negative")
    return value


def _positive_seconds(text: str) -> float:
    value = _seconds(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a time above 0 seconds")
    return value


# --- sub-commands ---------------------------------------------------------


def _run_decode(options: argparse.Namespace) -> int:
    from jwtinspector.cli_output import decoded_json, print_decoded

    decoded = _decode(options.token)
    if options.json:
        _print_json(decoded_json(decoded, now=time.time()))
    else:
        print_decoded(decoded, now=time.time(), color=_color(options.color, sys.stdout))
    if decoded.errors:  # exit status 2 means one line on stderr
        more = len(decoded.errors) - 1
        extra = f" (and {more} more; --json lists all)" if more else ""
        error_line(f"{decoded.errors[0].message}{extra}")
    return EXIT_USAGE if decoded.errors else EXIT_OK


def _run_verify(options: argparse.Namespace) -> int:
    from jwtinspector.cli_output import print_report, report_json
    from jwtinspector.core.verify import SUPPORTED_ALGORITHMS

    for alg in options.alg:
        if alg not in SUPPORTED_ALGORITHMS:
            raise CliError(
                f"--alg {alg}: choose from {', '.join(SUPPORTED_ALGORITHMS)}"
            )
    key_flags = (
        "key",
        "secret",
        "secret_base64",
        "secret_base64url",
        "secret_env",
        "secret_file",
        "jwks",
        "issuer",
    )
    sources = [
        "--" + name.replace("_", "-")
        for name in key_flags
        if getattr(options, name) is not None
    ]
    if len(sources) > 1:
        raise CliError(f"give one key source, not {' and '.join(sources)}")
    try:
        decoded, report = _verify_report(options)
    except CliError as exc:
        if options.json:  # a script reading stdout still gets an answer
            _print_json({"valid": False, "error": str(exc), "trace": list(exc.trace)})
        raise
    if options.json:
        _print_json(report_json(decoded, report))
    else:
        print_report(report, color=_color(options.color, sys.stdout))
    return EXIT_OK if report.valid else EXIT_INVALID


def _verify_report(options: argparse.Namespace) -> tuple[Any, Any]:
    """(decoded token, report); CliError with the fetch trace when it fails."""
    from jwtinspector.core.certs import with_oidc_hash_checks
    from jwtinspector.core.errors import InspectorError
    from jwtinspector.core.fetch import JwksCache, remote_source, verify_with_source
    from jwtinspector.core.verify import VerifyOptions, verify

    decoded = _decode(options.token)
    if decoded.errors:
        raise CliError(f"the token cannot be read: {decoded.errors[0].message}")
    try:
        source = remote_source(jwks=options.jwks, issuer=options.issuer)
        key = None if source else _load_key(options)
        verify_options = VerifyOptions(
            algorithms=tuple(options.alg),
            issuer=options.iss,
            audience=tuple(options.aud),
            leeway=options.leeway,
            require=tuple(options.require),
            check_time=not options.ignore_time,
        )
        if source is None:
            report = verify(decoded, key, now=time.time(), options=verify_options)
        else:
            cache = JwksCache(timeout=options.fetch_timeout)
            report = verify_with_source(
                decoded, source, cache=cache, now=time.time(), options=verify_options
            )
        report = with_oidc_hash_checks(
            report, decoded, access_token=options.access_token, code=options.code
        )
    except InspectorError as exc:
        raise CliError(str(exc), getattr(exc, "trace", ())) from None
    return decoded, report


def _run_encode(options: argparse.Namespace) -> int:
    from jwtinspector.core.errors import InspectorError
    from jwtinspector.core.numericdate import parse_offset
    from jwtinspector.core.sign import sign_token

    payload = _json_argument(options.payload, "--payload")
    header = _json_argument(options.header, "--header") if options.header else {}
    if not isinstance(payload, dict) or not isinstance(header, dict):
        raise CliError("--payload and --header must be JSON objects")
    now = time.time()
    for claim in ("iat", "nbf", "exp"):
        value = getattr(options, claim)
        if value is not None:
            try:
                payload[claim] = int(parse_offset(value, now))
            except ValueError as exc:
                raise CliError(f"--{claim}: {exc}") from None
    base: dict[str, Any] = {"alg": options.alg}
    if not options.no_typ:
        base["typ"] = "JWT"
    if options.kid:
        base["kid"] = options.kid
    base.update(header)
    unsigned = options.alg.strip().lower() == "none"
    if unsigned and not options.unsigned:
        raise CliError("--alg none makes an unsigned token: add --unsigned to confirm")
    key = None if unsigned else _load_key(options, required=True)
    try:
        print(sign_token(base, payload, key, alg=options.alg, allow_none=unsigned))
    except InspectorError as exc:
        raise CliError(str(exc)) from None
    return EXIT_OK


def _run_keygen(options: argparse.Namespace) -> int:
    from jwtinspector.core import keygen, keys
    from jwtinspector.core.errors import InspectorError

    try:
        key = keygen.generate_key(
            options.type, bits=options.bits, curve=options.curve, alg=options.alg
        )
        if options.format == "jwk":
            jwk = keys.to_jwk(key, private=not options.public)
            print(json.dumps(jwk, indent=2))
        elif key.kty == "oct":
            print(keys.to_jwk(key)["k"])
        elif options.public:
            print(keys.to_public_pem(key), end="")
        else:
            print(keys.to_private_pem(key), end="")
            print(keys.to_public_pem(key), end="")
    except InspectorError as exc:
        raise CliError(str(exc)) from None
    return EXIT_OK


# --- helpers -------------------------------------------------------------


def _decode(token_arg: str) -> Any:
    from jwtinspector.core.errors import TokenFormatError
    from jwtinspector.core.token import inspect_token

    text = _read_token_text(token_arg)
    try:
        return inspect_token(text)
    except TokenFormatError as exc:
        raise CliError(exc.message) from None


def _read_token_text(token_arg: str) -> str:
    if token_arg == "-":
        if sys.stdin is None or sys.stdin.isatty():
            raise CliError("no token: give one as an argument or pipe it in")
        return sys.stdin.read()
    if "." not in token_arg or len(token_arg) < 256:
        path = Path(token_arg)
        try:
            if path.is_file():
                return path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise CliError(f"cannot read {token_arg}: {exc.strerror}") from None
    return token_arg


def _load_key(options: argparse.Namespace, required: bool = True) -> Any:
    from jwtinspector.core import keys
    from jwtinspector.core.errors import InspectorError

    key_file = options.key or getattr(options, "jwks", None)  # a --jwks FILE
    try:
        if key_file:
            return keys.load_key_file(key_file)
        for flag, encoding in (
            ("secret", "utf-8"),
            ("secret_base64", "base64"),
            ("secret_base64url", "base64url"),
        ):
            value = getattr(options, flag)
            if value is not None:
                return keys.load_secret(value, encoding)  # type: ignore[arg-type]
        if options.secret_env:
            value = os.environ.get(options.secret_env)
            if value is None:
                raise CliError(f"--secret-env: ${options.secret_env} is not set")
            return keys.load_secret(value, options.secret_encoding)
        if options.secret_file:
            return _secret_from_file(options.secret_file, options.secret_encoding)
    except InspectorError as exc:
        raise CliError(str(exc)) from None
    if required:
        remote = ", --jwks, --issuer" if hasattr(options, "jwks") else ""
        raise CliError(
            "no key: give --secret, --secret-base64, --secret-env, "
            f"--secret-file{remote} or --key"
        )
    return None


def _secret_from_file(name: str, encoding: str) -> Any:
    """The secret's bytes as they are: random secrets are often not text."""
    import base64

    from jwtinspector.core import keys

    try:
        data = Path(name).read_bytes()
    except OSError as exc:
        raise CliError(f"--secret-file {name}: {exc.strerror or exc}") from None
    # One trailing newline is what `echo` and editors add, never part of a secret.
    data = data[:-2] if data.endswith(b"\r\n") else data.removesuffix(b"\n")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise CliError(
                f"--secret-file {name}: not {encoding} text (binary data); "
                "drop --secret-encoding to use the bytes as they are"
            ) from None
        # Through base64 so the same checks (PEM, DER key as secret) apply.
        return keys.load_secret(base64.b64encode(data).decode("ascii"), "base64")
    return keys.load_secret(text, encoding)  # type: ignore[arg-type]


def _json_argument(value: str, flag: str) -> Any:
    text = value
    if value.startswith("@"):
        try:
            text = Path(value[1:]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CliError(f"{flag} {value}: {exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(
            f"{flag} is not valid JSON: {exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}"
        ) from None


def _color(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    return stream.isatty() and "NO_COLOR" not in os.environ


# A JSON string literal, or a non-finite number json.dumps wrote outside one.
_JSON_STRING_OR_NONFINITE = re.compile(r'("(?:[^"\\]|\\.)*")|(-?Infinity|NaN)')


def _print_json(value: Any) -> None:
    """One JSON document that any parser reads: no NaN, no raw control character."""
    try:
        text = json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError:
        # A number beyond float range (1e999) decodes to infinity: print it
        # as a string rather than the -Infinity that is not JSON.
        text = _JSON_STRING_OR_NONFINITE.sub(
            lambda m: m.group(1) or f'"{m.group(2)}"',
            json.dumps(value, indent=2, ensure_ascii=False),
        )
    from jwtinspector.core.errors import escape_json_controls

    print(escape_json_controls(text))
