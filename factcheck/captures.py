"""Capturing every cited page: which URLs, in what order, and what is stored.

    targets(db) ──▶ claim a lease ──▶ Fetcher.fetch (concurrent, polite, safe) ──▶
        what finished, as one batch: Archive.appending_to (archive lock) + write_records
        (WARC, fsync; in a writer thread) ─▶ one transaction: capture rows + fetch attempts
        + WARC watermark + the URLs leave the queue
        ──▶ worker processes read the record back: charset.decode_html + pages.page_info
        ──▶ the row completed (classification, text, analyzed_at)

Page analysis is off the capture path: fetching and writing go on at network speed while
the workers trail behind. Their queue is the database (captures whose `analyzed_at` is
NULL, read a few at a time) and they are sent where a record is, never its body, so
memory stays flat however far behind they are. Until its analysis lands a 2xx capture
counts as ok; a run killed in between leaves such rows, and the next run analyses them;
a record that cannot be read back makes its capture an error, not the run's end.

The work list is derived from the database: cited URLs and URLs asked for (the
`capture_queue`: command-line URLs, set-url, merge) without a good capture. A capture's
row is committed as soon as its records are fsynced (with whatever finished beside it),
so a run killed at any moment resumes where it stopped and captures nothing twice. Runs
at the same time split the work: a run fetches a URL only while it holds the URL's lease
(a row in `capture_queue` naming the run, taken in a write transaction that also checks
no good capture exists yet; a window's worth of URLs at a time, just ahead of their
fetches), and a lease whose run has died or expired is taken over. A URL refused by policy before any byte was exchanged (a
private address without --allow-private, a malformed URL) is reported and stays queued,
but is not stored as a failed capture.

A URL is dead only after `dead_after` failures spread over at least `dead_span` seconds;
then the Wayback Machine availability API (base URL a setting) is asked for the nearest
snapshot, whose original bytes (the `id_` form) are captured and stored under the
original URL (archive.py says how). `refetch` captures again; when the main text changed
it stores a paragraph diff.
"""

from __future__ import annotations

import asyncio
import difflib
import hashlib
import json
import multiprocessing
import os
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import sqlite_utils

from factcheck.archive import Archive, RecordRef, read_record, write_records
from factcheck.charset import decode_html
from factcheck.db import write_transaction
from factcheck.errors import InputError
from factcheck.fetch import Decoder, Fetcher, FetchResult, Hop, Policy, TooLarge
from factcheck.pages import page_info
from factcheck.pending import Leases, enqueue
from factcheck.sources import Entry, Registry, store_source
from factcheck.timestamps import utc_now
from factcheck.urls import check_url

POOL_THRESHOLD = 16  # pages in a run before analysis moves to worker processes
NOTABLE_HEADERS = {
    "content-type",
    "content-length",
    "content-encoding",
    "last-modified",
    "etag",
    "server",
    "date",
    "location",
    "retry-after",
    "content-language",
    "x-robots-tag",
}


@dataclass(frozen=True)
class Options:
    refetch: bool = False
    dead_after: int = 3  # failed attempts …
    dead_span: float = 86_400.0  # … spread over at least this many seconds
    wayback: bool = True
    wayback_base: str = "https://archive.org"
    analyze: bool = True  # page analysis in this run; False: the next run does it


@dataclass
class Target:
    url: str
    source_id: int | None = None


@dataclass
class Fetched:
    """A fetch result on its way to the archive."""

    target: Target
    result: FetchResult
    described: dict[str, Any] | None = None  # the page analysis, when done already
    wayback: tuple[str, str] | None = None  # (original URL, memento time) of a Wayback copy
    keep_lease: bool = False


@dataclass
class Summary:
    outcomes: Counter[str] = field(default_factory=Counter)  # classification, or skipped
    captures: list[dict[str, Any]] = field(default_factory=list)  # refusals too (id None)
    skipped: list[dict[str, Any]] = field(default_factory=list)  # leased by another run
    captured_at: float | None = None  # time.perf_counter() when the last record was written
    seconds: Counter[str] = field(default_factory=Counter)  # page analysis, by stage

    @property
    def captured(self) -> int:
        return sum(1 for c in self.captures if c["warc_file"])

    @property
    def failed(self) -> list[dict[str, Any]]:
        """URLs that ended without a good capture (errors, refusals)."""
        return [c for c in self.captures if c["classification"] == "error"]

    @property
    def failures(self) -> Counter[str]:
        return Counter(c.get("failure") or "error" for c in self.failed)


