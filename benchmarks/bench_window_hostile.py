"""The window on hostile input: how long each hostile paste blocks it.

Run with ``python benchmarks/bench_window_hostile.py`` (``--only NAME`` for
one family). Each input is about 1 MiB (the decoder's limit): duplicate
member names, ``9e999`` numbers, unclosed ``[``, a payload 800 deep, one long
string, 20k claims, a one-line JSON serialization, next to a plain 1 MiB
token. For each it prints the longest single blocking step (the
``set_token_text`` call itself or one event dispatched by the event loop)
and the time until the window is idle again (no step over 20 ms for a
second), and the ratio of the longest step to the plain token's. Target: no
step over 200 ms (on a quiet machine).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import time
from collections.abc import Iterator
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LIMIT = 1024 * 1024 - 1024  # under the decoder's limit, with room to spare
STALL_TARGET_MS = 200.0
HEADER = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _token(payload: bytes) -> str:
    return f"{HEADER}.{_b64(payload)}.{_b64(b'x' * 32)}"


def _room() -> int:
    """Payload bytes that fit the limit once base64url-encoded."""
    return (LIMIT - len(HEADER) - 60) * 3 // 4


def window_corpus() -> Iterator[tuple[str, str]]:
    """(name, text) of each input: the plain token first."""
    room = _room()
    blob = "x" * (room - 40)
    yield "plain 1 MiB token", _token(json.dumps({"sub": "a", "blob": blob}).encode())
    pairs = ",".join(f'"a{n}":1,"a{n}":1' for n in range(room // 22))
    yield "duplicate members", _token(("{" + pairs + "}").encode())
    numbers = ",".join(["9e999"] * (room // 6 - 2))
    yield "9e999 numbers", _token(('{"a":[' + numbers + "]}").encode())
    yield "unclosed [", _token(b"[" * room)
    yield "800 deep", _token(json.dumps({"a": _nested(800)}).encode())
    yield "one long string", _token(json.dumps({"a": "y" * (room - 10)}).encode())
    claims = {f"c{n}": n for n in range(20_000)}
    yield "20k claims", _token(json.dumps(claims).encode())
    payload = _b64(json.dumps({"sub": "a", "blob": "x" * (room - 200)}).encode())
    serialization = {"payload": payload, "protected": HEADER, "signature": "x" * 43}
    yield "one-line JSON serialization", json.dumps(serialization)


def _nested(depth: int) -> Any:
    value: list[Any] = []
    for _ in range(depth - 1):
        value = [value]
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[])
    args = parser.parse_args()

    import tempfile

    from bench_window import timed_application
    from PySide6.QtCore import QSettings

    app = timed_application()
    settings = tempfile.TemporaryDirectory()
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings.name
    )
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    errors: list[str] = []
    sys.excepthook = lambda kind, value, _tb: errors.append(f"{kind.__name__}: {value}")

    from jwtinspector.main_window import MainWindow
    from jwtinspector.models.session import TokenSession

    window = MainWindow(TokenSession())
    window.resize(1000, 650)
    window.show()

    def settle(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()

    # Warm up: the engine's modules load on the first token.
    window.token_edit.set_token_text(_token(b'{"sub":"warm-up"}'))
    settle(1.0)
    print(
        "set_token_text(hostile ~1 MiB) → longest blocking step, time until idle "
        f"(target: no step over {STALL_TARGET_MS:.0f} ms)"
    )
    plain = 0.0
    for name, text in window_corpus():
        if args.only and name not in args.only:
            continue
        app.steps = []
        start = time.perf_counter()
        window.token_edit.set_token_text(text)
        call = time.perf_counter() - start
        editor = window.token_edit
        while window.session.text != editor.token_text() or not window.session.text:
            app.processEvents()
        last = time.perf_counter()
        while time.perf_counter() - last < 1.0 and time.perf_counter() - start < 120:
            seen = len(app.steps)
            app.processEvents()
            if any(step > 0.02 for step in app.steps[seen:]):
                last = time.perf_counter()
        longest = max(call, *app.steps)
        app.steps = None
        plain = plain or longest
        ok = "ok" if longest * 1000 <= STALL_TARGET_MS else "OVER"
        print(
            f"  {name:28} {len(text):>9,} chars  longest {longest * 1000:7.0f} ms"
            f" ({longest / plain:5.1f}× plain)  idle after "
            f"{(last - start) * 1000:7.0f} ms  {ok}"
            + (f"  ERRORS: {errors}" if errors else "")
        )
        errors.clear()
        window.token_edit.set_token_text("")
        settle(0.3)
    window.close()
    settings.cleanup()


if __name__ == "__main__":
    main()
