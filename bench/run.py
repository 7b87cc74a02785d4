"""One benchmark suite: every figure beside a baseline measured in the same run.

    python bench/run.py            # full sizes; writes bench/RESULTS.md
    python bench/run.py --quick    # small sizes, under two minutes; exit 1 if a figure
                                   # falls below half of its target

Each workload runs in a fresh subprocess so that its peak RSS is its own. Benchmarks
print figures; they assert nothing about timings except the quick mode's regression
floor (half the target).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402


@dataclass
class Row:
    workload: str
    ours: str
    baseline: str
    target: str
    ok: bool | None  # None: no target to meet
    note: str = ""
    ratio_to_target: float | None = None  # ours / target, for the quick mode's floor


def child(code: str, *args: str) -> dict:
    """Run `code` in a fresh interpreter; it prints one JSON object last. Adds peak RSS."""
    wrapper = (
        "import json, resource, sys, time\n"
        f"sys.path.insert(0, {str(HERE)!r})\n"
        "t0 = time.perf_counter()\n"
        + code
        + "\nresult['seconds'] = result.get('seconds', time.perf_counter() - t0)\n"
        "result['rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "result['worker_rss_mb'] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps(result))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmark child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


INGEST_OURS = """
from pathlib import Path
from factcheck.db import open_db
from factcheck.ingest import ingest_many
from factcheck.sources import Registry
paths = sorted(Path(sys.argv[1]).glob('*.txt'))
db = open_db(Path(sys.argv[2]))
reg = Registry.load()
t0 = time.perf_counter()
size = sum(p.stat().st_size for p in paths)
for _path, r in ingest_many(db, paths, reg):
    assert not isinstance(r, Exception), r
claims = db.execute('select count(*) from claims').fetchone()[0]
result = {'seconds': time.perf_counter() - t0, 'bytes': size, 'claims': claims}
"""

INGEST_BASELINE = """
import re, sqlite3
from pathlib import Path
paths = sorted(Path(sys.argv[1]).glob('*.txt'))
conn = sqlite3.connect(sys.argv[2])
conn.execute('create table sentences (doc text, start int, text text)')
split = re.compile(r'[^。！？!?.\\n]+[。！？!?.]?')
t0 = time.perf_counter()
size = rows = 0
for p in paths:
    text = p.read_text(encoding='utf-8')
    size += len(text.encode())
    batch = [(p.name, m.start(), m.group(0)) for m in split.finditer(text) if m.group(0).strip()]
    rows += len(batch)
    with conn:
        conn.executemany('insert into sentences values (?, ?, ?)', batch)
result = {'seconds': time.perf_counter() - t0, 'bytes': size, 'claims': rows}
"""


# what issues 11-13 ask of ingest now that attribution reads more: (MB/s, who asked)
INGEST_TARGETS = {"ja": 0.5, "en": 0.3, "zh": 0.3}


def bench_ingest(tmp: Path, mb_per_lang: float) -> list[Row]:
    rows = []
    for lang in ("ja", "en", "zh"):
        corpus = tmp / f"corpus-{lang}"
        small = tmp / f"corpus-{lang}-small"
        synth.write_corpus(corpus, lang, mb_per_lang)
        synth.write_corpus(small, lang, mb_per_lang / 10, seed=2)
        ours = child(INGEST_OURS, str(corpus), str(tmp / f"ours-{lang}.db"))
        ours_small = child(INGEST_OURS, str(small), str(tmp / f"ours-{lang}-small.db"))
        base = child(INGEST_BASELINE, str(corpus), str(tmp / f"base-{lang}.db"))
        mbs = ours["bytes"] / ours["seconds"] / 1e6
        base_mbs = base["bytes"] / base["seconds"] / 1e6
        rows.append(
            Row(
                f"ingest, {ours['bytes'] / 1e6:.0f} MB {lang} ({len(list(corpus.glob('*.txt')))} documents)",
                f"{mbs:.2f} MB/s, {ours['claims'] / ours['seconds']:,.0f} claims/s, "
                f"peak RSS {ours['rss_mb']:.0f} MB + workers {ours['worker_rss_mb']:.0f} MB each"
                f" (at 1/10 the corpus: {ours_small['rss_mb']:.0f} MB)",
                f"regex split + executemany: {base_mbs:.1f} MB/s, peak RSS {base['rss_mb']:.0f} MB",
                f"≥ {INGEST_TARGETS[lang]} MB/s; RSS flat as the corpus grows 10×",
                mbs >= INGEST_TARGETS[lang] and ours["rss_mb"] < ours_small["rss_mb"] * 1.5,
                ratio_to_target=mbs / INGEST_TARGETS[lang],
                note=f"{INGEST_TARGETS[lang] / mbs:.1f}× short, or RSS grew: the attribution"
                " grammar runs per sentence in pure Python; the baseline only splits",
            )
        )
    return rows


FETCH_OURS = """
from pathlib import Path
from factcheck.archive import COMPRESSION, Archive
from factcheck.captures import Capturer, Options, Target
from factcheck.db import open_db
from factcheck.fetch import Policy
urls = Path(sys.argv[1]).read_text().split()
db_path = Path(sys.argv[2])
db = open_db(db_path)
policy = Policy(allow_private=True, delay=0, concurrency=8, per_host=int(sys.argv[3]))
analyze = len(sys.argv) < 5 or sys.argv[4] == '1'
options = Options(wayback=False, analyze=analyze)
capturer = Capturer(db, Archive(db, db_path.parent / 'archive'), policy, options)
t0 = time.perf_counter()
summary = capturer.run([Target(u) for u in urls])
result = {'seconds': time.perf_counter() - t0, 'ok': summary.outcomes['ok'], 'n': len(urls),
          'captured': summary.captured_at - t0 if summary.captured_at else None,
          'stages': dict(summary.seconds),
          'gzip_level': COMPRESSION,
          'warc_bytes': sum(p.stat().st_size for p in (db_path.parent / 'archive').glob('*.warc.gz'))}
