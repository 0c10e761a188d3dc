"""Decrypt a JWE with the user's keys or password: every serialization,
every recipient, and the nested token inside.

The recipients are handled here, one at a time, with joserfc's algorithm
objects: joserfc's own JSON decryption needs a protected header (RFC 7520
§5.12 has none) and one key for all recipients (§5.13 has three algorithms).
"""

from __future__ import annotations

import dataclasses
import json
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

from jwtinspector.core import algorithms
from jwtinspector.core.errors import (
    DecryptionError,
    Problem,
    TokenFormatError,
)
from jwtinspector.core.jwe import engine
from jwtinspector.core.jwe.message import JweMessage, parse_jwe
from jwtinspector.core.limits import DEFAULT_MAX_SIZE
from jwtinspector.core.text import quote

MAX_P2C = 1_000_000
"""The largest PBES2 ``p2c`` (PBKDF2 iterations) tried, and the budget for
all recipients of one JWE together. OWASP (2023) asks for 600,000 with
HMAC-SHA-256 and 210,000 with SHA-512, so real tokens stay below it; at the
cap PBKDF2 took 0.24 s (SHA-256) and 0.77 s (SHA-512) on one core of the
test machine. joserfc's own cap, 300,000, would refuse tokens made by OWASP's
advice. A higher ``p2c`` is refused before any work, with a message."""

MAX_PLAINTEXT = DEFAULT_MAX_SIZE
"""The largest plaintext ``zip: DEF`` may inflate to: the 1 MiB input limit,
on purpose (a token's content is never bigger than a token may be).
Decompression stops there, so a zip bomb costs at most 1 MiB of output."""

MIN_P2C = 1000  # RFC 7518 §4.8.1.2: "A minimum iteration count of 1000"

RSA1_5_WARNING = (
    "RSA1_5 (RSAES-PKCS1-v1_5) key encryption is open to a padding oracle "
    "(RFC 8725 §3.2, Bleichenbacher's attack): a server that decrypts it can "
    "leak the content key. Use RSA-OAEP-256."
)


@dataclasses.dataclass(frozen=True)
class Decrypted:
    """A decrypted JWE.

    Attributes:
        serialization: "compact", "flattened JSON" or "general JSON".
        protected: The protected header ({} when there is none).
        unprotected: The shared unprotected header (JSON forms), or None.
        recipient_header: The per-recipient header of the recipient used.
        recipient: Which recipient was decrypted (0-based).
        recipients: How many recipients the JWE has.
        header: The JOSE header of that recipient (the three merged).
        alg: The key management algorithm used.
        enc: The content encryption algorithm.
        key: The key that decrypted it (None when a password did).
        plaintext: The decrypted (and decompressed) content.
        aad: The JWE AAD (JSON forms), or None.
        is_json: Whether the plaintext is UTF-8 JSON.
        payload: The plaintext's JSON value when ``is_json``, else None.
        nested: The token inside, when ``cty`` is JWT or the plaintext is a
            compact token, else None.
        warnings: Plain-words warnings (RSA1_5, compression, low p2c).
    """

    serialization: str
    protected: dict[str, Any]
    unprotected: dict[str, Any] | None
    recipient_header: dict[str, Any] | None
    recipient: int
    recipients: int
    header: dict[str, Any]
    alg: str
    enc: str
    key: Any = dataclasses.field(repr=False)
    plaintext: bytes = dataclasses.field(repr=False)
    aad: bytes | None
    is_json: bool
    payload: Any = dataclasses.field(repr=False)
    nested: Any
    warnings: tuple[str, ...]

    @property
    def text(self) -> str | None:
        """The plaintext as UTF-8 text, or None when it is not text."""
        try:
            return self.plaintext.decode("utf-8")
        except UnicodeDecodeError:
            return None


@dataclasses.dataclass(frozen=True)
class _Attempt:
    """One key (or password) to try on one recipient."""

    index: int
    alg: str
    label: str
    key: Any  # KeyMaterial, or None for a password
    secret: Any  # what joserfc gets: a key object, or password bytes


@dataclasses.dataclass(frozen=True)
class _Failure:
    attempt: _Attempt
    stage: str  # "unwrap" or "content"
    reason: str


