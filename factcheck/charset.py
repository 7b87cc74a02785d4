"""Which encoding a page's bytes are in, by the web's own order (the WHATWG HTML
standard's encoding sniffing algorithm), with every declaration checked before it is
trusted.

    1. a byte-order mark (UTF-8, UTF-16) settles it;
    2. the HTTP Content-Type charset, if the body is valid in it;
    3. a <meta> charset found by the standard's prescan of the first 1,024 bytes (comments
       skipped, http-equiv pragmas checked, unknown labels passed over, UTF-16 read as
       UTF-8), if the body is valid in it;
    4. detection: ISO-2022 by its escape sequences, UTF-8 by validity, otherwise
       charset-normalizer over the legacy encodings the web uses.

A declaration is valid when the body decodes in it without error and, for a legacy
encoding, when the body is not valid UTF-8 (multi-byte UTF-8 by chance in a legacy
encoding is vanishingly rare, while UTF-8 pages labelled ISO-8859-1 are common) and
charset-normalizer's mess detector finds the decoded text coherent: every EUC-family
page (EUC-KR, EUC-JP, GB2312) decodes without error as ISO-8859-1 or GB18030, so a lying
label must be caught by what the text looks like. A header that fails gives way to the
meta, a meta that fails to detection.

Labels go through w3lib (the Scrapy project), which maps them to the supersets browsers
decode with: Shift_JIS as cp932 (Windows-31J, so 髙, ～, ①, ㈱ survive), GB2312 and GBK as
GB18030, EUC-KR as cp949, Big5 as Big5-HKSCS, ISO-8859-1 and US-ASCII as windows-1252.
w3lib's own `html_to_unicode` is not used for the order: it trusts a header the body
contradicts, and its <meta> regex fails 17 of the 75 html5lib-tests prescan cases
(comments, bogus labels before a good one, http-equiv checks, UTF-16 labels).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio
from w3lib.encoding import http_content_type_encoding, read_bom, resolve_encoding

PRESCAN_BYTES = 1024
SAMPLE_BYTES = 200_000  # of text (markup dropped) that detection and validation look at
# The legacy encodings of the WHATWG Encoding standard, as Python codecs: what a page
# with no trustworthy label can be in. ISO-2022 is told by its escapes, not detected.
LEGACY = [
    "cp932",
    "euc_jp",
    "gb18030",
    "big5hkscs",
    "cp949",
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "cp874",
    "koi8_r",
    "koi8_u",
    "iso8859_2",
    "iso8859_5",
    "iso8859_7",
    "iso8859_8",
    "mac_cyrillic",
]
MULTI_BYTE = {"cp932", "euc_jp", "gb18030", "big5hkscs", "cp949"}
MESSY = 0.2  # charset-normalizer's own threshold for a decoding it rejects
CLEAN = 0.05  # below this, mess is what any real page has (symbols, stray letters)
_ISO2022 = [  # escape sequences, and the codec that reads them
    ((b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(I", b"\x1b$(D"), "iso2022_jp_ext"),
    ((b"\x1b$)C",), "iso2022_kr"),
]
_LABEL = re.compile(r"[a-z0-9._:\-]+")  # the characters of every WHATWG encoding label
_TAG = re.compile(rb"<(?:script|style)\b.*?</(?:script|style)\s*>|<!--.*?-->|<[^>]*>", re.I | re.S)


@dataclass
class Decoded:
    text: str
    codec: str
    source: str  # bom | header | meta | detected | default
    replacements: int


def codec_for(label: str | None) -> str | None:
    """The Python codec browsers decode a charset label with (via w3lib); None if unknown."""
    if not label:
        return None
    label = label.strip(" \t\n\x0c\r").lower()
    if not _LABEL.fullmatch(label):  # Python's codec lookup would forgive `utf-8"`
        return None
    if label == "x-user-defined":
        return "cp1252"
    codec = resolve_encoding(label)
    if codec is None:
        return None
    name = codecs.lookup(codec).name
    return {"iso2022_jp": "iso2022_jp_ext", "utf-16-le": "utf-16", "utf-16-be": "utf-16"}.get(
        name, name
    )


def decode_html(body: bytes, content_type: str | None) -> Decoded:
    """The page's text, decoded as the sniffing order above says."""
    encoding, bom = read_bom(body)
    if encoding and bom:
        codec = codec_for(encoding) or "utf-8"
        # a UTF-16 BOM stays for Python's utf-16 codec to read the byte order from
        return _decode(body[len(bom) :] if codec != "utf-16" else body, codec, "bom")
    declared = [
        (http_content_type_encoding(content_type) if content_type else None, "header"),
        (prescan(body[:PRESCAN_BYTES]), "meta"),
    ]
    text = None
    for label, source in declared:
        claimed = codec_for(label)
        if claimed is None:
            continue
        if text is None:
            text = _text_sample(body)
        if valid(body, claimed, text):
            return _decode(body, claimed, source)
    detected = detect(body, text)
    if detected is not None:
        return _decode(body, detected, "detected")
    # nothing fits: the declared label if any (its errors replaced), else windows-1252,
    # the standard's default for an unlabelled page in most locales
    fallback = next((c for label, _ in declared if (c := codec_for(label))), None)
    return _decode(body, fallback or "cp1252", "default")


