"""Main-text extraction: ours (beautifulsoup4) beside trafilatura on the same pages.

    python bench/extraction_eval.py [PAGES_DIR]

Prints, per page and in total, the share of key sentences kept and of boilerplate
snippets leaked, for each extractor, and the time each took.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.charset import decode_html  # noqa: E402
from factcheck.html import article  # noqa: E402


def extractors() -> dict[str, Callable[[str], str]]:
    out: dict[str, Callable[[str], str]] = {"factcheck": lambda html: article(html).text}
    try:
        import trafilatura

        out["trafilatura"] = lambda html: trafilatura.extract(html, include_comments=False) or ""
    except ImportError:
        pass
    return out


def evaluate(pages_dir: Path) -> dict[str, Any]:
    gold = json.loads((pages_dir / "pages.gold.json").read_text(encoding="utf-8"))["pages"]
    results: dict[str, Any] = {}
    for name, fn in extractors().items():
        kept = leaked = keys = snippets = 0
        seconds = 0.0
        per_page = {}
        for page, g in gold.items():
            html = decode_html((pages_dir / page).read_bytes(), None).text
            t = time.perf_counter()
            text = fn(html)
            seconds += time.perf_counter() - t
            k = sum(s in text for s in g["key"])
            b = sum(s in text for s in g["boilerplate"])
            per_page[page] = (k, len(g["key"]), b, len(g["boilerplate"]))
            kept, leaked = kept + k, leaked + b
            keys, snippets = keys + len(g["key"]), snippets + len(g["boilerplate"])
        results[name] = {
            "kept": kept / keys,
            "leaked": leaked / snippets,
            "seconds": seconds,
            "pages": per_page,
        }
    return results


def main() -> None:
    pages = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "pages"
    for name, r in evaluate(pages).items():
        print(
            f"{name:12} key sentences kept {r['kept']:.0%}, boilerplate leaked {r['leaked']:.0%}, {r['seconds'] * 1000:.0f} ms"
        )
        for page, (k, kt, b, bt) in r["pages"].items():
            print(f"    {page:22} kept {k}/{kt}  leaked {b}/{bt}")


if __name__ == "__main__":
    main()
