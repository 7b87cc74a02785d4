"""What the languages share: the attribution record, the reading context, and how a
source phrase becomes a source.

A language's grammar (ja.py, en.py, zh.py) is a `Grammar` subclass that implements `find`:
the attributions a sentence states itself. `Grammar.attribute` adds what context gives
(a quote continued over sentences, a forward frame, a quote that follows its speaker),
records what later sentences may refer back to, and marks each attribution with what
produced it (`method`) and how sure it is (`confidence`).

A phrase becomes a source in `Grammar.resolve`: coreference ("the company", 「同社」,
「彼」, a bare title such as 「首相」 or a surname alone for someone named before), an
anonymous or vague term from the lexicon, the named head of the phrase (「TSMCの魏哲家CEO」,
"analysts at Jefferies"), the registry, the outlets the document's own reference list
names, and last a name the registry lacks. Each language adds its own cases through the
hooks `special`, `coreferent_subject`, `vague_source` and `people_named`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

import yaml

from factcheck.han import variants
from factcheck.segment import Block, Sentence
from factcheck.sources import Entry, Registry, clean_phrase

BOUNDARY = "、。,，「」『』“”\u25a1:：;；\n"
POSSESSIVE = re.compile(r"^\s*(?:の|的|'s\s|・)\s*")  # 「ソフトバンク・大関友久投手」 too
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_CJK_FULL_NAME = re.compile(r"[一-鿿]{3,4}")
# datelines and bylines credit the writer or the wire, they cite no one for the claim:
# 【ワシントン共同】 ［東京 24日 ロイター］ 〔記者陳梅英／台北報導〕 （中央社記者X台北6日電）
# 中新社郑州10月24日电（记者 李志全） 【侨报讯】 "WASHINGTON (AP) —" "LONDON, Jan 5 (Reuters) -"
CREDIT = re.compile(
    r"【[^】]{1,30}】|〔[^〕]{1,30}〕|［[^］]{1,40}］|"
    r"[（(](?:[^（）()]{0,20}(?:記者|记者|報導|报道|電|电|翻譯|翻译|編輯|编辑|共同|時事|ロイター|AFP|AP)[^（）()]{0,20})[）)]|"
    r"^\s*[^，。,\s]{2,16}(?:社|网|網)[^，。,]{0,16}?\d{1,2}月\d{1,2}日(?:电|電)|"
    r"^\s*[A-Z][A-Za-z .,'-]{1,40}\((?:AP|Reuters|AFP|Bloomberg|UPI|dpa|Kyodo|Xinhua|CNN)\)\s*[-—–]{1,2}|"
    r"^\s*\((?:AP|Reuters|AFP|Bloomberg|UPI|dpa|Kyodo|Xinhua|CNN)\)\s*[-—–]{1,2}"
)


def blank_credits(text: str) -> str:
    """The text with its datelines and bylines blanked (same length: offsets hold)."""
    return CREDIT.sub(lambda m: " " * len(m.group(0)), text)


@cache
def lexicon(lang: str) -> dict[str, Any]:
    """The cue lexicon of a language (factcheck/data/cues/<lang>.yml)."""
    lang = lang if lang in ("ja", "en", "zh") else "en"
    path = resources.files("factcheck").joinpath(f"data/cues/{lang}.yml")
    lex = dict(yaml.safe_load(path.read_text("utf-8")) or {})
    if lang == "zh":  # every Chinese term in both scripts, whichever the lexicon wrote
        for key, value in lex.items():
            if isinstance(value, list):
                lex[key] = sorted({v for t in value for v in variants(str(t))})
    return lex


@cache
def _confidences() -> dict[str, float]:
    """Measured precision per (language, method, source kind) on the tuning halves of the
    real-text corpora (bench/accuracy.py writes it); an attribution's confidence."""
    path = resources.files("factcheck").joinpath("data/confidence.json")
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    return {k: float(v) for k, v in (data.get("precision") or {}).items()}


def confidence(lang: str, method: str, kind: str) -> float:
    table = _confidences()
    for key in (f"{lang}/{method}/{kind}", f"{lang}/{method}", f"{method}"):
        if key in table:
            return table[key]
    return 0.5


