"""find_token: locating the token in whatever the user pasted."""

import json
import re
import time

import jwt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jwtinspector.core.extract import Extraction, find_token

TOKEN = jwt.encode({"sub": "1234567890", "name": "Ada"}, "k" * 32, algorithm="HS256")
HEADER, PAYLOAD, SIGNATURE = TOKEN.split(".")
WRAPPED = TOKEN.replace(".", ".\n")


def _without_space(text: str) -> str:
    return re.sub(r"\s", "", text)


MESSY_INPUTS = [
    ("bare", TOKEN),
    ("surrounding whitespace", f"  \n\t{TOKEN}\r\n  "),
    ("line break after each dot", WRAPPED),
    ("CRLF after each dot", TOKEN.replace(".", ".\r\n")),
    ("line broken mid-segment", f"{TOKEN[:20]}\n{TOKEN[20:70]}\n  {TOKEN[70:]}"),
    ("double quotes", f'"{TOKEN}"'),
    ("single quotes", f"'{TOKEN}'"),
    ("typographic quotes", f"“{TOKEN}”"),
    ("quotes with whitespace inside", f'  " {TOKEN} "\n'),
    ("Bearer prefix", f"Bearer {TOKEN}"),
    ("lower-case bearer, tab", f"bearer\t{TOKEN}"),
    ("Bearer, wrapped token", f"Bearer {WRAPPED}"),
    ("quoted Bearer value", f'"Bearer {TOKEN}"'),
    ("Authorization header line", f"Authorization: Bearer {TOKEN}"),
    ("authorization header, no space", f"authorization:Bearer {TOKEN}"),
    ("Proxy-Authorization header", f"Proxy-Authorization: Bearer {TOKEN}"),
    (
        "request dump",
        "GET /api/me HTTP/1.1\r\nHost: api.example.com\r\n"
        f"Authorization: Bearer {TOKEN}\r\nAccept: application/json\r\n\r\n",
    ),
    (
        "curl command",
        f"curl -H 'Authorization: Bearer {TOKEN}' https://api.example.com/me",
    ),
    ("URL fragment", f"https://app.example.com/cb#id_token={TOKEN}&state=af0ifjsldkj"),
    ("URL query", f"https://app.example.com/cb?code=x&access_token={TOKEN}&n=1"),
    ("bare fragment with #", f"#id_token={TOKEN}&state=xyz"),
    ("bare fragment without #", f"access_token={TOKEN}&token_type=Bearer"),
    ("lone cookie", f"session={TOKEN}"),
    ("cookie string", f"a=1; session={TOKEN}; b=2"),
    ("cookie string without spaces", f"a=1;session={TOKEN};b=2"),
    ("cookie with attributes", f"session={TOKEN}; Path=/; HttpOnly; Secure"),
    ("Set-Cookie header", f"Set-Cookie: session={TOKEN}; Path=/; HttpOnly"),
    (
        "Cookie header in a dump",
        f"GET / HTTP/1.1\nHost: a.example\nCookie: a=1; session={TOKEN}; b=2\n",
    ),
    (
        "JSON response",
        json.dumps({"token_type": "Bearer", "expires_in": 3600, "access_token": TOKEN}),
    ),
    (
        "pretty JSON response",
        json.dumps({"id_token": TOKEN, "scope": "openid"}, indent=2),
    ),
    ("JSON array", json.dumps([{"token": TOKEN}])),
    (
        "URL-encoded redirect",
        "next=https%3A%2F%2Fapp.example%2Fcb%3Fid_token%3D" + TOKEN + "%26state%3D1 x",
    ),
]


@pytest.mark.parametrize(
    "text", [t for _, t in MESSY_INPUTS], ids=[n for n, _ in MESSY_INPUTS]
)
def test_find_token_finds_token_in_messy_input(text):
    found = find_token(text)

    assert found.token == TOKEN
    assert _without_space(text[found.start : found.end]) == TOKEN
    # Every character of the token maps back to the same character in the input.
    assert [text[found.to_input(i)] for i in range(len(TOKEN))] == list(TOKEN)


def test_find_token_start_end_are_offsets_of_first_and_last_character():
    text = f"Authorization: Bearer {TOKEN}\n"

    found = find_token(text)

    assert found.start == text.index("eyJ")
    assert found.end == found.start + len(TOKEN)
    assert found.gaps == ()


def test_find_token_records_removed_line_breaks_as_gaps():
    text = "  " + TOKEN.replace(".", ".\r\n  ")

    found = find_token(text)

    first_dot = len(HEADER)
    second_dot = len(HEADER) + 1 + len(PAYLOAD)
    assert found.token == TOKEN
    assert found.gaps == ((first_dot + 1, 4), (second_dot + 1, 8))
    # The first payload character sits after the removed "\r\n  ".
    assert found.to_input(first_dot + 1) == text.index(PAYLOAD)
    assert found.to_input(second_dot + 1) == text.index(SIGNATURE)
    assert found.end == len(text)


