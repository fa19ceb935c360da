"""HTTP requests to a store, bounded: a connect timeout, a read timeout and a total deadline.

urllib's ``timeout`` bounds each wait for bytes only, so a store that trickles its answer a
byte at a time holds a request open forever. Here a watchdog shuts the socket of the request
in progress once its deadline passes, whatever the store sends. Every failure, whatever layer
raised it (socket, HTTP parser, HTTP status), becomes one ``RequestFailed`` with a short reason.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import partial

__all__ = ["Limits", "RequestFailed", "Transport"]


@dataclass(frozen=True)
class Limits:
    """Seconds to connect, to wait for each part of an answer, and for a whole request."""

    connect: float = 10.0
    read: float = 30.0
    deadline: float = 300.0


class RequestFailed(Exception):
    """A request that got no usable answer; ``status`` is the HTTP status when there was one."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class _Watch:
    """Shuts the socket of the request in progress when the request's deadline passes."""

    def __init__(self):
        self.ends = 0.0
        self.expired = False
        self.timer: threading.Timer | None = None

    def start(self, seconds: float) -> None:
        self.ends, self.expired = time.monotonic() + seconds, False

    def arm(self, sock: socket.socket) -> None:
        self.stop()
        self.timer = threading.Timer(max(0.0, self.ends - time.monotonic()), self._expire, (sock,))
        self.timer.daemon = True
        self.timer.start()

    def _expire(self, sock: socket.socket) -> None:
        self.expired = True
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


class _Timed:
    """A connection that connects within ``limits.connect``, then waits at most
    ``limits.read`` for each part of the answer, and is shut at the watch's deadline."""

    def __init__(self, *args, limits: Limits, watch: _Watch, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits, self.watch = limits, watch

    def connect(self) -> None:
        self.timeout = self.limits.connect
        super().connect()
        self.sock.settimeout(self.limits.read)
        self.watch.arm(self.sock)


class _TimedHTTP(_Timed, http.client.HTTPConnection):
    pass


class _TimedHTTPS(_Timed, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, limits: Limits, watch: _Watch):
        super().__init__()
        self.connection = partial(_TimedHTTP, limits=limits, watch=watch)

    def http_open(self, req):
        return self.do_open(self.connection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, limits: Limits, watch: _Watch):
        super().__init__()
        self.connection = partial(_TimedHTTPS, limits=limits, watch=watch)

    def https_open(self, req):
        return self.do_open(self.connection, req, context=self._context)


class Transport:
    """Sends requests one at a time within ``limits``, with optional HTTP authentication."""

    def __init__(self, limits: Limits, auth: tuple[str, str] | None = None,
                 auth_urls: tuple[str, ...] = ()):
        self.limits = limits
        self.watch = _Watch()
        handlers: list = [_HTTPHandler(limits, self.watch), _HTTPSHandler(limits, self.watch)]
        if auth:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in set(auth_urls):
                passwords.add_password(None, url, *auth)
            handlers += [urllib.request.HTTPBasicAuthHandler(passwords),
                         urllib.request.HTTPDigestAuthHandler(passwords)]
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, url: str, body: bytes | None = None, method: str = "GET",
                headers: dict[str, str] | None = None) -> bytes:
        """The body of a 2xx answer; anything else raises ``RequestFailed`` saying why."""
        request = urllib.request.Request(url, body, method=method, headers=headers or {})
        self.watch.start(self.limits.deadline)
        try:
            with self.opener.open(request, timeout=self.limits.connect) as response:
                body = response.read()
            if self.watch.expired:  # the socket was shut: what was read may be a part only
                raise TimeoutError
            return body
        except urllib.error.HTTPError as exc:
            detail = _first_line(_body(exc)) or exc.reason
            raise RequestFailed(f"HTTP {exc.code}: {detail}", exc.code) from None
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise RequestFailed(self._why(exc)) from None
        finally:
            self.watch.stop()

    def _why(self, exc: BaseException) -> str:
        if self.watch.expired:
            return f"no complete answer within {self.limits.deadline:g} s"
        cause = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(cause, TimeoutError):
            return f"no answer within {max(self.limits.connect, self.limits.read):g} s"
        if isinstance(cause, http.client.IncompleteRead):
            return "the store cut its answer short"
        if isinstance(cause, http.client.RemoteDisconnected):
            return "the store closed the connection without answering"
        if isinstance(cause, http.client.HTTPException):
            return f"the answer is not HTTP ({type(cause).__name__})"
        why = getattr(cause, "strerror", None) or _first_line(str(cause))
        return f"cannot reach the store ({why or type(cause).__name__})"


def _body(exc: urllib.error.HTTPError) -> str:
    try:
        return exc.read(4096).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        return ""


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or [""])[0][:300]
