"""Full-text search over claims that works for Japanese and Chinese at every length.

The FTS5 trigram index finds any substring of three or more characters; a shorter term
(関係, 米) cannot be a trigram query, so it is matched with LIKE on the base table. Terms
are ANDed: `search_page(conn, "ナデラ 発表")` finds claims holding both.

`search_page` is what the review search page and `factcheck search` run. When a word
matches many claims it reads each of them at most once, so a word found in one claim
in ten answers about as fast as a rare one:

- the number of matches comes from the index alone when only words are searched;
- the first page, most check-worthy first, walks the check-worthiness index and stops
  after a page of matches when matches are common, or sorts the matches when they are
  rare (whichever reads fewer rows: more than about sqrt(claims × page) matches means
  the walk);
- the kind and verdict counts are one grouped pass over the matches. For words alone
  it is made when there are at most `count_limit` matches and cut off at a time
  budget, and otherwise left out, as Datasette leaves out a facet that times out;
  with a short term or a filter the matches must be read to be counted anyway, and
  that same pass gives the counts.
"""

from __future__ import annotations

import math
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlite_utils

MIN_TRIGRAM = 3
NO_VERDICT = "none"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
SEEK_COST = 6  # reading a claim by id costs about as much as six steps along an index


_LATIN_WORD_CHAR = "0-9A-Za-z\u00c0-\u024f"  # letters and digits of Latin script
_LATIN_TERM = re.compile(f"[{_LATIN_WORD_CHAR}'.&+-]+")


def is_latin(term: str) -> bool:
    return bool(_LATIN_TERM.fullmatch(term))


def whole_word(text: str | None, term: str) -> int:
    """1 if `term` is in `text` as a whole Latin-script word: not inside a longer run of
    Latin letters and digits ("AI" in "the AI model" or "AIが", not in "said" or
    "Medicaid"). A SQL function: FTS5's trigram index has no word boundaries."""
    if text is None:
        return 0
    pattern = _word_patterns.get(term)
    if pattern is None:
        pattern = re.compile(
            f"(?<![{_LATIN_WORD_CHAR}]){re.escape(term)}(?![{_LATIN_WORD_CHAR}])", re.I
        )
        _word_patterns[term] = pattern
    return 1 if pattern.search(text) else 0


_word_patterns: dict[str, re.Pattern[str]] = {}


