"""Finding the URL of a cited work that the text names only by its title.

For every reference-list work with a title and no URL, candidates come from:

- the Wayback Machine CDX API over the outlet's registry domains (or its registry
  `archive_prefixes`, such as theinformation.com/articles/), matched on URL slugs;
- the outlet's sitemaps and feeds listed in the registry, matched on their titles;
- an optional search backend given by URL: a SearXNG instance's JSON API, queried with
  the title (and its English form) limited to the outlet's domains.

Titles in any script are compared through what they name: the registry finds the people,
organisations and outlets in a title whatever script it is written in (アルトマン, 奥特曼
and Altman are one person), and those names, with the title's own Latin words and CJK
character pairs, are matched against a candidate's slug or title. Each candidate gets a
score in [0, 1] and its evidence (which names and words matched, and where it came from),
and is stored as a suggestion in `url_candidates`. Nothing is captured until a reviewer
confirms one (`factcheck link confirm url:ID`): then it becomes the work's URL and is
queued for `fetch`.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import sqlite_utils
from lxml import etree

from factcheck.db import write_transaction
from factcheck.errors import InvalidValue, NotFound
from factcheck.fetch import Decoder, Fetcher, FetchResult, Policy, TooLarge
from factcheck.pending import enqueue
from factcheck.sources import Entry, Registry
from factcheck.timestamps import utc_now

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "by",
        "with",
        "from",
        "as",
        "its",
        "it",
        "this",
        "that",
        "after",
        "over",
        "into",
        "new",
        "one",
        "how",
        "why",
        "what",
        "who",
        "says",
        "said",
        "amid",
        "than",
        "about",
        "up",
        "out",
    ]
)
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9']+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")
NETWORK_FAILURES = ("dns", "refused", "reset", "timeout", "tls", "policy")


@dataclass(frozen=True)
class Settings:
    cdx_base: str = "https://web.archive.org"
    searx_url: str | None = None  # e.g. http://127.0.0.1:8888 (a SearXNG instance)
    cdx_limit: int = 5000
    title_lookups: int = 10  # archived copies read per outlet for URLs without a slug
    keep: int = 5  # candidates kept per work
    min_score: float = 0.2
    sitemaps_per_index: int = 20  # the newest sitemaps (by lastmod) read from an index


@dataclass
class Candidate:
    url: str
    title: str | None
    method: str  # cdx | sitemap | feed | searxng
    timestamp: str | None = None  # a CDX row's capture time: its archived copy's address
    position: int | None = None  # a search engine's rank for it (0 = first)
    score: float = 0.0
    evidence: list[str] = field(default_factory=list)


@dataclass
class Wanted:
    """A work to find: its titles (original and translated) and its outlet."""

    work_id: int
    source_id: int | None
    titles: list[str]
    outlet: Entry | None


@dataclass
class Resolved:
    wanted: Wanted
    candidates: list[Candidate]
    ids: list[int] = field(default_factory=list)


@dataclass
class Report:
    resolved: list[Resolved] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)  # services that did not answer
    problems: list[str] = field(default_factory=list)  # sitemaps and feeds not read, and why

    @property
    def offline(self) -> bool:
        return bool(self.unreachable) and not any(r.candidates for r in self.resolved)


# -- matching ------------------------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    names: frozenset[str]  # registry entries named
    words: frozenset[str]  # Latin words, lower-case, no stopwords
    pairs: frozenset[str]  # CJK character pairs

    @property
    def empty(self) -> bool:
        return not (self.names or self.words or self.pairs)


def terms(text: str, registry: Registry, outlet: Entry | None = None) -> Terms:
    names = {m.entry.name for m in registry.find(text)}
    if outlet is not None:
        names.discard(outlet.name)  # the outlet names itself in every title it prints
    words = {w.lower().strip("'") for w in _LATIN.findall(text)} - STOPWORDS
    pairs = {run[i : i + 2] for run in _CJK.findall(text) for i in range(len(run) - 1)}
    return Terms(frozenset(names), frozenset(words), frozenset(pairs))


def slug_text(url: str) -> str:
    """The words of a URL's path: /articles/microsoft-hires-altman → microsoft hires altman."""
    path = unquote(urlsplit(url).path)
    path = re.sub(r"\.(?:s?html?|php|aspx?)$", "", path)
    # capitalised, so that the registry, which matches names as written, finds them
    words = (p for p in re.split(r"[/\-_.+]+", path) if p and not p.isdigit())
    return " ".join(w.capitalize() for w in words)


