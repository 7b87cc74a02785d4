"""Chinese attribution grammar, simplified and traditional.

Shapes: an "according to" frame (据X报道, 根据X的统计, 据X援引Y报道: the outlet reports what
its source said), a body's figures opening the sentence (国家统计局数据显示, 36氪获悉), and a
speech verb with its speaker before it (X表示, 马斯克在社交媒体上表示, 他还称), with the
outlet it spoke to (一位人士向界面新闻透露) and the outlet that cites an inner source
(路透社援引两名消息人士的话说). A denied report (相关报道不实) cites no one. A subject the
registry lacks is a person when it starts with a common surname, else an organisation.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from factcheck.citations.common import (
    Attribution,
    Grammar,
    alternation,
    as_written,
    in_lettering,
    last_boundary,
    lexicon,
    unquote_names,
)
from factcheck.han import fold
from factcheck.segment import Sentence
from factcheck.sources import Entry, has_org_suffix

_EARLIER = re.compile(r"(?:根据|据)?(早前|此前|之前|先前|较早前|早先|稍早)")  # …报道
# the body's own channel after its name: 官方微博平安北京, 微信公众号, 官网
_CHANNEL = re.compile(
    r"(?:的)?(?:官方)?(?:微博|微信公众号|微信公号|微信|公众号|网站|官网|推特|脸书|账号)[^，,]{0,10}$"
)
_CIRCUMSTANCE = re.compile(
    r"(?:在|于|於|通过|通過|上周|本周|上月|昨天|昨日|今天|今日|日前|近日|此前|当天|當天|当日|"
    r"(?:今|昨|当|當)?(?:上午|下午|中午|晚上|早上|凌晨|傍晚|今晨|昨晚)|"
    r"受访|受訪|赛后|賽後|会后|會後|"
    r"周[一二三四五六日]|\d+月\d+日|\d+日[早晚]?|\d+时|访问|訪問|出席|接受|(?:首次|正式|再次)*作出).*$"
)
# documents that speak for the body that issued them; the replies and letters among them
# only as a speaker (「答复称」), not opening a sentence, where 说明 is a verb
_DOCUMENTS = "公告|声明|通报|报告|财报|公报|回应|通知|文件|文告|通告|新闻稿|判词|判辞|判决书|裁决书"
_JUDGE = re.compile(r"([一-鿿])官")  # 「高官」「陳官」: how Hong Kong court news names a judge
_ISSUED_BY = re.compile(rf"(.+?)(?:今|昨)?(?:颁下|发出|作出|发表)的(?:{_DOCUMENTS})")
_DOCUMENT = re.compile(
    rf"(?:该|其|这份|这一|上述|此份|同日|最新)?(?:{_DOCUMENTS}|答复|回复|说明|函件|来函)(?:中|里|上)?"
)
_OWNERLESS = re.compile(
    rf"^[\s\W]*(?:此外|另外|同时)?[，,]?\s*(?:据|根据)?((?:该|其|上述)?(?:{_DOCUMENTS}))"
    r"(?:显示|指出|表示|称|中称)?(?=[，,：:])"
    # 「结果显示，…」「调查显示，…」: what the study of the body named last found
    r"|^[\s\W]*(?:此外|另外|同时|而)?[，,]?\s*((?:该|其|上述|这项|此项|这一)?"
    r"(?:调查|调查结果|研究|研究结果|结果|数据|统计|问卷|民调))(?:显示|表明)(?=[，,：:])"
)
_LABEL = re.compile(r"^\s*([^，,。：:“”「」\s]{2,20})\s*([：:])\s*[“「『\"]")
_FIRST_CLAUSE = re.compile(r"[，,、：:；;。]")  # where the first clause ends
_TOPIC_CLAUSE = (
    "针对",
    "對於",
    "对于",
    "关于",
    "關於",
    "就",
)  # 「针对…报道」: a topic, not a speaker
_TEXT_FOLLOWS = re.compile(
    r"\s*(?:附|以下[为是]|下面[为是])?(.{2,20}?)(?:的|致辞|致词|讲话|演说|演讲|发言)?"
    r"((?:声明|回应|致歉信|公开信|长文)?(?:原文|全文)(?:如下)?)"
    r"\s*[：:]\s*"
)
_QUOTE_NEXT = re.compile(r"[：:，,]?\s*\u25a1")  # the verb's own words, quoted
_COLON_QUOTE = re.compile(r"[：:]\s*[“「『\"\u25a1]")  # □: the quote blanked out
_COMMA_QUOTE = re.compile(
    r"[，,]\s*[“「『\"]?\u25a1+[”」』\"]?[。！？!?]?\s*$"
)  # the quote ends it
_LEADING = re.compile(r"^(?:但是|但|而且|而|并且|并|且|同时|不过|此外|另外|因此|所以|对此|其中)")
_ISSUING = re.compile(r"(?:发布|發布|发出|發出|发表|發表|公布)(?:了)?[^，,。：:]{0,24}$")
_CONDUIT = re.compile(r"(.+?)(?:向|对|對)(.+)$")
_LEARNED = re.compile(
    # 「记者19日从…获悉」: the body told the reporter
    r"^\s*(?:(?:随后|隨後|此外|另外|同时|同時|而|目前)[，,]?\s*)?"  # 「随后，记者从…了解到」
    r"(?:(?:(?:本报|本台|本网)?记者)?(?:\d+日|近日|日前|昨日|昨天|今天|今日)?[从向])?"
    r"(?P<who>[^，,。：:\s]{2,24}?)(?:独家|獨家)?(?:获悉|獲悉|了解到|得知|获知)"
)  # 「36氪获悉」
# 「国家统计局数据显示，…」「该机构发布的报告显示」: a body's figures open the sentence
_SHOWS = re.compile(
    r"^\s*(?:[^，,。：:“”]{1,20}[，,]\s*)?"  # 「近日，」 or a heading run into the sentence
    r"(?P<who>[^，,。：:\s]{2,20}?)(?:发布的|公布的|发布|公布|的)?(?:最新)?"
    r"(?:数据|數據|统计|統計|报告|報告|调查|調查|研究|公告|财报|財報|年报|年報)(?:显示|顯示|表明)"
)
# what comes after a name besides the lexicon's verbs: particles, conjunctions, time
_ROLES = (
    "村民",
    "居民",
    "市民",
    "记者",
    "球员",
    "教练",
    "总教练",
    "代总教练",
    "医生",
    "律师",
    "法官",
)
_AFTER_NAME = list("在于的和与及等也还则并又亦更曾此同对就为向被将已是而但据今昨前上本周近当日月年")
# and what opens a circumstance after the name (赛后, 会后, 受访, 接受, 出席, 访问)
_NOT_A_NAME_END = frozenset([*_AFTER_NAME, *"表说称指赛賽会會受接出访訪"])
_DOTTED_NAME = re.compile(r"([一-鿿]+)((?:[·・][一-鿿]{1,10})+)")  # a foreign name in full
_SUBJECT = re.compile(r"[一-鿿A-Za-z0-9]{2,12}(?:·[一-鿿]{1,8})*")  # 英伟达, IT桔子
_NOT_SUBJECT = re.compile(
    r"^的|这|這|该|該|此|其|我|你|他们|她们|公司|方面|消息|报道|報道|数据|數據|声明|聲明|文件|"
    r"相关|相關|有关|有關|目前|当前|當前|今年|去年|未来|未來|一些|部分|多数|多數|所有|这些|那些|"
    r"[一二两兩三四五六七八九十几幾数數多][名位个個家人]"
)
# the commonest Chinese surnames: a two- or three-character subject starting with one is a
# person (黄仁勋), otherwise an organisation (英伟达)
_SURNAMES = set(
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹"
    "彭曾肖田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋"
    "付方白邹鄒孟熊秦邱江尹薛闫段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯"
)


def _not_a_name(words: tuple[tuple[str, str], ...]) -> bool:
    """An adverb at the end, or a verb opening a long phrase: a clause, not a name."""
    if not words:
        return False
    size = len("".join(w for w, _ in words))
    verb = [f.startswith(("v", "a", "d")) and f != "vn" for _, f in words]
    if len(words) == 1:
        return words[0][1].startswith(("v", "d", "s", "t", "c"))  # 「可行」「当地」「下午」「另外」
    counted_part = words[-1][1] == "m" and any(f == "uj" for _, f in words)
    if words[0][1] == "t" or counted_part or words[-1][0] in ("时", "時"):
        return True  # 「早在9月初」「事发时」「疫情的首份」 (not 「拼多多」): a time, a part
    if any(f.startswith("d") or f == "ad" for _, f in words):
        return True  # 「更是人人」「日方明确表示媒体」: an adverb is in a clause, not a name
    # 「中央反复」「网友留言」 end with a verb; 「引发国台办」 opens with one and its object;
    # 「指挥中心」「天眼查」 are names
    return size >= 4 and (verb[-1] or (verb[0] and size > 5))


@cache
def _name_characters() -> tuple[frozenset[str], frozenset[str], re.Pattern[str]]:
    """The characters of transliterated names (bench/zh_names.py), the characters a word
    after a name starts with (a speech verb, 还, 在, 随后), and the titles and roles that
    may come before one (负责人)."""
    path = resources.files("factcheck").joinpath("data/cues/zh-derived.json")
    derived = json.loads(path.read_text("utf-8"))
    lex = lexicon("zh")
    after = [*lex["speech_verbs"], *lex["speaker_adverbs"], *lex["channels"], *_AFTER_NAME]
    roles = {fold(t) for t in (*lex["honorifics"], *(lex.get("roles_before_names") or ()))}
    titles = re.compile(alternation(sorted(roles)))
    return frozenset(derived["transliteration"]), frozenset(fold(w)[0] for w in after), titles


def dotted_names(text: str) -> list[str]:
    """Foreign names written in full, 「约翰·图恩」, in the folded text: the given name is
    the run of transliteration characters before the dot, less a title it ends in
    (「参院多数党领袖约翰·图恩」「联合创始人格雷格·布罗克曼」), the surname what follows
    the dot up to a word that comes after a name (「钱德拉塞卡表示」「图恩随后」)."""
    if "·" not in text and "・" not in text:
        return []
    chars, after, titles = _name_characters()
    names = []
    for m in _DOTTED_NAME.finditer(text):
        left = m.group(1)
        start = len(left)
        while start > 0 and left[start - 1] in chars:
            start -= 1
        for t in titles.finditer(left):  # a title ending inside the run: 「创始人格雷格」
            if start < t.end() < len(left):
                start = t.end()
            elif 0 < start - t.end() <= 2:
                start = t.end()  # 「教授塞缪尔」: a rare character (缪) after the title
        given = left[start:]
        parts = re.split("([·・])", m.group(2))[1:]
        surname = ""
        for dot, part in zip(parts[::2], parts[1::2], strict=True):
            j = 1
            while j < len(part) and part[j] not in after:
                j += 1
            surname += dot + part[:j]
            if j < len(part):
                break
        if given:
            names.append(given + surname)
    return names


def _before_verb(clause: str) -> str:
    """A clause's words before its first verb, preposition, adverb or conjunction."""
    words = segment(clause.strip())
    for i, (_w, f) in enumerate(words):
        if i > 0 and f.startswith(("v", "p", "d", "c")):
            words = words[:i]
            break
    return "".join(w for w, _ in words)


