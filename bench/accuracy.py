"""Attribution accuracy on real text nobody on the team wrote, per language, on a tuning
half and a test half fixed before tuning (bench/corpus/split.json).

    python bench/accuracy.py [--corpus bench/corpus] [--polnear PATH] [--json] [--misses tune]
                             [--min-f1 X]

Each document is ingested into a fresh database, reported as JSON and scored with the
shared scorer's rules (factcheck.evaluate): a gold claim counts when a stored claim
contains its anchor and names its source; a stored claim whose stated source no gold claim
explains is spurious. Figures are micro-averaged over a group's documents. The texts are
third-party and not committed (bench/corpus/README.md); the gold files are. `--misses tune`
prints what the tuning half misses; the test half's misses are never printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.evaluate import Scores, judged, report_for, score  # noqa: E402

CONFIDENCE = ROOT / "factcheck" / "data" / "confidence.json"


def group_of(gold: dict) -> str:
    doc = gold["document"]
    lang = doc["lang"]
    if lang == "zh":
        return f"zh-{doc.get('script', 'simplified')}"
    if lang == "ja":
        return "ja-mt" if doc.get("variety") == "mt" else "ja-native"
    return lang


def totals(scores: list[Scores]) -> dict:
    right = sum(s.attributed_right for s in scores)
    spurious = sum(s.spurious for s in scores)
    attributed = sum(s.attributed for s in scores)
    p = right / (right + spurious) if right + spurious else 0.0
    r = right / attributed if attributed else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "documents": len(scores),
        "attributed": attributed,
        "right": right,
        "spurious": spurious,
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f1, 3),
    }


def run(
    corpus: Path, registry: Path | None, calibrate: dict | None = None
) -> tuple[dict, dict[str, list[Scores]], int, float]:
    split = json.loads((corpus / "split.json").read_text(encoding="utf-8"))["split"]
    groups: dict[str, list[Scores]] = defaultdict(list)
    missing = 0
    chars = 0
    seconds = 0.0
    for rel, half in sorted(split.items()):
        gold_path = corpus / rel
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text_path = gold_path.parent / gold["document"]["file"]
        if not text_path.exists():
            missing += 1
            continue
        chars += len(text_path.read_text(encoding="utf-8"))
        t0 = time.perf_counter()
        report = report_for(text_path, registry)
        seconds += time.perf_counter() - t0
        sc = score(gold, report, rel)
        if calibrate is not None and half == "tune":
            lang = gold["document"]["lang"]
            for source, right in judged(gold, report):
                for key in (
                    f"{lang}/{source.get('method')}/{source.get('kind')}",
                    f"{lang}/{source.get('method')}",
                    f"{source.get('method')}",
                ):
                    calibrate.setdefault(key, [0, 0])
                    calibrate[key][0] += right
                    calibrate[key][1] += 1
        sc.gold = rel
        g = group_of(gold)
        groups[f"{half}/{g}"].append(sc)
        groups[f"{half}/{g[:2]}"].append(sc) if g[:2] != g else None
        batch = gold["document"].get("batch", 1)
        if half == "test" or batch >= 4:  # each batch's test half alone; batch 4 is all tune
            groups[f"{half}-batch{batch}/{g}"].append(sc)
    table = {k: totals(v) for k, v in sorted(groups.items())}
    return table, groups, missing, chars / seconds if seconds else 0.0


def seed_scores() -> dict:
    gold = ROOT / "tests" / "data" / "openai-board-crisis.ja.gold.json"
    text = ROOT / "claims" / "openai-board-crisis.ja.txt"
    sc = score(
        json.loads(gold.read_text(encoding="utf-8")),
        report_for(text, ROOT / "claims" / "sources.yml"),
    )
    return totals([sc])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "bench" / "corpus")
    ap.add_argument("--registry", type=Path, default=ROOT / "claims" / "sources.yml")
    ap.add_argument("--polnear", type=Path, help="a PolNeAR checkout: also report its test split")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--misses", choices=["tune"], help="print the tuning half's misses")
    ap.add_argument("--min-f1", type=float, help="exit 1 when a test group falls below this")
    ap.add_argument(
        "--calibrate",
        action="store_true",
        help=f"write each kind of attribution's precision on the tuning half to {CONFIDENCE.name}",
    )
    args = ap.parse_args(argv)
    counts: dict | None = {} if args.calibrate else None
    table, groups, missing, speed = run(args.corpus, args.registry, counts)
    if counts is not None:
        # (right + 1) / (judged + 2): a kind seen twice is not certain
        precision = {k: round((r + 1) / (n + 2), 3) for k, (r, n) in sorted(counts.items())}
        CONFIDENCE.write_text(
            json.dumps(
                {
                    "about": "precision of each kind of attribution (language/method/source kind)"
                    " on the tuning half of bench/corpus, Laplace-smoothed; written by"
                    " python bench/accuracy.py --calibrate",
                    "judged": {k: n for k, (r, n) in sorted(counts.items())},
                    "precision": precision,
                },
                indent=1,
                sort_keys=True,
            )
            + "\n",
            encoding="utf-8",
        )
    result = {"groups": table, "seed": seed_scores(), "texts_missing": missing}
    result["chars_per_second"] = round(speed)
    if args.polnear:
        import polnear

        result["polnear_test"] = {
            system: polnear.evaluate(args.polnear, "test", system)
            for system in ("model", "product")
        }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{'group':24} {'docs':>4} {'attr':>5} {'P':>6} {'R':>6} {'F1':>6}")
        for k, v in table.items():
            print(
                f"{k:24} {v['documents']:4} {v['attributed']:5} {v['precision']:6.2f} "
                f"{v['recall']:6.2f} {v['f1']:6.2f}"
            )
        s = result["seed"]
        print(
            f"{'seed (bundled article)':24} {1:4} {s['attributed']:5} {s['precision']:6.2f} "
            f"{s['recall']:6.2f} {s['f1']:6.2f}"
        )
        if missing:
            print(
                f"{missing} texts missing: the third-party texts are not committed (bench/corpus/README.md)"
            )
        if args.polnear:
            print("PolNeAR test:", json.dumps(result["polnear_test"]))
    if args.misses:
        for key, scores in sorted(groups.items()):
            if not key.startswith("tune/") or key.count("-") == 0 and key.endswith(("ja", "zh")):
                continue
            for sc in scores:
                if sc.misses:
                    print(f"\n== {sc.gold} (F1 {sc.f1:.2f})")
                    for m in sc.misses:
                        print("  " + m)
    if args.min_f1 is not None:
        low = [k for k, v in table.items() if k.startswith("test/") and v["f1"] < args.min_f1]
        if low:
            print(f"below {args.min_f1}: {', '.join(low)}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
