"""inspect_token / parse_token: decoding untrusted tokens with precise errors."""

import base64
import json
import pathlib
import re
import time

import jwt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strict_decoding import parse_token

from jwtinspector.core.errors import InputTooLargeError, TokenFormatError
from jwtinspector.core.extract import find_token
from jwtinspector.core.token import (
    DEFAULT_MAX_SIZE,
    DecodedToken,
    inspect_token,
)

SECRET = "k" * 32
CLAIMS = {"sub": "1234567890", "name": "Ada", "iat": 1516239022, "admin": True}
TOKEN = jwt.encode(CLAIMS, SECRET, algorithm="HS256")
HEADER, PAYLOAD, SIGNATURE = TOKEN.split(".")
VECTORS = json.loads(
    (pathlib.Path(__file__).parent.parent / "data" / "rfc_vectors.json").read_text()
)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token_with(header=HEADER, payload=PAYLOAD, signature=SIGNATURE) -> str:
    return f"{header}.{payload}.{signature}"


BAD_STAR = PAYLOAD[:9] + "*" + PAYLOAD[10:]


def only_error(text: str) -> TokenFormatError:
    with pytest.raises(TokenFormatError) as info:
        parse_token(text)
    return info.value


# --- decoding valid tokens --------------------------------------------------------


def test_parse_token_decodes_header_payload_and_signature():
    decoded = parse_token(TOKEN)

    assert isinstance(decoded, DecodedToken)
    assert decoded.form == "JWS"
    assert decoded.header == {"alg": "HS256", "typ": "JWT"}
    assert decoded.payload == CLAIMS
    assert list(decoded.payload) == list(CLAIMS)
    assert decoded.claims == CLAIMS
    assert decoded.payload_bytes == base64.urlsafe_b64decode(PAYLOAD + "==")
    assert decoded.signature == base64.urlsafe_b64decode(SIGNATURE + "=")
    assert len(decoded.signature) == 32
    assert decoded.alg == "HS256"
    assert decoded.ok
    assert decoded.errors == ()
    assert decoded.warnings == ()
    assert decoded.signing_input == f"{HEADER}.{PAYLOAD}".encode()
    assert not decoded.is_encrypted


def test_parse_token_segments_hold_raw_text_and_spans():
    decoded = parse_token(TOKEN)

    assert [s.name for s in decoded.segments] == ["header", "payload", "signature"]
    assert [s.text for s in decoded.segments] == [HEADER, PAYLOAD, SIGNATURE]
    for segment in decoded.segments:
        assert TOKEN[segment.start : segment.end] == segment.text
    assert decoded.segment("payload").data == decoded.payload_bytes
    assert decoded.segment("tag") is None


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_parse_token_rfc_vectors(name):
    vector = VECTORS[name]

    decoded = parse_token(vector["token"])

    assert decoded.header == vector["header"]
    assert list(decoded.header) == list(vector["header"])
    assert [s.text for s in decoded.segments] == [
        vector["header_b64"],
        vector["payload_b64"],
        vector["signature_b64"],
    ]
    assert decoded.signature == base64.urlsafe_b64decode(
        vector["signature_b64"] + "=" * (-len(vector["signature_b64"]) % 4)
    )
    if isinstance(vector["payload"], dict):
        assert decoded.payload == vector["payload"]
        assert list(decoded.payload) == list(vector["payload"])
    else:
        assert decoded.payload is None
        assert decoded.payload_bytes == vector["payload"].encode()


def test_parse_token_keeps_key_order_of_header_and_payload():
    header = b'{"typ":"JWT","kid":"k1","alg":"HS256"}'
    payload = b'{"z":1,"a":{"y":2,"b":3},"m":[{"q":1,"c":2}]}'

    decoded = parse_token(token_with(b64(header), b64(payload)))

    assert list(decoded.header) == ["typ", "kid", "alg"]
    assert list(decoded.payload) == ["z", "a", "m"]
    assert list(decoded.payload["a"]) == ["y", "b"]
    assert list(decoded.payload["m"][0]) == ["q", "c"]


def test_parse_token_unsecured_token_has_empty_signature():
    text = b64(b'{"alg":"none"}') + f".{PAYLOAD}."

    decoded = parse_token(text)

    assert decoded.alg == "none"
    assert decoded.signature == b""
    signature = decoded.segment("signature")
    assert signature.text == ""
    assert signature.start == signature.end == len(text)