TARGETS_SQL = """
SELECT url, source_id FROM (
    SELECT ci.url AS url, ci.source_id AS source_id FROM citations ci WHERE ci.url IS NOT NULL
    UNION SELECT w.url, w.source_id FROM works w WHERE w.url IS NOT NULL
    UNION SELECT s.cited_url, s.id FROM sources s WHERE s.cited_url IS NOT NULL AND s.merged_into IS NULL
    UNION SELECT a.value, s.id FROM sources s, json_each(s.articles) a WHERE s.merged_into IS NULL
    UNION SELECT d.url, d.origin_source_id FROM documents d WHERE d.url IS NOT NULL
    UNION SELECT q.url, q.source_id FROM capture_queue q
) GROUP BY url ORDER BY url
"""


def captured(db: sqlite_utils.Database) -> set[str]:
    """URLs with a good capture (an error capture is tried again)."""
    return {r[0] for r in db.execute("SELECT url FROM captures WHERE classification != 'error'")}


def targets(db: sqlite_utils.Database, refetch: bool = False) -> list[Target]:
    """Cited URLs not yet captured well."""
    done = set() if refetch else captured(db)
    return [Target(url, sid) for url, sid in db.execute(TARGETS_SQL) if url not in done]


def register_url(db: sqlite_utils.Database, url: str, registry: Registry) -> Target:
    """A URL named on the command line: its source is the registry entry whose domain it
    is on, else a new unreviewed outlet named after the host. Raises InvalidURL for a URL
    that cannot be fetched."""
    host = (urlsplit(check_url(url)).hostname or "").lower().removeprefix("www.")
    entry = next(
        (
            e
            for e in registry.entries
            if any(host == d or host.endswith("." + d) for d in e.domains)
        ),
        None,
    ) or Entry(name=host, kind="outlet", aliases=(host,), domains=(host,), reviewed=False)
    with write_transaction(db):
        sid = store_source(db, entry)
        db.execute("UPDATE sources SET cited_url = coalesce(cited_url, ?) WHERE id = ?", [url, sid])
        enqueue(db, url, sid)
    return Target(url, sid)


