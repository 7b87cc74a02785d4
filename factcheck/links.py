"""Which URLs may become links: only http and https, whoever wrote them.

Ingested HTML, reviewers' evidence and the registry all supply URLs; a `javascript:` or
`data:` URL rendered as `href` runs in the reader's session. Every place that turns a
stored URL into a link asks `web_url()` first and shows anything else as text.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from factcheck.errors import InvalidURL
from factcheck.urls import check_url


def web_url(url: object) -> str | None:
    """`url` if it is an http(s) URL that `factcheck.urls.check_url` accepts (a host, no
    whitespace or control characters), else None."""
    if not isinstance(url, str) or url != url.strip():
        return None
    try:
        check_url(url)
    except InvalidURL:
        return None
    return url


def same_origin_path(target: object, default: str = "/") -> str:
    """A redirect target that stays on this site: a path starting with one `/` (not
    `//host`, not `/\\host`, which browsers read as another host), else `default`."""
    if not isinstance(target, str) or not target.startswith("/") or len(target) > 2000:
        return default
    if target.startswith(("//", "/\\")) or "\\" in target:
        return default
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return default
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else default
