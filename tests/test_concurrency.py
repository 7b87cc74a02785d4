"""Verdicts written from two processes at once, the CLI's code path and Datasette's
write path (the writable query on a real server), for a few seconds: none is lost."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import httpx

from factcheck.accounts import hash_password
from factcheck.db import open_db

from .serving import factcheck_serve

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
    time.sleep(0.002)  # as fast as a script would write, with a breath between verdicts
print(n)
"""


def test_cli_and_datasette_writes_are_all_kept(seed_db: Path) -> None:
    env = {"FACTCHECK_REVIEWERS": f"alice:reviewer:{hash_password('pw-for-test')}"}
    with factcheck_serve(seed_db, env) as base, httpx.Client(base_url=base, timeout=30) as web:
        page = web.get("/-/factcheck/login")
        token = re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        signed_in = web.post(
            "/-/factcheck/login",
            data={"username": "alice", "password": "pw-for-test", "csrftoken": token, "next": "/"},
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
    db = open_db(seed_db)
    stored = dict(
        db.execute("SELECT reviewer, count(*) FROM verdicts GROUP BY reviewer").fetchall()
    )
    assert web_failed == 0
    assert web_ok > 10 and cli_count > 10, (web_ok, cli_count)
    assert stored == {"alice": web_ok, "cli-writer": cli_count}