class Capturer:
    def __init__(
        self,
        db: sqlite_utils.Database,
        archive: Archive,
        policy: Policy,
        options: Options = Options(),
        transport: httpx.AsyncBaseTransport | None = None,
        on_result: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.db, self.archive, self.policy, self.options = db, archive, policy, options
        self.transport = transport
        self.on_result = on_result
        # a lease outlives the longest a URL can take here: its fetch, then a Wayback
        # look-up and copy, each within the deadline, plus time to store
        self.leases = Leases(db, 4 * policy.deadline + 120, options.refetch)

    def run(self, work: list[Target]) -> Summary:
        try:
            return asyncio.run(self._run(work))
        finally:
            self.leases.release_all()

    def run_one(self, target: Target) -> tuple[dict[str, Any], FetchResult]:
        """Capture one URL; the stored row and what was fetched (for ingesting it). If
        another run is capturing the URL right now, wait for it and use its capture."""

        # a capture made before this call is no answer: ingest reads the page as it is now
        leases = self.leases = Leases(self.db, self.leases.seconds, refetch=True)

        async def one() -> tuple[dict[str, Any], FetchResult]:
            waited = time.monotonic() + leases.seconds
            while (busy := leases.claim(target)) and time.monotonic() < waited:
                if busy.startswith("captured meanwhile"):
                    row = self._latest(target.url)
                    return row, stored_result(self.archive, row)
                await asyncio.sleep(0.2)
            async with Fetcher(self.policy, self.transport) as fetcher:
                result = await fetcher.fetch(target.url)
            (row,) = await self._store([Fetched(target, result, describe_result(result))])
            return row, result

        try:
            return asyncio.run(one())
        finally:
            leases.release_all()

    def _latest(self, url: str) -> dict[str, Any]:
        rows = list(
            self.db.query(
                "SELECT c.*, w.path AS warc_file FROM captures c JOIN warc_files w"
                " ON w.id = c.warc_file_id WHERE c.url = ? ORDER BY c.id DESC LIMIT 1",
                [url],
            )
        )
        return rows[0]

    async def _run(self, work: list[Target]) -> Summary:
        summary = Summary()
        analyse = self.options.analyze
        # page analysis (charset, trafilatura, metadata) is CPU work: with enough pages it
        # runs in worker processes, reading each page back from the WARC, while this loop
        # goes on fetching and writing at network speed
        workers = 1
        pool = None
        many = len(work) + (self._unanalyzed_count() if analyse else 0) >= POOL_THRESHOLD
        if analyse and many and (os.cpu_count() or 1) > 1:
            workers = os.cpu_count() or 1
            ctx = multiprocessing.get_context("forkserver")
            pool = ProcessPoolExecutor(
                workers, mp_context=ctx, initializer=analysis_worker, initargs=(os.getpid(),)
            )
        writer = ThreadPoolExecutor(1, thread_name_prefix="warc-writer")
        stored, capturing = asyncio.Event(), asyncio.Event()
        analyst = (
            asyncio.ensure_future(self._analyst(pool, 2 * workers, summary, stored, capturing))
            if analyse
            else None
        )
        try:
            async with Fetcher(self.policy, self.transport) as fetcher:
                # a sliding window of fetches: finished pages wait for the single writer,
                # so the number in flight, not the number of URLs, bounds memory
                window = _Window(self, fetcher, work, max(4, self.policy.concurrency * 2), summary)
                window.fill()
                while window.running:
                    done = await window.finished()
                    window.fill()
                    batch, rows = [], []
                    for task in done:
                        fetched = task.result()
                        if self._dead(fetched):
                            rows.append(await self._finish(fetcher, fetched))
                        else:
                            batch.append(fetched)
                    rows += await self._store(batch, writer) if batch else []
                    for row in rows:
                        if not analyse or row.get("analyzed_at") or row.get("id") is None:
                            self._report(row, summary)  # the analyst reports the others
                    stored.set()
            summary.captured_at = time.perf_counter()
            capturing.set()
            if analyst is not None:
                await analyst
        finally:
            if analyst is not None and not analyst.done():
                analyst.cancel()
            writer.shutdown()
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        return summary

    def _report(self, row: dict[str, Any], summary: Summary) -> None:
        summary.outcomes[row["classification"]] += 1
        summary.captures.append({k: v for k, v in row.items() if k not in ("text", "diff")})
        if self.on_result:
            self.on_result(row)

    async def _analyst(
        self,
        pool: ProcessPoolExecutor | None,
        limit: int,
        summary: Summary,
        stored: asyncio.Event,
        capturing: asyncio.Event,
    ) -> None:
        """Analyse the captures not yet analysed, oldest first, `limit` at a time. The
        queue is the database (rows whose `analyzed_at` is NULL: this run's, and any a
        killed run left), so memory stays the same however far the analysis falls behind
        the capture. `stored` says a batch was committed; `capturing` that the capture
        is over, and then the analyst finishes what is left and returns."""
        last, running = 0, set[asyncio.Future[None]]()
        while True:
            stored.clear()
            rows = self._unanalyzed(last, limit - len(running)) if len(running) < limit else []
            for row in rows:
                last = row["id"]
                running.add(asyncio.ensure_future(self._analyse(row, pool, summary)))
            if rows and len(running) < limit:
                continue
            if running:
                done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    task.result()
                continue
            if capturing.is_set() and not self._unanalyzed(last, 1):
                return
            waiters = {asyncio.ensure_future(event.wait()) for event in (stored, capturing)}
            _, rest = await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
            for waiter in rest:
                waiter.cancel()

    async def _analyse(
        self, row: dict[str, Any], pool: ProcessPoolExecutor | None, summary: Summary
    ) -> None:
        """A stored capture's page analysis, in a worker when there is a pool; then its row
        is completed and reported."""
        args = (
            str(self.archive.root / row["warc_file"]),
            row["warc_offset"],
            row["warc_length"],
            row["status"],
            row["final_url"],
        )
        try:
            if pool is None:
                described = analyse_record(*args)
            else:
                loop = asyncio.get_running_loop()
                described = await loop.run_in_executor(pool, analyse_record, *args)
        except (InputError, OSError, ValueError, TooLarge) as e:  # a record gone or damaged
            why = " ".join(str(e).split())[:300]
            described = {"classification": "error", "reason": f"page analysis failed: {why}"}
        for stage, seconds in described.pop("seconds", {}).items():
            summary.seconds[stage] += seconds
        self._report(self._analysed(row, described), summary)

    def _unanalyzed(self, after: int, limit: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT c.*, w.path AS warc_file FROM captures c JOIN warc_files w"
                " ON w.id = c.warc_file_id WHERE c.analyzed_at IS NULL AND c.id > ?"
                " ORDER BY c.id LIMIT ?",
                [after, limit],
            )
        )

    def _unanalyzed_count(self) -> int:
        return int(
            self.db.execute("SELECT count(*) FROM captures WHERE analyzed_at IS NULL").fetchone()[0]
        )

    def _dead(self, fetched: Fetched) -> bool:
        """A failure that makes the URL dead (see `_failed_enough`): Wayback's turn."""
        return (
            fetched.result.outcome not in ("ok", "policy", "invalid-url")
            and self.options.wayback
            and self._failed_enough(fetched.target.url, 1)
        )

    async def _finish(self, fetcher: Fetcher, fetched: Fetched) -> dict[str, Any]:
        """Store a dead URL's failure, and its Wayback snapshot in its place if there is one."""
        snapshot = await self._wayback(fetcher, fetched.target.url)
        if snapshot is not None and snapshot[0].outcome == "ok":
            copy, stamp = snapshot
            failed = Fetched(fetched.target, fetched.result, keep_lease=True)
            archived = Fetched(fetched.target, copy, wayback=(fetched.target.url, stamp))
            return (await self._store([failed, archived]))[1]
        return (await self._store([fetched]))[0]

    async def _fetch(self, fetcher: Fetcher, target: Target) -> Fetched:
        return Fetched(target, await fetcher.fetch(target.url))

    def _failed_enough(self, url: str, more: int = 0) -> bool:
        """Dead: `dead_after` failures (counting `more` not yet stored) over `dead_span`."""
        rows = self.db.execute(
            "SELECT count(*), min(at) FROM fetch_attempts WHERE url = ? AND outcome != 'ok'",
            [url],
        ).fetchone()
        if not rows or rows[0] + more < self.options.dead_after or rows[1] is None:
            return False
        span = datetime.now(UTC) - datetime.fromisoformat(rows[1])
        return span.total_seconds() >= self.options.dead_span

    async def _wayback(self, fetcher: Fetcher, url: str) -> tuple[FetchResult, str] | None:
        api = f"{self.options.wayback_base.rstrip('/')}/wayback/available?url={quote(url, safe='')}"
        answer = await fetcher.fetch(api, robots=False)
        try:
            closest = json.loads(answer.body)["archived_snapshots"]["closest"]
        except (ValueError, KeyError, TypeError):
            return None
        if not closest.get("available") or not closest.get("url"):
            return None
        stamp = str(closest.get("timestamp", ""))
        memento = str(closest["url"])
        if stamp and f"/{stamp}/" in memento:  # id_: the page as archived, no Wayback banner
            memento = memento.replace(f"/{stamp}/", f"/{stamp}id_/", 1)
        return await fetcher.fetch(memento, robots=False), stamp

    # -- storing ------------------------------------------------------------------------

    async def _store(
        self, batch: list[Fetched], writer: Executor | None = None
    ) -> list[dict[str, Any]]:
        """Write a batch's records (one lock, one fsync) and commit its rows in one
        transaction. With a `writer`, the file work (compressing, writing, fsync) runs in
        that thread and fetches go on meanwhile; what finishes in that time is the next
        batch: a group commit. A row without `described` (the page analysis) is
        provisional: `analyzed_at` NULL, a 2xx page counted ok until analysed."""
        rows = [self._row(f) for f in batch]
        written = [(f.result, f.wayback) for f in batch if f.result.last is not None]
        if not written:
            self._commit(batch, rows, [])
            return rows
        with self.archive.appending_to() as target:
            if writer is None:
                places = write_records(target, written)
            else:
                loop = asyncio.get_running_loop()
                places = await loop.run_in_executor(writer, write_records, target, written)
            self._commit(batch, rows, places)
        return rows

    def _commit(
        self, batch: list[Fetched], rows: list[dict[str, Any]], places: list[list[RecordRef]]
    ) -> None:
        """One transaction for a batch's rows, attempts, leases and the WARC watermark."""
        refs_of = iter(places)
        with write_transaction(self.db):
            for fetched, row in zip(batch, rows, strict=True):
                refs = next(refs_of) if fetched.result.last is not None else []
                self._insert(fetched, row, refs)
            self.archive.commit([r for refs in places for r in refs])

    def _row(self, fetched: Fetched) -> dict[str, Any]:
        target, result, described, wayback = (
            fetched.target,
            fetched.result,
            fetched.described,
            fetched.wayback,
        )
        now = utc_now()
        row: dict[str, Any] = {
            "url": target.url,
            "final_url": result.final_url,
            "redirects": json.dumps([h.url for h in result.hops[:-1]]),
            "status": result.status,
            "fetched_at": now,
            "source_id": target.source_id,
            "wayback": int(wayback is not None),
            "original_url": target.url if wayback is not None else None,
            "classification": "error",
            "failure": None if result.outcome == "ok" else result.outcome,
            "reason": result.error,
            "analyzed_at": now,
        }
        last = result.last
        if last is not None:
            content_type = result.header("content-type") or ""
            row |= {
                "headers": json.dumps(
                    {k: v for k, v in last.headers if k.lower() in NOTABLE_HEADERS}
                ),
                "content_type": content_type.split(";")[0].strip().lower() or None,
                "size": len(result.body),
                "sha256": "sha256:" + hashlib.sha256(result.body).hexdigest(),
            }
            if result.outcome in ("ok", "http"):
                if described is None:  # analysed later: a bot check's 403 may become one
                    row["analyzed_at"] = None
                    row["classification"] = "ok" if result.outcome == "ok" else "error"
                else:
                    row |= _classified(described, row["failure"])
            if row["classification"] == "error" and row["failure"] is None:
                row["failure"] = "http"  # a 200 that is an error page (a bot check's 503)
        return row

    def _insert(self, fetched: Fetched, row: dict[str, Any], refs: list[RecordRef]) -> None:
        """Inside the batch's transaction: the row, the attempt, the lease given back."""
        url = fetched.target.url
        if fetched.result.last is None and fetched.result.outcome in ("policy", "invalid-url"):
            # refused before any byte was exchanged: reported, not stored as a failure
            self.leases.release(url, False)
            row |= {"id": None, "warc_file": None}
            return
        if refs:
            row |= {
                "warc_file_id": refs[-1].file_id,
                "warc_offset": refs[-1].offset,
                "warc_length": refs[-1].length,
            }
        if row["analyzed_at"]:
            row |= self._change(url, row.get("text_sha256"), row.get("text"))
        columns = list(row)
        cursor = self.db.execute(
            f"INSERT INTO captures ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [row[c] for c in columns],
        )
        self.db.execute(
            "INSERT INTO fetch_attempts (url, at, outcome, error) VALUES (?, ?, ?, ?)",
            [
                url,
                row["fetched_at"],
                "ok" if row["classification"] != "error" else row["failure"],
                fetched.result.error,
            ],
        )
        if not fetched.keep_lease:
            self.leases.release(url, row["classification"] != "error")
        row["id"] = cursor.lastrowid
        row["warc_file"] = str(refs[-1].path.name) if refs else None

    def _analysed(self, row: dict[str, Any], described: dict[str, Any]) -> dict[str, Any]:
        """Complete a provisional capture row with its page analysis."""
        update = _classified(described, row["failure"])
        update["analyzed_at"] = utc_now()
        if update["classification"] == "error" and row["failure"] is None:
            update["failure"] = "http"
        with write_transaction(self.db):
            update |= self._change(
                row["url"], update.get("text_sha256"), update.get("text"), row["id"]
            )
            self.db.execute(
                f"UPDATE captures SET {', '.join(f'{k} = ?' for k in update)} WHERE id = ?",
                [*update.values(), row["id"]],
            )
        return row | update

    def _change(
        self, url: str, text_sha256: str | None, text: str | None, before: int | None = None
    ) -> dict[str, Any]:
        """How a page's main text differs from its latest good capture before (refetch)."""
        previous = self.db.execute(
            "SELECT id, text_sha256, text FROM captures WHERE url = ? AND classification = 'ok'"
            " AND analyzed_at IS NOT NULL AND id < ? ORDER BY id DESC LIMIT 1",
            [url, before if before is not None else 1 << 62],
        ).fetchone()
        if not previous or not text_sha256:
            return {}
        changed = int(previous[1] != text_sha256)
        out: dict[str, Any] = {"previous_id": previous[0], "changed": changed}
        if changed:
            out["diff"] = paragraph_diff(previous[2] or "", text or "")
        return out


