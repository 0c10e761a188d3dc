"""Find the compact token inside whatever the user pasted.

Users paste tokens with quotes around them, as ``Bearer …`` or a whole
``Authorization:`` header line, inside a redirect URL (``#id_token=…``), a
cookie string or a JSON response. The extractor returns the token text and a
map back to character offsets in the original input, so errors and segment
colours point at what the user sees.
"""

from __future__ import annotations

import binascii
import bisect
import dataclasses
import functools
import re

from jwtinspector.core.errors import TokenFormatError
from jwtinspector.core.json_read import json_value
from jwtinspector.core.text import b64url_decode

# "~" separates an SD-JWT's parts (RFC 9901 §4): the whole SD-JWT is kept.
_TOKEN_CHARS = r"A-Za-z0-9_\-+/=~"
# A header line anywhere in a pasted request dump.
_AUTH_LINE = re.compile(
    r"(?im)^[ \t]*(?:proxy-)?authorization[ \t]*:[ \t]*(?:bearer|jwt|token|dpop)?[ \t]*"
)
_BEARER = re.compile(r"(?i)^(?:bearer|jwt|dpop)\s+")
# id_token=…, access_token=…, in a query string or fragment.
_URL_PARAM = re.compile(
    r"(?i)(?:^|[?#&;\s])(?:id_token|access_token|refresh_token|token|jwt|assertion"
    r"|logout_token|request)=([" + _TOKEN_CHARS + r".%]+)"
)
# name=value pairs of a cookie string: "a=1; session=eyJ…; b=2".
_COOKIE_PAIR = re.compile(r"(?:^|;)\s*[!#$%&'*+\-.^_`|~0-9A-Za-z]+=([^;]*)")
# A JWS/JWE anywhere in text: the JSON header always encodes to "eyJ" or "ewo"/"ew0".
# It starts a run of base64url characters (or follows a %XX escape); without the
# lookbehind a long run of "eyJeyJ…" makes the search quadratic.
_EMBEDDED = re.compile(
    r"(?:(?<![A-Za-z0-9_\-])|(?<=%[0-9A-Fa-f]{2}))"
    r"e(?:yJ|wo|w0)[A-Za-z0-9_\-]*\.[A-Za-z0-9_\-.~]*"
)
# A lone cookie or variable: "session=eyJ…".
_NAMED = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+=(?=e(?:yJ|wo|w0))")
_VALUE_END = re.compile(r"[;&]")
# A bare compact JWS or JWE: nothing around it to strip or search.
_PLAIN = re.compile(r"[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]*){2,4}")
_QUOTES = {'"': '"', "'": "'", "`": "`", "“": "”", "‘": "’"}
# Percent escapes of the characters a token is made of (. - _ and padding).
_PERCENT = re.compile(r"%(2[EeDdBbFf]|5[Ff]|3[Dd])")
# Characters of URLs, cookies and JSON: only then is the token searched for inside.
_WRAPPER = re.compile(r"[\"'{}\[\]:;&?#,\s<>]")


@dataclasses.dataclass(frozen=True)
class Extraction:
    """The token text found in the input, with a map back to input offsets.

    Attributes:
        token: The token with surrounding noise and inner whitespace removed.
        start: Offset in the input of the token's first character.
        end: Offset in the input just past the token's last character.
        gaps: Sorted (token index, characters removed before it) pairs, one per
            run of whitespace removed from inside the token.
        repairs: What had to be changed in the token itself, one phrase each
            (whitespace removed from inside it, characters dropped right next
            to it); () when the token was only taken out of its surroundings
            (quotes, ``Bearer``, a header line, a URL, a cookie). A server
            would refuse a repaired token as given.
    """

    token: str
    start: int
    end: int
    gaps: tuple[tuple[int, int], ...] = ()
    repairs: tuple[str, ...] = ()

    def to_input(self, index: int) -> int:
        """Map an index in ``token`` to the offset in the original input."""
        if not self.gaps:
            return self.start + index
        pos = bisect.bisect_right(self.gaps, index, key=lambda gap: gap[0]) - 1
        removed = self.gaps[pos][1] if pos >= 0 else 0
        return self.start + index + removed

    def part(self, begin: int, stop: int) -> Extraction:
        """``token[begin:stop]`` as an extraction of its own, its offsets still
        pointing at the original input (an SD-JWT's parts)."""
        base = self.to_input(begin) - self.start - begin
        gaps = tuple(
            (index - begin, removed - base)
            for index, removed in self.gaps
            if begin < index < stop
        )
        start = self.to_input(begin)
        end = self.to_input(stop - 1) + 1 if stop > begin else start
        return Extraction(self.token[begin:stop], start, end, gaps, self.repairs)


