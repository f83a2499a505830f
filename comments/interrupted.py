"""Work interrupted by a killed process is picked up again, without anyone noticing.

Two ways a comment's spam check can be lost, and what picks each up:

* A task worker killed with SIGKILL (out of memory, a deploy that does not
  wait) leaves its django-tasks-db row RUNNING for ever: no worker takes a
  RUNNING task again. :func:`requeue_stale_tasks` puts this app's tasks that
  have been running for longer than TASKS_STALE_SECONDS back to READY, so
  the next worker runs them again (every task in comments/tasks.py is safe to
  run twice). A task that has already been claimed MAX_TASK_ATTEMPTS times is
  marked FAILED instead, so a task that kills its worker is not retried for
  ever; its comment is still found by the next point.
* A web worker killed between committing a comment and enqueuing its check
  leaves a pending, unchecked comment with no task at all.
  ``Comment.objects.due_for_check()`` includes such a comment once it is
  older than ``Comment.CHECK_GRACE`` (the time its own task normally takes),
  so ``recheck_comments`` checks it.

``recheck_comments`` (cron, every 15 minutes) and ``comments_maintenance`` run both.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# Only this app's tasks: they are idempotent by contract. Another app's long task
# (an import, say) is not ours to restart.
TASK_PATH_PREFIX = "comments.tasks."
MAX_TASK_ATTEMPTS = 3


class WorkerLost(Exception):
    """Recorded as the error of a task whose worker died MAX_TASK_ATTEMPTS times."""


@dataclass(frozen=True)
class Requeued:
    requeued: int
    failed: int


def requeue_stale_tasks(*, now=None) -> Requeued:
    """Re-queue this app's tasks RUNNING for longer than TASKS_STALE_SECONDS.

    Rows are locked with SKIP LOCKED, so two runs at once never handle one row twice.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.TASKS_STALE_SECONDS)
    requeued = failed = 0
    with transaction.atomic():
        stale = list(
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(
                status=TaskResultStatus.RUNNING,
                task_path__startswith=TASK_PATH_PREFIX,
                started_at__lt=cutoff,
            )
            .order_by("started_at")
        )
        for result in stale:
            # Compare-and-set on RUNNING: a worker that was only slow, and has just
            # finished, keeps its result.
            still_running = DBTaskResult.objects.filter(
                pk=result.pk, status=TaskResultStatus.RUNNING
            )
            if len(result.worker_ids) >= MAX_TASK_ATTEMPTS:
                reason = (
                    f"{WorkerLost.__qualname__}: still running after "
                    f"{settings.TASKS_STALE_SECONDS}s on each of {len(result.worker_ids)} "
                    f"workers ({', '.join(result.worker_ids)}); not retried again."
                )
                failed += still_running.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    exception_class_path=f"{__name__}.{WorkerLost.__qualname__}",
                    traceback=reason,
                )
                logger.error("Task %s (%s) gave up: %s", result.pk, result.task_path, reason)
            else:
                requeued += still_running.update(status=TaskResultStatus.READY, started_at=None)
                logger.warning(
                    "Task %s (%s) was still running after %ss (its worker %s is presumed "
                    "dead): re-queued.",
                    result.pk,
                    result.task_path,
                    settings.TASKS_STALE_SECONDS,
                    result.worker_ids[-1] if result.worker_ids else "?",
                )
    return Requeued(requeued=requeued, failed=failed)
