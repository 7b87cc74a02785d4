"""What every page of the review server needs: its database, strict reading of ids and
forms, who may write what, and writes run in Datasette's write thread through the same
library functions the CLI calls.

Who may write is said once in metadata.yml: for verdicts, fidelity, status, assignment
and comments the `allow` block of the matching writable query (so the claim page and
the query pages agree), for corrections `plugins: factcheck: allow_corrections`.
"""

from __future__ import annotations

import asyncio
import functools
import re
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import sqlite_utils
from datasette.utils import actor_matches_allow

from factcheck.errors import FactcheckError

WRITE_ATTEMPTS = 4
MAX_FORM_BYTES = 256_000
T = TypeVar("T")

# the writable query whose `allow` block governs each kind of write on the claim page
WRITE_QUERIES = {
    "verdict": "record_verdict",
    "fidelity": "record_fidelity",
    "status": "set_status",
    "assign": "assign_claim",
    "comment": "add_comment",
}


class BadRequest(Exception):
    """A request this server will not read (400): the message is shown to the user."""


def config(datasette: Any) -> dict[str, Any]:
    return datasette.plugin_config("factcheck") or {}


def database(datasette: Any) -> Any:
    name = config(datasette).get("database", "factcheck")
    if name in datasette.databases:
        return datasette.databases[name]
    return next(db for n, db in datasette.databases.items() if n not in ("_internal", "_memory"))


async def read_form(request: Any) -> dict[str, str]:
    """The url-encoded form of a POST, strictly: UTF-8 only, a size cap, a bounded number
    of fields. BadRequest for anything else."""
    body = await request.post_body()
    if len(body) > MAX_FORM_BYTES:
        raise BadRequest("The form is too large.")
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=200,
        )
    except (UnicodeDecodeError, ValueError):
        raise BadRequest("The form is not valid UTF-8 url-encoded text.") from None
    return dict(pairs)


def parse_id(value: str | None) -> int | None:
    """A row id as written in a URL or form: 1 to 18 ASCII digits, no leading zero."""
    if value is None or not re.fullmatch(r"[1-9][0-9]{0,17}", value):
        return None
    return int(value)


async def may_write(datasette: Any, actor: Any, what: str) -> bool:
    """Whether `actor` may make this kind of write (a key of WRITE_QUERIES, or
    "correction")."""
    if not actor:
        return False
    if what == "correction":
        allow = config(datasette).get("allow_corrections", {"id": "*"})
        return bool(actor_matches_allow(actor, allow))
    db = database(datasette)
    return bool(
        await datasette.permission_allowed(
            actor, "view-query", resource=(db.name, WRITE_QUERIES[what]), default=False
        )
    )


async def write(db: Any, fn: Callable[[sqlite_utils.Database], T]) -> T:
    """Run a library write in Datasette's write thread, retried while the database is
    locked by another process. The library's own errors and the database's refusals
    (a trigger, a constraint) come back as FactcheckError with a one-line message."""
    for attempt in range(WRITE_ATTEMPTS):
        try:
            return await db.execute_write_fn(lambda conn: fn(sqlite_utils.Database(conn)))
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e):
                raise FactcheckError(f"not recorded: {e}") from e
            await asyncio.sleep(0.2 * 2**attempt)
        except sqlite3.DatabaseError as e:
            raise FactcheckError(f"not recorded: {e}") from e
    raise FactcheckError("not recorded: the database stayed locked. Try again.")


@functools.cache
def registry() -> Any:
    """The source registry for type-ahead and new corrections (FACTCHECK_REGISTRY, else
    ./claims/sources.yml, else the one beside the package), read once."""
    from factcheck.sources import Registry

    return Registry.load()
