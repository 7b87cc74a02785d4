from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from factcheck.bundled import data_path
from factcheck.db import open_db
from factcheck.ingest import ingest
from factcheck.report import write_report
from factcheck.sources import Registry
from factcheck.verdicts import record_fidelity, record_verdict

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED = data_path("demo", "openai-board-crisis.ja.txt")
SEED_GOLD = DATA / "openai-board-crisis.ja.gold.json"


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry.load(data_path("sources.yml"))


@pytest.fixture
def seed_db(tmp_path: Path, registry: Registry) -> Path:
    """A database named factcheck.db (so metadata.yml applies) holding the seed article."""
    path = tmp_path / "factcheck.db"
    db = open_db(path)
    ingest(db, SEED, registry)
    db.close()
    return path


def dump(path: Path) -> str:
    """Everything stored, for checking that a failed command changed nothing."""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def reviewed(seed_db: Path) -> Path:
    """The seed with the Musk quote rated false (its citation mistranslated), the
    'Altman will not return' claim true as of 2023-11-20 then overtaken on 2023-11-22."""
    db = open_db(seed_db)
    musk = db.execute(
        "SELECT id FROM claims WHERE text LIKE '%Microsoftが実質的に支配する%'"
    ).fetchone()[0]
    citation = db.execute(
        "SELECT id FROM citations WHERE claim_id = ? AND inferred = 0", [musk]
    ).fetchone()[0]
    record_verdict(
        db,
        musk,
        "false",
        reviewer="reviewer1",
        note="The post says closed source",
        evidence_url="https://x.com/elonmusk/status/1626516035863212034",
    )
    record_fidelity(
        db, citation, "mistranslated", reviewer="reviewer1", note="closed source became open source"
    )
    altman = db.execute("SELECT id FROM claims WHERE text LIKE '%同社に戻らない%'").fetchone()[0]
    record_verdict(
        db, altman, "true", reviewer="reviewer1", as_of="2023-11-20", note="accurate when published"
    )
    record_verdict(
        db,
        altman,
        "false",
        reviewer="reviewer2",
        as_of="2023-11-22",
        note="overtaken: Altman returned",
    )
    db.close()
    return seed_db


def report(db_path: Path, fmt: str, **kwargs: Any) -> str:
    db = open_db(db_path)
    out = io.StringIO()
    write_report(db, fmt, out, **kwargs)
    db.close()
    return out.getvalue()
