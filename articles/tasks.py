"""Workflow emails as background work, through django.tasks.

A transition queues its email after its transaction commits; the task loads the
recorded `ArticleEvent` and sends. With the database backend in production the
editor's request only writes a task row, so a mail server that does not answer
holds a worker (for at most EMAIL_TIMEOUT seconds), never the Publish button.
An event deleted before the task runs is skipped.
"""

from __future__ import annotations

import logging

from django.tasks import task

from . import notifications
from .models import ArticleEvent

log = logging.getLogger(__name__)

SENDERS = {
    "submitted": notifications.article_submitted,
    "changes_requested": notifications.changes_requested,
    "published": notifications.article_published,
}


@task()
def send_workflow_email(event_id: int, kind: str) -> int:
    """Send the `kind` email about event `event_id`; returns how many messages went."""
    event = ArticleEvent.objects.select_related("article", "actor").filter(pk=event_id).first()
    if event is None:
        return 0
    return SENDERS[kind](event)


def enqueue_email(event: ArticleEvent, kind: str) -> None:
    """Queue the email; call it from `transaction.on_commit`.

    A task that cannot be queued is logged, not raised: the decision is committed
    and stands without its email.
    """
    if kind not in SENDERS:
        raise ValueError(f"Unknown workflow email {kind!r}")
    try:
        send_workflow_email.enqueue(event.pk, kind)
    except Exception:
        log.exception("Could not queue the %s email for article event %s", kind, event.pk)