_NOUN_AFTER = frozenset("师员者家会书人稿")
_GLOSSED = re.compile(r"([一-鿿·]{2,8})[(（]([A-Z][a-z]+(?:[ -][A-Z][\w.'-]+){1,3})[)）]")
_ASIDE = re.compile(r"[(（][^()（）]{0,40}[)）]")
_BLANK = "\u2002"  # an aside blanked, offsets kept
_BOSS = re.compile(r"[一-鿿]{1,2}总")  # 「王总」: the boss called by name
_DESCRIBED_ROLES = (
    *(
        "官员",
        "人员",
        "工作人员",
        "医生",
        "医师",
        "家长",
        "负责人",
        "警员",
        "民众",
        "居民",
        "球员",
        "学生",
    ),
    *("老师", "律师", "员工", "职员", "村民", "目击者", "知情者", "护士", "司机", "乘客", "店员"),
    *("店主", "商户", "业主"),
)
_DESCRIBED = re.compile(
    r"(?:.{0,12}?(?:一名|一位|某|另一名|另一位|另名|这名|该名|多名|两名|数名|几名|不具名的|匿名的))?"
    r"[^，。：“”\u25a1]{0,10}?(?:" + "|".join(_DESCRIBED_ROLES) + ")"
)
_SOMEONE = re.compile(r"有(?!关|關)[一-鿿]{1,8}")
_PRONOUNS = ("他", "她", "它", "他们", "她们", "他們", "她們")


