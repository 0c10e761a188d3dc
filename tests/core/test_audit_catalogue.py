"""The audit catalogue: every finding id is declared once, every declared id
has an input that produces it, and no check reports an id it does not declare."""

from __future__ import annotations

import base64
import dataclasses
import datetime
import hashlib
import hmac
import json
import re
from pathlib import Path
from typing import Any

import pytest
from certificates import certificate
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwe_audit_inputs import JWE_PRODUCERS, NESTED
from roca_keys import ROCA_PEM

from jwtinspector.core import keygen
from jwtinspector.core.audit import (
    CATALOGUE,
    AuditOptions,
    Finding,
    Severity,
    audit,
    catalogue,
    registered_checks,
)
from jwtinspector.core.audit import checks as checks_package
from jwtinspector.core.audit.context import quoted
from jwtinspector.core.audit.listing import catalogue_markdown, catalogue_rows
from jwtinspector.core.keys import KeyMaterial, KeySet, key_material, public_of
from jwtinspector.core.sdjwt import parse_sd_jwt
from jwtinspector.core.sdjwt.craft import encode_disclosure
from jwtinspector.core.token import inspect_token

NOW = 1_700_000_000
STRONG = b"k3Y-for-tests-only-0123456789abcdefghij"
HEADER = {"alg": "HS256", "typ": "JWT"}
CLAIMS = {
    "iss": "https://issuer.example",
    "sub": "user-1",
    "aud": "https://api.example",
    "iat": NOW - 60,
    "exp": NOW + 600,
    "jti": "token-1",
}
DROP = object()
CHECKS_DIR = Path(checks_package.__file__).parent


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def seg(value: Any) -> str:
    if isinstance(value, bytes):
        return b64(value)
    return b64(json.dumps(value, separators=(",", ":")).encode())


def raw(header: Any, payload: Any, signature: bytes = b"\x01" * 32) -> str:
    return f"{seg(header)}.{seg(payload)}.{b64(signature)}"


def hs(header: Any = HEADER, payload: Any = CLAIMS, secret: bytes = STRONG) -> str:
    signing_input = f"{seg(header)}.{seg(payload)}"
    mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(mac)}"


def header(**changes: Any) -> dict[str, Any]:
    merged = {**HEADER, **changes}
    return {k: v for k, v in merged.items() if v is not DROP}


def claims(**changes: Any) -> dict[str, Any]:
    merged = {**CLAIMS, **changes}
    return {k: v for k, v in merged.items() if v is not DROP}


_RSA = keygen.generate_rsa(2048)
_EC = keygen.generate_ec("P-256")
_SMALL_RSA = key_material(
    rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key(),
    source="test",
)
_RSA_PEM = public_of(_RSA).key.public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
)
_DPOP_CLAIMS = {"jti": "p-1", "htm": "POST", "htu": "https://api.example/t", "iat": NOW}
_JWE = f"{seg({'alg': 'dir', 'enc': 'A256GCM'})}.AAAA.AAAA.AAAA.AAAA"

_SALT = b64(b"salt-of-16-bytes")


def disclosure(name: str, value: Any, salt: str = _SALT) -> str:
    return encode_disclosure(salt, name, value)


def sd_jwt(
    disclosures: list[str], digests: list[str] | None = None, **changes: Any
) -> str:
    """An SD-JWT whose payload holds the disclosures' SHA-256 digests."""
    if digests is None:
        digests = [b64(hashlib.sha256(d.encode()).digest()) for d in disclosures]
    payload = claims(_sd=digests, **changes)
    issuer = hs(header(typ="dc+sd-jwt"), payload)
    return issuer + "~" + "".join(f"{d}~" for d in disclosures)


_HOLDER = {"jwk": {"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA"}}

