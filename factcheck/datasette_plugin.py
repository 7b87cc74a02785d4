"""The Datasette plugin of factcheck (entry point `datasette: factcheck`).

Routes
  /-/factcheck/claim/<id>     the claim in its paragraph, its cues and sources, every
                              capture of each source with the passage that best matches
                              the claim, the verdict history, and the verdict form
  /-/factcheck/archive/<id>   an archived copy, read from the WARC: its text, or with
                              ?view=html its HTML under `Content-Security-Policy: sandbox`
                              and with no cookie, so no archived script can ever run on
                              Datasette's origin
  /-/factcheck/search?q=      claims matching words of any length, most check-worthy
                              first, filterable by kind and verdict: fast however many
                              claims match (see factcheck.search)
  /-/factcheck/login          sign-in for reviewers (hashed passwords from the
                              environment) and the one-time link `factcheck serve` prints

Who may record a verdict is the `allow` block of the writable query `record_verdict` in
metadata.yml: the claim page asks Datasette for exactly that permission, so one block
governs both ways of writing. Writes that meet a locked database are retried, and a
write that still fails is shown as failed.

Search for every length of word: the trigram index behind `?_search=` cannot match a
term shorter than three characters, so such terms are rewritten, before Datasette sees
the request, into a `contains` filter on the column named in metadata.yml
(`plugins: factcheck: short_search: {table: column}`).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.facets import ColumnFacet
from datasette.utils import path_with_added_args, path_with_removed_args
from datasette.utils.asgi import Response
from markupsafe import Markup

from factcheck.classify import CLAIM_KINDS
from factcheck.scale import COLOURS
from factcheck.search import MIN_TRIGRAM, NO_VERDICT, search_page

PBKDF2_ITERATIONS = 260_000
WRITE_ATTEMPTS = 4
_used_tokens: set[str] = set()


# -- configuration ------------------------------------------------------------------------


def _config(datasette: Any) -> dict[str, Any]:
    return datasette.plugin_config("factcheck") or {}


def _database(datasette: Any) -> Any:
    name = _config(datasette).get("database", "factcheck")
    if name in datasette.databases:
        return datasette.databases[name]
    return next(db for n, db in datasette.databases.items() if n not in ("_internal", "_memory"))


# -- passwords ----------------------------------------------------------------------------


def hash_password(
    password: str, salt: str | None = None, iterations: int = PBKDF2_ITERATIONS
) -> str:
    """`pbkdf2_sha256$iterations$salt$hash`, the format Django and datasette-auth-passwords use."""
    salt = salt or secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${base64.b64encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        algorithm, iterations, salt, _ = stored.split("$", 3)
    except ValueError:
        return False
    if algorithm != "pbkdf2_sha256":
        return False
    return hmac.compare_digest(hash_password(password, salt, int(iterations)), stored)


def reviewers() -> dict[str, tuple[str, str]]:
    """name → (role, hash), from FACTCHECK_REVIEWERS ("name:role:hash" separated by
    newlines or semicolons) and the file named by FACTCHECK_REVIEWERS_FILE."""
    text = os.environ.get("FACTCHECK_REVIEWERS", "")
    path = os.environ.get("FACTCHECK_REVIEWERS_FILE")
    if path and Path(path).exists():
        text += "\n" + Path(path).read_text(encoding="utf-8")
    out = {}
    for line in re.split(r"[;\n]", text):
        parts = line.strip().split(":", 2)
        if len(parts) == 3 and parts[0] and not line.lstrip().startswith("#"):
            out[parts[0]] = (parts[1] or "reviewer", parts[2])
    return out


def add_reviewer(path: Path, name: str, role: str, password: str) -> None:
    """Add or replace an account in a reviewers file (owner-only permissions)."""
    from factcheck.errors import InvalidValue

    if not re.fullmatch(r"[A-Za-z0-9_.@-]{1,64}", name):
        raise InvalidValue("a reviewer name is letters, digits and _ . @ - only")
    if role not in ("reviewer", "admin"):
        raise InvalidValue("role must be reviewer or admin")
    if len(password) < 8:
        raise InvalidValue("a password needs at least 8 characters")
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.read_text().splitlines() if path.exists() else []
    lines = [ln for ln in old if not ln.startswith(name + ":")]
    path.write_text("\n".join([*lines, f"{name}:{role}:{hash_password(password)}"]) + "\n")
    path.chmod(0o600)


def _sign_in(datasette: Any, response: Response, actor: dict[str, Any]) -> Response:
    response.set_cookie(
        "ds_actor", datasette.sign({"a": actor}, "actor"), httponly=True, samesite="lax"
    )
    return response


async def login(request: Any, datasette: Any) -> Response:
    token = request.args.get("token")
    expected = os.environ.get("FACTCHECK_LOGIN_TOKEN")
    if token is not None:
        if expected and token not in _used_tokens and hmac.compare_digest(token, expected):
            _used_tokens.add(token)  # a sign-in link works once
            actor = {"id": os.environ.get("FACTCHECK_LOGIN_ACTOR") or "local", "role": "admin"}
            return _sign_in(datasette, Response.redirect("/"), actor)
        return await _login_page(
            datasette, request, "That sign-in link is not valid (it works once).", 403
        )
    if request.method == "POST":
        form = dict(parse_qsl((await request.post_body()).decode("utf-8"), keep_blank_values=True))
        name = form.get("username", "")
        account = reviewers().get(name)
        if account and verify_password(form.get("password", ""), account[1]):
            return _sign_in(
                datasette,
                Response.redirect(form.get("next") or "/"),
                {"id": name, "role": account[0]},
            )
        return await _login_page(datasette, request, "Wrong name or password.", 403)
    return await _login_page(datasette, request, None, 200)


async def _login_page(datasette: Any, request: Any, error: str | None, status: int) -> Response:
    html = await datasette.render_template(
        "factcheck_login.html",
        {"error": error, "next": request.args.get("next") or "/"},
        request=request,
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
    db = _database(datasette)
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
        for row in results.rows:
            row["marked"] = highlight(row["text"], query)
            row["sources"] = json.loads(row["sources"] or "[]")

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


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"\s+", "", text.casefold())
    return {text[i : i + 2] for i in range(len(text) - 1)}


def best_passage(claim: str, text: str | None) -> tuple[str, float] | None:
    """The paragraph of a captured page that best matches the claim (character-bigram
    overlap, which works across Japanese, Chinese and English without a tokenizer)."""
    if not text:
        return None
    want = _bigrams(claim)
    best = None
    for para in (p.strip() for p in text.split("\n")):
        if len(para) < 8:
            continue
        got = _bigrams(para)
        score = len(want & got) / (len(want) or 1)
        if best is None or score > best[1]:
            best = (para, score)
    return best if best and best[1] >= 0.2 else None


async def _may_review(datasette: Any, actor: Any, db_name: str) -> bool:
    if not actor:
        return False
    return bool(
        await datasette.permission_allowed(
            actor, "view-query", resource=(db_name, "record_verdict"), default=False
        )
    )


async def claim_page(request: Any, datasette: Any) -> Response:
    db = _database(datasette)
    claim_id = int(request.url_vars["claim_id"])
    rows = (
        await db.execute(
            "SELECT c.*, d.text AS doc_text, d.title AS doc_title, d.path AS doc_path FROM claims c"
            " JOIN documents d ON d.id = c.document_id WHERE c.id = ?",
            [claim_id],
        )
    ).rows
    if not rows:
        return Response.html(
            await datasette.render_template(
                "factcheck_claim.html", {"missing": claim_id}, request=request
            ),
            status=404,
        )
    claim = dict(rows[0])
    message, status = None, 200
    if request.method == "POST":
        message, status = await _record(request, datasette, db, claim_id)
    context = await _claim_context(datasette, db, claim)
    context |= {
        "message": message,
        "may_review": await _may_review(datasette, request.actor, db.name),
        "actor": request.actor,
    }
    return Response.html(
        await datasette.render_template("factcheck_claim.html", context, request=request),
        status=status,
    )


async def _claim_context(datasette: Any, db: Any, claim: dict[str, Any]) -> dict[str, Any]:
    text = claim.pop("doc_text")
    start, end = claim["start"], claim["end"]
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    paragraph = Markup("{}<mark>{}</mark>{}").format(
        text[para_start:start], text[start:end], text[end:para_end]
    )
    before = (
        await db.execute(
            'SELECT text FROM claims WHERE document_id = ? AND "end" <= ? ORDER BY start DESC LIMIT 1',
            [claim["document_id"], para_start],
        )
    ).rows
    after = (
        await db.execute(
            "SELECT text FROM claims WHERE document_id = ? AND start >= ? ORDER BY start LIMIT 1",
            [claim["document_id"], para_end],
        )
    ).rows
    citations = [
        dict(r)
        for r in (
            await db.execute(
                "SELECT ci.*, s.name, s.kind, s.aliases, s.url AS home_url, s.cited_url, s.description, s.reviewed,"
                " cf.fidelity FROM citations ci JOIN sources s ON s.id = ci.source_id"
                " LEFT JOIN current_fidelity cf ON cf.citation_id = ci.id"
                " WHERE ci.claim_id = ? AND coalesce(ci.status, '') != 'rejected' ORDER BY ci.inferred, ci.id",
                [claim["id"]],
            )
        ).rows
    ]
    for c in citations:
        caps = (
            await db.execute(
                "SELECT c.id, c.url, c.final_url, c.status, c.classification, c.reason, c.fetched_at, c.sha256,"
                " c.title, c.text, c.wayback FROM captures c"
                " WHERE c.source_id = ? OR c.url IN (?, ?) ORDER BY c.id DESC LIMIT 10",
                [c["source_id"], c["url"] or "", c["cited_url"] or ""],
            )
        ).rows
        c["aliases"] = json.loads(c["aliases"] or "[]")
        c["via"] = json.loads(c["via"] or "[]")
        c["captures"] = []
        for cap in caps:
            cap = dict(cap)
            cap["passage"] = best_passage(claim["text"], cap.pop("text"))
            c["captures"].append(cap)
    history = [
        dict(r)
        for r in (
            await db.execute(
                "SELECT v.*, s.reviewer AS signed_off_by FROM verdicts v LEFT JOIN signoffs s ON s.verdict_id = v.id"
                " WHERE v.claim_id = ? ORDER BY v.id",
                [claim["id"]],
            )
        ).rows
    ]
    ratings = [
        dict(r)
        for r in (await db.execute("SELECT name, label FROM ratings ORDER BY position")).rows
    ]
    return {
        "claim": claim,
        "paragraph": paragraph,
        "before": before[0][0] if before else None,
        "after": after[0][0] if after else None,
        "citations": citations,
        "history": history,
        "ratings": ratings,
        "database": db.name,
    }


async def _record(request: Any, datasette: Any, db: Any, claim_id: int) -> tuple[str, int]:
    """A verdict from the claim page's form, written with retries when the database is
    locked; the reviewer is the signed-in actor and the time is the server's."""
    if not await _may_review(datasette, request.actor, db.name):
        return "Sign in as a reviewer to record a verdict.", 403
    form = dict(parse_qsl((await request.post_body()).decode("utf-8"), keep_blank_values=True))
    ratings = {r[0] for r in (await db.execute("SELECT name FROM ratings")).rows}
    rating = form.get("rating", "")
    if rating not in ratings:
        return f"Unknown rating {rating!r}.", 400
    evidence = form.get("evidence_url", "").strip() or None
    if evidence and not re.match(r"^https?://", evidence):
        return "Evidence must be an http(s) URL.", 400
    capture = form.get("capture_id", "").strip()
    params = [
        claim_id,
        rating,
        form.get("note", "").strip() or None,
        str(request.actor["id"]),
        evidence,
        int(capture) if capture.isdigit() else None,
    ]
    sql = (
        "INSERT INTO verdicts (claim_id, rating, note, reviewer, evidence_url, capture_id, as_of)"
        " VALUES (?, ?, ?, ?, ?, ?, date('now'))"
    )
    for attempt in range(WRITE_ATTEMPTS):
        try:
            await db.execute_write(sql, params)
            return f"Recorded: {rating}.", 200
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e):
                return f"The verdict was not recorded: {e}", 500
            await asyncio.sleep(0.2 * 2**attempt)
        except sqlite3.DatabaseError as e:
            return f"The verdict was not recorded: {e}", 400
    return "The verdict was not recorded: the database stayed locked. Try again.", 503


