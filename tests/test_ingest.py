"""Ingest: what is stored, idempotency, versions, and refusing bad input without damage."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from factcheck import ingest as ingest_module
from factcheck.db import open_db
from factcheck.errors import InputError
from factcheck.ingest import ingest, ingest_many
from factcheck.reader import decode
from factcheck.search import search_claims
from factcheck.sources import Registry

from .conftest import SEED, dump

SEED_TEXT = SEED.read_text(encoding="utf-8")


def test_offsets_point_back_into_the_text(seed_db: Path) -> None:
    db = open_db(seed_db)
    text = db.execute("SELECT text FROM documents").fetchone()[0]
    rows = list(db.query("SELECT text, start, [end], offsets, occurrences FROM claims"))
    assert len(rows) > 20
    for r in rows:
        assert text[r["start"] : r["end"]] == r["text"]
        offsets = json.loads(r["offsets"])
        assert len(offsets) == r["occurrences"]
        assert all(text[s:e] == r["text"] for s, e in offsets)
    for c in db.query("SELECT cue, cue_start, cue_end FROM citations WHERE inferred = 0"):
        if not c["cue"].startswith("("):  # context cues name no span of their own
            assert text[c["cue_start"] : c["cue_end"]] in (c["cue"], c["cue"].strip())


def test_repeated_lead_is_one_claim_seen_twice(seed_db: Path) -> None:
    db = open_db(seed_db)
    row = db.execute(
        "SELECT occurrences FROM claims WHERE text LIKE '%OpenAIへの依存を減らすために%'"
    ).fetchone()
    assert row[0] == 2


def test_structure_is_not_claims(seed_db: Path) -> None:
    db = open_db(seed_db)
    kinds = {r[0] for r in db.execute("SELECT DISTINCT kind FROM segments")}
    assert {
        "heading",
        "section-number",
        "reference",
        "reference-heading",
        "credit",
        "question",
    } <= kinds
    origin = db.execute(
        "SELECT d.credited_origin, s.name FROM documents d JOIN sources s ON s.id = d.origin_source_id"
    ).fetchone()
    assert origin == ("Silicon-based Research Lab", "Silicon-based Research Lab")


def test_reference_list(seed_db: Path) -> None:
    db = open_db(seed_db)
    refs = list(
        db.query(
            "SELECT r.number, r.outlet, s.name, count(w.id) AS works FROM reference_entries r"
            " JOIN sources s ON s.id = r.source_id JOIN works w ON w.reference_id = r.id"
            " GROUP BY r.id ORDER BY r.number"
        )
    )
    assert [(r["number"], r["outlet"], r["name"], r["works"]) for r in refs] == [
        (1, "Tencent Technology", "Tencent Technology", 1),
        (2, "後期", "LatePost", 1),
        (3, "情報", "The Information", 2),
    ]
    translated = db.execute(
        "SELECT title_translated FROM works WHERE title LIKE 'Understanding%'"
    ).fetchone()[0]
    assert translated.startswith("1 つの記事で")


def test_same_file_twice_changes_nothing(tmp_path: Path, registry: Registry) -> None:
    path = tmp_path / "factcheck.db"
    db = open_db(path)
    first = ingest(db, SEED, registry)
    before = dump(path)
    again = ingest(db, SEED, registry)
    assert (first.status, again.status) == ("new", "unchanged")
    assert again.document_id == first.document_id
    assert dump(path) == before


def test_edited_file_is_a_new_version(tmp_path: Path, registry: Registry) -> None:
    doc = tmp_path / "article.ja.txt"
    doc.write_text(SEED_TEXT, encoding="utf-8")
    db = open_db(tmp_path / "factcheck.db")
    first = ingest(db, doc, registry)
    doc.write_text(
        SEED_TEXT + "\nOpenAIは2023年11月22日、アルトマン氏の復帰を発表した。\n", encoding="utf-8"
    )
    second = ingest(db, doc, registry)
    assert second.status == "new-version"
    row = db.execute(
        "SELECT version, supersedes FROM documents WHERE id = ?", [second.document_id]
    ).fetchone()
    assert row == (2, first.document_id)
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 2


@pytest.mark.parametrize(
    "codec",
    [
        pytest.param("shift_jis", id="shift-jis"),
        pytest.param("euc_jp", id="euc-jp"),
        pytest.param("cp932", id="cp932"),
        pytest.param("utf-8-sig", id="utf-8-bom"),
    ],
)
def test_legacy_japanese_encodings_decode_exactly(
    tmp_path: Path, registry: Registry, codec: str
) -> None:
    text = "事情に詳しい関係者によると、OpenAIの取締役会は合併について話し合った。\n髙橋氏は「①番目の案だ」と述べた。\n"
    if codec in ("shift_jis", "euc_jp"):
        text = text.replace("髙", "高").replace("①", "1")  # only in the cp932 extensions
    path = tmp_path / f"doc-{codec}.ja.txt"
    path.write_bytes(text.encode(codec))
    db = open_db(tmp_path / "factcheck.db")
    result = ingest(db, path, registry)
    stored = db.execute("SELECT text FROM documents WHERE id = ?", [result.document_id]).fetchone()[
        0
    ]
    assert stored == text
    assert result.claims >= 1


BAD_INPUTS = [
    pytest.param("missing", None, "no such file", id="missing-file"),
    pytest.param("dir", None, "is a directory", id="directory"),
    pytest.param("x.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image", id="png-named-txt"),
    pytest.param("x.txt", b"abc\x00\x01\x02def" * 20, "binary file", id="nul-bytes"),
    pytest.param("x.txt", b"", "is empty", id="empty"),
    pytest.param("x.txt", b"  \n\n\t ", "is empty", id="whitespace-only"),
    pytest.param("x.txt", bytes(range(0x80, 0x100)) * 8, "cannot decode", id="undecodable"),
    pytest.param("x.pdf", b"%PDF-1.7\n", "unsupported file type", id="pdf-suffix"),
]


@pytest.mark.parametrize("name, content, message", BAD_INPUTS)
def test_bad_input_is_refused_and_nothing_changes(
    seed_db: Path,
    tmp_path: Path,
    registry: Registry,
    name: str,
    content: bytes | None,
    message: str,
) -> None:
    path = tmp_path / name
    if name == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    before = dump(seed_db)
    db = open_db(seed_db)
    with pytest.raises(InputError, match=message):
        ingest(db, path, registry)
    db.close()
    assert dump(seed_db) == before


def test_mojibake_is_never_chosen() -> None:
    """GB18030 bytes of Chinese text decode as Chinese, not as Japanese mojibake."""
    zh = "据路透社报道，知情人士称，微软首席执行官纳德拉表示欢迎。"
    text, codec = decode(zh.encode("gb18030"), "zh.txt")
    assert text == zh and codec == "gb18030"


def _search_index_is_whole(db: sqlite_utils.Database) -> None:
    for table in ("claims", "segments"):  # FTS5 compares its index with the table's rows
        db.execute(f"INSERT INTO {table}_fts ({table}_fts, rank) VALUES ('integrity-check', 1)")
    assert db.execute("SELECT count(*) FROM search_index_deferred").fetchone()[0] == 0


@pytest.mark.parametrize("workers", [1, 2])
def test_every_ingested_claim_is_in_the_search_index(
    tmp_path: Path, registry: Registry, workers: int
) -> None:
    """Ingest indexes a document's claims by one statement (m021), whichever way it runs;
    any other writer's insert is still indexed by the trigger."""
    paths = sorted((Path(__file__).parent / "data" / "gold").glob("*.txt"))
    db = open_db(tmp_path / "f.db")
    (checkpoints,) = db.execute("PRAGMA wal_autocheckpoint").fetchone()
    results = dict(ingest_many(db, paths, registry, workers=workers))
    assert all(not isinstance(r, Exception) for r in results.values())
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == checkpoints
    _search_index_is_whole(db)
    text = db.execute("SELECT text FROM claims ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert search_claims(db, text[:12])
    db.execute(
        'INSERT INTO claims (document_id, text, start, "end", offsets, kind, checkworthiness,'
        " paragraph) VALUES (1, 'a claim written by another tool', 0, 1, '[[0, 1]]', 'event', 0, 0)"
    )
    _search_index_is_whole(db)
    assert search_claims(db, "written by another tool")


def test_a_document_that_fails_to_store_leaves_the_index_as_it_was(
    tmp_path: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_db(tmp_path / "f.db")
    ingest(db, SEED, registry)

    def broken(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(ingest_module, "link_for", broken)
    other = tmp_path / "other.en.txt"
    other.write_text("Prices will rise next year, Reuters reported on Monday.\n", encoding="utf-8")
    with pytest.raises(sqlite3.OperationalError):
        ingest(db, other, registry)
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    _search_index_is_whole(db)
