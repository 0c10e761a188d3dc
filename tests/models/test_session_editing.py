"""TokenSession editing: claims, JSON, algorithm, keys, undo and templates.

Every signed result is checked with plain PyJWT, never with the app's own
verifier, so a bug shared by signing and verifying cannot hide itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from fake_clock import FakeClock
from hypothesis import given, settings
from hypothesis import strategies as st

from jwtinspector.core.templates import TEMPLATES, make_template
from jwtinspector.core.verify import SignatureStatus
from jwtinspector.models.session import TokenSession

NOW = 1_700_000_000.0
SECRET = "a-test-secret-that-is-32-bytes!!"
HEADER = {"alg": "HS256", "typ": "JWT"}
CLAIMS = {"iss": "https://auth.example.com", "sub": "alice", "role": "user", "n": 1}
# PyJWT's own time checks use the real clock; the fake clock is in 2023.
NO_TIME_CHECKS = {"verify_exp": False, "verify_nbf": False, "verify_iat": False}


class Recorder:
    """Collects what the session's editing signals said."""

    def __init__(self, session: TokenSession) -> None:
        self.failed: list[tuple[str, str]] = []
        self.replaced: list[str] = []
        self.stale: list[str] = []
        session.edit_failed.connect(lambda part, msg: self.failed.append((part, msg)))
        session.text_replaced.connect(self.replaced.append)
        session.stale_changed.connect(self.stale.append)

    def errors(self) -> list[tuple[str, str]]:
        return [(part, msg) for part, msg in self.failed if msg]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hs256_by_hand(header_json: bytes, payload_json: bytes, secret: str) -> str:
    """A token whose JSON bytes are exactly the ones given."""
    signing_input = f"{b64url(header_json)}.{b64url(payload_json)}"
    mac = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(mac)}"


def hs256(payload: dict[str, Any], header: dict[str, Any] = HEADER) -> str:
    return jwt.encode(payload, SECRET, algorithm="HS256", headers=header)


def segments(token: str) -> list[str]:
    return token.split(".")


def claims_in_order(token: str) -> list[tuple[str, Any]]:
    """The payload's members in the order the token carries them."""
    return json.loads(unb64url(segments(token)[1]), object_pairs_hook=list)


def decode(token: str, key: Any, alg: str) -> dict[str, Any]:
    """Plain PyJWT, without its time checks (the fake clock is in the past)."""
    return jwt.decode(token, key, algorithms=[alg], options=NO_TIME_CHECKS)


def pem_private(key: Any) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def pem_public(key: Any) -> str:
    return (
        key.public_key()
        .public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        )
        .decode()
    )


@pytest.fixture(scope="module")
def rsa_private() -> Any:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def ec_private() -> Any:
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture(scope="module")
def ed_private() -> Any:
    return ed25519.Ed25519PrivateKey.generate()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def session(qapp, clock) -> TokenSession:
    return TokenSession(clock=lambda: clock.now)


@pytest.fixture
def signed(session) -> TokenSession:
    """A session holding an HS256 token and the secret that signs it."""
    session.set_secret(SECRET)
    session.set_text(hs256(CLAIMS))
    assert session.report.signature.status is SignatureStatus.VALID
    return session


# --- re-signing on every edit -------------------------------------------------


def test_claim_edit_re_signs_with_the_secret_and_keeps_order(signed):
    before = signed.text
    recorder = Recorder(signed)

    signed.set_claim("role", "admin")

    assert signed.text != before
    assert recorder.replaced == [signed.text]
    assert signed.stale == ""
    assert signed.report.signature.status is SignatureStatus.VALID
    claims = decode(signed.text, SECRET, "HS256")
    assert claims == {**CLAIMS, "role": "admin"}
    assert list(claims) == list(CLAIMS)
    # Untouched header keeps its segment.
    assert segments(signed.text)[0] == segments(before)[0]


def test_new_claim_goes_last(signed):
    signed.set_claim("tenant", {"id": 7, "tags": ["a", "b"]})

    claims = decode(signed.text, SECRET, "HS256")
    assert list(claims) == [*CLAIMS, "tenant"]
    assert claims["tenant"] == {"id": 7, "tags": ["a", "b"]}


