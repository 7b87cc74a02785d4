"""The review UI and the HTML report in a real browser: Playwright driving Debian's
Chromium against `factcheck serve`'s Datasette on 127.0.0.1. With CI set, a missing
Chromium fails these tests instead of skipping them. Screenshots: test-artifacts/."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from factcheck.accounts import hash_password
from factcheck.archive import Archive, archive_dir
from factcheck.bundled import data_path
from factcheck.captures import Capturer, Options, Target
from factcheck.db import open_db
from factcheck.fetch import Policy
from factcheck.ingest import ingest
from factcheck.report import write_report
from factcheck.sources import Registry

from .conftest import DATA, ROOT, SEED
from .hostile_server import serve
from .serving import factcheck_serve
from .test_review_hardening import store_hostile_links

CHROMIUM = Path(os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def need_browser() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed (pip install '.[test]')")
        pytest.skip("playwright is not installed")
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}: .ci/run installs Debian's chromium")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    return sync_playwright


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A database with the seed article, a hostile document and a hostile archived page,
    served by `factcheck serve` on a free port."""
    sync_playwright = need_browser()
    tmp = tmp_path_factory.mktemp("browser")
    db_path = tmp / "factcheck.db"
    db = open_db(db_path)
    registry = Registry.load(data_path("sources.yml"))
    ingest(db, SEED, registry)
    ingest(db, DATA / "hostile.en.txt", registry)
    ingest(db, DATA / "html" / "hostile-links.en.html", registry)
    store_hostile_links(db.conn)
    with serve() as hostile:
        url = hostile.base + "/xss"
        source = db.execute("SELECT id FROM sources WHERE name = 'The Information'").fetchone()[0]
        policy = Policy(allowed_addresses=frozenset({hostile.address}), delay=0)
        row = (
            Capturer(db, Archive(db, archive_dir(db_path)), policy, Options(wayback=False))
            .run([Target(url, source)])
            .captures[0]
        )
    db.close()
    env = {"FACTCHECK_REVIEWERS": f"alice:reviewer:{hash_password('correct horse battery')}"}
    with factcheck_serve(db_path, env) as base:
        ARTIFACTS.mkdir(exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            try:
                yield {"base": base, "db": db_path, "browser": browser, "capture": row["id"]}
            finally:
                browser.close()


def new_page(site: dict[str, Any]) -> Any:
    page = site["browser"].new_page(viewport={"width": 1100, "height": 900})
    page.on("dialog", lambda d: (_ for _ in ()).throw(AssertionError(f"a script ran: {d.message}")))
    return page


def verdicts(db: Path) -> list[tuple[int, str, str]]:
    conn = open_db(db)
    try:
        return [
            tuple(r)
            for r in conn.execute("SELECT claim_id, rating, reviewer FROM verdicts ORDER BY id")
        ]
    finally:
        conn.close()


def test_reviewer_walk_through(site: dict[str, Any]) -> None:
    page = new_page(site)
    base = site["base"]
    page.goto(base + "/-/factcheck/login")
    page.fill("#fc-username", "alice")
    page.fill("#fc-password", "correct horse battery")
    page.click("#fc-login")
    page.wait_for_load_state()
    page.screenshot(path=str(ARTIFACTS / "01-signed-in.png"))
    # search a claim in Japanese from the claims table's search box
    page.goto(base + "/factcheck/claim_list")
    page.fill("input[name=_search]", "人食い島")
    page.press("input[name=_search]", "Enter")
    page.wait_for_load_state()
    assert "人食い島の王になる" in page.content()
    page.screenshot(path=str(ARTIFACTS / "02-search.png"), full_page=True)
    # the same from the review search page (the menu's "Search claims")
    page.goto(base + "/-/factcheck/search")
    page.fill("#fc-q", "人食い島")
    page.press("#fc-q", "Enter")
    page.wait_for_selector("#fc-results mark")
    assert page.inner_text("#fc-results mark") == "人食い島"
    assert "1 claim matches 人食い島." in page.inner_text("#fc-total")
    page.screenshot(path=str(ARTIFACTS / "02b-review-search.png"), full_page=True)
    page.goto(base + "/factcheck/claim_list?_search=人食い島")
    page.click("td.col-id a")
    page.wait_for_selector("#fc-claim mark")
    assert "Paul Graham" in page.inner_text("body")
    page.select_option("#fc-rating", "mostly-true")
    page.fill("#fc-note", "Graham wrote this in 2008")
    page.click("#fc-submit")
    page.wait_for_selector("#fc-history")
    assert "Recorded: mostly-true" in page.inner_text("#fc-message")
    assert "mostly-true (current)" in page.inner_text("#fc-history")
    assert "alice" in page.inner_text("#fc-history")
    page.screenshot(path=str(ARTIFACTS / "03-verdict-recorded.png"), full_page=True)
    claim_url = page.url
    recorded = verdicts(site["db"])
    assert recorded[-1][1:] == ("mostly-true", "alice")
    # sign out with Datasette's own log-out button
    page.goto(base + "/-/logout")
    page.locator("form[action='/-/logout'] [type=submit], form[action='/-/logout'] button").locator(
        "visible=true"
    ).first.click()
    page.wait_for_load_state()
    page.goto(claim_url)
    assert page.locator("#fc-verdict-form").count() == 0
    status = page.evaluate(
        """async () => (await fetch(location.pathname, {method: 'POST',
             headers: {'content-type': 'application/x-www-form-urlencoded'}, body: 'rating=false'})).status"""
    )
    assert status == 403
    page.screenshot(path=str(ARTIFACTS / "04-anonymous.png"), full_page=True)
    assert verdicts(site["db"]) == recorded  # the anonymous attempt wrote nothing


def test_hostile_claim_text_stays_inert(site: dict[str, Any]) -> None:
    page = new_page(site)
    page.goto(
        site["base"] + "/factcheck/claim_list?_search=hostile+OR+board&text__contains=%3Cscript%3E"
    )
    page.goto(site["base"] + "/factcheck/claims?text__contains=window.__xss")
    assert "<script>window.__xss=1" in page.inner_text("body")
    claim = page.locator("td.col-id a").first.inner_text()
    page.goto(f"{site['base']}/-/factcheck/claim/{claim}")
    assert page.evaluate("window.__xss") is None
    assert "window.__xss" in page.inner_text("#fc-claim")
    page.screenshot(path=str(ARTIFACTS / "05-hostile-claim.png"), full_page=True)
    # and on the review search page, where the matched words are marked up
    page.goto(site["base"] + "/-/factcheck/search?q=window.__xss")
    assert "<script>window.__xss=1" in page.inner_text("#fc-results")
    page.goto(site["base"] + "/-/factcheck/search?q=%3Cimg+src%3Dx+onerror%3Dwindow.__xss%3D2%3E")
    assert page.evaluate("window.__xss") is None
    assert "<img src=x onerror" in page.inner_text("#fc-total")
    assert page.locator("main img, .content img").count() == 0


def test_archived_page_scripts_never_run(site: dict[str, Any]) -> None:
    page = new_page(site)
    response = page.goto(f"{site['base']}/-/factcheck/archive/{site['capture']}?view=html")
    assert response is not None and response.headers["content-security-policy"] == "sandbox"
    assert "set-cookie" not in response.headers
    assert "The board met on Friday" in page.inner_text("body")
    assert page.evaluate("window.__xss") is None
    page.screenshot(path=str(ARTIFACTS / "06-archived-copy.png"), full_page=True)
    text = page.goto(f"{site['base']}/-/factcheck/archive/{site['capture']}")
    assert text is not None and text.headers["content-type"].startswith("text/plain")


def test_html_report_renders_charts_and_stays_inert(site: dict[str, Any], tmp_path: Path) -> None:
    db = open_db(site["db"])
    hostile = db.execute("SELECT id FROM claims WHERE text LIKE '%window.__xss=1%'").fetchone()[0]
    from factcheck.verdicts import record_verdict

    record_verdict(
        db, hostile, "false", reviewer="bob", note="<img src=x onerror=alert(9)> no such meeting"
    )
    out = tmp_path / "report.html"
    with out.open("w", encoding="utf-8") as f:
        write_report(db, "html", f)
    db.close()
    page = new_page(site)
    page.goto(out.as_uri())
    assert page.locator("svg").count() >= 3
    assert page.evaluate("window.__xss") is None
    assert "<img src=x onerror=alert(9)>" in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "07-html-report.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "08-html-report-phone.png"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the report scrolls sideways on a phone ({width}px)"


def test_sign_in_from_a_hostile_link_stays_on_the_site(site: dict[str, Any]) -> None:
    page = new_page(site)
    base = site["base"]
    for target in ("//evil.example/", "/\\evil.example/", "javascript:window.__xss=5"):
        page.context.clear_cookies()
        page.goto(f"{base}/-/factcheck/login?next={quote(target)}")
        page.fill("#fc-username", "alice")
        page.fill("#fc-password", "correct horse battery")
        page.click("#fc-login")
        page.wait_for_load_state()
        assert page.url == base + "/", (target, page.url)
        assert page.evaluate("window.__xss") is None


def test_javascript_and_data_links_stay_text(site: dict[str, Any]) -> None:
    conn = open_db(site["db"])
    claims = [
        r[0]
        for r in conn.execute(
            "SELECT claim_id FROM citations WHERE url LIKE 'JavaScript:%' OR url LIKE 'data:%'"
        )
    ]
    conn.close()
    assert len(claims) == 2
    page = new_page(site)
    for claim in claims:
        page.goto(f"{site['base']}/-/factcheck/claim/{claim}")
        hostile = page.locator("a[href^='javascript' i], a[href^='data:' i]")
        assert hostile.count() == 0
        assert "Cited page:" in page.inner_text("body")
        for link in page.locator("main a, .content a, section a").all():
            href = link.get_attribute("href") or ""
            assert href.startswith(("/", "http://", "https://", "#", "?")), href
    page.screenshot(path=str(ARTIFACTS / "09-hostile-links.png"), full_page=True)
    assert page.evaluate("window.__xss") is None


def claim_where(db: Path, words: str) -> int:
    conn = open_db(db)
    try:
        return int(
            conn.execute(
                "SELECT id FROM claims WHERE instr(text, ?) > 0 AND retired IS NULL", [words]
            ).fetchone()[0]
        )
    finally:
        conn.close()


def markdown_report(db: Path) -> str:
    import io

    from factcheck.report.markdown import write_markdown

    conn = open_db(db)
    out = io.StringIO()
    write_markdown(conn, out)
    conn.close()
    return out.getvalue()


def test_reviewer_corrects_a_source_and_works_the_claim_through(site: dict[str, Any]) -> None:
    """Sign in, replace a wrong source picked with type-ahead, see the claim page and the
    Markdown report change and the history beside the extraction; assign the claim,
    comment, move it to done; a hostile new source name and comment stay inert."""
    page = new_page(site)
    base, db = site["base"], site["db"]
    claim = claim_where(db, "OpenAIへの依存を減らす")
    line = next(ln for ln in markdown_report(db).splitlines() if "OpenAIへの依存を減らす" in ln)

    def first_source() -> str:  # the first source line after the claim in the report
        rest = markdown_report(db).split(line, 1)[1]
        m = re.search(r"- Source: \*\*(.+?)\*\*", rest)
        return m.group(1) if m else ""

    assert first_source() == "The Information"
    page.goto(f"{base}/-/factcheck/login?next=/-/factcheck/claim/{claim}")
    page.fill("#fc-username", "alice")
    page.fill("#fc-password", "correct horse battery")
    page.click("#fc-login")
    page.wait_for_selector("#fc-claim mark")
    assert page.url == f"{base}/-/factcheck/claim/{claim}"
    # replace The Information with Reuters, found by typing part of its name
    box = page.locator(".fc-source[data-source='The Information']")
    box.locator("summary").click()
    field = box.locator("input[name=source]")
    field.press_sequentially("Reut", delay=30)
    page.wait_for_function(
        "[...document.querySelectorAll('#fc-source-names option')].some(o => o.value === 'Reuters')"
    )
    field.fill("Reuters")
    page.screenshot(path=str(ARTIFACTS / "10-type-ahead.png"), full_page=True)
    box.locator("button", has_text="Replace").click()
    page.wait_for_selector("#fc-message")
    assert page.inner_text("#fc-message") == "Source replaced."
    assert page.locator(".fc-source-name").all_inner_texts() == ["Reuters"]
    assert "The Information" in page.inner_text("#fc-extraction")  # the extraction stays
    history = page.inner_text("#fc-corrections")
    assert "remove-source The Information" in history and "add-source Reuters" in history
    assert "alice" in history
    page.screenshot(path=str(ARTIFACTS / "11-corrected.png"), full_page=True)
    assert first_source() == "Reuters"
    # a hostile new source and a hostile comment are shown as text
    page.fill("#fc-add-source-name", "<img src=x onerror=window.__xss=11>")
    page.select_option("#fc-add-source-kind", "outlet")
    page.click("#fc-add-source-submit")
    page.wait_for_selector("#fc-message")
    assert page.inner_text("#fc-message") == "Source added."
    assert (
        "<img src=x onerror=window.__xss=11>" in page.locator(".fc-source-name").all_inner_texts()
    )
    # assign, comment, done
    page.fill("#fc-assignee-input", "alice")
    page.click("#fc-assign-submit")
    page.wait_for_selector("#fc-assignee")
    page.goto(f"{base}/-/factcheck/queue")
    assert f"/-/factcheck/claim/{claim}" in page.content()
    page.screenshot(path=str(ARTIFACTS / "12-my-queue.png"), full_page=True)
    page.goto(f"{base}/-/factcheck/claim/{claim}")
    page.fill("#fc-comment", "<script>window.__xss=12</script> The Reuters story says so.")
    page.click("#fc-comment-submit")
    page.wait_for_selector(".fc-comment")
    assert "<script>window.__xss=12</script>" in page.inner_text("#fc-thread")
    page.select_option("#fc-status-select", "done")
    page.click("#fc-status-submit")
    page.wait_for_selector("#fc-message")
    assert page.inner_text("#fc-status") == "done"
    thread = page.inner_text("#fc-thread")
    assert "alice assigned it to alice" in thread and "set the status to done" in thread
    assert page.evaluate("window.__xss") is None
    assert page.locator("main img, .content img").count() == 0
    page.screenshot(path=str(ARTIFACTS / "13-done.png"), full_page=True)
    page.goto(f"{base}/-/factcheck/queue")
    assert f"/-/factcheck/claim/{claim}" not in page.content()  # done: off the queue
    assert page.evaluate("window.__xss") is None
