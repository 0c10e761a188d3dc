"""Identity providers recognised from a token's ``iss``, and their own claims.

The data is ``resources/providers.json``: per provider its name, the issuer
patterns that identify it, and the claims its documentation defines (each with
a plain-words meaning, the documentation page and its link).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from typing import Any

from jwtinspector.core.resources import read_resource


@dataclasses.dataclass(frozen=True)
class VendorMeaning:
    """What a provider's documentation says one of its claims means."""

    meaning: str
    source: str
    url: str


@dataclasses.dataclass(frozen=True)
class Provider:
    """An identity provider and the claims it documents.

    Attributes:
        key: A short stable id, e.g. "entra".
        name: The provider's name as users know it, e.g. "Microsoft Entra ID".
        issuers: Regular expressions an ``iss`` value of the provider matches.
        claims: Meanings by exact claim name.
        prefixes: Meanings for families of names, by name prefix (e.g. "xms_").
        namespaced: The meaning of a custom claim named with a URL, if the
            provider documents that convention.
    """

    key: str
    name: str
    issuers: tuple[re.Pattern[str], ...]
    claims: dict[str, VendorMeaning]
    prefixes: dict[str, VendorMeaning]
    namespaced: VendorMeaning | None

    def meaning_of(self, name: str, *, public: bool = False) -> VendorMeaning | None:
        """The provider's meaning of a claim name; ``public`` says the name is
        collision-resistant (a URL), which some providers use for custom claims."""
        if name in self.claims:
            return self.claims[name]
        for prefix, meaning in self.prefixes.items():
            if name.startswith(prefix):
                return meaning
        return self.namespaced if public else None


def _meaning(entry: dict[str, Any]) -> VendorMeaning:
    return VendorMeaning(entry["meaning"], entry["source"], entry["url"])


@functools.cache
def providers() -> tuple[Provider, ...]:
    """Every provider of the data file, in its order."""
    raw = json.loads(read_resource("providers.json"))
    return tuple(
        Provider(
            key=key,
            name=entry["name"],
            issuers=tuple(re.compile(p) for p in entry["issuers"]),
            claims={n: _meaning(e) for n, e in entry["claims"].items()},
            prefixes={n: _meaning(e) for n, e in entry.get("prefixes", {}).items()},
            namespaced=_meaning(entry["namespaced"]) if "namespaced" in entry else None,
        )
        for key, entry in raw.items()
    )


def provider_of(issuer: Any) -> Provider | None:
    """The provider an ``iss`` value identifies, or None (also for a non-string)."""
    if not isinstance(issuer, str) or len(issuer) > 2048:
        return None
    return _provider_of_text(issuer)


@functools.lru_cache(maxsize=64)
def _provider_of_text(issuer: str) -> Provider | None:
    """Cached: every member of a claims set asks about the same iss."""
    for provider in providers():
        if any(p.match(issuer) for p in provider.issuers):
            return provider
    return None


def providers_using(name: str) -> tuple[Provider, ...]:
    """The providers whose documentation defines this exact claim name."""
    return _by_name().get(name, ())


@functools.cache
def _by_name() -> dict[str, tuple[Provider, ...]]:
    found: dict[str, tuple[Provider, ...]] = {}
    for provider in providers():
        for name in provider.claims:
            found[name] = (*found.get(name, ()), provider)
    return found


@functools.cache
def _prefixes() -> tuple[tuple[str, Provider], ...]:
    return tuple((p, provider) for provider in providers() for p in provider.prefixes)


def prefixed_vendor(name: str) -> tuple[Provider, VendorMeaning] | None:
    """A provider whose name prefix (``xms_``, ``cognito:``) this name carries:
    such names belong to that provider whoever issued the token."""
    for prefix, provider in _prefixes():
        if name.startswith(prefix):
            meaning = provider.claims.get(name, provider.prefixes[prefix])
            return provider, meaning
    return None
