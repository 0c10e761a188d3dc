"""A small HTTP GET client for JSON documents, bounded in time and size.

Built to run off the GUI thread: each step checks a ``cancel`` event, and every
wait on the network (name lookup, connect, TLS, each read) is bounded by one
deadline, so a server that accepts and never answers cannot hang the caller.
Plain http is refused except to loopback addresses; redirects may not leave
https.
"""

from __future__ import annotations

import dataclasses
import errno
import http.client
import io
import ipaddress
import os
import selectors
import socket
import ssl
import threading
import time
from email.message import Message
from typing import Any
from urllib.parse import SplitResult, quote, urljoin, urlsplit

from jwtinspector import __version__
from jwtinspector.core.errors import TokenFormatError
from jwtinspector.core.json_read import json_value
from jwtinspector.core.remote.errors import FetchError, FetchKind
from jwtinspector.core.remote.urls import (
    ascii_host,
    check_limits,
    check_url,
    may_reach,
)
from jwtinspector.core.text import json_kind

DEFAULT_TIMEOUT = 5.0
"""Seconds one fetch may take, from name lookup to the last byte."""
DEFAULT_MAX_BYTES = 1024 * 1024
"""Largest answer read (1 MiB); reading stops there."""

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


def fetch_json(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cancel: threading.Event | None = None,
    named_by: str | None = None,
) -> JsonDocument:
    """GET a JSON object; every failure is a FetchError saying what went wrong.

    ``named_by``: the URL that named ``url`` when the user did not (see
    :func:`urls.check_url`)."""
    final_url, headers, body = fetch_bytes(
        url, timeout=timeout, max_bytes=max_bytes, cancel=cancel, named_by=named_by
    )
    try:
        data = json_value(body, "answer")
    except TokenFormatError as err:
        kind = headers.get("Content-Type")
        hint = f" (Content-Type {kind})" if kind and "json" not in kind else ""
        reason = err.reason.removeprefix("not valid JSON: ")
        raise FetchError(
            f"the answer from {final_url} is not JSON{hint}: {reason}",
            kind=FetchKind.NOT_JSON,
            url=final_url,
        ) from None
    if not isinstance(data, dict):
        raise FetchError(
            f"the answer from {final_url} is JSON but not an object "
            f"(it is {_list_or_kind(data)})",
            kind=FetchKind.NOT_OBJECT,
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


def fetch_bytes(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    cancel: threading.Event | None,
    named_by: str | None = None,
) -> tuple[str, Message, bytes]:
    """(final URL, headers, body) of a 200 answer, following a few redirects.

    Each redirect target is named by the URL that redirected to it: it may
    reach loopback only from a loopback URL (:func:`urls.check_url`)."""
    check_limits(timeout, max_bytes)
    deadline = time.monotonic() + timeout
    current = url
    for _ in range(_MAX_REDIRECTS + 1):
        parts = check_url(current, named_by=named_by)
        status, reason, headers, body = _exchange(
            current, parts, deadline, timeout, max_bytes, cancel, named_by
        )
        if status == 200:
            return current, headers, body
        location = headers.get("Location")
        if status not in _REDIRECTS or not location:
            raise FetchError(
                f"cannot fetch {current}: the server answered HTTP {status} {reason}",
                kind=FetchKind.STATUS,
                url=current,
            )
        target = urljoin(current, location)
        if parts.scheme == "https" and urlsplit(target).scheme.lower() != "https":
            raise FetchError(
                f"refused the redirect from {current} to {target}: it leaves https",
                kind=FetchKind.INSECURE,
                url=target,
            )
        named_by, current = current, target
    raise FetchError(
        f"cannot fetch {url}: more than {_MAX_REDIRECTS} redirects",
        kind=FetchKind.HTTP,
        url=url,
    )


def _exchange(
    url: str,
    parts: SplitResult,
    deadline: float,
    timeout: float,
    max_bytes: int,
    cancel: threading.Event | None,
    named_by: str | None,
) -> tuple[int, str, Message, bytes]:
    """One GET, with every low-level failure turned into a FetchError."""
    host = ascii_host(parts.hostname or "") or ""
    secure = parts.scheme.lower() == "https"
    port = parts.port or (443 if secure else 80)
    where = f"{host}:{port}"
    try:
        _check_cancel(cancel)
        with _open(host, port, secure, deadline, cancel, named_by) as sock:
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


def _failure(
    err: Exception, host: str, where: str, timeout: float
) -> tuple[FetchKind, str]:
    """(kind, cause in words) for a network or protocol error."""
    if isinstance(err, socket.gaierror):
        return FetchKind.DNS, f"the name {host} could not be resolved ({err.strerror})"
    if isinstance(err, ssl.SSLCertVerificationError):
        return (
            FetchKind.TLS,
            f"TLS: the certificate of {host} is not trusted ({err.verify_message})",
        )
    if isinstance(err, ssl.SSLError):
        return FetchKind.TLS, f"TLS handshake with {where} failed ({err.reason or err})"
    if isinstance(err, ConnectionRefusedError):
        return (
            FetchKind.REFUSED,
            f"connection refused by {where} (nothing listens there)",
        )
    if isinstance(err, TimeoutError):
        return (
            FetchKind.TIMEOUT,
            f"timed out: no answer from {where} within {timeout:g} s",
        )
    if isinstance(err, http.client.HTTPException):
        reason = str(err) or type(err).__name__
        return FetchKind.HTTP, f"{where} did not answer with valid HTTP ({reason})"
    strerror = err.strerror if isinstance(err, OSError) else None
    return FetchKind.NETWORK, f"network error with {where} ({strerror or err})"


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
            kind=FetchKind.TOO_LARGE,
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
                kind=FetchKind.TOO_LARGE,
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
    named_by: str | None,
) -> socket.socket:
    """A connected socket (TLS-wrapped for https); plain http only to loopback."""
    failure: OSError | None = None
    for family, address in _resolve(host, port, deadline, cancel, secure, named_by):
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
    named_by: str | None,
) -> list[tuple[int, Any]]:
    """Addresses for host that :func:`urls.may_reach` allows; the lookup runs
    aside so that it too can time out."""
    try:
        ipaddress.ip_address(host)
        infos = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST
        )
    except ValueError:
        infos = _lookup(host, port, deadline, cancel)
    found: list[tuple[int, Any]] = [(info[0], info[4]) for info in infos]
    addresses = [
        a for a in found if may_reach(str(a[1][0]), secure=secure, named_by=named_by)
    ]
    if addresses:
        return addresses
    if not secure:
        raise FetchError(
            f"refused: {host} does not resolve to a loopback address, and "
            "plain http is allowed only for loopback",
            kind=FetchKind.INSECURE,
        )
    raise FetchError(
        f"refused: {host} resolves only to loopback addresses, and it was named "
        f"by {named_by}, which is not a loopback URL: a remote server cannot make "
        "this tool request local URLs",
        kind=FetchKind.INSECURE,
    )


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
                kind=FetchKind.DNS,
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
        raise FetchError("fetch cancelled", kind=FetchKind.CANCELLED)


def _size(count: int) -> str:
    if count % (1024 * 1024) == 0:
        return f"{count // (1024 * 1024)} MiB"
    if count % 1024 == 0:
        return f"{count // 1024} KiB"
    return f"{count:,} bytes"


def _list_or_kind(value: Any) -> str:
    # "a list" is how this message has always named a JSON array.
    return "a list" if isinstance(value, list) else json_kind(value)
