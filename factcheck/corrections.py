"""Reviewers' corrections of what extraction found: append-only, with actor and time.

Attributions: add a source to a claim (a known source, a registry entry, or a new name
with its kind), remove one, replace one with another, set a link's cue and chain (`via`).
Each writes a `corrections` row naming the citation; the latest such row decides the
link's current state (the `current_citations` view), and the extracted row in
`citations` is never changed.

Claims: change the kind; demote a claim to structure (with a reason) and restore it;
promote a stored segment to a claim; split a claim in two; merge two neighbouring
claims. A claim that is no longer one is `retired` (demoted, split, merged), never
deleted, so its verdicts and history stay; claims a reviewer made carry their `origin`.
Each correction stores in `previous` what it changed, so the extraction stays visible.

Every function checks its input first and writes in one transaction: a refused
correction changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlite_utils

from factcheck.classify import CLAIM_KINDS
from factcheck.db import write_transaction
from factcheck.errors import InvalidValue, NotFound
from factcheck.sources import KINDS, Entry, Registry, store_source

# what the review UI offers for a new source; "unnamed" is a vague one ("overseas media")
NEW_SOURCE_KINDS = ("outlet", "person", "organization", "anonymous", "unnamed")


def _actor(actor: str) -> str:
    if not actor or not actor.strip():
        raise InvalidValue("a correction needs the reviewer's name")
    return actor.strip()


def _claim(db: sqlite_utils.Database, claim_id: int) -> dict[str, Any]:
    row = db.execute(
        'SELECT id, document_id, text, start, "end", offsets, kind, checkworthiness, paragraph,'
        " retired FROM claims WHERE id = ?",
        [claim_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"no claim with id {claim_id}")
    keys = ["id", "document_id", "text", "start", "end", "offsets", "kind", "checkworthiness"]
    keys += ["paragraph", "retired"]
    return dict(zip(keys, row, strict=True))


def _active(db: sqlite_utils.Database, claim_id: int) -> dict[str, Any]:
    claim = _claim(db, claim_id)
    if claim["retired"]:
        raise InvalidValue(f"claim {claim_id} is no longer a claim ({claim['retired']})")
    return claim


def _via(via: Sequence[str] | str | None) -> str:
    if isinstance(via, str):
        via = [v for v in (p.strip() for p in via.split(",")) if v]
    return json.dumps([v.strip() for v in via or () if v.strip()], ensure_ascii=False)


def _log(db: sqlite_utils.Database, claim_id: int, action: str, actor: str, **values: Any) -> int:
    columns = ["claim_id", "action", "actor", *values]
    cursor = db.execute(
        f"INSERT INTO corrections ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [claim_id, action, actor, *values.values()],
    )
    return int(cursor.lastrowid or 0)


# -- sources ---------------------------------------------------------------------------------


def registry_entry(registry: Registry | None, name: str) -> Entry | None:
    """The registry entry called `name` or having it as an alias (case-insensitive)."""
    if registry is None:
        return None
    folded = name.casefold()
    for entry in registry.entries:
        if entry.name.casefold() == folded or folded in (a.casefold() for a in entry.aliases):
            return entry
    return None


def find_source(
    db: sqlite_utils.Database,
    name: str,
    *,
    kind: str | None = None,
    registry: Registry | None = None,
    create: bool = True,
) -> int:
    """The id of the source a reviewer names: an id, a known source, a registry entry
    (stored on first use), or (with `create`) a new source, which needs its kind."""
    name = " ".join(name.split())
    if not name:
        raise InvalidValue("a source needs a name")
    if len(name) > 200:
        raise InvalidValue("a source name has at most 200 characters")
    if name.isdigit():
        row = db.execute("SELECT id, merged_into FROM sources WHERE id = ?", [int(name)]).fetchone()
        if row is None:
            raise NotFound(f"no source with id {name}")
        return int(row[1] or row[0])
    row = db.execute(
        "SELECT id, merged_into FROM sources WHERE name = ? COLLATE NOCASE", [name]
    ).fetchone()
    if row:
        return int(row[1] or row[0])
    if entry := registry_entry(registry, name):
        return store_source(db, entry)
    if not create:
        raise NotFound(f"no source named {name!r}")
    if kind is None:
        raise InvalidValue(
            f"{name!r} is a new source: give its kind ({', '.join(NEW_SOURCE_KINDS)})"
        )
    if kind not in KINDS:
        raise InvalidValue(f"unknown source kind {kind!r}: one of {', '.join(NEW_SOURCE_KINDS)}")
    return store_source(db, Entry(name=name, kind=kind, aliases=(name,), reviewed=False))


def suggest_sources(
    db: sqlite_utils.Database, prefix: str, registry: Registry | None = None, limit: int = 15
) -> list[dict[str, Any]]:
    """Sources whose name or alias holds `prefix`, for type-ahead: the ones already cited
    (most cited first), then registry entries not yet in the database."""
    prefix = " ".join(prefix.split())[:100]
    if not prefix:
        return []
    like = "%" + prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = db.execute(
        "SELECT s.name, s.kind, (SELECT count(*) FROM citations ci WHERE ci.source_id = s.id) AS n"
        " FROM sources s WHERE s.merged_into IS NULL"
        " AND (s.name LIKE ? ESCAPE '\\' OR s.aliases LIKE ? ESCAPE '\\')"
        " ORDER BY s.name LIKE ? ESCAPE '\\' DESC, n DESC, s.name LIMIT ?",
        [like, like, like[1:], limit],
    ).fetchall()
    out = [{"name": r[0], "kind": r[1], "known": True} for r in rows]
    seen = {r["name"].casefold() for r in out}
    folded = prefix.casefold()
    for entry in registry.entries if registry else ():
        if len(out) >= limit:
            break
        if entry.name.casefold() in seen:
            continue
        if any(folded in a.casefold() for a in (entry.name, *entry.aliases)):
            out.append({"name": entry.name, "kind": entry.kind, "known": False})
            seen.add(entry.name.casefold())
    return out


def _stated_link(db: sqlite_utils.Database, claim_id: int, source: str) -> int:
    """The citation by which a claim now cites a known source (NotFound, InvalidValue)."""
    source_id = find_source(db, source, create=False)
    row = db.execute(
        "SELECT id FROM current_citations WHERE claim_id = ? AND source_id = ? AND inferred = 0",
        [claim_id, source_id],
    ).fetchone()
    if row is None:
        raise InvalidValue(f"claim {claim_id} does not cite {source!r} now")
    return int(row[0])


def _state(db: sqlite_utils.Database, citation_id: int) -> str:
    """A link's current state, as the `previous` of a correction that changes it."""
    row = db.execute(
        "SELECT cue, via FROM current_citations WHERE id = ?", [citation_id]
    ).fetchone()
    state = {"present": True, "cue": row[0], "via": json.loads(row[1] or "[]")} if row else {}
    return json.dumps(state or {"present": False}, ensure_ascii=False)


