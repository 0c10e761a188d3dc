"""RFC 9901's own examples beyond §5: §6.3 (recursive disclosures),
Appendix A.2 (complex structured SD-JWT), A.3 (SD-JWT VC with a Key Binding
JWT), A.4 (W3C VC Data Model v2.0), A.5 (the example key) and §8 (JSON
serialization).

Every digest below is the one the document prints; every issuer JWT verifies
with the RFC's example issuer key, and the processed payloads are the
document's. The §6.3 and A.4 values come from draft -22 of the RFC (see the
data file's ``_source``); §6.3 prints no signed JWT, so its payload is signed
here with the Appendix A.5 private key.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from jwtinspector.core.json_serialization import JsonJws, parse_json_serialization
from jwtinspector.core.keys import KeyMaterial, load_key, public_of, to_jwk
from jwtinspector.core.pipeline import KeysInUse, signatures_verdict, verdict
from jwtinspector.core.sdjwt import ProblemKind, parse_sd_jwt, read_sd_jwt
from jwtinspector.core.sdjwt.craft import present
from jwtinspector.core.sdjwt.keybinding import (
    KeyBindingOptions,
    check_key_binding,
    expected_sd_hash,
    holder_key,
    sd_jwt_verdict,
)
from jwtinspector.core.sign import sign_segments
from jwtinspector.core.verify import SignatureStatus

RFC = json.loads(
    (Path(__file__).parent.parent / "data" / "rfc9901_examples.json").read_text("utf-8")
)
ISSUER_KEY = load_key(json.dumps(RFC["issuer_public_jwk"]))
A2_ISSUED = "~".join(
    [RFC["appendix_a_2_issuer_jwt"], *RFC["appendix_a_2_disclosures"], ""]
)
A2_PRESENTATION = RFC["appendix_a_2_presentation"]
A3_ISSUANCE = RFC["appendix_a_3_issuance"]
A3_PRESENTATION = RFC["appendix_a_3_presentation"]
A3_KB = RFC["appendix_a_3_kb_payload"]
A3_NOW = A3_KB["iat"] + 30
NONCE = "1234567890"
VERIFIER = "https://verifier.example.org"


def parsed(text: str) -> Any:
    sd = parse_sd_jwt(text)
    assert sd is not None
    return sd


def label(disclosure: Any) -> str:
    """The key the data file uses: the claim's place, without ``$.``."""
    where = disclosure.matched.removesuffix("._sd")
    if disclosure.name is not None:
        where = f"{where}.{disclosure.name}"
    return where.removeprefix("$").removeprefix(".")


def signed_digests(sd: Any) -> set[str]:
    """Every digest in the issuer-signed payload, read from its raw JSON."""
    body = sd.text.split("~")[0].split(".")[1]
    payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            found.update(node.get("_sd", ()))
            if set(node) == {"..."}:
                found.add(node["..."])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(payload))
    for disclosure in sd.disclosures:  # recursive disclosures carry digests too
        walk(disclosure.value)
    return found


def issuer_signature(text: str) -> Any:
    sd = parsed(text)
    return verdict(sd.issuer, KeysInUse(ISSUER_KEY), now=A3_NOW).signature.status


# §6.3: SD-JWT with recursive disclosures (the address and each of its members).


def section_6_3_issued() -> str:
    """§6.3's issuer-signed payload, serialized as the document's examples are
    and signed with the A.5 key (the document prints no signed JWT for it),
    followed by its five disclosures in the document's order."""
    private = load_key(json.dumps(RFC["appendix_a_5_issuer_private_jwk"]))
    assert isinstance(private, KeyMaterial)
    header = json.dumps({"alg": "ES256", "typ": "example+sd-jwt"}).encode()
    body = json.dumps(RFC["section_6_3_payload"]).encode()
    issuer_jwt = sign_segments(header, body, private, "ES256")
    return "~".join([issuer_jwt, *RFC["section_6_3_disclosures"], ""])


S63_ISSUED = section_6_3_issued()
S63_INDEX = {where: i for i, where in enumerate(RFC["section_6_3_digests"])}


