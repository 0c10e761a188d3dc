"""JWE (RFC 7516): decrypt and encrypt, on joserfc.

``decrypt`` reads the compact, flattened and general JSON serializations,
chooses the recipient by kid or by trying each key, and returns a Decrypted
(the headers, the plaintext, the nested token). ``encrypt`` makes a compact
JWE; ``encrypt_token`` wraps a signed token (a nested JWT). Errors are
TokenFormatError (malformed) or DecryptionError (its ``kind`` says why).

joserfc is imported only inside functions (see engine.py): this package may
be imported before the window's first paint without loading it.
"""

from jwtinspector.core.jwe.decrypt import MAX_P2C, MAX_PLAINTEXT, Decrypted, decrypt
from jwtinspector.core.jwe.encrypt import CRAFT_P2C, encrypt, encrypt_token
from jwtinspector.core.jwe.message import JweMessage, JweRecipient, parse_jwe

__all__ = [
    "CRAFT_P2C",
    "MAX_P2C",
    "MAX_PLAINTEXT",
    "Decrypted",
    "JweMessage",
    "JweRecipient",
    "decrypt",
    "encrypt",
    "encrypt_token",
    "parse_jwe",
]
