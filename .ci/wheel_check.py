"""The install a user gets, checked end to end: build the wheel, install it without extras
into a clean virtualenv (the versions in requirements.lock, by hash), and from an empty
temporary folder run ingest, fetch (against a page served on 127.0.0.1, --allow-private),
report, the demo and serve until it answers. Exits non-zero at the first step that fails.

Run by `make wheel-check` (and so by .ci/run) with the checkout's .venv python.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ARTICLE = """Wind farms supplied 30% of the country's electricity last year, according to Reuters.
The energy minister said the grid would need new storage by 2030.
"""
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Grid report</title></head>
<body><article><h1>Grid report</h1>
<p>Wind farms supplied 30% of the country's electricity last year, the grid operator said in its annual report.</p>
<p>The operator expects demand to grow by 4% a year until 2030, according to its chief executive.</p>
</article></body></html>
"""


def step(name: str, cmd: list[str], cwd: Path, env: dict[str, str]) -> str:
    started = time.monotonic()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    took = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(
            f"wheel check: {name} failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    print(f"ok  {name} ({took:.1f} s)", flush=True)
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_pages(folder: Path) -> http.server.ThreadingHTTPServer:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)  # type: ignore[misc]

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def wait_for(url: str, proc: subprocess.Popen[str], seconds: float) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out, err = proc.communicate()
            sys.exit(f"wheel check: serve exited {proc.returncode}:\n{out}\n{err}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return bytes(r.read())
        except OSError:
            time.sleep(0.2)
    sys.exit(f"wheel check: serve did not answer {url} within {seconds:.0f} s")


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="factcheck-wheel-"))
    build_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    step(
        "build the wheel",
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
        + ["-w", str(tmp / "dist"), str(ROOT)],
        ROOT,
        build_env,
    )
    wheel = next((tmp / "dist").glob("factcheck-*.whl"))
    venv = tmp / "venv"
    step("make a clean venv", [sys.executable, "-m", "venv", str(venv)], tmp, build_env)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    step(
        "install the pinned pip",
        [*pip, "--require-hashes", "-r", str(ROOT / "requirements-pip.lock")],
        tmp,
        build_env,
    )
    step(
        "install requirements.lock",
        [*pip, "--require-hashes", "-r", str(ROOT / "requirements.lock")],
        tmp,
        build_env,
    )
    step("install the wheel, no extras", [*pip, "--no-deps", str(wheel)], tmp, build_env)
    step("pip check", [str(venv / "bin" / "python"), "-m", "pip", "check"], tmp, build_env)

    work = tmp / "work"  # empty: no checkout, no claims/, no metadata.yml
    work.mkdir()
    (work / "article.txt").write_text(ARTICLE, encoding="utf-8")
    pages = tmp / "pages"
    pages.mkdir()
    (pages / "grid.html").write_text(PAGE, encoding="utf-8")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FACTCHECK_", "PYTHON", "VIRTUAL_ENV"))
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    fc = str(venv / "bin" / "factcheck")
    server = serve_pages(pages)
    page_url = f"http://127.0.0.1:{server.server_address[1]}/grid.html"
    try:
        out = step("ingest a file", [fc, "ingest", "article.txt"], work, env)
        assert "new (document 1" in out, out
        out = step(
            "fetch from a local server",
            [fc, "fetch", "--allow-private", "--no-wayback", "--delay", "0", "--json", page_url],
            work,
            env,
        )
        assert json.loads(out)[0]["classification"] == "ok", out
        step("ingest a URL", [fc, "ingest", "--allow-private", page_url], work, env)
        for fmt in ("json", "markdown", "html", "csv", "claimreview", "csl-json"):
            step(f"report {fmt}", [fc, "report", "-f", fmt, "-o", f"report.{fmt}"], work, env)
        report = json.loads((work / "report.json").read_text(encoding="utf-8"))
        assert len(report["documents"]) == 2 and report["claims"], report
        step(
            "demo (the bundled article)",
            [fc, "demo", "--no-serve", "--db", "demo/factcheck.db"],
            work,
            env,
        )
    finally:
        server.shutdown()
    port = free_port()
    proc = subprocess.Popen(
        [fc, "serve", "--port", str(port)],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        started = time.monotonic()
        plugins = json.loads(wait_for(f"http://127.0.0.1:{port}/-/plugins.json", proc, 60))
        assert any(p["name"] == "factcheck" for p in plugins), plugins
        page = wait_for(f"http://127.0.0.1:{port}/-/factcheck/search?q=Wind", proc, 30)
        assert b"farms supplied 30%" in page, page[:500]
        print(f"ok  serve answers, plugin loaded ({time.monotonic() - started:.1f} s)")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    print(f"wheel check passed: {wheel.name} run from an empty folder")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
