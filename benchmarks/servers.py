"""The servers `make bench-load` starts (gunicorn, nginx, a loopback Akismet), and its tools."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def fail(message: str) -> None:
    print(message, file=sys.stderr)
    sys.exit(2)


def tools() -> tuple[str, str]:
    wrk = shutil.which("wrk")
    nginx = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )
    missing = [name for name, path in (("wrk", wrk), ("nginx", nginx)) if not path]
    if missing:
        fail(
            f"make bench-load needs {' and '.join(missing)}. On Debian or Ubuntu: "
            "sudo apt-get install wrk nginx-light (macOS: brew install wrk nginx)."
        )
    return wrk, nginx


class Processes:
    """The servers this run starts; all stopped at the end, whatever happens."""

    def __init__(self):
        self.running: list[subprocess.Popen] = []

    def start(self, args, **kwargs) -> subprocess.Popen:
        process = subprocess.Popen(args, start_new_session=True, **kwargs)
        self.running.append(process)
        return process

    def stop(self) -> None:
        for process in reversed(self.running):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    fail(f"{url} did not answer within {seconds:.0f} s")


def drain(*urls: str) -> None:
    """Wait until each server has answered what the previous target left queued.

    wrk stops at its deadline, but requests already accepted in gunicorn's backlog are
    still served; a request queued behind them returns once they are done, so the
    next target is not measured against the previous one's leftovers.
    """
    for url in urls:
        with urllib.request.urlopen(url, timeout=600) as response:
            response.read()


def gunicorn(processes: Processes, port: int, env: dict[str, str], log: Path, app="newsroom.wsgi"):
    """gunicorn.conf.py as in production, with BENCH_WEB_WORKERS (2) sync workers on `port`."""
    return processes.start(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            app,
            "--workers",
            os.environ.get("BENCH_WEB_WORKERS", "2"),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def nginx(processes: Processes, binary: str, workdir: Path, html: bytes, port: int):
    # nginx's workers may run as another user (nobody, when started as root).
    workdir.chmod(0o755)
    (workdir / "www").mkdir()
    (workdir / "www" / "article.html").write_bytes(html)
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"""
worker_processes auto;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    default_type text/html;
    sendfile on;
    client_body_temp_path {workdir}/tmp;
    proxy_temp_path {workdir}/tmp;
    fastcgi_temp_path {workdir}/tmp;
    uwsgi_temp_path {workdir}/tmp;
    scgi_temp_path {workdir}/tmp;
    server {{
        listen 127.0.0.1:{port};
        root {workdir}/www;
        location / {{ try_files $uri =404; }}
    }}
}}
"""
    )
    (workdir / "tmp").mkdir()
    return processes.start(
        [binary, "-c", str(conf), "-p", str(workdir), "-g", "daemon off;"],
        stdout=(ROOT / ".bench" / "nginx.log").open("w"),
        stderr=subprocess.STDOUT,
    )


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database `url` names if it does not exist yet."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(server, autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as error:
        fail(f"Cannot create or open the benchmark database {name!r}: {error}")


class LoopbackAkismet(BaseHTTPRequestHandler):
    """Answers like rest.akismet.com: the key is valid and every comment is ham.

    Also the stand-in of tests/comments/test_worker.py, which records each request
    by overriding `received`. HTTP/1.1 with keep-alive, as Akismet's own servers: a
    client may send many checks over one connection.
    """

    protocol_version = "HTTP/1.1"
    # The headers and the body go out as two writes: with Nagle's algorithm on, the
    # second waits for the client's delayed ACK of the first, 40 ms on Linux loopback,
    # and every check would take that long. Akismet's own latency is the network's.
    disable_nagle_algorithm = True

    def received(self, fields: dict[str, list[str]]) -> None:
        """Called with each request's form fields before it is answered."""

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.received(parse_qs(self.rfile.read(length).decode()))
        body = b"valid" if self.path.endswith("/verify-key") else b"false"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def loopback_akismet(port: int) -> ThreadingHTTPServer:
    """A stand-in for Akismet on `port`, served from a thread of this process.

    The worker then runs every comment's spam check to its end (an HTTP round trip
    and the verdict committed), as in production, instead of finding no key and
    scheduling a re-check that a later run would pay for.
    """
    server = ThreadingHTTPServer(("127.0.0.1", port), LoopbackAkismet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def wait_for_tasks(database_url: str, seconds: float = 300) -> None:
    """Wait until the task worker has run every task that is due.

    Like `drain` for the servers: the work the previous target left queued (spam
    checks after comment POSTs) is done before the next target is measured.
    """
    import psycopg

    deadline = time.monotonic() + seconds
    with psycopg.connect(database_url, autocommit=True) as connection:
        while time.monotonic() < deadline:
            # django-tasks-db stores "no run_after" as 9999-01-01: such a task is due.
            due = connection.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                "WHERE status = 'RUNNING' OR (status = 'READY' AND "
                "(run_after = '9999-01-01 00:00:00+00' OR run_after <= now()))"
            ).fetchone()[0]
            if not due:
                # Each task leaves dead rows behind (READY → RUNNING → SUCCESSFUL), and
                # the worker's claim reads the ready-task index past them: 6 ms a claim
                # after 50,000. Autovacuum clears them in production; it may be off on
                # a benchmark machine (it is on these), so the run does its work here.
                connection.execute("VACUUM (ANALYZE) django_tasks_database_dbtaskresult")
                return
            time.sleep(0.5)
    fail(f"The task worker did not finish the queued tasks within {seconds:.0f} s")


def vacuum(database_url: str) -> None:
    """VACUUM (ANALYZE) the whole database: what autovacuum keeps done in production
    (dead rows of earlier runs' posts and tasks, planner statistics)."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")