# The smallest input that produces each finding: (token, key).
PRODUCERS: dict[str, tuple[str, KeyMaterial | KeySet | None]] = {
    "ALG-NONE": (raw({"alg": "none"}, CLAIMS, b""), None),
    "ALG-MISSING": (raw(header(alg="HS999"), CLAIMS), None),
    "SIG-EMPTY": (raw(HEADER, CLAIMS, b""), None),
    "WEAK-SECRET": (hs(secret=b"secret"), None),
    "WEAK-SECRET-KEY": (hs(), key_material(b"secret", source="test")),
    "ALG-CONFUSION-FORGED": (hs(secret=_RSA_PEM), public_of(_RSA)),
    "ALG-CONFUSION": (hs(), public_of(_RSA)),
    "ALG-KEY-MISMATCH": (raw(header(alg="ES256"), CLAIMS, b"\x01" * 64), _RSA),
    "HMAC-KEY-SHORT": (
        hs(secret=b"xq7-short-k"),
        key_material(b"xq7-short-k", source="test"),
    ),
    "WEAK-KEY": (raw(header(alg="RS256"), CLAIMS, b"\x01" * 128), _SMALL_RSA),
    "ECDSA-PSYCHIC": (raw(header(alg="ES256"), CLAIMS, b"\x00" * 64), None),
    "ECDSA-FORMAT": (raw(header(alg="ES256"), CLAIMS, b"\x01" * 10), None),
    "SIG-ENCODING": (hs() + "=", None),
    "JSON-DUP": (
        b64(b'{"alg":"HS256","typ":"JWT","typ":"JWT"}') + f".{seg(CLAIMS)}.AQ",
        None,
    ),
    "JKU-X5U": (hs(header(jku="http://127.0.0.1/keys")), None),
    "JWK-EMBEDDED": (hs(header(jwk="not a key")), None),
    "JWK-PRIVATE": (hs(header(jwk={"kty": "oct", "k": "c2VjcmV0"})), None),
    "DPOP-JWK": (raw({"alg": "ES256", "typ": "dpop+jwt"}, _DPOP_CLAIMS), None),
    "DPOP-ALG": (hs({"alg": "HS256", "typ": "dpop+jwt"}, _DPOP_CLAIMS), None),
    "DPOP-CLAIMS-MISSING": (raw({"alg": "ES256", "typ": "dpop+jwt"}, {}), None),
    "X5C-UNVALIDATED": (hs(header(x5c=["not a certificate"])), None),
    "KID-TRAVERSAL": (hs(header(kid="../../dev/null")), None),
    "KID-INJECTION": (hs(header(kid="x' UNION SELECT 'k")), None),
    "KID-TYPE": (hs(header(kid=5)), None),
    "CRIT-UNKNOWN": (hs(header(crit=["x-ext"], **{"x-ext": 1})), None),
    "CRIT-MALFORMED": (hs(header(crit="b64")), None),
    "B64-FALSE": (hs(header(b64=False, crit=["b64"])), None),
    "ZIP": (hs(header(zip="DEF")), None),
    "TYP-MISSING": (hs(header(typ=DROP)), None),
    "TYP-UNUSUAL": (hs(header(typ="weird")), None),
    "NESTED": (hs(header(cty="JWT")), None),
    "TOKEN-SIZE": (hs(payload=claims(data="x" * 9000)), None),
    "JWE": (_JWE, None),
    "NUMERICDATE-TYPE": (hs(payload=claims(exp="soon")), None),
    "NUMERICDATE-MS": (hs(payload=claims(exp=(NOW + 600) * 1000)), None),
    "EXP-MISSING": (hs(payload=claims(exp=DROP)), None),
    "EXP-EXPIRED": (hs(payload=claims(exp=NOW - 10)), None),
    "LIFETIME-EXCESSIVE": (hs(payload=claims(exp=NOW + 10 * 86400)), None),
    "TIME-ORDER": (hs(payload=claims(nbf=NOW + 900)), None),
    "NBF-IAT-FUTURE": (hs(payload=claims(iat=NOW + 3600)), None),
    "ISS-MISSING": (hs(payload=claims(iss=DROP)), None),
    "ISS-TYPE": (hs(payload=claims(iss=5)), None),
    "ISS-NOT-HTTPS": (hs(payload=claims(iss="http://auth.example.com")), None),
    "SUB-MISSING": (hs(payload=claims(sub=DROP, nonce="n")), None),
    "SUB-TYPE": (hs(payload=claims(sub=5)), None),
    "AUD-MISSING": (hs(payload=claims(aud=DROP)), None),
    "AUD-TYPE": (hs(payload=claims(aud=5)), None),
    "AUD-WILDCARD": (hs(payload=claims(aud="*")), None),
    "JTI-MISSING": (hs(payload=claims(jti=DROP)), None),
    "JTI-TYPE": (hs(payload=claims(jti=5)), None),
    "AT-CLAIMS-MISSING": (hs(header(typ="at+jwt")), None),
    "CROSS-JWT": (
        hs(header(typ="at+jwt"), claims(client_id="c", nonce="x")),
        None,
    ),
    "SENSITIVE-NAME": (hs(payload=claims(password="hunter2")), None),
    "SENSITIVE-KEY": (
        hs(payload=claims(note="-----BEGIN PRIVATE KEY-----\nMIIB\n")),
        None,
    ),
    "SENSITIVE-CARD": (hs(payload=claims(note="4111 1111 1111 1111")), None),
    "PII-EMAIL": (hs(payload=claims(contact="alice@example.com")), None),
    "PII-PHONE": (hs(payload=claims(phone="+44 20 7946 0958")), None),
    "SD-DIGEST-UNMATCHED": (sd_jwt([disclosure("role", "admin")], digests=[]), None),
    "SD-DUPLICATE": (sd_jwt([disclosure("a", 1)] * 2), None),
    "SD-CLAIM-CONFLICT": (sd_jwt([disclosure("sub", "someone-else")]), None),
    "SD-DISCLOSURE-MALFORMED": (sd_jwt(["bm90IGpzb24"]), None),
    "SD-ALG-UNKNOWN": (sd_jwt([], _sd_alg="whirlpool"), None),
    "SD-ALG-WEAK": (sd_jwt([], _sd_alg="sha-256-64"), None),
    "SD-SALT-SHORT": (sd_jwt([disclosure("a", 1, salt="c2FsdA")]), None),
    "SD-VALIDITY-DISCLOSABLE": (
        sd_jwt([disclosure("exp", NOW + 600)], exp=DROP),
        None,
    ),
    "SD-KB-MISSING": (sd_jwt([], cnf=_HOLDER), None),
}
PRODUCERS.update({name: (token, None) for name, token in JWE_PRODUCERS.items()})
_SIGNED = hs().split(".")
PRODUCERS["JWS-UNPROTECTED"] = (  # a JWS JSON signature's alg not signed
    json.dumps(
        {
            "payload": _SIGNED[1],
            "signatures": [{"header": {"alg": "HS256"}, "signature": _SIGNED[2]}],
        }
    ),
    None,
)
PRODUCERS["TOKEN-REPAIRED"] = (hs() + "?", None)  # a character glued after it

