"""The fetcher and archive against a hostile server on 127.0.0.1, over real sockets."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from factcheck.archive import Archive, archive_dir, read_record
from factcheck.bundled import data_path
from factcheck.captures import Capturer, Options, Target
from factcheck.db import open_db
from factcheck.fetch import Policy, address_allowed
from factcheck.pending import Leases

from .hostile_server import Server, serve

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as s:
        yield s


def policy(server: Server, **overrides: Any) -> Policy:
    settings: dict[str, Any] = dict(
        allowed_addresses=frozenset({server.address}),
        delay=0,
        deadline=3.0,
        read_timeout=1.5,
        connect_timeout=2.0,
        attempts=2,
        backoff=0.05,
        retry_after_cap=2.0,
        max_bytes=2_000_000,
    )
    return Policy(**{**settings, **overrides})


NO_WAYBACK = Options(wayback=False)


def capture(
    tmp_path: Path,
    server: Server,
    paths: list[str],
    options: Options = NO_WAYBACK,
    **pol: Any,
) -> dict[str, dict[str, Any]]:
    db = open_db(tmp_path / "factcheck.db")
    archive = Archive(db, archive_dir(tmp_path / "factcheck.db"))
    work = [Target(server.base + p) for p in paths]
    summary = Capturer(db, archive, policy(server, **pol), options).run(work)
    # what was stored, not what the summary kept
    return {
        r["url"].removeprefix(server.base): {
            **dict(db.table("captures").get(r["id"])),
            "warc_file": r["warc_file"],
        }
        for r in summary.captures
    }


def warc_record(tmp_path: Path, row: dict[str, Any]) -> Any:
    return read_record(
        archive_dir(tmp_path / "factcheck.db") / row["warc_file"],
        row["warc_offset"],
        row["warc_length"],
    )


CASES = [
    pytest.param(
        "/html/utf8",
        "ok",
        {
            "title": "Board ousts chief executive",
            "published": "2023-11-17",
            "author": "Jane Reporter",
            "charset": "utf-8",
        },
        "removed its chief executive",
        id="utf8",
    ),
    pytest.param("/gzip", "ok", {"charset": "utf-8"}, "gzip encoded article", id="gzip"),
    pytest.param("/deflate", "ok", {}, "deflate encoded article", id="deflate"),
    pytest.param("/chunked", "ok", {}, "chunked article", id="chunked"),
    pytest.param(
        "/sjis-meta",
        "ok",
        {"charset": "cp932", "replacement_chars": 0},
        "髙橋氏は～①㈱",
        id="shift-jis-meta",
    ),
    pytest.param(
        "/sjis-header",
        "ok",
        {"charset": "cp932", "replacement_chars": 0},
        "髙橋氏は～①㈱",
        id="shift-jis-header",
    ),
    pytest.param("/cp932", "ok", {"charset": "cp932"}, "①㈱", id="cp932"),
    pytest.param(
        "/eucjp", "ok", {"charset": "euc_jp", "replacement_chars": 0}, "高橋氏は", id="euc-jp"
    ),
    pytest.param(
        "/gbk", "ok", {"charset": "gb18030", "replacement_chars": 0}, "据路透社报道", id="gbk"
    ),
    pytest.param(
        "/wrong-charset",
        "ok",
        {"charset": "utf-8", "title": "Café déjà vu – “quotes”"},
        "“curly quotes”",
        id="wrong-header-charset",
    ),
    pytest.param(
        "/redirect/chain",
        "ok",
        {"title": "Board ousts chief executive"},
        "removed",
        id="redirect-chain",
    ),
    pytest.param("/pdf", "not-html", {}, None, id="pdf"),
    pytest.param("/paywall", "paywall", {}, None, id="paywall-teaser"),
    pytest.param("/login", "login", {}, None, id="login"),
    pytest.param("/challenge", "challenge", {}, None, id="bot-challenge"),
    pytest.param("/soft404", "soft-404", {}, None, id="soft-404"),
    pytest.param("/private/ok", "ok", {}, None, id="robots-allow-longest-match"),
]


@pytest.mark.parametrize("path, classification, fields, text", CASES)
def test_pages(
    tmp_path: Path,
    server: Server,
    path: str,
    classification: str,
    fields: dict[str, Any],
    text: str | None,
) -> None:
    row = capture(tmp_path, server, [path])[path]
    assert row["classification"] == classification, row.get("reason")
    for key, value in fields.items():
        assert row[key] == value, key
    if text:
        assert text in row["text"]
        assert "Copyright Example News" not in row["text"] and "World" not in row["text"]
    assert row["warc_file"]


ERRORS = [
    pytest.param("/redirect/loop", "redirect loop", id="redirect-loop"),
    pytest.param(
        "/redirect/private", "refused non-public address 10.0.0.1", id="redirect-to-private"
    ),
    pytest.param(
        "/redirect/metadata",
        "refused non-public address 169.254.169.254",
        id="redirect-to-metadata",
    ),
    pytest.param(
        "/redirect/decimal", "refused non-public address 127.0.0.1", id="redirect-to-decimal-ip"
    ),
    pytest.param("/redirect/file", "refused scheme file", id="redirect-to-file"),
    pytest.param("/404", "HTTP 404", id="404"),
    pytest.param("/410", "HTTP 410", id="410"),
    pytest.param("/drip", "deadline of 3 s exceeded", id="slow-drip"),
    pytest.param("/drip-headers", "deadline of 3 s exceeded", id="slow-drip-headers"),
    pytest.param("/hang", "ReadTimeout", id="hang"),
    pytest.param("/reset", "Error", id="reset-mid-body"),
    pytest.param("/bomb", "over 2,000,000 bytes once decoded", id="gzip-bomb"),
    pytest.param("/endless", "over 2,000,000 bytes as sent", id="endless-chunked"),
    pytest.param("/lying-length", "RemoteProtocolError", id="lying-content-length"),
    pytest.param("/private/secret", "disallowed by robots.txt", id="robots-disallow"),
]


@pytest.mark.parametrize("path, reason", ERRORS)
def test_failures_are_stored_with_their_reason(
    tmp_path: Path, server: Server, path: str, reason: str
) -> None:
    started = time.monotonic()
    row = capture(tmp_path, server, [path], attempts=1)[path]
    assert row["classification"] == "error"
    assert reason in (row["reason"] or ""), row["reason"]
    assert time.monotonic() - started < 8  # every deadline held


def test_no_retry_for_4xx_and_robots_blocks_before_any_request(
    tmp_path: Path, server: Server
) -> None:
    before = server.state.hits.copy()
    capture(tmp_path, server, ["/404", "/private/secret"], attempts=3)
    assert server.state.hits["/404"] - before["/404"] == 1
    assert server.state.hits["/private/secret"] == 0


@pytest.mark.parametrize(
    "path",
    [pytest.param("/429", id="429-retry-after"), pytest.param("/503-then-200", id="503-then-200")],
)
def test_retries_then_succeeds(tmp_path: Path, server: Server, path: str) -> None:
    before = server.state.hits[path]
    started = time.monotonic()
    row = capture(tmp_path, server, [path], attempts=3)[path]
    assert row["classification"] == "ok"
    assert server.state.hits[path] - before == 2
    if path == "/429":
        assert time.monotonic() - started >= 1.0  # Retry-After: 1 was honoured


def test_gzip_bomb_stays_small_in_memory(tmp_path: Path, server: Server) -> None:
    tracemalloc.start()
    capture(tmp_path, server, ["/bomb"], attempts=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 12_000_000, f"peak {peak:,} bytes"


def test_warc_holds_the_bytes_as_received(tmp_path: Path, server: Server) -> None:
    rows = capture(tmp_path, server, ["/gzip", "/chunked", "/redirect/chain"])
    gz = warc_record(tmp_path, rows["/gzip"])
    assert gz.warc_type == "response" and gz.payload[:2] == b"\x1f\x8b"
    assert ("Content-Encoding", "gzip") in gz.http_headers
    assert "WARC-Payload-Digest" in gz.headers and "WARC-Block-Digest" in gz.headers
    chunked = warc_record(tmp_path, rows["/chunked"])
    assert not any(k.lower() == "transfer-encoding" for k, _ in chunked.http_headers)
    assert chunked.payload.startswith(b"<!DOCTYPE html>")
    redirect = rows["/redirect/chain"]
    assert json.loads(redirect["redirects"]) == [
        server.base + "/redirect/chain",
        server.base + "/redirect/b",
    ]
    files = list(archive_dir(tmp_path / "factcheck.db").glob("*.warc.gz"))
    records = [
        (r.rec_type, r.rec_headers.protocol, dict(r.rec_headers.headers))
        for r in ArchiveIterator(io.BytesIO(files[0].read_bytes()))
    ]
    types = [t for t, _, _ in records]
    assert types[0] == "warcinfo" and types.count("response") == types.count("request") == 5
    assert {version for _, version, _ in records} == {"WARC/1.1"}  # warcinfo and records
    info_id = records[0][2]["WARC-Record-ID"]
    for _, _, headers in records[1:]:
        assert headers["WARC-Warcinfo-ID"] == info_id and headers["WARC-IP-Address"] == "127.0.0.1"
    for tool in ("check", "index"):
        done = subprocess.run(
            [str(BIN / "warcio"), tool, *map(str, files)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    "status, body, allowed",
    [
        pytest.param(403, "", False, id="403-disallows"),
        pytest.param(401, "", False, id="401-disallows"),
        pytest.param(404, "", True, id="404-allows"),
        pytest.param(500, "", False, id="5xx-disallows"),
        pytest.param(
            200,
            "User-agent: factcheck\nDisallow: /html\n\nUser-agent: *\nAllow: /\n",
            False,
            id="agent-group",
        ),
        pytest.param(200, "User-agent: *\nDisallow: /*utf8$\n", False, id="wildcard-end-anchor"),
    ],
)
def test_robots_semantics(tmp_path: Path, status: int, body: str, allowed: bool) -> None:
    with serve() as s:
        s.state.robots_status, s.state.robots = status, body
        row = capture(tmp_path, s, ["/html/utf8"])["/html/utf8"]
        assert (row["classification"] == "ok") is allowed, row["reason"]
        assert s.state.hits["/html/utf8"] == int(allowed)
        ignored = capture(
            tmp_path / "again",
            s,
            ["/html/utf8"],
            ignore_robots_for=frozenset({s.base + "/html/utf8"}),
        )
        assert ignored["/html/utf8"]["classification"] == "ok"


@pytest.mark.parametrize(
    "ip, port, allowed",
    [
        pytest.param("93.184.216.34", 80, True, id="public-v4"),
        pytest.param("2606:2800:220:1:248:1893:25c8:1946", 443, True, id="public-v6"),
        pytest.param("127.0.0.1", 80, False, id="loopback"),
        pytest.param("10.1.2.3", 80, False, id="private-10"),
        pytest.param("172.16.0.1", 80, False, id="private-172"),
        pytest.param("192.168.1.1", 80, False, id="private-192"),
        pytest.param("169.254.169.254", 80, False, id="metadata"),
        pytest.param("100.64.0.1", 80, False, id="shared-cgnat"),
        pytest.param("0.0.0.0", 80, False, id="unspecified"),
        pytest.param("224.0.0.1", 80, False, id="multicast"),
        pytest.param("::1", 80, False, id="loopback-v6"),
        pytest.param("::ffff:127.0.0.1", 80, False, id="v4-mapped-loopback"),
        pytest.param("fd00::1", 80, False, id="unique-local-v6"),
        pytest.param("fe80::1", 80, False, id="link-local-v6"),
        pytest.param("64:ff9b::7f00:1", 80, False, id="nat64-loopback"),
        pytest.param("2002:7f00:1::", 80, False, id="6to4-loopback"),
    ],
)
def test_address_rules(ip: str, port: int, allowed: bool) -> None:
    assert (address_allowed(ip, port, Policy()) is None) is allowed


@pytest.mark.parametrize("host", ["2130706433", "127.1", "0x7f.1", "localhost"])
def test_loopback_spellings_are_refused_after_resolution(
    tmp_path: Path, server: Server, host: str
) -> None:
    db = open_db(tmp_path / "factcheck.db")
    url = f"http://{host}:{server.server_address[1]}/html/utf8"
    summary = Capturer(
        db, Archive(db, tmp_path / "a"), Policy(delay=0, attempts=1), Options(wayback=False)
    ).run([Target(url)])
    assert "refused non-public address" in summary.captures[0]["reason"]


def test_refetch_stores_a_paragraph_diff(tmp_path: Path, server: Server) -> None:
    server.state.version = 1
    first = capture(tmp_path, server, ["/changing"])["/changing"]
    server.state.version = 2
    second = capture(tmp_path, server, ["/changing"], Options(refetch=True, wayback=False))[
        "/changing"
    ]
    assert second["previous_id"] == first["id"] and second["changed"] == 1
    assert "+Altman returned on Wednesday." in second["diff"]
    server.state.version = 1


def test_dead_url_falls_back_to_the_wayback_machine(tmp_path: Path, server: Server) -> None:
    opts = Options(wayback=True, wayback_base=server.base, dead_after=2, dead_span=0)
    first = capture(tmp_path, server, ["/dead"], opts)["/dead"]
    assert first["classification"] == "error" and first["wayback"] == 0  # one failure is not death
    second = capture(tmp_path, server, ["/dead"], opts)["/dead"]
    assert second["wayback"] == 1 and second["classification"] == "ok"
    # the memento's own bytes (id_), stored under the original URL for replay
    assert second["final_url"].startswith(server.base + "/web/20231117000000id_/")
    assert "archived copy says the board met" in second["text"]
    record = warc_record(tmp_path, second)
    assert record.uri == server.base + "/dead"
    assert record.headers["WARC-Source-URI"] == second["final_url"]
    assert record.headers["WARC-Refers-To-Date"] == "2023-11-17T00:00:00Z"


def session_processes(sid: int) -> list[int]:
    """The processes still alive in session `sid` (Linux /proc)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def captured_some(db: Path) -> bool:
    if not db.exists():
        return False
    conn = open_db(db)
    try:
        return int(conn.execute("SELECT count(*) FROM captures").fetchone()[0]) >= 2
    finally:
        conn.close()


