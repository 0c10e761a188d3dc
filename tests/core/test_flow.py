"""The flow check: an ID token, access token, refresh token, DPoP proof and
code checked as one login."""

from __future__ import annotations

import json

from flow_tokens import (
    CODE,
    NOW,
    OTHER_KEY,
    URL,
    access_token,
    dpop_proof,
    id_token,
    refresh_token,
)
from hypothesis import given as examples
from hypothesis import settings
from hypothesis import strategies as st

from jwtinspector.core.dpop import Outcome
from jwtinspector.core.flow import (
    ACCESS,
    DPOP,
    ID,
    MAX_TOKENS,
    REFRESH,
    FlowOptions,
    check_flow,
    given,
    guess_roles,
)


def run(**tokens: str):
    options = tokens.pop("options", FlowOptions(method="GET", url=URL))
    flow = [given(role, text) for role, text in tokens.items()]
    return check_flow(flow, now=NOW, options=options)  # type: ignore[arg-type]


def outcome(report, name: str) -> Outcome:
    return next(c.outcome for c in report.checks if c.name == name)


def reason(report, name: str) -> str:
    return next(c.reason for c in report.checks if c.name == name)


def test_a_consistent_login_passes_every_check() -> None:
    access = access_token()
    report = run(
        id_token=id_token(access, CODE),
        access_token=access,
        refresh_token=refresh_token(),
        dpop=dpop_proof(access),
        code=CODE,
    )

    failing = [c for c in report.checks if c.outcome is not Outcome.PASS]
    assert failing == []
    assert report.verdict is Outcome.PASS
    names = {c.name for c in report.checks}
    assert {
        "at_hash",
        "c_hash",
        "DPoP ath",
        "DPoP cnf.jkt",
        "iss",
        "sub",
        "sid",
        "client",
        "nonce",
        "lifetime (access token)",
        "lifetime (ID token)",
        "auth_time (ID token)",
        "DPoP timing",
    } <= names


def test_at_hash_and_c_hash_of_other_values_fail() -> None:
    report = run(
        id_token=id_token(access_token(sub="bob"), "another-code"),
        access_token=access_token(),
        code=CODE,
    )

    assert outcome(report, "at_hash") is Outcome.FAIL
    assert "does not match the access token" in reason(report, "at_hash")
    assert outcome(report, "c_hash") is Outcome.FAIL
    assert report.verdict is Outcome.FAIL


def test_an_id_token_without_at_hash_cannot_be_bound() -> None:
    report = run(id_token=id_token(), access_token=access_token())

    assert outcome(report, "at_hash") is Outcome.CANNOT
    assert "no at_hash" in reason(report, "at_hash")


def test_an_opaque_access_token_is_hashed_as_given() -> None:
    opaque = "SlAV32hkKG.opaque~value"
    report = run(id_token=id_token(opaque), access_token=opaque)

    assert outcome(report, "at_hash") is Outcome.PASS
    assert report.role(ACCESS).token is None  # type: ignore[union-attr]


def test_iss_and_sub_mismatches_fail_with_both_values() -> None:
    report = run(
        id_token=id_token(iss="https://other.example.com"),
        access_token=access_token(sub="bob"),
    )

    assert outcome(report, "iss") is Outcome.FAIL
    assert "different issuers" in reason(report, "iss")
    assert outcome(report, "sub") is Outcome.FAIL
    assert '"alice"' in reason(report, "sub")
    assert '"bob"' in reason(report, "sub")


def test_the_access_tokens_client_must_be_the_id_tokens_audience() -> None:
    report = run(id_token=id_token(), access_token=access_token(client_id="app-2"))

    assert outcome(report, "client") is Outcome.FAIL
    assert "different clients" in reason(report, "client")


def test_nonce_compared_when_given_required_when_asked() -> None:
    ok = run(id_token=id_token(), options=FlowOptions(nonce="n-0S6_WzA2Mj"))
    wrong = run(id_token=id_token(), options=FlowOptions(nonce="other"))
    missing = run(
        id_token=id_token(nonce=None), options=FlowOptions(require_nonce=True)
    )
    unknown = run(id_token=id_token(nonce=None))

    assert outcome(ok, "nonce") is Outcome.PASS
    assert outcome(wrong, "nonce") is Outcome.FAIL
    assert outcome(missing, "nonce") is Outcome.FAIL
    assert outcome(unknown, "nonce") is Outcome.CANNOT


def test_lifetimes_in_the_wrong_order_fail() -> None:
    report = run(
        id_token=id_token(auth_time=NOW + 100),
        access_token=access_token(exp=NOW + 90000),
        refresh_token=refresh_token(exp=NOW + 3600),
    )

    assert outcome(report, "lifetime (access token)") is Outcome.FAIL
    assert "outlives the refresh token" in reason(report, "lifetime (access token)")
    assert outcome(report, "lifetime (ID token)") is Outcome.PASS
    assert outcome(report, "auth_time (access token)") is Outcome.FAIL


def test_a_proof_made_after_the_access_token_expired_fails_its_timing() -> None:
    access = access_token(iat=NOW - 7200, exp=NOW - 3600)

    report = run(access_token=access, dpop=dpop_proof(access))

    assert outcome(report, "DPoP timing") is Outcome.FAIL
    assert "after the access token expired" in reason(report, "DPoP timing")