_KID_A = dataclasses.replace(_SMALL_RSA, kid="a")
PRODUCERS["JWKS-MIXED"] = (
    raw(header(alg="RS256"), CLAIMS, b"\x01" * 128),
    KeySet((_SMALL_RSA, key_material(b"x" * 32, source="test")), ()),
)
PRODUCERS["JWKS-DUPLICATE-KID"] = (
    raw(header(alg="RS256", kid="a"), CLAIMS, b"\x01" * 128),
    KeySet((_KID_A, _KID_A), ()),
)


def _x5c(start: datetime.datetime, days: int = 3650) -> list[str]:
    cert = certificate(_RSA.key, start=start, days=days)
    return [base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()]


_ROCA = key_material(serialization.load_pem_public_key(ROCA_PEM), source="test")
_2020 = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
PRODUCERS.update(
    {
        "ROCA-KEY": (raw(header(alg="RS256"), CLAIMS, b"\x01" * 256), _ROCA),
        "CERT-DATES": (hs(header(x5c=_x5c(_2020, days=30))), None),
        "X5T-MISMATCH": (hs(header(x5c=_x5c(_2020), x5t="AAAA")), None),
    }
)


def run(token: str, key: KeyMaterial | KeySet | None = None) -> tuple[Finding, ...]:
    if token.startswith("{"):  # a JWS in JSON serialization
        from jwtinspector.core.audit.forms import audit_input
        from jwtinspector.core.json_serialization import parse_json_serialization

        form = parse_json_serialization(token)
        return audit_input(form, now=NOW, key=key, options=AuditOptions())
    return audit(
        inspect_token(token),
        now=NOW,
        key=key,
        options=AuditOptions(),
        sd_jwt=parse_sd_jwt(token),
        nested=inspect_token(NESTED[token]) if token in NESTED else None,
    )


def test_catalogue_lists_each_id_once_with_every_text() -> None:
    entries = catalogue()
    assert len({entry.id for entry in entries}) == len(entries) == len(CATALOGUE)
    for entry in entries:
        assert re.fullmatch(r"[A-Z0-9]+(?:-[A-Z0-9]+)*", entry.id), entry.id
        assert entry.title, entry.id
        assert "\n" not in entry.title, entry.id
        assert entry.advice.endswith("."), entry.id
        assert re.search(r"RFC \d+|CVE-|OpenID", entry.reference), entry.id
        assert entry.severities == tuple(
            sorted(entry.severities, key=list(Severity).index)
        ), entry.id
        assert entry.to_dict()["severity"] == str(entry.severity)


@pytest.mark.parametrize("finding_id", sorted(CATALOGUE))
def test_every_catalogue_id_has_an_input_that_produces_it(finding_id: str) -> None:
    token, key = PRODUCERS[finding_id]

    found = {f.id for f in run(token, key)}

    assert finding_id in found


def test_the_table_of_inputs_covers_exactly_the_catalogue() -> None:
    assert set(PRODUCERS) == set(CATALOGUE)


def test_no_check_reports_an_id_missing_from_the_catalogue() -> None:
    for token, key in PRODUCERS.values():
        for finding in run(token, key):
            assert finding.id in CATALOGUE, finding.id
            assert finding.severity in CATALOGUE[finding.id].severities, finding


def _check_sources() -> str:
    return "\n".join(path.read_text("utf-8") for path in CHECKS_DIR.glob("*.py"))