def _add(
    db: sqlite_utils.Database,
    claim_id: int,
    source_id: int,
    actor: str,
    cue: str | None,
    via: Sequence[str] | str | None,
) -> int:
    row = db.execute(
        "SELECT id, inferred FROM citations WHERE claim_id = ? AND source_id = ?",
        [claim_id, source_id],
    ).fetchone()
    if row is None:
        citation = int(
            db.execute(
                "INSERT INTO citations (claim_id, source_id, cue, via, inferred, added)"
                " VALUES (?, ?, ?, ?, 0, 1)",
                [claim_id, source_id, cue, _via(via)],
            ).lastrowid
            or 0
        )
        previous = json.dumps({"present": False})
    else:
        citation = int(row[0])
        if row[1]:  # a suggested reference link becomes a stated one: confirm it instead
            raise InvalidValue(
                f"citation {citation} is a suggested link: confirm it with `factcheck link confirm {citation}`"
            )
        previous = _state(db, citation)
        if json.loads(previous)["present"]:
            raise InvalidValue(f"claim {claim_id} already cites that source")
    return _log(
        db,
        claim_id,
        "add-source",
        actor,
        citation_id=citation,
        cue=cue,
        via=_via(via),
        previous=previous,
    )


def add_source(
    db: sqlite_utils.Database,
    claim_id: int,
    source: str,
    *,
    actor: str,
    kind: str | None = None,
    cue: str | None = None,
    via: Sequence[str] | str | None = None,
    registry: Registry | None = None,
) -> int:
    """Add a stated source to a claim; returns the correction id."""
    actor = _actor(actor)
    with write_transaction(db):
        _active(db, claim_id)
        source_id = find_source(db, source, kind=kind, registry=registry)
        return _add(db, claim_id, source_id, actor, cue or None, via)


