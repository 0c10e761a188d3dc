"""Rows for the claims tables: name, readable value, meaning and notes.

The meanings come from ``resources/claims.json`` (shipped inside the package as
``jwtinspector.resources``), each with the RFC or spec section it comes from and
its link; ``docs/check_registry.py`` checks them against the IANA registry
snapshot in ``resources/registry/``. An identity provider's own claims come from
``resources/providers.json`` (see core/providers.py).

Every name has one of four kinds (:func:`explain`): *registered* (in an IANA
registry or a cited standard), *vendor* (an identity provider's own claim),
*public* (a collision-resistant name such as a URI, RFC 7519 §4.2) or
*private* (unknown).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from jwtinspector.core.numericdate import NUMERIC_DATE_CLAIMS, DateInfo, describe_date
from jwtinspector.core.providers import (
    Provider,
    prefixed_vendor,
    provider_of,
    providers_using,
)
from jwtinspector.core.resources import read_resource

LONG_VALUE = 300
"""Values longer than this (as JSON) are shortened in table rows."""
MAX_ROWS = 1000
"""At most this many members get a row; one more row counts the rest (a
hostile token's 50,000 claims would take seconds to describe)."""


KINDS = ("registered", "vendor", "public", "private")
"""The four kinds of name, as the CLI's ``explain`` object spells them."""

PUBLIC_SOURCE = "RFC 7519 §4.2"
PUBLIC_URL = "https://www.rfc-editor.org/rfc/rfc7519#section-4.2"


@dataclasses.dataclass(frozen=True)
class Meaning:
    """What a name means, where that is defined, and which kind of name it is.

    Attributes:
        name: The registered title (e.g. "Expiration Time"), or the member name.
        meaning: One or two plain sentences, or "" when nothing is known.
        source: The RFC or spec section (or vendor page) it comes from.
        url: A link to that source.
        kind: One of :data:`KINDS`.
        vendor: The identity provider whose documentation gave the meaning.
    """

    name: str
    meaning: str
    source: str
    url: str = ""
    kind: str = "registered"
    vendor: str = ""


@dataclasses.dataclass(frozen=True)
class ClaimRow:
    """One member of a header or claims set, ready to display.

    Attributes:
        name: The member name.
        value: The JSON value as decoded.
        value_text: Compact JSON, with a human date for NumericDate claims.
        meaning: Plain-words meaning, or "" for a private claim.
        source: Where the meaning is defined, e.g. "RFC 7519 §4.1.4".
        date: The readable date for a numeric NumericDate claim.
        note: A problem worth flagging in the row (e.g. milliseconds).
        kind: registered, vendor, public or private (see :data:`KINDS`).
        vendor: The identity provider whose documentation gave the meaning.
        url: A link to the source.
        part: "claims" or "header".
        more: On the last row of a long list only: how many members have no
            row (the row stands for them and is not a member).
    """

    name: str
    value: Any
    value_text: str
    meaning: str
    source: str
    date: DateInfo | None
    note: str
    kind: str = "private"
    vendor: str = ""
    url: str = ""
    part: str = "claims"
    more: int = 0

    @property
    def shown_meaning(self) -> str:
        """The meaning as a table shows it, its kind visible: a vendor's claim
        names the provider, a public or private name says so."""
        return shown_meaning(self.kind, self.meaning, self.vendor, self.part)

    @property
    def is_date(self) -> bool:
        """True for a NumericDate claim (even one whose value is not a number)."""
        return self.name in NUMERIC_DATE_CLAIMS


@functools.cache
def dictionary() -> dict[str, dict[str, Meaning]]:
    """The teaching dictionary: {"claims": {...}, "header": {...}}."""
    raw = json.loads(read_resource("claims.json"))
    return {
        part: {
            name: Meaning(
                entry.get("name", name),
                entry["meaning"],
                entry["source"],
                entry.get("url", ""),
                entry.get("kind", "registered"),
            )
            for name, entry in raw.get(part, {}).items()
        }
        for part in ("claims", "header")
    }


@functools.cache
def variants() -> dict[str, dict[str, Meaning]]:
    """Claims whose meaning depends on the kind of token: {name: {use: ...}}."""
    raw = json.loads(read_resource("claims.json"))["claims"]
    return {
        name: {
            use: Meaning(entry.get("name", name), v["meaning"], v["source"], v["url"])
            for use, v in entry["variants"].items()
        }
        for name, entry in raw.items()
        if "variants" in entry
    }


def meaning_of(name: str, part: str = "claims") -> Meaning | None:
    """The registered meaning of a claim or header parameter, if any."""
    return dictionary()[part].get(name)


# A URI with a scheme (https://…, urn:…) or a reverse domain name (com.example.x).
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_DOMAIN_NAME = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+){2,}(/\S*)?$")


