import jwt
import pytest

from jwtinspector.core import keygen
from jwtinspector.core.explain import explain
from jwtinspector.core.keys import load_secret
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
    assert "they do not fit" in explain(inspect_token(token), key)[-1].body


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", "unsigned"),
        ("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d", "JWE"),
    ],
)
def test_explain_unsigned_and_encrypted_tokens(token: str, expected: str) -> None:
    assert expected in _bodies(explain(inspect_token(token), None))
