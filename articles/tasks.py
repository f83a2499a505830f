"""Background work for articles, through django.tasks.

Workflow emails are sent by a task, enqueued after the transition commits, so
that in production (the database tasks backend) no SMTP conversation runs
inside an editor's request. The task re-reads the event; a missing event
(deleted since) sends nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.tasks import task

from . import notifications
from .models import ArticleEvent

_SENDERS = {
    "submitted": notifications.article_submitted,
    "changes_requested": notifications.changes_requested,
    "published": notifications.article_published,
}


@task()
def send_workflow_email(event_id: int, kind: str) -> int:
    """Send the `kind` email about workflow event `event_id`. Returns messages sent."""
    event = ArticleEvent.objects.select_related("article", "actor").filter(pk=event_id).first()
    if event is None:
        return 0
    return _SENDERS[kind](event)


def enqueue_workflow_email(event: ArticleEvent, kind: str) -> None:
    """Email about `event` once the transition commits.

    Robust: the decision is committed; a backend that cannot take the task is
    logged, not raised into the editor's request (as a failed send always was).
    """
    if kind not in _SENDERS:
        raise ValueError(f"Unknown workflow email {kind!r}")
    transaction.on_commit(
        lambda: send_workflow_email.enqueue(event.pk, kind),
        robust=True,
    )
