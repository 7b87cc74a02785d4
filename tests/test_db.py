"""The SQLite file as other tools see it: complete without its WAL once a command ends,
and holding no rating, fidelity level or claim kind outside its scale whoever writes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from typer.testing import CliRunner

from factcheck.classify import CLAIM_KINDS
from factcheck.cli import app
from factcheck.db import open_db

from .conftest import SEED

runner = CliRunner()


def counts(path: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(path)
    try:
        return tuple(  # type: ignore[return-value]
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "claims", "verdicts")
        )
    finally:
        conn.close()


def test_copied_db_file_holds_every_committed_write(tmp_path: Path) -> None:
    """While Datasette (here: any other open connection) keeps the WAL alive, a copy of
    factcheck.db alone still has the latest document and verdict."""
    db = tmp_path / "factcheck.db"
    open_db(db).close()
    reader = sqlite3.connect(db)  # keeps SQLite from checkpointing on the last close
    reader.execute("SELECT count(*) FROM claims").fetchone()
    try:
        assert runner.invoke(app, ["ingest", str(SEED), "--db", str(db)]).exit_code == 0
        result = runner.invoke(app, ["verdict", "3", "false", "--by", "r1", "--db", str(db)])
        assert result.exit_code == 0, result.output
        copy = tmp_path / "copy" / "factcheck.db"
        copy.parent.mkdir()
        shutil.copyfile(db, copy)  # without factcheck.db-wal
        documents, claims, verdicts = counts(copy)
        assert (documents, verdicts) == (1, 1) and claims > 20
    finally:
        reader.close()


def test_db_checkpoint_empties_the_wal(tmp_path: Path) -> None:
    db = tmp_path / "factcheck.db"
    writer = open_db(db)
    writer.execute("INSERT INTO settings (key, value) VALUES ('organization', 'x')")
    wal = tmp_path / "factcheck.db-wal"
    assert wal.stat().st_size > 0
    result = runner.invoke(app, ["db", "checkpoint", "--db", str(db)])
    assert result.exit_code == 0 and "checkpointed" in result.stdout
    assert wal.stat().st_size == 0
    writer.close()


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        pytest.param(
            "INSERT INTO verdicts (claim_id, rating, reviewer) VALUES (1, ?, 'r')",
            ["bogus"],
            id="rating",
        ),
        pytest.param(
            "INSERT INTO fidelity_verdicts (citation_id, fidelity, reviewer) VALUES (1, ?, 'r')",
            ["bogus"],
            id="fidelity",
        ),
        pytest.param(
            'INSERT INTO claims (document_id, text, start, "end", offsets, kind,'
            " checkworthiness, paragraph) VALUES (1, 't', 0, 1, '[]', ?, 0.5, 0)",
            ["bogus"],
            id="claim-kind-insert",
        ),
        pytest.param("UPDATE claims SET kind = ? WHERE id = 1", ["bogus"], id="claim-kind-update"),
        pytest.param(
            "INSERT INTO sources (name, kind) VALUES ('X', ?)", ["bogus"], id="source-kind"
        ),
    ],
)
def test_values_outside_the_scale_cannot_be_stored_by_any_client(
    seed_db: Path, sql: str, params: list[str]
) -> None:
    """sqlite3 with foreign keys off (the default of every other client) is refused too."""
    conn = sqlite3.connect(seed_db)
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 0
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(sql, params)
    conn.close()


def test_sqlite_utils_cannot_insert_a_bogus_rating(seed_db: Path) -> None:
    db = sqlite_utils.Database(seed_db)
    with pytest.raises(sqlite3.IntegrityError, match="unknown rating"):
        db["verdicts"].insert({"claim_id": 1, "rating": "bogus", "reviewer": "outside"})
    db["verdicts"].insert({"claim_id": 1, "rating": "false", "reviewer": "outside"})
    assert db.execute("SELECT verdict FROM claims WHERE id = 1").fetchone()[0] == "false"


def test_claim_kinds_table_is_the_classifier_s_kinds(tmp_path: Path) -> None:
    db = open_db(tmp_path / "factcheck.db")
    kinds = [r[0] for r in db.execute("SELECT name FROM claim_kinds ORDER BY position")]
    assert tuple(kinds) == CLAIM_KINDS
