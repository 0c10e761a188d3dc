"""Ways to take a token or key out of the app: headers, curl, dates, kid, JWKS."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Any

from jwtinspector.core.errors import KeyMaterialError, UsageError

if TYPE_CHECKING:
    from jwtinspector.core.keys import KeyMaterial

# keys pulls in PyJWT and cryptography: it is imported on first use only.

DEFAULT_URL = "https://api.example.com/"


def bearer_header(token: str) -> str:
    """'Authorization: Bearer <token>' (RFC 6750 §2.1).

    Raises:
        UsageError: If the token is empty or spans more than one word.
    """
    return f"Authorization: Bearer {_one_word(token, 'token')}"


def curl_command(token: str, url: str = DEFAULT_URL) -> str:
    """A curl command that sends the token as a bearer token, quoted for a shell.

    Raises:
        UsageError: If the token or URL is empty, spans more than one word,
            or the URL starts with "-" (curl would read it as an option).
    """
    header = bearer_header(token)
    target = _one_word(url, "URL")
    if target.startswith("-"):
        raise UsageError(
            f"The URL {target!r} starts with '-': curl reads that as an option."
        )
    return f"curl -H {shlex.quote(header)} {shlex.quote(target)}"


def _one_word(text: str, what: str) -> str:
    """The text without surrounding whitespace; inner whitespace is refused."""
    stripped = text.strip()
    if not stripped:
        raise UsageError(f"The {what} is empty.")
    if any(char.isspace() or not char.isprintable() for char in stripped):
        raise UsageError(
            f"The {what} contains spaces, line breaks or control characters."
        )
    return stripped


def jwk_for(key: KeyMaterial, *, kid: str | None = None) -> dict[str, Any]:
    """The public JWK of the key, its ``kid`` the given one, else the RFC 7638
    thumbprint.

    A kid the key was imported with is replaced, so the JWK, the JWKS and
    "set the token's kid" all name the key the same way (the window passes
    the kid a key set gives its key, which is what it sets in the token).

    Raises:
        KeyMaterialError: For an HMAC secret (it has no public half).
    """
    from jwtinspector.core.keys import public_of, to_jwk

    if key.kty == "oct":
        raise KeyMaterialError(
            "An HMAC secret has no public key to publish: a JWKS of it would "
            "reveal the secret. Share HMAC secrets out of band."
        )
    jwk = to_jwk(public_of(key))
    jwk["kid"] = kid or key.thumbprint
    return jwk


def jwks_for(key: KeyMaterial, *, kid: str | None = None) -> dict[str, Any]:
    """A one-key JWKS of the public key, its ``kid`` as ``jwk_for`` names it.

    This is what a server publishes, so it never holds private members.

    Raises:
        KeyMaterialError: For an HMAC secret: it has no public half, and a JWKS
            of it would publish the secret itself.
    """
    return {"keys": [jwk_for(key, kid=kid)]}
