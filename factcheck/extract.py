"""From a document's text to claims, their citations and the document's structure.

Pure and in memory: `extract(text, lang, registry)` reads nothing and writes nothing, so
the same function serves ingest, the evaluation and the benchmarks.

    text ──segment.blocks──▶ blocks ──┬─ reference list ─▶ references.parse_entry
                                      ├─ credit line ────▶ references.parse_credit
                                      ├─ headings, numbers ▶ structure
                                      └─ paragraphs ─segment.sentences─▶ sentences
        sentences ─citations.attributor─▶ attributions ─classify.Classifier─▶ claim | structure
        claims: a quote over several sentences is one claim; a repeated sentence is one
        claim with all its offsets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from factcheck.citations import Attribution, Context, Grammar, attributor
from factcheck.classify import Classifier
from factcheck.linking import Suggestion, suggest
from factcheck.references import ReferenceEntry, parse_credit, parse_entry
from factcheck.segment import CLOSERS, OPENERS, Block, Sentence, blocks, sentences
from factcheck.sources import Entry, Registry


@dataclass
class ClaimDraft:
    text: str
    start: int
    end: int
    paragraph: int
    kind: str
    score: float
    attributions: list[Attribution]
    quote: str | None = None
    offsets: list[tuple[int, int]] = field(default_factory=list)
    open_quote: int | None = None  # the quote this claim's last sentence leaves open
    suggestions: list[Suggestion] = field(default_factory=list)  # inferred reference links


@dataclass
class Structure:
    kind: str
    text: str
    start: int
    end: int
    reason: str = ""


@dataclass
class Extraction:
    claims: list[ClaimDraft]
    structure: list[Structure]
    references: list[ReferenceEntry]
    origin: tuple[str, Entry] | None
    title: str | None


def detect_language(text: str) -> str:
    sample = text[:20000]
    kana = sum(1 for c in sample if "\u3040" <= c <= "\u30ff")
    han = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    latin = sum(1 for c in sample if c.isascii() and c.isalpha())
    if kana > 20 or (kana and kana * 10 > han):
        return "ja"
    if han > latin / 4:
        return "zh"
    return "en"


def extract(text: str, lang: str, registry: Registry) -> Extraction:
    parts = blocks(text)
    parsed = {
        b.start: parse_entry(b.text, b.start, registry) for b in parts if b.kind == "reference"
    }
    # the outlets a reference list names are sources the text may cite before the list
    listed_outlets = [
        r.entry
        for b in parts
        if (r := parsed.get(b.start)) and r.entry and r.outlet and _after_heading(parts, b.start)
    ]
    grammar = attributor(registry, lang, listed_outlets)
    classifier = Classifier(registry, lang)
    ctx = Context()
    claims: list[ClaimDraft] = []
    structure: list[Structure] = []
    references: list[ReferenceEntry] = []
    stray: list[ReferenceEntry] = []  # entry-like lines outside a reference list
    backlog: Backlog = {}  # sentences of a quote still open, waiting for its speaker
    origin = None
    title = None
    for at, block in enumerate(parts):
        if title is None and block.kind in ("heading", "text") and len(block.text) <= 100:
            title = block.text
        if block.kind == "reference-heading":
            structure.append(Structure(block.kind, block.text, block.start, block.end))
        elif block.kind == "reference":
            entry = parsed[block.start]
            (references if _in_reference_list(structure, block.start) else stray).append(entry)
            structure.append(Structure("reference", block.text, block.start, block.end))
        elif block.kind == "credit":
            origin = origin or parse_credit(block.text, registry)
            structure.append(Structure("credit", block.text, block.start, block.end, "credit line"))
        elif block.kind == "heading" and block.text[:1] in '「『“"' and ctx.forward:
            # a short quote after its speaker's label (「弁護団・X弁護人:」) is what they said
            for s in sentences(text, replace(block, kind="text")):
                _add_sentence(s, grammar, classifier, ctx, claims, structure, text, backlog)
        elif (
            block.kind == "heading"
            and at + 1 < len(parts)
            and parts[at + 1].text[:1] in '「『“"'
            and (speaker := grammar.speaker_line(block))
        ):
            # 「日本銀行 植田総裁」 on a line of its own, then what he said (television news)
            ctx.forward, ctx.last_paragraph = [speaker], block.number
            structure.append(
                Structure(block.kind, block.text, block.start, block.end, "speaker label")
            )
        elif block.kind != "text":
            structure.append(Structure(block.kind, block.text, block.start, block.end))
        else:
            if (
                at > 0
                and ctx.last_quote
                and _quote_left_open(parts[at - 1].text)
                and (closer := _quote_closed_in(block.text)) is not None
            ):
                # 「邵佳一：“…」 then a paragraph that goes on and closes the quote (“…”)
                ctx.carried, ctx.carry_until = ctx.last_quote, block.start + closer
            for s in sentences(text, block):
                _add_sentence(s, grammar, classifier, ctx, claims, structure, text, backlog)
    # an entry-like line repeated from the list (a lead that repeats it) is structure only;
    # with no list at all, such lines are the references
    listed = {r.text for r in references}
    references += [r for r in stray if r.text not in listed and r.outlet]
    references = _dedupe_references(references)
    claims = _dedupe(claims)
    _suggest_references(claims, references, registry)
    return Extraction(claims, sorted(structure, key=lambda x: x.start), references, origin, title)


def _suggest_references(
    claims: list[ClaimDraft], refs: list[ReferenceEntry], registry: Registry
) -> None:
    """Inferred links to reference entries, except where a stated source already is the
    entry's outlet (those link directly when stored)."""
    skip = {
        (ci, ri)
        for ci, c in enumerate(claims)
        for ri, r in enumerate(refs)
        if r.entry and any(r.entry.name in (a.entry.name, *a.via) for a in c.attributions)
    }
    for sug in suggest([c.text for c in claims], refs, registry, skip):
        claims[sug.claim].suggestions.append(sug)


