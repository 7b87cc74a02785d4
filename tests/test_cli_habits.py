"""Habits of a mature command line: every default in help, commands in workflow order,
usage errors in one line with exit code 2, a port checked before a sign-in link, one
timestamp format."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from factcheck.cli import WORKFLOW, app
from factcheck.db import open_db

from .conftest import ROOT, SEED

runner = CliRunner()
RFC3339_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def every_command() -> list[list[str]]:
    found = []
    for name, cmd in typer.main.get_command(app).commands.items():  # type: ignore[attr-defined]
        found.append([name])
        found += [[name, sub] for sub in getattr(cmd, "commands", {}) or {}]
    return found


@pytest.mark.parametrize("path", every_command(), ids=" ".join)
def test_help_shows_every_default(path: list[str]) -> None:
    """Rich markup swallowed "[default: …]" written in help texts (--db, --by, --as-of)."""
    result = runner.invoke(app, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0
    shown = " ".join(result.stdout.split())
    group = typer.main.get_command(app)
    cmd = group.commands[path[0]]  # type: ignore[attr-defined]
    if len(path) > 1:
        cmd = cmd.commands[path[1]]
    for param in cmd.params:
        if getattr(param, "hidden", False) or param.name == "help":
            continue
        written = re.findall(r"\[default: [^\]]*\]", getattr(param, "help", None) or "")
        for text in written:
            assert " ".join(text.split()) in shown, (path, param.name, text)
        default = param.default
        if not written and default not in (None, False, "", ()) and not callable(default):
            # a value, or for an on/off flag its name: "[default: 50; x>=1]", "[default: wayback]"
            said = rf"default: (?:{re.escape(str(default))}|{re.escape(param.name or '')})[\];]"
            assert re.search(said, shown), (path, param.name, default)


def test_commands_are_listed_in_workflow_order() -> None:
    result = runner.invoke(app, ["--help"], terminal_width=200)
    section = result.stdout.split("Commands:")[1]
    listed = [line.split()[0] for line in section.splitlines() if line.strip()]
    assert listed == WORKFLOW
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [
        line.split("`factcheck ")[1].split()[0].rstrip("`")
        for line in readme.splitlines()
        if line.startswith("| `factcheck ")
    ]
    assert list(dict.fromkeys(rows)) == WORKFLOW


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["claims", "--bogus"], "No such option: --bogus", id="unknown-option"),
        pytest.param(["nosuch"], "No such command", id="unknown-command"),
        pytest.param(["verdict", "x", "true"], "Invalid value for 'claim_id'", id="not-an-integer"),
        pytest.param(["signoff"], "Missing argument", id="missing-argument"),
        pytest.param(["report", "--format"], "requires an argument", id="option-without-value"),
        pytest.param(["verdict", "3"], "add a rating", id="verdict-without-rating"),
        pytest.param(["fidelity", "3"], "add a level", id="fidelity-without-level"),
        pytest.param(["verdict", "3", "true", "--history"], "not both", id="rating-and-history"),
    ],
)
def test_usage_errors_are_one_line_with_exit_code_2(
    seed_db: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, [*args, "--db", str(seed_db)] if args[0] != "report" else args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output and "Usage:" not in result.stderr


def test_verdict_without_rating_names_the_ratings(seed_db: Path) -> None:
    result = runner.invoke(app, ["verdict", "3", "--db", str(seed_db)])
    assert "true, mostly-true, mixed, mostly-false, false or unverifiable" in result.stderr
    assert "--history" in result.stderr


def test_serve_checks_the_port_before_printing_a_sign_in_link(seed_db: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(app, ["serve", "--port", str(port), "--db", str(seed_db)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot serve on 127.0.0.1:{port}")
    assert "token=" not in result.stdout and "Sign in" not in result.stdout


def test_timestamps_are_rfc3339_utc_with_z(tmp_path: Path) -> None:
    db_path = tmp_path / "factcheck.db"
    assert runner.invoke(app, ["ingest", str(SEED), "--db", str(db_path)]).exit_code == 0
    out = runner.invoke(app, ["verdict", "3", "false", "--by", "r", "--db", str(db_path)])
    assert RFC3339_Z.search(out.stdout)
    report = json.loads(runner.invoke(app, ["report", "-f", "json", "--db", str(db_path)]).stdout)
    assert RFC3339_Z.fullmatch(report["generated_at"])
    db = open_db(db_path)
    stamps = [
        *db.execute("SELECT ingested_at FROM documents"),
        *db.execute("SELECT created_at FROM verdicts"),
        *db.execute("SELECT applied_at FROM _migrations"),
    ]
    assert stamps and all(RFC3339_Z.fullmatch(s[0]) for s in stamps), stamps
    markdown = runner.invoke(app, ["report", "--db", str(db_path)]).stdout
    assert RFC3339_Z.search(markdown.split("\n")[2])


def test_old_timestamps_are_rewritten_by_the_migration(tmp_path: Path) -> None:
    db = open_db(tmp_path / "factcheck.db")
    db.execute(
        "INSERT INTO documents (path, sha256, text, ingested_at) VALUES"
        " ('a', 'x', 't', '2026-01-02T03:04:05+09:00')"
    )
    db.execute("UPDATE _migrations SET applied_at = '2026-01-01 10:00:00'")
    db.execute("DELETE FROM _migrations WHERE name = 'm016_rfc3339_timestamps'")
    db.close()
    db = open_db(tmp_path / "factcheck.db")
    assert (
        db.execute("SELECT ingested_at FROM documents").fetchone()[0] == "2026-01-01T18:04:05.000Z"
    )
    assert {
        r[0] for r in db.execute("SELECT applied_at FROM _migrations WHERE name = 'm001_core'")
    } == {"2026-01-01T10:00:00.000Z"}
