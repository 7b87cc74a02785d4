"""Exchange formats: CSV for spreadsheets, ClaimReview JSON-LD for other fact-checkers,
CSL-JSON for reference managers (Zotero, Pandoc citeproc).

- CSV: one row per claim–source link (a claim with no source still gets a row).
- ClaimReview (schema.org): one object per claim whose current verdict is published,
  with `claimReviewed`, `reviewRating` (the scale's ratingValue, bestRating, worstRating,
  alternateName), `itemReviewed` as a `Claim` whose `author` is the cited source and
  whose `appearance` is the document, `author` the reviewing organisation (setting
  `organization`), `datePublished` and `url`.
- CSL-JSON: every cited work: reference-list works and captured pages, with the outlet as
  `container-title`, the title as written and its translation (`translated-title`), the
  URL, the archived URL and the accessed date.
"""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

import sqlite_utils

from factcheck.db import get_setting
from factcheck.report import claims, documents, organization, references

CSV_COLUMNS = [
    "document",
    "claim_id",
    "claim",
    "kind",
    "checkworthiness",
    "occurrences",
    "source",
    "source_kind",
    "cue",
    "via",
    "inferred",
    "fidelity",
    "source_url",
    "capture_classification",
    "capture_fetched_at",
    "capture_sha256",
    "verdict",
    "verdict_as_of",
    "verdict_reviewer",
    "verdict_note",
    "signed_off_by",
]


def write_csv(
    db: sqlite_utils.Database, out: TextIO, document: int | None = None, reviewed_only: bool = False
) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for c in claims(db, document, reviewed_only):
        v = c["verdict"] or {}
        base = {
            "document": c["document"],
            "claim_id": c["id"],
            "claim": c["text"],
            "kind": c["kind"],
            "checkworthiness": c["checkworthiness"],
            "occurrences": c["occurrences"],
            "verdict": v.get("rating"),
            "verdict_as_of": v.get("as_of"),
            "verdict_reviewer": v.get("reviewer"),
            "verdict_note": v.get("note"),
            "signed_off_by": v.get("signed_off_by"),
        }
        links = c["sources"] or [None]
        for s in links:
            row = dict(base)
            if s is not None:
                cap = s["capture"] or {}
                row |= {
                    "source": s["name"],
                    "source_kind": s["kind"],
                    "cue": s["cue"],
                    "via": "; ".join(s["via"]),
                    "inferred": int(s["inferred"]),
                    "fidelity": s["fidelity"],
                    "source_url": s["url"],
                    "capture_classification": cap.get("classification"),
                    "capture_fetched_at": cap.get("fetched_at"),
                    "capture_sha256": cap.get("sha256"),
                }
            writer.writerow({k: _cell(v) for k, v in row.items()})


def _cell(value: Any) -> Any:
    """Spreadsheets run cells that start with = + - @ as formulas: keep text as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def claim_review(
    db_org: dict[str, str],
    base_url: str,
    doc: dict[str, Any],
    c: dict[str, Any],
    scale: dict[str, Any],
) -> dict[str, Any]:
    v = c["verdict"]
    rating = scale[v["rating"]]
    stated = [s for s in c["sources"] if not s["inferred"]]
    item: dict[str, Any] = {
        "@type": "Claim",
        "appearance": [
            {
                "@type": "CreativeWork",
                "url": doc["url"] or doc["path"],
                "headline": doc["title"],
            }
        ],
        "firstAppearance": {"@type": "CreativeWork", "url": doc["url"] or doc["path"]},
    }
    if stated:
        s = stated[0]
        kind = {"person": "Person", "organization": "Organization", "outlet": "Organization"}.get(
            s["kind"], "Thing"
        )
        item["author"] = {"@type": kind, "name": s["name"]}
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{base_url.rstrip('/')}#claim-{c['id']}" if base_url else f"#claim-{c['id']}",
        "claimReviewed": c["text"],
        "datePublished": (v["as_of"] or v["created_at"][:10]),
        "author": {
            "@type": "Organization",
            "name": db_org["name"],
            **({"url": db_org["url"]} if db_org["url"] else {}),
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating["rating_value"],
            "bestRating": rating["best_rating"],
            "worstRating": rating["worst_rating"],
            "alternateName": rating["alternate_name"],
        },
        "itemReviewed": item,
    }
    if v["note"]:
        review["reviewBody"] = v["note"]
    return review


def write_claimreview(
    db: sqlite_utils.Database, out: TextIO, document: int | None = None, reviewed_only: bool = True
) -> None:
    """A JSON array of ClaimReview objects, one per claim with a published verdict."""
    scale = {r["name"]: r for r in db.query("SELECT * FROM ratings")}
    docs = {d["id"]: d for d in documents(db, document)}
    org = organization(db)
    base = get_setting(db, "report_base_url") or ""
    out.write("[")
    first = True
    for c in claims(db, document, reviewed_only=True):
        out.write(
            ("\n" if first else ",\n")
            + json.dumps(claim_review(org, base, docs[c["document"]], c, scale), ensure_ascii=False)
        )
        first = False
    out.write("\n]\n")


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
