"""Derive the characters Chinese writes foreign names with, from jieba's own dictionary.

    python bench/zh_names.py      # writes factcheck/data/cues/zh-derived.json

jieba tags transliterated personal names `nrt` (约翰, 拉杰夫, 钱德拉塞卡). A character found in
at least MIN_WORDS of them is a transliteration character; the Chinese grammar reads a name
written in full (约翰·图恩) as the run of such characters next to its dot, so a title glued
before it (参院多数党领袖约翰·图恩) is not part of the name. Only the derived set is
committed; jieba ships the dictionary it is counted from.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jieba

MIN_WORDS = 3  # 3: 约翰 and 拉杰夫 in, 长 (部长) and 称 out (bench/RESULTS.md, zh names)
OUT = Path(__file__).resolve().parent.parent / "factcheck" / "data" / "cues" / "zh-derived.json"


def transliteration_characters(dictionary: Path) -> str:
    counts: Counter[str] = Counter()
    for line in dictionary.read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == "nrt":
            counts.update(set(parts[0]))
    return "".join(sorted(ch for ch, n in counts.items() if n >= MIN_WORDS))


def main() -> None:
    dictionary = Path(jieba.__file__).parent / "dict.txt"
    chars = transliteration_characters(dictionary)
    data = {"source": f"jieba {jieba.__version__} dict.txt, nrt words", "min_words": MIN_WORDS}
    OUT.write_text(
        json.dumps({**data, "transliteration": chars}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"{len(chars)} characters -> {OUT}")


if __name__ == "__main__":
    main()
