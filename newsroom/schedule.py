"""Periodic jobs, enqueued by the worker itself: no cron needed.

django-tasks-db has no scheduler of its own, so `manage.py run_worker` runs
`SchedulerThread` beside the worker loop. Every `interval` seconds it calls
`enqueue_due()`, which enqueues each job of `JOBS` whose last enqueue is older
than its period. The task table is the schedule's memory: "last enqueued" is
the newest row of that task in `DBTaskResult`, so a restart neither repeats a
job nor skips one, and a job missed while no worker ran is enqueued at once.
The check-and-enqueue runs under a PostgreSQL advisory lock, so any number of
workers (each with its scheduler) enqueue a job once per period between them.

The cron lines in docs/deployment.md are the alternative for a site that runs
`db_worker` alone (`run_worker --no-scheduler`).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections, connection, connections, transaction
from django.db.models import Max
from django.tasks import Task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from comments.tasks import maintenance

from .tasks import prune_task_results

logger = logging.getLogger("newsroom.schedule")

# Any constant: the key of the transaction-level advisory lock the schedulers share.
_ADVISORY_LOCK_KEY = 0x6E657773  # "news"


@dataclass(frozen=True)
class Job:
    task: Task
    every: timedelta

    @property
    def name(self) -> str:
        return self.task.module_path


JOBS: tuple[Job, ...] = (
    # Re-checks comments Akismet could not check, purges old spam, blanks old IP
    # addresses and user agents, retries failed reports, notifies moderators.
    Job(maintenance, timedelta(minutes=15)),
    # Drops finished task results older than TASK_RESULT_RETENTION_DAYS.
    Job(prune_task_results, timedelta(days=1)),
)


def _last_enqueued(job: Job) -> datetime | None:
    backend = job.task.get_backend()
    return DBTaskResult.objects.filter(task_path=job.name, backend_name=backend.alias).aggregate(
        last=Max("enqueued_at")
    )["last"]


def enqueue_due(*, jobs: tuple[Job, ...] = JOBS, now: datetime | None = None) -> list[str]:
    """Enqueue every job whose period has passed since it was last enqueued. Returns their names."""
    now = now or timezone.now()
    enqueued = []
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
        for job in jobs:
            if not isinstance(job.task.get_backend(), DatabaseBackend):
                raise ImproperlyConfigured(
                    "The schedule keeps its state in the task table: it needs "
                    "TASKS_BACKEND=database."
                )
            last = _last_enqueued(job)
            if last is None or now - last >= job.every:
                job.task.enqueue()
                enqueued.append(job.name)
    for name in enqueued:
        logger.info("Scheduled %s", name, extra={"task": name})
    return enqueued


class SchedulerThread(threading.Thread):
    """Calls `enqueue_due()` every `interval` seconds until `stop()`; survives database outages."""

    def __init__(self, *, interval: float = 30.0, jobs: tuple[Job, ...] = JOBS):
        super().__init__(name="newsroom-scheduler", daemon=True)
        self.interval = interval
        self.jobs = jobs
        self._stopping = threading.Event()

    def stop(self, timeout: float | None = 10.0) -> None:
        self._stopping.set()
        if self.is_alive():
            self.join(timeout)

    def run(self) -> None:
        try:
            while not self._stopping.is_set():
                close_old_connections()
                try:
                    enqueue_due(jobs=self.jobs)
                except Exception:  # a bad tick must not end the schedule
                    logger.exception("Scheduler tick failed; trying again in %s s", self.interval)
                self._stopping.wait(self.interval)
        finally:
            connections.close_all()
