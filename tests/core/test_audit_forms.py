"""The audit of a JWS or JWE in JSON serialization: each signature (or
recipient) through the one audit, labelled; what they share listed once; the
checks of the form itself (RFC 7515 §7.2.1)."""

from __future__ import annotations

import base64
import json
import pathlib

from jwtinspector.core.audit.forms import audit_input
from jwtinspector.core.forms import read_pasted
from jwtinspector.core.json_serialization import parse_json_serialization
from jwtinspector.core.keys import load_secret
from jwtinspector.core.sign import sign_token
from jwtinspector.core.token import inspect_token

NOW = 1_700_000_000
DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "rfc7520"


def cookbook(name: str) -> dict:
    value = json.loads(next(DATA.glob(f"{name}.*.json")).read_text())
    return value.get("encrypt", value)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def segment(value: object) -> str:
    return b64(json.dumps(value).encode())


def findings(text: str, **options: object) -> list:
    form = parse_json_serialization(text)
    assert form is not None
    return list(audit_input(form, now=NOW, **options))


def test_each_signature_is_audited_and_labelled_and_shared_findings_come_once():
    found = findings(json.dumps(cookbook("4_8")["output"]["json"]))
    titles = [(f.id, f.title) for f in found]

    assert (
        "JWS-UNPROTECTED",
        'Signature #2 (kid "bilbo.baggins@hobbiton.example"): alg "ES512" only '
        "in the unprotected header",
    ) in titles
    alg = [f for f in found if f.claim == "alg" and f.id == "JWS-UNPROTECTED"]
    assert [f.severity for f in alg] == ["medium"]  # only signature 2's is not signed
    # No typ anywhere: said once, with no signature named.
    assert [t for i, t in titles if i == "TYP-MISSING"] == ["No typ in the header"]
    # No protected header is no encoding problem.
    assert "SIG-ENCODING" not in [f.id for f in found]


def test_an_unsigned_signature_among_others_is_named():
    secret = load_secret("audit-forms-secret-32-bytes-long")
    signed = sign_token({"alg": "HS256", "kid": "good"}, {"sub": "a"}, secret)
    head, payload, signature = signed.split(".")
    text = json.dumps(
        {
            "payload": payload,
            "signatures": [
                {"protected": head, "signature": signature},
                {
                    "protected": segment({"alg": "none", "kid": "forged"}),
                    "signature": "",
                },
            ],
        }
    )

    found = findings(text, key=secret)
    alg_none = [f for f in found if f.id == "ALG-NONE"]

    assert len(alg_none) == 1
    assert alg_none[0].title.startswith('Signature #2 (kid "forged"): ')
    assert alg_none[0].blocking


def test_a_flattened_jws_reads_as_its_compact_token():
    value = cookbook("4_8")["output"]["json"]
    first = value["signatures"][0]
    flat = json.dumps({"payload": value["payload"], **first})
    compact = f"{first['protected']}.{value['payload']}.{first['signature']}"

    found = findings(flat)
    plain = audit_input(inspect_token(compact), now=NOW)

    assert not any(f.title.startswith("Signature #") for f in found)
    assert {f.id for f in plain} <= {f.id for f in found}
    assert "JWS-UNPROTECTED" in {f.id for f in found}  # the kid is unprotected


def test_each_jwe_recipient_gets_the_jwe_checks():
    found = findings(json.dumps(cookbook("5_13")["output"]["json"]))

    rsa = [f for f in found if f.id == "JWE-RSA1-5"]
    assert [f.title for f in rsa] == [
        'Recipient #1 (kid "frodo.baggins@hobbiton.example"): RSA1_5 key '
        "encryption (RSAES-PKCS1-v1_5)"
    ]
    assert rsa[0].severity == "high"


def test_a_jwe_with_no_protected_header_is_audited():
    found = findings(json.dumps(cookbook("5_12")["output"]["json"]))

    assert [f.id for f in found] == ["JWE"]  # only the header could be checked


def test_the_nested_token_of_a_json_jwe_is_checked_once():
    unsigned = f"{segment({'alg': 'none'})}.{segment({'sub': 'a'})}."
    text = json.dumps(cookbook("5_13")["output"]["json"])

    found = findings(text, nested=inspect_token(unsigned))

    nested = [f for f in found if f.id == "JWE-NESTED-UNSIGNED"]
    assert [f.title for f in nested] == ["The nested token is unsigned"]


def test_a_compact_token_is_audited_as_before():
    pasted = read_pasted(f"{segment({'alg': 'none'})}.{segment({'sub': 'a'})}.")

    assert "ALG-NONE" in {f.id for f in audit_input(pasted.main, now=NOW)}