@dataclass
class Attribution:
    entry: Entry
    cue: str
    cue_start: int
    cue_end: int
    surface: str
    via: list[str] = field(default_factory=list)
    source_start: int = -1  # document offsets of the source phrase, -1 when not in the text
    source_end: int = -1
    method: str = "rule"  # rule | model | context: what produced it
    confidence: float = 0.0


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
    named_bodies: dict[str, Entry] = field(default_factory=dict)  # for a short name: "the Post"
    titled: dict[str, Entry] = field(default_factory=dict)  # 「首相」 → 石破茂
    last_source: list[Attribution] = field(default_factory=list)  # the last one named
    last_source_paragraph: int = -1
    frame: list[Attribution] = field(default_factory=list)  # 「…を明らかにした:」 then a list
    frame_paragraph: int = -1
    sentence: int = 0  # sentences read so far
    last_source_sentence: int = -1
    bodies: list[tuple[int, Entry]] = field(default_factory=list)  # (offset, body) named so far
    surnamed: dict[str, Entry] = field(default_factory=dict)  # 「植田」 → 植田総裁
    read: list[str] = field(default_factory=list)  # each sentence so far, outside its quotes
    # a quote run on into a paragraph with no opening mark, its speakers and where it closes
    carried: list[Attribution] = field(default_factory=list)
    carry_until: int = -1
    # the last sentences read, each with its text outside quotes and its index, for a topic
    # a later sentence with no subject continues (「新海監督は…出席。「…」と心境を明かした。」)
    topics: list[tuple[Sentence, str, int]] = field(default_factory=list)
    # who answers a transcript's questions (问：… 答：…): the source named before the first
    answerer: list[Attribution] = field(default_factory=list)


_NAME_ALONE = re.compile(r"\s*[(（]?[A-Za-z][\w.&' -]{0,30}[)）]?[。.]?\s*")  # 「Famitsu。」
_WHOLLY_QUOTED = re.compile(r"\s*[“「『][^“”「」『』]+[”」』]?\s*")
_SPEAKER_COLON = re.compile(r"\s*[:：]\s*")  # all that follows 「滕华涛说」
# a credit in parentheses, or background from a date on (「2022年2月24日，俄军入侵…」): the
# writer's, not the last source's
_NARRATION_START = re.compile(r"\s*(?:[(（]|\d{4}年\d{1,2}月\d{1,2}日)")
# a study's figures: its findings go on in the sentences after it (「約62%が」「半数以上が」)
_FINDINGS_GO_ON = "(the study's findings go on)"
_REPORT_GOES_ON = "(the report continues)"  # and through the sentence after it
_SHARE = re.compile(r"[0-9０-９]+(?:\.[0-9]+)?\s*(?:%|％|パーセント|割|人に1人)|過?半数|大半")
_PREPARED: dict[type, dict[str, Any]] = {}
# a body's name before what it is called: 「天王寺」動物園, 「新華県上都市」区役所
BODY_CHAR = r"[一-鿿々ァ-ヿA-Za-z0-9・]"
_BODY_NAME = rf"(?<!{BODY_CHAR}){BODY_CHAR}{{1,16}}?"
_NEAR_BODY = 40  # characters from a body's name to a staff member of it
_READ_BACK = 41  # sentences kept for a later 「同協会」: this one and the 40 before
_QUOTED_NAME = 14  # 「天王寺動物園」: a quoted name, not speech


