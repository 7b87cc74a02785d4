"""The one URL validator: every URL that may be fetched passes through `check_url()`
first, whether a user typed it (fetch, ingest, sources set-url), a page linked to it
(ingest of HTML) or a server redirected to it.

A URL is taken when it is http or https, has a host that is a DNS name (IDNA: non-ASCII
names become A-labels, `xn--` labels must decode), a bracketed IPv6 address, or an IPv4
address in any spelling the WHATWG URL standard accepts (`0177.0.0.1`, `0x7f.1`,
`2130706433`), which is rewritten to its dotted form so that the address rules see the
address a browser would connect to; and a port in range. Anything else is refused with
one line saying why, as `InvalidURL`.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit, urlunsplit

import idna

from factcheck.errors import InvalidURL

_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
_NUMBER = re.compile(r"^(?:0[xX][0-9a-fA-F]*|[0-9]+)$")
_BAD_CHARS = re.compile(r"[\x00-\x20\x7f<>\"\\^`{|}]")


def check_url(url: str) -> str:
    """The URL, normalised (scheme and host lower-case, host as IDNA A-labels, IPv4 in
    dotted form); raises InvalidURL with the reason when it cannot be fetched."""
    if not isinstance(url, str) or not url.strip():
        raise InvalidURL("empty URL")
    url = url.strip()
    shown = _shown(url)
    if re.search(r"[\x00-\x1f\x7f]", url):
        raise InvalidURL(f"{shown}: control characters in the URL")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise InvalidURL(f"{shown}: {e}") from None
    if _BAD_CHARS.search(parts.netloc):
        raise InvalidURL(f"{shown}: the host part has spaces or characters a URL cannot hold")
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidURL(
            f"{shown}: refused scheme {parts.scheme or '(none)'}: only http and https are fetched"
        )
    raw_host = parts.netloc.rpartition("@")[2]
    if raw_host.startswith("["):
        host = "[" + _ipv6(raw_host[1 : raw_host.find("]")], shown) + "]"
    else:
        host = _host(parts.hostname or "", shown)
    netloc = host if port is None else f"{host}:{port}"
    if "@" in parts.netloc:
        netloc = parts.netloc.rpartition("@")[0] + "@" + netloc
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))


def _shown(url: str) -> str:
    text = url.encode("unicode_escape").decode("ascii")
    return repr(text[:200] + ("…" if len(text) > 200 else ""))


def _ipv6(text: str, shown: str) -> str:
    try:
        return ipaddress.IPv6Address(text.split("%", 1)[0]).compressed
    except ValueError:
        raise InvalidURL(f"{shown}: {text!r} is not an IPv6 address") from None


def _host(host: str, shown: str) -> str:
    host = host.rstrip(".") if host.endswith(".") and host != "." else host
    if not host:
        raise InvalidURL(f"{shown}: no host")
    labels = host.split(".")
    if _NUMBER.match(labels[-1]):  # WHATWG: a host ending in a number is an IPv4 address
        return _ipv4(labels, shown)
    if not host.isascii():
        try:
            host = idna.encode(host, uts46=True, transitional=False).decode("ascii")
        except (idna.IDNAError, UnicodeError) as e:
            raise InvalidURL(f"{shown}: host is not a valid international name: {e}") from None
        labels = host.split(".")
    if len(host) > 253:
        raise InvalidURL(f"{shown}: host name longer than 253 characters")
    for label in labels:
        if not _LABEL.match(label):
            raise InvalidURL(f"{shown}: {label!r} is not a valid host name label")
        if label.startswith("xn--"):
            try:
                idna.decode(label)
            except (idna.IDNAError, UnicodeError) as e:
                raise InvalidURL(f"{shown}: {label!r} is not a valid IDNA label: {e}") from None
    return host


def _ipv4(labels: list[str], shown: str) -> str:
    """The WHATWG IPv4 parser: up to four parts, each decimal, octal (leading 0) or hex
    (0x), the last filling the remaining bytes."""
    if len(labels) > 4 or any(not p for p in labels):
        raise InvalidURL(f"{shown}: {'.'.join(labels)!r} is not an IPv4 address")
    numbers = []
    for part in labels:
        try:
            if part[:2].lower() == "0x":
                numbers.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part.startswith("0"):
                numbers.append(int(part[1:], 8))
            else:
                numbers.append(int(part, 10))
        except ValueError:
            raise InvalidURL(f"{shown}: {'.'.join(labels)!r} is not an IPv4 address") from None
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        raise InvalidURL(f"{shown}: {'.'.join(labels)!r} is out of the IPv4 range")
    value = last
    for i, n in enumerate(head):
        value += n << (8 * (3 - i))
    return str(ipaddress.IPv4Address(value))
