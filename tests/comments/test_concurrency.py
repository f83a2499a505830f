"""Many readers posting at once: every comment is stored, none twice (PostgreSQL).

Real commits (transactional database), one thread and one connection per reader.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from comments.models import Comment
from tests.factories import make_article

from .helpers import comment_url, form_data

READERS = 50

# Up to 50 connections each: `make test` runs these on their own, after the parallel run
# (beside it they could pass PostgreSQL's default max_connections of 100).
pytestmark = pytest.mark.alone


def _wait_for_room(connections: int, seconds: float = 120) -> None:
    """Block until `connections` more can be opened (with a margin of 5), or fail."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT current_setting('max_connections')::int - count(*) FROM pg_stat_activity"
            )
            free = cursor.fetchone()[0]
            if free >= connections + 5:
                return
            if time.monotonic() > deadline:
                pytest.fail(
                    f"PostgreSQL has room for {free} connections; this test needs {connections}"
                )
            time.sleep(0.2)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_50_concurrent_posts_store_exactly_50_comments():
    article = make_article()
    url = comment_url(article)
    start = threading.Barrier(READERS, timeout=30)
    _wait_for_room(READERS)

    def post(n):
        try:
            client = Client()
            start.wait()
            response = client.post(
                url,
                form_data(comment=f"Concurrent remark {n}"),
                REMOTE_ADDR=f"198.51.100.{n + 1}",
            )
            return response.status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=READERS) as pool:
        statuses = list(pool.map(post, range(READERS), timeout=120))

    assert statuses == [302] * READERS
    assert Comment.objects.filter(article=article).count() == READERS
    bodies = set(Comment.objects.values_list("body", flat=True))
    assert bodies == {f"Concurrent remark {n}" for n in range(READERS)}
    assert not Comment.objects.exclude(status=Comment.Status.PENDING).exists()


def _burst(url, payloads, *, remote_addrs):
    """POST every payload at the same instant, one thread and connection each."""
    start = threading.Barrier(len(payloads), timeout=30)
    _wait_for_room(len(payloads))

    def post(n):
        try:
            client = Client()
            start.wait()
            return client.post(url, payloads[n], REMOTE_ADDR=remote_addrs[n]).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(payloads)) as pool:
        return list(pool.map(post, range(len(payloads)), timeout=120))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_burst_from_one_ip_stores_exactly_one_comment(settings):
    """The flood limit holds under a burst: one comment per COMMENTS_FLOOD_SECONDS per IP,
    however many arrive at the same instant (the others get 429)."""
    settings.COMMENTS_FLOOD_SECONDS = 60
    article = make_article()
    burst = 20
    statuses = _burst(
        comment_url(article),
        [form_data(comment=f"Burst remark {n}") for n in range(burst)],
        remote_addrs=["203.0.113.77"] * burst,
    )
    assert sorted(statuses) == [302] + [429] * (burst - 1)
    assert Comment.objects.filter(article=article).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_40_identical_simultaneous_posts_store_exactly_one(settings):
    """The duplicate check holds under a burst: the same text from the same email on the
    same article is stored once, even from 40 addresses at the same instant."""
    settings.COMMENTS_FLOOD_SECONDS = 60
    article = make_article()
    copies = 40
    same = form_data(comment="Exactly the same words", email="twin@example.com")
    statuses = _burst(
        comment_url(article),
        [same] * copies,
        remote_addrs=[f"198.51.100.{n + 1}" for n in range(copies)],
    )
    assert sorted(statuses) == [302] + [400] * (copies - 1)
    assert Comment.objects.filter(article=article, body="Exactly the same words").count() == 1
