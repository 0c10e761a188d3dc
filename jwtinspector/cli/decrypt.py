"""``jwtinspector decrypt``: a JWE's headers, plaintext and nested token.

Exit 0: decrypted. Exit 1: the key does not decrypt it, or it was changed.
Exit 2: unusable input or arguments, with one line saying why.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from jwtinspector.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    add_key_options,
    add_token_argument,
    error_line,
    load_key,
    print_json,
    token_problem,
    token_text,
    use_color,
)
from jwtinspector.cli.evaluation_time import (
    add_at_json,
    add_at_option,
    evaluation_time,
    print_at_note,
)


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "decrypt",
        help="decrypt a JWE (compact, flattened or general JSON serialization)",
    )
    add_token_argument(parser)
    add_key_options(parser, required=False)
    parser.add_argument(
        "--password-env",
        metavar="VAR",
        help="read the PBES2 password from this environment variable",
    )
    parser.add_argument(
        "--raw",
        action="store_true",
        help="write exactly the plaintext's bytes, nothing else",
    )
    add_at_option(parser, "count a nested token's dates (in 14 min, 2 h ago)")
    parser.set_defaults(run=run)


def run(options: argparse.Namespace) -> int:
    from jwtinspector.core.errors import DecryptionError, TokenFormatError
    from jwtinspector.core.jwe import decrypt

    if options.raw and options.json:
        raise CliError("--raw and --json cannot be combined: choose one")
    password = _password(options)
    keys = load_key(options, required=password is None)
    text = token_text(options.token)
    try:
        result = decrypt(text, keys, password=password)
    except TokenFormatError as exc:
        raise CliError(token_problem(exc)) from None
    except DecryptionError as exc:
        if not exc.not_decryptable:
            raise CliError(str(exc)) from None
        if options.json:
            print_json({"decrypted": False, "reason": exc.kind, "message": str(exc)})
        error_line(str(exc))
        return EXIT_INVALID
    if options.raw:
        sys.stdout.flush()
        sys.stdout.buffer.write(result.plaintext)
        sys.stdout.buffer.flush()
    elif options.json:
        shown = decrypted_json(result, now=evaluation_time(options))
        add_at_json(shown, options)
        print_json(shown)
    else:
        color = use_color(options.color, sys.stdout)
        print_at_note(options, color)
        print_decrypted(result, now=evaluation_time(options), color=color)
    return EXIT_OK


def _password(options: argparse.Namespace) -> str | None:
    if options.password_env is None:
        return None
    value = os.environ.get(options.password_env)
    if value is None:
        raise CliError(f"--password-env: ${options.password_env} is not set")
    return value


def decrypted_json(result: Any, *, now: float) -> dict[str, Any]:
    """The ``decrypt --json`` object. The key is described, never shown."""
    from jwtinspector.cli.output import decoded_json
    from jwtinspector.core.text import b64url_encode

    text = result.text
    if result.is_json:
        plaintext, form = result.payload, "json"
    elif text is not None:
        plaintext, form = text, "text"
    else:
        plaintext, form = b64url_encode(result.plaintext), "base64url"
    return {
        "decrypted": True,
        "header": result.header,
        "protected": result.protected,
        "unprotected": result.unprotected,
        "recipient": {
            "number": result.recipient + 1,
            "of": result.recipients,
            "header": result.recipient_header,
        },
        "serialization": result.serialization,
        "alg": result.alg,
        "enc": result.enc,
        "key": _used(result.key),
        "plaintext": plaintext,
        "plaintext_form": form,
        "aad": b64url_encode(result.aad) if result.aad is not None else None,
        "nested": decoded_json(result.nested, now=now) if result.nested else None,
        "warnings": list(result.warnings),
    }


def print_decrypted(result: Any, *, now: float, color: bool) -> None:
    """Headers, then the plaintext (or the nested token), as a person reads them."""
    from jwtinspector.cli.output import (
        paint,
        payload_text,
        pretty_json,
        print_decoded,
    )

    where = ""
    if result.recipients > 1:
        where = f", recipient {result.recipient + 1} of {result.recipients}"
    print(paint(f"Header ({result.alg}, {result.enc}{where})", "header", color))
    print(pretty_json(result.header))
    print(paint(f"Decrypted with {_used(result.key)}", "good", color))
    if result.serialization != "compact":
        print(paint(f"  {result.serialization} serialization", "dim", color))
    if result.aad is not None:
        print(paint("AAD", "dim", color))
        print(payload_text(result.aad))
    if result.nested is not None:
        print(paint("Nested token", "payload", color))
        print_decoded(result.nested, now=now, color=color)
    else:
        print(paint("Plaintext", "payload", color))
        if result.is_json:
            print(pretty_json(result.payload))
        else:
            print(payload_text(result.plaintext))
    for warning in result.warnings:
        print(paint(f"warning: {warning}", "note", color))


def _used(key: Any) -> str:
    """The key that decrypted it, described (never shown)."""
    from jwtinspector.core.text import quote

    if key is None:
        return "password"
    if key.kty != "oct":
        return str(key.describe())
    kid = f" · kid {quote(key.kid)}" if key.kid is not None else ""
    return f"secret key, {key.size // 8} bytes{kid}"
