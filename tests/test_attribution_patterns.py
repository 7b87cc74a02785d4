"""Attribution shapes found on real text (the tuning half of bench/corpus), each pinned by a
short text written for the test: the shape, not the article, is what is checked. Each
case: language, text (several sentences where the shape needs context), a piece of the
claim, the source it must name (a name or a kind), and what produced it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.citations import Context, attributor
from factcheck.db import open_db
from factcheck.extract import extract
from factcheck.han import fold, variants
from factcheck.ingest import ingest
from factcheck.report.json_report import write_json
from factcheck.segment import blocks, sentences
from factcheck.sources import Registry

CASES = [
    # Japanese: a zero subject continues the speaker of the sentence before
    (
        "ja",
        "植田和男総裁は1日、「利上げを適切に判断したい」と述べた。"
        "物価の上振れリスクは低下していると指摘した。",
        "物価の上振れリスク",
        "植田和男",
        "context",
    ),
    # hearsay: 「…という。」 reports what the last source said
    (
        "ja",
        "県によりますと、けが人はいません。3人は軽症だということです。",
        "3人は軽症",
        "県",
        "context",
    ),
    # the speaker after the quote: 「…と、関係者が明らかにした」
    (
        "ja",
        "トヨタは3月までに新工場を建てる計画だと、事情に詳しい関係者が明らかにした。",
        "新工場を建てる",
        "anonymous",
        "rule",
    ),
    # …or without the comma, a topic right before the verb: 「…と当局者は述べた」
    (
        "ja",
        "捜査官は、その男が銃撃を配信していた可能性があり、声明を投稿したかどうかを調べていたと当局者は述べた。",
        "声明を投稿した",
        "anonymous",
        "rule",
    ),
    # the next sentence names an outlet and the source it reports from, with a date between
    (
        "ja",
        "同氏が買収に関心を示していることが分かった。"
        "米ニュースサイトのアクシオスが事情に詳しい関係者の話として23日に報じた。",
        "買収に関心",
        "anonymous",
        "rule",
    ),
    (
        "ja",
        "政権が規制強化を検討している。米ブルームバーグ通信が16日、関係者の話として伝えた。",
        "規制強化",
        "Bloomberg",
        "rule",
    ),
    # a quote after a connective follows the speaker of the quote before
    (
        "ja",
        "田中一郎氏は、「噂はすべてナンセンスだ」と強調した。"
        "さらに、「代表チームの成績は満足のいくものではなかった。準備は順調だ」",
        "満足のいくものではなかった",
        "田中一郎",
        "context",
    ),
    # hearsay after an outlet citing insiders continues the whole chain, the outlet too
    (
        "ja",
        "米ニュースサイトのアクシオスが事情に詳しい関係者の話として23日、同氏が買収を検討していると報じた。"
        "販売が拡大する可能性があるという。",
        "販売が拡大",
        "Axios",
        "context",
    ),
    # 「報道によると」 right after an outlet reported: that outlet's report
    (
        "ja",
        "米ニュースサイトのアクシオスが23日、同氏が買収を検討していると報じた。"
        "報道によると、同氏は買収対象として理想的と見ている。",
        "理想的と見ている",
        "Axios",
        "rule",
    ),
    # a verbal noun ends the sentence: 「…」と発言。
    ("ja", "山田太郎氏は「増税はしない」と発言。", "増税はしない", "山田太郎", "rule"),
    # a speaker's label, then the quote on the next line
    (
        "ja",
        "弁護団・鈴木一郎 主任弁護人:\n「判決には到底納得できない」",
        "到底納得",
        "鈴木一郎",
        "context",
    ),
    # a clause, then a titled name: 「冒頭のあいさつに立った石破首相は」
    (
        "ja",
        "冒頭のあいさつに立った石破首相は、「合意の実行に全力を尽くす」と述べた。",
        "全力を尽くす",
        "石破首相",
        "rule",
    ),
    # a spokesman of a named body speaks for it; 同スポークスマン refers back to it
    (
        "ja",
        "CFAスポークスマンは、噂は全くのデマだと明らかにした。"
        "同スポークスマンは、準備は順調だと強調した。",
        "準備は順調",
        "CFA",
        "rule",
    ),
    # 報道 is no vague source inside 報道官
    (
        "ja",
        "中国外務省の林剣報道官は会見で、訪問に反対すると述べた。",
        "訪問に反対",
        "林剣",
        "rule",
    ),
    # a dateline credits the wire; the source is the one cited
    (
        "ja",
        "【ワシントン共同】米商務省によると、輸出は5%減った。",
        "輸出は5%減った",
        "米商務省",
        "rule",
    ),
    # a colon frame hands its source to the points after it
    (
        "ja",
        "記者の趙振は、詳細を明らかにした:\nまず、契約はまだ確定していない。\n第二に、合宿は1月10日に始まる。",
        "合宿は1月10日",
        "趙振",
        "context",
    ),
    # a quote over several sentences whose speaker is named where it ends
    (
        "ja",
        "山中教授は「敬意を表したい」と話した。一方で「臨床研究はこれからが本番。大きな責任を感じている。"
        "経緯を見守りたい」と強調した。",
        "大きな責任を感じている",
        "山中教授",
        "context",
    ),
    # a name with さん is a topic like any other
    ("ja", "鈴木一郎さんは「5年前から住んでいる」と話していた。", "5年前から", "鈴木一郎", "rule"),
    # a channel with も before the quote
    (
        "ja",
        "雷軍氏はコメント欄にも「床はとてもきれいですね」とコメントを残した。",
        "床はとても",
        "Lei Jun",
        "rule",
    ),
    # a machine translation's comma splice after the reporting verb
    (
        "ja",
        "記者の趙振は、6人の元選手が参加していることを明らかにした、彼らはまだ契約していない。",
        "6人の元選手",
        "趙振",
        "rule",
    ),
    # a study named by its author: 「Xが発表した研究では」「Xによるこの調査は」, and 「その結果、
    # …ことがわかった」 after it is what the study found
    (
        "ja",
        "東京商工リサーチが発表した研究では、全国の500社を調べた。"
        "その結果、約6割が値上げを予定していることがわかった。",
        "約6割が値上げ",
        "東京商工リサーチ",
        "context",
    ),
    (
        "ja",
        "東京商工リサーチが発表した研究では、全国の500社を調べた。",
        "全国の500社",
        "東京商工リサーチ",
        "rule",
    ),
    (
        "ja",
        "ニッセイ基礎研究所によるこの調査は、若者の7割がニュースをSNSで読むと指摘している。",
        "若者の7割",
        "ニッセイ基礎研究所",
        "rule",
    ),
    # the first topic, set off by a comma, speaks; a later one is in what was said
    (
        "ja",
        "王大明はさらに、民進党は主権を堅持すると強調した。",
        "主権を堅持",
        "王大明",
        "rule",
    ),
    # 「判決によると」: the court that gave the judgment
    (
        "ja",
        "甲府地裁は10日、男に懲役10年の判決を言い渡した。判決によると、男は昨年5月に住宅に侵入した。",
        "住宅に侵入",
        "甲府地裁",
        "rule",
    ),
    # 「Xは…と発言した一方、Yは「…」としている」: the last clause's topic says what ends it
    (
        "ja",
        "トヨタは会見で値上げは「考えていない」と発言した一方、"
        "南山商事は「提案を拒否した事実はない」としている。",
        "拒否した事実はない",
        "南山商事",
        "rule",
    ),
    # 「検察側は冒頭陳述で、」: a topic set off after where it spoke
    (
        "ja",
        "検察側は冒頭陳述で、被告が金を奪うため殺害を計画したと指摘した。",
        "殺害を計画",
        "検察側",
        "rule",
    ),
    # 「県などによると」: the 県; someone described, not named, is anonymous, but a person
    # by age alone is what the sentence is about
    ("ja", "県などによると、3人の安否が確認できていない。", "安否が確認", "県", "rule"),
    ("ja", "近くの男性は「どうしていいか分からない」と話した。", "分からない", "anonymous", "rule"),
    (
        "ja",
        "記者は地元警察から、70歳の男性は病気が原因で死亡したと確認した。",
        "病気が原因",
        "地元警察",
        "rule",
    ),
    # the subject inside the event named (「乗員5人が死亡した事故で」) is not who reports it
    (
        "ja",
        "乗員5人が死亡した事故で、北海運輸安全協会が25日、報告書を公表した。",
        "報告書を公表",
        "北海運輸安全協会",
        "rule",
    ),
    # a katakana name that ends in what a body is (アナリティクス) is a body, and
    # 「同調査グループ」 refers back to it; 「…の最新調査によると」 is its study
    (
        "ja",
        "ストラテジー・アナリティクスの最新調査によると、出荷台数は500万台にとどまる見込みです。"
        "同調査グループによると、来年はアップルが続く見込みです。",
        "アップルが続く",
        "ストラテジー・アナリティクス",
        "rule",
    ),
    # machine translation writes a name's middle dot as an equals sign
    (
        "ja",
        "アナリストのヴィル・ペッテリ=ウコナホ氏は「サムスンが早期リーダーとなるでしょう」と述べた。",
        "早期リーダー",
        "ヴィル・ペッテリ=ウコナホ",
        "rule",
    ),
    # a named spokesperson is the person, glued to the office or by surname and title; an
    # office's unnamed spokesperson speaks for it
    (
        "ja",
        "金大中(キム·デジュン)大統領室報道官は「会談は成功だ」と述べた。",
        "会談は成功",
        "金大中",
        "rule",
    ),
    ("ja", "朴報道官は「会談は成功だ」と述べた。", "会談は成功", "朴報道官", "rule"),
    ("ja", "韓国大統領室報道官は「会談は成功だ」と述べた。", "会談は成功", "organization", "rule"),
    # a title alone, with no one of that title named before, is someone unnamed; after a
    # titled name it is that person
    ("ja", "機長は「許可を得たと思った」と証言した。", "許可を得た", "anonymous", "rule"),
    (
        "ja",
        "石破茂首相は「解散する」と述べた。首相は「信を問う」と語った。",
        "信を問う",
        "石破茂",
        "rule",
    ),
    # "In an interview with X, Apple CEO Tim Cook … and denies": the subject after the
    # opening phrase, the person named by role
    (
        "en",
        "In an interview with BuzzFeed News, Apple CEO Tim Cook has broken his silence and"
        " denies that the company was a victim of an attack.",
        "victim of an attack",
        "Tim Cook",
        "rule",
    ),
    # "the companies said" after two were named: one of them, not someone unnamed
    (
        "en",
        "Qualcomm agreed to buy NXP Semiconductors. The deal would be worth about $47 billion,"
        " the companies said.",
        "$47 billion",
        "organization",
        "rule",
    ),
    # a full name after a role, anywhere in a sentence, is who a later surname is
    (
        "en",
        "Former City defender Joleon Lescott spoke before the game."
        " Lescott said the team would return to its old style.",
        "its old style",
        "Joleon Lescott",
        "rule",
    ),
    # …a role capitalised, or a courtesy title
    (
        "en",
        "WASHINGTON (UPI) -- Lobbyist Jack Abramoff has pleaded guilty to three charges."
        " Abramoff said he has profound regret for the harm he caused.",
        "profound regret",
        "Jack Abramoff",
        "rule",
    ),
    (
        "en",
        "Documents name Rep. Robert Ney, R-Ohio, as a recipient. Ney has denied any wrongdoing.",
        "any wrongdoing",
        "Robert Ney",
        "rule",
    ),
    # the people familiar with the matter, again, a paragraph on ("said the people, who")
    (
        "en",
        "Merck has agreed to buy Acceleron, according to people familiar with the matter."
        " Acceleron fell more than 4% on the news.\n\nThe boards of both companies have agreed"
        " to an all-cash deal, said the people, who asked to not be identified.",
        "all-cash deal",
        "anonymous",
        "rule",
    ),
    # a document from a body speaks for it: "according to a report Friday from the
    # Commerce Department", "a separate measure issued Friday by the Labor Department showed"
    (
        "en",
        "Core inflation rose 0.3 percent in March, according to a report Friday from the"
        " Commerce Department.",
        "rose 0.3 percent",
        "Commerce Department",
        "rule",
    ),
    (
        "en",
        "A separate measure issued Friday by the Labor Department showed that pay rose 1.2 percent.",
        "pay rose 1.2",
        "Labor Department",
        "rule",
    ),
    # a spokesperson of the outlet the sentence names (the article opens no quotation mark)
    (
        "en",
        "Bloomberg Businessweek’s investigation is the result of more than a year of reporting,"
        " during which we conducted more than 100 interviews,” a spokesperson told BuzzFeed News.",
        "100 interviews",
        "Bloomberg Businessweek",
        "model",
    ),
    # a party in parentheses between the name and the verb
    (
        "en",
        "Knesset State Control Committee chairwoman Karin Elharar (Yesh Atid) said the problem"
        " of in-house hospital infections is getting worse every year.",
        "getting worse",
        "Karin Elharar",
        "rule",
    ),
    # a short name of a body named before: "the Post" after The Washington Post
    (
        "en",
        "The Washington Post said the sentence will be shorter."
        " He is expected to enter a similar plea Wednesday, the Post reported.",
        "similar plea",
        "The Washington Post",
        "rule",
    ),
    # a から-source beats the speaker the sentence would otherwise continue
    (
        "ja",
        "豊岡市の中華料理店で食事をした21人が発症した。同事務所によると、同店では34グループが食事。"
        "同月30日、同店から「複数のグループで発熱した」と同事務所へ通報があった。",
        "複数のグループで発熱",
        "中華料理店",
        "rule",
    ),
    # a party to a case speaks as one: 「…訴え続けてきた原告は」「弁護団は」
    (
        "ja",
        "差別の解消を訴え続けてきた原告は「前進させる判決」と喜び、「諦めずに進んでいく」との決意を新たにした。",
        "諦めずに進んでいく",
        "原告",
        "rule",
    ),
    (
        "ja",
        "判決後の会見で、弁護団は「速やかに法改正のために動く義務がある」と国会にくぎを刺した。",
        "法改正のために",
        "弁護団",
        "rule",
    ),
    # a study's next figures in the same paragraph are its findings
    (
        "ja",
        "東京商工リサーチが発表した調査では、全国の500社を調べた。"
        "その結果、約6割が値上げを予定していることがわかった。この数字は飲食業では約9割に上る。",
        "約9割に上る",
        "東京商工リサーチ",
        "context",
    ),
    # a が-subject of a clause before 「…たが、」 is not who 嘆いた: the speaker goes on
    (
        "ja",
        "王大明報道官は「国家安全を守る」と強調した。"
        "党団が昨年11月に改正案を提出したが、民進党によって阻止されたと嘆いた。",
        "阻止された",
        "王大明",
        "context",
    ),
    # Chinese, traditional: one lexicon for both scripts
    ("zh", "據路透社報導，台積電將在日本建第二座工廠。", "第二座工廠", "Reuters", "rule"),
    # a title before the name: 气象署地震测报中心主任吴健富 is 吴健富, in the text's script
    (
        "zh",
        "氣象署地震測報中心主任吳健富表示，這起地震深度11.9公里。",
        "11.9公里",
        "吳健富",
        "rule",
    ),
    # a name and a colon open a quote
    ("zh", "邵佳一：“这三分对我们来说非常重要。”", "这三分", "邵佳一", "rule"),
    # a zero subject at a sentence's start continues the last speaker
    (
        "zh",
        "王文斌表示，中方坚决反对。并表示，已向日方提出严正交涉。",
        "严正交涉",
        "王文斌",
        "context",
    ),
    # 据悉: reported by no one named
    ("zh", "据悉，该公司已裁员约10%。", "裁员约10%", "unnamed", "rule"),
    # someone known by surname only is anonymous (jieba reads the phrase)
    ("zh", "该市外宣办曹姓官员说，目前没有人员伤亡。", "没有人员伤亡", "anonymous", "rule"),
    # a paragraph of quote after the paragraph where someone said something: theirs
    (
        "zh",
        "沙菲宜在法庭大厦对记者说，还有10名法官将做出判决。\n\n“我们会上诉，我们有更好的机会。”",
        "我们会上诉",
        "沙菲宜",
        "context",
    ),
    # 「官方数据显示」: the body named last (and a clause ending in 局 is no body: 开局)
    (
        "zh",
        "国家统计局16日公布的数据显示，一季度国民经济实现良好开局。"
        "官方数据显示，一季度国内生产总值达296299亿元。",
        "296299亿元",
        "国家统计局",
        "rule",
    ),
    # 「近日，英国埃克斯特大学的一项新研究显示」: the university's study
    (
        "zh",
        "近日，英国埃克斯特大学的一项新研究显示，老人缺乏维生素D容易患上脑退化症。",
        "脑退化症",
        "英国埃克斯特大学",
        "rule",
    ),
    # 「發言人續說」 in the next paragraph: the body whose spokesperson spoke
    (
        "zh",
        "教育局發言人表示，學生安全是首要考慮。\n\n發言人續說，社會連日受到廣泛破壞。",
        "廣泛破壞",
        "教育局",
        "rule",
    ),
    # a transcript: 问：… 答：…, the answer is who spoke before the question
    (
        "zh",
        "外交部发言人汪文斌表示，中方坚决反对。\n问：有报道称日本领导人有意与蔡英文通电话。"
        "\n答：我们注意到有关报道，已要求日方作出澄清。",
        "要求日方作出澄清",
        "汪文斌",
        "context",
    ),
    # 相信: what someone believes, stated
    ("zh", "代表律师沙菲宜相信，辩护团队有更好的机会。", "更好的机会", "沙菲宜", "rule"),
    # a bare 发言人 after a body's spokesperson spoke: that body
    (
        "zh",
        "美国国防部发言人表示，中方拒绝了通话请求。发言人说，美方会继续致力于开放沟通渠道。",
        "开放沟通渠道",
        "美国国防部",
        "rule",
    ),
    # a lexicon's term is named as the text writes it: 「辯方律師」, not 「辩方律师」
    ("zh", "辯方律師求情時指，被告已有悔意。", "已有悔意", "辯方律師", "rule"),
    # a clause of time before the speaker is not the speaker: 「而事发时在…开会的…王姓官员说」
    (
        "zh",
        "而事发时在市区三楼开会的该县宣传部王姓官员说,大家都没有感觉。",
        "没有感觉",
        "anonymous",
        "rule",
    ),
    # a short verb counts right before a comma: 「警方指，…」
    ("zh", "警方指，人員在巡邏期間拘捕一名男子。", "拘捕一名男子", "警方", "rule"),
    # a foreign name in full after a title; later its last part alone is the same person
    (
        "zh",
        "参议院领袖约翰·图恩表示，共和党将修改规则。图恩随后表示，谈判已经破裂。",
        "谈判已经破裂",
        "约翰·图恩",
        "rule",
    ),
    # a title glued before a transliterated given name, a verb glued after the surname
    (
        "zh",
        "联合创始人格雷格·布兰登表示，公司将扩大招聘。",
        "扩大招聘",
        "格雷格·布兰登",
        "rule",
    ),
    # 确认: a confirmation reports; 他 then is the one who confirmed
    (
        "zh",
        "莫斯科市长索比亚宁在社交媒体上确认，防空部队击落一架无人机。他表示，没有造成人员伤亡。",
        "没有造成人员伤亡",
        "索比亚宁",
        "rule",
    ),
    # a speech verb after a comma with no subject: the subject of the first clause
    (
        "zh",
        "央行並再度下修今年通膨率，預估今年CPI年增率為一．六六％。",
        "一．六六％",
        "央行",
        "rule",
    ),
    # 针对…: the report answered is a topic; the body that answers speaks
    (
        "zh",
        "针对有媒体曝出瞒报死亡人数问题，鞍山市委宣传部回应称：已成立调查组。",
        "已成立调查组",
        "鞍山市委宣传部",
        "rule",
    ),
    # a clause whose subject was named before opens a quote with a colon
    (
        "zh",
        "查克·舒默回击称，规则修改是错误。舒默则坚持立场：“我们从未见过这样的提名。”",
        "从未见过",
        "查克·舒默",
        "rule",
    ),
    # English: what the body is, between "of" and its name, goes
    (
        "en",
        "Growth will soften, according to Alex Holmes of research consultancy Capital Economics.",
        "Growth will soften",
        "Alex Holmes of Capital Economics",
        "rule",
    ),
    # an outlet's report that …: the outlet reported it
    (
        "en",
        "Streeting was responding to the Guardian's report that No 10 had briefed against him.",
        "No 10 had briefed",
        "The Guardian",
        "rule",
    ),
    # the model's source, a description no registry names: kept as the unnamed source
    (
        "en",
        "The Republican presidential nominee insisted the election was rigged.",
        "election was rigged",
        "unnamed",
        "model",
    ),
    # the model's source "who" is the name before it
    (
        "en",
        "Mr Castaneda, who argued the budget was balanced, left early.",
        "budget was balanced",
        "Mr Castaneda",
        "model",
    ),
    # a sentence that opens with a participle of speech: the last speaker goes on
    (
        "en",
        'Apple chief Tim Cook says he was "involved" from the start. '
        'Going so far as to say, "each time we investigated we found nothing."',
        "we found nothing",
        "Tim Cook",
        "context",
    ),
    # English: a role in lowercase before the name
    (
        "en",
        "Cabinet Office minister Michael Gove said he did not brief reporters.",
        "did not brief reporters",
        "Michael Gove",
        "rule",
    ),
    # "X measured … and said": the sentence's subject
    (
        "en",
        "The U.S. Geological Survey measured the quake at magnitude 5.1 and said it was 10 kilometers deep.",
        "10 kilometers deep",
        "U.S. Geological Survey",
        "rule",
    ),
    # a body by what it is, after the clause it reports
    (
        "en",
        "The quake was 13 kilometers deep, China's national earthquake administration said.",
        "13 kilometers deep",
        "China's national earthquake administration",
        "rule",
    ),
    # a leading conjunction is not part of the speaker
    (
        "en",
        "Mr Johnson launched an inquiry into the leak, and Mr Gove insisted it was not him.",
        "it was not him",
        "Mr Gove",
        "rule",
    ),
    # an attributed hedge is a claim (kind prediction), not dropped as speculation
    (
        "en",
        "The carrier may delay the launch by 3 months, two people with knowledge of the plans said.",
        "delay the launch",
        "anonymous",
        "rule",
    ),
    # a quote opened after 「Xに向けて」; 「野村被告」 is a person, whatever else bears the name
    (
        "ja",
        "工藤会トップの野村悟被告は判決を聞いた。"
        "退廷直前、野村被告は裁判長に向けて「全然公正じゃない。20年後悔するぞ」と言った。",
        "20年後悔するぞ",
        "野村悟",
        "rule",
    ),
    # a speech verb's own noun (非難し → 非難) ends a sentence alone
    (
        "ja",
        "山田太郎裁判長は、被告の行為は懲役8年が相当だと非難。",
        "懲役8年",
        "山田太郎",
        "rule",
    ),
    # a quote and its verb mid-sentence (「…」と述べ、) report what was said
    (
        "ja",
        "山田太郎裁判長は暴行を「拷問に近い12件」と述べ、懲役16年を言い渡した。",
        "拷問に近い12件",
        "山田太郎",
        "rule",
    ),
    # a company whose name holds & and a katakana pair is no person
    (
        "ja",
        "セブン&アイ・ホールディングスは、3項目の提案を拒否したと明らかにしました。",
        "3項目の提案",
        "セブン&アイ・ホールディングス",
        "rule",
    ),
    # people counted, not named, are anonymous
    (
        "ja",
        "裁判員を務めた6人も取材に応じ、「3回の公判は難しかった」と振り返りました。",
        "3回の公判",
        "anonymous",
        "rule",
    ),
    # a group with ら/たち is the group
    (
        "ja",
        "目撃者らは、動物が3頭いたと話した。",
        "3頭いた",
        "目撃者",
        "rule",
    ),
    # who told it, by から: the teller, not the reporter who heard it
    (
        "ja",
        "記者は地元警察から、70歳の男性は病気で死亡したと確認した。",
        "70歳の男性",
        "地元警察",
        "rule",
    ),
    (
        "ja",
        "「車が2台沈んでいる」と通行人から消防に通報がありました。",
        "車が2台",
        "通行人",
        "rule",
    ),
    # no subject of its own: the topic of the sentence right before (or before the quote)
    (
        "ja",
        "新海誠監督はこの日、東京で舞台挨拶に出席。「実感はない。観客は59万人だそうです」と心境を明かした。",
        "観客は59万人",
        "新海誠",
        "context",
    ),
    (
        "ja",
        "安倍晋三首相は18日、会談した。この後、首相は羽田空港を出発した。"
        "同空港で記者団に「10月に判断したい」と語った。",
        "10月に判断したい",
        "安倍晋三",
        "context",
    ),
    # …through sentences that name no one as their subject, to the last that did (a が
    # subject, a team and a dot before the titled name)
    (
        "ja",
        "ソフトバンク・大関友久投手が24日、球団事務所で契約を更改した。"
        "今季は自己最多13勝を挙げ、タイトルも獲得。「もっと大きくなれるように」と誓った。",
        "もっと大きく",
        "大関友久",
        "context",
    ),
    # …but not past someone else the subject
    (
        "ja",
        "大関友久投手が24日、契約を更改した。山川穂高選手は欠場した。"
        "「もっと大きくなれるように」と誓った。",
        "もっと大きく",
        "山川穂高",
        "context",
    ),
    # machine translation: a katakana full name glued to its office and title; a verbal
    # noun after こと ends the sentence; と…促した reports
    (
        "ja",
        "ジャネット・ロリート・ガリン健康省代理長官は、蚊の総数が多いために感染されやすいことを述べた。",
        "感染されやすい",
        "ジャネット・ロリート・ガリン",
        "rule",
    ),
    (
        "ja",
        "DOHは、日曜日(3月6日)に、アメリカでは、ウィルスは流行していないことを確認。",
        "流行していない",
        "DOH",
        "rule",
    ),
    (
        "ja",
        "保健省は、月曜日に、パニックになる必要はないと公に促した。",
        "パニックになる",
        "保健省",
        "rule",
    ),
    # a report's next sentence in the paragraph goes on with what it said, after によると
    (
        "ja",
        "明石署によると、署員ら約20人が明石浦漁港周辺を捜索。"
        "船2隻で海上から探したりしたが、女性は見つからなかった。",
        "女性は見つからなかった",
        "明石署",
        "context",
    ),
    # …and on through the sentences after it
    (
        "ja",
        "市教委によると、男性教諭は通知表を無断で校外に持ち出した。17年10月には体操着を同様に持ち出した。"
        "下書き以外は家庭ごみとして廃棄した。",
        "家庭ごみとして廃棄",
        "市教委",
        "context",
    ),
    # 「Xは「…」と話しているという」: what X said, told by the source named before
    (
        "ja",
        "明石署によると、防犯カメラの映像で申告内容が事実でないことが分かったという。"
        "男は容疑を否認し、「もっと公の場で話をしようと思います」と話しているという。",
        "公の場で話を",
        "明石署",
        "rule",
    ),
    # people by their work, in the plural, unnamed
    (
        "ja",
        "クーリ・フリッシュさんは「泣き始めた」と語った。消防士らによると、企業は炎上したという。",
        "企業は炎上",
        "anonymous",
        "rule",
    ),
    # 「同鉄道」: the railway named before
    (
        "ja",
        "小湊鉄道によると、列車が脱線した。同鉄道によると、昨年7月の定期検査の際は、線路に異常はなかった。",
        "線路に異常は",
        "小湊鉄道",
        "rule",
    ),
    # a railway, airline, airport or utility by its name's ending, though in hiragana
    (
        "ja",
        "いすみ鉄道によりますと4日午前8時10分ごろ、列車の乗務員から「走行中に異音がした」と連絡がありました。",
        "異音がした",
        "いすみ鉄道",
        "rule",
    ),
    # someone described with an age and no name, the topic a later quote continues
    (
        "ja",
        "浸水した同地区の主婦(51)は、大雨の時は水位を確認するように。"
        "今回も、避難の準備をしようと決めていた。「水害に遭ってからは主体的に考えるようになった」と話す。",
        "主体的に考える",
        "anonymous",
        "context",
    ),
    # a one-character surname and a title is a person (not 県知事); the quote and verb that
    # end the sentence report it though a speech verb came before
    (
        "ja",
        "呉大使は本県に車で何度か訪れていると話し、「幅広い分野で国民同士が相互交流できれば」と応じた。",
        "相互交流できれば",
        "呉大使",
        "rule",
    ),
    (
        "ja",
        "県知事は「来年度に判断する」と述べた。",
        "来年度に判断",
        "県",
        "rule",
    ),
    # someone described by place and age bracket is someone unnamed
    (
        "ja",
        "判決後、裁判員経験者3人が記者会見に応じた。"
        "水戸市の30歳代男性は「今後どう更生するのか具体的に聞きたかった」と話した。",
        "具体的に聞きたかった",
        "anonymous",
        "rule",
    ),
    # a surname and title is the one of that title, though another bears the surname; a
    # given name in hiragana
    (
        "ja",
        "歌三線で比嘉康春学長、踊り手で比嘉いずみ准教授も出演する。\n"
        "踊り手らを指導する比嘉准教授は「ハワイの県系人は、思いが強い面がある」と語った。",
        "思いが強い",
        "比嘉いずみ",
        "rule",
    ),
    # a sports title after a surname: 「三笠GMから…という言葉」
    (
        "ja",
        "三笠GMから「前向きな話なのであれば今後も時間を取る」という言葉をもらった。",
        "時間を取る",
        "三笠GM",
        "rule",
    ),
    # 「他續說」「他指…」: the speaker goes on; 指 after a pronoun reports
    (
        "zh",
        "崔世安表示,人選將有所變動。他續說,必須在符合《基本法》的要求下選擇主要官員。",
        "選擇主要官員",
        "崔世安",
        "rule",
    ),
    (
        "zh",
        "崔世安表示,人選將有所變動。他指政府政策多次強調要加大發展非博彩元素。",
        "非博彩元素",
        "崔世安",
        "rule",
    ),
    # the body, not its channel: 「据北京市公安局官方微博平安北京消息」
    (
        "zh",
        "据北京市公安局官方微博平安北京消息,今日10时39分,一男子驾驶小客车撞伤数人。",
        "撞伤数人",
        "北京市公安局",
        "rule",
    ),
    (
        "zh",
        "京港地铁官方微博发布消息称,列车故障已排除。",
        "故障已排除",
        "京港地铁",
        "rule",
    ),
    # Hong Kong court news names a judge by surname and 官, and the judgment they issued
    (
        "zh",
        "區域法院暫委法官高偉雄今日駁回申請。高官頒下的判詞指,被告作供時並無問題。",
        "作供時並無問題",
        "高偉雄",
        "rule",
    ),
    # a judgment (判詞) speaks for the judge named before it; earlier reports are unnamed
    (
        "zh",
        "裁判官高偉雄表示,申請被拒。判詞指,被告在庭上作供時並無問題。",
        "作供時並無問題",
        "高偉雄",
        "rule",
    ),
    (
        "zh",
        "根据早前报道,居民在组屋设置国庆装饰。",
        "设置国庆装饰",
        "unnamed",
        "rule",
    ),
    # an outlet's magazine is the magazine (彭博商業周刊, not Bloomberg)
    (
        "zh",
        "《彭博商業周刊》去年報導,中國政府駭進數據中心的製造過程。",
        "駭進數據中心",
        "Bloomberg Businessweek",
        "rule",
    ),
    # a statement (文告) speaks for the body that issued it
    (
        "zh",
        "新加坡警察部队在星期六发文告说,星期二上午接获举报。"
        "文告指出,金文泰警署的警员在隔天确定男子身份。",
        "确定男子身份",
        "新加坡警察部队",
        "rule",
    ),
    # the time of day is no part of the speaker (台灣高鐵公司上午10時37分再次公告)
    (
        "zh",
        "台灣高鐵公司上午10時37分再次公告,目前狀況已排除,運轉陸續恢復中。",
        "狀況已排除",
        "台灣高鐵公司",
        "rule",
    ),
    # a foreign name written in full before its original, after a title (负责人)
    (
        "zh",
        "菲律宾参议长米格尔·苏比里(Juan Miguel Zubiri)表示,任何人都能帮助我们。"
        "菲新闻秘书办公室负责人切洛伊·加拉菲(Cheloy Garafil)表示,两人还讨论了其他问题。",
        "讨论了其他问题",
        "切洛伊·加拉菲",
        "rule",
    ),
    (
        "zh",
        "菲律宾参议长米格尔·苏比里(Juan Miguel Zubiri)表示,任何人都能帮助我们。",
        "帮助我们",
        "米格尔·苏比里",
        "rule",
    ),
    # Malaysian honorifics (拿督斯里, 丹斯里) between a title and the name
    (
        "zh",
        "首相拿督斯里安华指出,在团结政府框架下,巫青团长阿克马抨击部长倪可敏的作法并不恰当。"
        "另一方面,安华强调,团结政府不曾忽略印裔族群的福利。",
        "并不恰当",
        "安华",
        "rule",
    ),
    # an event's quoted name before 時 is a name, not speech: the subject before it speaks
    (
        "zh",
        "行政院長卓榮泰今(6)日出席「113年國光體育獎章暨運動科學研究獎勵頒獎典禮」時表示,"
        "今年是臺灣大放異彩的一年。",
        "大放異彩",
        "卓榮泰",
        "rule",
    ),
    # a name spelled out in sounds after a title, though jieba cuts it in two (莫哈末/哈达)
    (
        "zh",
        "槟岛西南区警区主任莫哈末哈达在8日已经证实警方接到保安经理的报案。",
        "接到保安经理",
        "莫哈末哈达",
        "rule",
    ),
    (
        "zh",
        "警区主任阿末扎希证实警方接到保安经理的报案。",
        "接到保安经理",
        "阿末扎希",
        "rule",
    ),
    # a body's name ends where its words do (「中国疾控中心对外介绍」), before what it issued
    (
        "zh",
        "疫情发生后,中国疾控中心对外介绍,2019年12月31日,9名专家赶到了武汉。",
        "9名专家",
        "中国疾控中心",
        "rule",
    ),
    (
        "zh",
        "苏州市公安局苏州高新区分局发布警情通报:6月24日,一起案件造成3人受伤。",
        "造成3人受伤",
        "苏州市公安局苏州高新区分局",
        "rule",
    ),
    # who told a reporter is the speaker; the outlet is the conduit
    (
        "zh",
        "刘霞对香港媒体记者哭诉:“这个判决是第3次非法判决。”",
        "第3次非法判决",
        "刘霞",
        "rule",
    ),
    # 消息 and 知情者 alone are anonymous sources
    (
        "zh",
        "消息透露,苹果公司预计将在9月举行发布会。",
        "9月举行发布会",
        "anonymous",
        "rule",
    ),
    # a speaker's paragraph goes on in their name (Chinese news gives one speaker a paragraph)
    (
        "zh",
        "陈宝生说,各地教育部门要细化3项要求。建立起环环相扣的责任体系,加大监督检查力度。",
        "建立起环环相扣",
        "陈宝生",
        "context",
    ),
    # a name glossed with its Latin original is a person; the aside is no part of the phrase,
    # and a verb inside a noun (分析師, 法說會) is no verb
    (
        "zh",
        "博通執行長譚霍克(Hock Tan)在聲明中表示:「這起交易將帶來3倍的技術。」",
        "3倍的技術",
        "譚霍克",
        "rule",
    ),
    (
        "zh",
        "野村Instinet(Nomura Instinet)分析師夏哈(Romit Shah)在客戶報告中表示:「70美元的出價不夠。」",
        "70美元的出價",
        "夏哈",
        "rule",
    ),
    (
        "zh",
        "疫情发生后,中国疾控中心(又称“中国CDC”)对外介绍,9名专家赶到了武汉。",
        "9名专家",
        "中国疾控中心",
        "rule",
    ),
    # someone described, not named, speaks anonymously; 「X方面」 is X; 「王总」 a person; an
    # adverb before the verb is no part of the speaker
    (
        "zh",
        "当地警方一名工作人员称,目前3名警员已经介入调查。",
        "3名警员",
        "anonymous",
        "rule",
    ),
    (
        "zh",
        "伊利方面还表示,将对3个账号采取法律手段。",
        "3个账号",
        "伊利",
        "rule",
    ),
    (
        "zh",
        "恰總說:「各隊板凳深度都不錯,有3隊很強。」",
        "有3隊很強",
        "恰總",
        "rule",
    ),
    (
        "zh",
        "魏哲家明確指出,3家客户的订单最重要。",
        "3家客户",
        "魏哲家",
        "rule",
    ),
    # 「他」 after a name the sentence gave with its title (「總教練林威助」) is that person
    (
        "zh",
        "中信兄弟總教練林威助今天賽前受訪,他說:「我們都當最後3場去打。」",
        "最後3場",
        "林威助",
        "rule",
    ),
    # 「有…指出」: someone unnamed says it
    (
        "zh",
        "有批評聲音指出,美國和英國的情報機構早3週預知了入侵計劃。",
        "早3週預知",
        "unnamed",
        "rule",
    ),
    # a reply verb before the verb (「回覆指」) and 則是 are not part of the speaker
    (
        "zh",
        "港鐵發言人回覆指,列車服務約於5分鐘後回復正常。",
        "5分鐘後回復正常",
        "港鐵",
        "rule",
    ),
    (
        "zh",
        "博通則是迴應,這項收購案在3月都將成立。",
        "3月都將成立",
        "博通",
        "rule",
    ),
    # a verb that reports only after the quotative と (mined after 」と in stored news)
    (
        "ja",
        "大関友久投手は「来季は15勝を狙う」と力強く胸を張った。",
        "15勝を狙う",
        "大関友久",
        "rule",
    ),
    # 「Xが語る。」 introduces the quote that follows
    (
        "ja",
        "日経社員Bが語る。\n「他のスポンサーからすると面白くない。3社が離れた」\n",
        "3社が離れた",
        "anonymous",
        "context",
    ),
    # a quote inside a quote (『…』) does not close it; the topic and age on the line before
    # the quote say who spoke
    (
        "ja",
        "続投の姿勢を強調したが、森山裕幹事長(80)は、\n"
        "「『総括委員会』を設置したい。8月中に報告書をとりまとめたい」\nと述べて、辞任を示唆した。",
        "8月中に報告書",
        "森山裕",
        "rule",
    ),
    # a line that only names a titled speaker, above the quote (television news)
    (
        "ja",
        "日本銀行は政策金利を据え置きました。\n日本銀行 植田総裁\n「引き続き政策金利を0.25%引き上げていくことになる」\n",
        "0.25%引き上げ",
        "植田",
        "context",
    ),
    # reported with no one named; published in an outlet
    (
        "ja",
        "高齢男性が3階から落ちて死亡したとインターネット上で報じられた。",
        "3階から落ちて",
        "unnamed",
        "rule",
    ),
    (
        "ja",
        "暗号通貨ニュースサイトCointelegraphに、3本のETFが承認されたというニュースが掲載されました。",
        "3本のETF",
        "Cointelegraph",
        "rule",
    ),
    # the speaker as the noun a sentence ends on; a view held in a group
    (
        "ja",
        "会見冒頭「3日間もお待たせしたことをおわびします」と謝罪した高市首相。",
        "3日間もお待たせ",
        "高市首相",
        "rule",
    ),
    (
        "ja",
        "ただ政府内には「交渉を急ぐと3分野で譲ることになる」との見方もある。",
        "3分野で譲る",
        "政府",
        "rule",
    ),
    # a verbal noun whose verb reports only after と (推測し), and a smile, end a sentence alone
    (
        "ja",
        "大谷翔平選手は「3本は打てる」と笑顔。",
        "3本は打てる",
        "大谷翔平",
        "rule",
    ),
    # a person of a known body, by name (「Xの井出」); the first of coordinated sources
    (
        "ja",
        "ニッセイ基礎研究所の井出は「日経平均が3回最高値を更新する」と話した。",
        "3回最高値",
        "井出",
        "rule",
    ),
    (
        "ja",
        "警察と消防によりますと、焼け跡から62歳の女性が見つかったということです。",
        "62歳の女性",
        "警察",
        "rule",
    ),
    # an office inside a title (「財務大臣」) is not part of the name
    (
        "ja",
        "片山財務大臣は「3月まで注視したい」と述べました。",
        "3月まで注視",
        "片山",
        "rule",
    ),
    # someone the text does not name: "another delegate", "a staff member"
    (
        "en",
        '"Parts of the act still exist," another delegate said. "For example, the vote rule."',
        "the vote rule",
        "anonymous",
        "context",
    ),
    # "it said" after a body spoke is the body; "the report" after an outlet reported is its
    (
        "en",
        "Brussels Airport said 50 flights were cancelled. “3 runways are closed,” it said.",
        "3 runways are closed",
        "Brussels Airport",
        "rule",
    ),
    (
        "en",
        "Intel sold chips, the Financial Times reported May 7. The report said 2 firms used licenses.",
        "2 firms used licenses",
        "Financial Times",
        "rule",
    ),
    # a body named in passing is what a later "the agency" stands for
    (
        "en",
        "The Japan Meteorological Agency issued a warning. The agency has warned of 3 m waves.",
        "3 m waves",
        "The Japan Meteorological Agency",
        "rule",
    ),
    # "1:08 p.m. Wednesday" does not end the sentence; "reports" reports
    (
        "en",
        "The U.S. Geological Survey reports the quake shook at 1:08 p.m. Wednesday 40 miles away.",
        "40 miles away",
        "U.S. Geological Survey",
        "rule",
    ),
    # researchers at a body have found: the body
    (
        "en",
        "Warming will get 2 times worse, researchers at the University of Michigan have found.",
        "2 times worse",
        "University of Michigan",
        "rule",
    ),
    # present-tense reporting verbs; people counted in digits are anonymous
    (
        "en",
        "The US administration claims that 3 export curbs improve US security.",
        "3 export curbs",
        "The US administration",
        "model",  # a description the grammar cannot name; the model's source
    ),
    (
        "en",
        "Such claims are baseless, 3 people said.",
        "baseless",
        "anonymous",
        "rule",
    ),
    # a numbered district before the title, and the title, are not the name
    (
        "en",
        "Ward 5 Councillor Leanne Caron noted that they had not seen the 2 bills.",
        "not seen the 2 bills",
        "Leanne Caron",
        "rule",
    ),
    # a rank abbreviated with a period does not end the sentence
    (
        "en",
        "Det. Sgt. Jane Roe said 2 men were arrested.",
        "Det. Sgt. Jane Roe said 2 men",
        "Jane Roe",
        "rule",
    ),
    # a numbered unit is a name: 「捜査1課」
    (
        "ja",
        "捜査1課によると、男は10日に女性を殺害した疑いがある。",
        "殺害した疑い",
        "捜査1課",
        "rule",
    ),
    # a speaker's label spaced as television shows it: body, family and given name, title
    (
        "ja",
        "本店で会見があった。\n\n 千葉銀行 米本 努 頭取\n「今回の決算は概ね前年比横ばいでした」",
        "前年比横ばい",
        "米本努",
        "context",
    ),
    # machine translation from Korean: another middle dot, a Korean research title
    (
        "ja",
        "調査会社のチェ·ジョング責任研究員は“出荷は来年下半期に可能になるだろう”と述べた。",
        "来年下半期",
        "チェ·ジョング",
        "rule",
    ),
    # an outlet's name alone after a quote (its credit) does not end the speaker's turn
    (
        "ja",
        "野村哲也氏は「本当に残念でした」と語った。Famitsu。\n「次のゲームの発売日を3月に考え直します。」",
        "3月に考え直します",
        "野村哲也",
        "context",
    ),
    # 「X撰文指「…」」: who wrote it, by the short verb before a quote (Hong Kong usage)
    (
        "zh",
        "金管局總裁余偉文撰文指「弱方兌換保證」有可能再度被觸發。",
        "再度被觸發",
        "余偉文",
        "rule",
    ),
    # two speakers quoted in one sentence: each is a source of it
    (
        "zh",
        "王齐麟笑说「完全没有，目标八强」，李洋则说「小组赛能出线就偷笑了」。",
        "小组赛能出线",
        "李洋",
        "rule",
    ),
    # a quote after what someone said, in the same paragraph, is theirs
    (
        "zh",
        "胡金秋也表示，比赛还剩10秒时，大家已经忍不住落泪了。“感谢队友，我们拿了3个冠军！”",
        "3个冠军",
        "胡金秋",
        "context",
    ),
    # 「一部の学生」: a group, unnamed, though its noun could be a person's title
    (
        "ja",
        "一部の学生は「3割の学生の進学を制限する」と断じた抗議声明を出した。",
        "3割の学生",
        "unnamed",
        "rule",
    ),
    # a suspect named after an occupation, as police reports give it, then by surname
    (
        "ja",
        "県警は11日、佐世保市、漁業三宅秀夫容疑者(41)を逮捕した。"
        "三宅容疑者は「3回たたいた」と話しているという。",
        "3回たたいた",
        "三宅秀夫",
        "rule",
    ),
    # a body's research team speaks for it; 「研究によると」 is the study just named ...
    (
        "ja",
        "ハーバード大学の研究チームは、加工食品が早期死亡と関連していることを明らかにしました。"
        "研究によると、加工食品は3つの慢性病のリスクを増加させることが示されました。",
        "3つの慢性病",
        "ハーバード大学",
        "rule",
    ),
    # ... and a report no one is named for is unnamed, 「それによると」 still it
    (
        "ja",
        "別の未検証の報告によると、林卓氏は「スキーム」を提案したという。"
        "それによると、林卓氏は10万香港ドルを投資するよう説得したとされている。",
        "10万香港ドル",
        "unnamed",
        "context",
    ),
    # what a reporter confirmed from the police, at length
    (
        "ja",
        "記者は地元警察から、70歳の男性は病気が原因で自殺し、落下した防犯ネットによって"
        "死亡したわけではないと確認した。",
        "70歳の男性",
        "地元警察",
        "rule",
    ),
    # who asked is not who answered
    (
        "ja",
        "大谷は現地インタビュアーから3本塁打について問われると「良いスタートになった」と第一声。",
        "3本塁打",
        "大谷",
        "rule",
    ),
    # 「记者从X了解到」: what the reporter learned from X is X's, X a body's full name
    (
        "zh",
        "记者19日从上海市公安局城市轨道和公交总队获悉，嫌疑人已被抓获3人。",
        "抓获3人",
        "上海市公安局城市轨道和公交总队",
        "rule",
    ),
    # 「及时」「第一时间」: how soon it was said, no part of the name
    (
        "zh",
        "事故发生后，海口交警支队及时通报了此次事故的3名伤者情况。",
        "3名伤者",
        "海口交警支队",
        "rule",
    ),
    # a speaker line ending in a colon, then the quote on the lines below
    (
        "zh",
        "滕华涛说：\n“以往拍的电影，也有观众不喜欢。我作为导演，没有走更远。”",
        "没有走更远",
        "滕华涛",
        "context",
    ),
    (
        "en",
        'The minister said:\n"We will raise taxes by 3%. Nobody wants this."',
        "raise taxes by 3%",
        "The minister",
        "context",
    ),
    # 「附X原文：」: X's own text follows; a film director's title is no part of the name
    (
        "zh",
        "附滕华涛导演原文：\n“以往拍的电影，也有观众不喜欢。我作为导演，没有走更远。",
        "没有走更远",
        "滕华涛",
        "context",
    ),
    # the model's long source phrases (PolNeAR dev): the name a phrase is about ...
    (
        "en",
        "Michael McFaul, a senior fellow at the Hoover Institution and a former ambassador to "
        "Russia, cautioned that sanctions rarely work.",
        "sanctions rarely work",
        "Michael McFaul",
        "model",
    ),
    (
        "en",
        "Longtime Democratic pollster Pat Caddell argued that the race was tightening.",
        "race was tightening",
        "Pat Caddell",
        "model",
    ),
    # ... and a group it names no further
    (
        "en",
        "Voting rights advocates countered that the law would keep thousands from the polls.",
        "keep thousands",
        "unnamed",
        "model",
    ),
    # an unnamed staff member speaks for their body: the one a quote over two sentences
    # names before it opens, the body named just before them, the one the text names most
    (
        "ja",
        "札幌市の円山動物園でゾウが生まれた。飼育員は取材に対し「母子とも元気です。"
        "来月には公開したい」と話した。",
        "来月には公開したい",
        "円山動物園",
        "rule",
    ),
    (
        "ja",
        "記者が北区役所に問い合わせたところ、担当職員は「調査を進めている」と答えた。",
        "調査を進めている",
        "北区役所",
        "rule",
    ),
    (
        "ja",
        "消防庁の担当者は「熱中症に注意してほしい」とコメントした。",
        "熱中症に注意",
        "消防庁",
        "rule",
    ),
    # a family name keeps its role when the text gives no full name; a courtesy is no role,
    # and a later 「氏」 is the same person
    ("ja", "内田副総裁は「金融緩和を続ける」と述べた。", "金融緩和を続ける", "内田副総裁", "rule"),
    (
        "ja",
        "佐藤投手は「まだ投げられる」と話した。佐藤氏は「来季も頑張る」とも語った。",
        "来季も頑張る",
        "佐藤投手",
        "rule",
    ),
    ("ja", "佐藤さんは「驚いた」と話した。", "驚いた", "佐藤", "rule"),
    ("ja", "日銀の内田真一副総裁は「緩和を続ける」と述べた。", "緩和を続ける", "内田真一", "rule"),
    # an outlet that quoted someone, sentence-final; a body's tally that showed it
    (
        "en",
        "Fifty flights were cancelled, Belga news agency quoted a spokesman for the airport as saying.",
        "Fifty flights were cancelled",
        "Belga",
        "rule",
    ),
    (
        "en",
        "The Nikkei cited three executives as saying the plan was dropped.",
        "the plan was dropped",
        "anonymous",
        "rule",
    ),
    (
        "en",
        "At least 17 people were injured, a Kyodo News tally as of 10 p.m. Sunday showed.",
        "17 people were injured",
        "Kyodo News",
        "rule",
    ),
    # 「同協会」「市」「村の職員」: the last body of that kind named, not merely the last body
    (
        "ja",
        "新潟県佐渡市は17日、見通しを明らかにした。県の担当者も出席した。市によると、寄付額は前年比49%増だった。",
        "前年比49%増",
        "新潟県佐渡市",
        "rule",
    ),
    (
        "ja",
        "鮭川村では川が増水した。村の職員によると、現在の水位は約7メートルとなっている。",
        "約7メートル",
        "鮭川村",
        "rule",
    ),
    (
        "ja",
        "八重山郡体育協会が報告会を開き、石垣市長も出席した。同協会によると、郡在住者の出場は初。",
        "郡在住者の出場は初",
        "八重山郡体育協会",
        "rule",
    ),
    (
        "ja",
        "兵庫県豊岡健康福祉事務所は1日、食中毒と発表した。同事務所は営業停止を命じた。"
        "同事務所によると、21人に症状が出た。",
        "21人に症状が出た",
        "兵庫県豊岡健康福祉事務所",
        "rule",
    ),
    # a sentence that only names the source (and to whom it spoke) names the one before's
    (
        "ja",
        "新井工場では来月から、希望退職者の募集を始める。同工場が妙高市などに伝えた。",
        "希望退職者の募集",
        "新井工場",
        "rule",
    ),
    # a caption line that glues a katakana body to the name; a present-tense 言う; an office
    # title (教育長) and a reading in brackets; a が inside a clause that is the topic
    (
        "ja",
        "値上げが続く。\n\nオリオンビール村野一社長\n「今回は値上げをさせていただくことにいたしました」\n",
        "値上げをさせていただく",
        "村野一",
        "context",
    ),
    (
        "ja",
        "「交際情報は記者の間で広がっていたんです」と、マスコミ関係者がこう言う。",
        "広がっていたんです",
        "anonymous",
        "rule",
    ),
    (
        "ja",
        "大空町の渡辺国夫教育長は「地域の意向に沿った案を示してもらった」と安堵(あんど)する。",
        "地域の意向に沿った案",
        "渡辺国夫",
        "rule",
    ),
    (
        "ja",
        "宮川社長は「順調だ」と説明した。KDDIがTOBを行うことについては、「驚いている」と指摘。",
        "驚いている",
        "宮川社長",
        "context",
    ),
    # a titled topic after someone else spoke: the new speaker, by a title in the lexicon
    # (選対委員長), not the one before
    (
        "ja",
        "田中一郎氏は「2日に会う」と語った。自民党の塩谷立(しおのやりゅう)選対委員長は、"
        "「3党が結束した」と記者団に説明した。",
        "3党が結束した",
        "塩谷立",
        "rule",
    ),
    # a hedge inside the speaker's quote is theirs: a prediction they made, kept as a claim
    (
        "ja",
        "「交際情報は広がっていたんです」と、関係者がこう言う。"
        "「9月ごろ、発表があるのではないかとみて、どこも動いていました」",
        "発表があるのではないか",
        "anonymous",
        "context",
    ),
    # a description, である, then the bare name (machine translation of Chinese media)
    (
        "ja",
        "劉書彬は「警戒が必要だ」と述べた。陸委会の主委である邱垂正は、交流を制限すべきではないと述べた。",
        "交流を制限すべきではない",
        "邱垂正",
        "rule",
    ),
    # a time as the topic (殺害後は) is no speaker: the last one goes on
    (
        "ja",
        "捜査関係者によると、少年は「家を特定した」と供述。殺害後は証拠隠滅のため放火したと説明し、"
        "「逃げ切れないと思い出頭した」と話したという。",
        "逃げ切れないと思い出頭した",
        "anonymous",
        "context",
    ),
    # a press officer with no body named is someone unnamed, not a body called 広報
    (
        "ja",
        "「調査は1年以上にわたる報道の成果です」と、広報担当者は述べた。",
        "報道の成果",
        "anonymous",
        "rule",
    ),
    # two titles joined by 兼
    ("ja", "中国の王毅国務委員兼外相は「重要な機会だ」と話した。", "重要な機会", "王毅", "rule"),
    # a person the registry does not know, read by jieba's tags: after a role and a body,
    # after a vague word; someone known by surname only is anonymous
    ("zh", "中国气象局首席预报员张涛介绍，本轮降雨将持续到周五。", "本轮降雨", "张涛", "rule"),
    ("zh", "市民王先生表示，这里的路太窄了。", "路太窄", "王先生", "rule"),
    ("zh", "据张姓男子称，事发时他正在楼下。", "正在楼下", "anonymous", "rule"),
    ("zh", "鞍山市委宣传部回应称，已成立调查组。", "已成立调查组", "鞍山市委宣传部", "rule"),
    ("zh", "西華里里長陳麗如說，前後才召開2次會議。", "召開2次會議", "陳麗如", "rule"),
    ("zh", "胡金秋也表示，大家已经忍不住落泪了。", "忍不住落泪", "胡金秋", "rule"),
    ("zh", "英国一项调查显示，相信这些是致癌因素的英国人增加。", "英国人增加", "unnamed", "rule"),
    # a title alone (裁判官) is the person last named with it; a clause of time after the
    # title (求情時, 裁決時卻) is no name
    (
        "zh",
        "裁判官劉淑嫻指，被告行為愚昧自私。裁判官裁決時卻指，帖文並非開玩笑。",
        "並非開玩笑",
        "劉淑嫻",
        "rule",
    ),
    ("zh", "辯方律師求情時指，被告現已有悔意。", "已有悔意", "anonymous", "rule"),
    (
        "zh",
        "随后，记者从海口交警支队了解到，火山口大道解除管制。",
        "解除管制",
        "海口交警支队",
        "rule",
    ),
    # a quote that runs on into the next paragraph, which closes it without reopening it
    (
        "zh",
        "邵佳一：“今天的比赛两支球队都踢得非常精彩，我们拿到了三分。\n"
        "三分对于我们来说非常重要，我们不可能走太远。接下来需要改进的地方还有很多！”\n",
        "不可能走太远",
        "邵佳一",
        "context",
    ),
    # a titled person, any predicate, then their quote to the end of the sentence
    (
        "zh",
        "浙江队主教练王博赛后喜极而泣，“感谢大家，圆了我球员时代的梦。”",
        "圆了我球员时代的梦",
        "王博",
        "rule",
    ),
    (
        "zh",
        "《匯流新聞網》今天公布最新民調，結果顯示，有60.7%民眾感到滿意。",
        "60.7%民眾感到滿意",
        "匯流新聞網",
        "rule",
    ),
    (
        "zh",
        "利兹大学教授塞缪尔·史密斯告诉记者，以上因素致癌缺乏科学依据。",
        "缺乏科学依据",
        "塞缪尔·史密斯",
        "rule",
    ),
    # 「结果显示」「调查显示」 open what the study of the body named last found, whoever it
    # counted as saying so; a body in a work's title is not named
    (
        "zh",
        "21世纪教育研究院发布《国内中小学“减负”情况调查报告》。结果显示，有60.5%的学生表示负担减轻了。",
        "负担减轻了",
        "21世纪教育研究院",
        "rule",
    ),
]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.mark.parametrize(
    "lang, text, claim, source, method",
    [pytest.param(*c, id=f"{c[0]}-{i}") for i, c in enumerate(CASES)],
)
def test_real_text_shapes(
    registry: Registry, lang: str, text: str, claim: str, source: str, method: str
) -> None:
    ex = extract(text + "\n", lang, registry)
    found = [c for c in ex.claims if claim in c.text]
    assert found, [c.text for c in ex.claims]
    atts = found[0].attributions
    names = {a.entry.name for a in atts} | {a.entry.kind for a in atts}
    assert source in names, names
    assert atts[0].method == method
    assert 0 < atts[0].confidence <= 1


@pytest.mark.parametrize(
    "lang, text, claim",
    [
        pytest.param(
            "ja", "影響を与えそうです。", "影響を与えそう", id="ja-conjecture-is-no-hearsay"
        ),
        pytest.param(
            "en", "It has encouraged Japan to take the rest.", "encouraged Japan", id="en-it"
        ),
        pytest.param(
            "en", "Garland called for 3 new judges in 2024.", "3 new judges", id="en-called-for"
        ),
        pytest.param(
            "zh", "与会里长都非常踊跃发言，更是人人称赞。", "人人称赞", id="zh-adverb-is-no-name"
        ),
        pytest.param("zh", "上证指数上涨了百分之二。", "百分之二", id="zh-zhi-in-a-word"),
        pytest.param(
            "zh",
            "早在9月初,有关方面就已经预告过此事,称将加征关税。",
            "加征关税",
            id="zh-a-time-is-no-name",
        ),
        pytest.param(
            "zh", "下午表示将加强巡逻。", "加强巡逻", id="zh-a-time-word-alone-is-no-name"
        ),
        pytest.param(
            "zh", "两人受访时坦言「拿了3枚金牌」。", "3枚金牌", id="zh-people-counted-are-no-name"
        ),
        pytest.param(
            "ja",
            "田中一郎氏は、「噂はナンセンスだ」と強調した。"
            "しかし、「非営利団体」という立場が同社を変えたのは確かで、売上は2倍になった。",
            "売上は2倍",
            id="ja-scare-quote-after-a-connective",
        ),
        pytest.param("en", "He said prices rose 4%.", "prices rose", id="en-he-before-anyone"),
        pytest.param(
            "ja",
            "資産運用会社の申請が3月に出された。",
            "3月に出された",
            id="ja-a-noun-after-a-body-is-no-person",
        ),
        pytest.param(
            "zh",
            "这也是3年来首次在休会前,参院少数党完全拒绝任何快速确认程序。",
            "快速确认程序",
            id="zh-a-clause-before-a-verb-in-a-noun-is-no-speaker",
        ),
        pytest.param(
            "zh",
            "卡尔说,我们观察到了3个现象。2022年2月24日,俄罗斯军队正式入侵乌克兰。",
            "俄罗斯军队正式入侵",
            id="zh-background-from-a-date-is-the-writers",
        ),
        pytest.param("en", "The reports of 3 deaths were false.", "3 deaths", id="en-reports-noun"),
        pytest.param(
            "en", "Such claims of 3 deaths are baseless.", "3 deaths", id="en-claims-noun"
        ),
        pytest.param(
            "ja", "同社は3つの料金プランを提案した。", "料金プラン", id="ja-a-proposal-is-an-act"
        ),
        pytest.param(
            "ja",
            "田中一郎氏は「2日に会う」と語った。自民党の塩谷立(しおのやりゅう)選挙戦略顧問は、"
            "「3党が結束した」と記者団に説明した。",
            "3党が結束した",
            id="ja-a-topic-with-a-reading-is-no-one-before",
        ),
        pytest.param(
            "ja",
            "足立勉裁判長から促され、証言台の前に立った2人に主文が告げられた。",
            "主文が告げられた",
            id="ja-from-a-word-that-holds-a-report-word",
        ),
        pytest.param(
            "ja",
            "県警によると、男は逃走した。\nその結果、列車は2時間遅れた。",
            "列車は2時間",
            id="ja-a-result-that-is-no-finding",
        ),
        pytest.param(
            "ja",
            "その結果、3人がけがをしたことがわかった。",
            "3人が",
            id="ja-a-finding-of-no-study",
        ),
        pytest.param(
            "en", "In Monday's report that prices rose 4%, we erred.", "prices rose", id="en-report"
        ),
        pytest.param(
            "zh", "公司坚持立场：“我们不会让步。”", "不会让步", id="zh-colon-frame-names-no-one"
        ),
        pytest.param(
            "zh", "他指着屏幕上的数据不完整的地方。", "数据不完整", id="zh-pointing-is-no-report"
        ),
        pytest.param(
            "ja",
            "明石署によると、署員ら約20人が周辺を捜索した。県は自衛隊に災害派遣を要請した。",
            "災害派遣",
            id="ja-a-report-goes-on-not-into-an-actor-of-its-own",
        ),
        pytest.param(
            "ja",
            "判決によると、男は女児宅に侵入した。最高裁は9月7日付で上告を棄却した。",
            "上告を棄却",
            id="ja-a-report-goes-on-not-into-a-body-of-its-own",
        ),
        pytest.param(
            "ja",
            "田中一郎社長は「来年も続ける」と述べた。同社の売上高は3年連続で伸びた。",
            "売上高",
            id="ja-what-someone-said-goes-on-not-into-narration",
        ),
        pytest.param(
            "ja",
            "大関友久投手が24日、契約を更改した。\n今季は13勝を挙げた。\n球場は満員だった。\n"
            "「もっと大きくなれるように」と誓った。",
            "もっと大きく",
            id="ja-a-topic-goes-on-no-more-than-a-paragraph",
        ),
    ],
)
def test_shapes_that_cite_no_one(registry: Registry, lang: str, text: str, claim: str) -> None:
    ex = extract(text + "\n", lang, registry)
    assert not any(c.attributions for c in ex.claims if claim in c.text)


@pytest.mark.parametrize(
    "lang, text, claim",
    [
        # a body or party acting, though the registry does not know it and no number is given
        pytest.param("ja", "弁護団は地裁の判断を不服として控訴した。", "控訴した", id="ja-party"),
        pytest.param("ja", "西山地裁は原告の訴えを退けた。", "訴えを退けた", id="ja-court"),
        # what someone said, quoted at length, the sentence going on after it
        pytest.param(
            "ja",
            "参加者は「来年もまたこの場所で会いたい」と手を振り、会場を後にした。",
            "この場所で会いたい",
            id="ja-speech",
        ),
        pytest.param(
            "zh",
            "王大明律师表示，案件会上诉。“我们会上诉，我们有更好的机会。”",
            "我们会上诉",
            id="zh-a-sentence-that-opens-a-quote",
        ),
    ],
)
def test_an_actor_or_a_quote_makes_a_claim(
    registry: Registry, lang: str, text: str, claim: str
) -> None:
    ex = extract(text + "\n", lang, registry)
    assert any(claim in c.text for c in ex.claims), [s.reason for s in ex.structure]


def test_a_credit_is_not_the_source(registry: Registry) -> None:
    grammar = attributor(registry, "zh")
    text = "（中央社記者蔡和穎台北17日電）颱風明天形成。\n"
    found = [
        a for b in blocks(text) for s in sentences(text, b) for a in grammar.attribute(s, Context())
    ]
    assert not found, found


def test_a_quote_inside_a_quote_leaves_it_open() -> None:
    text = "「『委員会』を設置したい。8月に報告したい」と述べた。\n"
    (block,) = blocks(text)
    later = list(sentences(text, block))[1]
    assert later.text.startswith("8月") and later.in_quote_at_start == 0


def test_fold_keeps_offsets_and_meets_both_scripts(registry: Registry) -> None:
    text = "聯合報記者報導，氣象局說"
    assert len(fold(text)) == len(text) and fold(text).startswith("联合报记者报导")
    assert {"報道", "报道"} <= variants("报道")
    # the registry lists 美联社 and 美聯社; a form it does not list still meets its fold
    found = registry.find("據美聯社報導")
    assert found and found[0].surface == "美聯社"


def test_provenance_is_stored_and_reported(tmp_path: Path) -> None:
    doc = tmp_path / "a.ja.txt"
    doc.write_text(
        "植田和男総裁は「利上げを判断したい」と述べた。「物価は上がる」とも指摘した。\n",
        encoding="utf-8",
    )
    db = open_db(tmp_path / "f.db")
    ingest(db, doc, Registry.load())
    rows = db.execute(
        "SELECT method, confidence, source_start, source_end FROM citations ORDER BY id"
    ).fetchall()
    assert [r[0] for r in rows] == ["rule", "context"]
    assert all(0 < r[1] <= 1 for r in rows)
    assert rows[0][2] == 0 and rows[0][3] > 0  # 植田和男総裁 at the start of the text
    out = tmp_path / "r.json"
    with out.open("w", encoding="utf-8") as f:
        write_json(db, f)
    sources = [s for c in json.loads(out.read_text())["claims"] for s in c["sources"]]
    assert {s["method"] for s in sources} == {"rule", "context"}
    db.close()


def test_a_bad_method_is_refused(tmp_path: Path) -> None:
    import sqlite3

    db = open_db(tmp_path / "f.db")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO citations (claim_id, source_id, cue, inferred, method)"
            " VALUES (1, 1, 'x', 0, 'guess')"
        )
    db.close()