class _Window:
    """The fetches in flight, at most `size`: each finished one is queued for the loop to
    store, and the window is filled again from the work list. Leases are taken a window's
    worth at a time, in one transaction, a little ahead of the fetches they allow."""

    def __init__(
        self,
        capturer: Capturer,
        fetcher: Fetcher,
        work: list[Target],
        size: int,
        summary: Summary,
    ) -> None:
        self.capturer, self.fetcher, self.size, self.summary = capturer, fetcher, size, summary
        self.work = iter(work)
        self.leased: deque[Target] = deque()  # leases held, fetches not yet started
        self.done: asyncio.Queue[asyncio.Task[Fetched]] = asyncio.Queue()
        self.running = 0

    def fill(self) -> None:
        while self.running < self.size:
            if not self.leased and not self._lease():
                return
            target = self.leased.popleft()
            task = asyncio.create_task(self.capturer._fetch(self.fetcher, target))
            task.add_done_callback(self.done.put_nowait)
            self.running += 1

    def _lease(self) -> bool:
        """The next URLs' leases; a URL another run holds is skipped. False: no URLs left."""
        while True:
            targets = list(islice(self.work, self.size))
            if not targets:
                return False
            for target, busy in zip(targets, self.capturer.leases.claim_many(targets), strict=True):
                if busy:
                    self.summary.outcomes["skipped"] += 1
                    self.summary.skipped.append({"url": target.url, "reason": busy})
                else:
                    self.leased.append(target)
            if self.leased:
                return True

    async def finished(self) -> list[asyncio.Task[Fetched]]:
        """The fetches finished since the last call (waiting for one if none has)."""
        done = [await self.done.get()]
        while not self.done.empty():
            done.append(self.done.get_nowait())
        self.running -= len(done)
        return done


