"""The JWS JSON Serialization of an SD-JWT (RFC 9901 §8), and reading an
SD-JWT in either form.

The disclosures are the ``disclosures`` member of the (first) unprotected
header, and the Key Binding JWT its ``kb_jwt``. The SD-JWT is read as its
compact equivalent ``<protected>.<payload>.<signature>~<disclosure>~…``, which
is also what a KB-JWT's ``sd_hash`` covers (§8.1). A general serialization's
further signatures are kept (``SdJwt.jws``) to be checked with the first.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from jwtinspector.core.errors import SigningError, TokenFormatError
from jwtinspector.core.json_read import json_value
from jwtinspector.core.limits import DEFAULT_MAX_SIZE
from jwtinspector.core.sdjwt.parse import SdJwt, parse_sd_jwt
from jwtinspector.core.token import DecodedToken, inspect_token


def read_sd_jwt(text: str, *, max_size: int = DEFAULT_MAX_SIZE) -> SdJwt | None:
    """The SD-JWT in pasted text, compact or JSON-serialized; None when there is
    none (an empty text included).

    Raises:
        InputTooLargeError: If the input with a ``~`` exceeds ``max_size``
            characters.
    """
    # Cheap tests first: this runs on every keystroke, and most pastes are
    # compact tokens (no "~") or JSON without disclosures.
    found = parse_sd_jwt(text, max_size=max_size) if "~" in text else None
    if found is not None:
        return found
    compact = compact_form(text) if '"disclosures"' in text else None
    if compact is None:
        return None
    sd = parse_sd_jwt(compact, max_size=max_size)
    if sd is None:
        return None
    position = 0
    disclosures = []
    for d in sd.disclosures:
        start = text.find(f'"{d.text}"', position) + 1 if d.text else 0
        if start <= 0:
            start = 0
        else:
            position = start + len(d.text)
        disclosures.append(dataclasses.replace(d, start=start, end=start + len(d.text)))
    problems = tuple(
        dataclasses.replace(
            p,
            start=disclosures[p.disclosure].start if p.disclosure is not None else None,
        )
        for p in sd.problems
    )
    start = len(text) - len(text.lstrip())
    return dataclasses.replace(
        sd,
        jws=_json_jws(text, max_size),
        start=start,
        end=len(text.rstrip()),
        disclosures=tuple(disclosures),
        problems=problems,
        form="json",
    )


def _json_jws(text: str, max_size: int) -> Any:
    """The JWS in JSON serialization ``text`` holds, or None."""
    from jwtinspector.core.errors import InspectorError
    from jwtinspector.core.json_serialization import JsonJws, parse_json_serialization

    try:
        found = parse_json_serialization(text, max_size=max_size)
    except InspectorError:
        return None
    return found if isinstance(found, JsonJws) else None


def compact_form(text: str) -> str | None:
    """The compact SD-JWT a JSON-serialized one stands for, else None."""
    body = text.strip()
    if not body.startswith("{"):
        return None
    try:
        value = json_value(body, "JSON")
    except TokenFormatError:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("payload"), str):
        return None
    signatures = value.get("signatures")
    first: Any = signatures[0] if isinstance(signatures, list) and signatures else value
    if not isinstance(first, dict):
        return None
    protected, signature = first.get("protected"), first.get("signature")
    header = first.get("header")
    if not isinstance(protected, str) or not isinstance(signature, str):
        return None
    if not isinstance(header, dict) or not isinstance(header.get("disclosures"), list):
        return None
    disclosures = [d for d in header["disclosures"] if isinstance(d, str)]
    kb = header.get("kb_jwt")
    kb_text = kb if isinstance(kb, str) else ""
    issuer = f"{protected}.{value['payload']}.{signature}"
    return issuer + "~" + "".join(f"{d}~" for d in disclosures) + kb_text


def json_with_disclosures(
    text: str, disclosures: Sequence[str], kb_jwt: str | None
) -> str:
    """The JSON-serialized SD-JWT ``text`` presenting ``disclosures`` and, when
    ``kb_jwt`` is given, that Key Binding JWT (else none): the members of the
    first unprotected header change, the rest is kept (RFC 9901 §8.1).

    Raises:
        SigningError: If ``text`` is not a JSON-serialized SD-JWT.
    """
    try:
        value = json_value(text.strip(), "JSON")
    except TokenFormatError:
        value = None
    signatures = value.get("signatures") if isinstance(value, dict) else None
    first: Any = signatures[0] if isinstance(signatures, list) and signatures else value
    header = first.get("header") if isinstance(first, dict) else None
    if not isinstance(header, dict):
        raise SigningError("the text is not an SD-JWT in JSON serialization")
    header["disclosures"] = list(disclosures)
    if kb_jwt:
        header["kb_jwt"] = kb_jwt
    else:
        header.pop("kb_jwt", None)
    indent = 2 if "\n" in text.strip() else None
    return json.dumps(value, indent=indent, ensure_ascii=False)


def parse_or_token(text: str) -> tuple[SdJwt | None, DecodedToken]:
    """(the SD-JWT, its issuer JWT) for an SD-JWT; (None, the token) otherwise."""
    sd = read_sd_jwt(text)
    return (sd, sd.issuer) if sd is not None else (None, inspect_token(text))
