"""The weak-secret scan: built-in list, in-process scan and the multi-core wordlist."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import pathlib
import random
import string
import threading
from typing import Any

import jwt
import pytest

from jwtinspector.core import crack, keygen
from jwtinspector.core.errors import InspectorError, UsageError
from jwtinspector.core.sign import sign_token
from jwtinspector.core.token import inspect_token

LINES = 200_000
SECRET = b"needle-in-the-wordlist-42"
_HASHES = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hs(secret: bytes, alg: str = "HS256") -> str:
    head = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    body = b64(json.dumps({"sub": "alice", "admin": False}).encode())
    mac = hmac.new(secret, f"{head}.{body}".encode(), _HASHES[alg]).digest()
    return f"{head}.{body}.{b64(mac)}"


@pytest.fixture(scope="module")
def words() -> list[bytes]:
    rng = random.Random(1234)
    letters = string.ascii_lowercase + string.digits
    return [
        "".join(rng.choices(letters, k=rng.randint(6, 14))).encode()
        for _ in range(LINES)
    ]


def write(
    path: pathlib.Path, lines: list[bytes], ending: bytes = b"\n"
) -> pathlib.Path:
    path.write_bytes(ending.join(lines) + ending)
    return path


def placed(words: list[bytes], index: int) -> list[bytes]:
    lines = list(words)
    lines[index] = SECRET
    return lines


# --- built-in list and token checks -------------------------------------------------


def test_builtin_list_has_the_placeholders_and_no_comments() -> None:
    candidates = crack.builtin_candidates()

    for known in (b"secret", b"your-256-bit-secret", b"changeme", b"keyboard cat"):
        assert known in candidates
    assert all(isinstance(c, bytes) and c for c in candidates)
    assert not any(c.startswith(b"#") for c in candidates)
    assert len(candidates) == len(set(candidates))


def test_scan_builtin_finds_a_placeholder_secret() -> None:
    result = crack.scan_builtin(hs(b"your-256-bit-secret"))

    assert result.found == b"your-256-bit-secret"
    assert 0 < result.tried <= len(crack.builtin_candidates())


def test_scan_builtin_misses_a_random_secret() -> None:
    result = crack.scan_builtin(hs(b"x" * 40))

    assert result.found is None
    assert result.tried == len(crack.builtin_candidates())


@pytest.mark.parametrize("alg", ["HS384", "HS512"])
def test_longer_hashes_are_scanned(alg: str) -> None:
    token = hs(b"changeme", alg)

    result = crack.scan(token, [b"a", b"b", b"changeme", b"c"])

    assert result.found == b"changeme"
    assert result.tried == 3


def test_found_secret_verifies_with_pyjwt() -> None:
    token = hs(b"hunter2hunter2hunter2hunter2hunter2")

    found = crack.scan(token, [b"nope", b"hunter2hunter2hunter2hunter2hunter2"]).found

    assert found is not None
    assert jwt.decode(token, found, algorithms=["HS256"])["sub"] == "alice"


def test_scan_never_calls_pyjwt(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("jwt.decode must not be used")

    monkeypatch.setattr(jwt, "decode", refuse)
    monkeypatch.setattr(jwt.api_jws.PyJWS, "decode_complete", refuse)

    assert crack.scan(hs(b"secret"), iter([b"a", b"secret"])).found == b"secret"


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("es256", "only applies to HMAC"),
        ("none", "only applies to HMAC"),
        ("short", "no secret can reproduce it"),
        ("empty", "no signature"),
        ("jwe", "signed token"),
    ],
)
def test_non_hmac_tokens_are_refused(token: str, message: str) -> None:
    head = b64(b'{"alg":"HS256"}')
    tokens = {
        "es256": sign_token({"alg": "ES256"}, {"sub": "a"}, keygen.generate_ec()),
        "none": b64(b'{"alg":"none"}') + "." + b64(b"{}") + ".",
        "short": f"{head}.{b64(b'{}')}.{b64(b'abc')}",
        "empty": f"{head}.{b64(b'{}')}.",
        "jwe": f"{head}.AAAA.AAAA.AAAA.AAAA",
    }

    for call in (
        lambda t: crack.scan(t, [b"secret"]),
        crack.hashcat_line,
        lambda t: crack.scan_wordlist(t, "unused.txt"),
    ):
        with pytest.raises(UsageError, match=message) as caught:
            call(tokens[token])
        assert isinstance(caught.value, InspectorError)


def test_hashcat_line_is_the_compact_token() -> None:
    token = hs(b"secret", "HS512")

    assert crack.hashcat_line(f"Authorization: Bearer {token}\n") == token
    assert crack.hashcat_line(inspect_token(token)) == token
    assert "16500" in (crack.hashcat_line.__doc__ or "")


# --- in-process scan ----------------------------------------------------------------


def test_scan_reports_progress_and_stops_on_cancel() -> None:
    cancel = threading.Event()
    seen: list[tuple[int, float]] = []

    def progress(tried: int, rate: float) -> None:
        seen.append((tried, rate))
        cancel.set()

    candidates = (b"w%d" % i for i in range(10 * crack.BATCH_SIZE))
    result = crack.scan(hs(SECRET), candidates, progress=progress, cancel=cancel)

    assert result.cancelled
    assert result.found is None
    assert result.tried == crack.BATCH_SIZE
    assert seen[0][0] == crack.BATCH_SIZE
    assert seen[0][1] > 0


# --- wordlist files -----------------------------------------------------------------


@pytest.mark.parametrize(
    "where", [0, LINES // 2, LINES - 1], ids=["start", "middle", "end"]
)
def test_wordlist_finds_the_secret_on_all_cores(
    tmp_path: pathlib.Path, words: list[bytes], where: int
) -> None:
    path = write(tmp_path / "words.txt", placed(words, where))

    result = crack.scan_wordlist(hs(SECRET), path, workers=2)

    assert result.found == SECRET
    assert where < result.tried <= LINES
    assert not result.cancelled


def test_wordlist_without_the_secret_counts_every_line(
    tmp_path: pathlib.Path, words: list[bytes]
) -> None:
    path = write(tmp_path / "words.txt", words)
    calls: list[tuple[int, float]] = []

    result = crack.scan_wordlist(
        hs(SECRET), path, workers=2, progress=lambda n, r: calls.append((n, r))
    )

    assert result.found is None
    assert result.tried == LINES
    assert result.rate > 0
    assert calls
    assert calls[-1][0] == LINES
    assert [n for n, _ in calls] == sorted(n for n, _ in calls)


@pytest.mark.parametrize("workers", [1, 2])
def test_wordlist_progress_counts_bytes_up_to_the_file_size(
    tmp_path: pathlib.Path, words: list[bytes], workers: int
) -> None:
    path = write(tmp_path / "words.txt", words)
    size = path.stat().st_size
    calls: list[tuple[int, float, int, int]] = []

    result = crack.scan_wordlist(
        hs(SECRET),
        path,
        workers=workers,
        block_size=size // 5,
        file_progress=lambda *args: calls.append(args),
    )

    assert result.tried == LINES
    # Five blocks: one report each, though blocks two workers finish out of
    # order are reported together.
    assert len(calls) >= (5 if workers == 1 else 2)
    assert {total for *_, total in calls} == {size}
    done = [d for _, _, d, _ in calls]
    assert done == sorted(done)
    assert 0 < done[0] < size  # a real fraction while it runs
    assert calls[-1][2] == size  # and 100% at the end
    assert calls[-1][0] == LINES
    assert len(set(done)) == len(done)  # 100% is not reported twice


def test_wordlist_progress_without_a_final_newline_still_ends_at_100(
    tmp_path: pathlib.Path,
) -> None:
    path = tmp_path / "words.txt"
    path.write_bytes(b"\n".join(b"w%d" % i for i in range(3000)))  # no final LF
    calls: list[tuple[int, float, int, int]] = []

    crack.scan_wordlist(
        hs(SECRET),
        path,
        workers=1,
        block_size=1000,
        file_progress=lambda *args: calls.append(args),
    )

    assert calls[-1][2:] == (path.stat().st_size, path.stat().st_size)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_wordlist_from_a_pipe_reports_no_size(tmp_path: pathlib.Path) -> None:
    pipe = tmp_path / "words.fifo"
    os.mkfifo(pipe)

    def feed() -> None:
        with open(pipe, "wb") as writer:
            writer.write(b"".join(b"w%d\n" % i for i in range(5000)))

    writer = threading.Thread(target=feed)
    writer.start()
    calls: list[tuple[int, float, int, int]] = []
    result = crack.scan_wordlist(
        hs(SECRET),
        pipe,
        workers=1,
        block_size=4096,
        file_progress=lambda *args: calls.append(args),
    )
    writer.join()

    assert result.tried == 5000
    assert calls
    assert {total for *_, total in calls} == {0}  # a size to show: none


def test_found_or_cancelled_scan_does_not_claim_100_percent(
    tmp_path: pathlib.Path, words: list[bytes]
) -> None:
    path = write(tmp_path / "words.txt", placed(words, LINES // 2))
    size = path.stat().st_size
    calls: list[tuple[int, float, int, int]] = []

    result = crack.scan_wordlist(
        hs(SECRET),
        path,
        workers=1,
        block_size=size // 10,
        file_progress=lambda *args: calls.append(args),
    )

    assert result.found == SECRET
    assert calls
    assert all(done < size for _, _, done, _ in calls)


def test_cancel_stops_the_workers_early(
    tmp_path: pathlib.Path, words: list[bytes]
) -> None:
    path = write(tmp_path / "words.txt", placed(words, LINES - 1))
    cancel = threading.Event()

    result = crack.scan_wordlist(
        hs(SECRET),
        path,
        workers=2,
        block_size=16 * 1024,
        progress=lambda _n, _r: cancel.set(),
        cancel=cancel,
    )

    assert result.cancelled
    assert result.found is None
    assert 0 < result.tried < LINES // 2


def test_cancel_before_the_start_tries_nothing(tmp_path: pathlib.Path) -> None:
    path = write(tmp_path / "words.txt", [b"a", SECRET])
    cancel = threading.Event()
    cancel.set()

    result = crack.scan_wordlist(hs(SECRET), path, workers=1, cancel=cancel)

    assert result.cancelled
    assert result.tried == 0


@pytest.mark.parametrize("workers", [1, 2])
def test_crlf_lines_lose_their_carriage_return(
    tmp_path: pathlib.Path, words: list[bytes], workers: int
) -> None:
    path = write(tmp_path / "crlf.txt", placed(words[:50_000], 40_000), b"\r\n")

    result = crack.scan_wordlist(hs(SECRET), path, workers=workers)

    assert result.found == SECRET


def test_lines_across_small_blocks_and_long_lines(tmp_path: pathlib.Path) -> None:
    long_line = b"L" * 5_000
    lines = [b"w%d" % i for i in range(2_000)] + [long_line, b"", SECRET]
    path = tmp_path / "odd.txt"
    path.write_bytes(b"\n".join(lines))  # no final newline

    result = crack.scan_wordlist(hs(SECRET), path, workers=1, block_size=100)

    assert result.found == SECRET
    assert result.tried == 2_002  # the empty line is skipped
    assert crack.scan_wordlist(hs(long_line), path, workers=1, block_size=100).found


def test_spaces_and_other_bytes_are_kept(tmp_path: pathlib.Path) -> None:
    secret = " keyboard cat \t"
    path = tmp_path / "spaces.txt"
    path.write_bytes(b"keyboard cat\n" + secret.encode() + b"\n\xff\xfe\n")

    result = crack.scan_wordlist(hs(secret.encode()), path, workers=1)

    assert result.found == secret.encode()
    assert crack.scan_wordlist(hs(b"\xff\xfe"), path, workers=1).found == b"\xff\xfe"


def test_missing_wordlist_is_a_usage_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(UsageError, match="cannot read the wordlist"):
        crack.scan_wordlist(hs(SECRET), tmp_path / "missing.txt")


def test_split_lines() -> None:
    assert crack.split_lines(b"a\r\nb\n\nc\r") == [b"a", b"b", b"c"]
    assert crack.split_lines(b"") == []
