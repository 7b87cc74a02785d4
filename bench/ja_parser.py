"""GiNZA as a fallback for the Japanese sentences the rules leave open (issue 12, item 3):
accuracy, speed and memory with and without it, on the tuning half of bench/corpus and the
seed article, each mode in its own process so its import time and peak RSS are its own.
Figures and the decision: bench/RESULTS-ja-parser.md.

    pip install ja-ginza==5.3.0 ginza==5.3.0     # into .venv; not a dependency of factcheck
    python bench/ja_parser.py [--corpus bench/corpus] [--json] [--diff]

`parse` mode times importing spaCy, loading ja_ginza and parsing the tuning half's Japanese
texts and the seed line by line (characters/s of GiNZA alone). `off` and `ginza` ingest and
score each tuning-half Japanese document (FACTCHECK_JA_PARSER unset / =ginza) and the seed;
`--diff` prints the gold claims the fallback fixed and broke and the attributions it made.
The fallback itself (factcheck/citations/ja_parser.py and its hook in ja.py) was measured and
then taken out again: the `ginza` mode runs on a checkout of the commit "ja: optional GiNZA
fallback for sentences the rules leave open", and is skipped where that module is absent.
The test half is never read.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def tuning_documents(corpus: Path) -> list[tuple[str, Path, Path]]:
    split = json.loads((corpus / "split.json").read_text(encoding="utf-8"))["split"]
    out = []
    for rel, half in sorted(split.items()):
        if half != "tune" or not rel.startswith("ja/"):
            continue
        gold = corpus / rel
        text = gold.parent / json.loads(gold.read_text(encoding="utf-8"))["document"]["file"]
        if text.exists():
            out.append((rel, gold, text))
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def parse_only(corpus: Path) -> dict:
    t0 = time.perf_counter()
    import spacy

    t1 = time.perf_counter()
    nlp = spacy.load("ja_ginza", exclude=["compound_splitter"])
    t2 = time.perf_counter()
    loaded = peak_rss_mb()
    paths = [text for _, _, text in tuning_documents(corpus)]
    paths.append(ROOT / "claims" / "openai-board-crisis.ja.txt")
    lines = [
        line[:10000]  # SudachiPy refuses inputs past about 49 kB
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    chars = sum(len(line) for line in lines)
    nlp(lines[0])  # the first call sets up what the later ones reuse
    t3 = time.perf_counter()
    for line in lines:
        nlp(line)
    t4 = time.perf_counter()
    return {
        "import_s": round(t1 - t0, 2),
        "load_s": round(t2 - t1, 2),
        "rss_loaded_mb": round(loaded),
        "characters": chars,
        "parse_chars_per_s": round(chars / (t4 - t3)),
        "peak_rss_mb": round(peak_rss_mb()),
    }


def evaluate(corpus: Path) -> dict:
    from accuracy import seed_scores, totals

    from factcheck.evaluate import report_for, score

    t0 = time.perf_counter()
    parser = configured_parser()
    if parser:
        parser.nlp  # noqa: B018 - load it here, to time it apart from the documents
    setup = time.perf_counter() - t0
    registry = ROOT / "claims" / "sources.yml"
    groups: dict[str, list] = {"ja": [], "ja-native": [], "ja-mt": []}
    docs = {}
    for rel, gold_path, text_path in tuning_documents(corpus):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        report = report_for(text_path, registry)
        sc = score(gold, report, rel)
        group = "ja-mt" if gold["document"].get("variety") == "mt" else "ja-native"
        groups["ja"].append(sc)
        groups[group].append(sc)
        docs[rel] = {
            "f1": round(sc.f1, 3),
            "misses": sc.misses,
            "model": [
                f"{c['text'][:60]} -> {s['name']}"
                for c in report.get("claims") or []
                for s in c.get("sources") or []
                if s.get("method") == "model"
            ],
        }
    result = {
        "groups": {k: totals(v) for k, v in groups.items()},
        "seed": seed_scores(),
        "setup_s": round(setup, 2),
        "documents": docs,
    }
    result.update(extraction_speed(corpus))
    result["peak_rss_mb"] = round(peak_rss_mb())
    return result


def extraction_speed(corpus: Path, rounds: int = 3) -> dict:
    """Claims and sources from the tuning half's Japanese texts and the seed, in memory
    (no database): characters/s once the model, if any, is loaded; and how many of their
    sentences reach the parser."""
    from factcheck.extract import extract
    from factcheck.segment import blocks, sentences
    from factcheck.sources import Registry

    parser = configured_parser()

    registry = Registry.load(ROOT / "claims" / "sources.yml")
    texts = [t.read_text(encoding="utf-8") for _, _, t in tuning_documents(corpus)]
    texts.append((ROOT / "claims" / "openai-board-crisis.ja.txt").read_text(encoding="utf-8"))
    for text in texts:  # warm-up: caches, and the model's first load
        extract(text, "ja", registry)
    before = (parser.parsed, parser.characters) if parser else (0, 0)
    t0 = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            extract(text, "ja", registry)
    seconds = time.perf_counter() - t0
    after = (parser.parsed, parser.characters) if parser else (0, 0)
    chars = sum(len(t) for t in texts)
    total = sum(
        1 for text in texts for b in blocks(text) if b.kind == "text" for _ in sentences(text, b)
    )
    return {
        "extract_chars_per_s": round(rounds * chars / seconds),
        "characters": chars,
        "sentences": total,
        "sentences_parsed": (after[0] - before[0]) // rounds,
        "characters_parsed": (after[1] - before[1]) // rounds,
    }


FALLBACK = "factcheck.citations.ja_parser"


def configured_parser() -> Any:
    """The fallback's parser where its module exists (FACTCHECK_JA_PARSER decides)."""
    if importlib.util.find_spec(FALLBACK) is None:
        return None
    return importlib.import_module(FALLBACK).configured()


