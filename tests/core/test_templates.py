"""Tests for the token templates: claims, dates, order, and verification by PyJWT."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt
import pytest

from jwtinspector.core.errors import UsageError
from jwtinspector.core.keygen import key_for_algorithm
from jwtinspector.core.keys import KeyMaterial
from jwtinspector.core.sign import sign_token
from jwtinspector.core.templates import (
    TEMPLATE_TITLES,
    TEMPLATES,
    make_template,
    new_token,
    token_header,
)

ALGS = ("HS256", "RS256", "ES256", "EdDSA")
NOW = 1_700_000_000.75  # a fraction on purpose: dates are whole seconds
BASE = 1_700_000_000
ISSUER = "https://auth.example.com"
AUDIENCE = "https://api.example.com"

CLAIM_ORDER = {
    "access": [
        "iss", "sub", "aud", "iat", "nbf", "exp", "jti",
        "scope", "type", "username", "role",
    ],
    "refresh": ["iss", "sub", "aud", "iat", "exp", "jti", "type"],
    "id_token": [
        "iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "azp",
        "name", "email", "email_verified", "preferred_username",
    ],
    "service": ["iss", "sub", "aud", "exp", "iat", "jti", "scope", "client_id"],
}  # fmt: skip
CLAIM_ORDER["expired"] = CLAIM_ORDER["access"]
CLAIM_ORDER["not_yet_valid"] = CLAIM_ORDER["access"]

# (iat, nbf, exp) relative to BASE; None where the template has no such claim.
TIMES = {
    "access": (0, 0, 15 * 60),
    "refresh": (0, None, 7 * 86400),
    "id_token": (0, None, 3600),
    "service": (0, None, 15 * 60),
    "expired": (-2 * 3600, -2 * 3600, -3600),
    "not_yet_valid": (0, 3600, 2 * 3600),
}


@pytest.fixture(scope="module")
def keys() -> dict[str, KeyMaterial]:
    return {alg: key_for_algorithm(alg) for alg in ALGS}


def _decode(token: str, key: KeyMaterial, alg: str, **options: Any) -> Any:
    payload = json.loads(_segment(token, 1))
    return jwt.decode(
        token,
        key.verification_key(),
        algorithms=[alg],
        audience=payload["aud"],
        issuer=ISSUER,
        options={"require": ["iss", "sub", "aud", "exp", "iat"], **options},
    )


def _segment(token: str, index: int) -> bytes:
    part = token.split(".")[index]
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def test_names_and_titles() -> None:
    assert TEMPLATES == (
        "access", "refresh", "id_token", "service", "expired", "not_yet_valid",
    )  # fmt: skip
    assert tuple(TEMPLATE_TITLES) == TEMPLATES
    assert TEMPLATE_TITLES["access"] == "Access token (15 min)"
    assert TEMPLATE_TITLES["refresh"] == "Refresh token (7 days)"
    assert TEMPLATE_TITLES["id_token"] == "OIDC ID token"
    assert TEMPLATE_TITLES["service"] == "Service-to-service token"
    assert TEMPLATE_TITLES["expired"] == "Expired token"
    assert TEMPLATE_TITLES["not_yet_valid"] == "Not-yet-valid token"
    with pytest.raises(TypeError):
        TEMPLATE_TITLES["access"] = "changed"  # type: ignore[index]


@pytest.mark.parametrize("alg", ALGS)
@pytest.mark.parametrize("name", ["access", "refresh", "id_token", "service"])
def test_valid_templates_verify_with_pyjwt(
    keys: dict[str, KeyMaterial], name: str, alg: str
) -> None:
    header, payload = make_template(name, now=time.time(), alg=alg)

    token = sign_token(header, payload, keys[alg])

    assert _decode(token, keys[alg], alg) == payload
    assert jwt.get_unverified_header(token) == {"alg": alg, "typ": "JWT"}


@pytest.mark.parametrize("alg", ALGS)
@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("expired", jwt.ExpiredSignatureError),
        ("not_yet_valid", jwt.ImmatureSignatureError),
    ],
)
def test_time_failing_templates_fail_in_pyjwt(
    keys: dict[str, KeyMaterial], name: str, error: type[Exception], alg: str
) -> None:
    header, payload = make_template(name, now=time.time(), alg=alg)
    token = sign_token(header, payload, keys[alg])

    with pytest.raises(error):
        _decode(token, keys[alg], alg)
    # Only the dates are wrong: the signature and every other claim check out.
    relaxed = _decode(token, keys[alg], alg, verify_exp=False, verify_nbf=False)
    assert relaxed == payload


@pytest.mark.parametrize("name", TEMPLATES)
def test_claim_order_is_kept_in_the_token(
    keys: dict[str, KeyMaterial], name: str
) -> None:
    header, payload = make_template(name, now=NOW)
    token = sign_token(header, payload, keys["HS256"])

    assert list(payload) == CLAIM_ORDER[name]
    assert list(json.loads(_segment(token, 0))) == ["alg", "typ"]
    assert list(json.loads(_segment(token, 1))) == CLAIM_ORDER[name]


@pytest.mark.parametrize("name", TEMPLATES)
def test_dates_are_whole_seconds_relative_to_now(name: str) -> None:
    _, payload = make_template(name, now=NOW)
    iat, nbf, exp = TIMES[name]

    assert payload["iat"] == BASE + iat
    assert payload["exp"] == BASE + exp
    assert payload.get("nbf") == (None if nbf is None else BASE + nbf)
    dates = [payload[c] for c in ("iat", "nbf", "exp", "auth_time") if c in payload]
    assert all(type(value) is int for value in dates)


def test_dates_follow_the_injected_clock() -> None:
    _, earlier = make_template("access", now=NOW)
    _, later = make_template("access", now=NOW + 1000)

    for claim in ("iat", "nbf", "exp"):
        assert later[claim] - earlier[claim] == 1000


def test_access_token_claims() -> None:
    header, payload = make_template("access", now=NOW, alg="RS256", jti="abc")

    assert header == {"alg": "RS256", "typ": "JWT"}
    assert payload == {
        "iss": ISSUER, "sub": "user-123", "aud": AUDIENCE,
        "iat": BASE, "nbf": BASE, "exp": BASE + 900, "jti": "abc",
        "scope": "read write", "type": "access",
        "username": "john_doe", "role": "admin",
    }  # fmt: skip


def test_refresh_token_has_no_profile_claims() -> None:
    _, payload = make_template("refresh", now=NOW)

    assert payload["type"] == "refresh"
    assert not {"username", "role", "scope", "name", "email"} & set(payload)


def test_id_token_claims() -> None:
    _, payload = make_template("id_token", now=NOW, audience="ignored")

    assert payload["aud"] == payload["azp"] == "my-client-id"
    assert payload["auth_time"] == BASE - 60
    assert payload["email_verified"] is True
    assert payload["preferred_username"] == "john_doe"
    assert "jti" not in payload
    assert isinstance(payload["nonce"], str)
    assert len(payload["nonce"]) >= 16
    assert make_template("id_token", now=NOW)[1]["nonce"] != payload["nonce"]


def test_service_token_is_client_credentials() -> None:
    _, payload = make_template("service", now=NOW)

    assert payload["sub"] == payload["client_id"] == "service-a"
    assert payload["scope"] == "read write"


@pytest.mark.parametrize("name", ["access", "refresh", "service", "expired"])
def test_jti_is_fresh_unless_given(name: str) -> None:
    first = make_template(name, now=NOW)[1]["jti"]
    second = make_template(name, now=NOW)[1]["jti"]

    assert isinstance(first, str)
    assert len(first) >= 16
    assert first != second
    assert make_template(name, now=NOW, jti="fixed")[1]["jti"] == "fixed"


@pytest.mark.parametrize("name", TEMPLATES)
def test_issuer_and_audience_are_used(name: str) -> None:
    _, payload = make_template(
        name, now=NOW, issuer="https://idp.test", audience="urn:test-api"
    )

    assert payload["iss"] == "https://idp.test"
    expected = "my-client-id" if name == "id_token" else "urn:test-api"
    assert payload["aud"] == expected


def test_each_call_returns_fresh_dicts() -> None:
    header, payload = make_template("access", now=NOW, jti="same")
    header["kid"] = "edited"
    payload["sub"] = "edited"

    again = make_template("access", now=NOW, jti="same")

    assert again == ({"alg": "HS256", "typ": "JWT"}, {**payload, "sub": "user-123"})


def test_unknown_template_lists_the_names() -> None:
    with pytest.raises(UsageError) as caught:
        make_template("bogus", now=NOW)

    assert "'bogus'" in str(caught.value)
    for name in TEMPLATES:
        assert name in str(caught.value)


@pytest.mark.parametrize("now", [float("nan"), float("inf"), True])
def test_now_must_be_a_finite_number(now: float) -> None:
    with pytest.raises(UsageError):
        make_template("access", now=now)


# --- New token ------------------------------------------------------------------


def test_new_token_is_iss_sub_iat_and_exp_an_hour_later() -> None:
    header, payload = new_token(NOW)

    assert header == {"alg": "HS256", "typ": "JWT"}
    assert list(payload) == ["iss", "sub", "iat", "exp"]
    assert payload["iss"] == ISSUER
    assert payload["iat"] == BASE
    assert payload["exp"] == BASE + 3600


def test_new_token_signed_with_a_fresh_key_verifies_in_pyjwt(keys) -> None:
    header, payload = new_token(time.time())
    token = sign_token(header, payload, keys["HS256"])

    claims = jwt.decode(
        token,
        keys["HS256"].verification_key(),
        algorithms=["HS256"],
        issuer=ISSUER,
        options={"require": ["iss", "sub", "exp", "iat"]},
    )

    assert claims == payload


def test_new_token_takes_the_algorithm_and_issuer_given() -> None:
    header, payload = new_token(NOW, alg="ES256", issuer="https://idp.test")

    assert header["alg"] == "ES256"
    assert payload["iss"] == "https://idp.test"


def test_new_token_returns_fresh_dicts() -> None:
    first, second = new_token(NOW), new_token(NOW)
    first[0]["kid"] = "x"
    first[1]["role"] = "admin"

    assert second == (token_header(), new_token(NOW)[1])


@pytest.mark.parametrize("now", [float("nan"), float("inf"), "1700000000"])
def test_new_token_needs_a_finite_time(now: Any) -> None:
    with pytest.raises(UsageError, match="finite number"):
        new_token(now)
