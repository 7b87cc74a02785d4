"""Fetching cited pages with httpx: safely, politely, and with the bytes as received.

Safety. Only http and https. Every connection, the first and each redirect's, is checked
after DNS resolution: the address must be globally routable (no private, loopback,
link-local, metadata, shared, reserved or multicast address, in IPv4 or IPv6, including
mapped and embedded forms such as ::ffff:127.0.0.1, 2130706433 and 127.1, which the
resolver turns into 127.0.0.1), and the socket connects to exactly the address checked.
Connect, read and whole-request deadlines (a server that drips a byte at a time is cut
off at the deadline); a cap on the raw and on the decoded body, enforced while
decompressing, so a gzip bomb cannot blow up memory; a redirect limit and loop check.

Politeness. A User-Agent naming the tool and a contact URL; robots.txt per host (RFC 9309
via Protego; 401/403 disallow, other 4xx allow, 5xx or unreachable disallow); bounded
concurrency overall and per host, with a delay between requests to a host; Retry-After
honoured on 429 and 503 (capped), exponential backoff with jitter for 5xx and network
errors, no retry for other 4xx.

The HTTP client is injectable (`transport=`), one client per run; its connection pool
keeps connections to a host alive between requests. Under it the sockets are asyncio's
own streams (`AsyncioBackend`), not anyio's: the same httpcore errors for the same faults,
for less CPU a request.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
import ipaddress
import random
import select
import socket
import ssl
import sys
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from protego import Protego

from factcheck import __version__, urls
from factcheck.errors import InvalidURL

if importlib.util.find_spec("sniffio") is None:
    # httpcore imports sniffio each time it takes a lock, six times a request; when it is
    # not installed (anyio no longer needs it) each import searches sys.path anew, a third
    # of a local fetch's CPU. A None entry gives the same ImportError without the search.
    sys.modules["sniffio"] = None  # type: ignore[assignment]

USER_AGENT = f"factcheck/{__version__} (+https://github.com/factcheck/factcheck; citation archiver)"
REDIRECTS = {301, 302, 303, 307, 308}
STREAM_BUFFER = 1 << 16  # bytes a connection reads ahead of httpcore (asyncio's default)


class Refused(Exception):
    """A URL or address the policy does not allow (private address, unix socket, loop)."""


class BadURL(Refused):
    """A URL the validator refuses (scheme, malformed host, port)."""


class TooLarge(Exception):
    pass


# What went wrong with a URL, one word each: these are `FetchResult.outcome` and
# `captures.failure`. "policy" and "invalid-url" are refusals before any byte was sent
# for the URL itself; the rest are what the network or the server did.
FAILURES = {
    "http": "the server answered with an HTTP error status",
    "robots": "robots.txt disallows it",
    "policy": "refused by policy (a private address without --allow-private, a redirect loop)",
    "invalid-url": "not a URL that can be fetched",
    "dns": "the host name does not resolve",
    "refused": "the connection was refused",
    "reset": "the connection was reset or closed mid-transfer",
    "timeout": "no answer within the time allowed",
    "tls": "the TLS handshake or certificate failed",
    "too-large": "the body is over the size cap",
    "protocol": "the server broke HTTP (a lying length, garbage headers)",
    "error": "another network error",
}


@dataclass(frozen=True)
class Policy:
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0  # whole request, redirects included
    max_bytes: int = 10_000_000  # decoded body
    max_redirects: int = 10
    concurrency: int = 8
    per_host: int = 2
    delay: float = 1.0  # seconds between request starts to one host
    attempts: int = 3
    backoff: float = 1.0
    retry_after_cap: float = 60.0
    allow_private: bool = False
    allowed_addresses: frozenset[str] = frozenset()  # "127.0.0.1:8080": allowed despite the rule
    obey_robots: bool = True
    ignore_robots_for: frozenset[str] = frozenset()  # URLs the user named
    # curl's --connect-to: "HOST:PORT:ADDR:PORT2" connects there instead (the address
    # rules still apply to ADDR); for staging servers and tests
    connect_to: frozenset[str] = frozenset()


@dataclass
class Hop:
    """One HTTP exchange as it went over the wire: the body is as received (still
    content-encoded, de-chunked)."""

    url: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]
    raw_body: bytes
    started: datetime
    ip_address: str | None = None  # the peer's address (WARC-IP-Address)


@dataclass
class FetchResult:
    url: str
    final_url: str
    hops: list[Hop] = field(default_factory=list)
    body: bytes = b""  # decoded (gzip, deflate undone)
    outcome: str = "ok"  # ok, or one of FAILURES
    error: str | None = None
    attempts: int = 0

    @property
    def last(self) -> Hop | None:
        return self.hops[-1] if self.hops else None

    @property
    def status(self) -> int | None:
        return self.last.status if self.last else None

    def header(self, name: str) -> str | None:
        if self.last is None:
            return None
        return next((v for k, v in self.last.headers if k.lower() == name.lower()), None)


# -- addresses -----------------------------------------------------------------------

_SPECIAL = [
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "100.64.0.0/10",
        "169.254.0.0/16",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/3",
        "64:ff9b::/96",
        "64:ff9b:1::/48",
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "fc00::/7",
        "fe80::/10",
        "ff00::/8",
    )
]


def address_allowed(ip: str, port: int, policy: Policy) -> str | None:
    """None if the policy lets us connect to ip:port, else the reason it does not."""
    if policy.allow_private or f"{ip}:{port}" in policy.allowed_addresses:
        return None
    try:
        addr = ipaddress.ip_address(ip.split("%")[0])
    except ValueError:
        return f"not an IP address: {ip}"
    candidates = [addr]
    if isinstance(addr, ipaddress.IPv6Address):
        for embedded in (addr.ipv4_mapped, addr.sixtofour, addr.teredo and addr.teredo[1]):
            if embedded:
                candidates.append(embedded)
    for a in candidates:
        if not a.is_global or any(a in net for net in _SPECIAL if net.version == a.version):
            return f"refused non-public address {a} (use --allow-private to allow)"
    return None


class AsyncioStream(httpcore.AsyncNetworkStream):
    """A connection on asyncio's own streams, for httpcore. httpcore's default goes
    through anyio, whose cancel scopes and task groups cost a local fetch a fifth of its
    CPU; this does the same (the same httpcore errors, raised from the same OS errors, so
    `failure_class` reads them alike) with one asyncio timeout an operation."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.tls = False

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            async with asyncio.timeout(timeout):
                return await self.reader.read(max_bytes)
        except TimeoutError as e:
            raise httpcore.ReadTimeout(str(e)) from e
        except OSError as e:
            raise httpcore.ReadError(str(e)) from e

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        try:
            async with asyncio.timeout(timeout):
                self.writer.write(buffer)
                await self.writer.drain()
        except TimeoutError as e:
            raise httpcore.WriteTimeout(str(e)) from e
        except OSError as e:
            raise httpcore.WriteError(str(e)) from e

    async def aclose(self) -> None:
        # as anyio does for httpcore: no TLS close_notify exchange, nothing waited for
        if self.tls:
            self.writer.transport.abort()
        else:
            self.writer.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                await self.writer.start_tls(ssl_context, server_hostname=server_hostname)
        except (TimeoutError, OSError) as e:  # ssl.SSLError is an OSError
            self.writer.transport.abort()
            error = (
                httpcore.ConnectTimeout if isinstance(e, TimeoutError) else httpcore.ConnectError
            )
            raise error(str(e)) from e
        self.tls = True
        return self

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":  # an idle connection with something to read is unusable
            sock = self.writer.get_extra_info("socket")
            return self.reader.at_eof() or is_socket_readable(sock)
        name = {
            "server_addr": "peername",
            "client_addr": "sockname",
            "socket": "socket",
            "ssl_object": "ssl_object",
        }.get(info)
        return self.writer.get_extra_info(name) if name else None