def decrypt(
    token: str | Mapping[str, Any],
    keys: Any = None,
    *,
    password: str | bytes | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
) -> Decrypted:
    """Decrypt a JWE (compact, flattened or general JSON serialization).

    Args:
        token: The JWE's text, or its JSON serialization already parsed.
        keys: A KeyMaterial, a KeySet, a list of them, or None.
        password: The password for PBES2 (a secret key also serves as one).
        max_size: The input limit in characters.

    Raises:
        TokenFormatError: When it is not a well-formed JWE.
        DecryptionError: When no key decrypts it, it was changed, or it uses
            something unsupported or refused (see its ``kind``).
    """
    text = json.dumps(token) if isinstance(token, Mapping) else token
    message = parse_jwe(text, max_size=max_size)
    enc_name = _enc_name(message)
    enc = engine.enc_model(enc_name)
    zip_name = _zip_name(message)
    _check_crit(message)
    _check_iv(message, enc_name)
    attempts, reasons = _attempts(message, _key_list(keys), password)
    if not attempts:
        raise _nothing_to_try(message, keys, password, reasons)
    failures: list[_Failure] = []
    spent = [0]
    for attempt in attempts:
        outcome = _try(message, attempt, enc, spent)
        if isinstance(outcome, _Failure):
            failures.append(outcome)
            continue
        return _result(message, attempt, enc_name, _inflate(outcome, zip_name))
    raise _failed(failures)


def _key_list(keys: Any) -> list[Any]:
    if keys is None:
        return []
    if hasattr(keys, "keys") and hasattr(keys, "skipped"):  # a KeySet
        return list(keys.keys)
    if isinstance(keys, Iterable) and not isinstance(keys, str | bytes):
        found: list[Any] = []
        for item in keys:
            found.extend(_key_list(item))
        return found
    return [keys]


def _enc_name(message: JweMessage) -> str:
    names = {str(message.header(i).get("enc")) for i in range(len(message.recipients))}
    if len(names) > 1:
        raise TokenFormatError(
            f"the recipients name different enc values ({', '.join(sorted(names))})",
            segment="header",
        )
    name = names.pop()
    if "enc" not in message.header(0):
        raise TokenFormatError(
            'the header has no "enc" (content encryption algorithm)',
            segment="header",
        )
    return name


def _zip_name(message: JweMessage) -> str | None:
    for index in range(len(message.recipients)):
        if "zip" in message.header(index) and "zip" not in message.protected:
            raise TokenFormatError(
                '"zip" must be in the protected header (RFC 7516 §4.1.3)',
                segment="header",
            )
    value = message.protected.get("zip")
    if value is not None and value != algorithms.JWE_ZIP:
        raise DecryptionError(
            f"zip {quote(str(value))} is not supported (only DEF, DEFLATE)",
            kind=DecryptionError.UNSUPPORTED,
        )
    return value


def _check_crit(message: JweMessage) -> None:
    for index in range(len(message.recipients)):
        crit = message.header(index).get("crit")
        if crit is None:
            continue
        if "crit" not in message.protected:
            raise TokenFormatError(
                '"crit" must be in the protected header (RFC 7515 §4.1.11)',
                segment="header",
            )
        names = crit if isinstance(crit, list) else [crit]
        raise DecryptionError(
            f"crit lists {', '.join(quote(str(n)) for n in names)}: extensions "
            "this tool does not implement, so it must not decrypt it "
            "(RFC 7516 §4.1.13)",
            kind=DecryptionError.UNSUPPORTED,
        )


def _check_iv(message: JweMessage, enc_name: str) -> None:
    fact = algorithms.jwe_encryption(enc_name)
    if fact is not None and len(message.iv) != fact.iv_bytes:
        raise TokenFormatError(
            f"the IV is {len(message.iv)} bytes; {enc_name} uses {fact.iv_bytes}",
            kind=Problem.FORMAT,
            segment="iv",
        )


