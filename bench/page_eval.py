"""Title and date figures on scrapinghub/article-extraction-benchmark and, for titles, on
mozilla/readability's test pages, read from local checkouts (their pages are not committed
here; only these figures are).

    python bench/page_eval.py AEB-CHECKOUT [READABILITY-CHECKOUT] [--misses]

The article-extraction benchmark has no title or date ground truth, so this builds one
from each page's own structured data, where it has any: the title from JSON-LD `headline`
(else og:title), the date from JSON-LD `datePublished` (else article:published_time).
Those are then removed from the page (every JSON-LD block, every og:, article:, twitter:
and itemprop meta), and what is left is scored: the title reconciled from what a reader
sees (<title> without the site's name, <h1>, the URL's host), and the date htmldate finds
in the rest (visible dates, <time>, the URL), beside trafilatura's own metadata on the
same stripped page. A title is right when it equals the ground truth once case, whitespace, quotes and
dashes are folded; a date when the day is the same. The figures on the whole page
(structured data left in) are reported too: they show what a capture stores.

A second title ground truth for the same pages does not come from their structured data:
`aeb-headlines.json` holds, for each of the 181 pages, the headline the page shows its
reader at the top of the article (the <h1> on 172 pages, another visible heading element on
9), without site name, section label, kicker or standfirst, chosen by hand from each page's
HTML by an annotator who did not see page_title or its output (2026-12-02). Both the whole
page and the stripped page are scored against it.

Readability's test pages carry a title reviewed by people (see `readability`).

Each benchmark is split in two halves (see `halves`): rules were tuned on the misses of
the tuning half only (`--misses` prints no others); both halves are reported.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import lxml.html

from factcheck.charset import decode_html
from factcheck.pages import _TITLE_SEPARATORS, page_date, page_title

_FOLD = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\xa0": " ", "…": "..."}
)


# The headline each article-extraction page shows its reader, chosen by hand (see above)
SHOWN_HEADLINES = Path(__file__).with_name("aeb-headlines.json")


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


def halves(names: Iterable[str]) -> dict[str, str]:
    """The tuning/test split, fixed before any miss was read: the names sorted by the SHA-1
    of their UTF-8 bytes, then alternately tune, test. Misses are printed for the tuning
    half only; the test half is scored, never looked at."""
    order = sorted(names, key=lambda n: hashlib.sha1(n.encode("utf-8")).hexdigest())
    return {name: ("tune", "test")[i % 2] for i, name in enumerate(order)}


class Scores:
    """Hits per measure and half; a measure's denominator is the pages it was scored on."""

    def __init__(self, half_of: dict[str, str]) -> None:
        self.half_of = half_of
        self.hits: dict[str, Counter[str]] = {"tune": Counter(), "test": Counter()}
        self.seen: dict[str, Counter[str]] = {"tune": Counter(), "test": Counter()}
        self.misses: list[str] = []

    def add(self, name: str, measure: str, ok: bool) -> None:
        half = self.half_of[name]
        self.hits[half][measure] += ok
        self.seen[half][measure] += 1

    def miss(self, name: str, text: str) -> None:
        if self.half_of[name] == "tune":
            self.misses.append(text)

    def figures(self, show: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for half in ("tune", "test", "all"):
            hits = self.hits["tune"] + self.hits["test"] if half == "all" else self.hits[half]
            seen = self.seen["tune"] + self.seen["test"] if half == "all" else self.seen[half]
            out[half] = {
                "pages": sum(1 for h in self.half_of.values() if half in ("all", h)),
                **{m: f"{hits[m] / seen[m]:.3f} ({hits[m]}/{seen[m]})" for m in sorted(seen)},
            }
        if show:
            out["tuning-half misses"] = self.misses
        return out


def aeb(checkout: Path, show: bool = False) -> dict[str, Any]:
    import trafilatura

    truth = json.loads((checkout / "ground-truth.json").read_text(encoding="utf-8"))
    shown = json.loads(SHOWN_HEADLINES.read_text(encoding="utf-8"))
    scores = Scores(halves(truth))
    for key in sorted(truth):
        raw = gzip.decompress((checkout / "html" / f"{key}.html.gz").read_bytes())
        text = decode_html(raw, None).text
        tree = lxml.html.document_fromstring(text)
        want_title, want_date = structured(tree)
        declared = declared_titles(tree)
        stripped = strip_structured(tree)  # changes the tree
        url = truth[key]["url"]
        theirs = trafilatura.extract_metadata(stripped, default_url=url)
        whole = trafilatura.extract_metadata(text, default_url=url)
        ours_whole, ours = page_title(text, url), page_title(stripped, url)
        if headline := (shown.get(key) or {}).get("headline"):
            for measure, got in (
                ("title ours, shown headline, whole page", ours_whole),
                ("title trafilatura, shown headline, whole page", whole.title if whole else None),
                ("title ours, shown headline, structured data stripped", ours),
                (
                    "title trafilatura, shown headline, structured data stripped",
                    theirs.title if theirs else None,
                ),
            ):
                scores.add(key, measure, fold(got) == fold(headline))
            if fold(ours_whole) != fold(headline):
                scores.miss(key, f"shown headline {key[:8]}: {ours_whole!r} want {headline!r}")
        if want_title:
            their_title = theirs.title if theirs else None
            scores.add(key, "title ours", fold(ours) == fold(want_title))
            scores.add(key, "title trafilatura", fold(their_title) == fold(want_title))
            scores.add(key, "title ours, any declared headline", fold(ours) in declared)
            scores.add(
                key, "title trafilatura, any declared headline", fold(their_title) in declared
            )
            scores.add(key, "title ours, whole page", fold(ours_whole) == fold(want_title))
            scores.add(
                key,
                "title trafilatura, whole page",
                fold(whole.title if whole else None) == fold(want_title),
            )
            if fold(ours) != fold(want_title):
                scores.miss(key, f"title {key[:8]}: {ours!r} want {want_title!r} ({url})")
            if fold(ours_whole) != fold(want_title):
                scores.miss(key, f"title, whole page {key[:8]}: {ours_whole!r} want {want_title!r}")
        if want_date:
            ours_date = page_date(stripped, url)
            their_date = theirs.date if theirs else None
            scores.add(key, "date ours", ours_date == want_date)
            scores.add(key, "date trafilatura", their_date == want_date)
            scores.add(key, "date ours, within a day", near(ours_date, want_date))
            scores.add(key, "date trafilatura, within a day", near(their_date, want_date))
            scores.add(key, "date ours, whole page", page_date(text, url) == want_date)
            scores.add(
                key, "date trafilatura, whole page", (whole.date if whole else None) == want_date
            )
            if ours_date != want_date:
                scores.miss(key, f"date {key[:8]}: {ours_date!r} want {want_date!r} ({url})")
    return scores.figures(show)


def one_segment_more(got: str | None, want: str) -> bool:
    """The expected title is ours with end segments more, split where page_title splits
    a title (a bar, a dash, an underscore in CJK text, ...): readability keeps the site's
    name where the page's og:title has it ("How to Build a Terrarium | eHow"), which
    page_title takes off by design."""
    got, want = fold(got), fold(want)
    if not got or got == want:
        return got == want
    parts = _TITLE_SEPARATORS.split(want)  # [segment, separator, segment, ...]
    return any(
        "".join(parts[i:j]).strip() == got
        for i in range(0, len(parts), 2)
        for j in range(i + 1, len(parts) + 1, 2)
        if i == 0 or j == len(parts)
    )


def readability(checkout: Path, show: bool = False) -> dict[str, Any]:
    """page_title on mozilla/readability's test pages (test/test-pages/*/source.html),
    against the `title` of their expected-metadata.json (readability's output, reviewed by
    its maintainers), whole pages as served; pages whose expected title is empty are left
    out. Read as UTF-8, as readability's own test harness reads them."""
    import trafilatura

    root = checkout / "test" / "test-pages" if (checkout / "test").is_dir() else checkout
    pages = {}
    for d in sorted(root.iterdir()):
        meta = d / "expected-metadata.json"
        if meta.is_file() and (want := json.loads(meta.read_text(encoding="utf-8")).get("title")):
            pages[d.name] = want
    scores = Scores(halves(pages))
    for name, want in pages.items():
        raw = (root / name / "source.html").read_bytes()
        text = decode_html(raw, "text/html; charset=utf-8").text
        ours = page_title(text)
        meta = trafilatura.extract_metadata(text)
        theirs = meta.title if meta else None
        scores.add(name, "title ours", fold(ours) == fold(want))
        scores.add(name, "title trafilatura", fold(theirs) == fold(want))
        scores.add(
            name,
            "title ours, or the expected less end segments",
            fold(ours) == fold(want) or one_segment_more(ours, want),
        )
        scores.add(
            name,
            "title trafilatura, or the expected less end segments",
            fold(theirs) == fold(want) or one_segment_more(theirs, want),
        )
        if fold(ours) != fold(want):
            scores.miss(name, f"title {name}: {ours!r} want {want!r}")
    return scores.figures(show)


def main(argv: list[str]) -> dict[str, Any]:
    args = [a for a in argv if not a.startswith("--")]
    show = "--misses" in argv
    out = {"article-extraction-benchmark": aeb(Path(args[0]), show)}
    if len(args) > 1:
        out["readability test pages"] = readability(Path(args[1]), show)
    return out


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), indent=2, ensure_ascii=False))
