"""Verdicts: a rating scale and an append-only history per claim.

A verdict is never updated or deleted (SQLite triggers refuse it); the current verdict of
a claim is its latest row, exposed as the `current_verdicts` view.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import sqlite_utils

from factcheck.db import write_transaction
from factcheck.errors import InvalidValue, NotFound

# name, ClaimReview ratingValue (worst 1 … best 6), label, alternateName
DEFAULT_RATINGS: list[tuple[str, int, str, str]] = [
    ("true", 6, "True", "True"),
    ("mostly-true", 5, "Mostly true", "Mostly true"),
    ("mixed", 4, "Mixed", "Half true"),
    ("mostly-false", 3, "Mostly false", "Mostly false"),
    ("false", 2, "False", "False"),
    ("unverifiable", 1, "Unverifiable", "Unproven"),
]


def rating_names(db: sqlite_utils.Database) -> list[str]:
    return [r["name"] for r in db.query("SELECT name FROM ratings ORDER BY position")]


def record_verdict(
    db: sqlite_utils.Database,
    claim_id: int,
    rating: str,
    *,
    reviewer: str,
    note: str | None = None,
    evidence_url: str | None = None,
) -> dict[str, Any]:
    """Append a verdict; returns the stored row. Checks the claim, rating and URL first."""
    rating = rating.strip().lower()
    allowed = rating_names(db)
    if rating not in allowed:
        raise InvalidValue(f"unknown rating {rating!r}: choose one of {', '.join(allowed)}")
    if not reviewer or not reviewer.strip():
        raise InvalidValue("a verdict needs a reviewer name")
    if evidence_url and urlparse(evidence_url).scheme not in ("http", "https"):
        raise InvalidValue(f"evidence URL must be http(s): {evidence_url!r}")
    with write_transaction(db):
        if not db.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone():
            raise NotFound(f"no claim with id {claim_id}")
        cursor = db.execute(
            "INSERT INTO verdicts (claim_id, rating, note, reviewer, evidence_url)"
            " VALUES (?, ?, ?, ?, ?)",
            [claim_id, rating, note, reviewer.strip(), evidence_url],
        )
        verdict_id = cursor.lastrowid
    return dict(db.table("verdicts").get(int(verdict_id or 0)))


def history(db: sqlite_utils.Database, claim_id: int) -> list[dict[str, Any]]:
    if not db.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone():
        raise NotFound(f"no claim with id {claim_id}")
    return list(db.query("SELECT * FROM verdicts WHERE claim_id = ? ORDER BY id", [claim_id]))