def is_collision_resistant(name: str) -> bool:
    """True for a public name in the sense of RFC 7519 §4.2: a URI, or a name
    in a namespace someone owns (a domain name, possibly with a path)."""
    if ":" not in name and "." not in name:
        return False
    return bool(_URI.match(name) or _DOMAIN_NAME.match(name))


def token_use(
    claims: Mapping[str, Any] | None, header: Mapping[str, Any] | None
) -> str:
    """Which kind of token this looks like, for claims whose meaning depends on
    it: "dpop" (a DPoP proof), "access", "id" (an ID token) or "" (unknown)."""
    claims = claims if isinstance(claims, Mapping) else {}
    typ = header.get("typ") if isinstance(header, Mapping) else None
    typ = typ.lower() if isinstance(typ, str) else ""
    if typ == "dpop+jwt" or ("htm" in claims and "htu" in claims):
        return "dpop"
    use = claims.get("token_use")
    if typ in ("at+jwt", "application/at+jwt") or use == "access":
        return "access"
    if use == "id" or any(n in claims for n in ("at_hash", "c_hash", "nonce")):
        return "id"
    if any(n in claims for n in ("scope", "scp", "client_id", "cid", "appid")):
        return "access"
    return ""


def explain(
    name: str,
    part: str = "claims",
    *,
    claims: Mapping[str, Any] | None = None,
    header: Mapping[str, Any] | None = None,
) -> Meaning:
    """What a member name means and its kind, knowing the token it is in.

    For claims, ``claims`` (the whole payload) lets ``iss`` name the identity
    provider, whose own documentation then explains its claims, and together
    with ``header`` tells an ID token, an access token and a DPoP proof apart.
    """
    return explainer(part, claims=claims, header=header)(name)


def explainer(
    part: str,
    *,
    claims: Mapping[str, Any] | None = None,
    header: Mapping[str, Any] | None = None,
) -> Callable[[str], Meaning]:
    """:func:`explain` for every member of one token: the provider and the
    kind of token are found once."""
    issuer = claims.get("iss") if isinstance(claims, Mapping) else None
    provider = provider_of(issuer) if part == "claims" else None
    use = token_use(claims, header) if part == "claims" else ""
    return functools.partial(_explain, part=part, provider=provider, use=use)


def _explain(name: str, *, part: str, provider: Provider | None, use: str) -> Meaning:
    registered = dictionary()[part].get(name)
    if part != "claims":
        if registered is not None:
            return registered
        return _unregistered(name, part)
    public = is_collision_resistant(name)
    vendor = provider.meaning_of(name, public=public) if provider else None
    if provider is not None and vendor is not None:
        kind = (
            "registered" if registered and registered.kind == "registered" else "vendor"
        )
        title = registered.name if registered else name
        return Meaning(
            title, vendor.meaning, vendor.source, vendor.url, kind, provider.name
        )
    if registered is not None:
        variant = variants().get(name, {}).get(use)
        if variant is not None:
            return dataclasses.replace(variant, kind=registered.kind)
        return registered
    prefixed = prefixed_vendor(name)
    if prefixed is not None:
        owner, meaning = prefixed
        return Meaning(
            name, meaning.meaning, meaning.source, meaning.url, "vendor", owner.name
        )
    return _unregistered(name, part)


