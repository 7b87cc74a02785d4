"""PolNeAR: English attribution measured on 1,008 annotated political news articles.

PolNeAR (github.com/networkdynamics/PolNeAR, Newell, Margolin and Ruths, LREC 2018) states
no licence, so nothing of it is committed: these commands read a local checkout (the folder
that holds data/metadata.tsv) and write only figures and derived counts.

    python bench/polnear.py eval PATH [--split dev] [--system rules|model|product] [--json]
    python bench/polnear.py cues PATH          # the cue lexicon by lemma, from train
    python bench/polnear.py train PATH [-o factcheck/data/en-crf.model]

Metrics are Citron's (BBC R&D, trained on PARC 3.0): cue and source spans, exact (same
first and last character, ignoring surrounding punctuation) and overlap (a predicted span
shares a character with an unmatched gold span; one to one), and sentence-level detection
(a sentence, as CoreNLP split it, holds an attribution when a cue starts in it). Develop on
train and dev; the test split is read only to report, with `--split test`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

Span = tuple[int, int]
_TRIM = " \t\n\"'“”‘’,.;:—–-()[]"


@dataclass
class Relation:
    cue: list[Span]
    source: list[Span] = field(default_factory=list)
    content: list[Span] = field(default_factory=list)


@dataclass
class Article:
    name: str
    split: str
    text: str
    relations: list[Relation]
    sentences: list[Span]  # CoreNLP's, when its annotation file is present


def _spans(field_: str) -> list[Span]:
    out = []
    for part in field_.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_ann(text: str) -> list[Relation]:
    """BRAT standoff: T lines are spans (Source, Cue, Content, Attribution), E lines link
    them into one attribution relation."""
    spans: dict[str, tuple[str, list[Span]]] = {}
    events: list[dict[str, str]] = []
    for line in text.splitlines():
        if line.startswith("T") and line.count("\t") >= 1:
            tid, middle, *_ = line.split("\t")
            kind, _, where = middle.partition(" ")
            spans[tid] = (kind, _spans(where))
        elif line.startswith("E") and "\t" in line:
            _eid, body = line.split("\t")[:2]
            roles = dict(part.split(":", 1) for part in body.split())
            events.append(roles)
    relations = []
    for roles in events:
        rel = Relation(cue=[])
        for role, tid in roles.items():
            role = role.rstrip("0123456789")
            if tid not in spans:
                continue
            if role == "Cue":
                rel.cue = spans[tid][1]
            elif role == "Source":
                rel.source = spans[tid][1]
            elif role == "Content":
                rel.content = spans[tid][1]
        if rel.cue:
            relations.append(rel)
    return relations


def _corenlp_sentences(path: Path) -> list[Span]:
    if not path.exists():
        return []
    out = []
    for _, el in ET.iterparse(path):
        if el.tag == "sentence" and el.find("tokens") is not None:
            offsets = [
                (int(t.findtext("CharacterOffsetBegin")), int(t.findtext("CharacterOffsetEnd")))
                for t in el.iter("token")
            ]
            if offsets:
                out.append((offsets[0][0], offsets[-1][1]))
            el.clear()
    return sorted(out)


def articles(root: Path, split: str, limit: int | None = None) -> Iterator[Article]:
    """The articles of one split; one annotation each (the first annotator's)."""
    folder = root / "data" / split
    done = 0
    for text_path in sorted((folder / "text").glob("*.txt")):
        name = text_path.stem
        anns = sorted((folder / "attributions").glob(f"{name}_*.ann"))
        if not anns:
            continue
        text = text_path.read_text(encoding="utf-8")
        rels = read_ann(anns[0].read_text(encoding="utf-8"))
        sents = _corenlp_sentences(folder / "corenlp" / f"{name}.txt.xml")
        yield Article(name, split, text, rels, sents)
        done += 1
        if limit and done >= limit:
            return


# -- what a system predicts ---------------------------------------------------------------


@dataclass
class Predicted:
    cue: Span
    source: Span | None


def predict_rules(text: str, system: str) -> list[Predicted]:
    """Spans from factcheck's English grammar, over every sentence (claims and structure
    alike). `system`: rules (the grammar without the model), model (the model alone) or
    product (what ingest stores)."""
    from factcheck.citations import Context, attributor
    from factcheck.segment import blocks, sentences

    registry = _registry()
    grammar = attributor(registry, "en")
    if system == "rules":
        grammar.model = None  # type: ignore[attr-defined]
    ctx = Context()
    out: list[Predicted] = []
    for block in blocks(text):
        if block.kind != "text":
            continue
        for s in sentences(text, block):
            if system == "model":
                found = grammar.model_spans(s)  # type: ignore[attr-defined]
            else:
                found = [
                    a for a in grammar.attribute(s, ctx) if a.method != "context" and a.cue_end > 0
                ]
            for a in found:
                src = (a.source_start, a.source_end) if a.source_start >= 0 else None
                out.append(Predicted((a.cue_start, a.cue_end), src))
    return out


_REGISTRY = None


def _registry():  # type: ignore[no-untyped-def]
    global _REGISTRY
    if _REGISTRY is None:
        from factcheck.sources import Registry

        _REGISTRY = Registry.load(ROOT / "claims" / "sources.yml")
    return _REGISTRY


# -- scoring ------------------------------------------------------------------------------


def _trim(text: str, span: Span) -> Span:
    a, b = span
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM:
        b -= 1
    return a, b


def _whole(spans: list[Span]) -> Span:
    return min(a for a, _ in spans), max(b for _, b in spans)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def row(self) -> dict[str, float]:
        return {"precision": round(self.p, 3), "recall": round(self.r, 3), "f1": round(self.f1, 3)}


def match(gold: list[Span], pred: list[Span], exact: bool) -> Counts:
    used: set[int] = set()
    tp = 0
    for p in pred:
        for i, g in enumerate(gold):
            if i in used:
                continue
            if (p == g) if exact else (p[0] < g[1] and g[0] < p[1]):
                used.add(i)
                tp += 1
                break
    return Counts(tp, len(pred) - tp, len(gold) - tp)


def sentence_counts(article: Article, gold_cues: list[Span], pred_cues: list[Span]) -> Counts:
    sents = article.sentences or _fallback_sentences(article.text)

    def marked(cues: list[Span]) -> set[int]:
        out = set()
        for a, _ in cues:
            for i, (s, e) in enumerate(sents):
                if s <= a < e:
                    out.add(i)
                    break
        return out

    g, p = marked(gold_cues), marked(pred_cues)
    return Counts(len(g & p), len(p - g), len(g - p))


def _fallback_sentences(text: str) -> list[Span]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]?", text)]