MESSY = [
    f"  Bearer {TOKEN}\n",
    TOKEN.replace(".", ".\n"),
    "GET / HTTP/1.1\r\nAuthorization: Bearer " + TOKEN + "\r\nHost: x\r\n",
    "Bearer " + TOKEN.replace(".", ".\r\n"),
    f'{{"access_token": "{TOKEN}"}}',
    f"a=1; session={TOKEN}; b=2",
    f"https://app.example.com/cb#id_token={TOKEN}&state=1",
    f"'{TOKEN[:30]}\n   {TOKEN[30:]}'",
]


@pytest.mark.parametrize("text", MESSY)
def test_inspect_token_segment_spans_point_into_original_input(text):
    decoded = inspect_token(text)

    assert decoded.ok
    assert decoded.payload == CLAIMS
    for segment in decoded.segments:
        assert re.sub(r"\s", "", text[segment.start : segment.end]) == segment.text
    assert re.sub(r"\s", "", text[decoded.start : decoded.end]) == TOKEN


def test_inspect_token_segment_spans_skip_line_breaks_after_dots():
    text = TOKEN.replace(".", ".\n")

    decoded = inspect_token(text)

    payload = decoded.segment("payload")
    assert payload.start == text.index(PAYLOAD)
    assert text[payload.start - 1] == "\n"
    assert decoded.segment("signature").end == len(text)


# --- the number of segments ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (HEADER, "found 0 dots (1 segment)"),
        (f"{HEADER}.{PAYLOAD}", "found 1 dot (2 segments)"),
        (f"{TOKEN}.extra", "found 3 dots (4 segments)"),
        (f"{TOKEN}.a.b.c", "found 5 dots (6 segments)"),
    ],
)
def test_parse_token_wrong_number_of_dots_says_how_many(text, says):
    error = only_error(text)

    assert error.segment == "token"
    assert says in error.reason
    assert "2 dots" in error.reason
    assert error.detail.startswith(f"token, character {error.offset + 1}: ")


def test_parse_token_too_many_dots_points_at_first_extra_dot():
    text = f"Bearer {TOKEN}.extra"

    error = only_error(text)

    assert error.offset == len("Bearer ") + len(TOKEN)
    assert text[error.offset] == "."


def test_inspect_token_wrong_dot_count_still_decodes_header():
    decoded = inspect_token(f"{HEADER}.{PAYLOAD}")

    assert decoded.form == "malformed"
    assert decoded.header == {"alg": "HS256", "typ": "JWT"}
    assert decoded.payload == CLAIMS
    assert decoded.signature is None
    assert not decoded.ok


# --- base64url ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bad", "segment", "reason"),
    [
        (
            token_with(payload=PAYLOAD[:7] + "!" + PAYLOAD[8:]),
            "!",
            "payload",
            "'!' (U+0021) is not a base64url character",
        ),
        (
            token_with(header=HEADER[:3] + "+" + HEADER[4:]),
            "+",
            "header",
            "'+' is standard base64, not base64url (which uses '-' instead)",
        ),
        (
            token_with(signature=SIGNATURE[:10] + "/" + SIGNATURE[11:]),
            "/",
            "signature",
            "'/' is standard base64, not base64url (which uses '_' instead)",
        ),
        (
            token_with(payload=PAYLOAD[:12] + "=" + PAYLOAD[12:]),
            "=",
            "payload",
            "'=' padding inside the segment: base64url has no padding",
        ),
        (
            token_with(payload=PAYLOAD[:5] + "é" + PAYLOAD[5:]),
            "é",
            "payload",
            "'é' (U+00E9) is not a base64url character",
        ),
        (
            "Bearer " + token_with(payload=BAD_STAR),
            "*",
            "payload",
            "not a base64url character",
        ),
        (
            "Bearer\n" + token_with(payload=BAD_STAR).replace(".", ".\n  "),
            "*",
            "payload",
            "not a base64url character",
        ),
        (
            "Authorization: Bearer " + token_with(signature=SIGNATURE[:4] + "!") + "\n",
            "!",
            "signature",
            "not a base64url character",
        ),
    ],
)
def test_parse_token_invalid_base64url_character_is_located(text, bad, segment, reason):
    error = only_error(text)

    assert error.segment == segment
    assert error.offset == text.index(bad)
    assert text[error.offset] == bad
    assert reason in error.reason
    assert error.detail == f"{segment}, character {error.offset + 1}: {error.reason}"


