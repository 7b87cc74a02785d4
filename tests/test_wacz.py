"""`factcheck archive export --wacz`: a WACZ that py-wacz validates and pywb replays, a
Wayback copy found under the original URL, over real sockets."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from factcheck.archive import Archive, archive_dir
from factcheck.captures import Capturer, Options, Target
from factcheck.charset import decode_html
from factcheck.db import open_db
from factcheck.fetch import Policy

from .hostile_server import Server, serve

BIN = Path(sys.executable).parent
PAGES = {  # path → words its replay must hold
    "/html/utf8": "removed its chief executive",
    "/gzip": "gzip encoded article",
    "/chunked": "chunked article",
    "/sjis-meta": "髙橋氏は～①㈱",
}


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as s:
        yield s


def captured(tmp_path: Path, server: Server) -> Path:
    db_path = tmp_path / "factcheck.db"
    db = open_db(db_path)
    policy = Policy(allowed_addresses=frozenset({server.address}), delay=0, attempts=1)
    archive = Archive(db, archive_dir(db_path))
    Capturer(db, archive, policy, Options(wayback=False)).run(
        [Target(server.base + p) for p in PAGES]
    )
    # a dead URL (failed twice): its Wayback copy is stored under the original URL
    dead = Options(wayback=True, wayback_base=server.base, dead_after=2, dead_span=0)
    for _ in range(2):
        Capturer(db, archive, policy, dead).run([Target(server.base + "/dead")])
    db.close()
    return db_path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_export_validates_and_replays_in_pywb(tmp_path: Path, server: Server) -> None:
    db = captured(tmp_path, server)
    out = tmp_path / "captures.wacz"
    done = subprocess.run(
        [str(BIN / "factcheck"), "archive", "export", "--wacz", str(out), "--db", str(db)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "5 pages from 1 WARC files" in done.stdout and "validated" in done.stdout
    check = subprocess.run([str(BIN / "wacz"), "validate", "-f", str(out)], capture_output=True)
    assert check.returncode == 0, check.stdout
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        lines = z.read("pages/pages.jsonl").decode("utf-8").splitlines()
    assert {"datapackage.json", "indexes/index.cdx.gz", "pages/pages.jsonl"} <= names
    header, *pages = map(json.loads, lines)
    assert header["format"] == "json-pages-1.0"
    by_url = {p["url"]: p for p in pages}
    assert set(by_url) == {server.base + p for p in [*PAGES, "/dead"]}  # the original URL
    assert by_url[server.base + "/html/utf8"]["title"] == "Board ousts chief executive"
    assert all(p["ts"].endswith("Z") and p["factcheck:capture"] for p in pages)

    collections = tmp_path / "pywb"
    collections.mkdir()
    init = [str(BIN / "wb-manager"), "init", "c"]
    subprocess.run(init, cwd=collections, check=True, capture_output=True)
    # pywb reads a WACZ by unpacking its WARC files into the collection and indexing them
    add = [str(BIN / "wb-manager"), "add", "--unpack-wacz", "c", str(out)]
    subprocess.run(add, cwd=collections, check=True, capture_output=True)
    port = free_port()
    pywb = subprocess.Popen(
        [str(BIN / "wayback"), "-p", str(port), "-b", "127.0.0.1"],
        cwd=collections,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        for path, words in {**PAGES, "/dead": "archived copy says the board met"}.items():
            # id_: the page as archived, no rewriting or banner
            replay = httpx.get(f"{base}/c/id_/{server.base}{path}", timeout=10)
            assert replay.status_code == 200, (path, replay.status_code)
            page = decode_html(replay.content, replay.headers.get("content-type")).text
            assert words in page, path
    finally:
        pywb.terminate()
        pywb.wait(10)


def test_export_refuses_an_empty_archive_and_a_missing_folder(tmp_path: Path) -> None:
    db = tmp_path / "factcheck.db"
    open_db(db).close()
    for target, message in [
        (tmp_path / "out.wacz", "nothing to export"),
        (tmp_path / "no" / "out.wacz", "no folder"),
    ]:
        done = subprocess.run(
            [str(BIN / "factcheck"), "archive", "export", "--wacz", str(target), "--db", str(db)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 1 and done.stderr.startswith("Error: "), done.stderr
        assert message in done.stderr and not target.exists()
