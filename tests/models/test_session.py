"""TokenSession: input text → decoded token → key → report → countdown."""

from __future__ import annotations

import base64
import datetime

import pytest
from certificates import certificate
from cryptography.hazmat.primitives import serialization
from fake_clock import FakeClock

from jwtinspector.core import verify as core_verify
from jwtinspector.core.errors import InputTooLargeError, TokenFormatError
from jwtinspector.core.fetch import key_set_of
from jwtinspector.core.keygen import generate_ec
from jwtinspector.core.keys import load_secret, to_jwk
from jwtinspector.core.sign import sign_token
from jwtinspector.core.verify import SignatureStatus
from jwtinspector.models import session as session_module
from jwtinspector.models.session import TokenSession

NOW = 1_700_000_000.0
SECRET = "a-test-secret-that-is-32-bytes!!"
HEADER = {"alg": "HS256", "typ": "JWT"}


def make_token(payload: dict, secret: str = SECRET) -> str:
    return sign_token(HEADER, payload, load_secret(secret))


def replace_char(token: str, segment: int, index: int, char: str) -> tuple[str, int]:
    """The token with one character of a segment replaced, and its offset."""
    parts = token.split(".")
    parts[segment] = parts[segment][:index] + char + parts[segment][index + 1 :]
    offset = sum(len(p) + 1 for p in parts[:segment]) + index
    return ".".join(parts), offset


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def session(qapp, clock) -> TokenSession:
    return TokenSession(clock=lambda: clock.now)


@pytest.fixture
def token() -> str:
    return make_token({"sub": "alice", "iat": int(NOW), "exp": int(NOW) + 600})


@pytest.fixture
def short_token() -> str:
    """Expires 2 s after the fake clock's start."""
    return make_token({"sub": "alice", "exp": int(NOW) + 2})


@pytest.fixture
def verify_calls(monkeypatch) -> list[object]:
    """Counts the session's full verifications (signature + claims)."""
    calls: list[object] = []
    real = core_verify.verify

    def counting(token, key, **kwargs):
        calls.append(token)
        return real(token, key, **kwargs)

    # The session imports verify lazily (start-up time), or at module level.
    monkeypatch.setattr(core_verify, "verify", counting)
    if hasattr(session_module, "verify"):
        monkeypatch.setattr(session_module, "verify", counting)
    return calls


def test_session_verifies_a_token_with_the_right_secret(qtbot, session, token):
    session.set_text(token)
    with qtbot.waitSignal(session.report_changed, timeout=0) as blocker:
        session.set_secret(SECRET)

    report = blocker.args[0]
    assert report.signature.status is SignatureStatus.VALID
    assert report.valid
    assert session.report is report


def test_session_reports_invalid_with_a_wrong_secret(qtbot, session, token):
    session.set_text(token)
    with qtbot.waitSignal(session.report_changed, timeout=0) as blocker:
        session.set_secret("another-secret-also-32-bytes-long")

    assert blocker.args[0].signature.status is SignatureStatus.INVALID


def test_session_reports_not_checked_without_a_key(qtbot, session, token):
    with qtbot.waitSignal(session.report_changed, timeout=0) as blocker:
        session.set_text(token)

    assert blocker.args[0].signature.status is SignatureStatus.NOT_CHECKED
    assert session.key is None


def test_session_clearing_the_secret_clears_the_key(qtbot, session, token):
    session.set_text(token)
    session.set_secret(SECRET)
    with qtbot.waitSignal(session.key_changed, timeout=0) as blocker:
        session.set_secret("")

    assert blocker.args == [None]
    assert session.report.signature.status is SignatureStatus.NOT_CHECKED


def test_session_emits_the_decoded_token_and_fills_the_models(qtbot, session, token):
    with qtbot.waitSignal(session.token_changed, timeout=0) as blocker:
        session.set_text(token)

    decoded = blocker.args[0]
    assert decoded.header == HEADER
    assert decoded.claims["sub"] == "alice"
    assert [r.name for r in session.claims_model.rows()] == ["sub", "iat", "exp"]
    assert [r.name for r in session.header_model.rows()] == ["alg", "typ"]


def test_session_clean_token_has_no_problems(qtbot, session, token):
    with qtbot.waitSignal(session.problems_changed, timeout=0) as blocker:
        session.set_text(token)

    assert blocker.args == [()]


def test_session_malformed_payload_reports_segment_and_offset(qtbot, session, token):
    bad, offset = replace_char(token, 1, 5, "!")
    with (
        qtbot.waitSignal(session.problems_changed, timeout=0) as problems,
        qtbot.waitSignal(session.token_changed, timeout=0) as changed,
    ):
        session.set_text(bad)

    (error,) = problems.args[0]
    assert isinstance(error, TokenFormatError)
    assert error.segment == "payload"
    assert error.offset == offset
    assert "'!'" in error.message
    assert changed.args[0].header == HEADER  # partial decode still shown
    assert session.text == bad


