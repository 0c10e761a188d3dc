"""Why a fetch failed: one error class, with its cause as an enum."""

from __future__ import annotations

import enum

from jwtinspector.core.errors import InspectorError
from jwtinspector.core.text import printable


class FetchKind(enum.StrEnum):
    """The cause of a FetchError, for code (equal to its old string value)."""

    URL = "url"
    INSECURE = "insecure"
    DNS = "dns"
    TLS = "tls"
    REFUSED = "refused"
    TIMEOUT = "timeout"
    NETWORK = "network"
    HTTP = "http"
    STATUS = "status"
    TOO_LARGE = "too_large"
    NOT_JSON = "not_json"
    NOT_OBJECT = "not_object"
    NO_DISCOVERY = "no_discovery"
    ISSUER_MISMATCH = "issuer_mismatch"
    NO_JWKS_URI = "no_jwks_uri"
    NOT_JWKS = "not_jwks"
    NO_KEYS = "no_keys"
    AMBIGUOUS = "ambiguous"
    NOT_PEM = "not_pem"
    CANCELLED = "cancelled"


class FetchError(InspectorError):
    """Raised when a document or key set cannot be fetched or used.

    The message and trace may hold URLs and words a server or a token chose:
    any control or direction character in them is shown escaped.

    Attributes:
        kind: The cause, a :class:`FetchKind` (a string enum, so it also
            compares equal to "dns", "not_pem" and the like).
        url: The URL concerned, when there is one.
        trace: The steps done before the failure, for the key-selection trace.
    """

    def __init__(
        self,
        message: str,
        *,
        kind: FetchKind | str,
        url: str | None = None,
        trace: tuple[str, ...] = (),
    ) -> None:
        super().__init__(printable(message))
        self.kind = FetchKind(kind)
        self.url = url
        self.trace = tuple(printable(step) for step in trace)

    @property
    def cancelled(self) -> bool:
        """True when the caller cancelled the fetch: nothing to report."""
        return self.kind is FetchKind.CANCELLED

    def after(self, steps: tuple[str, ...]) -> FetchError:
        """The same error with ``steps`` put before its own trace."""
        return FetchError(
            str(self), kind=self.kind, url=self.url, trace=(*steps, *self.trace)
        )
