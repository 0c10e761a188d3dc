"""Fetch an issuer's keys: OpenID discovery, JWKS, and an in-memory cache.

Nothing here runs on its own: every request follows an explicit call, and the
key locations a token names itself (``jku``, ``x5u``) are never fetched by
:meth:`JwksCache.resolve` or :func:`verify_with_source` (RFC 8725 §3.10).
:func:`fetch_header_url` fetches one only when the user asks, with a warning.

Built to run off the GUI thread: each step checks a ``cancel`` event, and every
wait on the network (name lookup, connect, TLS, each read) is bounded by one
deadline, so a server that accepts and never answers cannot hang the caller.
Plain http is refused except to loopback addresses.
"""

from __future__ import annotations

import dataclasses
import errno
import http.client
import io
import ipaddress
import json
import math
import os
import selectors
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from email.message import Message
from typing import Any, Literal
from urllib.parse import SplitResult, quote, urljoin, urlsplit, urlunsplit

from jwtinspector import __version__
from jwtinspector.core.certs import (
    CertificateInfo,
    JwkCertificates,
    jwk_certificates,
    load_pem_chain,
)
from jwtinspector.core.errors import InspectorError, KeyMaterialError, UsageError
from jwtinspector.core.keys import KeyMaterial, KeySet, load_key
from jwtinspector.core.numericdate import duration_text
from jwtinspector.core.token import DecodedToken
from jwtinspector.core.verify import (
    CheckStatus,
    ClaimCheck,
    SignatureStatus,
    VerificationReport,
    VerifyOptions,
    check_claims,
    verify,
)

DEFAULT_TIMEOUT = 5.0
"""Seconds one fetch may take, from name lookup to the last byte."""
DEFAULT_MAX_BYTES = 1024 * 1024
"""Largest answer read (1 MiB); reading stops there."""
DEFAULT_MAX_AGE = 300.0
"""How long a key set stays fresh when the server sends no Cache-Control."""
ROTATION_COOLDOWN = 30.0
"""An unknown kid re-fetches a key set at most once in this many seconds."""

_ANY_TOKEN = VerifyOptions()
_POLL = 0.05  # how often a wait looks at the cancel event
_URL_SAFE = "/?:@!$&'()*+,;=%-._~"
_IN_PROGRESS = {
    0,
    errno.EINPROGRESS,
    errno.EWOULDBLOCK,
    errno.EAGAIN,
    getattr(errno, "WSAEWOULDBLOCK", errno.EWOULDBLOCK),  # Windows
}
_MAX_REDIRECTS = 5
_REDIRECTS = (301, 302, 303, 307, 308)
_FALLBACK_KINDS = ("status", "not_json", "not_object")
_WELL_KNOWN = (
    ("OpenID Connect discovery document", "/.well-known/openid-configuration"),
    ("RFC 8414 metadata", "/.well-known/oauth-authorization-server"),
)
_HEADER_WARNING = (
    "This {which} URL comes from the token itself: whoever made the token chose "
    "it. A signature that verifies with keys fetched from it proves nothing, "
    "unless you trust {host} to publish this issuer's keys (RFC 8725 §3.10)."
)


