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
    on PATH; otherwise a "skipped" line. The speed compared is the one
    hashcat itself reports (``--status --status-json``, or its "Speed.#"
    status line), which leaves out its start-up (device and kernel set-up).
    The wall-clock rate with the start-up of a one-word run subtracted is
    printed beside it, and used only when hashcat reports no speed;

with candidates per second for each and the ratios ours/(a) and ours/(b).
Targets: at least 30 times (a) and at least 0.5 times (b).

Ours and (a) are each run ``--repeat`` times (default 3) and the fastest run
counts, as ``timeit`` does: other work on the machine only ever slows a run
down, and a scan that needs every core suffers most from it.

Options: ``--words N`` (default 2,000,000), ``--sample N`` (default 50,000),
``--workers N`` (default: one per CPU), ``--repeat N``, ``--absent``, and
``--quick`` (200,000 words, a 20,000 sample, one run: a smoke test, not the
benchmark).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import re
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


_UNITS = {"": 1.0, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}
_SPEED_LINE = re.compile(r"^Speed\.#(\*|\d+)\.*:\s*([\d.]+)\s*([kMGT]?)H/s", re.M)


def hashcat_speed(output: str) -> float | None:
    """Hashes per second as hashcat reports it, from its status output.

    Reads the last ``--status-json`` line that has a speed (the sum over its
    devices), else the last "Speed.#*" (all devices) or the sum of the last
    "Speed.#N" lines of the text status; None when there is neither.
    """
    speed = None
    for line in output.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            status = json.loads(line)
        except ValueError:
            continue
        devices = status.get("devices") if isinstance(status, dict) else None
        if isinstance(devices, list):
            total = sum(
                float(d.get("speed", 0)) for d in devices if isinstance(d, dict)
            )
            if total > 0:
                speed = total
    if speed is not None:
        return speed
    per_device: dict[str, float] = {}
    for device, value, unit in _SPEED_LINE.findall(output):
        per_device[device] = float(value) * _UNITS[unit]
    if "*" in per_device:
        return per_device["*"]
    return sum(per_device.values()) or None


@dataclasses.dataclass(frozen=True)
class HashcatRate:
    """hashcat's own reported speed (None: it printed none) and the wall-clock
    rate with the start-up of a one-word run subtracted."""

    reported: float | None
    wall: float

    @property
    def compared(self) -> float:
        return self.reported if self.reported is not None else self.wall


def bench_hashcat(
    token: str, path: Path, words: int, folder: Path
) -> str | HashcatRate:
    """Candidates per second of hashcat on the CPU, or why it was skipped."""
    exe = shutil.which("hashcat")
    if exe is None:
        return "skipped: hashcat not installed"
    hash_file = folder / "token.hash"
    hash_file.write_text(crack.hashcat_line(token) + "\n", encoding="ascii")
    one_word = folder / "one.txt"
    one_word.write_bytes(b"nothing\n")

    def run(wordlist: Path, *status: str) -> tuple[float, str]:
        command = [
            exe, "-m", "16500", "-a", "0", "-D", "1", "--potfile-disable",
            *(status or ("--quiet",)), "--outfile", str(folder / "cracked.txt"),
            str(hash_file), str(wordlist),
        ]  # fmt: skip
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode not in (0, 1):  # 0 cracked, 1 exhausted
            raise RuntimeError(done.stderr.strip() or done.stdout.strip())
        return time.perf_counter() - start, done.stdout

    try:
        run(one_word)  # first run compiles and caches the kernels
        overhead, _ = run(one_word)
        total, output = run(path, "--status", "--status-json", "--status-timer", "1")
    except (OSError, RuntimeError) as exc:
        reason = (str(exc).splitlines() or ["no message"])[0][:120]
        return f"skipped: hashcat failed ({reason})"
    return HashcatRate(hashcat_speed(output), words / max(total - overhead, 1e-9))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=None)
    parser.add_argument("--sample", type=int, default=None)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=None)
    parser.add_argument("--absent", action="store_true", help="leave the secret out")
    parser.add_argument(
        "--quick", action="store_true", help="a smoke test: 200,000 words, one run"
    )
    args = parser.parse_args()
    quick = {"words": 200_000, "sample": 20_000, "repeat": 1}
    full = {"words": 2_000_000, "sample": 50_000, "repeat": 3}
    for name, value in (quick if args.quick else full).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
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

        # (a) is slow: time a sample that stops before the secret, extrapolate.
        sample = min(args.sample, (line - 1) if line else args.words)
        decode_rates = bench_decode(token, wordlist, sample, repeat)
        decode_rate = max(decode_rates)
        print(
            f"(a)   jwt.decode per candidate, 1 process: {decode_rate:,.0f}/s, "
            f"TIMED ON A SAMPLE of the first {sample:,} of {args.words:,} candidates "
            f"(runs: {_runs(decode_rates)}/s); EXTRAPOLATED to the {result.tried:,} "
            f"our scan tried: about {result.tried / decode_rate:.1f} s (an estimate, "
            "not a measured run)"
        )
        ratio = result.rate / decode_rate
        verdict = "met" if ratio >= TARGET_DECODE else "NOT met"
        print(
            f"      ours / (a) = {ratio:.1f}x (target >= {TARGET_DECODE:g}x: {verdict})"
        )

        hashcat = bench_hashcat(token, wordlist, args.words, folder)
        if isinstance(hashcat, str):
            print(f"(b)   hashcat -m 16500 -a 0 on the CPU: {hashcat}")
            print("      ours / (b) = not measured (no hashcat run)")
        else:
            if hashcat.reported is not None:
                basis = "hashcat's own reported speed"
                shown = (
                    f"{hashcat.reported:,.0f}/s as hashcat reports it "
                    f"(wall clock, start-up subtracted: {hashcat.wall:,.0f}/s)"
                )
            else:
                basis = "wall clock, start-up subtracted: hashcat reported no speed"
                shown = f"{hashcat.wall:,.0f}/s (wall clock, start-up subtracted)"
            print(f"(b)   hashcat -m 16500 -a 0 -D 1: {shown}")
            ratio = result.rate / hashcat.compared
            verdict = "met" if ratio >= TARGET_HASHCAT else "NOT met"
            print(
                f"      ours / (b) = {ratio:.2f}x by {basis} "
                f"(target >= {TARGET_HASHCAT:g}x: {verdict})"
            )
    if args.quick:
        print("Quick run: a smoke test; run without --quick for the benchmark.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
