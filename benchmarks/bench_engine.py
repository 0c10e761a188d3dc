"""Engine speed against plain PyJWT on the same tokens.

Run with ``python benchmarks/bench_engine.py``. For HS256, RS256 and ES256
tokens of about 1 KB, 64 KB and 1 MB (the payload padded with one claim), it
prints the median time of:

  (a) ``inspect_token``: our decoder, which keeps spans, duplicates and errors;
  (b) ``inspect_token`` + ``verify``, with the key loaded once outside the loop;
  (c) ``jwt.decode(token, key, algorithms=[alg], options={"verify_exp": False,
      "verify_aud": False})``: plain PyJWT, the reference,

and the ratios (a)/(c) and (b)/(c). The target is a ratio of at most 1.2.

Options: ``--quick`` for a short smoke run, ``--profile`` to print where the
time of (b) goes on the largest tokens (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import timeit
from collections.abc import Callable
from typing import Any

import jwt

from jwtinspector.core import keygen
from jwtinspector.core.keys import KeyMaterial
from jwtinspector.core.sign import sign_token
from jwtinspector.core.token import inspect_token
from jwtinspector.core.verify import SignatureStatus, verify

TARGET_RATIO = 1.2
ALGORITHMS = ("HS256", "RS256", "ES256")
SIZES = (("1 KB", 1_000), ("64 KB", 64_000), ("1 MB", 1_000_000))
NOW = 1_700_000_000.0
PYJWT_OPTIONS: Any = {"verify_exp": False, "verify_aud": False}


def make_keys() -> dict[str, KeyMaterial]:
    return {alg: keygen.key_for_algorithm(alg) for alg in ALGORITHMS}


def make_token(key: KeyMaterial, alg: str, size: int) -> str:
    """A signed token of about ``size`` characters: a padding claim fills it."""
    claims: dict[str, Any] = {
        "iss": "https://issuer.example",
        "sub": "user-1234",
        "aud": "api",
        "iat": int(NOW) - 60,
        "exp": int(NOW) + 3600,
        "pad": "",
    }
    base = len(sign_token({"alg": alg, "typ": "JWT"}, claims, key))
    claims["pad"] = "x" * max(0, (size - base) * 3 // 4)
    return sign_token({"alg": alg, "typ": "JWT"}, claims, key)


def calls_for(func: Callable[[], object], seconds: float) -> int:
    """How many calls take about ``seconds`` (timeit's autorange, scaled)."""
    number, elapsed = timeit.Timer(func).autorange()
    return max(1, round(number * seconds / max(elapsed, 1e-9)))


def interleaved_medians(
    funcs: list[Callable[[], object]], rounds: int, seconds: float
) -> list[float]:
    """Median seconds per call of each function.

    The functions are timed in turn within each round, so a change of machine
    load during the run affects all of them alike and the ratios stay fair.
    """
    timers = [(timeit.Timer(f), calls_for(f, seconds)) for f in funcs]
    samples: list[list[float]] = [[] for _ in funcs]
    for _ in range(rounds):
        for index, (timer, number) in enumerate(timers):
            samples[index].append(timer.timeit(number) / number)
    return [statistics.median(times) for times in samples]


def cases(keys: dict[str, KeyMaterial]) -> list[tuple[str, str, str, KeyMaterial]]:
    result = []
    for alg in ALGORITHMS:
        for label, size in SIZES:
            result.append((alg, label, make_token(keys[alg], alg, size), keys[alg]))
    return result


def measure(
    token: str, key: KeyMaterial, alg: str, quick: bool = False
) -> tuple[float, float, float]:
    plain_key = key.verification_key()

    def ours_decode() -> object:
        return inspect_token(token)

    def ours_verify() -> object:
        return verify(inspect_token(token), key, now=NOW)

    def pyjwt_decode() -> object:
        return jwt.decode(token, plain_key, algorithms=[alg], options=PYJWT_OPTIONS)

    report = verify(inspect_token(token), key, now=NOW)
    if report.signature.status is not SignatureStatus.VALID:
        raise SystemExit(f"benchmark token does not verify: {report.signature.message}")
    pyjwt_decode()
    # Microsecond calls are the noisiest on a shared machine: more rounds.
    rounds = 5 if quick else (41 if len(token) < 10_000 else 15)
    a, b, c = interleaved_medians(
        [ours_decode, ours_verify, pyjwt_decode], rounds, seconds=0.04
    )
    return a, b, c


def _fmt(seconds: float) -> str:
    if seconds >= 1e-3:
        return f"{seconds * 1e3:8.2f} ms"
    return f"{seconds * 1e6:8.1f} µs"


def run_table(keys: dict[str, KeyMaterial], quick: bool) -> bool:
    header = (
        f"{'alg':<6} {'size':>6} {'token':>9}  {'(a) inspect':>12} "
        f"{'(b) +verify':>12} {'(c) PyJWT':>12}  {'a/c':>5} {'b/c':>5}"
    )
    print(header)
    print("-" * len(header))
    within = True
    for alg, label, token, key in cases(keys):
        a, b, c = measure(token, key, alg, quick)
        ratio_a, ratio_b = a / c, b / c
        mark = "" if max(ratio_a, ratio_b) <= TARGET_RATIO else "  > target"
        within = within and not mark
        print(
            f"{alg:<6} {label:>6} {len(token):>9,}  {_fmt(a):>12} {_fmt(b):>12} "
            f"{_fmt(c):>12}  {ratio_a:5.2f} {ratio_b:5.2f}{mark}",
            flush=True,
        )
    print("-" * len(header))
    print(
        f"Target: (a)/(c) and (b)/(c) <= {TARGET_RATIO}. "
        + ("All within target." if within else "Some ratios are above target.")
    )
    return within


def profile(keys: dict[str, KeyMaterial], size: int, calls: int) -> None:
    for alg in ALGORITHMS:
        token = make_token(keys[alg], alg, size)
        key = keys[alg]
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(calls):
            verify(inspect_token(token), key, now=NOW)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
        stats.print_stats(18)
        print(
            f"\n=== cProfile: inspect_token + verify, {alg}, {len(token):,} chars ==="
        )
        print(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short smoke run")
    parser.add_argument("--profile", action="store_true", help="cProfile (b)")
    args = parser.parse_args(argv)
    print(
        f"Python {sys.version.split()[0]}, PyJWT {jwt.__version__}; "
        "median over interleaved timeit rounds, per call\n"
    )
    keys = make_keys()
    within = run_table(keys, quick=args.quick)
    if args.profile:
        profile(keys, SIZES[-1][1], calls=20)
        profile(keys, SIZES[0][1], calls=2000)
    return 0 if within else 1


if __name__ == "__main__":
    raise SystemExit(main())
