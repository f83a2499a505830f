"""Background work for comments, through django.tasks.

Everything is enqueued with `transaction.on_commit`, so a worker never sees a
comment that is not yet committed; with the database backend a comment's spam check
is instead written in the comment's own transaction (one commit). Tasks take ids,
re-read the database and are safe to run twice: a check skips comments that no
longer need one and a report is claimed (pending_report cleared) before it is sent,
so it goes once.

Back-off: a failed check sets `next_check_at`. Where the backend can defer
(django-tasks-db) the re-check is enqueued with `run_after`; with the immediate backend
`manage.py recheck_comments` (cron) picks it up.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from django_tasks_db import DatabaseBackend

from . import spam
from .models import Comment, CommentEvent
from .notifications import notify_waiting

logger = logging.getLogger(__name__)


def _can_defer(task_obj) -> bool:
    return task_obj.get_backend().supports_defer


def _enqueue_at(task_obj, when: datetime | None, *args, **kwargs):
    if when is not None and _can_defer(task_obj):
        task_obj = task_obj.using(run_after=when)
    return task_obj.enqueue(*args, **kwargs)


# Spam checks ------------------------------------------------------------------------


@task()
def check_comment(comment_id: int, recheck_reason: str = "", force: bool = False) -> str:
    """Ask Akismet about one pending comment and route it. Returns the verdict recorded."""
    # moderation and maintenance enqueue and run these tasks (they import this module),
    # so the two tasks that run their code import it when they run.
    from .moderation import apply_verdict

    comment = (
        Comment.objects.select_related("article__section", "user")
        .prefetch_related("article__tags")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None or comment.status != Comment.Status.PENDING:
        return "skipped"
    if not force and comment.spam_verdict not in (
        Comment.Verdict.UNCHECKED,
        Comment.Verdict.ERROR,
    ):
        return "skipped"
    result = spam.check(comment, recheck_reason=recheck_reason)
    retry_at = apply_verdict(comment_id, result)
    if retry_at is not None and _can_defer(check_comment):
        transaction.on_commit(
            lambda: _enqueue_at(
                check_comment, retry_at, comment_id, recheck_reason="recheck_queue"
            ),
            robust=True,  # next_check_at is stored: recheck_comments is the safety net
        )
    return result.verdict


def _enqueue_with_the_transaction(enqueue, what: str) -> None:
    """Enqueue a task for work the current transaction is committing.

    With the database backend the task row joins the transaction itself (a
    savepoint inside it): one commit instead of two, and a comment is never
    committed without its check. Other backends are called once the transaction
    commits, so a worker never sees an uncommitted comment. Robust either way: a
    backend that cannot take the task is logged, not raised into the reader's
    request; `recheck_comments` finds the comment still unchecked.
    """
    if isinstance(check_comment.get_backend(), DatabaseBackend):
        try:
            with transaction.atomic():
                enqueue()
        except Exception:
            logger.exception("Could not enqueue %s; recheck_comments will find it", what)
        return
    transaction.on_commit(enqueue, robust=True)


def checks_run_at_commit() -> bool:
    """True when a check enqueued by a request has run by the time the request's
    transaction has committed (the immediate backend); False when a worker runs it."""
    return isinstance(check_comment.get_backend(), ImmediateBackend)


def enqueue_check(comment_id: int, *, recheck_reason: str = "", force: bool = False) -> None:
    """Check the comment, as part of the current transaction or once it commits."""
    _enqueue_with_the_transaction(
        lambda: check_comment.enqueue(comment_id, recheck_reason=recheck_reason, force=force),
        f"the spam check of comment {comment_id}",
    )


def recheck_due(*, batch_size: int = 100, now=None) -> int:
    """Re-check (synchronously) every comment due for one, in batches. Returns how many."""
    now = now or timezone.now()
    done = 0
    seen: set[int] = set()
    while True:
        ids = list(
            Comment.objects.due_for_check(now)
            .exclude(pk__in=seen)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return done
        for pk in ids:
            seen.add(pk)
            reason = (
                "recheck_queue"
                if Comment.objects.filter(pk=pk, check_attempts__gt=0).exists()
                else ""
            )
            check_comment.call(pk, recheck_reason=reason)
            done += 1


# Reports to Akismet ----------------------------------------------------------------


@task()
def report_comment(comment_id: int, kind: str) -> str:
    """Send one queued moderator decision ('spam' or 'ham') to Akismet, exactly once."""
    claimed = Comment.objects.filter(pk=comment_id, pending_report=kind).update(pending_report="")
    if not claimed:
        return "skipped"
    comment = (
        Comment.objects.select_related("article__section", "user").filter(pk=comment_id).first()
    )
    if comment is None:  # deleted (e.g. spam purged) between the claim and now
        return "skipped"
    try:
        spam.report(comment, as_spam=kind == "spam")
    except spam.SpamServiceError as exc:
        # Put the claim back for a retry, unless a moderator has changed their mind since.
        Comment.objects.filter(pk=comment_id, pending_report="", reported_as=kind).update(
            pending_report=kind
        )
        CommentEvent.objects.create(
            comment=comment, kind=CommentEvent.Kind.REPORT_FAILED, note=str(exc)
        )
        if _can_defer(report_comment):
            _enqueue_at(report_comment, timezone.now() + timedelta(minutes=15), comment_id, kind)
        return "failed"
    CommentEvent.objects.create(
        comment=comment,
        kind=(
            CommentEvent.Kind.REPORTED_SPAM if kind == "spam" else CommentEvent.Kind.REPORTED_HAM
        ),
    )
    return "sent"


def enqueue_report(comment_id: int, kind: str) -> None:
    # Robust: pending_report is committed, so `comments_maintenance` retries a
    # report whose task could not be enqueued; the moderator's decision stands.
    transaction.on_commit(lambda: report_comment.enqueue(comment_id, kind), robust=True)


def retry_reports() -> int:
    """Send reports whose earlier attempt failed. Returns how many were tried."""
    pending = list(
        Comment.objects.exclude(pending_report="").values_list("pk", "pending_report")[:500]
    )
    for pk, kind in pending:
        report_comment.call(pk, kind)
    return len(pending)


# Notifications and maintenance -----------------------------------------------------


@task()
def notify_moderators() -> int:
    """Email moderators about waiting comments (rate-limited). Returns comments listed."""
    return notify_waiting()


@task()
def maintenance() -> dict:
    """The periodic housekeeping of `manage.py comments_maintenance`, as a task."""
    from .maintenance import run_all  # see check_comment: maintenance imports this module

    return run_all()
