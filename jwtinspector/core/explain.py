"""How this token's signature is made and checked, step by step, with its values.

For learners: every step shows the real bytes of the current token, from the
JSON to the signature, and where verification fails when it does.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from jwtinspector.core.algorithms import (
    EDDSA,
    FULLY_SPECIFIED_EDDSA,
    ML_DSA_ALGORITHMS,
    curve_names,
)

if TYPE_CHECKING:
    from jwtinspector.core.keys import KeyMaterial, KeySet
    from jwtinspector.core.token import DecodedToken

_SHOWN = 600
"""Long values are cut in the explanation (the token keeps them)."""

_METHODS = {
    "HS": "HMAC-SHA-{bits}: a keyed hash of the signing input with the shared "
    "secret. Whoever has the secret can both sign and verify.",
    "RS": "RSASSA-PKCS1-v1_5 with SHA-{bits}: the SHA-{bits} hash of the signing "
    "input, signed with the RSA private key; anyone with the public key can verify.",
    "PS": "RSASSA-PSS with SHA-{bits}: like RS{bits} but with random padding, so "
    "signing twice gives different signatures; verified with the RSA public key.",
    "ES": "ECDSA with SHA-{bits}: the signature is two numbers r and s, each as many "
    "bytes as the curve, written one after the other (r‖s, RFC 7518 §3.4).",
}


@dataclasses.dataclass(frozen=True)
class Step:
    """One step of the explanation: a title and its text (values included)."""

    title: str
    body: str


def explain(token: DecodedToken, key: KeyMaterial | KeySet | None) -> tuple[Step, ...]:
    """The steps from JSON to signature for ``token`` (and ``key``, if any)."""
    if token.is_encrypted:
        return (
            Step(
                "Encrypted token",
                "This is a JWE: its content is encrypted, not signed, "
                "so there is no signature to explain.",
            ),
        )
    steps = [_json_step(token), _segments_step(token), _input_step(token)]
    alg = token.alg or ""
    steps.append(Step("4. Algorithm", _method(alg)))
    steps.append(_signature_step(token, alg))
    steps.append(_verify_step(token, key, alg))
    return tuple(steps)


def _cut(text: str) -> str:
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}… ({len(text)} in all)"


def _json_step(token: DecodedToken) -> Step:
    header = _bytes_text(token.segments[0].data if token.segments else None)
    payload = _bytes_text(token.payload_bytes)
    return Step(
        "1. Header and payload JSON",
        f"Header JSON (exact bytes):\n{_cut(header)}\n\n"
        f"Payload JSON (exact bytes):\n{_cut(payload)}",
    )


def _segments_step(token: DecodedToken) -> Step:
    parts = [f"{s.name}: {_cut(s.text)}" for s in token.segments[:2]]
    if token.unencoded:
        return Step(
            "2. base64url of the header; the payload as it is",
            "The header is base64url-encoded (RFC 7515 §2); the header says "
            "b64: false (RFC 7797), so the payload is not encoded: it is used "
            "as it is.\n" + (parts[0] if parts else ""),
        )
    return Step(
        "2. base64url of each",
        "Each part is base64url-encoded (RFC 7515 §2: A–Z a–z 0–9 - _, no '=' "
        "padding):\n" + "\n".join(parts),
    )


def _input_step(token: DecodedToken) -> Step:
    data = token.signing_input
    if token.unencoded:
        # RFC 7797 §3: ASCII(BASE64URL(header)) || '.' || the payload's bytes.
        shown = data.decode("utf-8", "replace")
        return Step(
            "3. The signing input",
            f"The signature covers exactly these {len(data)} bytes: "
            "base64url(header) + '.' + the payload's own bytes, not encoded "
            f"(b64: false, RFC 7797 §3)\n{_cut(shown)}",
        )
    signing_input = data.decode("ascii", "replace")
    return Step(
        "3. The signing input",
        "The signature covers exactly these "
        f"{len(signing_input)} ASCII bytes: base64url(header) + '.' + "
        f"base64url(payload)\n{_cut(signing_input)}",
    )


def _method(alg: str) -> str:
    if alg.strip().lower() == "none":
        return "alg is none: the token is unsigned. Nothing proves who made it."
    if alg in (EDDSA, *FULLY_SPECIFIED_EDDSA):
        # RFC 9864 names the curve in the algorithm; EdDSA (RFC 8037) leaves it
        # to the key.
        curve = " or ".join(curve_names("OKP")) if alg == EDDSA else alg
        return (
            f"EdDSA ({curve}): a deterministic signature over the signing "
            "input itself, made with the private key and checked with the public key."
        )
    if alg in ML_DSA_ALGORITHMS:
        return (
            f"{alg}: a post-quantum signature (ML-DSA, FIPS 204, draft-ietf-cose-"
            "dilithium) over the signing input itself, with an empty context, made "
            "with the private key and checked with the public key."
        )
    if alg == "ES521":
        return (
            _METHODS["ES"]
            .format(bits="512")
            .replace(
                "SHA-512:",
                "SHA-512 on the P-521 curve (ES521 is PyJWT's alias for ES512, the "
                "registered name):",
                1,
            )
        )
    template = _METHODS.get(alg[:2])
    bits = alg[2:5].rstrip("K")
    if template and bits.isdigit():
        return template.format(bits=bits)
    return f'"{alg}" is not an algorithm this app knows.'


def _signature_step(token: DecodedToken, alg: str) -> Step:
    sig = token.signature or b""
    segment = token.segment("signature")
    text = (
        f"Signature, {len(sig)} bytes\nhex: {_cut(sig.hex())}\n"
        f"base64url (the third segment): {_cut(segment.text if segment else '')}"
    )
    if alg.startswith("ES") and sig:
        half = len(sig) // 2
        text += f"\nr = {sig[:half].hex()}\ns = {sig[half:].hex()}"
    return Step("5. The signature", text)


def _verify_step(token: DecodedToken, key: Any, alg: str) -> Step:
    from jwtinspector.core.keys import KeyMaterial
    from jwtinspector.core.text import b64url_encode as b64url
    from jwtinspector.core.verify import (
        SignatureStatus,
        algorithm_objects,
        check_signature,
    )

    title = "6. Verification"
    if key is None:
        return Step(title, "No key: add the secret or public key to see the check.")
    result = check_signature(token, key)
    lines = [result.message]
    if isinstance(key, KeyMaterial) and alg.startswith("HS") and key.kty == "oct":
        algorithm = algorithm_objects()[alg] if alg in key.algorithms else None
        try:
            computed = (
                algorithm.sign(token.signing_input, key.key) if algorithm else b""
            )
        except Exception as exc:  # PyJWT refuses some secrets (e.g. PEM text)
            lines.append(f"The HMAC could not be computed: {exc}")
        else:
            theirs = token.signature or b""
            lines.append(f"HMAC computed with this secret: {b64url(computed)}")
            lines.append(f"Signature in the token:         {b64url(theirs)}")
            lines.append(
                "They are the same: the token was signed with this secret."
                if computed == theirs
                else "The signature computed with this key differs from the token's"
            )
    elif isinstance(key, KeyMaterial) and alg and alg not in key.algorithms:
        if not (result.key is key and result.status is SignatureStatus.CANNOT_CHECK):
            # The verifier's own message already names the mismatch otherwise.
            lines.append(
                f"The key is {key.describe()}, but alg says {alg}: they do not fit."
            )
    elif isinstance(key, KeyMaterial):
        lines.append(
            "For a public-key algorithm the verifier cannot recompute the signature: "
            "it asks the public key whether this signature fits this signing input."
        )
    return Step(title, "\n".join(lines))


def _bytes_text(data: bytes | None) -> str:
    if data is None:
        return "(could not be decoded)"
    return data.decode("utf-8", "replace")
