"""Full-text search over claims that works for Japanese and Chinese at every length.

The FTS5 trigram index finds any substring of three or more characters; a shorter term
(関係, 米) cannot be a trigram query, so it is matched with LIKE on the base table. Terms
are ANDed: `search(db, "ナデラ 発表")` finds claims holding both.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

MIN_TRIGRAM = 3


def fts_query(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def like_pattern(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_sql(table: str, column: str, query: str) -> tuple[str, list[str]]:
    """A WHERE clause (on `table`) and its parameters for a search query."""
    clauses, params = [], []
    for term in query.split():
        if len(term) >= MIN_TRIGRAM:
            clauses.append(
                f"[{table}].rowid IN (SELECT rowid FROM [{table}_fts] WHERE [{table}_fts] MATCH ?)"
            )
            params.append(fts_query(term))
        else:
            clauses.append(f"[{table}].[{column}] LIKE ? ESCAPE '\\'")
            params.append(like_pattern(term))
    return " AND ".join(clauses) or "1", params


def search_claims(db: sqlite_utils.Database, query: str, limit: int = 50) -> list[dict[str, Any]]:
    where, params = search_sql("claims", "text", query)
    return list(
        db.query(
            f"SELECT claims.id, claims.document_id, claims.text, claims.kind FROM claims WHERE {where}"
            " ORDER BY claims.checkworthiness DESC, claims.id LIMIT ?",
            [*params, limit],
        )
    )
