"""What a user installs: every package the code imports is declared, and the files the
package reads are inside it."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions

import pytest
from packaging.requirements import Requirement

from factcheck.bundled import data_path

from .conftest import ROOT

PACKAGE = ROOT / "factcheck"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def imported_top_level_modules() -> set[str]:
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"factcheck"}


def normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def test_every_imported_package_is_declared() -> None:
    declared = {normalise(Requirement(r).name) for r in PYPROJECT["project"]["dependencies"]}
    distributions = packages_distributions()
    missing = {
        module: distributions.get(module)
        for module in imported_top_level_modules()
        if not {normalise(d) for d in distributions.get(module, [module])} & declared
    }
    assert missing == {}


def test_lxml_html_clean_is_declared() -> None:
    """justext, under trafilatura, imports lxml.html.clean, a separate project since lxml
    5.2: a wheel installed without extras failed `factcheck fetch` with an ImportError."""
    names = {normalise(Requirement(r).name) for r in PYPROJECT["project"]["dependencies"]}
    assert "lxml-html-clean" in names
    assert "lxml-html-clean" in (ROOT / "requirements.lock").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "parts",
    [
        pytest.param(("sources.yml",), id="registry"),
        pytest.param(("metadata.yml",), id="datasette-metadata"),
        pytest.param(("cues", "ja.yml"), id="cue-lexicon-ja"),
        pytest.param(("cues", "en-derived.json"), id="cue-counts-en"),
        pytest.param(("cues", "zh-derived.json"), id="name-characters-zh"),
        pytest.param(("en-crf.model",), id="english-model"),
        pytest.param(("en-pos.json.gz",), id="english-tagger"),
        pytest.param(("zh-t2s.json",), id="chinese-scripts"),
        pytest.param(("confidence.json",), id="confidence-table"),
        pytest.param(("demo", "openai-board-crisis.ja.txt"), id="demo-article"),
        pytest.param(("demo", "openai-board-crisis.ja.yml"), id="demo-sidecar"),
    ],
)
def test_bundled_files_are_package_data(parts: tuple[str, ...]) -> None:
    path = data_path(*parts)
    assert path.is_file() and path.is_relative_to(PACKAGE)
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["factcheck"]
    assert any(path.relative_to(PACKAGE).match(p) for p in patterns)


def test_no_module_reads_files_beside_the_package_or_the_current_folder() -> None:
    """Only bundled.py finds package files; cwd-relative defaults are the documented ones
    (db/factcheck.db, claims/sources.yml)."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in PACKAGE.rglob("*.py")
        if "parent.parent" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
