"""What the key box holds, and the keys set aside because they did not fit a token.

Pure Python, no Qt: the session (models/session.py) owns this state and asks
these functions what to do when a new token arrives or the banner's link to
a key set aside is clicked. Keys set aside live in memory only.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jwtinspector.core.token import DecodedToken

# core.keys pulls in PyJWT and cryptography: imported on first use (start-up).

ASIDE_LIMIT = 4  # keys set aside, most recent first


@dataclasses.dataclass(frozen=True)
class KeyInputState:
    """What the key box shows and what it holds.

    ``mode``: "auto", "utf-8", "base64", "base64url", "key" or "fetch".
    ``kind``: what the text was recognised as ("RSA public key", "secret
    (text, 6 bytes)"); "" when empty or unreadable. ``sample``: the built-in
    sample's secret. ``aside``: the kind of a key the user entered that was
    set aside because it did not fit the token ("" = none).
    """

    text: str = dataclasses.field(default="", repr=False)
    mode: str = "auto"
    kind: str = ""
    sample: bool = False
    aside: str = ""
    note: str = ""  # e.g. that a text secret also reads as base64


@dataclasses.dataclass(frozen=True)
class AsideKey:
    """A key (or text that is not a key yet) set aside, to be put back as typed."""

    text: str = dataclasses.field(repr=False)
    mode: str
    kind: str  # "text" for text that did not load as a key
    key: Any = dataclasses.field(repr=False)  # KeyMaterial or KeySet; None for text


def token_alg(token: DecodedToken | None) -> str:
    """The token's JWS algorithm, "" when none a key could be fitted to."""
    from jwtinspector.core.keys import is_signature_alg

    alg = token.alg if token is not None and not token.is_encrypted else None
    return str(alg) if is_signature_alg(alg) else ""


def _fits(key: Any, alg: str) -> bool:
    from jwtinspector.core.keys import fits_family

    return key is not None and bool(fits_family(key, alg))


def offered(aside: tuple[AsideKey, ...], key: Any, alg: str) -> AsideKey | None:
    """The key set aside that the banner offers back, while the box holds no
    key that fits the token (``alg``, "" = no signed token): the most recent
    that fits, else the most recent (a tester may want it for an
    algorithm-confusion check)."""
    if not aside:
        return None
    if not alg:
        return aside[0]
    if _fits(key, alg):
        return None
    return next((k for k in aside if _fits(k.key, alg)), aside[0])


def offer_kind(aside: tuple[AsideKey, ...], key: Any, alg: str) -> str:
    """The kind of the key :func:`offered` names ("" = none)."""
    back = offered(aside, key, alg)
    return back.kind if back is not None else ""


def as_aside(state: KeyInputState, key: Any, *, fetched: bool) -> tuple[AsideKey, ...]:
    """The key box as a key to set aside: nothing typed is thrown away. The
    sample's secret and fetched keys are not the user's to keep."""
    if state.sample or fetched or not state.text.strip():
        return ()
    if key is None or not state.kind:  # text that is not a key yet
        return (AsideKey(state.text, state.mode, "text", None),)
    return (AsideKey(state.text, state.mode, state.kind, key),)


def set_aside(
    aside: tuple[AsideKey, ...], current: tuple[AsideKey, ...], back: AsideKey | None
) -> tuple[AsideKey, ...]:
    """The keys set aside once ``back`` returns to the box and ``current``
    (what the box held) is set aside, most recent first."""
    return (*current, *(k for k in aside if k is not back))[:ASIDE_LIMIT]


@dataclasses.dataclass(frozen=True)
class Fit:
    """What the key box holds for a new token, and the keys then set aside."""

    box: KeyInputState
    aside: tuple[AsideKey, ...]


def fit_to_token(
    state: KeyInputState,
    key: Any,
    aside: tuple[AsideKey, ...],
    alg: str,
    *,
    for_next_token: bool = False,
) -> Fit | None:
    """A new token arrived (``alg``: its JWS algorithm, "" = none): keep the
    key the user entered when it fits the token's algorithm family, else set
    it aside and put back a key set aside before that fits. The sample's
    secret goes for good. None: the box stays as it is.

    ``for_next_token``: the key was entered while no signed token was shown,
    so it is for this token whatever its algorithm. Fetched keys follow their
    issuer's rules instead: the caller does not fit them.
    """
    if state.sample:
        return Fit(KeyInputState(mode="auto"), aside)
    if state.mode == "fetch":
        return None  # the user chose to fetch the issuer's keys
    if not alg or for_next_token:
        return None  # nothing to fit, or entered for this token: it stays
    if _fits(key, alg):
        return None
    if key is None and state.text.strip():
        return None  # the user is still typing a key: leave it alone
    fitting = next((k for k in aside if _fits(k.key, alg)), None)
    if key is None and fitting is None:
        return None  # no key and none to put back
    rest = set_aside(aside, as_aside(state, key, fetched=False), fitting)
    if fitting is not None:
        return Fit(KeyInputState(fitting.text, fitting.mode, fitting.kind), rest)
    return Fit(KeyInputState(mode="auto"), rest)  # no key fits: an empty box
