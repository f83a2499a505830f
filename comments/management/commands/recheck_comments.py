"""python manage.py recheck_comments: ask Akismet again about comments due for a check."""

from django.core.management.base import BaseCommand

from comments.tasks import recheck_due


class Command(BaseCommand):
    help = (
        "Re-check pending comments whose spam check failed or never ran (back-off respected, "
        "none older than 15 days), in batches."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=100)

    def handle(self, *args, batch_size, **options):
        done = recheck_due(batch_size=max(1, batch_size))
        self.stdout.write(f"Re-checked {done} comment(s).")
