"""The key locations a token names itself (``jku``, ``x5u``): fetched only when
the user asks, with a warning that such keys prove nothing alone."""

from __future__ import annotations

import dataclasses
import threading
from typing import Literal
from urllib.parse import urlsplit

from jwtinspector.core.certs import CertificateInfo, load_pem_chain
from jwtinspector.core.errors import KeyMaterialError, UsageError
from jwtinspector.core.keys import KeyMaterial, KeySet
from jwtinspector.core.remote.errors import FetchError, FetchKind
from jwtinspector.core.remote.http import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    fetch_bytes,
)
from jwtinspector.core.remote.jwks import fetch_jwks
from jwtinspector.core.remote.urls import check_url
from jwtinspector.core.text import json_snippet, printable
from jwtinspector.core.token import DecodedToken

_HEADER_WARNING = (
    "This {which} URL comes from the token itself: whoever made the token chose "
    "it. A signature that verifies with keys fetched from it proves nothing, "
    "unless you trust {host} to publish this issuer's keys (RFC 8725 §3.10)."
)


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
        raise FetchError(f"the token's header has no {which} URL", kind=FetchKind.URL)
    host = check_url(url).hostname or url
    trace = [f"header {which} {json_snippet(url, 200)} (fetched on request)"]
    certificates: tuple[CertificateInfo, ...] = ()
    keys: KeySet | KeyMaterial
    if which == "jku":
        keys, _lifetime = fetch_jwks(
            url, timeout=timeout, max_bytes=max_bytes, cancel=cancel
        )
        trace.extend(keys.summary())
    else:
        final, _headers, body = fetch_bytes(
            url, timeout=timeout, max_bytes=max_bytes, cancel=cancel
        )
        try:
            certificates, keys = load_pem_chain(body, now=now, source="x5u")
        except KeyMaterialError as err:
            raise FetchError(
                f"the answer from {final} is not a PEM certificate chain: {err}",
                kind=FetchKind.NOT_PEM,
                url=final,
            ) from None
        trace.append(
            f"{len(certificates)} certificates, leaf {certificates[0].subject}"
        )
    trace.extend(_issuer_host_note(token, host))
    warning = _HEADER_WARNING.format(which=which, host=printable(host))
    steps = tuple(printable(step) for step in trace)
    return HeaderKeys(which, url, keys, certificates, warning, steps)


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
