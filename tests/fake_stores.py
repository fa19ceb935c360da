"""Broken SPARQL stores on a loopback port, for push tests: each misbehaves in one way."""

from __future__ import annotations

import socket
import threading

KINDS = ("not-http", "cut-short", "silent", "trickle", "dead")


class FakeStore:
    """Answers every connection as ``kind`` says; ``writes`` lists each request's first line.

    ``kind`` "record-only" accepts the first request (kg push's record) and answers every
    later one with HTTP 500, as a store whose disk filled up would.
    """

    def __init__(self, kind: str):
        self.kind = kind
        self.requests: list[str] = []
        self.stopping = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.clients: list[socket.socket] = []
        if kind == "dead":
            self.listener.close()  # nothing listens on the port

    @property
    def query(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def __enter__(self) -> FakeStore:
        if self.kind != "dead":
            threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        for sock in [self.listener, *self.clients]:
            try:
                sock.close()
            except OSError:
                pass

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.clients.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            self.requests.append(_read_request(client))
            getattr(self, "_" + self.kind.replace("-", "_"))(client)
        except OSError:
            pass

    def _not_http(self, client: socket.socket) -> None:
        client.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")
        client.close()

    def _cut_short(self, client: socket.socket) -> None:
        client.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly a part")
        client.close()

    def _silent(self, client: socket.socket) -> None:
        self.stopping.wait()

    def _trickle(self, client: socket.socket) -> None:
        client.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        while not self.stopping.wait(0.02):
            client.sendall(b"a")

    def _record_only(self, client: socket.socket) -> None:
        if len(self.requests) == 1:
            client.sendall(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
        else:
            body = b"disk full"
            client.sendall(b"HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\n"
                           b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        client.close()


def _read_request(client: socket.socket) -> str:
    """Reads a whole request (head and Content-Length body); its first line."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        chunk = client.recv(65536)
        if not chunk:
            break
        body += chunk
    return head.split(b"\r\n", 1)[0].decode("latin-1")
