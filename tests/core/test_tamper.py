"""The tamper lab: one character changed, the first check that fails named
right, the bits counted exactly, and the changes that change no byte."""

import hashlib
import random

import jwt
import pytest

from jwtinspector.core import keygen
from jwtinspector.core.b64view import segment_bytes
from jwtinspector.core.errors import UsageError
from jwtinspector.core.keys import load_secret
from jwtinspector.core.pipeline import KeysInUse
from jwtinspector.core.sign import sign_token
from jwtinspector.core.tamper import (
    BASE64URL,
    FAILED,
    HMAC,
    JSON,
    PASSED,
    SIGNATURE,
    UNKNOWN,
    Change,
    random_change,
    suggested_char,
    tamper,
    tamperable,
)
from jwtinspector.core.token import inspect_token

SECRET = "k" * 32
CLAIMS = {"sub": "alice", "name": "Alice Liddell", "admin": False}


@pytest.fixture(scope="module")
def keys() -> dict:
    return {
        "HS256": load_secret(SECRET),
        "RS256": keygen.generate_rsa(2048),
        "ES256": keygen.generate_ec("P-256"),
    }


def signed(alg: str, keys: dict):
    return inspect_token(sign_token({"alg": alg, "typ": "JWT"}, CLAIMS, keys[alg]))


def parts(token) -> dict[str, str]:
    return dict(
        zip(("header", "payload", "signature"), token.token.split("."), strict=True)
    )


def still_json_change(token) -> Change:
    """A change in the payload that keeps it JSON (inside the name's text)."""
    text = parts(token)["payload"]
    for position in range(8, len(text) - 4):
        for char in "ABCDEFGH":
            if char == text[position]:
                continue
            change = Change("payload", position, char)
            result = tamper(token, change, KeysInUse(), now=0)
            if result.checks[1].status == PASSED and not result.same_bytes:
                return change
    raise AssertionError("no change keeps the payload JSON")


@pytest.mark.parametrize("alg", ["HS256", "RS256", "ES256"])
def test_a_changed_payload_that_is_still_json_fails_the_signature(alg, keys):
    token = signed(alg, keys)
    result = tamper(token, still_json_change(token), KeysInUse(keys[alg]), now=0)
    names = [(c.name, c.status) for c in result.checks]
    expected = HMAC if alg == "HS256" else SIGNATURE
    assert names == [(BASE64URL, PASSED), (JSON, PASSED), (expected, FAILED)]
    assert result.failed.name == expected
    if alg == "HS256":
        assert "differs from the token's signature" in result.failed.message
        assert "Recomputed: " in result.failed.message
    else:
        assert "does not verify with the key" in result.failed.message
    assert result.original == token.token  # the user's token is left alone
    assert result.tampered != token.token


@pytest.mark.parametrize("alg", ["HS256", "RS256", "ES256"])
def test_a_header_that_no_longer_decodes_fails_json_first(alg, keys):
    token = signed(alg, keys)
    result = tamper(token, Change("header", 0, "f"), KeysInUse(keys[alg]), now=0)
    assert result.failed.name == JSON
    assert "no longer decodes as JSON" in result.failed.message
    assert result.checks[-1].status == FAILED  # no algorithm to check with
    assert "rejects the copy before any signature check" in result.checks[-1].message


@pytest.mark.parametrize("alg", ["HS256", "RS256", "ES256"])
def test_a_changed_signature_character_fails_the_signature(alg, keys):
    token = signed(alg, keys)
    result = tamper(token, Change("signature", 5, "A"), KeysInUse(keys[alg]), now=0)
    if parts(token)["signature"][5] == "A":
        result = tamper(token, Change("signature", 5, "B"), KeysInUse(keys[alg]), now=0)
    assert result.failed.name == (HMAC if alg == "HS256" else SIGNATURE)
    assert result.input_offset is None
    assert result.original_input == result.tampered_input
    assert result.digest_bits == 0
    assert any("Only the signature changed" in n for n in result.notes)


def test_the_bits_are_counted_exactly(keys):
    token = signed("HS256", keys)
    change = still_json_change(token)
    result = tamper(token, change, KeysInUse(), now=0)
    old = result.old_char
    assert result.text_bits == (ord(old) ^ ord(change.char)).bit_count()
    before, after = token.segment("payload").data, result.tampered_part
    assert (
        result.decoded_bits
        == (int.from_bytes(before, "big") ^ int.from_bytes(after, "big")).bit_count()
    )
    digest_a = hashlib.sha256(token.signing_input).digest()
    digest_b = hashlib.sha256(result.tampered_input).digest()
    assert (result.original_digest, result.tampered_digest) == (digest_a, digest_b)
    expected = (
        int.from_bytes(digest_a, "big") ^ int.from_bytes(digest_b, "big")
    ).bit_count()
    assert result.digest_bits == expected
    assert result.digest_size == 256
    assert result.hash == "sha256"
    # the change sits at the same place of the signing input
    offset = result.input_offset
    assert result.tampered_input[offset : offset + 1] == change.char.encode()