class FetchError(InspectorError):
    """Raised when a document or key set cannot be fetched or used.

    Attributes:
        kind: The cause, for code: "url", "insecure", "dns", "tls", "refused",
            "timeout", "network", "http", "status", "too_large", "not_json",
            "not_object", "no_discovery", "issuer_mismatch", "no_jwks_uri",
            "not_jwks", "no_keys", "not_pem" (x5u) or "cancelled".
        url: The URL concerned, when there is one.
        trace: The steps done before the failure, for the key-selection trace.
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        url: str | None = None,
        trace: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.url = url
        self.trace = trace

    @property
    def cancelled(self) -> bool:
        """True when the caller cancelled the fetch: nothing to report."""
        return self.kind == "cancelled"

    def after(self, steps: tuple[str, ...]) -> FetchError:
        """The same error with ``steps`` put before its own trace."""
        return FetchError(
            str(self), kind=self.kind, url=self.url, trace=(*steps, *self.trace)
        )


@dataclasses.dataclass(frozen=True)
class JsonDocument:
    """A JSON object fetched over HTTP.

    Attributes:
        url: The URL asked for.
        final_url: Where the object came from, after redirects.
        data: The object.
        max_age: Seconds it may be cached (Cache-Control; 0 for no-store or
            no-cache), or None when the server did not say.
        size: Bytes read.
    """

    url: str
    final_url: str
    data: dict[str, Any]
    max_age: float | None
    size: int


@dataclasses.dataclass(frozen=True)
class Discovery:
    """Where an issuer publishes its keys, from its metadata document.

    Attributes:
        issuer: The issuer, identical to the document's ``issuer``.
        document_url: The discovery document's URL.
        kind: "OpenID Connect discovery document" or "RFC 8414 metadata".
        jwks_uri: The key set's URL.
        max_age: Cache lifetime the server gave the document, if any.
        notes: What was tried first, e.g. an OpenID configuration that was missing.
    """

    issuer: str
    document_url: str
    kind: str
    jwks_uri: str
    max_age: float | None
    notes: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class KeySource:
    """Where to fetch keys from: a JWKS URL, or an issuer to discover."""

    kind: Literal["jwks", "issuer"]
    url: str

    @classmethod
    def jwks(cls, url: str) -> KeySource:
        return cls("jwks", url)

    @classmethod
    def issuer(cls, url: str) -> KeySource:
        return cls("issuer", url)

    def describe(self) -> str:
        return f"issuer {self.url}" if self.kind == "issuer" else f"JWKS {self.url}"


@dataclasses.dataclass(frozen=True)
class FetchedKeySet(KeySet):
    """A key set as a server served it: its keys, where from, its certificates.

    It verifies like any KeySet. The JWKs that carry certificates (``x5c``,
    ``x5t``) are kept as served, so their chains can be shown (the loaded
    keys keep no certificates); the oct keys the set skips are left out.

    Attributes:
        url: Where the set came from, after redirects.
        certificates: Its JWKs with certificates, in the set's order.
    """

    url: str = ""
    certificates: tuple[JwkCertificates, ...] = ()


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
class HeaderKeys:
    """Keys fetched from a token's own ``jku`` or ``x5u``, on the user's request.

    Attributes:
        which: "jku" or "x5u".
        url: The URL the token named.
        keys: The key set (jku) or the leaf certificate's key (x5u).
        certificates: The chain an x5u URL served, leaf first.
        warning: Why these keys prove nothing by themselves.
        trace: What was fetched.
    """

    which: str
    url: str
    keys: KeySet | KeyMaterial
    certificates: tuple[CertificateInfo, ...]
    warning: str
    trace: tuple[str, ...]


# --- URLs ---------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1: the only hosts plain http may reach."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> SplitResult:
    """The URL's parts; raises FetchError (without connecting) for a refused URL."""
    if not isinstance(url, str) or not url.strip():
        raise FetchError("no URL given", kind="url")
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"{_q(url)} is not an http or https URL", kind="url", url=url)
    try:
        host, _port = parts.hostname, parts.port
    except ValueError:
        raise FetchError(f"{url} has an invalid port", kind="url", url=url) from None
    if not host:
        raise FetchError(f"{_q(url)} names no host", kind="url", url=url)
    if _ascii_host(host) is None:
        raise FetchError(f"{_q(url)} has an invalid host name", kind="url", url=url)
    if parts.username is not None or parts.password is not None:
        raise FetchError(
            f"refused {url}: a user name in a URL (user@host) is a common way "
            "to disguise the real host",
            kind="url",
            url=url,
        )
    if scheme == "http" and not is_loopback(host):
        raise FetchError(
            f"refused {url}: https is required; plain http is allowed only for "
            "loopback addresses (127.0.0.0/8, ::1, localhost)",
            kind="insecure",
            url=url,
        )
    return parts


def check_limits(timeout: float, max_bytes: int) -> None:
    """Raise UsageError unless the timeout and the size cap are usable."""
    if not (timeout > 0 and math.isfinite(timeout)):
        raise UsageError(f"the fetch timeout must be above 0 s, not {timeout:g}")
    if max_bytes < 1:
        raise UsageError(f"the size cap must be at least 1 byte, not {max_bytes}")


def issuer_source(token: DecodedToken) -> KeySource | None:
    """The token's own ``iss`` as a source to offer; fetch it only when asked."""
    iss = (token.claims or {}).get("iss")
    if isinstance(iss, str) and iss.lower().startswith(("https://", "http://")):
        return KeySource.issuer(iss)
    return None


def remote_source(
    *, jwks: str | None = None, issuer: str | None = None
) -> KeySource | None:
    """The source for an issuer or a JWKS URL; None when ``jwks`` is a file name."""
    if issuer is not None:
        return KeySource.issuer(issuer)
    if jwks is not None and "://" in jwks:
        return KeySource.jwks(jwks)
    return None


