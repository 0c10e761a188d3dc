"""A key set that mixes secrets with public keys, or holds one kid twice, is
ambiguous: it never verifies anything (given, loaded from a file or fetched),
the verdict says why, and ``lint`` reports it."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from cli_process import run_cli

from jwtinspector.core.audit import audit
from jwtinspector.core.keygen import generate_ec, generate_rsa
from jwtinspector.core.keys import KeyMaterial, KeySet, load_key, load_secret, to_jwk
from jwtinspector.core.remote.errors import FetchError, FetchKind
from jwtinspector.core.remote.jwks import key_set_of
from jwtinspector.core.sign import sign_token
from jwtinspector.core.token import inspect_token
from jwtinspector.core.verify import SignatureStatus, verify

NOW = time.time()
SECRET = "a-secret-of-the-users-32-bytes!!"
OCT = {"kty": "oct", "k": "YS1zZWNyZXQtb2YtdGhlLXVzZXJzLTMyLWJ5dGVzISE", "kid": "h"}


@pytest.fixture(scope="module")
def rsa() -> KeyMaterial:
    return generate_rsa(2048)


@pytest.fixture(scope="module")
def other() -> KeyMaterial:
    return generate_rsa(2048)


def _jwk(key: KeyMaterial, kid: str) -> dict[str, Any]:
    return {**to_jwk(key), "kid": kid}


def _set(*jwks: dict[str, Any]) -> KeySet:
    loaded = load_key(json.dumps({"keys": list(jwks)}))
    assert isinstance(loaded, KeySet)
    return loaded


def _rs256(key: KeyMaterial, kid: str) -> str:
    return sign_token({"kid": kid}, {"sub": "alice"}, key, alg="RS256")


def test_a_set_mixing_a_secret_and_a_public_key_verifies_nothing(rsa) -> None:
    keys = _set(_jwk(rsa, "r"), OCT)
    rs256 = verify(inspect_token(_rs256(rsa, "r")), keys, now=NOW)
    hs256 = verify(
        inspect_token(sign_token({"kid": "h"}, {}, load_secret(SECRET), alg="HS256")),
        keys,
        now=NOW,
    )

    for report in (rs256, hs256):
        assert report.signature.status is SignatureStatus.CANNOT_CHECK
        assert report.signature.key is None
        assert report.signature.message.startswith(
            "Cannot check: the key set is ambiguous, so none of its keys is used: "
            "it mixes 1 key of type oct (HMAC secrets) with 1 key of asymmetric "
            "types"
        )
    assert rs256.signature.trace[1].startswith("the set is not used: it mixes")


def test_a_kid_held_twice_verifies_nothing_even_with_the_right_key(rsa, other) -> None:
    keys = _set(_jwk(other, "k1"), _jwk(rsa, "k1"))

    report = verify(inspect_token(_rs256(rsa, "k1")), keys, now=NOW)

    assert report.signature.status is SignatureStatus.CANNOT_CHECK
    assert 'more than one key of one algorithm has the same kid: kid "k1" (2 keys)' in (
        report.signature.message
    )
    assert "RFC 7517 §4.5" in report.signature.message


def test_many_kids_held_twice_are_named_briefly(rsa) -> None:
    jwk = to_jwk(rsa)
    keys = KeySet(
        tuple(load_key(json.dumps({**jwk, "kid": f"k{i % 50}"})) for i in range(100)),
        (),
    )

    [reason] = keys.ambiguity

    assert reason.count("(2 keys)") == 3
    assert "and 47 more kids" in reason


def test_distinct_kids_or_one_kid_for_two_algorithms_still_verify(rsa, other) -> None:
    # RFC 7517 §4.5: keys of different types may share a kid (RFC 7520 §4.8
    # does): the token's alg tells them apart.
    ec = generate_ec("P-256")
    keys = _set(_jwk(other, "k0"), _jwk(rsa, "k1"), _jwk(ec, "k1"))

    report = verify(inspect_token(_rs256(rsa, "k1")), keys, now=NOW)

    assert keys.ambiguity == ()
    assert report.signature.status is SignatureStatus.VALID


def test_a_fetched_ambiguous_set_is_refused_with_the_reason(rsa, other) -> None:
    url = "https://issuer.test/jwks"
    with pytest.raises(FetchError) as mixed:
        key_set_of({"keys": [_jwk(rsa, "r"), OCT]}, url)
    with pytest.raises(FetchError) as twice:
        key_set_of({"keys": [_jwk(rsa, "a"), _jwk(other, "a")]}, url)

    assert mixed.value.kind is FetchKind.AMBIGUOUS
    assert str(mixed.value).startswith(
        f"the key set at {url} is ambiguous, so none of its keys is used: it mixes"
    )
    assert twice.value.kind is FetchKind.AMBIGUOUS
    assert 'kid "a" (2 keys)' in str(twice.value)


def test_the_audit_reports_both_kinds_of_ambiguity(rsa, other) -> None:
    token = inspect_token(_rs256(rsa, "a"))
    mixed = audit(token, now=NOW, key=_set(_jwk(rsa, "a"), OCT))
    twice = audit(token, now=NOW, key=_set(_jwk(rsa, "a"), _jwk(other, "a")))
    clean = audit(token, now=NOW, key=_set(_jwk(rsa, "a"), _jwk(other, "b")))

    [finding] = [f for f in mixed if f.id.startswith("JWKS-")]
    assert finding.id == "JWKS-MIXED"
    assert finding.severity == "high"
    assert "mixes 1 key of type oct" in finding.explanation
    [finding] = [f for f in twice if f.id.startswith("JWKS-")]
    assert finding.id == "JWKS-DUPLICATE-KID"
    assert finding.severity == "medium"
    assert 'kid "a" (2 keys)' in finding.explanation
    assert not [f for f in clean if f.id.startswith("JWKS-")]


def test_the_cli_refuses_and_lints_an_ambiguous_key_file(
    tmp_path: Path, rsa, other
) -> None:
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"keys": [_jwk(rsa, "a"), _jwk(other, "a")]}))
    token = _rs256(rsa, "a")

    verified = run_cli("verify", token, "--jwks", str(path), "--json")
    linted = run_cli("lint", token, "--key", str(path), "--json")
    path.write_text(json.dumps({"keys": [_jwk(rsa, "a"), OCT]}))
    mixed = run_cli("lint", token, "--key", str(path), "--json")

    assert verified.returncode == 1, verified.stderr
    signature = json.loads(verified.stdout)["signature"]
    assert signature["status"] == "cannot_check"
    assert "the key set is ambiguous" in signature["message"]
    ids = [f["id"] for f in json.loads(linted.stdout)]
    assert "JWKS-DUPLICATE-KID" in ids
    assert mixed.returncode == 1  # a high finding
    assert "JWKS-MIXED" in [f["id"] for f in json.loads(mixed.stdout)]