def test_6_3_every_disclosure_hashes_to_the_digest_the_document_prints() -> None:
    sd = parsed(S63_ISSUED)

    assert {label(d): d.digest for d in sd.disclosures} == RFC["section_6_3_digests"]
    assert len(sd.disclosures) == 5
    assert {d.digest for d in sd.disclosures} <= signed_digests(sd)
    assert sd.problems == ()
    assert sd.undisclosed_count == 0
    assert sd.key_binding is None


def test_6_3_the_signed_payload_is_the_printed_one_and_verifies() -> None:
    sd = parsed(S63_ISSUED)

    assert sd.issuer.claims == RFC["section_6_3_payload"]
    assert issuer_signature(S63_ISSUED) is SignatureStatus.VALID


def test_6_3_the_address_disclosure_holds_the_digests_of_its_members() -> None:
    sd = parsed(S63_ISSUED)
    address = sd.disclosures[S63_INDEX["address"]]
    members = [d for d in sd.disclosures if d.name != "address"]

    assert RFC["section_6_3_payload"]["_sd"] == [address.digest]
    assert address.name == "address"
    assert list(address.value) == ["_sd"]
    assert address.value["_sd"] == sorted(d.digest for d in members)
    assert address.matched == "$._sd"
    assert {d.name: d.matched for d in members} == {
        "street_address": "$.address._sd",
        "locality": "$.address._sd",
        "region": "$.address._sd",
        "country": "$.address._sd",
    }


def test_6_3_full_issuance_gives_the_section_6_input_claims() -> None:
    sd = parsed(S63_ISSUED)

    assert sd.payload == {
        "iss": "https://issuer.example.com",
        "iat": 1683000000,
        "exp": 1883000000,
        **RFC["section_6_input_claims"],
    }
    assert sd.payload["address"]["street_address"] == "Schulstr. 12"


@pytest.mark.parametrize(
    ("chosen", "address", "undisclosed"),
    [
        (["address"], {}, {"$.address": 4}),
        (
            ["address", "address.locality"],
            {"locality": "Schulpforta"},
            {"$.address": 3},
        ),
        (
            ["address", "address.region", "address.country"],
            {"region": "Sachsen-Anhalt", "country": "DE"},
            {"$.address": 2},
        ),
    ],
    ids=["address only", "address with locality", "address with region and country"],
)
def test_6_3_a_presentation_shows_the_chosen_members_of_the_address(
    chosen: list[str], address: dict[str, str], undisclosed: dict[str, int]
) -> None:
    sd = parsed(present(S63_ISSUED, keep=[S63_INDEX[c] for c in chosen]))

    assert sd.payload["address"] == address
    assert dict(sd.undisclosed) == undisclosed
    assert sd.problems == ()


def test_6_3_members_without_the_address_match_nothing() -> None:
    members = [S63_INDEX[f"address.{m}"] for m in ("street_address", "locality")]
    sd = parsed(present(S63_ISSUED, keep=members))

    assert "address" not in sd.payload
    assert [d.matched for d in sd.disclosures] == [None, None]
    assert [p.kind for p in sd.problems] == [ProblemKind.UNMATCHED] * 2
    assert dict(sd.undisclosed) == {"$": 1}


# Appendix A.2: complex structured SD-JWT (recursive array element).


def test_a_2_every_disclosure_hashes_to_the_digest_the_rfc_prints() -> None:
    sd = parsed(A2_ISSUED)

    assert {label(d): d.digest for d in sd.disclosures} == RFC["appendix_a_2_digests"]
    assert len(sd.disclosures) == 16
    assert {d.digest for d in sd.disclosures} <= signed_digests(sd)
    assert sd.problems == ()
    assert sd.undisclosed_count == 0


def test_a_2_issuer_signature_verifies_with_the_rfc_key() -> None:
    assert issuer_signature(A2_ISSUED) is SignatureStatus.VALID
    assert issuer_signature(A2_PRESENTATION) is SignatureStatus.VALID