def _after_heading(parts: list[Block], start: int) -> bool:
    return any(b.kind == "reference-heading" and b.start < start for b in parts)


def _in_reference_list(structure: list[Structure], start: int) -> bool:
    return any(s.kind == "reference-heading" and s.start < start for s in structure)


Backlog = dict[int, list["ClaimDraft | Structure"]]


def _add_sentence(
    s: Sentence,
    grammar: Grammar,
    classifier: Classifier,
    ctx: Context,
    claims: list[ClaimDraft],
    structure: list[Structure],
    text: str,
    backlog: Backlog,
) -> None:
    atts = grammar.attribute(s, ctx)
    if atts and s.in_quote_at_start is not None and not atts[0].cue.startswith("(quote"):
        # 「…。…。…」と強調した, '"… . …," she said': the speaker named where a quote ends
        # said its first sentences too
        inherited = grammar.inherit(atts, "(the quote's speaker, named at its end)")
        for waiting in backlog.pop(s.in_quote_at_start, []):
            _give(waiting, inherited, classifier, claims, structure)
    placed = _place(s, atts, classifier, claims, structure, text)
    if not atts and s.open_at_end is not None and placed is not None:
        backlog.setdefault(s.open_at_end, []).append(placed)


def _give(
    item: ClaimDraft | Structure,
    atts: list[Attribution],
    classifier: Classifier,
    claims: list[ClaimDraft],
    structure: list[Structure],
) -> None:
    """Attribute a sentence stored before its source was known."""
    if isinstance(item, ClaimDraft):
        item.attributions = item.attributions or list(atts)
        return
    if item not in structure:
        return
    a = classifier.assess(item.text, item.text, attributed=True, quoted=True)
    if not a.is_claim:
        return
    structure.remove(item)
    start, end = item.start + a.start, item.start + a.end
    claims.append(
        ClaimDraft(
            item.text[a.start : a.end],
            start,
            end,
            -1,
            a.kind,
            a.score,
            list(atts),
            offsets=[(start, end)],
        )
    )
    claims.sort(key=lambda c: c.start)


def _place(
    s: Sentence,
    atts: list[Attribution],
    classifier: Classifier,
    claims: list[ClaimDraft],
    structure: list[Structure],
    text: str,
) -> ClaimDraft | Structure | None:
    """Store sentence s as a claim or as structure, and return what it became (None when
    it named the source of the sentence before, or joined the claim before it)."""
    if atts and _names_source_of_previous(s, atts, claims, structure, text):
        # 「…ことが分かった。複数の関係者が明らかにした。」, "… That's according to X."
        _attribute_previous(s, atts, classifier, claims, structure)
        return None
    quoted = bool(s.quotes) or s.in_quote_at_start is not None
    # a sentence wholly inside its speaker's quote states its hedges as theirs
    inside = (
        bool(atts)
        and not _QUOTE_MARKS.sub("", s.outside_quotes())
        and (s.text.lstrip()[:1] in '「『“"' or any(c in s.text for c in "」』”"))
    )  # not a sentence in a quote that never closes (the writer's again, after an MT slip)
    stated = inside or any(not a.cue.startswith("(quote") for a in atts)
    a = classifier.assess(
        s.text, s.outside_quotes(), attributed=bool(atts), quoted=quoted, stated=stated
    )
    start, end = s.start + a.start, s.start + a.end
    start, end = _strip_span(text, start, end)
    if a.start > 0:
        structure.append(
            Structure("opinion", text[s.start : start], s.start, start, "clause trimmed")
        )
    if a.end < len(s.text):
        structure.append(Structure("opinion", text[end : s.end], end, s.end, "clause trimmed"))
    if not a.is_claim:
        structure.append(Structure(a.kind, s.text, s.start, s.end, a.reason))
        return structure[-1]
    quote = " / ".join(text[q0:q1].strip('「」『』“”"') for q0, q1 in s.quotes) or None
    prev = claims[-1] if claims else None
    if (
        prev is not None
        and s.in_quote_at_start is not None
        and prev.open_quote == s.in_quote_at_start
        and prev.paragraph == s.paragraph
        and [x.entry.name for x in prev.attributions] == [x.entry.name for x in atts]
    ):
        # one quote over several sentences is one claim
        prev.end = end
        prev.text = text[prev.start : end]
        prev.offsets = [(prev.start, end)]
        prev.quote = " / ".join(filter(None, [prev.quote, quote]))
        prev.open_quote = s.open_at_end
        return None
    claims.append(
        ClaimDraft(
            text[start:end],
            start,
            end,
            s.paragraph,
            a.kind,
            a.score,
            atts,
            quote,
            [(start, end)],
            s.open_at_end,
        )
    )
    return claims[-1]


