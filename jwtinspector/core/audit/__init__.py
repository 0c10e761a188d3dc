"""Security findings for a token: RFC 8725 and the known JWT attacks as checks.

``audit`` looks at a decoded token (and, when given, the key the user has for
it) and returns findings a learner can act on: what is wrong, why it matters,
what to do instead and where the rule comes from. Nothing is fetched, nothing
is trusted, and the clock is passed in.

The package: ``findings`` (severities, the Finding record and the catalogue
of every finding id), ``context`` (options and the per-run context),
``registry`` (``@check`` and ``audit``) and ``checks/`` (one module per
family of checks).
"""

from jwtinspector.core.audit import checks
from jwtinspector.core.audit.checks.header import KNOWN_TYPES
from jwtinspector.core.audit.checks.keys import (
    certificates_in,
    weak_secret_finding,
)
from jwtinspector.core.audit.checks.sensitive import card_brand, luhn_valid
from jwtinspector.core.audit.context import (
    LONG_LIFETIME,
    MAX_KID_LENGTH,
    MAX_SCAN_SIZE,
    MAX_TOKEN_SIZE,
    AuditOptions,
)
from jwtinspector.core.audit.findings import (
    BLOCKING_SEVERITIES,
    CATALOGUE,
    SEVERITIES,
    CatalogueEntry,
    Finding,
    Severity,
    catalogue,
    sort_findings,
)
from jwtinspector.core.audit.registry import audit, check, registered_checks

__all__ = [
    "BLOCKING_SEVERITIES",
    "CATALOGUE",
    "KNOWN_TYPES",
    "LONG_LIFETIME",
    "MAX_KID_LENGTH",
    "MAX_SCAN_SIZE",
    "MAX_TOKEN_SIZE",
    "SEVERITIES",
    "AuditOptions",
    "CatalogueEntry",
    "Finding",
    "Severity",
    "audit",
    "card_brand",
    "catalogue",
    "certificates_in",
    "check",
    "checks",
    "luhn_valid",
    "registered_checks",
    "sort_findings",
    "weak_secret_finding",
]