def test_the_digest_follows_the_algorithm_s_hash(keys):
    key = load_secret("s" * 64)
    token = inspect_token(sign_token({"alg": "HS512"}, CLAIMS, key))
    result = tamper(token, Change("header", 3, "A"), KeysInUse(key), now=0)
    assert result.hash == "sha512"
    assert result.digest_size == 512
    assert "SHA-512, the hash HS512 signs" in result.hash_note


def last_char_no_op(token, part: str) -> Change:
    text = parts(token)[part]
    assert len(text) % 4 in (2, 3), "needs a short last group"
    return Change(part, len(text) - 1, suggested_char(text[-1]))


@pytest.mark.parametrize("alg", ["HS256", "ES256"])
def test_the_last_signature_character_may_change_no_byte(alg, keys):
    token = signed(alg, keys)
    change = last_char_no_op(token, "signature")
    result = tamper(token, change, KeysInUse(keys[alg]), now=0)
    assert result.same_bytes
    assert result.decoded_bits == 0
    assert result.text_bits >= 1
    assert result.failed.name == BASE64URL
    assert "RFC 4648 §3.5" in result.failed.message
    assert result.checks[-1].status == PASSED  # the bytes still verify
    notes = " ".join(result.notes)
    assert "carries 2 low bits" in notes or "carries 4 low bits" in notes
    assert "still verifies" in notes
    assert segment_bytes(
        "signature", parts(inspect_token(result.tampered))["signature"]
    ).problem


def test_the_last_payload_character_changes_no_byte_but_the_signing_input(keys):
    token = signed("HS256", keys)
    payload = parts(token)["payload"]
    if len(payload) % 4 not in (2, 3):
        pytest.skip("the payload has no short last group")
    result = tamper(
        token, last_char_no_op(token, "payload"), KeysInUse(keys["HS256"]), now=0
    )
    assert result.same_bytes
    assert result.checks[1].status == PASSED  # the same JSON
    assert result.checks[-1].status == FAILED  # the signing input changed
    assert result.digest_bits > 0
    assert any("not the decoded bytes" in n for n in result.notes)


def test_without_a_key_the_signature_is_not_checked(keys):
    token = signed("RS256", keys)
    result = tamper(token, Change("payload", 3, "A"), KeysInUse(), now=0)
    assert result.checks[-1].status == UNKNOWN
    assert result.checks[-1].message.startswith("No key")
    assert "would reject the copy" in result.checks[-1].message


def test_a_wrong_key_is_said_to_prove_nothing_about_the_change(keys):
    token = signed("HS256", keys)
    wrong = KeysInUse(load_secret("w" * 32))
    result = tamper(token, still_json_change(token), wrong, now=0)
    assert any("does not verify with this key either" in n for n in result.notes)


def test_alg_none_is_never_passed(keys):
    token = inspect_token("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.")
    result = tamper(token, Change("payload", 2, "A"), KeysInUse(keys["HS256"]), now=0)
    assert all(c.status != PASSED for c in result.checks[2:])
    assert result.checks[-1].status == UNKNOWN
    assert "none" in result.checks[-1].message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (Change("payload", 999, "A"), "choose a position from 1 to"),
        (Change("body", 0, "A"), "header, payload or signature"),
        (Change("payload", 0, "e"), "already there"),
        (Change("payload", 0, "."), "split the part"),
        (Change("payload", 0, "é"), "printable ASCII"),
        (Change("payload", 0, "AB"), "exactly one character"),
    ],
    ids=["position", "part", "same", "dot", "non-ascii", "two"],
)
def test_a_change_that_does_not_fit_is_refused_clearly(change, message, keys):
    token = signed("HS256", keys)
    with pytest.raises(UsageError, match=message):
        tamper(token, change, KeysInUse(), now=0)


def test_random_changes_are_changes(keys):
    token = signed("HS256", keys)
    rng = random.Random(7)
    for _ in range(20):
        change = random_change(token, rng)
        text = parts(token)[change.part]
        assert 0 <= change.position < len(text)
        assert change.char != text[change.position]
        assert tamper(token, change, KeysInUse(keys["HS256"]), now=0).failed


def test_tokens_the_lab_does_not_take():
    jwe = inspect_token("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d")
    assert "encrypted" in tamperable(jwe)
    assert tamperable(None)
    with pytest.raises(UsageError):
        random_change(jwe, random.Random(1))


def test_a_plain_jwt_is_taken():
    token = inspect_token(jwt.encode({"a": 1}, SECRET, algorithm="HS256"))
    assert tamperable(token) == ""


def test_eddsa_signs_the_input_itself_so_the_digest_is_an_illustration():
    key = keygen.generate_okp("Ed25519")
    token = inspect_token(sign_token({"alg": "EdDSA"}, CLAIMS, key))
    result = tamper(token, Change("header", 2, "A"), KeysInUse(key), now=0)
    assert result.hash == "sha256"
    assert "EdDSA signs the signing input itself" in result.hash_note
    assert result.failed is not None


def test_es512_s_digest_is_sha_512():
    key = keygen.generate_ec("P-521")
    token = inspect_token(sign_token({"alg": "ES512"}, CLAIMS, key))
    result = tamper(token, Change("header", 2, "A"), KeysInUse(key), now=0)
    assert result.hash == "sha512"
