"""Reading the database for the citation report: every writer in this package reads
through these functions, and they import no writer.

`claims()` streams claims in text order, 500 at a time, each with its sources (cue,
chain, fidelity, capture) and verdicts (history, as-of date, sign-off), so memory does
not grow with the number of claims. `summary()` counts what a reader needs first.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import sqlite_utils

from factcheck import __version__
from factcheck.db import get_setting
from factcheck.errors import NotFound
from factcheck.timestamps import utc_now
from factcheck.verdicts import second_review_required

BATCH = 500


def documents(db: sqlite_utils.Database, document: int | None = None) -> list[dict[str, Any]]:
    where, params = ("WHERE id = ?", [document]) if document else ("", [])
    rows = list(
        db.query(
            "SELECT id, path, title, lang, sha256, version, supersedes, url, credited_origin,"
            " encoding, ingested_at, json_extract(metadata, '$.published') AS published,"
            f" text FROM documents {where} ORDER BY id",
            params,
        )
    )
    if document and not rows:
        raise NotFound(f"no document with id {document}")
    return rows


_SOURCES_SQL = """
SELECT ci.id, ci.claim_id, s.name, s.kind, ci.cue, ci.cue_start, ci.cue_end, ci.surface,
       ci.inferred, ci.score, ci.via, ci.method, ci.confidence, ci.source_start, ci.source_end, coalesce(ci.url, s.cited_url) AS url, ci.status,
       re.number AS reference, ro.name AS outlet, cf.fidelity, cf.note AS fidelity_note,
       cf.reviewer AS fidelity_by, cf.created_at AS fidelity_at
FROM current_citations ci JOIN sources s ON s.id = ci.source_id
LEFT JOIN reference_entries re ON re.id = ci.reference_id
LEFT JOIN sources ro ON ro.id = re.source_id
LEFT JOIN current_fidelity cf ON cf.citation_id = ci.id
WHERE ci.claim_id IN ({}) AND coalesce(ci.status, '') != 'rejected'
ORDER BY ci.inferred, ci.id
"""
_VERDICTS_SQL = """
SELECT v.*, so.reviewer AS signed_off_by, so.created_at AS signed_off_at
FROM verdicts v LEFT JOIN signoffs so ON so.verdict_id = v.id
WHERE v.claim_id IN ({}) ORDER BY v.id
"""
_CAPTURE_SQL = """
SELECT c.id, c.url, c.final_url, c.fetched_at, c.sha256, c.classification, c.status, c.title,
       c.wayback, c.changed, w.path AS warc_file, c.warc_offset
