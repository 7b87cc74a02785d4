"""Title and date figures on scrapinghub/article-extraction-benchmark, read from a local
checkout (its pages are not committed here; only these figures are).

    python bench/page_eval.py AEB-CHECKOUT [--misses]

The benchmark has no title or date ground truth, so this builds one from each page's own
structured data, where it has any: the title from JSON-LD `headline` (else og:title), the
date from JSON-LD `datePublished` (else article:published_time). Those are then removed
from the page (every JSON-LD block, every og:, article:, twitter: and itemprop meta), and
what is left is scored: the title reconciled from what a reader sees (<title> without the
site's name, <h1>), and the date htmldate finds in the rest (visible dates, <time>, the
URL), beside trafilatura's own metadata on the same stripped page. A title is right when
it equals the ground truth once case, whitespace, quotes and dashes are folded; a date
when the day is the same. The figures on the whole page (structured data left in) are
reported too: they show what a capture stores.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import lxml.html

from factcheck.charset import decode_html
from factcheck.pages import page_date, page_title

_FOLD = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\xa0": " ", "…": "..."}
)


def fold(text: str | None) -> str:
    return " ".join(html.unescape(text or "").translate(_FOLD).casefold().split())


def ld_items(tree: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, @graph members included, in document order."""
    items: list[dict[str, Any]] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            stack = [json.loads(script.text or "")]
        except (ValueError, TypeError):
            continue
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            elif isinstance(item, dict):
                items.append(item)
                stack[:0] = item.get("@graph") or []
    return items


def metas(tree: Any) -> dict[str, str]:
    return {
        (m.get("property") or m.get("name") or "").lower(): m.get("content") or ""
        for m in tree.iter("meta")
    }


def declared_titles(tree: Any) -> set[str]:
    """Every headline the publisher declares (JSON-LD headline, og:title, twitter:title,
    each without the site's name), folded."""
    out = {i["headline"] for i in ld_items(tree) if isinstance(i.get("headline"), str)}
    meta = metas(tree)
    for key in ("og:title", "twitter:title"):
        if meta.get(key):
            out.add(_without_site(meta[key].strip(), meta.get("og:site_name", "").strip()))
    return {fold(t) for t in out if t}


def _without_site(title: str, site: str) -> str:
    for sep in (" | ", " - ", " – ", " — ", " :: "):
        if site and title.endswith(sep + site):
            title = title[: -len(sep + site)]
        if site and title.startswith(site + sep):
            title = title[len(site + sep) :]
    return title


def structured(tree: Any) -> tuple[str | None, str | None]:
    """(title, date) from the page's JSON-LD, else its og:title / article:published_time."""
    items = ld_items(tree)
    title = next((i["headline"] for i in items if isinstance(i.get("headline"), str)), None)
    published = next(
        (i["datePublished"] for i in items if isinstance(i.get("datePublished"), str)), None
    )
    meta = metas(tree)
    if title is None and meta.get("og:title"):
        # an og:title often carries the site's name, which is no part of the headline
        title = _without_site(meta["og:title"].strip(), meta.get("og:site_name", "").strip())
    published = published or meta.get("article:published_time")
    day = re.match(r"(\d{4})-\d{2}-\d{2}", published.strip()) if published else None
    if day and int(day.group(1)) < 1995:  # a placeholder (0001-01-01), not a date
        day = None
    return (title.strip() or None) if title else None, day.group(0) if day else None


def near(got: str | None, want: str) -> bool:
    """The same day, or the next or the one before: a time near midnight is a different
    day in another time zone (datePublished 2019-11-19T21:00-05:00 is 20 November in UTC)."""
    if not got:
        return False
    try:
        return abs((date.fromisoformat(got) - date.fromisoformat(want)).days) <= 1
    except ValueError:
        return False


def strip_structured(tree: Any) -> str:
    for el in tree.xpath("//script[@type='application/ld+json']"):
        el.drop_tree()
    for m in list(tree.iter("meta")):
        key = (m.get("property") or m.get("name") or "").lower()
        if (
            m.get("itemprop")
            or key.startswith(("og:", "article:", "twitter:", "dc.", "sailthru"))
            or key in ("date", "pubdate", "publishdate", "parsely-pub-date", "parsely-title")
        ):
            m.drop_tree()
    return lxml.html.tostring(tree, encoding="unicode")


def main(checkout: Path, show: bool = False) -> dict[str, Any]:
    import trafilatura

    truth = json.loads((checkout / "ground-truth.json").read_text(encoding="utf-8"))
    hits: Counter[str] = Counter()
    misses: list[str] = []
    titled = dated = 0
    for key in sorted(truth):
        raw = gzip.decompress((checkout / "html" / f"{key}.html.gz").read_bytes())
        text = decode_html(raw, None).text
        tree = lxml.html.document_fromstring(text)
        want_title, want_date = structured(tree)
        if not want_title and not want_date:
            continue
        declared = declared_titles(tree)
        stripped = strip_structured(tree)  # changes the tree
        url = truth[key]["url"]
        theirs = trafilatura.extract_metadata(stripped, default_url=url)
        whole = trafilatura.extract_metadata(text, default_url=url)
        if want_title:
            titled += 1
            ours = page_title(stripped)
            hits["title ours"] += fold(ours) == fold(want_title)
            hits["title trafilatura"] += fold(theirs.title if theirs else None) == fold(want_title)
            hits["title ours, any declared headline"] += fold(ours) in declared
            hits["title trafilatura, any declared headline"] += (
                fold(theirs.title if theirs else None) in declared
            )
            hits["title ours, whole page"] += fold(page_title(text)) == fold(want_title)
            hits["title trafilatura, whole page"] += fold(whole.title if whole else None) == fold(
                want_title
            )
            if fold(ours) != fold(want_title):
                misses.append(f"title {key[:8]}: {ours!r} want {want_title!r}")
        if want_date:
            dated += 1
            ours_date = page_date(stripped, url)
            their_date = theirs.date if theirs else None
            hits["date ours"] += ours_date == want_date
            hits["date trafilatura"] += their_date == want_date
            hits["date ours, within a day"] += near(ours_date, want_date)
            hits["date trafilatura, within a day"] += near(their_date, want_date)
            hits["date ours, whole page"] += page_date(text, url) == want_date
            hits["date trafilatura, whole page"] += (whole.date if whole else None) == want_date
            if ours_date != want_date:
                misses.append(f"date {key[:8]}: {ours_date!r} want {want_date!r} ({url})")
    figures: dict[str, Any] = {
        "pages": len(truth),
        "with a title": titled,
        "with a date": dated,
    }
    for name, n in sorted(hits.items()):
        figures[name] = round(n / (dated if name.startswith("date") else titled), 3)
    if show:
        figures["misses"] = misses
    return figures


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    print(json.dumps(main(Path(args[0]), "--misses" in sys.argv), indent=2, ensure_ascii=False))
