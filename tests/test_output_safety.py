"""What article text can do to a reader's tools: reports rendered as Markdown, CSV opened
in a spreadsheet, lists printed to a terminal. Each finding of issue 17's "Reports and
terminal" has a test named after it."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.db import open_db
from factcheck.ingest import ingest

from .conftest import DATA, report

runner = CliRunner()
# the tags CommonMark makes of the report's own Markdown; anything else is raw HTML
MARKDOWN_TAGS = {"h1", "h2", "h3", "p", "ul", "ol", "li", "strong", "em", "a", "code"}


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


@pytest.fixture
def hostile_db(tmp_path: Path, registry: Any) -> Path:
    """hostile.en.txt plus hostile values in every stored field a report prints."""
    path = tmp_path / "factcheck.db"
    db = open_db(path)
    ingest(db, DATA / "hostile.en.txt", registry)
    doc = tmp_path / "terminal.en.txt"
    doc.write_text(
        "Reuters reported \x1b[2J\x1b]0;pwned\x07 that 12 people left the board in 2023.\n"
        '=HYPERLINK("http://evil.example","x") said AP, adding that 30 staff left in 2023.\n'
        "@SUM(1+1) was cited by Bloomberg as the figure for 2024.\n",
        encoding="utf-8",
    )
    ingest(db, doc, registry)
    db.execute(
        "UPDATE sources SET cited_url = 'https://e.example/a><img src=x onerror=alert(3)>'"
        " WHERE name = 'Reuters'"
    )
    db.execute(
        "INSERT INTO captures (url, final_url, fetched_at, classification, sha256)"
        " SELECT cited_url, cited_url, '2023-11-21<img src=x onerror=alert(5)>', 'ok', 'x'"
        " FROM sources WHERE name = 'Reuters'"
    )
    # as an older version stored them: the database now refuses such values (m017)
    db.execute("DROP TRIGGER verdicts_as_of_date")
    db.execute("DROP TRIGGER verdicts_evidence_url")
    db.execute(
        "INSERT INTO verdicts (claim_id, rating, reviewer, as_of, evidence_url) VALUES"
        " (1, 'false', '<b>r</b>', '<img src=x onerror=alert(4)>',"
        " 'https://e.example/<img src=x onerror=alert(6)>')"
    )
    db.execute("UPDATE documents SET path = 'x`<img src=x onerror=alert(7)>`.txt' WHERE id = 1")
    db.close()
    return path


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def test_markdown_report_escapes_raw_html(hostile_db: Path) -> None:
    """Rendered by CommonMark, the report holds only the elements its own Markdown makes:
    no <img onerror>, <script> or <b> from a claim, a URL, a date or a reviewer's name."""
    html = MarkdownIt("commonmark").render(report(hostile_db, "markdown"))
    parsed = Elements()
    parsed.feed(html)
    assert {tag for tag, _ in parsed.found} <= MARKDOWN_TAGS
    attributes = {name for _, attrs in parsed.found for name, _ in attrs}
    assert attributes <= {"href"}
    hrefs = [v or "" for _, attrs in parsed.found for _, v in attrs]
    assert all(h.startswith(("http://", "https://")) and "<" not in h for h in hrefs)
    assert "&lt;script&gt;window.__xss=1" in html  # the words stay readable


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["claims", "--format", "csv"], id="claims"),
        pytest.param(["search", "2023", "--format", "csv"], id="search"),
        pytest.param(["sources", "--format", "csv"], id="sources"),
        pytest.param(["report", "--format", "csv"], id="report"),
    ],
)
def test_list_csv_defuses_formula_cells(hostile_db: Path, args: list[str]) -> None:
    result = run(*args, "--db", str(hostile_db))
    assert result.exit_code == 0, result.output
    cells = [c for row in csv.reader(io.StringIO(result.stdout)) for c in row]
    assert cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    if args[0] in ("claims", "report"):
        assert any(c.startswith("'=HYPERLINK") for c in cells)


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
@pytest.mark.parametrize("command", [["claims"], ["search", "Reuters"]])
def test_claims_and_search_print_no_control_characters(
    hostile_db: Path, command: list[str], fmt: str
) -> None:
    result = run(*command, "--format", fmt, "--db", str(hostile_db))
    assert result.exit_code == 0, result.output
    assert "Reuters reported" in result.stdout
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", result.stdout)
    if fmt == "json":  # lossless: the stored text comes back as stored
        texts = [c["text"] for c in json.loads(result.stdout)]
        assert any("\x1b[2J" in t for t in texts)


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["claims", "--format", "csv", "--excel"], id="claims"),
        pytest.param(["report", "--format", "csv", "--excel"], id="report"),
    ],
)
def test_csv_excel_starts_with_a_utf8_bom(seed_db: Path, args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--db", str(seed_db)])
    assert result.exit_code == 0, result.output
    data = result.stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    assert "関係者" in data.decode("utf-8-sig")
    plain = runner.invoke(app, [*args[:-1], "--db", str(seed_db)]).stdout_bytes
    assert not plain.startswith(b"\xef\xbb\xbf")


def test_excel_is_only_for_csv(seed_db: Path) -> None:
    result = run("report", "--format", "json", "--excel", "--db", str(seed_db))
    assert result.exit_code == 1 and "--excel is for --format csv" in result.stderr
