"""How this token's signature is made and checked, step by step, with its values.

For learners: every step shows the real bytes of the current token, from the
JSON to the signature, opens the signature (the RSA block, r and s, R and S),
and says where verification fails when it does. Each step cites its section.
The arithmetic is for display only: the verdict is the verification pipeline's.
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
from jwtinspector.core.explain.layout import Step, cut, rfc

if TYPE_CHECKING:
    from jwtinspector.core.keys import KeyMaterial, KeySet
    from jwtinspector.core.token import DecodedToken
    from jwtinspector.core.verify import SignatureResult

__all__ = ["Step", "explain", "steps_json"]

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


def explain(
    token: DecodedToken,
    key: KeyMaterial | KeySet | None,
    *,
    access_token: str | None = None,
) -> tuple[Step, ...]:
    """The steps from JSON to signature for ``token`` (and ``key``, if any).

    ``access_token``, when given, is hashed to show how ``at_hash`` is made.
    """
    if token.is_encrypted:
        return (
            Step(
                "Encrypted token",
                "This is a JWE: its content is encrypted, not signed, "
                "so there is no signature to explain.",
            ),
        )
    from jwtinspector.core.explain.digest import at_hash_step, digest_step
    from jwtinspector.core.verify import check_signature

    alg = token.alg or ""
    unsigned = alg.strip().lower() == "none"
    result = check_signature(token, key) if key is not None else None
    source, url = _method_source(alg)
    steps = [
        _json_step(token),
        _segments_step(token),
        _input_step(token),
        Step("Algorithm", _method(alg), source, url),
        digest_step(token.signing_input, alg),
        _signature_step(token),
        *_inside_steps(token, alg, key, result),
        at_hash_step(token.claims, alg, access_token, _curve(key, result)),
        _verify_step(token, key, alg, result, unsigned=unsigned),
    ]
    return tuple(
        dataclasses.replace(step, title=f"{number}. {step.title}")
        for number, step in enumerate((s for s in steps if s is not None), 1)
    )


def steps_json(steps: tuple[Step, ...]) -> list[dict[str, str]]:
    """The steps as ``{title, body, source, url}`` objects (``explain --json``)."""
    return [dataclasses.asdict(step) for step in steps]


def _json_step(token: DecodedToken) -> Step:
    header = _bytes_text(token.segments[0].data if token.segments else None)
    payload = _bytes_text(token.payload_bytes)
    return Step(
        "Header and payload JSON",
        f"Header JSON (exact bytes):\n{cut(header)}\n\n"
        f"Payload JSON (exact bytes):\n{cut(payload)}",
        *rfc(7515, "3"),
    )


def _segments_step(token: DecodedToken) -> Step:
    parts = [f"{s.name}: {cut(s.text)}" for s in token.segments[:2]]
    if token.unencoded:
        return Step(
            "base64url of the header; the payload as it is",
            "The header is base64url-encoded (RFC 7515 §2); the header says "
            "b64: false (RFC 7797), so the payload is not encoded: it is used "
            "as it is.\n" + (parts[0] if parts else ""),
            *rfc(7797, "3"),
        )
    return Step(
        "base64url of each",
        "Each part is base64url-encoded (RFC 7515 §2: A–Z a–z 0–9 - _, no '=' "
        "padding):\n" + "\n".join(parts),
        *rfc(7515, "2"),
    )


def _input_step(token: DecodedToken) -> Step:
    data = token.signing_input
    if token.unencoded:
        # RFC 7797 §3: ASCII(BASE64URL(header)) || '.' || the payload's bytes.
        shown = data.decode("utf-8", "replace")
        return Step(
            "The signing input",
            f"The signature covers exactly these {len(data)} bytes: "
            "base64url(header) + '.' + the payload's own bytes, not encoded "
            f"(b64: false, RFC 7797 §3)\n{cut(shown)}",
            *rfc(7797, "3"),
        )
    signing_input = data.decode("ascii", "replace")
    return Step(
        "The signing input",
        "The signature covers exactly these "
        f"{len(signing_input)} ASCII bytes: base64url(header) + '.' + "
        f"base64url(payload)\n{cut(signing_input)}",
        *rfc(7515, "5.1"),
    )


def _method_source(alg: str) -> tuple[str, str]:
    if alg.strip().lower() == "none":
        return rfc(7518, "3.6")
    if alg in (EDDSA, *FULLY_SPECIFIED_EDDSA):
        if alg == EDDSA:
            return rfc(8037, "3.1")
        return "RFC 9864", "https://www.rfc-editor.org/rfc/rfc9864"
    section = {"HS": "3.2", "RS": "3.3", "ES": "3.4", "PS": "3.5"}.get(alg[:2])
    return rfc(7518, section) if section else ("", "")


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


def _signature_step(token: DecodedToken) -> Step:
    sig = token.signature or b""
    segment = token.segment("signature")
    return Step(
        "The signature",
        f"Signature, {len(sig)} bytes\nhex: {cut(sig.hex())}\n"
        f"base64url (the third segment): {cut(segment.text if segment else '')}",
        *rfc(7515, "5.1"),
    )


def _inside_steps(
    token: DecodedToken, alg: str, key: Any, result: SignatureResult | None
) -> list[Step | None]:
    """What the signature holds: the RSA block, r and s, R and S, or nothing."""
    from jwtinspector.core.algorithms import RSA, RSA_PSS, lookup
    from jwtinspector.core.explain import curves

    sig = token.signature or b""
    used = _used_key(key, result)
    if alg.strip().lower() == "none":
        return [curves.none_step(sig)]
    if alg.startswith("ES"):
        return [curves.ecdsa_step(sig, alg)]
    if alg in (EDDSA, *FULLY_SPECIFIED_EDDSA):
        return [curves.eddsa_step(sig, alg, used.curve if used else None)]
    found = lookup(alg)
    if found is None or found.family not in (RSA, RSA_PSS) or found.hash is None:
        return []
    return [_rsa_step(token, alg, found.hash, key, used)]


def _rsa_step(
    token: DecodedToken, alg: str, name: str, key: Any, used: KeyMaterial | None
) -> Step:
    import hashlib

    from jwtinspector.core.explain import rsa

    if used is None or used.kty != "RSA":
        if key is None:
            why = "Give the RSA public key (or the issuer's key set) to see it."
        elif used is None:
            why = "No key of the set fits this token: give its RSA public key."
        else:
            why = f"The key given is {used.describe()}: it needs an RSA key."
        return rsa.no_key_step(alg, why)
    numbers = used.verification_key().public_numbers()
    digest = hashlib.new(name, token.signing_input).digest()
    make = rsa.pss_step if alg.startswith("PS") else rsa.pkcs1_step
    return make(token.signature or b"", numbers.n, numbers.e, alg, digest)


def _curve(key: Any, result: SignatureResult | None) -> str | None:
    used = _used_key(key, result)
    return used.curve if used is not None else None


def _used_key(key: Any, result: SignatureResult | None) -> KeyMaterial | None:
    """The key the check used: the one given, or the set's key it chose."""
    from jwtinspector.core.keys import KeyMaterial

    if result is not None and result.key is not None:
        return result.key
    return key if isinstance(key, KeyMaterial) else None


def _verify_step(
    token: DecodedToken,
    key: Any,
    alg: str,
    result: SignatureResult | None,
    *,
    unsigned: bool,
) -> Step:
    from jwtinspector.core.keys import KeyMaterial
    from jwtinspector.core.text import b64url_encode as b64url
    from jwtinspector.core.verify import SignatureStatus, algorithm_objects

    title = "Verification"
    source = rfc(8725, "3.1") if unsigned else rfc(7515, "5.2")
    if unsigned:
        return Step(
            title,
            "Not verified, and no key is asked for: a token without a signature "
            "proves nothing, so it is rejected whatever key you have.",
            *source,
        )
    if key is None or result is None:
        return Step(
            title, "No key: add the secret or public key to see the check.", *source
        )
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
            "For a public-key algorithm only the private key makes the signature, "
            "so the verifier cannot recompute it: it asks the public key whether "
            "this signature fits this signing input (the steps above show what "
            "the public key reveals)."
        )
    return Step(title, "\n".join(lines), *source)


def _bytes_text(data: bytes | None) -> str:
    if data is None:
        return "(could not be decoded)"
    return data.decode("utf-8", "replace")
