"""JWS and JWE in JSON serialization, and unencoded payloads (RFC 7797), with
the RFCs' own examples and keys (RFC 7515 A.6/A.7, RFC 7520 §4 and §5.12-5.13,
RFC 7797 §4)."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jwtinspector.core.errors import InputTooLargeError, TokenFormatError
from jwtinspector.core.json_serialization import (
    JsonJwe,
    JsonJws,
    parse_json_serialization,
)
from jwtinspector.core.keys import KeyMaterial, KeySet, load_key
from jwtinspector.core.pipeline import KeysInUse, signatures_verdict
from jwtinspector.core.sign import sign_token
from jwtinspector.core.token import inspect_token, with_payload
from jwtinspector.core.verify import SignatureStatus, verify

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
RFC = json.loads((DATA / "rfc_json_serialization.json").read_text(encoding="utf-8"))
COOKBOOK = {
    path.name.split(".")[0]: json.loads(path.read_text(encoding="utf-8"))
    for path in sorted((DATA / "rfc7520").glob("*.json"))
}
JWS_EXAMPLES = sorted(name for name in COOKBOOK if name.startswith("4_"))
NOW = 1_700_000_000.0
VALID, INVALID, CANNOT = (
    SignatureStatus.VALID,
    SignatureStatus.INVALID,
    SignatureStatus.CANNOT_CHECK,
)


def key_of(jwk: dict[str, Any]) -> KeyMaterial:
    key = load_key(json.dumps(jwk))
    assert isinstance(key, KeyMaterial)
    return key


def keys_of(example: dict[str, Any]) -> list[KeyMaterial]:
    keys = example["input"]["key"]
    return [key_of(k) for k in (keys if isinstance(keys, list) else [keys])]


def jws(value: Any) -> JsonJws:
    parsed = parse_json_serialization(
        value if isinstance(value, str) else json.dumps(value)
    )
    assert isinstance(parsed, JsonJws)
    return parsed


def status(parsed: JsonJws, key: KeyMaterial | KeySet, index: int = 0) -> Any:
    return verify(parsed.signatures[index].token, key, now=NOW).signature


# --- RFC 7515 Appendix A.6 and A.7 ---------------------------------------------------


def test_rfc7515_a6_general_form_shows_both_signatures_and_verifies_each() -> None:
    example = RFC["rfc7515_a6"]
    parsed = jws(json.dumps(example["json"], indent=2))

    assert not parsed.flattened
    assert parsed.ok
    assert parsed.payload["iss"] == "joe"
    first, second = parsed.signatures
    assert first.protected == {"alg": "RS256"}
    assert first.header == {"kid": "2010-12-29"}
    assert first.joint_header == {"alg": "RS256", "kid": "2010-12-29"}
    assert second.protected_b64 == "eyJhbGciOiJFUzI1NiJ9"
    keys = {kid: key_of(jwk) for kid, jwk in example["keys"].items()}
    assert status(parsed, keys["2010-12-29"], 0).status is VALID
    assert (
        status(parsed, keys["e9bc097a-ce51-4036-9562-d2ade882db0d"], 1).status is VALID
    )


def test_rfc7515_a7_flattened_form_verifies() -> None:
    example = RFC["rfc7515_a7"]
    parsed = jws(example["json"])

    assert parsed.flattened
    (only,) = parsed.signatures
    assert only.joint_header == {
        "alg": "ES256",
        "kid": "e9bc097a-ce51-4036-9562-d2ade882db0d",
    }
    assert status(parsed, key_of(example["key"])).status is VALID


def test_pasted_with_whitespace_around_it_still_reads() -> None:
    text = "\n\t  " + json.dumps(RFC["rfc7515_a7"]["json"], indent=4) + "  \n"

    assert jws(text).signatures[0].alg == "ES256"


# --- RFC 7520 §4: every JWS example in each serialization given ---------------------


def forms(name: str) -> list[str]:
    return [f for f in ("json", "json_flat") if f in COOKBOOK[name]["output"]]


@pytest.mark.parametrize(
    ("name", "form"), [(n, f) for n in JWS_EXAMPLES for f in forms(n)]
)
def test_rfc7520_jws_examples_verify_with_their_keys(name: str, form: str) -> None:
    example = COOKBOOK[name]
    parsed = jws(example["output"][form])
    payload = example["input"]["payload"].encode()
    if parsed.detached:  # §4.5: the content travels apart
        assert status(parsed, keys_of(example)[-1]).status is CANNOT
        parsed = parsed.with_detached_payload(payload)

    assert parsed.payload_bytes == payload
    assert parsed.flattened is (form == "json_flat")
    keyring = KeySet(tuple(keys_of(example)), ())
    if keyring.ambiguity:  # §4.8 signs with a secret beside public keys: one
        # set of them is ambiguous, so each key is given alone.
        results = [
            signatures_verdict(parsed, KeysInUse(key), now=NOW) for key in keyring.keys
        ]
        verified = sorted({i for result in results for i in result.verified})
        assert verified == list(range(len(parsed.signatures)))
        assert all(result.valid for result in results)
        return
    result = signatures_verdict(parsed, KeysInUse(keyring), now=NOW)
    assert result.verified == tuple(range(len(parsed.signatures)))
    assert result.valid


@pytest.mark.parametrize(
    "name", [n for n in JWS_EXAMPLES if "compact" in COOKBOOK[n]["output"]]
)
def test_rfc7520_compact_forms_verify(name: str) -> None:
    example = COOKBOOK[name]
    decoded = inspect_token(example["output"]["compact"])
    if decoded.detached:
        assert verify(decoded, keys_of(example)[0], now=NOW).signature.status is CANNOT
        decoded = with_payload(decoded, example["input"]["payload"].encode())

    assert verify(decoded, keys_of(example)[0], now=NOW).signature.status is VALID


def test_detached_content_says_to_give_the_payload() -> None:
    example = COOKBOOK["4_5"]
    parsed = jws(example["output"]["json"])

    result = status(parsed, keys_of(example)[0])

    assert parsed.detached
    assert parsed.payload_bytes is None
    assert "payload is detached" in result.message
    wrong = parsed.with_detached_payload(b"another payload")
    assert status(wrong, keys_of(example)[0]).status is INVALID


def test_protecting_content_only_has_no_protected_header() -> None:
    # §4.7: alg and kid only in the unprotected header; the signing input
    # starts with the empty protected header.
    example = COOKBOOK["4_7"]
    parsed = jws(example["output"]["json"])
    (only,) = parsed.signatures

    assert only.protected is None
    assert only.protected_b64 == ""
    assert only.unprotected_alg
    assert only.token.signing_input.startswith(b".SXTigJlz")
    result = signatures_verdict(parsed, KeysInUse(keys_of(example)[0]), now=NOW)
    assert result.verified == (0,)
    assert any("unprotected header" in w for w in result.verdicts[0].signature.warnings)


# --- RFC 7520 §4.8: multiple signatures ----------------------------------------------


def test_multiple_signatures_each_with_the_key_that_fits_it() -> None:
    example = COOKBOOK["4_8"]
    parsed = jws(example["output"]["json"])
    rsa, ec, oct_ = keys_of(example)

    assert [s.alg for s in parsed.signatures] == ["RS256", "ES512", "HS256"]
    assert parsed.signatures[1].protected is None
    only_hmac = signatures_verdict(parsed, KeysInUse(oct_), now=NOW)
    assert only_hmac.verified == (2,)
    assert only_hmac.rejected == ()
    assert only_hmac.valid  # the others have no fitting key: not held against it
    assert only_hmac.summary == "1 of 3 signatures verified (#3)."
    statuses = [v.signature.status for v in only_hmac.verdicts]
    assert statuses == [CANNOT, CANNOT, VALID]
    public = signatures_verdict(parsed, KeysInUse(KeySet((rsa, ec), ())), now=NOW)
    assert public.verified == (0, 1)
    # The secret beside the public keys makes one set of all three ambiguous:
    # it verifies none of the signatures, and says why.
    mixed = signatures_verdict(parsed, KeysInUse(KeySet((rsa, ec, oct_), ())), now=NOW)
    assert mixed.verified == ()
    for verdict in mixed.verdicts:
        assert verdict.signature.status is CANNOT
        assert "the key set is ambiguous" in verdict.signature.message


def test_one_tampered_signature_of_several_makes_the_whole_invalid() -> None:
    example = COOKBOOK["4_8"]
    value = json.loads(json.dumps(example["output"]["json"]))
    sig = value["signatures"][1]["signature"]
    value["signatures"][1]["signature"] = ("A" if sig[0] != "A" else "B") + sig[1:]
    parsed = jws(value)
    rsa, ec, _oct = keys_of(example)

    result = signatures_verdict(parsed, KeysInUse(KeySet((rsa, ec), ())), now=NOW)

    assert result.verified == (0,)
    assert result.rejected == (1,)
    assert not result.valid
    assert "invalid: #2" in result.summary


def test_a_tampered_payload_fails_every_signature() -> None:
    example = COOKBOOK["4_8"]
    value = dict(example["output"]["json"])
    value["payload"] = "QUJD" + value["payload"][4:]  # "ABC" for "It’"
    parsed = jws(value)
    rsa, ec, oct_ = keys_of(example)

    public = signatures_verdict(parsed, KeysInUse(KeySet((rsa, ec), ())), now=NOW)
    secret = signatures_verdict(parsed, KeysInUse(oct_), now=NOW)

    assert public.rejected == (0, 1)
    assert secret.rejected == (2,)
    assert not public.valid
    assert not secret.valid


def test_a_wrong_key_of_the_right_type_is_invalid() -> None:
    parsed = jws(COOKBOOK["4_4"]["output"]["json_flat"])
    wrong = load_key(json.dumps({"kty": "oct", "k": "c2VjcmV0" * 6}))
    assert isinstance(wrong, KeyMaterial)

    assert status(parsed, wrong).status is INVALID


def test_alg_none_in_a_json_signature_is_never_verified() -> None:
    value = {"payload": "e30", "protected": "eyJhbGciOiJub25lIn0", "signature": ""}
    parsed = jws(value)
    key = keys_of(COOKBOOK["4_4"])[0]

    result = signatures_verdict(parsed, KeysInUse(key), now=NOW)

    assert result.verified == ()
    assert not result.valid
    assert "unsigned" in result.verdicts[0].signature.message


# --- RFC 7797: unencoded payloads ----------------------------------------------------


def rfc7797_key() -> KeyMaterial:
    return key_of(RFC["rfc7797_4_1"]["key"])


def test_rfc7797_4_1_b64_true_reference() -> None:
    example = RFC["rfc7797_4_1"]
    decoded = inspect_token(example["compact"])

    assert decoded.payload_bytes == b"$.02"
    assert verify(decoded, rfc7797_key(), now=NOW).signature.status is VALID
    assert status(jws(example["flattened_json"]), rfc7797_key()).status is VALID


def test_rfc7797_4_2_flattened_json_shows_and_verifies_the_raw_payload() -> None:
    example = RFC["rfc7797_4_2"]
    parsed = jws(example["flattened_json"])

    assert parsed.unencoded
    assert parsed.payload_bytes == b"$.02"
    token = parsed.signatures[0].token
    assert (
        token.signing_input
        == example["flattened_json"]["protected"].encode() + b".$.02"
    )
    assert status(parsed, rfc7797_key()).status is VALID


def test_rfc7797_4_2_compact_detached_verifies_with_its_payload() -> None:
    example = RFC["rfc7797_4_2"]
    decoded = inspect_token(example["compact"])

    assert decoded.unencoded
    assert decoded.detached
    given = with_payload(decoded, b"$.02")
    assert given.payload_bytes == b"$.02"
    assert verify(given, rfc7797_key(), now=NOW).signature.status is VALID
    wrong = with_payload(decoded, b"$.03")
    assert verify(wrong, rfc7797_key(), now=NOW).signature.status is INVALID


def test_b64_false_without_crit_is_refused_naming_rfc7797_section_6() -> None:
    # The protected header of draft versions of the RFC 7797 example, which
    # did not list b64 in crit: {"alg":"HS256","b64":false}.
    value = {
        "payload": "$.02",
        "protected": "eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2V9",
        "signature": "GsyM6AQJbQHY8aQKCbZSPJHzMRWo3HKIlcDuXof7nqs",
    }

    result = status(jws(value), rfc7797_key())

    assert result.status is CANNOT
    assert "RFC 7797 §6" in result.message


def test_compact_unencoded_payload_is_shown_raw() -> None:
    key = rfc7797_key()
    token = sign_token({"alg": "HS256"}, b"hello$02", key, unencoded=True)
    decoded = inspect_token(token)

    assert token.split(".")[1] == "hello$02"
    assert decoded.header == {"alg": "HS256", "b64": False, "crit": ["b64"]}
    assert decoded.payload_bytes == b"hello$02"
    assert decoded.ok
    assert verify(decoded, key, now=NOW).signature.status is VALID


def test_crafting_a_detached_unencoded_token_matches_the_rfc() -> None:
    example = RFC["rfc7797_4_2"]
    token = sign_token(
        {"alg": "HS256"}, b"$.02", rfc7797_key(), unencoded=True, detached=True
    )

    assert token == example["compact"]


def test_an_unencoded_payload_with_a_dot_must_be_detached() -> None:
    from jwtinspector.core.errors import SigningError

    with pytest.raises(SigningError, match=r"RFC 7797 §5\.2"):
        sign_token({"alg": "HS256"}, b"$.02", rfc7797_key(), unencoded=True)


def test_crafting_a_detached_token_leaves_the_payload_out() -> None:
    example = COOKBOOK["4_5"]
    header = {"alg": "HS256", "kid": "018c0ae5-4d9b-471b-bfd6-eef314bc7037"}
    token = sign_token(
        header, example["input"]["payload"].encode(), keys_of(example)[0], detached=True
    )

    assert token == example["output"]["compact"]


def test_b64_must_be_protected_and_agree_across_signatures() -> None:
    value = {
        "payload": "$.02",
        "signatures": [
            {
                "protected": RFC["rfc7797_4_2"]["flattened_json"]["protected"],
                "signature": "AA",
            },
            {
                "protected": "eyJhbGciOiJIUzI1NiJ9",
                "header": {"b64": False},
                "signature": "AA",
            },
        ],
    }

    parsed = jws(value)

    messages = [e.message for e in parsed.errors]
    assert any("signatures[1].header" in m and "RFC 7797 §3" in m for m in messages)
    assert any("disagree on b64" in m for m in messages)
    assert status(parsed, rfc7797_key(), 1).status is CANNOT


# --- JWE in JSON serialization: structure before decryption -------------------------


def test_rfc7520_5_13_general_jwe_lists_every_recipient() -> None:
    example = COOKBOOK["5_13"]
    parsed = parse_json_serialization(json.dumps(example["output"]["json"]))

    assert isinstance(parsed, JsonJwe)
    assert parsed.ok
    assert [r.header["alg"] for r in parsed.recipients if r.header] == [
        "RSA1_5",
        "ECDH-ES+A256KW",
        "A256GCMKW",
    ]
    assert parsed.protected == {"enc": "A128CBC-HS256"}
    assert parsed.unprotected == {"cty": "text/plain"}
    assert all(r.encrypted_key for r in parsed.recipients)
    assert parsed.iv
    assert parsed.ciphertext
    assert parsed.tag
    joint = parsed.joint_header(parsed.recipients[2])
    assert joint["enc"] == "A128CBC-HS256"
    assert joint["alg"] == "A256GCMKW"


def test_rfc7520_5_12_flattened_jwe_with_only_an_unprotected_header() -> None:
    example = COOKBOOK["5_12"]
    parsed = parse_json_serialization(json.dumps(example["output"]["json_flat"]))

    assert isinstance(parsed, JsonJwe)
    assert parsed.flattened
    assert parsed.protected is None
    assert parsed.unprotected
    assert parsed.unprotected["alg"] == "A128KW"
    (recipient,) = parsed.recipients
    assert recipient.encrypted_key


# --- problems, named with where they are --------------------------------------------


def test_broken_json_names_line_and_column() -> None:
    with pytest.raises(TokenFormatError) as caught:
        parse_json_serialization('{\n  "payload": "e30",\n  "signatures": [,]\n}')

    assert "line 3, column 18" in caught.value.message


def test_bad_base64url_in_one_signature_names_it() -> None:
    value = json.loads(json.dumps(COOKBOOK["4_8"]["output"]["json"]))
    value["signatures"][1]["signature"] = "not+base64url"

    parsed = jws(value)

    assert any(e.segment == "signatures[1].signature" for e in parsed.errors)
    assert parsed.signatures[0].errors == ()
    assert parsed.signatures[1].token.errors
    key = KeySet(tuple(keys_of(COOKBOOK["4_8"])[:2]), ())  # RSA and EC
    assert status(parsed, key, 1).status is CANNOT
    assert "signatures[1]" in status(parsed, key, 1).message
    assert status(parsed, key, 0).status is VALID


def test_a_missing_signature_member_and_a_bad_header_are_named() -> None:
    value = {
        "payload": "e30",
        "signatures": [{"protected": "eyJhbGciOiJIUzI1NiJ9", "header": "x"}],
    }

    messages = [e.message for e in jws(value).errors]

    assert any("signatures[0].signature" in m and "missing" in m for m in messages)
    assert any("signatures[0].header" in m and "JSON object" in m for m in messages)


def test_other_json_is_not_a_serialization() -> None:
    assert parse_json_serialization('{"access_token": "abc"}') is None
    assert parse_json_serialization("eyJhbGciOiJIUzI1NiJ9.e30.AA") is None


def test_the_input_limit_applies() -> None:
    with pytest.raises(InputTooLargeError):
        parse_json_serialization("{" + " " * 2048 + "}", max_size=1024)


# --- properties ----------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(payload=st.binary(max_size=200), unencoded=st.booleans())
def test_any_detached_payload_verifies_only_unchanged(
    payload: bytes, unencoded: bool
) -> None:
    key = rfc7797_key()
    token = sign_token(
        {"alg": "HS256"}, payload, key, unencoded=unencoded, detached=True
    )
    decoded = inspect_token(token)

    assert decoded.detached
    right = verify(with_payload(decoded, payload), key, now=NOW).signature
    changed = verify(with_payload(decoded, payload + b"!"), key, now=NOW).signature
    assert right.status in (VALID, CANNOT)  # CANNOT: a payload that is bad JSON
    # Changed, it never verifies (a JSON payload such as {} turned into {}!
    # is no longer JSON, so its claims cannot be checked either).
    assert changed.status is not VALID
    if right.status is VALID and changed.status is not CANNOT:
        assert changed.status is INVALID


@settings(max_examples=200, deadline=None)
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "payload",
                        "signatures",
                        "signature",
                        "protected",
                        "header",
                        "ciphertext",
                        "recipients",
                        "encrypted_key",
                        "iv",
                        "tag",
                        "aad",
                    ]
                ),
                inner,
                max_size=5,
            )
        ),
        max_leaves=12,
    )
)
def test_any_json_object_reads_without_an_unexpected_exception(value: Any) -> None:
    text = json.dumps({"payload": "e30", **value} if isinstance(value, dict) else value)
    try:
        parsed = parse_json_serialization(text)
    except TokenFormatError:
        return
    if isinstance(parsed, JsonJws):
        for signature in parsed.signatures:
            verify(signature.token, rfc7797_key(), now=NOW)


def test_a_payload_problem_stops_every_signature_with_its_reason() -> None:
    value = dict(COOKBOOK["4_8"]["output"]["json"])
    value["payload"] = value["payload"][:-1] + "l"  # unused bits set

    parsed = jws(value)
    rsa, ec, oct_ = keys_of(COOKBOOK["4_8"])

    assert parsed.errors[0].segment == "payload"
    for index, key in enumerate((rsa, ec, oct_)):
        result = status(parsed, key, index)
        assert result.status is CANNOT
        assert "missing or changed in the payload" in result.message
