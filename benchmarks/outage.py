"""PostgreSQL restarted under load: what readers get during the outage, and whether the site
comes back by itself.

    python -m benchmarks.outage [--pg-port 5433] [--web-port 8120] [--seconds 30]
                                [--down 6] [--clients 4] [--pool]

Builds a throwaway PostgreSQL cluster of its own (initdb into a temporary
directory, on --pg-port; run as root it uses the `postgres` system user), fills
a database with demo content, starts gunicorn with gunicorn.conf.py and DEBUG
off against it, and lets --clients threads request public pages for --seconds.
A few seconds in, PostgreSQL is stopped (`pg_ctl stop -m fast`, as a restart
does), left down for --down seconds and started again. Every answer is counted
by phase (before, during, after) and kind:

    ok              200 (the page)
    503 friendly    the "back in a moment" page (templates/503.html)
    503 other, 500, other 5xx, connection error, timeout

and the time from PostgreSQL accepting connections again to the first page
served is printed. The shared PostgreSQL on 5432 is never touched. Everything
started is stopped and removed at the end. A benchmark: it measures, it asserts
nothing.
"""

from __future__ import annotations

import argparse
import collections
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["/", "/archive/", "/feed/", "/search/?q=harbour", "/privacy/"]
FRIENDLY = "back in a moment"


def pg_bin() -> Path:
    configured = os.environ.get("PG_BIN")
    if configured:
        return Path(configured)
    found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
    if found.returncode == 0 and (Path(found.stdout.strip()) / "initdb").exists():
        return Path(found.stdout.strip())
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not versions:
        sys.exit("No PostgreSQL server binaries found (set PG_BIN).")
    return versions[-1].parent


class ThrowawayPostgres:
    """A cluster in a temporary directory, owned by `postgres` when we are root."""

    def __init__(self, port: int):
        self.port = port
        self.bin = pg_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="newsroom-outage-pg-"))
        self.data = self.dir / "data"
        self.user = "postgres" if os.geteuid() == 0 else None

    def _run(self, *argv, check=True):
        command = [str(a) for a in argv]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def create(self):
        if self.user:
            pw = pwd.getpwnam(self.user)
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        self._run(self.bin / "initdb", "-D", self.data, "--auth=trust", "-U", "postgres")
        self.start()

    def start(self):
        self._run(
            self.bin / "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.dir / "server.log",
            "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1",
            "-w",
            "start",
        )

    def stop(self, mode="fast"):
        self._run(self.bin / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def remove(self):
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def classify(status: int | None, body: bytes, error: str | None) -> str:
    if error:
        return error
    if status is not None and status < 400:
        return "ok"
    if status == 503:
        return "503 friendly" if FRIENDLY.encode() in body.lower() else "503 other"
    if status == 500:
        return "500"
    if status is not None and status >= 500:
        return f"{status} other"
    return f"{status}"


def fetch(url: str) -> tuple[int | None, bytes, str | None]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), None
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), None
    except TimeoutError:
        return None, b"", "timeout"
    except (urllib.error.URLError, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, b"", "timeout" if isinstance(reason, TimeoutError) else "connection error"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-port", type=int, default=5433)
    parser.add_argument("--web-port", type=int, default=8120)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--stop-after", type=float, default=6)
    parser.add_argument("--down", type=float, default=6, help="seconds PostgreSQL stays down")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--pool", action="store_true", help="DATABASE_POOL=true")
    args = parser.parse_args(argv)

    pg = ThrowawayPostgres(args.pg_port)
    gunicorn = None
    tmp = Path(tempfile.mkdtemp(prefix="newsroom-outage-"))
    try:
        print(f"PostgreSQL: throwaway cluster on port {args.pg_port} ({pg.dir})")
        pg.create()
        pg._run(pg.bin / "createdb", "-h", "127.0.0.1", "-p", args.pg_port, "newsroom")
        env = {
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL"}},
            "DATABASE_URL": pg.url("newsroom"),
            "SECRET_KEY": "outage-benchmark-not-a-secret",
            "MEDIA_ROOT": str(tmp / "media"),
            "STATIC_ROOT": str(tmp / "static"),
            "DATABASE_POOL": "true" if args.pool else "false",
            "WEB_CONCURRENCY": str(args.workers),
            "PORT": str(args.web_port),
            "LOG_FORMAT": "json",
            "SLOW_REQUEST_SECONDS": "30",
        }
        python = str(ROOT / ".venv/bin/python")
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["seed_demo", "--force", "--no-images"],
            ["collectstatic", "--noinput", "-v0"],
        ):
            subprocess.run(
                [python, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
            )
        log = (tmp / "gunicorn.log").open("w")
        gunicorn = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{args.web_port}"
        deadline = time.monotonic() + 60
        while fetch(base + "/healthz")[0] != 200:
            if time.monotonic() > deadline or gunicorn.poll() is not None:
                sys.exit(f"gunicorn did not start; see {tmp / 'gunicorn.log'}")
            time.sleep(0.3)
        print(f"gunicorn: {args.workers} workers on {base}, pool={'on' if args.pool else 'off'}")

        results: list[tuple[float, str]] = []
        lock = threading.Lock()
        stop = threading.Event()

        def client(n: int):
            i = n
            while not stop.is_set():
                path = PATHS[i % len(PATHS)]
                i += 1
                status, body, error = fetch(base + path)
                with lock:
                    results.append((time.monotonic(), classify(status, body, error)))

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(args.stop_after)
        stopped_at = time.monotonic()
        pg.stop("fast")
        print(f"t={stopped_at - started:5.1f}s  PostgreSQL stopped")
        time.sleep(args.down)
        pg.start()
        back_at = time.monotonic()
        print(f"t={back_at - started:5.1f}s  PostgreSQL accepting connections again")
        time.sleep(max(0.0, args.seconds - (back_at - started)))
        stop.set()
        for thread in threads:
            thread.join()

        phases = collections.OrderedDict(
            (name, collections.Counter()) for name in ("before", "during", "after")
        )
        first_ok_after = None
        for at, kind in results:
            phase = "before" if at < stopped_at else "during" if at < back_at else "after"
            phases[phase][kind] += 1
            if phase == "after" and kind == "ok" and first_ok_after is None:
                first_ok_after = at - back_at
        print()
        print(f"{'phase':8} {'requests':>8}  answers by kind")
        for name, counter in phases.items():
            kinds = ", ".join(f"{kind}: {count}" for kind, count in counter.most_common())
            print(f"{name:8} {sum(counter.values()):8}  {kinds}")
        after = phases["after"]
        if first_ok_after is None:
            print("\nNo page was served after PostgreSQL came back.")
        else:
            print(f"\nFirst page served {first_ok_after:.2f} s after PostgreSQL was back.")
        errors_after = sum(c for kind, c in after.items() if kind != "ok")
        print(f"After recovery: {after['ok']} ok, {errors_after} not ok.")
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            gunicorn.wait(30)
        pg.remove()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
