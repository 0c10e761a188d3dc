"""``jwtinspector encode``: make and sign a token."""

from __future__ import annotations

import argparse
import os
import re
import time
from typing import Any

from jwtinspector.cli.common import (
    EXIT_OK,
    CliError,
    add_key_options,
    error_line,
    load_key,
    read_input,
)

_TIME_OPTIONS = ("--exp", "--nbf", "--iat")

_NEGATIVE_TIME = re.compile(r"-\d")


def attach_negative_times(args: list[str]) -> list[str]:
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


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("encode", help="make and sign a token")
    parser.add_argument(
        "--payload", required=True, metavar="JSON|@FILE", help="claims as JSON"
    )
    parser.add_argument("--header", metavar="JSON|@FILE", help="extra header members")
    parser.add_argument(
        "--alg", help="signing algorithm (leave out with --encrypt: claims unsigned)"
    )
    add_key_options(parser, required=False)
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
    parser.add_argument(
        "--b64-false",
        action="store_true",
        help='put the payload in as it is, with b64: false and crit: ["b64"] '
        "(RFC 7797 unencoded payload)",
    )
    parser.add_argument(
        "--detached",
        action="store_true",
        help="leave the payload out of the token (header..signature); give it to "
        "verify with --payload-file",
    )
    parser.add_argument("--kid", help="set the header's kid")
    parser.add_argument("--no-typ", action="store_true", help='omit typ: "JWT"')
    parser.add_argument(
        "--encrypt",
        metavar="ALG,ENC",
        help="encrypt into a JWE (e.g. RSA-OAEP-256,A256GCM); with --alg the "
        'signed token is wrapped (a nested JWT, cty "JWT")',
    )
    parser.add_argument(
        "--enc-key",
        metavar="FILE",
        help="the recipient's key for --encrypt: PEM or JWK (public key or secret)",
    )
    parser.add_argument(
        "--enc-password-env",
        metavar="VAR",
        help="for --encrypt with PBES2: read the password from this variable",
    )
    sd = parser.add_argument_group(
        "SD-JWT",
        "make an SD-JWT (RFC 9901): issuer JWT~disclosure~…~, each disclosure "
        "with a fresh 128-bit salt; set its typ with --header (e.g. dc+sd-jwt)",
    )
    sd.add_argument(
        "--sd",
        action="append",
        default=[],
        metavar="CLAIM",
        help="make CLAIM selectively disclosable: name, name.member or "
        "name[index] (repeatable; a member of a disclosable claim makes it "
        "recursive)",
    )
    sd.add_argument(
        "--sd-decoys",
        type=_count,
        default=0,
        metavar="N",
        help="add N decoy digests (default 0)",
    )
    sd.add_argument(
        "--sd-alg",
        default="sha-256",
        metavar="HASH",
        help="the _sd_alg digest hash (default sha-256)",
    )
    parser.set_defaults(run=run)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"{text!r}: give 0 to 1000")
    return value


def run(options: argparse.Namespace) -> int:
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
    if options.alg is None:
        if options.encrypt is None:
            raise CliError(
                "--alg is required (or --encrypt to encrypt unsigned claims)"
            )
        print(_encrypted(payload, options, nested=False))
        return EXIT_OK
    base: dict[str, Any] = {"alg": options.alg}
    if not options.no_typ:
        base["typ"] = "JWT"
    if options.kid:
        base["kid"] = options.kid
    base.update(header)
    unsigned = options.alg.strip().lower() == "none"
    if unsigned and not options.unsigned:
        raise CliError("--alg none makes an unsigned token: add --unsigned to confirm")
    key = None if unsigned else load_key(options, required=True)
    try:
        if options.sd or options.sd_decoys:
            token = _sd_jwt(base, payload, key, options)
        else:
            token = sign_token(
                base,
                payload,
                key,
                alg=options.alg,
                allow_none=unsigned,
                unencoded=options.b64_false,
                detached=options.detached,
            )
    except InspectorError as exc:
        raise CliError(str(exc)) from None
    print(_encrypted(token, options, nested=True) if options.encrypt else token)
    return EXIT_OK


def _encrypted(content: Any, options: argparse.Namespace, *, nested: bool) -> str:
    """The claims, or the signed token (a nested JWT), in a compact JWE."""
    from jwtinspector.core import keys
    from jwtinspector.core.errors import InspectorError
    from jwtinspector.core.jwe import encrypt, encrypt_token

    alg, _, enc = options.encrypt.partition(",")
    if not alg.strip() or not enc.strip():
        raise CliError("--encrypt takes ALG,ENC, e.g. RSA-OAEP-256,A256GCM")
    key: Any
    if options.enc_password_env:
        key = os.environ.get(options.enc_password_env)
        if key is None:
            raise CliError(
                f"--enc-password-env: ${options.enc_password_env} is not set"
            )
    elif options.enc_key:
        try:
            key = keys.load_key_file(options.enc_key)
        except InspectorError as exc:
            raise CliError(f"--enc-key {options.enc_key}: {exc}") from None
        if isinstance(key, keys.KeySet):
            if len(key.keys) != 1:
                raise CliError(f"--enc-key holds {len(key.keys)} keys: give one")
            key = key.keys[0]
    else:
        raise CliError("--encrypt needs --enc-key FILE (or --enc-password-env VAR)")
    try:
        if nested:
            return encrypt_token(content, alg.strip(), enc.strip(), key)
        return encrypt(content, alg.strip(), enc.strip(), key)
    except InspectorError as exc:
        raise CliError(str(exc)) from None


def _sd_jwt(header: Any, payload: Any, key: Any, options: argparse.Namespace) -> str:
    from jwtinspector.core.sdjwt.craft import make_sd_jwt

    if key is None:
        raise CliError("an SD-JWT is always signed: choose a signing --alg and key")
    issued = make_sd_jwt(
        header,
        payload,
        key,
        disclosable=options.sd,
        alg=options.alg,
        decoys=options.sd_decoys,
        hash_name=options.sd_alg,
    )
    return issued.text


def _json_argument(value: str, flag: str) -> Any:
    from jwtinspector.core.errors import TokenFormatError
    from jwtinspector.core.json_read import read_json
    from jwtinspector.core.limits import DEFAULT_MAX_SIZE

    text = value
    if value.startswith("@"):
        data = read_input(value[1:], f"{flag} {value}", DEFAULT_MAX_SIZE)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CliError(
                f"{flag} {value}: not UTF-8 text (byte {exc.start + 1:,})"
            ) from None
    try:
        read = read_json(text, flag)
    except TokenFormatError as exc:  # too deep, not JSON, a 5,000-digit number
        raise CliError(f"{flag}: {exc.reason}") from None
    for warning in read.warnings:
        error_line(f"note: {flag}: {warning.reason}")
    return read.value
