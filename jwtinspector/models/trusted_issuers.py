"""The issuers whose keys may be fetched without asking (an allow-list).

Issuer URLs are not secrets, so the list is kept in the settings; a fetch still
goes only to the issuer's own discovery document, never to a URL from a header.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings

_LIST, _AUTO = "fetch/trustedIssuers", "fetch/autoFetch"


class TrustedIssuers(QObject):
    """An allow-list of issuers and whether to fetch their keys automatically."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        settings = QSettings()
        value = settings.value(_LIST, [])
        # QSettings gives back a lone string for a one-item list.
        items = [value] if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
        self._issuers = [str(i) for i in items if str(i)]
        self.auto = str(settings.value(_AUTO, "false")).lower() == "true"

    def issuers(self) -> tuple[str, ...]:
        """The trusted issuers, in the order they were added."""
        return tuple(self._issuers)

    def trusts(self, issuer: str) -> bool:
        """True when ``issuer`` is on the list (exact match, as OIDC requires)."""
        return issuer in self._issuers

    def add(self, issuer: str) -> None:
        """Trust an issuer (https, or loopback for local testing)."""
        issuer = issuer.strip()
        if issuer and issuer not in self._issuers:
            self._issuers.append(issuer)
            QSettings().setValue(_LIST, self._issuers)

    def set_auto(self, auto: bool) -> None:
        """Fetch keys for trusted issuers as soon as their token is pasted."""
        self.auto = auto
        QSettings().setValue(_AUTO, "true" if auto else "false")

    def should_fetch(self, issuer: str) -> bool:
        """True when a token from ``issuer`` may have its keys fetched unasked."""
        return self.auto and self.trusts(issuer)
