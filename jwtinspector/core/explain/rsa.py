"""Inside an RSA signature: s^e mod n, read back as EMSA-PKCS1-v1_5 (RS*) or
EMSA-PSS (PS*) (RFC 8017 §9.2, §9.1).

Display only: the arithmetic shows what the verifier sees; the verdict comes
from the verification pipeline (PyJWT and cryptography).
"""

from __future__ import annotations

import dataclasses
import hashlib

from jwtinspector.core.algorithms import HASH_OIDS
from jwtinspector.core.explain.digest import hash_label
from jwtinspector.core.explain.layout import Step, hex_rows, rfc

_NAME_BY_OID = {oid: name for name, oid in HASH_OIDS.items()}


@dataclasses.dataclass(frozen=True)
class Pkcs1Block:
    """The EMSA-PKCS1-v1_5 block recovered from a signature (RFC 8017 §9.2).

    Attributes:
        block: s^e mod n, as many bytes as the modulus.
        padded: Whether it reads 00 01 ff…ff (at least 8) 00.
        padding: How many ff bytes.
        digest_info: DigestInfo ‖ hash, after the padding (b"" when not padded).
        oid: The DigestInfo's hash OID in dotted form, or "".
        digest: The hash inside, or b"".
    """

    block: bytes
    padded: bool
    padding: int
    digest_info: bytes
    oid: str
    digest: bytes

    @property
    def hash_name(self) -> str | None:
        """hashlib's name of the hash the OID names ("sha256"), else None."""
        return _NAME_BY_OID.get(self.oid)

    @property
    def prefix(self) -> bytes:
        """The DigestInfo's DER before the hash bytes."""
        return self.digest_info[: len(self.digest_info) - len(self.digest)]


def recover_pkcs1(signature: bytes, n: int, e: int) -> Pkcs1Block:
    """s^e mod n as a PKCS #1 v1.5 signature block, taken apart."""
    size = (n.bit_length() + 7) // 8
    block = pow(int.from_bytes(signature, "big") % n, e, n).to_bytes(size, "big")
    ones = len(block[2:]) - len(block[2:].lstrip(b"\xff"))
    end = 2 + ones
    padded = block[:2] == b"\x00\x01" and ones >= 8 and block[end : end + 1] == b"\x00"
    if not padded:
        return Pkcs1Block(block, False, ones, b"", "", b"")
    digest_info = block[end + 1 :]
    oid, digest = parse_digest_info(digest_info)
    return Pkcs1Block(block, True, ones, digest_info, oid, digest)


def parse_digest_info(data: bytes) -> tuple[str, bytes]:
    """(dotted OID, hash) of DER DigestInfo ::= SEQUENCE { SEQUENCE { OID,
    NULL }, OCTET STRING }; ("", b"") when it is not one."""
    if len(data) < 8 or data[0] != 0x30 or data[1] != len(data) - 2 or data[2] != 0x30:
        return "", b""
    inner_end = 4 + data[3]
    if data[4] != 0x06 or inner_end > len(data):
        return "", b""
    oid = oid_text(data[6 : 6 + data[5]])
    rest = data[inner_end:]
    if len(rest) < 2 or rest[0] != 0x04 or rest[1] != len(rest) - 2:
        return "", b""
    return oid, rest[2:]