def discovery_urls(issuer: str) -> tuple[tuple[str, str], ...]:
    """(kind, URL) of the OpenID configuration, then of the RFC 8414 metadata.

    OpenID Connect Discovery 1.0 §4 appends the well-known path to the issuer;
    RFC 8414 §3.1 inserts it between the host and the issuer's path.
    """
    parts = urlsplit(issuer)
    (oidc_kind, oidc_path), (oauth_kind, oauth_path) = _WELL_KNOWN
    path = parts.path.rstrip("/")
    oauth = urlunsplit((parts.scheme, parts.netloc, oauth_path + path, "", ""))
    return (oidc_kind, issuer.rstrip("/") + oidc_path), (oauth_kind, oauth)


# --- fetching -----------------------------------------------------------------


def fetch_json(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cancel: threading.Event | None = None,
) -> JsonDocument:
    """GET a JSON object; every failure is a FetchError saying what went wrong."""
    final_url, headers, body = _fetch(
        url, timeout=timeout, max_bytes=max_bytes, cancel=cancel
    )
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as err:
        kind = headers.get("Content-Type")
        hint = f" (Content-Type {kind})" if kind and "json" not in kind else ""
        reason = err.msg if isinstance(err, json.JSONDecodeError) else str(err)
        raise FetchError(
            f"the answer from {final_url} is not JSON{hint}: {reason}",
            kind="not_json",
            url=final_url,
        ) from None
    if not isinstance(data, dict):
        raise FetchError(
            f"the answer from {final_url} is JSON but not an object "
            f"(it is {_json_kind(data)})",
            kind="not_object",
            url=final_url,
        )
    lifetime = cache_lifetime(", ".join(headers.get_all("Cache-Control") or ()))
    return JsonDocument(url, final_url, data, lifetime, len(body))


def cache_lifetime(cache_control: str | None) -> float | None:
    """Seconds from a Cache-Control value: max-age, 0 for no-store/no-cache."""
    directives: dict[str, str] = {}
    for part in (cache_control or "").split(","):
        name, _, value = part.strip().partition("=")
        directives[name.strip().lower()] = value.strip().strip('"')
    if "no-store" in directives or "no-cache" in directives:
        return 0.0
    value = directives.get("max-age", "")
    return float(int(value)) if value.isdigit() else None


def _fetch(
    url: str, *, timeout: float, max_bytes: int, cancel: threading.Event | None
) -> tuple[str, Message, bytes]:
    """(final URL, headers, body) of a 200 answer, following a few redirects."""
    check_limits(timeout, max_bytes)
    deadline = time.monotonic() + timeout
    current = url
    for _ in range(_MAX_REDIRECTS + 1):
        parts = check_url(current)
        status, reason, headers, body = _exchange(
            current, parts, deadline, timeout, max_bytes, cancel
        )
        if status == 200:
            return current, headers, body
        location = headers.get("Location")
        if status not in _REDIRECTS or not location:
            raise FetchError(
                f"cannot fetch {current}: the server answered HTTP {status} {reason}",
                kind="status",
                url=current,
            )
        target = urljoin(current, location)
        if parts.scheme == "https" and urlsplit(target).scheme.lower() != "https":
            raise FetchError(
                f"refused the redirect from {current} to {target}: it leaves https",
                kind="insecure",
                url=target,
            )
        current = target
    raise FetchError(
        f"cannot fetch {url}: more than {_MAX_REDIRECTS} redirects",
        kind="http",
        url=url,
    )


def _exchange(
    url: str,
    parts: SplitResult,
    deadline: float,
    timeout: float,
    max_bytes: int,
    cancel: threading.Event | None,
) -> tuple[int, str, Message, bytes]:
    """One GET, with every low-level failure turned into a FetchError."""
    host = _ascii_host(parts.hostname or "") or ""
    secure = parts.scheme.lower() == "https"
    port = parts.port or (443 if secure else 80)
    where = f"{host}:{port}"
    try:
        _check_cancel(cancel)
        with _open(host, port, secure, deadline, cancel) as sock:
            return _get(sock, parts, host, port, deadline, max_bytes, cancel)
    except FetchError as err:
        if err.url is None:
            raise FetchError(
                f"cannot fetch {url}: {err}", kind=err.kind, url=url
            ) from None
        raise
    except (OSError, http.client.HTTPException) as err:
        kind, cause = _failure(err, host, where, timeout)
        raise FetchError(f"cannot fetch {url}: {cause}", kind=kind, url=url) from None


