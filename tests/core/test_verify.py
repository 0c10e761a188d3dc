"""Tests for signature and claim verification (RFC 7515/7519 vectors, RFC 8725)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import pathlib
import re
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from hypothesis import given, settings
from hypothesis import strategies as st

from jwtinspector.core import keygen
from jwtinspector.core.errors import KeyMaterialError, UsageError
from jwtinspector.core.keys import KeyMaterial, KeySet, load_key, load_secret, to_jwk
from jwtinspector.core.sign import b64url, sign_token
from jwtinspector.core.token import DecodedToken, inspect_token
from jwtinspector.core.verify import (
    CheckStatus,
    ClaimCheck,
    SignatureStatus,
    VerificationReport,
    VerifyOptions,
    check_claims,
    check_signature,
    verify,
)

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "rfc_vectors.json"
VECTORS: dict[str, dict[str, Any]] = json.loads(DATA.read_text(encoding="utf-8"))
SIGNED_VECTORS = [name for name, v in VECTORS.items() if v["verifies"]]
RFC_EXP = 1300819380
AFTER_RFC_EXP = 1_400_000_000
BEFORE_RFC_EXP = 1300819000
NOW = 1_700_000_000

ALGORITHMS = (
    "HS256", "HS384", "HS512",
    "RS256", "RS384", "RS512",
    "PS256", "PS384", "PS512",
    "ES256", "ES384", "ES512", "ES256K",
    "EdDSA-Ed25519", "EdDSA-Ed448",
)  # fmt: skip


# --- fixtures and helpers ------------------------------------------------------


@pytest.fixture(scope="module")
def keyring() -> dict[str, KeyMaterial]:
    """One fresh key per algorithm family, generated once for the module."""
    rsa_key = keygen.generate_rsa(2048)
    return {
        "HS256": keygen.generate_secret("HS256"),
        "HS384": keygen.generate_secret("HS384"),
        "HS512": keygen.generate_secret("HS512"),
        "RSA": rsa_key,
        "RSA-2": keygen.generate_rsa(2048),
        "P-256": keygen.generate_ec("P-256"),
        "P-384": keygen.generate_ec("P-384"),
        "P-521": keygen.generate_ec("P-521"),
        "secp256k1": keygen.generate_ec("secp256k1"),
        "Ed25519": keygen.generate_okp("Ed25519"),
        "Ed448": keygen.generate_okp("Ed448"),
    }


def _key_for(keyring: dict[str, KeyMaterial], case: str) -> tuple[str, KeyMaterial]:
    """(JWS alg, key) for an entry of ALGORITHMS."""
    if case.startswith("HS"):
        return case, keyring[case]
    if case.startswith(("RS", "PS")):
        return case, keyring["RSA"]
    if case.startswith("EdDSA-"):
        return "EdDSA", keyring[case.split("-", 1)[1]]
    curve = {
        "ES256": "P-256",
        "ES384": "P-384",
        "ES512": "P-521",
        "ES256K": "secp256k1",
    }
    return case, keyring[curve[case]]


def _sign(key: KeyMaterial, alg: str, payload: Any = None, **header: Any) -> str:
    claims = {"sub": "alice", "n": 1} if payload is None else payload
    return sign_token({"alg": alg, "typ": "JWT", **header}, claims, key)


def _check(token: str, key: KeyMaterial | KeySet | None, **options: Any) -> Any:
    return check_signature(inspect_token(token), key, **options)


def _raw_token(header: Any, payload: Any, signature: bytes = b"") -> str:
    """A token built by hand, so its header can say anything."""
    head = b64url(json.dumps(header, separators=(",", ":")).encode())
    body = b64url(json.dumps(payload, separators=(",", ":")).encode())
    return f"{head}.{body}.{b64url(signature)}"


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _claims_of(payload: Any, **options: Any) -> tuple[ClaimCheck, ...]:
    decoded = inspect_token(_raw_token({"alg": "HS256"}, payload, b"sig"))
    return check_claims(
        decoded, now=options.pop("now", NOW), options=VerifyOptions(**options)
    )


def _by_claim(checks: tuple[ClaimCheck, ...], claim: str) -> ClaimCheck:
    found = [c for c in checks if c.claim == claim]
    assert len(found) == 1, checks
    return found[0]


# --- RFC vectors ---------------------------------------------------------------


@pytest.mark.parametrize("name", list(VECTORS))
def test_rfc_vector_decodes_to_the_published_header_and_payload(name: str) -> None:
    vector = VECTORS[name]

    decoded = inspect_token(vector["token"])

    assert decoded.ok, decoded.errors
    assert decoded.form == "JWS"
    assert decoded.header == vector["header"]
    assert decoded.alg == vector["alg"]
    if isinstance(vector["payload"], str):  # RFC 7515 A.4: the bytes "Payload"
        assert decoded.payload_bytes == vector["payload"].encode()
        assert decoded.claims is None
    else:
        assert decoded.payload == vector["payload"]


@pytest.mark.parametrize("name", SIGNED_VECTORS)
def test_rfc_vector_verifies_with_the_rfc_key(name: str) -> None:
    vector = VECTORS[name]
    key = load_key(json.dumps(vector["key"]))
    assert isinstance(key, KeyMaterial)

    result = _check(vector["token"], key)

    assert result.status is SignatureStatus.VALID, result.message
    assert result.algorithm == vector["alg"]
    assert result.key is key


@pytest.mark.parametrize("name", SIGNED_VECTORS)
def test_rfc_vector_fails_with_another_key_of_the_same_kind(
    name: str, keyring: dict[str, KeyMaterial]
) -> None:
    vector = VECTORS[name]
    other = {"HS256": keyring["HS256"], "RS256": keyring["RSA"]}.get(vector["alg"])
    if other is None:
        other = keyring["P-256" if vector["alg"] == "ES256" else "P-521"]

    result = _check(vector["token"], other)

    assert result.status is SignatureStatus.INVALID


@pytest.mark.parametrize("name", [n for n in SIGNED_VECTORS if n != "rfc7515_a4"])
def test_rfc_vector_claims_expired_after_exp_and_pass_before(name: str) -> None:
    vector = VECTORS[name]
    key = load_key(json.dumps(vector["key"]))
    decoded = inspect_token(vector["token"])

    late = verify(decoded, key, now=AFTER_RFC_EXP)
    early = verify(decoded, key, now=BEFORE_RFC_EXP)

    assert late.signature.status is SignatureStatus.VALID
    exp = _by_claim(late.claims, "exp")
    assert exp.status is CheckStatus.FAILED
    assert exp.message.startswith("Expired")
    assert not late.valid
    assert early.valid, early.problems
    assert _by_claim(early.claims, "exp").status is CheckStatus.PASSED


def test_rfc_a4_non_json_payload_verifies_without_claim_checks() -> None:
    vector = VECTORS["rfc7515_a4"]

    report = verify(
        inspect_token(vector["token"]),
        load_key(json.dumps(vector["key"])),
        now=AFTER_RFC_EXP,
    )

    assert report.signature.status is SignatureStatus.VALID
    assert report.claims == ()
    assert report.valid


def test_rfc_a5_alg_none_is_never_valid(keyring: dict[str, KeyMaterial]) -> None:
    token = VECTORS["rfc7515_a5"]["token"]
    decoded = inspect_token(token)
    candidates: list[KeyMaterial | KeySet | None] = [
        *keyring.values(),
        load_key(json.dumps(VECTORS["rfc7515_a1"]["key"])),
        load_key(json.dumps({"keys": [to_jwk(keyring["RSA"])]})),
    ]

    for key in candidates:
        report = verify(decoded, key, now=BEFORE_RFC_EXP)
        assert report.signature.status is SignatureStatus.CANNOT_CHECK, key
        assert not report.valid
    allowed = check_signature(decoded, keyring["HS256"], algorithms=("none",))
    assert allowed.status is SignatureStatus.CANNOT_CHECK


# --- every algorithm round-trips -------------------------------------------------


@pytest.mark.parametrize("case", ALGORITHMS)
def test_every_algorithm_round_trips(
    case: str, keyring: dict[str, KeyMaterial]
) -> None:
    alg, key = _key_for(keyring, case)
    token = _sign(key, alg, {"sub": "alice", "iat": NOW - 10, "exp": NOW + 60})

    report = verify(inspect_token(token), key, now=NOW)

    assert report.signature.status is SignatureStatus.VALID, report.signature.message
    assert report.signature.algorithm == alg
    assert report.signature.warnings == ()
    assert report.valid


@pytest.mark.parametrize("case", ALGORITHMS)
def test_signed_token_verifies_with_plain_pyjwt(
    case: str, keyring: dict[str, KeyMaterial]
) -> None:
    alg, key = _key_for(keyring, case)
    claims = {"sub": "alice", "n": [1, 2, 3], "é": "ü"}
    token = _sign(key, alg, claims, kid="k1")

    decoded = jwt.decode(token, key.verification_key(), algorithms=[alg])
    header = jwt.get_unverified_header(token)

    assert decoded == claims
    assert header == {"alg": alg, "typ": "JWT", "kid": "k1"}


def test_hmac_round_trip_with_plain_pyjwt_uses_raw_secret_bytes() -> None:
    secret = load_secret("a-string-secret-at-least-256-bits-long")
    token = _sign(secret, "HS256")

    assert isinstance(secret.verification_key(), bytes)
    assert jwt.decode(
        token, b"a-string-secret-at-least-256-bits-long", algorithms=["HS256"]
    )


@pytest.mark.parametrize("case", ["RS256", "ES256", "EdDSA-Ed25519"])
def test_public_half_verifies(case: str, keyring: dict[str, KeyMaterial]) -> None:
    alg, key = _key_for(keyring, case)
    public_pem = key.verification_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    public = load_key(public_pem)
    assert isinstance(public, KeyMaterial)
    assert not public.is_private

    assert _check(_sign(key, alg), public).status is SignatureStatus.VALID


# --- tampering -----------------------------------------------------------------


def _flip(token: str, part: int, position: int) -> str:
    """Flip one bit of one decoded segment and re-encode it."""
    parts = token.split(".")
    data = bytearray(_b64decode(parts[part]))
    bit = position % (len(data) * 8)
    data[bit // 8] ^= 1 << (bit % 8)
    parts[part] = b64url(bytes(data))
    return ".".join(parts)


@pytest.mark.parametrize("case", ["HS256", "RS256", "ES256"])
def test_one_flipped_bit_is_never_valid(
    case: str, keyring: dict[str, KeyMaterial]
) -> None:
    alg, key = _key_for(keyring, case)
    token = _sign(key, alg, {"sub": "alice", "admin": False, "exp": NOW + 60}, kid="k")
    assert _check(token, key).status is SignatureStatus.VALID

    @settings(max_examples=100, database=None)
    @given(part=st.integers(0, 2), position=st.integers(0, 10**6))
    def flipped_is_rejected(part: int, position: int) -> None:
        tampered = _flip(token, part, position)
        assert tampered != token
        decoded = inspect_token(tampered)
        result = check_signature(decoded, key)
        assert result.status is not SignatureStatus.VALID
        if decoded.ok and decoded.alg == alg:
            assert result.status is SignatureStatus.INVALID, result.message

    flipped_is_rejected()


def test_signature_of_another_payload_is_invalid(
    keyring: dict[str, KeyMaterial],
) -> None:
    key = keyring["HS256"]
    first = _sign(key, "HS256", {"sub": "alice"}).split(".")
    second = _sign(key, "HS256", {"sub": "admin"}).split(".")
    spliced = ".".join([first[0], second[1], first[2]])

    assert _check(spliced, key).status is SignatureStatus.INVALID


# --- algorithm confusion and alg none ----------------------------------------------


def _public_pem(key: KeyMaterial) -> str:
    pem = key.verification_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem.decode("ascii")


def test_public_key_pem_is_refused_as_hmac_secret(
    keyring: dict[str, KeyMaterial],
) -> None:
    pem = _public_pem(keyring["RSA"])

    with pytest.raises(KeyMaterialError, match=r"(?i)algorithm.confusion"):
        load_secret(pem)
    with pytest.raises(KeyMaterialError):
        load_secret(pem.strip())
    with pytest.raises(KeyMaterialError):
        load_secret(json.dumps(to_jwk(keyring["RSA"])))
    with pytest.raises(KeyMaterialError):
        load_secret(base64.b64encode(pem.encode()).decode(), "base64")


@pytest.mark.parametrize("family", ["RSA", "P-256", "Ed25519"])
def test_hs_token_forged_with_public_key_is_not_checked(
    family: str, keyring: dict[str, KeyMaterial]
) -> None:
    public = load_key(_public_pem(keyring[family]))
    assert isinstance(public, KeyMaterial)
    signing_input = _raw_token({"alg": "HS256", "typ": "JWT"}, {"sub": "admin"})[:-1]
    for secret in (_public_pem(keyring[family]), _public_pem(keyring[family]).strip()):
        mac = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256)
        forged = f"{signing_input}.{b64url(mac.digest())}"

        for key in (public, keyring[family]):
            result = _check(forged, key)
            assert result.status is SignatureStatus.CANNOT_CHECK
            assert re.search(r"(?i)algorithm.confusion", result.message), result.message


def test_hs_token_with_rsa_keyset_is_not_checked(
    keyring: dict[str, KeyMaterial],
) -> None:
    keys = load_key(json.dumps({"keys": [to_jwk(keyring["RSA"])]}))
    token = _raw_token({"alg": "HS256"}, {"sub": "admin"}, b"x" * 32)

    result = _check(token, keys)

    assert result.status is SignatureStatus.CANNOT_CHECK


def test_rs_token_with_hmac_secret_is_not_checked(
    keyring: dict[str, KeyMaterial],
) -> None:
    token = _sign(keyring["RSA"], "RS256")

    result = _check(token, keyring["HS256"])

    assert result.status is SignatureStatus.CANNOT_CHECK
    assert "RS256" in result.message


def test_user_allowed_algorithms_win_over_the_header(
    keyring: dict[str, KeyMaterial],
) -> None:
    token = _sign(keyring["RSA"], "PS256")

    restricted = _check(token, keyring["RSA"], algorithms=("RS256",))
    allowed = _check(token, keyring["RSA"], algorithms=("RS256", "PS256"))

    assert restricted.status is SignatureStatus.CANNOT_CHECK
    assert "RS256" in restricted.message
    assert allowed.status is SignatureStatus.VALID


def test_jwk_alg_restricts_the_key(keyring: dict[str, KeyMaterial]) -> None:
    jwk = {**to_jwk(keyring["RSA"], private=True), "alg": "RS256"}
    key = load_key(json.dumps(jwk))
    assert isinstance(key, KeyMaterial)

    assert _check(_sign(keyring["RSA"], "RS256"), key).status is SignatureStatus.VALID
    assert _check(_sign(keyring["RSA"], "PS256"), key).status is (
        SignatureStatus.CANNOT_CHECK
    )


def test_ec_key_does_not_check_another_curve(keyring: dict[str, KeyMaterial]) -> None:
    token = _sign(keyring["P-521"], "ES512")

    assert _check(token, keyring["P-256"]).status is SignatureStatus.CANNOT_CHECK


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE", "none "])
@pytest.mark.parametrize("signature", [b"", b"\x00" * 32])
def test_alg_none_variants_are_never_valid(
    alg: str, signature: bytes, keyring: dict[str, KeyMaterial]
) -> None:
    token = _raw_token({"alg": alg, "typ": "JWT"}, {"sub": "admin"}, signature)
    decoded = inspect_token(token)

    for key in (keyring["HS256"], keyring["RSA"], None):
        result = check_signature(decoded, key)
        assert result.status is SignatureStatus.CANNOT_CHECK, (key, result)
        assert not verify(decoded, key, now=NOW).valid


def test_empty_signature_with_hs256_is_not_checked(
    keyring: dict[str, KeyMaterial],
) -> None:
    token = _sign(keyring["HS256"], "HS256")
    stripped = token.rsplit(".", 1)[0] + "."

    result = _check(stripped, keyring["HS256"])

    assert result.status is SignatureStatus.CANNOT_CHECK
    assert "empty" in result.message


@pytest.mark.parametrize(
    "header",
    [{"typ": "JWT"}, {"alg": 256}, {"alg": ""}, {"alg": "HS257"}, {"alg": "ES521"}],
)
def test_missing_or_unknown_alg_is_not_checked(
    header: dict[str, Any], keyring: dict[str, KeyMaterial]
) -> None:
    token = _raw_token(header, {"sub": "admin"}, b"x" * 32)

    assert _check(token, keyring["HS256"]).status is SignatureStatus.CANNOT_CHECK


# --- keys: none, JWE, key sets ---------------------------------------------------


def test_no_key_is_not_checked(keyring: dict[str, KeyMaterial]) -> None:
    hs = _check(_sign(keyring["HS256"], "HS256"), None)
    rs = _check(_sign(keyring["RSA"], "RS256"), None)

    assert hs.status is SignatureStatus.NOT_CHECKED
    assert "secret" in hs.message
    assert rs.status is SignatureStatus.NOT_CHECKED
    assert "public key" in rs.message


def test_jwe_is_cannot_check(keyring: dict[str, KeyMaterial]) -> None:
    header = b64url(b'{"alg":"RSA-OAEP","enc":"A256GCM"}')
    parts = [b"k" * 256, b"i" * 12, b"c", b"t" * 16]
    token = ".".join([header, *(b64url(part) for part in parts)])
    decoded = inspect_token(token)
    assert decoded.is_encrypted

    for key in (keyring["RSA"], None):
        result = check_signature(decoded, key)
        assert result.status is SignatureStatus.CANNOT_CHECK
        assert "JWE" in result.message


@pytest.fixture(scope="module")
def keyset(keyring: dict[str, KeyMaterial]) -> KeySet:
    jwks = {
        "keys": [
            {**to_jwk(keyring["RSA"]), "kid": "a"},
            {**to_jwk(keyring["RSA-2"]), "kid": "b"},
            {**to_jwk(keyring["P-256"]), "kid": "c"},
        ]
    }
    loaded = load_key(json.dumps(jwks))
    assert isinstance(loaded, KeySet)
    return loaded


def test_keyset_kid_picks_the_right_key(
    keyset: KeySet, keyring: dict[str, KeyMaterial]
) -> None:
    token = _sign(keyring["RSA-2"], "RS256", kid="b")

    result = _check(token, keyset)

    assert result.status is SignatureStatus.VALID
    assert result.key is not None
    assert result.key.kid == "b"
    assert result.trace[-2:] == (
        'kid "b" matches (RSA 2048, use sig)',
        "signature verified",
    )


def test_keyset_kid_of_wrong_key_is_invalid(
    keyset: KeySet, keyring: dict[str, KeyMaterial]
) -> None:
    token = _sign(keyring["RSA"], "RS256", kid="b")  # signed by "a", claims "b"

    assert _check(token, keyset).status is SignatureStatus.INVALID


def test_keyset_unknown_kid_is_not_checked_with_another_key(
    keyset: KeySet, keyring: dict[str, KeyMaterial]
) -> None:
    # RFC 8725: a kid the set lacks means the set lacks the key.
    rs = _check(_sign(keyring["RSA-2"], "RS256", kid="zzz"), keyset)
    es = _check(_sign(keyring["P-256"], "ES256"), keyset)

    assert rs.status is SignatureStatus.CANNOT_CHECK
    assert rs.key is None
    assert rs.message.startswith('No key in the set has kid "zzz"')
    assert 'kid "b": other kid' in rs.trace
    assert es.status is SignatureStatus.VALID
    assert es.key is not None
    assert es.key.kid == "c"
    assert any(
        line.startswith('kid "a":') and "does not fit" in line for line in es.trace
    )


def test_keyset_without_fitting_key_cannot_check(
    keyset: KeySet, keyring: dict[str, KeyMaterial]
) -> None:
    result = _check(_sign(keyring["Ed25519"], "EdDSA"), keyset)

    assert result.status is SignatureStatus.CANNOT_CHECK
    assert len(result.trace) == 5  # the count, one line per key, the verdict
    assert result.trace[-1].startswith("No key in the set fits")


def test_keyset_skips_enc_keys(keyring: dict[str, KeyMaterial]) -> None:
    jwks = {"keys": [{**to_jwk(keyring["RSA"]), "kid": "a", "use": "enc"}]}
    keys = load_key(json.dumps(jwks))

    result = _check(_sign(keyring["RSA"], "RS256", kid="a"), keys)

    assert result.status is SignatureStatus.CANNOT_CHECK
    assert any('use "enc"' in line for line in result.trace)


# --- claims ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "leeway", "status"),
    [
        (NOW - 1, 0, CheckStatus.PASSED),
        (NOW, 0, CheckStatus.FAILED),
        (NOW + 5, 0, CheckStatus.FAILED),
        (NOW + 5, 10, CheckStatus.PASSED),
        (NOW + 10, 10, CheckStatus.FAILED),
    ],
)
def test_exp(now: float, leeway: float, status: CheckStatus) -> None:
    check = _by_claim(_claims_of({"exp": NOW}, now=now, leeway=leeway), "exp")

    assert check.status is status
    assert check.message.startswith("Expired" if now >= NOW else "Expires")
    # Passing only thanks to the leeway is said, with the leeway.
    within = status is CheckStatus.PASSED and now >= NOW
    assert ("accepted within the 10 s leeway" in check.message) is within


@pytest.mark.parametrize(
    ("now", "leeway", "status"),
    [
        (NOW, 0, CheckStatus.PASSED),
        (NOW - 1, 0, CheckStatus.FAILED),
        (NOW - 5, 10, CheckStatus.PASSED),
        (NOW - 11, 10, CheckStatus.FAILED),
    ],
)
def test_nbf(now: float, leeway: float, status: CheckStatus) -> None:
    check = _by_claim(_claims_of({"nbf": NOW}, now=now, leeway=leeway), "nbf")

    assert check.status is status
    if status is CheckStatus.FAILED:
        assert "Not valid yet" in check.message
    within = status is CheckStatus.PASSED and now < NOW
    assert ("accepted within the 10 s leeway" in check.message) is within


@pytest.mark.parametrize(
    ("now", "leeway", "status"),
    [
        (NOW + 100, 0, CheckStatus.PASSED),
        (NOW - 1, 0, CheckStatus.FAILED),
        (NOW - 30, 60, CheckStatus.PASSED),
    ],
)
def test_iat(now: float, leeway: float, status: CheckStatus) -> None:
    check = _by_claim(_claims_of({"iat": NOW}, now=now, leeway=leeway), "iat")

    assert check.status is status
    if status is CheckStatus.FAILED:
        assert "future" in check.message
    within = status is CheckStatus.PASSED and now < NOW
    assert ("accepted within the 1 min leeway" in check.message) is within


@pytest.mark.parametrize("claim", ["exp", "nbf", "iat"])
@pytest.mark.parametrize("value", ["1700000000", True, None, {"t": 1}, [1]])
def test_non_numeric_dates_fail_without_crashing(claim: str, value: Any) -> None:
    check = _by_claim(_claims_of({claim: value}), claim)

    assert check.status is CheckStatus.FAILED
    assert "not a number" in check.message
    assert json.dumps(value) in check.message


def test_float_dates_are_numbers() -> None:
    checks = _claims_of({"exp": NOW + 0.5, "iat": NOW - 0.5})

    assert all(c.status is CheckStatus.PASSED for c in checks), checks


def test_time_checks_can_be_switched_off() -> None:
    checks = _claims_of({"exp": 1, "nbf": NOW * 2, "iat": "x"}, check_time=False)

    assert checks == ()


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"iss": "https://issuer.example"}, CheckStatus.PASSED),
        ({"iss": "https://issuer.example/"}, CheckStatus.FAILED),
        ({"iss": "https://issuer.example.evil"}, CheckStatus.FAILED),
        ({"iss": ["https://issuer.example"]}, CheckStatus.FAILED),
        ({}, CheckStatus.FAILED),
    ],
)
def test_issuer(payload: dict[str, Any], status: CheckStatus) -> None:
    check = _by_claim(_claims_of(payload, issuer="https://issuer.example"), "iss")

    assert check.status is status
    if "iss" not in payload:
        assert "No iss" in check.message


@pytest.mark.parametrize(
    ("aud", "status"),
    [
        ("api", CheckStatus.PASSED),
        (["web", "api"], CheckStatus.PASSED),
        ("web", CheckStatus.FAILED),
        (["web", "mobile"], CheckStatus.FAILED),
        ([], CheckStatus.FAILED),
        ("ap", CheckStatus.FAILED),
        (["api-x"], CheckStatus.FAILED),
    ],
)
def test_audience(aud: Any, status: CheckStatus) -> None:
    check = _by_claim(_claims_of({"aud": aud}, audience=("api",)), "aud")

    assert check.status is status


def test_audience_any_of_several_accepted() -> None:
    check = _by_claim(_claims_of({"aud": "mobile"}, audience=("web", "mobile")), "aud")

    assert check.status is CheckStatus.PASSED


def test_audience_missing_fails() -> None:
    check = _by_claim(_claims_of({"sub": "x"}, audience=("api",)), "aud")

    assert check.status is CheckStatus.FAILED
    assert "No aud" in check.message


def test_audience_not_checked_unless_asked() -> None:
    assert _claims_of({"aud": "anything"}) == ()


def test_required_claims() -> None:
    checks = _claims_of({"sub": "x", "jti": "1"}, require=("sub", "jti", "exp", "iss"))

    failed = {c.claim for c in checks if c.failed}
    assert failed == {"exp", "iss"}
    assert all("required" in c.message for c in checks if c.failed)


def test_claim_checks_on_a_non_object_payload() -> None:
    decoded = inspect_token(VECTORS["rfc7515_a4"]["token"])

    checks = check_claims(decoded, now=NOW, options=VerifyOptions(require=("sub",)))

    assert [c.claim for c in checks] == ["payload"]
    assert checks[0].failed


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        ({"alg": "HS256", "crit": ["exp-ext"], "exp-ext": 1}, False),
        ({"alg": "HS256", "crit": ["b64"], "b64": True}, True),
        ({"alg": "HS256", "crit": ["b64"]}, False),
        ({"alg": "HS256", "crit": []}, False),
        ({"alg": "HS256", "crit": "b64", "b64": True}, False),
    ],
)
def test_crit(
    header: dict[str, Any], ok: bool, keyring: dict[str, KeyMaterial]
) -> None:
    token = sign_token(header, {"sub": "x"}, keyring["HS256"])

    report = verify(inspect_token(token), keyring["HS256"], now=NOW)

    assert report.signature.status is SignatureStatus.VALID
    assert report.valid is ok
    if not ok:
        assert [c.claim for c in report.problems] == ["crit"]
    if "exp-ext" in header:
        assert "exp-ext" in report.problems[0].message


def test_report_keeps_signature_and_claims_apart(
    keyring: dict[str, KeyMaterial],
) -> None:
    token = _sign(keyring["HS256"], "HS256", {"exp": NOW - 1})

    good_sig = verify(inspect_token(token), keyring["HS256"], now=NOW)
    bad_sig = verify(inspect_token(token), keyring["HS384"], now=NOW - 100)

    assert isinstance(good_sig, VerificationReport)
    assert good_sig.signature.status is SignatureStatus.VALID
    assert [c.claim for c in good_sig.problems] == ["exp"]
    assert not good_sig.valid
    assert bad_sig.signature.status is SignatureStatus.INVALID  # another secret
    assert bad_sig.problems == ()
    assert not bad_sig.valid


# --- weak keys -------------------------------------------------------------------


def test_short_hmac_secret_verifies_with_a_warning() -> None:
    secret = load_secret("abcde")
    token = _sign(secret, "HS256")

    result = _check(token, secret)  # pytest turns any Python warning into an error

    assert result.status is SignatureStatus.VALID
    assert len(result.warnings) == 1
    assert "5 bytes" in result.warnings[0]
    assert "32 bytes" in result.warnings[0]


def test_hmac_secret_of_hash_size_has_no_warning(
    keyring: dict[str, KeyMaterial],
) -> None:
    for alg in ("HS256", "HS384", "HS512"):
        result = _check(_sign(keyring[alg], alg), keyring[alg])
        assert result.status is SignatureStatus.VALID
        assert result.warnings == ()


def test_decoded_token_type_is_what_verify_takes(
    keyring: dict[str, KeyMaterial],
) -> None:
    decoded = inspect_token("Bearer " + _sign(keyring["HS256"], "HS256"))

    assert isinstance(decoded, DecodedToken)
    assert check_signature(decoded, keyring["HS256"]).status is SignatureStatus.VALID


# --- leeway, token text and untrusted text in messages ----------------------------


@pytest.mark.parametrize("leeway", [float("nan"), float("inf"), -1.0, "5"])
def test_unusable_leeway_is_refused(leeway: Any) -> None:
    # NaN or infinity would let an expired token through.
    with pytest.raises(UsageError, match="leeway must be a finite number"):
        VerifyOptions(leeway=leeway)


_B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@pytest.fixture(scope="module")
def signed_tokens(keyring: dict[str, KeyMaterial]) -> dict[str, tuple[str, Any]]:
    """One valid token per algorithm case, with the key that verifies it."""
    tokens = {}
    for case in ALGORITHMS:
        alg, key = _key_for(keyring, case)
        tokens[case] = (_sign(key, alg), key)
    return tokens


@pytest.mark.parametrize("case", ALGORITHMS)
def test_every_other_last_character_of_a_segment_is_never_valid(
    case: str, signed_tokens: dict[str, tuple[str, Any]]
) -> None:
    # The last character's unused bits change the text, not the bytes.
    token, key = signed_tokens[case]
    assert _check(token, key).status is SignatureStatus.VALID
    for end in (token.index("."), token.rindex("."), len(token)):
        for char in _B64URL.replace(token[end - 1], ""):
            mutated = token[: end - 1] + char + token[end:]
            assert _check(mutated, key).status is not SignatureStatus.VALID, mutated


@settings(max_examples=40, deadline=None)
@given(data=st.data(), case=st.sampled_from(ALGORITHMS))
def test_any_one_character_replaced_is_never_valid(
    data: st.DataObject, case: str, signed_tokens: dict[str, tuple[str, Any]]
) -> None:
    token, key = signed_tokens[case]
    position = data.draw(
        st.integers(0, len(token) - 1).filter(lambda i: token[i] != ".")
    )
    char = data.draw(st.sampled_from(_B64URL.replace(token[position], "")))
    mutated = token[:position] + char + token[position + 1 :]

    assert _check(mutated, key).status is not SignatureStatus.VALID


def test_unsupported_algorithm_is_quoted_with_control_characters_escaped() -> None:
    token = _raw_token({"alg": "X\x1b]0;PWNED\x07\x9b"}, {"sub": "a"}, b"sig")

    result = _check(token, load_secret("s" * 32))

    assert result.status is SignatureStatus.CANNOT_CHECK
    assert result.message == (
        'Cannot check: the algorithm "X\\u001b]0;PWNED\\u0007\\u009b" is not supported.'
    )


def test_untrusted_claim_and_crit_names_are_quoted() -> None:
    checks = _claims_of({"iss": "a\x9bb"}, issuer="x", require=("r\x1b",))
    crit = check_claims(
        inspect_token(_raw_token({"alg": "HS256", "crit": ["c\x1b"]}, {}, b"s")),
        now=NOW,
    )

    messages = [c.message for c in (*checks, *crit)]
    assert not any(ch in m for m in messages for ch in "\x1b\x9b"), messages
    assert 'The required claim "r\\u001b" is missing.' in messages
    assert "Wrong issuer: iss is \"a\\u009bb\", expected 'x'." in messages


def test_keyset_without_fitting_key_says_the_token_has_no_kid(
    keyring: dict[str, KeyMaterial],
) -> None:
    keys = load_key(json.dumps({"keys": [{**to_jwk(keyring["RSA"]), "kid": "a"}]}))

    result = _check(_sign(keyring["P-256"], "ES256"), keys)

    assert result.status is SignatureStatus.CANNOT_CHECK
    assert result.message == "No key in the set fits this token (no kid, ES256)."
    assert "None" not in result.message


def test_keyset_trace_says_why_a_key_was_dropped(
    keyring: dict[str, KeyMaterial],
) -> None:
    jwks = {"keys": [{**to_jwk(keyring["RSA"]), "kid": "a"}, {"kty": "RSA"}]}

    result = _check(_sign(keyring["RSA"], "RS256", kid="a"), load_key(json.dumps(jwks)))

    assert result.status is SignatureStatus.VALID
    (skipped,) = [line for line in result.trace if line.startswith("skipped ")]
    assert skipped.startswith("skipped key 2: ")
    assert "invalid" in skipped or "missing" in skipped


@pytest.mark.parametrize(
    "members",
    [{"use": "enc"}, {"key_ops": ["encrypt"]}, {"key_ops": []}],
    ids=["use-enc", "key_ops-encrypt", "key_ops-empty"],
)
def test_single_jwk_not_for_verifying_is_not_used(
    keyring: dict[str, KeyMaterial], members: dict[str, Any]
) -> None:
    key = load_key(json.dumps({**to_jwk(keyring["RSA"]), **members}))
    assert isinstance(key, KeyMaterial)

    result = _check(_sign(keyring["RSA"], "RS256"), key)

    assert result.status is SignatureStatus.CANNOT_CHECK
    assert "not a key for verifying signatures" in result.message


def test_single_jwk_with_verify_in_key_ops_still_verifies(
    keyring: dict[str, KeyMaterial],
) -> None:
    key = load_key(json.dumps({**to_jwk(keyring["RSA"]), "key_ops": ["verify"]}))
    assert isinstance(key, KeyMaterial)

    assert _check(_sign(keyring["RSA"], "RS256"), key).status is SignatureStatus.VALID


@pytest.mark.parametrize(
    "header",
    [{"b64": False}, {"b64": "false"}],
    ids=["not-in-crit", "string"],
)
def test_unencoded_payload_token_is_not_verified(
    keyring: dict[str, KeyMaterial], header: dict[str, Any]
) -> None:
    # Signed over the payload segment as written, as RFC 7797 does: the decoded
    # claims shown are not what the signature covers.
    token = _sign(keyring["HS256"], "HS256", **header)

    result = _check(token, keyring["HS256"])

    assert result.status is SignatureStatus.CANNOT_CHECK
    assert "RFC 7797" in result.message


def test_unencoded_payload_listed_in_crit_verifies_over_the_text_as_written(
    keyring: dict[str, KeyMaterial],
) -> None:
    # RFC 7797: the payload segment is the payload itself, signed as written.
    token = _sign(keyring["HS256"], "HS256", b64=False, crit=["b64"])
    decoded = inspect_token(token)

    assert decoded.payload_bytes == token.split(".")[1].encode()
    assert _check(token, keyring["HS256"]).status is SignatureStatus.VALID


@pytest.mark.parametrize("name", ["algorithms", "audience", "require"])
def test_options_given_as_one_string_are_refused(name: str) -> None:
    # "HS256" in "HS2567" is True: a string would allow what it only contains.
    with pytest.raises(UsageError, match="not one string"):
        VerifyOptions(**{name: "HS2567"})


def test_millisecond_time_claim_says_so_with_its_reading():
    token = inspect_token(
        sign_token({"alg": "HS256"}, {"iat": 1_700_000_000_000}, load_secret("s" * 32))
    )

    (check,) = check_claims(token, now=1_700_000_000)

    assert check.failed
    assert "looks like milliseconds" in check.message
    assert "2023-11-14 22:13:20 UTC" in check.message
    assert "beyond the year" not in check.message
