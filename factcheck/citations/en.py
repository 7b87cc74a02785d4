"""English attribution grammar.

Shapes, tried in this order: an "according to" cue ("…, according to X", "per a report from
X", "citing X"), with documents that stand for their author ("according to PitchBook data",
"ERCOT data analyzed by the Texas Tribune", "according to its annual report"); "X was quoted
(by Y) as saying"; a speech verb with its subject before it ("OpenAI's board said", "Greg
Brockman, the company's president, said") or after it ('"…," said X'); a participle after a
comma (", saying …") takes the sentence's subject; a finding verb ("found", "shows") counts
only after a document by someone ("a report by the IEA found"). Passives ("it was
announced") name no one. When a statistical model is shipped (factcheck/data/en-crf.model),
it proposes the source and cue the rules leave open (factcheck.citations.en_model).
"""

from __future__ import annotations

import re
from dataclasses import replace

from factcheck.citations.common import (
    Attribution,
    Grammar,
    alternation,
    strip_article,
)
from factcheck.citations.en_model import Model, derived_lexicon, lemma
from factcheck.segment import Sentence
from factcheck.sources import Entry, has_org_suffix

_ROLE = re.compile(
    r"'s\s|\b(?:president|chief|head|director|spokes(?:person|man|woman)|founder|chair(?:man|woman)?|"
    r"minister|secretary|officer|executive|manager|editor|professor|analyst)\b",
    re.I,
)
_OF_DESCRIPTOR = re.compile(r"\bof\s+(?:(?:the|an?)\s+)?(?:[a-z][\w-]*\s+){1,3}(?=[A-Z])")
# "the Guardian's report that", "a Reuters story that": a named report of the claim
_REPORT_THAT = re.compile(
    r"\b((?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*)(?:['’]s?)?\s+(?:(?:earlier|exclusive|original|"
    r"recent)\s+)?(?:report|reporting|story|article|revelations?)s?\s+(?:on\s+\w+\s+)?that\b"
)
# a sentence that opens with a participle of speech has the last speaker's subject
_OPENING_PARTICIPLE = re.compile(
    r"\s*(?:(?:And|But)\s+)?(?:(?:Adding|Noting|Saying|Arguing|Warning|Insisting|Explaining)\b"
    r"|Going\s+(?:so\s+far\s+as|on)\s+to\s+(?:say|add|note|argue|warn|claim)\b)"
)
_ANTECEDENT = re.compile(r"((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*)\s*,?\s*$")
_THE_REPORT = {"the report", "the story", "the article", "the newspaper", "the paper", "the outlet"}
_CAPITALISED = re.compile(
    r"\b[A-Z][\w.&'’-]*(?:\s+(?:(?:of|for|and|on|&)\s+)?[A-Z][\w.&'’-]*){1,6}"
)
_RELATIVE_TAIL = re.compile(r"\s+(?:who|which|that)\b.*$", re.S)
_TRAILING_NAME = re.compile(r"\s((?:[A-Z][\w.'’-]+\s+){1,2}[A-Z][\w'’-]+)$")
# "environmentalists", "voting rights advocates", "European leaders": a group, unnamed
_GROUP = re.compile(r"(?:(?:[A-Z][\w.-]*|[a-z][\w-]*)\s+){0,3}[a-z][\w-]{2,}[a-rt-z]s")
_ARTICLE_START = re.compile(r"(?:the|a|an)\s+\w", re.I)
# "another delegate", "one resident", "a staff member": someone the text does not name
_SOMEONE = re.compile(
    r"(?i:an?|one|another|some|several|two|three|four|five|\d+|a\s+few|a\s+number\s+of)"
    r"\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*"
)
# "according to the ruling", "according to court documents": a document nobody is named for
_UNNAMED_DOCUMENT = re.compile(
    r"(?:the|a|an|court|its|his|her|their|internal|leaked|new)?\s*(?:[a-z-]+\s+)?"
    r"(?:ruling|complaint|lawsuit|indictment|filing|judgment|verdict|documents?|records?|"
    r"report|study|survey|statement|memo|letter|affidavit|transcript|emails?)",
    re.I,
)
_HELD_BY = re.compile(r"\b(?:analy[sz]ed|compiled|reviewed|obtained|seen)\s+by\s+(.+)$")
_DOCUMENT_FROM = re.compile(
    r"^(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:report|study|survey|statement|analysis|review|poll|"
    r"estimates?|figures|data)\b[^,]*?\b(?:from|by)\s+(.+)$"
)
_DOCUMENT_TAIL = re.compile(  # lowercase: "PitchBook data", not "Office for National Statistics"
    r"\s+(?:data|figures|estimates?|research|analysis|reports?|surveys?|polls?|study|filings?|"
    r"statistics|numbers|calculations)$"
)
_CLAUSE_END = re.compile(
    r"[,;:\u25a1]|(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bSt)(?<!\bJr)(?<!\bMrs)(?<!\bSen)(?<!\bRep)"
    r"(?<!\bGov)(?<!\bGen)(?<!\bProf)(?<!\b[A-Z])\."
)
_SUBJECT_ADVERB = re.compile(
    r"(?:\s+(?:first|also|later|previously|earlier|recently|initially|separately|again|"
    r"originally|exclusively|had|has|have|was|were|\w+ly))+$"
)
_OPENING_PHRASE = re.compile(
    r"^\s*(?:In|On|At|After|During|Before|Following|Since|Despite|With|Under|Earlier|Later)\b"
    r"[^,\u25a1]{0,80},\s*"
)
_SUBJECT = re.compile(r"^\s*(?:The\s+)?([A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,4})")
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday)"
_MEMBERS_AT = re.compile(
    r"^(?:the\s+|an?\s+)?(?:[A-Z][\w.-]*\s+){0,2}"
    r"(?:(?:new|latest|recent|annual|preliminary|final|separate|monthly|quarterly)\s+)?"
    r"(?:analysts?|economists?|strategists?|researchers?|experts?|officials?"
    r"|executives?|engineers?|lawyers?|scientists?|spokes(?:person|man|woman)"
    r"|reports?|study|studies|surveys?|analysis|data|figures|polls?|reviews?|statements?|filings?"
    r"|measures?|index|gauge|tally|published|released|issued|compiled|conducted|commissioned)"
    rf"\s+(?:(?:published|released|issued|conducted)\s+(?:(?:on\s+)?{_DAY}\s+)?(?:in|by)"
    r"|(?:polled|surveyed)\s+by|at|from|with|for|by|of)"
    r"\s+(.+)$",
    re.I,
)
_QUOTED_AS = re.compile(
    r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)\s+(?:was|were|has been|had been)\s+quoted"
    r"(?:\s+by\s+([A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)*))?\s+as\s+saying"
)
_QUOTING_AS = re.compile(
    r"(?:^|,\s*)((?:the\s+)?[A-Z][\w&'’.-]*(?:\s+[A-Za-z][\w&'’.-]*){0,4}?)\s+"
    r"(?:quoted|cited)\s+(.+?)\s+as\s+(?:saying|telling\s+\S+)\b"
)
_TALLY_SHOWED = re.compile(
    r",\s*(?:a|an|the)\s+((?:[A-Z][\w&'’.-]*\s+){1,4}?)(?:tally|count|survey|poll|data|figures|"
    r"estimate|analysis|study|calculation)s?\b[^,]{0,40}?\s+(?:showed|shows|found|suggested)\W*$"
)
_MEDIUM = re.compile(  # "Belga news agency" is Belga
    r"\s+(?:news\s+agency|newswire|newspaper|daily|broadcaster|television|TV|radio)$", re.I
)
_PERSON_SUBJECT = re.compile(r"^([A-Z][a-z'’-]+(?: [A-Z]\.)?(?: [A-Z][a-z'’-]+){1,2}) [a-z]")


