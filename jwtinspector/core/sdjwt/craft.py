"""Make an SD-JWT from a claims set, and present it (RFC 9901 §4, §6).

Chosen claims, top-level or nested (``address.region``) and array elements
(``nationalities[0]``), become selectively disclosable with fresh 128-bit
salts from :mod:`secrets`; decoy digests may be added; the issuer JWT is
signed with the engine's signer (:mod:`jwtinspector.core.sign`). A
presentation keeps the chosen disclosures and may end with a Key Binding JWT
signed with the holder's key.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from jwtinspector.core.algorithms import SD_DEFAULT_HASH, sd_hash
from jwtinspector.core.errors import SigningError
from jwtinspector.core.keys import KeyMaterial
from jwtinspector.core.sdjwt.keybinding import KB_TYP
from jwtinspector.core.sdjwt.parse import (
    ARRAY_DIGEST,
    RESERVED_NAMES,
    SD,
    SD_ALG,
    Disclosure,
    SdJwt,
    digest_of,
    parse_sd_jwt,
)
from jwtinspector.core.sign import sign_token
from jwtinspector.core.text import b64url_encode

SALT_BYTES = 16
"""128 bits of salt (RFC 9901 §9.3)."""
_STEP = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


@dataclasses.dataclass(frozen=True)
class IssuedSdJwt:
    """An SD-JWT as issued: the compact text and its disclosures.

    Attributes:
        text: ``<issuer JWT>~<disclosure>~…~`` (every disclosure).
        issuer_jwt: The signed issuer JWT alone.
        disclosures: (path, disclosure text) in the order issued.
    """

    text: str
    issuer_jwt: str
    disclosures: tuple[tuple[str, str], ...]


def _salt() -> str:
    return b64url_encode(secrets.token_bytes(SALT_BYTES))


def encode_disclosure(salt: str, name: str | None, value: Any) -> str:
    """The base64url disclosure ``[salt, name, value]`` (``[salt, value]`` for an
    array element), its JSON written as RFC 9901's examples write it."""
    items = [salt, value] if name is None else [salt, name, value]
    return b64url_encode(json.dumps(items, ensure_ascii=False).encode("utf-8"))


def parse_path(path: str) -> tuple[str | int, ...]:
    """``address.region`` → ("address", "region"); ``nationalities[1]`` →
    ("nationalities", 1).

    Raises:
        SigningError: If the path is empty or malformed.
    """
    steps: list[str | int] = []
    position = 0
    for m in _STEP.finditer(path):
        if m.start() != position:
            break
        steps.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
        position = m.end()
    if not steps or position != len(path) or isinstance(steps[0], int):
        raise SigningError(
            f"{path!r} is not a claim path: write name, name.member or name[index]"
        )
    return tuple(steps)


def make_sd_jwt(
    header: Mapping[str, Any],
    claims: Mapping[str, Any],
    key: KeyMaterial | None,
    *,
    disclosable: Iterable[str],
    alg: str | None = None,
    decoys: int = 0,
    hash_name: str = SD_DEFAULT_HASH,
    salt: Callable[[], str] = _salt,
) -> IssuedSdJwt:
    """Sign ``claims`` as an SD-JWT, the ``disclosable`` paths selectively
    disclosable (nested paths under a disclosable claim make it recursive).

    Raises:
        SigningError: If a path does not name a claim, names ``_sd``/``...``,
            the hash is unknown, or the key cannot sign.
    """
    hash_ = sd_hash(hash_name)
    if hash_ is None:
        raise SigningError(f"{hash_name!r} is not a known _sd_alg hash")
    if decoys < 0:
        raise SigningError("the number of decoy digests cannot be negative")
    try:
        body = copy.deepcopy(dict(claims))
    except RecursionError:
        raise SigningError("the claims are nested too deeply") from None
    paths = [parse_path(p) for p in dict.fromkeys(disclosable)]
    issued: list[tuple[str, str]] = []
    # Deepest first, and array elements from the last: a parent's disclosure
    # then carries its children's digests (recursive disclosure).
    for steps in sorted(paths, key=lambda s: (-len(s), _neg_index(s))):
        parent = _walk(body, steps[:-1], steps)
        last = steps[-1]
        if isinstance(last, int):
            if not isinstance(parent, list) or last >= len(parent):
                raise SigningError(f"{_show(steps)} names no array element")
            disclosure = encode_disclosure(salt(), None, parent[last])
            parent[last] = {ARRAY_DIGEST: digest_of(disclosure, hash_)}
        else:
            if not isinstance(parent, dict) or last not in parent:
                raise SigningError(f"{_show(steps)} names no claim")
            if last in RESERVED_NAMES or (len(steps) == 1 and last == SD_ALG):
                raise SigningError(f"{last} cannot be made selectively disclosable")
            disclosure = encode_disclosure(salt(), last, parent.pop(last))
            parent.setdefault(SD, []).append(digest_of(disclosure, hash_))
        issued.append((_show(steps), disclosure))
    if decoys:
        top = body.setdefault(SD, [])
        for _ in range(decoys):
            top.append(digest_of(b64url_encode(secrets.token_bytes(32)), hash_))
    _sort_digests(body)
    if issued or decoys:
        body[SD_ALG] = hash_.name
    jwt = sign_token(header, body, key, alg=alg)
    ordered = tuple(reversed(issued))  # parents first, as a reader expects
    return IssuedSdJwt(jwt + "~" + "".join(f"{d}~" for _, d in ordered), jwt, ordered)


