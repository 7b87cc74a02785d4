"""What a captured page says: its metadata, its main text, and what kind of page it is
(its text in the right charset is factcheck/charset.py's work; httpx's `.text` is never
used for HTML).

Classification: ok, paywall (a teaser with a subscription wall), login, challenge (a bot
check), soft-404 (a 200 that says "not found"), not-html, error.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

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
    """Every <meta> by property, name or itemprop (first wins), in one pass; an attribute
    may name several properties, space-separated (RDFa: property="dc:title og:title")."""
    out: dict[str, str] = {}
    for tag in tree.iter("meta"):
        content = (tag.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            for key in (tag.get(attr) or "").lower().split():
                out.setdefault(key, content)
    return out


def _first(metas: dict[str, str], *names: str) -> str | None:
    return next((metas[n.lower()] for n in names if n.lower() in metas), None)


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, @graph members included, in document order."""
    items: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                items.append(item)
                stack[:0] = item.get("@graph") or []
            elif isinstance(item, list):
                stack[:0] = item
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


# between a headline and the site's or section's name: a bar, dash, colon, bullet or
# slash with spaces round it, a full-width bar, or an underscore touching CJK text
_TITLE_SEPARATORS = re.compile(
    r"(\s+(?:[|\-–—·:»/~]|::)\s+|\s*[｜|]\s*|\s*(?:(?<=[^\x00-\x7f])_|_(?=[^\x00-\x7f]))\s*)"
)
_LONGEST_TITLE = 300  # characters: past this a "title" is a description or a text


def _clean(text: str | None) -> str | None:
    return " ".join(html.unescape(text or "").split()) or None


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def _key(text: str) -> str:
    """A site's name as compared: "The Hill", "TheHill" and "thehill.com" are one."""
    key = re.sub(r"\W+", "", text).casefold()
    return key.removeprefix("the") or key


# the second-level labels of country domains (co.uk, com.au, ne.jp, gob.mx)
_SLD = {"ac", "co", "com", "edu", "go", "gob", "gov", "ne", "net", "or", "org"}


def _site_keys(sites: Iterable[str | None], url: str | None) -> set[str]:
    keys: set[str] = set()
    names = [s for s in sites if s]
    host = (urlsplit(url).hostname or "") if url else ""
    if host and not re.fullmatch(r"[\d.]+|.*:.*", host):  # a name, not an IP address
        names.append(host)
    for name in names:
        keys.add(_key(name))
        # a domain (the URL's host, og:site_name "Factorio.com") without its suffix
        # ("blog.givewell.org" is GiveWell, "thesun.co.uk" The Sun)
        labels = name.strip().lower().split(".")
        if len(labels) > 1 and " " not in name.strip():
            second_level = len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in _SLD
            keys.add(_key(labels[-3] if second_level else labels[-2]))
    return {k for k in keys if len(k) > 1}


def _segments(text: str) -> list[str]:
    """Segments and the separators between them: [segment, separator, segment, ...]."""
    return _TITLE_SEPARATORS.split(text)


def _without_site(text: str, keys: set[str]) -> str:
    """The title less the end segments that are the site's name."""
    parts = _segments(text)
    while len(parts) > 2 and _key(parts[0]) in keys:
        parts = parts[2:]
    while len(parts) > 2 and _key(parts[-1]) in keys:
        parts = parts[:-2]
    return "".join(parts).strip()


def _runs(text: str) -> list[str]:
    """Every run of contiguous segments of a title, the whole first."""
    parts = _segments(text)
    segs = len(parts) // 2 + 1
    out = []
    for n in range(segs, 0, -1):
        for i in range(segs - n + 1):
            out.append("".join(parts[2 * i : 2 * (i + n) - 1]).strip())
    return out


def _title_without_site(title: str, keys: set[str], hints: list[str]) -> tuple[str, list[str]]:
    """<title> without the site's name, and the segments taken off: its known name (og:
    site_name, the URL's host), else the run of segments another title of the page says
    (an <h1>, og:title), else the shortest end segment when it is under half the longest."""
    stripped = _without_site(title, keys)
    parts = _segments(stripped)
    if len(parts) > 1 and stripped == title:
        wanted = {_norm(h) for h in hints}
        run = next((r for r in _runs(title)[1:] if _norm(r) in wanted), None)
        if run:
            stripped = run
        else:
            segs = parts[::2]
            first, last = segs[0], segs[-1]
            if min(len(first), len(last)) * 2 < max(len(s) for s in segs):
                stripped = "".join(parts[2:] if len(first) < len(last) else parts[:-2]).strip()
    dropped = [s for s in _segments(title)[::2] if _norm(s) not in _norm(stripped)]
    return stripped, dropped


def _agree(h1: str, title: str) -> bool:
    """An <h1> and a title say the same: one holds the other (a headline in a <title>
    with a section's name; a <title> cut short), the held one at least half the other."""
    a, b = _norm(h1), _norm(title)
    short, long = sorted((a, b), key=len)
    return bool(short) and short in long and len(short) * 2 >= len(long)


