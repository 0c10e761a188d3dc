"""Compare with…'s reading of the second input and each side's facts."""

from __future__ import annotations

import base64
import json

import pytest

from jwtinspector.core.compare import (
    ENCRYPTED_NOTE,
    Side,
    Unusable,
    compare,
    facts,
    read_side,
)
from jwtinspector.core.keys import load_secret
from jwtinspector.core.pipeline import KeysInUse
from jwtinspector.core.sign import sign_token
from jwtinspector.core.verify import VerifyOptions

NOW = 1_700_000_000
SECRET = load_secret("core-compare-secret-of-32-bytes!")
TOKEN = sign_token(
    {"alg": "HS256", "kid": "a"}, {"sub": "alice", "exp": NOW - 10}, SECRET
)
LIMIT = 1 << 20


def _b64(value: object) -> str:
    raw = json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _side(text: str) -> Side:
    side = read_side(text, max_size=LIMIT)
    assert isinstance(side, Side), side
    return side


def test_a_jws_in_json_serialization_is_compared_by_its_first_signature():
    text = json.dumps(
        {
            "payload": _b64({"sub": "bob"}),
            "signatures": [
                {"protected": _b64({"alg": "HS256"}), "header": {"kid": "x"},
                 "signature": "AAAA"},
                {"protected": _b64({"alg": "HS384"}), "signature": "BBBB"},
            ],
        }
    )  # fmt: skip

    side = _side(text)

    assert side.header == {"alg": "HS256", "kid": "x"}
    assert side.payload == {"sub": "bob"}
    assert side.note == "JSON serialization: its first of 2 signatures"
    result = compare(_side(TOKEN), side)
    assert result.header.change("kid").new == "x"
    assert result.payload.change("sub").new == "bob"


def test_an_sd_jwt_is_compared_by_its_issuer_jwt():
    side = _side(f"{TOKEN}~")

    assert side.payload == {"sub": "alice", "exp": NOW - 10}
    assert compare(_side(TOKEN), side).same


def test_an_encrypted_token_in_json_serialization_gives_its_header():
    text = json.dumps(
        {
            "protected": _b64({"enc": "A256GCM"}),
            "unprotected": {"jku": "https://example.com"},
            "recipients": [{"header": {"alg": "dir"}}],
            "iv": "aXY", "ciphertext": "Y3Q", "tag": "dGFn",
        }
    )  # fmt: skip

    side = _side(text)

    assert side.header == {"enc": "A256GCM", "jku": "https://example.com", "alg": "dir"}
    assert side.payload is None
    assert side.note == ENCRYPTED_NOTE
    result = compare(_side(TOKEN), side)
    assert result.payload.same  # not compared
    assert result.lifetimes == (None, None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "there is no token here yet: paste one, or open a file"),
        ('{"payload": "e30", "signatures": []}', "has no signature"),
        ("abc.def", "Part of the token is missing"),
    ],
    ids=["empty", "no-signature", "one-dot"],
)
def test_an_unusable_input_says_why(text, message):
    found = read_side(text, max_size=LIMIT)

    assert isinstance(found, Unusable)
    assert message in found.message


def test_the_state_counts_the_leeway_and_the_key_verdict_its_key():
    side = _side(TOKEN)
    keys = KeysInUse(SECRET)

    expired = facts(side, keys, now=NOW, options=VerifyOptions())
    within = facts(side, keys, now=NOW, options=VerifyOptions(leeway=30))
    unkeyed = facts(side, KeysInUse(), now=NOW, options=VerifyOptions())

    assert expired.state == (
        "Expired 2023-11-14 22:13:10 UTC (10 s ago).",
        "bad",
    )
    assert within.state[1] == "good"
    assert within.state[0] == (
        "Valid: Expired 2023-11-14 22:13:10 UTC (10 s ago), accepted within the "
        "30 s leeway."
    )
    assert expired.key[0].startswith("✓ Signature verified: HS256")
    assert unkeyed.key == (
        "✗ Signature not checked: no key. Enter the shared secret to verify it.",
        "neutral",
    )
