"""jwtinspector decode --bytes PART: a part byte by byte, in text and JSON."""

from __future__ import annotations

import json

import jwt
import pytest
from cli_in_process import run_main as cli
from cli_process import run_cli

TOKEN = jwt.encode({"sub": "alice", "n": ">>>?"}, "k" * 32, algorithm="HS256")


def test_the_payload_byte_by_byte_shows_the_swap_and_the_padding(capsys, monkeypatch):
    result = cli(capsys, monkeypatch, "decode", TOKEN, "--bytes", "payload")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("payload: "))
    assert lines[start] == (
        "payload: 35 base64url characters → 26 bytes (4 characters = 24 bits = "
        "3 bytes; RFC 4648 §5)"
    )
    assert 'eyJz  011110 110010 001001 110011 7b 22 73     {"s' in lines
    assert any(line.startswith("OiI-") and "base64: OiI+" in line for line in lines)
    assert any(line.startswith("Pj4_") and "base64: Pj4/" in line for line in lines)
    assert any(line.startswith("In0 ") and "'=' left out" in line for line in lines)
    assert lines[-1].startswith("Padding: standard base64 ends this part with '='")


def test_bytes_in_json(capsys, monkeypatch):
    result = cli(capsys, monkeypatch, "decode", TOKEN, "--bytes", "header", "--json")
    assert result.returncode == 0, result.stderr
    view = json.loads(result.stdout)["bytes"]
    assert view["part"] == "header"
    assert view["groups"][0] == {
        "offset": 0,
        "chars": "eyJh",
        "values": [30, 50, 9, 33],
        "bytes": "7b2261",
        "base64": "eyJh",
    }
    assert view["bytes"] == len(b'{"alg":"HS256","typ":"JWT"}')
    assert view["padding_left_out"] == ""
    assert view["problem"] is None


def test_a_part_the_token_lacks_is_one_clear_line(capsys, monkeypatch):
    result = cli(
        capsys, monkeypatch, "decode", "eyJhbGciOiJIUzI1NiJ9", "--bytes", "payload"
    )
    assert result.returncode == 2
    assert "--bytes payload: this token has no payload" in result.stderr


@pytest.mark.parametrize("part", ["body"], ids=["unknown-part"])
def test_an_unknown_part_is_refused_by_the_parser(part):
    result = run_cli("decode", TOKEN, "--bytes", part)
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
