"""Japanese attribution grammar, native and machine-translated.

Three shapes, tried in this order:

1. an "according to" cue: 「Xによると、…」「Xの調べでは」, with the documents and agents that
   may stand between source and cue (「協会のデータによると」「帝国データバンクが7月に実施した
   調査では」) and the outlet that reports what its own source said
   (「ロイター通信が関係者の話として報じたところによると」);
2. a speech verb with its speaker: the topic (は) or subject (が) phrase before the verb. The
   verb must report speech affirmatively, at the end of the sentence or beside a channel
   (ソーシャルメディアで, 記者会見で); mid-sentence 「…と発表し、」 with no channel narrates an
   event and names no source;
3. a quote opened right after a speaker: 「アルトマンは後に「…」.

When a sentence has both an outlet cue and a speaker, the speaker is the primary source and
the outlet its chain (`via`). A name the registry lacks may still be a source when it is a
compact topic phrase (「東京電力は、…と明らかにした」).
"""

from __future__ import annotations

import re
from dataclasses import replace

from factcheck.citations.common import (
    BODY_CHAR,
    Attribution,
    Grammar,
    alternation,
    in_lettering,
    last_boundary,
    naming_strength,
    unquote_names,
)
from factcheck.segment import Block, Sentence
from factcheck.sources import JA_OFFICE, Entry, clean_phrase, guess_kind, has_org_suffix

