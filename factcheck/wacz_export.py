"""The archive as one WACZ file (Web Archive Collection Zipped, 1.1.1), for ReplayWeb.page,
pywb and other replay tools: the WARC files, a CDXJ index (py-wacz, the Webrecorder
project's), a datapackage.json with every file's digest, and a `pages/pages.jsonl` of
ours: one page per good capture, at the URL and time its response record has (a Wayback
copy under the original URL, as archive.py stores it), with the capture's title, main
text for full-text search, and its factcheck id, source and classification.

Only what is committed goes in: a file that a live `fetch` is appending to is cut at its
watermark. The WACZ is written beside the output and moved into place once py-wacz has
validated it, so a failed export leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from factcheck import __version__
from factcheck.archive import read_record
from factcheck.errors import InputError, InvalidValue


@dataclass
class Exported:
    path: Path
    pages: int
    warc_files: int
    size: int


def pages_jsonl(db: sqlite_utils.Database, root: Path) -> list[dict[str, object]]:
    """The WACZ pages of the good captures (header first)."""
    rows = db.query(
        "SELECT c.id, c.url, c.title, c.text, c.classification, c.source_id, s.name AS source,"
        " w.path, c.warc_offset, c.warc_length FROM captures c"
        " JOIN warc_files w ON w.id = c.warc_file_id LEFT JOIN sources s ON s.id = c.source_id"
        " WHERE c.classification != 'error' AND c.warc_offset IS NOT NULL ORDER BY c.id"
    )
    pages: list[dict[str, object]] = [
        {"format": "json-pages-1.0", "id": "pages", "title": "factcheck captures", "hasText": True}
    ]
    for r in rows:
        record = read_record(root / r["path"], r["warc_offset"], r["warc_length"])
        page: dict[str, object] = {
            "id": f"capture-{r['id']}",
            "url": record.uri,
            "ts": record.headers.get("WARC-Date", ""),
            "title": r["title"] or r["url"],
            "text": r["text"] or "",
            "factcheck:capture": r["id"],
            "factcheck:classification": r["classification"],
        }
        if r["source"]:
            page["factcheck:source"] = r["source"]
        pages.append(page)
    return pages


def export_wacz(db: sqlite_utils.Database, root: Path, output: Path) -> Exported:
    from wacz.main import main as wacz

    if not output.parent.is_dir():
        raise InputError(f"cannot write {output}: no folder {output.parent}")
    files = list(db.execute("SELECT path, committed_bytes FROM warc_files ORDER BY id"))
    pages = pages_jsonl(db, root)
    if len(pages) < 2:
        raise InvalidValue("nothing to export: no good capture in the archive yet")
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".wacz-") as tmp:
        work = Path(tmp)
        inputs = []
        for name, committed in files:
            source = root / name
            if not source.exists():
                raise InputError(f"archive file missing: {source}")
            if source.stat().st_size > committed:  # a live writer's records past the mark
                source = _prefix(source, committed, work / name)
            inputs.append(str(source))
        listed = work / "pages.jsonl"
        listed.write_text(
            "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pages), encoding="utf-8"
        )
        built = work / "archive.wacz"
        argv = ["create", "-o", str(built), "-p", str(listed), "--copy-pages"]
        argv += ["--title", "factcheck archive", "--desc", f"Written by factcheck {__version__}"]
        _run(wacz, [*argv, *inputs], "could not build the WACZ")
        _run(wacz, ["validate", "-f", str(built)], "the WACZ did not validate")
        os.replace(built, output)
    return Exported(output, len(pages) - 1, len(inputs), output.stat().st_size)


def _prefix(source: Path, length: int, target: Path) -> Path:
    with source.open("rb") as src, target.open("wb") as dst:
        remaining = length
        while remaining:
            chunk = src.read(min(remaining, 1 << 20))
            if not chunk:
                break
            dst.write(chunk)
            remaining -= len(chunk)
    return target


def _run(wacz: object, argv: list[str], what: str) -> None:
    """py-wacz's command line, in-process, its chatter kept for the error message."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = wacz(argv)  # type: ignore[operator]
        except SystemExit as e:
            code = e.code
        except Exception as e:  # py-wacz raises assorted errors on damaged WARCs
            raise InputError(f"{what}: {type(e).__name__}: {e}") from e
    if code not in (0, None):
        last = [line for line in out.getvalue().splitlines() if line.strip()][-1:] or ["?"]
        raise InputError(f"{what}: {last[0][:300]}")