def in_process(mode: str, corpus: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "FACTCHECK_JA_PARSER"}
    if mode == "ginza":
        env["FACTCHECK_JA_PARSER"] = "ginza"
    out = subprocess.run(
        [sys.executable, __file__, "--corpus", str(corpus), "--mode", mode],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(out.stdout))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "bench" / "corpus")
    ap.add_argument("--mode", choices=["parse", "off", "ginza"], help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--diff", action="store_true", help="what the fallback fixed and broke")
    args = ap.parse_args(argv)
    if args.mode:
        result = parse_only(args.corpus) if args.mode == "parse" else evaluate(args.corpus)
        print(json.dumps(result, ensure_ascii=False))
        return 0
    if importlib.util.find_spec("ja_ginza") is None:
        print("Error: GiNZA is not installed: pip install ja-ginza==5.3.0 ginza==5.3.0")
        return 1
    fallback = importlib.util.find_spec(FALLBACK) is not None
    results = {
        mode: in_process(mode, args.corpus) if mode != "ginza" or fallback else None
        for mode in ("parse", "off", "ginza")
    }
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return 0
    p = results["parse"]
    runs = [(name, results[mode]) for name, mode in (("rules", "off"), ("+ginza", "ginza"))]
    runs = [(name, r) for name, r in runs if r is not None]
    print(
        f"GiNZA alone: import {p['import_s']} s, load {p['load_s']} s, RSS loaded "
        f"{p['rss_loaded_mb']} MB, parse {p['parse_chars_per_s']:,} chars/s over "
        f"{p['characters']:,} characters, peak RSS {p['peak_rss_mb']} MB"
    )
    if results["ginza"] is None:
        print(f"{FALLBACK} is not in this checkout: rules only (see the module docstring)")
    print(f"\n{'tuning half':12} {'':>6} {'P':>6} {'R':>6} {'F1':>6}")
    for group in ("ja", "ja-native", "ja-mt"):
        for name, r in runs:
            g = r["groups"][group]
            print(f"{group:12} {name:>6} {g['precision']:6.3f} {g['recall']:6.3f} {g['f1']:6.3f}")
    for name, r in runs:
        s = r["seed"]
        print(f"{'seed':12} {name:>6} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}")
    print()
    for name, r in runs:
        print(
            f"{name:>6}: extraction {r['extract_chars_per_s']:,} chars/s once loaded (set-up"
            f" {r['setup_s']} s); {r['sentences_parsed']} of {r['sentences']} sentences parsed"
            f" ({r['characters_parsed']:,} chars); peak RSS {r['peak_rss_mb']} MB"
        )
    off, on = results["off"], results["ginza"]
    if args.diff and on is not None:
        for rel in off["documents"]:
            before, after = off["documents"][rel], on["documents"][rel]
            fixed = [m for m in before["misses"] if m not in after["misses"]]
            broke = [m for m in after["misses"] if m not in before["misses"]]
            if fixed or broke or after["model"]:
                print(f"\n== {rel} (F1 {before['f1']:.2f} -> {after['f1']:.2f})")
                for m in fixed:
                    print("  fixed  " + m)
                for m in broke:
                    print("  broke  " + m)
                for m in after["model"]:
                    print("  model  " + m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
