"""The catalogue entries of the checks of the token's form (``json_form.py``):
the JSON serialization's unprotected header, a token that had to be
repaired. Plain rows (see ``jwe_catalogue``): id, severities (most severe
first), title, advice, reference."""

from __future__ import annotations

JSON_ENTRIES: tuple[tuple[str, tuple[str, ...], str, str, str], ...] = (
    (
        "JWS-UNPROTECTED",
        ("medium", "info"),
        "A header parameter only in a signature's unprotected header",
        "Put alg, and every parameter that chooses the key (kid, jku, jwk, x5u, "
        "x5c, x5t), in the protected header, which the signature covers; a "
        "verifier should take the algorithm from its key, never from the token.",
        "RFC 7515 §7.2.1; RFC 8725 §3.1",
    ),
    (
        "TOKEN-REPAIRED",
        ("medium",),
        "The token had to be repaired to be read",
        "Send and store the token exactly as issued: base64url characters and "
        "dots only, nothing inside or glued to it. A server refuses the token "
        "as given; a verifier that repairs tokens accepts text its issuer "
        "never produced.",
        "RFC 7515 §7.1; RFC 7519 §7.2",
    ),
)
