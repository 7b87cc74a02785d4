"""A hostile HTTP server on 127.0.0.1 for the fetch tests: every response is written
byte by byte on a raw socket, so drips, hangs, resets, lying lengths, bombs and endless
bodies are exactly what they claim to be. `hits` counts requests per path."""

from __future__ import annotations

import gzip
import socket
import socketserver
import struct
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

from .serving import in_thread

ARTICLE = (
    '<!DOCTYPE html><html lang="{lang}"><head><meta charset="{meta}"><title>{title}</title>'
    '<meta property="article:published_time" content="2023-11-17T20:30:00Z">'
    '<meta name="author" content="Jane Reporter">'
    '<link rel="canonical" href="https://news.example/{slug}"></head><body>'
    '<nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>{title}</h1>'
    "<p>{body}</p><p>The board said the decision followed a review of its communications.</p>"
    "</article><footer>Copyright Example News</footer></body></html>"
)
JA_BODY = "髙橋氏は～①㈱について「取締役会は合意した」と述べた。オープンAIの従業員770人のうち710人以上が署名した。"


def page(title: str, body: str, meta: str = "utf-8", lang: str = "en", slug: str = "story") -> str:
    return ARTICLE.format(title=title, body=body, meta=meta, lang=lang, slug=slug)


@dataclass
class State:
    hits: Counter[str] = field(default_factory=Counter)
    robots: str = "User-agent: *\nDisallow: /private/\nAllow: /private/ok\n"
    robots_status: int = 200
    version: int = 1  # /changing serves a different text when this changes
    port: int = 0
    bomb: bytes = b""


def _response(
    status: str, headers: dict[str, str], body: bytes = b"", length: bool = True
) -> bytes:
    head = f"HTTP/1.1 {status}\r\n"
    if length and "Content-Length" not in headers:
        headers = {**headers, "Content-Length": str(len(body))}
    headers = {"Connection": "close", **headers}
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    return head.encode("latin-1") + body


def _html(text: str, content_type: str = "text/html; charset=utf-8", codec: str = "utf-8") -> bytes:
    return _response("200 OK", {"Content-Type": content_type}, text.encode(codec))


