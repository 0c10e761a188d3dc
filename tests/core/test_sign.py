"""Tests for making and re-signing tokens."""

from __future__ import annotations

import json
from typing import Any

import jwt
import pytest
from strict_decoding import parse_token

from jwtinspector.core import keygen
from jwtinspector.core.errors import SigningError
from jwtinspector.core.keys import KeyMaterial, load_secret, public_of
from jwtinspector.core.sign import (
    b64url,
    compact_json,
    needed_key,
    resign,
    sign_segments,
    sign_token,
    with_alg,
)
from jwtinspector.core.token import inspect_token
from jwtinspector.core.verify import SignatureStatus, check_signature

# RFC 7515 A.1: header and payload JSON with CRLF line breaks and spaces.
RFC_A1 = (
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
)
RFC_A1_SECRET = (
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T"
    "-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"
)


@pytest.fixture(scope="module")
def secret() -> KeyMaterial:
    return keygen.generate_secret("HS256")


@pytest.fixture(scope="module")
def rsa_key() -> KeyMaterial:
    return keygen.generate_rsa(2048)


@pytest.fixture(scope="module")
def ec_key() -> KeyMaterial:
    return keygen.generate_ec("P-256")


def _segments(token: str) -> tuple[bytes, bytes]:
    decoded = parse_token(token)
    assert decoded.segments[0].data is not None
    assert decoded.payload_bytes is not None
    return decoded.segments[0].data, decoded.payload_bytes


def _valid(token: str, key: KeyMaterial) -> bool:
    return check_signature(inspect_token(token), key).status is SignatureStatus.VALID


# --- sign_token ------------------------------------------------------------------


def test_claim_order_is_kept(secret: KeyMaterial) -> None:
    claims = {"z": 1, "sub": "alice", "a": [3, 2, 1], "m": {"y": 1, "b": 2}, "exp": 9}

    token = sign_token({"alg": "HS256"}, claims, secret)

    _, payload = _segments(token)
    assert list(json.loads(payload)) == ["z", "sub", "a", "m", "exp"]
    assert list(json.loads(payload)["m"]) == ["y", "b"]
    assert payload == b'{"z":1,"sub":"alice","a":[3,2,1],"m":{"y":1,"b":2},"exp":9}'


def test_custom_header_fields_are_kept_in_order(secret: KeyMaterial) -> None:
    header = {
        "typ": "JWT",
        "kid": "key-1",
        "cty": "JWT",
        "alg": "HS256",
        "x-custom": [1],
    }

    token = sign_token(header, {"sub": "x"}, secret)

    head, _ = _segments(token)
    assert json.loads(head) == header
    assert list(json.loads(head)) == ["typ", "kid", "cty", "alg", "x-custom"]
    assert _valid(token, secret)


def test_alg_argument_replaces_the_header_alg_in_place(rsa_key: KeyMaterial) -> None:
    token = sign_token(
        {"kid": "k", "alg": "HS256", "typ": "JWT"}, {}, rsa_key, alg="PS384"
    )

    head, _ = _segments(token)
    assert list(json.loads(head).items()) == [
        ("kid", "k"),
        ("alg", "PS384"),
        ("typ", "JWT"),
    ]
    assert _valid(token, rsa_key)


def test_alg_is_put_first_when_the_header_has_none(secret: KeyMaterial) -> None:
    token = sign_token({"typ": "JWT"}, {}, secret, alg="HS256")

    head, _ = _segments(token)
    assert list(json.loads(head)) == ["alg", "typ"]
    assert with_alg({"typ": "JWT"}, "HS256") == {"alg": "HS256", "typ": "JWT"}


def test_non_ascii_claims_are_utf8_not_escaped(secret: KeyMaterial) -> None:
    token = sign_token({"alg": "HS256"}, {"name": "Zoë 🙂"}, secret)

    _, payload = _segments(token)
    assert payload == '{"name":"Zoë 🙂"}'.encode()
    assert jwt.decode(token, secret.verification_key(), algorithms=["HS256"]) == {
        "name": "Zoë 🙂"
    }


def test_raw_payload_bytes_are_signed_as_given(ec_key: KeyMaterial) -> None:
    token = sign_token({"alg": "ES256"}, b"not json at all", ec_key)

    decoded = inspect_token(token)
    assert decoded.payload_bytes == b"not json at all"
    assert decoded.payload is None
    assert _valid(token, ec_key)


