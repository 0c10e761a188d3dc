"""Editing and re-signing a token whose header says b64: false (RFC 7797): the
payload stays unencoded, and the signature covers it as it is."""

from __future__ import annotations

import json

import pytest

from jwtinspector.core.craft import rebuild
from jwtinspector.core.errors import SigningError
from jwtinspector.core.explain import explain
from jwtinspector.core.forms import read_pasted
from jwtinspector.core.keys import load_secret
from jwtinspector.core.sign import resign, sign_token
from jwtinspector.core.token import inspect_token
from jwtinspector.core.verify import SignatureStatus, verify

NOW = 1_700_000_000.0
SECRET = load_secret("an unencoded-payload secret of 32+ bytes!")
HEADER = {"alg": "HS256", "b64": False, "crit": ["b64"]}


def verified(text: str) -> bool:
    token = inspect_token(text)
    return verify(token, SECRET, now=NOW).signature.status is SignatureStatus.VALID


def test_rebuild_keeps_an_unencoded_payload_as_it_is_and_it_verifies() -> None:
    payload_json = b'{"sub": "alice", "note": "no dots here"}'

    result = rebuild(
        HEADER, json.loads(payload_json), SECRET, payload_json=payload_json
    )

    assert result.signed
    _head, body, _ = result.text.split(".")
    assert body == payload_json.decode()  # not base64url
    assert verified(result.text)
    assert inspect_token(result.text).claims == {"sub": "alice", "note": "no dots here"}


def test_rebuild_refuses_an_unencoded_payload_with_a_dot_and_says_why() -> None:
    with pytest.raises(SigningError, match=r"'\.'.*RFC 7797 §5\.2"):
        rebuild(HEADER, {"v": 1.5}, SECRET)


def test_rebuild_with_b64_true_still_encodes_the_payload() -> None:
    result = rebuild({"alg": "HS256"}, {"sub": "a b"}, SECRET)

    assert result.text.split(".")[1] == "eyJzdWIiOiJhIGIifQ"
    assert verified(result.text)


def test_resign_of_an_unencoded_token_with_a_new_payload_keeps_it_unencoded() -> None:
    token = inspect_token(sign_token(HEADER, b"hello world", SECRET, unencoded=True))

    text = resign(token, SECRET, payload=b"hello again")

    assert text.split(".")[1] == "hello again"
    assert verified(text)


def test_resign_with_a_new_algorithm_keeps_the_unencoded_payload() -> None:
    token = inspect_token(
        sign_token(HEADER, b"caf\xc3\xa9 au lait", SECRET, unencoded=True)
    )
    secret = load_secret("an unencoded-payload secret of 48+ bytes, longer than that")

    text = resign(token, secret, alg="HS384")

    assert text.split(".")[1] == "café au lait"
    again = inspect_token(text)
    assert verify(again, secret, now=NOW).signature.status is SignatureStatus.VALID


def test_resign_encodes_the_payload_anew_when_b64_is_switched_on_or_off() -> None:
    plain = inspect_token(sign_token({"alg": "HS256"}, b"abc", SECRET))

    off = resign(plain, SECRET, header=HEADER)
    assert off.split(".")[1] == "abc"
    assert verified(off)
    on = resign(inspect_token(off), SECRET, header={"alg": "HS256"})
    assert on.split(".")[1] == "YWJj"
    assert verified(on)


def test_explain_shows_the_true_signing_input_of_an_unencoded_payload() -> None:
    token = inspect_token(sign_token(HEADER, b"caf\xc3\xa9", SECRET, unencoded=True))

    walkthrough = explain(token, SECRET)
    steps = {step.title: step.body for step in walkthrough}

    body = steps["3. The signing input"]
    head = token.token.split(".")[0]
    assert f"{head}.café" in body
    assert "not encoded" in body
    assert "RFC 7797" in body
    assert "base64url(payload)" not in body
    assert walkthrough[-1].title.endswith("Verification")
    assert "They are the same" in walkthrough[-1].body


def test_the_extractor_keeps_an_unencoded_payload_with_spaces_pasted_alone() -> None:
    text = sign_token(HEADER, b'{"msg": "hello there, world"}', SECRET, unencoded=True)

    pasted = read_pasted(f"  {text}\n")

    assert pasted.token is not None
    assert pasted.token.token == text
    assert pasted.token.claims == {"msg": "hello there, world"}
    assert (
        verify(pasted.token, SECRET, now=NOW).signature.status is SignatureStatus.VALID
    )


def test_rebuild_detached_leaves_the_payload_out_and_it_verifies_with_it() -> None:
    from jwtinspector.core.token import with_payload

    result = rebuild(HEADER, {}, SECRET, payload_json=b"$.02", detached=True)

    _head, body, _ = result.text.split(".")
    assert body == ""
    assert result.detached_payload == b"$.02"
    token = with_payload(inspect_token(result.text), b"$.02")
    assert verify(token, SECRET, now=NOW).signature.status is SignatureStatus.VALID