def _glossed_person(phrase: str) -> Entry | None:
    """The last name in a phrase that the text glosses with a person's Latin name:
    「欧盟驻华代表处一等秘书杜海飞(Raphael Droszewski)」 is 杜海飞, also Raphael Droszewski."""
    found = None
    for m in _GLOSSED.finditer(phrase):
        if not has_org_suffix(m.group(2)):
            found = m
    if found is None:
        return None
    words = segment(fold(found.group(1)))
    names = [w for w, f in words if f.startswith("nr")] or [words[-1][0]] if words else []
    folded = names[-1] if names else ""
    dotted = dotted_names(fold(phrase[: found.end(1)]))  # with the title before it
    if dotted and fold(found.group(1)).endswith(dotted[-1]):
        folded = dotted[-1]  # 「参议长米格尔·苏比里(Juan Miguel Zubiri)」: the whole name
    if len(folded) < 2:
        return None
    whole = fold(found.group(1))
    at = whole.rfind(folded)
    if len(folded) == 2 and at > 0 and whole[at - 1] in _SURNAMES:
        folded = whole[at - 1] + folded  # 「執行長譚霍克」: jieba reads 譚 / 霍克
    name = as_written(folded, whole, found.group(1))
    return Entry(name=name, kind="person", aliases=(name, found.group(2)), reviewed=False)


def _without_adverbs(phrase: str) -> str:
    """A phrase without the adverbs it ends in, by jieba's tags (「魏哲家明确」: 魏哲家)."""
    folded = fold(phrase.strip())
    words = list(segment(folded))
    while len(words) > 1 and words[-1][1] in ("d", "ad"):
        words.pop()
    if any(f.startswith(("v", "p", "a")) and f != "vn" for _w, f in words):
        return phrase  # 「参院少数党完全拒绝任何快速」: a clause, not a speaker
    return as_written("".join(w for w, _ in words), folded, phrase.strip())


Words = Sequence[tuple[str, str]]


def _after_relative_clause(words: Words) -> tuple[Words, bool]:
    """The words after a relative clause (「在周口开会的 | 该市外宣办曹姓官员」), and whether
    there was one: a 的 with a verb or preposition before it."""
    rel = max((i for i, (w, _f) in enumerate(words) if w == "的" and i > 0), default=-1)
    if rel >= 0 and any(f.startswith(("v", "p")) for _, f in words[:rel]):
        return words[rel + 1 :], True
    return words, False


def _without_lead(words: Words) -> Words:
    """Without the conjunctions, times, adverbs, prepositions and numbers a phrase opens with."""
    while words and words[0][1] in ("c", "t", "d", "p", "m", "u", "uj", "x"):
        words = words[1:]
    return words


def _head(phrase: str) -> str:
    """The noun phrase that names the speaker in a phrase before a speech verb, by jieba's
    words: after a relative clause (「在周口开会的该市外宣办曹姓官员」), without a leading
    conjunction or time, up to the first preposition, adverb, time or place word
    (「中国疾控中心对外」「公司同日」), or verb of a clause of time (「她离开时」)."""
    words, _ = _after_relative_clause(list(segment(phrase.strip())))
    words = _without_lead(words)
    # jieba tags many names as verbs (盛来运: 盛来/v 运): a verb ends the phrase only in a
    # clause of time (「她离开时」)
    when = bool(words) and words[-1][0] in ("时", "時", "后", "後")
    for i, (_w, f) in enumerate(words):
        verb = f.startswith("v") and f != "vn" and when
        if i > 0 and (verb or f.startswith(("p", "t", "d", "s", "f"))):
            words = words[:i]
            break
    return "".join(w for w, _ in words)


_BODY_END = re.compile(r"(?:总队|支队|大队|分局|公安局|委员会|管理局|中心|指挥部|办公室)$")


def _body(phrase: str) -> Entry | None:
    """A body's full name the registry lacks, told by how it ends (「上海市公安局城市轨道和
    公交总队」), where a 和 inside it keeps jieba from reading it as one name."""
    name = phrase.strip()
    if not _BODY_END.search(name) or len(name) > 24:
        return None
    return Entry(name=name, kind="organization", aliases=(name,), reviewed=False)


