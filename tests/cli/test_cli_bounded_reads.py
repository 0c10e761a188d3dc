"""Every input the command line reads is read up to its limit and refused past
it with one line; a device, a FIFO or a huge file never fills memory. Output
that cannot be written (closed, full disk) ends in one line, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from jwtinspector.cli.main import main
from jwtinspector.core.limits import DEFAULT_MAX_SIZE, MAX_KEY_SIZE

TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhIjoxfQ."
    "b__FFDFXgJo9tREbqBfG7haBQUMloqZszYEP3zBXHcc"
)
DETACHED = TOKEN.replace(".eyJhIjoxfQ.", "..")
SECRET = "hostile-corpus-secret-of-32-byte"
TIMEOUT = 60  # seconds: an unbounded read fails the test instead of hanging


def run_here(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """(exit status, stderr) of the command run in this process."""
    status = main(list(args))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return status, err


def child(*args: str, **options: object) -> subprocess.CompletedProcess[bytes]:
    result = subprocess.run(
        [sys.executable, "-m", "jwtinspector", *args],
        capture_output="stdout" not in options,
        timeout=TIMEOUT,
        check=False,
        **options,  # type: ignore[call-overload]
    )
    assert b"Traceback" not in (result.stderr or b"")
    return result


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("verify", TOKEN, "--secret-file", "/dev/zero"),
            f"--secret-file /dev/zero: over the {MAX_KEY_SIZE:,}-byte limit, refused",
        ),
        (
            ("verify", TOKEN, "--key", "/dev/zero"),
            f"--key /dev/zero: over the {MAX_KEY_SIZE:,}-byte limit, refused",
        ),
        (
            ("encode", "--payload", "@/dev/zero", "--secret", SECRET),
            f"--payload @/dev/zero: over the {DEFAULT_MAX_SIZE:,}-byte limit, refused",
        ),
        (
            ("encode", "--payload", "{}", "--header", "@/dev/zero", "--secret", SECRET),
            f"--header @/dev/zero: over the {DEFAULT_MAX_SIZE:,}-byte limit, refused",
        ),
        (
            ("verify", DETACHED, "--secret", SECRET, "--payload-file", "/dev/zero"),
            f"--payload-file /dev/zero: over the {DEFAULT_MAX_SIZE:,}-byte limit, "
            "refused",
        ),
        (
            ("decode", "/dev/zero"),
            f"/dev/zero: over the {DEFAULT_MAX_SIZE:,}-byte limit, refused",
        ),
        (
            ("lint", TOKEN, "--wordlist", "/dev/zero", "--workers", "1"),
            "the wordlist /dev/zero has a line longer than 65,536 bytes, the limit",
        ),
    ],
    ids=["secret-file", "key", "payload", "header", "detached", "token", "wordlist"],
)
def test_an_endless_device_is_refused_at_its_limit(capsys, args, line):
    status, err = run_here(capsys, *args)

    assert status == 2
    assert err.count("\n") == 1
    assert line in err


def test_endless_standard_input_is_refused_at_the_limit():
    with open("/dev/zero", "rb") as zero:
        result = child("decode", "-", stdin=zero)

    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"jwtinspector: standard input: over the {DEFAULT_MAX_SIZE:,}-byte limit, "
        "refused\n"
    )


def test_a_file_one_byte_over_the_limit_is_refused_and_at_the_limit_is_read(
    capsys, tmp_path: Path
):
    at_limit = tmp_path / "secret"
    at_limit.write_bytes(b"s" * MAX_KEY_SIZE)
    over = tmp_path / "over"
    over.write_bytes(b"s" * (MAX_KEY_SIZE + 1))

    status, err = run_here(capsys, "verify", TOKEN, "--secret-file", str(at_limit))
    assert "limit" not in err
    assert status == 1  # read, and the signature does not match

    status, err = run_here(capsys, "verify", TOKEN, "--secret-file", str(over))
    assert status == 2
    assert "-byte limit, refused" in err


def test_a_token_file_over_the_limit_is_refused(capsys, tmp_path: Path):
    big = tmp_path / "token.txt"
    with open(big, "wb") as handle:  # sparse: no disk used
        handle.truncate(300 * 1024 * 1024)

    status, err = run_here(capsys, "decode", str(big))

    assert status == 2
    assert f"{big}: over the {DEFAULT_MAX_SIZE:,}-byte limit, refused" in err


def test_an_endless_fifo_is_read_only_to_its_limit(capsys, tmp_path: Path):
    fifo = tmp_path / "secret.fifo"
    os.mkfifo(fifo)

    def write_forever() -> None:
        try:
            with open(fifo, "wb") as handle:
                while True:
                    handle.write(b"x" * 65536)
        except (BrokenPipeError, OSError):
            pass  # the reader stopped at its limit

    writer = threading.Thread(target=write_forever, daemon=True)
    writer.start()
    status, err = run_here(capsys, "verify", TOKEN, "--secret-file", str(fifo))
    writer.join(timeout=TIMEOUT)

    assert status == 2
    assert "over the 1,000,000-byte limit, refused" in err
    assert not writer.is_alive()


def test_a_token_from_a_fifo_is_read(capsys, tmp_path: Path):
    fifo = tmp_path / "token.fifo"
    os.mkfifo(fifo)

    def write_token() -> None:
        with open(fifo, "w") as handle:
            handle.write(TOKEN + "\n")

    writer = threading.Thread(target=write_token, daemon=True)
    writer.start()
    status = main(["decode", str(fifo), "--json"])
    writer.join(timeout=TIMEOUT)

    assert status == 0
    assert '"a": 1' in capsys.readouterr().out


def test_encode_refuses_deep_nesting_with_its_depth(capsys):
    status, err = run_here(
        capsys, "encode", "--payload", "[" * 2000 + "]" * 2000, "--secret", SECRET
    )

    assert status == 2
    assert err == (
        "jwtinspector: --payload: the JSON is nested 2,000 levels deep; "
        "at most 128 are read\n"
    )


def test_closed_standard_output_is_one_line():
    result = child("decode", TOKEN, preexec_fn=lambda: os.close(1))

    assert result.returncode == 2
    assert result.stderr.decode() == (
        "jwtinspector: standard output is closed: there is nowhere to print the "
        "result\n"
    )


def test_a_full_disk_is_one_line():
    with open("/dev/full", "wb") as full:
        result = child("decode", TOKEN, "--json", stdout=full, stderr=subprocess.PIPE)

    assert result.returncode == 2
    assert result.stderr.decode() == (
        "jwtinspector: cannot write the output: No space left on device\n"
    )


def test_the_window_reads_a_device_only_to_the_limit():
    from jwtinspector.controllers.token_input import read_checked

    assert read_checked("/dev/zero") == (
        f"/dev/zero holds more than {DEFAULT_MAX_SIZE:,} bytes (the decoder's "
        "limit): refused."
    )
