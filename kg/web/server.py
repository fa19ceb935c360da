"""Running the app: uvicorn on a port, uvicorn in a background thread, or one in-process GET."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import uvicorn


def serve(app, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted."""
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=2)


@contextmanager
def running(app, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve on a free port in a thread; yields the base URL and stops the server after."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    started = time.monotonic()
    while not server.started and thread.is_alive() and time.monotonic() - started < 15:
        time.sleep(0.02)
    try:
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def get(app, target: str, accept: str = "text/html") -> tuple[int, dict[str, str], bytes]:
    """One GET request handled in-process, no socket: (status, headers, body)."""
    url = urlsplit(target)
    scope = {
        "type": "http", "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": url.path or "/", "raw_path": (url.path or "/").encode(),
        "query_string": url.query.encode(), "root_path": "",
        "headers": [(b"host", b"localhost"), (b"accept", accept.encode())],
        "client": ("127.0.0.1", 0), "server": ("localhost", 80),
    }
    status, headers, chunks = 500, {}, []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status = message["status"]
            headers = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    asyncio.run(app(scope, receive, send))
    return status, headers, b"".join(chunks)
