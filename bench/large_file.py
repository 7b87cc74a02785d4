"""One large file: what ingest costs in time and memory when handed a document far
larger than any article, beside a baseline measured in the same run.

    python bench/large_file.py [--mb 200]     # writes bench/RESULTS-large-file.md

- ours, refused: `factcheck ingest BIG.txt` reads at most the cap (8 MB) and stops with
  a one-line error;
- baseline: what the reader did before, `Path.read_bytes()` then `bytes.decode()` of
  the whole file, measured alone (the extraction that followed it, 643 s and 3.6 GB RSS
  at 200 MB in issue 17, is left out: the read alone shows memory growing with the file);
- ours, at the cap and well below it: the whole ingest of a file just under 8 MB and of
  one of 1 MB, so the largest memory a single accepted document can take is measured.

Each figure is one fresh process (`bench/run.py`'s child): wall seconds and peak RSS.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from run import child  # noqa: E402

INGEST = """
from pathlib import Path
from factcheck.db import open_db
from factcheck.errors import InputError
from factcheck.ingest import ingest
from factcheck.sources import Registry
reg = Registry.load()
db = open_db(Path(sys.argv[2]))
t0 = time.perf_counter()
try:
    r = ingest(db, Path(sys.argv[1]), reg)
    outcome = f'{r.claims} claims'
except InputError as e:
    outcome = f'refused: {e}'
result = {'seconds': time.perf_counter() - t0, 'outcome': outcome}
"""

READ_WHOLE = """
from pathlib import Path
t0 = time.perf_counter()
data = Path(sys.argv[1]).read_bytes()
text = data.decode('utf-8')
result = {'seconds': time.perf_counter() - t0, 'outcome': f'{len(text):,} characters in memory'}
"""


def write_text(path: Path, megabytes: float) -> Path:
    rnd = random.Random(3)
    target = int(megabytes * 1024 * 1024)
    with path.open("w", encoding="utf-8") as out:
        written = 0
        while written < target:
            doc = synth.document("en", rnd) + "\n"
            out.write(doc)
            written += len(doc.encode("utf-8"))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=200.0, help="size of the large file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        big = write_text(root / "big.en.txt", args.mb)
        at_cap = write_text(root / "cap.en.txt", 7.9)
        small = write_text(root / "small.en.txt", 1.0)
        rows = [
            (f"ours: ingest {args.mb:g} MB", child(INGEST, str(big), str(root / "a.db"))),
            (f"baseline: read and decode {args.mb:g} MB whole", child(READ_WHOLE, str(big))),
            ("ours: ingest 7.9 MB (under the cap)", child(INGEST, str(at_cap), str(root / "b.db"))),
            ("ours: ingest 1 MB", child(INGEST, str(small), str(root / "c.db"))),
        ]
        tmp = str(root)
    lines = [
        "# One large file",
        "",
        "`python bench/large_file.py` (2 cores, shared). Each row one fresh process.",
        "",
        "| run | wall s | peak RSS MB | outcome |",
        "| --- | ---: | ---: | --- |",
    ]
    for name, r in rows:
        outcome = str(r["outcome"]).split(": too big")[0].replace(tmp + "/", "")
        lines.append(f"| {name} | {r['seconds']:.2f} | {r['rss_mb']:.0f} | {outcome} |")
    text = "\n".join(lines) + "\n"
    (HERE / "RESULTS-large-file.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