def remove_source(
    db: sqlite_utils.Database, claim_id: int, source: str, *, actor: str, reason: str | None = None
) -> int:
    """Remove a stated source from a claim (the extracted link stays, marked removed)."""
    actor = _actor(actor)
    with write_transaction(db):
        _active(db, claim_id)
        citation = _stated_link(db, claim_id, source)
        return _log(
            db,
            claim_id,
            "remove-source",
            actor,
            citation_id=citation,
            reason=reason or None,
            previous=_state(db, citation),
        )


def replace_source(
    db: sqlite_utils.Database,
    claim_id: int,
    old: str,
    new: str,
    *,
    actor: str,
    kind: str | None = None,
    cue: str | None = None,
    via: Sequence[str] | str | None = None,
    registry: Registry | None = None,
) -> tuple[int, int]:
    """Replace a wrong source by the right one, keeping the cue and chain unless given."""
    actor = _actor(actor)
    with write_transaction(db):
        _active(db, claim_id)
        citation = _stated_link(db, claim_id, old)
        old_id = db.execute("SELECT source_id FROM citations WHERE id = ?", [citation]).fetchone()[
            0
        ]
        new_id = find_source(db, new, kind=kind, registry=registry)
        if new_id == old_id:
            raise InvalidValue("the new source is the one it replaces")
        kept = db.execute(
            "SELECT cue, via FROM current_citations WHERE id = ?", [citation]
        ).fetchone()
        removed = _log(
            db,
            claim_id,
            "remove-source",
            actor,
            citation_id=citation,
            reason="replaced by "
            + db.execute("SELECT name FROM sources WHERE id = ?", [new_id]).fetchone()[0],
            previous=_state(db, citation),
        )
        added = _add(
            db,
            claim_id,
            new_id,
            actor,
            cue if cue is not None else kept[0],
            via if via is not None else json.loads(kept[1] or "[]"),
        )
        return removed, added


def set_attribution(
    db: sqlite_utils.Database,
    claim_id: int,
    source: str,
    *,
    actor: str,
    cue: str | None = None,
    via: Sequence[str] | str | None = None,
) -> int:
    """Set the cue and the chain of outlets (`via`, nearest first) of a stated source."""
    actor = _actor(actor)
    with write_transaction(db):
        _active(db, claim_id)
        citation = _stated_link(db, claim_id, source)
        cur = db.execute(
            "SELECT cue, via FROM current_citations WHERE id = ?", [citation]
        ).fetchone()
        return _log(
            db,
            claim_id,
            "set-attribution",
            actor,
            citation_id=citation,
            cue=cur[0] if cue is None else (cue or None),
            via=cur[1] if via is None else _via(via),
            previous=_state(db, citation),
        )


# -- claims ----------------------------------------------------------------------------------


def set_kind(db: sqlite_utils.Database, claim_id: int, kind: str, *, actor: str) -> int:
    actor = _actor(actor)
    if kind not in CLAIM_KINDS:
        raise InvalidValue(f"unknown claim kind {kind!r}: one of {', '.join(CLAIM_KINDS)}")
    with write_transaction(db):
        claim = _active(db, claim_id)
        if claim["kind"] == kind:
            raise InvalidValue(f"claim {claim_id} is already a {kind}")
        db.execute("UPDATE claims SET kind = ? WHERE id = ?", [kind, claim_id])
        return _log(
            db, claim_id, "set-kind", actor, kind=kind, previous=json.dumps({"kind": claim["kind"]})
        )


def demote(db: sqlite_utils.Database, claim_id: int, *, actor: str, reason: str) -> int:
    """Not a claim after all (a heading, an opinion, a question …): it leaves search,
    facets and reports, and counts as a non-claim in the exported gold."""
    actor = _actor(actor)
    if not reason or not reason.strip():
        raise InvalidValue("say why it is not a claim (--reason)")
    with write_transaction(db):
        _active(db, claim_id)
        db.execute("UPDATE claims SET retired = 'demoted' WHERE id = ?", [claim_id])
        return _log(db, claim_id, "demote", actor, reason=reason.strip())


def restore(db: sqlite_utils.Database, claim_id: int, *, actor: str) -> int:
    """Undo a demotion."""
    actor = _actor(actor)
    with write_transaction(db):
        claim = _claim(db, claim_id)
        if claim["retired"] != "demoted":
            raise InvalidValue(f"claim {claim_id} was not demoted")
        db.execute("UPDATE claims SET retired = NULL WHERE id = ?", [claim_id])
        return _log(db, claim_id, "restore", actor, previous=json.dumps({"retired": "demoted"}))


