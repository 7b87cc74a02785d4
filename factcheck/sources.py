"""Sources: the curated registry (claims/sources.yml, bundled in the package) and the `sources` table.

The registry maps every surface form of a source, in any script, to one canonical entry.
`Registry.find()` locates mentions in text; `Registry.resolve()` turns a speaker or outlet
phrase ("マイクロソフトのサティア・ナデラCEO", "米ブルームバーグ通信") into an entry, or
into an unreviewed `Entry` carrying the cleaned surface form when the registry does not
know it. `store_source()` writes an entry to the database once and returns its id.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

import sqlite_utils
import yaml

from factcheck.bundled import data_path
from factcheck.errors import InvalidValue, NotFound, RegistryError
from factcheck.han import fold

KINDS = ("outlet", "person", "organization", "work", "anonymous", "unnamed")
PROJECT_REGISTRY = Path("claims") / "sources.yml"  # a project folder's override
_LATIN = re.compile(r"[A-Za-z0-9]")

# Generic acronyms that are not names of anyone.
NOT_NAMES = {
    *("AI", "AGI", "CEO", "CTO", "VS", "SNS", "IT", "US", "UK", "EU", "PC", "PR", "I"),
    *("The", "A", "An", "This", "That", "These", "Those", "Its", "Their", "His", "Her", "Our"),
    *("Such", "Whereas", "While", "When", "If", "But", "And", "However", "Although", "Though"),
    *("Meanwhile", "Yet", "So", "As", "After", "Before", "Since", "Because", "Despite", "Still"),
}


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    url: str | None = None
    domains: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    description: str | None = None
    reviewed: bool = True
    archive_prefixes: tuple[str, ...] = ()  # where its articles live (resolve's CDX look-up)
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    entry: Entry
    start: int
    end: int
    surface: str


def default_registry_path() -> Path:
    """The registry when `--registry` is not given: `FACTCHECK_REGISTRY`, else a project's
    own `claims/sources.yml` in the current folder, else the curated one bundled with the
    package (claims/sources.yml, shipped as factcheck/data/sources.yml)."""
    if env := os.environ.get("FACTCHECK_REGISTRY"):
        return Path(env)
    if PROJECT_REGISTRY.is_file():
        return PROJECT_REGISTRY
    return data_path("sources.yml")


def _variants(alias: str) -> set[str]:
    """The written forms of an alias: as given, NFKC, and with the middle dot dropped
    or spaced (サム・アルトマン, サムアルトマン, サム アルトマン)."""
    forms = {alias, unicodedata.normalize("NFKC", alias)}
    for dot in ("・", "·", "･"):
        if dot in alias:
            forms |= {alias.replace(dot, ""), alias.replace(dot, " "), alias.replace(dot, "・")}
    return {fold(f) for f in forms if f.strip()}  # 彭博社 and 彭博社, 聯合報 and 联合报: one key


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex matching any of words, longest first, shaped as a trie. Latin words match
    whole words only: "AP" must not match inside "Apple" (the caller adds the lookbehind)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any], last: str) -> str:
        alternatives = [
            re.escape(ch) + build(child, ch) for ch, child in sorted(node.items()) if ch
        ]
        if "" in node:  # a word ends here; longer words were tried first
            alternatives.append(r"(?![A-Za-z0-9])" if _LATIN.match(last) else "")
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return build(trie, "")


@dataclass
class Registry:
    entries: list[Entry]
    _found: dict[str, list[Mention]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Registry:
        path = Path(path) if path else default_registry_path()
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except (OSError, yaml.YAMLError) as e:
            raise RegistryError(f"cannot read source registry {path}: {e}") from e
        entries = []
        names = set()
        for i, item in enumerate(raw):
            if not isinstance(item, dict) or "name" not in item or "kind" not in item:
                raise RegistryError(f"{path}: entry {i + 1} needs a name and a kind")
            if item["kind"] not in KINDS:
                raise RegistryError(f"{path}: {item['name']}: unknown kind {item['kind']!r}")
            if item["name"] in names:
                raise RegistryError(f"{path}: {item['name']} is listed twice")
            names.add(item["name"])
            entries.append(
                Entry(
                    name=item["name"],
                    kind=item["kind"],
                    aliases=tuple(str(a) for a in item.get("aliases") or ()),
                    exact=tuple(str(a) for a in item.get("exact") or ()),
                    url=item.get("url"),
                    domains=tuple(item.get("domains") or ()),
                    articles=tuple(item.get("articles") or ()),
                    description=item.get("description"),
                    archive_prefixes=tuple(item.get("archive_prefixes") or ()),
                    sitemaps=tuple(item.get("sitemaps") or ()),
                    feeds=tuple(item.get("feeds") or ()),
                )
            )
        return cls(entries)

    @cached_property
    def _by_surface(self) -> dict[str, Entry]:
        table: dict[str, Entry] = {}
        for entry in self.entries:
            for alias in (entry.name, *entry.aliases):
                for form in _variants(alias):
                    table.setdefault(form.casefold(), entry)
        return table

    @cached_property
    def _exact(self) -> dict[str, Entry]:
        return {
            form.casefold(): entry
            for entry in self.entries
            for alias in entry.exact
            for form in _variants(alias)
        }

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        # one trie-shaped pattern: a plain alternation of hundreds of names is tried name
        # by name at every position; a trie shares prefixes and is an order faster
        latin = [s for s in self._by_surface if _LATIN.match(s[0])]
        other = [s for s in self._by_surface if not _LATIN.match(s[0])]
        parts = []
        if latin:
            parts.append(r"(?<![A-Za-z0-9])" + _trie_pattern(latin))
        if other:
            parts.append(_trie_pattern(other))
        return re.compile("|".join(parts) or "(?!)", re.IGNORECASE)

    @cached_property
    def _acronyms(self) -> set[str]:
        """Aliases written in capitals (WHO, FT, SEC): only capitals in a text name them."""
        return {
            form.casefold()
            for entry in self.entries
            for alias in (entry.name, *entry.aliases)
            for form in _variants(alias)
            if form.isupper() and _LATIN.match(form[0])
        }

    def _is_name(self, text: str, m: re.Match[str]) -> bool:
        """A Latin-script match names a source only written as a name: capitalised ("on the
        verge of" is not The Verge, "who" is not the WHO) and whole ("Muskogee")."""
        found = m.group(0)
        if not _LATIN.match(found[0]):
            return True
        if found[0].islower() or _LATIN.match(text[m.end() : m.end() + 1]):
            return False
        return found.isupper() or found.casefold() not in self._acronyms

    def find(self, text: str) -> list[Mention]:
        """Every registry mention in text, longest first, not overlapping."""
        cached = self._found.get(text)
        if cached is None:
            folded = fold(text)  # same length: offsets hold in the original
            cached = [
                Mention(
                    self._by_surface[m.group(0).casefold()],
                    m.start(),
                    m.end(),
                    text[m.start() : m.end()],
                )
                for m in self._regex.finditer(folded)
                if self._is_name(folded, m)
            ]
            if len(self._found) > 20_000:  # the same sentence and its clauses are asked often
                self._found.clear()
            self._found[text] = cached
        return cached

    def resolve(
        self, phrase: str, *, default_kind: str = "outlet", honorifics: Iterable[str] = ()
    ) -> Entry | None:
        """The source a phrase names. The head of a Japanese noun phrase comes last
        ("マイクロソフトのサティア・ナデラCEO" is Nadella), so the mention that ends
        last wins. Unknown but name-like phrases become unreviewed entries."""
        titled = bool(honorifics) and _has_title(phrase, honorifics)
        phrase = clean_phrase(phrase, honorifics)
        if not phrase:
            return None
        if entry := self._exact.get(fold(phrase).casefold()):
            return entry
        mentions = self.find(phrase)
        if mentions:
            return max(mentions, key=lambda m: (m.end, m.end - m.start)).entry
        if named := _after_title(phrase, honorifics):
            # a title before the name: 「首席执行官库克」, "FAA Administrator Mike Whitaker"
            return self.resolve(named, default_kind="person") or Entry(
                name=named, kind="person", aliases=(named,), reviewed=False
            )
        # 「ソフトバンクグループの孫正義」「著名投資家であるビノッド・コースラ」: the head comes last
        head = re.split(r"の|である|・(?=[一-鿿々]{2,4}$)", phrase)[-1]  # 弁護団・征矢芳友
        if titled and _NAME_LIKE.match(head) and not JA_OFFICE.match(head):
            return Entry(name=head, kind="person", aliases=(head,), reviewed=False)
        kind = guess_kind(phrase, default_kind)
        latin = _LATIN_TAIL.search(phrase)
        descriptor = phrase[: latin.start()] if latin else ""
        if (
            kind is None
            and latin
            and descriptor
            and (not descriptor.isascii() or _EN_DESCRIPTOR.fullmatch(descriptor))
        ):
            # a descriptor, then the name: 「市场研究机构Counterpoint」, "regulator Ofgem"
            return self.resolve(latin.group(0), default_kind=default_kind)
        if kind is None:
            return None
        return Entry(name=phrase, kind=kind, aliases=(phrase,), reviewed=False)


_LEADING = re.compile(
    r"^(?:例えば|たとえば|また|しかし|一方|さらに|そして|だが|ただ|なお|実際|同時に)[、,]?"
)
_NATIONALITY = re.compile(r"^(?:米|英|中|独|仏|韓|日|米国の|英国の|中国の)(?=[ァ-ヿ一-鿿A-Z])")


_SPACES = re.compile(r"[\s\u3000]+")
_TRAILING_PARENS = re.compile(r"[(（][^()（）]{1,12}[)）]$")  # 最高経営責任者(CEO)


def clean_phrase(phrase: str, honorifics: Iterable[str] = ()) -> str:
    phrase = _TRAILING_PARENS.sub("", _SPACES.sub(" ", phrase).strip())  # before the parens go
    phrase = phrase.strip(" 、,。:：「」『』\"'“”()（）")
    phrase = _LEADING.sub("", phrase).strip()
    for _ in range(3):  # "最高経営責任者(CEO)" and "CEO氏": strip repeatedly
        before = phrase
        phrase = _TRAILING_PARENS.sub("", phrase).strip()
        if (m := _title_at_end(tuple(honorifics)).search(phrase)) and m.start() > 0:
            phrase = phrase[: m.start()].rstrip(" ・兼")  # 「国務委員兼外相」: both titles
        if phrase == before:
            break
    return phrase


@lru_cache(maxsize=8)
def _titles(honorifics: tuple[str, ...]) -> re.Pattern[str]:
    """Every place a title starts, longest first (a lookahead, so that they may overlap)."""
    alts = sorted({h for h in honorifics if h}, key=len, reverse=True)
    return (
        re.compile("(?=(" + "|".join(map(re.escape, alts)) + "))") if alts else re.compile("(?!)")
    )


def _after_title(phrase: str, honorifics: Iterable[str]) -> str | None:
    """The name after the last title inside a phrase, if what follows it is a name."""
    ends = [m.start() + len(m.group(1)) for m in _titles(tuple(honorifics)).finditer(phrase)]
    if not ends:
        return None
    best = max(ends)
    tail = phrase[best:].strip(" ・·:：,")
    if re.fullmatch(r"[ァ-ヿ]+", tail) and not phrase[best : best + 1].isspace():
        return None  # 「代表チーム」: a katakana word run on from a title is no name
    return tail if tail and _NAME_LIKE.match(tail) and tail not in NOT_NAMES else None


def _has_title(phrase: str, honorifics: Iterable[str]) -> bool:
    """「孫正義会長」, "Dr. Smith", 「記者の趙振」: a person's title at the end, or at the
    start before a space or の."""
    p = _TRAILING_PARENS.sub("", phrase.strip())
    titles = tuple(honorifics)
    end = _title_at_end(titles).search(p)
    return bool((end and end.start() > 0) or _title_at_start(titles).match(p))


@cache
def _title_at_end(titles: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True)) or "(?!)"
    return re.compile(f"(?:{words})$")


