"""URLs waiting to be captured, and who is capturing them: the `capture_queue` table.

A URL asked for (a command-line URL, `sources set-url`, a merge) is queued before any
fetch starts, so a run killed at any point leaves it for the next bare `fetch`; it leaves
the queue with its first good capture. Cited URLs enter the queue when a run leases them.
A lease names the run (host, pid, a random token) and expires; a run fetches a URL only
while it holds the URL's lease, so runs at the same time split the work, and a dead
run's leases are taken over at once.
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from collections.abc import Sequence
from typing import Protocol

import sqlite_utils

from factcheck.db import write_transaction
from factcheck.timestamps import utc_now


class Target(Protocol):
    url: str
    source_id: int | None


def enqueue(db: sqlite_utils.Database, url: str, source_id: int | None) -> None:
    """Remember a URL to capture (inside the caller's transaction): it stays pending until
    a good capture of it exists, whatever happens to the run that was asked for it."""
    db.execute(
        "INSERT INTO capture_queue (url, source_id, requested_at) VALUES (?, ?, ?)"
        " ON CONFLICT (url) DO UPDATE SET source_id = coalesce(capture_queue.source_id, excluded.source_id)",
        [url, source_id, utc_now()],
    )


class Leases:
    """This run's hold on the URLs it is fetching (rows of `capture_queue`)."""

    def __init__(self, db: sqlite_utils.Database, seconds: float, refetch: bool) -> None:
        self.db, self.seconds, self.refetch = db, seconds, refetch
        self.host, self.pid = socket.gethostname(), os.getpid()
        self.owner = f"{self.host}:{self.pid}:{secrets.token_hex(4)}"
        row = db.execute("SELECT max(id) FROM captures").fetchone()
        self.since = int(row[0] or 0)  # captures after this one were made during this run

    def claim(self, target: Target) -> str | None:
        """Take the URL's lease; None when taken, else why this run leaves the URL alone."""
        return self.claim_many([target])[0]

    def claim_many(self, targets: Sequence[Target]) -> list[str | None]:
        """`claim` for several URLs in one transaction (a run starts fetches in batches)."""
        now = time.time()
        with write_transaction(self.db):
            return [self._claim(target, now) for target in targets]

    def _claim(self, target: Target, now: float) -> str | None:
        good = self.db.execute(
            "SELECT id FROM captures WHERE url = ? AND classification != 'error' AND id > ?"
            " LIMIT 1",
            [target.url, self.since if self.refetch else 0],
        ).fetchone()
        if good:  # nothing is left to do for it: it leaves the queue
            self.db.execute(
                "DELETE FROM capture_queue WHERE url = ? AND lease_owner IS NULL", [target.url]
            )
            return f"captured meanwhile by another run (capture {good[0]})"
        row = self.db.execute(
            "SELECT lease_owner, lease_pid, lease_expires FROM capture_queue WHERE url = ?",
            [target.url],
        ).fetchone()
        if row and row[0] and row[0] != self.owner and row[2] > now and self._alive(row[0]):
            return f"being captured by another run (pid {row[1]})"
        self.db.execute(
            "INSERT INTO capture_queue (url, source_id, requested_at, lease_owner, lease_pid,"
            " lease_expires) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET"
            " lease_owner = excluded.lease_owner, lease_pid = excluded.lease_pid,"
            " lease_expires = excluded.lease_expires",
            [target.url, target.source_id, utc_now(), self.owner, self.pid, now + self.seconds],
        )
        return None

    def release(self, url: str, captured_well: bool) -> None:
        """Inside the transaction that stores the capture: done with the URL."""
        if captured_well:
            self.db.execute("DELETE FROM capture_queue WHERE url = ?", [url])
        else:
            self.db.execute(
                "UPDATE capture_queue SET lease_owner = NULL, lease_pid = NULL,"
                " lease_expires = NULL WHERE url = ? AND lease_owner = ?",
                [url, self.owner],
            )

    def release_all(self) -> None:
        with write_transaction(self.db):
            self.db.execute(
                "UPDATE capture_queue SET lease_owner = NULL, lease_pid = NULL,"
                " lease_expires = NULL WHERE lease_owner = ?",
                [self.owner],
            )

    def _alive(self, owner: str) -> bool:
        host, _, rest = owner.partition(":")
        if host != self.host:
            return True  # another machine's run: only its lease's expiry ends it
        try:
            os.kill(int(rest.partition(":")[0]), 0)
        except ProcessLookupError:
            return False
        except (PermissionError, ValueError):
            return True
        return True
