"""The command line: each command parses its options, calls one library function and
renders the result. The only module that imports typer.

Errors are one line on stderr: `Error: …`, exit code 1 for what the library refuses
(a wrong id, a bad file), 2 for a usage error (an unknown option, a missing or
malformed argument). Help is plain text with every default shown, and lists the
commands in the order of the work (`WORKFLOW`)."""

from __future__ import annotations

import csv
import functools
import json
import os
import socket
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import sqlite_utils
import typer
from typer.core import TyperGroup

from factcheck import __version__
from factcheck import db as database_module
from factcheck.errors import FactcheckError
from factcheck.scale import DEFAULT_RATINGS, FIDELITY_LEVELS

WORKFLOW = [
    "demo",
    "ingest",
    "claims",
    "search",
    "sources",
    "resolve",
    "link",
    "fetch",
    "captures",
    "archive",
    "serve",
    "reviewers",
    "verdict",
    "fidelity",
    "signoff",
    "attribution",
    "claim",
    "workflow",
    "report",
    "config",
    "db",
    "export-gold",
    "eval",
    "version",
]


# typer's own click (vendored since 0.2x) or the click package: found from an exported class
_CLICK_ERRORS = {c.__name__: c for c in typer.BadParameter.__mro__}
UsageError: type[Exception] = _CLICK_ERRORS["UsageError"]
ClickException: type[Exception] = _CLICK_ERRORS["ClickException"]


class CommandLine(TyperGroup):
    """factcheck's top-level group: commands in workflow order, usage errors in one line."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: WORKFLOW.index(n) if n in WORKFLOW else len(WORKFLOW))

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            check_utf8(sys.argv[1:] if args is None else args)
            result = super().main(
                args, prog_name, complete_var, False, windows_expand_args, **extra
            )
            code = result if isinstance(result, int) else 0
        except UsageError as e:
            code = getattr(e, "exit_code", 2)
            ctx = getattr(e, "ctx", None)
            if type(e).__name__ == "NoArgsIsHelpError":  # a bare group: its help
                typer.echo(e.format_message())  # type: ignore[attr-defined]
            else:
                see = f" (see {ctx.command_path} --help)" if ctx is not None else ""
                say(f"Error: {e.format_message()}{see}", err=True)  # type: ignore[attr-defined]
        except ClickException as e:
            code = getattr(e, "exit_code", 1)
            say(f"Error: {e.format_message()}", err=True)  # type: ignore[attr-defined]
        except typer.Abort:
            say("Aborted.", err=True)
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code


def check_utf8(args: Any) -> None:
    """Arguments are text stored as UTF-8: bytes that are not UTF-8 (which Python hands on
    as lone surrogates) are a usage error, not a traceback from SQLite or the encoder."""
    for arg in args:
        try:
            str(arg).encode("utf-8")
        except UnicodeEncodeError:
            raw = str(arg).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            raise usage_error(f"argument '{raw}' is not valid UTF-8 text") from None


def one_of(scale: list[tuple[Any, ...]]) -> str:
    names = [row[0] for row in scale]
    return ", ".join(names[:-1]) + " or " + names[-1]


def usage_error(message: str) -> Exception:
    """A usage error: `Error: …` and exit code 2, like an unknown option."""
    return UsageError(message)


def typer_app(**kwargs: Any) -> typer.Typer:
    # plain help: Rich markup would swallow "[default: …]" in help texts
    return typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False, **kwargs)


app = typer_app(
    cls=CommandLine,
    help="Turn articles into a reviewable claim–source database: ingest, review, report.",
    no_args_is_help=True,
    add_completion=False,
)
sources_app = typer_app(help="List, merge and edit sources.", invoke_without_command=True)
app.add_typer(sources_app, name="sources")
archive_app = typer_app(help="The WARC archive under db/archive/.", no_args_is_help=True)
app.add_typer(archive_app, name="archive")
reviewers_app = typer_app(
    help="Reviewer accounts for the Datasette review UI.", no_args_is_help=True
)
app.add_typer(reviewers_app, name="reviewers")
db_app = typer_app(help="The SQLite database file.", no_args_is_help=True)
app.add_typer(db_app, name="db")
attribution_app = typer_app(
    help="Correct a claim's sources (append-only, the extraction kept).", no_args_is_help=True
)
app.add_typer(attribution_app, name="attribution")
claim_app = typer_app(
    help="Correct what is a claim: kind, demote, promote, split, merge.", no_args_is_help=True
)
app.add_typer(claim_app, name="claim")
workflow_app = typer_app(
    help="Review workflow: status, assignment, comments, queues.", no_args_is_help=True
)
app.add_typer(workflow_app, name="workflow")

DbOption = Annotated[
    Path | None,
    typer.Option("--db", envvar="FACTCHECK_DB", help="SQLite database [default: db/factcheck.db]"),
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, json or csv")]
ExcelOption = Annotated[
    bool, typer.Option("--excel", help="CSV for Excel: a UTF-8 byte-order mark first")
]
RegistryOption = Annotated[
    Path | None,
    typer.Option(
        help="Source registry YAML [default: $FACTCHECK_REGISTRY, else claims/sources.yml"
        " in the current folder, else the bundled one]"
    ),
]
F = TypeVar("F", bound=Callable[..., Any])


_opened: list[sqlite_utils.Database] = []


def open_db(path: str | Path | None = None, *, create: bool = True) -> sqlite_utils.Database:
    """The command's database; closed (and checkpointed, if it wrote) when the command ends."""
    db = database_module.open_db(path, create=create)
    _opened.append(db)
    return db


def close_databases() -> None:
    while _opened:
        database_module.close_db(_opened.pop())


