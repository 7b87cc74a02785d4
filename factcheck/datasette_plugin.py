"""The Datasette plugin of factcheck (entry point `datasette: factcheck`).

Routes
  /-/factcheck/claim/<id>     the claim page (factcheck.claim_page): the claim in its
                              paragraph, its sources and captures, corrections beside the
                              extraction, verdicts, fidelity, status, assignment, comments
  /-/factcheck/queue          my queue: claims assigned to me, most check-worthy first
  /-/factcheck/accuracy       the extraction rules scored on every reviewed document
  /-/factcheck/sources.json   type-ahead for source names (known sources, the registry)
  /-/factcheck/archive/<id>   an archived copy, read from the WARC: its text, or with
                              ?view=html its HTML under `Content-Security-Policy: sandbox`
                              and with no cookie, so no archived script can ever run on
                              Datasette's origin
  /-/factcheck/search?q=      claims matching words of any length, most check-worthy
                              first, filterable by kind and verdict: fast however many
                              claims match (see factcheck.search)
  /-/factcheck/login          sign-in for reviewers (hashed passwords from the
                              environment) and the one-time link `factcheck serve` prints

Who may write what is said once in metadata.yml (see factcheck.review_http): the claim
page asks for the permission of the writable query that does the same write.

Search for every length of word: the trigram index behind `?_search=` cannot match a
term shorter than three characters, so such terms are rewritten, before Datasette sees
the request, into a `contains` filter on the column named in metadata.yml
(`plugins: factcheck: short_search: {table: column}`).
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import json
import math
import os
import re
import secrets
import sqlite3
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.facets import ColumnFacet
from datasette.utils import path_with_added_args, path_with_removed_args
from datasette.utils.asgi import Response
from markupsafe import Markup

from factcheck.accounts import hash_password, reviewers, verify_password
from factcheck.claim_page import claim_page
from factcheck.classify import CLAIM_KINDS
from factcheck.links import same_origin_path, web_url
from factcheck.review_http import BadRequest, config, database, parse_id, read_form
from factcheck.review_pages import accuracy_page, queue_page, source_suggestions
from factcheck.scale import COLOURS
from factcheck.search import MIN_TRIGRAM, NO_VERDICT, is_latin, search_page, whole_word

_used_tokens: set[str] = set()


# -- passwords ----------------------------------------------------------------------------


def _sign_in(datasette: Any, response: Response, actor: dict[str, Any]) -> Response:
    response.set_cookie(
        "ds_actor", datasette.sign({"a": actor}, "actor"), httponly=True, samesite="lax"
    )
    return response


class SignInThrottle:
    """Failed sign-ins per account and per address within a sliding window. Past either
    limit the answer is "try later" without checking the password, the same for a name
    that exists and one that does not."""

    def __init__(self, per_account: int = 5, per_address: int = 20, window: float = 300.0) -> None:
        self.per_account, self.per_address, self.window = per_account, per_address, window
        self.failures: dict[str, list[float]] = {}

    def _recent(self, key: str, now: float) -> list[float]:
        times = [t for t in self.failures.get(key, []) if now - t < self.window]
        if times:
            self.failures[key] = times
        else:
            self.failures.pop(key, None)
        return times

    def retry_after(self, name: str, address: str) -> float:
        now = time.monotonic()
        waits = []
        for key, limit in (
            (f"name:{name}", self.per_account),
            (f"addr:{address}", self.per_address),
        ):
            times = self._recent(key, now)
            if len(times) >= limit:
                waits.append(self.window - (now - times[-limit]))
        return max(waits, default=0.0)

    def failed(self, name: str, address: str) -> None:
        if len(self.failures) > 100_000:  # a flood of names: forget the oldest
            for key in list(self.failures)[:50_000]:
                del self.failures[key]
        now = time.monotonic()
        for key in (f"name:{name}", f"addr:{address}"):
            self.failures.setdefault(key, []).append(now)

    def succeeded(self, name: str) -> None:
        self.failures.pop(f"name:{name}", None)


_throttle = SignInThrottle()
# PBKDF2 takes about 100 ms: never on the event loop, and at most two at once, so a
# password-guessing run slows only other sign-ins, not the pages everyone else reads
_password_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="factcheck-password")


@functools.cache
def _decoy_hash() -> str:
    """What an unknown name's password is checked against, so that it costs the same."""
    return hash_password(secrets.token_hex(16))