def reconcile_title(
    declared: list[str | None],
    title: str | None,
    h1s: list[str],
    sites: Iterable[str | None] = (),
    url: str | None = None,
) -> str | None:
    """One title for a page. `declared` are the publisher's structured headlines, best
    first (JSON-LD headline, og:title, twitter:title, dc:title, ...); `h1s` the page's
    <h1>s, those in its article or main element first; `sites` the names it gives itself
    (og:site_name, application-name, JSON-LD WebSite name).

    The first sane declared headline wins, less the site's name ("| BBC News"): sane is
    not empty, not only the site's name, not absurdly long; one that a visible title
    begins with and carries on (a headline cut short for search engines) gives way to
    it. With none, the reader's view: an <h1> that agrees with the <title> (less the
    site's name) wins, being the page's own words (a section prefix is kept only when the
    <h1> has it); when they disagree, the <h1>, unless it is a few words (a section's
    name, "Health Center") beside a longer <title>. An <h1> that is the site's name (a
    blog's masthead) is never the title."""
    raw = _clean(title)
    # a name the <title> is in full is no site's name (an application-name that repeats
    # the headline): only a home page is titled by its site's name alone
    keys = _site_keys(sites, url) - {_key(raw or "")}
    heads = [h for h in (_clean(h) for h in h1s) if h and _key(h) not in keys]
    hints = heads + [c for c in (_clean(d) for d in declared) if c]
    page, dropped = _title_without_site(raw, keys, hints) if raw else (None, [])
    keys |= {_key(d) for d in dropped}
    heads = [h for h in heads if _key(h) not in keys and len(h) >= 8]  # no masthead, "Menu"
    for candidate in declared:
        text = _clean(candidate)
        if not text:
            continue
        text = _without_site(text, keys)
        if _key(text) in keys or not _key(text) or len(text) > _LONGEST_TITLE:
            continue
        longer = next(
            (
                v
                for v in heads
                if len(v) > len(text)
                and _norm(v).startswith(_norm(text) + " ")
                and len(text) * 3 >= len(v) * 2
            ),
            None,
        )
        return longer or text
    for h1 in heads:
        if page is None or _agree(h1, page) or (raw and _agree(h1, raw)):
            return h1
    if heads and page and len(heads[0].split()) <= 3 < len(page.split()):
        return page  # a section's name over the article
    return heads[0] if heads else page


def page_title(html: str, url: str | None = None) -> str | None:
    """The reconciled title of an HTML page (see reconcile_title); `url`, where known,
    gives the site's name by its host."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    return _reconciled(tree, _metas(tree), _json_ld(tree), url)


_HOME = re.compile(r"^(?:https?://[^/]+)?/?(?:index\.\w+)?$")
_MAIN = "ancestor-or-self::*[self::article or self::main or @role='main' or @itemprop='headline']"
_DECLARED = (
    "og:title",
    "twitter:title",
    "dc:title",
    "dcterms:title",
    "dc.title",
    "dcterms.title",
    "parsely-title",
    "sailthru.title",
)
_SITE_TYPES = {"website", "organization", "newsmediaorganization", "corporation"}


def _masthead(h1: Any) -> bool:
    """An <h1> that is the site's logo or name linking home, not the article's headline."""
    links = h1.xpath(".//a[@href]")
    if links and all(_HOME.match(a.get("href").strip()) for a in links):
        return True
    return not _text(h1) and bool(h1.xpath(".//img"))


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    return {str(k).lower() for k in (kind if isinstance(kind, list) else [kind]) if k}


def _ld_headline(items: list[dict[str, Any]], visible: list[str]) -> str | None:
    """The first JSON-LD headline; where its item's name differs, the one of the two a
    visible title (<title>, an <h1>) agrees with (Wikipedia's headline is a description,
    "Wikimedia list article", its name the article's)."""
    item = next((i for i in items if isinstance(i.get("headline"), str)), None)
    if item is None:
        return None
    headline, name = str(item["headline"]), item.get("name")
    if isinstance(name, str) and _norm(name) != _norm(headline):
        seen = [v for v in visible if v]

        def agreed(text: str) -> bool:
            return any(_agree(text, v) for v in seen)

        if agreed(name) and not agreed(headline):
            return name
    return headline


def _reconciled(
    tree: Any, metas: dict[str, str], items: list[dict[str, Any]], url: str | None = None
) -> str | None:
    title = _text(tree.find(".//title"))
    declared: list[str | None] = [
        _ld_headline(items, [title or "", *(_text(el) or "" for el in tree.iterfind(".//h1"))]),
        *(_first(metas, name) for name in _DECLARED),
    ]
    sites = [
        _first(metas, "og:site_name"),
        _first(metas, "application-name"),
        _first(metas, "apple-mobile-web-app-title"),
        *(
            str(i["name"])
            for i in items
            if _types(i) & _SITE_TYPES and isinstance(i.get("name"), str)
        ),
    ]
    h1s = [el for el in tree.iterfind(".//h1") if not _masthead(el)]
    h1s.sort(key=lambda el: not el.xpath(_MAIN))  # the article's own first
    heads = [t for el in h1s[:10] if (t := _text(el))]
    return reconcile_title(declared, title, heads, sites, url)


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
    title = _reconciled(tree, metas, items, base_url)
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
