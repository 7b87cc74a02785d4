"""Verdicts on two axes, both append-only (SQLite triggers refuse updates and deletes):

- a claim's truth rating, on the scale in `ratings` (ClaimReview values), valid as of a
  date: "accurate when published, overtaken later" is two verdicts with two dates;
- a citation's fidelity: does the cited source actually say it (`fidelity_levels`).

Each carries who, when, why and the evidence (a URL or a capture id). The current verdict
is the latest row (`current_verdicts`, `current_fidelity`). With the setting
`require_second_review` on, a verdict counts as published only once a second reviewer
has signed it off (`signoffs`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlite_utils

from factcheck.db import get_setting, write_transaction
from factcheck.errors import InvalidValue, NotFound
from factcheck.links import web_url


def rating_names(db: sqlite_utils.Database) -> list[str]:
    return [r["name"] for r in db.query("SELECT name FROM ratings ORDER BY position")]


def _check_common(reviewer: str, evidence_url: str | None) -> str:
    if not reviewer or not reviewer.strip():
        raise InvalidValue("a verdict needs a reviewer name")
    if evidence_url and not web_url(evidence_url):
        raise InvalidValue(f"evidence URL must be http(s): {evidence_url!r}")
    return reviewer.strip()


def _check_capture(db: sqlite_utils.Database, capture_id: int | None) -> None:
    if (
        capture_id is not None
        and not db.execute("SELECT 1 FROM captures WHERE id = ?", [capture_id]).fetchone()
    ):
        raise NotFound(f"no capture with id {capture_id}")


def _as_of(value: str | None) -> str:
    if value is None:
        return datetime.now(UTC).date().isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InvalidValue(f"as-of date must be YYYY-MM-DD: {value!r}") from None


def record_verdict(
    db: sqlite_utils.Database,
    claim_id: int,
    rating: str,
    *,
    reviewer: str,
    note: str | None = None,
    evidence_url: str | None = None,
    capture_id: int | None = None,
    as_of: str | None = None,
) -> dict[str, Any]:
    """Append a verdict; returns the stored row. Checks the claim, rating and URL first."""
    rating = rating.strip().lower()
    allowed = rating_names(db)
    if rating not in allowed:
        raise InvalidValue(f"unknown rating {rating!r}: choose one of {', '.join(allowed)}")
    reviewer = _check_common(reviewer, evidence_url)
    valid_from = _as_of(as_of)
    with write_transaction(db):
        if not db.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone():
            raise NotFound(f"no claim with id {claim_id}")
        _check_capture(db, capture_id)
        cursor = db.execute(
            "INSERT INTO verdicts (claim_id, rating, note, reviewer, evidence_url, capture_id, as_of)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [claim_id, rating, note, reviewer, evidence_url, capture_id, valid_from],
        )
        verdict_id = cursor.lastrowid
    return dict(db.table("verdicts").get(int(verdict_id or 0)))


def history(db: sqlite_utils.Database, claim_id: int) -> list[dict[str, Any]]:
    if not db.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone():
        raise NotFound(f"no claim with id {claim_id}")
    return list(db.query("SELECT * FROM verdicts WHERE claim_id = ? ORDER BY id", [claim_id]))


def record_fidelity(
    db: sqlite_utils.Database,
    citation_id: int,
    fidelity: str,
    *,
    reviewer: str,
    note: str | None = None,
    evidence_url: str | None = None,
    capture_id: int | None = None,
) -> dict[str, Any]:
    """Append a fidelity verdict on one claim–source link."""
    fidelity = fidelity.strip().lower()
    allowed = [r["name"] for r in db.query("SELECT name FROM fidelity_levels ORDER BY position")]
    if fidelity not in allowed:
        raise InvalidValue(f"unknown fidelity {fidelity!r}: choose one of {', '.join(allowed)}")
    reviewer = _check_common(reviewer, evidence_url)
    with write_transaction(db):
        if not db.execute("SELECT 1 FROM citations WHERE id = ?", [citation_id]).fetchone():
            raise NotFound(f"no citation with id {citation_id}")
        _check_capture(db, capture_id)
        cursor = db.execute(
            "INSERT INTO fidelity_verdicts (citation_id, fidelity, note, reviewer, evidence_url, capture_id)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [citation_id, fidelity, note, reviewer, evidence_url, capture_id],
        )
    return dict(db.table("fidelity_verdicts").get(int(cursor.lastrowid or 0)))


def sign_off(
    db: sqlite_utils.Database, verdict_id: int, *, reviewer: str, note: str | None = None
) -> dict[str, Any]:
    """A second reviewer's sign-off on a verdict (never its own author's)."""
    reviewer = _check_common(reviewer, None)
    with write_transaction(db):
        row = db.execute("SELECT reviewer FROM verdicts WHERE id = ?", [verdict_id]).fetchone()
        if row is None:
            raise NotFound(f"no verdict with id {verdict_id}")
        if row[0] == reviewer:
            raise InvalidValue("a sign-off needs a second reviewer, not the verdict's author")
        if db.execute("SELECT 1 FROM signoffs WHERE verdict_id = ?", [verdict_id]).fetchone():
            raise InvalidValue(f"verdict {verdict_id} is already signed off")
        cursor = db.execute(
            "INSERT INTO signoffs (verdict_id, reviewer, note) VALUES (?, ?, ?)",
            [verdict_id, reviewer, note],
        )
    return dict(db.table("signoffs").get(int(cursor.lastrowid or 0)))


def second_review_required(db: sqlite_utils.Database) -> bool:
    return (get_setting(db, "require_second_review") or "").lower() in ("1", "true", "yes", "on")


def fidelity_history(db: sqlite_utils.Database, citation_id: int) -> list[dict[str, Any]]:
    if not db.execute("SELECT 1 FROM citations WHERE id = ?", [citation_id]).fetchone():
        raise NotFound(f"no citation with id {citation_id}")
    return list(
        db.query("SELECT * FROM fidelity_verdicts WHERE citation_id = ? ORDER BY id", [citation_id])
    )
