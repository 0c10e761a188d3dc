"""What every sub-command shares: exit statuses, the one error line, the token
and key arguments, reading the token and the key, and printing JSON."""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from jwtinspector.core.limits import MAX_KEY_SIZE
from jwtinspector.core.text import UNSAFE_CHARACTERS

SUBCOMMANDS = (
    "decode",
    "verify",
    "decrypt",
    "encode",
    "keygen",
    "lint",
    "present",
    "diff",
    "flow",
    "explain",
    "report",
)

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """Unusable input or arguments: printed as one line, exit status 2.

    Attributes:
        trace: Steps done before the failure (a key fetch's), for --json.
    """

    def __init__(self, message: str, trace: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.trace = tuple(trace)


# Controls and direction overrides: a token's text must not drive the terminal.
_CONTROL = re.compile(f"[{UNSAFE_CHARACTERS}]")


def terminal_safe(text: str, keep: str = "") -> str:
    """``text`` with control characters shown as ``\\x1b`` (direction overrides
    as ``\\u202e``), except those in ``keep``."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: _shown(m.group(), keep), text)


def _shown(char: str, keep: str) -> str:
    if char in keep:
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def error_line(message: str) -> None:
    """Print one ``jwtinspector: …`` line on stderr, whatever ``message`` holds."""
    print(f"jwtinspector: {terminal_safe(message)}", file=sys.stderr)


def add_token_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "token",
        nargs="?",
        default="-",
        help="the token, a file holding it, or - for standard input (default); "
        "Bearer prefixes, Authorization lines and URLs are accepted",
    )
    add_output_options(parser)


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """``--json`` and ``--color``, as every command that prints has them."""
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the output (default: when printing to a terminal)",
    )


KEY_SOURCES = (
    "key",
    "secret",
    "secret_base64",
    "secret_base64url",
    "secret_env",
    "secret_file",
    "jwks",
    "issuer",
)
"""The options that give a key (verify and explain also fetch one)."""


def one_key_source(options: argparse.Namespace) -> None:
    """Refuse two key sources given together, naming both.

    Raises:
        CliError: More than one was given.
    """
    given = [
        "--" + name.replace("_", "-")
        for name in KEY_SOURCES
        if getattr(options, name, None) is not None
    ]
    if len(given) > 1:
        raise CliError(f"give one key source, not {' and '.join(given)}")


def add_key_options(parser: argparse.ArgumentParser, required: bool) -> None:
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


def decode_input(token_arg: str) -> tuple[Any, Any]:
    """What the argument gives (core.forms): (the JWS or JWE in JSON
    serialization, or the compact token decoded leniently, or an SD-JWT's
    issuer JWT; the SD-JWT or None)."""
    from jwtinspector.core.errors import TokenFormatError
    from jwtinspector.core.forms import read_pasted

    text = _read_token_text(token_arg)
    try:
        pasted = read_pasted(text)
    except TokenFormatError as exc:
        raise CliError(token_problem(exc)) from None
    return pasted.main, pasted.sd


def read_payload_file(name: str) -> bytes:
    """A detached payload's bytes, exactly as in the file (at most as large
    as a token may be)."""
    from jwtinspector.core.limits import DEFAULT_MAX_SIZE

    return read_input(name, f"--payload-file {name}", DEFAULT_MAX_SIZE)


def read_input(name: str, what: str, limit: int) -> bytes:
    """The bytes of file ``name`` ("-": standard input), read up to ``limit``:
    more is refused as soon as it is seen, so a device, a FIFO or a huge file
    never costs more than ``limit`` bytes of memory. The limits live in
    core/limits.py.

    Args:
        what: How the message names the input, e.g. "--secret-file s.txt".

    Raises:
        CliError: If it cannot be read or holds more than ``limit`` bytes.
    """
    try:
        if name == "-":
            if sys.stdin is None:
                raise CliError(f"{what}: there is no standard input")
            stream = getattr(sys.stdin, "buffer", None)  # None: a text stream
            data = (
                _read_at_most(stream, limit + 1)
                if stream is not None
                else sys.stdin.read(limit + 1).encode("utf-8", "replace")
            )
        else:
            with open(name, "rb") as handle:
                data = _read_at_most(handle, limit + 1)
    except OSError as exc:
        raise CliError(f"{what}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise CliError(f"{what}: over the {limit:,}-byte limit, refused")
    return data


def _read_at_most(handle: Any, size: int) -> bytes:
    """Up to ``size`` bytes: a pipe gives them a chunk at a time."""
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = handle.read(min(left, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def readable(decoded: Any) -> Any:
    """``decoded``, a compact token; CliError when it cannot be read (lint)."""
    if decoded.form in ("JWS JSON", "JWE JSON"):
        raise CliError(
            f"this is a {decoded.form[:3]} in JSON serialization, which this "
            "command does not read yet: decode and verify do"
        )
    if decoded.errors:
        raise CliError(f"the token cannot be read: {token_problem(decoded.errors[0])}")
    return decoded


def token_problem(error: Any) -> str:
    """How the command line words a TokenFormatError: the one place to change it."""
    return str(error.message)


def token_text(token_arg: str) -> str:
    """The text the token argument gives: itself, a file's content or stdin.

    A JSON serialization given on the command line is taken as it is.
    """
    if token_arg.lstrip().startswith("{"):
        return token_arg
    return _read_token_text(token_arg)


def _read_token_text(token_arg: str) -> str:
    from jwtinspector.core.limits import DEFAULT_MAX_SIZE

    if token_arg == "-":
        if sys.stdin is None or sys.stdin.isatty():
            raise CliError("no token: give one as an argument or pipe it in")
        data = read_input("-", "standard input", DEFAULT_MAX_SIZE)
        return data.decode("utf-8", errors="replace")
    if "." not in token_arg or len(token_arg) < 256:
        path = Path(token_arg)
        try:
            # A file, or a device or FIFO (/dev/stdin, <(command)), not a folder.
            readable = path.exists() and not path.is_dir()
        except (OSError, ValueError):
            readable = False
        if readable:
            data = read_input(token_arg, token_arg, DEFAULT_MAX_SIZE)
            return data.decode("utf-8", errors="replace")
    return token_arg


def load_key(options: argparse.Namespace, required: bool = True) -> Any:
    from jwtinspector.core import keys
    from jwtinspector.core.errors import InspectorError

    key_file = options.key or getattr(options, "jwks", None)  # a --jwks FILE
    try:
        if key_file:
            what = f"{'--key' if options.key else '--jwks'} {key_file}"
            return keys.load_key(read_input(key_file, what, MAX_KEY_SIZE))
        for flag, encoding in (
            ("secret", "utf-8"),
            ("secret_base64", "base64"),
            ("secret_base64url", "base64url"),
        ):
            value = getattr(options, flag)
            if value is not None:
                _warn_secret_on_command_line(flag)
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
        password = ", --password-env" if hasattr(options, "password_env") else ""
        raise CliError(
            "no key: give --secret, --secret-base64, --secret-env, "
            f"--secret-file{remote}{password} or --key"
        )
    return None


def key_certificates(options: argparse.Namespace) -> tuple[bytes, ...]:
    """The certificates (DER) in the --key file: their dates are checked, and
    their own bytes may be a forger's HMAC secret."""
    from jwtinspector.core.certs import certificates_in

    if not getattr(options, "key", None):
        return ()
    try:
        with open(options.key, "rb") as handle:
            return certificates_in(handle.read(1 << 20))  # keys load up to 1 MB
    except OSError:
        return ()  # load_key already reported an unreadable file