def test_rename_keeps_the_claim_in_place(signed):
    signed.rename_claim("sub", "subject")

    assert claims_in_order(signed.text) == [
        ("iss", CLAIMS["iss"]),
        ("subject", "alice"),
        ("role", "user"),
        ("n", 1),
    ]
    assert signed.report.signature.status is SignatureStatus.VALID


def test_rename_onto_an_existing_claim_is_refused(signed):
    before = signed.text
    recorder = Recorder(signed)

    signed.rename_claim("sub", "role")

    assert signed.text == before
    assert recorder.errors() == [("claims", 'There is already a claim "role".')]


def test_remove_claim(signed):
    signed.remove_claim("role")

    claims = decode(signed.text, SECRET, "HS256")
    assert list(claims) == ["iss", "sub", "n"]
    assert [row.name for row in signed.claims_model.rows()] == ["iss", "sub", "n"]


def test_header_member_is_set_in_place_and_signed(signed):
    signed.set_header_member("kid", "key-1")

    header = jwt.get_unverified_header(signed.text)
    assert list(header.items()) == [("alg", "HS256"), ("typ", "JWT"), ("kid", "key-1")]
    decode(signed.text, SECRET, "HS256")


# --- a key that cannot sign ---------------------------------------------------


def test_public_key_only_makes_the_signature_stale_then_private_key_re_signs(
    session, rsa_private
):
    token = jwt.encode(CLAIMS, rsa_private, algorithm="RS256")
    session.set_key_text(pem_public(rsa_private))
    session.set_text(token)
    assert session.report.signature.status is SignatureStatus.VALID

    session.edit_json("payload", json.dumps({**CLAIMS, "role": "admin"}))

    assert session.stale
    assert "private key" in session.stale
    assert session.report.signature.status is not SignatureStatus.VALID
    assert segments(session.text)[2] == segments(token)[2]  # the old signature
    assert session.token.claims["role"] == "admin"
    with pytest.raises(jwt.InvalidSignatureError):
        decode(session.text, pem_public(rsa_private), "RS256")

    session.set_key_text(pem_private(rsa_private))

    assert session.stale == ""
    assert session.report.signature.status is SignatureStatus.VALID
    assert segments(session.text)[2] != segments(token)[2]
    claims = decode(session.text, pem_public(rsa_private), "RS256")
    assert claims == {**CLAIMS, "role": "admin"}


def test_no_key_makes_the_signature_stale(session):
    token = hs256(CLAIMS)
    session.set_text(token)

    session.set_claim("role", "admin")

    assert session.stale == "no key"
    assert session.report.signature.status is not SignatureStatus.VALID
    assert segments(session.text)[2] == segments(token)[2]


def test_typing_a_new_token_clears_the_stale_note(session):
    session.set_text(hs256(CLAIMS))
    session.set_claim("role", "admin")
    assert session.stale

    session.set_text(hs256({"sub": "bob"}))

    assert session.stale == ""


# --- invalid JSON -------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "text", "where"),
    [
        ("payload", '{\n  "sub": "alice",\n  "role": \n}', "line 4, column 1"),
        ("payload", '{"sub": "alice",}', "line 1, column 17"),
        ("header", '{\n  "alg" "HS256"\n}', "line 2, column 9"),
    ],
)
def test_invalid_json_reports_line_and_column_and_keeps_the_token(
    signed, part, text, where
):
    before = signed.text
    recorder = Recorder(signed)

    signed.edit_json(part, text)

    assert signed.text == before
    assert recorder.replaced == []
    [(failed_part, message)] = recorder.errors()
    assert failed_part == part
    assert where in message
    assert signed.history.can_undo is False


def test_json_that_is_not_an_object_is_refused(signed):
    before = signed.text
    recorder = Recorder(signed)

    signed.edit_json("payload", '["sub", "alice"]')

    assert signed.text == before
    assert recorder.errors() == [
        ("payload", "payload: the payload must be a JSON object")
    ]


