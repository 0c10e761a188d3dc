"""``jwtinspector verify``: the signature and the claims, with a key, a key
set or an issuer's fetched keys."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from jwtinspector.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    add_key_options,
    add_remote_key_options,
    add_token_argument,
    decode_input,
    key_certificates,
    leeway_seconds,
    load_key,
    one_key_source,
    print_json,
    read_payload_file,
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
        "verify",
        help="check the signature and the claims",
        description="Exit status 0: signature and claims valid; 1: token invalid; "
        "2: unusable input or arguments. A JWS in JSON serialization (general or "
        "flattened) is valid when at least one signature verifies, every "
        "signature a key given fits verifies, and the claims pass; signatures no "
        "key fits are shown as not checked and do not count against it. "
        "An SD-JWT is valid when its issuer JWT "
        "verifies with the key given, every disclosure matches a digest, and its "
        "Key Binding JWT (if presented, or required by --nonce, --kb-audience or "
        '--require-kb) verifies with the cnf key; --json adds "sd_jwt" (see '
        'decode --help) with "key_binding": {valid, present, message, '
        "signature: {status, message}, checks: [{claim, status, message}]}.",
    )
    add_token_argument(parser)
    add_key_options(parser, required=False)  # or --jwks / --issuer, checked later
    add_remote_key_options(parser)
    parser.add_argument(
        "--payload-file",
        metavar="FILE",
        help="the payload of a detached token (header..signature, or a JSON "
        "serialization without payload), read as bytes (RFC 7515 Appendix F, "
        "RFC 7797)",
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
        type=leeway_seconds,
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
    add_at_option(parser, "judge exp, nbf, iat and a certificate key's dates")
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="check a token that had to be repaired (whitespace inside it, a "
        "character glued to it) as repaired; without it such a token is invalid, "
        "as a server would refuse it. Quotes, Bearer, a header line, a URL or a "
        "cookie around a token are not repairs",
    )
    sd = parser.add_argument_group("SD-JWT key binding")
    sd.add_argument("--nonce", help="the nonce the Key Binding JWT must carry")
    sd.add_argument(
        "--kb-audience",
        action="append",
        default=[],
        metavar="AUD",
        help="accepted aud of the Key Binding JWT, i.e. this verifier (repeatable)",
    )
    sd.add_argument(
        "--kb-max-age",
        type=leeway_seconds,
        default=300.0,
        metavar="SECONDS",
        help="how old the Key Binding JWT's iat may be (default 300)",
    )
    sd.add_argument(
        "--require-kb",
        action="store_true",
        help="an SD-JWT without a Key Binding JWT is invalid",
    )
    sd.add_argument(
        "--holder-key",
        metavar="FILE",
        help="the holder's public key (PEM, JWK or JWKS), for an SD-JWT whose cnf "
        "names it by thumbprint (jkt) rather than carrying it (jwk)",
    )
    parser.set_defaults(run=run)


def run(options: argparse.Namespace) -> int:
    from jwtinspector.cli.output import (
        print_report,
        report_json,
    )
    from jwtinspector.core.verify import SUPPORTED_ALGORITHMS

    for alg in options.alg:
        if alg not in SUPPORTED_ALGORITHMS:
            raise CliError(
                f"--alg {alg}: choose from {', '.join(SUPPORTED_ALGORITHMS)}"
            )
    one_key_source(options)
    parsed, sd = decode_input(options.token)
    kb_options = (
        options.nonce is not None
        or options.kb_audience
        or options.require_kb
        or options.holder_key is not None
    )
    if sd is None and kb_options:
        raise CliError(
            "--nonce, --kb-audience, --require-kb and --holder-key apply to an "
            "SD-JWT; this token is none"
        )
    decoded = _token(parsed, options)
    if decoded.form == "JWS JSON":
        return _run_json_serialization(decoded, options)
    try:
        report = _verify_report(options, decoded)
    except CliError as exc:
        if options.json:  # a script reading stdout still gets an answer
            print_json({"valid": False, "error": str(exc), "trace": list(exc.trace)})
        raise
    color = use_color(options.color, sys.stdout)
    if sd is None:
        if options.json:
            result = report_json(decoded, report)
            add_at_json(result, options)
            print_json(result)
        else:
            print_at_note(options, color)
            print_report(report, color=color)
            _lenient_hint(decoded, options, color)
        return EXIT_OK if report.valid else EXIT_INVALID
    return _finish_sd_jwt(sd, decoded, report, options, color)


def _finish_sd_jwt(
    sd: Any, decoded: Any, report: Any, options: argparse.Namespace, color: bool
) -> int:
    """Print the SD-JWT's verdict; its exit status."""
    from jwtinspector.cli.output import (
        paint,
        print_report,
        print_sd_jwt,
        report_json,
        sd_jwt_json,
    )

    sd_verdict = _sd_verdict(sd, report, options)
    key_binding, valid = sd_verdict.key_binding, sd_verdict.valid
    signatures = sd_verdict.signatures
    if options.json:
        result = report_json(decoded, report)
        result["valid"] = valid
        result["sd_jwt"] = sd_jwt_json(sd, key_binding)
        if signatures is not None:
            result["sd_jwt"]["signatures"] = _signatures_json(signatures)
        add_at_json(result, options)
        print_json(result)
    else:
        print_at_note(options, color)
        print_report(report, color=color, verdict=False)
        print_sd_jwt(sd, color=color, key_binding=key_binding)
        if signatures is not None:
            _print_signatures(signatures, color)
        line = "SD-JWT valid." if valid else "SD-JWT invalid."
        print(paint(line, "good" if valid else "bad", color))
        _lenient_hint(decoded, options, color)
    return EXIT_OK if valid else EXIT_INVALID