def _failure(err: Exception, host: str, where: str, timeout: float) -> tuple[str, str]:
    """(kind, cause in words) for a network or protocol error."""
    if isinstance(err, socket.gaierror):
        return "dns", f"the name {host} could not be resolved ({err.strerror})"
    if isinstance(err, ssl.SSLCertVerificationError):
        return (
            "tls",
            f"TLS: the certificate of {host} is not trusted ({err.verify_message})",
        )
    if isinstance(err, ssl.SSLError):
        return "tls", f"TLS handshake with {where} failed ({err.reason or err})"
    if isinstance(err, ConnectionRefusedError):
        return "refused", f"connection refused by {where} (nothing listens there)"
    if isinstance(err, TimeoutError):
        return "timeout", f"timed out: no answer from {where} within {timeout:g} s"
    if isinstance(err, http.client.HTTPException):
        reason = str(err) or type(err).__name__
        return "http", f"{where} did not answer with valid HTTP ({reason})"
    strerror = err.strerror if isinstance(err, OSError) else None
    return "network", f"network error with {where} ({strerror or err})"


def _get(
    sock: socket.socket,
    parts: SplitResult,
    host: str,
    port: int,
    deadline: float,
    max_bytes: int,
    cancel: threading.Event | None,
) -> tuple[int, str, Message, bytes]:
    polled = _PolledSocket(sock, deadline, cancel)
    connection = _Connection(polled, host, port, parts.scheme.lower() == "https")
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    target = quote(target, safe=_URL_SAFE)  # non-ASCII and spaces, escaped
    connection.request(
        "GET",
        target,
        headers={
            "Accept": "application/json, application/jwk-set+json, */*;q=0.1",
            "Accept-Encoding": "identity",
            "Connection": "close",
            "User-Agent": f"jwtinspector/{__version__}",
        },
    )
    with connection.getresponse() as response:
        body = b""
        if response.status == 200:
            body = _read_capped(response, parts.geturl(), max_bytes, cancel)
        return response.status, response.reason, response.headers, body


def _read_capped(
    response: http.client.HTTPResponse,
    url: str,
    max_bytes: int,
    cancel: threading.Event | None,
) -> bytes:
    """The body, refused as soon as it is known to exceed ``max_bytes``."""
    declared = response.getheader("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(
            f"the answer from {url} is {int(declared):,} bytes, more than the "
            f"{_size(max_bytes)} allowed: not read",
            kind="too_large",
            url=url,
        )
    chunks: list[bytes] = []
    total = 0
    while chunk := response.read(min(65536, max_bytes + 1 - total)):
        _check_cancel(cancel)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise FetchError(
                f"the answer from {url} is larger than the {_size(max_bytes)} "
                "allowed: stopped reading",
                kind="too_large",
                url=url,
            )
    return b"".join(chunks)


class _Connection(http.client.HTTPConnection):
    """http.client over a socket that is already connected (and wrapped in TLS)."""

    def __init__(self, polled: _PolledSocket, host: str, port: int, secure: bool):
        super().__init__(host, port)
        self.sock = polled  # type: ignore[assignment]
        self.default_port = 443 if secure else 80  # Host header without the port

    def connect(self) -> None:  # the socket is the caller's: never reconnect
        raise http.client.NotConnected("the connection is closed")


class _PolledSocket:
    """What http.client sends on and reads from: each wait honours the
    deadline and the cancel event. Closing it leaves the socket to its owner."""

    def __init__(
        self, sock: socket.socket, deadline: float, cancel: threading.Event | None
    ):
        self._sock = sock
        self._deadline = deadline
        self._cancel = cancel

    def sendall(self, data: bytes) -> None:
        _check_cancel(self._cancel)
        self._sock.settimeout(_remaining(self._deadline))
        self._sock.sendall(data)

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(
            _PolledReader(self._sock, self._deadline, self._cancel)
        )

    def close(self) -> None:
        pass


class _PolledReader(io.RawIOBase):
    def __init__(
        self, sock: socket.socket, deadline: float, cancel: threading.Event | None
    ):
        super().__init__()
        self._sock = sock
        self._deadline = deadline
        self._cancel = cancel

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        pending = getattr(self._sock, "pending", None)  # TLS keeps decrypted bytes
        if not (pending and pending()):
            _wait(self._sock, self._deadline, self._cancel, write=False)
        self._sock.settimeout(_remaining(self._deadline))
        return self._sock.recv_into(buffer)