def subject_name(phrase: str) -> Entry | None:
    """A name the registry does not know, alone before a speech verb: 「英伟达表示」; every
    word of it a noun by jieba's tags (not 「引发国台办」「中央反复」)."""
    phrase = phrase.strip()
    if not _SUBJECT.fullmatch(phrase) or _NOT_SUBJECT.search(phrase):
        return None
    folded = fold(phrase)
    if _not_a_name(segment(folded)):
        return None
    if dotted := dotted_names(folded):
        name = as_written(dotted[-1], folded, phrase)
        return Entry(name=name, kind="person", aliases=(name,), reviewed=False)
    if len(phrase) <= 3 and phrase[0] in _SURNAMES:
        return Entry(name=phrase, kind="person", aliases=(phrase,), reviewed=False)
    return _person_at_end(phrase) or Entry(
        name=phrase, kind="organization", aliases=(phrase,), reviewed=False
    )


_FINDING_AFTER_CLAUSE = re.compile(
    r"^\s*([^，,。：:]{2,40}?(?:公布|发布|發布|公佈|进行|進行|完成)[^，,。]{0,20})[，,]\s*"
    r"((?:调查|調查|研究|民调|民調)?(?:结果|結果)(?:显示|顯示|表明|指出))(?=[，,：:])"
)
_TIME_CLAUSE = re.compile(r"[一-鿿](?:时|后|前)")  # 「求情时」「裁决时却」: when, not who
_NOT_BEFORE_NAME = ("v", "p", "u", "c", "d", "r", "y", "e", "o", "x", "w")


def _person_at_end(phrase: str) -> Entry | None:
    """The person a phrase ends on by jieba's tags, after roles and bodies only: a name
    (nr, two to four characters) is the person; a surname alone (张姓男子) is anonymous."""
    text = phrase.strip()
    folded = fold(text)
    words = segment(folded)
    if not words:
        return None
    surnamed = [
        i for i, (w, f) in enumerate(words) if f == "nrfg" or (f == "nr" and w.endswith("姓"))
    ]
    if surnamed:  # from the surname on (not 「据张姓男子」)
        name = text[sum(len(w) for w, _ in words[: surnamed[0]]) :]
        return Entry(name=name, kind="anonymous", aliases=(name,))
    last, flag = words[-1]
    spelled = len(words)  # 「莫哈末/哈达」「阿末扎希」: a name spelled out in sounds (nrt)
    while spelled > 0 and words[spelled - 1][1] in ("nr", "nrt"):
        spelled -= 1
    sounds = "".join(w for w, _ in words[spelled:])
    if any(f == "nrt" for _, f in words[spelled:]) and 3 <= len(sounds) <= 8:
        if any(f.startswith(_NOT_BEFORE_NAME) for _, f in words[:spelled]):
            return None
        name = text[len(text) - len(sounds) :]
        return Entry(name=name, kind="person", aliases=(name,), reviewed=False)
    if len(words) > 1 and words[-2][1] == "nr" and len(words[-2][0]) == 1 and flag == "nr":
        last, words = words[-2][0] + last, words[:-1]  # 「胡/金秋」: jieba cut the surname off
    if flag != "nr" or not 2 <= len(last) <= 4 or last[0] not in _SURNAMES:
        return None  # jieba reads 宣传部 as a name too: a name starts with a surname
    if any(f.startswith(_NOT_BEFORE_NAME) for _, f in words[:-1]):
        return None  # a verb, particle or pronoun before it: no plain title and name
    name = text[len(text) - len(last) :]
    return Entry(name=name, kind="person", aliases=(name,), reviewed=False)


_SPOKESPERSON = re.compile(r"(?:该|这名|这位|那名|那位)?(?:新闻)?发言人(?:又|也|还|则|并|续|再)?")
# a press conference's transcript: 问：… 答：…
_QUESTION = re.compile(r"\s*(?:问|問)\s*[：:]")
_ANSWER = re.compile(r"\s*(答)\s*[：:]")
_COUNTED_STUDY = re.compile(r"(?:一|多|两|几|另一|最新一)(?:项|份|组|些)(?:新|最新)?$")
_STUDY_BY = re.compile(r"(.{2,16}?)的(?:一|多|两|几|另一|最新一)(?:项|份|组|些)(?:新|最新)?")
_TITLE = re.compile(r"《[^《》]{1,60}》")  # a work's title: the bodies in it are not named
_BODY_LEAD = re.compile(
    r"致电|联系|询问|采访|拨打|电话|前往|来到|记者|获悉|了解|向|从|对|据|在|与|和|及|了|到|称|说|是|的|该|其"
)


