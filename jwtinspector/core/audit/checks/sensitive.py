"""Sensitive data in the payload: credentials, keys, card numbers, e-mail
addresses and phone numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import Any

from jwtinspector.core.audit.context import (
    PRIVATE_JWK_MEMBERS,
    Context,
    quoted,
)
from jwtinspector.core.audit.findings import CATALOGUE, Finding
from jwtinspector.core.audit.registry import check

_MAX_NODES = 20_000  # JSON values visited when looking for sensitive data


_CREDENTIAL_PARTS = (
    "password", "passwd", "passphrase", "secret", "apikey", "privatekey",
    "accesskey", "clientsecret",
)  # fmt: skip
_CREDENTIAL_WORDS = frozenset({"pwd", "pass", "token", "credential", "credentials"})
# Long names are distinctive enough to find inside a word; short ones must be a
# whole word part ("ssn" is inside className, "tel" inside hotel_id).
_PERSONAL_PARTS = ("creditcard", "cardnumber", "socialsecurity")
_PERSONAL_WORDS = frozenset({"ssn", "cvv", "cvc", "iban"})
_PEM_PRIVATE = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")
# (what it is, pattern): the documented formats of widely leaked credentials.
_API_KEYS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "AWS access key id",
        re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])"),
    ),
    ("Google API key", re.compile(r"(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])")),
    ("Stripe live secret key", re.compile(r"(?<![\w-])sk_live_[0-9A-Za-z]{16,}")),
    ("Stripe restricted key", re.compile(r"(?<![\w-])rk_live_[0-9A-Za-z]{16,}")),
    (
        "GitHub token",
        re.compile(
            r"(?<![\w-])(?:gh[pousr]_[0-9A-Za-z]{36}|github_pat_[0-9A-Za-z_]{60,})"
            r"(?![\w-])"
        ),
    ),
    (
        "Slack token",
        re.compile(r"(?<![\w-])xox[baprs]-[0-9A-Za-z]+(?:-[0-9A-Za-z]+)+"),
    ),
    (
        "OpenAI-style API key",
        re.compile(r"(?<![\w-])sk-[0-9A-Za-z_-]{32,}(?![\w-])"),
    ),
)
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}\b"
)
_PHONE = re.compile(r"\+?[0-9][0-9 ().-]{5,22}[0-9]")
_PHONE_WORDS = frozenset({"phone", "mobile", "tel", "fax", "msisdn"})
_CARD = re.compile(r"(?<![\d.-])\d(?:[ -]?\d){12,18}(?![\d-])")


@check("sensitive data", order=260)
def _check_sensitive(ctx: Context) -> Iterator[Finding]:
    payload = ctx.token.payload
    if ctx.sd_jwt is not None and ctx.sd_jwt.payload is not None:
        payload = ctx.sd_jwt.payload  # the disclosed values too
    if not ctx.is_jws or payload is None:
        return
    for path, name, value in _walk(payload):
        if isinstance(value, dict):
            yield from _private_jwk(path, value)
        if name is not None:
            yield from _sensitive_name(path, name, value)
        if isinstance(value, str):
            yield from _sensitive_text(path, name, value)
        elif isinstance(value, int) and not isinstance(value, bool):
            yield from _card_numbers(path, str(value))


def _walk(root: Any) -> Iterator[tuple[str, str | None, Any]]:
    """(path, member name or None, value) for every value under the payload."""
    stack: list[tuple[str, str | None, Any]] = [("", None, root)]
    visited = 0
    while stack and visited < _MAX_NODES:
        path, name, value = stack.pop()
        visited += 1
        if path:
            yield path, name, value
        children: list[tuple[str, str | None, Any]] = []
        room = _MAX_NODES - visited  # children past it are never visited
        if isinstance(value, dict):
            children = [
                (f"{path}.{key}" if path else str(key), str(key), item)
                for key, item in islice(value.items(), room)
            ]
        elif isinstance(value, list):
            children = [
                (f"{path}[{i}]", None, item) for i, item in enumerate(value[:room])
            ]
        stack.extend(reversed(children))


def _words(name: str) -> list[str]:
    """Word parts of a camelCase, snake_case or kebab-case name, lowercase."""
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)  # SSNLast4: SSN, Last4
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", spaced)
    return re.findall(r"[a-z0-9]+", spaced.lower())


def _sensitive_name(path: str, name: str, value: Any) -> Iterator[Finding]:
    if isinstance(value, bool) or value is None or value in ("", [], {}):
        return
    words = _words(name)
    joined = "".join(words)
    credential = (
        any(part in joined for part in _CREDENTIAL_PARTS) and "secretary" not in joined
    ) or bool(words and (words[-1] in _CREDENTIAL_WORDS or "pwd" in words))
    if credential and isinstance(value, str | dict | list):
        yield CATALOGUE["SENSITIVE-NAME"].finding(
            f"Credential in the payload: {quoted(path)}",
            f"The claim {quoted(path)} looks like a credential. A signed JWT is not "
            "encrypted: anyone who holds it (the browser, logs, proxies, "
            "analytics) can base64-decode the payload and read it.",
            advice="Remove it. Credentials must never travel inside a token; "
            + CATALOGUE["SENSITIVE-CARD"].advice[0].lower()
            + CATALOGUE["SENSITIVE-CARD"].advice[1:],
            segment="payload",
            claim=path,
        )
    elif any(part in joined for part in _PERSONAL_PARTS) or _PERSONAL_WORDS & set(
        words
    ):
        yield CATALOGUE["SENSITIVE-NAME"].finding(
            f"Personal or payment data in the payload: {quoted(path)}",
            f"The claim {quoted(path)} is named like payment or national-id data. The "
            "payload of a signed JWT is readable by anyone who holds the token.",
            severity="medium",
            segment="payload",
            claim=path,
        )


def _private_jwk(path: str, value: dict[str, Any]) -> Iterator[Finding]:
    if "kty" not in value:
        return
    members = [m for m in PRIVATE_JWK_MEMBERS if m in value]
    if members:
        yield _key_leak(
            path,
            f"Private JWK members in the payload: {quoted(path)}",
            f"{quoted(path)} is a JWK with private members ({', '.join(members)}).",
        )


def _sensitive_text(path: str, name: str | None, text: str) -> Iterator[Finding]:
    if _PEM_PRIVATE.search(text):
        yield _key_leak(
            path,
            f"Private key in the payload: {quoted(path)}",
            f"{quoted(path)} holds a PEM private key.",
        )
    yield from _api_keys(path, text)
    yield from _card_numbers(path, text)
    if match := _EMAIL.search(text):
        yield _personal(
            "PII-EMAIL",
            path,
            f"E-mail address in the payload: {quoted(path)}",
            f"{quoted(path)} holds an e-mail address ({_mask_email(match.group())}).",
        )
    if _looks_like_phone(text, _phone_named(name)):
        yield _personal(
            "PII-PHONE",
            path,
            f"Phone number in the payload: {quoted(path)}",
            f"{quoted(path)} holds a phone number (ending {_digits(text)[-3:]}).",
        )


def _api_keys(path: str, text: str) -> Iterator[Finding]:
    for what, pattern in _API_KEYS:
        match = next(filter(_key_shaped, pattern.finditer(text)), None)
        if match is not None:
            yield _key_leak(
                path,
                f"{what} in the payload: {quoted(path)}",
                f"{quoted(path)} holds {_article(what)} {what} ({match.group()[:8]}…).",
            )


def _key_shaped(match: re.Match[str]) -> bool:
    """Random key material mixes letters and digits; "sk-my-long-slug" does not."""
    body = match.group()
    if not body.startswith("sk-"):
        return True
    return any(c.isdigit() for c in body) and any(c.isupper() for c in body)


def _phone_named(name: str | None) -> bool:
    """True when a word part of the name says phone (telephone, tel_no, faxNumber)."""
    words = _words(name or "")
    return any(word in _PHONE_WORDS or word.endswith("phone") for word in words)


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _looks_like_phone(text: str, named: bool) -> bool:
    candidate = text.strip()
    if not _PHONE.fullmatch(candidate):
        return False
    digits = sum(c.isdigit() for c in candidate)
    return 7 <= digits <= 15 and (candidate.startswith("+") or named)


def _key_leak(path: str, title: str, first: str) -> Finding:
    return CATALOGUE["SENSITIVE-KEY"].finding(
        title,
        f"{first} The payload of a signed JWT is only base64url-encoded: anyone "
        "who holds the token can read the key and use it.",
        segment="payload",
        claim=path,
    )


def _personal(id_: str, path: str, title: str, first: str) -> Finding:
    return CATALOGUE[id_].finding(
        title,
        f"{first} Often intended (OpenID Connect has email and phone_number "
        "claims), but anyone holding the token can read it, and tokens end up in "
        "logs and browser storage.",
        segment="payload",
        claim=path,
    )


def _card_numbers(path: str, text: str) -> Iterator[Finding]:
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        brand = card_brand(digits)
        if brand is None or not luhn_valid(digits):
            continue
        masked = digits[:6] + "*" * (len(digits) - 10) + digits[-4:]
        yield CATALOGUE["SENSITIVE-CARD"].finding(
            f"Payment card number in the payload: {quoted(path)}",
            f"{quoted(path)} contains {masked}, {_article(brand)} {brand} number that "
            "passes the Luhn "
            "check. Card numbers in a readable token are exposed to everyone who "
            "holds it, and storing them this way breaks PCI DSS rules.",
            segment="payload",
            claim=path,
        )
        return


def _article(word: str) -> str:
    return "an" if word[:1].upper() in "AEIOU" else "a"


def luhn_valid(digits: str) -> bool:
    """True when a string of digits passes the Luhn (mod 10) check."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def card_brand(digits: str) -> str | None:
    """The card network for a number's prefix and length, or None."""
    length = len(digits)
    two, four = int(digits[:2]), int(digits[:4])
    rules: tuple[tuple[bool, str], ...] = (
        (digits[0] == "4" and length in (13, 16, 19), "Visa"),
        ((51 <= two <= 55 or 2221 <= four <= 2720) and length == 16, "Mastercard"),
        (two in (34, 37) and length == 15, "American Express"),
        (
            (four == 6011 or two == 65 or 644 <= int(digits[:3]) <= 649)
            and 16 <= length <= 19,
            "Discover",
        ),
        (3528 <= four <= 3589 and 16 <= length <= 19, "JCB"),
        ((two in (36, 38, 39) or 300 <= int(digits[:3]) <= 305) and length == 14,
         "Diners Club"),
    )  # fmt: skip
    return next((brand for ok, brand in rules if ok), None)


def _mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"
