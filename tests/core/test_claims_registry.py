"""The claims dictionary against the IANA registry snapshot, the four kinds of
name, and identity providers recognised from iss."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from jwtinspector.core.claims import (
    KINDS,
    dictionary,
    explain,
    explain_members,
    is_collision_resistant,
    token_use,
)
from jwtinspector.core.providers import provider_of

ROOT = Path(__file__).resolve().parents[2]


def _checker():
    spec = importlib.util.spec_from_file_location(
        "check_registry", ROOT / "docs" / "check_registry.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_registered_name_has_a_meaning_a_source_and_a_link() -> None:
    checker = _checker()
    assert checker.problems() == []
    coverage = checker.coverage()
    assert coverage["claims"][0] == coverage["claims"][1] >= 160
    assert coverage["header"] == (33, 33)


def test_the_check_finds_a_missing_meaning_and_a_duplicate(tmp_path, monkeypatch):
    checker = _checker()
    (tmp_path / "registry").mkdir()
    for _part, path in checker.SNAPSHOTS.items():
        (tmp_path / "registry" / path.name).write_text(path.read_text("utf-8"))
    claims = (tmp_path / "registry" / "iana-jwt-claims.csv").open("a")
    claims.write("new_claim,Something new,RFC9999\n")
    claims.close()
    providers = (ROOT / "resources" / "providers.json").read_text("utf-8")
    (tmp_path / "providers.json").write_text(providers)
    text = (ROOT / "resources" / "claims.json").read_text("utf-8")
    doubled = text.replace('"claims": {', '"claims": {"iss": {}, ', 1)
    (tmp_path / "claims.json").write_text(doubled)
    monkeypatch.setattr(checker, "RESOURCES", tmp_path)
    monkeypatch.setattr(
        checker,
        "SNAPSHOTS",
        {p: tmp_path / "registry" / f.name for p, f in checker.SNAPSHOTS.items()},
    )

    assert checker.problems() == ["claims.json: 'iss' is defined twice"]
    (tmp_path / "claims.json").write_text(text)
    assert checker.problems() == [
        "claims: 'new_claim' is in iana-jwt-claims.csv but has no meaning"
    ]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("tid", "signs in to"),  # the tenant signed in to, not from
        ("oid", "within one tenant"),
    ],
)
def test_the_fixed_entra_meanings(name: str, why: str) -> None:
    entra = {"iss": "https://sts.windows.net/72f988bf/"}
    assert why in explain(name, claims=entra).meaning


def test_azp_no_longer_states_the_dropped_several_audiences_rule() -> None:
    for meaning in (explain("azp"), explain("azp", claims={"nonce": "n"})):
        assert "several" not in meaning.meaning
    assert "errata set 2" in explain("azp").source


def test_cnf_cites_dpop_and_mtls_thumbprints() -> None:
    cnf = explain("cnf")
    assert "jkt" in cnf.meaning
    assert "x5t#S256" in cnf.meaning
    assert "RFC 9449 §6" in cnf.source
    assert "RFC 8705" in cnf.source


def test_nonce_says_which_meaning_applies() -> None:
    dpop = explain("nonce", claims={"htm": "POST", "htu": "https://x", "nonce": "n"})
    id_token = explain("nonce", claims={"nonce": "n", "at_hash": "x"})
    unknown = explain("nonce", claims={"nonce": "n"} | {"sub": "a"})
    assert dpop.meaning.startswith("In a DPoP proof")
    assert "RFC 9449" in dpop.source
    assert id_token.meaning.startswith("In an ID token")
    assert "ID token" in unknown.meaning


def test_azp_in_an_access_token_and_in_an_id_token() -> None:
    access = explain("azp", claims={"scope": "read"}, header={"typ": "at+jwt"})
    id_token = explain("azp", claims={"nonce": "n"})
    assert access.meaning.startswith("In an access token")
    assert id_token.meaning.startswith("In an ID token")


@pytest.mark.parametrize(
    ("claims", "header", "use"),
    [
        ({"htm": "GET", "htu": "https://a"}, None, "dpop"),
        ({}, {"typ": "dpop+jwt"}, "dpop"),
        ({"sub": "a"}, {"typ": "at+jwt"}, "access"),
        ({"token_use": "id"}, None, "id"),
        ({"scp": "read"}, None, "access"),
        ({"sub": "a"}, None, ""),
        (None, ["not", "a", "header"], ""),
    ],
)
def test_token_use(claims, header, use) -> None:
    assert token_use(claims, header) == use


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("exp", "registered"),
        ("sub_jwk", "registered"),
        ("_sd", "registered"),
        ("https://example.com/claims/role", "public"),
        ("urn:example:claim", "public"),
        ("com.example.role", "public"),
        ("xms_cc", "vendor"),
        ("cognito:groups", "vendor"),
        ("team", "private"),
        ("type", "private"),
        ("a.b", "private"),
        ("", "private"),
    ],
)
def test_the_kind_of_a_claim_name(name: str, kind: str) -> None:
    assert explain(name).kind == kind
    assert kind in KINDS


def test_header_names_are_registered_public_or_private() -> None:
    assert explain("trust_chain", "header").kind == "registered"
    assert explain("url", "header").source == "RFC 8555 §6.4.1"
    assert explain("https://example.com/h", "header").kind == "public"
    assert explain("tid", "header").kind == "private"
    assert explain("tid", "header").meaning == ""


def test_is_collision_resistant() -> None:
    assert is_collision_resistant("https://a.example/x")
    assert not is_collision_resistant("role")
    assert not is_collision_resistant("x:")


@pytest.mark.parametrize(
    ("issuer", "provider"),
    [
        ("https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/", "entra"),
        ("https://login.microsoftonline.com/72f988bf/v2.0", "entra"),
        ("https://dev-abc.us.auth0.com/", "auth0"),
        ("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC", "cognito"),
        ("https://sso.example.org/realms/staff", "keycloak"),
        ("http://localhost:8080/realms/master", "keycloak"),
        ("https://accounts.google.com", "google"),
        ("accounts.google.com", "google"),
        ("https://dev-1.okta.com/oauth2/default", "okta"),
        ("https://issuer.example", None),
        ("https://evil.example/?https://sts.windows.net/x/", None),
        (42, None),
    ],
)
def test_provider_detection(issuer, provider) -> None:
    found = provider_of(issuer)
    assert (found.key if found else None) == provider


@pytest.mark.parametrize(
    ("issuer", "claims", "vendor"),
    [
        (
            "https://login.microsoftonline.com/t/v2.0",
            "tid oid upn roles scp wids appid azp ver idp uti rh aio xms_pdl",
            "Microsoft Entra ID",
        ),
        ("https://x.auth0.com/", "gty org_id org_name permissions", "Auth0"),
        (
            "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x",
            "cognito:groups token_use client_id username origin_jti event_id",
            "Amazon Cognito",
        ),
        (
            "https://kc.example/realms/r",
            "realm_access resource_access allowed-origins session_state",
            "Keycloak",
        ),
        ("https://accounts.google.com", "hd email_verified picture", "Google"),
        ("https://a.okta.com", "uid cid scp", "Okta"),
    ],
)
def test_each_provider_explains_its_claims_with_a_link(issuer, claims, vendor):
    payload = {"iss": issuer} | dict.fromkeys(claims.split(), 1)
    for entry in explain_members(payload, part="claims")[1:]:
        assert entry["vendor"] == vendor, entry["name"]
        assert entry["meaning"]
        assert entry["url"].startswith("https://")
        registered = entry["name"] in dictionary()["claims"]
        assert entry["kind"] == ("registered" if registered else "vendor")


def test_auth0_namespaced_claims_are_explained_as_auth0_custom_claims() -> None:
    payload = {"iss": "https://x.auth0.com/", "https://app.example/roles": []}
    entry = explain_members(payload, part="claims")[1]
    assert entry["vendor"] == "Auth0"
    assert "custom claim" in entry["meaning"]


def test_explain_members_of_something_that_is_not_an_object() -> None:
    assert explain_members(None, part="claims") == []
    assert explain_members([1, 2], part="header") == []
