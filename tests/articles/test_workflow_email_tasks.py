"""Workflow emails go through django.tasks after commit, with a timeout on the mail server.

An SMTP server that does not answer must never hold an editor's Publish request:
the request only queues a task; the task gives up after EMAIL_TIMEOUT seconds.
"""

import socket
import threading

import pytest
from django.core import mail

from articles import tasks, workflow
from articles.models import Article
from tests.articles.workflow_helpers import change_url, draft_for, form_data


@pytest.fixture
def queued(settings):
    """A backend that keeps tasks instead of running them, as a worker would find them."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = tasks.send_workflow_email.get_backend()
    backend.clear()
    return backend


def test_publish_request_only_queues_the_email_after_commit(
    editor_client, editor, journalist, queued, django_capture_on_commit_callbacks
):
    article = draft_for(journalist, status=Article.Status.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = editor_client.post(
            change_url(article), form_data(article, editor, _workflow="publish")
        )
    assert response.status_code == 302
    assert queued.results == []  # nothing queued before the transaction commits
    for callback in callbacks:
        callback()
    (result,) = queued.results
    event = article.events.get(to_status=Article.Status.PUBLISHED)
    assert result.args == [event.pk, "published"]
    assert mail.outbox == []  # sent by a worker, not by the editor's request


def test_the_task_sends_the_email(journalist, editor):
    article = draft_for(journalist, status=Article.Status.IN_REVIEW, title="Budget")
    event = workflow.publish(article=article, actor=editor)
    mail.outbox.clear()
    assert tasks.send_workflow_email.call(event.pk, "published") == 1
    assert mail.outbox[0].subject == "Published: Budget"


def test_a_deleted_event_is_skipped(journalist, editor):
    article = draft_for(journalist, status=Article.Status.IN_REVIEW)
    event = workflow.publish(article=article, actor=editor)
    event.delete()
    assert tasks.send_workflow_email.call(event.pk, "published") == 0


@pytest.fixture
def silent_smtp_server():
    """A loopback server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_an_smtp_server_that_does_not_answer_is_given_up(
    settings, journalist, editor, silent_smtp_server, caplog
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": silent_smtp_server, "timeout": 0.5},
        }
    }
    article = draft_for(journalist, status=Article.Status.IN_REVIEW)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    event = workflow.publish(article=article, actor=editor)
    # The task times out, logs, and reports nothing sent; the article stays published.
    assert tasks.send_workflow_email.call(event.pk, "published") == 0
    assert "Could not send workflow email" in caplog.text
    article.refresh_from_db()
    assert article.is_live()
