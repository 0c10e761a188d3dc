"""JWE made and read back: every alg with every enc, nested tokens, limits
that refuse hostile input quickly, and errors in plain words."""

from __future__ import annotations

import json
import time
import zlib
from typing import Any

import pytest

from jwtinspector.core import algorithms, keygen
from jwtinspector.core.errors import (
    DecryptionError,
    KeyMaterialError,
    SigningError,
    TokenFormatError,
)
from jwtinspector.core.jwe import (
    MAX_P2C,
    MAX_PLAINTEXT,
    decrypt,
    encrypt,
    encrypt_token,
)
from jwtinspector.core.keys import load_key, public_of, to_jwk
from jwtinspector.core.sign import sign_token
from jwtinspector.core.text import b64url_decode, b64url_encode

CLAIMS = {"sub": "alice", "iat": 1_700_000_000}


jwe_key = keygen.generate_jwe_key


def _key_for(alg: str, enc: str) -> Any:
    return jwe_key(alg, enc)


@pytest.mark.parametrize("enc", algorithms.JWE_CONTENT_ENCRYPTIONS)
@pytest.mark.parametrize(
    "alg", [a for a in algorithms.JWE_KEY_ALGORITHMS if not a.startswith("PBES2")]
)
def test_every_alg_with_every_enc_round_trips(alg: str, enc: str) -> None:
    key = _key_for(alg, enc)
    recipient = key if key.kty == "oct" else public_of(key)

    token = encrypt(CLAIMS, alg, enc, recipient)
    result = decrypt(token, key)

    assert result.payload == CLAIMS
    assert (result.alg, result.enc) == (alg, enc)
    assert result.header["alg"] == alg


@pytest.mark.parametrize(
    "alg", [a for a in algorithms.JWE_KEY_ALGORITHMS if "PBES2" in a]
)
def test_a_password_round_trips(alg: str) -> None:
    token = encrypt(b"hello", alg, "A256GCM", "correct horse")

    result = decrypt(token, password="correct horse")

    assert result.plaintext == b"hello"
    assert result.header["p2c"] == 10_000
    with pytest.raises(DecryptionError) as caught:
        decrypt(token, password="wrong horse")
    assert caught.value.kind == DecryptionError.WRONG_KEY


@pytest.mark.parametrize("curve", ["P-256", "P-384", "P-521", "X25519", "X448"])
def test_ecdh_works_on_every_curve(curve: str) -> None:
    key = jwe_key("ECDH-ES+A128KW", "A128GCM", curve=curve)

    token = encrypt(b"x", "ECDH-ES+A128KW", "A128GCM", public_of(key))

    assert key.curve == curve
    assert decrypt(token, key).plaintext == b"x"


def test_an_x25519_key_exports_as_an_encryption_jwk_and_loads_back() -> None:
    key = jwe_key("ECDH-ES", "A128GCM", curve="X25519")

    jwk = to_jwk(key, private=True)
    again = load_key(json.dumps(jwk))

    assert jwk["crv"] == "X25519"
    assert jwk["use"] == "enc"
    assert jwk["alg"] == "ECDH-ES"
    assert again.thumbprint == key.thumbprint  # type: ignore[union-attr]


def test_a_signed_token_is_wrapped_as_a_nested_jwt() -> None:
    signer = keygen.generate_secret("HS256")
    signed = sign_token({"alg": "HS256", "typ": "JWT"}, CLAIMS, signer, alg="HS256")
    key = jwe_key("A256KW", "A256GCM")

    result = decrypt(encrypt_token(signed, "A256KW", "A256GCM", key), key)

    assert result.header["cty"] == "JWT"
    assert result.nested is not None
    assert result.nested.header["alg"] == "HS256"
    assert result.nested.payload == CLAIMS
    assert result.nested.token == signed


@pytest.mark.parametrize("cty", ["jwt", "application/JWT"])
def test_cty_jwt_is_case_insensitive(cty: str) -> None:
    signed = sign_token({"alg": "none"}, CLAIMS, None, alg="none", allow_none=True)
    key = jwe_key("dir", "A128GCM")

    result = decrypt(encrypt(signed, "dir", "A128GCM", key, cty=cty), key)

    assert result.nested is not None
    assert result.nested.alg == "none"


