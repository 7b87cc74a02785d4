"""The WARC archive (ISO 28500) under db/archive/, written with warcio.

Each file starts with a warcinfo record; each HTTP exchange (every redirect hop too) is
a request and a response record, built explicitly from the bytes as received: the body
still content-encoded, with its original headers, less `Transfer-Encoding` (httpx hands
over a de-chunked body, and a chunked header beside it would lie). warcio adds
WARC-Block-Digest and WARC-Payload-Digest. Files rotate by size.

Crash safety: records are appended and fsynced first; only then does the caller commit
the database row, in the same transaction that moves the file's `committed_bytes`
watermark past them. On the next open, anything after the watermark (a record half
written when the process died, or written but never committed) is cut off, so no row
can ever point at a partial record.
"""

from __future__ import annotations

import io
import os
import uuid
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

DEFAULT_MAX_FILE_BYTES = 1_000_000_000
DROP_HEADERS = {"transfer-encoding"}


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

    def _current(self) -> tuple[int, Path]:
        if self.file_id is not None and self.path is not None:
            size = self.path.stat().st_size
            if size < self.max_file_bytes:
                return self.file_id, self.path
        row = self.db.execute(
            "SELECT id, path, committed_bytes FROM warc_files ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row and row[2] < self.max_file_bytes and (self.root / row[1]).exists():
            self.file_id, self.path = row[0], self.root / row[1]
            recover(self.path, row[2])
            return self.file_id, self.path
        return self._new_file()

    def _new_file(self) -> tuple[int, Path]:
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        name = f"factcheck-{stamp}-{uuid.uuid4().hex[:8]}.warc.gz"
        path = self.root / name
        with path.open("wb") as f:
            writer = WARCWriter(f, gzip=True)
            writer.write_record(
                writer.create_warcinfo_record(
                    name,
                    {
                        "software": f"factcheck/{__version__} (httpx, warcio)",
                        "format": "WARC File Format 1.1",
                        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
                        "description": "Captures of pages cited by fact-checked documents",
                    },
                )
            )
            f.flush()
            os.fsync(f.fileno())
            size = f.tell()
        cursor = self.db.execute(
            "INSERT INTO warc_files (path, created_at, committed_bytes, records) VALUES (?, ?, ?, 1)",
            [name, datetime.now(UTC).isoformat(timespec="seconds"), size],
        )
        self.file_id, self.path = int(cursor.lastrowid or 0), path
        return self.file_id, path

    # -- records ----------------------------------------------------------------------

    def write(self, result: FetchResult, extra: dict[str, str] | None = None) -> list[RecordRef]:
        """Append a request and a response record per hop; fsync; return the response
        records' places. The caller commits them with `commit()`."""
        file_id, path = self._current()
        refs = []
        with path.open("ab") as f:
            writer = WARCWriter(f, gzip=True)
            for hop in result.hops:
                request = _request_record(writer, hop)
                writer.write_record(request)
                response = _response_record(
                    writer, hop, request.rec_headers.get_header("WARC-Record-ID"), extra
                )
                offset = f.tell()
                writer.write_record(response)
                refs.append(RecordRef(file_id, path, offset, f.tell() - offset))
            f.flush()
            os.fsync(f.fileno())
        return refs

    def commit(self, refs: list[RecordRef]) -> None:
        """Inside the caller's transaction: the records up to the last ref are kept."""
        if refs:
            end = refs[-1].offset + refs[-1].length
            self.db.execute(
                "UPDATE warc_files SET committed_bytes = max(committed_bytes, ?), records = records + ?"
                " WHERE id = ?",
                [end, 2 * len(refs), refs[-1].file_id],
            )


def recover(path: Path, committed: int) -> int:
    """Cut off whatever follows the committed watermark; returns bytes removed."""
    size = path.stat().st_size
    if size > committed:
        os.truncate(path, committed)
        return size - committed
    return 0


def _http_headers(hop: Hop) -> StatusAndHeaders:
    headers = [(k, v) for k, v in hop.headers if k.lower() not in DROP_HEADERS]
    protocol = hop.http_version if hop.http_version.startswith("HTTP/") else "HTTP/1.1"
    return StatusAndHeaders(f"{hop.status} {hop.reason}".strip(), headers, protocol=protocol)


def _request_record(writer: WARCWriter, hop: Hop) -> Any:
    parts = urlsplit(hop.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    http = StatusAndHeaders(f"GET {target} HTTP/1.1", hop.request_headers, is_http_request=True)
    return writer.create_warc_record(
        hop.url,
        "request",
        payload=io.BytesIO(b""),
        length=0,
        http_headers=http,
        warc_headers_dict={"WARC-Date": _warc_date(hop)},
    )


def _response_record(
    writer: WARCWriter, hop: Hop, request_id: str, extra: dict[str, str] | None
) -> Any:
    warc_headers = {"WARC-Date": _warc_date(hop), "WARC-Concurrent-To": request_id, **(extra or {})}
    return writer.create_warc_record(
        hop.url,
        "response",
        payload=io.BytesIO(hop.raw_body),
        length=len(hop.raw_body),
        http_headers=_http_headers(hop),
        warc_headers_dict=warc_headers,
    )


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
    """The record at offset, read directly (random access by offset and length)."""
    try:
        with path.open("rb") as f:
            f.seek(offset)
            data = f.read(length)
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from e
    if len(data) != length:
        raise InputError(f"{path}: record at {offset} is cut short ({len(data)} of {length} bytes)")
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
    raise InputError(f"{path}: no WARC record at offset {offset}")


def verify_file(path: Path) -> list[str]:
    """Re-read every record of a file and check its digests; problems, one line each."""
    problems = []
    try:
        with path.open("rb") as f:
            it = ArchiveIterator(f, check_digests=True)
            for record in it:
                stream = record.content_stream()
                while stream.read(1 << 20):
                    pass
                if record.digest_checker.passed is False:
                    problems += [
                        f"{path.name} @ {it.get_record_offset()}: {p}"
                        for p in record.digest_checker.problems
                    ]
    except Exception as e:  # warcio raises several kinds on damaged files
        problems.append(f"{path.name}: {type(e).__name__}: {e}")
    return problems


def verify_archive(db: sqlite_utils.Database, root: Path) -> tuple[int, int, list[str]]:
    """Every file's digests, and every capture's record at its offset: (files, captures,
    problems, one line each)."""
    problems: list[str] = []
    files = [root / r[0] for r in db.execute("SELECT path FROM warc_files ORDER BY id")]
    for f in files:
        problems += verify_file(f)
    rows = list(
        db.query(
            "SELECT c.id, w.path, c.warc_offset, c.warc_length FROM captures c JOIN warc_files w ON w.id = c.warc_file_id"
        )
    )
    for r in rows:
        try:
            record = read_record(root / r["path"], r["warc_offset"], r["warc_length"])
        except InputError as e:
            problems.append(f"capture {r['id']}: {e}")
            continue
        if record.warc_type != "response":
            problems.append(
                f"capture {r['id']}: record at {r['warc_offset']} is a {record.warc_type}"
            )
    return len(files), len(rows), problems
