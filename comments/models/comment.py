"""A reader's comment, stored exactly as typed (and escaped on output).

The request data Akismet saw (IP, user agent, referrer) is kept with it so
that a later report to Akismet sends what was checked; `akismet_params`
freezes the full comment-check payload the first time it is built.
Its status is written only by comments/moderation.py.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.functions import MD5, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from core import page_cache

# One match per address: "https://www.example.com" is one link, not two.
_LINK_RE = re.compile(r"(?:https?://|www\.)\S*", re.IGNORECASE)


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
        """True if `ip` has commented within COMMENTS_FLOOD_SECONDS (0 turns the check off).

        Asked twice on every post; written as SQL (see `_exists`)."""
        seconds = settings.COMMENTS_FLOOD_SECONDS
        if not ip or seconds <= 0:
            return False
        since = (now or timezone.now()) - timedelta(seconds=seconds)
        ops = connections[self.db].ops
        return self._exists(
            "{ip_address} = %s AND {created_at} >= %s",
            [ops.adapt_ipaddressfield_value(ip), ops.adapt_datetimefield_value(since)],
        )

    def is_duplicate(self, *, article, email: str, body: str) -> bool:
        """True if this email has already posted exactly this text on this article.

        Found through the (article, md5(body)) index: the text's hash narrows it to
        that text, whatever the size of the discussion (it read every comment of the
        article: 6 ms on an 11,000-comment thread, on every post). The email is
        compared as `author_email__iexact` does (UPPER on both sides)."""
        digest = hashlib.md5(body.encode(), usedforsecurity=False).hexdigest()
        return self._exists(
            "{article_id} = %s AND MD5({body}) = %s AND {body} = %s "
            "AND UPPER({author_email}) = UPPER(%s)",
            [getattr(article, "pk", article), digest, body, email],
        )

    def _exists(self, where: str, params: list) -> bool:
        """Is there a comment matching `where` (columns named as {column})?

        For the checks every comment POST runs: SQL instead of the ORM's
        `.filter(...).exists()`, whose building and compiling cost about 0.35 ms of
        CPU per check, more than the query itself (`docs/performance.md`). Only on the
        manager: it reads the whole table, not a filtered queryset.
        """
        if self.query.has_filters():
            raise TypeError("Ask Comment.objects, not a filtered queryset.")
        connection = connections[self.db]
        quote = connection.ops.quote_name
        columns = {f.column: quote(f.column) for f in Comment._meta.concrete_fields}
        sql = (
            f"SELECT 1 FROM {quote(Comment._meta.db_table)} "  # noqa: S608 - names only
            f"WHERE {where.format(**columns)} LIMIT 1"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() is not None

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

    # No index of its own: comment_article_idx (article, status, created_at) starts with
    # it. The single-column index cost every insert an update and led the planner to
    # read a thread's every comment, pending ones included, to count its approved ones.
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="comments", db_index=False
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
            # author_email__iexact (the returning-commenter rule, privacy exports) compares
            # UPPER(author_email): without this, a sequential scan of every comment.
            models.Index(Upper("author_email"), F("status"), name="comment_email_ci_idx"),
            # The duplicate check on every post (`is_duplicate`): a text's hash, not the
            # text (a btree entry must stay under a third of a page).
            models.Index(F("article"), MD5("body"), name="comment_article_body_idx"),
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
