"""The token history's entries and its file format (pure Python, no Qt).

An entry holds what the user chose to keep of a token: its text, a label, the
verdict when it was kept, its expiry and the time it was kept, plus the
header and claim values it is searched by (alg, kid, iss, sub). It never
holds a secret or a key: ``keychain`` only says that the user let the
system keychain remember the key box's text for it (models.keychain).
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

FORMAT = "jwtinspector token history"
VERSION = 1
MAX_ENTRIES = 1000
"""Entries kept at most: the history is a list to search by eye, not an archive."""
MAX_TOKEN_CHARS = 64 * 1024
"""A longer input is not kept (a history of a thousand such is 64 MB)."""
MAX_FILE_BYTES = 80 * 1024 * 1024
"""A history file larger than this is not read (it was not written by the app)."""
_MAX_FIELD = 200  # a label, iss or sub longer than this is cut

_SEARCHED = ("label", "iss", "sub", "kid", "alg")
"""The fields a search looks in; ``iss:value`` looks in one of them."""


class HistoryFileError(ValueError):
    """The history file cannot be read: the message says why, in plain words."""


@dataclasses.dataclass(frozen=True)
class SavedToken:
    """One kept token.

    Attributes:
        id: A random name for the entry (and its keychain item).
        token: The text as it was in the token box.
        label: The user's name for it.
        verdict: The verdict in a few words when it was kept.
        role: "good", "bad" or "warn" (the verdict's colour).
        saved: When it was kept (epoch seconds).
        expires: Its exp (epoch seconds), None without one.
        alg, kid, iss, sub: Read from the token when it was kept ("" if none).
        keychain: The system keychain holds the key box's text for it.
    """

    id: str
    token: str
    label: str
    verdict: str
    role: str
    saved: float
    expires: float | None = None
    alg: str = ""
    kid: str = ""
    iss: str = ""
    sub: str = ""
    keychain: bool = False

    def expired(self, now: float) -> bool:
        """True once its exp has passed."""
        return self.expires is not None and self.expires <= now

    def matches(self, query: str) -> bool:
        """Every word of ``query`` is in the label, iss, sub, kid or alg
        (case-insensitive); ``iss:acme`` looks in the issuer only."""
        for word in query.casefold().split():
            field, _, value = word.partition(":")
            if value and field in _SEARCHED:
                if value not in str(getattr(self, field)).casefold():
                    return False
            elif not any(word in str(getattr(self, f)).casefold() for f in _SEARCHED):
                return False
        return True


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return " ".join(text.split())[:_MAX_FIELD]


def verdict_words(report: Any) -> tuple[str, str]:
    """The verdict of a VerificationReport in a few words, and its role."""
    signature = getattr(report, "signature", None)
    if signature is None:
        return "not verified", "warn"
    status = signature.status.value
    if status == "valid":
        failed = [check.claim for check in report.problems]
        if failed:
            return f"verified; fails {', '.join(failed)}", "warn"
        return "verified", "good"
    if status == "invalid":
        return "invalid signature", "bad"
    if status == "not_checked":
        return "not checked (no key)", "warn"
    return "signature cannot be checked", "warn"


def suggested_label(token: Any, now_text: str) -> str:
    """A first label: the subject and issuer, else the algorithm, and the time."""
    claims = getattr(token, "claims", None) or {}
    parts = [_text(claims.get("sub")), _text(claims.get("iss"))]
    named = " @ ".join(part for part in parts if part)
    if not named:
        named = _text(getattr(token, "alg", None)) or "token"
    return f"{named} · {now_text}"[:_MAX_FIELD]


def make_entry(
    entry_id: str,
    text: str,
    token: Any,
    report: Any,
    *,
    label: str,
    saved: float,
    keychain: bool = False,
) -> SavedToken:
    """An entry for ``text`` (its decoded token and report, as shown)."""
    header = getattr(token, "header", None) or {}
    claims = getattr(token, "claims", None) or {}
    exp = claims.get("exp") if isinstance(claims, Mapping) else None
    expires = _number(exp)
    verdict, role = verdict_words(report)
    return SavedToken(
        id=entry_id,
        token=text,
        label=_text(label) or "token",
        verdict=verdict,
        role=role,
        saved=saved,
        expires=expires,
        alg=_text(header.get("alg")) if isinstance(header, Mapping) else "",
        kid=_text(header.get("kid")) if isinstance(header, Mapping) else "",
        iss=_text(claims.get("iss")) if isinstance(claims, Mapping) else "",
        sub=_text(claims.get("sub")) if isinstance(claims, Mapping) else "",
        keychain=keychain,
    )


def secret_inside(text: str, secrets: Iterable[str] = ()) -> str:
    """Why ``text`` must not be kept: it holds a private key, a private JWK,
    or one of ``secrets`` (the key box's text) ("" when it holds none)."""
    if "PRIVATE KEY" in text:
        return "The token box also holds a private key (PEM)"
    if '"kty"' in text and '"d"' in text:
        return "The token box also holds what looks like a private JWK"
    for secret in secrets:
        secret = secret.strip()
        if len(secret) >= 8 and secret in text:
            return "The token box also holds the key box's secret or key"
    return ""


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def dumps(entries: Iterable[SavedToken]) -> str:
    """The history file's text."""
    return json.dumps(
        {
            "format": FORMAT,
            "version": VERSION,
            "entries": [dataclasses.asdict(entry) for entry in entries],
        },
        indent=1,
        ensure_ascii=True,  # any text, even a lone surrogate, writes as ASCII
    )


_FIELDS = {field.name: field for field in dataclasses.fields(SavedToken)}
_TEXT_FIELDS = ("id", "token", "label", "verdict", "role", "alg", "kid", "iss", "sub")


def loads(text: str) -> tuple[SavedToken, ...]:
    """The entries of a history file; HistoryFileError says what is wrong."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise HistoryFileError(f"it is not JSON ({_first_line(exc)})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise HistoryFileError("it is not a JWT Inspector token history")
    if data.get("version") != VERSION:
        raise HistoryFileError(
            f"it is version {data.get('version')!r}, this app reads {VERSION}"
        )
    items = data.get("entries")
    if not isinstance(items, list):
        raise HistoryFileError("its entries are not a list")
    entries = tuple(_entry(item, number) for number, item in enumerate(items, 1))
    if len({entry.id for entry in entries}) != len(entries):
        raise HistoryFileError("two entries have the same id")
    return entries


def _entry(item: Any, number: int) -> SavedToken:
    if not isinstance(item, dict) or set(item) - set(_FIELDS):
        raise HistoryFileError(f"entry {number} is not an entry")
    for name in _TEXT_FIELDS:
        if not isinstance(item.get(name, ""), str):
            raise HistoryFileError(f"entry {number}'s {name} is not text")
    saved = _number(item.get("saved"))
    expires = item.get("expires")
    if (
        not item.get("id")
        or not item.get("token")
        or saved is None
        or (expires is not None and _number(expires) is None)
        or not isinstance(item.get("keychain", False), bool)
    ):
        raise HistoryFileError(f"entry {number} is incomplete")
    defaults = {"label": "token", "verdict": "", "role": "warn"}
    return SavedToken(
        **{**defaults, **item, "saved": saved, "expires": _number(expires)}
    )


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]