def test_killed_mid_run_resumes_without_duplicates(tmp_path: Path, server: Server) -> None:
    urls = [f"{server.base}/slow/{i}" for i in range(24)]
    db = tmp_path / "factcheck.db"
    cmd = [
        str(BIN / "factcheck"),
        "fetch",
        *urls,
        "--db",
        str(db),
        "--allow-private",
        "--delay",
        "0",
        "--concurrency",
        "2",
        "--no-wayback",
    ]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not captured_some(db):
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    conn = open_db(db)
    partial = conn.execute("SELECT count(*) FROM captures").fetchone()[0]
    assert 0 < partial < len(urls), partial
    conn.close()
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    conn = open_db(db)
    counts = conn.execute(
        "SELECT count(*), count(DISTINCT url), count(analyzed_at) FROM captures"
    ).fetchone()
    assert counts == (len(urls), len(urls), len(urls))  # what the killed run left, analysed
    check = subprocess.run(
        [str(BIN / "factcheck"), "archive", "verify", "--db", str(db)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout
    # the killed run's page-analysis workers do not outlive it
    deadline = time.monotonic() + 10
    while session_processes(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not session_processes(proc.pid)
    files = [str(archive_dir(db) / r[0]) for r in conn.execute("SELECT path FROM warc_files")]
    done = subprocess.run([str(BIN / "warcio"), "check", *files], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_cli_captures_json_has_the_documented_keys(tmp_path: Path, server: Server) -> None:
    db = tmp_path / "factcheck.db"
    env = {**os.environ, "FACTCHECK_DB": str(db)}
    done = subprocess.run(
        [
            str(BIN / "factcheck"),
            "fetch",
            server.base + "/sjis-meta",
            server.base + "/404",
            "--allow-private",
            "--delay",
            "0",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 1, done.stderr  # the 404 failed
    assert "captured 1 (ok 1), failed 1 (http 1)" in done.stderr
    out = subprocess.run(
        [str(BIN / "factcheck"), "captures", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
    )
    rows = json.loads(out.stdout)
    keys = {
        "url",
        "final_url",
        "status",
        "charset",
        "title",
        "published",
        "text",
        "sha256",
        "warc_file",
        "warc_offset",
        "warc_length",
        "classification",
        "error",
    }
    assert all(keys <= set(r) for r in rows)
    by_url = {r["url"].removeprefix(server.base): r for r in rows}
    assert by_url["/sjis-meta"]["charset"] == "cp932" and by_url["/404"]["error"] == "HTTP 404"


def test_nothing_captured_exits_non_zero(tmp_path: Path, server: Server) -> None:
    done = subprocess.run(
        [
            str(BIN / "factcheck"),
            "fetch",
            server.base + "/404",
            "--db",
            str(tmp_path / "f.db"),
            "--delay",
            "0",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1  # without --allow-private even the server is refused
    assert "refused non-public address" in done.stdout


def test_ingest_a_url_archives_it_and_keeps_its_address(tmp_path: Path, server: Server) -> None:
    db = tmp_path / "factcheck.db"
    url = server.base + "/html/utf8"
    done = subprocess.run(
        [str(BIN / "factcheck"), "ingest", url, "--db", str(db), "--allow-private"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    conn = open_db(db)
    doc = conn.execute("SELECT path, url, title, lang FROM documents").fetchone()
    assert doc == (url, url, "Board ousts chief executive", "en")
    claim = conn.execute(
        "SELECT c.text, s.name FROM claims c JOIN citations ci ON ci.claim_id = c.id"
        " JOIN sources s ON s.id = ci.source_id"
    ).fetchone()
    assert claim == ("OpenAI's board said on Friday it had removed its chief executive.", "OpenAI")
    assert (
        conn.execute(
            "SELECT count(*) FROM captures WHERE url = ? AND warc_offset > 0", [url]
        ).fetchone()[0]
        == 1
    )
    again = subprocess.run(
        [
            str(BIN / "factcheck"),
            "ingest",
            server.base + "/404",
            "--db",
            str(db),
            "--allow-private",
        ],
        capture_output=True,
        text=True,
    )
    assert (
        again.returncode == 1 and again.stderr.startswith("Error: ") and "HTTP 404" in again.stderr
    )


def test_registry_article_urls_become_capture_targets(tmp_path: Path) -> None:
    import yaml

    from factcheck.captures import targets
    from factcheck.ingest import ingest
    from factcheck.sources import Registry

    from .conftest import SEED

    entries = yaml.safe_load((data_path("sources.yml")).read_text(encoding="utf-8"))
    url = "https://www.theinformation.com/articles/microsoft-hires-altman"
    next(e for e in entries if e["name"] == "The Information")["articles"] = [url]
    registry = tmp_path / "sources.yml"
    registry.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    db = open_db(tmp_path / "factcheck.db")
    ingest(db, SEED, Registry.load(registry))
    assert [(t.url, db.table("sources").get(t.source_id)["name"]) for t in targets(db)] == [
        (url, "The Information")
    ]


def test_analysis_left_by_a_run_is_done_by_the_next(tmp_path: Path, server: Server) -> None:
    db = open_db(tmp_path / "factcheck.db")
    archive = Archive(db, archive_dir(tmp_path / "factcheck.db"))
    later = Options(wayback=False, analyze=False)
    Capturer(db, archive, policy(server), later).run([Target(server.base + "/paywall")])
    query = "SELECT classification, analyzed_at IS NOT NULL, title FROM captures"
    assert db.execute(query).fetchone() == ("ok", 0, None)  # provisional: records written
    Capturer(db, archive, policy(server), NO_WAYBACK).run([])
    classification, analysed, _ = db.execute(query).fetchone()
    assert (classification, analysed) == ("paywall", 1)


def test_a_capture_whose_record_is_gone_is_marked_and_the_run_goes_on(
    tmp_path: Path, server: Server
) -> None:
    db = open_db(tmp_path / "factcheck.db")
    archive = Archive(db, archive_dir(tmp_path / "factcheck.db"))
    later = Options(wayback=False, analyze=False)
    Capturer(db, archive, policy(server), later).run([Target(server.base + "/html/utf8")])
    for warc in archive_dir(tmp_path / "factcheck.db").glob("*.warc.gz"):
        warc.write_bytes(b"")  # lost before the analysis ran
    summary = Capturer(db, archive, policy(server), NO_WAYBACK).run([])
    classification, reason, analysed = db.execute(
        "SELECT classification, reason, analyzed_at IS NOT NULL FROM captures"
    ).fetchone()
    assert (classification, analysed) == ("error", 1) and summary.outcomes["error"] == 1
    assert reason.startswith("page analysis failed: ") and "\n" not in reason


@pytest.mark.parametrize(
    "held",
    [
        pytest.param(set(), id="none-held"),
        pytest.param({0, 5, 11}, id="some-held"),
        pytest.param(set(range(8)), id="whole-windows-held"),  # leases are taken 4 at a time
        pytest.param(set(range(12)), id="all-held"),
    ],
)
def test_urls_another_run_holds_are_skipped_and_the_rest_captured(
    tmp_path: Path, server: Server, held: set[int]
) -> None:
    """A run takes its leases a window ahead of its fetches: URLs another live run is
    capturing are skipped, however many in a row, and every other URL is captured once;
    the run holds no lease when it ends."""
    db = open_db(tmp_path / "factcheck.db")
    work = [Target(f"{server.base}/quick/held-{len(held)}-{i}") for i in range(12)]
    other = Leases(db, 600, refetch=False)  # a run alive on this machine (this process)
    assert other.claim_many([work[i] for i in sorted(held)]) == [None] * len(held)
    archive = Archive(db, archive_dir(tmp_path / "factcheck.db"))
    summary = Capturer(db, archive, policy(server, concurrency=1), NO_WAYBACK).run(work)
    assert sorted(s["url"] for s in summary.skipped) == sorted(work[i].url for i in held)
    stored = [r[0] for r in db.execute("SELECT url FROM captures")]
    assert sorted(stored) == sorted(t.url for i, t in enumerate(work) if i not in held)
    owners = {r[0] for r in db.execute("SELECT lease_owner FROM capture_queue")}
    assert owners == ({other.owner} if held else set())
