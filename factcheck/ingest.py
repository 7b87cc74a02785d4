"""Ingest: read a document safely, extract its claims, store everything in one transaction.

Reading is factcheck.reader's: regular files only, capped in size while read, decoded
strictly (UTF-8, UTF-16, the legacy Japanese, Chinese and Western codecs), every failure
one InputError; text that does not decode cleanly is refused, never stored as mojibake.

Storing is idempotent: the same text again changes nothing; an edited file becomes a new
version of its document (`version`, `supersedes`), its earlier claims and verdicts kept.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils
import yaml

from factcheck.citations import Attribution
from factcheck.db import bulk_writes, indexed_by_statement, write_transaction
from factcheck.errors import FactcheckError, InputError
from factcheck.extract import Extraction, detect_language, extract
from factcheck.html import Link
from factcheck.linking import confidence
from factcheck.reader import (
    MAX_DOCUMENT_BYTES,
    MAX_SIDECAR_BYTES,
    decode,
    decode_utf8,
    read_file,
)
from factcheck.sources import Registry, store_source
from factcheck.timestamps import utc_now

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}


@dataclass
class IngestResult:
    document_id: int
    path: str
    status: str  # new | unchanged | new-version
    claims: int
    citations: int
    references: int
    lang: str
    encoding: str


@dataclass
class Document:
    text: str
    encoding: str
    format: str  # text | markdown | html
    links: list[Link]
    title: str | None = None


def read_document(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> Document:
    """A .txt, .md or .html file, decoded and (for HTML) reduced to its article text."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES and not path.is_dir():
        if not os.path.lexists(path):
            raise InputError(f"no such file: {path}")
        raise InputError(
            f"{path}: unsupported file type {suffix or '(none)'}: use .txt, .md or .html"
        )
    data = read_file(path, max_bytes)
    if suffix in HTML_SUFFIXES:
        return html_document(data, str(path))
    text, encoding = decode(data, str(path))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Document(text, encoding, "markdown" if suffix in {".md", ".markdown"} else "text", [])


def html_document(data: bytes, name: str, base_url: str | None = None) -> Document:
    from factcheck.html import article

    text, encoding = decode(data, name)
    page = article(text, base_url)
    if not page.text.strip():
        raise InputError(f"{name}: no article text found in the HTML")
    return Document(page.text, encoding, "html", page.links, page.title)


