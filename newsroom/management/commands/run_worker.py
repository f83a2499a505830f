"""python manage.py run_worker: the task worker with the periodic-job scheduler beside it.

Runs django-tasks-db's `db_worker` (never with autoreload) in this process and
`newsroom.schedule.SchedulerThread` in a thread. SIGTERM or SIGINT is handled
by db_worker: a task being run is finished and recorded first, then the
process exits 0 (a second signal aborts the task, which is recorded as
failed). The scheduler only enqueues, so stopping it loses nothing.

It lowers its own CPU priority first (WORKER_NICE, 10 by default): on a small
server the web processes come first in a burst, and the queue waits. See
`lower_priority` for why its niceness alone is not enough on Linux.
"""

import logging
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from newsroom.schedule import SchedulerThread

logger = logging.getLogger(__name__)

AUTOGROUP = Path("/proc/self/autogroup")


def lower_priority(nice: int) -> None:
    """Add `nice` to this process's niceness, and lower its scheduling group's to `nice`.

    On Linux with autogroup scheduling (`kernel.sched_autogroup_enabled`, on by
    default), CPU time is shared fairly between sessions first, and niceness only
    orders the processes inside one session. A worker in a session of its own (a
    systemd service without a CPU cgroup of its own, a supervisor that starts each
    program with setsid) then got as much CPU as every web process together: measured
    in a burst of comment POSTs on 2 cores, half a core for the worker at niceness 10
    against one for gunicorn's two workers. The session's own niceness (written to
    /proc/self/autogroup) is what weighs against the web's.

    Only a session leader changes its session's niceness: every other process in
    the session is then its own child. A worker started in someone else's session
    (a terminal, `make worker`) leaves the session alone. Under systemd with CPU
    accounting, the unit's CPUWeight= is the knob (deploy/systemd/newsroom-worker.service).
    """
    if not nice:
        return
    os.nice(nice)
    if os.getsid(0) != os.getpid():
        return
    try:
        AUTOGROUP.write_text(str(nice))
    except OSError as exc:  # no autogroup in this kernel, or a read-only /proc
        logger.debug("Could not lower the session's CPU priority: %s", exc)


class Command(BaseCommand):
    help = "Run the background-task worker and the periodic-job scheduler (TASKS_BACKEND=database)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Run the worker only (periodic jobs then need cron; see docs/deployment.md).",
        )
        parser.add_argument(
            "--schedule-interval",
            type=float,
            default=30.0,
            help="Seconds between two looks at the schedule (default 30).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds the worker waits when the queue is empty (default 1).",
        )
        parser.add_argument(
            "--queue-name", default="default", help="Queues to process, comma-separated or '*'."
        )

    def handle(self, *args, no_scheduler, schedule_interval, interval, queue_name, **options):
        lower_priority(settings.WORKER_NICE)
        scheduler = None
        if not no_scheduler:
            scheduler = SchedulerThread(interval=max(1.0, schedule_interval))
            scheduler.start()
        try:
            call_command(
                "db_worker",
                reload=False,
                interval=interval,
                queue_name=queue_name,
                verbosity=options["verbosity"],
            )
        finally:
            if scheduler is not None:
                scheduler.stop()
