"""The review UI in Datasette (in process, through its ASGI client): a permission matrix
for every stored query and plugin route, the claim page, archived copies, sign-in."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from datasette.app import Datasette
from datasette.plugins import pm

import factcheck.datasette_plugin as plugin
from factcheck.accounts import hash_password, verify_password
from factcheck.bundled import data_path
from factcheck.claim_page import best_passage
from factcheck.db import open_db

from .conftest import dump

METADATA = yaml.safe_load(data_path("metadata.yml").read_text(encoding="utf-8"))
QUERIES = METADATA["databases"]["factcheck"]["queries"]
WRITABLE = sorted(n for n, q in QUERIES.items() if q.get("write"))
READABLE = sorted(n for n, q in QUERIES.items() if not q.get("write"))
ACTORS = {
    "anonymous": None,
    "reviewer": {"id": "alice", "role": "reviewer"},
    "admin": {"id": "root", "role": "admin"},
}


def make_datasette(db: Path) -> Datasette:
    if not any(p is plugin for p in pm.get_plugins()):
        pm.register(plugin, name="factcheck")
    return Datasette([str(db)], metadata=METADATA, settings={"suggest_facets": False})


class Client:
    """Datasette's ASGI client with an actor cookie and the CSRF dance done right."""

    def __init__(self, ds: Datasette, actor: dict[str, Any] | None) -> None:
        self.ds, self.actor = ds, actor
        self.cookies: dict[str, str] = {}
        if actor:
            self.cookies["ds_actor"] = ds.sign({"a": actor}, "actor")

    async def get(self, path: str) -> Any:
        r = await self.ds.client.get(path, cookies=self.cookies)
        if "ds_csrftoken" in r.cookies:
            self.cookies["ds_csrftoken"] = r.cookies["ds_csrftoken"]
        return r

    async def post(self, path: str, data: dict[str, Any], csrf: bool = True) -> Any:
        data = {k: str(v) for k, v in data.items()}
        if csrf:
            page = await self.get(path if not path.startswith("/factcheck/") else path)
            m = re.search(r'name="csrftoken" value="([^"]+)"', page.text)
            if m:
                data["csrftoken"] = m.group(1)
        return await self.ds.client.post(path, data=data, cookies=self.cookies)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def claim_id(db: Path) -> int:
    conn = open_db(db)
    try:
        return int(conn.execute("SELECT id FROM claims WHERE text LIKE '%人食い島%'").fetchone()[0])
    finally:
        conn.close()


def verdict_count(db: Path) -> int:
    conn = open_db(db)
    try:
        return int(conn.execute("SELECT count(*) FROM verdicts").fetchone()[0])
    finally:
        conn.close()


def test_every_writable_query_has_an_allow_block() -> None:
    assert WRITABLE, "no writable queries found"
    for name in WRITABLE:
        allow = QUERIES[name].get("allow")
        assert isinstance(allow, dict) and allow, f"writable query {name} has no allow block"
        assert allow != {"id": ["*"]} or name, name
    assert METADATA.get("allow_sql") == {"id": "*"}, (
        "SQL editing must be off for anonymous visitors"
    )


@pytest.mark.parametrize("who", list(ACTORS))
@pytest.mark.parametrize("query", READABLE)
def test_stored_queries_are_readable_by_everyone(seed_db: Path, who: str, query: str) -> None:
    async def go() -> int:
        ds = make_datasette(seed_db)
        params = "?source=Graham" if query == "claims_by_source" else ""
        return (await Client(ds, ACTORS[who]).get(f"/factcheck/{query}{params}")).status_code

    assert run(go()) == 200


WRITTEN_TABLES = (
    "verdicts",
    "fidelity_verdicts",
    "signoffs",
    "claim_status",
    "claim_assignments",
    "comments",
    "corrections",
)
WRITE_CASES = [
    ("anonymous", False, 403),
    ("anonymous", True, 403),
    ("reviewer", False, 403),  # a cookie but no CSRF token
    ("reviewer", True, 302),
    ("admin", True, 302),
]


