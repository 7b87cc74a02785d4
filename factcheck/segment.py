"""Segmentation: a document's text into paragraphs, structure lines and sentences.

Every span is a pair of character offsets into the document text, so `text[start:end]`
is always exactly what is stored. Sentences end at 。！？!? (and at ". " in Latin text);
a terminator inside a quote that the sentence goes on after (「…だ。」と述べた) does not end
it. Quotes 「」『』“” and ASCII "…" are tracked across sentences: a sentence records the
quote it starts inside, so a speaker can be carried over a quote several sentences long.
An unclosed quote ends at the end of its paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

OPENERS = {"「": "」", "『": "』", "“": "”"}
CLOSERS = set(OPENERS.values())
TERMINATORS = set("。！？!?")
TRAILERS = set("」』”）)\"'’")
NOISE = " \t\u3000*#"
_HAS_TERMINATOR = re.compile(r"[。！？!?]")
_EVENTS = re.compile(r"[「『“」』”\"。！？!?.]")  # the only characters segmentation acts on

SECTION_NUMBER = re.compile(
    r"^\s*(?:\d{1,3}|[０-９]{1,3}|[一二三四五六七八九十]{1,3})\s*[.、．]?\s*$"
)
REFERENCE_HEADING = re.compile(
    r"^\s*[#*]*\s*(?:リソース|参考文献|参考資料|参考記事|参考リンク|参考|出典|引用元|参照|"
    r"References?|Sources?|Further reading|Bibliography|参考资料|参考来源|资料来源|参考链接|参考文章)"
    r"\s*[:：]?\s*[*]*\s*$",
    re.IGNORECASE,
)
CREDIT_LINE = re.compile(
    r"^\s*(?:出典|出所|転載元|来源|來源|原文来源|本文来源|文章来源|Source|Credit|Via)\s*[:：]\s*(\S.*?)\s*$",
    re.IGNORECASE,
)
REFERENCE_ENTRY = re.compile(r"^\s*\*?\s*[\[(（]?(\d{1,3})[\])）]?\s*[.、．:：)]?\s*(\S.*)$")
STRAY_REFERENCE = re.compile(
    r"^\s*\*\s*\d{1,3}\s*[.、．]|^\s*\d{1,3}\s*[.、．]\s*[^:：。]{1,40}[:：]\s*[\"“「《『]"
)
_TIME_GOES_ON = re.compile(
    r"\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|"
    r"Nov|Dec)[a-z]*\b|\s*(?:ET|EST|EDT|CT|CST|PT|PST|PDT|GMT|UTC|BST|CET|CEST|JST|local|\()"
)
ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "jr",
    "sr",
    "inc",
    "corp",
    "ltd",
    "co",
    "vs",
    "no",
    "u.s",
    "u.k",
    "e.g",
    "i.e",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "gov",
    "sen",
    "rep",
    "gen",
    "lt",
    "col",
    "mt",
    "ft",
    "capt",
    "sgt",
    "det",
    "cpl",
    "maj",
    "adm",
    "insp",
    "supt",
    "coun",
    "ald",
    "rev",
    "hon",
}


@dataclass
class Block:
    """A paragraph (one line of text) and what it is."""

    kind: str  # text | heading | section-number | reference-heading | reference | credit
    start: int
    end: int
    text: str
    number: int  # paragraph index in the document


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    in_quote_at_start: int | None = None  # offset of the quote already open when it begins
    quotes: list[tuple[int, int]] = field(default_factory=list)  # quoted spans inside it
    open_at_end: int | None = None  # offset of a quote still open when it ends

    def outside_quotes(self) -> str:
        """The sentence with quoted material blanked out (same length, so offsets hold)."""
        chars = list(self.text)
        for qs, qe in self.quotes:
            for i in range(max(qs, self.start), min(qe, self.end)):
                chars[i - self.start] = "\u25a1"
        return "".join(chars)


def blocks(text: str) -> list[Block]:
    out: list[Block] = []
    in_references = False
    pos = 0
    for number, line in enumerate(text.split("\n")):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip(NOISE + "\r")
        if not stripped:
            continue
        # span without surrounding whitespace and markup
        lead = len(line) - len(line.lstrip(NOISE))
        trail = len(line) - len(line.rstrip(NOISE + "\r"))
        s, e = start + lead, end - trail
        kind = "text"
        if REFERENCE_HEADING.match(line):
            kind, in_references = "reference-heading", True
        elif in_references and (REFERENCE_ENTRY.match(line) or len(stripped) < 300):
            kind = "reference"
        elif CREDIT_LINE.match(line):
            kind = "credit"
        elif SECTION_NUMBER.match(line):
            kind = "section-number"
        elif line.lstrip().startswith("#"):
            kind = "heading"
        elif STRAY_REFERENCE.match(line):
            kind = "reference"
        elif _looks_like_heading(stripped):
            kind = "heading"
        out.append(Block(kind, s, e, text[s:e], number))
    return _join_continued(out, text)


_CONTINUES = re.compile(r"[、，,]$|[「『“]$")  # a line that stops mid-sentence
_RESUMES = re.compile(r"^(?:と|とも|とし|として|との)[^\n]{0,40}$")  # 「…」\nと発言。


def _join_continued(out: list[Block], text: str) -> list[Block]:
    """One sentence wrapped over lines is one block: a line that ends in 「、」 (「冒頭の
    あいさつに立った石破首相は、」) runs on into the next, and a line that is only the verb of
    the quote before it (「と発言。」) runs on from it."""
    joined: list[Block] = []
    for b in out:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and prev.kind in ("text", "heading")
            and b.kind in ("text", "heading")
            and b.number - prev.number <= 2
            and (
                _CONTINUES.search(prev.text)
                or (prev.text.endswith(("」", "』")) and _RESUMES.match(b.text))
            )
        ):
            joined[-1] = Block("text", prev.start, b.end, text[prev.start : b.end], prev.number)
            continue
        joined.append(b)
    return joined


def _looks_like_heading(line: str) -> bool:
    """A short line with no sentence end: a subtitle such as 「創業者の野心 VS 組織の目標」."""
    if _HAS_TERMINATOR.search(line) or re.search(r"[.:：,;][\"'”’)\]]*\s*$", line):
        return False
    if len(line) <= 40:
        return True
    words = (
        line.split()
    )  # a Latin-script headline: "OpenAI board ousts Sam Altman as chief executive"
    return sum(c.isascii() for c in line) > len(line) * 0.8 and len(words) <= 14


def sentences(text: str, block: Block) -> Iterator[Sentence]:
    """The sentences of one text block, trimmed of markup, with their quote state."""
    open_quote: tuple[str, int] | None = None  # (closing char, offset of the opener)
    inner: list[str] = []  # the closers of quotes opened inside the open one
    start = block.start
    sent_open_at_start: int | None = None
    quotes: list[tuple[int, int]] = []
    end = block.end
    resume = block.start  # events before this were swallowed as a sentence's trailers
    for event in _EVENTS.finditer(text, block.start, end):
        i = event.start()
        if i < resume:
            continue
        ch = text[i]
        if open_quote is None and ch in OPENERS:
            open_quote = (OPENERS[ch], i)
        elif open_quote is None and ch == '"':
            open_quote = ('"', i)
        elif open_quote is not None and ch in OPENERS and ch != open_quote[0]:
            inner.append(OPENERS[ch])  # 「…『参議院選挙総括委員会』…」: a quote inside a quote
        elif open_quote is not None and inner and ch == inner[-1] and ch != open_quote[0]:
            inner.pop()
        elif open_quote is not None and (ch == open_quote[0] or ch in CLOSERS or ch == '"'):
            quotes.append((open_quote[1], i + 1))
            open_quote, inner = None, []
        stop = _sentence_end(text, i, end, open_quote is not None)
        if stop is not None:
            # a closing quote swallowed by the trailer ends the open quote
            if open_quote is not None and any(c in CLOSERS or c == '"' for c in text[i + 1 : stop]):
                quotes.append((open_quote[1], stop))
                open_quote, inner = None, []
            yield from _emit(text, start, stop, block, sent_open_at_start, quotes, open_quote)
            start = resume = stop
            sent_open_at_start = open_quote[1] if open_quote else None
            quotes = []
    if open_quote is not None:  # an unclosed quote ends at the paragraph
        quotes.append((open_quote[1], end))
    yield from _emit(text, start, end, block, sent_open_at_start, quotes, None)


def _sentence_end(text: str, i: int, end: int, in_quote: bool) -> int | None:
    """If a sentence ends at text[i], the offset just after it (with closing trailers)."""
    ch = text[i]
    if ch == ".":
        if not _latin_period_ends(text, i, end):
            return None
    elif ch not in TERMINATORS:
        return None
    j = i + 1
    while j < end and text[j] in TERMINATORS:
        j += 1
    k = j
    while k < end and text[k] in TRAILERS and (text[k] != '"' or in_quote):
        k += 1
    if k > j:  # 「…だ。」と述べた: the sentence goes on after the quote
        rest = text[k:end].lstrip(" \u3000")
        if rest[:1] in ("と", "、", ",", "っ") or rest[:2] in ("とい", "とし"):
            return None
        if rest[:1].islower() or re.match(r"(said|says|told|wrote|added)\b", rest):
            return None
    return k


def _latin_period_ends(text: str, i: int, end: int) -> bool:
    nxt = text[i + 1 : i + 3]
    if i + 1 < end and not nxt[:1].isspace() and nxt[:1] not in TRAILERS:
        return False  # "3.5", "U.S.A", "openai.com"
    word = re.search(r"([A-Za-z.]+)$", text[max(0, i - 8) : i])
    if word and word.group(1).lower().strip(".") in ABBREVIATIONS:
        return False
    if word and word.group(1).lower().strip(".") in ("a.m", "p.m"):
        # "at 1:08 p.m. Wednesday", "5 p.m. ET": the time goes on; "… at 5 p.m. The police
        # said" ends
        return not _TIME_GOES_ON.match(text, i + 1, end)
    if word and len(word.group(1)) == 1 and word.group(1).isupper():
        return False  # an initial: "Sam A. Altman"
    after = text[i + 1 : end].lstrip()
    return not after or not after[0].islower()


def _emit(
    text: str,
    start: int,
    stop: int,
    block: Block,
    open_at_start: int | None,
    quotes: list[tuple[int, int]],
    open_at_end: tuple[str, int] | None,
) -> Iterator[Sentence]:
    s, e = _trim(text, start, stop)
    if e - s < 2:
        return
    if open_at_end is not None:  # the part of a still-open quote inside this sentence
        quotes = [*quotes, (open_at_end[1], e)]
    if open_at_start is not None and not any(q0 <= open_at_start for q0, _ in quotes):
        quotes = [(s, e), *quotes]  # begins inside a quote that does not close here
    yield Sentence(
        s,
        e,
        text[s:e],
        block.number,
        in_quote_at_start=open_at_start,
        quotes=[(max(q0, s), min(q1, e)) for q0, q1 in quotes if q1 > s and q0 < e],
        open_at_end=open_at_end[1] if open_at_end else None,
    )


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop surrounding whitespace, markdown emphasis and a stray ASCII quote."""
    while True:
        before = (s, e)
        while s < e and text[s] in NOISE:
            s += 1
        while e > s and text[e - 1] in NOISE:
            e -= 1
        if s < e and text[s:e].count('"') % 2 == 1:
            if text[e - 1] == '"':
                e -= 1
            elif text[s] == '"':
                s += 1
        if (s, e) == before:
            return s, e