async def check_password(name: str, password: str) -> dict[str, Any] | None:
    account = reviewers().get(name)
    stored = account[1] if account else _decoy_hash()
    loop = asyncio.get_running_loop()
    ok = await loop.run_in_executor(_password_pool, verify_password, password, stored)
    return {"id": name, "role": account[0]} if account and ok else None


def _client_address(request: Any) -> str:
    client = request.scope.get("client")
    return str(client[0]) if client else "unknown"


async def login(request: Any, datasette: Any) -> Response:
    token = request.args.get("token")
    expected = os.environ.get("FACTCHECK_LOGIN_TOKEN")
    next_path = same_origin_path(request.args.get("next"))
    if token is not None:
        if (
            expected
            and token not in _used_tokens
            and hmac.compare_digest(token.encode(), expected.encode())
        ):
            _used_tokens.add(token)  # a sign-in link works once
            actor = {"id": os.environ.get("FACTCHECK_LOGIN_ACTOR") or "local", "role": "admin"}
            return _sign_in(datasette, Response.redirect(next_path), actor)
        return await _login_page(
            datasette, request, "That sign-in link is not valid (it works once).", 403
        )
    if request.method == "POST":
        try:
            form = await read_form(request)
        except BadRequest as e:
            return await _login_page(datasette, request, str(e), 400)
        name = form.get("username", "")[:64]
        next_path = same_origin_path(form.get("next"))
        address = _client_address(request)
        wait = _throttle.retry_after(name.casefold(), address)
        if wait > 0:
            response = await _login_page(
                datasette,
                request,
                f"Too many failed sign-ins: try again in {math.ceil(wait)} seconds.",
                429,
                next_path,
            )
            response.headers["Retry-After"] = str(math.ceil(wait))
            return response
        account = await check_password(name, form.get("password", ""))
        if account:
            _throttle.succeeded(name.casefold())
            return _sign_in(datasette, Response.redirect(next_path), account)
        _throttle.failed(name.casefold(), address)
        return await _login_page(datasette, request, "Wrong name or password.", 403, next_path)
    return await _login_page(datasette, request, None, 200, next_path)


async def _login_page(
    datasette: Any, request: Any, error: str | None, status: int, next_path: str = "/"
) -> Response:
    html = await datasette.render_template(
        "factcheck_login.html", {"error": error, "next": next_path}, request=request
    )
    return Response.html(html, status=status)


# -- the search page ----------------------------------------------------------------------

SEARCH_PAGE_SIZE = 50
MAX_PAGE = 200


def highlight(text: str, query: str) -> Markup:
    """`text` escaped, with every term of `query` marked (case-insensitively)."""
    terms = sorted({t for t in query.split() if t}, key=len, reverse=True)
    if not terms:
        return Markup.escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    out, last = Markup(), 0
    for m in pattern.finditer(text):
        out += Markup.escape(text[last : m.start()]) + Markup("<mark>{}</mark>").format(m.group())
        last = m.end()
    return out + Markup.escape(text[last:])