def sidecar_metadata(path: Path) -> dict[str, Any]:
    """claims/x.ja.txt → claims/x.ja.yml, if it exists: a mapping of metadata."""
    meta = path.with_suffix(".yml")
    if not os.path.lexists(meta):
        return {}
    text = decode_utf8(read_file(meta, MAX_SIDECAR_BYTES), str(meta))
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise InputError(f"cannot read metadata {meta}: {where}{e.problem or e}") from None
    except (yaml.YAMLError, RecursionError) as e:
        raise InputError(f"cannot read metadata {meta}: {type(e).__name__}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"cannot read metadata {meta}: not a mapping of keys to values")
    return data


def language_of(path: Path, text: str, meta: dict[str, Any]) -> str:
    if meta.get("lang"):
        return str(meta["lang"])
    parts = path.name.split(".")
    if len(parts) >= 3 and parts[-2] in ("ja", "en", "zh"):
        return parts[-2]
    return detect_language(text)


@dataclass
class Prepared:
    """A document read and extracted, ready to store: the part of ingest that needs no
    database, so it can run in a worker process."""

    path: str  # a file path or, for a page, its URL
    doc: Document
    meta: dict[str, Any]
    lang: str
    sha: str
    extraction: Extraction | None  # None when the text is already stored


def prepare(
    path: str | Path,
    registry: Registry,
    known: Callable[[str], bool],
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> Prepared:
    path = Path(path)
    doc = read_document(path, max_bytes)
    meta = sidecar_metadata(path)
    if doc.title and "title" not in meta:
        meta["title"] = doc.title
    lang = language_of(path, doc.text, meta)
    sha = "sha256:" + hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    extraction = None if known(sha) else extract(doc.text, lang, registry)
    return Prepared(str(path), doc, meta, lang, sha, extraction)


def store(db: sqlite_utils.Database, p: Prepared) -> IngestResult:
    """Write a prepared document in one transaction; the same text again changes nothing."""
    existing = db.execute("SELECT id FROM documents WHERE sha256 = ?", [p.sha]).fetchone()
    if existing or p.extraction is None:
        doc_id = existing[0] if existing else 0
        return _result(db, doc_id, str(p.path), "unchanged", p.lang, p.doc.encoding)
    with write_transaction(db):
        previous = db.execute(
            "SELECT id, version FROM documents WHERE path = ? ORDER BY version DESC LIMIT 1",
            [str(p.path)],
        ).fetchone()
        doc_id = _store(
            db,
            p.path,
            p.doc.text,
            p.sha,
            p.lang,
            p.doc.encoding,
            p.meta,
            p.extraction,
            previous,
            p.doc.links,
        )
    status = "new-version" if previous else "new"
    return _result(db, doc_id, str(p.path), status, p.lang, p.doc.encoding)


def _known(db: sqlite_utils.Database) -> Callable[[str], bool]:
    return lambda sha: bool(
        db.execute("SELECT 1 FROM documents WHERE sha256 = ?", [sha]).fetchone()
    )


def ingest(
    db: sqlite_utils.Database,
    path: str | Path,
    registry: Registry,
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> IngestResult:
    return store(db, prepare(path, registry, _known(db), max_bytes))


def ingest_url(
    db: sqlite_utils.Database, url: str, registry: Registry, capturer: Any
) -> IngestResult:
    """Fetch a page (archiving it like any capture), then ingest its main text with the
    URL kept as the document's address. `capturer` is a captures.Capturer."""
    from factcheck.captures import register_url
    from factcheck.charset import decode_html
    from factcheck.html import article

    row, result = capturer.run_one(register_url(db, url, registry))
    if row["classification"] not in ("ok", "paywall"):
        raise InputError(
            f"{url}: cannot ingest a page classified {row['classification']}: {row.get('reason')}"
        )
    decoded = decode_html(result.body, result.header("content-type"))
    page = article(decoded.text, result.final_url)
    if not page.text.strip():
        raise InputError(f"{url}: no article text found in the page")
    meta = {
        "url": url,
        "title": row.get("title") or page.title,
        "capture_id": row["id"],
        "published": row.get("published"),
    }
    doc = Document(page.text, decoded.codec, "html", page.links, page.title)
    lang = (row.get("lang") or "")[:2].lower() or detect_language(page.text)
    if lang not in ("ja", "en", "zh"):
        lang = detect_language(page.text)
    sha = "sha256:" + hashlib.sha256(page.text.encode("utf-8")).hexdigest()
    extraction = None if _known(db)(sha) else extract(page.text, lang, registry)
    return store(db, Prepared(url, doc, meta, lang, sha, extraction))


_worker_registry: Registry | None = None
_worker_known: frozenset[str] = frozenset()
_worker_max_bytes = MAX_DOCUMENT_BYTES


def _init_worker(registry: Registry, known: frozenset[str], max_bytes: int) -> None:
    global _worker_registry, _worker_known, _worker_max_bytes
    _worker_registry, _worker_known, _worker_max_bytes = registry, known, max_bytes


def _prepare_in_worker(path: str) -> Prepared | FactcheckError:
    assert _worker_registry is not None
    try:
        return prepare(path, _worker_registry, _worker_known.__contains__, _worker_max_bytes)
    except FactcheckError as e:  # returned, not raised: one bad file must not stop the rest
        return e


def ingest_many(
    db: sqlite_utils.Database,
    paths: list[Path],
    registry: Registry,
    workers: int | None = None,
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> Iterator[tuple[Path, IngestResult | FactcheckError]]:
    """Ingest several files, in order. Reading and extraction run in `workers` processes
    (default: one per core when there are enough files to pay for starting them); the
    database is written from this process only, one transaction per document."""
    with bulk_writes(db):
        yield from _ingest_each(db, paths, registry, workers, max_bytes)


def _ingest_each(
    db: sqlite_utils.Database,
    paths: list[Path],
    registry: Registry,
    workers: int | None,
    max_bytes: int,
) -> Iterator[tuple[Path, IngestResult | FactcheckError]]:
    workers = workers or (min(os.cpu_count() or 1, 4) if len(paths) >= 8 else 1)
    if workers <= 1:
        for path in paths:
            try:
                yield path, ingest(db, path, registry, max_bytes)
            except FactcheckError as e:
                yield path, e
        return
    known = frozenset(r[0] for r in db.execute("SELECT sha256 FROM documents"))
    ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    window = workers * 4  # documents in flight: memory stays flat however many files there are
    with ProcessPoolExecutor(
        workers, ctx, initializer=_init_worker, initargs=(registry, known, max_bytes)
    ) as pool:
        pending: deque[tuple[Path, Future[Prepared | FactcheckError]]] = deque()
        queue = iter(paths)
        for path in itertools.islice(queue, window):
            pending.append((path, pool.submit(_prepare_in_worker, str(path))))
        while pending:
            path, future = pending.popleft()
            for nxt in itertools.islice(queue, 1):
                pending.append((nxt, pool.submit(_prepare_in_worker, str(nxt))))
            prepared = future.result()
            yield path, prepared if isinstance(prepared, FactcheckError) else store(db, prepared)


def _result(
    db: sqlite_utils.Database, doc_id: int, path: str, status: str, lang: str, encoding: str
) -> IngestResult:
    def count(sql: str) -> int:
        return int(db.execute(sql, [doc_id]).fetchone()[0])

    return IngestResult(
        doc_id,
        path,
        status,
        count("SELECT count(*) FROM claims WHERE document_id = ?"),
        count(
            "SELECT count(*) FROM citations JOIN claims ON claims.id = citations.claim_id"
            " WHERE claims.document_id = ? AND citations.inferred = 0"
        ),
        count("SELECT count(*) FROM reference_entries WHERE document_id = ?"),
        lang,
        encoding,
    )


def _store(
    db: sqlite_utils.Database,
    path: str,
    text: str,
    sha: str,
    lang: str,
    encoding: str,
    meta: dict[str, Any],
    ex: Extraction,
    previous: tuple[int, int] | None,
    links: list[Link] | None = None,
) -> int:
    origin_id = store_source(db, ex.origin[1]) if ex.origin else None
    credited = meta.get("credited_origin") or (ex.origin[0] if ex.origin else None)
    doc_id = db.execute(
        "INSERT INTO documents (path, title, lang, sha256, text, encoding, url, credited_origin,"
        " origin_source_id, version, supersedes, metadata, ingested_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            str(path),
            meta.get("title") or ex.title,
            lang,
            sha,
            text,
            encoding,
            meta.get("url"),
            credited,
            origin_id,
            previous[1] + 1 if previous else 1,
            previous[0] if previous else None,
            json.dumps(meta, ensure_ascii=False, default=str),
            utc_now(),
        ],
    ).lastrowid
    with indexed_by_statement(db, int(doc_id or 0)):
        _store_extraction(db, int(doc_id or 0), ex, links or [])
    return int(doc_id or 0)


def _store_extraction(
    db: sqlite_utils.Database, doc_id: int, ex: Extraction, links: list[Link]
) -> None:
    """The document's references, structure, claims and their citations."""
    ref_ids: dict[str, int] = {}  # canonical outlet name → reference entry id
    ref_rows: list[tuple[int, int | None]] = []  # (entry id, outlet source id) per reference
    for ref in ex.references:
        outlet_id = store_source(db, ref.entry) if ref.entry else None
        ref_id = db.execute(
            'INSERT INTO reference_entries (document_id, number, outlet, source_id, text, start, "end")'
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [doc_id, ref.number, ref.outlet, outlet_id, ref.text, ref.start, ref.end],
        ).lastrowid
        ref_rows.append((int(ref_id or 0), outlet_id))
        if ref.entry:
            ref_ids.setdefault(ref.entry.name, int(ref_id or 0))
        for work in ref.works:
            db.execute(
                "INSERT INTO works (reference_id, source_id, title, title_translated, url)"
                " VALUES (?, ?, ?, ?, ?)",
                [ref_id, outlet_id, work.title, work.title_translated, work.url],
            )
    db.conn.executemany(
        'INSERT INTO segments (document_id, kind, text, start, "end", reason) VALUES (?, ?, ?, ?, ?, ?)',
        [(doc_id, st.kind, st.text, st.start, st.end, st.reason or None) for st in ex.structure],
    )
    db.conn.executemany(
        'INSERT INTO claims (document_id, text, start, "end", offsets, occurrences, kind,'
        " checkworthiness, quote, paragraph) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                doc_id,
                c.text,
                c.start,
                c.end,
                json.dumps(c.offsets),
                len(c.offsets),
                c.kind,
                c.score,
                c.quote,
                c.paragraph,
            )
            for c in ex.claims
        ],
    )
    # inside this transaction the new rows' ids are the document's, in insertion order
    claim_ids = [
        r[0]
        for r in db.execute("SELECT id FROM claims WHERE document_id = ? ORDER BY id", [doc_id])
    ]
    source_ids: dict[str, int] = {}
    stated, suggested = [], []
    for claim_id, claim in zip(claim_ids, ex.claims, strict=True):
        for att in claim.attributions:
            if att.entry.name not in source_ids:
                source_ids[att.entry.name] = store_source(db, att.entry)
            reference = ref_ids.get(att.entry.name) or next(
                (ref_ids[v] for v in att.via if v in ref_ids), None
            )
            stated.append(
                (
                    claim_id,
                    source_ids[att.entry.name],
                    att.cue,
                    att.cue_start,
                    att.cue_end,
                    att.surface,
                    json.dumps(att.via, ensure_ascii=False),
                    reference,
                    link_for(att, claim.start, claim.end, links),
                    att.method,
                    round(att.confidence, 3),
                    att.source_start if att.source_start >= 0 else None,
                    att.source_end if att.source_end >= 0 else None,
                )
            )
        for sug in claim.suggestions:
            ref_id, outlet_id = ref_rows[sug.reference]
            if outlet_id is not None:
                cue = "shares: " + ", ".join(t.lstrip("@#") for t in sug.terms[:8])
                suggested.append((claim_id, outlet_id, cue, confidence(sug.score), ref_id))
    db.conn.executemany(
        "INSERT OR IGNORE INTO citations (claim_id, source_id, cue, cue_start, cue_end, surface,"
        " inferred, via, reference_id, url, method, confidence, source_start, source_end)"
        " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)",
        stated,
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO citations (claim_id, source_id, cue, inferred, score,"
        " reference_id, status) VALUES (?, ?, ?, 1, ?, ?, 'suggested')",
        suggested,
    )


def _fetchable(href: str) -> bool:
    from factcheck.errors import InvalidURL
    from factcheck.urls import check_url

    try:
        check_url(href)
    except InvalidURL:
        return False
    return True


def link_for(att: Attribution, start: int, end: int, links: list[Link]) -> str | None:
    """The URL an HTML document links the cited source to: a link on the source's name or
    cue, else the one link in the claim that sits right after the cue."""
    inside = [lk for lk in links if lk.start < end and lk.end > start and _fetchable(lk.href)]
    for lk in inside:
        if lk.start < att.cue_end and lk.end > att.cue_start:
            return lk.href
        if att.surface and (lk.text in att.surface or att.surface in lk.text) and lk.text:
            return lk.href
    after = [lk for lk in inside if 0 <= lk.start - att.cue_end <= 15]
    return after[0].href if len(after) == 1 else None
