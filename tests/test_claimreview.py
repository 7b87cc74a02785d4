"""ClaimReview as consumers read it: expanded as JSON-LD (pyld) against a bundled copy
of the schema.org context, every property a schema.org term, every property Google
documents for ClaimReview present with the meaning it documents."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from factcheck.db import open_db
from factcheck.verdicts import record_verdict

from .conftest import DATA, report

SCHEMA = "http://schema.org/"
# what Google's ClaimReview documentation lists, required and recommended, per type
GOOGLE = {
    "ClaimReview": {
        "claimReviewed",
        "reviewRating",
        "url",
        "author",
        "itemReviewed",
        "datePublished",
    },
    "Claim": {"appearance", "author", "datePublished", "firstAppearance"},
    "Rating": {"alternateName", "name"},
    "Organization": {"name"},
}
NUMERIC = {"ratingValue", "bestRating", "worstRating"}


@cache
def schema_org_context() -> dict[str, Any]:
    """The schema.org context, built from the schema.org term list that rdflib ships
    (2,767 types and properties). Like the official context it maps each term to its IRI
    and reads `url` and `sameAs` as IRIs; unlike it, it has no `@vocab`, which would
    expand any word and so hide a property schema.org does not have."""
    from rdflib.namespace import SDO  # imported here: pytest's collection probes module names

    terms: dict[str, Any] = {t: {"@id": SCHEMA + t} for t in SDO.__annotations__}
    for iri_valued in ("url", "sameAs"):
        terms[iri_valued]["@type"] = "@id"
    return {"@context": terms}


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise jsonld.JsonLdError(f"no network: {url}", "loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": schema_org_context()}


def expand(data: Any) -> list[dict[str, Any]]:
    return jsonld.expand(data, {"documentLoader": offline_loader})


def properties(node: Any) -> Counter[str]:
    """Every property name (compact) or IRI (expanded) in a JSON-LD tree, counted."""
    found: Counter[str] = Counter()
    if isinstance(node, list):
        for n in node:
            found += properties(n)
    elif isinstance(node, dict):
        for k, v in node.items():
            if not k.startswith("@"):
                found[k] += 1
                found += properties(v)
    return found


def values(node: dict[str, Any], prop: str) -> list[Any]:
    return node.get(SCHEMA + prop, [])


def check_node(node: dict[str, Any], type_name: str, has_url: bool) -> None:
    assert node["@type"] == [SCHEMA + type_name]
    wanted = set(GOOGLE[type_name])
    if type_name == "Claim" and not has_url:
        wanted -= {"appearance", "firstAppearance", "datePublished"}  # no URL, no date known
    missing = {p for p in wanted if not values(node, p)}
    assert not missing, f"{type_name} lacks {missing}"


@pytest.fixture
def web_document(reviewed: Path) -> Path:
    """The seed as if ingested from its URL, with a publication date."""
    db = open_db(reviewed)
    db.execute(
        "UPDATE documents SET url = 'https://news.example/openai-board',"
        " metadata = json_set(metadata, '$.published', '2023-11-25T08:00:00Z')"
    )
    db.close()
    return reviewed


@pytest.mark.parametrize(
    "from_web", [pytest.param(False, id="local-file"), pytest.param(True, id="web-page")]
)
def test_claimreview_expands_to_schema_org_with_every_google_property(
    reviewed: Path, web_document: Path, from_web: bool
) -> None:
    if not from_web:
        db = open_db(reviewed)
        db.execute("UPDATE documents SET url = NULL, metadata = '{}'")
        db.close()
    reviews = json.loads(report(reviewed, "claimreview"))
    assert reviews
    for review in reviews:
        expanded = expand(review)
        assert len(expanded) == 1
        got = properties(expanded)
        assert all(iri.startswith(SCHEMA) for iri in got), got
        # nothing dropped: every property written is a schema.org term
        assert Counter({k.removeprefix(SCHEMA): n for k, n in got.items()}) == properties(review)
        node = expanded[0]
        check_node(node, "ClaimReview", from_web)
        check_node(values(node, "itemReviewed")[0], "Claim", from_web)
        check_node(values(node, "reviewRating")[0], "Rating", from_web)
        check_node(values(node, "author")[0], "Organization", from_web)
        claim = values(node, "itemReviewed")[0]
        if from_web:
            appearance = values(claim, "appearance")[0]
            assert values(appearance, "url") == [{"@id": "https://news.example/openai-board"}]
            assert values(claim, "datePublished") == [{"@value": "2023-11-25"}]
        else:
            assert not any("url" in a for a in review["itemReviewed"].get("appearance", [])), (
                "a local file path is not an appearance URL"
            )
            assert "datePublished" not in review["itemReviewed"]


def test_claimreview_date_published_is_when_the_review_was_published(reviewed: Path) -> None:
    """Not the verdict's as-of date: the 'Altman will not return' claim was rated true as
    of 2023-11-20 and false as of 2023-11-22, both recorded today."""
    today = datetime.now(UTC).date().isoformat()
    reviews = json.loads(report(reviewed, "claimreview"))
    altman = next(r for r in reviews if "同社に戻らない" in r["claimReviewed"])
    assert altman["datePublished"] == today
    assert altman["temporalCoverage"] == "2023-11-22"
    assert "dateModified" not in altman


def test_claimreview_unverifiable_is_outside_the_numeric_scale(reviewed: Path) -> None:
    db = open_db(reviewed)
    ratings = {r[0]: r[1] for r in db.execute("SELECT name, rating_value FROM ratings")}
    claim = db.execute(
        "SELECT id FROM claims WHERE id NOT IN (SELECT claim_id FROM verdicts) LIMIT 1"
    ).fetchone()[0]
    record_verdict(db, claim, "unverifiable", reviewer="r1")
    db.close()
    order = ["false", "mostly-false", "mixed", "mostly-true", "true"]
    assert [ratings[n] for n in order] == [1, 2, 3, 4, 5]
    assert ratings["unverifiable"] is None
    review = next(
        r
        for r in json.loads(report(reviewed, "claimreview"))
        if r["reviewRating"]["alternateName"] == "Unproven"
    )
    assert not NUMERIC & set(review["reviewRating"])
    rated = [r["reviewRating"] for r in json.loads(report(reviewed, "claimreview"))]
    for rating in rated:
        if "ratingValue" in rating:
            assert rating["worstRating"] == 1 and rating["bestRating"] == 5


def test_claimreview_never_contains_a_closing_script_tag(tmp_path: Path, registry: Any) -> None:
    """Publishers paste ClaimReview into <script type="application/ld+json">: a claim
    holding `</script>` must not end the element."""
    from factcheck.ingest import ingest

    db = open_db(tmp_path / "factcheck.db")
    ingest(db, DATA / "hostile.en.txt", registry)
    claims = [r[0] for r in db.execute("SELECT id FROM claims WHERE text LIKE '%script%'")]
    assert claims
    for claim in claims:
        record_verdict(db, claim, "false", reviewer="r1", note="</SCRIPT><script>alert(1)</script>")
    db.close()
    out = report(tmp_path / "factcheck.db", "claimreview")
    assert not re.search(r"</script", out, re.I) and "<!--" not in out
    reviews = json.loads(out)
    assert reviews[0]["reviewBody"] == "</SCRIPT><script>alert(1)</script>"