class Grammar:
    """One language's attribution grammar over the shared context and resolution."""

    lang = "en"

    def __init__(self, registry: Registry, listed: list[Entry] | None = None) -> None:
        """`listed`: outlets the document's reference list names, known by their surface
        form to the sentences before the list (「量子位によると」)."""
        self.registry = registry
        self.listed = {
            alias.casefold(): e for e in listed or () for alias in (e.name, *e.aliases) if alias
        }
        self.ctx = Context()
        state = _PREPARED.get(type(self))
        if state is None:  # the patterns a language's lexicon gives, built once a process
            before = set(vars(self))
            self.prepare()
            state = _PREPARED[type(self)] = {k: v for k, v in vars(self).items() if k not in before}
        else:
            self.__dict__.update(state)

    def prepare(self) -> None:
        """Build what depends on the lexicon alone (a subclass adds its own patterns)."""
        self.lex = lexicon(self.lang)
        titles = list(self.lex.get("honorifics") or ())
        prefixes = self.lex.get("title_prefixes") or ()
        self._courtesies = frozenset(self.lex.get("courtesies") or ())  # 氏, さん: no role
        titles += [
            p + t for p in prefixes for t in titles if t not in self._courtesies and t[0] != p[0]
        ]  # 副総裁, 元首相 (no 元氏)
        self.honorifics: tuple[str, ...] = tuple(dict.fromkeys(titles))
        self._title_at_end = re.compile(f"(?:{alternation(list(self.honorifics)) or '(?!)'})$")
        self._titles = frozenset(self.honorifics) | frozenset(self.lex.get("person_suffixes") or ())
        self.according_cues = sorted(self.lex.get("according_to") or (), key=len, reverse=True)
        self._according_start = tuple(self.according_cues)  # a cue that cites: 据, according to
        # the cues a report's next sentences in its paragraph go on after (all when unset)
        self._continues_after = (
            *(self.lex.get("paragraph_continues_after") or ("",)),
            _REPORT_GOES_ON,
        )
        self._coref_org = re.compile("|".join(self.lex.get("coref_org") or ["(?!)"]))
        self._coref_person = re.compile("|".join(self.lex.get("coref_person") or ["(?!)"]))
        self._speaks_for = re.compile("|".join(self.lex.get("coref_spokesperson") or ["(?!)"]))
        self._vague_terms = [
            (
                kind,
                [(t, t.casefold()) for t in sorted(self.lex.get(key) or (), key=len, reverse=True)],
            )
            for kind, key in (("anonymous", "anonymous"), ("unnamed", "vague"))
        ]
        self._vague_any = [
            re.compile("|".join(re.escape(f) for _, f in terms) or "(?!)")
            for _, terms in self._vague_terms
        ]
        self.finding_verbs = set(self.lex.get("finding_verbs") or ())
        staff = "|".join(self.lex.get("staff") or ())
        self._staff = re.compile(rf"(.*?)(?:の|的)?(?:{staff})") if staff else None
        suffixes = alternation(list(self.lex.get("body_suffixes") or ()))
        # where a body's name ends: no letter after it in Japanese (not 市 in 市場); Chinese
        # runs words together, so only a title or a member (局长, 公司员工) continues it
        end = self.lex.get("body_not_before") or BODY_CHAR
        self._body = re.compile(rf"{_BODY_NAME}(?:{suffixes})(?!{end})") if suffixes else None

    # -- the interface ------------------------------------------------------------------

    def find(self, s: Sentence, outside: str) -> tuple[list[Attribution], bool]:
        """The attributions sentence s states itself, primary first, and whether it is a
        forward frame (「次のような文章を投稿しました」) whose speaker the next quote takes."""
        raise NotImplementedError

    def attribute(self, s: Sentence, ctx: Context) -> list[Attribution]:
        """The sources of sentence s (in document order, primary first), updating ctx."""
        if ctx.last_paragraph >= 0 and s.paragraph - ctx.last_paragraph > 2:
            ctx.forward, ctx.last_quote = [], []  # a gap of paragraphs ends the context
        ctx.last_paragraph = s.paragraph
        outside = blank_credits(s.outside_quotes())
        self.ctx = ctx
        ctx.read.append(outside)
        if len(ctx.read) > _READ_BACK:
            del ctx.read[0]  # same_body looks this far back, no further
        found, forward = self.find(s, outside)
        for a in found:
            self._finish(a, s)
            a.entry = self._body_of_staff(a, s) or self._titled_surname(a) or a.entry
        said_colon = bool(found) and not forward
        if said_colon:  # the cue, then only a colon: "said:" or 「说」 then 「：」
            rest = outside[found[0].cue_end - s.start :] or found[0].cue[-1:]
            said_colon = bool(_SPEAKER_COLON.fullmatch(rest))
        self._remember(s, found, ctx)
        if forward or said_colon:
            # 「滕华涛说：」, "He said:": the quote on the lines below is theirs; what is not
            # quoted there is only a frame's (「以下の通り：」) to claim, point by point
            ctx.forward = found
            if forward and outside.rstrip().endswith((":", "：")):
                ctx.frame, ctx.frame_paragraph = found, s.paragraph
            return []
        if found:
            ctx.frame = []
        starts_with_quote = _opens_with_speech(s)
        if ctx.carried and s.start <= ctx.carry_until:
            if not found:  # the speaker's words go on, here without quotation marks
                found = self.inherit(ctx.carried, "(the quote runs on)")
            if s.end > ctx.carry_until:
                ctx.carried = []
        if not found and s.in_quote_at_start is not None:
            found = self.inherit(ctx.quote_speakers.get(s.in_quote_at_start), "(quote continues)")
        if not found and starts_with_quote and (ctx.forward or ctx.last_quote):
            found = self.inherit(ctx.forward or ctx.last_quote, "(quote follows its speaker)")
        if (
            not found
            and _WHOLLY_QUOTED.fullmatch(s.text)
            and ctx.last_source
            and ctx.last_source_sentence == ctx.sentence
            and 0 <= s.paragraph - ctx.last_source_paragraph <= 2
            and self._spoke(ctx.last_source[0])
        ):
            # 「胡金秋也表示，…。“感谢队友…”」: a quote after what someone said is theirs, in
            # the same paragraph or the next (「沙菲宜…对记者说，…。」 then 「“…”」)
            found = self.inherit(ctx.last_source[:1], "(quote follows its speaker)")
        ctx.forward = []
        ctx.sentence += 1
        if not found and ctx.frame and s.paragraph - ctx.frame_paragraph <= 2:
            # what a frame ending in a colon introduced, point by point
            found = self.inherit(ctx.frame, "(what the frame introduced)")
            ctx.frame_paragraph = s.paragraph
        if (
            not found
            and self.lex.get("paragraph_continues")
            and ctx.last_source
            and ctx.last_source_sentence == ctx.sentence - 1
            and ctx.last_source_paragraph == s.paragraph
            and (
                ctx.last_source[0].entry.kind != "person"
                or self.lex.get("paragraph_continues_people")
            )
            and not ctx.last_source[0].cue.startswith(self._according_start)
            # 「県警によると、…。…見つからなかった。」: in Japanese only after によると
            and ctx.last_source[0].cue.endswith(self._continues_after)
            and not self.has_subject(outside)  # 「県は自衛隊に派遣を要請。」: its own actor
            and len(re.sub(r"\W", "", outside)) >= 6  # not 「（完）」 nor a credit alone
            and not _NARRATION_START.match(outside)
        ):
            # a report's next sentences in the same paragraph say what it said
            found = self.continued(s, _REPORT_GOES_ON, s.start, s.start)
        if (
            not found
            and (study := self.lex.get("study_cue"))
            and ctx.last_source
            and ctx.last_source_sentence == ctx.sentence - 1
            and ctx.last_source_paragraph == s.paragraph
            and (
                ctx.last_source[0].cue == _FINDINGS_GO_ON
                or re.search(study, ctx.last_source[0].cue)
            )
            and _SHARE.search(outside)
        ):
            # 「Xが発表した調査では…。その結果、約62%が…。この数字は…約90%に上昇する。」: a
            # study's next figures in the same paragraph are its findings
            found = self.continued(s, _FINDINGS_GO_ON, s.start, s.start)
        if found and (s.quotes or s.in_quote_at_start is not None):
            ctx.last_quote = found
            if s.open_at_end is not None:
                ctx.quote_speakers[s.open_at_end] = found
        elif (found or not starts_with_quote) and not _NAME_ALONE.fullmatch(s.text):
            ctx.last_quote = []  # but 「…」と彼は語った。Famitsu。 then more of the quote
        if found:
            ctx.last_source, ctx.last_source_paragraph = found, s.paragraph
            ctx.last_source_sentence = ctx.sentence
        return found

    def _spoke(self, a: Attribution) -> bool:
        """Someone said it (「…と語った」, "he said", 「沙菲宜说」): a person, someone unnamed or a
        name the registry lacks, by a verb, not a report cited (によると, 据)."""
        return (
            a.method == "rule"
            and (a.entry.kind in ("person", "anonymous") or not a.entry.reviewed)
            and a.entry.kind != "unnamed"
            and not a.cue.startswith(self._according_start)
        )

    def continued(self, s: Sentence, cue: str, cue_start: int, cue_end: int) -> list[Attribution]:
        """The sources a sentence with no speaker of its own continues: the last ones named
        in this paragraph or the one before, the whole chain (「…と指摘した」 after 「植田総裁は
        …と述べた」, 「…という。」 after an outlet citing insiders, 「并表示」)."""
        ctx = self.ctx
        if not ctx.last_source or s.paragraph - ctx.last_source_paragraph > 2:
            return []
        # the whole chain goes on: 「関係者の話として報じた」 then 「…という」 is both again
        return [
            Attribution(
                a.entry,
                cue,
                cue_start,
                cue_end,
                a.surface,
                list(a.via),
                method="context",
                confidence=confidence(self.lang, "context", a.entry.kind),
            )
            for a in ctx.last_source
        ]

    def recent_source(self) -> list[Attribution]:
        """The last sources named, if they were named in this paragraph or the one before
        (what "the report", "it" or 「報道」 may stand for); paragraphs count lines, so a
        blank line between two is one more."""
        ctx = self.ctx
        if ctx.last_paragraph - ctx.last_source_paragraph > 2:
            return []
        return ctx.last_source

    def _finish(self, a: Attribution, s: Sentence) -> None:
        """Locate the source phrase in the sentence (the occurrence nearest the cue) and
        set the confidence measured for this kind of attribution."""
        if a.source_start < 0 and (surface := a.surface.strip()):
            starts = [m.start() for m in re.finditer(re.escape(surface), s.text)]
            if starts:
                at = min(starts, key=lambda i: abs(s.start + i - a.cue_start))
                a.source_start, a.source_end = s.start + at, s.start + at + len(surface)
        if not a.confidence:
            a.confidence = confidence(self.lang, a.method, a.entry.kind)

    def _remember(self, s: Sentence, found: list[Attribution], ctx: Context) -> None:
        """The last person and organisation named, for a later "he" or "the company"."""
        named = [m.entry for m in self.registry.find(s.text)] + [a.entry for a in found]
        for name in self.people_named(s.text):
            person = self.registry.resolve(name, default_kind="person", honorifics=self.honorifics)
            if person and person.kind != "person":  # 「野村悟被告」: no company called 野村
                plain = clean_phrase(name, self.honorifics)
                person = Entry(name=plain, kind="person", aliases=(plain,), reviewed=False)
            if person:
                named.append(person)
                if titled := self._title_at_end.search(name):  # 「安倍晋三首相」: a later 「首相」
                    ctx.titled.setdefault(titled.group(0).casefold(), person)  # the longest
        for title, name in self.titled_people(s.text):  # 「裁判官劉淑嫻」: a later 「裁判官」
            ctx.titled[title.casefold()] = self.known_person(name) or self._person(name)
        # "The Japan Meteorological Agency issued …": what a later "the agency" stands for
        if self._staff:  # 「天王寺動物園」, for a later 「飼育員は」 (not a body named in a quote)
            bodies = self._bodies_in(s)
            ctx.bodies += bodies
            named += [body for _, body in bodies]
        else:
            named += [b for name in self.bodies_named(s.text) if (b := self.body(name))]
        for entry in named:
            if entry.kind == "person":
                ctx.last_person = entry
                if entry not in ctx.people:
                    ctx.people.append(entry)
            else:
                if entry.kind == "organization":
                    ctx.last_org = entry
                if entry.kind in ("organization", "outlet"):
                    ctx.named_bodies.setdefault(entry.name, entry)
        for a in found:  # 「石破茂首相は」: a later 「首相は」 is him
            if a.entry.kind == "person":
                for title in self.honorifics:
                    if title in a.surface and title.casefold() != a.surface.casefold().strip():
                        ctx.titled[title.casefold()] = a.entry

    def inherit(self, atts: list[Attribution] | None, cue: str) -> list[Attribution]:
        """Copies of atts as context attributions under another cue."""
        return [
            Attribution(
                a.entry,
                cue,
                a.cue_start,
                a.cue_end,
                a.surface,
                list(a.via),
                a.source_start,
                a.source_end,
                "context",
                confidence(self.lang, "context", a.entry.kind),
            )
            for a in atts or []
        ]

    # -- hooks a language overrides -----------------------------------------------------

    def has_subject(self, outside: str) -> bool:
        """Whether a sentence names its own actor (so it does not go on with a report)."""
        return False

    def people_named(self, text: str) -> list[str]:
        """Names in a sentence a later surname may stand for, though nobody is quoted."""
        return []

    def speaker_line(self, block: Block) -> Attribution | None:
        """A line that only names who speaks next: 「日本銀行 植田総裁」 above a quote."""
        return None

    def bodies_named(self, text: str) -> list[str]:
        """Names of bodies in a sentence a later "the agency" may stand for: those that end
        in what a body is called (the lexicon's body_suffixes)."""
        if self._body is None:
            return []
        return [m.group(0) for m in self._body.finditer(text) if len(m.group(0)) >= 3]  # not 反省

    def _titled_surname(self, a: Attribution) -> Entry | None:
        """A person the text names by surname and role alone (「植田総裁は」「山川選手は」) keeps
        the role in their name: 植田総裁, not a bare 植田 that names no one. Courtesies (氏,
        さん) are no role; a full name (植田和男総裁) needs none."""
        entry = a.entry
        if entry.kind != "person" or entry.reviewed or not self.surname_only(entry.name):
            return None
        phrase = a.surface.strip().rstrip("はがもの、,")
        if not phrase.startswith(entry.name) and entry.name + "・" not in phrase:
            at = phrase.rfind(entry.name)
            if at < 0:
                return None
            phrase = phrase[at:]
        title = phrase[len(entry.name) :].lstrip("・ ")
        if not title or title in self._courtesies or title not in self._titles:
            return None
        named = self.ctx.surnamed.get(entry.name)
        if named is None:
            named = Entry(
                name=entry.name + title,
                kind="person",
                aliases=(entry.name, entry.name + title),
                reviewed=False,
            )
            self.ctx.surnamed[entry.name] = named
        return named

    def unknown_name(self, entry: Entry | None, phrase: str) -> Entry | None:
        """A second look at a name neither the registry nor the document knows (a
        language's hook): the entry as guessed, or what the phrase's words say it is."""
        return entry

    def surname_only(self, name: str) -> bool:
        """Whether a person's name is a family name alone (a language's hook)."""
        return False

    def _body_of_staff(self, a: Attribution, s: Sentence) -> Entry | None:
        """An unnamed staff member speaks for the body they work for: the one their phrase
        names (「消防庁の担当者」), else a body named just before them (「区役所に連絡し、当直
        職員は」), else the body the text has named most (a zoo's story, 「飼育員は」)."""
        if a.entry.kind != "anonymous" or self._staff is None:
            return None  # 「同社の広報担当者」 already stands for the company
        m = self._staff.fullmatch(a.surface.strip())
        if m is None:
            return None
        if head := m.group(1).strip():
            body = self.registry.resolve(head, default_kind="organization")
            if body and body.kind in ("organization", "outlet"):
                return body
            if named := [b for n in self.bodies_named(head) if (b := self.body(n))]:
                return named[-1]
        at = a.source_start if a.source_start >= 0 else a.cue_start
        bodies = [b for b in (*self.ctx.bodies, *self._bodies_in(s)) if b[0] < at]
        if not bodies:
            return None
        if at - bodies[-1][0] <= _NEAR_BODY:
            return bodies[-1][1]
        last = self.ctx.last_source
        if (
            last
            and last[0].entry.kind == "organization"
            and s.paragraph - self.ctx.last_source_paragraph <= 2
        ):
            return last[0].entry  # the body that spoke last goes on through its staff
        # the one named most, the first of equals (a story's lead names its main actor)
        counts = Counter(e.name for _, e in bodies)
        return max(enumerate(bodies), key=lambda ib: (counts[ib[1][1].name], -ib[0]))[1][1]

    def _bodies_in(self, s: Sentence) -> list[tuple[int, Entry]]:
        """The bodies sentence s names, with their document offsets."""
        found = [(s.start + m.start, m.entry) for m in self.registry.find(s.text)]
        for name in self.bodies_named(s.text):
            if body := self.body(name):
                found.append((s.start + max(s.text.find(name), 0), body))
        # not one a speaker names in what they say (a quote longer than a quoted name)
        speech = [(q0, q1) for q0, q1 in s.quotes if q1 - q0 > _QUOTED_NAME]
        return sorted(
            (
                b
                for b in found
                if b[1].kind == "organization" and not any(q0 < b[0] < q1 for q0, q1 in speech)
            ),
            key=lambda b: b[0],
        )

    def body(self, name: str) -> Entry | None:
        """A body bodies_named found: the registry's entry, a new one if the registry does
        not know the name, None if it knows it as something else."""
        entry = self.registry.resolve(name, default_kind="organization")
        if entry is None:
            return Entry(name=name, kind="organization", aliases=(name,), reviewed=False)
        return entry if entry.kind == "organization" else None

    def special(self, phrase: str) -> Entry | bool | None:
        """A language's own phrase shapes, tried before the lexicon and the registry; False
        for a phrase that names no source."""
        return None

    def titled_people(self, text: str) -> list[tuple[str, str]]:
        """(title, name) of each person the text names after their title (a language's
        hook: 「裁判官劉淑嫻」), for a later phrase that is the title alone."""
        return []

    def same_body(self, phrase: str, before: str) -> Entry | None:
        """The body a phrase like 「同協会」 or 「市」 stands for, by the kind of body it names
        (a language's hook)."""
        return None

    def coreferent_subject(self, phrase: str, before: str) -> Entry | None | bool:
        """For "the company said" after a name the registry lacks; False: not a referent."""
        return None

    def vague_source(self, phrase: str) -> Entry:
        """ "the ministry said", 「同社は」 with nothing before them to stand for."""
        return Entry(name=phrase.strip(), kind="unnamed", aliases=(phrase,))

    def vague_term_ok(self, folded: str, at: int, term: str) -> bool:
        return True

    def descriptor_name(self, rest: str, descriptor: Entry, phrase_tail: str) -> Entry | None:
        """A name after a vague descriptor: 「業界メディア「集微網」は」."""
        return None

    def plain(self, phrase: str) -> str:
        """The phrase as a name is looked up ("the company" → "company" in English)."""
        return phrase

    # -- resolution -------------------------------------------------------------------

    def coreferent(self, phrase: str, before: str = "") -> Entry | None:
        """What "the company", "a spokesman", "he", 「同社」 stand for: the first fitting
        name earlier in the same sentence (its subject: "Microsoft, which …, welcomed it,
        a spokesman said"), else the last one named before the sentence."""
        ctx = self.ctx
        if same := self.same_body(phrase.strip(), before):
            return same  # 「同事務所」 after 「豊岡健康福祉事務所」, not merely the last body
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
        if kinds == ("organization",):
            subject = self.coreferent_subject(phrase, before)
            if subject is False:
                return None
            # a spokesperson may speak for an outlet named in the sentence too ("Bloomberg
            # Businessweek's investigation …," a spokesperson told BuzzFeed News)
            bodies = ("organization", "outlet") if self._speaks_for.fullmatch(p) else kinds
            in_sentence = [m.entry for m in self.registry.find(before) if m.entry.kind in bodies]
            if in_sentence:
                return in_sentence[0]
            if isinstance(subject, Entry):
                return subject
            return ctx.last_org or self.vague_source(phrase)
        in_sentence = [m.entry for m in self.registry.find(before) if m.entry.kind in kinds]
        if not in_sentence and (named := self.people_named(before)):
            # 「总教练林威助…，他说」: someone the sentence named without the registry
            in_sentence = [e for n in named if (e := self.known_person(n) or self._person(n))]
        return in_sentence[0] if in_sentence else ctx.last_person

    def _person(self, name: str) -> Entry:
        """A person by a name the sentence gives, the registry's if it knows them."""
        entry = self.registry.resolve(name, default_kind="person", honorifics=self.honorifics)
        if entry is None or entry.kind != "person":
            return Entry(name=name, kind="person", aliases=(name,), reviewed=False)
        return entry

    def resolve(self, phrase: str, default_kind: str, before: str = "") -> Entry | None:
        """Registry entry, anonymous or vague source, or unreviewed name for a phrase.
        Whichever mention ends last is the head of the phrase and wins. `before` is the
        sentence up to the phrase, where "he" or "a spokesman" finds its referent."""
        phrase = phrase.strip()
        if not phrase:
            return None
        if (coref := self.coreferent(phrase, before)) is not None:
            return coref
        if self._coref_person.fullmatch(phrase.casefold()):
            return None  # "He said" with no one named before: no one the reader can check
        if (own := self.special(phrase)) is not None:
            # False: a phrase that refers to no source ("it", "they")
            return own if isinstance(own, Entry) else None
        best: tuple[int, Entry] | None = None
        folded = phrase.casefold()
        for (kind, terms), any_term in zip(self._vague_terms, self._vague_any, strict=True):
            if not any_term.search(folded):
                continue  # most phrases hold no vague term: one search instead of one a term
            for term, folded_term in terms:
                at = folded.rfind(folded_term)
                if at >= 0 and self.vague_term_ok(folded, at, term):
                    end = at + len(term)
                    if best is None or (end, len(term)) > (best[0], len(best[1].name)):
                        best = (end, Entry(name=term, kind=kind, aliases=(term,)))
                    break
        mentions = self.registry.find(phrase)
        if mentions:
            m = max(mentions, key=lambda m: (m.end, m.end - m.start))
            head = POSSESSIVE.sub("", phrase[m.end :])
            # 「TSMCの魏哲家CEO」「商务部新闻发言人何亚东」: the named head comes last
            possessed = head != phrase[m.end :] or (head and m.entry.kind != "person")
            if possessed and (person := self.titled_person(head)):
                return person
            if best is None or m.end >= best[0]:
                return m.entry
        if best:
            tail = phrase[best[0] :]
            rest = POSSESSIVE.sub("", re.sub(r"^である", "", tail.strip())).strip()
            if rest and (person := self.titled_person(rest)):
                return person  # 「アナリストのジョン・スミス氏」 is a named analyst
            if rest and (named := self.descriptor_name(rest, best[1], tail)):
                return named
            return best[1]
        phrase = self.plain(phrase)
        cleaned = clean_phrase(phrase, self.honorifics)
        title = phrase.strip()[len(cleaned) :] if phrase.strip().startswith(cleaned) else ""
        if (
            cleaned
            and (by_title := self.ctx.titled.get(title.casefold()))
            and by_title.name.startswith(cleaned)
        ):
            return by_title  # 「比嘉准教授」 after 「比嘉康春学長、比嘉いずみ准教授」
        if known := self.known_person(cleaned) or self.listed_outlet(cleaned):
            return known
        titles = self.ctx.titled
        if titled := titles.get(strip_article(phrase).casefold()) or titles.get(
            strip_article(cleaned).casefold()
        ):
            return (
                titled  # 「首相は」 after 「石破茂首相は」; "the senator" after "Senator Rand Paul"
            )
        entry = self.registry.resolve(phrase, default_kind=default_kind, honorifics=self.honorifics)
        if entry is None or not entry.reviewed:
            entry = self.unknown_name(entry, phrase)
        if (entry is None or not entry.reviewed) and self._staff and self._staff.fullmatch(cleaned):
            # 「飼育員は」「広報担当者は」: someone who answers for a body (_body_of_staff finds
            # which), not a body called 広報 once the title is gone
            entry = Entry(name=cleaned, kind="anonymous", aliases=(cleaned,), reviewed=False)
        return entry

    def titled_person(self, phrase: str) -> Entry | None:
        entry = self.registry.resolve(phrase, default_kind="person", honorifics=self.honorifics)
        return entry if entry and entry.kind == "person" else None

    def listed_outlet(self, phrase: str) -> Entry | None:
        """A reference-list outlet that ends the phrase (「中国メディアの量子位」)."""
        folded = phrase.casefold()
        for alias, entry in self.listed.items():
            if folded.endswith(alias):
                return entry
        return None

    def known_person(self, name: str) -> Entry | None:
        """A person named earlier in the document, now by surname alone: "Calhoun" for
        Dave Calhoun, 「魏氏」 for 魏哲家, 「ナデラ氏」 for サティア・ナデラ."""
        if not name:
            return None
        for entry in reversed(self.ctx.people):
            # 「植田総裁」 keeps its title (_titled_surname): its bare name is the first alias
            bare = (
                entry.aliases[0]
                if entry.aliases and entry is self.ctx.surnamed.get(entry.aliases[0])
                else entry.name
            )
            if name == bare and bare != entry.name:
                return entry  # 「植田氏」 after 「植田総裁」
            parts = re.split(r"[\s・·]+", bare)
            if len(parts) > 1 and name == parts[-1] and name != bare:
                return entry
            if (
                len(parts) == 1
                and _CJK_FULL_NAME.fullmatch(bare)
                and len(name) <= 2
                and bare.startswith(name)
            ):
                return entry
        return None


