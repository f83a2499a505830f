"""With the database tasks backend, a comment's spam check is written in the comment's
own transaction: one commit, and never a comment without its check (or a check
without its comment)."""

import logging

import pytest
from django.db import transaction
from django.test import Client
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from comments.models import Comment
from tests.factories import make_article

from .helpers import comment_url, form_data


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def check_tasks():
    return DBTaskResult.objects.filter(task_path="comments.tasks.check_comment")


@pytest.mark.django_db
def test_a_posted_comment_has_its_check_queued_without_waiting_for_commit(database_backend):
    article = make_article()
    response = Client().post(comment_url(article), form_data(comment="Queued with me"))
    assert response.status_code in (302, 303)
    comment = Comment.objects.get()
    # No on-commit callback has run (the test's transaction never commits), yet the
    # task row is there: it was written in the comment's transaction.
    (task,) = check_tasks()
    assert task.args_kwargs["args"] == [comment.pk]


@pytest.mark.django_db
def test_a_rolled_back_comment_leaves_no_check_behind(database_backend):
    article = make_article()

    class Undo(Exception):
        pass

    def post_then_fail():
        with transaction.atomic():
            Client().post(comment_url(article), form_data(comment="Never kept"))
            assert check_tasks().count() == 1
            raise Undo

    with pytest.raises(Undo):
        post_then_fail()
    assert not Comment.objects.exists()
    assert not check_tasks().exists()


@pytest.mark.django_db
def test_a_queue_that_refuses_the_task_keeps_the_comment(database_backend, monkeypatch, caplog):
    article = make_article()

    def refuse(*args, **kwargs):
        raise RuntimeError("queue table unavailable")

    monkeypatch.setattr(DatabaseBackend, "_task_to_db_task", refuse)
    with caplog.at_level(logging.ERROR, logger="comments.tasks"):
        response = Client().post(comment_url(article), form_data(comment="Kept anyway"))
    assert response.status_code in (302, 303)
    assert Comment.objects.get().body == "Kept anyway"
    assert not check_tasks().exists()
    assert "recheck_comments will find it" in caplog.text


@pytest.mark.django_db
def test_other_backends_still_enqueue_after_commit(django_capture_on_commit_callbacks):
    article = make_article()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Client().post(comment_url(article), form_data(comment="After commit"))
    assert Comment.objects.get().spam_verdict == Comment.Verdict.UNCHECKED
    assert callbacks  # the immediate backend runs the check once the comment commits


@pytest.mark.django_db
def test_a_held_comments_notice_goes_out_with_its_check_not_as_another_task(
    database_backend, moderator, django_capture_on_commit_callbacks
):
    """The worker's check of a comment left pending emails the moderators itself (rate
    limited): no task row, claim and two commits per held comment for a notice."""
    from django.core import mail

    from comments import tasks

    article = make_article()
    Client().post(comment_url(article), form_data(comment="Held for a person"))
    comment = Comment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.check_comment.call(comment.pk)  # what the worker runs for the task row
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING  # no key: not checked, held
    assert len(mail.outbox) == 1
    assert "Held for a person" in mail.outbox[0].body
    assert not DBTaskResult.objects.filter(task_path="comments.tasks.notify_moderators").exists()
