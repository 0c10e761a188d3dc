"""The issuers whose keys may be fetched without asking (an allow-list).

Issuer URLs are not secrets, so the list is kept in the settings; a fetch still
goes only to the issuer's own discovery document, never to a URL from a header.
Only http(s) issuer URLs are accepted (https, or plain http to loopback), so
text typed by mistake (a secret, a token) never reaches the settings file.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from jwtinspector import window_settings


def issuer_problem(issuer: str) -> str:
    """Why ``issuer`` cannot be trusted ("" when it can): an http(s) URL only."""
    from jwtinspector.core.fetch import FetchError, check_url

    try:
        parts = check_url(issuer)
    except FetchError as exc:
        return f"Not trusted: {exc}. Only an issuer URL (https://…) can be trusted."
    if parts.query or parts.fragment:
        return (
            "Not trusted: an issuer URL has no query or fragment (…?… or …#…). "
            "Only an issuer URL (https://…) can be trusted."
        )
    return ""


class TrustedIssuers(QObject):
    """An allow-list of issuers and whether to fetch their keys automatically."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        stored = window_settings.trusted_issuers()
        self._issuers = [i for i in stored if not issuer_problem(i)]
        if self._issuers != stored:  # drop what an older version let in
            self._save()
        self.auto = window_settings.auto_fetch()

    def issuers(self) -> tuple[str, ...]:
        """The trusted issuers, in the order they were added."""
        return tuple(self._issuers)

    def trusts(self, issuer: str) -> bool:
        """True when ``issuer`` is on the list (exact match, as OIDC requires)."""
        return issuer in self._issuers

    def add(self, issuer: str) -> str:
        """Trust an issuer URL; returns why it was refused ("" when added)."""
        issuer = issuer.strip()
        problem = issuer_problem(issuer)
        if problem:
            return problem
        if issuer not in self._issuers:
            self._issuers.append(issuer)
            self._save()
        return ""

    def remove(self, issuer: str) -> None:
        """Stop trusting an issuer."""
        if issuer in self._issuers:
            self._issuers.remove(issuer)
            self._save()

    def set_auto(self, auto: bool) -> None:
        """Fetch keys for trusted issuers as soon as their token is pasted."""
        self.auto = auto
        window_settings.set_auto_fetch(auto)

    def should_fetch(self, issuer: str) -> bool:
        """True when a token from ``issuer`` may have its keys fetched unasked."""
        return self.auto and self.trusts(issuer)

    def _save(self) -> None:
        window_settings.set_trusted_issuers(list(self._issuers))