def test_a_2_matches_the_evidence_element_and_the_members_inside_it() -> None:
    sd = parsed(A2_ISSUED)
    where = {label(d): d.matched for d in sd.disclosures}
    evidence = "$.verified_claims.verification.evidence[0]"

    assert where["verified_claims.verification.evidence[0]"] == evidence
    for member in ("type", "method", "time", "document"):
        key = f"verified_claims.verification.evidence[0].{member}"
        assert where[key] == f"{evidence}._sd"
    assert where["verified_claims.claims.address"] == "$.verified_claims.claims._sd"
    assert where["salutation"] == "$._sd"
    element = sd.disclosures[6]
    assert element.is_array_element
    assert (element.salt, element.name) == ("Pc33JM2LchcU_lHggv_ufQ", None)


def test_a_2_full_issuance_shows_every_claim_with_unicode_intact() -> None:
    payload = parsed(A2_ISSUED).payload
    claims = payload["verified_claims"]["claims"]

    assert claims["family_name"] == "Müller"
    assert claims["place_of_birth"] == {
        "country": "IS",
        "locality": "Þykkvabæjarklaustur",
    }
    assert claims["address"]["street_address"] == "Weidenstraße 22"
    evidence = payload["verified_claims"]["verification"]["evidence"]
    assert evidence[0]["document"]["issuer"]["name"] == "Stadt Augsburg"
    assert evidence[0]["type"] == "document"
    assert payload["msisdn"] == "49123456789"
    assert "_sd" not in json.dumps(payload)
    assert "..." not in json.dumps(payload)


def test_a_2_presentation_gives_the_payload_the_rfc_states() -> None:
    sd = parsed(A2_PRESENTATION)

    assert sd.payload == RFC["appendix_a_2_verified_payload"]
    assert sd.problems == ()
    assert sd.key_binding is None
    assert dict(sd.undisclosed) == {
        "$.verified_claims.verification.evidence[0]": 3,
        "$.verified_claims.verification": 1,
        "$.verified_claims.claims": 3,
        "$": 3,
    }
    assert sd.undisclosed_count == 10


def test_a_2_presenting_the_same_choice_gives_the_rfc_payload() -> None:
    chosen = {
        "verified_claims.verification.time",
        "verified_claims.verification.evidence[0]",
        "verified_claims.verification.evidence[0].method",
        "verified_claims.claims.given_name",
        "verified_claims.claims.family_name",
        "verified_claims.claims.address",
    }
    issued = parsed(A2_ISSUED)
    keep = [d.index for d in issued.disclosures if label(d) in chosen]

    presentation = present(A2_ISSUED, keep=keep)

    assert set(presentation.split("~")) == set(A2_PRESENTATION.split("~"))
    assert parsed(presentation).payload == RFC["appendix_a_2_verified_payload"]


def test_a_2_a_member_without_its_array_element_matches_nothing() -> None:
    element = RFC["appendix_a_2_disclosures"][6]
    without = A2_PRESENTATION.replace("~" + element + "~", "~")
    sd = parsed(without)

    method = next(d for d in sd.disclosures if d.name == "method")
    assert method.matched is None
    assert ProblemKind.UNMATCHED in [p.kind for p in sd.problems]
    assert sd.payload["verified_claims"]["verification"]["evidence"] == []


# Appendix A.3: SD-JWT VC with recursive age_equal_or_over and a KB-JWT.


def test_a_3_every_disclosure_hashes_to_the_digest_the_rfc_prints() -> None:
    sd = parsed(A3_ISSUANCE)

    assert {label(d): d.digest for d in sd.disclosures} == RFC["appendix_a_3_digests"]
    assert len(sd.disclosures) == 27
    assert {d.digest for d in sd.disclosures} <= signed_digests(sd)
    assert sd.problems == ()
    assert sd.undisclosed_count == 0
    assert sd.key_binding is None


def test_a_3_issuer_signature_verifies_with_the_rfc_key() -> None:
    assert issuer_signature(A3_ISSUANCE) is SignatureStatus.VALID
    assert issuer_signature(A3_PRESENTATION) is SignatureStatus.VALID


