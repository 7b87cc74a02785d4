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
        "unnamed",  # a crowd (bench/corpus/GUIDELINES.md), not one unnamed person
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
    # round six (new topics): a source sentence after the claim, titles, unknown names
    (
        "ja",
        "第2工場の稼働は2027年末になる見通しであることが分かった。複数の関係者が明らかにした。",
        "2027年末になる見通し",
        "anonymous",
    ),
    ("ja", "第2工場は2027年に稼働する。\n関係者が明らかにした。", "2027年に稼働する", None),
    (
        "ja",
        "熊本県の調査では、地下水位に大きな変化はないという。",
        "地下水位に大きな変化",
        "熊本県",
    ),
    (
        "ja",
        "中国乗用車協会のデータによると、販売台数は1090万台に達した。",
        "1090万台に達した",
        "中国乗用車協会",
    ),
    (
        "ja",
        "熊本県の蒲島郁夫知事は記者会見で、対策に100億円を充てる考えを示した。",
        "100億円を充てる",
        "蒲島郁夫",
    ),
    (
        "ja",
        "TSMCの魏哲家最高経営責任者（CEO）は「需要は非常に強い」と述べた。魏氏はまた、第3工場を検討していると語った。",
        "第3工場を検討している",
        "魏哲家",
    ),
    (
        "en",
        "United Airlines found loose bolts on its planes, the airline said in a statement.",
        "found loose bolts",
        "United Airlines",
    ),
    ("en", "Acme shares fell 20% this year, the airline said.", "Acme shares fell", "unnamed"),
    (
        "en",
        "Analysts at Jefferies estimated that the grounding would cost $150 million.",
        "would cost $150 million",
        "Jefferies",
    ),
    (
        "en",
        "The plug was missing four bolts, according to a preliminary report by the National Transportation Safety Board.",
        "missing four bolts",
        "National Transportation Safety Board",
    ),
    (
        "en",
        "Dave Calhoun spoke at a meeting in Renton. Calhoun said quality controls had slipped in 2023.",
        "quality controls had slipped",
        "Dave Calhoun",
    ),
    (
        "en",
        "Boeing's deliveries fell 20% in March. Reuters reported.",
        "deliveries fell",
        "Reuters",
    ),
    (
        "en",
        '"We will hold Boeing accountable," FAA Administrator Mike Whitaker wrote.',
        "We will hold Boeing accountable",
        "Mike Whitaker",
    ),
    (
        "zh",
        "苹果首席执行官库克在接受采访时表示：“我们对印度市场非常乐观。”",
        "非常乐观",
        "Tim Cook",
    ),
    (
        "zh",
        "路透社援引两名消息人士的话说，塔塔集团正在谈判收购工厂。",
        "塔塔集团正在谈判",
        "Reuters",
    ),
    (
        "zh",
        "部长拉杰夫·钱德拉塞卡表示，印度已成为出口基地。他还称，将新增10万个岗位。",
        "将新增10万个岗位",
        "拉杰夫·钱德拉塞卡",
    ),
    (
        "zh",
        "据市场研究机构Counterpoint的数据，苹果的市场份额为6%。",
        "市场份额为6%",
        "Counterpoint Research",
    ),
    # round seven
    ("zh", "科迅达表示，公司预计将计提约55亿美元的费用。", "55亿美元", "organization"),
    ("zh", "刘德明上周访问北京时表示，中国是非常重要的市场。", "非常重要的市场", "person"),
    (
        "zh",
        "一位接近英伟达的人士向界面新闻透露，公司正在研究新的替代产品。",
        "新的替代产品",
        "anonymous",
    ),
    ("zh", "有分析人士认为，供应链转移需要5年。", "供应链转移需要5年", "unnamed"),
    (
        "ja",
        "量子橋によると、研究チームの多くは20代だという。\n参考文献：\n1. 量子橋：《DeepSeek团队揭秘》",
        "研究チームの多くは20代",
        "量子橋",
    ),
    (
        "ja",
        "梁文鋒氏は「AIは追随者であってはならない」と語った。彼は同じインタビューで、DeepSeekは資金調達を行わないとも述べた。",
        "資金調達を行わない",
        "Liang Wenfeng",
    ),
    (
        "ja",
        "アルトマン氏は、R1は「価格に対して印象的なモデルだ」と評価した。",
        "印象的なモデル",
        "Sam Altman",
    ),
    (
        "en",
        "Bills will rise by 6.4% from April, the regulator Ofgem announced on Tuesday.",
        "will rise by 6.4%",
        "Ofgem",
    ),
    (
        "en",
        'A spokesperson for Downing Street said the rise was "disappointing but expected".',
        "disappointing but expected",
        "Downing Street",
    ),
    (
        "en",
        "According to figures from the Office for National Statistics, costs have risen by 60% since 2021.",
        "risen by 60%",
        "Office for National Statistics",
    ),
    (
        "en",
        "Some insiders expect further increases in the autumn, the BBC understands.",
        "further increases",
        "BBC",
    ),
    (
        "en",
        "Nadella, speaking on a podcast on Thursday, said Microsoft would stay.",
        "Microsoft would stay",
        "Satya Nadella",
    ),
    # round eight
    (
        "en",
        "Puck first reported that the list had 40 products.",
        "the list had 40 products",
        "Puck",
    ),
    (
        "en",
        'Press secretary Karoline Leavitt told reporters that the tariffs were "working."',
        "the tariffs were",
        "Karoline Leavitt",
    ),
    (
        "en",
        "A senior administration official, who spoke on condition of anonymity, said 12 exemptions were planned.",
        "12 exemptions were planned",
        "anonymous",
    ),
    (
        "en",
        "In a letter to lawmakers, the American Iron and Steel Institute urged Congress to keep the 25% tariffs.",
        "urged Congress",
        "American Iron and Steel Institute",
    ),
    (
        "en",
        "The White House defended the tariffs on Monday, saying they would protect 50,000 jobs.",
        "protect 50,000 jobs",
        "White House",
    ),
    (
        "ja",
        "時給が1100円台に達する見通しとなった。政府関係者への取材で分かった。",
        "1100円台に達する",
        "anonymous",
    ),
    (
        "ja",
        "石破茂首相は記者会見で「賃上げを広げたい」と強調した。首相はまた、1500円の目標は変えないと述べた。",
        "1500円の目標は変えない",
        "石破茂",
    ),
    (
        "ja",
        "帝国データバンクが7月に実施した調査では、企業の約4割が転嫁できていないと回答した。",
        "約4割が転嫁できていない",
        "帝国データバンク",
    ),
    (
        "ja",
        "同社の梁汝波CEOは社内会議で「最も優れた人材を獲得しなければならない」と語った。",
        "最も優れた人材",
        "梁汝波",
    ),
    (
        "ja",
        "あるバイトダンスの元従業員は、社内の競争は2倍に激しくなったと明かした。",
        "社内の競争は2倍に",
        "anonymous",
    ),
    # round nine
    (
        "ja",
        "警察庁のまとめでは、2024年の被害額は約721億円だった。",
        "約721億円",
        "警察庁",
    ),
    (
        "ja",
        "国家公安委員長は記者会見で、対策を2倍に強化する考えを示した。",
        "対策を2倍に強化する",
        "国家公安委員長",
    ),
    ("ja", "男は調べに対し「指示はしていない」と容疑を否認している。", "指示はしていない", "男"),
    (
        "en",
        '"These are remarkable results," said Dr. Michael Lincoff, the study\'s lead author.',
        "These are remarkable results",
        "Michael Lincoff",
    ),
    (
        "en",
        "The Centers for Disease Control and Prevention estimates that 42% of adults have obesity.",
        "42% of adults",
        "Centers for Disease Control and Prevention",
    ),
    (
        "en",
        "Users were 20% less likely to leave, according to a study published in the New England Journal of Medicine.",
        "20% less likely to leave",
        "New England Journal of Medicine",
    ),
    # round ten
    (
        "en",
        "The round was led by Thrive Capital, per a report from Bloomberg.",
        "led by Thrive",
        "Bloomberg",
    ),
    (
        "en",
        "Investors poured $56 billion into AI startups in 2024, according to PitchBook data.",
        "$56 billion",
        "PitchBook",
    ),
    (
        "ja",
        "富士通の広報担当者によると、同社は来年度から3つのツールを配布する方針だという。",
        "3つのツールを配布する",
        "富士通",
    ),
    ("zh", "36氪获悉，智谱AI近日完成新一轮30亿元融资。", "30亿元融资", "36Kr"),
    ("zh", "根据IT桔子的统计，2024年共发生融资事件约800起。", "约800起", "IT桔子"),
    ("zh", "一位投资人在朋友圈写道，融资窗口将在3个月内关闭。", "3个月内关闭", "anonymous"),
    # round eleven
    (
        "en",
        'Attorney General Merrick Garland called the ruling "a historic win for 330 million Americans."',
        "a historic win",
        "Merrick Garland",
    ),
    ("en", "Garland called for 3 new judges in 2024.", "3 new judges", None),
    (
        "en",
        "Kent Walker, Google's president of global affairs, said the company would appeal within 30 days.",
        "would appeal within 30 days",
        "Kent Walker",
    ),
    (
        "en",
        "The company handles about 90% of all searches, according to the ruling.",
        "90% of all searches",
        "the ruling",
    ),
    # round twelve: a name that holds 男 is no anonymous man; "who" is not the WHO
    (
        "ja",
        "植田和男総裁は記者会見で「賃金と物価の好循環が強まっている」と説明した。総裁は、利上げを2回続ける方針を示した。",
        "利上げを2回続ける",
        "植田和男",
    ),
    (
        "en",
        "The official, who was not authorized to speak publicly, said the refinery processes 7 million tons a year.",
        "7 million tons",
        "anonymous",
    ),
    (
        "en",
        "Drones struck 3 refineries overnight, a Ukrainian security official told The Associated Press.",
        "struck 3 refineries",
        "anonymous",
    ),
    (
        "en",
        "Wall Street analysts polled by LSEG had forecast 9.2 million new subscribers.",
        "9.2 million new subscribers",
        "LSEG",
    ),
    (
        "en",
        "The bank was on the verge of collapse in 2023, Reuters reported.",
        "verge of collapse",
        "Reuters",
    ),
    # round thirteen
    (
        "ja",
        "中国の業界メディア「集微網」は、ファーウェイが6000万台を出荷する見込みだと伝えています。",
        "6000万台を出荷する",
        "集微網",
    ),
    (
        "ja",
        "米商務省のジーナ・レモンド長官は議会で「非常に憂慮している」と証言しました。",
        "非常に憂慮している",
        "ジーナ・レモンド",
    ),
    # round fourteen
    ("zh", "拼多多周二公布的财报显示，第三季度营收为993.5亿元。", "993.5亿元", "拼多多"),
    (
        "zh",
        "美国商务部长卢特尼克在接受福克斯新闻采访时称，关税豁免将在30天后取消。",
        "30天后取消",
        "卢特尼克",
    ),
    (
        "ja",
        "海外の報道によれば、マイクロソフトは3つの計画を見直しているという。",
        "3つの計画",
        "unnamed",
    ),
    (
        "ja",
        "ゴールドマン・サックスのレポートによると、投資額は1兆ドルに達する。同社のアナリストは「リターンは不透明だ」と述べている。",
        "リターンは不透明だ",
        "Goldman Sachs",
    ),
    # round fifteen
    (
        "en",
        "Meta's revenue in Europe was about $31 billion last year, according to its annual report.",
        "$31 billion",
        "Meta",
    ),
    (
        "en",
        "Regulators are investigating 2 AI models, people familiar with the inquiry said.",
        "investigating 2 AI models",
        "anonymous",
    ),
    (
        "zh",
        "此前，有自媒体援引所谓“内部人士”的说法称，双方已签署2份意向书。",
        "2份意向书",
        "unnamed",
    ),
    ("zh", "根据天眼查信息，该公司注册资本为1000万元。", "1000万元", "天眼查"),
    ("zh", "市场人士分析，字节跳动3年内不会扩张游戏业务。", "3年内不会扩张", "unnamed"),
    # round sixteen
    (
        "en",
        "Solar supplied 25% of demand, according to ERCOT data analyzed by the Texas Tribune.",
        "25% of demand",
        "Texas Tribune",
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


def test_concessive_iu_reports_no_speech(registry: Registry) -> None:
    # 「…と言っても過言ではない」 ("it is no exaggeration to say") is the writer's opinion
    ex = extract("AIの競争は2025年に始まったと言っても過言ではありません。\n", "ja", registry)
    assert not any(a.entry.name == "AIの競争" for c in ex.claims for a in c.attributions)
    assert [s.kind for s in ex.structure] == ["opinion"]


# Common attribution patterns, one sentence each, checked as a batch before they were fixed
# (13 of 45 failed then): any claim the sentence yields must cite the source
PATTERNS = {
    "en": [
        ("Jane Doe, a spokeswoman for Acme Corp, said the plant would close in 2026.", "Jane Doe"),
        (
            "The plant will close in 2026, said John Roe, a professor at Stanford University.",
            "John Roe",
        ),
        ("In a statement, Acme Corp said it would cut 500 jobs.", "Acme Corp"),
        ("Smith confirmed to Reuters that the deal was worth $2 billion.", "Smith"),
        ("Acme announced on Monday that it would buy Beta for $3 billion.", "Acme"),
        ("Musk has said that Tesla will sell 2 million cars.", "Elon Musk"),
        (
            "Nadella was quoted by Bloomberg as saying that the partnership would last 10 years.",
            "Satya Nadella",
        ),
        (
            "A report by the International Energy Agency found that demand rose 3% in 2024.",
            "International Energy Agency",
        ),
        ("Data from the Census Bureau show that 40 million people moved in 2023.", "Census Bureau"),
        ("Sources told CNN that the meeting lasted 3 hours.", "anonymous"),
        ("Acme's chief executive, Jane Doe, told investors that sales rose 12%.", "Jane Doe"),
        ("Microsoft's spokesperson said the company had 221,000 employees.", "Microsoft"),
        ("Acme CEO Jane Doe said revenue would double by 2027.", "Jane Doe"),
        ("The report, published by the World Bank, said growth would slow to 2.3%.", "World Bank"),
        ("Prosecutors said the defendant had transferred $5 million.", "unnamed"),
        ("Police said three people were injured.", "unnamed"),
        ("The ministry said in a statement that 12 people had died.", "the ministry"),
        (
            "Speaking to reporters on Tuesday, Jane Doe said the talks had failed after 3 rounds.",
            "Jane Doe",
        ),
        ("Experts say the drought could last 5 more years.", "unnamed"),
        ("Tesla said in a filing with the SEC that it recalled 2 million cars.", "Tesla"),
    ],
    "ja": [
        # machine-translated Japanese, in the seed's style (8 of 24 failed at first)
        ("海外メディアの報道によると、従業員の90%が書簡に署名した。", "unnamed"),
        ("米テクノロジーメディアThe Vergeの報道によると、新モデルは5月に公開される。", "The Verge"),
        ("Jack Clark氏はXで、モデルの性能は2倍になったと述べました。", "Jack Clark"),
        ("グーグルの広報担当者は、新サービスを3月に始めるとコメントしています。", "Google"),
        ("ある投資家はメディアに対し、評価額は800億ドルに達すると語りました。", "anonymous"),
        ("アナリストのジョン・スミス氏は、売上高が30%増えると分析しています。", "ジョン・スミス"),
        ("関係筋は、交渉が2週間続いたと明かしています。", "anonymous"),
        ("OpenAIは公式ブログで、利用者が1億人を超えたと発表しました。", "OpenAI"),
        (
            "テックメディア「The Information」は、アルトマン氏が2月に復帰したと報じた。",
            "The Information",
        ),
        ("「ブルームバーグ」によると、評価額は1000億ドルだという。", "Bloomberg"),
        # reportedly: reports, no outlet named (bench/corpus/GUIDELINES.md, vague media)
        ("新モデルは5月に公開されると報道されています。", "unnamed"),
        ("Karen Hao氏によれば、研究者の半数が退社した。", "Karen Hao"),
        ("ナデラ氏の話では、提携は10年続くという。", "Satya Nadella"),
        ("アンソロピックの広報担当者は取材に対し、資金調達額は40億ドルだと答えた。", "Anthropic"),
        (
            "ザッカーバーグ氏はポッドキャストで、Llama 3の学習に2万4000基のGPUを使ったと語っています。",
            "Mark Zuckerberg",
        ),
        ("情報筋によると、取締役会は11月17日に解任を決めた。", "anonymous"),
        ("複数のメディアが、アルトマン氏が11月22日に復帰したと報じています。", "unnamed"),
        ("これについて、OpenAIの広報担当者は「コメントできない」と述べた。", "OpenAI"),
        (
            "同社の共同創業者であるグレッグ・ブロックマン氏は、Xに「私は辞める」と投稿した。",
            "Greg Brockman",
        ),
        (
            "シリコンバレーの著名投資家であるビノッド・コースラ氏は、取締役会の判断は誤りだったと批判した。",
            "ビノッド・コースラ",
        ),
        (
            "マイクロソフトの最高技術責任者(CTO)であるケビン・スコット氏は、OpenAIとの協力は続くと述べた。",
            "Kevin Scott",
        ),
        ("The New York Timesは、取締役会が12月に刷新されると伝えています。", "The New York Times"),
        ("業界関係者は、価格が半分になると予想している。", "unnamed"),
        ("OpenAIの元研究者は匿名を条件に、安全性チームは5人しかいなかったと語った。", "anonymous"),
        (
            "トヨタ自動車は5日、2025年3月期の営業利益が4兆円になる見通しだと発表した。",
            "Toyota Motor",
        ),
        ("関係者によれば、交渉は3カ月続いた。", "anonymous"),
        ("政府は10日、補助金を2倍にする方針を固めた。", None),
        ("同社広報部は「事実関係を確認中だ」としている。", "organization"),
        ("警察によると、3人が軽傷を負った。", "警察"),
        ("文部科学省の発表によると、不登校の児童生徒は34万人に上った。", "文部科学省"),
        ("岸田文雄首相は記者団に対し、増税は行わないと述べた。", "岸田文雄"),
        ("日本経済新聞の取材に対し、山田太郎社長は売上高が2倍になったと語った。", "山田太郎"),
        ("ロイター通信が関係者の話として報じたところによると、買収額は約1兆円に上る。", "Reuters"),
        ("NHKの報道によりますと、死者は5人に上っています。", "NHK"),
        ("東京電力は、処理水の放出を8月24日に始めると明らかにした。", "東京電力"),
        ("専門家によると、地震の確率は70%だという。", "unnamed"),
        ("米ブルームバーグ通信は、アップルが中国での生産を20%減らすと報じた。", "Bloomberg"),
        ("国連のグテーレス事務総長は声明で、停戦を呼びかけた。", "グテーレス事務総長"),
        ("総務省が発表した人口推計によると、65歳以上は3625万人だった。", "総務省"),
    ],
    "zh": [
        # Chinese news (8 of 18 failed at first)
        ("据《华尔街日报》报道，OpenAI正在以1500亿美元的估值融资。", "The Wall Street Journal"),
        ("据外媒报道，苹果将在2025年推出折叠屏手机。", "unnamed"),
        ("OpenAI首席执行官山姆·奥特曼在X上写道，GPT-5将在今年夏天发布。", "Sam Altman"),
        ("一位知情人士告诉36氪，字节跳动今年的资本开支将超过1600亿元。", "anonymous"),
        ("腾讯在财报中披露，第二季度营收为1611亿元。", "organization"),
        ("据晚点LatePost独家获悉，阿里巴巴正在重组其AI业务。", "LatePost"),
        ("公司发言人对此回应称，相关报道不实。", "unnamed"),
        ("据第一财经记者了解，该项目总投资约50亿元。", "Yicai"),
        ("分析师认为，这一数字明年将翻倍。", "unnamed"),
        ("中国汽车工业协会的数据显示，1至6月新能源汽车销量达494万辆。", "中国汽车工业协会"),
        ("据悉，该公司已裁员约10%。", "unnamed"),  # 据悉: "it is learned", a vague source
        ("马斯克此前曾表示，特斯拉将在2024年实现全自动驾驶。", "Elon Musk"),
        ("百度创始人李彦宏在内部讲话中指出，大模型的价格将下降90%。", "李彦宏"),
        ("彭博社援引知情人士的话报道称，英伟达计划在上海设立研发中心。", "Bloomberg"),
        ("国家发改委新闻发言人李超在发布会上介绍，一季度投资增长4.5%。", "李超"),
        ("一名员工在社交媒体上发帖称，公司已停发年终奖。", "anonymous"),
        ("据IDC统计，2024年全球智能手机出货量为12.4亿部。", "IDC"),
        ("华为轮值董事长徐直军表示，昇腾芯片的产能将翻倍。", "徐直军"),
        ("据新华社报道，地震造成12人死亡。", "Xinhua"),
        ("国家统计局数据显示，一季度GDP同比增长5.3%。", "国家统计局"),
        ("小米集团董事长雷军在微博上表示，小米SU7交付量突破10万辆。", "Lei Jun"),
        ("外交部发言人毛宁在例行记者会上说，中方坚决反对。", "毛宁"),
        ("据路透社援引知情人士报道，该交易价值约20亿美元。", "Reuters"),
        ("该公司在声明中称，将裁员1000人。", "unnamed"),
        ("多位业内人士向记者透露，价格已下降30%。", "unnamed"),
        ("特斯拉CEO马斯克在X上发文称，特斯拉将在2025年推出新车型。", "Elon Musk"),
        ("据彭博社援引消息人士称，苹果正在开发新芯片。", "Bloomberg"),
        ("央行表示，将下调存款准备金率0.5个百分点。", "央行"),
    ],
}


@pytest.mark.parametrize(
    "lang, text, source",
    [
        pytest.param(lang, t, w, id=f"{lang}-{i}")
        for lang, cs in PATTERNS.items()
        for i, (t, w) in enumerate(cs)
    ],
)
def test_common_attribution_patterns(
    registry: Registry, lang: str, text: str, source: str | None
) -> None:
    ex = extract(text + "\n", lang, registry)
    atts = [a for c in ex.claims for a in c.attributions]
    assert ex.claims
    if source is None:
        assert not atts
    else:
        assert source in {a.entry.name for a in atts} | {a.entry.kind for a in atts}


# Narrative sentences with names and numbers that cite no one: events, not reports
NEG = {
    "ja": [
        "アップルは9月に新型iPhoneを発表した。",
        "トヨタ自動車は2023年に1000万台を販売した。",
        "アルトマン氏は2015年にOpenAIを共同で設立した。",
        "取締役会は11月17日にアルトマン氏を解任した。",
        "マイクロソフトはOpenAIに130億ドルを投資している。",
        "東京都は新しい条例を制定した。",
        "政府は補助金の総額を2倍に増やした。",
        "同社の株価は前日比で5%下落した。",
    ],
    "en": [
        "Apple unveiled a new iPhone in September.",
        "Toyota sold 10 million cars in 2023.",
        "The board fired Altman on November 17.",
        "Microsoft has invested $13 billion in OpenAI.",
        "The company's shares fell 5% on Friday.",
        "Nadella joined Microsoft in 1992.",
        "The report was released in 2024.",
        # "Analysts expected a 5% rise." was here; on real text a stated expectation is
        # attributed (bench/corpus/GUIDELINES.md; "Qualcomm expects" in the English corpus)
    ],
    "zh": [
        "苹果于9月发布了新款iPhone。",
        "丰田汽车2023年销售了1000万辆汽车。",
        "微软向OpenAI投资了130亿美元。",
        "该公司股价周五下跌了5%。",
    ],
}


@pytest.mark.parametrize(
    "lang, text",
    [pytest.param(lang, t, id=f"{lang}-{i}") for lang, ts in NEG.items() for i, t in enumerate(ts)],
)
def test_events_cite_no_one(registry: Registry, lang: str, text: str) -> None:
    ex = extract(text + "\n", lang, registry)
    assert ex.claims or ex.structure  # read, as a claim or as structure
    assert not [a for c in ex.claims for a in c.attributions]


@pytest.mark.parametrize(
    "text, names",
    [
        ("The Verge reported it.", ["The Verge"]),
        ("The bank was on the verge of collapse.", []),
        ("WHO said so.", ["World Health Organization"]),
        ("The official, who was not authorized, spoke.", []),
        ("An insider said so; Business Insider said so.", ["Business Insider"]),
        ("Muskogee is a city; Musk is not.", ["Elon Musk"]),
        ("OpenAIは発表した。", ["OpenAI"]),  # a Latin name before Japanese text is whole
    ],
)
def test_registry_finds_latin_names_only_as_names(
    registry: Registry, text: str, names: list[str]
) -> None:
    assert [m.entry.name for m in registry.find(text)] == names
