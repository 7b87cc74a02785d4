"""Citations: who a sentence cites, by which cue, read from the grammar in data/cues.yml.

Four ways a sentence names its source, tried in this order:

1. an "according to" cue: 「Xによると、…」, "…, according to X", 「据X报道，…」;
2. a speech verb with its speaker: 「Xは…と述べた」, "X said …", "… , said X", 「X表示…」.
   In Japanese the speaker is the topic (は) or subject (が) phrase before the verb, and
   the verb must report speech affirmatively, at the end of the sentence or beside a
   channel (ソーシャルメディアで, in a statement); mid-sentence 「…と発表し、」 with no
   channel narrates an event and names no source;
3. a quote opened right after a speaker: 「アルトマンは後に「…」;
4. context: a sentence inside a quote keeps the quote's speaker; a quote that opens a
   sentence with no speaker of its own continues the previous quote's speaker; a frame
   such as 「…は次のような文章を投稿しました」 hands its speaker to the quote after it.

When a sentence has both an outlet cue and a speaker ("The Informationによると、X氏は…
と発表した"), the speaker is the primary source and the outlet is its chain (`via`).

A phrase becomes a source in `Attributor.resolve`: coreference ("the company", 「同社」,
「彼」, a bare title such as 「首相」 or a surname alone for someone named before), an
anonymous or vague term (「関係者」, "people familiar with"), the named head of the phrase
(「TSMCの魏哲家CEO」, "analysts at Jefferies", "a report by the IEA"), the registry, the
outlets the document's own reference list names, and last a name the registry lacks
(titled, capitalised, or a compact subject such as 「東京電力」「英伟达」).
A sentence that is only a source and its verb (「…ことが分かった。関係者が明らかにした。」)
names the source of the sentence before it (factcheck.extract).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

import yaml

from factcheck.segment import Sentence
from factcheck.sources import Entry, Registry, clean_phrase, has_org_suffix

_JA_BOUNDARY = "、。,，「」『』“”\u25a1:：;；\n"
_QUOTE_GAP = re.compile(
    r"(?:[、,\s]|後に|のちに|かつて|以前|当時|同日|さらに|また|その後|再び|こう)*"
)
_JA_PREDICATE_END = re.compile(r"^(?:$|[。、」\s!?！？]|が|と|ため)")
_JA_CONCESSIVE = re.compile(r"^(?:ても|ては|たら|たとしても)")  # 「…と言っても過言ではない」
_JA_NEGATED = re.compile(
    r"^(?:し)?(?:ない|ません|ず|なかった|ることはでき|ることはない|ることができ)"
)


@cache
def lexicon(lang: str) -> dict[str, Any]:
    data = yaml.safe_load(resources.files("factcheck").joinpath("data/cues.yml").read_text("utf-8"))
    return dict(data.get(lang) or data["en"])


@dataclass
class Attribution:
    entry: Entry
    cue: str
    cue_start: int
    cue_end: int
    surface: str
    via: list[str] = field(default_factory=list)


@dataclass
class Context:
    """What one sentence hands to the next while a document is read."""

    quote_speakers: dict[int, list[Attribution]] = field(default_factory=dict)
    forward: list[Attribution] = field(default_factory=list)
    last_quote: list[Attribution] = field(default_factory=list)
    last_paragraph: int = -1
    last_person: Entry | None = None  # for "he said", 「同氏は」
    last_org: Entry | None = None  # for "the company said", 「同社の広報担当者は」
    people: list[Entry] = field(default_factory=list)  # for a surname alone: "Calhoun said"
    titled: dict[str, Entry] = field(
        default_factory=dict
    )  # 「首相」 → 石破茂, "senator" → Rand Paul


class Attributor:
    def __init__(self, registry: Registry, lang: str, listed: list[Entry] | None = None) -> None:
        """`listed`: outlets the document's reference list names, known by their surface
        form to the sentences before the list (「量子位によると」)."""
        self.registry = registry
        self.listed = {
            alias.casefold(): e for e in listed or () for alias in (e.name, *e.aliases) if alias
        }
        self.lang = lang if lang in ("ja", "en", "zh") else "en"
        self.lex = lexicon(self.lang)
        self._honorifics: tuple[str, ...] = tuple(self.lex.get("honorifics") or ())
        self._according_cues = sorted(self.lex.get("according_to") or (), key=len, reverse=True)
        citing = _alternation(self.lex.get("citing") or ["(?!)"])
        self._citing = re.compile(citing)  # 援引: the outlet before it cites the source after
        self._citing_in = re.compile(rf"(.+?)(?:{citing})(.+?)(?:的话|的話|的消息)?$")
        self._citing_split = re.compile(rf"(.+?)(?:{citing})(.+)$")
        adverbs = _alternation(self.lex.get("speaker_adverbs") or ["(?!)"])
        self._speaker_adverbs = re.compile(rf"(?:{adverbs})+$")  # 「他还称」
        endings = "|".join(re.escape(e) for e in self.lex.get("verb_endings") or ())
        self._verb_tail = re.compile(rf"^(?:し(?:{endings})|(?:{endings}))") if endings else None
        self._coref_org = re.compile("|".join(self.lex.get("coref_org") or ["(?!)"]))
        self._coref_person = re.compile("|".join(self.lex.get("coref_person") or ["(?!)"]))
        self._vague_terms = [
            (
                kind,
                [(t, t.casefold()) for t in sorted(self.lex.get(key) or (), key=len, reverse=True)],
            )
            for kind, key in (("anonymous", "anonymous"), ("unnamed", "vague"))
        ]
        self._finding_verbs = set(self.lex.get("finding_verbs") or ())
        verbs = _alternation(self.lex["speech_verbs"] + list(self._finding_verbs))
        self._speech_verbs = re.compile(rf"\b(?:{verbs})\b" if self.lang == "en" else verbs)
        cues = _alternation(self.lex["according_to"])
        if self.lang == "en":
            self._according = re.compile(
                rf"\b(?:{cues})\s+(?:(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){{0,2}}?(?:report|memo|statement|post|data|figures|estimates?"
                r"|study|survey|analysis|filings?|documents?|research|letter|email|tally|count)s?\s+"
                r"(?:(?:published|released|issued|conducted|compiled|seen|reviewed)\s+(?:in|by)|by|in|from|with|of)\s+)?"
                r"([^,.;:\u25a1]+)",
                re.I,
            )
        elif self.lang == "zh":
            post = _alternation(self.lex["according_to_post"])
            self._according = re.compile(
                rf"(?:{cues})(?P<who>[^，,。：:\u25a1]{{1,30}}?)(?:{post})"
            )

    # -- entry points -------------------------------------------------------------------

    def attribute(self, s: Sentence, ctx: Context) -> list[Attribution]:
        """The sources of sentence s (in document order, primary first), updating ctx."""
        if ctx.last_paragraph >= 0 and s.paragraph - ctx.last_paragraph > 2:
            ctx.forward, ctx.last_quote = [], []  # a gap of paragraphs ends the context
        ctx.last_paragraph = s.paragraph
        outside = s.outside_quotes()
        grammar = {"ja": self._ja, "zh": self._zh}.get(self.lang, self._en)
        self._ctx = ctx
        found, forward = grammar(s, outside)
        self._remember(s, found, ctx)
        if forward:
            ctx.forward = found
            return []
        starts_with_quote = s.text[:1] in '「『“"'
        if not found and s.in_quote_at_start is not None:
            found = self._inherit(ctx.quote_speakers.get(s.in_quote_at_start), "(quote continues)")
        if not found and starts_with_quote and (ctx.forward or ctx.last_quote):
            found = self._inherit(ctx.forward or ctx.last_quote, "(quote follows its speaker)")
        ctx.forward = []
        if found and (s.quotes or s.in_quote_at_start is not None):
            ctx.last_quote = found
            if s.open_at_end is not None:
                ctx.quote_speakers[s.open_at_end] = found
        elif found or not starts_with_quote:
            ctx.last_quote = []
        return found

    def _remember(self, s: Sentence, found: list[Attribution], ctx: Context) -> None:
        """The last person and organisation named, for a later "he" or "the company"."""
        named = [m.entry for m in self.registry.find(s.text)] + [a.entry for a in found]
        honorifics = self._honorifics
        for name in self._people_named(s.text):
            if person := self.registry.resolve(name, default_kind="person", honorifics=honorifics):
                named.append(person)
        for entry in named:
            if entry.kind == "person":
                ctx.last_person = entry
                if entry not in ctx.people:
                    ctx.people.append(entry)
            elif entry.kind == "organization":
                ctx.last_org = entry
        for a in found:  # 「石破茂首相は」: a later 「首相は」 is him
            if a.entry.kind == "person":
                for title in honorifics:
                    if title in a.surface and title.casefold() != a.surface.casefold().strip():
                        ctx.titled[title.casefold()] = a.entry

    def _people_named(self, text: str) -> list[str]:
        """Names a later surname may stand for, though nobody is quoted: a sentence's
        subject ("Dave Calhoun spoke …"), a name with 氏 (「田中太郎氏は」)."""
        if self.lang == "en":
            m = _EN_PERSON_SUBJECT.match(text)
            return [m.group(1)] if m else []
        if self.lang == "ja":
            return [m.group(0) for m in _JA_TITLED_NAME.finditer(text)]
        return []

    def _coreferent(self, phrase: str, before: str = "") -> Entry | None:
        """What "the company", "a spokesman", "he", 「同社」 stand for: the first fitting
        name earlier in the same sentence (its subject: "Microsoft, which …, welcomed it,
        a spokesman said"), else the last one named before the sentence."""
        ctx = getattr(self, "_ctx", None)
        p = phrase.strip().casefold()
        kinds = (
            ("organization",)
            if self._coref_org.fullmatch(p)
            else ("person",)
            if self._coref_person.fullmatch(p)
            else ()
        )
        if not kinds:
            return None
        if kinds == ("organization",) and (rest := _JA_OWN_PREFIX.sub("", phrase)) != phrase:
            # 「同社の梁汝波CEO」 is the person; 「同社の広報担当者」 stands for the company
            honorifics = self._honorifics
            named = self.registry.resolve(rest, default_kind="person", honorifics=honorifics)
            if named and named.kind == "person" and _NAME_TITLED.search(rest):
                return None
        in_sentence = [m.entry for m in self.registry.find(before) if m.entry.kind in kinds]
        if in_sentence:
            return in_sentence[0]
        subject = _EN_SUBJECT.match(before) if self.lang == "en" else None
        if subject and kinds == ("organization",):
            # "United Airlines found …, the airline said": a name the registry does not know
            entry = self.registry.resolve(subject.group(1), default_kind="person")
            if (
                entry
                and entry.kind == "organization"
                and (entry.reviewed or has_org_suffix(subject.group(1)))
            ):
                return entry
        last = (
            None if ctx is None else ctx.last_org if kinds == ("organization",) else ctx.last_person
        )
        if last is None and kinds == ("organization",):
            # "the ministry said", 「同社は」 with nothing before them to stand for: a vague source
            name = f"the {_strip_article(phrase)}" if self.lang == "en" else phrase.strip()
            return Entry(name=name, kind="unnamed", aliases=(phrase,))
        return last

    @staticmethod
    def _inherit(atts: list[Attribution] | None, cue: str) -> list[Attribution]:
        return [
            Attribution(a.entry, cue, a.cue_start, a.cue_end, a.surface, list(a.via))
            for a in atts or []
        ]

    # -- phrase resolution --------------------------------------------------------------

    def resolve(self, phrase: str, default_kind: str, before: str = "") -> Entry | None:
        """Registry entry, anonymous or vague source, or unreviewed name for a phrase.
        Whichever mention ends last is the head of the phrase and wins. `before` is the
        sentence up to the phrase, where "he" or "a spokesman" finds its referent."""
        phrase = phrase.strip()
        if not phrase:
            return None
        if (coref := self._coreferent(phrase, before)) is not None:
            return coref
        if self.lang == "ja" and _JA_UNNAMED_PERSON.fullmatch(phrase.strip()):
            return Entry(
                name=phrase.strip(), kind="anonymous", aliases=(phrase.strip(),)
            )  # 「男は」
        if self.lang == "ja" and (someone := _JA_SOMEONE.fullmatch(phrase.strip())):
            return Entry(name=someone.group(0), kind="anonymous", aliases=(someone.group(0),))
        if self.lang == "ja" and (spokes := _JA_SPOKESPERSON.fullmatch(phrase.strip())):
            # 「富士通の広報担当者」: the company speaks through its spokesperson
            org = self.resolve(spokes.group(1), "organization") or _ja_subject(spokes.group(1))
            if org and org.kind not in ("person", "anonymous", "unnamed"):
                return org
        if self.lang == "en" and (members := _EN_MEMBERS_AT.match(phrase)):
            # "analysts at Jefferies", "a spokesperson for Downing Street": the institution
            named = self.resolve(members.group(1), "organization")
            if named and named.kind not in ("anonymous", "unnamed"):
                return named
        best: tuple[int, Entry] | None = None
        folded = phrase.casefold()
        for kind, terms in self._vague_terms:
            for term, folded_term in terms:
                at = folded.rfind(folded_term)
                if at >= 0 and self._vague_term_ok(folded, at, term):
                    end = at + len(term)
                    if best is None or (end, len(term)) > (best[0], len(best[1].name)):
                        best = (end, Entry(name=term, kind=kind, aliases=(term,)))
                    break
        mentions = self.registry.find(phrase)
        if mentions:
            m = max(mentions, key=lambda m: (m.end, m.end - m.start))
            head = _POSSESSIVE.sub("", phrase[m.end :])
            # 「TSMCの魏哲家CEO」「商务部新闻发言人何亚东」: the named head comes last
            possessed = head != phrase[m.end :] or (head and m.entry.kind != "person")
            if possessed and (person := self._titled_person(head)):
                return person
            if best is None or m.end >= best[0]:
                return m.entry
        if best:
            rest = _POSSESSIVE.sub("", re.sub(r"^である", "", phrase[best[0] :].strip())).strip()
            if rest and (person := self._titled_person(rest)):
                return person  # 「アナリストのジョン・スミス氏」 is a named analyst
            quoted_name = self.lang == "ja" and phrase[best[0] :].startswith(" ")
            if rest and quoted_name and (named := _ja_subject(rest)):
                # 「業界メディア「集微網」は」 (its quotes turned to spaces by _unquote_names):
                # the descriptor's name; a medium is an outlet
                media = any(m in best[1].name for m in ("メディア", "媒体", "報道", "媒體"))
                return replace(named, kind="outlet") if media else named
            return best[1]
        if self.lang == "en":  # "the company's …" was coreference; other articles say nothing
            phrase = _strip_article(phrase)
        honorifics = self._honorifics
        cleaned = clean_phrase(phrase, honorifics)
        if known := self._known_person(cleaned) or self._listed(cleaned):
            return known
        ctx = getattr(self, "_ctx", None)
        if ctx and (titled := ctx.titled.get(_strip_article(cleaned).casefold())):
            return (
                titled  # 「首相は」 after 「石破茂首相は」; "the senator" after "Senator Rand Paul"
            )
        return self.registry.resolve(phrase, default_kind=default_kind, honorifics=honorifics)

    def _titled_person(self, phrase: str) -> Entry | None:
        honorifics = self._honorifics
        entry = self.registry.resolve(phrase, default_kind="person", honorifics=honorifics)
        return entry if entry and entry.kind == "person" else None

    def _listed(self, phrase: str) -> Entry | None:
        """A reference-list outlet that ends the phrase (「中国メディアの量子位」)."""
        folded = phrase.casefold()
        for alias, entry in self.listed.items():
            if folded.endswith(alias):
                return entry
        return None

    def _known_person(self, name: str) -> Entry | None:
        """A person named earlier in the document, now by surname alone: "Calhoun" for
        Dave Calhoun, 「魏氏」 for 魏哲家, 「ナデラ氏」 for サティア・ナデラ."""
        ctx = getattr(self, "_ctx", None)
        if ctx is None or not name:
            return None
        for entry in reversed(ctx.people):
            parts = re.split(r"[\s・·]+", entry.name)
            if len(parts) > 1 and name == parts[-1] and name != entry.name:
                return entry
            if (
                len(parts) == 1
                and _CJK_FULL_NAME.fullmatch(entry.name)
                and len(name) <= 2
                and entry.name.startswith(name)
            ):
                return entry
        return None

    def _vague_term_ok(self, folded: str, at: int, term: str) -> bool:
        if self.lang != "en":
            return True
        # English terms are words: "sources" must not match inside "resources"
        before = folded[at - 1 : at]
        after = folded[at + len(term) : at + len(term) + 1]
        return not before.isalnum() and not after.isalnum()

    # -- Japanese -----------------------------------------------------------------------

    def _ja(self, s: Sentence, outside: str) -> tuple[list[Attribution], bool]:
        found: list[Attribution] = []
        outside = _unquote_names(s, outside)
        outlet = self._ja_according_to(s, outside)
        speaker = self._ja_speech(s, outside)
        forward = bool(speaker) and any(f in outside for f in self.lex.get("forward") or ())
        if speaker is None:
            speaker = self._ja_quote_speaker(s, outside)
        if speaker and outlet and speaker.entry.name != outlet.entry.name:
            speaker.via = [outlet.entry.name]
            found = [speaker, outlet]
        elif speaker or outlet:
            found = [speaker or outlet]  # type: ignore[list-item]
        return found, forward

    def _ja_according_to(self, s: Sentence, outside: str) -> Attribution | None:
        for cue in self._according_cues:
            at = outside.find(cue)
            if at <= 0:
                continue
            begin = _last_boundary(outside, at)
            phrase = outside[begin:at]
            lead = re.match(r"の[^にで]+", cue)  # 「海外の報道によれば」: the cue holds 「の報道」
            whole = self.resolve(phrase + (lead.group(0) if lead else ""), "outlet")
            for document in self.lex.get("documents") or ():
                if whole and whole.kind in ("anonymous", "unnamed"):
                    break  # 「海外の報道によれば」 is vague as a whole
                if phrase.endswith(document) and len(phrase) > len(document):
                    phrase = phrase[: -len(document)]  # 「協会のデータによると」: the 協会
                    break
            via: list[str] = []
            if told := _JA_AS_TOLD.fullmatch(phrase):
                # 「ロイター通信が関係者の話として報じたところによると」: the outlet, citing its source
                inner = self.resolve(told.group(2), "person")
                phrase, via = told.group(1), [inner.name] if inner else []
            elif agent := _JA_AGENT_WHEN.fullmatch(phrase) or _JA_AGENT_MADE.fullmatch(phrase):
                phrase = agent.group(1)  # 「帝国データバンクが7月に実施した調査では」
            named = self.resolve(phrase, "outlet")
            if named is None and whole and whole.kind in ("anonymous", "unnamed"):
                entry: Entry | None = whole  # 「海外の報道によれば」, not an outlet called 海外
            else:
                entry = named or _ja_subject(phrase)
            if entry:
                return Attribution(
                    entry,
                    s.text[begin : at + len(cue)].strip(),
                    s.start + begin,
                    s.start + at + len(cue),
                    phrase.strip(),
                    via,
                )
        return None

    def _ja_speech(self, s: Sentence, outside: str) -> Attribution | None:
        window = int(self.lex.get("final_window", 24))
        channels = self.lex.get("channels") or ()
        best: tuple[int, int, str] | None = None  # verb start, verb end, stem
        for m in self._speech_verbs.finditer(outside):
            tail = outside[m.end() : m.end() + 8]
            if _JA_NEGATED.match(tail) or _JA_CONCESSIVE.match(tail):
                continue
            if outside[m.start() - 1 : m.start()] == "を" and m.group(0) in ("発表", "公表"):
                continue  # 「新型iPhoneを発表した」: an event with an object, not a report
            if m.group(0).endswith(("る", "た", "す")):
                # a whole verb (としている) must end a predicate: not 「混沌とした状況」
                if not _JA_PREDICATE_END.match(tail):
                    continue
            elif not (self._verb_tail and self._verb_tail.match(tail)):
                continue
            best = (m.start(), m.end(), m.group(0))
        if best is None:
            return None
        vs, ve, stem = best
        rest = outside[ve:].rstrip("。！？!?」 ")
        final = "、" not in rest and len(rest) <= window
        channel = any(c in outside[:vs] for c in channels)
        if not (final or channel):
            return None
        speaker = self._ja_speaker(s, outside, vs)
        if speaker is None:
            return None
        phrase, begin, end = speaker
        entry = self.resolve(phrase, "person") or _ja_subject(phrase)
        if entry is None:
            return None
        via = self._ja_conduit(outside[:begin])
        cue_start = vs
        # the cue runs from the quote particle (と) or channel to the end of the verb
        particle = outside.rfind("と", max(end, vs - 3), vs)
        if particle >= 0:
            cue_start = particle
        ending = self._verb_tail.match(outside[ve : ve + 8]) if self._verb_tail else None
        cue_end = ve + (len(ending.group(0).rstrip("、")) if ending else 0)
        return Attribution(
            entry, s.text[cue_start:cue_end], s.start + cue_start, s.start + cue_end, phrase, via
        )

    def _ja_conduit(self, text: str) -> list[str]:
        """「日本経済新聞の取材に対し、X氏は…」: the outlet the speaker spoke through."""
        for conduit in self.lex.get("conduits") or ():
            at = text.find(conduit)
            if at > 0:
                mentions = [m for m in self.registry.find(text[:at]) if m.end == at]
                if mentions and mentions[-1].entry.kind == "outlet":
                    return [mentions[-1].entry.name]
        return []

    def _ja_speaker(self, s: Sentence, outside: str, before: int) -> tuple[str, int, int] | None:
        """The last topic (は) phrase before `before` that names someone, else the first
        subject (が) phrase that does."""
        candidates: dict[str, list[tuple[str, int, int]]] = {"は": [], "が": []}
        for i in range(1, before):
            ch = outside[i]
            if ch in candidates and not _is_hiragana(outside[i - 1]):
                begin = _last_boundary(outside, i)
                phrase = outside[begin:i]
                if phrase.strip() and "\u25a1" not in phrase:
                    candidates[ch].append((phrase, begin, i))
        # a phrase that names someone known beats a generic one (「サム・アルトマン氏は自身の
        # ブログで、新しい取締役会は…と述べた」: the board is what he said, not who said it);
        # a topic that refers back (彼は, 同社は) beats both; among equals the first topic is
        # the speaker and later ones belong to what was said (「マイクロソフトのスコット氏は、
        # OpenAIとの協力は続くと述べた」)
        ranked = []
        for order, (phrase, b, e) in enumerate(candidates["は"]):
            entry = self.resolve(phrase, "person")
            if entry:
                strength = 3 if self._coreferent(phrase) else _naming_strength(entry, phrase)
                ranked.append((strength, -order, (phrase, b, e)))
        if ranked:
            return max(ranked)[2]
        for phrase, b, e in candidates["が"]:
            if self.resolve(phrase, "person"):
                return phrase, b, e
        if candidates["は"] and _ja_subject(candidates["は"][0][0]):
            return candidates["は"][0]  # 「東京電力は、…と明らかにした」: a name the registry lacks
        return None

    def _ja_quote_speaker(self, s: Sentence, outside: str) -> Attribution | None:
        """「アルトマンは後に「…」: a topic phrase a few characters before a quote opens."""
        for qs, qe in s.quotes:
            at = qs - s.start
            if at <= 0 or s.text[at] not in '「『“"':
                continue
            # a scare quote (「力の奇跡」) is a term, not speech: speech runs longer or on
            closed = qe < s.end or s.text[qe - s.start - 1 : qe - s.start] in '」』”"'
            if closed and qe - qs < 12:
                continue
            speaker = self._ja_speaker(s, outside, at)
            if speaker and _QUOTE_GAP.fullmatch(outside[speaker[2] + 1 : at]):
                phrase, _b, e = speaker
                entry = self.resolve(phrase, "person")
                if entry and entry.kind in ("person", "organization", "anonymous"):
                    return Attribution(
                        entry, s.text[e : at + 1], s.start + e, s.start + at + 1, phrase
                    )
        return None

    # -- English ------------------------------------------------------------------------

    # "and" before a capitalised word joins a name: "American Iron and Steel Institute"
    _EN_BOUNDARY = re.compile(r"[,;:()\u25a1\u2014\u2013]|\s-\s|\bthat\b|\band\b(?!\s+[A-Z])")
    _EN_DETERMINER = re.compile(r"^(?:the|a|an|its|his|her|their|our|who|which)\b", re.I)
    _EN_PASSIVE = re.compile(r"\b(?:was|were|been|is|are|be|being)\s+$", re.I)

    def _en(self, s: Sentence, outside: str) -> tuple[list[Attribution], bool]:
        outlet = None
        for m in self._according.finditer(outside):
            if m:
                raw = re.split(r"\s+(?:who|which|that|said|told|and)\b", m.group(1))[0].strip()
                phrase = _EN_DOCUMENT_TAIL.sub("", raw)  # "according to PitchBook data"
                if held := _EN_HELD_BY.search(raw):
                    phrase = held.group(1)  # "ERCOT data analyzed by the Texas Tribune"
                entry = self.resolve(phrase, "outlet")
                if entry is None and _EN_UNNAMED_DOCUMENT.fullmatch(raw):
                    # "according to its annual report": the company's own document
                    own = re.match(r"(?:its|their)\s", raw, re.I) and self._coreferent(
                        "the company", before=outside[: m.start()]
                    )
                    if own and own.kind != "unnamed":
                        entry = own
                    else:
                        entry = Entry(name=raw, kind="unnamed", aliases=(raw,))
                if entry:
                    outlet = Attribution(
                        entry, m.group(0).strip(), s.start + m.start(), s.start + m.end(), phrase
                    )
                    break
        speaker = self._en_speech(s, outside)
        forward = bool(speaker) and bool(
            re.search(r"(?:as follows|the following)\W*$|:\s*$", outside.strip())
        )
        found: list[Attribution] = []
        if speaker and outlet and speaker.entry.name != outlet.entry.name:
            if outlet.cue.lower().startswith("citing"):
                outlet.via = [speaker.entry.name]  # "Reuters, citing X, said": X is primary
                found = [outlet, speaker]
            else:
                speaker.via = [outlet.entry.name]
                found = [speaker, outlet]
        elif speaker or outlet:
            found = [speaker or outlet]  # type: ignore[list-item]
        return found, forward

    def _en_speech(self, s: Sentence, outside: str) -> Attribution | None:
        """The last speech verb whose subject (before it, or after it in "…," said X)
        names someone. Passives ("it was announced") name no one."""
        if quoted := _EN_QUOTED_AS.search(outside):
            # "Nadella was quoted by Bloomberg as saying": the speaker, through the outlet
            entry = self.resolve(quoted.group(1).split(",")[-1], "person")
            outlet = self.resolve(quoted.group(2), "outlet") if quoted.group(2) else None
            if entry:
                return Attribution(
                    entry,
                    quoted.group(0),
                    s.start + quoted.start(),
                    s.start + quoted.end(),
                    quoted.group(1),
                    [outlet.name] if outlet else [],
                )
        for m in reversed(list(self._speech_verbs.finditer(outside))):
            before = outside[: m.start()]
            if self._EN_PASSIVE.search(before):
                continue
            found: tuple[Entry, str] | None
            if m.group(0) == "called" and "\u25a1" not in outside[m.end() :]:
                continue  # "X called the ruling "a historic win"": only with the words quoted
            if m.group(0) in self._finding_verbs:
                # "a report by the IEA found": a finding has a source only through its author
                clause = self._EN_BOUNDARY.split(before.rstrip(", "))[-1].strip()
                author = _EN_MEMBERS_AT.match(_strip_article(clause))
                by = self.resolve(clause, "organization") if author else None
                if by is None:
                    continue
                found = (by, clause)
            elif m.group(0).endswith("ing"):
                # "The White House defended the tariffs, saying …": the sentence's subject
                if not re.search(r",\s*$", before):
                    continue
                found = self._en_sentence_subject(outside)
                if found is None:
                    continue
            else:
                found = self._en_subject(before)
            if (
                found is None
                and m.group(0) not in self._finding_verbs
                and re.search(r"[,\u25a1]\s*$", before)
            ):
                after = _EN_CLAUSE_END.split(outside[m.end() :], maxsplit=1)[0]
                entry = self.resolve(_strip_article(after), "person") if after.strip() else None
                found = (entry, after.strip()) if entry else None
            if found is None:
                continue
            entry, who = found
            via: list[str] = []
            told = re.match(r"\s+([A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*)*)", outside[m.end() :])
            if m.group(0) == "told" and told:
                conduit = self.resolve(told.group(1), "outlet")
                if conduit and conduit.kind == "outlet":
                    via = [conduit.name]
            return Attribution(entry, m.group(0), s.start + m.start(), s.start + m.end(), who, via)
        return None

    def _en_sentence_subject(self, text: str) -> tuple[Entry, str] | None:
        mentions = [m for m in self.registry.find(text[:60]) if m.start <= 4]
        if mentions:
            return mentions[0].entry, mentions[0].surface
        subject = _EN_SUBJECT.match(text)
        entry = self.resolve(subject.group(1), "organization") if subject else None
        return (entry, subject.group(1)) if entry and subject else None

    def _en_subject(self, before: str) -> tuple[Entry, str] | None:
        """ "OpenAI's board said", "Greg Brockman, the company's president, said",
        "Shear later wrote", "people familiar with the matter told"."""
        text = before.rstrip()
        appositive = text.endswith(",")
        text = text.rstrip(", ")
        parts = self._EN_BOUNDARY.split(text)
        if not parts:
            return None
        phrase = _EN_SUBJECT_ADVERB.sub("", " ".join(parts[-1].split()[-8:]))
        if not phrase:
            return None
        context = text[: max(0, len(text) - len(parts[-1]))]  # the sentence before the subject
        named = " ".join(parts[-2].split()[-8:]) if appositive and len(parts) > 1 else ""
        person = self.resolve(named, "person") if named else None
        interrupting = bool(named) and (
            self._EN_DETERMINER.match(phrase)
            or self.resolve(phrase, "person", before=context) is None
            or (person is not None and person.kind == "person" and _EN_ROLE.search(phrase))
        )  # "Greg Brockman, the company's president, said"; "Nadella, speaking on a podcast, said";
        # "Kent Walker, Google's president of global affairs, said"
        if interrupting and person:
            return person, named
        entry = self.resolve(phrase, "person", before=context)
        return (entry, phrase) if entry else None

    # -- Chinese ------------------------------------------------------------------------

    def _zh(self, s: Sentence, outside: str) -> tuple[list[Attribution], bool]:
        found: list[Attribution] = []
        outside = _unquote_names(s, outside, ("的", "称", "稱", "说", "說", "表"))
        outlet = None
        m = (
            self._according.search(outside)
            or _ZH_SHOWS.match(outside)
            or _ZH_LEARNED.match(outside)
        )
        if (
            m
            and self._citing.match(m.group(0))
            and outside[_last_boundary(outside, m.start()) : m.start()].strip()
        ):
            m = None  # 「彭博社援引知情人士的话报道称」: the outlet before 援引 is the one citing
        if m:
            who, cites = _ZH_CIRCUMSTANCE.sub("", m.group("who")) or m.group("who"), []
            if cited := self._citing_split.match(who):
                # 「据路透社援引知情人士报道」: the outlet reports what its source said
                inner = self.resolve(cited.group(2), "person")
                who, cites = cited.group(1), [inner.name] if inner else []
            entry = self.resolve(who, "outlet") or _zh_subject(who)
            if entry:
                outlet = Attribution(
                    entry, m.group(0), s.start + m.start(), s.start + m.end(), who, cites
                )
        speaker = None
        for vm in reversed(list(self._speech_verbs.finditer(outside))):
            if outside[vm.end() : vm.end() + 1] in ("不", "没", "沒", "未", "非"):
                continue  # 「相关报道不实」: a report denied, not a report made
            begin = _last_boundary(outside, vm.start())
            phrase = outside[begin : vm.start()]
            # 「马斯克在社交媒体上表示」「黄仁勋上周访问北京时表示」
            phrase = _ZH_CIRCUMSTANCE.sub("", phrase)
            phrase = self._speaker_adverbs.sub("", phrase)  # 「他还称」
            via: list[str] = []
            if conduit := _ZH_CONDUIT.match(phrase):
                # 「一位人士向界面新闻透露」: the speaker told an outlet
                outlet_entry = self.resolve(conduit.group(2), "outlet")
                if outlet_entry and outlet_entry.kind == "outlet":
                    phrase, via = conduit.group(1), [outlet_entry.name]
            cited = self._citing_in.match(phrase)
            if cited and outlet is None:
                # 「路透社援引两名消息人士的话说」: the outlet speaks, citing the inner source
                outer = self.resolve(cited.group(1), "outlet")
                inner = self.resolve(cited.group(2), "person")
                if outer and not inner:  # 「有自媒体援引所谓“内部人士”的说法称」: a source unnamed
                    return [
                        Attribution(
                            outer,
                            phrase + vm.group(0),
                            s.start + begin,
                            s.start + vm.end(),
                            cited.group(1),
                        )
                    ], False
                if outer and inner:
                    at = s.start + begin
                    outlet = Attribution(
                        outer,
                        phrase + vm.group(0),
                        at,
                        s.start + vm.end(),
                        cited.group(1),
                        [inner.name],
                    )
                    speaker = Attribution(
                        inner, vm.group(0), s.start + vm.start(), s.start + vm.end(), cited.group(2)
                    )
                    return [outlet, speaker], False
            entry = self.resolve(phrase, "person") if phrase.strip() else None
            entry = entry or _zh_subject(phrase)
            if entry:
                speaker = Attribution(
                    entry, vm.group(0), s.start + vm.start(), s.start + vm.end(), phrase, via
                )
                break
        if speaker and outlet and speaker.entry.name != outlet.entry.name:
            speaker.via = [outlet.entry.name]
            found = [speaker, outlet]
        elif speaker or outlet:
            found = [speaker or outlet]  # type: ignore[list-item]
        forward = bool(speaker) and any(f in outside[-6:] for f in self.lex.get("forward") or ())
        return found, forward


_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
# a clause ends at a comma or a full stop, but not at the one in "Dr." or "Sen."
_EN_ROLE = re.compile(
    r"'s\s|\b(?:president|chief|head|director|spokes(?:person|man|woman)|founder|chair(?:man|woman)?|"
    r"minister|secretary|officer|executive|manager|editor|professor|analyst)\b",
    re.I,
)
# "according to the ruling", "according to court documents": a document nobody is named for
_EN_UNNAMED_DOCUMENT = re.compile(
    r"(?:the|a|an|court|its|his|her|their|internal|leaked|new)?\s*(?:[a-z-]+\s+)?"
    r"(?:ruling|complaint|lawsuit|indictment|filing|judgment|verdict|documents?|records?|"
    r"report|study|survey|statement|memo|letter|affidavit|transcript|emails?)",
    re.I,
)
_EN_HELD_BY = re.compile(r"\b(?:analy[sz]ed|compiled|reviewed|obtained|seen)\s+by\s+(.+)$")
_EN_DOCUMENT_TAIL = re.compile(  # lowercase: "PitchBook data", not "Office for National Statistics"
    r"\s+(?:data|figures|estimates?|research|analysis|reports?|surveys?|polls?|study|filings?|"
    r"statistics|numbers|calculations)$"
)
_EN_CLAUSE_END = re.compile(
    r"[,;:\u25a1]|(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bSt)(?<!\bJr)(?<!\bMrs)(?<!\bSen)(?<!\bRep)"
    r"(?<!\bGov)(?<!\bGen)(?<!\bProf)(?<!\b[A-Z])\."
)
_POSSESSIVE = re.compile(r"^\s*(?:の|的|'s\s)\s*")
_JA_AS_TOLD = re.compile(r"(.+?)が(.+?)の話として(?:報じた|伝えた|報道した)?")
_JA_AGENT_MADE = re.compile(
    r"(.+?)が[^、。]{0,10}?(?:発表|公表|実施|集計|公開|まとめ|行っ|作成)(?:し)?た[^、。]{0,14}"
)
_JA_AGENT_WHEN = re.compile(
    r"(.+?)が(?:[0-9０-９]+(?:年|月|日)|今年|昨年|先月|今月|同日|[、\s])*に?"
)
_EN_SUBJECT_ADVERB = re.compile(
    r"(?:\s+(?:first|also|later|previously|earlier|recently|initially|separately|again|"
    r"originally|exclusively|had|has|have|was|were|\w+ly))+$"
)
_JA_SPOKESPERSON = re.compile(
    r"(.+?)の?(?:広報担当者|広報担当|広報部|広報室|広報|報道官|報道担当者|担当者)"
)
_JA_UNNAMED_PERSON = re.compile(r"(?:同)?(?:男|女|少年|少女|男性|女性|容疑者|被告人?|受刑者)")
_JA_SOMEONE = re.compile(r"ある[^、。「」]{1,12}")  # 「ある投資家」「ある幹部」: someone unnamed
_JA_OWN_PREFIX = re.compile(r"^(?:同社|同グループ|同省|同庁)の")
_NAME_TITLED = re.compile(
    r"[一-鿿ァ-ヿA-Za-z・·]{2,}(?:CEO|社長|会長|氏|代表|最高経営責任者|CTO|COO|CFO|幹部)$"
)
_EN_SUBJECT = re.compile(r"^\s*(?:The\s+)?([A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,4})")
_EN_MEMBERS_AT = re.compile(
    r"^(?:the\s+|an?\s+)?(?:[A-Z][\w.-]*\s+){0,2}(?:(?:new|latest|recent|annual|preliminary|final)\s+)?"
    r"(?:analysts?|economists?|strategists?|researchers?|experts?|officials?"
    r"|executives?|engineers?|lawyers?|scientists?|spokes(?:person|man|woman)"
    r"|reports?|study|studies|surveys?|analysis|data|figures|polls?|reviews?|statements?|filings?"
    r"|published|released|issued|compiled|conducted|commissioned)"
    r"\s+(?:(?:published|released|issued|conducted)\s+(?:in|by)|(?:polled|surveyed)\s+by|at|from|with|for|by|of)"
    r"\s+(.+)$",
    re.I,
)
_EN_QUOTED_AS = re.compile(
    r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)\s+(?:was|were|has been|had been)\s+quoted"
    r"(?:\s+by\s+([A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)*))?\s+as\s+saying"
)
_CJK_FULL_NAME = re.compile(r"[一-鿿]{3,4}")
_ZH_CIRCUMSTANCE = re.compile(
    r"(?:在|于|於|通过|通過|上周|本周|上月|昨天|昨日|今天|今日|日前|近日|此前|当天|當天|当日|"
    r"周[一二三四五六日]|\d+月\d+日|访问|訪問|出席|接受).*$"
)
_ZH_CONDUIT = re.compile(r"(.+?)(?:向|对|對)(.+)$")
_ZH_LEARNED = re.compile(
    r"^\s*(?P<who>[^，,。：:\s]{2,12}?)(?:独家|獨家)?(?:获悉|獲悉|了解到)"
)  # 「36氪获悉」
# 「国家统计局数据显示，…」「该机构发布的报告显示」: a body's figures open the sentence
_ZH_SHOWS = re.compile(
    r"^\s*(?P<who>[^，,。：:\s]{2,20}?)(?:发布的|公布的|发布|公布|的)?(?:最新)?"
    r"(?:数据|數據|统计|統計|报告|報告|调查|調查|研究|公告|财报|財報|年报|年報)(?:显示|顯示|表明)"
)
_ZH_SUBJECT = re.compile(r"[一-鿿A-Za-z0-9]{2,12}(?:·[一-鿿]{1,8})*")  # 英伟达, IT桔子
_ZH_NOT_SUBJECT = re.compile(
    r"^的|这|這|该|該|此|其|我|你|他们|她们|公司|方面|消息|报道|報道|数据|數據|声明|聲明|文件|"
    r"相关|相關|有关|有關|目前|当前|當前|今年|去年|未来|未來|一些|部分|多数|多數|所有|这些|那些|"
    r"[一二两兩三四五六七八九十几幾数數多][名位个個家]"
)
# the commonest Chinese surnames: a two- or three-character subject starting with one is a
# person (黄仁勋), otherwise an organisation (英伟达)
_ZH_SURNAMES = set(
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹"
    "彭曾肖田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋"
    "付方白邹鄒孟熊秦邱江尹薛闫段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯"
)


