"""The package's layout: no import circles between its modules, counting imports inside
functions too (a lazy import hides a circle; it does not break it)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "factcheck"


def module_name(path: Path) -> str:
    parts = ["factcheck", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The package's modules this file imports (`from factcheck import x` names x when
    x is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        found |= {n for n in names if n in modules}
    return found


def import_graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(files)
    return {m: imports_of(p, modules) - {m} for m, p in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every module on a circle, as the circle found from it (depth-first)."""
    found: list[list[str]] = []

    def walk(node: str, path: list[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt == path[0]:
                found.append([*path, nxt])
            elif nxt not in path and nxt > path[0]:
                walk(nxt, [*path, nxt])

    for start in sorted(graph):
        walk(start, [start])
    return found


def test_no_import_circles() -> None:
    assert cycles(import_graph()) == []


@pytest.mark.parametrize(
    ("reader", "writers"),
    [
        pytest.param(
            "factcheck.report.read",
            {"factcheck.report", "factcheck.report.html", "factcheck.report.csv_export"},
            id="report-readers-import-no-writer",
        ),
        pytest.param("factcheck.scale", {"factcheck.db", "factcheck.verdicts"}, id="scale"),
        pytest.param("factcheck.db", {"factcheck.verdicts"}, id="db-below-verdicts"),
    ],
)
def test_lower_layers_import_no_higher(reader: str, writers: set[str]) -> None:
    assert not import_graph()[reader] & writers
