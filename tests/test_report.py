"""Verdicts on two axes and every report format, from one database holding the seed
article with a few verdicts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from factcheck.db import open_db, set_setting
from factcheck.errors import InvalidValue, NotFound
from factcheck.evaluate import score
from factcheck.report import write_report
from factcheck.verdicts import record_fidelity, record_verdict, sign_off

from .conftest import DATA, SEED_GOLD, load_json, report

SCHEMA = json.loads((DATA / "csl-data.schema.json").read_text(encoding="utf-8"))


def test_json_still_satisfies_the_scorer(reviewed: Path) -> None:
    data = json.loads(report(reviewed, "json"))
    sc = score(load_json(SEED_GOLD), data)
    assert sc.f1 >= 0.95 and sc.works_found == 4
    musk = next(c for c in data["claims"] if "実質的に支配する" in c["text"])
    assert (
        musk["verdict"]["rating"] == "false" and musk["sources"][0]["fidelity"] == "mistranslated"
    )
    altman = next(c for c in data["claims"] if "同社に戻らない" in c["text"])
    assert [(v["rating"], v["as_of"]) for v in altman["verdict_history"]] == [
        ("true", "2023-11-20"),
        ("false", "2023-11-22"),
    ]
    summary = data["summaries"][0]
    assert summary["by_verdict"]["false"] == 2 and summary["by_fidelity"]["mistranslated"] == 1
    assert summary["anonymous_or_vague"] and summary["checkable_without_source"]


def test_csl_json_validates_against_the_official_schema(reviewed: Path) -> None:
    items = json.loads(report(reviewed, "csl-json"))
    jsonschema.validate(items, SCHEMA)
    titles = {i["title"]: i for i in items}
    assert titles["アルトマンの権力への道"]["container-title"] == "LatePost"
    tencent = next(i for t, i in titles.items() if t.startswith("Understanding OpenAI"))
    assert tencent["translated-title"].startswith("1 つの記事で")
    assert len(items) == 4


def test_claimreview_has_the_required_fields(reviewed: Path) -> None:
    reviews = json.loads(report(reviewed, "claimreview"))
    assert len(reviews) == 2  # one per claim with a published verdict
    for r in reviews:
        assert r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
        for key in (
            "claimReviewed",
            "reviewRating",
            "itemReviewed",
            "author",
            "datePublished",
            "url",
        ):
            assert r[key], key
        rating = r["reviewRating"]
        assert {"ratingValue", "bestRating", "worstRating", "alternateName"} <= set(rating)
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert r["itemReviewed"]["@type"] == "Claim" and r["itemReviewed"]["appearance"]
    musk = next(r for r in reviews if "実質的に支配する" in r["claimReviewed"])
    assert musk["itemReviewed"]["author"] == {"@type": "Person", "name": "Elon Musk"}
    assert musk["reviewRating"]["alternateName"] == "False"


def test_csv_has_one_row_per_claim_source_link(reviewed: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(report(reviewed, "csv"))))
    db = open_db(reviewed)
    links = db.execute(
        "SELECT count(*) FROM citations WHERE coalesce(status, '') != 'rejected'"
    ).fetchone()[0]
    unsourced = db.execute(
        "SELECT count(*) FROM claims c WHERE NOT EXISTS (SELECT 1 FROM citations ci WHERE ci.claim_id = c.id)"
    ).fetchone()[0]
    db.close()
    assert len(rows) == links + unsourced
    musk = next(r for r in rows if r["source"] == "Elon Musk")
    assert (musk["verdict"], musk["fidelity"]) == ("false", "mistranslated")


def test_csv_cells_never_start_a_formula(tmp_path: Path, registry: Any) -> None:
    from factcheck.ingest import ingest

    doc = tmp_path / "formula.en.txt"
    doc.write_text(
        '=HYPERLINK("http://evil.example","click") Reuters reported that 12 people left in 2023.\n'
    )
    db = open_db(tmp_path / "factcheck.db")
    ingest(db, doc, registry)
    out = io.StringIO()
    write_report(db, "csv", out)
    assert all(not r["claim"].startswith("=") for r in csv.DictReader(io.StringIO(out.getvalue())))


def test_html_escapes_everything(tmp_path: Path, registry: Any) -> None:
    from factcheck.ingest import ingest

    db = open_db(tmp_path / "factcheck.db")
    ingest(db, DATA / "hostile.en.txt", registry)
    claim = db.execute("SELECT id FROM claims WHERE text LIKE '%<script>%'").fetchone()[0]
    record_verdict(
        db, claim, "false", reviewer="<b>mallory</b>", note='"><script>alert(1)</script>'
    )
    out = io.StringIO()
    write_report(db, "html", out)
    html = out.getvalue()
    assert "<script>" not in html and "onerror=" not in html.replace("onerror=&quot;", "")
    assert "&lt;script&gt;window.__xss=1" in html and "&lt;b&gt;mallory&lt;/b&gt;" in html
    assert "\u2028" not in html
    assert "Content-Security-Policy" in html and "<svg" in html


def test_html_citations_are_robust_links(reviewed: Path) -> None:
    db = open_db(reviewed)
    db.execute(
        "UPDATE sources SET cited_url = 'https://www.theinformation.com/articles/x' WHERE name = 'The Information'"
    )
    db.execute(
        "INSERT INTO captures (url, final_url, fetched_at, classification, sha256) VALUES"
        " ('https://www.theinformation.com/articles/x', 'https://web.archive.org/web/2023/x', '2023-11-21T00:00:00', 'ok', 'sha256:ab')"
    )
    db.execute("UPDATE captures SET wayback = 1")
    db.close()
    html = report(reviewed, "html")
    assert (
        'href="https://www.theinformation.com/articles/x" data-originalurl="https://www.theinformation.com/articles/x"'
        ' data-versionurl="https://web.archive.org/web/2023/x" data-versiondate="2023-11-21"'
    ) in html


def test_second_review_gates_publication(reviewed: Path) -> None:
    db = open_db(reviewed)
    set_setting(db, "require_second_review", "on")
    db.close()
    assert json.loads(report(reviewed, "claimreview")) == []
    assert json.loads(report(reviewed, "json", reviewed_only=True))["claims"] == []
    db = open_db(reviewed)
    verdict = db.execute("SELECT id FROM current_verdicts WHERE reviewer = 'reviewer1'").fetchone()[
        0
    ]
    with pytest.raises(InvalidValue, match="second reviewer"):
        sign_off(db, verdict, reviewer="reviewer1")
    sign_off(db, verdict, reviewer="editor")
    db.close()
    published = json.loads(report(reviewed, "json", reviewed_only=True))["claims"]
    assert len(published) == 1 and published[0]["verdict"]["signed_off_by"] == "editor"
    assert "signed off by editor" in report(reviewed, "markdown")


@pytest.mark.parametrize("table", ["verdicts", "fidelity_verdicts"])
def test_verdict_history_is_append_only(reviewed: Path, table: str) -> None:
    import sqlite3

    db = open_db(reviewed)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute(f"UPDATE {table} SET note = 'rewritten'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute(f"DELETE FROM {table}")


@pytest.mark.parametrize(
    "call, error",
    [
        pytest.param(
            lambda db: record_fidelity(db, 1, "kinda", reviewer="r"),
            InvalidValue,
            id="unknown-fidelity",
        ),
        pytest.param(
            lambda db: record_fidelity(db, 99999, "supported", reviewer="r"),
            NotFound,
            id="unknown-citation",
        ),
        pytest.param(
            lambda db: record_verdict(db, 1, "true", reviewer="r", as_of="last week"),
            InvalidValue,
            id="bad-as-of",
        ),
        pytest.param(
            lambda db: record_verdict(db, 1, "true", reviewer="r", capture_id=424242),
            NotFound,
            id="unknown-capture",
        ),
        pytest.param(lambda db: sign_off(db, 99999, reviewer="r"), NotFound, id="unknown-verdict"),
    ],
)
def test_bad_verdicts_are_refused(reviewed: Path, call: Any, error: type[Exception]) -> None:
    db = open_db(reviewed)
    before = db.execute(
        "SELECT (SELECT count(*) FROM verdicts) + (SELECT count(*) FROM fidelity_verdicts)"
    ).fetchone()
    with pytest.raises(error):
        call(db)
    assert (
        db.execute(
            "SELECT (SELECT count(*) FROM verdicts) + (SELECT count(*) FROM fidelity_verdicts)"
        ).fetchone()
        == before
    )


@pytest.mark.parametrize("fmt", ["markdown", "html", "json", "csv", "claimreview", "csl-json"])
def test_every_format_for_one_document(reviewed: Path, fmt: str) -> None:
    assert report(reviewed, fmt, document=1).strip()
