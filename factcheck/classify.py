"""Claim or not, what kind, and how worth checking: documented, rule-based scoring.

Check-worthiness starts at 0.2 and moves with what a fact-checker looks for:

    +0.25  names someone or something (registry entry, Latin proper noun, 〜氏)
    +0.20  a number                     +0.15  a date (2019年, 11月17日, November 17)
    +0.20  attributed to a source       +0.10  a quote
    -0.50  a question (…か?, rhetorical どのような…か)
    -0.40  a hedge (かもしれない, だろう, might)  -0.30  opinion or a normative claim (べき, 必要がある, should)

A sentence is stored as a claim when it is attributed and not a question of the writer's
own, or when it names someone or a number and is neither a hedge nor an opinion. An
attributed hedge ("the carrier may delay the launch, two people said", 「…する可能性があると
述べた」) is a claim of kind prediction: the source is on record saying so; an attributed
denial is kind denial. Everything else is
document structure (`segments`) with the reason it is not a claim. In Japanese a long
sentence whose leading or trailing clauses are opinion (「…を判断することは難しく、」) keeps
only its checkable clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.citations import lexicon
from factcheck.sources import NOT_NAMES, Registry

CLAIM_KINDS = ("event", "statistic", "quote", "intent", "prediction", "denial")
_NUMBER = re.compile(r"[0-9０-９]")
_DATE = re.compile(
    r"[0-9０-９]{4}\s*年|[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日|\b(?:19|20)\d\d\b|"
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
_STATISTIC = re.compile(
    r"[0-9０-９][0-9０-９,.]*\s*(?:%|％|人|ドル|円|億|万|兆|社|件|倍|million|billion|percent|people|employees|元)"
)
_INTENT = re.compile(
    r"予定|方針|計画|目指す|つもり|plans? to|intends? to|aims? to|will seek|计划|打算"
)
_PREDICTION = re.compile(r"見通し|見込み|予想|予測|\bwill\b|\bexpected to\b|将会|预计|預計")
_DENIAL = re.compile(
    r"否定|否認|否认|\bden(?:y|ies|ied)\b|\bdismiss(?:ed|es)?\b|\brejected\b|"
    r"事実無根|デマ|不实|不實|谣言|謠言"
)
_LATIN_NAME = re.compile(r"(?<![A-Za-z])([A-Z][A-Za-z]+|[A-Z]{2,})(?![A-Za-z])")
# a quote the sentence goes on after (「…」と喜ぶ, “…,” she …): speech, not a headline
_OPENERS = '「『“"'
_SPEECH = re.compile(r"[「『“\"][^」』”\"]{10,}[」』”\"]\s*(?:と|って|,|，|、)")
_JA_NAME = re.compile(r"[ァ-ヿ一-鿿A-Za-z]{2,}氏")
_DOTTED_NAME = re.compile(
    r"[一-鿿ァ-ヿ]{1,8}[·・][一-鿿ァ-ヿ]{1,10}"
)  # 布雷特·泰勒, ブレット・テイラー
_EMBEDDED_QUESTION = re.compile(r"か(?:ということ|を|は|、)")  # どのような教訓を…かということ


def _any_of(terms: list[str], *, words: bool = False) -> re.Pattern[str]:
    """One pattern for a list of (casefolded) terms; `words` keeps Latin terms whole."""
    alternation = "|".join(re.escape(t.casefold()) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{alternation})(?![a-z])" if words else f"(?:{alternation})")


# what may follow a predicate's hedge: the sentence's end, a clause break, a quote's close
_JA_PREDICATE_TAIL = re.compile(
    r"^(?:[がし]?[、。」』）)\s!?！？]|$|か|ため|ので|と|が|という|として|ようだ|ようです|です)"
)
_QUESTION_END = re.compile(r"(?:[?？]|か|のか|でしょうか|ですか|吗|呢)[\s\u25a1」』”*]*$")


@dataclass
class Assessment:
    is_claim: bool
    kind: str
    score: float
    reason: str
    start: int = 0  # a trimmed span within the sentence, relative to its start
    end: int = 0


class Classifier:
    def __init__(self, registry: Registry, lang: str) -> None:
        self.registry = registry
        self.lang = lang
        self.lex = lexicon(lang)
        self._question_word = _any_of(self.lex["question_words"], words=True)
        self._hedge = _any_of(self.lex["hedges"])
        self._hedge_exception = _any_of(self.lex.get("hedge_exceptions") or ["(?!)"], words=True)
        self._opinion = _any_of(self.lex["opinion"] + self.lex["normative"])
        # a number in words or a measured change: "every three months", "prices rose"
        self._quantity = _any_of(self.lex.get("quantities") or ["(?!)"], words=lang == "en")
        # 「東京地裁は」「弁護団は」: a body or party acting in the sentence, though the
        # registry does not know it (the grammar's body endings and parties, as a subject)
        actors = [*(self.lex.get("body_suffixes") or ()), *(self.lex.get("parties") or ())]
        self._actor = (
            re.compile(
                rf"[一-鿿ァ-ヿ]{{0,12}}(?:{'|'.join(map(re.escape, actors))})(?:は|が|も|によると)"
            )
            if lang == "ja" and actors
            else None
        )

    def features(self, text: str) -> dict[str, bool]:
        folded = text.casefold()
        latin = [w for w in _LATIN_NAME.findall(text) if w not in NOT_NAMES]
        if self.lang == "en":  # a capital after a sentence start is not a name
            latin = [w for w in latin if not text.strip().startswith(w) or len(latin) > 1]
        question_word = bool(self._question_word.search(folded))
        return {
            "entity": bool(
                self.registry.find(text)
                or latin
                or _JA_NAME.search(text)
                or _DOTTED_NAME.search(text)
                or (self._actor and self._actor.search(text))
            ),
            # what someone said, quoted at length: 「婚姻の法制化を前進させる判決」と喜ぶ
            "speech": bool(_SPEECH.search(text)),
            "number": bool(_NUMBER.search(text)),
            "quantity": bool(self._quantity.search(folded)),
            "date": bool(_DATE.search(text)),
            "question": bool(
                "?" in text
                or "？" in text
                or (question_word and self.lang != "en" and _QUESTION_END.search(text))
                or (question_word and self.lang == "ja" and _EMBEDDED_QUESTION.search(text))
            ),
            "hedge": self._hedged(self._hedge_exception.sub(" ", folded)),
            "opinion": bool(self._opinion.search(folded)),
        }

    def _hedged(self, folded: str) -> bool:
        """A hedge on the sentence's own predicate. In Japanese a hedge before a noun
        (「指示役とみられる男を逮捕した」) qualifies that noun, not what the sentence asserts."""
        for m in self._hedge.finditer(folded):
            if self.lang != "ja" or _JA_PREDICATE_TAIL.match(folded[m.end() :]):
                return True
        return False

    def assess(
        self, text: str, outside: str, *, attributed: bool, quoted: bool, stated: bool = True
    ) -> Assessment:
        """Classify a sentence. `outside` is the sentence with quoted words blanked: a
        hedge inside a quote (「…王になるだろう」と表現した) belongs to the speaker, not to
        the sentence, unless the whole sentence is quoted. `stated`: the sentence names its
        source itself; one that only continues a quote still open (never closed, it may
        run into the writer's own words) keeps its hedges as speculation."""
        start, end = 0, len(text)
        if self.lang == "ja" and not attributed:
            start, end = self._trim_clauses(outside)
        scope = outside[start:end]
        if quoted and not scope.replace("\u25a1", "").strip(" 。、,."):
            scope = text[start:end]
        if quoted and outside.lstrip().startswith("\u25a1") and attributed:
            scope = text[start:end]  # a quote that carries the sentence speaks for itself
        f = self.features(text[start:end])
        g = self.features(scope)
        score = 0.2 + 0.25 * f["entity"] + 0.2 * f["number"] + 0.15 * f["date"]
        score += 0.2 * attributed + 0.1 * quoted
        score -= 0.5 * g["question"] + 0.4 * g["hedge"] + 0.3 * g["opinion"]
        score = round(min(1.0, max(0.0, score)), 2)
        if g["question"]:
            return Assessment(False, "question", score, "a question", start, end)
        if g["hedge"] and not (attributed and stated):
            return Assessment(False, "speculation", score, "hedged: not asserted", start, end)
        if not attributed and g["opinion"]:
            return Assessment(False, "opinion", score, "opinion or recommendation", start, end)
        # a sentence that opens with a quote of speech (the next sentence of what someone said)
        speech = f["speech"] or (quoted and text.lstrip()[:1] in _OPENERS and len(text) >= 12)
        if not attributed and not (f["entity"] or f["number"] or f["quantity"] or speech):
            return Assessment(False, "generic", score, "names no one and no number", start, end)
        kind = self._kind(text[start:end], attributed, quoted, g["hedge"])
        return Assessment(True, kind, score, "", start, end)

    def _kind(self, text: str, attributed: bool, quoted: bool, hedged: bool = False) -> str:
        if attributed and _DENIAL.search(text):
            return "denial"
        if attributed and hedged:
            return "prediction"
        if attributed and quoted:
            return "quote"
        if _STATISTIC.search(text):
            return "statistic"
        if _INTENT.search(text):
            return "intent"
        if _PREDICTION.search(text):
            return "prediction"
        return "event"

    def _trim_clauses(self, outside: str) -> tuple[int, int]:
        """Drop leading and trailing clauses that are opinion, hedge or question, as long
        as a checkable clause remains."""
        cuts = [0]
        for brk in self.lex.get("clause_breaks") or ():
            for m in re.finditer(re.escape(brk), outside):
                cuts.append(m.end())
        cuts = sorted(set(cuts)) + [len(outside)]
        clauses = [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]
        if len(clauses) < 2:
            return 0, len(outside)

        def droppable(a: int, b: int) -> bool:
            f = self.features(outside[a:b])
            return f["question"] or f["hedge"] or f["opinion"]

        def checkable(a: int, b: int) -> bool:
            f = self.features(outside[a:b])
            return (f["entity"] or f["number"]) and not droppable(a, b)

        if not any(checkable(a, b) for a, b in clauses):
            return 0, len(outside)
        while len(clauses) > 1 and droppable(*clauses[0]):
            clauses.pop(0)
        while len(clauses) > 1 and droppable(*clauses[-1]):
            clauses.pop()
        return clauses[0][0], clauses[-1][1]
