"""The review workflow of a claim: its status, who it is assigned to, and a comment
thread, each append-only with actor and time (`claim_status`, `claim_assignments`,
`comments`); triggers keep the current status and assignee on the claims row.

Statuses: unstarted (no row yet), in-progress, needs-second-review, done. A reviewer's
queue is the claims assigned to them that are not done, most check-worthy first.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from factcheck.db import REVIEW_STATUSES, write_transaction
from factcheck.errors import InvalidValue, NotFound

MAX_COMMENT = 20_000


def _actor(actor: str) -> str:
    if not actor or not actor.strip():
        raise InvalidValue("the workflow needs the reviewer's name")
    return actor.strip()


def _claim_exists(db: sqlite_utils.Database, claim_id: int) -> None:
    if not db.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone():
        raise NotFound(f"no claim with id {claim_id}")


def set_status(db: sqlite_utils.Database, claim_id: int, status: str, *, actor: str) -> int:
    actor = _actor(actor)
    if status not in REVIEW_STATUSES:
        raise InvalidValue(f"unknown status {status!r}: one of {', '.join(REVIEW_STATUSES)}")
    with write_transaction(db):
        _claim_exists(db, claim_id)
        cursor = db.execute(
            "INSERT INTO claim_status (claim_id, status, actor) VALUES (?, ?, ?)",
            [claim_id, status, actor],
        )
    return int(cursor.lastrowid or 0)


def assign(db: sqlite_utils.Database, claim_id: int, assignee: str | None, *, actor: str) -> int:
    """Assign a claim to a reviewer (None or "" takes the assignment back)."""
    actor = _actor(actor)
    assignee = (assignee or "").strip() or None
    if assignee and len(assignee) > 64:
        raise InvalidValue("a reviewer name has at most 64 characters")
    with write_transaction(db):
        _claim_exists(db, claim_id)
        cursor = db.execute(
            "INSERT INTO claim_assignments (claim_id, assignee, actor) VALUES (?, ?, ?)",
            [claim_id, assignee, actor],
        )
    return int(cursor.lastrowid or 0)


def comment(db: sqlite_utils.Database, claim_id: int, body: str, *, actor: str) -> int:
    actor = _actor(actor)
    if not body or not body.strip():
        raise InvalidValue("a comment needs text")
    if len(body) > MAX_COMMENT:
        raise InvalidValue(f"a comment has at most {MAX_COMMENT:,} characters")
    with write_transaction(db):
        _claim_exists(db, claim_id)
        cursor = db.execute(
            "INSERT INTO comments (claim_id, body, actor) VALUES (?, ?, ?)",
            [claim_id, body.strip(), actor],
        )
    return int(cursor.lastrowid or 0)


def events(db: sqlite_utils.Database, claim_id: int) -> list[dict[str, Any]]:
    """Status changes, assignments and comments of a claim, oldest first."""
    _claim_exists(db, claim_id)
    return list(
        db.query(
            "SELECT 'status' AS type, status AS value, actor, created_at, id FROM claim_status"
            " WHERE claim_id = :c UNION ALL"
            " SELECT 'assignment', assignee, actor, created_at, id FROM claim_assignments"
            " WHERE claim_id = :c UNION ALL"
            " SELECT 'comment', body, actor, created_at, id FROM comments WHERE claim_id = :c"
            " ORDER BY created_at, type, id",
            {"c": claim_id},
        )
    )


def queue(db: sqlite_utils.Database, reviewer: str, limit: int = 200) -> list[dict[str, Any]]:
    """Claims assigned to `reviewer` that are not done, most check-worthy first."""
    return list(
        db.query(
            "SELECT c.id, c.document_id, d.title AS document, c.text, c.kind, c.checkworthiness,"
            " coalesce(c.status, 'unstarted') AS status, c.verdict FROM claims c"
            " LEFT JOIN documents d ON d.id = c.document_id"
            " WHERE c.assignee = ? AND c.retired IS NULL AND coalesce(c.status, '') != 'done'"
            " ORDER BY c.checkworthiness DESC, c.id LIMIT ?",
            [reviewer, limit],
        )
    )