def handle_errors(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            try:
                return fn(*args, **kwargs)
            finally:
                close_databases()  # a copied db file then holds every committed write
        except FactcheckError as e:
            say(f"Error: {e}", err=True)
            raise typer.Exit(1) from None
        except sqlite3.Error as e:  # a locked, full or damaged database file
            say(f"Error: database: {e}", err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted.", err=True)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


# C0 controls and DEL as their Unicode pictures (ESC → ␛, BEL → ␇), C1 as U+FFFD: article
# text must not reach a terminal as escape sequences
_CONTROLS = {c: 0x2400 + c for c in range(0x20)} | {0x7F: 0x2421}
_CONTROLS |= {c: 0xFFFD for c in range(0x80, 0xA0)}
_CONTROLS_IN_JSON = {c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)}  # json.dumps escapes C0


def shown(value: Any, keep: str = "") -> str:
    """Text safe to print: control characters made visible (except those in `keep`)."""
    text = "" if value is None else str(value)
    return text.translate({c: v for c, v in _CONTROLS.items() if chr(c) not in keep})


def say(message: str, err: bool = False) -> None:
    """One line to the terminal, whatever the message holds (a newline in a file name)."""
    typer.echo(shown(message), err=err)


def render(rows: list[dict[str, Any]], fmt: str, columns: list[str], excel: bool = False) -> None:
    from factcheck.report.csv_export import BOM, spreadsheet_cell

    if excel and fmt != "csv":
        raise FactcheckError("--excel is for --format csv")
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2).translate(_CONTROLS_IN_JSON))
    elif fmt == "csv":
        if excel:
            sys.stdout.write(BOM)
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: spreadsheet_cell(shown(v, "\t\n\r")) for k, v in row.items()})
    elif fmt == "table":
        typer.echo(table(rows, columns))
    else:
        raise FactcheckError(f"unknown format {fmt!r}: choose table, json or csv")


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _cut(s: str, width: int) -> str:
    out, w = "", 0
    for c in s:
        cw = _width(c)
        if w + cw > width - 1:
            return out + "…"
        out, w = out + c, w + cw
    return out


def table(rows: list[dict[str, Any]], columns: list[str], max_width: int = 60) -> str:
    cells = [
        [
            _cut(shown(" ".join(str(r.get(c) if r.get(c) is not None else "").split())), max_width)
            for c in columns
        ]
        for r in rows
    ]
    widths = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(
            v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)
        ).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    return "\n".join(out)


@app.command()
@handle_errors
def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="Text (.txt, .md) or HTML files, or http(s) URLs")
    ],
    db: DbOption = None,
    registry: RegistryOption = None,
    workers: Annotated[
        int | None, typer.Option(help="Processes for reading and extraction")
    ] = None,
    allow_private: Annotated[
        bool, typer.Option(help="Allow fetching from private addresses")
    ] = False,
    max_size: Annotated[
        float, typer.Option(min=0.001, help="Largest file to read, in MB (a file, not a URL)")
    ] = 8.0,
) -> None:
    """Split documents into claims and store each with the sources it cites.

    Example: factcheck ingest claims/openai-board-crisis.ja.txt https://example.com/story
    """
    from factcheck.ingest import ingest_many
    from factcheck.sources import Registry

    reg = Registry.load(registry)
    database = open_db(db)
    failed = 0
    urls = [p for p in paths if str(p).startswith(("http://", "https://"))]
    files = [Path(p) for p in paths if p not in urls]
    results: list[tuple[Any, Any]] = []
    if urls:
        from factcheck.archive import Archive, archive_dir
        from factcheck.captures import Capturer, Options
        from factcheck.fetch import Policy
        from factcheck.ingest import ingest_url

        capturer = Capturer(
            database,
            Archive(database, archive_dir(_db_path(db))),
            Policy(allow_private=allow_private),
            Options(wayback=False),
        )
        for url in urls:
            try:
                results.append((url, ingest_url(database, url, reg, capturer)))
            except FactcheckError as e:
                results.append((url, e))
    max_bytes = int(max_size * 1024 * 1024)
    for _path, r in [*results, *ingest_many(database, files, reg, workers, max_bytes)]:
        if isinstance(r, FactcheckError):
            say(f"Error: {r}", err=True)
            failed += 1
            continue
        say(
            f"{r.path}: {r.status} (document {r.document_id}, {r.lang}, {r.encoding}):"
            f" {r.claims} claims, {r.citations} citations, {r.references} reference entries"
        )
    if failed:
        raise typer.Exit(1)


@app.command()
@handle_errors
def claims(
    db: DbOption = None,
    fmt: FormatOption = "table",
    document: Annotated[int | None, typer.Option(help="Only this document id")] = None,
    search: Annotated[str | None, typer.Option("--search", "-q", help="Full-text search")] = None,
    excel: ExcelOption = False,
) -> None:
    """List claims with their sources and current verdicts.

    Example: factcheck claims --format table
    """
    from factcheck.report import read as report
    from factcheck.search import search_claims

    database = open_db(db, create=False)
    rows = list(report.claims(database, document))
    if search:
        hits = {h["id"] for h in search_claims(database, search, limit=10_000)}
        rows = [r for r in rows if r["id"] in hits]
    if fmt == "json":
        render(rows, fmt, [])
        return
    flat = [
        {
            **r,
            "sources": "; ".join(s["name"] for s in r["sources"] if not s["inferred"]),
            "cue": "; ".join(s["cue"] or "" for s in r["sources"] if not s["inferred"]),
            "verdict": r["verdict"]["rating"] if r["verdict"] else "",
        }
        for r in rows
    ]
    render(flat, fmt, ["id", "kind", "sources", "verdict", "text"], excel)


@sources_app.callback()
@handle_errors
def sources(
    ctx: typer.Context, db: DbOption = None, fmt: FormatOption = "table", excel: ExcelOption = False
) -> None:
    """List the sources cited in the database (subcommands: merge, set-url).

    Example: factcheck sources --format json
    """
    if ctx.invoked_subcommand:
        ctx.obj = db
        return
    from factcheck.report import read as report

    rows = report.sources(open_db(db, create=False))
    if fmt != "json":
        rows = [
            {
                **r,
                "aliases": ", ".join(r["aliases"][:4]),
                "reviewed": "yes" if r["reviewed"] else "no",
            }
            for r in rows
        ]
    render(
        rows,
        fmt,
        ["id", "name", "kind", "claims", "reviewed", "url", "cited_url", "aliases"],
        excel,
    )


@sources_app.command("merge")
@handle_errors
def sources_merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="Source to keep (name or id)")],
    absorb: Annotated[str, typer.Argument(help="Source merged into it (name or id)")],
    db: DbOption = None,
) -> None:
    """Merge source B into source A: its citations and aliases move to A.

    Example: factcheck sources merge "Sam Altman" "サム"
    """
    from factcheck.sources import merge_sources

    r = merge_sources(open_db(db or ctx.obj, create=False), keep, absorb)
    typer.echo(f"Merged {r['merged']} into {r['kept']}: {r['citations_moved']} citations moved")


@sources_app.command("set-url")
@handle_errors
def sources_set_url(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Source name or id")],
    url: Annotated[str, typer.Argument(help="http(s) URL")],
    db: DbOption = None,
) -> None:
    """Attach a URL to a source.

    Example: factcheck sources set-url "The Information" https://www.theinformation.com/articles/x
    """
    from factcheck.sources import set_source_url

    url = set_source_url(open_db(db or ctx.obj, create=False), source, url)
    typer.echo(f"{source}: {url} (queued: `factcheck fetch` captures it)")