def test_parse_token_segment_of_impossible_length_is_truncated():
    payload = b64(b'{"a":1}') + "AAA"  # 13 characters: 4n + 1 cannot be base64
    text = token_with(payload=payload)

    error = only_error(text)

    assert error.segment == "payload"
    assert "13 characters" in error.reason
    assert "truncated" in error.reason
    assert error.offset == text.index(payload) + len(payload) - 1


def test_inspect_token_correct_padding_is_a_warning_only():
    payload = b64(b'{"a":1}')  # 10 characters: 2 '=' would be correct
    text = token_with(payload=payload + "==")

    decoded = inspect_token(text)

    assert decoded.ok
    assert decoded.payload == {"a": 1}
    [warning] = decoded.warnings
    assert warning.segment == "payload"
    assert "2 '=' found" in warning.reason
    assert warning.offset == text.index("=")
    assert warning.length == 2


@pytest.mark.parametrize(
    ("padding", "correct"), [("=", "2 would be correct"), ("===", "2 would be correct")]
)
def test_parse_token_wrong_padding_is_an_error(padding, correct):
    text = token_with(payload=b64(b'{"a":1}') + padding)

    error = only_error(text)

    assert error.segment == "payload"
    assert f"{len(padding)} '=' found" in error.reason
    assert correct in error.reason
    assert error.offset == text.index("=")


# --- JSON -----------------------------------------------------------------------


def test_parse_token_header_not_utf8():
    header = b'{"alg":"\xff\xfe"}'
    text = token_with(header=b64(header))

    error = only_error(text)

    assert error.segment == "header"
    assert "not UTF-8" in error.reason
    assert "0xff at byte 9" in error.reason
    assert 0 <= error.offset < len(b64(header))


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (b'{"alg":"HS256",}', "line 1, column 16"),
        (b'{"alg":', "line 1, column 8"),
        (b'{"alg":"HS256"\n"typ":"JWT"}', "line 2, column 1"),
        (b'{\r\n "alg": }', "line 2, column 9"),
    ],
)
def test_parse_token_header_not_json_gives_line_and_column(raw, where):
    text = token_with(header=b64(raw))

    error = only_error(text)

    assert error.segment == "header"
    assert error.reason.startswith("not valid JSON: ")
    assert where in error.message
    assert 0 <= error.offset < len(b64(raw))


def test_parse_token_payload_json_error_names_payload():
    payload = b64(b'{"sub": "1",\n "exp": }')
    text = f"  {token_with(payload=payload)}"

    error = only_error(text)

    assert error.segment == "payload"
    assert "line 2, column 9" in error.message
    start = text.index(payload)
    assert start <= error.offset < start + len(payload)
    assert error.detail.startswith(f"payload, character {error.offset + 1}: ")


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (b"[1, 2]", "array"),
        (b'"HS256"', "string"),
        (b"42", "number"),
        (b"null", "null"),
        (b"true", "boolean"),
    ],
)
def test_parse_token_header_must_be_object(raw, kind):
    error = only_error(token_with(header=b64(raw)))

    assert error.segment == "header"
    assert error.reason == f"the header must be a JSON object, not a JSON {kind}"
    assert error.offset == 0


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_parse_token_rejects_non_json_constants(constant):
    error = only_error(token_with(payload=b64(b'{"exp": ' + constant + b"}")))

    assert error.segment == "payload"
    assert error.reason == f"not valid JSON: {constant.decode()} is not a JSON value"


def test_parse_token_deep_nesting_is_a_format_error():
    error = only_error(token_with(payload=b64(b"[" * 100_000)))

    assert error.segment == "payload"
    assert error.reason == (
        "the JSON is nested 100,000 levels deep; at most 128 are read"
    )
    assert error.headline == "The payload is nested too deeply to read"


def test_inspect_token_duplicate_keys_are_warnings_not_errors():
    header = b64(b'{"alg":"none","alg":"HS256"}')
    payload = b64(b'{"sub":"a","x":{"k":1,"k":2},"sub":"b"}')

    decoded = parse_token(token_with(header, payload))

    assert decoded.ok
    assert decoded.header == {"alg": "HS256"}
    assert decoded.payload == {"sub": "b", "x": {"k": 2}}
    assert decoded.duplicates == (
        ("header", "alg"),
        ("payload", "k"),
        ("payload", "sub"),
    )
    # One warning per segment: the payload's two names are grouped.
    assert [w.segment for w in decoded.warnings] == ["header", "payload"]
    assert '"alg" appears more than once' in decoded.warnings[0].reason
    assert decoded.warnings[1].reason.startswith(
        '2 member names appear more than once (first: "k", again at line 1, column 23)'
    )


