"""The command line, end to end, through the real console entry point and CliRunner."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app

from .conftest import SEED, dump, load_json

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def claim_id(db: Path, like: str) -> int:
    code, out, _ = run("claims", "--db", str(db), "--format", "json")
    assert code == 0
    return next(c["id"] for c in json.loads(out) if like in c["text"])


def test_user_session(tmp_path: Path) -> None:
    """The README's session: ingest, list, verdict twice, report in both formats."""
    db = str(tmp_path / "factcheck.db")
    code, out, _ = run("ingest", str(SEED), "--db", db)
    assert code == 0 and "new" in out and "claims" in out
    code, out, _ = run("claims", "--db", db, "--format", "table")
    assert code == 0 and "The Information" in out and "Paul Graham" in out
    musk = claim_id(Path(db), "オープンソースで最も収益性の高い企業")
    code, out, _ = run(
        "verdict", str(musk), "mixed", "--note", "first look", "--by", "reviewer1", "--db", db
    )
    assert code == 0 and "mixed as of " in out and "by reviewer1" in out
    code, out, _ = run(
        "verdict",
        str(musk),
        "false",
        "--note",
        "The tweet says closed source",
        "--by",
        "reviewer2",
        "--evidence",
        "https://x.com/elonmusk/status/1626516035863212034",
        "--db",
        db,
    )
    assert code == 0
    code, out, _ = run("verdict", str(musk), "--history", "--db", db)
    assert code == 0 and "mixed" in out and "false" in out
    report_json = tmp_path / "r.json"
    assert run("report", "--format", "json", "--db", db, "-o", str(report_json))[0] == 0
    claim = next(c for c in load_json(report_json)["claims"] if c["id"] == musk)
    assert claim["verdict"]["rating"] == "false"
    assert [v["rating"] for v in claim["verdict_history"]] == ["mixed", "false"]
    assert claim["sources"][0]["name"] == "Elon Musk"
    report_md = tmp_path / "r.md"
    assert run("report", "--format", "markdown", "--db", db, "-o", str(report_md))[0] == 0
    md = report_md.read_text(encoding="utf-8")
    assert re.search(r"Verdict \(current\): \*\*false\*\* as of \d{4}-\d\d-\d\d by reviewer2", md)
    assert "The tweet says closed source" in md and "by reviewer1" in md
    assert "LatePost (written “後期”)" in md


@pytest.mark.parametrize(
    "args, message",
    [
        pytest.param(["verdict", "99999", "false"], "no claim with id 99999", id="unknown-claim"),
        pytest.param(
            ["verdict", "1", "pants-on-fire"], "unknown rating 'pants-on-fire'", id="unknown-rating"
        ),
        pytest.param(
            ["verdict", "1", "true", "--evidence", "file:///etc/passwd"],
            "evidence URL must be http",
            id="bad-evidence-url",
        ),
        pytest.param(["report", "--format", "pdf"], "unknown report format", id="unknown-format"),
        pytest.param(["claims", "--format", "xml"], "unknown format", id="unknown-list-format"),
        pytest.param(["ingest", "nope.txt"], "no such file", id="missing-file"),
        pytest.param(
            ["sources", "set-url", "Nobody", "https://example.org/"],
            "no source named",
            id="unknown-source",
        ),
        pytest.param(
            ["sources", "set-url", "Reuters", "javascript:alert(1)"],
            "refused scheme javascript",
            id="bad-url",
        ),
    ],
)
def test_errors_are_one_line_and_change_nothing(
    seed_db: Path, args: list[str], message: str
) -> None:
    before = dump(seed_db)
    code, out, err = run(*args, "--db", str(seed_db))
    assert code == 1
    assert err.startswith("Error: ") and message in err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err + out
    assert dump(seed_db) == before


def test_missing_database_is_an_error(tmp_path: Path) -> None:
    code, _, err = run("claims", "--db", str(tmp_path / "none.db"))
    assert code == 1 and "no database" in err
    assert not (tmp_path / "none.db").exists()


