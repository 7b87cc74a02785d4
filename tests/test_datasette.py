"""Datasette on a real database file with metadata.yml and the factcheck plugin, in
process through its ASGI client, and once over a socket through `factcheck serve`."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from datasette.app import Datasette
from datasette.plugins import pm

import factcheck.datasette_plugin
from factcheck.bundled import data_path
from factcheck.datasette_plugin import rewrite_short_search
from factcheck.db import open_db
from factcheck.verdicts import record_verdict

from .serving import factcheck_serve

METADATA = yaml.safe_load(data_path("metadata.yml").read_text(encoding="utf-8"))


def datasette(db: Path) -> Datasette:
    # register the plugin explicitly: never rely on entry points being loaded in tests
    if not any(p is factcheck.datasette_plugin for p in pm.get_plugins()):
        pm.register(factcheck.datasette_plugin, name="factcheck")
    return Datasette([str(db)], metadata=METADATA, settings={"suggest_facets": False})


def get(db: Path, path: str) -> Any:
    async def go() -> Any:
        ds = datasette(db)
        await ds.invoke_startup()
        r = await ds.client.get(path)
        assert r.status_code == 200, (path, r.status_code, r.text[:300])
        return r.json() if ".json" in path else r.text

    return asyncio.run(go())


def test_claims_are_listed_with_source_names(seed_db: Path) -> None:
    rows = get(seed_db, "/factcheck/claim_list.json?_shape=array&_size=max")
    by_text = {r["text"]: r for r in rows}
    nadella = next(r for t, r in by_text.items() if "新しい高度なAI" in t)
    assert "Satya Nadella" in nadella["sources"]
    html = get(seed_db, "/factcheck/claim_list")
    assert "The Information" in html and "with its sources (as corrected by reviewers)" in html


def test_facets_by_kind_source_source_kind_and_verdict(seed_db: Path) -> None:
    db = open_db(seed_db)
    claim = db.execute("SELECT id FROM claims ORDER BY id LIMIT 1").fetchone()[0]
    record_verdict(db, claim, "mostly-true", reviewer="reviewer1")
    db.close()
    data = get(seed_db, "/factcheck/claim_list.json?_facet_array=sources&_facet_array=source_kinds")
    facets = data["facet_results"]
    assert {"kind", "verdict", "sources", "source_kinds"} <= set(facets), data.get(
        "facets_timed_out"
    )
    sources = {f["value"]: f["count"] for f in facets["sources"]["results"]}
    assert sources["Paul Graham"] == 3 and sources["The Information"] == 2
    kinds = {f["value"] for f in facets["source_kinds"]["results"]}
    assert {"outlet", "person", "anonymous", "unnamed"} <= kinds
    verdicts = {f["value"]: f["count"] for f in facets["verdict"]["results"]}
    assert verdicts == {"mostly-true": 1, None: 38}  # None: "no verdict yet"
    assert facets["verdict"]["results"][-1]["label"] == "no verdict yet"
    citation_facets = get(seed_db, "/factcheck/citation_list.json?_facet=source")["facet_results"]
    assert {"source", "source_kind", "verdict"} <= set(citation_facets)


@pytest.mark.parametrize("table", ["claim_list", "claims"])
@pytest.mark.parametrize("filters", ["", "&kind=quote", "&_search=関係者", "&verdict=false"])
def test_counted_facets_agree_with_counting(seed_db: Path, table: str, filters: str) -> None:
    """The trigger-kept counts behind the default kind and verdict facets equal Datasette's
    own column facets over the same page, after verdicts are recorded and changed and a
    claim is deleted."""
    db = open_db(seed_db)
    ids = [r[0] for r in db.execute("SELECT id FROM claims ORDER BY id LIMIT 5")]
    changes = [(0, "false"), (1, "true"), (2, "false"), (3, "mixed"), (0, "true"), (1, "mixed")]
    for i, rating in changes:
        record_verdict(db, ids[i], rating, reviewer="reviewer1")
    db.execute("DELETE FROM citations WHERE claim_id = ?", [ids[4]])  # one without a verdict
    db.execute("DELETE FROM claims WHERE id = ?", [ids[4]])
    db.conn.commit()
    db.close()
    facets = get(seed_db, f"/factcheck/{table}.json?_facet=kind&_facet=verdict{filters}")[
        "facet_results"
    ]
    by_type = {(f["name"], f["type"]): f["results"] for f in facets.values()}
    for column in ("kind", "verdict"):
        counted = {f["value"]: f["count"] for f in by_type[column, "counted"]}
        counting = {f["value"]: f["count"] for f in by_type[column, "column"]}
        if column == "verdict":  # the counted facet adds the claims with no verdict yet
            rows = get(seed_db, f"/factcheck/{table}.json?_shape=array&_size=max{filters}")
            assert counted.pop(None) == sum(r["verdict"] is None for r in rows)
        assert counted == counting, column
        if column == "verdict" and not filters:
            assert counted == {"true": 1, "mixed": 2, "false": 1}


def test_verdict_recorded_elsewhere_shows_in_datasette(seed_db: Path) -> None:
    db = open_db(seed_db)
    claim = db.execute("SELECT id FROM claims WHERE text LIKE '%人食い島%'").fetchone()[0]
    record_verdict(db, claim, "unverifiable", reviewer="reviewer1", note="quote not found")
    db.close()
    row = get(seed_db, f"/factcheck/claim_list.json?_shape=array&id={claim}")[0]
    assert (row["verdict"], row["verdict_by"]) == ("unverifiable", "reviewer1")


@pytest.mark.parametrize(
    "word",
    [
        pytest.param("関係", id="two-characters"),
        pytest.param("ナデラ", id="three-characters"),
        pytest.param("ソーシャル", id="five-characters"),
        pytest.param("米", id="one-character"),
        pytest.param("Microsoft", id="latin-word"),
    ],
)
def test_search_finds_japanese_words_of_any_length(seed_db: Path, word: str) -> None:
    """Every claim holding the word is found, and only those (recall and precision)."""
    db = open_db(seed_db)
    want = {r[0] for r in db.execute("SELECT id FROM claims WHERE instr(text, ?) > 0", [word])}
    db.close()
    if word != "米":
        assert want, f"the seed has no claim with {word}"
    rows = get(seed_db, f"/factcheck/claim_list.json?_search={word}&_shape=array&_size=max")
    assert {r["id"] for r in rows} == want


@pytest.mark.parametrize(
    "word",
    [
        pytest.param("AI", id="two-letters"),
        pytest.param("I", id="one-letter"),
    ],
)
def test_short_latin_search_on_the_table_page_matches_whole_words(seed_db: Path, word: str) -> None:
    """`AI` finds "the AI model" and 「AIが」, never "said" or "OpenAI": the table page
    agrees with factcheck search (before, it matched any claim holding the letters)."""
    from factcheck.search import whole_word

    db = open_db(seed_db)
    texts = dict(db.execute("SELECT id, text FROM claims").fetchall())
    db.close()
    want = {i for i, t in texts.items() if whole_word(t, word)}
    inside = {i for i, t in texts.items() if word.casefold() in t.casefold()} - want
    assert inside, f"the seed needs a claim holding {word} inside a word"
    rows = get(seed_db, f"/factcheck/claim_list.json?_search={word}&_shape=array&_size=max")
    assert {r["id"] for r in rows} == want


def test_mixed_search_keeps_long_terms_full_text() -> None:
    assert rewrite_short_search("_search=関係+Microsoft&_size=5", "text") == (
        "_size=5&_search=Microsoft&text__contains=%E9%96%A2%E4%BF%82"
    ) or rewrite_short_search("_search=関係+Microsoft&_size=5", "text") == (
        "_search=Microsoft&text__contains=%E9%96%A2%E4%BF%82&_size=5"
    )


def test_every_table_and_column_is_described(seed_db: Path) -> None:
    db = open_db(seed_db)
    tables = METADATA["databases"]["factcheck"]["tables"]
    names = [
        n
        for n in db.table_names() + db.view_names()
        if not n.startswith("claims_fts") and "_fts" not in n
    ]
    for name in names:
        assert name in tables, f"metadata.yml does not describe {name}"
        assert tables[name].get("description"), name
        columns = [c.name for c in db[name].columns]
        missing = set(columns) - set(tables[name].get("columns") or {})
        assert not missing, f"{name}: undescribed columns {missing}"


def test_factcheck_serve_over_a_socket(seed_db: Path) -> None:
    with factcheck_serve(seed_db) as base:
        r = httpx.get(f"{base}/factcheck/claim_list.json?_search=関係者&_shape=array", timeout=5)
        assert r.status_code == 200
        assert any("事情に詳しい関係者" in row["text"] for row in r.json())
        title = httpx.get(f"{base}/", timeout=5).text
        assert "<title>factcheck: factcheck</title>" in title
    # stopping `factcheck serve` stops Datasette: no server is left behind on the port
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{base}/-/versions.json", timeout=2)
