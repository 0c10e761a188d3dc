"""Hypothesis strategies for hostile tokens: duplicates, infinities, deep
nesting, long strings, many claims, odd unicode, cut or damaged segments (the
families of benchmarks/bench_hostile.py, small)."""

from __future__ import annotations

import hashlib
import hmac
import json

from hypothesis import strategies as st

from jwtinspector.core.text import b64url_encode

SECRET = "hostile-corpus-secret-of-32-byte"

_names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=6
)


def _duplicates(names: list[str], repeat: int) -> bytes:
    members = [f"{json.dumps(n)}:{i}" for n in names for i in range(repeat)]
    return ("{" + ",".join(members) + "}").encode()


def _repeated(unit: str, count: int, open_: str = "[", close: str = "]") -> bytes:
    return (open_ + ",".join([unit] * count) + close).encode()


json_payloads = st.one_of(
    # duplicate member names, one or many
    st.builds(
        _duplicates, st.lists(_names, min_size=1, max_size=40), st.integers(2, 4)
    ),
    # numbers beyond float range, and huge integers
    st.builds(
        _repeated,
        st.sampled_from(["9e999", "-1e400", "1e308", "9" * 5000, "0." + "1" * 400]),
        st.integers(1, 300),
    ),
    # deep nesting, closed or not
    st.builds(
        lambda depth, closed, unit: (
            unit[0] * depth + (unit[1] * depth if closed else "")
        ).encode(),
        st.integers(100, 5000),
        st.booleans(),
        st.sampled_from([("[", "]"), ('{"a":', "}")]),
    ),
    # long strings and odd unicode (escaped surrogates, controls, overrides)
    st.builds(
        lambda text, n: json.dumps({"s": text * n}, ensure_ascii=False).encode(),
        st.text(max_size=8).map(lambda t: t + "\u202e\u200b\x00\ufeff"),
        st.integers(1, 2000),
    ),
    st.builds(
        lambda escapes: ('{"s":"' + escapes + '"}').encode(),
        st.lists(
            st.sampled_from(["\\ud800", "\\udfff", "\\u0000", "\\u001b", "\\\\"]),
            max_size=50,
        ).map("".join),
    ),
    # many claims
    st.builds(
        lambda n: json.dumps({f"c{i}": i for i in range(n)}).encode(),
        st.integers(1, 3000),
    ),
    # whatever bytes
    st.binary(max_size=200),
)

_headers = st.one_of(
    st.just(b'{"alg":"HS256","typ":"JWT"}'),
    st.builds(
        lambda extra: b'{"alg":"HS256",' + extra[1:],
        json_payloads.filter(lambda p: p.startswith(b"{") and len(p) > 2),
    ),
    st.sampled_from(
        [b'{"alg":"none"}', b'{"alg":"HS256","b64":false}', b"[1]", b'{"alg":1}']
    ),
)


def signed(header: bytes, payload: bytes) -> str:
    signing_input = f"{b64url_encode(header)}.{b64url_encode(payload)}"
    mac = hmac.new(SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url_encode(mac)}"


@st.composite
def hostile_tokens(draw: st.DrawFn) -> str:
    """A signed token with a hostile header or payload, maybe cut or damaged."""
    token = signed(draw(_headers), draw(json_payloads))
    damage = draw(st.sampled_from(["none", "none", "truncate", "drop", "insert"]))
    if damage == "truncate":
        token = token[: draw(st.integers(0, len(token)))]
    elif damage == "drop":
        at = draw(st.integers(0, max(0, len(token) - 1)))
        token = token[:at] + token[at + 1 :]
    elif damage == "insert":
        at = draw(st.integers(0, len(token)))
        odd = draw(st.sampled_from([".", "~", " ", "=", "\u200b", "\x00", "{", "+"]))
        token = token[:at] + odd + token[at:]
    return token


def _disclosure(value: bytes, wrapped: bool) -> str:
    """A disclosure of ``value``: the raw JSON, or the value of a claim."""
    if wrapped:
        value = b'["c2FsdHNhbHRzYWx0c2FsdA", "c", ' + value + b"]"
    return b64url_encode(value)


@st.composite
def hostile_sd_jwts(draw: st.DrawFn) -> str:
    """An SD-JWT whose disclosures are hostile JSON, as they are or as the
    value of a claim, each digest listed in the payload's ``_sd``."""
    disclosures = [
        _disclosure(draw(json_payloads), draw(st.booleans()))
        for _ in range(draw(st.integers(1, 3)))
    ]
    digests = [b64url_encode(hashlib.sha256(d.encode()).digest()) for d in disclosures]
    payload = json.dumps({"_sd": digests, "_sd_alg": "sha-256"}).encode()
    issuer = signed(b'{"alg":"HS256","typ":"dc+sd-jwt"}', payload)
    return issuer + "~" + "".join(f"{d}~" for d in disclosures)
