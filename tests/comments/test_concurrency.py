"""Many readers posting at once: every comment is stored, none twice (PostgreSQL).

Real commits (transactional database), one thread and one connection per reader.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from comments.models import Comment
from tests.factories import make_article

from .helpers import comment_url, form_data

READERS = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_50_concurrent_posts_store_exactly_50_comments():
    article = make_article()
    url = comment_url(article)
    start = threading.Barrier(READERS, timeout=30)

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