def test_a_compact_token_inside_is_found_without_cty() -> None:
    signed = sign_token({"alg": "none"}, CLAIMS, None, alg="none", allow_none=True)
    key = jwe_key("dir", "A128GCM")

    result = decrypt(encrypt(signed, "dir", "A128GCM", key), key)

    assert result.nested is not None


def test_cty_jwt_around_text_that_is_no_token_warns() -> None:
    key = jwe_key("dir", "A128GCM")

    result = decrypt(encrypt(b"not a token", "dir", "A128GCM", key, cty="JWT"), key)

    assert result.nested is None
    assert any('cty says "JWT"' in warning for warning in result.warnings)


def test_compressed_content_inflates_and_warns() -> None:
    key = jwe_key("A128KW", "A128GCM")

    result = decrypt(encrypt(CLAIMS, "A128KW", "A128GCM", key, zip=True), key)

    assert result.payload == CLAIMS
    assert any("compressed" in warning for warning in result.warnings)


def _bomb(key: Any, size: int) -> str:
    """A JWE whose DEFLATE content inflates to ``size`` zero bytes."""
    token = encrypt(b"x", "dir", "A128GCM", key, zip=True)
    header = json.loads(b64url_decode(token.split(".")[0]))
    from jwtinspector.core.jwe.engine import enc_model

    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    packed = packer.compress(b"\0" * size) + packer.flush()
    protected = b64url_encode(json.dumps(header).encode())
    iv = b"\1" * 12
    ciphertext, tag = enc_model("A128GCM").encrypt(
        packed, key.key, iv, protected.encode()
    )
    parts = [protected, "", b64url_encode(iv), b64url_encode(ciphertext)]
    return ".".join([*parts, b64url_encode(tag)])


def test_a_zip_bomb_is_refused_quickly() -> None:
    key = jwe_key("dir", "A128GCM")
    bomb = _bomb(key, 200 * 1024 * 1024)  # 200 MB of zeros, about 200 KB packed

    started = time.perf_counter()
    with pytest.raises(DecryptionError) as caught:
        decrypt(bomb, key)

    assert time.perf_counter() - started < 2
    assert caught.value.kind == DecryptionError.LIMIT
    assert "zip bomb" in str(caught.value)
    assert f"{MAX_PLAINTEXT:,}" in str(caught.value)


def test_content_that_inflates_to_the_limit_is_accepted() -> None:
    key = jwe_key("dir", "A128GCM")

    result = decrypt(_bomb(key, MAX_PLAINTEXT), key)

    assert len(result.plaintext) == MAX_PLAINTEXT


def _with_p2c(token: str, p2c: int) -> str:
    header = json.loads(b64url_decode(token.split(".")[0]))
    header["p2c"] = p2c
    return ".".join([b64url_encode(json.dumps(header).encode()), *token.split(".")[1:]])


def test_a_huge_p2c_is_refused_before_any_work() -> None:
    token = _with_p2c(encrypt(b"x", "PBES2-HS512+A256KW", "A256GCM", "pw"), 10**12)

    started = time.perf_counter()
    with pytest.raises(DecryptionError) as caught:
        decrypt(token, password="pw")

    assert time.perf_counter() - started < 1
    assert caught.value.kind == DecryptionError.LIMIT
    assert "denial of service" in str(caught.value)


def test_p2c_at_the_cap_is_tried_in_bounded_time() -> None:
    token = _with_p2c(encrypt(b"x", "PBES2-HS512+A256KW", "A256GCM", "pw"), MAX_P2C)

    started = time.perf_counter()
    with pytest.raises(DecryptionError) as caught:  # the header changed: no AAD match
        decrypt(token, password="pw")

    assert time.perf_counter() - started < 10  # about 0.8 s on one core
    assert caught.value.kind == DecryptionError.WRONG_KEY  # p2c is the KEK's input


