"""Accuracy floors on the bundled article, computed by our own scorer on a copy of the
hand annotation (the shared scorer's rules, reimplemented in factcheck.evaluate)."""

from __future__ import annotations

import pytest

from factcheck.evaluate import Scores, evaluate_document

from .conftest import SEED, SEED_GOLD


@pytest.fixture(scope="module")
def scores() -> Scores:
    return evaluate_document(SEED, SEED_GOLD)


@pytest.mark.parametrize(
    "metric, floor",
    [
        pytest.param("f1", 0.95, id="attribution-f1"),
        pytest.param("unattributed_stored", 6, id="unattributed-claims-stored"),
        pytest.param("reference_outlets_found", 3, id="reference-outlets"),
        pytest.param("works_found", 4, id="works"),
        pytest.param("linked", 5, id="claims-linked-to-reference-outlet"),
    ],
)
def test_floor(scores: Scores, metric: str, floor: float) -> None:
    assert getattr(scores, metric) >= floor, "\n".join(scores.lines())


def test_non_claims_ceiling(scores: Scores) -> None:
    assert scores.non_claims == 11
    assert scores.non_claims_stored == 0, "\n".join(scores.lines())


def test_scorer_fails_on_a_bad_report() -> None:
    """The scorer itself can fail: an empty report scores zero."""
    from factcheck.evaluate import score

    from .conftest import load_json

    bad = score(load_json(SEED_GOLD), {"claims": [], "references": []})
    assert bad.f1 == 0 and bad.reference_outlets_found == 0