@cache
def _title_at_start(titles: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True)) or "(?!)"
    return re.compile(f"(?:{words})[ の].")


# a bare name once its title is gone: 孫正義, ブレット・テイラー, Bret Taylor (not 取締役会の判断)
_NAME_LIKE = re.compile(
    r"^(?:[一-鿿々]{2,4}|[一-鿿]{2}[ぁ-ゖ]{2,3}|[ァ-ヿ・]{2,20}|[一-鿿]{1,8}(?:[·・][一-鿿]{1,8})+"
    r"|[A-Z][A-Za-z0-9'’.-]+(?: [A-Z][A-Za-z0-9'’.-]+){0,3})$"
)
_PERSON_HINT = re.compile(r"(氏|さん|先生|女士|Mr\.|Ms\.|Mrs\.|Dr\.)$")
_ORG_HINT = re.compile(
    r"(社|会社|企業|省|庁|委員会|取締役会|政府|大学|研究所|広報|報道官|当局|銀行|协会|公司|部门|"
    r"県|市|町|村|都|府|州|党|協会|機構|組合|団体|連盟|財団|法人|センター|グループ|機関|裁判所|"
    r"警察|検察|議会|国会|学会|工業会|事務所|部|局|委员会|机构|機構|集团|集團|银行|研究院|法院|"
    r"会議所|鉄道|電鉄|航空|空港|電力|ガス|バンク|リサーチ|テクノロジーズ|ホールディングス|証券|生命|保険|商事|物産|工業|製作所|"
    r"電機|重工|建設|不動産|House|Street|Institute|"
    r"Inc\.?|Corp\.?|Ltd\.?|Co\.|Company|Board|Ministry|Department|Administration|Agency|"
    r"Authority|Commission|Bureau|Office|Service|Council|Institute|University|Association|"
    r"Federation|Union|Court|Police|Party|Group|Bank|Fund|Foundation|Airlines|Airways|Committee|"
    r"Organi[sz]ation|Reserve|Exchange|Corporation|Holdings|Systems|Motors|Technologies|Partners|"
    r"Capital|Securities|Research|Survey|Airport|Hospital|Observatory|Center|Centre|"
    r"spokesperson|spokesman|spokeswoman)$",
    re.IGNORECASE,
)
_OUTLET_HINT = re.compile(
    r"(紙|通信|新聞|新闻|テレビ|誌|日报|日報|时报|時報|网|Times|Post|News|Journal)$"
)
_KATAKANA_NAME = re.compile(
    r"^(?:[ァ-ヿ]+・[ァ-ヿ・]+|[一-鿿]{1,8}(?:·[一-鿿]{1,8})+)$"
)  # 拉杰夫·钱德拉塞卡
_LATIN_TAIL = re.compile(
    r"(?<![A-Za-z0-9'’.-])[A-Z][A-Za-z0-9&'’.-]+(?: [A-Z][A-Za-z0-9&'’.-]+){0,3}$"
)
# "regulator Ofgem", "energy regulator Ofgem", "chipmaker Nvidia": one or two lowercase
# words that say what the name is (not "speaking on a podcast on Thursday"), or a numbered
# district
_EN_DESCRIPTOR = re.compile(
    r"(?!(?:on|in|at|of|for|by|with|from|to|the|a|an|and|or)\s)(?i:[a-z][a-z-]*)\s"
    r"(?:(?!(?:on|in|at|of|for|by|with|from|to|the|a|an|and|or)\s)[a-z-]+\s)?"
    r"|[A-Z][a-z]+\s\d+\s"  # "Ward 5 Councillor Leanne Caron", "District 9 Supervisor …"
)
# a title's first half that names an office, not a person: 「国家公安委員長」「官房長官」
JA_OFFICE = re.compile(
    r"国家公安|官房|外務|財務|防衛|経済産業|文部科学|厚生労働|農林水産|国土交通|環境|法務|総務|"
    r"復興|デジタル|内閣|金融担当|経済再生|少子化|原子力規制|公正取引|中央銀行|日銀"
)
_CALENDAR = re.compile(
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July|"
    r"August|September|October|November|December"
)