_JA_SUBJECT = re.compile(r"[一-鿿々ァ-ヿA-Za-z0-9＆&・ー]{2,14}")
_JA_NOT_SUBJECT = re.compile(
    r"^(?:これ|それ|あれ|この|その|今回|今後|現在|一方|政府|同日|本日|昨年|今年)|[0-9０-９]|"
    r"^(?:海外|国内|国外|世界|業界|市場|米国|中国|日本|欧州)$"
)


def _unquote_names(
    s: Sentence, outside: str, after: tuple[str, ...] = ("は", "が", "に", "の")
) -> str:
    """Restore a short quoted name that is a phrase's subject: 「The Information」は,
    「ブルームバーグ」によると, 所谓“内部人士”的说法 (quotes hold names, not speech, when a
    particle follows)."""
    for qs, qe in s.quotes:
        a, b = qs - s.start, qe - s.start
        inner = s.text[a + 1 : b - 1]
        if (
            0 < len(inner) <= 25
            and s.text[b : b + 1] in after
            and not re.search(r"[。、，,！？!?]", inner)
        ):
            outside = outside[:a] + " " + inner + " " + outside[b:]  # same length: offsets hold
    return outside


def _ja_subject(phrase: str) -> Entry | None:
    """A compact name the registry does not know, as the topic of a reporting verb:
    「東京電力は、…と明らかにした」."""
    phrase = clean_phrase(phrase)
    if not _JA_SUBJECT.fullmatch(phrase) or _JA_NOT_SUBJECT.search(phrase):
        return None
    return Entry(name=phrase, kind="organization", aliases=(phrase,), reviewed=False)


