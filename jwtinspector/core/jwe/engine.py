"""joserfc, configured on purpose: the one module that touches it.

joserfc's defaults and what this project does instead, each on purpose:

- Its registry allows only the "recommended" algorithms unless told
  otherwise. This tool inspects tokens others made, so every RFC 7518
  algorithm it implements is allowed; RSA1_5 decrypts with a visible warning
  (a padding oracle, RFC 8725 §3.2) rather than being refused.
- It caps the ciphertext at 64 KB (and the protected header at 1 KB). Its
  extractors, which apply those caps, are not used: the whole input is held
  to the project's 1 MiB limit (core/limits.py) before parsing, which bounds
  every part.
- It accepts PBES2 ``p2c`` up to 300,000 and calls it from its header
  registry; this project checks ``p2c`` itself against MAX_P2C (decrypt.py)
  before any PBKDF2 runs.
- It decompresses ``zip: DEF`` up to 250 KB; this project decompresses
  itself, up to the 1 MiB input limit (decrypt.py).
- It warns (SecurityWarning) for short oct keys and RSA1_5: oct keys are
  built without its import check, algorithms are looked up without its
  registry's warning, and the RSA1_5 warning is this project's own words.

joserfc lacks RSA-OAEP-384 and RSA-OAEP-512 (registered for WebCrypto); they
are added here from its own RSA key encryption class.

Imported only when a JWE is decrypted or made: never before the window's
first paint.
"""

from __future__ import annotations

import functools
from typing import Any

from jwtinspector.core import algorithms
from jwtinspector.core.errors import DecryptionError
from jwtinspector.core.text import quote

# What joserfc and cryptography raise for bad key material or data.
LIBRARY_ERRORS: tuple[type[BaseException], ...] = (
    ValueError,
    TypeError,
    LookupError,
    AssertionError,
    ArithmeticError,
)


@functools.cache
def library_errors() -> tuple[type[BaseException], ...]:
    """LIBRARY_ERRORS plus joserfc's and cryptography's own exceptions."""
    from cryptography.exceptions import InvalidKey, InvalidTag, UnsupportedAlgorithm
    from joserfc.errors import JoseError

    return (*LIBRARY_ERRORS, JoseError, InvalidTag, InvalidKey, UnsupportedAlgorithm)


@functools.cache
def _extra_algorithms() -> dict[str, Any]:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from joserfc.jwe import JWERegistry

    # joserfc's own RSA key encryption class, reached through its registry.
    rsa_class: Any = type(JWERegistry.algorithms["alg"]["RSA-OAEP"])
    extra = {}
    for bits in (384, 512):
        digest = getattr(hashes, f"SHA{bits}")()
        pad = padding.OAEP(padding.MGF1(digest), digest, None)
        name = f"RSA-OAEP-{bits}"
        extra[name] = rsa_class(name, f"RSAES OAEP using SHA-{bits}", pad)
    return extra


def alg_model(name: str) -> Any:
    """joserfc's model of a JWE ``alg`` (no recommendation filter, no warning).

    Raises:
        DecryptionError: unsupported, for a name it does not implement.
    """
    from joserfc.jwe import JWERegistry

    model = _extra_algorithms().get(name) or JWERegistry.algorithms["alg"].get(name)
    if model is None or algorithms.jwe_algorithm(name) is None:
        raise DecryptionError(
            f"the key management algorithm alg {quote(name)} is not supported "
            f"(supported: {', '.join(algorithms.JWE_KEY_ALGORITHMS)})",
            kind=DecryptionError.UNSUPPORTED,
        )
    return model


def enc_model(name: str) -> Any:
    """joserfc's model of a JWE ``enc``.

    Raises:
        DecryptionError: unsupported, for a name it does not implement.
    """
    from joserfc.jwe import JWERegistry

    model = JWERegistry.algorithms["enc"].get(name)
    if model is None or algorithms.jwe_encryption(name) is None:
        raise DecryptionError(
            f"the content encryption enc {quote(name)} is not supported "
            f"(supported: {', '.join(algorithms.JWE_CONTENT_ENCRYPTIONS)})",
            kind=DecryptionError.UNSUPPORTED,
        )
    return model


def joserfc_key(kty: str, value: Any) -> Any:
    """joserfc's key for a secret's bytes or a cryptography key object.

    Raises:
        ValueError: When joserfc cannot use it.
    """
    from joserfc.jwk import ECKey, OctKey, OKPKey, RSAKey

    if kty == "oct":
        # Built directly: OctKey.import_key warns (SecurityWarning) for keys
        # under 112 bits, and a password often is one. Key strength is the
        # audit's to judge, in its own words.
        return OctKey(bytes(value), bytes(value))
    classes: dict[str, Any] = {"RSA": RSAKey, "EC": ECKey, "OKP": OKPKey}
    return classes[kty].import_key(value)


def registry() -> Any:
    """A registry that allows every algorithm of the table, for encrypting.

    ``strict_check_header`` is off: a crafted header may carry any member.
    """
    from joserfc.jwe import JWERegistry

    class _Registry(JWERegistry):
        def get_alg(self, name: str) -> Any:
            return alg_model(name)

    return _Registry(
        algorithms=[
            *algorithms.JWE_KEY_ALGORITHMS,
            *algorithms.JWE_CONTENT_ENCRYPTIONS,
            algorithms.JWE_ZIP,
        ],
        strict_check_header=False,
    )