def evaluate(root: Path, split: str, system: str, limit: int | None = None) -> dict:
    totals = {k: Counts() for k in ("cue_exact", "cue_overlap", "source_exact", "source_overlap")}
    sentences = Counts()
    chars = 0
    t0 = time.perf_counter()
    n = 0
    for art in articles(root, split, limit):
        n += 1
        chars += len(art.text)
        gold_cues = [_trim(art.text, _whole(r.cue)) for r in art.relations]
        gold_sources = [_trim(art.text, _whole(r.source)) for r in art.relations if r.source]
        pred = predict_rules(art.text, system)
        pred_cues = [_trim(art.text, p.cue) for p in pred]
        pred_sources = [_trim(art.text, p.source) for p in pred if p.source]
        totals["cue_exact"].add(match(gold_cues, pred_cues, True))
        totals["cue_overlap"].add(match(gold_cues, pred_cues, False))
        totals["source_exact"].add(match(gold_sources, pred_sources, True))
        totals["source_overlap"].add(match(gold_sources, pred_sources, False))
        sentences.add(sentence_counts(art, gold_cues, pred_cues))
    seconds = time.perf_counter() - t0
    return {
        "split": split,
        "system": system,
        "articles": n,
        "seconds": round(seconds, 1),
        "chars_per_second": round(chars / seconds) if seconds else None,
        **{k: v.row() for k, v in totals.items()},
        "sentence": sentences.row(),
    }


# -- derived lexicon ----------------------------------------------------------------------


