"""CSL-JSON for reference managers (Zotero, Pandoc citeproc): every cited work:
reference-list works and captured pages, with the outlet as `container-title`, the title
as written and its translation (`translated-title`), the URL, the archived URL and the
accessed date."""

from __future__ import annotations

import json
from typing import Any, TextIO

import sqlite_utils

from factcheck.db import get_setting
from factcheck.report.read import documents, references


def _date_parts(value: str | None) -> dict[str, Any] | None:
    if not value:
        return None
    parts = [int(p) for p in value[:10].split("-") if p.isdigit()]
    return {"date-parts": [parts]} if parts else None


def csl_items(db: sqlite_utils.Database, document: int | None = None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    docs = {d["id"]: d for d in documents(db, document)}
    captures = {
        r["url"]: r
        for r in db.query(
            "SELECT url, final_url, fetched_at, title, published, wayback, classification FROM captures"
            " WHERE id IN (SELECT max(id) FROM captures GROUP BY url)"
        )
    }
    review_base = get_setting(db, "report_base_url") or ""
    for ref in references(db, document):
        lang = docs[ref["document"]]["lang"] if ref["document"] in docs else None
        for w in ref["works"]:
            item: dict[str, Any] = {
                "id": f"work-{w['id']}",
                "type": "article-newspaper",
                "title": w["title"],
                "container-title": ref["outlet"] or ref["outlet_as_written"],
                "citation-number": ref["number"],
                "note": f"Reference {ref['number']} of document {ref['document']}: {ref['text']}",
            }
            if lang:
                item["language"] = lang
            if w["title_translated"]:
                item["translated-title"] = w["title_translated"]
            _add_capture(item, w["url"], captures, review_base)
            items.append(item)
    seen = {i.get("URL") for i in items}
    for row in db.query(
        "SELECT DISTINCT coalesce(ci.url, s.cited_url) AS url, s.name FROM citations ci JOIN sources s ON s.id = ci.source_id"
        " JOIN claims c ON c.id = ci.claim_id WHERE coalesce(ci.url, s.cited_url) IS NOT NULL"
        + (" AND c.document_id = ?" if document else ""),
        [document] if document else [],
    ):
        if row["url"] in seen:
            continue
        cap = captures.get(row["url"])
        item = {
            "id": f"page-{len(items) + 1}",
            "type": "webpage",
            "title": (cap or {}).get("title") or row["url"],
            "container-title": row["name"],
        }
        _add_capture(item, row["url"], captures, review_base)
        items.append(item)
        seen.add(row["url"])
    return items


def _add_capture(
    item: dict[str, Any], url: str | None, captures: dict[str, Any], review_base: str
) -> None:
    if not url:
        return
    item["URL"] = url
    cap = captures.get(url)
    if not cap or cap["classification"] == "error":
        return
    if accessed := _date_parts(cap["fetched_at"]):
        item["accessed"] = accessed
    if issued := _date_parts(cap["published"]):
        item["issued"] = issued
    item["archive"] = (
        "Internet Archive Wayback Machine" if cap["wayback"] else "factcheck WARC archive"
    )
    item["archive_location"] = (
        cap["final_url"]
        if cap["wayback"]
        else f"{review_base.rstrip('/')}/-/factcheck/capture?url={url}"
        if review_base
        else url
    )


def write_csl_json(
    db: sqlite_utils.Database, out: TextIO, document: int | None = None, reviewed_only: bool = False
) -> None:
    json.dump(csl_items(db, document), out, ensure_ascii=False, indent=1)
    out.write("\n")
