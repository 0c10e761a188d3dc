"""The token report: what a redacted report keeps, masks and lists, that no
masked value or secret leaks into Markdown or HTML, and that HTML is inert."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import string

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from report_tokens import (
    IDENTIFYING,
    KEPT,
    NOW,
    SECRET,
    TOKEN,
    WEAK,
    b64,
    hs256,
    leaves,
)

from jwtinspector.core.keys import load_secret
from jwtinspector.core.pipeline import KeysInUse
from jwtinspector.core.report import make_report, render
from jwtinspector.core.report.redact import length_class, mask_string, mask_value
from jwtinspector.core.segment_colours import SEGMENT_COLOURS
from jwtinspector.core.token import inspect_token


def _report(token: str, *, redact: bool, secret: str = SECRET, form: str = "md"):
    keys = KeysInUse(load_secret(secret, "utf-8"))
    decoded = inspect_token(token)
    return render(make_report(decoded, now=NOW, keys=keys, redact=redact), form)


@pytest.mark.parametrize("form", ["md", "html"])
def test_no_redacted_value_nor_the_signature_appears_anywhere(form: str) -> None:
    text = _report(TOKEN, redact=True, form=form)

    for value in [*leaves(IDENTIFYING), "team-falcon-77"]:
        assert value not in text, value
        assert json.dumps(value)[1:-1] not in text, value
    _header, payload, signature = TOKEN.split(".")
    assert signature not in text
    assert payload not in text
    assert TOKEN not in text
    assert SECRET not in text


@pytest.mark.parametrize("form", ["md", "html"])
def test_kept_claims_and_the_problem_stay_readable(form: str) -> None:
    text = _report(TOKEN, redact=True, form=form)

    for value in ("https://login.example.com/tenant-42", "api://orders", "HS256"):
        assert value in text
    assert "key-2026-01" in text  # kid
    assert "2025-12-31T23:00:00Z" in text  # exp as ISO UTC
    assert "1 h ago" in text
    assert "Token invalid." in text  # expired: verify's words
    assert "Expired" in text


def test_masks_keep_type_and_length_class() -> None:
    text = _report(TOKEN, redact=True)

    assert '"sub": "‹redacted string, 10–19 chars›"' in text
    assert '"email": "‹redacted e-mail address, 20–39 chars›"' in text
    assert '"employee_number": "‹redacted number›"' in text
    assert '"street_address": "‹redacted string, 10–19 chars›"' in text  # name kept
    assert text.count("‹redacted string, 5–9 chars›") >= 1
    assert '"admin": true' in text  # a boolean names no one
    assert "‹signature removed›" in text


def test_the_report_lists_what_was_redacted() -> None:
    text = _report(TOKEN, redact=True)
    listed = text.split("## What was redacted", 1)[1]

    for path in (
        "payload: sub",
        "payload: email",
        r"payload: address.street\_address",
        r"payload: tenant\_roles\[2\]",
        "payload: jti",
        "header: x-trace-owner",
        "signature",
    ):
        assert f"- {path}\n" in listed, path
    for kept in ("payload: iss", "payload: aud", "payload: exp", "header: kid"):
        assert kept not in listed


def test_an_unredacted_report_keeps_values_and_segments_but_no_secret() -> None:
    text = _report(TOKEN, redact=False, form="html")

    assert "alice.smith@example.org" in text
    header, _payload, signature = TOKEN.split(".")
    assert f'<span class="signature">{signature}</span>' in text
    assert f'<span class="header">{header}</span>' in text
    assert SECRET not in text
    assert "What was redacted" not in text


def test_a_guessed_weak_secret_is_withheld_in_every_report() -> None:
    token = hs256({**KEPT, "sub": "someone-else-99"}, secret=WEAK)
    for redact in (False, True):
        text = _report(token, redact=redact, secret=WEAK)
        assert "WEAK-SECRET" in text
        assert WEAK not in text
        assert "‹secret withheld›" in text


def test_findings_quoting_a_redacted_value_are_withheld() -> None:
    token = hs256({**KEPT, "contact": "bob.jones+jwt@corp.example", "n": 1})
    text = _report(token, redact=True)

    assert "PII-EMAIL" in text  # the finding's id and severity stay
    assert "bob.jones" not in text
    assert "b\\*\\*\\*" not in text
    assert "b***" not in text
    assert "quote the redacted value" in text


def test_html_is_one_inert_file_with_the_segment_colours() -> None:
    nasty = '<script>alert("x")</script>'
    token = hs256(
        {**KEPT, "iss": nasty, nasty: "<img src=x onerror=alert(1)>"},
        **{"typ": "</style><script>bad()</script>"},
    )
    text = _report(token, redact=False, form="html")

    assert "<script" not in text.lower()
    assert "<img" not in text
    assert "&lt;script&gt;" in text
    assert "</style><" not in text.split("</style>", 1)[1]  # one style element
    assert not re.search(r"""(src|href)=["']?(https?:)?//(?!www\.rfc)""", text)
    assert "<link" not in text
    for colour in (SEGMENT_COLOURS[p] for p in ("header", "payload", "signature")):
        assert colour in text