def is_socket_readable(sock: Any) -> bool:
    """Readable without blocking (data or the peer's close waiting); a socket gone counts
    as readable: its next read would say it is over."""
    fd = sock.fileno() if sock is not None else -1
    if fd < 0:
        return True
    poll = select.poll()
    poll.register(fd, select.POLLIN)
    return bool(poll.poll(0))


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """TCP connections as `AsyncioStream`s (GuardedBackend hands it checked addresses)."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    host,
                    port,
                    local_addr=(local_address, 0) if local_address else None,
                    limit=STREAM_BUFFER,
                )
        except TimeoutError as e:
            raise httpcore.ConnectTimeout(str(e)) from e
        except OSError as e:
            raise httpcore.ConnectError(str(e)) from e
        sock = writer.get_extra_info("socket")
        for option in socket_options or ():
            sock.setsockopt(*option)
        return AsyncioStream(reader, writer)

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        raise Refused("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host itself, checks every address, and connects to the checked one:
    a DNS answer cannot change between the check and the connection."""

    def __init__(self, policy: Policy, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self.policy = policy
        self.inner = inner or AsyncioBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        for rule in self.policy.connect_to:
            h, p, addr, p2 = rule.rsplit(":", 3)
            if h.lower() == host.lower() and p == str(port):
                host, port = addr, int(p2)
        try:
            # an address needs no resolver (and no trip to its thread): it is its own answer
            ipaddress.ip_address(host)
            ips = [host]
        except ValueError:
            try:
                infos = await asyncio.wait_for(
                    loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout
                )
            except (socket.gaierror, TimeoutError) as e:
                raise httpcore.ConnectError(f"cannot resolve {host}: {e}") from e
            ips = [str(sockaddr[0]) for _family, _type, _proto, _name, sockaddr in infos]
        reasons = []
        for ip in ips:
            reason = address_allowed(ip, port, self.policy)
            if reason is None:
                return await self.inner.connect_tcp(
                    ip,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            reasons.append(reason)
        raise Refused(reasons[0] if reasons else f"no address for {host}")

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        raise Refused("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def check_url(url: str) -> str:
    """The URL normalised by the one validator (factcheck.urls), or Refused."""
    try:
        return urls.check_url(url)
    except InvalidURL as e:
        raise BadURL(str(e)) from None


@functools.cache
def tls_context() -> ssl.SSLContext:
    """httpx's verifying TLS context, built once a process: loading the CA bundle takes
    longer than a whole fetch from a nearby server, and a context is safe to share."""
    return httpx.create_ssl_context()


def make_transport(
    policy: Policy, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncBaseTransport:
    """The transport requests go through: the given one (tests), else httpx's, with our
    resolver-checking network backend."""
    if transport is None:
        real = httpx.AsyncHTTPTransport(
            verify=tls_context(),
            limits=httpx.Limits(
                max_connections=policy.concurrency * 2, max_keepalive_connections=policy.concurrency
            ),
        )
        # the pool httpx builds, rebuilt with our resolver-checking network backend
        real._pool = httpcore.AsyncConnectionPool(  # noqa: SLF001
            ssl_context=tls_context(),
            max_connections=policy.concurrency * 2,
            max_keepalive_connections=policy.concurrency,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(policy),
        )
        transport = real
    return transport


def make_client(policy: Policy, transport: httpx.AsyncBaseTransport) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=transport,
        headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"},
        timeout=httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout),
        follow_redirects=False,
        trust_env=False,
    )


# -- bodies --------------------------------------------------------------------------


class Decoder:
    """Undo Content-Encoding (gzip, deflate) incrementally, never producing more than
    `limit` bytes: a 200 KB gzip bomb stops at the limit, not at 200 MB."""

    def __init__(self, encoding: str | None, limit: int) -> None:
        self.limit = limit
        self.out = bytearray()
        enc = (encoding or "identity").strip().lower()
        if enc in ("gzip", "x-gzip"):
            self.z: Any = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self.z = _Deflate()
        elif enc in ("identity", ""):
            self.z = None
        else:
            raise TooLarge(f"unsupported Content-Encoding {enc!r}")

    def feed(self, data: bytes) -> None:
        if self.z is None:
            self.out += data
        else:
            chunk = self.z.decompress(data, self.limit - len(self.out) + 1)
            self.out += chunk
            while self.z.unconsumed_tail and len(self.out) <= self.limit:
                self.out += self.z.decompress(
                    self.z.unconsumed_tail, self.limit - len(self.out) + 1
                )
        if len(self.out) > self.limit:
            raise TooLarge(f"body over {self.limit:,} bytes once decoded")


class _Deflate:
    """'deflate' is zlib-wrapped by the standard and raw in practice: accept both."""

    def __init__(self) -> None:
        self.z: Any = None
        self.first = b""

    @property
    def unconsumed_tail(self) -> bytes:
        return self.z.unconsumed_tail if self.z else b""

    def decompress(self, data: bytes, max_length: int) -> bytes:
        if self.z is None:
            self.first += data
            if len(self.first) < 2:
                return b""
            data, self.first = self.first, b""
            try:
                self.z = zlib.decompressobj()
                return bytes(self.z.decompress(data, max_length))
            except zlib.error:
                self.z = zlib.decompressobj(-zlib.MAX_WBITS)
        return bytes(self.z.decompress(data, max_length))


# -- the fetcher ---------------------------------------------------------------------


class Robots:
    """robots.txt per host, fetched once per run through the same client."""

    def __init__(self) -> None:
        self.rules: dict[str, Protego | bool | Unreachable] = {}
        self.locks: dict[str, asyncio.Lock] = {}

    async def allowed(self, fetcher: Fetcher, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        lock = self.locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self.rules:
                try:
                    self.rules[origin] = await self._load(fetcher, origin)
                except Unreachable as e:
                    self.rules[origin] = e
        rules = self.rules[origin]
        if isinstance(rules, Unreachable):
            raise rules
        if isinstance(rules, bool):
            return rules
        return bool(rules.can_fetch(url, fetcher.policy.user_agent))

    async def _load(self, fetcher: Fetcher, origin: str) -> Protego | bool:
        result = await fetcher.fetch(origin + "/robots.txt", robots=False, retry=False)
        status = result.status
        if status is None:
            # the host itself is refused or unreachable: say what happened, not "robots"
            raise Unreachable(result.outcome, result.error or "unreachable")
        if 200 <= status < 300:
            return Protego.parse(result.body.decode("utf-8", "replace"))
        if status in (401, 403):
            return False
        return 400 <= status < 500  # 5xx: disallowed for now (RFC 9309 2.3.1.4)


class Unreachable(Exception):
    """robots.txt could not be fetched at all: the page's own fetch would fail the same way."""

    def __init__(self, outcome: str, error: str) -> None:
        super().__init__(error)
        self.outcome = outcome


class Fetcher:
    def __init__(
        self, policy: Policy | None = None, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.policy = policy or Policy()
        self.transport = make_transport(self.policy, transport)
        self.client = make_client(self.policy, self.transport)
        self.robots = Robots()
        self._all = asyncio.Semaphore(self.policy.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._next: dict[str, float] = {}

    async def aclose(self) -> None:
        await self.client.aclose()

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def fetch(self, url: str, *, robots: bool = True, retry: bool = True) -> FetchResult:
        """Fetch url (following redirects) with retries; never raises for the page's sake:
        what went wrong is in `outcome` (one of FAILURES) and `error`. The deadline holds
        for the URL as a whole: every attempt, backoff and redirect hop together."""
        result = FetchResult(url, url)
        try:
            checked = check_url(url)
            check_robots = (
                robots and self.policy.obey_robots and url not in self.policy.ignore_robots_for
            )
            if check_robots and not await self.robots.allowed(self, checked):
                result.outcome, result.error = "robots", "disallowed by robots.txt"
                return result
        except BadURL as e:
            result.outcome, result.error = "invalid-url", str(e)
            return result
        except Refused as e:
            result.outcome, result.error = "policy", str(e)
            return result
        except Unreachable as e:
            result.outcome = e.outcome
            result.error = str(e) if e.outcome == "policy" else f"{e} (fetching robots.txt)"
            return result
        clock = Deadline(self.policy.deadline)
        attempts = self.policy.attempts if retry else 1
        for attempt in range(1, attempts + 1):
            result = FetchResult(url, url, attempts=attempt)
            wait = await self._attempt(result, checked, clock)
            if wait is None or attempt == attempts:
                return result
            if clock.started and wait >= clock.remaining():
                result.error = f"{result.error}; no time left to try again within the deadline"
                return result
            await asyncio.sleep(wait)
        return result

    async def _attempt(self, result: FetchResult, url: str, clock: Deadline) -> float | None:
        """One try; returns how long to wait before another, or None when done."""
        try:
            await self._follow(result, url, clock)
        except BadURL as e:
            result.outcome, result.error = "invalid-url", str(e)
            return None
        except Refused as e:
            result.outcome, result.error = "policy", str(e)
            return None
        except TimeoutError:
            result.outcome = "timeout"
            result.error = f"deadline of {self.policy.deadline:g} s exceeded"
            return None  # the deadline is the URL's: nothing is left for another try
        except TooLarge as e:
            result.outcome, result.error = "too-large", str(e)
            return None
        except httpx.HTTPError as e:
            result.outcome = failure_class(e)
            result.error = f"{type(e).__name__}: {e}".rstrip(": ")
            return self._backoff(result.attempts)
        status = result.status or 0
        if status >= 400:
            result.outcome, result.error = "http", f"HTTP {status}"
            if status in (429, 503):
                retry_after = _retry_after(result.header("Retry-After"))
                if retry_after is not None:
                    return min(retry_after, self.policy.retry_after_cap)
                return self._backoff(result.attempts)
            if status >= 500:
                return self._backoff(result.attempts)
        return None

    def _backoff(self, attempt: int) -> float:
        base = self.policy.backoff * 2 ** (attempt - 1)
        return base / 2 + random.uniform(0, base / 2)  # jitter: retries do not come in step

    async def _follow(self, result: FetchResult, url: str, clock: Deadline) -> None:
        seen = {url}
        for _ in range(self.policy.max_redirects + 1):
            hop = await self._exchange(url, result, clock)
            result.hops.append(hop)
            result.final_url = url
            location = next((v for k, v in hop.headers if k.lower() == "location"), None)
            if hop.status not in REDIRECTS or not location:
                return
            try:
                url = check_url(urljoin(url, location.strip()))
            except ValueError as e:  # urljoin on a malformed base or location
                raise BadURL(f"redirect to {location.strip()[:200]!r}: {e}") from None
            except BadURL as e:
                raise BadURL(f"redirect refused: {e}") from None
            if url in seen:
                raise Refused(f"redirect loop at {url}")
            seen.add(url)
        raise Refused(f"more than {self.policy.max_redirects} redirects")

    async def _exchange(self, url: str, result: FetchResult, clock: Deadline) -> Hop:
        host = urlsplit(url).netloc.lower()
        gate = self._hosts.setdefault(host, asyncio.Semaphore(self.policy.per_host))
        async with self._all, gate:
            now = time.monotonic()
            start_at = max(now, self._next.get(host, now))
            self._next[host] = start_at + self.policy.delay
            if start_at > now:
                await asyncio.sleep(start_at - now)
            # the clock starts with the URL's first request, not while it queues for a host
            async with asyncio.timeout_at(clock.start()):
                return await self._send(url, result)

    async def _send(self, url: str, result: FetchResult) -> Hop:
        started = datetime.now(UTC)
        try:
            request = self.client.build_request("GET", url)
        except (httpx.InvalidURL, ValueError, UnicodeError) as e:
            raise BadURL(f"{url[:200]!r}: {e}") from None
        # straight to the transport: the client would work out where a redirect points
        # (and raise on a malformed Location) before we have even read the response
        response = await self.transport.handle_async_request(request)
        response.request = request
        # the peer's address while the connection is open (closed, it has none)
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        try:
            decoder = Decoder(response.headers.get("content-encoding"), self.policy.max_bytes)
            raw = bytearray()
            async for chunk in response.aiter_raw():
                raw += chunk
                if len(raw) > self.policy.max_bytes:
                    raise TooLarge(f"body over {self.policy.max_bytes:,} bytes as sent")
                decoder.feed(chunk)
        finally:
            await response.aclose()
        result.body = bytes(decoder.out)
        return Hop(
            url=url,
            request_headers=_raw(request.headers),
            status=response.status_code,
            reason=response.reason_phrase,
            http_version=response.http_version,
            headers=_raw(response.headers),
            raw_body=bytes(raw),
            started=started,
            ip_address=str(peer[0]) if peer else None,
        )


class Deadline:
    """One URL's time budget, started by its first request."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at: float | None = None

    @property
    def started(self) -> bool:
        return self.at is not None

    def start(self) -> float:
        if self.at is None:
            self.at = asyncio.get_running_loop().time() + self.seconds
        return self.at

    def remaining(self) -> float:
        if self.at is None:
            return self.seconds
        return self.at - asyncio.get_running_loop().time()


def failure_class(e: BaseException) -> str:
    """The FAILURES word for a network exception, from the exception and its causes."""
    chain: list[BaseException] = []
    seen: BaseException | None = e
    while seen is not None and seen not in chain and len(chain) < 10:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    text = " ".join(str(c) for c in chain).lower()
    if any(isinstance(c, ssl.SSLError) for c in chain) or "ssl" in text or "certificate" in text:
        return "tls"
    if any(isinstance(c, socket.gaierror) for c in chain) or "cannot resolve" in text:
        return "dns"
    if any(isinstance(c, ConnectionRefusedError) for c in chain) or "refused" in text:
        return "refused"
    if any(isinstance(c, (ConnectionResetError, BrokenPipeError)) for c in chain) or (
        "reset" in text
    ):
        return "reset"
    if any(isinstance(c, (httpx.TimeoutException, TimeoutError)) for c in chain):
        return "timeout"
    if isinstance(e, httpx.ReadError):
        return "reset"
    if isinstance(e, httpx.RemoteProtocolError):
        closed = "without sending" in text or "peer closed" in text
        return "reset" if closed else "protocol"
    return "error"


def _raw(headers: httpx.Headers) -> list[tuple[str, str]]:
    """Headers with their names as sent (httpx lower-cases them otherwise)."""
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers.raw]


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def run(coro: Any) -> Any:
    return asyncio.run(coro)
