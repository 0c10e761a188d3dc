"""Weak-secret scan speed: our wordlist scan against the usual approaches.

Run with ``python benchmarks/bench_crack.py``. It writes a wordlist of
2,000,000 random words to a temporary folder (the HS256 token's secret is
placed near the end, or left out with ``--absent``) and prints, in one run:

  * ours: ``crack.scan_wordlist`` over the file, with every core;
  * (a) the usual approach, ``jwt.decode(token, candidate, algorithms=["HS256"])``
    per candidate in a loop, catching the signature error. It is timed on the
    first 50,000 candidates only and extrapolated to the whole list (the
    output says so);
  * (b) hashcat ``-m 16500 -a 0`` on the CPU (``-D 1``), when ``hashcat`` is
    on PATH; otherwise a "skipped" line. Its start-up time (device and kernel
    set-up) is measured with a one-word list and subtracted;

with candidates per second for each and the ratios ours/(a) and ours/(b).
Targets: at least 30 times (a) and at least 0.5 times (b).

Ours and (a) are each run ``--repeat`` times (default 3) and the fastest run
counts, as ``timeit`` does: other work on the machine only ever slows a run
down, and a scan that needs every core suffers most from it.

Options: ``--words N`` (default 2,000,000), ``--sample N`` (default 50,000),
``--workers N`` (default: one per CPU), ``--repeat N``, ``--absent``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import jwt

from jwtinspector.core import crack

SECRET = "zq-weak-but-not-listed-7319"
CLAIMS = {"sub": "1234567890", "name": "John Doe", "iat": 1516239022}
TARGET_DECODE = 30.0
TARGET_HASHCAT = 0.5
_ALPHABET = b"abcdefghijklmnopqrstuvwxyz0123456789"


def write_wordlist(path: Path, count: int, secret: str | None, seed: int = 7) -> int:
    """``count`` random words of 6-14 characters; the secret 1,000 from the end.

    Returns the 1-based line of the secret (0 when absent).
    """
    rng = random.Random(seed)
    table = bytes(_ALPHABET[i % len(_ALPHABET)] for i in range(256))
    lengths = [6 + b % 9 for b in rng.randbytes(count)]
    letters = rng.randbytes(sum(lengths)).translate(table)
    words = []
    offset = 0
    for length in lengths:
        words.append(letters[offset : offset + length])
        offset += length
    line = 0
    if secret is not None:
        line = max(1, count - 1_000)
        words[line - 1] = secret.encode()
    path.write_bytes(b"\n".join(words) + b"\n")
    return line


def bench_ours(
    token: str, path: Path, workers: int | None, repeat: int
) -> tuple[crack.ScanResult, list[float]]:
    """The fastest of ``repeat`` scans, and the rate of each."""
    results = [crack.scan_wordlist(token, path, workers=workers) for _ in range(repeat)]
    return max(results, key=lambda r: r.rate), [r.rate for r in results]


def bench_decode(token: str, path: Path, sample: int, repeat: int) -> list[float]:
    """Candidates per second of jwt.decode in a loop over the first ``sample``."""
    with path.open("rb") as handle:
        candidates = [handle.readline().rstrip(b"\n") for _ in range(sample)]
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        with warnings.catch_warnings():
            # Short keys warn on every call; printing that would only slow (a).
            warnings.simplefilter("ignore")
            for candidate in candidates:
                try:
                    jwt.decode(token, candidate, algorithms=["HS256"])
                    break
                except jwt.InvalidSignatureError:
                    pass
        rates.append(len(candidates) / (time.perf_counter() - start))
    return rates


def _runs(rates: list[float]) -> str:
    return ", ".join(f"{rate:,.0f}" for rate in rates)


def bench_hashcat(token: str, path: Path, words: int, folder: Path) -> str | float:
    """Candidates per second of hashcat on the CPU, or why it was skipped."""
    exe = shutil.which("hashcat")
    if exe is None:
        return "skipped: hashcat not installed"
    hash_file = folder / "token.hash"
    hash_file.write_text(crack.hashcat_line(token) + "\n", encoding="ascii")
    one_word = folder / "one.txt"
    one_word.write_bytes(b"nothing\n")

    def run(wordlist: Path) -> float:
        command = [
            exe, "-m", "16500", "-a", "0", "-D", "1", "--potfile-disable",
            "--quiet", "--outfile", str(folder / "cracked.txt"),
            str(hash_file), str(wordlist),
        ]  # fmt: skip
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode not in (0, 1):  # 0 cracked, 1 exhausted
            raise RuntimeError(done.stderr.strip() or done.stdout.strip())
        return time.perf_counter() - start

    try:
        run(one_word)  # first run compiles and caches the kernels
        overhead = run(one_word)
        total = run(path)
    except (OSError, RuntimeError) as exc:
        return f"skipped: hashcat failed ({str(exc).splitlines()[0][:120]})"
    return words / max(total - overhead, 1e-9)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=2_000_000)
    parser.add_argument("--sample", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--absent", action="store_true", help="leave the secret out")
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a short, weak secret is the point here
        token = jwt.encode(CLAIMS, SECRET, algorithm="HS256")
    workers = args.workers or os.cpu_count() or 1
    print(f"Python {sys.version.split()[0]}, PyJWT {jwt.__version__}, {workers} cores")
    with tempfile.TemporaryDirectory(prefix="bench-crack-") as tmp:
        folder = Path(tmp)
        wordlist = folder / "words.txt"
        started = time.perf_counter()
        line = write_wordlist(wordlist, args.words, None if args.absent else SECRET)
        size = wordlist.stat().st_size / 1e6
        where = f"secret on line {line:,}" if line else "secret absent"
        print(
            f"Wordlist: {args.words:,} words, {size:.1f} MB, {where} "
            f"(written in {time.perf_counter() - started:.1f} s)"
        )

        repeat = max(1, args.repeat)
        result, our_rates = bench_ours(token, wordlist, workers, repeat)
        found = result.found.decode() if result.found else "not found"
        print(
            f"ours  scan_wordlist, {workers} processes: {result.tried:,} candidates "
            f"in {result.seconds:.2f} s = {result.rate:,.0f}/s ({found}); "
            f"runs: {_runs(our_rates)}/s"
        )
        expected = SECRET.encode() if line else None
        if result.found != expected:
            print("ERROR: the scan did not give the expected result")
            return 1

        decode_rates = bench_decode(token, wordlist, args.sample, repeat)
        decode_rate = max(decode_rates)
        print(
            f"(a)   jwt.decode per candidate, 1 process: {decode_rate:,.0f}/s, timed "
            f"on the first {args.sample:,} candidates (runs: {_runs(decode_rates)}/s) "
            f"and extrapolated to {result.tried:,}: {result.tried / decode_rate:.1f} s"
        )
        ratio = result.rate / decode_rate
        verdict = "met" if ratio >= TARGET_DECODE else "NOT met"
        print(
            f"      ours / (a) = {ratio:.1f}x (target >= {TARGET_DECODE:g}x: {verdict})"
        )

        hashcat = bench_hashcat(token, wordlist, args.words, folder)
        if isinstance(hashcat, str):
            print(f"(b)   hashcat -m 16500 -a 0 on the CPU: {hashcat}")
        else:
            ratio = result.rate / hashcat
            verdict = "met" if ratio >= TARGET_HASHCAT else "NOT met"
            print(
                f"(b)   hashcat -m 16500 -a 0 -D 1: {hashcat:,.0f}/s "
                "(start-up subtracted)"
            )
            print(
                f"      ours / (b) = {ratio:.2f}x "
                f"(target >= {TARGET_HASHCAT:g}x: {verdict})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