def _lenient_hint(decoded: Any, options: argparse.Namespace, color: bool) -> None:
    """Under the verdict on a repaired token: how to check it as repaired."""
    from jwtinspector.cli.output import paint

    if getattr(decoded, "repairs", ()) and not options.lenient:
        print(paint("--lenient checks the repaired token.", "dim", color))


def _token(parsed: Any, options: argparse.Namespace) -> Any:
    """The compact token (readable, its detached payload given) or the JWS in
    JSON serialization to verify; CliError for anything else."""
    from jwtinspector.core.token import with_payload

    if parsed.form == "JWE JSON":
        raise CliError(
            "this is an encrypted token (JWE) in JSON serialization: it has no "
            "signature to verify until it is decrypted"
        )
    if parsed.errors and parsed.form != "JWS JSON":
        raise CliError(f"the token cannot be read: {token_problem(parsed.errors[0])}")
    if options.payload_file is None:
        return parsed
    if not parsed.detached:
        raise CliError(
            "--payload-file is for a detached payload, but the token holds its own"
        )
    payload = read_payload_file(options.payload_file)
    if parsed.form == "JWS JSON":
        return parsed.with_detached_payload(payload)
    return with_payload(parsed, payload)


def _run_json_serialization(parsed: Any, options: argparse.Namespace) -> int:
    """Each signature with the key that fits it (local keys only)."""
    from jwtinspector.cli.json_output import print_verdicts, verdicts_json
    from jwtinspector.core.pipeline import signatures_verdict

    if parsed.errors:
        shared = [
            e
            for e in parsed.errors
            if not e.segment.startswith(("signatures[", "signature"))
        ]
        if shared or not parsed.signatures:
            raise CliError(
                f"the token cannot be read: {token_problem(parsed.errors[0])}"
            )
    keys = _json_keys(parsed, options)
    result = signatures_verdict(
        parsed, keys, now=evaluation_time(options), options=_verify_options(options)
    )
    color = use_color(options.color, sys.stdout)
    if options.json:
        shown = verdicts_json(parsed, result)
        add_at_json(shown, options)
        print_json(shown)
    else:
        print_at_note(options, color)
        print_verdicts(parsed, result, color=color)
    return EXIT_OK if result.valid else EXIT_INVALID


