"""SIGTERM ends ``lint --wordlist`` with all its worker processes.

The wordlist is a FIFO the test keeps writing to, so the scan is still busy
when the signal comes; the command's processes (the fork server, the workers,
the resource tracker) are found by walking /proc from its pid.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from jwtinspector.core.keys import load_secret
from jwtinspector.core.sign import sign_token

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists() or not hasattr(os, "mkfifo"),
    reason="needs /proc and FIFOs",
)


def _parents() -> dict[int, int]:
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
            except OSError:
                continue
            parents[int(name)] = int(stat.rpartition(")")[2].split()[1])
    return parents


def _descendants(root: int) -> set[int]:
    parents = _parents()
    found: set[int] = set()
    todo = [root]
    while todo:
        pid = todo.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        found.update(children)
        todo.extend(children)
    return found


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"  # a zombie has ended


@pytest.fixture
def endless_wordlist(tmp_path: Path) -> Iterator[Path]:
    """A FIFO fed with candidates until the test ends."""
    path = tmp_path / "wordlist"
    os.mkfifo(path)
    stop = threading.Event()
    chunk = b"".join(b"candidate-%07d\n" % i for i in range(20_000))

    def feed() -> None:
        try:
            with open(path, "wb") as fifo:
                while not stop.is_set():
                    fifo.write(chunk)
        except OSError:  # the reader is gone
            pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    yield path
    stop.set()
    with contextlib.suppress(OSError):  # unblock a writer waiting for a reader
        os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
    feeder.join(5)


def test_sigterm_ends_the_scan_and_every_worker(endless_wordlist: Path) -> None:
    secret = load_secret("not-in-any-wordlist-" + "q" * 16)
    token = sign_token({"alg": "HS256"}, {"sub": "alice"}, secret, alg="HS256")
    child = subprocess.Popen(
        [
            *(sys.executable, "-m", "jwtinspector", "lint", token),
            *("--wordlist", str(endless_wordlist), "--workers", "2"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        workers: set[int] = set()
        while len(workers) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)  # the fork server and both workers are up
            workers = _descendants(child.pid)
        assert len(workers) >= 3, workers

        # As `kill PID` does. (A SIGTERM to the whole process group, which
        # kills the workers first, ends the same way: checked by hand, left
        # out here to keep the suite fast.)
        sent = time.monotonic()
        os.kill(child.pid, signal.SIGTERM)
        _out, err = child.communicate(timeout=10)
        while any(map(_running, workers)) and time.monotonic() - sent < 3:
            time.sleep(0.02)
        took = time.monotonic() - sent
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(5)

    assert [pid for pid in workers if _running(pid)] == []
    assert took < 3  # about 0.5 s; the old scan left them for 20 s and more
    assert child.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    assert err.startswith("jwtinspector: stopped by SIGTERM: the wordlist scan")
