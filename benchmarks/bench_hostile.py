"""Hostile input through the engine: no input up to the size limit stalls it.

Run with ``python benchmarks/bench_hostile.py`` (``--quick``: one round
instead of three; ``--cli``: also time each input through the command line,
``python -m jwtinspector decode|verify|lint``, as a user runs it: CPU time of
the child, start-up included). For every
input of the hostile corpus, each about 1 MiB (the decoder's limit), it
prints the time of

  decode: ``read_pasted`` (the dispatch the window and the CLI share);
  verify: ``read_pasted`` + ``verify`` with the HMAC key;
  lint:   ``read_pasted`` + ``audit``,

next to the same step on a plain 1 MiB token (one long claim), as a ratio,
longest first. The target is every step under 2 s (the issue's bound for the
CLI, which adds its start-up and printing).

``hostile_corpus()`` is the corpus itself, for other benchmarks and tests to
import: (name, token text) pairs, each a signed HS256 token.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable

from jwtinspector.core.limits import DEFAULT_MAX_SIZE
from jwtinspector.core.text import b64url_encode

SECRET = b"hostile-corpus-secret-of-32-byte"
"""The HMAC key every corpus token is signed with (HS256)."""
HEADER = b'{"alg":"HS256","typ":"JWT"}'
TARGET_SECONDS = 2.0
BUDGET = (DEFAULT_MAX_SIZE - 256) * 3 // 4
"""Bytes of JSON that fit one part of a token at the size limit."""
NOW = 1_700_000_000.0


def signed(payload: bytes, header: bytes = HEADER) -> str:
    """An HS256 token of exactly these header and payload bytes."""
    signing_input = f"{b64url_encode(header)}.{b64url_encode(payload)}"
    mac = hmac.new(SECRET, signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{b64url_encode(mac)}"


def _fill(
    unit: bytes, head: bytes = b"[", tail: bytes = b"]", sep: bytes = b","
) -> bytes:
    """``head`` + ``unit`` repeated (separated by ``sep``) + ``tail``, as many
    times as fit a token of about the size limit."""
    budget = BUDGET - len(head) - len(tail)
    count = max(1, budget // (len(unit) + len(sep)))
    return head + sep.join([unit] * count) + tail


def _distinct_duplicates() -> bytes:
    """Every member name twice: ~49k names, each repeated once."""
    parts: list[bytes] = []
    size, index = 2, 0
    budget = BUDGET
    while size < budget:
        pair = b'"m%d":0,"m%d":0' % (index, index)
        parts.append(pair)
        size += len(pair) + 1
        index += 1
    return b"{" + b",".join(parts) + b"}"


def _many_claims() -> bytes:
    parts: list[bytes] = []
    size, index = 2, 0
    budget = BUDGET
    while size < budget:
        claim = b'"c%d":%d' % (index, index)
        parts.append(claim)
        size += len(claim) + 1
        index += 1
    return b"{" + b",".join(parts) + b"}"


def hostile_corpus() -> list[tuple[str, str]]:
    """(name, token) pairs: each a signed HS256 token of about 1 MiB whose
    payload (or header) is built to make a naive decoder slow."""
    budget = BUDGET
    payloads: list[tuple[str, bytes, bytes]] = [
        (
            "plain 1 MiB (one long claim)",
            HEADER,
            b'{"pad":"' + b"x" * (budget - 10) + b'"}',
        ),
        ("duplicate names (distinct)", HEADER, _distinct_duplicates()),
        ("duplicate names (one name)", HEADER, _fill(b'"a":0', b"{", b"}")),
        ("duplicates in many objects", HEADER, _fill(b'{"a":0,"a":1}')),
        ("duplicates in the header", _fill(b'"alg":"HS256"', b"{", b"}"), b"{}"),
        ("infinite numbers 9e999", HEADER, _fill(b"9e999")),
        ("negative infinities -1e400", HEADER, _fill(b"-1e400")),
        ("deep nesting [ (unclosed)", HEADER, b"[" * budget),
        ('deep nesting {"a": (unclosed)', HEADER, b'{"a":' * (budget // 5)),
        ("deep nesting, balanced", HEADER, b"[" * (budget // 2) + b"]" * (budget // 2)),
        (
            "long string of escapes",
            HEADER,
            b'{"s":"' + b"\\u0000" * (budget // 6) + b'"}',
        ),
        ("long key", HEADER, b'{"' + b"k" * (budget - 10) + b'":1}'),
        ("many claims", HEADER, _many_claims()),
        ("many small strings", HEADER, _fill(b'"x"')),
        (
            "odd unicode (surrogates, overrides)",
            HEADER,
            _fill('"\\ud800\u202e\u200b\x7f"'.encode()),
        ),
        ("long integers (4,300 digits)", HEADER, _fill(b"9" * 4300)),
        ("long float mantissas", HEADER, _fill(b"0." + b"1" * 2000 + b"e5")),
        ("many empty objects", HEADER, _fill(b"{}")),
    ]
    return [(name, signed(payload, header)) for name, header, payload in payloads]


def _time(func: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def engine_times(token: str, rounds: int) -> tuple[float, float, float]:
    """Best seconds of decode, decode + verify and decode + lint."""
    from jwtinspector.core.audit import audit
    from jwtinspector.core.forms import read_pasted
    from jwtinspector.core.keys import load_secret
    from jwtinspector.core.verify import verify

    key = load_secret(SECRET.decode(), "utf-8")

    def decode() -> object:
        return read_pasted(token)

    def check() -> object:
        return verify(read_pasted(token).main, key, now=NOW)

    def lint() -> object:
        return audit(read_pasted(token).main, now=NOW)

    return _time(decode, rounds), _time(check, rounds), _time(lint, rounds)


def cli_times(token: str) -> tuple[float, float, float]:
    """CPU seconds (user + system, start-up included) of ``decode``,
    ``verify --secret-env`` and ``lint`` on the command line, the token on
    standard input. CPU time, not wall time: other work on the machine does
    not inflate it."""
    env = dict(os.environ, HOSTILE_SECRET=SECRET.decode())
    runs = (
        ["decode", "-"],
        ["verify", "-", "--secret-env", "HOSTILE_SECRET"],
        ["lint", "-"],
    )
    times = []
    for args in runs:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            [sys.executable, "-m", "jwtinspector", *args],
            input=token.encode(),
            capture_output=True,
            env=env,
            timeout=600,
            check=False,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(
            after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        )
    return times[0], times[1], times[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one round each")
    parser.add_argument("--cli", action="store_true", help="also time the CLI")
    args = parser.parse_args(argv)
    rounds = 1 if args.quick else 3
    corpus = hostile_corpus()
    timer = cli_times if args.cli else (lambda token: engine_times(token, rounds))
    where = "CLI, CPU time" if args.cli else f"engine, best of {rounds}"
    rows = [(name, len(token), timer(token)) for name, token in corpus]
    plain = rows[0][2]
    rows.sort(key=lambda row: -max(row[2]))
    header = (
        f"{'input':<38} {'chars':>9}  {'decode':>8} {'verify':>8} {'lint':>8}"
        f"  {'ratio to plain (d/v/l)':>22}"
    )
    print(f"Hostile corpus ({where}); target: every step under {TARGET_SECONDS} s\n")
    print(header)
    print("-" * len(header))
    within = True
    for name, size, times in rows:
        ratios = "/".join(
            f"{t / max(p, 1e-9):.1f}" for t, p in zip(times, plain, strict=True)
        )
        mark = "" if max(times) < TARGET_SECONDS else "  > target"
        within = within and not mark
        print(
            f"{name:<38} {size:>9,}  "
            + " ".join(f"{t:7.3f}s" for t in times)
            + f"  {ratios:>22}{mark}",
            flush=True,
        )
    print("-" * len(header))
    longest = rows[0]
    print(f"Longest: {longest[0]}, {max(longest[2]):.3f} s (plain: {max(plain):.3f} s)")
    return 0 if within else 1


if __name__ == "__main__":
    raise SystemExit(main())