def test_fact_check_db_environment_variable(seed_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_DB", str(seed_db))
    code, out, _ = run("sources", "--format", "json")
    assert code == 0
    names = {s["name"] for s in json.loads(out)}
    assert {"The Information", "Satya Nadella", "Paul Graham", "Elon Musk"} <= names


def test_search_finds_short_japanese_words(seed_db: Path) -> None:
    code, out, err = run("search", "関係", "--db", str(seed_db), "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) >= 2 and all("関係" in r["text"] for r in rows)
    assert f"{len(rows)} claims match" in err
    code, out, _ = run(
        "search", "関係", "--kind", "quote", "--db", str(seed_db), "--format", "json"
    )
    assert code == 0 and all(r["kind"] == "quote" for r in json.loads(out))


def test_sources_merge(seed_db: Path) -> None:
    code, out, _ = run("sources", "merge", "Sam Altman", "Paul Graham", "--db", str(seed_db))
    assert code == 0 and "Merged Paul Graham into Sam Altman" in out
    code, out, _ = run("sources", "--db", str(seed_db), "--format", "json")
    names = {s["name"]: s for s in json.loads(out)}
    assert "Paul Graham" not in names and "Paul Graham" in names["Sam Altman"]["aliases"]


def test_console_script_and_module(tmp_path: Path) -> None:
    """The installed entry point and `python -m factcheck` run the same app."""
    db = tmp_path / "factcheck.db"
    exe = Path(sys.executable).with_name("factcheck")
    done = subprocess.run(
        [str(exe), "ingest", str(SEED), "--db", str(db)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "factcheck", "verdict", "424242", "true", "--db", str(db)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and done.stderr == "Error: no claim with id 424242\n"


def test_demo_without_serving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(
        tmp_path
    )  # the demo reads its bundled article from the package, in any folder
    code, out, _ = run("demo", "--no-serve", "--db", str(tmp_path / "factcheck.db"))
    assert code == 0, out
    assert "openai-board-crisis.ja.txt" in out
    report = load_json(tmp_path / "report.json")
    assert len(report["claims"]) > 20 and len(report["references"]) == 3


def test_reviewer_confirms_and_rejects_suggested_references(seed_db: Path, tmp_path: Path) -> None:
    db = str(seed_db)
    report = tmp_path / "r.json"
    run("report", "--format", "json", "--db", db, "-o", str(report))
    suggested = [
        (c["id"], s["citation"])
        for c in load_json(report)["claims"]
        for s in c["sources"]
        if s["inferred"]
    ]
    assert len(suggested) >= 2
    (_, keep), (gone_claim, gone) = suggested[0], suggested[1]
    assert run("link", "confirm", str(keep), "--db", db)[1] == f"Citation {keep}: confirmed\n"
    assert run("link", "reject", str(gone), "--db", db)[0] == 0
    run("report", "--format", "json", "--db", db, "-o", str(report))
    sources = {s["citation"]: s for c in load_json(report)["claims"] for s in c["sources"]}
    assert sources[keep]["status"] == "confirmed"
    assert gone not in sources  # a rejected suggestion leaves the report
    stated = next(
        c for c in load_json(report)["claims"] if c["sources"] and not c["sources"][0]["inferred"]
    )
    code, _, err = run("link", "confirm", str(stated["sources"][0]["citation"]), "--db", db)
    assert code == 1 and "not a suggestion" in err
    assert gone_claim


def test_reviewers_add_stores_a_hash_not_the_password(tmp_path: Path) -> None:
    db = str(tmp_path / "factcheck.db")
    code, out, _ = run("reviewers", "add", "alice", "--password", "correct horse", "--db", db)
    assert code == 0 and "alice (reviewer)" in out
    stored = (tmp_path / "reviewers.txt").read_text()
    assert stored.startswith("alice:reviewer:pbkdf2_sha256$") and "correct horse" not in stored
    assert oct((tmp_path / "reviewers.txt").stat().st_mode)[-3:] == "600"
    code, _, err = run("reviewers", "add", "bob", "--password", "short", "--db", db)
    assert code == 1 and "at least 8 characters" in err
