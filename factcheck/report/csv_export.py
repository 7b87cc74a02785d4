"""CSV for spreadsheets: one row per claim–source link (a claim with no source still
gets a row), formula-like cells defused, and with `excel` a UTF-8 byte-order mark so
Excel reads Japanese and Chinese as UTF-8 rather than the system code page."""

from __future__ import annotations

import csv
from typing import Any, TextIO

import sqlite_utils

from factcheck.report.read import claims

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


BOM = "\ufeff"


def write_csv(
    db: sqlite_utils.Database,
    out: TextIO,
    document: int | None = None,
    reviewed_only: bool = False,
    excel: bool = False,
) -> None:
    if excel:
        out.write(BOM)
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
            writer.writerow({k: spreadsheet_cell(v) for k, v in row.items()})


def spreadsheet_cell(value: Any) -> Any:
    """Spreadsheets run cells that start with = + - @ (or a tab or carriage return before
    one) as formulas: a leading apostrophe keeps such text as text. Every CSV factcheck
    writes goes through this; Datasette's own .csv export writes cells as stored."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