def _attempts(
    message: JweMessage, keys: list[Any], password: str | bytes | None
) -> tuple[list[_Attempt], list[str]]:
    """What to try on which recipient, and why the other keys were not tried."""
    attempts: list[_Attempt] = []
    reasons: list[str] = []
    many = len(message.recipients) > 1
    for index in range(len(message.recipients)):
        header = message.header(index)
        alg = header.get("alg")
        where = f"recipient {index + 1}: " if many else ""
        if not isinstance(alg, str):
            raise TokenFormatError(
                f'{where}the header has no "alg" (key management algorithm)',
                segment="header",
            )
        fact = algorithms.jwe_algorithm(alg)
        if fact is None:
            reasons.append(f"{where}alg {quote(alg)} is not supported")
            continue
        if fact.mode == algorithms.PASSWORD:
            attempts.extend(_password_attempts(index, alg, keys, password))
            continue
        for key, reason in _fitting(keys, fact, header.get("kid")):
            if reason is not None:
                reasons.append(f"{where}{reason}")
            else:
                label = "the key given"
                if key.kid is not None:
                    label = f"kid {quote(key.kid)}"
                attempts.append(_Attempt(index, alg, label, key, None))
    return attempts, reasons


def _password_attempts(
    index: int, alg: str, keys: list[Any], password: str | bytes | None
) -> list[_Attempt]:
    found = []
    if password is not None:
        raw = password.encode("utf-8") if isinstance(password, str) else password
        found.append(_Attempt(index, alg, "the password", None, raw))
    for key in keys:  # a secret typed in the key box serves as the password
        if key.kty == "oct":
            found.append(_Attempt(index, alg, "the secret as password", key, key.key))
    return found


def _fitting(
    keys: list[Any], fact: algorithms.JweAlgorithm, kid: Any
) -> Iterable[tuple[Any, str | None]]:
    """Each key with None when it may decrypt this recipient, else why not."""
    from jwtinspector.core.keys.material import key_kind

    by_kid = isinstance(kid, str) and any(k.kid is not None for k in keys)
    curves = dict(algorithms.ECDH_CURVES)
    for key in keys:
        name = key_kind(key)
        if by_kid and key.kid != kid:
            yield key, f"{name}: kid {quote(str(key.kid))} is not {quote(kid)}"
        elif key.kty not in fact.kty:
            yield key, f"a {name} does not decrypt {fact.name}"
        elif key.kty != "oct" and not key.is_private:
            yield key, f"the {name} cannot decrypt: the private key is needed"
        elif key.kty in ("EC", "OKP") and key.curve not in curves:
            yield key, f"{key.curve} keys do not agree keys (ECDH-ES)"
        elif fact.key_bytes and key.kty == "oct" and key.size // 8 != fact.key_bytes:
            yield (
                key,
                f"{fact.name} needs a {fact.key_bytes}-byte key; the secret is "
                f"{key.size // 8} bytes",
            )
        else:
            yield key, None


def _try(
    message: JweMessage, attempt: _Attempt, enc: Any, spent: list[int]
) -> bytes | _Failure:
    """The plaintext (still compressed), or why this attempt failed."""
    try:
        cek = _unwrap(message, attempt, enc, spent)
    except DecryptionError:
        raise
    except engine.library_errors() as exc:
        return _Failure(attempt, "unwrap", _reason(exc))
    fact = algorithms.jwe_encryption(enc.name)
    if fact is not None and len(cek) != fact.key_bytes:
        return _Failure(attempt, "content", "the content key has the wrong length")
    try:
        return bytes(
            enc.decrypt(
                message.ciphertext,
                message.tag,
                cek,
                message.iv,
                message.authenticated_data,
            )
        )
    except engine.library_errors() as exc:
        return _Failure(attempt, "content", _reason(exc, _TAG_FAILED))


def _unwrap(
    message: JweMessage, attempt: _Attempt, enc: Any, spent: list[int]
) -> bytes:
    from joserfc.jwa import JWEDirectEncryption, JWEKeyAgreement
    from joserfc.jwe import FlattenedJSONEncryption, Recipient

    alg = engine.alg_model(attempt.alg)
    header = message.header(attempt.index)
    if attempt.key is not None and attempt.secret is None:
        secret = engine.joserfc_key(attempt.key.kty, attempt.key.key)
    else:
        secret = engine.joserfc_key("oct", attempt.secret)
        _check_p2c(header, spent)
    if "epk" in header:
        _check_epk(header["epk"], attempt.key)
    parent = FlattenedJSONEncryption(
        dict(message.protected), None, dict(message.unprotected or {}) or None
    )
    own = message.recipients[attempt.index]
    recipient: Any = Recipient(parent, dict(own.header or {}) or None, secret)
    recipient.encrypted_key = own.encrypted_key
    if alg.direct_mode:
        if own.encrypted_key:
            raise ValueError(f"{attempt.alg} must have an empty encrypted key")
        if isinstance(alg, JWEKeyAgreement):
            return bytes(alg.decrypt_agreed_upon_key(enc, recipient))
        assert isinstance(alg, JWEDirectEncryption)
        return bytes(alg.compute_cek(enc.cek_size, recipient))
    if isinstance(alg, JWEKeyAgreement):
        agreed = alg.decrypt_agreed_upon_key(enc, recipient)
        return bytes(alg.unwrap_cek_with_auk(own.encrypted_key, agreed))
    return bytes(alg.decrypt_cek(recipient))