def test_a_3_issuance_shows_every_claim_of_the_credential() -> None:
    payload = parsed(A3_ISSUANCE).payload

    assert payload["vct"] == "urn:eudi:pid:de:1"
    assert payload["age_equal_or_over"] == {
        "12": True,
        "14": True,
        "16": True,
        "18": True,
        "21": True,
        "65": False,
    }
    assert payload["address"] == {
        "street_address": "Heidestraße 17",
        "locality": "Köln",
        "postal_code": "51147",
        "country": "DE",
    }
    assert payload["place_of_birth"] == {"locality": "Berlin", "country": "DE"}
    assert payload["sex"] == 2
    assert payload["age_in_years"] == 62


def test_a_3_matches_the_recursive_age_claims_to_their_parent() -> None:
    sd = parsed(A3_ISSUANCE)
    where = {label(d): d.matched for d in sd.disclosures}

    assert where["age_equal_or_over"] == "$._sd"
    assert where["age_equal_or_over.18"] == "$.age_equal_or_over._sd"
    assert where["address.locality"] == "$.address._sd"
    assert where["place_of_birth.country"] == "$.place_of_birth._sd"


def test_a_3_presentation_gives_the_payload_the_rfc_states() -> None:
    sd = parsed(A3_PRESENTATION)

    assert sd.payload == RFC["appendix_a_3_verified_payload"]
    assert sd.payload["age_equal_or_over"] == {"18": True}
    assert sd.problems == ()
    assert dict(sd.undisclosed) == {"$": 13, "$.age_equal_or_over": 5}
    assert sd.undisclosed_count == 18
    assert sd.key_binding is not None
    assert sd.key_binding.header == {"alg": "ES256", "typ": "kb+jwt"}


def test_a_3_key_binding_jwt_verifies_with_the_cnf_key() -> None:
    sd = parsed(A3_PRESENTATION)
    options = KeyBindingOptions(nonce=NONCE, audience=(VERIFIER,))

    report = check_key_binding(sd, now=A3_NOW, options=options)

    assert report.valid, report.message
    assert report.signature is not None
    assert report.signature.status is SignatureStatus.VALID
    assert [c.claim for c in report.checks] == ["typ", "sd_hash", "nonce", "aud", "iat"]
    assert expected_sd_hash(sd) == A3_KB["sd_hash"]


def test_a_3_key_binding_fails_for_another_verifier_or_nonce() -> None:
    sd = parsed(A3_PRESENTATION)
    wrong = KeyBindingOptions(nonce="0987654321", audience=("https://other.example",))

    report = check_key_binding(sd, now=A3_NOW, options=wrong)

    assert not report.valid
    assert {c.claim for c in report.problems} == {"nonce", "aud"}


def test_a_3_presentation_is_a_valid_sd_jwt_and_the_issuance_is_not() -> None:
    options = KeyBindingOptions(nonce=NONCE, audience=(VERIFIER,))

    def verdict_of(text: str) -> Any:
        sd = parsed(text)
        issuer = verdict(sd.issuer, KeysInUse(ISSUER_KEY), now=A3_NOW)
        return sd_jwt_verdict(sd, issuer, now=A3_NOW, options=options)

    assert verdict_of(A3_PRESENTATION).valid
    assert not verdict_of(A3_ISSUANCE).valid  # a nonce was expected: no KB-JWT


def test_a_3_a_disclosure_added_after_key_binding_breaks_the_sd_hash() -> None:
    extra = A3_ISSUANCE.split("~")[1]  # given_name, issued but not presented
    head, kb = A3_PRESENTATION.rsplit("~", 1)
    sd = parsed(f"{head}~{extra}~{kb}")
    options = KeyBindingOptions(nonce=NONCE, audience=(VERIFIER,))

    report = check_key_binding(sd, now=A3_NOW, options=options)

    assert sd.payload["given_name"] == "Erika"
    assert not report.valid
    assert [c.claim for c in report.problems] == ["sd_hash"]


# §8: the JWS JSON Serialization examples.

SECTION_8 = {
    "flattened issuance": "section_8_2_flattened_issuance",
    "flattened presentation": "section_8_2_flattened_presentation",
    "general presentation": "section_8_3_general_presentation",
}


