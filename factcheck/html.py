"""HTML to article text, one paragraph a line, with the links it holds.

Which part of a page is the article is trafilatura's call: measured on pages built like
wire, portal, broadcaster and blog layouts (bench/extraction_eval.py), it kept every key
sentence and leaked no boilerplate, where a plain <article>/<main> cut leaked 72% of the
navigation, related links and footers. It hands back the main content as clean HTML with
its links; beautifulsoup4 then walks that HTML, block elements ending lines, so the
segmenter sees the paragraphs a reader sees and every `<a href>` keeps its offsets in the
text (a citation takes the URL of the outlet named in it). When trafilatura finds no
main content (a very short page), the walk runs over `<article>`, `<main>` or the body,
with navigation, scripts, asides, headers and footers dropped.

A page nested deeper than libxml2 builds trees (256 elements, without its "huge"
option) would lose whatever sits deeper, silently: such a page is parsed with Python's
own HTML parser and walked whole instead, and the walk keeps its own stack, so no depth
of nesting exhausts Python's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import lxml.html
from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, Tag
from lxml import etree

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


def parse(html: str, deep: bool = False) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser" if deep else "lxml")


LXML_MAX_DEPTH = 255  # libxml2 stops nesting there and drops what is deeper, silently


def too_deep_for_lxml(html: str) -> bool:
    """Whether libxml2 drops part of this page for nesting past its depth limit: its tree
    reaches the limit."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.Error, ValueError):
        return False
    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest >= LXML_MAX_DEPTH


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


def main_content(html: str | Any) -> str | None:
    """The page's main content as clean HTML (trafilatura), or None if it finds none.
    Takes the HTML or an lxml tree of it (which trafilatura may change)."""
    import trafilatura

    try:
        return trafilatura.extract(
            html,
            output_format="html",
            include_links=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            deduplicate=False,
            fast=True,  # no jusText fallback: 3 ms a page for nothing on these layouts
        )
    except Exception:  # trafilatura raises assorted errors on malformed markup
        return None


def article(
    html: str, base_url: str | None = None, *, title: str | None = None, tree: Any = None
) -> Article:
    """The article's text and links. `title` and `tree` (an lxml parse of html) save
    parsing the whole page again when the caller has them."""
    deep = too_deep_for_lxml(html)
    main = None if deep else main_content(tree if tree is not None else html)
    soup = parse(main) if main else parse(html, deep)
    if title is None:
        title_tag = parse(html).find("h1") if main else (soup.find("h1") or soup.title)
        title = title_tag.get_text(" ", strip=True) if title_tag else None
    for tag in soup.find_all(DROP):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    out = _Writer()
    links: list[Link] = []
    if title and isinstance(root, Tag) and not root.find("h1"):
        out.add(title)
        out.flush()

    def close(child: Tag, start: int) -> None:
        href = child.get("href") if child.name == "a" else None
        if isinstance(href, str) and href.strip() and not href.startswith(("#", "javascript:")):
            end = min(out.offset(), out.done + len(out.current.rstrip()))
            if end > start:
                url = urljoin(base_url, href.strip()) if base_url else href.strip()
                links.append(Link(start, end, url, child.get_text(" ", strip=True)))
        if child.name in BLOCKS:
            out.flush()

    # depth-first, in document order, with an explicit stack: (element, its children, start)
    stack: list[tuple[Tag, Iterator[Any], int]] = []
    if isinstance(root, Tag):
        stack.append((root, iter(root.children), out.offset()))
    while stack:
        node, children, start = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack:  # the root itself is no link and ends no line
                close(node, start)
            continue
        if isinstance(child, (Comment, Doctype, Declaration)):
            continue
        if isinstance(child, NavigableString):
            out.add(str(child))
        elif isinstance(child, Tag):
            if child.name in BLOCKS:
                out.flush()
            stack.append((child, iter(child.children), out.offset()))
    return Article(out.text(), links, title)
