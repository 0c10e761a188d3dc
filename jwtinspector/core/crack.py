"""Find a weak HMAC secret offline: try candidate secrets against an HS* token.

Each candidate is checked by computing the HMAC of the token's signing input
(``header.payload``, the exact bytes) with the standard library's ``hmac`` and
comparing it with the token's signature. PyJWT is not involved: ``jwt.decode``
parses the token, checks claims and raises an exception for every wrong guess,
which makes it about 20 times slower per candidate.

``scan`` works through any iterable in the calling process; ``scan_wordlist``
streams a wordlist file of any size in blocks and spreads the blocks over all
cores. Nothing is ever sent anywhere. For lists too big for one machine,
``hashcat_line`` gives the token in the format hashcat expects.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import functools
import hmac
import itertools
import multiprocessing
import os
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from typing import IO, Any, Protocol

from jwtinspector.core.algorithms import HMAC_MIN_KEY_BYTES
from jwtinspector.core.errors import UsageError
from jwtinspector.core.hmac_jws import HMAC_DIGESTS as HMAC_DIGESTS
from jwtinspector.core.limits import MAX_WORDLIST_LINE
from jwtinspector.core.resources import read_resource
from jwtinspector.core.token import DecodedToken, inspect_token

DIGEST_SIZES = HMAC_MIN_KEY_BYTES
"""Signature length in bytes, which is also the minimum key length."""

BLOCK_SIZE = 256 * 1024
"""Bytes of wordlist per work unit: about 20-40k candidates of typical length."""

BATCH_SIZE = 20_000
"""Candidates per step in ``scan`` between progress reports and cancel checks."""

Progress = Callable[[int, float], None]
"""Called with (candidates tried so far, candidates per second)."""

FileProgress = Callable[[int, float, int, int], None]
"""Called with (candidates tried, candidates per second, bytes of the wordlist
checked so far, the file's size in bytes or 0 when unknown, e.g. a pipe)."""


class Cancel(Protocol):
    """Anything with ``is_set()``, such as ``threading.Event``."""

    def is_set(self) -> bool: ...


@dataclasses.dataclass(frozen=True)
class ScanResult:
    """The outcome of a scan.

    Attributes:
        found: The secret that reproduces the signature, or None.
        tried: How many candidates were computed.
        seconds: Wall-clock time of the scan.
        cancelled: True when the scan stopped because cancel was set.
    """

    found: bytes | None
    tried: int
    seconds: float
    cancelled: bool = False

    @property
    def rate(self) -> float:
        """Candidates per second."""
        return self.tried / self.seconds if self.seconds > 0 else 0.0


@dataclasses.dataclass(frozen=True)
class HmacTarget:
    """What each candidate is checked against: picklable, so workers get it once.

    Attributes:
        signing_input: The bytes the signature covers (``header.payload``).
        signature: The token's signature.
        digest: The hash name for ``hmac.digest``: sha256, sha384 or sha512.
    """

    signing_input: bytes
    signature: bytes
    digest: str


def hmac_target(token: DecodedToken | str) -> HmacTarget:
    """The signing input, signature and hash of an HS256/384/512 token.

    Raises:
        UsageError: If the token is not a signed HMAC token, so there is no
            secret to find.
        TokenFormatError: If ``token`` is text that holds no token.
    """
    decoded = inspect_token(token) if isinstance(token, str) else token
    alg = decoded.alg
    if decoded.form != "JWS":
        raise UsageError(
            "a weak-secret scan needs a signed token (header.payload.signature); "
            f"this one is {'encrypted (JWE)' if decoded.is_encrypted else 'malformed'}"
        )
    if alg not in HMAC_DIGESTS:
        shown = f'"{alg}"' if alg is not None else "missing"
        raise UsageError(
            f"the token's alg is {shown}: a weak-secret scan only applies to HMAC "
            "tokens (HS256, HS384, HS512), whose secret is shared; other "
            "algorithms sign with a private key that no wordlist can guess"
        )
    signature = decoded.signature
    if not signature:
        raise UsageError(
            "the token has no signature to compare with (empty or not base64url)"
        )
    if len(signature) != DIGEST_SIZES[alg]:
        raise UsageError(
            f"an {alg} signature is {DIGEST_SIZES[alg]} bytes, but this one is "
            f"{len(signature)}: no secret can reproduce it"
        )
    return HmacTarget(decoded.signing_input, signature, HMAC_DIGESTS[alg])


@functools.cache
def builtin_candidates() -> tuple[bytes, ...]:
    """The shipped list of known weak and placeholder secrets, in file order.

    One secret per line, exact bytes (spaces kept); lines starting with ``#``
    and empty lines are skipped.
    """
    seen: dict[bytes, None] = {}
    for line in read_resource("weak-secrets.txt").split("\n"):
        line = line.removesuffix("\r")
        if line and not line.startswith("#"):
            seen.setdefault(line.encode("utf-8"), None)
    return tuple(seen)


def hashcat_line(token: DecodedToken | str) -> str:
    """The token as a hash line for hashcat's mode 16500 ("JWT (JSON Web Token)").

    Mode 16500 takes the whole compact JWT, ``header.payload.signature``, as the
    hash: there is nothing to extract or convert. Save the line to a file and
    run, for example on a GPU machine::

        hashcat -m 16500 -a 0 token.hash wordlist.txt

    HS256, HS384 and HS512 tokens are accepted by that mode.

    Raises:
        UsageError: If the token is not an HMAC-signed token.
    """
    decoded = inspect_token(token) if isinstance(token, str) else token
    hmac_target(decoded)
    return decoded.token


def _load_c_hmac() -> Callable[[bytes, bytes, str], Any] | None:
    """The OpenSSL HMAC object that ``hmac.new`` itself builds, or None.

    ``hmac.new(key, msg, hashlib.sha256)`` wraps ``_hashlib.hmac_new`` in a
    Python class; calling the C constructor directly does the same computation
    with less interpreter work per candidate (about 1.5 times the speed of
    ``hmac.digest``, whose one-shot OpenSSL 3 call looks the MAC up each time).
    It is used only if it gives the same result as ``hmac.digest``.
    """
    try:
        import _hashlib  # the C module behind hashlib and hmac

        new = _hashlib.hmac_new
        probe = new(b"key", b"message", "sha256").digest()
    except (ImportError, AttributeError, TypeError, ValueError):
        return None
    return new if probe == hmac.digest(b"key", b"message", "sha256") else None


_C_HMAC = _load_c_hmac()


def hmac_digests(target: HmacTarget, candidates: list[bytes]) -> list[bytes]:
    """HMAC(candidate, signing input) for each candidate, in a tight loop."""
    msg, name = target.signing_input, target.digest
    if _C_HMAC is not None:
        new = _C_HMAC
        return [new(key, msg, name).digest() for key in candidates]
    return list(
        map(hmac.digest, candidates, itertools.repeat(msg), itertools.repeat(name))
    )


def match(target: HmacTarget, candidates: list[bytes]) -> int | None:
    """Index of the first candidate that reproduces the signature, or None.

    The HMACs of the whole batch are computed first, the signature is looked up
    among them (a C-level scan), and a hit is confirmed with
    ``hmac.compare_digest``.
    """
    digests = hmac_digests(target, candidates)
    if target.signature not in digests:
        return None
    index = digests.index(target.signature)
    return index if hmac.compare_digest(digests[index], target.signature) else None


def scan(
    token: DecodedToken | str,
    candidates: Iterable[bytes],
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ScanResult:
    """Try every candidate secret in this process, in order.

    Args:
        token: An HS256/384/512 token.
        candidates: Secrets as bytes, tried in order.
        progress: Called after every batch with (tried, candidates per second).
        cancel: When set, the scan stops after the current batch.

    Raises:
        UsageError: If the token is not an HMAC-signed token.
    """
    target = hmac_target(token)
    start = time.perf_counter()
    tried = 0
    iterator = iter(candidates)
    while True:
        if cancel is not None and cancel.is_set():
            return ScanResult(None, tried, _since(start), cancelled=True)
        batch = list(itertools.islice(iterator, BATCH_SIZE))
        if not batch:
            return ScanResult(None, tried, _since(start))
        index = match(target, batch)
        if index is not None:
            return ScanResult(batch[index], tried + index + 1, _since(start))
        tried += len(batch)
        if progress is not None:
            elapsed = _since(start)
            progress(tried, tried / elapsed if elapsed > 0 else 0.0)


def scan_builtin(token: DecodedToken | str) -> ScanResult:
    """Try the shipped weak-secret list: a few hundred candidates, milliseconds."""
    return scan(token, builtin_candidates())


def scan_wordlist(
    token: DecodedToken | str,
    path: str | os.PathLike[str],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    block_size: int = BLOCK_SIZE,
    file_progress: FileProgress | None = None,
) -> ScanResult:
    """Try every line of a wordlist file, on all cores.

    The file is read in blocks of ``block_size`` bytes cut at line ends, so a
    list of many gigabytes never sits in memory; at most two blocks per worker
    are in flight. Lines are split on ``\\n``; a trailing ``\\r`` is removed
    (CRLF files) and empty lines are skipped; every other byte is kept. Each
    worker process computes its block's HMACs in a tight loop. As soon as one
    finds the secret, or ``cancel`` is set, no new block starts and blocks not
    yet started are dropped; blocks already running finish (milliseconds).

    Args:
        token: An HS256/384/512 token.
        path: The wordlist, one candidate per line.
        workers: Processes to use; default one per CPU. With 1, the scan runs
            in the calling process.
        progress: Called in the calling thread after each block with
            (tried, candidates per second).
        cancel: Checked several times a second, e.g. a ``threading.Event``.
        block_size: Bytes per work unit.
        file_progress: Like ``progress``, plus the bytes of the file whose
            candidates have been checked and the file size, for a percentage;
            called at the same moments, and once more at 100% when the whole
            file was checked.

    Raises:
        UsageError: If the token is not an HMAC-signed token or the file
            cannot be read.
    """
    target = hmac_target(token)
    count = max(1, workers if workers is not None else (os.cpu_count() or 1))
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise _unreadable(path, exc) from None
    with handle:
        report = _Reporter(progress, file_progress, _file_size(handle))
        blocks = _blocks(handle, max(1, block_size), path)
        if count == 1:
            result = _scan_here(target, blocks, report, cancel)
        else:
            result = _scan_parallel(target, blocks, count, report, cancel)
    if result.found is None and not result.cancelled:
        report.finish(result.tried)
    return result


# --- wordlist internals ----------------------------------------------------------


def _unreadable(path: str | os.PathLike[str], exc: OSError) -> UsageError:
    reason = exc.strerror or str(exc)
    return UsageError(f"cannot read the wordlist {os.fspath(path)}: {reason}")


def _file_size(handle: IO[bytes]) -> int:
    """The size of a regular file; 0 for pipes and devices (no percentage)."""
    try:
        info = os.fstat(handle.fileno())
    except (OSError, ValueError):
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0


def _blocks(
    handle: IO[bytes], size: int, path: str | os.PathLike[str]
) -> Iterator[tuple[bytes, int]]:
    """(chunk, bytes of the file it covers): chunks end at a line end (the last
    one may not), and the covered bytes include that line end, so they add up
    to the file size."""
    rest = b""
    while True:
        try:
            data = handle.read(size)
        except OSError as exc:
            raise _unreadable(path, exc) from None
        if not data:
            if rest:
                yield rest, len(rest)
            return
        if rest:
            data = rest + data
        cut = data.rfind(b"\n")
        if cut < 0:  # one line longer than a block: keep reading it, within reason
            if len(data) > MAX_WORDLIST_LINE:
                raise UsageError(
                    f"the wordlist {os.fspath(path)} has a line longer than "
                    f"{MAX_WORDLIST_LINE:,} bytes, the limit: it is not a wordlist"
                )
            rest = data
            continue
        yield data[:cut], cut + 1
        rest = data[cut + 1 :]


class _Reporter:
    """Sends progress to both callbacks: candidates, and bytes of the file."""

    def __init__(
        self, progress: Progress | None, file_progress: FileProgress | None, total: int
    ) -> None:
        self.progress, self.file_progress, self.total = progress, file_progress, total
        self.start = time.perf_counter()
        self.done = 0  # bytes whose candidates were checked
        self.shown = -1  # bytes in the last file_progress call

    def __call__(self, tried: int, covered: int) -> None:
        self.done += covered
        if self.progress is None and self.file_progress is None:
            return
        rate = self._rate(tried)
        if self.progress is not None:
            self.progress(tried, rate)
        self._send_file(tried, rate)

    def finish(self, tried: int) -> None:
        """The whole file was checked: say 100% even if the size was off."""
        self.done = max(self.done, self.total)
        if self.file_progress is not None and self._shown() != self.shown:
            self._send_file(tried, self._rate(tried))

    def _rate(self, tried: int) -> float:
        elapsed = _since(self.start)
        return tried / elapsed if elapsed > 0 else 0.0

    def _send_file(self, tried: int, rate: float) -> None:
        if self.file_progress is None:
            return
        self.shown = self._shown()
        self.file_progress(tried, rate, self.shown, self.total)

    def _shown(self) -> int:
        # A file that grew while it was read must not show more than 100%.
        return min(self.done, self.total) if self.total else self.done


def split_lines(block: bytes) -> list[bytes]:
    """Candidates of one block: split on LF, drop a trailing CR, skip empties."""
    lines = block.split(b"\n")
    if b"\r" in block:
        lines = [line[:-1] if line.endswith(b"\r") else line for line in lines]
    if b"" in lines:
        lines = [line for line in lines if line]
    return lines


def _check_block(target: HmacTarget, block: bytes) -> tuple[bytes | None, int]:
    """(the secret or None, candidates computed) for one block."""
    lines = split_lines(block)
    index = match(target, lines)
    if index is None:
        return None, len(lines)
    return lines[index], index + 1


_worker_target: HmacTarget | None = None


def _init_worker(target: HmacTarget, owner: int | None = None) -> None:
    global _worker_target
    _worker_target = target
    if owner is not None and os.name == "posix":
        watch = threading.Thread(
            target=_end_with_owner, args=(owner,), name="jwtinspector-owner"
        )
        watch.daemon = True
        watch.start()


def _end_with_owner(owner: int) -> None:
    """End this worker as soon as the scanning process or the fork server is
    gone: killed by a signal, they cannot shut the workers down, and a worker
    left waiting for blocks would live on (and hold the terminal's pipes)."""
    parent = os.getppid()
    while True:
        time.sleep(0.1)
        try:
            os.kill(owner, 0)  # POSIX only: signal 0 just asks if it exists
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:
            pass
        if os.getppid() != parent:
            os._exit(0)


def _worker_block(block: bytes) -> tuple[bytes | None, int]:
    assert _worker_target is not None, "worker not initialised"
    return _check_block(_worker_target, block)


def _scan_here(
    target: HmacTarget,
    blocks: Iterator[tuple[bytes, int]],
    report: _Reporter,
    cancel: Cancel | None,
) -> ScanResult:
    start = report.start
    tried = 0
    for block, covered in blocks:
        if cancel is not None and cancel.is_set():
            return ScanResult(None, tried, _since(start), cancelled=True)
        found, count = _check_block(target, block)
        tried += count
        if found is not None:
            return ScanResult(found, tried, _since(start))
        report(tried, covered)
    return ScanResult(None, tried, _since(start))


def _scan_parallel(
    target: HmacTarget,
    blocks: Iterator[tuple[bytes, int]],
    workers: int,
    report: _Reporter,
    cancel: Cancel | None,
) -> ScanResult:
    start = report.start
    tried = 0
    found: bytes | None = None
    cancelled = False
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_init_worker,
        initargs=(target, os.getpid()),
    )
    pending: set[concurrent.futures.Future[tuple[bytes | None, int]]] = set()
    covers: dict[concurrent.futures.Future[tuple[bytes | None, int]], int] = {}
    exhausted = False
    try:
        while True:
            cancelled = cancel is not None and cancel.is_set()
            if cancelled or found is not None:
                break
            if not exhausted:
                exhausted = _submit(pool, blocks, pending, covers, 2 * workers)
            if not pending:
                break
            done, pending = concurrent.futures.wait(
                pending, timeout=0.05, return_when=concurrent.futures.FIRST_COMPLETED
            )
            covered = 0
            for future in done:
                hit, count = future.result()
                tried += count
                covered += covers.pop(future)
                if hit is not None and found is None:
                    found = hit
            if done:
                report(tried, covered)
    except (BrokenProcessPool, OSError, EOFError) as exc:
        # A worker or the fork server was killed, e.g. by a SIGTERM sent to the
        # whole process group: when the scan is being stopped, that is the stop.
        if not _stopping(cancel):
            raise UsageError(
                f"a worker process of the wordlist scan ended unexpectedly ({exc})"
            ) from None
        cancelled, pending = True, set()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    for future in pending:  # blocks that were already running when we stopped
        if not future.cancelled() and future.exception() is None:
            tried += future.result()[1]
    return ScanResult(found, tried, _since(start), cancelled=cancelled)


def _stopping(cancel: Cancel | None) -> bool:
    """True when ``cancel`` is set, or gets set within a moment: a signal that
    kills the workers reaches the caller's handler a little later."""
    deadline = time.monotonic() + 0.2
    while cancel is not None:
        if cancel.is_set():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)
    return False


def _submit(
    pool: concurrent.futures.Executor,
    blocks: Iterator[tuple[bytes, int]],
    pending: set[concurrent.futures.Future[tuple[bytes | None, int]]],
    covers: dict[concurrent.futures.Future[tuple[bytes | None, int]], int],
    limit: int,
) -> bool:
    """Submit blocks until ``limit`` are in flight; True when none is left."""
    while len(pending) < limit:
        item = next(blocks, None)
        if item is None:
            return True
        future = pool.submit(_worker_block, item[0])
        covers[future] = item[1]
        pending.add(future)
    return False


@functools.cache
def _context() -> multiprocessing.context.BaseContext:
    """A start method that is safe when the caller runs threads (the GUI does).

    ``fork`` copies a process mid-flight and can deadlock with threads; the
    fork server starts workers from a clean single-threaded process instead.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Import this module once in the server rather than once per worker.
    context.set_forkserver_preload([__name__])
    return context


def _since(start: float) -> float:
    return time.perf_counter() - start