"""

FETCH_HTTPX = """
import httpx
from pathlib import Path
urls = Path(sys.argv[1]).read_text().split()
t0 = time.perf_counter()
ok = 0
with httpx.Client() as client:
    for u in urls:
        ok += client.get(u).status_code == 200
result = {'seconds': time.perf_counter() - t0, 'ok': ok, 'n': len(urls)}
"""

FETCH_AIOHTTP = """
import asyncio, aiohttp
from pathlib import Path
urls = Path(sys.argv[1]).read_text().split()
async def main():
    ok = 0
    sem = asyncio.Semaphore(8)
    async with aiohttp.ClientSession() as session:
        async def one(u):
            nonlocal ok
            async with sem, session.get(u) as r:
                await r.read()
                ok += r.status == 200
        await asyncio.gather(*(one(u) for u in urls))
    return ok
t0 = time.perf_counter()
ok = asyncio.run(main())
result = {'seconds': time.perf_counter() - t0, 'ok': ok, 'n': len(urls)}
"""


def _serve(directory: Path) -> tuple[subprocess.Popen[bytes], str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc, base
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("local server did not start")


def _wget(urls_file: Path, out: Path) -> dict | None:
    import shutil

    if not shutil.which("wget"):
        return None
    t0 = time.perf_counter()
    subprocess.run(
        [
            "wget",
            "-q",
            "--warc-file",
            str(out / "wget"),
            "-i",
            str(urls_file),
            "-O",
            "/dev/null",
            "--no-verbose",
        ],
        cwd=out,
        check=False,
    )
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "warc_bytes": sum(p.stat().st_size for p in out.glob("*.warc.gz"))}


def bench_fetch(tmp: Path, pages: int, kb: int, label: str, target: str, small: bool) -> list[Row]:
    import random

    site = tmp / "site"
    site.mkdir(parents=True)
    rnd = random.Random(7)
    for i in range(pages):
        html = (
            synth.html_page(i, kb, rnd)
            if not small
            else f"<html><title>p{i}</title><body><p>Page {i}.</p></body></html>"
        )
        (site / f"p{i}.html").write_text(html, encoding="utf-8")
    proc, base = _serve(site)
    runs: dict[str, dict] = {}
    try:
        urls = tmp / "urls.txt"
        urls.write_text("\n".join(f"{base}/p{i}.html" for i in range(pages)))
        tenth_urls = tmp / "urls-tenth.txt"
        tenth_urls.write_text("\n".join(f"{base}/p{i}.html" for i in range(pages // 10)))
        modes = {"with analysis": "1"} if small else {"capture alone": "0", "with analysis": "1"}
        for mode, flag in modes.items():
            db = tmp / mode.replace(" ", "-")
            runs[mode] = child(FETCH_OURS, str(urls), str(db / "factcheck.db"), "2", flag)
            runs[mode]["tenth"] = child(
                FETCH_OURS, str(tenth_urls), str(db / "tenth" / "factcheck.db"), "2", flag
            )
        bare = child(FETCH_HTTPX, str(urls))
        baselines = [f"bare httpx loop: {pages / bare['seconds']:.0f} pages/s"]
        wget = None
        if small:
            try:
                aio = child(FETCH_AIOHTTP, str(urls))
                baselines.append(f"aiohttp loop (8 at once): {pages / aio['seconds']:.0f} pages/s")
            except RuntimeError:
                baselines.append("aiohttp not installed (pip install '.[bench]')")
        else:
            (tmp / "wget").mkdir()
            wget = _wget(urls, tmp / "wget")
            baselines.insert(
                0,
                f"wget --warc-file: {pages / wget['seconds']:.0f} pages/s"
                f" (WARC {wget['warc_bytes'] / 1e6:.1f} MB, gzip level 9)"
                if wget
                else "wget not installed",
            )
    finally:
        proc.terminate()
        proc.wait()

    def memory(run: dict) -> str:
        return f"peak RSS {run['rss_mb']:.0f} MB (at {pages // 10} pages: {run['tenth']['rss_mb']:.0f} MB)"

    rows = []
    if small:
        ours = runs["with analysis"]
        rate = pages / ours["seconds"]
        ok = rate >= 300.0
        return [
            Row(
                label,
                f"{rate:.0f} pages/s ({ours['ok']}/{pages} ok), {memory(ours)}",
                "; ".join(baselines),
                target,
                ok,
                "" if ok else f"{300 / rate:.1f}× short",
                ratio_to_target=rate / 300.0,
            )
        ]
    goal = pages / wget["seconds"] if wget else None
    alone = runs["capture alone"]
    rate = pages / alone["seconds"]
    ok = None if goal is None else rate >= goal
    rows.append(
        Row(
            f"capture alone (fetch + WARC, analysis left for later), {pages} pages of ~{kb} KB",
            f"{rate:.0f} pages/s ({alone['ok']}/{pages} stored, WARC"
            f" {alone['warc_bytes'] / 1e6:.1f} MB, gzip level {alone['gzip_level']}), {memory(alone)};"
            " as `fetch --allow-private --delay 0` runs for one's own server: robots.txt"
            " read, 2 connections to the host (the default); wget: one request at a time,"
            " no robots.txt for a URL list",
            "; ".join(baselines),
            target,
            ok,
            f"{goal / rate:.1f}× short" if ok is False and goal else "",
            ratio_to_target=(rate / goal) if goal else None,
        )
    )
    full = runs["with analysis"]
    stages = full.get("stages") or {}
    where = ", ".join(f"{k} {1000 * v / pages:.1f} ms" for k, v in stages.items())
    captured = full.get("captured")
    rows.append(
        Row(
            f"capture + analysis (charset, metadata, main text), {pages} pages of ~{kb} KB",
            f"{pages / full['seconds']:.0f} pages/s ({full['ok']}/{pages} ok), records all written"
            f" at {pages / captured:.0f} pages/s; worker time per page: {where}; {memory(full)}"
            if captured
            else f"{pages / full['seconds']:.0f} pages/s",
            "; ".join(baselines[:1]),
            "report pages/s and where the time goes",
            None,
        )
    )
    return rows


WORKLOADS: dict[str, Callable[[Path, bool], list[Row]]] = {
    "ingest": lambda tmp, quick: bench_ingest(tmp, 2 if quick else 20),
    "fetch-large": lambda tmp, quick: bench_fetch(
        tmp,
        100 if quick else 1000,
        130,
        f"capture, {100 if quick else 1000} pages of ~130 KB",
        "at least as fast as wget --warc-file",
        small=False,
    ),
    "fetch-small": lambda tmp, quick: bench_fetch(
        tmp,
        200 if quick else 1000,
        1,
        f"fetch, {200 if quick else 1000} small pages",
        "≥ 300 pages/s",
        small=True,
    ),
}


ACCURACY_CHILD = """
import subprocess
args = [sys.executable, 'bench/accuracy.py', '--json'] + sys.argv[1:]
result = json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)
"""
# before the work of issues 11-13 (commit 5e82932, the same corpus and split, test half)
BEFORE = {  # 5e82932 on the three batches of bench/corpus (224 articles)
    "en": "P 0.99 R 0.55 F1 0.70",
    "ja-native": "P 0.91 R 0.29 F1 0.44",
    "ja-mt": "P 0.84 R 0.29 F1 0.43",
    "zh-simplified": "P 0.93 R 0.35 F1 0.51",
    "zh-traditional": "P 0.90 R 0.44 F1 0.59",
}
CITRON = "Citron (BBC R&D, PARC 3.0): source P 0.93 R 0.73 F1 0.82, overlap F1 0.85"


def bench_accuracy(tmp: Path, quick: bool) -> list[Row]:
    """Attribution on the real-news corpus (bench/corpus), tuning and test halves, and on
    PolNeAR's test split when FACTCHECK_POLNEAR names a checkout of it."""
    polnear = os.environ.get("FACTCHECK_POLNEAR")
    got = child(ACCURACY_CHILD, *(["--polnear", polnear] if polnear and not quick else []))
    rows = []
    if got["texts_missing"]:
        rows.append(
            Row(
                "attribution on real news",
                f"{got['texts_missing']} texts missing",
                "—",
                "the corpus texts present (bench/corpus/README.md)",
                None,
            )
        )
    for key, v in got["groups"].items():
        half, group = key.split("/")
        if half != "test" or group in ("ja", "zh"):
            continue
        tune = got["groups"].get(f"tune/{group}", {})
        ok = v["f1"] >= 0.85 and v["precision"] >= 0.90
        rows.append(
            Row(
                f"attribution on real news, test half: {group} ({v['documents']} articles,"
                f" {v['attributed']} attributed claims)",
                f"P {v['precision']:.2f} R {v['recall']:.2f} F1 {v['f1']:.2f}"
                f" (tuning half: F1 {tune.get('f1', 0):.2f})",
                f"before this work: {BEFORE.get(group, '—')}",
                "F1 ≥ 0.85, P ≥ 0.90",
                ok,
                note=f"F1 {v['f1']:.2f}",
            )
        )
    seed = got["seed"]
    rows.append(
        Row(
            "attribution, the bundled article (seed gold)",
            f"P {seed['precision']:.2f} R {seed['recall']:.2f} F1 {seed['f1']:.2f}",
            "—",
            "F1 ≥ 0.95",
            seed["f1"] >= 0.95,
        )
    )
    if "polnear_test" in got:
        p = got["polnear_test"]
        rows.append(
            Row(
                "PolNeAR test split, source spans (model alone / as stored)",
                f"overlap F1 {p['model']['source_overlap']['f1']:.2f} /"
                f" {p['product']['source_overlap']['f1']:.2f};"
                f" exact F1 {p['model']['source_exact']['f1']:.2f} /"
                f" {p['product']['source_exact']['f1']:.2f}",
                CITRON,
                "overlap F1 ≥ 0.80",
                p["model"]["source_overlap"]["f1"] >= 0.80,
                note=f"{p['model']['source_overlap']['f1']:.2f}",
            )
        )
        rows.append(
            Row(
                "PolNeAR test split, sentences holding an attribution (model alone / as stored)",
                f"F1 {p['model']['sentence']['f1']:.2f} / {p['product']['sentence']['f1']:.2f};"
                f" cue overlap F1 {p['model']['cue_overlap']['f1']:.2f} /"
                f" {p['product']['cue_overlap']['f1']:.2f}",
                "—",
                "F1 ≥ 0.85",
                p["model"]["sentence"]["f1"] >= 0.85,
                note=f"{p['model']['sentence']['f1']:.2f}",
            )
        )
    return rows


