"""The citation report: the database rendered for people (Markdown) and programs (JSON).

Reports stream: claims are read in text order and written one at a time, so memory does
not grow with the number of claims. The JSON report is the complete export; its shape:

    {"generated_at", "tool", "documents": [...], "claims": [...], "references": [...],
     "sources": [...]}

Each claim carries `sources[]` (name, kind, cue, inferred, via, outlet) and `verdict`
(the current one, or null) with `verdict_history`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, TextIO

import sqlite_utils

from factcheck import __version__
from factcheck.errors import InvalidValue, NotFound

FORMATS = ("json", "markdown")


def documents(db: sqlite_utils.Database, document: int | None = None) -> list[dict[str, Any]]:
    where, params = ("WHERE id = ?", [document]) if document else ("", [])
    rows = list(
        db.query(
            "SELECT id, path, title, lang, sha256, version, supersedes, url, credited_origin,"
            f" encoding, ingested_at, text FROM documents {where} ORDER BY id",
            params,
        )
    )
    if document and not rows:
        raise NotFound(f"no document with id {document}")
    return rows


def claims(db: sqlite_utils.Database, document: int | None = None) -> Iterator[dict[str, Any]]:
    """Claims in text order, each with its sources and current verdict."""
    where, params = ("WHERE c.document_id = ?", [document]) if document else ("", [])
    cursor = db.execute(
        'SELECT c.id, c.document_id, c.text, c.start, c."end", c.offsets, c.occurrences,'
        " c.kind, c.checkworthiness, c.quote FROM claims c"
        f" {where} ORDER BY c.document_id, c.start",
        params,
    )
    keys = [d[0] for d in cursor.description]
    batch = cursor.fetchmany(500)
    while batch:
        rows = [dict(zip(keys, r, strict=True)) for r in batch]
        ids = [r["id"] for r in rows]
        sources = _grouped(db, _SOURCES_SQL, ids)
        verdicts = _grouped(db, "SELECT * FROM verdicts WHERE claim_id IN ({}) ORDER BY id", ids)
        for r in rows:
            history = verdicts.get(r["id"], [])
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
                "sources": [_source(s) for s in sources.get(r["id"], [])],
                "verdict": _verdict(history[-1]) if history else None,
                "verdict_history": [_verdict(v) for v in history],
            }
        batch = cursor.fetchmany(500)


_SOURCES_SQL = """
SELECT ci.id, ci.claim_id, s.name, s.kind, ci.cue, ci.cue_start, ci.cue_end, ci.surface,
       ci.inferred, ci.score, ci.via, ci.url, ci.status, re.number AS reference, ro.name AS outlet
