"""Where a pasted SD-JWT ends when another token follows it after whitespace.

The extractor squeezes whitespace out of a token (a token wrapped over lines
is one token), so ``<sd-jwt>~ \\n eyJ…`` would read as one SD-JWT whose Key
Binding JWT is the next token. A disclosure never holds a ``.``, and a Key
Binding JWT is the last part, with ``typ: kb+jwt`` (RFC 9901 §4.3): what
follows whitespace and is neither starts a token of its own.
"""

from __future__ import annotations

import binascii

from jwtinspector.core.errors import TokenFormatError
from jwtinspector.core.extract import SD_JWT_SEPARATOR, Extraction
from jwtinspector.core.json_read import json_value
from jwtinspector.core.text import b64url_decode

KEY_BINDING_TYP = "kb+jwt"


def own_part(found: Extraction) -> Extraction:
    """``found`` up to the first whitespace after which another token starts
    (``found`` itself when none does). Linear in the token's length."""
    token = found.token
    last = token.rfind(SD_JWT_SEPARATOR)
    if last < 0 or not found.gaps:
        return found
    dots = _dots_after(token, last, 4)  # of the last part: a KB-JWT, then?
    for index, _removed in found.gaps:
        if index > 0 and token[index - 1] == SD_JWT_SEPARATOR:
            stop = token.find(SD_JWT_SEPARATOR, index)
            piece = token[index : stop if stop >= 0 else len(token)]
            if "." in piece and (stop >= 0 or not _is_key_binding(piece)):
                return found.part(0, index)
        elif len(dots) == 4 and dots[1] + 1 < index <= dots[2]:
            return found.part(0, index)  # a whole Key Binding JWT, then a token
    return found


def _dots_after(token: str, start: int, count: int) -> list[int]:
    """Where the first ``count`` dots after ``start`` are."""
    found: list[int] = []
    while len(found) < count:
        start = token.find(".", start + 1)
        if start < 0:
            break
        found.append(start)
    return found


def _is_key_binding(piece: str) -> bool:
    """Whether ``piece``'s header says ``typ: kb+jwt``."""
    try:
        header = json_value(b64url_decode(piece.partition(".")[0]), "header")
    except (ValueError, binascii.Error, TokenFormatError):
        return False
    typ = header.get("typ") if isinstance(header, dict) else None
    return isinstance(typ, str) and typ.lower() == KEY_BINDING_TYP
