"""Fetch an issuer's keys: the public names of :mod:`jwtinspector.core.remote`.

Kept so that ``from jwtinspector.core.fetch import ...`` goes on working; the
code lives in the ``remote`` package, one module per concern.
"""

from __future__ import annotations

from jwtinspector.core.pipeline import verify_with_source
from jwtinspector.core.remote.cache import (
    DEFAULT_MAX_AGE,
    ROTATION_COOLDOWN,
    CachedKeySet,
    JwksCache,
)
from jwtinspector.core.remote.discovery import Discovery, discover, discovery_urls
from jwtinspector.core.remote.errors import FetchError, FetchKind
from jwtinspector.core.remote.header_urls import HeaderKeys, fetch_header_url
from jwtinspector.core.remote.http import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    JsonDocument,
    cache_lifetime,
    fetch_json,
)
from jwtinspector.core.remote.jwks import FetchedKeySet, fetch_jwks, key_set_of
from jwtinspector.core.remote.resolve import (
    ResolvedKeys,
    check_claims_for_source,
    foreign_issuer,
    resolve_keys,
    source_options,
    with_key_steps,
)
from jwtinspector.core.remote.urls import (
    KeySource,
    check_limits,
    check_url,
    is_loopback,
    issuer_source,
    remote_source,
)

__all__ = [
    "DEFAULT_MAX_AGE",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "ROTATION_COOLDOWN",
    "CachedKeySet",
    "Discovery",
    "FetchError",
    "FetchKind",
    "FetchedKeySet",
    "HeaderKeys",
    "JsonDocument",
    "JwksCache",
    "KeySource",
    "ResolvedKeys",
    "cache_lifetime",
    "check_claims_for_source",
    "check_limits",
    "check_url",
    "discover",
    "discovery_urls",
    "fetch_header_url",
    "fetch_json",
    "fetch_jwks",
    "foreign_issuer",
    "is_loopback",
    "issuer_source",
    "key_set_of",
    "remote_source",
    "resolve_keys",
    "source_options",
    "verify_with_source",
    "with_key_steps",
]
