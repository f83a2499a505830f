"""Query plans of comment reads on PostgreSQL stay on the indexes.

A discussion page's one query: with the planner free to choose (sequential scans allowed, statistics gathered), a
page of threads must not read the whole comment table: not the roots' parent check
(an EXISTS that PostgreSQL may turn into a hash of every approved comment) nor the
replies (a recursive join it may plan as a hash join over the table). Both happened
on a 10,000-comment archive, where the page's query took 8 ms instead of 0.3 ms.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.models import Comment

from .test_queries import bulk_thread

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def discussion_plan(url: str, cookies: dict | None = None) -> str:
    client = Client()
    for name, value in (cookies or {}).items():
        client.cookies[name] = value
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    (sql,) = [q["sql"] for q in ctx.captured_queries if "WITH RECURSIVE shown" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def discussions():
    """A 3,000-comment discussion and a small one beside it, statistics gathered."""
    small = bulk_thread(7, replies_per_thread=2)
    big = bulk_thread(1000, replies_per_thread=2)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE comments_comment")
    return small, big


@pytest.mark.parametrize("which", [0, 1])
def test_a_page_of_threads_reads_only_through_indexes(discussions, which):
    text = discussion_plan(discussions[which].get_absolute_url())
    assert "Seq Scan" not in text, text
    assert "Hash" not in text, text  # neither a hashed subplan nor a hash join
    conditions = [line for line in text.splitlines() if "Index Cond:" in line]
    assert any("article_id = " in line for line in conditions), text  # the roots
    assert any("parent_id = " in line for line in conditions), text  # the replies


def test_a_readers_own_pending_comment_keeps_the_plan(discussions):
    """The page of a reader whose own pending comment is shown (named by a signed cookie)."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from comments import discussion

    _, big = discussions
    mine = Comment.objects.filter(article=big).order_by("-pk").first()
    Comment.objects.filter(pk=mine.pk).update(status=Comment.Status.PENDING)
    response = HttpResponse()
    discussion.remember_own_comment(RequestFactory().get("/"), response, mine.pk)
    cookie = response.cookies[discussion.MINE_COOKIE].value
    text = discussion_plan(big.get_absolute_url(), {discussion.MINE_COOKIE: cookie})
    assert "'pending'" in text  # the reader's own comment is asked for
    assert "Seq Scan" not in text, text
    assert "Hash" not in text, text


def _article_with_readers(n: int = 2000):
    """An article with `n` approved comments, each from its own address."""
    from tests.factories import make_article

    article = make_article()
    Comment.objects.bulk_create(
        Comment(
            article=article,
            author_name="Reader",
            author_email=f"reader{i}@example.com",
            body=f"Comment {i}",
            status=Comment.Status.APPROVED,
        )
        for i in range(n)
    )
    return article


def _rule_plan(comment):
    """The plan of the returning-commenter rule's query for `comment`, statistics fresh."""
    from comments.holds import hold_reason

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE comments_comment")
    with CaptureQueriesContext(connection) as ctx:
        held = hold_reason(comment)
    (sql,) = [q["sql"] for q in ctx.captured_queries if "UPPER(" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return held, "\n".join(row[0] for row in cursor.fetchall())


def test_the_returning_commenter_rule_reads_an_index():
    """Every spam check that Akismet passes asks whether the email already has an
    approved comment, case-insensitively (UPPER(author_email)); without an index on
    that expression it scanned the whole table: 590 ms a check on 1,000,000 comments."""
    from .helpers import make_comment

    article = _article_with_readers()
    comment = make_comment(article, author_email="New.Reader@Example.com")
    _, text = _rule_plan(comment)
    assert "comment_email_ci_idx" in text, text
    assert "Seq Scan" not in text, text


def test_the_duplicate_check_reads_only_that_text():
    """Every post asks whether this email already posted this text here. Through the
    article index it read every comment of the article (6 ms for 11,000, on every
    post); through (article, md5(body)) it reads the comments with that text."""
    article = bulk_thread(1500, replies_per_thread=1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE comments_comment")
    with CaptureQueriesContext(connection) as ctx:
        assert Comment.objects.is_duplicate(
            article=article, email="READER@example.com", body="Top-level comment 7"
        )
        assert not Comment.objects.is_duplicate(
            article=article, email="reader@example.com", body="Not posted"
        )
    for query in ctx.captured_queries:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + query["sql"])
            text = "\n".join(row[0] for row in cursor.fetchall())
        assert "comment_article_body_idx" in text, text
        assert "Rows Removed by Filter" not in text, text


def test_the_returning_commenter_rule_reads_an_index_for_a_frequent_address():
    """A spam run posts thousands of comments from one address, none approved. Asked
    with LIMIT 1 (exists()), PostgreSQL planned a sequential scan expected to stop at
    the first approved comment of that frequent address, and read the whole table on
    every check (0.4 s on 1,000,000 comments); counted, the index is read."""
    from .helpers import make_comment

    article = _article_with_readers()
    Comment.objects.bulk_create(
        Comment(
            article=article,
            author_name="Bot",
            author_email="bot@example.com",
            body=f"Spam {i}",
            status=Comment.Status.PENDING,
        )
        for i in range(6000)
    )
    comment = make_comment(article, author_email="BOT@example.com", status=Comment.Status.PENDING)
    held, text = _rule_plan(comment)
    assert held is not None  # not a returning commenter
    assert "Seq Scan" not in text, text
