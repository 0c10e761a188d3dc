"""The key box in the session: the sample's secret, keys kept, set aside, put back."""

from __future__ import annotations

import pytest

from jwtinspector.core.keygen import generate_ec, generate_rsa
from jwtinspector.core.keys import load_secret, to_private_pem, to_public_pem
from jwtinspector.core.sign import sign_token
from jwtinspector.core.verify import SignatureStatus
from jwtinspector.models.session import KeyInputState, TokenSession

NOW = 1_700_000_000.0
SAMPLE_SECRET = "the-samples-own-secret-32-bytes!"
USER_SECRET = "a-secret-the-user-typed-32-bytes"
CLAIMS = {"sub": "alice", "iat": int(NOW), "exp": int(NOW) + 900}


@pytest.fixture(scope="module")
def rsa_key():
    return generate_rsa(2048)


@pytest.fixture(scope="module")
def ec_key():
    return generate_ec("P-256")


@pytest.fixture
def session(qapp) -> TokenSession:
    return TokenSession(clock=lambda: NOW)


def hs256(secret: str, **claims: object) -> str:
    return sign_token({"alg": "HS256"}, {**CLAIMS, **claims}, load_secret(secret))


def status(session: TokenSession) -> SignatureStatus:
    assert session.report is not None
    return session.report.signature.status


def with_sample(session: TokenSession) -> TokenSession:
    """As the window starts: the sample token, then the sample's own secret."""
    session.set_text(hs256(SAMPLE_SECRET), merge=False)
    session.set_key_input(SAMPLE_SECRET, "utf-8", sample=True)
    assert status(session) is SignatureStatus.VALID
    assert session.key_input.sample
    return session


def confusion_findings(session: TokenSession) -> list[str]:
    return [f.title for f in session.findings() if "confusion" in f.title.lower()]


def test_the_users_first_token_has_no_key_not_the_samples(qtbot, session):
    with_sample(session)
    seen: list[KeyInputState] = []
    session.key_input_changed.connect(seen.append)

    session.set_text(hs256("the-users-service-secret-32-byte"), merge=False)

    assert session.key is None
    assert status(session) is SignatureStatus.NOT_CHECKED  # amber, never "invalid"
    assert seen
    assert seen[-1].text == ""
    assert seen[-1].mode == "auto"
    assert seen[-1].aside == ""  # the sample's secret is not offered back


def test_the_samples_secret_goes_when_the_input_is_emptied(session):
    with_sample(session)

    session.set_text("")
    session.set_text("e")  # typing a token from nothing

    assert session.key is None
    assert session.key_input.text == ""


def test_editing_the_sample_still_signs_with_its_secret(session):
    with_sample(session)

    session.set_claim("sub", "bob")

    assert status(session) is SignatureStatus.VALID
    assert session.key_input.sample


def test_a_secret_the_user_entered_stays_for_the_next_hs_token(session):
    with_sample(session)
    session.set_key_input(USER_SECRET)
    assert not session.key_input.sample
    assert session.key_input.kind == "secret (text, 32 bytes)"

    session.set_text(hs256(USER_SECRET, sub="second"), merge=False)

    assert status(session) is SignatureStatus.VALID
    assert session.key_input.text == USER_SECRET


def test_a_users_rsa_key_stays_for_the_next_ps_token(session, rsa_key):
    session.set_text(sign_token({"alg": "RS256"}, CLAIMS, rsa_key), merge=False)
    session.set_key_input(to_public_pem(rsa_key))
    assert session.key_input.kind == "RSA public key"

    session.set_text(sign_token({"alg": "PS384"}, CLAIMS, rsa_key), merge=False)

    assert status(session) is SignatureStatus.VALID


def test_a_key_that_does_not_fit_is_set_aside_and_offered_back(session, rsa_key):
    session.set_text(sign_token({"alg": "RS256"}, CLAIMS, rsa_key), merge=False)
    session.set_key_input(to_public_pem(rsa_key))
    assert status(session) is SignatureStatus.VALID

    session.set_text(hs256(USER_SECRET), merge=False)

    assert session.key is None
    assert status(session) is SignatureStatus.NOT_CHECKED
    assert session.key_input.text == ""
    assert session.key_input.aside == "RSA public key"

    session.use_aside_key()

    assert session.key_input.kind == "RSA public key"
    assert session.key_input.aside == ""
    assert session.key is not None
    assert session.key.kty == "RSA"


def test_a_key_entered_before_any_token_is_for_the_first_token(session, rsa_key):
    session.set_key_input(to_public_pem(rsa_key))

    session.set_text(hs256(USER_SECRET), merge=False)

    assert session.key_input.kind == "RSA public key"  # the user's choice stands
    assert confusion_findings(session)

    session.set_text(hs256(USER_SECRET, sub="next"), merge=False)

    assert session.key is None  # a left-over key for the next one
    assert session.key_input.aside == "RSA public key"


def test_a_left_over_key_is_set_aside_after_clear(session, rsa_key):
    session.set_text(sign_token({"alg": "RS256"}, CLAIMS, rsa_key), merge=False)
    session.set_key_input(to_public_pem(rsa_key))
    session.set_text("")
    assert session.key is not None  # nothing to fit while the input is empty

    session.set_text(hs256(USER_SECRET))  # pasted into the empty input

    assert session.key is None
    assert confusion_findings(session) == []
    assert session.key_input.aside == "RSA public key"


