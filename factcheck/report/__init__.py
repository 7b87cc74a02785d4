"""The citation report: one reading of the database (`read`), rendered in several formats.

Writers import the readers, never the reverse:

- `json_report`: the complete export; `markdown`; `html`: one self-contained page;
- exchange formats: `csv_export` (spreadsheets), `claimreview` (schema.org JSON-LD for
  other fact-checkers), `csl_json` (reference managers).

`write_report()` picks the writer for a format name.
"""

from __future__ import annotations

from typing import TextIO

import sqlite_utils

from factcheck.errors import InvalidValue
from factcheck.report.claimreview import write_claimreview
from factcheck.report.csl_json import write_csl_json
from factcheck.report.csv_export import write_csv
from factcheck.report.html import write_html
from factcheck.report.json_report import write_json
from factcheck.report.markdown import write_markdown

FORMATS = ("markdown", "html", "json", "csv", "claimreview", "csl-json")
WRITERS = {
    "json": write_json,
    "markdown": write_markdown,
    "md": write_markdown,
    "html": write_html,
    "csv": write_csv,
    "claimreview": write_claimreview,
    "csl-json": write_csl_json,
}


def write_report(
    db: sqlite_utils.Database,
    fmt: str,
    out: TextIO,
    document: int | None = None,
    reviewed_only: bool = False,
    excel: bool = False,
) -> None:
    """`excel`: a CSV for Excel (with a UTF-8 byte-order mark); only for csv."""
    if fmt not in WRITERS:
        raise InvalidValue(f"unknown report format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if excel and fmt != "csv":
        raise InvalidValue("--excel is for --format csv")
    if fmt == "csv":
        write_csv(db, out, document, reviewed_only, excel=excel)
    else:
        WRITERS[fmt](db, out, document, reviewed_only)
