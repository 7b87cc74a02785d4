"""What a captured page says: its metadata, its main text, and what kind of page it is
(its text in the right charset is factcheck/charset.py's work; httpx's `.text` is never
used for HTML).

Classification: ok, paywall (a teaser with a subscription wall), login, challenge (a bot
check), soft-404 (a 200 that says "not found"), not-html, error.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml import etree

from factcheck.html import article


@dataclass
class PageInfo:
    title: str | None
    author: str | None
    published: str | None  # YYYY-MM-DD
    canonical: str | None
    lang: str | None
    text: str
    classification: str
    reason: str | None


def _metas(tree: Any) -> dict[str, str]:
    """Every <meta> by property, name or itemprop (first wins), in one pass."""
    out: dict[str, str] = {}
    for tag in tree.iter("meta"):
        content = (tag.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (tag.get(attr) or "").strip().lower()
            if key:
                out.setdefault(key, content)
    return out


def _first(metas: dict[str, str], *names: str) -> str | None:
    return next((metas[n.lower()] for n in names if n.lower() in metas), None)


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, TypeError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                items.append(item)
                stack.extend(item.get("@graph") or [])
            elif isinstance(item, list):
                stack.extend(item)
    return items


def _ld_author(items: list[dict[str, Any]]) -> str | None:
    for item in items:
        author = item.get("author")
        for a in author if isinstance(author, list) else [author]:
            if isinstance(a, dict) and isinstance(a.get("name"), str):
                return str(a["name"])
            if isinstance(a, str):
                return a
    return None


def _text(el: Any) -> str | None:
    return " ".join("".join(el.itertext()).split()) or None if el is not None else None


_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·:»/]\s+|\s*[｜|]\s*|\s+::\s+")


def reconcile_title(
    og: str | None, title: str | None, h1s: list[str], site: str | None
) -> str | None:
    """One title from og:title, <title> and the page's <h1>s: <title> loses the site's
    name (its og:site_name, or an end segment the other titles do not share); an <h1>
    the other titles agree with wins, being the page's own words without suffix; an <h1>
    that is only the site's name (a blog's masthead) never does."""

    def clean(t: str | None) -> str | None:
        t = " ".join((t or "").split())
        return t or None

    og, title, site = clean(og), clean(title), clean(site)
    heads = [h for h in (clean(h) for h in h1s) if h]

    def norm(t: str) -> str:
        return re.sub(r"\W+", " ", t).strip().lower()

    def split(t: str | None) -> tuple[str | None, list[str]]:
        """The title without the site's name, and the segments taken off."""
        if not t:
            return None, []
        parts = [p for p in _TITLE_SEPARATORS.split(t) if p.strip()]
        if len(parts) < 2:
            return t, []
        keep = [p for p in parts if not (site and norm(p) == norm(site))]
        if len(keep) == len(parts):  # no site name given: drop the shortest end segment
            ends = [parts[0], parts[-1]]
            shortest = min(ends, key=len)
            if len(shortest) * 2 < len(max(parts, key=len)):
                keep = parts[1:] if shortest is parts[0] else parts[:-1]
        dropped = [p for p in parts if p not in keep]
        for sep in (" | ", " - ", " – ", " — ", ": ", " · "):
            joined = sep.join(keep)
            if joined in t:
                return joined, dropped
        return max(keep, key=len), dropped

    stripped, dropped = split(og) if og else split(title)
    names = {norm(n) for n in [site or "", *dropped, *split(title)[1]] if n}
    heads = [h for h in heads if norm(h) not in names]  # the masthead is no headline
    others = [norm(t) for t in (og, title) if t]
    heads = [h for h in heads if len(h) >= 8]
    for h1 in heads:
        if not others or any(norm(h1) in o or (o and o in norm(h1)) for o in others):
            return h1
    # the titles disagree: the headline the reader sees, over one written for search
    # engines (bench/page_eval.py: the page's own structured headline sides with it)
    return heads[0] if heads and not og else stripped or (heads[0] if heads else None)


