"""The claim page, /-/factcheck/claim/<id>: where a reviewer makes the database right.

It shows the claim in its paragraph, each source it cites now (with cue, chain, the
registry entry, every capture with the passage that best matches the claim, and the
method and confidence of each attribution: what found it and how sure it is), what
extraction found beside every correction since, the verdicts, the status, assignee and
comments. Its forms post back to the page with an `action`:

    verdict        rating (none preselected), note, evidence URL, as-of date, a capture
    fidelity       one per source: the fidelity scale, note, evidence, a capture
    add-source     a known or registry source (type-ahead), or a new name with its kind
    remove-source  replace-source  set-attribution (cue, via)
    set-kind  demote  restore  split  merge  promote (a segment of the paragraph)
    status  assign  comment

Every write goes through the library function the CLI calls (factcheck.verdicts,
.corrections, .workflow), in Datasette's write thread; a refused one is shown with the
form as it was sent.
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

import sqlite_utils
from datasette.utils.asgi import Response
from markupsafe import Markup

from factcheck import corrections, verdicts, workflow
from factcheck.accounts import reviewers
from factcheck.classify import CLAIM_KINDS
from factcheck.db import REVIEW_STATUSES
from factcheck.errors import FactcheckError
from factcheck.gold import NON_CLAIM_SEGMENTS
from factcheck.review_http import (
    BadRequest,
    database,
    may_write,
    parse_id,
    read_form,
    registry,
    write,
)

PASSAGE_SCAN_CHARS = 500_000  # a long article's text is a tenth of this

# each action of the claim page's forms → the kind of write it is (review_http.may_write)
ACTIONS = {
    "verdict": "verdict",
    "fidelity": "fidelity",
    "status": "status",
    "assign": "assign",
    "comment": "comment",
    "add-source": "correction",
    "remove-source": "correction",
    "replace-source": "correction",
    "set-attribution": "correction",
    "set-kind": "correction",
    "demote": "correction",
    "restore": "correction",
    "split": "correction",
    "merge": "correction",
    "promote": "correction",
}


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"\s+", "", text.casefold())
    return {text[i : i + 2] for i in range(len(text) - 1)}


def best_passage(claim: str, text: str | None) -> tuple[str, float] | None:
    """The paragraph of a captured page that best matches the claim (character-bigram
    overlap, which works across Japanese, Chinese and English without a tokenizer)."""
    if not text:
        return None
    want = _bigrams(claim)
    best = None
    for para in (p.strip() for p in text.split("\n")):
        if len(para) < 8:
            continue
        got = _bigrams(para)
        score = len(want & got) / (len(want) or 1)
        if best is None or score > best[1]:
            best = (para, score)
    return best if best and best[1] >= 0.2 else None


async def _not_found(datasette: Any, request: Any, what: str) -> Response:
    return Response.html(
        await datasette.render_template("factcheck_claim.html", {"missing": what}, request=request),
        status=404,
    )


async def claim_page(request: Any, datasette: Any) -> Response:
    db = database(datasette)
    claim_id = parse_id(request.url_vars["claim_id"])
    rows = []
    if claim_id is not None:
        rows = (
            await db.execute(
                "SELECT c.*, d.text AS doc_text, d.title AS doc_title, d.path AS doc_path,"
                " d.lang AS doc_lang FROM claims c JOIN documents d ON d.id = c.document_id"
                " WHERE c.id = ?",
                [claim_id],
            )
        ).rows
    if claim_id is None or not rows:
        return await _not_found(datasette, request, request.url_vars["claim_id"][:40])
    claim = dict(rows[0])
    message, status, form = None, 200, {}
    if request.method == "POST":
        try:
            form = await read_form(request)
            message, status = await _act(request, datasette, db, claim, form)
        except BadRequest as e:
            message, status = str(e), 400
        if status < 400:
            form = {}  # done: the forms start afresh
        rows = (await db.execute("SELECT * FROM claims WHERE id = ?", [claim["id"]])).rows
        claim |= dict(rows[0])
    context = await _context(db, claim)
    may = {what: await may_write(datasette, request.actor, what) for what in set(ACTIONS.values())}
    context |= {
        "message": message,
        "failed": status >= 400,
        "form": form,
        "may": may,
        "may_review": may["verdict"],
        "actor": request.actor,
    }
    return Response.html(
        await datasette.render_template("factcheck_claim.html", context, request=request),
        status=status,
    )


# -- writing -----------------------------------------------------------------------------


def _int(form: dict[str, str], key: str, what: str) -> int:
    value = parse_id(form.get(key, "").strip())
    if value is None:
        raise BadRequest(f"Not a {what} id: {form.get(key, '')[:40]!r}.")
    return value


def _optional_id(form: dict[str, str], key: str, what: str) -> int | None:
    return _int(form, key, what) if form.get(key, "").strip() else None


def _text(form: dict[str, str], key: str) -> str | None:
    return form.get(key, "").strip() or None


async def _act(
    request: Any, datasette: Any, db: Any, claim: dict[str, Any], form: dict[str, str]
) -> tuple[str, int]:
    action = form.get("action") or "verdict"
    if action not in ACTIONS:
        raise BadRequest(f"Unknown action {action[:40]!r}.")
    if not await may_write(datasette, request.actor, ACTIONS[action]):
        return "Sign in as a reviewer to change this claim.", 403
    actor = str(request.actor["id"])
    cid = claim["id"]
    reg = registry() if action in ("add-source", "replace-source", "promote") else None
    fn = _writer(action, form, cid, actor, reg)
    try:
        result = await write(db, fn)
    except FactcheckError as e:
        return f"Not recorded: {str(e).removeprefix('not recorded: ')}", 400
    return _done(action, form, result), 200


def _writer(action: str, form: dict[str, str], cid: int, actor: str, reg: Any) -> Any:
    """The library call an action makes, its arguments read strictly from the form."""
    if action == "verdict":
        rating = form.get("rating", "")
        if not rating:
            raise BadRequest("Choose a rating.")
        evidence, capture = _text(form, "evidence_url"), _optional_id(form, "capture_id", "capture")
        note, as_of = _text(form, "note"), _text(form, "as_of")
        return lambda db: verdicts.record_verdict(
            db,
            cid,
            rating,
            reviewer=actor,
            note=note,
            evidence_url=evidence,
            capture_id=capture,
            as_of=as_of,
        )
    if action == "fidelity":
        citation = _int(form, "citation_id", "citation")
        level = form.get("fidelity", "")
        if not level:
            raise BadRequest("Choose a fidelity level.")
        evidence, capture = _text(form, "evidence_url"), _optional_id(form, "capture_id", "capture")
        note = _text(form, "note")

        def fidelity(db: Any) -> Any:
            row = db.execute("SELECT claim_id FROM citations WHERE id = ?", [citation]).fetchone()
            if not row or row[0] != cid:
                raise FactcheckError(f"citation {citation} is not one of this claim's")
            return verdicts.record_fidelity(
                db,
                citation,
                level,
                reviewer=actor,
                note=note,
                evidence_url=evidence,
                capture_id=capture,
            )

        return fidelity
    if action == "status":
        status = form.get("status", "")
        return lambda db: workflow.set_status(db, cid, status, actor=actor)
    if action == "assign":
        assignee = _text(form, "assignee")
        return lambda db: workflow.assign(db, cid, assignee, actor=actor)
    if action == "comment":
        body = form.get("body", "")
        return lambda db: workflow.comment(db, cid, body, actor=actor)
    if action == "add-source":
        name, kind = form.get("source", ""), _text(form, "kind")
        cue, via = _text(form, "cue"), form.get("via", "")
        return lambda db: corrections.add_source(
            db, cid, name, actor=actor, kind=kind, cue=cue, via=via, registry=reg
        )
    if action == "remove-source":
        source, reason = str(_int(form, "source_id", "source")), _text(form, "reason")
        return lambda db: corrections.remove_source(db, cid, source, actor=actor, reason=reason)
    if action == "replace-source":
        old, new, kind = (
            str(_int(form, "source_id", "source")),
            form.get("source", ""),
            _text(form, "kind"),
        )
        return lambda db: corrections.replace_source(
            db, cid, old, new, actor=actor, kind=kind, registry=reg
        )
    if action == "set-attribution":
        source = str(_int(form, "source_id", "source"))
        cue, via = form.get("cue", "").strip(), form.get("via", "")
        return lambda db: corrections.set_attribution(
            db, cid, source, actor=actor, cue=cue, via=via
        )
    if action == "set-kind":
        kind = form.get("kind", "")
        return lambda db: corrections.set_kind(db, cid, kind, actor=actor)
    if action == "demote":
        reason = form.get("reason", "")
        return lambda db: corrections.demote(db, cid, actor=actor, reason=reason)
    if action == "restore":
        return lambda db: corrections.restore(db, cid, actor=actor)
    if action == "split":
        at = form.get("at", "")
        if not at.strip():
            raise BadRequest("Say where the second part starts.")
        return lambda db: corrections.split(db, cid, at, actor=actor)
    if action == "merge":
        other = _int(form, "with", "claim")
        return lambda db: corrections.merge(db, cid, other, actor=actor)
    segment = _int(form, "segment_id", "segment")  # promote
    kind = form.get("kind") or "event"
    return lambda db: corrections.promote(db, segment, actor=actor, kind=kind, registry=reg)


def _done(action: str, form: dict[str, str], result: Any) -> Markup | str:
    if action == "verdict":
        return f"Recorded: {result['rating']}."
    if action == "fidelity":
        return f"Fidelity recorded: {result['fidelity']}."
    if action in ("split", "merge", "promote"):
        ids = result if isinstance(result, tuple) else (result,)
        links = Markup(", ").join(
            Markup('<a href="/-/factcheck/claim/{0}">claim {0}</a>').format(i) for i in ids
        )
        return Markup("Done: now {}.").format(links)
    return {
        "status": "Status set.",
        "assign": "Assignment recorded.",
        "comment": "Comment added.",
        "add-source": "Source added.",
        "remove-source": "Source removed.",
        "replace-source": "Source replaced.",
        "set-attribution": "Cue and chain set.",
        "set-kind": "Kind changed.",
        "demote": "Demoted: no longer a claim.",
        "restore": "Restored as a claim.",
    }[action]


# -- reading -------------------------------------------------------------------------------


def _captures_with_passages(
    conn: sqlite3.Connection, claim_text: str, citations: list[dict[str, Any]]
) -> None:
    """Each citation's captures, each with the passage that best matches the claim: read
    and scored in Datasette's database thread, never on the event loop, and only over
    the first PASSAGE_SCAN_CHARS characters of a capture's text (Datasette's connections
    return sqlite3.Row)."""
    for c in citations:
        caps = conn.execute(
            "SELECT c.id, c.url, c.final_url, c.status, c.classification, c.reason, c.fetched_at,"
            " c.sha256, c.title, c.wayback, substr(c.text, 1, ?) AS text, length(c.text) AS chars"
            " FROM captures c WHERE c.source_id = ? OR c.url IN (?, ?) ORDER BY c.id DESC LIMIT 10",
            [PASSAGE_SCAN_CHARS, c["source_id"], c["url"] or "", c["cited_url"] or ""],
        ).fetchall()
        c["captures"] = []
        for row in caps:
            cap = dict(row)
            cap["passage"] = best_passage(claim_text, cap.pop("text"))
            cap["scanned_part"] = (cap["chars"] or 0) > PASSAGE_SCAN_CHARS
            c["captures"].append(cap)


def _read(conn: sqlite3.Connection, claim: dict[str, Any]) -> dict[str, Any]:
    """Everything the page shows beside the claim, in one pass of the database thread."""
    db = sqlite_utils.Database(conn)
    cid = claim["id"]
    citations = [
        dict(r)
        for r in conn.execute(
            "SELECT ci.*, s.name, s.kind, s.aliases, s.url AS home_url, s.cited_url, s.description,"
            " s.reviewed, cf.fidelity, cf.note AS fidelity_note, cf.reviewer AS fidelity_by"
            " FROM current_citations ci JOIN sources s ON s.id = ci.source_id"
            " LEFT JOIN current_fidelity cf ON cf.citation_id = ci.id"
            " WHERE ci.claim_id = ? AND coalesce(ci.status, '') != 'rejected'"
            " ORDER BY ci.inferred, ci.id",
            [cid],
        )
    ]
    for c in citations:
        c["aliases"] = json.loads(c["aliases"] or "[]")
        c["via"] = json.loads(c["via"] or "[]")
    _captures_with_passages(conn, claim["text"], citations)
    history = [
        dict(r)
        for r in conn.execute(
            "SELECT v.*, s.reviewer AS signed_off_by FROM verdicts v"
            " LEFT JOIN signoffs s ON s.verdict_id = v.id WHERE v.claim_id = ? ORDER BY v.id",
            [cid],
        )
    ]
    text = claim["doc_text"]
    para_start = text.rfind("\n", 0, claim["start"]) + 1
    para_end = text.find("\n", claim["end"])
    para_end = len(text) if para_end < 0 else para_end
    neighbours = {}
    for name, sql in (
        (
            "previous",
            'SELECT id, text FROM claims WHERE document_id = ? AND "end" <= ? AND retired IS NULL ORDER BY start DESC LIMIT 1',
        ),
        (
            "next",
            "SELECT id, text FROM claims WHERE document_id = ? AND start >= ? AND retired IS NULL AND id != ? ORDER BY start LIMIT 1",
        ),
    ):
        params = (
            [claim["document_id"], claim["start"]]
            if name == "previous"
            else [claim["document_id"], claim["end"], cid]
        )
        row = conn.execute(sql, params).fetchone()
        neighbours[name] = dict(row) if row else None
    segments = [
        dict(r)
        for r in conn.execute(
            'SELECT id, kind, text, reason FROM segments WHERE document_id = ? AND start >= ? AND "end" <= ?'
            f" AND kind IN ({','.join('?' * len(NON_CLAIM_SEGMENTS))}) ORDER BY start",
            [claim["document_id"], para_start, para_end, *NON_CLAIM_SEGMENTS],
        )
    ]
    return {
        "citations": citations,
        "extra_columns": ["method", "confidence"],
        "history": history,
        "paragraph": (para_start, para_end),
        "neighbours": neighbours,
        "segments": segments,
        "extraction": corrections.extraction(db, cid),
        "corrections": corrections.history(db, cid),
        "events": workflow.events(db, cid),
        "successors": [
            json.loads(r[0])
            for r in conn.execute(
                "SELECT related FROM corrections WHERE claim_id = ? AND action IN ('split', 'merge')",
                [cid],
            )
        ],
        "demoted": conn.execute(
            "SELECT reason, actor, created_at FROM corrections WHERE claim_id = ? AND action = 'demote'"
            " ORDER BY id DESC LIMIT 1",
            [cid],
        ).fetchone(),
        "ratings": [
            dict(r) for r in conn.execute("SELECT name, label FROM ratings ORDER BY position")
        ],
        "fidelity_levels": [
            dict(r)
            for r in conn.execute(
                "SELECT name, label, description FROM fidelity_levels ORDER BY position"
            )
        ],
    }


async def _context(db: Any, claim: dict[str, Any]) -> dict[str, Any]:
    data = await db.execute_fn(lambda conn: _read(conn, claim))
    text = claim.pop("doc_text")
    para_start, para_end = data.pop("paragraph")
    start, end = claim["start"], claim["end"]
    paragraph = Markup("{}<mark>{}</mark>{}").format(
        text[para_start:start], text[start:end], text[end:para_end]
    )
    captures = [cap for c in data["citations"] for cap in c["captures"]]
    return data | {
        "claim": claim,
        "paragraph": paragraph,
        "database": db.name,
        "passage_scan_chars": PASSAGE_SCAN_CHARS,
        "captures": list({cap["id"]: cap for cap in captures}.values()),
        "claim_kinds": CLAIM_KINDS,
        "statuses": REVIEW_STATUSES,
        "source_kinds": corrections.NEW_SOURCE_KINDS,
        "reviewer_names": sorted(reviewers()),
    }
