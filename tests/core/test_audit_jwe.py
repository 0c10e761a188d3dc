"""The JWE audit: what an encrypted token's protected header gives away, read
without any key (RFC 7516, RFC 7518, RFC 8725)."""

from __future__ import annotations

import base64
import json
import pathlib
from typing import Any

import pytest
from jwe_audit_inputs import EPK, OFF_CURVE, PBES2, ecdh, jwe, private_epk

from jwtinspector.core.audit import AuditOptions, Finding, audit
from jwtinspector.core.token import inspect_token

NOW = 1_700_000_000
JWE_IDS = (
    "JWE-RSA1-5", "JWE-P2C-HIGH", "JWE-P2C-LOW", "JWE-P2S-SHORT",
    "JWE-EPK-INVALID", "JWE-EPK-PRIVATE", "JWE-ALG-ENC",
)  # fmt: skip


def run(token: str) -> tuple[Finding, ...]:
    return audit(inspect_token(token), now=NOW, options=AuditOptions())


def jwe_findings(token: str) -> list[Finding]:
    return [f for f in run(token) if f.id.startswith("JWE-")]


def only(token: str, finding_id: str) -> Finding:
    found = [f for f in run(token) if f.id == finding_id]
    assert len(found) == 1, [f.id for f in run(token)]
    return found[0]


@pytest.mark.parametrize(
    "header",
    [
        {"alg": "RSA-OAEP-256", "enc": "A256GCM"},
        {"alg": "A128KW", "enc": "A128CBC-HS256"},
        {"alg": "A256GCMKW", "enc": "A256GCM", "iv": "AAAAAAAAAAAAAAAA", "tag": "AA"},
        {**PBES2, "p2c": 4096},
        {**PBES2, "p2c": 10_000},
        ecdh(),
        ecdh(alg="ECDH-ES+A256KW", apu="QWxpY2U", apv="Qm9i"),
        ecdh(epk={"kty": "OKP", "crv": "X25519", "x": "A" * 43}),
    ],
)
def test_a_sound_jwe_header_has_no_jwe_finding(header: dict[str, Any]) -> None:
    key = "" if header["alg"] in ("dir", "ECDH-ES") else "AAAA"

    assert jwe_findings(jwe(header, key)) == []


def test_rsa1_5_names_the_padding_oracle() -> None:
    finding = only(jwe({"alg": "RSA1_5", "enc": "A128GCM"}, "AAAA"), "JWE-RSA1-5")

    assert finding.severity == "high"
    assert "Bleichenbacher" in finding.explanation
    assert finding.reference.startswith("RFC 8725 §3.2")
    assert "RSA-OAEP-256" in finding.advice


@pytest.mark.parametrize(
    ("p2c", "finding_id", "severity", "title"),
    [
        (10_001, "JWE-P2C-HIGH", "medium", "p2c 10,001 (above 10,000)"),
        (300_000, "JWE-P2C-HIGH", "medium", "p2c 300,000 (above 10,000)"),
        (2_000_000_000, "JWE-P2C-HIGH", "high", "p2c 2,000,000,000"),
        (1.5, "JWE-P2C-HIGH", "high", "not a positive integer: p2c 1.5"),
        ("4096", "JWE-P2C-HIGH", "high", 'not a positive integer: p2c "4096"'),
        (0, "JWE-P2C-HIGH", "high", "not a positive integer: p2c 0"),
        (999, "JWE-P2C-LOW", "medium", "p2c 999 (below 1,000)"),
    ],
)
def test_p2c_outside_1000_to_10000_is_named(
    p2c: Any, finding_id: str, severity: str, title: str
) -> None:
    finding = only(jwe({**PBES2, "p2c": p2c}, "AAAA"), finding_id)

    assert finding.severity == severity
    assert title in finding.title
    assert finding.claim == "p2c"


def test_a_huge_p2c_is_called_a_denial_of_service() -> None:
    finding = only(jwe({**PBES2, "p2c": 5_000_000}, "AAAA"), "JWE-P2C-HIGH")

    assert "denial of service" in finding.explanation
    assert "refuse the token outright" in finding.explanation


def test_a_missing_p2c_is_named() -> None:
    header = {k: v for k, v in PBES2.items()}

    finding = only(jwe(header, "AAAA"), "JWE-P2C-LOW")

    assert finding.title == "No PBES2 iteration count (p2c)"