def test_header_without_alg_and_no_alg_argument_is_refused(secret: KeyMaterial) -> None:
    with pytest.raises(SigningError, match="algorithm"):
        sign_token({"typ": "JWT"}, {}, secret)


def test_unsupported_algorithm_is_refused(secret: KeyMaterial) -> None:
    with pytest.raises(SigningError, match="HS1"):
        sign_token({"alg": "HS1"}, {}, secret)


def test_value_that_is_not_json_is_a_signing_error(secret: KeyMaterial) -> None:
    with pytest.raises(SigningError, match="JSON"):
        sign_token({"alg": "HS256"}, {"when": object()}, secret)
    with pytest.raises(SigningError, match="JSON"):
        compact_json({"x": {1, 2}})


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_nan_and_infinity_are_refused_not_written(
    value: float, secret: KeyMaterial
) -> None:
    # json.dumps writes NaN/Infinity by default, which is not JSON (RFC 8259 §6).
    with pytest.raises(SigningError, match="JSON"):
        sign_token({"alg": "HS256"}, {"exp": value}, secret)


@pytest.mark.parametrize(
    ("alg", "key_name"),
    [
        ("RS256", "secret"),
        ("HS256", "rsa_key"),
        ("ES384", "ec_key"),
        ("EdDSA", "rsa_key"),
    ],
)
def test_key_that_does_not_fit_the_algorithm_is_refused(
    alg: str, key_name: str, request: pytest.FixtureRequest
) -> None:
    key = request.getfixturevalue(key_name)

    with pytest.raises(SigningError) as caught:
        sign_token({"alg": alg}, {}, key)

    assert needed_key(alg) in str(caught.value)


def test_short_hmac_secret_signs_without_a_python_warning() -> None:
    short = load_secret("abcde")

    token = sign_token(
        {"alg": "HS256"}, {"sub": "x"}, short
    )  # warnings are errors here

    assert _valid(token, short)


# --- alg none ---------------------------------------------------------------------


@pytest.mark.parametrize("alg", ["none", "None", "NONE"])
def test_alg_none_needs_explicit_request(alg: str, secret: KeyMaterial) -> None:
    with pytest.raises(SigningError, match="explicit"):
        sign_token({"alg": alg}, {"sub": "x"}, None)
    with pytest.raises(SigningError, match="explicit"):
        sign_token({"alg": "HS256"}, {"sub": "x"}, secret, alg=alg)


def test_alg_none_with_allow_none_is_unsigned_and_never_verified(
    secret: KeyMaterial,
) -> None:
    token = sign_token(
        {"alg": "none", "typ": "JWT"}, {"sub": "x"}, None, allow_none=True
    )

    assert token.endswith(".")
    decoded = inspect_token(token)
    assert decoded.signature == b""
    assert decoded.header == {"alg": "none", "typ": "JWT"}
    for key in (secret, None):
        assert check_signature(decoded, key).status is SignatureStatus.CANNOT_CHECK


def test_resign_to_none_needs_explicit_request(secret: KeyMaterial) -> None:
    token = inspect_token(sign_token({"alg": "HS256"}, {"sub": "x"}, secret))

    with pytest.raises(SigningError):
        resign(token, None, alg="none")
    unsigned = resign(token, None, alg="none", allow_none=True)

    assert unsigned.endswith(".")
    assert inspect_token(unsigned).alg == "none"


# --- sign_segments ------------------------------------------------------------------


def test_sign_segments_keeps_exact_bytes(secret: KeyMaterial) -> None:
    header = b'{ "alg" : "HS256",\r\n  "typ":"JWT" }\n'
    payload = b'{\n\t"sub": "alice" ,  "n":1.50\n}   '

    token = sign_segments(header, payload, secret, "HS256")

    assert _segments(token) == (header, payload)
    assert token.split(".")[:2] == [b64url(header), b64url(payload)]
    assert _valid(token, secret)
    assert jwt.decode(token, secret.verification_key(), algorithms=["HS256"]) == {
        "sub": "alice",
        "n": 1.5,
    }


def test_sign_segments_reproduces_the_rfc_a1_signature() -> None:
    decoded = parse_token(RFC_A1)
    secret = load_secret(RFC_A1_SECRET, "base64url")
    head, payload = _segments(RFC_A1)

    assert sign_segments(head, payload, secret, "HS256") == RFC_A1
    assert decoded.signature is not None