def _warn_secret_on_command_line(flag: str) -> None:
    """One line on stderr: a secret typed as an argument is not private."""
    name = "--" + flag.replace("_", "-")
    error_line(
        f"warning: {name} puts the secret in your shell history and in the "
        "process list other users can see; use --secret-env VAR or "
        "--secret-file FILE instead"
    )


def _secret_from_file(name: str, encoding: str) -> Any:
    """The secret's bytes as they are: random secrets are often not text."""
    import base64

    from jwtinspector.core import keys

    data = read_input(name, f"--secret-file {name}", MAX_KEY_SIZE)
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


def use_color(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    return stream.isatty() and "NO_COLOR" not in os.environ


# A JSON string literal, or a non-finite number json.dumps wrote outside one.
_JSON_STRING_OR_NONFINITE = re.compile(r'("(?:[^"\\]|\\.)*")|(-?Infinity|NaN)')


def print_json(value: Any) -> None:
    """One JSON document that any parser reads: no NaN, no raw control character."""
    try:
        text = readable_json(value, allow_nan=False)
    except ValueError:
        # A number beyond float range (1e999) decodes to infinity: print it
        # as a string rather than the -Infinity that is not JSON.
        text = _JSON_STRING_OR_NONFINITE.sub(
            lambda m: m.group(1) or f'"{m.group(2)}"', readable_json(value)
        )
    from jwtinspector.core.errors import escape_json_controls

    print(escape_json_controls(text))


_INDENTED_ITEMS = 20_000
"""Items up to which JSON is printed indented: Python indents in pure Python
(about a second for 250,000 items); more are printed on one line."""


def readable_json(value: Any, *, allow_nan: bool = True) -> str:
    """``value`` as JSON indented by 2, or on one line when it holds more than
    _INDENTED_ITEMS values (commas and brackets counted, roughly).

    Raises:
        ValueError: When ``allow_nan`` is False and it holds an infinity.
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=allow_nan)
    items = text.count(",") + text.count("[") + text.count("{")
    if items > _INDENTED_ITEMS:
        return text
    return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=allow_nan)


# --- numbers of seconds, and the keys an issuer publishes ------------------------


def seconds(text: str) -> float:
    """An argument that is a finite number of seconds (argparse ``type``)."""
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


def leeway_seconds(text: str) -> float:
    """A clock-skew leeway: seconds, not negative."""
    value = seconds(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: the leeway cannot be negative")
    return value


def seconds_from_0(text: str) -> float:
    """Seconds, 0 or more (a time window)."""
    value = seconds(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds ≥ 0")
    return value


def positive_seconds(text: str) -> float:
    """Seconds above 0 (a timeout)."""
    value = seconds(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a time above 0 seconds")
    return value


def add_remote_key_options(parser: argparse.ArgumentParser) -> None:
    """--jwks FILE|URL or --issuer URL (one of them), and --fetch-timeout."""
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
        type=positive_seconds,
        default=5.0,
        metavar="SECONDS",
        help="time allowed for each fetch (default 5)",
    )
