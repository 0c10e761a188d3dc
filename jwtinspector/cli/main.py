"""The ``jwtinspector`` command: the window, or one of the sub-commands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from jwtinspector import __version__
from jwtinspector.cli import (
    decode,
    decrypt,
    diff,
    encode,
    explain,
    flow,
    keygen,
    lint,
    present,
    report,
    verify,
)
from jwtinspector.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    SUBCOMMANDS,
    CliError,
    error_line,
)
from jwtinspector.cli.encode import attach_negative_times


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
    options = parser.parse_args(attach_negative_times(args))
    if sys.stdout is None:  # started with >&-
        error_line("standard output is closed: there is nowhere to print the result")
        return EXIT_USAGE
    try:
        status = int(options.run(options))
        sys.stdout.flush()  # a full disk shows here, not at exit
        return status
    except CliError as exc:
        error_line(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly
        _discard_output()
        return EXIT_OK
    except OSError as exc:  # writing failed: a full disk (/dev/full), a closed fd
        _discard_output()
        error_line(f"cannot write the output: {exc.strerror or exc}")
        return EXIT_USAGE


def _discard_output() -> None:
    """Send what is still buffered for standard output to /dev/null, so exiting
    does not fail on it a second time (and print a traceback)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stays open until exit


_TOP_FLAGS = ("-h", "--help", "--version")


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
    commands = (
        decode, verify, decrypt, encode, keygen, lint, present, diff, flow, explain,
        report,
    )  # fmt: skip
    for command in commands:  # no Qt
        command.add_parser(sub)
    return parser
