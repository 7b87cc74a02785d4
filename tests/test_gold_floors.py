"""Accuracy gate: our own annotated news texts in Japanese, English and Chinese, each
with a floor in tests/data/gold/floors.json, so accuracy cannot silently drop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.evaluate import Scores, document_for, evaluate_document

GOLD = Path(__file__).resolve().parent / "data" / "gold"
FLOORS = json.loads((GOLD / "floors.json").read_text(encoding="utf-8"))
DOCS = sorted(FLOORS["documents"])


@pytest.fixture(scope="module")
def results() -> dict[str, Scores]:
    return {name: evaluate_document(document_for(GOLD / name), GOLD / name) for name in DOCS}


def test_every_gold_file_has_a_floor() -> None:
    assert sorted(p.name for p in GOLD.glob("*.gold.json")) == DOCS
    assert {name.split(".")[-3] for name in DOCS} == {"en", "ja", "zh"}


@pytest.mark.parametrize("name", [pytest.param(n, id=n.removesuffix(".gold.json")) for n in DOCS])
def test_document_floor(results: dict[str, Scores], name: str) -> None:
    sc, floor = results[name], {**FLOORS["default"], **FLOORS["documents"][name]}
    report = "\n".join(sc.lines())
    assert sc.f1 >= floor["f1"], report
    assert sc.non_claims_stored <= floor["non_claims_stored_max"], report
    assert sc.unattributed_stored >= floor["unattributed_stored_min_ratio"] * sc.unattributed, (
        report
    )
    for metric in ("works_found", "reference_outlets_found", "linked"):
        if metric in floor:
            assert getattr(sc, metric) >= floor[metric], report


def test_all_documents_together(results: dict[str, Scores]) -> None:
    right = sum(r.attributed_right for r in results.values())
    spurious = sum(r.spurious for r in results.values())
    total = sum(r.attributed for r in results.values())
    p, r = right / (right + spurious), right / total
    assert 2 * p * r / (p + r) >= FLOORS["all"]["f1"]
