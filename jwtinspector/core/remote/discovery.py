"""OpenID Connect discovery and RFC 8414 metadata: where an issuer's keys are."""

from __future__ import annotations

import dataclasses
import threading
from urllib.parse import urlsplit, urlunsplit

from jwtinspector.core.remote.errors import FetchError, FetchKind
from jwtinspector.core.remote.http import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    JsonDocument,
    fetch_json,
)
from jwtinspector.core.remote.urls import check_url
from jwtinspector.core.text import json_snippet, quote

_FALLBACK_KINDS = (FetchKind.STATUS, FetchKind.NOT_JSON, FetchKind.NOT_OBJECT)
_WELL_KNOWN = (
    ("OpenID Connect discovery document", "/.well-known/openid-configuration"),
    ("RFC 8414 metadata", "/.well-known/oauth-authorization-server"),
)


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
            kind=FetchKind.URL,
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
        kind=FetchKind.NO_DISCOVERY,
        url=issuer,
    )


def _read_discovery(
    issuer: str, kind: str, document: JsonDocument, notes: tuple[str, ...]
) -> Discovery:
    named = document.data.get("issuer")
    if named != issuer:
        says = "names no issuer"
        if "issuer" in document.data:
            says = f"names issuer {json_snippet(named)}"
        raise FetchError(
            f"refused the {kind} at {document.final_url}: it {says}, not "
            f"{quote(issuer)}; the two must be identical (OpenID Connect Discovery "
            "§4.3, RFC 8414 §3.3)",
            kind=FetchKind.ISSUER_MISMATCH,
            url=document.final_url,
        )
    jwks_uri = document.data.get("jwks_uri")
    if not isinstance(jwks_uri, str) or not jwks_uri:
        raise FetchError(
            f"the {kind} at {document.final_url} has no jwks_uri: the issuer "
            "publishes no keys to verify with",
            kind=FetchKind.NO_JWKS_URI,
            url=document.final_url,
        )
    # No loopback from afar: the document names the URL, not the user.
    check_url(jwks_uri, named_by=issuer)
    return Discovery(
        issuer, document.final_url, kind, jwks_uri, document.max_age, notes
    )
