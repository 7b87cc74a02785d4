"""What a captured page says: its text in the right charset, its metadata, its main text,
and what kind of page it is.

Charset, from the raw bytes, in this order: a byte-order mark, the HTTP header's
charset, a `<meta>` charset in the first 1024 bytes, then detection. Shift_JIS-family
labels decode as cp932 (Windows-31J), so 髙, ～, ①, ㈱ survive; GB2312 and GBK decode as
GB18030, their superset. httpx's `.text` is never used for HTML.

Classification: ok, paywall (a teaser with a subscription wall), login, challenge (a bot
check), soft-404 (a 200 that says "not found"), not-html, error.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup, Tag
from charset_normalizer import from_bytes

from factcheck.html import article

CODEC_ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "csshiftjis": "cp932",
    "ms932": "cp932",
    "cp932": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb18030": "gb18030",
    "euc-jp": "euc_jp",
    "x-euc-jp": "euc_jp",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.I)


def codec_for(label: str | None) -> str | None:
    """The Python codec for a charset label, Shift_JIS family as cp932; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    name = CODEC_ALIASES.get(label, label)
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return CODEC_ALIASES.get(codecs.lookup(name).name, codecs.lookup(name).name)


@dataclass
class Decoded:
    text: str
    codec: str
    source: str  # bom | header | meta | detected | default
    replacements: int


def decode_html(body: bytes, content_type: str | None) -> Decoded:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if body.startswith(bom):
            return _decode(body[len(bom) :] if codec == "utf-8" else body, codec, "bom")
    header = _HEADER_CHARSET.search(content_type or "")
    header_codec = codec_for(header.group(1)) if header else None
    if header_codec:
        decoded = _decode(body, header_codec, "header")
        # a wrong header charset is common: if it mangles the page and the meta disagrees, trust the meta
        if decoded.replacements == 0 or not _META_CHARSET.search(body[:1024]):
            return decoded
    meta = _META_CHARSET.search(body[:1024])
    meta_codec = codec_for(meta.group(1).decode("ascii", "replace")) if meta else None
    if meta_codec:
        return _decode(body, meta_codec, "meta")
    try:
        return Decoded(body.decode("utf-8"), "utf-8", "detected", 0)
    except UnicodeDecodeError:
        pass
    best = from_bytes(
        body[:200_000], cp_isolation=["cp932", "euc_jp", "gb18030", "big5hkscs", "utf_8", "cp1252"]
    ).best()
    detected = codec_for(best.encoding) if best else None
    return _decode(body, detected or "utf-8", "detected" if detected else "default")


def _decode(body: bytes, codec: str, source: str) -> Decoded:
    text = body.decode(codec, errors="replace")
    return Decoded(text, codec, source, text.count("\ufffd"))


@dataclass
class PageInfo:
    title: str | None
    author: str | None
    published: str | None  # YYYY-MM-DD
    canonical: str | None
    lang: str | None
    text: str
    classification: str
    reason: str | None


_DATE = re.compile(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})")


def _date(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    m = _DATE.search(value)
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = (
            soup.find("meta", attrs={"property": name})
            or soup.find("meta", attrs={"name": name})
            or soup.find("meta", attrs={"itemprop": name})
        )
        content = tag.get("content") if isinstance(tag, Tag) else None
        if isinstance(content, str) and content.strip():
            return content.strip()
    return None


def _json_ld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "")
        except (json.JSONDecodeError, TypeError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                items.append(item)
                stack.extend(item.get("@graph") or [])
            elif isinstance(item, list):
                stack.extend(item)
    return items


def _ld_author(items: list[dict[str, Any]]) -> str | None:
    for item in items:
        author = item.get("author")
        for a in author if isinstance(author, list) else [author]:
            if isinstance(a, dict) and isinstance(a.get("name"), str):
                return str(a["name"])
            if isinstance(a, str):
                return a
    return None


PAYWALL = re.compile(
    r"subscribe to (?:continue|read)|subscribers only|to continue reading|this article is for subscribers|会員限定|有料会員|購読してお読み|続きを読むには|订阅后|付费阅读|paywall",
    re.I,
)
LOGIN = re.compile(
    r"(?:sign|log) ?in to (?:continue|read|view)|please (?:sign|log) in|ログインしてください|请登录|登录后",
    re.I,
)
CHALLENGE = re.compile(
    r"just a moment\.\.\.|checking your browser|cf-challenge|cf-chl|verify you are (?:a )?human|are you a robot|captcha|ddos protection by|attention required!",
    re.I,
)
NOT_FOUND = re.compile(
    r"\b404\b|not found|page (?:does not|doesn't) exist|no longer available|ページが見つかりません|お探しのページ|页面不存在|找不到",
    re.I,
)


def page_info(html: str, status: int | None, base_url: str | None = None) -> PageInfo:
    soup = BeautifulSoup(html, "lxml")
    items = _json_ld(soup)
    html_tag = soup.find("html")
    title = (
        _meta(soup, "og:title", "twitter:title")
        or next((str(i["headline"]) for i in items if isinstance(i.get("headline"), str)), None)
        or (soup.title.get_text(" ", strip=True) if soup.title else None)
    )
    canonical_tag = soup.find("link", rel="canonical")
    canonical = (
        str(canonical_tag["href"])
        if isinstance(canonical_tag, Tag) and canonical_tag.get("href")
        else None
    )
    published = _date(
        _meta(
            soup, "article:published_time", "datePublished", "pubdate", "date", "og:published_time"
        )
    ) or next((d for i in items if (d := _date(i.get("datePublished")))), None)
    if published is None:
        time_tag = soup.find("time", attrs={"datetime": True})
        published = _date(time_tag.get("datetime")) if isinstance(time_tag, Tag) else None
    lang = html_tag.get("lang") if isinstance(html_tag, Tag) else None
    main = article(html, base_url).text
    classification, reason = classify_page(html, main, title, status)
    return PageInfo(
        title=title,
        author=_meta(soup, "author", "article:author", "parsely-author") or _ld_author(items),
        published=published,
        canonical=canonical,
        lang=str(lang) if lang else _meta(soup, "og:locale"),
        text=main,
        classification=classification,
        reason=reason,
    )


def classify_page(
    html: str, main: str, title: str | None, status: int | None
) -> tuple[str, str | None]:
    head = (title or "") + " " + main[:2000]
    if CHALLENGE.search(html[:20000]) and len(main) < 2000:
        return "challenge", "a bot check page, not the article"
    if status and status >= 400:
        return "error", f"HTTP {status}"
    if NOT_FOUND.search(title or "") or (len(main) < 600 and NOT_FOUND.search(head)):
        return "soft-404", "the page says it was not found"
    if PAYWALL.search(html) and len(main) < 3000:
        return "paywall", "a teaser behind a subscription wall"
    if LOGIN.search(head) or (
        re.search(r"<input[^>]+type=[\"']?password", html, re.I) and len(main) < 1500
    ):
        return "login", "a sign-in page"
    return "ok", None
