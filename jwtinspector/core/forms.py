"""What a pasted text holds: an SD-JWT, a JWS/JWE in JSON serialization, or a
compact token. The one dispatch the window and the CLI share.

An SD-JWT is tried first (its JSON serialization is also a JWS in JSON
serialization, with the disclosures in the unprotected header), then the JSON
serializations, then the compact forms.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from jwtinspector.core.limits import DEFAULT_MAX_SIZE
from jwtinspector.core.token import DecodedToken, check_size, inspect_token


@dataclasses.dataclass(frozen=True)
class Pasted:
    """What was read from the text.

    Attributes:
        token: The compact token, or an SD-JWT's issuer JWT; None for a JSON
            serialization.
        json: The JWS or JWE in JSON serialization (core.json_serialization),
            else None.
        sd: The SD-JWT (core.sdjwt) when the text is one, else None.
    """

    token: DecodedToken | None
    json: Any = None
    sd: Any = None

    @property
    def main(self) -> Any:
        """The JSON serialization when there is one, else the token."""
        return self.json if self.json is not None else self.token


def read_pasted(text: str, *, max_size: int = DEFAULT_MAX_SIZE) -> Pasted:
    """Read ``text`` as the form it holds.

    Raises:
        InputTooLargeError: If the input exceeds ``max_size`` characters.
        TokenFormatError: If the text is empty or an object-like text that is
            not JSON.
    """
    check_size(text, max_size)
    from jwtinspector.core.sdjwt import read_sd_jwt

    sd = read_sd_jwt(text)
    if sd is not None:
        return Pasted(sd.issuer, sd=sd)
    from jwtinspector.core.json_serialization import (
        looks_like_json_serialization,
        parse_json_serialization,
    )

    if looks_like_json_serialization(text):
        found = parse_json_serialization(text, max_size=max_size)
        if found is not None:
            return Pasted(None, json=found)
    return Pasted(inspect_token(text, max_size=max_size))