@pytest.mark.parametrize("query", WRITABLE)
@pytest.mark.parametrize(
    "who, csrf, status", [pytest.param(*c, id=f"{c[0]}-csrf-{c[1]}") for c in WRITE_CASES]
)
def test_writable_queries_permission_matrix(
    seed_db: Path, query: str, who: str, csrf: bool, status: int
) -> None:
    cid = claim_id(seed_db)
    conn = open_db(seed_db)
    if query == "sign_off":  # something to sign off, written by somebody else
        conn.execute(
            "INSERT INTO verdicts (claim_id, rating, reviewer, as_of) VALUES (?, 'false', 'bob', date('now'))",
            [cid],
        )
    citation = conn.execute("SELECT id FROM citations LIMIT 1").fetchone()[0]
    verdict = conn.execute("SELECT max(id) FROM verdicts").fetchone()[0]
    rows_before = {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in WRITTEN_TABLES
    }
    conn.close()
    data = {
        "record_verdict": {
            "claim_id": cid,
            "rating": "false",
            "note": "n",
            "evidence_url": "",
            "capture_id": "",
            "as_of": "",
        },
        "record_fidelity": {
            "citation_id": citation,
            "fidelity": "mistranslated",
            "note": "",
            "evidence_url": "",
            "capture_id": "",
        },
        "sign_off": {"verdict_id": verdict, "note": ""},
        "set_status": {"claim_id": cid, "status": "in-progress"},
        "assign_claim": {"claim_id": cid, "assignee": "bob"},
        "add_comment": {"claim_id": cid, "body": "Checked the filing"},
    }[query]

    async def go() -> Any:
        ds = make_datasette(seed_db)
        client = Client(ds, ACTORS[who])
        get = await client.get(f"/factcheck/{query}")
        post = await client.post(f"/factcheck/{query}", data, csrf=csrf)
        return get.status_code, post.status_code

    get_status, post_status = run(go())
    assert get_status == (403 if who == "anonymous" else 200)
    assert post_status == status
    conn = open_db(seed_db)
    after = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in rows_before}
    changed = {t for t in after if after[t] != rows_before[t]}
    if status == 302:
        assert len(changed) == 1
        if query == "record_verdict":
            assert (
                conn.execute("SELECT reviewer FROM verdicts ORDER BY id DESC LIMIT 1").fetchone()[0]
                == ACTORS[who]["id"]
            )
    else:
        assert not changed, f"{who} wrote through {query}"


@pytest.mark.parametrize(
    "who, csrf, status, recorded",
    [
        pytest.param("anonymous", False, 403, False, id="anonymous-no-cookie"),
        pytest.param("reviewer", False, 403, False, id="reviewer-no-csrf"),
        pytest.param("reviewer", True, 200, True, id="reviewer"),
        pytest.param("admin", True, 200, True, id="admin"),
    ],
)
def test_claim_page_verdict_form_permissions(
    seed_db: Path, who: str, csrf: bool, status: int, recorded: bool
) -> None:
    cid = claim_id(seed_db)
    before = verdict_count(seed_db)

    async def go() -> Any:
        ds = make_datasette(seed_db)
        client = Client(ds, ACTORS[who])
        page = await client.get(f"/-/factcheck/claim/{cid}")
        post = await client.post(
            f"/-/factcheck/claim/{cid}", {"rating": "mostly-false", "note": "checked"}, csrf=csrf
        )
        return page, post

    page, post = run(go())
    assert page.status_code == 200
    assert ('id="fc-verdict-form"' in page.text) is (who != "anonymous")
    assert post.status_code == status
    assert (verdict_count(seed_db) == before + 1) is recorded
    if recorded:
        assert "Recorded: mostly-false" in post.text and "mostly-false (current)" in post.text


def test_claim_page_shows_paragraph_cue_source_and_rating_dropdown(seed_db: Path) -> None:
    cid = claim_id(seed_db)

    async def go() -> str:
        ds = make_datasette(seed_db)
        return (await Client(ds, ACTORS["reviewer"]).get(f"/-/factcheck/claim/{cid}")).text

    html = run(go())
    assert "<mark>" in html and "人食い島の王になる" in html
    assert "Paul Graham" in html and "と表現した" in html
    assert '<select name="rating"' in html and '<option value="unverifiable">' in html
    # what found the attribution and how sure it is, for a reviewer sorting by doubt
    assert "method <strong>rule</strong>" in html and "confidence <strong>0." in html


