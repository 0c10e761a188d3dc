"""Parse key input: HMAC secrets, PEM, DER, X.509 certificates, JWK and JWKS.

Every problem is raised as KeyMaterialError in words a user can act on;
exceptions from cryptography, PyJWT, json or base64 never escape.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import string
from collections.abc import Iterator
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from jwt.algorithms import HMACAlgorithm

from jwtinspector.core import mldsa
from jwtinspector.core.errors import KeyMaterialError, TokenFormatError
from jwtinspector.core.json_read import json_value
from jwtinspector.core.keys.material import (
    CONVERTERS,
    LIBRARY_ERRORS,
    X_CURVE_NAMES,
    KeyMaterial,
    SecretEncoding,
    key_material,
    x_curve_key,
)
from jwtinspector.core.keys.sets import KeySet
from jwtinspector.core.limits import MAX_KEY_SIZE
from jwtinspector.core.text import b64url_decode, quote

_MAX_INPUT = MAX_KEY_SIZE  # real keys and JWKS are kilobytes: refuse absurd input early
_MAX_RSA_MEMBER = 4096  # base64url characters (~24k bits); bounds work on hostile JWKs
SSH_PREFIXES = ("ssh-rsa ", "ssh-ed25519 ", "ssh-dss ", "ecdsa-sha2-")
_EXPECTED = (
    "Not a key: expected a PEM key or certificate ('-----BEGIN …'), "
    "a JWK or a JWKS (JSON). HMAC secrets are entered as secrets, not keys."
)
_CONFUSION = (
    "This looks like {what}, not an HMAC secret. Using a public key as an HMAC "
    "secret is the algorithm-confusion attack (RFC 8725 §2.1): anyone who has "
    "the public key could forge tokens. Load it as a key instead."
)


def _reason(err: BaseException) -> str:
    if isinstance(err, KeyError):
        return f"missing member {err.args[0]!r}" if err.args else "missing member"
    message = str(err) or type(err).__name__
    if len(err.args) > 1 and isinstance(err.args[0], str):
        message = err.args[0]  # PyJWT sometimes passes "{}" placeholders unformatted
        for arg in err.args[1:]:
            message = message.replace("{}", str(arg), 1)
    if "Details: " in message:  # cryptography's long generic text; keep the detail
        return "not valid key data (" + message.split("Details: ", 1)[1] + ")"
    return message


def load_secret(text: str, encoding: SecretEncoding = "utf-8") -> KeyMaterial:
    """An HMAC secret typed by the user; asymmetric keys are refused."""
    _refuse_asymmetric(text)
    if encoding == "utf-8":
        if not text:
            raise KeyMaterialError("The secret is empty.")
        try:
            secret = text.encode("utf-8")
        except UnicodeError:
            raise KeyMaterialError("The secret is not valid Unicode text.") from None
    elif encoding in ("base64", "base64url"):
        secret = _decode_base64_secret(text, encoding)
        _refuse_asymmetric(secret.decode("utf-8", errors="replace"))
        if secret[:1] == b"\x30" and _der_key_object(secret, strict=False):
            raise KeyMaterialError(_CONFUSION.format(what="a DER key or certificate"))
    else:
        raise KeyMaterialError(
            f"Unknown secret encoding {encoding!r}: use utf-8, base64 or base64url."
        )
    if _is_der_key_text(secret):
        raise KeyMaterialError(_CONFUSION.format(what=_DER_TEXT))
    encoded = encoded_public_key(secret)
    if encoded is not None:
        raise KeyMaterialError(_CONFUSION.format(what=encoded))
    return key_material(secret, source=encoding)


_HEX_TEXT = re.compile(rb"[0-9A-Fa-f]+")
_MIN_ENCODED = 32
"""Characters: the shortest public key or certificate encodes to more."""


def encoded_public_key(data: bytes) -> str | None:
    """What key material ``data`` is when it is a PEM key or certificate, a
    DER one, a JWK or an OpenSSH key written in hex (``xxd -p``, ``0x…``,
    ``30:82:…``), base64 or base64url; None for anything else.

    All of these are as public as the key itself: taken as an HMAC secret
    they make the algorithm-confusion attack (RFC 8725 §2.1) possible.
    """
    compact = b"".join(data.split())
    if compact[:2].lower() == b"0x":
        compact = compact[2:]
    hexed = compact.replace(b":", b"")
    even = len(hexed) % 2 == 0
    if len(hexed) >= _MIN_ENCODED and even and _HEX_TEXT.fullmatch(hexed):
        what = _key_bytes_kind(bytes.fromhex(hexed.decode("ascii")))
        if what is not None:
            return f"{what} written in hex"
    text = compact.rstrip(b"=")
    if len(text) >= _MIN_ENCODED and len(text) % 4 != 1 and _B64_TEXT.fullmatch(text):
        padded = text.translate(_TO_STANDARD) + b"=" * (-len(text) % 4)
        what = _key_bytes_kind(base64.b64decode(padded))
        if what is not None:
            encoding = "base64url" if b"-" in text or b"_" in text else "base64"
            return f"{what} written in {encoding}"
    return None


def _key_bytes_kind(data: bytes) -> str | None:
    """'a DER key or certificate', 'a PEM key or certificate', … or None."""
    if data[:1] == b"\x30" and _der_key_object(data, strict=False) is not None:
        return "a DER key or certificate"
    try:
        return _asymmetric_text_kind(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None


_DER_TEXT = "the base64 body of a PEM key or certificate (without its armour lines)"
_B64_TEXT = re.compile(rb"[A-Za-z0-9+/_-]+")


def _is_der_key_text(data: bytes) -> bool:
    """True for a DER key or certificate written as base64 or base64url text.

    PyJWT refuses PEM and DER as HMAC secrets but not the PEM body alone,
    which is as public as the key it encodes.
    """
    text = b"".join(data.split()).rstrip(b"=")
    if len(text) < 32 or len(text) % 4 == 1 or not _B64_TEXT.fullmatch(text):
        return False
    der = base64.b64decode(text.translate(_TO_STANDARD) + b"=" * (-len(text) % 4))
    return der[:1] == b"\x30" and _der_key_object(der, strict=False) is not None


_TO_STANDARD = bytes.maketrans(b"-_", b"+/")


def _refuse_asymmetric(text: str) -> None:
    what = _asymmetric_text_kind(text)
    if what is not None:
        raise KeyMaterialError(_CONFUSION.format(what=what))


def _asymmetric_text_kind(text: str) -> str | None:
    """'a PEM key or certificate', 'an OpenSSH public key', 'a JWK' or None."""
    stripped = text.strip()
    if "-----BEGIN" in text:
        return "a PEM key or certificate"
    if stripped.startswith(SSH_PREFIXES):
        return "an OpenSSH public key"
    if has_kty_member(stripped):
        return "a JWK"
    return None


def has_kty_member(text: str) -> bool:
    if not text.startswith(("{", "[")):
        return False
    try:
        pending = [json_value(text, "key JSON")]
    except TokenFormatError:
        return '"kty"' in text
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            if "kty" in item:
                return True
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


_B64_ALPHABETS = {
    "base64": string.ascii_letters + string.digits + "+/",
    "base64url": string.ascii_letters + string.digits + "-_",
}


_ALPHABET_HINTS = {
    "base64": "A-Z, a-z, 0-9, + and /; a base64url secret has - and _ instead: "
    "choose base64url for one",
    "base64url": "A-Z, a-z, 0-9, - and _; a base64 secret has + and / instead: "
    "choose base64 for one",
}


def _decode_base64_secret(text: str, encoding: str) -> bytes:
    """Strict alphabet check with 1-based positions; padding may be left out."""
    offset = len(text) - len(text.lstrip())
    body = text.strip()
    unpadded = body.rstrip("=")
    for index, char in enumerate(unpadded):
        if char not in _B64_ALPHABETS[encoding]:
            # The position only: an error must never show the secret's characters.
            raise KeyMaterialError(
                f"{encoding} secret has a character outside the {encoding} "
                f"alphabet at position {offset + index + 1} "
                f"({_ALPHABET_HINTS[encoding]})"
            )
    padding = len(body) - len(unpadded)
    if not unpadded:
        raise KeyMaterialError(f"The {encoding} secret is empty.")
    if len(unpadded) % 4 == 1:
        raise KeyMaterialError(
            f"{encoding} secret has an impossible length: {len(unpadded)} "
            "characters (without '=' padding) cannot encode whole bytes."
        )
    if padding not in (0, -len(unpadded) % 4):
        raise KeyMaterialError(
            f"{encoding} secret ends with {padding} '=' padding characters "
            f"where {-len(unpadded) % 4} belong."
        )
    padded = unpadded + "=" * (-len(unpadded) % 4)
    try:
        if encoding == "base64":
            return base64.b64decode(padded, validate=True)
        return b64url_decode(unpadded)
    except binascii.Error as err:
        raise KeyMaterialError(
            f"{encoding} secret could not be decoded: {err}"
        ) from None


def load_key_file(path: str | os.PathLike[str]) -> KeyMaterial | KeySet:
    try:
        with open(path, "rb") as handle:
            data = handle.read(_MAX_INPUT + 1)
    except (OSError, ValueError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise KeyMaterialError(
            f"cannot read key file {os.fspath(path)}: {reason}"
        ) from None
    return load_key(data)


def load_key(data: str | bytes) -> KeyMaterial | KeySet:
    """PEM, certificate, DER, JWK or JWKS, detected from the content."""
    if len(data) > _MAX_INPUT:
        raise KeyMaterialError("The key data is larger than 1 MB: that is not a key.")
    if isinstance(data, str):
        return _load_text(data)
    if data[:1] == b"\x30":  # ASN.1 SEQUENCE: binary DER
        found = _der_key_object(data, strict=True)
        if found is not None:
            return key_material(found[0], source=found[1])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise KeyMaterialError(
            "The key data is neither text nor a DER-encoded key or certificate."
        ) from None
    return _load_text(text)


def _der_key_object(data: bytes, *, strict: bool) -> tuple[Any, str] | None:
    """(key object, source) for a DER private key, public key or certificate.

    An encrypted private key raises when strict, else gives (None, "der"):
    load_secret only needs to know that the bytes are a key.
    """
    try:
        return serialization.load_der_private_key(data, password=None), "der"
    except TypeError:  # cryptography's signal that a password is needed
        if strict:
            raise KeyMaterialError(_encrypted("This DER private key")) from None
        return None, "der"
    except LIBRARY_ERRORS:
        pass
    try:
        return serialization.load_der_public_key(data), "der"
    except LIBRARY_ERRORS:
        pass
    try:
        return x509.load_der_x509_certificate(data).public_key(), "certificate"
    except LIBRARY_ERRORS:
        return None


def _encrypted(what: str) -> str:
    return (
        f"{what} is encrypted with a passphrase. Decrypt it first (for example "
        "'openssl pkey -in encrypted.pem -out key.pem') and load the result."
    )


def _load_text(text: str) -> KeyMaterial | KeySet:
    body = text.lstrip("\ufeff").strip()
    if not body:
        raise KeyMaterialError("No key given: the input is empty.")
    if body.startswith("{"):
        return _load_json(body)
    if "-----BEGIN" in body:
        return _load_pem(body)
    if body.startswith(SSH_PREFIXES):
        raise KeyMaterialError(
            "OpenSSH public key lines are not supported: convert it to PEM "
            "first, e.g. 'ssh-keygen -e -m PKCS8 -f key.pub'."
        )
    raise KeyMaterialError(_EXPECTED)


def _load_json(body: str) -> KeyMaterial | KeySet:
    try:
        obj = json_value(body, "key JSON")
    except TokenFormatError as err:
        raise KeyMaterialError(
            "The key looks like JSON but is invalid: "
            f"{err.reason.removeprefix('not valid JSON: ')}."
        ) from None
    if isinstance(obj, dict) and "keys" in obj:
        return _load_jwks(obj["keys"])
    if isinstance(obj, dict) and "kty" in obj:
        try:
            return _from_jwk(obj)
        except KeyMaterialError as err:
            raise KeyMaterialError(f"JWK could not be loaded: {err}") from None
    raise KeyMaterialError(
        'The JSON has neither a "kty" member (a JWK) nor a "keys" member (a JWKS).'
    )


def _load_jwks(entries: Any) -> KeySet:
    if not isinstance(entries, list):
        raise KeyMaterialError('The JWKS "keys" member must be a list of JWKs.')
    loaded: list[KeyMaterial] = []
    skipped: list[str] = []
    for index, entry in enumerate(entries, 1):
        kid = entry.get("kid") if isinstance(entry, dict) else None
        label = (
            f"key {index} (kid {quote(kid)})"
            if isinstance(kid, str)
            else f"key {index}"
        )
        try:
            if not isinstance(entry, dict):
                raise KeyMaterialError("not a JSON object")
            loaded.append(_from_jwk(entry))
        except KeyMaterialError as err:
            skipped.append(f"{label}: {err}")
    if not loaded:
        why = "; ".join(skipped) if skipped else 'its "keys" list is empty'
        raise KeyMaterialError(f"The JWKS has no usable key: {why}")
    return KeySet(tuple(loaded), tuple(skipped))


def _from_jwk(obj: dict[str, Any], source: str = "jwk") -> KeyMaterial:
    """One JWK; errors carry a bare reason so a JWKS can list them per key."""
    kty = obj.get("kty")
    if not isinstance(kty, str):
        raise KeyMaterialError('"kty" must be a string')
    meta = _jwk_metadata(obj)
    if kty != "oct" and kty not in CONVERTERS:
        raise KeyMaterialError(
            f"unsupported kty {quote(kty)} (expected RSA, EC, OKP, AKP or oct)"
        )
    if kty == "AKP" and not mldsa.available():
        raise KeyMaterialError(mldsa.UNAVAILABLE)
    if kty == "RSA" and any(len(str(obj.get(m, ""))) > _MAX_RSA_MEMBER for m in "nde"):
        raise KeyMaterialError("RSA key is implausibly large")
    try:
        if kty == "OKP" and obj.get("crv") in X_CURVE_NAMES:
            obj_key = _x_curve_from_jwk(obj)
        elif kty == "oct":
            obj_key = HMACAlgorithm.from_jwk(obj)
        else:
            obj_key = CONVERTERS[kty].from_jwk(obj)
    except LIBRARY_ERRORS as err:
        raise KeyMaterialError(
            f"{kty} key members are invalid: {_reason(err)}"
        ) from None
    if kty == "oct" and _is_der_key_text(obj_key):
        raise KeyMaterialError(f"its k is {_DER_TEXT}, not a secret")
    if kty == "oct" and (encoded := encoded_public_key(obj_key)) is not None:
        raise KeyMaterialError(f"its k is {encoded}, not a secret")
    return key_material(obj_key, source=source, **meta)


def _x_curve_from_jwk(obj: dict[str, Any]) -> Any:
    """An X25519 or X448 JWK (RFC 8037 §2), for ECDH-ES: PyJWT reads only Ed*."""
    d = obj.get("d")
    return x_curve_key(
        str(obj["crv"]),
        b64url_decode(str(obj["x"])),
        b64url_decode(str(d)) if d is not None else None,
    )


def _jwk_metadata(obj: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for name in ("kid", "alg", "use"):
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            raise KeyMaterialError(f'"{name}" must be a string')
        meta[name] = value
    ops = obj.get("key_ops")
    if ops is not None and not (
        isinstance(ops, list) and all(isinstance(op, str) for op in ops)
    ):
        raise KeyMaterialError('"key_ops" must be a list of strings')
    meta["key_ops"] = tuple(ops) if ops is not None else None
    return meta


_BEGIN = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----")


def _pem_blocks(text: str) -> Iterator[tuple[str, str]]:
    """(label, text between the armour lines) for each block, in order."""
    position = 0
    while match := _BEGIN.search(text, position):
        label = match.group(1).strip()
        end_line = f"-----END {label}-----"
        end = text.find(end_line, match.end())
        if end < 0:
            raise KeyMaterialError(f"PEM block '{label}' has no '{end_line}' line.")
        yield label, text[match.end() : end]
        position = end + len(end_line)


def _load_pem(text: str) -> KeyMaterial:
    for label, inner in _pem_blocks(text):
        if label != "EC PARAMETERS":  # openssl ecparam -genkey writes these first
            return _load_pem_block(label, inner)
    raise KeyMaterialError(
        "No complete PEM block: expected a line like '-----BEGIN PUBLIC KEY-----'."
    )


def _load_pem_block(label: str, inner: str) -> KeyMaterial:
    lines = [line.strip() for line in inner.splitlines()]
    headers = [line.upper() for line in lines if ":" in line]
    if label == "ENCRYPTED PRIVATE KEY" or any(
        h.startswith("PROC-TYPE") and "ENCRYPTED" in h for h in headers
    ):
        raise KeyMaterialError(_encrypted(f"PEM block '{label}'"))
    # Spaces too: a PEM pasted into a one-line field has them for line breaks.
    body = "".join("".join(line.split()) for line in lines if ":" not in line)
    # Rebuilt canonically so CRLF, indentation and odd wrapping do not matter.
    wrapped = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    pem = f"-----BEGIN {label}-----\n{wrapped}\n-----END {label}-----\n"
    try:
        obj, source = _read_pem(label, pem.encode("ascii"))
    except LIBRARY_ERRORS as err:
        if not mldsa.available() and _names_ml_dsa(body):
            raise KeyMaterialError(mldsa.UNAVAILABLE) from None
        raise KeyMaterialError(
            f"PEM block '{label}' could not be read: {_reason(err)}"
        ) from None
    return key_material(obj, source=source)


def _names_ml_dsa(body: str) -> bool:
    try:
        return mldsa.names_ml_dsa(base64.b64decode(body))
    except (binascii.Error, ValueError):
        return False


def _read_pem(label: str, data: bytes) -> tuple[Any, str]:
    """PKCS#8, PKCS#1, SEC1 (and DSA, refused later by type), SPKI, X.509."""
    if label == "OPENSSH PRIVATE KEY":
        return serialization.load_ssh_private_key(data, password=None), "pem"
    if label.endswith("PRIVATE KEY"):
        return serialization.load_pem_private_key(data, password=None), "pem"
    if label in ("PUBLIC KEY", "RSA PUBLIC KEY"):
        return serialization.load_pem_public_key(data), "pem"
    if label in ("CERTIFICATE", "X509 CERTIFICATE"):
        return x509.load_pem_x509_certificate(data).public_key(), "certificate"
    raise KeyMaterialError(
        f"PEM block '{label}' is not a key or certificate this app reads "
        "(expected PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY, PUBLIC KEY, "
        "RSA PUBLIC KEY, CERTIFICATE or OPENSSH PRIVATE KEY)."
    )