def test_inspect_token_payload_not_json_is_kept_as_bytes():
    decoded = parse_token(token_with(payload=b64(b"hello, world")))

    assert decoded.ok
    assert decoded.payload is None
    assert decoded.payload_bytes == b"hello, world"
    [warning] = decoded.warnings
    assert warning.segment == "payload"
    assert "not JSON" in warning.reason
    assert "12 bytes" in warning.reason


def test_inspect_token_payload_not_utf8_is_kept_as_bytes():
    decoded = parse_token(token_with(payload=b64(b"\xff\x00\x01binary")))

    assert decoded.payload_bytes == b"\xff\x00\x01binary"
    assert decoded.payload is None
    assert [w.segment for w in decoded.warnings] == ["payload"]


def test_inspect_token_payload_json_array_is_not_claims():
    decoded = parse_token(token_with(payload=b64(b"[1, 2]")))

    assert decoded.payload == [1, 2]
    assert decoded.claims is None
    [warning] = decoded.warnings
    assert "JSON array, not an object" in warning.reason


def test_inspect_token_broken_signature_still_decodes_header_and_payload():
    text = token_with(signature=SIGNATURE[:5] + "%" + SIGNATURE[6:])

    decoded = inspect_token(text)

    assert decoded.header == {"alg": "HS256", "typ": "JWT"}
    assert decoded.payload == CLAIMS
    assert decoded.signature is None
    assert not decoded.ok
    [error] = decoded.errors
    assert error.segment == "signature"
    assert error.offset == text.index("%")
    with pytest.raises(TokenFormatError) as info:
        parse_token(text)
    assert info.value.segment == "signature"


def test_inspect_token_collects_errors_in_input_order():
    text = token_with(header=HEADER[:4] + "!" + HEADER[5:], payload=PAYLOAD + "?")

    decoded = inspect_token(text)

    assert [(e.segment, e.offset) for e in decoded.errors] == [
        ("header", 4),
        ("payload", text.index("?")),
    ]
    assert decoded.header is None
    assert decoded.payload is None
    assert decoded.signature is not None
    assert only_error(text).segment == "header"


# --- JWE ------------------------------------------------------------------------

JWE_HEADER = {"alg": "RSA-OAEP", "enc": "A256GCM", "kid": "enc-1"}
JWE = ".".join(
    [
        b64(json.dumps(JWE_HEADER).encode()),
        b64(b"\x01" * 256),
        b64(b"\x02" * 12),
        b64(b"secret stuff, encrypted"),
        b64(b"\x03" * 16),
    ]
)


def test_parse_token_recognises_five_segment_jwe():
    decoded = parse_token(JWE)

    assert decoded.form == "JWE"
    assert decoded.is_encrypted
    assert decoded.header == JWE_HEADER
    assert decoded.alg == "RSA-OAEP"
    assert [s.name for s in decoded.segments] == [
        "header",
        "encrypted_key",
        "iv",
        "ciphertext",
        "tag",
    ]
    assert decoded.segment("iv").data == b"\x02" * 12
    assert decoded.payload is None
    assert decoded.payload_bytes is None
    assert decoded.signature is None
    assert decoded.errors == ()
    assert [w.segment for w in decoded.warnings] == ["ciphertext"]
    assert "encrypted" in decoded.warnings[0].reason


def test_parse_token_jwe_bad_character_names_jwe_part():
    parts = JWE.split(".")
    parts[2] = parts[2][:3] + "!" + parts[2][4:]
    text = ".".join(parts)

    error = only_error(text)

    assert error.segment == "iv"
    assert error.offset == text.index("!")


# --- empty and oversized input --------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t\r\n", '""', "' '"])
def test_inspect_token_empty_input_asks_for_a_token(text):
    with pytest.raises(TokenFormatError) as info:
        inspect_token(text)

    assert info.value.segment == "token"
    assert info.value.offset is None
    assert info.value.detail == "token: the input is empty: paste a token"


