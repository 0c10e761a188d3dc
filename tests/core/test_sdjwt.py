"""SD-JWT (RFC 9901): the RFC's examples, tampering, key binding and crafting."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jwtinspector.core import keygen
from jwtinspector.core.errors import SigningError
from jwtinspector.core.extract import find_token, sd_jwt_parts
from jwtinspector.core.keys import load_key, public_of, to_jwk
from jwtinspector.core.pipeline import KeysInUse, verdict
from jwtinspector.core.sdjwt import ProblemKind, parse_sd_jwt
from jwtinspector.core.sdjwt.craft import encode_disclosure, make_sd_jwt, present
from jwtinspector.core.sdjwt.keybinding import KeyBindingOptions, check_key_binding
from jwtinspector.core.token import inspect_token
from jwtinspector.core.verify import SignatureStatus, VerifyOptions

RFC = json.loads(
    (Path(__file__).parent.parent / "data" / "rfc9901_examples.json").read_text("utf-8")
)
ISSUANCE = RFC["section_5_1_issuance"]
PRESENTATION = RFC["section_5_2_presentation"]
KB_NOW = RFC["section_5_2_kb_payload"]["iat"] + 30
ISSUER_KEY = load_key(json.dumps(RFC["issuer_public_jwk"]))
VERIFIER = "https://verifier.example.org"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def parsed(text: str) -> Any:
    sd = parse_sd_jwt(text)
    assert sd is not None
    return sd


def kinds(sd: Any) -> list[str]:
    return [p.kind for p in sd.problems]


def kb_report(text: str, **options: Any) -> Any:
    expect = {"nonce": "1234567890", "audience": (VERIFIER,), **options}
    return check_key_binding(
        parsed(text), now=KB_NOW, options=KeyBindingOptions(**expect)
    )


# The RFC's examples.


def test_rfc_5_1_issuance_recomputes_every_digest_the_rfc_states() -> None:
    sd = parsed(ISSUANCE)

    names = [d.name if d.name else f"nationalities {d.value}" for d in sd.disclosures]
    digests = dict(zip(names, (d.digest for d in sd.disclosures), strict=True))
    assert digests == RFC["section_5_1_digests"]
    assert sd.problems == ()
    assert sd.key_binding is None
    assert sd.undisclosed_count == 0


def test_rfc_5_1_matches_claims_to_sd_and_array_elements_to_their_place() -> None:
    sd = parsed(ISSUANCE)

    where = {d.name or d.value: d.matched for d in sd.disclosures}
    assert where["given_name"] == "$._sd"
    assert where["address"] == "$._sd"
    assert where["US"] == "$.nationalities[0]"
    assert where["DE"] == "$.nationalities[1]"
    first = sd.disclosures[0]
    assert (first.salt, first.name, first.value) == (
        "2GLC42sKQveCfGfryNRN9w",
        "given_name",
        "John",
    )
    assert sd.disclosures[8].is_array_element
    assert sd.disclosures[8].name is None


def test_rfc_5_1_processed_payload_has_every_claim_and_no_digests() -> None:
    payload = parsed(ISSUANCE).payload

    assert payload["nationalities"] == ["US", "DE"]
    assert payload["address"]["locality"] == "Anytown"
    assert payload["updated_at"] == 1570000000
    assert "_sd" not in json.dumps(payload)
    assert "_sd_alg" not in payload
    assert "..." not in json.dumps(payload)


def test_rfc_5_2_presentation_gives_the_payload_the_rfc_states() -> None:
    sd = parsed(PRESENTATION)

    assert sd.payload == RFC["section_5_2_verified_payload"]
    assert sd.undisclosed == (("$.nationalities", 1), ("$", 5))
    assert sd.undisclosed_count == 6
    assert sd.key_binding is not None
    assert sd.key_binding.header == {"alg": "ES256", "typ": "kb+jwt"}


def test_rfc_appendix_a_1_discloses_nested_members_only() -> None:
    sd = parsed(RFC["appendix_a_1_presentation"])

    assert sd.payload == RFC["appendix_a_1_verified_payload"]
    assert [d.matched for d in sd.disclosures] == ["$.address._sd"] * 2
    assert dict(sd.undisclosed) == {"$.address": 6, "$": 8}


def test_rfc_issuer_signature_verifies_through_the_pipeline() -> None:
    sd = parsed(PRESENTATION)

    report = verdict(
        sd.issuer, KeysInUse(ISSUER_KEY), now=KB_NOW, options=VerifyOptions()
    )

    assert report.signature.status is SignatureStatus.VALID
    assert report.valid


def test_rfc_key_binding_jwt_verifies_with_the_cnf_key() -> None:
    report = kb_report(PRESENTATION)

    assert report.valid, report.message
    assert report.signature.status is SignatureStatus.VALID
    assert [c.claim for c in report.checks] == ["typ", "sd_hash", "nonce", "aud", "iat"]


def test_typ_is_shown() -> None:
    assert parsed(ISSUANCE).typ == "example+sd-jwt"


# The extractor keeps every part.


@pytest.mark.parametrize(
    "wrap",
    [
        "{}",
        "Bearer {}",
        '"{}"',
        '{{"vp_token": "{}"}}',
        "Authorization: Bearer {}\n",
        "vp_token={}",
    ],
)
def test_every_part_is_kept_inside_wrappers(wrap: str) -> None:
    text = wrap.format(PRESENTATION)

    sd = parsed(text)

    assert sd.text == PRESENTATION
    assert text[sd.start : sd.end] == PRESENTATION
    for d in sd.disclosures:
        assert text[d.start : d.end] == d.text
    assert sd.key_binding is not None
    assert text[sd.key_binding.start : sd.key_binding.end] == sd.key_binding.token


def test_a_wrapped_sd_jwt_keeps_offsets_across_line_breaks() -> None:
    cut = PRESENTATION.index("~") + 20
    text = PRESENTATION[:cut] + "\n  " + PRESENTATION[cut:]

    sd = parsed(text)

    assert sd.text == PRESENTATION
    second = sd.disclosures[1]
    assert text[second.start : second.end].replace("\n  ", "") == second.text
    assert sd.payload == RFC["section_5_2_verified_payload"]


def test_inspect_token_decodes_the_issuer_jwt_of_an_sd_jwt() -> None:
    decoded = inspect_token(PRESENTATION)

    assert decoded.ok
    assert decoded.form == "JWS"
    assert decoded.token == PRESENTATION.split("~")[0]


def test_a_plain_jwt_is_no_sd_jwt() -> None:
    assert parse_sd_jwt(PRESENTATION.split("~")[0]) is None


_DISCLOSURE_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text("abcdefghijklmnopqrstuvwxyz_-0123456789", min_size=1, max_size=24),
            st.one_of(st.none(), st.text(min_size=1, max_size=12)),
            _DISCLOSURE_VALUES,
        ),
        max_size=6,
    ),
    st.sampled_from(["{}", "Bearer {}", '"{}"', '{{"token": "{}"}}']),
)
def test_random_disclosures_round_trip(
    items: list[tuple[str, str | None, Any]], wrap: str
) -> None:
    issuer = PRESENTATION.split("~")[0]
    texts = [encode_disclosure(salt, name, value) for salt, name, value in items]
    text = wrap.format(issuer + "~" + "".join(f"{t}~" for t in texts))

    parts = sd_jwt_parts(find_token(text))
    sd = parsed(text)

    assert [p.token for p in parts] == [issuer, *texts, ""]
    assert [d.text for d in sd.disclosures] == texts
    for d, (salt, name, value) in zip(sd.disclosures, items, strict=True):
        assert text[d.start : d.end] == d.text
        if name in ("_sd", "..."):
            continue
        assert (d.salt, d.name, d.value) == (salt, name, value)


# Tampering.


def _replace_part(text: str, index: int, new: str | None) -> str:
    parts = text.split("~")
    if new is None:
        del parts[index]
    else:
        parts[index] = new
    return "~".join(parts)


def test_a_changed_disclosure_matches_nothing() -> None:
    changed = encode_disclosure("eluV5Og3gSNII8EYnsxA_A", "family_name", "Dough")
    text = _replace_part(ISSUANCE, 2, changed)

    sd = parsed(text)

    assert kinds(sd) == [ProblemKind.UNMATCHED]
    assert sd.problems[0].disclosure == 1
    assert sd.problems[0].start == text.index(changed)
    assert "family_name" not in sd.payload


def test_a_removed_disclosure_leaves_a_valid_sd_jwt_with_fewer_claims() -> None:
    sd = parsed(_replace_part(ISSUANCE, 1, None))

    assert sd.problems == ()
    assert "given_name" not in sd.payload
    assert sd.payload["family_name"] == "Doe"
    assert sd.undisclosed == (("$", 1),)


def test_an_extra_disclosure_matches_no_digest() -> None:
    extra = encode_disclosure("c2FsdHNhbHRzYWx0c2FsdA", "admin", True)

    sd = parsed(ISSUANCE + extra + "~")

    assert kinds(sd) == [ProblemKind.UNMATCHED]
    assert "admin" not in sd.payload


def test_a_disclosure_given_twice_is_a_duplicate() -> None:
    first = ISSUANCE.split("~")[1]

    sd = parsed(ISSUANCE + first + "~")

    assert kinds(sd) == [ProblemKind.DUPLICATE_DISCLOSURE]
    assert sd.problems[0].disclosure == 10
    assert sd.disclosures[0].matched == "$._sd"


def test_a_malformed_disclosure_names_its_index_and_offset() -> None:
    text = _replace_part(ISSUANCE, 3, "bm90IGpzb24")

    sd = parsed(text)

    assert kinds(sd) == [ProblemKind.MALFORMED]
    assert sd.problems[0].disclosure == 2
    assert sd.problems[0].start == text.index("bm90IGpzb24")
    assert "Disclosure 3 cannot be read" in sd.problems[0].message


def test_a_wrong_sd_hash_fails_key_binding() -> None:
    # Dropping a disclosure after the holder signed changes what sd_hash covers.
    text = _replace_part(PRESENTATION, 1, None)

    report = kb_report(text)

    assert not report.valid
    assert [c.claim for c in report.problems] == ["sd_hash"]


def test_a_kb_jwt_signed_by_another_key_fails() -> None:
    other = keygen.generate_ec("P-256")
    presented = PRESENTATION.rsplit("~", 1)[0] + "~"
    forged = present(
        presented, holder_key=other, nonce="1234567890", audience=VERIFIER, now=KB_NOW
    )

    report = kb_report(forged)

    assert report.signature.status is SignatureStatus.INVALID
    assert not report.valid


def test_wrong_nonce_and_audience_fail() -> None:
    report = kb_report(PRESENTATION, nonce="other", audience=("https://evil.example",))

    assert [c.claim for c in report.problems] == ["nonce", "aud"]


def test_an_old_kb_jwt_fails_the_iat_window() -> None:
    report = check_key_binding(
        parsed(PRESENTATION), now=KB_NOW + 3600, options=KeyBindingOptions()
    )

    assert [c.claim for c in report.problems] == ["iat"]


def test_a_missing_kb_jwt_fails_only_when_expected() -> None:
    sd = parsed(ISSUANCE)

    assert check_key_binding(sd, now=KB_NOW).valid
    expected = check_key_binding(sd, now=KB_NOW, options=KeyBindingOptions(nonce="n"))
    assert not expected.valid
    assert "needed" in expected.message


# Structure problems a verifier must reject.


def _issue(claims: dict[str, Any], disclosures: list[str]) -> str:
    key = keygen.generate_ec("P-256")
    from jwtinspector.core.sign import sign_token

    jwt = sign_token({"alg": "ES256", "typ": "dc+sd-jwt"}, claims, key)
    return jwt + "~" + "".join(f"{d}~" for d in disclosures)


def _digest(disclosure: str) -> str:
    import hashlib

    return b64(hashlib.sha256(disclosure.encode()).digest())


def test_a_digest_given_twice_is_reported() -> None:
    d = encode_disclosure("c2FsdHNhbHRzYWx0c2FsdA", "a", 1)
    text = _issue({"_sd": [_digest(d), _digest(d)]}, [d])

    assert ProblemKind.DUPLICATE_DIGEST in kinds(parsed(text))


def test_a_disclosed_claim_may_not_overwrite_one_in_the_payload() -> None:
    d = encode_disclosure("c2FsdHNhbHRzYWx0c2FsdA", "sub", "attacker")
    sd = parsed(_issue({"sub": "user", "_sd": [_digest(d)]}, [d]))

    assert kinds(sd) == [ProblemKind.NAME_EXISTS]
    assert sd.payload["sub"] == "user"


def test_a_disclosure_named_sd_is_refused() -> None:
    d = encode_disclosure("c2FsdHNhbHRzYWx0c2FsdA", "_sd", ["x"])

    assert kinds(parsed(_issue({"_sd": [_digest(d)]}, [d]))) == [
        ProblemKind.RESERVED_NAME
    ]


def test_an_unknown_sd_alg_is_named() -> None:
    sd = parsed(_issue({"_sd_alg": "whirlpool", "_sd": []}, []))

    assert kinds(sd) == [ProblemKind.HASH_UNKNOWN]
    assert "whirlpool" in sd.problems[0].message


def test_sha_384_digests_are_recomputed() -> None:
    import hashlib

    d = encode_disclosure("c2FsdHNhbHRzYWx0c2FsdA", "a", 1)
    digest = b64(hashlib.sha384(d.encode()).digest())
    sd = parsed(_issue({"_sd_alg": "sha-384", "_sd": [digest]}, [d]))

    assert sd.problems == ()
    assert sd.payload == {"a": 1}


# Crafting and presenting.

CLAIMS = {
    "iss": "https://issuer.example",
    "sub": "user-1",
    "given_name": "Ada",
    "address": {"street": "1 Main St", "region": "North", "country": "UK"},
    "nationalities": ["UK", "FR"],
}


def _made(*paths: str, decoys: int = 0) -> tuple[Any, Any]:
    key = keygen.generate_ec("P-256")
    holder = keygen.generate_ec("P-256")
    claims = {**CLAIMS, "cnf": {"jwk": to_jwk(public_of(holder))}}
    issued = make_sd_jwt(
        {"alg": "ES256", "typ": "dc+sd-jwt"},
        claims,
        key,
        disclosable=paths,
        decoys=decoys,
    )
    return issued, (key, holder)


def test_crafted_sd_jwt_discloses_back_to_the_claims() -> None:
    issued, (key, _) = _made(
        "given_name", "address.region", "address", "nationalities[1]", decoys=3
    )

    sd = parsed(issued.text)

    assert sd.problems == ()
    assert {k: v for k, v in sd.payload.items() if k != "cnf"} == CLAIMS
    assert sd.undisclosed_count == 3  # the decoys
    assert "given_name" not in sd.issuer.claims
    assert sd.issuer.claims["_sd_alg"] == "sha-256"
    report = verdict(sd.issuer, KeysInUse(public_of(key)), now=0.0)
    assert report.signature.status is SignatureStatus.VALID


def test_crafted_salts_are_fresh_and_128_bits() -> None:
    first, _ = _made("given_name", "sub")
    second, _ = _made("given_name", "sub")

    salts = [d.salt for d in parsed(first.text).disclosures]
    assert all(d.salt_bits == 128 for d in parsed(first.text).disclosures)
    assert set(salts).isdisjoint(d.salt for d in parsed(second.text).disclosures)


def test_recursive_disclosure_hides_the_children_until_the_parent_is_shown() -> None:
    issued, _ = _made("address.region", "address")
    names = [d.name for d in parsed(issued.text).disclosures]
    region = names.index("region")

    only_child = present(issued.text, keep=[region])
    sd = parsed(only_child)

    assert kinds(sd) == [ProblemKind.UNMATCHED]  # its digest is inside address
    assert "address" not in sd.payload


def test_presenting_chosen_disclosures_with_key_binding_verifies() -> None:
    issued, (_, holder) = _made("given_name", "nationalities[0]", "sub")

    text = present(
        issued.text,
        keep=lambda _index, name, _value: name == "given_name",
        holder_key=holder,
        nonce="n-1",
        audience=VERIFIER,
        now=1000.0,
    )
    sd = parsed(text)
    report = check_key_binding(
        sd, now=1010.0, options=KeyBindingOptions(nonce="n-1", audience=(VERIFIER,))
    )

    assert sd.payload["given_name"] == "Ada"
    assert "sub" not in sd.payload
    assert sd.payload["nationalities"] == ["FR"]
    assert report.valid, report.message


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("missing", "names no claim"),
        ("nationalities[5]", "names no array element"),
        ("address..x", "is not a claim path"),
        ("[0]", "is not a claim path"),
    ],
)
def test_crafting_refuses_paths_that_name_nothing(path: str, message: str) -> None:
    with pytest.raises(SigningError, match=message):
        _made(path)


# The audit.


def _audit_ids(text: str) -> set[str]:
    from jwtinspector.core.audit import audit

    sd = parsed(text)
    return {f.id for f in audit(sd.issuer, now=KB_NOW, sd_jwt=sd) if f.id[:3] == "SD-"}


def test_audit_of_the_rfc_issuance_names_only_the_missing_key_binding() -> None:
    assert _audit_ids(ISSUANCE) == {"SD-KB-MISSING"}
    assert _audit_ids(PRESENTATION) == set()


def test_audit_names_a_tampered_disclosure() -> None:
    changed = encode_disclosure("eluV5Og3gSNII8EYnsxA_A", "family_name", "Dough")

    assert "SD-DIGEST-UNMATCHED" in _audit_ids(_replace_part(PRESENTATION, 1, changed))


# The JWS JSON Serialization (RFC 9901 §8).


def _json_form(compact: str, general: bool = False) -> str:
    issuer, *rest = compact.split("~")
    protected, payload, signature = issuer.split(".")
    header: dict[str, Any] = {"disclosures": rest[:-1]}
    if rest[-1]:
        header["kb_jwt"] = rest[-1]
    first = {"protected": protected, "header": header, "signature": signature}
    if general:
        return json.dumps({"payload": payload, "signatures": [first]}, indent=2)
    return json.dumps({"payload": payload, **first}, indent=2)


@pytest.mark.parametrize("general", [False, True])
def test_json_serialization_reads_as_its_compact_equivalent(general: bool) -> None:
    from jwtinspector.core.sdjwt import read_sd_jwt

    text = _json_form(PRESENTATION, general)

    sd = read_sd_jwt(text)

    assert sd is not None
    assert sd.form == "json"
    assert sd.payload == RFC["section_5_2_verified_payload"]
    for d in sd.disclosures:
        assert text[d.start : d.end] == d.text
    report = check_key_binding(
        sd, now=KB_NOW, options=KeyBindingOptions(nonce="1234567890")
    )
    assert report.valid, report.message


def test_json_serialization_with_a_changed_disclosure_points_at_it() -> None:
    from jwtinspector.core.sdjwt import read_sd_jwt

    changed = encode_disclosure("eluV5Og3gSNII8EYnsxA_A", "family_name", "Dough")
    text = _json_form(_replace_part(PRESENTATION, 1, changed))

    sd = read_sd_jwt(text)

    assert sd is not None
    assert kinds(sd) == [ProblemKind.UNMATCHED]
    assert sd.problems[0].start == text.index(changed)


def test_a_json_jws_without_disclosures_is_no_sd_jwt() -> None:
    from jwtinspector.core.sdjwt import read_sd_jwt

    issuer = PRESENTATION.split("~")[0]
    protected, payload, signature = issuer.split(".")
    flat = {"protected": protected, "payload": payload, "signature": signature}

    assert read_sd_jwt(json.dumps(flat)) is None


def test_an_unsigned_kb_jwt_is_never_verified() -> None:
    presented = PRESENTATION.rsplit("~", 1)[0] + "~"
    kb = PRESENTATION.rsplit("~", 1)[1]
    header, payload, _ = kb.split(".")
    unsigned = b64(b'{"alg":"none","typ":"kb+jwt"}') + f".{payload}."
    assert header != unsigned.split(".")[0]

    report = kb_report(presented + unsigned)

    assert report.signature.status is not SignatureStatus.VALID
    assert not report.valid


def test_a_symmetric_cnf_key_is_refused() -> None:
    from jwtinspector.core.sign import sign_token

    key = keygen.generate_ec("P-256")
    claims = {"cnf": {"jwk": {"kty": "oct", "k": b64(b"shared-secret-shared-secret!")}}}
    issued = sign_token({"alg": "ES256"}, claims, key) + "~"
    holder = keygen.generate_secret("HS256")
    text = present(issued, holder_key=holder, nonce="n", audience=VERIFIER, now=KB_NOW)

    report = check_key_binding(parsed(text), now=KB_NOW)

    assert report.signature.status is SignatureStatus.CANNOT_CHECK
    assert "symmetric" in report.message


def test_control_characters_in_claim_names_are_escaped_in_paths() -> None:
    inner = encode_disclosure("c2FsdHNhbHRzYWx0c2FsdA", "x", 1)
    text = _issue({"a\x1b[31m": {"_sd": [_digest(inner)], "x": 0}}, [inner])

    sd = parsed(text)

    assert kinds(sd) == [ProblemKind.NAME_EXISTS]
    assert "\x1b" not in sd.problems[0].message
    assert "\\u001b" in sd.problems[0].message


def test_audit_checks_the_claims_a_verifier_sees_after_disclosure() -> None:
    from jwtinspector.core.audit import audit

    sd = parsed(ISSUANCE)
    with_disclosures = {f.id for f in audit(sd.issuer, now=KB_NOW, sd_jwt=sd)}
    issuer_alone = {f.id for f in audit(sd.issuer, now=KB_NOW)}

    assert "PII-EMAIL" in with_disclosures  # email is a disclosed claim
    assert "PII-EMAIL" not in issuer_alone


def test_the_sd_jwt_verdict_needs_issuer_structure_and_key_binding() -> None:
    from jwtinspector.core.sdjwt.keybinding import sd_jwt_verdict

    def verdict_of(text: str, key: Any = ISSUER_KEY) -> Any:
        sd = parsed(text)
        issuer = verdict(sd.issuer, KeysInUse(key), now=KB_NOW)
        options = KeyBindingOptions(nonce="1234567890")
        return sd_jwt_verdict(sd, issuer, now=KB_NOW, options=options)

    extra = encode_disclosure("c2FsdHNhbHRzYWx0c2FsdA", "admin", True)
    other_issuer = public_of(keygen.generate_ec("P-256"))

    assert verdict_of(PRESENTATION).valid
    assert not verdict_of(PRESENTATION, other_issuer).valid
    assert not verdict_of(ISSUANCE).valid  # a nonce was expected: no KB-JWT
    assert not verdict_of(ISSUANCE + extra + "~").valid


@pytest.mark.parametrize("filler", ["~", "AA~", "WyJhIiwiYiIsMV0~"])
def test_a_megabyte_of_disclosures_is_read_quickly_and_refused(filler: str) -> None:
    import time

    from jwtinspector.core.sdjwt.parse import MAX_DISCLOSURES

    issuer, kb = PRESENTATION.split("~")[0], PRESENTATION.split("~")[-1]
    count = (1_000_000 - len(issuer) - len(kb)) // len(filler)
    text = issuer + "~" + filler * count + kb

    started = time.perf_counter()
    sd = parsed(text)
    elapsed = time.perf_counter() - started

    assert elapsed < 2
    assert len(sd.disclosures) == MAX_DISCLOSURES
    assert sd.problems[0].kind == ProblemKind.TOO_MANY
    assert f"{count:,} disclosures" in sd.problems[0].message
    assert sd.key_binding is not None
    assert sd.key_binding.token == kb


def test_deeply_nested_values_are_reported_not_a_crash() -> None:
    deep = "[" * 900 + "]" * 900
    # Deeper than SD-JWT processing follows, within what the decoder reads.
    deeper = "[" * 100 + "]" * 100
    header = b64(b'{"alg":"HS256"}')
    payload = b64(('{"a": ' + deeper + ', "_sd": []}').encode())
    disclosure = b64(('["c2FsdHNhbHRzYWx0c2FsdA", "x", ' + deep + "]").encode())

    sd = parsed(f"{header}.{payload}.AAAA~{disclosure}~")

    # The disclosure is deeper than any JSON read: refused with its depth.
    assert kinds(sd) == [ProblemKind.TOO_DEEP, ProblemKind.TOO_DEEP]
    assert sd.problems[0].message == (
        "Disclosure 1 cannot be read: the JSON is nested 901 levels deep; "
        "at most 128 are read."
    )
    too_deep = b64(('{"a": ' + deep + ', "_sd": []}').encode())
    refused = parsed(f"{header}.{too_deep}.AAAA~{disclosure}~")
    assert "nested 901 levels deep" in refused.issuer.errors[0].reason
    with pytest.raises(SigningError, match="nested too deeply"):
        make_sd_jwt({"alg": "HS256"}, json.loads('{"a": ' + deep + "}"),
                    keygen.generate_secret(), disclosable=["a"])  # fmt: skip


def test_with_known_adds_only_disclosures_of_the_same_issuer_jwt():
    from jwtinspector.core.keys import load_secret
    from jwtinspector.core.sdjwt.craft import choose_disclosures, with_known

    key = load_secret("core-test-secret-of-32-bytes-ok!")
    issued = make_sd_jwt(
        {"alg": "HS256"},
        {"a": 1, "address": {"city": "X", "zip": "1"}},
        key,
        disclosable=["a", "address", "address.city"],
    )
    other = make_sd_jwt({"alg": "HS256"}, {"b": 2}, key, disclosable=["b"])
    texts = [d for _, d in issued.disclosures]
    shown = parse_sd_jwt(issued.issuer_jwt + "~")

    full = with_known(shown, [*texts, other.disclosures[0][1]])

    assert [d.text for d in full.disclosures] == texts
    assert full.payload == {"a": 1, "address": {"city": "X", "zip": "1"}}
    # a nested disclosure whose parent is unknown matches nothing: dropped
    child = dict(issued.disclosures)["address.city"]
    assert with_known(shown, [child]).disclosures == ()
    assert choose_disclosures(shown, texts, texts[1], True) == [texts[1]]


def _holder_bound(cnf_of: Any) -> tuple[str, Any]:
    """An SD-JWT+KB whose cnf is ``cnf_of(holder key)``, and the holder key."""
    from jwtinspector.core.keys import load_secret

    holder = keygen.generate_ec("P-256")
    issued = make_sd_jwt(
        {"alg": "HS256"},
        {"iss": "https://issuer.example", "a": 1, "cnf": cnf_of(holder)},
        load_secret("core-test-secret-of-32-bytes-ok!"),
        disclosable=["a"],
    )
    text = present(
        issued.text, holder_key=holder, nonce="n", audience="https://v.example", now=0
    )
    return text, holder


def test_a_cnf_naming_the_holder_key_by_kid_says_it_cannot_be_checked():
    text, _ = _holder_bound(lambda key: {"kid": "holder-key-7"})
    sd = parse_sd_jwt(text)

    report = check_key_binding(sd, now=0)

    assert report.signature.status is SignatureStatus.CANNOT_CHECK
    assert report.signature.message == (
        "Cannot check the key binding signature without the holder key: cnf "
        'names kid "holder-key-7".'
    )
    assert not report.valid


def test_a_cnf_jkt_uses_the_given_key_with_that_thumbprint():
    text, holder = _holder_bound(lambda key: {"jkt": key.thumbprint})
    sd = parse_sd_jwt(text)
    other = keygen.generate_ec("P-256")

    alone = check_key_binding(sd, now=0)
    wrong = check_key_binding(
        sd, now=0, options=KeyBindingOptions(holder_keys=(other,))
    )
    right = check_key_binding(
        sd, now=0, options=KeyBindingOptions(holder_keys=(other, public_of(holder)))
    )

    assert "cnf names jkt" in alone.signature.message
    assert "no key given has that thumbprint" in wrong.signature.message
    assert right.valid, right.message
    assert right.signature.message == (
        "Key Binding JWT signature verified with the key cnf.jkt names."
    )
