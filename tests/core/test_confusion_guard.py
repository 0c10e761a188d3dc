"""The confusion guard refuses public key material in any usual encoding as
an HMAC secret: hex, base64 and base64url of DER or PEM keys and certificates."""

from __future__ import annotations

import base64
import datetime

import pytest
from certificates import certificate
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from jwtinspector.core.errors import KeyMaterialError
from jwtinspector.core.keys import load_key, load_secret
from jwtinspector.core.keys.recognise import load_key_input

_KEY = ec.generate_private_key(ec.SECP256R1())
_PUBLIC = _KEY.public_key()
_CERT = certificate(_KEY, start=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
DER = _PUBLIC.public_bytes(
    serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
)
PEM = _PUBLIC.public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
)
CERT_DER = _CERT.public_bytes(serialization.Encoding.DER)
CERT_PEM = _CERT.public_bytes(serialization.Encoding.PEM)


def _encodings(data: bytes) -> dict[str, str]:
    hexed = data.hex()
    return {
        "hex": hexed,
        "HEX with 0x": "0x" + hexed.upper(),
        "hex with colons": ":".join(hexed[i : i + 2] for i in range(0, len(hexed), 2)),
        "hex over lines (xxd -p)": "\n".join(
            hexed[i : i + 60] for i in range(0, len(hexed), 60)
        ),
        "base64": base64.b64encode(data).decode(),
        "base64url": base64.urlsafe_b64encode(data).decode().rstrip("="),
    }


CASES = [
    (f"{what} {form}", text)
    for what, data in (
        ("DER key", DER),
        ("PEM key", PEM),
        ("DER certificate", CERT_DER),
        ("PEM certificate", CERT_PEM),
    )
    for form, text in _encodings(data).items()
]


@pytest.mark.parametrize(("name", "text"), CASES, ids=[name for name, _ in CASES])
def test_encoded_public_material_is_refused_as_a_secret(name: str, text: str) -> None:
    with pytest.raises(KeyMaterialError, match="algorithm-confusion attack") as raised:
        load_secret(text)
    # base64 of DER is a PEM body without its armour lines, and said so.
    said = "base64 body of a PEM" if name.startswith("DER") else "written in"
    if name.startswith("DER") and "hex" in name.lower():
        said = "written in hex"
    assert said in str(raised.value)


@pytest.mark.parametrize(
    "text", [CASES[0][1], CASES[-1][1]], ids=[CASES[0][0], CASES[-1][0]]
)
def test_the_key_box_refuses_it_too(text: str) -> None:
    with pytest.raises(KeyMaterialError, match="not an HMAC secret"):
        load_key_input(text)


def test_hex_of_der_given_as_base64_is_refused() -> None:
    hexed = base64.b64encode(DER.hex().encode()).decode()
    with pytest.raises(KeyMaterialError, match="DER key or certificate written in hex"):
        load_secret(hexed, "base64")


def test_an_oct_jwk_whose_k_is_hex_of_a_key_is_skipped() -> None:
    k = base64.urlsafe_b64encode(DER.hex().encode()).decode().rstrip("=")
    with pytest.raises(KeyMaterialError, match="written in hex, not a secret"):
        load_key(f'{{"kty": "oct", "k": "{k}"}}')


@pytest.mark.parametrize(
    "text",
    [
        "0123456789abcdef" * 4,  # a hex secret
        "a" * 64,
        "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0",  # base64 of a word
        "30" * 40,  # hex that starts like DER but is none
    ],
)
def test_ordinary_secrets_still_load(text: str) -> None:
    assert load_secret(text).size == len(text.encode()) * 8
