"""jwtinspector report TOKEN: Markdown or HTML, redacted on request, to stdout
or a file; exit 0 when written, 2 on unusable input."""

from __future__ import annotations

import io
import pathlib
import subprocess
import sys

import pytest
from cli_process import run_cli
from report_tokens import IDENTIFYING, SECRET, TOKEN, leaves

from jwtinspector.cli import main

AT = "2026-01-01T00:00:00Z"


def cli(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    stdin: str = "",
) -> subprocess.CompletedProcess[str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        code = main(list(args))
    except SystemExit as exc:  # an argument error
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, out.out, out.err)


def test_a_redacted_markdown_report_goes_to_stdout(tmp_path: pathlib.Path) -> None:
    (tmp_path / "token.txt").write_text(TOKEN + "\n")

    result = run_cli("report", "token.txt", "--redact", "--at", AT, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# JWT report (redacted)\n")
    assert f"the dates and the verdict are judged at {AT}, not then." in result.stdout
    assert "**Token invalid.**" in result.stdout  # expired at AT
    assert "BAD exp: Expired 2025-12-31 23:00:00 UTC (1 h ago)." in result.stdout
    assert "## What was redacted" in result.stdout
    for value in leaves(IDENTIFYING):
        assert value not in result.stdout


def test_html_to_a_file_with_the_key_checks_the_signature(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: pathlib.Path,
) -> None:
    monkeypatch.setenv("REPORT_SECRET", SECRET)
    out = tmp_path / "report.html"

    result = cli(capsys, monkeypatch, "report", TOKEN, "-o", str(out),
                 "--secret-env", "REPORT_SECRET", "--at", AT)  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Wrote the report (html) to {out}.\n"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "Signature verified: HS256" in text
    assert "alice.smith@example.org" in text  # not redacted
    assert SECRET not in text


def test_format_md_wins_over_the_file_extension(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: pathlib.Path,
) -> None:
    out = tmp_path / "r.html"

    result = cli(capsys, monkeypatch, "report", TOKEN, "--format", "md", "-o", str(out))

    assert result.returncode == 0
    assert out.read_text(encoding="utf-8").startswith("# JWT report\n")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("report", "not-a-token"), "", "the token cannot be read"),
        (("report", "-"), "", "no token"),
        (("report", TOKEN, "--format", "pdf"), "", "invalid choice"),
        (("report", TOKEN, "--secret-env", "NO_SUCH_VAR_X"), "", "is not set"),
        (("report", "a.b.c.d.e"), "", "encrypted token (JWE): decrypt it first"),
    ],
    ids=["garbage", "empty-stdin", "format", "secret-env", "jwe"],
)
def test_unusable_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    stdin: str,
    message: str,
) -> None:
    result = cli(capsys, monkeypatch, *args, stdin=stdin)

    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_an_unwritable_output_file_exits_2(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: pathlib.Path,
) -> None:
    target = tmp_path / "missing-folder" / "r.md"

    result = cli(capsys, monkeypatch, "report", TOKEN, "-o", str(target))

    assert result.returncode == 2
    assert "No such file or directory" in result.stderr
    assert not target.exists()