def score(wanted: list[Terms], found: Terms) -> tuple[float, list[str]]:
    """How well a candidate's terms cover the best-matching title's: names count most
    (they survive translation), then words and CJK pairs."""
    best, evidence = 0.0, []
    for title in wanted:
        parts, why = [], []
        if title.names:
            hit = title.names & found.names
            parts.append((0.6, len(hit) / len(title.names)))
            if hit:
                why.append("names: " + ", ".join(sorted(hit)))
        if title.words:
            hit = title.words & found.words
            parts.append((0.3, len(hit) / len(title.words)))
            if hit:
                why.append("words: " + ", ".join(sorted(hit)))
        if title.pairs and found.pairs:  # CJK against CJK only: a slug has none
            hit = title.pairs & found.pairs
            parts.append((0.3, len(hit) / len(title.pairs)))
            if hit:
                why.append(f"CJK pairs: {len(hit)} of {len(title.pairs)}")
        if not parts:
            continue
        weight = sum(w for w, _ in parts)
        value = sum(w * v for w, v in parts) / weight
        if value > best:
            best, evidence = value, why
    return round(best, 3), evidence


# -- what to resolve ------------------------------------------------------------------


def wanted(db: sqlite_utils.Database, registry: Registry, document: int | None) -> list[Wanted]:
    """Works with a title and no URL (optionally of one document), with their outlet."""
    where = "AND r.document_id = ?" if document else ""
    rows = db.execute(
        "SELECT w.id, w.source_id, w.title, w.title_translated, s.name FROM works w"
        " JOIN reference_entries r ON r.id = w.reference_id"
        " LEFT JOIN sources s ON s.id = w.source_id"
        f" WHERE w.url IS NULL AND w.title != '' {where} ORDER BY w.id",
        [document] if document else [],
    ).fetchall()
    by_name = {e.name: e for e in registry.entries}
    out = []
    for work_id, source_id, title, translated, name in rows:
        titles = [t for t in (title, translated) if t]
        out.append(Wanted(work_id, source_id, titles, by_name.get(name) if name else None))
    return out


# -- the services ---------------------------------------------------------------------


