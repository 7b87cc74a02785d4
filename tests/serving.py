"""`factcheck serve` started for a test on a free port of 127.0.0.1, and stopped after; a
test's own server run in a thread (`in_thread`)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from socketserver import BaseServer
from typing import TypeVar

import httpx

ROOT = Path(__file__).resolve().parent.parent

S = TypeVar("S", bound=BaseServer)


@contextmanager
def in_thread(server: S) -> Iterator[S]:
    """A test's own server, serving from a thread until the block ends, then closed."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def factcheck_serve(db: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).with_name("factcheck")
    # the server logs every request: to a file, never to a pipe nobody reads (it fills and blocks)
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [str(exe), "serve", "--db", str(db), "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    httpx.get(base + "/-/versions.json", timeout=2)
                    break
                except httpx.TransportError as e:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        log.seek(0)
                        raise RuntimeError(
                            f"factcheck serve did not start: {log.read().decode()[-2000:]}"
                        ) from e
                    time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def csrf_token(client: httpx.Client, url: str) -> str:
    """The CSRF token of the form on a page (Datasette sets its cookie on the same GET)."""
    import re

    page = client.get(url)
    m = re.search(r'name="csrftoken" value="([^"]+)"', page.text)
    if not m:
        raise AssertionError(f"no CSRF token on {url}: {page.status_code} {page.text[:200]}")
    return m.group(1)


@contextmanager
def sign_in(base: str, name: str, password: str) -> Iterator[httpx.Client]:
    """An httpx client signed in through the sign-in form, cookies kept."""
    with httpx.Client(base_url=base, timeout=30) as client:
        token = csrf_token(client, "/-/factcheck/login")
        r = client.post(
            "/-/factcheck/login", data={"username": name, "password": password, "csrftoken": token}
        )
        if r.status_code != 302 or "ds_actor" not in client.cookies:
            raise AssertionError(f"sign-in as {name} failed: {r.status_code} {r.text[:200]}")
        yield client
