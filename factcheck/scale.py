"""The review scales, in one place for the schema (db.py), verdicts, the review UI and
the reports: truth ratings with their ClaimReview values, fidelity levels, and the badge
colour of each."""

from __future__ import annotations

# name, ClaimReview ratingValue (worst 1 … best 5; None: outside the numeric scale, named
# by alternateName only), label, alternateName
BEST_RATING, WORST_RATING = 5, 1
DEFAULT_RATINGS: list[tuple[str, int | None, str, str]] = [
    ("true", 5, "True", "True"),
    ("mostly-true", 4, "Mostly true", "Mostly true"),
    ("mixed", 3, "Mixed", "Half true"),
    ("mostly-false", 2, "Mostly false", "Mostly false"),
    ("false", 1, "False", "False"),
    ("unverifiable", None, "Unverifiable", "Unproven"),
]


# badge colours for ratings and fidelity levels, shared by the review UI and the HTML report
COLOURS = {
    "true": "#1a7f37",
    "mostly-true": "#4c9a2a",
    "mixed": "#bf8700",
    "mostly-false": "#d1581a",
    "false": "#cf222e",
    "unverifiable": "#6e7781",
    "unreviewed": "#afb8c1",
    "supported": "#1a7f37",
    "partly-supported": "#bf8700",
    "not-supported": "#cf222e",
    "misquoted": "#a40e26",
    "mistranslated": "#8250df",
    "source-unavailable": "#6e7781",
}


FIDELITY_LEVELS = [
    ("supported", "Supported", "The cited source says it."),
    (
        "partly-supported",
        "Partly supported",
        "The source says part of it, or says it with qualifications.",
    ),
    ("not-supported", "Not supported", "The source does not say it."),
    ("misquoted", "Misquoted", "The quoted words differ from the source's."),
    ("mistranslated", "Mistranslated", "The source's words were changed by translation."),
    (
        "source-unavailable",
        "Source unavailable",
        "The source could not be read (dead, paywalled, never found).",
    ),
]