def _json_keys(parsed: Any, options: argparse.Namespace) -> Any:
    """The keys given, or fetched once for all signatures (--jwks URL, --issuer:
    an issuer's keys vouch only for a payload whose iss is that issuer)."""
    from jwtinspector.core.errors import InspectorError
    from jwtinspector.core.pipeline import KeysInUse, fetch_keys
    from jwtinspector.core.remote.cache import JwksCache
    from jwtinspector.core.remote.urls import remote_source

    try:
        source = remote_source(jwks=options.jwks, issuer=options.issuer)
        if source is None:
            return KeysInUse(load_key(options, required=False))
        cache = JwksCache(timeout=options.fetch_timeout)
        return fetch_keys(
            parsed.signatures[0].token, source, cache=cache, now=time.time()
        )
    except InspectorError as exc:
        raise CliError(str(exc), getattr(exc, "trace", ())) from None


def _verify_options(options: argparse.Namespace) -> Any:
    from jwtinspector.core.verify import VerifyOptions

    return VerifyOptions(
        algorithms=tuple(options.alg),
        issuer=options.iss,
        audience=tuple(options.aud),
        leeway=options.leeway,
        require=tuple(options.require),
        check_time=not options.ignore_time,
    )


def _sd_verdict(sd: Any, report: Any, options: argparse.Namespace) -> Any:
    """The SD-JWT's verdict: every issuer signature of a general JSON
    serialization checked too, and the holder key given used for a cnf.jkt."""
    from jwtinspector.core.sdjwt.keybinding import (
        KeyBindingOptions,
        issuer_signatures,
        sd_jwt_verdict,
    )

    kb_options = KeyBindingOptions(
        nonce=options.nonce,
        audience=tuple(options.kb_audience),
        max_age=options.kb_max_age,
        leeway=options.leeway,
        required=options.require_kb,
        holder_keys=_holder_keys(options.holder_key),
    )
    now, signatures = evaluation_time(options), None
    if sd.jws is not None and len(sd.jws.signatures) > 1:
        keys = _json_keys(sd.jws, options)
        signatures = issuer_signatures(
            sd, keys, now=now, options=_verify_options(options)
        )
    return sd_jwt_verdict(
        sd, report, now=now, options=kb_options, signatures=signatures
    )


def _holder_keys(name: str | None) -> tuple[Any, ...]:
    from jwtinspector.core.errors import InspectorError
    from jwtinspector.core.keys import KeySet, load_key_file

    if name is None:
        return ()
    try:
        key = load_key_file(name)
    except InspectorError as exc:
        raise CliError(f"--holder-key {name}: {exc}") from None
    return key.keys if isinstance(key, KeySet) else (key,)


def _signatures_json(result: Any) -> dict[str, Any]:
    return {
        "valid": result.valid,
        "summary": result.summary,
        "signatures": [
            {"status": v.signature.status.value, "message": v.signature.message}
            for v in result.verdicts
        ],
    }


def _print_signatures(result: Any, color: bool) -> None:
    from jwtinspector.cli.output import paint

    for number, report in enumerate(result.verdicts, 1):
        good = report.signature.status.value == "valid"
        line = f"Issuer signature #{number}: {report.signature.message}"
        print(paint(line, "good" if good else "bad", color))
    print(paint(result.summary, "good" if result.valid else "bad", color))


def _verify_report(options: argparse.Namespace, decoded: Any) -> Any:
    """The issuer token's report; CliError with the fetch trace when it fails."""
    from jwtinspector.core.errors import InspectorError
    from jwtinspector.core.pipeline import KeysInUse, verdict, verify_with_source
    from jwtinspector.core.remote.cache import JwksCache
    from jwtinspector.core.remote.urls import remote_source

    try:
        source = remote_source(jwks=options.jwks, issuer=options.issuer)
        verify_options = _verify_options(options)
        hashes = {"access_token": options.access_token, "code": options.code}
        strict = not options.lenient
        if source is None:
            keys = KeysInUse(load_key(options), certificates=key_certificates(options))
            report = verdict(
                decoded, keys, now=evaluation_time(options), options=verify_options,
                **hashes,
                strict=strict,
            )  # fmt: skip
        else:
            cache = JwksCache(timeout=options.fetch_timeout)
            report = verify_with_source(
                decoded, source, cache=cache, now=evaluation_time(options),
                options=verify_options, **hashes, strict=strict,
            )  # fmt: skip
    except InspectorError as exc:
        raise CliError(str(exc), getattr(exc, "trace", ())) from None
    return report
