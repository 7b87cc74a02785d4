"""The WARC archive (ISO 28500, WARC/1.1) under db/archive/, written with warcio.

Each file starts with a warcinfo record, whose id every record of the file names in
`WARC-Warcinfo-ID`; each HTTP exchange (every redirect hop too) is a request and a
response record, built explicitly from the bytes as received, with `WARC-IP-Address`, the
address the socket was connected to. Files rotate by size.

The one convention where the stored bytes differ from the wire: httpx hands over a body
already de-chunked, so a chunked response is stored de-chunked, and its
`Transfer-Encoding` header is kept renamed as `X-Archive-Orig-Transfer-Encoding` (the
prefix pywb uses for headers it cannot replay as they were): every header in a record
then agrees with the body stored beside it. Content-Encoding is never undone: a gzipped
body is stored gzipped. warcio adds WARC-Block-Digest and WARC-Payload-Digest.

A Wayback Machine copy is stored under the original URL as `WARC-Target-URI`, with the
memento's URL in `WARC-Source-URI` and its date in `WARC-Refers-To-Date`, so a replay
tool finds it where a reader looks for the page.

Concurrency and crash safety: every append holds an exclusive lock (flock on
archive.lock beside the files) from writing the records to committing the database rows
that point at them, so two processes, a `fetch` and an `ingest URL` or two `fetch` runs,
append one after the other and never interleave. Records are fsynced before the rows
are committed, in the same transaction that moves the file's `committed_bytes`
watermark past them. Whoever takes the lock next first cuts off anything after the
watermark: a record half-written by a process that died holding the lock (the kernel
releases a dead process's lock), never a live one's, since a live writer holds the lock
until its rows are committed.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlite_utils
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from factcheck import __version__
from factcheck.errors import InputError
from factcheck.fetch import FetchResult, Hop
from factcheck.timestamps import utc_now

DEFAULT_MAX_FILE_BYTES = 1_000_000_000
RENAMED_HEADERS = {"transfer-encoding"}  # kept as X-Archive-Orig-…: the body is de-chunked
WARC_VERSION = "WARC/1.1"
COMPRESSION = 3  # zlib level of each record's gzip member (see _member)
LOCK_FILE = "archive.lock"


@dataclass(frozen=True)
class AppendTarget:
    """The archive file being appended to, under the lock."""

    file_id: int
    path: Path
    warcinfo_id: str


@dataclass
class RecordRef:
    file_id: int
    path: Path
    offset: int
    length: int


def archive_dir(db_path: Path) -> Path:
    return db_path.parent / "archive"


class Archive:
    def __init__(
        self, db: sqlite_utils.Database, root: Path, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    ) -> None:
        self.db = db
        self.root = root
        self.max_file_bytes = max_file_bytes
        self.file_id: int | None = None
        self.path: Path | None = None

    # -- files ------------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """The archive's inter-process write lock (held by one appender at a time)."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    def _current(self) -> tuple[int, Path, str]:
        """Under the lock: the file to append to (the newest, cut back to its watermark),
        and its warcinfo record id."""
        row = self.db.execute(
            "SELECT id, path, committed_bytes, warcinfo_id FROM warc_files ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row and row[2] < self.max_file_bytes and (self.root / row[1]).exists():
            path = self.root / row[1]
            recover(path, row[2])
            return row[0], path, row[3] or _warcinfo_id(path)
        return self._new_file()

    def _new_file(self) -> tuple[int, Path, str]:
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        name = f"factcheck-{stamp}-{uuid.uuid4().hex[:8]}.warc.gz"
        path = self.root / name
        with path.open("wb") as f:
            writer = WARCWriter(f, gzip=True, warc_version=WARC_VERSION)
            info = writer.create_warcinfo_record(
                name,
                {
                    "software": f"factcheck/{__version__} (httpx, warcio)",
                    "format": "WARC File Format 1.1",
                    "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
                    "description": "Captures of pages cited by fact-checked documents",
                    "x-chunked-bodies": "stored de-chunked; Transfer-Encoding kept as X-Archive-Orig-Transfer-Encoding",
                },
            )
            writer.write_record(info)
            f.flush()
            os.fsync(f.fileno())
            size = f.tell()
        info_id = info.rec_headers.get_header("WARC-Record-ID")
        cursor = self.db.execute(
            "INSERT INTO warc_files (path, created_at, committed_bytes, records, warcinfo_id)"
            " VALUES (?, ?, ?, 1, ?)",
            [name, utc_now(), size, info_id],
        )
        return int(cursor.lastrowid or 0), path, info_id

    # -- records ----------------------------------------------------------------------

    @contextmanager
    def appending_to(self) -> Iterator[AppendTarget]:
        """The locked file to append to (cut back to its watermark), for `write_records`
        (which may run in another thread); the caller commits the rows that point at the
        records with `commit()` inside the block. The archive stays locked until the block
        ends; if it raises, whatever was written in it is cut off again, so nothing
        uncommitted is left behind."""
        with self._locked():
            file_id, path, info_id = self._current()
            start = path.stat().st_size
            try:
                yield AppendTarget(file_id, path, info_id)
            except BaseException:
                os.truncate(path, start)
                raise

    def commit(self, refs: list[RecordRef]) -> None:
        """Inside the caller's transaction: the records up to the last ref are kept."""
        if refs:
            last = max(refs, key=lambda r: r.offset)
            self.db.execute(
                "UPDATE warc_files SET committed_bytes = max(committed_bytes, ?), records = records + ?"
                " WHERE id = ?",
                [last.offset + last.length, 2 * len(refs), last.file_id],
            )


def write_records(
    target: AppendTarget, results: list[tuple[FetchResult, tuple[str, str] | None]]
) -> list[list[RecordRef]]:
    """Append the results' records to the target file and fsync it; each result's
    response records' places. File work only (no database), so it can run in a thread:
    compressing and fsync release the GIL, and fetching goes on meanwhile."""
    with target.path.open("ab") as f:
        refs = [_write(f, target, result, wayback) for result, wayback in results]
        f.flush()
        os.fsync(f.fileno())
    return refs


def _write(
    f: Any, target: AppendTarget, result: FetchResult, wayback: tuple[str, str] | None
) -> list[RecordRef]:
    """A result's request and response records, one pair per hop. `wayback`: (original
    URL, memento timestamp) when result is a Wayback copy."""
    refs = []
    writer = WARCWriter(io.BytesIO(), gzip=False, warc_version=WARC_VERSION)  # builds records
    for i, hop in enumerate(result.hops):
        extra = {"WARC-Warcinfo-ID": target.warcinfo_id}
        uri = hop.url
        if wayback is not None and i == len(result.hops) - 1:
            uri, stamp = wayback
            extra |= {"WARC-Source-URI": hop.url}
            if len(stamp) == 14 and stamp.isdigit():
                extra["WARC-Refers-To-Date"] = (
                    f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T"
                    f"{stamp[8:10]}:{stamp[10:12]}:{stamp[12:]}Z"
                )
        request = _request_record(writer, hop, uri, extra)
        f.write(_member(request))
        response = _response_record(
            writer, hop, uri, request.rec_headers.get_header("WARC-Record-ID"), extra
        )
        offset = f.tell()
        f.write(_member(response))
        refs.append(RecordRef(target.file_id, target.path, offset, f.tell() - offset))
    return refs


def _member(record: Any) -> bytes:
    """A record as its own gzip member, at level 3: compressing is most of the writer's
    CPU, and on the benchmark's 100 KB pages level 3 takes 0.4 ms where zlib's default,
    6, takes 1.0 and 9 (wget's and warcio's) 1.6; files come out 17% larger than at 6
    there, 7% on real HTML (documentation pages), and 4% separate 6 from 9."""
    plain = io.BytesIO()
    WARCWriter(plain, gzip=False, warc_version=WARC_VERSION).write_record(record)
    z = zlib.compressobj(COMPRESSION, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return z.compress(plain.getvalue()) + z.flush()


def recover(path: Path, committed: int) -> int:
    """Cut off whatever follows the committed watermark; returns bytes removed. Only ever
    called with the archive lock held."""
    size = path.stat().st_size
    if size > committed:
        os.truncate(path, committed)
        return size - committed
    return 0


def _warcinfo_id(path: Path) -> str:
    """The id of a file's first record (files written before warcinfo_id was stored)."""
    with path.open("rb") as f:
        for record in ArchiveIterator(f):
            return str(record.rec_headers.get_header("WARC-Record-ID"))
    return ""


def _http_headers(hop: Hop) -> StatusAndHeaders:
    headers = [
        ("X-Archive-Orig-" + k if k.lower() in RENAMED_HEADERS else k, v) for k, v in hop.headers
    ]
    protocol = hop.http_version if hop.http_version.startswith("HTTP/") else "HTTP/1.1"
    return StatusAndHeaders(f"{hop.status} {hop.reason}".strip(), headers, protocol=protocol)


def _request_record(writer: WARCWriter, hop: Hop, target: str, extra: dict[str, str]) -> Any:
    parts = urlsplit(hop.url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    http = StatusAndHeaders(f"GET {path} HTTP/1.1", hop.request_headers, is_http_request=True)
    return writer.create_warc_record(
        target,
        "request",
        payload=io.BytesIO(b""),
        length=0,
        http_headers=http,
        warc_headers_dict={"WARC-Date": _warc_date(hop), **_ip(hop), **extra},
    )


def _response_record(
    writer: WARCWriter, hop: Hop, target: str, request_id: str, extra: dict[str, str]
) -> Any:
    warc_headers = {
        "WARC-Date": _warc_date(hop),
        "WARC-Concurrent-To": request_id,
        **_ip(hop),
        **extra,
    }
    return writer.create_warc_record(
        target,
        "response",
        payload=io.BytesIO(hop.raw_body),
        length=len(hop.raw_body),
        http_headers=_http_headers(hop),
        warc_headers_dict=warc_headers,
    )


def _ip(hop: Hop) -> dict[str, str]:
    return {"WARC-IP-Address": hop.ip_address} if hop.ip_address else {}


def _warc_date(hop: Hop) -> str:
    return hop.started.strftime("%Y-%m-%dT%H:%M:%SZ")


# -- reading back -----------------------------------------------------------------------


@dataclass
class StoredRecord:
    uri: str
    warc_type: str
    headers: dict[str, str]
    http_status: str | None
    http_headers: list[tuple[str, str]]
    payload: bytes  # as stored: still content-encoded


def read_record(path: Path, offset: int, length: int) -> StoredRecord:
    """The record at offset, read directly (random access by offset and length); a
    missing file, an offset that is not a record's start or a damaged record raise
    InputError with one line saying which."""
    try:
        with path.open("rb") as f:
            f.seek(offset)
            data = f.read(length)
    except (OSError, ValueError, OverflowError) as e:
        raise InputError(f"cannot read {path}: {getattr(e, 'strerror', None) or e}") from e
    if len(data) != length:
        raise InputError(f"{path}: record at {offset} is cut short ({len(data)} of {length} bytes)")
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            http = record.http_headers
            return StoredRecord(
                uri=record.rec_headers.get_header("WARC-Target-URI") or "",
                warc_type=record.rec_type,
                headers=dict(record.rec_headers.headers),
                http_status=http.get_statuscode() if http else None,
                http_headers=list(http.headers) if http else [],
                payload=record.raw_stream.read(),
            )
    except Exception as e:  # warcio raises several kinds (ArchiveLoadFailed, zlib, ValueError)
        raise InputError(
            f"{path.name}: no readable WARC record at offset {offset}: {type(e).__name__}: {_one_line(e)}"
        ) from e
    raise InputError(f"{path.name}: no WARC record at offset {offset}")


def _one_line(e: BaseException) -> str:
    """warcio's messages can span lines (a dump of the bytes it could not read)."""
    return " ".join(str(e).split())[:300]


def verify_file(path: Path, committed: int | None = None) -> list[str]:
    """Re-read every record of a file up to its committed watermark (what follows it is
    a live writer's, not yet part of the archive) and check its digests; problems, one
    line each."""
    problems = []
    # warcio writes some findings to stderr, lines of raw bytes: they become problems here
    warnings = io.StringIO()
    try:
        size = path.stat().st_size
        if committed is not None and size < committed:
            problems.append(
                f"{path.name}: {size:,} bytes, shorter than the {committed:,} committed"
            )
        with path.open("rb") as f, contextlib.redirect_stderr(warnings):
            stream = io.BytesIO(f.read(committed)) if committed is not None else f
            it = ArchiveIterator(stream, check_digests=True)
            for record in it:
                content = record.content_stream()
                while content.read(1 << 20):
                    pass
                if record.digest_checker.passed is False:
                    problems += [
                        f"{path.name} @ {it.get_record_offset()}: {p}"
                        for p in record.digest_checker.problems
                    ]
    except Exception as e:  # warcio raises several kinds on damaged files
        problems.append(f"{path.name}: {type(e).__name__}: {_one_line(e)}")
    for line in warnings.getvalue().splitlines():
        if "WARNING:" in line:
            problems.append(f"{path.name}: {line.split('WARNING:', 1)[1].strip()}")
    return problems


def verify_archive(db: sqlite_utils.Database, root: Path) -> tuple[int, int, list[str]]:
    """Every file's digests, and every capture's record at its offset: (files, captures,
    problems, one line each)."""
    problems: list[str] = []
    files = list(db.execute("SELECT path, committed_bytes FROM warc_files ORDER BY id"))
    for name, committed in files:
        problems += verify_file(root / name, committed)
    rows = list(
        db.query(
            "SELECT c.id, c.url, c.final_url, c.original_url, w.path, c.warc_offset, c.warc_length"
            " FROM captures c JOIN warc_files w ON w.id = c.warc_file_id ORDER BY c.id"
        )
    )
    for r in rows:
        if r["warc_offset"] is None or r["warc_length"] is None or r["warc_offset"] < 0:
            problems.append(f"capture {r['id']}: no record place ({r['warc_offset']!r})")
            continue
        try:
            record = read_record(root / r["path"], r["warc_offset"], r["warc_length"])
        except InputError as e:
            problems.append(f"capture {r['id']}: {e}")
            continue
        if record.warc_type != "response":
            problems.append(
                f"capture {r['id']}: record at {r['warc_offset']} is a {record.warc_type}"
            )
        elif record.uri not in (r["url"], r["final_url"], r["original_url"]):
            problems.append(
                f"capture {r['id']}: record at {r['warc_offset']} is of {record.uri}, not {r['url']}"
            )
    return len(files), len(rows), problems