# "and" before a capitalised word joins a name: "American Iron and Steel Institute"
_BOUNDARY = re.compile(r"[,;:()\u25a1\u2014\u2013]|\s-\s|\bthat\b|\band\b(?!\s+[A-Z])")
_DETERMINER = re.compile(r"^(?:the|a|an|its|his|her|their|our|who|which)\b", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|been|is|are|be|being)\s+$", re.I)


_NON_REFERRING = {
    *("it", "they", "we", "you", "i", "this", "that", "these", "those", "who", "which"),
    *("one", "some", "others", "many"),
}
_COORDINATED = re.compile(r"\s(?:and|but)\s*$")  # "X measured it … and said"
_LEAD_NOUN_PHRASE = re.compile(r"^\s*((?:The|A|An)\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+)\s+[a-z]+ed\b")
_OWN_BODY = re.compile(
    r"(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*(?:'s|’s)\s+(?:[a-z-]+\s+){0,4}"
    r"(?:administration|agency|ministry|department|bureau|office|service|police|commission|"
    r"authority|council|court|government|military|army|navy|embassy|regulator|watchdog|"
    r"parliament|cabinet|foreign ministry|central bank|weather service|survey|institute)",
)
# the anonymous source named before, again: "according to people familiar with the
# matter. …, said the people"
_THE_SOURCES = {"the people", "the person", "the sources", "the source", "these people"}
_THE_SOURCES |= {p.removeprefix("the ") for p in _THE_SOURCES}  # "said the people": stripped
_PARTY_AFTER = re.compile(r"(?<=[A-Za-z.])\s*\([^()]{1,30}\)$")  # "(R-Texas)", "(Yesh Atid)"
_SHORT_NAME = re.compile(r"[Tt]he\s+([A-Z][a-z]+)")  # "the Post", "the Times"
_LEADING_CONJUNCTION = re.compile(r"^(?:and|but|while|as|so|yet|or|then)\s+", re.I)
# a role in lowercase before a name: "Cabinet Office minister Michael Gove", "Leicester
# boss Brendan Rodgers"
_ROLES = (
    r"minister|spokes(?:person|man|woman)|secretary|analyst|chief|director|professor|"
    r"researcher|official|economist|president|chair(?:man|woman)?|executive|officer|lawyer|"
    r"attorney|judge|senator|governor|mayor|commissioner|manager|founder|editor|reporter|"
    r"correspondent|coach|captain|scientist|expert|strategist|advis[eo]r|aide|leader|head|"
    r"ambassador|envoy|councillor|councilor|superintendent|sheriff|inspector|detective|"
    r"prosecutor|colonel|general|admiral|sergeant|lieutenant|seismologist|meteorologist|"
    r"forecaster|geologist|doctor|physician|nurse|teacher|student|resident|witness|boss|pundit|"
    r"defender|striker|midfielder|goalkeeper|winger|lobbyist|representative|congressman|"
    r"congresswoman|lawmaker|legislator"
)
# a role capitalised too ("Lobbyist Jack Abramoff"), or a courtesy title ("Rep. Robert Ney")
_TITLE_BEFORE = rf"\b(?:(?i:{_ROLES})|(?:Rep|Sen|Gov|Dr|Mr|Mrs|Ms|Prof|Lt|Gen|Col|Sgt|Capt)\.)"
_ROLE_NAME = re.compile(rf"{_TITLE_BEFORE}\s+((?:[A-Z][\w'’.-]+\s+){{0,2}}[A-Z][\w'’.-]+)$")
# the same anywhere in a sentence, a full name: a later surname alone is that person
_ROLE_BEFORE_NAME = re.compile(rf"{_TITLE_BEFORE}\s+((?:[A-Z][\w'’.-]+\s+){{1,2}}[A-Z][\w'’.-]+)")