class Chinese(Grammar):
    lang = "zh"

    def prepare(self) -> None:
        super().prepare()
        verbs = alternation(self.lex["speech_verbs"] + list(self.finding_verbs))
        # 「总教练林威助」「村民吴丽英」: a person's name after their title or role
        titles = alternation([fold(t) for t in (*self.honorifics, *_ROLES)])
        surnames = "".join(sorted(_SURNAMES))
        self._titled_names = re.compile(rf"(?:{titles})([{surnames}][一-鿿]{{1,2}})")
        # a title's last character, then a surname: one pass that most sentences fail
        ends = "".join(sorted({fold(t)[-1] for t in (*self.honorifics, *_ROLES) if t}))
        self._titled_hint = re.compile(rf"[{re.escape(ends)}][{surnames}]")
        if short := self.lex.get("speech_verbs_before_pause"):
            # 「撰文指「…」」: 指 before a quote, blanked (not 回答 in 「毛寧回答「…」」)
            # 「他指政府…」: after a pronoun too (not 指甲, 指着)
            verbs += rf"|(?:{alternation(short)})(?=[，,：:“「『])|指(?=\u25a1)|(?<=[他她])指(?![甲着向])"
        self._speech_verbs = re.compile(verbs)
        citing = alternation(self.lex.get("citing") or ["(?!)"])
        self._citing = re.compile(citing)  # 援引: the outlet before it cites the source after
        self._citing_in = re.compile(rf"(.+?)(?:{citing})(.+?)(?:的话|的話|的消息)?$")
        self._citing_split = re.compile(rf"(.+?)(?:{citing})(.+)$")
        adverbs = alternation(self.lex.get("speaker_adverbs") or ["(?!)"])
        self._speaker_adverbs = re.compile(rf"(?:{adverbs})+$")  # 「他还称」
        vague_cues = alternation(self.lex.get("vague_cues") or ["(?!)"])
        self._vague_cue = re.compile(rf"^[\s\W]*({vague_cues})(?=[，,：:\s])")
        cues = alternation(self.lex["according_to"])
        post = alternation(self.lex["according_to_post"])
        self._according = re.compile(rf"(?:{cues})(?P<who>[^，,。：:\u25a1]{{1,30}}?)(?:{post})")

    def find(self, s: Sentence, outside: str) -> tuple[list[Attribution], bool]:
        """Read the sentence folded to simplified characters (same offsets), then give
        cues and names the lettering of the text."""
        view = replace(s, text=fold(s.text))
        found, forward = self._find(view, fold(outside))
        return in_lettering(found, s, view.text), forward

    def _segmented(self, phrase: str) -> Entry | None:
        """The speaker in a phrase the rules cannot read, by jieba's words and tags: the
        subject before the first verb or preposition (「刘晖的辩护律师莫少平星期天听判后对
        BBC中文网」), the head after a relative clause (「在周口开会的该市外宣办曹姓官员」),
        and in it the last personal name (nr) or organisation (nt); someone known only by
        surname (曹姓官员) or counted (一名孕妇) is anonymous."""
        words: Words = segment(phrase)
        if not words:
            return None
        if any(f == "nrfg" or (f == "nr" and w.endswith("姓")) for w, f in words):
            text = phrase.strip()
            return Entry(name=text, kind="anonymous", aliases=(text,))  # 「曹姓官员」
        words, relative = _after_relative_clause(words)
        if not relative:
            for i, (_w, f) in enumerate(words):
                if i > 0 and (f.startswith(("v", "p")) or f in ("t", "f", "d")):
                    words = words[:i]
                    break
        words = _without_lead(words)
        if not words:
            return None
        text = "".join(w for w, _ in words)
        if (
            any(f == "nrfg" or (f == "nr" and w.endswith("姓")) for w, f in words)
            or words[0][1] == "m"
        ):
            return Entry(name=text, kind="anonymous", aliases=(text,))
        if len(words) == 1 and words[0][1] == "r":
            return self.coreferent(words[0][0])
        if dotted := self.people_named(text):  # 「参院多数党领袖约翰·图恩」
            return self.titled_person(dotted[-1]) or Entry(
                name=dotted[-1], kind="person", aliases=(dotted[-1],), reviewed=False
            )
        names = [w for w, f in words if f in ("nr", "nrt") and len(w) >= 2]
        if names:
            return self.titled_person(names[-1]) or Entry(
                name=names[-1], kind="person", aliases=(names[-1],), reviewed=False
            )
        orgs = [w for w, f in words if f == "nt"]
        if orgs:
            return self.resolve(orgs[-1], "organization") or Entry(
                name=orgs[-1], kind="organization", aliases=(orgs[-1],), reviewed=False
            )
        return None

    def unknown_name(self, entry: Entry | None, phrase: str) -> Entry | None:
        # 「中国气象局首席预报员张涛」 is 张涛, 「张姓男子」 someone known by surname only,
        # though the registry's guess by the ending made them a body; 「西華里里長陳麗如」,
        # which it could not guess, is 陳麗如
        if entry is not None and entry.kind == "person":
            # 「辩方律师求情时」: after the title 律师 no name, but a clause of time
            if not _TIME_CLAUSE.search(fold(entry.name)):
                return entry
            # the speaker is who comes before the clause's verb: 「裁判官裁决时却」 is 裁判官
            folded = fold(phrase.strip())
            words = segment(folded)
            verb = next((i for i, (_, f) in enumerate(words) if f.startswith("v")), 0)
            head = "".join(w for w, _ in words[:verb])
            if not head or head == folded:
                return None
            return self.resolve(phrase.strip()[: len(head)], "person")
        if entry is not None and entry.kind != "organization" and entry.kind != "outlet":
            return entry
        return _person_at_end(phrase) or entry

    def titled_person(self, phrase: str) -> Entry | None:
        # 「市民王先生」: after the vague 市民, a person jieba reads as a name
        entry = super().titled_person(phrase)
        if entry is None and (named := _person_at_end(phrase)) and named.kind == "person":
            return named
        return entry

    def plain(self, phrase: str) -> str:
        # 「参议院领袖约翰·图恩」 is looked up as 「约翰·图恩」
        folded = fold(phrase)
        dotted = dotted_names(folded)
        return as_written(dotted[-1], folded, phrase) if dotted else phrase

    def bodies_named(self, text: str) -> list[str]:
        # a run of Han characters has no word breaks: the name starts after the last verb
        # or particle before it (「记者致电阳头街道办」 names 阳头街道办)
        titled = _TITLE.sub(lambda m: "\u25a1" * len(m.group(0)), text)  # not 《国内中小学…报告》
        return [
            name
            for found in super().bodies_named(titled)
            if len(name := _BODY_LEAD.split(found)[-1]) >= 4  # not 中小学
            # a clause that ends in a body's ending is no name: 「国民经济实现良好开局」
            and not any(f == "v" for _, f in segment(name))
        ]

    def people_named(self, text: str) -> list[str]:
        # 「约翰·图恩」: a later 「图恩」 is him (Grammar.known_person); 「总教练林威助」: a
        # later 「他」 in the sentence is him
        folded = fold(text)
        dotted = dotted_names(folded) if "·" in text or "・" in text else []
        return dotted + [name for _, name in self.titled_people(text)]

    def titled_people(self, text: str) -> list[tuple[str, str]]:
        # 「裁判官劉淑嫻指」: a later 「裁判官」 is her
        folded = fold(text)
        titled = []
        hinted = self._titled_hint.search(folded) is not None
        for m in self._titled_names.finditer(folded) if hinted else ():
            name = m.group(1)
            if name[-1] in _NOT_A_NAME_END:  # 「局长王毅表示」: 王毅
                name = name[:-1]
            if len(name) >= 2:
                title = text[m.start() : m.start(1)]
                titled.append((title, as_written(name, folded, text)))
        return titled

    def special(self, phrase: str) -> Entry | bool | None:
        folded = fold(phrase.strip())
        if (
            folded.endswith(_DESCRIBED_ROLES)
            and _DESCRIBED.fullmatch(folded)
            and not self.registry.find(phrase)
        ):
            # 「当地警方一名工作人员」「另一名资深美国官员」「参与抢救的一位医生」: someone
            # described, not named
            return Entry(name=phrase.strip(), kind="anonymous", aliases=(phrase.strip(),))
        if folded.endswith("总") and _BOSS.fullmatch(folded):
            return Entry(
                name=phrase.strip(), kind="person", aliases=(phrase.strip(),), reviewed=False
            )  # 「恰總」「王总」
        if folded.endswith("方面") and len(folded) > 2:
            # 「伊利方面」: that side, the body itself
            body = phrase.strip()[:-2]
            return self.resolve(body, "organization") or subject_name(body) or False
        if (
            folded.startswith("有")
            and _SOMEONE.fullmatch(folded)
            and not self.registry.find(phrase)
        ):
            # 「有批评声音指出」「有网友称」「有人说」: someone, unnamed
            return Entry(name=phrase.strip(), kind="unnamed", aliases=(phrase.strip(),))
        if (judge := _JUDGE.fullmatch(folded)) and (
            named := next(
                (
                    e
                    for e in reversed([*self.ctx.people, *self.ctx.titled.values()])
                    if e.kind == "person" and fold(e.name).startswith(judge.group(1))
                ),
                None,
            )
        ):
            return named  # 「高官」 after 「暫委法官高偉雄」: a Hong Kong judge by surname and 官
        if (issued := _ISSUED_BY.fullmatch(folded)) and (
            by := self.resolve(phrase.strip()[: len(issued.group(1))], "person")
        ):
            return by  # 「高官頒下的判詞」: whoever issued the document
        if earlier := _EARLIER.fullmatch(folded):
            # 「根据早前报道」「此前报道」: what was reported before, by no one named
            name = earlier.group(1) + "报道"
            return Entry(name=name, kind="unnamed", aliases=(name,))
        ctx = self.ctx
        if folded == "官方" and ctx.last_org:
            return ctx.last_org  # 「官方数据显示」 after 「国家统计局公布」: that body
        if (
            _SPOKESPERSON.fullmatch(folded)
            and ctx.last_source
            and ctx.last_paragraph - ctx.last_source_paragraph <= 2  # this paragraph or the last
            and ctx.last_source[0].entry.kind in ("organization", "person")
        ):
            return ctx.last_source[
                0
            ].entry  # 「美国国防部发言人表示…。发言人说」: the body just named
        # 「公告称」「回应中称」「据公告」: the document of the body named last speaks for it
        if _DOCUMENT.fullmatch(phrase.strip()):
            last = self.ctx.last_source[0].entry if self.ctx.last_source else self.ctx.last_org
            if last is not None and last.kind in ("organization", "outlet", "person"):
                return last
            return False
        return None

    def _label(self, s: Sentence, outside: str) -> Attribution | None:
        m = _LABEL.match(s.text)
        if not m or self._speech_verbs.search(m.group(1)):
            return None
        who = m.group(1)
        entry = self.resolve(who, "person") or subject_name(who) or self._segmented(who)
        if entry is None or entry.kind not in ("person", "organization", "anonymous"):
            return None
        return Attribution(
            entry,
            m.group(2),
            s.start + m.start(2),
            s.start + m.end(2),
            m.group(1),
            source_start=s.start + m.start(1),
            source_end=s.start + m.end(1),
        )

    def _clause_subject(self, clause: str) -> Entry | None:
        """Who a clause is about: the words before its first verb (「央行並再度下修今年通膨
        率」: 央行), known to the registry or the document, or a name by jieba's tags."""
        subject = _before_verb(clause)
        entry = self.resolve(subject, "organization") if len(subject) >= 2 else None
        if entry is None:
            return subject_name(subject)
        return entry if self._known(entry) else None

    def _known(self, entry: Entry) -> bool:
        """A person or body the registry or the document has named."""
        return entry.kind in ("person", "organization", "outlet") and (
            entry.reviewed or entry in self.ctx.people or entry in self.ctx.titled.values()
        )

    def _framed(self, s: Sentence, outside: str) -> Attribution | None:
        """「舒默则坚持立场：“…”」: a clause whose subject someone named earlier or in the
        registry is opens a quote with a colon, its predicate no speech verb."""
        m = _COLON_QUOTE.search(outside)
        comma = None if m else _COMMA_QUOTE.search(outside)
        if comma:  # 「主教练王博赛后喜极而泣，“感谢大家…”」: a person, then their quote
            m = comma
        if not m:
            return None
        begin = last_boundary(outside, m.start())
        subject = _before_verb(outside[begin : m.start()])
        entry = self.resolve(subject, "person") if len(subject) >= 2 else None
        if comma and (entry is None or entry.kind != "person"):
            named = self.people_named(outside[begin : m.start()])
            entry = self.known_person(named[0]) or self._person(named[0]) if named else None
            if entry is not None:
                subject = named[0]
        elif entry is None or not self._known(entry):
            return None
        if entry is None:
            return None
        return Attribution(
            entry,
            outside[begin : m.start() + 1],
            s.start + begin,
            s.start + m.start() + 1,
            subject,
        )

    def _find(self, s: Sentence, outside: str) -> tuple[list[Attribution], bool]:
        found: list[Attribution] = []
        outside = unquote_names(s, outside, ("的", "称", "稱", "说", "說", "表", "时", "時"))
        outlet = None
        m = self._according.search(outside) or _SHOWS.match(outside) or _LEARNED.match(outside)
        if (
            m
            and self._citing.match(m.group(0))
            and outside[last_boundary(outside, m.start()) : m.start()].strip()
        ):
            m = None  # 「彭博社援引知情人士的话报道称」: the outlet before 援引 is the one citing
        if m:
            who, cites = _CIRCUMSTANCE.sub("", m.group("who")) or m.group("who"), []
            who = _CHANNEL.sub("", who) or who  # 「据北京市公安局官方微博平安北京消息」
            if cited := self._citing_split.match(who):
                # 「据路透社援引知情人士报道」: the outlet reports what its source said
                inner = self.resolve(cited.group(2), "person")
                who, cites = cited.group(1), [inner.name] if inner else []
            entry: Entry | None
            if (by := _STUDY_BY.fullmatch(who)) and (author := self.resolve(by.group(1), "outlet")):
                entry = author  # 「英国埃克斯特大学的一项新研究显示」: the university's study
            elif _COUNTED_STUDY.search(who):
                # 「英国一项调查显示」: a study no one is named for (not a body 「英国一项」)
                study = re.sub(r"(?:显示|顯示|表明)$", "", m.group(0))
                entry = Entry(name=study, kind="unnamed", aliases=(study,))
            else:
                entry = self.resolve(who, "outlet") or subject_name(who) or _body(who)
            if entry:
                begin = m.start("who") if m.re is _SHOWS else m.start()  # not 「近日，」
                outlet = Attribution(
                    entry, outside[begin : m.end()], s.start + begin, s.start + m.end(), who, cites
                )
        if label := self._label(s, outside):
            return [label], False  # 「邵佳一：“…”」: a name and a colon open the quote
        if _QUESTION.match(outside) and self.ctx.last_source:
            self.ctx.answerer = self.ctx.last_source  # who spoke before the question answers it
        if (answer := _ANSWER.match(outside)) and self.ctx.answerer:
            # 「问：…」 then 「答：…」: the spokesperson who answered
            answered = self.inherit(self.ctx.answerer, "答")
            for a in answered:
                a.cue_start, a.cue_end = s.start + answer.start(1), s.start + answer.end(1)
            return answered, False
        if (text := _TEXT_FOLLOWS.fullmatch(outside)) and (
            who := self.resolve(text.group(1), "person") or self._segmented(text.group(1))
        ):
            # 「附滕华涛导演原文：」「以下为该公司声明全文：」: their own words, below
            return [
                Attribution(
                    who,
                    text.group(2),
                    s.start + text.start(2),
                    s.start + text.end(2),
                    text.group(1),
                )
            ], True
        speaker = None
        zero = None  # a verb with no subject of its own: 「…，并表示」「随后表示：」
        ranked: list[tuple[int, int, Attribution]] = []
        asides = _ASIDE.sub(lambda m: _BLANK * len(m.group(0)), outside)
        for order, vm in enumerate(self._speech_verbs.finditer(asides)):
            if outside[vm.end() : vm.end() + 1] in ("不", "没", "沒", "未", "非"):
                continue  # 「相关报道不实」: a report denied, not a report made
            if outside[vm.end() : vm.end() + 1] in _NOUN_AFTER:
                continue  # 「分析师」「法说会」「说明书」: a noun that holds the verb
            # an aside in parentheses (「夏哈(Romit Shah)」「中国疾控中心(又称“中国CDC”)」) is
            # not part of the name, nor does a quote inside it end the phrase
            begin = last_boundary(asides, vm.start())
            phrase = raw = asides[begin : vm.start()].replace(_BLANK, "")
            # 「马斯克在社交媒体上表示」「黄仁勋上周访问北京时表示」
            phrase = _CIRCUMSTANCE.sub("", phrase)
            phrase = self._speaker_adverbs.sub("", phrase)  # 「他还称」
            phrase = _LEADING.sub("", phrase)  # 「但他强调」
            phrase = _ISSUING.sub("", phrase) or phrase  # 「…分局发布警情通报」: the 分局
            phrase = _CHANNEL.sub("", phrase) or phrase  # 「京港地铁官方微博发布消息称」
            if raw.lstrip().startswith(_TOPIC_CLAUSE):
                continue  # 「针对有媒体曝出…」: what is answered, not who answers
            if not phrase.strip():
                if not outside[:begin].strip(" ，,、"):  # only at the sentence's start
                    zero = zero or vm
                elif entry := self._clause_subject(_FIRST_CLAUSE.split(outside, 1)[0]):
                    # 「央行並再度下修今年通膨率，預估…」: the subject of the sentence's first clause
                    ranked.append(
                        (
                            1,
                            -order,
                            Attribution(
                                entry,
                                vm.group(0),
                                s.start + vm.start(),
                                s.start + vm.end(),
                                entry.name,
                            ),
                        )
                    )
                continue
            via: list[str] = []
            if conduit := _CONDUIT.match(phrase):
                # 「一位人士向界面新闻透露」「刘霞对香港媒体记者哭诉」: the speaker told an outlet
                target = conduit.group(2)
                outlet_entry = self.resolve(target, "outlet")
                if outlet_entry and (
                    outlet_entry.kind == "outlet" or fold(target).endswith(("记者", "媒体"))
                ):
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
            entry = (
                self.resolve(phrase, "person", before=outside[:begin]) if phrase.strip() else None
            )
            if (entry is None or not entry.reviewed) and (
                glossed := _glossed_person(outside[begin : vm.start()])
            ):
                entry = glossed  # 「一等秘书杜海飞(Raphael Droszewski)」: a name and its original
            strength = (
                0
                if entry is None or (entry.kind == "unnamed" and self._coref_org.fullmatch(phrase))
                else 3
                if entry.reviewed or entry.kind in ("anonymous", "unnamed")
                else 2
            )  # a bare 「公司」 with nothing named before it is the weakest
            if entry is None and (trimmed := _without_adverbs(phrase)) != phrase:
                # 「魏哲家明确指出」: the adverb before the verb is no part of the speaker
                entry = self.resolve(trimmed, "person") or subject_name(trimmed)
            if entry is None and (
                entry := subject_name(phrase) or self._segmented(raw) or self._segmented(phrase)
            ):
                strength = 1  # 「一名在郑州…居住的杨姓孕妇」: the whole phrase, read by jieba
            elif entry is not None and strength == 0 and (named := subject_name(phrase)):
                entry, strength = named, 1
            if entry is not None and (
                not entry.reviewed
                and entry.kind not in ("anonymous", "unnamed")
                and not self._known(entry)
                and not (entry.kind == "person" and phrase.rstrip().endswith(entry.name))
            ):
                # a name guessed from a phrase that runs past its words (「中国疾控中心对外」
                # 「公司同日」「她离开时」): the noun phrase before the verb
                head = as_written(_head(fold(phrase)), fold(phrase), phrase)
                if head and head != phrase.strip():
                    better = (
                        self.resolve(head, "person") or subject_name(head) or self._segmented(raw)
                    )
                    if better is None and head in _PRONOUNS:
                        entry = None  # 「她离开时」 with no one named before: no one to check
                    elif better:
                        entry = better
                        strength = (
                            3 if better.reviewed or better.kind in ("anonymous", "unnamed") else 1
                        )
            if entry:
                candidate = Attribution(
                    entry, vm.group(0), s.start + vm.start(), s.start + vm.end(), phrase, via
                )
                ranked.append((strength, -order, candidate))  # the strongest name, then first
        if ranked:
            speaker = max(ranked, key=lambda r: (r[0], r[1]))[2]
        if outlet is None and (doc := _OWNERLESS.match(outside)):
            # 「公告显示，…」「据公告，…」: the document of the body named last
            what = doc.group(1) or doc.group(2)
            # a study is a body's (the last named), not that of a person quoted since
            owner = (
                self.special(what) if doc.group(1) else self.ctx.last_org or self.special("报告")
            )
            if isinstance(owner, Entry):
                outlet = Attribution(
                    owner, doc.group(0), s.start + doc.start(), s.start + doc.end(), what
                )
                if doc.group(2) and speaker and speaker.cue_start >= outlet.cue_end:
                    speaker = None  # 「结果显示，…有60.5%的学生表示…」: who it counted
        if outlet is None and (poll := _FINDING_AFTER_CLAUSE.match(outside)):
            # 「《匯流新聞網》今天公布最新民調，結果顯示，…」: the finding of whoever published it
            who = _CIRCUMSTANCE.sub("", _before_verb(poll.group(1))).strip("《》〈〉 ")
            owner = (self.resolve(who, "outlet") or subject_name(who)) if len(who) >= 2 else None
            owner = owner or self.ctx.last_org
            if owner is not None:
                at = poll.start(2)
                outlet = Attribution(
                    owner, poll.group(2), s.start + at, s.start + poll.end(2), poll.group(1)
                )
                if speaker and speaker.cue_start >= outlet.cue_end:
                    speaker = None
        if outlet is None and (vague := self._vague_cue.match(outside)):
            # 「据悉，…」「据了解，…」: reported, by no one named
            cue = vague.group(1)
            outlet = Attribution(
                Entry(name=cue, kind="unnamed", aliases=(cue,)),
                cue,
                s.start + vague.start(1),
                s.start + vague.end(1),
                cue,
            )
        if speaker is None and outlet is None and (framed := self._framed(s, outside)):
            return [framed], False
        if speaker is None and outlet is None and zero is not None:
            return self.continued(
                s, zero.group(0), s.start + zero.start(), s.start + zero.end()
            ), False
        if speaker and outlet and speaker.entry.name != outlet.entry.name:
            speaker.via = [outlet.entry.name]
            found = [speaker, outlet]
        elif speaker or outlet:
            found = [speaker or outlet]  # type: ignore[list-item]
        if speaker and len(ranked) > 1:
            # 「王齐麟笑说「…」，李洋则说「…」」: each named speaker says their own clause
            names = {a.entry.name for a in found}
            for _, _, other in sorted(ranked, key=lambda r: -r[1]):
                if (
                    other.entry.kind == "person"
                    and other.entry.name not in names
                    and _QUOTE_NEXT.match(outside, other.cue_end - s.start)
                ):
                    found.append(other)
                    names.add(other.entry.name)
        forward = bool(speaker) and any(f in outside[-6:] for f in self.lex.get("forward") or ())
        return found, forward


@cache
def _jieba() -> Any:
    """jieba's tagger, loaded the first time a phrase needs it (about 1.5 s, 100 MB)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


@lru_cache(maxsize=1 << 16)
def segment(phrase: str) -> tuple[tuple[str, str], ...]:
    """Words and part-of-speech tags of a short phrase (simplified characters); the same
    phrases come back sentence after sentence, so they are cut once (a tuple: the cache's
    answer cannot be changed by a caller)."""
    return tuple((p.word, p.flag) for p in _jieba().cut(phrase.strip()))
