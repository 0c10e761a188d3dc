"""The audit's checks, one module per family; importing this registers them."""

from jwtinspector.core.audit.checks import (
    algorithm,
    dates,
    header,
    header_keys,
    identity,
    json_form,
    jwe,
    key_sets,
    key_trust,
    keys,
    sd_jwt,
    sensitive,
)

__all__ = [
    "algorithm",
    "dates",
    "header",
    "header_keys",
    "identity",
    "json_form",
    "jwe",
    "key_sets",
    "key_trust",
    "keys",
    "sd_jwt",
    "sensitive",
]
