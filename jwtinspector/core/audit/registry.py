"""The check registry: ``@check`` registers a check, ``audit`` runs them all."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from jwtinspector.core.audit.context import AuditOptions, Context
from jwtinspector.core.audit.findings import Finding, sort_findings
from jwtinspector.core.keys import KeyMaterial, KeySet
from jwtinspector.core.sdjwt import SdJwt
from jwtinspector.core.token import DecodedToken

_DEFAULT_OPTIONS = AuditOptions()

CheckFunction = Callable[[Context], Iterator[Finding]]


@dataclasses.dataclass(frozen=True)
class Check:
    """One registered check.

    Attributes:
        family: The group it belongs to, e.g. "algorithm" or "identity".
        order: Where it runs: findings of one severity keep this order.
        function: Yields the findings for one context.
    """

    family: str
    order: int
    function: CheckFunction

    @property
    def name(self) -> str:
        return self.function.__name__.lstrip("_")


_REGISTRY: dict[str, Check] = {}
_ordered: tuple[Check, ...] | None = None  # registered_checks(), until the next @check


def check(family: str, order: int) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated function as a check of ``family``.

    Args:
        family: The group the check belongs to.
        order: Its place in the run (lower runs first); unique.
    """

    def register(function: CheckFunction) -> CheckFunction:
        global _ordered
        key = f"{function.__module__}.{function.__qualname__}"
        taken = [c for k, c in _REGISTRY.items() if c.order == order and k != key]
        if taken:
            raise ValueError(f"check order {order} is taken by {taken[0].name}")
        _REGISTRY[key] = Check(family, order, function)
        _ordered = None
        return function

    return register


def registered_checks() -> tuple[Check, ...]:
    """Every registered check, in the order ``audit`` runs them."""
    global _ordered
    if _ordered is None:
        _ordered = tuple(sorted(_REGISTRY.values(), key=lambda c: c.order))
    return _ordered


def audit(
    token: DecodedToken,
    *,
    now: float,
    key: KeyMaterial | KeySet | None = None,
    options: AuditOptions = _DEFAULT_OPTIONS,
    sd_jwt: SdJwt | None = None,
    nested: DecodedToken | None = None,
) -> tuple[Finding, ...]:
    """Every finding for ``token``, most severe first.

    Args:
        token: The decoded token; whatever part decoded is checked.
        now: The current time, seconds since 1970.
        key: The key or key set the user has for this token, if any: enables
            the key checks (short HMAC secret, algorithm confusion, mismatch).
        options: Thresholds and the weak-secret switch.
        sd_jwt: The SD-JWT ``token`` is the issuer JWT of, if it is one:
            enables the SD-JWT checks.
        nested: The token inside ``token`` when it is a JWE that was
            decrypted: enables the nested-token checks.
    """
    context = Context.make(token, now, key, options, sd_jwt, nested)
    findings: list[Finding] = []
    for registered in registered_checks():
        findings.extend(registered.function(context))
    return sort_findings(findings)
