"""A spam verdict being written does not hold up readers posting on the same article.

`apply_verdict` locks the comment's row. It used to lock the article's row too
(`select_for_update()` with `select_related("article")`), and every new comment on
that article (its foreign key is checked at commit with FOR KEY SHARE) waited for
the verdict's transaction: under a burst, posts queued behind the worker. Two real
connections (transactional database, PostgreSQL).
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from comments import holds, moderation
from comments.models import Comment
from comments.spam import CheckResult
from tests.factories import make_article

from .helpers import comment_url, form_data, make_comment

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_post_on_the_article_commits_while_a_verdict_is_being_written(monkeypatch, settings):
    # As in production: the post only queues its check (the worker runs it).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    article = make_article()
    checked = make_comment(article, status=Comment.Status.PENDING, spam_verdict="unchecked")
    inside, release = threading.Event(), threading.Event()
    real_hold_reason = holds.hold_reason

    def hold_reason_then_wait(comment, policy=None):
        inside.set()  # the verdict's transaction holds its locks now
        release.wait(30)
        return real_hold_reason(comment, policy)

    monkeypatch.setattr(moderation, "hold_reason", hold_reason_then_wait)

    def verdict():
        try:
            moderation.apply_verdict(checked.pk, CheckResult(verdict=Comment.Verdict.HAM))
        finally:
            connection.close()

    worker = threading.Thread(target=verdict)
    worker.start()
    try:
        assert inside.wait(30)
        answered = {}

        def post():
            try:
                answered["status"] = (
                    Client()
                    .post(comment_url(article), form_data(comment="Posted meanwhile"))
                    .status_code
                )
            finally:
                connection.close()

        reader = threading.Thread(target=post)
        reader.start()
        reader.join(10)
        assert not reader.is_alive(), "the post waited for the verdict's transaction"
        assert answered["status"] == 302
        assert Comment.objects.filter(body="Posted meanwhile").exists()
    finally:
        release.set()
        worker.join(30)
