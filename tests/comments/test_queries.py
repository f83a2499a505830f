"""Query budgets with comments: fixed, whatever the number of comments.

Article page, on top of the foundation's queries: the discussion settings (1),
the counts (1) and one page of threads with their replies (1) = 3 more. The moderation queue: session, user,
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
def bulk_thread(n_threads, *, replies_per_thread=2):
    """An article with `n_threads` top-level comments, each with a chain of replies."""
    from datetime import timedelta

    from django.utils import timezone

    article = make_article()
    start = timezone.now() - timedelta(days=1)
    fields = {
        "article": article,
        "author_email": "reader@example.com",
        "status": Comment.Status.APPROVED,
        "spam_verdict": Comment.Verdict.HAM,
    }
    roots = Comment.objects.bulk_create(
        Comment(
            author_name=f"Reader {i}",
            body=f"Top-level comment {i}",
            created_at=start + timedelta(seconds=i * 10),
            **fields,
        )
        for i in range(n_threads)
    )
    parents = roots
    for level in range(1, replies_per_thread + 1):
        parents = Comment.objects.bulk_create(
            Comment(
                author_name="Replier",
                body=f"Reply {level} to {parent.pk}",
                parent=parent,
                depth=level,
                created_at=parent.created_at + timedelta(seconds=1),
                **fields,
            )
            for parent in parents
        )
    return article


@pytest.mark.django_db
@pytest.mark.parametrize("page", [1, 10])
def test_comment_pages_cost_the_same_with_20_and_3000_comments(page):
    """Paging reads one page of threads, not the whole discussion: the first and a
    middle page of a 3,000-comment discussion cost what a 20-comment one does."""
    small = bulk_thread(7, replies_per_thread=2)  # 21 comments, one page
    big = bulk_thread(1000, replies_per_thread=2)  # 3,000 comments, 20 pages of 50
    client = Client()
    count_queries(client, small.get_absolute_url())  # warm-up
    small_count = count_queries(client, small.get_absolute_url(), {"cpage": page})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(big.get_absolute_url(), {"cpage": page})
    assert response.status_code == 200
    assert len(ctx.captured_queries) == small_count
    # The page shows its 50 threads with their replies, and knows the whole count.
    content = response.content.decode()
    assert content.count("Reply 2 to ") == 50  # every shown thread with its replies
    assert f"Page {page} of 20" in content
    assert "3,000 comments" in content or "3000 comments" in content
    first_shown = (page - 1) * 50
    assert f"Top-level comment {first_shown}<" in content
    assert f"Top-level comment {first_shown + 50}<" not in content


@pytest.mark.django_db
def test_article_page_stays_within_eleven_queries_with_or_without_comments():
    article = build(50)
    with_comments = count_queries(Client(), article.get_absolute_url())
    Comment.objects.all().delete()
    # The same three: settings + counts + the (now empty) page of threads.
    assert count_queries(Client(), article.get_absolute_url()) == with_comments
    assert with_comments <= 11  # tests/articles/test_queries.py lists them


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
    """Whatever the size of the discussion: for a reply (its ancestors, then the threads
    before its thread) and for a top-level comment (no ancestors to read)."""
    small, big = build(3), build(200)
    last_small = Comment.objects.filter(article=small).latest("pk")
    last_big = Comment.objects.filter(article=big).latest("pk")
    assert last_small.parent_id  # a reply
    assert last_big.parent_id  # a reply
    first_small = Comment.objects.filter(article=small).earliest("pk")
    first_big = Comment.objects.filter(article=big).earliest("pk")

    def redirect_count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert Client().get(url).status_code == 302
        return len(ctx.captured_queries)

    assert redirect_count(last_small.get_absolute_url()) == redirect_count(
        last_big.get_absolute_url()
    )
    top_level = redirect_count(first_small.get_absolute_url())
    assert top_level == redirect_count(first_big.get_absolute_url())
    assert top_level == redirect_count(last_big.get_absolute_url()) - 1


def test_moderation_queue_query_count_does_not_grow_with_comments(moderator_client):
    small = build(2, threaded=False)
    count_queries(moderator_client, "/admin/comments/comment/")
    first = count_queries(moderator_client, "/admin/comments/comment/")
    for _ in range(60):
        make_comment(small, status="pending")
    make_comment(make_article(), status="spam")
    assert count_queries(moderator_client, "/admin/comments/comment/") == first