def page_title(html: str) -> str | None:
    """The reconciled title of an HTML page (see reconcile_title)."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    metas = _metas(tree)
    return _reconciled(tree, metas, _json_ld(tree))


_HOME = re.compile(r"^(?:https?://[^/]+)?/?(?:index\.\w+)?$")


def _masthead(h1: Any) -> bool:
    """An <h1> that is the site's logo or name linking home, not the article's headline."""
    links = h1.xpath(".//a[@href]")
    if links and all(_HOME.match(a.get("href").strip()) for a in links):
        return True
    return not _text(h1) and bool(h1.xpath(".//img"))


def _reconciled(tree: Any, metas: dict[str, str], items: list[dict[str, Any]]) -> str | None:
    og = _first(metas, "og:title", "twitter:title") or next(
        (str(i["headline"]) for i in items if isinstance(i.get("headline"), str)), None
    )
    h1s = [t for el in tree.iterfind(".//h1") if not _masthead(el) and (t := _text(el))][:10]
    return reconcile_title(
        og, _text(tree.find(".//title")), h1s, _first(metas, "og:site_name", "application-name")
    )


def page_date(page: str | Any, url: str | None = None) -> str | None:
    """The publication date (YYYY-MM-DD) of a page, its HTML or an lxml tree (left
    unchanged), by htmldate: structured data and meta first, then <time>, visible dates
    and the URL; the original date, not a later update. Measured in bench/page_eval.py."""
    from htmldate import find_date

    try:
        # the quick look (meta, structured data, URL) first: the extensive search of the
        # text costs 30-90 ms a page and is needed only where those say nothing
        return find_date(page, original_date=True, url=url, extensive_search=False) or find_date(
            page, original_date=True, url=url
        )
    except Exception:  # htmldate raises assorted errors on malformed markup
        return None


def page_info(html: str, status: int | None, base_url: str | None = None) -> PageInfo:
    """Metadata, main text and classification, from one lxml parse of the page."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        tree = lxml.html.document_fromstring("<html><body></body></html>")
    metas = _metas(tree)
    items = _json_ld(tree)
    title = _reconciled(tree, metas, items)
    canonical = next(
        (
            link.get("href")
            for link in tree.iter("link")
            if "canonical" in (link.get("rel") or "").lower().split() and link.get("href")
        ),
        None,
    )
    published = page_date(tree, base_url)
    lang = tree.get("lang") or _first(metas, "og:locale")
    author = _first(metas, "author", "article:author", "parsely-author") or _ld_author(items)
    h1 = _text(tree.find(".//h1"))
    main = article(
        html, base_url, title=h1 or title, tree=tree
    ).text  # trafilatura may change the tree: last
    classification, reason = classify_page(html, main, title, status)
    return PageInfo(title, author, published, canonical, lang, main, classification, reason)


PAYWALL = re.compile(
    r"subscribe to (?:continue|read)|subscribers only|to continue reading|this article is for subscribers|会員限定|有料会員|購読してお読み|続きを読むには|订阅后|付费阅读|paywall",
    re.I,
)
LOGIN = re.compile(
    r"(?:sign|log) ?in to (?:continue|read|view)|please (?:sign|log) in|ログインしてください|请登录|登录后",
    re.I,
)
CHALLENGE = re.compile(
    r"just a moment\.\.\.|checking your browser|cf-challenge|cf-chl|verify you are (?:a )?human|are you a robot|captcha|ddos protection by|attention required!",
    re.I,
)
NOT_FOUND = re.compile(
    # a bare "404" is no signal (a story can mention the number): it must come with error words
    r"\b404\b\W{0,3}(?:error|not found)|error\W{0,3}404|not found|page (?:does not|doesn't) exist|"
    r"no longer available|ページが見つかりません|お探しのページ|页面不存在|找不到",
    re.I,
)


def classify_page(
    html: str, main: str, title: str | None, status: int | None
) -> tuple[str, str | None]:
    head = (title or "") + " " + main[:2000]
    if CHALLENGE.search(html[:20000]) and len(main) < 2000:
        return "challenge", "a bot check page, not the article"
    if status and status >= 400:
        return "error", f"HTTP {status}"
    if NOT_FOUND.search(title or "") or (len(main) < 600 and NOT_FOUND.search(head)):
        return "soft-404", "the page says it was not found"
    if PAYWALL.search(html) and len(main) < 3000:
        return "paywall", "a teaser behind a subscription wall"
    if LOGIN.search(head) or (
        re.search(r"<input[^>]+type=[\"']?password", html, re.I) and len(main) < 1500
    ):
        return "login", "a sign-in page"
    return "ok", None
