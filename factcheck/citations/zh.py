"""Chinese attribution grammar, simplified and traditional.

Shapes: an "according to" frame (据X报道, 根据X的统计, 据X援引Y报道: the outlet reports what
its source said), a body's figures opening the sentence (国家统计局数据显示, 36氪获悉), and a
speech verb with its speaker before it (X表示, 马斯克在社交媒体上表示, 他还称), with the
outlet it spoke to (一位人士向界面新闻透露) and the outlet that cites an inner source
(路透社援引两名消息人士的话说). A denied report (相关报道不实) cites no one. A subject the
registry lacks is a person when it starts with a common surname, else an organisation.
"""

from __future__ import annotations

import re
from dataclasses import replace

from factcheck.citations.common import (
    Attribution,
    Grammar,
    alternation,
    last_boundary,
    unquote_names,
)
from factcheck.han import fold
from factcheck.segment import Sentence
from factcheck.sources import Entry, Registry

_CIRCUMSTANCE = re.compile(
    r"(?:在|于|於|通过|通過|上周|本周|上月|昨天|昨日|今天|今日|日前|近日|此前|当天|當天|当日|"
    r"周[一二三四五六日]|\d+月\d+日|访问|訪問|出席|接受).*$"
)
_CONDUIT = re.compile(r"(.+?)(?:向|对|對)(.+)$")
_LEARNED = re.compile(
    r"^\s*(?P<who>[^，,。：:\s]{2,12}?)(?:独家|獨家)?(?:获悉|獲悉|了解到)"
)  # 「36氪获悉」
# 「国家统计局数据显示，…」「该机构发布的报告显示」: a body's figures open the sentence
_SHOWS = re.compile(
    r"^\s*(?P<who>[^，,。：:\s]{2,20}?)(?:发布的|公布的|发布|公布|的)?(?:最新)?"
    r"(?:数据|數據|统计|統計|报告|報告|调查|調查|研究|公告|财报|財報|年报|年報)(?:显示|顯示|表明)"
)
_SUBJECT = re.compile(r"[一-鿿A-Za-z0-9]{2,12}(?:·[一-鿿]{1,8})*")  # 英伟达, IT桔子
_NOT_SUBJECT = re.compile(
    r"^的|这|這|该|該|此|其|我|你|他们|她们|公司|方面|消息|报道|報道|数据|數據|声明|聲明|文件|"
    r"相关|相關|有关|有關|目前|当前|當前|今年|去年|未来|未來|一些|部分|多数|多數|所有|这些|那些|"
    r"[一二两兩三四五六七八九十几幾数數多][名位个個家]"
)
# the commonest Chinese surnames: a two- or three-character subject starting with one is a
# person (黄仁勋), otherwise an organisation (英伟达)
_SURNAMES = set(
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹"
    "彭曾肖田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋"
    "付方白邹鄒孟熊秦邱江尹薛闫段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯"
)


def subject_name(phrase: str) -> Entry | None:
    """A name the registry does not know, alone before a speech verb: 「英伟达表示」."""
    phrase = phrase.strip()
    if not _SUBJECT.fullmatch(phrase) or _NOT_SUBJECT.search(phrase):
        return None
    person = "·" in phrase or (len(phrase) <= 3 and phrase[0] in _SURNAMES)
    kind = "person" if person else "organization"
    return Entry(name=phrase, kind=kind, aliases=(phrase,), reviewed=False)


class Chinese(Grammar):
    lang = "zh"

    def __init__(self, registry: Registry, listed: list[Entry] | None = None) -> None:
        super().__init__(registry, listed)
        verbs = alternation(self.lex["speech_verbs"] + list(self.finding_verbs))
        self._speech_verbs = re.compile(verbs)
        citing = alternation(self.lex.get("citing") or ["(?!)"])
        self._citing = re.compile(citing)  # 援引: the outlet before it cites the source after
        self._citing_in = re.compile(rf"(.+?)(?:{citing})(.+?)(?:的话|的話|的消息)?$")
        self._citing_split = re.compile(rf"(.+?)(?:{citing})(.+)$")
        adverbs = alternation(self.lex.get("speaker_adverbs") or ["(?!)"])
        self._speaker_adverbs = re.compile(rf"(?:{adverbs})+$")  # 「他还称」
        cues = alternation(self.lex["according_to"])
        post = alternation(self.lex["according_to_post"])
        self._according = re.compile(rf"(?:{cues})(?P<who>[^，,。：:\u25a1]{{1,30}}?)(?:{post})")

    def find(self, s: Sentence, outside: str) -> tuple[list[Attribution], bool]:
        """Read the sentence folded to simplified characters (same offsets), then give
        cues and names the lettering of the text."""
        view = replace(s, text=fold(s.text))
        found, forward = self._find(view, fold(outside))
        for a in found:
            a.cue = s.text[a.cue_start - s.start : a.cue_end - s.start]
            a.surface = _original(a.surface, view.text, s.text)
            if not a.entry.reviewed:
                name = _original(a.entry.name, view.text, s.text)
                a.entry = replace(a.entry, name=name, aliases=(name,))
            a.via = [_original(v, view.text, s.text) for v in a.via]
        return found, forward

    def _find(self, s: Sentence, outside: str) -> tuple[list[Attribution], bool]:
        found: list[Attribution] = []
        outside = unquote_names(s, outside, ("的", "称", "稱", "说", "說", "表"))
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
            if cited := self._citing_split.match(who):
                # 「据路透社援引知情人士报道」: the outlet reports what its source said
                inner = self.resolve(cited.group(2), "person")
                who, cites = cited.group(1), [inner.name] if inner else []
            entry = self.resolve(who, "outlet") or subject_name(who)
            if entry:
                outlet = Attribution(
                    entry, m.group(0), s.start + m.start(), s.start + m.end(), who, cites
                )
        speaker = None
        for vm in reversed(list(self._speech_verbs.finditer(outside))):
            if outside[vm.end() : vm.end() + 1] in ("不", "没", "沒", "未", "非"):
                continue  # 「相关报道不实」: a report denied, not a report made
            begin = last_boundary(outside, vm.start())
            phrase = outside[begin : vm.start()]
            # 「马斯克在社交媒体上表示」「黄仁勋上周访问北京时表示」
            phrase = _CIRCUMSTANCE.sub("", phrase)
            phrase = self._speaker_adverbs.sub("", phrase)  # 「他还称」
            via: list[str] = []
            if conduit := _CONDUIT.match(phrase):
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
            entry = entry or subject_name(phrase)
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


def _original(folded: str, folded_text: str, text: str) -> str:
    """The lettering in `text` of a phrase found in its folded form."""
    at = folded_text.find(folded)
    return text[at : at + len(folded)] if at >= 0 and folded else folded