def test_valid_json_again_clears_the_error_and_rebuilds(signed):
    recorder = Recorder(signed)
    signed.edit_json("payload", '{"sub": ')

    signed.edit_json("payload", '{"sub": "bob"}')

    assert recorder.failed[-1] == ("payload", "")
    assert decode(signed.text, SECRET, "HS256") == {"sub": "bob"}


@pytest.mark.parametrize("text", ['{"n": NaN}', '{"n": -Infinity}', '{"n": 1e999}'])
def test_json_numbers_that_json_cannot_carry_are_refused(signed, text):
    before = signed.text
    recorder = Recorder(signed)

    signed.edit_json("payload", text)

    assert signed.text == before
    [(part, message)] = recorder.errors()
    assert part == "payload"
    assert "JSON" in message


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_a_claim_value_json_cannot_carry_is_refused(signed, value):
    before = signed.text
    recorder = Recorder(signed)

    signed.set_claim("n", value)

    assert signed.text == before
    assert [part for part, _ in recorder.errors()] == ["claims"]
    assert signed.history.can_undo is False


# --- the algorithm ------------------------------------------------------------


def test_rs256_with_an_hmac_secret_says_an_rsa_private_key_is_needed(signed):
    before = signed.text

    signed.set_algorithm("RS256")

    assert "RSA private key" in signed.stale
    assert signed.token.alg == "RS256"
    assert signed.report.signature.status is not SignatureStatus.VALID
    assert segments(signed.text)[2] == segments(before)[2]
    assert signed.can_sign_with("RS256") is False


def test_es256_with_an_ec_key_verifies(signed, ec_private):
    signed.set_key_text(pem_private(ec_private))
    assert signed.text == hs256(CLAIMS)  # a new key alone does not re-sign

    signed.set_algorithm("ES256")

    assert signed.stale == ""
    assert signed.report.signature.status is SignatureStatus.VALID
    assert jwt.get_unverified_header(signed.text) == {"alg": "ES256", "typ": "JWT"}
    assert decode(signed.text, pem_public(ec_private), "ES256") == CLAIMS


def test_same_algorithm_changes_nothing(signed):
    before = signed.text
    recorder = Recorder(signed)

    signed.set_algorithm("HS256")

    assert signed.text == before
    assert recorder.replaced == []


# --- undo and redo ------------------------------------------------------------


def test_undo_restores_the_previous_token_byte_for_byte_and_redo_returns(signed):
    original = signed.text
    signed.set_claim("role", "admin")
    edited = signed.text
    recorder = Recorder(signed)

    signed.undo()

    assert signed.text == original
    assert signed.token.token == original
    assert recorder.replaced == [original]
    assert signed.report.signature.status is SignatureStatus.VALID
    assert (signed.history.can_undo, signed.history.can_redo) == (False, True)

    signed.redo()

    assert signed.text == edited
    assert decode(signed.text, SECRET, "HS256")["role"] == "admin"
    assert (signed.history.can_undo, signed.history.can_redo) == (True, False)


def test_undo_brings_back_the_stale_note_of_that_state(signed):
    signed.set_algorithm("RS256")
    stale = signed.stale
    assert stale

    signed.undo()
    assert signed.stale == ""
    assert signed.report.signature.status is SignatureStatus.VALID

    signed.redo()
    assert signed.stale == stale


def test_undo_at_the_start_does_nothing(signed):
    before = signed.text
    recorder = Recorder(signed)

    signed.undo()
    signed.redo()

    assert signed.text == before
    assert recorder.replaced == []


def test_payload_edits_within_a_second_are_one_undo_step(signed, clock):
    original = signed.text
    signed.edit_json("payload", '{"sub": "b"}')
    clock.advance(0.4)
    signed.edit_json("payload", '{"sub": "bo"}')
    clock.advance(0.4)
    signed.edit_json("payload", '{"sub": "bob"}')

    signed.undo()

    assert signed.text == original


