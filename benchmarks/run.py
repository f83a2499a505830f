"""`make bench`: time the reader's pages in-process against a populated database.

Not a test: it measures and prints. It builds its own database (a SQLite file
under .bench/, or BENCH_DATABASE_URL for PostgreSQL, which is dropped and
recreated), fills it with BENCH_ARTICLES articles (default 2,000) with several
bylines and tags each, then requests every public page BENCH_ROUNDS times
(default 30) through Django's test client and prints median and p95
milliseconds and the query count per page.
"""

import os
import statistics
import sys
import time
from pathlib import Path

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

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "2000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))


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


def measure(client, url):
    timings = []
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    queries = len(ctx.captured_queries)
    for _ in range(ROUNDS):
        reset_queries()
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return status, queries, statistics.median(timings), p95


def main():
    print(f"Building {ARTICLES} articles on {connection.vendor} …", flush=True)
    build()
    client = Client()
    print(f"{'page':<15}{'status':>7}{'queries':>9}{'median ms':>11}{'p95 ms':>9}")
    for name, url in pages().items():
        status, queries, median, p95 = measure(client, url)
        print(f"{name:<15}{status:>7}{queries:>9}{median:>11.1f}{p95:>9.1f}")


if __name__ == "__main__":
    main()
