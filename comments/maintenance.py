"""Housekeeping, idempotent and safe to run from cron or as a periodic task.

- Spam older than COMMENTS_SPAM_RETENTION_DAYS is deleted; blatant spam
  (Akismet's "discard") after one day.
- IP address and user agent are blanked after COMMENTS_IP_RETENTION_DAYS.
- Tasks whose worker died are re-queued; comments due for a spam re-check are
  re-checked; failed reports retried.
- Moderators hear about comments left unchecked for 24 hours.
- Finished days are rolled up into the spam statistics first, so purging
  spam (and its history) leaves past figures as they were.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .interrupted import requeue_stale_tasks
from .models import Comment, CommentEvent
from .notifications import notify_unchecked, notify_waiting
from .statistics import roll_up_finished_days
from .tasks import recheck_due, retry_reports

DISCARD_RETENTION = timedelta(days=1)


def purge_spam(now=None) -> int:
    """Delete old spam (discards first, after a day). Returns how many comments went."""
    now = now or timezone.now()
    old = Comment.objects.spam().filter(
        Q(created_at__lt=now - timedelta(days=settings.COMMENTS_SPAM_RETENTION_DAYS))
        | Q(spam_verdict=Comment.Verdict.DISCARD, created_at__lt=now - DISCARD_RETENTION)
    )
    # Replies that are not spam themselves are kept (CommentQuerySet.delete moves them up).
    _, per_model = old.delete()
    return per_model.get(Comment._meta.label, 0)


def blank_personal_data(now=None) -> int:
    """Blank IP address and user agent of comments older than the retention period."""
    now = now or timezone.now()
    old = Comment.objects.filter(
        created_at__lt=now - timedelta(days=settings.COMMENTS_IP_RETENTION_DAYS)
    ).filter(Q(ip_address__isnull=False) | ~Q(user_agent=""))
    ids = list(old.values_list("pk", flat=True)[:10000])
    if not ids:
        return 0
    # The frozen Akismet payload holds the same data; blank it there too.
    for comment in Comment.objects.filter(pk__in=ids).only("pk", "akismet_params"):
        if comment.akismet_params:
            params = {**comment.akismet_params, "user_ip": "", "user_agent": ""}
            Comment.objects.filter(pk=comment.pk).update(akismet_params=params)
    updated = Comment.objects.filter(pk__in=ids).update(ip_address=None, user_agent="")
    CommentEvent.objects.bulk_create(
        [CommentEvent(comment_id=pk, kind=CommentEvent.Kind.PERSONAL_DATA_BLANKED) for pk in ids],
        batch_size=1000,
    )
    return updated


def run_all(now=None) -> dict[str, int]:
    """Every housekeeping job; returns what each did."""
    now = now or timezone.now()
    return {
        # Before the purge: the history of spam about to go is still there to count.
        "statistics_days_rolled_up": roll_up_finished_days(now),
        "stale_tasks_requeued": requeue_stale_tasks(now=now).requeued,
        "spam_purged": purge_spam(now),
        "personal_data_blanked": blank_personal_data(now),
        "rechecked": recheck_due(now=now),
        "reports_retried": retry_reports(),
        "unchecked_notified": notify_unchecked(now),
        "waiting_notified": notify_waiting(now),
    }