SD_JWT_SEPARATOR = "~"


def sd_jwt_parts(found: Extraction, limit: int | None = None) -> tuple[Extraction, ...]:
    """The ``~``-separated parts of an SD-JWT (RFC 9901 §4), each with its
    offsets in the input: the issuer-signed JWT, the disclosures, and last the
    Key Binding JWT ("" when the SD-JWT ends with ``~``). () when the text
    holds no ``~``. With a ``limit``, only the first ``limit`` parts and the
    last one (hostile input stays cheap)."""
    token = found.token
    if SD_JWT_SEPARATOR not in token:
        return ()
    parts: list[Extraction] = []
    begin = 0
    while True:
        stop = token.find(SD_JWT_SEPARATOR, begin)
        if limit is not None and len(parts) >= limit and stop >= 0:
            begin = token.rfind(SD_JWT_SEPARATOR) + 1
            stop = -1
        if stop < 0:
            parts.append(found.part(begin, len(token)))
            return tuple(parts)
        parts.append(found.part(begin, stop))
        begin = stop + 1


def find_token(text: str) -> Extraction:
    """Locate the token in pasted text; return the best candidate, never raise.

    The result may be empty or not a token at all; the decoder reports that.
    """
    if _PLAIN.fullmatch(text):  # the common case: a clean copied token
        return Extraction(text, 0, len(text))
    found = _extract(text, *_candidate_span(text))
    if found.gaps and glued_starts(found):
        # Whole tokens on lines of their own (an ID token and its access
        # token), not one token wrapped: the first is shown, the others listed.
        several = find_tokens(text, limit=2)
        if (
            len(several) > 1
            and several[0].start == found.start
            and not text[several[0].end : several[1].start].strip()
        ):
            return several[0]
    return found


# What may stand right before or after a token in the text around it: a quote,
# a separator of a header, URL, cookie, JSON or list, or a line break. Any
# other character next to it was part of what the user copied.
_BOUNDARY_BEFORE = frozenset(" \t\r\n\"'`“‘=:,;([{<>/#?&|")
_BOUNDARY_AFTER = frozenset(" \t\r\n\"'`”’,;&)]}<>\\|")
# "?" or "#" after a token in a URL path starts a query or a fragment.
# A URL-encoded separator (%3D, %2F) right before a token in a URL value.
_ESCAPE_BEFORE = re.compile(r"%[0-9A-Fa-f]{2}\Z")
_QUERY_AFTER = re.compile(r"[?#/][A-Za-z0-9_.\-]+=|/(?:$|[\s?#])")


def _repairs(text: str, found: Extraction) -> tuple[str, ...]:
    """What was changed in the token itself rather than cut from around it:
    whitespace squeezed out of it (``found`` as ``_squeeze`` gives it, before
    any percent-decoding, which is not a repair), a character glued to either
    end dropped."""
    repairs: list[str] = []
    if found.gaps:
        # The first run starts where nothing was removed before it.
        first = found.start + found.gaps[0][0]
        count = len(found.gaps)
        runs = "1 run" if count == 1 else f"{count:,} runs"
        repairs.append(
            f"removed {runs} of whitespace from inside the token (the first at "
            f"character {first + 1:,})"
        )
    if not found.token:
        return tuple(repairs)
    before = found.start - 1
    escaped = _ESCAPE_BEFORE.match(text, max(0, found.start - 3), found.start)
    if before >= 0 and text[before] not in _BOUNDARY_BEFORE and not escaped:
        repairs.append(
            f"dropped {_shown(text[before])} right before the token "
            f"(character {before + 1:,})"
        )
    after = found.end
    if (
        after < len(text)
        and text[after] not in _BOUNDARY_AFTER
        and not _QUERY_AFTER.match(text, after)
    ):
        repairs.append(
            f"dropped {_shown(text[after])} right after the token "
            f"(character {after + 1:,})"
        )
    return tuple(repairs)


def _shown(char: str) -> str:
    """A dropped character for a message: printable ones quoted, others as U+XXXX."""
    return f"'{char}'" if char.isprintable() and char != "'" else f"U+{ord(char):04X}"