FROM captures c LEFT JOIN warc_files w ON w.id = c.warc_file_id
WHERE c.id IN (SELECT max(id) FROM captures WHERE url IN ({}) GROUP BY url)
"""


def _grouped(
    db: sqlite_utils.Database, sql: str, ids: list[Any], key: str = "claim_id"
) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = {}
    if ids:
        for row in db.query(sql.format(",".join("?" * len(ids))), ids):
            out.setdefault(row[key], []).append(row)
    return out


def claims(
    db: sqlite_utils.Database, document: int | None = None, reviewed_only: bool = False
) -> Iterator[dict[str, Any]]:
    """Claims in text order with sources and verdicts. `reviewed_only` keeps claims whose
    current verdict is published (signed off, where second review is required)."""
    # the corrected state: current attributions and kinds, without retired claims
    where, params = ("AND c.document_id = ?", [document]) if document else ("", [])
    cursor = db.execute(
        'SELECT c.id, c.document_id, c.text, c.start, c."end", c.offsets, c.occurrences,'
        " c.kind, c.checkworthiness, c.quote FROM claims c"
        f" WHERE c.retired IS NULL {where} ORDER BY c.document_id, c.start, c.id",
        params,
    )
    keys = [d[0] for d in cursor.description]
    second = second_review_required(db)
    while batch := cursor.fetchmany(BATCH):
        rows = [dict(zip(keys, r, strict=True)) for r in batch]
        ids = [r["id"] for r in rows]
        sources = _grouped(db, _SOURCES_SQL, ids)
        verdicts = _grouped(db, _VERDICTS_SQL, ids)
        urls = sorted({s["url"] for group in sources.values() for s in group if s["url"]})
        captures = {
            c["url"]: c for group in _grouped(db, _CAPTURE_SQL, urls, "url").values() for c in group
        }
        for r in rows:
            history = [_verdict(v, second) for v in verdicts.get(r["id"], [])]
            current = history[-1] if history else None
            if reviewed_only and not (current and current["published"]):
                continue
            yield {
                "id": r["id"],
                "document": r["document_id"],
                "text": r["text"],
                "start": r["start"],
                "end": r["end"],
                "offsets": json.loads(r["offsets"]),
                "occurrences": r["occurrences"],
                "kind": r["kind"],
                "checkworthiness": r["checkworthiness"],
                "quote": r["quote"],
                "sources": [_source(s, captures.get(s["url"])) for s in sources.get(r["id"], [])],
                "verdict": current,
                "verdict_history": history,
            }


def _source(s: dict[str, Any], capture: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "citation": s["id"],
        "name": s["name"],
        "kind": s["kind"],
        "cue": s["cue"],
        "cue_start": s["cue_start"],
        "cue_end": s["cue_end"],
        "surface": s["surface"],
        "source_start": s["source_start"],
        "source_end": s["source_end"],
        "method": s["method"],
        "confidence": s["confidence"],
        "inferred": bool(s["inferred"]),
        "score": s["score"],
        "via": json.loads(s["via"] or "[]"),
        "reference": s["reference"],
        "outlet": s["outlet"],
        "url": s["url"],
        "status": s["status"],
        "fidelity": s["fidelity"],
        "fidelity_note": s["fidelity_note"],
        "fidelity_by": s["fidelity_by"],
        "capture": capture,
    }


def _verdict(v: dict[str, Any], second_review: bool) -> dict[str, Any]:
    out = {
        k: v[k]
        for k in (
            "id",
            "rating",
            "note",
            "reviewer",
            "evidence_url",
            "capture_id",
            "as_of",
            "created_at",
        )
    }
    out["signed_off_by"] = v["signed_off_by"]
    out["signed_off_at"] = v["signed_off_at"]
    out["published"] = bool(v["signed_off_by"]) or not second_review
    return out


def references(db: sqlite_utils.Database, document: int | None = None) -> list[dict[str, Any]]:
    where, params = ("WHERE r.document_id = ?", [document]) if document else ("", [])
    refs = list(
        db.query(
            "SELECT r.id, r.document_id AS document, r.number, s.name AS outlet,"
            " r.outlet AS outlet_as_written, r.text FROM reference_entries r"
            f" LEFT JOIN sources s ON s.id = r.source_id {where} ORDER BY r.document_id, r.start",
            params,
        )
    )
    works = _grouped(
        db,
        "SELECT id, reference_id, title, title_translated, url FROM works"
        " WHERE reference_id IN ({}) ORDER BY id",
        [r["id"] for r in refs],
        "reference_id",
    )
    for r in refs:
        r["works"] = [
            {k: w[k] for k in ("id", "title", "title_translated", "url")}
            for w in works.get(r.pop("id"), [])
        ]
    return refs


def sources(db: sqlite_utils.Database, document: int | None = None) -> list[dict[str, Any]]:
    where = "AND c.document_id = ?" if document else ""
    rows = list(
        db.query(
            "SELECT s.id, s.name, s.kind, s.aliases, s.url, s.cited_url, s.reviewed,"
            " count(DISTINCT ci.claim_id) AS claims FROM sources s"
            " JOIN current_citations ci ON ci.source_id = s.id AND ci.inferred = 0"
            f" JOIN claims c ON c.id = ci.claim_id AND c.retired IS NULL {where}"
            " GROUP BY s.id ORDER BY claims DESC, s.name",
            [document] if document else [],
        )
    )
    for r in rows:
        r["aliases"] = json.loads(r["aliases"])
        r["reviewed"] = bool(r["reviewed"])
    return rows


def summary(db: sqlite_utils.Database, document: int) -> dict[str, Any]:
    """What a reader needs before the claims: counts by verdict, fidelity and source kind,
    unsourced checkable claims, sources with no URL or capture, changed sources, vague
    and anonymous attributions."""
    by_verdict: Counter[str] = Counter()
    by_fidelity: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    unsourced, vague = [], []
    no_capture: set[str] = set()
    changed: set[str] = set()
    total = 0
    for c in claims(db, document):
        total += 1
        by_verdict[c["verdict"]["rating"] if c["verdict"] else "unreviewed"] += 1
        stated = [s for s in c["sources"] if not s["inferred"]]
        if not stated and c["checkworthiness"] >= 0.5:
            unsourced.append(c["id"])
        for s in stated:
            by_kind[s["kind"]] += 1
            by_fidelity[s["fidelity"] or "unreviewed"] += 1
            if s["kind"] in ("anonymous", "unnamed"):
                vague.append(c["id"])
            elif not s["capture"] or s["capture"]["classification"] == "error":
                no_capture.add(s["name"])
            if s["capture"] and s["capture"]["changed"]:
                changed.add(s["name"])
    return {
        "document": document,
        "claims": total,
        "by_verdict": dict(by_verdict),
        "by_fidelity": dict(by_fidelity),
        "by_source_kind": dict(by_kind),
        "checkable_without_source": unsourced,
        "sources_without_capture": sorted(no_capture),
        "sources_changed_since_capture": sorted(changed),
        "anonymous_or_vague": sorted(set(vague)),
        "second_review_required": second_review_required(db),
    }


def header() -> dict[str, Any]:
    return {
        "generated_at": utc_now(),
        "tool": f"factcheck {__version__}",
    }


def organization(db: sqlite_utils.Database) -> dict[str, str]:
    return {
        "name": get_setting(db, "organization") or "factcheck reviewers",
        "url": get_setting(db, "organization_url") or "",
    }


DEFAULT_ARCHIVE_BASE = "http://127.0.0.1:8001/-/factcheck/archive"  # what factcheck serve serves


def archive_base(db: sqlite_utils.Database) -> str:
    """Where archived copies are served: the `archive_base_url` setting, else the review
    server's route on its default address."""
    return (get_setting(db, "archive_base_url") or DEFAULT_ARCHIVE_BASE).rstrip("/")


def archived_url(capture: dict[str, Any], base: str) -> str:
    """A working, percent-encoded URL of a capture's archived copy: the Wayback Machine's
    copy for a Wayback capture, else the review server's /-/factcheck/archive/<id>."""
    if capture.get("wayback") and capture.get("final_url"):
        return quote(str(capture["final_url"]), safe=":/?#[]@!$&'()*+,;=%~")
    return f"{base}/{int(capture['id'])}"


def provenance(source: dict[str, Any]) -> str:
    """What found a citation and how sure it is, for a reader: " (model, 0.62)"; empty for
    citations stored before this was recorded."""
    if not source.get("method"):
        return ""
    confidence = source.get("confidence")
    return f" ({source['method']}" + (f", {confidence:.2f})" if confidence is not None else ")")