def _open(
    host: str,
    port: int,
    secure: bool,
    deadline: float,
    cancel: threading.Event | None,
) -> socket.socket:
    """A connected socket (TLS-wrapped for https); plain http only to loopback."""
    failure: OSError | None = None
    for family, address in _resolve(host, port, deadline, cancel, secure):
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            _connect(sock, address, deadline, cancel)
            if not secure:
                return sock
            context = ssl.create_default_context()
            return context.wrap_socket(sock, server_hostname=host)
        except (FetchError, TimeoutError, ssl.SSLError):
            sock.close()
            raise
        except OSError as err:
            sock.close()
            failure = err
    raise failure or OSError(errno.EHOSTUNREACH, f"no address for {host}")


def _connect(
    sock: socket.socket,
    address: Any,
    deadline: float,
    cancel: threading.Event | None,
) -> None:
    sock.setblocking(False)
    code = sock.connect_ex(address)
    if code not in _IN_PROGRESS:
        raise OSError(code, os.strerror(code))
    _wait(sock, deadline, cancel, write=True)
    code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if code:
        raise OSError(code, os.strerror(code))  # e.g. ConnectionRefusedError
    sock.settimeout(_remaining(deadline))


def _resolve(
    host: str,
    port: int,
    deadline: float,
    cancel: threading.Event | None,
    secure: bool,
) -> list[tuple[int, Any]]:
    """Addresses for host; the lookup runs aside so that it too can time out."""
    try:
        ipaddress.ip_address(host)
        infos = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST
        )
    except ValueError:
        infos = _lookup(host, port, deadline, cancel)
    addresses: list[tuple[int, Any]] = [(info[0], info[4]) for info in infos]
    if not secure:
        addresses = [a for a in addresses if is_loopback(str(a[1][0]))]
        if not addresses:
            raise FetchError(
                f"refused: {host} does not resolve to a loopback address, and "
                "plain http is allowed only for loopback",
                kind="insecure",
            )
    return addresses


def _lookup(
    host: str, port: int, deadline: float, cancel: threading.Event | None
) -> list[Any]:
    found: list[Any] = []
    failed: list[OSError] = []
    done = threading.Event()

    def look_up() -> None:
        try:
            found.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as err:
            failed.append(err)
        finally:
            done.set()

    threading.Thread(target=look_up, name="jwtinspector-dns", daemon=True).start()
    while not done.wait(_POLL):
        _check_cancel(cancel)
        if time.monotonic() >= deadline:
            raise FetchError(
                f"the name {host} could not be resolved in time (no answer from "
                "the name server)",
                kind="dns",
            )
    if failed:
        raise failed[0]
    return found


def _wait(
    sock: socket.socket,
    deadline: float,
    cancel: threading.Event | None,
    *,
    write: bool,
) -> None:
    """Block until sock is ready, in short slices that look at cancel."""
    event = selectors.EVENT_WRITE if write else selectors.EVENT_READ
    with selectors.DefaultSelector() as selector:
        selector.register(sock, event)
        while True:
            _check_cancel(cancel)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("deadline reached")
            if selector.select(min(left, _POLL)):
                return


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("deadline reached")
    return left


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise FetchError("fetch cancelled", kind="cancelled")


# --- discovery and key sets -------------------------------------------------------


def discover(
    issuer: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cancel: threading.Event | None = None,
) -> Discovery:
    """The issuer's jwks_uri, from its OpenID configuration or RFC 8414 metadata.

    The document's ``issuer`` must be identical to ``issuer`` (OpenID Connect
    Discovery 1.0 §4.3, RFC 8414 §3.3).
    """
    parts = check_url(issuer)
    if parts.query or parts.fragment:
        raise FetchError(
            f"{issuer} cannot be an issuer: an issuer URL has no query or fragment",
            kind="url",
            url=issuer,
        )
    missing: list[str] = []
    for kind, url in discovery_urls(issuer):
        try:
            document = fetch_json(
                url, timeout=timeout, max_bytes=max_bytes, cancel=cancel
            )
        except FetchError as err:
            if err.kind not in _FALLBACK_KINDS:
                raise
            missing.append(f"no {kind}: {err}")
            continue
        return _read_discovery(issuer, kind, document, tuple(missing))
    raise FetchError(
        f"issuer {issuer} has no discovery document: " + "; ".join(missing),
        kind="no_discovery",
        url=issuer,
    )


