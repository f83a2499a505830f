"""Query budgets with comments: fixed, whatever the number of comments.

Article page, on top of the foundation's queries: the discussion settings (1)
and the visible comments (1) = 2 more. The moderation queue: session, user,
permissions, status counts, the page of comments with their articles.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from tests.factories import make_article
from tests.queries import count_queries

from .helpers import make_comment


def build(n, *, threaded=True):
    article = make_article()
    previous = None
    for i in range(n):
        parent = previous if threaded and i % 3 else None
        previous = make_comment(article, parent=parent)
    return article


@pytest.mark.django_db
def test_article_page_query_count_is_the_same_with_1_and_200_comments():
    small, big = build(1), build(200)
    client = Client()
    count_queries(client, small.get_absolute_url())  # warm-up: nothing process-wide left to load
    assert count_queries(client, small.get_absolute_url()) == count_queries(
        client, big.get_absolute_url()
    )


@pytest.mark.django_db
def test_article_page_stays_within_eleven_queries_with_or_without_comments():
    article = build(50)
    with_comments = count_queries(Client(), article.get_absolute_url())
    Comment.objects.all().delete()
    # The same two: settings + the (now empty) comment list.
    assert count_queries(Client(), article.get_absolute_url()) == with_comments
    assert with_comments <= 11  # ten, and the footer's static pages


@pytest.mark.django_db
def test_poster_view_with_own_pending_comments_costs_no_more(django_capture_on_commit_callbacks):
    from .helpers import comment_url, form_data

    article = build(30)
    client = Client()
    baseline = count_queries(client, article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(comment_url(article), form_data())
    # The follow-up page reads the one-shot message from its cookie: no query.
    assert count_queries(client, article.get_absolute_url()) == baseline


@pytest.mark.django_db
def test_comment_permalink_costs_a_fixed_number_of_queries():
    small, big = build(1), build(200)
    last_small = Comment.objects.filter(article=small).latest("pk")
    last_big = Comment.objects.filter(article=big).latest("pk")

    def redirect_count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert Client().get(url).status_code == 302
        return len(ctx.captured_queries)

    assert redirect_count(last_small.get_absolute_url()) == redirect_count(
        last_big.get_absolute_url()
    )


def test_moderation_queue_query_count_does_not_grow_with_comments(moderator_client):
    small = build(2, threaded=False)
    count_queries(moderator_client, "/admin/comments/comment/")
    first = count_queries(moderator_client, "/admin/comments/comment/")
    for _ in range(60):
        make_comment(small, status="pending")
    make_comment(make_article(), status="spam")
    assert count_queries(moderator_client, "/admin/comments/comment/") == first
