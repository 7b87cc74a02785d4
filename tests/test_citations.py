"""Attribution grammar, case by case: each row a sentence (with the one before it where
context matters) and the source it must cite."""

from __future__ import annotations

import pytest

from factcheck.extract import extract
from factcheck.sources import Registry

CASES = [
    (
        "en",
        "A person familiar with the talks said Microsoft would join. The person said the deal closed on Friday.",
        "the deal closed on Friday",
        "anonymous",
    ),
    (
        "ja",
        "関係者によると、取締役会は合意した。同関係者は、発表は来週になると述べた。",
        "発表は来週になる",
        "anonymous",
    ),
    (
        "en",
        "It was announced on Saturday that the board would meet again.",
        "the board would meet again",
        None,
    ),
    ("ja", "オープンAIは2015年に非営利団体として設立された。", "非営利団体として設立された", None),
    (
        "en",
        '"We are committed," said Satya Nadella, Microsoft\'s chief executive.',
        "We are committed",
        "Satya Nadella",
    ),
    ("ja", "ロイター通信によると、関係者が明らかにした。", "関係者が明らかにした", "anonymous"),
    ("zh", "据路透社报道，微软将获得董事会观察员席位。", "微软将获得董事会观察员席位", "Reuters"),
    (
        "en",
        "Reuters, citing a report by The Information, said the researchers resigned.",
        "the researchers resigned",
        "The Information",
    ),
    (
        "en",
        "Ilya Sutskever, the chief scientist, regretted his role in the ouster, he wrote. Altman later returned.",
        "regretted his role",
        "Ilya Sutskever",
    ),
    (
        "en",
        "Microsoft, which owns a stake in OpenAI, welcomed the change, a spokesman said.",
        "welcomed the change",
        "Microsoft",
    ),
    (
        "ja",
        "オープンAIは新体制を発表した。同社によると、マイクロソフトは取締役会に加わる。",
        "マイクロソフトは取締役会に加わる",
        "OpenAI",
    ),
    ("ja", "ナデラ氏は、提携は今後も続くと付け加えた。", "提携は今後も続く", "Satya Nadella"),
    (
        "ja",
        "市場関係者は、規制強化が2025年も続くと見ている。",
        "規制強化が2025年も続く",
        "anonymous",
    ),
    ("ja", "田中氏は毎日2時間テレビを見ている。", "テレビを見ている", None),
    (
        "en",
        "Altman testified before the Senate in May 2023 that the models were safe.",
        "the models were safe",
        "Sam Altman",
    ),
    (
        "en",
        "The study found that 40 percent of users left in 2023.",
        "40 percent of users left",
        None,
    ),
]


@pytest.mark.parametrize(
    "lang, text, claim, source", [pytest.param(*c, id=f"{c[0]}-{i}") for i, c in enumerate(CASES)]
)
def test_attribution(
    registry: Registry, lang: str, text: str, claim: str, source: str | None
) -> None:
    ex = extract(text + "\n", lang, registry)
    found = next(c for c in ex.claims if claim in c.text)
    names = {a.entry.name for a in found.attributions} | {a.entry.kind for a in found.attributions}
    if source is None:
        assert not found.attributions, names
    else:
        assert source in names, names
