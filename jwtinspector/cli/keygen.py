"""``jwtinspector keygen``: generate a secret or a key pair."""

from __future__ import annotations

import argparse
import json
from typing import Any

from jwtinspector.cli.common import EXIT_OK, CliError
from jwtinspector.core.key_choices import KINDS


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("keygen", help="generate a secret or key pair")
    parser.add_argument("--type", required=True, choices=KINDS)
    parser.add_argument("--bits", type=int, help="RSA size: 2048, 3072 or 4096")
    parser.add_argument(
        "--curve",
        help="EC: P-256, P-384, P-521, secp256k1; OKP: Ed25519, Ed448; "
        "mldsa: ML-DSA-44, ML-DSA-65, ML-DSA-87",
    )
    parser.add_argument(
        "--alg",
        help="HMAC: HS256, HS384 or HS512 (sets the secret's length); "
        "the algorithm the key is for (ES256K, Ed448, ML-DSA-44 ...)",
    )
    parser.add_argument("--format", choices=("pem", "jwk"), default="pem")
    parser.add_argument(
        "--public", action="store_true", help="print the public key only"
    )
    parser.set_defaults(run=run)


def run(options: argparse.Namespace) -> int:
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