class Services:
    """The look-ups, all through one polite, safe Fetcher; a service that does not
    answer is noted once, not retried for every work."""

    def __init__(self, fetcher: Fetcher, settings: Settings) -> None:
        self.fetcher, self.settings = fetcher, settings
        self.unreachable: list[str] = []
        self.problems: list[str] = []
        self._cache: dict[str, asyncio.Task[FetchResult]] = {}

    async def get(self, url: str, what: str | None = None) -> FetchResult | None:
        """The answer if it is a 200; a failure other than the network's is noted in
        `problems` when `what` names the look-up (a feed that is not there, too large)."""
        if url not in self._cache:
            self._cache[url] = asyncio.ensure_future(self.fetcher.fetch(url, robots=False))
        result = await self._cache[url]
        if result.outcome in NETWORK_FAILURES:
            host = urlsplit(url).netloc
            note = f"{host}: {result.error}"
            if not any(u.startswith(host + ":") for u in self.unreachable):
                self.unreachable.append(note)
            return None
        if result.outcome != "ok" and what:
            self.note(f"{what} {url}: {result.error or result.outcome}")
        return result if result.outcome == "ok" else None

    def note(self, problem: str) -> None:
        if problem not in self.problems:  # several works read the same listing
            self.problems.append(problem)

    async def cdx(self, prefix: str) -> list[Candidate]:
        base = self.settings.cdx_base.rstrip("/")
        url = (
            f"{base}/cdx/search/cdx?url={quote(prefix, safe='/*.:')}&output=json"
            f"&fl=original,timestamp,statuscode,mimetype&filter=statuscode:200"
            f"&collapse=urlkey&limit={self.settings.cdx_limit}"
        )
        result = await self.get(url)
        if result is None:
            return []
        try:
            rows = json.loads(result.body or b"[]")
        except ValueError:
            return []
        if not isinstance(rows, list) or not rows:
            return []
        header, *data = rows
        try:
            at, ts = header.index("original"), header.index("timestamp")
        except (ValueError, AttributeError):
            return []
        seen, out = set(), []
        for row in data:
            if not isinstance(row, list) or len(row) <= max(at, ts):
                continue
            original = str(row[at])
            key = original.split("?")[0].rstrip("/").lower().replace("://www.", "://")
            if key not in seen:
                seen.add(key)
                out.append(Candidate(original, None, "cdx", timestamp=str(row[ts])))
        return out

    async def archived_title(self, cand: Candidate) -> str | None:
        """The <title> of a CDX candidate's archived copy (its own bytes: the id_ form)."""
        base = self.settings.cdx_base.rstrip("/")
        result = await self.get(f"{base}/web/{cand.timestamp}id_/{cand.url}")
        if result is None:
            return None
        from factcheck.charset import decode_html
        from factcheck.pages import page_title

        # the original URL names the site (its host), as the memento's would not
        return page_title(decode_html(result.body, result.header("content-type")).text, cand.url)

    async def listing(self, url: str, method: str, depth: int = 0) -> list[Candidate]:
        """A sitemap (urlset, with news:title where present; a sitemap index, whose
        newest sitemaps are read in turn; either gzipped) or an RSS/Atom feed. What cannot
        be read is noted in `problems`, one line each."""
        result = await self.get(url, what=method)
        if result is None:
            return []
        try:
            root = parse_listing(result.body, result.header("content-type"), self.fetcher)
        except ListingError as e:
            self.note(f"{method} {url}: {e}")
            return []
        tag = _local(root.tag)
        if tag == "sitemapindex":
            if depth:
                self.note(f"{method} {url}: a sitemap index inside one, not followed")
                return []
            children = sorted(
                (
                    (_child_text(s, "lastmod") or "", loc)
                    for s in root
                    if _local(s.tag) == "sitemap" and (loc := _child_text(s, "loc"))
                ),
                reverse=True,
            )[: self.settings.sitemaps_per_index]
            batches = await asyncio.gather(
                *(self.listing(loc, method, depth + 1) for _, loc in children)
            )
            return [c for batch in batches for c in batch]
        out = []
        for el in root.iter():
            tag = _local(el.tag)
            if tag == "url":  # sitemap
                loc = _child_text(el, "loc")
                news = next((c for c in el if _local(c.tag) == "news"), None)
                if loc:
                    title = _title(news) if news is not None else None
                    out.append(Candidate(loc, title, method))
            elif tag in ("item", "entry"):  # RSS 2.0 and 1.0, Atom
                link = _child_text(el, "link") or _atom_link(el)
                if link:
                    out.append(Candidate(link, _title(el), method))
        return out

    async def searx(self, query: str) -> list[Candidate]:
        if not self.settings.searx_url:
            return []
        url = f"{self.settings.searx_url.rstrip('/')}/search?q={quote(query)}&format=json"
        result = await self.get(url)
        if result is None:
            return []
        try:
            results = json.loads(result.body).get("results") or []
        except (ValueError, AttributeError):
            return []
        hits = [r for r in results if isinstance(r, dict) and isinstance(r.get("url"), str)]
        return [
            Candidate(str(r["url"]), str(r.get("title") or "") or None, "searxng", position=i)
            for i, r in enumerate(hits)
        ]


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(el: Any, name: str) -> str | None:
    """The text of el's first child element called `name` (any namespace)."""
    for child in el:
        if _local(child.tag) == name and (child.text or "").strip():
            return str(child.text).strip()
    return None


