"""Suggest which reference-list entry a claim came from, when the text does not say.

A claim and a reference work are compared on what they share: registry entities (by
canonical name, so マイクロソフト matches Microsoft), numbers of two digits or
more, Latin words, katakana words and kanji bigrams (so 野心 matches 野心 in a translated
title). Each shared term
counts its inverse document frequency over the document's claims, so a name that is in
every sentence (OpenAI) counts little and a rare one (ブロックマン) counts much. The best
MAX_SUGGESTIONS entries sharing MIN_SHARED terms and scoring MIN_SCORE are suggested, best first; the suggestions are stored as
inferred citations for a reviewer to confirm or reject.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from factcheck.db import write_transaction
from factcheck.errors import InvalidValue, NotFound
from factcheck.references import ReferenceEntry
from factcheck.sources import Registry

MIN_SCORE = 1.5
MIN_SHARED = 2
MAX_SUGGESTIONS = 2
_KANJI_RUN = re.compile(r"[一-鿿々]{2,}")
_KATAKANA_WORD = re.compile(r"[ァ-ヿ]{3,}")
_LATIN = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")
_NUMBER = re.compile(r"\d{2,}(?:[.,]\d+)?")  # single digits (1つ, 2.) say nothing
STOPWORDS = {
    "with",
    "from",
    "that",
    "this",
    "have",
    "will",
    "into",
    "about",
    "after",
    "their",
    "between",
    "understanding",
    "article",
    "perfect",
    "striking",
    "balance",
    "said",
    "says",
}


@dataclass
class Suggestion:
    claim: int  # index into the claims given
    reference: int  # index into the references given
    score: float
    terms: list[str]


def terms(text: str, registry: Registry) -> set[str]:
    found = {f"@{m.entry.name}" for m in registry.find(text)}
    stripped = text
    for m in sorted(registry.find(text), key=lambda m: -m.start):
        stripped = stripped[: m.start] + " " + stripped[m.end :]
    found |= {f"#{n}" for n in _NUMBER.findall(stripped)}
    found |= {w.lower() for w in _LATIN.findall(stripped) if w.lower() not in STOPWORDS}
    found |= set(_KATAKANA_WORD.findall(stripped))  # katakana words whole: ビジネス, not ビジ+ジネ
    for run in _KANJI_RUN.findall(stripped):
        found |= {run[i : i + 2] for i in range(len(run) - 1)}
    return found


def suggest(
    claim_texts: list[str],
    references: list[ReferenceEntry],
    registry: Registry,
    skip: set[tuple[int, int]] | None = None,
) -> list[Suggestion]:
    """Suggestions for every (claim, reference) pair not in `skip`."""
    if not references or not claim_texts:
        return []
    claim_terms = [terms(t, registry) for t in claim_texts]
    ref_terms = [
        set().union(*(terms(f"{w.title} {w.title_translated or ''}", registry) for w in r.works))
        if r.works
        else set()
        for r in references
    ]
    df: Counter[str] = Counter()
    for ts in claim_terms:
        df.update(ts)
    n = len(claim_terms) + 1

    def idf(term: str) -> float:
        return math.log(n / (1 + df[term])) + 0.1

    out = []
    for ci, ct in enumerate(claim_terms):
        ranked = []
        for ri, rt in enumerate(ref_terms):
            if skip and (ci, ri) in skip:
                continue
            shared = ct & rt
            s = sum(idf(t) for t in shared)
            if len(shared) >= MIN_SHARED and s >= MIN_SCORE:
                ranked.append(Suggestion(ci, ri, round(s, 2), sorted(shared)))
        ranked.sort(key=lambda x: -x.score)
        out += ranked[:MAX_SUGGESTIONS]
    return out


def confidence(score: float) -> float:
    """A 0–1 confidence for display, from the raw overlap score."""
    return round(1 - math.exp(-score / 4), 2)


def review_suggestion(db: sqlite_utils.Database, citation_id: int, accept: bool) -> dict[str, Any]:
    """A reviewer's decision on a suggested reference link: confirmed or rejected. The
    row stays (inferred = 1): the text still does not state the link."""
    row = db.execute("SELECT inferred FROM citations WHERE id = ?", [citation_id]).fetchone()
    if row is None:
        raise NotFound(f"no citation with id {citation_id}")
    if not row[0]:
        raise InvalidValue(f"citation {citation_id} is stated in the text, not a suggestion")
    status = "confirmed" if accept else "rejected"
    with write_transaction(db):
        db.execute("UPDATE citations SET status = ? WHERE id = ?", [status, citation_id])
    return {"citation": citation_id, "status": status}
