"""Charset and title figures on scrapinghub/article-extraction-benchmark, read from a local
checkout (its pages are not committed here; only these figures are).

    python bench/page_eval.py PATH-TO-CHECKOUT

Charset: a page counts as decoded right when the first 200 characters of its ground-truth
article body (which the benchmark stores as Unicode) appear in our decoded text, spaces
normalised. Titles: the benchmark has no title ground truth, so this reports a proxy: the
share of pages whose reconciled title shares at least half of the URL slug's words (pages
whose URL has a word slug only), for ours and for trafilatura's own metadata title.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from factcheck.charset import decode_html
from factcheck.pages import page_title


def norm(text: str) -> str:
    return " ".join(text.split())


def slug_words(url: str) -> set[str]:
    path = urlsplit(url).path
    words = {w.lower() for w in re.split(r"[^A-Za-z]+", path) if len(w) > 3}
    return words - {"html", "news", "article", "articles", "story", "index"}


def main(checkout: Path) -> dict[str, float]:
    import trafilatura

    truth = json.loads((checkout / "ground-truth.json").read_text(encoding="utf-8"))
    right = total = t_ours = t_traf = t_n = 0
    for key, gt in truth.items():
        raw = gzip.decompress((checkout / "html" / f"{key}.html.gz").read_bytes())
        decoded = decode_html(raw, None)
        body = norm(gt["articleBody"])[:200]
        total += 1
        right += body[:80] in norm(decoded.text)
        words = slug_words(gt["url"])
        if len(words) >= 3:
            t_n += 1
            ours = page_title(decoded.text) or ""
            meta = trafilatura.extract_metadata(decoded.text)
            theirs = (meta.title if meta else None) or ""
            t_ours += len(words & set(re.findall(r"[a-z]+", ours.lower()))) * 2 >= len(words)
            t_traf += len(words & set(re.findall(r"[a-z]+", theirs.lower()))) * 2 >= len(words)
    figures = {
        "pages": total,
        "charset_right": right / total,
        "title_pages": t_n,
        "title_slug_agreement_ours": t_ours / t_n if t_n else 0.0,
        "title_slug_agreement_trafilatura": t_traf / t_n if t_n else 0.0,
    }
    print(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main(Path(sys.argv[1]))