def has_org_suffix(phrase: str) -> bool:
    """ "United Airlines", 「熊本県」: a name that says it is an organisation."""
    return bool(_ORG_HINT.search(phrase.strip()))


# "Sam Altman", "Office for National Statistics": ASCII words, capitalised but for joiners
_LATIN_NAME = re.compile(
    r"^[A-Z][A-Za-z0-9'’.&-]+(?: (?:(?:of|for|on|and|de|du|des|la|le|&) )?[A-Z][A-Za-z0-9'’.&-]+){0,5}$"
)


_KATAKANA_BODY = re.compile(
    r"(?:リサーチ|アナリティクス|テクノロジーズ|テクノロジー|ホールディングス|グループ|コンサルティング|"
    r"パートナーズ|キャピタル|システムズ|ソリューションズ|マーケッツ|バンク|インターナショナル|"
    r"コーポレーション|カンパニー|ネットワークス|エナジー|モーターズ|ラボ|ラボラトリーズ)$"
)


def guess_kind(phrase: str, default_kind: str) -> str | None:
    """The kind of a phrase the registry does not know, or None if it is no name at all."""
    if phrase in NOT_NAMES or len(phrase) > 60 or _CALENDAR.fullmatch(phrase):
        return None
    if phrase.isascii() and not _LATIN_NAME.match(phrase):
        return None  # Latin script names are capitalised: not "published by the World Bank"
    if _KATAKANA_NAME.match(phrase) and _KATAKANA_BODY.search(phrase):
        return "organization"  # 「ストラテジー・アナリティクス」, not a person like 「ケン・ハイアーズ」
    if _PERSON_HINT.search(phrase) or _KATAKANA_NAME.match(phrase):
        return "person"
    if _OUTLET_HINT.search(phrase):
        return "outlet"
    if _ORG_HINT.search(phrase):
        return "organization"
    if _LATIN_NAME.match(phrase):
        # one capitalised word with no earlier full name to stand for ("Ofgem said",
        # "DeepSeek wrote") is an organisation more often than a person
        return "organization" if default_kind == "person" and " " not in phrase else default_kind
    return None


