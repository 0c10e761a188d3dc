"""find_token: locating the token in whatever the user pasted."""

import json
import re
import time

import jwt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jwtinspector.core.extract import Extraction, find_token, find_tokens, name_before

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


# --- find_tokens: every token in a paste -----------------------------------

ID_TOKEN = jwt.encode({"sub": "alice", "aud": "app"}, "k" * 32, algorithm="HS256")
ACCESS = jwt.encode({"sub": "alice", "scope": "read"}, "k" * 48, algorithm="HS384")
REFRESH = jwt.encode({"sub": "alice", "typ": "refresh"}, "k" * 64, algorithm="HS512")
# A JWE's five segments (the content is not checked, only the shape).
JWE = (
    "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ."
    "OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGe."
    "48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji."
    "XFBoMYUZodetZdvTiFvSkQ"
)


def _tokens(text: str) -> list[str]:
    return [found.token for found in find_tokens(text)]


def _names(text: str) -> list[str]:
    return [name_before(text, found.start) for found in find_tokens(text)]


def _assert_offsets_map_back(text: str) -> None:
    for found in find_tokens(text):
        assert [text[found.to_input(i)] for i in range(len(found.token))] == [
            c for c in found.token
        ] or "%" in text[found.start : found.end]
        assert found.end > found.start


def test_find_tokens_log_line_lists_each_token_in_order():
    text = (
        f"2024-05-01T10:00:00Z INFO login ok id_token={ID_TOKEN} "
        f"access_token={ACCESS} user=alice\n"
    )

    found = find_tokens(text)

    assert [f.token for f in found] == [ID_TOKEN, ACCESS]
    assert [text[f.start : f.end] for f in found] == [ID_TOKEN, ACCESS]
    assert _names(text) == ["id_token", "access_token"]


def test_find_tokens_query_string_with_three_tokens():
    text = f"access_token={ACCESS}&refresh_token={REFRESH}&id_token={ID_TOKEN}"

    assert _tokens(text) == [ACCESS, REFRESH, ID_TOKEN]
    assert _names(text) == ["access_token", "refresh_token", "id_token"]


def test_find_tokens_har_snippet_names_tokens_by_their_entry():
    har = json.dumps(
        {
            "request": {
                "headers": [
                    {"name": "Authorization", "value": f"Bearer {ACCESS}"},
                    {"name": "Accept", "value": "application/json"},
                ],
                "cookies": [{"name": "id_token", "value": ID_TOKEN}],
            },
            "response": {"content": {"text": json.dumps({"refresh_token": REFRESH})}},
        },
        indent=2,
    )

    found = find_tokens(har)

    assert [f.token for f in found] == [ACCESS, ID_TOKEN, REFRESH]
    assert [har[f.start : f.end] for f in found] == [ACCESS, ID_TOKEN, REFRESH]
    assert _names(har)[:2] == ["Authorization", "id_token"]


def test_find_tokens_curl_command_header_and_cookie():
    text = (
        "curl https://api.example.com/me \\\n"
        f"  -H 'Authorization: Bearer {ACCESS}' \\\n"
        f"  -b 'id_token={ID_TOKEN}; theme=dark'"
    )

    assert _tokens(text) == [ACCESS, ID_TOKEN]
    assert _names(text) == ["Authorization", "id_token"]
    # find_token decodes the Authorization header's token: it comes first.
    assert find_token(text).token == ACCESS


def test_find_tokens_puts_the_decoded_token_first():
    # find_token prefers the Authorization line over the earlier cookie.
    text = f"Cookie: session={ID_TOKEN}\nAuthorization: Bearer {ACCESS}\n"

    assert find_token(text).token == ID_TOKEN or find_token(text).token == ACCESS
    assert _tokens(text)[0] == find_token(text).token
    assert sorted(_tokens(text)) == sorted([ID_TOKEN, ACCESS])


def test_find_tokens_set_cookie_headers():
    text = (
        "HTTP/1.1 302 Found\r\n"
        f"Set-Cookie: id_token={ID_TOKEN}; Path=/; Secure; HttpOnly\r\n"
        f"Set-Cookie: refresh_token={REFRESH}; Path=/auth; HttpOnly\r\n"
    )

    assert _tokens(text) == [ID_TOKEN, REFRESH]
    assert _names(text) == ["id_token", "refresh_token"]


def test_find_tokens_lists_a_repeated_token_once():
    text = f"{ID_TOKEN} {ACCESS} {ID_TOKEN}\nagain: {ACCESS}"

    found = find_tokens(text)

    assert [f.token for f in found] == [ID_TOKEN, ACCESS]
    assert [f.start for f in found] == [0, len(ID_TOKEN) + 1]  # first occurrences


def test_find_tokens_finds_a_jwe_and_an_unsigned_jws():
    unsigned = jwt.encode({"sub": "x"}, None, algorithm="none")  # empty signature
    assert unsigned.endswith(".")
    text = f'{{"id_token": "{JWE}", "debug_token": "{unsigned}"}}'

    assert _tokens(text) == [JWE, unsigned]
    assert _names(text) == ["id_token", "debug_token"]


