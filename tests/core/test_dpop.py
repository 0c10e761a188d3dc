"""DPoP proof verification (RFC 9449 §4.3): each check passes, fails or
cannot be made, with its reason."""

from __future__ import annotations

import jwt
import pytest
from flow_tokens import (
    CLIENT_KEY,
    NOW,
    OTHER_KEY,
    URL,
    access_token,
    dpop_proof,
    private_jwk,
    public_jwk,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from jwtinspector.core.dpop import (
    DpopOptions,
    Outcome,
    access_token_hash,
    normalised_htu,
    verify_dpop,
)
from jwtinspector.core.token import inspect_token

# RFC 9449 §4.1 (Figure 4) and §7.1 (Figure 12): the token request's proof,
# the resource request's proof with ath, and its access token.
RFC_JWK_HEADER = (
    "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4"
    "dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09r"
    "X282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19"
)
RFC_TOKEN_PROOF = (
    RFC_JWK_HEADER
    + ".eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2Vy"
    "dmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0"
    "zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg"
)
RFC_RESOURCE_PROOF = (
    RFC_JWK_HEADER
    + ".eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwiaHRtIjoiR0VUIiwiaHR1IjoiaHR0cHM6Ly9yZXNv"
    "dXJjZS5leGFtcGxlLm9yZy9wcm90ZWN0ZWRyZXNvdXJjZSIsImlhdCI6MTU2MjI2MjYxOCwiYXRoIjoi"
    "ZlVIeU8ycjJaM0RaNTNFc05yV0JiMHhXWG9hTnk1OUlpS0NBcWtzbVFFbyJ9.2oW9RP35yRqzhrtNP86L"
    "-Ey71EOptxRimPPToA1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxhAJpLjA"
)
RFC_ACCESS_TOKEN = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"
RFC_JKT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"


def outcomes(report) -> dict[str, Outcome]:
    return {c.name: c.outcome for c in report.checks}


def reason(report, name: str) -> str:
    return next(c.reason for c in report.checks if c.name == name)


def check(proof: str, **options) -> object:
    return verify_dpop(inspect_token(proof), now=NOW, options=DpopOptions(**options))


def test_rfc_9449_token_request_proof_verifies() -> None:
    report = verify_dpop(
        inspect_token(RFC_TOKEN_PROOF),
        now=1562262616 + 3,
        options=DpopOptions("POST", "https://server.example.com/token"),
    )

    assert report.valid, report.checks
    assert report.thumbprint == RFC_JKT
    assert "ath" not in outcomes(report)


def test_rfc_9449_resource_proof_binds_its_access_token() -> None:
    assert access_token_hash(RFC_ACCESS_TOKEN) == (
        "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo"
    )
    options = DpopOptions(
        "get", "https://resource.example.org/protectedresource", RFC_ACCESS_TOKEN
    )
    report = verify_dpop(
        inspect_token(RFC_RESOURCE_PROOF), now=1562262620, options=options
    )

    found = outcomes(report)
    assert found["ath"] is Outcome.PASS
    assert found["signature"] is Outcome.PASS
    assert found["htm"] is Outcome.PASS  # the method is compared in upper case
    # The RFC's access token is opaque: its binding is the server's to tell.
    assert found["cnf.jkt"] is Outcome.CANNOT
    assert "opaque" in reason(report, "cnf.jkt")


def test_a_good_proof_passes_every_check() -> None:
    access = access_token()
    report = check(dpop_proof(access), method="GET", url=URL, access_token=access)

    assert report.valid, report.checks
    assert set(outcomes(report)) == {
        "typ", "alg", "jwk", "signature", "jti", "htm", "htu", "iat", "ath", "cnf.jkt"
    }  # fmt: skip


def test_wrong_ath_and_another_clients_key_fail() -> None:
    access = access_token()
    proof = dpop_proof(access_token(sub="bob"), key=OTHER_KEY)

    report = check(proof, method="GET", url=URL, access_token=access)

    assert outcomes(report)["ath"] is Outcome.FAIL
    assert "another access token" in reason(report, "ath")
    assert outcomes(report)["cnf.jkt"] is Outcome.FAIL
    assert "another client's key" in reason(report, "cnf.jkt")
    assert outcomes(report)["signature"] is Outcome.PASS


def test_a_private_jwk_fails_but_the_signature_is_still_checked() -> None:
    proof = dpop_proof(jwk=private_jwk(CLIENT_KEY))

    report = check(proof, method="GET", url=URL)

    assert outcomes(report)["jwk"] is Outcome.FAIL
    assert "private members (d)" in reason(report, "jwk")
    assert outcomes(report)["signature"] is Outcome.PASS
    assert not report.valid


def test_a_jwk_that_did_not_sign_fails_the_signature() -> None:
    report = check(dpop_proof(jwk=public_jwk(OTHER_KEY)), method="GET", url=URL)

    assert outcomes(report)["signature"] is Outcome.FAIL


@pytest.mark.parametrize(
    ("method", "url", "failing"),
    [
        ("POST", URL, "htm"),
        ("GET", "https://api.example.com/v1/other", "htu"),
        ("GET", "http://api.example.com/v1/me", "htu"),
        ("GET", "https://api.example.com:8443/v1/me", "htu"),
    ],
    ids=["method", "path", "scheme", "port"],
)
def test_another_request_fails_htm_or_htu(method: str, url: str, failing: str) -> None:
    report = check(dpop_proof(), method=method, url=url)

    assert outcomes(report)[failing] is Outcome.FAIL
    assert sum(c.outcome is Outcome.FAIL for c in report.checks) == 1


@pytest.mark.parametrize(
    "url",
    [
        "https://api.example.com/v1/me?page=2",
        "https://api.example.com/v1/me#top",
        "HTTPS://API.Example.COM:443/v1/me?x=1",
    ],
    ids=["query", "fragment", "case-and-port"],
)
def test_query_fragment_case_and_default_port_are_ignored(url: str) -> None:
    assert outcomes(check(dpop_proof(), method="GET", url=url))["htu"] is Outcome.PASS


def test_htu_is_normalised_as_section_4_3_says() -> None:
    assert normalised_htu("HTTPS://Ex.COM?a#b") == "https://ex.com/"
    assert normalised_htu("http://ex.com:8080/a?q") == "http://ex.com:8080/a"
    assert normalised_htu("/relative") is None
    assert normalised_htu("https://ex.com:99999/") is None


def test_without_a_request_htm_and_htu_cannot_be_compared() -> None:
    report = check(dpop_proof())

    assert outcomes(report)["htm"] is Outcome.CANNOT
    assert "give the request's method" in reason(report, "htm")
    assert outcomes(report)["htu"] is Outcome.CANNOT


@pytest.mark.parametrize(
    ("iat", "words"),
    [(NOW - 61, "61 s before now"), (NOW + 120, "120 s in the future")],
    ids=["old", "future"],
)
def test_iat_outside_the_window_fails(iat: int, words: str) -> None:
    report = check(dpop_proof(iat=iat), method="GET", url=URL)

    assert outcomes(report)["iat"] is Outcome.FAIL
    assert words in reason(report, "iat")


def test_the_window_is_configurable() -> None:
    report = check(dpop_proof(iat=NOW - 200), method="GET", url=URL, window=300)

    assert outcomes(report)["iat"] is Outcome.PASS


def test_missing_jti_and_wrong_typ_fail() -> None:
    proof = dpop_proof(jti=None, header={"typ": "JWT"})

    report = check(proof, method="GET", url=URL)

    assert outcomes(report)["jti"] is Outcome.FAIL
    assert outcomes(report)["typ"] is Outcome.FAIL


def test_hs256_proof_is_refused_even_with_a_matching_oct_key() -> None:
    secret = "a-shared-secret-of-thirty-two-bytes!"
    oct_jwk = {"kty": "oct", "k": "YS1zaGFyZWQtc2VjcmV0LW9mLXRoaXJ0eS10d28tYnl0ZXMh"}
    proof = jwt.encode(
        {"jti": "x", "htm": "GET", "htu": URL, "iat": NOW},
        secret,
        "HS256",
        headers={"typ": "dpop+jwt", "jwk": oct_jwk},
    )

    report = check(proof, method="GET", url=URL)

    assert outcomes(report)["alg"] is Outcome.FAIL
    assert "HMAC" in reason(report, "alg")
    assert outcomes(report)["jwk"] is Outcome.FAIL
    assert outcomes(report)["signature"] is not Outcome.PASS


def test_alg_none_is_never_verified() -> None:
    header = jwt.utils.base64url_encode(
        b'{"typ":"dpop+jwt","alg":"none","jwk":' + _jwk_json() + b"}"
    ).decode()
    payload = jwt.utils.base64url_encode(
        b'{"jti":"x","htm":"GET","htu":"https://api.example.com/v1/me","iat":%d}' % NOW
    ).decode()

    report = check(f"{header}.{payload}.", method="GET", url=URL)

    assert outcomes(report)["alg"] is Outcome.FAIL
    assert outcomes(report)["signature"] is Outcome.FAIL
    assert not report.valid


def _jwk_json() -> bytes:
    import json

    return json.dumps(public_jwk(CLIENT_KEY)).encode()


def test_an_access_token_without_cnf_jkt_fails_the_binding() -> None:
    access = access_token(cnf=None)

    report = check(dpop_proof(access), method="GET", url=URL, access_token=access)

    assert outcomes(report)["cnf.jkt"] is Outcome.FAIL
    assert "no cnf.jkt" in reason(report, "cnf.jkt")


def test_a_proof_without_ath_sent_with_an_access_token_fails() -> None:
    access = access_token()

    report = check(dpop_proof(), method="GET", url=URL, access_token=access)

    assert outcomes(report)["ath"] is Outcome.FAIL


def test_an_unreadable_proof_is_one_clear_failure() -> None:
    report = check("not.a.token", method="GET", url=URL)

    assert [c.outcome for c in report.checks] == [Outcome.FAIL]
    assert report.checks[0].reason.startswith("The proof cannot be read")


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
_NAMES = st.sampled_from(
    ["typ", "alg", "jwk", "jti", "htm", "htu", "iat", "ath", "nonce", "cnf", "iss",
     "sub", "sid", "aud", "azp", "client_id", "exp", "auth_time", "at_hash"]
)  # fmt: skip


@settings(max_examples=25)
@given(
    header=st.dictionaries(_NAMES, _JSON, max_size=4),
    claims=st.dictionaries(_NAMES, _JSON, max_size=6),
)
def test_any_header_and_claims_give_checks_never_an_exception(header, claims) -> None:
    import json

    from jwtinspector.core.flow import check_flow
    from jwtinspector.core.flow import given as role

    def compact(head: dict, body: dict) -> str:
        encode = jwt.utils.base64url_encode
        parts = (json.dumps(head).encode(), json.dumps(body).encode(), b"sig")
        return ".".join(encode(p).decode() for p in parts)

    token = compact(header, claims)
    tokens = [role(r, token) for r in ("id_token", "access_token", "dpop", "code")]

    report = check_flow(tokens, now=NOW)
    dpop = verify_dpop(inspect_token(token), now=NOW, options=DpopOptions("GET", URL))

    assert report.checks
    assert all(c.reason for c in (*report.checks, *dpop.checks))
    assert not dpop.valid