def cue_lemmas(root: Path) -> Counter[str]:
    """Cue words by crude lemma over the training split: the counts the English lexicon is
    checked against."""
    from factcheck.citations.en_model import lemma

    counts: Counter[str] = Counter()
    for art in articles(root, "train"):
        for r in art.relations:
            a, b = _trim(art.text, _whole(r.cue))
            for word in re.findall(r"[A-Za-z']+", art.text[a:b].lower()):
                counts[lemma(word)] += 1
    return counts


def derive_lexicon(root: Path, splits: tuple[str, ...] = ("train",)) -> dict:
    """Cue rate per lemma (how often the word is part of a cue) and source head words (how
    often a word ends a source span), counted on the training split; only words seen at
    least 5 times."""
    from factcheck.citations.en_model import lemma as lem
    from factcheck.citations.en_model import tokenize

    total: Counter[str] = Counter()
    in_cue: Counter[str] = Counter()
    heads: Counter[str] = Counter()
    for art in (a for split in splits for a in articles(root, split)):
        cue_chars = bytearray(len(art.text))
        for r in art.relations:
            for a, b in r.cue:
                cue_chars[a:b] = b"\x01" * (b - a)
            if r.source:
                a, b = _trim(art.text, _whole(r.source))
                words = re.findall(r"[A-Za-z]+", art.text[a:b])
                if words:
                    heads[words[-1].lower()] += 1
        for t in tokenize(art.text):
            lm = lem(t.text)
            total[lm] += 1
            in_cue[lm] += cue_chars[t.start] == 1
    words_total: Counter[str] = Counter(
        t.text.lower() for split in splits for a in articles(root, split) for t in tokenize(a.text)
    )
    return {
        "source": f"PolNeAR v1.0.0 {'+'.join(splits)} (networkdynamics/PolNeAR); counts only",
        "cue_rate": {
            w: round(in_cue[w] / n, 3) for w, n in total.items() if n >= 5 and in_cue[w] >= 2
        },
        "source_heads": {
            w: round(heads[w] / words_total[w], 3)
            for w, n in heads.items()
            if n >= 5 and words_total[w] >= 5
        },
    }


def training_sequences(root: Path, split: str) -> Iterator[tuple[list[list[str]], list[str]]]:
    """(features, labels) per sentence, sentences split by factcheck's own segmenter."""
    from factcheck.citations.en_model import bio, features, tokenize
    from factcheck.segment import blocks, sentences

    registry = _registry()
    for art in articles(root, split):
        chars: list[str | None] = [None] * len(art.text)
        for r in art.relations:
            for kind, spans in (("CUE", r.cue), ("SOURCE", r.source), ("CONTENT", r.content)):
                for a, b in spans:
                    for i in range(a, b):
                        chars[i] = kind
        for block in blocks(art.text):
            if block.kind != "text":
                continue
            for s in sentences(art.text, block):
                tokens = tokenize(s.text)
                if not tokens:
                    continue
                names = {
                    i
                    for i, t in enumerate(tokens)
                    for m in registry.find(s.text)
                    if m.start <= t.start < m.end
                }
                labels = bio(chars[s.start : s.end], tokens)
                yield features(tokens, names), labels


def train(
    root: Path,
    out: Path,
    lexicon_out: Path,
    c1: float,
    c2: float,
    iterations: int,
    splits: tuple[str, ...] = ("train",),
) -> dict:
    """Derive the cue lexicon, then train the CRF on `splits` with features that read it."""
    import pycrfsuite

    lexicon = derive_lexicon(root, splits)
    lexicon_out.write_text(json.dumps(lexicon, sort_keys=True, indent=0) + "\n")
    from factcheck.citations import en_model

    en_model.derived_lexicon.cache_clear()
    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for split in splits:
        for xseq, yseq in training_sequences(root, split):
            trainer.append(xseq, yseq)
            n += 1
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": 2,
        }
    )
    t0 = time.perf_counter()
    trainer.train(str(out))
    return {
        "splits": list(splits),
        "sentences": n,
        "seconds": round(time.perf_counter() - t0),
        "bytes": out.stat().st_size,
    }


