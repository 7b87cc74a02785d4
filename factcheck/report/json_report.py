"""The JSON report: the complete export, written as it is read.

{"generated_at", "tool", "documents": [...], "claims": [...], "references": [...],
 "sources": [...], "summaries": [...]}
"""

from __future__ import annotations

import json
from typing import TextIO

import sqlite_utils

from factcheck.report.read import claims, documents, header, references, sources, summary


def write_json(
    db: sqlite_utils.Database, out: TextIO, document: int | None = None, reviewed_only: bool = False
) -> None:
    docs = documents(db, document)
    head = {**header(), "documents": docs}
    out.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "claims": [\n')
    for i, claim in enumerate(claims(db, document, reviewed_only)):
        out.write((",\n" if i else "") + "  " + json.dumps(claim, ensure_ascii=False))
    out.write('\n ],\n "references": ')
    out.write(json.dumps(references(db, document), ensure_ascii=False, indent=1))
    out.write(',\n "sources": ')
    out.write(json.dumps(sources(db, document), ensure_ascii=False, indent=1))
    out.write(',\n "summaries": ')
    out.write(json.dumps([summary(db, d["id"]) for d in docs], ensure_ascii=False, indent=1))
    out.write("\n}\n")