def present(
    sd_jwt: str,
    *,
    keep: Callable[[int, str | None, Any], bool] | Sequence[int] | None = None,
    holder_key: KeyMaterial | None = None,
    holder_alg: str | None = None,
    nonce: str | None = None,
    audience: str | None = None,
    now: float | None = None,
) -> str:
    """A presentation of ``sd_jwt``: the disclosures ``keep`` chooses (indexes,
    or a test of (index, name, value); None keeps all), and a Key Binding JWT
    when a ``holder_key`` is given (then ``nonce``, ``audience`` and ``now``
    are required).

    Raises:
        SigningError: If the text is no SD-JWT, or the KB-JWT cannot be signed.
    """
    parsed = parse_sd_jwt(sd_jwt)
    if parsed is None:
        raise SigningError("the text is not an SD-JWT (no ~ after a signed JWT)")
    kept = []
    for d in parsed.disclosures:
        if keep is None:
            chosen = True
        elif callable(keep):
            chosen = keep(d.index, d.name, d.value)
        else:
            chosen = d.index in keep
        if chosen:
            kept.append(d.text)
    text = parsed.issuer.token + "~" + "".join(f"{d}~" for d in kept)
    if holder_key is None:
        return text
    if nonce is None or audience is None or now is None:
        raise SigningError("a Key Binding JWT needs a nonce, an audience and a time")
    hash_ = parsed.hash
    if hash_ is None:
        raise SigningError("the SD-JWT's _sd_alg is unknown: no sd_hash can be made")
    alg = holder_alg or (holder_key.algorithms[0] if holder_key.algorithms else "")
    kb_claims = {
        "nonce": nonce,
        "aud": audience,
        "iat": int(now),
        "sd_hash": digest_of(text, hash_),
    }
    return text + sign_token({"typ": KB_TYP, "alg": alg}, kb_claims, holder_key)


def with_known(sd: SdJwt, known: Sequence[str]) -> SdJwt:
    """``sd`` read again with every disclosure of ``known`` that belongs to its
    issuer JWT added after the presented ones: the disclosures a holder can
    choose from. A known disclosure belongs when its digest is in the issuer's
    payload (or in the value of another disclosure that belongs)."""
    presented = [d.text for d in sd.disclosures]
    seen = set(presented)
    extra = [t for t in dict.fromkeys(known) if t and t not in seen]
    if not extra:
        return sd
    while True:
        texts = presented + extra
        full = parse_sd_jwt(sd.issuer.token + "~" + "".join(f"{t}~" for t in texts))
        if full is None:
            return sd
        start = len(presented)
        belongs = [
            d.text for d in full.disclosures[start:] if d.ok and d.matched is not None
        ]
        if len(belongs) == len(extra):
            return full
        extra = belongs  # a child of a dropped one may now match nothing


def choose_disclosures(
    sd: SdJwt, known: Sequence[str], text: str, presented: bool
) -> list[str]:
    """The disclosures to present when ``text`` (one of ``known``, or of
    ``sd``) is put back (``presented``) or left out: ``known``'s order, and
    each other disclosure presented as often as it is now."""
    counts: dict[str, int] = {}
    for d in sd.disclosures:
        counts[d.text] = counts.get(d.text, 0) + 1
    order = list(dict.fromkeys([*known, *counts]))
    chosen: list[str] = []
    for item in order:
        if item == text:
            chosen += [item] if presented else []
        else:
            chosen += [item] * counts.get(item, 0)
    return chosen


def disclosure_path(d: Disclosure) -> str | None:
    """The claim path a matched disclosure discloses, written as ``--sd`` and
    ``--disclose`` take it: ``given_name``, ``address.region``,
    ``nationalities[0]``; None when it matched nothing."""
    where = d.matched
    if where is None or not d.ok:
        return None
    if where.endswith("._sd") and not d.is_array_element:
        parent = where[2:-4] if where != "$._sd" else ""
        return f"{parent}.{d.name}" if parent else d.name
    if where.endswith("]") and where.startswith("$.") and d.is_array_element:
        return where[2:]
    return None  # a disclosure of the wrong kind for where its digest is


def select_disclosures(sd: SdJwt, wanted: Sequence[str]) -> tuple[list[int], list[str]]:
    """The indexes of the disclosures ``wanted`` names (a claim path, or a
    claim name at any depth), each with the disclosures of its parents, so the
    verifier can reach it; and the names that matched no disclosure."""
    paths = {d.index: disclosure_path(d) for d in sd.disclosures}
    chosen: set[int] = set()
    unknown = []
    for name in wanted:
        hits = [
            d.index
            for d in sd.disclosures
            if paths[d.index] == name or (d.ok and d.name == name)
        ]
        if not hits:
            unknown.append(name)
        chosen.update(hits)
    for index in list(chosen):
        path = paths[index] or ""
        for other, parent in paths.items():
            if parent and path.startswith((f"{parent}.", f"{parent}[")):
                chosen.add(other)
    return sorted(chosen), unknown


def _walk(body: Any, steps: Sequence[str | int], whole: Sequence[str | int]) -> Any:
    node = body
    for step in steps:
        if isinstance(step, int):
            ok = isinstance(node, list) and step < len(node)
        else:
            ok = isinstance(node, dict) and step in node
        if not ok:
            raise SigningError(f"{_show(whole)}: {_show(steps)} names nothing")
        node = node[step]  # type: ignore[index]
    return node


def _neg_index(steps: Sequence[str | int]) -> int:
    last = steps[-1]
    return -last if isinstance(last, int) else 0


def _show(steps: Sequence[str | int]) -> str:
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def _sort_digests(node: Any) -> None:
    """Sort every ``_sd`` array, so the order tells nothing (RFC 9901 §4.2.4.2)."""
    if isinstance(node, dict):
        if isinstance(node.get(SD), list):
            node[SD].sort()
        for value in node.values():
            _sort_digests(value)
    elif isinstance(node, list):
        for item in node:
            _sort_digests(item)