def _read_discovery(
    issuer: str, kind: str, document: JsonDocument, notes: tuple[str, ...]
) -> Discovery:
    named = document.data.get("issuer")
    if named != issuer:
        says = "names no issuer"
        if "issuer" in document.data:
            says = f"names issuer {_json(named)}"
        raise FetchError(
            f"refused the {kind} at {document.final_url}: it {says}, not "
            f"{_q(issuer)}; the two must be identical (OpenID Connect Discovery "
            "§4.3, RFC 8414 §3.3)",
            kind="issuer_mismatch",
            url=document.final_url,
        )
    jwks_uri = document.data.get("jwks_uri")
    if not isinstance(jwks_uri, str) or not jwks_uri:
        raise FetchError(
            f"the {kind} at {document.final_url} has no jwks_uri: the issuer "
            "publishes no keys to verify with",
            kind="no_jwks_uri",
            url=document.final_url,
        )
    check_url(jwks_uri)
    return Discovery(
        issuer, document.final_url, kind, jwks_uri, document.max_age, notes
    )


def fetch_jwks(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cancel: threading.Event | None = None,
) -> tuple[FetchedKeySet, float | None]:
    """The key set at url, and the lifetime the server gave it."""
    document = fetch_json(url, timeout=timeout, max_bytes=max_bytes, cancel=cancel)
    return key_set_of(document.data, document.final_url), document.max_age


def key_set_of(data: Mapping[str, Any], url: str) -> FetchedKeySet:
    """Load a fetched JWKS; a missing or empty key list is a FetchError."""
    if "keys" not in data:
        raise FetchError(
            f'the answer from {url} is not a key set: it has no "keys" member',
            kind="not_jwks",
            url=url,
        )
    if data["keys"] == []:
        raise FetchError(f"the key set at {url} has no keys", kind="no_keys", url=url)
    try:
        loaded = load_key(json.dumps({"keys": data["keys"]}))
    except KeyMaterialError as err:
        raise FetchError(
            f"the key set at {url} is not usable: {err}", kind="no_keys", url=url
        ) from None
    assert isinstance(loaded, KeySet)
    # A key set served to anyone who asks holds no secret: an HMAC key in it
    # would let anyone sign tokens that then show as verified.
    public = tuple(key for key in loaded.keys if key.kty != "oct")
    certificates = jwk_certificates(data["keys"], skip=("oct",))
    if len(public) == len(loaded.keys):
        return FetchedKeySet(loaded.keys, loaded.skipped, url, certificates)
    skipped = tuple(
        f"{_label(key, index)}: an oct (HMAC) key published in a key set is no "
        "secret, so it proves nothing"
        for index, key in enumerate(loaded.keys, 1)
        if key.kty == "oct"
    )
    if not public:
        raise FetchError(
            f"the key set at {url} is not usable: it holds only HMAC (oct) keys, "
            "which are no secret once published",
            kind="no_keys",
            url=url,
        )
    return FetchedKeySet(public, (*loaded.skipped, *skipped), url, certificates)


def _label(key: KeyMaterial, index: int) -> str:
    return f"key {index} (kid {_q(key.kid)})" if key.kid is not None else f"key {index}"


# --- the cache --------------------------------------------------------------------


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
            url = self._jwks_url(source, moment, cancel, refresh, trace)
            entry, fetched = self._entry(url, moment, cancel, refresh)
            trace.extend(_set_lines(entry, moment))
            entry = self._after_rotation(token, entry, fetched, moment, cancel, trace)
        except FetchError as err:
            raise err.after(tuple(trace)) from None
        trace.extend(_ignored_header_urls(token))
        return entry.keys, tuple(trace)

    def _jwks_url(
        self,
        source: KeySource,
        now: float,
        cancel: threading.Event | None,
        refresh: bool,
        trace: list[str],
    ) -> str:
        if source.kind == "jwks":
            trace.append(f"JWKS URL {source.url}")
            return source.url
        trace.append(f"iss {source.url}")
        discovery, fetched = self._discovery(source.url, now, cancel, refresh)
        how = "fetched now" if fetched else "cached"
        trace.extend(discovery.notes)
        trace.append(
            f"{discovery.kind} {discovery.document_url} ({how}, issuer matches)"
        )
        trace.append(f"jwks_uri {discovery.jwks_uri}")
        return discovery.jwks_uri

    def _after_rotation(
        self,
        token: DecodedToken,
        entry: CachedKeySet,
        fetched: bool,
        now: float,
        cancel: threading.Event | None,
        trace: list[str],
    ) -> CachedKeySet:
        kid = _kid(token)
        if kid is None or fetched or any(k.kid == kid for k in entry.keys.keys):
            return entry
        age = now - entry.fetched_at
        if age < self.rotation_cooldown:
            trace.append(
                f"kid {_q(kid)} is not in the set, fetched {duration_text(age)} ago: "
                f"not fetched again (at most once per "
                f"{duration_text(self.rotation_cooldown)})"
            )
            return entry
        trace.append(f"kid {_q(kid)} is not in the cached set: fetched again once")
        try:
            fresh, _fetched = self._entry(entry.url, now, cancel, refresh=True)
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
    ) -> tuple[CachedKeySet, bool]:
        with self._lock:
            cached = self._sets.get(url)
        if cached is not None and not refresh and cached.is_fresh(now):
            return cached, False
        keys, lifetime = fetch_jwks(
            url, timeout=self.timeout, max_bytes=self.max_bytes, cancel=cancel
        )
        entry = CachedKeySet(url, keys, now, self._lifetime(lifetime))
        with self._lock:
            self._sets[url] = entry
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
        f"header {name} {_json(header[name], 200)} not fetched: a key location chosen "
        "by the token is never used automatically (RFC 8725 §3.10)"
        for name in ("jku", "x5u")
        if name in header
    ]


