"""Reviewed documents become gold: the corrected state, written in the format
`factcheck eval` reads (factcheck/evaluate.py), so a newsroom measures the extraction
rules on its own material.

A document is reviewed when it has claims and every one of them is marked done. Its gold
file lists each claim with its corrected sources (`attributed_claims`: the sources'
names, anonymous and vague ones as the scorer's "anonymous sources" and "unnamed
media"), each claim without one (`unattributed_claims`) and the non-claims: claims a
reviewer demoted and the stored questions, opinions and hedged sentences. Beside it goes
the document's text, so `factcheck eval x.gold.json` re-runs the rules on it.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from factcheck.errors import NotFound
from factcheck.evaluate import Scores, evaluate_document, score

VAGUE_NAMES = {"anonymous": "anonymous sources", "unnamed": "unnamed media"}
NON_CLAIM_SEGMENTS = ("question", "opinion", "speculation", "generic")
MIN_ANCHOR = 8  # a shorter text would be found inside unrelated claims


def reviewed_documents(db: sqlite_utils.Database) -> list[int]:
    return [
        r[0]
        for r in db.execute(
            "SELECT document_id FROM claims WHERE retired IS NULL GROUP BY document_id"
            " HAVING sum(coalesce(status, '') != 'done') = 0 ORDER BY document_id"
        )
    ]


def gold_for(db: sqlite_utils.Database, document: int) -> dict[str, Any]:
    """The gold annotation of one document, from its corrected state."""
    from factcheck.report.read import claims

    doc = db.execute(
        "SELECT id, path, title, lang, sha256 FROM documents WHERE id = ?", [document]
    ).fetchone()
    if doc is None:
        raise NotFound(f"no document with id {document}")
    attributed, unattributed = [], []
    for c in claims(db, document):
        stated = [s for s in c["sources"] if not s["inferred"]]
        if stated:
            attributed.append(
                {
                    "id": f"C{c['id']}",
                    "anchor": c["text"],
                    "sources": list(
                        dict.fromkeys(VAGUE_NAMES.get(s["kind"], s["name"]) for s in stated)
                    ),
                    "source_kind": stated[0]["kind"],
                    "cue": stated[0]["cue"],
                    "via": stated[0]["via"],
                }
            )
        else:
            unattributed.append({"id": f"C{c['id']}", "anchor": c["text"]})
    kinds = ", ".join(f"'{k}'" for k in NON_CLAIM_SEGMENTS)
    non_claims = [
        r[0]
        for r in db.execute(
            "SELECT text FROM claims WHERE document_id = ? AND retired = 'demoted'"
            f" UNION SELECT s.text FROM segments s WHERE s.document_id = ? AND s.kind IN ({kinds})"
            " AND NOT EXISTS (SELECT 1 FROM corrections co JOIN claims c ON c.id = co.claim_id"
            "  WHERE co.segment_id = s.id AND co.action = 'promote' AND c.retired IS NULL)",
            [document, document],
        )
        if len(r[0].strip()) >= MIN_ANCHOR
    ]
    return {
        "document": {
            "file": f"{stem(doc[0], doc[3])}.txt",
            "lang": doc[3],
            "title": doc[2],
            "from": {"document_id": doc[0], "path": doc[1], "sha256": doc[4]},
        },
        "attributed_claims": attributed,
        "unattributed_claims": unattributed,
        "non_claims": sorted(set(non_claims)),
    }


def stem(document: int, lang: str | None) -> str:
    return f"document-{document}.{lang or 'und'}"


def export_gold(
    db: sqlite_utils.Database, out_dir: Path, document: int | None = None
) -> list[Path]:
    """Write `document-N.LANG.gold.json` and the text `document-N.LANG.txt` for one
    document, or for every reviewed document; returns the gold files written."""
    ids = [document] if document is not None else reviewed_documents(db)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for doc_id in ids:
        gold = gold_for(db, doc_id)
        text = db.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
        name = stem(doc_id, gold["document"]["lang"])
        for path, content in (
            (out_dir / f"{name}.txt", text),
            (out_dir / f"{name}.gold.json", json.dumps(gold, ensure_ascii=False, indent=1) + "\n"),
        ):
            part = path.with_name(path.name + ".part")
            part.write_text(content, encoding="utf-8")
            part.replace(path)
        written.append(out_dir / f"{name}.gold.json")
    return written


@dataclass
class ReviewedScore:
    document: int
    title: str | None
    lang: str | None
    rules: Scores  # the extraction rules run again on the text
    stored: Scores  # the corrected state in the database (1.00 when the export is faithful)


def evaluate_reviewed(
    db: sqlite_utils.Database, registry_path: Path | None = None, document: int | None = None
) -> list[ReviewedScore]:
    """Score the current extraction rules against every reviewed document's gold."""
    from factcheck.report.json_report import write_json

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for gold_path in export_gold(db, folder, document):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            doc_id = gold["document"]["from"]["document_id"]
            text_path = folder / gold["document"]["file"]
            rules = evaluate_document(text_path, gold_path, registry_path)
            report = folder / "report.json"
            with report.open("w", encoding="utf-8") as f:
                write_json(db, f, doc_id)
            stored = score(gold, json.loads(report.read_text(encoding="utf-8")), gold_path.name)
            out.append(
                ReviewedScore(
                    doc_id, gold["document"]["title"], gold["document"]["lang"], rules, stored
                )
            )
    return out