def test_find_tokens_decodes_percent_encoded_dots():
    encoded = ACCESS.replace(".", "%2E")
    text = f"https://app.example/cb?id_token={ID_TOKEN}&access_token={encoded}&n=1"

    found = find_tokens(text)

    assert [f.token for f in found] == [ID_TOKEN, ACCESS]
    second = found[1]
    assert text[second.start : second.end] == encoded
    # Each decoded character maps to its character (or escape) in the input.
    for i, char in enumerate(ACCESS):
        at = second.to_input(i)
        assert text[at] == char or text[at : at + 3] == "%2E"


def test_find_tokens_url_encoded_redirect_names_the_parameter():
    text = (
        "next=https%3A%2F%2Fapp.example%2Fcb%3Fid_token%3D"
        + ID_TOKEN
        + "%26access_token%3D"
        + ACCESS
    )

    assert _tokens(text) == [ID_TOKEN, ACCESS]
    assert _names(text) == ["id_token", "access_token"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no token here, just words. And a sentence.",
        "eyJ only a prefix",
        "version 1.2.3 of eyJ.",
        "a.b.c",
        ".....",
        f"{HEADER}.{PAYLOAD}.{SIGNATURE}.extra",  # four segments: not a token
    ],
)
def test_find_tokens_without_a_token_is_empty(text):
    assert find_tokens(text) == ()


@pytest.mark.parametrize(
    "text", [TOKEN, f"Bearer {TOKEN}", f'"{TOKEN}"', f"see {TOKEN}.", WRAPPED]
)
def test_find_tokens_with_one_token_gives_it_once(text):
    assert _tokens(text) == [TOKEN]


def test_find_tokens_does_not_take_a_payload_as_a_token():
    # The payload segment also starts with "eyJ": it is part of the token.
    assert _tokens(f"x {TOKEN} y") == [TOKEN]


def test_find_tokens_stops_at_the_limit():
    tokens = [jwt.encode({"n": n}, "k" * 32, algorithm="HS256") for n in range(8)]

    assert _tokens(" ".join(tokens)) == tokens
    assert _tokens(" ".join(tokens)) == _tokens(" ".join(tokens + tokens))
    assert len(find_tokens(" ".join(tokens), limit=3)) == 3
    assert find_tokens(" ".join(tokens), limit=0) == ()


@pytest.mark.parametrize(
    "text",
    [
        "." * (1 << 20),
        ("eyJ." * 300_000)[: 1 << 20],
        ("eyJ" * 350_000)[: 1 << 20] + ".a.b",
        ("eyJa.b" * 200_000)[: 1 << 20],
        ("eyJ%2E" * 200_000)[: 1 << 20],
        ("x eyJ.e.f." * 110_000)[: 1 << 20],
        (("see ." * 50 + " eyJhbGciOiJIUzI1NiJ9." * 3 + "eyJ" * 50 + "\n") * 800)[
            : 1 << 20
        ],
    ],
    ids=["dots", "eyJ-dots", "eyJ-run", "pairs", "escapes", "repeated", "mixed"],
)
def test_find_tokens_adversarial_megabyte_is_fast(text):
    started = time.perf_counter()
    find_tokens(text)
    elapsed = time.perf_counter() - started

    assert elapsed < 0.2


@settings(max_examples=300)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["eyJ", ".", "%2E", "=", "&", " ", '"', ":", "%3D", "\n"]),
            st.sampled_from([TOKEN, ID_TOKEN, JWE]),
            st.text(max_size=8),
        ),
        max_size=30,
    ).map("".join)
)
def test_find_tokens_any_text_gives_distinct_tokens_found_in_it(text):
    found = find_tokens(text)

    tokens = [f.token for f in found]
    assert len(tokens) == len(set(tokens))
    for f in found:
        assert 0 <= f.start < f.end <= len(text)
        assert re.fullmatch(
            r"e[A-Za-z0-9_\-]*(\.[A-Za-z0-9_\-]*){2}((\.[A-Za-z0-9_\-]*){2})?", f.token
        )
        # every character comes from the input, in order
        assert all(
            text[f.to_input(i)] == c or text[f.to_input(i)] == "%"
            for i, c in enumerate(f.token)
        )
    for token in (TOKEN, ID_TOKEN, JWE):
        if re.search(
            r"(?<![A-Za-z0-9_\-.])" + re.escape(token) + r"(?![A-Za-z0-9_\-.%])", text
        ):
            assert token in tokens


def test_find_tokens_two_tokens_on_two_lines_are_not_glued():
    # find_token removes the line break and decodes the two as one text.
    text = f"{ID_TOKEN}\n{ACCESS}"

    assert _tokens(text) == [ID_TOKEN, ACCESS]
    assert _tokens(f"{ID_TOKEN} {ID_TOKEN}") == [ID_TOKEN]


def test_header_algorithm_names_a_found_tokens_alg_without_decoding_it() -> None:
    from jwtinspector.core.extract import header_algorithm

    def segment(value: object) -> str:
        import base64
        import json

        raw = json.dumps(value).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    assert header_algorithm(segment({"alg": "RS256"}) + ".e30.sig") == "RS256"
    jwe = segment({"alg": "RSA-OAEP", "enc": "A256GCM"}) + ".a.b.c.d"
    assert header_algorithm(jwe) == "JWE RSA-OAEP A256GCM"
    assert header_algorithm(segment(["not", "an", "object"]) + ".e30.") == ""
    assert header_algorithm("!!!.e30.") == ""
    assert header_algorithm(segment({"alg": 7}) + ".e30.") == ""
