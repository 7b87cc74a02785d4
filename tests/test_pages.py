"""Main text, metadata and charset of captured pages: floors on realistic layouts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.charset import decode_html
from factcheck.html import article
from factcheck.pages import page_info

PAGES = Path(__file__).resolve().parent / "data" / "pages"
GOLD = json.loads((PAGES / "pages.gold.json").read_text(encoding="utf-8"))["pages"]


@pytest.mark.parametrize("name", sorted(GOLD))
def test_main_text_keeps_the_article_and_drops_the_rest(name: str) -> None:
    g = GOLD[name]
    decoded = decode_html((PAGES / name).read_bytes(), None)
    assert decoded.replacements == 0, decoded.codec
    info = page_info(decoded.text, 200)
    kept = sum(k in info.text for k in g["key"]) / len(g["key"])
    leaked = sum(b in info.text for b in g["boilerplate"]) / len(g["boilerplate"])
    assert kept >= 0.9 and leaked <= 0.1, (kept, leaked, info.text)
    assert info.title == g["title"]
    assert info.classification == "ok"


def test_links_keep_their_offsets_through_main_text_extraction() -> None:
    html = (PAGES / "wire-article.html").read_text(encoding="utf-8")
    page = article(
        html.replace(
            "people familiar with the matter",
            '<a href="https://example.org/x">people familiar with the matter</a>',
        )
    )
    assert any(link.href == "https://example.org/x" for link in page.links)
    for link in page.links:
        assert page.text[link.start : link.end] == link.text


@pytest.mark.parametrize(
    "title, text, expected",
    [
        pytest.param(
            "Story 404",
            "Page 404 of the annual report lists 404 employees.",
            "ok",
            id="number-404-is-not-an-error",
        ),
        pytest.param("404 Not Found", "Nothing here.", "soft-404", id="title-404-not-found"),
        pytest.param(
            "Example News", "Error 404: this page does not exist.", "soft-404", id="error-404-text"
        ),
        pytest.param("お探しのページは見つかりません", "トップへ戻る", "soft-404", id="japanese"),
    ],
)
def test_soft_404(title: str, text: str, expected: str) -> None:
    from factcheck.pages import classify_page

    assert (
        classify_page(f"<html><title>{title}</title><p>{text}</p></html>", text, title, 200)[0]
        == expected
    )


@pytest.mark.parametrize(
    "head, body, title",
    [
        pytest.param(
            "<title>Board ousts chief - Example News</title>",
            "<h1>Board ousts chief</h1>",
            "Board ousts chief",
            id="h1-agrees-with-title",
        ),
        pytest.param(
            "<title>September open thread - The Giving Blog</title>",
            '<h1><a href="/">The Giving Blog</a></h1><h1>September open thread</h1>',
            "September open thread",
            id="masthead-h1-linking-home-is-skipped",
        ),
        pytest.param(
            "<title>Quanta Magazine</title>",
            "<h1>Cells That Taste Danger Set Off Immune Responses</h1>",
            "Cells That Taste Danger Set Off Immune Responses",
            id="title-is-only-the-site-name",
        ),
        pytest.param(
            "<title>Wild Rose star wrote the song of the year | IndieWire</title>",
            "<h1>The Wild Story of How She Wrote the Best Song of the Year</h1>",
            "The Wild Story of How She Wrote the Best Song of the Year",
            id="disagreeing-titles-the-visible-headline-wins",
        ),
        pytest.param(
            '<meta property="og:title" content="Sweden drops Assange case | BBC News">'
            '<meta property="og:site_name" content="BBC News"><title>x - BBC News</title>',
            "<h1>Menu</h1>",
            "Sweden drops Assange case",
            id="og-title-without-the-site-name",
        ),
    ],
)
def test_reconciled_title(head: str, body: str, title: str) -> None:
    from factcheck.pages import page_title

    assert page_title(f"<html><head>{head}</head><body>{body}<p>text</p></body></html>") == title
