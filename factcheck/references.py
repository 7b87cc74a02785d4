"""The reference list at the end of a document and its credit line.

An entry is a number, an outlet and one or more works:

    *1. Tencent Technology: "Understanding …" (1 つの記事で …)   title, then its translation
    2.後期:「アルトマンの権力への道」                             outlet written as an MT artefact
    3、情報:《Microsoft、…》《エメット・シア氏が…》              two works in one entry
    4. Reuters, "OpenAI board ousts Altman", https://…          outlet before the title, a URL

Outlets resolve through the registry, its `exact` aliases included (後期 → LatePost).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factcheck.segment import CREDIT_LINE, REFERENCE_ENTRY
from factcheck.sources import Entry, Registry

TITLE = re.compile(r'"([^"]+)"|“([^”]+)”|「([^」]+)」|《([^》]+)》|『([^』]+)』|\'([^\']{4,})\'')
TRANSLATION = re.compile(r"^\s*[(（]([^()（）]+)[)）]")
URL = re.compile(r"https?://[^\s<>\"'」》』)）]+")


@dataclass
class Work:
    title: str
    title_translated: str | None = None
    url: str | None = None


@dataclass
class ReferenceEntry:
    number: int | None
    outlet: str | None  # as written
    entry: Entry | None
    text: str
    start: int
    end: int
    works: list[Work] = field(default_factory=list)


def parse_entry(text: str, start: int, registry: Registry) -> ReferenceEntry:
    m = REFERENCE_ENTRY.match(text)
    number = int(m.group(1)) if m else None
    rest = m.group(2) if m else text.strip(" *")
    urls = URL.findall(rest)
    body = URL.sub("", rest)
    outlet = None
    colon = re.search(r"[:：]", body)
    first_title = TITLE.search(body)
    if colon and (not first_title or colon.start() < first_title.start()) and colon.start() <= 40:
        outlet, body = body[: colon.start()].strip(), body[colon.end() :]
    elif first_title and first_title.start() > 0:
        outlet, body = body[: first_title.start()].strip(" ,、-–—"), body[first_title.start() :]
    works: list[Work] = []
    for t in TITLE.finditer(body):
        title = next(g for g in t.groups() if g)
        after = TRANSLATION.match(body[t.end() :])
        works.append(Work(title.strip(), after.group(1).strip() if after else None))
    if not works and body.strip(" ,.、。"):
        works.append(Work(body.strip(" ,.、。")))
    if outlet is None and first_title:  # "\"Title\", Reuters, 2023"
        tail = body[first_title.end() :].strip(" ,、")
        outlet = re.split(r"[,、(（]", tail)[0].strip() or None
    for work, url in zip(works, urls, strict=False):
        work.url = url
    if len(urls) > len(works) and works:
        works[-1].url = works[-1].url or urls[-1]
    entry = None
    if outlet:
        entry = registry.resolve(outlet, default_kind="outlet") or Entry(
            name=outlet, kind="outlet", aliases=(outlet,), reviewed=False
        )
    return ReferenceEntry(number, outlet, entry, text, start, start + len(text), works)


def parse_credit(line: str, registry: Registry) -> tuple[str, Entry] | None:
    """出典:シリコンベースの研究所 → (surface, entry)."""
    m = CREDIT_LINE.match(line)
    if not m:
        return None
    surface = m.group(1).strip()
    entry = registry.resolve(surface, default_kind="outlet") or Entry(
        name=surface, kind="outlet", aliases=(surface,), reviewed=False
    )
    return surface, entry