def fts_query(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def like_pattern(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass
class SearchResults:
    """One page of claims matching a search, with the exact number of matches and, when
    they could be counted within the budget, the matches by kind and by verdict."""

    query: str
    total: int
    rows: list[dict[str, Any]]
    kinds: list[tuple[str, int]] | None = None
    verdicts: list[tuple[str, int]] | None = None
    plan: str = ""  # "walk" (check-worthiness index) or "sort" (the matches)


@contextmanager
def time_limit(conn: sqlite3.Connection, ms: float) -> Iterator[None]:
    """Interrupt statements on `conn` that run past `ms` (sqlite3.OperationalError)."""
    deadline = time.perf_counter() + ms / 1000
    conn.set_progress_handler(lambda: int(time.perf_counter() > deadline), 1000)
    try:
        yield
    finally:
        conn.set_progress_handler(None, 0)


def search_page(
    conn: sqlite3.Connection,
    query: str,
    *,
    kind: str | None = None,
    verdict: str | None = None,
    limit: int = 50,
    offset: int = 0,
    count_limit: int = 50_000,
    count_budget_ms: float = 60,
) -> SearchResults:
    """Claims matching every term of `query` (and `kind`, `verdict`: a rating name or
    "none"), most check-worthy first. A term too short for the trigram index matches
    with LIKE: a Latin-script one as a whole word (`AI` is not in "said"), a Japanese
    or Chinese one anywhere (関係 in 関係者)."""
    query = CONTROL_CHARACTERS.sub(" ", query)  # FTS5 reads a NUL as the end of the query
    conn.create_function("factcheck_whole_word", 2, whole_word, deterministic=True)
    words = [t for t in query.split() if len(t) >= MIN_TRIGRAM]
    short = [t for t in query.split() if len(t) < MIN_TRIGRAM]
    match = " ".join(fts_query(w) for w in words)
    narrow, narrow_params = [], []
    if kind:
        narrow.append("c.kind = ?")
        narrow_params.append(kind)
    if verdict == NO_VERDICT:
        narrow.append("c.verdict IS NULL")
    elif verdict:
        narrow.append("c.verdict = ?")
        narrow_params.append(verdict)
    # claims a reviewer retired (demoted, split, merged) are not claims: the full-text
    # index no longer holds them, and any other reading leaves them out
    retired = conn.execute("SELECT 1 FROM claims WHERE retired IS NOT NULL LIMIT 1").fetchone()
    if retired and (narrow or not words):
        narrow.append("c.retired IS NULL")

    # how many claims hold the words, and how many are of that kind and verdict: both
    # counted in an index alone
    matched = narrowed = None
    if words:
        matched = conn.execute(
            "SELECT count(*) FROM claims_fts WHERE claims_fts MATCH ?", [match]
        ).fetchone()[0]
    if narrow:
        narrowed = conn.execute(
            f"SELECT count(*) FROM claims c WHERE {' AND '.join(narrow)}", narrow_params
        ).fetchone()[0]

    where, params = [], []
    if words:
        # read the words' claims by id, or, when there are fewer claims of that kind and
        # verdict, walk those in their index and test each against the words ("+" keeps
        # SQLite from reading by id)
        walk_narrow = narrowed is not None and narrowed < SEEK_COST * (matched or 0)
        where.append(
            ("+" if walk_narrow else "")
            + "c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)"
        )
        params.append(match)
    where += narrow
    params += narrow_params
    for term in short:
        where.append("c.text LIKE ? ESCAPE '\\'")
        params.append(like_pattern(term))
        if is_latin(term):
            where.append("factcheck_whole_word(c.text, ?)")
            params.append(term)
    clause = " AND ".join(where) or "1"

    groups_sql = f"SELECT c.kind, c.verdict, count(*) FROM claims c WHERE {clause} GROUP BY 1, 2"
    groups: list[tuple[str, str | None, int]] | None = None
    if 0 in (matched, narrowed):
        total, groups = 0, []
    elif short or (words and narrow):
        # the matches must be read to be counted: count them by kind and verdict as well
        groups = conn.execute(groups_sql, params).fetchall()
        total = sum(n for _, _, n in groups)
    else:
        # counted in an index (the full-text index holds one row per claim: triggers keep
        # it so); count by kind and verdict only while that stays cheap
        total = (matched if words else narrowed) or 0
        if total <= count_limit:
            try:
                with time_limit(conn, count_budget_ms):
                    groups = conn.execute(groups_sql, params).fetchall()
            except sqlite3.OperationalError as e:
                if "interrupted" not in str(e):
                    raise

    claims = conn.execute("SELECT coalesce(max(id), 0) FROM claims").fetchone()[0]
    walk = total > math.sqrt(claims * (limit + offset))
    rows = []
    if offset < total:
        cursor = conn.execute(
            "SELECT c.id, c.document_id, c.text, c.kind, c.checkworthiness, c.sources,"
            " c.source_kinds, c.verdict, c.verdict_by FROM claims c"
            + (" INDEXED BY claims_checkworthiness" if walk else "")
            + f" WHERE {clause} ORDER BY c.checkworthiness DESC, c.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, r, strict=True)) for r in cursor]
    results = SearchResults(query, total, rows, plan="walk" if walk else "sort")
    if groups is not None:
        kinds: Counter[str] = Counter()
        verdicts: Counter[str] = Counter()
        for k, v, n in groups:
            kinds[k] += n
            verdicts[v or NO_VERDICT] += n
        results.kinds = kinds.most_common()
        results.verdicts = verdicts.most_common()
    return results


def search_claims(db: sqlite_utils.Database, query: str, limit: int = 50) -> list[dict[str, Any]]:
    """The most check-worthy `limit` claims matching `query`."""
    return search_page(db.conn, query, limit=limit, count_limit=0).rows