def test_payload_edits_seconds_apart_are_separate_undo_steps(signed, clock):
    signed.edit_json("payload", '{"sub": "b"}')
    first = signed.text
    clock.advance(2)
    signed.edit_json("payload", '{"sub": "bob"}')

    signed.undo()

    assert signed.text == first


def test_claim_edits_are_one_undo_step_each(signed):
    signed.set_claim("role", "admin")
    first = signed.text
    signed.set_claim("role", "root")

    signed.undo()

    assert signed.text == first


def test_an_edit_after_undo_drops_the_redo_steps(signed):
    signed.set_claim("role", "admin")
    signed.undo()

    signed.set_claim("role", "root")

    assert signed.history.can_redo is False
    signed.redo()
    assert decode(signed.text, SECRET, "HS256")["role"] == "root"


# --- original bytes and formatting --------------------------------------------

ODD_HEADER = b'{ "alg" : "HS256" ,\r\n\t"typ":"JWT"   }'
ODD_PAYLOAD = b'{\n  "sub" : "alice" ,\n  "amount" : 1.50,\n  "name" : "Ren\\u00e9"\n}'


def test_an_untouched_pasted_token_keeps_its_exact_bytes(session):
    token = hs256_by_hand(ODD_HEADER, ODD_PAYLOAD, SECRET)
    recorder = Recorder(session)

    session.set_text(token)
    session.set_secret(SECRET)
    session.set_algorithm("HS256")  # the same algorithm: not an edit

    assert session.text == token
    assert session.token.token == token
    assert recorder.replaced == []
    assert session.report.signature.status is SignatureStatus.VALID
    assert unb64url(segments(session.text)[0]) == ODD_HEADER
    assert unb64url(segments(session.text)[1]) == ODD_PAYLOAD


def test_editing_only_the_payload_keeps_the_header_segment(session):
    token = hs256_by_hand(ODD_HEADER, ODD_PAYLOAD, SECRET)
    session.set_secret(SECRET)
    session.set_text(token)

    session.set_claim("sub", "bob")

    assert segments(session.text)[0] == segments(token)[0]
    assert unb64url(segments(session.text)[1]) == (
        '{"sub":"bob","amount":1.5,"name":"René"}'.encode()
    )
    assert decode(session.text, SECRET, "HS256") == {
        "sub": "bob",
        "amount": 1.5,
        "name": "René",
    }


def test_editing_only_the_header_keeps_the_payload_segment(session):
    token = hs256_by_hand(ODD_HEADER, ODD_PAYLOAD, SECRET)
    session.set_secret(SECRET)
    session.set_text(token)

    session.set_header_member("kid", "k1")

    assert segments(session.text)[1] == segments(token)[1]
    decode(session.text, SECRET, "HS256")


def test_edited_json_is_compact_by_default(signed):
    signed.edit_json("payload", '{\n  "sub" :  "bob",\n  "n": 2\n}')

    assert unb64url(segments(signed.text)[1]) == b'{"sub":"bob","n":2}'


def test_keep_formatting_keeps_the_users_whitespace(signed):
    header_segment = segments(signed.text)[0]
    text = '{\n  "sub" :  "bob",\n\t"n": 2.0\n}'
    signed.keep_formatting = True

    signed.edit_json("payload", text)

    assert unb64url(segments(signed.text)[1]) == text.encode()
    assert segments(signed.text)[0] == header_segment
    assert decode(signed.text, SECRET, "HS256") == {"sub": "bob", "n": 2.0}
    assert signed.report.signature.status is SignatureStatus.VALID


def test_keep_formatting_applies_to_the_header_too(signed):
    text = '{ "alg": "HS256",  "typ": "JWT", "kid": "a" }'
    signed.keep_formatting = True

    signed.edit_json("header", text)

    assert unb64url(segments(signed.text)[0]) == text.encode()
    assert segments(signed.text)[1] == segments(hs256(CLAIMS))[1]
    decode(signed.text, SECRET, "HS256")


# --- templates ----------------------------------------------------------------

TEMPLATE_ALGS = ("HS256", "RS256", "ES256", "EdDSA")


