"""ClaimReview (schema.org) JSON-LD for other fact-checkers: one object per claim whose
current verdict is published, with `claimReviewed`, `reviewRating` (the scale's
ratingValue, bestRating, worstRating, alternateName), `itemReviewed` as a `Claim` whose
`author` is the cited source and whose `appearance` is the document, `author` the
reviewing organisation (setting `organization`), `datePublished` and `url`."""

from __future__ import annotations

import json
from typing import Any, TextIO

import sqlite_utils

from factcheck.db import get_setting
from factcheck.report.read import claims, documents, organization


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