def naming_strength(entry: Entry, phrase: str) -> int:
    """2: a registry entry or anonymous/vague source; 1: a titled or 〜氏 name; 0: other."""
    if entry.reviewed or entry.kind in ("anonymous", "unnamed"):
        return 2
    return 1 if entry.kind == "person" or phrase.rstrip().endswith(("氏", "さん")) else 0


# a sentence that opens with a quote, maybe after a connective (「さらに、「…」, "And, “…")
_OPENS_QUOTE = re.compile(r"\s*(?:[^「『“\"\s、，,。]{1,6}[、，,]\s*)?[「『“\"]")


def _opens_with_speech(s: Sentence) -> bool:
    """The sentence opens with a quote of speech: at its very start, or after a connective
    when the quote runs on (a scare quote, 「非営利団体」, is a term: not speech)."""
    if s.text[:1] in '「『“"' or any(
        qs == s.start and (qe - qs >= 12 or qe >= s.end) for qs, qe in s.quotes
    ):
        return True  # at its start, the mark itself before it ('"We will …')
    m = _OPENS_QUOTE.match(s.text)
    if not m:
        return False
    at = s.start + m.end() - 1
    return any(qs == at and (qe - qs >= 12 or qe >= s.end) for qs, qe in s.quotes)


def as_written(phrase: str, read: str, text: str) -> str:
    """The lettering in `text` of a phrase found in `read`, a same-length reading of it
    (folded to simplified characters, another dot read as 「・」)."""
    at = read.find(phrase)
    return text[at : at + len(phrase)] if at >= 0 and phrase else phrase


def in_lettering(found: list[Attribution], s: Sentence, read: str) -> list[Attribution]:
    """Attributions found in `read`, a same-length reading of sentence s (folded to
    simplified characters, another dot read as 「・」), given back the lettering of s."""
    for a in found:
        a.cue = s.text[a.cue_start - s.start : a.cue_end - s.start]
        a.surface = as_written(a.surface, read, s.text)
        if not a.entry.reviewed or a.entry.kind in ("anonymous", "unnamed"):
            # a name the registry lacks, or a lexicon's term (「辯方律師」): as the text has it
            name = as_written(a.entry.name, read, s.text)
            a.entry = replace(a.entry, name=name, aliases=(name,))
        a.via = [as_written(v, read, s.text) for v in a.via]
    return found


def alternation(terms: list[str]) -> str:
    return "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))


def last_boundary(text: str, before: int) -> int:
    i = before - 1
    while i >= 0 and text[i] not in BOUNDARY:
        i -= 1
    return i + 1


def strip_article(phrase: str) -> str:
    return _ARTICLE.sub("", phrase.strip())


def unquote_names(
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