def json_form(example: str) -> Any:
    sd = read_sd_jwt(json.dumps(RFC[SECTION_8[example]], indent=2))
    assert sd is not None
    assert sd.form == "json"
    return sd


def test_8_2_flattened_issuance_discloses_the_four_claims() -> None:
    sd = json_form("flattened issuance")

    assert {d.name: d.digest for d in sd.disclosures} == RFC["section_8_digests"]
    assert {d.digest for d in sd.disclosures} <= signed_digests(sd)
    assert [d.matched for d in sd.disclosures] == ["$._sd"] * 4
    assert sd.problems == ()
    assert sd.undisclosed_count == 0
    assert sd.key_binding is None
    assert sd.payload["sub"] == "john_doe_42"
    assert sd.payload["birthdate"] == "1940-01-01"


@pytest.mark.parametrize("example", list(SECTION_8))
def test_8_issuer_signature_verifies_with_the_rfc_key(example: str) -> None:
    sd = json_form(example)

    report = verdict(sd.issuer, KeysInUse(ISSUER_KEY), now=A3_NOW)

    assert report.signature.status is SignatureStatus.VALID


@pytest.mark.parametrize("example", ["flattened presentation", "general presentation"])
def test_8_presentations_give_the_payload_and_a_verified_key_binding(
    example: str,
) -> None:
    sd = json_form(example)
    options = KeyBindingOptions(nonce=NONCE, audience=(VERIFIER,))

    report = check_key_binding(sd, now=A3_NOW, options=options)

    assert sd.payload == RFC["section_8_presentation_payload"]
    assert dict(sd.undisclosed) == {"$": 2}
    assert report.valid, report.message
    assert [c.claim for c in report.checks] == ["typ", "sd_hash", "nonce", "aud", "iat"]


def test_8_the_sd_hash_covers_the_compact_form_of_each_presentation() -> None:
    flattened = json_form("flattened presentation")
    general = json_form("general presentation")

    # Same disclosures, but each form is signed differently, so each hash differs.
    assert expected_sd_hash(flattened) == "VjtPsgZpQTRxKJvDpSJ-nXlZKE9Z9LgD4FyCwwoNMRw"
    assert expected_sd_hash(general) == "qbyIWP3phVgxEsDRiwdw9W6BJ3dxiPLumcYpPbu4Eb8"


def test_8_3_only_the_first_signature_is_by_the_published_key() -> None:
    jws = parse_json_serialization(json.dumps(RFC["section_8_3_general_presentation"]))
    assert isinstance(jws, JsonJws)

    result = signatures_verdict(jws, KeysInUse(ISSUER_KEY), now=A3_NOW)

    statuses = [v.signature.status for v in result.verdicts]
    assert statuses == [SignatureStatus.VALID, SignatureStatus.INVALID]


def test_8_a_changed_disclosure_in_the_header_breaks_the_key_binding() -> None:
    changed = json.loads(json.dumps(RFC["section_8_2_flattened_presentation"]))
    changed["header"]["disclosures"].pop()  # withhold given_name after binding
    sd = read_sd_jwt(json.dumps(changed))
    assert sd is not None
    options = KeyBindingOptions(nonce=NONCE, audience=(VERIFIER,))

    report = check_key_binding(sd, now=A3_NOW, options=options)

    assert "given_name" not in sd.payload
    assert [c.claim for c in report.problems] == ["sd_hash"]


# Appendix A.4: W3C Verifiable Credentials Data Model v2.0 with a KB-JWT.

A4_ISSUANCE = RFC["appendix_a_4_issuance"]
A4_PRESENTATION = RFC["appendix_a_4_presentation"]
A4_KB = RFC["appendix_a_4_kb_payload"]
A4_NOW = A4_KB["iat"] + 30


def a4_kb_report(text: str, *, now: float = A4_NOW, **expect: Any) -> Any:
    options = KeyBindingOptions(**{"nonce": NONCE, "audience": (VERIFIER,), **expect})
    return check_key_binding(parsed(text), now=now, options=options)


