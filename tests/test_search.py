"""The review search (factcheck.search.search_page): exact results, counts and order
whichever way it reads the claims, against a brute-force answer over the same rows."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from factcheck.db import open_db
from factcheck.search import NO_VERDICT, search_claims, search_page

WORDS = ["取締役会", "関係者", "発表", "米国", "Microsoft", "board", "データセンター", "100%_off"]
KINDS = ["event", "statistic", "quote", "intent", "prediction"]
N = 3000


def build(path: Path) -> tuple[sqlite_utils.Database, list[dict[str, Any]]]:
    """N claims made of a few words with skewed frequencies, tied check-worthiness scores,
    and verdicts on about one claim in eight (through the verdicts table's triggers)."""
    rnd = random.Random(7)
    db = open_db(path)
    db.execute(
        "INSERT INTO documents (id, path, sha256, text, ingested_at) VALUES (1, 'd', 'x', '', '')"
    )
    ratings = [r[0] for r in db.execute("SELECT name FROM ratings")]
    claims = []
    for i in range(1, N + 1):
        picked = [w for j, w in enumerate(WORDS) if rnd.random() < 0.6 / (j + 1) ** 2]
        text = f"{i}番: " + "、".join(picked or ["ほか"]) + "。"
        claims.append(
            {
                "id": i,
                "document_id": 1,
                "text": text,
                "start": 0,
                "end": len(text),
                "offsets": "[]",
                "kind": rnd.choice(KINDS),
                "checkworthiness": rnd.choice([0.2, 0.5, 0.5, 0.8, 0.9]),
                "paragraph": 0,
            }
        )
    db["claims"].insert_all(claims)
    for c in claims:
        c["verdict"] = None
        if rnd.random() < 0.125:
            c["verdict"] = rnd.choice(ratings)
            db.execute(
                "INSERT INTO verdicts (claim_id, rating, reviewer, as_of) VALUES (?, ?, 'r', '2026-01-01')",
                [c["id"], c["verdict"]],
            )
    db.conn.commit()
    return db, claims


def expected(claims: list[dict[str, Any]], query: str, kind: str | None, verdict: str | None):
    hits = [
        c
        for c in claims
        if all(t.casefold() in c["text"].casefold() for t in query.split())
        and (not kind or c["kind"] == kind)
        and (
            not verdict
            or (c["verdict"] is None if verdict == NO_VERDICT else c["verdict"] == verdict)
        )
    ]
    hits.sort(key=lambda c: (-c["checkworthiness"], -c["id"]))
    return hits


@pytest.mark.parametrize(
    "query, kind, verdict, limit, offset, plan",
    [
        ("取締役会", None, None, 10, 0, "walk"),  # common: walk the check-worthiness index
        ("データセンター", None, None, 10, 0, "sort"),  # rare: sort the matches
        ("取締役会 関係者", None, None, 10, 20, None),
        ("取締役会 発表", None, None, 10, 0, None),  # a short term: LIKE, with one pass to count
        ("米", None, None, 5, 0, None),  # one character
        ("MICROSOFT", None, None, 10, 0, None),  # English, any case
        ("100%_off", None, None, 10, 0, "sort"),  # LIKE wildcards are literal
        ("取締役会", "quote", None, 10, 0, None),  # a kind: its index is walked
        ("データセンター", "event", None, 10, 0, None),  # rare words: read by id
        ("取締役会", None, NO_VERDICT, 10, 0, None),
        ("関係者", None, "false", 10, 0, None),
        ("", "event", None, 10, 0, None),
        ("", None, "mixed", 3, 2, None),
        ("取締役会", None, None, 10, 10_000, None),  # past the end
        ("存在しない語", None, None, 10, 0, None),
        ('"board', None, None, 10, 0, None),  # a stray quote is a literal
    ],
)
def test_search_page_matches_brute_force(
    tmp_path: Path,
    query: str,
    kind: str | None,
    verdict: str | None,
    limit: int,
    offset: int,
    plan: str | None,
) -> None:
    db, claims = build(tmp_path / "s.db")
    want = expected(claims, query, kind, verdict)
    got = search_page(db.conn, query, kind=kind, verdict=verdict, limit=limit, offset=offset)
    assert got.total == len(want)
    assert [r["id"] for r in got.rows] == [c["id"] for c in want[offset : offset + limit]]
    if plan:
        assert got.plan == plan
    assert got.kinds is not None and got.verdicts is not None
    assert dict(got.kinds) == dict(Counter(c["kind"] for c in want))
    assert dict(got.verdicts) == dict(Counter(c["verdict"] or NO_VERDICT for c in want))


def test_counts_by_kind_and_verdict_are_left_out_past_the_limit_or_budget(tmp_path: Path) -> None:
    db, claims = build(tmp_path / "s.db")
    total = len(expected(claims, "取締役会", None, None))
    for kwargs in ({"count_limit": total - 1}, {"count_budget_ms": 0}):
        got = search_page(db.conn, "取締役会", **kwargs)  # type: ignore[arg-type]
        assert got.total == total and len(got.rows) == 50
        assert got.kinds is None and got.verdicts is None
    # the connection is left without the time limit
    assert search_page(db.conn, "取締役会").kinds is not None


def test_index_count_stays_exact_after_claims_change(tmp_path: Path) -> None:
    db, claims = build(tmp_path / "s.db")
    hit = next(c for c in claims if "取締役会" in c["text"])
    db.execute("DELETE FROM verdicts WHERE claim_id = ?", [hit["id"]])
    db.execute("DELETE FROM claims WHERE id = ?", [hit["id"]])
    other = next(c for c in claims if "取締役会" not in c["text"])
    db.execute("UPDATE claims SET text = '取締役会が変わった' WHERE id = ?", [other["id"]])
    db.conn.commit()
    brute = db.execute("SELECT count(*) FROM claims WHERE text LIKE '%取締役会%'").fetchone()[0]
    assert search_page(db.conn, "取締役会").total == brute


def test_search_claims_is_the_first_page(tmp_path: Path) -> None:
    db, claims = build(tmp_path / "s.db")
    want = [c["id"] for c in expected(claims, "関係者 発表", None, None)[:7]]
    assert [r["id"] for r in search_claims(db, "関係者 発表", limit=7)] == want


@pytest.mark.parametrize(
    ("query", "text", "found"),
    [
        pytest.param("AI", "The AI model was released in 2023.", True, id="latin-word"),
        pytest.param("AI", "AIが発表した計画", True, id="latin-word-before-kana"),
        pytest.param("ai", "New AI-driven tools", True, id="latin-word-any-case"),
        pytest.param("AI", "The minister said so on Friday.", False, id="not-inside-said"),
        pytest.param("AI", "Medicaid covers 70 million people.", False, id="not-inside-medicaid"),
        pytest.param("AI", "OpenAIは声明を出した", False, id="not-inside-a-name"),
        pytest.param("US", "the US economy", True, id="us-word"),
        pytest.param("US", "the bonus was paid", False, id="us-not-inside-bonus"),
        pytest.param("関係", "事情に詳しい関係者によると", True, id="cjk-inside-a-word"),
        pytest.param("米", "米国の発表", True, id="cjk-one-character"),
    ],
)
def test_short_latin_terms_match_whole_words(
    tmp_path: Path, query: str, text: str, found: bool
) -> None:
    db = open_db(tmp_path / "factcheck.db")
    db.execute(
        "INSERT INTO documents (id, path, sha256, text, ingested_at) VALUES (1, 'd', 'x', '', '')"
    )
    db["claims"].insert(
        {
            "id": 1,
            "document_id": 1,
            "text": text,
            "start": 0,
            "end": len(text),
            "offsets": "[]",
            "kind": "event",
            "checkworthiness": 0.5,
            "paragraph": 0,
        }
    )
    results = search_page(db.conn, query)
    assert (results.total, [r["id"] for r in results.rows]) == ((1, [1]) if found else (0, []))
