"""The RFC examples decrypt: RFC 7516 Appendix A.1-A.3 and all thirteen JWE
examples of RFC 7520 §5 in every serialization the RFC gives them in, with
the RFC's own keys; each one also fails when changed or given another key."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest

from jwtinspector.core.errors import DecryptionError
from jwtinspector.core.jwe import decrypt
from jwtinspector.core.keys import KeyMaterial, key_material, load_key
from jwtinspector.core.text import b64url_decode, b64url_encode

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
RFC7516 = json.loads((DATA / "rfc7516_jwe.json").read_text(encoding="utf-8"))
COOKBOOK = sorted(
    (DATA / "rfc7520").glob("5_*.json"),
    key=lambda path: int(path.name.split(".")[0].split("_")[1]),
)
FORMS = {"compact": "compact", "json": "general JSON", "json_flat": "flattened JSON"}


def _example(path: pathlib.Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _keys(example: dict[str, Any]) -> list[KeyMaterial]:
    key = example["input"].get("key")
    if key is None:
        return []
    entries = key if isinstance(key, list) else [key]
    loaded = [load_key(json.dumps(entry)) for entry in entries]
    assert all(isinstance(item, KeyMaterial) for item in loaded)
    return loaded  # type: ignore[return-value]


def _cases() -> list[Any]:
    cases = []
    for path in COOKBOOK:
        section = path.name.split(".")[0].replace("_", ".")
        for form in _example(path)["output"]:
            if form in FORMS:
                cases.append(pytest.param(path, form, id=f"{section}-{form}"))
    return cases


CASES = _cases()


def test_every_cookbook_example_and_serialization_is_covered() -> None:
    sections = {case.values[0].name.split(".")[0] for case in CASES}

    assert len(sections) == 13
    assert len(CASES) == 34  # 5.10-5.13 have no compact form


@pytest.mark.parametrize(("path", "form"), CASES)
def test_the_cookbook_example_decrypts_to_the_rfc_plaintext(
    path: pathlib.Path, form: str
) -> None:
    example = _example(path)

    result = decrypt(
        _text(example["output"][form]),
        _keys(example),
        password=example["input"].get("pwd"),
    )

    assert result.plaintext.decode("utf-8") == example["input"]["plaintext"]
    output = example["output"][form]
    # RFC 7520 §5.5 and §5.6 give their "general" form without a recipients
    # array (direct modes have no encrypted key): that is the flattened form.
    flattened = isinstance(output, dict) and "recipients" not in output
    assert result.serialization == ("flattened JSON" if flattened else FORMS[form])
    assert result.enc == result.header["enc"]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


@pytest.mark.parametrize(("path", "form"), CASES)
def test_the_cookbook_example_with_a_changed_ciphertext_fails_its_integrity_check(
    path: pathlib.Path, form: str
) -> None:
    example = _example(path)
    changed = _flip(example["output"][form], "ciphertext")

    with pytest.raises(DecryptionError) as caught:
        decrypt(changed, _keys(example), password=example["input"].get("pwd"))

    assert caught.value.not_decryptable
    assert "integrity check failed" in str(caught.value)


@pytest.mark.parametrize(("path", "form"), CASES)
def test_the_cookbook_example_with_a_changed_tag_fails(
    path: pathlib.Path, form: str
) -> None:
    example = _example(path)
    changed = _flip(example["output"][form], "tag")

    with pytest.raises(DecryptionError) as caught:
        decrypt(changed, _keys(example), password=example["input"].get("pwd"))

    assert "integrity check failed" in str(caught.value)


def _flip(output: Any, part: str) -> str:
    """The JWE with one bit of ``part``'s first byte flipped."""
    if isinstance(output, str):
        parts = output.split(".")
        index = {"ciphertext": 3, "tag": 4}[part]
        parts[index] = _flipped(parts[index])
        return ".".join(parts)
    changed = dict(output)
    changed[part] = _flipped(changed[part])
    return json.dumps(changed)


def _flipped(text: str) -> str:
    data = bytearray(b64url_decode(text))
    data[0] ^= 1
    return b64url_encode(bytes(data))


def test_a_changed_protected_header_fails_its_integrity_check() -> None:
    example = _example(COOKBOOK[7])  # 5.8, A128KW with A128GCM
    token = example["output"]["compact"]
    header = json.loads(b64url_decode(token.split(".")[0]))
    header["zip"] = "DEF"  # as an attacker would, to change how it is read
    changed = ".".join(
        [b64url_encode(json.dumps(header).encode()), *token.split(".")[1:]]
    )

    with pytest.raises(DecryptionError) as caught:
        decrypt(changed, _keys(example))

    assert caught.value.kind == DecryptionError.TAMPERED


def test_a_changed_aad_fails_its_integrity_check() -> None:
    example = _example(COOKBOOK[9])  # 5.10, with AAD
    changed = dict(example["output"]["json"])
    changed["aad"] = b64url_encode(b'["vcard",[]]')

    with pytest.raises(DecryptionError) as caught:
        decrypt(json.dumps(changed), _keys(example))

    assert caught.value.kind == DecryptionError.TAMPERED


def test_the_aad_is_returned_with_the_plaintext() -> None:
    example = _example(COOKBOOK[9])

    result = decrypt(json.dumps(example["output"]["json"]), _keys(example))

    assert result.aad == b64url_decode(example["output"]["json"]["aad"])


