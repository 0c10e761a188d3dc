"""Input limits shared by the engine and the window (no imports: the window
needs them before its first paint, long before the decoder loads)."""

DEFAULT_MAX_SIZE = 1024 * 1024
"""The longest input the decoder takes, in characters (1 MiB)."""
