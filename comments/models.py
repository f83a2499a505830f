"""Comments, their history, and the editors' discussion settings.

A comment is stored exactly as the reader typed it (and escaped on output).
The request data Akismet saw (IP, user agent, referrer) is kept with it so
that a later report to Akismet sends what was checked; `akismet_params`
freezes the full comment-check payload the first time it is built.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from core import page_cache

# One match per address: "https://www.example.com" is one link, not two.
_LINK_RE = re.compile(r"(?:https?://|www\.)\S*", re.IGNORECASE)


def default_hold_all():
    return settings.COMMENTS_HOLD_ALL


def default_max_links():
    return settings.COMMENTS_MAX_LINKS


def default_close_after_days():
    return settings.COMMENTS_CLOSE_AFTER_DAYS


def default_max_depth():
    return settings.COMMENTS_MAX_DEPTH


def default_per_page():
    return settings.COMMENTS_PER_PAGE


class DiscussionSettings(models.Model):
    """The editors' comment policy: one row (pk=1), defaulting from COMMENTS_* settings.

    `load()` never writes: without a saved row it returns an unsaved instance
    carrying the environment's defaults, so reading the policy costs one query.
    """

    SINGLETON_PK = 1

    hold_all = models.BooleanField(
        "Hold every comment for a moderator",
        default=default_hold_all,
        help_text="When ticked, even comments Akismet passes wait in the queue.",
    )
    max_links = models.PositiveSmallIntegerField(
        "Hold comments with this many links or more",
        default=default_max_links,
        help_text="A comment with fewer links than this may be published without a moderator.",
    )
    moderation_keys = models.TextField(
        "Moderation keywords",
        blank=True,
        help_text=(
            "One word or IP address per line. A comment containing any of them in its text, "
            "name, email, website, IP address or browser is held for a moderator."
        ),
    )
    blocked_keys = models.TextField(
        "Blocked keywords",
        blank=True,
        help_text="One word or IP address per line, matched as above; such comments go to Trash.",
    )
    close_after_days = models.PositiveSmallIntegerField(
        "Close comments after (days)",
        default=default_close_after_days,
        help_text="Counted from publication. 0 keeps comments open for ever.",
    )
    max_depth = models.PositiveSmallIntegerField(
        "Reply depth",
        default=default_max_depth,
        help_text="How deeply replies nest; 1 allows no replies.",
    )
    per_page = models.PositiveSmallIntegerField(
        "Threads per page",
        default=default_per_page,
        help_text="Top-level comments per page of an article's discussion.",
    )
    # Runtime state, not policy: when moderators were last emailed (rate limit).
    last_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "Discussion settings"
        verbose_name_plural = "Discussion settings"

    def __str__(self):
        return "Discussion settings"

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> DiscussionSettings:
        """The saved policy, or the environment's defaults (unsaved) when none is saved."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK)

    @classmethod
    def load_saved(cls) -> DiscussionSettings:
        """The policy row, created from the defaults if missing (for writers of runtime state)."""
        obj, _ = cls.objects.get_or_create(pk=cls.SINGLETON_PK)
        return obj

    @staticmethod
    def _keys(text: str) -> list[str]:
        return [line.strip().lower() for line in text.splitlines() if line.strip()]

    def _matches(self, keys: list[str], comment: Comment) -> str:
        haystack = "\n".join(
            [
                comment.body,
                comment.author_name,
                comment.author_email,
                comment.author_url,
                comment.ip_address or "",
                comment.user_agent,
            ]
        ).lower()
        return next((key for key in keys if key in haystack), "")

    def moderation_key_in(self, comment: Comment) -> str:
        """The first moderation keyword found in the comment, or ''."""
        return self._matches(self._keys(self.moderation_keys), comment)

    def blocked_key_in(self, comment: Comment) -> str:
        """The first blocked keyword found in the comment, or ''."""
        return self._matches(self._keys(self.blocked_keys), comment)

    def comments_close_at(self, article):
        """When comments on `article` close automatically, or None if they never do.

        The days count from when the article went live on this site, not from its
        date: an archive piece published today with its 2011 date is open for the
        full period. An article set to "Open" never closes by itself.
        """
        if (
            not self.close_after_days
            or article.comment_policy != article.CommentPolicy.SITE_DEFAULT
        ):
            return None
        start = article.went_live_at or article.published_at
        if start is None:
            return None
        return start + timedelta(days=self.close_after_days)

    def comments_open(self, article, now=None) -> bool:
        """Open while the article is live and its setting allows: "Closed" never,
        "Open" always, the site policy until the close-after days have passed."""
        now = now or timezone.now()
        if article.comment_policy == article.CommentPolicy.CLOSED or not article.is_live(now):
            return False
        closes = self.comments_close_at(article)
        return closes is None or now < closes