def test_find_token_authorization_line_stops_at_end_of_line():
    text = f"Authorization: Bearer {TOKEN}\nX-Request-Id: 42\n"

    found = find_token(text)

    assert found.token == TOKEN
    assert text[found.end] == "\n"


def test_find_token_json_body_takes_token_not_other_strings():
    body = json.dumps(
        {"token_type": "Bearer", "note": "e.g. x.y", "access_token": TOKEN}
    )

    assert find_token(body).token == TOKEN


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("", ""),
        ("   \n\t ", ""),
        ('""', ""),
        ("' '", ""),
        ("Bearer ", "Bearer"),
        ("hello world", "helloworld"),
        ("abc.def", "abc.def"),
    ],
)
def test_find_token_returns_best_candidate_for_non_tokens(text, token):
    found = find_token(text)

    assert found.token == token


def test_extraction_to_input_without_gaps_is_a_shift():
    extraction = Extraction("abc", 5, 8)

    assert [extraction.to_input(i) for i in range(3)] == [5, 6, 7]


def test_extraction_to_input_adds_removed_characters_after_each_gap():
    # Input "..ab  cd\nef": token "abcdef" starts at 2, 2 removed before
    # index 2, 3 in total removed before index 4.
    extraction = Extraction("abcdef", 2, 11, ((2, 2), (4, 3)))

    assert [extraction.to_input(i) for i in range(6)] == [2, 3, 6, 7, 9, 10]


def test_find_token_adversarial_input_under_limit_is_fast():
    # ~1 MiB of "eyJ" runs inside JSON: no dot, so no token, but it must not
    # make the search quadratic (the UI decodes on every keystroke).
    text = '{"a": "' + "eyJ" * 340_000 + '"}'

    started = time.perf_counter()
    find_token(text)
    elapsed = time.perf_counter() - started

    assert elapsed < 1.0


@settings(max_examples=300)
@given(st.text())
def test_find_token_any_text_maps_back_to_input(text):
    found = find_token(text)

    assert 0 <= found.start <= found.end <= len(text)
    assert not re.search(r"\s", found.token)
    assert all(text[found.to_input(i)] == char for i, char in enumerate(found.token))


_SPACE = st.text(alphabet=" \t\r\n", max_size=4)


@st.composite
def _noisy(draw):
    text = TOKEN
    if draw(st.booleans()):
        breaks = draw(st.sampled_from(["\n", "\r\n", " \n  ", "\n\t"]))
        text = text.replace(".", "." + breaks)
    if draw(st.booleans()):
        text = draw(st.sampled_from(["Bearer ", "bearer  ", "BEARER\t", "JWT "])) + text
    if draw(st.booleans()):
        left, right = draw(st.sampled_from([('"', '"'), ("'", "'"), ("“", "”")]))
        text = left + draw(_SPACE) + text + draw(_SPACE) + right
    return draw(_SPACE) + text + draw(_SPACE)


@settings(max_examples=200)
@given(_noisy())
def test_find_token_noise_around_token_is_removed(text):
    found = find_token(text)

    assert found.token == TOKEN
    assert _without_space(text[found.start : found.end]) == TOKEN


def test_find_token_strips_quotes_after_a_bearer_prefix() -> None:
    token = "eyJhbGciOiJIUzI1NiJ9.e30.abc"
    for text in (f'Bearer "{token}"', f"Authorization: Bearer '{token}'"):
        found = find_token(text)
        assert found.token == token
        assert text[found.start : found.end] == token


@pytest.mark.parametrize(
    "text",
    [
        f"Bearer {TOKEN},",
        f"Bearer {TOKEN};",
        f"Authorization: Bearer {TOKEN}, ",
        f'"Bearer {TOKEN}";',
    ],
)
def test_find_token_drops_a_trailing_comma_or_semicolon(text: str) -> None:
    found = find_token(text)

    assert found.token == TOKEN
    assert text[found.start : found.end] == TOKEN


@pytest.mark.parametrize(
    "text",
    [
        "https://app.example/cb#id_token=" + TOKEN.replace(".", "%2E") + "&state=1",
        "https://app.example/cb?id_token=" + TOKEN.replace(".", "%2e") + "&x=1",
        "session=" + TOKEN.replace(".", "%2E").replace("-", "%2D") + "; Path=/",
    ],
)
def test_find_token_decodes_a_percent_encoded_value(text: str) -> None:
    from jwtinspector.core.token import inspect_token

    decoded = inspect_token(text)

    assert decoded.token == TOKEN
    assert decoded.ok
    # The coloured spans still cover the encoded text the user pasted.
    for segment in decoded.segments:
        shown = text[segment.start : segment.end]
        assert re.sub("%2[DdEe]", lambda m: chr(int(m.group()[1:], 16)), shown) == (
            segment.text
        )


def test_percent_encoded_token_errors_point_at_the_input() -> None:
    from jwtinspector.core.token import inspect_token

    broken = TOKEN[:-3] + "*" + TOKEN[-2:]
    text = "#id_token=" + broken.replace(".", "%2E") + "&state=1"

    (error,) = inspect_token(text).errors

    assert text[error.offset] == "*"
