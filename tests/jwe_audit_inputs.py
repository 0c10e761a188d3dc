"""Encrypted-token headers that produce each JWE finding (and the JWE
lookalikes that must not), shared by the catalogue test and the JWE audit tests.
Only the protected header matters: the other four parts are placeholders."""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec

# A real P-256 point, from RFC 7518 Appendix C (Alice's ephemeral key).
EPK = {
    "kty": "EC",
    "crv": "P-256",
    "x": "gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0",
    "y": "SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps",
}
OFF_CURVE = {**EPK, "y": EPK["x"]}
PBES2 = {"alg": "PBES2-HS256+A128KW", "enc": "A128GCM", "p2s": "2WCTcJZ1Rvd_CJuJripQ1w"}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwe(header: dict[str, Any], encrypted_key: str = "") -> str:
    """A compact JWE with this protected header."""
    protected = b64(json.dumps(header, separators=(",", ":")).encode())
    return f"{protected}.{encrypted_key}.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA"


def ecdh(**changes: Any) -> dict[str, Any]:
    return {"alg": "ECDH-ES", "enc": "A256GCM", "epk": EPK, **changes}


def private_epk() -> dict[str, Any]:
    """An epk with its private part, as a careless sender would write it."""
    key = ec.generate_private_key(ec.SECP256R1())
    numbers = key.private_numbers()

    def coordinate(value: int) -> str:
        return b64(value.to_bytes(32, "big"))

    return {
        "kty": "EC",
        "crv": "P-256",
        "x": coordinate(numbers.public_numbers.x),
        "y": coordinate(numbers.public_numbers.y),
        "d": coordinate(numbers.private_value),
    }


JWE_PRODUCERS: dict[str, str] = {
    "JWE-RSA1-5": jwe({"alg": "RSA1_5", "enc": "A128CBC-HS256"}, "AAAA"),
    "JWE-P2C-HIGH": jwe({**PBES2, "p2c": 5_000_000}, "AAAA"),
    "JWE-P2C-LOW": jwe({**PBES2, "p2c": 100}, "AAAA"),
    "JWE-P2S-SHORT": jwe({**PBES2, "p2c": 4096, "p2s": "AAAA"}, "AAAA"),
    "JWE-EPK-INVALID": jwe(ecdh(epk=OFF_CURVE)),
    "JWE-EPK-PRIVATE": jwe(ecdh(epk=private_epk())),
    "JWE-ALG-ENC": jwe({"alg": "dir", "enc": "A256CTR"}),
    "JWE-NESTED-UNSIGNED": jwe({"alg": "dir", "enc": "A256GCM", "cty": "JWT"}),
}
UNSIGNED = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9."
NESTED: dict[str, str] = {JWE_PRODUCERS["JWE-NESTED-UNSIGNED"]: UNSIGNED}
"""The nested token a JWE above decrypts to (the audit is given it)."""
