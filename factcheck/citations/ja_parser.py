"""GiNZA for the Japanese sentences the rules leave open: the subject of a reporting
predicate from a dependency parse, and a name from its entity tags.

Optional and off by default: `FACTCHECK_JA_PARSER=ginza` turns it on once GiNZA is installed
(`pip install 'factcheck[ginza]'`: spaCy, SudachiPy and the `ja_ginza` model, which ships
inside its package; nothing is downloaded). The variable is read when the parser is first
asked for; without it, or without GiNZA, nothing here imports spaCy.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from functools import cache
from typing import Any

from factcheck.citations.common import BOUNDARY
from factcheck.errors import FactcheckError

ENV = "FACTCHECK_JA_PARSER"
MODEL = "ja_ginza"
MAX_SENTENCE = 1000  # characters: longer is a page without stops (a second a parse)
# the speaker's own phrase: the subject head and what modifies it inside the noun phrase
_MODIFIERS = {"compound", "nmod", "amod", "acl", "det", "nummod", "appos", "flat", "case"}
_SUBJECT_MARKS = ("は", "が")
# GiNZA's entity labels (Sekine's extended hierarchy) that name a source
ENTITY_KINDS = {
    "Person": "person",
    "Company": "organization",
    "Company_Group": "organization",
    "Corporation_Other": "organization",
    "Organization_Other": "organization",
    "International_Organization": "organization",
    "Government": "organization",
    "Political_Party": "organization",
    "Political_Organization_Other": "organization",
    "Public_Institution": "organization",
    "Research_Institute": "organization",
    "Military": "organization",
    "Newspaper": "outlet",
    "Magazine": "outlet",
}


class ParserUnavailable(FactcheckError):
    """FACTCHECK_JA_PARSER asks for GiNZA but it is not installed."""


@dataclass
class Speaker:
    """The subject phrase of a reporting predicate, in sentence offsets."""

    phrase: str
    start: int
    end: int
    verb_start: int
    verb_end: int
    entities: list[tuple[str, str, int, int]]  # (text, kind, start, end) inside the phrase


class Parser:
    """GiNZA, loaded when the first sentence needs it (about 2 s and 430 MB), so a run whose
    sentences the rules settle never pays for it."""

    def __init__(self) -> None:
        self._nlp: Any = None
        self.parsed = 0  # sentences parsed, for the benchmark
        self.characters = 0

    @classmethod
    def load(cls) -> Parser:
        """The parser, once GiNZA is known to be installed (it is loaded on first use)."""
        missing = [m for m in ("spacy", MODEL) if importlib.util.find_spec(m) is None]
        if missing:
            raise ParserUnavailable(
                f"{ENV}=ginza needs GiNZA ({', '.join(missing)} not installed):"
                " pip install 'factcheck[ginza]'"
            )
        return cls()

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            import spacy

            try:
                # the bunsetu recognizer also gives the parse its UD labels (nsubj_bunsetu → nsubj)
                self._nlp = spacy.load(MODEL, exclude=["compound_splitter"])
            except (ImportError, OSError) as e:
                raise ParserUnavailable(f"{ENV}=ginza: cannot load {MODEL}: {e}") from e
        return self._nlp

    def speakers(
        self,
        text: str,
        predicates: list[tuple[int, int]],
        particles: list[int],
        quoted: list[tuple[int, int]],
    ) -> list[Speaker]:
        """The subject phrases the parse gives each reporting predicate, nearest the verb
        first: `predicates` are the spans of speech verbs, `particles` the offsets of a と
        closing a quote (「…」と山中教授は話している: the verb it depends on reports it).
        Sentence offsets throughout; nothing inside a quote (`quoted`) speaks."""
        if len(text) > MAX_SENTENCE:
            return []  # no sentence, and SudachiPy refuses inputs past about 49 kB
        doc = self.nlp(text)
        self.parsed += 1
        self.characters += len(text)

        def in_quote(i: int) -> bool:
            return any(a <= i < b for a, b in quoted)

        verbs = [(v, vs, ve) for vs, ve in predicates if (v := _head_of(doc, vs, ve)) is not None]
        for at in particles:
            # と hangs on what was said, which hangs on the verb that reports it (or on a
            # noun the parser put between them: 「配信でも「…」とコメントを残した」)
            token = next((t for t in doc if t.idx == at), None)
            if token is None or token.head.i == token.i:
                continue
            token = token.head.head
            while (in_quote(token.idx) or token.pos_ != "VERB") and token.head.i != token.i:
                token = token.head
            if token.pos_ == "VERB" and not in_quote(token.idx) and token.idx > at:
                verbs.append((token, at, token.idx + len(token.text)))
        out: list[Speaker] = []
        for verb, vs, ve in verbs:
            for head in _candidates(verb, in_quote):
                start = min(t.idx for t in head.subtree if t.i <= head.i and _modifies(t, head))
                # the phrase stops at a quote or a boundary before its head
                start = max([start] + [b for a, b in quoted if start < b <= head.idx])
                end = head.idx + len(head.text)
                cut = max(text.rfind(c, start, head.idx) for c in BOUNDARY)
                if cut >= 0:
                    start = cut + 1
                phrase = text[start:end]
                if not phrase.strip():
                    continue
                entities = [
                    (e.text, ENTITY_KINDS[e.label_], e.start_char, e.end_char)
                    for e in doc.ents
                    if e.label_ in ENTITY_KINDS and start <= e.start_char and e.end_char <= end
                ]
                out.append(Speaker(phrase, start, end, vs, ve, entities))
        return out


def _head_of(doc: Any, start: int, end: int) -> Any:
    """The token that heads the tokens overlapping [start, end) (明らか・に・し → し)."""
    inside = [t for t in doc if t.idx < end and t.idx + len(t.text) > start]
    if not inside:
        return None
    ids = {t.i for t in inside}
    heads = [t for t in inside if t.head.i not in ids or t.head.i == t.i]
    verb = heads[-1] if heads else inside[-1]
    while verb.dep_ in ("aux", "fixed", "compound", "mark") and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _candidates(verb: Any, in_quote: Any) -> list[Any]:
    """The verb's subjects, nearest first; then subjects the parser hung on a clause the
    verb governs: inside its quote, though they stand before it (「雷軍はコメント欄にも「…
    きれいですね」とコメントを残した」), or on a clause chained before it (「6人も取材に応じ、
    「…」と振り返った」); last the first topic set off by a comma (「記者趙振は、…ことを
    明らかにした」). What was said (a clause marked by と outside quotes) has its own
    subjects, which do not speak."""
    before = [t for t in verb.subtree if t.i < verb.i and not in_quote(t.idx) and _subject(t)]
    direct = [t for t in before if t.head.i == verb.i]
    chained = []
    for t in before:
        if t in direct:
            continue
        path, a = [], t.head
        while a.i != verb.i:
            path.append(a)
            a = a.head
        if all(in_quote(a.idx) or (a.dep_ in ("advcl", "conj") and not _quoted(a)) for a in path):
            chained.append(t)
    topics = [
        t
        for t in before
        if t not in direct
        and t not in chained
        and _marks(t) & {"は"}
        and t.i + 2 < len(t.doc)
        and t.doc[t.i + 2].text == "、"
    ]
    return sorted(direct, key=lambda t: -t.i) + sorted(chained, key=lambda t: -t.i) + topics[:1]


def _marks(token: Any) -> set[str]:
    return {c.text for c in token.children if c.dep_ == "case"}


def _subject(token: Any) -> bool:
    """A nominal subject or topic: nsubj, or obl/nmod marked with は or が."""
    return token.dep_ == "nsubj" or (
        token.dep_ in ("obl", "nmod", "dislocated") and bool(_marks(token) & set(_SUBJECT_MARKS))
    )


def _quoted(clause: Any) -> bool:
    """A clause marked as what was said: 「…と」."""
    return any(c.text == "と" and c.dep_ in ("case", "mark") for c in clause.children)


def _modifies(token: Any, head: Any) -> bool:
    """Whether token belongs to head's noun phrase: it reaches head through modifiers."""
    while token.i != head.i:
        if token.dep_ not in _MODIFIERS:
            return False
        token = token.head
    return True


@cache
def configured() -> Parser | None:
    """The parser FACTCHECK_JA_PARSER asks for (read once): GiNZA, or None when unset."""
    choice = os.environ.get(ENV, "").strip().lower()
    if choice in ("", "none", "off", "0"):
        return None
    if choice != "ginza":
        raise ParserUnavailable(f"{ENV}={choice!r}: the only parser is 'ginza'")
    return Parser.load()