@pytest.mark.parametrize("who", ACTORS)
def test_search_page_reads_for_everyone_and_writes_for_no_one(seed_db: Path, who: str) -> None:
    before = dump(seed_db)

    async def go() -> tuple[Any, Any, Any]:
        client = Client(make_datasette(seed_db), ACTORS[who])
        page = await client.get("/-/factcheck/search?q=関係者")
        no_csrf = await client.post("/-/factcheck/search?q=関係者", {"q": "x"}, csrf=False)
        with_csrf = await client.post("/-/factcheck/search?q=関係者", {"q": "x"}, csrf=True)
        return page, no_csrf, with_csrf

    page, no_csrf, with_csrf = run(go())
    assert page.status_code == 200
    # without a cookie there is nothing to forge, so Datasette's CSRF check lets it through
    assert no_csrf.status_code == (405 if who == "anonymous" else 403)
    assert with_csrf.status_code == 405
    assert dump(seed_db) == before


def test_search_page_marks_words_counts_and_links_claims(seed_db: Path) -> None:
    conn = open_db(seed_db)
    want = conn.execute("SELECT count(*) FROM claims WHERE text LIKE '%関係者%'").fetchone()[0]
    ids = [r[0] for r in conn.execute("SELECT id FROM claims WHERE text LIKE '%関係者%'")]
    conn.close()

    async def go() -> tuple[str, str, str]:
        client = Client(make_datasette(seed_db), None)
        found = (await client.get("/-/factcheck/search?q=関係者")).text
        narrowed = (await client.get("/-/factcheck/search?q=関係者&kind=event")).text
        hostile = (await client.get("/-/factcheck/search?q=<script>alert(1)</script>")).text
        return found, narrowed, hostile

    found, narrowed, hostile = run(go())
    assert f"<strong>{want}</strong> claim" in found
    assert found.count("<mark>関係者</mark>") == want
    assert all(f'href="/-/factcheck/claim/{i}"' in found for i in ids)
    assert 'href="?q=%E9%96%A2%E4%BF%82%E8%80%85&amp;kind=event"' in found  # a kind facet
    assert "kind <strong>event</strong>" in narrowed
    assert "<script>alert(1)" not in hostile and "&lt;script&gt;alert(1)" in hostile


@pytest.mark.parametrize(
    "args",
    [
        "q=関係者&page=abc",
        "q=関係者&page=0",
        "q=関係者&page=" + "9" * 5000,
        "q=関係者&page=²",
        "q=%00%00%00",
        'q=" OR "a" NEAR(',
        "q=関係者&kind=x%27%3B+DROP+TABLE+claims--",
        "q=関係者&verdict=none",
        "kind=event",
        "q=" + "長い" * 300,
    ],
)
def test_search_page_answers_odd_input(seed_db: Path, args: str) -> None:
    async def go() -> Any:
        return await Client(make_datasette(seed_db), None).get("/-/factcheck/search?" + args)

    r = run(go())
    assert r.status_code == 200, r.text[:300]


def test_unknown_claim_and_capture_are_404(seed_db: Path) -> None:
    async def go() -> tuple[int, int]:
        ds = make_datasette(seed_db)
        c = Client(ds, None)
        return (await c.get("/-/factcheck/claim/999999")).status_code, (
            await c.get("/-/factcheck/archive/999999")
        ).status_code

    assert run(go()) == (404, 404)


def test_sql_editing_is_off_for_anonymous(seed_db: Path) -> None:
    async def go() -> tuple[int, int]:
        ds = make_datasette(seed_db)
        anon = await Client(ds, None).get("/factcheck.json?sql=select+1")
        alice = await Client(ds, ACTORS["reviewer"]).get("/factcheck.json?sql=select+1")
        return anon.status_code, alice.status_code

    assert run(go()) == (403, 200)


