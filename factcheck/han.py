"""Chinese characters in both scripts: traditional and simplified forms of one name or cue
match each other.

`fold(text)` writes every traditional character that has a one-character simplified form
as that form (聯合報 → 联合报) and leaves everything else, so a folded text has the same
length and offsets as the original. The table is OpenCC's (factcheck/data/zh-t2s.json),
taken character by character. Japanese kanji that coincide with traditional forms fold as
well; what is compared is always folded on both sides.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from itertools import product


@cache
def _table() -> dict[int, str]:
    raw = json.loads(resources.files("factcheck").joinpath("data/zh-t2s.json").read_text("utf-8"))
    pairs = raw["t2s"]
    return {ord(pairs[i]): pairs[i + 1] for i in range(0, len(pairs), 2)}


@cache
def _unfold() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for t, s in _table().items():
        out.setdefault(s, []).append(chr(t))
    return {s: tuple(ts) for s, ts in out.items()}


def fold(text: str) -> str:
    """Traditional characters as simplified, one for one (same length)."""
    return text.translate(_table())


def variants(term: str, limit: int = 8) -> set[str]:
    """The term in both scripts: as given, folded, and its traditional spellings (at most
    `limit`; a simplified character may stand for several traditional ones)."""
    folded = fold(term)
    choices = [_unfold().get(ch) or (ch,) for ch in folded]
    out = {term, folded}
    for combo in product(*choices):
        out.add("".join(combo))
        if len(out) >= limit + 2:
            break
    return out
