"""What happened to comments: each comment's events, and finished days' statistics."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .comment import Comment


class CommentEvent(models.Model):
    """One line of a comment's history, written where the change happens."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        AKISMET_HAM = "akismet_ham", "Akismet: ham"
        AKISMET_SPAM = "akismet_spam", "Akismet: spam"
        AKISMET_DISCARD = "akismet_discard", "Akismet: blatant spam (discard)"
        AKISMET_ERROR = "akismet_error", "Akismet unreachable; will retry"
        NOT_CHECKED = "not_checked", "Not checked for spam"
        HONEYPOT = "honeypot", "Honeypot filled: spam"
        KEYWORD_HELD = "keyword_held", "Held by a moderation keyword"
        KEYWORD_BLOCKED = "keyword_blocked", "Trashed by a blocked keyword"
        POLICY_HELD = "policy_held", "Held for a moderator"
        AUTO_APPROVED = "auto_approved", "Approved automatically"
        APPROVED = "approved", "Approved by moderator"
        SPAMMED = "spammed", "Marked as spam by moderator"
        NOT_SPAM = "not_spam", "Marked as not spam by moderator"
        TRASHED = "trashed", "Trashed by moderator"
        UNAPPROVED = "unapproved", "Sent back to the queue by moderator"
        RECHECK = "recheck", "Sent to Akismet again"
        REPORTED_SPAM = "reported_spam", "Reported as spam to Akismet"
        REPORTED_HAM = "reported_ham", "Reported as ham to Akismet"
        REPORT_FAILED = "report_failed", "Report to Akismet failed; will retry"
        STAFF_REPLY = "staff_reply", "Published as a staff reply"
        PERSONAL_DATA_BLANKED = "blanked", "IP address and browser blanked"
        IMPORTED = "imported", "Imported"
        DATA_EXPORTED = "data_exported", "Personal data exported for the commenter"
        DATA_ERASED = "data_erased", "Personal data erased at the commenter's request"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.TextField(blank=True)
    # On a moderator's decision: it contradicted Akismet, so a report was queued.
    contradicts_akismet = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # The spam statistics: a date range, grouped by week or month, counted by kind.
            models.Index(fields=["created_at", "kind", "comment"], name="commentevent_stats_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class CommentStatsDay(models.Model):
    """One finished day's spam statistics (comments/statistics.py), in the site's time zone.

    Written once the day is over, from that day's history, and kept when the
    comments it counts are purged (spam goes after COMMENTS_SPAM_RETENTION_DAYS,
    taking its history with it), so past weeks and months keep their figures.
    """

    day = models.DateField(primary_key=True)
    received = models.PositiveIntegerField(default=0)
    caught = models.PositiveIntegerField(default=0)
    missed = models.PositiveIntegerField(default=0)
    false_positives = models.PositiveIntegerField(default=0)
    held = models.PositiveIntegerField(default=0)
    approved = models.PositiveIntegerField(default=0)
    checked = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day"]
        verbose_name = "day of comment statistics"
        verbose_name_plural = "days of comment statistics"

    def __str__(self):
        return f"Comment statistics for {self.day:%Y-%m-%d}"
