"""The key box: recognise what was pasted (a key or a secret) and say what it is."""

from __future__ import annotations

import dataclasses
import re

from jwtinspector.core.errors import KeyMaterialError, TokenFormatError
from jwtinspector.core.json_read import json_value
from jwtinspector.core.keys.load import (
    SSH_PREFIXES,
    has_kty_member,
    load_key,
    load_secret,
)
from jwtinspector.core.keys.material import KeyMaterial, key_kind
from jwtinspector.core.keys.sets import KeySet, count_keys

_SECRET_WORDS = {"utf-8": "text", "base64": "base64", "base64url": "base64url"}


@dataclasses.dataclass(frozen=True)
class KeyInput:
    """What the key box holds: the loaded key and, for the user, what it is."""

    key: KeyMaterial | KeySet = dataclasses.field(repr=False)
    kind: str  # "RSA public key", "certificate (EC P-256 public key)", …
    is_secret: bool
    note: str = ""  # e.g. that a text secret also reads as base64


def looks_like_key(text: str) -> bool:
    """True for text that is a key, not a secret: PEM, OpenSSH, JWK or JWKS."""
    body = text.lstrip("\ufeff").strip()
    if "-----BEGIN" in body or body.startswith(SSH_PREFIXES):
        return True
    if not body.startswith("{"):
        return False
    if has_kty_member(body):
        return True
    try:
        obj = json_value(body, "key JSON")
    except TokenFormatError:
        return False
    return isinstance(obj, dict) and isinstance(obj.get("keys"), list)


def load_key_input(text: str, mode: str = "auto") -> KeyInput:
    """Load the key box's text: ``mode`` "auto" recognises a PEM key or
    certificate, a JWK or JWKS, else takes the text as a secret; "key" wants a
    key; "utf-8", "base64" and "base64url" want a secret in that encoding."""
    note = ""
    if mode == "auto":
        mode = "key" if looks_like_key(text) else "utf-8"
        note = _encoded_secret_note(text) if mode == "utf-8" else ""
    if mode == "key":
        return _describe_input(load_key(text))
    if mode not in _SECRET_WORDS:
        raise KeyMaterialError(
            f"Unknown key kind {mode!r}: use auto, key, utf-8, base64 or base64url."
        )
    secret = load_secret(text, mode)  # type: ignore[arg-type]
    count = len(secret.key)
    size = "1 byte" if count == 1 else f"{count} bytes"
    return KeyInput(secret, f"secret ({_SECRET_WORDS[mode]}, {size})", True, note)


_ENCODED = re.compile(r"[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+")


def _encoded_secret_note(text: str) -> str:
    """Says so when a secret taken as text looks base64-encoded: long enough,
    one alphabet, and not letters alone (a passphrase)."""
    body = text.strip()
    unpadded = body.rstrip("=")
    if len(body) < 22 or len(unpadded) % 4 == 1 or not _ENCODED.fullmatch(body):
        return ""
    if unpadded.isalpha():
        return ""
    encoding = "base64url" if any(c in "-_" for c in body) else "base64"
    size = len(unpadded) * 3 // 4
    return (
        f"It also reads as {encoding} ({size} bytes): choose {encoding} if the "
        "secret is encoded."
    )


def _describe_input(key: KeyMaterial | KeySet) -> KeyInput:
    if isinstance(key, KeySet):
        return KeyInput(key, f"JWK set ({count_keys(len(key.keys))})", False)
    if key.kty == "oct":  # an oct JWK
        return KeyInput(key, f"secret (JWK, {key.size // 8} bytes)", True)
    kind = key_kind(key)
    if key.source == "certificate":
        return KeyInput(key, f"certificate ({kind})", False)
    if key.source == "jwk":
        return KeyInput(key, f"{kind} (JWK)", False)
    return KeyInput(key, kind, False)