def valid(body: bytes, codec: str, text: bytes | None = None) -> bool:
    """Is the body in this declared encoding? (See the module docstring.)"""
    try:
        body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    if body.isascii():  # 7-bit: any ASCII-compatible label fits, unless ISO-2022 escapes
        escaped = _iso2022(body)
        return escaped is None or escaped == codec
    if codec in ("utf-8", "utf-16"):
        return True
    if _utf8(body):
        return False
    sample = text if text is not None else _text_sample(body)
    mess = mess_ratio(sample.decode(codec, "replace"), 1.0)
    if mess < CLEAN:
        return codec in MULTI_BYTE or _fits_language(sample, codec)
    if mess >= MESSY:
        return False
    # in between (EUC-KR read as GB18030 is 0.15): the label stands unless another
    # encoding that also reads the bytes without error reads them clearly cleaner
    for other in LEGACY:
        if other != codec and mess_ratio(_strict(sample, other), 1.0) < mess / 4:
            return False
    return True


def detect(body: bytes, text: bytes | None = None) -> str | None:
    """The encoding of a page whose declarations are missing or wrong."""
    if body.isascii():
        return _iso2022(body) or "utf-8"
    if _utf8(body):
        return "utf-8"
    sample = text if text is not None else _text_sample(body)
    results = list(from_bytes(sample or body[:SAMPLE_BYTES], cp_isolation=LEGACY))
    if not results:
        return None
    # charset-normalizer's own order (least mess, then most coherent), and among equals
    # the encoding the web uses most: windows-1252, the standard's default, before 1250
    best = min(
        results,
        key=lambda r: (round(r.chaos, 3), -round(r.coherence, 3), _prevalence(r.encoding)),
    )
    # encodings that read the sample alike (cp1250 and cp1252 for English with curly quotes)
    return codec_for(min(best.could_be_from_charset or [best.encoding], key=_prevalence))


def _prevalence(codec: str) -> int:
    name = codecs.lookup(codec).name
    return next((i for i, c in enumerate(LEGACY) if codecs.lookup(c).name == name), len(LEGACY))


def prescan(head: bytes) -> str | None:
    """The charset label a <meta> in these bytes declares, by the WHATWG "prescan a byte
    stream to determine its encoding" algorithm; None when there is none."""
    pos, end = 0, len(head)
    while pos < end:
        if head.startswith(b"<!--", pos):
            close = head.find(b"-->", pos + 2)
            if close < 0:
                return None
            pos = close + 3
            continue
        if head[pos : pos + 5].lower() == b"<meta" and head[pos + 5 : pos + 6] in _SPACE_SLASH:
            pos += 6
            found, pos = _meta(head, pos)
            if found is not None:
                return found
            continue
        if head.startswith(b"<", pos) and (
            head[pos + 1 : pos + 2].isalpha()
            or (head[pos + 1 : pos + 2] == b"/" and head[pos + 2 : pos + 3].isalpha())
        ):
            while pos < end and head[pos : pos + 1] not in [*_SPACES, b">"]:
                pos += 1
            while True:
                attr, pos = _attribute(head, pos)
                if attr is None:
                    break
            continue
        if head[pos : pos + 2] in (b"<!", b"</", b"<?"):
            close = head.find(b">", pos)
            if close < 0:
                return None
            pos = close + 1
            continue
        pos += 1
    return None


_SPACES = [b"\t", b"\n", b"\x0c", b"\r", b" "]
_SPACE_SLASH = [*_SPACES, b"/"]


def _meta(head: bytes, pos: int) -> tuple[str | None, int]:
    """A <meta> tag's attributes from pos: the label it declares (or None), and where the
    tag ends."""
    seen: set[bytes] = set()
    got_pragma, need_pragma = False, None
    charset: str | None = None
    failed = False  # a charset attribute whose label is no encoding
    while True:
        attr, pos = _attribute(head, pos)
        if attr is None:
            break
        name, value = attr
        if name in seen:
            continue
        seen.add(name)
        if name == b"http-equiv" and value == b"content-type":
            got_pragma = True
        elif name == b"content" and charset is None and not failed:
            label = _charset_in_content(value)
            if label is not None:
                charset, need_pragma = label, True
        elif name == b"charset":
            charset, need_pragma = value.decode("latin-1").strip(), False
            failed = codec_for(charset) is None
    if need_pragma is None or (need_pragma and not got_pragma) or not charset or failed:
        return None, pos
    if codec_for(charset) is None:
        return None, pos
    if charset.lower().startswith(("utf-16", "utf16", "unicode")):
        return "utf-8", pos  # bytes that an ASCII prescan can read are not UTF-16
    return charset, pos


