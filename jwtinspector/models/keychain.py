"""The system keychain, through the ``keyring`` package: where a kept
token's key goes, with the user's consent, and nowhere else.

``keyring`` is imported on first use (never at start-up). Where it finds no
keychain (its fail or null backend, as on a bare CI machine), ``unavailable()``
says so and nothing is stored: there is no fallback file.
"""

from __future__ import annotations

import json
from typing import Any

SERVICE = "JWT Inspector token history"
"""The keychain items' service name; each item's user name is the entry's id."""


class KeychainError(Exception):
    """The keychain refused: the message says why, in plain words."""


def _keyring() -> Any:
    import keyring

    return keyring


def unavailable() -> str:
    """Why keys cannot be remembered here ("" when a keychain is available)."""
    try:
        keyring = _keyring()
        backend = keyring.get_keyring()
    except Exception as exc:  # no package, or a backend that fails to load
        return f"The system keychain cannot be reached ({_line(exc)})."
    names = {type(backend).__module__}
    # A chain of backends (keyring's default on some systems) may be empty.
    names.update(type(b).__module__ for b in getattr(backend, "backends", ()))
    empty_chain = hasattr(backend, "backends") and not backend.backends
    if empty_chain or names & {"keyring.backends.fail", "keyring.backends.null"}:
        return (
            "No system keychain is available on this machine, so keys cannot be "
            "remembered; nothing is stored in any other place."
        )
    return ""


def store(entry_id: str, text: str, mode: str) -> None:
    """Remember the key box's text and mode for an entry."""
    secret = json.dumps({"text": text, "mode": mode})
    try:
        _keyring().set_password(SERVICE, entry_id, secret)
    except Exception as exc:
        raise KeychainError(
            f"The system keychain did not store the key ({_line(exc)})."
        ) from None


def load(entry_id: str) -> tuple[str, str] | None:
    """The key box's text and mode remembered for an entry (None: none)."""
    try:
        secret = _keyring().get_password(SERVICE, entry_id)
    except Exception as exc:
        raise KeychainError(
            f"The system keychain did not give the key back ({_line(exc)})."
        ) from None
    if secret is None:
        return None
    try:
        data = json.loads(secret)
        return str(data["text"]), str(data["mode"])
    except (ValueError, KeyError, TypeError):
        raise KeychainError(
            "The key in the system keychain is not one this app stored."
        ) from None


def delete(entry_id: str) -> None:
    """Forget an entry's key (nothing to forget is fine)."""
    try:
        keyring = _keyring()
        if keyring.get_password(SERVICE, entry_id) is not None:
            keyring.delete_password(SERVICE, entry_id)
    except Exception as exc:
        raise KeychainError(
            f"The system keychain did not delete the key ({_line(exc)})."
        ) from None


def _line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200] or type(
        exc
    ).__name__
