"""Helpers for tests that start real servers (gunicorn, a worker, S3, PostgreSQL, Redis).

Ports: from NEWSROOM_TEST_PORTS ("8121-8129") when set, so a shared machine can
give each test run its own range; otherwise any free loopback port.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(exclude=()) -> int:
    """A port nothing listens on (and not one of `exclude`, taken but not yet bound)."""
    allowed = os.environ.get("NEWSROOM_TEST_PORTS", "")
    if allowed:
        low, _, high = allowed.partition("-")
        ports = list(range(int(low), int(high or low) + 1))
        # Parallel test workers (gw0, gw1, ...) start looking at different ports.
        worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
        start = (worker * 3) % len(ports)
        for port in ports[start:] + ports[:start]:
            if port not in exclude and _port_is_free(port):
                return port
        raise RuntimeError(f"No free port in NEWSROOM_TEST_PORTS={allowed}")
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in exclude:
            return port


def database_url() -> str:
    """The URL of the database the tests run on (another process can open it: PostgreSQL)."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def wait_for_http(url: str, *, timeout: float = 90, process: subprocess.Popen | None = None):
    """Poll `url` (http://host:port/path) until it answers with any status, redirects
    included; fail early if `process` dies."""
    parts = urllib.parse.urlsplit(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering")
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
        try:
            connection.request("GET", parts.path or "/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
        finally:
            connection.close()
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def stop(process: subprocess.Popen, *, sig=signal.SIGTERM, timeout: float = 30) -> int:
    """Signal the process group (started with start_new_session=True) and wait."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
    return process.returncode


def fetch(url: str, headers: dict | None = None, method: str = "GET"):
    """(status, headers, body) without raising on 4xx/5xx."""
    request = urllib.request.Request(url, headers=headers or {}, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class QuietHandler(BaseHTTPRequestHandler):
    """A loopback stand-in's request handler: `reply()` sends a body; nothing is logged."""

    def reply(self, body: bytes, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass
