"""``jwtinspector decrypt`` and ``encode --encrypt``, run as a user runs them:
exit 0 decrypted, 1 wrong key or changed, 2 unusable input with one line."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
from typing import Any

import pytest
from cli_process import run_cli

DATA = pathlib.Path(__file__).resolve().parent / "data" / "rfc7520"
AES_KW = json.loads(
    (DATA / "5_8.key_wrap_using_aes-keywrap_with_aes-gcm.json").read_text("utf-8")
)
MULTI = json.loads(
    (DATA / "5_13.encrypting_to_multiple_recipients.json").read_text("utf-8")
)
PBES2 = json.loads(
    (
        DATA / "5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2.json"
    ).read_text("utf-8")
)
PLAINTEXT = AES_KW["input"]["plaintext"]
SECRET_K = AES_KW["input"]["key"]["k"]


@pytest.fixture
def files(tmp_path: pathlib.Path) -> dict[str, pathlib.Path]:
    made = {
        "oct.jwk": AES_KW["input"]["key"],
        "ec.jwk": MULTI["input"]["key"][1],
        "wrong.jwk": {"kty": "oct", "k": "AAAAAAAAAAAAAAAAAAAAAA"},
    }
    paths = {}
    for name, value in made.items():
        paths[name] = tmp_path / name
        paths[name].write_text(json.dumps(value), encoding="utf-8")
    paths["token"] = tmp_path / "token.txt"
    paths["token"].write_text(AES_KW["output"]["compact"], encoding="utf-8")
    return paths


def test_a_compact_jwe_decrypts_to_its_plaintext(
    files: dict[str, pathlib.Path],
) -> None:
    result = run_cli("decrypt", str(files["token"]), "--key", str(files["oct.jwk"]))

    assert result.returncode == 0, result.stderr
    assert PLAINTEXT in result.stdout
    assert "Header (A128KW, A128GCM)" in result.stdout
    assert SECRET_K not in result.stdout + result.stderr


def test_a_general_json_jwe_on_stdin_picks_its_recipient(
    files: dict[str, pathlib.Path],
) -> None:
    result = run_cli(
        "decrypt", "-", "--key", str(files["ec.jwk"]), "--json",
        stdin=json.dumps(MULTI["output"]["json"]),
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["recipient"] == {
        "number": 2,
        "of": 3,
        "header": MULTI["output"]["json"]["recipients"][1]["header"],
    }
    assert shown["plaintext"] == PLAINTEXT
    assert shown["plaintext_form"] == "text"
    assert shown["serialization"] == "general JSON"
    assert shown["warnings"] == []
    assert MULTI["input"]["key"][1]["d"] not in result.stdout


def test_raw_writes_exactly_the_plaintext_bytes(files: dict[str, pathlib.Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "jwtinspector", "decrypt", str(files["token"]),
         "--key", str(files["oct.jwk"]), "--raw"],
        capture_output=True, check=False, timeout=60,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout == PLAINTEXT.encode("utf-8")


def test_a_wrong_key_exits_1_with_one_line(files: dict[str, pathlib.Path]) -> None:
    result = run_cli("decrypt", str(files["token"]), "--key", str(files["wrong.jwk"]))

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "does not decrypt" in result.stderr
    assert "AAAAAAAAAAAAAAAAAAAAAA" not in result.stderr


def test_a_changed_ciphertext_exits_1_saying_so(files: dict[str, pathlib.Path]) -> None:
    parts = AES_KW["output"]["compact"].split(".")
    parts[3] = ("B" if parts[3][0] == "A" else "A") + parts[3][1:]

    result = run_cli("decrypt", ".".join(parts), "--key", str(files["oct.jwk"]))

    assert result.returncode == 1
    assert "integrity check failed" in result.stderr


def test_json_on_failure_says_why(files: dict[str, pathlib.Path]) -> None:
    result = run_cli(
        "decrypt", str(files["token"]), "--key", str(files["wrong.jwk"]), "--json"
    )

    assert result.returncode == 1
    assert json.loads(result.stdout)["reason"] == "wrong_key"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["e30.e30.e30"], "not an encrypted one"),
        (['{"ciphertext": 1}'], "ciphertext"),
        (["--raw", "--json"], "cannot be combined"),
        (["--password-env", "NO_SUCH_VARIABLE_HERE"], "is not set"),
    ],
)
def test_unusable_input_exits_2_with_one_line(
    files: dict[str, pathlib.Path], args: list[str], words: str
) -> None:
    token = [] if not args[0].startswith(("e30", "{")) else [args.pop(0)]
    if not token:
        token = [str(files["token"])]

    result = run_cli("decrypt", *token, "--key", str(files["oct.jwk"]), *args)

    assert result.returncode == 2
    assert result.stderr.startswith("jwtinspector: ")
    assert result.stderr.count("\n") == 1
    assert words in result.stderr


def test_no_key_exits_2_saying_what_is_needed(files: dict[str, pathlib.Path]) -> None:
    result = run_cli("decrypt", str(files["token"]))

    assert result.returncode == 2
    assert "no key" in result.stderr
    assert "--password-env" in result.stderr  # a PBES2 token takes a password


def test_decode_of_a_jwe_points_to_decrypt(files: dict[str, pathlib.Path]) -> None:
    result = run_cli("decode", str(files["token"]))

    assert result.returncode == 0
    assert "jwtinspector decrypt" in result.stdout


def test_a_password_from_the_environment_decrypts_pbes2() -> None:
    password = PBES2["input"]["pwd"]

    result = run_cli(
        "decrypt", PBES2["output"]["compact"], "--password-env", "JWE_PW", "--json",
        env={"JWE_PW": password},
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["plaintext_form"] == "json"
    assert shown["plaintext"]["keys"][0]["kty"] == "oct"
    assert shown["key"] == "password"
    assert password not in result.stdout


def test_a_secret_from_the_environment_decrypts(files: dict[str, pathlib.Path]) -> None:
    result = run_cli(
        "decrypt", str(files["token"]), "--secret-env", "JWE_K",
        "--secret-encoding", "base64url", env={"JWE_K": SECRET_K},
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert SECRET_K not in result.stdout


def _keygen(tmp_path: pathlib.Path) -> dict[str, pathlib.Path]:
    from jwtinspector.core.keygen import generate_jwe_key
    from jwtinspector.core.keys import to_jwk

    key = generate_jwe_key("RSA-OAEP-256", "A256GCM")
    paths = {"private": tmp_path / "rsa.jwk", "public": tmp_path / "rsa_pub.jwk"}
    paths["private"].write_text(json.dumps(to_jwk(key, private=True)), "utf-8")
    paths["public"].write_text(json.dumps(to_jwk(key)), "utf-8")
    return paths


def test_encode_encrypt_wraps_the_signed_token_and_decrypt_shows_both_layers(
    tmp_path: pathlib.Path,
) -> None:
    keys = _keygen(tmp_path)
    made = run_cli(
        "encode", "--payload", '{"sub": "alice"}', "--alg", "HS256",
        "--secret-env", "SIGN", "--encrypt", "RSA-OAEP-256,A256GCM",
        "--enc-key", str(keys["public"]),
        env={"SIGN": "a-signing-secret-of-32-bytes-ok!"},
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()

    result = run_cli("decrypt", token, "--key", str(keys["private"]), "--json")

    assert token.count(".") == 4
    shown: dict[str, Any] = json.loads(result.stdout)
    assert shown["header"]["cty"] == "JWT"
    assert shown["nested"]["header"] == {"alg": "HS256", "typ": "JWT"}
    assert shown["nested"]["payload"] == {"sub": "alice"}
    assert "a-signing-secret" not in made.stdout + result.stdout


def test_encode_encrypt_without_alg_encrypts_the_claims(tmp_path: pathlib.Path) -> None:
    keys = _keygen(tmp_path)
    made = run_cli(
        "encode", "--payload", '{"sub": "bob"}',
        "--encrypt", "RSA-OAEP-256,A128CBC-HS256", "--enc-key", str(keys["public"]),
    )  # fmt: skip

    result = run_cli("decrypt", made.stdout.strip(), "--key", str(keys["private"]))

    assert result.returncode == 0, result.stderr
    assert '"sub": "bob"' in result.stdout
    assert "Nested token" not in result.stdout


@pytest.mark.parametrize(
    ("encrypt", "words"),
    [("RSA-OAEP-256", "ALG,ENC"), ("RSA-OAEP-256,A1GCM", "Unknown enc")],
)
def test_encode_encrypt_refuses_bad_choices_in_one_line(
    tmp_path: pathlib.Path, encrypt: str, words: str
) -> None:
    keys = _keygen(tmp_path)

    made = run_cli(
        "encode", "--payload", "{}", "--encrypt", encrypt,
        "--enc-key", str(keys["public"]),
    )  # fmt: skip

    assert made.returncode == 2
    assert words in made.stderr
    assert made.stderr.count("\n") == 1


def test_keygen_jwe_makes_a_key_that_encode_and_decrypt_use(
    tmp_path: pathlib.Path,
) -> None:
    made = run_cli(
        "keygen", "--jwe", "ECDH-ES+A256KW,A256GCM", "--curve", "X25519",
        "--format", "jwk",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    jwk = json.loads(made.stdout)
    private = tmp_path / "x25519.jwk"
    private.write_text(made.stdout, "utf-8")
    public = tmp_path / "x25519_pub.jwk"
    public.write_text(json.dumps({k: v for k, v in jwk.items() if k != "d"}), "utf-8")

    token = run_cli(
        "encode", "--payload", '{"sub": "carol"}', "--encrypt",
        "ECDH-ES+A256KW,A256GCM", "--enc-key", str(public),
    ).stdout.strip()  # fmt: skip
    result = run_cli("decrypt", token, "--key", str(private), "--json")

    assert (jwk["crv"], jwk["use"], jwk["alg"]) == ("X25519", "enc", "ECDH-ES+A256KW")
    assert json.loads(result.stdout)["plaintext"] == {"sub": "carol"}
    assert jwk["d"] not in result.stdout


def test_keygen_needs_type_or_jwe() -> None:
    result = run_cli("keygen")

    assert result.returncode == 2
    assert "--type" in result.stderr
    assert "--jwe" in result.stderr
