"""The command line with ML-DSA and the fully specified EdDSA names: keygen,
encode and verify end to end, in a child process as a user runs them."""

from __future__ import annotations

import json
import pathlib

import pytest
from cli_process import run_cli


@pytest.mark.parametrize(
    ("kind", "alg", "other"),
    [("mldsa", "ML-DSA-44", "ML-DSA-65"), ("okp", "Ed448", "Ed25519")],
)
def test_keygen_encode_verify(
    tmp_path: pathlib.Path, kind: str, alg: str, other: str
) -> None:
    made = run_cli("keygen", "--type", kind, "--alg", alg, "--format", "jwk")
    assert made.returncode == 0, made.stderr
    private = json.loads(made.stdout)
    (tmp_path / "private.jwk").write_text(made.stdout)
    public = run_cli(
        "keygen", "--type", kind, "--alg", other, "--format", "jwk", "--public"
    )
    (tmp_path / "other.jwk").write_text(public.stdout)

    encoded = run_cli(
        "encode", "--payload", '{"sub":"1"}', "--alg", alg, "--key", "private.jwk",
        cwd=tmp_path,
    )  # fmt: skip
    token = encoded.stdout.strip()
    good = run_cli("verify", token, "--key", "private.jwk", cwd=tmp_path)
    wrong = run_cli("verify", token, "--key", "other.jwk", cwd=tmp_path)

    assert encoded.returncode == 0, encoded.stderr
    assert good.returncode == 0, good.stdout + good.stderr
    assert f"Signature verified: {alg}" in good.stdout
    assert wrong.returncode == 1
    assert f"but the token says {alg}" in wrong.stdout + wrong.stderr
    if kind == "mldsa":
        assert (private["kty"], private["alg"]) == ("AKP", alg)
        assert {"pub", "priv"} <= set(private)
        assert "priv" not in json.loads(public.stdout)


def test_keygen_mldsa_pem_prints_both_halves() -> None:
    result = run_cli("keygen", "--type", "mldsa", "--curve", "ML-DSA-87")

    assert result.returncode == 0, result.stderr
    assert "-----BEGIN PRIVATE KEY-----" in result.stdout
    assert "-----BEGIN PUBLIC KEY-----" in result.stdout


def test_keygen_mldsa_unknown_parameter_set_exits_2_with_one_line() -> None:
    result = run_cli("keygen", "--type", "mldsa", "--alg", "ML-DSA-99")

    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "ML-DSA-44, ML-DSA-65, ML-DSA-87" in result.stderr
