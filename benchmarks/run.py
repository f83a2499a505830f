"""`make bench`: time the reader's pages in-process against a populated database.

Not a test: it measures and prints. It builds its own database (a SQLite file
under .bench/, or BENCH_DATABASE_URL for PostgreSQL, which is dropped and
recreated), fills it with BENCH_ARTICLES articles (default 2,000) with several
bylines and tags each, then requests every public page BENCH_ROUNDS times
(default 30) through Django's test client, with the page cache off (each request
renders), and prints median and p95 milliseconds and the query count per page.

Then the worst case for search (PostgreSQL only): an article made of long runs
of short URL-encoded tokens searched with a query of many terms, timed as
served (terms capped, snippet over a bounded prefix of the body) and as it was
before those bounds (every term, the whole body), with the statement timeout off
for both so that the difference is visible.
"""

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ["DEBUG"] = "false"
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
BENCH_DIR = ROOT / ".bench"
BENCH_DIR.mkdir(exist_ok=True)
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")
# One client searches many times a second: the per-IP search limit would answer 429.
os.environ.setdefault("SEARCH_RATE_LIMIT", "0")
# What a page costs to render: with the page cache on, every round after the first would
# time a stored copy (`make bench-load` measures the cache). The shared fragments stay on,
# as in production (FRAGMENT_CACHE_ENABLED=false to time pages without them).
os.environ.setdefault("PAGE_CACHE_ENABLED", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "2000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
# The unbounded worst case takes seconds a request: a few rounds say enough.
WORST_ROUNDS = int(os.environ.get("BENCH_WORST_ROUNDS", "3"))


def build():
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article, Byline, Section, Tag
    from authors.models import Author

    if connection.vendor == "sqlite":
        db = Path(settings.DATABASES["default"]["NAME"])
        connection.close()
        db.unlink(missing_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    if Article.objects.count() >= ARTICLES:
        return
    Article.objects.all().delete()
    sections = [
        Section.objects.create(name=f"Section {i}", slug=f"s{i}", position=i) for i in range(6)
    ]
    tags = [Tag.objects.create(name=f"Tag {i}", slug=f"t{i}") for i in range(60)]
    authors = [Author.objects.create(name=f"Author {i}", slug=f"a{i}") for i in range(40)]
    now = timezone.now()
    body = "<p>" + ("All the news that fits, and then some more words. " * 40) + "</p>"
    articles = Article.objects.bulk_create(
        Article(
            title=f"Headline number {i}",
            slug=f"headline-{i}",
            standfirst="A standfirst that sets the scene in a sentence or two.",
            body=body,
            section=sections[i % len(sections)],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=i * 3),
            is_editors_pick=(i % 17 == 0),
        )
        for i in range(ARTICLES)
    )
    Byline.objects.bulk_create(
        Byline(article=a, author=authors[(i + k) % len(authors)], position=k)
        for i, a in enumerate(articles)
        for k in range(3)
    )
    Through = Article.tags.through
    Through.objects.bulk_create(
        Through(article_id=a.pk, tag_id=tags[(i * 7 + k) % len(tags)].pk)
        for i, a in enumerate(articles)
        for k in range(5)
    )


def pages():
    from articles.models import Article

    article = Article.objects.live().newest_first()[10]
    return {
        "front": "/",
        "article": article.get_absolute_url(),
        "section": "/section/s1/",
        "section p10": "/section/s1/?page=10",
        "tag": "/tag/t3/",
        "author": "/author/a5/",
        "archive": "/archive/",
        "archive month": f"/archive/{article.published_at:%Y}/{article.published_at:%m}/",
        "search": "/search/?q=headline",
        "feed": "/feed/",
        "sitemap": "/sitemap.xml",
    }


def measure(client, url, rounds=ROUNDS):
    timings = []
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    queries = len(ctx.captured_queries)
    for _ in range(rounds):
        reset_queries()
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return status, queries, statistics.median(timings), p95


# Long runs of short tokens, as in URL-encoded text pasted into an article.
_ENCODED_RUNS = ["%20a%2Fb", "%3Ac%20", "x%20y", "%2F%2Fq", "20%2F20", "%3D1%26", "b%3D2"]
WORST_QUERY = " ".join(["20a 2fb 3ac 20y 2fq 2f20 3d1 26 3d2 x b 20 2f"] * 3)


def worst_case_search(client):
    """Time /search/ for the pathological article, bounded (as served) and unbounded."""
    import random

    from articles import search as article_search
    from articles.models import Article

    if connection.vendor != "postgresql":
        print("worst-case search: PostgreSQL only (set BENCH_DATABASE_URL)")
        return
    rng = random.Random(11)  # noqa: S311 - repeatable filler text, not a secret
    text = " ".join(rng.choice(_ENCODED_RUNS) for _ in range(40_000))
    article = Article.objects.filter(slug="bench-encoded").first()
    if article is None:
        template = Article.objects.live().first()
        Article.objects.create(
            title="Encoded",
            slug="bench-encoded",
            body=f"<p>{text}</p>",
            section=template.section,
            status=Article.Status.PUBLISHED,
            published_at=template.published_at,
        )
    url = "/search/?" + urlencode({"q": WORST_QUERY})
    words = len(WORST_QUERY.split())
    print(f"\nWorst-case search: {len(text):,}-character encoded article, {words}-word query")
    settings.SEARCH_TIMEOUT_MS = 0
    bounds = (article_search.HEADLINE_BODY_CHARS, article_search.MAX_QUERY_TERMS)
    try:
        for label, body_chars, terms in [
            ("unbounded", 10**9, 10**6),
            ("bounded", *bounds),
        ]:
            article_search.HEADLINE_BODY_CHARS, article_search.MAX_QUERY_TERMS = body_chars, terms
            status, queries, median, p95 = measure(client, url, rounds=WORST_ROUNDS)
            print(f"{label:<15}{status:>7}{queries:>9}{median:>11.1f}{p95:>9.1f}")
    finally:
        article_search.HEADLINE_BODY_CHARS, article_search.MAX_QUERY_TERMS = bounds


def main():
    print(f"Building {ARTICLES} articles on {connection.vendor} …", flush=True)
    build()
    client = Client()
    print(f"{'page':<15}{'status':>7}{'queries':>9}{'median ms':>11}{'p95 ms':>9}")
    # BENCH_ONLY=worst-search skips the pages and times only the worst-case search.
    if os.environ.get("BENCH_ONLY") != "worst-search":
        for name, url in pages().items():
            status, queries, median, p95 = measure(client, url)
            print(f"{name:<15}{status:>7}{queries:>9}{median:>11.1f}{p95:>9.1f}")
    worst_case_search(client)
    print(
        "\nThese are in-process costs. The site under load beside nginx (requests/s and the"
        "\nratio to static for each target, on a 100,000-article archive) is the load mode:"
        "\n    BENCH_DATABASE_URL=postgres://…/newsroom_bench make bench-load"
        "\n(docs/performance.md, Measuring)."
    )


if __name__ == "__main__":
    main()