def _extract(text: str, start: int, end: int, encoded: bool) -> Extraction:
    """The token in ``text[start:end]``: inner whitespace squeezed out, and
    percent-escapes decoded when the value is URL-encoded."""
    found = _squeeze(text, start, end)
    repairs = _repairs(text, found)
    if repairs:
        found = dataclasses.replace(found, repairs=repairs)
    return _percent_decode(found) if encoded else found


def _candidate_span(text: str) -> tuple[int, int, bool]:
    """(start, end, whether the value is URL-encoded) of the likeliest token."""
    start, end = _unquote(text, *_strip_span(text, 0, len(text)))
    if start == end:
        return start, end, False
    head = text[start : min(end, start + 4096)]
    if ":" in head and (m := _AUTH_LINE.search(head)):  # cheap test first
        line_end = text.find("\n", start + m.end(), end)
        line_stop = end if line_end < 0 else line_end
        span = _unquote(text, *_strip_span(text, start + m.end(), line_stop))
        return (*_strip_separators(text, *span), False)
    if m := _BEARER.match(head):
        span = _unquote(text, *_strip_span(text, start + m.end(), end))
        return (*_strip_separators(text, *span), False)
    if m := _NAMED.match(head):
        # The value ends at the next cookie attribute or URL parameter.
        stop = _VALUE_END.search(text, start + m.end(), end)
        span = _strip_span(text, start + m.end(), stop.start() if stop else end)
        return (*span, True)  # cookie and parameter values may be URL-encoded
    if _looks_like_token(text, start, end) or not _WRAPPER.search(head):
        return start, end, False
    for found in _embedded_spans(text, start, end):
        return found
    return start, end, False