def test_markdown_escapes_html_and_cannot_break_its_code_fence() -> None:
    nasty = "<script>alert(1)</script>"
    token = hs256({**KEPT, "iss": nasty, "x": "````\n# injected"})
    text = _report(token, redact=False)

    # Code blocks show text as it is; everywhere else HTML is escaped.
    blocks = re.findall(r"^(`{3,})[a-z]*\n.*?\n\1$", text, flags=re.M | re.S)
    assert blocks[-1] == "`````"  # the payload's block: longer than its ````
    prose = re.sub(r"^(`{3,})[a-z]*\n.*?\n\1$", "", text, flags=re.M | re.S)
    assert "<script>" not in prose
    assert "&lt;script&gt;" in prose
    assert "\n# injected" not in prose
    assert '"x": "````\\n# injected"' in text  # in the payload's JSON block


def test_length_classes() -> None:
    assert length_class(0) == "empty"
    assert length_class(4) == "1–4 chars"
    assert length_class(19) == "10–19 chars"
    assert length_class(5000) == "320 chars or more"
    assert mask_string("https://example.com/u/1") == "‹redacted URL, 20–39 chars›"


@hsettings(max_examples=40)
@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.text(
            string.ascii_letters + string.digits + "@.-", min_size=4, max_size=30
        ),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.sampled_from("abcdef"), inner, max_size=4)
        ),
        max_leaves=12,
    )
)
def test_a_masked_value_keeps_its_shape_and_no_string(value: object) -> None:
    masked = mask_value(value, "x").value
    text = json.dumps(masked, ensure_ascii=False)

    def shape(v: object) -> object:
        if isinstance(v, dict):
            return {k: shape(i) for k, i in v.items()}
        if isinstance(v, list):
            return [shape(i) for i in v]
        return type(v) if v is None or isinstance(v, bool) else "leaf"

    assert shape(masked) == shape(value)
    left = re.sub("‹[^›]*›", "", text)  # what is not a mask: names and JSON marks
    for leaf in leaves(value):
        literal = leaf.lower() in ("none", "null", "true", "false")
        if not literal and len(leaf) >= 4:
            assert leaf not in left


def test_a_disclosed_claims_findings_are_withheld_too() -> None:
    from jwtinspector.core.forms import read_pasted

    disclosure = b64(["salt-Qx81", "email", "carol.dune@corp.example"])
    digest = base64.urlsafe_b64encode(hashlib.sha256(disclosure.encode()).digest())
    issuer = hs256(
        {**KEPT, "_sd": [digest.rstrip(b"=").decode()], "_sd_alg": "sha-256"}
    )
    pasted = read_pasted(f"{issuer}~{disclosure}~")
    report = make_report(pasted.main, now=NOW, redact=True, sd_jwt=pasted.sd)
    text = render(report, "md") + render(report, "html")

    assert "PII-EMAIL" in text
    assert "carol" not in text
    assert "corp.example" not in text  # the audit masks only the local part
    assert disclosure not in text


def test_control_and_direction_characters_are_shown_escaped() -> None:
    token = hs256({**KEPT, "evil\u202ename": "\x1b[31mred\u2066", "ok": 1})
    for form in ("md", "html"):
        text = _report(token, redact=False, form=form)
        assert "\u202e" not in text
        assert "\u2066" not in text
        assert "\x1b" not in text
        assert "evil\\u202ename" in text


def test_a_private_jwk_in_a_kept_member_is_masked() -> None:
    d = "nT7pQ3-private-d-value-Wq9zZ1xY"
    jwk = {"kty": "EC", "crv": "P-256", "x": "pub-x-1", "y": "pub-y-1", "d": d}
    token = hs256({**KEPT, "cnf": {"jwk": jwk}}, jwk=jwk)
    text = _report(token, redact=True)

    assert d not in text
    assert "pub-x-1" in text  # the public members stay
    listed = text.split("## What was redacted", 1)[1]
    assert "- header: jwk.d\n" in listed
    assert "- payload: cnf.jwk.d\n" in listed