def test_inspect_token_refuses_10_mb_quickly():
    text = TOKEN + "A" * 10_000_000

    started = time.perf_counter()
    with pytest.raises(InputTooLargeError) as info:
        inspect_token(text)
    elapsed = time.perf_counter() - started

    assert elapsed < 0.1
    assert isinstance(info.value, TokenFormatError)
    assert info.value.segment == "token"
    assert "over the 1.0 MiB limit" in info.value.message


def test_inspect_token_size_limit_is_inclusive():
    at_limit = TOKEN + " " * (DEFAULT_MAX_SIZE - len(TOKEN))

    assert inspect_token(at_limit).payload == CLAIMS
    with pytest.raises(InputTooLargeError):
        inspect_token(at_limit + " ")


def test_parse_token_custom_max_size():
    with pytest.raises(InputTooLargeError) as info:
        parse_token(TOKEN, max_size=50)

    assert info.value.reason == (
        f"the input is {len(TOKEN)} characters, over the 50 characters limit"
    )


# --- properties -----------------------------------------------------------------


@settings(max_examples=300)
@given(st.text())
def test_parse_token_any_text_raises_only_format_error(text):
    error = None
    try:
        parse_token(text)
    except TokenFormatError as exc:
        error = exc
    if error is not None:
        assert error.segment
        assert error.offset is None or 0 <= error.offset < len(text)


@settings(max_examples=300)
@given(st.text())
def test_inspect_token_any_text_raises_only_for_empty_input(text):
    try:
        decoded = inspect_token(text)
    except TokenFormatError:
        assert find_token(text).token == ""
    else:
        assert decoded.form in ("JWS", "JWE", "malformed")
        for problem in decoded.errors + decoded.warnings:
            assert problem.offset is None or 0 <= problem.offset < len(text)


@settings(max_examples=300)
@given(
    position=st.integers(min_value=0, max_value=len(TOKEN)),
    operation=st.sampled_from(["flip", "insert", "delete"]),
    char=st.characters(),
)
def test_inspect_token_mutated_token_raises_only_format_error(
    position, operation, char
):
    if operation == "flip":
        text = TOKEN[:position] + char + TOKEN[position + 1 :]
    elif operation == "insert":
        text = TOKEN[:position] + char + TOKEN[position:]
    else:
        text = TOKEN[:position] + TOKEN[position + 1 :]
    error = None
    try:
        inspect_token(text)
        parse_token(text)
    except TokenFormatError as exc:
        error = exc
    if error is not None:
        assert error.detail.startswith(error.segment)