class CommentQuerySet(models.QuerySet):
    def delete(self):
        """Delete these comments but keep their other replies, as WordPress does.

        A reply that is not itself being deleted moves up to the nearest
        surviving ancestor (or becomes a top-level comment) instead of going
        with its parent by CASCADE: purging spam or emptying Trash must never
        take a reader's approved reply, or a moderator's, with it. Its stored
        depth is kept, which can only make the reply limit stricter.
        """
        doomed = dict(self.order_by().values_list("pk", "parent_id"))
        if not doomed:
            return super().delete()
        survivors = (
            Comment.objects.filter(parent_id__in=self.order_by().values("pk"))
            .exclude(pk__in=self.order_by().values("pk"))
            .values_list("pk", "parent_id")
        )
        moves: dict[int | None, list[int]] = {}
        for pk, parent_id in survivors:
            while parent_id in doomed:
                parent_id = doomed[parent_id]
            moves.setdefault(parent_id, []).append(pk)
        for parent_id, pks in moves.items():
            Comment.objects.filter(pk__in=pks).update(parent_id=parent_id)
        # Replies moved up their threads, and approved comments may be gone.
        page_cache.changed_on_commit(using=self.db)
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def spam(self):
        return self.filter(status=Comment.Status.SPAM)

    def is_flooding_from(self, ip: str | None, now=None) -> bool:
        """True if `ip` has commented within COMMENTS_FLOOD_SECONDS (0 turns the check off)."""
        seconds = settings.COMMENTS_FLOOD_SECONDS
        if not ip or seconds <= 0:
            return False
        since = (now or timezone.now()) - timedelta(seconds=seconds)
        return self.filter(ip_address=ip, created_at__gte=since).exists()

    def is_duplicate(self, *, article, email: str, body: str) -> bool:
        """True if this email has already posted exactly this text on this article."""
        return self.filter(article=article, author_email__iexact=email, body=body).exists()

    def due_for_check(self, now=None):
        """Pending comments whose spam check failed or never ran, due now and under 15 days old.

        A comment never checked at all is due once it is older than CHECK_GRACE:
        its own task should have run by then, and when it has not (the web worker
        died before enqueuing it, the queue lost it) nobody else will.
        """
        now = now or timezone.now()
        return (
            self.filter(
                status=Comment.Status.PENDING,
                spam_verdict__in=[Comment.Verdict.UNCHECKED, Comment.Verdict.ERROR],
                created_at__gte=now - timedelta(days=Comment.RECHECK_MAX_AGE_DAYS),
                check_attempts__lt=Comment.MAX_CHECK_ATTEMPTS,
            )
            .filter(Q(next_check_at__isnull=True) | Q(next_check_at__lte=now))
            .filter(Q(check_attempts__gt=0) | Q(created_at__lte=now - Comment.CHECK_GRACE))
        )


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        TRASH = "trash", "Trash"

    class Verdict(models.TextChoices):
        UNCHECKED = "unchecked", "Not checked yet"
        HAM = "ham", "Ham"
        SPAM = "spam", "Spam"
        DISCARD = "discard", "Blatant spam (discard)"
        HONEYPOT = "honeypot", "Honeypot filled"
        ERROR = "error", "Check failed"
        SKIPPED = "skipped", "Not checked (staff)"
        IMPORTED = "imported", "Not checked (imported)"

    class CommentType(models.TextChoices):
        COMMENT = "comment", "Comment"
        REPLY = "reply", "Reply"

    class HoldKind(models.TextChoices):
        """Why a pending comment waits for a moderator (shown and filtered in the queue)."""

        FIRST_COMMENT = "first_comment", "First comment from this address"
        LINKS = "links", "Too many links"
        KEYWORD = "keyword", "Moderation keyword"
        AKISMET_UNAVAILABLE = "akismet_unavailable", "Akismet unsure or unavailable"
        HOLD_ALL = "hold_all", "Hold all comments"
        STAFF = "staff", "Staff decision"

    # Re-checks stop after this many days (the comment stays pending for a human),
    # and after this many attempts (1, 5, 15, 60 minutes, then daily).
    RECHECK_MAX_AGE_DAYS = 15
    MAX_CHECK_ATTEMPTS = 18
    # A new comment's own check normally runs within seconds; re-checks leave it alone
    # for this long so that they do not ask Akismet about it twice.
    CHECK_GRACE = timedelta(minutes=5)

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    author_name = models.CharField("name", max_length=100)
    author_email = models.EmailField("email", max_length=254)
    author_url = models.URLField("website", max_length=200, blank=True)
    body = models.TextField("comment")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    is_staff_reply = models.BooleanField(default=False)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.TextField(blank=True)
    referrer = models.TextField(blank=True)
    # Changed only by comments/moderation.py (tests/test_architecture.py checks it).
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, editable=False
    )
    spam_verdict = models.CharField(
        "Akismet verdict", max_length=10, choices=Verdict.choices, default=Verdict.UNCHECKED
    )
    akismet_params = models.JSONField(
        default=dict, blank=True, editable=False, help_text="The comment-check payload, frozen."
    )
    check_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    # Why it waits for a moderator: set by comments/moderation.py when it holds a comment.
    hold_kind = models.CharField(
        "held because", max_length=20, choices=HoldKind.choices, blank=True, editable=False
    )
    hold_note = models.CharField(max_length=200, blank=True, editable=False)
    next_check_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set in the moderator's transaction, cleared by the task that sends it: exactly once.
    pending_report = models.CharField(max_length=10, blank=True, editable=False)
    # What we last told (or are about to tell) Akismet about this comment: spam/ham.
    reported_as = models.CharField(max_length=10, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderated_comments",
        editable=False,
    )
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    moderators_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    unchecked_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("moderate_comment", "Can moderate comments")]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="comment_status_idx"),
            models.Index(fields=["article", "status", "created_at"], name="comment_article_idx"),
            models.Index(fields=["author_email", "status"], name="comment_email_idx"),
            models.Index(fields=["ip_address", "-created_at"], name="comment_ip_idx"),
            models.Index(fields=["spam_verdict", "status"], name="comment_verdict_idx"),
            models.Index(fields=["status", "hold_kind"], name="comment_hold_idx"),
        ]

    def __str__(self):
        return f"{self.author_name}: {self.excerpt}"

    def get_absolute_url(self) -> str:
        """A stable link to the comment that finds its page of the discussion."""
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    def delete(self, *args, **kwargs):
        """Delete this comment, keeping its replies (see `CommentQuerySet.delete`)."""
        if self.pk is None:
            return super().delete(*args, **kwargs)
        return Comment.objects.filter(pk=self.pk).delete()

    @property
    def excerpt(self) -> str:
        return Truncator(" ".join(self.body.split())).chars(80)

    @property
    def comment_type(self) -> str:
        return self.CommentType.REPLY if self.parent_id else self.CommentType.COMMENT

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

    def link_count(self) -> int:
        """How many web addresses the text contains (they are linkified on the page)."""
        return len(_LINK_RE.findall(self.body))


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
