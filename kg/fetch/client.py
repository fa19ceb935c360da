"""A polite HTTP client: allowed hosts, robots.txt, a pause per host, retries with backoff.

Every request, redirects included, goes through one check: a URL outside the allowed hosts or
disallowed by its site's robots.txt is never requested. Transient failures (connection
errors, timeouts, 408, 429, 5xx) are retried after ``backoff``, 2×, 4×… seconds (or the
server's ``Retry-After``, up to a minute); other 4xx answers fail at once.
"""

from __future__ import annotations

import http.client
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from ..errors import KgError
from . import robots as robots_txt

AGENT = "vngov-kg"  # the product token robots.txt groups name
USER_AGENT = f"{AGENT}/0.1 (knowledge graph of Vietnamese government news)"
TRANSIENT = {408, 425, 429, 500, 502, 503, 504}
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 60.0
ROBOTS_LIMIT = 500_000  # RFC 9309 lets a crawler stop reading robots.txt at 500 kB


class Refused(KgError):
    """The URL is not to be requested: outside the allowed hosts, or robots.txt says no."""


class FetchFailed(KgError):
    """The request failed for good: a permanent HTTP status, or every retry failed."""


@dataclass(frozen=True)
class Policy:
    """How politely to fetch: the pause between requests to one host, retries, hosts allowed."""

    delay: float = 1.0
    retries: int = 3
    backoff: float = 1.0
    timeout: float = 30.0
    allow: tuple[str, ...] = ()

    def allows_host(self, host: str) -> bool:
        """A host is allowed when no list is given, or it is a listed host or a subdomain."""
        host = host.lower().rstrip(".")
        return not self.allow or any(host == a or host.endswith(f".{a}") for a in self.allow)


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # each hop is checked against the allowed hosts and robots.txt first


class Client:
    """Fetches URLs under a ``Policy``; ``notify`` hears of retries and robots.txt rules."""

    def __init__(self, policy: Policy, notify: Callable[[str], None] | None = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.policy = policy
        self.notify = notify or (lambda message: None)
        self.sleep = sleep
        self.robots: dict[str, robots_txt.Robots] = {}
        self.last: dict[str, float] = {}
        self.opener = urllib.request.build_opener(_NoRedirect)

    def get(self, url: str, headers: dict[str, str] | None = None,
            limit: int = 5_000_000) -> Response:  # bytes; more is a failure
        """The answer to ``url`` (200 or 304), following redirects that pass the checks."""
        for _ in range(MAX_REDIRECTS + 1):
            self.check(url)
            response = self._retrying(url, headers or {}, limit)
            location = response.headers.get("location")
            if response.status in REDIRECTS and location:
                url = urljoin(url, location)
                continue
            if response.status in (200, 304):
                return response
            raise FetchFailed(f"{url}: HTTP {response.status} {_reason(response.status)}")
        raise FetchFailed(f"{url}: more than {MAX_REDIRECTS} redirects")

    def check(self, url: str) -> None:
        """Raises ``Refused`` unless ``url`` may be requested."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise Refused(f"{url}: not an http(s) URL")
        if not self.policy.allows_host(parts.hostname):
            raise Refused(f"{url}: host {parts.hostname} is not in --allow")
        if not self._robots(parts).allows(url):
            raise Refused(f"{url}: disallowed by robots.txt")

    def _robots(self, parts) -> robots_txt.Robots:
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        if origin not in self.robots:
            self.robots[origin] = self._read_robots(f"{origin}/robots.txt")
        return self.robots[origin]

    def _read_robots(self, url: str) -> robots_txt.Robots:
        """RFC 9309: 4xx means no rules, an unreachable file or 5xx means keep out."""
        for _ in range(MAX_REDIRECTS + 1):
            try:
                response = self._retrying(url, {}, ROBOTS_LIMIT, truncate=True)
            except FetchFailed as exc:
                self.notify(f"{url}: unreachable ({exc}); keeping out of this site")
                return robots_txt.DISALLOW_ALL
            location = response.headers.get("location")
            if response.status in REDIRECTS and location:
                url = urljoin(url, location)
                if self.policy.allows_host(urlsplit(url).hostname or ""):
                    continue
                return robots_txt.Robots()
            if response.status >= 500:
                return robots_txt.DISALLOW_ALL
            if response.status >= 400:
                return robots_txt.Robots()
            text = response.body.decode("utf-8", "replace")
            return robots_txt.parse(text, AGENT)
        return robots_txt.Robots()

    def _retrying(self, url: str, headers: dict[str, str], limit: int,
                  truncate: bool = False) -> Response:
        attempts = self.policy.retries + 1
        for attempt in range(attempts):
            self._wait(url)
            try:
                response = self._send(url, headers, limit, truncate)
            except OSError as exc:  # refused, reset, timed out, DNS: worth another try
                why, wait = _why(exc), None
            else:
                if response.status not in TRANSIENT:
                    return response
                why = f"HTTP {response.status} {_reason(response.status)}"
                wait = _retry_after(response.headers.get("retry-after"))
            if attempt + 1 < attempts:
                wait = self.policy.backoff * 2 ** attempt if wait is None else wait
                self.notify(f"{url}: {why}; retrying in {wait:g} s")
                self.sleep(wait)
        raise FetchFailed(f"{url}: {why} (gave up after {attempts} attempts)")

    def _wait(self, url: str) -> None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        rules = self.robots.get(f"{parts.scheme}://{parts.netloc}".lower())
        delay = max(self.policy.delay, (rules.crawl_delay or 0) if rules else 0)
        pause = self.last.get(host, -float("inf")) + delay - time.monotonic()
        if pause > 0:
            self.sleep(pause)
        self.last[host] = time.monotonic()

    def _send(self, url: str, headers: dict[str, str], limit: int, truncate: bool) -> Response:
        request = urllib.request.Request(
            ascii_url(url), headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity",
                                     **headers})
        try:
            answer = self.opener.open(request, timeout=self.policy.timeout)
        except HTTPError as exc:  # any status but 2xx, redirects included
            answer = exc
        except URLError as exc:
            raise OSError(str(exc.reason)) from None
        try:
            with answer:
                body = answer.read(limit + 1)
                status, names = answer.status, answer.headers
        except http.client.HTTPException as exc:
            raise OSError(f"broken answer ({type(exc).__name__})") from None
        if len(body) > limit and not truncate:
            raise FetchFailed(f"{url}: over the {limit:,} bytes limit")
        return Response(answer.url or url, status, {k.lower(): v for k, v in names.items()},
                        body[:limit])


def ascii_url(url: str) -> str:
    """``url`` as HTTP sends it: the host in IDNA, the path and query percent-encoded."""
    parts = urlsplit(url)
    host = (parts.hostname or "").encode("idna").decode("ascii")
    host = f"[{host}]" if ":" in host else host
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe="/%:@!$&'()*+,;=-._~"),
                       quote(parts.query, safe="=&%/:?@!$'()*+,;-._~"), ""))


def _retry_after(value: str | None) -> float | None:
    try:
        return min(MAX_RETRY_AFTER, max(0.0, float(value))) if value else None
    except ValueError:
        return None  # an HTTP date: the usual backoff serves as well


def _why(exc: OSError) -> str:
    return str(exc) or type(exc).__name__


def _reason(status: int) -> str:
    return http.client.responses.get(status, "")
