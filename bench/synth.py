"""Synthetic data at any size for the benchmarks: news documents in Japanese, English and
Chinese built from attribution templates (every sentence different: names, outlets,
numbers and dates vary), and HTML pages of realistic size and structure.

    python bench/synth.py docs --lang ja --mb 20 --out /tmp/corpus-ja
    python bench/synth.py html --pages 1000 --kb 130 --out /tmp/pages
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

OUTLETS = {
    "ja": [
        "ロイター通信",
        "ブルームバーグ通信",
        "共同通信",
        "日本経済新聞",
        "The Information",
        "AP通信",
        "NHK",
    ],
    "en": [
        "Reuters",
        "Bloomberg",
        "The Information",
        "Axios",
        "The Verge",
        "CNBC",
        "the Financial Times",
    ],
    "zh": ["路透社", "彭博社", "新华社", "财新", "36氪", "晚点LatePost", "腾讯科技"],
}
PEOPLE = {
    "ja": [
        "サム・アルトマン氏",
        "サティア・ナデラ氏",
        "イーロン・マスク氏",
        "ミラ・ムラティ氏",
        "山田太郎氏",
        "佐藤花子氏",
    ],
    "en": ["Sam Altman", "Satya Nadella", "Elon Musk", "Mira Murati", "Jane Doe", "John Smith"],
    "zh": ["萨姆·奥特曼", "萨提亚·纳德拉", "马斯克", "米拉·穆拉蒂", "张伟", "李娜"],
}
ORGS = {
    "ja": [
        "オープンAI",
        "マイクロソフト",
        "グーグル",
        "アンソロピック",
        "トヨタ自動車",
        "ソニーグループ",
    ],
    "en": ["OpenAI", "Microsoft", "Google", "Anthropic", "Toyota", "Sony"],
    "zh": ["OpenAI", "微软", "谷歌", "百度", "阿里巴巴", "腾讯"],
}
THINGS = {
    "ja": [
        "新しいAIモデル",
        "取締役会の再編",
        "データセンター",
        "半導体工場",
        "提携契約",
        "研究チーム",
    ],
    "en": [
        "a new AI model",
        "the board overhaul",
        "a data centre",
        "a chip plant",
        "the partnership",
        "a research team",
    ],
    "zh": ["新的人工智能模型", "董事会改组", "数据中心", "芯片工厂", "合作协议", "研究团队"],
}
TEMPLATES = {
    "ja": [
        "{outlet}によると、{org}は{num}億ドルを投じて{thing}を計画している。",
        "{person}は{day}日、{thing}について「{num}人の技術者を採用する」と述べた。",
        "事情に詳しい関係者によると、{org}は{month}月までに{thing}を発表する方向で調整している。",
        "{org}の広報担当者は、{thing}について「コメントは控える」としている。",
        "海外メディアは、{org}の従業員{num}人が書簡に署名したと伝えた。",
        "{org}は{year}年に設立され、{thing}で知られている。",
        "今後、{org}はどのように信頼を回復するのだろうか。",
        "{thing}は業界全体に影響を与えるかもしれない。",
    ],
    "en": [
        "{org} plans to spend ${num} million on {thing}, {outlet} reported on {weekday}.",
        '"We will hire {num} engineers for {thing}," {person} said in a statement.',
        "{org} will announce {thing} by {monthname}, according to people familiar with the matter.",
        "{person}, the company's chief executive, told {outlet} that {thing} was on track.",
        "Media reports said {num} employees of {org} had signed a letter.",
        "{org} was founded in {year} and is known for {thing}.",
        "What happens next to {thing} is anyone's guess.",
        "Will {org} survive the turmoil?",
    ],
    "zh": [
        "据{outlet}报道，{org}计划投资{num}亿美元用于{thing}。",
        "{person}在社交媒体上表示，{org}将招聘{num}名工程师。",
        "知情人士称，{org}将于{month}月前宣布{thing}。",
        "外媒报道称，{org}的{num}名员工签署了联名信。",
        "{org}成立于{year}年，以{thing}闻名。",
        "这场风波会如何收场？",
        "也许这只是{thing}的开始。",
    ],
}
HEADINGS = {"ja": "{org}、{thing}を発表", "en": "{org} unveils {thing}", "zh": "{org}发布{thing}"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def fill(template: str, lang: str, rnd: random.Random) -> str:
    return template.format(
        outlet=rnd.choice(OUTLETS[lang]),
        person=rnd.choice(PEOPLE[lang]),
        org=rnd.choice(ORGS[lang]),
        thing=rnd.choice(THINGS[lang]),
        num=rnd.randint(2, 99_999),
        day=rnd.randint(1, 28),
        month=rnd.randint(1, 12),
        year=rnd.randint(1990, 2024),
        weekday=rnd.choice(WEEKDAYS),
        monthname=rnd.choice(MONTHS),
    )


def document(lang: str, rnd: random.Random, sentences: int = 40) -> str:
    lines = [fill(HEADINGS[lang], lang, rnd), ""]
    paragraph: list[str] = []
    sep = "" if lang in ("ja", "zh") else " "
    for _ in range(sentences):
        paragraph.append(fill(rnd.choice(TEMPLATES[lang]), lang, rnd))
        if len(paragraph) == 3:
            lines.append(sep.join(paragraph))
            paragraph = []
    if paragraph:
        lines.append(sep.join(paragraph))
    return "\n".join(lines) + "\n"


def write_corpus(out: Path, lang: str, megabytes: float, seed: int = 1) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    paths, total, i = [], 0, 0
    while total < megabytes * 1_000_000:
        text = document(lang, rnd)
        path = out / f"doc{i:06d}.{lang}.txt"
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
        paths.append(path)
        i += 1
    return paths


def html_page(i: int, kb: int, rnd: random.Random) -> str:
    """An article page of about `kb` kilobytes: navigation, scripts, a long article,
    related links and a footer, as news pages are."""
    nav = "".join(f'<li><a href="/section/{k}">Section {k}</a></li>' for k in range(40))
    script = "<script>" + "var x=" + "1" * 200 + ";" * 50 + "</script>"
    paras = []
    size = 0
    while size < kb * 1000 * 0.7:
        p = (
            "<p>"
            + " ".join(fill(rnd.choice(TEMPLATES["en"]), "en", rnd) for _ in range(4))
            + "</p>\n"
        )
        paras.append(p)
        size += len(p)
    related = "".join(f'<li><a href="/story/{i}-{k}">Related story {k}</a></li>' for k in range(60))
    return (
        f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Story {i}</title>"
        f'<meta property="og:title" content="Story {i}"><link rel=canonical href="/story/{i}">'
        f"{script * 10}</head><body><header><nav><ul>{nav}</ul></nav></header>"
        f"<main><article><h1>Story {i}</h1>{''.join(paras)}</article></main>"
        f"<aside><ul>{related}</ul></aside><footer>© Example News {i}</footer></body></html>"
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("kind", choices=["docs", "html"])
    ap.add_argument("--lang", default="ja")
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--kb", type=int, default=130)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    if args.kind == "docs":
        print(len(write_corpus(args.out, args.lang, args.mb)), "documents")
    else:
        args.out.mkdir(parents=True, exist_ok=True)
        rnd = random.Random(1)
        for i in range(args.pages):
            (args.out / f"story{i}.html").write_text(html_page(i, args.kb, rnd), encoding="utf-8")
        print(args.pages, "pages")


if __name__ == "__main__":
    main()


def database(path: Path, claims: int, sources: int, verdicts: int, seed: int = 1) -> None:
    """A factcheck database of the given size: one document per 200 claims, claims built
    from the Japanese and English templates, citations to random sources, verdicts."""
    import json
    import sqlite3

    from factcheck.db import open_db

    open_db(path).close()  # the real schema, triggers and FTS
    rnd = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    kinds = ["outlet", "person", "organization", "anonymous", "unnamed"]
    with conn:
        conn.executemany(
            "INSERT INTO sources (id, name, kind, aliases, reviewed) VALUES (?, ?, ?, '[]', ?)",
            ((i, f"Source {i}", kinds[i % len(kinds)], i % 3 == 0) for i in range(1, sources + 1)),
        )
        docs = max(1, claims // 200)
        conn.executemany(
            "INSERT INTO documents (id, path, title, lang, sha256, text, ingested_at) VALUES (?, ?, ?, ?, ?, '', '2026-01-01')",
            (
                (i, f"doc{i}.txt", f"Document {i}", "ja" if i % 2 else "en", f"sha256:{i:064x}")
                for i in range(1, docs + 1)
            ),
        )
        claim_kinds = ["event", "statistic", "quote", "intent", "prediction"]

        def claim_rows():
            for i in range(1, claims + 1):
                lang = "ja" if i % 2 else "en"
                text = fill(rnd.choice(TEMPLATES[lang][:6]), lang, rnd)
                yield (
                    i,
                    1 + (i - 1) // 200,
                    text,
                    i * 100,
                    i * 100 + len(text),
                    json.dumps([[i * 100, i * 100 + len(text)]]),
                    claim_kinds[i % 5],
                    round(rnd.random(), 2),
                    (i % 200) // 3,
                )

        conn.executemany(
            'INSERT INTO claims (id, document_id, text, start, "end", offsets, kind, checkworthiness, paragraph)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            claim_rows(),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO citations (claim_id, source_id, cue, inferred) VALUES (?, ?, 'によると', 0)",
            ((i, rnd.randint(1, sources)) for i in range(1, claims + 1) if i % 3),
        )
        ratings = ["true", "mostly-true", "mixed", "mostly-false", "false", "unverifiable"]
        conn.executemany(
            "INSERT INTO verdicts (claim_id, rating, reviewer, as_of) VALUES (?, ?, ?, '2026-01-01')",
            (
                (rnd.randint(1, claims), rnd.choice(ratings), f"reviewer{rnd.randint(1, 20)}")
                for _ in range(verdicts)
            ),
        )
    conn.execute("ANALYZE")
    conn.close()