def test_password_sign_in(seed_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_REVIEWERS", f"alice:reviewer:{hash_password('correct horse')}")

    async def go() -> tuple[Any, Any]:
        ds = make_datasette(seed_db)
        c = Client(ds, None)
        wrong = await c.post(
            "/-/factcheck/login", {"username": "alice", "password": "nope", "next": "/"}
        )
        right = await c.post(
            "/-/factcheck/login", {"username": "alice", "password": "correct horse", "next": "/"}
        )
        return wrong, right

    wrong, right = run(go())
    assert wrong.status_code == 403 and "ds_actor" not in wrong.cookies
    assert right.status_code == 302 and "ds_actor" in right.cookies


def test_one_time_sign_in_link(seed_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_LOGIN_TOKEN", "t0ken-for-this-test")
    monkeypatch.setenv("FACTCHECK_LOGIN_ACTOR", "solo")

    async def go() -> tuple[Any, Any, Any]:
        ds = make_datasette(seed_db)
        c = Client(ds, None)
        bad = await c.get("/-/factcheck/login?token=guess")
        first = await c.get("/-/factcheck/login?token=t0ken-for-this-test")
        again = await c.get("/-/factcheck/login?token=t0ken-for-this-test")
        return bad, first, again

    bad, first, again = run(go())
    assert bad.status_code == 403 and first.status_code == 302 and again.status_code == 403
    assert "ds_actor" in first.cookies


def test_passwords_are_salted_pbkdf2() -> None:
    a, b = hash_password("pw"), hash_password("pw")
    assert (
        a != b
        and a.startswith("pbkdf2_sha256$")
        and verify_password("pw", a)
        and not verify_password("px", a)
    )


def test_best_passage_matches_across_languages() -> None:
    text = "Unrelated intro about markets.\nOpenAI's board said it removed Sam Altman as chief executive.\nFooter."
    found = best_passage("The board removed Sam Altman as chief executive", text)
    assert found and found[0].startswith("OpenAI's board")
    assert (
        best_passage(
            "事情に詳しい関係者によると合併を協議",
            "天気予報\n関係者によると、両社は合併を協議している。",
        )
        is not None
    )


@pytest.mark.parametrize(
    "url, link",
    [
        pytest.param("https://example.org/a?b#c", True, id="https"),
        pytest.param("HTTP://EXAMPLE.ORG/", True, id="upper-case-http"),
        pytest.param("javascript:alert(1)", False, id="javascript"),
        pytest.param("JavaScript:alert(1)", False, id="javascript-mixed-case"),
        pytest.param(" javascript:alert(1)", False, id="javascript-leading-space"),
        pytest.param("data:text/html,<script>", False, id="data"),
        pytest.param("vbscript:x", False, id="vbscript"),
        pytest.param("http://", False, id="no-host"),
        pytest.param("http://exa mple.org/", False, id="space"),
        pytest.param("http://example.org/\nx", False, id="newline"),
        pytest.param("http://[::1/", False, id="broken-ipv6"),
        pytest.param("//example.org/", False, id="scheme-relative"),
        pytest.param(None, False, id="none"),
    ],
)
def test_only_http_urls_become_links(url: str | None, link: bool) -> None:
    from factcheck.links import web_url

    assert web_url(url) == (url if link else None)


@pytest.mark.parametrize(
    "target, kept",
    [
        pytest.param("/-/factcheck/claim/3?x=1", True, id="path"),
        pytest.param("/", True, id="root"),
        pytest.param("https://evil.example/", False, id="absolute"),
        pytest.param("//evil.example/", False, id="scheme-relative"),
        pytest.param("/\\evil.example/", False, id="backslash"),
        pytest.param("javascript:alert(1)", False, id="javascript"),
        pytest.param("/\t/evil.example", False, id="tab"),
        pytest.param("", False, id="empty"),
    ],
)
def test_redirects_stay_on_the_site(target: str, kept: bool) -> None:
    from factcheck.links import same_origin_path

    assert same_origin_path(target) == (target if kept else "/")


def test_lists_show_sources_as_links_and_document_titles(seed_db: Path) -> None:
    async def go() -> tuple[str, str]:
        client = Client(make_datasette(seed_db), None)
        search = (await client.get("/-/factcheck/search?q=人食い島")).text
        table = (await client.get("/factcheck/claim_list?_search=人食い島")).text
        return search, table

    search, table = run(go())
    link = 'href="/factcheck/claim_list?sources__arraycontains=Paul%20Graham">Paul Graham</a>'
    assert link in search
    assert 'sources__arraycontains=Paul+Graham">Paul Graham</a>' in table
    assert '["Paul Graham"]' not in table  # no JSON strings
    conn = open_db(seed_db)
    title = conn.execute("SELECT title FROM documents WHERE id = 1").fetchone()[0]
    conn.close()
    assert title and title in search and title in table
    assert "<th" in table and 'data-column="start"' not in table  # offsets stay in claims
