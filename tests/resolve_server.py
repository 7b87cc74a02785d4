"""A local server speaking the Wayback CDX API, the Wayback Machine's archived copies (id_)
and SearXNG's JSON API, answering from the fixture bodies in tests/data/resolve/; it also
serves the live article pages the fixtures point at, for capturing a confirmed one, and
the feeds and sitemaps of tests/data/resolve/listings/ (X.xml.gz is X.xml gzipped), with
broken ones made here: one too large, one not gzip inside, one empty."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .serving import in_thread

DATA = Path(__file__).resolve().parent / "data" / "resolve"
LISTINGS = DATA / "listings"
CDX = {
    "theinformation.com/articles/": "cdx-theinformation.json",
    "new.qq.com/rain/a/": "cdx-qq.json",
    "latepost.com/": "cdx-latepost.json",
}
SEARX = {"latepost.com": "searxng-latepost.json", "new.qq.com": "searxng-qq.json"}
LISTING_TYPES = {  # as servers label them in the wild
    "rss.xml": "application/rss+xml; charset=UTF-8",
    "atom.xml": "application/atom+xml",
    "rdf.xml": "application/rdf+xml",
    ".xml": "text/xml; charset=UTF-8",
    ".gz": "application/x-gzip",
    ".html": "text/html; charset=utf-8",
}


def listing(name: str, base: str) -> bytes | None:
    """A feed or sitemap body by file name, or None if there is none."""
    if name == "huge.xml":  # a urlset far over any sane cap
        row = "<url><loc>https://news.example.com/2023/11/20/story-%d/</loc></url>\n"
        rows = "".join(row % i for i in range(40_000))
        return f'<?xml version="1.0"?><urlset>{rows}</urlset>'.encode()
    if name == "bad.xml.gz":
        return b"\x1f\x8b\x08\x00not gzip after the magic bytes"
    if name == "empty.xml":
        return b""
    path = LISTINGS / name.removesuffix(".gz")
    if not path.is_file():
        return None
    body = path.read_bytes().replace(b"{base}", base.encode())
    return gzip.compress(body) if name.endswith(".gz") else body


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        if parts.path == "/cdx/search/cdx":
            prefix = query.get("url", [""])[0]
            name = next((f for p, f in CDX.items() if prefix.startswith(p)), None)
            body = (DATA / name).read_bytes() if name else b"[]"
            self.reply(body, "application/json")
        elif parts.path == "/search" and query.get("format") == ["json"]:
            q = query.get("q", [""])[0]
            name = next((f for d, f in SEARX.items() if f"site:{d}" in q), "searxng-empty.json")
            self.reply((DATA / name).read_bytes(), "application/json")
        elif parts.path.startswith("/web/"):
            original = self.path.split("id_/", 1)[-1]
            titles = json.loads((DATA / "archived-titles.json").read_text(encoding="utf-8"))
            title = titles.get(original)
            if title is None:
                self.send_error(404)
                return
            self.reply(page(title), "text/html; charset=utf-8")
        elif parts.path.startswith("/listings/"):
            name = parts.path.removeprefix("/listings/")
            host, port = self.server.server_address[:2]
            body = listing(name, f"http://{host}:{port}")
            if body is None:
                self.send_error(404)
                return
            kind = next(v for k, v in LISTING_TYPES.items() if name.endswith(k))
            self.reply(body, kind)
        elif parts.path.startswith("/articles/"):  # the live page, reached via --connect-to
            self.reply(page(parts.path.rsplit("/", 1)[-1].replace("-", " ").title()), "text/html")
        else:
            self.send_error(404)

    def reply(self, body: bytes | str, content_type: str) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def page(title: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1><p>{title}: the story as the outlet printed it, "
        "with the board, the chief executive and the investors.</p></article></body></html>"
    )


@contextmanager
def serve() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.requests = []  # type: ignore[attr-defined]
    with in_thread(server):
        yield server
