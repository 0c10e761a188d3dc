"""Redaction rules for a shared report: what is kept, what is masked, and how.

Kept as they are, so the report still explains the problem: the header's
registered parameters (``alg``, ``kid``, ``typ``, ``jku``…), and the claims
that say who issued the token, for whom and when (``iss``, ``aud``, the time
claims) plus the technical ones that identify no person (:data:`KEPT_CLAIMS`).
Booleans and ``null`` are kept wherever they are: a single bit names no one.

Everything else is masked, keeping its shape: a string becomes
``‹redacted string, 10–19 chars›`` (an e-mail address or a URL says so), a
number ``‹redacted number›``; an array keeps its item count and an object its
member names, their values masked in turn. ``sub``, ``email``, the names,
``phone_number``, ``address``, identifiers such as ``jti``, ``sid`` and
``nonce``, and every custom claim are masked this way.

Pure Python, no Qt.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from jwtinspector.core.audit.context import PRIVATE_JWK_MEMBERS
from jwtinspector.core.numericdate import NUMERIC_DATE_CLAIMS

KEPT_CLAIMS = frozenset(
    {
        "iss",
        "aud",
        *NUMERIC_DATE_CLAIMS,
        "azp",
        "client_id",
        "scope",
        "scp",
        "acr",
        "amr",
        "at_hash",
        "c_hash",
        "s_hash",
        "token_use",
        "email_verified",
        "phone_number_verified",
        "cnf",
        "_sd_alg",
        "vct",
        "htm",
        "htu",
        "ath",
    }
)
"""Claims a redacted report keeps: issuer, audience, dates and technical
claims (hashes, scopes, the confirmation key) that identify no person."""

MASK_OPEN, MASK_CLOSE = "‹", "›"
"""Every mask is written between these marks, so it cannot pass for a value."""

_LENGTH_CLASSES = (1, 5, 10, 20, 40, 80, 160, 320)
_MAX_DEPTH = 20
_MAX_ITEMS = 200  # an array's items masked one by one; more are counted
MAX_PATHS = 200
"""At most this many redacted paths are listed; the rest are counted."""

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")


def length_class(length: int) -> str:
    """'empty', '1–4 chars', '10–19 chars' … '320 chars or more'."""
    if length <= 0:
        return "empty"
    for low, high in itertools.pairwise(_LENGTH_CLASSES):
        if low <= length < high:
            return f"{low}–{high - 1} chars"
    return f"{_LENGTH_CLASSES[-1]} chars or more"


def mask_string(text: str) -> str:
    """'‹redacted e-mail address, 10–19 chars›' and the like."""
    if _EMAIL.match(text):
        what = "e-mail address"
    elif _URL.match(text):
        what = "URL"
    else:
        what = "string"
    return f"{MASK_OPEN}redacted {what}, {length_class(len(text))}{MASK_CLOSE}"


NUMBER_MASK = f"{MASK_OPEN}redacted number{MASK_CLOSE}"


@dataclasses.dataclass(frozen=True)
class Redacted:
    """A JSON value with its identifying leaves masked.

    Attributes:
        value: The masked value (same shape; strings in place of the masked
            leaves).
        paths: Each masked leaf's path, e.g. "address.locality", "groups[0]".
        leaves: The masked leaves' original values (strings and numbers), to
            check that none is left in any text the report shows.
    """

    value: Any
    paths: tuple[str, ...]
    leaves: tuple[Any, ...] = dataclasses.field(repr=False)


def mask_value(value: Any, path: str) -> Redacted:
    """``value`` with every string and number masked (booleans and null kept)."""
    paths: list[str] = []
    leaves: list[Any] = []
    masked = _mask(value, path, paths, leaves, 0)
    return Redacted(masked, tuple(paths), tuple(leaves))


def _mask(
    value: Any, path: str, paths: list[str], leaves: list[Any], depth: int
) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        paths.append(path)
        leaves.append(value)
        return mask_string(value)
    if isinstance(value, int | float):
        paths.append(path)
        leaves.append(value)
        return NUMBER_MASK
    if depth >= _MAX_DEPTH:
        paths.append(path)
        _collect(value, leaves)
        kind = "object" if isinstance(value, Mapping) else "array"
        return f"{MASK_OPEN}redacted {kind}, nested too deep to show{MASK_CLOSE}"
    if isinstance(value, Mapping):
        return {
            str(name): _mask(
                item, member_path(path, str(name)), paths, leaves, depth + 1
            )
            for name, item in value.items()
        }
    if isinstance(value, list):
        shown = [
            _mask(item, f"{path}[{i}]", paths, leaves, depth + 1)
            for i, item in enumerate(value[:_MAX_ITEMS])
        ]
        more = len(value) - len(shown)
        if more > 0:
            paths.append(f"{path}[{_MAX_ITEMS}…]")
            _collect(value[_MAX_ITEMS:], leaves)
            shown.append(f"{MASK_OPEN}{more:,} more items redacted{MASK_CLOSE}")
        return shown
    paths.append(path)  # not JSON: never shown as it is
    return f"{MASK_OPEN}redacted value{MASK_CLOSE}"


def _collect(value: Any, leaves: list[Any]) -> None:
    """Every string and number inside ``value`` (iteratively: no depth limit)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str | int | float) and not isinstance(item, bool):
            leaves.append(item)


