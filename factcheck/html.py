"""HTML to article text, one paragraph a line, with the links it holds (beautifulsoup4).

Navigation, scripts, styles, forms, asides, headers and footers are dropped; the text of
the `<article>` (or `<main>`, or the body) is kept, block elements ending lines, so the
segmenter sees the paragraphs a reader sees. Every `<a href>` is kept as a `Link` with
its offsets in that text, so a citation can take the URL of the outlet named in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, Tag

DROP = {
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "footer",
    "aside",
    "form",
    "header",
    "iframe",
    "svg",
    "button",
    "select",
    "input",
}
BLOCKS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "tr",
    "section",
    "article",
    "br",
    "dd",
    "dt",
    "figcaption",
    "title",
    "ul",
    "ol",
    "table",
}


@dataclass
class Link:
    start: int
    end: int
    href: str
    text: str


@dataclass
class Article:
    text: str
    links: list[Link] = field(default_factory=list)
    title: str | None = None


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


class _Writer:
    """Accumulates lines with whitespace folded, so offsets are known as text is added."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current = ""
        self.done = 0  # characters in finished lines, newlines included

    def offset(self) -> int:
        return self.done + len(self.current)

    def add(self, text: str) -> None:
        text = re.sub(r"\s+", " ", text)
        if not self.current or self.current.endswith(" "):
            text = text.lstrip()
        self.current += text

    def flush(self) -> None:
        line = self.current.rstrip()
        self.current = ""
        if line:
            self.lines.append(line)
            self.done += len(line) + 1

    def text(self) -> str:
        self.flush()
        return "\n".join(self.lines) + "\n" if self.lines else ""


def article(html: str, base_url: str | None = None) -> Article:
    soup = parse(html)
    for tag in soup.find_all(DROP):
        tag.decompose()
    title_tag = soup.find("h1") or soup.title
    title = title_tag.get_text(" ", strip=True) if title_tag else None
    root = soup.find("article") or soup.find("main") or soup.body or soup
    out = _Writer()
    links: list[Link] = []
    if title and isinstance(root, Tag) and not root.find("h1"):
        out.add(title)
        out.flush()

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, (Comment, Doctype, Declaration)):
                continue
            if isinstance(child, NavigableString):
                out.add(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            block = child.name in BLOCKS
            if block:
                out.flush()
            start = out.offset()
            walk(child)
            href = child.get("href") if child.name == "a" else None
            if isinstance(href, str) and href.strip() and not href.startswith(("#", "javascript:")):
                end = min(out.offset(), out.done + len(out.current.rstrip()))
                if end > start:
                    url = urljoin(base_url, href.strip()) if base_url else href.strip()
                    links.append(Link(start, end, url, child.get_text(" ", strip=True)))
            if block:
                out.flush()

    if isinstance(root, Tag):
        walk(root)
    return Article(out.text(), links, title)


def main_text(html: str) -> str:
    return article(html).text