MODEL_MIN_PROBABILITY = 0.4  # below it the model's source is as likely wrong as right
CUE_RATE = 0.5  # a model cue must hold a word that is a cue this often in the training data


class English(Grammar):
    lang = "en"

    def prepare(self) -> None:
        super().prepare()
        verbs = alternation(self.lex["speech_verbs"] + list(self.finding_verbs))
        self._speech_verbs = re.compile(rf"\b(?:{verbs})\b")
        self.model = Model.shipped()
        self._verbs = {v.lower() for v in self.lex["speech_verbs"]}
        self._quote_only = {v.lower() for v in self.lex.get("quote_only") or ()}
        rates = derived_lexicon().get("cue_rate") or {}
        self._cue_lemmas = frozenset(w for w, r in rates.items() if r >= CUE_RATE)
        cues = alternation(self.lex["according_to"])
        self._according = re.compile(
            rf"\b(?:{cues})\s+(?:(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){{0,2}}?(?:report|memo|statement|post|data|figures|estimates?"
            r"|study|survey|analysis|filings?|documents?|research|letter|email|tally|count)s?\s+"
            r"(?:(?:published|released|issued|conducted|compiled|seen|reviewed)\s+(?:in|by)|by|in|from|with|of)\s+)?"
            r"([^,.;:\u25a1]+)",
            re.I,
        )

    # -- hooks ----------------------------------------------------------------------------

    def people_named(self, text: str) -> list[str]:
        # "Erling Haaland has …", "Former City defender Joleon Lescott expected …": a later
        # "Lescott said" is that person (Grammar.known_person)
        m = _PERSON_SUBJECT.match(text)
        named = [m.group(1)] if m else []
        return named + [r.group(1) for r in _ROLE_BEFORE_NAME.finditer(text) if " " in r.group(1)]

    def bodies_named(self, text: str) -> list[str]:
        # "The Japan Meteorological Agency", "Brussels Airport": a capitalised name that
        # ends in what it is
        return [m.group(0) for m in _CAPITALISED.finditer(text) if has_org_suffix(m.group(0))]

    def special(self, phrase: str) -> Entry | bool | None:
        folded = phrase.casefold().strip()
        if folded in _THE_REPORT and (outlet := self._last_source_of("outlet")):
            return outlet  # "the Financial Times reported …. The report said": its report
        if folded == "it" and (body := self._last_source_of("organization", "outlet")):
            return body  # "“…,” it said" after "Brussels Airport said": the airport
        if folded in _NON_REFERRING:
            return False  # "it", "they", "we": no one the reader can check
        if (
            folded in _THE_SOURCES
            and (recent := self.recent_source())
            and recent[0].entry.kind == "anonymous"
        ):
            return recent[0].entry  # "…, said the people, who asked not to be identified"
        if short := _SHORT_NAME.fullmatch(phrase.strip()):
            # "the Post" after "The Washington Post": a body named before, by one of its words
            word = short.group(1)
            for body in reversed(self.ctx.named_bodies.values()):
                if word in body.name.split() and body.name != word:
                    return body
        if _SOMEONE.fullmatch(phrase):
            return Entry(name=phrase, kind="anonymous", aliases=(phrase,), reviewed=False)
        if _OWN_BODY.fullmatch(phrase):
            # "China's national earthquake administration": a body by what it is
            return Entry(name=phrase, kind="organization", aliases=(phrase,), reviewed=False)
        if role := _ROLE_NAME.search(phrase):
            # "Cabinet Office minister Michael Gove", "energy analyst Jane Doe"
            name = role.group(1)
            return self.titled_person(name) or Entry(
                name=name, kind="person", aliases=(name,), reviewed=False
            )
        if members := _MEMBERS_AT.match(phrase):
            # "analysts at Jefferies", "a spokesperson for Downing Street": the institution
            named = self.resolve(members.group(1), "organization")
            if named and named.kind not in ("anonymous", "unnamed"):
                return named
        return None

    def _last_source_of(self, *kinds: str) -> Entry | None:
        """The last source, if it is of one of these kinds and was named in this paragraph
        or the one before."""
        recent = self.recent_source()
        return recent[0].entry if recent and recent[0].entry.kind in kinds else None

    def coreferent_subject(self, phrase: str, before: str) -> Entry | None | bool:
        subject = _SUBJECT.match(before)
        if subject:
            # "United Airlines found …, the airline said": a name the registry does not know
            entry = self.registry.resolve(subject.group(1), default_kind="person")
            if (
                entry
                and entry.kind == "organization"
                and (
                    entry.reviewed
                    # "United Airlines", not "Airport staff were …": one word is any noun
                    or (has_org_suffix(subject.group(1)) and " " in subject.group(1))
                )
            ):
                return entry
        return None

    def vague_source(self, phrase: str) -> Entry:
        return Entry(name=f"the {strip_article(phrase)}", kind="unnamed", aliases=(phrase,))

    def vague_term_ok(self, folded: str, at: int, term: str) -> bool:
        # English terms are words: "sources" must not match inside "resources"
        before = folded[at - 1 : at]
        after = folded[at + len(term) : at + len(term) + 1]
        return not before.isalnum() and not after.isalnum()

    def plain(self, phrase: str) -> str:
        # "the company's …" was coreference; others say nothing. "Alex Holmes of research
        # consultancy Capital Economics": what the body is goes, its name stays
        return _OF_DESCRIPTOR.sub("of ", strip_article(phrase))

    def find(self, s: Sentence, outside: str) -> tuple[list[Attribution], bool]:
        outlet = None
        for m in self._according.finditer(outside):
            if m:
                raw = re.split(r"\s+(?:who|which|that|said|told|and)\b", m.group(1))[0].strip()
                phrase = _DOCUMENT_TAIL.sub("", raw)  # "according to PitchBook data"
                if held := _HELD_BY.search(raw) or _DOCUMENT_FROM.search(raw):
                    # "ERCOT data analyzed by the Texas Tribune", "a report Friday from the
                    # Commerce Department"
                    phrase = held.group(1)
                entry = self.resolve(phrase, "outlet")
                if entry is None and _UNNAMED_DOCUMENT.fullmatch(raw):
                    # "according to its annual report": the company's own document
                    own = re.match(r"(?:its|their)\s", raw, re.I) and self.coreferent(
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
        if outlet is None and (tally := _TALLY_SHOWED.search(outside)):
            # "…, a Kyodo News tally as of 10 p.m. Sunday showed.": whose count it is
            entry = self.resolve(tally.group(1), "outlet")
            if entry and entry.kind in ("outlet", "organization"):
                outlet = Attribution(
                    entry,
                    tally.group(0).strip(" ,."),
                    s.start + tally.start(),
                    s.start + tally.end(),
                    tally.group(1),
                )
        if outlet is None and (told := _REPORT_THAT.search(outside)):
            # "responding to the Guardian's report that …": the outlet reported it
            entry = self.resolve(told.group(1), "outlet")
            if entry and entry.reviewed:  # a registry's outlet, not "In Monday's report that"
                outlet = Attribution(
                    entry,
                    told.group(0),
                    s.start + told.start(),
                    s.start + told.end(),
                    told.group(1),
                )
        speaker = self._speech(s, outside)
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
        if not found and (opening := _OPENING_PARTICIPLE.match(outside)):
            # "Going so far as to say, “…”", "Adding that …": the last speaker goes on
            found = self.continued(
                s, opening.group(0).strip(), s.start + opening.start(), s.start + opening.end()
            )
        if not found and self.model is not None:  # the model costs: only where rules find no one
            found = self._modelled(s)
        return found, forward

    def model_spans(self, s: Sentence) -> list[Attribution]:
        """The model's spans in one sentence, unresolved (for measuring the model alone):
        the entry is a placeholder named after the source phrase."""
        if self.model is None:
            return []
        out = []
        for sp in self.model.spans(s.text, self._name_spans(s.text)):
            src = sp.source or (-1, -1)
            phrase = s.text[src[0] : src[1]] if sp.source else ""
            out.append(
                Attribution(
                    Entry(name=phrase, kind="unnamed"),
                    s.text[sp.cue[0] : sp.cue[1]],
                    s.start + sp.cue[0],
                    s.start + sp.cue[1],
                    phrase,
                    source_start=s.start + src[0] if sp.source else -1,
                    source_end=s.start + src[1] if sp.source else -1,
                    method="model",
                    confidence=sp.probability,
                )
            )
        return out

    def _name_spans(self, text: str) -> list[tuple[int, int]]:
        return [(m.start, m.end) for m in self.registry.find(text)]

    def _modelled(self, s: Sentence) -> list[Attribution]:
        """What the model finds where the rules found no one, each cue once: its source
        phrase resolved like any other (coreference, the lexicon, the registry, a name it
        lacks); "who" is the name before it; a description the registry cannot name ("the
        Republican nominee") is kept as the unnamed source it is."""
        if not self._worth_modelling(s.text):
            return []
        taken: list[tuple[int, int]] = []
        names: set[str] = set()
        out = []
        for a in self.model_spans(s):
            if a.source_start < 0 or a.confidence < MODEL_MIN_PROBABILITY:
                continue
            spans = [(a.cue_start, a.cue_end), (a.source_start, a.source_end)]
            if any(lo < t1 and t0 < hi for lo, hi in spans for t0, t1 in taken):
                continue  # a cue or source read already
            outside = s.outside_quotes()[a.cue_end - s.start :]
            if not self._reports(a.cue, outside):
                continue  # "the council voted", "Google launched": acts, not reports
            before = s.text[: a.source_start - s.start]
            surface = a.surface.strip()
            if surface.lower() in ("who", "which", "that") and (ante := _ANTECEDENT.search(before)):
                surface = ante.group(1)  # "Trump, who said": Trump
            entry = self.resolve(surface, "person", before=before) or self._named_in(
                surface, before
            )
            if entry is None and (_ARTICLE_START.match(surface) or _GROUP.fullmatch(surface)):
                entry = Entry(name=surface, kind="unnamed", aliases=(surface,))
            if entry is None or entry.name in names:
                continue
            a.entry = entry
            out.append(a)
            names.add(entry.name)
            taken += spans
        return out

    def _named_in(self, surface: str, before: str) -> Entry | None:
        """The name a long source phrase the model read is about: "Chad Bown, an expert on
        trade at …" is Chad Bown, "Luis Rubio, who heads …" Luis Rubio, "longtime Democratic
        pollster Pat Caddell" Pat Caddell."""
        head = _RELATIVE_TAIL.sub("", surface.split(",")[0]).strip()
        if head and head != surface and (entry := self.resolve(head, "person", before=before)):
            return entry
        if (name := _TRAILING_NAME.search(head)) and name.start() > 0:
            return self.resolve(name.group(1), "person", before=before)
        return None

    def _reports(self, cue: str, after: str) -> bool:
        """A cue that reports what someone said or holds: one of its words is part of a cue
        at least CUE_RATE of the time in the training data, or is in the lexicon."""
        rates = derived_lexicon().get("cue_rate") or {}
        words = re.findall(r"[A-Za-z']+", cue)
        if any(w.lower() in self._quote_only for w in words) and "\u25a1" not in after:
            return False  # "Garland called for 3 new judges": a call, not a quotation
        return any(rates.get(lemma(w), 0.0) >= CUE_RATE or w.lower() in self._verbs for w in words)

    def _worth_modelling(self, text: str) -> bool:
        """Only a sentence with a word the model's cue must hold (`_reports`) reaches it:
        without one, nothing the model finds would be kept."""
        if self._speech_verbs.search(text):
            return True
        return any(lemma(w) in self._cue_lemmas for w in re.findall(r"[A-Za-z']+", text))

    def _speech(self, s: Sentence, outside: str) -> Attribution | None:
        """The last speech verb whose subject (before it, or after it in "…," said X)
        names someone. Passives ("it was announced") name no one."""
        if quoted := _QUOTED_AS.search(outside):
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
        if (quoting := _QUOTING_AS.search(outside)) and (
            outlet := self.resolve(_MEDIUM.sub("", quoting.group(1)), "outlet")
        ):
            # "…, Belga news agency quoted a spokesman for the airport as saying": the speaker,
            # through the outlet that quoted them
            who = quoting.group(2)
            if not outlet.reviewed:
                outlet = replace(outlet, kind="outlet")  # it quotes: a medium, not a body
            entry = self.resolve(who, "person", before=outside[: quoting.start(2)])
            if entry is None or entry.kind not in ("person", "anonymous"):
                entry = outlet  # "a spokesman for the capital's airport": the outlet alone
            return Attribution(
                entry,
                quoting.group(0),
                s.start + quoting.start(),
                s.start + quoting.end(),
                who if entry is not outlet else quoting.group(1),
                [outlet.name] if entry is not outlet else [],
            )
        for m in reversed(list(self._speech_verbs.finditer(outside))):
            before = outside[: m.start()]
            if _PASSIVE.search(before):
                continue
            found: tuple[Entry, str] | None
            if m.group(0) == "called" and "\u25a1" not in outside[m.end() :]:
                continue  # "X called the ruling "a historic win"": only with the words quoted
            if m.group(0) in self.finding_verbs:
                # "a report by the IEA found": a finding has a source only through its author
                clause = _BOUNDARY.split(before.rstrip(", "))[-1].strip()
                clause = _SUBJECT_ADVERB.sub("", clause)  # "researchers at X have found"
                author = _MEMBERS_AT.match(strip_article(clause))
                by = self.resolve(clause, "organization") if author else None
                if by is None:
                    continue
                found = (by, clause)
            elif m.group(0).endswith("ing"):
                # "The White House defended the tariffs, saying …": the sentence's subject
                if not re.search(r",\s*$", before):
                    continue
                found = self._sentence_subject(outside)
                if found is None:
                    continue
            elif _COORDINATED.search(before):
                # "The USGS measured the quake at 5.1 and said …": the sentence's subject
                found = self._sentence_subject(outside)
            else:
                found = self._subject(before)
            if (
                found is None
                and m.group(0) not in self.finding_verbs
                and re.search(r"[,\u25a1]\s*$", before)
            ):
                after = _CLAUSE_END.split(outside[m.end() :], maxsplit=1)[0]
                entry = self.resolve(strip_article(after), "person") if after.strip() else None
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

    def _sentence_subject(self, text: str) -> tuple[Entry, str] | None:
        # "In an interview with BuzzFeed News, Apple CEO Tim Cook … and denies": the subject
        # after the opening phrase, a person named by role before a body's mention
        text = _OPENING_PHRASE.sub("", text, count=1)
        subject = _SUBJECT.match(text)
        person = self.resolve(subject.group(1), "person") if subject else None
        if subject and person and person.kind == "person":
            return person, subject.group(1)
        mentions = [m for m in self.registry.find(text[:60]) if m.start <= 4]
        if mentions:
            return mentions[0].entry, mentions[0].surface
        subject = _SUBJECT.match(text)
        entry = self.resolve(subject.group(1), "organization") if subject else None
        if entry and subject:
            return entry, subject.group(1)
        # "The health secretary condemned … and said": a subject by role, before its verb
        lead = _LEAD_NOUN_PHRASE.match(text)
        if lead and (entry := self.resolve(lead.group(1), "person")):
            return entry, lead.group(1)
        return None

    def _subject(self, before: str) -> tuple[Entry, str] | None:
        """ "OpenAI's board said", "Greg Brockman, the company's president, said",
        "Shear later wrote", "people familiar with the matter told"."""
        text = _PARTY_AFTER.sub("", before.rstrip())  # "Karin Elharar (Yesh Atid) said"
        appositive = text.endswith(",")
        text = text.rstrip(", ")
        parts = _BOUNDARY.split(text)
        if not parts:
            return None
        phrase = _SUBJECT_ADVERB.sub("", " ".join(parts[-1].split()[-8:]))
        phrase = _LEADING_CONJUNCTION.sub("", phrase)  # "…, and Mr Gove insisted"
        if not phrase:
            return None
        context = text[: max(0, len(text) - len(parts[-1]))]  # the sentence before the subject
        named = " ".join(parts[-2].split()[-8:]) if appositive and len(parts) > 1 else ""
        person = self.resolve(named, "person") if named else None
        interrupting = bool(named) and (
            _DETERMINER.match(phrase)
            or self.resolve(phrase, "person", before=context) is None
            or (person is not None and person.kind == "person" and _ROLE.search(phrase))
        )  # "Greg Brockman, the company's president, said"; "Nadella, speaking on a podcast, said";
        # "Kent Walker, Google's president of global affairs, said"
        if interrupting and person:
            return person, named
        entry = self.resolve(phrase, "person", before=context)
        return (entry, phrase) if entry else None