@app.command()
@handle_errors
def verdict(
    claim_id: Annotated[int, typer.Argument(help="Claim id")],
    rating: Annotated[
        str | None,
        typer.Argument(help="true, mostly-true, mixed, mostly-false, false, unverifiable"),
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Reviewer [default: $USER]")] = None,
    evidence: Annotated[str | None, typer.Option(help="Evidence URL")] = None,
    capture: Annotated[int | None, typer.Option(help="Evidence: a capture id")] = None,
    as_of: Annotated[
        str | None, typer.Option(help="Date the verdict holds for (YYYY-MM-DD) [default: today]")
    ] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Show the claim's verdict history")
    ] = False,
    db: DbOption = None,
) -> None:
    """Record a truth verdict on a claim (append-only), or show its history.

    Example: factcheck verdict 7 false --note "The post says closed source" --by reviewer1
    """
    from factcheck import verdicts

    if rating is None and not history:
        raise usage_error(
            f"add a rating to record a verdict on claim {claim_id} ({one_of(DEFAULT_RATINGS)}),"
            " or --history to list its verdicts"
        )
    if history and rating is not None:
        raise usage_error("give a rating or --history, not both")
    database = open_db(db, create=False)
    if history or rating is None:  # None only with --history
        rows = verdicts.history(database, claim_id)
        render(
            rows,
            "table",
            [
                "id",
                "created_at",
                "as_of",
                "rating",
                "reviewer",
                "note",
                "evidence_url",
                "capture_id",
            ],
        )
        return
    row = verdicts.record_verdict(
        database,
        claim_id,
        rating,
        reviewer=reviewer_name(by),
        note=note,
        evidence_url=evidence,
        capture_id=capture,
        as_of=as_of,
    )
    typer.echo(
        f"Claim {claim_id}: {row['rating']} as of {row['as_of']} by {row['reviewer']} at {row['created_at']}"
        f" (verdict {row['id']})"
    )


def reviewer_name(by: str | None) -> str:
    return by or os.environ.get("USER") or "cli"


@app.command()
@handle_errors
def fidelity(
    citation_id: Annotated[int, typer.Argument(help="Citation id (a claim–source link)")],
    level: Annotated[
        str | None,
        typer.Argument(
            help="supported, partly-supported, not-supported, misquoted, mistranslated, source-unavailable"
        ),
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Reviewer [default: $USER]")] = None,
    evidence: Annotated[str | None, typer.Option(help="Evidence URL")] = None,
    capture: Annotated[int | None, typer.Option(help="Evidence: a capture id")] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Show the citation's fidelity history")
    ] = False,
    db: DbOption = None,
) -> None:
    """Record whether the cited source says what the claim says it does (append-only).

    Example: factcheck fidelity 12 mistranslated --note "His post said closed source" --by reviewer1
    """
    from factcheck import verdicts

    if level is None and not history:
        raise usage_error(
            f"add a level to record the fidelity of citation {citation_id}"
            f" ({one_of(FIDELITY_LEVELS)}), or --history to list its fidelity verdicts"
        )
    if history and level is not None:
        raise usage_error("give a level or --history, not both")
    database = open_db(db, create=False)
    if history or level is None:  # None only with --history
        rows = verdicts.fidelity_history(database, citation_id)
        render(
            rows,
            "table",
            ["id", "created_at", "fidelity", "reviewer", "note", "evidence_url", "capture_id"],
        )
        return
    row = verdicts.record_fidelity(
        database,
        citation_id,
        level,
        reviewer=reviewer_name(by),
        note=note,
        evidence_url=evidence,
        capture_id=capture,
    )
    typer.echo(
        f"Citation {citation_id}: {row['fidelity']} by {row['reviewer']} (fidelity verdict {row['id']})"
    )


@app.command()
@handle_errors
def signoff(
    verdict_id: Annotated[int, typer.Argument(help="Verdict id")],
    by: Annotated[str | None, typer.Option("--by", help="Second reviewer [default: $USER]")] = None,
    note: Annotated[str | None, typer.Option(help="Comment")] = None,
    db: DbOption = None,
) -> None:
    """Sign off a verdict as its second reviewer (required for publication when the
    setting require_second_review is on).

    Example: factcheck signoff 3 --by editor1
    """
    from factcheck.verdicts import sign_off

    row = sign_off(open_db(db, create=False), verdict_id, reviewer=reviewer_name(by), note=note)
    typer.echo(f"Verdict {verdict_id}: signed off by {row['reviewer']}")


@app.command()
@handle_errors
def config(
    key: Annotated[str | None, typer.Argument(help="Setting to show or set")] = None,
    value: Annotated[str | None, typer.Argument(help="New value")] = None,
    db: DbOption = None,
) -> None:
    """Show or change project settings (require_second_review, organization, …).

    Example: factcheck config require_second_review on
    """
    from factcheck.db import SETTINGS, get_setting, set_setting

    database = open_db(db)
    if key and value is not None:
        set_setting(database, key, value)
    keys = [key] if key else list(SETTINGS)
    render(
        [
            {"key": k, "value": get_setting(database, k) or "", "meaning": SETTINGS.get(k, "?")}
            for k in keys
        ],
        "table",
        ["key", "value", "meaning"],
    )


@app.command()
@handle_errors
def link(
    action: Annotated[str, typer.Argument(help="confirm or reject")],
    suggestion: Annotated[
        str, typer.Argument(help="A suggested citation's id, or url:ID for a resolved URL")
    ],
    db: DbOption = None,
) -> None:
    """Confirm or reject a suggested link: a claim to a reference-list entry (CITATION_ID),
    or a URL `factcheck resolve` proposed for a cited work (url:ID; confirmed, it is
    queued for `factcheck fetch`).

    Example: factcheck link confirm 42
    """
    from factcheck.linking import review_suggestion
    from factcheck.resolve import review_candidate

    if action not in ("confirm", "reject"):
        raise FactcheckError(f"unknown action {action!r}: use confirm or reject")
    database = open_db(db, create=False)
    if suggestion.lower().startswith("url:") and suggestion[4:].isdigit():
        c = review_candidate(database, int(suggestion[4:]), action == "confirm")
        queued = " (queued: `factcheck fetch` captures it)" if action == "confirm" else ""
        typer.echo(f"URL {c['url']}: {c['status']}{queued}")
        return
    if not suggestion.isdigit():
        raise FactcheckError(f"not a citation id or url:ID: {suggestion!r}")
    r = review_suggestion(database, int(suggestion), action == "confirm")
    typer.echo(f"Citation {r['citation']}: {r['status']}")