def _attribute(head: bytes, pos: int) -> tuple[tuple[bytes, bytes] | None, int]:
    """The standard's "get an attribute": (name, value) in lower case, or None at the
    tag's end (or the buffer's)."""
    end = len(head)
    while pos < end and head[pos : pos + 1] in _SPACE_SLASH:
        pos += 1
    if pos >= end or head[pos : pos + 1] == b">":
        return None, pos
    name = bytearray()
    while True:
        if pos >= end:
            return None, pos
        c = head[pos : pos + 1]
        if c == b"=" and name:
            pos += 1
            break
        if c in _SPACES:
            while pos < end and head[pos : pos + 1] in _SPACES:
                pos += 1
            if head[pos : pos + 1] != b"=":
                return (bytes(name), b""), pos
            pos += 1
            break
        if c in (b"/", b">"):
            return (bytes(name), b""), pos
        name += c.lower()
        pos += 1
    while pos < end and head[pos : pos + 1] in _SPACES:
        pos += 1
    if pos >= end:
        return None, pos
    c = head[pos : pos + 1]
    value = bytearray()
    if c in (b'"', b"'"):
        close = head.find(c, pos + 1)
        if close < 0:
            return None, end
        return (bytes(name), head[pos + 1 : close].lower()), close + 1
    if c == b">":
        return (bytes(name), b""), pos
    while pos < end:
        c = head[pos : pos + 1]
        if c in _SPACES or c == b">":
            return (bytes(name), bytes(value)), pos
        value += c.lower()
        pos += 1
    return None, pos


def _charset_in_content(value: bytes) -> str | None:
    """The standard's "extracting a character encoding from a meta element"."""
    pos = 0
    while True:
        found = value.find(b"charset", pos)
        if found < 0:
            return None
        pos = found + 7
        while value[pos : pos + 1] in _SPACES and pos < len(value):
            pos += 1
        if value[pos : pos + 1] == b"=":
            pos += 1
            break
    while value[pos : pos + 1] in _SPACES and pos < len(value):
        pos += 1
    c = value[pos : pos + 1]
    if c in (b'"', b"'"):
        close = value.find(c, pos + 1)
        return value[pos + 1 : close].decode("latin-1") if close > 0 else None
    if not c:
        return None
    stop = re.search(rb"[\t\n\x0c\r ;]", value[pos:])
    return value[pos : pos + stop.start() if stop else len(value)].decode("latin-1")


def _fits_language(sample: bytes, codec: str) -> bool:
    """A single-byte label can read another's bytes without a trace of mess (windows-1251
    on an English page turns only its × into Ч): the label stands unless charset-
    normalizer finds the text coherent in a language of another single-byte encoding and
    in none of this one's."""
    results = {
        enc: r
        for r in from_bytes(sample, cp_isolation=[c for c in LEGACY if c not in MULTI_BYTE])
        for enc in r.could_be_from_charset
    }
    own = results.get(codecs.lookup(codec).name.replace("-", "_"))
    best = max(results.values(), key=lambda r: r.coherence, default=None)
    if own is None or best is None:
        return True
    return not (own.coherence < 0.1 and best.coherence >= 0.5)


def _strict(sample: bytes, codec: str) -> str:
    """The sample decoded in codec, or a string of pure mess if it does not decode."""
    try:
        return sample.decode(codec)
    except UnicodeDecodeError:
        return "\ufffd" * 8


def _iso2022(body: bytes) -> str | None:
    """The ISO-2022 codec whose escape sequences a 7-bit body holds, if any."""
    return next((codec for escapes, codec in _ISO2022 if any(e in body for e in escapes)), None)


def _utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as e:
        # a multi-byte character cut off by a truncated body is still UTF-8
        return e.start >= len(body) - 3 and e.reason == "unexpected end of data"
    return True


def _text_sample(body: bytes) -> bytes:
    """What detection and validation judge: the page's text runs (between tags, scripts
    and comments dropped) that hold non-ASCII bytes. Markup and plain English would
    dilute a few hundred mis-decoded characters below any measure of mess."""
    runs = _TAG.sub(b"\n", body[: SAMPLE_BYTES * 5]).split(b"\n")
    wide = b"\n".join(r.strip() for r in runs if not r.isascii())
    return wide[:SAMPLE_BYTES]


def _decode(body: bytes, codec: str, source: str) -> Decoded:
    text = body.decode(codec, errors="replace")
    return Decoded(text, codec, source, text.count("\ufffd"))
