"""``jwtinspector decode``: a token's header, payload and signature."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from jwtinspector.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    add_token_argument,
    decode_input,
    error_line,
    print_json,
    terminal_safe,
    token_problem,
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
        "decode",
        help="show a token's header, payload, signature",
        description="An SD-JWT (issuer-JWT~disclosure~…~[KB-JWT], or its JWS JSON "
        "Serialization with disclosures and kb_jwt in the header) also shows its "
        "disclosures, the payload after disclosure and its Key Binding JWT; "
        'with --json they are in "sd_jwt": {typ, sd_alg, disclosures: [{index, '
        "offset, disclosure, salt, name, value, array_element, digest, matched, "
        "error}], disclosed_payload, undisclosed: {path: count}, "
        "undisclosed_count, key_binding_jwt: {header, payload, offset} or null, "
        "problems: [{kind, message, disclosure, offset}], form: compact or json}. "
        'With --json, "errors" and "warnings" are [{segment, offset, message, '
        "count}], count saying how many one entry groups (repeated member names, "
        'numbers out of range). With --json, "explain": {"header": [...], '
        '"payload": [...]} gives one '
        "{name, kind, meaning, source, url} per top-level member (plus vendor for "
        "an identity provider's claim); kind is registered, vendor, public or "
        "private.",
    )
    add_token_argument(parser)
    parser.add_argument(
        "--explain",
        action="store_true",
        help="also print what each header parameter and claim means, its kind "
        "(registered, vendor, public, private) and its source",
    )
    parser.add_argument(
        "--bytes",
        choices=("header", "payload", "signature"),
        metavar="PART",
        help="also show PART (header, payload or signature) byte by byte: each 4 "
        "base64url characters with their 6-bit values and 3 bytes, the - and _ "
        'that stand for standard base64\'s + and /, and the "=" padding left out '
        '(RFC 4648 §5); with --json in "bytes"',
    )
    add_at_option(parser, "count the dates' distance (in 14 min, 2 h ago)")
    parser.set_defaults(run=run)


def run(options: argparse.Namespace) -> int:
    from jwtinspector.cli.output import (
        decoded_json,
        print_decoded,
        print_sd_jwt,
        sd_jwt_json,
        unreadable_disclosure,
    )

    decoded, sd = decode_input(options.token)
    if decoded.form in ("JWS JSON", "JWE JSON"):
        if options.bytes:
            error_line("--bytes reads a compact token (header.payload.signature)")
            return EXIT_USAGE
        return _run_json_serialization(decoded, options)
    byte_view = _byte_view(decoded, options.bytes)
    if isinstance(byte_view, str):
        error_line(byte_view)
        return EXIT_USAGE
    color = use_color(options.color, sys.stdout)
    if options.json:
        result = decoded_json(decoded, now=evaluation_time(options))
        add_at_json(result, options)
        if sd is not None:
            result["sd_jwt"] = sd_jwt_json(sd)
        result["explain"] = explain_json(decoded.header, decoded.payload)
        if byte_view is not None:
            result["bytes"] = _bytes_json(byte_view)
        print_json(result)
    else:
        print_at_note(options, color)
        print_decoded(decoded, now=evaluation_time(options), color=color)
        if sd is not None:
            print_sd_jwt(sd, color=color)
        if options.explain:
            print_explain(explain_json(decoded.header, decoded.payload), color=color)
        if byte_view is not None:
            from jwtinspector.core.b64view import text_table

            print()
            print(terminal_safe(text_table(byte_view), keep="\n"))
    unread = unreadable_disclosure(sd) if not decoded.errors else None
    if unread is not None:  # beyond what is read, as a payload nested too deeply
        error_line(unread)
        return EXIT_USAGE
    if decoded.errors:  # exit status 2 means one line on stderr
        more = len(decoded.errors) - 1
        extra = f" (and {more} more; --json lists all)" if more else ""
        error_line(f"{token_problem(decoded.errors[0])}{extra}")
    return EXIT_USAGE if decoded.errors else EXIT_OK


def _byte_view(decoded: Any, part: str | None) -> Any:
    """``--bytes PART``: the part's byte view, None without the option, or
    why it cannot be shown (a string)."""
    if part is None:
        return None
    from jwtinspector.core.b64view import token_bytes
    from jwtinspector.core.errors import UsageError

    try:
        return token_bytes(decoded, part)
    except UsageError as exc:
        return f"--bytes {part}: {exc}"


def _bytes_json(view: Any) -> dict[str, Any]:
    return {
        "part": view.part,
        "characters": view.length,
        "bytes": view.byte_count,
        "groups": [
            {
                "offset": group.start,
                "chars": group.chars,
                "values": list(group.values),
                "bytes": group.data.hex(),
                "base64": group.standard,
            }
            for group in view.groups
        ],
        "more_groups": view.more,
        "padding_left_out": view.padding,
        "problem": view.problem or None,
    }


def _run_json_serialization(parsed: Any, options: argparse.Namespace) -> int:
    from jwtinspector.cli.json_output import jwe_json, jws_json, print_jwe, print_jws

    color = use_color(options.color, sys.stdout)
    explained = explain_json(*_first_header_and_payload(parsed))
    if options.json:
        result = jws_json(parsed) if parsed.form == "JWS JSON" else jwe_json(parsed)
        result["explain"] = explained
        print_json(result)
    else:
        if parsed.form == "JWS JSON":
            print_jws(parsed, color=color)
        else:
            print_jwe(parsed, color=color)
        if options.explain:
            print_explain(explained, color=color)
    if parsed.errors:
        more = len(parsed.errors) - 1
        extra = f" (and {more} more; --json lists all)" if more else ""
        error_line(f"{token_problem(parsed.errors[0])}{extra}")
    return EXIT_USAGE if parsed.errors else EXIT_OK


def _first_header_and_payload(parsed: Any) -> tuple[Any, Any]:
    """The header a reader meets first: a JWS's first signature's protected and
    unprotected members, or a JWE's shared ones; and the payload if readable."""
    if parsed.form == "JWS JSON":
        first = parsed.signatures[0] if parsed.signatures else None
        return (first.joint_header if first else None), parsed.payload
    joint = {**(parsed.unprotected or {}), **(parsed.protected or {})}
    return (joint or None), None


def explain_json(header: Any, payload: Any) -> dict[str, list[dict[str, str]]]:
    """The ``explain`` object: one entry per top-level member of each part."""
    from jwtinspector.core.claims import explain_members

    context = header if isinstance(header, dict) else None
    return {
        "header": explain_members(header, part="header"),
        "payload": explain_members(payload, part="claims", header=context),
    }


def print_explain(explained: dict[str, list[dict[str, str]]], *, color: bool) -> None:
    """What each member means, one paragraph per member."""
    from jwtinspector.cli.output import paint

    for part, title in (("header", "Header"), ("payload", "Payload")):
        entries = explained[part]
        if not entries:
            continue
        print(paint(f"What the {title.lower()} means", part, color))
        for entry in entries:
            kind = entry["kind"]
            if entry.get("vendor"):
                kind = f"{kind}, {entry['vendor']}"
            print(paint(f"  {entry['name']} ({kind})", "dim", color))
            if entry["meaning"]:
                print(f"    {entry['meaning']}")
            else:
                print("    Not registered: only its issuer knows what it means.")
            if entry["source"]:
                print(
                    paint(f"    Source: {entry['source']} {entry['url']}", "dim", color)
                )