def test_a_low_p2c_decrypts_with_a_warning() -> None:
    from jwtinspector.core.jwe.encrypt import encrypt as make

    token = make(b"x", "PBES2-HS256+A128KW", "A128GCM", "pw", header={"p2c": 100})

    result = decrypt(token, password="pw")

    assert any("p2c is 100" in warning for warning in result.warnings)


def test_the_key_by_kid_is_chosen_among_several() -> None:
    wanted = jwe_key("A128KW", "A128GCM", kid="b")
    others = [jwe_key("A128KW", "A128GCM", kid="a"), wanted]
    token = encrypt(b"x", "A128KW", "A128GCM", wanted, kid="b")

    result = decrypt(token, others)

    assert result.key is wanted


def test_a_key_of_the_wrong_type_says_what_is_needed() -> None:
    token = encrypt(b"x", "RSA-OAEP-256", "A128GCM", public_of(keygen.generate_rsa()))

    with pytest.raises(DecryptionError) as caught:
        decrypt(token, jwe_key("A128KW", "A128GCM"))

    assert caught.value.kind == DecryptionError.WRONG_KEY
    assert "does not decrypt RSA-OAEP-256" in str(caught.value)


def test_a_public_key_cannot_decrypt() -> None:
    key = keygen.generate_rsa()
    token = encrypt(b"x", "RSA-OAEP", "A128GCM", public_of(key))

    with pytest.raises(DecryptionError) as caught:
        decrypt(token, public_of(key))

    assert "private key is needed" in str(caught.value)


def test_no_key_says_what_the_token_needs() -> None:
    token = encrypt(b"x", "ECDH-ES", "A128GCM", public_of(keygen.generate_ec()))

    with pytest.raises(DecryptionError) as caught:
        decrypt(token)

    assert caught.value.kind == DecryptionError.NO_KEY
    assert "private key" in str(caught.value)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"enc": "A128CTR"}, 'enc "A128CTR" is not supported'),
        ({"alg": "RSA-OAEP-1024"}, '"RSA-OAEP-1024" is not supported'),
        ({"zip": "GZIP"}, 'zip "GZIP" is not supported'),
        ({"crit": ["exp"]}, 'crit lists "exp"'),
    ],
)
def test_what_is_not_supported_is_named(change: dict[str, Any], words: str) -> None:
    key = jwe_key("A128KW", "A128GCM")
    token = encrypt(b"x", "A128KW", "A128GCM", key)
    header = json.loads(b64url_decode(token.split(".")[0])) | change
    changed = ".".join(
        [b64url_encode(json.dumps(header).encode()), *token.split(".")[1:]]
    )

    with pytest.raises(DecryptionError) as caught:
        decrypt(changed, key)

    assert caught.value.kind == DecryptionError.UNSUPPORTED
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("e30.e30.", "a signed token (JWS), not an encrypted one"),
        ("e30.e30.e30.e30", "found 3 dots (4 segments)"),
        ('{"payload": "e30"}', "it is a signed token (JWS)"),
        ('{"ciphertext": "AA", "iv": "A+A"}', "IV"),
        ('{"ciphertext": "AA", "recipients": []}', "recipients"),
        ('{"ciphertext": "AA", "protected": "e30", "unprotected": {"alg": 1}, '
         '"header": {"alg": 2}}', "disjoint"),
        ("{not json", "not valid JSON"),
        ("", "There is no token here"),
    ],
)  # fmt: skip
def test_malformed_input_names_the_part(text: str, words: str) -> None:
    with pytest.raises(TokenFormatError) as caught:
        decrypt(text, jwe_key("A128KW", "A128GCM"))

    assert words in caught.value.message


def test_input_over_the_limit_is_refused() -> None:
    with pytest.raises(TokenFormatError) as caught:
        decrypt("{" + " " * (1024 * 1024), None)

    assert "limit" in caught.value.message


def test_a_jwe_at_the_input_limit_decrypts() -> None:
    key = jwe_key("A256KW", "A256GCM")
    token = encrypt(b"a" * 760_000, "A256KW", "A256GCM", key)

    assert len(token) < 1024 * 1024
    assert len(decrypt(token, key).plaintext) == 760_000