def test_a_4_every_disclosure_hashes_to_the_digest_the_document_prints() -> None:
    sd = parsed(A4_ISSUANCE)

    assert {label(d): d.digest for d in sd.disclosures} == RFC["appendix_a_4_digests"]
    assert len(sd.disclosures) == 14
    assert {d.digest for d in sd.disclosures} <= signed_digests(sd)
    assert sd.problems == ()
    assert sd.undisclosed_count == 0
    assert sd.key_binding is None


def test_a_4_issuer_signature_verifies_with_the_rfc_key() -> None:
    assert parsed(A4_ISSUANCE).issuer.claims == RFC["appendix_a_4_payload"]
    assert issuer_signature(A4_ISSUANCE) is SignatureStatus.VALID
    assert issuer_signature(A4_PRESENTATION) is SignatureStatus.VALID


def test_a_4_matches_each_claim_to_its_object_in_the_credential_subject() -> None:
    where = {label(d): d.matched for d in parsed(A4_ISSUANCE).disclosures}
    subject = "$.credentialSubject"

    assert where["credentialSubject.vaccine.atcCode"] == f"{subject}.vaccine._sd"
    assert where["credentialSubject.recipient.givenName"] == f"{subject}.recipient._sd"
    assert where["credentialSubject.order"] == f"{subject}._sd"
    assert sorted(set(where.values())) == [
        f"{subject}._sd",
        f"{subject}.recipient._sd",
        f"{subject}.vaccine._sd",
    ]


def test_a_4_full_issuance_gives_the_input_claims_and_the_holder_key() -> None:
    payload = parsed(A4_ISSUANCE).payload

    assert payload == {
        **RFC["appendix_a_4_input_claims"],
        "cnf": RFC["appendix_a_4_payload"]["cnf"],
    }
    assert payload["credentialSubject"]["recipient"]["familyName"] == "Mustermann"
    assert payload["@context"][0] == "https://www.w3.org/2018/credentials/v1"


def test_a_4_presentation_gives_the_payload_the_document_states() -> None:
    sd = parsed(A4_PRESENTATION)

    assert sd.payload == RFC["appendix_a_4_verified_payload"]
    assert sd.payload["credentialSubject"]["recipient"] == {"type": "VaccineRecipient"}
    assert sd.problems == ()
    assert dict(sd.undisclosed) == {
        "$.credentialSubject.vaccine": 1,
        "$.credentialSubject.recipient": 4,
        "$.credentialSubject": 5,
    }
    assert sd.undisclosed_count == 10
    assert sd.key_binding is not None
    assert sd.key_binding.header == {"alg": "ES256", "typ": "kb+jwt"}
    assert sd.key_binding.claims == A4_KB


def test_a_4_presenting_the_same_choice_gives_the_document_payload() -> None:
    chosen = {
        "credentialSubject.vaccine.atcCode",
        "credentialSubject.vaccine.medicinalProductName",
        "credentialSubject.order",
        "credentialSubject.dateOfVaccination",
    }
    issued = parsed(A4_ISSUANCE)
    keep = [d.index for d in issued.disclosures if label(d) in chosen]

    presentation = present(A4_ISSUANCE, keep=keep)

    head = A4_PRESENTATION.rsplit("~", 1)[0]
    assert set(presentation.split("~")) == set(f"{head}~".split("~"))
    assert parsed(presentation).payload == RFC["appendix_a_4_verified_payload"]


def test_a_4_key_binding_jwt_verifies_with_the_cnf_key() -> None:
    sd = parsed(A4_PRESENTATION)
    holder = holder_key(sd)
    assert not isinstance(holder, str), holder

    report = a4_kb_report(A4_PRESENTATION)

    assert report.valid, report.message
    assert report.signature is not None
    assert report.signature.status is SignatureStatus.VALID
    assert [c.claim for c in report.checks] == ["typ", "sd_hash", "nonce", "aud", "iat"]
    assert expected_sd_hash(sd) == A4_KB["sd_hash"]
    assert sd.key_binding is not None
    direct = verdict(sd.key_binding, KeysInUse(holder), now=A4_NOW)
    assert direct.signature.status is SignatureStatus.VALID
    # The issuer key did not sign the KB-JWT.
    other = verdict(sd.key_binding, KeysInUse(ISSUER_KEY), now=A4_NOW)
    assert other.signature.status is SignatureStatus.INVALID