def _check_p2c(header: dict[str, Any], spent: list[int]) -> None:
    count = header.get("p2c")
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise TokenFormatError(
            '"p2c" (PBES2 iteration count) must be a positive integer',
            segment="header",
        )
    if not isinstance(header.get("p2s"), str):
        raise TokenFormatError('"p2s" (PBES2 salt) is missing', segment="header")
    if count > MAX_P2C or spent[0] + count > MAX_P2C:
        raise DecryptionError(
            f"p2c is {count:,}: over {MAX_P2C:,} PBKDF2 iterations are refused "
            "(a huge p2c makes decryption hang: a denial of service)",
            kind=DecryptionError.LIMIT,
        )
    spent[0] += count


def _check_epk(epk: Any, key: Any) -> None:
    if not isinstance(epk, dict) or not isinstance(epk.get("crv"), str):
        raise TokenFormatError('"epk" must be a JWK with a "crv"', segment="header")
    if key is not None and epk["crv"] != key.curve:
        raise ValueError(f"the epk is on {epk['crv']}, the key on {key.curve}")
    try:
        engine.joserfc_key(str(epk.get("kty")), epk)
    except engine.library_errors() as exc:
        raise DecryptionError(
            f"the ephemeral public key (epk) is not a valid {epk['crv']} public "
            f"key ({_reason(exc)}): an invalid-curve attack, or a changed header",
            kind=DecryptionError.TAMPERED,
        ) from None


def _inflate(data: bytes, zip_name: str | None) -> bytes:
    if zip_name is None:
        return data
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, MAX_PLAINTEXT + 1)
    except zlib.error as exc:
        raise DecryptionError(
            f"the content is not valid DEFLATE data (zip DEF): {exc}",
            kind=DecryptionError.TAMPERED,
        ) from None
    if len(out) <= MAX_PLAINTEXT and not inflater.eof:
        raise DecryptionError(
            "the compressed content (zip DEF) is cut short: its DEFLATE data "
            "does not end",
            kind=DecryptionError.TAMPERED,
        )
    if len(out) > MAX_PLAINTEXT or inflater.unconsumed_tail:
        raise DecryptionError(
            f"the compressed content (zip DEF) inflates to over "
            f"{MAX_PLAINTEXT:,} bytes: refused (a zip bomb)",
            kind=DecryptionError.LIMIT,
        )
    return out


def _result(
    message: JweMessage, attempt: _Attempt, enc: str, plain: bytes
) -> Decrypted:
    from jwtinspector.core.jwe.nested import nested_token, plaintext_json

    header = message.header(attempt.index)
    warnings: list[str] = []
    if attempt.alg == "RSA1_5":
        warnings.append(RSA1_5_WARNING)
    count = header.get("p2c")
    if isinstance(count, int) and count < MIN_P2C and "p2s" in header:
        warnings.append(
            f"p2c is {count}: under the {MIN_P2C:,} PBKDF2 iterations RFC 7518 "
            "§4.8.1.2 asks for, so the password is easier to guess"
        )
    used = attempt.key
    if used is not None and used.use is not None and used.use != "enc":
        warnings.append(
            f'the key that decrypted it has use {quote(used.use)}, not "enc": '
            "one key should not both sign and encrypt (RFC 7517 §4.2)"
        )
    if "zip" in message.protected:
        warnings.append(
            "the content was compressed before encryption (zip): the "
            "ciphertext's length can reveal it (RFC 8725 §3.6)"
        )
    is_json, payload, notes = plaintext_json(plain)
    warnings.extend(notes)
    nested, note = nested_token(header.get("cty"), plain)
    if note:
        warnings.append(note)
    return Decrypted(
        serialization=message.serialization,
        protected=message.protected,
        unprotected=message.unprotected,
        recipient_header=message.recipients[attempt.index].header,
        recipient=attempt.index,
        recipients=len(message.recipients),
        header=header,
        alg=attempt.alg,
        enc=enc,
        key=attempt.key,
        plaintext=plain,
        aad=message.aad,
        is_json=is_json,
        payload=payload,
        nested=nested,
        warnings=tuple(warnings),
    )


