"""Citations: who a sentence cites, by which cue.

One interface for every language: `attributor(registry, lang, listed)` gives a grammar whose
`attribute(sentence, context)` returns the sentence's attributions, primary source first.
The grammars (ja.py, en.py, zh.py) hold each language's shapes, their words live in
factcheck/data/cues/<lang>.yml, and what they share (the context carried from sentence to
sentence, coreference, chains, resolution through the registry) is in common.py.
"""

from __future__ import annotations

from factcheck.citations.common import Attribution, Context, Grammar, lexicon
from factcheck.citations.en import English
from factcheck.citations.ja import Japanese
from factcheck.citations.zh import Chinese
from factcheck.sources import Entry, Registry

__all__ = ["Attribution", "Context", "Grammar", "attributor", "lexicon"]

GRAMMARS: dict[str, type[Grammar]] = {"ja": Japanese, "en": English, "zh": Chinese}


def attributor(registry: Registry, lang: str, listed: list[Entry] | None = None) -> Grammar:
    """The attribution grammar for `lang` (English for a language without one)."""
    return GRAMMARS.get(lang, English)(registry, listed)
