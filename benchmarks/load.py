"""`make bench-load`: Newsroom under load, side by side with nginx serving a static file.

Not a test: it measures and prints. In one run it

1. builds a PostgreSQL database (BENCH_DATABASE_URL, required; created if
   missing) with `seed_bench` (BENCH_ARTICLES articles, BENCH_COMMENTS
   comments; default 100,000 and 1,000,000), unless that database already
   holds that archive (then it is reused, with the comments earlier runs
   posted: BENCH_RESEED=1 rebuilds it anyway); and a small one beside it
   (BENCH_SMALL_DATABASE_URL, default the same name + "_small";
   BENCH_SMALL_ARTICLES / BENCH_SMALL_COMMENTS, default 1,000 and 10,000)
   for the growth targets;
2. starts the site as in production (DEBUG off, gunicorn.conf.py with 2 sync
   workers, persistent connections, the database tasks backend and its
   worker, checking comments with a loopback Akismet): once with the page
   cache and once without it (the fragment cache on: "cache off"), once with
   neither ("no fragments either"), once without the page cache on the small
   archive; and beside them a bare Django view of the same article and
   comments, and a bare Django form view taking the same comment POST
   (benchmarks/bare/);
3. saves the article page with 20 comments as a static file and serves it
   with nginx on loopback;
4. drives every target with `wrk -t2 -c32` (the 3,000-comment article with
   one connection: single requests, one after the other), target after target,
   round after round (BENCH_ROUNDS, default 3, of BENCH_SECONDS, default 5), so
   that the machine's noise falls on all of them alike; both databases are
   vacuumed and analyzed first, and the task table after each target's tasks
   are done (autovacuum's work, which may be off on a benchmark machine);
5. prints requests/s, p50 and p99 latency and the ratio to nginx of the same
   round (the median over rounds), then how much the single-request p50 of the
   front, article, section and search pages grows from the small archive to
   the large one (asked in turn at the end of each round, so that the
   machine's drift falls on both), and writes benchmarks/results.json.

Ports 8140-8146 by default (BENCH_PORT_BASE; 8146 is the loopback Akismet). Needs `wrk` and `nginx`
(Debian: `apt-get install wrk nginx-light`); says so if they are missing.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .servers import (
    Processes,
    drain,
    ensure_database,
    fail,
    gunicorn,
    loopback_akismet,
    nginx,
    tools,
    vacuum,
    wait_for,
    wait_for_tasks,
)
from .wrk import post_script, run_wrk

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "benchmarks" / "results.json"

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "1000000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
PORT_BASE = int(os.environ.get("BENCH_PORT_BASE", "8140"))
CACHED_PORT, UNCACHED_PORT, NGINX_PORT, BARE_PORT, SMALL_PORT, NOCACHE_PORT, AKISMET_PORT = (
    PORT_BASE + n for n in range(7)
)
# The archive the growth targets compare with: about the size of the demo content.
# BENCH_ONLY=post,cache: only the targets whose names contain one of these words (and
# nginx, which every ratio needs); a quicker look while working on one of them.
ONLY = [w.strip().lower() for w in os.environ.get("BENCH_ONLY", "").split(",") if w.strip()]
SMALL_ARTICLES = int(os.environ.get("BENCH_SMALL_ARTICLES", "1000"))
SMALL_COMMENTS = int(os.environ.get("BENCH_SMALL_COMMENTS", "10000"))
# Pages whose single-request latency must not grow with the archive (issue target: < 20 %).
GROWTH_PAGES = [
    ("front", "/"),
    ("article", "small"),
    ("section", "/section/news/"),
    ("search", "/search/?q=council"),
]


def small_database_url() -> str:
    """BENCH_SMALL_DATABASE_URL, or BENCH_DATABASE_URL's database name + "_small"."""
    if os.environ.get("BENCH_SMALL_DATABASE_URL"):
        return os.environ["BENCH_SMALL_DATABASE_URL"]
    parts = urlsplit(os.environ["BENCH_DATABASE_URL"])
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_small"))


