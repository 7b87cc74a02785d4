"""Ingest: read a document safely, extract its claims, store everything in one transaction.

Reading refuses what is not text (a directory, a binary file, an empty file) and decodes
legacy Japanese and Chinese encodings (Shift_JIS as cp932, EUC-JP, GB18030, Big5) strictly:
text that does not decode cleanly is refused, never stored as mojibake.

Storing is idempotent: the same text again changes nothing; an edited file becomes a new
version of its document (`version`, `supersedes`), its earlier claims and verdicts kept.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
import yaml

from factcheck.citations import Attribution
from factcheck.db import write_transaction
from factcheck.errors import InputError
from factcheck.extract import Extraction, detect_language, extract
from factcheck.html import Link
from factcheck.linking import confidence
from factcheck.sources import Entry, Registry, store_source

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
LEGACY_CODECS = ("cp932", "euc_jp", "gb18030", "big5")
MAGIC = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive",
    b"\x1f\x8b": "gzip archive",
    b"SQLite format 3": "SQLite database",
    b"\x7fELF": "executable",
}


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


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and the codec it was read with; InputError for anything that is not text."""
    if not data.strip():
        raise InputError(f"{name} is empty")
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{name} is a {what}, not a text document")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:8192]:
        raise InputError(f"{name} is a binary file, not a text document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = _best_legacy_decoding(data)
    if best is None:
        raise InputError(
            f"cannot decode {name}: not UTF-8, Shift_JIS, EUC-JP, GB18030 or Big5 text"
        )
    return best


def _best_legacy_decoding(data: bytes) -> tuple[str, str] | None:
    """Of the codecs that decode the bytes without error, the one whose text looks most
    like prose: most kana and common CJK, fewest rare or private-use characters."""
    candidates = []
    for codec in LEGACY_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text), codec, text))
    if not candidates:
        return None
    score, codec, text = max(candidates)
    if score < 0.5:
        return None
    return text, codec


def _plausibility(text: str) -> float:
    if not text:
        return 0.0
    good = 0.0
    for ch in text:
        o = ord(ch)
        if 0xFF61 <= o <= 0xFF9F:
            good -= 0.5  # half-width katakana: what Shift_JIS makes of EUC-JP or GBK bytes
        elif (
            ch.isascii() or 0x3040 <= o <= 0x30FF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF
        ):
            good += 1
        elif 0x4E00 <= o <= 0x9FFF:
            good += 0.8  # Han is plausible in every codec here; kana decides Japanese
        elif 0xE000 <= o <= 0xF8FF or o < 0x20 and ch not in "\n\r\t":
            good -= 1
    return good / len(text)


@dataclass
class Document:
    text: str
    encoding: str
    format: str  # text | markdown | html
    links: list[Link]
    title: str | None = None


def read_document(path: Path) -> Document:
    """A .txt, .md or .html file, decoded and (for HTML) reduced to its article text."""
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory: name the files to ingest")
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise InputError(
            f"{path}: unsupported file type {suffix or '(none)'}: use .txt, .md or .html"
        )
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from e
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
    """claims/x.ja.txt → claims/x.ja.yml, if it exists."""
    meta = path.with_suffix(".yml")
    if not meta.exists():
        return {}
    try:
        data = yaml.safe_load(meta.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read metadata {meta}: {e}") from e
    return data if isinstance(data, dict) else {}


def language_of(path: Path, text: str, meta: dict[str, Any]) -> str:
    if meta.get("lang"):
        return str(meta["lang"])
    parts = path.name.split(".")
    if len(parts) >= 3 and parts[-2] in ("ja", "en", "zh"):
        return parts[-2]
    return detect_language(text)


def ingest(db: sqlite_utils.Database, path: str | Path, registry: Registry) -> IngestResult:
    path = Path(path)
    doc = read_document(path)
    text, encoding = doc.text, doc.encoding
    meta = sidecar_metadata(path)
    if doc.title and "title" not in meta:
        meta["title"] = doc.title
    lang = language_of(path, text, meta)
    sha = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = db.execute("SELECT id FROM documents WHERE sha256 = ?", [sha]).fetchone()
    if existing:
        return _result(db, existing[0], str(path), "unchanged", lang, encoding)
    extraction = extract(text, lang, registry)
    with write_transaction(db):
        previous = db.execute(
            "SELECT id, version FROM documents WHERE path = ? ORDER BY version DESC LIMIT 1",
            [str(path)],
        ).fetchone()
        doc_id = _store(db, path, text, sha, lang, encoding, meta, extraction, previous, doc.links)
    return _result(db, doc_id, str(path), "new-version" if previous else "new", lang, encoding)


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
    path: Path,
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
            datetime.now(UTC).isoformat(timespec="seconds"),
        ],
    ).lastrowid
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
    for st in ex.structure:
        db.execute(
            'INSERT INTO segments (document_id, kind, text, start, "end", reason) VALUES (?, ?, ?, ?, ?, ?)',
            [doc_id, st.kind, st.text, st.start, st.end, st.reason or None],
        )
    for claim in ex.claims:
        claim_id = db.execute(
            'INSERT INTO claims (document_id, text, start, "end", offsets, occurrences, kind,'
            " checkworthiness, quote, paragraph) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                doc_id,
                claim.text,
                claim.start,
                claim.end,
                json.dumps(claim.offsets),
                len(claim.offsets),
                claim.kind,
                claim.score,
                claim.quote,
                claim.paragraph,
            ],
        ).lastrowid
        for att in claim.attributions:
            url = link_for(att, claim.start, claim.end, links or [])
            _store_citation(db, int(claim_id or 0), att.entry, att, ref_ids, url)
        for sug in claim.suggestions:
            ref_id, outlet_id = ref_rows[sug.reference]
            if outlet_id is None:
                continue
            db.execute(
                "INSERT OR IGNORE INTO citations (claim_id, source_id, cue, inferred, score,"
                " reference_id, status) VALUES (?, ?, ?, 1, ?, ?, 'suggested')",
                [
                    claim_id,
                    outlet_id,
                    "shares: " + ", ".join(t.lstrip("@#") for t in sug.terms[:8]),
                    confidence(sug.score),
                    ref_id,
                ],
            )
    return int(doc_id or 0)


def link_for(att: Attribution, start: int, end: int, links: list[Link]) -> str | None:
    """The URL an HTML document links the cited source to: a link on the source's name or
    cue, else the one link in the claim that sits right after the cue."""
    inside = [lk for lk in links if lk.start < end and lk.end > start]
    for lk in inside:
        if lk.start < att.cue_end and lk.end > att.cue_start:
            return lk.href
        if att.surface and (lk.text in att.surface or att.surface in lk.text) and lk.text:
            return lk.href
    after = [lk for lk in inside if 0 <= lk.start - att.cue_end <= 15]
    return after[0].href if len(after) == 1 else None


def _store_citation(
    db: sqlite_utils.Database,
    claim_id: int,
    entry: Entry,
    att: Attribution,
    ref_ids: dict[str, int],
    url: str | None = None,
) -> None:
    source = store_source(db, entry)
    reference = ref_ids.get(entry.name) or next((ref_ids[v] for v in att.via if v in ref_ids), None)
    db.execute(
        "INSERT OR IGNORE INTO citations (claim_id, source_id, cue, cue_start, cue_end, surface,"
        " inferred, via, reference_id, url) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
        [
            claim_id,
            source,
            att.cue,
            att.cue_start,
            att.cue_end,
            att.surface,
            json.dumps(att.via, ensure_ascii=False),
            reference,
            url,
        ],
    )
