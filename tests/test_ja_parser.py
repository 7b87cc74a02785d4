"""The optional GiNZA fallback for Japanese (FACTCHECK_JA_PARSER=ginza): the subject of a
reporting predicate the rules leave open, from a dependency parse. The parse cases run only
where GiNZA is installed (`pip install 'factcheck[ginza]'`); the switch itself always."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from factcheck.citations import ja_parser
from factcheck.extract import extract
from factcheck.sources import Registry


@pytest.fixture
def ginza(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    pytest.importorskip(
        "ja_ginza", reason="GiNZA is an optional extra: pip install 'factcheck[ginza]'"
    )
    monkeypatch.setenv(ja_parser.ENV, "ginza")
    ja_parser.configured.cache_clear()
    yield
    ja_parser.configured.cache_clear()


# (sentence, source name or None, method): sentences written for this test
CASES = [
    # a verb the lexicon lacks after the quote, and a channel with も before it
    (
        "雷軍氏はファン向けの配信でも「新しい工場は来月に稼働します」とコメントを残した。",
        "Lei Jun",
        "model",
    ),
    (
        "孫正義会長は株主総会の場でも「AIへの投資はまだ始まったばかりだ」と熱弁をふるった。",
        "Masayoshi Son",
        "model",
    ),
    # a name neither the registry nor the rules know: the entity tagger's Person
    ("地元の農家の佐藤花子は集会でも「今年の米は出来がいい」と胸を張った。", "佐藤花子", "model"),
    # what the rules settle, they keep
    ("トヨタ自動車は、新型車の販売を来月始めると明らかにした。", "Toyota Motor", "rule"),
    # a clause chained on, and a report the sentence is about: no source, as for the rules
    ("OpenAIは「新しいモデル」を来月公開すると発表し、株価は大きく上昇した。", None, ""),
    ("全国紙2紙が「首相退陣へ」と報じたのは、会議の5日前だった。", None, ""),
]


@pytest.mark.parametrize(
    "text, source, method", [pytest.param(*c, id=f"ja-{i}") for i, c in enumerate(CASES)]
)
def test_parse_gives_the_speaker(
    ginza: None, registry: Registry, text: str, source: str | None, method: str
) -> None:
    claim = extract(text + "\n", "ja", registry).claims[0]
    found = [(a.entry.name, a.method) for a in claim.attributions]
    assert found == ([(source, method)] if source else []), found


def test_off_by_default_and_spacy_not_imported() -> None:
    code = (
        "import os, sys; os.environ.pop('FACTCHECK_JA_PARSER', None)\n"
        "from factcheck.extract import extract\n"
        "from factcheck.sources import Registry\n"
        "ex = extract('雷軍氏は配信でも「工場は来月に稼働します」とコメントを残した。\\n', 'ja', Registry.load())\n"
        "print(ex.claims[0].attributions == [], 'spacy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"], out.stderr


@pytest.mark.parametrize(
    "value, model, message",
    [
        pytest.param("spacy-large", ja_parser.MODEL, "the only parser is 'ginza'", id="unknown"),
        pytest.param("ginza", "ja_ginza_not_installed", "needs GiNZA", id="not-installed"),
    ],
)
def test_a_parser_that_cannot_run_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, value: str, model: str, message: str
) -> None:
    monkeypatch.setenv(ja_parser.ENV, value)
    monkeypatch.setattr(ja_parser, "MODEL", model)
    ja_parser.configured.cache_clear()
    try:
        with pytest.raises(ja_parser.ParserUnavailable, match=message):
            ja_parser.configured()
    finally:
        ja_parser.configured.cache_clear()
