"""Project-level periodic work that belongs to no app."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


@task()
def prune_task_results() -> int:
    """Delete finished task results older than TASK_RESULT_RETENTION_DAYS (at least one day).

    The same as `manage.py prune_db_task_results --min-age-days N --queue-name '*'`.
    Returns how many rows went.
    """
    cutoff = timezone.now() - timedelta(days=max(1, settings.TASK_RESULT_RETENTION_DAYS))
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).delete()
    return deleted