def _title(el: Any) -> str | None:
    """A feed item's title as a reader sees it: RSS titles are often HTML, escaped inside
    CDATA (WordPress writes OpenAI&#8217;s), Atom's type="html" likewise."""
    text = _child_text(el, "title")
    if text is None:
        return None
    return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(text)).split()) or None


def _atom_link(entry: Any) -> str | None:
    """An Atom entry's page: its rel="alternate" link (the default rel), not self or replies."""
    for link in entry:
        if _local(link.tag) == "link" and link.get("rel", "alternate") == "alternate":
            href = (link.get("href") or "").strip()
            if href:
                return href
    return None


class ListingError(Exception):
    """A sitemap or feed that cannot be read (one line: why)."""


LISTING_ROOTS = {"urlset", "sitemapindex", "rss", "feed", "RDF"}
# XML with no entities resolved, no network, no DTD: a hostile feed cannot expand or fetch
_XML = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
)


def parse_listing(body: bytes, content_type: str | None, fetcher: Fetcher) -> Any:
    """The root element of a sitemap or feed body (gzipped or not), or ListingError."""
    mime = (content_type or "").split(";")[0].strip().lower() or "no content type"
    if body[:2] == b"\x1f\x8b":  # a sitemap.xml.gz: gzip as the file's format, not a transfer
        decoder = Decoder("gzip", fetcher.policy.max_bytes)
        try:
            decoder.feed(body)
        except TooLarge as e:
            raise ListingError(f"gzipped, {e}") from None
        except zlib.error as e:
            raise ListingError(f"not valid gzip ({e})") from None
        body = bytes(decoder.out)
    if not body.strip():
        raise ListingError(f"empty ({mime})")
    try:
        root = etree.fromstring(body, _XML)
    except etree.XMLSyntaxError as e:
        raise ListingError(f"not XML ({mime}): {' '.join(str(e).split())[:200]}") from None
    if _local(root.tag) not in LISTING_ROOTS:
        raise ListingError(f"not a sitemap or feed ({mime}, root element <{_local(root.tag)}>)")
    return root


