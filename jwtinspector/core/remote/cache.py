"""Key sets and discovery results fetched while the app runs, kept in memory.

The token's own key locations (``jku``, ``x5u``) are never fetched here
(RFC 8725 §3.10).
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable

from jwtinspector.core.keys import KeySet
from jwtinspector.core.numericdate import duration_text
from jwtinspector.core.remote.discovery import Discovery, discover
from jwtinspector.core.remote.errors import FetchError
from jwtinspector.core.remote.http import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from jwtinspector.core.remote.jwks import fetch_jwks
from jwtinspector.core.remote.urls import KeySource, check_limits
from jwtinspector.core.text import json_snippet, printable, quote
from jwtinspector.core.token import DecodedToken

DEFAULT_MAX_AGE = 300.0
"""How long a key set stays fresh when the server sends no Cache-Control."""
ROTATION_COOLDOWN = 30.0
"""An unknown kid re-fetches a key set at most once in this many seconds after
the last try to fetch it, whether that try succeeded or failed."""


@dataclasses.dataclass(frozen=True)
class CachedKeySet:
    """A key set as fetched, with its fetch time and freshness."""

    url: str
    keys: KeySet
    fetched_at: float
    max_age: float

    @property
    def expires_at(self) -> float:
        return self.fetched_at + self.max_age

    def is_fresh(self, now: float) -> bool:
        return now < self.expires_at

    def describe(self, now: float) -> str:
        """'3 keys, fetched 2 min ago, fresh for 3 min more'."""
        age = now - self.fetched_at
        fetched = "fetched now" if age < 1 else f"fetched {duration_text(age)} ago"
        left = self.expires_at - now
        fresh = f"fresh for {duration_text(left)} more" if left >= 1 else "stale"
        return f"{_count(self.keys)}, {fetched}, {fresh}"


@dataclasses.dataclass(frozen=True)
class _CachedDiscovery:
    discovery: Discovery
    fetched_at: float
    max_age: float


class JwksCache:
    """Key sets fetched while the app runs, in memory only; thread-safe.

    Entries keep their fetch time and honour ``Cache-Control: max-age``
    (``default_max_age`` when the server says nothing). ``now`` is wall-clock
    seconds; it defaults to ``clock()``.
    """

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        default_max_age: float = DEFAULT_MAX_AGE,
        rotation_cooldown: float = ROTATION_COOLDOWN,
        clock: Callable[[], float] = time.time,
    ) -> None:
        check_limits(timeout, max_bytes)
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.default_max_age = default_max_age
        self.rotation_cooldown = rotation_cooldown
        self._clock = clock
        self._lock = threading.Lock()
        self._sets: dict[str, CachedKeySet] = {}
        self._issuers: dict[str, _CachedDiscovery] = {}
        self._tried: dict[str, float] = {}  # last fetch try of each set, ok or not
        self._deferred: dict[str, dict[str, float]] = {}  # url: {kid: allowed at}

    def lookup(self, url: str) -> CachedKeySet | None:
        """The cached entry for url, fresh or not, without any fetch."""
        with self._lock:
            return self._sets.get(url)

    def entries(self) -> tuple[CachedKeySet, ...]:
        with self._lock:
            return tuple(self._sets.values())

    def clear(self) -> None:
        with self._lock:
            self._sets.clear()
            self._issuers.clear()
            self._tried.clear()
            self._deferred.clear()

    def rotation_wait(
        self, source: KeySource, kid: str, now: float | None = None
    ) -> float | None:
        """Seconds until the source's key set may be fetched again for ``kid``.

        Not None only when a token with this kid, missing from the set, came
        inside the cooldown and the set was not fetched for it (and has not
        been since): 0 once the cooldown is over. Nothing is fetched here.
        """
        moment = self._now(now)
        with self._lock:
            urls = [source.url]
            discovered = self._issuers.get(source.url)
            if source.kind == "issuer" and discovered is not None:
                urls.insert(0, discovered.discovery.jwks_uri)
            for url in urls:
                until = self._deferred.get(url, {}).get(kid)
                if until is not None:
                    return max(0.0, until - moment)
        return None

    def get(
        self,
        url: str,
        now: float | None = None,
        *,
        cancel: threading.Event | None = None,
    ) -> CachedKeySet:
        """The cached key set while fresh, else a new fetch."""
        entry, _fetched = self._entry(url, self._now(now), cancel, refresh=False)
        return entry

    def refresh(
        self,
        url: str,
        now: float | None = None,
        *,
        cancel: threading.Event | None = None,
    ) -> CachedKeySet:
        """Fetch the key set again, whatever the cache holds."""
        entry, _fetched = self._entry(url, self._now(now), cancel, refresh=True)
        return entry

    def discover(
        self,
        issuer: str,
        now: float | None = None,
        *,
        cancel: threading.Event | None = None,
        refresh: bool = False,
    ) -> Discovery:
        """The issuer's discovery result, cached like key sets."""
        return self._discovery(issuer, self._now(now), cancel, refresh)[0]

    def resolve(
        self,
        token: DecodedToken,
        source: KeySource,
        now: float | None = None,
        *,
        cancel: threading.Event | None = None,
        refresh: bool = False,
    ) -> tuple[KeySet, tuple[str, ...]]:
        """The key set for token from source, and the steps that led to it.

        A kid missing from a cached set re-fetches it once (key rotation), at
        most once per ``rotation_cooldown`` seconds. The token's ``jku`` and
        ``x5u`` are never fetched.
        """
        moment = self._now(now)
        trace: list[str] = []
        try:
            url, named_by = self._jwks_url(source, moment, cancel, refresh, trace)
            entry, fetched = self._entry(url, moment, cancel, refresh, named_by)
            trace.extend(_set_lines(entry, moment))
            entry = self._after_rotation(
                token, entry, fetched, moment, cancel, trace, named_by
            )
        except FetchError as err:
            raise err.after(tuple(trace)) from None
        trace.extend(_ignored_header_urls(token))
        return entry.keys, tuple(printable(step) for step in trace)

    def _jwks_url(
        self,
        source: KeySource,
        now: float,
        cancel: threading.Event | None,
        refresh: bool,
        trace: list[str],
    ) -> tuple[str, str | None]:
        """The key set's URL, and the issuer that named it (None: the user)."""
        if source.kind == "jwks":
            trace.append(f"JWKS URL {source.url}")
            return source.url, None
        trace.append(f"iss {source.url}")
        discovery, fetched = self._discovery(source.url, now, cancel, refresh)
        how = "fetched now" if fetched else "cached"
        trace.extend(discovery.notes)
        trace.append(
            f"{discovery.kind} {discovery.document_url} ({how}, issuer matches)"
        )
        trace.append(f"jwks_uri {discovery.jwks_uri}")
        return discovery.jwks_uri, source.url

    def _after_rotation(
        self,
        token: DecodedToken,
        entry: CachedKeySet,
        fetched: bool,
        now: float,
        cancel: threading.Event | None,
        trace: list[str],
        named_by: str | None,
    ) -> CachedKeySet:
        kid = _kid(token)
        if kid is None or fetched or any(k.kid == kid for k in entry.keys.keys):
            return entry
        with self._lock:
            tried = max(entry.fetched_at, self._tried.get(entry.url, 0.0))
        age = now - tried
        if age < self.rotation_cooldown:
            what = "fetched" if tried == entry.fetched_at else "last tried (it failed)"
            trace.append(
                f"kid {quote(kid)} is not in the set, {what} "
                f"{duration_text(age)} ago: not fetched again (at most once per "
                f"{duration_text(self.rotation_cooldown)}; it will be once that "
                "time is over)"
            )
            with self._lock:  # a kid first seen in the cooldown: fetched after it
                deferred = self._deferred.setdefault(entry.url, {})
                deferred.setdefault(kid, tried + self.rotation_cooldown)
            return entry
        trace.append(f"kid {quote(kid)} is not in the cached set: fetched again once")
        try:
            fresh, _fetched = self._entry(
                entry.url, now, cancel, refresh=True, named_by=named_by
            )
        except FetchError as err:
            if err.cancelled:
                raise
            trace.append(f"{err}: kept the cached set")
            return entry
        trace.extend(_set_lines(fresh, now))
        return fresh

    def _entry(
        self,
        url: str,
        now: float,
        cancel: threading.Event | None,
        refresh: bool,
        named_by: str | None = None,
    ) -> tuple[CachedKeySet, bool]:
        with self._lock:
            cached = self._sets.get(url)
        if cached is not None and not refresh and cached.is_fresh(now):
            return cached, False
        with self._lock:
            self._tried[url] = now  # the cooldown counts failed tries too
        keys, lifetime = fetch_jwks(
            url,
            timeout=self.timeout,
            max_bytes=self.max_bytes,
            cancel=cancel,
            named_by=named_by,
        )
        entry = CachedKeySet(url, keys, now, self._lifetime(lifetime))
        with self._lock:
            self._sets[url] = entry
            self._deferred.pop(url, None)  # every kid waiting had its fetch
        return entry, True

    def _discovery(
        self,
        issuer: str,
        now: float,
        cancel: threading.Event | None,
        refresh: bool,
    ) -> tuple[Discovery, bool]:
        with self._lock:
            cached = self._issuers.get(issuer)
        if (
            cached is not None
            and not refresh
            and now < cached.fetched_at + cached.max_age
        ):
            return cached.discovery, False
        found = discover(
            issuer, timeout=self.timeout, max_bytes=self.max_bytes, cancel=cancel
        )
        entry = _CachedDiscovery(found, now, self._lifetime(found.max_age))
        with self._lock:
            self._issuers[issuer] = entry
        return found, True

    def _lifetime(self, max_age: float | None) -> float:
        return self.default_max_age if max_age is None else max_age

    def _now(self, now: float | None) -> float:
        return self._clock() if now is None else now


def _set_lines(entry: CachedKeySet, now: float) -> list[str]:
    lines = [entry.describe(now)]
    lines.extend(f"skipped {reason}" for reason in entry.keys.skipped)
    return lines


def _ignored_header_urls(token: DecodedToken) -> list[str]:
    header = token.header or {}
    return [
        f"header {name} {json_snippet(header[name], 200)} not fetched: a key "
        "location chosen by the token is never used automatically (RFC 8725 §3.10)"
        for name in ("jku", "x5u")
        if name in header
    ]


# --- verification -------------------------------------------------------------


def _kid(token: DecodedToken) -> str | None:
    kid = (token.header or {}).get("kid")
    return kid if isinstance(kid, str) else None


def _count(keys: KeySet) -> str:
    return "1 key" if len(keys.keys) == 1 else f"{len(keys.keys)} keys"
