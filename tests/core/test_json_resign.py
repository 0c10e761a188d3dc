"""Re-signing a JWS in JSON serialization after its payload changed (RFC 7515
§7.2 with the keys of Appendix A.6; RFC 7797 §4.2 for an unencoded payload)."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest

from jwtinspector.core.errors import SigningError
from jwtinspector.core.json_resign import resign_payload
from jwtinspector.core.json_serialization import JsonJws, parse_json_serialization
from jwtinspector.core.keys import KeyMaterial, load_key
from jwtinspector.core.pipeline import KeysInUse, signatures_verdict

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
RFC = json.loads((DATA / "rfc_json_serialization.json").read_text(encoding="utf-8"))
NOW = 1_000_000_000.0


def jws(value: Any) -> JsonJws:
    parsed = parse_json_serialization(
        value if isinstance(value, str) else json.dumps(value)
    )
    assert isinstance(parsed, JsonJws)
    return parsed


def a6_keys() -> Any:
    keys = RFC["rfc7515_a6"]["keys"]
    return load_key(
        json.dumps({"keys": [dict(jwk, kid=kid) for kid, jwk in keys.items()]})
    )


def test_every_signature_a_key_fits_is_signed_again_over_the_new_payload() -> None:
    before = jws(RFC["rfc7515_a6"]["json"])

    result = resign_payload(before, b'{"iss":"mallory"}', a6_keys())

    after = jws(result.text)
    assert result.unsigned == ()
    assert after.payload == {"iss": "mallory"}
    assert [s.header for s in after.signatures] == [s.header for s in before.signatures]
    verdicts = signatures_verdict(after, KeysInUse(a6_keys()), now=NOW)
    assert verdicts.verified == (0, 1)


def test_a_signature_no_key_fits_keeps_its_old_one_and_says_why() -> None:
    before = jws(RFC["rfc7515_a6"]["json"])
    rsa = load_key(json.dumps(RFC["rfc7515_a6"]["keys"]["2010-12-29"]))
    assert isinstance(rsa, KeyMaterial)

    result = resign_payload(before, b'{"iss":"mallory"}', rsa)

    after = jws(result.text)
    assert [i for i, _ in result.unsigned] == [1]
    assert "signature #2: ES256 needs" in result.reason
    assert after.signatures[1].signature == before.signatures[1].signature
    verdicts = signatures_verdict(after, KeysInUse(rsa), now=NOW)
    assert verdicts.verified == (0,)


def test_an_unencoded_flattened_payload_stays_unencoded() -> None:
    example = RFC["rfc7797_4_2"]
    key = load_key(json.dumps(example["key"]))

    result = resign_payload(jws(example["flattened_json"]), b"$.03", key)

    value = json.loads(result.text)
    assert value["payload"] == "$.03"
    assert value["protected"] == example["flattened_json"]["protected"]
    verdicts = signatures_verdict(jws(result.text), KeysInUse(key), now=NOW)
    assert verdicts.valid


def test_an_unencoded_payload_that_is_not_text_is_refused() -> None:
    example = RFC["rfc7797_4_2"]
    key = load_key(json.dumps(example["key"]))

    with pytest.raises(SigningError, match="UTF-8"):
        resign_payload(jws(example["flattened_json"]), b"\xff\xfe", key)