@app.command()
@handle_errors
def resolve(
    document: Annotated[int | None, typer.Option(help="Only this document id")] = None,
    searx: Annotated[
        str | None,
        typer.Option(envvar="FACTCHECK_SEARX_URL", help="A SearXNG instance's base URL"),
    ] = None,
    cdx_base: Annotated[
        str, typer.Option(help="Wayback Machine base URL (CDX API and archived copies)")
    ] = "https://web.archive.org",
    allow_private: Annotated[
        bool, typer.Option(help="Allow private and loopback addresses (a local SearXNG)")
    ] = False,
    deadline: Annotated[float, typer.Option(help="Seconds each look-up may take")] = 30.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the candidates as JSON")] = False,
    registry: RegistryOption = None,
    db: DbOption = None,
) -> None:
    """Propose URLs for cited works that have a title but no URL (Wayback CDX, the
    outlet's sitemaps and feeds, an optional SearXNG); nothing is captured until a
    reviewer confirms one with `factcheck link confirm url:ID`.

    Example: factcheck resolve --searx http://127.0.0.1:8888
    """
    from factcheck.fetch import Policy
    from factcheck.resolve import Settings
    from factcheck.resolve import resolve as run_resolve
    from factcheck.sources import Registry

    database = open_db(db, create=False)
    report = run_resolve(
        database,
        Registry.load(registry),
        Settings(cdx_base=cdx_base, searx_url=searx),
        Policy(allow_private=allow_private, deadline=deadline, attempts=2, delay=0.5),
        document,
    )
    if as_json:
        typer.echo(json.dumps(resolve_rows(report), ensure_ascii=False, indent=2))
    else:
        for r in report.resolved:
            outlet = r.wanted.outlet
            where = f"{outlet.name}, {', '.join(outlet.domains)}" if outlet else "no outlet"
            typer.echo(f"work {r.wanted.work_id} ({where}): {r.wanted.titles[0]}")
            for cid, c in zip(r.ids, r.candidates, strict=True):
                typer.echo(f"  url:{cid}  {c.score:.2f}  {c.url}  ({'; '.join(c.evidence)})")
            if not r.candidates:
                typer.echo("  no candidate")
    for note in report.unreachable:
        typer.echo(f"unreachable: {note}", err=True)
    for note in report.problems:
        typer.echo(f"skipped: {note}", err=True)
    found = sum(len(r.candidates) for r in report.resolved)
    typer.echo(
        f"{found} candidates for {len(report.resolved)} works;"
        " confirm one with: factcheck link confirm url:ID",
        err=True,
    )
    if report.offline:
        raise typer.Exit(1)


def resolve_rows(report: Any) -> list[dict[str, Any]]:
    return [
        {
            "work_id": r.wanted.work_id,
            "titles": r.wanted.titles,
            "outlet": r.wanted.outlet.name if r.wanted.outlet else None,
            "domains": list(r.wanted.outlet.domains) if r.wanted.outlet else [],
            "candidates": [
                {
                    "id": cid,
                    "url": c.url,
                    "title": c.title,
                    "score": c.score,
                    "method": c.method,
                    "evidence": c.evidence,
                }
                for cid, c in zip(r.ids, r.candidates, strict=True)
            ],
        }
        for r in report.resolved
    ]


@app.command()
@handle_errors
def report(
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help="markdown, html, json, csv, claimreview or csl-json"),
    ] = "markdown",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File [default: stdout]")
    ] = None,
    document: Annotated[int | None, typer.Option(help="Only this document id")] = None,
    reviewed_only: Annotated[
        bool, typer.Option("--reviewed-only", help="Only claims with a published verdict")
    ] = False,
    excel: ExcelOption = False,
    db: DbOption = None,
) -> None:
    """Export the citation report.

    Example: factcheck report --format html -o report.html
    """
    from factcheck.report import write_report

    database = open_db(db, create=False)
    if output is None:
        write_report(database, fmt, sys.stdout, document, reviewed_only, excel)
        return
    tmp = output.with_name(output.name + ".part")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as out:
            write_report(database, fmt, out, document, reviewed_only, excel)
        tmp.replace(output)  # a failed report never leaves a half-written file
    finally:
        tmp.unlink(missing_ok=True)
    typer.echo(f"Wrote {output}", err=True)


def _db_path(db: Path | None) -> Path:
    from factcheck.db import default_db_path

    return db or default_db_path()