_QUOTE_GAP = re.compile(
    r"(?:[、,\s]|後に|のちに|かつて|以前|当時|同日|さらに|また|その後|再び|こう)*"
    # 「雷軍氏は微博に(も)「…」「野村被告は裁判長に向けて「…」
    r"(?:[^、。「」□]{1,24}?(?:に向けて|に向かって|に対して|に対し|について|に関して|に関し|を通じて|"
    r"に|で|へ|の投稿で|の中で)(?:も)?[、\s]*)?"
)
_KANA_HONORIFICS = ("さん", "ちゃん", "くん", "さま")
_KANA_PLURALS = ("ら", "たち")  # 「目撃者らは」: a topic too
_PREDICATE_END = re.compile(r"^(?:$|[。、」\s!?！？]|が|と|ため)")
_CONCESSIVE = re.compile(r"^(?:ても|ては|たら|たとしても)")  # 「…と言っても過言ではない」
_NEGATED = re.compile(r"^(?:し)?(?:ない|ません|ず|なかった|ることはでき|ることはない|ることができ)")
_AS_TOLD = re.compile(r"(.+?)が(.+?)の話として(?:報じた|伝えた|報道した)?")
_A_DOCUMENT = re.compile(
    r"それ|(?:この|その|同|新たな|新しい|最新の|別の|未検証の|今回の)*"
    r"(?:研究|調査|報告書?|論文|分析|レポート|リポート)"
)
# 「Chainstoryによるこの調査」「協会が発表した報告書」: a document, by whom it is
_DOCUMENT_BY = re.compile(
    r"(.+?)(?:による|の|が[^、。]{0,10}?(?:発表|公表|実施|公開|まとめ|行っ|作成)(?:し)?た)"
    r"(?:この|その|同|新たな|新しい|最新の?|今回の)*(?:研究|調査|報告書?|論文|分析|レポート|リポート)(?:結果)?"
)
# 「その結果、…ことがわかった。」: what the study just named found
_STUDY_FOUND = re.compile(
    r"^((?:その|この|調査の|分析の|研究の|解析の|集計の)結果)、.*"
    r"(?:ことが|と)(?:わかった|分かった|判明した|明らかになった|示された)[。\s]*$"
)
# what may follow the first topic to set it off: 「張彤はさらに、」「検察側は冒頭陳述で、」
_SET_OFF = re.compile(
    r"(?:さらに|また|続けて|改めて|その上で|同日|この日|[0-9０-９]{1,2}日)?"
    r"(?:[^、。「」\u25a1]{1,10}?(?:で|に対し|に対して|について))?[、，,]"
)
# 「判決によると」 and the courts a judgment is by
_JUDGMENT = re.compile(r"(?:同|この|その)?判決(?:文|理由|要旨|書)?")
_COURT = re.compile(
    r"(?<![一-鿿])[一-鿿]{1,6}?(?:地裁|高裁|家裁|簡裁|地方裁判所|高等裁判所|家庭裁判所|簡易裁判所)"
    r"(?:[一-鿿]{1,4}支部)?|最高裁(?:判所)?"
)
# someone described, not named (「近くの男性」「水戸市の30歳代男性」), unless by an age alone
# (「70歳の男性」)
_DESCRIBED_PERSON = re.compile(r".+(?:の|む|る|た|いる|[0-9０-９]+(?:歳代|代))(?:男性|女性)")
_AGED = re.compile(r"[0-9０-９]+(?:歳|代)(?:くらい|ぐらい)?の?(?:男性|女性)$")
# 「県などによると」「県警や中津市によると」: the sources an according-to phrase lists
_AND_OTHERS = re.compile(r"(?:など|等)$")
_LISTED = re.compile(r"[とや]")
# a subject inside the event the sentence is about: 「乗員5人が死亡した事故で、」
_IN_EVENT = re.compile(
    r"[^、。「」\u25a1]{0,14}?(?:た|る)(?:事故|事件|火災|事案|騒動|災害|問題|件)"
    r"(?:で|について|に関し|を巡り|をめぐり|を受け)"
)
# a clause ends (「…たが、」「…と発言した一方、」), not a subject set off (「メディアが、」)
_CLAUSE_BREAK = re.compile(r"(?:(?<=[たすいるだ])が|けれど|けど|ものの|一方)、")
_THE_REPORT = {"報道", "同報道", "この報道", "その報道", "同紙の報道", "同通信の報道"}
_AS = "として"
_TOLD_BY = re.compile(rf"(?:が|は)?、?([^、。が]{{2,30}}?)(の話)(?={_AS})")
_AGENT_MADE = re.compile(
    r"(.+?)が[^、。]{0,10}?(?:発表|公表|実施|集計|公開|まとめ|行っ|作成)(?:し)?た[^、。]{0,14}"
)
_AGENT_WHEN = re.compile(r"(.+?)が(?:[0-9０-９]+(?:年|月|日)|今年|昨年|先月|今月|同日|[、\s])*に?")
_PRESS_DESK = frozenset(("広報", "報道", "広報部", "広報室"))  # 「広報担当者」 names no body
_SPOKESPERSON = re.compile(
    r"(.+?)の?(?:広報担当者|広報担当|広報部|広報室|広報|報道官|報道担当者|担当者|スポークスマン|"
    r"スポークスパーソン|スポークスウーマン|報道担当|"
    r"研究チーム|研究グループ|研究班|研究者ら|調査チーム|調査団)"  # 「ハーバード大学の研究チーム」
)
_TAIL_NAME = re.compile(
    r"(?<=[^ァ-ヿ・&＆A-Za-z0-9])[ァ-ヿ]{2,}・[ァ-ヿ・]{2,}$"
)  # 「…を演じるジョン・タトゥーロ」, not 「セブン&アイ・ホールディングス」
# 「ジャネット・ロリート・ガリン健康省代理長官」: a full name in katakana, then the office and
# title in kanji (machine translation glues them)
_KANA_NAME_TITLED = re.compile(r"([ァ-ヿ]{2,}(?:・[ァ-ヿ]{2,})+)([一-鿿]{1,10})")
_PERSON_TOPIC = re.compile(
    r"(?<![ァ-ヿ・&＆A-Za-z0-9])[ァ-ヿ]{2,}・[ァ-ヿ・]{2,}(?=は|が|も|氏|さん)"
)
_PLURAL = re.compile(r"(.{2,}?)(?:ら|たち|達)")
_OCCUPIED = re.compile(r"[一-鿿]{1,4}(?:士|員|官|師|手)")  # 消防士, 捜査員, 警察官, 看護師
# what a one-character surname before a title is not: 「県知事」「同社長」 name no one
_NOT_A_SURNAME = frozenset("県市町村区国都道府省庁局党社院校署部課会団軍府州同本当現前元新旧各全")
_AGE_AFTER = re.compile(r"[(（][0-9０-９]{1,3}[)）]\s*$")  # 「主婦(51)」
# 「塩谷立(しおのやりゅう)」「森山裕幹事長(80)」「協定(TPP)担当相」: how a name is read, how old
# its bearer is, what it is short for
_READING = re.compile(r"[(（](?:[ぁ-ゖァ-ヿー]+|[0-9０-９]{1,3}|[A-Za-z0-9&.・ ]{1,12})[)）]")
_COUNTED = re.compile(
    r"[^、。「」]{2,16}?(?:[0-9０-９]+|[一二三四五六七八九十数]{1,2})人"
)  # 「裁判員を務めた6人」
_UNNAMED_PERSON = re.compile(r"(?:同)?(?:男|女|少年|少女|男性|女性|容疑者|被告人?|受刑者)")
_SOME = re.compile(r"(?:一部の|多くの|複数の|大勢の|数人の|何人かの|一部)([^、。「」のはが]{1,8})")
_SOMEONE = re.compile(r"ある[^、。「」]{1,12}")  # 「ある投資家」「ある幹部」: someone unnamed
_OWN_PREFIX = re.compile(r"^(?:同社|同グループ|同省|同庁)の")
_NAME_TITLED = re.compile(
    r"[一-鿿ァ-ヿA-Za-z・·]{2,}(?:CEO|社長|会長|氏|代表|最高経営責任者|CTO|COO|CFO|幹部)$"
)
# 「野村悟」「比嘉いずみ」「ジョン・スミス」
_FULL_NAME = r"((?<![一-鿿])(?:[一-鿿]{3,4}|[一-鿿]{2}[ぁ-ゖ]{2,3})|[ァ-ヿ]+・[ァ-ヿ・]+)"
# a name after an occupation, as police reports give it: 「漁業三宅秀夫容疑者」
_OCCUPATION = re.compile(
    "(?<![一-鿿])(?:無職|漁業|農業|僧侶|医師|教員|会社員|自営業|公務員|大学生|高校生|中学生|"
    "看護師|会社役員|団体職員|派遣社員)(?=[一-鿿]{3})"
)
_SUBJECT = re.compile(r"[一-鿿々ァ-ヿA-Za-z0-9＆&・ー]{2,14}")
_LABEL = re.compile(r"([^、。「」『』:：]{2,30}?)\s*([:：])")  # a name before a colon, alone
_QUOTE_THEN_VERB = re.compile(r"\u25a1\s*と[^、。\u25a1]{0,8}$")
_INTRODUCES = re.compile(
    r"[^、。「」\u25a1]{2,20}(?:が|は)(?:こう)?(?:語る|話す|明かす|証言する|打ち明ける|解説する|説明する|指摘する|振り返る|言う)。?"
)
_QUOTE_VERB_AT_END = re.compile(
    r"\u25a1\s*と(?!いう|いっ|いわ|言わ|して|し[、。]|なっ|なる|なり|され|呼|称さ|題|名付|書かれ|記され|"
    r"同じ|共|一緒|比|の|は|も|か|同様|並|対|合わせ|見ら|み|思|考|感じ)"
    r"([^、。「」\u25a1]{1,14}?)(?:た|ました|ている|ています|ていた|る|ます)[。」\s]*$"
)
_OFFICE_TITLE = re.compile(
    r"((?:.*[^一-鿿])?[一-鿿]{1,3})(" + JA_OFFICE.pattern + r")(大臣|副大臣|相|長官|担当相)"
)
_REPORTED = re.compile(
    r"と[^、。「」\u25a1]{0,12}?(?:報じられ|伝えられ|報道され)(?:た|ました|ている|ています)"
)
_PUBLISHED_IN = re.compile(
    r"([^、。「」\u25a1]{2,30}?)に[、\s]?[^。]{0,80}?(?:という|との)(?:ニュース|記事|報道|情報|投稿)が"
    r"(?:掲載|報じられ|流れ|投稿)"
)
_NOT_A_LABEL = re.compile(r"[、。「」『』:：!?！？]")
_QUOTATIVE = re.compile(r"と(?:、)?[^、。「」\u25a1]{0,12}$")  # 「…」と(力強く)胸を張った
_CONTINUATIVE = re.compile(r"(?:し)?(?:て|ており|ていて)?、")
_FROM = re.compile(
    r"から[、\s]?(?:[^。]{0,80}?)(?:通報|情報|連絡|説明|回答|証言|報告|言葉|返答|話を聞|確認し|聞い|聞き|入手し|声|意見)"
    r"(?![一-鿿])"  # not 「証言台」
)
_ASKED = re.compile(r"問われ|聞かれ|質問され|尋ねられ|求められ")
_NAME_AFTER_VERB = re.compile(r"(?:し)?(?:た|る|ている)([^、。「」\u25a1\s]{2,16}?)[。\s]*$")
_MEMBER_NAMED = re.compile(r"(.+?)の([一-鿿]{2,3})")  # 「ニッセイ基礎研究所の井出」
_VIEW_IN = re.compile(
    r"(?:の間|内|周辺)?(?:には|では|からは|からも)[、\s]?[^。]{0,60}?(?:との|という)"
    r"(?:見方|声|意見|指摘|批判|懸念|見解|観測)(?![一-鿿])"
)
_TOPIC_BEFORE = re.compile(r"(?<=\u25a1)と|(?<=[^ぁ-ゖ])[はがも]")
_LISTENERS = ("記者", "本紙", "取材班")  # who heard it, not who said it
_INVERTED = re.compile(r"と[、,]")  # 「…と、関係者が明らかにした」: the speaker after the quote
# 「…を調べていたと当局者は述べた」: a topic right after what was said and its と, just
# before the verb
_SPEAKER_AFTER = re.compile(
    r"(?<=[たるいだうす\u25a1])と(?=[^、。と\u25a1]{1,20}[はが][^、。\u25a1]{0,8}$)"
)
_NOT_SUBJECT = re.compile(
    r"^(?:これ|それ|あれ|この|その|今回|今後|現在|一方|政府|同日|本日|昨年|今年)|"
    r"[0-9０-９](?![0-9０-９]*(?:課|係|班|隊|部)$)|"  # a date, an amount; not 「捜査1課」
    r"^(?:海外|国内|国外|世界|業界|市場|米国|中国|日本|欧州)$|"
    r"(?:後|前|中|時|際|以降|以来|直後|当時|当初)$"  # 「殺害後は」: a time, not who
)


