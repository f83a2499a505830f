"""python manage.py run_worker: the task worker with the periodic-job scheduler beside it.

Runs django-tasks-db's `db_worker` (never with autoreload) in this process and
`newsroom.schedule.SchedulerThread` in a thread. SIGTERM or SIGINT is handled
by db_worker: a task being run is finished and recorded first, then the
process exits 0 (a second signal aborts the task, which is recorded as
failed). The scheduler only enqueues, so stopping it loses nothing.

It lowers its own CPU priority first (WORKER_NICE, 10 by default): on a small
server the web processes come first in a burst, and the queue waits. Before each
task it waits while every CPU is busy with other work (WORKER_YIELD_SECONDS at most):
see newsroom/worker_priority.py for why niceness alone was not enough.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from newsroom.schedule import SchedulerThread
from newsroom.worker_priority import lower_priority, yield_before_each_task


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
        yield_before_each_task()
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