# --- verification -------------------------------------------------------------


def verify_with_source(
    token: DecodedToken,
    source: KeySource,
    *,
    cache: JwksCache,
    now: float,
    options: VerifyOptions = _ANY_TOKEN,
    cancel: threading.Event | None = None,
    refresh: bool = False,
) -> VerificationReport:
    """Fetch (or reuse) the source's keys and verify token with them.

    The report's ``signature.trace`` lists the fetch steps, then the key
    selection. With an issuer source, ``iss`` must equal it unless
    ``options.issuer`` says otherwise. A token that no key could check (alg
    none, JWE, malformed) is reported without fetching anything.

    Raises:
        FetchError: If the keys cannot be fetched; its ``trace`` has the steps
            done, and ``cancelled`` is True when ``cancel`` was set.
    """
    derived = source_options(options, source)
    unchecked = verify(token, None, now=now, options=derived)
    if unchecked.signature.status is SignatureStatus.CANNOT_CHECK:
        return unchecked
    if options.algorithms and token.alg not in options.algorithms:
        return verify(token, KeySet((), ()), now=now, options=derived)
    keys, steps = cache.resolve(token, source, now, cancel=cancel, refresh=refresh)
    report = verify(token, keys, now=now, options=derived)
    return with_key_steps(
        report, keys, steps, token=token, source=source, options=options
    )


def source_options(options: VerifyOptions, source: KeySource | None) -> VerifyOptions:
    """Keys from an issuer vouch only for its tokens: ``iss`` must be that issuer.

    The user's own expected issuer, when given, is kept.
    """
    if source is not None and source.kind == "issuer" and options.issuer is None:
        return dataclasses.replace(options, issuer=source.url)
    return options


def foreign_issuer(token: DecodedToken, source: KeySource | None) -> str | None:
    """Why keys fetched for an issuer do not apply to a token from another one."""
    if source is None or source.kind != "issuer":
        return None
    claims = token.claims or {}
    if claims.get("iss") == source.url:
        return None
    iss = f"has iss {_json(claims['iss'], 200)}" if "iss" in claims else "has no iss"
    return (
        f"Wrong issuer: the keys were fetched for issuer {_q(source.url)}, but "
        f"this token {iss}: "
        "they are another issuer's keys and prove nothing about this token. Fetch "
        "the keys of the token's own issuer."
    )


def check_claims_for_source(
    token: DecodedToken,
    source: KeySource | None,
    *,
    now: float,
    options: VerifyOptions = _ANY_TOKEN,
) -> tuple[ClaimCheck, ...]:
    """The claim checks, with ``iss`` held to the issuer the keys came from."""
    claims = check_claims(token, now=now, options=source_options(options, source))
    foreign = foreign_issuer(token, source) if options.issuer is None else None
    return claims if foreign is None else _foreign_claims(claims, foreign)


def _foreign_claims(
    claims: tuple[ClaimCheck, ...], foreign: str
) -> tuple[ClaimCheck, ...]:
    return tuple(
        ClaimCheck("iss", CheckStatus.FAILED, foreign)
        if check.claim == "iss" and check.failed
        else check
        for check in claims
    )