@pytest.fixture(scope="module")
def keys_by_alg(rsa_private, ec_private, ed_private) -> dict[str, tuple[str, Any]]:
    """For each algorithm: (how to load it in the session, PyJWT's verify key)."""
    return {
        "HS256": (SECRET, SECRET),
        "RS256": (pem_private(rsa_private), pem_public(rsa_private)),
        "ES256": (pem_private(ec_private), pem_public(ec_private)),
        "EdDSA": (pem_private(ed_private), pem_public(ed_private)),
    }


def load(session: TokenSession, alg: str, key_text: str) -> None:
    if alg.startswith("HS"):
        session.set_secret(key_text)
    else:
        session.set_key_text(key_text)


@pytest.mark.parametrize("alg", TEMPLATE_ALGS)
@pytest.mark.parametrize("name", TEMPLATES)
def test_each_template_is_signed_and_verifies_with_pyjwt(qapp, keys_by_alg, name, alg):
    now = time.time()
    session = TokenSession(clock=lambda: now)
    load_text, verify_key = keys_by_alg[alg]
    load(session, alg, load_text)
    header, payload = make_template(name, now=now, alg=alg)

    session.replace_token(header, payload)

    assert session.stale == ""
    assert session.report.signature.status is SignatureStatus.VALID
    assert jwt.get_unverified_header(session.text) == header
    assert claims_in_order(session.text) == list(payload.items())
    strict = {"algorithms": [alg], "audience": payload["aud"]}
    if name == "expired":
        with pytest.raises(jwt.ExpiredSignatureError):
            jwt.decode(session.text, verify_key, **strict)
    elif name == "not_yet_valid":
        with pytest.raises(jwt.ImmatureSignatureError):
            jwt.decode(session.text, verify_key, **strict)
    else:
        assert jwt.decode(session.text, verify_key, **strict) == payload
    relaxed = jwt.decode(session.text, verify_key, options=NO_TIME_CHECKS, **strict)
    assert relaxed == payload


def test_template_without_a_fitting_key_is_stale(signed):
    header, payload = make_template("access", now=NOW, alg="RS256")

    signed.replace_token(header, payload)

    assert "RSA private key" in signed.stale
    assert signed.token.claims == payload
    # A fresh token has no old signature to carry over.
    assert segments(signed.text)[2] == ""


def test_template_is_one_undo_step(signed):
    before = signed.text

    signed.replace_token(*make_template("refresh", now=NOW))
    signed.undo()

    assert signed.text == before


# --- random edit sequences ----------------------------------------------------

NAMES = st.one_of(
    st.sampled_from(["sub", "exp", "role", "a", "b", "x y", "é"]),
    st.text(alphabet='ab"\\é ', min_size=0, max_size=3),
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=6,
)
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("set"), NAMES, JSON_VALUES),
        st.tuples(st.just("rename"), NAMES, NAMES),
        st.tuples(st.just("remove"), NAMES),
    ),
    max_size=8,
)


def apply_to_model(claims: dict[str, Any], op: tuple[Any, ...]) -> dict[str, Any]:
    """What the operation should do to the claims, in plain Python."""
    kind, name, *rest = op
    if kind == "set":
        return {**claims, name: rest[0]}
    if kind == "remove":
        return {k: v for k, v in claims.items() if k != name}
    new = rest[0]
    if not new or new == name or name not in claims or new in claims:
        return claims
    return {(new if k == name else k): v for k, v in claims.items()}


def apply_to_session(session: TokenSession, op: tuple[Any, ...]) -> None:
    kind, name, *rest = op
    if kind == "set":
        session.set_claim(name, rest[0])
    elif kind == "rename":
        session.rename_claim(name, rest[0])
    else:
        session.remove_claim(name)