def _classified(described: dict[str, Any], failure: str | None) -> dict[str, Any]:
    """The analysis as row fields: a fetch that failed after some hops stays an error."""
    out = dict(described)
    if failure not in (None, "http"):
        out["classification"] = "error"
        out.pop("reason", None)
    return out


def stored_result(archive: Archive, row: dict[str, Any]) -> FetchResult:
    """A capture read back from the WARC, as a FetchResult (the body decoded again)."""
    record = read_record(archive.root / row["warc_file"], row["warc_offset"], row["warc_length"])
    encoding = next((v for k, v in record.http_headers if k.lower() == "content-encoding"), None)
    decoder = Decoder(encoding, 1 << 62)
    decoder.feed(record.payload)
    status = int(record.http_status or 0)
    started = datetime.now(UTC)
    hop = Hop(record.uri, [], status, "", "HTTP/1.1", record.http_headers, record.payload, started)
    return FetchResult(row["url"], row["final_url"] or row["url"], [hop], bytes(decoder.out))


def analysis_worker(parent: int) -> None:
    """Pool worker initializer. The worker runs at a lower priority, so that on a busy
    machine fetching and writing, which keep the network busy, get the CPU first and
    analysis takes what is left. When the run that started it is killed (kill -9
    mid-run), the worker exits instead of waiting for work that will never come."""
    os.nice(10)

    def watch() -> None:
        while True:
            time.sleep(1)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def describe_result(result: FetchResult) -> dict[str, Any]:
    if result.last is None:
        return {}
    content_type = result.header("content-type") or ""
    return describe(result.body, content_type, result.status, result.final_url)