def _unregistered(name: str, part: str) -> Meaning:
    if is_collision_resistant(name):
        return Meaning(
            name,
            "Its name is a URI or a domain name, so it cannot collide with other "
            "names; whoever owns that name defines what it means.",
            PUBLIC_SOURCE,
            PUBLIC_URL,
            "public",
        )
    users = providers_using(name) if part == "claims" else ()
    if users:
        first = users[0].claims[name]
        return Meaning(
            name,
            f"Not registered. If this token comes from {users[0].name}: "
            f"{first.meaning}",
            first.source,
            first.url,
            "private",
        )
    return Meaning(name, "", "", "", "private")


def shown_meaning(
    kind: str, meaning: str, vendor: str = "", part: str = "claims"
) -> str:
    """A meaning with its kind visible, as the claims tables show it."""
    noun = "claim" if part == "claims" else "parameter"
    if vendor:
        return f"{vendor}: {meaning}"
    if kind == "public":
        return f"(public {noun}) {meaning}"
    if kind == "private":
        return f"(private {noun}) {meaning}" if meaning else f"(private {noun})"
    return meaning


def describe_members(
    members: dict[str, Any] | None,
    *,
    part: str,
    now: float,
    header: Mapping[str, Any] | None = None,
) -> tuple[ClaimRow, ...]:
    """One row per member, in the token's order. For claims, ``header`` (when
    known) helps tell the kind of token (see :func:`token_use`)."""
    if not members:
        return ()
    meaning_of_name = explainer(
        part, claims=members if part == "claims" else None, header=header
    )
    listed = itertools.islice(members.items(), MAX_ROWS)
    rows = tuple(
        _row(name, value, part, now, meaning_of_name(name)) for name, value in listed
    )
    more = len(members) - len(rows)
    if more <= 0:
        return rows
    noun = "claims" if part == "claims" else "parameters"
    text = f"{more:,} more {noun} not listed here: the JSON view shows them"
    return (*rows, ClaimRow("…", None, text, "", "", None, "", more=more))


def explain_members(
    members: Any,
    *,
    part: str,
    header: Mapping[str, Any] | None = None,
) -> list[dict[str, str]]:
    """The CLI's ``explain`` list: one {name, kind, meaning, source, url} per
    top-level member (plus ``vendor`` for a provider's claim); [] when the
    part is not a JSON object."""
    if not isinstance(members, Mapping):
        return []
    meaning_of_name = explainer(
        part, claims=members if part == "claims" else None, header=header
    )
    out = []
    for name in members:
        meaning = meaning_of_name(str(name))
        entry = {
            "name": str(name),
            "kind": meaning.kind,
            "meaning": meaning.meaning,
            "source": meaning.source,
            "url": meaning.url,
        }
        if meaning.vendor:
            entry["vendor"] = meaning.vendor
        out.append(entry)
    return out


def _row(name: str, value: Any, part: str, now: float, meaning: Meaning) -> ClaimRow:
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > LONG_VALUE:  # a table cell cannot show more; the JSON view can
        text = f"{text[:LONG_VALUE]}… ({len(text) - LONG_VALUE} more characters)"
    date = (
        describe_date(value, now)
        if part == "claims" and name in NUMERIC_DATE_CLAIMS
        else None
    )
    note = ""
    if date is not None:
        if date.looks_like_ms:
            # Both readings in the cell: the milliseconds one is what was meant.
            text = f"{text}  (as ms: {date.ms_utc}; as seconds: {date.local})"
            note = (
                f"Looks like milliseconds: NumericDate is in seconds. As seconds: "
                f"{date.utc}; as milliseconds: {date.ms_utc}."
            )
        else:
            text = f"{text}  ({date.local})"
    elif part == "claims" and name in NUMERIC_DATE_CLAIMS:
        note = f"{name} should be a number of seconds since 1970 (RFC 7519 §2)."
    return ClaimRow(
        name=name,
        value=value,
        value_text=text,
        meaning=meaning.meaning,
        source=meaning.source,
        date=date,
        note=note,
        kind=meaning.kind,
        vendor=meaning.vendor,
        url=meaning.url,
        part=part,
    )