def with_key_steps(
    report: VerificationReport,
    keys: KeySet | KeyMaterial | None,
    steps: tuple[str, ...],
    *,
    token: DecodedToken | None = None,
    source: KeySource | None = None,
    options: VerifyOptions = _ANY_TOKEN,
    keep_steps: bool = True,
) -> VerificationReport:
    """The report with how the keys were found put before how one was chosen.

    The fetch steps already count the keys, so the selection's own count
    (``KeySet.summary``) is not repeated. When the keys came from an issuer
    (``source``) the token does not name, and the user expects no issuer of
    their own, a first line says so and the ``iss`` check says the keys came
    from another issuer; ``keep_steps=False`` then drops the fetch steps (the
    window, where the token changed after the fetch). The CLI and the window
    both use this.
    """
    trace = report.signature.trace
    if isinstance(keys, KeySet):
        counted = keys.summary()
        if trace[: len(counted)] == counted:
            trace = trace[len(counted) :]
    claims = report.claims
    foreign = None
    if options.issuer is None and token is not None:
        foreign = foreign_issuer(token, source)
    if foreign is not None:
        steps = (f"✗ {foreign}", *(steps if keep_steps else ()))
        claims = _foreign_claims(claims, foreign)
    signature = dataclasses.replace(report.signature, trace=(*steps, *trace))
    return dataclasses.replace(report, signature=signature, claims=claims)


# --- header-carried key locations -----------------------------------------------------


def fetch_header_url(
    token: DecodedToken,
    which: Literal["jku", "x5u"] = "jku",
    *,
    now: float,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cancel: threading.Event | None = None,
) -> HeaderKeys:
    """Fetch the key location the token's own header names: only on request.

    ``jku`` names a JWKS; ``x5u`` a PEM certificate chain (RFC 7515 §4.1.2,
    §4.1.5). The result's warning says why such keys prove nothing alone.
    """
    if which not in ("jku", "x5u"):
        raise UsageError(f"{which!r} is not a header key location: use jku or x5u")
    url = (token.header or {}).get(which)
    if not isinstance(url, str) or not url:
        raise FetchError(f"the token's header has no {which} URL", kind="url")
    host = check_url(url).hostname or url
    trace = [f"header {which} {_json(url, 200)} (fetched on request)"]
    certificates: tuple[CertificateInfo, ...] = ()
    keys: KeySet | KeyMaterial
    if which == "jku":
        keys, _lifetime = fetch_jwks(
            url, timeout=timeout, max_bytes=max_bytes, cancel=cancel
        )
        trace.extend(keys.summary())
    else:
        final, _headers, body = _fetch(
            url, timeout=timeout, max_bytes=max_bytes, cancel=cancel
        )
        try:
            certificates, keys = load_pem_chain(body, now=now, source="x5u")
        except KeyMaterialError as err:
            raise FetchError(
                f"the answer from {final} is not a PEM certificate chain: {err}",
                kind="not_pem",
                url=final,
            ) from None
        trace.append(
            f"{len(certificates)} certificates, leaf {certificates[0].subject}"
        )
    trace.extend(_issuer_host_note(token, host))
    warning = _HEADER_WARNING.format(which=which, host=host)
    return HeaderKeys(which, url, keys, certificates, warning, tuple(trace))


def _issuer_host_note(token: DecodedToken, host: str) -> list[str]:
    iss = (token.claims or {}).get("iss")
    if not isinstance(iss, str):
        return []
    try:
        iss_host = urlsplit(iss).hostname
    except ValueError:
        return []
    if iss_host is None or iss_host == host.lower():
        return []
    return [f"host {host} is not the issuer's host {iss_host}"]


# --- small helpers ----------------------------------------------------------------


def _ascii_host(host: str) -> str | None:
    """The host as sent on the wire (IDNA for international names), or None."""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def _kid(token: DecodedToken) -> str | None:
    kid = (token.header or {}).get("kid")
    return kid if isinstance(kid, str) else None


def _count(keys: KeySet) -> str:
    return "1 key" if len(keys.keys) == 1 else f"{len(keys.keys)} keys"


def _size(count: int) -> str:
    if count % (1024 * 1024) == 0:
        return f"{count // (1024 * 1024)} MiB"
    if count % 1024 == 0:
        return f"{count // 1024} KiB"
    return f"{count:,} bytes"


def _json_kind(value: Any) -> str:
    names = {list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _q(text: str) -> str:
    """Quote user-controlled text so control characters cannot break a line."""
    return json.dumps(text, ensure_ascii=False)


def _json(value: Any, limit: int = 1000) -> str:
    """JSON text of a value from a token or a server, cut to ``limit`` characters."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