def store_source(db: sqlite_utils.Database, entry: Entry) -> int:
    """The id of the source row for entry, inserting it the first time it is cited."""
    row = db.execute("SELECT id, merged_into FROM sources WHERE name = ?", [entry.name]).fetchone()
    if row:
        return int(row[1] or row[0])
    cursor = db.execute(
        "INSERT INTO sources (name, kind, aliases, url, domains, description, reviewed, articles)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            entry.name,
            entry.kind,
            json.dumps(list(entry.aliases), ensure_ascii=False),
            entry.url,
            json.dumps(list(entry.domains)),
            entry.description,
            int(entry.reviewed),
            json.dumps(list(entry.articles)),
        ],
    )
    return int(cursor.lastrowid or 0)


def source_id(db: sqlite_utils.Database, name_or_id: str) -> int:
    if name_or_id.isdigit():
        row = db.execute("SELECT id FROM sources WHERE id = ?", [int(name_or_id)]).fetchone()
    else:
        row = db.execute(
            "SELECT id FROM sources WHERE name = ? COLLATE NOCASE", [name_or_id]
        ).fetchone()
    if not row:
        raise NotFound(f"no source named {name_or_id!r}")
    return int(row[0])


def merge_sources(db: sqlite_utils.Database, keep: str, absorb: str) -> dict[str, Any]:
    """Move every citation of `absorb` to `keep`, add its aliases, and mark it merged."""
    from factcheck.db import write_transaction

    keep_id, absorb_id = source_id(db, keep), source_id(db, absorb)
    if keep_id == absorb_id:
        raise InvalidValue("cannot merge a source into itself")
    with write_transaction(db):
        a, b = db.table("sources").get(keep_id), db.table("sources").get(absorb_id)
        aliases = list(
            dict.fromkeys(json.loads(a["aliases"]) + [b["name"]] + json.loads(b["aliases"]))
        )
        db.execute(
            "UPDATE sources SET aliases = ? WHERE id = ?",
            [json.dumps(aliases, ensure_ascii=False), keep_id],
        )
        # a claim citing both keeps one link: the one already on `keep`
        db.execute(
            "DELETE FROM citations WHERE source_id = ? AND claim_id IN"
            " (SELECT claim_id FROM citations WHERE source_id = ?)",
            [absorb_id, keep_id],
        )
        moved = db.execute(
            "UPDATE citations SET source_id = ? WHERE source_id = ?", [keep_id, absorb_id]
        ).rowcount
        for table in ("reference_entries", "works"):
            db.execute(
                f"UPDATE {table} SET source_id = ? WHERE source_id = ?", [keep_id, absorb_id]
            )
        db.execute(
            "UPDATE documents SET origin_source_id = ? WHERE origin_source_id = ?",
            [keep_id, absorb_id],
        )
        # the page to capture and the known articles move too: `fetch` reads them
        articles = list(dict.fromkeys(json.loads(a["articles"]) + json.loads(b["articles"])))
        db.execute(
            "UPDATE sources SET cited_url = coalesce(cited_url, ?), articles = ? WHERE id = ?",
            [b["cited_url"], json.dumps(articles), keep_id],
        )
        db.execute("UPDATE captures SET source_id = ? WHERE source_id = ?", [keep_id, absorb_id])
        db.execute(
            "UPDATE capture_queue SET source_id = ? WHERE source_id = ?", [keep_id, absorb_id]
        )
        if b["cited_url"] and a["cited_url"] and b["cited_url"] != a["cited_url"]:
            from factcheck.pending import enqueue

            enqueue(db, b["cited_url"], keep_id)  # the absorbed page is still wanted
        db.execute("UPDATE sources SET merged_into = ? WHERE id = ?", [keep_id, absorb_id])
    return {"kept": a["name"], "merged": b["name"], "citations_moved": moved}


def set_source_url(db: sqlite_utils.Database, name_or_id: str, url: str) -> str:
    """Make url the page to capture for a source (its `cited_url`) and queue it for the
    next `fetch`; returns the URL as the validator normalised it."""
    from factcheck.db import write_transaction
    from factcheck.pending import enqueue
    from factcheck.urls import check_url

    url = check_url(url)
    sid = source_id(db, name_or_id)
    with write_transaction(db):
        db.execute("UPDATE sources SET cited_url = ? WHERE id = ?", [url, sid])
        enqueue(db, url, sid)
    return url
