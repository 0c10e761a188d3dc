"""Fuzzing over the hostile input families: whatever the token holds, decode,
verify and lint end with a result or an error of the engine's own family,
quickly. Sized small: the benchmark (benchmarks/bench_hostile.py) runs the
megabyte versions."""

from __future__ import annotations

import contextlib
import time

from hostile_inputs import (
    SECRET,
    hostile_sd_jwts,
    hostile_tokens,
    json_payloads,
    signed,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jwtinspector.core.audit import audit
from jwtinspector.core.errors import InspectorError
from jwtinspector.core.forms import read_pasted
from jwtinspector.core.keys import load_secret
from jwtinspector.core.verify import verify

KEY = load_secret(SECRET, "utf-8")
NOW = 1_700_000_000.0
BOUND = 2.0  # seconds for all three steps on one small input (slow CI included)


def run_engine(text: str) -> None:
    """decode, verify and lint as the CLI and the window do; only the engine's
    own errors may escape."""
    try:
        pasted = read_pasted(text)
    except InspectorError:
        return
    main = pasted.main
    if main is None or not hasattr(main, "errors"):
        return
    if getattr(main, "form", "") in ("JWS", "JWE", "malformed"):
        with contextlib.suppress(InspectorError):
            verify(main, KEY, now=NOW)
        audit(main, now=NOW, sd_jwt=pasted.sd)
    for message in (w.message for w in (*main.errors, *main.warnings)):
        assert "\n" not in message


@settings(
    max_examples=35,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(hostile_tokens())
def test_hostile_tokens_never_escape_the_engine_and_stay_fast(text: str) -> None:
    started = time.perf_counter()
    run_engine(text)
    assert time.perf_counter() - started < BOUND


@settings(max_examples=6, deadline=None)
@given(st.lists(json_payloads, min_size=1, max_size=3))
def test_glued_and_tilde_joined_hostile_parts_are_read(payloads: list[bytes]) -> None:
    parts = [signed(b'{"alg":"HS256"}', payload) for payload in payloads]
    for text in ("~".join(parts) + "~", "".join(parts), " ".join(parts)):
        started = time.perf_counter()
        run_engine(text)
        assert time.perf_counter() - started < BOUND


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(hostile_sd_jwts())
def test_hostile_sd_jwt_disclosures_never_escape_the_engine(text: str) -> None:
    started = time.perf_counter()
    run_engine(text)
    assert time.perf_counter() - started < BOUND
