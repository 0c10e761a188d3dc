"""``jwtinspector present``: an SD-JWT with only the chosen disclosures, and a
fresh Key Binding JWT signed with the holder's key (RFC 9901 §4.3, §6)."""

from __future__ import annotations

import argparse
import time
from typing import Any

from jwtinspector.cli.common import (
    EXIT_OK,
    CliError,
    error_line,
    token_problem,
    token_text,
)


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "present",
        help="present an SD-JWT with only the chosen disclosures",
        description="Print the SD-JWT with only the disclosures chosen (a "
        "nested claim brings its parents' disclosures along) and, with the "
        "holder's private key, a fresh Key Binding JWT for the verifier's "
        "audience and nonce. An SD-JWT in JSON serialization is printed as "
        "JSON. Without --kb-key the Key Binding JWT given is kept only when "
        "every disclosure is presented as it was.",
    )
    parser.add_argument(
        "token",
        nargs="?",
        default="-",
        help="the SD-JWT, a file holding it, or - for standard input (default)",
    )
    choice = parser.add_mutually_exclusive_group(required=True)
    choice.add_argument(
        "--disclose",
        action="append",
        metavar="NAME|PATH",
        help="present the disclosure of this claim: a name (given_name), a path "
        "(address.region) or an array element (nationalities[0]); repeatable",
    )
    choice.add_argument("--all", action="store_true", help="present every disclosure")
    choice.add_argument(
        "--none", action="store_true", help="present no disclosure at all"
    )
    kb = parser.add_argument_group("Key Binding JWT")
    kb.add_argument(
        "--kb-key",
        metavar="FILE",
        help="the holder's private key (PEM or JWK), the one the SD-JWT's cnf names",
    )
    kb.add_argument("--aud", help="the verifier the presentation is for (aud)")
    kb.add_argument("--nonce", help="the nonce the verifier sent")
    parser.set_defaults(run=run)


def run(options: argparse.Namespace) -> int:
    from jwtinspector.core.errors import InspectorError, TokenFormatError
    from jwtinspector.core.forms import read_pasted

    if options.kb_key is None and (options.aud is not None or options.nonce):
        raise CliError("--aud and --nonce go with --kb-key (the holder's key)")
    if options.kb_key is not None and (options.aud is None or options.nonce is None):
        raise CliError("--kb-key needs --aud (the verifier) and --nonce")
    source = token_text(options.token)
    try:
        sd = read_pasted(source).sd
    except TokenFormatError as exc:
        raise CliError(token_problem(exc)) from None
    if sd is None:
        raise CliError(
            "this is not an SD-JWT (an issuer-signed JWT followed by ~ and its "
            "disclosures)"
        )
    holder = _holder_key(sd, options.kb_key) if options.kb_key else None
    keep = _chosen(sd, options)
    try:
        text, note = _presentation(sd, keep, holder, options, source)
    except InspectorError as exc:
        raise CliError(str(exc)) from None
    print(text)
    if note:
        error_line(note)
    return EXIT_OK


def _chosen(sd: Any, options: argparse.Namespace) -> list[int]:
    from jwtinspector.core.sdjwt.craft import disclosure_path, select_disclosures

    if options.all:
        return [d.index for d in sd.disclosures]
    if options.none:
        return []
    keep, unknown = select_disclosures(sd, options.disclose)
    if unknown:
        known = [p for p in map(disclosure_path, sd.disclosures) if p]
        listed = ", ".join(known[:20]) + (" …" if len(known) > 20 else "")
        raise CliError(
            f"--disclose {unknown[0]}: no disclosure of that claim; the SD-JWT "
            f"has disclosures of {listed or 'nothing'}"
        )
    return keep


def _holder_key(sd: Any, name: str) -> Any:
    """The holder's private key from ``name``; CliError unless it is the one
    the SD-JWT's cnf names."""
    from jwtinspector.core.errors import InspectorError
    from jwtinspector.core.keys import KeyMaterial, load_key_file
    from jwtinspector.core.sdjwt.keybinding import holder_key

    try:
        key = load_key_file(name)
    except InspectorError as exc:
        raise CliError(f"--kb-key {name}: {exc}") from None
    if not isinstance(key, KeyMaterial) or not key.can_sign or key.kty == "oct":
        raise CliError(f"--kb-key {name}: give the holder's private key (PEM or JWK)")
    if not sd.has_cnf:
        raise CliError(
            "the SD-JWT has no cnf claim: the issuer bound it to no holder key, "
            "so a Key Binding JWT proves nothing"
        )
    named = holder_key(sd, (key,))
    if isinstance(named, str) or named.thumbprint != key.thumbprint:
        raise CliError(
            f"--kb-key {name} is not the holder key the SD-JWT's cnf names: a "
            "verifier would reject its Key Binding JWT"
        )
    return key


def _presentation(
    sd: Any, keep: list[int], holder: Any, options: argparse.Namespace, source: str
) -> tuple[str, str]:
    """The presented text (compact, or JSON for the JSON form) and a note for
    stderr ("" when none)."""
    from jwtinspector.core.sdjwt.craft import present
    from jwtinspector.core.sdjwt.json_form import json_with_disclosures

    chosen = [sd.disclosures[i].text for i in keep]
    unchanged = chosen == [d.text for d in sd.disclosures]
    note = ""
    if holder is not None:
        text = present(
            sd.text, keep=keep, holder_key=holder, nonce=options.nonce,
            audience=options.aud, now=time.time(),
        )  # fmt: skip
    else:
        text = present(sd.text, keep=keep)
        kb = sd.key_binding
        if kb is not None and unchanged:
            text += kb.token
        elif kb is not None:
            note = (
                "note: the Key Binding JWT was left out: it covered other "
                "disclosures (give --kb-key, --aud and --nonce for a fresh one)"
            )
    if sd.form == "json":
        # The original JSON text, its disclosures and kb_jwt replaced.
        kb_jwt = text.rsplit("~", 1)[1] or None
        return json_with_disclosures(source, chosen, kb_jwt), note
    return text, note
