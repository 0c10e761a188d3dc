"""SD-JWT (RFC 9901): read, process, check key binding, craft and present."""

from jwtinspector.core.sdjwt.json_form import parse_or_token, read_sd_jwt
from jwtinspector.core.sdjwt.parse import (
    Disclosure,
    ProblemKind,
    SdJwt,
    SdProblem,
    digest_of,
    is_sd_jwt,
    parse_sd_jwt,
)

__all__ = [
    "Disclosure",
    "ProblemKind",
    "SdJwt",
    "SdProblem",
    "digest_of",
    "is_sd_jwt",
    "parse_or_token",
    "parse_sd_jwt",
    "read_sd_jwt",
]
