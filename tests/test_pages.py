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


LONG = "Senate passes the budget bill after a night of votes " * 7  # 371 characters


@pytest.mark.parametrize(
    "head, body, title, url",
    [
        pytest.param(
            "<title>Board ousts chief - Example News</title>",
            "<h1>Board ousts chief</h1>",
            "Board ousts chief",
            None,
            id="h1-agrees-with-title",
        ),
        pytest.param(
            "<title>September open thread - The Giving Blog</title>",
            '<h1><a href="/">The Giving Blog</a></h1><h1>September open thread</h1>',
            "September open thread",
            None,
            id="masthead-h1-linking-home-is-skipped",
        ),
        pytest.param(
            "<title>Quanta Magazine</title>",
            "<h1>Cells That Taste Danger Set Off Immune Responses</h1>",
            "Cells That Taste Danger Set Off Immune Responses",
            None,
            id="title-is-only-the-site-name",
        ),
        pytest.param(
            "<title>Wild Rose star wrote the song of the year | IndieWire</title>",
            "<h1>The Wild Story of How She Wrote the Best Song of the Year</h1>",
            "The Wild Story of How She Wrote the Best Song of the Year",
            None,
            id="disagreeing-titles-the-visible-headline-wins",
        ),
        pytest.param(
            '<meta property="og:title" content="Sweden drops Assange case | BBC News">'
            '<meta property="og:site_name" content="BBC News"><title>x - BBC News</title>',
            "<h1>Menu</h1>",
            "Sweden drops Assange case",
            None,
            id="og-title-without-the-site-name",
        ),
        pytest.param(
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
            '"Disney+ glitches blamed on heavy demand"}</script>'
            '<meta property="og:title" content="\'We had some issues,\' exec says">'
            "<title>Disney+ glitches blamed on heavy demand - Example Times</title>",
            "<h1>'We had some issues,' exec says</h1>",
            "Disney+ glitches blamed on heavy demand",
            None,
            id="json-ld-headline-before-og-title-and-h1",
        ),
        pytest.param(
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
            '"Governor doubles down on campaign | TheHill"}</script>'
            '<meta property="og:site_name" content="TheHill">',
            "",
            "Governor doubles down on campaign",
            None,
            id="json-ld-headline-without-the-site-name",
        ),
        pytest.param(
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
            '"Chelsea sign Kepa for &#163;71.6m &#8211; report"}</script>',
            "",
            "Chelsea sign Kepa for £71.6m – report",
            None,
            id="json-ld-headline-unescaped",
        ),
        pytest.param(
            '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "headline": '
            '"Senate passes the budget bill"}, {"@type": "NewsArticle", "headline": '
            '"Most read: markets rally on jobs data"}]}</script>',
            "",
            "Senate passes the budget bill",
            None,
            id="json-ld-first-in-document-order",
        ),
        pytest.param(
            '<script type="application/ld+json">{"@type": "Article", "headline": '
            '"Wikimedia list article", "name": "List of films featuring time loops"}</script>'
            "<title>List of films featuring time loops - Wikipedia</title>",
            "",
            "List of films featuring time loops",
            None,
            id="json-ld-name-where-only-it-agrees-with-the-title",
        ),
        pytest.param(
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
            '"Hunter diagnosed with plague after eating a rabbit, the third in"}</script>',
            "<h1>Hunter diagnosed with plague after eating a rabbit, the third in Beijing</h1>",
            "Hunter diagnosed with plague after eating a rabbit, the third in Beijing",
            None,
            id="structured-headline-cut-short-gives-way-to-the-h1",
        ),
        pytest.param(
            '<meta property="og:title" content="Yahoo News - Latest News">'
            '<meta name="application-name" content="Yahoo News - Latest News">'
            "<title>Space ship breaks up over Siberia</title>",
            "<h1>Space ship breaks up over Siberia</h1>",
            "Space ship breaks up over Siberia",
            None,
            id="og-title-that-is-the-site-name-is-skipped",
        ),
        pytest.param(
            f'<meta property="og:title" content="{LONG}"><title>Budget passes</title>',
            "",
            "Budget passes",
            None,
            id="absurdly-long-og-title-is-skipped",
        ),
        pytest.param(
            '<meta property="og:title" content="Nintendo\'s first iPhone game launches">'
            '<meta name="application-name" content="Nintendo\'s first iPhone game launches">'
            '<meta property="og:site_name" content="MSN">'
            "<title>Nintendo's first iPhone game launches</title>",
            "<h1>msn home news</h1>",
            "Nintendo's first iPhone game launches",
            None,
            id="an-application-name-that-is-the-title-is-no-site-name",
        ),
        pytest.param(
            '<meta property="og:title" content="Firefox — Customize it — The most flexible '
            'browser on the Web"><meta property="og:site_name" content="Mozilla">',
            "",
            "Firefox — Customize it — The most flexible browser on the Web",
            None,
            id="og-title-kept-whole-when-the-site-name-is-not-in-it",
        ),
        pytest.param(
            '<meta property="x:title dc:title" content="My title"><title>Title Element</title>',
            "",
            "My title",
            None,
            id="space-separated-meta-properties",
        ),
        pytest.param(
            '<script type="application/ld+json">{"@type": "WebSite", "name": '
            '"Example Outdoors Journal"}</script><meta property="og:title" '
            'content="Hiking the Flat Irons | Example Outdoors Journal">',
            "",
            "Hiking the Flat Irons",
            None,
            id="site-name-from-json-ld-website",
        ),
        pytest.param(
            "<title>Budget passes – Daily Example Courier</title>",
            "",
            "Budget passes",
            "https://www.dailyexamplecourier.co.uk/news/budget",
            id="site-name-from-the-url-host",
        ),
        pytest.param(
            "<title>Example News</title>",
            "<aside><h1>Most read: Markets rally on jobs data</h1></aside>"
            "<article><h1>Senate passes the budget bill</h1></article>",
            "Senate passes the budget bill",
            None,
            id="h1-in-the-article-before-a-sidebar-one",
        ),
        pytest.param(
            "<title>Brexit: Senate passes the budget bill - Example News</title>",
            "<h1>Senate passes the budget bill</h1>",
            "Senate passes the budget bill",
            None,
            id="section-prefix-dropped-when-the-h1-lacks-it",
        ),
        pytest.param(
            "<title>Senate passes the budget bill - Example News</title>",
            "<h1>Brexit: Senate passes the budget bill</h1>",
            "Brexit: Senate passes the budget bill",
            None,
            id="section-prefix-kept-when-the-h1-has-it",
        ),
        pytest.param(
            "<title>Babies who eat peanuts early may avoid allergy</title>",
            "<h1>Allergies Health Center</h1>",
            "Babies who eat peanuts early may avoid allergy",
            None,
            id="section-name-h1-gives-way-to-a-longer-title",
        ),
    ],
)
def test_reconciled_title(head: str, body: str, title: str, url: str | None) -> None:
    from factcheck.pages import page_title

    page = f"<html><head>{head}</head><body>{body}<p>text</p></body></html>"
    assert page_title(page, url) == title
