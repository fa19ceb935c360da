"""A real Oxigraph server (the `oxigraph` CLI from PyPI) on a free loopback port, for tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

BINARY = shutil.which("oxigraph")
needs_oxigraph = pytest.mark.skipif(
    BINARY is None, reason="the `oxigraph` server binary is not installed (pip install oxigraph)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OxigraphServer:
    """``oxigraph serve`` over a data folder; ``start`` waits until it answers queries.

    Like the embedded store, it answers queries without ``GRAPH`` over the union of all graphs.
    """

    def __init__(self, location: Path):
        self.location = location
        self.process: subprocess.Popen | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query(self) -> str:
        return f"{self.url}/query"

    def start(self, wait: float = 30) -> OxigraphServer:
        self.port = free_port()
        log = open(self.location.parent / f"{self.location.name}-{self.port}.log", "wb")
        with log:
            self.process = subprocess.Popen(
                [BINARY, "serve", "--location", str(self.location),
                 "--bind", f"127.0.0.1:{self.port}", "--union-default-graph"],
                stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph exited with {self.process.returncode}")
            if self._answers():
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"oxigraph did not answer on port {self.port} within {wait} s")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.query}?query=ASK%7B%7D", timeout=2) as answer:
                return answer.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def kill(self) -> None:
        """Stops the server at once (SIGKILL), as a crash would."""
        if self.process and self.process.poll() is None:
            self.process.kill()
        if self.process:
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None