_JSON_LEAF = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
_JSON = st.recursive(
    _JSON_LEAF,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
# PyJWT checks the types of some registered claims when encoding.
_CLAIM_NAMES = st.text(max_size=10).filter(
    lambda k: k not in {"exp", "nbf", "iat", "iss", "sub", "aud", "jti"}
)


@settings(max_examples=200)
@given(st.dictionaries(_CLAIM_NAMES, _JSON, max_size=6))
def test_parse_token_round_trips_pyjwt_payload(payload):
    text = jwt.encode(payload, SECRET, algorithm="HS256")

    decoded = parse_token(text)

    assert decoded.payload == payload
    # Same values and the same key order at every level.
    assert json.dumps(decoded.payload) == json.dumps(payload)
    assert decoded.header == {"alg": "HS256", "typ": "JWT"}


@st.composite
def _noisy_token(draw):
    text = TOKEN
    if draw(st.booleans()):
        text = text.replace(".", "." + draw(st.sampled_from(["\n", "\r\n", "\n  "])))
    if draw(st.booleans()):
        text = draw(st.sampled_from(["Bearer ", "bearer\t", "BEARER  "])) + text
    if draw(st.booleans()):
        quote = draw(st.sampled_from(['"', "'"]))
        text = quote + text + quote
    space = st.text(alphabet=" \t\r\n", max_size=5)
    return draw(space) + text + draw(space)


@settings(max_examples=200)
@given(_noisy_token())
def test_parse_token_noise_around_token_gives_same_result(text):
    decoded = parse_token(text)

    assert decoded.token == TOKEN
    assert decoded.header == {"alg": "HS256", "typ": "JWT"}
    assert decoded.payload == CLAIMS
    for segment in decoded.segments:
        assert re.sub(r"\s", "", text[segment.start : segment.end]) == segment.text


# --- canonical base64url: the unused bits of the last character ------------------

A1 = VECTORS["rfc7515_a1"]["token"]


def test_changed_unused_bits_of_the_signature_are_an_error():
    # 'k' and 'l' differ only in bits no byte uses: same bytes, another text.
    assert A1.endswith("k")
    text = A1[:-1] + "l"

    decoded = inspect_token(text)

    assert decoded.signature == parse_token(A1).signature
    (error,) = decoded.errors
    assert error.segment == "signature"
    assert error.offset == len(text) - 1
    assert error.reason == (
        "the last character 'l' has non-zero unused bits; the canonical form "
        "ends in 'k' (RFC 4648 §3.5)"
    )
    with pytest.raises(jwt.DecodeError):  # PyJWT refuses it too
        jwt.decode(text, options={"verify_signature": False})


# Header of A.5 and payload and signature of A.1 end in a partial group.
@pytest.mark.parametrize(
    ("vector", "part"), [("rfc7515_a5", 0), ("rfc7515_a1", 1), ("rfc7515_a1", 2)]
)
def test_every_non_canonical_last_character_is_an_error(vector, part):
    parts = VECTORS[vector]["token"].split(".")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    segment = parts[part]
    unused = {2: 0x0F, 3: 0x03}[len(segment) % 4]
    last = alphabet.index(segment[-1])
    siblings = [c for i, c in enumerate(alphabet) if i & ~unused == last & ~unused]

    for char in siblings:
        mutated = parts.copy()
        mutated[part] = segment[:-1] + char
        decoded = inspect_token(".".join(mutated))
        if char == segment[-1]:
            assert decoded.ok
        else:
            assert [e.segment for e in decoded.errors] == [JWS_NAMES[part]]
            assert "non-zero unused bits" in decoded.errors[0].reason


JWS_NAMES = ("header", "payload", "signature")


# --- numbers Python cannot hold ---------------------------------------------------


def test_integer_of_5000_digits_is_a_json_error_not_a_crash():
    payload = b'{"exp":' + b"9" * 5000 + b"}"

    decoded = inspect_token(token_with(payload=b64(payload)))

    (error,) = decoded.errors
    assert error.segment == "payload"
    assert error.reason == (
        "not valid JSON: a number of 5,000 digits is too long to read (at most 4,300)"
    )
    assert decoded.payload is None
    assert decoded.payload_bytes == payload


def test_number_beyond_float_range_is_decoded_with_a_warning():
    decoded = inspect_token(token_with(payload=b64(b'{"exp":-1e999}')))

    assert decoded.ok
    assert decoded.payload == {"exp": float("-inf")}
    (warning,) = decoded.warnings
    assert warning.segment == "payload"
    assert "the number -1e999 is beyond the range of a 64-bit float" in warning.reason


# --- hostile sizes and texts ------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["." * 1_000_000, "eyJ." * 250_000], ids=["dots", "eyJ-dots"]
)
def test_a_million_dots_is_reported_quickly(text):
    started = time.perf_counter()
    decoded = inspect_token(text)
    elapsed = time.perf_counter() - started

    assert elapsed < 1.0
    assert len(decoded.segments) <= 6
    dots = text.count(".")
    assert decoded.errors[0].reason.startswith(
        f"found {dots:,} dots ({dots + 1:,} segments)"
    )


def test_size_message_gives_exact_numbers_when_rounding_makes_them_equal():
    with pytest.raises(InputTooLargeError) as info:
        inspect_token("a" * (DEFAULT_MAX_SIZE + 1))

    assert info.value.reason == (
        "the input is 1,048,577 characters, over the 1,048,576-character limit"
    )


def test_duplicate_member_with_control_characters_is_quoted():
    header = b'{"alg":"HS256","k\\u001b[2J":1,"k\\u001b[2J":2}'

    decoded = inspect_token(token_with(header=b64(header)))

    (warning,) = decoded.warnings
    assert "\x1b" not in warning.message
    assert warning.reason.startswith('the member "k\\u001b[2J" appears more than once')


def test_control_character_in_a_segment_is_named_not_echoed():
    text = token_with(payload=PAYLOAD[:5] + "\x1b" + PAYLOAD[6:])

    error = only_error(text)

    assert error.reason == "U+001B, an invisible character, is not base64url"
    assert error.offset == text.index("\x1b")
