"""Review pages beside the claim page: a reviewer's queue, the accuracy of the extraction
rules on the team's reviewed documents, and type-ahead for source names."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from datasette.utils.asgi import Response

from factcheck import workflow
from factcheck.review_http import database, registry


async def _may_read(datasette: Any, request: Any, table: str) -> Response | None:
    """None when the actor may read `table` with this GET; else the answer to give."""
    if request.method != "GET":
        return Response.text("This page is read only: use GET.", status=405)
    db = database(datasette)
    await datasette.ensure_permissions(
        request.actor,
        [("view-table", (db.name, table)), ("view-database", db.name), "view-instance"],
    )
    return None


async def queue_page(request: Any, datasette: Any) -> Response:
    """/-/factcheck/queue: claims assigned to the signed-in reviewer (or ?reviewer=) that
    are not done, most check-worthy first."""
    if refused := await _may_read(datasette, request, "claims"):
        return refused
    db = database(datasette)
    asked = request.args.get("reviewer", "")[:64].strip()
    reviewer = asked or (str(request.actor["id"]) if request.actor else "")
    rows = await db.execute_fn(lambda conn: _queue(conn, reviewer)) if reviewer else None
    html = await datasette.render_template(
        "factcheck_queue.html",
        {"reviewer": reviewer, "rows": rows, "mine": not asked and bool(request.actor)},
        request=request,
    )
    return Response.html(html)


def _queue(conn: Any, reviewer: str) -> list[dict[str, Any]]:
    import sqlite_utils

    return workflow.queue(sqlite_utils.Database(conn), reviewer)


async def source_suggestions(request: Any, datasette: Any) -> Response:
    """/-/factcheck/sources.json?q=Reu: up to 15 sources, cited ones first."""
    if refused := await _may_read(datasette, request, "sources"):
        return refused
    db = database(datasette)
    prefix = request.args.get("q", "")

    def suggest(conn: Any) -> list[dict[str, Any]]:
        import sqlite_utils

        from factcheck.corrections import suggest_sources

        return suggest_sources(sqlite_utils.Database(conn), prefix, registry())

    return Response.json(await db.execute_fn(suggest))


_accuracy_cache: dict[tuple[Any, ...], list[dict[str, Any]]] = {}


async def accuracy_page(request: Any, datasette: Any) -> Response:
    """/-/factcheck/accuracy: precision, recall and F1 of the extraction rules on each
    reviewed document and per language, the same figures as `factcheck eval --reviewed`.
    Scoring re-runs extraction, so it runs in a thread, and is kept until a claim's
    status or a correction changes."""
    if refused := await _may_read(datasette, request, "claims"):
        return refused
    db = database(datasette)
    key = tuple(
        (
            await db.execute(
                "SELECT (SELECT max(id) FROM corrections), (SELECT max(id) FROM claim_status),"
                " (SELECT max(id) FROM documents)"
            )
        ).rows[0]
    )
    rows = _accuracy_cache.get((db.path, *key))
    if rows is None:
        rows = await asyncio.to_thread(_accuracy, Path(db.path))
        _accuracy_cache.clear()
        _accuracy_cache[(db.path, *key)] = rows
    languages: dict[str, dict[str, Any]] = {}
    for r in rows:
        lang = languages.setdefault(
            r["lang"] or "?",
            {"lang": r["lang"] or "?", "documents": 0, "right": 0, "spurious": 0, "attributed": 0},
        )
        lang["documents"] += 1
        for k in ("right", "spurious", "attributed"):
            lang[k] += r[k]
    for lang in languages.values():
        p_den = lang["right"] + lang["spurious"]
        p = lang["right"] / p_den if p_den else 0.0
        rc = lang["right"] / lang["attributed"] if lang["attributed"] else 0.0
        lang |= {"precision": p, "recall": rc, "f1": 2 * p * rc / (p + rc) if p + rc else 0.0}
    html = await datasette.render_template(
        "factcheck_accuracy.html",
        {"rows": rows, "languages": sorted(languages.values(), key=lambda x: x["lang"])},
        request=request,
    )
    return Response.html(html)


def _accuracy(path: Path) -> list[dict[str, Any]]:
    from factcheck.db import open_db
    from factcheck.gold import evaluate_reviewed

    db = open_db(path, create=False)
    try:
        scored = evaluate_reviewed(db)
    finally:
        db.close()
    return [
        {
            "document": s.document,
            "title": s.title,
            "lang": s.lang,
            "precision": s.rules.precision,
            "recall": s.rules.recall,
            "f1": s.rules.f1,
            "right": s.rules.attributed_right,
            "spurious": s.rules.spurious,
            "attributed": s.rules.attributed,
            "misses": s.rules.misses,
            "stored_f1": s.stored.f1,
        }
        for s in scored
    ]
