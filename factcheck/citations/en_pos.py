"""English part-of-speech tags for the attribution model's features.

An averaged perceptron (the design of Honnibal's, as in NLTK's PerceptronTagger), trained by
`python bench/polnear.py train-pos` on the Penn Treebank tags that Stanford CoreNLP gave
PolNeAR's training articles (the corpus ships them), over factcheck's own tokens. The
weights (factcheck/data/en-pos.json.gz) ship in the package.
"""

from __future__ import annotations

import gzip
import json
import random
from collections import defaultdict
from functools import cache
from importlib import resources

POS_FILE = "data/en-pos.json.gz"
START = ("-START-", "-START2-")


def _features(i: int, word: str, context: list[str], prev: str, prev2: str) -> list[str]:
    i += 2  # context is padded with two start symbols
    w = context[i]
    return [
        "b",
        "s3=" + w[-3:],
        "p1=" + w[:1],
        "t-1=" + prev,
        "t-2=" + prev2,
        "t-1t-2=" + prev + "|" + prev2,
        "w=" + w,
        "t-1w=" + prev + "|" + w,
        "w-1=" + context[i - 1],
        "s3-1=" + context[i - 1][-3:],
        "w-2=" + context[i - 2],
        "w+1=" + context[i + 1],
        "s3+1=" + context[i + 1][-3:],
        "w+2=" + context[i + 2],
    ]


def _normal(word: str) -> str:
    if word.isdigit() and len(word) == 4:
        return "!YEAR"
    if word[:1].isdigit():
        return "!DIGITS"
    return word.lower() if not word[:1].isupper() else word


class Tagger:
    def __init__(self, weights: dict[str, dict[str, float]], tags: dict[str, str]) -> None:
        self.weights = weights
        self.tagdict = tags  # words seen often with one tag only

    @classmethod
    @cache
    def shipped(cls) -> Tagger | None:
        path = resources.files("factcheck").joinpath(POS_FILE)
        if not path.is_file():
            return None
        data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
        return cls(data["weights"], data["tags"])

    def tag(self, words: list[str]) -> list[str]:
        prev, prev2 = START
        context = [*START, *(_normal(w) for w in words), "-END-", "-END2-"]
        out = []
        for i, word in enumerate(words):
            tag = self.tagdict.get(word)
            if tag is None:
                scores: dict[str, float] = defaultdict(float)
                for f in _features(i, word, context, prev, prev2):
                    for label, weight in (self.weights.get(f) or {}).items():
                        scores[label] += weight
                tag = max(scores, key=lambda t: (scores[t], t)) if scores else "NN"
            out.append(tag)
            prev2, prev = prev, tag
        return out


def train(sentences: list[tuple[list[str], list[str]]], iterations: int = 5) -> dict:
    """Averaged perceptron over (words, tags) sentences; returns the serialisable model."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for words, tags in sentences:
        for w, t in zip(words, tags, strict=True):
            counts[w][t] += 1
    tagdict = {}
    for w, by_tag in counts.items():
        tag, n = max(by_tag.items(), key=lambda x: x[1])
        total = sum(by_tag.values())
        if total >= 20 and n / total >= 0.97:
            tagdict[w] = tag
    weights: dict[str, dict[str, float]] = defaultdict(dict)
    totals: dict[tuple[str, str], float] = defaultdict(float)
    stamps: dict[tuple[str, str], int] = defaultdict(int)
    instance = 0
    classes = sorted({t for _, tags in sentences for t in tags})
    rng = random.Random(0)
    data = list(sentences)
    for _ in range(iterations):
        rng.shuffle(data)
        for words, tags in data:
            prev, prev2 = START
            context = [*START, *(_normal(w) for w in words), "-END-", "-END2-"]
            for i, (word, truth) in enumerate(zip(words, tags, strict=True)):
                guess = tagdict.get(word)
                if guess is None:
                    feats = _features(i, word, context, prev, prev2)
                    scores: dict[str, float] = defaultdict(float)
                    for f in feats:
                        for label, value in weights[f].items():
                            scores[label] += value
                    guess = max(classes, key=lambda c: (scores[c], c))
                    instance += 1
                    if guess != truth:
                        for f in feats:
                            for label, delta in ((truth, 1.0), (guess, -1.0)):
                                key = (f, label)
                                value = weights[f].get(label, 0.0)
                                totals[key] += (instance - stamps[key]) * value
                                stamps[key] = instance
                                weights[f][label] = value + delta
                prev2, prev = prev, guess
    averaged: dict[str, dict[str, float]] = {}
    for f, by_label in weights.items():
        kept = {}
        for label, value in by_label.items():
            key = (f, label)
            summed = totals[key] + (instance - stamps[key]) * value
            avg = round(summed / max(instance, 1), 3)
            if abs(avg) >= 0.002:
                kept[label] = avg
        if kept:
            averaged[f] = kept
    return {"weights": averaged, "tags": tagdict}


def save(model: dict, path: str) -> None:
    blob = json.dumps(model, separators=(",", ":"), sort_keys=True).encode("utf-8")
    with open(path, "wb") as f:
        f.write(gzip.compress(blob, 9, mtime=0))
