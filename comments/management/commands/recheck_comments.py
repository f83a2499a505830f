"""python manage.py recheck_comments: ask Akismet again about comments due for a check.

First puts back in the queue any check whose task worker died (see comments/interrupted.py).
"""

from django.core.management.base import BaseCommand

from comments.interrupted import requeue_stale_tasks
from comments.tasks import recheck_due


class Command(BaseCommand):
    help = (
        "Re-queue comment tasks whose worker died (running longer than TASKS_STALE_SECONDS), "
        "then re-check pending comments whose spam check failed or never ran (back-off "
        "respected, none older than 15 days), in batches."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=100)

    def handle(self, *args, batch_size, **options):
        stale = requeue_stale_tasks()
        if stale.requeued or stale.failed:
            self.stdout.write(
                f"Re-queued {stale.requeued} stalled task(s); gave up on {stale.failed}."
            )
        done = recheck_due(batch_size=max(1, batch_size))
        self.stdout.write(f"Re-checked {done} comment(s).")
