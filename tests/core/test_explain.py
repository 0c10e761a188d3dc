from collections.abc import Callable

import jwt
import pytest

from jwtinspector.core import keygen
from jwtinspector.core.explain import explain
from jwtinspector.core.keys import KeyMaterial, load_secret
from jwtinspector.core.sign import sign_token
from jwtinspector.core.token import inspect_token

SECRET = "k" * 32


def _bodies(steps: tuple) -> str:
    return "\n".join(f"{s.title}\n{s.body}" for s in steps)


def test_explain_shows_the_real_bytes_of_each_step() -> None:
    token = jwt.encode({"sub": "1"}, SECRET, algorithm="HS256")
    text = _bodies(explain(inspect_token(token), load_secret(SECRET)))
    head, payload, sig = token.split(".")
    assert '{"sub":"1"}' in text
    assert f"{head}.{payload}" in text
    assert sig in text
    assert "HMAC-SHA-256" in text
    assert "They are the same" in text


def test_explain_says_where_an_hmac_check_fails() -> None:
    token = jwt.encode({"sub": "1"}, SECRET, algorithm="HS256")
    steps = explain(inspect_token(token), load_secret("x" * 32))
    assert "differs from the token's" in steps[-1].body


def test_explain_splits_an_ecdsa_signature_into_r_and_s() -> None:
    key = keygen.generate_ec("P-256")
    token = sign_token({"alg": "ES256"}, {"sub": "1"}, key)
    text = _bodies(explain(inspect_token(token), key))
    sig = inspect_token(token).signature or b""
    assert f"r = {sig[:32].hex()}" in text
    assert f"s = {sig[32:].hex()}" in text
    assert "cannot recompute" in text


def test_explain_names_a_key_that_does_not_fit() -> None:
    token = jwt.encode({"sub": "1"}, SECRET, algorithm="HS256")
    key = keygen.generate_ec("P-256")
    body = explain(inspect_token(token), key)[-1].body
    assert "it fits ES256, but the token says HS256" in body


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", "unsigned"),
        ("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d", "JWE"),
    ],
)
def test_explain_unsigned_and_encrypted_tokens(token: str, expected: str) -> None:
    assert expected in _bodies(explain(inspect_token(token), None))


def test_es521_is_explained_as_p521_with_sha512() -> None:
    algorithm = explain(inspect_token(_with_alg("ES521")), None)[3].body

    assert "SHA-512" in algorithm
    assert "P-521" in algorithm
    assert "ES512" in algorithm
    assert "SHA-521" not in algorithm


@pytest.mark.parametrize("alg", ["Ed25519", "Ed448"])
def test_fully_specified_eddsa_names_are_explained(alg: str) -> None:
    steps = explain(inspect_token(_with_alg(alg)), None)

    assert steps[3].body.startswith(f"EdDSA ({alg})")
    assert "not an algorithm this app knows" not in _bodies(steps)


def test_unknown_algorithm_is_still_called_unknown() -> None:
    body = explain(inspect_token(_with_alg("XS999")), None)[3].body

    assert "not an algorithm this app knows" in body


def test_an_ed25519_token_verifies_with_its_key() -> None:
    key = keygen.generate_okp("Ed25519")
    token = sign_token({"alg": "Ed25519"}, {"sub": "1"}, key)
    rest = token.split(".", 1)[1]
    renamed = f"{_segment({'alg': 'EdDSA'})}.{rest}"

    body = explain(inspect_token(token), key)[-1].body
    # The header is signed: the same signature under another alg name fails.
    renamed_body = explain(inspect_token(renamed), key)[-1].body

    assert body.startswith("Signature verified: Ed25519 with Ed25519")
    assert "they do not fit" not in body
    assert renamed_body.startswith("Invalid signature: the EdDSA signature")


@pytest.mark.parametrize(
    "make", [lambda: keygen.generate_ec("P-256"), lambda: keygen.generate_rsa(2048)]
)
def test_key_alg_mismatch_is_said_once(make: Callable[[], KeyMaterial]) -> None:
    token = jwt.encode({"sub": "1"}, SECRET, algorithm="HS256")
    key = make()

    body = explain(inspect_token(token), key)[-1].body

    assert body.count("HS256") == 1, body
    assert "but the token says HS256" in body


def test_mismatch_is_named_when_the_verifier_did_not() -> None:
    key = keygen.generate_ec("P-256")
    token = f"{_segment({'alg': 'ES521'})}.{_segment({'sub': '1'})}.AAAA"

    body = explain(inspect_token(token), key)[-1].body

    assert "not supported" in body  # PyJWT's alias, not a registered name
    assert body.count("alg says ES521: they do not fit") == 1


def _segment(value: object) -> str:
    import base64
    import json

    data = json.dumps(value, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _with_alg(alg: str) -> str:
    return f"{_segment({'alg': alg})}.{_segment({'sub': '1'})}.AAAA"
