"""Verdicts written from two processes at once, the CLI's code path and Datasette's
write path (the writable query on a real server), for a few seconds: none is lost."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from factcheck.datasette_plugin import hash_password
from factcheck.db import open_db

from .conftest import ROOT

WRITER = """
import sys, time
from factcheck.db import open_db
from factcheck.verdicts import record_verdict
db = open_db(sys.argv[1])
claims = [r[0] for r in db.execute('select id from claims')]
n, end = 0, time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    record_verdict(db, claims[n % len(claims)], 'mixed', reviewer='cli-writer', note=f'cli {n}')
    n += 1
print(n)
"""


def test_cli_and_datasette_writes_are_all_kept(seed_db: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "FACTCHECK_REVIEWERS": f"alice:reviewer:{hash_password('pw-for-test')}"}
    exe = Path(sys.executable).with_name("factcheck")
    server = subprocess.Popen(
        [str(exe), "serve", "--db", str(seed_db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=10) as web:
            for _ in range(100):
                try:
                    web.get("/-/versions.json")
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            page = web.get("/-/factcheck/login")
            token = re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
            signed_in = web.post(
                "/-/factcheck/login",
                data={
                    "username": "alice",
                    "password": "pw-for-test",
                    "csrftoken": token,
                    "next": "/",
                },
            )
            assert signed_in.status_code == 302
            form = web.get("/factcheck/record_verdict")
            token = re.search(r'name="csrftoken" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
            writer = subprocess.Popen(
                [sys.executable, "-c", WRITER, str(seed_db), "4"], stdout=subprocess.PIPE, text=True
            )
            web_ok = web_failed = 0
            end = time.monotonic() + 4
            i = 0
            while time.monotonic() < end:
                r = web.post(
                    "/factcheck/record_verdict",
                    data={
                        "claim_id": 1 + i % 30,
                        "rating": "false",
                        "note": f"web {i}",
                        "evidence_url": "",
                        "capture_id": "",
                        "as_of": "",
                        "csrftoken": token,
                        "_json": "1",
                    },
                )
                i += 1
                if r.status_code == 200 and r.json()["ok"] is True:
                    web_ok += 1
                else:
                    web_failed += 1
            cli_count = int(writer.communicate(timeout=30)[0].strip())
            assert writer.returncode == 0
    finally:
        server.terminate()
        server.wait(timeout=10)
    db = open_db(seed_db)
    stored = dict(
        db.execute("SELECT reviewer, count(*) FROM verdicts GROUP BY reviewer").fetchall()
    )
    assert web_failed == 0
    assert web_ok > 10 and cli_count > 10, (web_ok, cli_count)
    assert stored == {"alice": web_ok, "cli-writer": cli_count}
