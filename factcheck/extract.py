"""From a document's text to claims, their citations and the document's structure.

Pure and in memory: `extract(text, lang, registry)` reads nothing and writes nothing, so
the same function serves ingest, the evaluation and the benchmarks.

    text ──segment.blocks──▶ blocks ──┬─ reference list ─▶ references.parse_entry
                                      ├─ credit line ────▶ references.parse_credit
                                      ├─ headings, numbers ▶ structure
                                      └─ paragraphs ─segment.sentences─▶ sentences
        sentences ─citations.Attributor─▶ attributions ─classify.Classifier─▶ claim | structure
        claims: a quote over several sentences is one claim; a repeated sentence is one
        claim with all its offsets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from factcheck.citations import Attribution, Attributor, Context
from factcheck.classify import Classifier
from factcheck.linking import Suggestion, suggest
from factcheck.references import ReferenceEntry, parse_credit, parse_entry
from factcheck.segment import Sentence, blocks, sentences
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
    attributor = Attributor(registry, lang)
    classifier = Classifier(registry, lang)
    ctx = Context()
    claims: list[ClaimDraft] = []
    structure: list[Structure] = []
    references: list[ReferenceEntry] = []
    stray: list[ReferenceEntry] = []  # entry-like lines outside a reference list
    origin = None
    title = None
    for block in blocks(text):
        if title is None and block.kind in ("heading", "text") and len(block.text) <= 100:
            title = block.text
        if block.kind == "reference-heading":
            structure.append(Structure(block.kind, block.text, block.start, block.end))
        elif block.kind == "reference":
            entry = parse_entry(block.text, block.start, registry)
            (references if _in_reference_list(structure, block.start) else stray).append(entry)
            structure.append(Structure("reference", block.text, block.start, block.end))
        elif block.kind == "credit":
            origin = origin or parse_credit(block.text, registry)
            structure.append(Structure("credit", block.text, block.start, block.end, "credit line"))
        elif block.kind != "text":
            structure.append(Structure(block.kind, block.text, block.start, block.end))
        else:
            for s in sentences(text, block):
                _add_sentence(s, attributor, classifier, ctx, claims, structure, text)
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


def _in_reference_list(structure: list[Structure], start: int) -> bool:
    return any(s.kind == "reference-heading" and s.start < start for s in structure)


def _add_sentence(
    s: Sentence,
    attributor: Attributor,
    classifier: Classifier,
    ctx: Context,
    claims: list[ClaimDraft],
    structure: list[Structure],
    text: str,
) -> None:
    atts = attributor.attribute(s, ctx)
    quoted = bool(s.quotes) or s.in_quote_at_start is not None
    a = classifier.assess(s.text, s.outside_quotes(), attributed=bool(atts), quoted=quoted)
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
        return
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
        return
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