def _quote_left_open(text: str) -> bool:
    """A paragraph whose last quote does not close."""
    return sum(map(text.count, OPENERS)) > sum(map(text.count, CLOSERS))


def _quote_closed_in(text: str) -> int | None:
    """Where a paragraph closes a quote it did not open (a quote run on from the paragraph
    before), or None."""
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch in OPENERS) - (ch in CLOSERS)
        if depth < 0:
            return i
    return None


_QUOTE_MARKS = re.compile(r"[\s\u25a1「」『』“”\"。．.,、!！?？]+")
_FILLER = re.compile(
    r"[\s、。．.,!！?？:：は が も と に で へ を]|分かった|わかった|判明した|明らかになった|"
    r"[一-鿿々ァ-ヿ]{1,12}(?:など)?(?:に対し|に|へ)(?=\s)|"  # to whom: 「同工場が妙高市などに伝えた」
    r"[0-9０-９]+(?:年|月|日|時|分)|同日|今月|先月|昨年|今年|現地時間|"
    r"\bon\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
    r"\b(?:this|that|it|is|was|so|also|the|news|first)\b|'s",
    re.I,
)


def _names_source_of_previous(
    s: Sentence,
    atts: list[Attribution],
    claims: list[ClaimDraft],
    structure: list[Structure],
    text: str,
) -> bool:
    """A sentence that is only a source and its verb names the source of the sentence just
    before it in the same paragraph, if that one names none."""
    if s.quotes or s.in_quote_at_start is not None:
        return False
    chars = list(s.text)  # the sentence less its cues and source phrases, by their spans
    for a in atts:
        for lo, hi in ((a.cue_start, a.cue_end), (a.source_start, a.source_end)):
            for i in range(max(lo - s.start, 0), min(hi - s.start, len(chars))) if lo >= 0 else ():
                chars[i] = " "
    rest = "".join(chars)
    for a in atts:
        if a.source_start < 0:
            rest = rest.replace(a.surface, "", 1)
    if len(_FILLER.sub("", rest)) > 2:
        return False
    before = [x for x in (claims[-1:] + structure[-1:]) if x.end <= s.start]
    if not before:
        return False
    prev = max(before, key=lambda x: x.end)
    if text[prev.end : s.start].strip() or "\n" in text[prev.end : s.start]:
        return False
    if isinstance(prev, ClaimDraft):
        return not prev.attributions
    return prev.kind == "generic"


def _attribute_previous(
    s: Sentence,
    atts: list[Attribution],
    classifier: Classifier,
    claims: list[ClaimDraft],
    structure: list[Structure],
) -> None:
    structure.append(
        Structure("attribution", s.text, s.start, s.end, "names the source of the sentence before")
    )
    if claims and (not structure[:-1] or claims[-1].end >= structure[-2].end):
        claims[-1].attributions = atts
        return
    prev = structure.pop(-2)  # a sentence kept as structure for naming no one: now it does
    a = classifier.assess(prev.text, prev.text, attributed=True, quoted=False)
    if not a.is_claim:
        structure.insert(-1, prev)
        return
    start, end = prev.start + a.start, prev.start + a.end
    claims.append(
        ClaimDraft(
            prev.text[a.start : a.end],
            start,
            end,
            s.paragraph,
            a.kind,
            a.score,
            atts,
            offsets=[(start, end)],
        )
    )


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \u3000*#、,":
        start += 1
    while end > start and text[end - 1] in " \u3000*#":
        end -= 1
    return start, end


def normalise(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s)).casefold()


def _dedupe(claims: list[ClaimDraft]) -> list[ClaimDraft]:
    """A sentence repeated in the document (a lead that repeats the body) is one claim."""
    seen: dict[str, ClaimDraft] = {}
    out = []
    for c in claims:
        key = normalise(c.text)
        first = seen.get(key)
        if first is None:
            seen[key] = c
            out.append(c)
            continue
        first.offsets.extend(c.offsets)
        names = {a.entry.name for a in first.attributions}
        first.attributions += [a for a in c.attributions if a.entry.name not in names]
    return out


def _dedupe_references(refs: list[ReferenceEntry]) -> list[ReferenceEntry]:
    out: dict[tuple[int | None, str], ReferenceEntry] = {}
    for r in refs:
        out.setdefault((r.number, r.text), r)
    return list(out.values())
