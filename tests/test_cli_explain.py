"""decode --json's explain object and decode --explain: what each member means."""

from __future__ import annotations

import base64
import json

import jwt
from cli_process import run_cli

KINDS = {"registered", "vendor", "public", "private"}
ENTRA = "https://login.microsoftonline.com/72f988bf/v2.0"


def _b64(value: object) -> str:
    raw = json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _explain(token: str) -> dict:
    result = run_cli("decode", token, "--json")
    return json.loads(result.stdout)["explain"]


def test_explain_has_one_entry_per_member_even_for_an_unsigned_expired_token() -> None:
    header = {"alg": "none", "typ": "JWT", "x-odd": 1}
    payload = {
        "iss": ENTRA,
        "exp": 1,
        "tid": "72f988bf",
        "https://example.com/role": "admin",
        "team": "blue",
        "team ": "duplicate-looking",
    }
    explained = _explain(f"{_b64(header)}.{_b64(payload)}.")

    assert set(explained) == {"header", "payload"}
    assert [e["name"] for e in explained["header"]] == list(header)
    assert [e["name"] for e in explained["payload"]] == list(payload)
    for entry in explained["header"] + explained["payload"]:
        assert {"name", "kind", "meaning", "source"} <= set(entry)
        assert entry["kind"] in KINDS
    by_name = {e["name"]: e for e in explained["payload"]}
    assert by_name["exp"]["kind"] == "registered"
    assert by_name["exp"]["source"] == "RFC 7519 §4.1.4"
    assert by_name["tid"]["kind"] == "vendor"
    assert by_name["tid"]["vendor"] == "Microsoft Entra ID"
    assert by_name["https://example.com/role"]["kind"] == "public"
    assert by_name["team"] == {
        "name": "team",
        "kind": "private",
        "meaning": "",
        "source": "",
        "url": "",
    }
    assert "vendor" not in by_name["exp"]
    assert explained["header"][2]["kind"] == "private"


def test_explain_of_a_payload_that_is_not_an_object_is_empty() -> None:
    token = f"{_b64({'alg': 'HS256'})}.{_b64([1, 2])}.c2ln"
    explained = _explain(token)

    assert explained["payload"] == []
    assert explained["header"][0]["name"] == "alg"


def test_decode_explain_prints_each_meaning_and_its_kind() -> None:
    token = jwt.encode(
        {"sub": "alice", "htm": "POST", "htu": "https://api.example/x", "nonce": "n"},
        "k" * 32,
        headers={"typ": "dpop+jwt"},
    )
    result = run_cli("decode", token, "--explain", "--color", "never")

    assert result.returncode == 0
    out = result.stdout
    assert "What the header means" in out
    assert "What the payload means" in out
    assert "  sub (registered)" in out
    assert "In a DPoP proof: a value the server supplied" in out
    assert "Source: RFC 9449 §8 https://www.rfc-editor.org/rfc/rfc9449#section-8" in out
    assert "What the payload means" not in run_cli("decode", token).stdout


def test_explain_of_a_json_serialization_uses_the_first_signature_s_header() -> None:
    token = json.dumps(
        {
            "protected": _b64({"alg": "HS256"}),
            "header": {"kid": "k1"},
            "payload": _b64({"iss": "https://accounts.google.com", "hd": "a.example"}),
            "signature": "c2ln",
        }
    )
    explained = _explain(token)

    assert sorted(e["name"] for e in explained["header"]) == ["alg", "kid"]
    hd = explained["payload"][1]
    assert hd["vendor"] == "Google"
    assert hd["kind"] == "vendor"
    assert hd["url"].startswith("https://developers.google.com/")