def analyse_record(
    path: str, offset: int, length: int, status: int | None, final_url: str
) -> dict[str, Any]:
    """The page analysis of a stored response record, with the seconds each stage took.
    It runs in a worker: the arguments are small and the body is read back from the WARC,
    never sent across."""
    started = time.perf_counter()
    record = read_record(Path(path), offset, length)
    headers = {k.lower(): v for k, v in record.http_headers}
    decoder = Decoder(headers.get("content-encoding"), 1 << 62)
    decoder.feed(record.payload)
    seconds = {"reading back": time.perf_counter() - started}
    out = describe(
        bytes(decoder.out), headers.get("content-type") or "", status, final_url, seconds
    )
    return out | {"seconds": seconds}


def describe(
    body: bytes,
    content_type: str,
    status: int | None,
    final_url: str,
    seconds: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Charset, metadata, main text and classification of a fetched page (picklable
    arguments: it runs in a worker process); `seconds` collects what each stage took."""
    clock = seconds if seconds is not None else {}
    mime = content_type.split(";")[0].strip().lower()
    looks_html = body[:1024].lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))
    started = time.perf_counter()
    if mime not in ("text/html", "application/xhtml+xml") and not (not mime and looks_html):
        error = bool(status and status >= 400)
        out: dict[str, Any] = {"classification": "error" if error else "not-html"}
        if mime.startswith("text/"):
            decoded = decode_html(body, content_type)
            out |= {"charset": decoded.codec, "text": decoded.text}
        out["reason"] = f"HTTP {status}" if error else f"content type {mime or 'unknown'}"
        clock["charset"] = time.perf_counter() - started
        return out
    decoded = decode_html(body, content_type)
    clock["charset"] = time.perf_counter() - started
    started = time.perf_counter()
    info = page_info(decoded.text, status, final_url)
    clock["metadata and main text"] = time.perf_counter() - started
    return {
        "charset": decoded.codec,
        "charset_source": decoded.source,
        "replacement_chars": decoded.replacements,
        "title": info.title,
        "author": info.author,
        "published": info.published,
        "canonical_url": info.canonical,
        "lang": info.lang,
        "text": info.text,
        "text_sha256": "sha256:" + hashlib.sha256(info.text.encode("utf-8")).hexdigest(),
        "classification": info.classification,
        "reason": f"HTTP {status}" if info.classification == "error" else info.reason,
    }


def paragraph_diff(old: str, new: str) -> str:
    """Paragraphs removed (-) and added (+) between two captures of a page."""
    lines = difflib.unified_diff(
        old.splitlines(), new.splitlines(), "before", "after", n=0, lineterm=""
    )
    return "\n".join(line for line in lines if not line.startswith(("---", "+++", "@@")))


def list_captures(db: sqlite_utils.Database, archive_root: Path) -> list[dict[str, Any]]:
    rows = list(
        db.query(
            "SELECT c.id, c.url, c.final_url, c.status, c.charset, c.title, c.published, c.text, c.sha256,"
            " c.classification, c.failure, c.reason AS error, w.path AS warc_file, c.warc_offset, c.warc_length,"
            " c.fetched_at, c.wayback, c.changed FROM captures c"
            " LEFT JOIN warc_files w ON w.id = c.warc_file_id ORDER BY c.id"
        )
    )
    for r in rows:
        if r["warc_file"]:
            r["warc_file"] = str(archive_root / r["warc_file"])
    return rows