@app.command()
@handle_errors
def fetch(
    urls: Annotated[
        list[str] | None, typer.Argument(help="URLs to capture (registered as sources if new)")
    ] = None,
    refetch: Annotated[bool, typer.Option(help="Capture again; report what changed")] = False,
    allow_private: Annotated[
        bool, typer.Option(help="Allow private and loopback addresses")
    ] = False,
    ignore_robots: Annotated[
        list[str] | None, typer.Option(help="Ignore robots.txt for this URL")
    ] = None,
    concurrency: Annotated[int, typer.Option(help="Requests at once, overall")] = 8,
    delay: Annotated[float, typer.Option(help="Seconds between requests to one host")] = 1.0,
    deadline: Annotated[float, typer.Option(help="Seconds a whole request may take")] = 60.0,
    wayback: Annotated[
        bool, typer.Option(help="Fall back to the Wayback Machine for dead URLs")
    ] = True,
    wayback_base: Annotated[
        str, typer.Option(help="Wayback availability API base URL")
    ] = "https://archive.org",
    dead_after: Annotated[int, typer.Option(help="Failures before a URL counts as dead")] = 3,
    dead_span: Annotated[
        float, typer.Option(help="…spread over at least this many seconds")
    ] = 86400.0,
    connect_to: Annotated[
        list[str] | None,
        typer.Option(help="HOST:PORT:ADDR:PORT2: connect there instead (as curl does)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON")] = False,
    registry: RegistryOption = None,
    db: DbOption = None,
) -> None:
    """Capture every cited URL not yet captured, as WARC with text and metadata; exits 1
    with a summary when any URL failed.

    Example: factcheck fetch https://www.theinformation.com/articles/...
    """
    from factcheck.archive import Archive, archive_dir
    from factcheck.captures import Capturer, Options, captured, register_url, targets
    from factcheck.errors import InvalidURL
    from factcheck.fetch import Policy
    from factcheck.sources import Registry
    from factcheck.urls import check_url

    path = _db_path(db)
    database = open_db(path)
    invalid = 0
    if urls:
        reg = Registry.load(registry)
        done = set() if refetch else captured(database)  # a rerun resumes: nothing twice
        work = []
        for u in dict.fromkeys(urls):
            try:
                check_url(u)
            except InvalidURL as e:  # one bad URL is refused; the others are captured
                typer.echo(f"Error: {e}", err=True)
                invalid += 1
                continue
            if u not in done:
                work.append(register_url(database, u, reg))
    else:
        work = targets(database, refetch)
    if not work:
        if invalid:
            raise typer.Exit(1)
        typer.echo(
            "Nothing to capture: every cited URL has a capture (use --refetch to capture again)."
        )
        return
    policy = Policy(
        allow_private=allow_private,
        ignore_robots_for=frozenset(ignore_robots or ()),
        connect_to=frozenset(connect_to or ()),
        concurrency=concurrency,
        delay=delay,
        deadline=deadline,
    )
    options = Options(
        refetch=refetch,
        wayback=wayback,
        wayback_base=wayback_base,
        dead_after=dead_after,
        dead_span=dead_span,
    )
    counts: dict[str, int] = {}
    with typer.progressbar(length=len(work), label="Capturing", file=sys.stderr) as bar:

        def progress(row: dict[str, Any]) -> None:
            counts[row["classification"]] = counts.get(row["classification"], 0) + 1
            bar.label = (
                "Capturing (" + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + ")"
            )
            bar.update(1)

        summary = Capturer(
            database, Archive(database, archive_dir(path)), policy, options, on_result=progress
        ).run(work)
    rows = [
        {k: v for k, v in r.items() if k not in ("text", "headers", "diff")}
        for r in summary.captures
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        typer.echo(
            table(rows, ["id", "classification", "failure", "status", "url", "title", "reason"])
        )
    typer.echo(fetch_summary(summary, invalid), err=as_json)
    if summary.failed or invalid:
        raise typer.Exit(1)


def fetch_summary(summary: Any, invalid: int = 0) -> str:
    """One line: what was captured, what failed and why, what another run had."""
    good = {k: v for k, v in summary.outcomes.items() if k not in ("error", "skipped")}
    line = f"captured {sum(good.values())}"
    if good:
        line += " (" + ", ".join(f"{k} {v}" for k, v in sorted(good.items())) + ")"
    why = dict(summary.failures)
    if invalid:
        why["invalid-url"] = why.get("invalid-url", 0) + invalid
    if why:
        line += (
            f", failed {sum(why.values())} ("
            + ", ".join(f"{k} {v}" for k, v in sorted(why.items()))
            + ")"
        )
    if summary.skipped:
        line += f", left to another run {len(summary.skipped)}"
    return line


@app.command()
@handle_errors
def captures(db: DbOption = None, fmt: FormatOption = "table", excel: ExcelOption = False) -> None:
    """List captures: URL, status, charset, title, classification, WARC place.

    Example: factcheck captures --format json
    """
    from factcheck.archive import archive_dir
    from factcheck.captures import list_captures

    path = _db_path(db)
    rows = list_captures(open_db(path, create=False), archive_dir(path))
    render(
        rows,
        fmt,
        ["id", "classification", "failure", "status", "charset", "url", "title", "error"],
        excel,
    )


@archive_app.command("verify")
@handle_errors
def archive_verify(db: DbOption = None) -> None:
    """Re-read every WARC record, check its digests, and check every capture's offset.

    Example: factcheck archive verify
    """
    from factcheck.archive import archive_dir, verify_archive

    path = _db_path(db)
    files, rows, problems = verify_archive(open_db(path, create=False), archive_dir(path))
    for p in problems:
        typer.echo(p)
    typer.echo(f"{files} WARC files, {rows} captures checked: {len(problems)} problems")
    if problems:
        raise typer.Exit(1)


@db_app.command("checkpoint")
@handle_errors
def db_checkpoint(db: DbOption = None) -> None:
    """Copy every committed write from the WAL into the database file and empty the WAL, so
    the file alone can be copied (every writing command also checkpoints when it ends).

    Example: factcheck db checkpoint
    """
    busy, frames, done = database_module.checkpoint(open_db(db, create=False))
    if busy:
        raise FactcheckError(
            f"checkpoint incomplete: a reader kept {frames - done} of {frames} WAL pages; try again"
        )
    typer.echo(f"{_db_path(db)}: checkpointed {done} WAL pages; the file holds every write")


@archive_app.command("export")
@handle_errors
def archive_export(
    wacz: Annotated[
        Path, typer.Option("--wacz", help="The WACZ file to write (ReplayWeb.page, pywb)")
    ],
    db: DbOption = None,
) -> None:
    """Write the archive as one WACZ: the WARC files, their index, and a pages.jsonl with
    every good capture's URL, time, title and text; validated before it is kept.

    Example: factcheck archive export --wacz captures.wacz
    """
    from factcheck.archive import archive_dir
    from factcheck.wacz_export import export_wacz

    path = _db_path(db)
    done = export_wacz(open_db(path, create=False), archive_dir(path), wacz)
    typer.echo(
        f"{done.path}: {done.pages} pages from {done.warc_files} WARC files,"
        f" {done.size:,} bytes (validated)"
    )


@app.command()
@handle_errors
def search(
    query: Annotated[str, typer.Argument(help="Words to find; any length, any script")],
    kind: Annotated[str | None, typer.Option(help="Only claims of this kind")] = None,
    verdict: Annotated[
        str | None, typer.Option(help="Only claims with this current verdict, or none")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many claims to list")] = 50,
    db: DbOption = None,
    fmt: FormatOption = "table",
    excel: ExcelOption = False,
) -> None:
    """Search claims by text, most check-worthy first; the number of matches goes to stderr.

    Example: factcheck search 関係者 --kind quote
    """
    from factcheck.search import search_page

    found = search_page(
        open_db(db, create=False).conn, query, kind=kind, verdict=verdict, limit=limit
    )
    render(found.rows, fmt, ["id", "kind", "checkworthiness", "verdict", "text"], excel)
    typer.echo(f"{found.total} claims match", err=True)


def datasette_command(db: Path | None, host: str, port: int, metadata: Path | None) -> list[str]:
    from factcheck.bundled import data_path
    from factcheck.db import default_db_path

    path = db or default_db_path()
    metadata = metadata or data_path("metadata.yml")
    if not metadata.is_file():
        raise FactcheckError(f"no Datasette metadata file at {metadata}")
    database_module.close_db(database_module.open_db(path))  # migrates before Datasette opens it
    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(path),
        "--metadata",
        str(metadata),
        "--host",
        host,
        "--port",
        str(port),
        "--setting",
        "suggest_facets",
        "off",  # ~0.5 s a table page at 100k rows
    ]


@app.command()
@handle_errors
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8001,
    metadata: Annotated[
        Path | None,
        typer.Option(help="Datasette metadata YAML [default: the bundled metadata.yml]"),
    ] = None,
) -> None:
    """Review in Datasette, configured by metadata.yml; prints a one-time sign-in link.

    Example: factcheck serve --port 8001
    """
    import secrets

    cmd = datasette_command(db, host, port, metadata)
    check_port_free(host, port)  # before a sign-in link that would lead to someone else's server
    token = secrets.token_urlsafe(24)
    env = {
        **os.environ,
        "FACTCHECK_LOGIN_TOKEN": token,
        "FACTCHECK_LOGIN_ACTOR": reviewer_name(None),
    }
    accounts = reviewers_file(db)
    if accounts.exists():
        env.setdefault("FACTCHECK_REVIEWERS_FILE", str(accounts))
    typer.echo(f"Serving http://{host}:{port}/ (Ctrl-C to stop)")
    typer.echo(
        f"Sign in as {env['FACTCHECK_LOGIN_ACTOR']} (works once): http://{host}:{port}/-/factcheck/login?token={token}"
    )
    sys.stdout.flush()
    close_databases()  # what this command (or demo) wrote is in the file before Datasette starts
    # become Datasette rather than wait for it, so that a signal to this process (Ctrl-C, a
    # supervisor's SIGTERM) reaches the server and no orphaned server keeps the port
    os.execve(cmd[0], cmd, env)


