"""``jwtinspector explain``: how a token's signature is made and checked, step
by step on its real bytes (the window's "How it is signed" tab).

Exit status 0: explained (whatever the verdict); 2: unusable input. Never
imports Qt.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from jwtinspector.cli.common import (
    EXIT_OK,
    CliError,
    add_key_options,
    add_remote_key_options,
    add_token_argument,
    decode_input,
    load_key,
    one_key_source,
    print_json,
    read_payload_file,
    readable,
    terminal_safe,
    use_color,
)


def add_parser(sub: Any) -> None:
    """Register the ``explain`` sub-command on the main parser's sub-parsers."""
    parser = sub.add_parser(
        "explain",
        help="walk through how the signature is made and checked",
        description="Show, on the token's own bytes, each step from its JSON to "
        "its signature: the signing input, its digest, what the signature holds "
        "(for RS* the block s^e mod n recovered with the public key, 00 01 ff…ff "
        "00 ‖ DigestInfo ‖ hash; for PS* the PSS salt; for ES* r and s; for EdDSA "
        "R and S) and the verification, each step with its RFC section. The "
        "arithmetic is shown for learning; the verdict is verify's. With --json, "
        '{"steps": [{title, body, source, url}]}. Exit status 0: explained; 2: '
        "unusable input or arguments.",
    )
    add_token_argument(parser)
    add_key_options(parser, required=False)
    add_remote_key_options(parser)
    parser.add_argument(
        "--payload-file",
        metavar="FILE",
        help="the payload of a detached token (header..signature), read as bytes",
    )
    parser.add_argument(
        "--access-token",
        metavar="TOKEN",
        help="show how the ID token's at_hash is computed from this access token",
    )
    parser.set_defaults(run=run)


def run(options: argparse.Namespace) -> int:
    """Print the walkthrough; 0 when the token could be explained."""
    from jwtinspector.core.explain import explain, steps_json

    parsed, _sd = decode_input(options.token)
    decoded = _with_payload(readable(parsed), options)
    key = _key(options, decoded)
    steps = explain(decoded, key, access_token=options.access_token)
    if options.json:
        print_json({"steps": steps_json(steps)})
        return EXIT_OK
    color = use_color(options.color, sys.stdout)
    from jwtinspector.cli.output import paint

    for index, step in enumerate(steps):
        if index:
            print()
        print(paint(step.title, "signature", color))
        for line in step.body.splitlines():
            print(f"  {terminal_safe(line)}" if line else "")
        if step.url:
            print(paint(f"  {step.source}: {step.url}", "dim", color))
    return EXIT_OK


def _with_payload(decoded: Any, options: argparse.Namespace) -> Any:
    """The token with its detached payload, when --payload-file gives one."""
    if options.payload_file is None:
        return decoded
    if not decoded.detached:
        raise CliError(
            "--payload-file is for a detached payload, but the token holds its own"
        )
    from jwtinspector.core.token import with_payload

    return with_payload(decoded, read_payload_file(options.payload_file))


def _key(options: argparse.Namespace, decoded: Any) -> Any:
    """The key given, or the key an issuer's fetched set chose for the token."""
    from jwtinspector.core.errors import InspectorError
    from jwtinspector.core.remote.urls import remote_source

    one_key_source(options)
    try:
        source = remote_source(jwks=options.jwks, issuer=options.issuer)
        if source is None:
            return load_key(options, required=False)
        import time

        from jwtinspector.core.pipeline import verify_with_source
        from jwtinspector.core.remote.cache import JwksCache

        cache = JwksCache(timeout=options.fetch_timeout)
        report = verify_with_source(decoded, source, cache=cache, now=time.time())
    except InspectorError as exc:
        raise CliError(str(exc)) from None
    return report.signature.key
