"""The arrival locks (comments/arrival.py): posts from one address wait for each other
only while there is a flood limit to hold. Without one (COMMENTS_FLOOD_SECONDS=0: many
readers behind one proxy, say) every post from that address queued behind the one
before it until its commit. Two real connections (transactional database, PostgreSQL).
"""

import threading

import pytest
from django.db import connection, transaction

from comments.arrival import lock_arrival
from comments.models import Comment
from tests.factories import make_article

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _second_arrival_waits(article) -> bool:
    """Hold one arrival's locks in a transaction; True if another arrival from the same
    address (another text) waits for them."""
    held, release = threading.Event(), threading.Event()

    def first():
        try:
            with transaction.atomic():
                lock_arrival(Comment(article=article, body="First", ip_address="203.0.113.9"))
                held.set()
                release.wait(30)
        finally:
            connection.close()

    holder = threading.Thread(target=first)
    holder.start()
    try:
        assert held.wait(30)
        waited = {}

        def second():
            try:
                with transaction.atomic():
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL lock_timeout = '500ms'")
                    try:
                        with transaction.atomic():
                            lock_arrival(
                                Comment(article=article, body="Second", ip_address="203.0.113.9")
                            )
                        waited["answer"] = False
                    except Exception as error:  # lock_timeout: it waited
                        waited["answer"] = "lock timeout" in str(error)
            finally:
                connection.close()

        other = threading.Thread(target=second)
        other.start()
        other.join(10)
        return waited["answer"]
    finally:
        release.set()
        holder.join(30)


def test_with_a_flood_limit_posts_from_one_address_wait_for_each_other(settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    assert _second_arrival_waits(make_article()) is True


def test_without_one_they_do_not(settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    assert _second_arrival_waits(make_article()) is False