# --- resign ---------------------------------------------------------------------------


def _changed_payload(token: str) -> dict[str, Any]:
    claims = parse_token(token).claims
    assert claims is not None
    return {**claims, "iss": "mallory"}


def test_resign_after_payload_change_keeps_header_segment() -> None:
    secret = load_secret(RFC_A1_SECRET, "base64url")
    original = parse_token(RFC_A1)

    token = resign(original, secret, payload=_changed_payload(RFC_A1))

    assert token.split(".")[0] == RFC_A1.split(".")[0]  # CRLF header kept byte for byte
    assert parse_token(token).claims == _changed_payload(RFC_A1)
    assert _valid(token, secret)


def test_resign_with_an_unchanged_header_given_keeps_header_segment() -> None:
    secret = load_secret(RFC_A1_SECRET, "base64url")
    original = parse_token(RFC_A1)
    assert original.header is not None

    token = resign(
        original,
        secret,
        header=dict(original.header),
        payload=_changed_payload(RFC_A1),
        alg="HS256",
    )

    assert token.split(".")[0] == RFC_A1.split(".")[0]
    assert _valid(token, secret)


def test_resign_with_reordered_header_writes_a_new_segment() -> None:
    secret = load_secret(RFC_A1_SECRET, "base64url")

    token = resign(parse_token(RFC_A1), secret, header={"alg": "HS256", "typ": "JWT"})

    head, _ = _segments(token)
    assert head == b'{"alg":"HS256","typ":"JWT"}'
    assert _valid(token, secret)


def test_resign_with_nothing_changed_keeps_segments_and_signature() -> None:
    secret = load_secret(RFC_A1_SECRET, "base64url")

    assert resign(parse_token(RFC_A1), secret) == RFC_A1


def test_resign_keeps_the_payload_segment_when_only_the_header_changes(
    rsa_key: KeyMaterial,
) -> None:
    original = parse_token(RFC_A1)

    token = resign(original, rsa_key, alg="RS256")

    assert token.split(".")[1] == RFC_A1.split(".")[1]
    head, _ = _segments(token)
    assert json.loads(head) == {"typ": "JWT", "alg": "RS256"}
    assert _valid(token, rsa_key)


def test_resign_with_a_new_header(secret: KeyMaterial) -> None:
    original = parse_token(sign_token({"alg": "HS256"}, {"sub": "x"}, secret))

    token = resign(original, secret, header={"alg": "HS256", "kid": "new"})

    assert parse_token(token).header == {"alg": "HS256", "kid": "new"}
    assert token.split(".")[1] == original.segments[1].text
    assert _valid(token, secret)


@pytest.mark.parametrize(
    ("alg", "key_name"), [("RS256", "rsa_key"), ("ES256", "ec_key")]
)
def test_resign_with_a_public_key_says_a_private_key_is_needed(
    alg: str, key_name: str, request: pytest.FixtureRequest
) -> None:
    key: KeyMaterial = request.getfixturevalue(key_name)
    original = parse_token(sign_token({"alg": alg}, {"sub": "x"}, key))

    with pytest.raises(SigningError) as caught:
        resign(original, public_of(key), payload={"sub": "y"})

    message = str(caught.value)
    assert "private key" in message
    assert "public key" in message


@pytest.mark.parametrize(
    ("alg", "key_name"),
    [("HS256", "secret"), ("RS256", "rsa_key"), ("ES256", "ec_key")],
)
def test_resign_without_a_key_says_which_key_is_needed(
    alg: str, key_name: str, request: pytest.FixtureRequest
) -> None:
    key: KeyMaterial = request.getfixturevalue(key_name)
    original = parse_token(sign_token({"alg": alg}, {"sub": "x"}, key))

    with pytest.raises(SigningError) as caught:
        resign(original, None, payload={"sub": "y"})

    assert needed_key(alg) in str(caught.value)
    assert "no key" in str(caught.value)


def test_needed_key_wording() -> None:
    assert needed_key("HS256") == "a shared secret (at least 32 bytes)"
    assert needed_key("HS512") == "a shared secret (at least 64 bytes)"
    assert needed_key("PS256") == "an RSA private key"
    assert needed_key("ES512") == "an EC P-521 private key"
    assert needed_key("EdDSA") == "an Ed25519 or Ed448 private key"