def member_path(parent: str, name: str) -> str:
    """'address.locality' (a name that is not a plain word is quoted)."""
    shown = name if re.fullmatch(r"[A-Za-z0-9_$-]+", name) else json.dumps(name)
    return f"{parent}.{shown}" if parent else shown


@dataclasses.dataclass(frozen=True)
class RedactedPart:
    """A header or claims set after redaction.

    Attributes:
        members: The members in the token's order, masked where redacted.
        redacted: The top-level names that were masked.
        paths: Every masked leaf's path.
        leaves: The masked original values (see :class:`Redacted`).
    """

    members: dict[str, Any]
    redacted: frozenset[str]
    paths: tuple[str, ...]
    leaves: tuple[Any, ...] = dataclasses.field(repr=False)


def redact_members(
    members: Mapping[str, Any], keep: Iterable[str] | frozenset[str]
) -> RedactedPart:
    """``members`` with every member not in ``keep`` masked."""
    kept = frozenset(keep)
    out: dict[str, Any] = {}
    names: set[str] = set()
    paths: list[str] = []
    leaves: list[Any] = []
    for name, value in members.items():
        if name in kept:
            before = len(paths)
            out[name] = _without_private_keys(
                value, member_path("", name), paths, leaves
            )
            if len(paths) > before:
                names.add(name)
            continue
        masked = mask_value(value, member_path("", name))
        out[name] = masked.value
        if masked.paths:
            names.add(name)
            paths.extend(masked.paths)
            leaves.extend(masked.leaves)
    return RedactedPart(out, frozenset(names), tuple(paths), tuple(leaves))


def _without_private_keys(
    value: Any, path: str, paths: list[str], leaves: list[Any], depth: int = 0
) -> Any:
    """A kept value with the private members of any JWK in it masked (a jwk
    header or a cnf claim that carries a private key by mistake)."""
    if depth > _MAX_DEPTH:
        return value
    if isinstance(value, list):
        return [
            _without_private_keys(item, f"{path}[{i}]", paths, leaves, depth + 1)
            for i, item in enumerate(value)
        ]
    if not isinstance(value, Mapping):
        return value
    is_jwk = "kty" in value
    out = {}
    for name, item in value.items():
        inner = member_path(path, str(name))
        if is_jwk and name in PRIVATE_JWK_MEMBERS:
            out[str(name)] = _mask(item, inner, paths, leaves, 0)
        else:
            out[str(name)] = _without_private_keys(
                item, inner, paths, leaves, depth + 1
            )
    return out


_NEEDLE_MIN = 4  # shorter values ("ab", 42) are too common to scrub from prose
_PREFIX = 24  # a long value may be quoted cut short: its start is scrubbed too
SCRUBBED = f"{MASK_OPEN}redacted{MASK_CLOSE}"
_PLAIN = re.compile(r"[ !#-\[\]-~]*")  # printable ASCII without " or \\


def needles(values: Iterable[Any]) -> tuple[str, ...]:
    """The texts under which ``values`` could appear in a sentence: each as
    written, as JSON writes it inside quotes, and the start of a long one;
    longest first."""
    found: set[str] = set()
    for value in values:
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, str):
            forms = {value}
            if not _PLAIN.fullmatch(value):  # JSON writes it otherwise
                forms.add(json.dumps(value, ensure_ascii=False)[1:-1])
                forms.add(json.dumps(value)[1:-1])
        else:
            forms = {repr(value) if isinstance(value, float) else str(value)}
        for form in forms:
            if len(form) >= _NEEDLE_MIN:
                found.add(form)
            if len(form) > _PREFIX:
                found.add(form[:_PREFIX])
    return tuple(sorted(found, key=len, reverse=True))


def scrub(text: str, hidden: tuple[str, ...], mask: str = SCRUBBED) -> str:
    """``text`` with every needle in ``hidden`` replaced by ``mask``."""
    for needle in hidden:
        if needle in text:
            text = text.replace(needle, mask)
    return text
