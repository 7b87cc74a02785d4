"""The Datasette plugin of factcheck (entry point `datasette: factcheck`).

Search for every length of word: the trigram index behind `?_search=` cannot match a
term shorter than three characters, so such terms are rewritten, before Datasette sees
the request, into a `contains` filter on the column named in metadata.yml
(`plugins: factcheck: short_search: {table: column}`). Longer terms stay full-text.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl

from factcheck.search import MIN_TRIGRAM


def rewrite_short_search(query_string: str, column: str) -> str:
    """`_search=関係 Microsoft` → `_search=Microsoft&text__contains=関係`."""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    out: list[tuple[str, str]] = []
    for key, value in pairs:
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
            config = datasette.plugin_config("factcheck") or {}
            parts = scope["path"].strip("/").split("/")
            if len(parts) == 2:
                table = (
                    parts[1].rsplit(".", 1)[0] if parts[1].endswith((".json", ".csv")) else parts[1]
                )
                column = (config.get("short_search") or {}).get(table)
                if column:
                    qs = scope["query_string"].decode("utf-8", "replace")
                    new = rewrite_short_search(qs, column).encode()
                    if new != scope["query_string"]:
                        scope = {**scope, "query_string": new}
        await app(scope, receive, send)

    return wrapped


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    return lambda app: _short_search_app(app, datasette)
