"""Key sets served over HTTP (JWKS): fetched, loaded, their HMAC keys refused."""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Mapping
from typing import Any

from jwtinspector.core.certs import JwkCertificates, jwk_certificates
from jwtinspector.core.errors import KeyMaterialError
from jwtinspector.core.keys import KeySet, load_key
from jwtinspector.core.keys.sets import ambiguous_text
from jwtinspector.core.remote.errors import FetchError, FetchKind
from jwtinspector.core.remote.http import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, fetch_json


@dataclasses.dataclass(frozen=True)
class FetchedKeySet(KeySet):
    """A key set as a server served it: its keys, where from, its certificates.

    It verifies like any KeySet. The JWKs that carry certificates (``x5c``,
    ``x5t``) are kept as served, so their chains can be shown (the loaded
    keys keep no certificates). A served set holds no oct key: a published
    secret is none, and one beside public keys makes the set ambiguous.

    Attributes:
        url: Where the set came from, after redirects.
        certificates: Its JWKs with certificates, in the set's order.
    """

    url: str = ""
    certificates: tuple[JwkCertificates, ...] = ()


def fetch_jwks(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cancel: threading.Event | None = None,
    named_by: str | None = None,
) -> tuple[FetchedKeySet, float | None]:
    """The key set at url, and the lifetime the server gave it (``named_by``:
    the issuer whose document named url, see :func:`urls.check_url`)."""
    document = fetch_json(
        url, timeout=timeout, max_bytes=max_bytes, cancel=cancel, named_by=named_by
    )
    return key_set_of(document.data, document.final_url), document.max_age


def key_set_of(data: Mapping[str, Any], url: str) -> FetchedKeySet:
    """Load a fetched JWKS; a missing or empty key list is a FetchError."""
    if "keys" not in data:
        raise FetchError(
            f'the answer from {url} is not a key set: it has no "keys" member',
            kind=FetchKind.NOT_JWKS,
            url=url,
        )
    if data["keys"] == []:
        raise FetchError(
            f"the key set at {url} has no keys", kind=FetchKind.NO_KEYS, url=url
        )
    try:
        loaded = load_key(json.dumps({"keys": data["keys"]}))
    except KeyMaterialError as err:
        raise FetchError(
            f"the key set at {url} is not usable: {err}",
            kind=FetchKind.NO_KEYS,
            url=url,
        ) from None
    assert isinstance(loaded, KeySet)
    # An ambiguous set (secrets beside public keys, a kid held twice) is
    # refused whole, by the rule every key set follows.
    if loaded.ambiguity:
        raise FetchError(
            f"the key set at {url} is ambiguous, so none of its keys is used: "
            f"{ambiguous_text(loaded.ambiguity)}",
            kind=FetchKind.AMBIGUOUS,
            url=url,
        )
    # A key set served to anyone who asks holds no secret: an HMAC key in it
    # would let anyone sign tokens that then show as verified.
    if any(key.kty == "oct" for key in loaded.keys):
        raise FetchError(
            f"the key set at {url} is not usable: it holds only HMAC (oct) keys, "
            "which are no secret once published",
            kind=FetchKind.NO_KEYS,
            url=url,
        )
    certificates = jwk_certificates(data["keys"], skip=("oct",))
    return FetchedKeySet(loaded.keys, loaded.skipped, url, certificates)