# Key management whose unwrapping checks the key: a content failure after it
# means the content, not the key, is wrong.
_CHECKED_UNWRAP = (
    algorithms.KEY_WRAPPING,
    algorithms.KEY_AGREEMENT_WRAP,
    algorithms.PASSWORD,
)


def _failed(failures: list[_Failure]) -> DecryptionError:
    for failure in failures:
        fact = algorithms.jwe_algorithm(failure.attempt.alg)
        checked = fact is not None and (
            fact.mode in _CHECKED_UNWRAP or failure.attempt.alg.startswith("RSA-OAEP")
        )
        if failure.stage == "content" and checked:
            return DecryptionError(
                "the integrity check failed: the ciphertext, tag, AAD or "
                "protected header was changed (the key opened the content key, "
                "then the authentication tag did not match)",
                kind=DecryptionError.TAMPERED,
            )
    if any(failure.stage == "content" for failure in failures):
        alg = next(f.attempt.alg for f in failures if f.stage == "content")
        return DecryptionError(
            "the key does not decrypt it, or it was changed: the integrity check "
            f"failed, and with alg {alg} a wrong key and a changed ciphertext, "
            "tag, AAD or protected header look the same",
            kind=DecryptionError.WRONG_KEY,
        )
    lines = [_describe(failure) for failure in failures[:4]]
    more = f" (and {len(failures) - 4} more)" if len(failures) > 4 else ""
    return DecryptionError(
        f"the key does not decrypt it: {'; '.join(lines)}{more}",
        kind=DecryptionError.WRONG_KEY,
    )


def _describe(failure: _Failure) -> str:
    attempt = failure.attempt
    where = f"recipient {attempt.index + 1} ({attempt.alg})"
    return f"{attempt.label} on {where}: {failure.reason}"


def _nothing_to_try(
    message: JweMessage, keys: Any, password: Any, reasons: list[str]
) -> DecryptionError:
    algs = sorted(
        {str(message.header(i).get("alg")) for i in range(len(message.recipients))}
    )
    if all(algorithms.jwe_algorithm(a) is None for a in algs):
        return DecryptionError(
            f"the key management algorithm {', '.join(quote(a) for a in algs)} is "
            f"not supported (supported: {', '.join(algorithms.JWE_KEY_ALGORITHMS)})",
            kind=DecryptionError.UNSUPPORTED,
        )
    if not _key_list(keys) and password is None:
        return DecryptionError(
            f"no key: this JWE (alg {', '.join(algs)}) needs {_needed(algs)}",
            kind=DecryptionError.NO_KEY,
        )
    return DecryptionError(
        f"the key does not decrypt it: {'; '.join(reasons[:4]) or 'no key fits'}",
        kind=DecryptionError.WRONG_KEY,
    )


def _needed(algs: list[str]) -> str:
    needs = []
    for name in algs:
        fact = algorithms.jwe_algorithm(name)
        if fact is None:
            continue
        if fact.mode == algorithms.PASSWORD:
            needs.append("a password")
        elif fact.kty == ("oct",):
            size = f"{fact.key_bytes}-byte " if fact.key_bytes else ""
            needs.append(f"a {size}secret key")
        elif fact.kty == ("RSA",):
            needs.append("an RSA private key")
        else:
            needs.append("an EC (P-256/384/521) or X25519/X448 private key")
    return " or ".join(dict.fromkeys(needs))


_UNWRAP_FAILED = "the encrypted key does not unwrap with this key"
_TAG_FAILED = "the authentication tag does not match"


def _reason(exc: BaseException, default: str = _UNWRAP_FAILED) -> str:
    """A library's error in a few words; ``default`` when it says nothing."""
    description = getattr(exc, "description", None)
    text = str(description if description is not None else exc).strip()
    words = {
        "Unwrap AES key failed": _UNWRAP_FAILED,
        "tag does not match": _TAG_FAILED,
        "Encryption/decryption failed.": "RSA decryption failed",
        "Decryption failed": "RSA decryption failed",
    }
    return words.get(text, text)[:200] or default
