"""The digest of the signing input, and ``at_hash``, which hashes the same way.

Display only: the verdict comes from the verification pipeline.
"""

from __future__ import annotations

import hashlib

from jwtinspector.core.algorithms import EDDSA, HMAC, ML_DSA, RSA, RSA_PSS, lookup
from jwtinspector.core.explain.layout import Step, hex_rows, rfc
from jwtinspector.core.text import b64url_encode

DIGEST_TITLE = "The digest of the signing input"

_FAMILY_SECTION = {HMAC: "3.2", RSA: "3.3", "EC": "3.4", RSA_PSS: "3.5"}

_USE = {
    HMAC: "HMAC does not sign this plain digest: it hashes the signing input "
    "twice with the secret mixed in (RFC 2104), so only a holder of the secret "
    "can compute the result. The plain digest is shown to compare with the "
    "public-key algorithms.",
    RSA: "{alg} puts exactly this digest inside the RSA block it signs "
    "(see the recovered block below).",
    RSA_PSS: "{alg} hashes this digest again with a random salt; the result "
    "is inside the RSA block it signs (see below).",
    "EC": "{alg} signs this digest, read as a number, with the private key "
    "and a fresh random number.",
}

OIDC_SOURCE = "OpenID Connect Core §3.1.3.6"
OIDC_URL = "https://openid.net/specs/openid-connect-core-1_0.html#CodeIDToken"


def hash_of(alg: str) -> str | None:
    """hashlib's name of the hash ``alg`` signs with ("sha256"); ES521 is
    PyJWT's alias for ES512. None for EdDSA, ML-DSA, none and unknown names."""
    found = lookup("ES512" if alg == "ES521" else alg)
    return found.hash if found else None


def digest_step(signing_input: bytes, alg: str) -> Step | None:
    """What the algorithm hashes: the digest in hex, or why there is none."""
    found = lookup("ES512" if alg == "ES521" else alg)
    if found is None or found.family == "none":
        return None
    if found.family == EDDSA:
        source, url = rfc(8032, "5.1.6")
        return Step(
            DIGEST_TITLE,
            "EdDSA has no separate digest: it signs the signing input itself and "
            "hashes it inside the algorithm together with R and the public key "
            "(SHA-512 for Ed25519, SHAKE256 for Ed448).",
            source,
            url,
        )
    if found.family == ML_DSA or found.hash is None:
        return Step(
            DIGEST_TITLE,
            f"{alg} has no separate digest: it signs the signing input itself "
            "and hashes it inside the algorithm (SHAKE256).",
            "FIPS 204 §5.2",
            "https://csrc.nist.gov/pubs/fips/204/final",
        )
    digest = hashlib.new(found.hash, signing_input).digest()
    name = hash_label(found.hash)
    source, url = rfc(7518, _FAMILY_SECTION.get(found.family, "3.1"))
    return Step(
        DIGEST_TITLE,
        f"{name} of the signing input (step 3), {len(digest)} bytes:\n"
        f"{hex_rows(digest)}\n" + _USE.get(found.family, "").format(alg=alg),
        source,
        url,
    )


def hash_label(name: str) -> str:
    """ "sha256" → "SHA-256"."""
    return name.upper().replace("SHA", "SHA-", 1)


def at_hash_step(
    claims: object, alg: str, access_token: str | None, curve: str | None = None
) -> Step | None:
    """How ``at_hash`` is computed, and with the access token given, its value."""
    if not isinstance(claims, dict) or "at_hash" not in claims:
        return None
    from jwtinspector.core.text import json_snippet

    said = json_snippet(claims["at_hash"])
    name = hash_of(alg)
    lines = [
        "at_hash ties this ID token to an access token: hash the access token's "
        "ASCII bytes with the hash of the token's alg"
        + (f" ({hash_label(name)}, as in step 5)" if name else "")
        + ", keep the left half, and write it in base64url.",
        f"The token says at_hash = {said}.",
    ]
    if not access_token:
        lines.append("Give the access token to see the computation.")
    elif name is not None:
        digest = hashlib.new(name, access_token.encode("utf-8")).digest()
        half = digest[: len(digest) // 2]
        lines += [
            f"{hash_label(name)} of the access token ({len(digest)} bytes):",
            hex_rows(digest),
            f"Left half ({len(half)} bytes), base64url: {b64url_encode(half)}",
            _compare(b64url_encode(half), claims["at_hash"]),
        ]
    elif lookup(alg) is not None and lookup(alg).family == EDDSA:  # type: ignore[union-attr]
        from jwtinspector.core.certs import oidc_hash

        value = oidc_hash(access_token, alg, curve)
        lines += [
            f"Left half of the hash, base64url: {value}",
            _compare(value, claims["at_hash"]),
        ]
    else:
        lines.append(f"alg {alg or '(none)'} has no hash: at_hash cannot be computed.")
    return Step(
        "at_hash: the access token's hash", "\n".join(lines), OIDC_SOURCE, OIDC_URL
    )


def _compare(computed: str, said: object) -> str:
    if computed == said:
        return (
            "It is the at_hash in the token: this access token goes with this ID token."
        )
    return (
        "It differs from the token's at_hash: this access token was not issued with it."
    )