@settings(max_examples=60, deadline=None)
@given(operations=OPERATIONS)
def test_random_claim_edits_keep_token_table_and_signature_in_agreement(
    qapp, operations
):
    session = TokenSession(clock=lambda: NOW)
    session.set_secret(SECRET)
    expected: dict[str, Any] = dict(CLAIMS)
    session.set_text(hs256(expected))

    for op in operations:
        apply_to_session(session, op)
        expected = apply_to_model(expected, op)

        payload = jwt.api_jws.decode(session.text, SECRET, algorithms=["HS256"])
        # Same members, values and order, nested order included.
        assert (
            payload
            == json.dumps(expected, separators=(",", ":"), ensure_ascii=False).encode()
        )
        assert session.token.claims == expected
        rows = session.claims_model.rows()
        assert [row.name for row in rows] == list(expected)
        assert [row.value for row in rows] == list(expected.values())
        assert session.claims_model.rowCount() == len(expected)
        assert session.stale == ""
        assert session.report.signature.status is SignatureStatus.VALID


# --- keys that arrive, Generate key, header renames ---------------------------


def test_a_key_on_an_untouched_token_does_not_re_sign_it(session):
    token = hs256(CLAIMS)
    session.set_text(token)

    session.set_secret("some-other-secret-of-32-bytes!!!")

    assert session.text == token
    assert session.report.signature.status is SignatureStatus.INVALID
    assert not session.history.can_undo


def test_resign_signs_with_the_new_key_in_one_undo_step(signed):
    before = signed.text
    other = "x" * 32
    with signed.holding_resign():
        signed.set_secret(other)
    assert signed.text == before  # held: nothing re-signed yet

    signed.resign()

    assert decode(signed.text, other, "HS256") == CLAIMS
    assert segments(signed.text)[:2] == segments(before)[:2]  # bytes kept
    assert signed.report.signature.status is SignatureStatus.VALID
    signed.undo()
    assert signed.text == before
    assert not signed.history.can_undo


def test_resign_without_a_key_that_can_sign_changes_nothing(session, rsa_private):
    token = jwt.encode(CLAIMS, rsa_private, algorithm="RS256")
    session.set_key_text(pem_public(rsa_private))
    session.set_text(token)

    session.resign()

    assert session.text == token
    assert session.stale == ""


def test_undo_re_derives_the_stale_reason_for_the_key_loaded_now(signed, rsa_private):
    signed.set_algorithm("RS256")
    assert "HMAC secret" in signed.stale
    stale_text = signed.text
    signed.set_key_text(pem_private(rsa_private))  # stale + a fitting key: signs
    assert signed.stale == ""

    signed.undo()

    assert signed.text == stale_text
    assert signed.stale
    assert "HMAC secret" not in signed.stale
    assert "Undo" in signed.stale


def test_undo_to_a_stale_state_with_another_wrong_key_names_that_key(
    signed, ec_private
):
    signed.set_algorithm("RS256")
    signed.set_claim("role", "admin")
    signed.set_key_text(pem_private(ec_private))

    signed.undo()

    assert "RS256 needs an RSA private key" in signed.stale
    assert "EC P-256" in signed.stale


def test_rename_header_member_keeps_the_order_and_re_signs(signed):
    signed.set_header_member("kid", "k1")

    signed.rename_header_member("typ", "cty")

    assert list(jwt.get_unverified_header(signed.text)) == ["alg", "cty", "kid"]
    assert decode(signed.text, SECRET, "HS256") == CLAIMS
    assert [row.name for row in signed.header_model.rows()] == ["alg", "cty", "kid"]


def test_rename_header_member_onto_an_existing_one_is_refused(signed):
    before = signed.text
    recorder = Recorder(signed)

    signed.rename_header_member("typ", "alg")
    signed.rename_header_member("missing", "x")

    assert signed.text == before
    assert recorder.errors() == [
        ("header-member", 'There is already a header parameter "alg".')
    ]


def test_a_key_set_with_one_private_key_can_sign(signed, ec_private):
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(ec_private))
    signed.set_key_text(json.dumps({"keys": [jwk]}))
    assert signed.can_sign_with("ES256")

    signed.set_algorithm("ES256")

    assert signed.stale == ""
    assert decode(signed.text, ec_private.public_key(), "ES256") == CLAIMS