@pytest.mark.parametrize("path", COOKBOOK, ids=lambda p: p.name.split(".")[0])
def test_each_cookbook_example_refuses_another_key_of_its_kind(
    path: pathlib.Path,
) -> None:
    from jwtinspector.core import keygen

    example = _example(path)
    others = []
    for key in _keys(example):
        if key.kty == "oct":
            others.append(key_material(b"\x01" * (key.size // 8), source="t"))
        elif key.kty == "RSA":
            others.append(keygen.generate_rsa(2048))
        else:
            others.append(keygen.generate_ec(str(key.curve)))
    password = "not the password" if "pwd" in example["input"] else None
    token = example["output"].get("compact") or json.dumps(example["output"]["json"])

    with pytest.raises(DecryptionError) as caught:
        decrypt(token, others, password=password)

    assert caught.value.not_decryptable
    assert "does not decrypt" in str(caught.value)


def test_the_recipient_without_a_protected_header_decrypts_5_12() -> None:
    example = _example(COOKBOOK[11])

    result = decrypt(json.dumps(example["output"]["json"]), _keys(example))

    assert result.protected == {}
    assert result.unprotected == {
        "alg": "A128KW",
        "kid": example["input"]["key"]["kid"],
        "enc": "A128GCM",
    }
    assert result.header["enc"] == "A128GCM"


@pytest.mark.parametrize(("key_index", "recipient"), [(0, 0), (1, 1), (2, 2)])
def test_each_of_several_recipients_decrypts_with_its_own_key_5_13(
    key_index: int, recipient: int
) -> None:
    example = _example(COOKBOOK[12])
    keys = _keys(example)

    result = decrypt(json.dumps(example["output"]["json"]), keys[key_index])

    assert result.recipient == recipient
    assert result.recipients == 3
    assert result.alg == ["RSA1_5", "ECDH-ES+A256KW", "A256GCMKW"][recipient]
    assert result.unprotected == {"cty": "text/plain"}
    assert result.header["kid"] == keys[key_index].kid


def test_several_recipients_choose_the_key_by_kid_5_13() -> None:
    example = _example(COOKBOOK[12])
    keys = _keys(example)

    result = decrypt(json.dumps(example["output"]["json"]), list(reversed(keys)))

    assert result.recipient == 0  # the first recipient whose kid has a key
    assert result.key is keys[0]


@pytest.mark.parametrize("name", ["rfc7516_a1", "rfc7516_a2", "rfc7516_a3"])
def test_the_rfc_7516_appendix_a_examples_decrypt(name: str) -> None:
    vector = RFC7516[name]

    result = decrypt(vector["token"], load_key(json.dumps(vector["key"])))

    assert result.plaintext.decode("utf-8") == vector["plaintext"]
    assert result.serialization == "compact"


def test_rsa1_5_decrypts_with_a_warning_naming_the_padding_oracle() -> None:
    vector = RFC7516["rfc7516_a2"]

    result = decrypt(vector["token"], load_key(json.dumps(vector["key"])))

    assert result.alg == "RSA1_5"
    assert any(
        "RSA1_5" in warning and "padding oracle (RFC 8725 §3.2" in warning
        for warning in result.warnings
    )


def test_rsa_oaep_has_no_warning() -> None:
    vector = RFC7516["rfc7516_a1"]

    result = decrypt(vector["token"], load_key(json.dumps(vector["key"])))

    assert result.warnings == ()


def test_the_pbes2_example_needs_its_password() -> None:
    example = _example(COOKBOOK[2])

    with pytest.raises(DecryptionError) as caught:
        decrypt(example["output"]["compact"])

    assert caught.value.kind == DecryptionError.NO_KEY
    assert "needs a password" in str(caught.value)


def test_the_pbes2_example_decrypts_to_a_jwk_set() -> None:
    example = _example(COOKBOOK[2])

    result = decrypt(example["output"]["compact"], password=example["input"]["pwd"])

    assert result.is_json
    assert result.payload["keys"][0]["kid"] == "77c7e2b8-6e13-45cf-8672-617b5b45243a"
    assert result.key is None


def test_the_x25519_example_decrypts() -> None:
    example = _example(DATA / "rfc7520" / "curve25519_ecdh-es.json")
    key = load_key(json.dumps(example["input"]["key"]))

    result = decrypt(example["output"]["compact"], key)

    assert result.plaintext.decode("utf-8") == example["input"]["plaintext"]
    assert result.alg.startswith("ECDH-ES")


@pytest.mark.parametrize("form", ["compact", "json", "json_flat"])
def test_the_nested_example_of_rfc_7520_section_6_shows_the_signed_token(
    form: str,
) -> None:
    import jwt

    example = _example(DATA / "rfc7520" / "6.nesting_signatures_and_encryption.json")
    key = load_key(json.dumps(example["encrypt"]["input"]["key"]))
    signer = load_key(json.dumps(example["sign"]["input"]["key"]))

    result = decrypt(_text(example["encrypt"]["output"][form]), key)

    assert result.header["cty"] == "JWT"
    assert result.nested is not None
    assert result.nested.token == example["sign"]["output"]["compact"]
    assert result.nested.header == {"alg": "PS256", "typ": "JWT"}
    assert result.nested.payload["iss"] == "hobbiton.example"
    assert isinstance(signer, KeyMaterial)
    claims = jwt.decode(
        result.nested.token,
        signer.verification_key(),
        algorithms=["PS256"],
        options={"verify_exp": False},
    )
    assert claims == result.nested.payload


def test_a_jwks_of_keys_without_kid_is_tried_on_every_recipient_5_13() -> None:
    example = _example(COOKBOOK[12])
    entries = [
        {name: value for name, value in entry.items() if name != "kid"}
        for entry in example["input"]["key"][1:]
    ]
    jwks = load_key(json.dumps({"keys": entries}))

    result = decrypt(json.dumps(example["output"]["json"]), jwks)

    assert result.recipient == 1  # RSA1_5's recipient has no key here
    assert result.plaintext.decode("utf-8") == example["input"]["plaintext"]