def check_port_free(host: str, port: int) -> None:
    """FactcheckError unless a server could listen on host:port now (with SO_REUSEADDR, as
    Datasette's server binds)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError) as e:
        raise FactcheckError(f"cannot serve on {host!r}: {e}") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as e:
            raise FactcheckError(
                f"cannot serve on {host}:{port}: {e.strerror} (another server there? choose --port)"
            ) from None


def reviewers_file(db: Path | None) -> Path:
    return _db_path(db).parent / "reviewers.txt"


@reviewers_app.command("add")
@handle_errors
def reviewers_add(
    name: Annotated[str, typer.Argument(help="Reviewer name (the actor id on verdicts)")],
    role: Annotated[str, typer.Option(help="reviewer or admin")] = "reviewer",
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)
    ] = "",
    db: DbOption = None,
) -> None:
    """Add a reviewer account (a salted PBKDF2 hash in db/reviewers.txt, read by serve).

    Example: factcheck reviewers add alice --role reviewer
    """
    from factcheck.accounts import add_reviewer

    add_reviewer(reviewers_file(db), name, role, password)
    typer.echo(
        f"{name} ({role}) can sign in at /-/factcheck/login once factcheck serve is restarted"
    )


@reviewers_app.command("hash")
@handle_errors
def reviewers_hash(
    password: Annotated[
        str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)
    ] = "",
) -> None:
    """Print a password hash, for FACTCHECK_REVIEWERS="name:role:hash;…" on a server.

    Example: factcheck reviewers hash
    """
    from factcheck.accounts import hash_password

    typer.echo(hash_password(password))


@app.command()
@handle_errors
def demo(
    db: DbOption = None,
    port: Annotated[int, typer.Option(help="Port")] = 8001,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Ingest and report, do not serve")
    ] = False,
    registry: RegistryOption = None,
) -> None:
    """The main job: ingest the bundled article, archive its cited URLs, write reports, serve Datasette.

    Example: factcheck demo
    """
    from factcheck.ingest import ingest as ingest_one
    from factcheck.report import write_report
    from factcheck.sources import Registry

    database = open_db(db)
    from factcheck.bundled import data_path

    reg = Registry.load(registry)
    for path in sorted(data_path("demo").glob("*.txt")):
        r = ingest_one(database, path, reg)
        typer.echo(
            f"ingested {path.name}: {r.status}, {r.claims} claims, {r.citations} citations,"
            f" {r.references} reference entries"
        )
    from factcheck.archive import Archive, archive_dir
    from factcheck.captures import Capturer, Options, targets
    from factcheck.fetch import Policy

    work = targets(database)
    if work:
        typer.echo(f"archiving {len(work)} cited URLs …")
        policy = Policy(deadline=20.0, attempts=1)
        summary = Capturer(
            database, Archive(database, archive_dir(_db_path(db))), policy, Options(wayback=False)
        ).run(work)
        typer.echo(
            "archived: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.outcomes.items()))
        )
    else:
        typer.echo(
            "archive: no cited URLs to capture (the bundled article's references give no URLs)"
        )
    from factcheck.resolve import Settings
    from factcheck.resolve import resolve as run_resolve

    found = run_resolve(
        database, reg, Settings(), Policy(deadline=10.0, attempts=1, connect_timeout=5.0)
    )
    if found.offline:
        typer.echo(
            f"resolve: offline ({found.unreachable[0]}); run `factcheck resolve` when online"
            f" to propose URLs for {len(found.resolved)} works cited by title"
        )
    else:
        n = sum(len(r.candidates) for r in found.resolved)
        typer.echo(
            f"resolve: {n} candidate URLs for {len(found.resolved)} works cited by title"
            " (`factcheck resolve` lists them; `factcheck link confirm url:ID` accepts one)"
        )
    out_dir = _db_path(db).parent
    for fmt, name in (("json", "report.json"), ("markdown", "report.md")):
        with (out_dir / name).open("w", encoding="utf-8") as out:
            write_report(database, fmt, out)
        typer.echo(f"wrote {out_dir / name}")
    if not no_serve:
        serve(db=db, host="127.0.0.1", port=port, metadata=None)


@app.command("eval")
@handle_errors
def eval_(
    golds: Annotated[
        list[Path] | None, typer.Argument(help="Gold files (x.gold.json beside x.txt)")
    ] = None,
    reviewed: Annotated[
        bool,
        typer.Option("--reviewed", help="Score every reviewed document of the database instead"),
    ] = False,
    document: Annotated[
        int | None, typer.Option(help="With --reviewed: only this document id")
    ] = None,
    registry: Annotated[Path | None, typer.Option(help="Source registry YAML")] = None,
    min_f1: Annotated[float | None, typer.Option(help="Exit 1 if any F1 is below this")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    db: DbOption = None,
) -> None:
    """Score extraction against annotated gold files, or with --reviewed against the
    documents reviewers corrected (precision, recall, F1).

    Example: factcheck eval tests/data/gold/*.gold.json
    """
    from factcheck.evaluate import document_for, evaluate_document

    if reviewed == bool(golds):
        raise FactcheckError("give gold files or --reviewed, not both (nor neither)")
    if reviewed:
        from factcheck.gold import evaluate_reviewed

        scored = evaluate_reviewed(open_db(db, create=False), registry, document)
        if not scored:
            raise FactcheckError(
                "no reviewed document: mark every claim of a document done"
                " (factcheck workflow status ID done), or name one with --document"
            )
        results = [s.rules for s in scored]
        if as_json:
            typer.echo(
                json.dumps(
                    [
                        {"document": s.document, "title": s.title, "lang": s.lang}
                        | s.rules.as_dict()
                        | {"corrected_state_f1": s.stored.f1}
                        for s in scored
                    ],
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            for s in scored:
                typer.echo(f"== document {s.document} ({s.lang}): {s.title or ''}")
                typer.echo("\n".join(s.rules.lines()))
                typer.echo(f"corrected state as stored: F1 {s.stored.f1:.2f}")
    else:
        results = [evaluate_document(document_for(g), g, registry) for g in golds or []]
        if as_json:
            typer.echo(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
        else:
            for r in results:
                typer.echo(f"== {r.gold}")
                typer.echo("\n".join(r.lines()))
    if not as_json and len(results) > 1:
        right = sum(r.attributed_right for r in results)
        p_den = right + sum(r.spurious for r in results)
        total = sum(r.attributed for r in results)
        p, rc = (right / p_den if p_den else 0.0), (right / total if total else 0.0)
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
        typer.echo(
            f"== all {len(results)} documents: attribution precision {p:.2f} recall {rc:.2f} F1 {f1:.2f}"
        )
    if min_f1 is not None and any(r.f1 < min_f1 for r in results):
        raise typer.Exit(1)


# -- corrections (factcheck.corrections) ------------------------------------------------------

ByOption = Annotated[str | None, typer.Option("--by", help="Reviewer [default: $USER]")]
KindOption = Annotated[
    str | None,
    typer.Option(help="Kind of a new source: outlet, person, organization, anonymous, unnamed"),
]
CueOption = Annotated[str | None, typer.Option(help="The words that cite the source")]
ViaOption = Annotated[
    str | None, typer.Option(help="Outlets that passed it on, nearest first, comma-separated")
]


def _registry(path: Path | None = None) -> Any:
    from factcheck.sources import Registry

    return Registry.load(path)


@attribution_app.command("add")
@handle_errors
def attribution_add(
    claim_id: Annotated[int, typer.Argument(help="Claim id")],
    source: Annotated[str, typer.Argument(help="Source name or id (known, registry, or new)")],
    kind: KindOption = None,
    cue: CueOption = None,
    via: ViaOption = None,
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Add a source the claim cites.

    Example: factcheck attribution add 12 Reuters --cue "according to"
    """
    from factcheck.corrections import add_source

    n = add_source(
        open_db(db, create=False),
        claim_id,
        source,
        actor=reviewer_name(by),
        kind=kind,
        cue=cue,
        via=via,
        registry=_registry(),
    )
    typer.echo(f"Claim {claim_id}: cites {source} (correction {n})")


@attribution_app.command("remove")
@handle_errors
def attribution_remove(
    claim_id: Annotated[int, typer.Argument(help="Claim id")],
    source: Annotated[str, typer.Argument(help="Source name or id")],
    reason: Annotated[str | None, typer.Option(help="Why")] = None,
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Remove a wrong source from a claim.

    Example: factcheck attribution remove 12 "The Information" --reason "cited in the next sentence"
    """
    from factcheck.corrections import remove_source

    n = remove_source(
        open_db(db, create=False), claim_id, source, actor=reviewer_name(by), reason=reason
    )
    typer.echo(f"Claim {claim_id}: no longer cites {source} (correction {n})")


@attribution_app.command("replace")
@handle_errors
def attribution_replace(
    claim_id: Annotated[int, typer.Argument(help="Claim id")],
    old: Annotated[str, typer.Argument(help="The wrong source")],
    new: Annotated[str, typer.Argument(help="The right one (known, registry, or new)")],
    kind: KindOption = None,
    cue: CueOption = None,
    via: ViaOption = None,
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Replace a wrong source by the right one (cue and chain kept unless given).

    Example: factcheck attribution replace 12 "情報" "The Information"
    """
    from factcheck.corrections import replace_source

    replace_source(
        open_db(db, create=False),
        claim_id,
        old,
        new,
        actor=reviewer_name(by),
        kind=kind,
        cue=cue,
        via=via,
        registry=_registry(),
    )
    typer.echo(f"Claim {claim_id}: {old} replaced by {new}")


@attribution_app.command("set")
@handle_errors
def attribution_set(
    claim_id: Annotated[int, typer.Argument(help="Claim id")],
    source: Annotated[str, typer.Argument(help="Source name or id")],
    cue: CueOption = None,
    via: ViaOption = None,
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Set the cue and the chain (via) of a source the claim cites.

    Example: factcheck attribution set 12 "The Information" --via Reuters
    """
    from factcheck.corrections import set_attribution

    set_attribution(
        open_db(db, create=False), claim_id, source, actor=reviewer_name(by), cue=cue, via=via
    )
    typer.echo(f"Claim {claim_id}: {source} updated")


@attribution_app.command("history")
@handle_errors
def attribution_history(
    claim_id: Annotated[int, typer.Argument(help="Claim id")], db: DbOption = None
) -> None:
    """Show what extraction found for a claim and every correction since.

    Example: factcheck attribution history 12
    """
    from factcheck.corrections import extraction, history

    database = open_db(db, create=False)
    found = extraction(database, claim_id)
    typer.echo(
        f"Extraction: {found['origin'] or 'extracted'}, {found['kind']}; sources: "
        + (
            "; ".join(f"{s['name']} ({s['kind']}, “{s['cue'] or ''}”)" for s in found["sources"])
            or "none"
        )
    )
    render(
        history(database, claim_id),
        "table",
        [
            "id",
            "created_at",
            "actor",
            "action",
            "source",
            "cue",
            "via",
            "kind",
            "reason",
            "related",
        ],
    )


@claim_app.command("kind")
@handle_errors
def claim_kind(
    claim_id: Annotated[int, typer.Argument(help="Claim id")],
    kind: Annotated[
        str, typer.Argument(help="event, statistic, quote, intent, prediction or denial")
    ],
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Change a claim's kind.

    Example: factcheck claim kind 12 statistic
    """
    from factcheck.corrections import set_kind

    set_kind(open_db(db, create=False), claim_id, kind, actor=reviewer_name(by))
    typer.echo(f"Claim {claim_id}: {kind}")


@claim_app.command("demote")
@handle_errors
def claim_demote(
    claim_id: Annotated[int, typer.Argument(help="Claim id")],
    reason: Annotated[str, typer.Option(help="Why it is not a claim")],
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Demote a claim to document structure (it leaves search and reports).

    Example: factcheck claim demote 12 --reason "a heading"
    """
    from factcheck.corrections import demote

    demote(open_db(db, create=False), claim_id, actor=reviewer_name(by), reason=reason)
    typer.echo(f"Claim {claim_id}: demoted")


@claim_app.command("restore")
@handle_errors
def claim_restore(
    claim_id: Annotated[int, typer.Argument(help="Claim id")],
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Make a demoted claim a claim again.

    Example: factcheck claim restore 12
    """
    from factcheck.corrections import restore

    restore(open_db(db, create=False), claim_id, actor=reviewer_name(by))
    typer.echo(f"Claim {claim_id}: restored")


@claim_app.command("promote")
@handle_errors
def claim_promote(
    segment_id: Annotated[int, typer.Argument(help="Segment id (see the segments table)")],
    kind: Annotated[str, typer.Option(help="The claim's kind")] = "event",
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Promote a stored segment (a sentence taken for structure) to a claim.

    Example: factcheck claim promote 7 --kind statistic
    """
    from factcheck.corrections import promote

    new = promote(
        open_db(db, create=False),
        segment_id,
        actor=reviewer_name(by),
        kind=kind,
        registry=_registry(),
    )
    typer.echo(f"Segment {segment_id}: now claim {new}")


@claim_app.command("split")
@handle_errors
def claim_split(
    claim_id: Annotated[int, typer.Argument(help="Claim id")],
    at: Annotated[
        str,
        typer.Option(help="Where the second part starts: its first words, or a character offset"),
    ],
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Split a claim in two; each part keeps the sources cited in it.

    Example: factcheck claim split 12 --at "The company also said"
    """
    from factcheck.corrections import split

    first, second = split(open_db(db, create=False), claim_id, at, actor=reviewer_name(by))
    typer.echo(f"Claim {claim_id}: split into {first} and {second}")


@claim_app.command("merge")
@handle_errors
def claim_merge(
    first: Annotated[int, typer.Argument(help="Claim id")],
    second: Annotated[int, typer.Argument(help="The neighbouring claim's id")],
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Merge two neighbouring claims into one, with the sources of both.

    Example: factcheck claim merge 12 13
    """
    from factcheck.corrections import merge

    new = merge(open_db(db, create=False), first, second, actor=reviewer_name(by))
    typer.echo(f"Claims {first} and {second}: merged into {new}")


# -- workflow (factcheck.workflow) ---------------------------------------------------------


@workflow_app.command("status")
@handle_errors
def workflow_status(
    claim_id: Annotated[int, typer.Argument(help="Claim id")],
    status: Annotated[
        str, typer.Argument(help="unstarted, in-progress, needs-second-review, done")
    ],
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Set a claim's review status.

    Example: factcheck workflow status 12 done
    """
    from factcheck.workflow import set_status

    set_status(open_db(db, create=False), claim_id, status, actor=reviewer_name(by))
    typer.echo(f"Claim {claim_id}: {status}")


@workflow_app.command("assign")
@handle_errors
def workflow_assign(
    claim_id: Annotated[int, typer.Argument(help="Claim id")],
    reviewer: Annotated[str, typer.Argument(help="Reviewer name, or - to unassign")],
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Assign a claim to a reviewer.

    Example: factcheck workflow assign 12 alice
    """
    from factcheck.workflow import assign

    who = None if reviewer == "-" else reviewer
    assign(open_db(db, create=False), claim_id, who, actor=reviewer_name(by))
    typer.echo(f"Claim {claim_id}: assigned to {who or 'nobody'}")


@workflow_app.command("comment")
@handle_errors
def workflow_comment(
    claim_id: Annotated[int, typer.Argument(help="Claim id")],
    text: Annotated[str, typer.Argument(help="The comment")],
    by: ByOption = None,
    db: DbOption = None,
) -> None:
    """Comment on a claim.

    Example: factcheck workflow comment 12 "The figure is from the 2023 report"
    """
    from factcheck.workflow import comment

    n = comment(open_db(db, create=False), claim_id, text, actor=reviewer_name(by))
    typer.echo(f"Claim {claim_id}: comment {n}")


@workflow_app.command("show")
@handle_errors
def workflow_show(
    claim_id: Annotated[int, typer.Argument(help="Claim id")], db: DbOption = None
) -> None:
    """A claim's status changes, assignments and comments, oldest first.

    Example: factcheck workflow show 12
    """
    from factcheck.workflow import events

    render(
        events(open_db(db, create=False), claim_id),
        "table",
        ["created_at", "actor", "type", "value"],
    )


@workflow_app.command("queue")
@handle_errors
def workflow_queue(
    reviewer: Annotated[str | None, typer.Argument(help="Reviewer [default: $USER]")] = None,
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Claims assigned to a reviewer and not done, most check-worthy first.

    Example: factcheck workflow queue alice
    """
    from factcheck.workflow import queue

    rows = queue(open_db(db, create=False), reviewer_name(reviewer))
    render(rows, fmt, ["id", "status", "checkworthiness", "kind", "document", "text"])


@app.command("export-gold")
@handle_errors
def export_gold(
    document: Annotated[
        int | None, typer.Option(help="Only this document id (reviewed or not)")
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder")] = Path("gold"),
    db: DbOption = None,
) -> None:
    """Write each reviewed document's corrected state as a gold file for factcheck eval.

    Example: factcheck export-gold --document 1 -o gold/ && factcheck eval gold/document-1.ja.gold.json
    """
    from factcheck.gold import export_gold as write_gold

    written = write_gold(open_db(db, create=False), output, document)
    if not written:
        raise FactcheckError(
            "no reviewed document: mark every claim of a document done, or name one with --document"
        )
    for path in written:
        typer.echo(f"Wrote {path}")


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(f"factcheck {__version__}")
