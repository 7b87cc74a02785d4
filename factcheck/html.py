"""HTML to text: the main text of an article page, one paragraph a line (beautifulsoup4).

Navigation, scripts, styles, forms, asides and footers are dropped; the text of the
`<article>` (or `<main>`, or the body) is kept, block elements ending lines, so that the
segmenter sees the same paragraphs a reader does.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, Tag

DROP = [
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
    "figure",
]
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
}


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def main_text(html: str) -> str:
    soup = parse(html)
    for tag in soup(DROP):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    lines: list[str] = []
    title = soup.find("h1") or (soup.title if soup.title and not root.find("h1") else None)
    if title is not None and title not in root.descendants:
        lines.append(title.get_text(" ", strip=True))
    buf: list[str] = []
    for node in root.descendants:
        if isinstance(node, Comment):
            continue
        if isinstance(node, str):
            buf.append(str(node))
            continue
        if isinstance(node, Tag) and node.name in BLOCKS and buf:
            lines.append("".join(buf))
            buf = []
    if buf:
        lines.append("".join(buf))
    out = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in lines]
    return "\n".join(line for line in out if line) + "\n"