def _insert_claim(
    db: sqlite_utils.Database,
    document_id: int,
    text: str,
    offsets: list[list[int]],
    kind: str,
    score: float,
    paragraph: int,
    origin: str,
) -> int:
    cursor = db.execute(
        'INSERT INTO claims (document_id, text, start, "end", offsets, occurrences, kind,'
        " checkworthiness, quote, paragraph, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
        [
            document_id,
            text,
            offsets[0][0],
            offsets[0][1],
            json.dumps(offsets),
            len(offsets),
            kind,
            score,
            paragraph,
            origin,
        ],
    )
    return int(cursor.lastrowid or 0)


def promote(
    db: sqlite_utils.Database,
    segment_id: int,
    *,
    actor: str,
    kind: str = "event",
    registry: Registry | None = None,
) -> int:
    """A stored segment (structure) becomes a claim; returns the new claim's id. Its
    check-worthiness is scored by the rules when a registry is given, else 0.5."""
    actor = _actor(actor)
    if kind not in CLAIM_KINDS:
        raise InvalidValue(f"unknown claim kind {kind!r}: one of {', '.join(CLAIM_KINDS)}")
    with write_transaction(db):
        row = db.execute(
            'SELECT document_id, text, start, "end", kind, reason FROM segments WHERE id = ?',
            [segment_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"no segment with id {segment_id}")
        if db.execute(
            "SELECT 1 FROM corrections c JOIN claims cl ON cl.id = c.claim_id"
            " WHERE c.segment_id = ? AND c.action = 'promote' AND cl.retired IS NULL",
            [segment_id],
        ).fetchone():
            raise InvalidValue(f"segment {segment_id} is already a claim")
        document, text, start, end, seg_kind, reason = row
        doc_text, lang = db.execute(
            "SELECT text, lang FROM documents WHERE id = ?", [document]
        ).fetchone()
        score = 0.5
        if registry is not None:
            from factcheck.classify import Classifier

            score = (
                Classifier(registry, lang or "en")
                .assess(text, text, attributed=False, quoted=False)
                .score
            )
        paragraph = doc_text.count("\n", 0, start)
        claim_id = _insert_claim(
            db, document, text, [[start, end]], kind, score, paragraph, "promoted"
        )
        _log(
            db,
            claim_id,
            "promote",
            actor,
            segment_id=segment_id,
            kind=kind,
            previous=json.dumps({"segment": seg_kind, "reason": reason}, ensure_ascii=False),
        )
        return claim_id


def _split_point(text: str, at: int | str) -> int:
    if isinstance(at, str) and not at.strip().isdigit():
        needle = at.strip()
        pos = text.find(needle, 1)
        if pos <= 0:
            raise InvalidValue(f"the claim has no {needle!r} after its first character")
        return pos
    pos = int(at)
    if not 0 < pos < len(text):
        raise InvalidValue(f"split at a character between 1 and {len(text) - 1}")
    return pos


def _stated(
    db: sqlite_utils.Database, claim_id: int
) -> list[tuple[int, str | None, str, int | None]]:
    return [
        (r[0], r[1], r[2], r[3])
        for r in db.execute(
            "SELECT source_id, cue, via, cue_start FROM current_citations"
            " WHERE claim_id = ? AND inferred = 0 ORDER BY id",
            [claim_id],
        )
    ]


def split(
    db: sqlite_utils.Database, claim_id: int, at: int | str, *, actor: str
) -> tuple[int, int]:
    """Split a claim in two before character `at` (or before the words `at`). Each part
    keeps the sources whose cue lies in it, and both keep a source with no cue position;
    the original is retired with its verdicts."""
    actor = _actor(actor)
    with write_transaction(db):
        claim = _active(db, claim_id)
        pos = _split_point(claim["text"], at)
        left, right = claim["text"][:pos], claim["text"][pos:]
        lead = len(left) - len(left.lstrip()), len(right) - len(right.lstrip())
        if not left.strip() or not right.strip():
            raise InvalidValue("both parts of a split need text")
        parts = []
        for text, offset, skip in ((left.strip(), 0, lead[0]), (right.strip(), pos, lead[1])):
            offsets = [
                [s + offset + skip, s + offset + skip + len(text)]
                for s, _ in json.loads(claim["offsets"])
            ]
            parts.append(
                _insert_claim(
                    db,
                    claim["document_id"],
                    text,
                    offsets,
                    claim["kind"],
                    claim["checkworthiness"],
                    claim["paragraph"],
                    "split",
                )
            )
        boundary = claim["start"] + pos
        for source_id, cue, via, cue_start in _stated(db, claim_id):
            for part, inside in (
                (parts[0], cue_start is None or cue_start < boundary),
                (parts[1], cue_start is None or cue_start >= boundary),
            ):
                if inside:
                    _add(db, part, source_id, actor, cue, json.loads(via or "[]"))
        db.execute("UPDATE claims SET retired = 'split' WHERE id = ?", [claim_id])
        _log(
            db,
            claim_id,
            "split",
            actor,
            related=json.dumps(parts),
            previous=json.dumps({"at": pos}),
        )
        return parts[0], parts[1]


def merge(db: sqlite_utils.Database, first: int, second: int, *, actor: str) -> int:
    """Merge two neighbouring claims of one document into one, with the sources of both;
    both originals are retired with their verdicts."""
    actor = _actor(actor)
    if first == second:
        raise InvalidValue("merge two different claims")
    with write_transaction(db):
        a, b = sorted((_active(db, first), _active(db, second)), key=lambda c: c["start"])
        if a["document_id"] != b["document_id"]:
            raise InvalidValue("merge claims of the same document")
        between = db.execute(
            "SELECT count(*) FROM claims WHERE document_id = ? AND retired IS NULL"
            " AND start >= ? AND start < ? AND id NOT IN (?, ?)",
            [a["document_id"], a["end"], b["start"], a["id"], b["id"]],
        ).fetchone()[0]
        if between or b["start"] < a["end"]:
            raise InvalidValue("merge neighbouring claims (another claim stands between them)")
        doc_text = db.execute(
            "SELECT text FROM documents WHERE id = ?", [a["document_id"]]
        ).fetchone()[0]
        text = doc_text[a["start"] : b["end"]]
        merged = _insert_claim(
            db,
            a["document_id"],
            text,
            [[a["start"], b["end"]]],
            a["kind"],
            max(a["checkworthiness"], b["checkworthiness"]),
            a["paragraph"],
            "merged",
        )
        seen: set[int] = set()
        for claim in (a, b):
            for source_id, cue, via, _ in _stated(db, claim["id"]):
                if source_id not in seen:
                    seen.add(source_id)
                    _add(db, merged, source_id, actor, cue, json.loads(via or "[]"))
            db.execute("UPDATE claims SET retired = 'merged' WHERE id = ?", [claim["id"]])
            _log(db, claim["id"], "merge", actor, related=json.dumps([merged]))
        return merged


# -- reading -----------------------------------------------------------------------------------


def history(db: sqlite_utils.Database, claim_id: int) -> list[dict[str, Any]]:
    """Every correction of a claim, oldest first, with the source each one names."""
    _claim(db, claim_id)
    return list(
        db.query(
            "SELECT c.id, c.action, s.name AS source, c.cue, c.via, c.kind, c.reason, c.segment_id,"
            " c.related, c.previous, c.actor, c.created_at FROM corrections c"
            " LEFT JOIN citations ci ON ci.id = c.citation_id LEFT JOIN sources s ON s.id = ci.source_id"
            " WHERE c.claim_id = ? ORDER BY c.id",
            [claim_id],
        )
    )


def extraction(db: sqlite_utils.Database, claim_id: int) -> dict[str, Any]:
    """What extraction stored for a claim, before any correction: its kind and stated
    sources with their cues and chains (for a claim a reviewer made: its origin)."""
    _claim(db, claim_id)
    first_kind = db.execute(
        "SELECT previous FROM corrections WHERE claim_id = ? AND action = 'set-kind' ORDER BY id LIMIT 1",
        [claim_id],
    ).fetchone()
    row = db.execute("SELECT kind, origin FROM claims WHERE id = ?", [claim_id]).fetchone()
    sources = list(
        db.query(
            "SELECT s.name, s.kind, ci.cue, ci.via FROM citations ci JOIN sources s ON s.id = ci.source_id"
            " WHERE ci.claim_id = ? AND ci.inferred = 0 AND ci.added = 0 ORDER BY ci.id",
            [claim_id],
        )
    )
    for s in sources:
        s["via"] = json.loads(s["via"] or "[]")
    return {
        "kind": json.loads(first_kind[0])["kind"] if first_kind else row[0],
        "origin": row[1],
        "sources": sources,
    }
