"""Key input and fetch: the key box and the session, a key file, issuer keys
fetched off the GUI thread (on request, for a trusted issuer unasked, or
again when a new kid shows a key rotation) and the trusted issuers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot

if TYPE_CHECKING:
    from collections.abc import Callable

    from jwtinspector.core.token import DecodedToken
    from jwtinspector.models.key_fetcher import KeyFetcher
    from jwtinspector.models.session import TokenSession
    from jwtinspector.models.trusted_issuers import TrustedIssuers
    from jwtinspector.widgets.key_fetch_box import KeyFetchBox
    from jwtinspector.widgets.signature_panel import SignaturePanel


class KeyInput(QObject):
    """Between the signature pane's key inputs and the session."""

    def __init__(
        self,
        session: TokenSession,
        panel: SignaturePanel,
        trusted: TrustedIssuers,
        show_status: Callable[[str, int], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.panel = panel
        self.trusted = trusted
        self._status = show_status
        self._fetcher: KeyFetcher | None = None  # made on first use
        self._rotation_kid: str | None = None  # keys fetched again for it

    @Slot()
    def open_key_file(self) -> None:
        """Load a key file into the key input (kept in memory only)."""
        from PySide6.QtWidgets import QFileDialog

        from jwtinspector.controllers.token_input import read_checked

        path, _ = QFileDialog.getOpenFileName(
            self.panel.window(),
            "Open key",
            "",
            "Keys (*.pem *.crt *.cer *.key *.json *.jwk *.jwks);;All files (*)",
        )
        if not path:
            return
        data = read_checked(path)
        if isinstance(data, str):
            self.panel.show_key_error(data)
            return
        self.panel.set_key_text(data.decode("utf-8", "replace"))

    @Slot(object)
    def show_certificates(self, _value: object = None) -> None:
        self.panel.show_certificates(
            self.session.certificate_lines(), self.session.has_header_certificate()
        )

    # --- issuer keys --------------------------------------------------------

    @property
    def fetcher(self) -> KeyFetcher:
        """Fetches issuer keys off the GUI thread (made on first use)."""
        if self._fetcher is None:
            from jwtinspector.models.key_fetcher import KeyFetcher

            fetcher = self._fetcher = KeyFetcher(self)
            fetcher.fetched.connect(self.session.set_fetched_keys)
            fetcher.failed.connect(self.session.fetch_failed)
            box = self.panel.fetch_box
            fetcher.busy_changed.connect(box.show_busy)
            fetcher.busy_changed.connect(self._on_fetch_busy)
            box.cancel_requested.connect(fetcher.cancel)
            from jwtinspector.controllers.key_rotation import RotationRetry

            retry = RotationRetry(self.session, lambda: fetcher.cache, self._refetch)
            retry.setParent(self)
            fetcher.fetched.connect(retry.after_fetch)  # after the session's
        return self._fetcher

    def cancel(self) -> None:
        """Stop a fetch under way (the window is closing)."""
        if self._fetcher is not None:
            self._fetcher.cancel()

    @Slot(object)
    def wire_fetch_box(self, box: KeyFetchBox) -> None:
        """The fetch box is built on first use: wire it then."""
        session = self.session
        box.fetch_requested.connect(self.fetch_keys)
        box.trust_requested.connect(self.trust_issuer)
        box.untrust_requested.connect(self.untrust_issuer)
        box.auto_fetch_toggled.connect(self.trusted.set_auto)
        box.show_trusted(self.trusted.issuers(), self.trusted.auto)
        box.show_fetched(session.foreign_keys_note())
        box.header_fetch_requested.connect(
            lambda which: self.fetcher.fetch_header(session.token, which)
        )

    def show_fetched_note(self, _report: object) -> None:
        if self.panel.fetch_box_built:
            self.panel.fetch_box.show_fetched(self.session.foreign_keys_note())

    @Slot(str, bool, str)
    def fetch_keys(self, source: str, refresh: bool, kind: str = "issuer") -> None:
        if self.session.token is None:
            self.panel.show_key_error("Paste a token first.")
            return
        self.fetcher.fetch(self.session.token, source, kind=kind, refresh=refresh)

    @Slot(str)
    def trust_issuer(self, issuer: str) -> None:
        problem = self.trusted.add(issuer)
        if problem:
            self.panel.show_key_error(problem)
            return
        self.panel.fetch_box.show_trusted(self.trusted.issuers(), self.trusted.auto)
        self._status(f"Trusted issuer: {issuer}", 4000)

    @Slot(str)
    def untrust_issuer(self, issuer: str) -> None:
        self.trusted.remove(issuer)
        self.panel.fetch_box.show_trusted(self.trusted.issuers(), self.trusted.auto)
        self._status(f"No longer trusted: {issuer}", 4000)

    @Slot(object)
    def maybe_refetch_rotated(self, token: DecodedToken | None) -> None:
        """Key rotation: a kid missing from fetched keys fetches them again once."""
        source = self.session.rotation_source()
        if token is not None and source is not None:
            self._refetch(token, source)

    def _refetch(self, token: DecodedToken, source: Any) -> None:
        """Fetch the source's keys again for the token's new kid."""
        self.fetcher.fetch(token, source.url, kind=source.kind)
        self._rotation_kid = str((token.header or {}).get("kid"))

    @Slot(object)
    def show_rotation_pending(self, report: Any) -> None:
        """While keys are fetched again for a new kid, the banner says so
        rather than "cannot be checked" for the moment the fetch takes."""
        token = self.session.token
        kid = (token.header or {}).get("kid") if token is not None else None
        if (
            self._rotation_kid is not None
            and kid == self._rotation_kid
            and self.session.key_source is not None  # still the fetched keys
            and report is not None
            and report.signature.status.value not in ("valid", "invalid")
        ):
            self.panel.show_refetching(self._rotation_kid)

    @Slot(bool)
    def _on_fetch_busy(self, busy: bool) -> None:
        if not busy and self._rotation_kid is not None:
            self._rotation_kid = None
            # A cancelled fetch brings no new report: show the last one again.
            self.panel.show_report(self.session.report)

    @Slot(object)
    def maybe_fetch_trusted(self, token: DecodedToken | None) -> None:
        """The allow-list setting: fetch a trusted issuer's keys unasked."""
        iss = (token.claims or {}).get("iss") if token is not None else None
        if not isinstance(iss, str) or not self.trusted.should_fetch(iss):
            return
        fetched_elsewhere = bool(self.session.foreign_keys_note())
        if (
            self.session.key is not None and not fetched_elsewhere
        ) or self.session.edit_source:
            return  # the user's own key wins; edits do not refetch
        from jwtinspector.widgets.signature_panel import FETCH_MODE

        panel = self.panel
        panel.key_mode.setCurrentIndex(FETCH_MODE)
        panel.fetch_box.source_edit.setText(iss)
        self.fetcher.fetch(token, iss)