async def search(request: Any, datasette: Any) -> Response:
    if request.method != "GET":
        return Response.text("Search is read only: use GET.", status=405)
    db = database(datasette)
    await datasette.ensure_permissions(
        request.actor,
        [("view-table", (db.name, "claims")), ("view-database", db.name), "view-instance"],
    )
    query = " ".join(request.args.get("q", "").split())[:200]
    kind = request.args.get("kind") or None
    verdict = request.args.get("verdict") or None
    page_arg = request.args.get("page", "1")
    page = min(int(page_arg), MAX_PAGE) if re.fullmatch(r"[0-9]{1,6}", page_arg) else 1
    page = max(page, 1)
    results = None
    if query or kind or verdict:
        results = await db.execute_fn(
            lambda conn: search_page(
                conn,
                query,
                kind=kind,
                verdict=verdict,
                limit=SEARCH_PAGE_SIZE,
                offset=(page - 1) * SEARCH_PAGE_SIZE,
            )
        )
        docs = sorted({row["document_id"] for row in results.rows})
        titles = dict(
            (
                await db.execute(
                    f"SELECT id, coalesce(title, path) FROM documents WHERE id IN ({','.join('?' * len(docs))})",
                    docs,
                )
            ).rows
        )
        for row in results.rows:
            row["marked"] = highlight(row["text"], query)
            row["sources"] = json.loads(row["sources"] or "[]")
            row["document"] = titles.get(row["document_id"])

    def link(**change: Any) -> str:
        args = {"q": query, "kind": kind, "verdict": verdict, "page": page} | change
        return "?" + urlencode({k: v for k, v in args.items() if v and v != 1})

    context = {
        "query": query,
        "kind": kind,
        "verdict": verdict,
        "page": page,
        "results": results,
        "link": link,
        "colours": COLOURS,
        "claim_kinds": CLAIM_KINDS,
        "no_verdict": NO_VERDICT,
        "page_size": SEARCH_PAGE_SIZE,
        "max_page": MAX_PAGE,
        "database": db.name,
    }
    return Response.html(
        await datasette.render_template("factcheck_search.html", context, request=request)
    )


# -- the claim page -----------------------------------------------------------------------


# -- archived copies ------------------------------------------------------------------------


async def archived_copy(request: Any, datasette: Any) -> Response:
    from factcheck.archive import read_record
    from factcheck.charset import decode_html
    from factcheck.errors import FactcheckError
    from factcheck.fetch import Decoder, TooLarge

    db = database(datasette)
    capture_id = parse_id(request.url_vars["capture_id"])
    rows = []
    if capture_id is not None:
        rows = (
            await db.execute(
                "SELECT c.*, w.path AS warc_path FROM captures c JOIN warc_files w ON w.id = c.warc_file_id WHERE c.id = ?",
                [capture_id],
            )
        ).rows
    headers = {
        "Content-Security-Policy": "sandbox",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "private, max-age=0",
    }
    if not rows:
        return Response.text("No such capture.", status=404, headers=headers)
    cap = dict(rows[0])
    archive_root = Path(db.path).parent / "archive"
    try:
        record = await asyncio.to_thread(
            read_record, archive_root / cap["warc_path"], cap["warc_offset"], cap["warc_length"]
        )
    except FactcheckError as e:
        return Response.text(f"Cannot read the archived copy: {e}", status=500, headers=headers)
    if request.args.get("view") != "html":
        text = cap["text"] or ""
        head = f"Archived copy of {cap['url']}\nfetched {cap['fetched_at']}, {cap['classification']}, {cap['sha256']}\n\n"
        return Response.text(head + text, headers=headers)
    encoding = next((v for k, v in record.http_headers if k.lower() == "content-encoding"), None)
    try:
        decoder = Decoder(encoding, 20_000_000)
        decoder.feed(record.payload)
    except (TooLarge, Exception):  # a damaged body: show the text instead
        return Response.text(cap["text"] or "", headers=headers)
    decoded = decode_html(
        bytes(decoder.out), cap["content_type"] and f"text/html; charset={cap['charset']}"
    )
    return Response(decoded.text, content_type="text/html; charset=utf-8", headers=headers)


# -- search ---------------------------------------------------------------------------------


WORD_PARAM = "_factcheck_word"  # a short Latin-script term, matched as a whole word


def rewrite_short_search(query_string: str, column: str) -> str:
    """`_search=関係 AI Microsoft` → `_search=Microsoft&text__contains=関係&_factcheck_word=AI`:
    trigram search needs three characters; a shorter Japanese or Chinese term matches
    anywhere, a shorter Latin one as a whole word ("AI" not in "said", as search.py does)."""
    out: list[tuple[str, str]] = []
    for key, value in parse_qsl(query_string, keep_blank_values=True):
        if key != "_search":
            out.append((key, value))
            continue
        terms = value.split()
        long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM]
        if long_terms:
            out.append(("_search", " ".join(long_terms)))
        for t in terms:
            if len(t) < MIN_TRIGRAM:
                out.append(
                    (WORD_PARAM, f"{column}:{t}") if is_latin(t) else (f"{column}__contains", t)
                )
    return urlencode(out)


