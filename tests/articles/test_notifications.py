"""Workflow emails: editors hear of submissions, journalists of decisions."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from articles import notifications, workflow
from articles.models import Article
from articles.roles import EDITORS
from tests.articles.workflow_helpers import change_url, draft_for, form_data
from tests.factories import make_user


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Use as `with committing():` to run the after-commit emails at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_submitting_emails_every_editor_but_not_the_journalist(journalist, editor, committing):
    """Editors are told an article waits for review, with a link to it."""
    other_editor = make_user("editor2", group=EDITORS)
    article = draft_for(journalist, title="Flood warning")
    with committing():
        workflow.submit(article=article, actor=journalist, note="Ready for a look")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "For review: Flood warning"
    assert sorted(message.to) == sorted([editor.email, other_editor.email])
    assert "Ready for a look" in message.body
    assert change_url(article) in message.body


def test_requesting_changes_emails_the_journalist_with_the_note(journalist, editor, committing):
    article = draft_for(journalist, status=Article.Status.IN_REVIEW, title="Budget")
    with committing():
        workflow.request_changes(article=article, actor=editor, note="Add the council's response.")
    (message,) = mail.outbox
    assert message.to == [journalist.email]
    assert message.subject == "Changes requested: Budget"
    assert "Add the council's response." in message.body


def test_publishing_emails_the_journalist(journalist, editor, committing):
    article = draft_for(journalist, status=Article.Status.IN_REVIEW, title="Out now")
    with committing():
        workflow.publish(article=article, actor=editor)
    (message,) = mail.outbox
    assert message.to == [journalist.email]
    assert message.subject == "Published: Out now"
    assert article.get_absolute_url() in message.body


def test_scheduling_tells_the_journalist_when(journalist, editor, committing):
    article = draft_for(journalist, status=Article.Status.IN_REVIEW, title="Later")
    with committing():
        workflow.publish(article=article, actor=editor, at=timezone.now() + timedelta(days=1))
    (message,) = mail.outbox
    assert message.subject == "Scheduled: Later"
    assert "scheduled to be published on" in message.body


def test_bylined_journalists_are_told_too(journalist, second_journalist, editor, committing):
    article = draft_for(journalist, status=Article.Status.IN_REVIEW)
    article.bylines.create(author=second_journalist.author_profile, position=1)
    with committing():
        workflow.publish(article=article, actor=editor)
    assert sorted(mail.outbox[0].to) == sorted([journalist.email, second_journalist.email])


def test_the_admin_button_sends_the_email_after_commit(
    editor_client, editor, journalist, committing
):
    article = draft_for(journalist, status=Article.Status.IN_REVIEW)
    with committing():
        editor_client.post(
            change_url(article),
            form_data(article, editor, _workflow="request_changes", _workflow_note="Tighten it."),
        )
    assert [m.subject for m in mail.outbox] == [f"Changes requested: {article.title}"]


def test_a_mail_failure_does_not_undo_the_decision(journalist, editor, monkeypatch):
    """Emails are best effort: the transition stands and the error is logged."""

    def broken_send(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken_send)
    article = draft_for(journalist, status=Article.Status.IN_REVIEW)
    event = workflow.publish(article=article, actor=editor)
    assert notifications.article_published(event) == 0
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_unpublishing_sends_no_email(journalist, editor, committing):
    article = draft_for(journalist, status=Article.Status.PUBLISHED, published_at=timezone.now())
    with committing():
        workflow.unpublish(article=article, actor=editor)
    assert mail.outbox == []


def test_with_the_database_backend_no_email_is_sent_inside_the_request(
    journalist, editor, committing, settings
):
    """Production: the transition enqueues the email for the worker; the editor's request
    never talks to the mail server."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    article = draft_for(journalist, title="Queued, not sent")
    with committing():
        workflow.submit(article=article, actor=journalist)
    assert mail.outbox == []
    (queued,) = DBTaskResult.objects.filter(task_path="articles.tasks.send_workflow_email")
    assert queued.status == "READY"

    # What the worker then does with it.
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    (message,) = mail.outbox
    assert message.subject == "For review: Queued, not sent"


def test_a_workflow_email_about_a_deleted_event_sends_nothing(journalist, editor, committing):
    from articles.tasks import send_workflow_email

    assert send_workflow_email.call(987654, "submitted") == 0
    assert mail.outbox == []