def test_session_broken_signature_still_shows_header_and_payload(qtbot, session, token):
    bad, offset = replace_char(token, 2, 3, "*")
    with (
        qtbot.waitSignal(session.problems_changed, timeout=0) as problems,
        qtbot.waitSignal(session.token_changed, timeout=0) as changed,
    ):
        session.set_text(bad)

    (error,) = problems.args[0]
    assert (error.segment, error.offset) == ("signature", offset)
    decoded = changed.args[0]
    assert decoded.header == HEADER
    assert decoded.claims["sub"] == "alice"
    assert session.report.signature.status is SignatureStatus.CANNOT_CHECK


def test_session_keeps_the_input_text_as_typed(session, token):
    text = f"  Authorization: Bearer {token}\n"
    session.set_text(text)

    assert session.text == text
    assert session.token.token == token


def test_session_empty_input_clears_everything(qtbot, session, token):
    session.set_text(token)
    with (
        qtbot.waitSignal(session.token_changed, timeout=0) as changed,
        qtbot.waitSignal(session.report_changed, timeout=0) as report,
    ):
        session.set_text("   ")

    assert changed.args == [None]
    assert report.args == [None]
    assert session.problems == ()
    assert session.claims_model.rowCount() == 0


def test_session_over_limit_input_gives_a_limit_message(qtbot, clock):
    session = TokenSession(clock=lambda: clock.now, max_size=100)
    with (
        qtbot.waitSignal(session.problems_changed, timeout=0) as problems,
        qtbot.waitSignal(session.token_changed, timeout=0) as changed,
    ):
        session.set_text("x" * 101)

    (error,) = problems.args[0]
    assert isinstance(error, InputTooLargeError)
    assert "limit" in error.message
    assert changed.args == [None]
    assert session.report is None


def test_session_countdown_texts_follow_the_clock(qtbot, session, clock, short_token):
    with qtbot.waitSignal(session.countdown_changed, timeout=0) as first:
        session.set_text(short_token)
    assert first.args[0].exp_text == "expires in 0:02"
    assert first.args[0].state == "last_minute"

    clock.advance(3)
    with qtbot.waitSignal(session.countdown_changed, timeout=0) as later:
        session.tick()

    assert later.args[0].exp_text == "expired 0:01 ago"
    assert later.args[0].state == "expired"


def test_session_tick_at_expiry_rechecks_claims_not_signature(
    qtbot, session, clock, short_token, verify_calls, monkeypatch
):
    session.set_text(short_token)
    session.set_secret(SECRET)
    assert not session.report.problems
    calls_before = len(verify_calls)
    signature_checks: list[object] = []
    monkeypatch.setattr(
        core_verify,
        "check_signature",
        lambda *args, **kwargs: signature_checks.append(args),
    )

    clock.advance(3)
    with (
        qtbot.waitSignal(session.countdown_changed, timeout=0) as countdown,
        qtbot.waitSignal(session.report_changed, timeout=0) as report,
    ):
        session.tick()

    assert countdown.args[0].state == "expired"
    (failed,) = report.args[0].problems
    assert failed.claim == "exp"
    assert failed.message.startswith("Expired")
    assert report.args[0].signature.status is SignatureStatus.VALID
    assert len(verify_calls) == calls_before
    assert signature_checks == []


def test_session_tick_without_change_emits_nothing(qtbot, session, token):
    session.set_text(token)
    with (
        qtbot.assertNotEmitted(session.countdown_changed),
        qtbot.assertNotEmitted(session.report_changed),
    ):
        session.tick()


def test_session_tick_before_expiry_does_not_touch_the_report(
    qtbot, session, clock, token
):
    session.set_text(token)
    clock.advance(5)
    with (
        qtbot.waitSignal(session.countdown_changed, timeout=0) as countdown,
        qtbot.assertNotEmitted(session.report_changed),
    ):
        session.tick()

    assert countdown.args[0].exp_text == "expires in 9:55"


def test_session_not_before_counts_down_to_valid(qtbot, session, clock):
    session.set_text(make_token({"nbf": int(NOW) + 120, "exp": int(NOW) + 3600}))
    assert session.countdown.state == "not_yet"
    assert session.countdown.nbf_text == "valid in 2:00"
    assert [c.claim for c in session.report.problems] == ["nbf"]

    clock.advance(121)
    with qtbot.waitSignal(session.report_changed, timeout=0) as report:
        session.tick()

    assert session.countdown.state == "valid"
    assert session.countdown.nbf_text == "valid since 0:01"
    assert report.args[0].problems == ()