# -- archived copies ------------------------------------------------------------------------


async def archived_copy(request: Any, datasette: Any) -> Response:
    from factcheck.archive import read_record
    from factcheck.errors import FactcheckError
    from factcheck.fetch import Decoder, TooLarge
    from factcheck.pages import decode_html

    db = _database(datasette)
    rows = (
        await db.execute(
            "SELECT c.*, w.path AS warc_path FROM captures c JOIN warc_files w ON w.id = c.warc_file_id WHERE c.id = ?",
            [int(request.url_vars["capture_id"])],
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


def rewrite_short_search(query_string: str, column: str) -> str:
    """`_search=関係 Microsoft` → `_search=Microsoft&text__contains=関係`."""
    out: list[tuple[str, str]] = []
    for key, value in parse_qsl(query_string, keep_blank_values=True):
        if key != "_search":
            out.append((key, value))
            continue
        terms = value.split()
        long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM]
        if long_terms:
            out.append(("_search", " ".join(long_terms)))
        out += [(f"{column}__contains", t) for t in terms if len(t) < MIN_TRIGRAM]
    return urlencode(out)


def _short_search_app(app: Any, datasette: Any) -> Any:
    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") == "http" and b"_search=" in scope.get("query_string", b""):
            parts = scope["path"].strip("/").split("/")
            if len(parts) == 2:
                table = re.sub(r"\.(json|csv)$", "", parts[1])
                column = (_config(datasette).get("short_search") or {}).get(table)
                if column:
                    qs = scope["query_string"].decode("utf-8", "replace")
                    scope = {**scope, "query_string": rewrite_short_search(qs, column).encode()}
        await app(scope, receive, send)

    return wrapped


# -- hooks --------------------------------------------------------------------------------


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    return lambda app: _short_search_app(app, datasette)


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    # foreign keys make the writable queries refuse an unknown claim or rating; the busy
    # timeout makes a write wait for the CLI's instead of failing at once
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
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


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/-/factcheck/search$", search),
        (r"^/-/factcheck/claim/(?P<claim_id>\d+)$", claim_page),
        (r"^/-/factcheck/archive/(?P<capture_id>\d+)$", archived_copy),
        (r"^/-/factcheck/login$", login),
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
        if self.table not in CLAIM_TABLES or self.params or " where " in self.sql.lower():
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
    links = [{"href": datasette.urls.path("/-/factcheck/search"), "label": "Search claims"}]
    if not actor:
        links.append(
            {"href": datasette.urls.path("/-/factcheck/login"), "label": "Sign in to review"}
        )
    return links


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str) -> Any:
    if column in ("verdict", "rating", "fidelity") and isinstance(value, str) and value in COLOURS:
        return Markup(
            '<span style="background:{};color:#fff;border-radius:1em;padding:0 .5em">{}</span>'
        ).format(COLOURS[value], value)
    if table in ("claims", "claim_list") and column == "id" and isinstance(value, int):
        return Markup('<a href="/-/factcheck/claim/{0}">{0}</a>').format(value)
    if (
        column == "capture_id"
        and isinstance(value, int)
        or (table == "captures" and column == "id" and isinstance(value, int))
    ):
        return Markup('{0} <a href="/-/factcheck/archive/{0}">archived copy</a>').format(value)
    return None