class Handler(socketserver.BaseRequestHandler):
    server: Server

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(30)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = sock.recv(4096)
                if not chunk:
                    return
                data += chunk
        except OSError:
            return
        target = data.split(b" ", 2)[1].decode("latin-1")
        path = target.split("?", 1)[0]
        state = self.server.state
        state.hits[path] += 1
        with suppress(OSError):
            self.route(sock, path, target, state)

    def route(self, sock: socket.socket, path: str, target: str, st: State) -> None:  # noqa: C901
        send = sock.sendall
        base = f"http://127.0.0.1:{st.port}"
        if path == "/robots.txt":
            body = st.robots.encode() if st.robots_status == 200 else b"no"
            send(_response(f"{st.robots_status} X", {"Content-Type": "text/plain"}, body))
        elif path in ("/html/utf8", "/private/ok", "/private/secret"):
            send(
                _html(
                    page(
                        "Board ousts chief executive",
                        "OpenAI's board said on Friday it had removed its chief executive.",
                    )
                )
            )
        elif path == "/gzip":
            send(
                _response(
                    "200 OK",
                    {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
                    gzip.compress(
                        page("Gzip story", "A gzip encoded article about the board.").encode()
                    ),
                )
            )
        elif path == "/deflate":
            send(
                _response(
                    "200 OK",
                    {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "deflate"},
                    zlib.compress(
                        page("Deflate story", "A deflate encoded article about the board.").encode()
                    ),
                )
            )
        elif path == "/chunked":
            body = page(
                "Chunked story", "A chunked article about the board and its review."
            ).encode()
            send(
                _response(
                    "200 OK",
                    {"Content-Type": "text/html; charset=utf-8", "Transfer-Encoding": "chunked"},
                    length=False,
                )
            )
            for i in range(0, len(body), 100):
                piece = body[i : i + 100]
                send(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            send(b"0\r\n\r\n")
        elif path == "/sjis-meta":
            send(
                _html(
                    page("日本語の記事", JA_BODY, meta="Shift_JIS", lang="ja"), "text/html", "cp932"
                )
            )
        elif path == "/sjis-header":
            send(
                _html(
                    page("日本語の記事", JA_BODY, meta="x", lang="ja").replace(
                        '<meta charset="x">', ""
                    ),
                    "text/html; charset=Shift_JIS",
                    "cp932",
                )
            )
        elif path == "/cp932":
            send(
                _html(
                    page("日本語の記事", JA_BODY, meta="windows-31j", lang="ja"),
                    "text/html; charset=windows-31j",
                    "cp932",
                )
            )
        elif path == "/eucjp":
            body = (
                JA_BODY.replace("髙", "高")
                .replace("①", "1")
                .replace("㈱", "株")
                .replace("～", "〜")
            )
            send(
                _html(
                    page("日本語の記事", body, meta="EUC-JP", lang="ja"),
                    "text/html; charset=EUC-JP",
                    "euc_jp",
                )
            )
        elif path == "/gbk":
            send(
                _html(
                    page(
                        "中文报道",
                        "据路透社报道，知情人士称，微软首席执行官纳德拉表示欢迎。",
                        meta="gbk",
                        lang="zh",
                    ),
                    "text/html",
                    "gbk",
                )
            )
        elif path == "/wrong-charset":
            send(
                _html(
                    page(
                        "Café déjà vu – “quotes”",
                        "Naïve café story with “curly quotes” — and dashes.",
                    ),
                    "text/html; charset=iso-8859-1",
                    "utf-8",
                )
            )
        elif path == "/redirect/chain":
            send(_response("301 Moved", {"Location": "/redirect/b"}))
        elif path == "/redirect/b":
            send(_response("302 Found", {"Location": f"{base}/html/utf8"}))
        elif path == "/redirect/loop":
            send(_response("302 Found", {"Location": "/redirect/loop2"}))
        elif path == "/redirect/loop2":
            send(_response("302 Found", {"Location": "/redirect/loop"}))
        elif path == "/redirect/private":
            send(_response("302 Found", {"Location": "http://10.0.0.1/secret"}))
        elif path == "/redirect/metadata":
            send(_response("302 Found", {"Location": "http://169.254.169.254/latest/meta-data/"}))
        elif path == "/redirect/decimal":
            send(_response("302 Found", {"Location": f"http://2130706433:{st.port + 1}/"}))
        elif path == "/redirect/bad-ipv6":
            send(_response("302 Found", {"Location": "http://[::1/x"}))
        elif path == "/redirect/bad-idna":
            send(_response("302 Found", {"Location": "http://xn--/x"}))
        elif path == "/redirect/file":
            send(_response("302 Found", {"Location": "file:///etc/passwd"}))
        elif path in ("/404", "/dead"):
            send(
                _response(
                    "404 Not Found",
                    {"Content-Type": "text/html"},
                    b"<html><title>Not found</title></html>",
                )
            )
        elif path == "/410":
            send(
                _response(
                    "410 Gone", {"Content-Type": "text/html"}, b"<html><title>Gone</title></html>"
                )
            )
        elif path == "/500":
            send(
                _response(
                    "500 Internal Server Error", {"Content-Type": "text/html"}, b"<html>oops</html>"
                )
            )
        elif path == "/429":
            if st.hits[path] == 1:
                send(_response("429 Too Many Requests", {"Retry-After": "1"}, b"slow down"))
            else:
                send(_html(page("After waiting", "Patience paid off for the board.")))
        elif path == "/503-then-200":
            if st.hits[path] == 1:
                send(_response("503 Service Unavailable", {}, b"busy"))
            else:
                send(_html(page("Back again", "The service is back and the board met.")))
        elif path == "/drip":
            body = page("Drip", "x" * 400).encode()
            send(
                _response("200 OK", {"Content-Type": "text/html"}, length=False)[:-2]
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
            )
            for b in body:
                send(bytes([b]))
                time.sleep(0.25)
        elif path == "/drip-headers":
            for b in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 200:
                send(bytes([b]))
                time.sleep(0.25)
        elif path == "/hang":
            time.sleep(20)
        elif path == "/reset":
            send(
                _response(
                    "200 OK", {"Content-Type": "text/html", "Content-Length": "50000"}, length=False
                )
                + b"<html><body>"
                + b"x" * 1000
            )
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
        elif path == "/bomb":
            send(
                _response(
                    "200 OK", {"Content-Type": "text/html", "Content-Encoding": "gzip"}, st.bomb
                )
            )
        elif path == "/endless":
            send(
                _response(
                    "200 OK",
                    {"Content-Type": "text/html", "Transfer-Encoding": "chunked"},
                    length=False,
                )
            )
            chunk = b"x" * 65536
            for _ in range(100_000):
                send(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
        elif path == "/lying-length":
            send(
                _response(
                    "200 OK",
                    {"Content-Type": "text/html", "Content-Length": "100000"},
                    length=False,
                )
                + b"<html>"
                + b"y" * 994
            )
        elif path == "/pdf":
            send(
                _response(
                    "200 OK",
                    {"Content-Type": "application/pdf"},
                    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
                )
            )
        elif path == "/paywall":
            send(
                _html(
                    page(
                        "Exclusive: board crisis",
                        "The first paragraph of the exclusive. Subscribe to continue reading.",
                    )
                )
            )
        elif path == "/login":
            send(
                _html(
                    "<html><head><title>Sign in</title></head><body><form><p>Please sign in to continue.</p>"
                    "<input type=password name=pw></form></body></html>"
                )
            )
        elif path == "/challenge":
            send(
                _response(
                    "503 Service Unavailable",
                    {"Content-Type": "text/html"},
                    b"<html><head><title>Just a moment...</title></head><body>Checking your browser before accessing. cf-chl</body></html>",
                )
            )
        elif path == "/soft404":
            send(
                _html(
                    "<html><head><title>Page not found | Example News</title></head><body><p>Sorry, this page does not exist.</p></body></html>"
                )
            )
        elif path == "/changing":
            text = (
                "The board met on Friday."
                if st.version == 1
                else "The board met on Friday.</p><p>Altman returned on Wednesday."
            )
            send(_html(page("Changing story", text)))
        elif path == "/articles/microsoft-hires-altman":  # the README session's page
            send(
                _html(
                    page(
                        "Microsoft hires Sam Altman after OpenAI ouster",
                        "Microsoft said it had hired Sam Altman to lead a new AI research team.",
                        slug="articles/microsoft-hires-altman",
                    )
                )
            )
        elif path.startswith("/quick/"):
            time.sleep(0.02)
            send(
                _html(page(f"Quick {path}", f"Quick story {path} about the board and its review."))
            )
        elif path.startswith("/slow/"):
            time.sleep(0.3)
            send(_html(page(f"Slow {path}", f"Slow story {path} about the board.")))
        elif path == "/xss":
            send(
                _html(
                    page(
                        "Board met <script>window.__xss=3</script>",
                        "The board met on Friday.<script>window.__xss=4;alert(4)</script>"
                        '<img src="x" onerror="window.__xss=5;alert(5)"> OpenAI said so.',
                    )
                )
            )
        elif path == "/wayback/available":
            snapshot = f"{base}/web/20231117000000/http://gone.example/story"
            send(
                _response(
                    "200 OK",
                    {"Content-Type": "application/json"},
                    (
                        '{"archived_snapshots": {"closest": {"available": true, "url": "'
                        + snapshot
                        + '", "timestamp": "20231117000000", "status": "200"}}}'
                    ).encode(),
                )
            )
        elif path.startswith("/web/"):
            send(_html(page("Archived story", "The archived copy says the board met.")))
        else:
            send(_response("404 Not Found", {"Content-Type": "text/plain"}, b"unknown"))


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = State(port=self.server_address[1])
        # 200 MB of zeros, gzipped to about 200 KB
        self.state.bomb = _bomb()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server_address[1]}"


_BOMB: bytes | None = None


def _bomb() -> bytes:
    global _BOMB
    if _BOMB is None:
        z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        block = b"\0" * (1 << 20)
        _BOMB = b"".join(z.compress(block) for _ in range(200)) + z.flush()
    return _BOMB


@contextmanager
def serve() -> Iterator[Server]:
    with in_thread(Server()) as server:
        yield server