_TOPIC_BACK = 4  # sentences a topic may go on through, with no one their subject
_DOTS = str.maketrans({"·": "・", "･": "・", "•": "・"})
_KANA_EQUALS = re.compile(r"(?<=[ァ-ヺ])[=＝](?=[ァ-ヺ])")
_OTHER_DOTS = re.compile(rf"[·･•]|{_KANA_EQUALS.pattern}")


def _as_dots(text: str) -> str:
    """The text with another dot (or an equals sign between katakana) read as 「・」."""
    return _KANA_EQUALS.sub("・", text.translate(_DOTS))


def subject_name(phrase: str) -> Entry | None:
    """A compact name the registry does not know, as the topic of a reporting verb:
    「東京電力は、…と明らかにした」."""
    phrase = clean_phrase(phrase)
    if not _SUBJECT.fullmatch(phrase) or _NOT_SUBJECT.search(phrase):
        return None
    return Entry(name=phrase, kind="organization", aliases=(phrase,), reviewed=False)


def _is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


_KANJI_NAME = "[一-鿿々]{2,5}"  # a name in kanji after a body glued to it (caption lines)
# a description, である, then a name alone (kanji, or katakana in full with its dot)
_DESCRIBED_NAME = re.compile(r"(.{2,40}?である)([一-鿿々]{2,4}|[ァ-ヺー]{2,}(?:・[ァ-ヺー]{2,})+)")
# a clause made a topic or an object: a が inside it is not the speaker's
_EMBEDDED = re.compile(
    r"(?:こと|の)?(?:について|に関して|に関し|をめぐって|をめぐり|を巡って|を巡り)|ことを|ことに"
)
# a family name alone, as news gives it before a title: 植田, マスク (not 植田和男 nor イーロン・
# マスク). Three kanji are as often a full name (石破茂) as a family name (長谷川): left bare
_SURNAME = re.compile(r"[一-鿿々]{1,2}|[ァ-ヺー]{2,8}")
# a name glued to the office it speaks for (machine translation of Korean and Chinese)
_NAME_AND_OFFICE = re.compile(
    r"([一-鿿]{2,3}(?<!国))(?:大統領室|大統領府|青瓦台)"
)  # not 「韓国大統領室」


