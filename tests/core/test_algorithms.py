"""The one table of algorithms: its facts agree with PyJWT, cryptography and
RFC 7518, and the modules that once kept copies read it."""

from __future__ import annotations

import ast
import hashlib
import json
import pathlib

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import get_default_algorithms

from jwtinspector.core import algorithms
from jwtinspector.core.errors import KeyMaterialError
from jwtinspector.core.key_choices import key_choices
from jwtinspector.core.keys import KeySet, load_key
from jwtinspector.core.sign import needed_key
from jwtinspector.core.verify import algorithm_objects

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "jwtinspector"
UNTRUSTED = "a\x9b[31mb\u202ec"
"""A C1 control (CSI, a terminal escape) and a right-to-left override."""


def test_every_signature_algorithm_has_an_algorithm_object() -> None:
    known = set(get_default_algorithms())
    added = {*algorithms.FULLY_SPECIFIED_EDDSA, *algorithms.ML_DSA_ALGORITHMS}

    assert set(algorithms.SIGNATURE_ALGORITHMS) - added <= known
    assert set(algorithm_objects()) >= set(algorithms.SIGNATURE_ALGORITHMS)
    assert added == {"Ed25519", "Ed448", "ML-DSA-44", "ML-DSA-65", "ML-DSA-87"}
    assert "none" not in algorithms.SIGNATURE_ALGORITHMS
    assert algorithms.lookup("none") is not None


@pytest.mark.parametrize("name", algorithms.names(algorithms.HMAC))
def test_hmac_minimum_key_is_the_hash_output(name: str) -> None:
    alg = algorithms.lookup(name)

    assert alg is not None
    assert alg.hash is not None
    assert alg.min_key_bytes == hashlib.new(alg.hash).digest_size


@pytest.mark.parametrize(("name", "curve"), algorithms.EC_CURVE_FOR_ALG.items())
def test_ecdsa_curves_name_cryptography_curves_of_the_stated_size(
    name: str, curve: str
) -> None:
    found = algorithms.curve(curve)

    assert found is not None
    assert found.size is not None
    assert found.order is not None
    cls = ec._CURVE_TYPES[found.openssl_name]
    assert (cls.key_size + 7) // 8 == found.size
    assert found.order.bit_length() == cls.key_size
    assert algorithms.EC_ALG_FOR_CURVE[curve] == name


def test_lookups_answer_unknown_names_with_none() -> None:
    assert algorithms.lookup("hs256") is None
    assert algorithms.lookup(["HS256"]) is None
    assert algorithms.hash_name("EdDSA") is None
    assert algorithms.jose_curve_name("secp224r1") is None
    assert not algorithms.is_signature_algorithm("RSA-OAEP")
    assert not algorithms.is_signature_algorithm("none")


def test_key_types_sign_their_families() -> None:
    assert algorithms.for_key_type("oct") == ("HS256", "HS384", "HS512")
    assert algorithms.for_key_type("OKP") == ("EdDSA", "Ed25519", "Ed448")
    assert algorithms.for_key("OKP", "Ed448") == ("EdDSA", "Ed448")
    assert algorithms.for_key("AKP", "ML-DSA-65") == ("ML-DSA-65",)
    assert algorithms.names(algorithms.RSA_PSS) == ("PS256", "PS384", "PS512")


def test_the_key_menu_and_the_needed_key_read_the_table() -> None:
    assert [choice.curve for choice in key_choices("ES384")] == ["P-384"]
    assert needed_key("ES256K") == "an EC secp256k1 private key"
    assert needed_key("EdDSA") == "an Ed25519 or Ed448 private key"
    assert needed_key("Ed448") == "an Ed448 private key"
    assert needed_key("ML-DSA-44") == "an ML-DSA-44 private key"
    assert [choice.label for choice in key_choices("Ed448")] == ["Ed448 key pair"]
    assert needed_key("HS384") == "a shared secret (at least 48 bytes)"
    assert needed_key("XX999") == "a key"


def _escaped(message: str) -> None:
    assert "\x9b" not in message
    assert "\u202e" not in message
    assert "\\u009b" in message
    assert "\\u202e" in message


def test_a_bad_jwks_entry_quotes_its_kid_with_controls_escaped() -> None:
    jwks = {"keys": [{"kid": UNTRUSTED, "kty": "RSA"}]}

    with pytest.raises(KeyMaterialError) as caught:
        load_key(json.dumps(jwks))

    _escaped(str(caught.value))


def test_a_key_description_quotes_kid_alg_and_use_with_controls_escaped() -> None:
    jwk = {
        "kty": "oct",
        "k": "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2Vj",
        "kid": UNTRUSTED,
        "alg": UNTRUSTED,
        "use": UNTRUSTED,
    }

    described = load_key(json.dumps(jwk))

    assert not isinstance(described, KeySet)
    text = described.describe()
    _escaped(text)
    assert text.count("\\u009b") == 3


def test_no_matching_kid_quotes_the_token_kid_with_controls_escaped() -> None:
    jwks = load_key(
        json.dumps({"keys": [{"kty": "oct", "k": "c2VjcmV0", "kid": "one"}]})
    )

    assert isinstance(jwks, KeySet)
    _escaped(jwks.no_match(UNTRUSTED, "HS256"))


def test_an_unknown_kty_is_quoted_with_controls_escaped() -> None:
    with pytest.raises(KeyMaterialError) as caught:
        load_key(json.dumps({"kty": UNTRUSTED}))

    _escaped(str(caught.value))


def _table_names() -> set[str]:
    return {
        *(alg.name for alg in algorithms.ALGORITHMS),
        *algorithms.JWE_KEY_ALGORITHMS,
        *(curve.name for curve in algorithms.CURVES),
        *(curve.openssl_name for curve in algorithms.CURVES),
    }


def algorithm_tables(root: pathlib.Path) -> list[str]:
    """Literal tuples, lists, sets and dict keys naming two or more algorithms
    or curves, outside core/algorithms.py: copies of the one table."""
    names = _table_names()
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).as_posix() == "core/algorithms.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple | ast.List | ast.Set):
                items = node.elts
            elif isinstance(node, ast.Dict):
                items = [key for key in node.keys if key is not None]
            else:
                continue
            named = {
                item.value
                for item in items
                if isinstance(item, ast.Constant) and item.value in names
            }
            if len(named) >= 2:
                found.append(f"{path.relative_to(root)}:{node.lineno} {sorted(named)}")
    return found


def test_no_module_keeps_its_own_table_of_algorithms_or_curves() -> None:
    assert algorithm_tables(PACKAGE) == []


def test_the_table_finder_sees_a_copied_table(tmp_path: pathlib.Path) -> None:
    (tmp_path / "copy.py").write_text('SIZES = {"HS256": 32, "HS384": 48}\n')

    assert algorithm_tables(tmp_path) == ["copy.py:1 ['HS256', 'HS384']"]
