"""Input limits shared by the engine and the window (no imports: the window
needs them before its first paint, long before the decoder loads)."""

DEFAULT_MAX_SIZE = 1024 * 1024
"""The longest input the decoder takes, in characters (1 MiB)."""

MAX_JSON_DEPTH = 128
"""The deepest nesting of JSON arrays and objects read from a token (as
serde_json's default): deeper input is refused with its depth, so no reader
(the decoder, the audit, the views, the JSON printer) can run out of stack."""

MAX_KEY_SIZE = 1_000_000
"""The largest key file, JWKS or HMAC secret read, in bytes: real ones are
kilobytes."""

MAX_WORDLIST_LINE = 64 * 1024
"""The longest line of a wordlist, in bytes: a candidate secret, not a file."""

MAX_JSON_INT_DIGITS = 4300
"""The longest integer read from JSON, in digits (Python's own int limit)."""