def _zh_subject(phrase: str) -> Entry | None:
    """A name the registry does not know, alone before a speech verb: 「英伟达表示」."""
    phrase = phrase.strip()
    if not _ZH_SUBJECT.fullmatch(phrase) or _ZH_NOT_SUBJECT.search(phrase):
        return None
    person = "·" in phrase or (len(phrase) <= 3 and phrase[0] in _ZH_SURNAMES)
    kind = "person" if person else "organization"
    return Entry(name=phrase, kind=kind, aliases=(phrase,), reviewed=False)


_EN_PERSON_SUBJECT = re.compile(r"^([A-Z][a-z'’-]+(?: [A-Z]\.)?(?: [A-Z][a-z'’-]+){1,2}) [a-z]")
_JA_TITLED_NAME = re.compile(r"((?<![一-鿿])[一-鿿]{3,4}|[ァ-ヿ]+・[ァ-ヿ・]+)氏")


def _naming_strength(entry: Entry, phrase: str) -> int:
    """2: a registry entry or anonymous/vague source; 1: a titled or 〜氏 name; 0: other."""
    if entry.reviewed or entry.kind in ("anonymous", "unnamed"):
        return 2
    return 1 if entry.kind == "person" or phrase.rstrip().endswith(("氏", "さん")) else 0


def _alternation(terms: list[str]) -> str:
    return "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))


def _is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def _last_boundary(text: str, before: int) -> int:
    i = before - 1
    while i >= 0 and text[i] not in _JA_BOUNDARY:
        i -= 1
    return i + 1


def _strip_article(phrase: str) -> str:
    return _ARTICLE.sub("", phrase.strip())
