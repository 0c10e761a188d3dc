"""A token the extractor had to repair is named as such: a server would refuse
it as given. Taking a token out of its surroundings is not a repair."""

from __future__ import annotations

import jwt
import pytest

from jwtinspector.core.extract import find_token
from jwtinspector.core.keys import load_secret
from jwtinspector.core.pipeline import KeysInUse, verdict
from jwtinspector.core.token import inspect_token

SECRET = "repair-test-secret-of-32-bytes!!"
TOKEN = jwt.encode({"sub": "1"}, SECRET, algorithm="HS256")
HEADER, PAYLOAD, SIGNATURE = TOKEN.split(".")
NOW = 1_700_000_000.0


@pytest.mark.parametrize(
    "text",
    [
        TOKEN,
        f"  {TOKEN}\n",
        f'"{TOKEN}"',
        f"Bearer {TOKEN}",
        f"GET / HTTP/1.1\nAuthorization: Bearer {TOKEN}\nHost: example.com",
        f"https://app.example/cb#id_token={TOKEN}&state=xyz",
        f"https://app.example/cb?id_token={TOKEN.replace('.', '%2E')}",
        f"theme=dark; session={TOKEN}; lang=en",
        f'{{"access_token": "{TOKEN}", "token_type": "Bearer"}}',
        f"https://api.example/tokens/{TOKEN}?verbose=1",
    ],
)
def test_extraction_is_not_a_repair(text: str) -> None:
    found = find_token(text)

    assert found.token == TOKEN
    assert found.repairs == ()


def test_whitespace_inside_a_segment_is_a_repair() -> None:
    text = f"{HEADER}.{SIGNATURE[:0]}{PAYLOAD[:5]}\n  {PAYLOAD[5:]}.{SIGNATURE}"

    found = find_token(text)

    assert found.token == TOKEN
    where = len(HEADER) + 1 + 5 + 1
    assert found.repairs == (
        f"removed 1 run of whitespace from inside the token (the first at "
        f"character {where})",
    )


def test_a_character_glued_after_the_signature_is_a_repair() -> None:
    found = find_token(TOKEN + "?")

    assert found.token == TOKEN
    assert found.repairs == (
        f"dropped '?' right after the token (character {len(TOKEN) + 1})",
    )


def test_the_decoded_token_carries_the_repairs() -> None:
    assert inspect_token(TOKEN + "?").repairs
    assert inspect_token(f"Bearer {TOKEN}").repairs == ()


def test_a_repaired_token_verifies_with_a_warning_unless_strict() -> None:
    keys = KeysInUse(load_secret(SECRET))
    token = inspect_token(TOKEN + "?")

    lenient = verdict(token, keys, now=NOW)
    strict = verdict(token, keys, now=NOW, strict=True)

    assert lenient.valid
    assert any("A server would refuse" in w for w in lenient.signature.warnings)
    assert not strict.valid
    assert strict.problems[0].claim == "token"
    assert strict.problems[0].message.startswith("Refused as given")


def test_a_token_taken_as_it_is_gets_no_repair_warning() -> None:
    keys = KeysInUse(load_secret(SECRET))
    report = verdict(inspect_token(f"Bearer {TOKEN}"), keys, now=NOW, strict=True)

    assert report.valid
    assert report.signature.warnings == ()


def test_lint_flags_a_repaired_token_and_not_an_extracted_one() -> None:
    from jwtinspector.core.audit import audit

    def repaired(text: str) -> list[str]:
        findings = audit(inspect_token(text), now=NOW)
        return [f.title for f in findings if f.id == "TOKEN-REPAIRED"]

    assert repaired(TOKEN + "?") == [
        "The token had to be repaired: dropped '?' right after the token "
        f"(character {len(TOKEN) + 1})"
    ]
    [finding] = [f for f in audit(inspect_token(TOKEN + "?"), now=NOW)
                 if f.id == "TOKEN-REPAIRED"]  # fmt: skip
    assert finding.severity == "medium"
    assert repaired(f"Bearer {TOKEN}") == []
    assert repaired(TOKEN) == []