def test_a_key_set_aside_is_not_seen_by_the_audit(session, rsa_key):
    hs_token = hs256(USER_SECRET)
    session.set_text(sign_token({"alg": "RS256"}, CLAIMS, rsa_key), merge=False)
    session.set_key_input(to_public_pem(rsa_key))

    session.set_text(hs_token, merge=False)
    assert confusion_findings(session) == []

    # The same key entered on purpose for this HS256 token is reported.
    session.use_aside_key()
    assert confusion_findings(session)


def test_a_key_set_aside_comes_back_for_a_token_it_fits(session, rsa_key):
    rs_token = sign_token({"alg": "RS256"}, CLAIMS, rsa_key)
    session.set_text(rs_token, merge=False)
    session.set_key_input(to_public_pem(rsa_key))
    session.set_text(hs256(USER_SECRET), merge=False)
    session.set_key_input(USER_SECRET)
    assert status(session) is SignatureStatus.VALID

    session.set_text(rs_token, merge=False)

    assert status(session) is SignatureStatus.VALID  # the RSA key is back
    assert session.key_input.kind == "RSA public key"
    # The secret is aside, but not offered: the key in the box verifies.
    assert session.key_input.aside == ""

    session.set_text(hs256(USER_SECRET), merge=False)  # and back for HS256
    assert status(session) is SignatureStatus.VALID
    assert session.key_input.text == USER_SECRET
    assert session.key_input.aside == ""


def test_nothing_is_offered_back_while_the_box_holds_a_key_that_fits(session, rsa_key):
    session.set_text(sign_token({"alg": "RS256"}, CLAIMS, rsa_key), merge=False)
    session.set_key_input(to_public_pem(rsa_key))
    session.set_text(hs256(USER_SECRET), merge=False)
    assert session.key_input.aside == "RSA public key"  # the box is empty

    session.set_key_input(USER_SECRET)

    assert status(session) is SignatureStatus.VALID
    assert session.key_input.aside == ""  # no RSA key offered for HS256
    session.use_aside_key()  # and the banner's link, if clicked late, does nothing
    assert session.key_input.text == USER_SECRET


def test_an_ec_key_fits_only_its_own_curve(session, ec_key):
    session.set_text(sign_token({"alg": "ES256"}, CLAIMS, ec_key), merge=False)
    session.set_key_input(to_private_pem(ec_key))
    assert status(session) is SignatureStatus.VALID
    assert session.key_input.kind == "EC P-256 private key"
    other = generate_ec("P-384")

    session.set_text(sign_token({"alg": "ES384"}, CLAIMS, other), merge=False)

    assert session.key is None
    assert session.key_input.aside == "EC P-256 private key"


def test_a_token_without_a_signature_algorithm_keeps_the_key(session, rsa_key):
    session.set_key_input(to_public_pem(rsa_key))

    session.set_text("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", merge=False)

    assert session.key is not None
    assert session.key_input.aside == ""


def test_a_key_being_typed_is_left_alone(session):
    session.set_key_input("-----BEGIN PUBLIC KEY-----\nMIIB")
    assert session.key is None

    session.set_text(hs256(USER_SECRET), merge=False)

    assert session.key_input.text == "-----BEGIN PUBLIC KEY-----\nMIIB"


def test_the_mode_decides_how_the_text_is_read(session):
    session.set_key_input("c2VjcmV0", "auto")
    assert session.key_input.kind == "secret (text, 8 bytes)"

    session.set_key_input("c2VjcmV0", "base64")
    assert session.key_input.kind == "secret (base64, 6 bytes)"
    assert session.key_input.text == "c2VjcmV0"


def test_the_fetch_mode_holds_no_key(session):
    session.set_key_input(USER_SECRET)

    session.set_key_input("", "fetch")

    assert session.key is None
    assert session.key_input.mode == "fetch"


def test_a_secret_is_not_kept_as_key_text(session):
    session.set_key_input('x5c is in this secret "x5t"')

    assert session.key is not None
    assert session.key_text == ""


def test_the_fetch_mode_is_kept_for_the_next_token(session, rsa_key):
    rs_token = sign_token({"alg": "RS256"}, CLAIMS, rsa_key)
    session.set_text(rs_token, merge=False)
    session.set_key_input(to_public_pem(rsa_key))
    session.set_text(hs256(USER_SECRET), merge=False)  # the RSA key goes aside
    session.set_key_input("", "fetch")

    session.set_text(rs_token, merge=False)

    assert session.key_input.mode == "fetch"  # not replaced by the key set aside
    assert session.key is None
    assert session.key_input.aside == "RSA public key"


def test_fetched_keys_are_not_named_after_the_box_text(session, rsa_key, ec_key):
    session.set_key_input(to_public_pem(rsa_key))
    assert session.key_input.kind == "RSA public key"

    session.set_fetched_keys(ec_key, ("key of the header's x5c leaf",), "")

    assert session.key_input.kind == ""
    assert session.key_input.text == to_public_pem(rsa_key)  # the text stays


def test_putting_a_key_back_keeps_the_text_being_typed(session, rsa_key):
    session.set_text(sign_token({"alg": "RS256"}, CLAIMS, rsa_key), merge=False)
    session.set_key_input(to_public_pem(rsa_key))
    session.set_text(hs256(USER_SECRET), merge=False)
    session.set_key_input("-----BEGIN PUBLIC KEY-----\nMIIB")  # half pasted

    session.use_aside_key()

    assert session.key_input.kind == "RSA public key"
    assert session.key_input.aside == "text"
    session.use_aside_key()
    assert session.key_input.text == "-----BEGIN PUBLIC KEY-----\nMIIB"
