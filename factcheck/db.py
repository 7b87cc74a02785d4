"""The database: where it lives, how it is opened, and its schema as named migrations.

`open_db()` is the only way the package opens a database. It sets WAL, foreign keys and a
busy timeout on the connection and applies, once and in order, every migration not yet
recorded in `_migrations`. Migrations are additive; commands never migrate by themselves.

Two things hold for every client, not only this package:

- `PRAGMA foreign_keys` is a setting of one connection, off by default: sqlite-utils,
  the sqlite3 shell or another program writing to the file does not check foreign keys
  unless it turns them on itself. So the scales that matter (a verdict's rating, a
  fidelity level, a claim's kind) are enforced by triggers against their lookup tables
  (`ratings`, `fidelity_levels`, `claim_kinds`), which run on every connection, and
  other closed sets by CHECK constraints.
- In WAL mode a committed write sits in `factcheck.db-wal` until a checkpoint copies it
  into the main file. `close_db()` checkpoints when the connection wrote, so a command
  that ends leaves a main file that holds every committed write (and `factcheck db
  checkpoint` does it on demand): a copy of `factcheck.db` alone is complete.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from factcheck.errors import InputError, InvalidValue
from factcheck.scale import BEST_RATING, DEFAULT_RATINGS, FIDELITY_LEVELS, WORST_RATING
from factcheck.timestamps import SQL_NOW

DEFAULT_DB = Path("db") / "factcheck.db"
BUSY_TIMEOUT_MS = 10_000

Migration = Callable[[sqlite_utils.Database], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


def default_db_path() -> Path:
    """`FACTCHECK_DB` if set, else db/factcheck.db."""
    return Path(os.environ.get("FACTCHECK_DB") or DEFAULT_DB)


def open_db(path: str | Path | None = None, *, create: bool = True) -> sqlite_utils.Database:
    path = Path(path) if path else default_db_path()
    if not create and not path.exists():
        raise InputError(f"no database at {path}: run `factcheck ingest` first")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        # WAL with NORMAL sync cannot corrupt the file; a power cut may lose only the last
        # transactions, never half of one, at a fraction of FULL's fsyncs
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        db = sqlite_utils.Database(conn)
        migrate(db)
    except sqlite3.DatabaseError as e:
        raise InputError(f"{path} is not a factcheck database: {e}") from e
    return db


def checkpoint(db: sqlite_utils.Database, mode: str = "TRUNCATE") -> tuple[int, int, int]:
    """Copy every committed write from the WAL into the main file (`TRUNCATE` also empties
    the WAL). Returns SQLite's (busy, WAL frames, frames checkpointed): busy is 1 when a
    reader kept it from finishing within the busy timeout."""
    busy, frames, done = db.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
    return int(busy), int(frames), int(done)


def close_db(db: sqlite_utils.Database) -> None:
    """Close a connection, checkpointing first if it wrote anything."""
    try:
        if db.conn.total_changes:
            checkpoint(db, "FULL")
    finally:
        db.conn.close()


# pages the WAL may hold before a commit copies them into the database (SQLite's default
# is 1,000): a bulk write copies fewer times; a reader's view is the same either way
BULK_AUTOCHECKPOINT = 10_000


@contextmanager
def bulk_writes(db: sqlite_utils.Database) -> Iterator[None]:
    """Checkpoint the WAL less often while the block writes many transactions (ingest of
    many files: a third of its commit time went to checkpoints), then as usual again."""
    (before,) = db.execute("PRAGMA wal_autocheckpoint").fetchone()
    db.execute(f"PRAGMA wal_autocheckpoint = {BULK_AUTOCHECKPOINT}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA wal_autocheckpoint = {int(before)}")


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT: takes the write lock up front so read-then-write is safe,
    and rolls back on any error so nothing is half-written."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


SETTINGS = {
    "require_second_review": "off: a verdict is published once recorded; on: only once a second reviewer signs it off",
    "organization": "the fact-checking organisation named as ClaimReview author",
    "organization_url": "its home page",
    "report_base_url": "where published reports live (ClaimReview url)",
    "archive_base_url": "where archived copies are served (Robust Links data-versionurl)",
}


def get_setting(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_setting(db: sqlite_utils.Database, key: str, value: str) -> None:
    if key not in SETTINGS:
        raise InvalidValue(f"unknown setting {key!r}: one of {', '.join(SETTINGS)}")
    with write_transaction(db):
        db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, value])


def migrate(db: sqlite_utils.Database) -> list[str]:
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in db.execute("SELECT name FROM _migrations").fetchall()}
    applied = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        with write_transaction(db):
            # another process opening the same new file may have applied it meanwhile
            if db.execute("SELECT 1 FROM _migrations WHERE name = ?", [name]).fetchone():
                continue
            fn(db)
            db.execute(f"INSERT INTO _migrations (name, applied_at) VALUES (?, {SQL_NOW})", [name])
        applied.append(name)
    return applied


@migration
def m001_core(db: sqlite_utils.Database) -> None:
    for statement in CORE_SCHEMA.split(";\n"):
        if statement.strip():
            db.execute(statement)


@migration
def m002_ratings(db: sqlite_utils.Database) -> None:
    # the first scale, 6 (true) … 1 (unverifiable); m015 puts unverifiable outside it
    first_scale = [
        ("true", 6, "True", "True"),
        ("mostly-true", 5, "Mostly true", "Mostly true"),
        ("mixed", 4, "Mixed", "Half true"),
        ("mostly-false", 3, "Mostly false", "Mostly false"),
        ("false", 2, "False", "False"),
        ("unverifiable", 1, "Unverifiable", "Unproven"),
    ]
    for position, (name, value, label, alternate) in enumerate(first_scale, 1):
        db.execute(
            "INSERT OR IGNORE INTO ratings (name, label, rating_value, best_rating, worst_rating,"
            " alternate_name, position) VALUES (?, ?, ?, 6, 1, ?, ?)",
            [name, label, value, alternate, position],
        )


@migration
def m003_search(db: sqlite_utils.Database) -> None:
    # trigram finds Japanese and Chinese substrings of 3+ characters; shorter queries fall
    # back to LIKE (factcheck.search), which unicode61 could not serve either.
    for table in ("claims", "segments"):
        create_trigram_fts(db, table, "text")


def create_trigram_fts(db: sqlite_utils.Database, table: str, column: str) -> None:
    """An external-content FTS5 table kept in step by triggers (the layout sqlite-utils'
    enable_fts makes, written here so it runs inside the migration's transaction)."""
    fts = f"{table}_fts"
    db.execute(
        f"CREATE VIRTUAL TABLE [{fts}] USING FTS5 ([{column}], content=[{table}],"
        " tokenize='trigram')"
    )
    db.execute(f"INSERT INTO [{fts}] (rowid, [{column}]) SELECT rowid, [{column}] FROM [{table}]")
    db.execute(
        f"CREATE TRIGGER [{table}_ai] AFTER INSERT ON [{table}] BEGIN"
        f" INSERT INTO [{fts}] (rowid, [{column}]) VALUES (new.rowid, new.[{column}]); END"
    )
    db.execute(
        f"CREATE TRIGGER [{table}_ad] AFTER DELETE ON [{table}] BEGIN"
        f" INSERT INTO [{fts}] ([{fts}], rowid, [{column}])"
        f" VALUES ('delete', old.rowid, old.[{column}]); END"
    )
    db.execute(
        f"CREATE TRIGGER [{table}_au] AFTER UPDATE ON [{table}] BEGIN"
        f" INSERT INTO [{fts}] ([{fts}], rowid, [{column}])"
        f" VALUES ('delete', old.rowid, old.[{column}]);"
        f" INSERT INTO [{fts}] (rowid, [{column}]) VALUES (new.rowid, new.[{column}]); END"
    )


@migration
def m004_citation_urls_and_review(db: sqlite_utils.Database) -> None:
    # the URL the text links the cited source to, and a reviewer's decision on a suggestion
    db.execute("ALTER TABLE citations ADD COLUMN url TEXT")
    db.execute(
        "ALTER TABLE citations ADD COLUMN status TEXT"
        " CHECK (status IN ('suggested', 'confirmed', 'rejected'))"
    )
    db.execute("UPDATE citations SET status = 'suggested' WHERE inferred = 1")


@migration
def m005_captures(db: sqlite_utils.Database) -> None:
    db.execute("ALTER TABLE sources ADD COLUMN cited_url TEXT")  # the page to capture (set-url)
    db.execute(
        """CREATE TABLE warc_files (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            committed_bytes INTEGER NOT NULL,
            records INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """CREATE TABLE captures (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            final_url TEXT,
            redirects TEXT NOT NULL DEFAULT '[]',
            status INTEGER,
            headers TEXT NOT NULL DEFAULT '{}',
            content_type TEXT,
            charset TEXT,
            charset_source TEXT,
            replacement_chars INTEGER,
            size INTEGER,
            sha256 TEXT,
            fetched_at TEXT NOT NULL,
            title TEXT,
            author TEXT,
            published TEXT,
            canonical_url TEXT,
            lang TEXT,
            text TEXT,
            text_sha256 TEXT,
            classification TEXT NOT NULL CHECK (classification IN
                ('ok', 'paywall', 'login', 'challenge', 'soft-404', 'not-html', 'error')),
            reason TEXT,
            warc_file_id INTEGER REFERENCES warc_files(id),
            warc_offset INTEGER,
            warc_length INTEGER,
            source_id INTEGER REFERENCES sources(id),
            wayback INTEGER NOT NULL DEFAULT 0,
            original_url TEXT,
            previous_id INTEGER REFERENCES captures(id),
            changed INTEGER,
            diff TEXT
        )"""
    )
    db.execute("CREATE INDEX captures_url ON captures(url, id)")
    db.execute("CREATE INDEX captures_source ON captures(source_id)")
    db.execute(
        """CREATE TABLE fetch_attempts (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            at TEXT NOT NULL,
            outcome TEXT NOT NULL,
            error TEXT
        )"""
    )
    db.execute("CREATE INDEX fetch_attempts_url ON fetch_attempts(url, at)")
    create_trigram_fts(db, "captures", "text")


@migration
def m006_verdict_axes(db: sqlite_utils.Database) -> None:
    # a verdict's date of validity and its evidence capture; fidelity of each citation;
    # second-review sign-offs; project settings
    db.execute("ALTER TABLE verdicts ADD COLUMN as_of TEXT")
    db.execute("ALTER TABLE verdicts ADD COLUMN capture_id INTEGER REFERENCES captures(id)")
    db.execute(
        """CREATE TABLE fidelity_levels (
            name TEXT PRIMARY KEY, label TEXT NOT NULL, description TEXT NOT NULL, position INTEGER NOT NULL
        )"""
    )
    for position, (name, label, description) in enumerate(FIDELITY_LEVELS, 1):
        db.execute(
            "INSERT INTO fidelity_levels (name, label, description, position) VALUES (?, ?, ?, ?)",
            [name, label, description, position],
        )
    db.execute(
        """CREATE TABLE fidelity_verdicts (
            id INTEGER PRIMARY KEY,
            citation_id INTEGER NOT NULL REFERENCES citations(id),
            fidelity TEXT NOT NULL REFERENCES fidelity_levels(name),
            note TEXT,
            reviewer TEXT NOT NULL,
            evidence_url TEXT,
            capture_id INTEGER REFERENCES captures(id),
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        )"""
    )
    db.execute("CREATE INDEX fidelity_verdicts_citation ON fidelity_verdicts(citation_id, id)")
    for op in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER fidelity_verdicts_append_only_{op.lower()} BEFORE {op} ON fidelity_verdicts"
            " BEGIN SELECT RAISE(ABORT, 'fidelity verdicts are append-only: record a new one'); END"
        )
    db.execute(
        """CREATE VIEW current_fidelity AS SELECT f.* FROM fidelity_verdicts f
        WHERE f.id = (SELECT max(id) FROM fidelity_verdicts WHERE citation_id = f.citation_id)"""
    )
    db.execute(
        """CREATE TABLE signoffs (
            id INTEGER PRIMARY KEY,
            verdict_id INTEGER NOT NULL UNIQUE REFERENCES verdicts(id),
            reviewer TEXT NOT NULL,
            note TEXT,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        )"""
    )
    db.execute(
        """CREATE TRIGGER signoffs_second_reviewer BEFORE INSERT ON signoffs
        WHEN new.reviewer = (SELECT reviewer FROM verdicts WHERE id = new.verdict_id)
        BEGIN SELECT RAISE(ABORT, 'a sign-off needs a second reviewer, not the verdict''s author'); END"""
    )
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _source_name_triggers(db: sqlite_utils.Database, refresh: str) -> None:
    """Triggers that run `refresh` (SQL with {0} for the claim id) when citations change."""
    db.execute(
        f"CREATE TRIGGER citations_sources_ai AFTER INSERT ON citations BEGIN {refresh.format('new.claim_id')}; END"
    )
    db.execute(
        f"CREATE TRIGGER citations_sources_ad AFTER DELETE ON citations BEGIN {refresh.format('old.claim_id')}; END"
    )
    db.execute(
        "CREATE TRIGGER citations_sources_au AFTER UPDATE OF source_id, inferred ON citations BEGIN"
        f" {refresh.format('old.claim_id')}; {refresh.format('new.claim_id')}; END"
    )


@migration
def m007_claims_at_scale(db: sqlite_utils.Database) -> None:
    """The review list at a million claims: the current verdict and the stated sources'
    names and kinds live on `claims`, kept by triggers (verdicts are append-only, so the
    newest row is the current one), and `claim_list` reads indexed columns only."""
    for column in (
        "verdict TEXT",
        "verdict_by TEXT",
        "verdict_at TEXT",
        "sources TEXT NOT NULL DEFAULT '[]'",
        "source_kinds TEXT NOT NULL DEFAULT '[]'",
    ):
        db.execute(f"ALTER TABLE claims ADD COLUMN {column}")
    # the FTS index follows the text only, not every verdict written to the row
    db.execute("DROP TRIGGER claims_au")
    db.execute(
        "CREATE TRIGGER claims_au AFTER UPDATE OF text ON claims BEGIN"
        " INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', old.rowid, old.text);"
        " INSERT INTO claims_fts (rowid, text) VALUES (new.rowid, new.text); END"
    )
    db.execute(
        "CREATE TRIGGER verdicts_current AFTER INSERT ON verdicts BEGIN"
        " UPDATE claims SET verdict = new.rating, verdict_by = new.reviewer, verdict_at = new.created_at"
        " WHERE id = new.claim_id; END"
    )
    refresh = (
        "UPDATE claims SET"
        " sources = (SELECT json_group_array(s.name) FROM citations ci JOIN sources s ON s.id = ci.source_id"
        "  WHERE ci.claim_id = {0} AND ci.inferred = 0),"
        " source_kinds = (SELECT json_group_array(DISTINCT s.kind) FROM citations ci JOIN sources s"
        "  ON s.id = ci.source_id WHERE ci.claim_id = {0} AND ci.inferred = 0)"
        " WHERE id = {0}"
    )
    _source_name_triggers(db, refresh)
    db.execute(
        "UPDATE claims SET verdict = cv.rating, verdict_by = cv.reviewer, verdict_at = cv.created_at"
        " FROM current_verdicts cv WHERE cv.claim_id = claims.id"
    )
    db.execute(
        refresh.format("claims.id").replace(
            " WHERE id = claims.id",
            " WHERE EXISTS (SELECT 1 FROM citations WHERE claim_id = claims.id)",
        )
    )
    for index in ("kind", "checkworthiness", "verdict"):
        db.execute(f"CREATE INDEX claims_{index} ON claims({index})")
    db.execute("DROP VIEW claim_list")
    db.execute(
        """CREATE VIEW claim_list AS SELECT
            c.id, c.document_id, c.text, c.kind, c.checkworthiness, c.occurrences, c.start, c."end",
            c.sources, c.source_kinds,
            (SELECT cue FROM citations ci WHERE ci.claim_id = c.id AND ci.inferred = 0
             ORDER BY ci.id LIMIT 1) AS cue,
            c.verdict, c.verdict_by, c.verdict_at
        FROM claims c"""
    )
    db.execute("DROP VIEW citation_list")
    db.execute(
        """CREATE VIEW citation_list AS SELECT
            ci.id, ci.claim_id, c.text AS claim, s.name AS source, s.kind AS source_kind, ci.cue,
            ci.inferred, ci.score, ci.via, c.verdict
        FROM citations ci JOIN claims c ON c.id = ci.claim_id JOIN sources s ON s.id = ci.source_id"""
    )


@migration
def m008_lookup_indexes(db: sqlite_utils.Database) -> None:
    # ingest looks documents up by path and counts reference entries per document: without
    # these, each ingest scans everything ingested before it
    db.execute("CREATE INDEX documents_path ON documents(path, version)")
    db.execute("CREATE INDEX reference_entries_document ON reference_entries(document_id)")
    db.execute("CREATE INDEX works_reference ON works(reference_id)")


@migration
def m009_registry_articles(db: sqlite_utils.Database) -> None:
    db.execute(
        "ALTER TABLE sources ADD COLUMN articles TEXT NOT NULL DEFAULT '[]'"
    )  # known article URLs


@migration
def m010_facet_indexes(db: sqlite_utils.Database) -> None:
    # kind and verdict each lead an index that holds the other: the table page's facets,
    # and a search narrowed to one kind or verdict, count from the index alone
    db.execute("DROP INDEX claims_kind")
    db.execute("DROP INDEX claims_verdict")
    db.execute("CREATE INDEX claims_kind_verdict ON claims(kind, verdict)")
    db.execute("CREATE INDEX claims_verdict_kind ON claims(verdict, kind)")


FACET_COUNTED = ("kind", "verdict")  # claims columns whose counts facet_counts keeps


@migration
def m011_facet_counts(db: sqlite_utils.Database) -> None:
    """Claims by kind and by verdict, kept by triggers, so the unfiltered table page's
    facets read a handful of rows instead of counting a million (datasette_plugin's
    CountedFacet)."""
    db.execute(
        "CREATE TABLE facet_counts (column_name TEXT NOT NULL, value TEXT NOT NULL,"
        " n INTEGER NOT NULL, PRIMARY KEY (column_name, value)) WITHOUT ROWID"
    )

    def add(row: str, sign: str, changed: bool = False) -> str:
        return " ".join(
            f"INSERT INTO facet_counts SELECT '{c}', {row}.{c}, {sign}1 WHERE {row}.{c} IS NOT NULL"
            + (f" AND old.{c} IS NOT new.{c}" if changed else "")
            + f" ON CONFLICT DO UPDATE SET n = n {sign} 1;"
            for c in FACET_COUNTED
        )

    db.execute(
        f"CREATE TRIGGER claims_counts_ai AFTER INSERT ON claims BEGIN {add('new', '+')} END"
    )
    db.execute(
        f"CREATE TRIGGER claims_counts_ad AFTER DELETE ON claims BEGIN {add('old', '-')} END"
    )
    db.execute(
        f"CREATE TRIGGER claims_counts_au AFTER UPDATE OF {', '.join(FACET_COUNTED)} ON claims"
        f" BEGIN {add('old', '-', changed=True)} {add('new', '+', changed=True)} END"
    )
    for c in FACET_COUNTED:
        db.execute(
            f"INSERT INTO facet_counts SELECT '{c}', {c}, count(*) FROM claims"
            f" WHERE {c} IS NOT NULL GROUP BY {c}"
        )


CORE_SCHEMA = """
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN
        ('outlet', 'person', 'organization', 'work', 'anonymous', 'unnamed')),
    aliases TEXT NOT NULL DEFAULT '[]',
    url TEXT,
    domains TEXT NOT NULL DEFAULT '[]',
    description TEXT,
    reviewed INTEGER NOT NULL DEFAULT 0,
    merged_into INTEGER REFERENCES sources(id)
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    title TEXT,
    lang TEXT,
    sha256 TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    encoding TEXT,
    url TEXT,
    credited_origin TEXT,
    origin_source_id INTEGER REFERENCES sources(id),
    version INTEGER NOT NULL DEFAULT 1,
    supersedes INTEGER REFERENCES documents(id),
    metadata TEXT NOT NULL DEFAULT '{}',
    ingested_at TEXT NOT NULL
);
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    offsets TEXT NOT NULL,
    occurrences INTEGER NOT NULL DEFAULT 1,
    kind TEXT NOT NULL,
    checkworthiness REAL NOT NULL,
    quote TEXT,
    paragraph INTEGER NOT NULL
);
CREATE INDEX claims_document ON claims(document_id, start);
CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    reason TEXT
);
CREATE INDEX segments_document ON segments(document_id, start);
CREATE TABLE reference_entries (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    number INTEGER,
    outlet TEXT,
    source_id INTEGER REFERENCES sources(id),
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE TABLE works (
    id INTEGER PRIMARY KEY,
    reference_id INTEGER NOT NULL REFERENCES reference_entries(id),
    source_id INTEGER REFERENCES sources(id),
    title TEXT NOT NULL,
    title_translated TEXT,
    url TEXT
);
CREATE TABLE citations (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    source_id INTEGER NOT NULL REFERENCES sources(id),
    cue TEXT,
    cue_start INTEGER,
    cue_end INTEGER,
    surface TEXT,
    inferred INTEGER NOT NULL DEFAULT 0,
    score REAL,
    via TEXT NOT NULL DEFAULT '[]',
    reference_id INTEGER REFERENCES reference_entries(id),
    UNIQUE (claim_id, source_id)
);
CREATE INDEX citations_source ON citations(source_id);
CREATE TABLE ratings (
    name TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    rating_value INTEGER NOT NULL,
    best_rating INTEGER NOT NULL,
    worst_rating INTEGER NOT NULL,
    alternate_name TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE verdicts (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    rating TEXT NOT NULL REFERENCES ratings(name),
    note TEXT,
    reviewer TEXT NOT NULL,
    evidence_url TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX verdicts_claim ON verdicts(claim_id, id);
CREATE TRIGGER verdicts_append_only_update BEFORE UPDATE ON verdicts
BEGIN SELECT RAISE(ABORT, 'verdicts are append-only: record a new verdict instead'); END;
CREATE TRIGGER verdicts_append_only_delete BEFORE DELETE ON verdicts
BEGIN SELECT RAISE(ABORT, 'verdicts are append-only: record a new verdict instead'); END;
CREATE VIEW current_verdicts AS
SELECT v.* FROM verdicts v
WHERE v.id = (SELECT max(id) FROM verdicts WHERE claim_id = v.claim_id);
CREATE VIEW claim_list AS
SELECT
    c.id, c.document_id, d.title AS document, c.text, c.kind, c.checkworthiness,
    c.occurrences, c.start, c."end",
    (SELECT json_group_array(s.name) FROM citations ci JOIN sources s ON s.id = ci.source_id
     WHERE ci.claim_id = c.id AND ci.inferred = 0) AS sources,
    (SELECT json_group_array(DISTINCT s.kind) FROM citations ci
     JOIN sources s ON s.id = ci.source_id
     WHERE ci.claim_id = c.id AND ci.inferred = 0) AS source_kinds,
    (SELECT cue FROM citations ci WHERE ci.claim_id = c.id AND ci.inferred = 0
     ORDER BY ci.id LIMIT 1) AS cue,
    cv.rating AS verdict, cv.reviewer AS verdict_by, cv.created_at AS verdict_at
FROM claims c
JOIN documents d ON d.id = c.document_id
LEFT JOIN current_verdicts cv ON cv.claim_id = c.id;
CREATE VIEW citation_list AS
SELECT
    ci.id, ci.claim_id, c.text AS claim, s.name AS source, s.kind AS source_kind, ci.cue,
    ci.inferred, ci.score, ci.via, cv.rating AS verdict
FROM citations ci
JOIN claims c ON c.id = ci.claim_id
JOIN sources s ON s.id = ci.source_id
LEFT JOIN current_verdicts cv ON cv.claim_id = ci.claim_id
"""


@migration
def m012_capture_queue(db: sqlite_utils.Database) -> None:
    """URLs asked for (on the command line, by set-url, merge or ingest) wait here until a
    good capture exists, so a killed run's URLs are resumed by a bare `fetch`; the lease
    columns let concurrent runs split the work: a URL is fetched by the run holding its
    lease, and by no other at the same time. `captures.failure` is the class of a failed
    capture (dns, refused, reset, timeout, tls, too-large, robots, protocol, http, …)."""
    db.execute(
        """CREATE TABLE capture_queue (
            url TEXT PRIMARY KEY,
            source_id INTEGER REFERENCES sources(id),
            requested_at TEXT NOT NULL,
            lease_owner TEXT,
            lease_pid INTEGER,
            lease_expires REAL
        )"""
    )
    db.execute("ALTER TABLE captures ADD COLUMN failure TEXT")
    db.execute("ALTER TABLE warc_files ADD COLUMN warcinfo_id TEXT")  # every record names it


@migration
def m013_url_candidates(db: sqlite_utils.Database) -> None:
    """URLs `factcheck resolve` proposes for works cited by title only, each with its
    score and evidence, until a reviewer confirms (the work gets the URL) or rejects it."""
    db.execute(
        """CREATE TABLE url_candidates (
            id INTEGER PRIMARY KEY,
            work_id INTEGER NOT NULL REFERENCES works(id),
            source_id INTEGER REFERENCES sources(id),
            url TEXT NOT NULL,
            title TEXT,
            method TEXT NOT NULL,
            score REAL NOT NULL,
            rank INTEGER NOT NULL,
            evidence TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'suggested'
                CHECK (status IN ('suggested', 'confirmed', 'rejected')),
            created_at TEXT NOT NULL,
            reviewed_at TEXT,
            UNIQUE (work_id, url)
        )"""
    )


@migration
def m014_enforced_scales(db: sqlite_utils.Database) -> None:
    """A rating, fidelity level or claim kind outside its scale cannot be stored by any
    client: triggers check the lookup tables whatever a connection's foreign_keys says."""
    db.execute(
        "CREATE TABLE claim_kinds (name TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID"
    )
    # classify.CLAIM_KINDS when this migration was written; a new kind is a new migration
    for position, name in enumerate(("event", "statistic", "quote", "intent", "prediction"), 1):
        db.execute("INSERT INTO claim_kinds (name, position) VALUES (?, ?)", [name, position])
    checks = [
        ("verdicts", "rating", "ratings", "INSERT", "rating"),
        ("fidelity_verdicts", "fidelity", "fidelity_levels", "INSERT", "fidelity level"),
        ("claims", "kind", "claim_kinds", "INSERT", "claim kind"),
        ("claims", "kind", "claim_kinds", "UPDATE OF kind", "claim kind"),
    ]
    for table, column, lookup, event, what in checks:
        name = f"{table}_{column}_in_{lookup}_{event.split()[0].lower()}"
        db.execute(
            f"CREATE TRIGGER {name} BEFORE {event} ON {table}"
            f" WHEN NOT EXISTS (SELECT 1 FROM {lookup} WHERE name = new.{column})"
            f" BEGIN SELECT RAISE(ABORT, 'unknown {what}: not in {lookup}'); END"
        )


@migration
def m015_claimreview_scale(db: sqlite_utils.Database) -> None:
    """Ratings keep their order in ClaimReview: false 1 … true 5, and unverifiable (which
    ranked below false at 1) outside the numeric scale, with a NULL rating_value."""
    db.execute("ALTER TABLE ratings ADD COLUMN value INTEGER")
    for name, value, _label, _alternate in DEFAULT_RATINGS:
        db.execute("UPDATE ratings SET value = ? WHERE name = ?", [value, name])
    db.execute("UPDATE ratings SET best_rating = ?, worst_rating = ?", [BEST_RATING, WORST_RATING])
    db.execute("ALTER TABLE ratings DROP COLUMN rating_value")  # NOT NULL: made nullable
    db.execute("ALTER TABLE ratings RENAME COLUMN value TO rating_value")


@migration
def m016_rfc3339_timestamps(db: sqlite_utils.Database) -> None:
    """Every stored time in one format, RFC 3339 UTC with Z (factcheck.timestamps):
    ingested_at, fetched_at and the like were written with +00:00, _migrations with a
    space and no zone."""
    columns = [
        ("documents", "ingested_at"),
        ("captures", "fetched_at"),
        ("fetch_attempts", "at"),
        ("warc_files", "created_at"),
        ("_migrations", "applied_at"),
        ("capture_queue", "requested_at"),
        ("url_candidates", "created_at"),
        ("url_candidates", "reviewed_at"),
    ]
    for table, column in columns:
        db.execute(
            f"UPDATE {table} SET {column} = strftime('%Y-%m-%dT%H:%M:%fZ', {column})"
            f" WHERE {column} NOT LIKE '%Z' AND strftime('%Y-%m-%dT%H:%M:%fZ', {column}) IS NOT NULL"
        )


WEB_URL_CHECK = (
    "({0} LIKE 'http://_%' OR {0} LIKE 'https://_%')"
    " AND {0} NOT GLOB ('*[' || char(9, 10, 13, 32) || '\\]*')"
)


@migration
def m017_verdict_value_checks(db: sqlite_utils.Database) -> None:
    """What `factcheck verdict` refuses, the database refuses too, so no client (the
    Datasette canned queries among them) can store it: an as-of date that is not a real
    YYYY-MM-DD date, an evidence URL that is not http(s)."""
    for table in ("verdicts", "fidelity_verdicts"):
        db.execute(
            f"CREATE TRIGGER {table}_evidence_url BEFORE INSERT ON {table}"
            f" WHEN new.evidence_url IS NOT NULL AND NOT ({WEB_URL_CHECK.format('new.evidence_url')})"
            " BEGIN SELECT RAISE(ABORT, 'evidence URL must be an http(s) URL'); END"
        )
    db.execute(
        "CREATE TRIGGER verdicts_as_of_date BEFORE INSERT ON verdicts"
        " WHEN new.as_of IS NOT NULL AND date(new.as_of, '+0 days') IS NOT new.as_of"
        " BEGIN SELECT RAISE(ABORT, 'as-of date must be a date written YYYY-MM-DD'); END"
    )


REVIEW_STATUSES = ("unstarted", "in-progress", "needs-second-review", "done")


def _append_only(db: sqlite_utils.Database, table: str, what: str) -> None:
    for op in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER {table}_append_only_{op.lower()} BEFORE {op} ON {table}"
            f" BEGIN SELECT RAISE(ABORT, '{what} are append-only: record a new one'); END"
        )


@migration
def m018_corrections_and_workflow(db: sqlite_utils.Database) -> None:
    """Reviewers' corrections of the extraction and the review workflow, all append-only.

    `corrections` logs every change to an attribution (add, remove, set cue and via: the
    latest row per citation decides, see `current_citations`), to a claim's kind, and
    to what is a claim (demote, restore, promote a segment, split, merge). The claims
    row carries the current state that search, facets and reports read: `kind`,
    `retired` (demoted, split or merged: no longer a claim), `origin` (how a reviewer
    made it), `status` and `assignee` (kept from `claim_status`, `claim_assignments`);
    the extraction stays in `citations`, `segments` and each correction's `previous`."""
    db.execute(
        f"""CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            action TEXT NOT NULL CHECK (action IN ('add-source', 'remove-source',
                'set-attribution', 'set-kind', 'demote', 'restore', 'promote', 'split', 'merge')),
            citation_id INTEGER REFERENCES citations(id),
            cue TEXT,
            via TEXT,
            kind TEXT,
            reason TEXT,
            segment_id INTEGER REFERENCES segments(id),
            related TEXT NOT NULL DEFAULT '[]',
            previous TEXT,
            actor TEXT NOT NULL CHECK (length(actor) > 0),
            created_at TEXT NOT NULL DEFAULT ({SQL_NOW})
        )"""
    )
    db.execute("CREATE INDEX corrections_claim ON corrections(claim_id, id)")
    db.execute("CREATE INDEX corrections_citation ON corrections(citation_id, id)")
    _append_only(db, "corrections", "corrections")
    db.execute("ALTER TABLE citations ADD COLUMN added INTEGER NOT NULL DEFAULT 0")
    for column in ("retired TEXT", "origin TEXT", "status TEXT", "assignee TEXT"):
        db.execute(f"ALTER TABLE claims ADD COLUMN {column}")
    # the retired are few: this finds whether there are any at once; and the pages that
    # read the current claims (claim_list, search) read these partial indexes of the
    # others as they read the full ones before, counting from the index alone (SQLite
    # counts a partial index as covering only when it holds the column of its WHERE:
    # without `retired` in it, counting claim_list read every row, 12× slower)
    db.execute("CREATE INDEX claims_retired ON claims(retired) WHERE retired IS NOT NULL")
    for name, columns in (
        ("checkworthiness", "checkworthiness"),
        ("kind_verdict", "kind, verdict"),
        ("verdict_kind", "verdict, kind"),
    ):
        db.execute(
            f"CREATE INDEX claims_current_{name} ON claims({columns}, retired)"
            " WHERE retired IS NULL"
        )
    db.execute("CREATE INDEX claims_assignee ON claims(assignee, checkworthiness)")
    db.execute(
        """CREATE VIEW current_citations AS SELECT
            ci.id, ci.claim_id, ci.source_id,
            CASE WHEN lc.id IS NULL THEN ci.cue ELSE lc.cue END AS cue,
            ci.cue_start, ci.cue_end, ci.surface, ci.inferred, ci.score,
            CASE WHEN lc.id IS NULL THEN ci.via ELSE coalesce(lc.via, '[]') END AS via,
            ci.reference_id, ci.url, ci.status, ci.added,
            lc.id AS correction_id, lc.actor AS corrected_by, lc.created_at AS corrected_at
        FROM citations ci
        LEFT JOIN corrections lc ON lc.id =
            (SELECT max(id) FROM corrections WHERE citation_id = ci.id)
        WHERE coalesce(lc.action, '') != 'remove-source'"""
    )
    # the names and kinds of a claim's stated sources follow the corrected attributions
    refresh = (
        "UPDATE claims SET"
        " sources = (SELECT json_group_array(s.name) FROM current_citations ci JOIN sources s"
        "  ON s.id = ci.source_id WHERE ci.claim_id = {0} AND ci.inferred = 0),"
        " source_kinds = (SELECT json_group_array(DISTINCT s.kind) FROM current_citations ci"
        "  JOIN sources s ON s.id = ci.source_id WHERE ci.claim_id = {0} AND ci.inferred = 0)"
        " WHERE id = {0}"
    )
    for name in ("citations_sources_ai", "citations_sources_ad", "citations_sources_au"):
        db.execute(f"DROP TRIGGER {name}")
    _source_name_triggers(db, refresh)
    db.execute(
        "CREATE TRIGGER corrections_sources AFTER INSERT ON corrections"
        f" WHEN new.citation_id IS NOT NULL BEGIN {refresh.format('new.claim_id')}; END"
    )
    # a retired claim leaves the search index and the facet counts; restored, it returns
    db.execute("DROP TRIGGER claims_ad")
    db.execute(
        "CREATE TRIGGER claims_ad AFTER DELETE ON claims WHEN old.retired IS NULL BEGIN"
        " INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', old.rowid, old.text); END"
    )
    db.execute(
        "CREATE TRIGGER claims_retired AFTER UPDATE OF retired ON claims"
        " WHEN (old.retired IS NULL) != (new.retired IS NULL) BEGIN"
        " INSERT INTO claims_fts (claims_fts, rowid, text)"
        "  SELECT 'delete', old.rowid, old.text WHERE new.retired IS NOT NULL;"
        " INSERT INTO claims_fts (rowid, text) SELECT new.rowid, new.text WHERE new.retired IS NULL;"
        " END"
    )
    for name in ("claims_counts_ai", "claims_counts_ad", "claims_counts_au"):
        db.execute(f"DROP TRIGGER {name}")

    def count(row: str, sign: str, when: str) -> str:
        return " ".join(
            f"INSERT INTO facet_counts SELECT '{c}', {row}.{c}, {sign}1"
            f" WHERE {row}.{c} IS NOT NULL AND {row}.retired IS NULL{when.format(c=c)}"
            f" ON CONFLICT DO UPDATE SET n = n {sign} 1;"
            for c in FACET_COUNTED
        )

    changed = " AND (old.{c} IS NOT new.{c} OR (old.retired IS NULL) != (new.retired IS NULL))"
    db.execute(
        f"CREATE TRIGGER claims_counts_ai AFTER INSERT ON claims BEGIN {count('new', '+', '')} END"
    )
    db.execute(
        f"CREATE TRIGGER claims_counts_ad AFTER DELETE ON claims BEGIN {count('old', '-', '')} END"
    )
    db.execute(
        f"CREATE TRIGGER claims_counts_au AFTER UPDATE OF {', '.join(FACET_COUNTED)}, retired"
        f" ON claims BEGIN {count('old', '-', changed)} {count('new', '+', changed)} END"
    )
    statuses = ", ".join(f"'{s}'" for s in REVIEW_STATUSES)
    db.execute(
        f"""CREATE TABLE claim_status (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            status TEXT NOT NULL CHECK (status IN ({statuses})),
            actor TEXT NOT NULL CHECK (length(actor) > 0),
            created_at TEXT NOT NULL DEFAULT ({SQL_NOW})
        )"""
    )
    db.execute(
        f"""CREATE TABLE claim_assignments (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            assignee TEXT CHECK (assignee IS NULL OR length(assignee) BETWEEN 1 AND 64),
            actor TEXT NOT NULL CHECK (length(actor) > 0),
            created_at TEXT NOT NULL DEFAULT ({SQL_NOW})
        )"""
    )
    db.execute(
        f"""CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            body TEXT NOT NULL CHECK (length(trim(body)) BETWEEN 1 AND 20000),
            actor TEXT NOT NULL CHECK (length(actor) > 0),
            created_at TEXT NOT NULL DEFAULT ({SQL_NOW})
        )"""
    )
    for table, what in (
        ("claim_status", "status changes"),
        ("claim_assignments", "assignments"),
        ("comments", "comments"),
    ):
        db.execute(f"CREATE INDEX {table}_claim ON {table}(claim_id, id)")
        _append_only(db, table, what)
    db.execute(
        "CREATE TRIGGER claim_status_current AFTER INSERT ON claim_status BEGIN"
        " UPDATE claims SET status = new.status WHERE id = new.claim_id; END"
    )
    db.execute(
        "CREATE TRIGGER claim_assignments_current AFTER INSERT ON claim_assignments BEGIN"
        " UPDATE claims SET assignee = new.assignee WHERE id = new.claim_id; END"
    )
    db.execute("DROP VIEW claim_list")
    db.execute(
        """CREATE VIEW claim_list AS SELECT
            c.id, c.document_id, (SELECT title FROM documents WHERE id = c.document_id) AS document,
            c.text, c.kind, c.checkworthiness,
            c.occurrences, c.sources, c.source_kinds,
            (SELECT cue FROM current_citations ci WHERE ci.claim_id = c.id AND ci.inferred = 0
             ORDER BY ci.id LIMIT 1) AS cue,
            c.verdict, c.verdict_by, c.verdict_at, coalesce(c.status, 'unstarted') AS status,
            c.assignee
        FROM claims c WHERE c.retired IS NULL"""
    )
    db.execute("DROP VIEW citation_list")
    db.execute(
        """CREATE VIEW citation_list AS SELECT
            ci.id, ci.claim_id, c.text AS claim, s.name AS source, s.kind AS source_kind, ci.cue,
            ci.inferred, ci.score, ci.via, c.verdict, ci.added
        FROM current_citations ci JOIN claims c ON c.id = ci.claim_id
        JOIN sources s ON s.id = ci.source_id
        WHERE c.retired IS NULL"""
    )


@migration
def m019_attribution_provenance(db: sqlite_utils.Database) -> None:
    """What produced each stated citation (rule, model or context: a quote continued, a
    source carried from the sentence before), how sure it is (the precision that kind of
    attribution measured on real text, bench/accuracy.py), and where its source phrase is
    in the text; citations stored before have none of it (NULL). And the claim kind
    `denial`."""
    for column, kind in (
        ("method", "TEXT"),
        ("confidence", "REAL"),
        ("source_start", "INTEGER"),
        ("source_end", "INTEGER"),
    ):
        db.execute(f"ALTER TABLE citations ADD COLUMN {column} {kind}")
    db.execute(
        "CREATE TRIGGER IF NOT EXISTS citations_method_check BEFORE INSERT ON citations"
        " WHEN NEW.method IS NOT NULL AND NEW.method NOT IN ('rule', 'model', 'context')"
        " BEGIN SELECT RAISE(ABORT, 'citations.method must be rule, model or context'); END"
    )
    # the corrected state (m018) shows them too; a source a reviewer added was found by one
    db.execute("DROP VIEW current_citations")
    db.execute(
        """CREATE VIEW current_citations AS SELECT
            ci.id, ci.claim_id, ci.source_id,
            CASE WHEN lc.id IS NULL THEN ci.cue ELSE lc.cue END AS cue,
            ci.cue_start, ci.cue_end, ci.surface, ci.inferred, ci.score,
            CASE WHEN lc.id IS NULL THEN ci.via ELSE coalesce(lc.via, '[]') END AS via,
            ci.reference_id, ci.url, ci.status, ci.added,
            CASE WHEN ci.added THEN 'reviewer' ELSE ci.method END AS method,
            CASE WHEN ci.added THEN NULL ELSE ci.confidence END AS confidence,
            ci.source_start, ci.source_end,
            lc.id AS correction_id, lc.actor AS corrected_by, lc.created_at AS corrected_at
        FROM citations ci
        LEFT JOIN corrections lc ON lc.id =
            (SELECT max(id) FROM corrections WHERE citation_id = ci.id)
        WHERE coalesce(lc.action, '') != 'remove-source'"""
    )
    # an attributed denial is a kind of its own (classify.CLAIM_KINDS)
    db.execute("INSERT OR IGNORE INTO claim_kinds (name, position) VALUES ('denial', 6)")


@migration
def m020_capture_analysis(db: sqlite_utils.Database) -> None:
    """A capture is stored as soon as its records are written; its page analysis (charset,
    metadata, main text, classification) follows in a worker and stamps `analyzed_at`.
    NULL: not analysed yet (a run killed in between; the next run analyses it)."""
    db.execute("ALTER TABLE captures ADD COLUMN analyzed_at TEXT")
    db.execute("UPDATE captures SET analyzed_at = fetched_at")
    db.execute("CREATE INDEX captures_unanalyzed ON captures (id) WHERE analyzed_at IS NULL")


@migration
def m021_search_index_by_statement(db: sqlite_utils.Database) -> None:
    """Ingest adds a document's claims and segments to the search index by one statement
    (`indexed_by_statement`) instead of the row triggers: FTS5 flushes its pending terms at
    every savepoint, and a trigger's insert is one, so row by row each claim became an index
    segment to merge (ingest's writes were about a quarter slower). The triggers stay for
    every other writer and skip only the documents listed in `search_index_deferred`, a
    table that is empty outside an ingest transaction."""
    db.execute("CREATE TABLE search_index_deferred (document_id INTEGER PRIMARY KEY)")
    for table in ("claims", "segments"):
        db.execute(f"DROP TRIGGER [{table}_ai]")
        db.execute(
            f"CREATE TRIGGER [{table}_ai] AFTER INSERT ON [{table}] WHEN NOT EXISTS"
            " (SELECT 1 FROM search_index_deferred WHERE document_id = new.document_id)"
            f" BEGIN INSERT INTO [{table}_fts] (rowid, text) VALUES (new.rowid, new.text); END"
        )


@contextmanager
def indexed_by_statement(db: sqlite_utils.Database, document_id: int) -> Iterator[None]:
    """Inside a write transaction: the claims and segments inserted for `document_id` in
    the block enter the search index together at its end (see m021)."""
    db.execute("INSERT INTO search_index_deferred (document_id) VALUES (?)", [document_id])
    yield
    for table in ("claims", "segments"):
        db.execute(
            f"INSERT INTO [{table}_fts] (rowid, text)"
            f" SELECT rowid, text FROM [{table}] WHERE document_id = ?",
            [document_id],
        )
    db.execute("DELETE FROM search_index_deferred WHERE document_id = ?", [document_id])