def oid_text(der: bytes) -> str:
    """An OID's DER content bytes in dotted form ("2.16.840.1.101.3.4.2.1")."""
    if not der:
        return ""
    arcs = [min(der[0] // 40, 2), der[0] - 40 * min(der[0] // 40, 2)]
    value = 0
    for byte in der[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            arcs.append(value)
            value = 0
    return ".".join(str(arc) for arc in arcs)


def pkcs1_step(signature: bytes, n: int, e: int, alg: str, digest: bytes) -> Step:
    """The recovered block in hex, annotated, and what it says."""
    source, url = rfc(8017, "8.2.2")
    found = recover_pkcs1(signature, n, e)
    lines = [
        f"s^e mod n: the signature read as a number s, raised to the public "
        f"exponent e = {e}, modulo n, written as {len(found.block)} bytes "
        "(the key's size):",
        hex_rows(found.block),
    ]
    if len(signature) != len(found.block):
        lines.append(
            f"The signature has {len(signature)} bytes, not {len(found.block)}: "
            "it does not fit this key (RFC 8017 §8.2.2 step 1)."
        )
    if not found.padded:
        lines.append(
            "This is garbage, not a PKCS #1 v1.5 block (it must read 00 01 ff…ff "
            "00 then the DigestInfo): the signature was not made with this key's "
            "private half. Wrong key (or a damaged signature)."
        )
        return Step("The recovered RSA block", "\n".join(lines), source, url)
    name = found.hash_name
    named = f"{hash_label(name)}, OID {found.oid}" if name else f"OID {found.oid}"
    lines += [
        "Read back (EMSA-PKCS1-v1_5, RFC 8017 §9.2):",
        "  00 01        block type 1: a signature",
        f"  {f'ff × {found.padding}':<12} padding",
        "  00           end of the padding",
        f"  DigestInfo   {found.prefix.hex(' ')}",
        f"               names the hash: {named}",
        f"  hash         {len(found.digest)} bytes:",
        hex_rows(found.digest, "    "),
    ]
    wanted = alg.replace("RS", "sha")
    if name != wanted:
        lines.append(
            f"Good padding, but the DigestInfo names {named}, not "
            f"{hash_label(wanted)} as {alg} needs: the token was signed with "
            "another algorithm."
        )
    elif found.digest == digest:
        lines.append(
            "Good padding, and the hash inside is the digest of step 5: this key "
            "signed exactly this header and payload."
        )
    else:
        lines.append(
            "Good padding, so this is the key that signed; but the hash inside is "
            "not the digest of step 5: the header or payload was changed after "
            "signing."
        )
    return Step("The recovered RSA block", "\n".join(lines), source, url)


@dataclasses.dataclass(frozen=True)
class PssBlock:
    """The EMSA-PSS encoding recovered from a signature (RFC 8017 §9.1.2).

    Attributes:
        block: EM, s^e mod n in emLen bytes.
        trailer: Whether EM ends with 0xbc.
        masked_db: maskedDB, the masked data block.
        h: H, the salted hash.
        db: DB = maskedDB xor MGF1(H): zeros, 01, then the salt.
        salt: The salt, or None when DB is not zeros ‖ 01 ‖ salt.
        matches: Whether Hash(8 zero bytes ‖ digest ‖ salt) equals H.
    """

    block: bytes
    trailer: bool
    masked_db: bytes
    h: bytes
    db: bytes
    salt: bytes | None
    matches: bool


def mgf1(seed: bytes, length: int, name: str) -> bytes:
    """MGF1 with hashlib's ``name`` (RFC 8017 Appendix B.2.1)."""
    out = b""
    counter = 0
    while len(out) < length:
        out += hashlib.new(name, seed + counter.to_bytes(4, "big")).digest()
        counter += 1
    return out[:length]


def decode_pss(signature: bytes, n: int, e: int, name: str, digest: bytes) -> PssBlock:
    """s^e mod n as EMSA-PSS, unmasked with MGF1 over hashlib's ``name``."""
    bits = n.bit_length() - 1
    size = (bits + 7) // 8
    value = pow(int.from_bytes(signature, "big") % n, e, n)
    h_len = hashlib.new(name).digest_size
    if value.bit_length() > 8 * size or size < h_len + 2:  # cannot be an encoding
        return PssBlock(
            value.to_bytes(size + 1, "big"), False, b"", b"", b"", None, False
        )
    block = value.to_bytes(size, "big")
    masked_db, h = block[: size - h_len - 1], block[size - h_len - 1 : -1]
    db = bytearray(
        a ^ b for a, b in zip(masked_db, mgf1(h, len(masked_db), name), strict=True)
    )
    if db:
        db[0] &= 0xFF >> (8 * size - bits)
    rest = bytes(db).lstrip(b"\x00")
    salt = rest[1:] if rest[:1] == b"\x01" else None
    matches = (
        salt is not None and hashlib.new(name, bytes(8) + digest + salt).digest() == h
    )
    return PssBlock(
        block, block[-1:] == b"\xbc", masked_db, h, bytes(db), salt, matches
    )


def pss_step(signature: bytes, n: int, e: int, alg: str, digest: bytes) -> Step:
    """The EMSA-PSS structure, the salt found and its length against RFC 7518 §3.5."""
    source, url = rfc(7518, "3.5")
    name = alg.replace("PS", "sha")
    label = hash_label(name)
    found = decode_pss(signature, n, e, name, digest)
    lines = [
        f"s^e mod n with e = {e}, written as {len(found.block)} bytes: the "
        "encoded message EM = maskedDB ‖ H ‖ bc (RFC 8017 §9.1):",
        hex_rows(found.block),
    ]
    if not found.trailer:
        lines.append(
            f"It does not end with bc (it ends {found.block[-1:].hex()}): this is "
            "garbage, not an EMSA-PSS encoding. Wrong key (or a damaged signature)."
        )
        return Step("The recovered PSS encoding", "\n".join(lines), source, url)
    lines += [
        f"  maskedDB  {len(found.masked_db)} bytes",
        f"  H         {len(found.h)} bytes (the salted hash): {found.h.hex()}",
        "  bc        the trailer: right",
        f"MGF1-{label}(H) is XORed onto maskedDB; it gives DB = 00…00 01 ‖ salt:",
        hex_rows(found.db),
    ]
    if found.salt is None:
        lines.append(
            "DB is not zeros, 01, then the salt: garbage. Wrong key (or a "
            "damaged signature)."
        )
        return Step("The recovered PSS encoding", "\n".join(lines), source, url)
    h_len = len(found.h)
    fits = (
        "as RFC 7518 §3.5 requires"
        if len(found.salt) == h_len
        else (
            f"but RFC 7518 §3.5 requires {h_len} (the hash's size): verifiers that "
            "follow it reject this signature"
        )
    )
    lines += [
        f"Salt found: {len(found.salt)} bytes, {fits}.",
        hex_rows(found.salt),
        f"{label}(8 zero bytes ‖ the digest of step 5 ‖ salt) "
        + (
            "equals H: this key signed exactly this header and payload."
            if found.matches
            else "differs from H: the structure is right, so this is the key "
            "that signed, but the header or payload was changed after signing."
        ),
    ]
    return Step("The recovered PSS encoding", "\n".join(lines), source, url)


def no_key_step(alg: str, why: str) -> Step:
    """What an RSA step would show, and that it needs the public key."""
    pss = alg.startswith("PS")
    source, url = rfc(7518, "3.5") if pss else rfc(8017, "8.2.2")
    what = (
        "the EMSA-PSS encoding inside it (maskedDB, H, the bc trailer, and the "
        "salt found by unmasking with MGF1)"
        if pss
        else "the block inside it: 00 01 ff…ff 00, then the DigestInfo naming "
        "the hash, then the hash itself"
    )
    return Step(
        "Inside the RSA signature",
        f"With the RSA public key, s^e mod n opens the signature and shows {what}. "
        f"{why}",
        source,
        url,
    )
