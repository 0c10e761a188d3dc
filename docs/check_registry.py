"""Check the claims dictionary against the IANA registry snapshot.

Usage (from the repository root)::

    python docs/check_registry.py

The snapshot is ``resources/registry/iana-jwt-claims.csv`` ("JSON Web Token
Claims") and ``resources/registry/iana-jose-header.csv`` ("JSON Web Signature
and Encryption Header Parameters"), the names and references as IANA publishes
them. When the registry changes, update the CSV file, run this script, and write
a meaning for each name it lists: a registry update is a data change. A test runs
the same checks.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SNAPSHOTS = {
    "claims": RESOURCES / "registry" / "iana-jwt-claims.csv",
    "header": RESOURCES / "registry" / "iana-jose-header.csv",
}


def registry_names(part: str) -> list[str]:
    """The names of one registry snapshot, in its order, repeats kept (the
    header registry lists a name once per usage location: JWS and JWE)."""
    text = SNAPSHOTS[part].read_text("utf-8")
    rows = csv.reader(io.StringIO(text))
    body = [row for row in rows if row and not row[0].startswith("#")]
    return [row[0] for row in body[1:]]


def _duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    seen: dict[str, object] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"{key!r} is defined twice")
        seen[key] = value
    return seen


def problems() -> list[str]:
    """Every way the dictionary and the snapshot disagree; [] when they agree."""
    found: list[str] = []
    try:
        data = json.loads(
            (RESOURCES / "claims.json").read_text("utf-8"),
            object_pairs_hook=_duplicate_keys,
        )
    except ValueError as error:
        return [f"claims.json: {error}"]
    for part, snapshot in SNAPSHOTS.items():
        names = registry_names(part)
        entries = data[part]
        missing = sorted(set(names) - set(entries))
        found += [
            f"{part}: {n!r} is in {snapshot.name} but has no meaning" for n in missing
        ]
        if part == "claims":
            repeats = sorted({n for n in names if names.count(n) > 1})
            found += [f"{snapshot.name}: {n!r} is listed twice" for n in repeats]
        for name, entry in entries.items():
            for key in ("meaning", "source", "url"):
                if not str(entry.get(key, "")).strip():
                    found.append(f"{part}: {name!r} has no {key}")
            if not str(entry.get("url", "")).startswith("https://"):
                found.append(f"{part}: {name!r} has no https link")
            registered = entry.get("kind", "registered") == "registered"
            if registered and name not in names and "convention" in entry["source"]:
                found.append(f"{part}: {name!r} is not in the registry nor a standard")
    found += _provider_problems()
    return found


def _provider_problems() -> list[str]:
    """Each identity provider's claims need a meaning, a source and a link."""
    found = []
    providers = json.loads((RESOURCES / "providers.json").read_text("utf-8"))
    for key, provider in providers.items():
        if not provider.get("issuers"):
            found.append(f"providers: {key!r} has no issuer pattern")
        entries = {**provider["claims"], **provider.get("prefixes", {})}
        for name, entry in entries.items():
            if not entry.get("meaning") or not entry.get("source"):
                found.append(f"providers: {key} {name!r} has no meaning or source")
            if not str(entry.get("url", "")).startswith("https://"):
                found.append(f"providers: {key} {name!r} has no https link")
    return found


def coverage() -> dict[str, tuple[int, int]]:
    """{part: (registry names with a meaning, registry names)}."""
    data = json.loads((RESOURCES / "claims.json").read_text("utf-8"))
    result = {}
    for part in SNAPSHOTS:
        names = set(registry_names(part))
        result[part] = (len(names & set(data[part])), len(names))
    return result


def main() -> int:
    for part, (covered, total) in coverage().items():
        print(f"{part}: {covered} of {total} registered names have a meaning")
    found = problems()
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
