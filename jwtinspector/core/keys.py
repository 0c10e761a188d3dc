"""Load, describe and export the keys that verify or sign tokens.

Keys arrive as PEM, DER, X.509 certificates, JWK/JWKS or plain HMAC secrets.
Every problem is raised as KeyMaterialError in words a user can act on;
exceptions from cryptography, PyJWT, json or base64 never escape.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import json
import os
import re
import string
from collections.abc import Iterator
from typing import Any, Literal

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from jwt.algorithms import ECAlgorithm, HMACAlgorithm, OKPAlgorithm, RSAAlgorithm
from jwt.exceptions import PyJWTError

from jwtinspector.core import algorithms
from jwtinspector.core.errors import KeyMaterialError
from jwtinspector.core.text import b64url_encode, quote

SecretEncoding = Literal["utf-8", "base64", "base64url"]

# What the libraries raise on malformed input; always converted to KeyMaterialError.
_LIBRARY_ERRORS = (
    ValueError,  # includes binascii.Error, json.JSONDecodeError and UnicodeError
    TypeError,
    LookupError,
    AttributeError,
    ArithmeticError,
    RecursionError,
    UnsupportedAlgorithm,
    PyJWTError,
)
_MAX_INPUT = 1_000_000  # real keys and JWKS are kilobytes: refuse absurd input early
_MAX_RSA_MEMBER = 4096  # base64url characters (~24k bits); bounds work on hostile JWKs

_ALGS_BY_KTY = {
    kty: algorithms.for_key_type(kty) for kty in ("oct", "RSA", "EC", "OKP")
}
_EC_ALGS = algorithms.EC_ALG_FOR_CURVE
_EC_CURVE_NAMES = {
    curve.openssl_name: curve.name for curve in algorithms.CURVES if curve.kty == "EC"
}
_CONVERTERS: dict[str, Any] = {
    "RSA": RSAAlgorithm,
    "EC": ECAlgorithm,
    "OKP": OKPAlgorithm,
}
# RFC 7638 §3.2 and RFC 8037 §2: the members a thumbprint is computed over.
_THUMBPRINT_MEMBERS = {
    "RSA": ("e", "kty", "n"),
    "EC": ("crv", "kty", "x", "y"),
    "OKP": ("crv", "kty", "x"),
    "oct": ("k", "kty"),
}
_MEMBER_ORDER = ("kty", "crv", "n", "e", "x", "y", "k", "d", "p", "q", "dp", "dq", "qi")
_PRIVATE_TYPES = (
    bytes,  # an HMAC secret both signs and verifies
    rsa.RSAPrivateKey,
    ec.EllipticCurvePrivateKey,
    ed25519.Ed25519PrivateKey,
    ed448.Ed448PrivateKey,
)
_SSH_PREFIXES = ("ssh-rsa ", "ssh-ed25519 ", "ssh-dss ", "ecdsa-sha2-")
_EXPECTED = (
    "Not a key: expected a PEM key or certificate ('-----BEGIN …'), "
    "a JWK or a JWKS (JSON). HMAC secrets are entered as secrets, not keys."
)
_CONFUSION = (
    "This looks like {what}, not an HMAC secret. Using a public key as an HMAC "
    "secret is the algorithm-confusion attack (RFC 8725 §2.1): anyone who has "
    "the public key could forge tokens. Load it as a key instead."
)


@dataclasses.dataclass(frozen=True)
class KeyMaterial:
    """One key, ready to verify and, when private or a secret, to sign."""

    kty: str
    key: Any = dataclasses.field(repr=False)  # keep secrets out of logs and tracebacks
    is_private: bool
    size: int
    curve: str | None
    kid: str | None
    alg: str | None
    use: str | None
    key_ops: tuple[str, ...] | None
    thumbprint: str
    source: str

    @property
    def can_sign(self) -> bool:
        return self.is_private

    @property
    def algorithms(self) -> tuple[str, ...]:
        """Algorithms this key fits, from the key itself (never from a token)."""
        family = _family(self.kty, self.curve)
        if self.alg is None:
            return family
        return (self.alg,) if self.alg in family else ()

    def describe(self) -> str:
        parts = [_kind_phrase(self)]
        if self.kid is not None:
            parts.append(f"kid {quote(self.kid)}")
        if self.use == "enc":  # an encryption key: its alg is a JWE one
            parts.append('use "enc": not for signatures')
        elif self.alg is not None and self.algorithms:
            parts.append(f"alg {self.alg}")
        elif self.alg is not None:
            parts.append(f"alg {quote(self.alg)} does not fit this key: unusable")
        if self.use is not None and self.use != "enc":
            parts.append(f"use {quote(self.use)}")
        parts.append(f"thumbprint {self.thumbprint[:8]}…")
        return " · ".join(parts)

    def verification_key(self) -> Any:
        """Bytes for a secret, else the public key (PyJWT fails on RSA private keys)."""
        if self.kty == "oct" or not self.is_private:
            return self.key
        return self.key.public_key()

    def signing_key(self) -> Any:
        if not self.is_private:
            kid = f" (kid {quote(self.kid)})" if self.kid is not None else ""
            raise KeyMaterialError(
                f"This {_short(self)}{kid} key is a public key: it can verify but "
                "not sign. Add the private key to sign."
            )
        return self.key


@dataclasses.dataclass(frozen=True)
class KeySet:
    """A JWKS: the keys that loaded, and why the others did not."""

    keys: tuple[KeyMaterial, ...]
    skipped: tuple[str, ...]

    def select(self, kid: str | None, alg: str) -> tuple[KeyMaterial, ...]:
        """Keys that may verify a token with this kid and alg (RFC 7517 §4.2-4.5).

        When the token names a kid and the set's keys have kids, only a key
        with that kid may verify it: a set without it does not hold the key
        (RFC 8725 §3.10). Without a kid, every key that fits is tried.
        """
        return tuple(key for key, reason in self._verdicts(kid, alg) if reason is None)

    def explain(self, kid: str | None, alg: str) -> tuple[str, ...]:
        """One line per key: 'kid "a" (RSA 2048): chosen' or 'kid "b": other kid'."""
        note = ""
        if kid is not None and not self._has_kid(kid):
            note = f" (no key has kid {quote(kid)})"
        lines = []
        for index, (key, reason) in enumerate(self._verdicts(kid, alg), 1):
            label = _label(key, index)
            if reason is None:
                lines.append(f"{label} ({_short(key)}): chosen{note}")
            else:
                lines.append(f"{label}: {reason}")
        return tuple(lines)

    def summary(self) -> tuple[str, ...]:
        """'3 keys', then one line per JWK that did not load."""
        return (_count(len(self.keys)), *(f"skipped {s}" for s in self.skipped))

    def no_match(self, kid: str | None, alg: str) -> str:
        """Why no key of the set may verify a token with this kid and alg."""
        if kid is not None and self._kid_decides(kid) and not self._has_kid(kid):
            kids = [quote(k.kid) for k in self.keys if k.kid is not None]
            kids = kids[:8] + (["…"] if len(kids) > 8 else [])
            return (
                f"No key in the set has kid {quote(kid)} (the set has kid "
                f"{', '.join(kids)}): "
                "the key that signed this token is not in this set, so it is "
                "not checked with another key."
            )
        which = f"kid {quote(kid)}, " if kid is not None else "no kid, "
        return f"No key in the set fits this token ({which}{alg})."

    def trace(
        self,
        kid: str | None,
        alg: str,
        *,
        chosen: KeyMaterial | None,
        status: str,
        message: str,
    ) -> tuple[str, ...]:
        """How the key was chosen, then the verdict, in the words of every trace.

        '3 keys', 'kid "abc" matches (RSA 2048, use sig, alg RS256)',
        'signature verified'; when no kid picked the key, every key's verdict.
        ``status`` is the SignatureStatus value ("valid", "invalid", …).
        """
        if chosen is not None and kid is not None and chosen.kid == kid:
            verdict = {
                "valid": "signature verified",
                "invalid": "signature invalid: it does not match",
            }.get(status, message)
            return (
                *self.summary(),
                f"kid {quote(kid)} matches ({summary(chosen)})",
                verdict,
            )
        lines = self.explain(kid, alg)
        if status == "valid" and chosen is not None:
            index = next((i for i, k in enumerate(self.keys, 1) if k is chosen), 0)
            verdict = f"signature verified with {_label(chosen, index)}"
        elif status == "invalid":
            tried = len(self.select(kid, alg))
            verdict = (
                "signature invalid: it does not match"
                if tried == 1
                else f"signature invalid: it matches none of the {tried} keys tried"
            )
        else:
            verdict = message
        return *self.summary(), *lines, verdict

    def _has_kid(self, kid: str) -> bool:
        return any(key.kid == kid for key in self.keys)

    def _kid_decides(self, kid: str | None) -> bool:
        """True when the token's kid selects keys: the set's keys have kids."""
        return kid is not None and any(key.kid is not None for key in self.keys)

    def _verdicts(
        self, kid: str | None, alg: str
    ) -> Iterator[tuple[KeyMaterial, str | None]]:
        by_kid = self._kid_decides(kid)
        for key in self.keys:
            if by_kid and key.kid is None:
                yield key, f"no kid (the token asks for kid {quote(str(kid))})"
            elif by_kid and key.kid != kid:
                yield key, "other kid"
            else:
                yield key, _rejection(key, alg)


def summary(key: KeyMaterial) -> str:
    """'RSA 2048, use sig, alg RS256': the key in a trace line."""
    parts = [_short(key)]
    if key.use is not None:
        parts.append(f"use {key.use}")
    if key.alg is not None:
        parts.append(f"alg {key.alg}")
    return ", ".join(parts)


def _label(key: KeyMaterial, index: int) -> str:
    return f"kid {quote(key.kid)}" if key.kid is not None else f"key {index}"


def _count(number: int) -> str:
    return "1 key" if number == 1 else f"{number} keys"


def _rejection(key: KeyMaterial, alg: str) -> str | None:
    """Why this key may not verify alg, or None when it may."""
    if key.use == "enc":
        return 'use "enc"'
    if alg not in _ALGS_BY_KTY.get(key.kty, ()):
        return f"kty {key.kty} does not fit {alg}"
    if alg not in _family(key.kty, key.curve):
        return f"{_short(key)} does not fit {alg}"
    if key.alg is not None and key.alg != alg:
        return f"alg {key.alg} ≠ {alg}"
    if key.key_ops is not None and "verify" not in key.key_ops:
        return f'key_ops {list(key.key_ops)} lack "verify"'
    return None


def _family(kty: str, curve: str | None) -> tuple[str, ...]:
    if kty == "EC":
        return (_EC_ALGS[curve],) if curve in _EC_ALGS else ()
    return _ALGS_BY_KTY.get(kty, ())


def _short(key: KeyMaterial) -> str:
    """'RSA 2048', 'EC P-256', 'Ed25519', 'HMAC 256'."""
    if key.kty == "oct":
        return f"HMAC {key.size}"
    if key.kty == "OKP":
        return f"{key.curve}"
    return f"{key.kty} {key.curve or key.size}"


def _kind_phrase(key: KeyMaterial) -> str:
    if key.kty == "oct":
        return f"HMAC secret, {key.size // 8} bytes ({key.size} bits)"
    half = "private" if key.is_private else "public"
    if key.kty == "RSA":
        return f"RSA {key.size}-bit {half} key"
    return f"{_short(key)} {half} key"


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


# --- building KeyMaterial -----------------------------------------------------


def key_material(
    obj: Any,
    *,
    source: str,
    kid: str | None = None,
    alg: str | None = None,
    use: str | None = None,
    key_ops: tuple[str, ...] | None = None,
) -> KeyMaterial:
    """Wrap secret bytes or a cryptography key object (unsupported types raise)."""
    kty, curve, size = _classify(obj)
    return KeyMaterial(
        kty=kty, key=obj, is_private=isinstance(obj, _PRIVATE_TYPES),
        size=size, curve=curve, kid=kid, alg=alg, use=use, key_ops=key_ops,
        thumbprint=_thumbprint(_jwk_members(kty, obj, private=False)), source=source,
    )  # fmt: skip


def _classify(obj: Any) -> tuple[str, str | None, int]:
    if isinstance(obj, bytes):
        return "oct", None, len(obj) * 8
    if isinstance(obj, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        return "RSA", None, obj.key_size
    if isinstance(obj, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        curve = _EC_CURVE_NAMES.get(obj.curve.name)
        if curve is None:
            raise KeyMaterialError(
                f"EC curve {obj.curve.name} is not used by JWS "
                "(supported: P-256, P-384, P-521, secp256k1)."
            )
        return "EC", curve, obj.curve.key_size
    if isinstance(obj, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey):
        return "OKP", "Ed25519", 256
    if isinstance(obj, ed448.Ed448PrivateKey | ed448.Ed448PublicKey):
        return "OKP", "Ed448", 456
    kind = re.sub(r"(Private|Public)Key$", "", type(obj).__name__) or "This"
    raise KeyMaterialError(
        f"{kind} keys are not supported: JWS signs with RSA, EC (P-256, P-384, "
        "P-521, secp256k1) or EdDSA (Ed25519, Ed448) keys."
    )


def _jwk_members(kty: str, obj: Any, *, private: bool) -> dict[str, Any]:
    """The key's own JWK members (no kid/use/alg), in a stable order."""
    if kty == "oct":
        members = HMACAlgorithm.to_jwk(obj, as_dict=True)
    else:
        public = isinstance(obj, _PRIVATE_TYPES) and not private
        members = _CONVERTERS[kty].to_jwk(obj.public_key() if public else obj, True)
    return {name: members[name] for name in _MEMBER_ORDER if name in members}


