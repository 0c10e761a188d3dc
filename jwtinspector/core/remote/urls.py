"""Which URLs may be fetched, and the key sources a user can name.

The one place of the fetch rules (the HTTP client asks :func:`check_url` for
every URL and redirect, and :func:`may_reach` for every address a name
resolves to):

- only http and https; a URL with a user name (user@host) is refused, as a
  common way to disguise the real host;
- plain http only to loopback addresses (127.0.0.0/8, ::1, localhost);
- no loopback from afar: a URL the tool did not get from the user (an
  issuer's ``jwks_uri``, a redirect) may use plain http or reach a loopback
  address only when the URL that named it is itself a loopback URL, so a
  remote issuer cannot make the tool request local URLs.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import math
from typing import Literal
from urllib.parse import SplitResult, urlsplit

from jwtinspector.core.errors import UsageError
from jwtinspector.core.remote.errors import FetchError, FetchKind
from jwtinspector.core.text import quote
from jwtinspector.core.token import DecodedToken


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


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1: the only hosts plain http may reach."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_loopback_url(url: str) -> bool:
    """True for an http(s) URL whose host is a loopback address."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return False
    return host is not None and is_loopback(host)


def may_reach_loopback(named_by: str | None) -> bool:
    """Whether a URL named by ``named_by`` (None: by the user) may reach loopback."""
    return named_by is None or is_loopback_url(named_by)


def may_reach(address: str, *, secure: bool, named_by: str | None) -> bool:
    """Whether a resolved address may be connected to: plain http only to
    loopback; loopback only for the user's own URLs or from a loopback one."""
    if is_loopback(address):
        return may_reach_loopback(named_by)
    return secure


def check_url(url: str, *, named_by: str | None = None) -> SplitResult:
    """The URL's parts; raises FetchError (without connecting) for a refused URL.

    ``named_by`` is the URL this one came from when the user did not give it
    (the issuer of a ``jwks_uri``, the URL that redirected here): then plain
    http and loopback hosts are refused unless ``named_by`` is loopback too.
    """
    if not isinstance(url, str) or not url.strip():
        raise FetchError("no URL given", kind=FetchKind.URL)
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(
            f"{quote(url)} is not an http or https URL", kind=FetchKind.URL, url=url
        )
    try:
        host, _port = parts.hostname, parts.port
    except ValueError:
        raise FetchError(
            f"{url} has an invalid port", kind=FetchKind.URL, url=url
        ) from None
    if not host:
        raise FetchError(f"{quote(url)} names no host", kind=FetchKind.URL, url=url)
    if ascii_host(host) is None:
        raise FetchError(
            f"{quote(url)} has an invalid host name", kind=FetchKind.URL, url=url
        )
    if parts.username is not None or parts.password is not None:
        raise FetchError(
            f"refused {url}: a user name in a URL (user@host) is a common way "
            "to disguise the real host",
            kind=FetchKind.URL,
            url=url,
        )
    if is_loopback(host) and not may_reach_loopback(named_by):
        raise FetchError(
            f"refused {url}: it was named by {named_by}, which is not a loopback "
            "URL; plain http and loopback addresses are allowed only when the "
            "issuer (or the URL naming them) is itself a loopback URL, so a "
            "remote server cannot make this tool request local URLs",
            kind=FetchKind.INSECURE,
            url=url,
        )
    if scheme == "http" and not is_loopback(host):
        raise FetchError(
            f"refused {url}: https is required; plain http is allowed only for "
            "loopback addresses (127.0.0.0/8, ::1, localhost)",
            kind=FetchKind.INSECURE,
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


def ascii_host(host: str) -> str | None:
    """The host as sent on the wire (IDNA for international names), or None."""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
