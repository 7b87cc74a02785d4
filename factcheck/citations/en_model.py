"""A sequence model for English attribution: which words of a sentence are the source,
the cue and the content of a reported statement.

A linear-chain CRF (CRFsuite) over words, trained on the PolNeAR corpus's training split
(`python bench/polnear.py train`), tags each word B-/I- SOURCE, CUE or CONTENT, or O. Its
features are the word, its shape and affixes, its neighbours, whether it is a cue word by the
lexicon derived from the same data (factcheck/data/cues/en-derived.json), a pronoun, a
registry name, inside quotation marks, how far the nearest cue word is, and part-of-speech
tags from factcheck.citations.en_pos. The model file
(factcheck/data/en-crf.model) ships in the package; nothing is downloaded. PolNeAR states no
licence: only the trained weights are shipped, none of its text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from factcheck.citations.en_pos import Tagger

_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}|\d+(?:[.,]\d+)*%?|\w+(?:[’'][\w]+)*(?:-\w+)*|[“”\"‘’']|[^\w\s]",
    re.U,
)
_QUOTES_OPEN = {"“", "‘"}
_QUOTES_CLOSE = {"”", "’"}
PRONOUNS = {
    "he",
    "she",
    "they",
    "it",
    "we",
    "i",
    "you",
    "him",
    "her",
    "them",
    "us",
    "his",
    "their",
    "its",
    "who",
    "which",
}
LABELS = ("SOURCE", "CUE", "CONTENT")
MODEL_FILE = "data/en-crf.model"
LEXICON_FILE = "data/cues/en-derived.json"


@dataclass
class Token:
    text: str
    start: int  # offsets into the sentence
    end: int


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=1 << 16)
def lemma(word: str) -> str:
    """A crude English lemma (enough to pool "says", "said", "saying" with their stem)."""
    word = word.lower()
    for suffix, repl in (
        ("ied", "y"),
        ("ies", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    return word


@cache
def derived_lexicon() -> dict[str, Any]:
    """Cue-word rates and source head words counted on PolNeAR train (bench/polnear.py)."""
    path = resources.files("factcheck").joinpath(LEXICON_FILE)
    try:
        return dict(json.loads(path.read_text("utf-8")))
    except FileNotFoundError:
        return {"cue_rate": {}, "source_heads": {}}


_SHAPE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "X" * 26 + "x" * 26 + "d" * 10
)
_RUN = re.compile(r"(.)\1{2,}")


@lru_cache(maxsize=1 << 16)
def _shape(word: str) -> str:
    return _RUN.sub(r"\1\1", word.translate(_SHAPE))


def _cue_bucket(rate: float) -> str:
    return "0" if rate < 0.05 else "1" if rate < 0.2 else "2" if rate < 0.5 else "3"


@lru_cache(maxsize=1 << 16)
def _word(w: str) -> tuple[str, str, str, tuple[str, ...]]:
    """What a word says by itself: lowercase, lemma, cue bucket, and its own features."""
    lex = derived_lexicon()
    rates: dict[str, float] = lex.get("cue_rate") or {}
    heads: dict[str, float] = lex.get("source_heads") or {}
    lw, lm = w.lower(), lemma(w)
    cue = _cue_bucket(rates.get(lm, 0.0))
    f = [
        "b",
        "w=" + lw,
        "lm=" + lm,
        "sh=" + _shape(w),
        "s3=" + lw[-3:],
        "p2=" + lw[:2],
        "cue=" + cue,
    ]
    if w[:1].isupper():
        f.append("title")
    if w.isupper() and len(w) > 1:
        f.append("upper")
    if lw in PRONOUNS:
        f.append("pron")
    if lw in heads:
        f.append("head=" + ("2" if heads[lw] >= 0.5 else "1"))
    return lw, lm, cue, tuple(f)


def features(tokens: list[Token], names: set[int] | None = None) -> list[list[str]]:
    """One list of feature strings per token. `names`: indices of tokens inside a name the
    registry knows."""
    tagger = Tagger.shipped()
    words = [t.text for t in tokens]
    tags = tagger.tag(words) if tagger else ["?"] * len(tokens)
    own = [_word(w) for w in words]
    lowers = [o[0] for o in own]
    lemmas = [o[1] for o in own]
    cue = [o[2] for o in own]
    n = len(tokens)
    strong = [c in ("2", "3") for c in cue]
    quoted = []
    depth = 0
    for w in words:
        if w in _QUOTES_OPEN or (w == '"' and depth == 0):
            quoted.append(False)
            depth = 1
            continue
        if w in _QUOTES_CLOSE or w == '"':
            quoted.append(False)
            depth = 0
            continue
        quoted.append(depth > 0)
    # the nearest strong cue word to each side, and how far the last closing quote is
    left: list[int | None] = [None] * n
    right: list[int | None] = [None] * n
    last = None
    for i in range(n):
        left[i] = last
        if strong[i]:
            last = i
    last = None
    for i in range(n - 1, -1, -1):
        right[i] = last
        if strong[i]:
            last = i
    since_close: list[int | None] = [None] * n
    last = None
    for i, w in enumerate(words):
        since_close[i] = i - last if last is not None else None
        if w in _QUOTES_CLOSE or w == '"':
            last = i
    has_strong = "has_cue=" + ("1" if any(strong) else "0")
    shapes = [_shape(w) for w in words]
    out = []
    for i, w in enumerate(words):
        lw = lowers[i]
        f = [
            *own[i][3],
            "q=" + ("1" if quoted[i] else "0"),
            "pos=" + tags[i],
            "pos2=" + tags[i][:2],
        ]
        if names and i in names:
            f.append("name")
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        f.append(has_strong)
        f.append("at=" + _dist(i))
        if w[:1].isupper() and (
            (i > 0 and words[i - 1][:1].isupper()) or (i + 1 < n and words[i + 1][:1].isupper())
        ):
            f.append("caprun")
        gap = since_close[i]
        if gap is not None and gap <= 3:
            f.append("after_close=" + str(gap))
        lj, rj = left[i], right[i]
        if lj is not None:
            f.append("cueL=" + _dist(i - lj))
            f.append("cueLw=" + lemmas[lj])
        if rj is not None:
            f.append("cueR=" + _dist(rj - i))
            f.append("cueRw=" + lemmas[rj])
        if strong[i]:
            f.append("cue_here")
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f.append(f"w{d}=" + lowers[j])
                f.append(f"cue{d}=" + cue[j])
                f.append(f"pos{d}=" + tags[j])
                if d in (-1, 1):
                    f.append(f"pos{d}|pos=" + tags[j] + "|" + tags[i])
                    f.append(f"sh{d}=" + shapes[j])
                    f.append(f"q{d}=" + ("1" if quoted[j] else "0"))
            else:
                f.append(f"w{d}=<pad>")
        if i > 0:
            f.append("bg-=" + lowers[i - 1] + "|" + lw)
        if i < n - 1:
            f.append("bg+=" + lw + "|" + lowers[i + 1])
        out.append(f)
    return out


def _dist(d: int) -> str:
    return str(d) if d <= 3 else "4-6" if d <= 6 else "7-12" if d <= 12 else "far"


def bio(labels_by_char: list[str | None], tokens: list[Token]) -> list[str]:
    """Token labels from character labels (a token takes its first character's label)."""
    out = []
    prev = None
    for t in tokens:
        lab = labels_by_char[t.start] if t.start < len(labels_by_char) else None
        if lab is None:
            out.append("O")
            prev = None
        else:
            out.append(("I-" if prev == lab else "B-") + lab)
            prev = lab
    return out


@dataclass
class Spans:
    """One attribution the model found: character spans within the sentence."""

    cue: tuple[int, int]
    source: tuple[int, int] | None
    content: tuple[int, int] | None
    probability: float  # the model's marginal probability of its source (else cue) labels


class Model:
    def __init__(self, path: str) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(path)

    @classmethod
    @cache
    def shipped(cls) -> Model | None:
        path = resources.files("factcheck").joinpath(MODEL_FILE)
        if not path.is_file():
            return None
        return cls(str(path))

    def tag(self, text: str, names: set[int] | None = None) -> tuple[list[Token], list[str]]:
        tokens = tokenize(text)
        if not tokens:
            return tokens, []
        labels = self._tagger.tag(features(tokens, names))
        return tokens, labels

    def spans(self, text: str, names_at: list[tuple[int, int]] | None = None) -> list[Spans]:
        """The attributions in one sentence: each cue with the nearest source and content."""
        tokens = tokenize(text)
        if not tokens:
            return []
        names = {i for i, t in enumerate(tokens) for a, b in names_at or () if a <= t.start < b}
        labels = self._tagger.tag(features(tokens, names))
        groups: dict[str, list[tuple[int, int]]] = {k: [] for k in LABELS}
        for i, lab in enumerate(labels):
            if lab == "O":
                continue
            kind = lab[2:]
            if lab.startswith("B-") or not groups[kind] or groups[kind][-1][1] != i - 1:
                groups[kind].append((i, i))
            else:
                groups[kind][-1] = (groups[kind][-1][0], i)
        out = []
        for c0, c1 in groups["CUE"]:
            src = min(groups["SOURCE"], key=lambda s: _gap(s, (c0, c1)), default=None)
            con = min(groups["CONTENT"], key=lambda s: _gap(s, (c0, c1)), default=None)
            if src and _gap(src, (c0, c1)) > 25:
                src = None
            prob_span = src or (c0, c1)
            prob = min(
                self._tagger.marginal(labels[i], i) for i in range(prob_span[0], prob_span[1] + 1)
            )
            out.append(
                Spans(
                    (tokens[c0].start, tokens[c1].end),
                    (tokens[src[0]].start, tokens[src[1]].end) if src else None,
                    (tokens[con[0]].start, tokens[con[1]].end) if con else None,
                    prob,
                )
            )
        return out


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] < b[0]:
        return b[0] - a[1]
    if b[1] < a[0]:
        return a[0] - b[1]
    return 0
