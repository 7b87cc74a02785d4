"""Count what follows the quotative と after a quote (「…」と力強く語った) in unlabelled
Japanese news, to find reporting verbs the lexicon lacks.

    python bench/ja_quote_verbs.py DIR [--min 1]

DIR holds text files of stored news pages (the `pages` corpus of this workplace's search
tool), each page a line `=== URL` then its excerpt. Pages whose URL is in bench/corpus are
skipped, so that no article the accuracy figures are measured on feeds the lexicon. The
texts are third-party and are not committed; the verbs kept from this count are
`quoting_verbs` in factcheck/data/cues/ja.yml (a verb that names a speech act, not one that
names a thing: 呼ばれ, 題し, 名付け are left out by hand).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
AFTER_QUOTE = re.compile(
    r"[」』]と(?:、)?([^。、「」\s]{1,10}?)(?:た|ました|ている|ています|ていた|る|ます|。)"
)


def pages(folder: Path, skip: set[str]) -> Iterator[tuple[str, str]]:
    for path in sorted(folder.glob("*.txt")):
        url, lines = None, []
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if line.startswith("=== "):
                if url and url not in skip:
                    yield url, "".join(lines)
                url, lines = line[4:].strip(), []
            else:
                lines.append(line)
        if url and url not in skip:
            yield url, "".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--min", type=int, default=1, help="print verbs seen at least this often")
    args = ap.parse_args(argv)
    skip = {
        json.loads(p.read_text(encoding="utf-8"))["document"]["url"]
        for p in (ROOT / "bench" / "corpus").glob("*/*.gold.json")
    }
    lex = yaml.safe_load((ROOT / "factcheck" / "data" / "cues" / "ja.yml").read_text("utf-8"))
    known = [*lex["speech_verbs"], *lex["noun_stops"], *(lex.get("quoting_verbs") or ())]
    counts: Counter[str] = Counter()
    n = 0
    for _url, text in pages(args.folder, skip):
        n += 1
        counts.update(m.group(1) for m in AFTER_QUOTE.finditer(text))
    print(f"{n} pages")
    for verb, count in counts.most_common():
        if count >= args.min:
            mark = "" if any(k in verb for k in known) else "  (not in the lexicon)"
            print(f"{count}\t{verb}{mark}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