def test_session_timer_runs_only_while_there_is_a_countdown(session, token):
    session.set_text(token)
    assert session.timer.isActive()

    session.set_text(make_token({"sub": "no dates"}))
    assert not session.timer.isActive()


def test_session_bad_key_text_reports_why(qtbot, session, token):
    session.set_text(token)
    with (
        qtbot.waitSignal(session.key_failed, timeout=0) as failed,
        qtbot.waitSignal(session.key_changed, timeout=0) as changed,
    ):
        session.set_key_text("not a key")

    assert failed.args[0].startswith("Not a key")
    assert changed.args == [None]
    assert session.report.signature.status is SignatureStatus.NOT_CHECKED


def test_session_good_key_clears_the_key_error(qtbot, session, token):
    with qtbot.waitSignal(session.key_failed, timeout=0) as failed:
        session.set_secret(SECRET)

    assert failed.args == [""]


def test_session_expectations_check_issuer_and_audience(session):
    session.set_text(make_token({"iss": "https://a", "aud": ["api", "web"]}))
    session.set_secret(SECRET)

    session.set_expectations(issuer="https://b", audience=" web , other ")
    assert [c.claim for c in session.report.problems] == ["iss"]

    session.set_expectations(issuer="https://a", audience="mobile")
    assert [c.claim for c in session.report.problems] == ["aud"]

    session.set_expectations()
    assert session.report.valid


def test_session_leeway_accepts_a_just_expired_token(session, clock, short_token):
    session.set_text(short_token)
    session.set_secret(SECRET)
    clock.advance(5)

    session.set_expectations(leeway=10)

    assert session.report.valid


def test_session_lists_the_certificates_of_fetched_keys_until_a_fetch_fails(
    session, token
):
    key = generate_ec("P-256")
    start = datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC)
    der = certificate(key.key, "keys.example", start=start, days=30).public_bytes(
        serialization.Encoding.DER
    )
    jwk = {**to_jwk(key), "kid": "e1", "x5c": [base64.b64encode(der).decode()]}
    url = "https://id.example.com/keys"
    session.set_text(token)

    session.set_fetched_keys(key_set_of({"keys": [jwk]}, url), ("1 key",), "")

    lines = session.certificate_lines()
    assert lines[:4] == (
        f'In the keys fetched from {url} (JWK kid "e1"):',
        "leaf: CN=keys.example (EC P-256)",
        "issuer: CN=keys.example (self-signed)",
        # the session's clock (NOW, November 2023) is past the 30 days
        "valid 2023-01-01 00:00:00 UTC to 2023-01-31 00:00:00 UTC: expired",
    )
    assert lines[-1] == "The JWK's key is the leaf's key."

    session.fetch_failed("the server is down", ())

    assert session.certificate_lines() == ()


def test_audit_tries_a_pasted_certificates_own_bytes_as_a_forged_secret(session, clock):
    import hashlib
    import hmac
    import json

    from cryptography.hazmat.primitives.asymmetric import rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    start = datetime.datetime.fromtimestamp(clock.now - 86400, datetime.UTC)
    cert = certificate(private, start=start)
    der = cert.public_bytes(serialization.Encoding.DER)

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    # The forger signs HS256 with the DER certificate the verifier trusts.
    signing_input = (
        b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        + "."
        + b64(json.dumps({"sub": "mallory", "role": "admin"}).encode())
    )
    mac = hmac.new(der, signing_input.encode(), hashlib.sha256).digest()
    session.set_key_text(cert.public_bytes(serialization.Encoding.PEM).decode())
    session.set_text(f"{signing_input}.{b64(mac)}")

    forged = [f for f in session.findings() if f.id == "ALG-CONFUSION-FORGED"]
    assert len(forged) == 1
    assert "DER of your certificate" in forged[0].explanation


def test_session_tick_at_expiry_keeps_the_at_hash_check(qtbot, session, clock):
    from jwtinspector.core.certs import oidc_hash

    access = "an-access-token"
    id_token = make_token(
        {"sub": "alice", "exp": int(NOW) + 2, "at_hash": oidc_hash(access, "HS256")}
    )
    session.set_text(id_token)
    session.set_secret(SECRET)
    session.set_oidc_inputs(access, "")
    assert [c.claim for c in session.report.claims if c.claim == "at_hash"] == [
        "at_hash"
    ]

    clock.advance(3)
    with qtbot.waitSignal(session.report_changed, timeout=0) as report:
        session.tick()

    claims = {c.claim: c for c in report.args[0].claims}
    assert claims["exp"].message.startswith("Expired")
    assert claims["at_hash"].status.value == "passed"
