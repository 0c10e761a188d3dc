"""The ROCA fingerprint (CVE-2017-15361): RSA moduli made by a flawed key
generator (Infineon RSALib, 2012-2017) whose private key can be computed from
the public key.

The test is the published fingerprint of Nemec et al., "The Return of
Coppersmith's Attack: Practical Factorization of Widely Used RSA Moduli"
(ACM CCS 2017), as the authors' detector does it (github.com/crocs-muni/roca,
``detect.py``, the moduli method): the flawed generator makes primes of the
form k·M + (65537^a mod M), so for each small prime p the modulus N mod p lies
in the subgroup of (Z/pZ)* that 65537 generates. A random modulus passes that
test for all the primes below with a negligible probability. The subgroups are
computed here from 65537 rather than copied as constants.

Pure arithmetic on the modulus: nothing is factored.
"""

from __future__ import annotations

import functools

_GENERATOR = 65537
_PRIMES = (
    2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
    73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151,
    157, 163, 167,
)  # fmt: skip
"""The primes of the published fingerprint (those up to 167)."""

ROCA_REFERENCE = "CVE-2017-15361 (ROCA); Nemec et al., ACM CCS 2017"


@functools.cache
def _subgroups() -> tuple[tuple[int, frozenset[int]], ...]:
    """(p, the powers of 65537 modulo p) for each prime of the fingerprint."""
    found = []
    for p in _PRIMES:
        powers = {1}
        element = _GENERATOR % p
        while element not in powers:
            powers.add(element)
            element = element * _GENERATOR % p
        found.append((p, frozenset(powers)))
    return tuple(found)


def has_roca_fingerprint(modulus: int) -> bool:
    """True when the RSA modulus has the ROCA fingerprint: its residue modulo
    every prime of the fingerprint is a power of 65537 modulo that prime."""
    if modulus <= 2:
        return False
    return all(modulus % p in powers for p, powers in _subgroups())


def roca_key(key: object) -> bool:
    """True for an RSA key (a cryptography key object, public or private)
    whose modulus has the ROCA fingerprint."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    if isinstance(key, rsa.RSAPrivateKey):
        key = key.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        return False
    return has_roca_fingerprint(key.public_numbers().n)
