"""The catalogue entries of the JSON serialization checks (``forms.py``), as
plain rows (see ``jwe_catalogue``): id, severities (most severe first),
title, advice, reference."""

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
)