def site_env(*, page_cache: bool, database_url: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url or os.environ["BENCH_DATABASE_URL"],
        DEBUG="false",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-" + secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="http://127.0.0.1",
        CONN_MAX_AGE="600",
        TASKS_BACKEND="database",
        PAGE_CACHE_ENABLED="true" if page_cache else "false",
        PAGE_CACHE_DIR=str(ROOT / ".bench" / "page-cache"),
        # Every request comes from 127.0.0.1: the per-IP comment flood interval and the
        # search rate limit would refuse all but the first few. The rest of the write
        # path and of search runs as in production.
        COMMENTS_FLOOD_SECONDS="0",
        # The worker checks every comment with a loopback stand-in for Akismet
        # (servers.loopback_akismet: valid key, every comment ham).
        AKISMET_API_KEY="bench-key",
        AKISMET_API_URL=f"http://127.0.0.1:{AKISMET_PORT}",
        SEARCH_RATE_LIMIT="0",
        # As nginx below: no access log. Workers are not recycled during a run.
        GUNICORN_ACCESS_LOG="off",
        GUNICORN_MAX_REQUESTS="0",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def build_database(env: dict[str, str], wanted: tuple[int, int]) -> dict[str, str]:
    """Create, migrate, seed unless the archive is already there, and name the pages."""
    want_articles, want_comments = wanted
    ensure_database(env["DATABASE_URL"])
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    probe = (
        "from articles.models import Article; from comments.models import Comment; "
        "print(Article.objects.count(), Comment.objects.count())"
    )
    articles, comments = map(int, manage("shell", "-v0", "-c", probe, env=env).split())
    # Comment POSTs of earlier runs add comments: more than asked is the same archive.
    if articles != want_articles or comments < want_comments or os.environ.get("BENCH_RESEED"):
        print(f"Seeding {want_articles:,} articles and {want_comments:,} comments …", flush=True)
        started = time.monotonic()
        manage(
            "seed_bench",
            "--articles",
            str(want_articles),
            "--comments",
            str(want_comments),
            "--replace",
            env=env,
        )
        print(f"  seeded in {time.monotonic() - started:.0f} s", flush=True)
    else:
        print(f"Reusing the seeded archive ({articles:,} articles, {comments:,} comments).")
    names = (
        "from articles.models import Article; import json; "
        "a = lambda slug: Article.objects.get(slug=slug).get_absolute_url(); "
        "print(json.dumps({'small': a('bench-small-thread'), 'big': a('bench-big-thread'), "
        "'post': a('story-2') + 'comment/'}))"
    )
    return json.loads(manage("shell", "-v0", "-c", names, env=env))


def main() -> None:
    if "BENCH_DATABASE_URL" not in os.environ:
        fail(
            "Set BENCH_DATABASE_URL to a PostgreSQL database this benchmark may fill "
            "(e.g. postgres://postgres@127.0.0.1:5432/newsroom_bench)."
        )
    wrk_binary, nginx_binary = tools()
    cached_env, uncached_env = site_env(page_cache=True), site_env(page_cache=False)
    uncached_env["SECRET_KEY"] = cached_env["SECRET_KEY"]
    pages = build_database(cached_env, (ARTICLES, COMMENTS))
    small_env = site_env(page_cache=False, database_url=small_database_url())
    small_env["SECRET_KEY"] = cached_env["SECRET_KEY"]
    small_pages = build_database(small_env, (SMALL_ARTICLES, SMALL_COMMENTS))
    for url in (cached_env["DATABASE_URL"], small_env["DATABASE_URL"]):
        vacuum(url)
    shutil.rmtree(ROOT / ".bench" / "page-cache", ignore_errors=True)
    processes = Processes()
    logs = ROOT / ".bench"
    logs.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    akismet = loopback_akismet(AKISMET_PORT)
    try:
        gunicorn(processes, CACHED_PORT, cached_env, logs / "gunicorn-cached.log")
        gunicorn(processes, UNCACHED_PORT, uncached_env, logs / "gunicorn-uncached.log")
        gunicorn(processes, SMALL_PORT, small_env, logs / "gunicorn-small.log")
        nocache_env = {**uncached_env, "FRAGMENT_CACHE_ENABLED": "false"}
        gunicorn(processes, NOCACHE_PORT, nocache_env, logs / "gunicorn-nocache.log")
        bare_env = {**uncached_env, "DJANGO_SETTINGS_MODULE": "benchmarks.bare.settings"}
        gunicorn(processes, BARE_PORT, bare_env, logs / "gunicorn-bare.log", "benchmarks.bare.wsgi")
        processes.start(
            # As in production (deploy/systemd/newsroom-worker.service), at WORKER_NICE;
            # the periodic jobs' scheduler is left out of the measurement.
            [PYTHON, "manage.py", "run_worker", "--no-scheduler"],
            cwd=ROOT,
            env=cached_env,
            stdout=(logs / "worker.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        cached = f"http://127.0.0.1:{CACHED_PORT}"
        uncached = f"http://127.0.0.1:{UNCACHED_PORT}"
        wait_for(cached + "/healthz")
        wait_for(uncached + "/healthz")
        bare = f"http://127.0.0.1:{BARE_PORT}"
        wait_for(bare + pages["small"])
        small = f"http://127.0.0.1:{SMALL_PORT}"
        wait_for(small + "/healthz")
        nocache = f"http://127.0.0.1:{NOCACHE_PORT}"
        wait_for(nocache + "/healthz")
        with urllib.request.urlopen(uncached + pages["small"]) as response:
            html = response.read()
        nginx(processes, nginx_binary, workdir, html, NGINX_PORT)
        static = f"http://127.0.0.1:{NGINX_PORT}/article.html"
        wait_for(static)
        script = post_script(workdir, UNCACHED_PORT)
        full = {"connections": 32, "threads": 2}
        single = {"connections": 1, "threads": 1}
        targets = [
            ("nginx static (same article HTML)", static, full, None),
            ("article, 20 comments, cache warm", cached + pages["small"], full, None),
            ("article, 20 comments, cache off", uncached + pages["small"], full, None),
            ("article, 20 comments, no fragments either", nocache + pages["small"], full, None),
            ("bare Django view, same article", bare + pages["small"], full, None),
            ("article, 3,000 comments, page 1 (single)", uncached + pages["big"], single, None),
            ("front page, cache off", uncached + "/", full, None),
            ("section page, cache off", uncached + "/section/news/", full, None),
            ("search 'council', cache off", uncached + "/search/?q=council", full, None),
            ("RSS feed, cache off", uncached + "/feed/", full, None),
            ("comment POST (spam check in worker)", uncached + pages["post"], full, script),
            ("bare Django form view, same POST", bare + pages["post"], full, script),
        ]
        growth_pairs = []
        for page, path in GROWTH_PAGES:
            pair = []
            for label, site, named in (("small", small, small_pages), ("large", uncached, pages)):
                url = site + named.get(path, path)
                targets.append((f"growth: {page}, {label} archive (single)", url, single, None))
                pair.append(url)
            growth_pairs.append((page, *pair))
        if ONLY:
            targets = [targets[0]] + [
                target for target in targets[1:] if any(word in target[0].lower() for word in ONLY)
            ]
        kept = {name for name, *_ in targets}
        growth_pairs = [
            pair for pair in growth_pairs if f"growth: {pair[0]}, small archive (single)" in kept
        ]
        for _, url, _, post in targets:  # warm: code paths, the page cache, the database
            if post is None:
                urllib.request.urlopen(url).read()
        # Tasks an earlier run left due (re-checks) are run before anything is measured.
        wait_for_tasks(cached_env["DATABASE_URL"])
        results: dict[str, list[dict]] = {name: [] for name, *_ in targets}
        alternating: dict[str, list[float]] = {page: [] for page, *_ in growth_pairs}
        for number in range(1, ROUNDS + 1):
            print(f"Round {number} of {ROUNDS} …", flush=True)
            for name, url, shape, post in targets:
                drain(
                    cached + "/healthz",
                    uncached + "/healthz",
                    small + "/healthz",
                    nocache + "/healthz",
                    bare + pages["small"],
                )
                wait_for_tasks(cached_env["DATABASE_URL"])
                run = run_wrk(wrk_binary, url, seconds=SECONDS, script=post, **shape)
                if post is not None:
                    # The spam checks the burst queued: how long the worker takes to
                    # finish them once the posting stops.
                    started = time.monotonic()
                    wait_for_tasks(cached_env["DATABASE_URL"])
                    run["checks_done_after_s"] = time.monotonic() - started
                results[name].append(run)
            for page, small_url, large_url in growth_pairs:
                # The growth itself: single requests to the two archives in turn, so
                # that the machine's drift from one target to the next falls on both.
                small_p50, large_p50 = alternating_p50(small_url, large_url, seconds=SECONDS)
                alternating[page].append(large_p50 / small_p50 - 1)
        report(targets, results, alternating)
    finally:
        processes.stop()
        akismet.shutdown()
        shutil.rmtree(workdir, ignore_errors=True)


def alternating_p50(first: str, second: str, *, seconds: float) -> tuple[float, float]:
    """Median latency in ms of single requests to `first` and `second`, asked in turn
    (first, second, second, first, …) one after the other for about `seconds`."""
    times: dict[str, list[float]] = {first: [], second: []}
    deadline = time.monotonic() + seconds
    order = [first, second]
    while time.monotonic() < deadline:
        for url in order:
            started = time.perf_counter()
            with urllib.request.urlopen(url, timeout=60) as response:
                response.read()
            times[url].append((time.perf_counter() - started) * 1000)
        order.reverse()
    return statistics.median(times[first]), statistics.median(times[second])


def report(targets, results, alternating=None) -> None:
    static_name = targets[0][0]
    rows = []
    for name, *_ in targets:
        runs = results[name]
        ratios = [
            run["rps"] / base["rps"] for run, base in zip(runs, results[static_name], strict=True)
        ]
        rows.append(
            {
                "target": name,
                "requests_per_second": round(statistics.median(r["rps"] for r in runs), 1),
                "p50_ms": round(statistics.median(r["p50_ms"] for r in runs), 2),
                "p99_ms": round(statistics.median(r["p99_ms"] for r in runs), 2),
                "ratio_to_nginx": statistics.median(ratios),
                "ratio_by_round": [round(r, 5) for r in ratios],
                "errors": sum(r["errors"] for r in runs),
            }
        )
        if "checks_done_after_s" in runs[0]:
            rows[-1]["checks_done_after_s"] = round(
                statistics.median(r["checks_done_after_s"] for r in runs), 1
            )
    print()
    print(
        f"{'target':<44}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'× nginx':>10}{'non-2xx/3xx':>13}"
    )
    for row in rows:
        print(
            f"{row['target']:<44}{row['requests_per_second']:>10.1f}{row['p50_ms']:>9.2f}"
            f"{row['p99_ms']:>9.2f}{row['ratio_to_nginx'] * 100:>9.2f}%{row['errors']:>13}"
        )
    for row in rows:
        if "checks_done_after_s" in row:
            print(
                f"  {row['target']}: the worker finished the burst's spam checks "
                f"{row['checks_done_after_s']:.1f} s after it ended "
                f"({row['requests_per_second'] * SECONDS:,.0f} posts in {SECONDS} s)"
            )
    by_name = {row["target"]: row for row in rows}
    growth = {}
    for page, _ in GROWTH_PAGES:
        small = by_name.get(f"growth: {page}, small archive (single)", {}).get("p50_ms")
        large = by_name.get(f"growth: {page}, large archive (single)", {}).get("p50_ms")
        growth[page] = large / small - 1 if small and large is not None else None
        if alternating and alternating.get(page):
            growth[page] = statistics.median(alternating[page])
    print(
        f"\nLatency growth, {SMALL_ARTICLES:,}-article archive → {ARTICLES:,} "
        "(p50 of single requests to the two in turn, median of the rounds):"
    )
    for page, change in growth.items():
        print(f"  {page:<10}{change * 100:>+8.1f} %" if change is not None else f"  {page}: n/a")
    RESULTS.write_text(
        json.dumps(
            {
                "growth_p50": growth,
                "growth_p50_by_round": alternating or {},
                "small_archive": {"articles": SMALL_ARTICLES, "comments": SMALL_COMMENTS},
                "articles": ARTICLES,
                "comments": COMMENTS,
                "rounds": ROUNDS,
                "seconds": SECONDS,
                "cpus": os.cpu_count(),
                "load_average_after": os.getloadavg(),
                "rows": rows,
            },
            indent=2,
        )
    )
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
