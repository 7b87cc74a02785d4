"""ClaimReview (schema.org) JSON-LD for other fact-checkers: one object per claim whose
current verdict is published.

- `datePublished` is the day the review was first made public: the first published
  verdict's recording (or sign-off, with second review on); `dateModified` the current
  verdict's, when later. The date a verdict holds for (`as_of`) is `temporalCoverage`.
- `reviewRating` keeps the scale's order: false 1 … true 5 (`worstRating` 1,
  `bestRating` 5); `unverifiable` is outside the numeric scale and carries only
  `alternateName` ("Unproven"), as Google's documentation allows, so no consumer ranks
  it below false.
- `itemReviewed` is a `Claim`: its `author` the cited person or organisation, its
  `datePublished` the document's publication date when known, its `appearance` and
  `firstAppearance` the document's URL; a document read from a local file has no URL,
  and its appearance is only its headline.
- The output is safe to paste into `<script type="application/ld+json">`: `<`, `>`, `&`
  and U+2028/9 are written as JSON escapes, so no `</script` can end the element.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

import sqlite_utils

from factcheck.db import get_setting
from factcheck.report.read import claims, documents, organization

AUTHOR_TYPES = {"person": "Person", "organization": "Organization", "outlet": "Organization"}
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_safe_json(value: Any) -> str:
    """JSON that can sit inside an HTML script element as it is."""
    return json.dumps(value, ensure_ascii=False).translate(_SCRIPT_SAFE)


def is_web_url(url: str | None) -> bool:
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


def published_on(verdict: dict[str, Any]) -> str:
    """The day a published verdict became public: its sign-off, else its recording."""
    return str(verdict.get("signed_off_at") or verdict["created_at"])[:10]


def rating_of(scale: dict[str, Any]) -> dict[str, Any]:
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": scale["alternate_name"],
        "name": scale["alternate_name"],
    }
    if scale["rating_value"] is not None:
        rating |= {
            "ratingValue": scale["rating_value"],
            "bestRating": scale["best_rating"],
            "worstRating": scale["worst_rating"],
        }
    return rating


def claim_review(
    org: dict[str, str],
    base_url: str,
    doc: dict[str, Any],
    c: dict[str, Any],
    scale: dict[str, Any],
) -> dict[str, Any]:
    v = c["verdict"]
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if doc["title"]:
        appearance["headline"] = doc["title"]
    item: dict[str, Any] = {"@type": "Claim"}
    if is_web_url(doc["url"]):
        appearance["url"] = doc["url"]
        item["firstAppearance"] = {"@type": "CreativeWork", "url": doc["url"]}
    if len(appearance) > 1:
        item["appearance"] = [appearance]
    if doc.get("published"):
        item["datePublished"] = str(doc["published"])[:10]
    authors = [
        {"@type": AUTHOR_TYPES[s["kind"]], "name": s["name"]}
        for s in c["sources"]
        if not s["inferred"] and s["kind"] in AUTHOR_TYPES
    ]
    if authors:
        item["author"] = authors[0]
    published = [h for h in c["verdict_history"] if h["published"]]
    first, current = published_on(published[0]), published_on(v)
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{base_url.rstrip('/')}#claim-{c['id']}" if base_url else f"#claim-{c['id']}",
        "claimReviewed": c["text"],
        "datePublished": first,
        "author": {
            "@type": "Organization",
            "name": org["name"],
            **({"url": org["url"]} if org["url"] else {}),
        },
        "reviewRating": rating_of(scale[v["rating"]]),
        "itemReviewed": item,
    }
    if current != first:
        review["dateModified"] = current
    if v["as_of"]:
        review["temporalCoverage"] = v["as_of"]
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
        review = claim_review(org, base, docs[c["document"]], c, scale)
        out.write(("\n" if first else ",\n") + script_safe_json(review))
        first = False
    out.write("\n]\n")