def test_resign_of_undecodable_header_is_refused(secret: KeyMaterial) -> None:
    broken = inspect_token("e30x." + b64url(b'{"sub":"x"}') + ".c2ln")
    assert broken.header is None

    with pytest.raises(SigningError, match="header"):
        resign(broken, secret)
    fixed = resign(broken, secret, header={"alg": "HS256"})

    assert _valid(fixed, secret)


# --- rebuilding edited tokens (core.craft) -------------------------------------


def test_unterminated_string_error_names_the_place_once() -> None:
    from jwtinspector.core.craft import JsonEditError, parse_object

    with pytest.raises(JsonEditError) as caught:
        parse_object('{"sub": "ali', "payload")

    assert str(caught.value) == (
        "payload: Unterminated string starting at line 1, column 9"
    )
    assert " at at " not in str(caught.value)


def test_other_json_errors_still_say_at() -> None:
    from jwtinspector.core.craft import JsonEditError, parse_object

    with pytest.raises(JsonEditError, match="Expecting value at line 1, column 9"):
        parse_object('{"sub": }', "payload")


def test_a_public_key_reason_says_what_is_missing_once(
    rsa_key: KeyMaterial,
) -> None:
    from jwtinspector.core.craft import rebuild, stale_banner

    result = rebuild({"alg": "RS256"}, {"sub": "a"}, public_of(rsa_key))
    title, body = stale_banner(result.reason)

    assert not result.signed
    assert title == "Signature is stale: add the secret or private key to re-sign"
    assert f"{title} {body}".count("secret or private key") == 1
    assert "private key" in result.reason


def test_a_key_of_the_wrong_type_names_the_type_needed(secret: KeyMaterial) -> None:
    from jwtinspector.core.craft import rebuild, stale_banner

    result = rebuild({"alg": "ES384"}, {"sub": "a"}, secret)
    title, body = stale_banner(result.reason)

    assert title == "Signature is stale: ES384 needs an EC P-384 private key"
    assert "HMAC secret" in body
    assert "add the secret or private key" not in f"{title} {body}"


def test_alg_none_is_called_unsigned_not_stale(secret: KeyMaterial) -> None:
    from jwtinspector.core.craft import rebuild, stale_banner

    result = rebuild({"alg": "none"}, {"sub": "a"}, secret)
    title, body = stale_banner(result.reason)

    assert result.text.endswith(".")
    assert title == "Unsigned token (alg none)"
    assert "add the secret" not in f"{title} {body}"


def test_a_key_set_with_one_signing_key_signs(ec_key: KeyMaterial) -> None:
    from jwtinspector.core.craft import rebuild
    from jwtinspector.core.keys import KeySet

    keyset = KeySet(keys=(public_of(keygen.generate_rsa(2048)), ec_key), skipped=())

    result = rebuild({"alg": "ES256"}, {"sub": "a"}, keyset)

    assert result.signed
    public = public_of(ec_key).verification_key()
    assert jwt.decode(result.text, public, algorithms=["ES256"]) == {"sub": "a"}


def test_a_key_set_with_two_signing_keys_picks_by_kid() -> None:
    import dataclasses

    from jwtinspector.core.craft import rebuild, stale_banner
    from jwtinspector.core.keys import KeySet

    first = dataclasses.replace(keygen.generate_ec("P-256"), kid="a")
    second = dataclasses.replace(keygen.generate_ec("P-256"), kid="b")
    keyset = KeySet(keys=(first, second), skipped=())

    unsure = rebuild({"alg": "ES256"}, {"sub": "x"}, keyset)
    chosen = rebuild({"alg": "ES256", "kid": "b"}, {"sub": "x"}, keyset)

    assert not unsure.signed
    assert stale_banner(unsure.reason)[0] == (
        "Signature is stale: choose the key that signs"
    )
    assert chosen.signed
    public = second.verification_key()
    assert jwt.decode(chosen.text, public, algorithms=["ES256"]) == {"sub": "x"}


def test_a_key_set_without_a_private_key_cannot_sign(ec_key: KeyMaterial) -> None:
    from jwtinspector.core.craft import rebuild
    from jwtinspector.core.keys import KeySet

    keyset = KeySet(keys=(public_of(ec_key),), skipped=())

    result = rebuild({"alg": "ES256"}, {"sub": "a"}, keyset)

    assert not result.signed
    assert result.reason == "the key set holds no secret or private key for ES256"