@pytest.mark.parametrize(
    ("p2s", "said"),
    [
        (None, "there is no p2s"),
        ("AAAA", 'p2s is "AAAA", 3 bytes'),
        ("AAAAAAAAAA", "7 bytes"),
        (12, "p2s is 12, not base64url text"),
    ],
)
def test_p2s_missing_or_short_is_named(p2s: Any, said: str) -> None:
    header = {**PBES2, "p2c": 4096, "p2s": p2s}
    if p2s is None:
        del header["p2s"]

    finding = only(jwe(header, "AAAA"), "JWE-P2S-SHORT")

    assert said in finding.explanation
    assert "at least 8 bytes" in finding.explanation


def test_an_epk_off_its_curve_is_the_invalid_curve_attack() -> None:
    finding = only(jwe(ecdh(epk=OFF_CURVE)), "JWE-EPK-INVALID")

    assert "invalid-curve attack" in finding.explanation
    assert "not on the curve" in finding.explanation
    assert finding.reference.startswith("RFC 8725 §3.4")


@pytest.mark.parametrize(
    ("epk", "said"),
    [
        ("not a key", 'epk is "not a key", not a JWK object'),
        ({**EPK, "crv": "secp256k1"}, 'crv "secp256k1", which is not a curve'),
        ({"kty": "OKP", "crv": "Ed25519", "x": "A" * 43}, 'crv "Ed25519"'),
        ({"kty": "OKP", "crv": "X25519", "x": "AAAA"}, "could not be loaded"),
        ({k: v for k, v in EPK.items() if k != "y"}, "could not be loaded"),
    ],
)
def test_an_epk_that_is_no_ecdh_key_is_named(epk: Any, said: str) -> None:
    finding = only(jwe(ecdh(epk=epk)), "JWE-EPK-INVALID")

    assert said in finding.explanation


def test_an_epk_with_its_private_part_is_named_and_still_loads() -> None:
    findings = jwe_findings(jwe(ecdh(epk=private_epk())))

    assert [f.id for f in findings] == ["JWE-EPK-PRIVATE"]
    assert findings[0].title.endswith("private members: d")


@pytest.mark.parametrize(
    ("token", "severity", "title"),
    [
        (jwe({"alg": "dir"}), "high", "No enc in an encrypted token's header"),
        (jwe({"alg": "dir", "enc": "a256gcm"}), "high", 'enc "a256gcm"'),
        (jwe({"alg": "HS256", "enc": "A256GCM"}), "high", '("HS256") in an enc'),
        (jwe({"alg": "A128KW", "enc": "A128GCM", "epk": EPK}, "AAAA"), "medium",
         "epk in a A128KW header"),
        (jwe({"alg": "RSA-OAEP", "enc": "A128GCM", "p2c": 4096}, "AAAA"), "medium",
         "p2c in a RSA-OAEP header"),
        (jwe({"alg": "dir", "enc": "A128GCM", "iv": "AAAA"}), "medium",
         "iv in a dir header"),
        (jwe({"alg": "dir", "enc": "A128GCM"}, "AAAA"), "medium",
         "An encrypted key in a dir token"),
        (jwe(ecdh(), "AAAA"), "medium", "An encrypted key in a ECDH-ES token"),
    ],
)  # fmt: skip
def test_alg_enc_and_parameters_that_do_not_fit_are_named(
    token: str, severity: str, title: str
) -> None:
    finding = only(token, "JWE-ALG-ENC")

    assert finding.severity == severity
    assert title in finding.title


def test_enc_in_a_signed_token_is_named() -> None:
    header = base64.urlsafe_b64encode(
        json.dumps({"alg": "HS256", "enc": "A256GCM"}).encode()
    ).rstrip(b"=")
    token = f"{header.decode()}.e30.AAAA"

    finding = only(token, "JWE-ALG-ENC")

    assert finding.severity == "medium"
    assert finding.title == 'enc "A256GCM" in a signed token\'s header'


def test_unknown_crit_and_zip_in_a_jwe_are_named_by_the_header_checks() -> None:
    header = {"alg": "dir", "enc": "A256GCM", "zip": "DEF", "crit": ["x"], "x": 1}

    found = {f.id for f in run(jwe(header))}

    assert {"CRIT-UNKNOWN", "ZIP"} <= found


def test_hostile_header_values_never_reach_a_title_raw() -> None:
    header = {**PBES2, "p2c": "\x9b[31m", "p2s": "\u202e"}

    for finding in run(jwe(header, "AAAA")):
        assert "\x9b" not in finding.title + finding.explanation
        assert "\u202e" not in finding.title + finding.explanation


def test_every_jwe_id_is_tested_here() -> None:
    source = pathlib.Path(__file__).read_text(encoding="utf-8")
    for finding_id in JWE_IDS:
        assert source.count(f'"{finding_id}"') >= 2, finding_id
