"""The README's session, run as written against a local server standing in for the cited
site: every command exits 0 and prints what the README shows."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT
from .hostile_server import serve

BIN = Path(sys.executable).parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SITE = "https://www.theinformation.com"
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)?")


def session() -> list[tuple[str, list[str]]]:
    """(command, the output lines the README shows for it)."""
    block = README.split("## A session", 1)[1].split("```console\n", 1)[1].split("```", 1)[0]
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:].split("  #")[0].strip(), []))
        elif steps:
            steps[-1][1].append(line)
    return steps


def shown(expected: str, printed: str) -> bool:
    """A README line is in the output: dates stand for any date, … for the rest of a line."""
    pattern = re.escape(expected.split("…")[0].rstrip())
    pattern = pattern.replace(r"\ ", " ")
    for stamp in sorted(set(STAMP.findall(expected)), key=len, reverse=True):
        pattern = pattern.replace(re.escape(stamp), STAMP.pattern)
    return re.search(pattern, printed) is not None


def test_the_readme_session_works_as_written(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    (tmp_path / "claims").symlink_to(ROOT / "claims")  # the session runs from a checkout
    steps = session()
    assert [c.split()[1] for c, _ in steps if c.startswith("factcheck")][:2] == [
        "ingest",
        "claims",
    ]
    with serve() as server:
        for command, expected in steps:
            if command.startswith("export "):
                name, value = command.removeprefix("export ").split("=", 1)
                env[name] = str(tmp_path / value.split()[0])
                continue
            args = command.replace(SITE, server.base).split()
            if args[1] == "serve":
                continue  # becomes Datasette: tests/test_datasette.py serves it
            if args[1] == "fetch":
                args += ["--allow-private", "--delay", "0"]  # the stand-in is on loopback
            done = subprocess.run(
                [str(BIN / "factcheck"), *_unquote(args[1:])],
                capture_output=True,
                text=True,
                env=env,
                cwd=tmp_path,
            )
            assert done.returncode == 0, f"{command}: {done.stdout}{done.stderr}"
            printed = (done.stdout + done.stderr).replace(server.base, SITE)
            for line in expected:
                assert shown(line, printed), f"{command}: README shows {line!r}, got:\n{printed}"
        captures = subprocess.run(
            [str(BIN / "factcheck"), "captures", "--format", "json"],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        assert '"classification": "ok"' in captures.stdout
        assert "Microsoft hires Sam Altman" in captures.stdout
        # the report links the source's page to its archived copy
        report = (tmp_path / "report.html").read_text(encoding="utf-8")
        assert f"{server.base}/articles/microsoft-hires-altman" in report
        assert "data-versiondate" in report


def _unquote(args: list[str]) -> list[str]:
    """Shell words: "The Information" is one argument."""
    import shlex

    return shlex.split(" ".join(args))