FROM citations ci JOIN sources s ON s.id = ci.source_id
LEFT JOIN reference_entries re ON re.id = ci.reference_id
LEFT JOIN sources ro ON ro.id = re.source_id
WHERE ci.claim_id IN ({}) AND coalesce(ci.status, '') != 'rejected'
ORDER BY ci.inferred, ci.id
"""


def _grouped(
    db: sqlite_utils.Database, sql: str, ids: list[int]
) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for row in db.query(sql.format(",".join("?" * len(ids))), ids):
        out.setdefault(row["claim_id"], []).append(row)
    return out


def _source(s: dict[str, Any]) -> dict[str, Any]:
    return {
        "citation": s["id"],
        "name": s["name"],
        "kind": s["kind"],
        "cue": s["cue"],
        "cue_start": s["cue_start"],
        "cue_end": s["cue_end"],
        "surface": s["surface"],
        "inferred": bool(s["inferred"]),
        "score": s["score"],
        "via": json.loads(s["via"] or "[]"),
        "reference": s["reference"],
        "outlet": s["outlet"],
        "url": s["url"],
        "status": s["status"],
    }


def _verdict(v: dict[str, Any]) -> dict[str, Any]:
    return {k: v[k] for k in ("id", "rating", "note", "reviewer", "evidence_url", "created_at")}


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
    for r in refs:
        r["works"] = list(
            db.query(
                "SELECT title, title_translated, url FROM works WHERE reference_id = ? ORDER BY id",
                [r.pop("id")],
            )
        )
    return refs


def sources(db: sqlite_utils.Database, document: int | None = None) -> list[dict[str, Any]]:
    where = "AND c.document_id = ?" if document else ""
    rows = list(
        db.query(
            "SELECT s.id, s.name, s.kind, s.aliases, s.url, s.reviewed,"
            " count(DISTINCT ci.claim_id) AS claims FROM sources s"
            " JOIN citations ci ON ci.source_id = s.id AND ci.inferred = 0"
            f" JOIN claims c ON c.id = ci.claim_id {where}"
            " GROUP BY s.id ORDER BY claims DESC, s.name",
            [document] if document else [],
        )
    )
    for r in rows:
        r["aliases"] = json.loads(r["aliases"])
        r["reviewed"] = bool(r["reviewed"])
    return rows


def write_json(db: sqlite_utils.Database, out: TextIO, document: int | None = None) -> None:
    head = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tool": f"factcheck {__version__}",
        "documents": documents(db, document),
    }
    out.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "claims": [\n')
    for i, claim in enumerate(claims(db, document)):
        out.write((",\n" if i else "") + "  " + json.dumps(claim, ensure_ascii=False))
    out.write('\n ],\n "references": ')
    out.write(json.dumps(references(db, document), ensure_ascii=False, indent=1))
    out.write(',\n "sources": ')
    out.write(json.dumps(sources(db, document), ensure_ascii=False, indent=1))
    out.write("\n}\n")


def _md(text: str | None) -> str:
    """Inline Markdown: no raw HTML and no accidental emphasis or links."""
    if text is None:
        return ""
    out = text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "*_`[]|#":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def write_markdown(db: sqlite_utils.Database, out: TextIO, document: int | None = None) -> None:
    docs = documents(db, document)
    out.write("# Citation report\n\n")
    out.write(f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by factcheck {__version__}.\n\n")
    for doc in docs:
        _markdown_document(db, out, doc)


def _markdown_document(db: sqlite_utils.Database, out: TextIO, doc: dict[str, Any]) -> None:
    did = doc["id"]
    out.write(f"## {_md(doc['title'] or doc['path'])}\n\n")
    out.write(
        f"- File: `{doc['path']}` (version {doc['version']}, {doc['lang']}, {doc['sha256']})\n"
    )
    if doc["credited_origin"]:
        out.write(f"- Credited origin: {_md(doc['credited_origin'])}\n")
    summary = db.execute(
        "SELECT count(*), sum(EXISTS (SELECT 1 FROM citations ci WHERE ci.claim_id = c.id"
        " AND ci.inferred = 0)), sum(EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = c.id))"
        " FROM claims c WHERE c.document_id = ?",
        [did],
    ).fetchone()
    total, sourced, reviewed = (x or 0 for x in summary)
    out.write(
        f"- Claims: {total} ({sourced} with a stated source, {total - sourced} without;"
        f" {reviewed} with a verdict)\n"
    )
    by_kind = db.execute(
        "SELECT s.kind, count(DISTINCT ci.claim_id) FROM citations ci JOIN sources s"
        " ON s.id = ci.source_id JOIN claims c ON c.id = ci.claim_id WHERE c.document_id = ?"
        " AND ci.inferred = 0 GROUP BY s.kind ORDER BY 2 DESC",
        [did],
    ).fetchall()
    if by_kind:
        out.write("- Claims by source kind: " + ", ".join(f"{k} {n}" for k, n in by_kind) + "\n")
    verdicts = db.execute(
        "SELECT cv.rating, count(*) FROM current_verdicts cv JOIN claims c ON c.id = cv.claim_id"
        " WHERE c.document_id = ? GROUP BY cv.rating ORDER BY 2 DESC",
        [did],
    ).fetchall()
    if verdicts:
        out.write("- Verdicts: " + ", ".join(f"{r} {n}" for r, n in verdicts) + "\n")
    out.write("\n### Claims\n\n")
    for c in claims(db, did):
        stated = [s for s in c["sources"] if not s["inferred"]]
        out.write(f"**{c['id']}.** {_md(c['text'])}")
        out.write(f" _({c['kind']}, check-worthiness {c['checkworthiness']:.2f}")
        out.write(f", seen {c['occurrences']}×)_\n\n" if c["occurrences"] > 1 else ")_\n\n")
        for s in stated:
            via = f" via {', '.join(_md(v) for v in s['via'])}" if s["via"] else ""
            out.write(f"- Source: **{_md(s['name'])}** ({s['kind']}){via}; cue “{_md(s['cue'])}”\n")
        for s in c["sources"]:
            if s["inferred"]:
                out.write(
                    f"- Suggested reference: {_md(s['name'])} (score {s['score']:.2f}, unconfirmed)\n"
                )
        if not stated:
            out.write("- Source: none stated\n")
        for v in c["verdict_history"]:
            current = " (current)" if v is c["verdict_history"][-1] else ""
            note = f": {_md(v['note'])}" if v["note"] else ""
            evidence = f" Evidence: <{v['evidence_url']}>" if v["evidence_url"] else ""
            out.write(
                f"- Verdict{current}: **{v['rating']}** by {_md(v['reviewer'])},"
                f" {v['created_at'][:10]}{note}{evidence}\n"
            )
        out.write("\n")
    refs = references(db, did)
    if refs:
        out.write("### References\n\n")
        for r in refs:
            written = r["outlet_as_written"]
            outlet = _md(r["outlet"] or written or "unknown outlet")
            if written and r["outlet"] and written != r["outlet"]:
                outlet += f" (written “{_md(written)}”)"
            for w in r["works"]:
                translated = f" ({_md(w['title_translated'])})" if w["title_translated"] else ""
                url = f" <{w['url']}>" if w["url"] else ""
                out.write(f"{r['number'] or '-'}. {outlet}: “{_md(w['title'])}”{translated}{url}\n")
        out.write("\n")


def write_report(
    db: sqlite_utils.Database, fmt: str, out: TextIO, document: int | None = None
) -> None:
    writers = {"json": write_json, "markdown": write_markdown, "md": write_markdown}
    if fmt not in writers:
        raise InvalidValue(f"unknown report format {fmt!r}: choose one of {', '.join(FORMATS)}")
    writers[fmt](db, out, document)