def pos_sentences(
    root: Path, split: str, limit: int | None = None
) -> Iterator[tuple[list[str], list[str]]]:
    """factcheck's tokens with the tag of the CoreNLP token each starts in."""
    from factcheck.citations.en_model import tokenize

    folder = root / "data" / split
    done = 0
    for xml in sorted((folder / "corenlp").glob("*.txt.xml")):
        text_path = folder / "text" / xml.name.removesuffix(".xml")
        if not text_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        for _, el in ET.iterparse(xml):
            if el.tag != "sentence" or el.find("tokens") is None:
                continue
            toks = [
                (
                    int(t.findtext("CharacterOffsetBegin")),
                    int(t.findtext("CharacterOffsetEnd")),
                    t.findtext("POS"),
                )
                for t in el.iter("token")
            ]
            el.clear()
            if not toks:
                continue
            a, b = toks[0][0], toks[-1][1]
            by_char = {}
            for s0, s1, pos in toks:
                for i in range(s0, s1):
                    by_char[i] = pos
            words, tags = [], []
            for t in tokenize(text[a:b]):
                words.append(t.text)
                tags.append(by_char.get(a + t.start, "NN"))
            if words:
                yield words, tags
        done += 1
        if limit and done >= limit:
            return


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("eval")
    e.add_argument("path", type=Path)
    e.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    e.add_argument("--system", default="product", choices=["rules", "model", "product"])
    e.add_argument("--limit", type=int)
    e.add_argument("--json", action="store_true")
    c = sub.add_parser("cues")
    c.add_argument("path", type=Path)
    c.add_argument("--top", type=int, default=80)
    t = sub.add_parser("train")
    t.add_argument("path", type=Path)
    t.add_argument("-o", "--out", type=Path, default=ROOT / "factcheck" / "data" / "en-crf.model")
    t.add_argument(
        "--lexicon", type=Path, default=ROOT / "factcheck" / "data" / "cues" / "en-derived.json"
    )
    t.add_argument("--c1", type=float, default=0.1)
    t.add_argument("--c2", type=float, default=0.01)
    t.add_argument("--iterations", type=int, default=150)
    t.add_argument(
        "--splits",
        default="train",
        help="comma-separated: train for development, train,dev for the shipped model",
    )
    tp = sub.add_parser("train-pos")
    tp.add_argument("path", type=Path)
    tp.add_argument(
        "-o", "--out", type=Path, default=ROOT / "factcheck" / "data" / "en-pos.json.gz"
    )
    tp.add_argument("--articles", type=int, default=400)
    tp.add_argument("--iterations", type=int, default=4)
    args = ap.parse_args(argv)
    if args.cmd == "train-pos":
        from factcheck.citations import en_pos

        sents = list(pos_sentences(args.path, "train", args.articles))
        t0 = time.perf_counter()
        model = en_pos.train(sents, args.iterations)
        en_pos.save(model, str(args.out))
        tagger = en_pos.Tagger(model["weights"], model["tags"])
        dev = list(pos_sentences(args.path, "dev", 30))
        right = sum(g == t for w, ts in dev for g, t in zip(tagger.tag(w), ts, strict=True))
        total = sum(len(ts) for _, ts in dev)
        print(
            json.dumps(
                {
                    "tokens": sum(len(w) for w, _ in sents),
                    "seconds": round(time.perf_counter() - t0),
                    "dev_accuracy": round(right / total, 4),
                    "bytes": args.out.stat().st_size,
                }
            )
        )
        return 0
    if args.cmd == "train":
        splits = tuple(args.splits.split(","))
        result = train(args.path, args.out, args.lexicon, args.c1, args.c2, args.iterations, splits)
        print(json.dumps(result))
        return 0
    if args.cmd == "eval":
        result = evaluate(args.path, args.split, args.system, args.limit)
        if args.json:
            print(json.dumps(result))
        else:
            for k, v in result.items():
                print(f"{k:16} {v}")
    elif args.cmd == "cues":
        for word, n in cue_lemmas(args.path).most_common(args.top):
            print(f"{n:6} {word}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