def _more() -> dict[str, Callable[[Path, bool], list[Row]]]:
    import workloads

    return {
        "datasette": workloads.bench_datasette,
        "search": workloads.bench_search_recall,
        "report": workloads.bench_reports,
        "contention": workloads.bench_contention,
        "accuracy": bench_accuracy,
    }


def table(rows: list[Row]) -> str:
    out = [
        "| workload | ours | baseline in the same run | target on this 2-core machine | met |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        met = "—" if r.ok is None else ("yes" if r.ok else f"no ({r.note})" if r.note else "no")
        out.append(f"| {r.workload} | {r.ours} | {r.baseline} | {r.target} | {met} |")
    return "\n".join(out)


def machine() -> str:
    import sqlite3

    versions = []
    for mod in ("httpx", "datasette", "sqlite_utils", "bs4"):
        with contextlib.suppress(ImportError, AttributeError):
            versions.append(f"{mod} {__import__(mod).__version__}")
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" SQLite {sqlite3.sqlite_version}, " + ", ".join(versions)
    )


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="small sizes; exit 1 below half a target")
    ap.add_argument("--only", action="append", help="run only these workloads")
    args = ap.parse_args()
    rows: list[Row] = []
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        for name, fn in {**WORKLOADS, **_more()}.items():
            if args.only and name not in args.only:
                continue
            print(f"running {name} …", file=sys.stderr)
            rows += fn(Path(tmp) / name, args.quick)
    text = table(rows)
    print(text)
    command = "make bench-quick" if args.quick else "make bench"
    if not args.quick and not args.only:
        results = HERE / "RESULTS.md"
        # sections measured by hand on local checkouts (## headings) are kept below the table
        old = results.read_text(encoding="utf-8") if results.exists() else ""
        kept = old[old.index("\n## ") :] if "\n## " in old else ""
        results.write_text(
            f"# Benchmark results\n\nCommand: `{command}` ({time.strftime('%Y-%m-%d', time.gmtime(started))},"
            f" {time.time() - started:.0f} s)\n\nMachine: {machine()}\n\n{text}\n{kept}",
            encoding="utf-8",
        )
    if args.quick:
        failing = [r for r in rows if r.ratio_to_target is not None and r.ratio_to_target < 0.5]
        for r in failing:
            print(
                f"BELOW HALF OF TARGET: {r.workload}: {r.ours} (target {r.target})",
                file=sys.stderr,
            )
        return 1 if failing else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
