"""python manage.py comments_maintenance: the comments' housekeeping, for cron (hourly)."""

from django.core.management.base import BaseCommand

from comments.maintenance import run_all


class Command(BaseCommand):
    help = (
        "Purge old spam, blank old IP addresses and user agents, re-check comments due for a "
        "spam check, retry failed reports and notify moderators. Idempotent."
    )

    def handle(self, *args, **options):
        for job, count in run_all().items():
            self.stdout.write(f"{job}: {count}")
