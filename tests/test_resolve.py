"""`factcheck resolve` on the bundled article against a local server speaking the CDX and
SearXNG JSON formats (fixture bodies in tests/data/resolve/): the right outlet domain and
a ranked candidate for every reference that names a title; confirming one captures it."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck.db import open_db
from factcheck.fetch import Fetcher, Policy
from factcheck.resolve import (
    Candidate,
    Services,
    Settings,
    Wanted,
    candidates_for,
    score,
    slug_text,
    terms,
)
from factcheck.sources import Entry, Registry

from .conftest import ROOT
from .resolve_server import serve

BIN = Path(sys.executable).parent
EXPECTED = {  # work title → (domain, the candidate that must rank first)
    "Understanding OpenAI Ownership Architecture in One Article: Striking the Perfect Balance"
    " Between Mission and Business Ambition": (
        "new.qq.com",
        "https://new.qq.com/rain/a/20231118A05ZKX00",
    ),
    "アルトマンの権力への道": ("latepost.com", "https://www.latepost.com/news/dj_detail?id=1938"),
    "Microsoft、OpenAIに逆襲、アルトマン氏とブロックマン氏を採用": (
        "theinformation.com",
        "http://www.theinformation.com/articles/microsoft-hires-sam-altman-and-greg-brockman-in-blow-to-openai",
    ),
    "エメット・シア氏がOpenAIの暫定CEOに就任、アルトマン氏の交渉が決裂": (
        "theinformation.com",
        "http://www.theinformation.com/articles/emmett-shear-named-openai-interim-ceo-as-altman-talks-collapse",
    ),
}


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "factcheck"), *args, "--db", str(db)], capture_output=True, text=True, cwd=ROOT
    )


def test_resolve_proposes_a_ranked_candidate_per_reference_and_confirming_captures_it(
    seed_db: Path,
) -> None:
    with serve() as server:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        done = run(
            seed_db, "resolve", "--cdx-base", base, "--searx", base, "--allow-private", "--json"
        )
        assert done.returncode == 0, done.stderr
        works = json.loads(done.stdout)
        assert {w["titles"][0] for w in works} == set(EXPECTED)
        for w in works:
            domain, first = EXPECTED[w["titles"][0]]
            assert domain in w["domains"]
            ranked = w["candidates"]
            assert ranked and ranked[0]["url"] == first, (w["titles"][0], ranked)
            assert ranked[0]["title"] or "URL slug" in ranked[0]["evidence"][1]
            assert [c["score"] for c in ranked] == sorted(
                (c["score"] for c in ranked), reverse=True
            )
        # nothing is captured, nor queued, before a reviewer confirms
        conn = open_db(seed_db)
        assert conn.execute("SELECT count(*) FROM captures").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM capture_queue").fetchone()[0] == 0
        conn.close()
        pick = next(w for w in works if "ブロックマン" in w["titles"][0])["candidates"][0]
        confirmed = run(seed_db, "link", "confirm", f"url:{pick['id']}")
        assert confirmed.returncode == 0 and "confirmed" in confirmed.stdout, confirmed.stderr
        again = run(seed_db, "link", "confirm", f"url:{pick['id']}")
        assert again.returncode == 1 and again.stderr.startswith("Error: ")
        fetched = run(
            seed_db,
            "fetch",
            "--allow-private",
            "--delay",
            "0",
            "--no-wayback",
            "--connect-to",
            f"www.theinformation.com:80:127.0.0.1:{server.server_address[1]}",
        )
        assert fetched.returncode == 0, fetched.stdout + fetched.stderr
        conn = open_db(seed_db)
        rows = conn.execute("SELECT url, classification FROM captures").fetchall()
        assert rows == [(pick["url"], "ok")]
        work = conn.execute("SELECT url FROM works WHERE url IS NOT NULL").fetchall()
        assert work == [(pick["url"],)]


def test_resolve_offline_says_so_in_one_line(seed_db: Path) -> None:
    # a closed port stands for a Wayback Machine out of reach
    done = run(seed_db, "resolve", "--cdx-base", "http://127.0.0.1:9", "--allow-private")
    assert done.returncode == 1
    assert "unreachable: 127.0.0.1:9" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "title, candidate, better_than",
    [
        pytest.param(
            "アルトマン氏とブロックマン氏を採用",
            slug_text("https://x.com/articles/microsoft-hires-sam-altman-and-greg-brockman"),
            slug_text("https://x.com/articles/sam-altman-speaks"),
            id="katakana-names-match-an-english-slug",
        ),
        pytest.param(
            "アルトマンの権力への道",
            "奥特曼的权力之路",
            "英伟达发布新芯片",
            id="japanese-title-matches-chinese-title",
        ),
    ],
)
def test_titles_match_across_scripts(
    registry: Registry, title: str, candidate: str, better_than: str
) -> None:
    want = [terms(title, registry)]
    assert score(want, terms(candidate, registry))[0] > score(want, terms(better_than, registry))[0]


# -- feeds and sitemaps ---------------------------------------------------------------

NEWS = "https://news.example.com/2023/"
LISTINGS = [
    pytest.param(
        "rss.xml",
        [
            (
                NEWS + "11/20/microsoft-hires-sam-altman/",
                "Microsoft hires Sam Altman and Greg Brockman after OpenAI\u2019s board ousts them",
            ),
            (
                NEWS + "11/19/emmett-shear-interim-ceo/",
                "Emmett Shear named OpenAI interim CEO & Altman talks collapse",
            ),
        ],
        None,
        id="rss2-wordpress",
    ),
    pytest.param(
        "atom.xml",
        [
            (
                "https://tech.example.jp/articles/2023/11/22/altman-returns",
                "アルトマン氏がOpenAIのCEOに復帰へ",
            ),
            (
                "https://tech.example.jp/articles/2023/11/20/microsoft-hires",
                "マイクロソフト、アルトマン氏とブロックマン氏を採用",
            ),
        ],
        None,
        id="atom-alternate-not-replies",
    ),
    pytest.param(
        "rdf.xml",
        [("https://blog.example.jp/entry/openai-board", "OpenAI取締役会、アルトマン氏を解任")],
        None,
        id="rss1-rdf-in-euc-jp",
    ),
    pytest.param(
        "sitemap-news.xml",
        [
            (
                NEWS + "11/20/microsoft-hires-sam-altman/",
                "Microsoft hires Sam Altman and Greg Brockman",
            ),
            (NEWS + "11/19/emmett-shear-interim-ceo/", None),
        ],
        None,
        id="news-sitemap-title-not-image-title",
    ),
    pytest.param(
        "sitemap-index.xml",
        [
            (NEWS + "11/20/microsoft-hires-sam-altman/", None),
            (NEWS + "11/22/altman-returns-as-ceo/", None),
            (NEWS + "10/02/openai-devday-date/", None),
        ],
        None,
        id="sitemap-index-newest-first-with-a-gzipped-child",
    ),
    pytest.param(
        "post-sitemap2.xml.gz",
        [
            (NEWS + "11/20/microsoft-hires-sam-altman/", None),
            (NEWS + "11/22/altman-returns-as-ceo/", None),
        ],
        None,
        id="gzipped-sitemap",
    ),
    pytest.param("entities.xml", [], "not XML (text/xml): ", id="entity-expansion-bomb"),
    pytest.param("nested-index.xml", [], "a sitemap index inside one", id="nested-index"),
    pytest.param("malformed.xml", [], "not XML (text/xml): ", id="malformed-xml"),
    pytest.param("homepage.html", [], "(text/html", id="html-page-at-the-feed-url"),
    pytest.param("huge.xml", [], "body over 500,000 bytes", id="huge"),
    pytest.param("bad.xml.gz", [], "not valid gzip", id="gzip-magic-then-garbage"),
    pytest.param("empty.xml", [], "empty (text/xml)", id="empty"),
    pytest.param("missing.xml", [], "HTTP 404", id="not-there"),
]


def read_listing(base: str, name: str) -> tuple[list[tuple[str, str | None]], list[str]]:
    policy = Policy(allow_private=True, delay=0, attempts=1, deadline=10, max_bytes=500_000)

    async def go() -> tuple[list[Candidate], list[str]]:
        async with Fetcher(policy) as fetcher:
            services = Services(fetcher, Settings())
            found = await services.listing(f"{base}/listings/{name}", "feed")
            return found, services.problems

    found, problems = asyncio.run(go())
    return [(c.url, c.title) for c in found], problems


@pytest.fixture(scope="module")
def listings_base() -> Iterator[str]:
    with serve() as server:
        yield f"http://127.0.0.1:{server.server_address[1]}"


@pytest.mark.parametrize("name, expected, problem", LISTINGS)
def test_feeds_and_sitemaps(
    listings_base: str, name: str, expected: list[tuple[str, str | None]], problem: str | None
) -> None:
    found, problems = read_listing(listings_base, name)
    assert found == expected
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0], problems
        assert problems[0].startswith("feed http://127.0.0.1:") and "\n" not in problems[0]


def test_a_feed_candidate_is_ranked_and_a_broken_listing_is_skipped_in_one_line(
    registry: Registry, listings_base: str
) -> None:
    base = f"{listings_base}/listings"
    outlet = Entry(
        name="Example Tech News",
        kind="outlet",
        domains=("news.example.com",),
        archive_prefixes=(),
        feeds=(f"{base}/rss.xml", f"{base}/malformed.xml"),
        sitemaps=(f"{base}/sitemap-index.xml",),
    )
    item = Wanted(1, None, ["Microsoft hires Altman and Brockman"], outlet)
    settings = Settings(cdx_base=listings_base)

    async def go() -> tuple[list[Candidate], list[str]]:
        async with Fetcher(Policy(allow_private=True, delay=0, attempts=1)) as fetcher:
            services = Services(fetcher, settings)
            return await candidates_for(item, services, registry), services.problems

    ranked, problems = asyncio.run(go())
    assert ranked[0].url == NEWS + "11/20/microsoft-hires-sam-altman/"
    assert ranked[0].method == "feed" and "from feed" in ranked[0].evidence
    assert len(problems) == 1 and problems[0].startswith(f"feed {base}/malformed.xml: not XML")