class Japanese(Grammar):
    lang = "ja"

    def prepare(self) -> None:
        super().prepare()
        quoting = list(self.lex.get("quoting_verbs") or ())
        self._quoting = set(quoting) - set(self.lex["speech_verbs"])
        verbs = alternation(self.lex["speech_verbs"] + quoting + list(self.finding_verbs))
        self._speech_verbs = re.compile(verbs)
        endings = "|".join(re.escape(e) for e in self.lex.get("verb_endings") or ())
        self._verb_tail = re.compile(rf"^(?:し(?:{endings})|(?:{endings}))") if endings else None
        titles = alternation(list(self.honorifics))
        suffixes = alternation(self.lex.get("person_suffixes") or ["(?!)"])
        # 「冒頭のあいさつに立った石破首相」; 「ソフトバンク・大関友久投手」: a team or party, a
        # dot, then the titled name
        self._titled_tail = re.compile(
            rf"(?:(?<=[ぁ-ゖ、])(?:[一-鿿々]{{2,5}}|[ァ-ヿ]{{2,}}(?:・[ァ-ヿ]{{2,}})*)(?:{titles})"
            rf"|(?<=・)[一-鿿々]{{2,5}}(?:{titles}|{suffixes}))$"
        )
        self._any_according = re.compile(alternation(self.according_cues) or "(?!)")
        self._glued_name = re.compile(rf"(?<=[ァ-ヺーA-Za-z0-9]){_KANJI_NAME}(?:{titles})$")
        kinds = alternation(self.lex.get("same_body") or ["(?!)"])
        # per kind, a body's name that ends in it (not 「同協会」 itself)
        self._named_kind = {
            k: re.compile(
                rf"(?<!{BODY_CHAR})(?!同){BODY_CHAR}{{1,16}}?{re.escape(k)}(?!{BODY_CHAR})"
            )
            for k in self.lex.get("same_body") or ()
        }
        self._same_body = re.compile(
            rf"(同)?({kinds})(?:の?(?:[一-鿿]{{1,8}}(?:課|室|部|係)|担当者|職員|幹部|関係者))?"
        )
        self._party = re.compile(rf"(?:{alternation(self.lex.get('parties') or ['(?!)'])})(?:ら)?$")
        hearsay = alternation(self.lex.get("hearsay_endings") or ["(?!)"])
        self._hearsay = re.compile(rf"({hearsay})[。」』\s]*$")
        self._titled_name = re.compile(rf"{_FULL_NAME}(?:{suffixes}|{titles})")
        self._person_suffix = re.compile(
            rf"([一-鿿々]{{1,4}}|[ァ-ヿ]{{2,}}(?:・[ァ-ヿ]{{2,}})*)(?:{suffixes})"
        )
        # a verbal noun whose verb (非難し, 反論し) is a speech verb ends a sentence alone too
        stems = [
            v[:-1]
            for v in [*self.lex["speech_verbs"], *quoting]
            if re.fullmatch(r"[一-鿿]{2,}し", v)
        ]
        stops = alternation(list(self.lex.get("noun_stops") or ()) + stems or ["(?!)"])
        # 「…」と発言。「…と強調。」「…ことを確認。」: a verbal noun ends the sentence without its
        # verb
        self._noun_stop = re.compile(rf"(と|とも|ことを)({stops})[。」\s]*$")

    def find(self, s: Sentence, outside: str) -> tuple[list[Attribution], bool]:
        if not _OTHER_DOTS.search(s.text):
            return self._find(s, outside)
        # 「チェ·ジョング」「ヴィル・ペッテリ=ウコナホ」: machine translation writes a name's
        # middle dot as another dot or an equals sign; read the sentence with 「・」, name it
        # as written
        view = replace(s, text=_as_dots(s.text))
        found, forward = self._find(view, _as_dots(outside))
        return in_lettering(found, s, view.text), forward

    def _find(self, s: Sentence, outside: str) -> tuple[list[Attribution], bool]:
        outside = unquote_names(s, outside)
        if label := self._label(s, outside):
            return [label], True  # 「弁護団・征矢芳友 主任弁護人:」 then the quotes
        outlet = self._according_to(s, outside)
        speaker = self._speech(s, outside)
        forward = bool(speaker) and (
            any(f in outside for f in self.lex.get("forward") or ())
            or outside.rstrip().endswith((":", "："))
            # 「日経社員Bが語る。」: a short sentence that only introduces what follows
            or bool(_INTRODUCES.fullmatch(outside.strip()))
        )
        if speaker is None:
            speaker = self._quote_speaker(s, outside)
        if speaker and outlet is None and (inner := self._told_by(s, outside, speaker)):
            return [inner, speaker], forward  # 「アクシオスが関係者の話として報じた」
        if speaker and outlet and speaker.entry.name != outlet.entry.name:
            speaker.via = [outlet.entry.name]
            return [speaker, outlet], forward
        if (outlet is None and speaker is None) or (
            speaker is not None
            and (speaker.surface.endswith(_LISTENERS) or speaker.method == "context")
        ):
            # 「記者は地元警察から…と確認した」「…と通行人から消防に通報があった」: who told
            speaker = self._told_from(s, outside) or speaker
        if speaker is None and outlet is None:
            outlet = self._published(s, outside)
        found = [a for a in (speaker or outlet,) if a]
        self._note_topic(s, outside)
        if not found and (result := _STUDY_FOUND.match(outside.strip())):
            at = s.text.find(result.group(1))
            found = self.continued(
                s, result.group(1), s.start + at, s.start + at + len(result.group(1))
            )
        if (ending := self._hearsay.search(outside)) and (
            not found or (speaker is not None and speaker.method == "rule" and outlet is None)
        ):
            # 「…という。」「…ということです。」: hearsay from the source last named; what
            # someone said, so told (「男は「…」と話しているという」), through it
            told = self.continued(
                s, ending.group(1), s.start + ending.start(1), s.start + ending.end(1)
            )
            if found and told and told[0].entry.name != found[0].entry.name:
                found[0].via = [told[0].entry.name]
                found += told[:1]
            elif not found:
                found = told
        return found, forward

    def _told_by(self, s: Sentence, outside: str, outlet: Attribution) -> Attribution | None:
        """The source an outlet reports from, between it and its verb: 「アクシオスが事情に
        詳しい関係者の話として23日に報じた」 is the insiders, through Axios."""
        lo, hi = outlet.source_end - s.start, outlet.cue_start - s.start
        # up to the verb, or into it where the cue took 「として」 (「…の話として伝えた」)
        m = _TOLD_BY.search(outside, max(lo, 0), hi + len(_AS)) if outlet.source_end >= 0 else None
        inner = self.resolve(m.group(1), "person") if m else None
        if m is None or inner is None or inner.name == outlet.entry.name:
            return None
        return Attribution(
            inner,
            m.group(2) + _AS,
            s.start + m.start(2),
            s.start + m.end(2) + len(_AS),
            m.group(1),
            [outlet.entry.name],
            s.start + m.start(1),
            s.start + m.end(1),
        )

    def _published(self, s: Sentence, outside: str) -> Attribution | None:
        """Reported with no one named (「…とインターネット上で報じられた」), or published in
        an outlet (「Cointelegraphに、…というニュースが掲載された」)."""
        if m := _PUBLISHED_IN.search(outside):
            begin = last_boundary(outside, m.start(1))
            phrase = outside[begin : m.end(1)]
            entry = self.resolve(phrase, "outlet") or subject_name(phrase)
            if entry:
                return Attribution(
                    entry,
                    s.text[m.end(1) : m.end()],
                    s.start + m.end(1),
                    s.start + m.end(),
                    phrase,
                    source_start=s.start + begin,
                    source_end=s.start + m.end(1),
                )
        if m := _REPORTED.search(outside):
            return Attribution(
                Entry(name="報道", kind="unnamed", aliases=("報道",)),
                m.group(0),
                s.start + m.start(),
                s.start + m.end(),
                "",
            )
        return None

    def _note_topic(self, s: Sentence, outside: str) -> None:
        """Keep the sentences just read, for a next one that says what their topic said with
        no subject of its own. They are read only when one asks."""
        self.ctx.topics.append((s, outside, self.ctx.sentence))
        del self.ctx.topics[:-_TOPIC_BACK]

    def _topic_before(self, s: Sentence) -> tuple[Entry, str, int, int] | None:
        """The topic or subject (a person, a body, someone described) a sentence with no
        subject of its own continues: that of the sentence before this one (or of the one
        its quote opened in), or, through sentences that name no one as theirs (「今季は自己
        最多13勝を挙げ…獲得。」), that of the last that did (「大関友久投手が24日、…サイン
        した。」), if no source was named since and at most a paragraph lies between."""
        ctx = self.ctx
        start = s.in_quote_at_start if s.in_quote_at_start is not None else s.start
        after, chained = start, False  # where the chain reached back to; past a sentence
        for before, outside, sentence in reversed(ctx.topics):
            if before.start <= start < before.end:
                limit = start - before.start  # 「飼育員は取材に対し「…。…」と語った。」
            elif 0 <= after - before.end <= 2:
                limit = len(outside)
            else:
                continue  # a sentence after the one the quote opened in
            if ctx.last_source and ctx.last_source_sentence > sentence:
                return None  # a source named since
            if before.in_quote_at_start is not None or (
                chained and s.paragraph - before.paragraph > 1
            ):
                return None
            topic = self._speaker_between(before, outside, 1, limit)
            if topic and "\u25a1" not in outside[: topic[1]]:  # not a topic inside a quote
                entry = self.resolve(topic[0], "person")
                if entry is not None:
                    if entry.kind not in ("person", "organization", "anonymous"):
                        return None
                    return entry, topic[0], before.start + topic[1], before.start + topic[2]
            # no one its subject: the topic before it goes on (past a sentence read, not
            # past one that opens with the quote)
            after, chained = before.start, chained or limit > 0
        return None

    def _told_from(self, s: Sentence, outside: str) -> Attribution | None:
        """The source a から phrase names, where what it gave is a report: 「警察から…と確認
        した」「通行人から消防に通報があった」「政府関係者から「…」との情報が寄せられた」;
        the group a view is held in: 「政府内には「…」との見方もある」."""
        for m in (*_FROM.finditer(outside), *_VIEW_IN.finditer(outside)):
            begin = last_boundary(outside, m.start())
            # 「記者は地元警察から」「…と通行人から」: the phrase after the topic or quote
            while cut := _TOPIC_BEFORE.search(outside, begin, m.start()):
                begin = cut.end()
            phrase = outside[begin : m.start()]
            if not phrase.strip() or "\u25a1" in phrase or _ASKED.search(m.group(0)):
                continue  # 「インタビュアーから…と問われると」: who asked, not who answered
            entry = self.resolve(phrase, "person") or subject_name(phrase)
            if entry is None:
                continue
            return Attribution(
                entry,
                s.text[m.start() : m.end()],
                s.start + m.start(),
                s.start + m.end(),
                phrase,
                source_start=s.start + begin,
                source_end=s.start + m.start(),
            )
        return None

    def _label(self, s: Sentence, outside: str) -> Attribution | None:
        """A speaker's name alone before a colon, introducing what they said."""
        m = _LABEL.fullmatch(outside.strip())
        if not m or self._speech_verbs.search(m.group(1)):
            return None
        entry = self.resolve(m.group(1), "person")
        if entry is None or entry.kind not in ("person", "organization", "anonymous"):
            return None
        at = s.text.find(m.group(1))
        return Attribution(
            entry,
            m.group(2),
            s.start + at + len(m.group(1)),
            s.start + at + len(m.group(0)),
            m.group(1),
        )

    # -- hooks ----------------------------------------------------------------------------

    def speaker_line(self, block: Block) -> Attribution | None:
        text = block.text.strip()
        if len(text) > 24 or not text.endswith(self.honorifics) or _NOT_A_LABEL.search(text):
            return None  # a title ends a speaker's label: 「植田総裁」, not 「全国」
        entry = self.resolve(text, "person")
        if (entry is None or entry.kind != "person") and len(words := text.split()) > 2:
            # 「千葉銀行 米本 努 頭取」: body, family name, given name and title, spaced
            entry = self.resolve(words[0] + "の" + "".join(words[1:]), "person") or entry
        if entry is None and (glued := self._glued_name.search(text)):
            # 「オリオンビール村野一社長」: a body in katakana or Latin letters, then the name
            entry = self.resolve(text[: glued.start()] + "の" + glued.group(0), "person")
        if entry is None or entry.kind not in ("person", "organization"):
            return None
        return Attribution(
            entry,
            "(the line above the quote)",
            block.end,
            block.end,
            text,
            source_start=block.start,
            source_end=block.end,
        )

    def same_body(self, phrase: str, before: str) -> Entry | None:
        # 「同協会によると」「市によると」「村の職員によると」「市総合政策課は」: the last body
        # of that kind named before (in this sentence, else in the 40 before it)
        if not (m := self._same_body.fullmatch(phrase)):
            return None
        kind = m.group(2)
        if not m.group(1) and len(kind) > 1 and phrase == kind:
            return None  # 「大学は」「病院は」 alone: some body, not the one named
        named = self._named_kind[kind]
        for text in (before, *reversed(self.ctx.read[:-1])):
            if found := [n for n in named.findall(text) if len(n) > len(kind)]:
                return self.body(found[-1])
        return None

    def surname_only(self, name: str) -> bool:
        return bool(_SURNAME.fullmatch(name))

    def people_named(self, text: str) -> list[str]:
        titled = [m.group(0) for m in self._titled_name.finditer(text)]
        if _OCCUPATION.search(text):  # the name after the occupation, read on its own
            after = (
                self._titled_name.match(text[job.end() :]) for job in _OCCUPATION.finditer(text)
            )
            titled += [m.group(0) for m in after if m]
        return titled + [m.group(0) for m in _PERSON_TOPIC.finditer(text)]

    def special(self, phrase: str) -> Entry | bool | None:
        if (described := _DESCRIBED_NAME.fullmatch(phrase.strip())) and not self.registry.find(
            described.group(2)
        ):
            # 「陸委会の主委である邱垂正」: who the person is, then the name
            name = described.group(2)
            return self.known_person(name) or Entry(
                name=name, kind="person", aliases=(name,), reviewed=False
            )
        if (
            (some := _SOME.fullmatch(phrase))
            and not self.registry.find(some.group(1))
            and not any(term in some.group(1) for term in self.lex["anonymous"])
        ):
            # 「一部の学生」「多くの住民」: people as a group, unnamed (「複数の関係者」 stay anonymous)
            return Entry(name=phrase, kind="unnamed", aliases=(phrase,))
        if _A_DOCUMENT.fullmatch(doc := phrase.strip()):
            # 「研究によると」「それによると」 after 「ハーバード大学の研究チームは…」: the
            # document of the source just named; a study no one has named is unnamed
            recent = self.recent_source()
            if recent and recent[0].entry.kind in ("organization", "outlet", "person"):
                return recent[0].entry
            return False if doc == "それ" else Entry(name=doc, kind="unnamed", aliases=(doc,))
        plain = phrase.strip()
        if (by := _DOCUMENT_BY.fullmatch(plain)) and (
            agent := self.resolve(by.group(1), "organization")
        ):
            return agent  # 「Chainstoryによるこの調査は…と強調している」: Chainstory
        if party := self._party.search(plain):
            # 「…訴え続けてきた原告は」「弁護団は」: a party to the case speaks as one
            return Entry(name=party.group(0), kind="organization", aliases=(party.group(0),))
        if len(plain) > 1 and plain in self.honorifics and plain not in self.ctx.titled:
            # 「機長は」「社長は」 with no one of that title named before: someone unnamed, by
            # role (not a body called 機長)
            return Entry(name=plain, kind="anonymous", aliases=(plain,))
        if _DESCRIBED_PERSON.fullmatch(plain) and not _AGED.search(plain):
            # 「近くの男性」「現場近くに住む女性」: someone described, not named (not 「70歳の男性」,
            # who is what the sentence is about)
            return Entry(name=plain, kind="anonymous", aliases=(plain,))
        if _JUDGMENT.fullmatch(plain) and (court := self._last_court()):
            return court  # 「判決によると」: what the court named before found
        if phrase.strip() in _THE_REPORT and (outlet := self._last_outlet()):
            return outlet  # 「報道によると」 after 「アクシオスが…報じた」: that report
        if (titled := self._person_suffix.fullmatch(phrase)) and not _UNNAMED_PERSON.fullmatch(
            phrase
        ):
            # 「野村被告」「大谷選手」: a person, though a company bears the name
            name = titled.group(1)
            return (
                self.titled_person(name)
                or self.known_person(name)
                or Entry(name=name, kind="person", aliases=(name, phrase), reviewed=False)
            )
        if (
            len(plain) > 1
            and plain[0] not in _NOT_A_SURNAME
            and plain[1:] in self._titles
            and plain[1:] not in self._courtesies
            and re.match(r"[一-鿿]", plain)
            and not self.registry.find(plain[0])
        ):
            # 「呉大使」「李報道官」: a one-character surname and a title (not 県知事), the one
            # named before in full (呉江浩) or kept with the title as 「植田総裁」 is
            return self.known_person(plain[0]) or Entry(
                name=plain, kind="person", aliases=(plain, plain[0]), reviewed=False
            )
        if (
            (plural := _PLURAL.fullmatch(phrase))
            and not self._coref_person.fullmatch(plural.group(1))  # 彼ら: no one in particular
            and (one := self.resolve(plural.group(1), "person"))
        ):
            return one  # 「目撃者ら」「ネットユーザーたち」: the group as one source
        if (plural := _PLURAL.fullmatch(plain)) and _OCCUPIED.fullmatch(plural.group(1)):
            # 「消防士らによると」「捜査員らは」: people by their work, unnamed
            return Entry(name=plain, kind="anonymous", aliases=(plain,))
        if (office := _OFFICE_TITLE.fullmatch(phrase)) and office.group(1):
            # 「片山財務大臣」: the name, the office, the title
            return self.resolve(office.group(1) + office.group(3), "person")
        if (member := _MEMBER_NAMED.fullmatch(phrase)) and not self._is_role(member.group(2)):
            body = self.resolve(member.group(1), "organization")
            known = body is not None and (body.reviewed or has_org_suffix(member.group(1)))
            if known and body is not None and body.kind in ("organization", "outlet"):
                # 「ニッセイ基礎研究所の井出」「Xiaomiの王騰」: a person of the body, by name
                name = member.group(2)
                return self.known_person(name) or Entry(
                    name=name, kind="person", aliases=(name,), reviewed=False
                )
        if _READING.search(phrase):
            unread = _READING.sub("", phrase)
            if (named := self.resolve(unread, "person")) is not None:
                return named
            if _AGE_AFTER.search(phrase) and re.search(r"[一-鿿ァ-ヿ]$", unread.strip()):
                # 「同地区の主婦(51)」: someone described, their age given, not their name
                return Entry(name=unread.strip(), kind="anonymous", aliases=(unread.strip(),))
            return False
        if _COUNTED.fullmatch(phrase):  # 「裁判員を務めた6人」: people counted, not named
            return Entry(name=phrase, kind="anonymous", aliases=(phrase,))
        if _UNNAMED_PERSON.fullmatch(phrase):
            return Entry(name=phrase, kind="anonymous", aliases=(phrase,))  # 「男は」
        if someone := _SOMEONE.fullmatch(phrase):
            return Entry(name=someone.group(0), kind="anonymous", aliases=(someone.group(0),))
        if (spokes := _SPOKESPERSON.fullmatch(phrase)) and spokes.group(1) not in _PRESS_DESK:
            speaks_for = spokes.group(1)
            if glued := _NAME_AND_OFFICE.fullmatch(speaks_for):
                # 「李道雲大統領室報道官」: a named spokesperson is the person
                name = glued.group(1)
                return self.known_person(name) or Entry(
                    name=name, kind="person", aliases=(name,), reviewed=False
                )
            if re.fullmatch(r"[一-鿿]", speaks_for) and not self.registry.find(speaks_for):
                # 「李報道官」: a surname and title, kept as 「植田総裁」 is
                return self.known_person(speaks_for) or Entry(
                    name=phrase, kind="person", aliases=(phrase,), reviewed=False
                )
            # 「富士通の広報担当者」: the company speaks through its spokesperson
            org = self.resolve(speaks_for, "organization") or subject_name(speaks_for)
            if org and org.kind not in ("person", "anonymous", "unnamed"):
                return org
        if (
            (glued := _KANA_NAME_TITLED.fullmatch(plain))
            and (self._title_at_end.search(glued.group(2)) or glued.group(2).endswith("相"))
            and guess_kind(glued.group(1), "person") == "person"
        ):
            name = glued.group(1)
            return self.known_person(name) or Entry(
                name=name, kind="person", aliases=(name,), reviewed=False
            )
        if (titled := self._titled_tail.search(phrase)) and titled.start() > 0:
            # a clause or an affiliation, then a titled name
            return self.resolve(titled.group(0), "person")
        if (tail := _TAIL_NAME.search(phrase)) and not self.registry.find(phrase):
            # 「アーヴィングを演じるジョン・タトゥーロ」: a full name ends the phrase
            return self.titled_person(tail.group(0)) or Entry(
                name=tail.group(0), kind="person", aliases=(tail.group(0),), reviewed=False
            )
        return None

    def _is_role(self, word: str) -> bool:
        """A word that names a role or a body, not a person: 社長, 幹部, 広報部."""
        return (
            word.endswith(self.honorifics)
            or any(t.search(word.casefold()) for t in self._vague_any)
            or has_org_suffix(word)
            or word[-1] in "者員部局課会省庁党"
        )

    def _last_court(self) -> Entry | None:
        """The court named last, in this sentence's paragraph or the 40 sentences before."""
        for text in reversed(self.ctx.read):
            if found := _COURT.findall(text):
                return self.body(found[-1])
        return None

    def _last_outlet(self) -> Entry | None:
        """The outlet of the last source, itself or the one it spoke through, if it was
        named in this paragraph or the one before."""
        for a in self.recent_source():
            if a.entry.kind == "outlet":
                return a.entry
            for name in a.via:
                if (
                    (entry := self.registry.resolve(name))
                    and entry.kind == "outlet"
                    and entry.reviewed
                ):
                    return entry
        return None

    def vague_term_ok(self, folded: str, at: int, term: str) -> bool:
        # 「報道」 is no vague source inside 「報道官」, nor 「社員」 inside 「社員証」
        after = folded[at + len(term) : at + len(term) + 1]
        return not ("\u4e00" <= after <= "\u9fff")

    def coreferent_subject(self, phrase: str, before: str) -> Entry | None | bool:
        if (rest := _OWN_PREFIX.sub("", phrase)) != phrase:
            # 「同社の梁汝波CEO」 is the person; 「同社の広報担当者」 stands for the company
            named = self.registry.resolve(rest, default_kind="person", honorifics=self.honorifics)
            if named and named.kind == "person" and _NAME_TITLED.search(rest):
                return False
        return None

    def descriptor_name(self, rest: str, descriptor: Entry, phrase_tail: str) -> Entry | None:
        # 「業界メディア「集微網」は」 (its quotes turned to spaces by unquote_names): the
        # descriptor's name; a medium is an outlet
        if not phrase_tail.startswith(" ") or not (named := subject_name(rest)):
            return None
        media = any(m in descriptor.name for m in ("メディア", "媒体", "報道", "媒體"))
        return replace(named, kind="outlet") if media else named

    # -- shapes ---------------------------------------------------------------------------

    def _according_to(self, s: Sentence, outside: str) -> Attribution | None:
        if not self._any_according.search(outside):
            return None  # most sentences hold none: one search, not one a cue
        for cue in self.according_cues:
            at = outside.find(cue)
            if at <= 0:
                continue
            begin = last_boundary(outside, at)
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
            if told := _AS_TOLD.fullmatch(phrase):
                # 「ロイター通信が関係者の話として報じたところによると」: the outlet, citing its source
                inner = self.resolve(told.group(2), "person")
                phrase, via = told.group(1), [inner.name] if inner else []
            elif agent := _AGENT_WHEN.fullmatch(phrase) or _AGENT_MADE.fullmatch(phrase):
                phrase = agent.group(1)  # 「帝国データバンクが7月に実施した調査では」
            phrase = _AND_OTHERS.sub("", phrase)  # 「県などによると」: the 県
            # 「警察と消防によりますと」「県警や中津市などによると」: the first source named
            parts = _LISTED.split(phrase) if _LISTED.search(phrase) else []
            named = next((e for part in parts if (e := self.resolve(part, "outlet"))), None)
            named = named or self.resolve(phrase, "outlet")
            if named is None and whole and whole.kind in ("anonymous", "unnamed"):
                entry: Entry | None = whole  # 「海外の報道によれば」, not an outlet called 海外
            else:
                entry = named or subject_name(phrase)
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

    def _speech(self, s: Sentence, outside: str) -> Attribution | None:
        window = int(self.lex.get("final_window", 24))
        channels = self.lex.get("channels") or ()
        best: tuple[int, int, str] | None = None  # verb start, verb end, stem
        for m in self._speech_verbs.finditer(outside):
            tail = outside[m.end() : m.end() + 8]
            if _NEGATED.match(tail) or _CONCESSIVE.match(tail):
                continue
            if outside[m.start() - 1 : m.start()] == "を" and m.group(0) in ("発表", "公表"):
                continue  # 「新型iPhoneを発表した」: an event with an object, not a report
            if m.group(0) in self._quoting and not _QUOTATIVE.search(outside, 0, m.start()):
                continue  # 「…と胸を張った」 reports; 「新案を提案した」 is an act
            if m.group(0).endswith(("る", "た", "す", "う", "く", "つ")):
                # a whole verb (としている) must end a predicate: not 「混沌とした状況」
                if not _PREDICATE_END.match(tail):
                    continue
            elif not (self._verb_tail and self._verb_tail.match(tail)):
                continue
            best = (m.start(), m.end(), m.group(0))
        if best is None and (stop := self._noun_stop.search(outside)):
            best = (stop.start(2), stop.end(2), stop.group(2))
        if (any_verb := _QUOTE_VERB_AT_END.search(outside)) and (
            best is None or any_verb.start(1) > best[1]
        ):
            # 「…」と相好を崩した。: whatever verb ends a sentence right after a quote and its
            # と reports it, but for those that name or compare (と呼ばれる, となった, と同じ);
            # after a speech verb mid-sentence too (「…と話し、「…」と応じた。」)
            best = (any_verb.start(1), any_verb.end(1), any_verb.group(1))
        if best is None:
            return None
        vs, ve, _stem = best
        # what follows the verb; a colon and the quote it opens (「…付け加えました:「…」) end it
        rest = outside[ve:].replace("\u25a1", "").rstrip("。！？!?」 :：")
        # a finite verb before a comma ends a predicate too (machine translation's comma
        # splices: 「…を明らかにした、彼らは…」)
        spliced = rest.startswith(("た、", "ました、"))
        final = ("、" not in rest and len(rest) <= window) or spliced
        channel = any(c in outside[:vs] for c in channels)
        # 「…」と述べ、懲役16年を言い渡した: a quote, then its verb mid-sentence, reports it
        quoted = bool(_QUOTE_THEN_VERB.search(outside, 0, vs)) and bool(
            _CONTINUATIVE.match(outside, ve)
        )  # not 「…」と報じたのは: a clause about the report
        if not (final or channel or quoted):
            return None
        speaker = self._speaker(s, outside, vs)
        if speaker is None and (named := _NAME_AFTER_VERB.match(outside, ve)):
            # 「…」と謝罪した高市首相。: the speaker is the noun the clause ends on
            entry = self.resolve(named.group(1), "person")
            if entry and entry.kind in ("person", "organization"):
                return Attribution(
                    entry,
                    s.text[max(0, outside.rfind("と", 0, vs)) : named.start(1)],
                    s.start + max(0, outside.rfind("と", 0, vs)),
                    s.start + named.start(1),
                    named.group(1),
                    source_start=s.start + named.start(1),
                    source_end=s.start + named.end(1),
                )
        if speaker is None:
            if (final or quoted) and not self._has_topic(outside, vs):
                # no speaker of its own (「…と指摘し「…」と語った。」): the one last named
                cue_start = max(0, outside.rfind("と", 0, vs))
                cue = s.text[cue_start:ve]
                if topic := self._topic_before(s):
                    entry, phrase, begin, end = topic
                    return Attribution(
                        entry,
                        cue,
                        s.start + cue_start,
                        s.start + ve,
                        phrase,
                        method="context",
                        source_start=begin,
                        source_end=end,
                    )
                found = self.continued(s, cue, s.start + cue_start, s.start + ve)
                return found[0] if found else None
            return None
        phrase, begin, end = speaker
        entry = self.resolve(phrase, "person") or subject_name(phrase)
        if entry is None:
            return None
        via = self._conduit(outside[:begin])
        cue_start = vs
        # the cue runs from the quote particle (と) or channel to the end of the verb
        particle = outside.rfind("と", max(end, vs - 3), vs)
        if particle >= 0:  # 「…ことを述べた」: from こと
            cue_start = particle - outside.startswith("ことを", particle - 1)
        ending = self._verb_tail.match(outside[ve : ve + 8]) if self._verb_tail else None
        cue_end = ve + (len(ending.group(0).rstrip("、")) if ending else 0)
        return Attribution(
            entry,
            s.text[cue_start:cue_end],
            s.start + cue_start,
            s.start + cue_end,
            phrase,
            via,
            s.start + begin,
            s.start + end,
        )

    def _conduit(self, text: str) -> list[str]:
        """「日本経済新聞の取材に対し、X氏は…」: the outlet the speaker spoke through."""
        for conduit in self.lex.get("conduits") or ():
            at = text.find(conduit)
            if at > 0:
                mentions = [m for m in self.registry.find(text[:at]) if m.end == at]
                if mentions and mentions[-1].entry.kind == "outlet":
                    return [mentions[-1].entry.name]
        return []

    def has_subject(self, outside: str) -> bool:
        # 「県は…を要請。」「最高裁は…棄却した。」: a topic that acts, or a body as subject
        return self._has_topic(outside, len(outside)) or any(
            outside[m.end() : m.end() + 1] in ("は", "が")
            for m in (self._body.finditer(outside) if self._body else ())
        )

    def _has_topic(self, outside: str, before: int) -> bool:
        """A topic (は) phrase before the verb that looks like an actor (政府は, 同社は), though
        no source resolves from it: the sentence has a subject of its own. A topic inside
        what was said (「不確実性は低下していると指摘し」) does not count."""
        for i in range(1, before):
            if outside[i] == "は" and not _is_hiragana(outside[i - 1]):
                with_reading = outside[last_boundary(outside, i) : i]
                raw = _READING.sub("", with_reading)
                if raw.endswith(self.honorifics) or raw != with_reading:
                    return True  # 「塩谷立選対委員長は」: someone by title; a name's reading
                phrase = clean_phrase(raw, self.honorifics)
                if phrase and (has_org_suffix(phrase) or guess_kind(phrase, "person")):
                    return True
        return False

    def _speaker(self, s: Sentence, outside: str, before: int) -> tuple[str, int, int] | None:
        """The last topic (は) phrase before `before` that names someone, else the first
        subject (が) phrase that does; after 「…と、」 the phrase there speaks (「…と、事情に
        詳しい関係者が明らかにした」)."""
        inverted = [m.end() for m in _INVERTED.finditer(outside, 0, before)]
        if not inverted and (right_after := _SPEAKER_AFTER.search(outside, 0, before)):
            inverted = [right_after.end()]  # 「…調べていたと当局者は述べた」: no comma
        if inverted and (found := self._speaker_between(s, outside, inverted[-1], before)):
            return found
        # 「カナダ企業は…と発言した一方、セブン&アイは「…」としています」: the last clause's
        # topic says what ends the sentence
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(outside, 0, before)]
        if breaks and (found := self._speaker_between(s, outside, breaks[-1], before)):
            return found
        return self._speaker_between(s, outside, 1, before)

    def _speaker_between(
        self, s: Sentence, outside: str, start: int, before: int
    ) -> tuple[str, int, int] | None:
        candidates: dict[str, list[tuple[str, int, int]]] = {"は": [], "が": [], "も": []}
        for i in range(max(1, start), before):
            ch = outside[i]
            if ch in candidates and (
                not _is_hiragana(outside[i - 1])
                or outside[:i].endswith(_KANA_HONORIFICS + _KANA_PLURALS)
            ):  # 「鈴木一郎さんは」: a name with さん is a topic too
                begin = max(last_boundary(outside, i), start if start > 1 else 0)
                phrase = outside[begin:i]
                if phrase.strip() and "\u25a1" not in phrase:
                    candidates[ch].append((phrase, begin, i))
        # a phrase that names someone known beats a generic one (「サム・アルトマン氏は自身の
        # ブログで、新しい取締役会は…と述べた」: the board is what he said, not who said it);
        # a topic that refers back (彼は, 同社は) beats both; among equals the first topic is
        # the speaker and later ones belong to what was said (「マイクロソフトのスコット氏は、
        # OpenAIとの協力は続くと述べた」)
        # the first topic, set off by a comma, is what the sentence is about (「張彤はさらに、
        # 民衆党は…と強調」): as strong as a known name
        ranked = []
        for order, (phrase, b, e) in enumerate(candidates["は"] + candidates["も"]):
            set_off = (
                order == 0
                and _SET_OFF.match(outside, e + 1)
                and not _CLAUSE_BREAK.search(outside, e, before)  # 「弁護側は、…たが、裁判長は」
            )
            entry = self.resolve(phrase, "person") or (subject_name(phrase) if set_off else None)
            if entry:
                strength = 3 if self.coreferent(phrase) else naming_strength(entry, phrase)
                if set_off:
                    strength = max(strength, 2)
                ranked.append((strength, -order, (phrase, b, e)))
        if ranked:
            return max(ranked)[2]
        for phrase, b, e in candidates["が"]:
            if _EMBEDDED.search(outside, e, before):
                continue  # 「KDDIが…ことについては、「…」と指摘」: the subject of what it is about
            if _IN_EVENT.match(outside, e + 1):
                continue  # 「乗員5人が死亡した事故で、委員会が…を公表した」: in the event named
            if _CLAUSE_BREAK.search(outside, e, before):
                continue  # 「党団が…を提出したが、…と嘆いた」: the subject of a clause before
            if self.resolve(phrase, "person"):
                return phrase, b, e
        if candidates["は"] and subject_name(candidates["は"][0][0]):
            return candidates["は"][0]  # 「東京電力は、…と明らかにした」: a name the registry lacks
        return None

    def _quote_speaker(self, s: Sentence, outside: str) -> Attribution | None:
        """「アルトマンは後に「…」: a topic phrase a few characters before a quote opens."""
        for qs, qe in s.quotes:
            at = qs - s.start
            if at <= 0 or s.text[at] not in '「『“"':
                continue
            # a scare quote (「力の奇跡」) is a term, not speech: speech runs longer or on
            closed = qe < s.end or s.text[qe - s.start - 1 : qe - s.start] in '」』”"'
            if closed and qe - qs < 12:
                continue
            speaker = self._speaker(s, outside, at)
            if speaker and _QUOTE_GAP.fullmatch(outside[speaker[2] + 1 : at]):
                phrase, b, e = speaker
                entry = self.resolve(phrase, "person")
                if entry and entry.kind in ("person", "organization", "anonymous"):
                    return Attribution(
                        entry,
                        s.text[e : at + 1],
                        s.start + e,
                        s.start + at + 1,
                        phrase,
                        source_start=s.start + b,
                        source_end=s.start + e,
                    )
        return None
