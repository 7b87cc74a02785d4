"""Issue 17's findings on fetch and the archive, each pinned over real sockets and real
processes: concurrent runs, a killed run's named URLs, malformed URLs, damaged archives
and the per-URL deadline."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from factcheck.archive import Archive, archive_dir
from factcheck.captures import Capturer, Options, Target
from factcheck.db import open_db
from factcheck.fetch import Policy

from .hostile_server import Server, serve

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as s:
        yield s


def factcheck(db: Path, *args: str, **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "factcheck"), *args, "--db", str(db)], capture_output=True, text=True, **kw
    )


def fetch_cmd(db: Path, *urls: str) -> list[str]:
    return [
        str(BIN / "factcheck"),
        "fetch",
        *urls,
        "--db",
        str(db),
        "--allow-private",
        "--delay",
        "0",
        "--concurrency",
        "4",
        "--no-wayback",
    ]


def verify_clean(db: Path) -> None:
    check = factcheck(db, "archive", "verify")
    assert check.returncode == 0, check.stdout + check.stderr
    files = [str(p) for p in archive_dir(db).glob("*.warc.gz")]
    done = subprocess.run([str(BIN / "warcio"), "check", *files], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_two_capture_runs_at_once_never_corrupt_the_archive_nor_capture_a_url_twice(
    tmp_path: Path, server: Server
) -> None:
    """Two `fetch` runs and an `ingest URL` at the same time, over many rounds: each run's
    records stay whole, and runs split the work instead of capturing a URL twice."""
    for round_ in range(4):
        db = tmp_path / f"round{round_}" / "factcheck.db"
        shared = [f"{server.base}/quick/{round_}-{i}" for i in range(12)]
        own = [[f"{server.base}/quick/{round_}-{who}-{i}" for i in range(3)] for who in "ab"]
        open_db(db).close()
        procs = [
            subprocess.Popen(
                fetch_cmd(db, *shared, *own[0]), stdout=subprocess.PIPE, stderr=subprocess.PIPE
            ),
            subprocess.Popen(
                fetch_cmd(db, *reversed(shared), *own[1]),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            ),
            subprocess.Popen(
                [
                    str(BIN / "factcheck"),
                    "ingest",
                    server.base + "/html/utf8",
                    "--db",
                    str(db),
                    "--allow-private",
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            ),
        ]
        for p in procs:
            _, err = p.communicate(timeout=120)
            assert p.returncode == 0, err.decode()
        conn = open_db(db)
        urls = [r[0] for r in conn.execute("SELECT url FROM captures")]
        assert sorted(urls) == sorted({*shared, *own[0], *own[1], server.base + "/html/utf8"})
        assert conn.execute("SELECT count(*) FROM capture_queue").fetchone()[0] == 0
        conn.close()
        verify_clean(db)


def session_captures(db: Path) -> int:
    conn = open_db(db)
    try:
        return int(conn.execute("SELECT count(*) FROM captures").fetchone()[0])
    finally:
        conn.close()


def test_a_killed_fetch_of_named_urls_is_resumed_by_a_bare_fetch(
    tmp_path: Path, server: Server
) -> None:
    db = tmp_path / "factcheck.db"
    urls = [f"{server.base}/slow/resume-{i}" for i in range(12)]
    cmd = fetch_cmd(db, *urls)
    cmd[cmd.index("--concurrency") + 1] = "1"
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (not db.exists() or session_captures(db) < 2):
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < session_captures(db) < len(urls)
    bare = fetch_cmd(db)  # no URLs: the killed run's URLs are still pending
    done = subprocess.run(bare, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    conn = open_db(db)
    got = conn.execute("SELECT count(*), count(DISTINCT url) FROM captures").fetchone()
    assert got == (len(urls), len(urls))
    conn.close()
    verify_clean(db)


def test_malformed_urls_are_refused_one_line_each_and_the_run_goes_on(
    tmp_path: Path, server: Server
) -> None:
    db = tmp_path / "factcheck.db"
    port = server.server_address[1]
    octal = f"http://0177.0.0.1:{port}/html/utf8"  # 127.0.0.1 as a browser reads it
    done = subprocess.run(
        fetch_cmd(
            db,
            "http://xn--/",
            "http://[::1/",
            server.base + "/redirect/bad-ipv6",
            server.base + "/redirect/bad-idna",
            server.base + "/gzip",
            octal,
        ),
        capture_output=True,
        text=True,
    )
    out = done.stdout + done.stderr
    assert "Traceback" not in out
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 2 and "'http://xn--/'" in errors[0] and "'http://[::1/'" in errors[1]
    conn = open_db(db)
    rows = {r[0]: r[1:] for r in conn.execute("SELECT url, classification, failure FROM captures")}
    assert rows[server.base + "/gzip"] == ("ok", None)
    assert rows[octal] == ("ok", None)
    assert rows[server.base + "/redirect/bad-ipv6"] == ("error", "invalid-url")
    assert rows[server.base + "/redirect/bad-idna"] == ("error", "invalid-url")
    assert "failed 4 (invalid-url 4)" in done.stdout
    # without --allow-private the octal spelling is refused as the loopback it is
    refused = subprocess.run(
        [str(BIN / "factcheck"), "fetch", octal, "--db", str(tmp_path / "b.db"), "--no-wayback"],
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 1 and "refused non-public address 127.0.0.1" in refused.stdout


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["sources", "set-url", "The Information", "http://[::1/"], id="set-url"),
        pytest.param(["sources", "set-url", "The Information", "http://xn--/"], id="set-url-idna"),
        pytest.param(["ingest", "http://xn--/"], id="ingest"),
        pytest.param(["fetch", "http://0x100000000/"], id="fetch"),
    ],
)
def test_every_command_refuses_a_malformed_url_in_one_line(
    tmp_path: Path, seed_db: Path, command: list[str]
) -> None:
    done = factcheck(seed_db, *command)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: ") and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stdout + done.stderr


DAMAGE = [
    pytest.param(
        "UPDATE captures SET warc_offset = warc_offset + 7 WHERE id = 1",
        None,
        id="offset-mid-record",
    ),
    pytest.param(
        "UPDATE captures SET warc_offset = 10000000 WHERE id = 1", None, id="offset-past-end"
    ),
    pytest.param("UPDATE captures SET warc_length = -5 WHERE id = 1", None, id="negative-length"),
    pytest.param(None, "truncate", id="truncated-file"),
    pytest.param(None, "garbage", id="garbage-file"),
    pytest.param(None, "missing", id="missing-file"),
]


@pytest.fixture(scope="module")
def two_captures(tmp_path_factory: pytest.TempPathFactory, server: Server) -> Path:
    db = tmp_path_factory.mktemp("pristine") / "factcheck.db"
    done = subprocess.run(
        fetch_cmd(db, server.base + "/html/utf8", server.base + "/gzip"),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return db.parent


@pytest.mark.parametrize("sql, damage", DAMAGE)
def test_archive_verify_reports_the_damaged_capture_without_a_traceback(
    tmp_path: Path, two_captures: Path, sql: str | None, damage: str | None
) -> None:
    shutil.copytree(two_captures, tmp_path / "copy")
    db = tmp_path / "copy" / "factcheck.db"
    (warc,) = archive_dir(db).glob("*.warc.gz")
    conn = open_db(db)
    if sql:
        conn.execute(sql)
    conn.close()
    if damage == "truncate":
        os.truncate(warc, warc.stat().st_size // 2)
    elif damage == "garbage":
        warc.write_bytes(os.urandom(4096))
    elif damage == "missing":
        warc.unlink()
    check = factcheck(db, "archive", "verify")
    out = check.stdout + check.stderr
    assert check.returncode == 1 and "Traceback" not in out, out
    assert "capture 1:" in out or "capture 2:" in out, out
    assert out.strip().splitlines()[-1].endswith("problems")


@pytest.mark.parametrize(
    "path, attempts",
    [
        pytest.param("/drip-headers", 3, id="drip-all-attempts"),
        pytest.param("/hang", 5, id="read-timeouts-retried"),
    ],
)
def test_the_deadline_holds_per_url_not_per_attempt(
    tmp_path: Path, server: Server, path: str, attempts: int
) -> None:
    db = open_db(tmp_path / "factcheck.db")
    policy = Policy(
        allowed_addresses=frozenset({server.address}),
        delay=0,
        deadline=2.0,
        read_timeout=0.8,
        attempts=attempts,
        backoff=0.05,
    )
    started = time.monotonic()
    summary = Capturer(
        db, Archive(db, archive_dir(tmp_path / "factcheck.db")), policy, Options(wayback=False)
    ).run([Target(server.base + path)])
    elapsed = time.monotonic() - started
    assert elapsed < 3.0, f"{elapsed:.1f} s for a 2 s deadline"
    assert summary.captures[0]["failure"] == "timeout", summary.captures[0]
