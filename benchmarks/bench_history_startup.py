"""Start-up with the token history off next to a 200-entry history on.

Run with ``python benchmarks/bench_history_startup.py`` (``--quick``: 3
repeats instead of 7). It measures start-up as ``bench_window.py`` does (its
child program and timing, reused): the app started the way ``run()`` starts
it, from launch until the first paint and until the window is usable (every
pane built, the verified sample painted), each in a fresh process with its
own settings and data folders (XDG_CONFIG_HOME, XDG_DATA_HOME in a temporary
folder). "On" has the history turned on, with "purge expired entries at
start", and 200 kept entries (none expired, so the purge deletes nothing and
every run starts from the same file). Runs are interleaved so drift hits both
alike. Target: "on" within 5 % of "off", judged on the fastest run of each
(what the code costs; on a busy machine the medians drift with the load, and
are printed next to it). A last run checks that the history file was not read
by the time the window is usable: it is read only when the history is shown,
or for the purge after the window is up.

It also times opening the History view on those 200 entries (reading the
file, listing and painting them), which a user pays only when they open it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_window  # sets the offscreen screen, as for every bench

ENTRIES = 200
TARGET = 1.05

APP = bench_window.STARTUP_APP.format(args="defer=True").replace(
    "app = QApplication(sys.argv[:1])",
    # as run() makes it: the app's name picks its settings and data folders
    "from jwtinspector.app import application\napp = application()",
)

_FILL = f"""
import sys, time
from PySide6.QtCore import QCoreApplication
from jwtinspector import window_settings
from jwtinspector.core import saved_tokens
from jwtinspector.core.hmac_jws import hs_sign_token
from jwtinspector.models.saved_tokens import TokenHistory
app = QCoreApplication(sys.argv[:1])
app.setApplicationName("JWT Inspector")
app.setOrganizationName("jwtinspector")
window_settings.set_history_on(True)
window_settings.set_history_purge_at_start(True)
now = time.time()
entries = []
for n in range({ENTRIES}):
    claims = {{"iss": f"https://idp{{n % 7}}.example", "sub": f"user-{{n}}",
              "exp": int(now) + 86400 * 365, "iat": int(now)}}
    text = hs_sign_token({{"alg": "HS256", "kid": f"k{{n % 3}}"}}, claims,
                         b"bench-secret-32-bytes-long-enough", "HS256")
    entries.append(saved_tokens.SavedToken(
        id=f"{{n:032x}}", token=text, label=f"login {{n}}", verdict="verified",
        role="good", saved=now - n, expires=claims["exp"], alg="HS256",
        kid=f"k{{n % 3}}", iss=claims["iss"], sub=claims["sub"]))
path = TokenHistory().path
path.parent.mkdir(parents=True, exist_ok=True)
path.write_text(saved_tokens.dumps(entries), encoding="utf-8")
print(path)
"""

_OPEN_VIEW = """
import sys, time
from PySide6.QtWidgets import QApplication
from jwtinspector.app import application
app = application()
from jwtinspector.controllers.token_history import TokenHistoryControl
from jwtinspector.models.session import TokenSession
from PySide6.QtWidgets import QWidget
class Panel:
    def set_secret(self, text, mode): pass
class Editor:
    def set_token_text(self, text): pass
parent = QWidget()
control = TokenHistoryControl(
    TokenSession(), Panel(), Editor(), lambda *a: None, None, parent
)
started = time.perf_counter()
dialog = control.show_history()
while not (dialog.windowHandle() and dialog.windowHandle().isExposed()):
    app.processEvents()
for _ in range(3):
    app.processEvents()
print(dialog.model.rowCount(), time.perf_counter() - started)
"""


_READ_AT_START = """
import sys
from jwtinspector.app import application, create_window
app = application()
window = create_window(defer=True)
window.show()
while not (window.built and window.session.report is not None):
    app.processEvents()
for _ in range(3):
    app.processEvents()
print(window.token_history.history.loaded)
"""


def folders(root: str, name: str) -> dict[str, str]:
    return {
        "XDG_CONFIG_HOME": os.path.join(root, name, "config"),
        "XDG_DATA_HOME": os.path.join(root, name, "data"),
    }


def with_env(env: dict[str, str]) -> None:
    os.environ.update(env)


def run_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env=bench_window.child_env(),
    )
    if done.returncode != 0:
        raise RuntimeError(f"child failed ({done.returncode}):\n{done.stderr}")
    return done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repeats, not 7")
    repeats = 3 if parser.parse_args().quick else 7
    bench_window.compile_package()
    names = ("XDG_CONFIG_HOME", "XDG_DATA_HOME")
    saved = {name: os.environ.get(name) for name in names}
    with tempfile.TemporaryDirectory(prefix="jwtinspector-bench-") as root:
        off, on = folders(root, "off"), folders(root, "on")
        with_env(on)
        print(f"history file: {run_python(_FILL)} ({ENTRIES} entries)")
        paint: dict[str, list[float]] = {"off": [], "on": []}
        usable: dict[str, list[float]] = {"off": [], "on": []}
        for _ in range(repeats):
            for name, env in (("off", off), ("on", on)):
                with_env(env)
                total, data = bench_window.run_child(APP)
                paint[name].append(total)
                usable[name].append(data["sample_wall"] - data["launched"])
        with_env(on)
        rows, opened = run_python(_OPEN_VIEW).split()
        read_at_start = run_python(_READ_AT_START)
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value

    print(f"start-up as run() starts it, median of {repeats} (interleaved)")
    print(f"    {'':28} {'first paint':>12} {'usable':>10}")
    for name, title in (("off", "history off"), ("on", f"history on, {ENTRIES}")):
        print(
            f"    {title:28} {statistics.median(paint[name]) * 1000:9.0f} ms "
            f"{statistics.median(usable[name]) * 1000:7.0f} ms"
        )
    # On a busy machine the median drifts with the load; the fastest run is
    # what the code itself costs, and is the one judged.
    for what, runs in (("first paint", paint), ("usable", usable)):
        ratio = statistics.median(runs["on"]) / statistics.median(runs["off"])
        fastest = min(runs["on"]) / min(runs["off"])
        spread = statistics.pstdev(runs["off"]) / statistics.median(runs["off"])
        print(
            f"    {what:12} on/off: fastest runs {fastest:.3f} (target ≤ {TARGET}) "
            f"{bench_window.verdict(fastest <= TARGET)}; medians {ratio:.3f} "
            f"(run-to-run spread of 'off' ±{spread:.1%})"
        )
    print(f"history file read during start-up: {read_at_start == 'True'}")
    print(
        f"opening the History view: {float(opened) * 1000:.0f} ms "
        f"({rows} rows read, listed and painted)"
    )


if __name__ == "__main__":
    main()
