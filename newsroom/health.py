"""Readiness checks for /readyz: each returns "ok" or a short description of the problem.

- database: a round trip to the primary and to every replica;
- cache: a value written to the cache can be read back (a Redis outage is
  otherwise invisible: the site serves on without the cache);
- tasks: with the database tasks backend, the oldest task waiting for a worker
  has waited less than READY_MAX_TASK_AGE_SECONDS (a stopped or stuck worker).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.tasks import task_backends
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max


def database(alias: str = "default") -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return f"unavailable ({exc.__class__.__name__})"
    return "ok"


def cache_roundtrip() -> str:
    key = "newsroom:readyz"
    value = uuid.uuid4().hex
    cache.set(key, value, 30)
    return "ok" if cache.get(key) == value else "unavailable (a value written was not read back)"


def oldest_waiting_task_age() -> float | None:
    """Seconds the oldest runnable task has waited for a worker, or None when none waits."""
    ready = DBTaskResult.objects.ready()
    undeferred = (
        ready.filter(run_after=get_date_max())
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    # A deferred task waits from the moment it became due.
    deferred = (
        ready.exclude(run_after=get_date_max())
        .order_by("run_after")
        .values_list("run_after", flat=True)
        .first()
    )
    waiting_since = min((t for t in (undeferred, deferred) if t is not None), default=None)
    if waiting_since is None:
        return None
    return max(0.0, (timezone.now() - waiting_since).total_seconds())


def tasks() -> str:
    if not isinstance(task_backends["default"], DatabaseBackend):
        return "ok"  # tasks run in the request: nothing waits for a worker
    try:
        age = oldest_waiting_task_age()
    except DatabaseError as exc:
        return f"unavailable ({exc.__class__.__name__})"
    limit = settings.READY_MAX_TASK_AGE_SECONDS
    if age is not None and age > limit:
        return (
            f"oldest waiting task has waited {age:.0f} s (limit {limit} s): is the worker running?"
        )
    return "ok"


def run_all() -> dict[str, str]:
    checks = {"database": database("default")}
    for alias in settings.DATABASE_REPLICAS:
        checks[f"database:{alias}"] = database(alias)
    checks["cache"] = cache_roundtrip()
    checks["tasks"] = tasks() if checks["database"] == "ok" else "unknown (no database)"
    return checks