def test_every_catalogue_id_is_emitted_by_some_check() -> None:
    sources = _check_sources()

    unused = [i for i in CATALOGUE if f'"{i}"' not in sources]

    assert unused == []


def test_checks_build_findings_only_from_the_catalogue() -> None:
    sources = _check_sources()

    assert not re.search(r"(?<![\w.])Finding\(", sources)
    indexes = re.findall(r"CATALOGUE\[([^\]]+)\]", sources)
    assert indexes
    for index in indexes:
        for name in re.findall(r'"([A-Z0-9]+(?:-[A-Z0-9]+)+)"', index):
            assert name in CATALOGUE, name


def test_every_check_is_registered_with_a_family() -> None:
    registered = registered_checks()
    defined = re.findall(r"^def (_check_\w+)\(", _check_sources(), flags=re.M)

    assert sorted(c.function.__name__ for c in registered) == sorted(defined)
    assert len({c.order for c in registered}) == len(registered)
    assert all(c.family for c in registered)


def test_a_severity_the_entry_does_not_declare_is_refused() -> None:
    with pytest.raises(ValueError, match="never"):
        CATALOGUE["WEAK-SECRET"].finding("t", "e", severity="info")


def test_weak_secret_finding_carries_the_secret_but_never_shows_it() -> None:
    finding = next(f for f in run(hs(secret=b"secret")) if f.id == "WEAK-SECRET")

    assert finding.secret == "secret"
    assert "secret" not in finding.to_dict()
    assert "secret=" not in repr(finding)


def test_quoted_token_text_escapes_c1_controls() -> None:
    assert "\x9b" not in quoted("a\x9b[31mb")
    assert "\\u009b" in quoted("a\x9b[31mb")


def test_a_c1_control_in_a_kid_never_reaches_a_finding_raw() -> None:
    findings = run(hs(header(kid="../\x9b[31m")))

    assert "KID-TRAVERSAL" in {f.id for f in findings}
    for finding in findings:
        for text in (finding.title, finding.explanation):
            assert "\x9b" not in text
    assert any("\\u009b" in f.title for f in findings)


def test_docs_list_every_finding_as_the_catalogue_says() -> None:
    path = Path(__file__).resolve().parents[2] / "docs" / "findings.md"

    assert path.read_text("utf-8") == catalogue_markdown(), (
        "docs/findings.md is out of date: run python docs/make_findings.py"
    )
    table = catalogue_markdown()
    for entry in catalogue():
        assert f"| {entry.id} | {' / '.join(entry.severities)} |" in table


def test_catalogue_rows_are_json_ready_and_in_catalogue_order() -> None:
    rows = catalogue_rows()

    assert json.loads(json.dumps(rows)) == rows
    assert [row["id"] for row in rows] == list(CATALOGUE)
    assert rows[0].keys() == {
        "id",
        "severity",
        "severities",
        "title",
        "advice",
        "reference",
    }


C1 = "\x9b[31m"


def _x5c(subject: str) -> str:
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    made = certificate(_EC.key, subject, start=start)
    return base64.b64encode(made.public_bytes(serialization.Encoding.DER)).decode()


@pytest.mark.parametrize(
    ("token_header", "token_claims"),
    [
        (header(alg="HS256" + C1), CLAIMS),
        (header(kid=C1), CLAIMS),
        (header(kid="../" + C1), CLAIMS),
        (header(jku="http://127.0.0.1/" + C1), CLAIMS),
        (header(x5u="https://keys.example/" + C1), CLAIMS),
        (header(jku="http://a\x9b.example/keys"), CLAIMS),
        (header(jku="http://192.168.0.1\x9b/keys"), CLAIMS),
        (header(jku="https://keys.example/"), claims(iss="https://i\x9b.example/")),
        (header(x5c=[_x5c("CN " + C1)]), CLAIMS),
        (header(jwk=C1), CLAIMS),
        (header(typ=C1), CLAIMS),
        (header(crit=[C1], **{C1: 1}), CLAIMS),
        (header(zip=C1), CLAIMS),
        (HEADER, claims(iss=[C1])),
        (HEADER, claims(sub=[C1])),
        (HEADER, claims(aud=[C1, 5])),
        (HEADER, claims(exp=C1)),
        (HEADER, claims(jti=[C1])),
        (HEADER, claims(**{"password" + C1: "x"})),
        (HEADER, claims(note=C1 + "alice@example.com")),
    ],
)
def test_no_finding_carries_a_raw_c1_control_from_the_token(
    token_header: dict[str, Any], token_claims: dict[str, Any]
) -> None:
    findings = run(hs(token_header, token_claims))

    assert findings
    for finding in findings:
        for text in (finding.title, finding.explanation, finding.advice):
            assert "\x9b" not in text, (finding.id, text)
