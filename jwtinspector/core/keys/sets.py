"""A JWK set: choosing the key for a kid and alg, and saying why others were not."""

from __future__ import annotations

import collections
import dataclasses
import functools
from collections.abc import Iterator, Sequence

from jwtinspector.core.keys.material import (
    ALGS_BY_KTY,
    KeyMaterial,
    fitting_algorithms,
    short_name,
)
from jwtinspector.core.text import quote


@dataclasses.dataclass(frozen=True)
class KeySet:
    """A JWKS: the keys that loaded, and why the others did not."""

    keys: tuple[KeyMaterial, ...]
    skipped: tuple[str, ...]

    @functools.cached_property
    def ambiguity(self) -> tuple[str, ...]:
        """Why the set is ambiguous and never verifies anything (() when not):
        see :func:`ambiguity`."""
        return ambiguity(self.keys)

    def select(self, kid: str | None, alg: str) -> tuple[KeyMaterial, ...]:
        """Keys that may verify a token with this kid and alg (RFC 7517 §4.2-4.5).

        When the token names a kid and the set's keys have kids, only a key
        with that kid may verify it: a set without it does not hold the key
        (RFC 8725 §3.10). Without a kid, every key that fits is tried. An
        ambiguous set (:attr:`ambiguity`) gives none.
        """
        if self.ambiguity:
            return ()
        return tuple(key for key, reason in self._verdicts(kid, alg) if reason is None)

    def explain(self, kid: str | None, alg: str) -> tuple[str, ...]:
        """One line per key: 'kid "a" (RSA 2048): chosen' or 'kid "b": other kid'."""
        if self.ambiguity:
            return (f"the set is not used: {ambiguous_text(self.ambiguity)}",)
        note = ""
        if kid is not None and not self._has_kid(kid):
            note = f" (no key has kid {quote(kid)})"
        lines = []
        for index, (key, reason) in enumerate(self._verdicts(kid, alg), 1):
            label = _label(key, index)
            if reason is None:
                lines.append(f"{label} ({short_name(key)}): chosen{note}")
            else:
                lines.append(f"{label}: {reason}")
        return tuple(lines)

    def summary(self) -> tuple[str, ...]:
        """'3 keys', then one line per JWK that did not load."""
        return (count_keys(len(self.keys)), *(f"skipped {s}" for s in self.skipped))

    def no_match(self, kid: str | None, alg: str) -> str:
        """Why no key of the set may verify a token with this kid and alg."""
        if self.ambiguity:
            return (
                f"Cannot check: {AMBIGUOUS_SET}, so none of its keys is "
                f"used: {ambiguous_text(self.ambiguity)}. Give a set whose keys "
                "are all asymmetric (or all secrets), each with its own kid."
            )
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


_KIDS_SHOWN = 3
AMBIGUOUS_SET = "the key set is ambiguous"
"""How a verdict names an ambiguous set (see :func:`ambiguity`)."""


def ambiguity(keys: Sequence[KeyMaterial]) -> tuple[str, ...]:
    """Why a key set is ambiguous, one reason each (() when it is not).

    A set that mixes symmetric (oct) and asymmetric keys lets the token's alg
    choose between a shared secret and a public key, the setting of the
    algorithm-confusion attack (RFC 8725 §2.1, §3.1); a kid held by two keys
    that fit one algorithm names no single key (RFC 7517 §4.5), so whichever
    verifies would win.
    Careful verifiers refuse both, so the app does too, for the window, the
    CLI and fetched sets alike; ``lint`` reports both.
    """
    reasons = []
    secrets = sum(key.kty == "oct" for key in keys)
    if 0 < secrets < len(keys):
        reasons.append(
            f"it mixes {count_keys(secrets)} of type oct (HMAC secrets) with "
            f"{count_keys(len(keys) - secrets)} of asymmetric types, so the "
            "token's alg alone would choose between a secret and a public key "
            "(RFC 8725 §2.1)"
        )
    # Keys that share a kid but fit different algorithms (an RSA and an EC key,
    # RFC 7517 §4.5's own example, used by RFC 7520 §4.8) stay apart: the
    # token's alg tells them apart. One kid for two keys of one algorithm does not.
    per_alg = collections.Counter(
        (key.kid, alg)
        for key in keys
        if key.kid is not None
        for alg in fitting_algorithms(key.kty, key.curve)
    )
    most: dict[str, int] = {}
    for (kid, _alg), n in per_alg.items():
        if n > 1:
            most[kid] = max(n, most.get(kid, 0))
    twice = list(most.items())
    if twice:
        shown = ", ".join(
            f"kid {quote(kid)} ({n} keys)" for kid, n in twice[:_KIDS_SHOWN]
        )
        more = len(twice) - _KIDS_SHOWN
        if more > 0:
            shown += f" and {more:,} more kids"
        reasons.append(
            f"more than one key of one algorithm has the same kid: {shown}; a "
            "kid must name one key (RFC 7517 §4.5)"
        )
    return tuple(reasons)


def ambiguous_text(reasons: Sequence[str]) -> str:
    """The reasons of :func:`ambiguity` as one clause."""
    return "; and ".join(reasons)


def summary(key: KeyMaterial) -> str:
    """'RSA 2048, use sig, alg RS256': the key in a trace line."""
    parts = [short_name(key)]
    if key.use is not None:
        parts.append(f"use {key.use}")
    if key.alg is not None:
        parts.append(f"alg {key.alg}")
    return ", ".join(parts)


def _label(key: KeyMaterial, index: int) -> str:
    return f"kid {quote(key.kid)}" if key.kid is not None else f"key {index}"


def count_keys(number: int) -> str:
    return "1 key" if number == 1 else f"{number} keys"


def _rejection(key: KeyMaterial, alg: str) -> str | None:
    """Why this key may not verify alg, or None when it may."""
    if key.use == "enc":
        return 'use "enc"'
    if alg not in ALGS_BY_KTY.get(key.kty, ()):
        return f"kty {key.kty} does not fit {alg}"
    if alg not in fitting_algorithms(key.kty, key.curve):
        return f"{short_name(key)} does not fit {alg}"
    if key.alg is not None and key.alg != alg:
        return f"alg {key.alg} ≠ {alg}"
    if key.key_ops is not None and "verify" not in key.key_ops:
        return f'key_ops {list(key.key_ops)} lack "verify"'
    return None
