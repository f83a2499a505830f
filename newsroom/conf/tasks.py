"""Background work through django.tasks, and the worker's housekeeping."""

from django.core.exceptions import ImproperlyConfigured

from .base import DEBUG, env

# Background work through django.tasks. Production (DEBUG off) queues it in the
# database for the worker (`make worker`), so no call to Akismet or an SMTP server
# runs inside a web request; development runs it in the request, after commit.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate" if DEBUG else "database")
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django.tasks.backends.dummy.DummyBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}; got {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
# /readyz fails when the oldest task waiting for the worker is older than this.
READY_MAX_TASK_AGE_SECONDS = env.int("READY_MAX_TASK_AGE_SECONDS", default=300)
# Finished task results are pruned by the worker's schedule after this many days.
TASK_RESULT_RETENTION_DAYS = env.int("TASK_RESULT_RETENTION_DAYS", default=14)
# A task still RUNNING after this long has lost its worker (killed with SIGKILL, say);
# recheck_comments puts the comments app's tasks back in the queue.
TASKS_STALE_SECONDS = env.int("TASKS_STALE_SECONDS", default=600)
# The worker's CPU priority (added to its niceness at start, 0-19; 0 leaves it as
# started). Readers' requests come first: during a burst on a small server the worker
# yields the CPU to the web processes and does the queued spam checks and emails when
# the burst eases. Nothing waits on it that a reader sees except their own comment's
# check (their pending comment is shown to them meanwhile).
WORKER_NICE = env.int("WORKER_NICE", default=10)
if not 0 <= WORKER_NICE <= 19:
    raise ImproperlyConfigured(f"WORKER_NICE must be between 0 and 19; got {WORKER_NICE}.")
# Before each task the worker waits while every CPU is busy with other work, up to this
# many seconds (Linux; 0: never waits). newsroom/worker_priority.py says why.
WORKER_YIELD_SECONDS = env.float("WORKER_YIELD_SECONDS", default=1.0)
if not 0 <= WORKER_YIELD_SECONDS <= 60:
    raise ImproperlyConfigured(
        f"WORKER_YIELD_SECONDS must be between 0 and 60; got {WORKER_YIELD_SECONDS}."
    )