def _on(url: str, domains: Iterable[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


async def candidates_for(item: Wanted, services: Services, registry: Registry) -> list[Candidate]:
    outlet = item.outlet
    domains = list(outlet.domains) if outlet else []
    found: list[Candidate] = []
    lookups = []
    if outlet is not None:
        prefixes = list(outlet.archive_prefixes) or [f"{d}/*" for d in domains]
        lookups += [services.cdx(p if p.endswith("*") else p + "*") for p in prefixes]
        lookups += [services.listing(u, "sitemap") for u in outlet.sitemaps]
        lookups += [services.listing(u, "feed") for u in outlet.feeds]
    site = " ".join(f"site:{d}" for d in domains[:1])
    lookups += [services.searx(f"{t} {site}".strip()) for t in item.titles]
    for batch in await asyncio.gather(*lookups):
        found += batch
    slugless = [c for c in found if c.method == "cdx" and terms(slug_text(c.url), registry).empty]
    slugless = sorted(slugless, key=lambda c: c.timestamp or "", reverse=True)
    titles = await asyncio.gather(
        *(services.archived_title(c) for c in slugless[: services.settings.title_lookups])
    )
    for cand, title in zip(slugless, titles, strict=False):
        cand.title = title
    want = [terms(t, registry, outlet) for t in item.titles]
    want = [w for w in want if not w.empty]
    best: dict[str, Candidate] = {}
    for cand in found:
        if domains and not _on(cand.url, domains):
            continue  # a search hit elsewhere is not the outlet's article
        text = cand.title or slug_text(cand.url)
        value, why = score(want, terms(text, registry, outlet))
        if cand.position is not None and cand.position < 10:
            # the engine matched the query, in any language: its rank is evidence too
            value = round(0.8 * value + 0.2 * (1 - cand.position / 10), 3)
            why.append(f"search rank {cand.position + 1}")
        if cand.title is None:
            why = [f"URL slug '{slug_text(cand.url)}'", *why]
        else:
            where = "archived title" if cand.method == "cdx" else "title"
            why = [f"{where} '{cand.title}'", *why]
        cand.score, cand.evidence = value, [f"from {cand.method}", *why]
        if domains:
            cand.evidence.append(f"on the outlet's domain ({outlet.name if outlet else ''})")
        key = cand.url.split("#")[0]
        if key not in best or best[key].score < value:
            best[key] = cand
    ranked = sorted(best.values(), key=lambda c: (-c.score, c.method != "cdx", c.url))
    return [c for c in ranked if c.score >= services.settings.min_score][: services.settings.keep]


async def _resolve(
    items: list[Wanted], registry: Registry, settings: Settings, policy: Policy
) -> Report:
    async with Fetcher(policy) as fetcher:
        services = Services(fetcher, settings)
        batches = await asyncio.gather(*(candidates_for(i, services, registry) for i in items))
    report = Report([Resolved(i, c) for i, c in zip(items, batches, strict=True)])
    report.unreachable = services.unreachable
    report.problems = services.problems
    return report


def resolve(
    db: sqlite_utils.Database,
    registry: Registry,
    settings: Settings = Settings(),
    policy: Policy | None = None,
    document: int | None = None,
) -> Report:
    """Propose URLs for the works that have a title and no URL; store the candidates as
    suggestions (replacing earlier unreviewed ones); capture nothing."""
    items = wanted(db, registry, document)
    report = asyncio.run(_resolve(items, registry, settings, policy or Policy(attempts=2)))
    now = utc_now()
    with write_transaction(db):
        for r in report.resolved:
            db.execute(
                "DELETE FROM url_candidates WHERE work_id = ? AND status = 'suggested'",
                [r.wanted.work_id],
            )
            for rank, c in enumerate(r.candidates, 1):
                cursor = db.execute(
                    "INSERT INTO url_candidates (work_id, source_id, url, title, method, score,"
                    " rank, evidence, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'suggested', ?)"
                    " ON CONFLICT (work_id, url) DO UPDATE SET score = excluded.score,"
                    " rank = excluded.rank, evidence = excluded.evidence",
                    [
                        r.wanted.work_id,
                        r.wanted.source_id,
                        c.url,
                        c.title,
                        c.method,
                        c.score,
                        rank,
                        json.dumps(c.evidence, ensure_ascii=False),
                        now,
                    ],
                )
                r.ids.append(int(cursor.lastrowid or 0))
    return report


def review_candidate(db: sqlite_utils.Database, candidate_id: int, confirm: bool) -> dict[str, Any]:
    """A reviewer's decision: a confirmed candidate becomes its work's URL and is queued
    for capture; the work's other suggestions are rejected with it."""
    row = db.execute(
        "SELECT work_id, source_id, url, status FROM url_candidates WHERE id = ?", [candidate_id]
    ).fetchone()
    if row is None:
        raise NotFound(f"no URL candidate {candidate_id}")
    work_id, source_id, url, status = row
    if status != "suggested":
        raise InvalidValue(f"URL candidate {candidate_id} is already {status}")
    with write_transaction(db):
        db.execute(
            "UPDATE url_candidates SET status = ?, reviewed_at = ? WHERE id = ?",
            [
                "confirmed" if confirm else "rejected",
                utc_now(),
                candidate_id,
            ],
        )
        if confirm:
            db.execute("UPDATE works SET url = ? WHERE id = ?", [url, work_id])
            db.execute(
                "UPDATE url_candidates SET status = 'rejected' WHERE work_id = ? AND id != ?"
                " AND status = 'suggested'",
                [work_id, candidate_id],
            )
            enqueue(db, url, source_id)
    return {"candidate": candidate_id, "url": url, "status": "confirmed" if confirm else "rejected"}