@hookimpl
def filters_from_request(request: Any, database: str, table: str, datasette: Any) -> Any:
    """The where clause for the whole-word terms `rewrite_short_search` set aside."""
    from datasette.filters import FilterArguments

    column = (config(datasette).get("short_search") or {}).get(table)
    words = [
        v.split(":", 1)[1] for v in request.args.getlist(WORD_PARAM) if v.startswith(f"{column}:")
    ]
    if not column or not words:
        return None
    clauses = [f"factcheck_whole_word([{column}], :fc_word_{i})" for i in range(len(words))]
    params = {f"fc_word_{i}": w for i, w in enumerate(words)}
    human = " and ".join(f'"{w}" as a word' for w in words)
    return FilterArguments(clauses, params=params, human_descriptions=[human])


def _short_search_app(app: Any, datasette: Any) -> Any:
    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") == "http" and b"_search=" in scope.get("query_string", b""):
            parts = scope["path"].strip("/").split("/")
            if len(parts) == 2:
                table = re.sub(r"\.(json|csv)$", "", parts[1])
                column = (config(datasette).get("short_search") or {}).get(table)
                if column:
                    qs = scope["query_string"].decode("utf-8", "replace")
                    scope = {**scope, "query_string": rewrite_short_search(qs, column).encode()}
        await app(scope, receive, send)

    return wrapped


# -- hooks --------------------------------------------------------------------------------


def _quiet_default_exception_handler() -> None:
    """Datasette 0.65.5's default `handle_exception` calls rich's `print_exception`
    whenever rich is importable (typer brings it in). Datasette calls it outside an
    `except` block for its own 404s and 400s, where rich 15 raises, so every 404 and 400
    became a 500; and where it works it prints every local variable, a sign-in form's
    password among them, to the server log. Without rich Datasette's handler answers with
    the right status and logs 500s with a plain traceback."""
    import datasette.handle_exception as default_handler

    if getattr(default_handler, "rich", None) is not None:
        default_handler.rich = None


def _bad_request(request: Any, exception: Exception) -> bool:
    """Whether an exception from Datasette's own views comes from a malformed request:
    Datasette 0.65 answers 500 to `?_sort=nosuchcolumn`, `?_sort=a&_sort_desc=b`,
    `?_next=abc`, `?_timelimit=abc`, `?_through=xx` and the like, and to a CSV export
    that runs past a time limit the request set itself (its JSON twin says 400)."""
    from datasette.database import QueryInterrupted
    from datasette.views.base import DatasetteError

    if isinstance(exception, DatasetteError):
        return exception.status == 500
    if isinstance(exception, QueryInterrupted):
        return True
    if not isinstance(exception, ValueError | KeyError) or not any(
        k.startswith("_") for k in request.args
    ):
        return False
    frames = traceback.extract_tb(exception.__traceback__)
    return any(f.filename.replace("\\", "/").endswith("datasette/views/table.py") for f in frames)


@hookimpl
def handle_exception(datasette: Any, request: Any, exception: Exception) -> Any:
    """Malformed requests get 400, not 500 (this answer is taken before Datasette's).
    Called before Datasette's own handler runs, so that one runs without rich (done here,
    not at import: importing Datasette's handler loads every plugin, this one half-made)."""
    _quiet_default_exception_handler()
    if not _bad_request(request, exception):
        return None

    async def inner() -> Response:
        message = getattr(exception, "message", None) or str(exception)
        info = {"ok": False, "error": f"Bad request: {message}", "status": 400, "title": None}
        if request.path.split("?")[0].endswith(".json"):
            return Response.json(info, status=400)
        template = datasette.jinja_env.select_template(["400.html", "error.html"])
        html = await template.render_async(
            dict(info, urls=datasette.urls, app_css_hash=datasette.app_css_hash(), menu_links=list)
        )
        return Response.html(html, status=400)

    return inner