def _strip_separators(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a trailing ',' or ';' (a header list, a pasted statement)."""
    while end > start and text[end - 1] in ",;":
        end -= 1
    return _strip_span(text, start, end)


def _unquote(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop one pair of matching quotes around the span ("…", '…', `…`, “…”)."""
    if end - start >= 2 and text[end - 1] == _QUOTES.get(text[start], ""):
        return _strip_span(text, start + 1, end - 1)
    return start, end


def _embedded_spans(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Spans of a token inside a URL, cookie string or JSON document; True
    marks a URL parameter's value, which may be percent-encoded."""
    region = text[start:end]
    spans = []
    if m := _URL_PARAM.search(region):
        spans.append((start + m.start(1), start + m.end(1), True))
    for m in _COOKIE_PAIR.finditer(region):
        value = m.group(1).strip()
        if value.count(".") >= 2 and value.startswith(("eyJ", "ewo", "ew0")):
            offset = start + m.start(1) + m.group(1).index(value)
            spans.append((offset, offset + len(value), False))
            break
    if m := _EMBEDDED.search(region):
        spans.append((start + m.start(), start + m.end(), False))
    return spans


def _looks_like_token(text: str, start: int, end: int) -> bool:
    """True when the whole span is token characters (inner line breaks allowed)."""
    probe = text[start : min(end, start + 4096)]
    return re.fullmatch(r"[" + _TOKEN_CHARS + r".\s]*", probe) is not None


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _squeeze(text: str, start: int, end: int) -> Extraction:
    """Remove whitespace inside the span (a token wrapped over lines)."""
    region = text[start:end]
    pieces = region.split()  # C speed, even for a megabyte
    if len(pieces) <= 1:
        return Extraction(region, start, end)
    gaps: list[tuple[int, int]] = []
    position = token_index = removed = 0
    for piece in pieces:
        found = region.find(piece, position)
        if found > position:
            removed += found - position
            gaps.append((token_index, removed))
        token_index += len(piece)
        position = found + len(piece)
    return Extraction("".join(pieces), start, end, tuple(gaps))


def _percent_decode(found: Extraction) -> Extraction:
    """Decode %2E and the other escapes of token characters in a URL value.

    Each escape is three input characters for one token character, so the
    offset map gains a gap after it; errors still point at the input.
    """
    token = found.token
    if "%" not in token:
        return found
    pieces: list[str] = []
    escapes: list[tuple[int, int]] = []  # (new index, extra characters before it)
    position = extra = 0
    for m in _PERCENT.finditer(token):
        pieces.append(token[position : m.start()])
        pieces.append(chr(int(m.group(1), 16)))
        extra += 2
        escapes.append((m.start() + 1 - extra + 2, extra))
        position = m.end()
    if not escapes:
        return found
    pieces.append(token[position:])
    decoded = "".join(pieces)

    def old_index(new: int) -> int:
        pos = bisect.bisect_right(escapes, new, key=lambda e: e[0]) - 1
        return new + (escapes[pos][1] if pos >= 0 else 0)

    # Where the removed count can change: after each escape and at each old gap.
    changes = {new for new, _ in escapes}
    for old, _ in found.gaps:
        pos = bisect.bisect_right(escapes, old, key=lambda e: e[0] + e[1]) - 1
        changes.add(old - (escapes[pos][1] if pos >= 0 else 0))
    gaps: list[tuple[int, int]] = []
    for new in sorted(changes):
        if 0 <= new <= len(decoded):
            removed = found.to_input(old_index(new)) - found.start - new
            if not gaps or gaps[-1][1] != removed:
                gaps.append((new, removed))
    return Extraction(decoded, found.start, found.end, tuple(gaps), found.repairs)


# Every JWS (three segments) or JWE (five) in a text. Possessive quantifiers:
# a segment's characters never include a separator, so nothing is ever tried
# twice and the scan is linear. A segment separator is "." or its URL escape.
_SEGMENT = r"[A-Za-z0-9_\-]*+"
_SEPARATOR = r"(?:\.|%2[Ee])"
_ANY_TOKEN = re.compile(
    # "eyJ" first, so the engine's literal search skips the rest of the text;
    # then: not inside a run of token characters or after a segment's dot,
    # unless it follows a %XX escape (a URL-encoded "id_token%3DeyJ…").
    r"eyJ(?:(?<![A-Za-z0-9_\-.]eyJ)|(?<=%[0-9A-Fa-f]{2}eyJ)(?<!%2[Ee]eyJ))"
    + _SEGMENT
    + r"(?:"
    + _SEPARATOR
    + _SEGMENT
    + r"){2}+"
    r"(?:(?:" + _SEPARATOR + _SEGMENT + r"){2}+)?+"
    # not a run of four, or of more than five, segments
    r"(?!" + _SEPARATOR + r"[A-Za-z0-9_\-])"
)
_COMPACT = re.compile(
    r"e(?:yJ|wo|w0)[A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]*){2}(?:(?:\.[A-Za-z0-9_\-]*){2})?"
)
# What names a value in front of it: name=, "name": ", name: (a header line,
# with its Bearer scheme), or name%3D in a URL-encoded URL.
_NAME_BEFORE = re.compile(
    r"(?:"
    r"\"(?P<json>[^\"\\\n]{1,64})\"[ \t]*:[ \t]*\"(?:(?i:bearer|jwt|dpop)[ \t]+)?"
    r"|'(?P<py>[^'\\\n]{1,64})'[ \t]*:[ \t]*'"
    # a name starts after a non-name character or a %XX escape (%3F, %26)
    r"|(?:(?<=%[0-9A-Fa-f]{2})|(?<![A-Za-z0-9_.\-\[\]%]))"
    r"(?P<param>[A-Za-z0-9_.\-\[\]]{1,64})(?:=|%3[Dd])[\"']?"
    r"|(?P<header>[A-Za-z0-9_.\-]{1,64})[ \t]*:[ \t]*[\"']?"
    r"(?:(?i:bearer|jwt|dpop|token)[ \t]+)?"
    r")\Z"
)
# A HAR entry names its value: {"name": "id_token", "value": "eyJ…"}.
_HAR_NAME = re.compile(r"\"name\"[ \t]*:[ \t]*\"([^\"\\\n]{1,64})\"[^{}]*\Z")


@functools.lru_cache(maxsize=8)  # the token line, Flow, Compare, timeline: one scan
def find_tokens(text: str, *, limit: int = 50) -> tuple[Extraction, ...]:
    """Every distinct compact JWS and JWE in the text, at most ``limit``.

    The token ``find_token`` decodes comes first when it is a token; the
    others follow in their order in the text. A token given twice is listed
    once. Values with percent-encoded dots (``%2E``) are decoded, and their
    offsets still point at the input. Linear time: one regex scan with no
    backtracking.
    """
    if limit <= 0:
        return ()
    if _PLAIN.fullmatch(text):  # a clean copied token, or no token at all
        return (Extraction(text, 0, len(text)),) if _is_compact(text) else ()
    if "." not in text and "%2E" not in text and "%2e" not in text:
        return ()  # no segments: saves a scan of a megabyte of base64
    best = _decoded_token(text)
    found: list[Extraction] = []
    seen: set[str] = {best.token} if best else set()
    for m in _ANY_TOKEN.finditer(text):
        if len(found) >= limit:
            break
        value = m.group()
        if value in seen:  # the same token again (a log repeats them)
            continue
        seen.add(value)
        extraction = Extraction(value, m.start(), m.end())
        if "%" in value:
            extraction = _percent_decode(extraction)
            if extraction.token in seen:
                continue
            seen.add(extraction.token)
        found.append(extraction)
    if best is None or (best.gaps and _holds_one_of(best, found)):
        # Line breaks removed between two tokens glue them: no token.
        return tuple(found[:limit])
    return (best, *found[: limit - 1])


def _holds_one_of(best: Extraction, found: list[Extraction]) -> bool:
    return any(best.start <= item.start < best.end for item in found)


def _decoded_token(text: str) -> Extraction | None:
    """What find_token picks, when it is a compact token (not a clean one)."""
    start, end, encoded = _candidate_span(text)
    dots = text.count(".", start, end)
    if encoded:
        dots += text.count("%2E", start, end) + text.count("%2e", start, end)
    if not 2 <= dots <= 4:  # no token: skip squeezing a megabyte
        return None
    best = _extract(text, start, end, encoded)
    return best if _is_compact(best.token) else None


def _is_compact(token: str) -> bool:
    return _COMPACT.fullmatch(token) is not None


def name_before(text: str, start: int) -> str:
    """The parameter, cookie, header or JSON key naming the value at ``start``
    ("" when there is none): ``id_token=``, ``"access_token": "``,
    ``Authorization: Bearer ``. A HAR entry's ``"value"`` is named by its
    ``"name"``."""
    before = text[max(0, start - 80) : start]
    m = _NAME_BEFORE.search(before)
    if m is None:
        return ""
    name = next(value for value in m.groups() if value is not None)
    if name == "value" and (har := _HAR_NAME.search(text[max(0, start - 400) : start])):
        return har.group(1)
    return name


def header_algorithm(token: str) -> str:
    """A found token's ``alg`` (a JWE's alg and enc) for telling tokens apart
    in a list, or "" when its header does not decode. Not a decode: the token
    chosen from the list is decoded, and reported on, as any other."""
    first = token.split(".", 1)[0][:2048]
    try:
        header = json_value(b64url_decode(first), "header")
    except (ValueError, binascii.Error, TokenFormatError):
        return ""
    if not isinstance(header, dict):
        return ""
    alg, enc = header.get("alg"), header.get("enc")
    if token.count(".") == 4 and isinstance(enc, str):
        return f"JWE {alg} {enc}" if isinstance(alg, str) else f"JWE {enc}"
    return str(alg)[:24] if isinstance(alg, str) else ""


def holds_whole_token(text: str) -> bool:
    """True when the text holds at least one complete compact JWS or JWE
    (clean, quoted, as a Bearer header, in a URL or JSON): what a paste
    must hold to replace the token shown rather than go inside it."""
    return bool(find_tokens(text, limit=1))


# Where a token's header could start: the JSON object's '{"' (or '{' and a
# line break or space) encodes to one of these.
_HEADER_START = re.compile(r"e(?:yJ|wo|w0)")
_GLUE_TRIES = 32
"""At most this many header starts are tried: hostile input stays cheap."""


def glued_starts(found: Extraction) -> tuple[int, ...]:
    """Offsets in the input where a token starts that is glued to the one
    before it (no separator, or only a line break the extractor removed);
    () when there is one token or none.

    Two signed tokens pasted together make five dot-separated parts, which
    looks like an encrypted token: the second token's header gives it away.
    """
    token = found.token
    if token.count(".") < 3:
        return ()
    starts: list[int] = []
    for tries, m in enumerate(_HEADER_START.finditer(token, 1)):
        if tries >= _GLUE_TRIES:
            break
        end = token.find(".", m.start())
        if end < 0:
            break
        # Only a part followed by a payload and a signature (or JWE parts).
        if token.count(".", end) < 2:
            break
        if _is_header(token[m.start() : end]):
            starts.append(found.to_input(m.start()))
    return tuple(starts)


def _is_header(text: str) -> bool:
    """True when base64url ``text`` is a JSON object with an ``alg`` member."""
    if len(text) % 4 == 1 or len(text) > 16384:
        return False
    try:
        data = b64url_decode(text)
        value = json_value(data, "header")
    except (ValueError, binascii.Error, TokenFormatError):
        return False
    return isinstance(value, dict) and isinstance(value.get("alg"), str)
