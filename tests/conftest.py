from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from factcheck.bundled import data_path
from factcheck.db import open_db
from factcheck.ingest import ingest
from factcheck.sources import Registry

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