def test_an_epk_off_its_curve_is_refused_in_words() -> None:
    key = keygen.generate_ec("P-256")
    token = encrypt(b"x", "ECDH-ES", "A128GCM", public_of(key))
    header = json.loads(b64url_decode(token.split(".")[0]))
    header["epk"]["y"] = header["epk"]["x"]  # a point not on P-256
    changed = ".".join(
        [b64url_encode(json.dumps(header).encode()), *token.split(".")[1:]]
    )

    with pytest.raises(DecryptionError) as caught:
        decrypt(changed, key)

    assert "epk" in str(caught.value)
    assert "invalid-curve" in str(caught.value)


@pytest.mark.parametrize(
    ("alg", "enc", "key", "words"),
    [
        ("XX", "A128GCM", None, "Unknown alg 'XX'"),
        ("A128KW", "A1GCM", None, "Unknown enc 'A1GCM'"),
        ("A128KW", "A128GCM", "pw", "needs a key, not a password"),
        ("PBES2-HS256+A128KW", "A128GCM", None, "encrypts with a password"),
    ],
)
def test_encrypting_refuses_what_does_not_fit(
    alg: str, enc: str, key: Any, words: str
) -> None:
    with pytest.raises(SigningError) as caught:
        encrypt(b"x", alg, enc, key)

    assert words in str(caught.value)


def test_a_secret_of_the_wrong_size_is_refused_with_both_sizes() -> None:
    with pytest.raises(SigningError) as caught:
        encrypt(b"x", "dir", "A256GCM", jwe_key("dir", "A128GCM"))

    assert "needs a 32-byte key; this one is 16 bytes" in str(caught.value)


@pytest.mark.parametrize("alg", algorithms.JWE_KEY_ALGORITHMS)
def test_a_key_is_generated_for_every_algorithm(alg: str) -> None:
    if alg.startswith("PBES2"):
        with pytest.raises(KeyMaterialError, match="password"):
            jwe_key(alg, "A128GCM")
        return
    key = jwe_key(alg, "A192CBC-HS384")

    assert key.use == "enc"
    assert key.alg == alg
    assert key.is_private


@pytest.mark.parametrize(
    "alg", [a for a in algorithms.JWE_KEY_ALGORITHMS if not a.startswith("PBES2")]
)
def test_a_wrong_key_of_the_right_kind_is_said_in_plain_words(alg: str) -> None:
    key = jwe_key(alg, "A128GCM")
    token = encrypt(b"x", alg, "A128GCM", key if key.kty == "oct" else public_of(key))

    with pytest.raises(DecryptionError) as caught:
        decrypt(token, jwe_key(alg, "A128GCM"))

    message = str(caught.value)
    assert caught.value.kind == DecryptionError.WRONG_KEY
    assert message.startswith("the key does not decrypt it")
    assert "decode_error" not in message
    assert not message.endswith(": ")


def test_deflate_data_cut_short_is_refused() -> None:
    key = jwe_key("dir", "A128GCM")
    from jwtinspector.core.jwe.engine import enc_model

    token = encrypt(b"x", "dir", "A128GCM", key, zip=True)
    protected = token.split(".")[0]
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    packed = (packer.compress(b"hello " * 100) + packer.flush())[:-4]
    iv = b"\2" * 12
    ciphertext, tag = enc_model("A128GCM").encrypt(
        packed, key.key, iv, protected.encode()
    )
    parts = [
        protected,
        "",
        b64url_encode(iv),
        b64url_encode(ciphertext),
        b64url_encode(tag),
    ]

    with pytest.raises(DecryptionError) as caught:
        decrypt(".".join(parts), key)

    assert "cut short" in str(caught.value)


def test_importing_the_jwe_package_does_not_load_joserfc() -> None:
    import pathlib
    import subprocess
    import sys

    root = pathlib.Path(__file__).resolve().parents[2]
    code = "import sys, jwtinspector.core.jwe; print('joserfc' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )

    assert result.stdout.strip() == "False"