def test_a_4_key_binding_fails_for_another_verifier_nonce_or_a_late_check() -> None:
    wrong = a4_kb_report(
        A4_PRESENTATION, nonce="0987654321", audience=("https://other.example",)
    )
    late = a4_kb_report(A4_PRESENTATION, now=A4_KB["iat"] + 3600)

    assert {c.claim for c in wrong.problems} == {"nonce", "aud"}
    assert [c.claim for c in late.problems] == ["iat"]
    assert not wrong.valid
    assert not late.valid


def test_a_4_presentation_is_a_valid_sd_jwt_and_the_issuance_is_not() -> None:
    options = KeyBindingOptions(nonce=NONCE, audience=(VERIFIER,))

    def verdict_of(text: str) -> Any:
        sd = parsed(text)
        issuer = verdict(sd.issuer, KeysInUse(ISSUER_KEY), now=A4_NOW)
        return sd_jwt_verdict(sd, issuer, now=A4_NOW, options=options)

    assert verdict_of(A4_PRESENTATION).valid
    assert not verdict_of(A4_ISSUANCE).valid  # a nonce was expected: no KB-JWT


def test_a_4_a_disclosure_withheld_after_key_binding_breaks_the_sd_hash() -> None:
    order = RFC["appendix_a_4_digests"]["credentialSubject.order"]
    sd = parsed(A4_PRESENTATION)
    text = next(d.text for d in sd.disclosures if d.digest == order)
    without = A4_PRESENTATION.replace(f"~{text}~", "~")

    report = a4_kb_report(without)

    assert "order" not in parsed(without).payload["credentialSubject"]
    assert [c.claim for c in report.problems] == ["sd_hash"]


# Appendix A.5: the example issuer key.


@pytest.mark.parametrize("example", ["section_5_1_issuance", "appendix_a_3_issuance"])
def test_a_5_private_key_is_the_pair_of_the_published_public_key(example: str) -> None:
    private = load_key(json.dumps(RFC["appendix_a_5_issuer_private_jwk"]))
    public = to_jwk(public_of(private))  # type: ignore[arg-type]

    assert {k: public[k] for k in ("kty", "crv", "x", "y")} == RFC["issuer_public_jwk"]
    sd = parsed(RFC[example])
    report = verdict(sd.issuer, KeysInUse(public_of(private)), now=A3_NOW)  # type: ignore[arg-type]
    assert report.signature.status is SignatureStatus.VALID


def test_8_3_every_issuer_signature_of_the_general_form_is_checked() -> None:
    from jwtinspector.core.sdjwt.keybinding import issuer_signatures, sd_jwt_verdict

    sd = json_form("general presentation")
    keyset = load_key(
        json.dumps({"keys": [{**RFC["issuer_public_jwk"], "kid": "issuer-key-1"}]})
    )
    options = KeyBindingOptions(nonce=NONCE, audience=(VERIFIER,))

    by_key = issuer_signatures(sd, KeysInUse(ISSUER_KEY), now=A3_NOW)
    by_kid = issuer_signatures(sd, KeysInUse(keyset), now=A3_NOW)

    assert [v.signature.status for v in by_key.verdicts] == [
        SignatureStatus.VALID,
        SignatureStatus.INVALID,
    ]
    report = verdict(sd.issuer, KeysInUse(ISSUER_KEY), now=A3_NOW)
    assert report.valid
    # The second signature does not verify with the one key given: invalid.
    assert not sd_jwt_verdict(
        sd, report, now=A3_NOW, options=options, signatures=by_key
    ).valid
    # A key set picks by kid: issuer-key-2 is not in it, so it is not counted.
    assert [v.signature.status for v in by_kid.verdicts] == [
        SignatureStatus.VALID,
        SignatureStatus.CANNOT_CHECK,
    ]
    assert by_kid.summary == "1 of 2 signatures verified (#1)."
    assert sd_jwt_verdict(
        sd, report, now=A3_NOW, options=options, signatures=by_kid
    ).valid
    assert issuer_signatures(json_form("flattened presentation"), None, now=0) is None