def _thumbprint(members: dict[str, Any]) -> str:
    """RFC 7638: SHA-256 over the required members, sorted, without whitespace."""
    required = {name: members[name] for name in _THUMBPRINT_MEMBERS[members["kty"]]}
    canonical = json.dumps(required, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode("utf-8")).digest()
    return b64url_encode(digest)


# --- secrets -----------------------------------------------------------------


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
    return key_material(secret, source=encoding)


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
    stripped = text.strip()
    what = None
    if "-----BEGIN" in text:
        what = "a PEM key or certificate"
    elif stripped.startswith(_SSH_PREFIXES):
        what = "an OpenSSH public key"
    elif _has_kty_member(stripped):
        what = "a JWK"
    if what is not None:
        raise KeyMaterialError(_CONFUSION.format(what=what))


def _has_kty_member(text: str) -> bool:
    if not text.startswith(("{", "[")):
        return False
    try:
        pending = [json.loads(text)]
    except (ValueError, RecursionError):
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


def _decode_base64_secret(text: str, encoding: str) -> bytes:
    """Strict alphabet check with 1-based positions; padding may be left out."""
    offset = len(text) - len(text.lstrip())
    body = text.strip()
    unpadded = body.rstrip("=")
    for index, char in enumerate(unpadded):
        if char not in _B64_ALPHABETS[encoding]:
            hint = ""
            if char in "-_+/":
                other = "base64url" if char in "-_" else "base64"
                hint = f" ('{char}' belongs to {other}: choose that encoding)"
            raise KeyMaterialError(
                f"{encoding} secret has an invalid character {char!r} "
                f"at position {offset + index + 1}{hint}"
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
        return base64.urlsafe_b64decode(padded)
    except binascii.Error as err:
        raise KeyMaterialError(
            f"{encoding} secret could not be decoded: {err}"
        ) from None


# --- keys --------------------------------------------------------------------


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
    except _LIBRARY_ERRORS:
        pass
    try:
        return serialization.load_der_public_key(data), "der"
    except _LIBRARY_ERRORS:
        pass
    try:
        return x509.load_der_x509_certificate(data).public_key(), "certificate"
    except _LIBRARY_ERRORS:
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
    if body.startswith(_SSH_PREFIXES):
        raise KeyMaterialError(
            "OpenSSH public key lines are not supported: convert it to PEM "
            "first, e.g. 'ssh-keygen -e -m PKCS8 -f key.pub'."
        )
    raise KeyMaterialError(_EXPECTED)


def _load_json(body: str) -> KeyMaterial | KeySet:
    try:
        obj = json.loads(body)
    except RecursionError:
        raise KeyMaterialError("The key JSON is nested too deeply.") from None
    except ValueError as err:
        raise KeyMaterialError(
            f"The key looks like JSON but is invalid: {err}"
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
    if kty != "oct" and kty not in _CONVERTERS:
        raise KeyMaterialError(
            f"unsupported kty {quote(kty)} (expected RSA, EC, OKP or oct)"
        )
    if kty == "RSA" and any(len(str(obj.get(m, ""))) > _MAX_RSA_MEMBER for m in "nde"):
        raise KeyMaterialError("RSA key is implausibly large")
    try:
        if kty == "oct":
            obj_key = HMACAlgorithm.from_jwk(obj)
        else:
            obj_key = _CONVERTERS[kty].from_jwk(obj)
    except _LIBRARY_ERRORS as err:
        raise KeyMaterialError(
            f"{kty} key members are invalid: {_reason(err)}"
        ) from None
    if kty == "oct" and _is_der_key_text(obj_key):
        raise KeyMaterialError(f"its k is {_DER_TEXT}, not a secret")
    return key_material(obj_key, source=source, **meta)


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
    except _LIBRARY_ERRORS as err:
        raise KeyMaterialError(
            f"PEM block '{label}' could not be read: {_reason(err)}"
        ) from None
    return key_material(obj, source=source)


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


# --- the key box: recognise what was pasted ------------------------------------

KeyInputMode = Literal["auto", "utf-8", "base64", "base64url", "key"]
KEY_INPUT_MODES: tuple[str, ...] = ("auto", "utf-8", "base64", "base64url", "key")
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
    if "-----BEGIN" in body or body.startswith(_SSH_PREFIXES):
        return True
    if not body.startswith("{"):
        return False
    if _has_kty_member(body):
        return True
    try:
        obj = json.loads(body)
    except (ValueError, RecursionError):
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
        return KeyInput(key, f"JWK set ({_count(len(key.keys))})", False)
    if key.kty == "oct":  # an oct JWK
        return KeyInput(key, f"secret (JWK, {key.size // 8} bytes)", True)
    kind = key_kind(key)
    if key.source == "certificate":
        return KeyInput(key, f"certificate ({kind})", False)
    if key.source == "jwk":
        return KeyInput(key, f"{kind} (JWK)", False)
    return KeyInput(key, kind, False)


def key_kind(key: KeyMaterial) -> str:
    """'RSA public key', 'EC P-256 private key', 'Ed25519 public key', 'secret'."""
    if key.kty == "oct":
        return "secret"
    half = "private" if key.is_private else "public"
    name = "RSA" if key.kty == "RSA" else _short(key)
    return f"{name} {half} key"


def is_signature_alg(alg: object) -> bool:
    """True for a JWS algorithm a key can be matched to (not none, not JWE)."""
    return algorithms.is_signature_algorithm(alg)


def fits_family(key: KeyMaterial | KeySet, alg: str) -> bool:
    """True when the key is of the kind the algorithm needs: HS* a secret,
    RS*/PS* RSA, ES* EC on the algorithm's curve, EdDSA an OKP key. A key
    set fits when one of its keys does. The key's own alg member is not
    asked: this is about keeping a key for the next token, not verifying."""
    if isinstance(key, KeySet):
        return any(fits_family(member, alg) for member in key.keys)
    return alg in _family(key.kty, key.curve)


# --- export ------------------------------------------------------------------


def public_of(key: KeyMaterial) -> KeyMaterial:
    """The public half, same kid and thumbprint; a secret has none, so itself."""
    if key.kty == "oct" or not key.is_private:
        return key
    return dataclasses.replace(key, key=key.key.public_key(), is_private=False)


def to_public_pem(key: KeyMaterial) -> str:
    if key.kty == "oct":
        raise KeyMaterialError("An HMAC secret has no public key to export as PEM.")
    pem = key.verification_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return str(pem.decode("ascii"))


def to_private_pem(key: KeyMaterial) -> str:
    """Unencrypted PKCS#8: the caller decides where it may be written."""
    if key.kty == "oct":
        raise KeyMaterialError("An HMAC secret cannot be exported as PEM; use a JWK.")
    if not key.is_private:
        raise KeyMaterialError(
            f"This {_short(key)} key is public: no private key to export."
        )
    pem = key.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return str(pem.decode("ascii"))


def to_jwk(key: KeyMaterial, *, private: bool = False) -> dict[str, Any]:
    """The key as a JWK dict with kid (the thumbprint if none), use and alg.

    A secret has no public half, so an oct key always exports "k", even with
    private=False: treat every oct JWK as secret. key_ops is not exported,
    because RFC 7517 §4.3 advises against combining it with "use".
    """
    if private and not key.is_private:
        raise KeyMaterialError(
            f"This {_short(key)} key is public: no private key to export."
        )
    jwk = _jwk_members(key.kty, key.key, private=private)
    jwk["kid"] = key.kid or key.thumbprint
    if key.use is not None or key.kty != "oct":
        jwk["use"] = key.use or "sig"
    if len(key.algorithms) == 1:
        jwk["alg"] = key.algorithms[0]
    return jwk
