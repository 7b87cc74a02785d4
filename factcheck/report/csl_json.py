"""CSL-JSON for reference managers (Zotero, Pandoc citeproc): every cited work:
reference-list works and captured pages.

- the outlet is `container-title`; a person cited for a page is its `author` (a Latin
  name as family and given, any other as a literal);
- the title as written and its translation (`translated-title`), the `URL`, the date the
  page was published (`issued`) and captured (`accessed`) when known;
- `archive` and `archive_location`: the archived copy, a working URL (the review
  server's `/-/factcheck/archive/<capture id>` under the `archive_base_url` setting, or
  the Wayback Machine's copy), percent-encoded.
"""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

import sqlite_utils

from factcheck.report.read import archive_base, archived_url, documents, references

_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z.'\-]*(?: [A-Za-z][A-Za-z.'\-]*)+")


def _date_parts(value: str | None) -> dict[str, Any] | None:
    if not value:
        return None
    parts = [int(p) for p in str(value)[:10].split("-") if p.isdigit()]
    return {"date-parts": [parts]} if parts else None


def csl_name(name: str) -> dict[str, str]:
    """ "Elon Musk" → family Musk, given Elon; サム・アルトマン or a one-word name → literal."""
    if _LATIN_NAME.fullmatch(name):
        given, family = name.rsplit(" ", 1)
        return {"family": family, "given": given}
    return {"literal": name}


def csl_items(db: sqlite_utils.Database, document: int | None = None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    docs = {d["id"]: d for d in documents(db, document)}
    captures = {
        r["url"]: r
        for r in db.query(
            "SELECT id, url, final_url, fetched_at, title, published, wayback, classification"
            " FROM captures WHERE id IN (SELECT max(id) FROM captures GROUP BY url)"
        )
    }
    base = archive_base(db)
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
            _add_capture(item, w["url"], captures, base)
            items.append(item)
    seen = {i.get("URL") for i in items}
    for row in db.query(
        "SELECT DISTINCT coalesce(ci.url, s.cited_url) AS url, s.name, s.kind FROM current_citations ci"
        " JOIN sources s ON s.id = ci.source_id JOIN claims c ON c.id = ci.claim_id"
        " WHERE c.retired IS NULL AND coalesce(ci.url, s.cited_url) IS NOT NULL"
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
        }
        if row["kind"] == "person":
            item["author"] = [csl_name(row["name"])]
        else:
            item["container-title"] = row["name"]
        _add_capture(item, row["url"], captures, base)
        items.append(item)
        seen.add(row["url"])
    return items


def _add_capture(
    item: dict[str, Any], url: str | None, captures: dict[str, Any], archive_base: str
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
    item["archive_location"] = archived_url(cap, archive_base)


def write_csl_json(
    db: sqlite_utils.Database, out: TextIO, document: int | None = None, reviewed_only: bool = False
) -> None:
    json.dump(csl_items(db, document), out, ensure_ascii=False, indent=1)
    out.write("\n")