MAX_FORM_BODY = 10_000_000


def _strict_form_app(app: Any) -> Any:
    """A url-encoded form body that is not UTF-8 gets 400 before anything reads it: the
    CSRF check decodes every form body and raised on such bytes (a 500)."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        headers = dict(scope.get("headers") or []) if scope.get("type") == "http" else {}
        if b"application/x-www-form-urlencoded" not in headers.get(b"content-type", b""):
            await app(scope, receive, send)
            return
        messages, size = [], 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if message["type"] != "http.request" or not message.get("more_body"):
                break
            if size > MAX_FORM_BODY:
                await Response.text("The form is too large.", status=413).asgi_send(send)
                return
        try:
            b"".join(m.get("body", b"") for m in messages).decode("utf-8")
        except UnicodeDecodeError:
            await Response.text("The form is not UTF-8.", status=400).asgi_send(send)
            return
        replay = iter(messages)

        async def replayed() -> Any:
            return next(replay, None) or await receive()

        await app(scope, replayed, send)

    return wrapped


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    return lambda app: _strict_form_app(_short_search_app(app, datasette))


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str) -> None:
    if database == "_internal":
        # Datasette's own catalogue deletes its rows in an order its foreign keys refuse:
        # with them on, every page failed after the schema changed under a running server
        return
    # foreign keys make the writable queries refuse an unknown claim or rating; the busy
    # timeout makes a write wait for the CLI's instead of failing at once
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.create_function("factcheck_whole_word", 2, whole_word, deterministic=True)
    # a page that reads tens of thousands of claims re-reads the same pages: keep up to
    # 256 MiB of them per connection (it grows only as pages are read) and read through
    # mmap rather than a copy per page (15–25% off such pages at a million claims)
    conn.execute("PRAGMA cache_size = -262144")
    conn.execute("PRAGMA mmap_size = 1073741824")


TEMPLATES = Path(__file__).resolve().parent / "templates"


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    # Datasette finds a plugin's templates only beside a package; this plugin is a module
    from jinja2 import ChoiceLoader, FileSystemLoader

    env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(TEMPLATES))])
    env.filters["web_url"] = web_url  # `href` only for http(s): see factcheck.links


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/-/factcheck/search$", search),
        (r"^/-/factcheck/claim/(?P<claim_id>[^/]+)$", claim_page),
        (r"^/-/factcheck/archive/(?P<capture_id>[^/]+)$", archived_copy),
        (r"^/-/factcheck/login$", login),
        (r"^/-/factcheck/queue$", queue_page),
        (r"^/-/factcheck/accuracy$", accuracy_page),
        (r"^/-/factcheck/sources\.json$", source_suggestions),
    ]


CLAIM_TABLES = ("claims", "claim_list")  # one row per claim, as facet_counts counts


class CountedFacet(ColumnFacet):
    """`facets: [{counted: kind}]` in metadata.yml: a column facet of a claims table or
    view that, on a page with no filter and no search, reads the counts the facet_counts
    triggers keep instead of counting every claim; with either it counts like Datasette's
    column facet."""

    type = "counted"

    async def suggest(self) -> list[Any]:
        return []  # the column facet already suggests these columns

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results, timed_out = await self._counts()
        for facet in results:
            if facet["name"] == "verdict":
                facet["results"].append(await self._no_verdict())
        return results, timed_out

    async def _no_verdict(self) -> dict[str, Any]:
        """The claims with no verdict yet, which a column facet leaves out (NULL)."""
        if self._exact_counts():
            rows = await self.ds.execute(
                self.database,
                "SELECT (SELECT coalesce(sum(n), 0) FROM facet_counts WHERE column_name = 'kind')"
                " - (SELECT coalesce(sum(n), 0) FROM facet_counts WHERE column_name = 'verdict')",
            )
        else:
            rows = await self.ds.execute(
                self.database,
                f"SELECT count(*) FROM ({self.sql}) WHERE verdict IS NULL",
                self.params,
            )
        selected = self.request.args.get("verdict__isnull") == "1"
        change = (
            path_with_removed_args(self.request, {"verdict__isnull": "1"})
            if selected
            else path_with_added_args(self.request, {"verdict__isnull": "1"})
        )
        return {
            "value": None,
            "label": "no verdict yet",
            "count": rows.rows[0][0],
            "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(change)),
            "selected": selected,
        }

    def _exact_counts(self) -> bool:
        """Whether facet_counts holds this page's counts: a claims table or view with no
        filter and no search (the claims table only while no claim is retired, since
        the counts leave retired claims out and the table holds them)."""
        return self.table in CLAIM_TABLES and not self.params and " where " not in self.sql.lower()

    async def _counts(self) -> tuple[list[dict[str, Any]], list[str]]:
        if not self._exact_counts():
            return await super().facet_results()
        if (
            self.table == "claims"
            and (
                await self.ds.execute(
                    self.database, "SELECT 1 FROM claims WHERE retired IS NOT NULL LIMIT 1"
                )
            ).rows
        ):
            return await super().facet_results()
        size = self.get_facet_size()
        results = []
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            rows = await self.ds.execute(
                self.database,
                "SELECT value, n FROM facet_counts WHERE column_name = ? AND n > 0"
                " ORDER BY n DESC, value LIMIT ?",
                [column, size + 1],
            )
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "hideable": source_and_config["source"] != "metadata",
                    "toggle_url": self.ds.urls.path(
                        path_with_removed_args(self.request, {f"_facet_{self.type}": column})
                    ),
                    "results": [
                        {
                            "value": value,
                            "label": value,
                            "count": n,
                            "toggle_url": self.ds.absolute_url(
                                self.request,
                                self.ds.urls.path(
                                    path_with_added_args(self.request, {column: value})
                                ),
                            ),
                            "selected": False,
                        }
                        for value, n in rows.rows[:size]
                    ],
                    "truncated": len(rows.rows) > size,
                }
            )
        return results, []


@hookimpl
def register_facet_classes() -> list[type]:
    return [CountedFacet]


@hookimpl
def menu_links(datasette: Any, actor: Any) -> list[dict[str, str]]:
    links = [
        {"href": datasette.urls.path("/-/factcheck/search"), "label": "Search claims"},
        {"href": datasette.urls.path("/-/factcheck/queue"), "label": "My queue"},
        {"href": datasette.urls.path("/-/factcheck/accuracy"), "label": "Extraction accuracy"},
    ]
    if not actor:
        links.append(
            {"href": datasette.urls.path("/-/factcheck/login"), "label": "Sign in to review"}
        )
    return links


def _names_cell(value: Any, table: str, column: str) -> Any:
    """A JSON array of names as a list of links to the claims citing each one."""
    try:
        names = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if not isinstance(names, list):
        return None
    if not names:
        return Markup('<span class="fc-none">none stated</span>')
    links = [
        Markup('<a href="/factcheck/{}?{}">{}</a>').format(
            table, urlencode({f"{column}__arraycontains": str(n)}), str(n)
        )
        for n in names
    ]
    return Markup(", ").join(links)


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str) -> Any:
    if column in ("verdict", "rating", "fidelity") and isinstance(value, str) and value in COLOURS:
        return Markup(
            '<span style="background:{};color:#fff;border-radius:1em;padding:0 .5em">{}</span>'
        ).format(COLOURS[value], value)
    if table in ("claims", "claim_list") and column == "id" and isinstance(value, int):
        return Markup('<a href="/-/factcheck/claim/{0}">{0}</a>').format(value)
    if table in ("claims", "claim_list") and column in ("sources", "source_kinds"):
        return _names_cell(value, table, column)
    if (
        column == "capture_id"
        and isinstance(value, int)
        or (table == "captures" and column == "id" and isinstance(value, int))
    ):
        return Markup('{0} <a href="/-/factcheck/archive/{0}">archived copy</a>').format(value)
    return None
