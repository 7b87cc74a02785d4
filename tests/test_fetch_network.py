"""The fetcher's own network layer (asyncio streams under httpcore), over real sockets on
127.0.0.1: TLS, kept-alive connections, an idle connection the server has closed, and
the failure word each network fault gets."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from factcheck import fetch
from factcheck.archive import Archive, archive_dir, read_record
from factcheck.captures import Capturer, Options, Target
from factcheck.db import open_db
from factcheck.fetch import AsyncioBackend, Fetcher, Policy

from .hostile_server import Server, serve
from .serving import in_thread

PAGE = b"<!DOCTYPE html><html><title>Kept alive</title><body><p>The board met.</p></body></html>"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # connections kept alive between requests
    server: PageServer

    def setup(self) -> None:
        super().setup()
        with self.server.lock:
            self.server.connections += 1

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args: Any) -> None:
        pass


class PageServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.connections = 0
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
        self.scheme = "https" if tls else "http"

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.server_address[1]}{path}"


@contextmanager
def page_server(tls: ssl.SSLContext | None = None) -> Iterator[PageServer]:
    with in_thread(PageServer(tls)) as server:
        yield server


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (and no other name): (cert, key) files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "factcheck test")])
    now = datetime.now(UTC)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[PageServer]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    with page_server(context) as server:
        yield server


def run_capture(tmp_path: Path, urls: list[str], **policy: Any) -> dict[str, dict[str, Any]]:
    db = open_db(tmp_path / "factcheck.db")
    archive = Archive(db, archive_dir(tmp_path / "factcheck.db"))
    settings: dict[str, Any] = dict(
        allow_private=True, delay=0, attempts=1, deadline=5.0, read_timeout=2.0
    )
    summary = Capturer(db, archive, Policy(**{**settings, **policy}), Options(wayback=False)).run(
        [Target(u) for u in urls]
    )
    return {c["url"]: c for c in summary.captures}


@pytest.mark.parametrize(
    "trusted, host, outcome",
    [
        pytest.param(True, "127.0.0.1", "ok", id="trusted-certificate"),
        pytest.param(False, "127.0.0.1", "tls", id="unknown-issuer"),
        pytest.param(True, "news.example", "tls", id="name-not-in-certificate"),
    ],
)
def test_https(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    certificate: tuple[Path, Path],
    tls_server: PageServer,
    trusted: bool,
    host: str,
    outcome: str,
) -> None:
    if trusted:  # the run's verifying context, trusting the test certificate as well
        context = ssl.create_default_context(cafile=str(certificate[0]))
        monkeypatch.setattr(fetch, "tls_context", lambda: context)
    url = tls_server.url("/page", host)
    port = tls_server.server_address[1]
    # a name, not in the certificate, that connects to the server all the same
    connect_to = frozenset({f"news.example:{port}:127.0.0.1:{port}"})
    row = run_capture(tmp_path, [url], obey_robots=False, connect_to=connect_to)[url]
    got = row["classification"] if outcome == "ok" else row["failure"]
    assert got == outcome, row["reason"]
    if outcome == "ok":
        record = read_record(
            archive_dir(tmp_path / "factcheck.db") / row["warc_file"],
            row["warc_offset"],
            row["warc_length"],
        )
        assert record.payload == PAGE
        assert record.headers["WARC-IP-Address"] == "127.0.0.1"
        assert record.uri == url
    else:
        assert "certificate" in (row["reason"] or "").lower(), row["reason"]


def test_pages_of_one_host_share_kept_alive_connections(tmp_path: Path) -> None:
    with page_server() as server:
        urls = [server.url(f"/p{i}") for i in range(12)]
        rows = run_capture(tmp_path, urls, per_host=2, concurrency=2)
        assert [rows[u]["classification"] for u in urls] == ["ok"] * 12
        # robots.txt and twelve pages over at most the two connections a host may have
        assert server.connections <= 2


def _stream_pair() -> tuple[socket.socket, int]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    return listener, listener.getsockname()[1]


def _until(condition: Any, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return bool(condition())


@pytest.mark.parametrize(
    "peer, readable",
    [
        pytest.param(None, False, id="idle"),
        pytest.param("close", True, id="closed-by-the-server"),
        pytest.param("bytes", True, id="bytes-nobody-asked-for"),
    ],
)
def test_an_idle_connection_is_unusable_once_the_server_closes_or_talks(
    peer: str | None, readable: bool
) -> None:
    """httpcore asks `is_readable` before it reuses a kept-alive connection: a server's
    close (or stray bytes) must show, or the next request goes out on a dead socket."""
    listener, port = _stream_pair()

    async def check() -> bool:
        stream = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
        server, _ = await asyncio.get_running_loop().run_in_executor(None, listener.accept)
        try:
            if peer == "close":
                server.close()
            elif peer == "bytes":
                server.sendall(b"HTTP/1.1 200 OK\r\n")
            if readable:  # wait for what the server did to arrive
                for _ in range(500):
                    if stream.get_extra_info("is_readable"):
                        break
                    await asyncio.sleep(0.01)
            return bool(stream.get_extra_info("is_readable"))
        finally:
            await stream.aclose()
            server.close()

    try:
        assert asyncio.run(check()) is readable
    finally:
        listener.close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    "where, outcome, reason",
    [
        pytest.param("closed-port", "refused", "Connect call failed", id="connection-refused"),
        pytest.param("/reset", "reset", "Connection reset by peer", id="reset-mid-body"),
        pytest.param("/hang", "timeout", "ReadTimeout", id="read-timeout"),
        pytest.param("/lying-length", "reset", "peer closed connection", id="lying-length"),
    ],
)
def test_network_faults_get_their_failure_word(where: str, outcome: str, reason: str) -> None:
    async def one(server: Server) -> fetch.FetchResult:
        url = (
            f"http://127.0.0.1:{_closed_port()}/x"
            if where == "closed-port"
            else server.base + where
        )
        policy = Policy(allow_private=True, delay=0, attempts=1, read_timeout=0.5, deadline=3)
        async with Fetcher(policy) as fetcher:
            return await fetcher.fetch(url, robots=False)

    with serve() as server:
        result = asyncio.run(one(server))
    assert (result.outcome, reason in (result.error or "")) == (outcome, True), result.error