def test_a_proof_by_another_key_breaks_the_binding() -> None:
    access = access_token()

    report = run(access_token=access, dpop=dpop_proof(access, key=OTHER_KEY))

    assert outcome(report, "DPoP cnf.jkt") is Outcome.FAIL


def test_a_bound_access_token_without_a_proof_says_so() -> None:
    report = run(access_token=access_token())

    assert outcome(report, "cnf.jkt") is Outcome.CANNOT
    assert report.verdict is Outcome.CANNOT


def test_roles_are_guessed_from_names_and_content() -> None:
    access = access_token()
    text = (
        f"Authorization: DPoP {access}\n"
        f"DPoP: {dpop_proof(access)}\n"
        f"id token was {id_token(access)}\n"
        "refresh_token=8xLOxBtZp8opaque\n"
    )

    found = {t.role: t.how for t in guess_roles(text)}

    assert found == {
        ACCESS: "named Authorization",
        DPOP: "named DPoP",
        ID: "its claims",
        REFRESH: "named refresh_token",
    }


def test_a_token_response_gives_its_roles_by_name() -> None:
    access = access_token()
    response = json.dumps(
        {
            "access_token": access,
            "id_token": id_token(access),
            "refresh_token": "opaque-refresh-value",
            "token_type": "DPoP",
        }
    )

    tokens = guess_roles(response)
    report = check_flow(tokens, now=NOW)

    assert [t.role for t in report.tokens] == [ID, ACCESS, REFRESH]
    assert report.role(REFRESH).token is None  # type: ignore[union-attr]
    assert outcome(report, "at_hash") is Outcome.PASS


def test_typ_headers_name_the_roles_of_unnamed_tokens() -> None:
    access = access_token()
    text = f"{dpop_proof(access)}\n\n{access}\n"

    found = {t.role: t.how for t in guess_roles(text)}

    assert found == {DPOP: "typ dpop+jwt", ACCESS: "typ at+jwt"}


def test_opaque_values_are_found_by_their_names_only() -> None:
    text = (
        "error_code=not-a-code-at-all\n"
        "Authorization: Bearer SlAV32hkKGopaque\n"
        "GET https://app.example.com/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj\n"
    )

    found = [(t.role, t.text, t.how) for t in guess_roles(text)]

    assert found == [
        (ACCESS, "SlAV32hkKGopaque", "named Authorization"),
        ("code", "SplxlOBeZQQYbYS6WxSbIA", "named code"),
    ]


def test_a_token_request_proof_without_ath_still_binds_the_access_token() -> None:
    access = access_token()

    report = run(access_token=access, dpop=dpop_proof())

    assert outcome(report, "DPoP ath") is Outcome.CANNOT
    assert "proof for the token request" in reason(report, "DPoP ath")
    assert outcome(report, "DPoP cnf.jkt") is Outcome.PASS
    assert report.verdict is Outcome.PASS


def test_a_key_binding_jwt_is_not_taken_for_an_id_token() -> None:
    import jwt
    from flow_tokens import CLIENT_KEY

    kb = jwt.encode(
        {"nonce": "n", "aud": "https://verifier.example", "iat": NOW, "sd_hash": "x"},
        CLIENT_KEY,
        "ES256",
        headers={"typ": "kb+jwt"},
    )

    assert guess_roles(f"{access_token()}\n{kb}\n")[0].role == ACCESS
    assert len(guess_roles(f"{access_token()}\n{kb}\n")) == 1


def test_a_token_given_with_its_scheme_is_hashed_as_sent() -> None:
    access = access_token()
    opaque = "SlAV32hkKG.opaque~value"

    jwt_report = run(id_token=id_token(access), access_token=f"Bearer {access}")
    opaque_report = run(id_token=id_token(opaque), access_token=f"DPoP {opaque}")

    assert outcome(jwt_report, "at_hash") is Outcome.PASS
    assert outcome(opaque_report, "at_hash") is Outcome.PASS


@settings(max_examples=30)
@examples(
    st.lists(
        st.sampled_from(
            [
                "id_token=",
                "access_token: ",
                '{"refresh_token": "',
                "DPoP: ",
                "code=",
                "Authorization: Bearer ",
                "eyJhbGciOiJub25lIn0.",
                "e30.",
                "{",
                '"',
                ".",
            ]
        )
        | st.text(max_size=12),
        max_size=12,
    )
)
def test_any_paste_gives_tokens_or_none_never_an_exception(parts) -> None:
    text = "".join(parts)

    tokens = guess_roles(text)
    report = check_flow(tokens, now=NOW)

    assert all(t.role in ("id_token", "access_token", "refresh_token", "dpop", "code")
               for t in tokens)  # fmt: skip
    assert report.verdict in Outcome


def test_a_text_of_thousands_of_named_values_is_read_to_a_bound() -> None:
    text = "".join(f"code=value-number-{n:06d}\n" for n in range(20_000))

    tokens = guess_roles(text)

    assert len(tokens) == MAX_TOKENS
    assert tokens[0].text == "value-number-000000"
